"""rms 6.5-0 ``lrm.fit`` for a binary y: the Fortran ``lrmfit`` Newton loop, written once.

Every lrm fit in the package runs :func:`newton`: ``logistic.lrm_fit`` (the plain fit, all-ones
case weights, R-order sums, the final pass with the information matrix and ``ftable`` for
:func:`gcorr`) and the refits of ``calibration.calibrate`` / ``validate`` (a resample as distinct
rows with their counts as case weights, the score and information matrix as the fixed-order SIMD
sums of ``lanes.dot``: ``lanes=True``).

The design is held as ``XaT`` = [1, X]' ((p+1, m): a row of ones, then X transposed; see
:func:`gather`).  With ``lanes=False`` everything follows the Fortran's arithmetic order
(sequential sums over observations, intercept first in the linear predictor, each term multiplied
by its case weight, which is exact for weight 1), and the solve is LINPACK ``dqrdc2``/``dqrsl``
(:mod:`cmvt_core.kernels.linpack`), so the iterates are the numbers R computes.  ``lanes=True``
changes only the rounding of the score and information sums (last bits); log L and the linear
predictors are the same numbers in both modes.
"""
from __future__ import annotations

import math

import numba
import numpy as np

from .lanes import dot
from .linpack import dqrdc2, dqrsl_coef

# typed constants, not literals, for arguments of compiled callees: numba compiles a callee once per
# distinct literal argument (12 and an int64, True and False are different types to it)
TRUE = np.bool_(True)
FALSE = np.bool_(False)
MAXIT = np.int64(12)  # rms's default maxit

NBINS = 5001  # rms 6.5-0: ftable has 5001 rows; bin = int(5000 * p + 1)

# fit status codes
OK = 0
FAIL_CONV = 1      # no convergence within maxit (or divergence at the first pass): R's fail = TRUE
FAIL_SINGULAR = 2  # rank < number of parameters: "singular information matrix in lrm.fit"
FAIL_ONE_CLASS = 3  # a resample with one outcome class only (rms stops with an error)


@numba.njit(cache=True)
def prob(bb):
    """LLOGIT's probability: plogis of the linear predictor clamped to [-30, 30]."""
    if bb < -30.0:
        bb = -30.0
    if bb > 30.0:
        bb = 30.0
    return 1.0 / (1.0 + math.exp(-bb))


@numba.njit(cache=True)
def llogit(beta, XaT, y, wt, U, rbuf, vbuf, bx, want_u, lanes, calcc, ftable):
    """LLOGIT's kint = 1 branch: -2 log L and (``want_u``) the score U at beta.

    The linear predictor of each observation is formed intercept first (``bx``), log L summed
    over observations in order, each term times its case weight.  The weights v = p(1-p) are left
    in ``vbuf`` (and y - p in ``rbuf``) for :func:`info`, which forms the information matrix only
    in the passes that use it.  With ``lanes`` the buffers hold the terms times the case weight
    and U is ``lanes.dot``'s fixed-order SIMD sum.  ``calcc``: count the fitted probabilities
    into ``ftable`` (rms's 5001 bins, weighted) for :func:`gcorr`.

    Returns (loglik, dvrg, mm): on divergence (a probability of exactly 0 or 1) at observation mm
    the partial sums are returned, as the Fortran does (loglik not yet multiplied by -2)."""
    nv, m = XaT.shape
    b0 = beta[0]
    for t in range(m):
        bx[t] = 0.0 + b0 * 1.0
    for i in range(1, nv):
        bi = beta[i]
        row = XaT[i]
        for t in range(m):
            bx[t] = bx[t] + bi * row[t]
    if calcc:
        for k in range(ftable.shape[0]):
            ftable[k, 0] = 0.0
            ftable[k, 1] = 0.0
    loglik = 0.0
    mm = m
    dv = False
    for t in range(m):
        cpiy = prob(bx[t])
        w = wt[t]
        if calcc:
            ftable[int(5000.0 * cpiy + 1.0) - 1, 1 if y[t] != 0 else 0] += w
        if y[t] == 0:
            if cpiy >= 1.0:
                mm = t
                dv = True
                break
            loglik = loglik + math.log(1.0 - cpiy) * w
            dy = 0.0
        else:
            if cpiy <= 0.0:
                mm = t
                dv = True
                break
            loglik = loglik + math.log(cpiy) * w
            dy = 1.0
        r = dy - cpiy
        v = cpiy * (1.0 - cpiy)
        if lanes:
            r = r * w
            v = v * w
        rbuf[t] = r
        vbuf[t] = v
    if want_u:
        if lanes:
            for i in range(nv):
                U[i] = dot(XaT[i], rbuf, mm)
        else:
            for i in range(nv):
                s = 0.0
                for t in range(mm):
                    s = s + rbuf[t] * XaT[i, t] * wt[t]
                U[i] = s
    if dv:
        return loglik, True, mm
    return -2.0 * loglik, False, mm


@numba.njit(cache=True)
def info(XaT, wt, vbuf, mm, lanes, V, tmp):
    """The information matrix (full, symmetric) from LLOGIT's weights over observations 0..mm-1.

    R order: V[i, j] accumulates (v x_i) x_j w observation by observation.  ``lanes``: V[i, j] =
    ``lanes.dot`` of (v w x_i) and x_j (fixed-order SIMD; ``tmp`` is scratch of length mm)."""
    nv = XaT.shape[0]
    if lanes:
        for i in range(nv):
            xi = XaT[i]
            for t in range(mm):
                tmp[t] = vbuf[t] * xi[t]
            for j in range(i + 1):
                V[i, j] = dot(tmp, XaT[j], mm)
    else:
        for i in range(nv):
            for j in range(i + 1):
                V[i, j] = 0.0
        for t in range(mm):
            vt = vbuf[t]
            wtt = wt[t]
            for i in range(nv):
                vx = vt * XaT[i, t]
                for j in range(i + 1):
                    V[i, j] = V[i, j] + vx * XaT[j, t] * wtt
    for i in range(nv):
        for j in range(i):
            V[j, i] = V[i, j]


@numba.njit(cache=True)
def ainvb(V, u, tol, deltab):
    """rms ``ainvb``: solve V delta = u by LINPACK ``dqrdc2`` (tolerance ``tol``) and ``dqrsl``
    (job 100).  Returns (rank, qr, pivot): the rank is less than p when V is singular to ``tol``
    or dqrsl meets an exactly zero diagonal (its info); ``deltab`` is written only at full rank."""
    p = V.shape[0]
    qr, rank, qraux, piv = dqrdc2(V, tol)
    if rank < p:
        return rank, qr, piv
    d = dqrsl_coef(qr, rank, qraux, u)  # leaves qr as it was
    for i in range(p):
        if d[i] != d[i]:
            return i, qr, piv
    for i in range(p):
        deltab[i] = d[i]
    return rank, qr, piv


@numba.njit(cache=True)
def newton(XaT, y, wt, beta, maxit, eps, tol, lanes, final, full, ftable):
    """rms lrmfit's Newton-Raphson loop (binary y, case weights ``wt``, no offset/penalty).

    ``beta`` holds the start (rms: logit of the weighted mean of y, slopes 0; see :func:`start`)
    and receives the iterates.  Step halving when -2 log L increases or LLOGIT diverges, the
    solve ``ainvb`` by LINPACK ``dqrdc2`` (tolerance ``tol``) and ``dqrsl``, stop one Newton
    step after ``|change in -2 log L| <= eps`` (or a score below 1e-9 with no change), at most
    ``maxit - 1`` passes.

    ``final``: lrmfit's last LLOGIT pass at the converged beta, giving the final -2 log L (else
    NaN); ``full`` makes that pass also give U, the information matrix V and ``ftable`` (rms's
    5001-bin table of fitted probabilities for :func:`gcorr`).  The pass can change the status
    only through divergence, which the +-30 clamp rules out (1/(1+exp(-30)) < 1 in doubles), so
    calibrate's refits, which use only the status and beta, skip it.

    Returns (status, loglik, U, V, rank, pivot): status OK, FAIL_CONV (no convergence, or
    divergence at the first pass), FAIL_SINGULAR (rank < p+1: rank and pivot are dqrdc2's, for
    rms's message naming the offending columns).  V is what R keeps as ``info.matrix``: the final
    pass's matrix, or on non-convergence the scratch ``vsq`` holding the last QR factor (zeros
    when no step was taken)."""
    nv = beta.shape[0]
    m = XaT.shape[1]
    rbuf = np.empty(m)
    vbuf = np.empty(m)
    bx = np.empty(m)
    U = np.zeros(nv)
    V = np.zeros((nv, nv))
    lastqr = np.zeros((nv, nv))
    deltab = np.zeros(nv)
    pivot = np.arange(nv)
    oldl = 1e30
    curstp = 1.0
    loglik = 0.0
    done = maxit < 2
    if not done:
        for it in range(1, maxit):
            loglik, dvrg, mm = llogit(beta, XaT, y, wt, U, rbuf, vbuf, bx, TRUE, lanes, FALSE, ftable)
            dmax = 0.0
            for i in range(nv):
                dmax = max(dmax, abs(U[i]))
            if dmax < 1e-9 and abs(loglik - oldl) < 0.1 * eps:
                done = True
                break
            if loglik > oldl or dvrg:
                if it == 1:
                    return FAIL_CONV, loglik, U, np.ascontiguousarray(lastqr.T), nv, pivot
                curstp = curstp / 2.0
                for j in range(nv):
                    beta[j] = beta[j] - curstp * deltab[j]
                continue
            curstp = 1.0
            info(XaT, wt, vbuf, mm, lanes, V, rbuf)  # rbuf is free until the next pass
            rank, lastqr, piv = ainvb(V, U, tol, deltab)
            if rank < nv:
                return FAIL_SINGULAR, loglik, U, np.ascontiguousarray(lastqr.T), rank, piv
            for i in range(nv):
                beta[i] = beta[i] + deltab[i]
            if abs(oldl - loglik) <= eps:
                done = True
                break
            oldl = loglik
        if not done and maxit > 2:
            return FAIL_CONV, loglik, U, np.ascontiguousarray(lastqr.T), nv, pivot
    if not final:
        return OK, np.nan, U, V, nv, pivot
    loglik, dvrg, mm = llogit(beta, XaT, y, wt, U, rbuf, vbuf, bx, full, lanes, full, ftable)
    if full:
        info(XaT, wt, vbuf, mm, lanes, V, rbuf)
    return FAIL_CONV if dvrg else OK, loglik, U, V, nv, pivot


@numba.njit(cache=True)
def start(y, wt, beta):
    """lrm.fit's start for the counted fit: beta = (logit(n1/n), 0, ..., 0) from the weighted
    outcome counts (whole numbers).  Returns (status, L0): FAIL_ONE_CLASS when one class is empty,
    and the null -2 log L, -2 (n0 log(n0/n) + n1 log(n1/n))."""
    n1 = 0
    ntot = 0
    for t in range(y.shape[0]):
        c = int(wt[t])
        ntot += c
        if y[t] != 0:
            n1 += c
    n0 = ntot - n1
    if n1 == 0 or n0 == 0:
        return FAIL_ONE_CLASS, np.nan
    pp = float(n1) / float(ntot)
    beta[0] = math.log(pp / (1.0 - pp))
    for i in range(1, beta.shape[0]):
        beta[i] = 0.0
    return OK, -2.0 * (n0 * math.log(n0 / ntot) + n1 * math.log(n1 / ntot))


@numba.njit(cache=True)
def fit_counts(XaT, y, wt, maxit, eps, tol, beta, lanes, final):
    """:func:`start` then :func:`newton`, as the bootstrap refits call lrm.fit: (status, L0, L)
    with L the final -2 log L (NaN without the ``final`` pass)."""
    st, L0 = start(y, wt, beta)
    if st != OK:
        return st, L0, np.nan
    ftable = np.zeros((0, 2))
    status, loglik, _U, _V, _rank, _piv = newton(XaT, y, wt, beta, maxit, eps, tol, lanes, final, FALSE, ftable)
    return status, L0, loglik


@numba.njit(cache=True)
def gcorr(ftable, n0, n1):
    """rms gcorr for kint = 1: binned C, Dxy, Gamma, Tau-a."""
    con = 0.0
    dis = 0.0
    tie = 0.0
    nn = float(n0 + n1)
    nb = ftable.shape[0]
    # suffix sums of the y=1 column
    above = np.zeros(nb + 1)
    for j in range(nb - 1, -1, -1):
        above[j] = above[j + 1] + ftable[j, 1]
    for j1 in range(nb):
        k = float(ftable[j1, 0])
        if k > 0.0:
            ic = above[j1 + 1]
            con = con + k * ic
            dis = dis + k * (n1 - ic - ftable[j1, 1])
            tie = tie + k * ftable[j1, 1]
    fn = con + dis + tie
    c = (con + tie * 0.5) / fn
    somer = (con - dis) / fn
    gamma = 0.0
    if con + dis > 0:
        gamma = (con - dis) / (con + dis)
    taua = (con - dis) / (nn * (nn - 1.0) / 2.0)
    return c, somer, gamma, taua


@numba.njit(cache=True)
def matxv(X, coef):
    """Hmisc::matxv(x, coef, kint=1): coef[0] + (x %*% coef[-1]) with reference-BLAS dgemv order."""
    n, p = X.shape
    out = np.zeros(n)
    for j in range(p):
        t = coef[j + 1]
        for i in range(n):
            out[i] = out[i] + t * X[i, j]
    for i in range(n):
        out[i] = coef[0] + out[i]
    return out


@numba.njit(cache=True)
def gather(X, y, rows):
    """[1, X[rows]]' as a (p+1, m) array and y[rows]: the rows in the given order."""
    m = rows.shape[0]
    p = X.shape[1]
    XaT = np.empty((p + 1, m))
    yg = np.empty(m, dtype=np.int64)
    for t in range(m):
        o = rows[t]
        XaT[0, t] = 1.0
        for j in range(p):
            XaT[j + 1, t] = X[o, j]
        yg[t] = y[o]
    return XaT, yg


@numba.njit(cache=True)
def gather_counts(X, y, rows):
    """A resample as its distinct rows (ascending) with their multiplicities as case weights.

    A row drawn k times enters log L, U and V with weight k (rms's ``lrmfit`` takes case weights
    the same way), so the sums are R's up to their grouping (last-bit differences)."""
    n = X.shape[0]
    p = X.shape[1]
    cnt = np.zeros(n, dtype=np.int64)
    for t in range(rows.shape[0]):
        cnt[rows[t]] += 1
    m = 0
    for i in range(n):
        if cnt[i] > 0:
            m += 1
    XaT = np.empty((p + 1, m))
    yg = np.empty(m, dtype=np.int64)
    wt = np.empty(m)
    k = 0
    for i in range(n):
        if cnt[i] > 0:
            XaT[0, k] = 1.0
            for j in range(p):
                XaT[j + 1, k] = X[i, j]
            yg[k] = y[i]
            wt[k] = float(cnt[i])
            k += 1
    return XaT, yg, wt


def lrm_fit_counts(X, y, *, wt=None, maxit: int = 12, eps: float = 0.025, tol: float = 1e-7,
                   lanes: bool = False) -> tuple[int, np.ndarray, np.ndarray]:
    """``rms::lrm.fit(X, y, weights=wt, maxit, eps, tol)`` coefficients for binary y with whole-number
    case weights (default all ones), as the bootstrap computes them.

    Returns ``(status, coef, deviance)``: status OK / FAIL_CONV / FAIL_SINGULAR / FAIL_ONE_CLASS,
    coef intercept first, deviance = [L0, L].  For the full fit object use
    :func:`cmvt_core.logistic.lrm_fit`."""
    X = np.ascontiguousarray(np.asarray(X, dtype=np.float64))
    if X.ndim == 1:
        X = X[:, None]
    y = np.ascontiguousarray(np.asarray(y, dtype=np.int64))
    XaT, yg = gather(X, y, np.arange(X.shape[0], dtype=np.int64))
    w = np.ones(yg.shape[0]) if wt is None else np.ascontiguousarray(np.asarray(wt, dtype=np.float64))
    beta = np.empty(X.shape[1] + 1)
    status, L0, L = fit_counts(XaT, yg, w, np.int64(maxit), float(eps), float(tol), beta, np.bool_(lanes), TRUE)
    return int(status), beta, np.array([L0, L])

"""Numba kernels behind ``logistic.lrm_fit``: the binary case of rms 6.5-0's Fortran ``lrmfit``.
Its LINPACK QR (``dqrdc2``/``dqrsl``) also serves ``glm.glm_fit`` as R's ``Cdqrls``.

Everything here follows the Fortran's arithmetic order (sequential sums over observations,
intercept first in the linear predictor), and the QR solve is LINPACK's ``dqrdc2``/``dqrsl``
with reference-BLAS ``ddot``/``daxpy``/``dnrm2`` loops, so the Newton iterates are the same
numbers R computes.
"""
from __future__ import annotations

import math

import numba
import numpy as np

# typed constants, not literals, for arguments of compiled callees: numba compiles a callee once per
# distinct literal argument (0 and an int64, True and False are different types to it)
_ZERO = np.int64(0)
_TRUE = np.bool_(True)
_FALSE = np.bool_(False)

NBINS = 5001  # rms 6.5-0: ftable has 5001 rows; bin = int(5000 * p + 1)


@numba.njit(cache=True)
def _prob(bb):
    if bb < -30.0:
        bb = -30.0
    if bb > 30.0:
        bb = 30.0
    return 1.0 / (1.0 + math.exp(-bb))


@numba.njit(cache=True)
def llogit(beta, X, y, calcc, ftable):
    """-2 log L, score U and information V (full symmetric) at beta; kint = 1 special case.

    Returns (loglik, U, V, dvrg).  On divergence the Fortran returns at once with the partial
    sums (and a loglik not yet multiplied by -2); that is reproduced.
    """
    n, p = X.shape
    nv = p + 1
    U = np.zeros(nv)
    V = np.zeros((nv, nv))
    c = np.empty(nv)
    loglik = 0.0
    if calcc:
        for i in range(ftable.shape[0]):
            ftable[i, 0] = 0
            ftable[i, 1] = 0
    for obs in range(n):
        iy = y[obs]
        bx = 0.0
        c[0] = 1.0
        bx = bx + beta[0] * 1.0
        for i in range(1, nv):
            c[i] = X[obs, i - 1]
            bx = bx + beta[i] * c[i]
        cpiy = _prob(bx)
        if calcc:
            ipp = int(5000.0 * cpiy + 1.0)
            ftable[ipp - 1, iy] += 1
        viy = cpiy * (1.0 - cpiy)
        if iy == 0:
            if cpiy >= 1.0:
                return loglik, U, _sym(V), True
            loglik = loglik + math.log(1.0 - cpiy)
            dy = 0.0
        else:
            if cpiy <= 0.0:
                return loglik, U, _sym(V), True
            loglik = loglik + math.log(cpiy)
            dy = 1.0
        r = dy - cpiy
        for i in range(nv):
            xi = c[i]
            U[i] = U[i] + r * xi
            for j in range(i + 1):
                V[i, j] = V[i, j] + viy * xi * c[j]
    return -2.0 * loglik, U, _sym(V), False


@numba.njit(cache=True)
def _sym(V):
    nv = V.shape[0]
    for i in range(nv):
        for j in range(i):
            V[j, i] = V[i, j]
    return V


@numba.njit(cache=True)
def _ddot(n, x, xo, y, yo):
    s = 0.0
    for i in range(n):
        s = s + x[xo + i] * y[yo + i]
    return s


@numba.njit(cache=True)
def _dnrm2(n, x, xo):
    # reference BLAS 3.10+ (Blue's algorithm); for mid-range values it is sqrt of the plain sum of squares
    tsml = 1.4916681462400413e-154
    tbig = 1.9979190722022350e+146
    ssml = 4.4989137945431964e+161
    sbig = 1.1113793747425387e-162
    asml = 0.0
    amed = 0.0
    abig = 0.0
    notbig = True
    for i in range(n):
        ax = abs(x[xo + i])
        if ax > tbig:
            abig += (ax * sbig) ** 2
            notbig = False
        elif ax < tsml:
            if notbig:
                asml += (ax * ssml) ** 2
        else:
            amed += ax ** 2
    if abig > 0.0:
        if amed > 0.0 or amed != amed:
            abig += (amed * sbig) * sbig
        return (1.0 / sbig) * math.sqrt(abig)
    if asml > 0.0:
        if amed > 0.0 or amed != amed:
            amed = math.sqrt(amed)
            asml = math.sqrt(asml) / ssml
            if asml > amed:
                ymin, ymax = amed, asml
            else:
                ymin, ymax = asml, amed
            return math.sqrt(ymax * ymax * (1.0 + (ymin / ymax) ** 2))
        return (1.0 / ssml) * math.sqrt(asml)
    return math.sqrt(amed)


@numba.njit(cache=True)
def dqrdc2(a, tol):
    """LINPACK dqrdc2 (R's limited-pivoting Householder QR) on a copy of the square/tall matrix a.

    Returns (qr, rank, qraux, pivot) with pivot 0-based.  Column-major access is emulated on a
    C-ordered array by working on the transpose (row j of ``x`` is column j of the matrix).
    """
    n, p = a.shape
    # x[j, i] = column j, row i.  Element loops rather than x = a.T.copy() / x[j - 1] = x[j]:
    # numba compiles a row assignment with its shape-error path (string formatting), which
    # costs seconds of compile time on a fresh installation for no run-time gain.
    x = np.empty((p, n))
    for i in range(n):
        for j in range(p):
            x[j, i] = a[i, j]
    qraux = np.zeros(p)
    work1 = np.zeros(p)
    work2 = np.zeros(p)
    jpvt = np.arange(p)
    for j in range(p):
        qraux[j] = _dnrm2(n, x[j], _ZERO)
        work1[j] = qraux[j]
        work2[j] = qraux[j]
        if work2[j] == 0.0:
            work2[j] = 1.0
    lup = min(n, p)
    k = p + 1
    for l in range(1, lup + 1):
        li = l - 1
        while not (l >= k or qraux[li] >= work2[li] * tol):
            # move column l to the end
            tcol = np.empty(n)
            for i in range(n):
                tcol[i] = x[li, i]
            for j in range(l, p):
                for i in range(n):
                    x[j - 1, i] = x[j, i]
            for i in range(n):
                x[p - 1, i] = tcol[i]
            i0 = jpvt[li]
            t0 = qraux[li]
            tt0 = work1[li]
            ttt0 = work2[li]
            for j in range(l, p):
                jpvt[j - 1] = jpvt[j]
                qraux[j - 1] = qraux[j]
                work1[j - 1] = work1[j]
                work2[j - 1] = work2[j]
            jpvt[p - 1] = i0
            qraux[p - 1] = t0
            work1[p - 1] = tt0
            work2[p - 1] = ttt0
            k = k - 1
        if l == n:
            continue
        m = n - l + 1
        nrmxl = _dnrm2(m, x[li], li)
        if nrmxl == 0.0:
            continue
        if x[li, li] != 0.0:
            nrmxl = abs(nrmxl) if x[li, li] >= 0.0 else -abs(nrmxl)
        sc = 1.0 / nrmxl
        for i in range(m):
            x[li, li + i] = sc * x[li, li + i]
        x[li, li] = 1.0 + x[li, li]
        for j in range(l, p):
            t = -_ddot(m, x[li], li, x[j], li) / x[li, li]
            for i in range(m):
                x[j, li + i] = x[j, li + i] + t * x[li, li + i]
            if qraux[j] == 0.0:
                continue
            tt = 1.0 - (abs(x[j, li]) / qraux[j]) ** 2
            tt = max(tt, 0.0)
            if abs(tt) < 1e-6:
                qraux[j] = _dnrm2(n - l, x[j], l)
                work1[j] = qraux[j]
            else:
                qraux[j] = qraux[j] * math.sqrt(tt)
        qraux[li] = x[li, li]
        x[li, li] = -nrmxl
    k = min(k - 1, n)
    return x, k, qraux, jpvt


@numba.njit(cache=True)
def dqrsl_coef(x, k, qraux, y):
    """LINPACK dqrsl with job=100 (Q'y then back-solve R b = Q'y) on the transposed factor ``x``."""
    n = x.shape[1]
    qty = y.copy()
    ju = min(k, n - 1)
    if ju == 0:
        b = np.zeros(k)
        if k >= 1:
            b[0] = qty[0] / x[0, 0]
        return b
    for j in range(ju):
        if qraux[j] == 0.0:
            continue
        temp = x[j, j]
        x[j, j] = qraux[j]
        m = n - j
        t = -_ddot(m, x[j], j, qty, j) / x[j, j]
        for i in range(m):
            qty[j + i] = qty[j + i] + t * x[j, j + i]
        x[j, j] = temp
    b = qty[:k].copy()
    for jj in range(k):
        j = k - jj - 1
        if x[j, j] == 0.0:
            b[:] = np.nan
            return b
        b[j] = b[j] / x[j, j]
        if j != 0:
            t = -b[j]
            for i in range(j):
                b[i] = b[i] + t * x[j, i]
    return b


@numba.njit(cache=True)
def newton(X, y, beta, maxit, eps, tol, ftable):
    """rms lrmfit's Newton-Raphson loop (binary y, no offset/penalty/weights).

    Returns (beta, loglik, U, V, status, rank, pivot, final_done) where status is
    0 = converged (final llogit done), 1 = fail (non-convergence or divergence at iter 1),
    2 = singular (rank < nvi).  V is the information matrix R sees as ``z$v``.
    """
    nv = beta.shape[0]
    oldl = 1e30
    maxit1 = maxit - 1
    deltab = np.zeros(nv)
    curstp = 1.0
    pivot = np.arange(nv)
    loglik = 0.0
    U = np.zeros(nv)
    Vsq = np.zeros((nv, nv))
    goto730 = maxit < 2
    if not goto730:
        for it in range(1, maxit1 + 1):
            loglik, U, V, dvrg = llogit(beta, X, y, _FALSE, ftable)
            dmax = 0.0
            for i in range(nv):
                dmax = max(dmax, abs(U[i]))
            if dmax < 1e-9 and abs(loglik - oldl) < 0.1 * eps:
                goto730 = True
                break
            if loglik > oldl or dvrg:
                if it == 1:
                    return beta, loglik, U, Vsq, 1, nv, pivot
                curstp = curstp / 2.0
                for j in range(nv):
                    beta[j] = beta[j] - curstp * deltab[j]
                continue
            curstp = 1.0
            qr, rank, qraux, piv = dqrdc2(V, tol)
            Vsq = np.ascontiguousarray(qr.T)  # R's vsq scratch holds the factor
            if rank < nv:
                return beta, loglik, U, Vsq, 2, rank, piv
            deltab = dqrsl_coef(qr, rank, qraux, U)
            for i in range(nv):
                beta[i] = beta[i] + deltab[i]
            if abs(oldl - loglik) <= eps:
                goto730 = True
                break
            oldl = loglik
        if not goto730:
            if maxit > 2:
                return beta, loglik, U, Vsq, 1, nv, pivot
    loglik, U, V, dvrg = llogit(beta, X, y, _TRUE, ftable)
    return beta, loglik, U, V, 1 if dvrg else 0, nv, pivot


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
def group_minmax(X, y):
    """Per-column (min, max) of X among y == 0 and among y == 1: rows 0..3 = min0, max0, min1, max1."""
    n, p = X.shape
    out = np.empty((4, p))
    for j in range(p):
        out[0, j] = np.inf
        out[1, j] = -np.inf
        out[2, j] = np.inf
        out[3, j] = -np.inf
    for i in range(n):
        r = 2 if y[i] == 1 else 0
        for j in range(p):
            v = X[i, j]
            if v < out[r, j]:
                out[r, j] = v
            if v > out[r + 1, j]:
                out[r + 1, j] = v
    return out

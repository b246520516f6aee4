"""R's ``glm.fit`` for ``binomial(link = "logit")`` (R 4.2.2, ``stats::glm.fit``), written once.

:func:`glm_fit_logit` serves ``cmvt_core.glm.glm_fit`` (``glm(y ~ ., binomial)``, the Wald table of
``lrm(...).summary()``) and the refits of rmda's ``decision_curve`` bootstrap (``cmvt_core.dca``),
which call it once per replicate inside a compiled, GIL-free chunk.  On R's own numerics:

* start: ``eta = logit(mustart)`` (the offset is *not* added, as in R), ``devold`` = deviance there;
* IRLS: ``z = (eta - offset) + (y - mu)/mu.eta(eta)``, working weights
  ``sqrt(w * mu.eta^2 / (mu(1 - mu)))``, and R's ``Cdqrls`` on ``X*w``, ``z*w``: LINPACK
  ``dqrdc2`` / ``dqrsl`` with ``tol = min(1e-7, epsilon/1000)`` (:mod:`.linpack`); aliased
  columns (moved last by the pivoting) get coefficient 0 in ``eta`` and NA in the result;
* ``eta = x %*% start + offset`` in reference ``dgemv`` order (column by column);
* the deviance is ``sum(dev.resids(y, mu, w))`` with R's ``sum()``: sequential accumulation in
  x87 long double (64-bit significand), rounded to double once, emulated exactly here
  (:func:`rsum_add`: the exact sum of the accumulator and the term, rounded to 64 bits with ties
  to even, kept as an unevaluated pair of doubles);
* stop when ``|dev - devold|/(|dev| + 0.1) < epsilon``, at most ``maxit`` iterations; step
  halving toward the previous coefficients when the deviance is not finite;
* the C helpers of ``binomial()``: ``linkinv`` clamps eta outside [-30, 30] to
  ``DBL_EPSILON``/``1/DBL_EPSILON`` before ``x/(1+x)``; ``mu.eta`` is ``DBL_EPSILON`` there.
"""
from __future__ import annotations

import math

import numba
import numpy as np
from llvmlite import ir
from numba import types
from numba.extending import intrinsic

from .linpack import dqrdc2, dqrsl_coef

DBL_EPSILON = float(np.finfo(float).eps)

# error codes of glm_fit_logit (the caller raises R's error or, in a bootstrap, drops the replicate)
ERR_NONE = 0
ERR_NO_START = 1    # "no valid set of coefficients has been found: please supply starting values"
ERR_INNER_LOOP = 2  # "inner loop 1; cannot correct step size"
# why the IRLS loop stopped early (R warns)
STOP_NONE = 0
STOP_NOT_INFORMATIVE = 1  # "no observations informative at iteration it"
STOP_NONFINITE_COEF = 2   # "non-finite coefficients at iteration it"


@numba.njit(cache=True, inline="always")
def _two_sum(a, b):
    s = a + b
    bb = s - a
    return s, (a - (s - bb)) + (b - bb)


@intrinsic
def _bits(typingctx, x):
    """The IEEE bits of a double as an int64 (a register move)."""
    if x != types.float64:
        return None

    def codegen(context, builder, signature, args):
        return builder.bitcast(args[0], ir.IntType(64))
    return types.int64(types.float64), codegen


@intrinsic
def _double(typingctx, b):
    """The double with the IEEE bits b."""
    if b != types.int64:
        return None

    def codegen(context, builder, signature, args):
        return builder.bitcast(args[0], ir.DoubleType())
    return types.float64(types.int64), codegen


_EXPONENT = 0x7FF0000000000000
_MANTISSA = 0x000FFFFFFFFFFFFF
_ONE_EXP = 1 << 52
_MAGIC = 6755399441055744.0  # 1.5 * 2^52: (r + 1.5 * 2^52 * u) - 1.5 * 2^52 * u rounds r to a multiple of u


@numba.njit(cache=True)
def rsum_add(hi, lo, v):
    """One step of R's ``sum()``: the long double accumulator ``s = hi + lo`` (exactly, hi the
    double nearest s) plus the double v, rounded to a 64-bit significand (ties to even) as the x87
    ``fadd`` does.  Returns the new (hi, lo).

    With (a, b) = two_sum(hi, v), T = s + v = a + (b + lo) and t = fl(b + lo) is within 2^-40 u
    of b + lo, u the unit of a 64-bit significand at T; a is an even multiple of u.  Unless t lies
    within 2^-30 u of a rounding midpoint (or far from a), T rounds to a + (t rounded to a
    multiple of u); otherwise :func:`_rsum_add_exact` decides from the exact remainder.
    (Checked bit for bit against numpy's x87 ``longdouble`` in ``tests/test_kernels_glm.py``.)"""
    a, b = _two_sum(hi, v)
    t = b + lo
    bits = _bits(a)
    ef = bits & _EXPONENT
    if ef > (64 << 52):
        u = _double(ef - (63 << 52))
        if abs(t) < 1024.0 * u:  # |t| < ulp(a)/2: T is in a's binade, or just below a power of two a
            if (bits & _MANTISSA) == 0 and t != 0.0 and (t < 0.0) != (a < 0.0):
                u = 0.5 * u
            big = u * _MAGIC
            k = (t + big) - big  # t to a multiple of u, ties to even (a/u is even: the result's parity)
            dd = abs(k - t)  # exact
            if abs(dd - 0.5 * u) > 9.313225746154785e-10 * u:  # 2^-30 u: not near a midpoint
                return _two_sum(a, k)
    return _rsum_add_exact(hi, lo, v)


@numba.njit(cache=True)
def _rsum_add_exact(hi, lo, v):
    """:func:`rsum_add` from the exact remainder: T = E + r1 + r2 by error-free ``two_sum``
    steps (E the double nearest T, |r2| <= ulp(r1)/2), then E + (r1 + r2 rounded to a multiple of
    u, ties to even)."""
    a, b = _two_sum(hi, v)
    c, d = _two_sum(b, lo)
    e, f = _two_sum(a, c)
    g, h = _two_sum(f, d)
    E, F = _two_sum(e, g)
    r1, r2 = _two_sum(F, h)
    bits = _bits(E)
    ef = bits & _EXPONENT
    if ef <= (64 << 52):  # E = 0 (then T = r1, a double) or |E| < 2^-958 (not rounded: no deviance is that small)
        return r1 + E, r2
    ub = ef - (63 << 52)
    if (bits & _MANTISSA) == 0 and r1 != 0.0 and (r1 < 0.0) != (E < 0.0):
        ub -= _ONE_EXP  # |T| lies just below the power of two |E|: one binade down
    u = _double(ub)
    big = u * _MAGIC
    k = (r1 + big) - big  # r1 to a multiple of u, ties to even (E/u is even: the parity is the result's)
    dd = k - r1  # exact
    if dd == 0.5 * u:
        if r2 < 0.0:  # not a tie: r1 + r2 lies below the midpoint
            k -= u
    elif dd == -0.5 * u:
        if r2 > 0.0:
            k += u
    return _two_sum(E, k)


@numba.njit(cache=True)
def binomial_dev_sum(y, mu, w, n):
    """``sum(binomial()$dev.resids(y, mu, w))`` over the first n values, as R: each residual
    ``2 w (y log(y/mu) + (1-y) log((1-y)/(1-mu)))`` (C ``binomial_dev_resids``) added to a long
    double accumulator (:func:`rsum_add`)."""
    hi = 0.0
    lo = 0.0
    for i in range(n):
        a = y[i] * math.log(y[i] / mu[i]) if y[i] != 0.0 else 0.0
        b = (1.0 - y[i]) * math.log((1.0 - y[i]) / (1.0 - mu[i])) if 1.0 - y[i] != 0.0 else 0.0
        hi, lo = rsum_add(hi, lo, 2.0 * w[i] * (a + b))
    return hi


@numba.njit(cache=True, inline="always")
def logit_linkinv(e):
    """``binomial()$linkinv`` (C ``logit_linkinv``)."""
    if e < -30.0:
        tmp = DBL_EPSILON
    elif e > 30.0:
        tmp = 1.0 / DBL_EPSILON
    else:
        tmp = math.exp(e)
    return tmp / (1.0 + tmp)


@numba.njit(cache=True)
def _eta_mu(x, b, off, eta, mu):
    """eta = x %*% b + off in reference dgemv order (column by column), mu = linkinv(eta)."""
    n, p = x.shape
    for i in range(n):
        eta[i] = 0.0
    for j in range(p):
        bj = b[j]
        for i in range(n):
            eta[i] = eta[i] + bj * x[i, j]
    for i in range(n):
        eta[i] = eta[i] + off[i]
        mu[i] = logit_linkinv(eta[i])


@numba.njit(cache=True)
def glm_fit_logit(x, y, w, mustart, off, epsilon, maxit):
    """``glm.fit(x, y, weights = w, mustart = mustart, offset = off, family = binomial())`` on rows
    with w > 0 (x the full model matrix, intercept column included).

    Returns (coef, eta, mu, dev, iter, conv, boundary, rank, qr, pivot, err, stop, stop_iter,
    halved): coef with NaN for aliased columns; the last ``Cdqrls`` factor (transposed, as
    :func:`~.linpack.dqrdc2` returns it) with its rank and 0-based pivot for ``summary.glm``;
    ``err`` one of ERR_* (R stops), ``stop`` one of STOP_* with its iteration (R warns), and
    ``halved`` whether a step was truncated for divergence (R warns)."""
    n, p = x.shape
    tol = min(1e-7, epsilon / 1000.0)
    eta = np.empty(n)
    mu = np.empty(n)
    for i in range(n):
        m0 = mustart[i]
        eta[i] = math.log(m0 / (1.0 - m0))
        mu[i] = logit_linkinv(eta[i])
    devold = binomial_dev_sum(y, mu, w, n)
    coef = np.zeros(p)
    coefold = np.zeros(p)
    have_old = False
    conv = False
    boundary = False
    halved = False
    err = ERR_NONE
    stop = STOP_NONE
    stop_iter = 0
    rank = p
    qr = np.zeros((p, 0))
    piv = np.arange(p)
    mue = np.empty(n)
    it = 0
    for it in range(1, maxit + 1):
        ng = 0
        for i in range(n):
            e = eta[i]
            if e > 30.0 or e < -30.0:
                mue[i] = DBL_EPSILON
            else:
                ex = math.exp(e)
                opexp = 1.0 + ex
                mue[i] = ex / (opexp * opexp)
            if mue[i] != 0.0:
                ng += 1
        if ng == 0:
            stop = STOP_NOT_INFORMATIVE
            stop_iter = it
            break
        A = np.empty((ng, p))
        zw = np.empty(ng)
        g = 0
        for i in range(n):
            if mue[i] == 0.0:
                continue
            varmu = mu[i] * (1.0 - mu[i])
            z = (eta[i] - off[i]) + (y[i] - mu[i]) / mue[i]
            ww = math.sqrt((w[i] * mue[i] ** 2) / varmu)
            for j in range(p):
                A[g, j] = x[i, j] * ww
            zw[g] = z * ww
            g += 1
        qr, rank, qraux, piv = dqrdc2(A, tol)
        bb = dqrsl_coef(qr, rank, qraux, zw)  # leaves qr as it was
        finite = True
        for j in range(bb.shape[0]):
            if not math.isfinite(bb[j]):
                finite = False
        if not finite:
            stop = STOP_NONFINITE_COEF
            stop_iter = it
            break
        start = np.zeros(p)
        for j in range(rank):
            start[piv[j]] = bb[j]
        _eta_mu(x, start, off, eta, mu)
        dev = binomial_dev_sum(y, mu, w, n)
        boundary = False
        if not math.isfinite(dev):
            if not have_old:
                err = ERR_NO_START
                break
            halved = True
            ii = 1
            while not math.isfinite(dev):
                if ii > maxit:
                    err = ERR_INNER_LOOP
                    break
                ii += 1
                for j in range(p):
                    start[j] = (start[j] + coefold[j]) / 2.0
                _eta_mu(x, start, off, eta, mu)
                dev = binomial_dev_sum(y, mu, w, n)
            if err != ERR_NONE:
                break
            boundary = True
        if abs(dev - devold) / (0.1 + abs(dev)) < epsilon:
            conv = True
            coef = start
            break
        devold = dev
        coef = start
        coefold = start.copy()
        have_old = True
    out = coef.copy()
    for j in range(rank, p):
        out[piv[j]] = np.nan
    return (out, eta, mu, binomial_dev_sum(y, mu, w, n), it, conv, boundary, rank, qr, piv, err, stop,
            stop_iter, halved)

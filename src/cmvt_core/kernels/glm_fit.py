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
  halving toward the previous coefficients when the deviance is not finite.  Inside the loop the
  deviance serves only this test and the finiteness check, so each iteration first adds the
  residuals in plain double (:func:`binomial_dev_fast`) with a rigorous bound on its distance
  from R's long double sum; :func:`converged` decides from those bounds when R's test cannot
  come out otherwise, and the exact sums (:func:`binomial_dev_sum`, of this and the previous
  iterate) are formed only when it could: the same decisions as R's, at a fraction of the
  cost (the exact sum is about four times dearer);
* the C helpers of ``binomial()``: ``linkinv`` clamps eta outside [-30, 30] to
  ``DBL_EPSILON``/``1/DBL_EPSILON`` before ``x/(1+x)``; ``mu.eta`` is ``DBL_EPSILON`` there.
"""
from __future__ import annotations

import math

import numba
import numpy as np

from .plogis import elementwise
from .linpack import dqrdc2, dqrsl_coef
from .rbase import rsum_add

DBL_EPSILON = float(np.finfo(float).eps)

# error codes of glm_fit_logit (the caller raises R's error or, in a bootstrap, drops the replicate)
ERR_NONE = 0
ERR_NO_START = 1    # "no valid set of coefficients has been found: please supply starting values"
ERR_INNER_LOOP = 2  # "inner loop 1; cannot correct step size"
# why the IRLS loop stopped early (R warns)
STOP_NONE = 0
STOP_NOT_INFORMATIVE = 1  # "no observations informative at iteration it"
STOP_NONFINITE_COEF = 2   # "non-finite coefficients at iteration it"


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


@numba.njit(cache=True)
def binomial_dev_fast(y, mu, w, n):
    """The residuals of :func:`binomial_dev_sum` added in plain double: (s, err) with
    ``|s - binomial_dev_sum(y, mu, w, n)| <= err`` whenever s is finite.

    With a = sum |t_i|, plain recursive summation is within (n-1) 2^-53 a' of the exact sum, R's
    64-bit accumulator within (n-1) 2^-64 a', and R's final rounding to double within 2^-53 of
    its value (a' <= a (1 + n 2^-53), Higham, *Accuracy and Stability*, sec. 4.2); err =
    (n + 2) 2^-52 a is twice their total, which also covers the rounding of err itself."""
    s = 0.0
    a = 0.0
    for i in range(n):
        p = y[i] * math.log(y[i] / mu[i]) if y[i] != 0.0 else 0.0
        q = (1.0 - y[i]) * math.log((1.0 - y[i]) / (1.0 - mu[i])) if 1.0 - y[i] != 0.0 else 0.0
        t = 2.0 * w[i] * (p + q)
        s += t
        a += abs(t)
    return s, (n + 2.0) * 2.220446049250313e-16 * a


# converged(): R's test decided from bounds, or not at all
UNDECIDED = -1


@numba.njit(cache=True)
def converged(dev, dev_err, devold, devold_err, epsilon):
    """R's ``abs(dev - devold)/(abs(dev) + 0.1) < epsilon`` for any R values within ``dev_err`` of
    ``dev`` and ``devold_err`` of ``devold``: 1 (true for all of them), 0 (false for all) or
    :data:`UNDECIDED`.  The interval ends carry a relative margin of 1e-12, far above the few
    roundings of R's and this evaluation."""
    num = abs(dev - devold)
    e = dev_err + devold_err
    den = 0.1 + abs(dev)
    hi = (num + e) / (den - dev_err)
    lo = (num - e) / (den + dev_err)
    if den - dev_err > 0.0 and hi * (1.0 + 1e-12) < epsilon:
        return 1
    if lo * (1.0 - 1e-12) >= epsilon:
        return 0
    return UNDECIDED


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


@elementwise
def logit_linkinv_many(eta):
    """``binomial()$linkinv`` over an array (any shape), value by value through :func:`logit_linkinv`."""
    return logit_linkinv(eta)


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
def _dev(y, mu, w, n, always_exact):
    """(value, bound, exact) of the deviance at mu: the exact R sum (bound 0, exact True) when
    asked or when the plain sum is not finite, else :func:`binomial_dev_fast`'s pair."""
    if not always_exact:
        s, e = binomial_dev_fast(y, mu, w, n)
        if math.isfinite(s):
            return s, e, False
    return binomial_dev_sum(y, mu, w, n), 0.0, True


@numba.njit(cache=True)
def glm_fit_logit(x, y, w, mustart, off, epsilon, maxit, want_dev=True, always_exact=False):
    """``glm.fit(x, y, weights = w, mustart = mustart, offset = off, family = binomial())`` on rows
    with w > 0 (x the full model matrix, intercept column included).

    Returns (coef, eta, mu, dev, iter, conv, boundary, rank, qr, pivot, err, stop, stop_iter,
    halved): coef with NaN for aliased columns; the last ``Cdqrls`` factor (transposed, as
    :func:`~.linpack.dqrdc2` returns it) with its rank and 0-based pivot for ``summary.glm``;
    ``err`` one of ERR_* (R stops), ``stop`` one of STOP_* with its iteration (R warns), and
    ``halved`` whether a step was truncated for divergence (R warns).  ``dev`` is R's deviance
    (NaN with ``want_dev=False``, for callers that use only the fit).  ``always_exact=True``
    forms R's exact deviance sum at every iteration instead of only where :func:`converged`
    cannot decide (the results are the same; the tests compare both)."""
    n, p = x.shape
    tol = min(1e-7, epsilon / 1000.0)
    eta = np.empty(n)
    mu = np.empty(n)
    for i in range(n):
        m0 = mustart[i]
        eta[i] = math.log(m0 / (1.0 - m0))
        mu[i] = logit_linkinv(eta[i])
    devold, devold_err, devold_exact = _dev(y, mu, w, n, always_exact)
    mu_old = mu.copy()  # the iterate of devold, for its exact sum when the test needs it
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
        dev, dev_err, dev_exact = _dev(y, mu, w, n, always_exact)
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
                dev, dev_err, dev_exact = _dev(y, mu, w, n, always_exact)
            if err != ERR_NONE:
                break
            boundary = True
        verdict = converged(dev, dev_err, devold, devold_err, epsilon)
        if verdict == UNDECIDED:  # R's exact sums decide
            if not dev_exact:
                dev, dev_err, dev_exact = binomial_dev_sum(y, mu, w, n), 0.0, True
            if not devold_exact:
                devold, devold_err, devold_exact = binomial_dev_sum(y, mu_old, w, n), 0.0, True
            verdict = 1 if abs(dev - devold) / (0.1 + abs(dev)) < epsilon else 0
        if verdict == 1:
            conv = True
            coef = start
            break
        devold, devold_err, devold_exact = dev, dev_err, dev_exact
        mu_old[:] = mu
        coef = start
        coefold = start.copy()
        have_old = True
    out = coef.copy()
    for j in range(rank, p):
        out[piv[j]] = np.nan
    dev_out = binomial_dev_sum(y, mu, w, n) if want_dev else np.nan
    return (out, eta, mu, dev_out, it, conv, boundary, rank, qr, piv, err, stop, stop_iter, halved)

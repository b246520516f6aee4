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

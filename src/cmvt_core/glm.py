"""R's ``glm.fit`` for ``binomial(link = "logit")``, iteration by iteration.

The one IRLS port in the package: rmda's ``decision_curve`` refits ``glm(formula, data,
family = binomial)`` on the data and in every bootstrap replicate (``cmvt_core.dca``), and
``lrm(...).summary()`` gives ``summary(glm(y ~ ., binomial))``'s Wald table from it
(``cmvt_core.logistic``).  It follows ``stats::glm.fit`` of R 4.2.2 on R's own numerics:

* start: ``mustart = (w*y + 0.5)/(w + 1)``, ``eta = logit(mustart)`` (the offset is *not*
  added to the starting eta, as in R), ``devold`` = deviance at that mu;
* IRLS: ``z = (eta - offset) + (y - mu)/mu.eta(eta)``, working weights
  ``sqrt(w * mu.eta^2 / (mu(1 - mu)))``, and R's ``Cdqrls`` on ``X*w``, ``z*w``: LINPACK
  ``dqrdc2`` (limited pivoting; columns whose norm falls below ``tol = min(1e-7, epsilon/1000)``
  of their original norm are aliased, moved last, coefficient NA) and ``dqrsl``, with the
  reference-BLAS loops R links (``cmvt_core._lrmfit``);
* ``eta = x %*% start + offset`` in reference ``dgemv`` order (column by column), deviances
  summed as R's ``sum()`` (sequential long double);
* stop when ``|dev - devold|/(|dev| + 0.1) < epsilon`` (1e-8), at most ``maxit`` (25) iterations;
* step halving toward the previous coefficients when the deviance is not finite (never for a
  finite logit fit, whose mu is clamped, but kept as R has it; logit's eta/mu are always valid);
* the C helpers of ``binomial()``: ``linkinv`` clamps eta outside (-30, 30) to
  ``DBL_EPSILON``/``1/DBL_EPSILON`` before ``x/(1+x)``; ``mu.eta`` is ``DBL_EPSILON`` there;
* ``summary.glm``'s unscaled covariance (binomial dispersion 1) is ``chol2inv`` of the last
  iteration's R factor (reference LAPACK ``dpotri``), see ``GlmFit.cov_unscaled``.

Rows with prior weight 0 are dropped before fitting (R keeps them with weight 0, so every
number is the same, but ``fitted_values``/``linear_predictors`` here cover the rows with w > 0).

Frequency weights: a fit on rows repeated ``c_i`` times equals a fit with prior weights
``c_i`` *and* the unweighted starting values ``(y + 0.5)/2`` (pass ``mustart``), which is how the
bootstrap refits are batched without materialising the resampled rows.
"""
from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field

import numba
import numpy as np

from ._lrmfit import dqrdc2, dqrsl_coef
from .errors import InputError, RWarning
from .kernels.rbase import r_sum  # R's sum(), written once

DBL_EPSILON = np.finfo(float).eps
_THRESH = 30.0
_MTHRESH = -30.0
_INVEPS = 1.0 / DBL_EPSILON


def logit_linkinv(eta: np.ndarray) -> np.ndarray:
    """``binomial()$linkinv`` (C ``logit_linkinv``)."""
    eta = np.asarray(eta, dtype=np.float64)
    with np.errstate(over="ignore"):
        tmp = np.where(eta < _MTHRESH, DBL_EPSILON, np.where(eta > _THRESH, _INVEPS, np.exp(eta)))
    return tmp / (1.0 + tmp)


def logit_mu_eta(eta: np.ndarray) -> np.ndarray:
    """``binomial()$mu.eta`` (C ``logit_mu_eta``)."""
    eta = np.asarray(eta, dtype=np.float64)
    with np.errstate(over="ignore", invalid="ignore"):
        ex = np.exp(eta)
        opexp = 1.0 + ex
        val = ex / (opexp * opexp)
    return np.where((eta > _THRESH) | (eta < _MTHRESH), DBL_EPSILON, val)


def logit_link(mu: np.ndarray) -> np.ndarray:
    """``binomial()$linkfun`` (C ``logit_link``)."""
    mu = np.asarray(mu, dtype=np.float64)
    with np.errstate(divide="ignore"):
        return np.log(mu / (1.0 - mu))


def binomial_dev_resids(y: np.ndarray, mu: np.ndarray, wt: np.ndarray) -> np.ndarray:
    """``binomial()$dev.resids`` (C ``binomial_dev_resids``): 2 wt (y log(y/mu) + (1-y) log((1-y)/(1-mu)))."""
    with np.errstate(divide="ignore", invalid="ignore"):
        a = np.where(y != 0.0, y * np.log(y / mu), 0.0)
        b = np.where(1.0 - y != 0.0, (1.0 - y) * np.log((1.0 - y) / (1.0 - mu)), 0.0)
    return 2.0 * wt * (a + b)


def _xb(x: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``drop(x %*% b)`` as R computes it here: reference-BLAS ``dgemv``, one column at a time."""
    out = np.zeros(x.shape[0])
    for j in range(x.shape[1]):
        out = out + b[j] * x[:, j]
    return out


@numba.njit(cache=True)
def _chol2inv(qr, k):
    """R's ``chol2inv(R[1:k, 1:k])``: reference LAPACK ``dpotri`` (``dtrti2`` then ``dlauu2``) on the
    upper triangle of the leading k x k block of the factor ``qr`` (stored transposed, as
    ``dqrdc2`` returns it: ``qr[j, i]`` is R's ``qr[i, j]``).  Row-major ``a[j, i]`` = column j, row i."""
    a = np.zeros((k, k))  # a[j, i] = A(i, j), i <= j
    for j in range(k):
        for i in range(j + 1):
            a[j, i] = qr[j, i]
    # dtrti2 ('U', 'N'): inverse of the upper triangle in place
    for j in range(k):
        a[j, j] = 1.0 / a[j, j]
        ajj = -a[j, j]
        # dtrmv('U', 'N', 'N', j, A, x = A(1:j, j)): x := A x
        for jj in range(j):
            if a[j, jj] != 0.0:
                temp = a[j, jj]
                for i in range(jj):
                    a[j, i] = a[j, i] + temp * a[jj, i]
                a[j, jj] = a[j, jj] * a[jj, jj]
        for i in range(j):
            a[j, i] = ajj * a[j, i]
    # dlauu2 ('U'): U U^T in the upper triangle
    for i in range(k):
        aii = a[i, i]
        if i < k - 1:
            s = 0.0
            for jj in range(i, k):  # ddot over row i, columns i..k-1
                s = s + a[jj, i] * a[jj, i]
            a[i, i] = s
            # dgemv('N', i, k-i-1, 1, A(1:i, i+1:k), x = row i of A(i, i+1:k), beta = aii, y = A(1:i, i))
            for r in range(i):
                a[i, r] = aii * a[i, r]
            for jj in range(i + 1, k):
                temp = a[jj, i]
                for r in range(i):
                    a[i, r] = a[i, r] + temp * a[jj, r]
        else:
            for r in range(i + 1):
                a[i, r] = aii * a[i, r]
    out = np.empty((k, k))
    for j in range(k):
        for i in range(j + 1):
            out[i, j] = a[j, i]
            out[j, i] = a[j, i]
    return out


@dataclass
class GlmFit:
    """The parts of R's glm object used here (R names, dots to underscores)."""

    coefficients: np.ndarray
    fitted_values: np.ndarray
    linear_predictors: np.ndarray
    deviance: float
    iter: int
    converged: bool
    boundary: bool
    rank: int
    names: list[str] = field(default_factory=list)
    qr: np.ndarray | None = field(default=None, repr=False)  # the last Cdqrls factor (transposed, as dqrdc2)
    pivot: np.ndarray | None = field(default=None, repr=False)  # 0-based

    def cov_unscaled(self) -> np.ndarray:
        """``summary.glm``'s ``cov.unscaled``: ``chol2inv(qr[1:rank, 1:rank])`` put back in the columns'
        order, NaN in the rows/columns of aliased coefficients (which summary.glm leaves out)."""
        p = self.coefficients.shape[0]
        cov = np.full((p, p), np.nan)
        if self.qr is None or self.rank == 0:
            return cov
        idx = self.pivot[:self.rank]
        cov[np.ix_(idx, idx)] = _chol2inv(self.qr, self.rank)
        return cov

    def to_dict(self) -> dict:
        return {"coefficients": dict(zip(self.names, map(float, self.coefficients))) if self.names
                else [float(c) for c in self.coefficients],
                "deviance": float(self.deviance), "iter": int(self.iter), "converged": bool(self.converged),
                "boundary": bool(self.boundary), "rank": int(self.rank)}


def _deviance(y, mu, w) -> float:
    return r_sum(binomial_dev_resids(y, mu, w))


def glm_fit(x, y, weights=None, offset=None, *, mustart=None, epsilon: float = 1e-8, maxit: int = 25,
            names=None, warn: bool = True) -> GlmFit:
    """``stats::glm.fit(x, y, weights, offset=offset, family=binomial())`` for 0/1 ``y``.

    ``x`` is the full model matrix (include the intercept column yourself).  Rows with weight 0
    take no part (as R's ``good``).  ``mustart`` overrides binomial's ``(w*y + 0.5)/(w + 1)``.
    ``warn=False`` silences R's warnings (non-convergence, fitted probabilities 0 or 1, ...).
    """
    x = np.asarray(x, dtype=np.float64)
    if x.ndim != 2:
        raise InputError("glm_fit: x must be a 2-D model matrix")
    y = np.asarray(y, dtype=np.float64)
    n, p = x.shape
    if y.shape != (n,):
        raise InputError(f"glm_fit: y has {y.shape[0] if y.ndim else 1} values for {n} rows of x")
    if np.any((y != 0) & (y != 1)):
        bad = int(np.flatnonzero((y != 0) & (y != 1))[0])
        raise InputError(f"glm_fit: y must be 0/1; row {bad + 1} is {y[bad]!r}")
    w = np.ones(n) if weights is None else np.asarray(weights, dtype=np.float64)
    if w.shape != (n,) or np.any(~np.isfinite(w)) or np.any(w < 0):
        raise InputError("glm_fit: weights must be n finite non-negative numbers")
    off = np.zeros(n) if offset is None else np.broadcast_to(np.asarray(offset, dtype=np.float64), (n,)).copy()
    if not np.all(np.isfinite(x)):
        raise InputError("glm_fit: x holds NA/NaN/Inf")
    pos = w > 0
    if not pos.all():  # zero-weight rows contribute nothing to the fit or its deviance
        x, y, w, off = x[pos], y[pos], w[pos], off[pos]
        if mustart is not None:
            mustart = np.asarray(mustart, dtype=np.float64)[pos]
        n = x.shape[0]
    mu0 = (w * y + 0.5) / (w + 1.0) if mustart is None else np.asarray(mustart, dtype=np.float64)
    tol = min(1e-7, epsilon / 1000)

    def _at(coef):  # eta <- drop(x %*% start); mu <- linkinv(eta <- eta + offset); dev
        e = _xb(x, coef) + off
        m = logit_linkinv(e)
        return e, m, _deviance(y, m, w)

    eta = logit_link(mu0)
    mu = logit_linkinv(eta)
    devold = _deviance(y, mu, w)
    coefold = None
    start = np.zeros(p)
    coef = start
    conv = boundary = False
    rank = p
    qr = None
    piv = np.arange(p)
    it = 0
    for it in range(1, maxit + 1):
        mu_eta = logit_mu_eta(eta)
        good = mu_eta != 0
        if not good.any():
            if warn:
                warnings.warn(f"no observations informative at iteration {it}", RWarning, stacklevel=2)
            break
        varmu = mu * (1.0 - mu)
        z = (eta - off)[good] + (y - mu)[good] / mu_eta[good]
        ww = np.sqrt((w[good] * mu_eta[good] ** 2) / varmu[good])
        # Cdqrls(x[good, ] * w, z * w, tol): dqrdc2 + dqrsl; coefficients past the rank are 0
        qr, rank, qraux, piv = dqrdc2(np.ascontiguousarray(x[good] * ww[:, None]), tol)
        b = dqrsl_coef(qr.copy(), rank, qraux, np.ascontiguousarray(z * ww))
        if not np.all(np.isfinite(b)):
            if warn:
                warnings.warn(f"non-finite coefficients at iteration {it}", RWarning, stacklevel=2)
            break
        start = np.zeros(p)
        start[piv[:rank]] = b
        eta, mu, dev = _at(start)
        boundary = False
        if not math.isfinite(dev):
            if coefold is None:
                raise InputError("glm: no valid set of coefficients has been found: please supply starting values")
            if warn:
                warnings.warn("step size truncated due to divergence", RWarning, stacklevel=2)
            ii = 1
            while not math.isfinite(dev):
                if ii > maxit:
                    raise InputError("glm: inner loop 1; cannot correct step size")
                ii += 1
                start = (start + coefold) / 2
                eta, mu, dev = _at(start)
            boundary = True
        if abs(dev - devold) / (0.1 + abs(dev)) < epsilon:
            conv = True
            coef = start
            break
        devold = dev
        coef = coefold = start
    if warn:
        if not conv:
            warnings.warn("glm.fit: algorithm did not converge", RWarning, stacklevel=2)
        if boundary:
            warnings.warn("glm.fit: algorithm stopped at boundary value", RWarning, stacklevel=2)
        eps10 = 10 * DBL_EPSILON
        if np.any(mu > 1 - eps10) or np.any(mu < eps10):
            warnings.warn("glm.fit: fitted probabilities numerically 0 or 1 occurred", RWarning, stacklevel=2)
    coef_out = np.asarray(coef, dtype=np.float64).copy()
    if rank < p:
        coef_out[piv[rank:]] = np.nan
    return GlmFit(coef_out, mu, eta, _deviance(y, mu, w), it, conv, boundary, rank,
                  list(names) if names is not None else [], qr, np.asarray(piv, dtype=np.int64))

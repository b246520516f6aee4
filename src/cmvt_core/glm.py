"""R's ``glm.fit`` for ``binomial(link = "logit")``, iteration by iteration.

rmda's ``decision_curve`` fits ``glm(formula, data, family = binomial)`` on the data and again
in every bootstrap replicate, so the decision curve's numbers depend on glm's exact stopping
rule.  This port follows ``stats::glm.fit`` of R 4.2.2:

* start: ``mustart = (w*y + 0.5)/(w + 1)``, ``eta = logit(mustart)`` (the offset is *not*
  added to the starting eta, as in R), ``devold`` = deviance at that mu;
* IRLS: ``z = (eta - offset) + (y - mu)/mu.eta(eta)``, working weights
  ``sqrt(w * mu.eta^2 / (mu(1 - mu)))``, a least-squares solve of ``X*w`` on ``z*w``;
* stop when ``|dev - devold|/(|dev| + 0.1) < epsilon`` (1e-8), at most ``maxit`` (25) iterations;
* step halving toward the previous coefficients when the deviance is not finite or eta/mu are
  invalid (never for a finite logit fit, but kept as R has it);
* the C helpers of ``binomial()``: ``linkinv`` clamps eta outside (-30, 30) to
  ``DBL_EPSILON``/``1/DBL_EPSILON`` before ``x/(1+x)``; ``mu.eta`` is ``DBL_EPSILON`` there.

Frequency weights: a fit on rows repeated ``c_i`` times equals a fit with prior weights
``c_i`` *and* the unweighted starting values ``(y + 0.5)/2`` (pass ``mustart``), which is how the
bootstrap refits are batched without materialising the resampled rows.
"""
from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field

import numpy as np
from scipy.linalg import solve_triangular

from .errors import InputError, RWarning

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


def _r_sum(v: np.ndarray) -> float:
    """R's ``sum()`` of doubles accumulates in long double; this is an accurate sum of the same terms."""
    return float(math.fsum(v.tolist())) if v.shape[0] < 20000 else float(np.sum(v.astype(np.longdouble)))


def _wls(a: np.ndarray, b: np.ndarray, tol: float) -> tuple[np.ndarray, np.ndarray]:
    """Least squares of b on a as R's Cdqrls (LINPACK dqrdc2): columns whose remaining norm falls
    below ``tol`` times their original norm are aliased (moved to the end, coefficient NA).
    Returns (coefficients in the original column order with NaN for aliased ones, pivot)."""
    p = a.shape[1]
    keep = list(range(p))
    norms = np.sqrt(np.einsum("ij,ij->j", a, a))
    while True:
        sub = a[:, keep]
        q, r = np.linalg.qr(sub, mode="reduced")
        d = np.abs(np.diag(r))
        bad = [k for k, j in enumerate(keep) if not d[k] >= tol * norms[j] or norms[j] == 0.0]
        if not bad:
            break
        del keep[bad[0]]
        if not keep:
            break
    coef = np.full(p, np.nan)
    if keep:
        coef[keep] = solve_triangular(r, q.T @ b)
    pivot = np.array(keep + [j for j in range(p) if j not in keep], dtype=np.int64)
    return coef, pivot


@dataclass
class GlmFit:
    """The parts of R's glm object that decision curves use (R names, dots to underscores)."""

    coefficients: np.ndarray
    fitted_values: np.ndarray
    linear_predictors: np.ndarray
    deviance: float
    iter: int
    converged: bool
    boundary: bool
    rank: int
    names: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"coefficients": dict(zip(self.names, map(float, self.coefficients))) if self.names
                else [float(c) for c in self.coefficients],
                "deviance": float(self.deviance), "iter": int(self.iter), "converged": bool(self.converged),
                "boundary": bool(self.boundary), "rank": int(self.rank)}


def glm_fit(x, y, weights=None, offset=None, *, mustart=None, epsilon: float = 1e-8, maxit: int = 25,
            names=None, warn: bool = True) -> GlmFit:
    """``stats::glm.fit(x, y, weights, offset=offset, family=binomial())`` for 0/1 ``y``.

    ``x`` is the full model matrix (include the intercept column yourself).  Rows with weight 0
    take no part (as R's ``good``).  ``mustart`` overrides binomial's ``(w*y + 0.5)/(w + 1)``.
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

    eta = logit_link(mu0)
    mu = logit_linkinv(eta)
    devold = _r_sum(binomial_dev_resids(y, mu, w))
    coefold = None
    start = np.zeros(p)
    coef = start
    conv = boundary = False
    rank = p
    it = 0
    for it in range(1, maxit + 1):
        mu_eta = logit_mu_eta(eta)
        good = mu_eta != 0
        varmu = mu * (1.0 - mu)
        z = (eta - off)[good] + (y - mu)[good] / mu_eta[good]
        ww = np.sqrt((w[good] * mu_eta[good] ** 2) / varmu[good])
        cf, piv = _wls(x[good] * ww[:, None], z * ww, tol)
        rank = int(np.sum(~np.isnan(cf)))
        if not np.all(np.isfinite(cf[~np.isnan(cf)])):
            conv = False
            if warn:
                warnings.warn(f"non-finite coefficients at iteration {it}", RWarning, stacklevel=2)
            break
        start = np.where(np.isnan(cf), 0.0, cf)  # aliased columns: NA in R, contributing nothing
        eta = x @ start + off
        mu = logit_linkinv(eta)
        dev = _r_sum(binomial_dev_resids(y, mu, w))
        boundary = False
        if not math.isfinite(dev):
            if coefold is None:
                raise InputError("glm: no valid set of coefficients has been found: please supply starting values")
            ii = 1
            while not math.isfinite(dev):
                if ii > maxit:
                    raise InputError("glm: inner loop 1; cannot correct step size")
                ii += 1
                start = (start + coefold) / 2
                eta = x @ start + off
                mu = logit_linkinv(eta)
                dev = _r_sum(binomial_dev_resids(y, mu, w))
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
        eps10 = 10 * DBL_EPSILON
        if np.any(mu > 1 - eps10) or np.any(mu < eps10):
            warnings.warn("glm.fit: fitted probabilities numerically 0 or 1 occurred", RWarning, stacklevel=2)
    coef_out = np.asarray(coef, dtype=np.float64).copy()
    if rank < p:
        coef_out[np.isnan(cf)] = np.nan
    return GlmFit(coef_out, mu, eta, float(_r_sum(binomial_dev_resids(y, mu, w))), it, conv, boundary, rank,
                  list(names) if names is not None else [])

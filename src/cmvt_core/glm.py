"""R's ``glm.fit`` for ``binomial(link = "logit")``, iteration by iteration.

The IRLS itself is the one compiled port ``cmvt_core.kernels.glm_fit.glm_fit_logit``; this module
checks the inputs and speaks R's warnings and errors.  rmda's ``decision_curve`` refits ``glm(formula, data,
family = binomial)`` on the data and in every bootstrap replicate (``cmvt_core.dca``), and
``lrm(...).summary()`` gives ``summary(glm(y ~ ., binomial))``'s Wald table from it
(``cmvt_core.logistic``).  It follows ``stats::glm.fit`` of R 4.2.2 on R's own numerics:

* start: ``mustart = (w*y + 0.5)/(w + 1)``, ``eta = logit(mustart)`` (the offset is *not*
  added to the starting eta, as in R), ``devold`` = deviance at that mu;
* IRLS: ``z = (eta - offset) + (y - mu)/mu.eta(eta)``, working weights
  ``sqrt(w * mu.eta^2 / (mu(1 - mu)))``, and R's ``Cdqrls`` on ``X*w``, ``z*w``: LINPACK
  ``dqrdc2`` (limited pivoting; columns whose norm falls below ``tol = min(1e-7, epsilon/1000)``
  of their original norm are aliased, moved last, coefficient NA) and ``dqrsl``, with the
  reference-BLAS loops R links (``cmvt_core.kernels.linpack``);
* ``eta = x %*% start + offset`` in reference ``dgemv`` order (column by column), deviances
  summed as R's ``sum()`` (sequential long double, emulated exactly in the compiled kernel);
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

import warnings
from dataclasses import dataclass, field

import numpy as np

from .errors import InputError, RWarning
from .kernels import glm_fit as KG
from .kernels.linpack import chol2inv

DBL_EPSILON = np.finfo(float).eps


def logit_linkinv(eta: np.ndarray) -> np.ndarray:
    """``binomial()$linkinv`` (C ``logit_linkinv``) over an array: :func:`cmvt_core.kernels.glm_fit.logit_linkinv`
    value by value (the one implementation, also used inside the IRLS kernel)."""
    a = np.asarray(eta, dtype=np.float64)
    return KG.logit_linkinv_many(np.ascontiguousarray(a).ravel()).reshape(a.shape)


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
        cov[np.ix_(idx, idx)] = chol2inv(self.qr, self.rank)
        return cov

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
    (coef, eta, mu, dev, it, conv, boundary, rank, qr, piv, err, stop, stop_it,
     halved) = KG.glm_fit_logit(np.ascontiguousarray(x), np.ascontiguousarray(y), np.ascontiguousarray(w),
                                np.ascontiguousarray(mu0, dtype=np.float64), np.ascontiguousarray(off),
                                float(epsilon), int(maxit))
    if err == KG.ERR_NO_START:
        raise InputError("glm: no valid set of coefficients has been found: please supply starting values")
    if warn and halved:
        warnings.warn("step size truncated due to divergence", RWarning, stacklevel=2)
    if err == KG.ERR_INNER_LOOP:
        raise InputError("glm: inner loop 1; cannot correct step size")
    if warn:
        if stop == KG.STOP_NOT_INFORMATIVE:
            warnings.warn(f"no observations informative at iteration {stop_it}", RWarning, stacklevel=2)
        elif stop == KG.STOP_NONFINITE_COEF:
            warnings.warn(f"non-finite coefficients at iteration {stop_it}", RWarning, stacklevel=2)
        if not conv:
            warnings.warn("glm.fit: algorithm did not converge", RWarning, stacklevel=2)
        if boundary:
            warnings.warn("glm.fit: algorithm stopped at boundary value", RWarning, stacklevel=2)
        eps10 = 10 * DBL_EPSILON
        if np.any(mu > 1 - eps10) or np.any(mu < eps10):
            warnings.warn("glm.fit: fitted probabilities numerically 0 or 1 occurred", RWarning, stacklevel=2)
    return GlmFit(coef, mu, eta, float(dev), int(it), bool(conv), bool(boundary), int(rank),
                  list(names) if names is not None else [], qr if qr.shape[1] > 0 else None,
                  np.asarray(piv, dtype=np.int64))

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

import math
import warnings
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import ArrayLike

from .errors import InputError, RWarning
from .kernels import glm_fit as KG
from .kernels.linpack import chol2inv

DBL_EPSILON = np.finfo(float).eps

__all__ = ["glm_fit", "logit_linkinv", "GlmFit"]


def logit_linkinv(eta: ArrayLike) -> np.ndarray:
    """The inverse logit link exactly as ``binomial()$linkinv`` (C ``logit_linkinv``), value by value
    through :func:`cmvt_core.kernels.glm_fit.logit_linkinv` (the one implementation, also used by the IRLS).

    eta below -30 or above 30 is clamped to ``DBL_EPSILON`` / ``1/DBL_EPSILON`` before ``x/(1+x)``.

    Parameters
    ----------
    eta : array_like
        Linear predictors.

    Returns
    -------
    numpy.ndarray
        Probabilities, eta's shape.

    Notes
    -----
    R call: ``binomial()$linkinv(eta)``.

    Examples
    --------
    >>> import numpy as np
    >>> from cmvt_core.glm import logit_linkinv
    >>> logit_linkinv(np.array([-40.0, 0.0, 1.0]))
    array([2.22044605e-16, 5.00000000e-01, 7.31058579e-01])
    """
    return KG.logit_linkinv_many(eta)


@dataclass
class GlmFit:
    """The parts of R's glm object used here (R names, dots to underscores).

    Attributes
    ----------
    coefficients : numpy.ndarray
        The coefficients (intercept first).
    fitted_values, linear_predictors : numpy.ndarray
        Per observation.
    deviance : float
        The residual deviance.
    iter : int
        IRLS iterations.
    converged, boundary : bool
        R's flags.
    rank : int
        The rank of the QR.
    names : list of str
        The coefficients' names.
    qr : numpy.ndarray or None
        The last Cdqrls factor (transposed, as dqrdc2), or None.
    pivot : numpy.ndarray
        dqrdc2's column pivot.
    """

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

    def _coef_table(self) -> tuple[list[list[str]], list[str]]:
        from . import _printing as P
        from .kernels.distributions import pnorm
        b = np.asarray(self.coefficients, dtype=float)
        se = np.sqrt(np.diag(self.cov_unscaled()))
        with np.errstate(divide="ignore", invalid="ignore"):
            z = b / se
        p = np.array([2 * float(pnorm(-abs(v))) if v == v else math.nan for v in z])
        names = list(self.names) or [f"x{j + 1}" for j in range(len(b))]
        # printCoefmat's rules: estimate and SE rounded to digits (4) beyond the largest's integer part, z to 3
        acs = np.abs(np.concatenate([b, se]))
        acs = acs[np.isfinite(acs) & (acs != 0)]
        digmin = 1 + (int(np.floor(np.log10(acs.min()))) if acs.size else 0)
        es = P.format_num(P.r_round(np.concatenate([b, se]), max(1, 4 - digmin)), 4)
        return [es[:len(b)], es[len(b):], P.format_num(P.r_round(z, 3), 4), P.format_pval(p, 3)], names

    def __str__(self) -> str:
        """The coefficient table of ``summary(glm(..., binomial))`` (Estimate, Std. Error, z value,
        Pr(>|z|); no significance stars) and the residual deviance."""
        from . import _printing as P
        cols, names = self._coef_table()
        tab = P.print_matrix(cols, ["Estimate", "Std. Error", "z value", "Pr(>|z|)"], names)
        return "\n".join(["Coefficients:", tab, "", f"Residual deviance: {P.format1(self.deviance, 5)}",
                          f"Number of Fisher Scoring iterations: {self.iter}"])

    def __repr__(self) -> str:
        from . import _printing as P
        return P.short(str(self))

    def _repr_html_(self) -> str:
        from . import _printing as P
        cols, names = self._coef_table()
        return P.html_block("glm (binomial)", P.html_table(cols, ["Estimate", "Std. Error", "z value", "Pr(>|z|)"],
                                                           names))

    def to_dict(self) -> dict:
        return {"coefficients": dict(zip(self.names, map(float, self.coefficients))) if self.names
                else [float(c) for c in self.coefficients],
                "deviance": float(self.deviance), "iter": int(self.iter), "converged": bool(self.converged),
                "boundary": bool(self.boundary), "rank": int(self.rank)}


def glm_fit(x: ArrayLike, y: ArrayLike, weights: ArrayLike | None = None, offset: ArrayLike | float | None = None, *,
            mustart: ArrayLike | None = None, epsilon: float = 1e-8, maxit: int = 25,
            names: list[str] | None = None, warn: bool = True) -> GlmFit:
    """Fit a logistic regression by R's ``glm.fit`` IRLS for ``binomial(link = "logit")``.

    Rows with weight 0 take no part (as R's ``good``).  The iterations, stopping rule, aliasing and
    warnings are R's (module docstring).

    Parameters
    ----------
    x : array_like
        The full (n, p) model matrix (include the intercept column yourself).
    y : array_like
        The 0/1 outcome, n values.
    weights : array_like or None, default None
        Prior weights (finite, >= 0); None is all ones.
    offset : array_like or float or None, default None
        An offset added to the linear predictor; None is 0.
    mustart : array_like or None, default None
        Starting fitted values, overriding binomial's ``(w*y + 0.5)/(w + 1)``.
    epsilon : float, default 1e-8
        ``glm.control(epsilon)``: the relative deviance change that stops the iterations.
    maxit : int, default 25
        ``glm.control(maxit)``.
    names : list of str or None, default None
        Coefficient names kept on the result (for ``to_dict``).
    warn : bool, default True
        False silences R's warnings (non-convergence, fitted probabilities 0 or 1, ...).

    Returns
    -------
    GlmFit
        ``coefficients`` (NaN where aliased), ``fitted_values``, ``linear_predictors``, ``deviance``,
        ``iter``, ``converged``, ``boundary``, ``rank`` and ``cov_unscaled()``.

    Raises
    ------
    InputError
        For a non-2-D x, y not 0/1 or of the wrong length, bad weights, non-finite x, or R's glm errors.

    Notes
    -----
    R call: ``stats::glm.fit(x, y, weights = weights, offset = offset, family = binomial())`` (R 4.2.2).

    Examples
    --------
    >>> import numpy as np
    >>> from cmvt_core.glm import glm_fit
    >>> from cmvt_core.datasets import load_cmvt_cohort
    >>> d = load_cmvt_cohort().astype(float)
    >>> X = np.column_stack([np.ones(len(d)), d[["age_group", "post_nlr"]].to_numpy()])
    >>> g = glm_fit(X, d["cmvt"].to_numpy())
    >>> g.coefficients.round(4), round(g.deviance, 3), g.iter, g.converged
    (array([-2.1657,  1.3003,  0.1328]), 374.166, 4, True)
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

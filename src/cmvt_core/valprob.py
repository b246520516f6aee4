"""External validation of predicted probabilities as ``rms::val.prob(p, y, pl = FALSE)`` (rms 6.5-0).

val.prob's statistics, each from the kernel that ports the R code behind it:

* ``f.fixed <- lrm.fit(logit, y, initial = c(0, 1), maxit = 1L)``: the Newton loop of
  :mod:`cmvt_core.kernels.lrm_fit` with maxit = 1, i.e. no step at all, only lrmfit's last pass at
  (0, 1): -2 log L of the predictions as they are, and ``ftable``'s binned rank statistics
  (``gcorr``).  Its stats give "Dxy", "C (ROC)", "R2" and "D:Chi-sq" (the likelihood ratio of the
  predictions against the null model), and its "P" is NA because ``initial`` was given: rms 6.5-0's
  "D:p" is NA, copied here.
* ``f.recal <- lrm.fit(logit, y)``: the same kernel, rms's start and stopping rule, giving the
  logistic recalibration "Intercept" and "Slope" and the -2 log L behind "U:Chi-sq".
* ``lowess(p, y, iter = 0)`` (:mod:`cmvt_core.kernels.lowess`, R's ``clowess``) for "Emax", "E90"
  and "Eavg"; the curve is ``.curve``.
* R's ``sum``/``mean``/``quantile`` (:mod:`cmvt_core.kernels.rbase`; the compiled sums through its
  ``rsum_add``, R's long-double accumulation), ``pnorm`` and ``pchisq``
  (:mod:`cmvt_core.kernels.distributions`), and libm's ``log``/``exp`` as R calls them.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numba
import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from . import _printing as P
from . import _validate as V
from .errors import InputError
from .kernels import lrm_fit as K
from .kernels.distributions import pchisq, pnorm
from .kernels.linpack import solvet
from .kernels.lowess import argsort_stable, clowess
from .kernels.rbase import quantile, r_mean, r_sum, rsum_add

__all__ = ["val_prob", "ValProb", "STAT_NAMES"]

#: the names of ``rms::val.prob``'s result, in its order
STAT_NAMES = ("Dxy", "C (ROC)", "R2", "D", "D:Chi-sq", "D:p", "U", "U:Chi-sq", "U:p", "Q", "Brier",
              "Intercept", "Slope", "Emax", "E90", "Eavg", "S:z", "S:p")


@numba.njit(cache=True)
def _terms(p, y, xat, sq):
    """One pass over the observations: ``logit <- qlogis(p)`` (nmath: ``log(p / (1 - p))``) into the
    design row of the two lrm.fit calls (``xat``), ``(p - y)^2`` for the Brier score (``sq``), and
    three of val.prob's sums, each as R's ``sum()`` (sequential long double, ``rsum_add``):
    ``sum(y * logit - logb(1 + exp(logit)))`` (L01), and Spi's ``sum((y - p) * (1 - 2 * p))`` and
    ``sum((1 - 2 * p) * (1 - 2 * p) * p * (1 - p))``.  Returns (L01 sum, Spi numerator, Spi
    denominator sum, number of events)."""
    h1 = 0.0
    l1 = 0.0
    h2 = 0.0
    l2 = 0.0
    h3 = 0.0
    l3 = 0.0
    n1 = 0
    for i in range(p.shape[0]):
        pi = p[i]
        yi = y[i]
        lg = math.log(pi / (1.0 - pi))
        xat[0, i] = 1.0
        xat[1, i] = lg
        d = pi - yi
        sq[i] = d * d
        h1, l1 = rsum_add(h1, l1, yi * lg - math.log(1.0 + math.exp(lg)))
        a = 1.0 - 2.0 * pi
        h2, l2 = rsum_add(h2, l2, (yi - pi) * a)
        h3, l3 = rsum_add(h3, l3, a * a * pi * (1.0 - pi))
        if yi != 0.0:
            n1 += 1
    return h1, h2, h3, n1


@dataclass
class ValProb:
    """The result of :func:`val_prob`: ``rms::val.prob(p, y, pl = FALSE)``'s statistics and its smoother.

    Attributes
    ----------
    stats : dict
        The 18 statistics keyed as rms names them, in rms's order (``STAT_NAMES``); "D:p" is NaN (R's NA).
    curve : pandas.DataFrame
        ``lowess(p, y, iter = 0)``: columns ``predy`` (p sorted, ties kept) and ``calibrated``, n rows.
    n : int
        The number of observations.
    converged : bool
        Whether the recalibration fit ``lrm.fit(logit, y)`` converged (rms returns its last iterate
        either way, without a word; False e.g. when the predictions separate the outcome).
    """

    stats: dict
    curve: pd.DataFrame
    n: int
    converged: bool = True

    def __str__(self) -> str:
        """``print(val.prob(p, y, pl = FALSE))``: R's print of the named vector (7 significant digits)."""
        return P.print_named(list(self.stats.values()), list(self.stats))

    def __repr__(self) -> str:
        return P.short(str(self))

    def _repr_html_(self) -> str:
        vals = P.format_num(list(self.stats.values()), 7)
        return P.html_block(f"val.prob (n = {self.n})",
                            P.html_table([vals], ["value"], list(self.stats), rowhead="statistic"))

    def to_dict(self) -> dict:
        """Plain data: ``stats`` (name -> float, NaN for NA), ``curve`` (``predy``, ``calibrated`` lists),
        ``n`` and ``converged``."""
        return {"stats": {k: float(v) for k, v in self.stats.items()},
                "curve": {"predy": self.curve["predy"].tolist(), "calibrated": self.curve["calibrated"].tolist()},
                "n": int(self.n), "converged": bool(self.converged)}


def val_prob(p: ArrayLike, y: ArrayLike) -> ValProb:
    """Validate predicted probabilities against observed 0/1 outcomes as ``rms::val.prob`` does.

    The 18 statistics of ``rms::val.prob(p, y, pl = FALSE)`` (rms 6.5-0), to R's numbers: Somers'
    Dxy and the C index (binned, as ``lrm.fit`` bins them), Nagelkerke's R2, the discrimination
    index D with its chi-square, the unreliability index U with its chi-square and p-value, the
    quality index Q = D - U, the Brier score, the logistic recalibration's intercept and slope, the
    maximum, 90th percentile and mean absolute difference between p and the ``lowess(p, y, iter = 0)``
    calibration curve, and Spiegelhalter's z test.  R's oddities are kept: "D:p" is NA (rms takes it
    from a one-iteration ``lrm.fit`` started at ``initial = c(0, 1)``, whose P is NA), and Dxy, C, R2
    and "D:Chi-sq" come from that same fit, i.e. from the predictions as they are.

    Parameters
    ----------
    p : array_like
        Predicted probabilities, each strictly between 0 and 1 (list, numpy array or pandas Series).
    y : array_like
        The observed 0/1 outcome, one per prediction (numbers 0/1 or booleans), both values present.

    Returns
    -------
    ValProb
        ``.stats`` (dict keyed as rms names the statistics, in its order), ``.curve`` (DataFrame
        ``predy, calibrated``: the lowess curve, n rows sorted by p), ``.n``, ``.converged``.

    Raises
    ------
    InputError
        A p outside (0, 1) or missing (naming the row; rms drops p of exactly 0 or 1 from the
        logistic fits with a warning but keeps them in the other statistics), lengths that differ,
        a y that is not 0/1, one outcome class only or fewer than 3 rows (rms's ``lrm.fit`` stops),
        or a constant p (rms then returns 19 numbers under 18 names).

    Notes
    -----
    R call: ``rms::val.prob(p, y, pl = FALSE)`` (rms 6.5-0; its figure:
    :meth:`cmvt_core.plots.CalibrationDisplay.from_val_prob`).

    Examples
    --------
    >>> from cmvt_core import lrm, val_prob
    >>> from cmvt_core.datasets import load_cmvt_cohort
    >>> d = load_cmvt_cohort().astype(float)
    >>> cols = ["age_group", "post_nlr"]
    >>> p = lrm(d.iloc[:200][cols], d.iloc[:200]["cmvt"]).predict(d.iloc[200:][cols], type="fitted")
    >>> vp = val_prob(p, d.iloc[200:]["cmvt"])
    >>> round(vp.stats["C (ROC)"], 4), round(vp.stats["Slope"], 4), vp.stats["D:p"]
    (0.766, 1.5225, nan)
    >>> vp.curve.shape
    (119, 2)
    """
    pv = V.float_vector(p, "p", low=0.0, high=1.0, low_open=True, high_open=True)
    yv = V.outcome01(y, "y")
    V.same_length("p", pv.shape[0], "y", yv.shape[0])
    n = pv.shape[0]
    if n < 3:
        raise InputError(f"val_prob needs at least 3 observations (rms's lrm.fit stops below 3); got {n}")
    pmin, pmax = float(pv.min()), float(pv.max())
    if pmin == pmax:
        raise InputError(f"p is constant ({V.show(pmin)} in every row): rms::val.prob then returns 19 numbers under "
                         "18 names; there is no calibration to assess")
    xat = np.empty((2, n))
    sq = np.empty(n)
    l01_sum, spi_num, spi_den, n1 = _terms(pv, yv, xat, sq)
    n0 = n - n1
    if n1 == 0 or n0 == 0:
        raise InputError(f"y has only one level ({'1' if n0 == 0 else '0'} in every row): rms::val.prob's lrm.fit "
                         "needs both 0 and 1")
    yi = yv.astype(np.int64)
    ones = np.ones(n)

    # f.fixed <- lrm.fit(logit, y, initial = c(0, 1), maxit = 1L): lrmfit's last pass at (0, 1) only
    sumwty = np.array([float(n0), float(n1)])
    sumwt = r_sum(sumwty)
    L0 = -2.0 * r_sum(sumwty * np.log(sumwty / sumwt))
    ftable = np.zeros((K.NBINS, 2))
    beta = np.array([0.0, 1.0])
    _st, L_fixed, _u, V_fixed, _rank, _piv = K.newton(xat, yi, ones, beta, np.int64(1), 0.025, 1e-7, K.FALSE,
                                                       K.TRUE, K.TRUE, ftable)
    if np.isnan(solvet(V_fixed, 1e-7)).any():
        raise InputError("p is too close to constant: the information matrix of rms's lrm.fit(logit(p), y) is "
                         "singular (rms::val.prob stops there)")
    c_index, dxy, _gamma, _taua = K.gcorr(ftable, n0, n1)
    lr = L0 - float(L_fixed)
    r2 = (1.0 - math.exp(-lr / sumwt)) / (1.0 - math.exp(-L0 / sumwt))

    # f.recal <- lrm.fit(logit, y): rms's start, Newton steps and final pass
    coef = np.empty(2)
    status, _L0, L_recal = K.fit_counts(xat, yi, ones, K.MAXIT, 0.025, 1e-7, coef, K.FALSE, K.TRUE)
    if status == K.FAIL_SINGULAR:
        raise InputError("the logistic recalibration lrm.fit(logit(p), y) has a singular information matrix "
                         "(p too close to constant); rms::val.prob stops there")

    # lowess(p, y, iter = 0) and approx(Sm, xout = p, ties = mean)$y: at a knot approx returns the knot's
    # value, and clowess gives tied x one value (the mean of equal numbers is that number), so the
    # calibrated value of row i is the fit at its sorted position
    o = argsort_stable(pv)
    xs = np.ascontiguousarray(pv[o])
    ys = np.empty(n)
    clowess(xs, np.ascontiguousarray(yv[o]), 2.0 / 3.0, 0, 0.01 * (pmax - pmin), ys, np.empty(n), np.empty(n),
            False)
    cal = np.empty(n)
    cal[o] = ys
    er = np.abs(pv - cal)

    D = (lr - 1.0) / n
    L01 = -2.0 * l01_sum
    u_chisq = L01 - float(L_recal)
    U = (u_chisq - 2.0) / n
    z = spi_num / math.sqrt(spi_den)
    values = (dxy, c_index, r2, D, lr, math.nan, U, u_chisq, 1.0 - pchisq(u_chisq, 2.0), D - U, r_mean(sq),
              coef[0], coef[1], float(er.max()), float(quantile(er, 0.9)[0]), r_mean(er), z,
              2.0 * float(pnorm(-abs(z))))
    stats = {k: float(v) for k, v in zip(STAT_NAMES, values)}
    curve = pd.DataFrame({"predy": xs, "calibrated": ys})
    return ValProb(stats, curve, n, status == K.OK)

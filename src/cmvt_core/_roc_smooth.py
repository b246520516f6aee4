"""``pROC::smooth`` of a ROC curve: binormal, density and fitdistr smoothing (docs/R_ALGORITHMS.md, "pROC smooth").

* ``binormal`` (``smooth.roc.binormal``): ``lm(qnorm(sp) ~ qnorm(se))`` over the finite points (LINPACK
  ``dqrdc2`` with lm's ``tol = 1e-7``, as ``lm.fit``), predicted at ``qnorm(seq(0, 1, 1/(n-1)))``; the AUC is
  ``pnorm(a / sqrt(1 + b^2))``.
* ``density`` (``smooth.roc.density``): ``bw = bw.nrd0(c(controls, cases))``, ``density(controls)`` and
  ``density(cases)`` on the common range ``[min - 3 bw, max + 3 bw]`` (:mod:`.kernels.density`), then
  ``roc.utils.perfs.dens`` at the thresholds ``(1:n) + 0.5`` of the grid index.
* ``fitdistr`` (``smooth.roc.fitdistr``): ``MASS::fitdistr``'s closed forms (normal, lognormal,
  exponential), the densities on ``seq(min, max, length.out = n)`` and ``roc.utils.perfs.dens`` there.

Every sum of densities is R's ``sum`` (long double, in index order, each subset summed afresh as
``sum(dens[x >= t])``): ``rbase.rsum_add`` in a compiled O(n^2) loop, as R's ``sapply`` is O(n^2).  The points
are sorted as ``sort.smooth.roc`` (reversed when the specificities are unsorted) and framed by (sp 0, se 1)
and (sp 1, se 0); the AUC of a density or fitdistr curve is ``auc.roc``'s trapezoid sum (R's ``sum``).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numba
import numpy as np

from . import _validate as V
from .errors import InputError
from .kernels.density import bw_nrd0, density as _density
from .kernels.distributions import dnorm, pnorm, qnorm
from .kernels.linpack import dqrdc2, dqrsl_coef
from .kernels.rbase import r_mean, r_sum, r_var, rsum_add, seq_by, seq_len_out

if TYPE_CHECKING:
    from .roc import Roc

__all__ = ["SmoothRoc", "smooth"]

_METHODS = ("binormal", "density", "fitdistr", "logcondens", "logcondens.smooth")
_FITDISTR = {"normal": "normal", "lognormal": "lognormal", "log-normal": "lognormal", "exponential": "exponential"}
_FITDISTR_ALL = ("beta", "cauchy", "chi-squared", "exponential", "f", "gamma", "geometric", "log-normal",
                 "lognormal", "logistic", "negative binomial", "normal", "poisson", "t", "weibull")


@dataclass(eq=False)
class SmoothRoc:
    """A smoothed ROC curve, equal to ``pROC::smooth(roc, method, n, ...)``.

    Attributes
    ----------
    sensitivities, specificities : numpy.ndarray
        The smoothed curve (``n + 2`` points, specificities increasing, framed by (0, 1) and (1, 0);
        in percent when the curve is).
    auc : float
        ``auc(smoothed)``: binormal ``pnorm(a / sqrt(1 + b^2))``, otherwise the trapezoid sum.
    method : str
        ``"binormal"``, ``"density"`` or ``"fitdistr"``.
    n : int
        The number of smoothed points.
    percent : bool
        Whether sensitivities, specificities and AUC are in percent.
    direction : str
        The direction of the curve smoothed.
    roc : Roc
        The curve smoothed (pROC's ``attr(smooth, "roc")``).
    model : dict or None
        Binormal: ``{"intercept": a, "slope": b}`` (``coef(smooth$model)``).
    fit_controls, fit_cases : dict or None
        fitdistr: the distribution and its estimates (``smooth$fit.controls$estimate``).
    bw : float or None
        density: the bandwidth used.
    """

    sensitivities: np.ndarray
    specificities: np.ndarray
    auc: float
    method: str
    n: int
    percent: bool
    direction: str
    roc: object = field(repr=False)
    model: dict | None = None
    fit_controls: dict | None = None
    fit_cases: dict | None = None
    bw: float | None = None
    smoothing_args: dict = field(default_factory=dict, repr=False)
    partial_auc: tuple | None = None  # the curve's partial-AUC interval (pROC: attributes of roc$auc, reused)
    partial_auc_focus: str = "specificity"
    partial_auc_correct: bool = False

    def __str__(self) -> str:
        from . import _printing as P
        return "\n".join([f"Smoothing: {self.method}", f"Area under the curve: {P.format1(P.signif(self.auc, 4))}"])

    def __repr__(self) -> str:
        return f"SmoothRoc(method={self.method!r}, n={self.n}, auc={self.auc!r})"

    def var(self, method: str = "bootstrap", *, boot_n: int = 2000, boot_stratified: bool = True, seed=None) -> float:
        """``var(smooth(roc))``: the bootstrap variance of the smoothed AUC (each replicate re-smoothed, as
        pROC's ``var.roc.bootstrap``); pROC refuses DeLong and Obuchowski for smoothed curves."""
        from ._roc_var import var_roc

        return var_roc(self, method, boot_n, boot_stratified, seed)

    def ci_auc(self, conf_level: float = 0.95, method: str = "bootstrap", *, boot_n: int = 2000,
               boot_stratified: bool = True, seed=None):
        """The bootstrap CI of the smoothed AUC, as pROC's ``ci.auc.smooth.roc``.

        Each replicate resamples the curve's observations (controls then cases, or all rows when not
        stratified) with R's stream and is smoothed again with the same arguments; its AUC is full or
        partial as the curve's.  Replicates whose smoothing fails are dropped with pROC's warning.

        Parameters
        ----------
        conf_level : float, default 0.95
            The confidence level.
        method : {"bootstrap"}, default "bootstrap"
            pROC has no DeLong CI of a smoothed curve (anything else raises).
        boot_n : int, default 2000
            Bootstrap replicates.
        boot_stratified : bool, default True
            Resample controls and cases separately.
        seed : int or None, default None
            As if R had run ``set.seed(seed)`` just before; None draws fresh entropy.

        Returns
        -------
        CiAuc
            (lower, median, upper), in percent for a percent curve.

        Raises
        ------
        InputError
            Bad arguments, or densities given as numbers (pROC stops).

        Notes
        -----
        R call: ``set.seed(seed); pROC::ci.auc(smooth, conf.level = conf_level, boot.n = boot_n,
        boot.stratified = boot_stratified)``.

        Examples
        --------
        >>> from cmvt_core import roc, smooth
        >>> y = [0, 0, 1, 1, 0, 1, 0, 1, 1, 0, 0, 1]
        >>> s = smooth(roc(y, [0.1, 0.4, 0.35, 0.8, 0.2, 0.9, 0.5, 0.6, 0.3, 0.45, 0.15, 0.7]))
        >>> len(s.ci_auc(boot_n=50, seed=1))
        3
        """
        return ci_auc_smooth(self, conf_level, method, boot_n, boot_stratified, seed)

    def _check_resamplable(self, what: str) -> None:
        """pROC stops when the densities were given as numbers (they cannot follow a resampled curve)."""
        a = self.smoothing_args
        if _is_numeric(a.get("density_controls")) or _is_numeric(a.get("density_cases")):
            raise InputError(f"Cannot compute {what} of ROC curves smoothed with numeric density.controls and "
                             "density.cases. (pROC stops)")

    def _is_perfect(self) -> bool:
        top = 100.0 if self.percent else 1.0
        return abs(float(np.max(self.sensitivities + self.specificities)) / top - 2) < 1.4901161193847656e-08


# ================================================================== helpers
def _unsorted_reverse(se: np.ndarray, sp: np.ndarray):
    """``sort.smooth.roc``: reverse both when ``is.unsorted(sp)``."""
    if sp.shape[0] > 1 and np.any(sp[1:] < sp[:-1]):
        return se[::-1].copy(), sp[::-1].copy()
    return se, sp


def _lm_line(x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """``coef(lm(y ~ x))`` by LINPACK dqrdc2/dqrsl with ``tol = 1e-7`` (``lm.fit``); NaN slope when aliased."""
    X = np.column_stack([np.ones(x.shape[0]), x])
    qr, rank, qraux, piv = dqrdc2(X, 1e-7)
    if rank < 2:
        return math.nan, math.nan
    b = dqrsl_coef(qr, rank, qraux, np.ascontiguousarray(y, dtype=np.float64))
    coef = np.empty(2)
    coef[piv[:2]] = b
    return float(coef[0]), float(coef[1])


def binormal_coef(r, unpercent: bool = False) -> tuple[float, float]:
    """The binormal model of ``smooth.roc.binormal``: ``coef(lm(qnorm(sp) ~ qnorm(se)))`` on the finite points.
    A percent curve: ``sp * (1/100)`` as smooth.roc.binormal, or ``sp / 100`` when the caller has run pROC's
    ``roc.utils.unpercent`` first (``unpercent=True``: var.roc, power.roc.test)."""
    sp = np.asarray(r.specificities, dtype=np.float64)
    se = np.asarray(r.sensitivities, dtype=np.float64)
    if getattr(r, "percent", False):
        sp, se = (sp / 100.0, se / 100.0) if unpercent else (sp * (1 / 100), se * (1 / 100))
    qsp = qnorm(sp)
    qse = qnorm(se)
    keep = np.isfinite(qsp) & np.isfinite(qse)
    if int(keep.sum()) <= 1:
        raise InputError("ROC curve not smoothable (not enough points): the binormal fit needs at least 2 points "
                         "with sensitivity and specificity strictly between 0 and 1")
    a, b = _lm_line(qse[keep], qsp[keep])
    if math.isnan(b):
        raise InputError("ROC curve not smoothable (not enough points): the binormal slope is aliased (all finite "
                         "points share one sensitivity)")
    return a, b


@numba.njit(cache=True)
def _perfs_dens(x, thr, dc, dk, less):  # pragma: no cover - compiled
    """``sapply(thr, roc.utils.perfs.dens, x, dens.controls = dc, dens.cases = dk, direction)``: each
    ``sum(dens[mask])`` summed afresh in index order with R's long-double ``sum`` (``rsum_add``)."""
    L = thr.shape[0]
    se = np.empty(L)
    sp = np.empty(L)
    hc, lc = 0.0, 0.0
    hk, lk = 0.0, 0.0
    for j in range(x.shape[0]):
        hc, lc = rsum_add(hc, lc, dc[j])
        hk, lk = rsum_add(hk, lk, dk[j])
    for t in range(L):
        th = thr[t]
        htp, ltp = 0.0, 0.0
        htn, ltn = 0.0, 0.0
        for j in range(x.shape[0]):
            if less:
                if x[j] >= th:
                    htp, ltp = rsum_add(htp, ltp, dk[j])
                if x[j] < th:
                    htn, ltn = rsum_add(htn, ltn, dc[j])
            else:
                if x[j] <= th:
                    htp, ltp = rsum_add(htp, ltp, dk[j])
                if x[j] > th:
                    htn, ltn = rsum_add(htn, ltn, dc[j])
        sp[t] = htn / hc
        se[t] = htp / hk
    return se, sp


def _density_values(d, values, n, from_, to, bw, name):
    """``density.controls`` / ``density.cases``: None (R's density), a callable or numeric values."""
    if d is None:
        return _density(values, n=n, from_=from_, to=to, bw=bw)[1]
    if callable(d):
        out = d(values, n=n, from_=from_, to=to, bw=bw)
        if isinstance(out, tuple) and len(out) == 2:
            out = out[1]
        elif hasattr(out, "y"):
            out = out.y
        elif isinstance(out, dict) and "y" in out:
            out = out["y"]
        return V.float_vector(out, name)
    if isinstance(d, str):
        raise InputError(f"'{name}' must be either None, a function or numeric values of density (over the y "
                         f"axis), not {d!r}")
    return V.float_vector(d, name)


# ================================================================== the three smoothers
def _smooth_binormal(r, n: int):
    a, b = binormal_coef(r)
    se_q = qnorm(seq_by(0.0, 1.0, 1.0 / (n - 1)))
    with np.errstate(invalid="ignore"):
        sp_q = a + b * se_q  # predict.lm: X %*% coef (intercept column of ones)
    return pnorm(se_q), pnorm(sp_q), {"model": {"intercept": a, "slope": b}}


def _smooth_density(r, n, density_controls, density_cases, bw):
    extra = {}
    if not (_is_numeric(density_controls) and _is_numeric(density_cases)):
        predictor = np.concatenate([r.controls, r.cases])
        if isinstance(bw, str):
            if bw != "nrd0":
                raise InputError(f"bw={bw!r}: only 'nrd0' (pROC's default) or a positive number is supported")
            if predictor.shape[0] < 2:
                raise InputError("density smoothing needs at least 2 observations to select a bandwidth")
            bw = bw_nrd0(predictor)
        else:
            bw = V.number(bw, "bw", low=0, low_open=True)
        from_ = float(np.min(predictor)) - 3 * bw
        to = float(np.max(predictor)) + 3 * bw
        extra["bw"] = float(bw)
    else:
        from_ = to = None
    if density_controls is None and r.controls.shape[0] < 2 and extra.get("bw") is None:
        raise InputError("density smoothing needs at least 2 controls")
    dc = _density_values(density_controls, r.controls, n, from_, to, bw, "density_controls")
    dk = _density_values(density_cases, r.cases, n, from_, to, bw, "density_cases")
    if dc.shape[0] != dk.shape[0]:
        raise InputError(f"Length of 'density_controls' ({dc.shape[0]}) and 'density_cases' ({dk.shape[0]}) differ.")
    grid = np.arange(1, dc.shape[0] + 1, dtype=np.float64) + 0.5
    se, sp = _perfs_dens(grid, grid, np.ascontiguousarray(dc), np.ascontiguousarray(dk), r.direction == "<")
    return se, sp, extra


def _is_numeric(d) -> bool:
    return d is not None and not callable(d) and not isinstance(d, str)


def _fit(values: np.ndarray, dist: str, who: str) -> dict:
    """``MASS::fitdistr(values, dist)``'s closed forms."""
    k = values.shape[0]
    if dist == "normal":
        if k < 2:
            raise InputError(f"fitdistr: the {who} need at least 2 values for a normal fit (sd is NA)")
        return {"densfun": "normal", "mean": r_mean(values), "sd": math.sqrt((k - 1) / k) * math.sqrt(r_var(values))}
    if dist == "lognormal":
        if np.any(values <= 0):
            raise InputError(f"fitdistr: need positive values to fit a log-Normal (the {who} have values <= 0)")
        lx = np.log(values)
        return {"densfun": "lognormal", "meanlog": r_mean(lx), "sdlog": math.sqrt((k - 1) / k) * math.sqrt(r_var(lx))}
    if np.any(values < 0):
        raise InputError(f"fitdistr: Exponential values must be >= 0 (the {who} have negative values)")
    return {"densfun": "exponential", "rate": 1 / r_mean(values)}


def _dens(fit: dict, x: np.ndarray) -> np.ndarray:
    if fit["densfun"] == "normal":
        return dnorm(x, fit["mean"], fit["sd"])
    if fit["densfun"] == "lognormal":  # R's dlnorm
        ml, sl = fit["meanlog"], fit["sdlog"]
        out = np.zeros(x.shape[0])
        for i, v in enumerate(x.tolist()):
            if v > 0:
                y = (math.log(v) - ml) / sl
                out[i] = 0.398942280401432677939946059934 * math.exp(-0.5 * y * y) / (v * sl)
        return out
    scale = 1 / fit["rate"]  # R's dexp(x, rate) = dexp(x, scale = 1/rate): exp(-x / scale) / scale
    return np.array([math.exp(-v / scale) / scale if v >= 0 else 0.0 for v in x.tolist()])


def _densfun(d, name) -> str:
    if d is None:
        return "normal"
    if not isinstance(d, str):
        raise InputError(f"{name}: only a distribution name is supported, not {type(d).__name__}")
    hits = [k for k in _FITDISTR_ALL if k.startswith(d)]
    full = d if d in _FITDISTR_ALL else (hits[0] if len(hits) == 1 else None)
    if full is None:
        raise InputError(f"{name}={d!r} is not one of pROC's distributions ({', '.join(_FITDISTR_ALL)})")
    if full not in _FITDISTR:
        raise InputError(f"{name}={full!r}: MASS::fitdistr fits it by optim(), which is not ported; the closed-form "
                         "fits 'normal', 'lognormal' and 'exponential' are")
    return _FITDISTR[full]


def _smooth_fitdistr(r, n, density_controls, density_cases, start_controls, start_cases):
    dist_c = _densfun(density_controls, "density_controls")
    dist_k = _densfun(density_cases, "density_cases")
    for st, dist, nm in ((start_controls, dist_c, "start_controls"), (start_cases, dist_k, "start_cases")):
        if st is not None:
            raise InputError(f"{nm}: MASS::fitdistr stops with 'supplying pars for the {dist} distribution is not "
                             "supported' (start values are for optim() fits)")
    fc = _fit(np.asarray(r.controls, dtype=np.float64), dist_c, "controls")
    fk = _fit(np.asarray(r.cases, dtype=np.float64), dist_k, "cases")
    allv = np.concatenate([r.controls, r.cases])
    x = seq_len_out(float(np.min(allv)), float(np.max(allv)), n)
    se, sp = _perfs_dens(x, x, _dens(fc, x), _dens(fk, x), r.direction == "<")
    return se, sp, {"fit_controls": fc, "fit_cases": fk}


# ================================================================== smooth()
def smooth(roc: Roc, *, method: str = "binormal", n: int = 512, bw: float | str = "nrd0", density: Any = None,
           density_controls: Any = None, density_cases: Any = None, start: Any = None, start_controls: Any = None,
           start_cases: Any = None, from_: float | None = None, to: float | None = None) -> SmoothRoc:
    """Smooth a ROC curve as ``pROC::smooth``.

    Parameters
    ----------
    roc : Roc
        A result of :func:`cmvt_core.roc`.
    method : {"binormal", "density", "fitdistr"}, default "binormal"
        pROC's smoothing methods ("logcondens" needs an R package Debian does not ship: refused).
    n : int, default 512
        The number of smoothed points.
    bw : "nrd0" or float, default "nrd0"
        density: the bandwidth (R's ``bw.nrd0`` of all observations).
    density, density_controls, density_cases : None, str, callable or array_like
        density: numeric densities (the same length for both), or a callable ``f(x, n=, from_=, to=, bw=)``
        returning densities; fitdistr: the distribution name ("normal", "lognormal", "exponential").
        ``density`` sets both.
    start, start_controls, start_cases : None
        fitdistr's optim() start values: MASS refuses them for the closed-form fits.
    from_, to : None
        Passed on by pROC to ``density()`` beside its own from/to, where R stops ("formal argument 'from'
        matched by multiple actual arguments"); anything but None is refused the same way.

    Returns
    -------
    SmoothRoc
        ``sensitivities``, ``specificities``, ``auc``, ``model`` (binormal), ``fit_controls``/``fit_cases``
        (fitdistr), ``bw`` (density).

    Raises
    ------
    InputError
        An unknown method, a curve with too few points for the binormal fit, densities of different
        lengths, or a method needing an R package Debian lacks.

    Notes
    -----
    R call: ``pROC::smooth(roc, method = method, n = n, bw = bw, density.controls = density_controls,
    density.cases = density_cases)``.

    Examples
    --------
    >>> from cmvt_core import roc, smooth
    >>> r = roc([0, 0, 1, 1, 0, 1, 0, 1, 1, 0], [0.1, 0.4, 0.35, 0.8, 0.2, 0.9, 0.5, 0.6, 0.3, 0.45])
    >>> s = smooth(r)
    >>> round(s.auc, 4), s.sensitivities.shape
    (0.6473, (514,))
    """
    from .roc import Roc

    if not isinstance(roc, Roc):
        raise InputError(f"smooth needs a result of cmvt_core.roc(), not {type(roc).__name__}")
    if not isinstance(method, str) or method not in _METHODS:
        raise InputError(f"method must be one of {', '.join(repr(m) for m in _METHODS[:3])}, not {method!r}")
    if method.startswith("logcondens"):
        raise InputError(f"method={method!r} needs the R package logcondens, which Debian does not ship; it is not "
                         "ported")
    n = V.whole(n, "n", low=2)
    if density is not None:
        density_controls = density if density_controls is None else density_controls
        density_cases = density if density_cases is None else density_cases
    if start is not None:
        start_controls = start if start_controls is None else start_controls
        start_cases = start if start_cases is None else start_cases
    if from_ is not None or to is not None:
        raise InputError("from_/to: pROC passes them to density() beside its own from/to and R stops with 'formal "
                         "argument \"from\" matched by multiple actual arguments'; the range is min/max -+ 3 bw")
    percent = bool(getattr(roc, "percent", False))
    extra: dict = {}
    if method == "binormal":
        se, sp, extra = _smooth_binormal(roc, n)
    elif method == "density":
        se, sp, extra = _smooth_density(roc, n, density_controls, density_cases, bw)
    else:
        se, sp, extra = _smooth_fitdistr(roc, n, density_controls, density_cases, start_controls, start_cases)
    if percent:
        se, sp = se * 100, sp * 100
    se, sp = _unsorted_reverse(se, sp)
    top = 100.0 if percent else 1.0
    sp = np.concatenate([[0.0], sp, [top]])
    se = np.concatenate([[top], se, [0.0]])
    pa = getattr(roc, "partial_auc", None)
    if pa is not None:  # smooth.roc reuses the attributes of roc$auc: auc.smooth.roc(partial.auc, ...)
        auc = smooth_auc(se, sp, method, extra.get("model"), percent, pa, roc.partial_auc_focus,
                         roc.partial_auc_correct)
    elif method == "binormal":
        m = extra["model"]
        auc = pnorm(m["intercept"] / math.sqrt(1 + m["slope"] ** 2)) * (100.0 ** 2 if percent else 1.0)
        if percent:
            auc = auc / 100
    else:
        auc = smooth_auc_trapezoid(se, sp)
        if percent:
            auc = auc / 100
    args = {"method": method, "n": n, "bw": bw, "density_controls": density_controls, "density_cases": density_cases}
    return SmoothRoc(sensitivities=se, specificities=sp, auc=float(auc), method=method, n=n, percent=percent,
                     direction=roc.direction, roc=roc, model=extra.get("model"), fit_controls=extra.get("fit_controls"),
                     fit_cases=extra.get("fit_cases"), bw=extra.get("bw"), smoothing_args=args,
                     partial_auc=pa, partial_auc_focus=getattr(roc, "partial_auc_focus", "specificity"),
                     partial_auc_correct=bool(getattr(roc, "partial_auc_correct", False)))


def smooth_auc(se, sp, method: str, model, percent: bool, partial_auc, focus: str = "specificity",
               correct: bool = False, allow_invalid: bool = False) -> float:
    """``auc.roc`` of a smoothed curve: binormal and full, ``pnorm(a / sqrt(1 + b^2))``; otherwise the
    trapezoids (partial: pROC's interpolated ends, McClish's correction) of ``_roc_auc.auc_value``."""
    from ._roc_auc import auc_value

    if partial_auc is None and method == "binormal":
        a = pnorm(model["intercept"] / math.sqrt(1 + model["slope"] ** 2)) * (100.0 ** 2 if percent else 1.0)
        return float(a / 100 if percent else a)
    if partial_auc is None:
        a = smooth_auc_trapezoid(se, sp)
        return float(a / 100 if percent else a)
    return auc_value(se, sp, partial_auc, focus, correct, percent, allow_invalid)


def replicate_aucs_smoothed(r, gids: np.ndarray, labels: np.ndarray, args: dict,
                            keep_percent: bool = False) -> np.ndarray:
    """The smoothed AUC of each resampled curve of ``r`` (rows of tie-group ids into ``r._u`` and case labels,
    as ``roc.replicate_aucs`` takes them): pROC's ``stratified.ci.smooth.auc`` / ``nonstratified.ci.smooth.auc``
    and the ``roc.cc.nochecks(..., smooth = TRUE)`` replicates of ``bootstrap.test`` / ``bootstrap.cov``: the
    replicate's controls and cases in their drawn order, its curve smoothed with ``args``
    (``SmoothRoc.smoothing_args``) and ``auc.roc`` with ``r``'s partial-AUC interval and
    ``allow.invalid.partial.auc.correct = TRUE``; NaN where a class is missing or the smoothing fails (pROC's
    ``try``).  In fractions (ci.auc and var unpercent the curve), or, with ``keep_percent`` and a percent curve,
    in percent as ``bootstrap.test``'s replicates (built in percent, smoothed and summed in percent)."""
    pct = bool(keep_percent and r.percent)
    pa = r.partial_auc
    if pa is not None and r.percent and not pct:
        pa = (pa[0] / 100, pa[1] / 100)  # roc.utils.unpercent
    out = np.empty(gids.shape[0])
    coef_only = pa is None and args["method"] == "binormal"  # auc.roc uses only coef(model): skip the points
    for i, s in enumerate(_smoothed_replicates(r, gids, labels, args, coef_only, pct)):
        if coef_only:
            out[i] = math.nan if s is None else smooth_auc(None, None, "binormal", {"intercept": s[0], "slope": s[1]},
                                                           pct, None)
            continue
        if s is None:
            out[i] = math.nan
        elif pa is None:
            out[i] = s.auc
        else:
            out[i] = smooth_auc(s.sensitivities, s.specificities, s.method, s.model, pct, pa, r.partial_auc_focus,
                                r.partial_auc_correct, allow_invalid=True)
    return out


def _smoothed_replicates(r, gids: np.ndarray, labels: np.ndarray, args: dict, coef_only: bool = False,
                         percent: bool = False):
    """Yields the smoothed curve of each resampled curve of ``r`` (in percent with ``percent``), or None where a
    class is missing or the smoothing fails (pROC's ``try``); ``coef_only`` (binormal): the model's (a, b) only."""
    from .roc import _build

    sign = -1.0 if r.direction == ">" else 1.0
    empty = np.empty(0, dtype=np.int64)
    for i in range(gids.shape[0]):
        v = sign * r._u[gids[i]]
        lab = labels[i]
        ctrl, case = v[~lab], v[lab]
        if ctrl.shape[0] == 0 or case.shape[0] == 0:
            yield None
            continue
        y = np.concatenate([np.zeros(ctrl.shape[0]), np.ones(case.shape[0])])
        p = np.concatenate([ctrl, case])
        rb = _build(y, p, r.direction, y, p, empty, percent=percent)
        try:
            if coef_only:
                yield binormal_coef(rb)
                continue
            yield smooth(rb, method=args["method"], n=args["n"], bw=args["bw"],
                         density_controls=args["density_controls"], density_cases=args["density_cases"])
        except InputError:
            yield None


def smooth_coord(s: SmoothRoc, x: float, by_se: bool) -> float:
    """``coords(smooth, x, input = "specificity", ret = "sensitivity")`` (``by_se=False``) or the specificity at
    sensitivity ``x``: coords.roc's exact point or interpolation on the smoothed points."""
    from ._roc_coords import point_at

    se, sp = s.sensitivities, s.specificities
    _, a, b = point_at(se if by_se else sp, se, sp, float(x), by_se)
    return b if by_se else a


def replicate_sesp_smoothed(r, gids: np.ndarray, labels: np.ndarray, args: dict, x: float, by_se: bool) -> np.ndarray:
    """``coords`` at ``x`` (a specificity, or a sensitivity with ``by_se``) of each smoothed resampled curve
    (``bootstrap.test``'s "sp"/"se" replicates with smoothing); NaN where the replicate fails."""
    # roc.cc.nochecks keeps the curve's percent: the replicate smoothed in percent, x in percent
    return np.array([math.nan if s is None else smooth_coord(s, x, by_se)
                     for s in _smoothed_replicates(r, gids, labels, args, percent=bool(r.percent))])


def ci_auc_smooth(s: SmoothRoc, conf_level, method, boot_n, boot_stratified, seed):
    """``pROC:::ci.auc.smooth.roc``: ``Roc.ci_auc``'s bootstrap on the curve smoothed, each replicate smoothed."""
    if method != "bootstrap":
        raise InputError(f"ci_auc of a smoothed curve: pROC's ci.auc.smooth.roc only bootstraps (method='bootstrap'), "
                         f"not {method!r}")
    s._check_resamplable("CI")
    return s.roc._ci_auc(conf_level, "bootstrap", boot_n, boot_stratified, seed, smoothing=s.smoothing_args,
                         perfect=s._is_perfect())


def smooth_auc_trapezoid(se: np.ndarray, sp: np.ndarray) -> float:
    """``auc.roc``'s full AUC: ``sum(((se[-1] + se[-L]) / 2) * (sp[-1] - sp[-L]))`` with R's ``sum``."""
    return r_sum(((se[1:] + se[:-1]) / 2) * (sp[1:] - sp[:-1]))

"""``pROC::var``, ``pROC::cov`` and ``pROC::ci.thresholds`` of ROC curves (docs/R_ALGORITHMS.md, "pROC var, cov,
ci.thresholds").

* DeLong: ``var(Y)/n + var(X)/m`` and ``cov(X2, X1)/m + cov(Y2, Y1)/n`` on the placements in the data's order
  (R's ``var``/``cov``: ``kernels.rbase.r_var`` / ``r_cov``).
* Obuchowski: the binormal model of ``smooth(roc)`` (``_roc_smooth.binormal_coef``), ``kappa = n/m``,
  ``var.params.obuchowski`` / ``cov.params.obuchowski`` (full AUC) divided by the number of cases; the
  covariance uses ``cor(cases1, cases2)`` and ``cor(controls1, controls2)`` (``rbase.r_cor``).
* Bootstrap: R's draws in pROC's order.  ``var``: ``ci.auc``'s replicates (``roc._resample``: controls then
  cases per replicate, or ``sample(1:N)`` not stratified) and ``var(aucs)``.  ``cov``
  (``bootstrap.cov`` -> ``stratified.bootstrap.test``): ``sample(1:n_controls)`` then ``sample(1:n_cases)``
  per replicate, the same indices for both curves (paired), or ``sample(1:N)`` not stratified; ``cov`` of
  the replicate pairs after dropping pairs with an NA.  Every replicate AUC (full or partial) goes through
  ``roc.replicate_aucs``.
* ``ci.thresholds``: per replicate ``sample(controls)`` then ``sample(cases)`` (or ``sample(1:N)``), the
  specificity and sensitivity at each threshold by ``roc.utils.perfs`` (counts ``>=`` / ``<``), then R's
  type-7 quantiles at ``(1 - conf)/2, 0.5, 1 - (1 - conf)/2`` over the replicates without NA.
"""
from __future__ import annotations

import math
import warnings
from typing import TYPE_CHECKING

import numba
import numpy as np
import pandas as pd

from . import _validate as V
from ._docs import fill_doc
from .errors import InputError, RWarning
from .kernels.rbase import quantile as _r_quantile
from .kernels.distributions import pnorm, qnorm
from .kernels.rbase import r_cor, r_cov, r_var
from ._roc_tests import replicate_pairs
from .roc import _bootstrap_aucs, _resample  # also registers roc's doc pieces used below
from .rrandom import RRNG

if TYPE_CHECKING:
    from .roc import Roc

__all__ = ["cov", "var_roc", "ci_thresholds"]


def _scale(r) -> float:
    return 100.0 if getattr(r, "percent", False) else 1.0


def _has_partial(r) -> bool:
    pa = getattr(r, "partial_auc", None)
    return pa is not None and pa is not False


# ================================================================== Obuchowski
def _qn(p: float) -> float:
    return float(qnorm(np.array([p]))[0])


def _pn(q: float) -> float:
    return float(pnorm(q))


_PI = math.pi


def _expr1(A, B):
    return math.exp(-(A * A) / (2 * (1 + B * B)))


def _expr2(B):
    return 1 + B * B


def _cdagger(A, B, fpr):
    return (_qn(fpr) + A * B * (1 + B * B) ** (-1)) * (1 + B * B) ** (1 / 2)


def _f(A, B, fpr1=None, fpr2=None):
    if fpr1 is None:
        return _expr1(A, B) * (2 * _PI * _expr2(B)) ** (-1 / 2)
    c1, c2 = _cdagger(A, B, fpr1), _cdagger(A, B, fpr2)
    return _expr1(A, B) * (2 * _PI * _expr2(B)) ** (-1 / 2) * (_pn(c1) - _pn(c2))


def _g(A, B, fpr1=None, fpr2=None):
    if fpr1 is None:
        return -_expr1(A, B) * A * B * (2 * _PI * _expr2(B) ** 3) ** (-1 / 2)
    c1, c2 = _cdagger(A, B, fpr1), _cdagger(A, B, fpr2)
    e1, e2 = _expr1(A, B), _expr2(B)
    e3 = _pn(c1) - _pn(c2)
    e4 = math.exp(-((c1 * c1) / 2)) - math.exp(-((c2 * c2) / 2))
    return e1 * (2 * _PI * e2) ** (-1) * (-e4) - A * B * e1 * (2 * _PI * e2 ** 3) ** (-1 / 2) * e3


def _var_params(A, B, kappa, fpr1=None, fpr2=None):
    """var.params.obuchowski."""
    f, g = _f(A, B, fpr1, fpr2), _g(A, B, fpr1, fpr2)
    return (f * f) * (1 + (B * B) / kappa + (A * A) / 2) + (g * g) * (B * B) * (1 + kappa) / (2 * kappa)


def _cov_params(A1, B1, A2, B2, rn, ra, kappa, f11=None, f12=None, f21=None, f22=None):
    """cov.params.obuchowski."""
    full = f11 is None or f12 is None or f21 is None or f22 is None
    f1 = _f(A1, B1) if full else _f(A1, B1, f11, f12)
    f2 = _f(A2, B2) if full else _f(A2, B2, f21, f22)
    g1 = _g(A1, B1) if full else _g(A1, B1, f11, f12)
    g2 = _g(A2, B2) if full else _g(A2, B2, f21, f22)
    return (f1 * f2 * (ra + rn * B1 * B2 / kappa + (ra * ra) * A1 * A2 / 2)
            + g1 * g2 * (B1 * B2 * ((rn * rn) + kappa * (ra * ra)) / (2 * kappa))
            + f1 * g2 * ((ra * ra) * A1 * B2 / 2) + f2 * g1 * ((ra * ra) * A2 * B1 / 2))


def _fprs(r, unpercent: bool = True) -> tuple:
    """(FPR1, FPR2) of a partial AUC on specificity (pROC: 1 - sorted partial.auc), else (None, None).  The
    bounds of a percent curve are divided by 100 when pROC has unpercented the curve (var.roc, power.roc.test);
    cov.roc does not (``unpercent=False``): pROC 1.18.0 then takes 1 - 80 and its qnorm gives NaN, mirrored."""
    pa = getattr(r, "partial_auc", None)
    if pa is None or pa is False:
        return (None, None)
    if getattr(r, "partial_auc_focus", "specificity") == "sensitivity":
        raise InputError("Obuchowski method is not supported for partial AUC on sensitivity region. Use "
                         "method='bootstrap' instead.")
    hi, lo = sorted((float(v) for v in pa), reverse=True)
    if unpercent and getattr(r, "percent", False):
        hi, lo = hi / 100, lo / 100
    return (1 - lo, 1 - hi)


def var_obuchowski(r) -> float:
    """``var.roc.obuchowski(roc) / length(roc$cases)`` on the unpercented curve (a partial AUC on specificity
    through FPR1 = 1 - lo, FPR2 = 1 - hi, as pROC)."""
    from ._roc_smooth import binormal_coef

    f = _fprs(r)
    A, B = binormal_coef(r, unpercent=True)
    return _var_params(A, B, r.n_controls / r.n_cases, *f) / r.n_cases


def cov_obuchowski(r1, r2, unpercent: bool = True) -> float:
    """``cov.roc.obuchowski(roc1, roc2) / length(roc1$cases)`` (full or partial AUC as pROC).  ``unpercent``:
    the curves were unpercented first (power.roc.test); ``cov.roc`` of percent curves does not (False)."""
    from ._roc_smooth import binormal_coef

    f1, f2 = _fprs(r1, unpercent), _fprs(r2, unpercent)
    A1, B1 = binormal_coef(r1, unpercent)
    A2, B2 = binormal_coef(r2, unpercent)
    ra = r_cor(r1.cases, r2.cases)
    rn = r_cor(r1.controls, r2.controls)
    with np.errstate(invalid="ignore"):
        return _cov_params(A1, B1, A2, B2, rn, ra, r1.n_controls / r1.n_cases, *f1, *f2) / r1.n_cases


def cov_delong(r1, r2) -> float:
    """DeLong's ``cov(X2, X1)/m + cov(Y2, Y1)/n`` of two paired curves' placements (R's ``cov``, fractions)."""
    m, n = r1.n_cases, r1.n_controls
    X1, Y1 = r1._placements_in_order()
    X2, Y2 = r2._placements_in_order()
    return r_cov(X2, X1) / m + r_cov(Y2, Y1) / n


# ================================================================== var()
def _boot_args(r, boot_n, boot_stratified, seed):
    boot_n = V.replicates(boot_n, "boot_n", n=r.n_cases + r.n_controls)
    boot_stratified = V.flag(boot_stratified, "boot_stratified")
    V.seed(seed)
    return int(boot_n), bool(boot_stratified)


def _drop_na(aucs: np.ndarray, stacklevel: int = 4) -> np.ndarray:
    bad = np.isnan(aucs)
    if bad.ndim > 1:
        bad = bad.any(axis=1)
    k = int(bad.sum())
    if k:
        warnings.warn(f"{k} NA value(s) produced during bootstrap were ignored.", RWarning, stacklevel=stacklevel)
        aucs = aucs[~bad]
    return aucs


def var_roc(r, method: str, boot_n, boot_stratified, seed) -> float:
    """``pROC::var(roc, method, boot.n, boot.stratified)`` for a Roc or a SmoothRoc."""
    from ._roc_smooth import SmoothRoc

    smoothed = isinstance(r, SmoothRoc)
    if not isinstance(method, str) or method not in ("delong", "bootstrap", "obuchowski"):
        raise InputError(f"var: method must be 'delong', 'bootstrap' or 'obuchowski', not {method!r}")
    if smoothed and method == "delong":
        raise InputError('DeLong method is not supported for smoothed ROCs. Use method="bootstrap" instead.')
    if smoothed and method == "obuchowski":
        raise InputError("Using Obuchowski for smoothed ROCs is not supported. Use method=\"bootstrap\" instead.")
    base = r.roc if smoothed else r
    if smoothed and base.percent:  # var.roc calls roc.utils.unpercent, which has no smooth.roc method
        raise InputError("var of a smoothed percent curve: pROC 1.18.0 stops (\"no applicable method for "
                         "'roc.utils.unpercent' applied to an object of class 'smooth.roc'\"); smooth a curve built "
                         "with percent=False and multiply by 100^2")
    if method == "bootstrap":
        boot_n, boot_stratified = _boot_args(base, boot_n, boot_stratified, seed)
    if base._is_perfect():
        warnings.warn("var() of a ROC curve with AUC == 1 is always 0 and can be misleading.", RWarning, stacklevel=3)
    if method == "delong":
        if _has_partial(base):
            raise InputError('DeLong method is not supported for partial AUC. Use method="bootstrap" instead.')
        v = base._var_delong()
    elif method == "obuchowski":
        v = var_obuchowski(base)
    elif smoothed:
        v = r_var(_drop_na(_bootstrap_aucs(base, boot_n, boot_stratified, RRNG(seed), smoothing=r.smoothing_args)))
    else:
        v = r_var(_drop_na(_bootstrap_aucs(base, boot_n, boot_stratified, RRNG(seed))))
    return v * _scale(base) ** 2


# ================================================================== cov()
@fill_doc
def cov(roc1: Roc, roc2: Roc, *, method: str | None = None, boot_n: int = 2000, boot_stratified: bool = True,
        seed: int | None = None, reuse_auc: bool = True) -> float:
    """The covariance of the AUCs of two paired ROC curves, as ``pROC::cov``.

    Parameters
    ----------
    roc1, roc2 : Roc or SmoothRoc
        Two results of :func:`cmvt_core.roc` (or :func:`cmvt_core.smooth` of one) on the same observations
        (pROC's paired curves).  A smoothed curve takes the bootstrap only: each replicate resamples the
        curve's observations and is smoothed again with the same arguments, as pROC's ``bootstrap.cov``.
    method : {"delong", "bootstrap", "obuchowski"} or None, default None
        DeLong's placements, the paired bootstrap, or Obuchowski's binormal formula.  None is pROC's missing
        ``method``: the bootstrap when ``roc1`` has a partial AUC, a curve is smoothed or the directions
        differ, otherwise DeLong.
    {{roc_boot_args}}
    reuse_auc : bool, default True
        pROC's argument; the curves' AUCs are always those of the curves (full AUC).

    Returns
    -------
    float
        ``cov(roc1, roc2)``; 0 (with an ``RWarning``, where pROC prints a message) for unpaired curves.

    Raises
    ------
    InputError
        Not two Roc results, an unknown method, or paired curves whose missing predictors differ.

    Notes
    -----
    R call: ``set.seed(seed); pROC::cov(roc1, roc2, method = method, boot.n = boot_n, boot.stratified =
    boot_stratified)``.

    Examples
    --------
    >>> from cmvt_core import cov, roc
    >>> y = [0, 0, 1, 1, 0, 1, 0, 1, 1, 0]
    >>> r1 = roc(y, [0.1, 0.4, 0.35, 0.8, 0.2, 0.9, 0.5, 0.6, 0.3, 0.45])
    >>> r2 = roc(y, [1, 3, 2, 5, 2, 4, 1, 3, 5, 2])
    >>> round(cov(r1, r2), 6)
    0.008
    """
    from ._roc_smooth import SmoothRoc
    from .roc import Roc, _are_paired, _smoothing_key

    if not isinstance(roc1, (Roc, SmoothRoc)) or not isinstance(roc2, (Roc, SmoothRoc)):
        raise InputError("cov needs two results of cmvt_core.roc() or cmvt_core.smooth()")
    sm1 = roc1 if isinstance(roc1, SmoothRoc) else None  # cov.roc: smoothing.args, then attr(smooth, "roc")
    sm2 = roc2 if isinstance(roc2, SmoothRoc) else None
    perfect = (roc1._is_perfect() and roc2._is_perfect())
    roc1 = roc1 if sm1 is None else sm1.roc
    roc2 = roc2 if sm2 is None else sm2.roc
    smoothed = sm1 is not None or sm2 is not None
    if method is None:  # cov.roc with method missing
        method = "bootstrap" if (_has_partial(roc1) or smoothed or roc1.direction != roc2.direction) else "delong"
    if not isinstance(method, str) or method not in ("delong", "bootstrap", "obuchowski"):
        raise InputError(f"cov: method must be 'delong', 'bootstrap' or 'obuchowski', not {method!r}")
    V.flag(reuse_auc, "reuse_auc")
    if method == "bootstrap":
        boot_n, boot_stratified = _boot_args(roc1, boot_n, boot_stratified, seed)
    if perfect:
        warnings.warn("cov() of two ROC curves with AUC == 1 is always 0 and can be misleading.", RWarning,
                      stacklevel=2)
    paired, _, _ = _are_paired(roc1, roc2)
    if not paired:
        warnings.warn("ROC curves are unpaired.", RWarning, stacklevel=2)
        return 0.0
    if not (roc1.response.shape == roc2.response.shape and np.array_equal(roc1.response, roc2.response)):
        raise InputError("cov: the curves share their response but drop different rows for missing predictors; "
                         "pROC would pair observations of different rows (build both curves on the complete rows)")
    if _smoothing_key(sm1) != _smoothing_key(sm2):
        warnings.warn("Different smoothing parameters in the ROC curves. Enforcing the inconsistency, but unexpected "
                      "results may be produced.", RWarning, stacklevel=2)
    if method == "delong" and smoothed and not (_has_partial(roc1) or _has_partial(roc2)):
        raise InputError('DeLong method is not supported for smoothed ROCs. Use method="bootstrap" instead. '
                         '(pROC stops)')
    if method == "obuchowski" and smoothed:
        raise InputError('Obuchowski method is not supported for smoothed ROCs. Use method="bootstrap" instead. '
                         '(pROC stops)')
    if method in ("delong", "obuchowski") and roc1.direction != roc2.direction:
        name = "DeLong" if method == "delong" else "Obuchowski"
        warnings.warn(f"{name} method should not be applied to ROC curves with a different direction.", RWarning,
                      stacklevel=2)
    scale = _scale(roc1)
    if method == "delong":
        if _has_partial(roc1) or _has_partial(roc2):
            raise InputError('DeLong method is not supported for partial AUC. Use method="bootstrap" instead.')
        return cov_delong(roc1, roc2) * scale ** 2
    if method == "obuchowski":
        return cov_obuchowski(roc1, roc2, unpercent=False) * scale ** 2
    rng = RRNG(seed)
    a, b = replicate_pairs(roc1, roc2, "boot", None, True, boot_n, boot_stratified, rng,  # bootstrap.cov's draws
                           None if sm1 is None else sm1.smoothing_args, None if sm2 is None else sm2.smoothing_args)
    vals = _drop_na(np.column_stack([a, b]), stacklevel=3)
    vals = vals * np.array([1.0 if sm1 is not None else scale, 1.0 if sm2 is not None else scale])  # smoothed: in %
    return r_cov(vals[:, 0], vals[:, 1])


# ================================================================== ci.thresholds()
def _local_maximas(thr: np.ndarray, sp: np.ndarray, se: np.ndarray) -> np.ndarray:
    """pROC's ``roc.utils.max.thresholds.idx`` (the curve's stored order: specificities increasing)."""
    reversed_ = bool(np.any(sp[1:] < sp[:-1]))
    if reversed_:
        thr, sp, se = thr[::-1], sp[::-1], se[::-1]
    seen = set()
    dup = np.zeros(thr.shape[0], dtype=bool)
    for i, key in enumerate(zip(sp.tolist(), se.tolist())):
        dup[i] = key in seen
        seen.add(key)
    s, e = sp[~dup], se[~dup]
    L = s.shape[0]
    if L == 1:
        lm = np.array([True])
    elif L == 2:
        lm = np.array([e[0] > e[1], s[1] > s[0]])
    else:
        lm = [e[0] > e[1]]
        for i in range(1, L - 1):
            lm.append(bool((s[i] > s[i - 1] and e[i] > e[i + 1]) or (s[i] > s[i - 1] and e[i] == 0)
                           or (e[i] > e[i - 1] and s[i] == 1)))
        lm.append(s[L - 1] > s[L - 2])
        lm = np.array(lm)
    out = np.zeros(thr.shape[0], dtype=bool)
    out[~dup] = lm
    return out  # pROC's `if (reversed) rev(local.maximas)` discards its value: the mask stays unreversed


@numba.njit(cache=True)
def _thr_perfs(G, gids, labels, kidx):  # pragma: no cover - compiled
    """``sapply(thresholds, roc.utils.perfs, controls, cases)`` per replicate: sp = #controls below / n,
    se = #cases at or above / m (working orientation; ``kidx[t]`` = number of tie groups below threshold t).
    ``cnt[1, g + 1]`` / ``cnt[0, g + 1]`` count the replicate's cases / controls in tie group g, then
    become prefix sums (``cnt[:, G]`` the class sizes)."""
    B = gids.shape[0]
    T = kidx.shape[0]
    sp = np.empty((B, T))
    se = np.empty((B, T))
    cnt = np.zeros((2, G + 1), dtype=np.int64)
    for r in range(B):
        cnt[:, :] = 0
        for k in range(gids.shape[1]):
            cnt[np.int64(labels[r, k]), gids[r, k] + 1] += 1
        for g in range(G):
            cnt[0, g + 1] += cnt[0, g]
            cnt[1, g + 1] += cnt[1, g]
        n = cnt[0, G]
        m = cnt[1, G]
        for t in range(T):
            sp[r, t] = cnt[0, kidx[t]] / n
            se[r, t] = (m - cnt[1, kidx[t]]) / m
    return sp, se


def ci_thresholds(r, thresholds, conf_level, boot_n, boot_stratified, seed) -> pd.DataFrame:
    """``set.seed(seed); pROC::ci.thresholds(roc, thresholds = thresholds, ...)`` as a DataFrame."""
    conf_level = V.probability(conf_level, "conf_level")
    boot_n, boot_stratified = _boot_args(r, boot_n, boot_stratified, seed)
    if r._is_perfect():
        warnings.warn("ci.thresholds() of a ROC curve with AUC == 1 is always a null interval and can be misleading.",
                      RWarning, stacklevel=3)
    if isinstance(thresholds, str):
        opts = [o for o in ("all", "best", "local maximas") if o.startswith(thresholds)] if thresholds else []
        if len(opts) != 1:
            raise InputError(f"thresholds must be 'all', 'best', 'local maximas' or numbers, not {thresholds!r}")
        scale = _scale(r)
        se, sp = r.sensitivities / scale, r.specificities / scale
        if opts[0] == "all":
            mask = np.ones(r.thresholds.shape[0], dtype=bool)
        elif opts[0] == "best":
            mask = r._best_mask("youden", (1.0, 0.5))
        else:
            mask = _local_maximas(r.thresholds, sp, se)
        thr = r.thresholds[mask]
    elif isinstance(thresholds, (np.ndarray, list, tuple)) and len(thresholds) and all(
            isinstance(v, (bool, np.bool_)) for v in np.asarray(thresholds).ravel().tolist()):
        mask = np.asarray(thresholds, dtype=bool)
        if mask.shape[0] != r.thresholds.shape[0]:
            raise InputError(f"thresholds: a logical mask needs {r.thresholds.shape[0]} values (one per threshold), "
                             f"not {mask.shape[0]}")
        thr = r.thresholds[mask]
    else:
        thr = V.float_vector(np.atleast_1d(np.asarray(thresholds, dtype=object)), "thresholds", nan_ok=False,
                             inf_ok=True)
    tw = thr if r.direction == "<" else -thr
    kidx = np.searchsorted(r._u, tw, side="left").astype(np.int64)
    G = r._u.shape[0]
    sps, ses = [], []
    for gids, lab in _resample(r, boot_n, boot_stratified, RRNG(seed)):
        sp_b, se_b = _thr_perfs(G, gids, lab, kidx)
        sps.append(sp_b)
        ses.append(se_b)
    sp_all, se_all = np.concatenate(sps), np.concatenate(ses)
    bad = np.isnan(sp_all).any(axis=1) | np.isnan(se_all).any(axis=1)
    if bad.any():
        msg = ("NA value(s) produced during bootstrap were ignored." if thr.shape[0] > 1
               else "NaN value(s) in bootstrap ignored in confidence interval.")
        warnings.warn(msg, RWarning, stacklevel=3)
        sp_all, se_all = sp_all[~bad], se_all[~bad]
    probs = np.array([0 + (1 - conf_level) / 2, 0.5, 1 - (1 - conf_level) / 2])
    sc = _scale(r)
    qsp = np.array([_r_quantile(sp_all[:, t], probs, type=7) for t in range(thr.shape[0])]).reshape(-1, 3) * sc
    qse = np.array([_r_quantile(se_all[:, t], probs, type=7) for t in range(thr.shape[0])]).reshape(-1, 3) * sc
    return pd.DataFrame({"threshold": thr, "sp_lower": qsp[:, 0], "sp_median": qsp[:, 1], "sp_upper": qsp[:, 2],
                         "se_lower": qse[:, 0], "se_median": qse[:, 1], "se_upper": qse[:, 2]})

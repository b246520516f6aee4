"""The area under a ROC curve, full or partial, as pROC 1.18.0's ``auc.roc`` (issue 21; R_ALGORITHMS.md 6.4).

One routine, :func:`auc_raw` (compiled), computes the area of a curve stored as pROC stores it (specificities
increasing); :func:`auc_value` adds the percent scaling and McClish's correction.  Every caller that needs the
AUC of a curve uses them: ``roc()``, ``auc()``, the bootstrap of ``ci_auc`` (one replicate at a time, in
compiled code) and, through ``Roc._auc_of``, the other bootstraps.

pROC's rule, step by step (``partial.auc`` sorted decreasing: ``hi >= lo``):

* full: ``sum(((se[-1] + se[-L]) / 2) * (sp[-1] - sp[-L]))``;
* partial, focus "specificity": ``x = sp, y = se``; focus "sensitivity": ``x = rev(se), y = rev(sp)``;
  the points with ``lo <= x <= hi`` are summed by the trapezoid rule (R's ``sum``: a long-double
  accumulation, here :func:`kernels.rbase.rsum_add`, bit for bit); when no point lies in the interval,
  the area is the interval's width times the mean of the two interpolated ``y`` at ``hi`` and ``lo``;
  otherwise, when ``hi`` (``lo``) is not itself a point, the trapezoid from the nearest point inside to
  the interpolated point at ``hi`` (``lo``) is added, with pROC's proportions and operation order;
* with ``percent`` (``se``, ``sp`` in percent) the sum is divided by 100;
* ``partial.auc.correct``: ``min = sum(pct - pa) * |diff(pa)| / 2 / pct``, ``max = |diff(pa)|``; an area
  below ``min`` is NA with pROC's warning (not in the bootstrap: ``allow.invalid.partial.auc.correct``),
  else ``(1 + (auc - min) / (max - min)) / 2`` (``(100 + (auc - min) * 100 / (max - min)) / 2`` in percent).
"""
from __future__ import annotations

import math
import warnings

import numba

from .errors import RWarning
from .kernels.rbase import r_sum, rsum_add

__all__: list[str] = []

MSG_CORRECT = "Partial AUC correction not defined for ROC curves below the diagonal."


@numba.njit(cache=True)
def _first_ge(x, v):  # pragma: no cover - compiled
    """R's ``match(FALSE, x < v)`` (0-based; len(x) when none)."""
    for k in range(x.shape[0]):
        if not x[k] < v:
            return k
    return x.shape[0]


@numba.njit(cache=True)
def _first_gt(x, v):  # pragma: no cover - compiled
    """R's ``match(TRUE, x > v)`` (0-based; len(x) when none)."""
    for k in range(x.shape[0]):
        if x[k] > v:
            return k
    return x.shape[0]


@numba.njit(cache=True)
def auc_raw(se, sp, partial, hi, lo, focus_se):  # pragma: no cover - compiled
    """pROC's ``auc.roc`` before the percent division and the correction (se, sp in pROC's stored order)."""
    L = se.shape[0]
    if not partial:
        s_hi = 0.0
        s_lo = 0.0
        for k in range(L - 1):
            s_hi, s_lo = rsum_add(s_hi, s_lo, ((se[k + 1] + se[k]) / 2) * (sp[k + 1] - sp[k]))
        return s_hi
    if focus_se:
        x = se[::-1].copy()
        y = sp[::-1].copy()
    else:
        x = sp
        y = se
    s_hi = 0.0
    s_lo = 0.0
    cnt = 0
    prev_x = 0.0
    prev_y = 0.0
    has_hi = False
    has_lo = False
    for k in range(L):
        if x[k] <= hi and x[k] >= lo:
            if cnt > 0:
                s_hi, s_lo = rsum_add(s_hi, s_lo, ((y[k] + prev_y) / 2) * (x[k] - prev_x))
            prev_x = x[k]
            prev_y = y[k]
            cnt += 1
            if x[k] == hi:
                has_hi = True
            if x[k] == lo:
                has_lo = True
    auc = s_hi
    if cnt == 0:
        diff_h = hi - lo
        ih = _first_ge(x, hi)
        il = ih - 1
        p_hi = (x[ih] - hi) / (x[ih] - x[il])
        p_lo = (lo - x[il]) / (x[ih] - x[il])
        y_hi = y[ih] + p_hi * (y[il] - y[ih])
        y_lo = y[il] - p_lo * (y[il] - y[ih])
        return ((y_hi + y_lo) / 2) * diff_h
    if not has_hi:
        io = _first_ge(x, hi)
        ii = io - 1
        prop = (hi - x[io]) / (x[ii] - x[io])
        yi = y[io] + prop * (y[ii] - y[io])
        auc = auc + (hi - x[ii]) * (y[ii] + yi) / 2
    if not has_lo:
        io = _first_gt(x, lo) - 1
        ii = io + 1
        prop = (x[ii] - lo) / (x[ii] - x[io])
        yi = y[ii] + prop * (y[io] - y[ii])
        auc = auc + (x[ii] - lo) * (y[ii] + yi) / 2
    return auc


def correct(auc: float, hi: float, lo: float, percent: bool, allow_invalid: bool = False) -> float:
    """McClish's correction as ``auc.roc`` (``roc.utils.min.partial.auc`` / ``max.partial.auc``)."""
    pct = 100.0 if percent else 1.0
    mn = r_sum([pct - hi, pct - lo]) * abs(lo - hi) / 2 / pct
    mx = abs(lo - hi)
    if not allow_invalid and auc < mn:
        warnings.warn(MSG_CORRECT, RWarning, stacklevel=4)
        return math.nan
    if percent:
        return (100 + ((auc - mn) * 100 / (mx - mn))) / 2
    return (1 + ((auc - mn) / (mx - mn))) / 2


def auc_value(se, sp, partial_auc, focus: str, do_correct: bool, percent: bool,
              allow_invalid: bool = False) -> float:
    """The AUC of a curve (se, sp in pROC's stored order, in percent when ``percent``), as ``auc.roc``."""
    if partial_auc is None:
        a = auc_raw(se, sp, False, 0.0, 0.0, False)
    else:
        hi, lo = partial_auc
        a = auc_raw(se, sp, True, float(hi), float(lo), focus == "sensitivity")
    if percent:
        a = a / 100
    if partial_auc is not None and do_correct:
        a = correct(a, float(partial_auc[0]), float(partial_auc[1]), percent, allow_invalid)
    return float(a)

"""rms's ``groupkm``: Kaplan–Meier survival at a time u in groups of a predicted survival (rms 6.5-0).

``groupkm(x, Surv(time, event), m = m, u = u, pl = FALSE)`` groups the rows by Hmisc's ``cut2(x, m = m)``
(quantile groups of about m rows, :func:`cmvt_core.kernels.hmisc.cut2_groups`), or ``cut2(x, g = g)``, or
``cut2(x, cuts)`` (the intervals ``calibrate.cph`` uses), and reports per group the mean of x, the group's
size and events, and the Kaplan–Meier survival at u with its standard error (of the log survival, as
``survfitKM`` gives it).  It is the observed-vs-predicted table of a survival calibration curve: the
apparent curve inside rms's ``calibrate.cph`` and the external calibration of a fixed model in a new cohort.

The per-group Kaplan–Meier (and groupkm's ``x[abs(x) < 1e-10] <- 0``) is the kernel ``calibrate(cph)``
runs for its apparent and bootstrap curves (:mod:`cmvt_core.calibration_cph`), written once.
"""
from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from . import _validate as V
from .errors import InputError, RWarning
from .kaplan_meier import check_time_event

__all__ = ["groupkm"]

COLUMNS = ["x", "n", "events", "KM", "std_err"]


def groupkm(x: ArrayLike, time: ArrayLike, event: ArrayLike, *, u: float, m: int = 50, g: int | None = None,
            cuts: ArrayLike | None = None) -> pd.DataFrame:
    """Kaplan–Meier survival at ``u`` in groups of ``x`` (a predicted survival), as ``rms::groupkm``.

    Parameters
    ----------
    x : array-like of float
        The variable to group by (e.g. each patient's predicted survival at ``u``); rows where it is NaN are
        dropped, as groupkm drops them.
    time : array-like of float
        Follow-up times (finite, >= 0).
    event : array-like of 0/1 or bool
        1 where the time is an event, 0 where censored.
    u : float
        The time at which the Kaplan–Meier survival is read (> 0).
    m : int, default 50
        About this many rows per group: Hmisc's ``cut2(x, m = m)``, i.e. ``g = max(1, floor(n / m))`` quantile
        groups (rms's default 50).
    g : int or None, default None
        The number of quantile groups (``cut2(x, g = g)``), instead of ``m``.
    cuts : array-like of float or None, default None
        Interval cut points (``cut2(x, cuts)``), instead of ``m`` and ``g``.

    Returns
    -------
    pandas.DataFrame
        One row per group, columns ``x`` (the mean of x in the group), ``n``, ``events``, ``KM`` (the
        Kaplan–Meier survival at u), ``std_err`` (its standard error on the log scale): rms's matrix, ``std.err``
        as ``std_err``.  A group of fewer than 2 rows has ``n = events = 0`` and NaN ``KM``/``std_err`` (with R's
        warning "one interval had < 2 observations"); ``KM`` is NaN where the group's follow-up ends before u
        with survival above 0.

    Raises
    ------
    InputError
        Lengths differ, bad times or events, ``u`` <= 0, ``m``/``g`` < 1, or more than one of ``m``/``g``/
        ``cuts`` chosen.

    Notes
    -----
    R call: ``rms::groupkm(x, survival::Surv(time, event), m = m, u = u, pl = FALSE)`` (or ``g = g``, ``cuts =
    cuts``). The means are R's long-double ``mean``; the Kaplan–Meier product and Greenwood's sum are taken in
    double in time order as ``survfitKM`` takes them.

    Examples
    --------
    >>> from cmvt_core import groupkm
    >>> time = [2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 16, 18]
    >>> event = [1, 0, 1, 1, 0, 1, 0, 1, 1, 0, 1, 0]
    >>> pred = [0.2, 0.3, 0.5, 0.35, 0.4, 0.6, 0.55, 0.7, 0.65, 0.8, 0.75, 0.9]
    >>> groupkm(pred, time, event, u=7, m=4).round(4)
            x  n  events     KM  std_err
    0  0.3125  4       2  0.375   0.7638
    1  0.5750  4       3  0.750   0.2887
    2  0.7875  4       2  1.000   0.0000
    """
    from .calibration_cph import _groupkm, _km_groups, _zero_small
    from .kernels.hmisc import cut2_groups
    from .kernels.rbase import r_mean_groups

    t, e = check_time_event(time, event)
    xv = V.float_vector(x, "x", nan_ok=True)
    V.same_length("x", xv.shape[0], "time", t.shape[0])
    uu = V.number(u, "u", low=0, low_open=True)
    if cuts is not None and g is not None:
        raise InputError("give at most one of g and cuts (groupkm takes cuts first, then g, then m)")
    keep = ~np.isnan(xv)
    xv, t, e = xv[keep], t[keep], e[keep]
    if xv.shape[0] == 0:
        raise InputError("x has no value that is not missing")
    if cuts is not None:
        cv = np.sort(V.float_vector(cuts, "cuts", nan_ok=False))
        out = _groupkm(xv, t, e, cv, uu)
        counts = out[:, 1]  # 0 for a group of fewer than 2 rows
    else:
        if g is None:
            mm = V.whole(m, "m", low=1)
            ng = max(1, math.floor(xv.shape[0] / mm))
        else:
            ng = V.whole(g, "g", low=1)
        xz = np.array(xv, dtype=np.float64)
        _zero_small(xz)  # groupkm's x[abs(x) < 1e-10] <- 0, before cut2
        code1, lows = cut2_groups(xz, ng)
        code = code1 - 1
        k = lows.shape[0]
        out = np.empty((k, 5))
        _km_groups(code, t, e, k, uu, out, np.argsort(t, kind="stable"))
        o = np.argsort(code, kind="stable")
        bounds = np.searchsorted(code[o], np.arange(k + 1))
        out[:, 0] = r_mean_groups(xz[o], bounds)
        counts = np.diff(bounds)
    if np.any(counts < 2):
        warnings.warn("one interval had < 2 observations", RWarning, stacklevel=2)
    df = pd.DataFrame(out, columns=COLUMNS)
    df["n"] = df["n"].astype(np.int64)
    df["events"] = df["events"].astype(np.int64)
    return df



def km_error_bars(km: np.ndarray, se: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """rms's 95% error bars of a Kaplan-Meier estimate with its log-scale standard error: ``KM * exp(-/+
    1.959964 * std.err)``, the upper capped at 1, 0 where KM is 0 (groupkm's ``cilower``/``ciupper``; the bars
    of ``plot(calibrate(cph))``)."""
    km = np.asarray(km, dtype=np.float64)
    with np.errstate(invalid="ignore", over="ignore"):
        d = 1.959964 * np.asarray(se, dtype=np.float64)
        return np.where(km == 0, 0.0, km * np.exp(-d)), np.where(km == 0, 0.0, np.minimum(1.0, km * np.exp(d)))


def mean_abs_error(table: pd.DataFrame) -> float:
    """``sum(n * abs(KM - x)) / sum(n)`` over a groupkm table's groups with an estimate (n > 0, KM not NaN),
    with R's sums; NaN when no group has one.  The one-number summary of a survival calibration table."""
    from .kernels.rbase import r_sum

    n = table["n"].to_numpy(dtype=np.float64)
    km = table["KM"].to_numpy(dtype=np.float64)
    ok = (n > 0) & ~np.isnan(km)
    if not ok.any():
        return math.nan
    return float(r_sum(n[ok] * np.abs(km[ok] - table["x"].to_numpy(dtype=np.float64)[ok])) / r_sum(n[ok]))

"""The Kaplan–Meier estimate as ``summary(survival::survfit(Surv(time, event) ~ 1), censored = TRUE)``
(survival 3.5-3): survfit.formula's ``aeqSurv`` time fix, survfitKM's C routine ``survfitkm`` (the product
limit and Greenwood's sum, both accumulated in double in time order), ``survfit_confint``'s log interval and
summary.survfit's ``std.err * surv``."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from . import _validate as V
from ._docs import fill_doc, register
from .errors import InputError
from .kernels.rbase import r_mean

__all__ = ["survfit"]

#: survival's ``aeqSurv`` tolerance, ``sqrt(.Machine$double.eps)``
_AEQ_TOL = math.sqrt(np.finfo(float).eps)

#: the columns of the result, R's ``summary.survfit`` fields with dots -> underscores
COLUMNS = ("time", "n_risk", "n_event", "n_censor", "surv", "std_err", "lower", "upper")

register(surv_time_event="""
    time : array-like of float
        Follow-up times: finite numbers >= 0 (R's ``Surv(time, event)``); a list, array or Series.
    event : array-like of 0/1 or bool
        1 (True) where the time is an event, 0 (False) where it is censored; as long as ``time``.
""")


def check_time_event(time: ArrayLike, event: ArrayLike, *, time_name: str = "time",
                     event_name: str = "event") -> tuple[np.ndarray, np.ndarray]:
    """(time, event) as float64 arrays, checked: times finite and >= 0, events 0/1, the same length, not empty.
    Each refusal is one ``InputError`` line naming the argument and the row (counted from 1)."""
    t = V.float_vector(time, time_name, low=0)
    try:
        e = V.outcome01(event, event_name)
    except InputError as err:
        try:
            coded12 = set(np.unique(np.asarray(event, dtype=float)).tolist()) <= {1.0, 2.0}
        except (TypeError, ValueError):
            coded12 = False
        if coded12:  # R's Surv() reads 1/2 as censored/event; we do not guess
            raise InputError(f"{err} (survival's 1/2 coding, 2 = event, is not read here: pass "
                             f"{event_name} == 2)") from None
        raise
    V.same_length(time_name, t.shape[0], event_name, e.shape[0])
    if t.shape[0] == 0:
        raise InputError(f"{time_name} and {event_name} are empty; survival needs at least one row")
    return t, e


def aeq_times(time: np.ndarray) -> np.ndarray:
    """survival's ``aeqSurv`` for right-censored times (survfit.formula and concordance call it,
    ``timefix = TRUE``): sorted unique times closer than ``sqrt(eps)`` (absolutely, or relative to the mean
    absolute unique time) are merged to the first of their run."""
    y = np.unique(time)
    y = y[np.isfinite(y)]
    if y.shape[0] < 2:
        return time
    dy = np.diff(y)
    scale = r_mean(np.abs(y))
    with np.errstate(divide="ignore", invalid="ignore"):
        tied = (dy <= _AEQ_TOL) | ((dy / scale) <= _AEQ_TOL)
    if not tied.any():
        return time
    cuts = y[np.concatenate(([True], ~tied))]
    z = np.searchsorted(cuts, time, side="right") - 1  # findInterval(x, cuts), 1-based z -> 0-based index
    return cuts[z]


def _qnorm975() -> float:
    from .kernels.distributions import qnorm

    return float(np.asarray(qnorm(0.975)).ravel()[0])


def km_curve(t: np.ndarray, e: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """survfitkm's product limit on checked (time, event) arrays (after ``aeq_times``): (distinct times,
    n_risk, n_event, surv), the running product ``km *= (n - d) / n`` as numpy's sequential ``cumprod``."""
    times, inv = np.unique(t, return_inverse=True)
    m = times.shape[0]
    count = np.bincount(inv, minlength=m)
    n_event = np.bincount(inv, weights=e, minlength=m).astype(np.int64)
    n_risk = np.cumsum(count[::-1])[::-1]
    nr = n_risk.astype(np.float64)
    d = n_event.astype(np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        factor = np.where(d > 0, (nr - d) / nr, 1.0)  # km *= (n - d) / n at an event time
    return times, n_risk, n_event, np.cumprod(factor)


def km_table(t: np.ndarray, e: np.ndarray) -> pd.DataFrame:
    """The Kaplan–Meier table of checked (time, event) arrays (after ``aeq_times``): survfitkm's loop
    (:func:`km_curve`), with numpy's sequential ``cumsum`` for Greenwood's sum."""
    times, n_risk, n_event, surv = km_curve(t, e)
    m = times.shape[0]
    n_censor = (n_risk - np.append(n_risk[1:], 0)) - n_event  # the rows at each time minus its events
    nr = n_risk.astype(np.float64)
    d = n_event.astype(np.float64)
    has = d > 0
    with np.errstate(divide="ignore", invalid="ignore"):
        green = np.where(has, d / (nr * (nr - d)), 0.0)  # v1 += d / (n (n - d)); Inf when all at risk die
    se_log = np.sqrt(np.cumsum(green))
    z = _qnorm975()
    lower = np.full(m, np.nan)
    upper = np.full(m, np.nan)
    for i in range(m):
        p, se = float(surv[i]), float(se_log[i])
        if p == 0.0:  # survfit_confint: xx <- ifelse(p == 0, NA, p)
            continue
        scale = 1.0 if se == 0.0 else se / se  # ifelse(selow == 0, 1, selow / se), selow = se
        se2 = z * se
        lower[i] = math.exp(math.log(p) - se2 * scale)
        upper[i] = min(math.exp(math.log(p) + se2), 1.0)
    with np.errstate(invalid="ignore"):
        std_err = se_log * surv  # summary.survfit: std.err * surv (Inf * 0 = NaN once the curve reaches 0)
    return pd.DataFrame({"time": times, "n_risk": n_risk.astype(np.int64), "n_event": n_event,
                         "n_censor": n_censor.astype(np.int64), "surv": surv, "std_err": std_err,
                         "lower": lower, "upper": upper}, columns=list(COLUMNS))


@fill_doc
def survfit(time: ArrayLike, event: ArrayLike) -> pd.DataFrame:
    """The Kaplan–Meier estimate with its log 95% interval, as ``summary(survfit(Surv(time, event) ~ 1),
    censored = TRUE)``.

    One row per distinct time (event or censoring times alike, R's ``censored = TRUE``), in increasing order.
    Times closer than ``sqrt(.Machine$double.eps)`` are merged first, as survfit's ``timefix = TRUE``
    (``aeqSurv``) does; a time of 0 is kept (R drops only times below ``min(0, time)``).

    Parameters
    ----------
    {{surv_time_event}}

    Returns
    -------
    pandas.DataFrame
        Columns ``time, n_risk, n_event, n_censor, surv, std_err, lower, upper``: the number at risk just
        before each time, the events and censorings at it, the survival, its standard error on the survival
        scale (summary's ``std.err``, Greenwood's on the log scale times ``surv``), and the log-scale 95%
        interval ``exp(log(surv) -+ qnorm(0.975) * se_log)``, the upper end capped at 1.  Once the curve
        reaches 0, ``std_err``, ``lower`` and ``upper`` are NaN (R's NaN and NA there).

    Notes
    -----
    R call: ``summary(survival::survfit(survival::Surv(time, event) ~ 1), censored = TRUE)`` (survival 3.5-3;
    ``conf.type = "log"``, ``conf.int = 0.95``).  The product ``prod (n - d) / n`` and Greenwood's
    ``sum d / (n (n - d))`` are accumulated one time after another in double, as survival's C routine
    ``survfitkm`` does, so the values equal R's to the last bit.

    Examples
    --------
    >>> from cmvt_core import survfit
    >>> km = survfit([1, 2, 2, 3, 5, 8], [1, 1, 0, 1, 0, 1])
    >>> km[["time", "n_risk", "n_event", "n_censor"]].to_numpy().tolist()
    [[1.0, 6.0, 1.0, 0.0], [2.0, 5.0, 1.0, 1.0], [3.0, 3.0, 1.0, 0.0], [5.0, 2.0, 0.0, 1.0], [8.0, 1.0, 1.0, 0.0]]
    >>> km["surv"].round(4).tolist()
    [0.8333, 0.6667, 0.4444, 0.4444, 0.0]
    """
    t, e = check_time_event(time, event)
    return km_table(aeq_times(t), e)


def survfit_groups(time: ArrayLike, event: ArrayLike, group: ArrayLike) -> dict[str, pd.DataFrame]:
    """One :func:`survfit` table per group, as ``survfit(Surv(time, event) ~ group)``'s strata: the groups in
    sorted order of their values, the time fix (``aeqSurv``) applied to all rows before they are split."""
    t, e = check_time_event(time, event)
    g = np.asarray(group.to_numpy() if hasattr(group, "to_numpy") else group, dtype=object)
    if g.ndim != 1 or g.shape[0] != t.shape[0]:
        raise InputError(f"group must be 1-D with one value per row of time ({t.shape[0]}); got shape {g.shape}")
    missing = [i for i, v in enumerate(g.tolist()) if V._is_missing(v)]
    if missing:
        raise InputError(f"group has a missing value at row {missing[0] + 1}")
    t = aeq_times(t)
    try:
        levels = sorted(set(g.tolist()))
    except TypeError:
        raise InputError("group must hold values of one kind (all numbers or all text), which can be sorted") from None
    return {str(lev): km_table(t[g == lev], e[g == lev]) for lev in levels}


def number_at_risk(km: pd.DataFrame, times: ArrayLike) -> np.ndarray:
    """The number at risk at each of ``times`` from a :func:`survfit` table: ``n_risk`` of the first time
    ``>= t`` (0 beyond the last), as ``summary(fit, times = times, extend = TRUE)$n.risk`` and survminer's
    risk table give it."""
    tt = np.asarray(km["time"], dtype=float)
    nr = np.append(np.asarray(km["n_risk"], dtype=np.int64), 0)
    return nr[np.searchsorted(tt, np.asarray(times, dtype=float), side="left")]


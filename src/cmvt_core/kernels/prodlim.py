"""prodlim's reverse Kaplan–Meier (the censoring distribution) and pec's ``ipcw.marginal`` weights on it.

prodlim 2019.11.13, C routine ``prodlim_surv`` with ``reverse = 1``: the sorted times are grouped by exact
equality (no ``aeqSurv`` time fix, unlike survival), and at each distinct time ``pl_step(&surv, ..., atrisk,
loss, event)`` runs ``surv *= 1 - loss / (atrisk - event)`` when ``loss > 0``: the events at a time leave the
risk set before the censorings at it (censored after events), and the factor is ``1 - d/(n - e)``, not
survival's ``(n - d)/n`` (the two can differ in the last bit, hence a kernel of its own rather than
:func:`cmvt_core.kaplan_meier.km_table`).

pec's ``ipcw.marginal`` (pec 2019.11.03 = 2023.04.12 here) predicts that curve:
``IPCW.times = c(1, surv)[sindex(time, times) + 1]`` (``G(t)``, right-continuous; NA for a time beyond the last
observed time, ``times > fit$maxtime``) and, with ``subjectTimesLag = 1``, ``IPCW.subjectTimes =
c(1, surv)[match(T_i, time)]`` (``G(T_i-)``, the curve just before each subject's own time).
"""
from __future__ import annotations

import numpy as np

__all__ = ["reverse_km", "ipcw_marginal"]


def reverse_km(y: np.ndarray, status: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``prodlim(Surv(y, status) ~ 1, reverse = TRUE)``: the distinct times (``fit$time``) and the censoring
    survival ``fit$surv`` at them.  ``y`` need not be sorted; ``status`` is 1 for an event, 0 for censored."""
    y = np.asarray(y, dtype=np.float64)
    status = np.asarray(status, dtype=np.float64)
    time, inv = np.unique(y, return_inverse=True)
    m = time.shape[0]
    count = np.bincount(inv, minlength=m).astype(np.float64)
    event = np.bincount(inv, weights=status, minlength=m)
    loss = count - event
    atrisk = float(y.shape[0])
    surv = np.empty(m, dtype=np.float64)
    s = 1.0
    for k in range(m):  # prodlim_surv's loop with pl_step(..., atrisk, loss[s], rev = event[s])
        d = float(loss[k])
        if d > 0:
            s *= 1.0 - d / (atrisk - float(event[k]))
        surv[k] = s
        atrisk -= float(event[k] + loss[k])
    return time, surv


def ipcw_marginal(y: np.ndarray, status: np.ndarray, times: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``pec::ipcw(Surv(y, status) ~ 1, method = "marginal", times, subjectTimes = y, subjectTimesLag = 1)``:
    (``IPCW.times``, ``IPCW.subjectTimes``), the latter in the order of ``y``.  A time beyond the largest
    ``y`` gives NaN (prodlim's NA)."""
    time, surv = reverse_km(y, status)
    s1 = np.concatenate(([1.0], surv))
    times = np.asarray(times, dtype=np.float64)
    at_times = s1[np.searchsorted(time, times, side="right")]
    at_times = np.where(times > time[-1], np.nan, at_times)
    at_subjects = s1[np.searchsorted(time, np.asarray(y, dtype=np.float64), side="left")]
    return at_times, at_subjects

"""Decision curves for a survival outcome at a time horizon, as
``dcurves::dca(Surv(time, event) ~ risk, data, time = time_horizon, thresholds)`` (dcurves 0.5.x, R) defines
them, with percentile bootstrap intervals drawn from R's random stream.

dcurves' definitions (R/dca.r, R/test_consequences.R), followed here (docs/R_ALGORITHMS.md, "Survival decision
curves"):

* the curves are "Treat All" (every risk 1), "Treat None" (every risk 0) and each model, in that order; a risk of
  exactly 0 becomes ``0 - .Machine$double.eps`` and of exactly 1 ``1 + .Machine$double.eps``, so "all" is always
  and "none" never test-positive; thresholds outside [0, 1] are dropped;
* test-positive means ``risk >= threshold``; ``test_pos_rate = #positive / n``;
* ``risk_rate_among_test_pos`` is ``1 - S(t)``, ``S`` the Kaplan–Meier of the test-positives
  (``survival::survfit``, its time fix included, :func:`cmvt_core.kaplan_meier.km_curve`) at the last time
  ``<= t``: NaN (R's NA) when the test-positives' last time is before ``t`` *or* their first time is after it
  (``.surv_to_risk``), 0 when no one is test-positive (dcurves' ``tryCatch`` returns 0 for the empty ``survfit``);
* ``tp_rate = risk * test_pos_rate``, ``fp_rate = (1 - risk) * test_pos_rate``,
  ``net_benefit = tp_rate - threshold / (1 - threshold) * fp_rate - harm``;
* ``pos_rate`` is the overall Kaplan–Meier risk at ``t``; dcurves stops when it is NA (the horizon beyond the
  follow-up): so do we, with an ``InputError``.

Bootstrap (ours; dcurves has none): after ``set.seed(seed)``, each replicate draws its rows as
``sample(n, n, replace = TRUE)`` and recomputes every curve on them; the interval of each curve and threshold is
``quantile(nb, c(a/2, 1 - a/2), type = 1, na.rm = TRUE)`` over the replicates (``a = 1 - confidence_intervals``),
rmda's percentile rule (:func:`cmvt_core.decision_curve`).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numba
import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from . import _validate as V
from .dca import _quantile1_columns
from .errors import InputError
from .kaplan_meier import _AEQ_TOL, aeq_times, check_time_event, km_curve
from .kernels.rbase import seq_by
from .parallel import DEFAULT_BACKEND, DEFAULT_N_JOBS, Executor, check_parallel, chunk_bounds, ordered_results, \
    resolve_jobs

__all__ = ["decision_curve_survival", "SurvivalDecisionCurve"]

DBL_EPSILON = float(np.finfo(float).eps)
#: the bootstrap row counts held at once (replicates x rows)
_BLOCK_CELLS = 2**22
COLUMNS = ["variable", "label", "n", "threshold", "pos_rate", "test_pos_rate", "risk_rate_among_test_pos",
           "tp_rate", "fp_rate", "harm", "net_benefit"]


def km_risk_at(time: np.ndarray, event: np.ndarray, horizon: float) -> float:
    """dcurves' ``.surv_to_risk(Surv(time, event) ~ 1, time = horizon)``: ``1 - S`` at the last survfit time
    ``<= horizon``; NaN when the last time is before the horizon or no time is at or before it."""
    times, _, _, surv = km_curve(aeq_times(time), event)
    if times[-1] < horizon:
        return math.nan
    k = int(np.searchsorted(times, horizon, side="right"))
    if k == 0:
        return math.nan
    return 1.0 - float(surv[k - 1])


def _measures(tpr: np.ndarray, risk_pos: np.ndarray, thr: np.ndarray, harm: np.ndarray) -> dict[str, np.ndarray]:
    """tp, fp and the net benefit from the test-positive rate and risk (curves by thresholds, the last two axes;
    ``thr`` and ``harm`` shaped to broadcast along them), in ``_curves``' order of operations."""
    tp = risk_pos * tpr
    fp = (1.0 - risk_pos) * tpr
    with np.errstate(divide="ignore", invalid="ignore"):
        nb = tp - thr / (1.0 - thr) * fp - harm
    return {"test_pos_rate": tpr, "risk_rate_among_test_pos": risk_pos, "tp_rate": tp, "fp_rate": fp,
            "net_benefit": nb}


def _curves(time: np.ndarray, event: np.ndarray, risks: np.ndarray, thr: np.ndarray, horizon: float,
            harm: np.ndarray) -> dict[str, np.ndarray]:
    """The measures of every curve (rows of ``risks``: all, none, models) at every threshold, each test-positive
    group's Kaplan–Meier from :func:`km_risk_at` (survfit's time fix on the group's own times)."""
    n = time.shape[0]
    n_c, n_t = risks.shape[0], thr.shape[0]
    tpr = np.empty((n_c, n_t))
    risk_pos = np.empty((n_c, n_t))
    for c in range(n_c):
        r = risks[c]
        order = np.argsort(-r, kind="stable")
        rs = r[order]
        cache: dict[int, float] = {}
        for j, t in enumerate(thr):
            k = int(np.sum(rs >= t))  # the test-positives are the k largest risks (nested sets)
            if k not in cache:
                if k == 0:
                    cache[k] = 0.0
                else:
                    sel = r >= t
                    cache[k] = km_risk_at(time[sel], event[sel], horizon)
            tpr[c, j] = k / n
            risk_pos[c, j] = cache[k]
    return _measures(tpr, risk_pos, thr[None, :], harm[:, None])


def _no_time_fix(time: np.ndarray) -> bool:
    """True when survfit's time fix (``aeq_times``) merges no two times in any subset of ``time`` (a bootstrap
    sample, a test-positive group): every gap between the distinct times exceeds ``sqrt(eps)`` absolutely and
    relative to the largest time (a subset's gaps are no smaller and its mean absolute time no larger)."""
    y = np.unique(time)
    if y.shape[0] < 2:
        return True
    g = float(np.min(np.diff(y)))
    return g > _AEQ_TOL and g / (float(y[-1]) * (1 + 1e-9)) > _AEQ_TOL * (1 + 1e-9)


@numba.njit(cache=True)
def _km_positives(time, event, starts, risks, by_risk, n_at, thr, horizon, counts):  # pragma: no cover - compiled
    """Per replicate (row of ``counts``, the multiplicity of each row), curve and threshold: the test-positive
    rate ``k / n`` and :func:`km_risk_at` of the test-positives (``risk >= threshold``), where no time fix merges
    times (:func:`_no_time_fix`).

    The rows (``time``, ``event``, ``risks``' columns and ``counts``' columns) are in time order, ``starts`` (with
    ``n`` appended) opens each run of equal times; ``by_risk[c]`` orders curve c's rows by decreasing risk and
    ``n_at[c, j]`` of them have a risk >= threshold j, so ``k`` is a prefix sum of the counts.  Equal ``k`` means
    the same (nested) set and the same value.  The Kaplan–Meier is survfitkm's ``km *= (n - d) / n`` over the
    distinct times <= ``horizon`` in time order, ``n`` the positives at risk (the counts summed) and ``d`` their
    events: the same product, factor for factor, as :func:`km_curve` of the drawn rows.  NaN when the positives'
    last time is before the horizon or their first after it, 0 when none is positive."""
    B, n = counts.shape
    n_c = risks.shape[0]
    n_t = thr.shape[0]
    n_g = starts.shape[0] - 1
    tpr = np.empty((B, n_c, n_t))
    risk_pos = np.empty((B, n_c, n_t))
    cum = np.empty(n + 1, dtype=np.int64)
    memo = np.empty(n + 1)
    seen = np.zeros(n + 1, dtype=np.int64)  # replicate-and-curve stamp of memo[k]
    stamp = 0
    for b in range(B):
        w = counts[b]
        for c in range(n_c):
            r = risks[c]
            stamp += 1
            cum[0] = 0
            for q in range(n):
                cum[q + 1] = cum[q] + w[by_risk[c, q]]
            for j in range(n_t):
                th = thr[j]
                k = cum[n_at[c, j]]
                tpr[b, c, j] = k / n
                if k == 0:
                    risk_pos[b, c, j] = 0.0
                    continue
                if seen[k] == stamp:
                    risk_pos[b, c, j] = memo[k]
                    continue
                at_risk = k
                before = 0  # positives with a time < horizon
                upto = 0  # positives with a time <= horizon
                s = 1.0
                for g in range(n_g):
                    tg = time[starts[g]]
                    if tg > horizon:
                        break
                    m = 0
                    d = 0
                    for p in range(starts[g], starts[g + 1]):
                        if w[p] > 0 and r[p] >= th:
                            m += w[p]
                            if event[p] == 1.0:
                                d += w[p]
                    if d > 0:
                        s *= (float(at_risk) - float(d)) / float(at_risk)
                    at_risk -= m
                    upto += m
                    if tg < horizon:
                        before += m
                if upto == 0 or k - before == 0:  # first positive after the horizon, or last before it
                    v = np.nan
                else:
                    v = 1.0 - s
                memo[k] = v
                seen[k] = stamp
                risk_pos[b, c, j] = v
    return tpr, risk_pos


@dataclass
class SurvivalDecisionCurve:
    """Result of :func:`decision_curve_survival`.

    Attributes
    ----------
    dca : pandas.DataFrame
        dcurves' ``dca`` table, one row per curve and threshold ("all", "none", then the models):
        ``variable, label, n, threshold, pos_rate, test_pos_rate, risk_rate_among_test_pos, tp_rate, fp_rate,
        harm, net_benefit``, and ``net_benefit_lower``/``net_benefit_upper`` with a bootstrap.
    time_horizon : float
        The horizon t.
    n : int
        The number of rows.
    pos_rate : float
        The Kaplan–Meier risk at t of everyone (dcurves' ``prevalence``).
    bootstraps : int
        The bootstrap replicates (0: none).
    confidence_intervals : float or None
        The level of the intervals (None without a bootstrap).
    """

    dca: pd.DataFrame
    time_horizon: float
    n: int
    pos_rate: float
    bootstraps: int = 0
    confidence_intervals: float | None = None

    def net_benefit(self) -> pd.DataFrame:
        """Net benefit in wide form: one row per threshold, one column per curve (dcurves' ``variable``)."""
        return self.dca.pivot(index="threshold", columns="variable", values="net_benefit")[
            list(dict.fromkeys(self.dca["variable"]))]

    def to_dict(self) -> dict:
        d = self.dca.astype(object).where(self.dca.notna(), None)
        return {"time_horizon": self.time_horizon, "n": self.n, "pos_rate": self.pos_rate,
                "bootstraps": self.bootstraps, "confidence_intervals": self.confidence_intervals,
                "dca": {c: d[c].tolist() for c in d.columns}}

    def __repr__(self) -> str:
        models = [v for v in dict.fromkeys(self.dca["variable"]) if v not in ("all", "none")]
        return (f"SurvivalDecisionCurve(n={self.n}, time_horizon={self.time_horizon:g}, models={models}, "
                f"thresholds={self.dca['threshold'].nunique()}, bootstraps={self.bootstraps})")


def decision_curve_survival(time: ArrayLike, event: ArrayLike, risk: ArrayLike | pd.DataFrame | dict, *,
                            time_horizon: float, thresholds: ArrayLike | None = None, harm: float | dict = 0.0,
                            bootstraps: int = 0, confidence_intervals: float = 0.95,
                            seed: int | None = None, n_jobs: int | None = DEFAULT_N_JOBS,
                            backend: Literal["threads", "processes", "dask"] = DEFAULT_BACKEND
                            ) -> SurvivalDecisionCurve:
    """Net benefit of treating by predicted risk of an event by ``time_horizon``, from the Kaplan–Meier risk
    among the test-positives, as ``dcurves::dca(Surv(time, event) ~ risk, data, time = time_horizon)``.

    Parameters
    ----------
    time : array-like of float
        Follow-up times (finite, >= 0).
    event : array-like of 0/1 or bool
        1 where the time is an event, 0 where censored.
    risk : array-like of float, pandas.DataFrame or dict of str to array-like
        The predicted risks of the event by ``time_horizon``, in [0, 1]: one model (named "model"), or several
        (a DataFrame's columns or a dict, named by their keys).
    time_horizon : float
        The time t > 0 of the risks; at most the largest follow-up time (dcurves stops beyond it).
    thresholds : array-like of float or None, default None
        Threshold probabilities; None is dcurves' ``seq(0, 0.99, by = 0.01)``; values outside [0, 1] are
        dropped, as dcurves drops them.
    harm : float or dict of str to float, default 0.0
        dcurves' ``harm``, subtracted from a model's net benefit (a dict: per model name).
    bootstraps : int, default 0
        Bootstrap replicates for percentile intervals of the net benefit (0: none).
    confidence_intervals : float, default 0.95
        The level of the bootstrap intervals.
    seed : int or None, default None
        ``set.seed(seed)`` before the bootstrap (R's stream: ``sample(n, n, replace = TRUE)`` per replicate).
    n_jobs : int or None, default None
        Workers for the bootstrap (:func:`cmvt_core.parallel.resolve_jobs`, as ``decision_curve``): None runs
        serially while B x n is below 200 000 and on all cores from there; -1 all cores; k >= 1 that many.
    backend : {"threads", "processes", "dask"}, default "threads"
        Where the workers run.  Every replicate's rows are drawn here in R's order and the replicates are
        combined in order, so the result is byte-identical whatever ``n_jobs`` and ``backend`` are.

    Returns
    -------
    SurvivalDecisionCurve
        ``.dca`` (dcurves' table, plus ``net_benefit_lower``/``_upper`` with a bootstrap), ``.pos_rate``,
        ``.net_benefit()`` (wide form).

    Raises
    ------
    InputError
        Bad times or events, risks outside [0, 1] or missing, ``time_horizon`` <= 0 or beyond the follow-up.

    Notes
    -----
    R call: ``dcurves::dca(Surv(time, event) ~ model, data, time = time_horizon, thresholds = thresholds)$dca``
    (dcurves is not a Debian package: its definitions are ported and checked live against the same formula in R
    with ``survival::survfit``, ``parity/r/dca_survival.R``, including the bootstrap after ``set.seed(seed)``).
    A risk of 0 or 1 is nudged by machine epsilon as dcurves does; an empty test-positive group has net benefit
    0; a test-positive group whose Kaplan–Meier does not reach the horizon, or starts after it, has NaN.

    Examples
    --------
    >>> from cmvt_core import decision_curve_survival
    >>> time = [2, 3, 5, 6, 8, 9, 11, 12, 14, 15]
    >>> event = [1, 1, 0, 1, 1, 0, 1, 0, 0, 0]
    >>> risk = [0.9, 0.8, 0.3, 0.7, 0.5, 0.2, 0.4, 0.1, 0.3, 0.2]
    >>> dc = decision_curve_survival(time, event, risk, time_horizon=7, thresholds=[0.1, 0.3, 0.5])
    >>> dc.net_benefit().round(4)
    variable      all  none   model
    threshold
    0.1        0.2381   0.0  0.2381
    0.3        0.0204   0.0  0.1643
    0.5       -0.3714   0.0  0.2000
    """
    t, e = check_time_event(time, event)
    n = t.shape[0]
    names, risks = _risks(risk, n)
    horizon = V.number(time_horizon, "time_horizon", low=0, low_open=True)
    if thresholds is None:
        thr = seq_by(0.0, 0.99, 0.01)
    else:
        thr = V.float_vector(thresholds, "thresholds", nan_ok=False)
        thr = thr[(thr >= 0) & (thr <= 1)]
        if thr.shape[0] == 0:
            raise InputError("thresholds holds no value in [0, 1]")
    harms = _harm(harm, names)
    B = 0 if bootstraps in (0, None) else V.replicates(bootstraps, "bootstraps", n=n)
    level = V.probability(confidence_intervals, "confidence_intervals", low_open=True, high_open=True)
    V.seed(seed)
    check_parallel(n_jobs, backend)
    pos_rate = km_risk_at(t, e, horizon)
    if math.isnan(pos_rate):
        raise InputError(f"time_horizon {horizon:g} is beyond the follow-up (largest time {t.max():g}) or before "
                         "the first time: the Kaplan-Meier risk at it is undefined (dcurves stops here too)")
    allr = np.vstack([np.ones(n), np.zeros(n), risks])
    allr = np.where(allr == 0, 0 - DBL_EPSILON, np.where(allr == 1, 1 + DBL_EPSILON, allr))
    h = np.concatenate(([0.0, 0.0], harms))
    fast = _no_time_fix(t)
    if fast:  # every row once: the same Kaplan-Meier products as km_risk_at, in one compiled pass
        order = np.argsort(t, kind="stable")
        ts, es, rs = t[order], e[order], np.ascontiguousarray(allr[:, order])
        starts = np.flatnonzero(np.concatenate(([True], ts[1:] != ts[:-1], [True])))
        by_risk = np.argsort(-rs, axis=1, kind="stable")
        n_at = np.array([np.searchsorted(-rs[c, by_risk[c]], -thr, side="right") for c in range(rs.shape[0])])
        ones = np.ones((1, n), dtype=np.int64)
        tpr, rp = _km_positives(ts, es, starts, rs, by_risk, n_at, thr, horizon, ones)
        res = _measures(tpr[0], rp[0], thr[None, :], h[:, None])
    else:
        res = _curves(t, e, allr, thr, horizon, h)
    variables = ["all", "none", *names]
    labels = ["Treat All", "Treat None", *names]
    n_c, n_t = allr.shape[0], thr.shape[0]
    df = pd.DataFrame({"variable": np.repeat(variables, n_t), "label": np.repeat(labels, n_t),
                       "n": n, "threshold": np.tile(thr, n_c), "pos_rate": pos_rate,
                       **{k: v.ravel() for k, v in res.items()}, "harm": np.repeat(h, n_t)})[COLUMNS]
    if B:
        from .calibration import _draw_chunks

        fastpack = (order, ts, es, starts, rs, by_risk, n_at) if fast else None
        # the rows drawn here, replicate by replicate in R's order (sample(n, n, replace = TRUE) each); chunks of
        # consecutive replicates (at most _BLOCK_CELLS drawn rows each) evaluated on cmvt_core.parallel's pool,
        # concatenated in replicate order
        with Executor(*resolve_jobs(n_jobs, backend, B * n)) as ex:
            size = B if ex.serial else max(1, -(-B // (4 * max(1, ex.n))))
            size = max(1, min(size, _BLOCK_CELLS // n))
            bounds = chunk_bounds(B, -(-B // size))
            parts = ordered_results(ex, _boot_chunk, (t, e, allr, thr, horizon, h, fastpack),
                                    _draw_chunks(n, B, seed, bounds))
        nb = np.concatenate(parts, axis=0)
        a = 1 - level
        q = _quantile1_columns(nb, [a / 2, 1 - a / 2])
        df["net_benefit_lower"] = q[0]
        df["net_benefit_upper"] = q[1]
    return SurvivalDecisionCurve(dca=df, time_horizon=horizon, n=n, pos_rate=pos_rate, bootstraps=B,
                                 confidence_intervals=level if B else None)


def _boot_chunk(t, e, allr, thr, horizon, h, fastpack, rows: np.ndarray) -> np.ndarray:
    """The net benefit of every curve and threshold in each replicate of a chunk (rows: one resample a row,
    0-based).  ``fastpack`` (the rows in time order, their tie starts and each curve's risk order; None when
    survfit's time fix could merge times in a subset): a replicate is the count of each row drawn, a counting
    sort that keeps the rows in time order, and one compiled pass gives every replicate's Kaplan-Meier risks."""
    if fastpack is not None:
        order, ts, es, starts, rs, by_risk, n_at = fastpack
        n = t.shape[0]
        counts = np.vstack([np.bincount(idx, minlength=n) for idx in rows]).astype(np.int64)[:, order]
        tpr, rp = _km_positives(ts, es, starts, rs, by_risk, n_at, thr, horizon, counts)
        return _measures(tpr, rp, thr[None, :], h[:, None])["net_benefit"].reshape(rows.shape[0], -1)
    out = np.empty((rows.shape[0], allr.shape[0] * thr.shape[0]))
    for k, idx in enumerate(rows):
        out[k] = _curves(t[idx], e[idx], allr[:, idx], thr, horizon, h)["net_benefit"].ravel()
    return out


def _risks(risk, n: int) -> tuple[list[str], np.ndarray]:
    if isinstance(risk, pd.DataFrame):
        cols = {str(c): risk[c] for c in risk.columns}
    elif isinstance(risk, dict):
        cols = {str(k): v for k, v in risk.items()}
    else:
        cols = {"model": risk}
    if not cols:
        raise InputError("risk holds no model")
    bad = [k for k in cols if k in ("all", "none")]
    if bad:
        raise InputError(f"a model cannot be named {bad[0]!r}: 'all' and 'none' are reserved (as in dcurves)")
    out = []
    for k, v in cols.items():
        nm = "risk" if list(cols) == ["model"] else f"risk[{k!r}]"
        r = V.float_vector(v, nm, low=0, high=1)
        V.same_length("time", n, nm, r.shape[0])
        out.append(r)
    return list(cols), np.vstack(out)


def _harm(harm, names: list[str]) -> np.ndarray:
    if isinstance(harm, dict):
        unknown = [k for k in harm if k not in names]
        if unknown:
            raise InputError(f"harm names {unknown[0]!r}, which is not a model ({names})")
        return np.array([V.number(harm.get(k, 0.0), f"harm[{k!r}]") for k in names], dtype=float)
    return np.full(len(names), V.number(harm, "harm"))

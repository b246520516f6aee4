"""Clinical impact curves as ``rmda::plot_clinical_impact`` (rmda 1.6) draws them, and its cost:benefit axis.

``plot_clinical_impact(dc, population.size = N)`` draws no new statistic: it reshapes the model rows of
``dc$derived.data`` to one row per threshold (``reshape::cast(thresholds ~ model)``, thresholds sorted and
turned back into numbers with ``as.numeric(as.character(.))``, i.e. written with 15 significant digits) and
draws ``prob.high.risk * N`` (solid) and ``DP * N`` (dashed) for an opt-in curve, ``prob.low.risk * N`` and
``nonDP * N`` for an opt-out curve, with the ``_lower``/``_upper`` bootstrap bounds (times N) when ``dc`` has
confidence intervals; every line skips its own missing points (``complete.cases``).  The x range is the
thresholds' range, the y range ``c(0, 1.05 * N)``.  Under the x axis it draws
``Add_CostBenefit_Axis(xlim, n.cost.benefits = 6)``: :func:`cost_benefit_axis`.
"""
from __future__ import annotations

import warnings
from typing import Sequence

import numpy as np
import pandas as pd

from . import _validate as V
from ._docs import fill_doc
from .errors import InputError, RWarning
from .kernels.rbase import quantile, seq_len_out

__all__ = ["clinical_impact", "cost_benefit_axis", "impact_columns"]

#: rmda's default cost:benefit ratios (Add_CostBenefit_Axis): 1:1, then 23 ratios below 1, then their inverses
_CB_SMALL = [(1, 2), (1, 3), (1, 4), (2, 3), (3, 4), (1, 5), (1, 10), (2, 5), (3, 5), (4, 5), (7, 10), (9, 10),
             (5, 6), (1, 15), (1, 20), (1, 25), (1, 30), (1, 40), (1, 50), (1, 60), (1, 75), (1, 80), (1, 100)]

def impact_columns(policy: str, with_ci: bool) -> list[str]:
    """The columns of :func:`clinical_impact`'s table for a policy, with or without CI bounds.

    Parameters
    ----------
    policy : {"opt-in", "opt-out"}
        The decision curve's policy.
    with_ci : bool
        Whether the decision curve has bootstrap confidence intervals.

    Returns
    -------
    list of str
        ``thresholds``, the two counts, then (``with_ci``) each count's ``_lower`` and ``_upper``.

    Notes
    -----
    R call: none (column names of this package; rmda draws the same series without naming them).

    Examples
    --------
    >>> from cmvt_core.impact import impact_columns
    >>> impact_columns("opt-out", False)
    ['thresholds', 'n_low_risk', 'n_low_risk_without_outcome']
    """
    V.choice(policy, "policy", ["opt-in", "opt-out"])
    names = ["n_high_risk", "n_high_risk_with_outcome"] if policy == "opt-in" else \
        ["n_low_risk", "n_low_risk_without_outcome"]
    cols = ["thresholds", *names]
    if with_ci:
        cols += [f"{n}_{s}" for n in names for s in ("lower", "upper")]
    return cols


def _decision_curve(dc, where: str):
    """``dc`` if it is a :func:`cmvt_core.decision_curve` result (rmda's ``class(x) == "decision_curve"``)."""
    from .dca import DecisionCurveResult

    if not isinstance(dc, DecisionCurveResult):
        raise InputError(f"{where}: dc must be a decision_curve() result (rmda's class 'decision_curve'); "
                         f"got dc={V.show(dc)}")
    return dc


def _r_as_character_numbers(x: np.ndarray) -> np.ndarray:
    """``as.numeric(as.character(x))``: each double written with 15 significant digits, read back."""
    return np.array([float(f"{v:.15g}") for v in x.tolist()], dtype=np.float64)


@fill_doc
def clinical_impact(dc: object, *, population_size: int = 1000) -> pd.DataFrame:
    """The numbers of rmda's clinical impact plot: how many of ``population_size`` people are high risk
    (and how many of them have the outcome) at each threshold.

    Parameters
    ----------
    dc : DecisionCurveResult
        A :func:`cmvt_core.decision_curve` result (opt-in or opt-out, with or without confidence intervals).
    population_size : int, default 1000
        The population the counts are out of (rmda's ``population.size``): a positive whole number.

    Returns
    -------
    pandas.DataFrame
        One row per threshold of the model, sorted by threshold.  Opt-in: ``thresholds``, ``n_high_risk``
        (``prob_high_risk`` times N), ``n_high_risk_with_outcome`` (``DP`` times N); opt-out:
        ``thresholds``, ``n_low_risk`` (``prob_low_risk`` times N), ``n_low_risk_without_outcome``
        (``nonDP`` times N).  When ``dc`` has confidence intervals, each count's ``_lower`` and ``_upper``
        bound follows (the bootstrap bounds times N).  Missing values stay NaN (rmda's lines skip them).

    Raises
    ------
    InputError
        When ``dc`` is not a decision_curve() result or ``population_size`` is not a positive whole number.

    Notes
    -----
    R call: ``rmda::plot_clinical_impact(dc, population.size = population_size)`` (the numbers it draws).

    The thresholds are those rmda draws at: ``as.numeric(as.character(thresholds))``, the thresholds written
    with 15 significant digits and read back (``seq(0, 1, by = .01)``'s ``0.35000000000000003`` is drawn at
    ``0.35``).  Duplicated thresholds are kept as rows (rmda's ``reshape::cast`` would count them instead).
    The figure: :class:`cmvt_core.plots.ClinicalImpactDisplay`; its x range is the thresholds' range, its y
    range ``(0, 1.05 N)``, and its cost:benefit axis :func:`cost_benefit_axis`.

    Examples
    --------
    >>> from cmvt_core import decision_curve, clinical_impact
    >>> from cmvt_core.datasets import load_cmvt_cohort
    >>> d = load_cmvt_cohort().astype(float)
    >>> dc = decision_curve(d, "cmvt", ["post_nlr"], confidence_intervals=None)
    >>> ci = clinical_impact(dc, population_size=1000)
    >>> list(ci.columns)
    ['thresholds', 'n_high_risk', 'n_high_risk_with_outcome']
    >>> row = ci[ci.thresholds == 0.3].iloc[0]
    >>> m = dc.curve("model").iloc[30]
    >>> bool(row.n_high_risk == 1000 * m.prob_high_risk), bool(row.n_high_risk_with_outcome == 1000 * m.DP)
    (True, True)
    """
    dc = _decision_curve(dc, "clinical_impact")
    n = V.whole(population_size, "population_size", low=1,
                low_msg=f"population_size must be a positive whole number; got population_size={V.show(population_size)}")
    opt_in = dc.policy == "opt-in"
    with_ci = dc.confidence_intervals is not None
    measures = ["prob_high_risk", "DP"] if opt_in else ["prob_low_risk", "nonDP"]
    cols = impact_columns(dc.policy, with_ci)
    m = dc.curve("model")
    t = m["thresholds"].to_numpy(dtype=np.float64)
    o = np.argsort(t, kind="stable")
    out = {"thresholds": _r_as_character_numbers(t[o])}
    sources = measures + ([f"{mm}_{s}" for mm in measures for s in ("lower", "upper")] if with_ci else [])
    for col, src in zip(cols[1:], sources):
        if src not in m.columns:
            raise InputError(f"clinical_impact: dc's derived_data has no column {src!r} (not a decision_curve() result?)")
        out[col] = m[src].to_numpy(dtype=np.float64)[o] * float(n)
    return pd.DataFrame(out, columns=cols)


def _parse_cost_benefits(cost_benefits: Sequence[str]) -> tuple[list[str], np.ndarray]:
    """The names and C/B values of "C:B" texts."""
    if isinstance(cost_benefits, str):
        cost_benefits = [cost_benefits]
    names, values = [], []
    for s in cost_benefits:
        parts = str(s).split(":") if isinstance(s, str) else []
        try:
            c, b = float(parts[0]), float(parts[1])
        except (IndexError, ValueError):
            raise InputError(f"cost_benefits must be texts 'C:B' of two numbers (e.g. '1:4'); got {V.show(s)}") \
                from None
        names.append(s)
        values.append(c / b if b != 0 else (np.inf if c > 0 else np.nan))
    return names, np.asarray(values, dtype=np.float64)


@fill_doc
def cost_benefit_axis(xlim: Sequence[float], *, n_cost_benefits: int = 6,
                      cost_benefits: Sequence[str] | None = None) -> pd.DataFrame:
    """The cost:benefit ratios rmda prints under the threshold axis, and where.

    Parameters
    ----------
    xlim : sequence of float
        The threshold range drawn (its minimum and maximum are used).
    n_cost_benefits : int, default 6
        How many ratios to choose from rmda's defaults (when ``cost_benefits`` is None).
    cost_benefits : sequence of str or None, default None
        Ratios to print, as texts "C:B"; None chooses from rmda's 47 defaults (1:1, 1:2, ..., 1:100, 2:1, ...,
        100:1).

    Returns
    -------
    pandas.DataFrame
        Columns ``name`` ("C:B"), ``value`` (C/B) and ``threshold`` (``value / (1 + value)``), the ticks in
        the order rmda draws them; empty (with an :class:`cmvt_core.RWarning`, rmda's words) when no ratio
        falls within ``xlim``.

    Raises
    ------
    InputError
        For an ``xlim`` that is not two finite numbers, ``n_cost_benefits`` below 1, or a ratio that is not "C:B".

    Notes
    -----
    R call: ``rmda::Add_CostBenefit_Axis(xlim, cost.benefits, n.cost.benefits, policy = "opt-in")`` (its value).

    With the defaults, rmda keeps the ratios whose threshold lies within ``xlim``, sorted by threshold, takes
    ``quantile(seq(min(xlim), max(xlim), length.out = 100), seq(0, 1, length.out = n), type = 1)`` and, for
    each, the first nearest ratio (``which.min``), so a ratio can be chosen twice.  Given ``cost_benefits``,
    it keeps those within ``xlim``, sorted.  rmda 1.6 uses the same thresholds for an opt-out policy (its
    opt-out branch has the opt-in formula), so there is no ``policy`` argument.

    Examples
    --------
    >>> from cmvt_core.impact import cost_benefit_axis
    >>> cost_benefit_axis((0, 1))["name"].tolist()
    ['1:100', '1:4', '2:3', '3:2', '4:1', '100:1']
    >>> cost_benefit_axis((0, 0.5), cost_benefits=["1:1", "1:9", "2:1"])["name"].tolist()
    ['1:9', '1:1']
    """
    xs = V.float_vector(xlim, "xlim")
    if xs.shape[0] < 1:
        raise InputError("xlim must hold finite numbers (the threshold range); got an empty xlim")
    lo, hi = float(np.min(xs)), float(np.max(xs))
    if cost_benefits is None:
        k = V.whole(n_cost_benefits, "n_cost_benefits", low=1)
        small = [c / b for c, b in _CB_SMALL]
        names = ["1:1", *[f"{c}:{b}" for c, b in _CB_SMALL], *[f"{b}:{c}" for c, b in _CB_SMALL]]
        value = np.array([1.0, *small, *[1 / v for v in small]], dtype=np.float64)
    else:
        names, value = _parse_cost_benefits(cost_benefits)
    threshold = value / (value + 1)
    o = np.argsort(threshold, kind="stable")  # order(): stable; NA last
    dd = pd.DataFrame({"name": np.asarray(names, dtype=object)[o], "value": value[o], "threshold": threshold[o]})
    sub = dd[(dd["threshold"] >= lo) & (dd["threshold"] <= hi)].reset_index(drop=True)
    if len(sub) == 0:
        which = "available default" if cost_benefits is None else "provided"
        warnings.warn(f"Range of risk thresholds printed do not span {which} Cost:Benefit ratios. Cost:Benefit axis "
                      "will not be printed.", RWarning, stacklevel=2)
        return sub
    if cost_benefits is not None:
        return sub
    quants = quantile(seq_len_out(lo, hi, 100), seq_len_out(0.0, 1.0, k), type=1)
    st = sub["threshold"].to_numpy()
    pick = [int(np.argmin(np.abs(q - st))) for q in quants]  # which.min: the first smallest
    return sub.iloc[pick].reset_index(drop=True)

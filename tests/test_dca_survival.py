"""decision_curve_survival (issue 20): dcurves' survival decision curves, live against the same definition
written in R with survival::survfit (parity/r/dca_survival.R), bootstrap intervals included (R's stream after
set.seed), on the survival package's data sets; dcurves' edge rules and bad input."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from _km_cases import case
from cmvt_core import InputError, decision_curve_survival
from cmvt_core.dca_survival import km_risk_at
from cmvt_core.kaplan_meier import survfit

MEASURES = ("test_pos_rate", "risk_rate_among_test_pos", "tp_rate", "fp_rate", "net_benefit")


def _risk(x, scale=1.0):
    """A risk in (0, 1) from a predictor, rounded to 2 decimals (ties at the thresholds)."""
    z = (x - np.nanmean(x)) / np.nanstd(x) * scale
    return np.round(1 / (1 + np.exp(-z)), 2)


LIVE = {
    "lung-365": ("lung", 365.0, 1.0, None),
    "veteran-90": ("veteran", 90.0, -1.0, None),
    "pbc-1825": ("pbc", 1825.0, 1.5, None),
    "colon-1000-grid": ("colon", 1000.0, 0.5, [0.0, 0.05, 0.3, 0.3, 0.5, 0.999, 1.0, 1.2, -0.1]),
    "gbsg-2000": ("gbsg", 2000.0, 1.0, None),
}


@pytest.fixture(scope="module")
def rd(r_bridge):
    r_bridge.library("survival")
    r_bridge.source("dca_survival.R")
    return r_bridge


def _compare(rd, parity_case, label, time, event, risks: dict, horizon, thresholds=None, harm=None, B=0, seed=None):
    kw = {} if harm is None else {"harm": harm}
    dc = decision_curve_survival(time, event, risks, time_horizon=horizon, thresholds=thresholds, bootstraps=B,
                                 seed=seed, **kw)
    thr = np.arange(100) * 0.01 if thresholds is None else np.asarray(thresholds, float)  # R: 0 + (0:99) * 0.01
    thr_r = dc.dca["threshold"].unique()
    if thresholds is None:
        np.testing.assert_array_equal(thr_r, thr)  # seq(0, 0.99, by = 0.01) as R builds it
    hv = [0.0 if harm is None else (harm.get(k, 0.0) if isinstance(harm, dict) else harm) for k in risks]
    r = rd.to_py(rd.call("helper:dca_survival_plain", time, event, np.column_stack(list(risks.values())), thr,
                         horizon, np.asarray(hv, float), B, 0.95, 0 if seed is None else seed))
    cmp = parity_case(f"dca-survival-{label}").describe(
        call=f"dca_survival_plain(time, event, risks, thresholds, horizon = {horizon:g}, bootstraps = {B})  "
             "# dcurves::dca(Surv(time, event) ~ ., time = horizon) written with survfit, parity/r/dca_survival.R",
        data={"time": time, "event": event, **risks})
    for m in MEASURES + (("net_benefit_lower", "net_benefit_upper") if B else ()):
        cmp.add(f"dca_survival.{m}", dc.dca[m].to_numpy(float), r[m].to_numpy(float))
    cmp.add("dca_survival.threshold", dc.dca["threshold"].to_numpy(float), r["threshold"].to_numpy(float))
    cmp.add("dca_survival.pos_rate", dc.pos_rate, float(r["pos_rate"].iloc[0]))
    cmp.assert_ok()
    return dc


@pytest.mark.r
@pytest.mark.parametrize("name", list(LIVE))
def test_decision_curve_survival_equals_r(rd, parity_case, name):
    data, horizon, scale, thresholds = LIVE[name]
    time, event, x = case(data)
    ok = ~np.isnan(x)
    _compare(rd, parity_case, name, time[ok], event[ok], {"model": _risk(x[ok], scale)}, horizon, thresholds)


@pytest.mark.r
def test_decision_curve_survival_two_models_harm_and_edges(rd, parity_case):
    """Two models with harm; risks of exactly 0 and 1 (dcurves' epsilon nudge); thresholds where nobody is
    test-positive (net benefit 0) and where the test-positives' follow-up ends before the horizon (NaN)."""
    time, event, x = case("lung")
    r1 = _risk(x, 2.0)
    r1[:5] = 0.0
    r1[5:10] = 1.0
    r2 = np.round(np.clip((x - 40) / 45, 0, 1), 3)
    dc = _compare(rd, parity_case, "lung-two-models", time, event, {"a": r1, "b": r2}, 500.0,
                  thresholds=np.arange(0, 101) / 100, harm={"a": 0.01})
    nb = dc.net_benefit()
    assert list(nb.columns) == ["all", "none", "a", "b"]
    assert (nb["none"].iloc[:-1] == 0).all() and math.isnan(nb["none"].iloc[-1])  # 0 - Inf * 0 at threshold 1, as R


@pytest.mark.r
@pytest.mark.parametrize("name,B,seed", [("lung-365", 25, 1), ("pbc-1825", 20, 20261130)])
def test_decision_curve_survival_bootstrap_equals_r(rd, parity_case, name, B, seed):
    data, horizon, scale, _ = LIVE[name]
    time, event, x = case(data)
    ok = ~np.isnan(x)
    thr = np.round(np.arange(0, 19) * 0.05, 2)
    _compare(rd, parity_case, f"{name}-boot{B}", time[ok], event[ok], {"model": _risk(x[ok], scale)}, horizon,
             thresholds=thr, B=B, seed=seed)


# ------------------------------------------------------------------------------------ properties, no R
def test_treat_all_is_the_overall_km_risk():
    time, event, x = case("veteran")
    dc = decision_curve_survival(time, event, _risk(x, -1), time_horizon=100.0, thresholds=[0.0, 0.2, 0.6])
    all_ = dc.dca[dc.dca.variable == "all"]
    km = survfit(time, event)
    s = km.loc[km.time <= 100, "surv"].iloc[-1]
    assert dc.pos_rate == 1 - s
    assert np.allclose(all_["test_pos_rate"], 1.0) and (all_["risk_rate_among_test_pos"] == 1 - s).all()
    thr = all_["threshold"].to_numpy()
    np.testing.assert_allclose(all_["net_benefit"], (1 - s) - s * thr / (1 - thr), rtol=1e-15)


def test_no_test_positive_gives_zero_and_late_start_gives_nan():
    time = np.array([1.0, 2, 3, 4, 5, 6, 7, 8])
    event = np.array([1.0, 0, 1, 1, 0, 1, 0, 1])
    risk = np.array([0.1, 0.2, 0.1, 0.3, 0.2, 0.1, 0.9, 0.95])  # the two highest risks have times 7, 8
    dc = decision_curve_survival(time, event, risk, time_horizon=6.0, thresholds=[0.5, 0.96])
    m = dc.dca[dc.dca.variable == "model"].set_index("threshold")
    assert math.isnan(m.loc[0.5, "net_benefit"])  # test-positives' first time 7 > horizon: dcurves' NA
    assert m.loc[0.96, "net_benefit"] == 0 and m.loc[0.96, "test_pos_rate"] == 0
    assert math.isnan(km_risk_at(time[6:], event[6:], 6.0))


def test_bootstrap_is_reproducible_and_brackets():
    time, event, x = case("lung")
    a = decision_curve_survival(time, event, _risk(x), time_horizon=300, thresholds=[0.2, 0.4], bootstraps=15,
                                seed=3)
    b = decision_curve_survival(time, event, _risk(x), time_horizon=300, thresholds=[0.2, 0.4], bootstraps=15,
                                seed=3)
    pd.testing.assert_frame_equal(a.dca, b.dca)
    ok = a.dca["net_benefit_lower"].notna()
    assert (a.dca.loc[ok, "net_benefit_lower"] <= a.dca.loc[ok, "net_benefit_upper"]).all()


@pytest.mark.parametrize("kw,match", [
    (dict(time_horizon=0), "time_horizon"),
    (dict(time_horizon=-1), "time_horizon"),
    (dict(time_horizon=1e6), "beyond the follow-up"),
    (dict(risk_nan=True), "risk"),
    (dict(risk_big=True), "risk"),
    (dict(thresholds=[2, 3]), "no value in"),
    (dict(bootstraps=-1), "bootstraps"),
    (dict(confidence_intervals=1.5), "confidence_intervals"),
    (dict(harm={"zzz": 0.1}), "harm"),
    (dict(risk_dict_all=True), "reserved"),
])
def test_decision_curve_survival_bad_input(kw, match):
    time, event, x = case("lung")
    risk = _risk(x)
    if kw.pop("risk_nan", False):
        risk[2] = np.nan
    if kw.pop("risk_big", False):
        risk[2] = 1.5
    if kw.pop("risk_dict_all", False):
        risk = {"all": risk}
    args = dict(time_horizon=365.0)
    args.update(kw)
    with pytest.raises(InputError, match=match):
        decision_curve_survival(time, event, risk, **args)


# ------------------------------------------------------------------------------------ the compiled pass (no R)
def _frames_identical(a: pd.DataFrame, b: pd.DataFrame) -> bool:
    if list(a.columns) != list(b.columns) or a.shape != b.shape:
        return False
    for c in a.columns:
        x, y = a[c].to_numpy(), b[c].to_numpy()
        if x.dtype.kind == "f":
            if not np.array_equal(x.view(np.int64), y.view(np.int64)):  # bit for bit, NaN and -0 included
                return False
        elif not (x == y).all():
            return False
    return True


@pytest.mark.parametrize("seed", range(6))
def test_compiled_pass_equals_the_per_group_kaplan_meier(monkeypatch, seed):
    """The one-pass kernel over row counts (``_km_positives``) against the per-threshold ``km_risk_at`` of the
    drawn rows (``_curves``, the code it replaced): the whole table and the bootstrap bounds bit for bit, on
    tied times, tied risks, risks of 0 and 1, horizons where some test-positive groups end before or start
    after it, and two models with harm."""
    import cmvt_core.dca_survival as D

    rng = np.random.default_rng(seed)
    n = int(rng.integers(15, 90))
    time = np.round(rng.exponential(20, n), int(rng.integers(0, 2))) + rng.integers(0, 2)
    event = (rng.random(n) < 0.6).astype(float)
    r1 = np.round(rng.random(n), int(rng.integers(1, 3)))
    r1[:3] = [0.0, 1.0, 1.0]
    r2 = np.clip(np.round(1 - np.exp(-time / 30) + rng.normal(0, 0.1, n), 2), 0, 1)
    horizon = float(np.quantile(time, rng.uniform(0.2, 0.95)))
    kw = dict(time_horizon=max(horizon, float(time.min()) + 0.5), thresholds=np.arange(0, 101) / 100,
              harm={"b": 0.02}, bootstraps=15, seed=seed)
    fast = decision_curve_survival(time, event, {"a": r1, "b": r2}, **kw)
    assert D._no_time_fix(time)
    monkeypatch.setattr(D, "_BLOCK_CELLS", 4 * n)  # replicates in blocks of 4: the same stream, the same table
    assert _frames_identical(decision_curve_survival(time, event, {"a": r1, "b": r2}, **kw).dca, fast.dca)
    monkeypatch.setattr(D, "_no_time_fix", lambda t: False)
    slow = decision_curve_survival(time, event, {"a": r1, "b": r2}, **kw)
    assert _frames_identical(fast.dca, slow.dca)
    assert fast.dca["risk_rate_among_test_pos"].isna().any() or seed % 2  # the NaN branch is reached


def test_time_fix_takes_the_per_group_path():
    """Times closer than sqrt(eps) (survfit merges them, per test-positive group): the compiled pass is not
    used, and the result is the per-group one."""
    import cmvt_core.dca_survival as D

    time = np.array([1.0, 1.0 + 1e-10, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0])
    assert not D._no_time_fix(time)
    assert D._no_time_fix(np.array([1.0, 2.0, 2.0, 3.0]))
    assert not D._no_time_fix(np.array([1e9, 1e9 + 1.0, 2e9]))  # relative to the largest time
    dc = decision_curve_survival(time, [1, 0, 1, 1, 0, 1, 0, 0], [0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2],
                                 time_horizon=4.5, thresholds=[0.1, 0.5], bootstraps=5, seed=1)
    assert dc.dca.shape == (6, 13)

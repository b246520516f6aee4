"""Decision curves (rmda 1.6) (issue 7); net benefit, confusion metrics and cut-off tables: tests/test_cutoff.py.

Golden cases: rmda is not a Debian package, so its outputs were stored by
``tests/goldens/gen_goldens.R`` (R 4.2.2, rmda 1.6); the calls and seeds are in
``rmda_cases.json``.  They are recorded as golden (not live) parity cases.  Live cases compare with
the plain-R implementation of the same algorithm in ``parity/r/dca.R``.
"""
from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cmvt_core import InputError, decision_curve
from cmvt_core.dca import CI_COLUMNS, POINT_COLUMNS, cost_benefit_ratio
from cmvt_core.kernels.rbase import seq_by

from _paths import GOLDENS as GOLD

from _rmda_cases import GOLDEN_CASES  # the five rmda calls of gen_goldens.R, as decision_curve() arguments


@pytest.fixture(scope="module")
def cohort():
    return pd.read_csv(GOLD / "cohort.csv")


def _read_golden(name):
    return pd.read_csv(GOLD / f"rmda_{name}.csv", keep_default_na=False, na_values=[""])


# ------------------------------------------------------------------------------------ goldens
@pytest.mark.golden
@pytest.mark.parametrize("name", list(GOLDEN_CASES))
def test_decision_curve_equals_rmda_golden(name, cohort, parity_case):
    calls = json.loads((GOLD / "rmda_cases.json").read_text())
    kw = GOLDEN_CASES[name]
    assert calls[name]["set_seed_before_call"] == kw.get("seed")
    g = _read_golden(name)
    dd = decision_curve(cohort, "y", **kw).derived_data
    cmp = parity_case(f"rmda-golden-{name}").describe(
        call=f"set.seed({kw.get('seed')}); " + calls[name]["call"] + "  [rmda 1.6, stored golden]",
        data=cohort, golden=True)
    assert list(dd.columns) == [c.replace(".", "_") for c in g.columns]
    assert len(dd) == len(g) == 303
    for c in g.columns:
        pc = c.replace(".", "_")
        py = dd[pc].astype(str).tolist() if c in ("model", "cost.benefit.ratio") else dd[pc].to_numpy(float)
        r = g[c].astype(str).tolist() if c in ("model", "cost.benefit.ratio") else g[c].to_numpy(float)
        cmp.add(f"dca.{pc}", py, r, note="golden: rmda 1.6 output stored in tests/goldens, not live")
    cmp.assert_ok()


def test_golden_nan_pattern_at_threshold_1(cohort):
    dd = decision_curve(cohort, "y", ["risk"], fitted_risk=True, confidence_intervals=None).derived_data
    at1 = dd[dd.thresholds == 1]
    assert at1["NB"].isna().all() and at1["sNB"].isna().all()  # Inf * 0 for model, All and None
    assert dd.loc[dd.model == "None", "NB"].iloc[:-1].eq(0).all()


# ------------------------------------------------------------------------------------ live R
LIVE_CASES = {
    "cohort-formula-boot": (dict(predictors=["x1", "x2"], bootstraps=15, seed=7),
                            dict(predictors=["x1", "x2"], bootstraps=15, seed=7)),
    "casecontrol-formula-boot": (dict(predictors=["x1", "x2"], study_design="case-control",
                                      population_prevalence=0.1, bootstraps=15, seed=8),
                                 dict(predictors=["x1", "x2"], cc_rho=0.1, bootstraps=15, seed=8)),
    "optout-ties": (dict(predictors=["risk2"], fitted_risk=True, policy="opt-out", confidence_intervals=None),
                    dict(predictors=["risk2"], fitted_risk=True, policy="opt-out")),
    "cohort-single-predictor-grid": (dict(predictors=["x1"], thresholds=[0.5, 0.05, 0.3, 0.3, 1.0, 0.0],
                                          confidence_intervals=None),
                                     dict(predictors=["x1"], thresholds=np.array([0.5, 0.05, 0.3, 0.3, 1.0, 0.0]))),
}


@pytest.mark.r
@pytest.mark.parametrize("name", list(LIVE_CASES))
def test_decision_curve_live_plain_r(name, cohort, r_bridge, parity_case):
    """Point estimates (and, with a seed, bootstrap CIs) against parity/r/dca.R's plain-R implementation."""
    kw, rkw = LIVE_CASES[name]
    r_bridge.source("dca.R")
    r = r_bridge.to_py(r_bridge.call("helper:dca_plain", cohort, "y", **rkw))
    dd = decision_curve(cohort, "y", **kw).derived_data
    cmp = parity_case(f"dca-live-{name}").describe(call=f"dca_plain(cohort, 'y', {rkw})  # parity/r/dca.R",
                                                   data=cohort, golden=False)
    for c in r.columns:
        pc = c.replace(".", "_")
        if c == "model":
            cmp.add("dca.model", dd[pc].astype(str).tolist(), [str(v) for v in r[c]])
        else:
            cmp.add(f"dca.{pc}", dd[pc].to_numpy(float), r[c].to_numpy(float))
    cmp.assert_ok()


@pytest.mark.r
def test_cost_benefit_ratio_live_mass_fractions(r_bridge, parity_case):
    t = np.concatenate([seq_by(0, 1, 0.01), [1 / 3, 0.123456, 0.999, 0.0004, 0.7777777]])
    r_bridge.library("MASS")
    with np.errstate(divide="ignore"):
        fr = r_bridge.to_py(r_bridge.call("base::as.character", r_bridge.call("MASS::fractions", t / (1 - t))))
    r = [(s if "/" in s else s + "/1").replace("/", ":") for s in np.atleast_1d(fr)]
    cmp = parity_case("dca-cost-benefit-fractions").describe(call="as.character(MASS::fractions(t/(1-t)))")
    cmp.add("dca.cost_benefit_ratio", cost_benefit_ratio(t), r)
    cmp.assert_ok()


def test_casecontrol_single_case_pitfall():
    # one case at row 1: sample(1, replace=TRUE) is sample.int(1) -> fine; at row 3 R stops
    d = pd.DataFrame({"y": [1, 0, 0, 0, 0, 0], "r": [0.9, 0.1, 0.2, 0.3, 0.4, 0.5]})
    res = decision_curve(d, "y", ["r"], fitted_risk=True, study_design="case-control",
                         population_prevalence=0.2, bootstraps=3, seed=1)
    assert res.derived_data["TPR_lower"].notna().any()
    d2 = d.iloc[[1, 2, 0, 3, 4, 5]].reset_index(drop=True)
    with pytest.raises(InputError, match="single-row outcome stratum"):
        decision_curve(d2, "y", ["r"], fitted_risk=True, study_design="case-control",
                       population_prevalence=0.2, bootstraps=3, seed=1)


# ------------------------------------------------------------------------------------ properties
risk_data = st.integers(min_value=5, max_value=60).flatmap(lambda n: st.tuples(
    st.lists(st.integers(0, 1), min_size=n, max_size=n).filter(lambda v: 0 < sum(v) < len(v)),
    st.lists(st.floats(0, 1, allow_nan=False), min_size=n, max_size=n),
    st.booleans()))


@settings(deadline=None, max_examples=40)
@given(risk_data)
def test_decision_curve_properties(data):
    y, risk, round2 = data
    risk = np.round(risk, 2) if round2 else np.asarray(risk)
    df = pd.DataFrame({"y": y, "risk": risk})
    dd = decision_curve(df, "y", ["risk"], fitted_risk=True, confidence_intervals=None).derived_data
    t = seq_by(0, 1, 0.01)
    prev = np.mean(y)
    none = dd[dd.model == "None"]
    allr = dd[dd.model == "All"]
    model = dd[dd.model == "y ~ risk"]
    assert np.all(none.NB.to_numpy()[:-1] == 0)                          # NB(treat none) = 0
    with np.errstate(divide="ignore", invalid="ignore"):
        expect_all = prev - (1 - prev) * t / (1 - t)
    np.testing.assert_allclose(allr.NB.to_numpy()[:-1], expect_all[:-1], rtol=1e-12, atol=1e-15)
    for part in (model, allr, none):                                      # t = 1: NaN, no crash
        assert math.isnan(part.NB.iloc[-1]) and math.isnan(part.sNB.iloc[-1])
    assert np.all(model.NB.to_numpy()[:-1] <= prev + 1e-15)              # NB <= prevalence
    # t = 0: NB = rho * TPR (risk > 0 strictly)
    assert model.NB.iloc[0] == pytest.approx(prev * np.mean(risk[np.asarray(y) == 1] > 0), abs=1e-15)
    # the counts are the strict ones of section 8
    for j in (0, 13, 50, 99):
        tp = np.sum((risk > t[j]) & (np.asarray(y) == 1))
        assert model.TPR.iloc[j] == tp / np.sum(y)


# ------------------------------------------------------------------------------------ dcurves option
def test_dcurves_convention(cohort):
    dd = decision_curve(cohort, "y", ["risk2"], fitted_risk=True, confidence_intervals=None,
                        convention="dcurves").derived_data
    t = seq_by(0, 0.99, 0.01)
    y = cohort.y.to_numpy()
    r = cohort.risk2.to_numpy()
    prev = y.mean()
    m = dd[dd.model == "y ~ risk2"].reset_index(drop=True)
    a = dd[dd.model == "All"].reset_index(drop=True)
    tp = np.array([np.sum((r >= tt) & (y == 1)) for tt in t])   # risk >= t
    fp = np.array([np.sum((r >= tt) & (y == 0)) for tt in t])
    np.testing.assert_allclose(m.NB, tp / len(y) - fp / len(y) * t / (1 - t), rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(a.NB, prev - (1 - prev) * t / (1 - t), rtol=1e-12, atol=1e-15)
    with np.errstate(divide="ignore", invalid="ignore"):
        nia = (m.NB - a.NB) / (t / (1 - t)) * 100
    np.testing.assert_allclose(m.net_intervention_avoided[1:], nia[1:], rtol=1e-12)
    # rmda and dcurves differ exactly where a risk equals a threshold (risk2 is rounded to 2 decimals)
    rm = decision_curve(cohort, "y", ["risk2"], fitted_risk=True, confidence_intervals=None,
                        thresholds=t).derived_data
    assert (rm[rm.model == "y ~ risk2"].NB.to_numpy() != m.NB.to_numpy()).any()


# ------------------------------------------------------------------------------------ figure
def test_decision_curve_figure(cohort):
    from matplotlib.figure import Figure

    from cmvt_core.plots import DecisionCurveDisplay

    res = decision_curve(cohort, "y", ["risk"], fitted_risk=True, bootstraps=10, seed=1)
    fig = Figure()
    ax = DecisionCurveDisplay.from_decision_curve(res, fig.add_subplot()).ax_
    assert [ln.get_label() for ln in ax.get_lines()][:3] == ["y ~ risk", "Treat all", "Treat none"]
    assert ax.get_ylabel() == "Standardized net benefit"
    ax2 = DecisionCurveDisplay.from_decision_curve(res, Figure().add_subplot(), standardized=False).ax_
    np.testing.assert_array_equal(ax2.get_lines()[0].get_ydata(), res.curve("model").NB.to_numpy())


# ------------------------------------------------------------------------------------ results
def test_result_fields_and_to_dict(cohort):
    import json as _json

    res = decision_curve(cohort, "y", ["x1", "x2"], bootstraps=5, seed=1)
    assert list(res.derived_data.columns) == POINT_COLUMNS + CI_COLUMNS + ["cost_benefit_ratio"]
    d = res.to_dict()
    _json.dumps(d)  # plain data (NaN allowed)
    assert d["derived_data"]["model"][0] == "y ~ x1 + x2" and len(d["derived_data"]["NB"]) == 303
    assert res.summary().shape[0] == 101
    assert res.glm.iter == 4


def test_input_not_modified(cohort):
    before = cohort.copy()
    decision_curve(cohort, "y", ["x1"], bootstraps=3, seed=1)
    pd.testing.assert_frame_equal(cohort, before)


# ------------------------------------------------------------------------------------ bad input
@pytest.mark.parametrize("kw, match", [
    (dict(predictors=["nope"]), "nope"),
    (dict(predictors=["x1"], thresholds=[0.1, 1.2]), "thresholds"),
    (dict(predictors=["x1"], policy="opt-maybe"), "policy"),
    (dict(predictors=["x1"], study_design="case-cohort"), "study_design"),
    (dict(predictors=["x1"], study_design="case-control"), "population_prevalence"),
    (dict(predictors=["x1"], study_design="case-control", population_prevalence=1.5), "population_prevalence"),
    (dict(predictors=["x1"], confidence_intervals=1.5), "confidence_intervals"),
    (dict(predictors=["x1"], bootstraps=0), "bootstraps"),
    (dict(predictors=["x1", "x2"], fitted_risk=True), "only one predictor"),
    (dict(predictors=["x1"], fitted_risk=True), "x1"),          # risks outside [0, 1]
    (dict(predictors=["x1"], fitted_risk="yes"), "fitted_risk"),
    (dict(predictors=["x1"], convention="stata"), "convention"),
    (dict(predictors=[]), "predictors"),
])
def test_decision_curve_bad_input(cohort, kw, match):
    with pytest.raises(InputError, match=match):
        decision_curve(cohort, "y", **kw)


def test_decision_curve_bad_outcome(cohort):
    with pytest.raises(InputError, match="'x2'"):
        decision_curve(cohort.assign(x2=1), "x2", ["x1"])            # not binary
    with pytest.raises(InputError, match="'x2'"):
        decision_curve(cohort.assign(x2=cohort.x2 + 1), "x2", ["x1"])  # 1/2
    with pytest.raises(InputError, match="'s'"):
        decision_curve(cohort.assign(s=np.where(cohort.y == 1, "a", "b")), "s", ["x1"])
    with pytest.raises(InputError, match="DataFrame"):
        decision_curve(cohort.to_numpy(), "y", ["x1"])
    with pytest.raises(InputError, match="not found"):
        decision_curve(cohort, "nope", ["x1"])


def test_missing_rows_removed_with_warning(cohort):
    from cmvt_core import RWarning

    c = cohort.copy()
    c.loc[3, "x1"] = np.nan
    with pytest.warns(RWarning, match="1 observation"):
        res = decision_curve(c, "y", ["x1"], confidence_intervals=None)
    assert res.n == 399


@pytest.mark.slow
def test_decision_curve_scale_550237_rows_500_bootstraps():
    """Issue 7's scale: 500 bootstraps with the glm refit on 550,237 rows runs through (timed in
    benchmarks/bench_dca.py, not asserted here)."""
    from cmvt_core.cohort import simulate_admin_cohort

    d = simulate_admin_cohort()
    res = decision_curve(d, "outcome", ["score"], bootstraps=500, seed=1)
    m = res.curve("model")
    assert m.NB_lower.iloc[1] <= m.NB.iloc[1] <= m.NB_upper.iloc[1]

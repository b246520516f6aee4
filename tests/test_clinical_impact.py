"""Clinical impact curves (rmda 1.6's ``plot_clinical_impact``) (issue 18).

rmda is not a Debian package, so the numbers are checked against its stored ``decision_curve`` outputs
(``tests/goldens/rmda_*.csv``, made by ``gen_goldens.R``): ``plot_clinical_impact(dc, population.size = N)``
draws ``N * prob.high.risk`` and ``N * DP`` (opt-out: ``N * prob.low.risk`` and ``N * nonDP``) and their
bootstrap bounds of the model rows, at ``as.numeric(as.character(thresholds))``.  The R-side pieces that are
plain base R (the thresholds' round trip through text, the cost:benefit axis's type-1 quantiles and
nearest ticks) are compared live through ``parity/r/impact.R``.
"""
from __future__ import annotations

import json
import math
import warnings

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from cmvt_core import InputError, RWarning, clinical_impact, decision_curve  # noqa: E402
from cmvt_core.impact import cost_benefit_axis, impact_columns  # noqa: E402
from cmvt_core.plots import ClinicalImpactDisplay  # noqa: E402

from _paths import GOLDENS as GOLD  # noqa: E402

from _rmda_cases import GOLDEN_CASES  # noqa: E402  (the five rmda calls of gen_goldens.R)


@pytest.fixture(scope="module")
def cohort():
    return pd.read_csv(GOLD / "cohort.csv")


@pytest.fixture(scope="module")
def curves(cohort):
    return {name: decision_curve(cohort, "y", **kw) for name, kw in GOLDEN_CASES.items()}


def _golden_model_rows(name):
    g = pd.read_csv(GOLD / f"rmda_{name}.csv", keep_default_na=False, na_values=[""])
    m = g[~g["model"].isin(["All", "None"])]
    return m.sort_values("thresholds", kind="stable").reset_index(drop=True)


def _drawn(t):
    """as.numeric(as.character(t)) by its definition: R writes a double with 15 significant digits."""
    return np.array([float(f"{v:.15g}") for v in np.asarray(t, dtype=float)])


# ------------------------------------------------------------------------------------ goldens
@pytest.mark.golden
@pytest.mark.parametrize("population_size", [1000, 250, 1])
@pytest.mark.parametrize("name", list(GOLDEN_CASES))
def test_counts_equal_population_size_times_rmda_golden(name, population_size, curves, cohort, parity_case):
    calls = json.loads((GOLD / "rmda_cases.json").read_text())
    kw = GOLDEN_CASES[name]
    assert calls[name]["set_seed_before_call"] == kw.get("seed")
    g = _golden_model_rows(name)
    out = clinical_impact(curves[name], population_size=population_size)
    opt_in = kw.get("policy", "opt-in") == "opt-in"
    with_ci = "confidence_intervals" not in kw
    src = ["prob.high.risk", "DP"] if opt_in else ["prob.low.risk", "nonDP"]
    if with_ci:
        src += [f"{m}_{s}" for m in src for s in ("lower", "upper")]
    assert list(out.columns) == impact_columns("opt-in" if opt_in else "opt-out", with_ci)
    assert len(out) == len(g) == 101
    cmp = parity_case(f"rmda-golden-clinical-impact-{name}-{population_size}").describe(
        call=f"set.seed({kw.get('seed')}); dc <- " + calls[name]["call"]
        + f"; plot_clinical_impact(dc, population.size = {population_size})  [rmda 1.6, stored golden]",
        data=cohort, golden=True)
    cmp.add("rmda.clinical_impact.thresholds", out["thresholds"].to_numpy(), _drawn(g["thresholds"]),
            note="golden thresholds through as.character, as rmda's cast")
    for col, s in zip(out.columns[1:], src):
        cmp.add(f"rmda.clinical_impact.{col}", out[col].to_numpy(), population_size * g[s].to_numpy(float),
                note="golden: population.size x rmda 1.6 derived.data stored in tests/goldens")
    cmp.assert_ok()


def test_the_thresholds_drawn_are_the_thresholds_written_with_15_digits(curves):
    t = curves["fitted_boot50"].curve("model")["thresholds"].to_numpy()
    out = clinical_impact(curves["fitted_boot50"])["thresholds"].to_numpy()
    assert np.all(np.abs(out - t) <= 2 * np.spacing(t + 1e-300))  # at most an ulp or two away ...
    assert (out != t).sum() == 10 and out[35] == 0.35 and t[35] == 0.35000000000000003  # seq(0, 1, by = .01)[36]


def test_counts_are_whole_people_out_of_n_for_a_cohort(curves):
    """Cohort design: prob.high.risk = #(risk > t) / n, so N * it, at N = n, is a whole count."""
    dc = curves["fitted_boot50"]
    out = clinical_impact(dc, population_size=dc.n)
    risk = pd.read_csv(GOLD / "cohort.csv")["risk"].to_numpy()
    y = pd.read_csv(GOLD / "cohort.csv")["y"].to_numpy()
    for t, nh, nho in out[["thresholds", "n_high_risk", "n_high_risk_with_outcome"]].itertuples(index=False):
        assert nh == pytest.approx(np.sum(risk > t), abs=1e-9)
        assert nho == pytest.approx(np.sum((risk > t) & (y == 1)), abs=1e-9)


def test_unsorted_thresholds_come_out_sorted(cohort):
    dc = decision_curve(cohort, "y", ["risk"], fitted_risk=True, thresholds=[0.5, 0.05, 0.3, 1.0, 0.0],
                        confidence_intervals=None)
    out = clinical_impact(dc, population_size=100)
    assert out["thresholds"].tolist() == [0.0, 0.05, 0.3, 0.5, 1.0]
    m = dc.curve("model").set_index("thresholds")
    np.testing.assert_array_equal(out["n_high_risk"].to_numpy(), 100 * m.loc[out["thresholds"], "prob_high_risk"])


# ------------------------------------------------------------------------------------ live R pieces
@pytest.mark.r
def test_thresholds_round_trip_live(r_bridge, parity_case, curves):
    r_bridge.source("impact.R")
    t = np.concatenate([curves["ties_noci"].curve("model")["thresholds"].to_numpy(),
                        [1 / 3, 0.1 + 0.2, 1e-5, 0.123456789012345678, 2 / 3 * 0.3, 0.07000000000000001]])
    r = np.asarray(r_bridge.call_py("helper:impact_drawn_thresholds", t), dtype=float)
    dc = decision_curve(pd.read_csv(GOLD / "cohort.csv"), "y", ["risk"], fitted_risk=True, thresholds=t[101:],
                        confidence_intervals=None)
    cmp = parity_case("clinical-impact-thresholds-live").describe(call="as.numeric(as.character(thresholds))")
    cmp.add("rmda.clinical_impact.thresholds", clinical_impact(curves["ties_noci"])["thresholds"].to_numpy(), r[:101])
    cmp.add("rmda.clinical_impact.thresholds", clinical_impact(dc)["thresholds"].to_numpy(), np.sort(r[101:]))
    cmp.assert_ok()


CB_SMALL = ["1:2", "1:3", "1:4", "2:3", "3:4", "1:5", "1:10", "2:5", "3:5", "4:5", "7:10", "9:10", "5:6", "1:15",
            "1:20", "1:25", "1:30", "1:40", "1:50", "1:60", "1:75", "1:80", "1:100"]
#: rmda 1.6's 47 default ratios, as its help page lists them (1:1, the 23 below 1, their inverses)
CB_DEFAULTS = ["1:1", *CB_SMALL, *[":".join(s.split(":")[::-1]) for s in CB_SMALL]]


@pytest.mark.r
@pytest.mark.parametrize("xlim,n", [((0, 1), 6), ((0, 0.4), 6), ((0.05, 0.6), 4), ((0.1, 0.9), 10),
                                    ((0.2, 0.21), 3), ((0, 1), 1), ((0.3, 0.35), 2)])
def test_cost_benefit_axis_live(xlim, n, r_bridge, parity_case):
    r_bridge.source("impact.R")
    C = np.array([float(s.split(":")[0]) for s in CB_DEFAULTS])
    B = np.array([float(s.split(":")[1]) for s in CB_DEFAULTS])
    r = r_bridge.to_py(r_bridge.call("helper:impact_cb_axis", np.asarray(xlim, float), C, B, n))
    ours = cost_benefit_axis(xlim, n_cost_benefits=n)
    cmp = parity_case(f"clinical-impact-cb-axis-{xlim}-{n}").describe(
        call=f"impact_cb_axis(c{xlim}, C, B, {n})  # parity/r/impact.R, rmda's 47 default ratios")
    cmp.add("rmda.clinical_impact.cost_benefit_threshold", ours["threshold"].to_numpy(),
            np.atleast_1d(np.asarray(r["threshold"], dtype=float)))
    cmp.assert_ok()
    # the names belong to their thresholds
    for name, th in ours[["name", "threshold"]].itertuples(index=False):
        c, b = (float(v) for v in name.split(":"))
        assert th == (c / b) / (c / b + 1)


def test_default_axis_of_a_full_range_is_rmdas():
    """rmda's decision-curve and clinical-impact figures over thresholds 0..1 show these six ratios."""
    assert cost_benefit_axis((0, 1))["name"].tolist() == ["1:100", "1:4", "2:3", "3:2", "4:1", "100:1"]


def test_given_cost_benefits_within_range_sorted():
    out = cost_benefit_axis((0.1, 0.5), cost_benefits=["1:1", "1:99", "1:4", "3:7", "9:1"])
    assert out["name"].tolist() == ["1:4", "3:7", "1:1"]
    np.testing.assert_array_equal(out["threshold"], [0.25 / 1.25, (3 / 7) / (1 + 3 / 7), 0.5])


def test_no_ratio_in_range_warns_as_rmda_and_gives_no_ticks():
    with pytest.warns(RWarning, match="do not span available default Cost:Benefit ratios"):
        assert len(cost_benefit_axis((0.0, 0.005))) == 0
    with pytest.warns(RWarning, match="do not span provided Cost:Benefit ratios"):
        assert len(cost_benefit_axis((0.0, 0.4), cost_benefits=["1:1"])) == 0


# ------------------------------------------------------------------------------------ the display
@pytest.mark.parametrize("name", ["fitted_boot50", "optout_boot50", "ties_noci"])
def test_display_draws_the_table(name, curves):
    dc = curves[name]
    fig, axs = plt.subplots(1, 2)
    disp = ClinicalImpactDisplay.from_decision_curve(dc, ax=axs[0], population_size=500)
    assert disp.ax_ is axs[0] and disp.figure_ is fig and not axs[1].has_data()
    tab = clinical_impact(dc, population_size=500)
    pd.testing.assert_frame_equal(disp.table_, tab)
    c1, c2 = tab.columns[1:3]
    for line, col, ls in ((disp.line_, c1, "-"), (disp.outcome_line_, c2, "--")):
        fin = tab[col].notna().to_numpy()
        np.testing.assert_array_equal(line.get_xdata(), tab["thresholds"].to_numpy()[fin])
        np.testing.assert_array_equal(line.get_ydata(), tab[col].to_numpy()[fin])
        assert line.get_linestyle() == ls
    opt_in = dc.policy == "opt-in"
    word = "high" if opt_in else "low"
    assert [t.get_text() for t in disp.ax_.get_legend().get_texts()] == \
        ([f"Number {word} risk", f"Number {word} risk with{'' if opt_in else 'out'} event"])
    assert disp.ax_.get_ylabel() == f"Number {word} risk (out of 500)"
    assert disp.ax_.get_xlabel() == f"{word.title()} Risk Threshold"
    assert disp.ax_.get_ylim() == (0.0, 525.0) and disp.ax_.get_xlim() == (0.0, 1.0)
    if dc.confidence_intervals is None:
        assert disp.bands_ == {}
    else:
        assert len(disp.bands_) == 2
        for label, col in zip(disp.bands_, (c1, c2)):
            verts = disp.bands_[label].get_paths()[0].vertices
            ok = tab[[f"{col}_lower", f"{col}_upper"]].notna().all(axis=1).to_numpy()
            ys = set(np.round(verts[:, 1], 9))
            assert set(np.round(tab.loc[ok, f"{col}_lower"], 9)) <= ys
            assert set(np.round(tab.loc[ok, f"{col}_upper"], 9)) <= ys
            assert verts[:, 1].min() >= tab.loc[ok, f"{col}_lower"].min() - 1e-9
    cb = disp.cost_benefit_axis_
    assert disp.cost_benefit_["name"].tolist() == cost_benefit_axis((0, 1))["name"].tolist()
    np.testing.assert_array_equal(cb.get_xticks(), disp.cost_benefit_["threshold"].to_numpy())
    assert [t.get_text() for t in cb.get_xticklabels()] == disp.cost_benefit_["name"].tolist()
    assert cb.get_xlabel() == "Cost:Benefit Ratio"
    plt.close(fig)


def test_display_options(curves):
    dc = curves["fitted_boot50"]
    ax = Figure().add_subplot()
    disp = ClinicalImpactDisplay(dc).plot(ax, confidence_intervals=False, cost_benefit_axis=False,
                                          xlim=(0, 0.5), ylim=(0, 800), color="C3")
    assert disp.bands_ == {} and disp.cost_benefit_axis_ is None and disp.cost_benefit_ is None
    assert ax.get_xlim() == (0.0, 0.5) and ax.get_ylim() == (0.0, 800.0)
    assert disp.line_.get_color() == disp.outcome_line_.get_color() == "C3"
    ax2 = Figure().add_subplot()
    d2 = ClinicalImpactDisplay(dc).plot(ax2, xlim=(0, 0.5), n_cost_benefits=4)
    assert d2.cost_benefit_["name"].tolist() == cost_benefit_axis((0, 0.5), n_cost_benefits=4)["name"].tolist()
    ax3 = Figure().add_subplot()
    with pytest.warns(RWarning):
        d3 = ClinicalImpactDisplay(dc).plot(ax3, cost_benefits=["1:1"], xlim=(0, 0.3))
    assert d3.cost_benefit_axis_ is None


# ------------------------------------------------------------------------------------ bad input
@pytest.mark.parametrize("bad", [0, -5, 2.5, "1000", True, math.nan, math.inf, None])
def test_population_size_must_be_a_positive_whole_number(bad, curves):
    with pytest.raises(InputError) as ei:
        clinical_impact(curves["ties_noci"], population_size=bad)
    assert "population_size" in str(ei.value) and "\n" not in str(ei.value)


def test_population_size_as_a_whole_float_is_fine(curves):
    a = clinical_impact(curves["ties_noci"], population_size=200.0)
    b = clinical_impact(curves["ties_noci"], population_size=200)
    pd.testing.assert_frame_equal(a, b)


@pytest.mark.parametrize("bad", ["derived_data", "frame", None, 3, "text"])
def test_dc_must_be_a_decision_curve_result(bad, curves):
    dc = curves["ties_noci"]
    value = {"derived_data": dc.derived_data, "frame": dc.curve("model")}.get(bad, bad)
    for call in (lambda: clinical_impact(value), lambda: ClinicalImpactDisplay.from_decision_curve(value)):
        with pytest.raises(InputError) as ei:
            call()
        msg = str(ei.value)
        assert "dc must be a decision_curve() result" in msg and "\n" not in msg


@pytest.mark.parametrize("kw", [dict(xlim=(0, math.nan)), dict(xlim=["a", "b"]), dict(xlim=(0, 1), n_cost_benefits=0),
                                dict(xlim=(0, 1), cost_benefits=["1-4"]), dict(xlim=(0, 1), cost_benefits=["a:b"])])
def test_cost_benefit_axis_bad_input(kw):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(InputError) as ei:
            cost_benefit_axis(**kw)
    assert "\n" not in str(ei.value)

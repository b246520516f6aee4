"""nomogram of formula lrm fits (issue 22, part C): every axis value and point, sc, the intercept and the
total-points / lp / risk axes equal ``dd <- datadist(data); options(datadist = "dd"); rms::nomogram(fit,
fun = plogis)`` live (rms 6.5-0) on MASS's birthwt and Pima.tr, survival's lung (a binary outcome) and the
cohort; non-linear (rcs, pol, lsp) and interaction axes (an axis per level of the interacting factor).
Formula cph fits with survival axes: ``surv <- Survival(fit); rms::nomogram(fit, fun = list(function(lp)
surv(t, lp), ...), interact = ...)`` on lung, veteran, pbc and colon, both ties methods, and the figure."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from cmvt_core import InputError, cph, lrm, nomogram

from test_formula import _birthwt, _birthwt_strings, _cohort, _colon, _lung, _pbc, _pima, _tree, _veteran
from test_nomogram import compare_scale_axes


@pytest.fixture(scope="module")
def R(r_bridge):
    r_bridge.library("rms")
    r_bridge.source("formula.R")
    r_bridge.source("nomogram.R")
    return r_bridge


CASES = {
    "birthwt-rcs-ia": (_birthwt, "low ~ rcs(age, 4) + race * smoke + I(lwt / 2.2) + pol(ptl, 2) + lsp(ftv, c(1))"),
    "birthwt-knots": (_birthwt, "low ~ rcs(lwt, c(100, 120, 140, 170)) + pol(age, 2) + smoke + race"),
    "birthwt-strings": (_birthwt_strings, "low ~ rcs(lwt, 3) * race + smoke"),
    "pima": (_pima, "type ~ rcs(glu, 5) + bmi + I(sqrt(ped)) + pol(npreg, 2)"),
    "pima-lsp": (_pima, "type ~ lsp(glu, c(100, 150)) + pol(bmi, 2) + age"),
    "cohort": (_cohort, "cmvt ~ rcs(post_nlr, 4) * age_group + lsp(bmi, c(25, 30)) + female + rcs(pre_crp, 3)"),
    "lung-binary": (_lung, "dead ~ rcs(age, 3) + sex * ph.ecog + wt.loss"),
}


INTERACT = {  # a continuous interacting variable needs its values in interact=
    "pima-glu-bmi": (_pima, "type ~ rcs(glu, 3) * bmi + age", {"bmi": [25.0, 32.5, 40.0]}),
    "birthwt-age-lwt": (_birthwt, "low ~ age * lwt + race", {"lwt": [100.0, 150.0]}),
}


def compare_formula_axes(cmp, nom, r) -> None:
    """Every points axis of ``nom`` (its values, text for factor levels, and points) and the R matrix, against the
    parts of rms's nomogram ``r`` (``nomogram.R``'s helpers); shared by the lrm, cph and stratified cph tests."""
    lines = [str(v) for v in np.atleast_1d(r["lines"])]
    assert list(nom.axes) == lines
    axes = r["axes"] if isinstance(r["axes"], list) else [r["axes"]]
    for name, ra in zip(lines, axes):
        pv = nom.axes[name]["value"].tolist()
        rv = np.atleast_1d(ra["value"])
        if rv.dtype.kind in "US" or rv.dtype == object:
            assert [str(a) for a in pv] == [str(a) for a in rv], name
        else:
            cmp.add(f"nomogram.values.{name}", np.asarray(pv, dtype=float), rv.astype(float))
        cmp.add(f"nomogram.points.{name}", nom.axes[name]["points"].to_numpy(float), np.atleast_1d(ra["points"]))
    assert list(nom.R.columns) == [str(v) for v in np.atleast_1d(r["R_names"])]
    cmp.add("nomogram.R", nom.R.to_numpy(), np.asarray(r["R"], dtype=float).reshape(nom.R.shape, order="F"))


@pytest.mark.r
@pytest.mark.parametrize("case", list(CASES) + list(INTERACT))
def test_formula_nomogram_equals_rms(R, parity_case, case):
    if case in INTERACT:
        make, formula, inter = INTERACT[case]
        (iname, ivals), = inter.items()
        kw = {"inter_name": iname, "inter_values": np.asarray(ivals)}
    else:
        (make, formula), inter, kw = CASES[case], None, {}
    d = make(R)
    f = lrm(formula, data=d)
    nom = nomogram(f, interact=inter)
    r = R.call_py("helper:nomogram_formula_parts", *_tree(formula), d, **kw)
    cmp = parity_case(f"nomogram-formula-{case}")
    compare_formula_axes(cmp, nom, r)
    compare_scale_axes(cmp, nom, r, f, d)


@pytest.mark.r
def test_continuous_interaction_needs_interact(R):
    d = _pima(R)
    f = lrm("type ~ glu * bmi + age", data=d)
    with pytest.raises(InputError, match="interact"):
        nomogram(f)
    nom = nomogram(f, interact={"bmi": [25.0, 35.0]})
    assert list(nom.axes)[:2] == ["glu (bmi=25)", "glu (bmi=35)"]
    s = nom.score(d)
    np.testing.assert_allclose(s["risk"], f.fitted, rtol=0, atol=1e-12)
    with pytest.raises(InputError, match="interact"):
        nomogram(f, interact=[1, 2])
    with pytest.raises(InputError, match="not a predictor"):
        nomogram(f, interact={"zzz": [1]})


@pytest.mark.r
def test_infinite_axis_is_refused_as_rms(R):
    d = _pima(R)  # ped runs from 0.085: pretty(range(ped)) starts at 0, log(0) = -Inf and rms stops
    with pytest.raises(InputError, match="infinite"):
        nomogram(lrm("type ~ glu + I(log(ped))", data=d))


def test_score_needs_a_frame():
    d = _cohort(None)
    nom = nomogram(lrm("cmvt ~ rcs(post_nlr, 3) + female", data=d))
    with pytest.raises(InputError, match="DataFrame"):
        nom.score(np.zeros((2, 2)))
    assert isinstance(nom.score(d.iloc[:3]), pd.DataFrame)


def test_display_draws_formula_axes():
    from matplotlib.figure import Figure

    from cmvt_core.plots import NomogramDisplay
    from cmvt_core.plots.nomogram import tick_sides

    d = _cohort(None)
    nom = nomogram(lrm("cmvt ~ rcs(post_nlr, 4) * age_group + lsp(bmi, c(25, 30)) + female + rcs(pre_crp, 3)",
                       data=d))
    disp = NomogramDisplay.from_nomogram(nom, Figure().add_subplot())
    assert list(disp.axis_labels_)[1:6] == ["post_nlr (age_group=0)", "post_nlr (age_group=1)", "bmi", "pre_crp",
                                            "female"]
    # pre_crp's rcs axis falls then rises: rms splits it where it turns, first segment below, then above
    pts = nom.axes["pre_crp"]["points"].to_numpy()
    assert pts[1] < pts[0] and pts[2] > pts[1]
    assert disp.tick_sides_["pre_crp"].tolist() == [1, 1] + [3] * (len(pts) - 2)
    assert disp.tick_sides_["female"] is None and disp.tick_sides_["post_nlr (age_group=0)"] is None
    # bmi (lsp) rises, then falls: two segments
    assert disp.tick_sides_["bmi"].tolist() == [1] * 5 + [3] * 5
    # every tick label is drawn at its own point
    texts = {(round(t.get_position()[0], 9), t.get_text()) for t in disp.ax_.texts}
    for v, p in zip(nom.axes["pre_crp"]["value"], pts):
        assert (round(float(p), 9), f"{v:.7g}") in texts
    assert tick_sides([0, 1, 2]) is None and tick_sides([2, 1, 2, 3, 1]).tolist() == [1, 1, 3, 3, 1]


def _sweep(seed: int) -> tuple[pd.DataFrame, str]:
    """Seeded synthetic data: a skewed number (rcs, 3-5 knots), a rounded one (lsp / pol), a 3-level factor
    interacting with the spline, a 0/1 number with few values (discrete: its values, not pretty())."""
    g = np.random.default_rng(1000 + seed)
    n = int(g.integers(150, 400))
    x1 = np.round(g.gamma(2.0, 10.0, n), 2)
    x2 = np.round(g.normal(50, 12, n))
    grp = pd.Categorical(g.choice(["a", "b", "c"], n), categories=["a", "b", "c"])
    z = g.integers(0, 2, n).astype(float)
    lp = -1 + 0.04 * (x1 - 20) + 0.3 * np.sin(x2 / 10) + 0.5 * z + np.where(grp == "b", 0.4, 0.0)
    y = (g.uniform(size=n) < 1 / (1 + np.exp(-lp))).astype(float)
    d = pd.DataFrame({"y": y, "x1": x1, "x2": x2, "grp": grp, "z": z})
    k = 3 + seed % 3
    second = ["lsp(x2, c(45, 55))", "pol(x2, 2)", "x2"][seed % 3]
    return d, f"y ~ rcs(x1, {k}) * grp + {second} + z"


@pytest.mark.r
@pytest.mark.parametrize("seed", range(6))
def test_formula_nomogram_seeded_sweep(R, parity_case, seed):
    d, formula = _sweep(seed)
    nom = nomogram(lrm(formula, data=d))
    r = R.call_py("helper:nomogram_formula_parts", *_tree(formula), d)
    cmp = parity_case(f"nomogram-formula-sweep-{seed}")
    lines = [str(v) for v in np.atleast_1d(r["lines"])]
    assert list(nom.axes) == lines
    for name, ra in zip(lines, r["axes"]):
        cmp.add(f"nomogram.points.{name}", nom.axes[name]["points"].to_numpy(float), np.atleast_1d(ra["points"]))
    cmp.add("nomogram.sc", nom.sc, float(np.ravel(r["sc"])[0]))
    cmp.add("nomogram.intercept", nom.intercept, float(np.ravel(r["intercept"])[0]))
    cmp.add("nomogram.risk_total_points", nom.risk_axis["total_points"].to_numpy(), r["fun_x"])
    cmp.assert_ok()


# ------------------------------------------------------------------------------ cph formula fits, survival axes
CPH_CASES = {  # (data, formula, times, interact)
    "lung": (_lung, "Surv(time, dead) ~ rcs(age, 4) + sex * ph.ecog + wt.loss", [365.0, 730.0], None),
    "veteran": (_veteran, "Surv(time, status) ~ rcs(karno, 3) * celltype + age + catg(prior)", [30.0, 90.0, 180.0],
                {"celltype": ["squamous", "adeno"]}),
    "pbc": (_pbc, "Surv(time, dead) ~ rcs(age, 4) * albumin + rcs(bili, 3) + catg(edema)", [1000.0, 2000.0, 3000.0],
            {"albumin": [3.0, 3.5, 4.0]}),
    "colon": (_colon, "Surv(time, status) ~ lsp(age, c(50, 65)) + rx * nodes + sex", [365.0, 1825.0],
              {"rx": ["Obs", "Lev+5FU"]}),
}


def _cph_case(R, case, ties):
    """The fit and nomogram in Python and rms's parts (one R call)."""
    make, formula, times, inter = CPH_CASES[case]
    d = make(R)
    f = cph(formula, d, ties=ties)
    nom = nomogram(f, times=times, interact=inter)
    kw = {}
    if inter is not None:
        (iname, ivals), = inter.items()
        kw = {"inter_name": iname, "inter_values": np.asarray(ivals)}
    r = R.call_py("helper:nomogram_cph_formula_parts", *_tree(formula), d, np.asarray(times), method=ties, **kw)
    return d, f, nom, r


@pytest.mark.r
@pytest.mark.parametrize("ties", ["efron", "breslow"])
@pytest.mark.parametrize("case", list(CPH_CASES))
def test_cph_formula_nomogram_equals_rms(R, parity_case, case, ties):
    d, f, nom, r = _cph_case(R, case, ties)
    _, formula, times, inter = CPH_CASES[case]
    cmp = parity_case(f"nomogram-cph-formula-{case}-{ties}").describe(
        call=f"surv <- Survival(fit); rms::nomogram(fit, fun = list(function(lp) surv(t, lp), ...), interact = "
             f"{inter}) with fit <- rms::cph({formula}, data, x = TRUE, y = TRUE, surv = TRUE, method = '{ties}'), "
             f"times {times}", data=d)
    compare_formula_axes(cmp, nom, r)
    cmp.add("nomogram.sc", nom.sc, float(np.ravel(r["sc"])[0]))
    cmp.add("nomogram.intercept", nom.intercept, float(np.ravel(r["intercept"])[0]))
    cmp.add("formula.cph.center", f.center, float(np.ravel(r["center"])[0]))
    cmp.add("nomogram.values.total_points", nom.total_points, r["total_x"])
    cmp.add("nomogram.values.lp_at", nom.lp_axis["lp"].to_numpy(), r["lp_at"])
    cmp.add("nomogram.lp_points", nom.lp_axis["points"].to_numpy(), r["lp_x"])
    assert list(nom.survival_axes) == times and len(nom.risk_axis) == 0
    s = nom.score(d)
    assert list(s.columns) == [*nom.R.columns, "total_points", *[f"survival_{int(t)}" for t in times]]
    cmp.add("nomogram.score.total_points", s["total_points"].to_numpy(), r["score_total"])
    cmp.add("nomogram.score.lp", nom.intercept + s["total_points"].to_numpy() / nom.sc, r["score_lp"])
    for i, t in enumerate(times):
        ax = nom.survival_axes[t]
        cmp.add("nomogram.values.survival", ax["survival"].to_numpy(), np.atleast_1d(r["fun_at"][i]), note=f"t = {t}")
        cmp.add("nomogram.survival_total_points", ax["total_points"].to_numpy(), np.atleast_1d(r["fun_x"][i]),
                note=f"t = {t}")
        cmp.add("nomogram.score.survival", s[f"survival_{int(t)}"].to_numpy(), np.asarray(r["score_surv"][i], float),
                note=f"t = {t}")
    cmp.assert_ok()


def test_cph_formula_display_draws_survival_axes():
    """NomogramDisplay draws a formula cph nomogram: the predictor axes (an axis per interacting level, named as
    rms names them), total points, one survival axis per time; catg() of numbers labelled by its levels."""
    from matplotlib.figure import Figure

    from cmvt_core.plots import NomogramDisplay

    make, formula, times, inter = CPH_CASES["veteran"]
    nom = nomogram(cph(formula, make(None)), times=times, interact=inter)
    disp = NomogramDisplay.from_nomogram(nom, Figure(figsize=(8, 8)).add_subplot())
    assert list(disp.axis_labels_) == ["Points", "karno (celltype=squamous)", "karno (celltype=adeno)", "age",
                                       "prior", "Total Points", "Survival at t=30",
                                       "Survival at t=90", "Survival at t=180"]
    assert nom.axes["prior"]["value"].tolist() == ["0", "10"]
    texts = {t.get_text() for t in disp.ax_.texts}
    ax90 = nom.survival_axes[90.0]
    assert {f"{v:.7g}" for v in ax90["survival"]} <= texts and {"0", "10"} <= texts
    # the survival ticks sit where the nomogram puts them (total points stretched to the points axis)
    stretch = nom.maxscale / nom.total_points.max()
    xs = {round(t.get_position()[0], 9) for t in disp.ax_.texts if t.get_text() == f"{ax90['survival'].iloc[0]:.7g}"}
    assert round(ax90["total_points"].iloc[0] * stretch, 9) in xs
    # karno's rcs axis under squamous: every tick at its own points
    k = nom.axes["karno (celltype=squamous)"]
    for v, p in zip(k["value"], k["points"]):
        assert (round(float(p), 9), f"{v:.7g}") in {(round(t.get_position()[0], 9), t.get_text())
                                                    for t in disp.ax_.texts}

"""nomogram of a stratified formula cph fit (``strat()``, issue 22): the points axes of the linear predictor (a
strat() term has no axis) and one survival axis per (time, stratum), each equal to ``surv <- Survival(fit);
rms::nomogram(fit, fun = list(function(lp) surv(t, lp, stratum = "sex=1"), ...))`` live (rms 6.5-0) with the
datadist of the data, on survival's lung (strat(sex); age or ph.ecog interacting with the stratum) and veteran
(strat(celltype), 4 strata; strat(celltype) + strat(prior), 8 strata), both ties methods; ``score()`` on each
row's own stratum; the refusals; the figure."""
from __future__ import annotations

import numpy as np
import pytest

from cmvt_core import InputError, cph, nomogram

from test_formula import _lung, _tree, _veteran
from test_nomogram_formula import R, compare_formula_axes  # noqa: F401  (R: the module's rms fixture)


CASES = {  # (data, formula, times)
    "lung": (_lung, "Surv(time, dead) ~ rcs(age, 4) + ph.ecog + strat(sex)", [365.0, 730.0]),
    "lung-ia": (_lung, "Surv(time, dead) ~ age * strat(sex) + ph.ecog", [180.0, 365.0]),
    "lung-ia-discrete": (_lung, "Surv(time, dead) ~ age + strat(sex) * ph.ecog", [365.0]),
    "veteran": (_veteran, "Surv(time, status) ~ rcs(karno, 3) + age + strat(celltype)", [30.0, 90.0, 180.0]),
    "veteran-2strata": (_veteran, "Surv(time, status) ~ karno + age + strat(celltype) + strat(prior)", [30.0, 90.0]),
}


@pytest.fixture(scope="module")
def cases(R):
    """Per (case, ties): the data, fit, nomogram and rms's parts (one R call each)."""
    out = {}
    for case, (make, formula, times) in CASES.items():
        d = make(R)
        for ties in ("efron", "breslow"):
            f = cph(formula, d, ties=ties)
            nom = nomogram(f, times=times)
            strata = np.array([str(s) for s in f.strata.categories], dtype=object)
            r = R.call_py("helper:nomogram_cph_strata_parts", *_tree(formula), d, np.asarray(times), strata,
                          method=ties)
            out[case, ties] = d, f, nom, r
    return out


def _vec(v) -> np.ndarray:
    return np.atleast_1d(np.asarray(v, dtype=float))


@pytest.mark.r
@pytest.mark.parametrize("ties", ["efron", "breslow"])
@pytest.mark.parametrize("case", list(CASES))
def test_strata_nomogram_equals_rms(cases, parity_case, case, ties):
    d, f, nom, r = cases[case, ties]
    _, formula, times = CASES[case]
    strata = [str(s) for s in f.strata.categories]
    cmp = parity_case(f"nomogram-cph-strata-{case}-{ties}").describe(
        call=f"surv <- Survival(fit); rms::nomogram(fit, fun = list(function(lp) surv(t, lp, stratum = s), ...)) "
             f"for t in {times}, s in {strata}, fit <- rms::cph({formula}, data, x = TRUE, y = TRUE, surv = TRUE, "
             f"method = '{ties}')", data=d)
    assert [str(v) for v in np.atleast_1d(r["surv_names"])] == strata  # rms's names(fit$surv)
    compare_formula_axes(cmp, nom, r)
    assert not any(s.startswith(("sex", "celltype", "prior")) for s in nom.axes if "-ia" not in case)
    cmp.add("nomogram.sc", nom.sc, float(np.ravel(r["sc"])[0]))
    cmp.add("nomogram.intercept", nom.intercept, float(np.ravel(r["intercept"])[0]))
    cmp.add("formula.cph.center", f.center, float(np.ravel(r["center"])[0]))
    cmp.add("nomogram.values.total_points", nom.total_points, _vec(r["total_x"]))
    cmp.add("nomogram.values.lp_at", nom.lp_axis["lp"].to_numpy(), _vec(r["lp_at"]))
    cmp.add("nomogram.lp_points", nom.lp_axis["points"].to_numpy(), _vec(r["lp_x"]))
    keys = [(t, s) for t in times for s in strata]
    assert list(nom.survival_axes) == keys and len(nom.risk_axis) == 0
    for i, key in enumerate(keys):
        ax = nom.survival_axes[key]
        cmp.add("nomogram.values.survival", ax["survival"].to_numpy(), _vec(r["fun_at"][i]), note=str(key))
        cmp.add("nomogram.survival_total_points", ax["total_points"].to_numpy(), _vec(r["fun_x"][i]), note=str(key))
    assert [str(v) for v in np.atleast_1d(r["row_strata"])] == [str(v) for v in f.strata]
    s = nom.score(d)
    assert list(s.columns) == [*nom.R.columns, "total_points", *[f"survival_{int(t)}" for t in times]]
    cmp.add("nomogram.score.total_points", s["total_points"].to_numpy(), _vec(r["score_total"]))
    cmp.add("nomogram.score.lp", nom.intercept + s["total_points"].to_numpy() / nom.sc, _vec(r["score_lp"]))
    for i, t in enumerate(times):
        cmp.add("nomogram.score.survival", s[f"survival_{int(t)}"].to_numpy(), _vec(r["score_surv"][i]),
                note=f"t = {t}")
    cmp.assert_ok()


def test_strata_score_and_refusals():
    """score() reads each row on its own stratum and needs the strat() column; a time outside a stratum's
    follow-up or a stratum not in the fit is refused; an unstratified fit keeps its float keys."""
    d = _veteran(None)
    f = cph("Surv(time, status) ~ karno + strat(celltype)", d)
    nom = nomogram(f, times=[30.0, 90.0])
    row = d.iloc[[0, 0]].copy()
    row["celltype"] = ["squamous", "adeno"]
    s = nom.score(row)
    assert s["total_points"].iloc[0] == s["total_points"].iloc[1]
    lp = f.predict(row).to_numpy()
    for k, st in enumerate(["celltype=squamous", "celltype=adeno"]):
        assert s["survival_90"].iloc[k] == pytest.approx(float(f.survest(row.iloc[[k]], [90.0]).iloc[0, 0]),
                                                        rel=0, abs=1e-15)
        assert st in f.strata.categories and np.isfinite(lp[k])
    with pytest.raises(InputError, match="celltype"):
        nom.score(d.drop(columns="celltype").head(2))
    bad = d.head(2).copy()
    bad["celltype"] = bad["celltype"].astype(str).replace({"squamous": "other"})
    with pytest.raises(InputError, match="other"):
        nom.score(bad)
    with pytest.raises(InputError, match="celltype=adeno.*beyond"):
        nomogram(f, times=[365.0])  # adeno's last time is 186
    with pytest.raises(InputError, match="celltype=large.*before its first event"):
        nomogram(f, times=[5.0])  # large's first event is at 12
    assert list(nom.to_dict()["survival_axes"][1]) == ["time", "stratum", "survival", "total_points"]
    plain = nomogram(cph("Surv(time, status) ~ karno", d), times=[30.0])
    assert list(plain.survival_axes) == [30.0] and "stratum" not in plain.to_dict()["survival_axes"][0]


def test_strata_display_draws_an_axis_per_time_and_stratum():
    from matplotlib.figure import Figure

    from cmvt_core.plots import NomogramDisplay

    make, formula, times = CASES["lung"]
    nom = nomogram(cph(formula, make(None)), times=times)
    disp = NomogramDisplay.from_nomogram(nom, Figure(figsize=(8, 9)).add_subplot(), survlabel="{t}-day survival")
    assert list(disp.axis_labels_) == ["Points", "age", "ph.ecog", "Total Points",
                                       "365-day survival (sex=1)", "365-day survival (sex=2)",
                                       "730-day survival (sex=1)", "730-day survival (sex=2)"]
    ax = nom.survival_axes[730.0, "sex=2"]
    stretch = nom.maxscale / nom.total_points.max()
    xs = {round(t.get_position()[0], 9) for t in disp.ax_.texts if t.get_text() == f"{ax['survival'].iloc[0]:.7g}"}
    assert round(ax["total_points"].iloc[0] * stretch, 9) in xs

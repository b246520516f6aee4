"""nomogram of a cph fit: live parity with rms::nomogram(fit, fun = list(function(lp) surv(t, lp), ...)) with
surv <- Survival(fit) (rms 6.5-0, survival 3.5-3), bad input, the figure."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from cmvt_core import InputError, cph, nomogram
from _survival_cases import DATA, _lung, _veteran


@pytest.fixture(scope="module")
def R(r_bridge):
    r_bridge.library("rms")
    r_bridge.source("cph.R")
    r_bridge.source("nomogram_cph.R")
    return r_bridge


def _time_sets(time: pd.Series, event: pd.Series) -> dict[str, np.ndarray]:
    """Times between event times (none an event time), round times, event times and times 5e-7 short of one
    (rms's Survival reads the curve at time <= t + 1e-6), the last event time and after it, where the curve
    no longer moves, up to the last follow-up time."""
    t = time.to_numpy(dtype=float)
    ev = np.unique(t[event.to_numpy() == 1])
    k = len(ev)
    mid = [(ev[i] + ev[i + 1]) / 2 for i in (k // 5, k // 2, (4 * k) // 5)]
    tail = np.unique([ev[-2], ev[-1], (ev[-1] + t.max()) / 2, t.max()])
    return {"between-events": np.array(mid),
            "round": np.array([100.0, 365.0, 730.0]),
            "at-events": np.array([ev[0] - 5e-7, ev[3], ev[k // 3] - 5e-7, ev[k // 3] + 5e-7]),
            "tail": tail}


def _r_values(r_axis) -> list:
    v = np.atleast_1d(np.asarray(r_axis))
    return [str(a) for a in v] if v.dtype.kind in "USO" else v.astype(float).tolist()


@pytest.mark.r
@pytest.mark.parametrize("ties", ["efron", "breslow"])
@pytest.mark.parametrize("name", list(DATA))
def test_cph_nomogram_matches_rms(R, parity_case, name, ties):
    x, time, event = DATA[name]()
    fit = cph(x, time, event, ties=ties)
    for set_name, tt in _time_sets(time, event).items():
        nom = nomogram(fit, times=tt)
        r = R.call_py("helper:nomogram_cph_parts", x, np.asarray(time, float), np.asarray(event, float), tt, x,
                      method=ties)
        cmp = parity_case(f"nomogram-cph-{name}-{ties}-{set_name}").describe(
            call="surv <- Survival(fit); rms::nomogram(fit, fun = list(function(lp) surv(t1, lp), ...)) with "
                 f"fit <- rms::cph(..., x = TRUE, y = TRUE, surv = TRUE, method = '{ties}'), times {tt.tolist()}",
            data=(x, time, event))
        for v in x.columns:
            rv = r["axes"][v]
            pv = nom.axes[v]["value"].tolist()
            if isinstance(pv[0], str):
                assert pv == _r_values(rv["value"]), v
            else:
                cmp.add(f"nomogram.values.{v}", np.asarray(pv, float), np.asarray(_r_values(rv["value"])))
            cmp.add(f"nomogram.points.{v}", nom.axes[v]["points"].to_numpy(float), np.atleast_1d(rv["points"]))
        cmp.add("nomogram.sc", nom.sc, float(np.ravel(r["sc"])[0]))
        cmp.add("nomogram.intercept", nom.intercept, float(np.ravel(r["intercept"])[0]))
        cmp.add("nomogram.R_min", nom.R.loc["min"].to_numpy(), r["R_min"])
        cmp.add("nomogram.R_max", nom.R.loc["max"].to_numpy(), r["R_max"])
        cmp.add("nomogram.values.total_points", nom.total_points, r["total_x"])
        cmp.add("nomogram.values.lp_at", nom.lp_axis["lp"].to_numpy(), r["lp_at"])
        cmp.add("nomogram.lp_points", nom.lp_axis["points"].to_numpy(), r["lp_x"])
        assert list(nom.survival_axes) == [float(t) for t in tt]
        assert len(nom.risk_axis) == 0
        for i, t in enumerate(tt):
            ax = nom.survival_axes[float(t)]
            cmp.add("nomogram.values.survival", ax["survival"].to_numpy(), np.atleast_1d(r["fun_at"][i]),
                    note=f"t = {t!r}")
            cmp.add("nomogram.survival_total_points", ax["total_points"].to_numpy(), np.atleast_1d(r["fun_x"][i]),
                    note=f"t = {t!r}")
        s = nom.score(x)
        for v in x.columns:
            cmp.add("nomogram.score.points", s[v].to_numpy(), r["score_points"][v], note=v)
        cmp.add("nomogram.score.total_points", s["total_points"].to_numpy(), r["score_total"])
        cmp.add("nomogram.score.lp", nom.intercept + s["total_points"].to_numpy() / nom.sc, r["score_lp"])
        for i, t in enumerate(tt):
            col = [c for c in s.columns if c.startswith("survival_")][i]
            cmp.add("nomogram.score.survival", s[col].to_numpy(), np.asarray(r["score_surv"][i], float),
                    note=f"t = {t!r}")
        cmp.assert_ok()


@pytest.mark.r
@pytest.mark.parametrize("ties", ["efron", "breslow"])
def test_cph_nomogram_nint_maxscale(R, parity_case, ties):
    x, time, event = _veteran()
    fit = cph(x, time, event, ties=ties)
    tt = np.array([30.0, 90.0, 180.0])
    for maxscale, nint in ((10, 5), (250, 20)):
        nom = nomogram(fit, times=tt, maxscale=maxscale, nint=nint)
        r = R.call_py("helper:nomogram_cph_parts", x, np.asarray(time, float), np.asarray(event, float), tt, x,
                      method=ties, maxscale=maxscale, nint=nint)
        cmp = parity_case(f"nomogram-cph-veteran-{ties}-{maxscale}-{nint}").describe(
            call=f"rms::nomogram(cph fit, fun = survival at {tt.tolist()}, maxscale = {maxscale}, nint = {nint})")
        for v in x.columns:
            cmp.add("nomogram.points", nom.axes[v]["points"].to_numpy(float), np.atleast_1d(r["axes"][v]["points"]),
                    note=v)
        cmp.add("nomogram.values.total_points", nom.total_points, r["total_x"])
        cmp.add("nomogram.intercept", nom.intercept, float(np.ravel(r["intercept"])[0]))
        for i, t in enumerate(tt):
            ax = nom.survival_axes[t]
            cmp.add("nomogram.values.survival", ax["survival"].to_numpy(), np.atleast_1d(r["fun_at"][i]))
            cmp.add("nomogram.survival_total_points", ax["total_points"].to_numpy(), np.atleast_1d(r["fun_x"][i]))
        cmp.assert_ok()


@pytest.mark.r
def test_cph_nomogram_refused_where_rms_stops(R):
    """Where rms's nomogram stops (t before the first event, at 0, beyond the last follow-up) the port raises
    InputError; at the first event and at the last follow-up time both draw the axis."""
    x, time, event = _lung()
    fit = cph(x, time, event)
    t = time.to_numpy(float)
    first = float(t[event.to_numpy() == 1].min())
    for bad in (first / 2, first - 2e-6, t.max() + 1.0):
        msg = R.call_py("helper:nomogram_cph_error", x, t, np.asarray(event, float), np.array([bad]))
        assert msg is not None and "interpolate" in str(np.ravel(msg)[0]), bad
        with pytest.raises(InputError, match="times position 1"):
            nomogram(fit, times=[bad])
    for good in (first, first - 5e-7, t.max()):
        msg = R.call_py("helper:nomogram_cph_error", x, t, np.asarray(event, float), np.array([good]))
        assert msg is None or len(np.ravel(msg)) == 0, (good, msg)
        assert len(nomogram(fit, times=good).survival_axes[good]) > 0


def test_cph_nomogram_bad_times_and_lrm_unchanged():
    from cmvt_core import lrm

    x, time, event = _lung()
    fit = cph(x, time, event)
    for bad, pat in ((None, "times is required"), (0, "times"), (-5, "times"), ([365, np.nan], "missing"),
                     (["a year"], "times"), ("365", "times"), ([], "at least one"), ([365, 365], "twice"),
                     ([True], "times"), ([np.inf], "times")):
        with pytest.raises(InputError, match=pat):
            nomogram(fit, times=bad)
    with pytest.raises(InputError, match="survival axes of times"):
        nomogram(fit, times=[365], fun="exp")
    d = x.assign(y=(event.to_numpy() == 1).astype(float))
    with pytest.raises(InputError, match="times is for a cph fit"):
        nomogram(lrm(d[["age", "sex"]], d["y"]), times=[365])
    nom = nomogram(lrm(d[["age", "sex"]], d["y"]))
    assert nom.survival_axes == {} and len(nom.risk_axis) > 0 and "risk" in nom.score(d[["age", "sex"]])


def test_cph_nomogram_score_equals_survest_and_properties():
    x, time, event = _veteran()
    fit = cph(x, time, event)
    tt = [50.0, 200.5]
    nom = nomogram(fit, times=tt)
    s = nom.score(x)
    assert list(s.columns) == [*x.columns, "total_points", "survival_50", "survival_200.5"]
    se = fit.survest(x, tt)  # event times are whole days: no event within 1e-6 above t, so both read alike
    np.testing.assert_allclose(s[["survival_50", "survival_200.5"]].to_numpy(), se.to_numpy(), rtol=1e-12, atol=0)
    np.testing.assert_allclose(nom.intercept + s["total_points"] / nom.sc, fit.predict(x), rtol=0, atol=1e-12)
    assert list(nom.axes["celltype"]["value"]) == ["squamous", "smallcell", "adeno", "large"]
    for a in nom.survival_axes.values():  # survival falls as points rise
        assert (np.diff(a["survival"]) > 0).all() and (np.diff(a["total_points"]) < 0).all()
    d = nom.to_dict()
    json.dumps(d)
    assert [a["time"] for a in d["survival_axes"]] == tt
    assert "S(200.5)" in str(nom) and "survival axis" in nom._repr_html_()


def test_cph_nomogram_figure(tmp_path):
    from matplotlib.figure import Figure

    from cmvt_core.plots import NomogramDisplay, save

    x, time, event = _veteran()
    nom = nomogram(cph(x, time, event), times=[90, 180, 365])
    fig = Figure(figsize=(8, 7))
    disp = NomogramDisplay.from_nomogram(nom, fig.add_subplot())
    assert list(disp.axis_labels_)[-3:] == ["Survival at t=90", "Survival at t=180", "Survival at t=365"]
    disp2 = NomogramDisplay.from_nomogram(nom, Figure().add_subplot(), survlabel="{t}-day survival", show_lp=True)
    assert "365-day survival" in disp2.axis_labels_ and "Linear Predictor" in disp2.axis_labels_
    assert "Risk" not in disp.axis_labels_
    paths = save(fig, tmp_path / "nomogram_cph")
    assert all(p.stat().st_size > 1000 for p in paths)
    svg = paths[1].read_text()
    for label in ["Total Points", "Survival at t=365", "celltype", "adeno", "karno"]:
        assert label in svg
    # the survival ticks sit where the nomogram puts them (total points stretched to the points axis)
    tp = nom.total_points
    ax365 = nom.survival_axes[365.0]
    texts = [t for t in disp.ax_.texts if t.get_text() == f"{ax365['survival'].iloc[0]:.7g}"]
    xs = sorted(t.get_position()[0] for t in texts)
    assert any(abs(v - ax365["total_points"].iloc[0] * nom.maxscale / tp.max()) < 1e-9 for v in xs)


def _simulated(seed: int):
    """n from 25 to 400, whole-day times (ties among events and censored), a three-level factor, a binary and a
    continuous predictor."""
    g = np.random.default_rng(seed)
    n = int(g.integers(25, 400))
    grp = g.integers(0, 3, n)
    z = g.normal(size=n)
    b = g.integers(0, 2, n)
    hz = np.exp(0.4 * z + 0.5 * (grp == 1) - 0.3 * (grp == 2) + 0.3 * b)
    t = np.ceil(g.exponential(200.0, n) / hz)
    c = np.ceil(g.uniform(50, 600, n))
    x = pd.DataFrame({"z": z, "b": b.astype(float),
                      "grp": pd.Categorical(np.array(["lo", "mid", "hi"])[grp], categories=["lo", "mid", "hi"])})
    return x, pd.Series(np.minimum(t, c)), pd.Series((t <= c).astype(float))


@pytest.mark.r
@pytest.mark.parametrize("seed", range(8))
def test_cph_nomogram_seeded_sweep(R, parity_case, seed):
    x, time, event = _simulated(seed)
    g = np.random.default_rng(1000 + seed)
    ties = ["efron", "breslow"][seed % 2]
    fit = cph(x, time, event, ties=ties)
    ev = np.unique(time[event == 1])
    tt = np.unique(np.round(g.uniform(ev[0], time.max(), int(g.integers(1, 4))), 1))
    maxscale = float(g.choice([100, 50, 10]))
    nom = nomogram(fit, times=tt, maxscale=maxscale)
    r = R.call_py("helper:nomogram_cph_parts", x, np.asarray(time, float), np.asarray(event, float), tt, x,
                  method=ties, maxscale=maxscale)
    cmp = parity_case(f"nomogram-cph-sweep-{seed}").describe(
        call=f"rms::nomogram(cph fit ({ties}, n = {len(x)}), fun = survival at {tt.tolist()}, maxscale = {maxscale})",
        data=(x, time, event))
    for v in x.columns:
        cmp.add("nomogram.points", nom.axes[v]["points"].to_numpy(float), np.atleast_1d(r["axes"][v]["points"]),
                note=v)
    cmp.add("nomogram.intercept", nom.intercept, float(np.ravel(r["intercept"])[0]))
    cmp.add("nomogram.values.total_points", nom.total_points, r["total_x"])
    s = nom.score(x)
    for i, t in enumerate(tt):
        ax = nom.survival_axes[float(t)]
        cmp.add("nomogram.values.survival", ax["survival"].to_numpy(), np.atleast_1d(r["fun_at"][i]), note=f"t={t}")
        cmp.add("nomogram.survival_total_points", ax["total_points"].to_numpy(), np.atleast_1d(r["fun_x"][i]),
                note=f"t={t}")
        cmp.add("nomogram.score.survival", s.iloc[:, len(x.columns) + 1 + i].to_numpy(),
                np.asarray(r["score_surv"][i], float), note=f"t={t}")
    cmp.assert_ok()

"""nomogram: live parity with rms::nomogram(fit, fun=plogis), R's pretty(), properties, figure."""
from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from cmvt_core import InputError, lrm, nomogram
from cmvt_core.kernels.rbase import pretty

from _lrm_data import cohort as _cohort, mixed, numeric as _numeric, rlog  # noqa: F401


def _mixed(n=300, seed=7):
    return mixed(n, seed, grade=True)


FIXTURES = {
    "cohort-x1-x2": _cohort,
    "mixed": _mixed,
    "n319-p6": lambda: _numeric(319, 6, 11),
    "wide-scale": lambda: _numeric(500, 3, 4, scale=40.0),
    "one-predictor": lambda: _numeric(200, 1, 5),
}


def compare_scale_axes(cmp, nom, r, f, data):
    """sc, intercept, the total-points, lp and risk axes of rms's nomogram, and score(data)'s risk = fitted."""
    cmp.add("nomogram.sc", nom.sc, float(np.ravel(r["sc"])[0]))
    cmp.add("nomogram.intercept", nom.intercept, float(np.ravel(r["intercept"])[0]))
    cmp.add("nomogram.values.total_points", nom.total_points, r["total_x"])
    cmp.add("nomogram.values.lp_at", nom.lp_axis["lp"].to_numpy(), r["lp_at"])
    cmp.add("nomogram.lp_points", nom.lp_axis["points"].to_numpy(), r["lp_x"])
    cmp.add("nomogram.values.risk", nom.risk_axis["risk"].to_numpy(), r["fun_at"])
    cmp.add("nomogram.risk_total_points", nom.risk_axis["total_points"].to_numpy(), r["fun_x"])
    s = nom.score(data)
    cmp.add("nomogram.score.risk_vs_fitted", s["risk"].to_numpy(), f.fitted)
    cmp.assert_ok()


@pytest.mark.r
@pytest.mark.parametrize("name", list(FIXTURES))
def test_nomogram_matches_rms(rlog, parity_case, name):
    df, y = FIXTURES[name]()
    f = lrm(df, y)
    nom = nomogram(f)
    d = df.copy()
    d["y"] = y
    r = rlog.to_py(rlog.call("helper:nomogram_parts", d, "y"))
    cmp = parity_case(f"nomogram-{name}")
    for v in df.columns:
        rv = np.asarray(r["axes"][v]["value"])
        pv = nom.axes[v]["value"].to_numpy()
        if rv.dtype.kind in "US" or rv.dtype == object:
            assert [str(a) for a in pv] == [str(a) for a in rv], v
        else:
            cmp.add(f"nomogram.values.{v}", pv.astype(float), rv.astype(float))
        cmp.add(f"nomogram.points.{v}", nom.axes[v]["points"].to_numpy(float), r["axes"][v]["points"])
    compare_scale_axes(cmp, nom, r, f, df)


@pytest.mark.r
def test_pretty_bit_identical_to_r(rlog, parity_case):
    rng = np.random.default_rng(0)
    ranges = [(20.67, 79.23), (0, 1), (0, 0), (1, 1), (-3.4, 3.3), (0.006, 0.96), (0, 137.2), (-1, -1),
              (5, 5.0000000001), (1e-300, 2e-300), (-1e6, 3e7)]
    for _ in range(150):
        a = rng.normal() * 10.0 ** rng.integers(-4, 5)
        w = abs(rng.normal()) * 10.0 ** rng.integers(-6, 5)
        ranges.append((a, a + w))
    cmp = parity_case("rbase-pretty")
    for lo, hi in ranges:
        for n in (5, 10):
            r = np.asarray(rlog.to_py(rlog.call("helper:r_pretty", lo, hi, n=n)), dtype=float)
            cmp.add("rbase.pretty", pretty(lo, hi, n), r, note=f"pretty(c({lo!r}, {hi!r}), n={n})")
    cmp.assert_ok()


# --- properties --------------------------------------------------------------------------
@settings(deadline=None, max_examples=20)
@given(seed=st.integers(0, 5000), p=st.integers(1, 4), maxscale=st.sampled_from([100, 10, 250]))
def test_points_span_and_direction(seed, p, maxscale):
    df, y = _numeric(150, p, seed)
    if y.min() == y.max():
        return
    f = lrm(df, y)
    nom = nomogram(f, maxscale=maxscale)
    mins = [a["points"].min() for a in nom.axes.values()]
    maxs = [a["points"].max() for a in nom.axes.values()]
    assert max(abs(m) for m in mins) < 1e-9 * maxscale      # every axis starts at 0 points
    assert abs(max(maxs) - maxscale) < 1e-9 * maxscale       # the widest reaches maxscale
    for v, a in nom.axes.items():
        d = np.diff(a["points"].to_numpy())
        b = f.coef[v]
        assert (np.sign(d) == np.sign(b)).all() or b == 0     # points move with the coefficient's sign
    s = nom.score(df)
    np.testing.assert_allclose(s["risk"], f.fitted, atol=1e-12, rtol=0)


def test_factor_reference_level_and_errors(tmp_path):
    df, y = _mixed()
    f = lrm(df, y)
    nom = nomogram(f)
    st_ = nom.axes["stage"]
    b = f.coef
    pts = (np.array([0.0, b["stage=II"], b["stage=III"]]) - min(0.0, b["stage=II"], b["stage=III"])) * nom.sc
    np.testing.assert_allclose(st_["points"], pts, atol=1e-12)
    assert list(nom.axes["grade"]["value"]) == [1, 2, 3, 4]  # <= 10 unique values kept as values
    with pytest.raises(InputError, match="maxscale"):
        nomogram(f, maxscale=-1)
    with pytest.raises(InputError, match="lrm fit"):
        nomogram("not a fit")
    with pytest.raises(InputError, match="fun"):
        nomogram(f, fun="exp")
    bad = df.head(2).copy()
    bad["race"] = ["martian", "white"]
    with pytest.raises(InputError, match="'race'"):
        nom.score(bad)
    json.dumps(nom.to_dict())


def test_nomogram_figure_png_svg(tmp_path):
    from matplotlib.figure import Figure

    from cmvt_core.plots import NomogramDisplay, save

    df, y = _mixed()
    nom = nomogram(lrm(df, y))
    fig = Figure(figsize=(8, 6))
    NomogramDisplay.from_nomogram(nom, fig.add_subplot(), show_lp=True)
    paths = save(fig, tmp_path / "nomogram")
    assert [p.suffix for p in paths] == [".png", ".svg"]
    assert all(p.stat().st_size > 1000 for p in paths)
    svg = paths[1].read_text()
    for label in ["Points", "Total Points", "Risk", "age", "race", "stage", "asian", "III"]:
        assert f">{label}<" in svg or label in svg

"""roc: properties (hypothesis), bad input, edge behaviour, the figure and the O(n log n) DeLong at scale.

No R here; the parity with pROC is in tests/test_roc.py.  Reference values written below were printed
by R 4.2.2 / pROC 1.18.0 for the call written beside them.
"""
from __future__ import annotations

import json
import math
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cmvt_core import InputError, RWarning, roc, roc_test

PROPS = settings(deadline=None, max_examples=120)


@st.composite
def labelled_scores(draw, max_n=60, integer=False):
    n = draw(st.integers(4, max_n))
    y = np.array(draw(st.lists(st.integers(0, 1), min_size=n, max_size=n)))
    if y.min() == y.max():
        y[0] = 1 - y[0]
    if integer:
        p = np.array(draw(st.lists(st.integers(-5, 5), min_size=n, max_size=n)), dtype=float)
    else:
        p = np.array(draw(st.lists(st.floats(-1e3, 1e3, allow_nan=False, width=32), min_size=n, max_size=n)),
                     dtype=float)
    return y, p


def _quiet():
    w = warnings.catch_warnings()
    w.__enter__()
    warnings.simplefilter("ignore", RWarning)
    return w


def _mann_whitney_auc(y, p, direction):
    cases, controls = p[y == 1], p[y == 0]
    if direction == ">":
        cases, controls = -cases, -controls
    gt = (cases[:, None] > controls[None, :]).sum()
    eq = (cases[:, None] == controls[None, :]).sum()
    return (gt + 0.5 * eq) / (cases.size * controls.size)


# ------------------------------------------------------------------ reference values (no R needed)
def test_reference_values_from_proc():
    # library(pROC); y <- c(0,0,1,1,0,1,0,1,1,0); p <- c(.1,.4,.35,.8,.2,.9,.65,.65,.3,.5)
    y = np.array([0, 0, 1, 1, 0, 1, 0, 1, 1, 0])
    p = np.array([.1, .4, .35, .8, .2, .9, .65, .65, .3, .5])
    r = roc(y, p)
    # r <- roc(y, p); sprintf("%.17g", c(auc(r), var(r), ci.auc(r)))
    #   0.73999999999999999 0.031199999999999999 0.39380133563854314 0.73999999999999999 1
    assert r.auc == pytest.approx(0.73999999999999999, abs=1e-15)
    assert r.var() == pytest.approx(0.031199999999999999, abs=1e-15)
    np.testing.assert_allclose(r.ci_auc(), [0.39380133563854314, 0.73999999999999999, 1.0], atol=1e-15, rtol=0)
    # coords(r, "best"): three tied Youden rows
    #   threshold specificity sensitivity: 0.250 0.4 1.0 / 0.575 0.8 0.6 / 0.725 1.0 0.4
    #   sprintf("%.17g", coords(r, "best")$threshold): 0.25 0.57499999999999996 0.72500000000000009
    best = r.coords("best")
    assert best.to_dict("list") == {"threshold": [0.25, 0.57499999999999996, 0.72500000000000009], "sensitivity": [1.0, 0.6, 0.4],
                                    "specificity": [0.4, 0.8, 1.0]}


# ------------------------------------------------------------------ properties
@PROPS
@given(labelled_scores())
def test_auc_in_unit_interval_and_equals_mann_whitney(data):
    y, p = data
    for d in ("auto", "<", ">"):
        r = roc(y, p, direction=d)
        assert 0.0 <= r.auc <= 1.0
        assert r.auc == pytest.approx(_mann_whitney_auc(y, p, r.direction), abs=1e-14)
        # sensitivities/specificities are counts over group sizes, monotone in the stored order
        assert np.all(np.diff(r.specificities) >= 0) and np.all(np.diff(r.sensitivities) <= 0)
        assert r.placements()["theta"] == pytest.approx(r.auc, abs=1e-14)


@PROPS
@given(labelled_scores(integer=True))
def test_reversed_predictor_gives_one_minus_auc_with_direction_fixed(data):
    y, p = data
    for d in ("<", ">"):
        a = roc(y, p, direction=d).auc
        b = roc(y, 1 - p, direction=d).auc
        assert b == pytest.approx(1 - a, abs=1e-14)


@PROPS
@given(labelled_scores(), st.sampled_from(["exp", "cube", "affine", "arctan"]))
def test_auc_invariant_under_strictly_increasing_transform(data, how):
    y, p = data
    p = p / 100.0  # keep exp finite
    f = {"exp": np.exp, "cube": lambda v: v ** 3, "affine": lambda v: 3 * v + 2, "arctan": np.arctan}[how]
    q = f(p)
    # a transform may merge values that were distinct (rounding); only compare where the order is kept strictly
    if len(np.unique(q)) != len(np.unique(p)):
        return
    # with the direction fixed (with "auto", R's even-n median is a mean of two values, which a non-linear
    # transform can move across the other group's median: the auto direction itself is not invariant)
    for d in ("<", ">"):
        r1, r2 = roc(y, p, direction=d), roc(y, q, direction=d)
        assert r2.auc == r1.auc
        np.testing.assert_array_equal(r2.sensitivities, r1.sensitivities)
        np.testing.assert_array_equal(r2.specificities, r1.specificities)


@PROPS
@given(labelled_scores(integer=True))
def test_delong_variance_nonnegative_and_ci_ordered(data):
    y, p = data
    r = roc(y, p)
    w = _quiet()
    try:
        v = r.var()
        ci = r.ci_auc()
    finally:
        w.__exit__(None, None, None)
    if r.n_cases > 1 and r.n_controls > 1:
        assert v >= 0
        assert 0.0 <= ci[0] <= ci[1] <= ci[2] <= 1.0
        assert ci[1] == r.placements()["theta"] == pytest.approx(r.auc, abs=1e-14)
    else:
        assert math.isnan(v) and all(math.isnan(c) for c in ci)


@PROPS
@given(labelled_scores(integer=True))
def test_best_rows_are_all_maxima(data):
    y, p = data
    r = roc(y, p)
    allc = r.coords("all")
    yj = allc["sensitivity"] + allc["specificity"]
    best = r.coords("best")
    assert len(best) == int((yj == yj.max()).sum())
    assert set(best["threshold"]) <= set(allc["threshold"])


@settings(deadline=None, max_examples=25)
@given(labelled_scores(max_n=40))
def test_paired_test_of_a_curve_with_itself(data):
    y, p = data
    if min((y == 1).sum(), (y == 0).sum()) < 2:
        with pytest.raises(InputError, match="needs at least 2 of each"):
            roc_test(roc(y, p), roc(y, p.copy()))
        return
    t = roc_test(roc(y, p), roc(y, p.copy()))
    assert t.statistic == 0.0 and t.p_value == 1.0


# ------------------------------------------------------------------ edge behaviour
def test_ci_is_clipped_to_unit_interval():
    # a nearly perfect marker: theta + 1.96 sd > 1, pROC's ci[ci > 1] <- 1
    y = np.array([0] * 10 + [1] * 10)
    p = np.concatenate([np.arange(10), np.arange(10) + 9.0])
    lo, mid, hi = roc(y, p).ci_auc()
    assert hi == 1.0 and lo < mid < 1.0


def test_conf_level_at_the_bounds_as_r_qnorm():
    # r <- roc(c(0,0,1,1,0,1), c(1,2,3,4,2.5,2.2)); sprintf("%.17g", c(ci.auc(r, conf.level=1), ci.auc(r, conf.level=0)))
    #   "0" "0.88888888888888884" "1" "0.88888888888888884" "0.88888888888888884" "0.88888888888888884"
    r = roc([0, 0, 1, 1, 0, 1], [1, 2, 3, 4, 2.5, 2.2])
    assert tuple(r.ci_auc(1)) == (0.0, 0.88888888888888884, 1.0)
    assert tuple(r.ci_auc(0)) == (0.88888888888888884,) * 3
    # a perfect curve has sd 0, and qnorm(0, mean, 0) is -Inf before clipping: as.numeric(ci.auc(r, conf.level=1)) 0 1 1
    with pytest.warns(RWarning, match="always 1-1"):
        assert tuple(roc([0, 0, 1, 1], [1, 2, 3, 4]).ci_auc(1)) == (0.0, 1.0, 1.0)


def test_one_case_or_one_control_gives_no_ci_and_says_why():
    y = np.array([0, 0, 0, 1])
    r = roc(y, [0.1, 0.5, 0.3, 0.4])
    with pytest.warns(RWarning, match=r"no DeLong CI with 1 case\(s\) and 3 control\(s\)"):
        ci = r.ci_auc()
    assert all(math.isnan(c) for c in ci) and ci.note
    with pytest.warns(RWarning, match="at least 2 cases and 2 controls"):
        assert math.isnan(r.var())
    with pytest.warns(RWarning, match="no stratified bootstrap CI"):
        assert math.isnan(r.ci_auc(method="bootstrap", boot_n=10, seed=1)[0])


def test_perfect_curve_warns_as_proc():
    r = roc([0, 0, 1, 1], [1, 2, 3, 4])
    assert r.auc == 1.0
    with pytest.warns(RWarning, match="always 1-1"):
        r.ci_auc()
    with pytest.warns(RWarning, match="always 0"):
        assert r.var() == 0.0


def test_missing_predictor_pairs_removed_with_warning_and_input_untouched():
    y = pd.Series([0, 1, 0, 1, 1, 0])
    p = pd.Series([0.1, np.nan, 0.3, 0.8, 0.7, None], dtype="float64")
    y0, p0 = y.copy(), p.copy()
    with pytest.warns(RWarning, match=r"2 missing value\(s\) \(rows 2, 6\).*na.rm=TRUE"):
        r = roc(y, p)
    assert r.na_action.tolist() == [2, 6]  # 1-based, as R's na.action (and as the warning counts rows)
    assert r.n_cases == 2 and r.n_controls == 2
    pd.testing.assert_series_equal(y, y0)
    pd.testing.assert_series_equal(p, p0)
    with pytest.raises(InputError, match=r"rows 2, 6.*na_rm=False"):
        roc(y, p, na_rm=False)


def test_bool_outcome_and_int_predictor():
    r1 = roc(np.array([False, True, False, True]), np.array([1, 3, 2, 2]))
    r2 = roc([0.0, 1.0, 0.0, 1.0], [1.0, 3.0, 2.0, 2.0])
    assert r1.auc == r2.auc == 0.875


def test_to_dict_is_json_serialisable():
    r = roc([0, 1, 0, 1, 0, 1], [0.1, 0.9, 0.4, 0.35, 0.2, 0.8])
    d = r.to_dict()
    json.dumps(d)
    assert d["auc"] == r.auc and d["direction"] == "<" and d["thresholds"][0] == -math.inf
    t = roc_test(r, roc([0, 1, 0, 1, 0, 1], [0.2, 0.7, 0.5, 0.1, 0.3, 0.6]))
    json.dumps(t.to_dict())
    json.dumps(r.ci_auc(method="bootstrap", boot_n=20, seed=3).to_dict())


# ------------------------------------------------------------------ bad input
@pytest.mark.parametrize("y,p,match", [
    ([0, 1, 2, 1], [1, 2, 3, 4], r"must be 0/1.*row 3 holds 2\b"),
    ([0, 1, np.nan, 1], [1, 2, 3, 4], r"missing value at row 3\b"),
    # text without levels is a factor, as in pROC (issue 21); a single level cannot make a curve
    (["a", "a", "a", "a"], [1, 2, 3, 4], r"y must have two levels"),
    ([0, 1, 0, 1], ["x", "y", "z", "w"], r"predictor must hold finite numbers; row 1 holds 'x'"),
    ([0, 1, 0, 1], [1, 2, 3], r"predictor has 3 values but y has 4"),
    ([0, 1, 0, 1], [1, np.inf, 3, 4], r"infinite value at row 2 \(inf\)"),
    ([0, 0, 0, 0], [1, 2, 3, 4], r"no case"),
    ([1, 1, 1], [1, 2, 3], r"no control"),
    ([0, 1, 0, 1], [np.nan, 2, np.nan, 4], r"no control"),
    ([[0, 1], [0, 1]], [1, 2], r"y must be 1-D"),
    ([0, 1, 0, 1], np.ones((4, 2)), r"predictor must be 1-D"),
])
def test_bad_input_names_the_culprit(y, p, match):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RWarning)
        with pytest.raises(InputError, match=match):
            roc(y, p)


def test_bad_options():
    r = roc([0, 1, 0, 1], [1, 2, 3, 4])
    with pytest.raises(InputError, match="direction must be"):
        roc([0, 1], [1, 2], direction="up")
    with pytest.raises(InputError, match=r"conf_level=1.5"):
        r.ci_auc(1.5)
    with pytest.raises(InputError, match="method must be 'delong' or 'bootstrap'"):
        r.ci_auc(method="wald")
    with pytest.raises(InputError, match="boot_n=0"):
        r.ci_auc(method="bootstrap", boot_n=0)
    with pytest.raises(InputError, match="best_method must be"):
        r.coords("best", best_method="max")
    with pytest.raises(InputError, match=r"prevalence \(best_weights\[1\] = 1.0\)"):
        r.coords("best", best_weights=(1, 1))
    with pytest.raises(InputError, match="x must be 'all', 'local maximas', 'best' or numbers"):
        r.coords("worst")
    with pytest.raises(InputError, match="method must be one of"):  # bootstrap etc. exist since issue 21 part C
        roc_test(r, r, method="wald")
    with pytest.raises(InputError, match="two results of cmvt_core.roc"):
        roc_test(r, "r2")
    with pytest.raises(InputError, match="paired ROC test cannot be applied to unpaired"):
        roc_test(r, roc([0, 1, 1, 0, 1], [1, 2, 3, 4, 5]), paired=True)


# ------------------------------------------------------------------ the figure
def test_roc_figure_has_auc_ci_and_youden_point(tmp_path):
    from matplotlib.figure import Figure

    from cmvt_core.plots import RocDisplay, save

    g = np.random.default_rng(0)
    y = (g.random(200) < 0.4).astype(int)
    rt = roc(y, g.normal(size=200) + y)
    rv = roc(y[:120], g.normal(size=120) + 0.7 * y[:120])
    fig = Figure()
    ax = RocDisplay.from_roc([rt, rv], fig.add_subplot(), labels=["Training", "Validation"]).ax_
    texts = [t.get_text() for t in ax.get_legend().get_texts()]
    lo, _, hi = rt.ci_auc()
    assert texts[0] == f"Training: AUC {rt.auc:.3f} (95% CI {lo:.3f}\u2013{hi:.3f})"
    assert texts[1].startswith("Validation: AUC ")
    best = rt.coords("best").iloc[0]
    marks = [ln for ln in ax.get_lines() if ln.get_marker() == "o"]
    assert len(marks) == 2
    assert marks[0].get_xdata()[0] == pytest.approx(1 - best["specificity"])
    assert marks[0].get_ydata()[0] == pytest.approx(best["sensitivity"])
    paths = save(fig, tmp_path / "roc")
    assert all(p.stat().st_size > 0 for p in paths)
    with pytest.raises(InputError, match="label"):
        RocDisplay([rt, rv], ["only one"])
    ax2 = RocDisplay.from_roc({"Training": rt, "Validation": rv}, Figure().add_subplot()).ax_
    assert [t.get_text() for t in ax2.get_legend().get_texts()] == texts


# ------------------------------------------------------------------ scale: O(n log n), O(n)
def test_delong_scales_to_a_million_quickly():
    g = np.random.default_rng(1)
    n = 1_000_000
    y = g.random(n) < 0.3
    p = g.normal(size=n) + y
    roc(y[:1000], p[:1000]).ci_auc()  # compile
    r = roc(y, p)
    ci = r.ci_auc()
    assert 0.5 < ci[1] < 1 and ci[0] < ci[1] < ci[2]
    # its speed is measured in benchmarks/bench_roc.py (BENCHMARKS.md), not asserted here


@pytest.mark.slow
def test_delong_ten_million_in_seconds():
    g = np.random.default_rng(2)
    n = 10_000_000
    y = g.random(n) < 0.3
    p = np.round(g.normal(size=n) + y, 4)
    roc(y[:1000], p[:1000]).ci_auc()
    r = roc(y, p)
    ci = r.ci_auc()
    v = r.var()
    assert v > 0 and ci[0] < r.auc < ci[2]
    # 10^7 predictions: timed in benchmarks/bench_roc.py, not asserted here

"""Reclassification (issue 18): ``improve_prob`` live against ``Hmisc::improveProb``; the categorical NRI
against counts by hand, against PredictABEL's computing lines and against the bootstrap's R code
(``parity/r/reclass.R``), live.
"""
from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pytest

from cmvt_core import InputError, RWarning, improve_prob, reclassification
from cmvt_core.kernels.rbase import quantile
from cmvt_core.reclass import _FIELDS, NRICENS_ROWS

_R_NAMES = {"improve_sens": "improveSens", "improve_spec": "improveSpec"}


def _rname(f: str) -> str:
    return _R_NAMES.get(f, f.replace("_", "."))


def _cohorts():
    """(name, x1, x2, y): random risks, ties, x1 == x2 for some rows, all up, n small, missing values."""
    g = np.random.default_rng(18)
    out = []
    n = 300
    y = (g.random(n) < 0.35).astype(float)
    x1 = g.random(n)
    x2 = np.clip(x1 + g.normal(0.03 * (2 * y - 1), 0.1), 0, 1)
    out.append(("random", x1, x2, y))
    x1t = np.round(g.random(n), 1)  # ties everywhere, and the ends 0 and 1
    x2t = np.round(np.clip(x1t + g.normal(0, 0.1, n), 0, 1), 1)
    out.append(("ties", x1t, x2t, y))
    x2s = x2.copy()
    same = g.random(n) < 0.4
    x2s[same] = x1[same]
    out.append(("some_equal", x1, x2s, y))
    x1u = g.random(50) * 0.5
    out.append(("all_up", x1u, x1u + 0.2, (g.random(50) < 0.5).astype(float)))
    out.append(("small", np.array([0.2, 0.4, 0.1, 0.7]), np.array([0.3, 0.3, 0.1, 0.9]), np.array([0.0, 1, 0, 1])))
    out.append(("one_event", np.array([0.2, 0.4, 0.1, 0.7, 0.5]), np.array([0.3, 0.3, 0.15, 0.9, 0.2]),
                np.array([0.0, 0, 0, 1, 0])))
    xm1, xm2, ym = x1[:80].copy(), x2[:80].copy(), y[:80].copy()
    xm1[[3, 17]] = np.nan
    xm2[40] = np.nan
    ym[[5, 17, 60]] = np.nan
    out.append(("missing", xm1, xm2, ym))
    big = g.random(2000) ** 3  # many tiny differences: long-double sums matter
    out.append(("tiny_diffs", big, np.clip(big * (1 + g.normal(0, 1e-9, 2000)), 0, 1),
                (g.random(2000) < 0.1).astype(float)))
    return out


COHORTS = _cohorts()


@pytest.fixture(scope="module")
def rc(r_bridge):
    r_bridge.library("Hmisc")
    r_bridge.source("reclass.R")
    return r_bridge


# ----------------------------------------------------------------------------------- improve_prob
@pytest.mark.r
@pytest.mark.parametrize("name,x1,x2,y", COHORTS, ids=[c[0] for c in COHORTS])
def test_improve_prob_equals_hmisc(rc, parity_case, name, x1, x2, y):
    cmp = parity_case(f"reclass-improve-{name}").describe(call="Hmisc::improveProb(x1, x2, y)")
    py = improve_prob(x1, x2, y)
    r = rc.call_py("helper:rc_improve", x1, x2, y)
    assert len(r) == len(_FIELDS) == 21
    for f in _FIELDS:
        rv = float(np.asarray(r[_rname(f)]).ravel()[0])
        pv = float(getattr(py, f))
        if math.isnan(rv) or math.isnan(pv):
            assert math.isnan(rv) and math.isnan(pv), (f, pv, rv)
            continue
        cmp.add(f"reclass.improve.{f}", pv, rv)
    cmp.assert_ok()
    assert py.to_dict()["n"] == py.n and set(py.to_dict()) == set(_FIELDS)


@pytest.mark.r
@pytest.mark.parametrize("name,x1,x2,y", COHORTS, ids=[c[0] for c in COHORTS])
def test_improve_prob_prints_as_hmisc(rc, name, x1, x2, y):
    r = [str(s) for s in rc.call_py("helper:rc_improve_print", x1, x2, y)]
    assert str(improve_prob(x1, x2, y)).split("\n") == r


def test_improve_prob_properties():
    """Swapping the models negates every index; the IDI is the difference of discrimination slopes."""
    _, x1, x2, y = COHORTS[0]
    a, b = improve_prob(x1, x2, y), improve_prob(x2, x1, y)
    for f in ("nri", "nri_ev", "nri_ne", "idi", "improve_sens", "improve_spec"):
        assert getattr(a, f) == -getattr(b, f)
    assert a.pup_ev == b.pdown_ev and a.se_nri == b.se_nri
    ev = y == 1
    assert a.idi == pytest.approx((x2[ev].mean() - x2[~ev].mean()) - (x1[ev].mean() - x1[~ev].mean()), abs=1e-15)
    assert "Integrated Discrimination Improvement" in a._repr_html_() and len(repr(a)) < 2000


# ----------------------------------------------------------------------------------- categorical NRI
Y10 = [0, 0, 0, 1, 1, 1, 0, 1, 0, 1]
OLD10 = [0.05, 0.15, 0.25, 0.15, 0.25, 0.35, 0.12, 0.08, 0.40, 0.22]
NEW10 = [0.04, 0.25, 0.08, 0.22, 0.35, 0.45, 0.09, 0.21, 0.10, 0.31]


def test_reclassification_counts_by_hand():
    """Cut-offs 0.1, 0.2, 0.3 -> categories 0..3; by hand: events (rows 4, 5, 6, 8, 10) move 1->2, 2->3,
    3->3, 0->2, 2->3: 4 up, 0 down; non-events (1, 2, 3, 7, 9) move 0->0, 1->2, 2->0, 1->0, 3->1: 1 up,
    3 down.  NRI = 4/5 - 0/5 + (3/5 - 1/5) = 1.2."""
    r = reclassification(OLD10, NEW10, Y10, [0.1, 0.2, 0.3], boot=0)
    assert (r.up_ev, r.down_ev, r.up_ne, r.down_ne) == (4, 0, 1, 3)
    assert r.categories == ["[0,0.1)", "[0.1,0.2)", "[0.2,0.3)", "[0.3,1]"]
    ev = np.zeros((4, 4), int)
    for i, j in ((1, 2), (2, 3), (3, 3), (0, 2), (2, 3)):
        ev[i, j] += 1
    ne = np.zeros((4, 4), int)
    for i, j in ((0, 0), (1, 2), (2, 0), (1, 0), (3, 1)):
        ne[i, j] += 1
    assert (r.table_events.to_numpy() == ev).all() and (r.table_nonevents.to_numpy() == ne).all()
    assert (r.table_all.to_numpy() == ev + ne).all()
    assert r.nri == pytest.approx(1.2, abs=1e-15) and r.nri_ev == 0.8 and r.nri_ne == pytest.approx(0.4, abs=1e-15)
    # Hmisc's variance per class: (up + down)/n^2 - (up - down)^2/n^3
    se_ev = math.sqrt(4 / 25 - 16 / 125)
    se_ne = math.sqrt(4 / 25 - 4 / 125)
    assert r.asymptotic.loc["NRI+", "se"] == pytest.approx(se_ev, rel=1e-15)
    assert r.asymptotic.loc["NRI", "se"] == pytest.approx(math.sqrt(se_ev ** 2 + se_ne ** 2), rel=1e-15)
    assert r.asymptotic.loc["NRI", "lower"] == pytest.approx(1.2 - 1.96 * r.asymptotic.loc["NRI", "se"], rel=1e-14)
    assert list(r.estimates.index) == list(NRICENS_ROWS) and list(r.estimates.columns) == ["estimate"]
    assert r.estimates.loc["Pr(Down|Ctrl)", "estimate"] == 0.6
    # a risk equal to a cut-off goes up (cut(..., right = FALSE); nricens's p < cut)
    r2 = reclassification([0.1, 0.3, 0.5, 0.5], [0.2, 0.2999, 0.3, 0.2], [1, 0, 1, 0], [0.2, 0.3], boot=0)
    assert (r2.up_ev, r2.down_ev, r2.up_ne, r2.down_ne) == (1, 0, 0, 2)
    assert "Reclassification table" in str(r) and "NRI(Categorical)" in str(r) and r.to_dict()["up_ev"] == 4
    assert "<table" in r._repr_html_()


def test_reclassification_continuous_part_is_improve_prob():
    r = reclassification(OLD10, NEW10, Y10, 0.2, boot=0)
    assert r.continuous == improve_prob(OLD10, NEW10, Y10)


def test_bootstrap_is_reproducible_and_draws_differ():
    a = reclassification(OLD10 * 3, NEW10 * 3, Y10 * 3, [0.1, 0.2, 0.3], boot=50, seed=7)
    b = reclassification(OLD10 * 3, NEW10 * 3, Y10 * 3, [0.1, 0.2, 0.3], boot=50, seed=7)
    c = reclassification(OLD10 * 3, NEW10 * 3, Y10 * 3, [0.1, 0.2, 0.3], boot=50, seed=7, resample="nricens")
    assert np.array_equal(a.boot_samples, b.boot_samples) and a.seed == 7
    assert not np.array_equal(a.boot_samples, c.boot_samples)
    assert a.boot_samples.shape == (50, 7)


def _cat_cohorts():
    g = np.random.default_rng(1818)
    out = []
    for n, cuts in ((40, [0.1, 0.2, 0.3]), (319, [0.2, 0.5]), (150, [0.05, 0.1, 0.2, 0.4]), (500, [0.3])):
        y = (g.random(n) < 0.37).astype(float)
        p1 = np.clip(g.beta(2, 5, n) + 0.1 * y, 0, 1)
        p2 = np.clip(p1 + g.normal(0.05 * (2 * y - 1), 0.08, n), 0, 1)
        p2[: n // 10] = np.array(cuts)[g.integers(0, len(cuts), n // 10)]  # risks exactly at a cut-off
        out.append((n, cuts, p1, p2, y))
    return out


CAT = _cat_cohorts()


@pytest.mark.r
@pytest.mark.parametrize("k", range(len(CAT)))
def test_asymptotic_equals_predictabel(rc, parity_case, k):
    n, cuts, p1, p2, y = CAT[k]
    cmp = parity_case(f"reclass-predictabel-{n}").describe(
        call="PredictABEL::reclassification(data, cOutcome, p1, p2, c(0, cuts, 1)) (its computing lines)")
    py = reclassification(p1, p2, y, cuts, boot=0)
    r = rc.call_py("helper:rc_predictabel", p1, p2, y, np.array(cuts))
    assert list(r["levels"]) == py.categories
    cmp.add("reclass.predictabel.absent", py.table_nonevents.to_numpy().astype(float), r["absent"].astype(float))
    cmp.add("reclass.predictabel.present", py.table_events.to_numpy().astype(float), r["present"].astype(float))
    cmp.add("reclass.predictabel.all", py.table_all.to_numpy().astype(float), r["all"].astype(float))
    a = py.asymptotic
    for col, key in (("estimate", "nri"), ("se", "se"), ("z", "z"), ("lower", "lower"), ("upper", "upper"),
                     ("p_value", "p")):
        cmp.add(f"reclass.predictabel.{col}", a[col].to_numpy(), np.asarray(r[key], dtype=float))
    cmp.assert_ok()


@pytest.mark.r
@pytest.mark.parametrize("resample", ["sample", "nricens"])
@pytest.mark.parametrize("seed", [1, 42, 2024])
def test_bootstrap_equals_r(rc, parity_case, seed, resample):
    cmp = parity_case(f"reclass-boot-{seed}-{resample}").describe(
        call="set.seed(seed); nricens's nribin loop (parity/r/reclass.R rc_boot)")
    for n, cuts, p1, p2, y in CAT[:3]:
        B = 1000 if n < 200 else 300
        py = reclassification(p1, p2, y, cuts, boot=B, seed=seed, resample=resample)
        r = rc.call_py("helper:rc_boot", p1, p2, y, np.array(cuts), B, seed, 0.05, resample)
        est = py.estimates
        cmp.add("reclass.boot.estimate", est["estimate"].to_numpy(), np.asarray(r["estimate"], float))
        cmp.add("reclass.boot.samples", py.boot_samples, np.asarray(r["samp"], float))
        cmp.add("reclass.boot.std_error", est["std_error"].to_numpy(), np.asarray(r["se"], float))
        cmp.add("reclass.boot.lower", est["lower"].to_numpy(), np.asarray(r["lower"], float))
        cmp.add("reclass.boot.upper", est["upper"].to_numpy(), np.asarray(r["upper"], float))
    cmp.assert_ok()


@pytest.mark.r
@pytest.mark.parametrize("conf_level,alpha", [(0.9, 0.1), (0.8, 0.2), (0.99, 0.01)])
def test_bootstrap_levels_equal_nricens_alpha(rc, parity_case, conf_level, alpha):
    """conf_level=c gives nricens's alpha = 1 - c as typed in R (0.1, not 1 - 0.9 = 0.09999999999999998)."""
    cmp = parity_case(f"reclass-boot-level-{conf_level}").describe(call="rc_boot(..., alpha = alpha)")
    n, cuts, p1, p2, y = CAT[0]
    py = reclassification(p1, p2, y, cuts, boot=1000, seed=5, conf_level=conf_level)
    r = rc.call_py("helper:rc_boot", p1, p2, y, np.array(cuts), 1000, 5, alpha, "sample")
    cmp.add("reclass.boot.lower", py.estimates["lower"].to_numpy(), np.asarray(r["lower"], float))
    cmp.add("reclass.boot.upper", py.estimates["upper"].to_numpy(), np.asarray(r["upper"], float))
    cmp.assert_ok()


@pytest.mark.r
def test_bootstrap_with_empty_classes_equals_r(rc, parity_case):
    """n small: some resamples hold no event; R's NaN rows, na.rm percentiles and NA sd."""
    cmp = parity_case("reclass-boot-empty").describe(call="rc_boot on 6 rows, 1 event")
    p1, p2, y = [0.1, 0.3, 0.5, 0.2, 0.6, 0.05], [0.3, 0.1, 0.6, 0.25, 0.2, 0.5], [1, 0, 0, 0, 0, 0]
    with pytest.warns(RWarning, match="no events or no"):
        py = reclassification(p1, p2, y, [0.2, 0.4], boot=200, seed=3)
    r = rc.call_py("helper:rc_boot", np.array(p1), np.array(p2), np.array(y, float), np.array([0.2, 0.4]), 200, 3,
                   0.05, "sample")
    rs = np.asarray(r["samp"], float)
    assert np.array_equal(np.isnan(py.boot_samples), np.isnan(rs))
    ok = ~np.isnan(rs)
    cmp.add("reclass.boot.samples", py.boot_samples[ok], rs[ok])
    cmp.add("reclass.boot.lower", py.estimates["lower"].to_numpy(), np.asarray(r["lower"], float))
    cmp.add("reclass.boot.upper", py.estimates["upper"].to_numpy(), np.asarray(r["upper"], float))
    r_se = np.array([np.nan if v is None else v for v in np.ravel(r["se"])], dtype=float)
    assert np.isnan(py.estimates["std_error"].to_numpy()).any()
    cmp.add("reclass.boot.std_error", py.estimates["std_error"].to_numpy(), r_se)  # NaN where R's sd is NA
    cmp.assert_ok()


@pytest.mark.r
def test_quantile_type2_equals_r(rc, parity_case):
    cmp = parity_case("reclass-quantile2").describe(call="quantile(x, probs, type = 2)")
    g = np.random.default_rng(2)
    probs = np.array([0.0, 0.025, 0.05, 0.1, 0.25, 0.5, 0.75, 0.975, 1.0])
    for n in (1, 2, 10, 40, 200, 1000):
        for x in (g.normal(size=n), np.round(g.random(n), 1)):
            cmp.add("reclass.quantile2", quantile(x, probs, type=2),
                    np.asarray(rc.call_py("helper:rc_quantile2", x, probs), float))
    cmp.assert_ok()


# ----------------------------------------------------------------------------------- bad input
BAD = [
    ("cutoff 0", lambda: reclassification(OLD10, NEW10, Y10, [0.0, 0.2]), r"cutoffs .*\(0, 1\).*position 1 holds 0"),
    ("cutoff 1", lambda: reclassification(OLD10, NEW10, Y10, [0.2, 1.0]), r"cutoffs .*position 2 holds 1"),
    ("cutoff 1.5", lambda: reclassification(OLD10, NEW10, Y10, 1.5), r"cutoffs .*holds 1.5"),
    ("cutoff negative", lambda: reclassification(OLD10, NEW10, Y10, [-0.1]), r"cutoffs .*holds -0.1"),
    ("unsorted", lambda: reclassification(OLD10, NEW10, Y10, [0.3, 0.1]), r"cutoffs must be strictly increasing.*0.1"),
    ("duplicated", lambda: reclassification(OLD10, NEW10, Y10, [0.1, 0.1]), r"increasing; position 2 repeats 0.1"),
    ("no cutoffs", lambda: reclassification(OLD10, NEW10, Y10, []), r"cutoffs must hold at least one"),
    ("x1 above 1", lambda: improve_prob([0.1, 1.2, 0.3], [0.1, 0.2, 0.3], [0, 1, 0]), r"x1 .*\[0, 1\].*row 2 holds 1.2"),
    ("x2 negative", lambda: reclassification(OLD10, [-0.1] + NEW10[1:], Y10, 0.2), r"x2 .*row 1 holds -0.1"),
    ("x1 infinite", lambda: improve_prob([0.1, np.inf], [0.1, 0.2], [0, 1]), r"x1 has an infinite value at row 2"),
    ("lengths", lambda: improve_prob([0.1, 0.2, 0.3], [0.1, 0.2], [0, 1, 0]), r"x2 has 2 values but x1 has 3"),
    ("y length", lambda: reclassification(OLD10, NEW10, Y10[:-1], 0.2), r"y has 9 values but x1 has 10"),
    ("y = 2", lambda: improve_prob([0.1, 0.2, 0.3], [0.1, 0.2, 0.3], [0, 2, 1]), r"y must be 0/1.*row 2 holds 2"),
    ("y text", lambda: improve_prob([0.1, 0.2], [0.1, 0.2], ["no", "yes"]), r"y must be 0/1.*row 1 holds 'no'"),
    ("y one class", lambda: improve_prob([0.1, 0.2], [0.1, 0.2], [1, 1]), r"y must hold both 0 and 1.*only 1s"),
    ("y one class after NA", lambda: improve_prob([0.1, np.nan, 0.3], [0.1, 0.2, 0.3], [0, 1, 0]),
     r"only 0s after dropping 1 rows"),
    ("boot", lambda: reclassification(OLD10, NEW10, Y10, 0.2, boot=-1), r"boot must be at least 0"),
    ("conf_level", lambda: reclassification(OLD10, NEW10, Y10, 0.2, conf_level=1.0), r"conf_level .*\(0, 1\)"),
    ("resample", lambda: reclassification(OLD10, NEW10, Y10, 0.2, resample="runif"), r"resample must be one of"),
]


@pytest.mark.parametrize("call,pattern", [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_bad_input_is_a_one_line_input_error(call, pattern):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RWarning)
        with pytest.raises(InputError, match=pattern) as ei:
            call()
    assert "\n" not in str(ei.value)


def test_missing_values_are_dropped_as_hmisc():
    a = improve_prob([0.1, np.nan, 0.3, 0.5, 0.2], [0.2, 0.2, 0.1, 0.6, 0.3], pd.Series([0, 1, None, 1, 0]))
    b = improve_prob([0.1, 0.5, 0.2], [0.2, 0.6, 0.3], [0, 1, 0])
    np.testing.assert_equal(a.to_dict(), b.to_dict())
    assert a.n == 3

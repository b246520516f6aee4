"""``cmvt_core.kernels.hmisc``: one GiniMd and one somers2, equal to Hmisc's bit for bit (live), used by
both lrm's stats (``logistic``) and validate (``calibration``)."""
from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from cmvt_core import InputError, calibration, logistic
from cmvt_core.kernels import hmisc
from cmvt_core.kernels.rbase import r_mean


@pytest.fixture(scope="module")
def R(r_bridge):
    r_bridge.library("Hmisc")
    r_bridge.source("calibration.R")  # cal_somers2, cal_ginimd
    return r_bridge


def _scalar(v):
    return float(np.asarray(v, dtype=float).ravel()[0])


def _old_pairwise_gini(v):
    """The second copy the package had (calibration.gini_md before issue 16): numpy's pairwise double sum."""
    n = v.shape[0]
    w = 4 * (np.arange(1, n + 1) - (n - 1) / 2) / n / (n - 1)
    return float(np.sum(w * np.sort(v - r_mean(v))))


def test_one_implementation_for_every_caller():
    assert logistic.gini_md is hmisc.gini_md and calibration.gini_md is hmisc.gini_md
    assert getattr(calibration, "somers2", hmisc.somers2) is hmisc.somers2  # no copy left in calibration
    assert calibration._somers_dxy_sorted is hmisc._somers_dxy_sorted  # validate's Dxy in the bootstrap
    assert hmisc.gini_md([1.0, 2.0, 4.0]) == 1.9999999999999996  # R: sprintf("%.17g", GiniMd(c(1, 2, 4)))
    assert math.isnan(hmisc.gini_md([1.0])) and math.isnan(hmisc.gini_md([1.0, np.nan, 2.0]))
    assert hmisc.gini_md([1.0, np.nan, 4.0], na_rm=True) == 3.0
    s = hmisc.somers2([0.1, 0.4, 0.35, 0.8, np.nan], [0, 0, 1, 1, 1])
    assert s == {"C": 0.75, "Dxy": 0.5, "n": 4.0, "Missing": 1.0}
    assert math.isnan(hmisc.somers2([1.0, 2.0], [1, 1])["C"])


@pytest.mark.r
def test_ginimd_and_somers2_equal_hmisc_over_a_seeded_sweep(r_bridge, parity_case):
    r_bridge.library("Hmisc")
    cmp = parity_case("hmisc-ginimd-somers2").describe(call="Hmisc::GiniMd(x); Hmisc::somers2(x, y)")
    rng = np.random.default_rng(2016)
    old_differs = 0
    for k in range(60):
        n = int(rng.integers(2, 400))
        x = rng.normal(size=n) * 10.0 ** rng.integers(-3, 4) + rng.normal() * 5
        if k % 4 == 0:
            x = np.round(x, 1)  # ties
        r = _scalar(r_bridge.to_py(r_bridge.call("Hmisc::GiniMd", x)))
        cmp.add("hmisc.ginimd", hmisc.gini_md(x), r)
        old_differs += _old_pairwise_gini(x) != r
        y = (rng.random(n) < 0.4).astype(float)
        if 0 < y.sum() < n:
            rs = r_bridge.to_py(r_bridge.call("Hmisc::somers2", x, y))
            ps = hmisc.somers2(x, y)
            cmp.add("somers2.C", ps["C"], _scalar(rs[0]))
            cmp.add("somers2.Dxy", ps["Dxy"], _scalar(rs[1]))
    cmp.assert_ok()
    assert old_differs > 0  # the pairwise copy was not Hmisc's (it differed in the last bit)


@pytest.mark.r
def test_somers2_and_ginimd_match_hmisc(R, parity_case):
    cmp = parity_case("somers2-ginimd")
    rng = np.random.default_rng(2)
    for k in range(5):
        n = 50 + 30 * k
        x = np.round(rng.normal(size=n), k)  # k = 0: heavy ties
        y = (rng.random(n) < 0.4).astype(float)
        r = R.call_py("helper:cal_somers2", x, y)
        p = hmisc.somers2(x, y)
        cmp.add("somers2.C", p["C"], _scalar(r["C"]))
        cmp.add("somers2.Dxy", p["Dxy"], _scalar(r["Dxy"]))
        o = np.argsort(x, kind="stable")
        cmp.add("somers2.Dxy_kernel", hmisc._somers_dxy_sorted(x[o], y[o].astype(np.int64)), _scalar(r["Dxy"]))
        cmp.add("ginimd", hmisc.gini_md(x), _scalar(R.call_py("helper:cal_ginimd", x)))
    cmp.assert_ok()


@pytest.mark.parametrize("call, match", [
    (lambda: hmisc.somers2([1, 2, 3], [0, 1, 3]), "binary"),
    (lambda: hmisc.somers2([1, 2, 3], [0, 1]), "same length"),
])
def test_somers2_bad_input(call, match):
    with pytest.raises(InputError, match=match):
        call()


@settings(deadline=None, max_examples=60)
@given(st.lists(st.tuples(st.integers(0, 6), st.booleans()), min_size=2, max_size=40))
def test_somers2_equals_pair_count(pairs):
    x = np.array([p[0] for p in pairs], dtype=float)
    y = np.array([p[1] for p in pairs], dtype=float)
    n1 = int(y.sum())
    res = hmisc.somers2(x, y)
    if n1 in (0, len(y)):
        assert np.isnan(res["Dxy"])
        return
    x1, x0 = x[y == 1], x[y == 0]
    conc = (x1[:, None] > x0[None, :]).sum() + 0.5 * (x1[:, None] == x0[None, :]).sum()
    assert abs(res["C"] - conc / (n1 * (len(y) - n1))) < 1e-12

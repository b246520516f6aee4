"""lowess (``cmvt_core.lowess``, the ``clowess`` kernel of ``cmvt_core.kernels.lowess``): live parity with
stats::lowess (bit for bit), the fused smoother the calibrate bootstrap uses, bad input and properties (issue 6)."""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from cmvt_core import InputError
from cmvt_core.kernels.lowess import clowess
from cmvt_core.lowess import lowess


@pytest.fixture(scope="module")
def R(r_bridge):
    r_bridge.source("calibration.R")  # cal_lowess
    return r_bridge


def _lowess_cases():
    rng = np.random.default_rng(3)
    out = []
    for k in range(24):
        n = int(rng.integers(2, 300)) if k else 2
        x = rng.normal(size=n)
        kind = k % 4
        if kind == 1:
            x = np.round(x * 3) / 3
        elif kind == 2:
            x = rng.integers(0, 5, size=n).astype(float)
        elif kind == 3:
            x = np.round(rng.random(n), 2)
        y = np.sin(x) + rng.normal(size=n) * 0.5 if k % 5 else (rng.random(n) < 0.3).astype(float)
        f = [2 / 3, 0.3, 0.1, 1.0, 0.9][k % 5]
        it = [0, 3, 1, 5][k % 4]
        delta = None if k % 3 else [0.0, 0.05, 0.3][(k // 3) % 3]
        out.append((k, x, y, f, it, delta))
    return out


@pytest.mark.r
def test_lowess_matches_r(R, parity_case):
    cmp = parity_case("lowess-random-and-tied")
    cmp.describe(call="stats::lowess(x, y, f, iter, delta) on 24 random / tied / 0-1 data sets")
    for k, x, y, f, it, delta in _lowess_cases():
        r = R.call_py("helper:cal_lowess", x, y, f, it, delta)
        p = lowess(x, y, f=f, iter=it, delta=delta)
        cmp.add(f"lowess.x[{k}]", p.x, np.asarray(r["x"]))
        cmp.add(f"lowess.y[{k}]", p.y, np.asarray(r["y"]))
    # R's defaults (f = 2/3, iter = 3, delta = 1% of the range), and y given alone
    x = np.round(np.random.default_rng(8).normal(size=120), 1)
    y = x ** 2 + np.random.default_rng(9).normal(size=120)
    r = R.to_py(R.call("stats::lowess", x, y))
    cmp.add("lowess.defaults.y", lowess(x, y).y, np.asarray(r["y"]))
    r = R.to_py(R.call("stats::lowess", y))
    cmp.add("lowess.y_only.y", lowess(y).y, np.asarray(r["y"]))
    cmp.assert_ok()
    # bit-identical, not just within 1e-12
    assert max(rec.abs_diff for rec in cmp.records) == 0.0


@pytest.mark.r
def test_bootstrap_lowess_within_tolerance_of_clowess():
    """The fused one-pass smoother used inside the bootstrap stays within 1e-13 of clowess."""
    rng = np.random.default_rng(4)
    for n in (12, 224, 3000):
        x = np.sort(rng.random(n))
        x[::7] = x[::7].round(2)
        x.sort()
        y = (rng.random(n) < x).astype(float)
        d = 0.01 * (x[-1] - x[0])
        a, b = np.empty(n), np.empty(n)
        clowess(x, y, 2 / 3, 0, d, a, np.empty(n), np.empty(n), False)
        clowess(x, y, 2 / 3, 0, d, b, np.empty(0), np.empty(0), True)
        assert np.max(np.abs(a - b)) < 1e-13


@pytest.mark.parametrize("call, match", [
    (lambda: lowess([1, 2, np.nan], [1, 2, 3]), "row 3"),
    (lambda: lowess([1, 2, 3], [1, 2]), "lengths differ"),
    (lambda: lowess([1, 2, 3], [1, 2, 3], f=0), "'f'"),
    (lambda: lowess([1, 2, 3], [1, 2, 3], iter=-1), "'iter'"),
    (lambda: lowess([1, 2, 3], [1, 2, 3], delta=-1), "'delta'"),
    (lambda: lowess([], []), "no values"),
    (lambda: lowess([[1, 2]], [[1, 2]]), "1-D"),
    (lambda: lowess(["a", "b"], [1, 2]), "row 1 holds 'a'"),
])
def test_lowess_bad_input(call, match):
    with pytest.raises(InputError, match=match):
        call()


_floats = st.floats(-1e3, 1e3, allow_nan=False, allow_infinity=False)


@settings(deadline=None, max_examples=60)
@given(st.lists(st.tuples(_floats, _floats), min_size=2, max_size=60), st.sampled_from([0, 1, 3]),
       st.sampled_from([2 / 3, 0.3, 1.0]))
def test_lowess_properties(pairs, it, f):
    x = np.array([p[0] for p in pairs])
    y = np.array([p[1] for p in pairs])
    r = lowess(x, y, f=f, iter=it)
    assert np.all(np.diff(r.x) >= 0) and r.y.shape == x.shape and np.isfinite(r.y).all()
    # the input order of tied-free data does not matter (R sorts first)
    if np.unique(x).size == x.size:
        perm = np.random.default_rng(0).permutation(x.size)
        r2 = lowess(x[perm], y[perm], f=f, iter=it)
        assert np.array_equal(r.y, r2.y)
    # a constant y is reproduced
    c = lowess(x, np.full(x.size, 2.5), f=f, iter=it)
    assert np.allclose(c.y, 2.5, rtol=0, atol=1e-9)

"""``cmvt_core.kernels.nmath_t`` (R's dt.c, pt.c, qt.c) live against R bit for bit: every qt.c branch
(df < 1 bisection, df ~ 1 Cauchy, df ~ 2, Hill with the Taylor refinement, df > 1e20 normal), pt's
x^2/n > 1e100 branch, both tails, log scale; and properties: pt's symmetry (exact) and qt(pt(x)) ~ x."""
from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from cmvt_core.kernels import distributions as D
from cmvt_core.kernels.nmath_t import dt, pt, qt

_DFS = [0.3, 1.0, 2.0, 2.5, 3.0, 10.0, 30.0, 1e3, 1e6, 1e25]
_Q = np.concatenate([np.linspace(-40, 40, 161),
                     [0.0, 1e-300, -1e-10, 1e-5, 1e3, -1e5, 1e10, 1e20, -1e50, 1e60, 1e100, -1e150, 1e200, 1e300,
                      1.7e308, -math.inf, math.inf, math.nan]])
_P = np.concatenate([10.0 ** -np.arange(1.0, 301.0, 7.0),
                     [1e-300, 1e-100, 1e-20, 0.025, 0.05, 0.25, 0.4, 0.5, 0.6, 0.75, 0.95, 0.975, 1 - 1e-8,
                      1 - 1e-12, 1 - 1e-15, 1 - 1e-16, 0.0, 1.0, 1.5, math.nan]])
_LOGP = np.concatenate([-10.0 ** np.arange(-20.0, 5.0, 0.5), [-1e-300, -800.0, -1e5, 0.0, -math.inf, 0.5]])


def test_edges_and_the_callers_signature():
    assert pt(0.0, 3.0) == 0.5 and pt(-math.inf, 3.0) == 0.0 and pt(math.inf, 3.0, log_p=True) == 0.0
    assert math.isnan(pt(1.0, 0.0)) and math.isnan(qt(0.5, -1.0)) and math.isnan(dt(1.0, 0.0))
    assert qt(0.0, 5.0) == -math.inf and qt(1.0, 5.0, lower_tail=False) == -math.inf and math.isnan(qt(1.5, 5.0))
    assert qt(0.75, 1.0) == 1.0 and qt(0.5, 7.0) == 0.0
    assert D.pt is pt and D.qt is qt and D.pt(2.0, 5.0, lower_tail=False) == pt(-2.0, 5.0)


@settings(max_examples=300, deadline=None)
@given(x=st.floats(-1e6, 1e6), df=st.floats(0.05, 1e8))
def test_pt_symmetry_is_exact(x, df):
    # pt.c works on x*x and flips the tail for x <= 0, so P[T <= -x] and P[T > x] are the same double
    assert pt(-x, df) == pt(x, df, lower_tail=False)
    assert pt(-x, df, log_p=True) == pt(x, df, lower_tail=False, log_p=True)


@settings(max_examples=200, deadline=None)
@given(x=st.floats(-1e4, 1e4).filter(lambda v: abs(v) > 1e-3), df=st.floats(1.0, 1e6))
def test_qt_inverts_pt_on_the_small_tail(x, df):
    small = x <= 0  # the tail whose probability keeps the information
    p = pt(x, df, lower_tail=small)
    # below DBL_MIN p is subnormal (fewer bits), and R's qt skips the Taylor refinement on the log scale
    # (qt.c's P_ok1; e.g. R's qt(pt(56, 985, FALSE, TRUE), 985, FALSE, TRUE) is 55.99999774835981)
    assume(p > 2.2250738585072014e-308)
    assert qt(p, df, lower_tail=small) == pytest.approx(x, rel=1e-9)
    assert qt(pt(x, df, lower_tail=small, log_p=True), df, lower_tail=small, log_p=True) == pytest.approx(x, rel=1e-9)


def _r(rb, fn, *a, **k):
    return np.asarray(rb.call_py(fn, *a, **k), dtype=float)


def _sweep(cmp, r_bridge, dfs):
    for df in dfs:
        for log in (False, True):
            cmp.add("nmath.dt", [dt(v, df, log) for v in _Q], _r(r_bridge, "stats::dt", _Q, df, log=log),
                    note=f"df={df}, log={log}")
        for lower in (True, False):
            for log in (False, True):
                note = f"df={df}, lower.tail={lower}, log.p={log}"
                cmp.add("nmath.pt", [pt(v, df, lower, log) for v in _Q],
                        _r(r_bridge, "stats::pt", _Q, df, lower__tail=lower, log__p=log), note=note)
            cmp.add("nmath.qt", [qt(v, df, lower) for v in _P],
                    _r(r_bridge, "stats::qt", _P, df, lower__tail=lower), note=f"df={df}, lower.tail={lower}")
            cmp.add("nmath.qt", [qt(v, df, lower, True) for v in _LOGP],
                    _r(r_bridge, "stats::qt", _LOGP, df, lower__tail=lower, log__p=True),
                    note=f"df={df}, lower.tail={lower}, log.p=TRUE")


@pytest.mark.r
def test_dt_pt_qt_bit_identical_to_r(r_bridge, parity_case):
    cmp = parity_case("nmath-t").describe(call="dt(x, df, log); pt(q, df, lower.tail, log.p); "
                                               "qt(p, df, lower.tail, log.p)")
    _sweep(cmp, r_bridge, _DFS)
    rng = np.random.default_rng(16)  # random df (log-uniform 1e-2 .. 1e7), q and p
    df = 10.0 ** rng.uniform(-2, 7, 400)
    q = rng.standard_cauchy(400) * 3
    p = rng.random(400)
    cmp.add("nmath.pt", [pt(a, b) for a, b in zip(q, df)], _r(r_bridge, "stats::pt", q, df))
    cmp.add("nmath.qt", [qt(a, b) for a, b in zip(p, df)], _r(r_bridge, "stats::qt", p, df))
    cmp.add("nmath.qt", [qt(a, b, False) for a, b in zip(p ** 40, df)],
            _r(r_bridge, "stats::qt", p ** 40, df, lower__tail=False))
    cmp.assert_ok()


@pytest.mark.r
def test_df_inf_is_r_normal(r_bridge, parity_case):
    # dt.c / pt.c hand df = Inf to dnorm / pnorm (with log.p): kernels.nmath_gamma's dnorm and the log.p of
    # distributions.pnorm (branch i16-gamma)
    cmp = parity_case("nmath-t-inf").describe(call="dt(x, Inf, log); pt(q, Inf, lower.tail, log.p); "
                                                   "qt(p, Inf, lower.tail, log.p)")
    _sweep(cmp, r_bridge, [math.inf])
    cmp.assert_ok()

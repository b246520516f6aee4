"""R's gamma-function family and pchisq (kernels.nmath_gamma, ported line by line from R 4.2.2's nmath):
bit-identical to R, checked live over sweeps (bulk, tails down to p = 1e-300, log scale, edges);
plus properties of pchisq that do not need R (tails summing to 1, monotone in q)."""
from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cmvt_core.kernels import distributions as D
from cmvt_core.kernels import nmath_gamma as G

DFS = [0.5, 1.0, 2.0, 3.0, 7.5, 10.0, 50.0, 100.0, 1000.0, 1e5]
# tail probabilities whose quantiles (R's qchisq, both tails) the sweep evaluates
PS = np.array([1e-300, 1e-250, 1e-200, 1e-150, 1e-100, 1e-50, 1e-30, 1e-20, 1e-15, 1e-10, 1e-7, 1e-5, 1e-3,
               0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99])


def _rv(rb, fn, *a, **k):
    return np.asarray(rb.to_py(rb.call(fn, *a, **k)), dtype=float)


def _q_grid(rb, df: float) -> np.ndarray:
    q = np.concatenate([
        [0.0, 5e-324, 1e-300, 1e-100, 1e-10, 1e-3, 0.5, 0.999999, 1.0, 1.000001, 2.0, 1400.0, 1480.0, 1e4, 1e6, 1e300,
         np.inf],
        df * np.array([0.01, 0.1, 0.5, 0.8, 0.9, 0.99, 0.999, 1.0, 1.001, 1.01, 1.1, 1.25, 2.0, 5.0, 20.0]),
        [df / 2 - 1, df / 2, df - 2, df - 1, df + 1, df + 2, 0.8 * (df / 2 + 50) * 2],  # pgamma_raw's branch edges
        np.linspace(0.0, 3.0 * df + 30.0, 61)[1:],
        _rv(rb, "stats::qchisq", PS, df), _rv(rb, "stats::qchisq", PS, df, lower__tail=False),
    ])
    return q[q >= 0]


@pytest.mark.r
def test_pchisq_bit_identical_to_r(r_bridge, parity_case):
    cmp = parity_case("nmath-pgamma").describe(
        call="pchisq(q, df, lower.tail, log.p) for df in {0.5, 1, 2, 3, 7.5, 10, 50, 100, 1000, 1e5}; "
             "q: qchisq(p, df) of both tails for p down to 1e-300, the bulk, 0, Inf")
    n = 0
    for df in DFS:
        q = _q_grid(r_bridge, df)
        for lower in (True, False):
            for log_p in (False, True):
                ours = [G.pchisq(v, df, lower, log_p) for v in q]
                r = _rv(r_bridge, "stats::pchisq", q, df, lower__tail=lower, log__p=log_p)
                cmp.add("nmath.pchisq", ours, r, note=f"df={df}, lower.tail={lower}, log.p={log_p}")
                n += len(q)
        # the public wrapper (callers: logistic, gof, htest) is the port
        cmp.add("nmath.pchisq", [D.pchisq(v, df, lower_tail=False) for v in q],
                _rv(r_bridge, "stats::pchisq", q, df, lower__tail=False), note=f"distributions.pchisq df={df}")
    assert n > 4000
    # the far tails really are in the sweep: p-values down to 1e-300 and below
    tiny = _rv(r_bridge, "stats::pchisq", _q_grid(r_bridge, 7.5), 7.5, lower__tail=False)
    assert tiny[tiny > 0].min() < 1e-300
    cmp.assert_ok()


@pytest.mark.r
def test_pgamma_other_shapes_and_scales_bit_identical_to_r(r_bridge, parity_case):
    cmp = parity_case("nmath-pgamma").describe(call="pgamma(x, shape, scale = s, lower.tail, log.p)")
    rng = np.random.default_rng(16)
    for shape in [1e-10, 0.01, 0.3, 0.999, 1.7, 25.25, 333.3, 4e4, 2.5e7]:
        x = np.concatenate([shape * np.exp(rng.normal(size=60) * 0.7), shape * np.array([1e-3, 0.5, 1, 2, 50]),
                            rng.exponential(size=20) * 5, [1e-200, 0.3, 1.0, 1e200]])
        for scale in (1.0, 0.37):
            for lower in (True, False):
                for log_p in (False, True):
                    cmp.add("nmath.pchisq", [G.pgamma(v, shape, scale, lower, log_p) for v in x],
                            _rv(r_bridge, "stats::pgamma", x, shape, scale=scale, lower__tail=lower, log__p=log_p),
                            note=f"pgamma shape={shape}, scale={scale}, lower.tail={lower}, log.p={log_p}")
    cmp.assert_ok()


def _gamma_args() -> np.ndarray:
    rng = np.random.default_rng(1616)
    ks = np.arange(-30.0, 31.0)
    near = np.concatenate([ks + 1e-8, ks - 1e-8, ks + 1e-13, ks - 3e-15, ks + 0.5])
    return np.concatenate([
        near, np.linspace(-171.0, 172.0, 687), rng.uniform(-12, 12, 200), rng.uniform(-180, 180, 200),
        -np.exp(rng.uniform(-5, 15, 60)) - 0.37, np.exp(rng.uniform(-700, 700, 120)),
        [5e-324, 1e-310, 2.2e-308, 1e-306, 1e-300, 1e-20, -1e-20, -1e-307, 10.0, 10.5, 11.2, 14.9, 15.0, 15.5,
         50.0, 50.5, 170.5, 171.6, 171.7, 4934720.0, 4934721.5, 1e17, 1.1e17, 2.5e305, 2.6e305, 1e308,
         -10.000001, -11.2, -170.56, -170.57, -1e5 - 0.5, -2.5e10 - 0.25, -0.5, -1.5, np.inf, -np.inf, 0.0, -3.0],
    ])


@pytest.mark.r
def test_gamma_lgamma_lbeta_bit_identical_to_r(r_bridge, parity_case):
    cmp = parity_case("nmath-gamma").describe(call="gamma(x); lgamma(x); lbeta(a, b)")
    x = _gamma_args()
    cmp.add("nmath.gammafn", [G.gammafn(v) for v in x], _rv(r_bridge, "base::gamma", x))
    cmp.add("nmath.lgammafn", [G.lgammafn(v) for v in x], _rv(r_bridge, "base::lgamma", x))
    rng = np.random.default_rng(17)
    ab = np.exp(rng.uniform(-12, 14, size=(600, 2)))
    special = np.array([[0.5, 0.5], [1e-307, 5.0], [1e-307, 1e-307], [1e-310, 3.3], [2.5, 7.2], [5.5, 7.2],
                        [3.0, 11.5], [0.3, 1e5], [10.0, 10.0], [12.5, 1e6], [1e3, 1e10], [1e-3, 9.99], [7.0, 7.5],
                        [2.0, np.inf], [0.0, 3.0], [1e200, 1e-200], [9.99, 9.99], [4e7, 4e7], [1e306, 2.0]])
    ab = np.vstack([ab, special, special[:, ::-1], rng.uniform(0, 20, size=(300, 2))])
    cmp.add("nmath.lbeta", [G.lbeta(a, b) for a, b in ab], _rv(r_bridge, "base::lbeta", ab[:, 0], ab[:, 1]))
    cmp.assert_ok()


@pytest.mark.r
def test_pnorm_log_and_dnorm_bit_identical_to_r(r_bridge, parity_case):
    """pgamma's ppois_asymp and dpnorm call R's pnorm(log.p = TRUE) and dnorm, ported with it."""
    cmp = parity_case("nmath-exact").describe(call="pnorm(x, lower.tail, log.p = TRUE); dnorm(x, log)")
    rng = np.random.default_rng(18)
    x = np.concatenate([np.linspace(-60, 60, 961), rng.normal(size=300) * 8, [0.0, 1e-300, 5.656854249492381,
                        -5.656854249492381, 0.67448975, 37.5, -37.5, 38.6, 1e10, -1e10, 1e169, -1e171, np.inf]])
    for lower in (True, False):
        cmp.add("nmath.pnorm", D.pnorm(x, lower_tail=lower, log_p=True),
                _rv(r_bridge, "stats::pnorm", x, lower__tail=lower, log__p=True))
    for give_log in (False, True):
        cmp.add("nmath.pnorm", [G.dnorm(v, 0.0, 1.0, give_log) for v in x],
                _rv(r_bridge, "stats::dnorm", x, log=give_log), note="dnorm")
    cmp.assert_ok()


def test_pchisq_edges():
    assert G.pchisq(0.0, 3.0) == 0.0 and G.pchisq(0.0, 3.0, lower_tail=False) == 1.0
    assert G.pchisq(math.inf, 3.0) == 1.0 and G.pchisq(math.inf, 3.0, False, True) == -math.inf
    assert G.pchisq(-1.0, 3.0, log_p=True) == -math.inf
    assert math.isnan(G.pchisq(1.0, -1.0)) and math.isnan(G.pchisq(math.nan, 2.0))
    assert G.pchisq(0.0, 0.0) == 0.0 and G.pchisq(1e-300, 0.0) == 1.0  # df = 0: point mass at 0 (R's limit case)
    assert G.pchisq(2.0, 2.0) == -math.expm1(-1.0)  # chi-squared(2) is exponential with mean 2: 1 - exp(-1)
    assert D.pchisq(3.84, 1) == G.pchisq(3.84, 1.0)


@settings(max_examples=300, deadline=None)
@given(df=st.floats(0.05, 2e5), q=st.floats(0.0, 1e6))
def test_pchisq_tails_sum_to_one(df, q):
    lo, up = G.pchisq(q, df), G.pchisq(q, df, lower_tail=False)
    assert 0.0 <= lo <= 1.0 and 0.0 <= up <= 1.0
    assert abs(lo + up - 1.0) <= 2 * np.finfo(float).eps  # measured: at most 1 eps over 20000 random (q, df)
    # the log scale is the log of the same probabilities (to rounding)
    llo = G.pchisq(q, df, log_p=True)
    assert llo <= 0.0 and (lo == 0.0 or abs(math.exp(llo) - lo) <= 1e-13 * lo + 1e-300)


# R's pchisq itself is monotone in q only up to rounding: between adjacent doubles it can step back (R and this
# port alike, e.g. pchisq(25818.238181469318 and its next double, 34755.763957672985) = 2.19197750910e-305 then
# 2.19197750909e-305, 8192 eps apart, since dpois_raw's exp(-yh) carries yh's rounding).  Measured on 80000
# adjacent pairs: at most 35 eps * (1 + |log p|) relative; the property allows 128.
def _not_above(a: float, b: float) -> bool:
    return a <= b + 128 * np.finfo(float).eps * (1.0 + abs(math.log(b))) * b if b > 0 else a <= b


@settings(max_examples=300, deadline=None)
@given(df=st.floats(0.05, 2e5), q1=st.floats(0.0, 1e6), q2=st.floats(0.0, 1e6))
def test_pchisq_monotone_in_q(df, q1, q2):
    a, b = min(q1, q2), max(q1, q2)
    for lo, hi in ((a, b), (a, float(np.nextafter(a, np.inf)))):
        assert _not_above(G.pchisq(lo, df), G.pchisq(hi, df))
        assert _not_above(G.pchisq(hi, df, lower_tail=False), G.pchisq(lo, df, lower_tail=False))


def test_bd0_scale_table_is_bd0c_s():
    t = G._bd0_scale()
    assert len(t) == 129 and all(len(r) == 4 for r in t) and t[128] == (0.0, 0.0, 0.0, 0.0)
    for i in (0, 1, 64, 127):  # row i: log(p/1024), p = floor(1024 / (0.5 + i/256) + 0.5), the four parts summing to it
        p = math.floor(1024 / (0.5 + i / 256) + 0.5)
        v = math.log(p / 1024)
        assert abs(((t[i][0] + t[i][1]) + t[i][2]) + t[i][3] - v) <= 2 * np.finfo(float).eps * abs(v)

"""``cmvt_core.kernels.distributions`` live against R's nmath: pnorm, qnorm, pwilcox, dhyper, pt and qt
(R's pt.c / qt.c, ``kernels.nmath_t``) and pchisq (R's pgamma.c, ``kernels.nmath_gamma``) bit for bit."""
from __future__ import annotations

import math

import numpy as np
import pytest

from cmvt_core.kernels import distributions as D


def _rv(rb, fn, *a, **k):
    return np.asarray(rb.to_py(rb.call(fn, *a, **k)), dtype=float)


def test_pnorm_edges_and_shapes():
    assert D.pnorm(0.0) == 0.5 and D.pnorm(np.inf) == 1.0 and D.pnorm(-np.inf) == 0.0
    assert D.pnorm(40.0) == 1.0 and D.pnorm(40.0, lower_tail=False) == 0.0
    assert np.isnan(D.pnorm(np.nan)) and np.isnan(D.pnorm(1.0, sd=-1.0))
    assert D.pnorm(1.0, sd=0.0) == 1.0 and D.pnorm(-1.0, sd=0.0) == 0.0
    out = D.pnorm(np.array([[-1.0, 0.0], [1.0, 2.0]]))
    assert out.shape == (2, 2) and out[0, 1] == 0.5 and out[1, 0] == D.pnorm(1.0)


@pytest.mark.r
def test_pnorm_qnorm_pwilcox_dhyper_bit_identical_to_r(r_bridge, parity_case):
    cmp = parity_case("nmath-exact").describe(call="pnorm(x); pnorm(x, lower.tail=FALSE); qnorm(p); "
                                                   "pwilcox(q, m, n); dhyper(x, m, n, k)")
    rng = np.random.default_rng(5)
    x = np.concatenate([np.linspace(-40, 40, 801), rng.normal(size=400) * 3,
                        [0.0, 1e-300, -1e-17, 5.656854249492381, 0.67448975, -37.5193, 8.2924, 38.0, -38.0]])
    cmp.add("nmath.pnorm", D.pnorm(x), _rv(r_bridge, "stats::pnorm", x))
    cmp.add("nmath.pnorm", D.pnorm(x, lower_tail=False), _rv(r_bridge, "stats::pnorm", x, lower__tail=False))
    cmp.add("nmath.pnorm", D.pnorm(x, 1.5, 2.0), _rv(r_bridge, "stats::pnorm", x, 1.5, 2.0))
    p = np.concatenate([rng.random(300), 10.0 ** -np.arange(1, 300, 3), [0.0, 1.0, 0.5, 0.075, 0.925]])
    cmp.add("nmath.qnorm", D.qnorm(p), _rv(r_bridge, "stats::qnorm", p))
    # bit-identical while R's double counts and choose(m + n, n) are exact (below 2^53); for larger groups
    # see nmath.pwilcox_large
    for m, n in [(3, 4), (7, 12), (20, 25), (12, 30), (49, 49)]:
        stat = "nmath.pwilcox" if math.comb(m + n, n) < 2 ** 53 else "nmath.pwilcox_large"
        q = np.arange(-1, m * n + 2, max(1, m * n // 40), dtype=float)
        cmp.add(stat, [D.pwilcox(v, m, n) for v in q], _rv(r_bridge, "stats::pwilcox", q, m, n))
        cmp.add(stat, [D.pwilcox(v, m, n, lower_tail=False) for v in q],
                _rv(r_bridge, "stats::pwilcox", q, m, n, lower__tail=False))
    for m, n, k in [(3, 2, 2), (10, 7, 8), (60, 45, 30), (500, 400, 300)]:
        xs = np.arange(max(0, k - n), min(k, m) + 1, dtype=float)
        cmp.add("nmath.dhyper", [D.dhyper(v, m, n, k) for v in xs], _rv(r_bridge, "stats::dhyper", xs, m, n, k))
        cmp.add("nmath.dhyper", [D.dhyper(v, m, n, k, log=True) for v in xs],
                _rv(r_bridge, "stats::dhyper", xs, m, n, k, log=True))
    cmp.assert_ok()


@pytest.mark.r
def test_pt_qt_bit_identical_to_r(r_bridge, parity_case):
    cmp = parity_case("nmath-pt-qt").describe(call="pt(t, df); qt(p, df)")
    rng = np.random.default_rng(6)
    for df in [1.0, 2.5, 7.0, 30.0, 123.4]:
        t = np.concatenate([np.linspace(-30, 30, 121), rng.normal(size=100) * 4])
        cmp.add("nmath.pt", [D.pt(v, df) for v in t], _rv(r_bridge, "stats::pt", t, df))
        cmp.add("nmath.pt", [D.pt(v, df, lower_tail=False) for v in t],
                _rv(r_bridge, "stats::pt", t, df, lower__tail=False))
        pp = np.concatenate([rng.random(100), [1e-10, 1e-5, 0.975, 0.995, 0.9999999]])
        cmp.add("nmath.qt", [D.qt(v, df) for v in pp], _rv(r_bridge, "stats::qt", pp, df))  # bit for bit
        cmp.add("nmath.qt", [D.qt(v, df, lower_tail=False) for v in pp],
                _rv(r_bridge, "stats::qt", pp, df, lower__tail=False))
    cmp.assert_ok()


@pytest.mark.r
def test_pchisq_bit_identical_to_r(r_bridge, parity_case):
    """pchisq is R's pgamma.c ported (kernels.nmath_gamma; its own sweep is tests/kernels/test_nmath_gamma.py)."""
    cmp = parity_case("nmath-exact").describe(call="pchisq(q, df); pchisq(q, df, lower.tail = FALSE)")
    rng = np.random.default_rng(6)
    for df in [1.0, 2.5, 7.0, 30.0, 123.4]:
        q = np.concatenate([np.linspace(0, 200, 201), rng.exponential(size=100) * df])
        cmp.add("nmath.pchisq", [D.pchisq(v, df) for v in q], _rv(r_bridge, "stats::pchisq", q, df))
        cmp.add("nmath.pchisq", [D.pchisq(v, df, lower_tail=False) for v in q],
                _rv(r_bridge, "stats::pchisq", q, df, lower__tail=False))
    cmp.assert_ok()


@pytest.mark.r
def test_dhyper_parity(r_bridge, parity_case):
    cmp = parity_case("baseline-dhyper")
    py, rr = [], []
    for m, n, k in [(30, 40, 20), (5, 7, 6), (200, 119, 150), (1000, 20, 500), (3, 1, 2), (16, 16, 31)]:
        xs = np.arange(max(0, k - n), min(k, m) + 1, dtype=float)
        py.extend(D.dhyper(x, m, n, k, log=True) for x in xs)
        rr.extend(r_bridge.to_py(r_bridge.call("stats::dhyper", xs, m, n, k, log=True)))
    cmp.add("baseline.dhyper", py, rr)
    cmp.assert_ok()

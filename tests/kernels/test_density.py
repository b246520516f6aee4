"""kernels.density (stats::density, bw.nrd0), distributions.dnorm and rbase.r_cov / r_cor against live R."""
from __future__ import annotations

import numpy as np
import pytest

from cmvt_core.kernels import distributions as D
from cmvt_core.kernels.density import bw_nrd0
from cmvt_core.kernels.rbase import r_cor, r_cov

pytestmark = pytest.mark.r


def _rv(rb, fn, *a, **k):
    return np.asarray(rb.to_py(rb.call(fn, *a, **k)), dtype=float)


def test_dnorm_bit_identical_to_r(r_bridge, parity_case):
    g = np.random.default_rng(3)
    # both branches of dnorm.c (|x| < 5 and the split x1 + x2 beyond), the underflow boundary, 0 and Inf
    x = np.concatenate([g.normal(scale=3, size=400), g.uniform(4.9, 39.0, size=200), [0.0, 5.0, 38.5, 40.0, np.inf]])
    cmp = parity_case("nmath-dnorm").describe(call="dnorm(x); dnorm(x, 1.5, 0.3)")
    cmp.add("nmath.dnorm", D.dnorm(x), _rv(r_bridge, "stats::dnorm", x))
    cmp.add("nmath.dnorm", D.dnorm(x, 1.5, 0.3), _rv(r_bridge, "stats::dnorm", x, 1.5, 0.3))
    cmp.assert_ok()


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_cov_cor_bw_bit_identical_to_r(seed, r_bridge, parity_case):
    g = np.random.default_rng(seed)
    n = 20 + 200 * seed
    x = np.round(g.normal(size=n) * 10 ** seed, 2)
    y = np.round(0.3 * x + g.normal(size=n), 1)
    cmp = parity_case(f"rbase-cov-cor-{seed}").describe(call="cov(x, y); cor(x, y); bw.nrd0(x)")
    cmp.add("rbase.cov", [r_cov(x, y)], _rv(r_bridge, "stats::cov", x, y))
    cmp.add("rbase.cor", [r_cor(x, y)], _rv(r_bridge, "stats::cor", x, y))
    cmp.add("stats.bw_nrd0", [bw_nrd0(x)], _rv(r_bridge, "stats::bw.nrd0", x))
    cmp.assert_ok()


def test_dnorm_compiled_array_path_equals_the_scalar_port():
    """dnorm over an array runs a compiled loop (issue 21: smoothing in every bootstrap replicate); it must be the
    scalar port's numbers exactly, every branch (NaN, Inf, sigma 0/Inf/negative, |z| < 5, the split, underflow)."""
    g = np.random.default_rng(0)
    x = np.concatenate([g.normal(0, 3, 3000), g.uniform(-40, 40, 3000), [np.nan, np.inf, -np.inf, 0.0, 5.0, 38.5]])
    for mu, sd in ((0.0, 1.0), (0.3, 0.7), (-2.0, 3.3), (0.0, 0.0), (1.0, np.inf), (0.0, -1.0), (np.inf, 1.0)):
        np.testing.assert_array_equal(D.dnorm(x, mu, sd), [D.dnorm(float(v), mu, sd) for v in x])


def test_pnorm_compiled_array_path_equals_the_scalar_port():
    """pnorm over an array runs pnorm_both compiled (issue 21: binormal smoothing in every replicate); the scalar
    port's numbers exactly, both tails, log or not, every branch of Cody's algorithm and the infinite cases."""
    g = np.random.default_rng(1)
    x = np.concatenate([g.normal(0, 3, 2000), g.uniform(-60, 60, 2000), g.uniform(-1e-8, 1e-8, 50),
                        [np.nan, np.inf, -np.inf, 0.0, 0.67448975, 5.656854249492381, -37.5193, 8.2924, 1e171]])
    for mu, sd in ((0.0, 1.0), (0.3, 0.7), (0.0, 0.0), (np.inf, 1.0), (0.0, -1.0)):
        for lower in (True, False):
            for log_p in (False, True):
                np.testing.assert_array_equal(D.pnorm(x, mu, sd, lower, log_p),
                                              [D.pnorm(float(v), mu, sd, lower, log_p) for v in x])

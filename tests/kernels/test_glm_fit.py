"""The glm.fit kernel's deviance sum is R's ``sum()``: sequential x87 long double, rounded once.

numpy's ``longdouble`` on x86-64 Linux is the same 80-bit format R accumulates in, so the
emulation (``kernels.glm_fit.rsum_add``) must give its result bit for bit, ties and binade
crossings included.
"""
from __future__ import annotations

import math

import numba
import numpy as np
import pytest

from cmvt_core.kernels.rbase import r_sum, rsum_add
from cmvt_core.kernels.glm_fit import binomial_dev_sum

pytestmark = pytest.mark.skipif(np.finfo(np.longdouble).nmant != 63,
                                reason="needs numpy's x87 80-bit longdouble as the reference")


@numba.njit(cache=False)
def _ldsum(v):
    hi = 0.0
    lo = 0.0
    for i in range(v.shape[0]):
        hi, lo = rsum_add(hi, lo, v[i])
    return hi


def _cases(seed: int, count: int):
    rng = np.random.default_rng(seed)
    for k in range(count):
        n = int(rng.integers(1, 60))
        kind = k % 5
        if kind == 0:
            v = rng.random(n)
        elif kind == 1:
            v = rng.normal(size=n) * 10.0 ** rng.integers(-6, 6, size=n)
        elif kind == 2:  # few-bit values: exact ties at the 64th bit, carries into the next binade
            v = np.ldexp(rng.integers(1, 2**20, size=n).astype(float), rng.integers(-75, 5, size=n))
            v *= rng.choice([-1.0, 1.0], size=n)
        elif kind == 3:
            v = np.ldexp(1.0, rng.integers(-80, 10, size=n)) * rng.choice([-1.0, 1.0, 3.0, -3.0], size=n)
        else:  # deviance residuals
            v = -2.0 * np.log(rng.random(n))
        yield v


def test_rsum_is_sequential_long_double_bit_for_bit():
    bad = [v for v in _cases(11, 30000) if _ldsum(v) != r_sum(v)]
    assert not bad, bad[:3]


def test_ties_round_to_even_at_64_bits():
    # 1 + 2^-64 is halfway between 1 and 1 + 2^-63: a tie, to even (1); 3 * 2^-64 rounds up to 1 + 2^-62
    for tail in (2.0 ** -64, 3 * 2.0 ** -64, -(2.0 ** -65), 2.0 ** -64 + 2.0 ** -120):
        v = np.array([1.0, tail, 2.0 ** -53])
        assert _ldsum(v) == r_sum(v)


def test_binomial_deviance_sum_is_rs_sum():
    rng = np.random.default_rng(5)
    for _ in range(200):
        n = int(rng.integers(5, 400))
        y = (rng.random(n) < 0.4).astype(float)
        mu = np.clip(rng.random(n), 1e-12, 1 - 1e-12)
        w = rng.integers(1, 5, size=n).astype(float)
        # C binomial_dev_resids, term by term with libm's log (as the kernel and R)
        dev = [2.0 * wi * ((yi * math.log(yi / mi) if yi != 0 else 0.0)
                           + ((1 - yi) * math.log((1 - yi) / (1 - mi)) if 1 - yi != 0 else 0.0))
               for yi, mi, wi in zip(y, mu, w)]
        assert binomial_dev_sum(y, mu, w, n) == r_sum(dev)

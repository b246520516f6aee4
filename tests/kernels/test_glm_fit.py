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


# ---- the IRLS loop's convergence test from a plain double sum and its bound ------------------------
from cmvt_core.kernels.glm_fit import (UNDECIDED, binomial_dev_fast, converged,  # noqa: E402
                                       glm_fit_logit)


def _problem(rng, n, p, kind):
    x = np.column_stack([np.ones(n), rng.normal(size=(n, p))])
    lp = x @ rng.normal(scale=0.8, size=p + 1)
    y = (rng.random(n) < 1 / (1 + np.exp(-lp))).astype(float)
    w = np.ones(n)
    if kind == 1:  # case weights (bootstrap counts)
        w = rng.integers(1, 4, size=n).astype(float)
    elif kind == 2:  # proportions with prior weights
        w = rng.integers(1, 6, size=n).astype(float)
        y = np.round(rng.random(n) * w) / w
    elif kind == 3:  # nearly separated: large coefficients, many iterations
        y = (lp + 0.05 * rng.normal(size=n) > 0).astype(float)
    off = np.zeros(n) if kind != 1 else rng.normal(scale=0.3, size=n)
    mu0 = (w * y + 0.5) / (w + 1.0)
    return x, y, w, mu0, off


def test_deviance_bound_holds():
    rng = np.random.default_rng(3)
    for _ in range(3000):
        n = int(rng.integers(1, 300))
        y = (rng.random(n) < 0.5).astype(float)
        mu = np.clip(rng.random(n) ** rng.integers(1, 40), 1e-300, 1 - 1e-16)
        w = rng.integers(1, 9, size=n).astype(float)
        s, err = binomial_dev_fast(y, mu, w, n)
        exact = binomial_dev_sum(y, mu, w, n)
        assert abs(s - exact) <= err
        assert err <= (n + 2) * 2.3e-16 * s + 1e-300  # the bound is not vacuous: residuals are >= 0


def _inside(c, e, t):
    """The double nearest c + t e that is within e of c (d - c is exact here: Sterbenz)."""
    d = c + t * e
    while abs(d - c) > e:
        d = np.nextafter(d, c)
    return d


def test_converged_decides_only_what_every_value_in_the_bounds_agrees_on():
    rng = np.random.default_rng(4)
    decided = 0
    for _ in range(20000):
        dev = 10.0 ** rng.uniform(-3, 4)
        eps = 10.0 ** rng.uniform(-10, -3)
        # devold near the boundary of R's test
        rel = rng.normal() * 10.0 ** rng.uniform(-15, -1)
        gap = eps * (0.1 + dev) * (1.0 + rel)
        devold = dev + gap * rng.choice([-1.0, 1.0])
        de, doe = dev * 10.0 ** rng.uniform(-17, -12), abs(devold) * 10.0 ** rng.uniform(-17, -12)
        v = converged(dev, de, devold, doe, eps)
        if v == UNDECIDED:
            # undecided only within the bounds' reach of R's boundary
            assert abs(rel) < 3 * (de + doe) / abs(gap) + 1e-11
            continue
        decided += 1
        for a in (-1.0, -0.3, 0.0, 0.6, 1.0):
            for b in (-1.0, 0.0, 1.0):
                d, o = _inside(dev, de, a), _inside(devold, doe, b)
                assert (abs(d - o) / (0.1 + abs(d)) < eps) == (v == 1)
    assert decided > 5000


@pytest.mark.parametrize("kind", [0, 1, 2, 3])
def test_gated_and_always_exact_deviance_give_the_same_fit_bit_for_bit(kind):
    rng = np.random.default_rng(10 + kind)
    for _ in range(60):
        n, p = int(rng.integers(8, 300)), int(rng.integers(1, 6))
        x, y, w, mu0, off = _problem(rng, n, p, kind)
        a = glm_fit_logit(x, y, w, mu0, off, 1e-8, 25, True, False)
        b = glm_fit_logit(x, y, w, mu0, off, 1e-8, 25, True, True)
        for u, v in zip(a, b):
            np.testing.assert_array_equal(np.asarray(u), np.asarray(v))


def test_a_borderline_test_goes_to_rs_exact_sums():
    """epsilon set to R's own ratio at iteration k (from the exact deviances of iterations k-1 and
    k, via maxit): R's ``ratio < epsilon`` is then false at k, and true for the next double up;
    only the exact sums can tell the two apart, and the fit must stop where R's would."""
    rng = np.random.default_rng(21)
    checked = 0
    for _ in range(40):
        x, y, w, mu0, off = _problem(rng, int(rng.integers(30, 200)), 3, 0)
        devs = [glm_fit_logit(x, y, w, mu0, off, 1e-300, k, True, True)[3] for k in range(0, 4)]
        k = 2
        ratio = abs(devs[k] - devs[k - 1]) / (0.1 + abs(devs[k]))
        if not ratio > 1e-4:  # keep the QR tolerance min(1e-7, epsilon/1000) at 1e-7
            continue
        before = abs(devs[1] - devs[0]) / (0.1 + abs(devs[1]))
        if not before > np.nextafter(ratio, np.inf):
            continue
        stay = glm_fit_logit(x, y, w, mu0, off, ratio, 25, True, False)
        stop = glm_fit_logit(x, y, w, mu0, off, np.nextafter(ratio, np.inf), 25, True, False)
        assert stop[4] == k and stop[5]
        assert stay[4] > k
        for mode in (True, False):
            assert glm_fit_logit(x, y, w, mu0, off, ratio, 25, True, mode)[4] == stay[4]
        checked += 1
    assert checked >= 10

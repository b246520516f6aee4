"""``cmvt_core.kernels.lanes``: the SIMD sums are, bit for bit, the fixed order their docstring writes out
(the plain-Python references ``dot_ref`` and ``window_sums_ref`` below), for every length and window,
including the tails shorter than a lane set."""
from __future__ import annotations

import numba
import numpy as np
import pytest

from cmvt_core.kernels import lanes as _lanes


# ---- the same sums in plain Python (Python floats are IEEE doubles; each operation rounds once), in the order
# the docstring of cmvt_core.kernels.lanes writes out


def dot_ref(a, b, m) -> float:
    m8 = m - m % 8
    lanes = [0.0] * 8
    for k in range(m8):
        lanes[k % 8] += float(a[k]) * float(b[k])
    c = [lanes[i] + lanes[i + 4] for i in range(4)]
    s = (c[0] + c[1]) + (c[2] + c[3])
    for k in range(m8, m):
        s += float(a[k]) * float(b[k])
    return s


def _terms_ref(xk, yk, xs, h1, h9, invh):
    d = xk - xs
    r = abs(d)
    if r <= h1:
        w = 1.0
    elif r <= h9:
        q = r * invh
        q = 1.0 - q * q * q
        w = q * q * q
    else:
        w = 0.0
    wd = w * d
    return (w, wd, wd * d, w * yk, wd * yk)


def window_sums_ref(x, y, lo, hi, xs, h1, h9, invh) -> tuple:
    n = max(hi - lo, 0)
    end4 = lo + n - n % 4
    lanes = [[0.0] * 4 for _ in range(5)]
    for k in range(lo, end4):
        for i, t in enumerate(_terms_ref(float(x[k]), float(y[k]), xs, h1, h9, invh)):
            lanes[i][(k - lo) % 4] += t
    sums = [(v[0] + v[1]) + (v[2] + v[3]) for v in lanes]
    for k in range(end4, hi):
        for i, t in enumerate(_terms_ref(float(x[k]), float(y[k]), xs, h1, h9, invh)):
            sums[i] += t
    return tuple(sums)


@numba.njit
def _dot(a, b, m):
    return _lanes.dot(a, b, m)


@numba.njit
def _wsums(x, y, lo, hi, xs, h1, h9, invh):
    return _lanes.window_sums(x, y, lo, hi, xs, h1, h9, invh)


@pytest.mark.parametrize("m", [*range(0, 35), 1000, 6301])
def test_dot_is_the_written_order(m):
    rng = np.random.default_rng(m)
    a = rng.normal(size=m + 3) * 10.0 ** rng.integers(-8, 8, m + 3)  # wide magnitudes: order matters
    b = rng.normal(size=m + 5)
    assert _dot(a, b, m) == dot_ref(a, b, m)


def test_dot_order_differs_from_a_plain_loop():
    """The reference is not accidentally the sequential sum (the test above would then prove less)."""
    rng = np.random.default_rng(3)
    a = rng.normal(size=999) * 10.0 ** rng.integers(-8, 8, 999)
    b = rng.normal(size=999)
    seq = 0.0
    for k in range(999):
        seq += a[k] * b[k]
    assert _dot(a, b, 999) != seq


def test_window_sums_are_the_written_order():
    rng = np.random.default_rng(11)
    for _ in range(400):
        n = int(rng.integers(1, 400))
        x = np.sort(rng.random(n))
        x[rng.integers(0, n, n // 5)] = x[0]  # ties (w = 1 inside h1) and a sorted order kept below
        x = np.sort(x)
        y = rng.random(n)
        lo = int(rng.integers(0, n))
        hi = int(rng.integers(lo, n + 1))
        xs = float(x[int(rng.integers(0, n))])
        h = float(rng.random() * 0.6) if rng.random() > 0.05 else 0.0
        invh = 1.0 / h if h > 0.0 else 0.0
        got = _wsums(x, y, lo, hi, xs, 0.001 * h, 0.999 * h, invh)
        want = window_sums_ref(x, y, lo, hi, xs, 0.001 * h, 0.999 * h, invh)
        assert got == want, (n, lo, hi, xs, h)


def test_window_sums_empty_window():
    x = np.array([0.1, 0.2, 0.3])
    assert _wsums(x, x, 2, 2, 0.2, 0.0, 0.1, 10.0) == (0.0,) * 5

"""``cmvt_core.kernels.rbase``: R's ``sum``, ``mean`` and ``var`` to the last bit, live against R.

R's ``sum`` (summary.c ``rsum``) adds the doubles one after another into an x87 long double (64-bit
mantissa) and rounds once.  The inputs below are built so that the other summation orders the package
used to have give other doubles: numpy's pairwise long-double sum (``np.sum`` on ``np.longdouble``) and a
double-double (106-bit) accumulator.  ``r_sum`` must equal R on all of them, and the other two must not.
"""
from __future__ import annotations

import numpy as np
import pytest

from cmvt_core.kernels.rbase import col_sums, r_mean, r_sum, r_var, sum_prod_dev

_T = 2.0 ** -64  # half an ulp of 1 in long double: 1 + _T rounds (to even) back to 1


def _pairwise_ld(x):
    return float(np.asarray(x, dtype=np.longdouble).sum())


def _dd_sum(x):
    hi = lo = 0.0
    for v in np.asarray(x, dtype=np.float64).tolist():
        s = hi + v
        bb = s - hi
        lo += (hi - (s - bb)) + (v - bb)
        hi = s
    return hi + lo


def _adversarial():
    """Vectors on which sequential long double, pairwise long double and double-double disagree."""
    out = [np.array([1.0] + [_T] * 14 + [-1.0]),            # R: every 1 + 2^-64 rounds to 1 -> 0
           np.array([1.0] + [_T] * 30 + [-1.0] + [_T] * 9),
           np.array([2.0 ** 63, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, -(2.0 ** 63)]),
           np.array([1e20, 3.0, -1e20, 1.5, 2.0 ** -60, 1e20, -1e20, 7.0, 1.0, _T])]
    rng = np.random.default_rng(16)
    for _ in range(40):
        n = int(rng.integers(9, 300))
        mag = 2.0 ** rng.integers(-70, 70, size=n)
        v = rng.choice([-1.0, 1.0], size=n) * mag * (1 + rng.integers(0, 2 ** 20, size=n) * 2.0 ** -20)
        out.append(v)
    return out


def _r_scalar(rb, fn, x):
    return float(np.asarray(rb.to_py(rb.call(fn, x)), dtype=float).ravel()[0])


def test_r_sum_is_the_sequential_long_double_sum():
    x = np.array([1.0] + [_T] * 14 + [-1.0])
    assert r_sum(x) == 0.0                     # what R's sum() gives (checked live below)
    assert _pairwise_ld(x) > 0.0                # numpy's pairwise long double keeps some of the 2^-64
    assert _dd_sum(x) == 14 * _T               # double-double keeps all of them
    assert r_sum([]) == 0.0 and r_sum([1e16, 1.0, -1e16]) == 1.0
    m = np.array([[1.0, 2.0], [_T, 3.0], [-1.0, 4.0]])
    assert col_sums(m).tolist() == [r_sum(m[:, 0]), r_sum(m[:, 1])]


@pytest.mark.r
def test_sum_mean_var_equal_r_on_adversarial_inputs(r_bridge, parity_case):
    cmp = parity_case("rbase-sum-mean-var").describe(call="sum(x); mean(x); var(x)")
    pairwise_differs = dd_differs = 0
    for x in _adversarial():
        r = _r_scalar(r_bridge, "base::sum", x)
        cmp.add("rbase.sum", r_sum(x), r)
        pairwise_differs += _pairwise_ld(x) != r
        dd_differs += _dd_sum(x) != r
        cmp.add("rbase.mean", r_mean(x), _r_scalar(r_bridge, "base::mean", x))
        cmp.add("rbase.var", r_var(x), _r_scalar(r_bridge, "stats::var", x))
        y = x[::-1].copy()
        cmp.add("rbase.sum", sum_prod_dev(x, 0.5, y, -0.25),
                _r_scalar(r_bridge, "base::sum", (x - 0.5) * (y + 0.25)))
    cmp.assert_ok()
    # the other two orders are not R's: each differs from R on some of these inputs
    assert pairwise_differs >= 3 and dd_differs >= 3, (pairwise_differs, dd_differs)


def test_r_mean_groups_is_r_mean_per_run():
    """r_mean_groups equals r_mean of each run, bit for bit (empty runs NaN), on a seeded sweep."""
    from cmvt_core.kernels.rbase import r_mean, r_mean_groups

    g = np.random.default_rng(20)
    for _ in range(300):
        k = int(g.integers(1, 9))
        sizes = g.integers(0, 60, k)
        bounds = np.concatenate([[0], np.cumsum(sizes)])
        x = g.uniform(-1, 1, bounds[-1]) * 10.0 ** float(g.integers(-6, 6)) + float(g.normal()) * 1e3
        ours = r_mean_groups(x, bounds)
        one = np.array([r_mean(x[bounds[i]:bounds[i + 1]]) for i in range(k)])
        assert np.array_equal(ours, one, equal_nan=True)
    # runs of very different lengths (one long run among short ones: padded by length class)
    for _ in range(20):
        sizes = np.concatenate([g.integers(0, 200, 12), [int(g.integers(1000, 4000))]])
        g.shuffle(sizes)
        bounds = np.concatenate([[0], np.cumsum(sizes)])
        x = g.uniform(0, 1, bounds[-1]) * 10.0 ** float(g.integers(-3, 3))
        ours = r_mean_groups(x, bounds)
        one = np.array([r_mean(x[bounds[i]:bounds[i + 1]]) for i in range(sizes.shape[0])])
        assert np.array_equal(ours, one, equal_nan=True)


def test_ld_colsums_is_the_sequential_sum_down_each_column():
    """ld_colsums (np.add.reduce over axis 0) adds row after row: each column's total is r_sum of the column
    (R's sum, checked live above) on the adversarial vectors, where numpy's pairwise sum is not."""
    from cmvt_core.kernels.rbase import ld_colsums

    vecs = _adversarial()
    pairwise_differs = 0
    for ncol in (1, 2, 3, 7):
        for start in range(0, len(vecs), ncol):
            group = vecs[start:start + ncol]
            w = max(v.shape[0] for v in group)
            M = np.zeros((w, len(group)))
            for j, v in enumerate(group):
                M[:v.shape[0], j] = v  # zero padding adds exactly 0
            ours = ld_colsums(M.astype(np.longdouble)).astype(np.float64)
            assert ours.tolist() == [r_sum(v) for v in group]
            pairwise_differs += sum(_pairwise_ld(v) != r_sum(v) for v in group)
    assert pairwise_differs >= 3

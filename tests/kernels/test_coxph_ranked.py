"""The shortcuts calibrate / validate of a cph fit take per bootstrap replicate give what the direct
computation gives, bit for bit: a counting sort of time codes is ``order(time)``, concordance counts from the
ranks of all rows equal those of the resample's own values, GiniMd from already sorted values equals
GiniMd sorting afresh (the R comparisons are in tests/test_calibrate_cph.py)."""
from __future__ import annotations

import numpy as np

from cmvt_core.kernels.coxph import (concordance1_counts, concordance1_ranked, dense_ranks, dxy_hazard,
                                     dxy_hazard_ranked, order_by_codes)
from cmvt_core.kernels.hmisc import gini_md_rows


def _data(g, n):
    t = np.ceil(g.exponential(50.0, n))  # whole days: ties
    e = (g.random(n) < 0.7).astype(np.int64)
    x = np.round(g.normal(size=n), int(g.integers(1, 4)))  # ties in x too
    return t, e, x


def test_order_by_codes_is_a_stable_order():
    g = np.random.default_rng(7)
    for _ in range(50):
        n = int(g.integers(1, 400))
        K = int(g.integers(1, 60))
        codes = g.integers(0, K, n)
        assert np.array_equal(order_by_codes(codes, K), np.argsort(codes, kind="stable"))


def test_resample_counts_from_all_rows_ranks():
    g = np.random.default_rng(8)
    for _ in range(40):
        n = int(g.integers(5, 300))
        t, e, x = _data(g, n)
        rows = g.integers(0, n, n)
        rank, m = dense_ranks(x, np.argsort(x))
        ts = np.sort(np.unique(t))
        code = np.searchsorted(ts, t)
        o = order_by_codes(code[rows], ts.shape[0])
        assert np.array_equal(o, np.argsort(t[rows], kind="stable"))
        want = concordance1_counts(t[rows], e[rows], x[rows])
        assert concordance1_ranked(t[rows], e[rows], rank[rows], m, o) == want
        xr = x[rows]
        ours = dxy_hazard_ranked(t[rows], e[rows], rank[rows], m, o)
        direct = dxy_hazard(xr, t[rows], e[rows], np.argsort(xr), o)
        assert np.array_equal([ours], [direct], equal_nan=True)  # NaN when no pair is comparable


def test_gini_from_sorted_values():
    g = np.random.default_rng(9)
    M = g.normal(size=(6, 250)) * 10.0 ** g.integers(-3, 3, (6, 1))
    S = np.sort(M, axis=1)
    assert np.array_equal(gini_md_rows(M, S), gini_md_rows(M))
    for slope in (0.73, -1.9, 3.0):  # slope * x keeps (or, below 0, reverses) x's order
        srt = slope * S if slope > 0 else (slope * S)[:, ::-1]
        assert np.array_equal(gini_md_rows(slope * M, srt), gini_md_rows(slope * M))

"""The fast paths of the pROC bootstraps at large n (issue 21, speed point) against their plain versions.

The live pROC comparisons are in test_roc_resampling_tests.py, test_roc_smooth_var.py, test_roc_full.py and
test_rrandom.py; these check that each shortcut gives exactly what the plain computation gives on the same
draws, including cases the live tests reach rarely (ties, tiny n, a jitter exactly at 0.5).
"""
from __future__ import annotations

import numpy as np
import pytest

from cmvt_core import RRNG
from cmvt_core._roc_tests import _paired_perm, _paired_stat, _rank_first


@pytest.mark.parametrize("n,seed", [(2, 1), (5, 2), (37, 3), (400, 4), (3000, 5)])
def test_paired_permutation_merge_equals_full_ranking(n, seed):
    g = np.random.default_rng(seed)
    X = np.round(g.normal(size=n), 1)  # many ties: ranks "first" break them by position
    Y = np.round(g.normal(size=n), 1)
    case = g.random(n) < 0.3
    case[0], case[-1] = True, False
    R, S = _rank_first(X), _rank_first(Y)
    Rf, Sf = R.astype(float), S.astype(float)
    invR = np.zeros(n + 1, dtype=np.int64)
    invS = np.zeros(n + 1, dtype=np.int64)
    invR[R] = np.arange(n)
    invS[S] = np.arange(n)
    rc = np.zeros(n + 1, dtype=np.int64)
    sc = np.zeros(n + 1, dtype=np.int64)
    rng = RRNG(seed)
    for it in range(25):
        u1, u2, u3 = rng.unif_rand(n), rng.unif_rand(n), rng.unif_rand(n)
        if it == 0:
            u3[: max(1, n // 3)] = 0.5  # R's round(0.5) is 0: q = 1
        e = _paired_perm(invR, invS, u1, u2, u3, case, int(n - case.sum()), rc, sc)
        q = 1 - np.round(u3)
        R3 = (Rf + u1 - 0.5) * q + (1 - q) * Sf
        S3 = (Sf + u2 - 0.5) * q + (1 - q) * Rf
        assert e == _paired_stat(_rank_first(R3), _rank_first(S3), case), (n, it)


@pytest.mark.parametrize("dn", [1, 7, 700, 70_001])
def test_gather_is_src_at_unif_index(dn):
    src = np.arange(dn, dtype=np.int32)[::-1].copy() * 3
    a, b = RRNG(5), RRNG(5)
    out = np.empty(1000, dtype=np.int32)
    a.gather(src, out)
    np.testing.assert_array_equal(out, src[b.unif_index(dn, 1000)])
    np.testing.assert_array_equal(a.random_seed, b.random_seed)

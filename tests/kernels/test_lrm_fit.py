"""The one rms lrm.fit Newton kernel (``cmvt_core.kernels.lrm_fit``) with case weights.

Integer case weights are rows repeated: the weighted fit equals the fit on the expanded rows
within the registered tolerance (the sums are grouped differently), and all-ones weights give
``logistic.lrm_fit``'s numbers bit for bit (multiplying by 1.0 is exact; every sum keeps R's order).
"""
from __future__ import annotations

import numpy as np
import pytest

from cmvt_core.kernels import lrm_fit as K
from cmvt_core.logistic import lrm_fit
from cmvt_core.parity.tolerances import tolerance_for


def _data(seed: int, n: int = 150, p: int = 4):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, p))
    X[:, -1] = np.round(X[:, -1])  # ties
    lp = -0.4 + X @ np.linspace(0.8, -0.5, p)
    y = (rng.random(n) < 1 / (1 + np.exp(-lp))).astype(np.int64)
    return X, y


def _close(a, b, name):
    tol = tolerance_for(name)
    a, b = np.asarray(a), np.asarray(b)
    assert np.all(np.abs(a - b) <= np.maximum(tol.abs, tol.rel * np.abs(b))), (name, a - b)


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
@pytest.mark.parametrize("lanes", [False, True])
def test_integer_weights_equal_expanded_rows(seed, lanes):
    X, y = _data(seed)
    cnt = np.random.default_rng(100 + seed).integers(0, 4, size=y.shape[0])
    rows = np.repeat(np.arange(y.shape[0]), cnt)
    st_w, coef_w, dev_w = K.lrm_fit_counts(X, y, wt=cnt.astype(float), lanes=lanes)
    st_e, coef_e, dev_e = K.lrm_fit_counts(X[rows], y[rows], lanes=lanes)
    assert st_w == st_e == K.OK
    _close(coef_w, coef_e, "lrm.fit.coef")
    _close(dev_w, dev_e, "lrm_fit.deviance")
    # the weighted fit is a different fit from the unweighted one (the weights are used)
    st_u, coef_u, _ = K.lrm_fit_counts(X, y, lanes=lanes)
    assert st_u == K.OK and np.max(np.abs(coef_u - coef_w)) > 1e-3


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_all_ones_weights_are_the_plain_fit_bit_for_bit(seed):
    X, y = _data(seed, n=200, p=5)
    raw = lrm_fit(X, y)
    XaT, yg = K.gather(X, y, np.arange(y.shape[0], dtype=np.int64))
    beta = np.empty(X.shape[1] + 1)
    ftable = np.zeros((K.NBINS, 2))
    st, L0 = K.start(yg, np.ones(y.shape[0]), beta)
    status, loglik, U, V, rank, piv = K.newton(XaT, yg, np.ones(y.shape[0]), beta, K.MAXIT, 0.025, 1e-7,
                                               K.FALSE, K.TRUE, K.TRUE, ftable)
    assert st == status == K.OK and not raw.fail
    assert np.array_equal(beta, raw.coef)
    assert loglik == raw.deviance[1]
    assert np.array_equal(U, raw.u) and np.array_equal(V, raw.info_matrix)
    n1 = int(y.sum())
    assert K.gcorr(ftable, y.shape[0] - n1, n1)[0] == raw.stats["C"]
    # the wrapper the bootstrap shares: the same coefficients and final deviance
    st2, coef2, dev2 = K.lrm_fit_counts(X, y)
    assert st2 == K.OK and np.array_equal(coef2, raw.coef) and dev2[1] == raw.deviance[1]


def test_one_class_and_singular_status():
    X, y = _data(5, n=40, p=2)
    assert K.lrm_fit_counts(X, np.zeros_like(y))[0] == K.FAIL_ONE_CLASS
    Xs = np.column_stack([X, X[:, 0] * 2.0])  # an aliased column
    assert K.lrm_fit_counts(Xs, y)[0] == K.FAIL_SINGULAR

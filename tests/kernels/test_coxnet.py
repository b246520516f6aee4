"""Properties of the coxnet kernel (glmnet's Fortran coxnet / loglike / psort7), no R needed; the numbers
against R are in tests/test_lasso_cox.py."""
from __future__ import annotations

import numpy as np
from hypothesis import given, settings, strategies as st

from cmvt_core import glmnet
from cmvt_core.kernels.coxnet import psort7
from cmvt_core.lasso_cox import coxnet_deviance


@settings(deadline=None, max_examples=60)
@given(st.lists(st.integers(0, 12), min_size=1, max_size=80))
def test_psort7_sorts_a_permutation(values):
    v = np.array(values, dtype=float)
    n = v.shape[0]
    a = np.zeros(n + 1, dtype=np.int64)
    a[1:] = np.arange(n)  # 1-based positions holding 0-based rows
    psort7(v, a, 1, n)
    assert sorted(a[1:].tolist()) == list(range(n))
    assert np.all(np.diff(v[a[1:]]) >= 0)


@settings(deadline=None, max_examples=15)
@given(st.integers(30, 150), st.integers(2, 6), st.integers(0, 10_000), st.sampled_from([1.0, 0.5]))
def test_path_properties(n, p, seed, alpha):
    """dev_ratio rises from 0, the first lambda has no variable, coef at lambda=big is 0, nulldev is the
    deviance of coxnet.deviance at beta = 0 (the same number reached two ways)."""
    rs = np.random.default_rng(seed)
    X = rs.normal(size=(n, p))
    t = np.ceil(rs.exponential(np.exp(-X[:, 0]), size=n) * 5) + 1.0
    e = (rs.uniform(size=n) < 0.75).astype(float)
    if e.sum() < 4:
        e[:4] = 1.0
    fit = glmnet(X, family="cox", time=t, event=e, alpha=alpha)
    assert fit.dev_ratio[0] == 0.0 and fit.df[0] == 0
    assert np.all(np.diff(fit.dev_ratio) >= -1e-12)
    assert np.all(fit.coef(fit.lambda_[0] * 10).to_numpy() == 0.0)
    d0 = coxnet_deviance(X, t, e, np.zeros((p, 1)))[0]
    assert abs(d0 - fit.nulldev) <= 1e-9 * abs(fit.nulldev)
    # the deviance along the path is the null deviance times 1 - dev_ratio
    dev = coxnet_deviance(X, t, e, fit.beta)
    np.testing.assert_allclose(dev, fit.nulldev * (1 - fit.dev_ratio), rtol=1e-8, atol=1e-8)

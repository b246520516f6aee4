"""lrm_fit: the low-level port of rms::lrm.fit (rms 6.5-0), live against R."""
from __future__ import annotations

import numpy as np
import pytest

from cmvt_core.logistic import lrm_fit

from _lrm_data import rlog  # noqa: F401


def _data(n, p, seed, scale0=10.0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, p))
    X[:, 0] = X[:, 0] * scale0 + 50
    beta = rng.normal(size=p) * 0.5
    beta[0] = 0.05
    lp = -2.5 + X @ beta
    y = (rng.uniform(size=n) < 1 / (1 + np.exp(-lp))).astype(float)
    return X, y


def _separated(quasi=False):
    rng = np.random.default_rng(5)
    X = rng.normal(size=(100, 3))
    y = (X[:, 0] > 0).astype(float)
    if quasi:
        X[:, 0] = np.where(X[:, 0] > 0, 1.0, 0.0)
        X[:5, 0] = 0.0
        y[:5] = 1.0
    return X, y


def _noisy():
    rng = np.random.default_rng(5)
    X = rng.normal(size=(100, 3))
    y = (X[:, 0] + 0.3 * rng.normal(size=100) > 0).astype(float)
    return X, y


CASES = {
    "n319-p6": (lambda: _data(319, 6, 1), {}),
    "n200-p3": (lambda: _data(200, 3, 2), {}),
    "n1000-p8": (lambda: _data(1000, 8, 3), {}),
    "n60-p2": (lambda: _data(60, 2, 4), {}),
    "strong-signal": (_noisy, {}),
    "maxit3-not-converged": (_noisy, {"maxit": 3}),
    "maxit2-one-step": (_noisy, {"maxit": 2}),
    "tight-eps": (_noisy, {"eps": 1e-9, "maxit": 30}),
    "complete-separation": (lambda: _separated(False), {}),
    "complete-separation-maxit30": (lambda: _separated(False), {"maxit": 30}),
    "quasi-separation": (lambda: _separated(True), {}),
}


@pytest.mark.r
@pytest.mark.parametrize("name", list(CASES))
def test_lrm_fit_matches_rms(rlog, parity_case, name):
    make, kw = CASES[name]
    X, y = make()
    f = lrm_fit(X, y, **kw)
    r = rlog.to_py(rlog.call("helper:lrm_fit_raw", X, y, **kw))
    cmp = parity_case(f"lrm_fit-{name}")
    cmp.add("lrm_fit.fail", float(f.fail), float(np.asarray(r["fail"]).ravel()[0]))
    cmp.add("lrm_fit.coef", f.coef, r["coef"])
    cmp.add("lrm_fit.var", f.var, r["var"])
    cmp.add("lrm_fit.deviance", f.deviance, r["deviance"])
    cmp.add("lrm_fit.linear_predictors", f.linear_predictors, r["linear_predictors"])
    cmp.add("lrm_fit.u", f.u, r["u"])
    assert list(f.stats) == [str(s) for s in r["stat_names"]]
    for k, v in zip(r["stat_names"], r["stats"].values()):
        cmp.add(f"lrm.stats.{k}", f.stats[str(k)], float(np.asarray(v).ravel()[0]))
    cmp.assert_ok()


@pytest.mark.r
@pytest.mark.parametrize("kind", ["collinear", "constant"])
def test_lrm_fit_singular_like_rms(rlog, kind):
    X, y = _noisy()
    extra = X[:, 0] * 2 + X[:, 1] if kind == "collinear" else np.ones(X.shape[0])
    X = np.column_stack([X, extra])
    f = lrm_fit(X, y)
    rlog.messages.clear()
    r = rlog.to_py(rlog.call("helper:lrm_fit_raw", X, y))
    out = "".join(rlog.messages)
    assert list(r) == ["fail"] and bool(np.asarray(r["fail"]).ravel()[0])
    assert f.fail and f.status == "singular" and f.rank == 4
    # rms prints: singular information matrix in lrm.fit (rank= 4 ).  Offending variable(s): x[4]
    assert "rank= 4" in out
    assert f"x[{f.singular_columns[0] + 1}]" in out
    assert np.isnan(f.coef).all()


def test_lrm_fit_score_zero_at_convergence():
    X, y = _data(319, 6, 1)
    f = lrm_fit(X, y, eps=1e-12, maxit=40)
    assert not f.fail
    assert f.score < 1e-8
    # information matrix inverse is the returned var
    np.testing.assert_allclose(f.var @ f.info_matrix, np.eye(7), atol=1e-8)

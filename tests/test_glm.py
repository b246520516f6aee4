"""cmvt_core.glm: R's glm.fit for binomial logit, checked live against R (issue 7)."""
from __future__ import annotations

import numpy as np
import pytest

from cmvt_core import InputError, RRNG, RWarning
from cmvt_core.glm import glm_fit


def _data(seed, n=300, p=3, scale=1.0):
    rng = RRNG(seed)
    X = np.column_stack([np.ones(n), rng.rnorm(n * p).reshape(n, p) * scale])
    beta = np.linspace(-1, 1, p + 1)
    y = (rng.runif(n) < 1 / (1 + np.exp(-(X @ beta)))).astype(float)
    return X, y


CASES = {
    "plain": dict(seed=1),
    "offset": dict(seed=2, offset=-1.7),
    "weights": dict(seed=3, weights=True),
    "rare-large-scale": dict(seed=4, scale=3.0),
    "separated": dict(seed=5, separated=True),
}


@pytest.mark.r
@pytest.mark.parametrize("name", list(CASES))
def test_glm_fit_live(name, r_bridge, parity_case):
    spec = CASES[name]
    X, y = _data(spec["seed"], scale=spec.get("scale", 1.0))
    if spec.get("separated"):
        y = (X[:, 1] > 0).astype(float)  # complete separation: no convergence in 25 iterations
    off = None if "offset" not in spec else np.full(len(y), spec["offset"])
    w = None if not spec.get("weights") else (RRNG(9).sample(4, len(y), replace=True) - 1).astype(float)
    r_bridge.source("dca.R")
    r = r_bridge.to_py(r_bridge.call("helper:glm_plain", X, y, offset=off, weights=w))
    with pytest.warns(RWarning) if spec.get("separated") else _nullctx():
        fit = glm_fit(X, y, weights=w, offset=off)
    cmp = parity_case(f"glm-{name}").describe(call="glm.fit(X, y, weights, offset, family = binomial())",
                                              data=(X, y))
    cmp.add("glm.iter", fit.iter, int(np.asarray(r["iter"]).ravel()[0]))
    if spec.get("separated"):
        assert not fit.converged and not bool(np.asarray(r["converged"]).ravel()[0])
    else:
        cmp.add("glm.coefficients", fit.coefficients, np.asarray(r["coefficients"], float))
        keep = w is None or np.ones(len(y), bool)
        fitted_r = np.asarray(r["fitted"], float)
        if w is not None:
            fitted_r = fitted_r[w > 0]
        cmp.add("glm.fitted", fit.fitted_values, fitted_r)
        cmp.add("glm.deviance", fit.deviance, float(np.asarray(r["deviance"]).ravel()[0]))
        del keep
    cmp.assert_ok()


class _nullctx:
    def __enter__(self):
        return self

    def __exit__(self, *a):
        return False


def test_frequency_weights_equal_repeated_rows():
    """A fit with count weights and R's unweighted start is the fit on the repeated rows."""
    X, y = _data(7, n=120)
    c = (RRNG(8).sample(3, 120, replace=True) - 1).astype(float)
    rows = np.repeat(np.arange(120), c.astype(int))
    a = glm_fit(X[rows], y[rows])
    b = glm_fit(X, y, weights=c, mustart=(y + 0.5) / 2)
    assert a.iter == b.iter
    np.testing.assert_allclose(a.coefficients, b.coefficients, rtol=1e-12, atol=1e-13)


def test_aliased_column_gets_nan():
    X, y = _data(6, n=100, p=2)
    X = np.column_stack([X, X[:, 1] * 2])
    fit = glm_fit(X, y)
    assert np.isnan(fit.coefficients[3]) and fit.rank == 3


@pytest.mark.parametrize("args, match", [
    ((np.ones(3), [0, 1, 1]), "2-D"),
    ((np.ones((3, 1)), [0, 1, 2]), "row 3"),
    ((np.ones((3, 1)), [0, 1]), "2 values"),
    ((np.array([[1.0], [np.nan], [1.0]]), [0, 1, 1]), "NA"),
])
def test_glm_bad_input(args, match):
    with pytest.raises(InputError, match=match):
        glm_fit(*args)


def test_glm_bad_weights():
    with pytest.raises(InputError, match="weights"):
        glm_fit(np.ones((3, 1)), [0, 1, 1], weights=[1, -1, 1])


@pytest.mark.r
@pytest.mark.parametrize("name", ["plain", "offset", "weights", "aliased"])
def test_glm_cov_unscaled_live(name, r_bridge, parity_case):
    """summary.glm's cov.unscaled (chol2inv of the last R factor), incl. an aliased column."""
    X, y = _data(11, n=200, p=3)
    off = np.full(len(y), -0.8) if name == "offset" else None
    w = (RRNG(12).sample(4, len(y), replace=True) - 1).astype(float) if name == "weights" else None
    if name == "aliased":
        X = np.column_stack([X[:, :2], X[:, 1] * 2 - X[:, 0], X[:, 2:]])  # col 2 = 2*col 1 - intercept
    r_bridge.source("glm.R")
    r = r_bridge.to_py(r_bridge.call("helper:glm_cov", X, y, offset=off, weights=w))
    fit = glm_fit(X, y, weights=w, offset=off)
    kept = np.asarray(r["kept"], int).ravel() - 1
    cov = fit.cov_unscaled()
    cmp = parity_case(f"glm-cov-{name}").describe(call="summary(glm.fit(X, y, weights, offset, binomial()))"
                                                  "$cov.unscaled", data=(X, y))
    cmp.add("glm.rank", fit.rank, int(np.asarray(r["rank"]).ravel()[0]))
    cmp.add("glm.iter", fit.iter, int(np.asarray(r["iter"]).ravel()[0]))
    cmp.add("glm.coefficients", fit.coefficients[kept], np.asarray(r["coefficients"], float)[kept])
    cmp.add("glm.cov_unscaled", cov[np.ix_(kept, kept)], np.asarray(r["cov_unscaled"], float))
    cmp.assert_ok()
    dropped = np.setdiff1d(np.arange(X.shape[1]), kept)
    assert np.isnan(fit.coefficients[dropped]).all() and np.isnan(cov[dropped]).all()

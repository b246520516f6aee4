"""Names kept (issue 17): ``coef(s)`` is named as R's rownames ("(Intercept)" first, then the columns),
checked live against R's ``rownames(coef(cv, s))``; ``predict`` on a DataFrame keeps its index, on a numpy
array stays numpy; positional access (``.iloc[0]``, ``np.asarray``) gives the same numbers as before."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from cmvt_core import cv_glmnet, glmnet, lrm
from cmvt_core.datasets import load_cmvt_cohort


@pytest.fixture(scope="module")
def data():
    d = load_cmvt_cohort().astype(float)
    x = d.drop(columns="cmvt")
    x.index = [f"patient{i}" for i in range(len(x))]
    return x, d["cmvt"].to_numpy()


@pytest.fixture(scope="module")
def cv(data):
    x, y = data
    return cv_glmnet(x, y, seed=3)


@pytest.mark.r
@pytest.mark.parametrize("s", ["lambda.min", "lambda.1se"])
def test_cv_coef_named_as_r(r_bridge, data, cv, s):
    r_bridge.source("printing.R")
    x, y = data
    r = r_bridge.call_py("helper:prt_coef_cv", x.to_numpy(), y, 3, s)
    c = cv.coef(s)
    assert isinstance(c, pd.Series)
    assert list(c.index) == ["(Intercept)", *x.columns]
    assert list(c.index)[1:] == list(x.columns)
    assert [str(v) for v in r["names"]][1:] == [f"V{j + 1}" for j in range(x.shape[1])]  # R's matrix: V1..
    assert str(r["names"][0]) == "(Intercept)"
    np.testing.assert_allclose(c.to_numpy(), np.asarray(r["values"], dtype=float), rtol=1e-9, atol=1e-12)
    assert c.iloc[0] == c["(Intercept)"]


def test_glmnet_coef_scalar_and_vector(data, cv):
    fit = cv.glmnet_fit
    lam = float(fit.lambda_[10])
    c = fit.coef(lam)
    assert list(c.index) == ["(Intercept)", *fit.names] and c.iloc[0] == fit.a0[10]
    np.testing.assert_array_equal(c.to_numpy()[1:], fit.beta[:, 10])
    m = fit.coef([lam, float(fit.lambda_[20])])
    assert list(m.columns) == ["s1", "s2"] and list(m.index) == list(c.index)
    np.testing.assert_array_equal(m["s1"].to_numpy(), c.to_numpy())
    whole = fit.coef()
    assert whole.shape == (len(fit.names) + 1, len(fit.lambda_)) and whole.columns[0] == "s0"
    assert cv.selected("lambda.min") == [n for n, b in cv.coef("lambda.min").iloc[1:].items() if b != 0]


def test_predict_keeps_the_index(data, cv):
    x, y = data
    sub = x.iloc[[5, 2, 40]]
    for s in ("lambda.min", "lambda.1se"):
        p = cv.predict(sub, s=s, type="response")
        assert isinstance(p, pd.Series) and list(p.index) == list(sub.index)
        a = cv.predict(sub.to_numpy(), s=s, type="response")
        assert isinstance(a, np.ndarray)
        np.testing.assert_array_equal(p.to_numpy(), a)
    g = cv.glmnet_fit.predict(sub, s=[0.05, 0.01])
    assert isinstance(g, pd.DataFrame) and list(g.index) == list(sub.index) and list(g.columns) == ["s1", "s2"]
    np.testing.assert_array_equal(g.to_numpy(), cv.glmnet_fit.predict(sub.to_numpy(), s=[0.05, 0.01]))
    fit = lrm(x[["age_group", "post_nlr"]], y)
    p = fit.predict(sub[["age_group", "post_nlr"]], type="fitted")
    assert isinstance(p, pd.Series) and list(p.index) == list(sub.index)
    np.testing.assert_allclose(p.to_numpy(), fit.fitted[[5, 2, 40]], rtol=1e-12)  # the training rows' fitted
    assert isinstance(fit.predict(), np.ndarray)


def test_glmnet_on_numpy_names_x1(data):
    x, y = data
    fit = glmnet(x.to_numpy()[:, :4], y)
    assert list(fit.coef(0.01).index) == ["(Intercept)", "x1", "x2", "x3", "x4"]

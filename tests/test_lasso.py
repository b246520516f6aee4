"""Live parity of cmvt_core.glmnet / cv_glmnet with R's glmnet 4.1-6 (issue 3).

Every R value below comes from the live call written beside it (parity/r/lasso.R)."""
from __future__ import annotations


import numpy as np
import pandas as pd
import pytest

from cmvt_core import RWarning, cv_glmnet, glmnet


def _logit_data(n, p, seed, *, b=None, b0=-0.3, corr=0.0):
    rs = np.random.default_rng(seed)
    z = rs.normal(size=(n, 1))
    X = np.sqrt(1 - corr) * rs.normal(size=(n, p)) + np.sqrt(corr) * z
    b = np.r_[1.0, -1.0, 0.5, np.zeros(p - 3)] if b is None else b
    eta = X @ b + b0
    y = (rs.uniform(size=n) < 1 / (1 + np.exp(-eta))).astype(float)
    return X, y


def _fixtures():
    fx = {}
    X, y = _logit_data(200, 13, 1)
    X[:, 1] = X[:, 0] + 0.1 * np.random.default_rng(2).normal(size=200)
    fx["n-gt-p"] = dict(x=X, y=y)
    X, y = _logit_data(60, 120, 3, b=np.r_[1.5, -1.2, 1.0, np.zeros(117)])
    fx["n-lt-p"] = dict(x=X, y=y)
    X, y = _logit_data(150, 10, 4, corr=0.95)
    fx["correlated"] = dict(x=X, y=y)
    X, y = _logit_data(120, 8, 5)
    X[:, 3] = 2.5
    fx["constant-column"] = dict(x=X, y=y)
    X, y = _logit_data(400, 9, 6, b0=-3.2)
    assert y.mean() <= 0.10
    fx["rare-outcome"] = dict(x=X, y=y)
    X, y = _logit_data(180, 7, 7)
    X = X * np.array([1e-3, 1e4, 1.0, 250.0, 1e-2, 7.0, 3e3])
    fx["scales"] = dict(x=X, y=y)
    X, y = _logit_data(150, 9, 8)
    X = X * np.linspace(0.5, 3, 9) + 1.0
    fx["no-standardize"] = dict(x=X, y=y, standardize=False)
    X, y = _logit_data(150, 9, 9)
    fx["user-lambda"] = dict(x=X, y=y, lambda_=np.array([0.2, 0.1, 0.05, 0.02, 0.01, 0.005, 0.001, 0.0003]))
    X, y = _logit_data(170, 8, 10)
    fx["weights"] = dict(x=X, y=y, weights=np.random.default_rng(11).uniform(0.2, 3.0, size=170).round(3))
    X, y = _logit_data(160, 8, 12)
    fx["penalty-zero"] = dict(x=X, y=y, penalty_factor=np.r_[0.0, 1, 1, 2, 1, 0.5, 1, 1])
    return fx


FIXTURES = _fixtures()


@pytest.fixture(scope="module")
def R(r_bridge):
    r_bridge.library("glmnet")
    r_bridge.source("lasso.R")
    return r_bridge


def _r_glmnet(R, fx, **extra):
    return R.to_py(R.call("helper:lasso_glmnet", fx["x"], fx["y"], weights=fx.get("weights"),
                          **{"lambda": fx.get("lambda_")}, standardize=fx.get("standardize", True),
                          penalty_factor=fx.get("penalty_factor"), **extra))


@pytest.mark.r
@pytest.mark.parametrize("case", list(FIXTURES))
def test_path_parity(R, parity_case, case):
    fx = FIXTURES[case]
    kw = {k: v for k, v in fx.items() if k not in ("x", "y")}
    fit = glmnet(fx["x"], fx["y"], **kw)
    lam_mid = float(np.sqrt(fit.lambda_[3] * fit.lambda_[4]))  # between grid points
    newx = fx["x"][:25]
    # R: glmnet(x, y, family="binomial", ...); coef(fit, s); predict(fit, newx, s)
    r = _r_glmnet(R, fx, s=lam_mid, newx=newx)
    cmp = parity_case(f"lasso-path-{case}")
    cmp.add("glmnet.path_length", len(fit.lambda_), len(r["lambda"]))
    L = min(len(fit.lambda_), len(r["lambda"]))
    cmp.add("glmnet.lambda", fit.lambda_[:L], r["lambda"][:L])
    cmp.add("glmnet.a0", fit.a0[:L], r["a0"][:L])
    cmp.add("glmnet.beta", fit.beta[:, :L], r["beta"][:, :L])
    cmp.add("glmnet.dev_ratio", fit.dev_ratio[:L], r["dev_ratio"][:L])
    cmp.add("glmnet.df", fit.df[:L], r["df"][:L])
    cmp.add("glmnet.npasses", fit.npasses, r["npasses"][0])
    cmp.add("glmnet.nulldev", fit.nulldev, r["nulldev"][0])
    cmp.add("glmnet.coef_s", fit.coef(lam_mid), r["coef_s"][:, 0])
    cmp.add("glmnet.link_s", fit.predict(newx, lam_mid), r["link_s"][:, 0])
    cmp.add("glmnet.response_s", fit.predict(newx, lam_mid, type="response"), r["resp_s"][:, 0])
    cmp.assert_ok()


@pytest.mark.r
def test_coef_predict_between_and_outside_grid(R, parity_case):
    fx = FIXTURES["n-gt-p"]
    fit = glmnet(fx["x"], fx["y"])
    s = np.array([fit.lambda_[0] * 2, fit.lambda_[10] * 0.97, fit.lambda_[-1] / 10, fit.lambda_[5]])
    r = _r_glmnet(R, fx, s=s, newx=fx["x"][:40])  # R: coef(fit, s=s); predict(fit, newx, s=s)
    cmp = parity_case("lasso-coef-s-vector")
    cmp.add("glmnet.coef_s", fit.coef(s), r["coef_s"])
    cmp.add("glmnet.link_s", fit.predict(fx["x"][:40], s), r["link_s"])
    cmp.add("glmnet.response_s", fit.predict(fx["x"][:40], s, type="response"), r["resp_s"])
    cmp.assert_ok()


def _r_cv(R, fx, tm, *, foldid=None, seed=None, nfolds=10):
    return R.to_py(R.call("helper:lasso_cv", fx["x"], fx["y"], type_measure=tm, foldid=foldid, seed=seed,
                          nfolds=nfolds, weights=fx.get("weights"), standardize=fx.get("standardize", True),
                          penalty_factor=fx.get("penalty_factor")))


CV_CASES = [(tm, how) for tm in ("deviance", "mse", "class", "auc") for how in ("foldid", "seed")]


@pytest.mark.r
@pytest.mark.parametrize("tm,how", CV_CASES)
def test_cv_parity(R, parity_case, tm, how):
    fx = FIXTURES["n-gt-p"] if how == "seed" else FIXTURES["weights"]
    kw = {k: v for k, v in fx.items() if k not in ("x", "y", "lambda_")}
    n = len(fx["y"])
    foldid = (np.arange(n) * 7 % 10) + 1 if how == "foldid" else None
    seed = 2024 if how == "seed" else None
    cv = cv_glmnet(fx["x"], fx["y"], type_measure=tm, foldid=foldid, seed=seed, **kw)
    # R: set.seed(seed); cv.glmnet(x, y, family="binomial", type.measure=tm, foldid=foldid, ...)
    r = _r_cv(R, fx, tm, foldid=foldid, seed=seed)
    assert r["warnings"] is None or len(r["warnings"]) == 0
    cmp = parity_case(f"lasso-cv-{tm}-{how}")
    cmp.add("cv_glmnet.foldid", cv.foldid, r["foldid"])
    cmp.add("cv_glmnet.lambda", cv.lambda_, r["lambda"])
    cmp.add("cv_glmnet.cvm", cv.cvm, r["cvm"])
    cmp.add("cv_glmnet.cvsd", cv.cvsd, r["cvsd"])
    cmp.add("cv_glmnet.cvup", cv.cvup, r["cvup"])
    cmp.add("cv_glmnet.cvlo", cv.cvlo, r["cvlo"])
    cmp.add("cv_glmnet.nzero", cv.nzero, r["nzero"])
    cmp.add("cv_glmnet.lambda_min", cv.lambda_min, r["lambda_min"][0])
    cmp.add("cv_glmnet.lambda_1se", cv.lambda_1se, r["lambda_1se"][0])
    cmp.add("cv_glmnet.index", cv.index, r["index"])
    cmp.add("cv_glmnet.coef_min", cv.coef("lambda.min"), r["coef_min"])
    cmp.add("cv_glmnet.coef_1se", cv.coef("lambda.1se"), r["coef_1se"])
    cmp.add("cv_glmnet.name", cv.name, r["name"][0])
    cmp.assert_ok()


@pytest.mark.r
@pytest.mark.parametrize("case", ["rare-outcome", "n-lt-p", "no-standardize", "penalty-zero"])
def test_cv_parity_more_fixtures(R, parity_case, case):
    fx = FIXTURES[case]
    kw = {k: v for k, v in fx.items() if k not in ("x", "y", "lambda_")}
    cv = cv_glmnet(fx["x"], fx["y"], seed=11, **kw)
    r = _r_cv(R, fx, "deviance", seed=11)  # R: set.seed(11); cv.glmnet(x, y, family="binomial", ...)
    cmp = parity_case(f"lasso-cv-deviance-{case}")
    cmp.add("cv_glmnet.foldid", cv.foldid, r["foldid"])
    cmp.add("cv_glmnet.cvm", cv.cvm, r["cvm"])
    cmp.add("cv_glmnet.cvsd", cv.cvsd, r["cvsd"])
    cmp.add("cv_glmnet.lambda_min", cv.lambda_min, r["lambda_min"][0])
    cmp.add("cv_glmnet.lambda_1se", cv.lambda_1se, r["lambda_1se"][0])
    cmp.add("cv_glmnet.coef_min", cv.coef("lambda.min"), r["coef_min"])
    cmp.add("cv_glmnet.coef_1se", cv.coef("lambda.1se"), r["coef_1se"])
    cmp.assert_ok()


@pytest.mark.r
def test_auc_switches_to_deviance_like_r(R, parity_case):
    X, y = _logit_data(60, 6, 21)
    fx = dict(x=X, y=y)
    with pytest.warns(RWarning, match="Too few .* observations per fold for type.measure='auc'"):
        cv = cv_glmnet(X, y, type_measure="auc", seed=5)
    r = _r_cv(R, fx, "auc", seed=5)  # R warns and switches to deviance
    assert any("Too few" in w for w in r["warnings"])
    assert cv.name == r["name"][0] == "Binomial Deviance"
    cmp = parity_case("lasso-cv-auc-switch")
    cmp.add("cv_glmnet.cvm", cv.cvm, r["cvm"])
    cmp.add("cv_glmnet.cvsd", cv.cvsd, r["cvsd"])
    cmp.add("cv_glmnet.lambda_min", cv.lambda_min, r["lambda_min"][0])
    cmp.assert_ok()


@pytest.mark.r
def test_small_class_warning_like_r(R, parity_case):
    X, y = _logit_data(80, 5, 31, b0=-4.0)
    y[:] = 0
    y[[3, 17, 40, 66, 71]] = 1  # 5 events: fewer than 8
    with pytest.warns(RWarning, match="fewer than 8"):
        fit = glmnet(X, y)
    r = _r_glmnet(R, dict(x=X, y=y))  # R warns "one multinomial or binomial class has fewer than 8 observations"
    cmp = parity_case("lasso-path-five-events")
    cmp.add("glmnet.path_length", len(fit.lambda_), len(r["lambda"]))
    cmp.add("glmnet.lambda", fit.lambda_, r["lambda"])
    cmp.add("glmnet.beta", fit.beta, r["beta"])
    cmp.add("glmnet.npasses", fit.npasses, r["npasses"][0])
    cmp.assert_ok()


@pytest.mark.r
def test_dataframe_names_and_bridge_of_names(R):
    fx = FIXTURES["n-gt-p"]
    df = pd.DataFrame(fx["x"], columns=[f"v_{j}" for j in range(fx["x"].shape[1])])
    fit = glmnet(df, fx["y"])
    ser = fit.coef_series(fit.lambda_[10])
    assert list(ser.index) == ["(Intercept)", *df.columns]
    fit2 = glmnet(fx["x"], fx["y"])
    assert fit2.names == [f"x{j + 1}" for j in range(fx["x"].shape[1])]
    np.testing.assert_array_equal(fit.beta, fit2.beta)

"""Live parity of cmvt_core.glmnet / cv_glmnet with ``family="cox"`` against R's glmnet 4.1-6 (issue 20).

Every R value below comes from the live call written beside it (parity/r/lasso_cox.R): the path, coef and
predict of ``glmnet(x, Surv(time, status), family = "cox")``, ``coxnet.deviance`` and
``set.seed(s); cv.glmnet(x, Surv(time, status), family = "cox")`` on survival's data sets (factors dummy-coded as
``model.matrix`` does), on data with heavy ties, and on a seeded sweep of random data."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from _survival_cases import DATA
from cmvt_core import InputError, RWarning, cv_glmnet, glmnet
from cmvt_core.lasso_cox import coxnet_deviance


def _design(name: str):
    """(x, time, status) of a survival data set; factors as model.matrix's treatment dummies."""
    x, t, e = DATA[name]()
    x = pd.get_dummies(x, drop_first=True, dtype=float).astype(float)
    return x, t.to_numpy(float), e.to_numpy(float)


def _tied_data(n: int, p: int, seed: int, *, big_times: bool = False):
    """Random data with many tied times, censored rows at death times too (the 100 * eps shift of
    coxnet vanishes for times of 1000s, so psort7's order of ties matters)."""
    rs = np.random.default_rng(seed)
    X = rs.normal(size=(n, p))
    eta = X[:, 0] * 0.8 - X[:, 1] * 0.5 + (X[:, 2] * 0.3 if p > 2 else 0.0)
    t = np.ceil(rs.exponential(np.exp(-eta)) * 8) + 1.0
    if big_times:
        t = t * 1000.0
    e = (rs.uniform(size=n) < 0.7).astype(float)
    return X, t, e


DATASETS = ["lung", "veteran", "pbc", "colon", "gbsg"]


@pytest.fixture(scope="module")
def R(r_bridge):
    r_bridge.library("glmnet", "survival")
    r_bridge.source("lasso_cox.R")
    return r_bridge


def _r_fit(R, x, t, e, **kw):
    return R.to_py(R.call("helper:coxnet_glmnet", np.asarray(x, dtype=float), t, e, **kw))


def _compare_path(cmp, fit, r):
    cmp.add("coxnet.path_length", len(fit.lambda_), len(r["lambda"]))
    L = min(len(fit.lambda_), len(r["lambda"]))
    cmp.add("coxnet.lambda", fit.lambda_[:L], r["lambda"][:L])
    cmp.add("coxnet.beta", fit.beta[:, :L], np.asarray(r["beta"]).reshape(fit.beta.shape[0], -1)[:, :L])
    cmp.add("coxnet.dev_ratio", fit.dev_ratio[:L], r["dev_ratio"][:L])
    cmp.add("coxnet.df", fit.df[:L], r["df"][:L])
    cmp.add("coxnet.npasses", fit.npasses, r["npasses"][0])
    cmp.add("coxnet.nulldev", fit.nulldev, r["nulldev"][0])


@pytest.mark.r
@pytest.mark.parametrize("alpha", [1.0, 0.5])
@pytest.mark.parametrize("name", DATASETS)
def test_path_parity(R, parity_case, name, alpha):
    x, t, e = _design(name)
    fit = glmnet(x, family="cox", time=t, event=e, alpha=alpha)
    s = np.array([float(np.sqrt(fit.lambda_[3] * fit.lambda_[4])), fit.lambda_[0] * 2, fit.lambda_[-1] / 3,
                  fit.lambda_[12]])
    newx = x.to_numpy()[:30]
    # R: glmnet(x, Surv(time, status), family = "cox", alpha = alpha); coef(fit, s); predict(fit, newx, s, type)
    r = _r_fit(R, x, t, e, alpha=alpha, s=s, newx=newx)
    cmp = parity_case(f"coxnet-path-{name}-alpha{alpha}").describe(
        call='glmnet::glmnet(x, survival::Surv(time, status), family = "cox", alpha = alpha)', data=x)
    _compare_path(cmp, fit, r)
    cmp.add("coxnet.coef_s", fit.coef(s).to_numpy(), r["coef_s"])
    cmp.add("coxnet.link_s", fit.predict(newx, s), r["link_s"])
    cmp.add("coxnet.response_s", fit.predict(newx, s, type="response"), r["resp_s"])
    cmp.assert_ok()
    assert fit.jerr == r["jerr"][0] == 0


@pytest.mark.r
@pytest.mark.parametrize("case", ["ties", "ties-big-times", "n-lt-p", "weights", "penalty", "no-standardize",
                                  "user-lambda", "y-matrix"])
def test_path_parity_more(R, parity_case, case):
    kw: dict = {}
    rkw: dict = {}
    if case == "n-lt-p":
        X, t, e = _tied_data(40, 60, 3)
    else:
        X, t, e = _tied_data(150, 8, 4, big_times=case == "ties-big-times")
    if case == "weights":
        kw["weights"] = rkw["weights"] = np.random.default_rng(5).uniform(0.2, 3.0, size=len(t)).round(3)
    if case == "penalty":
        kw["penalty_factor"] = rkw["penalty_factor"] = np.r_[0.0, 1, 2, np.inf, 1, 0.5, 1, 1]
    if case == "no-standardize":
        X = X * np.linspace(0.5, 3, X.shape[1]) + 1.0
        kw["standardize"] = rkw["standardize"] = False
    if case == "user-lambda":
        kw["lambda_"] = rkw["lambda"] = np.array([0.3, 0.1, 0.05, 0.02, 0.01, 0.004, 0.001])
    if case == "y-matrix":
        fit = glmnet(X, np.column_stack([t, e]), family="cox")
        fit2 = glmnet(X, pd.DataFrame({"status": e, "time": t}), family="cox")
        np.testing.assert_array_equal(fit.beta, fit2.beta)
    else:
        fit = glmnet(X, family="cox", time=t, event=e, **kw)
    r = _r_fit(R, X, t, e, **rkw)  # R: glmnet(x, Surv(time, status), family = "cox", ...)
    cmp = parity_case(f"coxnet-path-{case}").describe(call='glmnet::glmnet(x, Surv(time, status), family = "cox")',
                                                      data=X)
    _compare_path(cmp, fit, r)
    cmp.assert_ok()


@pytest.mark.r
@pytest.mark.parametrize("name", ["lung", "veteran"])
def test_coxnet_deviance(R, parity_case, name):
    x, t, e = _design(name)
    X = x.to_numpy()
    rs = np.random.default_rng(1)
    beta = rs.normal(scale=0.05, size=(X.shape[1], 4))
    beta[:, 0] = 0.0
    w = rs.uniform(0.5, 2.0, size=len(t))
    cmp = parity_case(f"coxnet-deviance-{name}")
    # R: coxnet.deviance(x = x, y = Surv(time, status), beta = beta [, weights = w])
    cmp.add("coxnet.deviance", coxnet_deviance(X, t, e, beta),
            R.to_py(R.call("helper:coxnet_deviance", X, t, e, beta)))
    cmp.add("coxnet.deviance", coxnet_deviance(X, t, e, beta, w),
            R.to_py(R.call("helper:coxnet_deviance", X, t, e, beta, weights=w)))
    cmp.assert_ok()


def _r_cv(R, x, t, e, **kw):
    return R.to_py(R.call("helper:coxnet_cv", np.asarray(x, dtype=float), t, e, **kw))


def _compare_cv(cmp, cv, r):
    cmp.add("cv_coxnet.lambda", cv.lambda_, r["lambda"])
    cmp.add("cv_coxnet.cvm", cv.cvm, r["cvm"])
    cmp.add("cv_coxnet.cvsd", cv.cvsd, r["cvsd"])
    cmp.add("cv_coxnet.cvup", cv.cvup, r["cvup"])
    cmp.add("cv_coxnet.cvlo", cv.cvlo, r["cvlo"])
    cmp.add("cv_coxnet.nzero", cv.nzero, r["nzero"])
    cmp.add("cv_coxnet.lambda_min", cv.lambda_min, r["lambda_min"][0])
    cmp.add("cv_coxnet.lambda_1se", cv.lambda_1se, r["lambda_1se"][0])
    cmp.add("cv_coxnet.index", cv.index, r["index"])
    cmp.add("cv_coxnet.coef_min", cv.coef("lambda.min").to_numpy(), r["coef_min"])
    cmp.add("cv_coxnet.coef_1se", cv.coef("lambda.1se").to_numpy(), r["coef_1se"])
    cmp.add("cv_coxnet.name", cv.name, r["name"][0])


@pytest.mark.r
@pytest.mark.parametrize("name,seed", [("lung", 1), ("lung", 42), ("veteran", 2), ("pbc", 3), ("colon", 4),
                                       ("gbsg", 5)])
def test_cv_deviance_parity(R, parity_case, name, seed):
    x, t, e = _design(name)
    cv = cv_glmnet(x, family="cox", time=t, event=e, seed=seed)
    r = _r_cv(R, x, t, e, seed=seed)  # R: set.seed(seed); cv.glmnet(x, Surv(time, status), family = "cox")
    cmp = parity_case(f"cv-coxnet-deviance-{name}-{seed}").describe(
        call='set.seed(seed); glmnet::cv.glmnet(x, survival::Surv(time, status), family = "cox")', data=x)
    _compare_cv(cmp, cv, r)
    cmp.assert_ok()
    assert cv.name == "Partial Likelihood Deviance"
    assert r["warnings"] is None or len(r["warnings"]) == 0


@pytest.mark.r
@pytest.mark.parametrize("name,seed,alpha", [("lung", 7, 1.0), ("pbc", 8, 0.5), ("gbsg", 9, 1.0)])
def test_cv_c_index_parity(R, parity_case, name, seed, alpha):
    x, t, e = _design(name)
    cv = cv_glmnet(x, family="cox", time=t, event=e, seed=seed, type_measure="C", alpha=alpha)
    r = _r_cv(R, x, t, e, seed=seed, type_measure="C", alpha=alpha)  # R: cv.glmnet(..., type.measure = "C")
    cmp = parity_case(f"cv-coxnet-C-{name}-{seed}")
    _compare_cv(cmp, cv, r)
    cmp.assert_ok()
    assert cv.name == "C-index"


@pytest.mark.r
@pytest.mark.parametrize("case", ["alpha0.5-foldid", "ties-big-times", "weights", "ungrouped", "nfolds5"])
def test_cv_parity_more(R, parity_case, case):
    X, t, e = _tied_data(200, 7, 11, big_times=case == "ties-big-times")
    kw: dict = {"seed": 3}
    if case == "alpha0.5-foldid":
        kw = {"alpha": 0.5, "foldid": (np.arange(200) * 7 % 10) + 1}
    if case == "weights":
        kw["weights"] = np.random.default_rng(12).uniform(0.3, 2.5, size=200).round(2)
    if case == "ungrouped":
        kw["grouped"] = False
    if case == "nfolds5":
        kw["nfolds"] = 5
    cv = cv_glmnet(X, family="cox", time=t, event=e, **kw)
    r = _r_cv(R, X, t, e, **kw)  # R: set.seed(3); cv.glmnet(x, Surv(time, status), family = "cox", ...)
    cmp = parity_case(f"cv-coxnet-{case}")
    _compare_cv(cmp, cv, r)
    cmp.assert_ok()


@pytest.mark.r
@pytest.mark.parametrize("sweep", range(12))
def test_seeded_sweep(R, parity_case, sweep):
    """Random sizes, ties, censoring, alpha and seeds: the path and cv.glmnet equal R's bit for bit."""
    rs = np.random.default_rng(1000 + sweep)
    n = int(rs.integers(40, 260))
    p = int(rs.integers(3, 15))
    X, t, e = _tied_data(n, p, 2000 + sweep, big_times=bool(sweep % 3 == 0))
    X[:, 0] = np.round(X[:, 0])  # tied predictor values too
    alpha = float([1.0, 0.5, 0.2, 0.9][sweep % 4])
    seed = int(rs.integers(1, 10_000))
    fit = glmnet(X, family="cox", time=t, event=e, alpha=alpha)
    r = _r_fit(R, X, t, e, alpha=alpha)
    cmp = parity_case(f"coxnet-sweep-{sweep}")
    _compare_path(cmp, fit, r)
    cv = cv_glmnet(X, family="cox", time=t, event=e, alpha=alpha, seed=seed, nfolds=5 if n < 80 else 10)
    rc = _r_cv(R, X, t, e, alpha=alpha, seed=seed, nfolds=5 if n < 80 else 10)
    _compare_cv(cmp, cv, rc)
    cmp.assert_ok()


# ---------------------------------------------------------------------------------------- no R needed
def test_response_forms_agree():
    X, t, e = _tied_data(80, 5, 21)
    a = glmnet(X, family="cox", time=t, event=e)
    b = glmnet(X, np.column_stack([t, e]), family="cox")
    c = glmnet(pd.DataFrame(X), pd.DataFrame({"time": t, "status": e}), family="cox")
    for f in (b, c):
        np.testing.assert_array_equal(a.beta, f.beta)
        np.testing.assert_array_equal(a.lambda_, f.lambda_)
    assert a.coef(a.lambda_[5]).shape == (5,)
    lp = a.predict(X[:4], a.lambda_[5])
    np.testing.assert_array_equal(a.predict(X[:4], a.lambda_[5], type="response"), np.exp(lp))
    assert 'family = "cox"' in str(a)
    cv = cv_glmnet(X, family="cox", time=t, event=e, seed=1, nfolds=4)
    assert cv.selected("lambda.min") == [nm for nm, b in zip(a.names, cv.coef("lambda.min")) if b != 0]
    assert cv.to_dict()["family"] == "cox"


@pytest.mark.parametrize("bad,match", [
    (dict(time=[1.0, -2.0] + [3.0] * 78), "Non-positive event times"),
    (dict(event=[2] + [1] * 79), "event"),
    (dict(y="both"), "not both"),
    (dict(time=None), "survival response"),
])
def test_bad_cox_response(bad, match):
    X, t, e = _tied_data(80, 5, 22)
    kw = dict(time=t, event=e)
    y = None
    if bad.get("y") == "both":
        y = np.column_stack([t, e])
    else:
        kw.update(bad)
    with pytest.raises(InputError, match=match):
        glmnet(X, y, family="cox", **kw)


def test_other_measure_falls_back_to_deviance():
    X, t, e = _tied_data(100, 5, 23)
    with pytest.warns(RWarning, match="Only 'deviance', 'C'"):
        cv = cv_glmnet(X, family="cox", time=t, event=e, seed=1, type_measure="mse")
    assert cv.name == "Partial Likelihood Deviance"

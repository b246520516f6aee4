"""Properties and input handling of cmvt_core.glmnet / cv_glmnet (no R needed)."""
from __future__ import annotations


import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from cmvt_core import InputError, RWarning, cv_glmnet, glmnet
from cmvt_core.lasso import fold_ids


def _data(seed, n=120, p=6, b0=-0.2):
    rs = np.random.default_rng(seed)
    X = rs.normal(size=(n, p)) * rs.uniform(0.3, 4.0, size=p) + rs.normal(size=p)
    b = rs.normal(size=p) * (rs.uniform(size=p) < 0.6)
    y = (rs.uniform(size=n) < 1 / (1 + np.exp(-(((X - X.mean(0)) / X.std(0)) @ b + b0)))).astype(float)
    if y.sum() < 10 or y.sum() > n - 10:
        y[:10], y[10:20] = 1.0, 0.0
    return X, y


def _std(X, w):
    ww = w / w.sum()
    xm = ww @ X
    xc = X - xm
    xs = np.sqrt(ww @ xc**2)
    return xc / xs, ww


seeds = st.integers(min_value=0, max_value=10_000)


@settings(deadline=None, max_examples=12)
@given(seeds)
def test_kkt_at_every_lambda(seed):
    X, y = _data(seed)
    thresh = 1e-12
    fit = glmnet(X, y, thresh=thresh)
    Z, ww = _std(X, np.ones(len(y)))
    xs = np.sqrt(ww @ (X - ww @ X) ** 2)
    q0 = y.mean()
    dev0 = -(np.log(q0 / (1 - q0)) * q0 + np.log(1 - q0))
    tol = 50 * np.sqrt(thresh * dev0)  # convergence scale: xv * dbeta^2 < thresh * dev0
    for k, lam in enumerate(fit.lambda_):
        eta = fit.a0[k] + X @ fit.beta[:, k]
        p = 1 / (1 + np.exp(-eta))
        g = Z.T @ (ww * (y - p))  # gradient of the mean log-likelihood in standardised units
        bstd = fit.beta[:, k] * xs
        act = bstd != 0
        assert abs(np.sum(ww * (y - p))) < tol  # intercept stationarity
        if k == 0:
            assert not act.any()
            continue
        assert np.all(np.abs(g[act] - lam * np.sign(bstd[act])) <= tol), (k, lam)
        assert np.all(np.abs(g[~act]) <= lam + tol), (k, lam)


@settings(deadline=None, max_examples=15)
@given(seeds)
def test_path_starts_at_null_model_and_lambda_max(seed):
    X, y = _data(seed)
    fit = glmnet(X, y)
    assert np.all(fit.beta[:, 0] == 0) and fit.df[0] == 0
    assert abs(fit.a0[0] - np.log(y.mean() / (1 - y.mean()))) < 1e-12
    Z, ww = _std(X, np.ones(len(y)))
    lam_max = np.max(np.abs(Z.T @ (ww * (y - y.mean()))))
    assert fit.lambda_[0] == pytest.approx(lam_max, rel=1e-10)
    at = glmnet(X, y, lambda_=[lam_max * (1 + 1e-9), lam_max * (1 - 1e-6)])
    assert np.all(at.beta[:, 0] == 0)
    assert np.count_nonzero(at.beta[:, 1]) >= 1


@settings(deadline=None, max_examples=12)
@given(seeds, st.integers(min_value=0, max_value=2**31 - 1))
def test_row_permutation_leaves_path_unchanged(seed, pseed):
    X, y = _data(seed)
    perm = np.random.default_rng(pseed).permutation(len(y))
    f1 = glmnet(X, y)
    f2 = glmnet(X[perm], y[perm])
    L = min(len(f1.lambda_), len(f2.lambda_))
    assert abs(len(f1.lambda_) - len(f2.lambda_)) <= 1  # early stop compares dev.ratio steps with 1e-5
    np.testing.assert_allclose(f2.lambda_[:L], f1.lambda_[:L], rtol=1e-12)
    np.testing.assert_allclose(f2.beta[:, :L], f1.beta[:, :L], atol=1e-6)
    np.testing.assert_allclose(f2.a0[:L], f1.a0[:L], atol=1e-6)
    np.testing.assert_allclose(f2.dev_ratio[:L], f1.dev_ratio[:L], atol=1e-9)


@settings(deadline=None, max_examples=12)
@given(seeds, st.integers(min_value=0, max_value=5), st.floats(min_value=1e-3, max_value=1e3))
def test_rescaling_a_column_keeps_standardized_predictions(seed, j, c):
    X, y = _data(seed)
    X2 = X.copy()
    X2[:, j] *= c
    f1 = glmnet(X, y)
    f2 = glmnet(X2, y)
    L = min(len(f1.lambda_), len(f2.lambda_))
    np.testing.assert_allclose(f2.lambda_[:L], f1.lambda_[:L], rtol=1e-10)
    np.testing.assert_allclose(f2.predict(X2)[:, :L], f1.predict(X)[:, :L], atol=1e-6)
    np.testing.assert_allclose(f2.beta[j, :L] * c, f1.beta[j, :L], atol=1e-6)


def test_fold_ids_match_r_documented_draw():
    # docs/R_ALGORITHMS.md section 2: set.seed(123); sample(rep(1:10, length=200)) starts 9 9 4 5 10 10 8 3 8 4
    np.testing.assert_array_equal(fold_ids(200, 10, seed=123)[:10], [9, 9, 4, 5, 10, 10, 8, 3, 8, 4])


def test_inputs_not_modified_and_dataframe_names():
    X, y = _data(3)
    df = pd.DataFrame(X, columns=list("abcdef"))
    before = df.copy()
    Xc = X.copy()
    fit = glmnet(df, y)
    cv = cv_glmnet(np.asfortranarray(X), y, seed=1)
    pd.testing.assert_frame_equal(df, before)
    np.testing.assert_array_equal(X, Xc)
    assert fit.names == list("abcdef")
    assert cv.glmnet_fit.names == [f"x{j}" for j in range(1, 7)]
    d = cv.to_dict()
    import json
    json.dumps(d)
    json.dumps(fit.to_dict())
    assert cv.coef("lambda.min").shape == (7,)
    assert cv.index[0] >= cv.index[1]


# ---- R's errors -> InputError, R's warnings -> RWarning --------------------------------
def test_error_one_class_only():
    X, _ = _data(1)
    with pytest.raises(InputError, match="only one class"):
        glmnet(X, np.zeros(len(X)))


def test_error_class_with_one_observation():
    X, _ = _data(1)
    y = np.zeros(len(X))
    y[4] = 1
    with pytest.raises(InputError, match="1 observation"):
        glmnet(X, y)


def test_error_y_not_01():
    X, y = _data(1)
    y2 = y.copy()
    y2[7] = 2
    with pytest.raises(InputError, match=r"0 and 1.*row 8"):
        glmnet(X, y2)
    with pytest.raises(InputError, match=r"row 1 holds '(yes|no)'"):
        glmnet(X, np.where(y == 1, "yes", "no"))


def test_error_nan_inf_in_x_names_column_and_row():
    X, y = _data(1)
    df = pd.DataFrame(X, columns=list("abcdef"))
    df.iloc[5, 2] = np.nan
    with pytest.raises(InputError, match=r"missing.*'c'.*row 6"):
        glmnet(df, y)
    X2 = X.copy()
    X2[9, 4] = np.inf
    with pytest.raises(InputError, match=r"infinite.*'x5'.*row 10"):
        cv_glmnet(X2, y)


def test_error_mismatched_lengths():
    X, y = _data(1)
    with pytest.raises(InputError, match=r"y \(119\).*rows of x \(120\)"):
        glmnet(X, y[:-1])
    with pytest.raises(InputError, match="weights"):
        glmnet(X, y, weights=np.ones(5))
    with pytest.raises(InputError, match="penalty_factor"):
        glmnet(X, y, penalty_factor=[1, 1])
    with pytest.raises(InputError, match="foldid"):
        cv_glmnet(X, y, foldid=np.ones(3))


def test_error_other_r_errors():
    X, y = _data(1)
    with pytest.raises(InputError, match="2 or more columns"):
        glmnet(X[:, :1], y)
    with pytest.raises(InputError, match="nfolds must be bigger than 3"):
        cv_glmnet(X, y, nfolds=2)
    with pytest.raises(InputError, match="not numeric"):
        glmnet(pd.DataFrame({"a": X[:, 0], "b": ["u"] * len(y)}), y)
    with pytest.raises(InputError, match="type_measure"):
        cv_glmnet(X, y, type_measure="brier")
    with pytest.raises(InputError, match="non-negative"):
        glmnet(X, y, lambda_=[0.1, -1])
    with pytest.raises(InputError, match="weights must hold non-negative"):
        glmnet(X, y, weights=np.r_[-1.0, np.ones(len(y) - 1)])


def test_warning_fewer_than_8_in_a_class():
    X, _ = _data(2)
    y = np.zeros(len(X))
    y[[1, 5, 9, 30, 50]] = 1
    with pytest.warns(RWarning, match="fewer than 8"):
        glmnet(X, y)


def test_warning_auc_too_few_per_fold_switches_to_deviance():
    X, y = _data(2, n=60)
    with pytest.warns(RWarning, match="changed to type.measure='deviance'"):
        cv = cv_glmnet(X, y, type_measure="auc", seed=1)
    assert cv.name == "Binomial Deviance" and cv.type_measure == "deviance"


def test_figures_draw_and_save(tmp_path):
    from matplotlib.figure import Figure

    from cmvt_core.plots import LassoCVDisplay, LassoPathDisplay, save

    X, y = _data(4)
    cv = cv_glmnet(X, y, seed=3)
    f1, f2, f3 = Figure(), Figure(), Figure()
    LassoPathDisplay.from_glmnet(cv.glmnet_fit, f1.add_subplot(), label=True)
    LassoCVDisplay.from_cv_glmnet(cv, f2.add_subplot())
    LassoPathDisplay.from_glmnet(cv, f3.add_subplot())
    ax = f2.axes[0]
    # the two dotted lines sit at log(lambda.min) and log(lambda.1se)
    vx = sorted(l.get_xdata()[0] for l in ax.lines if l.get_linestyle() == ":")
    np.testing.assert_allclose(vx, sorted([np.log(cv.lambda_min), np.log(cv.lambda_1se)]))
    n_paths = sum(1 for l in f1.axes[0].lines if len(l.get_xdata()) == len(cv.glmnet_fit.lambda_))
    assert n_paths == int(np.any(cv.glmnet_fit.beta != 0, axis=1).sum())
    for f, stem in ((f1, "path"), (f2, "cv"), (f3, "path_cv")):
        paths = save(f, tmp_path / stem)
        assert all(p.stat().st_size > 1000 for p in paths)


def test_predict_with_dataframe_uses_fit_column_order():
    X, y = _data(6)
    df = pd.DataFrame(X, columns=list("abcdef"))
    fit = glmnet(df, y)
    s = fit.lambda_[-1]
    np.testing.assert_array_equal(fit.predict(df[list("fedcba")], s), fit.predict(X, s))
    with pytest.raises(InputError, match="lacks column"):
        fit.predict(df.drop(columns="c"), s)

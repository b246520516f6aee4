"""cmvt_core.sklearn (issue 17): scikit-learn's own estimator checks, Pipeline / cross_val_score /
GridSearchCV, and live parity of the estimators' predictions with R's cv.glmnet and rms::lrm.

Every R value comes from the live call written beside it (parity/r/sklearn.R)."""
from __future__ import annotations

import doctest
import inspect
import re
import subprocess
import sys
import warnings

import numpy as np
import pandas as pd
import pytest

pytest.importorskip("sklearn")  # the optional extra; `make test` installs it

from sklearn.base import clone  # noqa: E402
from sklearn.metrics import roc_auc_score  # noqa: E402
from sklearn.model_selection import GridSearchCV, KFold, StratifiedKFold, cross_val_score  # noqa: E402
from sklearn.pipeline import Pipeline, make_pipeline  # noqa: E402
from sklearn.preprocessing import StandardScaler  # noqa: E402
from sklearn.utils.estimator_checks import parametrize_with_checks  # noqa: E402

import cmvt_core.sklearn as sk  # noqa: E402
from cmvt_core import RWarning, cv_glmnet, lrm  # noqa: E402
from cmvt_core.sklearn import CVGlmnetClassifier, LrmClassifier  # noqa: E402


def _logit_data(n, p, seed, *, b=None, b0=-0.3):
    rs = np.random.default_rng(seed)
    X = rs.normal(size=(n, p))
    b = np.r_[1.0, -1.0, 0.5, np.zeros(p - 3)] if b is None else b
    y = (rs.uniform(size=n) < 1 / (1 + np.exp(-(X @ b + b0)))).astype(float)
    return X, y


X_TRAIN, Y_TRAIN = _logit_data(160, 8, 17)
X_NEW, _ = _logit_data(40, 8, 18)


# ---------------------------------------------------------------------------------------------
# import isolation
def test_import_cmvt_core_does_not_import_sklearn():
    code = ("import sys, cmvt_core; cmvt_core.cv_glmnet; cmvt_core.lrm; import cmvt_core.lasso, cmvt_core.logistic; "
            "bad = sorted(m for m in sys.modules if m == 'sklearn' or m.startswith('sklearn.')); "
            "print(len(bad)); assert not bad, bad[:5]")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "0"


def test_without_scikit_learn_the_error_names_the_extra():
    code = ("import sys; sys.modules['sklearn'] = None  # as if scikit-learn were not installed\n"
            "try:\n    import cmvt_core.sklearn\nexcept ImportError as exc:\n    print(exc)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert "pip install 'cmvt-core[sklearn]'" in out.stdout


# ---------------------------------------------------------------------------------------------
# scikit-learn's estimator checks, every one of them, for both estimators
@parametrize_with_checks([CVGlmnetClassifier(), LrmClassifier()])
def test_sklearn_estimator_checks(estimator, check):
    with warnings.catch_warnings():
        # R's own warnings on the checks' small or separable data sets (fewer than 8 of a class, grouped=FALSE
        # enforced, lrm's separation / "Unable to fit model"): kept out of the report; the checks pass with them on
        warnings.simplefilter("ignore", RWarning)
        check(estimator)


# ---------------------------------------------------------------------------------------------
# behaviour
def test_labels_any_two_values_mapped_by_classes_():
    y = np.where(Y_TRAIN == 1, "yes", "no")
    clf = CVGlmnetClassifier(seed=3).fit(X_TRAIN, y)
    assert clf.classes_.tolist() == ["no", "yes"]
    ref = cv_glmnet(X_TRAIN, Y_TRAIN, seed=3)  # "yes" sorts second: it is the event (1)
    np.testing.assert_array_equal(clf.predict_proba(X_NEW)[:, 1],
                                  ref.predict(X_NEW, s="lambda.min", type="response"))
    link = ref.predict(X_NEW, s="lambda.min", type="link")
    np.testing.assert_array_equal(clf.decision_function(X_NEW), link)
    np.testing.assert_array_equal(clf.predict(X_NEW), np.where(link > 0, "yes", "no"))
    # swapping which label is the event mirrors the probabilities
    y2 = np.where(Y_TRAIN == 1, 0, 1)
    clf2 = CVGlmnetClassifier(seed=3).fit(X_TRAIN, y2)
    np.testing.assert_allclose(clf2.predict_proba(X_NEW)[:, 0], clf.predict_proba(X_NEW)[:, 1], rtol=0, atol=1e-9)


def test_multiclass_is_refused_with_sklearns_message():
    y = np.arange(X_TRAIN.shape[0]) % 3
    for est in (CVGlmnetClassifier(), LrmClassifier()):
        with pytest.raises(ValueError, match="Only binary classification is supported. The type of the target is multiclass"):
            est.fit(X_TRAIN, y)


def test_attributes_and_dataframe_names():
    cols = [f"v{j}" for j in range(8)]
    df = pd.DataFrame(X_TRAIN, columns=cols)
    clf = CVGlmnetClassifier(seed=5, s="lambda.1se").fit(df, Y_TRAIN)
    ref = cv_glmnet(df, Y_TRAIN, seed=5)
    assert clf.feature_names_in_.tolist() == cols and clf.n_features_in_ == 8
    assert clf.cv_fit_.glmnet_fit.names == cols
    assert clf.lambda_min_ == ref.lambda_min and clf.lambda_1se_ == ref.lambda_1se and clf.s_ == ref.lambda_1se
    num = CVGlmnetClassifier(seed=5, s=0.0123).fit(df, Y_TRAIN)  # a lambda between grid points
    np.testing.assert_array_equal(num.predict_proba(pd.DataFrame(X_NEW, columns=cols))[:, 1],
                                  ref.predict(X_NEW, s=0.0123, type="response"))
    c = ref.coef("lambda.1se").to_numpy()  # a Series, (Intercept) first
    np.testing.assert_array_equal(clf.intercept_, c[:1])
    np.testing.assert_array_equal(clf.coef_, c[None, 1:])
    # the probability is plogis(intercept + X coef): a property, independent of the path interpolation code
    eta = clf.intercept_[0] + X_NEW @ clf.coef_[0]
    np.testing.assert_allclose(clf.predict_proba(pd.DataFrame(X_NEW, columns=cols))[:, 1], 1 / (1 + np.exp(-eta)),
                               rtol=1e-12, atol=0)
    lr = LrmClassifier().fit(df, Y_TRAIN)
    ref_lrm = lrm(df, Y_TRAIN)
    assert lr.fit_.coef_names == ["Intercept", *cols]
    np.testing.assert_array_equal(lr.coef_[0], ref_lrm.coef.to_numpy()[1:])
    np.testing.assert_allclose(lr.predict_proba(df)[:, 1], ref_lrm.fitted, rtol=1e-13, atol=0)


def test_seed_none_means_unshuffled_folds():
    clf = CVGlmnetClassifier(nfolds=7).fit(X_TRAIN, Y_TRAIN)
    n = X_TRAIN.shape[0]
    np.testing.assert_array_equal(clf.cv_fit_.foldid, np.arange(n) % 7 + 1)
    ref = cv_glmnet(X_TRAIN, Y_TRAIN, foldid=np.arange(n) % 7 + 1)
    assert clf.lambda_min_ == ref.lambda_min
    again = clone(clf).fit(X_TRAIN, Y_TRAIN)
    np.testing.assert_array_equal(again.predict_proba(X_NEW), clf.predict_proba(X_NEW))


def test_bad_settings_raise_input_errors():
    from cmvt_core import InputError

    with pytest.raises(InputError, match="s must be"):
        CVGlmnetClassifier(s="lambda.best").fit(X_TRAIN, Y_TRAIN)
    with pytest.raises(InputError, match="nfolds must be bigger than 3"):
        CVGlmnetClassifier(nfolds=2).fit(X_TRAIN, Y_TRAIN)
    with pytest.raises(InputError, match="nfolds must be at most"):
        CVGlmnetClassifier(nfolds=20).fit(X_TRAIN[:15], Y_TRAIN[:15])
    with pytest.raises(ValueError, match="1 feature"):
        CVGlmnetClassifier().fit(X_TRAIN[:, :1], Y_TRAIN)


def test_separated_data_lrm_keeps_rms_fit_and_warns():
    Xs, ys = _separated()
    with pytest.warns(RWarning, match="Unable to fit model using"):
        clf = LrmClassifier().fit(Xs, ys)
    assert clf.fit_.fail
    assert clf.score(Xs, ys) == 1.0  # the last iterate still separates the training set
    with pytest.raises(Exception, match="could not fit"):  # cmvt_core.lrm itself refuses, as documented
        lrm(Xs, ys)


def _separated():
    rs = np.random.default_rng(4)
    X = rs.normal(size=(60, 2))
    y = (X[:, 0] + 0.3 * X[:, 1] > 0).astype(float)
    return X, y


# ---------------------------------------------------------------------------------------------
# Pipeline, cross_val_score, GridSearchCV
def _manual_cv_scores(make, X, y, cv, scorer):
    out = []
    for tr, te in cv.split(X, y):
        sc = StandardScaler().fit(X[tr])
        est = make().fit(sc.transform(X[tr]), y[tr])
        out.append(scorer(est, sc.transform(X[te]), y[te]))
    return np.array(out)


def test_pipeline_cross_val_score_equals_fold_by_fold_fits():
    pipe = Pipeline([("scale", StandardScaler()), ("lasso", CVGlmnetClassifier(nfolds=5, seed=11))])
    cv = StratifiedKFold(4, shuffle=True, random_state=0)
    got = cross_val_score(pipe, X_TRAIN, Y_TRAIN, cv=cv, scoring="roc_auc")
    want = _manual_cv_scores(lambda: CVGlmnetClassifier(nfolds=5, seed=11), X_TRAIN, Y_TRAIN, cv,
                             lambda e, X, y: roc_auc_score(y, e.predict_proba(X)[:, 1]))
    np.testing.assert_array_equal(got, want)
    assert got.min() > 0.6  # a real signal (three of eight true slopes nonzero)
    got = cross_val_score(make_pipeline(StandardScaler(), LrmClassifier()), X_TRAIN, Y_TRAIN, cv=cv)
    want = _manual_cv_scores(LrmClassifier, X_TRAIN, Y_TRAIN, cv, lambda e, X, y: np.mean(e.predict(X) == y))
    np.testing.assert_array_equal(got, want)


def test_grid_search_over_alpha_picks_the_best_mean_score():
    pipe = Pipeline([("scale", StandardScaler()), ("lasso", CVGlmnetClassifier(nfolds=5, seed=2))])
    grid = [0.2, 0.6, 1.0]
    cv = KFold(3, shuffle=True, random_state=1)
    gs = GridSearchCV(pipe, {"lasso__alpha": grid}, cv=cv, scoring="neg_log_loss").fit(X_TRAIN, Y_TRAIN)

    def nll(e, X, y):
        p = e.predict_proba(X)[:, 1]
        return float(np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))

    means = [_manual_cv_scores(lambda a=a: CVGlmnetClassifier(nfolds=5, seed=2, alpha=a), X_TRAIN, Y_TRAIN, cv,
                               nll).mean() for a in grid]
    np.testing.assert_allclose(gs.cv_results_["mean_test_score"], means, rtol=1e-12, atol=0)
    assert gs.best_params_ == {"lasso__alpha": grid[int(np.argmax(means))]}
    best = gs.best_estimator_.named_steps["lasso"]
    Z = StandardScaler().fit_transform(X_TRAIN)
    ref = cv_glmnet(Z, Y_TRAIN, nfolds=5, seed=2, alpha=gs.best_params_["lasso__alpha"])
    assert best.lambda_min_ == ref.lambda_min


# ---------------------------------------------------------------------------------------------
# live R parity
@pytest.fixture(scope="module")
def R(r_bridge):
    r_bridge.library("glmnet")
    r_bridge.library("rms")
    r_bridge.source("sklearn.R")
    return r_bridge


@pytest.mark.r
@pytest.mark.parametrize("seed", [1, 42, 2024, None])
@pytest.mark.parametrize("s", ["lambda.min", "lambda.1se"])
def test_cv_glmnet_classifier_equals_r(R, parity_case, seed, s):
    clf = CVGlmnetClassifier(seed=seed, s=s).fit(X_TRAIN, Y_TRAIN)
    n = X_TRAIN.shape[0]
    # R: set.seed(seed); cvfit <- cv.glmnet(x, y, family = "binomial"); predict(cvfit, newx, s, type = "response")
    # (seed None: cv.glmnet(x, y, family = "binomial", foldid = rep(seq(10), length = N)))
    foldid = None if seed is not None else np.arange(n) % 10 + 1
    r = R.call_py("helper:sk_cv_glmnet_predict", X_TRAIN, Y_TRAIN, X_NEW, seed=seed, foldid=foldid, s=s)
    cmp = parity_case(f"sklearn-cvglmnet-{seed}-{s}")
    cmp.add("cv_glmnet.foldid", clf.cv_fit_.foldid, r["foldid"])
    cmp.add("cv_glmnet.lambda_min", clf.lambda_min_, r["lambda_min"][0])
    cmp.add("cv_glmnet.lambda_1se", clf.lambda_1se_, r["lambda_1se"][0])
    coef_key = "cv_glmnet.coef_min" if s == "lambda.min" else "cv_glmnet.coef_1se"
    cmp.add(coef_key, np.r_[clf.intercept_, clf.coef_[0]], r["coef"])
    cmp.add("glmnet.link_s", clf.decision_function(X_NEW), r["link"])
    cmp.add("glmnet.response_s", clf.predict_proba(X_NEW)[:, 1], r["response"])
    cmp.assert_ok()


@pytest.mark.r
def test_cv_glmnet_classifier_options_equal_r(R, parity_case):
    clf = CVGlmnetClassifier(seed=9, nfolds=5, alpha=0.5, type_measure="class").fit(X_TRAIN, Y_TRAIN)
    # R: set.seed(9); cv.glmnet(x, y, family = "binomial", nfolds = 5, alpha = 0.5, type.measure = "class")
    r = R.call_py("helper:sk_cv_glmnet_predict", X_TRAIN, Y_TRAIN, X_NEW, seed=9, nfolds=5, alpha=0.5,
                  type_measure="class")
    cmp = parity_case("sklearn-cvglmnet-options")
    cmp.add("cv_glmnet.lambda_min", clf.lambda_min_, r["lambda_min"][0])
    cmp.add("cv_glmnet.coef_min", np.r_[clf.intercept_, clf.coef_[0]], r["coef"])
    cmp.add("glmnet.response_s", clf.predict_proba(X_NEW)[:, 1], r["response"])
    cmp.assert_ok()


@pytest.mark.r
@pytest.mark.parametrize("case", ["logit", "wide-scales"])
def test_lrm_classifier_equals_rms(R, parity_case, case):
    X, y = (X_TRAIN[:, :5], Y_TRAIN) if case == "logit" else (X_TRAIN * np.linspace(0.01, 300, 8), Y_TRAIN)
    newx = X_NEW[:, :X.shape[1]] * (1 if case == "logit" else np.linspace(0.01, 300, 8))
    clf = LrmClassifier().fit(X, y)
    # R: fit <- lrm(y ~ ., data); predict(fit, newx, type = "fitted")
    r = R.call_py("helper:sk_lrm_predict", X, y, newx)
    assert not r["fail"][0] and not clf.fit_.fail
    cmp = parity_case(f"sklearn-lrm-{case}")
    cmp.add("lrm.coef", np.r_[clf.intercept_, clf.coef_[0]], r["coef"])
    cmp.add("lrm.predict.lp", clf.decision_function(newx), r["lp"])
    cmp.add("lrm.predict.fitted", clf.predict_proba(newx)[:, 1], r["fitted"])
    cmp.assert_ok()


@pytest.mark.r
def test_lrm_classifier_on_separated_data_keeps_what_rms_returns(R, parity_case):
    Xs, ys = _separated()
    newx = np.random.default_rng(5).normal(size=(20, 2)) * 0.2
    with pytest.warns(RWarning, match="Unable to fit model using"):
        clf = LrmClassifier().fit(Xs, ys)
    # R: f <- lrm(y ~ ., data) warns "Unable to fit model using lrm.fit" and returns fail = TRUE with
    # lrm.fit's coefficients; plogis(cbind(1, newx) %*% coef(f))
    r = R.call_py("helper:sk_lrm_predict", Xs, ys, newx)
    assert r["fail"][0] and clf.fit_.fail
    assert any("Unable to fit model" in w for w in np.atleast_1d(r["warnings"]))
    cmp = parity_case("sklearn-lrm-separated")
    cmp.add("lrm.coef", np.r_[clf.intercept_, clf.coef_[0]], r["coef"])
    cmp.add("lrm.predict.lp", clf.decision_function(newx), r["lp"])
    cmp.add("lrm.predict.fitted", clf.predict_proba(newx)[:, 1], r["fitted"])
    cmp.assert_ok()


# ---------------------------------------------------------------------------------------------
# documentation: tests/api/test_docstrings.py covers public *functions*; the classes here get the same rules
_SECTION = re.compile(r"^(?P<name>[A-Z][A-Za-z ]+)\n-{3,}\s*$", re.M)


def _sections(doc):
    doc = inspect.cleandoc(doc)
    marks = list(_SECTION.finditer(doc))
    return {m["name"].strip(): doc[m.end():(marks[i + 1].start() if i + 1 < len(marks) else len(doc))]
            for i, m in enumerate(marks)}


@pytest.mark.parametrize("name", sk.__all__)
def test_class_docstrings(name):
    cls = getattr(sk, name)
    sec = _sections(cls.__doc__)
    for want in ("Parameters", "Attributes", "Notes", "Examples"):
        assert want in sec, f"{name}: no {want} section"
    params = list(inspect.signature(cls.__init__).parameters)[1:]
    documented = re.findall(r"^([A-Za-z_]\w*)\s*:", sec["Parameters"], re.M)
    assert documented == params
    assert re.search(r"R call:\s*``[^`]+``", sec["Notes"])
    for method in ("fit", "predict", "predict_proba", "decision_function"):
        msec = _sections(getattr(cls, method).__doc__)
        assert "Parameters" in msec and "Returns" in msec, f"{name}.{method}"
    test = doctest.DocTestParser().get_doctest(sec["Examples"], {}, name, None, 0)
    assert test.examples
    out = []
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    runner.run(test, out=out.append)
    assert runner.summarize(verbose=False).failed == 0, "".join(out)

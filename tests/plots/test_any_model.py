"""Any model's predictions get the study's evaluation (issue 17): a scikit-learn classifier's
``predict_proba(X)[:, 1]`` (a strided view), the same numbers as a pandas Series with a shuffled index and as a
list go through ``roc``, ``hoslem_test``, ``external_calibration``, ``decision_curve(fitted_risk=True)`` and the
displays, with the values of the same calls on a plain numpy copy; AUC and net benefit are also checked against
independent computations (scikit-learn's ``roc_auc_score``, the net-benefit formula counted by hand)."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

from sklearn.linear_model import LogisticRegression  # scikit-learn: the dev extra
from sklearn.metrics import roc_auc_score

from cmvt_core import decision_curve, hoslem_test, roc
from cmvt_core.calibration import external_calibration
from cmvt_core.datasets import load_cmvt_cohort
from cmvt_core.plots import CalibrationDisplay, DecisionCurveDisplay, RocDisplay

COLS = ["age_group", "post_nlr", "bmi", "pre_nlr"]


@pytest.fixture(scope="module")
def model():
    d = load_cmvt_cohort().astype(float).dropna(subset=[*COLS, "cmvt"])
    train, test = d.iloc[:200], d.iloc[200:]
    clf = LogisticRegression(max_iter=1000).fit(train[COLS].to_numpy(), train["cmvt"].to_numpy())
    proba = clf.predict_proba(test[COLS].to_numpy())[:, 1]
    y = test["cmvt"].to_numpy().astype(int)
    return proba, y


def _forms(proba, y):
    """The same predictions and outcome as a strided view, a Series with a shuffled index, and lists."""
    shuffled = np.random.default_rng(1).permutation(len(y)) + 1000
    yield "predict_proba view", proba, y
    yield "Series, shuffled index", pd.Series(proba, index=shuffled), pd.Series(y, index=shuffled[::-1])
    yield "lists", proba.tolist(), y.tolist()


def test_predict_proba_is_a_strided_view(model):
    proba, _ = model
    assert not proba.flags["C_CONTIGUOUS"] and proba.dtype == np.float64


def test_roc_hoslem_external_calibration_take_any_vector(model):
    proba, y = model
    p, yy = np.array(proba), np.array(y)  # the plain numpy copy
    r0, h0, e0 = roc(yy, p), hoslem_test(yy, p), external_calibration(y=yy, predicted=p)
    assert r0.auc == pytest.approx(roc_auc_score(yy, p), rel=1e-12)  # independent: scikit-learn's AUC
    for form, pp, yv in _forms(proba, y):
        r = roc(yv, pp)
        assert (r.auc, r.direction, r.ci_auc()) == (r0.auc, r0.direction, r0.ci_auc()), form
        np.testing.assert_array_equal(r.thresholds, r0.thresholds)
        h = hoslem_test(yv, pp)
        assert (h.statistic, h.df, h.p_value) == (h0.statistic, h0.df, h0.p_value), form
        np.testing.assert_array_equal(h.observed, h0.observed)
        e = external_calibration(y=yv, predicted=pp)
        pd.testing.assert_frame_equal(e.table, e0.table)
        assert (e.mean_abs_error, e.quantile90_abs_error, e.n) == (e0.mean_abs_error, e0.quantile90_abs_error, e0.n)


def test_decision_curve_fitted_risk_and_its_display(model):
    proba, y = model
    t = [0.1, 0.2, 0.3, 0.5]
    ref = decision_curve(pd.DataFrame({"y": np.array(y), "p": np.array(proba)}), "y", "p", fitted_risk=True,
                         thresholds=t, bootstraps=30, seed=11)
    m = ref.curve("model")
    n = len(y)
    for i, pt in enumerate(t):  # independent: rmda's net benefit, high risk = risk > threshold
        tp = int(((proba > pt) & (y == 1)).sum())
        fp = int(((proba > pt) & (y == 0)).sum())
        assert m["NB"][i] == pytest.approx(tp / n - fp / n * pt / (1 - pt), rel=1e-12)
    for form, pp, yv in _forms(proba, y):
        disp = DecisionCurveDisplay.from_predictions(yv, {"p": pp}, Figure().add_subplot(), thresholds=t,
                                                     bootstraps=30, seed=11)
        pd.testing.assert_frame_equal(disp.results[0].derived_data, ref.derived_data, obj=form)
        np.testing.assert_array_equal(disp.line_.get_ydata(), m["sNB"].to_numpy())


def test_roc_and_calibration_displays_take_any_vector(model):
    proba, y = model
    p, yy = np.array(proba), np.array(y)
    r0 = roc(yy, p)
    e0 = external_calibration(y=yy, predicted=p)
    for form, pp, yv in _forms(proba, y):
        rd = RocDisplay.from_predictions(yv, pp, Figure().add_subplot(), name="LogisticRegression")
        assert rd.rocs[0].auc == r0.auc, form
        np.testing.assert_array_equal(rd.line_.get_ydata(), r0.sensitivities)
        assert rd.line_.get_label().startswith(f"LogisticRegression: AUC {r0.auc:.3f} ")
        cd = CalibrationDisplay.from_predictions(yv, pp, Figure().add_subplot())
        np.testing.assert_array_equal(cd.line_.get_ydata(), e0.table["calibrated"].to_numpy())
        assert cd.line_.get_label() == f"Observed (MAE {e0.mean_abs_error:.3f})"

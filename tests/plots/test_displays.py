"""The display classes of cmvt_core.plots, scikit-learn's pattern: each draws into the axes it is given (the same
object kept as ``.ax_``, its figure as ``.figure_``), or into a new pyplot figure when ``ax`` is None; the artists
are kept and show the result's numbers; several curves share one axes."""
from __future__ import annotations

import doctest
import math

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

from cmvt_core import calibrate, cv_glmnet, decision_curve, glmnet, lrm, nomogram, roc
from cmvt_core.calibration import external_calibration
from cmvt_core.errors import InputError
from cmvt_core.plots import (CalibrationDisplay, ClinicalImpactDisplay, DecisionCurveDisplay, LassoCVDisplay,
                             LassoPathDisplay, NomogramDisplay, RocDisplay)

DISPLAYS = [RocDisplay, CalibrationDisplay, DecisionCurveDisplay, ClinicalImpactDisplay, NomogramDisplay,
            LassoPathDisplay, LassoCVDisplay]


@pytest.fixture(scope="module")
def data():
    g = np.random.default_rng(17)
    n = 240
    X = pd.DataFrame({"a": g.normal(size=n), "b": g.normal(size=n), "c": g.integers(0, 2, n).astype(float)})
    lp = -0.4 + 1.1 * X["a"] - 0.7 * X["b"] + 0.5 * X["c"]
    y = pd.Series((g.random(n) < 1 / (1 + np.exp(-lp))).astype(int), name="y")
    return X, y


@pytest.fixture(scope="module")
def fit(data):
    X, y = data
    return lrm(X, y)


def _legend(ax) -> list[str]:
    return [t.get_text() for t in ax.get_legend().get_texts()]


# ------------------------------------------------------------------------------ one builder per display
def _build(kind, data, fit, ax):
    X, y = data
    if kind is RocDisplay:
        return RocDisplay.from_predictions(y, {"a": X["a"], "-b": -X["b"]}, ax)
    if kind is CalibrationDisplay:
        return CalibrationDisplay.from_calibrate(calibrate(fit, B=10, seed=1), ax)
    if kind is DecisionCurveDisplay:
        p = fit.predict(X, type="fitted")
        return DecisionCurveDisplay.from_predictions(y, {"lrm": p, "half": 0.5 * p}, ax, confidence_intervals=None)
    if kind is ClinicalImpactDisplay:
        dc = decision_curve(pd.DataFrame({"y": y, "p": fit.predict(X, type="fitted")}), "y", ["p"], fitted_risk=True,
                            bootstraps=20, seed=1)
        return ClinicalImpactDisplay.from_decision_curve(dc, ax)
    if kind is NomogramDisplay:
        return NomogramDisplay.from_nomogram(nomogram(fit), ax)
    cv = cv_glmnet(X, y, nfolds=5, seed=2)
    return LassoPathDisplay.from_glmnet(cv, ax) if kind is LassoPathDisplay else LassoCVDisplay.from_cv_glmnet(cv, ax)


@pytest.mark.parametrize("kind", DISPLAYS, ids=lambda k: k.__name__)
def test_draws_into_the_given_axes(kind, data, fit):
    fig, axs = plt.subplots(1, 2)
    before = len(plt.get_fignums())
    disp = _build(kind, data, fit, axs[1])
    assert disp.ax_ is axs[1] and disp.figure_ is fig
    assert len(plt.get_fignums()) == before  # no figure of its own
    assert axs[1].has_data() or axs[1].texts  # the drawing is in the axes given ...
    assert not axs[0].has_data() and not axs[0].texts  # ... and not in its neighbour


@pytest.mark.parametrize("kind", DISPLAYS, ids=lambda k: k.__name__)
def test_without_ax_a_pyplot_figure(kind, data, fit):
    before = set(plt.get_fignums())
    disp = _build(kind, data, fit, None)
    assert isinstance(disp.figure_, Figure)
    assert set(plt.get_fignums()) - before == {disp.figure_.number}  # registered with pyplot: .show() works
    assert disp.figure_.axes[0] is disp.ax_
    plt.close(disp.figure_)
    assert not plt.fignum_exists(disp.figure_.number)


def test_a_grid_of_two_displays_in_one_pyplot_figure(data, fit):
    X, y = data
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4))
    r = RocDisplay.from_predictions(y, fit.predict(X, type="fitted"), left, name="lrm")
    c = CalibrationDisplay.from_predictions(y, fit.predict(X, type="fitted"), right, label="Apparent lowess")
    assert r.figure_ is c.figure_ is fig and fig.axes[:2] == [left, right]
    assert r.line_ in left.lines and c.line_ in right.lines
    assert left.get_xlabel() == "1 \u2212 Specificity" and right.get_xlabel() == "Predicted probability"


@pytest.mark.parametrize("kind", DISPLAYS, ids=lambda k: k.__name__)
def test_ax_must_be_axes(kind, data, fit):
    with pytest.raises(InputError, match="ax must be a matplotlib Axes"):
        _build(kind, data, fit, Figure())


# ------------------------------------------------------------------------------ what each draws
def test_roc_curves_legends_and_youden_points(data):
    X, y = data
    ra, rb = roc(y, X["a"]), roc(y, X["b"])
    disp = RocDisplay.from_roc({"A": ra, "B": rb}, Figure().add_subplot())
    assert list(disp.lines_) == ["A", "B"] and disp.line_ is disp.lines_["A"]
    for lab, r in (("A", ra), ("B", rb)):
        lo, _, hi = r.ci_auc()
        assert disp.lines_[lab].get_label() == f"{lab}: AUC {r.auc:.3f} (95% CI {lo:.3f}\u2013{hi:.3f})"
        np.testing.assert_array_equal(disp.lines_[lab].get_xdata(), 1 - r.specificities)
        np.testing.assert_array_equal(disp.lines_[lab].get_ydata(), r.sensitivities)
        best = r.coords("best").iloc[0]
        assert disp.youden_points_[lab].get_xdata()[0] == pytest.approx(1 - best["specificity"])
    assert _legend(disp.ax_) == [disp.lines_["A"].get_label(), disp.lines_["B"].get_label()]
    assert list(disp.chance_level_.get_xdata()) == [0, 1]
    # from_predictions builds the same curves (and the same for a list with labels)
    same = RocDisplay.from_predictions(y, {"A": X["a"], "B": X["b"]}, Figure().add_subplot())
    assert _legend(same.ax_) == _legend(disp.ax_)
    assert _legend(RocDisplay.from_roc([ra, rb], Figure().add_subplot(), labels=["A", "B"]).ax_) == _legend(disp.ax_)
    # no Youden marks, line properties passed on, a title
    plain = RocDisplay(ra).plot(Figure().add_subplot(), mark_youden=False, color="black", title="T")
    assert plain.youden_points_ == {} and plain.line_.get_color() == "black" and plain.ax_.get_title() == "T"
    assert plain.line_.get_label().startswith("ROC: AUC ")
    with pytest.raises(InputError, match="names are its keys"):
        RocDisplay.from_predictions(y, {"A": X["a"]}, name="x")
    with pytest.raises(InputError, match="label"):
        RocDisplay([ra, rb], ["one"])


def test_roc_smoothed_curves_over_their_empirical_ones(data):
    from cmvt_core import smooth

    X, y = data
    ra, rb = roc(y, X["a"]), roc(y, X["b"])
    sa, sb = smooth(ra), smooth(rb, method="density", n=100)
    disp = RocDisplay.from_smooth({"A": sa, "B": sb}, Figure().add_subplot())
    assert list(disp.lines_) == ["A", "B"] and disp.line_ is disp.lines_["A"]
    for lab, s in (("A", sa), ("B", sb)):
        np.testing.assert_array_equal(disp.lines_[lab].get_xdata(), 1 - s.specificities)
        np.testing.assert_array_equal(disp.lines_[lab].get_ydata(), s.sensitivities)
        np.testing.assert_array_equal(disp.empirical_lines_[lab].get_xdata(), 1 - s.roc.specificities)
        assert disp.lines_[lab].get_label() == f"{lab}: smoothed AUC {s.auc:.3f} ({s.method})"
    assert len(disp.lines_["B"].get_xdata()) == 102
    assert _legend(disp.ax_) == [disp.lines_["A"].get_label(), disp.lines_["B"].get_label()]
    bare = RocDisplay.from_smooth(sa, Figure().add_subplot(), empirical=False, color="black")
    assert bare.empirical_lines_ == {} and bare.line_.get_color() == "black"
    with pytest.raises(InputError, match="smooth"):
        RocDisplay.from_smooth(ra)


def test_calibration_bootstrap_and_external(data, fit):
    X, y = data
    cal = calibrate(fit, B=10, seed=3)
    disp = CalibrationDisplay.from_calibrate(cal, Figure().add_subplot(), title="Training")
    assert _legend(disp.ax_) == ["Ideal", "Apparent", f"Bias-corrected (MAE {cal.mean_abs_error:.3f})"]
    np.testing.assert_array_equal(disp.line_.get_ydata(), cal.table["calibrated_corrected"].to_numpy())
    np.testing.assert_array_equal(disp.apparent_line_.get_ydata(), cal.table["calibrated_orig"].to_numpy())
    assert len(disp.spikes_.get_segments()) > 10 and disp.ax_.get_title() == "Training"
    assert disp.subtitle_.get_text().startswith("B=10 repetitions, boot") and f"n={cal.n}" in disp.subtitle_.get_text()
    p = fit.predict(X, type="fitted")
    ext = CalibrationDisplay.from_predictions(y, p, Figure().add_subplot(), label="Validation")
    ref = external_calibration(y=y, predicted=p)
    assert ext.apparent_line_ is None
    assert _legend(ext.ax_) == ["Ideal", f"Validation (MAE {ref.mean_abs_error:.3f})"]
    np.testing.assert_array_equal(ext.line_.get_ydata(), ref.table["calibrated"].to_numpy())
    assert ext.result.mean_abs_error == ref.mean_abs_error
    with pytest.raises(InputError, match="needs a calibrate"):
        CalibrationDisplay(object())


def test_decision_curves_several_models_on_one_axes(data, fit):
    X, y = data
    p = fit.predict(X, type="fitted")
    df = pd.DataFrame({"y": y, "p": p, "q": np.clip(p + 0.1, 0, 1)})
    dp = decision_curve(df, "y", "p", fitted_risk=True, bootstraps=20, seed=5)
    dq = decision_curve(df, "y", "q", fitted_risk=True, bootstraps=20, seed=5)
    disp = DecisionCurveDisplay.from_decision_curve({"P": dp, "Q": dq}, Figure().add_subplot())
    assert list(disp.lines_) == ["P", "Q"] and disp.lines_["P"].get_color() != disp.lines_["Q"].get_color()
    assert _legend(disp.ax_) == ["P", "P: 95% CI", "Q", "Q: 95% CI", "Treat all", "Treat none"]
    for lab, res in (("P", dp), ("Q", dq)):
        np.testing.assert_array_equal(disp.lines_[lab].get_ydata(), res.curve("model")["sNB"].to_numpy())
    np.testing.assert_array_equal(disp.all_line_.get_ydata(), dp.curve("All")["sNB"].to_numpy())
    np.testing.assert_array_equal(disp.none_line_.get_ydata(), dp.curve("None")["sNB"].to_numpy())
    assert set(disp.bands_) == {"P", "Q", "Treat all"}
    # from_predictions builds the same results (same seed, the same rows): identical curves and bands
    same = DecisionCurveDisplay.from_predictions(y, {"P": p, "Q": df["q"]}, Figure().add_subplot(),
                                                 bootstraps=20, seed=5)
    for a, b in zip(same.results, (dp, dq)):
        pd.testing.assert_frame_equal(a.curve("model").drop(columns="model"), b.curve("model").drop(columns="model"))
    # one result: the model's label and a single "95% CI"; net benefit on request; no bands on request
    one = DecisionCurveDisplay(dp).plot(Figure().add_subplot(), standardized=False)
    assert _legend(one.ax_) == ["y ~ p", "95% CI", "Treat all", "Treat none"]
    assert one.ax_.get_ylabel() == "Net benefit"
    bare = DecisionCurveDisplay(dp, ["model"]).plot(Figure().add_subplot(), confidence_intervals=False)
    assert bare.bands_ == {} and _legend(bare.ax_) == ["model", "Treat all", "Treat none"]
    with pytest.raises(InputError, match="needs a decision_curve"):
        DecisionCurveDisplay([dp, "x"])
    with pytest.raises(InputError, match="2 values but y has"):
        DecisionCurveDisplay.from_predictions(y, [0.1, 0.2])


def test_decision_curve_from_predictions_series_by_position(data, fit):
    """A Series' index is not used: y and the risks pair by position, as roc() pairs them."""
    X, y = data
    p = pd.Series(fit.predict(X, type="fitted"), index=np.arange(len(y))[::-1])
    a = DecisionCurveDisplay.from_predictions(y, p, confidence_intervals=None, name="m").results[0]
    b = decision_curve(pd.DataFrame({"y": y.to_numpy(), "m": p.to_numpy()}), "y", "m", fitted_risk=True,
                       confidence_intervals=None)
    pd.testing.assert_frame_equal(a.derived_data, b.derived_data)


def test_nomogram_axes_rows(fit):
    nom = nomogram(fit)
    disp = NomogramDisplay.from_nomogram(nom, Figure().add_subplot(), funlabel="Risk of y", show_lp=True)
    assert list(disp.axis_labels_) == ["Points", "a", "b", "c", "Total Points", "Linear Predictor", "Risk of y"]
    ys = [t.get_position()[1] for t in disp.axis_labels_.values()]
    assert ys == sorted(ys, reverse=True)  # top to bottom, one row each
    texts = {t.get_text() for t in disp.ax_.texts}
    assert {f"{v:.7g}" for v in nom.total_points} <= texts
    default = NomogramDisplay.from_nomogram(nom)
    assert tuple(default.figure_.get_size_inches()) == pytest.approx((8.0, 0.55 * 6 + 0.6))


def test_lasso_path_and_cv_curve(data):
    X, y = data
    cv = cv_glmnet(X, y, nfolds=5, seed=4)
    path = LassoPathDisplay.from_glmnet(cv, Figure().add_subplot(), label=True)
    beta = np.asarray(cv.glmnet_fit.beta)
    assert sorted(path.lines_) == sorted(n for n, b in zip(cv.glmnet_fit.names, beta) if np.any(b != 0))
    np.testing.assert_array_equal(path.lines_["a"].get_xdata(), np.log(cv.glmnet_fit.lambda_))
    assert path.lambda_lines_["lambda.min"].get_xdata()[0] == pytest.approx(math.log(cv.lambda_min))
    assert path.lambda_lines_["lambda.1se"].get_xdata()[0] == pytest.approx(math.log(cv.lambda_1se))
    assert path.top_ax_ is not path.ax_ and path.top_ax_.get_xlim() == path.ax_.get_xlim()
    assert LassoPathDisplay.from_glmnet(glmnet(X, y), Figure().add_subplot()).lambda_lines_ == {}
    curve = LassoCVDisplay.from_cv_glmnet(cv, Figure().add_subplot())
    np.testing.assert_array_equal(curve.line_.get_ydata(), cv.cvm)
    assert curve.ax_.get_ylabel() == cv.name
    assert curve.lambda_lines_["lambda.min"].get_label() == f"lambda.min = {cv.lambda_min:.4g}"
    assert [t.get_text() for t in curve.top_ax_.get_xticklabels()][0] == str(int(cv.nzero[0]))


# ------------------------------------------------------------------------------ the docstrings' examples
@pytest.mark.parametrize("kind", DISPLAYS, ids=lambda k: k.__name__)
def test_examples_of_the_class_and_its_methods_run(kind):
    """tests/api/test_docstrings.py runs the examples of public functions; these are a class's and its methods'."""
    finder = doctest.DocTestFinder()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    tests = [t for t in finder.find(kind) if t.examples]
    names = {t.name.rsplit(".", 1)[-1] for t in tests}
    assert {kind.__name__, "plot"} <= names and any(n.startswith("from_") for n in names)
    out: list[str] = []
    for t in tests:
        runner.run(t, out=out.append)
    assert runner.summarize(verbose=False).failed == 0, "".join(out)

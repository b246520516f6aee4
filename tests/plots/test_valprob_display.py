"""CalibrationDisplay for val_prob: the elements of rms's ``val.prob(p, y)`` figure (the statistics' text live
against R's ``format(round(stats, 3))``; the lines from the result's own numbers and stated formulas)."""
from __future__ import annotations

import numpy as np
import pytest
from matplotlib.figure import Figure

from cmvt_core import InputError, val_prob
from cmvt_core.calibration import external_calibration
from cmvt_core.plots import CalibrationDisplay


def _data(n=400, seed=5):
    g = np.random.default_rng(seed)
    p = 1 / (1 + np.exp(-g.normal(-0.6, 1.1, n)))
    y = (g.random(n) < 1 / (1 + np.exp(-(0.3 + 1.4 * np.log(p / (1 - p)))))).astype(float)
    return p, y


def test_val_prob_figure_elements():
    p, y = _data()
    vp = val_prob(p, y)
    disp = CalibrationDisplay.from_val_prob(vp, Figure().add_subplot())
    ax = disp.ax_
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["Ideal", "Logistic calibration", "Nonparametric"]
    np.testing.assert_array_equal(disp.line_.get_xdata(), vp.curve["predy"].to_numpy())
    np.testing.assert_array_equal(disp.line_.get_ydata(), vp.curve["calibrated"].to_numpy())
    assert disp.line_.get_linestyle() == ":"  # rms: lines(Sm, lty = 3)
    # rms: logit <- seq(-7, 7, length = 200); plogis(Intercept + Slope * logit) against plogis(logit)
    lg = np.linspace(-7, 7, 200)
    np.testing.assert_allclose(disp.logistic_line_.get_xdata(), 1 / (1 + np.exp(-lg)), rtol=1e-15)
    a, b = vp.stats["Intercept"], vp.stats["Slope"]
    np.testing.assert_allclose(disp.logistic_line_.get_ydata(), 1 / (1 + np.exp(-(a + b * lg))), rtol=1e-14)
    assert list(disp.ideal_line_.get_xdata()) == [0, 1] and list(disp.ideal_line_.get_ydata()) == [0, 1]
    names = disp.stats_text_[0].get_text().split("\n")
    assert names == ["Dxy", "C (ROC)", "R2", "D", "U", "Q", "Brier", "Intercept", "Slope", "Emax", "E90", "Eavg",
                     "S:z", "S:p"]
    # riskdist: one spike per non-empty bin of cut(p, seq(0, 1, length = 101)), the fullest 0.15 high
    segs = disp.spikes_.get_segments()
    assert len(segs) == len(np.unique(np.ceil(p * 100)))
    assert max(s[1][1] for s in segs) == pytest.approx(0.15)
    assert ax.get_xlabel() == "Predicted Probability" and ax.get_ylabel() == "Actual Probability"
    assert disp.apparent_line_ is None and disp.subtitle_ is None


@pytest.mark.r
def test_val_prob_figure_statistics_text_is_rs(r_bridge):
    r_bridge.library("rms")
    r_bridge.source("valprob.R")
    for seed in (5, 6, 7):
        p, y = _data(seed=seed)
        disp = CalibrationDisplay.from_val_prob(val_prob(p, y), Figure().add_subplot())
        r = [str(s).strip() for s in r_bridge.call_py("helper:valprob_plot_text", p, y)]
        assert disp.stats_text_[1].get_text().split("\n") == r


def test_from_predictions_modes():
    p, y = _data()
    default = CalibrationDisplay.from_predictions(y, p, Figure().add_subplot())
    ref = external_calibration(y=y, predicted=p)
    np.testing.assert_array_equal(default.line_.get_ydata(), ref.table["calibrated"].to_numpy())
    assert default.logistic_line_ is None and default.stats_text_ is None
    vpd = CalibrationDisplay.from_predictions(y, p, Figure().add_subplot(), method="val_prob", label="Validation")
    assert vpd.result.stats == pytest.approx(val_prob(p, y).stats, nan_ok=True, abs=0)
    assert vpd.line_.get_label() == "Validation"
    with pytest.raises(InputError, match="method must be one of"):
        CalibrationDisplay.from_predictions(y, p, method="hosmer")
    with pytest.raises(InputError, match="predy applies"):
        CalibrationDisplay.from_predictions(y, p, predy=[0.1, 0.2], method="val_prob")
    with pytest.raises(InputError, match="needs a val_prob"):
        CalibrationDisplay.from_val_prob(ref)

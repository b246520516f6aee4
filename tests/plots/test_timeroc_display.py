"""TimeRocDisplay and DecisionCurveDisplay.from_survival (issue 20): they draw into the axes they are given or a
new pyplot figure, and the artists hold the result's numbers (TP/FP per time, AUC(t) and its interval, the
survival net benefit)."""
from __future__ import annotations

import json

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from _paths import GOLDENS
from cmvt_core import decision_curve_survival, time_roc
from cmvt_core.errors import InputError
from cmvt_core.plots import DecisionCurveDisplay, TimeRocDisplay


@pytest.fixture(scope="module")
def pbc():
    df = pd.read_csv(GOLDENS / "timeroc" / "pbc312_input.csv")
    return df


@pytest.fixture(scope="module")
def troc(pbc):
    return time_roc(pbc["time"], pbc["event"], pbc["mayo_score"], [1095, 1825, 2555])


def test_roc_curves_draw_into_the_given_axes(troc):
    fig, axs = plt.subplots(1, 2)
    disp = TimeRocDisplay.from_time_roc(troc, ax=axs[1])
    assert disp.ax_ is axs[1] and disp.figure_ is fig and not axs[0].has_data()
    assert list(disp.lines_) == [1095.0, 1825.0, 2555.0]
    for j, line in enumerate(disp.lines_.values()):
        np.testing.assert_array_equal(line.get_xdata(), troc.fp.iloc[:, j].to_numpy())
        np.testing.assert_array_equal(line.get_ydata(), troc.tp.iloc[:, j].to_numpy())
    assert disp.line_.get_label() == f"t=1095: AUC {troc.auc[0]:.3f}"


def test_auc_curve_with_interval_on_a_new_figure(troc):
    before = set(plt.get_fignums())
    disp = TimeRocDisplay.from_time_roc(troc, kind="auc", title="AUC(t)")
    assert set(plt.get_fignums()) - before == {disp.figure_.number}
    np.testing.assert_array_equal(disp.line_.get_ydata(), troc.auc)
    seg = disp.errorbars_.lines[2][0].get_segments()
    np.testing.assert_allclose([s[0][1] for s in seg], troc.ci_lower, rtol=1e-15)
    np.testing.assert_allclose([s[1][1] for s in seg], troc.ci_upper, rtol=1e-15)


def test_single_time_and_chosen_times(pbc):
    r = time_roc(pbc["time"], pbc["event"], pbc["log_bili"], [1825])  # timeROC's c(0, t): no curve at 0
    disp = TimeRocDisplay.from_time_roc(r)
    assert list(disp.lines_) == [1825.0]
    with pytest.raises(InputError, match="not one of the result's times"):
        TimeRocDisplay.from_time_roc(r, times=[100])
    with pytest.raises(InputError, match="time_roc"):
        TimeRocDisplay("not a result")
    with pytest.raises(InputError, match="kind"):
        TimeRocDisplay.from_time_roc(r, kind="pr")


def test_survival_decision_curve_display(pbc):
    risk = {"mayo": 1 / (1 + np.exp(-(pbc["mayo_score"].to_numpy() - 5)))}
    dc = decision_curve_survival(pbc["time"], pbc["event"], risk, time_horizon=1825, bootstraps=10, seed=1,
                                 thresholds=np.arange(0, 19) * 0.05)
    fig, ax = plt.subplots()
    disp = DecisionCurveDisplay.from_survival(dc, ax=ax)
    assert disp.ax_ is ax and list(disp.lines_) == ["mayo"] and "mayo" in disp.bands_
    m = dc.dca[dc.dca.variable == "mayo"]
    np.testing.assert_array_equal(disp.line_.get_ydata(), m["net_benefit"].to_numpy())
    np.testing.assert_array_equal(disp.all_line_.get_ydata(), dc.dca[dc.dca.variable == "all"]["net_benefit"])
    assert disp.ax_.get_ylabel() == "Net benefit"
    with pytest.raises(InputError, match="decision_curve_survival"):
        DecisionCurveDisplay.from_survival(json)

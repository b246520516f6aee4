"""CalibrationDisplay.from_cph_calibrate: rms's plot of a calibrate.cph (cmethod = "KM") result draws."""
from __future__ import annotations

import warnings

import matplotlib.pyplot as plt
import numpy as np
import pytest

from cmvt_core import RWarning, calibrate, cph
from cmvt_core.errors import InputError
from cmvt_core.plots import CalibrationDisplay

from _survival_cases import DATA


@pytest.fixture(scope="module")
def cal():
    x, t, e = DATA["lung"]()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RWarning)
        fit = cph(x, t, e, time_inc=365)
    return calibrate(fit, u=365, m=50, B=8, seed=2)


def test_draws_observed_corrected_and_bars(cal):
    fig, axs = plt.subplots(1, 2)
    disp = CalibrationDisplay.from_cph_calibrate(cal, ax=axs[1])
    assert disp.ax_ is axs[1] and disp.figure_ is fig
    t = cal.table
    np.testing.assert_array_equal(disp.line_.get_xdata(), t["mean_predicted"].to_numpy())
    np.testing.assert_array_equal(disp.line_.get_ydata(), t["KM"].to_numpy())
    np.testing.assert_array_equal(disp.corrected_points_.get_ydata(), t["KM_corrected"].to_numpy())
    assert disp.corrected_points_.get_marker() == "x" and disp.corrected_points_.get_color() == "blue"
    segs = disp.errorbars_.get_segments()
    assert len(segs) == len(t)
    k, se = t["KM"].to_numpy(), t["std_err"].to_numpy()
    lo = np.array([s[0][1] for s in segs])
    np.testing.assert_allclose(lo, k * np.exp(-1.959964 * se))
    assert disp.ax_.get_xlabel() == "Predicted  365 Day Survival"
    assert disp.ax_.get_ylabel() == "Fraction Surviving 365 Day"
    assert "B=8" in disp.subtitle_.get_text()
    plt.close(fig)


def test_plain_constructor_and_wrong_result(cal):
    disp = CalibrationDisplay(cal).plot(title="cph")
    assert disp.ax_.get_title() == "cph"
    plt.close(disp.figure_)
    with pytest.raises(InputError, match="from_cph_calibrate"):
        CalibrationDisplay.from_cph_calibrate(object())


def test_from_groupkm_draws_the_table(cal):
    """CalibrationDisplay.from_groupkm: groupkm's pl = TRUE figure (mean predicted vs KM with its bars), the
    legend's MAE the n-weighted mean |KM - x| of the table, groupkm's subtitle."""
    from cmvt_core import groupkm

    x, t, e = DATA["lung"]()
    pred = np.asarray(cal.predicted, dtype=float)
    tab = groupkm(pred, t, e, u=365, m=50)
    fig, ax = plt.subplots()
    disp = CalibrationDisplay.from_groupkm(tab, ax, u=365, predicted=pred, label="Validation")
    assert disp.ax_ is ax
    np.testing.assert_array_equal(disp.line_.get_xdata(), tab["x"].to_numpy())
    np.testing.assert_array_equal(disp.line_.get_ydata(), tab["KM"].to_numpy())
    ok = tab["n"] > 0
    mae = float((tab["n"][ok] * (tab["KM"][ok] - tab["x"][ok]).abs()).sum() / tab["n"][ok].sum())
    assert disp.line_.get_label() == f"Validation (MAE {mae:.3f})"
    assert len(disp.errorbars_.get_segments()) == int(tab["KM"].notna().sum())
    assert disp.subtitle_.get_text().startswith(f"n={int(tab['n'].sum())} d={int(tab['events'].sum())}, avg.")
    assert disp.ax_.get_ylabel() == "Kaplan-Meier 365-Day Survival"
    plt.close(fig)
    with pytest.raises(InputError, match="from_groupkm needs groupkm"):
        CalibrationDisplay.from_groupkm(cal.table, u=365)

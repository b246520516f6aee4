"""KaplanMeierDisplay (issue 19), as tests/plots/test_displays.py tests the other displays: it draws into the axes
it is given or a new pyplot figure; the artists show survfit's numbers (the steps, the band, the censoring marks);
the numbers at risk under the axis equal R's ``summary(fit, times, extend = TRUE)$n.risk`` (live), per group."""
from __future__ import annotations

import doctest

import matplotlib.pyplot as plt
import numpy as np
import pytest
from _km_cases import case
from matplotlib.figure import Figure

from cmvt_core import survfit
from cmvt_core.errors import InputError
from cmvt_core.plots import KaplanMeierDisplay


@pytest.fixture(scope="module")
def lung():
    return case("lung")


def test_draws_into_the_given_axes(lung):
    t, e, _ = lung
    fig, axs = plt.subplots(1, 2)
    before = len(plt.get_fignums())
    disp = KaplanMeierDisplay.from_data(t, e, axs[1])
    assert disp.ax_ is axs[1] and disp.figure_ is fig and len(plt.get_fignums()) == before
    assert axs[1].has_data() and not axs[0].has_data() and not axs[0].texts


def test_without_ax_a_pyplot_figure(lung):
    t, e, _ = lung
    before = set(plt.get_fignums())
    disp = KaplanMeierDisplay.from_data(t, e)
    assert set(plt.get_fignums()) - before == {disp.figure_.number} and disp.figure_.axes[0] is disp.ax_
    plt.close(disp.figure_)


def test_ax_must_be_axes(lung):
    t, e, _ = lung
    with pytest.raises(InputError, match="ax must be a matplotlib Axes"):
        KaplanMeierDisplay.from_data(t, e, Figure())


def test_artists_show_the_survfit_numbers(lung):
    t, e, _ = lung
    km = survfit(t, e)
    disp = KaplanMeierDisplay.from_survfit(km, Figure().add_subplot())
    x, y = disp.line_.get_data()
    np.testing.assert_array_equal(x, np.r_[0.0, km["time"]])  # from (0, 1), survfit0's row
    np.testing.assert_array_equal(y, np.r_[1.0, km["surv"]])
    assert disp.line_.get_drawstyle() == "steps-post"
    cx, cy = disp.censor_marks_["All"].get_data()
    cens = km["n_censor"] > 0
    np.testing.assert_array_equal(cx, km["time"][cens]) and np.testing.assert_array_equal(cy, km["surv"][cens])
    band = disp.bands_["All"].get_paths()[0].vertices
    assert band[:, 1].min() == pytest.approx(np.nanmin(km["lower"])) and band[:, 1].max() == 1.0
    texts = [tx.get_text() for tx in disp.risk_texts_]
    assert texts[0] == "Number at risk" and texts[1] == "All"
    assert texts[2:] == [str(v) for v in disp.risk_table_.loc["All"]]
    assert disp.risk_table_.loc["All"].iloc[0] == len(t)  # the first tick is 0: everyone at risk


def test_options_switch_parts_off(lung):
    t, e, _ = lung
    disp = KaplanMeierDisplay.from_data(t, e, Figure().add_subplot(), conf_int=False, censor_marks=False,
                                        risk_table=False, title="lung")
    assert disp.bands_ == {} and disp.censor_marks_ == {} and disp.risk_table_ is None and disp.risk_texts_ == []
    assert disp.ax_.get_title() == "lung"


@pytest.mark.r
def test_numbers_at_risk_equal_r(r_bridge, lung):
    r_bridge.library("survival")
    r_bridge.source("km.R")
    t, e, x = lung
    group = np.where(x >= 63, "old", "young")
    times = [0.0, 100.0, 200.5, 365.0, 500.0, 1000.0, 1022.0, 2000.0]
    disp = KaplanMeierDisplay.from_data(t, e, Figure().add_subplot(), group=group, risk_times=times)
    assert disp.labels == ["old", "young"]
    for lab in disp.labels:
        keep = group == lab
        r = np.asarray(r_bridge.call_py("helper:km_risk", t[keep], e[keep], times)).ravel()
        np.testing.assert_array_equal(disp.risk_table_.loc[lab].to_numpy(), r)
        km = survfit(t[keep], e[keep])
        np.testing.assert_array_equal(disp.curves[disp.labels.index(lab)]["surv"], km["surv"])
    ticks = [float(v) for v in disp.ax_.get_xticks()]
    assert ticks == times and len(disp.ax_.get_legend().get_texts()) == 2


def test_bad_input():
    with pytest.raises(InputError, match="survfit"):
        KaplanMeierDisplay([1, 2, 3])
    km = survfit([1, 2, 3], [1, 0, 1])
    with pytest.raises(InputError, match="label"):
        KaplanMeierDisplay([km, km], labels=["a"])
    with pytest.raises(InputError, match="risk_times"):
        KaplanMeierDisplay(km).plot(Figure().add_subplot(), risk_times=[-1, 2])
    with pytest.raises(InputError, match="group"):
        KaplanMeierDisplay.from_data([1, 2, 3], [1, 0, 1], Figure().add_subplot(), group=["a", None, "b"])
    with pytest.raises(InputError, match="label="):
        KaplanMeierDisplay.from_data([1, 2, 3], [1, 0, 1], group=["a", "a", "b"], label="x")


def test_examples_of_the_class_and_its_methods_run():
    finder = doctest.DocTestFinder()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    tests = [t for t in finder.find(KaplanMeierDisplay) if t.examples]
    names = {t.name.rsplit(".", 1)[-1] for t in tests}
    assert {"KaplanMeierDisplay", "plot", "from_survfit", "from_data"} <= names
    out: list[str] = []
    for t in tests:
        runner.run(t, out=out.append)
    assert runner.summarize(verbose=False).failed == 0, "".join(out)

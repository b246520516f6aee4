"""RocDisplay: partial-AUC shading (pROC's ``plot(auc.polygon = TRUE)``), percent curves and several curves
added to one axes (pROC's ``plot(r2, add = TRUE)``) (issue 21)."""
from __future__ import annotations

import warnings

import numpy as np
import pytest
from matplotlib.figure import Figure

from cmvt_core import RWarning, auc, roc
from cmvt_core.plots import RocDisplay


def _data(seed=3, n=120):
    g = np.random.default_rng(seed)
    y = (g.random(n) < 0.4).astype(int)
    return y, g.normal(size=n) + 0.9 * y


def _area(poly) -> float:
    """The shoelace area of a filled polygon (matplotlib's fill_between path)."""
    v = poly.get_paths()[0].vertices
    x, y = v[:, 0], v[:, 1]
    return abs(float(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1)))) / 2


@pytest.mark.parametrize("pa,focus", [((1, 0.8), "specificity"), ((0.9, 0.6), "specificity"),
                                      ((1, 0.9), "sensitivity"), ((0.8, 0.5), "sensitivity"), (None, "specificity")])
def test_auc_polygon_area_is_the_partial_auc(pa, focus):
    y, p = _data()
    r = roc(y, p, partial_auc=pa, partial_auc_focus=focus)
    disp = RocDisplay(r).plot(Figure().add_subplot(), auc_polygon=True, mark_youden=False)
    poly = disp.auc_polygons_["ROC"]
    assert _area(poly) == pytest.approx(r.auc, rel=1e-9)
    # the shaded part lies inside the partial-AUC interval
    v = poly.get_paths()[0].vertices
    if pa is not None:
        lo, hi = min(pa), max(pa)
        inside = (1 - v[:, 0]) if focus == "specificity" else v[:, 1]
        assert inside.min() >= lo - 1e-12 and inside.max() <= hi + 1e-12
    label = disp.line_.get_label()
    assert label.startswith("ROC: AUC" if pa is None else "ROC: pAUC")
    if pa is not None:
        assert "CI NA" in label  # DeLong does not cover a partial AUC (pROC refuses it)


def test_percent_curve_is_drawn_on_unit_axes():
    y, p = _data()
    rp, r = roc(y, p, percent=True), roc(y, p)
    d = RocDisplay(rp).plot(Figure().add_subplot(), auc_polygon=True)
    np.testing.assert_array_equal(d.line_.get_xdata(), 1.0 - rp.specificities / 100)
    np.testing.assert_allclose(d.line_.get_ydata(), r.sensitivities, rtol=1e-15)
    assert f"AUC {rp.auc:.1f}%" in d.line_.get_label()
    assert _area(d.auc_polygons_["ROC"]) == pytest.approx(auc(r), rel=1e-9)


def test_curves_added_to_the_same_axes():
    y, p = _data()
    ax = Figure().add_subplot()
    d1 = RocDisplay.from_roc(roc(y, p), ax=ax, labels=["first"], mark_youden=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RWarning)
        r2 = roc(y, -p + np.random.default_rng(1).normal(size=p.shape[0]), partial_auc=(1, 0.8))
    d2 = RocDisplay.from_roc(r2, ax=d1.ax_, labels=["second"], auc_polygon=True)
    assert d2.ax_ is d1.ax_ and d2.chance_level_ is d1.chance_level_
    texts = [t.get_text() for t in ax.get_legend().get_texts()]
    assert [t.split(":")[0] for t in texts] == ["first", "second"]
    assert d1.line_.get_color() != d2.line_.get_color()
    assert len(ax.lines) == 4  # chance line, two curves, one Youden point
    d3 = RocDisplay.from_rocs([roc(y, p), r2], labels=["a", "b"], mark_youden=False)
    assert len(d3.ax_.get_legend().get_texts()) == 2

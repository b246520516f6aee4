"""Decision-curve figure: the model, treat all, treat none, with bootstrap CI bands.

``decision_curve_figure(result, standardized=True)`` plots sNB by default, as rmda's
``plot_decision_curve(standardize = TRUE)``; ``standardized=False`` plots net benefit.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from matplotlib.figure import Figure

from .._docs import fill_doc
from ..errors import InputError
from ._figure import finish, new_figure

if TYPE_CHECKING:
    from ..dca import DecisionCurveResult

__all__ = ["decision_curve_figure"]


@fill_doc
def decision_curve_figure(result: DecisionCurveResult, *, standardized: bool = True,
                          confidence_intervals: bool = True, xlim: tuple[float, float] | None = None,
                          ylim: tuple[float, float] | None = None, title: str | None = None) -> Figure:
    """Draw a decision curve: the model, treat all and treat none, with bootstrap CI bands.

    NaN points (e.g. at threshold 1) are gaps.

    Parameters
    ----------
    result : DecisionCurveResult
        A result of :func:`cmvt_core.decision_curve`.
    standardized : bool, default True
        Plot standardized net benefit (sNB, as rmda's ``standardize = TRUE``); False plots net benefit.
    confidence_intervals : bool, default True
        Draw the bootstrap CI bands when the result has them.
    xlim : tuple of float or None, default None
        The threshold range; None is (0, 1).
    ylim : tuple of float or None, default None
        The y range; None fits the model and treat-none curves.
    {{figure_title}}

    {{figure_returns}}

    Raises
    ------
    InputError
        For a result that is not a decision_curve() result.

    Notes
    -----
    R call: ``rmda::plot_decision_curve(dc, curve.names = model_label, standardize = standardized)``
    {{figure_drawn}}

    {{figure_example}}
    >>> from cmvt_core import decision_curve
    >>> from cmvt_core.plots.dca import decision_curve_figure
    >>> dc = decision_curve(d, "cmvt", ["age_group", "post_nlr"], bootstraps=10, seed=1)
    >>> fig = decision_curve_figure(dc)
    >>> type(fig).__name__, fig.axes[0].get_ylabel()
    ('Figure', 'Standardized net benefit')
    """
    measure = "sNB" if standardized else "NB"
    dd = getattr(result, "derived_data", None)
    if dd is None or measure not in dd.columns:
        raise InputError("decision_curve_figure needs a decision_curve() result")
    fig, ax = new_figure((6.4, 4.8))
    styles = {"model": ("C0", "-", result.model_label), "All": ("0.45", "--", "Treat all"),
              "None": ("0.0", ":", "Treat none")}
    ymin, ymax = np.inf, -np.inf
    for which in ("model", "All", "None"):
        c = result.curve(which)
        color, ls, label = styles[which]
        x = c["thresholds"].to_numpy(dtype=float)
        y = c[measure].to_numpy(dtype=float)
        o = np.argsort(x, kind="stable")
        ax.plot(x[o], y[o], color=color, linestyle=ls, linewidth=1.6, label=label)
        fin = np.isfinite(y)
        if fin.any() and which != "All":
            ymin, ymax = min(ymin, y[fin].min()), max(ymax, y[fin].max())
        lo_col, hi_col = f"{measure}_lower", f"{measure}_upper"
        if confidence_intervals and which != "None" and lo_col in c.columns and c[lo_col].notna().any():
            lo = c[lo_col].to_numpy(dtype=float)[o]
            hi = c[hi_col].to_numpy(dtype=float)[o]
            ok = np.isfinite(lo) & np.isfinite(hi)
            ax.fill_between(x[o], np.where(ok, lo, np.nan), np.where(ok, hi, np.nan), color=color, alpha=0.18,
                            linewidth=0,
                            label=f"{int(round(result.confidence_intervals * 100))}% CI" if which == "model" else None)
    ax.set_xlabel("High risk threshold")
    ax.set_ylabel("Standardized net benefit" if standardized else "Net benefit")
    ax.set_xlim(xlim if xlim is not None else (0, 1))
    if ylim is not None:
        ax.set_ylim(ylim)
    elif np.isfinite(ymin):
        pad = 0.05 * max(ymax - min(ymin, 0.0), 1e-12)
        ax.set_ylim(min(ymin, 0.0) - pad - (0.05 if standardized else 0.0), ymax + pad)
    ax.axhline(0, color="0.8", linewidth=0.6, zorder=0)
    ax.legend(loc="upper right", frameon=False, fontsize=8)
    return finish(fig, ax, title)

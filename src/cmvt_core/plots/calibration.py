"""Calibration figure as ``plot(calibrate(...))`` draws it: apparent (dotted), bias-corrected (solid) and
ideal (dashed) lines, the distribution of predictions as spikes along the x axis (rms's ``scat1d``
histogram), and the mean absolute error in the legend.  Also draws an external-cohort curve
(``external_calibration``), which has no bias correction: its curve is the observed (apparent) one."""
from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np
from matplotlib.figure import Figure

from .._docs import fill_doc
from ..errors import InputError
from ._figure import SQUARE, finish, new_figure

if TYPE_CHECKING:
    from ..calibration import CalibrateResult, ExternalCalibration

__all__ = ["calibration_figure"]


def _spikes(ax, predicted: np.ndarray, lo: float, hi: float, y0: float, height: float, nbins: int = 200,
            color: str = "#444444") -> None:
    """Histogram spikes of the predictions on the x axis (as scat1d's nhistSpike = 200)."""
    p = predicted[np.isfinite(predicted)]
    if p.size == 0:
        return
    counts, edges = np.histogram(p, bins=nbins, range=(lo, hi) if hi > lo else None)
    mids = (edges[:-1] + edges[1:]) / 2
    if counts.max() == 0:
        return
    h = counts / counts.max() * height
    keep = counts > 0
    ax.vlines(mids[keep], y0, y0 + h[keep], color=color, linewidth=0.8)


@fill_doc
def calibration_figure(result: CalibrateResult | ExternalCalibration, *, title: str | None = None,
                       digits: int = 3, label: str | None = None,
                       figsize: tuple[float, float] = SQUARE) -> Figure:
    """Draw a calibration plot as ``plot(calibrate(...))`` draws it.

    Apparent (dotted), bias-corrected (solid) and ideal (dashed) lines, the predictions as spikes
    along the x axis.  Axis limits are rms's ``range(c(predy, apparent, bias-corrected), na.rm=TRUE)``;
    the legend gives ``Apparent``, ``Bias-corrected (MAE m)`` (or ``Observed (MAE m)`` for an
    external cohort) and ``Ideal``; the subtitle gives n and B as ``plot(cal)`` does.

    Parameters
    ----------
    result : CalibrateResult or ExternalCalibration
        A result of :func:`cmvt_core.calibrate` or :func:`cmvt_core.calibration.external_calibration`.
    {{figure_title}}
    digits : int, default 3
        Decimals of the MAE in the legend.
    label : str or None, default None
        The legend label of an external cohort's curve (default "Observed").
    {{figsize_square}}

    {{figure_returns}}

    Raises
    ------
    InputError
        For a result of another kind.

    Notes
    -----
    R call: ``plot(rms::calibrate(fit, B = B))``
    {{figure_drawn}}

    {{figure_example}}
    >>> from cmvt_core import calibrate, lrm
    >>> from cmvt_core.plots.calibration import calibration_figure
    >>> cal = calibrate(lrm(d[["age_group", "post_nlr"]], d["cmvt"]), B=10, seed=1)
    >>> fig = calibration_figure(cal)
    >>> type(fig).__name__, fig.axes[0].get_xlabel(), fig.axes[0].get_ylabel()
    ('Figure', 'Predicted probability', 'Actual probability')
    """
    from ..calibration import CalibrateResult, ExternalCalibration

    if isinstance(result, CalibrateResult):
        t = result.table
        p = t["predy"].to_numpy()
        app = t["calibrated_orig"].to_numpy()
        cor = t["calibrated_corrected"].to_numpy()
        sub = f"B={result.B} repetitions, {result.method}    Mean absolute error={round(result.mean_abs_error, 3)} " \
              f"n={result.n}"
    elif isinstance(result, ExternalCalibration):
        t = result.table
        p = t["predy"].to_numpy()
        app = t["calibrated"].to_numpy()
        cor = None
        sub = f"External cohort    Mean absolute error={round(result.mean_abs_error, 3)} n={result.n}"
    else:
        raise InputError(f"calibration_figure needs a calibrate() or external_calibration() result, "
                         f"not {type(result).__name__}")
    vals = np.concatenate([p, app] + ([cor] if cor is not None else []))
    vals = vals[np.isfinite(vals)]
    lo, hi = (float(vals.min()), float(vals.max())) if vals.size else (0.0, 1.0)
    if hi <= lo:
        lo, hi = lo - 0.05, hi + 0.05
    pad = 0.02 * (hi - lo)
    fig, ax = new_figure(figsize)
    mae = result.mean_abs_error
    mae_txt = "NA" if not math.isfinite(mae) else f"{mae:.{digits}f}"
    ax.plot([lo, hi], [lo, hi], linestyle="--", color="#777777", linewidth=1.0, label="Ideal")
    if cor is not None:
        ax.plot(p, app, linestyle=":", color="#1f4e79", linewidth=1.6, label="Apparent")
        ax.plot(p, cor, linestyle="-", color="#c0392b", linewidth=1.8,
                label=f"Bias-corrected (MAE {mae_txt})")
    else:
        ax.plot(p, app, linestyle="-", color="#c0392b", linewidth=1.8,
                label=f"{label or 'Observed'} (MAE {mae_txt})")
    _spikes(ax, np.asarray(result.predicted, dtype=float), lo, hi, lo - pad, 0.08 * (hi - lo))
    ax.set_xlim(lo - pad, hi + pad)
    ax.set_ylim(lo - pad, hi + pad)
    ax.set_xlabel("Predicted probability")
    ax.set_ylabel("Actual probability")
    ax.legend(loc="upper left", frameon=False)
    fig.text(0.99, 0.005, sub, ha="right", va="bottom", fontsize=7)
    return finish(fig, ax, title, tight=False)

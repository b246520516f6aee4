"""Calibration figure as ``plot(calibrate(...))`` draws it: apparent (dotted), bias-corrected (solid) and
ideal (dashed) lines, the distribution of predictions as spikes along the x axis (rms's ``scat1d``
histogram), and the mean absolute error in the legend.  Also draws an external-cohort curve
(``external_calibration``), which has no bias correction: its curve is the observed (apparent) one, and
``rms::val.prob``'s figure of a :func:`cmvt_core.val_prob` result (ideal line, logistic calibration,
nonparametric curve, the statistics and the risk distribution).
:class:`CalibrationDisplay` draws into any matplotlib axes (scikit-learn's display pattern)."""
from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np

from .. import _printing as P
from .._docs import fill_doc
from ..errors import InputError
from ..groupkm import km_error_bars, mean_abs_error
from ._figure import SQUARE, Display

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from numpy.typing import ArrayLike

    from ..calibration import CalibrateResult, ExternalCalibration
    from ..calibration_cph import CphCalibrateResult
    from ..valprob import ValProb

__all__ = ["CalibrationDisplay"]


def _spikes(ax, predicted: np.ndarray, lo: float, hi: float, y0: float, height: float, nbins: int = 200,
            color: str = "#444444"):
    """Histogram spikes of the predictions on the x axis (as scat1d's nhistSpike = 200); the LineCollection
    (None when there is nothing to draw)."""
    p = predicted[np.isfinite(predicted)]
    if p.size == 0:
        return None
    counts, edges = np.histogram(p, bins=nbins, range=(lo, hi) if hi > lo else None)
    mids = (edges[:-1] + edges[1:]) / 2
    if counts.max() == 0:
        return None
    h = counts / counts.max() * height
    keep = counts > 0
    return ax.vlines(mids[keep], y0, y0 + h[keep], color=color, linewidth=0.8)


#: the statistics val.prob's figure prints (its ``dostats``), in its order
_VP_SHOWN = ("Dxy", "C (ROC)", "R2", "D", "U", "Q", "Brier", "Intercept", "Slope", "Emax", "E90", "Eavg", "S:z",
             "S:p")


def _is_val_prob(result) -> bool:
    from ..valprob import ValProb

    return isinstance(result, ValProb)


def _riskdist(p: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """val.prob's ``riskdist = "predicted"`` spikes: ``table(cut(p, seq(0, 1, length = 101)))`` (right-closed
    bins), each non-empty bin drawn at its left edge, 0.15 high for the fullest."""
    bins = np.linspace(0.0, 1.0, 101)
    k = np.searchsorted(bins, p, side="left") - 1  # bins[k] < p <= bins[k + 1]
    f = np.bincount(k[(k >= 0) & (k < 100)], minlength=100).astype(float)
    j = f > 0
    return bins[:-1][j], 0.15 * f[j] / f.max()


def _is_cph(result) -> bool:
    from ..calibration_cph import CphCalibrateResult

    return isinstance(result, CphCalibrateResult)


class GroupKMCurve:
    """A :func:`cmvt_core.groupkm` table with its time u (and the predictions it grouped), for
    :meth:`CalibrationDisplay.from_groupkm`.

    Attributes
    ----------
    table : pandas.DataFrame
        groupkm's table (``x, n, events, KM, std_err``).
    u : float
        The time of the Kaplan-Meier estimates.
    predicted : numpy.ndarray
        The predicted survivals grouped (empty when not given).
    mean_abs_error : float
        ``sum(n * |KM - x|) / sum(n)`` over the groups with an estimate (n > 0, KM not NaN).
    """

    def __init__(self, table, u: float, predicted=None) -> None:
        self.table, self.u = table, float(u)
        self.predicted = np.asarray([] if predicted is None else predicted, dtype=float)
        self.mean_abs_error = mean_abs_error(table)


def _curves(result) -> tuple[np.ndarray, np.ndarray, np.ndarray | None, str]:
    """predy, the apparent (observed) curve, the bias-corrected one (None for an external cohort), subtitle."""
    from ..calibration import CalibrateResult, ExternalCalibration

    if _is_val_prob(result):
        c = result.curve
        return c["predy"].to_numpy(), c["calibrated"].to_numpy(), None, ""

    if isinstance(result, CalibrateResult):
        t = result.table
        sub = f"B={result.B} repetitions, {result.method}    Mean absolute error={round(result.mean_abs_error, 3)} " \
              f"n={result.n}"
        return (t["predy"].to_numpy(), t["calibrated_orig"].to_numpy(), t["calibrated_corrected"].to_numpy(),
                sub)
    if _is_cph(result) or isinstance(result, GroupKMCurve):
        return np.empty(0), np.empty(0), None, ""
    if isinstance(result, ExternalCalibration):
        t = result.table
        sub = f"External cohort    Mean absolute error={round(result.mean_abs_error, 3)} n={result.n}"
        return t["predy"].to_numpy(), t["calibrated"].to_numpy(), None, sub
    raise InputError(f"CalibrationDisplay needs a calibrate(), external_calibration() or val_prob() result, "
                     f"not {type(result).__name__}")


@fill_doc
class CalibrationDisplay(Display):
    """A calibration plot as ``plot(calibrate(...))`` draws it, into any axes.

    scikit-learn's display pattern (``sklearn.calibration.CalibrationDisplay``): from a
    :func:`cmvt_core.calibrate` or :func:`cmvt_core.calibration.external_calibration` result
    (:meth:`from_calibrate`), from a :func:`cmvt_core.val_prob` result (:meth:`from_val_prob`), or from an
    external cohort's outcome and any model's predicted probabilities (:meth:`from_predictions`), or from a
    cph fit's ``calibrate(fit, u=...)`` (:meth:`from_cph_calibrate`, drawn as rms's ``plot`` of a
    ``calibrate.cph`` result: observed Kaplan-Meier survival with error bars, corrected estimates as crosses).  Apparent
    (dotted), bias-corrected (solid) and ideal (dashed) lines, the predictions as spikes along the x axis.
    Axis limits are rms's ``range(c(predy, apparent, bias-corrected), na.rm=TRUE)``; the legend gives
    ``Apparent``, ``Bias-corrected (MAE m)`` (or ``Observed (MAE m)`` for an external cohort) and ``Ideal``; a
    subtitle below the axes gives n and B as ``plot(cal)`` does.  A ``val_prob`` result is drawn as
    ``rms::val.prob(p, y)`` draws it instead: the ideal line (wide, grey), the logistic calibration
    ``plogis(Intercept + Slope * logit)`` (solid), the ``lowess`` curve ("Nonparametric", dotted), the
    statistics rounded to 3 decimals in the upper left, the predictions' distribution as spikes (100 bins)
    and the limits 0 and 1.

    Parameters
    ----------
    result : CalibrateResult, CphCalibrateResult, ExternalCalibration or ValProb
        A result of :func:`cmvt_core.calibrate` (an lrm or a cph fit),
        :func:`cmvt_core.calibration.external_calibration` or :func:`cmvt_core.val_prob`.
    label : str or None, default None
        The legend label of an external cohort's curve (default "Observed"; "Nonparametric" for val.prob).

    Attributes
    ----------
    result : CalibrateResult, ExternalCalibration or ValProb
        The result drawn (its ``mean_abs_error`` is the legend's MAE).
    label : str or None
        The external curve's label.
    {{display_attributes}}
    line_ : matplotlib.lines.Line2D
        The bias-corrected curve (an external cohort's observed curve; val.prob's nonparametric curve).
    apparent_line_ : matplotlib.lines.Line2D or None
        The apparent curve (None for an external cohort and for val.prob).
    ideal_line_ : matplotlib.lines.Line2D
        The diagonal.
    logistic_line_ : matplotlib.lines.Line2D or None
        val.prob's logistic calibration line (None for the other results).
    stats_text_ : tuple of matplotlib.text.Text or None
        val.prob's statistics: the names and the values (None for the other results).
    corrected_points_ : matplotlib.lines.Line2D or None
        A cph calibration's optimism-corrected Kaplan-Meier estimates, blue crosses (None for the others).
    errorbars_ : matplotlib.collections.LineCollection or None
        A cph calibration's 95% error bars of the Kaplan-Meier estimates (None for the others).
    spikes_ : matplotlib.collections.LineCollection or None
        The spikes of the predictions.
    subtitle_ : matplotlib.text.Annotation or None
        The line below the axes (B, MAE, n; None for val.prob, which has none).

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
    >>> cal = calibrate(lrm(d[["age_group", "post_nlr"]], d["cmvt"]), B=10, seed=1)
    >>> fig, axs = plt.subplots(1, 2)
    >>> disp = plots.CalibrationDisplay.from_calibrate(cal, ax=axs[1])
    >>> disp.ax_ is axs[1], [t.get_text() for t in disp.ax_.get_legend().get_texts()]
    (True, ['Ideal', 'Apparent', 'Bias-corrected (MAE 0.029)'])
    >>> plt.close(fig)
    """

    def __init__(self, result: CalibrateResult | ExternalCalibration | ValProb, label: str | None = None) -> None:
        _curves(result)  # checks the kind
        self.result, self.label = result, label

    @fill_doc
    def plot(self, ax: Axes | None = None, *, digits: int = 3, title: str | None = None,
             figsize: tuple[float, float] = SQUARE, **kwargs: Any) -> CalibrationDisplay:
        """Draw the calibration curves into ``ax`` (a new pyplot figure when None).

        Parameters
        ----------
        {{display_ax}}
        digits : int, default 3
            Decimals of the MAE in the legend.
        {{title_figsize}}
        {{line_kwargs}}

        {{display_returns}}
        R call: ``plot(rms::calibrate(fit, B = B))``

        {{toy_example}}
        >>> from cmvt_core.calibration import external_calibration
        >>> p = [i / 40 for i in range(1, 40)]
        >>> y = [int(i % 3 == 0 or i > 30) for i in range(1, 40)]
        >>> disp = plots.CalibrationDisplay(external_calibration(y=y, predicted=p), label="New cohort").plot()
        >>> disp.line_.get_label(), disp.apparent_line_ is None
        ('New cohort (MAE 0.099)', True)
        >>> plt.close(disp.figure_)
        """
        p, app, cor, sub = _curves(self.result)
        self.logistic_line_ = self.stats_text_ = self.corrected_points_ = self.errorbars_ = None
        if _is_val_prob(self.result):
            return self._plot_val_prob(self._axes(ax, figsize), title, **kwargs)
        if _is_cph(self.result):
            return self._plot_cph(self._axes(ax, figsize), title, **kwargs)
        if isinstance(self.result, GroupKMCurve):
            return self._plot_groupkm(self._axes(ax, figsize), title, **kwargs)
        vals = np.concatenate([p, app] + ([cor] if cor is not None else []))
        vals = vals[np.isfinite(vals)]
        lo, hi = (float(vals.min()), float(vals.max())) if vals.size else (0.0, 1.0)
        if hi <= lo:
            lo, hi = lo - 0.05, hi + 0.05
        pad = 0.02 * (hi - lo)
        ax = self._axes(ax, figsize)
        mae = self.result.mean_abs_error
        mae_txt = "NA" if not math.isfinite(mae) else f"{mae:.{digits}f}"
        self.ideal_line_ = ax.plot([lo, hi], [lo, hi], linestyle="--", color="#777777", linewidth=1.0,
                                   label="Ideal")[0]
        self.apparent_line_ = None
        if cor is not None:
            self.apparent_line_ = ax.plot(p, app, linestyle=":", color="#1f4e79", linewidth=1.6,
                                          label="Apparent")[0]
            main, label = cor, f"Bias-corrected (MAE {mae_txt})"
        else:
            main, label = app, f"{self.label or 'Observed'} (MAE {mae_txt})"
        self.line_ = ax.plot(p, main, **{"linestyle": "-", "color": "#c0392b", "linewidth": 1.8, "label": label,
                                         **kwargs})[0]
        self.spikes_ = _spikes(ax, np.asarray(self.result.predicted, dtype=float), lo, hi, lo - pad,
                               0.08 * (hi - lo))
        ax.set_xlim(lo - pad, hi + pad)
        ax.set_ylim(lo - pad, hi + pad)
        ax.set_xlabel("Predicted probability")
        ax.set_ylabel("Actual probability")
        ax.legend(loc="upper left", frameon=False)
        # below the x label, at the axes' right edge: it moves with the axes in a grid of subplots
        self.subtitle_ = ax.annotate(sub, xy=(1.0, 0.0), xycoords="axes fraction", xytext=(0, -34),
                                     textcoords="offset points", ha="right", va="top", fontsize=7)
        return self._finish(title)

    def _plot_val_prob(self, ax: Axes, title: str | None, **kwargs: Any) -> CalibrationDisplay:
        """rms's ``val.prob(p, y)`` figure (``pl = TRUE`` with its defaults) into ``ax``."""
        from ..kernels.plogis import plogis_array
        from ..kernels.rbase import seq_len_out

        vp = self.result
        st = vp.stats
        gray = "#d9d9d9"  # R's gray(0.85)
        self.ideal_line_ = ax.plot([0, 1], [0, 1], color=gray, linewidth=4.0, label="Ideal", zorder=1)[0]
        logit = seq_len_out(-7.0, 7.0, 200)
        self.logistic_line_ = ax.plot(plogis_array(logit), plogis_array(st["Intercept"] + st["Slope"] * logit),
                                      color="black", linewidth=1.0, label="Logistic calibration")[0]
        c = vp.curve
        self.line_ = ax.plot(c["predy"].to_numpy(), c["calibrated"].to_numpy(),
                             **{"linestyle": ":", "color": "black", "linewidth": 1.2,
                                "label": self.label or "Nonparametric", **kwargs})[0]
        self.apparent_line_ = None
        self.subtitle_ = None
        left, height = _riskdist(c["predy"].to_numpy())
        self.spikes_ = ax.vlines(left, 0.0, height, color="black", linewidth=0.6) if left.size else None
        # the statistics as val.prob writes them: names left-aligned at (0, 0.99), format(round(x, 3))
        # right-aligned at 0.225
        shown = [st[k] for k in _VP_SHOWN]
        vals = P.format_num(P.r_round(np.array(shown), 3))
        self.stats_text_ = (
            ax.text(0.0, 0.99, "\n".join(_VP_SHOWN), ha="left", va="top", fontsize=7, family="monospace"),
            ax.text(0.225, 0.99, "\n".join(v.strip() for v in vals), ha="right", va="top", fontsize=7,
                    family="monospace"))
        ax.set_xlim(-0.04, 1.04)
        ax.set_ylim(-0.04, 1.04)
        ax.set_xlabel("Predicted Probability")
        ax.set_ylabel("Actual Probability")
        ax.legend(loc="upper left", bbox_to_anchor=(0.55, 0.27), bbox_transform=ax.transData, frameon=False,
                  fontsize=7)
        return self._finish(title)

    def _plot_cph(self, ax: Axes, title: str | None, **kwargs: Any) -> CalibrationDisplay:
        """rms's ``plot(cal)`` of a ``calibrate.cph`` (cmethod = "KM") result into ``ax``."""
        cal = self.result
        t = cal.table
        pred = t["mean_predicted"].to_numpy(dtype=float)
        km = t["KM"].to_numpy(dtype=float)
        corr = t["KM_corrected"].to_numpy(dtype=float)
        se = t["std_err"].to_numpy(dtype=float)
        lower, upper = km_error_bars(km, se)  # errbar with rms's log-scale limits
        u = f"{cal.u:g}"
        self.ideal_line_ = ax.plot([0, 1], [0, 1], color="#e5e5e5", linewidth=1.0, label="Ideal", zorder=0)[0]
        self.line_ = ax.plot(pred, km, **{"marker": "o", "markerfacecolor": "none", "color": "black",
                                          "linewidth": 1.0, "label": "Observed (Kaplan-Meier)", **kwargs})[0]
        ok = np.isfinite(km) & np.isfinite(lower) & np.isfinite(upper)
        self.errorbars_ = ax.vlines(pred[ok], lower[ok], upper[ok], color="black", linewidth=0.8)
        self.corrected_points_ = ax.plot(pred, corr, linestyle="none", marker="x", color="blue",
                                         label="Optimism-corrected")[0]
        self.apparent_line_ = None
        vals = np.concatenate([pred, km, corr, lower[ok], upper[ok], np.asarray(cal.predicted, dtype=float)])
        vals = vals[np.isfinite(vals)]
        lo, hi = (float(vals.min()), float(vals.max())) if vals.size else (0.0, 1.0)
        if hi <= lo:
            lo, hi = lo - 0.05, hi + 0.05
        pad = 0.04 * (hi - lo)
        self.spikes_ = _spikes(ax, np.asarray(cal.predicted, dtype=float), lo, hi, hi + pad * 0.5, -0.06 * (hi - lo))
        ax.set_xlim(lo - pad, hi + pad)
        ax.set_ylim(lo - pad, hi + pad)
        ax.set_xlabel(f"Predicted  {u} Day Survival")
        ax.set_ylabel(f"Fraction Surviving {u} Day{'s' if cal.u == 1 else ''}")
        ax.legend(loc="lower right", frameon=False, fontsize=8)
        ax.annotate(f"n={cal.n} d={cal.d} p={cal.p}, {cal.m} subjects per group\nGray: ideal", xy=(0.0, 0.0),
                    xycoords="axes fraction", xytext=(0, -34), textcoords="offset points", ha="left", va="top",
                    fontsize=7)
        self.subtitle_ = ax.annotate(f"X - resampling optimism added, B={cal.B}\nBased on observed-predicted",
                                     xy=(1.0, 0.0), xycoords="axes fraction", xytext=(0, -34),
                                     textcoords="offset points", ha="right", va="top", fontsize=7)
        return self._finish(title)

    def _plot_groupkm(self, ax: Axes, title: str | None, **kwargs: Any) -> CalibrationDisplay:
        """rms's ``groupkm(x, Surv, m, u, pl = TRUE)`` figure (with the ideal line) into ``ax``."""
        g = self.result
        t = g.table
        pred = t["x"].to_numpy(dtype=float)
        km = t["KM"].to_numpy(dtype=float)
        lower, upper = km_error_bars(km, t["std_err"].to_numpy(dtype=float))
        u = f"{g.u:g}"
        mae = g.mean_abs_error
        mae_txt = "NA" if not math.isfinite(mae) else f"{mae:.3f}"
        self.ideal_line_ = ax.plot([0, 1], [0, 1], color="#e5e5e5", linewidth=1.0, label="Ideal", zorder=0)[0]
        self.line_ = ax.plot(pred, km, **{"marker": "o", "markerfacecolor": "none", "color": "black",
                                          "linewidth": 1.0,
                                          "label": f"{self.label or 'Observed (Kaplan-Meier)'} (MAE {mae_txt})",
                                          **kwargs})[0]
        ok = np.isfinite(km) & np.isfinite(lower) & np.isfinite(upper)
        self.errorbars_ = ax.vlines(pred[ok], lower[ok], upper[ok], color="black", linewidth=0.8)
        self.apparent_line_ = None
        vals = np.concatenate([pred, km, lower[ok], upper[ok], g.predicted])
        vals = vals[np.isfinite(vals)]
        lo, hi = (float(vals.min()), float(vals.max())) if vals.size else (0.0, 1.0)
        if hi <= lo:
            lo, hi = lo - 0.05, hi + 0.05
        pad = 0.04 * (hi - lo)
        self.spikes_ = _spikes(ax, g.predicted, lo, hi, hi + pad * 0.5, -0.06 * (hi - lo)) if g.predicted.size \
            else None
        ax.set_xlim(lo - pad, hi + pad)
        ax.set_ylim(lo - pad, hi + pad)
        ax.set_xlabel(f"Predicted {u} Day Survival")
        ax.set_ylabel(f"Kaplan-Meier {u}-Day Survival")
        ax.legend(loc="lower right", frameon=False, fontsize=8)
        n = t["n"].to_numpy(dtype=float)
        nn = int(np.nansum(n))
        # groupkm's subtitle: n, events, round(n / groups) patients per group
        self.subtitle_ = ax.annotate(f"n={nn} d={int(np.nansum(t['events'].to_numpy(dtype=float)))}, avg. "
                                     f"{int(P.r_round(np.array([nn / len(t)]), 0)[0])} patients per group",
                                     xy=(0.0, 0.0), xycoords="axes fraction", xytext=(0, -34),
                                     textcoords="offset points", ha="left", va="top", fontsize=7)
        return self._finish(title)

    @classmethod
    @fill_doc
    def from_groupkm(cls, table, ax: Axes | None = None, *, u: float, predicted: ArrayLike | None = None,
                     label: str | None = None, **kwargs: Any) -> CalibrationDisplay:
        """Draw a :func:`cmvt_core.groupkm` table as ``rms::groupkm(..., pl = TRUE)`` draws it: a survival
        calibration curve of a fixed model in a cohort (e.g. the validation group).

        The Kaplan-Meier survival at u per group against the group's mean predicted survival (black, points
        joined, with the 95% error bars ``KM * exp(-/+ 1.959964 * std.err)``, the upper one capped at 1), the
        ideal line (light grey; groupkm draws none), the predicted survivals as spikes along the top when given,
        and groupkm's subtitle (n, events, average patients per group).  The legend gives the n-weighted mean
        ``|KM - x|`` over the groups with an estimate.  ``.result`` is a :class:`GroupKMCurve`.

        Parameters
        ----------
        table : pandas.DataFrame
            The result of ``groupkm(pred, time, event, u=u, ...)``.
        {{display_ax}}
        u : float
            The time of the table.
        predicted : array_like or None, default None
            The predictions that were grouped (drawn as spikes).
        label : str or None, default None
            The curve's legend label (default "Observed (Kaplan-Meier)").
        {{display_kwargs}}

        {{display_returns}}
        R call: ``rms::groupkm(pred, Surv(time, event), m = m, u = u, pl = TRUE)``; ``abline(0, 1)``

        {{figure_example}}
        >>> from cmvt_core import cph, groupkm
        >>> from cmvt_core.datasets import load_survival
        >>> g = load_survival("gbsg")
        >>> fit = cph(g[["nodes", "pgr"]].iloc[:400], g["rfstime"].iloc[:400], g["status"].iloc[:400])
        >>> pred = fit.survest(g[["nodes", "pgr"]].iloc[400:], [1095]).iloc[:, 0]
        >>> tab = groupkm(pred, g["rfstime"].iloc[400:], g["status"].iloc[400:], u=1095, m=70)
        >>> disp = plots.CalibrationDisplay.from_groupkm(tab, u=1095, predicted=pred)
        >>> disp.ax_.get_ylabel(), len(disp.line_.get_xdata()), disp.line_.get_label()
        ('Kaplan-Meier 1095-Day Survival', 4, 'Observed (Kaplan-Meier) (MAE 0.150)')
        >>> plt.close(disp.figure_)
        """
        import pandas as pd

        if not isinstance(table, pd.DataFrame) or not {"x", "n", "events", "KM", "std_err"} <= set(table.columns):
            raise InputError("from_groupkm needs groupkm()'s table (columns x, n, events, KM, std_err), not "
                             f"{type(table).__name__}")
        from .. import _validate as V

        return cls(GroupKMCurve(table, V.number(u, "u", low=0, low_open=True), predicted), label).plot(ax, **kwargs)

    @classmethod
    @fill_doc
    def from_cph_calibrate(cls, cal: CphCalibrateResult, ax: Axes | None = None, **kwargs: Any) -> CalibrationDisplay:
        """Draw a :func:`cmvt_core.calibrate` result of a cph fit as rms's ``plot(cal)`` draws it.

        The Kaplan-Meier survival at u per interval of predicted survival against the mean prediction (black,
        points joined, with the 95% error bars ``KM * exp(-/+ 1.959964 * std.err)``, the upper one capped at
        1), the optimism-corrected estimates ``KM - mean.optimism`` as blue crosses, the ideal line (light
        grey), the predicted survivals as spikes along the top and rms's two subtitles.  ``.line_`` is the
        observed curve, ``.corrected_points_`` the crosses, ``.errorbars_`` the bars.

        Parameters
        ----------
        cal : CphCalibrateResult
            The result of ``calibrate(cph_fit, u=...)``.
        {{display_ax}}
        {{display_kwargs}}

        {{display_returns}}
        R call: ``plot(rms::calibrate(fit, cmethod = "KM", u = u, m = m, B = B))``

        {{figure_example}}
        >>> from cmvt_core import calibrate, cph
        >>> from cmvt_core.datasets import load_survival
        >>> lung = load_survival("lung").dropna(subset=["age", "sex", "ph.ecog"])
        >>> fit = cph(lung[["age", "sex", "ph.ecog"]], lung["time"], lung["status"] == 2, time_inc=365)
        >>> cal = calibrate(fit, u=365, m=50, B=10, seed=1)
        >>> disp = plots.CalibrationDisplay.from_cph_calibrate(cal)
        >>> disp.ax_.get_xlabel(), len(disp.corrected_points_.get_xdata())
        ('Predicted  365 Day Survival', 4)
        >>> plt.close(disp.figure_)
        """
        if not _is_cph(cal):
            raise InputError(f"from_cph_calibrate needs calibrate(cph_fit, u=...)'s result, not {type(cal).__name__}")
        return cls(cal).plot(ax, **kwargs)

    @classmethod
    @fill_doc
    def from_val_prob(cls, vp: ValProb, ax: Axes | None = None, *, label: str | None = None,
                      **kwargs: Any) -> CalibrationDisplay:
        """Draw a :func:`cmvt_core.val_prob` result as ``rms::val.prob(p, y)`` draws it.

        Parameters
        ----------
        vp : ValProb
            The result to draw.
        {{display_ax}}
        label : str or None, default None
            The legend label of the lowess curve (default "Nonparametric", rms's).
        {{display_kwargs}}

        {{display_returns}}
        R call: ``rms::val.prob(p, y)`` (its plot, ``pl = TRUE``)
        {{figure_drawn}}

        {{figure_example}}
        >>> from cmvt_core import lrm, val_prob
        >>> cols = ["age_group", "post_nlr"]
        >>> p = lrm(d.iloc[:200][cols], d.iloc[:200]["cmvt"]).predict(d.iloc[200:][cols], type="fitted")
        >>> disp = plots.CalibrationDisplay.from_val_prob(val_prob(p, d.iloc[200:]["cmvt"]))
        >>> [t.get_text() for t in disp.ax_.get_legend().get_texts()]
        ['Ideal', 'Logistic calibration', 'Nonparametric']
        >>> plt.close(disp.figure_)
        """
        from ..valprob import ValProb

        if not isinstance(vp, ValProb):
            raise InputError(f"from_val_prob needs a val_prob() result, not {type(vp).__name__}")
        return cls(vp, label).plot(ax, **kwargs)

    @classmethod
    @fill_doc
    def from_calibrate(cls, cal: CalibrateResult | ExternalCalibration, ax: Axes | None = None, *,
                       label: str | None = None, **kwargs: Any) -> CalibrationDisplay:
        """Draw a :func:`cmvt_core.calibrate` (or ``external_calibration``) result.

        Parameters
        ----------
        cal : CalibrateResult or ExternalCalibration
            The result to draw.
        {{display_ax}}
        label : str or None, default None
            The legend label of an external cohort's curve (default "Observed").
        {{display_kwargs}}

        {{display_returns}}
        R call: ``plot(rms::calibrate(fit, B = B))``

        {{figure_example}}
        >>> from cmvt_core import calibrate, lrm
        >>> cal = calibrate(lrm(d[["age_group", "post_nlr"]], d["cmvt"]), B=10, seed=1)
        >>> disp = plots.CalibrationDisplay.from_calibrate(cal, title="Training")
        >>> disp.ax_.get_title(), disp.ax_.get_xlabel(), disp.ax_.get_ylabel()
        ('Training', 'Predicted probability', 'Actual probability')
        >>> plt.close(disp.figure_)
        """
        return cls(cal, label).plot(ax, **kwargs)

    @classmethod
    @fill_doc
    def from_predictions(cls, y: ArrayLike, p: ArrayLike, ax: Axes | None = None, *, predy: ArrayLike | None = None,
                         label: str | None = None, method: str = "external_calibration",
                         **kwargs: Any) -> CalibrationDisplay:
        """External calibration of any model's predicted probabilities on a cohort, drawn.

        The curve is :func:`cmvt_core.calibration.external_calibration` ``(y=y, predicted=p, predy=predy)``
        (lowess of the outcome on the predictions, as rms's calibrate smooths; kept as ``.result``), or
        with ``method="val_prob"`` the figure of :func:`cmvt_core.val_prob` ``(p, y)`` (rms's
        ``val.prob(p, y)``; see :meth:`from_val_prob`).

        Parameters
        ----------
        y : array_like
            The cohort's 0/1 outcome (list, numpy array or pandas Series; by position).
        p : array_like
            Predicted probabilities in [0, 1] (e.g. ``predict_proba(X)[:, 1]`` of a scikit-learn classifier).
        {{display_ax}}
        predy : array_like or None, default None
            The grid of predicted probabilities; None is calibrate's 50-point grid.
        label : str or None, default None
            The legend label of the curve (default "Observed"; "Nonparametric" for ``val_prob``).
        method : {"external_calibration", "val_prob"}, default "external_calibration"
            Which computation is drawn (``predy`` applies to the first only).
        {{display_kwargs}}

        {{display_returns}}
        R call: none as one function (``external_calibration``'s lowess curve); with
        ``method="val_prob"``: ``rms::val.prob(p, y)``.

        {{figure_example}}
        >>> from cmvt_core import lrm
        >>> cols = ["age_group", "post_nlr"]
        >>> p = lrm(d.iloc[:200][cols], d.iloc[:200]["cmvt"]).predict(d.iloc[200:][cols], type="fitted")
        >>> disp = plots.CalibrationDisplay.from_predictions(d.iloc[200:]["cmvt"], p, label="Validation")
        >>> disp.line_.get_label(), disp.result.n
        ('Validation (MAE 0.055)', 119)
        >>> plt.close(disp.figure_)
        >>> vp = plots.CalibrationDisplay.from_predictions(d.iloc[200:]["cmvt"], p, method="val_prob")
        >>> round(vp.result.stats["Eavg"], 4), vp.logistic_line_.get_label()
        (0.0618, 'Logistic calibration')
        >>> plt.close(vp.figure_)
        """
        from .. import _validate as V

        method = V.choice(method, "method", ("external_calibration", "val_prob"))
        if method == "val_prob":
            from ..valprob import val_prob

            if predy is not None:
                raise InputError("predy applies to method='external_calibration' only (val.prob's curve is at p)")
            return cls(val_prob(p, y), label).plot(ax, **kwargs)
        from ..calibration import external_calibration

        return cls(external_calibration(y=y, predicted=p, predy=predy), label).plot(ax, **kwargs)

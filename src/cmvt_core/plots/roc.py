"""ROC figure as a study reports it: 1 - specificity against sensitivity, the AUC and its 95% CI in the
legend, the Youden cut-off marked; one or several curves (e.g. training and validation), drawn by
:class:`RocDisplay` into any matplotlib axes (scikit-learn's display pattern)."""
from __future__ import annotations

import math
import warnings
from typing import TYPE_CHECKING, Any, Literal, Sequence

import numpy as np

from .._docs import fill_doc, piece, register
from ..errors import InputError, RWarning
from ._figure import SQUARE, Display

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from numpy.typing import ArrayLike

    from ..roc import Roc

__all__ = ["RocDisplay"]

register(roc_display_from_args="\n".join([
    "Parameters", "----------", "rocs : Roc or sequence of Roc or dict of str to Roc",
    "    One result, a list of them (with ``labels``) or ``{label: Roc}``.", piece("display_ax"),
    "labels : sequence of str or None, default None", "    One label per curve (not with a dict).",
    piece("display_kwargs"), "", piece("display_returns"), "R call: ``plot(roc1); plot(roc2, add = TRUE)`` (pROC)"]))

_COLORS = ("#1f4e79", "#c0392b", "#2e8b57", "#8e44ad", "#d68910", "#555555")


def _fmt(v: float, digits: int = 3) -> str:
    return "NA" if v is None or not math.isfinite(v) else f"{v:.{digits}f}"


def _curves(rocs, labels) -> tuple[list[Roc], list[str]]:
    """(list of Roc, list of labels) from one Roc, a list (with labels) or a dict {label: Roc}."""
    from ..roc import Roc

    if isinstance(rocs, dict):  # {label: Roc}, e.g. {"Training": r1, "Validation": r2}
        if labels is not None:
            raise InputError("RocDisplay: give labels either as the dict's keys or as labels=, not both")
        labels = [str(k) for k in rocs]
        rocs = list(rocs.values())
    if isinstance(rocs, Roc):
        rocs = [rocs]
    rocs = list(rocs)
    if not rocs or not all(isinstance(r, Roc) for r in rocs):
        raise InputError("RocDisplay needs a Roc result of cmvt_core.roc() or a list of them")
    if labels is None:
        labels = ["ROC"] if len(rocs) == 1 else [f"curve {i + 1}" for i in range(len(rocs))]
    labels = [str(v) for v in labels]
    if len(labels) != len(rocs):
        raise InputError(f"RocDisplay: {len(labels)} label(s) for {len(rocs)} curve(s)")
    return rocs, labels


@fill_doc
class RocDisplay(Display):
    """ROC curves (1 - specificity against sensitivity) with their AUC and CI in the legend, drawn into any axes.

    scikit-learn's display pattern (``sklearn.metrics.RocCurveDisplay``): build it from :func:`cmvt_core.roc`
    results (:meth:`from_roc`) or from an outcome and predicted probabilities of any model
    (:meth:`from_predictions`), or construct it and call :meth:`plot`.  The legend gives, per curve,
    ``label: AUC a (95% CI l-u)`` (CI from ``ci_auc(conf_level, ci_method)``; a curve without a CI, one case
    or one control, shows "CI NA"; a partial AUC, which DeLong does not cover, shows "CI NA" unless
    ``ci_method="bootstrap"``).  A percent curve (``roc(..., percent=True)``) is drawn on the same [0, 1]
    axes; its legend gives the AUC in percent.  ``auc_polygon=True`` shades the area the AUC measures, as pROC's
    ``plot(auc.polygon = TRUE)``: for a partial AUC only the part inside its interval (between the curve and
    the x axis for a specificity focus, between the curve and the right edge for a sensitivity focus).
    Drawing into axes that already hold a RocDisplay adds the curves (new colours, one chance line, one
    legend), as pROC's ``plot(r2, add = TRUE)``.  With ``mark_youden`` the Youden-best point (``coords("best",
    best_method="youden")``; the first of tied rows) is marked and annotated with its threshold,
    sensitivity and specificity.

    Parameters
    ----------
    rocs : Roc or sequence of Roc or dict of str to Roc
        One result of :func:`cmvt_core.roc`, a list of them (with ``labels``) or ``{label: Roc}``.
    labels : sequence of str or None, default None
        One label per curve (not with a dict); None: "ROC" for one curve, "curve 1", ... for several.

    Attributes
    ----------
    rocs : list of Roc
        The curves.
    labels : list of str
        Their labels.
    {{display_attributes}}
    line_ : matplotlib.lines.Line2D
        The first curve.
    lines_ : dict of str to matplotlib.lines.Line2D
        Every curve by label.
    chance_level_ : matplotlib.lines.Line2D
        The diagonal.
    youden_points_ : dict of str to matplotlib.lines.Line2D
        The marked Youden-best points by label (empty without ``mark_youden``).
    auc_polygons_ : dict of str to matplotlib.collections.PolyCollection
        The shaded (partial) AUC of each curve by label (empty without ``auc_polygon``).

    Raises
    ------
    InputError
        For something that is not Roc results, or labels that do not match the curves.

    Notes
    -----
    R call: ``plot(pROC::roc(y, predictor), print.auc = TRUE, print.thres = "best")``
    {{figure_drawn}}

    {{figure_example}}
    >>> from cmvt_core import roc
    >>> fig, (left, right) = plt.subplots(1, 2, figsize=(10, 5))
    >>> disp = plots.RocDisplay.from_roc({"NLR": roc(d["cmvt"], d["post_nlr"])}, ax=left)
    >>> disp.ax_ is left, disp.figure_ is fig, disp.line_.get_label().split(" (")[0]
    (True, True, 'NLR: AUC 0.647')
    >>> plt.close(fig)
    """

    def __init__(self, rocs: Roc | Sequence[Roc] | dict[str, Roc], labels: Sequence[str] | None = None) -> None:
        self.rocs, self.labels = _curves(rocs, labels)

    @fill_doc
    def plot(self, ax: Axes | None = None, *, ci_method: Literal["delong", "bootstrap"] = "delong",
             conf_level: float = 0.95, mark_youden: bool = True, auc_polygon: bool = False, digits: int = 3,
             title: str | None = None, figsize: tuple[float, float] = SQUARE, **kwargs: Any) -> RocDisplay:
        """Draw the curves into ``ax`` (a new pyplot figure when None).

        Parameters
        ----------
        {{display_ax}}
        ci_method : {"delong", "bootstrap"}, default "delong"
            The method of each AUC's confidence interval.
        conf_level : float, default 0.95
            The level of the confidence intervals.
        mark_youden : bool, default True
            Mark and annotate the Youden-best cut-off.
        auc_polygon : bool, default False
            Shade the (partial) area under each curve, as pROC's ``auc.polygon = TRUE``.
        digits : int, default 3
            Decimals in the legend and annotations.
        {{title_figsize}}
        {{line_kwargs}}

        {{display_returns}}
        R call: ``plot(pROC::roc(y, predictor), print.auc = TRUE, print.thres = "best")``

        {{toy_example}}
        >>> from cmvt_core import roc
        >>> disp = plots.RocDisplay(roc([0, 0, 1, 1, 0, 1], [0.1, 0.4, 0.35, 0.8, 0.2, 0.7])).plot(mark_youden=False)
        >>> disp.line_.get_label(), plt.fignum_exists(disp.figure_.number)  # a pyplot figure
        ('ROC: AUC 0.889 (95% CI 0.581–1.000)', True)
        >>> plt.close(disp.figure_)
        """
        ax = self._axes(ax, figsize)
        state = _roc_state(ax)
        self.chance_level_ = state["chance"]
        pct = int(round(conf_level * 100)) if abs(conf_level * 100 - round(conf_level * 100)) < 1e-9 \
            else conf_level * 100
        self.lines_, self.youden_points_, self.auc_polygons_ = {}, {}, {}
        for k, (r, lab) in enumerate(zip(self.rocs, self.labels)):
            i = state["n"] + k
            unit = 100.0 if r.percent else 1.0
            if r.partial_auc is not None and ci_method == "delong":
                ci = (math.nan,) * 3  # pROC: DeLong is not defined for a partial AUC
            else:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", RWarning)
                    ci = r.ci_auc(conf_level, method=ci_method)
            sfx = "%" if r.percent else ""
            dg = max(digits - 2, 0) if r.percent else digits
            ci_txt = (f"{pct}% CI {_fmt(ci[0], dg)}{sfx}\u2013{_fmt(ci[2], dg)}{sfx}"
                      if math.isfinite(ci[0]) else "CI NA")
            name = "AUC" if r.partial_auc is None else ("corrected pAUC" if r.partial_auc_correct else "pAUC")
            style = {"color": _COLORS[i % len(_COLORS)], "linewidth": 1.8, "zorder": 3,
                     "label": f"{lab}: {name} {_fmt(r.auc, dg)}{sfx} ({ci_txt})", **kwargs}
            line = ax.plot(1.0 - r.specificities / unit, r.sensitivities / unit, **style)[0]
            self.lines_[lab] = line
            if auc_polygon:
                self.auc_polygons_[lab] = _auc_polygon(ax, r, line.get_color())
            if mark_youden:
                self.youden_points_[lab] = _mark_youden(ax, r, line.get_color(), digits, i)
        state["n"] += len(self.rocs)
        self.line_ = self.lines_[self.labels[0]]
        _frame(ax)
        return self._finish(title)

    @classmethod
    @fill_doc
    def from_smooth(cls, smoothed: Any, ax: Axes | None = None, *, labels: Sequence[str] | None = None,
                    empirical: bool = True, digits: int = 3, title: str | None = None,
                    figsize: tuple[float, float] = SQUARE, **kwargs: Any) -> RocDisplay:
        """Draw smoothed curves (:func:`cmvt_core.smooth` results), each over its empirical curve.

        Parameters
        ----------
        smoothed : SmoothRoc or sequence of SmoothRoc or dict of str to SmoothRoc
            One result of :func:`cmvt_core.smooth`, a list of them (with ``labels``) or ``{label: SmoothRoc}``.
        {{display_ax}}
        labels : sequence of str or None, default None
            One label per curve (not with a dict).
        empirical : bool, default True
            Also draw each empirical curve, thin and dashed.
        digits : int, default 3
            Decimals of the AUC in the legend.
        {{title_figsize}}
        {{line_kwargs}}

        {{display_returns}}
        R call: ``plot(pROC::smooth(roc)); plot(roc, add = TRUE)`` (pROC)

        {{toy_example}}
        >>> from cmvt_core import roc, smooth
        >>> r = roc([0, 0, 1, 1, 0, 1, 0, 1, 1, 0], [0.1, 0.4, 0.35, 0.8, 0.2, 0.9, 0.5, 0.6, 0.3, 0.45])
        >>> disp = plots.RocDisplay.from_smooth(smooth(r))
        >>> disp.line_.get_label(), len(disp.line_.get_xdata())
        ('ROC: smoothed AUC 0.647 (binormal)', 514)
        >>> plt.close(disp.figure_)
        """
        from .._roc_smooth import SmoothRoc

        if isinstance(smoothed, dict):
            if labels is not None:
                raise InputError("RocDisplay: give labels either as the dict's keys or as labels=, not both")
            labels, smoothed = [str(k) for k in smoothed], list(smoothed.values())
        elif not isinstance(smoothed, (list, tuple)):
            smoothed = [smoothed]
        smoothed = list(smoothed)
        if not smoothed or not all(isinstance(s, SmoothRoc) for s in smoothed):
            raise InputError("RocDisplay.from_smooth needs results of cmvt_core.smooth() (or a list of them)")
        disp = cls([s.roc for s in smoothed], labels)
        ax = disp._axes(ax, figsize)
        state = _roc_state(ax)
        disp.chance_level_ = state["chance"]
        disp.lines_, disp.youden_points_, disp.empirical_lines_ = {}, {}, {}
        for k0, (s, lab) in enumerate(zip(smoothed, disp.labels)):
            i = state["n"] + k0
            k = 100.0 if s.percent else 1.0
            color = _COLORS[i % len(_COLORS)]
            if empirical:
                r = s.roc
                kr = 100.0 if getattr(r, "percent", False) else 1.0
                disp.empirical_lines_[lab] = ax.plot(1.0 - r.specificities / kr, r.sensitivities / kr,
                                                     color=color, linewidth=0.8, linestyle="--", alpha=0.6,
                                                     zorder=2)[0]
            style = {"color": color, "linewidth": 1.8, "zorder": 3,
                     "label": f"{lab}: smoothed AUC {_fmt(s.auc / k, digits)} ({s.method})", **kwargs}
            disp.lines_[lab] = ax.plot(1.0 - s.specificities / k, s.sensitivities / k, **style)[0]
        state["n"] += len(smoothed)
        disp.line_ = disp.lines_[disp.labels[0]]
        _frame(ax)
        return disp._finish(title)

    @classmethod
    @fill_doc
    def from_roc(cls, rocs: Roc | Sequence[Roc] | dict[str, Roc], ax: Axes | None = None, *,
                 labels: Sequence[str] | None = None, **kwargs: Any) -> RocDisplay:
        """Draw :func:`cmvt_core.roc` results, several curves on one axes.

        {{roc_display_from_args}}

        {{figure_example}}
        >>> from cmvt_core import roc
        >>> disp = plots.RocDisplay.from_roc([roc(d["cmvt"], d["post_nlr"]), roc(d["cmvt"], d["post_plr"])],
        ...                            labels=["NLR", "PLR"], mark_youden=False)
        >>> [t.get_text().split(" (")[0] for t in disp.ax_.get_legend().get_texts()]
        ['NLR: AUC 0.647', 'PLR: AUC 0.604']
        >>> plt.close(disp.figure_)
        """
        return cls(rocs, labels).plot(ax, **kwargs)

    @classmethod
    @fill_doc
    def from_rocs(cls, rocs: Sequence[Roc] | dict[str, Roc], ax: Axes | None = None, *,
                  labels: Sequence[str] | None = None, **kwargs: Any) -> RocDisplay:
        """Draw several :func:`cmvt_core.roc` results on one axes (the same as :meth:`from_roc` with a list).

        {{roc_display_from_args}}

        {{toy_example}}
        >>> from cmvt_core import roc
        >>> y = [0, 0, 1, 1, 0, 1, 0, 1]
        >>> a = roc(y, [0.1, 0.4, 0.35, 0.8, 0.2, 0.7, 0.6, 0.5], partial_auc=(1, 0.8))
        >>> b = roc(y, [0.3, 0.1, 0.6, 0.7, 0.2, 0.2, 0.5, 0.9])
        >>> disp = plots.RocDisplay.from_rocs({"A": a, "B": b}, auc_polygon=True, mark_youden=False)
        >>> sorted(disp.lines_), sorted(disp.auc_polygons_)
        (['A', 'B'], ['A', 'B'])
        >>> plt.close(disp.figure_)
        """
        return cls(rocs, labels).plot(ax, **kwargs)

    @classmethod
    @fill_doc
    def from_predictions(cls, y: ArrayLike, p: ArrayLike | dict[str, ArrayLike], ax: Axes | None = None, *,
                         name: str | None = None, direction: Literal["auto", "<", ">"] = "auto",
                         **kwargs: Any) -> RocDisplay:
        """Build the curve(s) with :func:`cmvt_core.roc` from the outcome and any model's predictions, and draw.

        Parameters
        ----------
        y : array_like
            The 0/1 outcome (a list, numpy array or pandas Series; taken by position, not by index).
        p : array_like or dict of str to array_like
            The predictions (e.g. a scikit-learn classifier's ``predict_proba(X)[:, 1]``), or
            ``{name: predictions}`` of several models on the same cases.
        {{display_ax}}
        name : str or None, default None
            The label of a single curve (default "ROC").
        direction : {"auto", "<", ">"}, default "auto"
            pROC's ``direction`` (:func:`cmvt_core.roc`).
        {{display_kwargs}}

        {{display_returns}}
        R call: ``plot(pROC::roc(y, p, direction = direction), print.auc = TRUE, print.thres = "best")``

        {{toy_example}}
        >>> disp = plots.RocDisplay.from_predictions([0, 0, 1, 1, 0, 1], [0.1, 0.4, 0.35, 0.8, 0.2, 0.7], name="model")
        >>> disp.line_.get_label(), round(disp.rocs[0].auc, 4)
        ('model: AUC 0.889 (95% CI 0.581–1.000)', 0.8889)
        >>> plt.close(disp.figure_)
        """
        from ..roc import roc

        if isinstance(p, dict):
            if name is not None:
                raise InputError("RocDisplay.from_predictions: with a dict of predictions the names are its keys; "
                                 "do not give name=")
            curves = {str(k): roc(y, v, direction=direction) for k, v in p.items()}
            return cls(curves).plot(ax, **kwargs)
        return cls(roc(y, p, direction=direction), [name or "ROC"]).plot(ax, **kwargs)


def _auc_polygon(ax, r: Roc, color):
    """Shade the area the (partial) AUC of ``r`` measures, in [0, 1] units (pROC's ``auc.polygon``)."""
    unit = 100.0 if r.percent else 1.0
    se, sp = r.sensitivities / unit, r.specificities / unit
    style = {"color": color, "alpha": 0.18, "linewidth": 0, "zorder": 2}
    if r.partial_auc is None:
        return ax.fill_between(1.0 - sp, 0.0, se, **style)
    hi, lo = (v / unit for v in r.partial_auc)
    focus_se = r.partial_auc_focus == "sensitivity"
    x, y = (se[::-1], sp[::-1]) if focus_se else (sp, se)  # auc.roc's orientation: x increasing
    inside = (x > lo) & (x < hi)
    grid = np.concatenate([[lo], x[inside], [hi]])
    yy = np.concatenate([[_y_at(x, y, lo, False)], y[inside], [_y_at(x, y, hi, True)]])
    if focus_se:  # between the curve and the right edge (specificity 0), sensitivity in [lo, hi]
        return ax.fill_betweenx(grid, 1.0 - yy, 1.0, **style)
    return ax.fill_between(1.0 - grid, 0.0, yy, **style)


def _y_at(x: np.ndarray, y: np.ndarray, v: float, upper: bool) -> float:
    """The curve's y at the end ``v`` of a partial-AUC interval as ``auc.roc`` takes it: at a point with x == v
    the first such point (upper end) or the last (lower end), else the linear interpolation between the
    neighbouring points."""
    j = int(np.searchsorted(x, v, side="left" if upper else "right"))  # first x >= v (upper) / first x > v
    i = j - 1
    if upper and j < x.shape[0] and x[j] == v:
        return float(y[j])
    if not upper and i >= 0 and x[i] == v:
        return float(y[i])
    return float(y[j] + (v - x[j]) / (x[i] - x[j]) * (y[i] - y[j]))
def _roc_state(ax) -> dict:
    """The chance line and curve count of axes that hold ROC curves (created once: later curves are added)."""
    state = getattr(ax, "_cmvt_roc_state", None)
    if state is None:
        state = {"n": 0, "chance": ax.plot([0, 1], [0, 1], linestyle=":", color="#999999", linewidth=1,
                                           zorder=1)[0]}
        ax._cmvt_roc_state = state
    return state


def _frame(ax) -> None:
    """Limits, labels, ticks, grid and legend of a ROC axes."""
    ax.set_xlim(-0.01, 1.01)
    ax.set_ylim(-0.01, 1.01)
    ax.set_aspect("equal")
    ax.set_xlabel("1 \u2212 Specificity")
    ax.set_ylabel("Sensitivity")
    ax.set_xticks(np.linspace(0, 1, 6))
    ax.set_yticks(np.linspace(0, 1, 6))
    ax.grid(True, color="#e5e5e5", linewidth=0.6, zorder=0)
    ax.legend(loc="lower right", fontsize=8, frameon=True)


def _mark_youden(ax, r: Roc, color, digits: int, i: int):
    """Mark the Youden-best point of ``r`` and annotate its threshold, sensitivity and specificity."""
    best = r.coords("best", best_method="youden").iloc[0]
    unit = 100.0 if r.percent else 1.0
    bx, by = 1.0 - best["specificity"] / unit, best["sensitivity"] / unit
    point = ax.plot([bx], [by], marker="o", markersize=7, markerfacecolor="white", markeredgecolor=color,
                    markeredgewidth=2, zorder=4)[0]
    thr = best["threshold"]
    thr_txt = _fmt(thr, digits) if math.isfinite(thr) else ("-Inf" if thr < 0 else "Inf")
    ax.annotate(f"cut-off {thr_txt}\nSe {_fmt(by, digits)}, Sp {_fmt(best['specificity'] / unit, digits)}",
                xy=(bx, by), xytext=(10, -28 - 26 * i), textcoords="offset points", fontsize=8,
                color=color, arrowprops={"arrowstyle": "-", "color": color, "linewidth": 0.8},
                bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": "none", "alpha": 0.85},
                zorder=5)
    return point

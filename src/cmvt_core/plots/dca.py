"""Decision-curve figure: the model(s), treat all, treat none, with bootstrap CI bands.

:class:`DecisionCurveDisplay` draws one or several models' curves into any matplotlib axes, as rmda's
``plot_decision_curve`` draws a list of ``decision_curve`` results (sNB by default, as rmda's
``standardize = TRUE``; ``standardized=False`` plots net benefit).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal, Sequence

import numpy as np
import pandas as pd

from .._docs import fill_doc
from ..errors import InputError
from ._figure import Display

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from numpy.typing import ArrayLike

    from ..dca import DecisionCurveResult

__all__ = ["DecisionCurveDisplay"]

DCA_SIZE = (6.4, 4.8)  # inches


def _results(results, labels) -> tuple[list, list[str]]:
    """(list of results, list of labels) from one result, a list (with labels) or a dict {label: result}."""
    if isinstance(results, dict):
        if labels is not None:
            raise InputError("DecisionCurveDisplay: give labels either as the dict's keys or as labels=, not both")
        labels = [str(k) for k in results]
        results = list(results.values())
    elif not isinstance(results, (list, tuple)):
        results = [results]
    results = list(results)
    for r in results:
        dd = getattr(r, "derived_data", None)
        if dd is None or "sNB" not in dd.columns:
            raise InputError(f"DecisionCurveDisplay needs a decision_curve() result, not {type(r).__name__}")
    if not results:
        raise InputError("DecisionCurveDisplay needs at least one decision_curve() result")
    labels = [r.model_label for r in results] if labels is None else [str(v) for v in labels]
    if len(labels) != len(results):
        raise InputError(f"DecisionCurveDisplay: {len(labels)} label(s) for {len(results)} curve(s)")
    return results, labels


def _column(y, name: str) -> np.ndarray:
    """A 1-D copy of y taken by position (a Series' index is not used), for a DataFrame column."""
    arr = np.asarray(y.to_numpy() if hasattr(y, "to_numpy") else y)
    if arr.ndim != 1:
        raise InputError(f"{name} must be 1-D; got shape {arr.shape}")
    return arr


@fill_doc
class DecisionCurveDisplay(Display):
    """Decision curves of one or several models with treat all and treat none, drawn into any axes.

    scikit-learn's display pattern: from :func:`cmvt_core.decision_curve` results
    (:meth:`from_decision_curve`) or from an outcome and the predicted risks of any models
    (:meth:`from_predictions`).  Each model's curve has its colour (C0, C1, ...) and, when the result has
    them, its bootstrap CI band; treat all (grey, dashed) and treat none (black, dotted) are the first
    result's.  NaN points (e.g. at threshold 1) are gaps.

    Parameters
    ----------
    results : DecisionCurveResult or sequence of them or dict of str to DecisionCurveResult
        One result of :func:`cmvt_core.decision_curve`, a list of them (on the same cohort) or
        ``{label: result}``.
    labels : sequence of str or None, default None
        One label per model (not with a dict); None: each result's ``model_label``.

    Attributes
    ----------
    results : list of DecisionCurveResult
        The curves' results.
    labels : list of str
        Their labels.
    {{display_attributes}}
    line_ : matplotlib.lines.Line2D
        The first model's curve.
    lines_ : dict of str to matplotlib.lines.Line2D
        Every model's curve by label.
    all_line_, none_line_ : matplotlib.lines.Line2D
        Treat all and treat none.
    bands_ : dict of str to matplotlib.collections.PolyCollection
        The CI bands drawn, by label ("Treat all" for treat all's).

    Raises
    ------
    InputError
        For something that is not decision_curve() results, or labels that do not match them.

    Notes
    -----
    R call: ``rmda::plot_decision_curve(list(dc1, dc2), curve.names = labels, standardize = standardized)``
    {{figure_drawn}}

    {{figure_example}}
    >>> from cmvt_core import decision_curve
    >>> dc = decision_curve(d, "cmvt", ["age_group", "post_nlr"], confidence_intervals=None)
    >>> fig, axs = plt.subplots(1, 2)
    >>> disp = plots.DecisionCurveDisplay.from_decision_curve(dc, ax=axs[0])
    >>> disp.ax_ is axs[0], [t.get_text() for t in disp.ax_.get_legend().get_texts()]
    (True, ['cmvt ~ age_group + post_nlr', 'Treat all', 'Treat none'])
    >>> plt.close(fig)
    """

    def __init__(self, results: DecisionCurveResult | Sequence[DecisionCurveResult] | dict[str, DecisionCurveResult],
                 labels: Sequence[str] | None = None) -> None:
        self.results, self.labels = _results(results, labels)

    @fill_doc
    def plot(self, ax: Axes | None = None, *, standardized: bool = True, confidence_intervals: bool = True,
             xlim: tuple[float, float] | None = None, ylim: tuple[float, float] | None = None,
             title: str | None = None, figsize: tuple[float, float] = DCA_SIZE, **kwargs: Any) -> DecisionCurveDisplay:
        """Draw the decision curves into ``ax`` (a new pyplot figure when None).

        Parameters
        ----------
        {{display_ax}}
        standardized : bool, default True
            Plot standardized net benefit (sNB, as rmda's ``standardize = TRUE``); False plots net benefit.
        confidence_intervals : bool, default True
            Draw the bootstrap CI bands of the results that have them.
        xlim : tuple of float or None, default None
            The threshold range; None is (0, 1).
        ylim : tuple of float or None, default None
            The y range; None fits the models' and treat-none curves.
        {{title_figsize}}
        {{line_kwargs}}

        {{display_returns}}
        R call: ``rmda::plot_decision_curve(dc, standardize = standardized)``

        {{figure_example}}
        >>> from cmvt_core import decision_curve
        >>> dc = decision_curve(d, "cmvt", ["post_nlr"], confidence_intervals=None)
        >>> disp = plots.DecisionCurveDisplay(dc, ["NLR model"]).plot(standardized=False)
        >>> disp.ax_.get_ylabel(), disp.line_.get_label()
        ('Net benefit', 'NLR model')
        >>> plt.close(disp.figure_)
        """
        measure = "sNB" if standardized else "NB"
        ax = self._axes(ax, figsize)
        first = self.results[0]
        several = len(self.results) > 1
        # (rows, label, style, draw a CI band, the band's legend label)
        curves = [(r.curve("model"), lab, {"color": f"C{i % 10}", "linestyle": "-", **kwargs}, True,
                   _ci_label(r, lab if several else None)) for i, (r, lab) in enumerate(zip(self.results, self.labels))]
        curves += [(first.curve("All"), "Treat all", {"color": "0.45", "linestyle": "--"}, True, None),
                   (first.curve("None"), "Treat none", {"color": "0.0", "linestyle": ":"}, False, None)]
        lines, self.bands_ = [], {}
        ymin, ymax = np.inf, -np.inf
        for c, label, style, with_band, band_label in curves:
            x = c["thresholds"].to_numpy(dtype=float)
            y = c[measure].to_numpy(dtype=float)
            o = np.argsort(x, kind="stable")
            lines.append(ax.plot(x[o], y[o], **{"linewidth": 1.6, "label": label, **style})[0])
            fin = np.isfinite(y)
            if fin.any() and label != "Treat all":
                ymin, ymax = min(ymin, y[fin].min()), max(ymax, y[fin].max())
            band = _band(ax, c, measure, o, lines[-1].get_color(), band_label) \
                if confidence_intervals and with_band else None
            if band is not None:
                self.bands_[label] = band
        *model_lines, self.all_line_, self.none_line_ = lines
        self.lines_ = dict(zip(self.labels, model_lines))
        self.line_ = model_lines[0]
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
        return self._finish(title)

    @classmethod
    @fill_doc
    def from_decision_curve(cls, dc: DecisionCurveResult | Sequence[DecisionCurveResult] | dict[str, DecisionCurveResult],
                            ax: Axes | None = None, *, labels: Sequence[str] | None = None,
                            **kwargs: Any) -> DecisionCurveDisplay:
        """Draw :func:`cmvt_core.decision_curve` results, several models on one axes.

        Parameters
        ----------
        dc : DecisionCurveResult or sequence of them or dict of str to DecisionCurveResult
            One result, a list of them (on the same cohort) or ``{label: result}``.
        {{display_ax}}
        labels : sequence of str or None, default None
            One label per model (not with a dict); None: each result's ``model_label``.
        {{display_kwargs}}

        {{display_returns}}
        R call: ``rmda::plot_decision_curve(list(dc1, dc2), curve.names = labels)``

        {{figure_example}}
        >>> from cmvt_core import decision_curve
        >>> dcs = {name: decision_curve(d, "cmvt", cols, confidence_intervals=None)
        ...        for name, cols in {"NLR": ["post_nlr"], "NLR + age": ["post_nlr", "age_group"]}.items()}
        >>> disp = plots.DecisionCurveDisplay.from_decision_curve(dcs)
        >>> list(disp.lines_), disp.all_line_.get_label()
        (['NLR', 'NLR + age'], 'Treat all')
        >>> plt.close(disp.figure_)
        """
        return cls(dc, labels).plot(ax, **kwargs)

    @classmethod
    @fill_doc
    def from_predictions(cls, y: ArrayLike, predictions: ArrayLike | dict[str, ArrayLike], ax: Axes | None = None,
                         *, name: str | None = None, thresholds: ArrayLike | None = None,
                         policy: Literal["opt-in", "opt-out"] = "opt-in",
                         bootstraps: int = 500, confidence_intervals: float | None = 0.95, seed: int | None = None,
                         **kwargs: Any) -> DecisionCurveDisplay:
        """Decision curves of any models' predicted risks on one cohort (``fitted_risk=True``), drawn.

        Each model's curve is ``decision_curve(data, "y", name, fitted_risk=True, ...)`` on a DataFrame of
        the outcome and that model's risks (column ``name``; kept in ``.results``), as rmda's
        ``decision_curve(y ~ p, fitted.risk = TRUE)``; rows with a missing risk are dropped per model (R's
        ``complete.cases``).  Every model's bootstrap starts from ``set.seed(seed)``.

        Parameters
        ----------
        y : array_like
            The 0/1 outcome (list, numpy array or pandas Series; by position).
        predictions : array_like or dict of str to array_like
            One model's predicted risks in [0, 1] (e.g. ``predict_proba(X)[:, 1]``), or ``{name: risks}``.
        {{display_ax}}
        name : str or None, default None
            The label of a single model's curve (default "model").
        thresholds : array_like or None, default None
            Threshold probabilities (None: R's ``seq(0, 1, by = 0.01)``).
        policy : {"opt-in", "opt-out"}, default "opt-in"
            rmda's ``policy``.
        bootstraps : int, default 500
            Bootstrap replicates for the confidence intervals.
        confidence_intervals : float or None, default 0.95
            Confidence level; None: no intervals (and no bootstrap).
        seed : int or None, default None
            ``set.seed(seed)`` before each model's bootstrap.
        {{display_kwargs}}

        {{display_returns}}

        Raises
        ------
        InputError
            For lengths that differ, a non-0/1 outcome or risks outside [0, 1].

        Notes
        -----
        R call: ``rmda::plot_decision_curve(lapply(models, function(m) {set.seed(seed);
        rmda::decision_curve(y ~ m, data, fitted.risk = TRUE)}), curve.names = names(models))``

        {{toy_example}}
        >>> y = [0, 0, 1, 1, 0, 1, 0, 1, 0, 0]
        >>> risks = {"A": [0.1, 0.4, 0.35, 0.8, 0.2, 0.7, 0.3, 0.6, 0.1, 0.2], "B": [0.3] * 10}
        >>> disp = plots.DecisionCurveDisplay.from_predictions(y, risks, confidence_intervals=None)
        >>> nb = disp.results[0].curve("model").set_index("thresholds")["NB"]  # A at threshold 0.1: 4 TP, 4 FP
        >>> list(disp.lines_), round(float(nb[0.1]), 4), round(4 / 10 - 4 / 10 * 0.1 / 0.9, 4)
        (['A', 'B'], 0.3556, 0.3556)
        >>> plt.close(disp.figure_)
        """
        from ..dca import decision_curve

        if isinstance(predictions, dict):
            if name is not None:
                raise InputError("DecisionCurveDisplay.from_predictions: with a dict of predictions the names are "
                                 "its keys; do not give name=")
            models = predictions
        else:
            models = {name or "model": predictions}
        yy = _column(y, "y")
        results = {}
        for name, p in models.items():
            pp = _column(p, f"predictions[{name!r}]")
            if pp.shape[0] != yy.shape[0]:
                raise InputError(f"predictions[{name!r}] has {pp.shape[0]} values but y has {yy.shape[0]}")
            col = "risk" if str(name) == "y" else str(name)
            results[str(name)] = decision_curve(
                pd.DataFrame({"y": yy, col: pp}), "y", col, fitted_risk=True, thresholds=thresholds, policy=policy,
                bootstraps=bootstraps, confidence_intervals=confidence_intervals, seed=seed)
        return cls(results).plot(ax, **kwargs)


def _ci_label(result, label: str | None) -> str:
    """The legend label of a model's CI band: "95% CI", or "label: 95% CI" when several models are drawn."""
    level = result.confidence_intervals
    pct = f"{int(round(level * 100))}% CI" if level is not None else "CI"
    return pct if label is None else f"{label}: {pct}"


def _band(ax, c, measure: str, o: np.ndarray, color, band_label: str | None):
    """The CI band of one curve's rows ``c`` (sorted by ``o``), or None when it has no bounds."""
    lo_col, hi_col = f"{measure}_lower", f"{measure}_upper"
    if lo_col not in c.columns or not c[lo_col].notna().any():
        return None
    x = c["thresholds"].to_numpy(dtype=float)[o]
    lo = c[lo_col].to_numpy(dtype=float)[o]
    hi = c[hi_col].to_numpy(dtype=float)[o]
    ok = np.isfinite(lo) & np.isfinite(hi)
    return ax.fill_between(x, np.where(ok, lo, np.nan), np.where(ok, hi, np.nan), color=color, alpha=0.18,
                           linewidth=0, label=band_label)

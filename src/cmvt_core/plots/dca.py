"""Decision-curve figures: the model(s), treat all, treat none, with bootstrap CI bands; the clinical impact curve.

:class:`DecisionCurveDisplay` draws one or several models' curves into any matplotlib axes, as rmda's
``plot_decision_curve`` draws a list of ``decision_curve`` results (sNB by default, as rmda's
``standardize = TRUE``; ``standardized=False`` plots net benefit).  :class:`ClinicalImpactDisplay` draws
:func:`cmvt_core.clinical_impact`'s counts as rmda's ``plot_clinical_impact``, with its cost:benefit axis.
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

__all__ = ["DecisionCurveDisplay", "ClinicalImpactDisplay"]

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

    @classmethod
    @fill_doc
    def from_survival(cls, dc, ax: Axes | None = None, *, standardized: bool = False,
                      **kwargs: Any) -> DecisionCurveDisplay:
        """Draw a :func:`cmvt_core.decision_curve_survival` result: each model, treat all, treat none (and the
        bootstrap bands when it has them), net benefit by default as dcurves plots it.

        Parameters
        ----------
        dc : SurvivalDecisionCurve
            The result.
        {{display_ax}}
        standardized : bool, default False
            Plot net benefit divided by the Kaplan–Meier risk at the horizon (``pos_rate``) instead.
        {{display_kwargs}}

        {{display_returns}}
        R call: ``plot(dcurves::dca(Surv(time, event) ~ model, data, time = t))``

        {{toy_example}}
        >>> from cmvt_core import decision_curve_survival
        >>> time = [2, 3, 5, 6, 8, 9, 11, 12, 14, 15]
        >>> event = [1, 1, 0, 1, 1, 0, 1, 0, 0, 0]
        >>> risk = [0.9, 0.8, 0.3, 0.7, 0.5, 0.2, 0.4, 0.1, 0.3, 0.2]
        >>> dc = decision_curve_survival(time, event, risk, time_horizon=7)
        >>> disp = plots.DecisionCurveDisplay.from_survival(dc)
        >>> list(disp.lines_), disp.ax_.get_ylabel()
        (['model'], 'Net benefit')
        >>> plt.close(disp.figure_)
        """
        from ..dca_survival import SurvivalDecisionCurve

        if not isinstance(dc, SurvivalDecisionCurve):
            raise InputError(f"DecisionCurveDisplay.from_survival needs a decision_curve_survival() result, not "
                             f"{type(dc).__name__}")
        models = [v for v in dict.fromkeys(dc.dca["variable"]) if v not in ("all", "none")]
        return cls({m: _SurvivalCurves(dc, m) for m in models}).plot(ax, standardized=standardized, **kwargs)


class _SurvivalCurves:
    """One model of a :func:`cmvt_core.decision_curve_survival` result in the shape the display reads
    (rmda's ``derived_data`` columns ``thresholds, NB, sNB, model`` and the bounds; ``sNB = NB / pos_rate``)."""

    def __init__(self, sdc, variable: str) -> None:
        d = sdc.dca

        def rows(v: str, name: str) -> pd.DataFrame:
            c = d[d["variable"] == v]
            nb = c["net_benefit"].to_numpy(float)
            out = {"thresholds": c["threshold"].to_numpy(float), "NB": nb, "sNB": nb / sdc.pos_rate, "model": name}
            if "net_benefit_lower" in c.columns:
                for side in ("lower", "upper"):
                    b = c[f"net_benefit_{side}"].to_numpy(float)
                    out[f"NB_{side}"], out[f"sNB_{side}"] = b, b / sdc.pos_rate
            return pd.DataFrame(out)

        self.derived_data = pd.concat([rows(variable, variable), rows("all", "All"), rows("none", "None")],
                                      ignore_index=True)
        self.model_label = variable
        self.confidence_intervals = sdc.confidence_intervals

    def curve(self, model: str = "model") -> pd.DataFrame:
        label = self.model_label if model == "model" else model
        return self.derived_data[self.derived_data["model"] == label].reset_index(drop=True)


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


@fill_doc
class ClinicalImpactDisplay(Display):
    """The clinical impact curve of a decision curve, drawn into any axes as rmda's ``plot_clinical_impact``.

    Out of ``population_size`` people, the number classified high risk (solid) and the number of those
    with the outcome (dashed) at each threshold, the bootstrap CI bands when the decision curve has
    them, and rmda's cost:benefit axis under the threshold axis.  For an opt-out decision curve: the number
    low risk and the number of those without the outcome.  The numbers are
    :func:`cmvt_core.clinical_impact`'s table (``.table_``); each line skips its own missing points, as
    rmda's ``complete.cases``.

    Parameters
    ----------
    dc : DecisionCurveResult
        A :func:`cmvt_core.decision_curve` result.
    population_size : int, default 1000
        The population the counts are out of (rmda's ``population.size``).

    Attributes
    ----------
    dc : DecisionCurveResult
        The decision curve.
    population_size : int
        The population size.
    table_ : pandas.DataFrame
        ``clinical_impact(dc, population_size=population_size)``: the numbers drawn.
    {{display_attributes}}
    line_ : matplotlib.lines.Line2D
        The number high risk (opt-out: low risk), solid.
    outcome_line_ : matplotlib.lines.Line2D
        The number high risk with the outcome (opt-out: low risk without it), dashed.
    bands_ : dict of str to matplotlib.collections.PolyCollection
        The CI bands drawn, by the label of their line.
    cost_benefit_ : pandas.DataFrame or None
        The cost:benefit ticks (:func:`cmvt_core.impact.cost_benefit_axis`), None without that axis.
    cost_benefit_axis_ : matplotlib.axes.Axes or None
        The secondary x axis that shows them.

    Raises
    ------
    InputError
        For something that is not a decision_curve() result, or a population size that is not a positive
        whole number.

    Notes
    -----
    R call: ``rmda::plot_clinical_impact(dc, population.size = population_size)``
    {{figure_drawn}}

    {{figure_example}}
    >>> from cmvt_core import decision_curve
    >>> dc = decision_curve(d, "cmvt", ["post_nlr"], confidence_intervals=None)
    >>> fig, axs = plt.subplots(1, 2)
    >>> disp = plots.ClinicalImpactDisplay.from_decision_curve(dc, ax=axs[1], population_size=100)
    >>> disp.ax_ is axs[1], [t.get_text() for t in disp.ax_.get_legend().get_texts()]
    (True, ['Number high risk', 'Number high risk with event'])
    >>> plt.close(fig)
    """

    def __init__(self, dc: DecisionCurveResult, population_size: int = 1000) -> None:
        from ..impact import clinical_impact

        self.table_ = clinical_impact(dc, population_size=population_size)
        self.dc = dc
        self.population_size = int(population_size)

    @fill_doc
    def plot(self, ax: Axes | None = None, *, confidence_intervals: bool = True, cost_benefit_axis: bool = True,
             n_cost_benefits: int = 6, cost_benefits: Sequence[str] | None = None,
             xlim: tuple[float, float] | None = None, ylim: tuple[float, float] | None = None,
             title: str | None = None, figsize: tuple[float, float] = DCA_SIZE,
             **kwargs: Any) -> ClinicalImpactDisplay:
        """Draw the clinical impact curve into ``ax`` (a new pyplot figure when None).

        Parameters
        ----------
        {{display_ax}}
        confidence_intervals : bool, default True
            Draw the bootstrap CI bands (when the decision curve has them).
        cost_benefit_axis : bool, default True
            Draw rmda's cost:benefit axis under the threshold axis.
        n_cost_benefits : int, default 6
            How many default cost:benefit ratios that axis shows (rmda's ``n.cost.benefits``).
        cost_benefits : sequence of str or None, default None
            Ratios "C:B" to show instead (rmda's ``cost.benefits``).
        xlim : tuple of float or None, default None
            The threshold range; None is the thresholds' range (rmda's default).
        ylim : tuple of float or None, default None
            The y range; None is ``(0, 1.05 * population_size)`` (rmda's default).
        {{title_figsize}}
        {{line_kwargs}}

        {{display_returns}}
        R call: ``rmda::plot_clinical_impact(dc, population.size, cost.benefit.axis, n.cost.benefits,
        cost.benefits, confidence.intervals, xlim, ylim)``

        {{figure_example}}
        >>> from cmvt_core import decision_curve
        >>> dc = decision_curve(d, "cmvt", ["post_nlr"], policy="opt-out", confidence_intervals=None)
        >>> disp = plots.ClinicalImpactDisplay(dc, 500).plot(cost_benefit_axis=False)
        >>> disp.ax_.get_ylabel(), disp.ax_.get_xlabel(), [float(v) for v in disp.ax_.get_ylim()]
        ('Number low risk (out of 500)', 'Low Risk Threshold', [0.0, 525.0])
        >>> plt.close(disp.figure_)
        """
        from ..impact import cost_benefit_axis as cb_axis

        ax = self._axes(ax, figsize)
        opt_in = self.dc.policy == "opt-in"
        n = self.population_size
        tab = self.table_
        names = list(tab.columns[1:3])
        labels = ["Number high risk", "Number high risk with event"] if opt_in else \
            ["Number low risk", "Number low risk without event"]
        ax.grid(True, color="0.92", linewidth=0.8, zorder=0)
        ax.set_axisbelow(True)
        x = tab["thresholds"].to_numpy(dtype=float)
        lines, self.bands_ = [], {}
        for col, label, ls in zip(names, labels, ("-", "--")):
            y = tab[col].to_numpy(dtype=float)
            fin = np.isfinite(y)  # complete.cases: each line skips its own missing points
            style = {"color": "0.0", "linewidth": 1.6, **kwargs, "linestyle": ls, "label": label}
            lines.append(ax.plot(x[fin], y[fin], **style)[0])
            if confidence_intervals and f"{col}_lower" in tab.columns:
                lo = tab[f"{col}_lower"].to_numpy(dtype=float)
                hi = tab[f"{col}_upper"].to_numpy(dtype=float)
                ok = np.isfinite(lo) & np.isfinite(hi)
                if ok.any():
                    self.bands_[label] = ax.fill_between(x[ok], lo[ok], hi[ok], color=lines[-1].get_color(),
                                                         alpha=0.15, linewidth=0)
        self.line_, self.outcome_line_ = lines
        t = self.dc.derived_data["thresholds"].to_numpy(dtype=float)
        xr = (float(np.nanmin(t)), float(np.nanmax(t))) if xlim is None else (float(min(xlim)), float(max(xlim)))
        ax.set_xlim(xr)
        ax.set_ylim(ylim if ylim is not None else (0.0, n * 1.05))
        ax.set_ylabel(f"Number {'high' if opt_in else 'low'} risk (out of {n})")
        ax.set_xlabel("High Risk Threshold" if opt_in else "Low Risk Threshold")
        ax.legend(loc="upper right", fontsize=8)
        self.cost_benefit_, self.cost_benefit_axis_ = None, None
        if cost_benefit_axis:
            cb = cb_axis(xr, n_cost_benefits=n_cost_benefits, cost_benefits=cost_benefits)
            self.cost_benefit_ = cb
            if len(cb):
                sec = ax.secondary_xaxis("bottom")
                sec.spines["bottom"].set_position(("outward", 38))
                sec.set_xticks(cb["threshold"].to_numpy(dtype=float), labels=cb["name"].tolist())
                sec.set_xlabel("Cost:Benefit Ratio")
                self.cost_benefit_axis_ = sec
        return self._finish(title)

    @classmethod
    @fill_doc
    def from_decision_curve(cls, dc: DecisionCurveResult, ax: Axes | None = None, *, population_size: int = 1000,
                            **kwargs: Any) -> ClinicalImpactDisplay:
        """Draw the clinical impact curve of a :func:`cmvt_core.decision_curve` result.

        Parameters
        ----------
        dc : DecisionCurveResult
            A :func:`cmvt_core.decision_curve` result (opt-in or opt-out).
        {{display_ax}}
        population_size : int, default 1000
            The population the counts are out of (rmda's ``population.size``).
        {{display_kwargs}}

        {{display_returns}}
        R call: ``rmda::plot_clinical_impact(dc, population.size = population_size)``

        {{figure_example}}
        >>> from cmvt_core import decision_curve
        >>> dc = decision_curve(d, "cmvt", ["post_nlr"], confidence_intervals=None)
        >>> disp = plots.ClinicalImpactDisplay.from_decision_curve(dc)
        >>> disp.cost_benefit_["name"].tolist()
        ['1:100', '1:4', '2:3', '3:2', '4:1', '100:1']
        >>> plt.close(disp.figure_)
        """
        return cls(dc, population_size).plot(ax, **kwargs)

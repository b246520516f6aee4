"""ROC figure as a study reports it: 1 - specificity against sensitivity, the AUC and its 95% CI in the
legend, the Youden cut-off marked; one or several curves (e.g. training and validation)."""
from __future__ import annotations

import math
import warnings
from typing import TYPE_CHECKING, Literal, Sequence

import numpy as np
from matplotlib.figure import Figure

from .._docs import fill_doc
from ..errors import InputError, RWarning
from ._figure import SQUARE, finish, new_figure

if TYPE_CHECKING:
    from ..roc import Roc

__all__ = ["roc_figure"]

_COLORS = ("#1f4e79", "#c0392b", "#2e8b57", "#8e44ad", "#d68910", "#555555")


def _fmt(v: float, digits: int = 3) -> str:
    return "NA" if v is None or not math.isfinite(v) else f"{v:.{digits}f}"


@fill_doc
def roc_figure(rocs: Roc | Sequence[Roc] | dict[str, Roc], labels: Sequence[str] | None = None, *,
               ci_method: Literal["delong", "bootstrap"] = "delong", conf_level: float = 0.95,
               mark_youden: bool = True, digits: int = 3, title: str | None = None,
               figsize: tuple[float, float] = SQUARE) -> Figure:
    """Draw ROC curves (1 - specificity against sensitivity) with their AUC and 95% CI in the legend.

    The legend gives, per curve, ``label: AUC a (95% CI l-u)`` (CI from ``ci_auc(conf_level, ci_method)``;
    a curve without a CI, one case or one control, shows "CI NA").  With ``mark_youden`` the Youden-best
    point (``coords("best", best_method="youden")``; the first of tied rows) is marked and annotated with
    its threshold, sensitivity and specificity.

    Parameters
    ----------
    rocs : Roc or sequence of Roc or dict of str to Roc
        One result of :func:`cmvt_core.roc`, a list of them (with ``labels``) or ``{label: Roc}``.
    labels : sequence of str or None, default None
        One label per curve (not with a dict).
    ci_method : {"delong", "bootstrap"}, default "delong"
        The method of each AUC's confidence interval.
    conf_level : float, default 0.95
        The level of the confidence intervals.
    mark_youden : bool, default True
        Mark and annotate the Youden-best cut-off.
    digits : int, default 3
        Decimals in the legend and annotations.
    {{figure_title}}
    {{figsize_square}}

    {{figure_returns}}

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
    >>> from cmvt_core.plots.roc import roc_figure
    >>> fig = roc_figure({"NLR": roc(d["cmvt"], d["post_nlr"]), "PLR": roc(d["cmvt"], d["post_plr"])})
    >>> type(fig).__name__, fig.axes[0].get_ylabel()
    ('Figure', 'Sensitivity')
    >>> [t.get_text().split(" (")[0] for t in fig.axes[0].get_legend().get_texts()]
    ['NLR: AUC 0.647', 'PLR: AUC 0.604']
    """
    from ..roc import Roc

    if isinstance(rocs, dict):  # {label: Roc}, e.g. {"Training": r1, "Validation": r2}
        if labels is not None:
            raise InputError("roc_figure: give labels either as the dict's keys or as labels=, not both")
        labels = [str(k) for k in rocs]
        rocs = list(rocs.values())
    if isinstance(rocs, Roc):
        rocs = [rocs]
    rocs = list(rocs)
    if not rocs or not all(isinstance(r, Roc) for r in rocs):
        raise InputError("roc_figure needs a Roc result of cmvt_core.roc() or a list of them")
    if labels is None:
        labels = ["ROC"] if len(rocs) == 1 else [f"curve {i + 1}" for i in range(len(rocs))]
    labels = list(labels)
    if len(labels) != len(rocs):
        raise InputError(f"roc_figure: {len(labels)} label(s) for {len(rocs)} curve(s)")

    fig, ax = new_figure(figsize)
    ax.plot([0, 1], [0, 1], linestyle=":", color="#999999", linewidth=1, zorder=1)
    pct = int(round(conf_level * 100)) if abs(conf_level * 100 - round(conf_level * 100)) < 1e-9 else conf_level * 100
    for i, (r, lab) in enumerate(zip(rocs, labels)):
        color = _COLORS[i % len(_COLORS)]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RWarning)
            ci = r.ci_auc(conf_level, method=ci_method)
        ci_txt = (f"{pct}% CI {_fmt(ci[0], digits)}\u2013{_fmt(ci[2], digits)}"
                  if math.isfinite(ci[0]) else "CI NA")
        fpr = 1.0 - r.specificities
        ax.plot(fpr, r.sensitivities, color=color, linewidth=1.8, zorder=3,
                label=f"{lab}: AUC {_fmt(r.auc, digits)} ({ci_txt})")
        if mark_youden:
            best = r.coords("best", best_method="youden").iloc[0]
            bx, by = 1.0 - best["specificity"], best["sensitivity"]
            ax.plot([bx], [by], marker="o", markersize=7, markerfacecolor="white", markeredgecolor=color,
                    markeredgewidth=2, zorder=4)
            thr = best["threshold"]
            thr_txt = _fmt(thr, digits) if math.isfinite(thr) else ("-Inf" if thr < 0 else "Inf")
            ax.annotate(f"cut-off {thr_txt}\nSe {_fmt(by, digits)}, Sp {_fmt(best['specificity'], digits)}",
                        xy=(bx, by), xytext=(10, -28 - 26 * i), textcoords="offset points", fontsize=8,
                        color=color, arrowprops={"arrowstyle": "-", "color": color, "linewidth": 0.8},
                        bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": "none", "alpha": 0.85},
                        zorder=5)
    ax.set_xlim(-0.01, 1.01)
    ax.set_ylim(-0.01, 1.01)
    ax.set_aspect("equal")
    ax.set_xlabel("1 \u2212 Specificity")
    ax.set_ylabel("Sensitivity")
    ax.set_xticks(np.linspace(0, 1, 6))
    ax.set_yticks(np.linspace(0, 1, 6))
    ax.grid(True, color="#e5e5e5", linewidth=0.6, zorder=0)
    ax.legend(loc="lower right", fontsize=8, frameon=True)
    return finish(fig, ax, title)

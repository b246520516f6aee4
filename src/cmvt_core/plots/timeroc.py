"""Time-dependent ROC figure: the ROC curve at each time of a :func:`cmvt_core.time_roc` result (its TP/FP
points, as timeROC's ``plot(x, time)`` draws them), or AUC(t) against t with the pointwise 95% interval (as
timeROC's ``plotAUCcurve(x, conf.int = TRUE)``), drawn by :class:`TimeRocDisplay` into any matplotlib axes."""
from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, Literal, Sequence

import numpy as np

from .._docs import fill_doc
from ..errors import InputError
from ._figure import SQUARE, Display

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from ..timeroc import TimeROC

__all__ = ["TimeRocDisplay"]


def _fmt(v: float) -> str:
    return "NA" if not math.isfinite(v) else f"{v:.3f}"


@fill_doc
class TimeRocDisplay(Display):
    """Time-dependent ROC curves or the AUC(t) curve of a :func:`cmvt_core.time_roc` result.

    ``kind="roc"`` draws, for each time (or those in ``times``) where the AUC is defined, the ROC points
    ``(FP, TP)`` joined by straight lines as timeROC's ``plot()`` joins them, the legend giving ``t=<time>: AUC a``;
    ``kind="auc"`` draws AUC(t) against t with the pointwise interval ``AUC -/+ qnorm(0.975) se`` as error bars
    (when the result has standard errors) and the 0.5 line.

    Parameters
    ----------
    result : TimeROC
        A result of :func:`cmvt_core.time_roc`.

    Attributes
    ----------
    result : TimeROC
        The result drawn.
    {{display_attributes}}
    lines_ : dict of float to matplotlib.lines.Line2D
        ``kind="roc"``: the ROC curve of each time drawn.
    line_ : matplotlib.lines.Line2D
        The first ROC curve, or the AUC(t) curve.
    errorbars_ : matplotlib.container.ErrorbarContainer or None
        ``kind="auc"``: the interval bars (None without standard errors).

    Raises
    ------
    InputError
        For something that is not a time_roc() result, an unknown kind, or times the result does not hold.

    Notes
    -----
    R call: ``plot(timeROC(...), time = t)`` per time and ``plotAUCcurve(timeROC(..., iid = TRUE), conf.int =
    TRUE)`` (timeROC 0.4.1)
    {{figure_drawn}}

    {{toy_example}}
    >>> from cmvt_core import time_roc
    >>> r = time_roc([1, 2, 3, 4, 5, 6, 7, 8], [1, 1, 0, 1, 0, 1, 1, 0], [8, 6, 7, 3, 5, 2, 4, 1], [4, 6])
    >>> fig, (left, right) = plt.subplots(1, 2)
    >>> roc = plots.TimeRocDisplay.from_time_roc(r, ax=left)
    >>> auc = plots.TimeRocDisplay.from_time_roc(r, ax=right, kind="auc")
    >>> [ln.get_label() for ln in roc.lines_.values()], auc.ax_.get_ylabel()
    (['t=4: AUC 1.000', 't=6: AUC 0.833'], 'AUC(t)')
    >>> plt.close(fig)
    """

    def __init__(self, result: TimeROC) -> None:
        from ..timeroc import TimeROC

        if not isinstance(result, TimeROC):
            raise InputError(f"TimeRocDisplay needs a time_roc() result, not {type(result).__name__}")
        self.result = result

    @fill_doc
    def plot(self, ax: Axes | None = None, *, kind: Literal["roc", "auc"] = "roc",
             times: Sequence[float] | None = None, title: str | None = None,
             figsize: tuple[float, float] = SQUARE, **kwargs: Any) -> TimeRocDisplay:
        """Draw the ROC curves (``kind="roc"``) or AUC(t) (``kind="auc"``) into ``ax``.

        Parameters
        ----------
        {{display_ax}}
        kind : {"roc", "auc"}, default "roc"
            ROC curves per time, or the AUC against time.
        times : sequence of float or None, default None
            ``kind="roc"``: the times to draw (each one of the result's); None: every time with an AUC.
        {{title_figsize}}
        {{line_kwargs}}

        {{display_returns}}
        R call: ``plot(x, time = t, add = TRUE)`` per time, or ``plotAUCcurve(x, conf.int = TRUE)``
        """
        from .. import _validate as V

        kind = V.choice(kind, "kind", ["roc", "auc"])
        r = self.result
        ax = self._axes(ax, figsize)
        self.lines_, self.errorbars_ = {}, None
        if kind == "roc":
            if times is None:
                cols = [j for j in range(r.times.shape[0]) if math.isfinite(r.auc[j])]
            else:
                cols = []
                for t in times:
                    hit = np.flatnonzero(r.times == float(t))
                    if hit.shape[0] == 0:
                        raise InputError(f"TimeRocDisplay: time {t!r} is not one of the result's times "
                                         f"{r.times.tolist()}")
                    cols.append(int(hit[0]))
            for i, j in enumerate(cols):
                fp = r.fp.iloc[:, j].to_numpy(float)
                tp = r.tp.iloc[:, j].to_numpy(float)
                label = f"{r.tp.columns[j]}: AUC {_fmt(float(r.auc[j]))}"
                style = {"color": f"C{i % 10}", "linewidth": 1.6, **kwargs}
                self.lines_[float(r.times[j])] = ax.plot(fp, tp, label=label, **style)[0]
            ax.plot([0, 1], [0, 1], color="0.6", linestyle=":", linewidth=0.8)
            ax.set_xlim(0, 1)
            ax.set_ylim(0, 1)
            ax.set_xlabel("1 - Specificity (FP)")
            ax.set_ylabel("Sensitivity (TP)")
            ax.set_aspect("equal", adjustable="box")
            if self.lines_:
                self.line_ = next(iter(self.lines_.values()))
                ax.legend(loc="lower right", frameon=False, fontsize=8)
        else:
            ok = np.isfinite(r.auc)
            t, a = r.times[ok], r.auc[ok]
            style = {"color": "C0", "linewidth": 1.6, "marker": "o", **kwargs}
            self.line_ = ax.plot(t, a, label="AUC(t)", **style)[0]
            if np.isfinite(r.se[ok]).any():
                lo, hi = r.ci_lower[ok], r.ci_upper[ok]
                self.errorbars_ = ax.errorbar(t, a, yerr=np.vstack([a - lo, hi - a]), fmt="none",
                                              ecolor=self.line_.get_color(), capsize=3, label="95% CI")
            ax.axhline(0.5, color="0.6", linestyle=":", linewidth=0.8)
            ax.set_xlabel("Time t")
            ax.set_ylabel("AUC(t)")
            ax.set_ylim(0, 1.05)
            ax.legend(loc="lower right", frameon=False, fontsize=8)
        return self._finish(title)

    @classmethod
    @fill_doc
    def from_time_roc(cls, result: TimeROC, ax: Axes | None = None, **kwargs: Any) -> TimeRocDisplay:
        """Draw a :func:`cmvt_core.time_roc` result.

        Parameters
        ----------
        result : TimeROC
            The result.
        {{display_ax}}
        {{display_kwargs}}

        {{display_returns}}
        R call: ``plot(timeROC(...), time = t)`` / ``plotAUCcurve(timeROC(..., iid = TRUE), conf.int = TRUE)``

        {{toy_example}}
        >>> from cmvt_core import time_roc
        >>> r = time_roc([1, 2, 3, 4, 5, 6, 7, 8], [1, 1, 0, 1, 0, 1, 1, 0], [8, 6, 7, 3, 5, 2, 4, 1], [4, 6])
        >>> disp = plots.TimeRocDisplay.from_time_roc(r, kind="auc")
        >>> disp.line_.get_xdata().tolist()
        [4.0, 6.0]
        >>> plt.close(disp.figure_)
        """
        return cls(result).plot(ax, **kwargs)

"""Kaplan–Meier figure as survminer's ``ggsurvplot`` draws it: the survival step curve from time 0, its 95%
band, "+" marks at censoring times and the numbers at risk under the axis; one curve per group.  Drawn by
:class:`KaplanMeierDisplay` into any matplotlib axes (scikit-learn's display pattern)."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Sequence

import numpy as np

from .._docs import fill_doc
from ..errors import InputError
from ._figure import WIDE, Display

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes
    from numpy.typing import ArrayLike

__all__ = ["KaplanMeierDisplay"]

# survminer's default palette ("hue", ggplot2's first colours), then darker ones
_COLORS = ("#F8766D", "#00BFC4", "#7CAE00", "#C77CFF", "#1f4e79", "#555555")
_COLUMNS = {"time", "n_risk", "n_event", "n_censor", "surv", "lower", "upper"}


def _tables(curves, labels) -> tuple[list[pd.DataFrame], list[str]]:
    """(tables, labels) from one survfit table, a list of them (with labels) or ``{label: table}``."""
    import pandas as pd

    given = None if labels is None else [str(v) for v in labels]
    if isinstance(curves, dict):
        if given is not None:
            raise InputError("KaplanMeierDisplay: give labels either as the dict's keys or as labels=, not both")
        given, curves = [str(k) for k in curves], list(curves.values())
    tables = [curves] if isinstance(curves, pd.DataFrame) else list(curves)
    good = [isinstance(c, pd.DataFrame) and _COLUMNS <= set(c.columns) for c in tables]
    if not tables or not all(good):
        raise InputError("KaplanMeierDisplay needs a table of cmvt_core.survfit() (columns time, n_risk, n_event, "
                         "n_censor, surv, lower, upper) or a list or dict of them")
    names = given or (["All"] if len(tables) == 1 else [f"curve {i + 1}" for i in range(len(tables))])
    if len(names) != len(tables):
        raise InputError(f"KaplanMeierDisplay: {len(names)} label(s) for {len(tables)} curve(s)")
    return tables, names


def _from_zero(km: pd.DataFrame, col: str, start: float) -> np.ndarray:
    """A column with survfit0's row at time 0 in front (``start``: its value there)."""
    return np.concatenate(([start], km[col].to_numpy(dtype=float)))


@fill_doc
class KaplanMeierDisplay(Display):
    """Kaplan–Meier curves with their 95% band, censoring marks and the numbers at risk, drawn into any axes.

    Build it from :func:`cmvt_core.survfit` tables (:meth:`from_survfit`) or from times and events, optionally
    by group (:meth:`from_data`), or construct it and call :meth:`plot`.  Each curve is a right-continuous step
    function starting at (0, 1) (survival's ``survfit0``), its band the log-scale interval of the table
    (``lower``, ``upper``), a "+" at each time with a censoring; the numbers at risk at the x-axis ticks are
    written under the axis, one row per curve, as survminer's risk table gives them
    (``summary(fit, times = ticks, extend = TRUE)$n.risk``).

    Parameters
    ----------
    curves : pandas.DataFrame or sequence of DataFrame or dict of str to DataFrame
        One :func:`cmvt_core.survfit` table, a list of them (with ``labels``) or ``{label: table}``.
    labels : sequence of str or None, default None
        The curves' names (not with a dict); None: "All" for one curve, "curve 1", ... for several.

    Attributes
    ----------
    {{display_attributes}}
    curves, labels : list
        The survfit tables and their labels.
    lines_, bands_, censor_marks_ : dict of str to matplotlib artists
        Per label: the step curve (``Line2D``), the shaded band (``PolyCollection``; empty without
        ``conf_int``) and the "+" marks (``Line2D``; empty without ``censor_marks``).
    line_ : matplotlib.lines.Line2D
        The first curve.
    risk_table_ : pandas.DataFrame or None
        The numbers at risk written under the axis: one row per label, one column per time (None without
        ``risk_table``).
    risk_texts_ : list of matplotlib.text.Text
        The texts of the risk table (its title, the row labels and the numbers).

    Raises
    ------
    InputError
        For something that is not survfit tables, or labels that do not match the curves.

    Notes
    -----
    R call: ``survminer::ggsurvplot(survfit(Surv(time, event) ~ group), conf.int = TRUE, risk.table = TRUE)``
    {{figure_drawn}}

    {{toy_example}}
    >>> from cmvt_core import survfit
    >>> km = survfit([1, 2, 2, 3, 5, 8, 9, 12], [1, 1, 0, 1, 0, 1, 0, 1])
    >>> fig, ax = plt.subplots()
    >>> disp = plots.KaplanMeierDisplay.from_survfit(km, ax=ax)
    >>> disp.ax_ is ax, disp.risk_table_.loc["All"].tolist()[:3]
    (True, [8, 7, 4])
    >>> plt.close(fig)
    """

    def __init__(self, curves: pd.DataFrame | Sequence[pd.DataFrame] | dict[str, pd.DataFrame],
                 labels: Sequence[str] | None = None) -> None:
        self.curves, self.labels = _tables(curves, labels)

    @fill_doc
    def plot(self, ax: Axes | None = None, *, conf_int: bool = True, censor_marks: bool = True,
             risk_table: bool = True, risk_times: ArrayLike | None = None, xlabel: str = "Time",
             ylabel: str = "Survival probability", title: str | None = None,
             figsize: tuple[float, float] = WIDE, **kwargs: Any) -> KaplanMeierDisplay:
        """Draw the curves into ``ax`` (a new pyplot figure when None).

        Parameters
        ----------
        {{display_ax}}
        conf_int : bool, default True
            Shade each curve's 95% band.
        censor_marks : bool, default True
            Mark the censoring times with "+".
        risk_table : bool, default True
            Write the numbers at risk under the axis.
        risk_times : array-like of float or None, default None
            The times of the risk table (also the x ticks); None: the x-axis ticks from 0 to the last time.
        xlabel, ylabel : str
            The axis labels.
        {{title_figsize}}
        {{line_kwargs}}

        {{display_returns}}
        R call: ``survminer::ggsurvplot(fit, conf.int = TRUE, risk.table = TRUE)``

        {{toy_example}}
        >>> from cmvt_core import survfit
        >>> disp = plots.KaplanMeierDisplay(survfit([1, 2, 3, 4], [1, 0, 1, 1])).plot(risk_times=[0, 2, 4])
        >>> disp.risk_table_.loc["All"].tolist(), plt.fignum_exists(disp.figure_.number)
        ([4, 3, 1], True)
        >>> plt.close(disp.figure_)
        """
        import pandas as pd
        from matplotlib import transforms

        from ..kaplan_meier import number_at_risk

        ax = self._axes(ax, figsize)
        self.lines_, self.bands_, self.censor_marks_ = {}, {}, {}
        for i, (km, lab) in enumerate(zip(self.curves, self.labels)):
            color = _COLORS[i % len(_COLORS)]
            x = _from_zero(km, "time", 0.0)
            style = {"color": color, "linewidth": 1.6, "zorder": 3, "label": lab, **kwargs}
            line = ax.step(x, _from_zero(km, "surv", 1.0), where="post", **style)[0]
            self.lines_[lab] = line
            if conf_int:
                self.bands_[lab] = ax.fill_between(x, _from_zero(km, "lower", 1.0), _from_zero(km, "upper", 1.0),
                                                   step="post", color=line.get_color(), alpha=0.18, linewidth=0,
                                                   zorder=2)
            if censor_marks:
                cens = km["n_censor"].to_numpy() > 0
                self.censor_marks_[lab] = ax.plot(km["time"].to_numpy(dtype=float)[cens],
                                                  km["surv"].to_numpy(dtype=float)[cens], linestyle="none",
                                                  marker="+", markersize=7, color=line.get_color(), zorder=4)[0]
        self.line_ = self.lines_[self.labels[0]]
        tmax = max(float(km["time"].max()) for km in self.curves)
        ax.set_xlim(0, tmax if tmax > 0 else 1.0)
        ax.set_ylim(0, 1.02)
        ax.set_xlabel(xlabel)
        ax.set_ylabel(ylabel)
        if risk_times is not None:
            ticks = np.asarray(risk_times, dtype=float)
            if ticks.ndim != 1 or not np.all(np.isfinite(ticks)) or np.any(ticks < 0):
                raise InputError("KaplanMeierDisplay: risk_times must be finite times >= 0")
            ax.set_xticks(ticks)
            ax.set_xlim(0, max(ax.get_xlim()[1], float(ticks.max()) if ticks.size else 0.0))
        else:
            lo, hi = ax.get_xlim()
            ticks = np.array([t for t in ax.get_xticks() if lo - 1e-9 <= t <= hi + 1e-9])
        ax.grid(True, color="#e5e5e5", linewidth=0.6, zorder=0)
        if len(self.curves) > 1:
            ax.legend(loc="upper right", fontsize=8, frameon=True)
        self.risk_table_, self.risk_texts_ = None, []
        if risk_table:
            table = pd.DataFrame([number_at_risk(km, ticks) for km in self.curves], index=self.labels,
                                 columns=ticks)
            self.risk_table_ = table
            trans = transforms.blended_transform_factory(ax.transData, ax.transAxes)
            lab_trans = transforms.blended_transform_factory(ax.transAxes, ax.transAxes)
            # the row names end 18 points left of the axes, clear of a number centred at time 0
            name_trans = transforms.offset_copy(lab_trans, fig=self.figure_, x=-18, units="points")
            top = -0.2  # below the tick labels and the x label
            self.risk_texts_.append(ax.text(0.0, top, "Number at risk", transform=lab_trans, ha="left",
                                            va="top", fontsize=9, fontweight="bold", clip_on=False))
            for r, (lab, row) in enumerate(table.iterrows()):
                y = top - 0.08 * (r + 1)
                color = self.lines_[lab].get_color()
                self.risk_texts_.append(ax.text(0.0, y, lab, transform=name_trans, ha="right", va="top",
                                                fontsize=8, color=color, clip_on=False))
                for t, v in row.items():
                    self.risk_texts_.append(ax.text(t, y, f"{int(v)}", transform=trans, ha="center", va="top",
                                                    fontsize=8, color=color, clip_on=False))
        return self._finish(title)

    @classmethod
    @fill_doc
    def from_survfit(cls, km: pd.DataFrame | Sequence[pd.DataFrame] | dict[str, pd.DataFrame],
                     ax: Axes | None = None, *, labels: Sequence[str] | None = None,
                     **kwargs: Any) -> KaplanMeierDisplay:
        """Draw :func:`cmvt_core.survfit` tables, several curves on one axes.

        Parameters
        ----------
        km : pandas.DataFrame or sequence of DataFrame or dict of str to DataFrame
            One survfit table, or several: a list named by ``labels``, or ``{label: table}`` (whose keys are the
            labels).
        {{display_ax}}
        labels : sequence of str or None, default None
            The names of a list of tables.
        {{display_kwargs}}

        {{display_returns}}
        R call: ``survminer::ggsurvplot(survfit(Surv(time, event) ~ 1), conf.int = TRUE, risk.table = TRUE)``

        {{toy_example}}
        >>> from cmvt_core import survfit
        >>> a, b = survfit([2, 4, 4, 6, 9], [1, 1, 0, 1, 1]), survfit([1, 3, 5, 7, 8], [1, 0, 1, 0, 1])
        >>> disp = plots.KaplanMeierDisplay.from_survfit({"A": a, "B": b}, risk_times=[0, 3, 6, 9])
        >>> disp.risk_table_.to_numpy().tolist()
        [[5, 4, 2, 1], [5, 4, 2, 0]]
        >>> plt.close(disp.figure_)
        """
        return cls(km, labels).plot(ax, **kwargs)

    @classmethod
    @fill_doc
    def from_data(cls, time: ArrayLike, event: ArrayLike, ax: Axes | None = None, *,
                  group: ArrayLike | None = None, label: str | None = None, **kwargs: Any) -> KaplanMeierDisplay:
        """Estimate the curve(s) with :func:`cmvt_core.survfit` (one per group) and draw.

        Parameters
        ----------
        time : array-like of float
            Follow-up times (finite, >= 0).
        event : array-like of 0/1 or bool
            1 where the time is an event, 0 where it is censored.
        {{display_ax}}
        group : array-like or None, default None
            A group per row: one curve per group, in sorted order of the groups (R's strata), the time fix
            applied to all rows together as ``survfit(Surv(time, event) ~ group)`` does.
        label : str or None, default None
            The label of a single curve (default "All"; not with ``group``).
        {{display_kwargs}}

        {{display_returns}}
        R call: ``survminer::ggsurvplot(survfit(Surv(time, event) ~ group), conf.int = TRUE, risk.table = TRUE)``

        {{toy_example}}
        >>> disp = plots.KaplanMeierDisplay.from_data([2, 4, 4, 6, 1, 3, 5, 7], [1, 1, 0, 1, 1, 0, 1, 0],
        ...                                           group=["b", "b", "b", "b", "a", "a", "a", "a"])
        >>> disp.labels, [round(v, 3) for v in disp.curves[0]["surv"]]
        (['a', 'b'], [0.75, 0.75, 0.375, 0.375])
        >>> plt.close(disp.figure_)
        """
        from ..kaplan_meier import survfit, survfit_groups

        if group is None:
            return cls(survfit(time, event), [label or "All"]).plot(ax, **kwargs)
        if label is not None:
            raise InputError("KaplanMeierDisplay.from_data: with group= the labels are the groups; do not give label=")
        return cls(survfit_groups(time, event, group)).plot(ax, **kwargs)

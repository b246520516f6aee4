"""The nomogram drawn the way ``plot(nomogram(fit, fun=plogis))`` draws it in rms.

One row per axis: "Points" (0..maxscale) on top, one axis per predictor with its values placed at
their points, then "Total Points", optionally "Linear Predictor", and the risk axis at the bottom.
The total-points axis (0..max of its ticks) is stretched to the same width as the points axis,
and the linear-predictor and risk axes are drawn against it, as rms does.  :class:`NomogramDisplay` draws
it into any matplotlib axes (scikit-learn's display pattern).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from .._docs import fill_doc
from ._figure import Display

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from ..nomogram import Nomogram

__all__ = ["NomogramDisplay"]


def _fmt(v) -> str:
    if isinstance(v, str):
        return v
    v = float(v)
    return f"{v:.7g}"


def tick_sides(points) -> np.ndarray | None:
    """rms's ``plot.nomogram`` split of a non-monotone axis (an rcs/pol/lsp axis that turns): the ticks
    run in segments cut where the direction changes (``c(FALSE, FALSE, diff(diff(xt) > 0) != 0)``),
    drawn alternately below (1) and above (3) the line.  None for a monotone axis (one side, as usual)."""
    xt = np.asarray(points, dtype=float)
    if xt.size <= 2:
        return None
    ch = np.concatenate([[False, False], np.diff((np.diff(xt) > 0).astype(int)) != 0])
    if not ch.any():
        return None
    sides = np.empty(xt.size, dtype=int)
    flag, start = 0, 0
    for k in list(np.flatnonzero(ch)) + [xt.size]:
        sides[start:k] = (1, 3)[flag]
        flag = 1 - flag
        start = k
    return sides


def _axis(ax, y, xs, labels, label, *, minor=None, xmax=100.0, sides=None):
    xs = np.asarray(xs, dtype=float)
    if xs.size == 0:
        return None
    lo, hi = float(np.nanmin(xs)), float(np.nanmax(xs))
    ax.plot([lo, hi], [y, y], color="black", lw=0.9, solid_capstyle="butt")
    if sides is not None:  # a non-monotone axis: each segment's ticks and labels on its own side
        for x, lab, sd in zip(xs, labels, sides):
            d = 1.0 if sd == 3 else -1.0
            ax.plot([x, x], [y, y + 0.18 * d], color="black", lw=0.9)
            ax.text(x, y + 0.25 * d, lab, ha="center", va="bottom" if d > 0 else "top", fontsize=7)
        return ax.text(-0.04 * xmax, y, label, ha="right", va="center", fontsize=9)
    for x in xs:
        ax.plot([x, x], [y, y + 0.18], color="black", lw=0.9)
    # stagger labels that would overlap (like rms, which alternates above/below on crowded axes)
    last_x = -np.inf
    up = True
    order = np.argsort(xs, kind="stable")
    for idx in order:
        x, lab = xs[idx], labels[idx]
        crowded = (x - last_x) < 0.035 * xmax * max(1, len(lab) / 3)
        up = (not up) if crowded else True
        ax.text(x, y + (0.25 if up else -0.22), lab, ha="center", va="bottom" if up else "top", fontsize=7)
        last_x = x
    if minor is not None:
        for x in minor:
            ax.plot([x, x], [y, y + 0.09], color="black", lw=0.6)
    return ax.text(-0.04 * xmax, y, label, ha="right", va="center", fontsize=9)


def _rows(nom: Nomogram, show_lp: bool) -> int:
    """The number of axes (rows) the nomogram has."""
    return (1 + len(nom.axes) + 1 + (1 if show_lp else 0) + (1 if len(nom.risk_axis) else 0)
            + len(getattr(nom, "survival_axes", {})))


def _time_text(t: float) -> str:
    t = float(t)
    return str(int(t)) if t.is_integer() and abs(t) < 1e15 else repr(t)


def figure_height(nom: Nomogram, show_lp: bool = False) -> float:
    """The figure height in inches that gives every axis of ``nom`` its row (``NomogramDisplay``'s when it makes the figure)."""
    return 0.55 * _rows(nom, show_lp) + 0.6


@fill_doc
class NomogramDisplay(Display):
    """A nomogram the way ``plot(nomogram(fit, fun = plogis))`` draws it in rms, into any axes.

    One row per axis: "Points" on top, one axis per predictor, "Total Points", optionally "Linear
    Predictor", and the risk axis at the bottom (module docstring); for a nomogram of a ``cph`` fit, one
    survival axis per time instead of the risk axis, labelled ``survlabel.format(t=t)`` ("Survival at
    t=365"; pass e.g. ``survlabel="{t}-day survival"``); for a stratified cph fit one axis per time and
    stratum, the stratum appended: "365-day survival (sex=1)".  scikit-learn's display pattern:
    :meth:`from_nomogram`, or construct it and call :meth:`plot`.

    Parameters
    ----------
    nom : Nomogram
        A result of :func:`cmvt_core.nomogram`.
    funlabel : str, default "Risk"
        The label of the risk axis.
    show_lp : bool, default False
        Draw the linear-predictor axis too.
    survlabel : str, default "Survival at t={t}"
        The label of each survival axis (cph), a format string with the field ``t`` (the time, 365 for 365.0).

    Attributes
    ----------
    nom : Nomogram
        The nomogram drawn.
    funlabel : str
        The risk axis' label.
    show_lp : bool
        Whether the linear-predictor axis is drawn.
    survlabel : str
        The survival axes' label format.
    {{display_attributes}}
    axis_labels_ : dict of str to matplotlib.text.Text
        The label of each drawn axis ("Points", the predictors, "Total Points", ..., ``funlabel`` or the
        survival axes' labels), by name.
    tick_sides_ : dict of str to numpy.ndarray or None
        Per predictor axis: None for a monotone axis; for a non-monotone one (an rcs, pol or lsp axis of a
        formula fit that turns) the side of each tick, 1 below and 3 above the line, as rms's
        ``plot.nomogram`` splits it into segments where the direction changes.

    Notes
    -----
    R call: ``plot(rms::nomogram(fit, fun = plogis, funlabel = funlabel))``; for a cph fit ``surv <-
    Survival(fit); plot(rms::nomogram(fit, fun = list(function(lp) surv(t1, lp), ...), funlabel = labels))``
    {{figure_drawn}}

    {{figure_example}}
    >>> from cmvt_core import lrm, nomogram
    >>> nom = nomogram(lrm(d[["age_group", "post_nlr"]], d["cmvt"]))
    >>> fig, axs = plt.subplots(2, 1, figsize=(8, 6))
    >>> disp = plots.NomogramDisplay.from_nomogram(nom, ax=axs[0])
    >>> disp.ax_ is axs[0], list(disp.axis_labels_)
    (True, ['Points', 'age_group', 'post_nlr', 'Total Points', 'Risk'])
    >>> plt.close(fig)
    """

    def __init__(self, nom: Nomogram, *, funlabel: str = "Risk", show_lp: bool = False,
                 survlabel: str = "Survival at t={t}") -> None:
        self.nom, self.funlabel, self.show_lp, self.survlabel = nom, funlabel, show_lp, survlabel

    @fill_doc
    def plot(self, ax: Axes | None = None, *, width: float = 8.0, title: str | None = None) -> NomogramDisplay:
        """Draw the nomogram into ``ax`` (a new pyplot figure when None).

        Parameters
        ----------
        {{display_ax}}
        width : float, default 8.0
            Width in inches of a figure made here (``ax=None``; its height follows the number of axes).
        {{figure_title}}

        {{display_returns}}
        R call: ``plot(rms::nomogram(fit, fun = plogis))``

        {{figure_example}}
        >>> from cmvt_core import lrm, nomogram
        >>> disp = plots.NomogramDisplay(nomogram(lrm(d[["age_group", "post_nlr"]], d["cmvt"])), show_lp=True).plot()
        >>> "Linear Predictor" in disp.axis_labels_, [round(float(v), 2) for v in disp.figure_.get_size_inches()]
        (True, [8.0, 3.9])
        >>> plt.close(disp.figure_)
        """
        nom = self.nom
        maxscale = nom.maxscale
        nrows = _rows(nom, self.show_lp)
        ax = self._axes(ax, (width, figure_height(nom, self.show_lp)))
        y = nrows
        pts_ticks = np.linspace(0, maxscale, 11)
        rows = [("Points", pts_ticks, [_fmt(v) for v in pts_ticks], np.linspace(0, maxscale, 51))]
        self.tick_sides_ = {}
        for n in nom.axes:
            a = nom.axes[n]
            pts = a["points"].to_numpy(float)
            numeric = not any(isinstance(v, str) for v in a["value"])
            self.tick_sides_[n] = tick_sides(pts) if numeric else None
            rows.append((n, pts, [_fmt(v) for v in a["value"]], None))
        tp = np.asarray(nom.total_points, dtype=float)
        stretch = maxscale / tp.max()
        rows.append(("Total Points", tp * stretch, [_fmt(v) for v in tp], None))
        if self.show_lp:
            rows.append(("Linear Predictor", nom.lp_axis["points"].to_numpy(float) * stretch,
                         [_fmt(v) for v in nom.lp_axis["lp"]], None))
        if len(nom.risk_axis):
            r = nom.risk_axis
            rows.append((self.funlabel, r["total_points"].to_numpy(float) * stretch, [_fmt(v) for v in r["risk"]],
                         None))
        for t, a in getattr(nom, "survival_axes", {}).items():
            # a stratified cph fit: keys (t, stratum), one axis per time and stratum, "... (sex=1)"
            lab = (f"{self.survlabel.format(t=_time_text(t[0]))} ({t[1]})" if isinstance(t, tuple)
                   else self.survlabel.format(t=_time_text(t)))
            rows.append((lab, a["total_points"].to_numpy(float) * stretch,
                         [_fmt(v) for v in a["survival"]], None))
        self.axis_labels_ = {}
        for name, xs, labels, minor in rows:
            self.axis_labels_[name] = _axis(ax, y, xs, labels, name, minor=minor, xmax=maxscale,
                                            sides=self.tick_sides_.get(name))
            y -= 1
        ax.set_xlim(-0.3 * maxscale, 1.05 * maxscale)
        ax.set_ylim(y + 1 - 0.8, nrows + 0.8)
        ax.axis("off")
        return self._finish(title)

    @classmethod
    @fill_doc
    def from_nomogram(cls, nom: Nomogram, ax: Axes | None = None, *, funlabel: str = "Risk", show_lp: bool = False,
                      survlabel: str = "Survival at t={t}", **kwargs: Any) -> NomogramDisplay:
        """Draw a :func:`cmvt_core.nomogram` result.

        Parameters
        ----------
        nom : Nomogram
            The nomogram.
        {{display_ax}}
        funlabel : str, default "Risk"
            The label of the risk axis.
        show_lp : bool, default False
            Draw the linear-predictor axis too.
        survlabel : str, default "Survival at t={t}"
            The label format of the survival axes of a cph fit's nomogram (field ``t``).
        **kwargs
            Keyword arguments of :meth:`plot` (``width``, ``title``).

        {{display_returns}}
        R call: ``plot(rms::nomogram(fit, fun = plogis, funlabel = funlabel))``

        {{figure_example}}
        >>> from cmvt_core import lrm, nomogram
        >>> disp = plots.NomogramDisplay.from_nomogram(nomogram(lrm(d[["age_group", "post_nlr"]], d["cmvt"])),
        ...                                      funlabel="Risk of CMVT")
        >>> disp.axis_labels_["Risk of CMVT"].get_text()
        'Risk of CMVT'
        >>> plt.close(disp.figure_)
        """
        return cls(nom, funlabel=funlabel, show_lp=show_lp, survlabel=survlabel).plot(ax, **kwargs)

"""The nomogram drawn the way ``plot(nomogram(fit, fun=plogis))`` draws it in rms.

One row per axis: "Points" (0..maxscale) on top, one axis per predictor with its values placed at
their points, then "Total Points", optionally "Linear Predictor", and the risk axis at the bottom.
The total-points axis (0..max of its ticks) is stretched to the same width as the points axis,
and the linear-predictor and risk axes are drawn against it, as rms does.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from matplotlib.figure import Figure

from .._docs import fill_doc
from ._figure import finish, new_figure

if TYPE_CHECKING:
    from ..nomogram import Nomogram

__all__ = ["nomogram_figure"]


def _fmt(v) -> str:
    if isinstance(v, str):
        return v
    v = float(v)
    return f"{v:.7g}"


def _axis(ax, y, xs, labels, label, *, minor=None, xmax=100.0):
    xs = np.asarray(xs, dtype=float)
    if xs.size == 0:
        return
    lo, hi = float(np.nanmin(xs)), float(np.nanmax(xs))
    ax.plot([lo, hi], [y, y], color="black", lw=0.9, solid_capstyle="butt")
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
    ax.text(-0.04 * xmax, y, label, ha="right", va="center", fontsize=9)


@fill_doc
def nomogram_figure(nom: Nomogram, *, funlabel: str = "Risk", show_lp: bool = False, width: float = 8.0) -> Figure:
    """Draw a nomogram the way ``plot(nomogram(fit, fun = plogis))`` draws it in rms.

    One row per axis: "Points" on top, one axis per predictor, "Total Points", optionally "Linear
    Predictor", and the risk axis at the bottom (module docstring).

    Parameters
    ----------
    nom : Nomogram
        A result of :func:`cmvt_core.nomogram`.
    funlabel : str, default "Risk"
        The label of the risk axis.
    show_lp : bool, default False
        Draw the linear-predictor axis too.
    width : float, default 8.0
        Figure width in inches (the height follows the number of axes).

    {{figure_returns}}

    Notes
    -----
    R call: ``plot(rms::nomogram(fit, fun = plogis, funlabel = funlabel))``
    {{figure_drawn}}

    {{figure_example}}
    >>> from cmvt_core import lrm, nomogram
    >>> from cmvt_core.plots.nomogram import nomogram_figure
    >>> fig = nomogram_figure(nomogram(lrm(d[["age_group", "post_nlr"]], d["cmvt"])))
    >>> type(fig).__name__, [t.get_text() for t in fig.axes[0].texts if t.get_text() == "Total Points"]
    ('Figure', ['Total Points'])
    """
    maxscale = nom.maxscale
    names = list(nom.axes)
    nrows = 1 + len(names) + 1 + (1 if show_lp else 0) + (1 if len(nom.risk_axis) else 0)
    fig, ax = new_figure((width, 0.55 * nrows + 0.6))
    y = nrows
    pts_ticks = np.linspace(0, maxscale, 11)
    _axis(ax, y, pts_ticks, [_fmt(v) for v in pts_ticks], "Points",
          minor=np.linspace(0, maxscale, 51), xmax=maxscale)
    for n in names:
        y -= 1
        a = nom.axes[n]
        _axis(ax, y, a["points"].to_numpy(float), [_fmt(v) for v in a["value"]], n, xmax=maxscale)
    tp = np.asarray(nom.total_points, dtype=float)
    stretch = maxscale / tp.max()
    y -= 1
    _axis(ax, y, tp * stretch, [_fmt(v) for v in tp], "Total Points", xmax=maxscale)
    if show_lp:
        y -= 1
        _axis(ax, y, nom.lp_axis["points"].to_numpy(float) * stretch, [_fmt(v) for v in nom.lp_axis["lp"]],
              "Linear Predictor", xmax=maxscale)
    if len(nom.risk_axis):
        y -= 1
        r = nom.risk_axis
        _axis(ax, y, r["total_points"].to_numpy(float) * stretch, [_fmt(v) for v in r["risk"]], funlabel,
              xmax=maxscale)
    ax.set_xlim(-0.3 * maxscale, 1.05 * maxscale)
    ax.set_ylim(y - 0.8, nrows + 0.8)
    ax.axis("off")
    return finish(fig, ax, None)

"""What every figure module shares: one empty figure with one axes, its title and layout, and the
docstring pieces of the ``*_figure`` functions (``{{figure_title}}``, ``{{figsize_square}}``,
``{{figsize_wide}}``, ``{{figure_returns}}``, ``{{figure_drawn}}``, ``{{figure_example}}``)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from matplotlib.figure import Figure

from .._docs import register

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["new_figure", "finish", "SQUARE", "WIDE"]

SQUARE = (5.6, 5.2)  # the default size of the ROC and calibration figures, in inches
WIDE = (6.5, 4.5)  # the LASSO figures'

register(figure_title="""
    title : str or None, default None
        The figure title.
""", figsize_square=f"""
    figsize : tuple of float, default {SQUARE}
        Width and height in inches.
""", figsize_wide=f"""
    figsize : tuple of float, default {WIDE}
        Width and height in inches.
""", figure_returns="""
    Returns
    -------
    matplotlib.figure.Figure
        The figure (no pyplot state); save it with :func:`cmvt_core.plots.save`.
""", figure_drawn="""
    (drawn with matplotlib, not R's graphics: a figure has no numbers to compare).
""", figure_example="""
    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from cmvt_core.datasets import load_cmvt_cohort
    >>> d = load_cmvt_cohort().astype(float)
""")


def new_figure(figsize: tuple[float, float]) -> tuple[Figure, Axes]:
    """A figure of ``figsize`` inches (no pyplot state) with its one axes."""
    fig = Figure(figsize=figsize)
    return fig, fig.add_subplot(1, 1, 1)


def finish(fig: Figure, ax: Axes, title: str | None, *, pad: float | None = None,
           tight: bool = True) -> Figure:
    """Set the title (when there is one; ``pad`` points above the axes) and, with ``tight``, the layout."""
    if title:
        ax.set_title(title, pad=pad)
    if tight:
        fig.tight_layout()
    return fig

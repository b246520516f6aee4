"""What every figure module shares: the :class:`Display` base class of the ``*Display`` classes (the axes
they draw into, kept as ``.ax_`` and ``.figure_``), a pyplot-free figure for the report, and the docstring
pieces of the displays (``{{figure_title}}``, ``{{title_figsize}}``, ``{{figure_drawn}}``, ``{{figure_example}}``,
``{{toy_example}}``, ``{{display_ax}}``, ``{{display_kwargs}}``, ``{{line_kwargs}}``, ``{{display_returns}}``,
``{{display_attributes}}``)."""
from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from matplotlib.figure import Figure

from .._docs import register
from ..errors import InputError

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import SubFigure

__all__ = ["Display", "new_figure", "on_new_figure", "SQUARE", "WIDE"]

SQUARE = (5.6, 5.2)  # the default size of the ROC and calibration figures, in inches
WIDE = (6.5, 4.5)  # the LASSO figures'

#: an example's first lines: matplotlib without a screen, pyplot and this package
_TOY = """
    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> from cmvt_core import plots"""

register(figure_title="""
    title : str or None, default None
        The axes title.
""", title_figsize="""
    title : str or None, default None
        The axes title.
    figsize : tuple of float
        Width and height in inches of a figure made here (``ax=None``).
""", figure_drawn="""
    (drawn with matplotlib, not R's graphics: a figure has no numbers to compare).
""", figure_example=_TOY + """
    >>> from cmvt_core.datasets import load_cmvt_cohort
    >>> d = load_cmvt_cohort().astype(float)
""", toy_example=_TOY, display_ax="""
    ax : matplotlib.axes.Axes or None, default None
        The axes to draw into (e.g. one of ``plt.subplots(1, 2)``); None creates a figure with pyplot
        (``plt.subplots``), so that ``.figure_.show()`` and notebooks display it.
""", display_kwargs="""
    **kwargs
        Keyword arguments of :meth:`plot` (its settings, and matplotlib line properties of the curve).
""", line_kwargs="""
    **kwargs
        matplotlib ``Line2D`` properties of the curve(s) (e.g. ``color``, ``linewidth``), over the defaults.
""", display_returns="""
    Returns
    -------
    Display
        The display, drawn: ``.ax_``, ``.figure_`` and the artists (class docstring).

    Notes
    -----
""", display_attributes="""
    ax_ : matplotlib.axes.Axes
        The axes drawn into (after :meth:`plot`).
    figure_ : matplotlib.figure.Figure
        The figure of ``ax_``; a pyplot figure when ``plot(ax=None)`` made it.
""")


class Display:
    """The base of the ``*Display`` classes: scikit-learn's display pattern (``.plot(ax=None, ...)``, the
    axes as ``.ax_``, the figure as ``.figure_``).  A figure the display makes itself (``ax=None``) is a
    pyplot figure, laid out with ``tight_layout``; a figure of the caller's axes is left as it is."""

    ax_: Axes
    figure_: Figure | SubFigure
    _owns_figure: bool = False

    def _axes(self, ax: Axes | None, figsize: tuple[float, float]) -> Axes:
        """The axes to draw into: ``ax``, or a new pyplot figure's one axes when ``ax`` is None."""
        if ax is None:
            import matplotlib.pyplot as plt

            fig, ax = plt.subplots(figsize=figsize)
            self._owns_figure = True
        else:
            from matplotlib.axes import Axes

            if not isinstance(ax, Axes):
                raise InputError(f"{type(self).__name__}: ax must be a matplotlib Axes (e.g. from plt.subplots()), "
                                 f"not {type(ax).__name__}")
            fig = ax.figure
            self._owns_figure = False
        self.ax_, self.figure_ = ax, fig
        return ax

    def _finish(self, title: str | None, pad: float | None = None):
        """Set the axes title (``pad`` points above the axes) and lay out a figure the display made."""
        if title:
            self.ax_.set_title(title, pad=pad)
        if self._owns_figure:
            self.figure_.tight_layout()
        return self


def new_figure(figsize: tuple[float, float]) -> tuple[Figure, Axes]:
    """A figure of ``figsize`` inches (no pyplot state) with its one axes."""
    fig = Figure(figsize=figsize)
    return fig, fig.add_subplot(1, 1, 1)


def on_new_figure(figsize: tuple[float, float], draw: Callable[[Axes], object], *, tight: bool = True) -> Figure:
    """A pyplot-free figure of ``figsize`` inches with ``draw(ax)`` drawn into its one axes (the report:
    nothing is left in pyplot's list of open figures); ``tight``: its layout."""
    fig, ax = new_figure(figsize)
    draw(ax)
    if tight:
        fig.tight_layout()
    return fig

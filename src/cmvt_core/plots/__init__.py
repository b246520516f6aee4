"""Figures (matplotlib), kept apart from computation: nothing in the computing modules imports this package.

One module per figure: ``cmvt_core.plots.roc``, ``.nomogram``, ``.calibration``, ``.dca``, ``.lasso``, ``.km``, ``.timeroc``.
Each has a display class in scikit-learn's pattern, importable from here: :class:`RocDisplay`,
:class:`CalibrationDisplay`, :class:`DecisionCurveDisplay`, :class:`ClinicalImpactDisplay`, :class:`NomogramDisplay`,
:class:`LassoPathDisplay`, :class:`LassoCVDisplay`,
:class:`KaplanMeierDisplay`, :class:`TimeRocDisplay` (``.from_*(..., ax=None)`` draws into the given axes, or a
new pyplot figure, and keeps them as ``.ax_`` and ``.figure_``).  ``save(fig, path_stem)`` writes PNG and
SVG, the same bytes on every run (``save(display.figure_, stem)``).  The display classes are imported (with
matplotlib) on first use.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["save", "prime", "RocDisplay", "CalibrationDisplay", "DecisionCurveDisplay", "ClinicalImpactDisplay",
           "NomogramDisplay",
           "LassoPathDisplay", "LassoCVDisplay", "KaplanMeierDisplay", "TimeRocDisplay"]

#: display class -> its module (imported on first use, so that ``prime()`` works without matplotlib)
_DISPLAYS = {"RocDisplay": "roc", "CalibrationDisplay": "calibration", "DecisionCurveDisplay": "dca",
             "ClinicalImpactDisplay": "dca",
             "NomogramDisplay": "nomogram", "LassoPathDisplay": "lasso", "LassoCVDisplay": "lasso",
             "KaplanMeierDisplay": "km", "TimeRocDisplay": "timeroc"}


def __getattr__(name: str):
    if name in _DISPLAYS:
        import importlib

        return getattr(importlib.import_module(f"{__name__}.{_DISPLAYS[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_DISPLAYS))


def save(fig: Figure, path_stem: str | os.PathLike[str]) -> list[Path]:
    """Write a figure as ``<path_stem>.png`` (150 dpi) and ``<path_stem>.svg``, the same bytes on every run.

    The parent folder is created if needed; the SVG has no date and fixed element ids.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure (e.g. a display's ``.figure_``).
    path_stem : str or os.PathLike
        The path without its extension.

    Returns
    -------
    list of pathlib.Path
        The PNG and the SVG paths.

    Notes
    -----
    R call: none (writing files; R's ``png()`` / ``svg()`` devices are not reproduced byte for byte).

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import tempfile, pathlib
    >>> from matplotlib.figure import Figure
    >>> from cmvt_core.plots import save
    >>> fig = Figure()
    >>> _ = fig.add_subplot(1, 1, 1).plot([0, 1], [0, 1])
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     paths = save(fig, pathlib.Path(tmp) / "figure")
    ...     [p.name for p in paths], all(p.stat().st_size > 0 for p in paths)
    (['figure.png', 'figure.svg'], True)
    """
    stem = Path(path_stem)
    stem.parent.mkdir(parents=True, exist_ok=True)
    import matplotlib

    out = []
    # the same bytes on every run: no date in the SVG, its element ids from a fixed salt
    with matplotlib.rc_context({"svg.hashsalt": "cmvt-core"}):
        for ext in ("png", "svg"):
            p = stem.with_suffix(f".{ext}")
            fig.savefig(p, dpi=150 if ext == "png" else None, bbox_inches="tight",
                        metadata={"Date": None} if ext == "svg" else None)
            out.append(p)
    return out


def prime() -> bool:
    """Pay matplotlib's first-use costs in a set-up step rather than in the first report.

    Imports matplotlib (Agg, unless the user chose a backend) and opens and closes one figure, so
    that the font cache on a new machine and the bytecode of its modules are built by
    ``python -m cmvt_core.warmup``.

    Parameters
    ----------
    None

    Returns
    -------
    bool
        True when matplotlib is installed, False without it (the plots extra is optional).

    Notes
    -----
    R call: none (a set-up step of the Python side).

    Examples
    --------
    >>> from cmvt_core.plots import prime
    >>> prime()
    True
    """
    try:
        import matplotlib
    except ImportError:  # the plots extra is optional
        return False
    matplotlib.use("Agg", force=False)  # as report.make_figures: keep a backend the user chose
    import matplotlib.pyplot as plt

    plt.close(plt.figure())
    return True

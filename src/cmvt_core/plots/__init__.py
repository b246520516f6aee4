"""Figures (matplotlib), kept apart from computation: nothing in the computing modules imports this package.

One module per figure: ``cmvt_core.plots.roc``, ``.nomogram``, ``.calibration``, ``.dca``, ``.lasso``.
Each takes a result object and returns a matplotlib Figure (``*_figure(result, ...)``), and
``save(fig, path_stem)`` writes PNG and SVG, the same bytes on every run.
"""
from __future__ import annotations

from pathlib import Path


def save(fig, path_stem) -> list[Path]:
    """Write ``fig`` as ``<path_stem>.png`` and ``<path_stem>.svg``; returns the two paths."""
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
    """Import matplotlib (Agg) and open and close one figure, so that its first-use costs (the font
    cache on a new machine, the bytecode of its modules) are paid in a set-up step
    (``python -m cmvt_core.warmup``) rather than by the first report.  False without matplotlib."""
    try:
        import matplotlib
    except ImportError:  # the plots extra is optional
        return False
    matplotlib.use("Agg", force=False)  # as report.make_figures: keep a backend the user chose
    import matplotlib.pyplot as plt

    plt.close(plt.figure())
    return True

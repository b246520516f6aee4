"""Progress bars of the long loops, and where the package's messages go.

Bars are tqdm's auto bar (``tqdm.auto``: a widget in a Jupyter notebook, text on stderr elsewhere),
imported only when a bar is shown, so ``import cmvt_core`` never imports tqdm.  ``progress=None`` shows
a bar only in an interactive session (stderr is a terminal, or the code runs in a Jupyter kernel) and
only once the loop has run for ``AUTO_DELAY`` seconds; it never writes into captured output (pytest's,
a pipe, a file).  ``progress=True`` always shows one, ``progress=False`` never.  A bar only counts what
the loop did: it changes no number and no drawn row.

Messages that are not R's warnings (a kernel compilation, the study's steps) go through :mod:`logging`
under ``cmvt_core.<module>``; :func:`log_to_stderr` is how a command prints them.
"""
from __future__ import annotations

import logging
import sys
from contextlib import contextmanager
from typing import Iterator

from ._docs import register

__all__: list[str] = []

# progress=None: a loop shorter than this shows nothing (a bar that flashes past is noise)
AUTO_DELAY = 1.0

register(progress="""
    progress : bool or None, default None
        A progress bar (tqdm's auto bar: notebook-aware, on stderr elsewhere): None shows one only in an
        interactive session (stderr is a terminal or a Jupyter kernel runs the code) once the loop takes
        over a second, so captured output stays clean; True always; False never.  It changes no number.
""")


def interactive() -> bool:
    """True when stderr is a terminal or the code runs in a Jupyter kernel (IPython's, already imported)."""
    try:
        if sys.stderr is not None and sys.stderr.isatty():
            return True
    except (AttributeError, ValueError):  # a closed or unusual stream
        pass
    ipython = sys.modules.get("IPython")
    if ipython is None:
        return False
    try:
        shell = ipython.get_ipython()
    except Exception:  # an IPython without a running shell
        return False
    return shell is not None and getattr(shell, "kernel", None) is not None


# progress=None shows no bar while a quiet command runs (cmvt analyze --quiet / --json): see quiet_bars
_QUIET = [False]


@contextmanager
def quiet_bars(quiet: bool = True) -> Iterator[None]:
    """Within the block, ``progress=None`` shows no bar (``progress=True`` still does): how a command's
    ``--quiet`` reaches the bootstrap loops it runs."""
    before = _QUIET[0]
    _QUIET[0] = bool(quiet) or before
    try:
        yield
    finally:
        _QUIET[0] = before


def want_progress(progress: bool | None) -> bool:
    """Whether a bar is shown for ``progress`` (None: :func:`interactive`, unless inside :func:`quiet_bars`)."""
    if progress is None:
        return not _QUIET[0] and interactive()
    return bool(progress)


class Progress:
    """A bar over ``total`` steps, or nothing when ``progress`` says no (then tqdm is not imported).

    ``update(k)`` is called in the calling thread once per completed chunk (the parallel paths report
    their chunks as they are collected, in order).
    """

    def __init__(self, progress: bool | None, total: int, desc: str, unit: str = "it"):
        self._bar = None
        if want_progress(progress):
            from tqdm.auto import tqdm

            self._bar = tqdm(total=total, desc=desc, unit=unit, file=sys.stderr, leave=True, dynamic_ncols=True,
                             delay=AUTO_DELAY if progress is None else 0.0)

    @property
    def shown(self) -> bool:
        return self._bar is not None

    def update(self, k: int) -> None:
        if self._bar is not None:
            self._bar.update(int(k))

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None

    def __enter__(self) -> "Progress":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


_PLAIN = logging.Formatter("%(message)s")


class _StderrHandler(logging.StreamHandler):
    """Writes to the ``sys.stderr`` of the moment (pytest and redirections replace it)."""

    def __init__(self):
        super().__init__(sys.stderr)
        self.setFormatter(_PLAIN)

    def emit(self, record: logging.LogRecord) -> None:
        self.stream = sys.stderr
        super().emit(record)


@contextmanager
def log_to_stderr(name: str = "cmvt_core", enabled: bool = True) -> Iterator[logging.Logger]:
    """While the block runs, INFO messages of logger ``name`` (and its children) are printed on stderr
    as plain lines (not passed on to the root logger, so they are not printed twice); ``enabled=False``
    leaves logging as it is."""
    log = logging.getLogger(name)
    if not enabled:
        yield log
        return
    handler = _StderrHandler()
    level, propagate = log.level, log.propagate
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.propagate = False
    try:
        yield log
    finally:
        log.removeHandler(handler)
        log.setLevel(level)
        log.propagate = propagate

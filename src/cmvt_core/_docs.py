"""Docstring pieces written once: a numpydoc entry shared by several functions lives here, not in each.

A docstring line that holds nothing but ``{{name}}`` is replaced by the piece ``name`` (every line of
it indented as the placeholder was) when the function is decorated with :func:`fill_doc`.  Pieces
are registered by the module that owns what they describe, at import, before the decorated functions::

    from ._docs import fill_doc, register

    register(n_jobs='''
        n_jobs : int or None, default None
            Workers: None (serial for small work, all cores above ``AUTO_PARALLEL_WORK``), -1 all cores.
    ''')

    @fill_doc
    def calibrate(...):
        '''...

        Parameters
        ----------
        {{n_jobs}}
        '''

An unknown name raises at import (a typo cannot ship a docstring with a hole in it).
"""
from __future__ import annotations

import inspect
import re
from typing import Callable, TypeVar

__all__ = ["register", "fill_doc", "piece"]

T = TypeVar("T", bound=Callable)

_PIECES: dict[str, str] = {}
_PLACEHOLDER = re.compile(r"^(?P<indent>[ \t]*)\{\{(?P<name>[A-Za-z_][A-Za-z0-9_]*)\}\}[ \t]*$")


def register(**pieces: str) -> None:
    """Register docstring pieces by name: write each from the line after the opening quotes (the text is
    ``inspect.cleandoc``-ed, so its relative indentation is kept)."""
    for name, text in pieces.items():
        _PIECES[name] = inspect.cleandoc(text)


def piece(name: str) -> str:
    """The registered piece ``name`` (KeyError naming it when there is none)."""
    if name not in _PIECES:
        raise KeyError(f"no docstring piece named {name!r}; register it before the decorated function")
    return _PIECES[name]


def fill_doc(obj: T) -> T:
    """Replace each whole-line ``{{name}}`` of ``obj.__doc__`` by the registered piece, at its indentation."""
    doc = obj.__doc__
    if doc:
        out = []
        for line in doc.split("\n"):
            m = _PLACEHOLDER.match(line)
            if m is None:
                out.append(line)
                continue
            indent = m["indent"]
            out.extend((indent + t) if t else "" for t in piece(m["name"]).split("\n"))
        obj.__doc__ = "\n".join(out)
    return obj

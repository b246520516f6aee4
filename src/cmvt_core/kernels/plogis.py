"""R's ``plogis`` (nmath plogis.c, lower tail, not log): ``1 / (1 + exp(-x))`` with libm's ``exp``.

Compiled (numba), so it lives apart from :mod:`cmvt_core.kernels.distributions`, which ``import cmvt_core``
loads (through ``rrandom``'s ``qnorm``) and which must not pull numba in at import.
"""
from __future__ import annotations

import math

import numba
import numpy as np

__all__ = ["plogis", "plogis_array", "elementwise"]


@numba.njit(cache=True)
def plogis(x):
    """R's ``plogis(x)``: ``1 / (1 + exp(-x))`` (nmath plogis.c), one value, compiled (for kernels)."""
    return 1.0 / (1.0 + math.exp(-x))


def elementwise(fn):
    """``fn`` (a function of one float that calls compiled kernels) applied value by value to an array.

    The decorated name takes anything array-like (any shape, as float64) and returns an array of the
    same shape.  The loop is a numpy ufunc compiled from ``fn`` by ``numba.vectorize`` (cached, no
    fastmath) on the first call, not at import, so importing a kernel module compiles nothing."""
    made: list = []

    def apply(x) -> np.ndarray:
        if not made:
            made.append(numba.vectorize(["float64(float64)"], cache=True)(fn))
        with np.errstate(all="ignore"):  # as a compiled loop: NaN/Inf pass through without numpy's warnings
            return np.asarray(made[0](np.asarray(x, dtype=np.float64)))

    apply.__name__, apply.__qualname__, apply.__doc__ = fn.__name__, fn.__qualname__, fn.__doc__
    return apply


@elementwise
def plogis_array(x):
    """R's ``plogis(x)`` over an array (any shape), element by element through :func:`plogis`."""
    return plogis(x)

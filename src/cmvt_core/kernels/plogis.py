"""R's ``plogis`` (nmath plogis.c, lower tail, not log): ``1 / (1 + exp(-x))`` with libm's ``exp``.

Compiled (numba), so it lives apart from :mod:`cmvt_core.kernels.distributions`, which ``import cmvt_core``
loads (through ``rrandom``'s ``qnorm``) and which must not pull numba in at import.
"""
from __future__ import annotations

import math

import numba
import numpy as np

__all__ = ["plogis", "plogis_array"]


@numba.njit(cache=True)
def plogis(x):
    """R's ``plogis(x)``: ``1 / (1 + exp(-x))`` (nmath plogis.c), one value, compiled (for kernels)."""
    return 1.0 / (1.0 + math.exp(-x))


@numba.njit(cache=True)
def _plogis_many(x):
    out = np.empty(x.shape[0])
    for k in range(x.shape[0]):
        out[k] = plogis(x[k])
    return out


def plogis_array(x) -> np.ndarray:
    """R's ``plogis(x)`` over an array (any shape), element by element through :func:`plogis`."""
    a = np.asarray(x, dtype=np.float64)
    return _plogis_many(np.ascontiguousarray(a).ravel()).reshape(a.shape)

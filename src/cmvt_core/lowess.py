"""``stats::lowess``: R's scatterplot smoother, bit-identical to R (the C ``clowess``,
:mod:`cmvt_core.kernels.lowess`)."""
from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from . import _validate as V
from .errors import InputError
from .kernels.lowess import clowess

__all__ = ["Lowess", "lowess"]


class Lowess(NamedTuple):
    """``stats::lowess``'s value: x sorted ascending and the smoothed y at each x.

    Attributes
    ----------
    x : numpy.ndarray
        x, sorted ascending.
    y : numpy.ndarray
        The smoothed values at x.
    """
    x: np.ndarray
    y: np.ndarray


def lowess(x: ArrayLike, y: ArrayLike | None = None, f: float = 2 / 3, iter: int = 3,
           delta: float | None = None) -> Lowess:
    """R's scatterplot smoother ``stats::lowess``, bit-identical to R (the C ``clowess``).

    Parameters
    ----------
    x : array_like
        The x values (or, with ``y=None``, the y values, x then being ``1..n`` as R's ``xy.coords``).
    y : array_like or None, default None
        The y values, as many as x.
    f : float, default 2/3
        The smoother span (finite, > 0).
    iter : int, default 3
        The number of robustifying iterations (>= 0).
    delta : float or None, default None
        Points closer than delta are interpolated; None is ``0.01 * diff(range(x))``.

    Returns
    -------
    Lowess
        ``Lowess(x, y)``: the x values sorted (stable order, as R's ``order``) and the fit at each.

    Raises
    ------
    InputError
        For lengths that differ, no values, NA/NaN/Inf, or bad f / iter / delta.

    Notes
    -----
    R call: ``stats::lowess(x, y, f = 2/3, iter = 3, delta = 0.01 * diff(range(x)))``.

    Examples
    --------
    >>> from cmvt_core.lowess import lowess
    >>> fit = lowess([1, 2, 3, 4, 5, 6], [2, 4, 3, 6, 5, 8])
    >>> fit.y.round(4)
    array([2.3444, 3.1411, 4.1537, 4.8556, 6.1613, 7.5472])
    """
    if y is None:
        yv = V.float_vector(x, "x")
        xv = np.arange(1, yv.shape[0] + 1, dtype=np.float64)
    else:
        xv = V.float_vector(x, "x")
        yv = V.float_vector(y, "y")
        if xv.shape[0] != yv.shape[0]:
            raise InputError(f"lowess: x and y lengths differ ({xv.shape[0]} and {yv.shape[0]})")
    n = xv.shape[0]
    if n == 0:
        raise InputError("lowess: x has no values")
    bad = np.flatnonzero(~np.isfinite(xv) | ~np.isfinite(yv))
    if bad.size:
        raise InputError(f"lowess: x or y is NA/NaN/Inf at row {int(bad[0]) + 1} (R's C code errors on them)")
    f = float(f)
    if not (math.isfinite(f) and f > 0):
        raise InputError(f"lowess: 'f' must be finite and > 0, got {f!r}")
    if iter is None or int(iter) != iter or iter < 0:
        raise InputError(f"lowess: 'iter' must be an integer >= 0, got {iter!r}")
    if delta is None:
        delta = 0.01 * (xv.max() - xv.min())
    delta = float(delta)
    if not (math.isfinite(delta) and delta >= 0):
        raise InputError(f"lowess: 'delta' must be finite and >= 0, got {delta!r}")
    o = np.argsort(xv, kind="stable")
    xs = np.ascontiguousarray(xv[o])
    yo = np.ascontiguousarray(yv[o])
    ys = np.empty(n)
    clowess(xs, yo, f, int(iter), delta, ys, np.empty(n), np.empty(n), False)
    return Lowess(xs, ys)

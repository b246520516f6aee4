"""R's ``uniroot`` root finder: ``R_zeroin2`` (src/library/stats/src/zeroin.c, Brent's method) and the
checks of ``stats::uniroot`` / ``do_zeroin2`` (optimize.c) around it, step for step, so a solved root
equals R's to the bit (docs/R_ALGORITHMS.md, "pROC tests, power and multiclass").
"""
from __future__ import annotations

import math
import sys
import warnings
from collections.abc import Callable

from ..errors import InputError, RWarning

_EPS = sys.float_info.epsilon
_DBL_MAX = sys.float_info.max


def _fcn2(f: Callable[[float], float], x: float) -> float:
    """optimize.c ``fcn2``: -Inf/Inf replaced by -/+DBL_MAX with R's warning, NA an error."""
    v = float(f(x))
    if math.isfinite(v):
        return v
    if v == -math.inf:
        warnings.warn("-Inf replaced by maximally negative value", RWarning, stacklevel=4)
        return -_DBL_MAX
    if v == math.inf:
        warnings.warn("Inf replaced by maximum positive value", RWarning, stacklevel=4)
        return _DBL_MAX
    raise InputError("NA value encountered while searching for a root (R: 'NA value')")


def zeroin2(f: Callable[[float], float], ax: float, bx: float, fa: float, fb: float, tol: float,
            maxit: int) -> tuple[float, int, float]:
    """``R_zeroin2(ax, bx, fa, fb, f, info, &Tol, &Maxit)``: (root, iterations (-1 if not converged),
    estimated precision (-1 if not converged))."""
    a, b = ax, bx
    c, fc = a, fa
    it = maxit + 1
    if fa == 0.0:
        return a, 0, 0.0
    if fb == 0.0:
        return b, 0, 0.0
    while it:
        it -= 1
        prev_step = b - a
        if abs(fc) < abs(fb):
            a, b, c = b, c, b
            fa, fb, fc = fb, fc, fb
        tol_act = 2 * _EPS * abs(b) + tol / 2
        new_step = (c - b) / 2
        if abs(new_step) <= tol_act or fb == 0.0:
            return b, maxit - it, abs(c - b)
        if abs(prev_step) >= tol_act and abs(fa) > abs(fb):
            cb = c - b
            if a == c:
                t1 = fb / fa
                p = cb * t1
                q = 1.0 - t1
            else:
                q = fa / fc
                t1 = fb / fc
                t2 = fb / fa
                p = t2 * (cb * q * (q - t1) - (b - a) * (t1 - 1.0))
                q = (q - 1.0) * (t1 - 1.0) * (t2 - 1.0)
            if p > 0.0:
                q = -q
            else:
                p = -p
            if p < (0.75 * cb * q - abs(tol_act * q) / 2) and p < abs(prev_step * q / 2):
                new_step = p / q
        if abs(new_step) < tol_act:
            new_step = tol_act if new_step > 0.0 else -tol_act
        a, fa = b, fb
        b += new_step
        fb = _fcn2(f, b)
        if (fb > 0 and fc > 0) or (fb < 0 and fc < 0):
            c, fc = a, fa
    return b, -1, -1.0


def uniroot(f: Callable[[float], float], lower: float, upper: float, *, tol: float = _EPS ** 0.25,
            maxiter: int = 1000) -> dict:
    """``stats::uniroot(f, c(lower, upper), tol = tol, maxiter = maxiter)`` (``extendInt = "no"``):
    ``root``, ``f_root``, ``iter``, ``estim_prec`` as R's list.

    Examples
    --------
    >>> round(uniroot(lambda x: x * x - 2, 0.0, 2.0)["root"], 4)
    1.4142
    """
    if not lower < upper:
        raise InputError("lower < upper  is not fulfilled")
    f_lower = float(f(lower))
    f_upper = float(f(upper))
    if math.isnan(f_lower):
        raise InputError("f.lower = f(lower) is NA")
    if math.isnan(f_upper):
        raise InputError("f.upper = f(upper) is NA")
    # extendInt = "no": R's truncated copies only decide whether to extend; the sign test and zeroin2 get the
    # raw values (an infinite f.lower reaches R_zeroin2 as Inf)
    if not (math.copysign(1.0, f_lower) if f_lower != 0 else 0.0) * (math.copysign(1.0, f_upper) if f_upper != 0
                                                                       else 0.0) <= 0:
        raise InputError("f() values at end points not of opposite sign")
    root, it, prec = zeroin2(f, float(lower), float(upper), f_lower, f_upper, float(tol), int(maxiter))
    if it < 0:
        warnings.warn(f"_NOT_ converged in {maxiter} iterations", RWarning, stacklevel=2)
        it = maxiter
    return {"root": root, "f_root": float(f(root)), "iter": it, "estim_prec": prec}

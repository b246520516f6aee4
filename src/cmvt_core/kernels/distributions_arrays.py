"""The compiled array loops of :mod:`cmvt_core.kernels.distributions`' ``pnorm`` and ``dnorm``.

A module of its own, imported by ``pnorm`` / ``dnorm`` on their first call with an array, so that
``import cmvt_core`` (which imports ``kernels.distributions`` through ``rrandom``) does not import numba
(issue 10: a light import) and a run that stops before its work compiles nothing.  The same IEEE operations
as the scalar ports ``_pnorm1`` / ``_dnorm1`` (checked equal in tests/kernels/test_density.py and
tests/kernels/test_distributions.py).
"""
from __future__ import annotations

import math

import numba
import numpy as np

from .distributions import _DNORM_UNDERFLOW, _M_1_SQRT_2PI, _pnorm_both

__all__ = ["pnorm_arr", "dnorm_arr"]

_pnorm_both_nb = numba.njit(cache=True)(_pnorm_both)  # the same code as the scalar port, compiled


@numba.njit(cache=True)
def pnorm_arr(q, mean, sd, lower_tail, log_p):  # pragma: no cover - compiled
    """``_pnorm1`` over an array, compiled (the same operations; checked equal to the scalar port in
    tests/kernels/test_density.py)."""
    out = np.empty(q.shape[0])
    one, zero = (0.0, -math.inf) if log_p else (1.0, 0.0)
    for i in range(q.shape[0]):
        x = q[i]
        if math.isnan(x) or math.isnan(mean) or math.isnan(sd):
            out[i] = x + mean + sd
        elif not math.isfinite(x) and mean == x:
            out[i] = math.nan
        elif sd <= 0:
            if sd < 0:
                out[i] = math.nan
            else:
                out[i] = (one if x >= mean else zero) if lower_tail else (zero if x >= mean else one)
        else:
            p = (x - mean) / sd
            if not math.isfinite(p):
                out[i] = (one if x >= mean else zero) if lower_tail else (zero if x >= mean else one)
            else:
                out[i] = _pnorm_both_nb(p, lower_tail, log_p)
    return out


@numba.njit(cache=True)
def dnorm_arr(x, mu, sigma):  # pragma: no cover - compiled
    """``_dnorm1`` over an array, compiled (the same IEEE operations and libm ``exp``; nearbyint is ``np.rint``,
    ties to even); checked equal to the scalar version in tests/kernels/test_distributions.py."""
    out = np.empty(x.shape[0])
    big = 2 * math.sqrt(1.7976931348623157e308)
    for i in range(x.shape[0]):
        v = x[i]
        if math.isnan(v) or math.isnan(mu) or math.isnan(sigma):
            out[i] = v + mu + sigma
            continue
        if sigma < 0:
            out[i] = math.nan
            continue
        if not math.isfinite(sigma):
            out[i] = 0.0
            continue
        if not math.isfinite(v) and mu == v:
            out[i] = math.nan
            continue
        if sigma == 0:
            out[i] = math.inf if v == mu else 0.0
            continue
        z = (v - mu) / sigma
        if not math.isfinite(z):
            out[i] = 0.0
            continue
        z = abs(z)
        if z >= big:
            out[i] = 0.0
        elif z < 5:
            out[i] = _M_1_SQRT_2PI * math.exp(-0.5 * z * z) / sigma
        elif z > _DNORM_UNDERFLOW:
            out[i] = 0.0
        else:
            x1 = math.ldexp(np.rint(math.ldexp(z, 16)), -16)
            x2 = z - x1
            out[i] = _M_1_SQRT_2PI / sigma * (math.exp(-0.5 * x1 * x1) * math.exp((-0.5 * x2 - x1) * x2))
    return out

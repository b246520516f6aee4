"""Bootstrap calibration and internal validation as rms 6.5-0 computes them, with R's random stream.

``calibrate(fit, B=, seed=)`` equals ``set.seed(seed); rms::calibrate(fit, method="boot", B=B)``
and ``validate(fit, B=, seed=)`` equals ``set.seed(seed); rms::validate(fit, method="boot", B=B)``
for an ``lrm`` fit (``docs/R_ALGORITHMS.md`` section 5).  Also here: ``lowess`` (``stats::lowess``,
a port of R's C ``clowess``), ``somers2`` and ``gini_md`` (Hmisc), and ``external_calibration``
for a fitted model applied to a new cohort, which rms has no function for.

How the bootstrap is reproduced
-------------------------------
``predab.resample`` draws ``sample(n, replace=TRUE)`` once per replicate, in order, and nothing
else touches the random stream; the B samples are therefore the first ``B*n`` draws of
``sample.int(n, n*B, TRUE)``, taken from :class:`cmvt_core.rrandom.RRNG`.  Each replicate refits
the model with a port of rms's Fortran ``lrmfit`` Newton loop (start at logit(mean y), step
halving, stop one Newton step after ``|change in -2 log L| <= 0.025``, at most 11 passes,
LINPACK ``dqrdc2`` QR solve with the singularity tolerance: ``1e-13`` in calibrate's refits,
``1e-7`` in validate's).  A refit that fails (singular information matrix or no convergence) is
skipped and not counted, its draws already consumed; rms then prints "Divergence or
singularity in k samples", which is a :class:`~cmvt_core.errors.RWarning` here.

The replicates are independent: the rows are drawn here, chunk by chunk in R's order, chunks of
consecutive replicates are evaluated serially by compiled, GIL-free kernels on the workers of
:mod:`cmvt_core.parallel` (``n_jobs``, ``backend``: threads, processes or a Dask cluster), and the
per-replicate results are summed **in replicate order**, as R's loop does, so the numbers do not
depend on the number of workers.

Exactness.  ``lowess`` (public) is bit-identical to R's.  Inside the bootstrap three shortcuts
change only the rounding of sums, never a decision that depends on x alone (windows, skipped
points, ties, NA patterns, which rows are drawn): the refit's score and information matrix are
SIMD sums, a row drawn k times enters them (and log L) once with weight k, and the calibrate
smoother forms its weighted fit from one pass of five SIMD sums.  log L itself and the linear
predictors are formed in R's order.  Against rms the tables agree to about 1e-15 (the issue's
bound is 1e-8); the Newton iterates, step halvings, convergence and failure decisions are R's.
``lrm_newton(gram=False)`` is the sequential, R-order version.

The same bytes on any CPU (issue 16).  No kernel is compiled with ``fastmath``: the SIMD sums
are ``_lanes.dot`` and ``_lanes.window_sums``, whose order (interleaved partial sums over lanes
of a fixed width, added in a fixed tree) is written out in the module ``_lanes`` and does not
depend on the vector width of the CPU, and LLVM fuses no multiply with an add.  The numbers are
therefore the same whether numba compiles the kernels for this machine or a generic x86-64
(``tests/test_cpu_targets.py``).
"""
from __future__ import annotations

import math
import sys
import time
import warnings
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import numba
import numpy as np
import pandas as pd

from . import _validate as V
from .errors import InputError, RWarning
from .kernels.rbase import approx as _r_approx
from .kernels.rbase import quantile as _r_quantile
from .kernels.rbase import r_mean, seq_by, seq_len_out
from .parallel import Executor, check_parallel, chunk_bounds, ordered_results
from .rrandom import RRNG
from .kernels.hmisc import _gini_sorted, _somers_dxy_sorted, gini_md, somers2  # Hmisc, written once
from .kernels.lanes import dot, window_sums
from ._lrmfit import _FALSE, _TRUE, _prob, dqrdc2, dqrsl_coef, matxv

__all__ = ["lowess", "somers2", "gini_md", "calibrate", "validate", "external_calibration",
           "CalibrateResult", "ValidateResult", "ExternalCalibration", "lrm_newton"]

# --------------------------------------------------------------------------------------------
# stats::lowess (R's C clowess), exact
# --------------------------------------------------------------------------------------------


@numba.njit(cache=True)
def _lowest(x, y, n, xs, nleft, nright, w, userw, rw):
    """clowess's ``lowest``: the fitted value at ``xs`` from the window nleft..nright (1-based).

    Returns (ys, ok).  ``w`` is scratch of length n; arithmetic in the C order."""
    rng = x[n - 1] - x[0]
    h = max(xs - x[nleft - 1], x[nright - 1] - xs)
    h9 = 0.999 * h
    h1 = 0.001 * h
    a = 0.0
    j = nleft
    while j <= n:
        w[j - 1] = 0.0
        r = abs(x[j - 1] - xs)
        if r <= h9:
            if r <= h1:
                w[j - 1] = 1.0
            else:
                q = r / h
                q = 1.0 - q * q * q
                w[j - 1] = q * q * q
            if userw:
                w[j - 1] *= rw[j - 1]
            a += w[j - 1]
        elif x[j - 1] > xs:
            break
        j = j + 1
    nrt = j - 1
    if a <= 0.0:
        return 0.0, False
    for j in range(nleft, nrt + 1):
        w[j - 1] /= a
    if h > 0.0:
        a = 0.0
        for j in range(nleft, nrt + 1):
            a += w[j - 1] * x[j - 1]
        b = xs - a
        c = 0.0
        for j in range(nleft, nrt + 1):
            d = x[j - 1] - a
            c += w[j - 1] * (d * d)
        if math.sqrt(c) > 0.001 * rng:
            b /= c
            for j in range(nleft, nrt + 1):
                w[j - 1] *= (b * (x[j - 1] - a) + 1.0)
    ys = 0.0
    for j in range(nleft, nrt + 1):
        ys += w[j - 1] * y[j - 1]
    return ys, True


@numba.njit(cache=True)
def _interpolate_skip(x, ys, n, i, last, delta):
    """clowess after fitting point i (1-based): interpolate the skipped points last+1..i-1,
    then skip ahead over points within ``delta`` (ties take the fit of their first point).
    Returns the next (i, last)."""
    if last < i - 1:
        denom = x[i - 1] - x[last - 1]
        for j in range(last + 1, i):
            alpha = (x[j - 1] - x[last - 1]) / denom
            ys[j - 1] = alpha * ys[i - 1] + (1.0 - alpha) * ys[last - 1]
    last = i
    cut = x[last - 1] + delta
    i = last + 1
    while i <= n:
        if x[i - 1] > cut:
            break
        if x[i - 1] == x[last - 1]:
            ys[i - 1] = ys[last - 1]
            last = i
        i += 1
    return max(last + 1, i - 1), last


@numba.njit(cache=True)
def _clowess(x, y, f, nsteps, delta, ys, rw, res):
    """R's ``clowess`` (src/library/stats/src/lowess.c) on x sorted ascending; fills ys."""
    n = x.shape[0]
    if n < 2:
        ys[0] = y[0]
        return
    ns = max(2, min(n, int(f * n + 1e-7)))
    it = 1
    while it <= nsteps + 1:
        # np.int64(...), not a bare constant: numba would otherwise also compile the callees for
        # the literal first value (Literal[int](1)) before unifying with int64 (twice the compile time)
        nleft = np.int64(1)
        nright = ns
        last = np.int64(0)
        i = np.int64(1)
        while True:
            if nright < n:
                d1 = x[i - 1] - x[nleft - 1]
                d2 = x[nright] - x[i - 1]
                if d1 > d2:
                    nleft += 1
                    nright += 1
                    continue
            val, ok = _lowest(x, y, n, x[i - 1], nleft, nright, res, it > 1, rw)
            if ok:
                ys[i - 1] = val
            else:
                ys[i - 1] = y[i - 1]
            i, last = _interpolate_skip(x, ys, n, i, last, delta)
            if last >= n:
                break
        for k in range(n):
            res[k] = y[k] - ys[k]
        sc = 0.0
        for k in range(n):
            sc += abs(res[k])
        sc /= n
        if it > nsteps:
            break
        for k in range(n):
            rw[k] = abs(res[k])
        srt = _argsort_stable(rw)  # rPsort's order statistics (the radix sort: one sort kernel to compile)
        m1 = n // 2
        if n % 2 == 0:
            m2 = n - m1 - 1
            cmad = 3.0 * (rw[srt[m1]] + rw[srt[m2]])
        else:
            cmad = 6.0 * rw[srt[m1]]
        if cmad < 1e-7 * sc:
            break
        c9 = 0.999 * cmad
        c1 = 0.001 * cmad
        for k in range(n):
            r = abs(res[k])
            if r <= c1:
                rw[k] = 1.0
            elif r <= c9:
                q = r / cmad
                q = 1.0 - q * q
                rw[k] = q * q
            else:
                rw[k] = 0.0
        it += 1


@numba.njit(cache=True)
def _lowest_fused(x, y, n, xs, nleft, nright):
    """``_lowest`` in one pass: the same weighted linear fit from five weighted sums.

    Used inside the bootstrap loops only.  Algebraically identical to clowess's three
    normalise/centre/slope passes; the rounding differs in the last bits (about 1e-15
    relative), well inside the 1e-8 parity tolerance, and the window and skip decisions,
    which depend on x alone, are the same as R's.  The five sums are ``_lanes.window_sums``:
    four interleaved partial sums each, in a fixed order (the same on every CPU)."""
    rng = x[n - 1] - x[0]
    h = max(xs - x[nleft - 1], x[nright - 1] - xs)
    h9 = 0.999 * h
    h1 = 0.001 * h
    invh = 1.0 / h if h > 0.0 else 0.0
    # the scan stops at the first point right of xs beyond h9; find it first (x sorted)
    j = nright
    while j < n and abs(x[j] - xs) <= h9:
        j += 1
    nrt = j
    s0, s1, s2, sy, sdy = window_sums(x, y, nleft - 1, nrt, xs, h1, h9, invh)
    if s0 <= 0.0:
        return 0.0, False
    if h > 0.0:
        ab = s1 / s0
        c = s2 / s0 - ab * ab
        if math.sqrt(max(c, 0.0)) > 0.001 * rng:
            b = -ab / c
            return (sy + b * (sdy - ab * sy)) / s0, True
    return sy / s0, True


@numba.njit(cache=True)
def _clowess0_fused(x, y, delta, ys):
    """clowess with f = 2/3, iter = 0 (calibrate's smoother) using ``_lowest_fused``."""
    n = x.shape[0]
    if n < 2:
        ys[0] = y[0]
        return
    ns = max(2, min(n, int(2.0 / 3.0 * n + 1e-7)))
    nleft = np.int64(1)  # not literals: one compilation of the callees (see _clowess)
    nright = ns
    last = np.int64(0)
    i = np.int64(1)
    while True:
        if nright < n:
            if x[i - 1] - x[nleft - 1] > x[nright] - x[i - 1]:
                nleft += 1
                nright += 1
                continue
        val, ok = _lowest_fused(x, y, n, x[i - 1], nleft, nright)
        ys[i - 1] = val if ok else y[i - 1]
        i, last = _interpolate_skip(x, ys, n, i, last, delta)
        if last >= n:
            break


@numba.njit(cache=True)
def _argsort_stable(v):
    """A stable argsort of finite float64 values (LSD radix sort on order-preserving keys).

    The same permutation as R's ``order(v)`` (ties in their original order); -0.0 sorts with 0.0."""
    n = v.shape[0]
    keys = np.empty(n, dtype=np.uint64)
    sign = np.uint64(1) << np.uint64(63)
    vv = np.empty(n)
    for k in range(n):
        vv[k] = v[k] + 0.0  # -0.0 -> 0.0
    bits = vv.view(np.uint64)
    for k in range(n):
        u = bits[k]
        if u & sign:
            u = ~u
        else:
            u = u | sign
        keys[k] = u
    idx = np.arange(n)
    tmp = np.empty(n, dtype=np.int64)
    counts = np.empty(2049, dtype=np.int64)
    mask = np.uint64(2047)
    for shift in range(0, 64, 11):
        sh = np.uint64(shift)
        first = (keys[0] >> sh) & mask
        same = True
        for k in range(1, n):
            if ((keys[k] >> sh) & mask) != first:
                same = False
                break
        if same:
            continue
        counts[:] = 0
        for k in range(n):
            counts[((keys[idx[k]] >> sh) & mask) + np.uint64(1)] += 1
        for d in range(1, 2049):
            counts[d] += counts[d - 1]
        for k in range(n):
            dgt = (keys[idx[k]] >> sh) & mask
            tmp[counts[dgt]] = idx[k]
            counts[dgt] += 1
        idx, tmp = tmp, idx
    return idx


class Lowess(NamedTuple):
    """``stats::lowess``'s value: x sorted ascending and the smoothed y at each x."""
    x: np.ndarray
    y: np.ndarray


def _as_float_vector(v, name: str) -> np.ndarray:
    try:
        a = np.asarray(v, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise InputError(f"{name} must be numeric: {exc}") from None
    if a.ndim != 1:
        raise InputError(f"{name} must be 1-D, got shape {a.shape}")
    return a


def lowess(x, y=None, f: float = 2 / 3, iter: int = 3, delta: float | None = None) -> Lowess:
    """R's ``stats::lowess(x, y, f = 2/3, iter = 3, delta = 0.01 * diff(range(x)))``.

    Returns ``Lowess(x, y)``: the x values sorted (stable order, as R's ``order``) and the fit.
    ``y=None`` means ``x`` holds the y values and x is ``1..n`` (R's ``xy.coords``)."""
    if y is None:
        yv = _as_float_vector(x, "x")
        xv = np.arange(1, yv.shape[0] + 1, dtype=np.float64)
    else:
        xv = _as_float_vector(x, "x")
        yv = _as_float_vector(y, "y")
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
    _clowess(xs, yo, f, int(iter), delta, ys, np.empty(n), np.empty(n))
    return Lowess(xs, ys)


# --------------------------------------------------------------------------------------------
# approx (linear, rule = 1) on sorted x, numba versions for the bootstrap kernels
# --------------------------------------------------------------------------------------------


@numba.njit(cache=True)
def _approx1(v, x, y, n):
    """R's approx1 (linear) with ylow = yhigh = NA (rule = 1); x strictly increasing."""
    if v < x[0] or v > x[n - 1]:
        return np.nan
    i = 0
    j = n - 1
    while i < j - 1:
        ij = (i + j) // 2
        if v < x[ij]:
            j = ij
        else:
            i = ij
    if v == x[j]:
        return y[j]
    if v == x[i]:
        return y[i]
    return y[i] + (y[j] - y[i]) * ((v - x[i]) / (x[j] - x[i]))


@numba.njit(cache=True)
def _plogis(v):
    return 1.0 / (1.0 + math.exp(-v))


@numba.njit(cache=True)
def _brier(y, lp):
    """mean((y - plogis(lp))^2), summed in row order: validate's B for one replicate."""
    n = lp.shape[0]
    s = 0.0
    for k in range(n):
        d = (1.0 if y[k] != 0 else 0.0) - _plogis(lp[k])
        s += d * d
    return s / n


@numba.njit(cache=True)
def _tie_groups(v, o, gid):
    """``gid[o[k]]``: the rank (0-based) of ``v[o[k]]`` among the distinct values of v, where ``o``
    sorts v ascending.  Returns the number of distinct values."""
    g = -1
    prev = 0.0
    for k in range(o.shape[0]):
        val = v[o[k]]
        if k == 0 or val != prev:
            g += 1
            prev = val
        gid[o[k]] = g
    return g + 1


@numba.njit(cache=True)
def _order_by_group(gid, rows, ngroups, counts, out):
    """The stable ``order()`` of ``v[rows]`` given the tie groups of v (``_tie_groups``): a counting
    sort of the positions 0..len(rows)-1 by ``gid[rows[k]]``, equal keys in position order.

    Equal to ``_argsort_stable(v[rows])`` (equal values share a group, groups are in value
    order), in two passes instead of a radix sort's twelve."""
    for g in range(ngroups + 1):
        counts[g] = 0
    for k in range(rows.shape[0]):
        counts[gid[rows[k]] + 1] += 1
    for g in range(1, ngroups + 1):
        counts[g] += counts[g - 1]
    for k in range(rows.shape[0]):
        g = gid[rows[k]]
        out[counts[g]] = k
        counts[g] += 1


@numba.njit(cache=True)
def _cal_error_sorted(xs, yo, predy, out, ys):
    """calibrate's ``cal.error`` for lrm given the probabilities sorted (stably, as R's ``order``)
    with their outcomes: lowess(px, y, iter=0), approx(ties = first) at predy.  Writes
    ``cal - predy`` into ``out`` (NaN outside the range of px); overwrites xs and yo."""
    n = xs.shape[0]
    delta = 0.01 * (xs[n - 1] - xs[0])
    _clowess0_fused(xs, yo, delta, ys)
    # regularize.values with ties = function(x) x[1]: keep the first of each run of equal x
    m = np.int64(0)  # not a literal (see _clowess)
    for k in range(n):
        if k == 0 or xs[k] != xs[k - 1]:
            xs[m] = xs[k]
            yo[m] = ys[k]
            m += 1
    for g in range(predy.shape[0]):
        if m < 2:
            out[g] = np.nan
        else:
            out[g] = _approx1(predy[g], xs, yo, m) - predy[g]


# --------------------------------------------------------------------------------------------
# rms lrm.fit (binary, no weights/offset/penalty): the Fortran lrmfit Newton loop
# --------------------------------------------------------------------------------------------


@numba.njit(cache=True)
def _llogit(beta, XaT, y, wt, U, rbuf, vbuf, want_u):
    """-2 log L and (``want_u``) the score U at beta; XaT is (p+1, n): a row of ones, then X'.

    Follows LLOGIT's kint = 1 branch: the linear predictor intercept first, log L and U summed
    over observations in order.  The weights v = p(1-p) are kept in ``vbuf`` for
    ``_llogit_info``, which forms the information matrix only in the passes that use it (a
    Newton step), since log L, U and V are separate sums in the Fortran too.
    Returns (loglik, dvrg, mm): on divergence at observation mm the partial sums are returned,
    as the Fortran does (loglik not yet multiplied by -2)."""
    nv, m = XaT.shape
    loglik = 0.0
    mm = m
    dv = False
    for t in range(m):
        bx = 0.0
        bx = bx + beta[0] * 1.0
        for i in range(1, nv):
            bx = bx + beta[i] * XaT[i, t]
        cpiy = _prob(bx)
        viy = cpiy * (1.0 - cpiy)
        if y[t] == 0:
            if cpiy >= 1.0:
                mm = t
                dv = True
                break
            loglik = loglik + math.log(1.0 - cpiy) * wt[t]
            dy = 0.0
        else:
            if cpiy <= 0.0:
                mm = t
                dv = True
                break
            loglik = loglik + math.log(cpiy) * wt[t]
            dy = 1.0
        rbuf[t] = dy - cpiy
        vbuf[t] = viy
    if want_u:
        for i in range(nv):
            s = 0.0
            for t in range(mm):
                s = s + rbuf[t] * XaT[i, t] * wt[t]
            U[i] = s
    if dv:
        return loglik, True, mm
    return -2.0 * loglik, False, mm


@numba.njit(cache=True)
def _rowdots(XaT, w, mm, out):
    """out[i] = sum over t < mm of XaT[i, t] * w[t], in ``_lanes.dot``'s fixed order (SIMD)."""
    for i in range(XaT.shape[0]):
        out[i] = dot(XaT[i], w, mm)


@numba.njit(cache=True)
def _gram_lower(XaT, vw, mm, V, tmp):
    """V[i, j] (j <= i) = sum over t < mm of (vw[t] * XaT[i, t]) * XaT[j, t], in ``_lanes.dot``'s
    fixed order (SIMD)."""
    for i in range(XaT.shape[0]):
        xi = XaT[i]
        for t in range(mm):
            tmp[t] = vw[t] * xi[t]
        for j in range(i + 1):
            V[i, j] = dot(tmp, XaT[j], mm)


@numba.njit(cache=True)
def _llogit_boot(beta, XaT, y, wt, U, rbuf, vbuf, bx, want_u):
    """``_llogit`` for the bootstrap: the same log L (summed in observation order, the same linear
    predictors to the bit), with U summed by ``_rowdots`` (fixed-order SIMD, last-bit differences).

    The linear predictor is formed column by column of XaT (contiguous rows), each observation's
    terms added in the same order as ``_llogit``; ``rbuf`` receives (y - p) * wt for U and
    ``vbuf`` p(1-p) * wt for ``_gram_lower``."""
    nv, m = XaT.shape
    b0 = beta[0]
    for t in range(m):
        bx[t] = 0.0 + b0 * 1.0
    for i in range(1, nv):
        bi = beta[i]
        row = XaT[i]
        for t in range(m):
            bx[t] = bx[t] + bi * row[t]
    loglik = 0.0
    mm = m
    dv = False
    for t in range(m):
        cpiy = _prob(bx[t])
        w = wt[t]
        if y[t] == 0:
            if cpiy >= 1.0:
                mm = t
                dv = True
                break
            loglik = loglik + math.log(1.0 - cpiy) * w
            rbuf[t] = (0.0 - cpiy) * w
        else:
            if cpiy <= 0.0:
                mm = t
                dv = True
                break
            loglik = loglik + math.log(cpiy) * w
            rbuf[t] = (1.0 - cpiy) * w
        vbuf[t] = cpiy * (1.0 - cpiy) * w
    if want_u:
        _rowdots(XaT, rbuf, mm, U)
    if dv:
        return loglik, True, mm
    return -2.0 * loglik, False, mm


@numba.njit(cache=True)
def _llogit_info(XaT, wt, vbuf, mm, V):
    """The information matrix (lower triangle) from LLOGIT's weights v over observations 0..mm-1,
    summed observation by observation in R's order (the bootstrap uses ``_gram_lower``)."""
    nv = XaT.shape[0]
    for i in range(nv):
        for j in range(i + 1):
            V[i, j] = 0.0
    for t in range(mm):
        vt = vbuf[t]
        wtt = wt[t]
        for i in range(nv):
            vx = vt * XaT[i, t]
            for j in range(i + 1):
                V[i, j] = V[i, j] + vx * XaT[j, t] * wtt


@numba.njit(cache=True)
def _ainvb(V, u, tol, deltab):
    """rms ``ainvb``: solve V delta = u by LINPACK dqrdc2 (tolerance tol) and dqrsl (job 100).

    V holds the lower triangle; the QR and the solve are ``_lrmfit``'s LINPACK ports (the same
    kernels as ``lrm``'s own fit).  Returns the rank (less than p when singular, or when dqrsl
    meets an exactly zero diagonal); deltab is written only when the rank is full."""
    p = V.shape[0]
    Vf = np.empty((p, p))
    for i in range(p):
        for j in range(i + 1):
            Vf[i, j] = V[i, j]
            Vf[j, i] = V[i, j]
    qr, rank, qraux, _piv = dqrdc2(Vf, tol)
    if rank < p:
        return rank
    d = dqrsl_coef(qr, rank, qraux, u)
    for i in range(p):
        if d[i] != d[i]:  # dqrsl info != 0: an exactly singular triangle
            return i
    for i in range(p):
        deltab[i] = d[i]
    return rank


# rms's maxit as a typed value, not a literal (like _lrmfit's _TRUE/_FALSE): numba compiles a callee
# once per distinct literal argument (12 and an int64 are different types to it).
_MAXIT = np.int64(12)

# fit status codes
_OK = 0
_FAIL_CONV = 1      # no convergence within maxit (or divergence at the first pass): opts(6) = 1
_FAIL_SINGULAR = 2  # rank < number of parameters: "singular information matrix in lrm.fit"
_FAIL_ONE_CLASS = 3  # a resample with one outcome class only (rms stops with an error)


@numba.njit(cache=True)
def _newton(XaT, y, wt, maxit, eps, tol, beta, gram, final=True):
    """rms lrm.fit for binary y; XaT = [1, X]' (p+1, n), see ``_gather``: Newton as the Fortran.

    ``beta`` (p+1) receives the coefficients.  Returns (status, L0, L): the null and final
    -2 log L (R's ``deviance``).  ``status`` is one of the _OK / _FAIL_* codes.

    ``final=False`` skips lrmfit's last LLOGIT pass at the converged beta (L is then NaN).  That
    pass gives the final deviance and the information matrix kept with the fit; it can change the
    status only through divergence (a fitted probability of exactly 0 or 1), which the +-30 clamp
    on the linear predictor rules out (1/(1+exp(-30)) < 1 and 1/(1+exp(30)) > 0 in doubles).
    calibrate's refits, which use only the status and beta, skip it."""
    nv = beta.shape[0]
    m = XaT.shape[1]
    rbuf = np.empty(m)
    vbuf = np.empty(m)
    bx = np.empty(m if gram else 0)
    U = np.empty(nv)
    V = np.empty((nv, nv))
    deltab = np.empty(nv)
    n1 = 0
    ntot = 0
    for t in range(m):
        c = int(wt[t])
        ntot += c
        if y[t] != 0:
            n1 += c
    n0 = ntot - n1
    m = ntot
    if n1 == 0 or n0 == 0:
        return _FAIL_ONE_CLASS, np.nan, np.nan
    # R: sumwty = tapply(weights, y, sum); initial = log(pp/(1-pp)), pp = n1/n
    pp = float(n1) / float(m)
    beta[0] = math.log(pp / (1.0 - pp))
    for i in range(1, nv):
        beta[i] = 0.0
    L0 = -2.0 * (n0 * math.log(n0 / m) + n1 * math.log(n1 / m))
    oldl = 1e30
    for i in range(nv):
        deltab[i] = 0.0
    curstp = 1.0
    loglik = 0.0
    done = maxit < 2
    if not done:
        for it in range(1, maxit):
            if gram:
                loglik, dvrg, mm = _llogit_boot(beta, XaT, y, wt, U, rbuf, vbuf, bx, _TRUE)
            else:
                loglik, dvrg, mm = _llogit(beta, XaT, y, wt, U, rbuf, vbuf, _TRUE)
            dmax = 0.0
            for i in range(nv):
                dmax = max(dmax, abs(U[i]))
            if dmax < 1e-9 and abs(loglik - oldl) < 0.1 * eps:
                done = True
                break
            if loglik > oldl or dvrg:
                if it == 1:
                    return _FAIL_CONV, L0, loglik
                curstp = curstp / 2.0
                for j in range(nv):
                    beta[j] = beta[j] - curstp * deltab[j]
                continue
            curstp = 1.0
            if gram:
                _gram_lower(XaT, vbuf, mm, V, rbuf)  # rbuf is free until the next pass
            else:
                _llogit_info(XaT, wt, vbuf, mm, V)
            rank = _ainvb(V, U, tol, deltab)
            if rank < nv:
                return _FAIL_SINGULAR, L0, loglik
            for i in range(nv):
                beta[i] = beta[i] + deltab[i]
            if abs(oldl - loglik) <= eps:
                done = True
                break
            oldl = loglik
        if not done and maxit > 2:
            return _FAIL_CONV, L0, loglik
    if not final:
        return _OK, L0, np.nan
    if gram:
        loglik, dvrg, mm = _llogit_boot(beta, XaT, y, wt, U, rbuf, vbuf, bx, _FALSE)
    else:
        loglik, dvrg, mm = _llogit(beta, XaT, y, wt, U, rbuf, vbuf, _FALSE)
    if dvrg:
        return _FAIL_CONV, L0, loglik
    return _OK, L0, loglik


@numba.njit(cache=True)
def _gather(X, y, rows):
    """[1, X[rows]]' as a (p+1, m) array and y[rows]: the resample's rows in draw order."""
    m = rows.shape[0]
    p = X.shape[1]
    XaT = np.empty((p + 1, m))
    yg = np.empty(m, dtype=np.int64)
    for t in range(m):
        o = rows[t]
        XaT[0, t] = 1.0
        for j in range(p):
            XaT[j + 1, t] = X[o, j]
        yg[t] = y[o]
    return XaT, yg


@numba.njit(cache=True)
def _gather_counts(X, y, rows):
    """The resample as distinct rows (ascending) with their multiplicities, for the bootstrap refit.

    A row drawn k times enters log L, U and V with frequency weight k (rms's ``lrmfit`` takes case
    weights the same way), so the sums are R's up to their grouping (last-bit differences)."""
    n = X.shape[0]
    p = X.shape[1]
    cnt = np.zeros(n, dtype=np.int64)
    for t in range(rows.shape[0]):
        cnt[rows[t]] += 1
    m = 0
    for i in range(n):
        if cnt[i] > 0:
            m += 1
    XaT = np.empty((p + 1, m))
    yg = np.empty(m, dtype=np.int64)
    wt = np.empty(m)
    k = 0
    for i in range(n):
        if cnt[i] > 0:
            XaT[0, k] = 1.0
            for j in range(p):
                XaT[j + 1, k] = X[i, j]
            yg[k] = y[i]
            wt[k] = float(cnt[i])
            k += 1
    return XaT, yg, wt


def lrm_newton(X, y, *, maxit: int = 12, eps: float = 0.025, tol: float = 1e-7, rows=None, gram: bool = False):
    """rms ``lrm.fit(X, y, maxit, eps, tol)`` coefficients for binary y, as the bootstrap uses them.

    Returns ``(status, coef, deviance)`` with status 0 (ok), 1 (no convergence), 2 (singular),
    3 (one outcome class); coef intercept first; deviance = [L0, L].  ``gram=True`` is the
    bootstrap's variant (score and information matrix as fixed-order SIMD sums, ``_lanes.dot``).  For the full fit object
    use :func:`cmvt_core.logistic.lrm`."""
    X = np.ascontiguousarray(np.asarray(X, dtype=np.float64))
    if X.ndim == 1:
        X = X[:, None]
    y = np.ascontiguousarray(np.asarray(y, dtype=np.int64))
    rows = np.arange(X.shape[0], dtype=np.int64) if rows is None else np.asarray(rows, dtype=np.int64)
    nv = X.shape[1] + 1
    beta = np.empty(nv)
    XaT, yg = _gather(X, y, rows)
    wt = np.ones(yg.shape[0])
    status, L0, L = _newton(XaT, yg, wt, int(maxit), float(eps), float(tol), beta, bool(gram), True)
    return int(status), beta, np.array([L0, L])


# --------------------------------------------------------------------------------------------
# the bootstrap kernels
# --------------------------------------------------------------------------------------------


@numba.njit(cache=True, nogil=True)
def _calibrate_chunk(X, y, idx, predy, tol):
    """calibrate's replicates for the rows ``idx`` (one resample per row of idx), one after another.

    Returns (train, test, status): per replicate the training and test ``cal.error`` on the predy
    grid (NaN where rms has NA, or for a failed refit) and the refit status.  A replicate depends
    on its rows only, so chunks of replicates can run anywhere (``cmvt_core.parallel``); compiled
    ``nogil`` so that threads run chunks side by side."""
    B, n = idx.shape
    nv = X.shape[1] + 1
    ng = predy.shape[0]
    train = np.empty((B, ng))
    test = np.empty((B, ng))
    status = np.empty(B, dtype=np.int64)
    ys = np.empty(n)
    pall = np.empty(n)
    xs = np.empty(n)
    yo = np.empty(n)
    gid = np.empty(n, dtype=np.int64)
    counts = np.empty(n + 1, dtype=np.int64)
    ot = np.empty(n, dtype=np.int64)
    yall = np.empty(n)
    for k in range(n):
        yall[k] = 1.0 if y[k] != 0 else 0.0
    for b in range(B):
        rows = idx[b]
        beta = np.empty(nv)
        XaT, yg, wt = _gather_counts(X, y, rows)  # distinct rows with their multiplicities
        st, L0, L = _newton(XaT, yg, wt, _MAXIT, 0.025, tol, beta, _TRUE, _FALSE)
        status[b] = st
        if st != _OK:
            for g in range(ng):
                train[b, g] = np.nan
                test[b, g] = np.nan
            continue
        xb = matxv(X, beta)
        for k in range(n):
            pall[k] = _plogis(xb[k])
        o = _argsort_stable(pall)  # order(px) on the original rows
        ngroups = _tie_groups(pall, o, gid)
        # training: order(px[rows]) from the groups, without a second sort
        _order_by_group(gid, rows, ngroups, counts, ot)
        for k in range(n):
            r = rows[ot[k]]
            xs[k] = pall[r]
            yo[k] = yall[r]
        _cal_error_sorted(xs, yo, predy, train[b], ys)
        for k in range(n):
            xs[k] = pall[o[k]]
            yo[k] = yall[o[k]]
        _cal_error_sorted(xs, yo, predy, test[b], ys)
    return train, test, status


def _calibrate_task(X, y, predy, tol, idx):
    return _calibrate_chunk(X, y, idx, predy, tol)


@numba.njit(cache=True)
def _discrim_apparent(xv, yv, LR, R2, g, gp, nobs):
    """validate.lrm's discrim with evalfit = TRUE: (Dxy, R2, Intercept, Slope, D, U, Q, B, g, gp)."""
    n = xv.shape[0]
    o = _argsort_stable(xv)
    xs = np.empty(n)
    ys = np.empty(n, dtype=np.int64)
    for k in range(n):
        xs[k] = xv[o[k]]
        ys[k] = yv[o[k]]
    return _discrim_sorted(xs, ys, xv, yv, LR, R2, g, gp, nobs)


@numba.njit(cache=True)
def _discrim_sorted(xs, ys, xv, yv, LR, R2, g, gp, nobs):
    """``_discrim_apparent`` given xv, yv also sorted by xv (stable): xs, ys."""
    out = np.empty(10)
    out[0] = _somers_dxy_sorted(xs, ys)
    out[1] = R2
    out[2] = 0.0
    out[3] = 1.0
    D = (LR - 1.0) / nobs
    U = -2.0 / nobs
    out[4] = D
    out[5] = U
    out[6] = D - U
    out[7] = _brier(yv, xv)
    out[8] = g
    out[9] = gp
    return out


@numba.njit(cache=True)
def _fit_stats(L0, L, nobs):
    """lrm.fit's Model L.R. and Nagelkerke R2."""
    lr = L0 - L
    r2 = 1.0 - math.exp(-lr / nobs)
    r2max = 1.0 - math.exp(-L0 / nobs)
    return lr, r2 / r2max


@numba.njit(cache=True, nogil=True)
def _validate_chunk(X, y, idx):
    """validate's replicates for the rows ``idx``, one after another (see ``_calibrate_chunk``).

    Returns (train, test, status) with the 10 discrim measures per replicate; status >= 10 marks
    a failed recalibration refit on the original rows (rms stops with an error there)."""
    B, n = idx.shape
    nv = X.shape[1] + 1
    ones = np.ones(n)
    gid = np.empty(n, dtype=np.int64)
    counts = np.empty(n + 1, dtype=np.int64)
    o = np.empty(n, dtype=np.int64)
    train = np.empty((B, 10))
    test = np.empty((B, 10))
    status = np.empty(B, dtype=np.int64)
    for b in range(B):
        rows = idx[b]
        beta = np.empty(nv)
        XaT, yg, wt = _gather_counts(X, y, rows)  # distinct rows with their multiplicities
        st, L0, L = _newton(XaT, yg, wt, _MAXIT, 0.025, 1e-7, beta, _TRUE, _TRUE)
        status[b] = st
        if st != _OK:
            for g in range(10):
                train[b, g] = np.nan
                test[b, g] = np.nan
            continue
        xb = matxv(X, beta)
        o2 = _argsort_stable(xb)  # order(lp) on the original rows
        ngroups = _tie_groups(xb, o2, gid)
        # ---- training: the bootstrap fit's own stats on its sample
        lr, r2 = _fit_stats(L0, L, float(n))
        xtr = np.empty(n)
        ytr = np.empty(n, dtype=np.int64)
        for k in range(n):
            xtr[k] = xb[rows[k]]
            ytr[k] = y[rows[k]]
        _order_by_group(gid, rows, ngroups, counts, o)  # order(xtr), without a second sort
        lpmid = np.empty(n)
        pmid = np.empty(n)
        xts = np.empty(n)
        yts = np.empty(n, dtype=np.int64)
        for k in range(n):
            xts[k] = xtr[o[k]]
            yts[k] = ytr[o[k]]
            v = (xts[k] - beta[0]) + beta[0]
            lpmid[k] = v
            pmid[k] = _plogis(v)
        g = _gini_sorted(lpmid)
        gp = _gini_sorted(pmid)
        dtr = _discrim_sorted(xts, yts, xtr, ytr, lr, r2, g, gp, float(n))
        for g in range(10):  # a loop, not train[b, :] = ...: no shape-error path to compile
            train[b, g] = dtr[g]
        # ---- test: original data with the bootstrap linear predictor, recalibration refit
        XrT = np.empty((2, n))
        for k in range(n):
            XrT[0, k] = 1.0
            XrT[1, k] = xb[k]
        br = np.empty(2)
        st2, L02, L2 = _newton(XrT, y, ones, _MAXIT, 0.025, 1e-13, br, _TRUE, _TRUE)
        if st2 != _OK:
            status[b] = 10 + st2  # R errors out here; reported by the caller
            continue
        lr2, r22 = _fit_stats(L02, L2, float(n))
        a = br[0]
        sl = br[1]
        xs = np.empty(n)
        ys = np.empty(n, dtype=np.int64)
        for k in range(n):
            xs[k] = xb[o2[k]]
            ys[k] = y[o2[k]]
        out = test[b]
        out[0] = _somers_dxy_sorted(xs, ys)
        out[1] = r22
        out[2] = a
        out[3] = sl
        D = (lr2 - 1.0) / n
        L01 = 0.0
        for k in range(n):
            yk = 1.0 if y[k] != 0 else 0.0
            L01 += yk * xb[k] - math.log(1.0 + math.exp(xb[k]))
        L01 = -2.0 * L01
        Uu = (L01 - L2 - 2.0) / n
        out[4] = D
        out[5] = Uu
        out[6] = D - Uu
        out[7] = _brier(y, xb)
        gv = np.empty(n)
        gpv = np.empty(n)
        for k in range(n):
            kk = k if sl >= 0 else n - 1 - k
            gv[kk] = sl * xs[k]
            gpv[kk] = _plogis(a + sl * xs[k])
        out[8] = _gini_sorted(gv)
        out[9] = _gini_sorted(gpv)
    return train, test, status


def _validate_task(X, y, idx):
    return _validate_chunk(X, y, idx)


@numba.njit(cache=True)
def _accumulate(train, test, status):
    """predab.resample's sums, in replicate order: NA (NaN) measures count 0 and are not counted."""
    B, m = train.shape
    tr = np.zeros(m)
    te = np.zeros(m)
    num = np.zeros(m)
    for b in range(B):
        if status[b] != _OK:
            continue
        for g in range(m):
            a = train[b, g]
            c = test[b, g]
            if math.isnan(a + c):
                a = 0.0
                c = 0.0
            else:
                num[g] += 1.0
            tr[g] = tr[g] + a
            te[g] = te[g] + c
    return tr, te, num


# --------------------------------------------------------------------------------------------
# the fit object
# --------------------------------------------------------------------------------------------


class _FitParts(NamedTuple):
    X: np.ndarray        # (n, p) design matrix without the intercept column (rms's fit$x)
    y: np.ndarray        # (n,) int64 0/1 (rms's fit$y)
    coef: np.ndarray     # (p+1,) intercept first
    lp: np.ndarray       # (n,) fit$linear.predictors
    stats: dict | None   # fit$stats (rms names)
    names: list


def _first_attr(obj, names):
    for nm in names:
        if hasattr(obj, nm):
            v = getattr(obj, nm)
            if v is not None and not callable(v):
                return v
    return None


def _fit_parts(fit) -> _FitParts:
    """X, y, coefficients, linear predictors and stats of an lrm fit (rms's x=TRUE, y=TRUE)."""
    if fit is None:
        raise InputError("fit is None: pass the result of cmvt_core.lrm(x, y)")
    X = _first_attr(fit, ("x", "_x", "design", "_design", "X", "design_matrix"))
    y = _first_attr(fit, ("y", "_y"))
    if X is None or y is None:
        raise InputError("fit does not keep its design matrix and outcome (rms: 'fit did not use x=TRUE,y=TRUE'); "
                         "pass a fit from cmvt_core.lrm")
    cn = getattr(fit, "coef_names", None)
    if isinstance(X, pd.DataFrame):
        names = [str(c) for c in X.columns]
    elif cn is not None and len(cn) == np.shape(X)[1] + 1:
        names = [str(c) for c in list(cn)[1:]]
    else:
        names = [f"x{j + 1}" for j in range(np.shape(X)[1])]
    X = np.array(X, dtype=np.float64, order="C")  # a writable C copy, whatever the fit holds (one kernel type)
    if X.ndim != 2:
        raise InputError(f"fit's design matrix must be 2-D, got shape {X.shape}")
    yv = np.asarray(y, dtype=np.float64).ravel()
    if yv.shape[0] != X.shape[0]:
        raise InputError(f"fit's y has {yv.shape[0]} rows but its design matrix has {X.shape[0]}")
    bad = np.flatnonzero((yv != 0) & (yv != 1))
    if bad.size:
        raise InputError(f"fit's y must be 0/1; row {int(bad[0]) + 1} holds {float(yv[bad[0]]):g}")
    if not np.isfinite(X).all():
        r, c = np.argwhere(~np.isfinite(X))[0]
        raise InputError(f"fit's design matrix has a non-finite value in column {names[c]!r}, row {r + 1}")
    # np.array: a writable copy (a read-only array, as pandas' copy-on-write hands out, would be
    # one more type for the compiled kernels)
    coef = np.array(getattr(fit, "coef", None) if getattr(fit, "coef", None) is not None
                    else fit.coefficients, dtype=np.float64).ravel()
    if coef.shape[0] != X.shape[1] + 1:
        raise InputError(f"fit has {coef.shape[0]} coefficients but {X.shape[1]} design columns (+1 intercept)")
    lp = getattr(fit, "linear_predictors", None)
    lp = np.asarray(lp, dtype=np.float64).ravel() if lp is not None else None
    if lp is None or lp.shape[0] != X.shape[0]:
        lp = matxv(X, coef)
    stats = getattr(fit, "stats", None)
    stats = dict(stats) if stats is not None else None
    return _FitParts(X, yv.astype(np.int64), coef, lp, stats, names)


def _check_method(method):
    if not isinstance(method, str) or method != "boot":
        raise InputError(f"method {method!r} is not implemented; only method='boot' (rms's default) is")


def _boot_inputs(fit, B, method, n_jobs, backend, seed, progress) -> tuple[int, _FitParts]:
    """calibrate's and validate's checks at the door, in their order: method, parallel settings,
    B (a whole number in 1..MAX_REPLICATES), seed, progress, then the fit's parts and the B x n bound."""
    _check_method(method)
    check_parallel(n_jobs, backend)
    B = V.replicates(B, "B")
    V.seed(seed)
    V.flag(progress, "progress", none_ok=True)
    fp = _fit_parts(fit)
    V.replicates(B, "B", n=fp.X.shape[0])  # the B x n rows drawn (chunk by chunk)
    return B, fp


def _draws(n: int, B: int, seed) -> np.ndarray:
    """The B bootstrap samples predab.resample draws: sample(n, replace=TRUE) per replicate, 0-based."""
    return RRNG(seed).unif_index(n, n * B).reshape(B, n)


def _want_progress(progress, B: int) -> bool:
    if progress is None:
        try:
            return B >= 200 and sys.stderr is not None and sys.stderr.isatty()
        except (AttributeError, ValueError):
            return False
    return bool(progress)


# bootstrap work below this many drawn rows (B * n) runs in the calling thread when n_jobs=None
_AUTO_PARALLEL_ROWS = 200_000
# a chunk of replicates holds at most about this many drawn rows (bounds memory; lazily drawn), and so
# takes a fraction of a second: Ctrl-C is seen between chunks (a compiled chunk cannot be interrupted);
# the results do not depend on the chunking
_CHUNK_ROWS = 100_000


def _resolve_jobs(n_jobs, backend, B: int, n: int):
    """``n_jobs=None`` with the thread backend: all cores once B * n is large, else serial."""
    n_jobs, backend = check_parallel(n_jobs, backend)
    if n_jobs is None and backend == "threads" and B * n >= _AUTO_PARALLEL_ROWS:
        n_jobs = -1
    return n_jobs, backend


def _draw_chunks(n: int, B: int, seed, bounds):
    """The replicates' rows, chunk by chunk, from one R stream in R's order (== ``_draws`` split)."""
    rng = RRNG(seed)
    for lo, hi in bounds:
        yield rng.unif_index(n, n * (hi - lo)).reshape(hi - lo, n)  # sample(n, replace = TRUE) - 1


def _run_boot(task, shared, n: int, B: int, seed, n_jobs, backend, label: str, progress: bool):
    """Draw the B resamples in R's order and evaluate them in chunks of consecutive replicates on
    ``cmvt_core.parallel``'s pool; returns (train, test, status) in replicate order."""
    n_jobs, backend = _resolve_jobs(n_jobs, backend, B, n)
    RRNG(seed)  # a bad seed fails here, before any pool starts
    with Executor(n_jobs, backend) as ex:
        workers = max(1, ex.n)
        size = max(1, min(-(-B // (4 * workers)) if not ex.serial else B, _CHUNK_ROWS // max(n, 1)))
        if progress:
            size = min(size, max(1, B // 20))
        bounds = chunk_bounds(B, -(-B // size))
        done = [0]
        t0 = time.perf_counter()

        def report(part):
            done[0] += part[2].shape[0]
            sys.stderr.write(f"\r{label}: bootstrap {done[0]}/{B} ({time.perf_counter() - t0:.1f}s)")
            sys.stderr.flush()

        parts = ordered_results(ex, task, shared, _draw_chunks(n, B, seed, bounds),
                                on_result=report if progress else None)
    if progress:
        sys.stderr.write("\n")
        sys.stderr.flush()
    return (np.concatenate([p[0] for p in parts], axis=0), np.concatenate([p[1] for p in parts], axis=0),
            np.concatenate([p[2] for p in parts]))


def _failure_warning(status: np.ndarray, B: int) -> dict:
    failed = int(np.sum(status != _OK))
    reasons = {"singular": int(np.sum(status == _FAIL_SINGULAR)),
               "nonconvergence": int(np.sum(status == _FAIL_CONV))}
    one = int(np.sum(status == _FAIL_ONE_CLASS))
    if one:
        raise InputError(f"{one} bootstrap sample(s) hold only one outcome class; rms stops here ('A training "
                         "sample has a different number of intercepts'): the outcome is too rare for this n")
    if failed:
        warnings.warn(f"Divergence or singularity in {failed} samples", RWarning, stacklevel=3)
    return {"n_failed": failed, **reasons}


# --------------------------------------------------------------------------------------------
# calibrate
# --------------------------------------------------------------------------------------------


def _printed_errors(predicted, predy, cal_corrected):
    """plot.calibrate.default / print.calibrate.default: err, MAE, MSE and 0.9 quantile."""
    s = ~np.isnan(predy + cal_corrected)
    if s.sum() < 2:
        err = np.full(predicted.shape, np.nan)
    else:
        err = predicted - _r_approx(predy[s], cal_corrected[s], predicted, rule=1, ties="mean")
    a = np.abs(err[~np.isnan(err)])
    if a.size == 0:
        return err, math.nan, math.nan, math.nan
    mae = r_mean(a)
    mse = r_mean(a * a)
    q90 = float(_r_quantile(a, 0.9, type=7)[0])
    return err, mae, mse, q90


def _predy_grid(predicted: np.ndarray) -> np.ndarray:
    n = predicted.shape[0]
    if n < 11:
        raise InputError(f"calibrate needs n > 10 to build its predy grid (rms: 'must have n > 10 if do not "
                         f"specify predy'); the fit has n = {n}")
    p = np.sort(predicted)
    return seq_len_out(p[4], p[n - 5], 50)


@dataclass
class CalibrateResult:
    """``rms::calibrate(fit, method="boot", B)`` for an lrm fit, with what ``plot(cal)`` prints."""
    table: pd.DataFrame
    mean_abs_error: float
    mean_sq_error: float
    quantile90_abs_error: float
    n: int                      # "n=" of the printout: all predictions, including those off the grid
    err: np.ndarray             # predicted - bias-corrected calibration (NaN off the predy grid)
    predicted: np.ndarray       # plogis of the fit's linear predictors
    B: int
    method: str = "boot"
    n_failed: int = 0
    failures: dict = field(default_factory=dict)
    seed: Any = None

    @property
    def predy(self) -> np.ndarray:
        return self.table["predy"].to_numpy()

    def summary_line(self) -> str:
        """The lines ``plot(cal)`` prints (rounded as rms rounds them)."""
        return (f"n={self.n}   Mean absolute error={_rfmt(round(self.mean_abs_error, 3))}   Mean squared error="
                f"{_rfmt(round(self.mean_sq_error, 5))}\n0.9 Quantile of absolute error="
                f"{_rfmt(round(self.quantile90_abs_error, 3))}")

    def to_dict(self) -> dict:
        return {"table": {c: [float(v) for v in self.table[c]] for c in self.table.columns},
                "mean_abs_error": float(self.mean_abs_error), "mean_sq_error": float(self.mean_sq_error),
                "quantile90_abs_error": float(self.quantile90_abs_error), "n": int(self.n), "B": int(self.B),
                "method": self.method, "n_failed": int(self.n_failed),
                "failures": {k: int(v) for k, v in self.failures.items()},
                "seed": None if self.seed is None else int(self.seed)}


def _rfmt(v: float) -> str:
    """R's ``cat()`` of a number: 7 significant digits, fixed unless scientific is narrower."""
    if math.isnan(v):
        return "NaN"
    if v == 0:
        return "0"
    mant, ex = f"{abs(v):.6e}".split("e")
    kp = int(ex)
    sig = max(1, len(mant.replace(".", "").rstrip("0")))
    neg = 1 if v < 0 else 0
    w_e = neg + (sig + 1 if sig > 1 else sig) + (4 if abs(kp) < 100 else 5)
    rgt = max(0, sig - kp - 1)
    w_f = neg + (kp + 1 if kp >= 0 else 1) + (rgt + 1 if rgt > 0 else 0)
    if w_f <= w_e:
        return f"{v:.{rgt}f}"
    m = f"{abs(v):.{sig - 1}e}".split("e")[0]
    return f"{'-' if neg else ''}{m}e{'-' if kp < 0 else '+'}{abs(kp):02d}"


def calibrate(fit, *, B: int = 40, seed=None, method: str = "boot", predy=None, progress=None, n_jobs=None,
              backend: str = "threads") -> CalibrateResult:
    """``set.seed(seed); rms::calibrate(fit, method="boot", B=B)`` for an lrm fit.

    ``fit`` is a :func:`cmvt_core.lrm` fit (it keeps its design matrix and outcome, as rms's
    ``x=TRUE, y=TRUE``).  The table's columns are rms's with dots as underscores; the error
    figures are those ``plot(cal)`` prints, unrounded.  ``progress=None`` shows progress on
    stderr only for B >= 200 when stderr is a terminal.

    Bounds (``cmvt_core._validate``, checked before any work): B is a whole number in 1..100 000,
    B x n (the rows drawn) at most 2^31 - 1, and the kept per-replicate curves (B x 2 x the predy
    grid) at most 1 GiB.  ``predy`` must lie in [0, 1]; grid points beyond the predictions' range
    give NaN rows, as rms's NA.  The replicates run in short chunks, so Ctrl-C stops the loop
    within a chunk (KeyboardInterrupt).

    ``n_jobs`` / ``backend`` spread the replicates over workers (:mod:`cmvt_core.parallel`):
    ``backend="threads"`` (default; the refits run in numba code that releases the GIL),
    ``"processes"`` (joblib's loky pool) or ``"dask"`` (the current ``dask.distributed`` client,
    e.g. ``Client(LocalCluster())`` or a remote scheduler).  ``n_jobs=None`` runs serially when
    B * n < 200 000 and otherwise on all cores with threads; ``-1`` means all cores (with
    ``"dask"``: all worker threads of the cluster).  Every replicate's rows are drawn in this
    process from R's stream in R's order, chunks of consecutive replicates are evaluated by the
    workers with the same compiled code, and their results are summed in replicate order, so
    the result is byte-identical whatever ``n_jobs`` and ``backend`` are (on a cluster: when the
    workers run the same software on the same kind of CPU, as numba compiles for the host).
    """
    B, fp = _boot_inputs(fit, B, method, n_jobs, backend, seed, progress)
    X, y, coef = fp.X, fp.y, fp.coef
    n = X.shape[0]
    # calibrate.default: predicted <- plogis(fit$linear.predictors - coef[1] + coef[kint])
    predicted = 1.0 / (1.0 + np.exp(-((fp.lp - coef[0]) + coef[0])))
    if predy is None:
        predy = _predy_grid(predicted)
    else:
        # a grid of predicted probabilities: outside [0, 1] every row would be NaN (no prediction is there);
        # inside [0, 1] but beyond the predictions' range the rows are NaN as rms's NA (approx's rule = 1)
        predy = V.float_vector(predy, "predy", low=0.0, high=1.0, unit="position")
        if predy.shape[0] == 0:
            raise InputError("predy is empty: give the grid of predicted probabilities (or None for rms's grid)")
    predy = np.ascontiguousarray(predy, dtype=np.float64)
    ng = predy.shape[0]
    # the replicates' training and test curves are kept: B x 2 x the predy grid
    V.result_memory(8.0 * B * 2 * ng, f"calibrate with B={B} and a predy grid of {ng} points")
    # index.orig: the measure on the original fit (no random numbers)
    xb = matxv(X, coef)
    px = np.array([1.0 / (1.0 + math.exp(-v)) for v in xb])
    orig_cal = _orig_cal(px, y, predy)  # keepinfo$orig.cal: cal itself
    index_orig = orig_cal - predy
    train, test, status = _run_boot(_calibrate_task, (X, y, predy, 1e-13), n, B, seed, n_jobs, backend,
                                    "calibrate", _want_progress(progress, B))
    fails = _failure_warning(status, B)
    tr, te, num = _accumulate(train, test, status)
    with np.errstate(invalid="ignore", divide="ignore"):
        training = tr / num
        test_m = te / num
    optimism = training - test_m
    table = pd.DataFrame({
        "predy": predy, "calibrated_orig": orig_cal, "calibrated_corrected": orig_cal - optimism,
        "index_orig": index_orig, "training": training, "test": test_m, "optimism": optimism,
        "index_corrected": index_orig - optimism, "n": num})
    err, mae, mse, q90 = _printed_errors(predicted, predy, table["calibrated_corrected"].to_numpy())
    return CalibrateResult(table=table, mean_abs_error=mae, mean_sq_error=mse, quantile90_abs_error=q90,
                           n=int(err.shape[0]), err=err, predicted=predicted, B=B, method=method,
                           n_failed=fails["n_failed"], failures=fails, seed=seed)


def _orig_cal(px: np.ndarray, y: np.ndarray, predy: np.ndarray) -> np.ndarray:
    """cal = approx(lowess(px, y, iter=0), xout=predy, ties=first)$y (NA outside range(px))."""
    sm = lowess(px, y.astype(np.float64), iter=0)
    return _r_approx(sm.x, sm.y, predy, rule=1, ties="first")


# --------------------------------------------------------------------------------------------
# validate
# --------------------------------------------------------------------------------------------

_VALIDATE_ROWS = ["Dxy", "R2", "Intercept", "Slope", "Emax", "D", "U", "Q", "B", "g", "gp"]
_VALIDATE_COLS = ["index_orig", "training", "test", "optimism", "index_corrected", "n"]


@dataclass
class ValidateResult:
    """``rms::validate(fit, method="boot", B)`` for an lrm fit."""
    table: pd.DataFrame
    B: int
    method: str = "boot"
    n_failed: int = 0
    failures: dict = field(default_factory=dict)
    seed: Any = None

    def to_dict(self) -> dict:
        return {"table": {r: {c: float(self.table.loc[r, c]) for c in self.table.columns} for r in self.table.index},
                "B": int(self.B), "method": self.method, "n_failed": int(self.n_failed),
                "failures": {k: int(v) for k, v in self.failures.items()},
                "seed": None if self.seed is None else int(self.seed)}


def _orig_stats(fp: _FitParts, xb: np.ndarray) -> tuple[float, float, float, float, float]:
    """(Model L.R., R2, g, gp, Obs) of the original fit: its stats, or recomputed as lrm.fit does."""
    st = fp.stats or {}
    need = ("Model L.R.", "R2", "g", "gp", "Obs")
    if all(k in st for k in need):
        return tuple(float(st[k]) for k in need)
    n = fp.X.shape[0]
    status, coef, dev = lrm_newton(fp.X, fp.y)
    lr, r2 = _fit_stats(dev[0], dev[1], float(n))
    lpmid = (fp.lp - fp.coef[0]) + fp.coef[0]
    return lr, r2, gini_md(lpmid), gini_md(1 / (1 + np.exp(-lpmid))), float(n)


def validate(fit, *, B: int = 40, seed=None, method: str = "boot", progress=None, n_jobs=None,
             backend: str = "threads") -> ValidateResult:
    """``set.seed(seed); rms::validate(fit, method="boot", B=B)`` for an lrm fit (Dxy by somers2).

    B: a whole number in 1..100 000 with B x n at most 2^31 - 1 (as :func:`calibrate`).

    ``n_jobs`` / ``backend``: as :func:`calibrate` (byte-identical results whatever they are)."""
    B, fp = _boot_inputs(fit, B, method, n_jobs, backend, seed, progress)
    X, y, coef = fp.X, fp.y, fp.coef
    n = X.shape[0]
    xb = matxv(X, coef)
    lr, r2, g, gp, nobs = _orig_stats(fp, xb)
    index_orig = _discrim_apparent(xb, y, lr, r2, g, gp, nobs)
    train, test, status = _run_boot(_validate_task, (X, y), n, B, seed, n_jobs, backend, "validate",
                                    _want_progress(progress, B))
    bad = np.flatnonzero(status >= 10)
    if bad.size:
        raise RuntimeError(f"bootstrap sample {int(bad[0]) + 1}: the recalibration refit lrm.fit(lp, y) failed "
                           "on the original data; rms's validate stops with an error here too")
    fails = _failure_warning(status, B)
    tr, te, num = _accumulate(train, test, status)
    with np.errstate(invalid="ignore", divide="ignore"):
        training = tr / num
        test_m = te / num
    optimism = training - test_m
    z = np.column_stack([index_orig, training, test_m, optimism, index_orig - optimism, num])
    a, b = z[2, 4], z[3, 4]
    p = seq_by(0.0, 1.0, 5e-4)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        L = np.log(p / (1 - p))
        P = 1.0 / (1.0 + np.exp(-(a + b * L)))
        d = np.abs(p - P)
    emax = float(np.nanmax(d)) if np.any(~np.isnan(d)) else -math.inf
    z = np.vstack([z[:4], [0.0, 0.0, emax, emax, emax, z[0, 5]], z[4:]])
    table = pd.DataFrame(z, index=_VALIDATE_ROWS, columns=_VALIDATE_COLS)
    return ValidateResult(table=table, B=B, method=method, n_failed=fails["n_failed"], failures=fails, seed=seed)


# --------------------------------------------------------------------------------------------
# external validation: a fitted model on a new cohort
# --------------------------------------------------------------------------------------------


@dataclass
class ExternalCalibration:
    """Calibration of fixed predictions on a new cohort (see :func:`external_calibration`)."""
    table: pd.DataFrame         # predy, calibrated (the lowess curve on the predy grid)
    mean_abs_error: float
    mean_sq_error: float
    quantile90_abs_error: float
    n: int
    err: np.ndarray
    predicted: np.ndarray
    curve: Lowess               # the full lowess curve (sorted predictions, smoothed outcome)

    def to_dict(self) -> dict:
        return {"table": {c: [float(v) for v in self.table[c]] for c in self.table.columns},
                "mean_abs_error": float(self.mean_abs_error), "mean_sq_error": float(self.mean_sq_error),
                "quantile90_abs_error": float(self.quantile90_abs_error), "n": int(self.n)}


def external_calibration(fit=None, x=None, y=None, *, predicted=None, predy=None) -> ExternalCalibration:
    """Calibration curve and its error figures for a fitted model on a new cohort.

    rms's ``calibrate`` only resamples the training data; for a validation cohort the model is
    fixed, so there is no optimism to remove and the curve is the *apparent* one.  Exactly:

    1. ``predicted`` = the model's predicted probabilities for the new cohort
       (``fit.predict(x, type="fitted")``, or pass ``predicted=`` directly with ``y``);
    2. ``predy`` = 50 equally spaced points from the 5th smallest to the 5th largest
       prediction (``seq(p[5], p[n-4], length = 50)`` on the sorted predictions, as calibrate);
    3. ``calibrated`` = ``approx(lowess(predicted, y, iter = 0), xout = predy,
       ties = function(x) x[1])$y`` (calibrate's ``cal.error`` smoother; NA outside the range);
    4. ``err`` = ``predicted - approx(predy, calibrated, xout = predicted, ties = mean)$y``
       (NA for predictions off the grid) and, as ``plot(cal)`` prints them, the mean absolute
       error ``mean(|err|, na.rm=TRUE)``, mean squared error and 0.9 quantile (type 7) of |err|;
       ``n`` counts all predictions.

    In R: ``cal <- approx(lowess(p, y, iter=0), xout=predy, ties=function(x) x[1])$y;
    err <- p - approx(predy, cal, xout=p, ties=mean)$y; mean(abs(err), na.rm=TRUE)``.
    """
    if predicted is None:
        if fit is None or x is None:
            raise InputError("external_calibration needs fit and x (or predicted=) and y")
        predicted = fit.predict(x, type="fitted")
    p = V.float_vector(predicted, "predicted", low=0.0, high=1.0)
    if y is None:
        raise InputError("external_calibration needs the new cohort's outcome y")
    yv = V.outcome01(y, "y")
    V.same_length("y", yv.shape[0], "predicted", p.shape[0])
    if predy is None:
        predy = _predy_grid(p)
    else:
        predy = V.float_vector(predy, "predy", low=0.0, high=1.0, unit="position")
    sm = lowess(p, yv, iter=0)
    cal = _r_approx(sm.x, sm.y, predy, rule=1, ties="first")
    err, mae, mse, q90 = _printed_errors(p, predy, cal)
    table = pd.DataFrame({"predy": predy, "calibrated": cal})
    return ExternalCalibration(table=table, mean_abs_error=mae, mean_sq_error=mse, quantile90_abs_error=q90,
                               n=int(p.shape[0]), err=err, predicted=p, curve=sm)

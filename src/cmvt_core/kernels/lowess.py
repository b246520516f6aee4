"""R's ``clowess`` (``stats::lowess``'s C code, src/library/stats/src/lowess.c), written once.

``clowess`` serves the public :func:`cmvt_core.lowess.lowess` (bit-identical to R's) and, with
``fused=True``, the calibrate bootstrap's smoother (iter = 0), whose local fits come from one
pass of five fixed-order SIMD sums (``lanes.window_sums``): the same fit up to the last bits
(about 1e-15 relative), with clowess's windows, skipped points and ties.  ``argsort_stable`` is
R's ``order()`` of doubles (stable), used for clowess's order statistics and by the bootstrap.
"""
from __future__ import annotations

import math

import numba
import numpy as np

from .lanes import window_sums


@numba.njit(cache=True)
def lowest(x, y, n, xs, nleft, nright, w, userw, rw):
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
def interpolate_skip(x, ys, n, i, last, delta):
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
def lowest_fused(x, y, n, xs, nleft, nright):
    """``lowest`` in one pass: the same weighted linear fit from five weighted sums.

    Used inside the bootstrap loops only.  Algebraically identical to clowess's three
    normalise/centre/slope passes; the rounding differs in the last bits (about 1e-15
    relative), well inside the 1e-8 parity tolerance, and the window and skip decisions,
    which depend on x alone, are the same as R's.  The five sums are ``lanes.window_sums``:
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
def clowess(x, y, f, nsteps, delta, ys, rw, res, fused):
    """R's ``clowess`` (src/library/stats/src/lowess.c) on x sorted ascending; fills ys.

    ``rw`` and ``res`` are scratch of length n.  ``fused`` (only with nsteps = 0, the bootstrap's
    smoother): each local fit by :func:`lowest_fused`, the same fit from one pass of five sums
    (last-bit differences); the windows, skips and ties are clowess's, which depend on x alone,
    and the scratch arrays are not touched (they may be empty)."""
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
            if fused:
                val, ok = lowest_fused(x, y, n, x[i - 1], nleft, nright)
            else:
                val, ok = lowest(x, y, n, x[i - 1], nleft, nright, res, it > 1, rw)
            if ok:
                ys[i - 1] = val
            else:
                ys[i - 1] = y[i - 1]
            i, last = interpolate_skip(x, ys, n, i, last, delta)
            if last >= n:
                break
        if it > nsteps:  # the last pass's residuals are not returned: stop before forming them
            break
        for k in range(n):
            res[k] = y[k] - ys[k]
        sc = 0.0
        for k in range(n):
            sc += abs(res[k])
        sc /= n
        for k in range(n):
            rw[k] = abs(res[k])
        srt = argsort_stable(rw)  # rPsort's order statistics (the radix sort: one sort kernel to compile)
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
def argsort_stable(v):
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

"""Base R's arithmetic reproduced to the last bit: the one implementation every module calls.

``r_sum`` (``sum``), ``col_sums`` (``colSums``), ``r_mean`` (``mean``), ``r_var`` (``var``),
``sum_prod_dev`` (``sum((x - cx) * (y - cy))``), ``rank_average`` (``rank``), ``r_median`` (``median``),
``quantile`` (types 1 and 7), ``seq_by`` / ``seq_len_out`` (``seq``), ``approx`` and ``pretty`` behave as
R 4.2.2's functions of the same name.  Rounding order matters for ties and group boundaries downstream,
so each follows R's own arithmetic.

R's sums (``rsum``, ``real_mean`` in summary.c, ``cov_complete1`` in cov.c, ``colSums`` in array.c)
accumulate **sequentially** in ``LDOUBLE`` (the x87 80-bit long double on x86-64, 64-bit mantissa) and
round to double once at the end.  ``np.cumsum`` over a ``np.longdouble`` array is that sequential
accumulation; ``np.sum`` is *not* (numpy sums pairwise, in blocks of eight interleaved partial sums),
and neither is a double-double sum (106-bit, which rounds some sums differently from the 64-bit
mantissa).  ``tests/kernels/test_rbase.py`` shows the three disagree on adversarial inputs and that ``r_sum``
equals R there.  Compiled numba kernels cannot use long double; each says which sum it does instead.
"""
from __future__ import annotations

import math

import numba
import numpy as np
from llvmlite import ir
from numba import types
from numba.extending import intrinsic

from ..errors import InputError

_DBL_EPS = np.finfo(float).eps


def _ld_seqsum(xl: np.ndarray) -> np.longdouble:
    """The sequential long-double sum of a long-double vector (R's ``LDOUBLE s = 0; s += x[i]``)."""
    if xl.shape[0] == 0:
        return np.longdouble(0.0)
    return np.cumsum(xl)[-1]


def r_sum(x) -> float:
    """R's ``sum(x)`` for doubles (summary.c ``rsum``): a sequential long-double accumulation, rounded once.

    Parameters
    ----------
    x : array_like
        Numbers (flattened in C order; for a matrix R's column-major order pass ``m.T``).

    Returns
    -------
    float
        ``sum(x)`` as R returns it (0 for an empty vector).

    Examples
    --------
    >>> r_sum([1e16, 1.0, -1e16])
    1.0
    """
    x = np.asarray(x, dtype=np.float64).ravel()
    return float(_ld_seqsum(x.astype(np.longdouble)))


def col_sums(a) -> np.ndarray:
    """R's ``colSums(a)`` (= ``apply(a, 2, sum)``): per column, a sequential long-double sum rounded once."""
    a = np.asarray(a, dtype=np.float64)
    if a.shape[0] == 0:
        return np.zeros(a.shape[1:], dtype=np.float64)
    return np.cumsum(a.astype(np.longdouble), axis=0)[-1].astype(np.float64)


def r_mean(x) -> float:
    """R's ``mean(x)`` (summary.c ``real_mean``): sequential long-double sum, divide, then one
    correction pass ``s += sum(x - s) / n`` with ``x - s`` in long double; rounded once."""
    x = np.asarray(x, dtype=np.float64).ravel()
    n = x.shape[0]
    if n == 0:
        return math.nan
    xl = x.astype(np.longdouble)
    s = _ld_seqsum(xl) / n
    if np.isfinite(s):
        s = s + _ld_seqsum(xl - s) / n
    return float(s)


def ld_colsums(L: np.ndarray) -> np.ndarray:
    """The sequential long-double sum down each column of a 2-D long-double array (R's ``LDOUBLE s = 0;
    s += x[i]`` per column), without a cumulative copy: ``np.add.reduce`` over axis 0 of a C-contiguous
    array with at least two columns adds row after row into the column totals (the inner loop runs along
    a row, never a pairwise sum down a column); one column goes through ``cumsum``."""
    L = np.ascontiguousarray(L, dtype=np.longdouble)
    if L.shape[0] == 0:
        return np.zeros(L.shape[1], dtype=np.longdouble)
    if L.shape[1] < 2:
        return np.cumsum(L, axis=0)[-1]
    return np.add.reduce(L, axis=0)


def r_mean_groups(x: np.ndarray, bounds: np.ndarray) -> np.ndarray:
    """``r_mean`` of each run ``x[bounds[k]:bounds[k + 1]]`` at once (NaN for an empty run): the runs of
    about the same length (within a factor 2) laid out as the columns of a long-double matrix padded with
    zeros (which add exactly 0), then :func:`ld_colsums`, R's sequential accumulation per run, for the sum
    and for the correction pass ``sum(x - s)``.  (Grouping by length keeps the padding below the data's
    size, whatever the spread of the lengths.)"""
    x = np.asarray(x, dtype=np.float64)
    bounds = np.asarray(bounds, dtype=np.int64)
    sizes = np.diff(bounds)
    g = sizes.shape[0]
    out = np.full(g, math.nan)
    if g == 0 or sizes.max(initial=0) == 0:
        return out
    klass = np.zeros(g, dtype=np.int64)
    nz = sizes > 0
    klass[nz] = np.frexp(sizes[nz].astype(np.float64))[1]  # sizes in [2^(k-1), 2^k)
    for k in np.unique(klass[nz]):
        runs = np.flatnonzero(klass == k)
        sz = sizes[runs]
        P, pad = _pad_runs(x, bounds, runs, int(sz.max()))
        nn = sz.astype(np.longdouble)
        L = P.astype(np.longdouble)
        with np.errstate(invalid="ignore", divide="ignore"):
            s = ld_colsums(L) / nn
            L -= s
            L[pad] = 0
            s = np.where(np.isfinite(s), s + ld_colsums(L) / nn, s)
        out[runs] = s.astype(np.float64)
    return out


@numba.njit(cache=True, nogil=True)
def _pad_runs(x, bounds, runs, width):  # pragma: no cover - compiled
    """The runs ``x[bounds[r]:bounds[r + 1]]`` (r in ``runs``) as the columns of a (width, len(runs)) matrix
    padded with zeros below each run, and the mask of the padding."""
    nr = runs.shape[0]
    P = np.zeros((width, nr))
    pad = np.ones((width, nr), dtype=np.bool_)
    for c in range(nr):
        a = bounds[runs[c]]
        for i in range(bounds[runs[c] + 1] - a):
            P[i, c] = x[a + i]
            pad[i, c] = False
    return P, pad


def r_var(x) -> float:
    """R's ``var(x)`` for a vector (cov.c ``cov_complete1``): the mean as ``mean`` (two long-double passes,
    rounded to double: ``xm[i] = (double)tmp``), then ``sum((x - xxm) * (x - xxm))`` where ``xxm``, the
    deviations, their products and the sequential sum are all long double (cov.c declares
    ``LDOUBLE sum, tmp, xxm, yym``), divided by ``n - 1`` in long double and rounded once.  NaN for n < 2."""
    x = np.asarray(x, dtype=np.float64).ravel()
    n = x.shape[0]
    if n < 2:
        return math.nan
    d = x.astype(np.longdouble) - np.longdouble(r_mean(x))
    return float(_ld_seqsum(d * d) / np.longdouble(n - 1))


def _ld_devs(x, y):
    """The long-double deviations of two complete vectors from their R means (cov.c), or None for n < 2."""
    x = np.asarray(x, dtype=np.float64).ravel()
    y = np.asarray(y, dtype=np.float64).ravel()
    if x.shape[0] < 2:
        return None
    return (x.astype(np.longdouble) - np.longdouble(r_mean(x)), y.astype(np.longdouble) - np.longdouble(r_mean(y)),
            np.longdouble(x.shape[0] - 1))


def r_cov(x, y) -> float:
    """R's ``cov(x, y)`` for two complete vectors (cov.c ``cov_complete2``): each mean as ``r_mean``, then
    ``sum((x - xm) * (y - ym))`` with the deviations, products and sum in long double, over ``n - 1``, rounded once."""
    d = _ld_devs(x, y)
    if d is None:
        return math.nan
    dx, dy, n1 = d
    return float(_ld_seqsum(dx * dy) / n1)


def r_cor(x, y) -> float:
    """R's ``cor(x, y)`` (pearson, complete vectors; cov.c): ``cov / (sdx * sdy)`` with each sd
    ``(double) sqrtl(sum of squared long-double deviations / (n - 1))``, the ratio in double, clamped to [-1, 1];
    NaN when an sd is 0 (R: NA with a warning)."""
    d = _ld_devs(x, y)
    if d is None:
        return math.nan
    dx, dy, n1 = d
    c = float(_ld_seqsum(dx * dy) / n1)
    sx = float(np.sqrt(_ld_seqsum(dx * dx) / n1))
    sy = float(np.sqrt(_ld_seqsum(dy * dy) / n1))
    if sx == 0 or sy == 0:
        return math.nan
    v = c / (sx * sy)
    return 1.0 if v >= 1.0 else (-1.0 if v <= -1.0 else v)


def sum_prod_dev(x, cx: float, y, cy: float) -> float:
    """R's ``sum((x - cx) * (y - cy))`` (differences and products in double, the sum as ``r_sum``)."""
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    return r_sum((x - cx) * (y - cy))


def rank_average(v) -> np.ndarray:
    """R's ``rank(v)`` with ``ties.method = "average"`` (no NA): tied values share their mean rank."""
    v = np.asarray(v, dtype=np.float64)
    order = np.argsort(v, kind="mergesort")
    s = v[order]
    n = v.shape[0]
    ranks = np.empty(n, dtype=np.float64)
    i = 0
    while i < n:
        j = i
        while j + 1 < n and s[j + 1] == s[i]:
            j += 1
        ranks[order[i:j + 1]] = (i + j + 2) / 2.0
        i = j + 1
    return ranks


def r_median(x) -> float:
    """R's ``median(x)``: the mean of the two middle values for even n (as ``mean(sort(x)[half + 0:1])``)."""
    x = np.sort(np.asarray(x, dtype=np.float64))
    n = x.shape[0]
    if n == 0:
        return math.nan
    half = (n + 1) // 2
    if n % 2 == 1:
        return float(x[half - 1])
    return r_mean(x[half - 1:half + 1])


def quantile(x, probs, type: int = 7) -> np.ndarray:
    """R's ``quantile(x, probs, type=type, names=FALSE)`` for types 1, 2 and 7 (no NA in x).

    Type 2 (the bootstrap percentiles of ``nricens``) is R 4.2.2's ``j <- floor(n * probs)``, ``h <- ((n *
    probs > j) + 1) / 2``: an order statistic, or the mean ``0.5 * x[j] + 0.5 * x[j + 1]`` where ``n * probs``
    is a whole number and the two differ."""
    x = np.sort(np.asarray(x, dtype=np.float64))
    probs = np.atleast_1d(np.asarray(probs, dtype=np.float64))
    n = x.shape[0]
    eps = 100 * _DBL_EPS
    if np.any((probs < -eps) | (probs > 1 + eps)):
        raise InputError("quantile: 'probs' outside [0,1]")
    probs = np.clip(probs, 0.0, 1.0)
    if n == 0:
        return np.full(probs.shape, np.nan)
    if type == 7:
        index = 1 + max(n - 1, 0) * probs
        lo = np.floor(index).astype(np.int64)
        hi = np.ceil(index).astype(np.int64)
        qs = x[lo - 1].copy()
        xhi = x[hi - 1]
        i = (index > lo) & (xhi != qs)
        h = (index - lo)[i]
        qs[i] = (1 - h) * qs[i] + h * xhi[i]
        return qs
    if type == 1:
        fuzz = 4 * _DBL_EPS
        nppm = n * probs
        j = np.floor(nppm + fuzz).astype(np.int64)
        h = nppm > j
        xx = np.concatenate([[x[0], x[0]], x, [x[-1], x[-1]]])
        qs = xx[j + 1].copy()  # x[j + 2] in R's 1-based indexing
        qs[h] = xx[j + 2][h]
        return qs
    if type == 2:
        nppm = n * probs
        j = np.floor(nppm).astype(np.int64)  # R 4.2.2: no fuzz for types 1-3
        h = np.where(nppm > j, 1.0, 0.5)
        xx = np.concatenate([[x[0], x[0]], x, [x[-1], x[-1]]])
        lo, hi = xx[j + 1], xx[j + 2]  # x[j + 2L], x[j + 3L] in R's 1-based indexing
        qs = lo.copy()
        qs[h == 1] = hi[h == 1]
        other = (h == 0.5) & (lo != hi)
        qs[other] = ((1 - h) * lo + h * hi)[other]
        return qs
    raise InputError(f"quantile type {type} is not implemented (1, 2 and 7 are)")


def seq_by(start: float, stop: float, by: float) -> np.ndarray:
    """R's ``seq(from, to, by=)``: ``from + (0:n)*by`` capped at ``to``."""
    delta = stop - start
    if delta == 0 and stop == 0:
        return np.array([float(stop)])
    n = delta / by
    if n < 0:
        raise InputError("seq: wrong sign in 'by' argument")
    dd = abs(delta) / max(abs(stop), abs(start))
    if dd < 100 * _DBL_EPS:
        return np.array([float(start)])
    n = int(n + 1e-10)
    x = start + np.arange(n + 1, dtype=np.float64) * by
    return np.minimum(x, stop) if by > 0 else np.maximum(x, stop)


def seq_len_out(start: float, stop: float, length_out: int) -> np.ndarray:
    """R's ``seq(from, to, length.out=)``: ``c(from, from + (1:(L-2))*by, to)``, by = (to-from)/(L-1)."""
    L = int(math.ceil(length_out))
    if L <= 0:
        return np.empty(0)
    if L == 1:
        return np.array([float(start)])
    if start == stop:
        return np.full(L, float(start))
    by = (stop - start) / (L - 1)
    return np.concatenate([[start], start + np.arange(1, L - 1, dtype=np.float64) * by, [stop]]).astype(np.float64)


def bincode_right_lowest(x: np.ndarray, breaks: np.ndarray) -> np.ndarray:
    """R's ``.bincode(x, breaks, right = TRUE, include.lowest = TRUE)`` (the codes of ``cut(x, breaks,
    include.lowest = TRUE)``): 0-based interval codes, -1 outside the breaks."""
    nb = breaks.shape[0]
    code = np.searchsorted(breaks, x, side="left") - 1  # (b[k-1], b[k]] -> k-1
    code = np.where(x == breaks[0], 0, code)
    code = np.where((x < breaks[0]) | (x > breaks[-1]), -1, code)
    return np.minimum(code, nb - 2)


def _collapse_ties(x: np.ndarray, y: np.ndarray, ties: str) -> tuple[np.ndarray, np.ndarray]:
    """R's regularize.values: sort by x (stable), then collapse tied x with mean or first."""
    o = np.argsort(x, kind="stable")
    x, y = x[o], y[o]
    ux, start = np.unique(x, return_index=True)
    if ux.shape[0] == x.shape[0]:
        return x, y
    if ties == "first":
        return ux, y[start]
    if ties == "mean":
        bounds = np.append(start, x.shape[0])
        return ux, np.array([r_mean(y[a:b]) for a, b in zip(bounds[:-1], bounds[1:])])
    raise InputError(f"approx: ties must be 'mean' or 'first', not {ties!r}")


@numba.njit(cache=True)
def approx1(v, x, y, n, ylow, yhigh):
    """R's C ``approx1`` (stats/src/approx.c, method "linear"): bisection for the interval, the two
    equality checks, then ``y[i] + (y[j] - y[i]) * ((v - x[i]) / (x[j] - x[i]))``; ``ylow``/``yhigh``
    outside [x[0], x[n-1]] (NaN for rule = 1).  x strictly increasing (ties collapsed)."""
    if n == 0:
        return np.nan
    i = 0
    j = n - 1
    if v < x[i]:
        return ylow
    if v > x[j]:
        return yhigh
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
def _approx_many(v, x, y, ylow, yhigh):
    out = np.empty(v.shape[0])
    n = x.shape[0]
    for k in range(v.shape[0]):
        out[k] = np.nan if v[k] != v[k] else approx1(v[k], x, y, n, ylow, yhigh)
    return out


def approx(x, y, xout, *, rule: int = 1, ties: str = "mean") -> np.ndarray:
    """R's ``approx(x, y, xout, rule=rule, ties=ties)$y`` (linear), through ``approx1``.  ``ties='first'`` is
    ``ties=function(v) v[1]``.  NA pairs are dropped as R does."""
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    keep = ~(np.isnan(x) | np.isnan(y))
    x, y = _collapse_ties(x[keep], y[keep], ties)
    if x.shape[0] < 2:
        raise InputError("approx: need at least two non-NA values to interpolate")
    v = np.ascontiguousarray(np.atleast_1d(np.asarray(xout, dtype=np.float64)))
    ylow, yhigh = (np.nan, np.nan) if rule == 1 else (float(y[0]), float(y[-1]))
    return _approx_many(v, np.ascontiguousarray(x), np.ascontiguousarray(y), ylow, yhigh)


def pretty(lo: float, hi: float, n: int = 5, min_n: int | None = None, *, shrink_sml: float = 0.75,
           high_u_bias: float = 1.5, u5_bias: float | None = None, f_min: float = 2.0 ** -20) -> np.ndarray:
    """R's ``pretty(c(lo, hi), n, min.n)`` (pretty.default with eps.correct=0, bounds=TRUE; R_pretty in C).

    Appended for issue 4 (nomogram axes); verified bit-identical to R 4.2.2 in tests/test_nomogram.py.
    """
    if min_n is None:
        min_n = n // 3
    if u5_bias is None:
        u5_bias = 0.5 + 1.5 * high_u_bias
    lo_, up_ = float(min(lo, hi)), float(max(lo, hi))
    if not (math.isfinite(lo_) and math.isfinite(up_)):
        raise InputError(f"pretty: range must be finite, got ({lo}, {hi})")
    h, h5 = high_u_bias, u5_bias
    ndiv = int(n)
    dx = up_ - lo_
    if dx == 0 and up_ == 0:
        cell = 1.0
        i_small = True
    else:
        cell = max(abs(lo_), abs(up_))
        U = 1 + ((1 / (1 + h)) if (h5 >= 1.5 * h + .5) else (1.5 / (1 + h5)))
        U *= max(1, ndiv) * _DBL_EPS
        i_small = dx < cell * U * 3
    if i_small:
        if cell > 10:
            cell = 9 + cell / 10
        cell *= shrink_sml
        if min_n > 1:
            cell /= min_n
    else:
        cell = dx
        if ndiv > 1:
            cell /= ndiv
    dbl_min = np.finfo(float).tiny
    subsmall = f_min * dbl_min
    if subsmall == 0.0:
        subsmall = dbl_min
    if cell < subsmall:
        cell = subsmall
    elif cell > np.finfo(float).max / 1.25:
        cell = np.finfo(float).max / 1.25
    base = 10.0 ** math.floor(math.log10(cell))
    unit = base
    ns_ = 2 * base
    if ns_ - cell < h * (cell - unit):
        unit = ns_
        ns_ = 5 * base
        if ns_ - cell < h5 * (cell - unit):
            unit = ns_
            ns_ = 10 * base
            if ns_ - cell < h * (cell - unit):
                unit = ns_
    eps_r = 1e-10
    ns = math.floor(lo_ / unit + eps_r)
    nu = math.ceil(up_ / unit - eps_r)
    while ns * unit > lo_ + eps_r * unit:
        ns -= 1
    while nu * unit < up_ - eps_r * unit:
        nu += 1
    k = int(0.5 + nu - ns)
    if k < min_n:
        k = min_n - k
        if ns >= 0.0:
            nu += k // 2
            ns -= k // 2 + k % 2
        else:
            ns -= k // 2
            nu += k // 2 + k % 2
        ndiv = min_n
    else:
        ndiv = k
    lo_b = ns * unit if ns * unit < lo_ else lo_
    up_b = nu * unit if nu * unit > up_ else up_
    L = ndiv + 1
    if L == 1:
        s = np.array([lo_b])
    else:
        by = (up_b - lo_b) / (L - 1)
        s = np.empty(L)
        s[0] = lo_b
        s[-1] = up_b
        for i in range(1, L - 1):
            s[i] = lo_b + i * by
    if ndiv:
        delta = (up_b - lo_b) / ndiv
        s[np.abs(s) < 1e-14 * delta] = 0.0
    return s


# ---------------------------------------------------------------------------------------------
# R's sum() inside compiled kernels: the same sequential x87 long-double accumulation, emulated
# exactly in doubles (numba has no long double).  ``rsum_add(hi, lo, v)`` adds one term to the
# accumulator kept as an unevaluated pair; ``hi`` after the last term is R's sum.  tests/kernels/test_glm_fit.py
# shows it equals ``r_sum`` (numpy's x87 longdouble) bit for bit, ties and binade crossings included.
# ---------------------------------------------------------------------------------------------


@numba.njit(cache=True, inline="always")
def _two_sum(a, b):
    s = a + b
    bb = s - a
    return s, (a - (s - bb)) + (b - bb)


@intrinsic
def _bits(typingctx, x):
    """The IEEE bits of a double as an int64 (a register move)."""
    if x != types.float64:
        return None

    def codegen(context, builder, signature, args):
        return builder.bitcast(args[0], ir.IntType(64))
    return types.int64(types.float64), codegen


@intrinsic
def _double(typingctx, b):
    """The double with the IEEE bits b."""
    if b != types.int64:
        return None

    def codegen(context, builder, signature, args):
        return builder.bitcast(args[0], ir.DoubleType())
    return types.float64(types.int64), codegen


_EXPONENT = 0x7FF0000000000000
_MANTISSA = 0x000FFFFFFFFFFFFF
_ONE_EXP = 1 << 52
_MAGIC = 6755399441055744.0  # 1.5 * 2^52: (r + 1.5 * 2^52 * u) - 1.5 * 2^52 * u rounds r to a multiple of u


@numba.njit(cache=True)
def rsum_add(hi, lo, v):
    """One step of R's ``sum()``: the long double accumulator ``s = hi + lo`` (exactly, hi the
    double nearest s) plus the double v, rounded to a 64-bit significand (ties to even) as the x87
    ``fadd`` does.  Returns the new (hi, lo).

    With (a, b) = two_sum(hi, v), T = s + v = a + (b + lo) and t = fl(b + lo) is within 2^-40 u
    of b + lo, u the unit of a 64-bit significand at T; a is an even multiple of u.  Unless t lies
    within 2^-30 u of a rounding midpoint (or far from a), T rounds to a + (t rounded to a
    multiple of u); otherwise :func:`_rsum_add_exact` decides from the exact remainder.
    (Checked bit for bit against numpy's x87 ``longdouble`` in ``tests/kernels/test_glm_fit.py``.)"""
    a, b = _two_sum(hi, v)
    t = b + lo
    bits = _bits(a)
    ef = bits & _EXPONENT
    if ef > (64 << 52):
        u = _double(ef - (63 << 52))
        if abs(t) < 1024.0 * u:  # |t| < ulp(a)/2: T is in a's binade, or just below a power of two a
            if (bits & _MANTISSA) == 0 and t != 0.0 and (t < 0.0) != (a < 0.0):
                u = 0.5 * u
            big = u * _MAGIC
            k = (t + big) - big  # t to a multiple of u, ties to even (a/u is even: the result's parity)
            dd = abs(k - t)  # exact
            if abs(dd - 0.5 * u) > 9.313225746154785e-10 * u:  # 2^-30 u: not near a midpoint
                return _two_sum(a, k)
    return _rsum_add_exact(hi, lo, v)


@numba.njit(cache=True)
def _rsum_add_exact(hi, lo, v):
    """:func:`rsum_add` from the exact remainder: T = E + r1 + r2 by error-free ``two_sum``
    steps (E the double nearest T, |r2| <= ulp(r1)/2), then E + (r1 + r2 rounded to a multiple of
    u, ties to even)."""
    a, b = _two_sum(hi, v)
    c, d = _two_sum(b, lo)
    e, f = _two_sum(a, c)
    g, h = _two_sum(f, d)
    E, F = _two_sum(e, g)
    r1, r2 = _two_sum(F, h)
    bits = _bits(E)
    ef = bits & _EXPONENT
    if ef <= (64 << 52):  # E = 0 (then T = r1, a double) or |E| < 2^-958 (not rounded: no deviance is that small)
        return r1 + E, r2
    ub = ef - (63 << 52)
    if (bits & _MANTISSA) == 0 and r1 != 0.0 and (r1 < 0.0) != (E < 0.0):
        ub -= _ONE_EXP  # |T| lies just below the power of two |E|: one binade down
    u = _double(ub)
    big = u * _MAGIC
    k = (r1 + big) - big  # r1 to a multiple of u, ties to even (E/u is even: the parity is the result's)
    dd = k - r1  # exact
    if dd == 0.5 * u:
        if r2 < 0.0:  # not a tie: r1 + r2 lies below the midpoint
            k -= u
    elif dd == -0.5 * u:
        if r2 > 0.0:
            k += u
    return _two_sum(E, k)


def r_pow(x: float, y: float) -> float:
    """R's ``x ^ y`` for doubles (arithmetic.c R_POW / R_pow): ``x * x`` for y == 2, 1 for x == 1 or y == 0,
    else libm ``pow`` (one element; the formula layer and survest call it element by element)."""
    if y == 2.0:
        return x * x
    if x == 1.0 or y == 0.0:
        return 1.0
    return math.pow(x, y)

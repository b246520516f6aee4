"""Hmisc's ``GiniMd`` and ``somers2`` (Hmisc 4.8-0), written once for every caller.

``gini_md`` is ``Hmisc::GiniMd``: ``w <- 4*((1:n) - (n-1)/2)/n/(n-1); sum(w * sort(x - mean(x)))`` with
R's ``mean`` and R's ``sum`` (``kernels.rbase``: sequential long-double accumulation), so it equals
Hmisc's value bit for bit (``tests/kernels/test_hmisc.py`` checks it live over a seeded sweep).  lrm's stats
``g``/``gp`` (``logistic``) and validate's ``g``/``gp`` (``calibration``) both call it.

``somers2`` is ``Hmisc::somers2`` without weights: C from the mean midrank of x among y = 1, Dxy = 2 (C - 1/2).

``_somers_dxy_sorted`` and ``_gini_sorted`` are the same two statistics as numba kernels for the bootstrap
loops, where long double is not available: ``_somers_dxy_sorted``'s midrank sums are half-integers,
exact in double, so it is somers2's Dxy; ``_gini_sorted`` accumulates the mean and the weighted sum
sequentially in **double** (R: in long double), so it can differ from ``GiniMd`` in the last bits
(validate's tolerance 1e-8 covers that; the full-data ``g``/``gp`` use ``gini_md``).
"""
from __future__ import annotations

import math

import numba
import numpy as np

from .. import _validate as V
from ..errors import InputError
from .rbase import ld_colsums, r_mean, rank_average

__all__ = ["gini_md", "somers2", "cut2_groups"]


@numba.njit(cache=True)
def _somers_dxy_sorted(xs, ys):  # pragma: no cover - compiled
    """somers2's Dxy for x already sorted ascending (ys the outcomes in that order)."""
    n = xs.shape[0]
    n1 = 0
    for k in range(n):
        if ys[k] != 0:
            n1 += 1
    if n1 == 0 or n1 == n:
        return np.nan
    s = 0.0
    k = 0
    while k < n:
        e = k
        while e + 1 < n and xs[e + 1] == xs[k]:
            e += 1
        r = (k + 1 + e + 1) / 2.0  # midrank of the tie run k..e (1-based)
        for q in range(k, e + 1):
            if ys[q] != 0:
                s += r
        k = e + 1
    mean_rank = s / n1
    c = (mean_rank - (n1 + 1) / 2.0) / (n - n1)
    return 2.0 * (c - 0.5)


@numba.njit(cache=True)
def _gini_sorted(v):  # pragma: no cover - compiled
    """Hmisc::GiniMd for v sorted ascending, for the bootstrap kernels: the mean and the weighted sum
    accumulated sequentially in double (R's mean and sum use long double; see the module docstring)."""
    n = v.shape[0]
    if n < 2:
        return np.nan
    mu = 0.0
    for k in range(n):
        mu += v[k]
    mu /= n
    s = 0.0
    for k in range(n):
        w = 4.0 * ((k + 1) - (n - 1) / 2.0) / n / (n - 1)
        s += w * (v[k] - mu)
    return s


def somers2(x, y) -> dict:
    """Hmisc's ``somers2(x, y)``: the C index and Somers' Dxy of a binary outcome (exact midranks).

    Parameters
    ----------
    x : array_like
        Predictions (NaN pairs are dropped, as R drops NA).
    y : array_like
        0/1 outcomes, the same length as x.

    Returns
    -------
    dict
        ``{"C", "Dxy", "n", "Missing"}`` as R's named vector (C and Dxy NaN when y has one class).

    Examples
    --------
    >>> somers2([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])["C"]
    0.75
    """
    xv = V.float_vector(x, "x", nan_ok=True, inf_ok=True)
    yv = V.float_vector(y, "y", nan_ok=True, bool_ok=True)
    if xv.shape[0] != yv.shape[0]:
        raise InputError(f"somers2: y must have same length as x ({yv.shape[0]} vs {xv.shape[0]})")
    miss = np.isnan(xv) | np.isnan(yv)
    xv, yv = xv[~miss], yv[~miss]
    bad = np.flatnonzero((yv != 0) & (yv != 1))
    if bad.size:
        raise InputError(f"somers2: y must be binary; value {yv[bad[0]]!r} found")
    n = xv.shape[0]
    if n < 2:
        raise InputError("somers2: must have >=2 non-missing observations")
    n1 = int(np.count_nonzero(yv == 1))
    if n1 == 0 or n1 == n:
        return {"C": math.nan, "Dxy": math.nan, "n": float(n), "Missing": float(miss.sum())}
    # mean(rank(x)[y == 1]), then c.index and dxy as R computes them
    mean_rank = r_mean(rank_average(xv)[yv == 1])
    c = (mean_rank - (n1 + 1) / 2) / (n - n1)
    return {"C": c, "Dxy": 2 * (c - 0.5), "n": float(n), "Missing": float(miss.sum())}


def gini_md(x, na_rm: bool = False) -> float:
    """Hmisc's ``GiniMd(x, na.rm)``: Gini's mean difference, sum_{i<j} |x_i - x_j| * 2 / (n (n-1)).

    Computed as Hmisc does, ``sum(w * sort(x - mean(x)))`` with ``w = 4*((1:n) - (n-1)/2)/n/(n-1)``,
    R's mean and R's (long-double) sum: the same bits as Hmisc.  One difference, on purpose: with a
    missing value and ``na_rm=False`` Hmisc returns 0 (``sort`` drops the NAs that ``x - mean(x)`` made,
    and the sum of nothing is 0); this returns NaN.

    Parameters
    ----------
    x : array_like
        Numbers.
    na_rm : bool
        Drop NaN first.

    Returns
    -------
    float
        The mean difference (NaN for fewer than two values).

    Examples
    --------
    >>> gini_md([1.0, 2.0, 4.0])
    2.0
    """
    v = V.float_vector(x, "x", nan_ok=True, inf_ok=True, bool_ok=True)
    if na_rm:
        v = v[~np.isnan(v)]
    elif np.isnan(v).any():
        return math.nan
    if v.shape[0] < 2:
        return math.nan
    return gini_md_values(v)


def gini_md_values(v: np.ndarray) -> float:
    """``GiniMd`` of a float64 vector already checked (no NaN, length >= 2): :func:`gini_md_rows` of one row."""
    return float(gini_md_rows(np.asarray(v, dtype=np.float64)[None, :])[0])


def gini_md_rows(M: np.ndarray, sorted_rows: np.ndarray | None = None) -> np.ndarray:
    """``GiniMd`` of every row of a float64 matrix (no NaN, >= 2 columns), each exactly as Hmisc computes it:
    :func:`gini_md_cols` of the transpose.  ``sorted_rows``: each row of M sorted ascending, if known."""
    M = np.asarray(M, dtype=np.float64)
    return gini_md_cols(np.ascontiguousarray(M.T), None if sorted_rows is None else np.ascontiguousarray(sorted_rows.T))


def gini_md_cols(Mt: np.ndarray, sorted_cols: np.ndarray | None = None) -> np.ndarray:
    """``GiniMd`` of every column of a float64 matrix (no NaN, >= 2 rows), each exactly as Hmisc computes it:
    R's ``mean`` (a sequential long-double sum, divided, one correction pass: :func:`~.rbase.ld_colsums`
    down each column), ``w * sort(x - mean(x))`` in double and R's long-double ``sum``.  ``sorted_cols``:
    each column sorted ascending, if known (``sort(x - m)`` is ``sort(x) - m``: subtracting one number keeps
    the order)."""
    Mt = np.asarray(Mt, dtype=np.float64)
    n = Mt.shape[0]
    L = Mt.astype(np.longdouble, order="C")
    s = ld_colsums(L) / n
    with np.errstate(invalid="ignore"):
        L -= s
        s = np.where(np.isfinite(s), s + ld_colsums(L) / n, s)
    mean = s.astype(np.float64)
    w = 4.0 * (np.arange(1, n + 1, dtype=np.float64) - (n - 1) / 2.0) / n / (n - 1)
    d = np.sort(Mt - mean, axis=0) if sorted_cols is None else sorted_cols - mean
    d *= w[:, None]
    return ld_colsums(d.astype(np.longdouble, order="C")).astype(np.float64)


def r_as_character_num(v: np.ndarray) -> np.ndarray:
    """The doubles R gets back from ``as.double(as.character(x))`` (15 significant digits, as R 4.2's
    ``as.character`` of a double writes them): what ``as.double(names(table(x)))`` holds."""
    return np.array([float("%.15g" % a) for a in np.asarray(v, dtype=np.float64)], dtype=np.float64)


def cut2_groups(x: np.ndarray, g: int) -> tuple[np.ndarray, np.ndarray]:
    """Hmisc's ``cut2(x, g = g)`` (or ``cut2(x, m = m)`` with ``g = max(1, floor(n / m))``), Hmisc 4.8-0:
    the 1-based group of each x and the groups' lower ends (``low``).

    Step for step as cut2's quantile branch (``method = 1``): ``n <- table(x)`` and ``xx <-
    as.double(names(n))`` (x's distinct values written with 15 significant digits, equal strings counted
    together), ``cum <- cumsum(n)``, the cuts ``approx(cum, xx, xout = (1:g) * nnm / g, method = "constant",
    rule = 2, f = 1)$y`` with the last set to ``max(xx)``; then for each cut not equal to the previous one a new
    group whose lower end is ``lower`` (the first distinct value, then the smallest above the previous cut),
    ``y[x >= lower - min.dif] <- i`` (``min.dif``: half the smallest gap between x's distinct values).

    Parameters
    ----------
    x : numpy.ndarray
        Finite doubles (no NaN).
    g : int
        The number of quantile groups asked for (>= 1).

    Returns
    -------
    tuple of numpy.ndarray
        ``(code, low)``: int64 groups 1..len(low), and the lower ends.
    """
    x = np.asarray(x, dtype=np.float64)
    nnm = x.shape[0]
    ux = np.unique(x)
    md = np.min(np.diff(ux)) / 2 if ux.shape[0] > 1 else np.inf   # min(numeric(0)) is Inf in R
    keys = r_as_character_num(ux)
    kx = keys[np.searchsorted(ux, x)]
    xx, counts = np.unique(kx, return_counts=True)
    cum = np.cumsum(counts).astype(np.float64)
    # approx(cum, xx, xout, "constant", rule = 2, f = 1): the first cum >= v (R's approx1 returns y[j] between
    # knots, y at a knot hit exactly; rule 2 clamps)
    xout = np.array([(j * nnm) / g for j in range(1, g + 1)], dtype=np.float64)
    cuts = xx[np.minimum(np.searchsorted(cum, xout, side="left"), xx.shape[0] - 1)]
    cuts[-1] = xx.max()
    lower = xx[0]
    upper = 1e45
    low = []
    for j in range(1, g + 1):
        cj = cuts[j - 1]
        if cj == upper:
            continue
        upper = cj
        low.append(lower)
        if j == g:
            lower = upper
        else:
            above = xx[xx > upper]
            lower = above.min() if above.shape[0] else np.inf  # min(numeric(0)) = Inf (with R's warning)
    lows = np.array(low, dtype=np.float64)
    # y starts at 1 and y[x >= low[i] - min.dif] <- i in turn (the lows increase): the last i that holds
    code = np.maximum(np.searchsorted(lows - md, x, side="right"), 1).astype(np.int64)
    return code, lows

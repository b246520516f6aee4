"""pROC's resampling tests of two ROC curves: bootstrap (AUC, sensitivity, specificity) and Venkatraman.

``roc_test(..., method="bootstrap"|"sensitivity"|"specificity"|"venkatraman", seed=s)`` equals
``set.seed(s); pROC::roc.test(roc1, roc2, method=...)`` (docs/R_ALGORITHMS.md, "pROC tests, power and
multiclass"):

* bootstrap (``pROC:::bootstrap.test``): per replicate, stratified: ``sample(1:length(roc1$controls),
  replace=TRUE)``, ``sample(1:length(roc1$cases), replace=TRUE)`` then, unpaired only, the same for roc2;
  not stratified: ``sample(1:length(roc1$response), replace=TRUE)`` then, unpaired only, for roc2.  Paired
  curves take the same indices.  A replicate is the AUC (or ``coords`` of sensitivity at the given
  specificity, or specificity at the given sensitivity) of each resampled curve; a replicate lacking a class
  is NA and dropped with pROC's warning.  ``D = (stat1 - stat2) / sd(diffs)`` and a normal p-value.
* Venkatraman (``venkatraman.paired.test`` / ``venkatraman.unpaired.test``): ranks ``ties.method="first"``,
  the statistic ``E`` and ``boot_n`` permutations drawn from R's stream in pROC's order;
  ``p = sum(EP >= E) / boot_n``.
"""
from __future__ import annotations

import math
import warnings

import numba
import numpy as np

from .errors import InputError, RWarning
from .kernels.distributions import pnorm
from .kernels.rbase import approx1, r_var, rsum_add
from .roc import replicate_aucs  # the one replicate-AUC function (full or partial AUC)
from .rrandom import RRNG

_INT_MAX = 2**31 - 1


# ================================================================== resampled curves
def replicate_sesp(r, gids: np.ndarray, labels: np.ndarray, x: float, by_se: bool) -> np.ndarray:
    """``coords(rep, x, input="specificity", ret="sensitivity")`` (``by_se=False``) or
    ``coords(rep, x, input="sensitivity", ret="specificity")`` of each resampled curve; NaN for a
    replicate lacking a class (pROC's ``try`` gives NA)."""
    from ._roc_ci import _k_sesp

    B = gids.shape[0]
    se = np.empty((B, 1))
    sp = np.empty((B, 1))
    mm = np.empty(B, dtype=np.int64)
    nn = np.empty(B, dtype=np.int64)
    st = np.zeros(B, dtype=np.int64)
    pct = 100.0 if getattr(r, "percent", False) else 1.0  # pROC's replicate curve keeps percent: x in %
    _k_sesp(r._u.shape[0], gids, labels, np.array([float(x)]), by_se, se, sp, mm, nn, st, pct)
    out = (sp if by_se else se)[:, 0].copy()
    out[(st != 0) | (mm == 0) | (nn == 0)] = np.nan
    return out


def _curve_ids(r):
    """Tie-group ids of controls, cases, and of every observation (response order) with its label."""
    return (*r._class_gids(), np.asarray(r.response == 1))


def pair_draws(r1, r2, paired: bool, boot_n: int, stratified: bool, rng: RRNG, chunk: int | None = None):
    """pROC's draws of ``stratified.bootstrap.test`` / ``nonstratified.bootstrap.test``, in R's order:
    yields ``(g1, l1, g2, l2)`` blocks of replicates (tie groups and case labels of each resampled curve)."""
    c1, k1, a1, y1 = _curve_ids(r1)
    c2, k2, a2, y2 = _curve_ids(r2)
    n1, m1, n2, m2 = c1.shape[0], k1.shape[0], c2.shape[0], k2.shape[0]
    N1, N2 = a1.shape[0], a2.shape[0]
    if chunk is None:
        chunk = max(1, min(boot_n, 2_000_000 // max(N1 + N2, 1)))
    lab1 = np.concatenate([np.zeros(n1, dtype=np.bool_), np.ones(m1, dtype=np.bool_)])
    lab2 = np.concatenate([np.zeros(n2, dtype=np.bool_), np.ones(m2, dtype=np.bool_)])
    for start in range(0, boot_n, chunk):
        C = min(chunk, boot_n - start)
        g1 = np.empty((C, N1), dtype=np.int32)  # tie groups (int32, as roc._resample)
        g2 = np.empty((C, N2), dtype=np.int32)
        if stratified:
            l1 = np.broadcast_to(lab1, (C, N1))
            l2 = np.broadcast_to(lab2, (C, N2))
            for i in range(C):
                if paired:  # the same indices for both curves
                    ic = rng.unif_index(n1, n1)   # sample(1:length(roc1$controls), replace=TRUE)
                    ik = rng.unif_index(m1, m1)   # sample(1:length(roc1$cases), replace=TRUE)
                    np.take(c1, ic, out=g1[i, :n1])
                    np.take(k1, ik, out=g1[i, n1:])
                    np.take(c2, ic, out=g2[i, :n2])
                    np.take(k2, ik, out=g2[i, n2:])
                else:  # the draws straight into the rows: controls, cases of roc1, then of roc2
                    rng.gather(c1, g1[i, :n1])
                    rng.gather(k1, g1[i, n1:])
                    rng.gather(c2, g2[i, :n2])
                    rng.gather(k2, g2[i, n2:])
        else:
            l1 = np.empty((C, N1), dtype=np.bool_)
            l2 = np.empty((C, N2), dtype=np.bool_)
            for i in range(C):
                idx = rng.unif_index(N1, N1)  # sample(1:length(roc1$response), replace=TRUE)
                np.take(a1, idx, out=g1[i])
                np.take(y1, idx, out=l1[i])
                idx2 = idx if paired else rng.unif_index(N2, N2)
                np.take(a2, idx2, out=g2[i])
                np.take(y2, idx2, out=l2[i])
        yield g1, np.ascontiguousarray(l1), g2, np.ascontiguousarray(l2)


def _full_coord(r, x: float, by_se: bool) -> float:
    """``coords(roc, x, input=..., ret=...)[1]`` of the curve itself (one 'replicate' of all observations)."""
    c, k, _, _ = _curve_ids(r)
    g = np.concatenate([c, k])[None, :]
    lab = np.concatenate([np.zeros(c.shape[0], dtype=np.bool_), np.ones(k.shape[0], dtype=np.bool_)])[None, :]
    return float(replicate_sesp(r, g, lab, x, by_se)[0])


def _replicate_sesp_any(r, g, lab, x, by_se: bool, smoothing):
    if smoothing is None:
        return replicate_sesp(r, g, lab, x, by_se)
    from ._roc_smooth import replicate_sesp_smoothed
    return replicate_sesp_smoothed(r, g, lab, smoothing, x, by_se)


def replicate_pairs(r1, r2, test: str, x, paired: bool, boot_n: int, stratified: bool, rng: RRNG,
                    smooth1: dict | None = None, smooth2: dict | None = None):
    """The replicate statistics of both curves, (v1, v2), as ``laply(1:boot.n, *.bootstrap.test)`` returns them:
    AUCs (``test="boot"``) or coords at x (``"sp"``/``"se"``); a replicate where either curve fails is NA twice.
    ``smooth1``/``smooth2``: the smoothing arguments of a smoothed curve, each replicate smoothed again."""
    v1 = np.empty(boot_n)
    v2 = np.empty(boot_n)
    start = 0
    for g1, l1, g2, l2 in pair_draws(r1, r2, paired, boot_n, stratified, rng):
        C = g1.shape[0]
        if test == "boot":
            # smoothed sides in the curve's units (percent kept, as pROC's replicates); unsmoothed in fractions
            a, b = replicate_aucs(r1, g1, l1, smooth1, True), replicate_aucs(r2, g2, l2, smooth2, True)
        else:
            a = _replicate_sesp_any(r1, g1, l1, x, test == "se", smooth1)
            b = _replicate_sesp_any(r2, g2, l2, x, test == "se", smooth2)
        bad = np.isnan(a) | np.isnan(b)  # pROC: c(NA, NA) when either curve fails
        a[bad] = np.nan
        b[bad] = np.nan
        v1[start:start + C] = a
        v2[start:start + C] = b
        start += C
    return v1, v2


def bootstrap_test(r1, r2, test: str, x, paired: bool, boot_n: int, stratified: bool, seed,
                   stacklevel: int = 3, sm1=None, sm2=None) -> float:
    """``pROC:::bootstrap.test``: D of the AUCs (``test="boot"``), of the sensitivities at specificity x
    (``"sp"``) or of the specificities at sensitivity x (``"se"``).  ``sm1``/``sm2``: the SmoothRoc of a
    smoothed curve (its replicates smoothed again; its own AUC or coords are the smoothed curve's)."""
    v1, v2 = replicate_pairs(r1, r2, test, x, paired, boot_n, stratified, RRNG(seed),
                             None if sm1 is None else sm1.smoothing_args, None if sm2 is None else sm2.smoothing_args)
    if test == "boot" and getattr(r1, "percent", False):  # pROC's replicate curves keep percent: AUCs in %
        v1 = v1 if sm1 is not None else v1 * 100.0  # a smoothed side is in percent already
        v2 = v2 if sm2 is not None else v2 * 100.0
    diffs = v1 - v2
    nas = int(np.isnan(diffs).sum())
    if nas:
        warnings.warn(f"{nas} NA value(s) produced during bootstrap were ignored.", RWarning, stacklevel=stacklevel)
        diffs = diffs[~np.isnan(diffs)]
    sd = math.sqrt(r_var(diffs)) if diffs.shape[0] > 1 else math.nan
    if test in ("sp", "se"):
        s1, s2 = (_full_coord(r, x, test == "se") if sm is None else _smooth_full_coord(sm, x, test == "se")
                  for r, sm in ((r1, sm1), (r2, sm2)))
    else:
        s1, s2 = (r1 if sm1 is None else sm1).auc, (r2 if sm2 is None else sm2).auc
    with np.errstate(divide="ignore", invalid="ignore"):
        D = float(np.float64(s1 - s2) / np.float64(sd))
    a1, a2 = (r1 if sm1 is None else sm1).auc, (r2 if sm2 is None else sm2).auc
    if math.isnan(D) and bool(np.all(diffs == 0)) and a1 == a2:
        D = 0.0
    return D


def _smooth_full_coord(sm, x: float, by_se: bool) -> float:
    from ._roc_smooth import smooth_coord
    return smooth_coord(sm, x, by_se)  # a percent curve: x and the points in percent


def normal_p(stat: float, alternative: str) -> float:
    """pROC's p-value of a Z/D statistic."""
    if alternative == "two.sided":
        return float(2 * pnorm(-abs(stat)))
    if alternative == "greater":
        return float(pnorm(-stat))
    return float(pnorm(stat))


# ================================================================== Venkatraman
@numba.njit(cache=True)
def _rank_first(x):  # pragma: no cover - compiled
    """``rank(x, ties.method="first")`` (1-based ranks; equal values ranked by position).

    Ordered by (bucket, value, position) with bucket = floor(x + 0.5), a non-decreasing function of x, so the
    order is R's (value, position) order: a stable counting sort on the buckets, then a stable insertion sort
    inside each bucket.  Venkatraman's jittered ranks (rank + U(0, 1) - 0.5, or an integer rank) put at most a
    few values in a bucket, so this is O(n) where a comparison sort is O(n log n); values spread far apart or
    crowded into few buckets (more than 64 in one) take a stable merge sort instead."""
    n = x.shape[0]
    r = np.empty(n, dtype=np.int64)
    if n == 0:
        return r
    fb = np.empty(n, dtype=np.int64)  # floor(x + 0.5), computed once
    lo = np.int64(math.floor(x[0] + 0.5))
    hi = lo
    for i in range(n):
        b = np.int64(math.floor(x[i] + 0.5))
        fb[i] = b
        lo = min(lo, b)
        hi = max(hi, b)
    nb = int(hi - lo) + 1
    if nb > 4 * n + 16:  # spread-out values: a stable comparison sort instead
        o = np.argsort(x, kind="mergesort")
        for k in range(n):
            r[o[k]] = k + 1
        return r
    start = np.zeros(nb + 1, dtype=np.int64)
    for i in range(n):
        fb[i] -= lo
        start[fb[i] + 1] += 1
    big = 0
    for b in range(nb):
        big = max(big, start[b + 1])
    if big > 64:  # crowded buckets (ties or dense values): insertion sorts would be quadratic
        o = np.argsort(x, kind="mergesort")
        for k in range(n):
            r[o[k]] = k + 1
        return r
    for b in range(nb):
        start[b + 1] += start[b]
    pos = start[:nb].copy()
    o = np.empty(n, dtype=np.int64)
    ov = np.empty(n)  # the values in bucket order, so that the insertion sorts read memory in sequence
    for i in range(n):  # stable: positions in increasing order within a bucket
        k = pos[fb[i]]
        o[k] = i
        ov[k] = x[i]
        pos[fb[i]] = k + 1
    for b in range(nb):
        for k in range(start[b] + 1, start[b + 1]):  # stable insertion sort by value
            j = k
            while j > start[b] and ov[j - 1] > ov[j]:
                t = o[j - 1]
                o[j - 1] = o[j]
                o[j] = t
                tv = ov[j - 1]
                ov[j - 1] = ov[j]
                ov[j] = tv
                j -= 1
    for k in range(n):
        r[o[k]] = k + 1
    return r


@numba.njit(cache=True)
def _paired_stat(R, S, case):  # pragma: no cover - compiled
    """venkatraman.paired.stat: sum over x = 1..n of |(S.fn + S.fp) - (R.fn + R.fp)| (exact integers)."""
    n = R.shape[0]
    rc = np.zeros(n + 1, dtype=np.int64)  # rc[x] = 1 if the observation of rank x is a case
    sc = np.zeros(n + 1, dtype=np.int64)
    nctrl = 0
    for i in range(n):
        if case[i]:
            rc[R[i]] = 1
            sc[S[i]] = 1
        else:
            nctrl += 1
    return _flags_stat(rc, sc, nctrl)


@numba.njit(cache=True, inline="always")
def _next_of_kind(inv, ix, own, want):  # pragma: no cover - compiled
    """The first rank >= ix whose observation has ``own == want`` and that observation (-1 if none)."""
    n = inv.shape[0] - 1
    while ix <= n:
        i = inv[ix]
        if own[i] == want:
            return ix, i
        ix += 1
    return ix, -1


@numba.njit(cache=True)
def _merge_flags(invA, invB, jit, own, case, flags):  # pragma: no cover - compiled
    """The case flags, in rank order, of one permuted predictor of venkatraman.paired.test: observation i
    takes ``A[i] + jit[i] - 0.5`` when ``own[i]`` (its own jittered rank) and the other curve's integer rank
    ``B[i]`` otherwise; ``invA[r]`` / ``invB[r]`` is the observation of rank r (A and B are permutations of
    1..n).  Each kind is already sorted by walking its ranks, so the order of ``rank(ties.method =
    "first")`` is a merge by (value, position).  Returns False (flags unusable) if the jittered values are not
    increasing along A, which exact arithmetic rules out (|jitter| < 0.5); the caller then ranks in full."""
    n = invA.shape[0] - 1
    prev = -np.inf
    ia, pa = _next_of_kind(invA, 1, own, True)
    ib, pb = _next_of_kind(invB, 1, own, False)
    for x in range(1, n + 1):
        va = ia + jit[pa] - 0.5 if pa >= 0 else np.inf
        vb = np.float64(ib)
        if pa >= 0 and (pb < 0 or va < vb or (va == vb and pa < pb)):
            if va <= prev:
                return False
            prev = va
            flags[x] = 1 if case[pa] else 0
            ia, pa = _next_of_kind(invA, ia + 1, own, True)
        else:
            flags[x] = 1 if case[pb] else 0
            ib, pb = _next_of_kind(invB, ib + 1, own, False)
    return True


@numba.njit(cache=True)
def _flags_stat(rc, sc, nctrl):  # pragma: no cover - compiled
    """_paired_stat from the case flags in rank order of the two predictors."""
    n = rc.shape[0] - 1
    rfn = 0
    sfn = 0
    rctrl = 0
    sctrl = 0
    tot = 0
    for x in range(1, n + 1):
        rfn += rc[x]
        rctrl += 1 - rc[x]
        sfn += sc[x]
        sctrl += 1 - sc[x]
        d = (sfn + (nctrl - sctrl)) - (rfn + (nctrl - rctrl))
        tot += d if d >= 0 else -d
    return tot


@numba.njit(cache=True)
def _paired_perm(invR, invS, u1, u2, u3, case, nctrl, rc, sc):  # pragma: no cover - compiled
    """One permutation of venkatraman.paired.test from its three runif(n): ``R2 = R + u1 - 0.5``,
    ``S2 = S + u2 - 0.5``, ``q = 1 - round(u3)`` (R's round: 0.5 -> 0, so q = u3 <= 0.5), ``R3 = R2 q + (1 - q)
    S``, ``S3 = S2 q + (1 - q) R``; the statistic of ``rank(R3, "first")`` and ``rank(S3, "first")``.  Returns -1
    when the merge cannot be used (see _merge_flags)."""
    own = u3 <= 0.5
    if not _merge_flags(invR, invS, u1, own, case, rc):
        return -1
    if not _merge_flags(invS, invR, u2, own, case, sc):
        return -1
    return _flags_stat(rc, sc, nctrl)


@numba.njit(cache=True)
def _mixture_points(flags, ncase, nctrl, mp):  # pragma: no cover - compiled
    """venkatraman.unpaired.test's ``R.p = mp*F + (1-mp)*G`` and ``R.exp = mp*F + (1-mp)*(1-G)`` at ranks
    x = 1..n (``flags[x]`` = 1 when rank x is a case; F, G the cases' / controls' empirical CDFs)."""
    L = flags.shape[0] - 1
    P = np.empty(L)
    E = np.empty(L)
    f = 0
    g = 0
    for x in range(1, L + 1):
        f += flags[x]
        g += 1 - flags[x]
        fx = f / ncase
        gx = g / nctrl
        P[x - 1] = mp * fx + (1 - mp) * gx
        E[x - 1] = mp * fx + (1 - mp) * (1 - gx)
    return P, E


@numba.njit(cache=True)
def _unpaired_stat(R, S, case1, case2, mp):  # pragma: no cover - compiled
    """venkatraman.unpaired.stat: R's approxfun on the two mixtures and the trapezoid integral of |f1 - f2|
    at ``sort(c(R.p, S.p))`` (NA terms dropped; R's long-double ``sum``)."""
    n = R.shape[0]
    m = S.shape[0]
    rc = np.zeros(n + 1, dtype=np.int64)
    sc = np.zeros(m + 1, dtype=np.int64)
    ncase1 = 0
    ncase2 = 0
    for i in range(n):
        if case1[i]:
            rc[R[i]] = 1
            ncase1 += 1
    for i in range(m):
        if case2[i]:
            sc[S[i]] = 1
            ncase2 += 1
    nctrl1 = n - ncase1
    nctrl2 = m - ncase2
    Rp, Re = _mixture_points(rc, ncase1, nctrl1, mp)
    Sp, Se = _mixture_points(sc, ncase2, nctrl2, mp)
    xs = np.sort(np.concatenate((Rp, Sp)))
    K = xs.shape[0]
    y = np.empty(K)
    for k in range(K):
        y[k] = abs(approx1(xs[k], Rp, Re, n, np.nan, np.nan) - approx1(xs[k], Sp, Se, m, np.nan, np.nan))
    hi = 0.0
    lo = 0.0
    for k in range(1, K):
        t = ((y[k] + y[k - 1]) * (xs[k] - xs[k - 1])) / 2
        if t == t:
            hi, lo = rsum_add(hi, lo, t)
    return hi + lo


def _increasing(v: np.ndarray) -> bool:
    return bool(np.all(np.diff(v) > 0))


def venkatraman_test(r1, r2, paired: bool, boot_n: int, seed, stacklevel: int = 3) -> tuple[float, float]:
    """(E, p) of pROC's Venkatraman test, boot_n permutations from R's stream."""
    rng = RRNG(seed)
    X = np.ascontiguousarray(r1.predictor, dtype=np.float64)
    Y = np.ascontiguousarray(r2.predictor, dtype=np.float64)
    R = _rank_first(X)
    S = _rank_first(Y)
    if paired:
        case = np.ascontiguousarray(r1.response == 1)
        n = case.shape[0]
        E = _paired_stat(R, S, case)
        EP = np.empty(boot_n, dtype=np.int64)
        Rf, Sf = R.astype(np.float64), S.astype(np.float64)
        invR = np.zeros(n + 1, dtype=np.int64)  # the observation of each rank (R, S: permutations of 1..n)
        invS = np.zeros(n + 1, dtype=np.int64)
        invR[R] = np.arange(n)
        invS[S] = np.arange(n)
        nctrl = int(n - case.sum())
        rc = np.zeros(n + 1, dtype=np.int64)
        sc = np.zeros(n + 1, dtype=np.int64)
        for i in range(boot_n):
            u1, u2, u3 = rng.unif_rand(n), rng.unif_rand(n), rng.unif_rand(n)  # pROC's three runif(n)
            e = _paired_perm(invR, invS, u1, u2, u3, case, nctrl, rc, sc)
            if e < 0:  # not reached in exact arithmetic; pROC's operations in full
                R2 = Rf + u1 - 0.5
                S2 = Sf + u2 - 0.5
                q = 1 - np.round(u3)
                R3 = R2 * q + (1 - q) * Sf
                S3 = S2 * q + (1 - q) * Rf
                e = _paired_stat(_rank_first(R3), _rank_first(S3), case)
            EP[i] = e
        over = E > _INT_MAX or bool(np.any(EP > _INT_MAX))
        if over:  # R's integer sum overflows: NA with a warning
            warnings.warn("integer overflow - use sum(as.numeric(.)): pROC's Venkatraman statistic is NA for "
                          f"n = {n}", RWarning, stacklevel=stacklevel)
            return math.nan, math.nan
        return float(E), float(np.sum(EP >= E)) / boot_n
    case1 = np.ascontiguousarray(r1.response == 1)
    case2 = np.ascontiguousarray(r2.response == 1)
    n, m = case1.shape[0], case2.shape[0]
    mp = (int(case1.sum()) + int(case2.sum())) / (n + n)  # pROC divides by length(D1) + length(D1)
    E = _unpaired_stat(R, S, case1, case2, mp)
    EP = np.empty(boot_n)
    Rf, Sf = R.astype(np.float64), S.astype(np.float64)
    c1, k1 = ~case1, case1
    c2, k2 = ~case2, case2
    nc1, nk1 = int(c1.sum()), int(k1.sum())
    for i in range(boot_n):
        Rr = Rf + rng.runif(n) - 0.5
        Sr = Sf + rng.runif(m) - 0.5
        ctrl = np.concatenate([Rr[c1], Sr[c2]])
        ctrl = ctrl[rng.sample(ctrl.shape[0]) - 1] if ctrl.shape[0] > 1 else ctrl
        cas = np.concatenate([Rr[k1], Sr[k2]])
        cas = cas[rng.sample(cas.shape[0]) - 1] if cas.shape[0] > 1 else cas
        Rr[c1] = ctrl[:nc1]
        Sr[c2] = ctrl[nc1:]
        Rr[k1] = cas[:nk1]
        Sr[k2] = cas[nk1:]
        EP[i] = _unpaired_stat(_rank_first(Rr), _rank_first(Sr), case1, case2, mp)
    return float(E), float(np.sum(EP >= E)) / boot_n


def check_counts(r1, r2, what: str):
    for name, r in (("roc1", r1), ("roc2", r2)):
        if r.n_cases < 1 or r.n_controls < 1:
            raise InputError(f"roc_test({what}): {name} needs at least one case and one control")


def _fmt_point(x: float) -> str:
    """R's ``sprintf("%s", x)`` of a number (15 significant digits)."""
    from . import _printing as P

    return P.format1(x, 15)


def resampled_test(r1, r2, method: str, paired: bool, alternative: str, boot_n: int, stratified: bool, point,
                   seed, conf_level: float, sm1=None, sm2=None):
    """The RocTest of pROC's bootstrap / sensitivity / specificity / Venkatraman branches of roc.test.roc
    (``sm1``/``sm2``: the SmoothRoc of a smoothed curve, whose AUC is the estimate)."""
    from .roc import RocTest

    check_counts(r1, r2, method)
    estimate = np.array([(r1 if sm1 is None else sm1).auc, (r2 if sm2 is None else sm2).auc])
    if method == "venkatraman":
        if getattr(r1, "partial_auc", None) is not None:  # pROC checks roc1 only
            raise InputError("Partial AUC is not supported for Venkatraman's test. (pROC stops)")
        if r1.direction != r2.direction:
            warnings.warn("Venkatraman's test should not be applied to ROC curves with different directions.",
                          RWarning, stacklevel=4)
        E, p = venkatraman_test(r1, r2, paired, boot_n, seed, stacklevel=4)
        kind = "paired" if paired else "unpaired"
        return RocTest(statistic=E, p_value=p, estimate=None, conf_int=None,
                       method=f"Venkatraman's test for two {kind} ROC curves", alternative=alternative,
                       paired=paired, parameter={"boot.n": boot_n}, conf_level=conf_level, statistic_name="E",
                       null_name="difference in at least one ROC operating point")
    if stratified:
        for name, r in (("roc1", r1), ("roc2", r2)):
            if r.n_cases < 2 or r.n_controls < 2:
                raise InputError(f"roc_test({method}): a stratified bootstrap needs at least 2 cases and 2 controls "
                                 f"in {name} (here {r.n_cases} and {r.n_controls}); pROC's sample() of a single value "
                                 "x >= 1 draws from 1:x instead; use boot_stratified=False")
    x = None
    if method == "specificity":
        x = point
        D = bootstrap_test(r1, r2, "sp", x, paired, boot_n, stratified, seed, stacklevel=4, sm1=sm1, sm2=sm2)
        kind = "Specificity"
        null_name = f"difference in sensitivity at {_fmt_point(point)} specificity"
    elif method == "sensitivity":
        x = point
        D = bootstrap_test(r1, r2, "se", x, paired, boot_n, stratified, seed, stacklevel=4, sm1=sm1, sm2=sm2)
        kind = "Sensitivity"
        null_name = f"difference in specificity at {_fmt_point(point)} sensitivity"
    else:
        D = bootstrap_test(r1, r2, "boot", None, paired, boot_n, stratified, seed, stacklevel=4, sm1=sm1, sm2=sm2)
        kind = "Bootstrap"
        null_name = "difference in AUC"
    two = "two correlated ROC curves" if paired else "two ROC curves"
    return RocTest(statistic=D, p_value=normal_p(D, alternative), estimate=estimate, conf_int=None,
                   method=f"{kind} test for {two}", alternative=alternative, paired=paired,
                   parameter={"boot.n": boot_n, "boot.stratified": int(stratified)}, conf_level=conf_level,
                   statistic_name="D", null_name=null_name)

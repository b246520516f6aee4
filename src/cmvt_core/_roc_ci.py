"""Bootstrap CIs of ROC coordinates as pROC 1.18.0's ``ci.coords``, ``ci.se`` and ``ci.sp`` (issue 18).

Every replicate is drawn by ``roc._resample`` (R's stream in pROC's order, the resampler ``ci.auc``
uses too).  A replicate's curve is pROC's ``roc.utils.perfs.all.fast`` on the resampled cases and
controls, rebuilt here from counts per tie group of the original data (the replicate's values are a
sub-multiset of the original ones):

* its points are the present tie groups: ``se[k] = #cases >= v_k / m``, ``sp[k] = (n - #controls >=
  v_k) / n`` in pROC's stored order (specificity increasing), plus the end point (se 0, sp 1);
  a replicate without a case has ``se = 0/0 = NaN`` except that end point, as in R;
* its thresholds are ``roc.utils.thresholds`` of the values present in the replicate (midpoints of
  neighbouring present values, ``a/2 + b/2`` beyond 1e100, pROC's near-tie fix per direction);
* ``coords(x = "best")``: ``optim.crit == max(optim.crit)`` exactly (a NaN criterion makes every row NA,
  as R's ``max``); ties go through ``enforce.best.policy`` ("stop" raises, "random" draws
  ``sample(seq_len(k), 1)`` from the same stream, "omit" fails in pROC 1.18.0 and raises here);
* numeric thresholds: ``roc.utils.thr.idx``, i.e. counts of cases/controls on the positive side;
* specificities/sensitivities: ``which(input == value)`` (the first for specificity, the last for
  sensitivity) or pROC's linear interpolation between the two neighbouring points, same operations;
* the other ``ret`` values are ``roc.utils.calc.coords`` of (threshold, se, sp) with the replicate's
  numbers of cases and controls.

The CI is R's type-7 ``quantile`` of the replicate values at ``(1-conf)/2, 0.5, 1-(1-conf)/2``: per
column with NA removed (``ci.coords``) or after dropping every replicate with an NA (``ci.se``/``ci.sp``).
Replicates that make pROC stop (a non-stratified replicate without a control: ``is.unsorted`` of NaN
specificities; without a case for ``input = "sensitivity"``: ``min`` of NaN sensitivities) raise
``InputError`` with pROC's message.
"""
from __future__ import annotations

import math
import warnings

import numba
import numpy as np
import pandas as pd

from . import _validate as V
from .errors import InputError, RWarning
from .kernels.rbase import quantile as _r_quantile
from .kernels.rbase import seq_by
from .rrandom import RRNG

__all__: list[str] = []

# pROC's roc.utils.valid.coords, "threshold" first (roc.utils.match.coords.ret.args)
RET_NAMES = ("threshold", "specificity", "sensitivity", "accuracy", "tn", "tp", "fn", "fp", "npv", "ppv", "fdr",
             "fpr", "tpr", "tnr", "fnr", "1-specificity", "1-sensitivity", "1-accuracy", "1-npv", "1-ppv",
             "precision", "recall", "youden", "closest.topleft")
_RET_ALIASES = {"topleft": "closest.topleft", "t": "threshold", "npe": "1-npv", "ppe": "1-ppv"}
DEFAULT_RET = ("threshold", "specificity", "sensitivity")

# replicate status codes returned by the kernels
_OK, _NO_CASE, _NO_CONTROL = 0, 1, 2
_MSG_NA_IF = "missing value where TRUE/FALSE needed"


# ================================================================== numba kernels
@numba.njit(cache=True)
def _rep_counts(gids, labels, row, a, b):  # pragma: no cover - compiled
    """Cases (a) and controls (b) per tie group in replicate ``row``; returns (m, n)."""
    a[:] = 0
    b[:] = 0
    m = 0
    K = gids.shape[1]
    for k in range(K):
        g = gids[row, k]
        if labels[row, k]:
            a[g] += 1
            m += 1
        else:
            b[g] += 1
    return m, K - m


@numba.njit(cache=True)
def _rep_curve(a, b, m, n, se, sp, pres):  # pragma: no cover - compiled
    """roc.utils.perfs.all.fast of one replicate, stored order (sp increasing): P + 1 points.

    ``pres[:P]`` are the present tie groups (working orientation, ascending); point k < P is the
    threshold just below group ``pres[k]``, point P the end point (se 0, sp 1).  Returns P."""
    G = a.shape[0]
    P = 0
    for g in range(G):
        if a[g] + b[g] > 0:
            pres[P] = g
            P += 1
    se[P] = 0.0
    sp[P] = 1.0
    tp = 0
    fp = 0
    for k in range(P - 1, -1, -1):
        g = pres[k]
        tp += a[g]
        fp += b[g]
        se[k] = tp / m if m > 0 else np.nan      # R: 0/0
        sp[k] = (n - fp) / n if n > 0 else np.nan
    return P


@numba.njit(cache=True)
def _work(G):  # pragma: no cover - compiled
    """Work arrays of one replicate: cases and controls per tie group, se, sp, present groups."""
    return (np.zeros(G, dtype=np.int64), np.zeros(G, dtype=np.int64), np.empty(G + 1), np.empty(G + 1),
            np.empty(G, dtype=np.int64))


@numba.njit(cache=True)
def _rep(gids, labels, i, w, mm, nn, curve):  # pragma: no cover - compiled
    """Counts of replicate i (kept in mm/nn) and, if ``curve``, its curve in ``w``; returns (P, m, n)."""
    a, b, se, sp, pres = w
    m, n = _rep_counts(gids, labels, i, a, b)
    mm[i] = m
    nn[i] = n
    P = _rep_curve(a, b, m, n, se, sp, pres) if curve else 0
    return P, m, n


@numba.njit(cache=True)
def _midpoint(lo, hi):  # pragma: no cover - compiled
    t = (lo + hi) / 2
    if abs(t) > 1e100:
        t = lo / 2 + hi / 2
    return t


@numba.njit(cache=True)
def _thr_at(k, P, pres, u_w, gt):  # pragma: no cover - compiled
    """roc.utils.thresholds of the present values, the threshold of stored point k (original scale)."""
    if not gt:  # "<": stored order = thresholds ascending
        lo = u_w[pres[k - 1]] if k > 0 else -np.inf
        hi = u_w[pres[k]] if k < P else np.inf
        t = _midpoint(lo, hi)
        if t == lo and math.isfinite(lo):
            t = hi
        return t
    # ">": u_w holds negated values; stored order = thresholds descending
    lo = -u_w[pres[k]] if k < P else -np.inf
    hi = -u_w[pres[k - 1]] if k > 0 else np.inf
    t = _midpoint(lo, hi)
    if t != lo and t == hi and math.isfinite(hi):
        t = lo
    return t


@numba.njit(cache=True)
def _k_best(G, gids, labels, u_w, gt, youden, rw, pick, thr, se_out, sp_out, nbest, mm, nn, top, partial=False,
            hi=0.0, lo=0.0, focus_se=False, crit_out=None):  # pragma: no cover - compiled
    """coords(x = "best") of each replicate: the ``pick[i]``-th (0-based) tied best point; the number of
    tied rows in ``nbest`` (all P + 1 rows, NaN, when the criterion has a NaN, as R's max).  ``top`` is
    ``roc.utils.optim.crit``'s ``max`` (100 for a percent curve, applied by pROC to the fractions).

    ``partial``: coords.roc's partial-AUC branch, the best among the points whose specificity (``focus_se``:
    sensitivity) lies in [lo, hi] (a NaN coordinate is R's NA in the mask: kept, its row NA); no such point:
    ``nbest = 0``.  ``crit_out`` (optional) receives pROC's best-method column: the criterion of the point, or
    on a partial curve pROC 1.18.0's ``optim.crit[mask][top]`` after ``optim.crit <- optim.crit[mask]``
    (the criterion of the restricted point whose rank equals the picked point's index on the whole curve,
    NaN beyond the restricted count)."""
    w = _work(G)
    se, sp, pres = w[2], w[3], w[4]
    crit = np.empty(G + 1)
    keep = np.empty(G + 1, dtype=np.bool_)
    sub = np.empty(G + 1)
    for i in range(gids.shape[0]):
        P, m, n = _rep(gids, labels, i, w, mm, nn, True)
        has_nan = False
        best = -np.inf
        K = 0
        for k in range(P + 1):
            if youden:
                c = se[k] + rw * sp[k]
            else:
                c = -((top - se[k]) * (top - se[k]) + rw * ((top - sp[k]) * (top - sp[k])))
            crit[k] = c
            if partial:
                v = se[k] if focus_se else sp[k]
                keep[k] = v != v or (v <= hi and v >= lo)
                if not keep[k]:
                    continue
                sub[K] = c
                K += 1
            if c != c:
                has_nan = True
            elif c > best:
                best = c
        if not partial:
            K = P + 1
        if has_nan or K == 0:
            nbest[i] = K
            thr[i] = np.nan
            se_out[i] = np.nan
            sp_out[i] = np.nan
            if crit_out is not None:
                crit_out[i] = np.nan
            continue
        cnt = 0
        for k in range(P + 1):
            if partial and not keep[k]:
                continue
            if crit[k] == best:
                if cnt == pick[i]:
                    thr[i] = _thr_at(k, P, pres, u_w, gt)
                    se_out[i] = se[k]
                    sp_out[i] = sp[k]
                    if crit_out is not None:
                        crit_out[i] = (sub[k] if k < K else np.nan) if partial else crit[k]
                cnt += 1
        nbest[i] = cnt


@numba.njit(cache=True)
def _k_thresholds(G, gids, labels, gidx, se_out, sp_out, mm, nn):  # pragma: no cover - compiled
    """coords(x = thresholds): se = #cases on the positive side / m, sp = #controls on the negative
    side / n; ``gidx[j]`` is the first tie group on the positive side of threshold j (working scale).
    A replicate without a case has se NaN except at the end point (se 0), as R's stored curve."""
    J = gidx.shape[0]
    w = _work(G)
    a, b = w[0], w[1]
    sa = np.zeros(G + 1, dtype=np.int64)
    sb = np.zeros(G + 1, dtype=np.int64)
    for i in range(gids.shape[0]):
        _, m, n = _rep(gids, labels, i, w, mm, nn, False)
        sa[G] = 0
        sb[G] = 0
        for g in range(G - 1, -1, -1):
            sa[g] = sa[g + 1] + a[g]
            sb[g] = sb[g + 1] + b[g]
        for j in range(J):
            g0 = gidx[j]
            tp = sa[g0]
            fp = sb[g0]
            if m > 0:
                se_out[i, j] = tp / m
            else:
                se_out[i, j] = 0.0 if fp == 0 else np.nan
            sp_out[i, j] = (n - fp) / n if n > 0 else np.nan


@numba.njit(cache=True)
def _k_sesp(G, gids, labels, values, by_se, se_out, sp_out, mm, nn, status, pct):  # pragma: no cover - compiled
    """coords(x = values, input = "specificity" or "sensitivity") of each replicate: pROC's exact match
    (first for specificity, last for sensitivity) or its linear interpolation between neighbours.  ``pct``:
    ci.se/ci.sp scale the replicate's curve as pROC does (``perfs$se * 100`` for a percent curve)."""
    J = values.shape[0]
    w = _work(G)
    se, sp, pres = w[2], w[3], w[4]
    for i in range(gids.shape[0]):
        _, m, n = _rep(gids, labels, i, w, mm, nn, False)
        status[i] = 0
        if n == 0:
            status[i] = 2
            continue
        if by_se and m == 0:
            status[i] = 1
            continue
        P = _rep_curve(w[0], w[1], m, n, se, sp, pres)
        if pct != 1.0:
            for k in range(P + 1):
                se[k] = se[k] * pct
                sp[k] = sp[k] * pct
        for j in range(J):
            v = values[j]
            if not by_se:
                # first index with sp >= v (sp non-decreasing, sp[P] = 1 >= v)
                lo = 0
                hi = P
                while lo < hi:
                    mid = (lo + hi) // 2
                    if sp[mid] >= v:
                        hi = mid
                    else:
                        lo = mid + 1
                if sp[lo] == v:
                    se_out[i, j] = se[lo]
                    sp_out[i, j] = sp[lo]
                    continue
                nx = lo
                prop = (v - sp[nx]) / (sp[nx - 1] - sp[nx])
            else:
                # first index with se < v (se non-increasing; P + 1 when none)
                lo = 0
                hi = P + 1
                while lo < hi:
                    mid = (lo + hi) // 2
                    if se[mid] < v:
                        hi = mid
                    else:
                        lo = mid + 1
                if lo > 0 and se[lo - 1] == v:
                    se_out[i, j] = se[lo - 1]
                    sp_out[i, j] = sp[lo - 1]
                    continue
                nx = lo
                prop = (v - se[nx]) / (se[nx - 1] - se[nx])
            se_out[i, j] = se[nx] + prop * (se[nx - 1] - se[nx])
            sp_out[i, j] = sp[nx] + prop * (sp[nx - 1] - sp[nx])


# ================================================================== argument matching (pROC's rules)
def match_ret(ret, input_: str, ret_is_default: bool, allow_all: bool = False) -> list[str]:
    """``roc.utils.match.coords.ret.args``: exact names, pROC's aliases, unique prefixes (R's pmatch).

    Unlike R's ``match.arg(several.ok = TRUE)``, which silently drops a name that matches nothing when
    another matches, every unknown name raises."""
    if isinstance(ret, str):
        ret = [ret]
    try:
        items = list(ret)
    except TypeError:
        raise InputError(f"ret must be a name or a sequence of names of pROC's coords; got ret={V.show(ret)}") from None
    if not items:
        raise InputError("ret must name at least one coordinate; got an empty ret")
    valid = RET_NAMES if not (ret_is_default and input_ != "threshold") else RET_NAMES[1:]
    out = []
    for it in items:
        if not isinstance(it, str):
            raise InputError(f"ret must hold names of pROC's coords; got {V.show(it)}")
        if ret_is_default and input_ != "threshold" and it == "threshold":
            continue  # pROC: a missing ret with input != "threshold" has no threshold
        name = _RET_ALIASES.get(it, it)
        if name == "all":
            if not allow_all:
                raise InputError("ret='all' is not supported by ci_coords; name the coordinates")
            if len(items) > 1:
                raise InputError("ret='all' can't be used with other 'ret' options. (pROC stops)")
            return list(valid)
        if name in valid:
            out.append(name)
            continue
        hits = [v for v in valid if v.startswith(name)] if name else []
        if len(hits) != 1:
            what = "matches several" if hits else "is not one"
            raise InputError(f"ret: {it!r} {what} of pROC's coords ({', '.join(valid)})")
        out.append(hits[0])
    return out


def _check_common(r, conf_level, boot_n, boot_stratified, seed, what: str):
    conf_level = V.probability(conf_level, "conf_level", low_open=True, high_open=True)
    boot_n = V.replicates(boot_n, "boot_n", n=r.n_cases + r.n_controls)
    boot_stratified = V.flag(boot_stratified, "boot_stratified")
    seed = V.seed(seed)
    if boot_stratified and (r.n_cases <= 1 or r.n_controls <= 1):
        raise InputError(f"{what}: a stratified bootstrap needs at least 2 cases and 2 controls (here "
                         f"{r.n_cases} and {r.n_controls}); pROC's sample() of a single value x >= 1 draws from "
                         "1:x instead; use boot_stratified=False")
    if r._is_perfect():
        warnings.warn(f"{what}() of a ROC curve with AUC == 1 is always a null interval and can be misleading.",
                      RWarning, stacklevel=4)
    return float(conf_level), int(boot_n), bool(boot_stratified), seed


def _raise_status(status: int, what: str, input_: str):
    if status == _NO_CONTROL:
        raise InputError(f"{what}: a non-stratified bootstrap replicate has no control and pROC stops there "
                         f"('{_MSG_NA_IF}': is.unsorted() of NaN specificities); use boot_stratified=True or "
                         "another seed")
    raise InputError(f"{what}: a non-stratified bootstrap replicate has no case and pROC stops there "
                     f"('{_MSG_NA_IF}': the range of NaN sensitivities, input = {input_!r}); use "
                     "boot_stratified=True or another seed")


# ================================================================== replicate values
def _replicates_numeric(r, x: np.ndarray, input_: str, boot_n: int, stratified: bool, rng: RRNG, what: str,
                        pct: float = 1.0):
    """(se, sp, m, n) of each replicate at each x: arrays (B, J), (B, J), (B,), (B,)."""
    from .roc import _resample

    G = r._u.shape[0]
    J = x.shape[0]
    se = np.empty((boot_n, J))
    sp = np.empty((boot_n, J))
    mm = np.empty(boot_n, dtype=np.int64)
    nn = np.empty(boot_n, dtype=np.int64)
    if input_ == "threshold":
        # first tie group on the positive side: value >= t ("<"), value <= t i.e. -value >= -t (">")
        gidx = np.searchsorted(r._u, -x if r.direction == ">" else x, side="left").astype(np.int64)
    st = np.zeros(boot_n, dtype=np.int64)
    start = 0
    for gids, labels in _resample(r, boot_n, stratified, rng):
        C = gids.shape[0]
        sl = slice(start, start + C)
        if input_ == "threshold":
            _k_thresholds(G, gids, labels, gidx, se[sl], sp[sl], mm[sl], nn[sl])
            st[sl] = np.where(nn[sl] == 0, _NO_CONTROL, _OK)  # pROC: sort.roc's is.unsorted(NaN) stops
        else:
            _k_sesp(G, gids, labels, x, input_ == "sensitivity", se[sl], sp[sl], mm[sl], nn[sl], st[sl], pct)
        bad = np.flatnonzero(st[sl])
        if bad.shape[0]:
            _raise_status(int(st[start + bad[0]]), what, input_)
        start += C
    return se, sp, mm, nn


def _replicates_best(r, best_method: str, rw: float, best_policy: str, boot_n: int, stratified: bool,
                     rng: RRNG, what: str, top: float = 1.0, crit: np.ndarray | None = None):
    """(thr, se, sp, m, n) of the best point of each replicate, pROC's enforce.best.policy applied.  On a
    curve with a partial AUC each replicate's best point is sought among the points inside the interval (the
    bounds as stored, compared with the replicate's fractions, as pROC's ci.coords does).  ``crit``: filled
    with pROC's best-method column of each replicate (``_k_best``'s ``crit_out``)."""
    from .roc import _resample

    partial = r.partial_auc is not None
    hi, lo = (float(r.partial_auc[0]), float(r.partial_auc[1])) if partial else (0.0, 0.0)
    focus_se = partial and r.partial_auc_focus == "sensitivity"
    if crit is None:
        crit = np.empty(boot_n)

    G = r._u.shape[0]
    u_w = np.ascontiguousarray(r._u)
    gt = r.direction == ">"
    youden = best_method == "youden"
    thr = np.empty(boot_n)
    se = np.empty(boot_n)
    sp = np.empty(boot_n)
    nb = np.empty(boot_n, dtype=np.int64)
    mm = np.empty(boot_n, dtype=np.int64)
    nn = np.empty(boot_n, dtype=np.int64)
    chunk = 1 if best_policy == "random" else None  # "random" draws between two replicates
    start = 0
    for gids, labels in _resample(r, boot_n, stratified, rng, chunk=chunk):
        C = gids.shape[0]
        sl = slice(start, start + C)
        pick = np.zeros(C, dtype=np.int64)
        _k_best(G, gids, labels, u_w, gt, youden, rw, pick, thr[sl], se[sl], sp[sl], nb[sl], mm[sl], nn[sl], top,
                partial, hi, lo, focus_se, crit[sl])
        if (nn[sl] == 0).any():
            _raise_status(_NO_CONTROL, what, "threshold")
        if (nb[sl] == 0).any():
            raise InputError(f"{what}: a bootstrap replicate has no point inside the partial-AUC interval and pROC "
                             "stops there (coords() returns NULL: 'missing value where TRUE/FALSE needed'); widen "
                             "partial_auc or try another seed")
        tied = np.flatnonzero(nb[sl] != 1)
        if tied.shape[0]:
            if best_policy == "stop":
                raise InputError(f"{what}: more than one \"best\" threshold was found in a bootstrap replicate, "
                                 "aborting as pROC does (best_policy='stop'); use best_policy='random' to draw one")
            if best_policy == "omit":
                raise InputError(f"{what}: a bootstrap replicate has more than one \"best\" threshold and pROC "
                                 "1.18.0 fails with best.policy='omit' ('Results must have the same number of "
                                 "dimensions.'); use best_policy='random'")
            # "random": res[sample(seq_len(nrow(res)), size = 1), ] (C == 1 here)
            j = int(rng.unif_index(int(nb[start]), 1)[0])
            if not math.isnan(se[start]):
                pick[0] = j
                _k_best(G, gids, labels, u_w, gt, youden, rw, pick, thr[sl], se[sl], sp[sl], nb[sl], mm[sl],
                        nn[sl], top, partial, hi, lo, focus_se, crit[sl])
        start += C
    return thr, se, sp, mm, nn


def _derive(name: str, thr, se, sp, m, n, rw: float, pct: float = 1.0) -> np.ndarray:
    """roc.utils.calc.coords: one ret column from (threshold, se, sp), with the replicate's numbers of
    cases ``m`` and controls ``n`` (broadcast against se/sp); ``pct`` = 100 for a percent curve."""
    from ._roc_coords import calc_coords

    return calc_coords(name, thr, se, sp, m, n, rw, pct)


def _quantiles_na_rm(values: np.ndarray, probs: np.ndarray) -> np.ndarray:
    v = values[~np.isnan(values)]
    return _r_quantile(v, probs, type=7)


# ================================================================== the three methods
def ci_coords(r, x, input_, ret, best_method, best_weights, best_policy, conf_level, boot_n, boot_stratified,
              seed) -> pd.DataFrame:
    """Roc.ci_coords (arguments checked here, in pROC's order of checks where it has one)."""
    what = "ci_coords"
    # pROC drops "threshold" from a *missing* ret when input != "threshold"; the default value stands for it
    ret_is_default = isinstance(ret, (tuple, list)) and tuple(ret) == DEFAULT_RET
    input_ = V.choice(input_, "input", ("threshold", "specificity", "sensitivity"))
    best_policy = V.choice(best_policy, "best_policy", ("stop", "omit", "random"))
    if best_method == "topleft":
        best_method = "closest.topleft"
    best_method = V.choice(best_method, "best_method", ("youden", "closest.topleft"))
    from .roc import _best_ratio

    rw = _best_ratio(best_weights)
    rets = match_ret(ret, input_, ret_is_default)
    if isinstance(x, str):
        if x in ("all", "local maximas"):
            raise InputError(f"x={x!r}: 'all' and 'local maximas' are not available for confidence intervals "
                             "(pROC stops); use 'best' or numbers")
        if x != "best":
            raise InputError(f"x must be 'best' or a number or numbers; got x={V.show(x)}")
        best = True
        xs = None
    else:
        best = False
        if input_ == "threshold":
            xs = V.float_vector([x] if np.ndim(x) == 0 else x, "x", inf_ok=True, unit="position")
        else:
            xs = V.float_vector([x] if np.ndim(x) == 0 else x, "x", low=0.0, high=1.0, unit="position")
        if xs.shape[0] == 0:
            raise InputError("x has no value (pROC: \"Numeric 'x' has length 0\")")
    if "threshold" in rets and not (best or input_ == "threshold"):
        raise InputError("ret: 'threshold' output is only supported for x='best' or input='threshold' (as pROC)")
    conf_level, boot_n, boot_stratified, seed = _check_common(r, conf_level, boot_n, boot_stratified, seed, what)
    # pROC 1.18.0's ci.coords keeps the replicate's sensitivities and specificities as fractions but the curve's
    # percent flag: calc.coords and the closest.topleft criterion then use 100 with those fractions (mirrored)
    pct = 100.0 if r.percent else 1.0
    rng = RRNG(seed)
    if best:
        crit = np.empty(boot_n)
        thr, se, sp, mm, nn = _replicates_best(r, best_method, rw, best_policy, boot_n, boot_stratified, rng, what,
                                               top=pct, crit=crit)
        thr, se, sp = thr[:, None], se[:, None], sp[:, None]
        x_col = ["best"]
    else:
        se, sp, mm, nn = _replicates_numeric(r, xs, input_, boot_n, boot_stratified, rng, what)
        if input_ == "threshold":
            thr = np.broadcast_to(xs, se.shape)
        else:  # an interpolated point has no threshold (NA); 'threshold' is refused above anyway
            thr = np.full(se.shape, np.nan)
        x_col = [float(v) for v in xs]
    m, n = mm[:, None], nn[:, None]
    # coords.roc of "best" keeps its own best-method column (the criterion, times -1 for closest.topleft) unless
    # another ret makes it recompute the whole calc.coords table
    own = best and set(rets) <= {"threshold", "specificity", "sensitivity", best_method}
    cols = []
    for nm in rets:
        if own and nm == best_method:
            cols.append((crit if best_method == "youden" else -crit)[:, None])
        else:
            cols.append(np.broadcast_to(_derive(nm, thr, se, sp, m, n, rw, pct), se.shape))
    perfs = np.stack(cols, axis=2)
    all_na = np.isnan(perfs).reshape(boot_n, -1).all(axis=1)
    note = None
    if all_na.any():
        note = ("All bootstrap iterations produced NA values only." if all_na.all()
                else f"{int(all_na.sum())} NA value(s) produced during bootstrap were ignored.")
        warnings.warn(note, RWarning, stacklevel=3)
    probs = r._probs(conf_level)
    rows = []
    for k, nm in enumerate(rets):
        for j, xv in enumerate(x_col):
            q = _quantiles_na_rm(perfs[:, j, k], probs)
            rows.append((xv, nm, float(q[0]), float(q[1]), float(q[2])))
    out = pd.DataFrame(rows, columns=["x", "ret", "lower", "median", "upper"])
    out.attrs.update({"input": input_, "conf_level": conf_level, "boot_n": boot_n,
                      "boot_stratified": boot_stratified, "best_method": best_method, "best_policy": best_policy,
                      "note": note})
    return out


def ci_se_sp(r, values, by_se: bool, conf_level, boot_n, boot_stratified, seed) -> pd.DataFrame:
    """ci.se (``by_se=False``: values are specificities, the CI is of the sensitivity) or ci.sp."""
    what, arg = ("ci_sp", "sensitivities") if by_se else ("ci_se", "specificities")
    pct = 100.0 if r.percent else 1.0
    if values is None:
        vals = seq_by(0.0, 1.0, 0.1) * pct  # pROC's default seq(0, 1, 0.1) * ifelse(percent, 100, 1)
    else:
        vals = V.float_vector([values] if np.ndim(values) == 0 else values, arg, low=0.0, high=pct,
                              unit="position")
        if vals.shape[0] == 0:
            raise InputError(f"{arg} has no value")
    conf_level, boot_n, boot_stratified, seed = _check_common(r, conf_level, boot_n, boot_stratified, seed, what)
    se, sp, _, _ = _replicates_numeric(r, vals, "sensitivity" if by_se else "specificity", boot_n, boot_stratified,
                                       RRNG(seed), what, pct)
    perfs = sp if by_se else se
    bad = np.isnan(perfs).any(axis=1)
    note = None
    if bad.any():
        note = "NA value(s) produced during bootstrap were ignored."
        warnings.warn(note, RWarning, stacklevel=3)
        perfs = perfs[~bad]
    probs = r._probs(conf_level)
    q = np.array([_r_quantile(perfs[:, j], probs, type=7) for j in range(vals.shape[0])]).reshape(-1, 3)
    out = pd.DataFrame({"value": vals, "lower": q[:, 0], "median": q[:, 1], "upper": q[:, 2]})
    out.attrs.update({"conf_level": conf_level, "boot_n": boot_n, "boot_stratified": boot_stratified, "note": note})
    return out

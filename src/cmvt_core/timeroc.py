"""Time-dependent ROC curves and AUC with inverse-probability-of-censoring weights, as
``timeROC::timeROC(T, delta, marker, cause = 1, weighting = "marginal", times, iid = TRUE)`` (timeROC 0.4.1)
and its ``confint()``.

The port follows timeROC's R code step by step (docs/R_ALGORITHMS.md, "timeROC"): the rows sorted by
``order(T)`` (stable), the censoring weights of pec's ``ipcw.marginal`` (prodlim's reverse Kaplan–Meier,
``cmvt_core.kernels.prodlim``), the rows then sorted by ``order(-marker)``, cases ``T < t & delta == 1``
weighted ``1 / (n G(T_i-))``, controls ``T > t`` weighted ``1 / (n G(t))``, R's long-double ``cumsum`` and
``sum``, the ROC points at the first row of each distinct marker value (R's recycled ``!duplicated()``
index) and the trapezoid area; the standard error from ``compute_iid_decomposition_survival`` with
``Compute.iid.KM``'s martingale integrals, every sum in R's order and precision (the shared prefixes of its
columns summed once), except the case-control pair sums of large data, rounded once (see :func:`time_roc`).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numba
import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from . import _validate as V
from .errors import InputError
from .kernels.prodlim import ipcw_marginal
from .kernels.rbase import col_sums, quantile, r_sum, r_var, rsum_add

__all__ = ["time_roc", "TimeROC"]

#: the memory the iid representation may take (Compute.iid.KM's n x n matrix and its long-double cumsum)
_IID_MAX_BYTES = 4 * 2**30
#: the most sequential long-double additions (n x the case-control pairs, per time) for which the iid
#: representation is summed in R's order, bit for bit (O(n^3)); above it, in O(n^2) and correctly rounded
_IID_EXACT_MAX_TERMS = 5e7


def _r_cumsum(x: np.ndarray) -> np.ndarray:
    """R's ``cumsum`` for doubles (cum.c): a long-double running sum, each partial sum rounded to double."""
    return np.cumsum(np.asarray(x, dtype=np.float64).astype(np.longdouble)).astype(np.float64)


def _row_sums(m: np.ndarray) -> np.ndarray:
    """R's ``rowSums`` (array.c: a long-double accumulator per row, the columns added in order)."""
    return col_sums(np.asarray(m).T)


def _aire_trap(x: np.ndarray, y: np.ndarray) -> float:
    """timeROC's ``AireTrap(Abs, Ord)``: ``sum(diff(Abs) * (Ord[-n] + Ord[-1]) / 2)``."""
    return r_sum((x[1:] - x[:-1]) * ((y[:-1] + y[1:]) / 2))


def iid_km(T: np.ndarray, delta: np.ndarray) -> np.ndarray:
    """timeROC's ``Compute.iid.KM(times = T, status = delta)`` for T sorted (:func:`_iid_km`'s matrix)."""
    return _iid_km(T, delta)[0]


def _iid_km(T: np.ndarray, delta: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """timeROC's ``Compute.iid.KM(times = T, status = delta)`` for T sorted: the n-by-n matrix of
    ``int_0^{T_j} dM_{C_l}(u) / S_T(u)`` (row j = time, column l = subject).

    R builds ``hatMC[r, l] = cens_l * (T_l <= T_r) - LambdaC[min(r, l)]``, its row differences over the at-risk
    fraction, and their long-double ``cumsum`` down each column.  Column l's differences are the same for every
    column above the first row ``s_l`` tied with ``T_l`` (``-LambdaC[r] + LambdaC[r - 1]``), and 0 below row l;
    so the shared running sum is taken once (in long double, its exact x87 values kept) and each column only
    continues it over rows ``s_l..l``, then repeats its last value: the same additions in the same order as
    R's column cumsum, in O(n) long-double steps plus the O(n^2) fill.  Returns the matrix, the shared column
    (rows above each column's ``s_l``) and ``s``."""
    n = T.shape[0]
    cens = (delta == 0).astype(np.float64)
    lam = cens / np.arange(n, 0, -1, dtype=np.float64)
    Lam = _r_cumsum(lam)
    at_risk = np.concatenate(([1.0], 1.0 - np.arange(1, n, dtype=np.float64) / n))
    shared = np.empty(n)
    shared[0] = 0.0 - Lam[0]
    shared[1:] = (0.0 - Lam[1:]) - (0.0 - Lam[:-1])
    pre_ld = np.cumsum((shared / at_risk).astype(np.longdouble))  # the running sum of rows above any tie
    pre = pre_ld.astype(np.float64)
    s = np.searchsorted(T, T, side="left")  # the first row tied with each time
    idx = np.arange(n)
    # row s_l of column l: hat[s_l, l] - hat[s_l - 1, l] with hat[s_l, l] = cens_l - Lam[s_l]
    first = cens - Lam[s]
    first[s > 0] -= 0.0 - Lam[s[s > 0] - 1]
    start = np.where(s > 0, pre_ld[np.maximum(s - 1, 0)], np.longdouble(0.0))
    at_first = (start + (first / at_risk[s]).astype(np.longdouble)).astype(np.float64)
    M = np.where(idx[:, None] < s[None, :], pre[:, None], 0.0)
    untied = s == idx
    diag = np.empty(n)
    diag[untied] = at_first[untied]
    for l in np.flatnonzero(~untied):  # rows s_l..l of a column tied with earlier rows
        r = np.arange(s[l], l + 1)
        hat = cens[l] - Lam[r]
        d = np.empty(r.shape[0])
        d[0] = first[l]
        d[1:] = hat[1:] - hat[:-1]
        col = np.cumsum(np.concatenate(([start[l]], (d / at_risk[r]).astype(np.longdouble))))[1:].astype(np.float64)
        M[r[:-1], l] = col[:-1]
        diag[l] = col[-1]
    below = idx[:, None] >= idx[None, :]
    M = np.where(below, diag[None, :], M)
    return M, pre, s


def _iid_km_matrix(T: np.ndarray, delta: np.ndarray) -> np.ndarray:
    """``Compute.iid.KM`` written as R computes it (the n-by-n ``hatMC`` and its long-double column cumsum):
    the reference for :func:`iid_km` in the tests."""
    n = T.shape[0]
    cens = (delta == 0).astype(np.float64)
    lam = cens / np.arange(n, 0, -1, dtype=np.float64)
    Lam = _r_cumsum(lam)
    idx = np.arange(n)
    hat = cens[None, :] * (T[None, :] <= T[:, None]).astype(np.float64) - Lam[np.minimum(idx[:, None], idx[None, :])]
    d = np.empty_like(hat)
    d[0] = hat[0]
    d[1:] = hat[1:] - hat[:-1]
    at_risk = np.concatenate(([1.0], 1.0 - np.arange(1, n, dtype=np.float64) / n))
    d = d / at_risk[:, None]
    return np.cumsum(d.astype(np.longdouble), axis=0).astype(np.float64)


@numba.njit(cache=True)
def _sum_ij_k(H, ones_plus_t):  # pragma: no cover - compiled
    """``sum(t(Mathtij1) * (1 + MatInt[which_Cases, k]))`` for every k: ``H`` is Mathtij1 (controls by
    cases), ``ones_plus_t[k, i] = 1 + MatInt[case_i, k]``; R's column-major order of ``t(H)`` (controls outer,
    cases inner) with R's long-double sum (``rsum_add``).  A zero term (a case whose marker is below the
    control's) leaves the x87 sum unchanged, so it is skipped (R's sum of only zeros is +0, as the start)."""
    nc, nk = H.shape
    n = ones_plus_t.shape[0]
    out = np.empty(n)
    for k in range(n):
        row = ones_plus_t[k]
        hi = 0.0
        lo = 0.0
        for j in range(nc):
            for i in range(nk):
                h = H[j, i]
                if h != 0.0:
                    hi, lo = rsum_add(hi, lo, h * row[i])
        out[k] = hi
    return out


@numba.njit(cache=True)
def _col_sums_3b(hstar, tis, dit, F01t, mat_int, first_tied, q_hi, q_lo):  # pragma: no cover - compiled
    """``colSums(Pour_sum_ij_a_k_fixe_3b)`` for every k, with ``Pour_sum_ij_a_k_fixe_3b[r, k] = hathtstar *
    (vect_Tisupt[r] + (1 / F01t) * (vect_dit[r] * (1 + MatInt[r, k]) - F01t))`` formed as numpy forms it.
    Rows above ``first_tied[k]`` hold the shared column of ``MatInt`` (:func:`_iid_km`), so their terms are the
    same in every column: their long-double running sum is passed in (``q_hi + q_lo``, exact) and each column
    continues it over its own rows with R's long-double ``sum`` (``rsum_add``), in R's row order."""
    n = mat_int.shape[0]
    inv = 1.0 / F01t
    out = np.empty(n)
    for k in range(n):
        hi = q_hi[k]
        lo = q_lo[k]
        for r in range(first_tied[k], n):
            v = hstar * (tis[r] + inv * (dit[r] * (1.0 + mat_int[r, k]) - F01t))
            hi, lo = rsum_add(hi, lo, v)
        out[k] = hi
    return out


@numba.njit(cache=True, inline="always")
def _split(a):  # pragma: no cover - compiled
    """Dekker's split of a double into a 26-bit high part and the rest (exact)."""
    c = 134217729.0 * a  # 2^27 + 1
    hi = c - (c - a)
    return hi, a - hi


@numba.njit(cache=True)
def _sum_ij_k_rounded(h, cnt2, ones_plus_t):  # pragma: no cover - compiled
    """The sums of :func:`_sum_ij_k` in O(cases) each, correctly rounded instead of in R's order.

    Every non-zero term of ``sum(t(Mathtij1) * (1 + MatInt[which_Cases, k]))`` is ``ind * fl(h_i * a_ik)``
    (``ind`` 1 or 1/2, an exact scaling), so the sum is ``sum_i cnt2_i * fl(h_i * a_ik) / 2`` with ``cnt2_i``
    twice the case's count of lower (1) and tied (1/2) controls.  Each product ``cnt2_i * q`` is split exactly
    into two doubles (``cnt2_i`` < 2^27), added into a double-double accumulator whose error is far below the
    last bit; the result is the exact sum rounded once, where R's x87 sequence may round differently in the
    last bit (hence ``timeroc.iid_rounded``)."""
    n = ones_plus_t.shape[0]
    nk = h.shape[0]
    out = np.empty(n)
    for k in range(n):
        row = ones_plus_t[k]
        hi = 0.0
        lo = 0.0
        for i in range(nk):
            c = cnt2[i]
            if c != 0.0:
                q = h[i] * row[i]
                qh, ql = _split(q)
                for v in (c * qh, c * ql):
                    s = hi + v
                    bb = s - hi
                    lo += (hi - (s - bb)) + (v - bb)
                    hi = s
        out[k] = 0.5 * (hi + lo)
    return out


def _iid_survival(t: float, n: int, F01t: float, St: float, ipcw_t: float, w_cases_all: np.ndarray,
                  T: np.ndarray, delta: np.ndarray, marker: np.ndarray, mat_int: np.ndarray,
                  km_shared: tuple[np.ndarray, np.ndarray], exact: bool | None = None) -> np.ndarray:
    """timeROC's ``compute_iid_decomposition_survival`` (rows in ``order(T)``): the iid representation
    ``hatIFstar`` of AUC(t).

    ``exact`` (None: while the ``n x controls x cases`` sequential additions stay within
    ``_IID_EXACT_MAX_TERMS``) sums ``sum_ij_a_k_fixe`` in R's order and long double (O(n^3), bit-identical);
    otherwise in O(n x cases), correctly rounded (:func:`_sum_ij_k_rounded`)."""
    cases = (T < t) & (delta == 1)
    ctrl = T > t
    wc = np.where(cases, w_cases_all, 0.0)
    wk = np.where(ctrl, 1.0 / (ipcw_t * n), 0.0)
    ic = np.flatnonzero(cases)
    jc = np.flatnonzero(ctrl)
    mi = marker[ic]
    mj = marker[jc]
    ind = (mi[None, :] > mj[:, None]).astype(np.float64) + 0.5 * (mi[None, :] == mj[:, None]).astype(np.float64)
    H = (ind * (wc[ic][None, :] * wk[jc][:, None])) * float(n * n)  # Mathtij1: controls (rows) by cases
    hstar = r_sum(H.T) / (n * n)
    dit = (((T <= t).astype(np.float64) * (delta == 1).astype(np.float64)) * wc) * n
    cs = np.zeros(n)
    cs[ic] = col_sums(H)
    rs = np.zeros(n)
    rs[jc] = _row_sums(H)
    tis = ctrl.astype(np.float64) / (r_sum(ctrl.astype(np.float64)) / n)
    cnt2 = (2.0 * ind).sum(axis=0)  # twice each case's count of lower (1) and tied (1/2) controls: exact
    if exact is None:
        exact = n * float(cnt2.sum()) / 2 <= _IID_EXACT_MAX_TERMS
    a_cases = np.ascontiguousarray((1.0 + mat_int[ic, :]).T)
    if exact:
        sum1 = _sum_ij_k(np.ascontiguousarray(H), a_cases)
    else:
        h = (wc[ic] * wk[jc[0]]) * float(n * n) if jc.shape[0] else np.zeros(ic.shape[0])
        sum1 = _sum_ij_k_rounded(h, cnt2, a_cases)
    pre, first_tied = km_shared
    shared = hstar * (tis + (1.0 / F01t) * (dit * (1.0 + pre) - F01t))  # rows of 3b alike in every column
    q = np.concatenate(([np.longdouble(0.0)], np.cumsum(shared.astype(np.longdouble))))[first_tied]
    q_hi = q.astype(np.float64)
    q_lo = (q - q_hi.astype(np.longdouble)).astype(np.float64)  # exact: a long double is q_hi + q_lo
    fs = F01t * St
    a = (sum1 / n - _col_sums_3b(hstar, tis, dit, F01t, mat_int, first_tied, q_hi, q_lo)) / fs
    b = (rs - n * hstar) / fs
    c = (cs - (n * hstar) * (tis + (1.0 / F01t) * (dit - F01t))) / fs
    return (a + b + c) / n


def _qnorm(p: float) -> float:
    from .kernels.distributions import qnorm

    return float(np.asarray(qnorm(p)).ravel()[0])


def _r_round2(x: np.ndarray) -> np.ndarray:
    from ._printing import r_round

    return np.array([r_round(float(v), 2) for v in np.ravel(x)]).reshape(np.shape(x))


@dataclass
class TimeROC:
    """Result of :func:`time_roc`, timeROC's ``ipcwsurvivalROC`` object.

    Attributes
    ----------
    times : numpy.ndarray
        The times, sorted (R's ``times``; a single time ``t`` becomes ``[0, t]``, as timeROC does).
    auc : numpy.ndarray
        AUC(t) at each time (R's ``AUC``); NaN where there is no case or no control (R's NA).
    se : numpy.ndarray
        Its standard error from the iid representation (R's ``inference$vect_sd_1``); NaN without ``iid``.
    ci_lower, ci_upper : numpy.ndarray
        ``auc -/+ qnorm(0.975) * se`` (the pointwise 95% interval of ``confint()``, unrounded, as fractions).
    tp, fp : pandas.DataFrame
        The ROC points (R's ``TP``, ``FP``): one row for the threshold above the largest marker value, then one
        per distinct marker value in decreasing order (the fraction with a marker strictly above it, then all);
        one column ``t=<time>`` per time.
    cumulative_incidence, surv_prob : numpy.ndarray
        The weighted case fraction ``F(t)`` and control fraction ``S(t)`` (R's ``CumulativeIncidence``,
        ``survProb``).
    stats : pandas.DataFrame
        R's ``Stats``: ``Cases``, ``survivor at t``, ``Censored at t`` per time.
    ipcw_times, ipcw_subject_times : numpy.ndarray
        The censoring survival ``G(t)`` at each time and ``G(T_i-)`` per subject in the order ``order(T)``
        (R's ``weights$IPCW.times``, ``weights$IPCW.subjectTimes``).
    iid : numpy.ndarray or None
        The n-by-len(times) iid representation (R's ``inference$mat_iid_rep_1``), rows in ``order(T)``.
    n : int
        The number of rows.
    """

    times: np.ndarray
    auc: np.ndarray
    se: np.ndarray
    ci_lower: np.ndarray
    ci_upper: np.ndarray
    tp: pd.DataFrame
    fp: pd.DataFrame
    cumulative_incidence: np.ndarray
    surv_prob: np.ndarray
    stats: pd.DataFrame
    ipcw_times: np.ndarray
    ipcw_subject_times: np.ndarray
    iid: np.ndarray | None
    n: int

    def confint(self, level: float = 0.95, n_sim: int = 2000, seed=None) -> dict:
        """``confint(x, level, n.sim)`` of timeROC: the pointwise interval and the simultaneous band, in percent
        rounded to 2 decimals as R prints them.

        Parameters
        ----------
        level : float, default 0.95
            The confidence level.
        n_sim : int, default 2000
            Monte-Carlo draws for the band's quantile, each ``rnorm(n)`` from R's stream.
        seed : int or None
            ``set.seed(seed)`` just before the call (None: a fresh, unseeded stream).

        Returns
        -------
        dict
            ``CI_AUC`` and ``CB_AUC`` (DataFrames, rows ``t=<time>`` where the AUC is defined, columns
            ``2.5%``/``97.5%`` for level 0.95) and ``C_alpha`` (the band's quantile, R's ``C.alpha``).

        Notes
        -----
        R call: ``set.seed(seed); confint(timeROC(..., iid = TRUE), level = level, n.sim = n_sim)``.  Each draw is
        ``max(abs(colMeans(t(t(iid * rnorm(n)) / se))))``; ``C.alpha = quantile(draws, level)`` (type 7).

        Examples
        --------
        >>> from cmvt_core import time_roc
        >>> r = time_roc([1, 2, 3, 4, 5, 6, 7, 8], [1, 1, 0, 1, 0, 1, 1, 0], [8, 6, 7, 3, 5, 2, 4, 1], [6])
        >>> ci = r.confint(seed=1)
        >>> ci["CI_AUC"]
              2.5%   97.5%
        t=6  40.55  121.95
        """
        from .rrandom import RRNG

        if self.iid is None:
            raise InputError("confint needs the iid representation: call time_roc(..., iid=True)")
        level = V.probability(level, "level", low_open=True, high_open=True)
        n_sim = V.whole(n_sim, "n_sim", low=1)
        V.seed(seed)
        ok = ~np.isnan(self.auc)
        auc = self.auc[ok]
        se = self.se[ok]
        if np.any(se == 0):
            t0 = float(self.times[ok][se == 0][0])
            raise InputError(f"confint: the standard error of AUC(t={t0:g}) is 0, so the band's draws are NaN "
                             "(R's confint() stops in quantile())")
        mat = self.iid[:, ok]
        names = [f"t={_fmt_time(t)}" for t in self.times[ok]]
        cols = [f"{_fmt_pct((1 - level) / 2 * 100)}%", f"{_fmt_pct((1 - (1 - level) / 2) * 100)}%"]
        q = _qnorm(1 - (1 - level) / 2)
        ci = _r_round2(np.column_stack([auc * 100 - se * 100 * q, auc * 100 + se * 100 * q]))
        rng = RRNG(seed)
        delta = np.empty(n_sim)
        for i in range(n_sim):
            z = rng.rnorm(self.n)
            t2 = (mat * z[:, None]) / se[None, :]
            cm = (np.cumsum(t2.astype(np.longdouble), axis=0)[-1] / self.n).astype(np.float64)
            delta[i] = np.max(np.abs(cm))
        c_alpha = float(quantile(delta, [level])[0])
        cb = _r_round2(np.column_stack([auc * 100 - se * 100 * c_alpha, auc * 100 + se * 100 * c_alpha]))
        return {"CI_AUC": pd.DataFrame(ci, index=names, columns=cols),
                "CB_AUC": pd.DataFrame(cb, index=names, columns=cols), "C_alpha": c_alpha}

    def to_dict(self) -> dict:
        def arr(v):
            return [None if (isinstance(x, float) and math.isnan(x)) else float(x) for x in np.asarray(v, float)]

        return {"times": arr(self.times), "auc": arr(self.auc), "se": arr(self.se), "ci_lower": arr(self.ci_lower),
                "ci_upper": arr(self.ci_upper), "cumulative_incidence": arr(self.cumulative_incidence),
                "surv_prob": arr(self.surv_prob),
                "stats": {c: [int(v) for v in self.stats[c]] for c in self.stats.columns}, "n": int(self.n)}

    def __repr__(self) -> str:
        auc = ", ".join("NA" if math.isnan(a) else f"{a:.4f}" for a in self.auc)
        return f"TimeROC(n={self.n}, times={[float(t) for t in self.times]}, auc=[{auc}])"


def _fmt_time(t: float) -> str:
    """R's ``paste("t=", times)`` for a number (15 significant digits, no trailing zeros)."""
    s = f"{t:.15g}"
    return s


def _fmt_pct(x: float) -> str:
    return f"{x:.15g}"


def time_roc(time: ArrayLike, event: ArrayLike, marker: ArrayLike, times: ArrayLike, *, cause: int = 1,
             weighting: str = "marginal", iid: bool = True) -> TimeROC:
    """Time-dependent ROC curves and AUC(t) with inverse-probability-of-censoring weights (cumulative cases
    ``T <= t`` against dynamic controls ``T > t``), with the standard error from the iid representation.

    Parameters
    ----------
    time : array-like of float
        Follow-up times, finite and > 0.
    event : array-like of 0/1 or bool
        1 where ``time`` is an event, 0 where it is censored; at least one censored row (prodlim's reverse
        Kaplan–Meier, and so timeROC, stops on uncensored data).
    marker : array-like of float
        The marker; a larger value means a higher risk (as timeROC reads it: pass ``-marker`` otherwise).
        No missing values (timeROC silently drops rows with NA; here they are refused).
    times : array-like of float
        The times t > 0 for AUC(t), each at most the largest ``time`` (beyond it the censoring curve is NA
        and timeROC stops).  They are sorted; a single time t is computed as ``[0, t]``, as timeROC does.
    cause : int, default 1
        The event code of interest; only 1 (survival data without competing risks) is ported.
    weighting : {"marginal"}
        The censoring model: the Kaplan–Meier of the censoring (the only one with an iid representation).
    iid : bool, default True
        Compute the iid representation and the standard errors (O(n^2) memory and time; see Notes).

    Returns
    -------
    TimeROC
        ``.times, .auc, .se, .ci_lower, .ci_upper, .tp, .fp, .cumulative_incidence, .surv_prob, .stats,
        .ipcw_times, .ipcw_subject_times, .iid, .n`` and ``.confint(level, n_sim, seed)``.

    Notes
    -----
    R call: ``timeROC::timeROC(T = time, delta = event, marker = marker, cause = 1, weighting = "marginal",
    times = times, iid = TRUE)`` (timeROC 0.4.1, pec 2019.11.03's ``ipcw.marginal``, prodlim 2019.11.13).  The
    standard error is ``inference$vect_sd_1``; ``ci_lower``/``ci_upper`` are ``AUC -/+ qnorm(0.975) * se``.
    Tied times keep their input order (``order(T)``), tied markers their order by time (``order(-marker)``),
    and a control tied with a case in the marker counts one half in the iid representation, as in timeROC.
    timeROC's iid sums ``sum(t(Mathtij1) * (1 + MatInt[cases, k]))`` (one x87 running sum over all case-control
    pairs for each of the n subjects, O(n^3)) are kept in R's order while ``n x pairs <= 5e7`` per time (about
    n <= 700); above that they are summed exactly per case and rounded once (O(n^2)), which can differ from R in
    the last bit (registered as ``timeroc.iid_rounded``).

    Examples
    --------
    >>> from cmvt_core import time_roc
    >>> r = time_roc([1, 2, 3, 4, 5, 6, 7, 8], [1, 1, 0, 1, 0, 1, 1, 0], [8, 6, 7, 3, 5, 2, 4, 1], [4, 6])
    >>> r.auc.round(4).tolist(), r.se.round(4).tolist()
    ([1.0, 0.8125], [0.0, 0.2077])
    >>> r.stats["Cases"].tolist()
    [2, 3]
    """
    T = V.float_vector(time, "time", low=0, low_open=True)
    try:
        delta = V.outcome01(event, "event")
    except InputError as err:
        raise InputError(f"{err} (competing risks, event codes other than 0/1, are not ported)") from None
    m = V.float_vector(marker, "marker")
    V.same_length("time", T.shape[0], "event", delta.shape[0])
    V.same_length("time", T.shape[0], "marker", m.shape[0])
    if T.shape[0] < 2:
        raise InputError(f"time_roc needs at least 2 rows; got {T.shape[0]}")
    tt = V.float_vector(times, "times", low=0, low_open=True)
    if tt.shape[0] == 0:
        raise InputError("times is empty: choose at least one time for the time-dependent AUC")
    if np.unique(tt).shape[0] != tt.shape[0]:
        raise InputError(f"times has a repeated value ({show_dup(tt)}); give each time once")
    if np.any(tt > T.max()):
        bad = float(tt[tt > T.max()][0])
        raise InputError(f"times holds {bad:g}, beyond the largest follow-up time {T.max():g}: the censoring "
                         "Kaplan-Meier (and timeROC) is undefined there")
    if not np.any(delta == 0):
        raise InputError("event has no censored row: timeROC's censoring weights (pec's ipcw.marginal, prodlim's "
                         "reverse Kaplan-Meier) stop on uncensored data ('works only for right censored data')")
    if cause != 1 or isinstance(cause, bool):
        raise InputError(f"cause must be 1 (the event code of 0/1 survival data); got {cause!r}: competing "
                         "risks are not ported")
    V.choice(weighting, "weighting", ["marginal"])
    iid = V.flag(iid, "iid")
    delta = delta.astype(np.float64)
    n = T.shape[0]
    if iid and 56.0 * n * n > _IID_MAX_BYTES:
        raise InputError(f"iid=True keeps n-by-n matrices (about {56.0 * n * n / 2**30:.1f} GiB for n = {n}; the "
                         f"limit is {_IID_MAX_BYTES / 2**30:.0f} GiB): use iid=False for the AUC without its "
                         "standard error")
    if tt.shape[0] == 1:
        tt = np.array([0.0, tt[0]])
    tt = np.sort(tt)
    ot = np.argsort(T, kind="stable")
    T, delta, m = T[ot], delta[ot], m[ot]
    ipcw_t, ipcw_s = ipcw_marginal(T, delta, tt)
    om = np.argsort(-m, kind="stable")
    Tm, dm, mm = T[om], delta[om], m[om]
    w_all = 1.0 / (ipcw_s * n)
    w_all_m = w_all[om]
    first = np.concatenate(([True], mm[1:] != mm[:-1]))
    keep = np.concatenate((first, [True]))  # R recycles the length-n !duplicated() over the n + 1 points
    k = tt.shape[0]
    nrow = int(first.sum()) + 1
    TP = np.full((nrow, k), np.nan)
    FP = np.full((nrow, k), np.nan)
    auc = np.full(k, np.nan)
    ci = np.full(k, np.nan)
    sp = np.full(k, np.nan)
    stats = np.zeros((k, 3), dtype=np.int64)
    for j, t in enumerate(tt):
        cases = (Tm < t) & (dm == 1)
        ctrl = Tm > t
        wc = np.where(cases, w_all_m, 0.0)
        with np.errstate(divide="ignore"):  # G(t) = 0 only when nobody is left after t: R's Inf, then zeroed
            wk = np.where(ctrl, 1.0 / (ipcw_t[j] * n), 0.0)
        den_tp = r_sum(wc)
        den_fp = r_sum(wk)
        if den_tp != 0:
            TP[:, j] = (np.concatenate(([0.0], _r_cumsum(wc))) / den_tp)[keep]
        if den_fp != 0:
            FP[:, j] = (np.concatenate(([0.0], _r_cumsum(wk))) / den_fp)[keep]
        if den_tp * den_fp != 0:
            auc[j] = _aire_trap(FP[:, j], TP[:, j])
        ci[j] = den_tp
        sp[j] = den_fp
        nc, nk = int(cases.sum()), int(ctrl.sum())
        stats[j] = (nc, nk, n - nc - nk)
    se = np.full(k, np.nan)
    mat = None
    if iid:
        mat = np.full((n, k), np.nan)
        mat_int, pre, first_tied = _iid_km(T, delta)
        for j, t in enumerate(tt):
            if not math.isnan(auc[j]):
                mat[:, j] = _iid_survival(float(t), n, float(ci[j]), float(sp[j]), float(ipcw_t[j]), w_all,
                                          T, delta, m, mat_int, (pre, first_tied))
                se[j] = math.sqrt(r_var(mat[:, j])) / math.sqrt(n)
    q = _qnorm(0.975)
    names = [f"t={_fmt_time(t)}" for t in tt]
    return TimeROC(times=tt, auc=auc, se=se, ci_lower=auc - q * se, ci_upper=auc + q * se,
                   tp=pd.DataFrame(TP, columns=names), fp=pd.DataFrame(FP, columns=names),
                   cumulative_incidence=ci, surv_prob=sp,
                   stats=pd.DataFrame(stats, index=names, columns=["Cases", "survivor at t", "Censored at t"]),
                   ipcw_times=ipcw_t, ipcw_subject_times=ipcw_s, iid=mat, n=n)


def show_dup(x: np.ndarray) -> str:
    u, c = np.unique(x, return_counts=True)
    return f"{float(u[c > 1][0]):g}"

"""Bootstrap calibration and validation of a Cox fit as rms 6.5-0 computes them (``calibrate.cph`` with
``cmethod = "KM"``, ``validate.cph``), with R's random stream (``docs/R_ALGORITHMS.md``, section
"calibrate / validate for cph").

:func:`cmvt_core.calibrate` and :func:`cmvt_core.validate` send a :class:`~cmvt_core.cph.CphFit` here.

What is reproduced
------------------
``predab.resample`` draws ``sample(n, replace = TRUE)`` once per replicate (nothing else draws), exactly as
for lrm, so the rows come from :func:`cmvt_core.calibration._draw_chunks`.  Every refit is survival's
``coxfit6`` (:mod:`cmvt_core.kernels.coxph`) on the resample sorted by ``order(time)``:

* calibrate's refit is ``cph(Surv(etime, e) ~ x, surv = TRUE, time.inc = u)``: Efron ties whatever the
  original fit used (rms passes no ``method``), ``eps = 1e-4``, ``iter.max = 10``; it fails (replicate
  skipped, not counted) with fewer than 5 events or a singular design; a refit out of iterations is kept,
  as in rms.  The measure (``distance``) is ``groupkm(S0(u)^exp(xb - center), Surv, u, cuts)``'s
  ``KM - x`` per interval of predicted survival, on the resample (training) and on all rows (test).
* validate's refit is ``coxphFit`` (``method`` = the fit's ties): it fails when it is singular or needs
  ``iter >= 10`` Newton steps.  The test measures refit ``coxphFit(lp, y)`` on the original rows (slope,
  D, R2) and its loglik at slope 1 (``iter.max = 0, init = 1``, for U); Dxy is ``dxy.cens(lp, y,
  "hazard")`` from survConcordance's counts (:mod:`cmvt_core.kernels.coxph`), g is ``GiniMd``.

Sums R takes in long double (``cumsum`` in agsurv, ``mean`` in groupkm, ``sum`` in GiniMd and in the
centre) are taken in numpy's long double, the Newton loop, the Kaplan-Meier product and Greenwood's sum in
double in R's order: the tables equal rms's bit for bit on the cases tested.

The replicates run in chunks on :mod:`cmvt_core.parallel` (``n_jobs``, ``backend``), their rows drawn in
this process in R's order and their results summed in replicate order, so the tables are byte-identical
whatever the workers.  validate's chunk is one compiled, GIL-free kernel (the long-double GiniMd of all
its replicates follows at once); calibrate's replicates call compiled pieces from Python, the long-double
interval means of a whole chunk taken at once.
"""
from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field
from typing import Any

import numba
import numpy as np
import pandas as pd

from . import _validate as V
from .calibration import P_short, ValidateResult, _check_method, _run_boot
from .cph import CphFit
from .errors import InputError, RWarning
from .kernels.coxph import (agsurv_hazard, agsurv_sums, coxfit6, dense_ranks, dxy_hazard, dxy_hazard_ranked,
                            order_by_codes)
from .kernels.hmisc import gini_md_cols, gini_md_values
from .kernels.lrm_fit import matxv
from .kernels.rbase import quantile as _r_quantile
from .kernels.rbase import r_mean_groups, r_sum, seq_len_out
from .parallel import check_parallel

__all__ = ["CphCalibrateResult", "CphValidateResult"]

_EPS = 1e-4       # rms's eps (cph, coxphFit)
_TOL = 1e-9       # toler.chol (cph's tol, coxphFit's default)
_ITER_MAX = 10
_MIN_EVENTS = 5   # calibrate.cph's coxfit and distance: sum(e) < 5 -> fail / NA

# status codes of a replicate
OK, FAIL_EVENTS, FAIL_SINGULAR, FAIL_ITER, FAIL_SHORT, FAIL_TEST = 0, 1, 2, 3, 4, 5


# --------------------------------------------------------------------------------------------
# the pieces: refit, baseline survival at u, groupkm
# --------------------------------------------------------------------------------------------

def _time_codes(t: np.ndarray):
    """``order(t)`` (stable), each row's distinct time as a code 0..K-1 in time order, and K: a resample's
    ``order(time)`` is then ``order_by_codes(tcode[rows], K)``, a counting sort (ties in resample order)."""
    t_order = np.argsort(t, kind="stable")
    ts = t[t_order]
    tcode = np.empty(t.shape[0], dtype=np.int64)
    tcode[t_order] = np.concatenate(([0], np.cumsum(ts[1:] != ts[:-1])))
    return t_order, tcode, int(tcode[t_order[-1]]) + 1


def _xb(X: np.ndarray, coef: np.ndarray) -> np.ndarray:
    """``matxv(x, coef)`` = ``x %*% coef`` (no intercept) in reference-BLAS order."""
    return matxv(X, np.concatenate(([0.0], coef)))


def _surv_at_u(t: np.ndarray, e: np.ndarray, lp: np.ndarray, efron: bool, u: float,
               order: np.ndarray | None = None) -> float:
    """cph's ``surv.summary[2, 1, "Survival"]`` with ``time.inc = u``: survfit.cph's curve (agsurv,
    ``exp(-cumhaz)``) at ``max(which(c(0, time) <= u + 1e-6))``.  ``order``: ``order(t)`` if known."""
    o = np.argsort(t, kind="stable") if order is None else order
    utime, nevent, rsum, erisk = agsurv_sums(t[o], e[o].astype(np.int64), lp[o])
    nrisk = np.cumsum(rsum[::-1].astype(np.longdouble))[::-1].astype(np.float64)  # rcumsum, long double
    haz = agsurv_hazard(nevent, nrisk, erisk, efron)
    k = int(np.searchsorted(utime, u + 1e-06, side="right"))  # times <= u + 1e-6 (censored ones add 0)
    if k == 0 or not np.any(nevent[:k] > 0):
        return 1.0
    return math.exp(-float(np.cumsum(haz[:k].astype(np.longdouble))[-1]))


def _seq_has_u(maxtime: float, u: float) -> bool:
    """``length(seq(0, maxtime, by = u)) >= 2``: cph's surv.summary has a row for u."""
    return int(maxtime / u + 1e-10) >= 1


@numba.njit(cache=True, nogil=True)
def _cox_surv(s0, xb, center):
    """``s0 ^ exp(xb - center)`` with R's ``^`` (1 for s0 == 1 or a zero power, x * x for a power of 2)."""
    n = xb.shape[0]
    out = np.empty(n)
    for i in range(n):
        y = math.exp(xb[i] - center)
        if y == 2.0:
            out[i] = s0 * s0
        elif s0 == 1.0 or y == 0.0:
            out[i] = 1.0
        else:
            out[i] = math.pow(s0, y)
    return out


@numba.njit(cache=True, error_model="numpy", nogil=True)  # d / 0 is Inf, as in C
def _km_groups(code, t, e, g, u, out, o):
    """groupkm's per-interval Kaplan-Meier at u (survfitKM's product and Greenwood sum in time order):
    fills out[:, 1:5] = n, events, KM, std.err (n = events = 0 and NaN for fewer than 2 rows).  ``o`` sorts
    t ascending (any order among equal times: only counts are taken there)."""
    n = code.shape[0]
    cnt = np.zeros(g, dtype=np.int64)
    for i in range(n):
        cnt[code[i]] += 1
    start = np.zeros(g + 1, dtype=np.int64)
    for k in range(g):
        start[k + 1] = start[k] + cnt[k]
    pos = start[:g].copy()
    rows = np.empty(n, dtype=np.int64)
    for q in range(n):  # rows by group, by time within a group
        i = o[q]
        rows[pos[code[i]]] = i
        pos[code[i]] += 1
    lim = u + 1e-06
    for k in range(g):
        a = start[k]
        b = start[k + 1]
        nobs = b - a
        if nobs < 2:
            out[k, 1] = 0.0
            out[k, 2] = 0.0
            out[k, 3] = np.nan
            out[k, 4] = np.nan
            continue
        ne = 0.0
        for q in range(a, b):
            ne += e[rows[q]]
        km = 1.0
        v1 = 0.0
        km_u = 1.0   # ss[tm] with tt = c(0, time): 1 (time 0) until a time <= u + 1e-6
        se_u = 0.0
        last_t = 0.0
        last_s = 1.0
        q = a
        while q < b:
            tq = t[rows[q]]
            r = q
            d = 0.0
            while r < b and t[rows[r]] == tq:
                d += e[rows[r]]
                r += 1
            nrisk = float(b - q)
            if d > 0:
                km *= (nrisk - d) / nrisk
                v1 += d / (nrisk * (nrisk - d))
            if tq <= lim:
                km_u = km
                se_u = math.sqrt(v1)
            last_t = tq
            last_s = km
            q = r
        out[k, 1] = nobs
        out[k, 2] = ne
        if u > last_t + 1e-06 and last_s > 0:
            out[k, 3] = np.nan
            out[k, 4] = np.nan
        else:
            out[k, 3] = km_u
            out[k, 4] = se_u


@numba.njit(cache=True, nogil=True)
def _zero_small(x):
    """groupkm's ``x[abs(x) < 1e-10] <- 0``, in place."""
    for i in range(x.shape[0]):
        if abs(x[i]) < 1e-10:
            x[i] = 0.0


@numba.njit(cache=True, nogil=True)
def _half_min_gap(vals, cuts):
    """cut2's ``min.dif``: half the smallest gap between neighbours of ``sort(unique(c(x, cuts)))``, from x's
    values sorted ascending (repeats allowed) and the sorted cuts, merged."""
    nv = vals.shape[0]
    nc = cuts.shape[0]
    i = 0
    j = 0
    md = np.inf
    have = False
    prev = 0.0
    while i < nv or j < nc:
        if j >= nc or (i < nv and vals[i] <= cuts[j]):
            v = vals[i]
            i += 1
        else:
            v = cuts[j]
            j += 1
        if have and v != prev:
            d = v - prev
            if d < md:
                md = d
        prev = v
        have = True
    return md / 2


@numba.njit(cache=True)
def _cut2_breaks(lo, hi, cuts, md):
    """Hmisc's ``cut2`` breaks for x in [lo, hi]: the cuts widened to the range of x (``minmax``), each
    less ``min.dif`` but the last (``cut(x, cuts - min.dif)`` with the last cut kept)."""
    nc = cuts.shape[0]
    front = 1 if lo < cuts[0] else 0
    back = 1 if hi > cuts.max() else 0
    c = np.empty(nc + front + back)
    if front:
        c[0] = lo
    for i in range(nc):
        c[front + i] = cuts[i]
    if back:
        c[nc + front] = hi
    L = c.shape[0]
    k2 = np.empty(L)
    for i in range(L):
        k2[i] = c[i] - md
    k2[L - 1] = c[L - 1]
    return k2


@numba.njit(cache=True)
def _cut2_codes(x, cuts, md):
    """Hmisc's ``cut2(x, cuts)``: the 0-based interval of each x and the number of intervals, -1 where cut
    gives NA (``_cut2_breaks``; ``.bincode(right = TRUE, include.lowest = FALSE)``: k2[i] < x <= k2[i+1])."""
    n = x.shape[0]
    k2 = _cut2_breaks(x.min(), x.max(), cuts, md)
    code = np.searchsorted(k2, x) - 1
    g = k2.shape[0] - 1
    for i in range(n):
        if code[i] >= g:
            code[i] = -1
    return code, g


@numba.njit(cache=True, nogil=True)
def _cut2_codes_sorted(x, order, lo, hi, cuts, md):
    """``_cut2_codes`` with the breaks of x values in [lo, hi], for every x, walking ``order`` (an order
    sorting x ascending) along the breaks: the same intervals as ``searchsorted`` (the breaks below each
    x counted), in O(n + breaks).  With lo, hi (and md) of a resample's values, the codes of the resample
    are these codes of its rows."""
    n = x.shape[0]
    k2 = _cut2_breaks(lo, hi, cuts, md)
    L = k2.shape[0]
    g = L - 1
    code = np.empty(n, dtype=np.int64)
    j = 0
    for q in range(n):
        i = order[q]
        v = x[i]
        while j < L and k2[j] < v:
            j += 1
        c = j - 1
        code[i] = -1 if c >= g else c
    return code, g


def _groupkm_parts(x, t, e, cuts, u, t_order=None, x_sorted=None, coded=None):
    """``_groupkm`` without the interval means: (out with column 0 unset, x ordered by interval, bounds).
    ``coded``: (x_all, order) when x is ``x_all[rows]`` for rows given by ``coded[2]`` (or x_all itself,
    ``coded[2]`` None) and ``order`` sorts x_all: the intervals by ``_cut2_codes_sorted``."""
    x = np.array(x, dtype=np.float64)
    _zero_small(x)
    xs = np.sort(x) if x_sorted is None else x_sorted
    md = _half_min_gap(xs, cuts)
    if coded is None:
        code, g = _cut2_codes(x, cuts, md)
    else:
        x_all, order, rows = coded
        code, g = _cut2_codes_sorted(x_all, order, xs[0], xs[-1], cuts, md)
        if rows is not None:
            code = code[rows]
    if np.any(code < 0):
        raise InputError("groupkm: a predicted survival falls outside every interval of cut2 (rms fails here)")
    out = np.empty((g, 5))
    _km_groups(code, t, e, g, u, out, np.argsort(t, kind="stable") if t_order is None else t_order)
    o = order_by_codes(code, g)  # rows by interval, in their order within one
    return out, x[o], np.concatenate(([0], np.cumsum(np.bincount(code, minlength=g))))


def _groupkm(x: np.ndarray, t: np.ndarray, e: np.ndarray, cuts: np.ndarray, u: float) -> np.ndarray:
    """``rms::groupkm(x, Surv(t, e), u = u, cuts = cuts)`` -> (g, 5): x (mean prediction), n, events, KM,
    std.err, one row per interval of Hmisc's ``cut2(x, cuts)`` (``mean(x[s])``: R's long-double mean)."""
    out, xs, bounds = _groupkm_parts(x, t, e, cuts, u)
    out[:, 0] = r_mean_groups(xs, bounds)
    return out


# --------------------------------------------------------------------------------------------
# the fit and the checks at the door
# --------------------------------------------------------------------------------------------

def _parts(fit: CphFit):
    X = np.array(fit.x, dtype=np.float64, order="C")
    t = np.asarray(fit.time, dtype=np.float64)
    e = np.asarray(fit.event, dtype=np.float64)
    coef = np.asarray(fit.coef, dtype=np.float64)
    return X, t, e, coef


def _checks(fit, B, seed, method, progress, n_jobs, backend) -> int:
    fit._not_stratified("calibrate/validate")
    _check_method(method)
    check_parallel(n_jobs, backend)
    B = V.replicates(B, "B")
    V.seed(seed)
    V.flag(progress, "progress", none_ok=True)
    V.replicates(B, "B", n=fit.x.shape[0])
    if fit.x.shape[1] == 0:
        raise InputError("the cph fit has no predictors; rms's calibrate/validate need at least one")
    return B


def _failures(status: np.ndarray, names: dict) -> dict:
    out = {"n_failed": int(np.sum(status != OK))}
    for code, nm in names.items():
        out[nm] = int(np.sum(status == code))
    if out["n_failed"]:
        warnings.warn(f"Divergence or singularity in {out['n_failed']} samples", RWarning, stacklevel=5)
    return out


def _resample(task, shared, n, B, seed, n_jobs, backend, label, progress, stop_code, stop: Exception,
              reasons: dict):
    """The bootstrap of calibrate.cph / validate.cph: the replicates (``calibration._run_boot``), rms's stop
    where R errors (``stop``, its message formatted with the first such sample), the failure warning and the
    means: (training, test, n, optimism, failures)."""
    train, test, status = _run_boot(task, shared, n, B, seed, n_jobs, backend, label, progress)
    bad = np.flatnonzero(status == stop_code)
    if bad.size:
        raise type(stop)(str(stop).format(int(bad[0]) + 1))
    fails = _failures(status, reasons)
    training, test_m, num = _means(train, test, status)
    return training, test_m, num, training - test_m, fails


def _means(train: np.ndarray, test: np.ndarray, status: np.ndarray):
    """predab.resample's sums in replicate order (NA measures count 0 and are not counted)."""
    m = train.shape[1]
    tr = np.zeros(m)
    te = np.zeros(m)
    num = np.zeros(m)
    for b in np.flatnonzero(status == OK):
        a, c = train[b], test[b]
        na = np.isnan(a + c)
        num = num + ~na
        tr = tr + np.where(na, 0.0, a)
        te = te + np.where(na, 0.0, c)
    with np.errstate(invalid="ignore", divide="ignore"):
        return tr / num, te / num, num


# --------------------------------------------------------------------------------------------
# calibrate
# --------------------------------------------------------------------------------------------

_CAL_COLS = ["index_orig", "training", "test", "mean_optimism", "mean_corrected", "n", "mean_predicted", "KM",
             "KM_corrected", "std_err"]


def _calibrate_task(X, t, e, cuts, u, idx):
    """calibrate.cph's replicates for the resamples ``idx`` (one per row): training and test
    ``KM - x`` per interval, and the status of each refit."""
    B, n = idx.shape
    g = cuts.shape[0] - 1
    t_order, tcode, K = _time_codes(t)
    e_int = e.astype(np.int64)
    runs_x: list = []
    runs_b: list = []
    offset = 0
    train = np.full((B, g), np.nan)
    test = np.full((B, g), np.nan)
    status = np.zeros(B, dtype=np.int64)
    for b in range(B):
        rows = idx[b]
        tr, er = t[rows], e[rows]
        if r_sum(er) < _MIN_EVENTS:
            status[b] = FAIL_EVENTS
            continue
        # cph's coxph.fit on the resample sorted by order(time) (a counting sort), Efron, rms's control
        o = order_by_codes(tcode[rows], K)
        coef, means, _ll, _it, sing = _coxfit_sorted(X, t, e_int, rows, o, True, _ITER_MAX, 0.0)
        if sing:  # cph: "X matrix deemed to be singular" -> fail = TRUE
            status[b] = FAIL_SINGULAR
            continue
        if not _seq_has_u(float(tr[o[-1]]), u):
            status[b] = FAIL_SHORT  # rms stops: surv.summary[2, , 1] is out of bounds
            continue
        center = r_sum(coef * means)
        xb = _xb(X, coef)
        lp_r = (xb[rows] + 0.0) - center  # coxph.fit's linear.predictors of the resample
        s0 = _surv_at_u(tr, er, lp_r, True, u, o)
        cox = _cox_surv(s0, xb, center)
        _zero_small(cox)
        ocx = np.argsort(cox)  # for the sorted values only: any order among ties
        sorted_all = cox[ocx]
        present = np.zeros(n, dtype=bool)
        present[rows] = True
        ktr, xtr, btr = _groupkm_parts(cox[rows], tr, er, cuts, u, o, cox[ocx[present[ocx]]],  # sorted values
                                       (cox, ocx, rows))
        kte, xte, bte = _groupkm_parts(cox, t, e, cuts, u, t_order, sorted_all, (cox, ocx, None))
        train[b] = ktr[:, 3]  # KM now; minus the interval means below
        test[b] = kte[:, 3]
        for xs, bd in ((xtr, btr), (xte, bte)):
            runs_x.append(xs)
            runs_b.append(bd[1:] + offset)
            offset += xs.shape[0]
    # groupkm's interval means of every replicate at once (R's long-double mean per interval)
    if runs_x:
        means = r_mean_groups(np.concatenate(runs_x), np.concatenate([[0]] + runs_b)).reshape(-1, 2, g)
        ok = np.flatnonzero(status == OK)
        train[ok] -= means[:, 0]
        test[ok] -= means[:, 1]
    return train, test, status


@dataclass
class CphCalibrateResult:
    """``rms::calibrate(fit, cmethod = "KM", method = "boot", u, m, B)`` for a cph fit.

    Attributes
    ----------
    table : pandas.DataFrame
        R's matrix, one row per interval of predicted survival, columns ``index_orig, training, test,
        mean_optimism, mean_corrected, n, mean_predicted, KM, KM_corrected, std_err``.
    u : float
        The time the survival is predicted and observed at.
    m : int
        Subjects per interval asked for.
    cuts : numpy.ndarray
        The interval limits (quantiles of ``c(0, 1, predicted)``).
    predicted : numpy.ndarray
        The fit's predicted survival at u per subject (R's ``attr(cal, "predicted")``).
    B : int
        Bootstrap replicates asked for.
    n_failed : int
        Replicates whose refit failed (not counted, as in rms).
    failures : dict
        The failed replicates by reason.
    seed : int or None
        The seed (``set.seed``).
    n, d, p : int
        Subjects, events and coefficients of the fit (R's attributes, shown under ``plot(cal)``).
    """
    table: pd.DataFrame
    u: float
    m: int
    cuts: np.ndarray
    predicted: np.ndarray
    B: int
    method: str = "boot"
    n_failed: int = 0
    failures: dict = field(default_factory=dict)
    seed: Any = None
    n: int = 0
    d: int = 0
    p: int = 0

    def __str__(self) -> str:
        from . import _printing as P
        t = self.table
        return "\n".join([f"calibrate.cph (cmethod = \"KM\", u = {self.u:g}, m = {self.m}, B = {self.B})", "",
                          P.print_num_matrix(P.r_round(t.to_numpy(dtype=float), 4),
                                             [c.replace("_", ".") for c in t.columns])])

    def __repr__(self) -> str:
        return P_short(str(self))

    def to_dict(self) -> dict:
        return {"table": {c: [float(v) for v in self.table[c]] for c in self.table.columns},
                "u": float(self.u), "m": int(self.m), "cuts": [float(v) for v in self.cuts], "B": int(self.B),
                "method": self.method, "n_failed": int(self.n_failed),
                "failures": {k: int(v) for k, v in self.failures.items()},
                "seed": None if self.seed is None else int(self.seed)}


def _calibrate_cph(fit: CphFit, *, u, m: int = 150, B: int = 40, cmethod: str = "KM", seed: int | None = None,
                  method: str = "boot", progress: bool | None = None, n_jobs: int | None = None,
                  backend: str = "threads") -> CphCalibrateResult:
    """Bootstrap calibration of a cph fit at time u (``rms::calibrate``, ``cmethod = "KM"``); called by
    :func:`cmvt_core.calibrate` for a :class:`~cmvt_core.cph.CphFit` (see there)."""
    if u is None:
        raise InputError("u is required for a cph fit: the time at which survival is calibrated "
                         "(rms::calibrate(fit, u = ...))")
    u = V.number(u, "u", low=0.0, low_open=True)
    m = V.whole(m, "m", low=1)
    cmethod = V.choice(cmethod, "cmethod", ["KM"])
    B = _checks(fit, B, seed, method, progress, n_jobs, backend)
    if fit.time_inc != u:
        raise InputError(f"the fit was made with time_inc={fit.time_inc:g}, not u={u:g}: rms would predict the "
                         f"survival at time.inc while it observes it at u; refit with cph(..., time_inc={u:g})")
    if not _seq_has_u(fit.maxtime, u):
        raise InputError(f"u={u:g} is beyond the follow-up (the longest time is {fit.maxtime:g}); rms fails "
                         "with 'subscript out of bounds' here")
    X, t, e, coef = _parts(fit)
    n = X.shape[0]
    if r_sum(e) < _MIN_EVENTS:
        raise InputError(f"the fit has {int(r_sum(e))} events; calibrate.cph needs at least 5 (rms gives NA)")
    efron = fit.ties == "efron"
    s0 = _surv_at_u(t, e, fit.linear_predictors, efron, u)
    survival = _cox_surv(s0, fit.linear_predictors, 0.0)
    g = max(1, n // m)
    probs = seq_len_out(0.0, 1.0, g + 1)
    cuts = np.unique(_r_quantile(np.concatenate(([0.0, 1.0], survival)), probs, type=7))
    # index.orig: xb = matxv(x, coef) uncentred, cox = S0^exp(xb - center)
    xb = _xb(X, coef)
    cox = _cox_surv(s0, xb, fit.center)
    orig = _groupkm(cox, t, e, cuts, u)
    if np.any(orig[:, 1] == 0):
        warnings.warn("one interval had < 2 observations", RWarning, stacklevel=3)
    index_orig = orig[:, 3] - orig[:, 0]
    stop = InputError(f"bootstrap sample {{}} has no follow-up to u={u:g}; rms's calibrate stops with an error "
                      "there ('subscript out of bounds'): choose a smaller u")
    training, test_m, num, opt, fails = _resample(
        _calibrate_task, (X, t, e, cuts, u), n, B, seed, n_jobs, backend, "calibrate", progress, FAIL_SHORT, stop,
        {FAIL_EVENTS: "fewer_than_5_events", FAIL_SINGULAR: "singular"})
    table = pd.DataFrame({"index_orig": index_orig, "training": training, "test": test_m, "mean_optimism": opt,
                          "mean_corrected": index_orig - opt, "n": num, "mean_predicted": orig[:, 0],
                          "KM": orig[:, 3], "KM_corrected": orig[:, 3] - opt, "std_err": orig[:, 4]},
                         columns=_CAL_COLS)
    return CphCalibrateResult(table=table, u=u, m=m, cuts=cuts, predicted=survival, B=B, method=method,
                              n_failed=fails["n_failed"], failures=fails, seed=seed, n=n, d=int(r_sum(e)),
                              p=int(coef.shape[0]))


# --------------------------------------------------------------------------------------------
# validate
# --------------------------------------------------------------------------------------------

_VAL_ROWS = ["Dxy", "R2", "Slope", "D", "U", "Q", "g"]
_VAL_COLS = ["index_orig", "training", "test", "optimism", "index_corrected", "n"]


@numba.njit(cache=True)
def _all_equal(x):
    for i in range(1, x.shape[0]):
        if x[i] != x[0]:
            return False
    return True


@numba.njit(cache=True)
def _constant_x(out):
    """discrim when ``length(unique(x)) == 1``: Dxy 0, R2 0, Slope 1, D 0, U 0, Q 0 (g undefined in rms: NaN)."""
    for j in range(6):
        out[j] = 0.0
    out[2] = 1.0
    out[6] = np.nan


@numba.njit(cache=True, error_model="numpy")  # x / 0 is Inf or NaN, as in R
def _discrim_fit(x, t, e, ll_null, ll_fit, ordt, out):
    """validate.cph's discrim with evalfit = TRUE (the fit's own loglik, slope 1) into out[0:6]; out[6] (g)
    is left NaN for the caller (a long-double GiniMd).  Returns False when every x is the same (then rms's
    constants; no g)."""
    out[6] = np.nan
    if _all_equal(x):
        _constant_x(out)
        return False
    _discrim_measures(dxy_hazard(x, t, e, np.argsort(x), ordt), x.shape[0], ll_null, ll_fit, out)
    return True


@numba.njit(cache=True, nogil=True)
def _coxfit_sorted(X, t, e, rows, o, efron, maxiter, init):
    """coxph.fit (coxfit6, rms's control) of the rows ``rows[o]`` (o sorts t[rows] stably): (beta, means,
    loglik, iter, singular); ``init`` the start of every coefficient."""
    m = o.shape[0]
    p = X.shape[1]
    covar = np.empty((p, m))
    st = np.empty(m)
    ss = np.empty(m, dtype=np.int64)
    for k in range(m):
        r = rows[o[k]]
        st[k] = t[r]
        ss[k] = e[r]
        for j in range(p):
            covar[j, k] = X[r, j]
    beta0 = np.empty(p)
    for j in range(p):
        beta0[j] = init
    beta, means, _u, imat, loglik, _sc, it, flag = coxfit6(
        maxiter, st, ss, covar, np.zeros(m), np.ones(m), np.zeros(m, dtype=np.int64), efron, _EPS, _TOL, beta0,
        np.ones(p, dtype=np.int64))
    sing = False
    if flag < p:
        for j in range(p):
            if imat[j, j] == 0:
                sing = True
    return beta, means, loglik, it, sing


@numba.njit(cache=True, error_model="numpy")  # x / 0 is Inf or NaN, as in R
def _discrim_measures(dxy, n, ll_null, ll_fit, out):
    """discrim's Dxy, R2, Slope (1), D, U, Q into out[0:6] (evalfit = TRUE: the fit's own loglik)."""
    lr = -2 * (ll_null - ll_fit)
    ll0 = -2 * ll_null
    D = (lr - 1) / ll0
    U = -2 / ll0
    r2max = 1 - math.exp(-ll0 / n)
    out[0] = dxy
    out[1] = (1 - math.exp(-lr / n)) / r2max
    out[2] = 1.0
    out[3] = D
    out[4] = U
    out[5] = D - U


@numba.njit(cache=True, nogil=True, error_model="numpy")
def _validate_chunk(X, t, e, idx, efron, t_order, all_rows, tcode, K):
    """validate.cph's replicates for the resamples ``idx``: training and test measures (g left NaN), the
    status, the bootstrap linear predictors (for g) in row order and sorted, the resample's linear
    predictors in drawn order and sorted (one column per replicate, for the long-double sums of g down
    the columns), and the test slope.  ``tcode``: each row's distinct time (0..K-1 in time order), so
    a resample's ``order(time)`` is a counting sort; the ranks of the linear predictor over all rows serve
    both concordance counts (one sort per replicate)."""
    B, n = idx.shape
    train = np.full((B, 7), np.nan)
    test = np.full((B, 7), np.nan)
    status = np.zeros(B, dtype=np.int64)
    xbs = np.zeros((n, B))
    xbs_sorted = np.zeros((n, B))
    xtr = np.zeros((n, B))
    xtr_sorted = np.zeros((n, B))
    slopes = np.full(B, np.nan)
    gtrain = np.zeros(B, dtype=np.bool_)
    gtest = np.zeros(B, dtype=np.bool_)
    X1 = np.empty((n, 1))
    codes = np.empty(n, dtype=np.int64)
    tr = np.empty(n)
    er = np.empty(n, dtype=np.int64)
    rtr = np.empty(n, dtype=np.int64)
    cnt = np.empty(n, dtype=np.int64)
    for b in range(B):
        rows = idx[b]
        for k in range(n):
            r = rows[k]
            tr[k] = t[r]
            er[k] = e[r]
            codes[k] = tcode[r]
        o = order_by_codes(codes, K)  # order(time): stable
        coef, _m, ll, it, sing = _coxfit_sorted(X, t, e, rows, o, efron, _ITER_MAX, 0.0)
        if it >= _ITER_MAX:  # coxphFit: iter >= iter.max is a failure
            status[b] = FAIL_ITER
            continue
        if sing:
            status[b] = FAIL_SINGULAR
            continue
        cf = np.zeros(coef.shape[0] + 1)
        cf[1:] = coef
        xb = matxv(X, cf)
        ox = np.argsort(xb)
        rank, m = dense_ranks(xb, ox)
        for k in range(n):
            xbs[k, b] = xb[k]
            xbs_sorted[k, b] = xb[ox[k]]
        # training: discrim(lp[rows], y[rows]) with the fit's own loglik
        same = True
        for k in range(n):
            rtr[k] = rank[rows[k]]
            if rtr[k] != rtr[0]:
                same = False
        if same:
            _constant_x(train[b])
        else:
            _discrim_measures(dxy_hazard_ranked(tr, er, rtr, m, o), n, ll[0], ll[1], train[b])
            train[b, 6] = np.nan
            cnt[:] = 0
            for k in range(n):
                cnt[rows[k]] += 1
            q = 0
            for k in range(n):  # the resample's lp sorted: each row's lp as often as it was drawn
                r = ox[k]
                for _c in range(cnt[r]):
                    xtr_sorted[q, b] = xb[r]
                    q += 1
            for k in range(n):
                xtr[k, b] = xb[rows[k]]
            gtrain[b] = True
        # test: coxphFit(xb, y) on the original rows, and its loglik at slope 1
        out = test[b]
        out[6] = np.nan
        if m == 1:
            _constant_x(out)
            continue
        for k in range(n):
            X1[k, 0] = xb[k]
        c1, _m1, l1, it1, _s1 = _coxfit_sorted(X1, t, e, all_rows, t_order, efron, _ITER_MAX, 0.0)
        if it1 >= _ITER_MAX:
            status[b] = FAIL_TEST
            continue
        lf = _coxfit_sorted(X1, t, e, all_rows, t_order, efron, 0, 1.0)[2]
        lr = -2 * (l1[0] - l1[1])
        ll0 = -2 * l1[0]
        slope = c1[0]
        D = (lr - 1) / ll0
        r2max = 1 - math.exp(-ll0 / n)
        out[0] = dxy_hazard_ranked(t, e, rank, m, t_order)
        out[1] = (1 - math.exp(-lr / n)) / r2max
        out[2] = slope
        out[3] = D
        out[4] = -2 * (lf[1] - l1[1]) / ll0
        out[5] = D - out[4]
        slopes[b] = slope
        gtest[b] = True
    return train, test, status, xbs, xbs_sorted, xtr, xtr_sorted, slopes, gtrain, gtest


def _validate_task(X, t, e, efron, idx):
    e_int = e.astype(np.int64)
    n = t.shape[0]
    t_order, tcode, K = _time_codes(t)  # t_order: the original rows' order(time), for every test refit
    train, test, status, xbs, xbs_sorted, xtr, xtr_sorted, slopes, gtrain, gtest = _validate_chunk(
        X, t, e_int, idx, efron, t_order, np.arange(n, dtype=np.int64), tcode, K)
    # g = GiniMd(x) (training: the resample's lp) and GiniMd(slope * lp) (test), long double, all at once
    ok = status == OK
    tr_rows = np.flatnonzero(ok & gtrain)
    if tr_rows.size:
        train[tr_rows, 6] = gini_md_cols(xtr[:, tr_rows], xtr_sorted[:, tr_rows])
    te_rows = np.flatnonzero(ok & gtest)
    if te_rows.size:
        sl = slopes[te_rows]
        srt = sl * xbs_sorted[:, te_rows]  # slope * x keeps x's order (slope > 0) or reverses it (slope < 0)
        srt[:, sl < 0] = srt[::-1][:, sl < 0]
        odd = np.flatnonzero(~(sl != 0) | ~np.isfinite(sl))  # 0 or not finite: sort afresh
        M = sl * xbs[:, te_rows]
        srt[:, odd] = np.sort(M[:, odd], axis=0)
        test[te_rows, 6] = gini_md_cols(M, srt)
    return train, test, status


@dataclass
class CphValidateResult(ValidateResult):
    """``rms::validate(fit, method = "boot", B)`` for a cph fit: a :class:`~cmvt_core.calibration.ValidateResult`
    whose table has rms's rows for a Cox model (Dxy, R2, Slope, D, U, Q, g), with the C-index beside Dxy.

    Attributes
    ----------
    table : pandas.DataFrame
        Rows Dxy, R2, Slope, D, U, Q, g; columns index_orig, training, test, optimism, index_corrected, n.
    B, method, n_failed, failures, seed
        As :class:`~cmvt_core.calibration.ValidateResult` (failures by reason: nonconvergence, singular).
    """

    @property
    def c_index_corrected(self) -> float:
        """The optimism-corrected C-index, ``(Dxy_corrected + 1) / 2`` (Dxy = 2 (C - 1/2), as rms)."""
        return (float(self.table.loc["Dxy", "index_corrected"]) + 1) / 2

    @property
    def c_index_orig(self) -> float:
        """The apparent C-index, ``(Dxy_orig + 1) / 2``."""
        return (float(self.table.loc["Dxy", "index_orig"]) + 1) / 2

    def to_dict(self) -> dict:
        return {**super().to_dict(), "c_index_corrected": self.c_index_corrected, "c_index_orig": self.c_index_orig}


def _validate_cph(fit: CphFit, *, B: int = 40, seed: int | None = None, method: str = "boot",
                 progress: bool | None = None, n_jobs: int | None = None,
                 backend: str = "threads") -> CphValidateResult:
    """Bootstrap validation of a cph fit (``rms::validate``); called by :func:`cmvt_core.validate` for a
    :class:`~cmvt_core.cph.CphFit` (see there)."""
    B = _checks(fit, B, seed, method, progress, n_jobs, backend)
    X, t, e, coef = _parts(fit)
    n = X.shape[0]
    efron = fit.ties == "efron"
    xb = _xb(X, coef)
    index_orig = np.empty(7)
    if _discrim_fit(xb, t, e.astype(np.int64), fit.loglik[0], fit.loglik[1], np.argsort(t, kind="stable"),
                    index_orig):
        index_orig[6] = gini_md_values(xb)
    stop = RuntimeError("bootstrap sample {}: the test refit coxphFit(lp, y) failed on the original rows; rms's "
                        "validate stops with 'fit failure in discrim,coxphFit' here too")
    training, test_m, num, opt, fails = _resample(
        _validate_task, (X, t, e, efron), n, B, seed, n_jobs, backend, "validate", progress, FAIL_TEST, stop,
        {FAIL_ITER: "nonconvergence", FAIL_SINGULAR: "singular"})
    z = np.column_stack([index_orig, training, test_m, opt, index_orig - opt, num])
    table = pd.DataFrame(z, index=_VAL_ROWS, columns=_VAL_COLS)
    return CphValidateResult(table=table, B=B, method=method, n_failed=fails["n_failed"], failures=fails,
                             seed=seed)

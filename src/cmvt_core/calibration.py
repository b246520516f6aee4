"""Bootstrap calibration and internal validation as rms 6.5-0 computes them, with R's random stream.

``calibrate(fit, B=, seed=)`` equals ``set.seed(seed); rms::calibrate(fit, method="boot", B=B)``
and ``validate(fit, B=, seed=)`` equals ``set.seed(seed); rms::validate(fit, method="boot", B=B)``
for an ``lrm`` fit (``docs/R_ALGORITHMS.md`` section 5).  Also here: ``somers2`` and ``gini_md``
(Hmisc), ``external_calibration`` for a fitted model applied to a new cohort, which rms has no
function for, and ``lowess`` re-exported from :mod:`cmvt_core.lowess`.

How the bootstrap is reproduced
-------------------------------
``predab.resample`` draws ``sample(n, replace=TRUE)`` once per replicate, in order, and nothing
else touches the random stream; the B samples are therefore the first ``B*n`` draws of
``sample.int(n, n*B, TRUE)``, taken from :class:`cmvt_core.rrandom.RRNG`.  Each replicate refits
the model with rms's Fortran ``lrmfit`` Newton loop, ``kernels.lrm_fit`` (start at logit(mean y), step
halving, stop one Newton step after ``|change in -2 log L| <= 0.025``, at most 11 passes,
LINPACK ``dqrdc2`` QR solve with the singularity tolerance: ``1e-13`` in calibrate's refits,
``1e-12`` in validate's, predab.resample's ``tol``).  A refit that fails (singular information matrix or no convergence) is
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
smoother forms its weighted fit from one pass of five SIMD sums (``kernels.lowess.clowess`` with
``fused=True``).  log L itself and the linear
predictors are formed in R's order.  Against rms the tables agree to about 1e-15 (the issue's
bound is 1e-8); the Newton iterates, step halvings, convergence and failure decisions are R's.
``kernels.lrm_fit.newton`` with ``lanes=False`` is the sequential, R-order version (``lrm``'s own fit).

The same bytes on any CPU (issue 16).  No kernel is compiled with ``fastmath``: the SIMD sums
are ``kernels.lanes.dot`` and ``kernels.lanes.window_sums``, whose order (interleaved partial sums over lanes
of a fixed width, added in a fixed tree) is written out in the module ``kernels.lanes`` and does not
depend on the vector width of the CPU, and LLVM fuses no multiply with an add.  The numbers are
therefore the same whether numba compiles the kernels for this machine or a generic x86-64
(``tests/api/test_cpu_targets.py``).
"""
from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

import numba
import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from . import _validate as V
from . import logistic as _logistic  # noqa: F401  (registers the lrm_example docstring piece)
from ._docs import fill_doc, register
from .errors import InputError, RWarning
from .kernels.rbase import approx as _r_approx
from .kernels.rbase import quantile as _r_quantile
from .kernels.plogis import plogis as _plogis
from .kernels.rbase import approx1, r_mean, seq_by, seq_len_out
from ._progress import Progress
from .parallel import Executor, check_parallel, chunk_bounds, ordered_results, resolve_jobs
from .rrandom import RRNG
from .kernels import lrm_fit as K
from .kernels.lowess import argsort_stable as _argsort_stable
from .kernels.lowess import clowess
from .kernels.lrm_fit import matxv
from .logistic import lrm_fit as _lrm_fit_raw
from .lowess import Lowess, lowess
from .kernels.hmisc import _gini_sorted, _somers_dxy_sorted, gini_md  # Hmisc, written once

if TYPE_CHECKING:
    from .calibration_cph import CphCalibrateResult, CphValidateResult
    from .cph import CphFit
    from .logistic import LrmFit

__all__ = ["calibrate", "validate", "external_calibration", "CalibrateResult", "ValidateResult",
           "ExternalCalibration"]

register(
    # the arguments calibrate and validate share (with n_jobs and backend from cmvt_core.parallel)
    boot_fit="""
        fit : LrmFit or CphFit
            A :func:`cmvt_core.lrm` fit, or a :func:`cmvt_core.cph` fit (rms's ``calibrate.cph`` /
            ``validate.cph``; :mod:`cmvt_core.calibration_cph`).
        B : int, default 40
            The number of bootstrap replicates (1..100 000).
        seed : int or None, default None
            ``set.seed(seed)`` before the replicates are drawn.
        method : {"boot"}, default "boot"
            Only rms's bootstrap is ported.
    """,
    boot_bw="""
        bw : bool, default False
            Backwards step-down (:func:`cmvt_core.fastbw`) of the original model and, with the same settings,
            in every replicate before its reduced refit, as rms's ``bw = TRUE``.
        rule : {"aic", "p"}, default "aic"
            fastbw's stopping rule (with ``bw``).
        type : {"residual", "individual"}, default "residual"
            fastbw's test (with ``bw``).
        sls : float, default 0.05
            fastbw's significance level for staying (``rule="p"``), in (0, 1).
        aics : float, default 0
            fastbw's AIC cut-off (``rule="aic"``).
    """,
)

# --------------------------------------------------------------------------------------------
# approx (linear, rule = 1) on sorted x, numba versions for the bootstrap kernels
# --------------------------------------------------------------------------------------------


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


_ZERO = np.int64(0)  # typed, not a literal (one compilation of the callee)


@numba.njit(cache=True)
def _cal_error_sorted(xs, yo, predy, out, ys):
    """calibrate's ``cal.error`` for lrm given the probabilities sorted (stably, as R's ``order``)
    with their outcomes: lowess(px, y, iter=0), approx(ties = first) at predy.  Writes
    ``cal - predy`` into ``out`` (NaN outside the range of px); overwrites xs and yo."""
    n = xs.shape[0]
    delta = 0.01 * (xs[n - 1] - xs[0])
    nothing = np.empty(0)  # clowess's scratch, untouched by the fused iter = 0 smoother
    clowess(xs, yo, 2.0 / 3.0, _ZERO, delta, ys, nothing, nothing, K.TRUE)  # iter = 0, the fused fits
    # regularize.values with ties = function(x) x[1]: keep the first of each run of equal x
    m = np.int64(0)  # not a literal (see kernels.lowess.clowess)
    for k in range(n):
        if k == 0 or xs[k] != xs[k - 1]:
            xs[m] = xs[k]
            yo[m] = ys[k]
            m += 1
    for g in range(predy.shape[0]):
        if m < 2:
            out[g] = np.nan
        else:
            out[g] = approx1(predy[g], xs, yo, m, np.nan, np.nan) - predy[g]


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
        XaT, yg, wt = K.gather_counts(X, y, rows)  # distinct rows with their multiplicities
        st, L0, L = K.fit_counts(XaT, yg, wt, K.MAXIT, 0.025, tol, beta, K.TRUE, K.FALSE)
        status[b] = st
        if st != K.OK:
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
def _validate_chunk(X, y, idx, tol):
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
        XaT, yg, wt = K.gather_counts(X, y, rows)  # distinct rows with their multiplicities
        st, L0, L = K.fit_counts(XaT, yg, wt, K.MAXIT, 0.025, tol, beta, K.TRUE, K.TRUE)
        status[b] = st
        if st != K.OK:
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
        st2, L02, L2 = K.fit_counts(XrT, y, ones, K.MAXIT, 0.025, 1e-13, br, K.TRUE, K.TRUE)
        if st2 != K.OK:
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
    # predab.resample passes its tol = 1e-12 to validate.lrm's lrmfit (whose own default, 1e-7, is unused)
    return _validate_chunk(X, y, idx, _PREDAB_TOL)


@numba.njit(cache=True)
def _accumulate(train, test, status):
    """predab.resample's sums, in replicate order: NA (NaN) measures count 0 and are not counted."""
    B, m = train.shape
    tr = np.zeros(m)
    te = np.zeros(m)
    num = np.zeros(m)
    for b in range(B):
        if status[b] != K.OK:
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


def _is_cph(fit) -> bool:
    from .cph import CphFit
    return isinstance(fit, CphFit)


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


# a chunk of replicates holds at most about this many drawn rows (bounds memory; lazily drawn), and so
# takes a fraction of a second: Ctrl-C is seen between chunks (a compiled chunk cannot be interrupted);
# the results do not depend on the chunking
_CHUNK_ROWS = 100_000


def _draw_chunks(n: int, B: int, seed, bounds):
    """The replicates' rows, chunk by chunk, from one R stream in R's order: the B bootstrap samples
    predab.resample draws (sample(n, replace=TRUE) per replicate, 0-based), split at ``bounds``."""
    rng = RRNG(seed)
    for lo, hi in bounds:
        yield rng.unif_index(n, n * (hi - lo)).reshape(hi - lo, n)  # sample(n, replace = TRUE) - 1


def _run_chunks(task, shared, n: int, B: int, seed, n_jobs, backend, label: str, progress: bool | None) -> list:
    """Draw the B resamples in R's order and evaluate them in chunks of consecutive replicates on
    ``cmvt_core.parallel``'s pool; returns the chunks' results in replicate order (each a tuple whose third
    item is the chunk's status array).  ``progress`` (``cmvt_core._progress``) advances a bar by each chunk's
    replicates as the chunk is collected."""
    n_jobs, backend = resolve_jobs(n_jobs, backend, B * n)  # the one parallel setting (cmvt_core.parallel)
    RRNG(seed)  # a bad seed fails here, before any pool starts
    with Executor(n_jobs, backend) as ex, Progress(progress, B, f"{label}: bootstrap") as bar:
        workers = max(1, ex.n)
        size = max(1, min(-(-B // (4 * workers)) if not ex.serial else B, _CHUNK_ROWS // max(n, 1)))
        if bar.shown:  # about 20 steps (the results do not depend on the chunking)
            size = min(size, max(1, B // 20))
        bounds = chunk_bounds(B, -(-B // size))
        return ordered_results(ex, task, shared, _draw_chunks(n, B, seed, bounds),
                               on_result=(lambda part: bar.update(part[2].shape[0])) if bar.shown else None)


def _run_boot(task, shared, n: int, B: int, seed, n_jobs, backend, label: str, progress: bool | None):
    """``_run_chunks`` of a task returning (train, test, status) per chunk: the three, in replicate order."""
    parts = _run_chunks(task, shared, n, B, seed, n_jobs, backend, label, progress)
    return (np.concatenate([p[0] for p in parts], axis=0), np.concatenate([p[1] for p in parts], axis=0),
            np.concatenate([p[2] for p in parts]))


def _failure_warning(status: np.ndarray, B: int) -> dict:
    failed = int(np.sum(status != K.OK))
    reasons = {"singular": int(np.sum(status == K.FAIL_SINGULAR)),
               "nonconvergence": int(np.sum(status == K.FAIL_CONV))}
    one = int(np.sum(status == K.FAIL_ONE_CLASS))
    if one:
        raise InputError(f"{one} bootstrap sample(s) hold only one outcome class; rms stops here ('A training "
                         "sample has a different number of intercepts'): the outcome is too rare for this n")
    if failed:
        warnings.warn(f"Divergence or singularity in {failed} samples", RWarning, stacklevel=3)
    return {"n_failed": failed, **reasons}


def _optimism(train: np.ndarray, test: np.ndarray, status: np.ndarray):
    """predab.resample's means over the successful replicates: (training, test, optimism, n)."""
    tr, te, num = _accumulate(train, test, status)
    with np.errstate(invalid="ignore", divide="ignore"):
        training = tr / num
        test_m = te / num
    return training, test_m, training - test_m, num


# --------------------------------------------------------------------------------------------
# bw=True: backwards step-down (rms::fastbw) of the original model and in every replicate
# --------------------------------------------------------------------------------------------

_PREDAB_TOL = 1e-12  # predab.resample's tol: fastbw's eps, and validate's refits (lrmfit(tol = tol))


def _bw_args(bw, rule, type, sls, aics):  # noqa: A002
    V.flag(bw, "bw")
    from .fastbw import _check
    return _check(rule, type, sls, aics)


class _BwRun(NamedTuple):
    fbw: Any                 # FastbwResult of the original model
    xcol: np.ndarray         # 0-based design columns kept in the original model
    train: np.ndarray
    test: np.ndarray
    status: np.ndarray
    kept: pd.DataFrame       # rms's attr(v, "kept")


def _xcol(parms_kept: list[int]) -> np.ndarray:
    """predab's x.index(col.kept, 1): the kept parameters minus the intercept, as 0-based x columns."""
    return np.array([p - 2 for p in parms_kept if p > 1], dtype=np.int64)


# per-replicate outcome of a bw chunk that rms turns into an error (raised by the caller in replicate order)
_BW_ONE_CLASS = 1      # a resample with one outcome class: rms stops ("A training sample has ...")
_BW_FASTBW_STOP = 2    # fastbw's solvet stops on the resample's fit
_BW_NULL_CAL = 3       # calibrate: the step-down deleted every factor (rms stops in approx())


def _bw_chunk(X, y, strt, lens, ns, rule, type, sls, aics, kind, predy, idx):  # noqa: A002
    """bw = TRUE replicates for the rows ``idx`` (one resample per row), one after another: the full refit
    (lrm.fit on the resample, R's order of sums), fastbw of it, then the refit on the kept columns with its
    measures (the same kernels as bw = FALSE; replicates with the same kept columns together).  A replicate
    depends on its rows only, so chunks run anywhere (``cmvt_core.parallel``).  Returns (train, test, status,
    marked, kept, errors, messages): ``kept[k]`` rms's factors.kept of replicate k as bools (``marked[k]``:
    fastbw ran), ``errors[k]`` one of the ``_BW_*`` codes (0: none), ``messages`` fastbw's stop per replicate."""
    from .fastbw import fastbw_arrays

    nb, n = idx.shape
    fit_tol = _PREDAB_TOL if kind == "validate" else 1e-13
    ng = 10 if kind == "validate" else predy.shape[0]
    train = np.full((nb, ng), np.nan)
    test = np.full((nb, ng), np.nan)
    status = np.full(nb, K.FAIL_CONV, dtype=np.int64)
    marked = np.zeros(nb, dtype=bool)
    kept = np.zeros((nb, len(strt)), dtype=bool)
    errors = np.zeros(nb, dtype=np.int64)
    messages: dict[int, str] = {}
    groups: dict[tuple, list[int]] = {}
    for k in range(nb):
        rows = idx[k]
        yr = y[rows]
        if yr.min() == yr.max():
            errors[k] = _BW_ONE_CLASS
            continue
        f = _lrm_fit_raw(X[rows], yr, tol=fit_tol)
        if f.fail or f.status == "singular":
            status[k] = K.FAIL_SINGULAR if f.status == "singular" else K.FAIL_CONV
            continue
        try:
            ri = fastbw_arrays(f.coef, f.var, strt, lens, ns, rule, type, sls, aics, eps=_PREDAB_TOL)
        except ArithmeticError as e:
            errors[k] = _BW_FASTBW_STOP
            messages[k] = str(e)
            continue
        marked[k] = True
        for fk in ri["factors_kept"]:
            kept[k, fk - 1] = True
        groups.setdefault(tuple(_xcol(ri["parms_kept"])), []).append(k)
        status[k] = -1  # decided below
    for cols, members in groups.items():
        sub = np.ascontiguousarray(idx[members])
        if len(cols) == 0:
            if kind != "validate":
                errors[members] = _BW_NULL_CAL
                continue
            tr, te, st = _null_model_measures(X, y, sub, kind, predy)
        else:
            Xk = np.ascontiguousarray(X[:, list(cols)])
            if kind == "validate":
                tr, te, st = _validate_chunk(Xk, y, sub, _PREDAB_TOL)  # lrmfit(tol = predab's tol)
            else:
                tr, te, st = _calibrate_chunk(Xk, y, sub, predy, 1e-13)
        for j, k in enumerate(members):
            train[k], test[k], status[k] = tr[j], te[j], st[j]
    return train, test, status, marked, kept, errors, messages


def _bw_boot(fit, fp: _FitParts, B: int, seed, rule, type, sls, aics, kind: str, predy=None,  # noqa: A002
             n_jobs=None, backend="threads", progress=None) -> _BwRun:
    """predab.resample with bw = TRUE for lrm: fastbw of the original fit, then the replicates
    (``_bw_chunk``) drawn in R's order and spread over ``n_jobs`` / ``backend`` as with bw = FALSE
    (``_run_chunks``), combined in replicate order.  The errors rms stops on are raised here for the first
    replicate that has one (a one-class resample, fastbw's stop), then calibrate's deleted-every-factor
    stop, as a serial loop raises them.  rms's kept matrix: the row of the next successful replicate is
    marked also by a replicate whose reduced refit failed (varin[j + 1, ...] is set before the refit), as in
    rms."""
    from .fastbw import _factors, _result, fastbw_arrays

    fnames, strt, lens, ns, b0, V0, names = _factors(fit)
    r0 = fastbw_arrays(b0, V0, strt, lens, ns, rule, type, sls, aics, eps=_PREDAB_TOL)
    fbw = _result(r0, fnames, names, ns, rule, type, sls, aics)
    X, y = fp.X, fp.y
    n = X.shape[0]
    shared = (X, y, list(strt), list(lens), ns, rule, type, sls, aics, kind,
              None if predy is None else np.ascontiguousarray(predy))
    parts = _run_chunks(_bw_chunk, shared, n, B, seed, n_jobs, backend, kind, progress)
    train, test, status, marked, kept = (np.concatenate([p[i] for p in parts], axis=0) for i in range(5))
    errors = np.concatenate([p[5] for p in parts])
    messages: dict[int, str] = {}
    lo = 0
    for p in parts:
        messages.update({lo + k: m for k, m in p[6].items()})
        lo += p[2].shape[0]
    stop = np.flatnonzero((errors == _BW_ONE_CLASS) | (errors == _BW_FASTBW_STOP))
    if stop.size:
        i = int(stop[0])
        if errors[i] == _BW_ONE_CLASS:
            raise InputError("a bootstrap sample holds only one outcome class; rms stops here ('A training sample "
                             "has a different number of intercepts'): the outcome is too rare for this n")
        raise RuntimeError(f"bootstrap sample {i + 1}: fastbw stops ({messages[i]}); rms's {kind} stops here too")
    if np.any(errors == _BW_NULL_CAL):
        # cal.error: approx() of a lowess over one distinct x stops R ("need at least two non-NA values")
        raise RuntimeError("a bootstrap step-down deleted every factor: rms's calibrate stops in approx() "
                           "('need at least two non-NA values to interpolate')")
    # rms's varin: varin[j + 1, factors.kept] <- TRUE right after fastbw, j counting the successes so far, so a
    # replicate whose reduced refit fails marks the row of the next success too
    varin = np.zeros((B, len(fnames)), dtype=bool)
    j = 0
    for i in range(B):
        if marked[i]:
            varin[j] |= kept[i]
        if status[i] == K.OK:
            j += 1
    kept_df = pd.DataFrame(varin[:j], columns=fnames)
    return _BwRun(fbw, _xcol(r0["parms_kept"]), train, test, status, kept_df)


def _null_model_measures(X, y, idx, kind, predy):
    """The measures of replicates whose step-down deleted every factor: predab refits lrm.fit on no columns
    (the intercept-only model, coefficient logit(mean y), no iterations) and its linear predictor is that
    constant (validate only: calibrate stops there, as rms)."""
    from .logistic import lrm_fit as _lrm_fit_raw
    nb, n = idx.shape
    ng = 10 if kind == "validate" else predy.shape[0]
    train = np.full((nb, ng), np.nan)
    test = np.full((nb, ng), np.nan)
    status = np.full(nb, K.OK, dtype=np.int64)
    yf = y.astype(np.float64)
    orig0 = _lrm_fit_raw(np.zeros((n, 0)), y)  # lrm.fit(y = y) on the original rows (test's refit)
    for k in range(nb):
        rows = idx[k]
        f = _lrm_fit_raw(np.zeros((n, 0)), y[rows])
        st = f.stats
        xb = np.full(n, float(f.coef[0]))
        train[k] = _discrim_apparent(xb[rows], y[rows], float(st["Model L.R."]), float(st["R2"]), float(st["g"]),
                                     float(st["gp"]), float(st["Obs"]))
        x = xb
        a = float(orig0.coef[0])
        L01 = -2.0 * float(np.sum(yf * x - np.log(1.0 + np.exp(x))))
        D = (float(orig0.stats["Model L.R."]) - 1.0) / n
        U = (L01 - float(orig0.deviance[1]) - 2.0) / n
        g = gini_md(1.0 * x)
        gp = gini_md(1.0 / (1.0 + np.exp(-(a + 1.0 * x))))
        test[k] = [0.0, float(orig0.stats["R2"]), a, 1.0, D, U, D - U, _brier(y, x), g, gp]
    return train, test, status


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
    """``rms::calibrate(fit, method="boot", B)`` for an lrm fit, with what ``plot(cal)`` prints.

    Attributes
    ----------
    table : pandas.DataFrame
        rms's calibrate table (``predy``, ``calibrated_orig``, ``calibrated_corrected``, ..., ``n``).
    mean_abs_error, mean_sq_error, quantile90_abs_error : float
        The figures ``plot(cal)`` prints, unrounded.
    n : int
        The "n=" of the printout (every prediction).
    err : numpy.ndarray
        Predicted minus bias-corrected calibrated risk per observation (NaN off the grid).
    predicted : numpy.ndarray
        The fit's predicted risks.
    B : int
        Bootstrap replicates asked for.
    method : str
        ``"boot"``.
    n_failed : int
        Replicates whose refit failed (R's "Divergence or singularity in k samples").
    failures : dict
        The failed replicates by reason.
    seed : int or None
        The seed (``set.seed``).
    fastbw : FastbwResult or None
        With ``bw``: the step-down of the original model.
    """
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
    fastbw: Any = None

    @property
    def predy(self) -> np.ndarray:
        return self.table["predy"].to_numpy()

    def summary_line(self) -> str:
        """The lines ``plot(cal)`` prints (rounded as rms rounds them)."""
        return (f"n={self.n}   Mean absolute error={_rfmt(round(self.mean_abs_error, 3))}   Mean squared error="
                f"{_rfmt(round(self.mean_sq_error, 5))}\n0.9 Quantile of absolute error="
                f"{_rfmt(round(self.quantile90_abs_error, 3))}")

    def _text(self, rows: int | None = None) -> str:
        from . import _printing as P
        cols = [c.replace("_", ".") for c in self.table.columns]
        body = P.print_num_matrix(self.table.to_numpy(dtype=float), cols)
        if rows is not None:
            body = "\n".join(P.head_tail(body.split("\n"), rows))
        return "\n".join(["", f"Estimates of Calibration Accuracy by {self.method} (B={self.B})", "",
                          f'calibrate.default(fit = fit, method = "{self.method}", B = {self.B})', "",
                          "Prediction of Pr{y=1} ", "", "", self.summary_line(), "", body])

    def __str__(self) -> str:
        """``rms:::print.calibrate.default(cal)``: the header, plot(cal)'s error line and the matrix."""
        return self._text()

    def __repr__(self) -> str:
        return P_short(self._text(rows=4))

    def _repr_html_(self) -> str:
        from . import _printing as P
        t = self.table
        cols = [P.format_num(t[c].to_numpy(dtype=float), 4) for c in t.columns]
        return P.html_block(f"rms::calibrate (method={self.method}, B={self.B})",
                            P.html_pre(self.summary_line()),
                            P.html_table(cols, [c.replace("_", ".") for c in t.columns], list(range(1, len(t) + 1))))

    def to_dict(self) -> dict:
        return {"table": {c: [float(v) for v in self.table[c]] for c in self.table.columns},
                "mean_abs_error": float(self.mean_abs_error), "mean_sq_error": float(self.mean_sq_error),
                "quantile90_abs_error": float(self.quantile90_abs_error), "n": int(self.n), "B": int(self.B),
                "method": self.method, "n_failed": int(self.n_failed),
                "failures": {k: int(v) for k, v in self.failures.items()},
                "seed": None if self.seed is None else int(self.seed)}


def P_short(text: str) -> str:  # noqa: N802  (the repr of every result here: below 2,000 characters)
    from ._printing import short
    return short(text)


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


def _no_bw_for_cph(bw) -> None:
    """bw=True (fastbw in every replicate) is ported for lrm fits only: refuse it for a cph fit, not ignore it."""
    if bw is not False and bw is not None and bw != 0:
        raise InputError("bw=True (backward step-down in every replicate) is ported for lrm fits only, "
                         f"not for a cph fit; got bw={bw!r}")


@fill_doc
def calibrate(fit: LrmFit | CphFit, *, B: int = 40, seed: int | None = None, method: Literal["boot"] = "boot",
              bw: bool = False, rule: Literal["aic", "p"] = "aic",
              type: Literal["residual", "individual"] = "residual", sls: float = 0.05,  # noqa: A002
              aics: float = 0.0,
              predy: ArrayLike | None = None, progress: bool | None = None, n_jobs: int | None = None,
              backend: Literal["threads", "processes", "dask"] = "threads", u: float | None = None,
              m: int = 150, cmethod: Literal["KM"] = "KM") -> CalibrateResult | CphCalibrateResult:
    """Bootstrap bias-corrected calibration curve of an lrm fit, as ``rms::calibrate``.

    ``fit`` is a :func:`cmvt_core.lrm` fit (it keeps its design matrix and outcome, as rms's
    ``x=TRUE, y=TRUE``).  The table's columns are rms's with dots as underscores; the error
    figures are those ``plot(cal)`` prints, unrounded.  ``progress=None`` shows a bar only in an
    interactive session (a terminal or a notebook).

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

    Parameters
    ----------
    {{boot_fit}}
    {{boot_bw}}
    predy : array_like or None, default None
        lrm only.  The grid of predicted probabilities; None is rms's 50 points from the 5th smallest to the
        5th largest prediction.
    {{progress}}
    {{n_jobs}}
    {{backend}}
    u : float or None, default None
        cph only, required there: the time at which predicted and observed survival are compared.  The
        fit must have been made with ``cph(..., time_inc=u)`` (rms predicts at ``time.inc``).
    m : int, default 150
        cph only: subjects per interval of predicted survival (``floor(n / m)`` intervals, cut at the
        quantiles of ``c(0, 1, predicted)``).
    cmethod : {"KM"}, default "KM"
        cph only: Kaplan-Meier estimates per interval (rms's ``"hare"`` is not ported; note rms's own
        default is ``"hare"``).

    Returns
    -------
    CalibrateResult or CphCalibrateResult
        lrm: ``table`` (predy, calibrated_orig, calibrated_corrected, optimism, ...), ``mean_abs_error``,
        ``mean_sq_error``, ``quantile90_abs_error``, ``n``, ``err``, ``predicted``, ``B``, ``n_failed``.
        cph: ``table`` with R's columns (index_orig, training, test, mean_optimism, mean_corrected, n,
        mean_predicted, KM, KM_corrected, std_err), one row per interval; ``predicted``, ``cuts``, ``u``,
        ``m``, ``B``, ``n_failed``, ``failures``.

    Raises
    ------
    InputError
        For a fit that is neither an lrm nor a cph fit, a bad B/seed/predy/method/u/m; for a cph fit a u
        that is not the fit's ``time_inc``, beyond the follow-up, or beyond a bootstrap sample's longest
        time (rms stops with an error there); or bounds exceeded.

    Warns
    -----
    RWarning
        "Divergence or singularity in k samples" when refits fail (they are skipped, as rms skips them).

    Notes
    -----
    R call: ``set.seed(seed); rms::calibrate(fit, method = "boot", B = B)`` (rms 6.5-0, fit from
    ``lrm(..., x = TRUE, y = TRUE)``); the error figures are those ``plot(cal)`` prints.  With ``bw=True``:
    ``rms::calibrate(fit, B = B, bw = TRUE, rule = rule, type = type, sls = sls, aics = aics)``, the
    step-down as in :func:`validate` (``.fastbw`` holds the original model's); rms keeps no per-replicate
    factors for calibrate.  A replicate that deletes every factor makes rms stop in ``approx()``; here a
    ``RuntimeError`` says so.  The bw replicates are spread over ``n_jobs`` / ``backend`` as the others are
    (drawn first in R's order, chunked, combined in order: the same bytes for any setting).
    For a cph fit:
    ``set.seed(seed); rms::calibrate(fit, cmethod = "KM", method = "boot", u = u, m = m, B = B)`` with
    ``fit <- cph(..., x = TRUE, y = TRUE, surv = TRUE, time.inc = u)``.  rms refits every resample with
    ``cph(Surv(etime, e) ~ x, surv = TRUE, time.inc = u)``, i.e. with Efron ties whatever the fit used, and
    skips resamples with fewer than 5 events or a singular design; both are reproduced
    (``docs/R_ALGORITHMS.md``, "calibrate / validate for cph").

    Examples
    --------
    {{lrm_example}}
    >>> from cmvt_core import calibrate
    >>> cal = calibrate(fit, B=20, seed=1)
    >>> cal.n, cal.B, round(cal.mean_abs_error, 4)
    (319, 20, 0.0323)

    A Cox model, calibrated at one year:

    >>> from cmvt_core import cph
    >>> from cmvt_core.datasets import load_survival
    >>> lung = load_survival("lung").dropna(subset=["age", "sex", "ph.ecog"])
    >>> cfit = cph(lung[["age", "sex", "ph.ecog"]], lung["time"], lung["status"] == 2, time_inc=365)
    >>> ccal = calibrate(cfit, u=365, m=50, B=20, seed=1)
    >>> ccal.table[["mean_predicted", "KM", "KM_corrected", "n"]].round(3).to_numpy().tolist()[0]
    [0.215, 0.244, 0.276, 20.0]
    """
    if _is_cph(fit):
        if predy is not None:
            raise InputError("predy is for an lrm fit; calibrate.cph with cmethod='KM' takes u and m")
        _no_bw_for_cph(bw)
        from .calibration_cph import _calibrate_cph
        return _calibrate_cph(fit, u=u, m=m, B=B, cmethod=cmethod, seed=seed, method=method, progress=progress,
                             n_jobs=n_jobs, backend=backend)
    if u is not None:
        raise InputError("u (and m, cmethod) are for a cph fit; an lrm fit is calibrated on its predy grid")
    B, fp = _boot_inputs(fit, B, method, n_jobs, backend, seed, progress)
    rule, type, sls, aics = _bw_args(bw, rule, type, sls, aics)  # noqa: A001
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
    fbw = None
    if bw:
        run = _bw_boot(fit, fp, B, seed, rule, type, sls, aics, "calibrate", predy, n_jobs, backend, progress)
        fbw = run.fbw
        Xo = np.ascontiguousarray(X[:, run.xcol])
        f0 = _lrm_fit_raw(Xo, y, tol=1e-13)  # predab refits the original model on the kept columns
        if f0.fail or f0.status == "singular":
            raise RuntimeError("the refit of the step-down model on the original data failed (rms stops here too)")
        xb = matxv(Xo, f0.coef)
        train, test, status = run.train, run.test, run.status
    else:
        xb = matxv(X, coef)
    px = np.array([1.0 / (1.0 + math.exp(-v)) for v in xb])
    orig_cal = _orig_cal(px, y, predy)  # keepinfo$orig.cal: cal itself
    index_orig = orig_cal - predy
    if not bw:
        train, test, status = _run_boot(_calibrate_task, (X, y, predy, 1e-13), n, B, seed, n_jobs, backend,
                                        "calibrate", progress)
    fails = _failure_warning(status, B)
    training, test_m, optimism, num = _optimism(train, test, status)
    table = pd.DataFrame({
        "predy": predy, "calibrated_orig": orig_cal, "calibrated_corrected": orig_cal - optimism,
        "index_orig": index_orig, "training": training, "test": test_m, "optimism": optimism,
        "index_corrected": index_orig - optimism, "n": num})
    err, mae, mse, q90 = _printed_errors(predicted, predy, table["calibrated_corrected"].to_numpy())
    return CalibrateResult(table=table, mean_abs_error=mae, mean_sq_error=mse, quantile90_abs_error=q90,
                           n=int(err.shape[0]), err=err, predicted=predicted, B=B, method=method,
                           n_failed=fails["n_failed"], failures=fails, seed=seed, fastbw=fbw)


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
    """``rms::validate(fit, method="boot", B)`` for an lrm fit.

    Attributes
    ----------
    table : pandas.DataFrame
        rms's validate table: rows Dxy, R2, Intercept, Slope, Emax, D, U, Q, B, g, gp; columns index_orig,
        training, test, optimism, index_corrected, n.
    B : int
        Bootstrap replicates asked for.
    method : str
        ``"boot"``.
    n_failed : int
        Replicates whose refit failed.
    failures : dict
        The failed replicates by reason.
    seed : int or None
        The seed (``set.seed``).
    kept : pandas.DataFrame or None
        With ``bw``: rms's ``attr(v, "kept")``, a bool row per replicate used, a column per factor.
    fastbw : FastbwResult or None
        With ``bw``: the step-down of the original model.
    """
    table: pd.DataFrame
    B: int
    method: str = "boot"
    n_failed: int = 0
    failures: dict = field(default_factory=dict)
    seed: Any = None
    kept: pd.DataFrame | None = None
    fastbw: Any = None

    def __str__(self) -> str:
        """``print(v)`` as rms prints a validate result: ``print(round(unclass(v), 4))``, then with ``bw`` the
        factors retained per replicate and the frequencies of their numbers."""
        from . import _printing as P
        t = self.table
        out = P.print_num_matrix(P.r_round(t.to_numpy(dtype=float), 4), [c.replace("_", ".") for c in t.columns],
                                 [str(r) for r in t.index])
        if self.kept is not None and len(self.kept):
            k = self.kept.to_numpy(dtype=bool)
            cols = [["*" if v else " " for v in k[:, j]] for j in range(k.shape[1])]
            counts = k.sum(axis=1)
            vals, freq = np.unique(counts, return_counts=True)
            out += "\n\nFactors Retained in Backwards Elimination\n\n"
            out += P.print_matrix(cols, [str(c) for c in self.kept.columns], [""] * k.shape[0], right=False)
            out += "\n\nFrequencies of Numbers of Factors Retained\n\n"
            out += _print_table1([str(int(v)) for v in vals], [str(int(f)) for f in freq])
        return out

    def __repr__(self) -> str:
        return P_short(str(self))

    def _repr_html_(self) -> str:
        from . import _printing as P
        t = self.table
        cols = [P.format_num(P.r_round(t[c].to_numpy(dtype=float), 4)) for c in t.columns]
        return P.html_block(f"rms::validate (method={self.method}, B={self.B})",
                            P.html_table(cols, [c.replace("_", ".") for c in t.columns], [str(r) for r in t.index]))

    def to_dict(self) -> dict:
        return {"table": {r: {c: float(self.table.loc[r, c]) for c in self.table.columns} for r in self.table.index},
                "B": int(self.B), "method": self.method, "n_failed": int(self.n_failed),
                "failures": {k: int(v) for k, v in self.failures.items()},
                "seed": None if self.seed is None else int(self.seed)}


def _print_table1(names: list[str], counts: list[str]) -> str:
    """``print()`` of a one-way ``table`` without dimnames names (R's printNamedVector): names over counts, all
    right-justified to one common width, each followed by a space."""
    w = max(len(x) for x in names + counts)
    return "\n".join(["".join(a.rjust(w) + " " for a in names), "".join(b.rjust(w) + " " for b in counts)])


def _orig_stats(fp: _FitParts, xb: np.ndarray) -> tuple[float, float, float, float, float]:
    """(Model L.R., R2, g, gp, Obs) of the original fit: its stats, or recomputed as lrm.fit does."""
    st = fp.stats or {}
    need = ("Model L.R.", "R2", "g", "gp", "Obs")
    if all(k in st for k in need):
        return tuple(float(st[k]) for k in need)
    n = fp.X.shape[0]
    status, coef, dev = K.lrm_fit_counts(fp.X, fp.y)
    lr, r2 = _fit_stats(dev[0], dev[1], float(n))
    lpmid = (fp.lp - fp.coef[0]) + fp.coef[0]
    return lr, r2, gini_md(lpmid), gini_md(1 / (1 + np.exp(-lpmid))), float(n)


@fill_doc
def validate(fit: LrmFit | CphFit, *, B: int = 40, seed: int | None = None, method: Literal["boot"] = "boot",
             bw: bool = False, rule: Literal["aic", "p"] = "aic",
             type: Literal["residual", "individual"] = "residual", sls: float = 0.05,  # noqa: A002
             aics: float = 0.0,
             progress: bool | None = None, n_jobs: int | None = None,
             backend: Literal["threads", "processes", "dask"] = "threads") -> ValidateResult | CphValidateResult:
    """Bootstrap optimism-corrected indexes (Dxy, R2, slope, Brier, ...) of an lrm fit, as ``rms::validate``.

    Dxy is computed by Hmisc's ``somers2``.  B: a whole number in 1..100 000 with B x n at most
    2^31 - 1 (as :func:`calibrate`).

    Parameters
    ----------
    {{boot_fit}}
    {{boot_bw}}
    {{progress}}
    {{n_jobs}}
    {{backend}}

    Returns
    -------
    ValidateResult or CphValidateResult
        ``table`` with rms's rows (lrm: Dxy, R2, Intercept, Slope, Emax, D, U, Q, B, g, gp; cph: Dxy, R2,
        Slope, D, U, Q, g) and columns index_orig, training, test, optimism, index_corrected, n; ``B``,
        ``n_failed``, ``failures``.  For a cph fit also ``c_index_corrected``, the optimism-corrected
        C-index ``(Dxy_corrected + 1) / 2`` (and ``c_index_orig``).

    Raises
    ------
    InputError
        For a fit that is neither an lrm nor a cph fit, a bad B/seed/method, or bounds exceeded.

    Warns
    -----
    RWarning
        "Divergence or singularity in k samples" when refits fail (skipped, as rms skips them).

    Notes
    -----
    R call: ``set.seed(seed); rms::validate(fit, method = "boot", B = B)`` (rms 6.5-0); with ``bw=True``:
    ``rms::validate(fit, B = B, bw = TRUE, rule = rule, type = type, sls = sls, aics = aics)``.

    With ``bw=True`` (rms's ``predab.resample``): the original model is stepped down by ``fastbw`` (kept as
    ``.fastbw``; rms prints it) and refitted on the kept columns for ``index.orig``; every replicate refits the
    full model on its rows (rms's ``lrm.fit`` with R's order of sums), steps it down, and refits the kept
    columns, whose measures enter the table; replicates whose fit fails are dropped (``n`` < B).  ``.kept`` is
    rms's ``attr(v, "kept")``: a row per replicate used, a column per factor (as rms, a replicate whose
    reduced refit fails also marks the next used row).  A replicate that deletes every factor is scored as
    rms scores the intercept-only model.  The bw replicates are spread over ``n_jobs`` / ``backend`` as the
    others are (the same bytes for any setting).

    For a cph fit
    (``validate.cph``) every resample is refitted by rms's ``coxphFit`` (the fit's ties, ``eps = 1e-4``,
    ``iter.max = 10``; a refit needing 10 steps or singular is skipped); the test Slope, D, U and R2 come
    from refitting the bootstrap linear predictor on the original rows, Dxy from ``dxy.cens(lp, Surv,
    "hazard")`` (survConcordance's counts) and g is ``GiniMd`` (``docs/R_ALGORITHMS.md``, "calibrate /
    validate for cph").

    Examples
    --------
    {{lrm_example}}
    >>> from cmvt_core import validate
    >>> v = validate(fit, B=20, seed=1)
    >>> v.table.loc["Dxy", ["index_orig", "optimism", "index_corrected"]].round(4).tolist()
    [0.4579, 0.0159, 0.4421]

    A Cox model, with its optimism-corrected C-index:

    >>> from cmvt_core import cph
    >>> from cmvt_core.datasets import load_survival
    >>> lung = load_survival("lung").dropna(subset=["age", "sex", "ph.ecog"])
    >>> cv = validate(cph(lung[["age", "sex", "ph.ecog"]], lung["time"], lung["status"] == 2), B=20, seed=1)
    >>> cv.table.loc["Dxy", ["index_orig", "optimism", "index_corrected"]].round(4).tolist()
    [0.2743, 0.0128, 0.2615]
    >>> round(cv.c_index_corrected, 4)
    0.6307
    """
    if _is_cph(fit):
        _no_bw_for_cph(bw)
        from .calibration_cph import _validate_cph
        return _validate_cph(fit, B=B, seed=seed, method=method, progress=progress, n_jobs=n_jobs, backend=backend)
    B, fp = _boot_inputs(fit, B, method, n_jobs, backend, seed, progress)
    rule, type, sls, aics = _bw_args(bw, rule, type, sls, aics)  # noqa: A001
    X, y, coef = fp.X, fp.y, fp.coef
    n = X.shape[0]
    fbw = kept = None
    if bw:
        run = _bw_boot(fit, fp, B, seed, rule, type, sls, aics, "validate", None, n_jobs, backend, progress)
        fbw, kept = run.fbw, run.kept
        Xo = np.ascontiguousarray(X[:, run.xcol])
        f0 = _lrm_fit_raw(Xo, y, tol=_PREDAB_TOL)  # predab: fit(x[, xcol], y, iter = 0, tol = tol)
        if f0.fail or f0.status == "singular":
            raise RuntimeError("the refit of the step-down model on the original data failed (rms stops here too)")
        xb = matxv(Xo, f0.coef)
        st0 = f0.stats
        index_orig = _discrim_apparent(xb, y, float(st0["Model L.R."]), float(st0["R2"]), float(st0["g"]),
                                       float(st0["gp"]), float(st0["Obs"]))
        train, test, status = run.train, run.test, run.status
    else:
        xb = matxv(X, coef)
        lr, r2, g, gp, nobs = _orig_stats(fp, xb)
        index_orig = _discrim_apparent(xb, y, lr, r2, g, gp, nobs)
        train, test, status = _run_boot(_validate_task, (X, y), n, B, seed, n_jobs, backend, "validate",
                                        progress)
    bad = np.flatnonzero(status >= 10)
    if bad.size:
        raise RuntimeError(f"bootstrap sample {int(bad[0]) + 1}: the recalibration refit lrm.fit(lp, y) failed "
                           "on the original data; rms's validate stops with an error here too")
    fails = _failure_warning(status, B)
    training, test_m, optimism, num = _optimism(train, test, status)
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
    return ValidateResult(table=table, B=B, method=method, n_failed=fails["n_failed"], failures=fails, seed=seed,
                          kept=kept, fastbw=fbw)


# --------------------------------------------------------------------------------------------
# external validation: a fitted model on a new cohort
# --------------------------------------------------------------------------------------------


@dataclass
class ExternalCalibration:
    """Calibration of fixed predictions on a new cohort (see :func:`external_calibration`).

    Attributes
    ----------
    table : pandas.DataFrame
        The calibration curve on the grid of predicted risks.
    mean_abs_error, mean_sq_error, quantile90_abs_error : float
        The error figures, as ``plot(cal)`` computes them.
    n : int
        Observations.
    err : numpy.ndarray
        Predicted minus calibrated risk per observation.
    predicted : numpy.ndarray
        The fixed predictions.
    curve : Lowess
        The lowess (``iter = 0``) of the outcome on the predictions.
    """
    table: pd.DataFrame         # predy, calibrated (the lowess curve on the predy grid)
    mean_abs_error: float
    mean_sq_error: float
    quantile90_abs_error: float
    n: int
    err: np.ndarray
    predicted: np.ndarray
    curve: Lowess               # the full lowess curve (sorted predictions, smoothed outcome)

    def _text(self, rows: int | None = None) -> str:
        from . import _printing as P
        body = P.print_num_matrix(self.table.to_numpy(dtype=float), list(self.table.columns))
        if rows is not None:
            body = "\n".join(P.head_tail(body.split("\n"), rows))
        return "\n".join(["", "External calibration (apparent: lowess(predicted, y, iter = 0) on the predy grid)",
                          "", CalibrateResult.summary_line(self), "", body])  # type: ignore[arg-type]

    def __str__(self) -> str:
        """The error line as ``plot(cal)`` prints it, then the calibration curve on its grid."""
        return self._text()

    def __repr__(self) -> str:
        return P_short(self._text(rows=4))

    def _repr_html_(self) -> str:
        from . import _printing as P
        cols = [P.format_num(self.table[c].to_numpy(dtype=float), 4) for c in self.table.columns]
        return P.html_block("External calibration", P.html_pre(CalibrateResult.summary_line(self)),  # type: ignore
                            P.html_table(cols, list(self.table.columns), list(range(1, len(self.table) + 1))))

    def to_dict(self) -> dict:
        return {"table": {c: [float(v) for v in self.table[c]] for c in self.table.columns},
                "mean_abs_error": float(self.mean_abs_error), "mean_sq_error": float(self.mean_sq_error),
                "quantile90_abs_error": float(self.quantile90_abs_error), "n": int(self.n)}


def external_calibration(fit: LrmFit | None = None, x: pd.DataFrame | ArrayLike | None = None,
                         y: ArrayLike | None = None, *, predicted: ArrayLike | None = None,
                         predy: ArrayLike | None = None) -> ExternalCalibration:
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
       error ``mean(|err|, na.rm=TRUE)``, mean squared error and 0.9 quantile (type 7) of ``|err|``;
       ``n`` counts all predictions.

    Parameters
    ----------
    fit : LrmFit or None, default None
        The fitted model (not needed when ``predicted`` is given).
    x : pandas.DataFrame or array_like or None, default None
        The new cohort's predictors, the fit's columns.
    y : array_like or None, default None
        The new cohort's 0/1 outcome (required).
    predicted : array_like or None, default None
        Predicted probabilities for the new cohort, instead of ``fit`` and ``x``.
    predy : array_like or None, default None
        The grid of predicted probabilities; None is calibrate's 50-point grid.

    Returns
    -------
    ExternalCalibration
        ``table`` (predy, calibrated), ``mean_abs_error``, ``mean_sq_error``, ``quantile90_abs_error``,
        ``n``, ``err``, ``predicted`` and the lowess ``curve``.

    Raises
    ------
    InputError
        Without fit and x (or predicted) and y, or for bad values.

    Notes
    -----
    R call: none as one function (rms's calibrate only resamples the training data); it is, in R,
    ``cal <- approx(lowess(p, y, iter = 0), xout = predy, ties = function(x) x[1])$y;
    err <- p - approx(predy, cal, xout = p, ties = mean)$y; mean(abs(err), na.rm = TRUE)``.

    Examples
    --------
    >>> from cmvt_core.datasets import load_cmvt_cohort
    >>> d = load_cmvt_cohort().astype(float)
    >>> train, new = d.iloc[:200], d.iloc[200:]  # develop on the first 200 patients, validate on the rest
    >>> from cmvt_core import lrm
    >>> from cmvt_core.calibration import external_calibration
    >>> cols = ["age_group", "post_nlr"]
    >>> ext = external_calibration(lrm(train[cols], train["cmvt"]), new[cols], new["cmvt"])
    >>> ext.n, round(ext.mean_abs_error, 4), round(ext.quantile90_abs_error, 4)
    (119, 0.0553, 0.0919)
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

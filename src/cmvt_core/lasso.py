"""The binomial LASSO path and its cross-validation, number for number as R's glmnet 4.1-6.

``glmnet(x, y)`` reproduces ``glmnet::glmnet(x, y, family="binomial")`` and ``cv_glmnet``
reproduces ``glmnet::cv.glmnet(...)``.  The path solver is a port of glmnetpp's dense
two-class binomial solver (the C++ engine of glmnet 4.1-6), including its cycle order
(full cycle over the strong set, then partial cycles over the active set), the sequential
strong rule and KKT loop, ``thr = thresh * dev0``, 1/N standardisation with normalised
weights, the lambda sequence by repeated multiplication, the early-stopping rules and the
pass counter ``npasses``.  Reductions (dot products and sums) follow Eigen's SSE2 order
(four interleaved partial sums), so the last bits agree with R's binary as well.
See ``docs/R_ALGORITHMS.md`` sections 1-2 and 9.  ``family="cox"`` hands over to :mod:`cmvt_core.lasso_cox`
(glmnet's Fortran ``coxnet``; section 2a).
"""
from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field
from typing import Any, Literal

import numba
import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from ._json import jsonable as _jsonable
from . import _validate as V
from ._docs import fill_doc
from .errors import InputError, RWarning
from .kernels.rbase import approx, col_sums, r_sum
from ._progress import Progress
from .parallel import DEFAULT_BACKEND, DEFAULT_N_JOBS, map_chunks, resolve_jobs
from .rrandom import RRNG

__all__ = ["glmnet", "cv_glmnet", "GlmnetFit", "CvGlmnetFit", "lambda_interp", "fold_ids"]

# glmnet.control() defaults
_FDEV = 1e-5
_DEVMAX = 0.999
_EPS = 1e-6
_BIG = 9.9e35
_MNLAM = 5
_PMIN = 1e-9

_MEASURE_NAMES = {
    "deviance": "Binomial Deviance",
    "mse": "Mean-Squared Error",
    "mae": "Mean Absolute Error",
    "class": "Misclassification Error",
    "auc": "AUC",
}


# ---------------------------------------------------------------------------------------
# numba kernels
# ---------------------------------------------------------------------------------------
@numba.njit(cache=True)
def _edot(a, b):
    """Eigen 3.3 (SSE2) dot product: two 2-double packets accumulated in turn, then reduced."""
    n = a.shape[0]
    if n < 2:
        if n == 1:
            return a[0] * b[0]
        return 0.0
    if n < 4:
        s = a[0] * b[0] + a[1] * b[1]
        if n == 3:
            s += a[2] * b[2]
        return s
    end2 = (n // 4) * 4
    # the 4 partial sums walk the data 4 at a time (a (n/4, 4) view lets LLVM use SIMD loads)
    a4 = a[:end2].reshape((end2 // 4, 4))
    b4 = b[:end2].reshape((end2 // 4, 4))
    s0 = a4[0, 0] * b4[0, 0]
    s1 = a4[0, 1] * b4[0, 1]
    s2 = a4[0, 2] * b4[0, 2]
    s3 = a4[0, 3] * b4[0, 3]
    for i in range(1, end2 // 4):
        ai = a4[i]
        bi = b4[i]
        s0 += ai[0] * bi[0]
        s1 += ai[1] * bi[1]
        s2 += ai[2] * bi[2]
        s3 += ai[3] * bi[3]
    s0 += s2
    s1 += s3
    end = (n // 2) * 2
    if end > end2:
        s0 += a[end2] * b[end2]
        s1 += a[end2 + 1] * b[end2 + 1]
    res = s0 + s1
    if end < n:
        res += a[n - 1] * b[n - 1]
    return res


@numba.njit(cache=True)
def _edot_sq(w, x):
    """Eigen's ``w.dot(x.array().square().matrix())``: products w_i * (x_i * x_i)."""
    n = w.shape[0]
    if n < 2:
        if n == 1:
            return w[0] * (x[0] * x[0])
        return 0.0
    if n < 4:
        s = w[0] * (x[0] * x[0]) + w[1] * (x[1] * x[1])
        if n == 3:
            s += w[2] * (x[2] * x[2])
        return s
    end2 = (n // 4) * 4
    w4 = w[:end2].reshape((end2 // 4, 4))
    x4 = x[:end2].reshape((end2 // 4, 4))
    s0 = w4[0, 0] * (x4[0, 0] * x4[0, 0])
    s1 = w4[0, 1] * (x4[0, 1] * x4[0, 1])
    s2 = w4[0, 2] * (x4[0, 2] * x4[0, 2])
    s3 = w4[0, 3] * (x4[0, 3] * x4[0, 3])
    for i in range(1, end2 // 4):
        wi = w4[i]
        xi = x4[i]
        s0 += wi[0] * (xi[0] * xi[0])
        s1 += wi[1] * (xi[1] * xi[1])
        s2 += wi[2] * (xi[2] * xi[2])
        s3 += wi[3] * (xi[3] * xi[3])
    s0 += s2
    s1 += s3
    end = (n // 2) * 2
    if end > end2:
        s0 += w[end2] * (x[end2] * x[end2])
        s1 += w[end2 + 1] * (x[end2 + 1] * x[end2 + 1])
    res = s0 + s1
    if end < n:
        res += w[n - 1] * (x[n - 1] * x[n - 1])
    return res


@numba.njit(cache=True)
def _esum(a):
    """Eigen 3.3 (SSE2) ``sum()`` of an aligned vector."""
    n = a.shape[0]
    if n < 2:
        if n == 1:
            return a[0]
        return 0.0
    if n < 4:
        s = a[0] + a[1]
        if n == 3:
            s += a[2]
        return s
    end2 = (n // 4) * 4
    a4 = a[:end2].reshape((end2 // 4, 4))
    s0 = a4[0, 0]
    s1 = a4[0, 1]
    s2 = a4[0, 2]
    s3 = a4[0, 3]
    for i in range(1, end2 // 4):
        ai = a4[i]
        s0 += ai[0]
        s1 += ai[1]
        s2 += ai[2]
        s3 += ai[3]
    s0 += s2
    s1 += s3
    end = (n // 2) * 2
    if end > end2:
        s0 += a[end2]
        s1 += a[end2 + 1]
    res = s0 + s1
    if end < n:
        res += a[n - 1]
    return res


@numba.njit(cache=True, nogil=True)
def _prepare(xt, wraw, isd):
    """chkvars, weight normalisation and lstandard1 (intercept=TRUE), in place on xt (p, n)."""
    p, n = xt.shape
    ju = np.zeros(p, dtype=np.bool_)
    for j in range(p):
        t = xt[j, 0]
        for i in range(1, n):
            if xt[j, i] != t:
                ju[j] = True
                break
    sw = _esum(wraw)
    ww = np.empty(n)
    for i in range(n):
        ww[i] = wraw[i] / sw
    xm = np.zeros(p)
    xs = np.ones(p)
    for j in range(p):
        if not ju[j]:
            continue
        xj = xt[j]
        m = _edot(ww, xj)
        xm[j] = m
        for i in range(n):
            xj[i] = xj[i] - m
        if isd:
            s = math.sqrt(_edot_sq(ww, xj))
            xs[j] = s
            for i in range(n):
                xj[i] = xj[i] / s
    return ju, ww, xm, xs, sw


@numba.njit(cache=True, nogil=True)
def _lognet_path(xt, y, w, ju, vp, cl, ne, nx, nlam, flmin, ulam, thresh, maxit, alpha,
                 fdev, devmax, eps, big, mnlam, pmin):
    """glmnetpp's dense two-class binomial path (intercept=TRUE, kopt=0, no offset).

    xt is the standardised design, transposed (p, n); w the normalised weights.
    Returns (lmu, a0, ca, ia, nin_path, dev0, dev, alm, nlp, jerr).
    """
    p, n = xt.shape
    a0 = np.zeros(nlam)
    ca = np.zeros((nx, nlam))
    ia = np.zeros(nx, dtype=np.int64)
    kin = np.zeros(nlam, dtype=np.int64)
    dev = np.zeros(nlam)
    alm_out = np.zeros(nlam)
    lmu = 0
    nlp = 0
    jerr = 0

    omb = 1.0 - alpha
    alf = 1.0
    if flmin < 1.0:
        eqs = max(eps, flmin)
        alf = math.pow(eqs, 1.0 / (nlam - 1.0))
    mnl = min(mnlam, nlam)
    vmin = (1.0 + pmin) * pmin * (1.0 - pmin)
    fmax = math.log(1.0 / pmin - 1.0)
    fmin = -fmax

    b = np.zeros(p)
    bs = np.zeros(p)
    xv = np.zeros(p)
    q = np.empty(n)
    v = np.empty(n)
    r = np.empty(n)
    eta = np.empty(n)
    ga = np.zeros(p)
    ixx = np.zeros(p, dtype=np.bool_)
    mm = np.zeros(p, dtype=np.int64)
    nin = 0

    # --- construct: the null model
    q0 = _edot(w, y)
    if q0 <= pmin:
        return 0, a0, ca, ia, kin, 0.0, dev, alm_out, nlp, 8001
    if q0 >= 1.0 - pmin:
        return 0, a0, ca, ia, kin, 0.0, dev, alm_out, nlp, 9001
    bz = math.log(q0 / (1.0 - q0))
    vi = q0 * (1.0 - q0)
    b0 = bz
    for i in range(n):
        v[i] = vi * w[i]
        r[i] = w[i] * (y[i] - q0)
        q[i] = q0
    xmz = vi
    dev1 = -(bz * q0 + math.log(1.0 - q0))
    dev0 = dev1
    for i in range(n):
        if y[i] > 0.0:
            dev0 += w[i] * y[i] * math.log(y[i])
        if y[i] < 1.0:
            dev0 += w[i] * (1.0 - y[i]) * math.log(1.0 - y[i])
    thr = thresh * dev0
    for j in range(p):
        if ju[j]:
            ga[j] = abs(_edot(r, xt[j]))

    lmda_curr = 0.0
    bs0 = 0.0
    for m in range(nlam):
        # --- initialize_point
        alm0 = lmda_curr
        alm = alm0
        if flmin >= 1.0:
            alm = ulam[m]
        elif m > 1:
            alm *= alf
        elif m == 0:
            alm = big
        else:
            alm0 = 0.0
            for j in range(p):
                if (not ju[j]) or vp[j] <= 0.0:
                    continue
                alm0 = max(alm0, abs(ga[j]) / vp[j])
            alm0 /= max(alpha, 1e-3)
            alm = alm0 * alf
        lmda_curr = alm
        dem = alm * omb
        ab = alm * alpha

        # --- irls: strong rule
        tlam = alpha * (2.0 * alm - alm0)
        for k in range(p):
            if ixx[k] or (not ju[k]):
                continue
            if ga[k] > tlam * vp[k]:
                ixx[k] = True
        err = 0  # 1: maxit, 2: pmax
        while True:
            if nlp > maxit:
                err = 1
                break
            # setup_wls
            bs0 = b0
            for l in range(nin):
                k = ia[l]
                bs[k] = b[k]
            for j in range(p):
                if ixx[j]:
                    xv[j] = _edot_sq(v, xt[j])
            # wls
            full = True
            while True:
                nlp += 1
                dlx = 0.0
                if full:
                    cnt = p
                else:
                    cnt = nin
                for jj in range(cnt):
                    if full:
                        k = jj
                        if not ixx[k]:
                            continue
                    else:
                        k = ia[jj]
                    xk = xt[k]
                    old = b[k]
                    gk = _edot(r, xk)
                    u = gk + old * xv[k]
                    vv = abs(u) - vp[k] * ab
                    new = 0.0
                    if vv > 0.0:
                        new = max(cl[0, k], min(cl[1, k], math.copysign(vv, u) / (xv[k] + vp[k] * dem)))
                    b[k] = new
                    if new == old:
                        continue
                    if full and mm[k] == 0:
                        nin += 1
                        if nin > nx:
                            err = 2
                            break
                        mm[k] = nin
                        ia[nin - 1] = k
                    d = new - old
                    dlx = max(xv[k] * d * d, dlx)
                    for i in range(n):
                        r[i] -= d * (v[i] * xk[i])
                if err:
                    break
                d = _esum(r) / xmz
                if d != 0.0:
                    b0 += d
                    dlx = max(xmz * d * d, dlx)
                    for i in range(n):
                        r[i] -= d * v[i]
                if dlx < thr:
                    if full:
                        break
                    full = True  # partial cycles converged: back to a full cycle
                    continue
                if nlp > maxit:
                    err = 1
                    break
                full = False
            if err:
                break
            # update_irls: invariants
            for i in range(n):
                eta[i] = b0 + 0.0
            for l in range(nin):
                k = ia[l]
                bk = b[k]
                xk = xt[k]
                for i in range(n):
                    eta[i] += bk * xk[i]
            for i in range(n):
                fi = eta[i]
                if fi < fmin:
                    q[i] = 0.0
                elif fi > fmax:
                    q[i] = 1.0
                else:
                    q[i] = 1.0 / (1.0 + math.exp(-fi))
            for i in range(n):
                v[i] = w[i] * q[i] * (1.0 - q[i])
            xmz = _esum(v)
            if xmz <= vmin:
                break
            for i in range(n):
                r[i] = w[i] * (y[i] - q[i])
            # convergence of IRLS, then KKT
            diff0 = b0 - bs0
            notconv = xmz * diff0 * diff0 > thr
            if not notconv:
                for l in range(nin):
                    k = ia[l]
                    d = b[k] - bs[k]
                    if xv[k] * d * d > thr:
                        notconv = True
                        break
            if not notconv:
                for k in range(p):
                    if ixx[k] or (not ju[k]):
                        continue
                    ga[k] = abs(_edot(r, xt[k]))
                updated = False
                for k in range(p):
                    if ixx[k] or (not ju[k]):
                        continue
                    if ga[k] > ab * vp[k]:
                        ixx[k] = True
                        updated = True
                if not updated:
                    break
        if err == 1:
            jerr = -(m + 1)
            return lmu, a0, ca, ia, kin, dev0, dev, alm_out, nlp, jerr
        if err == 2:
            jerr = -10000 - (m + 1)
            break

        # --- process_point_fit
        for l in range(nin):
            ca[l, m] = b[ia[l]]
        a0[m] = b0
        pmx = 1.0 - pmin
        s = 0.0
        for i in range(n):
            pi = min(max(pmin, q[i]), pmx)
            s -= w[i] * (y[i] * math.log(pi) + (1.0 - y[i]) * math.log(1.0 - pi))
        dev[m] = (dev1 - s) / dev0
        me = 0
        for l in range(nin):
            if ca[l, m] != 0.0:
                me += 1
        prev_dev = 0.0 if m == 0 else dev[m - 1]
        kin[m] = nin
        alm_out[m] = alm
        lmu = m + 1
        if lmu < mnl or flmin >= 1.0:
            continue
        if me > ne or (dev[m] - prev_dev) < fdev or dev[m] > devmax:
            break
        if xmz <= vmin:
            break
    return lmu, a0, ca, ia, kin, dev0, dev, alm_out, nlp, jerr


@numba.njit(cache=True, nogil=True)
def _link_interp(xt_rows, a0, beta, left, right, frac):
    """Linear predictors [1, x] %*% (beta[, left]*frac + beta[, right]*(1-frac)) for rows xt_rows (p, m).

    beta is (p, L) dense; the sum runs intercept first, then the variables in order, as
    Matrix's dense %*% sparse product does (zeros add nothing)."""
    p, m = xt_rows.shape
    ns = left.shape[0]
    out = np.empty((m, ns))
    coef = np.empty(p)
    for s in range(ns):
        lf = left[s]
        rt = right[s]
        f = frac[s]
        g = 1.0 - f
        c0 = a0[lf] * f + a0[rt] * g
        for k in range(p):
            coef[k] = beta[k, lf] * f + beta[k, rt] * g
        for i in range(m):
            acc = 0.0 + 1.0 * c0
            for k in range(p):
                if coef[k] != 0.0:
                    acc += xt_rows[k, i] * coef[k]
            out[i, s] = acc
    return out


@numba.njit(cache=True)
def _plogis_mat(eta):
    out = np.empty_like(eta)
    m, L = eta.shape
    for i in range(m):
        for j in range(L):
            out[i, j] = 1.0 / (1.0 + math.exp(-eta[i, j]))
    return out


# ---------------------------------------------------------------------------------------
# input checking
# ---------------------------------------------------------------------------------------
def _as_x(x) -> tuple[np.ndarray, list[str]]:
    if isinstance(x, pd.DataFrame):
        names = [str(c) for c in x.columns]
        dup = sorted({c for c in names if names.count(c) > 1})
        if dup:
            raise InputError(f"x has duplicated column name(s) {', '.join(repr(c) for c in dup)}: each predictor "
                             "must appear once (rename or drop the copies)")
        V.predictor_names(names, "x")
        cols = []
        for j, c in enumerate(x.columns):
            s = x.iloc[:, j]
            if pd.api.types.is_bool_dtype(s.dtype) and not s.isna().any():
                cols.append(s.to_numpy(dtype=np.float64))
            elif pd.api.types.is_numeric_dtype(s.dtype) and not isinstance(s.dtype, pd.CategoricalDtype):
                cols.append(s.to_numpy(dtype=np.float64, na_value=np.nan))
            else:
                raise InputError(f"x column {c!r} is not numeric (dtype {s.dtype}); glmnet needs a numeric matrix")
        arr = np.column_stack(cols) if cols else np.empty((len(x), 0))
    else:
        if x is None or isinstance(x, (str, bytes)):
            raise InputError(f"x must be a numeric 2-D array or DataFrame; got {V.show(x)}")
        try:
            raw = np.asarray(x)
        except (TypeError, ValueError) as exc:
            raise InputError(f"x must be a numeric 2-D array or DataFrame: {exc}") from None
        if raw.dtype.kind not in "biuf":  # text is never a number (numpy would parse "1.5")
            bad = next((v for v in raw.ravel().tolist() if not V._is_real(v) and not V._is_bool(v)
                        and v is not None), None)
            if bad is not None or raw.dtype.kind in "USc":
                raise InputError(f"x must be a numeric 2-D array or DataFrame; it holds {V.show(bad)}")
        try:
            arr = np.array(raw, dtype=np.float64)
        except (TypeError, ValueError) as exc:
            raise InputError(f"x must be a numeric 2-D array or DataFrame: {exc}") from None
        if arr.ndim != 2:
            raise InputError(f"x must be 2-D (rows x predictors), got {arr.ndim} dimension(s)")
        names = [f"x{j + 1}" for j in range(arr.shape[1])]
    if arr.shape[1] < 2:
        raise InputError(f"x should be a matrix with 2 or more columns (got {arr.shape[1]})")
    bad = ~np.isfinite(arr)
    if bad.any():
        i, j = np.argwhere(bad)[0]
        what = "missing (NaN)" if np.isnan(arr[i, j]) else "infinite"
        raise InputError(f"x has {what} values: column {names[j]!r}, row {i + 1} "
                         f"({int(bad.sum())} non-finite value(s) in all)")
    return arr, names


def _as_y(y, n: int) -> np.ndarray:
    yv = V.outcome01(y, "y", allow_column=True)  # R's glmnet takes a one-column matrix y too
    if yv.shape[0] != n:
        raise InputError(f"number of observations in y ({yv.shape[0]}) not equal to the number of rows of x ({n})")
    return yv


def _as_s(s, what: str = "s") -> np.ndarray:
    """Lambda values to interpolate at: finite and >= 0 (R clamps a value off the path to its ends, and
    errors on NA)."""
    if isinstance(s, str):
        raise InputError(f"{what} must be a lambda value (a non-negative number) or a vector of them; got {s!r}")
    if np.ndim(s) == 0 and not isinstance(s, (list, tuple, np.ndarray)):
        return np.array([V.number(s, what, low=0.0)])
    out = V.float_vector(s, what, low=0.0, unit="position")
    if out.shape[0] == 0:
        raise InputError(f"{what} is empty: give at least one lambda value")
    return out


def _path_args(nlambda, lambda_min_ratio, lambda_, standardize, thresh, maxit, dfmax, pmax):
    """The path settings of glmnet()/cv_glmnet(), checked at the door (numbers R would take, no NaN)."""
    nlambda = V.whole(nlambda, "nlambda", low=1, high=V.MAX_NLAMBDA,
                      high_msg=f"nlambda must be at most {V.MAX_NLAMBDA} (R's default is 100); got {V.show(nlambda)}")
    if lambda_min_ratio is not None:
        # R: "lambda.min.ratio should be less than 1"
        lambda_min_ratio = V.number(lambda_min_ratio, "lambda_min_ratio", low=0.0, high=1.0, high_open=True)
    if lambda_ is not None:
        lambda_ = V.float_vector(np.atleast_1d(lambda_) if np.ndim(lambda_) == 0 and not isinstance(lambda_, str)
                                 else lambda_, "lambda_", low=0.0, unit="position", max_len=V.MAX_NLAMBDA)
        if lambda_.shape[0] == 0:
            raise InputError("lambda_ is empty: give at least one lambda value (or None for glmnet's own path)")
    standardize = V.flag(standardize, "standardize")
    thresh = V.number(thresh, "thresh", low=0.0, low_open=True)
    maxit = V.whole(maxit, "maxit", low=1, high=2**31 - 1)
    dfmax = V.whole(dfmax, "dfmax", low=0, high=2**31 - 1, none_ok=True)
    pmax = V.whole(pmax, "pmax", low=0, high=2**31 - 1, none_ok=True)
    return nlambda, lambda_min_ratio, lambda_, standardize, thresh, maxit, dfmax, pmax


# ---------------------------------------------------------------------------------------
# results
# ---------------------------------------------------------------------------------------
def lambda_interp(lam: ArrayLike, s: ArrayLike) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Locate values of lambda on a decreasing lambda grid as glmnet's ``lambda.interp``.

    ``s`` outside the grid is clamped to its ends; a one-point grid gives left = right = 0, weight 1.

    Parameters
    ----------
    lam : array_like
        The (decreasing) lambda grid of a fit.
    s : array_like
        The lambda values to locate.

    Returns
    -------
    tuple of numpy.ndarray
        ``(left, right, frac)``: 0-based grid positions either side of each ``s`` and the weight of
        ``left`` (coefficients at s are ``frac * beta[left] + (1 - frac) * beta[right]``).

    Notes
    -----
    R call: ``glmnet:::lambda.interp(lambda, s)`` (glmnet 4.1-6; R's indices are 1-based).

    Examples
    --------
    >>> import numpy as np
    >>> from cmvt_core.lasso import lambda_interp
    >>> left, right, frac = lambda_interp(np.array([0.3, 0.2, 0.1]), np.array([0.25, 0.1]))
    >>> left.tolist(), right.tolist(), frac.round(4).tolist()
    ([0, 2], [1, 2], [0.5, 1.0])
    """
    lam = np.asarray(lam, dtype=np.float64)
    s = np.atleast_1d(np.asarray(s, dtype=np.float64))
    if lam.shape[0] == 1:
        z = np.zeros(s.shape[0], dtype=np.int64)
        return z, z.copy(), np.ones(s.shape[0])
    k = lam.shape[0]
    sfrac = (lam[0] - s) / (lam[0] - lam[k - 1])
    lamn = (lam[0] - lam) / (lam[0] - lam[k - 1])
    lo, hi = lamn.min(), lamn.max()
    sfrac = np.where(sfrac < lo, lo, sfrac)
    sfrac = np.where(sfrac > hi, hi, sfrac)
    coord = approx(lamn, np.arange(1, k + 1, dtype=np.float64), sfrac)
    left = np.floor(coord).astype(np.int64) - 1
    right = np.ceil(coord).astype(np.int64) - 1
    with np.errstate(divide="ignore", invalid="ignore"):
        frac = (sfrac - lamn[right]) / (lamn[left] - lamn[right])
    frac[left == right] = 1.0
    frac[np.abs(lamn[left] - lamn[right]) < np.finfo(float).eps] = 1.0
    return left, right, frac


@dataclass
class GlmnetFit:
    """A binomial glmnet path (R's ``lognet``/``glmnet`` object).

    Attributes
    ----------
    a0 : numpy.ndarray
        Intercepts along the path.
    beta : numpy.ndarray
        Coefficients, predictors x lambdas.
    df : numpy.ndarray
        Nonzero coefficients per lambda.
    lambda_ : numpy.ndarray
        The lambda sequence.
    dev_ratio : numpy.ndarray
        Fraction of null deviance explained.
    nulldev : float
        The null deviance.
    npasses : int
        Coordinate-descent passes.
    jerr : int
        glmnet's error flag.
    names : list of str
        The predictors' names.
    nobs : int
        Observations.
    alpha : float
        The elastic-net mixing.
    standardize : bool
        Whether x was standardized.
    call : dict
        The call's settings.
    """

    a0: np.ndarray
    beta: np.ndarray
    df: np.ndarray
    lambda_: np.ndarray
    dev_ratio: np.ndarray
    nulldev: float
    npasses: int
    jerr: int
    names: list[str]
    nobs: int
    alpha: float = 1.0
    standardize: bool = True
    call: dict = field(default_factory=dict)
    _family = "binomial"  # a class constant (not a field): R's family in the printed call

    @property
    def dim(self) -> tuple[int, int]:
        return self.beta.shape

    def _interp(self, s) -> tuple[np.ndarray, np.ndarray]:
        s = _as_s(s)
        left, right, frac = lambda_interp(self.lambda_, s)
        a0 = self.a0[left] * frac + self.a0[right] * (1.0 - frac)
        beta = self.beta[:, left] * frac + self.beta[:, right] * (1.0 - frac)
        return a0, beta

    @property
    def _rownames(self) -> list[str]:
        return ["(Intercept)", *self.names]

    def coef(self, s=None) -> pd.Series | pd.DataFrame:
        """R's ``coef(fit, s)`` (``exact=FALSE``), named as R names its rows: "(Intercept)" first, then
        the variable names.  A scalar s gives a Series of length p+1 (``.iloc[0]`` is the intercept;
        ``.to_numpy()`` the bare numbers); a vector of s gives a (p+1, len(s)) DataFrame with R's
        columns ``s1, s2, ...``, and s=None the whole path with columns ``s0, s1, ...``."""
        if s is None:
            out = np.vstack([self.a0[None, :], self.beta])
            return pd.DataFrame(out, index=self._rownames, columns=[f"s{j}" for j in range(out.shape[1])])
        scalar = np.ndim(s) == 0
        a0, beta = self._interp(s)
        out = np.vstack([a0[None, :], beta])
        if scalar:
            return pd.Series(out[:, 0], index=self._rownames, name="s1")
        return pd.DataFrame(out, index=self._rownames, columns=[f"s{j + 1}" for j in range(out.shape[1])])

    def coef_series(self, s) -> pd.Series:
        """``coef(fit, s)`` as a Series indexed by "(Intercept)" and the variable names."""
        return self.coef(float(s))

    def predict(self, newx, s=None, type: str = "link") -> np.ndarray | pd.Series | pd.DataFrame:
        """R's ``predict(fit, newx, s, type)`` with ``exact=FALSE``; type "link" or "response"
        (also "class", giving 0/1).  A scalar s gives a 1-D array; a DataFrame ``newx`` gives a Series
        (a DataFrame for several s) with the DataFrame's index, a numpy ``newx`` numpy."""
        if type not in ("link", "response", "class"):
            raise InputError(f"type must be 'link', 'response' or 'class', not {type!r}")
        s_arr = None if s is None else _as_s(s)
        index = newx.index if isinstance(newx, pd.DataFrame) else None
        if isinstance(newx, pd.DataFrame):
            nn = [str(cc) for cc in newx.columns]
            dup = sorted({c for c in nn if nn.count(c) > 1})
            if dup:
                raise InputError(f"newx has duplicated column name(s) {', '.join(repr(c) for c in dup)}")
            bycol = {str(cc): cc for cc in newx.columns}
            missing = [c for c in self.names if c not in bycol]
            if missing:
                raise InputError(f"newx lacks column(s) {missing}")
            newx = newx[[bycol[c] for c in self.names]].to_numpy(dtype=np.float64, na_value=np.nan)
        if newx is None or isinstance(newx, (str, bytes)):
            raise InputError(f"newx must be a numeric 2-D array or DataFrame; got {V.show(newx)}")
        try:
            raw = np.asarray(newx)
            if raw.dtype.kind in "USc":
                raise ValueError("text")
            xa = np.asarray(raw, dtype=np.float64)
        except (TypeError, ValueError):
            raise InputError(f"newx must be a numeric 2-D array or DataFrame; got {V.show(newx)}") from None
        if xa.ndim == 1:
            xa = xa[None, :]
        if xa.shape[1] != self.beta.shape[0]:
            raise InputError(f"The number of variables in newx must be {self.beta.shape[0]} (got {xa.shape[1]})")
        if not np.isfinite(xa).all():
            i, j = np.argwhere(~np.isfinite(xa))[0]
            raise InputError(f"newx has a non-finite value at row {i + 1}, column {self.names[j]!r}")
        scalar = s is not None and np.ndim(s) == 0
        if s is None:
            left = np.arange(self.lambda_.shape[0])
            right = left.copy()
            frac = np.ones(left.shape[0])
        else:
            left, right, frac = lambda_interp(self.lambda_, s_arr)
        eta = _link_interp(np.ascontiguousarray(xa.T), self.a0, np.ascontiguousarray(self.beta),
                           left.astype(np.int64), right.astype(np.int64), frac.astype(np.float64))
        if type == "response":
            eta = _plogis_mat(eta)
        elif type == "class":
            eta = (eta > 0).astype(np.int64)
        if index is not None:  # a DataFrame in, R's names out: the rows' index, columns as R's s1.. / s0..
            if scalar:
                return pd.Series(eta[:, 0], index=index, name="s1")
            first = 0 if s is None else 1
            return pd.DataFrame(eta, index=index, columns=[f"s{j + first}" for j in range(eta.shape[1])])
        return eta[:, 0] if scalar else eta

    # -- printing: glmnet's print.glmnet ------------------------------------------------------
    def _table_lines(self) -> list[str]:
        from . import _printing as P
        cols = {"Df": self.df, "%Dev": P.r_round(self.dev_ratio * 100, 2), "Lambda": P.signif(self.lambda_, 4)}
        return P.print_anova(cols, [str(i + 1) for i in range(len(self.df))], digits=5, nozap=("Df",)).split("\n")

    def __str__(self) -> str:
        """``print(fit)`` as glmnet prints it: the call, then Df, %Dev and Lambda along the path."""
        return "\n".join(["", f'Call:  glmnet(x = x, y = y, family = "{self._family}") ', "", *self._table_lines()])

    def __repr__(self) -> str:
        from . import _printing as P
        t = self._table_lines()
        return P.short("\n".join(["", f'Call:  glmnet(x = x, y = y, family = "{self._family}") ', "",
                                   t[0], *P.head_tail(t[1:], 5)]))

    def _repr_html_(self) -> str:
        from . import _printing as P
        t = [ln.split() for ln in self._table_lines()[1:]]
        keep = P.head_tail(list(range(len(t))), 10)
        rows = [t[i] if isinstance(i, int) else ["...", "", "", ""] for i in keep]
        cols = [[r[k] for r in rows] for k in (1, 2, 3)]
        return P.html_block(f"glmnet path: {len(self.lambda_)} lambdas, {self.beta.shape[0]} variables, "
                            f"{self.nobs} observations",
                            P.html_table(cols, ["Df", "%Dev", "Lambda"], [r[0] for r in rows]))

    def nonzero(self) -> list[list[int]]:
        return [np.flatnonzero(self.beta[:, j] != 0).tolist() for j in range(self.beta.shape[1])]

    def to_dict(self) -> dict:
        return _jsonable({
            "lambda": self.lambda_, "a0": self.a0, "beta": self.beta, "df": self.df,
            "dev_ratio": self.dev_ratio, "nulldev": float(self.nulldev), "npasses": int(self.npasses),
            "jerr": int(self.jerr), "names": list(self.names), "nobs": int(self.nobs),
        })


@dataclass
class CvGlmnetFit:
    """R's ``cv.glmnet`` object for the binomial family.

    Attributes
    ----------
    lambda_, cvm, cvsd, cvup, cvlo, nzero : numpy.ndarray
        R's fields along the lambda sequence.
    name : str
        R's name of the measure.
    type_measure : str
        The measure.
    glmnet_fit : GlmnetFit
        The full-data path.
    lambda_min, lambda_1se : float
        R's chosen lambdas.
    index : numpy.ndarray
        Their 1-based positions.
    foldid : numpy.ndarray
        1-based fold ids.
    nfolds : int
        Folds.
    grouped : bool
        R's ``grouped``.
    fit_preval : numpy.ndarray or None
        Out-of-fold fits (``keep=True``).
    """

    lambda_: np.ndarray
    cvm: np.ndarray
    cvsd: np.ndarray
    cvup: np.ndarray
    cvlo: np.ndarray
    nzero: np.ndarray
    name: str
    type_measure: str
    glmnet_fit: GlmnetFit
    lambda_min: float
    lambda_1se: float
    index: np.ndarray
    foldid: np.ndarray
    nfolds: int
    grouped: bool
    fit_preval: np.ndarray | None = None

    def _s(self, s) -> float:
        if isinstance(s, str):
            if s in ("lambda.1se", "lambda_1se"):
                return self.lambda_1se
            if s in ("lambda.min", "lambda_min"):
                return self.lambda_min
            raise InputError(f"s must be 'lambda.min', 'lambda.1se' or a number, not {s!r}")
        _as_s(s)  # a number (or vector) >= 0: NaN, Inf, text in a list, True/False raise here
        return s

    def coef(self, s="lambda.1se") -> pd.Series | pd.DataFrame:
        """R's ``coef(cvfit, s)``: at "lambda.1se" (default), "lambda.min" or a number; a Series indexed
        as R's rownames ("(Intercept)" first, then the column names)."""
        return self.glmnet_fit.coef(self._s(s))

    def coef_series(self, s="lambda.1se") -> pd.Series:
        return self.glmnet_fit.coef_series(self._s(s))

    def predict(self, newx, s="lambda.1se", type: str = "link") -> np.ndarray | pd.Series | pd.DataFrame:
        """R's ``predict(cvfit, newx, s, type)``; a DataFrame ``newx`` gives a Series with its index."""
        return self.glmnet_fit.predict(newx, self._s(s), type=type)

    def selected(self, s="lambda.1se") -> list[str]:
        """Names of the variables with a nonzero coefficient at s."""
        c = np.asarray(self.coef(s), dtype=float)[1:]
        return [nm for nm, b in zip(self.glmnet_fit.names, c) if b != 0]

    # -- printing: glmnet's print.cv.glmnet ---------------------------------------------------
    def _table(self) -> tuple[dict[str, list[float]], list[str]]:
        idx = [int(np.flatnonzero(self.lambda_ == v)[0]) for v in (self.lambda_min, self.lambda_1se)]
        cols = {"Lambda": [self.lambda_min, self.lambda_1se], "Index": [i + 1 for i in idx],
                "Measure": [float(self.cvm[i]) for i in idx], "SE": [float(self.cvsd[i]) for i in idx],
                "Nonzero": [float(self.nzero[i]) for i in idx]}
        return cols, ["min", "1se"]

    def _call(self) -> str:
        extra = "" if self.type_measure == "deviance" else f', type.measure = "{self.type_measure}"'
        extra += "" if self.nfolds == 10 else f", nfolds = {self.nfolds}"
        return f'cv.glmnet(x = x, y = y, family = "binomial"{extra})'

    def __str__(self) -> str:
        """``print(cvfit)`` as glmnet prints it: the measure, then lambda.min and lambda.1se with their
        index, measure, SE and number of nonzero coefficients."""
        from . import _printing as P
        cols, rows = self._table()
        return "\n".join(["", f"Call:  {self._call()} ", "", f"Measure: {self.name} ", "",
                          P.print_anova(cols, rows, digits=4)])

    def __repr__(self) -> str:
        from . import _printing as P
        return P.short(str(self))

    def _repr_html_(self) -> str:
        from . import _printing as P
        cols, rows = self._table()
        cells = [ln.split()[1:] for ln in P.print_anova(cols, rows, digits=4).split("\n")[1:]]
        return P.html_block(f"cv.glmnet: {len(self.lambda_)} lambdas, {self.nfolds} folds; Measure: {self.name}",
                            P.html_table([[c[k] for c in cells] for k in range(5)], list(cols), rows))

    def to_dict(self) -> dict:
        return _jsonable({
            "lambda": self.lambda_, "cvm": self.cvm, "cvsd": self.cvsd, "cvup": self.cvup,
            "cvlo": self.cvlo, "nzero": self.nzero, "name": self.name, "type_measure": self.type_measure,
            "lambda_min": float(self.lambda_min), "lambda_1se": float(self.lambda_1se),
            "index": {"min": int(self.index[0]), "1se": int(self.index[1])},
            "foldid": self.foldid, "nfolds": int(self.nfolds), "grouped": bool(self.grouped),
            "coef_min": self.coef("lambda.min").to_numpy(), "coef_1se": self.coef("lambda.1se").to_numpy(),
            "names": ["(Intercept)", *self.glmnet_fit.names],
            "glmnet_fit": self.glmnet_fit.to_dict(),
        })


# ---------------------------------------------------------------------------------------
# glmnet
# ---------------------------------------------------------------------------------------
def _sayer(warned: list | None):
    """R's warnings of a path fit: issued as RWarning, or collected in ``warned`` (a fold fit on a worker,
    whose warnings the caller re-issues in fold order)."""

    def say(msg: str) -> None:
        if warned is None:
            warnings.warn(msg, RWarning, stacklevel=4)
        else:
            warned.append(msg)
    return say


def _fit_arrays(xarr: np.ndarray, y: np.ndarray, w: np.ndarray, *, alpha, nlambda, lambda_min_ratio,
                lambda_, standardize, thresh, maxit, vp, dfmax, pmax, names, nobs_for_ratio=None,
                warn_small_class=True, warned: list | None = None) -> GlmnetFit:
    """The body of glmnet()/lognet() on already-checked arrays (x is not modified).

    R's warnings are issued as ``RWarning``, or appended to ``warned`` when it is a list (a fold fit
    on a worker, whose warnings the caller re-issues in fold order)."""

    say = _sayer(warned)
    nobs, nvars = xarr.shape
    if warn_small_class:
        n1 = int((y == 1.0).sum())
        n0 = nobs - n1
        if n0 == 0 or n1 == 0:
            raise InputError(f"y has only one class ({'1' if n0 == 0 else '0'} in all {nobs} rows); "
                             "binomial glmnet needs both 0 and 1")
        minclass = min(n0, n1)
        if minclass <= 1:
            raise InputError(f"one binomial class has {minclass} observation(s); not allowed "
                             f"(R: 'one multinomial or binomial class has 1 or 0 observations')")
        if minclass < 8:
            say("one multinomial or binomial class has fewer than 8  observations; dangerous ground "
                f"(class {'0' if n0 < n1 else '1'} has {minclass})")
    keep = w > 0
    if not keep.all():
        xs_in = xarr[keep]
        y = y[keep]
        w = w[keep]
    else:
        xs_in = xarr
    if lambda_ is None:
        if lambda_min_ratio is None:
            lambda_min_ratio = 0.01 if nobs < nvars else 1e-4
        if lambda_min_ratio >= 1:
            raise InputError("lambda_min_ratio should be less than 1")
        flmin = float(lambda_min_ratio)
        ulam = np.zeros(1)
        nlam = int(nlambda)
    else:
        lam = np.atleast_1d(np.asarray(lambda_, dtype=np.float64))
        if np.isnan(lam).any():
            raise InputError("lambda_ has a missing value")
        if (lam < 0).any():
            raise InputError("lambdas should be non-negative")
        flmin = 1.0
        ulam = np.sort(lam)[::-1].copy()
        nlam = ulam.shape[0]
    if nlam < 1:
        raise InputError("nlambda must be at least 1")
    ne = int(dfmax) if dfmax is not None else nvars + 1
    nx = int(pmax) if pmax is not None else min(ne * 2 + 20, nvars)
    # at most nvars variables can enter: a larger pmax changes nothing but the size of the work arrays
    nx = min(nx, nvars)
    # penalty factors: Inf -> excluded; normalised as glmnetpp's normalize_penalty
    vp = vp.copy()
    excl = np.isinf(vp)
    vp[excl] = 1.0
    if vp.max() <= 0:
        raise InputError("All penalty factors are <= 0 (R: 'from glmnet C++ code (error code 10000)')")
    vq = np.maximum(vp, 0.0)
    vq = vq * (vq.shape[0] / _esum(vq))
    cl = np.empty((2, nvars))
    cl[0, :] = -_BIG
    cl[1, :] = _BIG

    xt = np.ascontiguousarray(xs_in.T, dtype=np.float64)  # a copy: standardised in place
    if xt is xs_in or np.shares_memory(xt, xarr):
        xt = xt.copy()
    ju, ww, xm, xs, sw = _prepare(xt, np.ascontiguousarray(w, dtype=np.float64), bool(standardize))
    ju[excl] = False
    if not ju.any():
        raise InputError("All used predictors have zero variance (R: 'from glmnet C++ code (error code 7777)')")
    if standardize:
        cl = cl * xs[None, :]
    yv = np.ascontiguousarray(y, dtype=np.float64)
    lmu, a0, ca, ia, kin, dev0, dev, alm, nlp, jerr = _lognet_path(
        xt, yv, ww, ju, vq, cl, ne, nx, nlam, flmin, ulam, float(thresh), int(maxit), float(alpha),
        _FDEV, _DEVMAX, _EPS, _BIG, _MNLAM, _PMIN)
    if jerr > 0:
        cls = jerr - 8000 if jerr < 9000 else jerr - 9000
        sign = "<" if jerr < 9000 else ">"
        raise InputError(f"Null probability for class {cls} {sign} 1.0e-5 (R: from glmnet C++ code (error code {jerr}))")
    if jerr < 0:
        k = -jerr if jerr > -10000 else -jerr - 10000
        if jerr > -10000:
            msg = (f"from glmnet C++ code (error code {jerr}); Convergence for {k}th lambda value not reached "
                   f"after maxit={int(maxit)} iterations; solutions for larger lambdas returned")
        else:
            msg = (f"from glmnet C++ code (error code {jerr}); Number of nonzero coefficients along the path "
                   f"exceeds pmax={nx} at {k}th lambda value; solutions for larger lambdas returned")
        say(msg)
    nulldev = dev0 * (2.0 * sw)
    beta = np.zeros((nvars, lmu))
    a0o = np.empty(lmu)
    for k in range(lmu):
        nk = int(kin[k])
        c = ca[:nk, k].copy()
        if standardize:
            c = c / xs[ia[:nk]]
        acc = a0[k]
        for i in range(nk):
            acc -= c[i] * xm[ia[i]]
        a0o[k] = acc
        beta[ia[:nk], k] = c
    if lmu < 1:
        say("an empty model has been returned; probably a convergence issue")
        return GlmnetFit(a0=np.zeros(1), beta=np.zeros((nvars, 1)), df=np.zeros(1, dtype=np.int64),
                         lambda_=np.array([np.inf]), dev_ratio=np.zeros(0), nulldev=nulldev, npasses=int(nlp),
                         jerr=int(jerr), names=names, nobs=nobs, alpha=alpha, standardize=bool(standardize))
    df = (beta != 0).sum(axis=0).astype(np.int64)
    lam = alm[:lmu].copy()
    if lambda_ is None and lam.shape[0] > 2:
        lam[0] = math.exp(2.0 * math.log(lam[1]) - math.log(lam[2]))
    return GlmnetFit(a0=a0o, beta=beta, df=df, lambda_=lam, dev_ratio=dev[:lmu].copy(), nulldev=float(nulldev),
                     npasses=int(nlp), jerr=int(jerr), names=names, nobs=nobs, alpha=float(alpha),
                     standardize=bool(standardize))


def _family(family) -> str:
    if not isinstance(family, str) or family not in ("binomial", "cox"):
        raise InputError(f"family must be 'binomial' or 'cox', not {family!r}")
    return family


def _check_common(x, y, weights, penalty_factor, alpha, *, cox: bool = False):
    alpha = V.number(alpha, "alpha")
    xarr, names = _as_x(x)
    n, p = xarr.shape
    yv = None if cox else _as_y(y, n)
    if weights is None:
        w = np.ones(n)
    else:
        w = V.float_vector(weights, "weights", low=0.0)
        if w.shape[0] != n:
            raise InputError(f"number of elements in weights ({w.shape[0]}) not equal to the number of rows of x ({n})")
        if not (w > 0).any():
            raise InputError("all weights are zero")
    if penalty_factor is None:
        vp = np.ones(p)
    else:
        # Inf excludes a variable (R's glmnet); NaN or a negative factor has no meaning
        vp = V.float_vector(penalty_factor, "penalty_factor", low=0.0, inf_ok=True, unit="position")
        if vp.shape[0] != p:
            raise InputError(f"the length of penalty_factor ({vp.shape[0]}) does not match the number of variables ({p})")
    if alpha > 1:
        warnings.warn("alpha >1; set to 1", RWarning, stacklevel=3)
        alpha = 1.0
    if alpha < 0:
        warnings.warn("alpha<0; set to 0", RWarning, stacklevel=3)
        alpha = 0.0
    return xarr, names, yv, w, vp, alpha


def glmnet(x: pd.DataFrame | ArrayLike, y: ArrayLike | None = None, *, alpha: float = 1.0, nlambda: int = 100,
           lambda_min_ratio: float | None = None, lambda_: ArrayLike | None = None, standardize: bool = True,
           thresh: float = 1e-7, maxit: int = 100000, weights: ArrayLike | None = None,
           penalty_factor: ArrayLike | None = None, dfmax: int | None = None, pmax: int | None = None,
           family: Literal["binomial", "cox"] = "binomial", time: ArrayLike | None = None,
           event: ArrayLike | None = None) -> GlmnetFit:
    """Fit the binomial or Cox LASSO (elastic-net) path, number for number as ``glmnet::glmnet`` 4.1-6.

    ``family="cox"`` takes the survival response as ``y`` with two columns (time, status; a DataFrame's
    columns "time" and "status" by name), as R's ``Surv`` matrix, or as ``time=`` and ``event=``; it returns a
    :class:`~cmvt_core.lasso_cox.CoxnetFit` (no intercept; ``predict(type="response")`` is ``exp(link)``).

    Arguments are checked as R would take them, without R's silent coercions: ``alpha``, ``thresh``
    and ``lambda_min_ratio`` finite (NaN is R's "missing value where TRUE/FALSE needed"), ``nlambda``
    a whole number in 1..10 000 (R truncates 1.5 to 1), ``standardize`` True or False (R coerces "no"
    to NA with a warning), ``s`` of coef/predict finite and >= 0; a column named "(Intercept)" or
    "Intercept" is refused (the coefficient tables would hold two intercepts).

    Parameters
    ----------
    x : pandas.DataFrame or array_like
        The predictors: a DataFrame (its column names name the coefficients) or a 2-D array (names
        x1..xp).
    y : array_like or None, default None
        The 0/1 outcome (binomial); for ``family="cox"`` a two-column (time, status) array or DataFrame, or
        None with ``time`` and ``event``.
    alpha : float, default 1.0
        The elastic-net mixing (1 = LASSO, 0 = ridge).
    nlambda : int, default 100
        The number of lambda values.
    lambda_min_ratio : float or None, default None
        The smallest lambda as a fraction of the largest; None is glmnet's (0.01 if n < p, else 1e-4).
    lambda_ : array_like or None, default None
        A user lambda sequence (R's ``lambda``).
    standardize : bool, default True
        Standardise x (1/N variance) before fitting; coefficients are returned on x's scale.
    thresh : float, default 1e-7
        The convergence threshold of coordinate descent.
    maxit : int, default 100000
        The maximum number of passes over the data.
    weights : array_like or None, default None
        Observation weights; None is all ones.
    penalty_factor : array_like or None, default None
        Per-variable penalty factors (R's ``penalty.factor``); None is all ones.
    dfmax : int or None, default None
        Limit on the number of variables in the model; None is p + 1.
    pmax : int or None, default None
        Limit on the number of variables ever nonzero; None is glmnet's ``min(2 * dfmax + 20, p)``.
    family : {"binomial", "cox"}, default "binomial"
        The binomial (lognet) or the Cox (coxnet: Breslow ties, right-censored, no strata) path.
    time : array_like or None, default None
        Survival times (> 0), for ``family="cox"`` when ``y`` is None.
    event : array_like or None, default None
        Event indicators (1 = event, 0 = censored), for ``family="cox"`` when ``y`` is None.

    Returns
    -------
    GlmnetFit
        ``lambda_``, ``a0``, ``beta`` (p, L), ``df``, ``dev_ratio``, ``nulldev``, ``npasses``, and
        ``coef(s)`` / ``predict(newx, s)`` interpolating between grid points as ``exact=FALSE``
        (a ``CoxnetFit`` for ``family="cox"``).

    Raises
    ------
    InputError
        For arguments R refuses or would coerce silently (see above).

    Notes
    -----
    R call: ``glmnet::glmnet(x, y, family = "binomial", alpha = alpha, nlambda = nlambda,
    standardize = standardize, thresh = thresh, maxit = maxit)`` (glmnet 4.1-6); for the Cox family
    ``glmnet::glmnet(x, survival::Surv(time, event), family = "cox", ...)`` (its Fortran ``coxnet``).

    Examples
    --------
    >>> from cmvt_core import glmnet
    >>> from cmvt_core.datasets import load_cmvt_cohort
    >>> d = load_cmvt_cohort().astype(float)
    >>> fit = glmnet(d[["age_group", "bmi", "pre_ddimer", "post_nlr"]], d["cmvt"])
    >>> len(fit.lambda_), round(float(fit.lambda_[0]), 6)
    (49, 0.135939)
    >>> fit.coef(0.01).round(4).to_dict()
    {'(Intercept)': -2.2241, 'age_group': 1.1413, 'bmi': 0.0, 'pre_ddimer': 0.2801, 'post_nlr': 0.1192}

    The Cox family, on survival's lung data:

    >>> from cmvt_core.datasets import load_survival
    >>> lung = load_survival("lung").dropna(subset=["age", "sex", "ph.ecog", "ph.karno", "wt.loss"])
    >>> cfit = glmnet(lung[["age", "sex", "ph.ecog", "ph.karno", "wt.loss"]], family="cox",
    ...               time=lung["time"], event=lung["status"] == 2)
    >>> len(cfit.lambda_), cfit.coef(0.05).round(4).to_dict()
    (49, {'age': 0.0062, 'sex': -0.4091, 'ph.ecog': 0.367, 'ph.karno': 0.0, 'wt.loss': -0.0007})
    """
    family = _family(family)
    nlambda, lambda_min_ratio, lambda_, standardize, thresh, maxit, dfmax, pmax = _path_args(
        nlambda, lambda_min_ratio, lambda_, standardize, thresh, maxit, dfmax, pmax)
    if family == "cox":
        from . import lasso_cox as C
        xarr, names, _, w, vp, alpha = _check_common(x, None, weights, penalty_factor, alpha, cox=True)
        t, e = C.as_surv(y, time, event, xarr.shape[0])
        fit = C.fit_arrays(xarr, t, e, w, alpha=alpha, nlambda=nlambda, lambda_min_ratio=lambda_min_ratio,
                           lambda_=lambda_, standardize=standardize, thresh=thresh, maxit=maxit, vp=vp,
                           dfmax=dfmax, pmax=pmax, names=names)
        fit.call = {"family": "cox", "alpha": alpha, "nlambda": nlambda, "lambda_min_ratio": lambda_min_ratio,
                    "standardize": bool(standardize), "thresh": thresh, "maxit": maxit}
        return fit
    if time is not None or event is not None:
        raise InputError("time= and event= are for family='cox'; the binomial family takes y")
    if y is None:
        raise InputError("y is required (the 0/1 outcome)")
    xarr, names, yv, w, vp, alpha = _check_common(x, y, weights, penalty_factor, alpha)
    fit = _fit_arrays(xarr, yv, w, alpha=alpha, nlambda=nlambda, lambda_min_ratio=lambda_min_ratio,
                      lambda_=lambda_, standardize=standardize, thresh=thresh, maxit=maxit, vp=vp,
                      dfmax=dfmax, pmax=pmax, names=names)
    fit.call = {"alpha": alpha, "nlambda": nlambda, "lambda_min_ratio": lambda_min_ratio,
                "standardize": bool(standardize), "thresh": thresh, "maxit": maxit}
    return fit


# ---------------------------------------------------------------------------------------
# cv.glmnet
# ---------------------------------------------------------------------------------------
def fold_ids(n: int, nfolds: int = 10, seed: int | None = None, rng: RRNG | None = None) -> np.ndarray:
    """Draw cv.glmnet's fold ids with R's random number generator.

    Parameters
    ----------
    n : int
        The number of observations.
    nfolds : int, default 10
        The number of folds.
    seed : int or None, default None
        ``set.seed(seed)`` before drawing (ignored when ``rng`` is given).
    rng : RRNG or None, default None
        An R generator to draw from (its state advances).

    Returns
    -------
    numpy.ndarray
        n fold ids in 1..nfolds (1-based, as R's).

    Notes
    -----
    R call: ``set.seed(seed); sample(rep(seq(nfolds), length = n))`` (as ``glmnet::cv.glmnet`` draws
    ``foldid``).

    Examples
    --------
    >>> from cmvt_core.lasso import fold_ids
    >>> fold_ids(10, nfolds=3, seed=1).tolist()
    [3, 1, 1, 1, 2, 2, 3, 1, 3, 2]
    """
    rng = rng if rng is not None else RRNG(seed)
    v = (np.arange(n) % nfolds) + 1
    perm = rng.sample(n)
    return v[np.asarray(perm, dtype=np.int64) - 1]


def _weighted_mean_cols(mat: np.ndarray, w: np.ndarray) -> np.ndarray:
    """``apply(mat, 2, weighted.mean, w = w, na.rm = TRUE)``."""
    ok = ~np.isnan(mat)
    ww = np.where(ok, w[:, None], 0.0)
    with np.errstate(invalid="ignore"):  # Inf * 0 of a weightless row: dropped as R's (x*w)[w != 0]
        xw = np.where(ok & (ww != 0), np.where(ok, mat, 0.0) * ww, 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        return col_sums(xw) / col_sums(ww)


def _auc_weighted(yv: np.ndarray, prob: np.ndarray, w: np.ndarray) -> float:
    """glmnet's auc.mat: survival::concordance(Y ~ Prob, weights) with Y duplicated as 0/1 rows."""
    w1 = w * yv
    w0 = w * (1.0 - yv)
    pos = w1 > 0
    neg = w0 > 0
    if not pos.any() or not neg.any():
        return math.nan
    # pairs (event i, non-event j): concordant if p_i > p_j, tied counts 1/2
    pn = prob[neg]
    wn = w0[neg]
    o = np.argsort(pn, kind="stable")
    pn, wn = pn[o], wn[o]
    cw = np.concatenate([[0.0], np.cumsum(wn)])
    pp = prob[pos]
    wp = w1[pos]
    lo = np.searchsorted(pn, pp, side="left")
    hi = np.searchsorted(pn, pp, side="right")
    below = cw[lo]
    tied = cw[hi] - cw[lo]
    total = cw[-1]
    conc = float(np.sum(wp * below))
    tie = float(np.sum(wp * tied))
    disc = float(np.sum(wp * (total - cw[hi])))
    return (conc + tie / 2.0) / (conc + disc + tie)


def _fold_fit(xarr, yv, w, foldid, fit_kw, k):
    """The path fitted without fold ``k`` (a picklable task for any backend), with the warnings it
    raised as (message, category) pairs."""
    tr = foldid != k
    warned: list[str] = []
    fit = _fit_arrays(xarr[tr], yv[tr], w[tr], warned=warned, **fit_kw)
    return fit, warned


@fill_doc
def cv_glmnet(x: pd.DataFrame | ArrayLike, y: ArrayLike | None = None, *, nfolds: int = 10,
              foldid: ArrayLike | None = None, seed: int | None = None,
              type_measure: Literal["deviance", "mse", "class", "auc", "mae", "C", "default"] | None = "deviance",
              weights: ArrayLike | None = None, lambda_: ArrayLike | None = None, grouped: bool = True,
              keep: bool = False, n_jobs: int | None = DEFAULT_N_JOBS,
              backend: Literal["threads", "processes", "dask"] = DEFAULT_BACKEND,
              progress: bool | None = None, time: ArrayLike | None = None, event: ArrayLike | None = None,
              **glmnet_args: Any) -> CvGlmnetFit:
    """Cross-validate the binomial or Cox LASSO as ``glmnet::cv.glmnet`` after ``set.seed(seed)``.

    Folds are ``sample(rep(seq(nfolds), length = N))`` drawn with R's generator, unless
    ``foldid`` (1-based) is given.  Every fold fit builds its own lambda grid and is
    interpolated at the full-data grid, as R does.  ``type_measure``: "deviance" (default),
    "mse", "class", "auc" (switched to deviance with R's warning when N/nfolds < 10) or "mae".
    ``n_jobs`` / ``backend`` spread the fold fits over workers with the same setting and default as
    every bootstrap (:func:`cmvt_core.parallel.resolve_jobs`: ``n_jobs=None`` is serial for small data
    and all cores once N x nfolds is large; threads, processes or a Dask cluster); the numbers do not
    depend on it, and the folds' warnings are re-issued in fold order.  With ``family="cox"`` (the response as
    for :func:`glmnet`) the measure is the partial-likelihood "deviance" (Verweij-van Houwelingen, R's default)
    or "C" (Harrell's C per fold); other measures fall back to deviance with R's warning.
    ``nfolds`` is a whole number in 3..N
    (R's "nfolds must be bigger than 3; nfolds=10 recommended" below 3; more folds than observations
    would leave folds empty), and a ``foldid``'s largest fold number is at most N.

    Parameters
    ----------
    x : pandas.DataFrame or array_like
        The predictors, as :func:`glmnet`.
    y : array_like or None, default None
        The 0/1 outcome; for ``family="cox"`` the two-column (time, status) response, or None with
        ``time`` and ``event``.
    nfolds : int, default 10
        The number of folds (3..N).
    foldid : array_like or None, default None
        1-based fold ids, one per row; None draws them with R's generator.
    seed : int or None, default None
        ``set.seed(seed)`` before the folds are drawn.
    type_measure : {"deviance", "mse", "class", "auc", "mae", "C"} or None, default "deviance"
        The cross-validated loss (None or "default" is deviance; "C" for the Cox family only).
    weights : array_like or None, default None
        Observation weights.
    lambda_ : array_like or None, default None
        A user lambda sequence.
    grouped : bool, default True
        R's ``grouped``: the loss per fold, then averaged.
    keep : bool, default False
        Keep the out-of-fold fits (``fit_preval``) and ``foldid``.
    {{n_jobs}}
    {{backend}}
    {{progress}}
    time : array_like or None, default None
        Survival times, for ``family="cox"`` when ``y`` is None.
    event : array_like or None, default None
        Event indicators, for ``family="cox"`` when ``y`` is None.
    **glmnet_args : dict
        Passed to :func:`glmnet`: ``alpha``, ``penalty_factor``, ``family``, ``nlambda``,
        ``lambda_min_ratio``, ``standardize``, ``thresh``, ``maxit``, ``dfmax``, ``pmax``.

    Returns
    -------
    CvGlmnetFit
        ``lambda_``, ``cvm``, ``cvsd``, ``cvup``, ``cvlo``, ``nzero``, ``lambda_min``, ``lambda_1se``,
        ``glmnet_fit`` (the full-data path) and ``coef(s)`` / ``predict(newx, s)``.

    Raises
    ------
    InputError
        For bad folds, an unknown measure or glmnet argument, or anything :func:`glmnet` refuses.

    Notes
    -----
    R call: ``set.seed(seed); glmnet::cv.glmnet(x, y, family = "binomial", nfolds = nfolds,
    type.measure = type_measure)`` (glmnet 4.1-6); for the Cox family ``set.seed(seed);
    glmnet::cv.glmnet(x, survival::Surv(time, event), family = "cox", nfolds = nfolds)``.

    Examples
    --------
    >>> from cmvt_core import cv_glmnet
    >>> from cmvt_core.datasets import load_cmvt_cohort
    >>> d = load_cmvt_cohort().astype(float)
    >>> cv = cv_glmnet(d[["age_group", "bmi", "pre_ddimer", "post_nlr"]], d["cmvt"], nfolds=5, seed=1)
    >>> round(cv.lambda_min, 6), round(cv.lambda_1se, 6)
    (0.013281, 0.048854)
    """
    tm = "deviance" if type_measure in (None, "default") else type_measure
    if not isinstance(tm, str) or (tm not in _MEASURE_NAMES and tm != "C"):
        raise InputError(f"type_measure must be one of 'deviance', 'mse', 'class', 'auc', 'mae', 'C', "
                         f"not {type_measure!r}")
    alpha = glmnet_args.pop("alpha", 1.0)
    penalty_factor = glmnet_args.pop("penalty_factor", None)
    family = _family(glmnet_args.pop("family", "binomial"))
    cox = family == "cox"
    if cox and tm not in ("deviance", "C"):
        warnings.warn(f"Only 'deviance', 'C'  available as type.measure for Cox models; 'deviance' used instead "
                      f"(not {tm!r})", RWarning, stacklevel=2)
        tm = "deviance"
    if not cox and tm == "C":
        raise InputError("type_measure='C' is for family='cox'")
    if not cox and (time is not None or event is not None):
        raise InputError("time= and event= are for family='cox'; the binomial family takes y")
    allowed = {"nlambda", "lambda_min_ratio", "standardize", "thresh", "maxit", "dfmax", "pmax"}
    unknown = set(glmnet_args) - allowed
    if unknown:
        raise InputError(f"unknown argument(s) for cv_glmnet: {sorted(unknown)}")
    nlambda, lambda_min_ratio, lambda_, standardize, thresh, maxit, dfmax, pmax = _path_args(
        glmnet_args.get("nlambda", 100), glmnet_args.get("lambda_min_ratio"), lambda_,
        glmnet_args.get("standardize", True), glmnet_args.get("thresh", 1e-7), glmnet_args.get("maxit", 100000),
        glmnet_args.get("dfmax"), glmnet_args.get("pmax"))
    if lambda_ is not None and lambda_.shape[0] < 2:
        raise InputError("Need more than one value of lambda for cv.glmnet")
    grouped = V.flag(grouped, "grouped")
    keep = V.flag(keep, "keep")
    n_jobs, backend = V.parallel(n_jobs, backend)
    V.flag(progress, "progress", none_ok=True)
    if foldid is None:
        nfolds = V.whole(nfolds, "nfolds", low=3, low_msg="nfolds must be bigger than 3; nfolds=10 recommended")
        V.seed(seed)
    if not cox and y is None:
        raise InputError("y is required (the 0/1 outcome)")
    xarr, names, yv, w, vp, alpha = _check_common(x, y, weights, penalty_factor, alpha, cox=cox)
    N = xarr.shape[0]
    if cox:
        from . import lasso_cox as C
        st, se = C.as_surv(y, time, event, N)
    if foldid is None:
        if nfolds > N:
            raise InputError(f"nfolds must be at most the number of observations (N = {N}); got {nfolds} "
                             "(a fold needs at least one observation)")
        foldid = fold_ids(N, nfolds, seed=seed)
    else:
        fi = V.float_vector(foldid, "foldid")
        if fi.shape[0] != N:
            raise InputError(f"foldid must have one entry per row of x ({N}), got {fi.shape[0]}")
        bad = (fi != np.round(fi)) | (fi < 1)
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            shown = np.asarray(foldid)[i] if np.asarray(foldid).dtype.kind in "iuO" else fi[i]
            raise InputError(f"foldid must hold integers 1..nfolds; found {V.show(shown)} at row {i + 1}")
        foldid = fi.astype(np.int64)
        nfolds = int(foldid.max())
        if nfolds > N:
            raise InputError(f"foldid's largest fold number ({nfolds}) exceeds the number of observations "
                             f"(N = {N}); number the folds 1..nfolds")
    if nfolds < 3:
        raise InputError("nfolds must be bigger than 3; nfolds=10 recommended")
    fit_kw = dict(alpha=alpha, nlambda=nlambda, lambda_min_ratio=lambda_min_ratio, lambda_=lambda_,
                  standardize=standardize, thresh=thresh, maxit=maxit, vp=vp, dfmax=dfmax, pmax=pmax, names=names)
    if cox:
        full = C.fit_arrays(xarr, st, se, w, **fit_kw)
        full.call = {"family": "cox", "alpha": alpha, "standardize": fit_kw["standardize"]}
        task, shared = C.fold_fit, (xarr, st, se, w, foldid, fit_kw)
    else:
        full = _fit_arrays(xarr, yv, w, **fit_kw)
        full.call = {"alpha": alpha, "standardize": fit_kw["standardize"]}
        task, shared = _fold_fit, (xarr, yv, w, foldid, fit_kw)

    n_jobs, backend = resolve_jobs(n_jobs, backend, N * nfolds)
    with Progress(progress, nfolds, "cv_glmnet: folds", unit="fold") as bar:  # a step per fold fitted
        parts = map_chunks(task, shared, range(1, nfolds + 1), n_jobs=n_jobs,
                           backend=backend, on_result=(lambda part: bar.update(1)) if bar.shown else None)
    outlist = [fit for fit, _ in parts]
    for _, caught in parts:  # each fold's warnings, in fold order, whichever worker fitted it
        for message in caught:
            warnings.warn(message, RWarning, stacklevel=2)

    lam = full.lambda_
    L = lam.shape[0]
    if cox:
        cvraw, cvw, Nvec, predmat = C.cv_raw(xarr, st, se, w, foldid, nfolds, lam, outlist, tm, grouped)
        return _cv_finish(cvraw, cvw, Nvec, lam, full, tm, "Partial Likelihood Deviance" if tm == "deviance"
                          else "C-index", foldid, nfolds, False, predmat if keep else None, cls=C.CvCoxnetFit)
    predmat = np.empty((N, L))
    for k in range(1, nfolds + 1):
        which = foldid == k
        if not which.any():
            continue
        f = outlist[k - 1]
        left, right, frac = lambda_interp(f.lambda_, lam)
        predmat[which] = _link_interp(np.ascontiguousarray(xarr[which].T), f.a0, np.ascontiguousarray(f.beta),
                                      left, right, frac)

    cvraw, cvw, Nvec, tm, grouped_used = _cv_lognet(predmat, yv, tm, w, foldid, nfolds, grouped)
    grouped = grouped_used
    if (N / nfolds < 3) and grouped:
        warnings.warn("Option grouped=FALSE enforced in cv.glmnet, since < 3 observations per fold",
                      RWarning, stacklevel=2)
        grouped = False
    if grouped:
        cvraw, cvw, Nvec = _cvcompute(cvraw, cvw, foldid, nfolds)
    return _cv_finish(cvraw, cvw, Nvec, lam, full, tm, _MEASURE_NAMES[tm], foldid, nfolds, grouped,
                      predmat if keep else None)


def _cv_finish(cvraw, cvw, Nvec, lam, full, tm, name, foldid, nfolds, grouped, fit_preval, cls=None):
    """cvstats (grouped already applied) and getOptcv.glmnet."""
    if cls is None:
        cls = CvGlmnetFit
    cvm = _weighted_mean_cols(cvraw, cvw)
    with np.errstate(invalid="ignore"):
        cvsd = np.sqrt(_weighted_mean_cols((cvraw - cvm[None, :]) ** 2, cvw) / (Nvec - 1))
    nz = full.df.copy()
    nas = np.isnan(cvsd)
    lam_out = lam
    if nas.any():
        lam_out, cvm, cvsd, nz = lam[~nas], cvm[~nas], cvsd[~nas], nz[~nas]
    cvm_sel = -cvm if tm in ("auc", "C") else cvm
    cvmin = np.nanmin(cvm_sel)
    lambda_min = float(np.nanmax(lam_out[cvm_sel <= cvmin]))
    idmin = int(np.flatnonzero(lam_out == lambda_min)[0])
    semin = (cvm_sel + cvsd)[idmin]
    lambda_1se = float(np.nanmax(lam_out[cvm_sel <= semin]))
    id1se = int(np.flatnonzero(lam_out == lambda_1se)[0])
    return cls(lambda_=lam_out.copy(), cvm=cvm, cvsd=cvsd, cvup=cvm + cvsd, cvlo=cvm - cvsd, nzero=nz,
               name=name, type_measure=tm, glmnet_fit=full, lambda_min=lambda_min, lambda_1se=lambda_1se,
               index=np.array([idmin + 1, id1se + 1]), foldid=np.asarray(foldid, dtype=np.int64),
               nfolds=nfolds, grouped=bool(grouped), fit_preval=fit_preval)


def _cv_lognet(predmat, y, tm, weights, foldid, nfolds, grouped):
    """glmnet's cv.lognet: per-observation losses (or per-fold AUC)."""
    N = y.shape[0]
    if (N / nfolds < 10) and tm == "auc":
        warnings.warn("Too few (< 10) observations per fold for type.measure='auc' in cv.lognet; changed to "
                      "type.measure='deviance'. Alternatively, use smaller value for nfolds", RWarning, stacklevel=3)
        tm = "deviance"
    prob = _plogis_mat(predmat)
    L = prob.shape[1]
    if tm == "auc":
        cvraw = np.full((nfolds, L), np.nan)
        for i in range(1, nfolds + 1):
            which = foldid == i
            for j in range(L):
                cvraw[i - 1, j] = _auc_weighted(y[which], prob[which, j], weights[which])
        fw = np.array([r_sum(weights[foldid == i]) for i in range(1, nfolds + 1)], dtype=np.float64)
        return cvraw, fw, np.full(L, float(nfolds)), tm, False
    y1 = (1.0 - y)[:, None]  # indicator of the first level (0)
    y2 = y[:, None]
    if tm == "mse":
        cvraw = (y1 - (1.0 - prob)) ** 2 + (y2 - prob) ** 2
    elif tm == "mae":
        cvraw = np.abs(y1 - (1.0 - prob)) + np.abs(y2 - prob)
    elif tm == "deviance":
        pm = np.minimum(np.maximum(prob, 1e-5), 1.0 - 1e-5)
        with np.errstate(divide="ignore", invalid="ignore"):
            lp = y1 * np.log(1.0 - pm) + y2 * np.log(pm)
        cvraw = 2.0 * (0.0 - lp)
    else:  # class
        cvraw = y1 * (prob > 0.5) + y2 * (prob <= 0.5)
    Nvec = np.full(L, float(N)) - np.isnan(predmat).sum(axis=0)
    return cvraw, weights.copy(), Nvec, tm, grouped


def _cvcompute(mat, weights, foldid, nfolds):
    """glmnet's cvcompute: per-fold weighted means; fold weights are the fold weight sums."""
    mat = np.where(np.isinf(mat), np.nan, mat)
    L = mat.shape[1]
    out = np.full((nfolds, L), np.nan)
    wisum = np.empty(nfolds)
    for i in range(1, nfolds + 1):
        sel = foldid == i
        wi = weights[sel]
        out[i - 1] = _weighted_mean_cols(mat[sel], wi)
        wisum[i - 1] = r_sum(wi)
    return out, wisum, np.full(L, float(nfolds))

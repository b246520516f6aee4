"""The Cox LASSO path and its cross-validation, number for number as R's glmnet 4.1-6.

``glmnet(x, y, family="cox")`` reproduces ``glmnet::glmnet(x, Surv(time, status), family = "cox")`` and
``cv_glmnet(..., family="cox")`` reproduces ``set.seed(s); glmnet::cv.glmnet(x, Surv(time, status), family =
"cox")``.  glmnet 4.1-6 fits a dense, right-censored, unstratified Cox model with its Fortran ``coxnet``
(ported in :mod:`cmvt_core.kernels.coxnet`); the cross-validated "deviance" is the Verweij-van Houwelingen
partial-likelihood deviance of ``buildPredmat.coxnetlist`` / ``coxnet.deviance`` (the fold's contribution
``D(full) - D(without the fold)`` at the fold fit's coefficients, divided by the fold's weighted number of
events), "C" Harrell's concordance of each fold.  See ``docs/R_ALGORITHMS.md`` ("glmnet's Cox family").
"""
from __future__ import annotations

import math
import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import _validate as V
from .errors import InputError, RWarning
from .kernels import coxnet as K
from .kernels.rbase import r_sum
from .lasso import CvGlmnetFit, GlmnetFit, _link_interp, _sayer, lambda_interp

__all__ = ["CoxnetFit", "CvCoxnetFit", "coxnet_deviance"]

_BIG = 9.9e35
_EPS = float(np.finfo(float).eps)


# ---------------------------------------------------------------------------------------
# the response
# ---------------------------------------------------------------------------------------
def as_surv(y, time, event, n: int) -> tuple[np.ndarray, np.ndarray]:
    """The Cox response as (time, status): ``y`` a two-column array or DataFrame (R's ``Surv`` matrix:
    columns "time" and "status" by name, else the first two in order), or ``time=`` and ``event=``."""
    if y is not None and (time is not None or event is not None):
        raise InputError("give the Cox response either as y (two columns: time, status) or as time= and event=, "
                         "not both")
    if y is None:
        if time is None or event is None:
            raise InputError("family='cox' needs the survival response: y with two columns (time, status), "
                             "or time= and event=")
        t = V.float_vector(time, "time")
        e = V.outcome01(event, "event")
    else:
        if isinstance(y, pd.DataFrame):
            cols = [str(c) for c in y.columns]
            if "time" in cols and "status" in cols:
                tcol, scol = y.columns[cols.index("time")], y.columns[cols.index("status")]
            elif y.shape[1] == 2:
                tcol, scol = y.columns[0], y.columns[1]
            else:
                raise InputError("Cox model requires a matrix with columns 'time' (>0) and 'status' (binary) as "
                                 f"a response; y has columns {cols}")
            t = V.float_vector(y[tcol], "time")
            e = V.outcome01(y[scol], "status")
        else:
            try:
                arr = np.asarray(y)
            except (TypeError, ValueError) as exc:
                raise InputError(f"y for family='cox' must be a two-column array (time, status): {exc}") from None
            if arr.ndim != 2 or arr.shape[1] != 2:
                raise InputError("Cox model requires a matrix with columns 'time' (>0) and 'status' (binary) as a "
                                 f"response; y has shape {arr.shape}")
            t = V.float_vector(arr[:, 0], "time")
            e = V.outcome01(arr[:, 1], "status")
    V.same_length("time", t.shape[0], "event", e.shape[0])
    if t.shape[0] != n:
        raise InputError(f"number of observations in y ({t.shape[0]}) not equal to the number of rows of x ({n})")
    bad = np.flatnonzero(t <= 0)
    if bad.size:
        raise InputError(f"Non-positive event times encountered; not permitted for Cox family (time "
                         f"{V.show(t[bad[0]])} at row {bad[0] + 1})")
    return t, e


def _shifted(time: np.ndarray, status: np.ndarray) -> np.ndarray:
    """``ty + (1 - tevent) * 100 * .Machine$double.eps`` (coxnet's "ties issue": censored after deaths)."""
    return time + (1.0 - status) * 100.0 * _EPS


# ---------------------------------------------------------------------------------------
# results
# ---------------------------------------------------------------------------------------
@dataclass
class CoxnetFit(GlmnetFit):
    """A Cox glmnet path (R's ``coxnet``/``glmnet`` object).  As :class:`~cmvt_core.lasso.GlmnetFit`
    without an intercept: ``a0`` is all zeros and ``coef`` gives the p coefficients only; ``predict``
    gives the linear predictor (``type="link"``) or ``exp`` of it (``type="response"``, the relative risk).

    Attributes
    ----------
    beta, df, lambda_, npasses
        As for the binomial fit.
    dev_ratio : numpy.ndarray
        Fraction of the null partial-likelihood deviance explained.
    nulldev : float
        The null deviance (``2 * sum(w) * (saturated - null log partial likelihood)`` with weights scaled to
        sum 1, as glmnet reports it).
    """

    _family = "cox"

    @property
    def _rownames(self) -> list[str]:
        return list(self.names)

    def coef(self, s=None) -> pd.Series | pd.DataFrame:
        """R's ``coef(fit, s)`` (``exact=FALSE``): the p coefficients (no intercept), a Series for a scalar s,
        a DataFrame for a vector of s (columns ``s1, s2, ...``) or the whole path for s=None."""
        if s is None:
            return pd.DataFrame(self.beta.copy(), index=self._rownames,
                                columns=[f"s{j}" for j in range(self.beta.shape[1])])
        scalar = np.ndim(s) == 0
        _, beta = self._interp(s)
        if scalar:
            return pd.Series(beta[:, 0], index=self._rownames, name="s1")
        return pd.DataFrame(beta, index=self._rownames, columns=[f"s{j + 1}" for j in range(beta.shape[1])])

    def predict(self, newx, s=None, type: str = "link") -> np.ndarray | pd.Series | pd.DataFrame:
        """R's ``predict(fit, newx, s, type)`` for a coxnet: ``newx %*% beta(s)`` ("link") or its ``exp``
        ("response")."""
        if type not in ("link", "response"):
            raise InputError(f"type must be 'link' or 'response' for family='cox', not {type!r}")
        eta = GlmnetFit.predict(self, newx, s, type="link")
        return np.exp(eta) if type == "response" else eta

    def to_dict(self) -> dict:
        out = super().to_dict()
        out.pop("a0", None)
        out["family"] = "cox"
        return out


@dataclass
class CvCoxnetFit(CvGlmnetFit):
    """R's ``cv.glmnet`` object for the Cox family (fields as :class:`~cmvt_core.lasso.CvGlmnetFit`).

    Attributes
    ----------
    lambda_, cvm, cvsd, cvup, cvlo, nzero : numpy.ndarray
        R's fields along the lambda sequence (cvm: the partial-likelihood deviance per event, or the C-index).
    name : str
        "Partial Likelihood Deviance" or "C-index".
    glmnet_fit : CoxnetFit
        The full-data path.
    lambda_min, lambda_1se : float
        R's chosen lambdas.
    foldid : numpy.ndarray
        1-based fold ids.
    """

    def selected(self, s="lambda.1se") -> list[str]:
        c = np.asarray(self.coef(s), dtype=float)
        return [nm for nm, b in zip(self.glmnet_fit.names, c) if b != 0]

    def _call(self) -> str:
        extra = "" if self.type_measure == "deviance" else f', type.measure = "{self.type_measure}"'
        extra += "" if self.nfolds == 10 else f", nfolds = {self.nfolds}"
        return f'cv.glmnet(x = x, y = y, family = "cox"{extra})'

    def to_dict(self) -> dict:
        out = super().to_dict()
        out["names"] = list(self.glmnet_fit.names)
        out["family"] = "cox"
        return out


# ---------------------------------------------------------------------------------------
# the path
# ---------------------------------------------------------------------------------------
def _coxnet_message(jerr: int, maxit: int, nx: int) -> tuple[bool, str]:
    """glmnet's jerr.coxnet (fatal?, message)."""
    pre = f"from glmnet C++ code (error code {jerr}); "
    if jerr > 0:
        msg = {7777: "All used predictors have zero variance", 10000: "All penalty factors are <= 0",
               8888: "All observations censored - cannot proceed", 9999: "No positive observation weights",
               20000: "Inititialization numerical error; probably too many censored observations",
               30000: "Inititialization numerical error; probably too many censored observations"}.get(
                   jerr, "Unknown error")
        return True, pre + msg
    if jerr <= -30000:
        return False, pre + (f"Numerical error at {-jerr - 30000}th lambda value; solutions for larger values of "
                             "lambda returned")
    if jerr > -10000:
        return False, pre + (f"Convergence for {-jerr}th lambda value not reached after maxit={maxit} iterations; "
                             "solutions for larger lambdas returned")
    return False, pre + (f"Number of nonzero coefficients along the path exceeds pmax={nx} at {-jerr - 10000}th "
                         "lambda value; solutions for larger lambdas returned")


def fit_arrays(xarr: np.ndarray, time: np.ndarray, status: np.ndarray, w: np.ndarray, *, alpha, nlambda,
               lambda_min_ratio, lambda_, standardize, thresh, maxit, vp, dfmax, pmax, names,
               warned: list | None = None) -> CoxnetFit:
    """glmnet() -> coxnet() on checked arrays (x is not modified)."""

    say = _sayer(warned)
    nobs, nvars = xarr.shape
    if lambda_ is None:
        if lambda_min_ratio is None:
            lambda_min_ratio = 0.01 if nobs < nvars else 1e-4
        flmin = float(lambda_min_ratio)
        ulam = np.zeros(1)
        nlam = int(nlambda)
    else:
        flmin = 1.0
        ulam = np.sort(np.asarray(lambda_, dtype=np.float64))[::-1].copy()
        nlam = ulam.shape[0]
    ne = int(dfmax) if dfmax is not None else nvars + 1
    nx = int(pmax) if pmax is not None else min(ne * 2 + 20, nvars)
    nx = max(min(nx, nvars), 1) if nvars else 1
    vp = np.array(vp, dtype=np.float64)
    excl = np.isinf(vp)
    vp[excl] = 1.0
    ju = np.zeros(nvars, dtype=np.int64)
    for j in range(nvars):  # chkvars
        col = xarr[:, j]
        ju[j] = 1 if (col[1:] != col[0]).any() else 0
    ju[excl] = 0
    cl = np.empty((2, nvars))
    cl[0, :] = -_BIG
    cl[1, :] = _BIG
    xt = np.array(xarr.T, dtype=np.float64, order="C")  # a copy: standardised in place
    ty = _shifted(time, status)
    lmu, ca, ia, nin, dev0, dev, alm, nlp, jerr = K.coxnet(
        float(alpha), xt, np.ascontiguousarray(ty), np.ascontiguousarray(status, dtype=np.float64),
        np.ascontiguousarray(w, dtype=np.float64), ju, vp, cl, ne, nx, nlam, flmin, ulam, float(thresh),
        1 if standardize else 0, int(maxit))
    if jerr != 0:
        fatal, msg = _coxnet_message(int(jerr), int(maxit), nx)
        if fatal:
            raise InputError(msg)
        say(msg)
    if lmu < 1:
        say("an empty model has been returned; probably a convergence issue")
        return CoxnetFit(a0=np.zeros(1), beta=np.zeros((nvars, 1)), df=np.zeros(1, dtype=np.int64),
                         lambda_=np.array([np.inf]), dev_ratio=np.zeros(0), nulldev=float(dev0), npasses=int(nlp),
                         jerr=int(jerr), names=names, nobs=nobs, alpha=float(alpha), standardize=bool(standardize))
    beta = np.zeros((nvars, lmu))
    for k in range(lmu):
        nk = int(nin[k])
        beta[ia[:nk], k] = ca[:nk, k]
    df = (beta != 0).sum(axis=0).astype(np.int64)
    lam = alm[:lmu].copy()
    if lambda_ is None and lam.shape[0] > 2:  # fix.lam
        lam[0] = math.exp(2.0 * math.log(lam[1]) - math.log(lam[2]))
    return CoxnetFit(a0=np.zeros(lmu), beta=beta, df=df, lambda_=lam, dev_ratio=dev[:lmu].copy(),
                     nulldev=float(dev0), npasses=int(nlp), jerr=int(jerr), names=names, nobs=nobs,
                     alpha=float(alpha), standardize=bool(standardize))


# ---------------------------------------------------------------------------------------
# the partial-likelihood deviance
# ---------------------------------------------------------------------------------------
def _lsat(w: np.ndarray, ty: np.ndarray, status: np.ndarray) -> float:
    """The saturated log partial likelihood of coxnet.deviance0: ``-sum(wd * log(wd))`` with the event
    weights summed per distinct event time (``tapply(wd, tyd, sum)``: levels in increasing time)."""
    ev = status == 1
    wd = w[ev]
    tyd = ty[ev]
    if np.unique(tyd).shape[0] < tyd.shape[0]:
        levels = np.unique(tyd)
        wd = np.array([r_sum(wd[tyd == lv]) for lv in levels])
    wd = wd[wd > 0]
    return -r_sum(wd * np.log(wd))


def coxnet_deviance(x: np.ndarray, time: np.ndarray, event: np.ndarray, beta: np.ndarray,
                    weights: np.ndarray | None = None) -> np.ndarray:
    """glmnet's ``coxnet.deviance(x = x, y = Surv(time, status), weights = weights, beta = beta)``: the
    partial-likelihood deviance ``2 * (lsat - loglik)`` (Breslow ties) at each column of ``beta``.

    Parameters
    ----------
    x : numpy.ndarray
        (n, p) predictors.
    time : numpy.ndarray
        Survival times (> 0).
    event : numpy.ndarray
        Event indicators (1 = event, 0 = censored).
    beta : numpy.ndarray
        (p, L) coefficients (a 1-D beta is one column).
    weights : numpy.ndarray or None, default None
        Observation weights (rescaled to sum to n, as ``std.weights = TRUE``); None is all ones.

    Returns
    -------
    numpy.ndarray
        L deviances.

    Notes
    -----
    R call: ``glmnet::coxnet.deviance(x = x, y = survival::Surv(time, event), weights = weights,
    beta = beta)`` (glmnet 4.1-6; the log likelihood is its Fortran ``loglike``, x centred by its weighted
    means).

    Examples
    --------
    >>> import numpy as np
    >>> from cmvt_core.lasso_cox import coxnet_deviance
    >>> x = np.array([[1.0, 0.5], [0.0, 1.5], [2.0, 0.1], [1.0, 1.0], [0.5, 0.2]])
    >>> dev = coxnet_deviance(x, np.array([5.0, 3, 9, 4, 7]), np.array([1.0, 1, 0, 1, 1]), np.zeros((2, 1)))
    >>> round(float(dev[0]), 6)
    9.574983
    """
    from .lasso import _as_x
    xarr, _ = _as_x(x) if np.ndim(x) == 2 and np.shape(x)[1] >= 2 else (_x1(x), None)
    nobs = xarr.shape[0]
    time, status = as_surv(None, time, event, nobs)
    b = np.asarray(beta, dtype=np.float64) if not isinstance(beta, (str, bytes)) else None
    if b is None or b.dtype.kind not in "f" or b.ndim not in (1, 2) or b.shape[0] != xarr.shape[1]:
        raise InputError(f"beta must be a numeric (p, L) array with p = {xarr.shape[1]} rows; got {V.show(beta)}")
    b = b.reshape(b.shape[0], -1)
    if not np.isfinite(b).all():
        raise InputError("beta has a non-finite value")
    if weights is None:
        w = np.ones(nobs)
    else:
        w = V.float_vector(weights, "weights", low=0.0)
        V.same_length("weights", w.shape[0], "x", nobs, unit_b="rows")
        if not (w > 0).any():
            raise InputError("weights are all zero")
        w = nobs * w / r_sum(w)
    return _deviance(xarr, time, status, b, w)


def _deviance(x: np.ndarray, time: np.ndarray, status: np.ndarray, beta: np.ndarray, w: np.ndarray) -> np.ndarray:
    """coxnet.deviance0 on checked arrays, weights already scaled to sum to n."""
    ty = _shifted(time, status)
    lsat = _lsat(w, ty, status)
    flog, jerr = K.loglike(np.ascontiguousarray(x, dtype=np.float64), ty, np.ascontiguousarray(status, dtype=float),
                           w, np.ascontiguousarray(beta, dtype=np.float64))
    if jerr != 0:
        fatal, msg = _coxnet_message(int(jerr), 0, 0)
        if fatal:
            raise InputError(msg)
        warnings.warn(msg, RWarning, stacklevel=2)
    return 2.0 * (lsat - flog)


def _x1(x) -> np.ndarray:
    """A one-column (or 1-D) x of coxnet_deviance, checked as numbers."""
    arr = np.asarray(x)
    if arr.ndim == 1:
        arr = arr[:, None]
    if arr.ndim != 2 or arr.dtype.kind not in "biuf":
        raise InputError(f"x must be a numeric 2-D array; got {V.show(x)}")
    arr = arr.astype(np.float64)
    if not np.isfinite(arr).all():
        raise InputError("x has a non-finite value")
    return arr


# ---------------------------------------------------------------------------------------
# cv.glmnet for the cox family
# ---------------------------------------------------------------------------------------
def fold_fit(xarr, time, status, w, foldid, fit_kw, k):
    """The path fitted without fold ``k`` (a picklable task), with the warnings it raised."""
    tr = foldid != k
    warned: list[str] = []
    fit = fit_arrays(xarr[tr], time[tr], status[tr], w[tr], warned=warned, **fit_kw)
    return fit, warned


def _coefmat(fit: CoxnetFit, lam: np.ndarray) -> np.ndarray:
    """``predict(fitobj, type = "coefficients", s = lambda)``: beta[, left] * frac + beta[, right] * (1 - frac)."""
    left, right, frac = lambda_interp(fit.lambda_, lam)
    return fit.beta[:, left] * frac[None, :] + fit.beta[:, right] * (1.0 - frac)[None, :]


def _cindex(time, status, pred, w) -> float:
    """glmnet's Cindex: ``concordance(y ~ f, weights = weights)$concordance`` with ``f = -pred`` (unit weights)."""
    from .concordance import concordance
    if not (w == 1.0).all():
        raise InputError("type_measure='C' with weights other than 1 is not ported")
    try:
        return float(concordance(time, status, -pred, reverse=False).concordance)
    except InputError:
        return math.nan


def cv_raw(xarr, time, status, w, foldid, nfolds, lam, outlist, tm, grouped):
    """buildPredmat.coxnetlist + cv.coxnet: (cvraw, fold weights, N, predmat)."""
    N = xarr.shape[0]
    L = lam.shape[0]
    if (N / nfolds < 10) and not grouped:
        warnings.warn("Option grouped=TRUE enforced for cv.coxnet, since < 10 observations per fold", RWarning,
                      stacklevel=3)
        grouped = True
    predmat = np.full((N, L), np.nan)
    cvraw = np.full((nfolds, L), np.nan)
    def dev(rows, coef):  # coxnet.deviance(x[rows, ], y[rows, ], weights = weights[rows], beta = coef)
        wr = w[rows]
        return _deviance(xarr[rows], time[rows], status[rows], coef, wr.shape[0] * wr / r_sum(wr))

    everyone = np.ones(N, dtype=bool)
    for i in range(1, nfolds + 1):
        which = foldid == i
        coef = _coefmat(outlist[i - 1], lam)
        if tm == "deviance":
            if grouped:
                cvraw[i - 1] = dev(everyone, coef) - dev(~which, coef)
            else:
                cvraw[i - 1] = dev(which, coef)
        # Matrix's dense %*% sparse: per row, 0 plus x_k * b_k over the nonzero b_k in order
        left, right, frac = lambda_interp(outlist[i - 1].lambda_, lam)
        f = outlist[i - 1]
        predmat[which] = _link_interp(np.ascontiguousarray(xarr[which].T), np.zeros(f.lambda_.shape[0]),
                                      np.ascontiguousarray(f.beta), left, right, frac)
    if tm == "deviance":
        Nvec = nfolds - np.isnan(cvraw).sum(axis=0).astype(float)
        fw = np.array([r_sum((w * status)[foldid == i]) for i in range(1, nfolds + 1)])
        with np.errstate(divide="ignore", invalid="ignore"):  # a fold without events: R's NaN/Inf too
            cvraw = cvraw / fw[:, None]
    else:
        for i in range(1, nfolds + 1):
            which = foldid == i
            for j in range(L):
                cvraw[i - 1, j] = _cindex(time[which], status[which], predmat[which, j], w[which])
        Nvec = np.full(L, float(nfolds))
        fw = np.array([r_sum(w[foldid == i]) for i in range(1, nfolds + 1)])
    return cvraw, fw, Nvec, predmat

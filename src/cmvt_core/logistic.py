"""Binary logistic regression exactly as ``rms::lrm`` (rms 6.5-0) computes it.

``lrm_fit`` is the low-level fitter (``rms::lrm.fit``): the Fortran Newton-Raphson loop with its
start, step halving, singularity check and stopping rule, and rms's stats vector (binned C,
Dxy, Gamma, Tau-a, the R2 family, Brier, g, gr, gp).  ``lrm`` is the model-formula layer on top
(``rms::lrm(y ~ ., x=TRUE, y=TRUE)``): dummies named "var=level", a result object with
``coef``/``vcov``/``stats``/``predict``/``summary``.

Error messages count rows from 1, as R does: "row 8" is the 8th observation (with a DataFrame whose
index label differs, the label is given too).
"""
from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field
from typing import Any

import numba
import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from . import _printing as P
from . import _validate as V
from ._docs import fill_doc, register
from .errors import InputError, RWarning
from .formula import RmsFitMethods
from .glm import glm_fit
from .kernels import lrm_fit as K
from .kernels.distributions import pchisq, pnorm, qnorm
from .kernels.plogis import plogis_array as _plogis
from .kernels.hmisc import gini_md
from .kernels.linpack import solvet
from .kernels.rbase import r_sum

__all__ = ["LrmFitRaw", "lrm_fit", "lrm", "LrmFit"]


register(
    # the set-up of the examples that need an lrm fit: the CMVT cohort, two predictors
    lrm_example="""
        >>> from cmvt_core import lrm
        >>> from cmvt_core.datasets import load_cmvt_cohort
        >>> d = load_cmvt_cohort().astype(float)
        >>> fit = lrm(d[["age_group", "post_nlr"]], d["cmvt"])
    """,
)


# --------------------------------------------------------------------------------------------
# small pieces of R arithmetic (R's mean, sum and Hmisc's GiniMd live in cmvt_core.kernels)
def _r_num_name(v: float) -> str:
    """as.character(round(v, 1)) as R 4.2 prints it (15 significant digits)."""
    r = round(v, 1)
    s = format(r, ".15g")
    return s


def r2_measures(lr: float, p: int, n: float, ess) -> dict[str, float]:
    """Hmisc::R2Measures(lr, p, n, ess) with padj = 1: names carry n, p and the effective n."""
    def name(pp, nn):
        nn = _r_num_name(nn)
        return f"R2({nn})" if pp == 0 else f"R2({pp},{nn})"

    out = {}
    out[name(0, n)] = 1.0 - math.exp(-lr / n)
    out[name(p, n)] = 1.0 - math.exp(-max(lr - p, 0.0) / n)
    ess = np.asarray(ess, dtype=np.float64)
    P = ess / r_sum(ess)
    ne = n * (1.0 - r_sum(P ** 3))
    r2 = 1.0 - math.exp(-lr / ne)
    r2adj = 1.0 - math.exp(-max(lr - p, 0.0) / ne)
    if ne == n:
        r2 = r2adj = math.nan
    out[name(0, ne)] = r2
    out[name(p, ne)] = r2adj
    return out


# --------------------------------------------------------------------------------------------
@dataclass
class LrmFitRaw:
    """What ``rms::lrm.fit`` returns for a binary y (fields named as R's list elements).

    Attributes
    ----------
    coef, var : numpy.ndarray
        Coefficients and their covariance.
    fail : bool
        lrm.fit's failure flag.
    deviance : numpy.ndarray
        -2 log L of the null and the fitted model.
    linear_predictors, score : numpy.ndarray
        Per observation; the score vector.
    stats : dict
        rms's statistics.
    rank : int
        Rank of the information matrix.
    u, info_matrix : numpy.ndarray
        Score and information at the solution.
    singular_columns : list
        Columns found singular.
    status : int
        The solver's status code.
    """

    coef: np.ndarray
    var: np.ndarray
    fail: bool
    deviance: np.ndarray
    linear_predictors: np.ndarray
    score: float
    stats: dict
    rank: int
    u: np.ndarray = field(default=None, repr=False)
    info_matrix: np.ndarray = field(default=None, repr=False)
    singular_columns: list = field(default_factory=list)  # 0-based columns of X rms names as offending
    status: str = "ok"  # "ok", "diverged", "not converged", "singular"


def lrm_fit(X: ArrayLike, y: ArrayLike, *, maxit: int = 12, eps: float = 0.025, tol: float = 1e-7) -> LrmFitRaw:
    """Fit a binary logistic model as ``rms::lrm.fit`` does (the low-level fitter, no formula layer).

    The Newton-Raphson iterations are those of the Fortran ``lrmfit``: start at intercept =
    logit(mean y) and slopes 0; step halving when -2 log L increases; a LINPACK ``dqrdc2`` QR solve
    with singularity tolerance ``tol``; stop one Newton step after ``|change in -2 log L| <= eps``;
    at most ``maxit - 1`` passes.  ``var`` is ``solvet(info.matrix, tol)``; ``stats`` holds rms's
    vector in rms's order.  Singular information or non-convergence never raise: they give
    ``fail=True`` as in R (a singular fit has NaN coefficients, since rms returns only ``fail``).

    Parameters
    ----------
    X : array_like
        An (n, p) float array of the predictors *without* the intercept column (a 1-D array is one
        predictor).
    y : array_like
        The 0/1 outcome, n values.
    maxit : int, default 12
        rms's ``maxit``: at most ``maxit - 1`` Newton passes.
    eps : float, default 0.025
        Convergence criterion on the change in -2 log L.
    tol : float, default 1e-7
        Singularity tolerance of the QR solve and of ``solvet``.

    Returns
    -------
    LrmFitRaw
        R's list elements: ``coef`` (intercept first), ``var``, ``fail``, ``deviance`` (-2 log L of
        the null and the fitted model), ``linear_predictors``, ``score`` (max ``|derivative|``), ``stats``,
        ``rank``, and ``status`` ("ok", "not converged" or "singular").

    Raises
    ------
    InputError
        When X and y differ in length, n < 3, or y has a single level.

    Notes
    -----
    R call: ``rms::lrm.fit(x, y, maxit = maxit, eps = eps, tol = tol)`` (rms 6.5-0, binary y).

    Examples
    --------
    >>> from cmvt_core.datasets import load_cmvt_cohort
    >>> from cmvt_core.logistic import lrm_fit
    >>> d = load_cmvt_cohort().astype(float)
    >>> raw = lrm_fit(d[["age_group", "post_nlr"]].to_numpy(), d["cmvt"].to_numpy())
    >>> raw.coef.round(4)
    array([-2.1657,  1.3003,  0.1328])
    >>> raw.fail, raw.status
    (False, 'ok')
    """
    X = np.ascontiguousarray(np.asarray(X, dtype=np.float64))
    if X.ndim == 1:
        X = X.reshape(-1, 1)
    y = np.asarray(y)
    yi = np.ascontiguousarray(y.astype(np.int64))
    n, p = X.shape
    if yi.shape[0] != n:
        raise InputError(f"x and y must have the same length ({n} rows in x, {yi.shape[0]} in y)")
    if n < 3:
        raise InputError("must have >=3 non-missing observations")
    n1 = int(yi.sum())
    n0 = n - n1
    if n0 == 0 or n1 == 0:
        raise InputError("y has only one level: lrm needs both 0 and 1")
    sumwty = np.array([float(n0), float(n1)])
    sumwt = r_sum(sumwty)
    pp = n1 / sumwt
    initial = math.log(pp / (1.0 - pp))
    L0 = -2.0 * r_sum(sumwty * np.log(sumwty / r_sum(sumwty)))
    nvi = p + 1
    ftable = np.zeros((K.NBINS, 2))

    if p == 0:
        coef = np.array([initial])
        lp = np.full(n, initial)
        st = _stats(n, 0.0, L0, L0, 0, (0.5, 0.0, 0.0, 0.0), lp, coef, yi, sumwty, sumwt)
        return LrmFitRaw(coef, np.full((1, 1), np.nan), False, np.array([L0, L0]), lp, 0.0, st, 1,
                         np.zeros(1), None)

    beta = np.zeros(nvi)
    beta[0] = initial
    XaT, yg = K.gather(X, yi, np.arange(n, dtype=np.int64))
    # the one Newton loop, all-ones case weights and R-order sums, with the final pass's V and ftable
    status, loglik, U, V, rank, pivot = K.newton(XaT, yg, np.ones(n), beta, np.int64(maxit), float(eps), float(tol),
                                                 K.FALSE, K.TRUE, K.TRUE, ftable)
    if status == 2:
        # rms prints the offending variable(s): xname[pivot[nvi:(irank+1)] - kint]
        off = [int(pivot[j]) - 1 for j in range(nvi - 1, rank - 1, -1) if int(pivot[j]) >= 1]
        nanv = np.full(nvi, np.nan)
        return LrmFitRaw(nanv, np.full((nvi, nvi), np.nan), True, np.array([L0, np.nan]), np.full(n, np.nan),
                         math.nan, {}, int(rank), None, None, off, "singular")
    fail = status == 1
    if fail:
        rankstat = (0.0, 0.0, 0.0, 0.0)  # opts[8:11] never set by the Fortran
        state = "not converged"
    else:
        rankstat = K.gcorr(ftable, n0, n1)
        state = "ok"
    var = solvet(V, tol)
    coef = beta.copy()
    lp = K.matxv(X, coef)
    maxderiv = float(np.max(np.abs(U)))
    st = _stats(n, maxderiv, L0, float(loglik), p, rankstat, lp, coef, yi, sumwty, sumwt)
    return LrmFitRaw(coef, var, bool(fail), np.array([L0, float(loglik)]), lp, maxderiv, st, int(rank),
                     U.copy(), V.copy(), [], state)


def _stats(n, maxderiv, L0, L, df, rankstat, lp, coef, yi, sumwty, sumwt) -> dict[str, float]:
    lr = L0 - L
    if df > 0:
        pval = 1.0 - pchisq(lr, df)  # rms: 1 - pchisq(LR, df)
    else:
        pval = 1.0
    r2 = (1.0 - math.exp(-lr / sumwt)) / (1.0 - math.exp(-L0 / sumwt))
    r2m = r2_measures(lr, df, sumwt, sumwty)
    lpmid = lp - coef[0] + coef[0]
    prob = _plogis(lpmid)
    event = (yi > 0).astype(np.float64)
    brier = r_sum((prob - event) ** 2) / float(n)
    g = gini_md(lpmid)
    gp = gini_md(prob)
    st = {"Obs": float(n), "Max Deriv": maxderiv, "Model L.R.": lr, "d.f.": float(df), "P": pval,
          "C": float(rankstat[0]), "Dxy": float(rankstat[1]), "Gamma": float(rankstat[2]),
          "Tau-a": float(rankstat[3]), "R2": r2}
    st.update(r2m)
    with np.errstate(over="ignore"):
        gr = float(np.exp(np.float64(g)))  # R's exp(g): Inf on overflow (separated data), not an exception
    st.update({"Brier": brier, "g": g, "gr": gr, "gp": gp})
    return st


# --------------------------------------------------------------------------------------------
# the formula layer: rms::lrm(y ~ ., x=TRUE, y=TRUE)
@dataclass
class _Term:
    name: str
    kind: str  # "numeric" or "factor"
    levels: list = field(default_factory=list)
    columns: list = field(default_factory=list)


def _check_y(y, n: int | None = None) -> np.ndarray:
    """y as a float 0/1 vector (``cmvt_core._validate.outcome01``); with n, it must have n values."""
    if isinstance(y, pd.DataFrame):
        raise InputError("y must be a 1-D array of 0/1, not a DataFrame")
    f = V.outcome01(y, "y")
    if n is not None:
        V.same_length("y", f.shape[0], "x", n, unit_b="rows")
    return f


def _row_text(df: pd.DataFrame, i: int) -> str:
    """Position i (0-based) as messages say it: "row 8" is the 8th row (counted from 1, as R and a spreadsheet
    do); the DataFrame's index label is added when it is not simply 8."""
    lab = df.index[i]
    same = isinstance(lab, (int, np.integer)) and not isinstance(lab, (bool, np.bool_)) and int(lab) == i + 1
    return f"row {i + 1}" if same else f"row {i + 1} (counting from 1; index label {lab!r})"


def _as_frame(x) -> pd.DataFrame:
    if isinstance(x, pd.DataFrame):
        return x
    if x is None or isinstance(x, (str, bytes)):
        raise InputError(f"x must be a DataFrame or a 2-D array; got x={V.show(x)}")
    arr = np.asarray(x)
    if arr.ndim != 2:
        raise InputError(f"x must be a DataFrame or a 2-D array; got an array of shape {arr.shape}")
    return pd.DataFrame(arr, columns=[f"x{j + 1}" for j in range(arr.shape[1])])


def _factor_term(name: str, levels: list) -> _Term:
    if len(levels) < 2:
        raise InputError(f"column {name!r} has a single level {levels[0] if levels else None!r}: R stops "
                         "('contrasts can be applied only to factors with 2 or more levels')")
    return _Term(name, "factor", levels)


def _design_terms(df: pd.DataFrame) -> list[_Term]:
    terms = []
    if df.shape[1] == 0:
        raise InputError("x has no columns")
    names = [str(c) for c in df.columns]
    if len(set(names)) != len(names):
        dup = next(c for c in names if names.count(c) > 1)
        raise InputError(f"column {dup!r} appears more than once in x")
    V.predictor_names(names, "x")
    for col in df.columns:
        s = df[col]
        name = str(col)
        if isinstance(s.dtype, pd.CategoricalDtype):
            levels = [str(v) for v in s.cat.categories]
            terms.append(_factor_term(name, levels))
        elif s.dtype == bool or pd.api.types.is_bool_dtype(s.dtype):
            terms.append(_Term(name, "numeric"))
        elif pd.api.types.is_numeric_dtype(s.dtype):
            terms.append(_Term(name, "numeric"))
        elif pd.api.types.is_string_dtype(s.dtype) or s.dtype == object:
            vals = s.dropna()
            if not all(isinstance(v, str) for v in vals):
                bad = next(v for v in vals if not isinstance(v, str))
                raise InputError(f"column {name!r} mixes strings with non-string value {bad!r}")
            levels = sorted(set(vals))
            terms.append(_factor_term(name, levels))
        else:
            raise InputError(f"column {name!r} has unsupported dtype {s.dtype}")
    return terms


def _design_matrix(df: pd.DataFrame, terms: list[_Term]) -> tuple[np.ndarray, list[str]]:
    cols, names = [], []
    for t in terms:
        if t.name not in df.columns and t.name not in [str(c) for c in df.columns]:
            raise InputError(f"column {t.name!r} is missing from x")
        s = df[t.name] if t.name in df.columns else df[[c for c in df.columns if str(c) == t.name][0]]
        miss = s.isna().to_numpy()
        if miss.any():
            raise InputError(f"column {t.name!r} has missing values (first at {_row_text(df, int(np.flatnonzero(miss)[0]))}); "
                             "remove or impute them first")
        if t.kind == "numeric":
            v = s.to_numpy(dtype=np.float64)
            if not np.isfinite(v).all():
                i = int(np.flatnonzero(~np.isfinite(v))[0])
                raise InputError(f"column {t.name!r} has a non-finite value {float(v[i])!r} at {_row_text(df, i)}")
            cols.append(v)
            names.append(t.name)
        else:
            sv = s.astype(str).to_numpy() if not isinstance(s.dtype, pd.CategoricalDtype) else \
                np.asarray([str(v) for v in s.to_numpy()])
            unknown = sorted(set(sv) - set(t.levels))
            if unknown:
                raise InputError(f"column {t.name!r} has level {unknown[0]!r} not seen in the training data")
            for lev in t.levels[1:]:
                cols.append((sv == lev).astype(np.float64))
                names.append(f"{t.name}={lev}")
    X = np.empty((df.shape[0], len(cols)))
    for j, c in enumerate(cols):
        X[:, j] = c
    return X, names


class LrmFit(RmsFitMethods):
    """An ``rms::lrm`` fit.  Fields as R's (dots -> underscores); see ``docs/API.md``.

    Parameters
    ----------
    raw : LrmFitRaw
        What ``lrm.fit`` returned.
    names : list of str
        The design's column names.
    terms : list
        The model terms (columns and factor dummies).
    X, y : numpy.ndarray
        The design matrix and outcome (rms's ``x = TRUE, y = TRUE``).
    data : pandas.DataFrame
        The predictor frame.

    Attributes
    ----------
    coef : pandas.Series
        Coefficients, ``Intercept`` first.
    vcov : pandas.DataFrame
        Their covariance.
    stats : dict
        rms's statistics, named and ordered as rms prints them.
    linear_predictors, fitted : numpy.ndarray
        Per observation.
    """

    def __init__(self, raw: LrmFitRaw, names: list[str], terms: list[_Term], X: np.ndarray, y: np.ndarray,
                 data: pd.DataFrame, rms_design=None):
        self._raw = raw
        self.coef_names = ["Intercept", *names]
        self.coef = pd.Series(raw.coef, index=self.coef_names, name="coef")
        self.vcov = pd.DataFrame(raw.var, index=self.coef_names, columns=self.coef_names)
        self.stats = dict(raw.stats)
        self.linear_predictors = raw.linear_predictors
        self.fitted = _plogis(raw.linear_predictors)
        self.deviance = raw.deviance
        self.fail = raw.fail
        self.terms = terms
        self.x = X
        self.y = y
        self.data = data  # the predictors as given (a copy), for datadist / nomogram
        self.separation: dict[str, Any] = {}
        self._summary = None
        if rms_design is None:
            from .formula import design_from_xy

            rms_design = design_from_xy(names, terms)
        #: the rms design (:class:`cmvt_core.formula.RmsDesign`): terms, column names, knots and levels
        self.rms_design = rms_design

    @property
    def coefficients(self):
        return self.coef

    def design(self, newx) -> np.ndarray:
        if self.formula is not None:
            return self.rms_design.matrix(newx)
        df = _as_frame(newx)
        X, _ = _design_matrix(df, self.terms)
        return X

    def predict(self, newx=None, type: str = "lp") -> np.ndarray | pd.Series:
        """``predict(fit, newdata, type="lp"|"fitted")``: a DataFrame ``newx`` gives a Series with the
        DataFrame's index (R keeps the data's row names); an array (or no ``newx``) gives numpy."""
        if type not in ("lp", "fitted"):
            raise InputError(f"type must be 'lp' or 'fitted', not {type!r}")
        lp = self.linear_predictors if newx is None else K.matxv(self.design(newx), self._raw.coef)
        out = lp.copy() if type == "lp" else _plogis(lp)
        return pd.Series(out, index=newx.index, name=type) if isinstance(newx, pd.DataFrame) else out

    def summary(self) -> pd.DataFrame:
        """The Wald table of ``glm(y ~ ., binomial)``: coef, se, z, p, odds_ratio, or_lower, or_upper."""
        if self._summary is None:
            Xd = np.column_stack([np.ones(self.x.shape[0]), self.x])
            g = glm_fit(Xd, self.y, warn=False)  # summary(glm(y ~ ., binomial)): dispersion 1
            b, conv = g.coefficients, g.converged
            se = np.sqrt(np.diag(g.cov_unscaled()))
            z = b / se
            pv = 2 * pnorm(-np.abs(z))  # summary.glm: 2 * pnorm(-abs(z))
            q = float(qnorm(0.975))  # R's qnorm (scipy's ppf is 2 ulp off)
            with np.errstate(over="ignore"):  # a separated fit's Wald bound is Inf, as R's exp() gives
                odds = {"odds_ratio": np.exp(b), "or_lower": np.exp(b - q * se), "or_upper": np.exp(b + q * se)}
            self._summary = pd.DataFrame({"coef": b, "se": se, "z": z, "p": pv, **odds}, index=self.coef_names)
            self._summary.attrs["glm_converged"] = bool(conv)
        return self._summary.copy()

    def to_dict(self) -> dict:
        return {"coef": {k: float(v) for k, v in self.coef.items()},
                "vcov": self.vcov.to_numpy().tolist(), "coef_names": self.coef_names,
                "stats": {k: float(v) for k, v in self.stats.items()},
                "deviance": [float(v) for v in self.deviance], "fail": bool(self.fail),
                "linear_predictors": self.linear_predictors.tolist(), "fitted": self.fitted.tolist(),
                "summary": self.summary().reset_index(names="term").to_dict(orient="list"),
                "separation": self.separation}

    # -- printing: rms's print.lrm -------------------------------------------------------------
    def _print_parts(self) -> tuple[list[str], list[tuple[str, str]], list[list[str]], list[list[str]]]:
        """The pieces of ``print(fit)``: the stats block's labels and lines, the coefficient table."""
        st = self.stats
        ny1 = int(np.sum(self.y == 1))
        misc = [("Obs", P.format1(st["Obs"])), (" 0", str(len(self.y) - ny1)), (" 1", str(ny1)),
                ("max |deriv|", P.format_np(P.signif(st["Max Deriv"], 1))[0])]
        lr = [("LR chi2", P.format_np(st["Model L.R."], 2)[0]), ("d.f.", P.format1(P.r_round(st["d.f."], 3))),
              ("Pr(> chi2)", P.format_np(st["P"], 4, pvalue=True)[0])]
        r2n = [k for k in st if k.startswith("R2(")]
        disc = [("R2", st["R2"])] + [(k, st[k]) for k in r2n[1::2]] + [("Brier", st["Brier"])]
        disc = [(k, P.format_np(v, 3)[0]) for k, v in disc if not math.isnan(v)]
        rank = [(k, P.format_np(st[s], 3)[0]) for k, s in (("C", "C"), ("Dxy", "Dxy"), ("gamma", "Gamma"),
                                                          ("tau-a", "Tau-a"))]
        labels = ["", "Model Likelihood\nRatio Test", "Discrimination\nIndexes", "Rank Discrim.\nIndexes"]
        b = self._raw.coef
        se = np.sqrt(np.diag(self._raw.var))
        with np.errstate(divide="ignore", invalid="ignore"):
            z = b / se
        pv = 1.0 - np.array([pchisq(float(v) ** 2, 1.0) for v in z])
        cols = [P.format_np(b, 4), P.format_np(se, 4), P.format_np(z, 2), P.format_np(pv, 4, pvalue=True)]
        return labels, [misc, lr, disc, rank], cols, P.pr_stats(labels, [misc, lr, disc, rank])

    def _text(self, coef_rows: int | None = None) -> str:
        _, _, cols, block = self._print_parts()
        names = list(self.coef_names)
        table = P.print_matrix(cols, ["Coef", "S.E.", "Wald Z", "Pr(>|Z|)"], names, right=False).split("\n")
        if coef_rows is not None:
            table = [table[0], *P.head_tail(table[1:], coef_rows)]
        call = f"lrm(formula = {self.formula}, data = data, x = TRUE, y = TRUE)" if self.formula else \
            "lrm(formula = y ~ ., data = x, x = TRUE, y = TRUE)"
        return "\n".join(["Logistic Regression Model", "", call,
                          "", *block, "", *table, ""])

    def __str__(self) -> str:
        """``print(fit)`` as rms prints an lrm fit (the call shown is the one this fit reproduces)."""
        return self._text()

    def __repr__(self) -> str:
        return P.short(self._text(coef_rows=10))

    def _repr_html_(self) -> str:
        _, groups, cols, _ = self._print_parts()
        heads = ["Obs / deriv", "Model Likelihood Ratio Test", "Discrimination Indexes", "Rank Discrim. Indexes"]
        n = max(len(g) for g in groups)
        scols = []
        for g in groups:
            scols.append([f"{k} {v}" for k, v in g] + [""] * (n - len(g)))
        names = list(self.coef_names)
        if len(names) > 40:
            keep = list(range(20)) + list(range(len(names) - 20, len(names)))
            names = [names[i] for i in keep]
            cols = [[c[i] for i in keep] for c in cols]
        return P.html_block("Logistic Regression Model (rms::lrm)", P.html_table(scols, heads),
                            P.html_table(cols, ["Coef", "S.E.", "Wald Z", "Pr(>|Z|)"], names))


@numba.njit(cache=True)
def _group_minmax(X, y):
    """Per-column (min, max) of X among y == 0 and among y == 1: rows 0..3 = min0, max0, min1, max1."""
    n, p = X.shape
    out = np.empty((4, p))
    for j in range(p):
        out[0, j] = np.inf
        out[1, j] = -np.inf
        out[2, j] = np.inf
        out[3, j] = -np.inf
    for i in range(n):
        r = 2 if y[i] == 1 else 0
        for j in range(p):
            v = X[i, j]
            if v < out[r, j]:
                out[r, j] = v
            if v > out[r + 1, j]:
                out[r + 1, j] = v
    return out


def _separation_check(X: np.ndarray, y: np.ndarray, names: list[str]) -> dict[str, list[str]]:
    """Variables that alone separate y completely or quasi-completely."""
    out = {"complete": [], "quasi": []}
    mm = _group_minmax(X, (y == 1).astype(np.int64))
    min0, max0, min1, max1 = mm[0], mm[1], mm[2], mm[3]
    for j, nm in enumerate(names):
        if max0[j] < min1[j] or max1[j] < min0[j]:
            out["complete"].append(nm)
        elif max0[j] <= min1[j] or max1[j] <= min0[j]:
            out["quasi"].append(nm)
    return out


@fill_doc
def lrm(x: pd.DataFrame | ArrayLike | str | None = None, y: ArrayLike | pd.DataFrame | None = None, *,
        maxit: int = 12, eps: float = 0.025, tol: float = 1e-7, formula: str | None = None,
        data: pd.DataFrame | None = None) -> LrmFit:
    """Fit a binary logistic regression model as ``rms::lrm(y ~ ., x=TRUE, y=TRUE)`` or ``rms::lrm(formula, data)``.

    Two forms: ``lrm(x, y)`` (every column of ``x`` a linear term) and ``lrm(formula, data)`` with an rms
    formula in R's syntax (``"low ~ rcs(age, 4) + race * smoke + I(lwt / 2.2)"``: ``+``, ``*``, ``:``,
    ``rcs``, ``pol``, ``lsp``, ``catg``, ``scored``, ``I()``; see :mod:`cmvt_core.formula`), whose fit also
    has ``.x`` (``fit$x``), ``.parms`` (``fit$Design$parms``), ``.design`` (the rms terms) and ``anova()``.

    Categorical columns (levels in their order) and string columns (levels sorted as R's factor()
    in the C locale) become rms dummies "var=level" with the first level the reference.  A singular
    design raises ``InputError`` naming the offending variable(s) as rms prints them; a fit that
    rms flags as failed (complete separation, non-convergence) raises ``InputError``; fitted
    probabilities numerically 0 or 1 (quasi-complete separation) give an ``RWarning`` naming the
    variables, as glm warns.

    Parameters
    ----------
    x : pandas.DataFrame or array_like or str
        The predictors, one column each (a 2-D array's columns are named x1..xp); or the formula (a string,
        then ``y`` is the data).
    y : array_like or pandas.DataFrame
        The 0/1 outcome, one value per row of ``x``; or the data of a formula given as ``x``.
    maxit : int, default 12
        rms's ``maxit`` (a whole number in 1..10 000).
    eps : float, default 0.025
        rms's convergence criterion on -2 log L (> 0).
    tol : float, default 1e-7
        rms's singularity tolerance (> 0).
    formula : str, optional
        An rms formula in R's syntax, the response a 0/1 column of ``data`` (the same as passing it as ``x``).
    data : pandas.DataFrame, optional
        The data of the formula: numeric columns, Categorical columns (levels in order) and string columns
        (levels sorted as R's factor() in the C locale) are factors.

    Returns
    -------
    LrmFit
        The fit: ``coef``, ``vcov``, ``stats`` (rms's vector: Obs, Model L.R., P, C, Dxy, R2, Brier,
        g, gr, gp, ...), ``linear_predictors``, ``fitted``, ``deviance``, ``predict(newx, type)`` and
        ``summary()`` (the Wald table of ``summary(glm(y ~ ., binomial))``).

    Raises
    ------
    InputError
        For missing or non-finite values, a single-level factor or outcome, a singular design, or a
        fit rms cannot complete (separation, non-convergence).

    Warns
    -----
    RWarning
        When fitted probabilities are numerically 0 or 1 (quasi-complete separation).

    Notes
    -----
    R call: ``rms::lrm(y ~ ., data = x, x = TRUE, y = TRUE, maxit = maxit, eps = eps, tol = tol)``
    (rms 6.5-0), or ``rms::lrm(formula, data, x = TRUE, y = TRUE, ...)``; ``summary()`` reproduces
    ``summary(glm(y ~ ., data = x, family = binomial))``.

    Examples
    --------
    {{lrm_example}}
    >>> fit.coef.round(4).to_dict()
    {'Intercept': -2.1657, 'age_group': 1.3003, 'post_nlr': 0.1328}
    >>> round(fit.stats["C"], 4), round(fit.stats["Model L.R."], 3)
    (0.729, 45.137)
    >>> fit.summary().loc["age_group", ["odds_ratio", "or_lower", "or_upper"]].round(3).tolist()
    [3.67, 2.222, 6.064]
    >>> f2 = lrm("cmvt ~ rcs(post_nlr, 3) + age_group", data=d)
    >>> list(f2.coef.index), f2.parms["post_nlr"].round(3).tolist()
    (['Intercept', 'post_nlr', "post_nlr'", 'age_group'], [3.748, 7.42, 13.304])
    """
    maxit = V.whole(maxit, "maxit", low=1, high=10_000)
    eps = V.number(eps, "eps", low=0.0, low_open=True)
    tol = V.number(tol, "tol", low=0.0, low_open=True)
    if isinstance(x, str) or formula is not None:
        return _lrm_formula(x if formula is None else formula, y if data is None else data, maxit, eps, tol)
    if x is None and y is None:
        raise InputError("lrm needs x and y, or a formula and data")
    df = _as_frame(x)
    yv = _check_y(y, df.shape[0])
    terms = _design_terms(df)
    X, names = _design_matrix(df, terms)
    return _lrm_design(X, yv, names, terms, df, maxit, eps, tol, None)


def _lrm_formula(formula, data, maxit, eps, tol) -> LrmFit:
    from .formula import design_from_formula

    if isinstance(formula, str) and formula.strip() and not isinstance(data, pd.DataFrame):
        raise InputError(f"lrm(formula, data): data must be a pandas DataFrame; got {type(data).__name__}")
    des, X = design_from_formula(formula, data)
    yname = des.response[1]
    yv = _check_y(data[yname] if yname in data.columns else data[[c for c in data.columns if str(c) == yname][0]],
                  data.shape[0])
    return _lrm_design(X, yv, list(des.colnames), [], data.copy(), maxit, eps, tol, des)


def _lrm_design(X, yv, names, terms, df, maxit, eps, tol, des) -> LrmFit:
    """The fit of a built design (both forms): checks, lrm.fit, rms's failure and separation messages."""
    if yv.shape[0] == 0:
        raise InputError("x and y have no rows (empty data): lrm needs observations")
    if (yv == 0).all() or (yv == 1).all():
        raise InputError(f"y has only the value {int(yv[0])}: lrm needs both outcomes")
    for t in terms:  # (formula designs check their levels when they are built)
        if t.kind == "factor":
            used = set(df[t.name].astype(str))
            unused = [lev for lev in t.levels if lev not in used]
            if unused:
                raise InputError(f"column {t.name!r} has level(s) {unused} with no rows (singular design)")
    raw = lrm_fit(X, yv, maxit=maxit, eps=eps, tol=tol)
    if raw.status == "singular":
        off = [names[j] for j in raw.singular_columns]
        raise InputError(f"singular information matrix in lrm.fit (rank={raw.rank}); offending variable(s): "
                         + ", ".join(repr(o) for o in off))
    sep = _separation_check(X, yv, names)
    if raw.fail:
        culprits = sep["complete"] + sep["quasi"]
        if not culprits:
            sd = X.std(axis=0)
            culprits = [names[j] for j in np.argsort(-np.abs(raw.coef[1:] * sd))[:3]]
        raise InputError("lrm could not fit the model (rms: 'Unable to fit model using lrm.fit'): "
                         "separation or non-convergence; check variable(s) " + ", ".join(repr(c) for c in culprits))
    fit = LrmFit(raw, names, terms, X, yv, df.copy(), des)
    fit.separation = sep
    p = fit.fitted
    epsm = 10 * np.finfo(float).eps
    if (p > 1 - epsm).any() or (p < epsm).any() or sep["complete"] or sep["quasi"]:
        culprits = sep["complete"] + sep["quasi"]
        if not culprits:
            sd = X.std(axis=0)
            culprits = [names[int(np.argmax(np.abs(raw.coef[1:] * sd)))]]
        warnings.warn("fitted probabilities numerically 0 or 1 occurred / (quasi-)complete separation by "
                      + ", ".join(repr(c) for c in culprits) + ": coefficients and SEs are not reliable",
                      RWarning, stacklevel=2)
    return fit

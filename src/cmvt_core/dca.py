"""Decision curve analysis as ``rmda::decision_curve`` (rmda 1.6), and net-benefit cut-off selection.

``decision_curve`` reproduces every column of rmda's ``derived.data`` (docs/R_ALGORITHMS.md section 8):

* high risk means ``risk > t`` strictly; ``TNR``/``FNR`` count ``risk < t`` strictly;
* ``fitted_risk=False`` fits R's ``glm(outcome ~ predictors, binomial)`` (``cmvt_core.glm``) on the
  data *and again in every bootstrap replicate*; case-control designs use rmda's offset
  ``-logit(pi) + logit(mean(d))`` and risk ``plogis(lp - offset)`` computed as ``exp(y)/(1+exp(y))``;
* bootstrap indices are R's: ``sample.int(N, replace=TRUE)`` per replicate (cohort) or, per
  replicate, ``sample(idx[d == uu[1]], replace=TRUE)`` then the same for ``uu[2]`` with
  ``uu = unique(outcome)`` in order of appearance (case-control), including ``sample(x)``'s
  single-element behaviour; the draws are consumed in R's order;
* CIs are ``quantile(., c(a/2, 1 - a/2), type = 1, na.rm = TRUE)`` per threshold and measure.

How it scales: rows are collapsed once into units (distinct outcome/covariate patterns, or
outcome/risk pairs).  A bootstrap replicate is then a vector of unit counts (one ``bincount`` of
the drawn rows); the glm refit is a frequency-weighted fit on the units with R's unweighted
starting values (the same IRLS path as a fit on the repeated rows), and every threshold's counts
come from one histogram of the units' threshold positions (``searchsorted`` on the sorted
thresholds) and a cumulative sum: no pass over the data per threshold.

The dcurves conventions are available with ``convention="dcurves"``: treated when
``risk >= t``, risks of exactly 0/1 nudged by machine epsilon, and the extra column
``net_intervention_avoided`` (per 100 patients).
"""
from __future__ import annotations

import math
import re
import warnings
from dataclasses import dataclass, field
from typing import Literal, Sequence

import numba
import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from .kernels import rbase
from . import _validate as V
from ._docs import fill_doc
from .errors import InputError, RWarning
from .glm import glm_fit, logit_linkinv
from .kernels.glm_fit import ERR_NONE, glm_fit_logit
from ._progress import Progress
from .parallel import Executor, check_parallel, chunk_bounds, ordered_results, resolve_jobs
from .rrandom import RRNG

__all__ = ["MEASURES", "POINT_COLUMNS", "CI_COLUMNS", "DecisionCurveResult", "decision_curve", "cost_benefit_ratio",
           "r_fractions"]

DBL_EPSILON = np.finfo(float).eps

MEASURES = ["FPR", "FNR", "TPR", "TNR", "NB", "sNB", "rho", "prob_high_risk", "prob_low_risk", "DP", "nonDP"]
POINT_COLUMNS = ["thresholds", *MEASURES, "model"]
CI_COLUMNS = [f"{m}_{s}" for m in MEASURES for s in ("lower", "upper")]


# ---------------------------------------------------------------------------------------------
# small R pieces
# ---------------------------------------------------------------------------------------------
def _r_num2str(v: float) -> str:
    """as.character() of a whole number as it appears in MASS::fractions (15 significant digits)."""
    if math.isinf(v):
        return "Inf" if v > 0 else "-Inf"
    if math.isnan(v):
        return "NaN"
    s = f"{v:.15g}"
    if "e" in s:
        mant, ex = s.split("e")
        s = f"{mant}e{'+' if int(ex) >= 0 else '-'}{abs(int(ex)):02d}"
    return s


def r_fractions(x: ArrayLike, cycles: int = 10, max_denominator: int = 2000) -> list[str]:
    """``as.character(MASS::fractions(x))``: continued fractions, as MASS's ``.rat``.

    Parameters
    ----------
    x : array_like
        Numbers (non-finite values are written as R writes them: ``Inf``, ``-Inf``, ``NaN``).
    cycles : int, default 10
        Most continued-fraction steps.
    max_denominator : int, default 2000
        Stop once the remainder is at most ``1 / max_denominator``.

    Returns
    -------
    list of str
        ``"p/q"``, or ``"p"`` for whole numbers, one per value.

    Notes
    -----
    R call: ``as.character(MASS::fractions(x, cycles = cycles, max.denominator = max_denominator))``

    Examples
    --------
    >>> from cmvt_core.dca import r_fractions
    >>> r_fractions([0.5, 0.25, 1 / 3, 0.01 / 0.99, 2.0])
    ['1/2', '1/4', '1/3', '1/99', '2']
    """
    out = []
    for xi in np.atleast_1d(np.asarray(x, dtype=np.float64)).tolist():
        if not math.isfinite(xi):
            out.append(_r_num2str(xi))
            continue
        bs = [math.floor(xi)]
        as_ = [1.0]
        r = xi - bs[0]
        k = 0
        while r > 1.0 / max_denominator and k < cycles:
            k += 1
            r = 1.0 / r
            b = math.floor(r)
            r = r - b
            as_.append(1.0)
            bs.append(b)
        pq1 = (1.0, 0.0)
        pq = (float(bs[0]), 1.0)
        for j in range(1, len(bs)):
            pq0, pq1 = pq1, pq
            pq = (bs[j] * pq1[0] + as_[j] * pq0[0], bs[j] * pq1[1] + as_[j] * pq0[1])
        out.append(_r_num2str(pq[0]) if pq[1] == 1 else f"{_r_num2str(pq[0])}/{_r_num2str(pq[1])}")
    return out


def cost_benefit_ratio(thresholds: ArrayLike) -> list[str]:
    """rmda's ``cost.benefit.ratio`` column: ``fractions(t/(1 - t))`` written "a:b" ("1:99", "0:1", "Inf:1").

    Parameters
    ----------
    thresholds : array_like
        Threshold probabilities in [0, 1].

    Returns
    -------
    list of str
        One "cost:benefit" text per threshold.

    Notes
    -----
    R call: ``gsub("/", ":", as.character(MASS::fractions(thresholds / (1 - thresholds))))`` (rmda 1.6's
    ``cost.benefit.ratio``, whole numbers written "a:1")

    Examples
    --------
    >>> from cmvt_core.dca import cost_benefit_ratio
    >>> cost_benefit_ratio([0, 0.01, 0.25, 0.5, 1])
    ['0:1', '1:99', '1:3', '1:1', 'Inf:1']
    """
    t = np.asarray(thresholds, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        fr = r_fractions(t / (1.0 - t))
    return [(s if "/" in s else s + "/1").replace("/", ":") for s in fr]


_SYNTACTIC = re.compile(r"^((([A-Za-z]|[.][._A-Za-z])[._A-Za-z0-9]*)|[.])$")
_R_RESERVED = {"if", "else", "repeat", "while", "function", "for", "next", "break", "TRUE", "FALSE", "NULL",
               "Inf", "NaN", "NA", "NA_integer_", "NA_real_", "NA_character_", "in"}


def _r_name(name: str) -> str:
    return name if _SYNTACTIC.match(name) and name not in _R_RESERVED else "`" + name.replace("`", "\\`") + "`"


def _formula_label(outcome: str, predictors: Sequence[str]) -> str:
    return f"{_r_name(outcome)} ~ {' + '.join(_r_name(p) for p in predictors)}"


# ---------------------------------------------------------------------------------------------
# per-threshold measures from counts (rmda's calculate.nb, vectorised over replicates)
# ---------------------------------------------------------------------------------------------
def _measures(t: np.ndarray, tp, fp, tn, fn, n1, n0, *, opt_in: bool, cc_rho: float | None) -> dict:
    """rmda's measures from strict counts; arrays broadcast as (replicates, thresholds)."""
    n1 = np.asarray(n1, dtype=np.float64)
    n0 = np.asarray(n0, dtype=np.float64)
    N = n1 + n0
    with np.errstate(divide="ignore", invalid="ignore"):
        tnf = tn / n0
        fnf = fn / n1
        tpf = tp / n1
        fpf = fp / (N - n1)
        if cc_rho is None:
            rho = np.broadcast_to(n1 / N, np.broadcast(tpf, n1).shape).astype(np.float64)
            phr = (tp + fp) / N
        else:
            rho = np.full(np.broadcast(tpf, n1).shape, cc_rho)
            phr = cc_rho * tp / n1 + (1 - cc_rho) * fp / n0
        if opt_in:
            nb = tpf * rho - (t / (1 - t)) * (1 - rho) * fpf
            snb = nb / rho
        else:
            nb = tnf * (1 - rho) - fnf * rho * ((1 - t) / t)
            snb = nb / (1 - rho)
        dp = tpf * rho
        ndp = (1 - fpf) * (1 - rho)
    return {"FPR": fpf, "FNR": fnf, "TPR": tpf, "TNR": tnf, "NB": nb, "sNB": snb, "rho": rho,
            "prob_high_risk": phr, "prob_low_risk": 1 - phr, "DP": dp, "nonDP": ndp}


class _Thresholds:
    """Sorted thresholds and the map back to the caller's order."""

    def __init__(self, t: np.ndarray):
        self.t = t
        self.order = np.argsort(t, kind="stable")
        self.ts = t[self.order]
        self.inv = np.empty_like(self.order)
        self.inv[self.order] = np.arange(t.shape[0])
        self.T = t.shape[0]

    def positions(self, risk: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(#thresholds < risk, #thresholds <= risk) for each risk."""
        return np.searchsorted(self.ts, risk, side="left"), np.searchsorted(self.ts, risk, side="right")

    def counts(self, pl, pr, weights, B: int = 1):
        """Counts of weight with risk > t, risk < t, risk >= t, per threshold (in the caller's order).
        pl, pr: (U,) int; weights: (B, U).  Returns three (B, T) arrays."""
        T = self.T
        W = np.atleast_2d(weights)
        B = W.shape[0]
        gt = np.empty((B, T))
        lt = np.empty((B, T))
        ge = np.empty((B, T))
        for b in range(B):
            hl = np.bincount(pl, weights=W[b], minlength=T + 1)
            hr = np.bincount(pr, weights=W[b], minlength=T + 1)
            # risk > t_j  <=> j < pl ;  risk < t_j <=> pr <= j ;  risk >= t_j <=> j < pr
            gt[b] = np.cumsum(hl[::-1])[::-1][1:]
            lt[b] = np.cumsum(hr)[:T]
            ge[b] = np.cumsum(hr[::-1])[::-1][1:]
        return gt[:, self.inv], lt[:, self.inv], ge[:, self.inv]


# ---------------------------------------------------------------------------------------------
# the result
# ---------------------------------------------------------------------------------------------
@dataclass
class DecisionCurveResult:
    """``decision_curve()``'s value: rmda's ``derived.data`` and the call's settings.

    Attributes
    ----------
    derived_data : pandas.DataFrame
        rmda's ``derived.data`` for the model, "All" and "None".
    confidence_intervals : float or None
        The confidence level (None: no bootstrap).
    policy, study_design : str
        rmda's settings.
    population_prevalence : float or None
        For case-control designs.
    bootstraps : int
        Bootstrap replicates.
    seed : int or None
        The seed (``set.seed``).
    convention : str
        ``"rmda"`` or ``"dcurves"``.
    model_label : str
        The deparsed formula, as rmda labels the model.
    fitted_risk : bool
        Whether the predictor was a risk.
    n : int
        Complete rows used.
    glm : GlmFit or None
        The logistic model fitted (None with fitted risks).
    notes : list of str
        Notes on the call (e.g. optimism of an in-sample model).
    """

    derived_data: pd.DataFrame
    confidence_intervals: float | None
    policy: str
    study_design: str
    population_prevalence: float | None
    bootstraps: int
    seed: int | None
    convention: str
    model_label: str
    fitted_risk: bool
    n: int
    glm: object | None = None
    notes: list[str] = field(default_factory=list)

    def _text(self, rows: int | None = None) -> str:
        from . import _printing as P
        ci = "none" if self.confidence_intervals is None else \
            f"{P.format1(self.confidence_intervals)} ({self.bootstraps} bootstraps)"
        return "\n".join([f"Decision curve (rmda::decision_curve): {self.model_label}; policy {self.policy}, "
                          f"study design {self.study_design}, n = {self.n}; confidence intervals: {ci}", "",
                          "derived.data:", P.print_frame(self.derived_data, rows=rows)])

    def __str__(self) -> str:
        """The settings, then rmda's ``derived.data`` as R prints a data frame."""
        return self._text()

    def __repr__(self) -> str:
        from . import _printing as P
        return P.short(self._text(rows=4))

    def _repr_html_(self) -> str:
        from . import _printing as P
        cols = [c for c in ("thresholds", "NB", "sNB", "NB_lower", "NB_upper", "model") if c in self.derived_data]
        return P.html_frame(self.derived_data[cols], f"Decision curve: {self.model_label} ({self.policy})", rows=10)

    def curve(self, model: str = "model") -> pd.DataFrame:
        """The rows of one curve: "model" (the fitted model), "All" or "None"."""
        label = self.model_label if model == "model" else model
        return self.derived_data[self.derived_data["model"] == label].reset_index(drop=True)

    def summary(self, measure: str = "sNB") -> pd.DataFrame:
        """rmda's ``summary(dc, measure)`` table as numbers: threshold, cost:benefit, percent high risk,
        All, model, None (with CI bounds where computed)."""
        if measure not in ("NB", "sNB"):
            raise InputError(f"summary: measure must be 'NB' or 'sNB', not {measure!r}")
        m, a, z = self.curve("model"), self.curve("All"), self.curve("None")
        out = pd.DataFrame({"threshold": m["thresholds"], "cost_benefit_ratio": m["cost_benefit_ratio"],
                            "percent_high_risk": m["prob_high_risk"] * 100,
                            "All": a[measure], "model": m[measure], "None": z[measure]})
        if self.confidence_intervals is not None:
            for name, d in (("All", a), ("model", m), ("None", z)):
                out[f"{name}_lower"] = d[f"{measure}_lower"]
                out[f"{name}_upper"] = d[f"{measure}_upper"]
        return out

    def to_dict(self) -> dict:
        dd = {c: (self.derived_data[c].astype(str).tolist() if c in ("model", "cost_benefit_ratio")
                  else [float(v) for v in self.derived_data[c].to_numpy(dtype=np.float64)])
              for c in self.derived_data.columns}
        return {"derived_data": dd, "confidence_intervals": self.confidence_intervals, "policy": self.policy,
                "study_design": self.study_design, "population_prevalence": self.population_prevalence,
                "bootstraps": int(self.bootstraps), "seed": self.seed, "convention": self.convention,
                "model": self.model_label, "fitted_risk": bool(self.fitted_risk), "n": int(self.n),
                "glm": self.glm.to_dict() if self.glm is not None else None, "notes": list(self.notes)}


# ---------------------------------------------------------------------------------------------
# input handling
# ---------------------------------------------------------------------------------------------
def _model_matrix(df: pd.DataFrame, predictors: list[str], rows=None) -> tuple[np.ndarray, list[str]]:
    """R's treatment-contrast model matrix: intercept, numeric columns as they are, logical as
    ``xTRUE``, factors/strings as dummies for every level but the first (sorted as R's factor).
    ``rows``: 0-based positions of df's rows in the caller's data (for error messages)."""
    cols = [np.ones(len(df))]
    names = ["(Intercept)"]
    for p in predictors:
        s = df[p]
        if pd.api.types.is_bool_dtype(s):
            cols.append(s.to_numpy(dtype=np.float64))
            names.append(f"{p}TRUE")
        elif pd.api.types.is_numeric_dtype(s):
            v = s.to_numpy(dtype=np.float64)
            if not np.all(np.isfinite(v)):
                i = int(np.flatnonzero(~np.isfinite(v))[0])
                raise InputError(f"predictor column {p!r} holds a non-finite value ({v[i].item()!r}) at row "
                                 f"{(i if rows is None else int(rows[i])) + 1}")
            cols.append(v)
            names.append(p)
        else:
            if isinstance(s.dtype, pd.CategoricalDtype):
                levels = [lv for lv in s.cat.categories if (s == lv).any()]
            else:
                levels = sorted(pd.unique(s.astype(str)))
            vals = s.astype(str).to_numpy() if not isinstance(s.dtype, pd.CategoricalDtype) else s.to_numpy()
            for lv in levels[1:]:
                cols.append((vals == lv).astype(np.float64))
                names.append(f"{p}{lv}")
    return np.column_stack(cols), names


def _thresholds(thresholds, convention: str) -> np.ndarray:
    if thresholds is None:
        return rbase.seq_by(0.0, 1.0 if convention == "rmda" else 0.99, 0.01)
    if np.ndim(thresholds) == 0 and not isinstance(thresholds, (str, bytes)) and thresholds is not None:
        thresholds = [thresholds]
    t = V.float_vector(thresholds, "thresholds", low=0.0, high=1.0, unit="position", max_len=100_001)
    if t.size == 0:
        raise InputError("thresholds must be a non-empty 1-D sequence of numbers in [0, 1]")
    return t


def _units(key: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distinct rows of ``key`` and each row's unit number (one sort per column, then one of
    a combined integer code; falls back to a row sort when the codes would overflow)."""
    codes = np.zeros(key.shape[0], dtype=np.int64)
    radix = 1
    for j in range(key.shape[1]):
        u, inv = np.unique(key[:, j], return_inverse=True)
        if radix * u.shape[0] >= 2**62:
            uk, unit = np.unique(key, axis=0, return_inverse=True)
            return uk, unit.ravel()
        codes += inv.ravel().astype(np.int64) * radix
        radix *= u.shape[0]
    _, first, unit = np.unique(codes, return_index=True, return_inverse=True)
    return key[first], unit.ravel()


# ---------------------------------------------------------------------------------------------
# R's bootstrap indices
# ---------------------------------------------------------------------------------------------
def _r_sample_x(rng: RRNG, x: np.ndarray) -> np.ndarray:
    """``sample(x, replace = TRUE)`` for a vector of 1-based row numbers, with R's pitfall: a single
    number k >= 1 means ``sample.int(k, k, replace = TRUE)``."""
    if x.shape[0] == 1 and x[0] >= 1:
        k = int(x[0])
        return rng.sample(k, k, replace=True)
    return x[rng.unif_index(x.shape[0], x.shape[0])]


class _BootIndex:
    """Yields B.ind[, b] (0-based) in R's draw order."""

    def __init__(self, rng: RRNG, d: np.ndarray, study_design: str):
        self.rng = rng
        self.N = d.shape[0]
        self.cc = study_design == "case-control"
        if self.cc:
            _, first = np.unique(d, return_index=True)
            uu = d[np.sort(first)]  # unique(outcome): order of appearance
            rows = np.arange(1, self.N + 1)
            self.strata = [rows[d == u] for u in uu]

    def draw(self) -> np.ndarray:
        if not self.cc:
            return self.rng.unif_index(self.N, self.N)
        parts = [_r_sample_x(self.rng, s) for s in self.strata]
        col = np.concatenate(parts)
        if col.shape[0] != self.N:
            # B.ind[, b] <- c(ind.1, ind.2) in R
            raise InputError("case-control bootstrap: a single-row outcome stratum makes R's sample(x) draw "
                             f"{col.shape[0]} rows for a column of {self.N} (R stops: 'number of items to "
                             "replace is not a multiple of replacement length')")
        return col - 1



# ---------------------------------------------------------------------------------------------
# the bootstrap refits, compiled: glm.fit (binomial, logit) for a chunk of replicates at once
# ---------------------------------------------------------------------------------------------
@numba.njit(cache=True, nogil=True)
def _glm_boot_risks(uX, ud, W, mustart, off, epsilon, maxit, out):  # pragma: no cover - compiled
    """For each replicate b (unit weights W[b]): R's glm.fit(binomial) on the units with weight > 0,
    started at ``mustart`` (the unweighted start of the repeated rows): the one IRLS port
    ``kernels.glm_fit.glm_fit_logit``, as ``cmvt_core.glm.glm_fit`` runs it; then the units' risks
    ``plogis(eta - off)`` (``out[b]``; units with weight 0, and every unit of a replicate whose fit
    R would stop on, get NaN: they are never counted)."""
    B, U = W.shape
    p = uX.shape[1]
    for b in range(B):
        n = 0
        for u in range(U):
            if W[b, u] > 0:
                n += 1
        idx = np.empty(n, dtype=np.int64)
        x = np.empty((n, p))
        y = np.empty(n)
        w = np.empty(n)
        m0 = np.empty(n)
        offs = np.empty(n)
        k = 0
        for u in range(U):
            if W[b, u] > 0:
                idx[k] = u
                for j in range(p):
                    x[k, j] = uX[u, j]
                y[k] = ud[u]
                w[k] = W[b, u]
                m0[k] = mustart[u]
                offs[k] = off
                k += 1
        res = glm_fit_logit(x, y, w, m0, offs, epsilon, maxit, False, False)
        eta = res[1]
        mu = res[2]
        for u in range(U):
            out[b, u] = np.nan
        if res[10] != ERR_NONE:
            continue
        for i in range(n):
            if off == 0.0:
                out[b, idx[i]] = mu[i]
            else:
                ex = math.exp(eta[i] - off)
                out[b, idx[i]] = ex / (1.0 + ex)


def _quantile1_columns(arr: np.ndarray, probs) -> np.ndarray:
    """``quantile(arr[, j], probs, type = 1, na.rm = TRUE)`` for every column j (``rbase.quantile``).
    Returns (len(probs), columns)."""
    return np.column_stack([rbase.quantile(col[~np.isnan(col)], probs, type=1) for col in arr.T]) \
        if arr.shape[1] else np.full((len(probs), 0), np.nan)

# ---------------------------------------------------------------------------------------------
# the curves for one set of unit weights (picklable, so that workers can evaluate replicates)
# ---------------------------------------------------------------------------------------------
@dataclass
class _CurveState:
    t: np.ndarray
    thr: _Thresholds
    ud: np.ndarray
    U: int
    uX: np.ndarray | None
    urisk_fixed: np.ndarray | None
    xnames: list | None
    pi: float | None
    opt_in: bool
    dcurves: bool

    def unit_risk(self, w: np.ndarray, obs_rho: float | None, warn: bool):
        """The units' risks for unit weights w (units with w == 0 get the fit's risk; never counted)."""
        if self.uX is None:
            return self.urisk_fixed, None
        uX, ud, U = self.uX, self.ud, self.U
        mustart = (ud + 0.5) / 2.0  # binomial's start for weight-1 rows
        pos = w > 0
        if self.pi is None:
            fit = glm_fit(uX[pos], ud[pos], w[pos], mustart=mustart[pos], warn=warn, names=self.xnames)
            r = np.zeros(U)
            coef = np.where(np.isnan(fit.coefficients), 0.0, fit.coefficients)
            r[pos] = fit.fitted_values
            r[~pos] = logit_linkinv(uX[~pos] @ coef)
            return r, fit
        pi = self.pi
        off = -math.log(pi / (1 - pi)) + math.log(obs_rho / (1 - obs_rho))
        fit = glm_fit(uX[pos], ud[pos], w[pos], offset=off, mustart=mustart[pos], warn=warn, names=self.xnames)
        coef = np.where(np.isnan(fit.coefficients), 0.0, fit.coefficients)
        eta = (uX @ coef + off) - off
        with np.errstate(over="ignore", invalid="ignore"):
            e = np.exp(eta)
            r = e / (1 + e)
        return r, fit

    def offset(self, obs_rho: float | None) -> float:
        if self.pi is None:
            return 0.0
        return -math.log(self.pi / (1 - self.pi)) + math.log(obs_rho / (1 - obs_rho))

    def curves(self, w: np.ndarray, obs_rho: float | None, warn: bool, risk: np.ndarray | None = None):
        """Measures (each (3, T): model, All, None) for unit weights w (``risk``: the units' risks
        when already computed, e.g. by the compiled bootstrap refits)."""
        t, ud, thr, dcurves = self.t, self.ud, self.thr, self.dcurves
        if risk is None:
            risk, fit = self.unit_risk(w, obs_rho, warn)
        else:
            fit = None
            risk = np.where(w > 0, risk, 0.0)  # units not drawn carry weight 0 and are never counted
        if dcurves:
            risk = np.where(risk == 0, -DBL_EPSILON, np.where(risk == 1, 1 + DBL_EPSILON, risk))
        n1 = float(w[ud == 1].sum())
        n0 = float(w[ud == 0].sum())
        case = ud == 1
        # model
        pl, pr = thr.positions(risk)
        g1, l1, e1 = thr.counts(pl[case], pr[case], w[case][None, :])
        g0, l0, e0 = thr.counts(pl[~case], pr[~case], w[~case][None, :])
        # All (risk 1, or 1 + eps) and None (risk 0, or -eps)
        out = []
        for rr in (None, 1.0, 0.0):
            if rr is None:
                G1, L1, E1, G0, L0, E0 = g1[0], l1[0], e1[0], g0[0], l0[0], e0[0]
            else:
                v = rr if not dcurves else (1 + DBL_EPSILON if rr == 1 else -DBL_EPSILON)
                gt = (t < v).astype(np.float64)
                lt = (v < t).astype(np.float64)
                ge = (t <= v).astype(np.float64)
                G1, L1, E1, G0, L0, E0 = gt * n1, lt * n1, ge * n1, gt * n0, lt * n0, ge * n0
            if dcurves:
                tp, fp, tn, fn = E1, E0, n0 - E0, n1 - E1
            else:
                tp, fp, tn, fn = G1, G0, L0, L1
            out.append(_measures(t, tp, fp, tn, fn, n1, n0, opt_in=self.opt_in, cc_rho=self.pi))
        return out, fit


def _draw_counts(bi: "_BootIndex", unit: np.ndarray, U: int, lo: int, hi: int) -> np.ndarray:
    """Replicates lo..hi-1: each one's rows drawn from R's stream (in order) as unit counts."""
    dt = np.int32 if unit.shape[0] < 2**31 else np.int64
    W = np.empty((hi - lo, U), dtype=dt)
    for b in range(hi - lo):
        W[b] = np.bincount(unit[bi.draw()], minlength=U)
    return W


def _dca_boot_chunk(state: _CurveState, obs_rho_b, W: np.ndarray) -> np.ndarray:
    """The measures of a chunk of replicates: (replicates, 3 curves, measures, thresholds)."""
    out = np.empty((W.shape[0], 3, len(MEASURES), state.t.shape[0]))
    Wf = W.astype(np.float64)
    risks = None
    if state.uX is not None:  # the glm refits of the whole chunk in one compiled call (GIL released)
        risks = np.empty(Wf.shape)
        _glm_boot_risks(state.uX, state.ud, Wf, (state.ud + 0.5) / 2.0, state.offset(obs_rho_b), 1e-8, 25, risks)
    with np.errstate(all="ignore"):
        for b in range(W.shape[0]):
            res, _ = state.curves(Wf[b], obs_rho_b, False, None if risks is None else risks[b])
            for k in range(3):
                for i, m in enumerate(MEASURES):
                    out[b, k, i] = res[k][m]
    return out


def _dca_chunk_size(B: int, U: int, workers: int, serial: bool) -> int:
    """Replicates per chunk: about 4 chunks per worker (drawing overlaps evaluation), and at most
    ~32 MB of unit counts per chunk."""
    cap = max(1, (32 << 20) // (4 * max(U, 1)))
    # short chunks (about 0.1 s of work each): Ctrl-C is seen between chunks, and a compiled chunk cannot
    # be interrupted; the results do not depend on the chunking
    short = max(1, 100_000 // max(U, 1))
    want = 50 if serial else -(-B // (4 * workers))
    return max(1, min(B, want, cap, short))


# ---------------------------------------------------------------------------------------------
# decision_curve
# ---------------------------------------------------------------------------------------------
@fill_doc
def decision_curve(data: pd.DataFrame, outcome: str, predictors: str | Sequence[str], *, fitted_risk: bool = False,
                   thresholds: ArrayLike | None = None, policy: Literal["opt-in", "opt-out"] = "opt-in",
                   study_design: Literal["cohort", "case-control"] = "cohort",
                   population_prevalence: float | None = None, bootstraps: int = 500,
                   confidence_intervals: float | Literal["none"] | None = 0.95, seed: int | None = None,
                   convention: Literal["rmda", "dcurves"] = "rmda", n_jobs: int | None = None,
                   backend: Literal["threads", "processes", "dask"] = "threads",
                   progress: bool | None = None) -> DecisionCurveResult:
    """``rmda::decision_curve(outcome ~ predictors, data, ...)`` (rmda 1.6) after ``set.seed(seed)``.

    ``convention="dcurves"`` switches to dcurves' rules (risk >= t, 0/1 risks nudged by epsilon,
    default thresholds ``seq(0, 0.99, by = 0.01)``) and adds ``net_intervention_avoided`` (per 100).

    ``n_jobs``/``backend`` spread the bootstrap replicates over workers (``cmvt_core.parallel``:
    "threads", "processes" or "dask" for a running ``dask.distributed`` client).  Every replicate's
    rows are still drawn from R's stream in R's order in this process, so the result is
    byte-identical whatever ``n_jobs`` and ``backend`` are.

    Bounds (``cmvt_core._validate``, checked before any work): ``bootstraps`` is a whole number in
    1..100 000 with bootstraps x n at most 2^31 - 1, and the kept replicate measures (bootstraps x 3
    curves x 11 measures x thresholds x 8 bytes) at most 1 GiB, e.g. about 40 000 bootstraps for the
    101 default thresholds.  Ctrl-C stops the bootstrap between short chunks (KeyboardInterrupt).

    Parameters
    ----------
    data : pandas.DataFrame
        Holds the outcome and predictor columns; rows with a missing value among them are dropped (R's
        ``complete.cases``).
    outcome : str
        The 0/1 outcome column.
    predictors : str or sequence of str
        The predictor columns of the logistic model; with ``fitted_risk=True``, one column of risks.
    fitted_risk : bool, default False
        The predictor is already a risk (no model is fitted).
    thresholds : array_like or None, default None
        Threshold probabilities (default ``seq(0, 1, by = 0.01)``; dcurves: ``seq(0, 0.99, by = 0.01)``).
    policy : {"opt-in", "opt-out"}, default "opt-in"
        rmda's ``policy``.
    study_design : {"cohort", "case-control"}, default "cohort"
        rmda's ``study.design``; case-control needs ``population_prevalence``.
    population_prevalence : float or None, default None
        The outcome's prevalence in the population (case-control designs).
    bootstraps : int, default 500
        Bootstrap replicates for the confidence intervals.
    confidence_intervals : float, "none" or None, default 0.95
        Confidence level; ``None`` or ``"none"``: no intervals (and no bootstrap).
    seed : int or None, default None
        ``set.seed(seed)`` before the bootstrap (R's random stream).
    convention : {"rmda", "dcurves"}, default "rmda"
        Whose rules to follow.
    {{n_jobs}}
    {{backend}}
    {{progress}}

    Returns
    -------
    DecisionCurveResult
        ``derived_data`` (rmda's ``derived.data``: thresholds, FPR, FNR, TPR, TNR, NB, sNB, rho,
        prob_high_risk, prob_low_risk, DP, nonDP, model, cost_benefit_ratio and the ``_lower``/``_upper``
        bounds) for the model, "All" and "None"; ``summary()`` and ``curve()`` read it.

    Raises
    ------
    InputError
        Missing columns, a non-0/1 outcome, bad thresholds, settings or bounds (checked before any work).

    Notes
    -----
    R call: ``set.seed(seed); rmda::decision_curve(outcome ~ predictors, data, fitted.risk = fitted_risk,
    thresholds = thresholds, policy = policy, study.design = study_design, population.prevalence =
    population_prevalence, bootstraps = bootstraps, confidence.intervals = confidence_intervals)``
    (rmda 1.6; parity twin ``dca_plain()`` in ``parity/r/dca.R``)

    Examples
    --------
    >>> from cmvt_core.cohort import load_cohort
    >>> from cmvt_core.datasets import load_cmvt_cohort
    >>> from cmvt_core.dca import decision_curve
    >>> preds = ["age_group", "pre_nlr", "out_of_bed_d1"]
    >>> X, y = load_cohort(load_cmvt_cohort(), "cmvt", preds)
    >>> dc = decision_curve(X.assign(cmvt=y), "cmvt", preds, thresholds=[0.1, 0.2, 0.3, 0.4],
    ...                     bootstraps=20, seed=2024)
    >>> dc.model_label
    'cmvt ~ age_group + pre_nlr + out_of_bed_d1'
    >>> dc.summary("NB")[["threshold", "cost_benefit_ratio", "All", "model", "model_lower", "model_upper"]].round(4)
       threshold cost_benefit_ratio     All   model  model_lower  model_upper
    0        0.1                1:9  0.2964  0.2964       0.2480       0.3765
    1        0.2                1:4  0.2085  0.2390       0.2061       0.3080
    2        0.3                3:7  0.0954  0.1742       0.1527       0.2732
    3        0.4                2:3 -0.0554  0.1306       0.0899       0.2288
    """
    n_jobs, backend = check_parallel(n_jobs, backend)
    V.flag(progress, "progress", none_ok=True)
    # ---- checks (rmda's, as InputError) ----
    if not isinstance(data, pd.DataFrame):
        raise InputError("data must be a pandas DataFrame holding the outcome and predictor columns")
    if isinstance(predictors, str):
        predictors = [predictors]
    if predictors is None or not isinstance(predictors, (list, tuple, pd.Index, np.ndarray)):
        raise InputError(f"predictors must be a column name or a list of column names; got {V.show(predictors)}")
    predictors = list(predictors)
    if not predictors:
        raise InputError("predictors must name at least one column")
    for name in [outcome, *predictors]:
        try:
            hash(name)
        except TypeError:
            raise InputError(f"column names must be text (or labels); got {V.show(name)}") from None
        if name not in data.columns:
            raise InputError(f"variable {name!r} not found in data")
    cnames = list(data.columns)
    dup = [c for c in dict.fromkeys([outcome, *predictors]) if cnames.count(c) > 1]
    if dup:
        raise InputError("duplicated column name(s) in data: "
                         + ", ".join(f"{c!r} ({cnames.count(c)} columns)" for c in dup)
                         + "; each variable must be one column")
    fitted_risk = V.flag(fitted_risk, "fitted_risk")
    if policy not in ("opt-in", "opt-out"):
        raise InputError(f"policy must be 'opt-in' or 'opt-out', not {policy!r}")
    if study_design not in ("cohort", "case-control"):
        raise InputError(f"study_design must be 'cohort' or 'case-control', not {study_design!r}")
    if convention not in ("rmda", "dcurves"):
        raise InputError(f"convention must be 'rmda' or 'dcurves', not {convention!r}")
    t = _thresholds(thresholds, convention)
    ci = confidence_intervals
    if ci is None or (isinstance(ci, str) and ci == "none"):  # rmda: confidence.intervals = "none"
        ci = None
    else:
        ci = V.number(ci, "confidence_intervals", low=0.0, high=1.0, low_open=True, high_open=True)
    bootstraps = V.replicates(bootstraps, "bootstraps", low=1 if ci is not None else 0,
                              n=len(data) if ci is not None else None,
                              low_msg=f"bootstraps must be a whole number >= 1 (got {V.show(bootstraps)}); for no "
                                      "confidence intervals set confidence_intervals=None")
    if ci is not None:
        # the replicates' measures are kept for the quantiles: B x 3 curves x measures x thresholds
        V.result_memory(8.0 * bootstraps * 3 * len(MEASURES) * t.shape[0],
                        f"decision_curve with bootstraps={bootstraps} and {t.shape[0]} thresholds")
    V.seed(seed)
    pi = None
    notes: list[str] = []
    population_prevalence = V.number(population_prevalence, "population_prevalence", low=0.0, high=1.0,
                                     low_open=True, high_open=True, none_ok=True)
    if study_design == "cohort":
        if population_prevalence is not None:
            warnings.warn('population_prevalence was provided, but study_design = "cohort": it is ignored '
                          "(as rmda)", RWarning, stacklevel=2)
    else:
        if population_prevalence is None:
            raise InputError("population_prevalence is needed for study_design='case-control'")
        pi = float(population_prevalence)
    if fitted_risk and len(predictors) != 1:
        raise InputError("with fitted_risk=True there can be only one predictor: the column of risks "
                         f"(got {predictors})")

    # ---- complete cases on the formula's variables ----
    cols = list(dict.fromkeys([outcome, *predictors]))
    sub = data[cols]
    cc = sub.notna().all(axis=1).to_numpy()
    rows = np.flatnonzero(cc)  # 0-based positions in data of the complete rows (messages say rows + 1)
    if not cc.all():
        warnings.warn(f"{int((~cc).sum())} observation(s) with missing data removed", RWarning, stacklevel=2)
        sub = sub[cc]
    if len(sub) == 0:
        raise InputError("no complete rows in data")
    s_out = sub[outcome]
    # the package's one 0/1-outcome check (the same message as every other function), then rmda's own
    d = V.outcome01(s_out, f"outcome column {outcome!r}", positions=rows)
    if np.unique(d).shape[0] != 2:
        raise InputError(f"outcome column {outcome!r} is not binary (it does not take two unique values)")
    N = d.shape[0]

    label = _formula_label(outcome, predictors)
    if fitted_risk:
        s = sub[predictors[0]]
        if not pd.api.types.is_numeric_dtype(s):
            raise InputError(f"risk column {predictors[0]!r} must be numeric")
        risk = s.to_numpy(dtype=np.float64)
        if risk.min() < 0 or risk.max() > 1:
            i = int(np.flatnonzero((risk < 0) | (risk > 1))[0])
            raise InputError(f"with fitted_risk=True all risks must lie in [0, 1]; column {predictors[0]!r} "
                             f"holds {risk[i].item()!r} at row {rows[i] + 1}")
        key = np.column_stack([d, risk])
        X = None
    else:
        X, xnames = _model_matrix(sub, predictors, rows)
        key = np.column_stack([d, X[:, 1:]])
        if len(predictors) > 1:
            notes.append("Note: the risk model is fitted and evaluated on the same data (optimism): "
                         "use fitted_risk=True with risks from an independent data set where possible.")

    # ---- collapse rows into units ----
    ukey, unit = _units(key)
    U = ukey.shape[0]
    ud = ukey[:, 0]
    mult = np.bincount(unit, minlength=U).astype(np.float64)
    state = _CurveState(
        t=t, thr=_Thresholds(t), ud=ud, U=U,
        uX=None if fitted_risk else np.column_stack([np.ones(U), ukey[:, 1:]]),
        urisk_fixed=ukey[:, 1] if fitted_risk else None, xnames=None if fitted_risk else xnames,
        pi=pi, opt_in=policy == "opt-in", dcurves=convention == "dcurves")

    obs_rho = rbase.r_mean(d) if pi is not None else None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        point, fit0 = state.curves(mult, obs_rho, True)

    dcurves = convention == "dcurves"
    boot = None
    if ci is not None:
        B = int(bootstraps)
        bi = _BootIndex(RRNG(seed), d, study_design)
        if pi is not None:  # stratified: every replicate has the same outcome composition
            obs_rho_b = rbase.r_mean(np.concatenate([d[s - 1] for s in bi.strata]))
        else:
            obs_rho_b = None
        # the one parallel setting (cmvt_core.parallel.resolve_jobs): the default runs serially below
        # AUTO_PARALLEL_WORK drawn rows (B x n) and on all cores above
        with warnings.catch_warnings(), Executor(*resolve_jobs(n_jobs, backend, B * len(d))) as ex, \
                Progress(progress, B, "decision_curve: bootstrap") as bar:
            warnings.simplefilter("ignore", RuntimeWarning)
            warnings.simplefilter("ignore", RWarning)
            # rows drawn here, replicate by replicate in R's order; chunks evaluated on the pool; the bar
            # advances by each chunk's replicates as it is collected (the chunking changes no number)
            size = _dca_chunk_size(B, U, ex.n, ex.serial)
            payloads = (_draw_counts(bi, unit, U, lo, hi) for lo, hi in chunk_bounds(B, -(-B // size)))
            parts = ordered_results(ex, _dca_boot_chunk, (state, obs_rho_b), payloads,
                                    on_result=(lambda part: bar.update(part.shape[0])) if bar.shown else None)
        arr = np.concatenate(parts, axis=0)  # (B, 3, len(MEASURES), T) in replicate order
        boot = [{m: arr[:, k, i, :] for i, m in enumerate(MEASURES)} for k in range(3)]

    labels = [label, "All", "None"]
    frames = []
    alpha = 1 - ci if ci is not None else None
    for k in range(3):
        f = {"thresholds": t.copy()}
        for m in MEASURES:
            f[m] = np.broadcast_to(point[k][m], t.shape).astype(np.float64).ravel()
        f["model"] = [labels[k]] * t.shape[0]
        for m in MEASURES:
            lo = np.full(t.shape[0], np.nan)
            hi = np.full(t.shape[0], np.nan)
            if boot is not None:
                lo, hi = _quantile1_columns(boot[k][m], [alpha / 2, 1 - alpha / 2])
            f[f"{m}_lower"] = lo
            f[f"{m}_upper"] = hi
        frames.append(pd.DataFrame(f))
    dd = pd.concat(frames, ignore_index=True)
    dd["cost_benefit_ratio"] = cost_benefit_ratio(dd["thresholds"].to_numpy())
    if dcurves:
        nb_all = np.tile(point[1]["NB"], 3)
        with np.errstate(divide="ignore", invalid="ignore"):
            tt = dd["thresholds"].to_numpy()
            dd["net_intervention_avoided"] = (dd["NB"].to_numpy() - nb_all) / (tt / (1 - tt)) * 100
    dd["model"] = dd["model"].astype(object)
    dd["cost_benefit_ratio"] = dd["cost_benefit_ratio"].astype(object)
    return DecisionCurveResult(dd, ci, policy, study_design, pi, int(bootstraps) if ci is not None else 0,
                               None if seed is None else int(seed), convention, label, bool(fitted_risk), N,
                               fit0, notes)

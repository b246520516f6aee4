"""The baseline table and the classical two-group tests behind it, with R's numbers.

Ports of R 4.2.2's ``stats`` functions:

* ``t_test``       — ``t.test(x, y, var.equal=)`` (Welch by default, Student with ``var_equal=True``);
* ``wilcox_test``  — ``wilcox.test(x, y)`` (Mann–Whitney): exact p (the ``cwilcox`` counts) when both groups
  have fewer than 50 values and there are no ties, otherwise the normal approximation with R's tie and
  continuity corrections;
* ``chisq_test``   — ``chisq.test(table)``: Yates' continuity correction on 2 x 2 tables (``correct=True``), none
  on larger tables;
* ``fisher_test``  — ``fisher.test(table)``: 2 x 2 from R's noncentral hypergeometric code (R's ``dhyper``
  ported: ``dbinom_raw``, ``stirlerr``, ``bd0``), with the conditional MLE odds ratio and its CI;
  every other table (r x 2 included, as R) by R's FEXACT network algorithm (Mehta & Patel): a line-by-line
  port of R's ``fexact.c`` (``_fexact``) with R's default workspace, so R's p-values, and R's errors where
  that workspace is too small for the table;
* ``shapiro_test`` — ``shapiro.test(x)``: a line-by-line port of R's ``swilk.c`` (Royston 1995, AS R94), n 3..5000.

``baseline_table(X, group)`` builds the study's table (SPSS-style): continuous variables as mean ± SD with a
t-test when Shapiro–Wilk does not reject normality (alpha 0.05) in both groups, otherwise median [P25, P75]
(R's ``quantile`` type 7) with the Mann–Whitney U test; categorical variables (non-numeric, or at most
``max_levels`` distinct integer values) as n (%) with chi-square, or Fisher's exact test when any expected
count is below 5.  Its R twin is ``parity/r/baseline.R``.
"""
from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field
from typing import Any, Sequence

import numpy as np
import pandas as pd
from scipy import special

from . import _fexact
from .errors import InputError, RWarning
from .rbase import quantile, r_mean, r_median
from .rrandom import qnorm as _r_qnorm

__all__ = ["TestResult", "t_test", "wilcox_test", "chisq_test", "fisher_test", "shapiro_test",
           "dhyper", "BaselineTable", "baseline_table"]

_DBL_EPS = float(np.finfo(float).eps)
_M_LN_2PI = 1.837877066409345483560659472811
_M_LN_SQRT_2PI = 0.918938533204672741780329736406


# ----------------------------------------------------------------------------------------------
# results
@dataclass
class TestResult:
    """An R ``htest``: fields named as R names them (dots -> underscores)."""

    method: str
    statistic: float
    p_value: float
    parameter: Any = None          # df (t, chi-square) or None
    estimate: Any = None           # means (t), odds ratio (fisher 2x2)
    conf_int: Any = None
    statistic_name: str = ""
    expected: Any = None           # chi-square / fisher expected counts
    extra: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        def conv(v):
            if isinstance(v, np.ndarray):
                return [conv(x) for x in v.tolist()]
            if isinstance(v, (list, tuple)):
                return [conv(x) for x in v]
            if isinstance(v, dict):
                return {str(k): conv(x) for k, x in v.items()}
            if isinstance(v, (np.floating, float)):
                return float(v)
            if isinstance(v, (np.integer,)):
                return int(v)
            return v
        return {"method": self.method, "statistic_name": self.statistic_name, "statistic": conv(self.statistic),
                "parameter": conv(self.parameter), "p_value": conv(self.p_value), "estimate": conv(self.estimate),
                "conf_int": conv(self.conf_int), "expected": conv(self.expected), **conv(self.extra)}


# ----------------------------------------------------------------------------------------------
# small R arithmetic helpers
def _numeric_vector(x, name: str) -> np.ndarray:
    try:
        arr = np.asarray(x, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise InputError(f"{name}: values must be numeric ({exc})") from None
    if arr.ndim != 1:
        arr = arr.ravel()
    return arr


def _complete(x: np.ndarray) -> np.ndarray:
    return x[~np.isnan(x)]


def _ldsum(x) -> float:
    """R's ``sum()`` of doubles: accumulated in long double."""
    return float(np.asarray(x, dtype=np.float64).astype(np.longdouble).sum())


def _r_var(x: np.ndarray) -> float:
    """R's ``var(x)`` (cov.c): long-double two-pass mean, then a long-double sum of squared deviations."""
    n = x.shape[0]
    if n < 2:
        return math.nan
    m = r_mean(x)
    d = x - m
    s = (d * d).astype(np.longdouble).sum()
    return float(s / np.longdouble(n - 1))


def _pnorm_upper(z: float) -> float:
    return float(special.ndtr(-z))


def _pnorm_lower(z: float) -> float:
    return float(special.ndtr(z))


def _pt_lower(t: float, df: float) -> float:
    return float(special.stdtr(df, t))


def _qt(p: float, df: float) -> float:
    return float(special.stdtrit(df, p))


def _pchisq_upper(x: float, df: float) -> float:
    return float(special.chdtrc(df, x))


# ----------------------------------------------------------------------------------------------
# t.test
def t_test(x, y, *, var_equal: bool = False, mu: float = 0.0, conf_level: float = 0.95) -> TestResult:
    """``t.test(x, y, var.equal=var_equal, mu=mu, conf.level=conf_level)``, two-sided, two samples.

    Missing values (NaN) are dropped as R drops NA.
    """
    x = _complete(_numeric_vector(x, "x"))
    y = _complete(_numeric_vector(y, "y"))
    nx, ny = x.shape[0], y.shape[0]
    if nx < 1 or (not var_equal and nx < 2):
        raise InputError("t_test: not enough 'x' observations")
    if ny < 1 or (not var_equal and ny < 2):
        raise InputError("t_test: not enough 'y' observations")
    if var_equal and nx + ny < 3:
        raise InputError("t_test: not enough observations")
    mx, my = r_mean(x), r_mean(y)
    vx, vy = _r_var(x), _r_var(y)
    if var_equal:
        df = float(nx + ny - 2)
        v = 0.0
        if nx > 1:
            v = v + (nx - 1) * vx
        if ny > 1:
            v = v + (ny - 1) * vy
        v = v / df
        stderr = math.sqrt(v * (1 / nx + 1 / ny))
        method = " Two Sample t-test"
    else:
        stderrx = math.sqrt(vx / nx)
        stderry = math.sqrt(vy / ny)
        stderr = math.sqrt(stderrx ** 2 + stderry ** 2)
        den = stderrx ** 4 / (nx - 1) + stderry ** 4 / (ny - 1)
        df = stderr ** 4 / den if den != 0 else math.nan  # R: 0/0 = NaN
        method = "Welch Two Sample t-test"
    if stderr < 10 * _DBL_EPS * max(abs(mx), abs(my)):
        raise InputError("t_test: data are essentially constant")
    tstat = (mx - my - mu) / stderr
    pval = 2 * _pt_lower(-abs(tstat), df)
    alpha = 1 - conf_level
    q = _qt(1 - alpha / 2, df)
    cint = np.array([tstat - q, tstat + q])
    cint = mu + cint * stderr
    return TestResult(method=method, statistic=float(tstat), p_value=float(pval), parameter=float(df),
                      estimate=np.array([mx, my]), conf_int=cint, statistic_name="t",
                      extra={"stderr": float(stderr)})


# ----------------------------------------------------------------------------------------------
# wilcox.test (two samples)
def _rank_average(v: np.ndarray) -> np.ndarray:
    """R's ``rank(v)`` with ties averaged."""
    order = np.argsort(v, kind="mergesort")
    s = v[order]
    n = v.shape[0]
    ranks = np.empty(n, dtype=np.float64)
    i = 0
    while i < n:
        j = i
        while j + 1 < n and s[j + 1] == s[i]:
            j += 1
        ranks[order[i:j + 1]] = (i + j + 2) / 2.0
        i = j + 1
    return ranks


_CWILCOX_CACHE: dict[tuple[int, int], list[int]] = {}


def _cwilcox_counts(m: int, n: int) -> list[int]:
    """Exact counts of the Mann–Whitney statistic W = 0..m*n (R's ``cwilcox(k, m, n)`` for every k).

    The generating function prod_{i=1..m} (1 - q^(n+i)) / (1 - q^i), in exact integers.
    """
    key = (min(m, n), max(m, n))
    if key in _CWILCOX_CACHE:
        return _CWILCOX_CACHE[key]
    m, n = key
    size = m * n + 1
    c = [0] * size
    c[0] = 1
    deg = 0
    for i in range(1, m + 1):
        # multiply by (1 - q^(n+i))
        s = n + i
        deg_new = deg + s
        if deg_new >= size:
            deg_new = size - 1
        for k in range(deg_new, s - 1, -1):
            c[k] -= c[k - s]
        deg = deg_new
        # divide by (1 - q^i): prefix sums with stride i
        for k in range(i, size):
            c[k] += c[k - i]
    _CWILCOX_CACHE[key] = c
    return c


def _pwilcox(q: float, m: int, n: int, lower_tail: bool = True) -> float:
    """R's ``pwilcox(q, m, n, lower.tail)`` (nmath/wilcox.c)."""
    if not math.isfinite(q):
        raise InputError("pwilcox: q must be finite")
    q = math.floor(q + 1e-7)
    if q < 0.0:
        return 0.0 if lower_tail else 1.0
    if q >= m * n:
        return 1.0 if lower_tail else 0.0
    counts = _cwilcox_counts(m, n)
    c = float(math.comb(m + n, n))
    p = 0.0
    if q <= (m * n / 2):
        for i in range(0, int(q) + 1):
            p += float(counts[i]) / c
    else:
        q = m * n - q
        for i in range(0, int(q)):
            p += float(counts[i]) / c
        lower_tail = not lower_tail
    return p if lower_tail else (0.5 - p + 0.5)


def wilcox_test(x, y, *, exact: bool | None = None, correct: bool = True, mu: float = 0.0) -> TestResult:
    """``wilcox.test(x, y, exact=exact, correct=correct, mu=mu)``, two-sided (Mann–Whitney U = R's W).

    With ties and ``exact`` requested (or implied) R warns "cannot compute exact p-value with ties" and uses
    the normal approximation; so does this (an ``RWarning``).
    """
    x = _complete(_numeric_vector(x, "x"))
    y = _complete(_numeric_vector(y, "y"))
    nx, ny = x.shape[0], y.shape[0]
    if nx < 1:
        raise InputError("wilcox_test: not enough (non-missing) 'x' observations")
    if ny < 1:
        raise InputError("wilcox_test: not enough 'y' observations")
    r = _rank_average(np.concatenate([x - mu, y]))
    if exact is None:
        exact = (nx < 50) and (ny < 50)
    statistic = _ldsum(r[:nx]) - nx * (nx + 1) / 2
    ties = np.unique(r).shape[0] != r.shape[0]
    if exact and not ties:
        if statistic > (nx * ny / 2):
            p = _pwilcox(statistic - 1, nx, ny, lower_tail=False)
        else:
            p = _pwilcox(statistic, nx, ny)
        pval = min(2 * p, 1.0)
        method = "Wilcoxon rank sum exact test"
        corr = None
    else:
        _, nties = np.unique(r, return_counts=True)
        nties = nties.astype(np.float64)
        z = statistic - nx * ny / 2
        sigma = math.sqrt((nx * ny / 12) * ((nx + ny + 1) - _ldsum(nties ** 3 - nties) /
                                           ((nx + ny) * (nx + ny - 1))))
        correction = (math.copysign(0.5, z) if z != 0 else 0.0) if correct else 0.0
        if sigma == 0:  # every value tied: R's 0/0 gives z = NaN and p-value NaN
            z = math.nan
            pval = math.nan
        else:
            z = (z - correction) / sigma
            pval = 2 * min(_pnorm_lower(z), _pnorm_upper(z))
        method = "Wilcoxon rank sum test" + (" with continuity correction" if correct else "")
        corr = correction
        if exact and ties:
            warnings.warn("cannot compute exact p-value with ties", RWarning, stacklevel=2)
    return TestResult(method=method, statistic=float(statistic), p_value=float(pval), statistic_name="W",
                      extra={"exact": bool(exact and not ties), "ties": bool(ties),
                             "continuity_correction": corr})


# ----------------------------------------------------------------------------------------------
# contingency tables
def _as_table(table) -> np.ndarray:
    if isinstance(table, pd.DataFrame):
        table = table.to_numpy()
    try:
        t = np.asarray(table, dtype=np.float64)
    except (TypeError, ValueError):
        raise InputError("contingency table: entries must be numeric counts") from None
    if t.ndim != 2:
        raise InputError(f"contingency table: expected a 2-D table, got {t.ndim} dimension(s)")
    if np.isnan(t).any() or (t < 0).any() or np.isinf(t).any():
        raise InputError("all entries of 'x' must be nonnegative and finite")
    return t


def _crosstab(x, g):
    """R's ``table(x, g)`` for two vectors (levels sorted; missing pairs dropped)."""
    xs = pd.Series(np.asarray(x, dtype=object))
    gs = pd.Series(np.asarray(g, dtype=object))
    ok = xs.notna().to_numpy() & gs.notna().to_numpy()
    return pd.crosstab(xs[ok].to_numpy(), gs[ok].to_numpy()).to_numpy(dtype=np.float64)


def chisq_test(x, y=None, *, correct: bool = True) -> TestResult:
    """``chisq.test(x)`` for a contingency table (or ``chisq.test(x, y)`` for two factors).

    Yates' correction ``min(0.5, abs(x - E))`` only on 2 x 2 tables, as R.  When any expected count is below
    5, R warns "Chi-squared approximation may be incorrect"; so does this (an ``RWarning``).
    """
    t = _crosstab(x, y) if y is not None else _as_table(x)
    if y is not None and (t.shape[0] < 2 or t.shape[1] < 2):
        raise InputError("'x' and 'y' must have at least 2 levels")
    if min(t.shape) == 1:
        raise InputError("chisq_test: the table has a single row or column (goodness-of-fit is not supported)")
    n = _ldsum(t)
    if n == 0:
        raise InputError("at least one entry of 'x' must be positive")
    nr, nc = t.shape
    sr = t.astype(np.longdouble).sum(axis=1).astype(np.float64)
    sc = t.astype(np.longdouble).sum(axis=0).astype(np.float64)
    e = np.outer(sr, sc) / n
    method = "Pearson's Chi-squared test"
    if correct and nr == 2 and nc == 2:
        yates = float(min(0.5, np.abs(t - e).min()))
        if yates > 0:
            method += " with Yates' continuity correction"
    else:
        yates = 0.0
    with np.errstate(divide="ignore", invalid="ignore"):
        statistic = _ldsum((np.abs(t - e) - yates) ** 2 / e)
    df = (nr - 1) * (nc - 1)
    pval = _pchisq_upper(statistic, df)
    if (e < 5).any():
        warnings.warn("Chi-squared approximation may be incorrect", RWarning, stacklevel=2)
    return TestResult(method=method, statistic=float(statistic), p_value=float(pval), parameter=float(df),
                      statistic_name="X-squared", expected=e, extra={"yates": yates})


# -- R's dhyper (nmath: dhyper.c, dbinom.c, stirlerr.c, bd0.c) ----------------------------------
_SFERR_HALVES = np.array([
    0.0, 0.15342640972002736, 0.08106146679532726, 0.05481412105191765, 0.0413406959554093,
    0.03316287351993629, 0.02767792568499834, 0.023746163656297496, 0.020790672103765093,
    0.018488450532673187, 0.016644691189821193, 0.015134973221917378, 0.013876128823070748,
    0.012810465242920227, 0.01189670994589177, 0.011104559758206917, 0.010411265261972096,
    0.009799416126158804, 0.009255462182712733, 0.008768700134139386, 0.00833056343336287,
    0.00793411456431402, 0.007573675487951841, 0.007244554301320383, 0.00694284010720953,
    0.006665247032707682, 0.006408994188004207, 0.006171712263039458, 0.0059513701127588475,
    0.0057462165130101155, 0.005554733551962801])  # stirlerr(k/2), k = 0..30 (R's sferr_halves)


def _stirlerr(n: float) -> float:
    S0 = 0.083333333333333333333
    S1 = 0.00277777777777777777778
    S2 = 0.00079365079365079365079365
    S3 = 0.000595238095238095238095238
    S4 = 0.0008417508417508417508417508
    if n <= 15.0:
        nn = n + n
        if nn == int(nn):
            return float(_SFERR_HALVES[int(nn)])
        return math.lgamma(n + 1.0) - (n + 0.5) * math.log(n) + n - _M_LN_SQRT_2PI
    nn = n * n
    if n > 500:
        return (S0 - S1 / nn) / n
    if n > 80:
        return (S0 - (S1 - S2 / nn) / nn) / n
    if n > 35:
        return (S0 - (S1 - (S2 - S3 / nn) / nn) / nn) / n
    return (S0 - (S1 - (S2 - (S3 - S4 / nn) / nn) / nn) / nn) / n


def _bd0(x: float, np_: float) -> float:
    if abs(x - np_) < 0.1 * (x + np_):
        v = (x - np_) / (x + np_)
        s = (x - np_) * v
        if abs(s) < 2.2250738585072014e-308:
            return s
        ej = 2 * x * v
        v = v * v
        for j in range(1, 1000):
            ej *= v
            s1 = s + ej / ((j << 1) + 1)
            if s1 == s:
                return s1
            s = s1
    return x * math.log(x / np_) + np_ - x


def _dbinom_raw_log(x: float, n: float, p: float, q: float) -> float:
    if p == 0:
        return 0.0 if x == 0 else -math.inf
    if q == 0:
        return 0.0 if x == n else -math.inf
    if x == 0:
        if n == 0:
            return 0.0
        return -_bd0(n, n * q) - n * p if p < 0.1 else n * math.log(q)
    if x == n:
        return -_bd0(n, n * p) - n * q if q < 0.1 else n * math.log(p)
    if x < 0 or x > n:
        return -math.inf
    lc = _stirlerr(n) - _stirlerr(x) - _stirlerr(n - x) - _bd0(x, n * p) - _bd0(n - x, n * q)
    lf = _M_LN_2PI + math.log(x) + math.log1p(-x / n)
    return lc - 0.5 * lf


def dhyper(x: float, m: float, n: float, k: float, log: bool = False) -> float:
    """R's ``dhyper(x, m, n, k, log)`` (white balls m, black n, drawn k), for whole-number arguments."""
    r, b = float(m), float(n)
    nn = float(k)
    if nn < x or r < x or nn - x > b or x < 0:
        return -math.inf if log else 0.0
    if nn == 0:
        val = 0.0 if x == 0 else -math.inf
        return val if log else math.exp(val)
    p = nn / (r + b)
    q = (r + b - nn) / (r + b)
    p1 = _dbinom_raw_log(x, r, p, q)
    p2 = _dbinom_raw_log(nn - x, b, p, q)
    p3 = _dbinom_raw_log(nn, r + b, p, q)
    return p1 + p2 - p3 if log else math.exp(p1 + p2 - p3)


# -- R's zeroin (Brent), for uniroot in fisher.test's conditional MLE and CI -----------------------
def _zeroin(f, ax: float, bx: float, fa: float, fb: float, tol: float, maxit: int) -> float:
    """R's ``R_zeroin2`` (src/library/stats/src/zeroin.c), as ``uniroot`` calls it."""
    EPSILON = _DBL_EPS
    a, b = ax, bx
    c = a
    fc = fa
    maxit = maxit + 1
    tol_ = tol
    if fa == 0.0:
        return a
    if fb == 0.0:
        return b
    while maxit:
        maxit -= 1
        prev_step = b - a
        if abs(fc) < abs(fb):
            a = b; b = c; c = a
            fa = fb; fb = fc; fc = fa
        tol_act = 2 * EPSILON * abs(b) + tol_ / 2
        new_step = (c - b) / 2
        if abs(new_step) <= tol_act or fb == 0.0:
            return b
        if abs(prev_step) >= tol_act and abs(fa) > abs(fb):
            cb = c - b
            if a == c:
                t1 = fb / fa
                p = cb * t1
                q = 1.0 - t1
            else:
                q = fa / fc
                t1 = fb / fc
                t2 = fb / fa
                p = t2 * (cb * q * (q - t1) - (b - a) * (t1 - 1.0))
                q = (q - 1.0) * (t1 - 1.0) * (t2 - 1.0)
            if p > 0:
                q = -q
            else:
                p = -p
            if p < (0.75 * cb * q - abs(tol_act * q) / 2) and p < abs(prev_step * q / 2):
                new_step = p / q
        if abs(new_step) < tol_act:
            new_step = tol_act if new_step > 0 else -tol_act
        a = b
        fa = fb
        b += new_step
        fb = f(b)
        if (fb > 0 and fc > 0) or (fb < 0 and fc < 0):
            c = a
            fc = fa
    return b


def _uniroot(f, lower: float, upper: float) -> float:
    tol = _DBL_EPS ** 0.25
    flo, fup = f(lower), f(upper)
    return _zeroin(f, lower, upper, flo, fup, tol, 1000)


def _fisher_2x2(t: np.ndarray, conf_level: float, conf_int: bool) -> TestResult:
    m = float(t[0, 0] + t[1, 0])
    n = float(t[0, 1] + t[1, 1])
    k = float(t[0, 0] + t[0, 1])
    x = float(t[0, 0])
    lo = max(0.0, k - n)
    hi = min(k, m)
    support = np.arange(lo, hi + 1)
    logdc = np.array([dhyper(s, m, n, k, log=True) for s in support.tolist()])

    def dnhyper(ncp):
        d = logdc + math.log(ncp) * support
        d = np.exp(d - d.max())
        return d / _ldsum(d)

    def mnhyper(ncp):
        if ncp == 0:
            return lo
        if ncp == math.inf:
            return hi
        return _ldsum(support * dnhyper(ncp))

    def pnhyper(q, ncp, upper_tail=False):
        if ncp == 1:
            # phyper(x - 1, m, n, k, lower.tail = FALSE) or phyper(x, m, n, k); via the same dhyper sums
            d = np.exp(logdc)
            return _ldsum(d[support >= q]) if upper_tail else _ldsum(d[support <= q])
        if ncp == 0:
            return float(q <= lo) if upper_tail else float(q >= lo)
        if ncp == math.inf:
            return float(q <= hi) if upper_tail else float(q >= hi)
        d = dnhyper(ncp)
        return _ldsum(d[support >= q]) if upper_tail else _ldsum(d[support <= q])

    relErr = 1 + 10 ** (-7)
    d = dnhyper(1.0)
    pval = _ldsum(d[d <= d[int(x - lo)] * relErr])

    def mle(x):
        if x == lo:
            return 0.0
        if x == hi:
            return math.inf
        mu = mnhyper(1.0)
        if mu > x:
            return _uniroot(lambda t: mnhyper(t) - x, 0.0, 1.0)
        if mu < x:
            return 1 / _uniroot(lambda t: mnhyper(1 / t) - x, _DBL_EPS, 1.0)
        return 1.0

    estimate = mle(x)
    ci = None
    if conf_int:
        def ncp_u(x, alpha):
            if x == hi:
                return math.inf
            p = pnhyper(x, 1.0)
            if p < alpha:
                return _uniroot(lambda t: pnhyper(x, t) - alpha, 0.0, 1.0)
            if p > alpha:
                return 1 / _uniroot(lambda t: pnhyper(x, 1 / t) - alpha, _DBL_EPS, 1.0)
            return 1.0

        def ncp_l(x, alpha):
            if x == lo:
                return 0.0
            p = pnhyper(x, 1.0, upper_tail=True)
            if p > alpha:
                return _uniroot(lambda t: pnhyper(x, t, upper_tail=True) - alpha, 0.0, 1.0)
            if p < alpha:
                return 1 / _uniroot(lambda t: pnhyper(x, 1 / t, upper_tail=True) - alpha, _DBL_EPS, 1.0)
            return 1.0

        alpha = (1 - conf_level) / 2
        ci = np.array([ncp_l(x, alpha), ncp_u(x, alpha)])
    return TestResult(method="Fisher's Exact Test for Count Data", statistic=math.nan,
                      p_value=float(max(0.0, min(1.0, pval))), estimate=float(estimate), conf_int=ci,
                      statistic_name="", extra={"odds_ratio": float(estimate)})


def fisher_test(x, y=None, *, conf_int: bool = True, conf_level: float = 0.95, workspace: int = 200000,
                mult: int = 30) -> TestResult:
    """``fisher.test(x, workspace = workspace, control = list(mult = mult))`` (two-sided) for a contingency
    table, or ``fisher.test(x, y)`` for two factors.

    2 x 2: R's p-value (``relErr = 1 + 1e-7``), conditional MLE odds ratio and its confidence interval
    (``uniroot`` = Brent's zeroin, ported).  Any other table (r x 2 included, as in R): R's FEXACT network
    algorithm (``_fexact``, a line-by-line port of R's ``fexact.c`` with R's workspace of ``workspace`` ints),
    so the work is bounded by the workspace as in R; where R's FEXACT stops (workspace too small for the
    table, hash key overflow, an all-zero table) this raises ``InputError`` with R's message.
    """
    t = _crosstab(x, y) if y is not None else _as_table(x)
    if np.any(t != np.round(t)):
        raise InputError("fisher_test: table entries must be whole numbers")
    if t.shape[0] < 2 or t.shape[1] < 2:
        raise InputError("'x' must have at least 2 rows and columns")
    if t.shape == (2, 2):
        return _fisher_2x2(t, conf_level, conf_int)
    if (t > 2147483647).any():
        raise InputError("'x' has entries too large to be integer")
    if int(mult) < 2:
        raise InputError("'mult' must be integer >= 2, typically = 30")
    pval = _fexact.fexact(t.astype(np.int32), workspace=int(workspace), mult=int(mult))
    return TestResult(method="Fisher's Exact Test for Count Data", statistic=math.nan,
                      p_value=float(max(0.0, min(1.0, pval))))


# ----------------------------------------------------------------------------------------------
# shapiro.test: R's swilk.c
def _poly(cc, nord: int, x: float) -> float:
    ret = cc[0]
    if nord > 1:
        p = x * cc[nord - 1]
        for j in range(nord - 2, 0, -1):
            p = (p + cc[j]) * x
        ret += p
    return ret


_G = (-2.273, .459)
_C1 = (0., .221157, -.147981, -2.07119, 4.434685, -2.706056)
_C2 = (0., .042981, -.293762, -1.752461, 5.682633, -3.582633)
_C3 = (.544, -.39978, .025054, -6.714e-4)
_C4 = (1.3822, -.77857, .062767, -.0020322)
_C5 = (-1.5861, -.31082, -.083751, .0038915)
_C6 = (-.4803, -.082676, .0030302)


def _sign(v: float) -> float:
    return 1.0 if v > 0 else (-1.0 if v < 0 else 0.0)


def _swilk(x: np.ndarray) -> tuple[float, float, int]:
    """R's ``swilk(x, n, &w, &pw, &ifault)`` for sorted x; returns (w, pw, ifault)."""
    n = x.shape[0]
    nn2 = n // 2
    a = [0.0] * (nn2 + 1)  # 1-based
    small = 1e-19
    pw = 1.0
    an = float(n)
    if n == 3:
        a[1] = math.sqrt(0.5)
    else:
        an25 = an + .25
        summ2 = 0.0
        m = _r_qnorm((np.arange(1, nn2 + 1) - .375) / an25)
        for i in range(1, nn2 + 1):
            a[i] = float(m[i - 1])
            summ2 += a[i] * a[i]
        summ2 *= 2.
        ssumm2 = math.sqrt(summ2)
        rsn = 1. / math.sqrt(an)
        a1 = _poly(_C1, 6, rsn) - a[1] / ssumm2
        if n > 5:
            i1 = 3
            a2 = -a[2] / ssumm2 + _poly(_C2, 6, rsn)
            fac = math.sqrt((summ2 - 2. * (a[1] * a[1]) - 2. * (a[2] * a[2]))
                            / (1. - 2. * (a1 * a1) - 2. * (a2 * a2)))
            a[2] = a2
        else:
            i1 = 2
            fac = math.sqrt((summ2 - 2. * (a[1] * a[1])) / (1. - 2. * (a1 * a1)))
        a[1] = a1
        for i in range(i1, nn2 + 1):
            a[i] /= -fac
    rng = float(x[n - 1] - x[0])
    if rng < small:
        return math.nan, 1.0, 6
    ifault = 0
    xs = x.tolist()
    xx = xs[0] / rng
    sx = xx
    sa = -a[1]
    i = 1
    j = n - 1
    while i < n:
        xi = xs[i] / rng
        if xx - xi > small:
            ifault = 7
        sx += xi
        i += 1
        if i != j:
            sa += _sign(i - j) * a[min(i, j)]
        xx = xi
        j -= 1
    if n > 5000:
        ifault = 2
    sa /= n
    sx /= n
    ssa = ssx = sax = 0.
    j = n - 1
    for i in range(n):
        if i != j:
            asa = _sign(i - j) * a[1 + min(i, j)] - sa
        else:
            asa = -sa
        xsx = xs[i] / rng - sx
        ssa += asa * asa
        ssx += xsx * xsx
        sax += asa * xsx
        j -= 1
    ssassx = math.sqrt(ssa * ssx)
    w1 = (ssassx - sax) * (ssassx + sax) / (ssa * ssx)
    w = 1. - w1
    if n == 3:
        pi6 = 1.90985931710274
        stqr = 1.04719755119660
        pw = pi6 * (math.asin(math.sqrt(w)) - stqr)
        if pw < 0.:
            pw = 0.
        return w, pw, ifault
    y = math.log(w1)
    xx = math.log(an)
    if n <= 11:
        gamma = _poly(_G, 2, an)
        if y >= gamma:
            return w, 1e-99, ifault
        y = -math.log(gamma - y)
        m_ = _poly(_C3, 4, an)
        s = math.exp(_poly(_C4, 4, an))
    else:
        m_ = _poly(_C5, 4, xx)
        s = math.exp(_poly(_C6, 3, xx))
    pw = _pnorm_upper((y - m_) / s)
    return w, pw, ifault


def shapiro_test(x) -> TestResult:
    """``shapiro.test(x)``: R's swilk.c; missing values dropped; n must be 3..5000."""
    x = _numeric_vector(x, "x")
    x = np.sort(_complete(x))
    n = x.shape[0]
    if n < 3 or n > 5000:
        raise InputError(f"shapiro_test: sample size must be between 3 and 5000 (got {n})")
    rng = float(x[n - 1] - x[0])
    if rng == 0:
        raise InputError("shapiro_test: all 'x' values are identical")
    if rng < 1e-10:
        x = x / rng
    w, pw, ifault = _swilk(x)
    if ifault > 0 and ifault != 7:
        raise InputError(f"shapiro_test: ifault={ifault}. This should not happen")
    return TestResult(method="Shapiro-Wilk normality test", statistic=float(w), p_value=float(pw),
                      statistic_name="W")


# ----------------------------------------------------------------------------------------------
# the baseline table
@dataclass
class BaselineTable:
    """The baseline table.

    ``table``: the printable table (DataFrame: ``variable, level, overall, group_0, group_1, test, statistic,
    p_value``; summaries formatted as text, statistic and p-value numeric, test results on the first row of
    each variable).  ``stats``: the same rows with every number at full precision (counts, means, SDs, medians,
    quartiles, Shapiro–Wilk p-values per group) — what the R twin is compared with.  ``groups``: the two group
    values (group_0 is the first, group_1 the second, in sorted order).
    """

    table: pd.DataFrame
    stats: pd.DataFrame
    groups: tuple
    group_labels: tuple
    settings: dict

    def to_dict(self) -> dict:
        def rec(df):
            out = []
            for row in df.to_dict(orient="records"):
                clean = {}
                for k, v in row.items():
                    if isinstance(v, (np.floating, float)):
                        clean[str(k)] = float(v)
                    elif isinstance(v, (np.integer,)):
                        clean[str(k)] = int(v)
                    elif v is None or (not isinstance(v, str) and pd.isna(v)):
                        clean[str(k)] = None
                    else:
                        clean[str(k)] = v if isinstance(v, (str, bool, int)) else str(v)
                out.append(clean)
            return out
        return {"groups": [g.item() if hasattr(g, "item") else g for g in self.groups],
                "group_labels": list(self.group_labels), "settings": dict(self.settings),
                "table": rec(self.table), "stats": rec(self.stats)}


def _is_categorical(col: pd.Series, max_levels: int) -> bool:
    if isinstance(col.dtype, pd.CategoricalDtype) or pd.api.types.is_bool_dtype(col.dtype):
        return True
    if not pd.api.types.is_numeric_dtype(col.dtype):
        return True
    v = col.dropna().to_numpy(dtype=np.float64)
    u = np.unique(v)
    return bool(u.shape[0] <= max_levels and np.all(u == np.round(u)))


def _fmt(v: float, digits: int) -> str:
    return f"{v:.{digits}f}"


def baseline_table(X: pd.DataFrame, group, *, variables: Sequence[str] | None = None,
                   categorical: Sequence[str] | None = None, continuous: Sequence[str] | None = None,
                   max_levels: int = 5, alpha: float = 0.05, var_equal: bool = False, correct: bool = True,
                   expected_min: float = 5.0, digits: int = 2, group_labels: Sequence[str] | None = None,
                   fisher_workspace: int = 200000) -> BaselineTable:
    """The baseline comparison of two groups (training vs validation, or events vs non-events).

    ``X``: DataFrame of variables; ``group``: one value per row of X taking exactly two distinct values (a
    column name of X is also accepted).  Per variable:

    * continuous: Shapiro–Wilk (``shapiro_test``) in each group; if neither rejects at ``alpha`` (both p >=
      alpha) -> mean ± SD and ``t_test(var_equal=var_equal)`` (R's default Welch; SPSS-style Student with
      ``var_equal=True``), otherwise median [P25, P75] (type-7 quartiles) and ``wilcox_test`` (Mann–Whitney U,
      R's defaults).  A group whose Shapiro–Wilk test cannot be computed (fewer than 3 values, constant,
      more than 5000) counts as non-normal.
    * categorical (non-numeric, or at most ``max_levels`` distinct whole-number values, or named in
      ``categorical``): n (%) per level (% of the column's group) and ``chisq_test(correct=correct)``, or
      ``fisher_test`` when any expected count is below ``expected_min`` (R's FEXACT beyond 2 x 2, with
      ``workspace = fisher_workspace``, R's default; where that workspace is too small for the table, as in
      R, this raises ``InputError`` naming the column, with R's FEXACT message).

    Rows with a missing value of a variable are left out of that variable's summaries and test, as R's tests
    drop NA.  Neither ``X`` nor ``group`` is modified.
    """
    if not isinstance(X, pd.DataFrame):
        raise InputError("baseline_table: X must be a pandas DataFrame (its column names are the variable names)")
    if isinstance(group, str) and group in X.columns:
        gname = group
        g = X[group].to_numpy()
        if variables is None:
            variables = [c for c in X.columns if c != gname]
    else:
        g = np.asarray(pd.Series(group).to_numpy() if isinstance(group, pd.Series) else group)
    if g.ndim != 1 or g.shape[0] != X.shape[0]:
        raise InputError(f"baseline_table: group has {g.shape[0] if g.ndim == 1 else g.shape} values, "
                         f"X has {X.shape[0]} rows")
    gs = pd.Series(g, dtype=object)
    if gs.isna().any():
        rows = (np.flatnonzero(gs.isna().to_numpy()) + 1).tolist()
        raise InputError(f"baseline_table: group is missing in row(s) {rows[:10]}")
    levels = sorted(pd.unique(gs).tolist())
    if len(levels) != 2:
        raise InputError(f"baseline_table: group must take exactly two values, got {len(levels)}: {levels[:10]}")
    g1 = (gs == levels[1]).to_numpy()
    if variables is None:
        variables = list(X.columns)
    missing = [v for v in variables if v not in X.columns]
    if missing:
        raise InputError(f"baseline_table: column(s) not found in X: {missing}")
    categorical = set(categorical or ())
    continuous = set(continuous or ())
    labels = tuple(group_labels) if group_labels is not None else (str(levels[0]), str(levels[1]))

    cols = [str(c) for c in X.columns]
    dup = sorted({c for c in cols if cols.count(c) > 1})
    if dup:
        raise InputError(f"baseline_table: duplicated column name(s) {dup}")
    trows, srows = [], []
    for var in variables:
        col = X[var]
        if not col.notna().any():
            raise InputError(f"baseline_table: column {var!r} has no non-missing value")
        if pd.api.types.is_numeric_dtype(col.dtype) and not pd.api.types.is_bool_dtype(col.dtype):
            fv = col.to_numpy(dtype=np.float64, na_value=np.nan)
            if np.isinf(fv).any():
                i = int(np.flatnonzero(np.isinf(fv))[0])
                raise InputError(f"baseline_table: column {var!r} has an infinite value ({float(fv[i])!r}) in "
                                 f"row {i + 1}")
        is_cat = var in categorical or (var not in continuous and _is_categorical(col, max_levels))
        if is_cat:
            ok = col.notna().to_numpy()
            vals = col[ok]
            gg = g1[ok]
            if pd.api.types.is_numeric_dtype(vals.dtype) and not pd.api.types.is_bool_dtype(vals.dtype):
                lv = np.unique(vals.to_numpy(dtype=np.float64))
                key = vals.to_numpy(dtype=np.float64)
            else:
                key = vals.astype(str).to_numpy()
                lv = np.array(sorted(set(key.tolist())), dtype=object)
            tab = np.array([[np.sum((key == l) & ~gg), np.sum((key == l) & gg)] for l in lv], dtype=np.float64)
            n0, n1 = tab[:, 0].sum(), tab[:, 1].sum()
            test_name, stat, p = "", math.nan, math.nan
            if lv.shape[0] >= 2 and n0 > 0 and n1 > 0:
                e = np.outer(tab.sum(axis=1), tab.sum(axis=0)) / tab.sum()
                if (e < expected_min).any():
                    try:
                        res = fisher_test(tab, conf_int=False, workspace=fisher_workspace)
                    except InputError as exc:
                        raise InputError(f"baseline_table: column {var!r}: fisher.test: {exc}") from None
                    test_name, stat, p = "Fisher's exact test", math.nan, res.p_value
                else:
                    with warnings.catch_warnings():
                        warnings.simplefilter("ignore", RWarning)
                        res = chisq_test(tab, correct=correct)
                    test_name = "Chi-square test" + (" (Yates)" if res.extra["yates"] > 0 else "")
                    stat, p = res.statistic, res.p_value
            for li, l in enumerate(lv.tolist()):
                lvl = (str(int(l)) if isinstance(l, float) and l == int(l) else str(l))
                c0, c1 = tab[li, 0], tab[li, 1]
                ca = c0 + c1
                pa = 100 * ca / (n0 + n1) if n0 + n1 else math.nan
                p0 = 100 * c0 / n0 if n0 else math.nan
                p1 = 100 * c1 / n1 if n1 else math.nan
                first = li == 0
                trows.append({"variable": var, "level": lvl,
                              "overall": f"{int(ca)} ({pa:.1f}%)", "group_0": f"{int(c0)} ({p0:.1f}%)",
                              "group_1": f"{int(c1)} ({p1:.1f}%)", "test": test_name if first else "",
                              "statistic": stat if first else math.nan, "p_value": p if first else math.nan})
                srows.append({"variable": var, "level": lvl, "kind": "categorical",
                              "n_overall": ca, "n_0": c0, "n_1": c1, "pct_overall": pa, "pct_0": p0, "pct_1": p1,
                              "center_overall": math.nan, "center_0": math.nan, "center_1": math.nan,
                              "spread_overall": math.nan, "spread_0": math.nan, "spread_1": math.nan,
                              "q1_overall": math.nan, "q1_0": math.nan, "q1_1": math.nan,
                              "q3_overall": math.nan, "q3_0": math.nan, "q3_1": math.nan,
                              "shapiro_p_0": math.nan, "shapiro_p_1": math.nan,
                              "test": test_name if first else "", "statistic": stat if first else math.nan,
                              "p_value": p if first else math.nan})
            continue
        try:
            v = col.to_numpy(dtype=np.float64, na_value=np.nan)
        except (TypeError, ValueError):
            raise InputError(f"baseline_table: column {var!r} is not numeric") from None
        ok = ~np.isnan(v)
        x0, x1, xa = v[ok & ~g1], v[ok & g1], v[ok]
        if x0.shape[0] == 0 or x1.shape[0] == 0:
            raise InputError(f"baseline_table: column {var!r} has no non-missing value in one group")
        sp = []
        for xx in (x0, x1):
            try:
                sp.append(shapiro_test(xx).p_value)
            except InputError:
                sp.append(math.nan)
        normal = all((not math.isnan(q)) and q >= alpha for q in sp)
        if normal:
            try:
                res = t_test(x0, x1, var_equal=var_equal)
                stat, p = res.statistic, res.p_value
            except InputError:
                stat, p = math.nan, math.nan
            test_name = "Student's t-test" if var_equal else "Welch's t-test"
            cen = [r_mean(z) for z in (xa, x0, x1)]
            spr = [math.sqrt(_r_var(z)) if z.shape[0] > 1 else math.nan for z in (xa, x0, x1)]
            q1 = q3 = [math.nan] * 3
            txt = [f"{_fmt(c, digits)} ± {_fmt(s, digits)}" for c, s in zip(cen, spr)]
        else:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RWarning)
                res = wilcox_test(x0, x1)
            stat, p = res.statistic, res.p_value
            test_name = "Mann-Whitney U test"
            cen = [r_median(z) for z in (xa, x0, x1)]
            qs = [quantile(z, [0.25, 0.75], type=7) for z in (xa, x0, x1)]
            q1 = [float(q[0]) for q in qs]
            q3 = [float(q[1]) for q in qs]
            spr = [math.nan] * 3
            txt = [f"{_fmt(c, digits)} [{_fmt(a, digits)}, {_fmt(b, digits)}]" for c, a, b in zip(cen, q1, q3)]
        if math.isnan(p):
            warnings.warn(f"baseline_table: column {var!r}: {test_name} gives no p-value (NaN, as R) — the "
                          "values are constant or all tied", RWarning, stacklevel=2)
        trows.append({"variable": var, "level": "", "overall": txt[0], "group_0": txt[1], "group_1": txt[2],
                      "test": test_name, "statistic": stat, "p_value": p})
        srows.append({"variable": var, "level": "", "kind": "normal" if normal else "nonnormal",
                      "n_overall": float(xa.shape[0]), "n_0": float(x0.shape[0]), "n_1": float(x1.shape[0]),
                      "pct_overall": math.nan, "pct_0": math.nan, "pct_1": math.nan,
                      "center_overall": cen[0], "center_0": cen[1], "center_1": cen[2],
                      "spread_overall": spr[0], "spread_0": spr[1], "spread_1": spr[2],
                      "q1_overall": q1[0], "q1_0": q1[1], "q1_1": q1[2],
                      "q3_overall": q3[0], "q3_0": q3[1], "q3_1": q3[2],
                      "shapiro_p_0": sp[0], "shapiro_p_1": sp[1],
                      "test": test_name, "statistic": stat, "p_value": p})
    table = pd.DataFrame(trows, columns=["variable", "level", "overall", "group_0", "group_1", "test",
                                         "statistic", "p_value"])
    stats = pd.DataFrame(srows)
    settings = {"max_levels": max_levels, "alpha": alpha, "var_equal": var_equal, "correct": correct,
                "expected_min": expected_min, "digits": digits,
                "n_0": int((~g1).sum()), "n_1": int(g1.sum())}
    return BaselineTable(table=table, stats=stats, groups=(levels[0], levels[1]), group_labels=labels,
                         settings=settings)

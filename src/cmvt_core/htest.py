"""R's two-sample hypothesis tests (``stats::t.test``, ``wilcox.test``, ``chisq.test``, ``fisher.test``,
``shapiro.test``), each returning an R ``htest`` as ``TestResult``.

Ports of R 4.2.2's ``stats`` functions:

* ``t_test``       — ``t.test(x, y, var.equal=)`` (Welch by default, Student with ``var_equal=True``);
* ``wilcox_test``  — ``wilcox.test(x, y)`` (Mann–Whitney): exact p (``kernels.distributions.pwilcox``) when
  both groups have fewer than 50 values and there are no ties, otherwise the normal approximation with R's
  tie and continuity corrections;
* ``chisq_test``   — ``chisq.test(table)``: Yates' continuity correction on 2 x 2 tables (``correct=True``), none
  on larger tables;
* ``fisher_test``  — ``fisher.test(table)``: 2 x 2 from R's noncentral hypergeometric code (R's ``dhyper``,
  ``kernels.distributions``), with the conditional MLE odds ratio and its CI (``uniroot``);
  every other table (r x 2 included, as R) by R's FEXACT network algorithm (Mehta & Patel): a line-by-line
  port of R's ``fexact.c`` (``kernels.fexact``) with R's default workspace, so R's p-values, and R's errors
  where that workspace is too small for the table;
* ``shapiro_test`` — ``shapiro.test(x)``: R's ``swilk.c`` (``kernels.swilk``), n 3..5000.

The distribution functions (pnorm, pt, qt, pchisq, pwilcox, dhyper) are ``kernels.distributions``; R's sum,
mean and var are ``kernels.rbase``.  ``baseline.baseline_table`` builds the study's table from these tests.
"""
from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from . import _validate as V
from ._docs import fill_doc, register
from .errors import InputError, RWarning
from .kernels import fexact as _fexact
from .kernels.distributions import dhyper, pchisq, pnorm, pt, pwilcox, qt, uniroot
from .kernels.rbase import r_mean, r_sum, r_var, rank_average
from .kernels.swilk import swilk

__all__ = ["TestResult", "t_test", "wilcox_test", "chisq_test", "fisher_test", "shapiro_test"]

register(
    # the two samples of t_test and wilcox_test
    two_samples="""
        x : array_like
            The first sample (numbers; NaN dropped).
        y : array_like
            The second sample (numbers; NaN dropped).
    """,
)

_DBL_EPS = float(np.finfo(float).eps)


# ----------------------------------------------------------------------------------------------
# results
@dataclass
class TestResult:
    """An R ``htest``: fields named as R names them (dots -> underscores).

    Attributes
    ----------
    method : str
        R's method line.
    statistic : float
        The test statistic.
    p_value : float
        The p-value.
    parameter : float, dict or None
        R's ``parameter`` (df).
    estimate : float, dict or None
        R's ``estimate``.
    conf_int : tuple or None
        R's ``conf.int``.
    statistic_name : str
        R's name of the statistic (``t``, ``W``, ``X-squared``, ...).
    expected : numpy.ndarray or None
        Expected counts (chisq.test).
    extra : dict
        Further values of R's object.
    """

    method: str
    statistic: float
    p_value: float
    parameter: Any = None          # df (t, chi-square) or None
    estimate: Any = None           # means (t), odds ratio (fisher 2x2)
    conf_int: Any = None
    statistic_name: str = ""
    expected: Any = None           # chi-square / fisher expected counts
    extra: dict = field(default_factory=dict)
    conf_level: float = field(default=0.95, repr=False)  # attr(conf.int, "conf.level"), for print()
    mu: float = field(default=0.0, repr=False)            # null.value of t.test, for print()

    def __str__(self) -> str:
        """``print(test)`` as R's print.htest prints it (data named as the Python arguments, ``x and y``
        for two samples, ``x`` for a table)."""
        from . import _printing as P
        two = self.statistic_name in ("t", "W") and self.method != "Shapiro-Wilk normality test"
        data = "x and y" if two else "x"
        stat = (self.statistic_name, self.statistic) if self.statistic_name else None
        par = None if self.parameter is None else ("df", float(self.parameter))
        alt = self.extra.get("alternative", "two.sided") if self.method != "Shapiro-Wilk normality test" \
            and "Chi-squared" not in self.method else None
        null = None
        est = ci = None
        if self.statistic_name == "t":
            null = ("difference in means", float(self.mu))
            est = (["mean of x", "mean of y"], list(self.estimate))
        elif self.statistic_name == "W" and alt:
            null = ("location shift", float(self.mu))
        elif self.estimate is not None and np.ndim(self.estimate) == 0:
            null = ("odds ratio", 1.0)
            est = (["odds ratio"], [float(self.estimate)])
        if self.conf_int is not None:
            ci = (float(self.conf_int[0]), float(self.conf_int[1]), float(self.conf_level))
        return P.print_htest(self.method, data, stat, par, self.p_value, alt, null, ci, est)

    def __repr__(self) -> str:
        from . import _printing as P
        return P.short(str(self))

    def _repr_html_(self) -> str:
        from . import _printing as P
        return P.html_block(self.method, P.html_pre(str(self)))

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
# input
def _complete_vector(x, name: str) -> np.ndarray:
    """x as a float vector with its missing values (NaN, None) dropped, as R's htests drop NA (+-Inf kept, as
    R keeps them); text or other non-numbers raise ``InputError`` naming the value and its position."""
    v = V.float_vector(x, name, nan_ok=True, inf_ok=True, bool_ok=True, unit="value")
    return v[~np.isnan(v)]


# ----------------------------------------------------------------------------------------------
# t.test
@fill_doc
def t_test(x: ArrayLike, y: ArrayLike, *, var_equal: bool = False, mu: float = 0.0,
           conf_level: float = 0.95) -> TestResult:
    """Two-sample t-test, two-sided: Welch's by default, Student's with ``var_equal=True``.

    Missing values (NaN) are dropped as R drops NA.  R's means and variances (``kernels.rbase``) and
    R's ``pt``/``qt`` (``kernels.distributions``).

    Parameters
    ----------
    {{two_samples}}
    var_equal : bool, default False
        Pool the variances (Student's t-test) instead of Welch's approximation.
    mu : float, default 0.0
        The difference in means under the null hypothesis.
    conf_level : float, default 0.95
        Confidence level of the interval for the difference in means.

    Returns
    -------
    TestResult
        ``statistic`` (t), ``parameter`` (df), ``p_value``, ``estimate`` (the two means), ``conf_int``
        and ``extra["stderr"]``; ``method`` is R's.

    Raises
    ------
    InputError
        Too few observations, essentially constant data, or non-numeric values.

    Notes
    -----
    R call: ``stats::t.test(x, y, var.equal = var_equal, mu = mu, conf.level = conf_level)``

    Examples
    --------
    >>> from cmvt_core.htest import t_test
    >>> r = t_test([5.1, 4.9, 6.2, 5.8, 6.0, 5.5, 5.3], [6.8, 7.1, 6.5, 7.4, 6.9, 7.0])
    >>> r.method
    'Welch Two Sample t-test'
    >>> round(r.statistic, 4), round(r.parameter, 4), round(r.p_value, 6)
    (-6.4257, 10.2124, 6.9e-05)
    >>> [round(float(v), 4) for v in r.conf_int]
    [-1.8937, -0.9206]
    """
    x = _complete_vector(x, "x")
    y = _complete_vector(y, "y")
    nx, ny = x.shape[0], y.shape[0]
    if nx < 1 or (not var_equal and nx < 2):
        raise InputError("t_test: not enough 'x' observations")
    if ny < 1 or (not var_equal and ny < 2):
        raise InputError("t_test: not enough 'y' observations")
    if var_equal and nx + ny < 3:
        raise InputError("t_test: not enough observations")
    mx, my = r_mean(x), r_mean(y)
    vx, vy = r_var(x), r_var(y)
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
    pval = 2 * pt(-abs(tstat), df)
    alpha = 1 - conf_level
    q = qt(1 - alpha / 2, df)
    cint = np.array([tstat - q, tstat + q])
    cint = mu + cint * stderr
    return TestResult(method=method, statistic=float(tstat), p_value=float(pval), parameter=float(df),
                      estimate=np.array([mx, my]), conf_int=cint, statistic_name="t",
                      extra={"stderr": float(stderr)}, conf_level=float(conf_level), mu=float(mu))


# ----------------------------------------------------------------------------------------------
# wilcox.test (two samples)
@fill_doc
def wilcox_test(x: ArrayLike, y: ArrayLike, *, exact: bool | None = None, correct: bool = True,
                mu: float = 0.0) -> TestResult:
    """Two-sample Wilcoxon rank sum test (Mann–Whitney U = R's W), two-sided.

    Exact p (``kernels.distributions.pwilcox``) when both groups have fewer than 50 values and there
    are no ties, otherwise the normal approximation with R's tie and continuity corrections.  With ties
    and ``exact`` requested (or implied) R warns "cannot compute exact p-value with ties" and uses the
    normal approximation; so does this (an ``RWarning``).

    Parameters
    ----------
    {{two_samples}}
    exact : bool or None, default None
        Exact p-value; ``None``: exact when both samples have fewer than 50 values (R's rule).
    correct : bool, default True
        Continuity correction of the normal approximation.
    mu : float, default 0.0
        The location shift under the null hypothesis.

    Returns
    -------
    TestResult
        ``statistic`` (W), ``p_value``, ``method`` (R's) and ``extra`` (``exact``, ``ties``,
        ``continuity_correction``).

    Notes
    -----
    R call: ``stats::wilcox.test(x, y, exact = exact, correct = correct, mu = mu)``

    Examples
    --------
    >>> from cmvt_core.htest import wilcox_test
    >>> r = wilcox_test([5.1, 4.9, 6.2, 5.8, 6.0, 5.5, 5.3], [6.8, 7.1, 6.5, 7.4, 6.9, 7.0])
    >>> r.method, r.statistic, round(r.p_value, 6)
    ('Wilcoxon rank sum exact test', 0.0, 0.001166)
    """
    x = _complete_vector(x, "x")
    y = _complete_vector(y, "y")
    nx, ny = x.shape[0], y.shape[0]
    if nx < 1:
        raise InputError("wilcox_test: not enough (non-missing) 'x' observations")
    if ny < 1:
        raise InputError("wilcox_test: not enough 'y' observations")
    r = rank_average(np.concatenate([x - mu, y]))
    if exact is None:
        exact = (nx < 50) and (ny < 50)
    statistic = r_sum(r[:nx]) - nx * (nx + 1) / 2
    ties = np.unique(r).shape[0] != r.shape[0]
    if exact and not ties:
        if statistic > (nx * ny / 2):
            p = pwilcox(statistic - 1, nx, ny, lower_tail=False)
        else:
            p = pwilcox(statistic, nx, ny)
        pval = min(2 * p, 1.0)
        method = "Wilcoxon rank sum exact test"
        corr = None
    else:
        _, nties = np.unique(r, return_counts=True)
        nties = nties.astype(np.float64)
        z = statistic - nx * ny / 2
        sigma = math.sqrt((nx * ny / 12) * ((nx + ny + 1) - r_sum(nties ** 3 - nties) /
                                           ((nx + ny) * (nx + ny - 1))))
        correction = (math.copysign(0.5, z) if z != 0 else 0.0) if correct else 0.0
        if sigma == 0:  # every value tied: R's 0/0 gives z = NaN and p-value NaN
            z = math.nan
            pval = math.nan
        else:
            z = (z - correction) / sigma
            pval = 2 * min(pnorm(z), pnorm(z, lower_tail=False))
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


def chisq_test(x: ArrayLike | pd.DataFrame, y: ArrayLike | None = None, *, correct: bool = True) -> TestResult:
    """Pearson's chi-squared test of a contingency table (or of two factors).

    Yates' correction ``min(0.5, abs(x - E))`` only on 2 x 2 tables, as R.  When any expected count is below
    5, R warns "Chi-squared approximation may be incorrect"; so does this (an ``RWarning``).

    Parameters
    ----------
    x : array_like or pandas.DataFrame
        A 2-D table of counts, or (with ``y``) the first factor, one value per subject.
    y : array_like or None, default None
        The second factor (``table(x, y)`` is tested; pairs with a missing value dropped).
    correct : bool, default True
        Yates' continuity correction (2 x 2 tables only).

    Returns
    -------
    TestResult
        ``statistic`` (X-squared), ``parameter`` (df), ``p_value``, ``expected`` counts and
        ``extra["yates"]``.

    Raises
    ------
    InputError
        Negative, missing or non-numeric counts; a single row or column.

    Notes
    -----
    R call: ``stats::chisq.test(x, correct = correct)`` (or ``chisq.test(x, y)``)

    Examples
    --------
    >>> from cmvt_core.htest import chisq_test
    >>> r = chisq_test([[12, 5], [7, 15]])
    >>> r.method
    "Pearson's Chi-squared test with Yates' continuity correction"
    >>> round(r.statistic, 4), r.parameter, round(r.p_value, 6)
    (4.3221, 1.0, 0.03762)
    """
    t = _crosstab(x, y) if y is not None else _as_table(x)
    if y is not None and (t.shape[0] < 2 or t.shape[1] < 2):
        raise InputError("'x' and 'y' must have at least 2 levels")
    if min(t.shape) == 1:
        raise InputError("chisq_test: the table has a single row or column (goodness-of-fit is not supported)")
    n = r_sum(t.T)  # R sums a matrix in column-major order
    if n == 0:
        raise InputError("at least one entry of 'x' must be positive")
    nr, nc = t.shape
    sr = np.array([r_sum(row) for row in t])  # rowSums / colSums: long-double sums, as R
    sc = np.array([r_sum(col) for col in t.T])
    e = np.outer(sr, sc) / n
    method = "Pearson's Chi-squared test"
    if correct and nr == 2 and nc == 2:
        yates = float(min(0.5, np.abs(t - e).min()))
        if yates > 0:
            method += " with Yates' continuity correction"
    else:
        yates = 0.0
    with np.errstate(divide="ignore", invalid="ignore"):
        statistic = r_sum(((np.abs(t - e) - yates) ** 2 / e).T)
    df = (nr - 1) * (nc - 1)
    pval = pchisq(statistic, df, lower_tail=False)
    if (e < 5).any():
        warnings.warn("Chi-squared approximation may be incorrect", RWarning, stacklevel=2)
    return TestResult(method=method, statistic=float(statistic), p_value=float(pval), parameter=float(df),
                      statistic_name="X-squared", expected=e, extra={"yates": yates})


# -- fisher.test
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
        return d / r_sum(d)

    def mnhyper(ncp):
        if ncp == 0:
            return lo
        if ncp == math.inf:
            return hi
        return r_sum(support * dnhyper(ncp))

    def pnhyper(q, ncp, upper_tail=False):
        if ncp == 1:
            # phyper(x - 1, m, n, k, lower.tail = FALSE) or phyper(x, m, n, k); via the same dhyper sums
            d = np.exp(logdc)
            return r_sum(d[support >= q]) if upper_tail else r_sum(d[support <= q])
        if ncp == 0:
            return float(q <= lo) if upper_tail else float(q >= lo)
        if ncp == math.inf:
            return float(q <= hi) if upper_tail else float(q >= hi)
        d = dnhyper(ncp)
        return r_sum(d[support >= q]) if upper_tail else r_sum(d[support <= q])

    relErr = 1 + 10 ** (-7)
    d = dnhyper(1.0)
    pval = r_sum(d[d <= d[int(x - lo)] * relErr])

    def mle(x):
        if x == lo:
            return 0.0
        if x == hi:
            return math.inf
        mu = mnhyper(1.0)
        if mu > x:
            return uniroot(lambda t: mnhyper(t) - x, 0.0, 1.0)
        if mu < x:
            return 1 / uniroot(lambda t: mnhyper(1 / t) - x, _DBL_EPS, 1.0)
        return 1.0

    estimate = mle(x)
    ci = None
    if conf_int:
        def ncp_u(x, alpha):
            if x == hi:
                return math.inf
            p = pnhyper(x, 1.0)
            if p < alpha:
                return uniroot(lambda t: pnhyper(x, t) - alpha, 0.0, 1.0)
            if p > alpha:
                return 1 / uniroot(lambda t: pnhyper(x, 1 / t) - alpha, _DBL_EPS, 1.0)
            return 1.0

        def ncp_l(x, alpha):
            if x == lo:
                return 0.0
            p = pnhyper(x, 1.0, upper_tail=True)
            if p > alpha:
                return uniroot(lambda t: pnhyper(x, t, upper_tail=True) - alpha, 0.0, 1.0)
            if p < alpha:
                return 1 / uniroot(lambda t: pnhyper(x, 1 / t, upper_tail=True) - alpha, _DBL_EPS, 1.0)
            return 1.0

        alpha = (1 - conf_level) / 2
        ci = np.array([ncp_l(x, alpha), ncp_u(x, alpha)])
    return TestResult(method="Fisher's Exact Test for Count Data", statistic=math.nan,
                      p_value=float(max(0.0, min(1.0, pval))), estimate=float(estimate), conf_int=ci,
                      statistic_name="", extra={"odds_ratio": float(estimate)}, conf_level=float(conf_level))


def fisher_test(x: ArrayLike | pd.DataFrame, y: ArrayLike | None = None, *, conf_int: bool = True,
                conf_level: float = 0.95, workspace: int = 200000, mult: int = 30) -> TestResult:
    """Fisher's exact test (two-sided) of a contingency table, or of two factors.

    2 x 2: R's p-value (``relErr = 1 + 1e-7``), conditional MLE odds ratio and its confidence interval
    (``uniroot`` = Brent's zeroin, ported).  Any other table (r x 2 included, as in R): R's FEXACT network
    algorithm (``_fexact``, a line-by-line port of R's ``fexact.c`` with R's workspace of ``workspace`` ints),
    so the work is bounded by the workspace as in R; where R's FEXACT stops (workspace too small for the
    table, hash key overflow, an all-zero table) this raises ``InputError`` with R's message.

    Parameters
    ----------
    x : array_like or pandas.DataFrame
        A 2-D table of whole-number counts, or (with ``y``) the first factor.
    y : array_like or None, default None
        The second factor (``table(x, y)`` is tested).
    conf_int : bool, default True
        Compute the confidence interval of the odds ratio (2 x 2 only).
    conf_level : float, default 0.95
        Its confidence level.
    workspace : int, default 200000
        FEXACT's workspace in 4-byte integers (R's default), for tables other than 2 x 2.
    mult : int, default 30
        FEXACT's ``control = list(mult = )``: the multiple of the workspace for the keys.

    Returns
    -------
    TestResult
        ``p_value``; on 2 x 2 tables also ``estimate`` (the conditional MLE odds ratio) and
        ``conf_int``.

    Raises
    ------
    InputError
        Non-whole or negative counts, fewer than 2 rows or columns, or FEXACT's own errors.

    Notes
    -----
    R call: ``stats::fisher.test(x, workspace = workspace, conf.int = conf_int, conf.level = conf_level,
    control = list(mult = mult))``

    Examples
    --------
    >>> from cmvt_core.htest import fisher_test
    >>> r = fisher_test([[3, 1], [1, 3]])
    >>> round(r.p_value, 6), round(r.estimate, 4)
    (0.485714, 6.4083)
    >>> [round(float(v), 4) for v in r.conf_int]
    [0.2117, 621.9338]
    >>> round(fisher_test([[3, 1, 0], [1, 2, 4]]).p_value, 5)
    0.10303
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
# shapiro.test (R's swilk.c: kernels.swilk)
def shapiro_test(x: ArrayLike) -> TestResult:
    """Shapiro–Wilk normality test: R's swilk.c (``kernels.swilk``); missing values dropped.

    Parameters
    ----------
    x : array_like
        The sample: 3 to 5000 non-missing numbers, not all identical.

    Returns
    -------
    TestResult
        ``statistic`` (W) and ``p_value``.

    Raises
    ------
    InputError
        Fewer than 3 or more than 5000 values, or all values identical.

    Notes
    -----
    R call: ``stats::shapiro.test(x)``

    Examples
    --------
    >>> from cmvt_core.htest import shapiro_test
    >>> r = shapiro_test([2.3, 3.1, 2.8, 4.0, 3.3, 2.9, 3.6, 5.2])
    >>> round(r.statistic, 6), round(r.p_value, 6)
    (0.925241, 0.473811)
    """
    x = np.sort(_complete_vector(x, "x"))
    n = x.shape[0]
    if n < 3 or n > 5000:
        raise InputError(f"shapiro_test: sample size must be between 3 and 5000 (got {n})")
    rng = float(x[n - 1] - x[0])
    if rng == 0:
        raise InputError("shapiro_test: all 'x' values are identical")
    if rng < 1e-10:
        x = x / rng
    w, pw, ifault = swilk(x)
    if ifault > 0 and ifault != 7:
        raise InputError(f"shapiro_test: ifault={ifault}. This should not happen")
    return TestResult(method="Shapiro-Wilk normality test", statistic=float(w), p_value=float(pw),
                      statistic_name="W")

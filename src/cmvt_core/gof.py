"""Hosmer-Lemeshow goodness of fit as ``ResourceSelection::hoslem.test`` (version 0.3-6)."""
from __future__ import annotations

import math
import warnings
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from . import _validate as V
from ._docs import fill_doc
from .errors import InputError, RWarning
from .kernels.distributions import pchisq
from .kernels.rbase import bincode_right_lowest, quantile, r_sum, seq_by
from .logistic import _check_y

__all__ = ["hoslem_test", "HoslemTest"]


@dataclass
class HoslemTest:
    """Result of ``hoslem_test``: R's htest fields (statistic, df = parameter, p_value) and the tables.

    Attributes
    ----------
    statistic : float
        The Hosmer-Lemeshow X-squared.
    df : int
        Its degrees of freedom (R's ``parameter``).
    p_value : float
        The p-value.
    observed, expected : numpy.ndarray
        Per-group counts (columns y0, y1).
    breaks : numpy.ndarray
        The quantile breaks of the groups.
    g : int
        The number of groups asked for.
    method : str
        R's method line.
    """

    statistic: float
    df: int
    p_value: float
    observed: np.ndarray  # (g', 2): y0, y1 per group (every break interval, empty ones included)
    expected: np.ndarray  # (g', 2): sum(1 - yhat), sum(yhat) per group
    breaks: np.ndarray
    g: int
    method: str = "Hosmer and Lemeshow goodness of fit (GOF) test"

    def __str__(self) -> str:
        """``print(hoslem.test(y, fitted))``: R's print.htest."""
        from . import _printing as P
        return P.print_htest(self.method, "y, fitted", ("X-squared", self.statistic), ("df", float(self.df)),
                             self.p_value)

    def __repr__(self) -> str:
        from . import _printing as P
        return P.short(str(self))

    def _repr_html_(self) -> str:
        from . import _printing as P
        cols = [P.format_num(self.observed[:, 1], 7), P.format_num(self.expected[:, 1], 7),
                P.format_num(self.observed[:, 0], 7), P.format_num(self.expected[:, 0], 7)]
        return P.html_block(self.method, P.html_pre(str(self)),
                            P.html_table(cols, ["y1 observed", "y1 expected", "y0 observed", "y0 expected"],
                                         [str(i + 1) for i in range(self.observed.shape[0])]))

    def to_dict(self) -> dict:
        return {"statistic": float(self.statistic), "df": int(self.df), "p_value": float(self.p_value),
                "observed": self.observed.tolist(), "expected": self.expected.tolist(),
                "breaks": self.breaks.tolist(), "g": int(self.g), "method": self.method}


def _interval(qq: np.ndarray, k: int) -> str:
    return f"{'[' if k == 0 else '('}{qq[k]:.6g}, {qq[k + 1]:.6g}]"


def _breaks(yhat: np.ndarray, g: int) -> np.ndarray:
    """unique(quantile(yhat, seq(0, 1, 1/g))) as ResourceSelection forms them."""
    probs = seq_by(0.0, 1.0, 1.0 / g)  # seq(0, 1, 1/g): i * (1/g), capped at 1
    qq = quantile(yhat, probs, type=7)
    # unique() keeps first occurrences in order; quantiles are sorted so this is the sorted unique set
    _, first = np.unique(qq, return_index=True)
    return qq[np.sort(first)]


def _empty_groups(distinct: np.ndarray, qq: np.ndarray) -> int:
    """How many of cut(yhat, qq, include.lowest=TRUE)'s intervals hold no value (``distinct``: the
    sorted distinct fitted values)."""
    if qq.shape[0] < 2:
        return 0
    code = bincode_right_lowest(distinct, qq)
    return int(qq.shape[0] - 1 - np.unique(code[code >= 0]).shape[0])


def _suggest_g(yhat: np.ndarray, g: int) -> str:
    """A hint: the largest g' < g (at most n; a few tried) whose groups are all non-empty."""
    distinct = np.unique(yhat)
    top = min(g - 1, yhat.shape[0])
    cands, c = set(range(max(2, top - 9), top + 1)), float(top)
    while c > 2 and len(cands) < 60:
        c *= 0.9
        cands.add(max(2, int(c)))
    for cand in sorted(cands, reverse=True):
        qq = _breaks(yhat, cand)
        if qq.shape[0] >= 2 and not _empty_groups(distinct, qq):
            return f"g = {cand} gives no empty group here; g = 10 is usual"
    return "g = 10 is usual"


def _tables(yv: np.ndarray, yhat: np.ndarray, qq: np.ndarray):
    """ResourceSelection's tables over every break interval: (observed, expected, (O - E)^2 / E, X^2, the
    number of non-empty groups), with R's NaN where a group is empty (no checks: ``hoslem_test`` refuses those)."""
    code = bincode_right_lowest(yhat, qq)
    ng = qq.shape[0] - 1
    obs = np.zeros((ng, 2))
    exp_ = np.zeros((ng, 2))
    for k in range(ng):
        m = code == k
        if m.any():
            obs[k, 0] = r_sum(1.0 - yv[m])
            obs[k, 1] = r_sum(yv[m])
            exp_[k, 0] = r_sum(1.0 - yhat[m])
            exp_[k, 1] = r_sum(yhat[m])
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = (obs - exp_) ** 2 / exp_
    chisq = r_sum(terms.T.ravel())  # column-major, as R sums a matrix
    return obs, exp_, terms, chisq, int(np.unique(code).shape[0])


@fill_doc
def hoslem_test(y: ArrayLike, fitted: ArrayLike, g: int = 10) -> HoslemTest:
    """Hosmer-Lemeshow goodness-of-fit test as ``ResourceSelection::hoslem.test`` (0.3-6).

    Breaks are the unique type-7 quantiles of ``fitted`` at ``seq(0, 1, by = 1/g)``; groups are
    right-closed intervals (the first closed); observed and expected counts are tabulated over
    every interval; X^2 sums (O - E)^2 / E over both columns; df = (number of non-empty groups) - 2.
    Error messages count rows from 1, as R does ("row 8" is the 8th observation).

    Where R's statistic is 0/0 = NaN, this raises ``InputError`` instead (issue 15: no silent NaN): a
    break interval that holds no observation (g too large for the ties in ``fitted``), or a group whose
    expected count is 0.  g must be at most the number of observations.  Fewer non-empty groups than g
    (ties collapse quantile breaks) is R's warning, an ``RWarning``, and the test goes on as R's does.

    Parameters
    ----------
    y : array_like
        The 0/1 outcome.
    fitted : array_like
        Fitted probabilities in [0, 1], one per value of ``y``.
    g : int, default 10
        The number of quantile groups (2 <= g <= n).

    Returns
    -------
    HoslemTest
        ``statistic`` (X^2), ``df``, ``p_value`` (``1 - pchisq(X^2, df)``), the ``observed`` and
        ``expected`` tables, the ``breaks`` and ``g``.

    Raises
    ------
    InputError
        For bad y/fitted, g out of range, or groups that would make R's statistic NaN.

    Notes
    -----
    R call: ``ResourceSelection::hoslem.test(y, fitted, g = g)``.  The p-value uses the package's
    ``pchisq`` (``cmvt_core.kernels.distributions``).

    Examples
    --------
    {{lrm_example}}
    >>> from cmvt_core import hoslem_test
    >>> h = hoslem_test(d["cmvt"], fit.fitted, g=10)
    >>> round(h.statistic, 4), h.df, round(h.p_value, 4)
    (11.8266, 8, 0.1591)
    """
    g = V.whole(g, "g", low=2, low_msg=f"g must be at least 2 (got g={V.show(g)}): hoslem.test needs 2 or more groups")
    yv = _check_y(y)
    if yv.shape[0] == 0:
        raise InputError("y and fitted are empty: hoslem.test needs observations")
    yhat = V.float_vector(fitted, "fitted", low=0.0, high=1.0)
    V.same_length("fitted", yhat.shape[0], "y", yv.shape[0])
    n = yv.shape[0]
    if g > n:
        # bounded work: seq(0, 1, 1/g) would be g + 1 quantiles for n values; more groups than observations
        # always leave empty groups or collapse, and R's statistic is then NaN (0/0)
        raise InputError(f"g={g} groups for n={n} observations: hoslem.test needs at most one group per observation "
                         f"(and then gives NaN for empty groups); use a smaller g ({_suggest_g(yhat, g)})")
    qq = _breaks(yhat, g)
    if qq.shape[0] < 2:
        raise InputError("all fitted values are equal: hoslem.test cannot form groups (cut() needs 2 breaks)")
    empty = _empty_groups(np.unique(yhat), qq)
    if empty:
        k = int(np.unique(yhat).shape[0])
        raise InputError(f"g={g}: {empty} of the {qq.shape[0] - 1} quantile groups of the fitted values hold no "
                         f"observation ({n} fitted values, {k} distinct), so X^2 is 0/0 = NaN (R's hoslem.test "
                         f"returns NaN); use a smaller g ({_suggest_g(yhat, g)})")
    obs, exp_, terms, chisq, G = _tables(yv, yhat, qq)
    if math.isnan(chisq):
        k = int(np.flatnonzero(np.isnan(terms).any(axis=1))[0])
        col = "y = 1 (sum of fitted = 0)" if np.isnan(terms[k, 1]) else "y = 0 (sum of 1 - fitted = 0)"
        raise InputError(f"hoslem_test: group {k + 1} ({_interval(qq, k)}) has an expected count of 0 for {col} and "
                         "no observation there, so X^2 is 0/0 = NaN (R's hoslem.test returns NaN): fitted values "
                         "of exactly 0 or 1 cannot be tested; use a smaller g or check the fitted values")
    if G < 2:
        raise InputError(f"only {G} non-empty group: hoslem.test would have negative df")
    if G < g:
        warnings.warn(f"hoslem.test: the data did not allow for the requested number of bins ({G} of g={g})",
                      RWarning, stacklevel=2)
    df = G - 2
    pval = 1.0 - pchisq(chisq, df) if not math.isnan(chisq) else math.nan  # ResourceSelection: 1 - pchisq(...)
    if df == 0 and not math.isnan(chisq):
        pval = 1.0 - (1.0 if chisq > 0 else 0.0)
    return HoslemTest(chisq, df, pval, obs, exp_, qq, g)

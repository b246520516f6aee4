"""Hosmer-Lemeshow goodness of fit as ``ResourceSelection::hoslem.test`` (version 0.3-6)."""
from __future__ import annotations

import math
import warnings
from dataclasses import dataclass

import numpy as np
from scipy import stats as sstats

from .errors import InputError, RWarning
from .logistic import _check_y, r_sum
from .rbase import quantile, seq_by

__all__ = ["hoslem_test", "HoslemTest"]


@dataclass
class HoslemTest:
    """Result of ``hoslem_test``: R's htest fields (statistic, df = parameter, p_value) and the tables."""

    statistic: float
    df: int
    p_value: float
    observed: np.ndarray  # (g', 2): y0, y1 per group (every break interval, empty ones included)
    expected: np.ndarray  # (g', 2): sum(1 - yhat), sum(yhat) per group
    breaks: np.ndarray
    g: int
    method: str = "Hosmer and Lemeshow goodness of fit (GOF) test"

    def to_dict(self) -> dict:
        return {"statistic": float(self.statistic), "df": int(self.df), "p_value": float(self.p_value),
                "observed": self.observed.tolist(), "expected": self.expected.tolist(),
                "breaks": self.breaks.tolist(), "g": int(self.g), "method": self.method}


def _bincode_right_lowest(x: np.ndarray, breaks: np.ndarray) -> np.ndarray:
    """R's .bincode(x, breaks, right=TRUE, include.lowest=TRUE): 0-based codes, -1 outside."""
    nb = breaks.shape[0]
    code = np.searchsorted(breaks, x, side="left") - 1  # (b[k-1], b[k]] -> k-1
    code = np.where(x == breaks[0], 0, code)
    code = np.where((x < breaks[0]) | (x > breaks[-1]), -1, code)
    return np.minimum(code, nb - 2)


def hoslem_test(y, fitted, g: int = 10) -> HoslemTest:
    """``ResourceSelection::hoslem.test(y, fitted, g)`` (0.3-6).

    Breaks are the unique type-7 quantiles of ``fitted`` at ``seq(0, 1, by = 1/g)``; groups are
    right-closed intervals (the first closed); observed and expected counts are tabulated over
    every interval; X^2 sums (O - E)^2 / E over both columns; df = (number of non-empty groups) - 2.
    Error messages count rows from 1, as R does ("row 8" is the 8th observation).
    """
    if isinstance(g, bool) or not isinstance(g, (int, np.integer)) and not (isinstance(g, float) and g.is_integer()):
        raise InputError(f"g must be a whole number of groups, not {g!r}")
    g = int(g)
    if g < 2:
        raise InputError(f"g must be at least 2 (got g={g})")
    yv = _check_y(y)
    if yv.shape[0] == 0:
        raise InputError("y and fitted are empty: hoslem.test needs observations")
    yhat = np.asarray(fitted, dtype=np.float64)
    if yhat.ndim != 1 or yhat.shape[0] != yv.shape[0]:
        raise InputError(f"fitted must be 1-D with one value per y ({yv.shape[0]}); got shape {yhat.shape}")
    bad = ~np.isfinite(yhat) | (yhat < 0) | (yhat > 1)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise InputError(f"fitted must hold probabilities in [0, 1]; row {i + 1} holds {float(yhat[i])!r}")
    probs = seq_by(0.0, 1.0, 1.0 / g)  # seq(0, 1, 1/g): i * (1/g), capped at 1
    qq = quantile(yhat, probs, type=7)
    # unique() keeps first occurrences in order; quantiles are sorted so this is the sorted unique set
    _, first = np.unique(qq, return_index=True)
    qq = qq[np.sort(first)]
    if qq.shape[0] < 2:
        raise InputError("all fitted values are equal: hoslem.test cannot form groups (cut() needs 2 breaks)")
    code = _bincode_right_lowest(yhat, qq)
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
    G = int(np.unique(code).shape[0])
    if G < 2:
        raise InputError(f"only {G} non-empty group: hoslem.test would have negative df")
    if G < g:
        warnings.warn(f"hoslem.test: the data did not allow for the requested number of bins ({G} of g={g})",
                      RWarning, stacklevel=2)
    df = G - 2
    pval = 1.0 - float(sstats.chi2.cdf(chisq, df)) if not math.isnan(chisq) else math.nan
    if df == 0 and not math.isnan(chisq):
        pval = 1.0 - (1.0 if chisq > 0 else 0.0)
    return HoslemTest(chisq, df, pval, obs, exp_, qq, g)

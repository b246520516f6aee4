"""Harrell's concordance for a survival outcome as ``survival::concordance`` (survival 3.5-3): the time fix
(``aeqSurv``), concordancefit's ``docount`` (the predictor's ranks in a balanced tree, survival's C routine
``concordance3``, compiled in ``cmvt_core.kernels.concordance``) and its infinitesimal-jackknife variance."""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import ArrayLike

from . import _validate as V
from ._docs import fill_doc
from .errors import InputError
from .kaplan_meier import aeq_times, check_time_event
from .kernels.rbase import r_sum

__all__ = ["concordance", "Concordance"]

COUNT_NAMES = ("concordant", "discordant", "tied_x", "tied_y", "tied_xy")


@dataclass
class Concordance:
    """Result of :func:`concordance`, R's ``concordance`` object.

    Attributes
    ----------
    concordance : float
        The concordance (Harrell's C).
    var : float
        Its infinitesimal-jackknife variance (R's ``var``).
    std_err : float
        ``sqrt(var)``.
    count : dict of str to float
        The pair counts ``concordant, discordant, tied_x, tied_y, tied_xy`` (R's ``count``, after ``reverse``).
    n : int
        The number of observations.
    reverse : bool
        Whether a larger predictor was taken to mean a shorter survival.
    """

    concordance: float
    var: float
    std_err: float
    count: dict = field(default_factory=dict)
    n: int = 0
    reverse: bool = True

    def __str__(self) -> str:
        """In the layout of R's ``print(concordance(...))``: n, the concordance with its se, and the counts."""
        names = [k.replace("_", ".") for k in COUNT_NAMES]
        vals = [f"{round(self.count[k], 2):g}" for k in COUNT_NAMES]
        w = [max(len(v) for v in names + vals)] * len(names)  # R's print of a named vector: one width
        return (f"n= {self.n} \nConcordance= {self.concordance:.4g} se= {self.std_err:.4g}\n"
                + " ".join(a.rjust(k) for a, k in zip(names, w)) + " \n"
                + " ".join(b.rjust(k) for b, k in zip(vals, w)) + " ")

    def __repr__(self) -> str:
        return f"Concordance(concordance={self.concordance:.6g}, std_err={self.std_err:.6g}, n={self.n})"

    def to_dict(self) -> dict:
        return {"concordance": float(self.concordance), "var": float(self.var), "std_err": float(self.std_err),
                "count": {k: float(v) for k, v in self.count.items()}, "n": int(self.n),
                "reverse": bool(self.reverse)}


def _order_stop(time: np.ndarray, status: np.ndarray, risk: np.ndarray) -> np.ndarray:
    """``order(-time, status, risk) - 1L`` (stable, as R's radix order)."""
    return np.lexsort((risk, status, -time)).astype(np.int64)


def _bindex(risk: np.ndarray) -> np.ndarray:
    """``btree(max(utemp))[utemp]`` with ``utemp <- match(risk, sort(unique(risk)))``."""
    from .kernels.concordance import btree

    uniq, utemp = np.unique(risk, return_inverse=True)
    return btree(int(uniq.shape[0]))[utemp.ravel()]


def concordance_counts(time: np.ndarray, status: np.ndarray, risk: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """concordancefit's ``docount`` for unit weights and ``timewt = "n"``: (count[6], influence[n, 5])."""
    from .kernels.concordance import concordance3

    n = time.shape[0]
    nevent = int(np.unique(time[status > 0]).shape[0])
    return concordance3(time, status, _bindex(risk), np.ones(n), np.ones(nevent), _order_stop(time, status, risk))


@fill_doc
def concordance(time: ArrayLike, event: ArrayLike, predictor: ArrayLike, *, reverse: bool = True) -> Concordance:
    """Harrell's concordance of a predictor with a survival outcome, as ``survival::concordance``.

    A pair is comparable when the shorter of the two times is an event; it is concordant when the predictor
    orders the two as their times do (with ``reverse=True``, the default here, a higher predictor goes with
    the shorter time, as for a Cox model's linear predictor or a risk score).  Ties are counted as survival
    counts them: tied on the predictor (``tied_x``, counted as one half in the concordance), tied on an event
    time (``tied_y``) or both (``tied_xy``), the last two not comparable.  The variance is survival's
    infinitesimal jackknife; times closer than ``sqrt(.Machine$double.eps)`` are merged first (``timefix``).

    Parameters
    ----------
    {{surv_time_event}}
    predictor : array-like of float
        The predictor (a risk score, a linear predictor), one finite number per row.
    reverse : bool, default True
        True: a larger predictor means a shorter survival (R's ``reverse = TRUE``); False: a longer one
        (R's default).

    Returns
    -------
    Concordance
        ``.concordance``, ``.var``, ``.std_err`` (``sqrt(var)``), ``.count`` (concordant, discordant, tied_x,
        tied_y, tied_xy), ``.n``; ``str()`` prints in the layout of R's ``print`` of the object.

    Notes
    -----
    R call: ``survival::concordance(survival::Surv(time, event) ~ predictor, reverse = reverse)`` (survival
    3.5-3).  The counts come from a port of survival's C routine ``concordance3`` (a balanced binary tree of the
    predictor's ranks, O(n log n)); the variance is ``sum(dfbeta^2) / 4`` with ``dfbeta`` from its influence
    matrix, summed as R's ``rowSums`` and ``sum`` (long double), so the numbers equal R's.  With no event at
    all there is no comparable pair (R returns NaN): this raises ``InputError``.

    Examples
    --------
    >>> from cmvt_core import concordance
    >>> c = concordance([5, 8, 3, 9, 2, 7], [1, 0, 1, 1, 0, 1], [0.4, 0.1, 0.8, 0.3, 0.6, 0.2])
    >>> round(c.concordance, 4), c.count["concordant"], c.count["discordant"], round(c.std_err, 4)
    (0.8889, 8.0, 1.0, 0.1247)
    """
    t, e = check_time_event(time, event)
    x = V.float_vector(predictor, "predictor")
    V.same_length("time", t.shape[0], "predictor", x.shape[0])
    rev = V.flag(reverse, "reverse")
    if not (e > 0).any():
        raise InputError("event has no event (every row is censored): the concordance needs at least one "
                         "event, R gives NaN")
    t = aeq_times(aeq_times(t))  # concordance.formula and concordancefit both apply aeqSurv
    count6, imat = concordance_counts(t, e, x)
    count = count6[:5]
    npair = r_sum(count[:3])
    if npair == 0:
        raise InputError("concordance: no comparable pair (every event time is tied, or later than every "
                         "other time); R gives NaN")
    somer = (count[0] - count[1]) / npair
    rows = (imat[:, 0].astype(np.longdouble) + imat[:, 1] + imat[:, 2]).astype(np.float64)  # rowSums(imat[, 1:3])
    dfbeta = 1.0 * ((imat[:, 0] - imat[:, 1]) / npair - (somer / npair) * rows)  # weights * (...), weights 1
    var = r_sum(dfbeta ** 2) / 4
    value = (somer + 1) / 2
    names = list(COUNT_NAMES)
    if rev:
        value = 1 - value
        count = count[[1, 0, 2, 3, 4]]
    return Concordance(concordance=float(value), var=float(var), std_err=math.sqrt(var),
                       count={k: float(v) for k, v in zip(names, count)}, n=int(t.shape[0]), reverse=bool(rev))

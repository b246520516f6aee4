"""Rules and cut-offs: net benefit, a 0/1 rule's 2x2 table, and the net-benefit cut-off table of a score.

``cutoff_table`` is what ``cmvt cutoff`` prints: one row per cut-off c of the rule ``score >= c`` with the
2x2 counts, sensitivity, specificity, PPV, NPV, Woolf's odds-ratio CI and net benefit at ``pt``; its parity
case is ``helper:cutoff_plain`` in ``parity/r/dca.R``.  (Decision curves, rmda's ``decision_curve``, are in
``cmvt_core.dca``.)
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from . import _validate as V
from .errors import InputError
from .kernels.distributions import qnorm

__all__ = ["ConfusionMetrics", "net_benefit", "confusion_metrics", "cutoff_table"]


def _nb_arg(name: str, v, *, counts: bool, low: int = 0) -> np.ndarray:
    """One argument of net_benefit: a number or a 1-D array of numbers (text, None, True/False, NaN, Inf raise,
    naming the argument); counts must be whole numbers."""
    if np.ndim(v) == 0 and not isinstance(v, (list, tuple)):
        if counts:
            return np.asarray(float(V.whole(v, name, low=low)))
        return np.asarray(V.number(v, name, low=0.0, high=1.0, high_open=True))
    a = V.float_vector(v, name, low=float(low) if counts else 0.0, high=None if counts else 1.0,
                       high_open=not counts, unit="position")
    if counts and (a != np.floor(a)).any():
        i = int(np.flatnonzero(a != np.floor(a))[0])
        raise InputError(f"{name} must hold whole numbers (counts); position {i + 1} holds {a[i]!r}")
    return a


def net_benefit(tp: ArrayLike, fp: ArrayLike, n: ArrayLike, pt: ArrayLike) -> float | np.ndarray:
    """Net benefit ``tp/n - fp/n * pt/(1 - pt)``.

    Vectorised: each argument a number or a 1-D array, the arrays of one length.  tp, fp and n are
    counts (whole numbers, n >= 1, tp + fp <= n) and pt a threshold probability in [0, 1): at pt = 1
    the formula is undefined (0/0 or -Inf), so pt = 1 is refused.

    Parameters
    ----------
    tp : array_like
        True positives (whole numbers >= 0).
    fp : array_like
        False positives (whole numbers >= 0).
    n : array_like
        Number of subjects (whole numbers >= 1).
    pt : array_like
        Threshold probability (the exchange rate), in [0, 1).

    Returns
    -------
    float or numpy.ndarray
        A float when every argument is a number, else an array.

    Raises
    ------
    InputError
        Non-numbers, non-whole counts, arrays of different lengths, ``tp + fp > n`` or ``pt`` out of
        [0, 1).

    Notes
    -----
    R call: ``tp/n - fp/n * pt/(1 - pt)`` (the formula rmda's ``decision_curve`` uses for ``NB``;
    parity case ``helper:cutoff_plain`` in ``parity/r/dca.R``)

    Examples
    --------
    >>> from cmvt_core.cutoff import net_benefit
    >>> round(net_benefit(30, 20, 100, 0.1), 6)
    0.277778
    >>> net_benefit([30, 25], [20, 10], 100, 0.2)
    array([0.25 , 0.225])
    """
    tp_a = _nb_arg("tp", tp, counts=True)
    fp_a = _nb_arg("fp", fp, counts=True)
    n_a = _nb_arg("n", n, counts=True, low=1)
    pt_a = _nb_arg("pt", pt, counts=False)
    arrays = [(name, a) for name, a in (("tp", tp_a), ("fp", fp_a), ("n", n_a), ("pt", pt_a)) if a.ndim == 1]
    for name, a in arrays[1:]:
        V.same_length(arrays[0][0], arrays[0][1].shape[0], name, a.shape[0])
    if np.any(tp_a + fp_a > n_a):
        raise InputError("net_benefit: tp + fp exceeds n")
    out = tp_a / n_a - fp_a / n_a * pt_a / (1 - pt_a)
    return float(out) if out.ndim == 0 else out


@dataclass
class ConfusionMetrics:
    """A 0/1 rule against a 0/1 outcome: the 2x2 table, its rates, Woolf's odds ratio CI and net benefit.

    Attributes
    ----------
    tp, fp, fn, tn : int
        The 2x2 counts.
    sensitivity, specificity, ppv, npv, accuracy : float
        The rates of the table.
    odds_ratio, or_lower, or_upper : float
        The odds ratio and Woolf's confidence interval.
    pt : float
        The threshold probability of the net benefit.
    net_benefit : float
        ``tp/n - fp/n * pt / (1 - pt)``.
    """

    tp: int
    fp: int
    fn: int
    tn: int
    sensitivity: float
    specificity: float
    ppv: float
    npv: float
    accuracy: float
    odds_ratio: float
    or_lower: float
    or_upper: float
    pt: float
    net_benefit: float

    @property
    def n(self) -> int:
        return self.tp + self.fp + self.fn + self.tn

    def __str__(self) -> str:
        """The 2x2 table (rule by outcome, as R's ``table(flagged, y)``), then the metrics as a named vector."""
        from . import _printing as P
        tab = P.print_matrix([[str(self.tn), str(self.fp)], [str(self.fn), str(self.tp)]], ["y=0", "y=1"],
                             ["flagged=0", "flagged=1"])
        names = ["sensitivity", "specificity", "ppv", "npv", "accuracy", "odds_ratio", "or_lower", "or_upper",
                 "pt", "net_benefit"]
        return "\n".join([tab, "", P.print_named([getattr(self, k) for k in names], names)])

    def __repr__(self) -> str:
        from . import _printing as P
        return P.short(str(self))

    def _repr_html_(self) -> str:
        from . import _printing as P
        names = ["tp", "fp", "fn", "tn", "sensitivity", "specificity", "ppv", "npv", "accuracy", "odds_ratio",
                 "or_lower", "or_upper", "pt", "net_benefit"]
        vals = [P.format1(getattr(self, k)) for k in names]
        return P.html_block("Confusion metrics", P.html_table([vals], ["value"], names))

    def to_dict(self) -> dict:
        return {k: (int(v) if k in ("tp", "fp", "fn", "tn") else float(v)) for k, v in self.__dict__.items()}


_Z975 = float(qnorm(np.array([0.975]))[0])


def _metrics_from_counts(tp, fp, fn, tn, pt):
    """Vectorised confusion metrics; pt None -> share flagged."""
    tp, fp, fn, tn = (np.asarray(v, dtype=np.float64) for v in (tp, fp, fn, tn))
    n = tp + fp + fn + tn
    with np.errstate(divide="ignore", invalid="ignore"):
        sens = tp / (tp + fn)
        spec = tn / (tn + fp)
        ppv = tp / (tp + fp)
        npv = tn / (tn + fn)
        acc = (tp + tn) / n
        orr = (tp * tn) / (fp * fn)
        se = np.sqrt(1 / tp + 1 / fp + 1 / fn + 1 / tn)
        lor = np.log(orr)
        lo = np.exp(lor - _Z975 * se)
        hi = np.exp(lor + _Z975 * se)
        zero = (tp == 0) | (fp == 0) | (fn == 0) | (tn == 0)
        lo = np.where(zero, np.nan, lo)
        hi = np.where(zero, np.nan, hi)
        ptv = (tp + fp) / n if pt is None else np.broadcast_to(np.float64(pt), n.shape)
        nb = tp / n - fp / n * ptv / (1 - ptv)
    return dict(sensitivity=sens, specificity=spec, ppv=ppv, npv=npv, accuracy=acc, odds_ratio=orr,
                or_lower=lo, or_upper=hi, pt=ptv, net_benefit=nb)


def _check_pt(pt):
    """None (the share flagged) or a threshold probability in [0, 1): at pt = 1 net benefit is undefined."""
    return V.probability(pt, "pt", high_open=True, none_ok=True)


def confusion_metrics(y: ArrayLike, flagged: ArrayLike, *, pt: float | None = None) -> ConfusionMetrics:
    """A 0/1 rule's 2x2 table against 0/1 outcomes, with its rates, odds ratio and net benefit.

    Odds ratio with Woolf's 95% CI (``exp(log(OR) -/+ qnorm(0.975) * sqrt(1/a + 1/b + 1/c + 1/d))``;
    NaN bounds when a cell is 0).  Net benefit at exchange rate ``pt``; ``pt=None`` uses the share
    flagged by the rule.

    Parameters
    ----------
    y : array_like
        The outcomes, 0/1 (numbers or booleans).
    flagged : array_like
        The rule, 0/1 per subject (1: flagged), as long as ``y``.
    pt : float or None, default None
        The threshold probability for the net benefit, in [0, 1); ``None``: the share flagged.

    Returns
    -------
    ConfusionMetrics
        ``tp, fp, fn, tn``, ``sensitivity``, ``specificity``, ``ppv``, ``npv``, ``accuracy``,
        ``odds_ratio``, ``or_lower``, ``or_upper``, ``pt`` and ``net_benefit``.

    Raises
    ------
    InputError
        Values other than 0/1, lengths that differ, an empty ``y`` or ``pt`` out of [0, 1).

    Notes
    -----
    R call: ``table(flagged, y)`` and ``exp(log(OR) + c(-1, 1) * qnorm(0.975) * sqrt(sum(1/tab)))``
    (parity case ``helper:cutoff_plain`` in ``parity/r/dca.R``)

    Examples
    --------
    >>> from cmvt_core.cutoff import confusion_metrics
    >>> m = confusion_metrics([1, 1, 1, 0, 0, 0, 0, 1, 0, 0], [1, 1, 0, 1, 0, 0, 0, 1, 0, 0], pt=0.2)
    >>> m.tp, m.fp, m.fn, m.tn
    (3, 1, 1, 5)
    >>> m.sensitivity, round(m.specificity, 4), m.odds_ratio, round(m.net_benefit, 4)
    (0.75, 0.8333, 15.0, 0.275)
    """
    yv = V.outcome01(y, "y")
    fv = V.outcome01(flagged, "flagged")
    V.same_length("y", yv.shape[0], "flagged", fv.shape[0])
    if yv.shape[0] == 0:
        raise InputError("y is empty")
    pt = _check_pt(pt)
    tp = int(np.sum((yv == 1) & (fv == 1)))
    fp = int(np.sum((yv == 0) & (fv == 1)))
    fn = int(np.sum((yv == 1) & (fv == 0)))
    tn = int(np.sum((yv == 0) & (fv == 0)))
    m = _metrics_from_counts(tp, fp, fn, tn, pt)
    return ConfusionMetrics(tp, fp, fn, tn, **{k: float(v) for k, v in m.items()})


def cutoff_table(score: ArrayLike, y: ArrayLike, *, cutoffs: ArrayLike | None = None,
                 pt: float | None = None) -> pd.DataFrame:
    """The net-benefit cut-off table of a score: one row per cut-off c of the rule ``score >= c``.

    Columns ``cutoff, n_flagged`` and those of ``confusion_metrics``; column ``best`` marks the
    largest net benefit (ties: the cut-off flagging fewer).  Sorts once; no pass per cut-off.  This
    is what ``cmvt cutoff`` prints.

    Parameters
    ----------
    score : array_like
        The score per subject (numbers).
    y : array_like
        The outcomes, 0/1, as long as ``score``; both outcomes must occur.
    cutoffs : array_like or None, default None
        The cut-offs; ``None``: every distinct score value, ascending.
    pt : float or None, default None
        The threshold probability for the net benefit, in [0, 1); ``None``: each rule's share flagged.

    Returns
    -------
    pandas.DataFrame
        ``cutoff, n_flagged, tp, fp, fn, tn, sensitivity, specificity, ppv, npv, accuracy,
        odds_ratio, or_lower, or_upper, pt, net_benefit, best``.

    Raises
    ------
    InputError
        Non-numeric scores, values of ``y`` other than 0/1, lengths that differ, or only one outcome.

    Notes
    -----
    R call: ``cutoff_plain(score, y)`` (``parity/r/dca.R``: for each ``c`` in ``sort(unique(score))``
    the 2x2 table of ``score >= c``, Woolf's OR CI and ``tp/n - fp/n * pt/(1 - pt)``; parity case
    ``helper:cutoff_plain``)

    Examples
    --------
    >>> from cmvt_core.cutoff import cutoff_table
    >>> tab = cutoff_table([0, 1, 2, 3, 1, 0, 2, 4, 0, 1], [1, 1, 1, 0, 0, 0, 0, 1, 0, 0])
    >>> tab[["cutoff", "n_flagged", "tp", "fp", "net_benefit", "best"]].round(4)
       cutoff  n_flagged  tp  fp  net_benefit   best
    0     0.0         10   4   6         -inf  False
    1     1.0          7   3   4      -0.6333  False
    2     2.0          4   2   2       0.0667  False
    3     3.0          2   1   1       0.0750  False
    4     4.0          1   1   0       0.1000   True
    """
    sv = V.float_vector(score, "score")
    yv = V.outcome01(y, "y")
    V.same_length("score", sv.shape[0], "y", yv.shape[0])
    if sv.shape[0] == 0:
        raise InputError("score is empty")
    n_ev = int(yv.sum())
    if n_ev == 0 or n_ev == yv.shape[0]:
        raise InputError(f"y has no {'events (every value is 0)' if n_ev == 0 else 'non-events (every value is 1)'}: "
                         f"the cut-off table's {'sensitivity' if n_ev == 0 else 'specificity'} and odds ratio "
                         "would be 0/0 = NaN at every cut-off; it needs both outcomes")
    pt = _check_pt(pt)
    vals, inv = np.unique(sv, return_inverse=True)
    inv = inv.ravel()
    n1v = np.bincount(inv, weights=yv, minlength=vals.shape[0])
    nv = np.bincount(inv, minlength=vals.shape[0]).astype(np.float64)
    # counts with score >= vals[k]: suffix sums
    c1 = np.cumsum(n1v[::-1])[::-1]
    ca = np.cumsum(nv[::-1])[::-1]
    if cutoffs is None:
        cuts = vals
    else:
        if np.ndim(cutoffs) == 0 and not isinstance(cutoffs, (str, bytes)) and cutoffs is not None:
            cutoffs = [cutoffs]
        cuts = V.float_vector(cutoffs, "cutoffs", unit="position")
        if cuts.size == 0:
            raise InputError("cutoffs must be a non-empty 1-D sequence of numbers")
    k = np.searchsorted(vals, cuts, side="left")
    c1 = np.append(c1, 0.0)
    ca = np.append(ca, 0.0)
    N1 = float(yv.sum())
    N = float(yv.shape[0])
    tp = c1[k]
    flagged = ca[k]
    fp = flagged - tp
    fn = N1 - tp
    tn = N - N1 - fp
    m = _metrics_from_counts(tp, fp, fn, tn, pt)
    out = pd.DataFrame({"cutoff": cuts, "n_flagged": flagged.astype(np.int64), "tp": tp.astype(np.int64),
                        "fp": fp.astype(np.int64), "fn": fn.astype(np.int64), "tn": tn.astype(np.int64)})
    for name, v in m.items():
        out[name] = np.asarray(v, dtype=np.float64)
    nb = out["net_benefit"].to_numpy()
    best = np.zeros(len(out), dtype=bool)
    if np.isfinite(nb).any() or (nb == -np.inf).all():
        ok = ~np.isnan(nb)
        if ok.any():
            top = np.max(nb[ok])
            cand = np.flatnonzero(ok & (nb == top))
            best[cand[np.argmin(flagged[cand])]] = True
    out["best"] = best
    return out

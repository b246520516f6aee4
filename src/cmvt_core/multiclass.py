"""``pROC::multiclass.roc``: Hand & Till's multi-class AUC from pairwise ROC curves (pROC 1.18.0).

* Vector predictor (``multiclass.roc.univariate``): for every pair of levels (``combn(levels, 2)`` order) the
  curve ``roc(response, predictor, levels = pair, direction = direction)`` (the first level of the pair the
  controls), and ``auc = 2 * sum(aucs) / (c * (c - 1))`` with R's ``sum``.
* Class probabilities (``multiclass.roc.multivariate``): a column per level (matched by name); for each pair
  (i, j) two curves, ``A(i|j)`` on column i and ``A(j|i)`` on column j (direction ``">"`` unless given), and
  ``auc = 2 / (c * (c - 1)) * sum(mean(A(i|j), A(j|i)))``.
* A response level without observations: as pROC, a warning and the level dropped when the response is a
  categorical (factor) with that unused category; a ``levels`` value absent from a plain response is an
  ``InputError`` (pROC stops in ``roc``: "No case/control observation").
"""
from __future__ import annotations

import itertools
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from . import _validate as V
from .errors import InputError, RWarning
from .kernels.rbase import r_mean, r_sum

__all__ = ["multiclass_roc", "MulticlassRoc"]


@dataclass(eq=False)
class MulticlassRoc:
    """``pROC::multiclass.roc``: the multi-class AUC and its pairwise curves.

    Attributes
    ----------
    auc : float
        Hand & Till's multi-class AUC.
    rocs : dict
        The pairwise curves keyed ``(level_i, level_j)``: a ``Roc`` (vector predictor) or a pair of ``Roc``
        ``(A(i|j), A(j|i))`` (class probabilities, pROC's ``"i/j"`` list).
    levels : tuple
        The levels used.
    percent : bool
        pROC's ``percent``.
    multivariate : bool
        True for a matrix of class probabilities (pROC's ``mv.multiclass.roc``).
    """

    auc: float
    rocs: dict
    levels: tuple
    percent: bool = False
    multivariate: bool = False

    def __str__(self) -> str:
        """pROC's ``print.multiclass.roc`` (without the call)."""
        from . import _printing as P
        what = "multivariate predictor" if self.multivariate else "predictor"
        return (f"\nData: {what} with {len(self.levels)} levels of response: "
                f"{', '.join(map(str, self.levels))}.\nMulti-class area under the curve: "
                f"{P.format1(P.signif(self.auc, 4))}{'%' if self.percent else ''}")

    def __repr__(self) -> str:
        from . import _printing as P
        return P.short(str(self))

    def to_dict(self) -> dict:
        return {"auc": float(self.auc), "levels": list(self.levels), "percent": self.percent,
                "multivariate": self.multivariate,
                "pair_aucs": {"/".join(map(str, k)): (float(v.auc) if not isinstance(v, tuple)
                                                      else [float(v[0].auc), float(v[1].auc)])
                              for k, v in self.rocs.items()}}


def _response(response):
    """(values as an object/float array, factor levels or None, unused factor levels)."""
    if isinstance(response, pd.Series) and isinstance(response.dtype, pd.CategoricalDtype):
        cats = list(response.cat.categories)
        vals = response.astype(object).to_numpy()
        counts = response.value_counts()
        return vals, cats, [c for c in cats if counts.get(c, 0) == 0]
    if isinstance(response, pd.Categorical):
        return _response(pd.Series(response))
    vals = np.asarray(response)
    if vals.ndim != 1:
        raise InputError("response must be one-dimensional")
    return vals, None, []


def _default_levels(vals, cats):
    if cats is not None:
        return list(cats)
    keep = [v for v in vals.tolist() if not (isinstance(v, float) and v != v) and v is not None]
    try:
        return sorted(set(keep))
    except TypeError as e:
        raise InputError(f"response levels cannot be ordered: {e}") from None


def _pair_roc(y01, pred, direction, percent):
    from .roc import roc

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RWarning)  # pROC's roc(..., quiet) inside multiclass.roc
        return roc(y01, pred, direction=direction, percent=percent)


def multiclass_roc(response: ArrayLike, predictor: ArrayLike | pd.DataFrame, *, levels: Sequence | None = None,
                   percent: bool = False, direction: Literal["auto", "<", ">"] | None = None) -> MulticlassRoc:
    """Hand & Till's multi-class AUC as ``pROC::multiclass.roc``.

    Parameters
    ----------
    response : array_like or pandas.Series
        The class of each observation (a categorical keeps its categories as pROC's factor levels).
    predictor : array_like, 2-D array or pandas.DataFrame
        One score per observation, or a column of class probabilities per level (DataFrame columns named
        by the levels; a 2-D array takes ``levels`` as its column names, in order).
    levels : sequence or None
        The levels to compare (default: the factor's levels, else the sorted distinct values).
    percent : bool, default False
        Curves and AUC in percent (pROC's ``percent``).
    direction : {"auto", "<", ">"} or None
        pROC's direction: None is pROC's default ("auto" for a vector, ">" for class probabilities).

    Returns
    -------
    MulticlassRoc
        ``auc``, ``rocs`` (pairwise curves), ``levels``, ``percent``.

    Raises
    ------
    InputError
        Fewer than two levels, a level without observations (not a factor's unused category), lengths that
        differ, unmatched columns, ``direction="auto"`` with class probabilities.

    Notes
    -----
    R call: ``pROC::multiclass.roc(response, predictor, levels = levels, percent = percent,
    direction = direction)``.

    Examples
    --------
    >>> from cmvt_core import multiclass_roc
    >>> m = multiclass_roc(["a", "a", "b", "b", "c", "c"], [0.1, 0.5, 0.4, 0.35, 0.8, 0.45])
    >>> round(m.auc, 4), m.levels
    (0.75, ('a', 'b', 'c'))
    """
    percent = V.flag(percent, "percent")
    if direction is not None and (not isinstance(direction, str) or direction not in ("auto", "<", ">")):
        raise InputError(f"direction must be 'auto', '<' or '>', not {direction!r}")
    vals, cats, unused = _response(response)
    distinct = {v for v in vals.tolist() if not (isinstance(v, float) and v != v) and v is not None}
    if len(distinct) < 2:
        raise InputError("'response' must have at least two levels")
    lev = _default_levels(vals, cats) if levels is None else list(levels)
    drop = [v for v in unused if v in lev]
    if drop:
        warnings.warn(f"No observation for response level(s): {', '.join(map(str, drop))}", RWarning, stacklevel=2)
        lev = [v for v in lev if v not in drop]
    mv = isinstance(predictor, pd.DataFrame) or np.ndim(predictor) == 2
    if mv:
        return _multivariate(vals, predictor, lev, percent, ">" if direction is None else direction,
                             levels is not None)
    from .roc import _as_predictor

    pred = _as_predictor(predictor, vals.shape[0])
    direction = "auto" if direction is None else direction
    for v in lev:
        if not np.any(vals == v):
            raise InputError(f"levels: no observation of level {v!r} in response (pROC's roc() stops: "
                             "'No case/control observation.')")
    if len(lev) < 2:
        raise InputError("multiclass_roc needs at least two levels with observations")
    rocs = {}
    for a, b in itertools.combinations(lev, 2):
        keep = (vals == a) | (vals == b)
        y01 = (vals[keep] == b).astype(np.float64)
        rocs[(a, b)] = _pair_roc(y01, pred[keep], direction, percent)
    aucs = np.array([r.auc for r in rocs.values()])
    c = len(lev)
    auc = (2 * r_sum(aucs)) / (c * (c - 1))
    return MulticlassRoc(auc=float(auc), rocs=rocs, levels=tuple(lev), percent=percent)


def _multivariate(vals, predictor, lev, percent, direction, levels_given) -> MulticlassRoc:
    if direction == "auto":
        raise InputError("'direction=\"auto\"' not available for multivariate multiclass.roc")
    if isinstance(predictor, pd.DataFrame):
        cols = list(predictor.columns)
        mat = predictor.to_numpy(dtype=np.float64)
    else:
        mat = np.asarray(predictor, dtype=np.float64)
        if not levels_given or len(lev) != mat.shape[1]:
            raise InputError("a 2-D array predictor needs levels= naming its columns, one per column "
                             "(or pass a DataFrame whose columns are the levels)")
        cols = list(lev)
    if mat.shape[0] != vals.shape[0]:
        raise InputError("Number of rows in 'predictor' does not agree with 'response'")
    m = [lev.index(c) if c in lev else None for c in cols]
    matched = set(i for i in m if i is not None)
    missing_classes = [lev[i] for i in range(len(lev)) if i not in matched]
    use = [c for c, i in zip(cols, m) if i is not None]
    if len(use) == 1:
        raise InputError("For a single decision value, please provide 'predictor' as a vector.")
    if len(use) == 0:
        raise InputError("The column names of 'predictor' could not be matched to the levels of 'response'.")
    if missing_classes:
        if len(missing_classes) == len(use):
            raise InputError("Could not find any decision values in 'predictor' matching the 'response' levels. "
                             f"Could not find the following classes: {','.join(map(str, missing_classes))}. "
                             "Check your column names!")
        warnings.warn("You did not provide decision values for the following classes: "
                      f"{','.join(map(str, missing_classes))}.", RWarning, stacklevel=3)
    extra = [c for c, i in zip(cols, m) if i is None]
    if extra:
        warnings.warn(f"The following classes were not found in 'response': {','.join(map(str, extra))}.",
                      RWarning, stacklevel=3)
    for v in use:
        if not np.any(vals == v):
            raise InputError(f"no observation of level {v!r} in response (pROC's roc() stops: "
                             "'No case/control observation.')")
    colidx = {c: k for k, c in enumerate(cols)}
    rocs = {}
    for a, b in itertools.combinations(use, 2):
        pair = []
        for i, j in ((a, b), (b, a)):
            pi = mat[vals == i, colidx[i]]
            pj = mat[vals == j, colidx[i]]
            y01 = np.concatenate([np.zeros(pi.shape[0]), np.ones(pj.shape[0])])
            pair.append(_pair_roc(y01, np.concatenate([pi, pj]), direction, percent))
        rocs[(a, b)] = tuple(pair)
    total = r_sum(np.array([r_mean(np.array([p[0].auc, p[1].auc]))
                            for p in rocs.values()]))
    c = len(use)
    auc = 2 / (c * (c - 1)) * total
    return MulticlassRoc(auc=float(auc), rocs=rocs, levels=tuple(use), percent=percent, multivariate=True)


def multiclass_auc(mc: MulticlassRoc, **auc_args) -> float:
    """``auc(multiclass_result, ...)`` (pROC's ``auc.multiclass.roc`` / ``auc.mv.multiclass.roc``): the stored
    AUC, or, with partial-AUC arguments, the same formula over ``auc(curve, **auc_args)`` of each curve."""
    if not isinstance(mc, MulticlassRoc):
        raise InputError("multiclass_auc needs a result of multiclass_roc()")
    if not auc_args or all(v is None or v is False for k, v in auc_args.items() if k == "partial_auc"):
        return mc.auc
    from .roc import auc as fn

    c = len(mc.levels)
    if mc.multivariate:
        total = r_sum(np.array([r_mean(np.array([fn(p[0], **auc_args), fn(p[1], **auc_args)]))
                                for p in mc.rocs.values()]))
        return float(2 / (c * (c - 1)) * total)
    return float((2 * r_sum(np.array([fn(r, **auc_args) for r in mc.rocs.values()]))) / (c * (c - 1)))

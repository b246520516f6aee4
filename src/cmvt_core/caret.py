"""caret's data splitting: ``createDataPartition`` and ``createFolds`` (caret 6.0-93), R's random stream.

The CMVT study split its 319 patients 7:3 into **224 / 95**: ``sample(n, round(0.7 n))`` gives 223 / 96,
and so do scikit-learn and rsample; caret's ``createDataPartition`` takes ``ceiling(n_k p)`` rows from
each outcome class k, which is where 224 comes from.  Its rules, kept here because they decide which
rows are drawn:

* a **numeric** ``y`` (a 0/1 outcome held as numbers included) is binned into quantile groups by
  ``cut(y, unique(quantile(y, seq(0, 1, length = groups))), include.lowest = TRUE)``: the split is
  stratified on those bins, not on the outcome's values (a 0/1 vector has breaks 0 and 1 only, so one
  bin, and no stratification at all);
* a **factor** draws its classes in the order of its levels; a bool ``y`` is R's logical (FALSE first);
  a string ``y`` is sorted, and R sorts strings by the session's collation (``sort(unique(y))``): the
  order here is the C locale's (byte order), as in ``Rscript`` run with ``LC_COLLATE=C``; in an
  ``en_US`` R session strings differing in case or accents can draw in another order (give the
  outcome as a pandas Categorical to fix the order);
* a class with no rows is dropped, and then the factor is rebuilt from its labels
  (``factor(as.character(y))``), i.e. in C-locale order of the labels, not the levels' order;
* a class with one row keeps it (caret warns).

``createFolds`` re-factors ``y`` always (classes in C-locale order of their labels; for a numeric ``y``
the labels are ``cut()``'s interval labels such as ``"(2.41e+03,2.98e+03]"``, so the first interval
may draw last) and gives each class ``rep(1:k, n_k %/% k)`` plus ``sample(1:k, n_k %% k)`` folds,
shuffled with ``sample()``.
"""
from __future__ import annotations

import math
import warnings

import numpy as np
from numpy.typing import ArrayLike

from . import _validate as V
from ._docs import fill_doc, register
from .errors import InputError, RWarning
from .kernels.rbase import bincode_right_lowest, quantile, seq_len_out
from .rrandom import RRNG

__all__ = ["create_data_partition", "create_folds"]

register(caret_y="""
    y : array-like or pandas Series
        The outcome: a pandas Categorical, bool, string or numeric vector, no missing values, at
        least 2 values.  Numeric values are binned into quantile groups as caret bins them.""",
         caret_seed="""
    seed : int or None, default None
        As if ``set.seed(seed)`` ran just before the call; None draws from fresh OS entropy.""")


def _cut_labels(breaks: np.ndarray) -> list[str]:
    """``cut(x, breaks, include.lowest = TRUE)``'s labels (dig.lab = 3, raised until unique)."""
    nb = breaks.shape[0]
    for dig in range(3, 13):
        ch = ["%.*g" % (dig, b + 0.0) for b in breaks]
        if all(ch[i] != ch[i + 1] for i in range(nb - 1)):
            labels = [f"({ch[i]},{ch[i + 1]}]" for i in range(nb - 1)]
            labels[0] = "[" + labels[0][1:]
            return labels
    return [f"Range_{i + 1}" for i in range(nb - 1)]


def _cut(y: np.ndarray, breaks: np.ndarray) -> tuple[np.ndarray, list[str]]:
    """``cut(y, breaks, include.lowest = TRUE)``: (0-based interval codes, labels).  A single break is
    R's *number* of intervals; every value then falls in one interval, and R stops when it is below 2."""
    if breaks.shape[0] == 1:
        if math.isnan(breaks[0]) or breaks[0] < 2:
            raise InputError(f"y: every value is {breaks[0]:g}, so caret's cut(y, unique(quantile(y, ...))) "
                             "gets one break below 2 (R stops: 'invalid number of intervals')")
        return np.zeros(y.shape[0], dtype=np.int64), ["(all)"]
    return bincode_right_lowest(y, breaks).astype(np.int64), _cut_labels(breaks)  # the breaks span y


def _as_labels(y) -> tuple[np.ndarray, list[str] | None, str]:
    """(values, categorical levels or None, kind): kind is "numeric", "bool", "string" or "factor"."""
    pd = V._pd()
    if isinstance(y, pd.DataFrame):
        raise InputError("y must be one column (a vector), not a data frame")
    if isinstance(y, (pd.Series, pd.Categorical, pd.Index)) and isinstance(getattr(y, "dtype", None),
                                                                           pd.CategoricalDtype):
        cat = pd.Categorical(y)
        if (cat.codes < 0).any():
            raise InputError(f"y: missing value at row {int(np.argmax(cat.codes < 0)) + 1}")
        levels = [str(c) for c in cat.categories]
        return np.asarray([levels[c] for c in cat.codes], dtype=object), levels, "factor"
    arr = np.asarray(y.to_numpy() if isinstance(y, (pd.Series, pd.Index)) else y)
    if arr.ndim != 1:
        raise InputError(f"y must be one-dimensional, got shape {arr.shape}")
    if arr.dtype == bool:
        return arr, None, "bool"
    if arr.dtype.kind in "iuf":
        v = arr.astype(np.float64)
        bad = np.flatnonzero(~np.isfinite(v))
        if bad.size:
            raise InputError(f"y: missing or infinite value {arr[bad[0]]!r} at row {bad[0] + 1}")
        return v, None, "numeric"
    if arr.dtype.kind in "OUS":
        out = np.empty(arr.shape[0], dtype=object)
        for i, v in enumerate(arr):
            if isinstance(v, (bool, np.bool_)) or not isinstance(v, (str, bytes)):
                if V._is_missing(v):
                    raise InputError(f"y: missing value at row {i + 1}")
                raise InputError(f"y: row {i + 1} holds {v!r}; a text outcome must hold only text")
            out[i] = v.decode() if isinstance(v, bytes) else v
        return out, None, "string"
    raise InputError(f"y: cannot use values of type {arr.dtype}")


def _classes(labels: np.ndarray, order: list[str]) -> list[np.ndarray]:
    """0-based row positions of each class, classes in ``order``, empty classes left out."""
    groups = [np.flatnonzero(labels == lev) for lev in order]
    return [g for g in groups if g.size]


def _c_sorted(values) -> list[str]:
    """R's ``sort(unique(x))`` for text under the C locale: byte order (UTF-8 = code point order)."""
    return sorted(set(values))


def _bool_text(arr: np.ndarray) -> np.ndarray:
    return np.where(arr, "TRUE", "FALSE").astype(object)


def _partition_strata(y, groups) -> list[np.ndarray]:
    vals, levels, kind = _as_labels(y)
    n = vals.shape[0]
    if n < 2:
        raise InputError("y must have at least 2 data points (caret stops)")
    if kind == "numeric":
        g = max(min(5, n) if groups is None else V.whole(groups, "groups", low=1), 2)
        breaks = np.unique(quantile(vals, seq_len_out(0.0, 1.0, g)))
        code, labels = _cut(vals, breaks)
        return [np.flatnonzero(code == j) for j in range(len(labels)) if np.any(code == j)]
    if kind == "bool":
        text = _bool_text(vals)
        order = ["FALSE", "TRUE"]
    else:
        text = vals
        order = levels if kind == "factor" else _c_sorted(vals)
    counts = {lev: int(np.sum(text == lev)) for lev in order}
    empty = [lev for lev in order if counts[lev] == 0]
    if empty:
        warnings.warn(f"Some classes have no records ({', '.join(empty)}) and these will be ignored",
                      RWarning, stacklevel=3)
        order = _c_sorted(text)
    single = [lev for lev in order if counts.get(lev, 0) == 1]
    if single:
        warnings.warn(f"Some classes have a single record ({', '.join(single)}) and these will be selected "
                      "for the sample", RWarning, stacklevel=3)
    return _classes(text, order)


@fill_doc
def create_data_partition(y: ArrayLike, p: float = 0.5, *, times: int = 1, groups: int | None = None,
                          seed: int | None = None) -> np.ndarray:
    """Stratified training rows as ``caret::createDataPartition(y, times, p, list = FALSE)`` draws them.

    From each class (each quantile bin of a numeric ``y``) it takes ``ceiling(n_k * p)`` rows with
    R's ``sample()``, class by class, and sorts them.  On 319 rows with 117 events and ``p=0.7``
    that is 82 + 142 = 224 rows, the CMVT study's training group.

    Parameters
    ----------
    {{caret_y}}
    p : float, default 0.5
        The share of each class to draw, in (0, 1].
    times : int, default 1
        The number of partitions (drawn one after the other from the one stream).
    groups : int or None, default None
        For a numeric ``y``: the number of quantile groups (caret's ``min(5, length(y))``; at least 2).
    {{caret_seed}}

    Returns
    -------
    numpy.ndarray
        1-based row numbers, increasing: shape (m,) for ``times=1``, (m, times) otherwise.

    Raises
    ------
    InputError
        ``y`` missing values, mixed types or fewer than 2 values; ``p`` outside (0, 1]; a constant
        numeric ``y`` below 2 (R stops in ``cut``).

    Notes
    -----
    R call: ``set.seed(seed); caret::createDataPartition(y, times = times, p = p, list = FALSE)``

    Strings are ordered as R orders them under the C locale (see the module notes); a numeric 0/1
    outcome is not stratified, as in caret: pass it as bool or categorical to stratify on it.

    Examples
    --------
    >>> import numpy as np
    >>> from cmvt_core import create_data_partition
    >>> y = np.array([True] * 117 + [False] * 202)
    >>> rows = create_data_partition(y, p=0.7, seed=1)
    >>> rows.shape, int(y[rows - 1].sum())
    ((224,), 82)
    """
    p = V.number(p, "p", low=0.0, high=1.0, low_open=True)
    times = V.whole(times, "times", low=1)
    seed = V.seed(seed)
    strata = _partition_strata(y, groups)
    rng = RRNG(seed)
    out = []
    for _ in range(times):
        rows = []
        for idx in strata:
            if idx.size == 1:
                rows.append(idx + 1)
            else:
                num = math.ceil(idx.size * p)
                rows.append(idx[rng.sample(idx.size, num) - 1] + 1)
        out.append(np.sort(np.concatenate(rows)))
    return out[0] if times == 1 else np.column_stack(out)


@fill_doc
def create_folds(y: ArrayLike, k: int = 10, *, seed: int | None = None) -> np.ndarray:
    """Stratified fold ids as ``caret::createFolds(y, k, list = FALSE)`` draws them.

    ``y`` is re-factored (``factor(as.character(y))``: classes in C-locale order of their labels);
    each class of n_k rows gets ``rep(1:k, n_k %/% k)`` and ``sample(1:k, n_k %% k)`` shuffled by
    ``sample()``, or ``sample(1:k, n_k)`` when n_k < k.  A numeric ``y`` is first cut into
    ``floor(n/k)`` quantile groups, clamped to 2..5.  With ``k >= len(y)`` every row is its own fold.

    Parameters
    ----------
    {{caret_y}}
    k : int, default 10
        The number of folds (at least 1).
    {{caret_seed}}

    Returns
    -------
    numpy.ndarray
        The fold id (1..k) of each row.

    Raises
    ------
    InputError
        ``y`` missing values, mixed types or fewer than 2 values; ``k`` not a whole number >= 1.

    Notes
    -----
    R call: ``set.seed(seed); caret::createFolds(y, k = k, list = FALSE)``

    Examples
    --------
    >>> import numpy as np
    >>> from cmvt_core import create_folds
    >>> folds = create_folds(np.array(["a", "b"] * 15), k=3, seed=42)
    >>> sorted(np.bincount(folds)[1:].tolist())
    [10, 10, 10]
    """
    k = V.whole(k, "k", low=1)
    seed = V.seed(seed)
    vals, _, kind = _as_labels(y)
    n = vals.shape[0]
    if n < 2:
        raise InputError("y must have at least 2 data points")
    if kind == "numeric":
        cuts = min(max(n // k, 2), 5)
        breaks = np.unique(quantile(vals, seq_len_out(0.0, 1.0, cuts)))
        code, labels = _cut(vals, breaks)
        text = np.asarray([labels[c] for c in code], dtype=object)
    else:
        text = _bool_text(vals) if kind == "bool" else vals
    if k >= n:
        return np.arange(1, n + 1, dtype=np.int64)
    rng = RRNG(seed)
    fold = np.zeros(n, dtype=np.int64)
    for idx in _classes(text, _c_sorted(text)):
        count = idx.size
        min_reps = count // k
        if min_reps > 0:
            seqv = np.tile(np.arange(1, k + 1, dtype=np.int64), min_reps)
            spares = count % k
            if spares > 0:
                seqv = np.concatenate([seqv, rng.sample(k, spares)])
            fold[idx] = seqv[rng.sample(seqv.size, seqv.size) - 1]
        else:
            fold[idx] = rng.sample(k, count)
    return fold

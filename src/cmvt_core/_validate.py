"""The argument checks at the door of the public functions, in one place (issue 15).

The same bad input gets the same :class:`~cmvt_core.errors.InputError` everywhere, naming the argument,
the value and, inside a vector, the row (counted from 1, as R and a spreadsheet count)::

    y must be 0/1 (only 0 and 1); row 5 holds 2
    y has a missing value at row 4 (NaN); it must be 0/1
    B must be a whole number >= 1; got B=2.5
    alpha must be a finite number; got alpha=nan
    pt must be a number in [0, 1); got pt=1
    fitted has 80 values but y has 79

Only messages R itself gives (quoted by the caller) differ.  Numbers are taken the R way: an integral
double (``B=40.0``) is a whole number, but ``True``/``False`` are never numbers, text is never a number
and NaN / +-Inf are rejected wherever a finite number is needed.

Bounds that keep the work and the memory sane (checked before any work starts):

* ``MAX_REPLICATES`` (100 000): bootstrap replicates of ``calibrate``/``validate`` (``B``),
  ``decision_curve`` (``bootstraps``) and ``Roc.ci_auc`` (``boot_n``); R's examples use 40 to 2000.
* ``MAX_DRAWS`` (2^31 - 1): drawn rows, i.e. the cells of the bootstrap index matrix B x n
  (R's vectors are indexed by a C int; the rows are drawn chunk by chunk, never all at once).
* ``MAX_RESULT_BYTES`` (1 GiB): the per-replicate results kept for the summary (for example
  B x 2 x the predy grid in ``calibrate``, B x 3 curves x 11 measures x thresholds in
  ``decision_curve``).
* ``MAX_NLAMBDA`` (10 000): the length of a glmnet lambda path (R's default is 100).
"""
from __future__ import annotations

import math
import sys
from numbers import Integral, Real
from typing import Any, Iterable, Sequence

import numpy as np

from .errors import InputError

# pandas is not imported here (``import cmvt_core`` stays light): a pandas object can only reach these
# checks once pandas is imported, so it is looked up in sys.modules when needed.


def _pd():
    return sys.modules.get("pandas")


def _is_series(v) -> bool:
    pd = _pd()
    return pd is not None and isinstance(v, pd.Series)


def _is_frame(v) -> bool:
    pd = _pd()
    return pd is not None and isinstance(v, pd.DataFrame)

__all__ = ["MAX_REPLICATES", "MAX_DRAWS", "MAX_RESULT_BYTES", "MAX_NLAMBDA", "INTERCEPT_NAMES", "show",
           "number", "whole", "probability", "flag", "choice", "float_vector", "outcome01", "first_not_01",
           "same_length", "parallel", "replicates", "result_memory", "predictor_names", "seed"]

MAX_REPLICATES = 100_000
MAX_DRAWS = 2**31 - 1
MAX_RESULT_BYTES = 1 << 30
MAX_NLAMBDA = 10_000
#: the names R's model objects give their intercept (rms: "Intercept"; glm, glmnet: "(Intercept)")
INTERCEPT_NAMES = ("Intercept", "(Intercept)")

_SHOW_MAX = 60


# ------------------------------------------------------------------------------------------ values
def show(v: Any) -> str:
    """A value as messages print it: numpy scalars as Python ones, long text cut short."""
    if isinstance(v, np.generic):
        v = v.item()
    if isinstance(v, (str, bytes)) and len(v) > _SHOW_MAX:
        return repr(v[:_SHOW_MAX]) + f"... ({len(v)} characters)"
    if isinstance(v, (list, tuple)) and len(v) > 6:
        return repr(type(v)(list(v[:6]))).rstrip("])") + ", ...]"
    if isinstance(v, np.ndarray):
        return f"an array of shape {v.shape}"
    if _is_series(v) or _is_frame(v):
        return f"a {type(v).__name__} of shape {v.shape}"
    r = repr(v)
    return r if len(r) <= 2 * _SHOW_MAX else r[:2 * _SHOW_MAX] + "..."


def _is_bool(v) -> bool:
    return isinstance(v, (bool, np.bool_))


def _is_real(v) -> bool:
    """A real number (int, float, numpy scalar), not a bool, not text."""
    return isinstance(v, (Real, np.integer, np.floating)) and not _is_bool(v) and not isinstance(v, (str, bytes))


def _fmt(x: float) -> str:
    return str(int(x)) if float(x).is_integer() and abs(x) < 1e15 else repr(float(x))


def _range_text(low, high, low_open: bool, high_open: bool, plural: bool = False) -> str:
    """'in [0, 1)', '> 0', 'non-negative', ...; '' without bounds."""
    if low is not None and high is not None:
        return f"in {'(' if low_open else '['}{_fmt(low)}, {_fmt(high)}{')' if high_open else ']'}"
    if low is not None:
        if low == 0:
            return "positive" if low_open else "non-negative"
        return f"{'>' if low_open else '>='} {_fmt(low)}"
    if high is not None:
        return f"{'<' if high_open else '<='} {_fmt(high)}"
    return ""


def _outside(x: float, low, high, low_open: bool, high_open: bool) -> bool:
    if low is not None and (x <= low if low_open else x < low):
        return True
    if high is not None and (x >= high if high_open else x > high):
        return True
    return False


def number(value, name: str, *, low=None, high=None, low_open: bool = False, high_open: bool = False,
           none_ok: bool = False, inf_ok: bool = False) -> float | None:
    """A finite real number (an int or a float; not a bool, text, None or NaN), optionally in a range.

    ``inf_ok`` lets +-Inf through (where R gives Inf a meaning)."""
    if value is None and none_ok:
        return None
    rng = _range_text(low, high, low_open, high_open)
    if low is not None and low == 0 and high is None:
        desc = f"a {rng} number"
    elif rng:
        desc = f"a number {rng}"
    else:
        desc = "a finite number" if not inf_ok else "a number"
    if none_ok:
        desc += " or None"
    if not _is_real(value):
        raise InputError(f"{name} must be {desc}; got {name}={show(value)}")
    x = float(value)
    if math.isnan(x) or (math.isinf(x) and not inf_ok) or _outside(x, low, high, low_open, high_open):
        raise InputError(f"{name} must be {desc}; got {name}={show(value)}")
    return x


def whole(value, name: str, *, low=None, high=None, none_ok: bool = False, low_msg: str | None = None,
          high_msg: str | None = None) -> int | None:
    """A whole number: an int, or a float with no fractional part (R's doubles); not a bool, text, NaN or Inf.

    ``low_msg``/``high_msg`` replace the message of a value below/above the bounds (R's own words)."""
    if value is None and none_ok:
        return None
    rng = ""
    if low is not None and high is not None:
        rng = f" in {low}..{high}"
    elif low is not None:
        rng = f" >= {low}"
    elif high is not None:
        rng = f" <= {high}"
    if not _is_real(value):
        raise InputError(f"{name} must be a whole number{rng}{' or None' if none_ok else ''}; got {name}={show(value)}")
    if isinstance(value, (Integral, np.integer)):
        k = int(value)
    else:
        x = float(value)
        if not math.isfinite(x) or not x.is_integer():
            raise InputError(f"{name} must be a whole number{rng}{' or None' if none_ok else ''}; "
                             f"got {name}={show(value)}")
        k = int(x)
    if low is not None and k < low:
        raise InputError(low_msg or f"{name} must be at least {low}; got {name}={show(value)}")
    if high is not None and k > high:
        raise InputError(high_msg or f"{name} must be at most {high}; got {name}={show(value)}")
    return k


def probability(value, name: str, *, low_open: bool = False, high_open: bool = False,
                none_ok: bool = False) -> float | None:
    """A number in [0, 1] (each end open or closed)."""
    return number(value, name, low=0.0, high=1.0, low_open=low_open, high_open=high_open, none_ok=none_ok)


def flag(value, name: str, *, none_ok: bool = False) -> bool | None:
    """True or False (numpy's bool too); not 0/1, text or None (unless ``none_ok``)."""
    if value is None and none_ok:
        return None
    if not _is_bool(value):
        raise InputError(f"{name} must be True or False{' (or None)' if none_ok else ''}; got {name}={show(value)}")
    return bool(value)


def choice(value, name: str, options: Sequence[str]) -> str:
    """One of ``options`` (text)."""
    if not isinstance(value, str) or value not in options:
        opts = ", ".join(repr(o) for o in options)
        raise InputError(f"{name} must be one of {opts}; got {name}={show(value)}")
    return value


# ------------------------------------------------------------------------------------------ vectors
def _default_index(idx) -> bool:
    pd = _pd()
    return isinstance(idx, pd.RangeIndex) and idx.start == 0 and idx.step == 1


def _where(unit: str, i: int, labels, numbers=None) -> str:
    s = f"{unit} {i + 1 if numbers is None else int(numbers[i]) + 1}"
    if labels is not None:
        s += f" (index label {show(labels[i])})"
    return s


def _as_1d(values, name: str, what: str, allow_column: bool = False):
    """(1-D numpy array, index labels or None); a DataFrame/2-D array/scalar raises."""
    labels = None
    if _is_frame(values):
        if allow_column and values.shape[1] == 1:
            values = values.iloc[:, 0]
        else:
            raise InputError(f"{name} must be one column (1-D), not a DataFrame with {values.shape[1]} columns")
    if _is_series(values):
        pd = _pd()
        labels = None if _default_index(values.index) else values.index
        s = values
        if isinstance(s.dtype, pd.CategoricalDtype):
            arr = s.astype(object).to_numpy()
        elif pd.api.types.is_bool_dtype(s.dtype) and not s.isna().any():
            arr = s.to_numpy(dtype=bool)
        elif pd.api.types.is_numeric_dtype(s.dtype) and not pd.api.types.is_bool_dtype(s.dtype):
            arr = s.to_numpy(dtype=np.float64, na_value=np.nan) if s.dtype.kind not in "iu" else s.to_numpy()
        else:
            arr = s.to_numpy(dtype=object)
        return arr, labels
    if values is None or isinstance(values, (str, bytes, dict, set)):
        raise InputError(f"{name} must be {what}; got {name}={show(values)}")
    try:
        if isinstance(values, (list, tuple)) and any(isinstance(v, (str, bytes)) for v in values):
            arr = np.empty(len(values), dtype=object)  # keep each entry as given (numpy would make all text)
            arr[:] = list(values)
        else:
            arr = np.asarray(values)
    except (TypeError, ValueError):
        raise InputError(f"{name} must be {what}; got {name}={show(values)}") from None
    if arr.ndim == 2 and allow_column and 1 in arr.shape:
        arr = arr.reshape(-1)
    if arr.ndim != 1:
        raise InputError(f"{name} must be 1-D; got shape {arr.shape}")
    return arr, labels


def float_vector(values, name: str, *, low=None, high=None, low_open: bool = False, high_open: bool = False,
                 nan_ok: bool = False, inf_ok: bool = False, bool_ok: bool = False, unit: str = "row",
                 allow_column: bool = False, max_len: int | None = None) -> np.ndarray:
    """A 1-D float64 copy of ``values`` (list, tuple, array or Series) whose every entry is a number:
    text, None (unless ``nan_ok``), bools (unless ``bool_ok``), NaN (unless ``nan_ok``), +-Inf (unless
    ``inf_ok``) and values outside the range raise, naming the first culprit and its position."""
    rng = _range_text(low, high, low_open, high_open)
    desc = f"{rng} numbers" if rng and low == 0 and high is None else (f"numbers {rng}" if rng else "finite numbers")
    arr, labels = _as_1d(values, name, "a 1-D array of numbers", allow_column)
    if max_len is not None and arr.shape[0] > max_len:
        raise InputError(f"{name} must have at most {max_len} values; got {arr.shape[0]}")
    if arr.dtype == bool:
        if not bool_ok and arr.shape[0]:
            raise InputError(f"{name} must hold {desc}, not True/False; {_where(unit, 0, labels)} holds "
                             f"{show(arr[0])}")
        out = arr.astype(np.float64)
    elif arr.dtype.kind in "iuf":
        out = arr.astype(np.float64)
    elif arr.dtype.kind == "c":
        raise InputError(f"{name} must hold real numbers, not complex (dtype {arr.dtype})")
    elif arr.dtype.kind in "OUS":
        out = np.empty(arr.shape[0], dtype=np.float64)
        for i, v in enumerate(arr.tolist()):
            if _is_missing(v):
                out[i] = np.nan
            elif _is_bool(v) and bool_ok:
                out[i] = float(v)
            elif _is_real(v):
                out[i] = float(v)
            else:
                raise InputError(f"{name} must hold {desc}; {_where(unit, i, labels)} holds {show(v)}")
    else:
        raise InputError(f"{name} must hold {desc}, not dtype {arr.dtype}")
    nan = np.isnan(out)
    if nan.any() and not nan_ok:
        i = int(np.flatnonzero(nan)[0])
        raise InputError(f"{name} has a missing value at {_where(unit, i, labels)} (NaN); it must hold {desc}")
    inf = np.isinf(out)
    if inf.any() and not inf_ok:
        i = int(np.flatnonzero(inf)[0])
        raise InputError(f"{name} has an infinite value at {_where(unit, i, labels)} ({show(out[i])}); "
                         f"it must hold {desc}")
    if low is not None or high is not None:
        with np.errstate(invalid="ignore"):
            bad = np.zeros(out.shape[0], dtype=bool)
            if low is not None:
                bad |= (out <= low) if low_open else (out < low)
            if high is not None:
                bad |= (out >= high) if high_open else (out > high)
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            shown = arr[i] if arr.dtype.kind in "iuO" else out[i]
            raise InputError(f"{name} must hold {desc}; {_where(unit, i, labels)} holds {show(shown)}")
    return out


def first_not_01(values) -> tuple[int, object] | None:
    """(0-based position, value) of the first entry that is not 0/1 (a number 0 or 1, a bool, or the text
    "0"/"1"), so that a text outcome is reported by its real culprit ('yes') rather than by its dtype;
    None if every entry is 0/1."""
    for i, v in enumerate(values):
        if _is_bool(v):
            continue
        if _is_real(v):
            if v == 0 or v == 1:
                continue
        elif isinstance(v, str) and v.strip() in ("0", "1"):
            continue
        return i, (v.item() if isinstance(v, np.generic) else v)
    return None


def _is_missing(v) -> bool:
    if v is None or (_is_real(v) and math.isnan(float(v))):
        return True
    pd = _pd()
    return pd is not None and (v is pd.NA or v is pd.NaT)


def outcome01(y, name: str = "y", *, allow_column: bool = False, positions=None) -> np.ndarray:
    """A 0/1 outcome as a float64 copy: numbers 0/1 or booleans.  A missing value, any other number, text
    (also "0"/"1" as text) or a 2-D input raises, naming the first culprit and its row (counted from 1).
    ``positions``: for a subset of a caller's rows, their 0-based positions there (messages name those rows)."""
    arr, labels = _as_1d(y, name, "a 1-D array of 0/1", allow_column)
    return _outcome01(arr, name, labels, positions)


def _outcome01(arr, name: str, labels, numbers) -> np.ndarray:
    if arr.dtype == bool:
        return arr.astype(np.float64)
    if arr.dtype.kind in "iuf":
        f = arr.astype(np.float64)
        nan = np.isnan(f)
        if nan.any():
            i = int(np.flatnonzero(nan)[0])
            raise InputError(f"{name} has a missing value at {_where('row', i, labels, numbers)} (NaN); "
                             "it must be 0/1")
        bad = (f != 0) & (f != 1)
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            raise InputError(f"{name} must be 0/1 (only 0 and 1); {_where('row', i, labels, numbers)} holds {show(arr[i])}")
        return f
    if arr.dtype.kind not in "OUS":
        raise InputError(f"{name} must be 0/1 (numbers or booleans), not dtype {arr.dtype}")
    vals = arr.tolist()
    for i, v in enumerate(vals):
        if _is_missing(v):
            raise InputError(f"{name} has a missing value at {_where('row', i, labels, numbers)} "
                             f"({'NaN' if _is_real(v) else show(v)}); "
                             "it must be 0/1")
        if _is_bool(v) or (_is_real(v) and (v == 0 or v == 1)):
            continue
        if isinstance(v, str) and v.strip() in ("0", "1"):
            continue
        raise InputError(f"{name} must be 0/1 (only 0 and 1); {_where('row', i, labels, numbers)} holds {show(v)}")
    text = next((i for i, v in enumerate(vals) if isinstance(v, str)), None)
    if text is not None:
        raise InputError(f"{name} must be 0/1 as numbers or booleans, not text; "
                         f"{_where('row', text, labels, numbers)} holds {show(vals[text])}")
    return np.array([float(v) for v in vals], dtype=np.float64)


def same_length(name_a: str, n_a: int, name_b: str, n_b: int, *, unit_a: str = "values",
                unit_b: str = "values") -> None:
    """Two vectors that pair up row by row must be equally long: '<a> has 80 values but <b> has 79'."""
    if int(n_a) != int(n_b):
        raise InputError(f"{name_a} has {int(n_a)} {unit_a} but {name_b} has {int(n_b)} {unit_b}")


# ------------------------------------------------------------------------------------------ settings
_BACKENDS = ("threads", "processes", "dask")
MAX_N_JOBS = 4096


def parallel(n_jobs, backend) -> tuple[int | None, str]:
    """``n_jobs`` (None, -1, -k for all cores but k - 1, or a whole number in 1..4096) and ``backend``
    (threads, processes or dask)."""
    if backend not in _BACKENDS:
        raise InputError(f"backend must be one of {', '.join(repr(b) for b in _BACKENDS)}, not {show(backend)}")
    if n_jobs is None:
        return None, backend
    if _is_bool(n_jobs) or not isinstance(n_jobs, (Integral, np.integer)):
        raise InputError(f"n_jobs must be None, -1 or a whole number >= 1, not {show(n_jobs)}")
    n_jobs = int(n_jobs)
    if n_jobs == 0:
        raise InputError("n_jobs must be None, -1 or a whole number >= 1, not 0")
    if n_jobs > MAX_N_JOBS:
        raise InputError(f"n_jobs must be at most {MAX_N_JOBS} (-1 means every core); got {n_jobs}")
    return n_jobs, backend


def replicates(value, name: str = "B", *, n: int | None = None, low: int = 1, low_msg: str | None = None) -> int:
    """A number of bootstrap replicates: a whole number in low..MAX_REPLICATES, and, with ``n`` rows
    drawn per replicate, at most MAX_DRAWS drawn rows in all (the B x n index matrix)."""
    k = whole(value, name, low=low, low_msg=low_msg,
              high_msg=f"{name} must be at most {MAX_REPLICATES} bootstrap replicates (a bound that keeps the "
                       f"time and memory of one call sane; R's examples use 40 to 2000); got {name}={show(value)}",
              high=MAX_REPLICATES)
    if n is not None and k * int(n) > MAX_DRAWS:
        raise InputError(f"{name}={k} replicates of n={int(n)} rows are {k * int(n)} drawn rows, more than "
                         f"{MAX_DRAWS} (R's vector limit); use a smaller {name}")
    return k


def result_memory(nbytes: float, what: str) -> None:
    """Refuse work whose kept results would exceed MAX_RESULT_BYTES, saying what they are."""
    if nbytes > MAX_RESULT_BYTES:
        raise InputError(f"{what} would need {nbytes / 2**30:.1f} GiB of memory for the per-replicate results "
                         f"(the limit is {MAX_RESULT_BYTES / 2**30:.0f} GiB); use fewer replicates")


def predictor_names(names: Iterable, where: str = "x") -> None:
    """A predictor may not be called "Intercept" or "(Intercept)": the model's intercept has that name, and
    the two would share one entry in the coefficient tables (and in results.json)."""
    hit = [str(c) for c in names if str(c) in INTERCEPT_NAMES]
    if hit:
        raise InputError(f"{where} has a column named {hit[0]!r}, the name of the model's intercept "
                         "(rms: 'Intercept', glmnet: '(Intercept)'); rename that column")


def seed(value, name: str = "seed"):
    """A seed for R's ``set.seed``: None (from the operating system) or a number R takes as an integer."""
    if value is None:
        return None
    from .rrandom import r_seed_int

    return r_seed_int(value)

"""Loading and validating a cohort file, and the training/validation split drawn as R draws it.

``load_cohort(path_or_df, outcome, predictors=None) -> (X, y)`` reads a comma-separated file (or takes a
DataFrame), checks it and returns the predictors as a float DataFrame and the outcome as an int 0/1 array.
Every problem raises ``cmvt_core.InputError`` with a message that names the file, column, row or value:
a missing file, empty data, duplicated column names, a missing column, a non-numeric value (with its data row
number, 1-based as a user counts data rows in the file, and the line of the file), missing values (with their
row numbers), an outcome that is not 0/1 (with the offending values), fewer than 10 events or non-events, a file
that seems to use another delimiter (with a hint).  A UTF-8 byte-order mark is accepted.  The input is never
modified.

``split_train_validation(n, ratio=0.7, seed=...)`` returns the 0-based, increasing positions of the training
rows, equal to R's

    set.seed(seed); idx <- sort(sample(n, round(ratio * n)))   # training = data[idx, ]; validation = data[-idx, ]

minus one (``sample(n, size)`` with one number n is ``sample.int(n, size)``; ``round`` is R's, halves to even).
``draw_split`` gives the same draw as a ``Split`` object, with R's unsorted ``idx`` in draw order as well.
"""
from __future__ import annotations

import csv
import io
import math
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import numpy as np
import pandas as pd

from . import _validate as V
from ._docs import fill_doc, register
from .errors import InputError
from .rrandom import RRNG

__all__ = ["load_cohort", "read_csv", "read_cohort_csv", "numeric_column", "split_train_validation", "draw_split",
           "Split", "MIN_EVENTS"]

MIN_EVENTS = 10
_MISSING_TOKENS = {"", "na", "nan", "n/a", "null", "none", ".", "-", "?"}
_MAX_LIST = 10

register(cohort_csv_example="""
    Examples
    --------
    >>> import os, tempfile
    >>> path = os.path.join(tempfile.mkdtemp(), "cohort.csv")
    >>> with open(path, "w") as f:
    ...     _ = f.write("y,age,bmi\\n1,60,27.5\\n0,55,NA\\n")
""", split_parameters="""
    Parameters
    ----------
    n : int
        Number of rows (>= 2).
    ratio : float, default 0.7
        Share of rows for training, in (0, 1); ignored when ``size`` is given.
    seed : int or None, default None
        R's ``set.seed`` value (``None``: R's time-based seed, see ``RRNG``).
    size : int or None, default None
        Number of training rows, 1..n-1 (default ``round(ratio * n)``).
""")


def _rows_text(rows: Sequence[int]) -> str:
    rows = list(rows)
    s = ", ".join(str(r) for r in rows[:_MAX_LIST])
    if len(rows) > _MAX_LIST:
        s += f", ... ({len(rows)} rows in all)"
    return s


def _cohort_file(path) -> Path:
    """The cohort file as a Path: an InputError names a missing file or a directory (``read_csv``'s first
    check, also run by the CLI before any other work)."""
    p = Path(os.fspath(path))
    if not p.exists():
        raise InputError(f"cohort file not found: {str(p)!r}")
    if p.is_dir():
        raise InputError(f"cohort path is a directory, not a file: {str(p)!r}")
    return p


@fill_doc
def read_csv(path: str | os.PathLike, *, sep: str = ",", numeric: Sequence[str] | None = None) -> pd.DataFrame:
    """Read a cohort CSV the one way every cmvt command does (``load_cohort``, ``cmvt analyze``, and
    ``cmvt cutoff``): the file as text columns (every cell a string), checking what R's ``read.csv`` would
    silently get wrong or what would escape as a traceback:

    * a missing file, a folder, a file that is not UTF-8 (a UTF-8 byte-order mark is accepted), an empty file,
      a header without data rows;
    * a header with another delimiter (semicolons, tabs, pipes: a hint says so), an empty or a duplicated
      column name (pandas would silently rename the copy to ``x.1``);
    * a row with a different number of fields, a cell too large for a CSV field (more than 131 072
      characters) or a NUL byte: ``InputError`` naming the line.

    ``numeric``: names of columns to return as float64 (NaN for the missing tokens: empty, NA, NaN, ...),
    parsed as R's ``read.csv`` parses numbers (``_parse_number``): a cell that is not a number (``1_000``,
    Arabic-Indic or full-width digits, a decimal comma, text) raises the one-line non-numeric error naming the
    column, the value, its data row and its line.  The frame remembers its file (``attrs``), so
    ``load_cohort`` on it names the file and line too.

    Parameters
    ----------
    path : str or os.PathLike
        The CSV file (UTF-8; a byte-order mark is accepted).
    sep : str, default ","
        The field delimiter.
    numeric : sequence of str or None, default None
        Columns to return as float64, parsed as R's ``read.csv`` parses numbers; the others stay text.

    Returns
    -------
    pandas.DataFrame
        One column per header field, text cells (object dtype) except the ``numeric`` ones.

    Raises
    ------
    InputError
        Every problem listed above, naming the file, line, column or value.

    Notes
    -----
    R call: ``utils::read.csv(path, sep = sep, colClasses = "character")`` (numbers as ``read.csv``'s
    ``type.convert`` reads them)

    {{cohort_csv_example}}
    >>> from cmvt_core.cohort import read_csv
    >>> read_csv(path)
       y age   bmi
    0  1  60  27.5
    1  0  55    NA
    >>> read_csv(path, numeric=["bmi"])["bmi"].tolist()
    [27.5, nan]
    """
    p = _cohort_file(path)
    raw = p.read_bytes()
    try:
        text = raw.decode("utf-8-sig")  # drops a UTF-8 byte-order mark
    except UnicodeDecodeError as exc:
        raise InputError(f"cohort file {str(p)!r} is not UTF-8 text (byte {exc.start}): save it as UTF-8 CSV") \
            from None
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = text.splitlines()
    while lines and not lines[-1].strip():
        lines.pop()
    if not lines or not lines[0].strip():
        raise InputError(f"cohort file {str(p)!r} is empty (no header line)")
    header_line = lines[0]
    if sep not in header_line:
        for cand, name in ((";", "semicolon"), ("\t", "tab"), ("|", "pipe")):
            if cand in header_line:
                raise InputError(f"cohort file {str(p)!r}: the header has no {sep!r} but contains {name}s — the "
                                 f"file seems to be {name}-separated; save it as comma-separated CSV "
                                 f"(or pass sep={cand!r})")
    reader = csv.reader(io.StringIO("\n".join(lines)), delimiter=sep)
    rows = []
    try:
        for r in reader:
            rows.append(r)
    except csv.Error as exc:  # a field beyond csv's limit, a NUL byte: one line, never a _csv.Error traceback
        line = reader.line_num
        why = str(exc)
        if "field limit" in why:
            why = f"a cell longer than {csv.field_size_limit()} characters ({why})"
        raise InputError(f"cohort file {str(p)!r}: line {line} cannot be read as CSV: {why}") from None
    header = [h.strip() for h in rows[0]]
    if any(h == "" for h in header):
        pos = [i + 1 for i, h in enumerate(header) if h == ""]
        raise InputError(f"cohort file {str(p)!r}: empty column name at position(s) {pos} of the header")
    dup = sorted({h for h in header if header.count(h) > 1})
    if dup:
        raise InputError(f"cohort file {str(p)!r}: duplicated column name(s) {dup}: each column needs its own "
                         "name (R's read.csv and pandas would silently rename the copy)")
    body = rows[1:]
    if not body:
        raise InputError(f"cohort file {str(p)!r} has a header but no data rows")
    for i, r in enumerate(body, start=1):
        if len(r) != len(header):
            if len(r) == 0:
                raise InputError(f"cohort file {str(p)!r}: data row {i} (line {i + 1}) is blank")
            raise InputError(f"cohort file {str(p)!r}: data row {i} (line {i + 1}) has {len(r)} fields, the header "
                             f"has {len(header)}")
    df = pd.DataFrame(body, columns=header, dtype=object)
    df.attrs["source"] = str(p)
    df.attrs["line_offset"] = 1
    if numeric is not None:
        if isinstance(numeric, str):
            numeric = [numeric]
        for col in numeric:
            df[col] = numeric_column(df, col)
    return df


@fill_doc
def read_cohort_csv(path: str | os.PathLike, *, sep: str = ",") -> pd.DataFrame:
    """The cohort CSV as text columns: ``read_csv(path, sep=sep)`` (kept for existing callers).

    Parameters
    ----------
    path : str or os.PathLike
        The CSV file.
    sep : str, default ","
        The field delimiter.

    Returns
    -------
    pandas.DataFrame
        Every cell as text, as ``read_csv`` gives.

    Notes
    -----
    R call: ``utils::read.csv(path, sep = sep, colClasses = "character")``

    {{cohort_csv_example}}
    >>> from cmvt_core.cohort import read_cohort_csv
    >>> read_cohort_csv(path).shape
    (2, 3)
    """
    return read_csv(path, sep=sep)


def numeric_column(df: pd.DataFrame, name: str) -> np.ndarray:
    """Column ``name`` of a cohort frame as float64 (NaN for missing tokens), numbers parsed as R's ``read.csv`` does.

    A cell that is not a number raises, naming the column, value, data row (and the file's line when the
    frame came from ``read_csv``).

    Parameters
    ----------
    df : pandas.DataFrame
        A cohort frame (text cells, as ``read_csv`` gives, or numbers).
    name : str
        The column.

    Returns
    -------
    numpy.ndarray
        float64, NaN where the cell is a missing token (empty, NA, NaN, ...).

    Raises
    ------
    InputError
        A missing column or a cell that is not a number.

    Notes
    -----
    R call: ``as.numeric(read.csv(path)[[name]])`` (``type.convert``'s number syntax)

    Examples
    --------
    >>> import pandas as pd
    >>> from cmvt_core.cohort import numeric_column
    >>> numeric_column(pd.DataFrame({"bmi": ["27.5", "NA", "1e1"]}), "bmi")
    array([27.5,  nan, 10. ])
    """
    cols = [str(c) for c in df.columns]
    where = f"cohort file {df.attrs['source']!r}: " if isinstance(df.attrs.get("source"), str) else ""
    if name not in cols:
        raise InputError(f"{where}column {name!r} not found; columns are {cols}")
    line_offset = df.attrs.get("line_offset") if where else None
    return _to_number(df.iloc[:, cols.index(name)], name, where, line_offset)


# what R's read.csv (type.convert / R_strtod) reads as a number: ASCII digits with an optional sign, decimal
# point and exponent, or a hexadecimal integer; not "1_000", not Arabic-Indic or full-width digits (Python's
# float() accepts all of those), not a decimal comma
_DECIMAL = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?", re.ASCII)
_HEX = re.compile(r"[+-]?0[xX][0-9a-fA-F]+", re.ASCII)
_INF_TOKENS = {"inf", "+inf", "-inf", "infinity", "+infinity", "-infinity"}


def _parse_number(s: str) -> float | None:
    """The number R's read.csv reads from the text ``s`` (spaces and tabs around it allowed), or None."""
    t = s.strip(" \t")
    if _DECIMAL.fullmatch(t):
        return float(t)
    if _HEX.fullmatch(t):
        return float(int(t, 16))
    if t.lower() in _INF_TOKENS:
        return -math.inf if t.startswith("-") else math.inf
    return None


def _not_number_hint(s: str) -> str:
    if "," in s and _parse_number(s.replace(",", ".")) is not None:
        return " (decimal comma? use a point)"
    if "_" in s and _parse_number(s.replace("_", "")) is not None:
        return " (an underscore is not a digit separator in a CSV; R's read.csv reads it as text)"
    if any(ch.isdigit() and not ("0" <= ch <= "9") for ch in s):
        return " (only the digits 0-9 make a number; R's read.csv reads other digits as text)"
    return ""


def _to_number(col: pd.Series, name: str, where: str, line_offset: int | None) -> np.ndarray:
    """One column as float64 with NaN for missing; a value that is not a number raises, naming its row."""
    if pd.api.types.is_bool_dtype(col.dtype):
        return col.to_numpy(dtype=np.float64)
    if pd.api.types.is_numeric_dtype(col.dtype):
        out = col.to_numpy(dtype=np.float64, na_value=np.nan)
        bad = np.flatnonzero(np.isinf(out))
        if bad.size:
            i = int(bad[0])
            raise InputError(f"{where}column {name!r}: infinite value {out[i]} in data row {i + 1}")
        return out
    vals = col.to_numpy(dtype=object)
    out = np.empty(vals.shape[0], dtype=np.float64)
    for i, v in enumerate(vals.tolist()):
        if v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NA:
            out[i] = np.nan
            continue
        if isinstance(v, (bool, np.bool_)):
            out[i] = float(v)
            continue
        if isinstance(v, (int, float, np.integer, np.floating)):
            out[i] = float(v)
        else:
            s = str(v).strip(" \t")
            if s.lower() in _MISSING_TOKENS:
                out[i] = np.nan
                continue
            x = _parse_number(s)
            if x is None:
                loc = f"data row {i + 1}" + (f" (line {i + 1 + line_offset} of the file)" if line_offset else "")
                raise InputError(f"{where}column {name!r}: non-numeric value {V.show(s)} in {loc}"
                                 f"{_not_number_hint(s)}") from None
            out[i] = x
        if math.isinf(out[i]):
            raise InputError(f"{where}column {name!r}: infinite value {V.show(v)} in data row {i + 1}")
    return out


def load_cohort(path_or_df: str | os.PathLike | pd.DataFrame, outcome: str, predictors: Sequence[str] | None = None, *,
                sep: str = ",", min_events: int = MIN_EVENTS) -> tuple[pd.DataFrame, np.ndarray]:
    """Load and validate a cohort: ``(X, y)``, the predictors and the 0/1 outcome.

    X is a float64 DataFrame of the predictors (in the order given, or the file's order of every column
    but the outcome) and y an int64 array of 0/1.

    ``path_or_df``: a path to a comma-separated file (UTF-8, BOM allowed) or a DataFrame (not modified).
    Raises ``InputError`` naming the culprit for: a missing file; empty data; duplicated column names; a
    missing outcome or predictor column; a non-numeric value (data row, 1-based, and file line); missing values
    (NaN/empty/NA, with their row numbers); an outcome that is not 0/1 (with the values); fewer than
    ``min_events`` (10) events or non-events; a file with another delimiter (with a hint).

    Parameters
    ----------
    path_or_df : str, os.PathLike or pandas.DataFrame
        The cohort file, or a frame (text cells, as ``read_csv`` gives, or numbers).
    outcome : str
        The 0/1 outcome column.
    predictors : sequence of str or None, default None
        The predictor columns; ``None``: every other column.
    sep : str, default ","
        The file's field delimiter.
    min_events : int, default MIN_EVENTS
        The fewest events and non-events accepted (10).

    Returns
    -------
    tuple of (pandas.DataFrame, numpy.ndarray)
        ``X`` (float64, a fresh 0..n-1 index) and ``y`` (int64 0/1).

    Raises
    ------
    InputError
        Every problem listed above, naming the file, column, row or value.

    Notes
    -----
    R call: none (input checks; the R twins read the same data with ``read.csv``)

    Examples
    --------
    >>> from cmvt_core.cohort import load_cohort
    >>> from cmvt_core.datasets import load_cmvt_cohort
    >>> X, y = load_cohort(load_cmvt_cohort(), "cmvt", ["age_group", "bmi"])
    >>> X.shape, int(y.sum())
    ((319, 2), 117)
    >>> X.head(2)
       age_group   bmi
    0        0.0  23.1
    1        1.0  24.3
    """
    if isinstance(path_or_df, pd.DataFrame):
        df = path_or_df
        where = f"cohort file {df.attrs['source']!r}: " if isinstance(df.attrs.get("source"), str) else ""
        line_offset = df.attrs.get("line_offset") if where else None
        cols = [str(c) for c in df.columns]
        dup = sorted({c for c in cols if cols.count(c) > 1})
        if dup:
            raise InputError(f"duplicated column name(s) {dup}")
        if df.shape[0] == 0:
            raise InputError("the cohort has no rows")
    elif isinstance(path_or_df, (str, os.PathLike)):
        df = read_csv(path_or_df, sep=sep)
        where = f"cohort file {df.attrs['source']!r}: "
        line_offset = 1
    else:
        raise InputError(f"load_cohort: expected a file path or a pandas DataFrame, got {type(path_or_df).__name__}")
    columns = [str(c) for c in df.columns]
    if not isinstance(outcome, str):
        raise InputError(f"outcome must be a column name (str), got {outcome!r}")
    if outcome not in columns:
        raise InputError(f"{where}outcome column {outcome!r} not found; columns are {columns}")
    if predictors is None:
        predictors = [c for c in columns if c != outcome]
    else:
        if isinstance(predictors, str):
            predictors = [predictors]
        predictors = list(predictors)
        missing = [p for p in predictors if p not in columns]
        if missing:
            raise InputError(f"{where}predictor column(s) {missing} not found; columns are {columns}")
        dupp = sorted({p for p in predictors if predictors.count(p) > 1})
        if dupp:
            raise InputError(f"predictor(s) listed twice: {dupp}")
        if outcome in predictors:
            raise InputError(f"the outcome {outcome!r} is also listed as a predictor")
    if not predictors:
        raise InputError(f"{where}no predictor columns (the data has only the outcome {outcome!r})")
    pos = {c: i for i, c in enumerate(columns)}

    ycol = _to_number(df.iloc[:, pos[outcome]], outcome, where, line_offset)
    ymiss = np.flatnonzero(np.isnan(ycol)) + 1
    if ymiss.size:
        raise InputError(f"{where}outcome column {outcome!r} is missing in data row(s) {_rows_text(ymiss.tolist())}")
    bad = ~np.isin(ycol, (0.0, 1.0))
    if bad.any():
        vals = sorted(set(ycol[bad].tolist()))
        shown = ", ".join(repr(int(v)) if v == int(v) else repr(v) for v in vals[:_MAX_LIST])
        rows = np.flatnonzero(bad) + 1
        raise InputError(f"{where}outcome column {outcome!r} must be 0/1; found value(s) {shown} "
                         f"(data row(s) {_rows_text(rows.tolist())})")
    data = {}
    nan_rows: dict[str, list[int]] = {}
    for p in predictors:
        v = _to_number(df.iloc[:, pos[p]], p, where, line_offset)
        miss = np.flatnonzero(np.isnan(v))
        if miss.size:
            nan_rows[p] = (miss + 1).tolist()
        data[p] = v
    if nan_rows:
        parts = [f"{p!r} in data row(s) {_rows_text(r)}" for p, r in nan_rows.items()]
        raise InputError(f"{where}missing values (NaN/empty) in " + "; ".join(parts))
    y = ycol.astype(np.int64)
    n_ev = int(y.sum())
    n_non = int(y.shape[0] - n_ev)
    if n_ev < min_events or n_non < min_events:
        raise InputError(f"{where}too few events: outcome {outcome!r} has {n_ev} events (1) and {n_non} "
                         f"non-events (0); at least {min_events} of each are needed")
    X = pd.DataFrame(data, columns=predictors, index=pd.RangeIndex(y.shape[0]))
    return X, y


# ----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Split:
    """A training/validation split: ``train`` = R's ``idx`` (1-based, in R's draw order), ``validation`` =
    ``setdiff(seq_len(n), idx)`` (1-based, increasing); ``train_mask`` is a boolean array over the n rows.

    Attributes
    ----------
    n : int
        Rows split.
    seed : int or None
        ``set.seed(seed)`` before ``sample``.
    size : int
        Training rows, ``round(ratio * n)``.
    train : numpy.ndarray
        R's ``idx``: 1-based, in draw order.
    validation : numpy.ndarray
        The other rows, 1-based and increasing.
    """

    n: int
    seed: int | None
    size: int
    train: np.ndarray
    validation: np.ndarray

    @property
    def train_mask(self) -> np.ndarray:
        m = np.zeros(self.n, dtype=bool)
        m[self.train - 1] = True
        return m

    @property
    def train_positions(self) -> np.ndarray:
        """0-based increasing positions of the training rows (= ``split_train_validation``)."""
        return np.sort(self.train) - 1

    @property
    def r_expression(self) -> str:
        return f"set.seed({self.seed}); idx <- sample({self.n}, {self.size})"

    def to_dict(self) -> dict:
        return {"n": self.n, "seed": self.seed, "size": self.size, "r_expression": self.r_expression,
                "train": self.train.tolist(), "validation": self.validation.tolist()}


def _r_round(x: float) -> int:
    """R's ``round(x)`` (digits = 0): the nearest integer, halves to even (IEC 60559)."""
    return int(round(x))


@fill_doc
def draw_split(n: int, ratio: float = 0.7, seed: int | None = None, *, size: int | None = None) -> Split:
    """The random split of n rows, equal to R's ``set.seed(seed); idx <- sample(n, size)`` with
    ``size = round(ratio * n)`` (R's round) unless given: ``.train`` is R's ``idx`` (1-based, draw order).

    For n = 319 and ratio 0.7, size = round(223.3) = 223 (the CMVT study reports 224 / 95: pass ``size=224``
    to reproduce that, i.e. ``sample(319, 224)`` in R).

    {{split_parameters}}

    Returns
    -------
    Split
        ``train`` (R's ``idx``, 1-based, draw order), ``validation`` (1-based, increasing),
        ``train_mask``, ``train_positions`` and ``r_expression``.

    Raises
    ------
    InputError
        ``n``, ``ratio`` or ``size`` out of range.

    Notes
    -----
    R call: ``set.seed(seed); idx <- sample(n, round(ratio * n))``

    Examples
    --------
    >>> from cmvt_core.cohort import draw_split
    >>> s = draw_split(10, 0.7, seed=42)
    >>> s.train
    array([ 1,  5, 10,  8,  2,  4,  6])
    >>> s.validation
    array([3, 7, 9])
    >>> s.r_expression
    'set.seed(42); idx <- sample(10, 7)'
    """
    if isinstance(n, (bool, np.bool_)) or not isinstance(n, (int, np.integer)) or n < 2:
        raise InputError(f"split: n must be a whole number >= 2, got {n!r}")
    n = int(n)
    if size is None:
        if isinstance(ratio, (bool, np.bool_)) or not isinstance(ratio, (int, float, np.integer, np.floating)) \
                or not (0 < float(ratio) < 1):
            raise InputError(f"split: ratio must be in (0, 1), got {ratio!r}")
        size = _r_round(float(ratio) * n)
    if isinstance(size, (bool, np.bool_)) or not isinstance(size, (int, np.integer)) or not (1 <= size <= n - 1):
        raise InputError(f"split: the training size must be a whole number in 1..{n - 1}, got {size!r} "
                         f"(n = {n}, ratio = {ratio!r})")
    rng = RRNG(seed)
    idx = rng.sample(n, int(size))
    mask = np.zeros(n, dtype=bool)
    mask[idx - 1] = True
    validation = np.flatnonzero(~mask) + 1
    return Split(n=n, seed=seed, size=int(size), train=np.asarray(idx, dtype=np.int64),
                 validation=validation.astype(np.int64))


@fill_doc
def split_train_validation(n: int, ratio: float = 0.7, seed: int | None = None, *,
                           size: int | None = None) -> np.ndarray:
    """0-based increasing positions of the training rows of R's random split.

    R's ``sort(sample(n, round(ratio * n))) - 1`` after ``set.seed(seed)``.  The validation rows are the
    others.  See ``draw_split`` for the draw order.

    {{split_parameters}}

    Returns
    -------
    numpy.ndarray
        int64, 0-based and increasing.

    Notes
    -----
    R call: ``set.seed(seed); sort(sample(n, round(ratio * n))) - 1``

    Examples
    --------
    >>> from cmvt_core.cohort import split_train_validation
    >>> split_train_validation(10, 0.7, seed=42)
    array([0, 1, 3, 4, 5, 7, 9])
    """
    return np.sort(draw_split(n, ratio, seed, size=size).train) - 1


# The simulated administrative cohort (study B) lives in its own module; re-exported here.
from .admin_cohort import N_DELIVERIES, score_pmf, simulate_admin_cohort  # noqa: E402,F401

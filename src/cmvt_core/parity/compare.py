"""Statistic-by-statistic comparison of Python and R values.

``compare()`` makes one ``Record`` per statistic (case, statistic, Python value, R value, abs
diff, rel diff, tolerance, pass).  ``Comparison`` collects records for a case; its
``assert_ok()`` fails with a readable table, for pytest, and its records feed ``cmvt parity``.
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from cmvt_core._json import jsonable as _jsonable

from .tolerances import Tolerance, tolerance_for


@dataclass
class Record:
    case: str
    statistic: str
    python: Any
    r: Any
    abs_diff: float
    rel_diff: float
    abs_tol: float
    rel_tol: float
    passed: bool
    reason: str = ""
    note: str = ""

    def to_dict(self) -> dict:
        d = asdict(self)
        d["python"] = _jsonable(self.python)
        d["r"] = _jsonable(self.r)
        d["pass"] = d.pop("passed")
        return d


def _as_array(v: Any) -> np.ndarray:
    if hasattr(v, "to_numpy"):
        v = v.to_numpy()
    arr = np.asarray(v)
    if arr.dtype == object:
        try:
            arr = arr.astype(np.float64)
        except (TypeError, ValueError):
            pass
    return arr


def compare(case: str, statistic: str, python: Any, r: Any, tol: Tolerance | None = None,
            note: str = "") -> Record:
    """Compare one statistic (a scalar or an array, numeric or not) and return its record."""
    tol = tol or tolerance_for(statistic)
    a, b = _as_array(python), _as_array(r)
    if a.shape != b.shape:
        return Record(case, statistic, python, r, math.inf, math.inf, tol.abs, tol.rel, False,
                      f"shape {a.shape} vs R's {b.shape}", note)
    if not (np.issubdtype(a.dtype, np.number) or a.dtype == bool) or \
       not (np.issubdtype(b.dtype, np.number) or b.dtype == bool):
        same = bool(np.all(a.astype(str) == b.astype(str))) if a.size else True
        return Record(case, statistic, python, r, 0.0 if same else math.inf, 0.0 if same else math.inf,
                      tol.abs, tol.rel, same, "" if same else "values differ", note)
    a = a.astype(np.float64)
    b = b.astype(np.float64)
    nan_a, nan_b = np.isnan(a), np.isnan(b)
    if (nan_a != nan_b).any():
        i = int(np.flatnonzero((nan_a != nan_b).ravel())[0])
        return Record(case, statistic, python, r, math.inf, math.inf, tol.abs, tol.rel, False,
                      f"NA/NaN pattern differs (first at flat index {i})", note)
    fin = ~nan_a
    a, b = a[fin], b[fin]
    inf_mismatch = (np.isinf(a) | np.isinf(b)) & (a != b)
    if inf_mismatch.any():
        return Record(case, statistic, python, r, math.inf, math.inf, tol.abs, tol.rel, False,
                      "infinite values differ", note)
    both = np.isfinite(a) & np.isfinite(b)
    d = np.abs(a[both] - b[both])
    scale = np.abs(b[both])
    abs_diff = float(d.max()) if d.size else 0.0
    with np.errstate(divide="ignore", invalid="ignore"):
        rel = np.where(d == 0, 0.0, d / scale)
    rel_diff = float(rel.max()) if rel.size else 0.0
    ok = bool(np.all(d <= np.maximum(tol.abs, tol.rel * scale)))
    reason = "" if ok else f"max abs diff {abs_diff:.3g}, max rel diff {rel_diff:.3g} beyond tolerance"
    return Record(case, statistic, python, r, abs_diff, rel_diff, tol.abs, tol.rel, ok, reason, note)


COLLECTED: list["Comparison"] = []  # finished cases of this process (filled by the pytest fixture)


@dataclass
class Comparison:
    """The records of one parity case."""

    case: str
    records: list[Record] = field(default_factory=list)
    call: str = ""      # the R call that produced the R values, as text for the evidence report
    sha256: str = ""    # of the case's input data (see ``data_sha256``)
    golden: bool = False  # True when the R values come from stored goldens, not a live R

    def describe(self, call: str = "", data=None, golden: bool | None = None) -> "Comparison":
        """Attach the R call, the input data (hashed) and whether R's side is golden."""
        if call:
            self.call = call
        if data is not None:
            self.sha256 = data_sha256(data)
        if golden is not None:
            self.golden = golden
        return self

    def add(self, statistic: str, python: Any, r: Any, tol: Tolerance | None = None, note: str = "") -> Record:
        rec = compare(self.case, statistic, python, r, tol, note)
        self.records.append(rec)
        return rec

    @property
    def failures(self) -> list[Record]:
        return [r for r in self.records if not r.passed]

    def assert_ok(self) -> None:
        if not self.records:
            raise AssertionError(f"parity case {self.case!r} compared nothing")
        bad = self.failures
        if bad:
            lines = [f"parity case {self.case!r}: {len(bad)} of {len(self.records)} statistics differ from R"]
            for r in bad:
                lines.append(f"  {r.statistic}: {r.reason} (abs_tol {r.abs_tol:g}, rel_tol {r.rel_tol:g})"
                             f"\n    python={_short(r.python)}\n    R     ={_short(r.r)}")
            raise AssertionError("\n".join(lines))


def data_sha256(data: Any) -> str:
    """SHA-256 of a case's input: a DataFrame (as CSV), an array (its bytes and shape), bytes,
    or a tuple/list of those."""
    import hashlib

    import pandas as pd

    h = hashlib.sha256()

    def feed(obj: Any) -> None:
        if isinstance(obj, (tuple, list)):
            for o in obj:
                feed(o)
        elif isinstance(obj, pd.DataFrame):
            h.update(obj.to_csv(index=False, lineterminator="\n", float_format="%.17g").encode())
        elif isinstance(obj, (bytes, bytearray)):
            h.update(obj)
        else:
            arr = np.ascontiguousarray(np.asarray(obj))
            if arr.dtype == object:
                h.update(repr(arr.tolist()).encode())
            else:
                h.update(str((arr.dtype.str, arr.shape)).encode())
                h.update(arr.tobytes())

    feed(data)
    return h.hexdigest()


def _short(v: Any, n: int = 8) -> str:
    arr = np.asarray(v)
    if arr.ndim == 0:
        return repr(v)
    flat = arr.ravel()
    s = ", ".join(repr(x) for x in flat[:n].tolist())
    return f"[{s}{', ...' if flat.size > n else ''}] (shape {arr.shape})"

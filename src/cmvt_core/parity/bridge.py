"""The R bridge: the only module in the project that imports rpy2.

One embedded R per process (``get_bridge()``).  Data crosses as R vectors and data frames
built from Python objects; R code comes only from the project's own ``parity/r/*.R`` files,
sourced into a private environment, and from R function *names*.  Nothing user-supplied
(column names, factor levels, file names) is ever pasted into R code, so a column called
``x); system("touch pwned")`` is just a string in R's ``names()``.

The bridge records what the evidence needs: R's version string, the version of every
package it loaded, and ``RNGkind()``.
"""
from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

# Deterministic, single-threaded linear algebra in R and in numpy (set before either loads BLAS).
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

R_DIR = Path(__file__).with_name("r")

_lock = threading.Lock()
_bridge: "RBridge | None" = None


class RUnavailable(RuntimeError):
    """R or rpy2 cannot be used on this machine."""


def get_bridge() -> "RBridge":
    """The process-wide bridge; starts R on first use."""
    global _bridge
    with _lock:
        if _bridge is None:
            _bridge = RBridge()
        return _bridge


class RBridge:
    def __init__(self) -> None:
        try:
            import rpy2.rinterface as ri
            import rpy2.rinterface_lib.callbacks as cb
        except Exception as exc:  # ImportError, or R's shared library missing
            raise RUnavailable(f"rpy2/R not usable: {exc}") from exc
        self._ri = ri
        from rpy2.rinterface_lib.embedded import RRuntimeError

        self.RError = RRuntimeError  # what a failing R call raises
        self.messages: list[str] = []
        cb.consolewrite_warnerror = self.messages.append
        cb.consolewrite_print = self.messages.append
        ld_before = os.environ.get("LD_LIBRARY_PATH")
        try:
            ri.initr_simple()
        except Exception as exc:
            raise RUnavailable(f"embedded R failed to start: {exc}") from exc
        finally:
            # R's start-up puts its library folders (and the system's) first on LD_LIBRARY_PATH of this
            # process; every later subprocess (a Python started by a test, a loky worker) would then load
            # the system's libpython instead of its own and fail in odd ways (a 3.11.2 _thread under a
            # 3.11.7 standard library).  R is loaded by now and does not need it.
            if ld_before is None:
                os.environ.pop("LD_LIBRARY_PATH", None)
            else:
                os.environ["LD_LIBRARY_PATH"] = ld_before
        self._base = ri.baseenv
        self.env = self._base["new.env"]()
        self._base["sys.source"](ri.StrSexpVector([str(R_DIR / "helpers.R")]), envir=self.env)
        self.packages: dict[str, str] = {}
        self.r_version = str(self._base["R.version.string"][0])
        self.rng_kind = list(self.to_py(self.helper("rng_kind")()))

    # -- functions -----------------------------------------------------------------
    def source(self, filename: str) -> None:
        """Source one of the project's own R files (``parity/r/<filename>``) into the bridge env."""
        path = R_DIR / filename
        if path.parent != R_DIR or not path.is_file():
            raise FileNotFoundError(path)
        self._base["sys.source"](self._ri.StrSexpVector([str(path)]), envir=self.env)

    def helper(self, name: str):
        """A function defined in the project's R files."""
        return self.env.find(name)

    def library(self, *pkgs: str) -> None:
        """Load packages (by name, passed as data) and record their versions."""
        for pkg in pkgs:
            if pkg in self.packages:
                continue
            ok = self._base["requireNamespace"](self._ri.StrSexpVector([pkg]), quietly=self._ri.BoolSexpVector([True]))
            if not bool(ok[0]):
                raise RUnavailable(f"R package {pkg!r} is not installed")
            self._base["library"](self._ri.StrSexpVector([pkg]), **{"character.only": self._ri.BoolSexpVector([True])})
            ver = self.to_py(self.helper("package_versions")(self._ri.StrSexpVector([pkg])))
            self.packages[pkg] = str(ver[0])

    def fn(self, qualified: str):
        """An R function by its name, ``"pkg::name"`` or ``"name"`` (a name, never code)."""
        if "::" in qualified:
            pkg, name = qualified.split("::", 1)
            self.library(pkg)
            ns = self._base["asNamespace"](self._ri.StrSexpVector([pkg]))
            return self._base["get"](self._ri.StrSexpVector([name]), envir=ns)
        return self._ri.globalenv.find(qualified)

    def call(self, function: str, *args: Any, **kwargs: Any) -> Any:
        """Call an R function by name (or a helper, ``"helper:name"``) with converted arguments."""
        f = self.helper(function[7:]) if function.startswith("helper:") else self.fn(function)
        rargs = [self.to_r(a) for a in args]
        rkw = {k.replace("__", "."): self.to_r(v) for k, v in kwargs.items()}
        return f(*rargs, **rkw)

    def call_py(self, function: str, *args: Any, **kwargs: Any) -> Any:
        """:meth:`call`, its value converted back to Python (:meth:`to_py`)."""
        return self.to_py(self.call(function, *args, **kwargs))

    def environment(self) -> dict[str, Any]:
        """R's version, every loaded package's version (a name -> version map) and RNGkind()."""
        loaded = self.helper("loaded_versions")()
        versions = {str(k): str(v) for k, v in zip(loaded.names, loaded)}
        return {"r_version": self.r_version, "r_packages": versions,
                "r_packages_requested": dict(sorted(self.packages.items())), "rng_kind": self.rng_kind}

    # -- conversion Python -> R --------------------------------------------------------
    def to_r(self, obj: Any):
        ri = self._ri
        if isinstance(obj, ri.Sexp):
            return obj
        if obj is None:
            return ri.NULL
        if isinstance(obj, pd.DataFrame):
            return self.data_frame(obj)
        if isinstance(obj, dict):
            vals = [self.to_r(v) for v in obj.values()]
            lst = ri.ListSexpVector(vals)
            lst.names = ri.StrSexpVector([str(k) for k in obj.keys()])
            return lst
        if isinstance(obj, (list, tuple)) and obj and all(isinstance(v, (dict, pd.DataFrame, list, tuple)) for v in obj):
            return ri.ListSexpVector([self.to_r(v) for v in obj])
        if isinstance(obj, pd.Series):
            return self.vector(obj)
        return self.vector(obj)

    def vector(self, values: Any):
        """A Python value or 1-D/2-D array as an R vector (or matrix); NaN/None become NA."""
        ri = self._ri
        if isinstance(values, pd.Series) and isinstance(values.dtype, pd.CategoricalDtype):
            codes = values.cat.codes.to_numpy().astype(np.int64) + 1
            iv = ri.IntSexpVector([int(c) if c > 0 else ri.NA_Integer for c in codes])
            levels = [str(v) for v in values.cat.categories]
            return self._base["structure"](iv, levels=ri.StrSexpVector(levels), **{"class": ri.StrSexpVector(["factor"])})
        if isinstance(values, pd.Series):
            if pd.api.types.is_bool_dtype(values.dtype) and not values.isna().any():
                arr = values.to_numpy(dtype=bool)
            elif pd.api.types.is_integer_dtype(values.dtype):
                if values.isna().any():
                    return ri.IntSexpVector([ri.NA_Integer if pd.isna(v) else int(v) for v in values])
                arr = values.to_numpy(dtype=np.int64)
            elif pd.api.types.is_float_dtype(values.dtype):
                arr = values.to_numpy(dtype=np.float64, na_value=np.nan)
            else:
                arr = np.asarray(values.astype(object).where(values.notna(), None).to_list(), dtype=object)
        else:
            arr = np.asarray(values)
        if arr.ndim == 2:
            flat = self.vector(np.asfortranarray(arr).ravel(order="F"))
            return self._base["structure"](flat, dim=ri.IntSexpVector(list(arr.shape)))
        arr = arr.ravel()
        if arr.dtype == bool:
            return ri.BoolSexpVector([bool(v) for v in arr])
        if np.issubdtype(arr.dtype, np.integer):
            if arr.size and (arr.min() < -(2**31 - 1) or arr.max() > 2**31 - 1):
                return self._float(arr.astype(np.float64))
            return ri.IntSexpVector(arr.astype(np.int32).tolist())
        if np.issubdtype(arr.dtype, np.floating):
            return self._float(arr.astype(np.float64))
        out = []
        for v in arr.tolist():
            if v is None or (isinstance(v, float) and np.isnan(v)):
                out.append(ri.NA_Character)
            else:
                out.append(str(v))
        return ri.StrSexpVector(out)

    def _float(self, arr: np.ndarray):
        ri = self._ri
        vec = ri.FloatSexpVector.from_memoryview(memoryview(np.ascontiguousarray(arr)))
        if np.isnan(arr).any():  # Python's missing values become R's NA_real_, not NaN
            na = np.flatnonzero(np.isnan(arr))
            for i in na.tolist():
                vec[i] = ri.NA_Real
        return vec

    def data_frame(self, df: pd.DataFrame):
        """A pandas DataFrame as an R data.frame, column names kept verbatim (no check.names)."""
        ri = self._ri
        cols = [self.vector(df.iloc[:, j]) for j in range(df.shape[1])]
        names = ri.StrSexpVector([str(c) for c in df.columns])
        return self.helper("make_df")(ri.ListSexpVector(cols), names, ri.IntSexpVector([len(df)]))

    # -- conversion R -> Python ---------------------------------------------------------
    def to_py(self, sexp: Any) -> Any:
        ri = self._ri
        if sexp is ri.NULL or isinstance(sexp, type(ri.NULL)):
            return None
        rclass = list(sexp.rclass) if hasattr(sexp, "rclass") else []
        if "data.frame" in rclass:
            parts = self.helper("df_parts")(sexp)
            cols = [self.to_py(c) for c in parts[0]]
            names = [str(v) for v in parts[1]]
            return pd.DataFrame({i: c for i, c in enumerate(cols)}).set_axis(names, axis=1) if cols else \
                pd.DataFrame(index=range(int(parts[2][0])))
        if "factor" in rclass:
            codes = np.asarray(list(sexp), dtype=np.int64)
            levels = [str(v) for v in self._base["levels"](sexp)]
            return pd.Categorical.from_codes(np.where(codes == ri.NA_Integer, -1, codes - 1), categories=levels)
        if isinstance(sexp, ri.ListSexpVector):
            vals = [self.to_py(v) for v in sexp]
            names = sexp.names
            if names is not ri.NULL and len(names) == len(vals):
                return {str(k): v for k, v in zip(names, vals)}
            return vals
        if isinstance(sexp, ri.FloatSexpVector):
            arr = np.array(sexp.memoryview(), dtype=np.float64) if len(sexp) else np.empty(0)
        elif isinstance(sexp, ri.IntSexpVector):
            raw = np.array(sexp.memoryview(), dtype=np.int32) if len(sexp) else np.empty(0, np.int32)
            if (raw == np.iinfo(np.int32).min).any():
                arr = raw.astype(np.float64)
                arr[raw == np.iinfo(np.int32).min] = np.nan
            else:
                arr = raw.astype(np.int64)
        elif isinstance(sexp, ri.BoolSexpVector):
            arr = np.array([None if v is ri.NA_Logical else bool(v) for v in sexp], dtype=object)
            if not any(v is None for v in arr):
                arr = arr.astype(bool)
        elif isinstance(sexp, ri.StrSexpVector):
            arr = np.array([None if v is ri.NA_Character else str(v) for v in sexp], dtype=object)
        else:
            return sexp
        dim = self._base["dim"](sexp)
        if dim is not ri.NULL:
            arr = arr.reshape(tuple(int(d) for d in dim), order="F")
        return arr

"""rms model formulas: ``lrm("low ~ rcs(age, 4) + race * smoke", data)`` and ``cph("Surv(t, e) ~ ...", data)``.

The formula's term structure (``+``, ``*``, ``:``, the response) is parsed by formulaic (a maintained
implementation of Wilkinson formulas); each factor formulaic returns (``rcs(age, 4)``, ``I(lwt / 2.2)``) is
then read by the small R-expression reader below (numbers, names, ``+ - * / ^``, calls) and becomes an rms
term as ``rms:::Design`` makes it, with rms's transforms (``Hmisc::rcspline.eval`` for ``rcs``, ``pol``,
``lsp``, ``catg``, ``scored``; ``strat`` makes ``cph``'s strata, :meth:`RmsDesign.strata_labels`).  The
arithmetic inside ``I()`` and the transforms is R's: ``^`` is R's ``R_POW`` (``x * x`` for a square, libm
``pow`` otherwise), ``log``/``exp``/``sqrt`` libm's, element by element.  Nothing in a formula is ever
evaluated as Python or R code: only the names of data columns, numbers, the four arithmetic operators, ``^``
and the listed functions exist.

The design (:class:`RmsDesign`) is what later steps need: ``terms`` (one :class:`RmsTerm` per rms factor, main
effects first, then interactions, as ``fit$Design$name``), ``colnames`` (``fit$Design$colnames``),
``parms`` (``fit$Design$parms``), the column positions of each term (``term.columns``), and
``matrix(data)`` (the design of new rows with the fit's knots and levels).  See docs/R_ALGORITHMS.md, section
"rms formulas".
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from .errors import InputError, RWarning
from .kernels.rbase import quantile, r_median, r_pow, seq_len_out

__all__ = ["RmsTerm", "RmsDesign", "RmsFitMethods"]

# --------------------------------------------------------------------------------------------
# a tiny reader of R expressions: numbers, names, + - * / ^, unary minus, parentheses and calls
_TOKEN = re.compile(r"\s*(?:(?P<num>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?L?)|(?P<name>[A-Za-z.][A-Za-z0-9._]*|`[^`]+`)"
                    r"|(?P<str>\"[^\"]*\"|'[^']*')|(?P<op>\*\*|==|[-+*/^(),:~]))")
#: the functions an expression may call (R's meaning; the rms transforms are read separately)
FUNCTIONS = {"log", "exp", "sqrt", "abs", "log10", "log2", "pmax", "pmin"}
TRANSFORMS = {"rcs", "pol", "lsp", "catg", "scored", "strat"}
_ASSUME = {"asis": 1, "polynomial": 2, "lspline": 3, "rcspline": 4, "category": 5, "scored": 7, "strata": 8,
           "interaction": 9}


def _tokens(text: str) -> list[tuple[str, str]]:
    out, pos = [], 0
    text = text.rstrip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            raise InputError(f"cannot read the formula at {text[pos:].strip()[:20]!r} (in {text!r})")
        pos = m.end()
        kind = m.lastgroup
        val = m.group(kind)
        if kind == "name" and val.startswith("`"):
            val = val[1:-1]
        if kind == "str":
            val = val[1:-1]
        if kind == "op" and val == "**":
            val = "^"
        out.append((kind, val))
    return out


class _Reader:
    def __init__(self, text: str):
        self.text = text
        self.toks = _tokens(text)
        self.i = 0

    def peek(self):
        return self.toks[self.i] if self.i < len(self.toks) else (None, None)

    def take(self, op=None):
        t = self.peek()
        if t[0] is None or (op is not None and t != ("op", op)):
            raise InputError(f"cannot read the formula term {self.text!r}: expected {op or 'more'}")
        self.i += 1
        return t

    def expr(self):  # ==, below + -
        a = self.sum()
        while self.peek() == ("op", "=="):
            self.take()
            a = ("call", "==", [a, self.sum()])
        return a

    def sum(self):  # + -
        a = self.term()
        while self.peek() in (("op", "+"), ("op", "-")):
            op = self.take()[1]
            a = ("call", op, [a, self.term()])
        return a

    def term(self):  # * /
        a = self.unary()
        while self.peek() in (("op", "*"), ("op", "/")):
            op = self.take()[1]
            a = ("call", op, [a, self.unary()])
        return a

    def unary(self):
        if self.peek() == ("op", "-"):
            self.take()
            return ("call", "-", [self.unary()])
        if self.peek() == ("op", "+"):
            self.take()
            return ("call", "+", [self.unary()])
        return self.power()

    def power(self):  # ^ binds tighter than unary minus and is right-associative: -2^2 is -4
        a = self.atom()
        if self.peek() == ("op", "^"):
            self.take()
            return ("call", "^", [a, self.unary()])
        return a

    def atom(self):
        kind, val = self.peek()
        if kind == "num":
            self.take()
            return ("num", float(val.rstrip("L")))
        if kind == "str":
            self.take()
            return ("str", val)
        if kind == "name":
            self.take()
            if self.peek() == ("op", "("):
                self.take()
                args = []
                if self.peek() != ("op", ")"):
                    args.append(self.expr())
                    while self.peek() == ("op", ","):
                        self.take()
                        args.append(self.expr())
                self.take(")")
                return ("call", val, args)
            return ("name", val)
        if (kind, val) == ("op", "("):
            self.take()
            a = self.expr()
            self.take(")")
            return ("call", "(", [a])
        raise InputError(f"cannot read the formula term {self.text!r} at {val!r}")


def r_parse(text: str):
    """One R expression as a small tree: ``("num", v)``, ``("name", s)``, ``("call", f, [args])``."""
    r = _Reader(text)
    node = r.expr()
    if r.i != len(r.toks):
        raise InputError(f"cannot read the formula term {text!r} (unexpected {r.toks[r.i][1]!r})")
    return node


def _num_text(v: float) -> str:
    """A number as R's deparse writes it (15 significant digits)."""
    if float(v).is_integer() and abs(v) < 1e15:
        return str(int(v))
    return format(v, ".15g")


def r_deparse(node) -> str:
    """R's ``deparse`` of the tree: spaces around ``+ - *``, none around ``/`` and ``^``."""
    kind = node[0]
    if kind == "num":
        return _num_text(node[1])
    if kind == "str":
        return '"' + node[1] + '"'
    if kind == "name":
        return node[1] if re.fullmatch(r"[A-Za-z.][A-Za-z0-9._]*", node[1]) else f"`{node[1]}`"
    f, args = node[1], node[2]
    if f == "(":
        return f"({r_deparse(args[0])})"
    if f in ("+", "-") and len(args) == 1:
        return f + r_deparse(args[0])
    if f in ("+", "-", "*"):
        return f"{r_deparse(args[0])} {f} {r_deparse(args[1])}"
    if f in ("/", "^"):
        return f"{r_deparse(args[0])}{f}{r_deparse(args[1])}"
    return f"{f}(" + ", ".join(r_deparse(a) for a in args) + ")"


def all_vars(node, out=None) -> list[str]:
    """R's ``all.vars``: the names in order of appearance, once each (function names excluded)."""
    out = [] if out is None else out
    if node[0] == "name":
        if node[1] not in out:
            out.append(node[1])
    elif node[0] == "call":
        for a in node[2]:
            all_vars(a, out)
    return out


def _vpow(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    a, b = np.broadcast_arrays(np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64))
    return np.array([r_pow(float(x), float(y)) for x, y in zip(a.ravel(), b.ravel())]).reshape(a.shape)


def _vmap(fn, a: np.ndarray) -> np.ndarray:
    a = np.asarray(a, dtype=np.float64)
    out = np.empty(a.shape)
    flat, o = a.ravel(), out.ravel()
    for i, v in enumerate(flat):
        try:
            o[i] = fn(float(v))
        except (ValueError, OverflowError):
            o[i] = _r_special(fn, float(v))
    return out


def _r_special(fn, v: float) -> float:
    # R returns NaN / -Inf / Inf where Python's math raises
    if fn is math.log or fn is math.log10 or fn is math.log2:
        return -math.inf if v == 0 else math.nan
    if fn is math.exp:
        return math.inf
    return math.nan


def r_eval(node, env) -> np.ndarray | float:
    """Evaluate the tree with R's double arithmetic, element by element; ``env`` maps names to arrays
    (a name missing from ``env`` raises ``InputError``)."""
    kind = node[0]
    if kind in ("num", "str"):
        return node[1]
    if kind == "name":
        if node[1] not in env:
            raise InputError(f"the formula names column {node[1]!r}, which is not in data")
        return env[node[1]]
    f, args = node[1], node[2]
    vals = [r_eval(a, env) for a in args]
    if f == "(":
        return vals[0]
    if f == "==" and len(vals) == 2:
        a, b = vals
        if isinstance(a, str) or isinstance(b, str) or np.asarray(a).dtype == object or np.asarray(b).dtype == object:
            def txt(v):  # R compares a number with a string as as.character(number)
                v = np.asarray(v)
                if v.dtype == object or v.dtype.kind in "US":
                    return v.astype(str)
                return np.array([_level_text(e) for e in np.atleast_1d(v.astype(np.float64))], dtype=object).astype(str)
            return (txt(a) == txt(b)).astype(np.float64)
        return (np.asarray(a, dtype=np.float64) == np.asarray(b, dtype=np.float64)).astype(np.float64)
    if f in ("+", "-") and len(vals) == 1:
        return -np.asarray(vals[0], dtype=np.float64) if f == "-" else np.asarray(vals[0], dtype=np.float64)
    if f in ("+", "-", "*", "/", "^") and len(vals) == 2:
        a, b = np.asarray(vals[0], dtype=np.float64), np.asarray(vals[1], dtype=np.float64)
        with np.errstate(all="ignore"):
            if f == "+":
                return a + b
            if f == "-":
                return a - b
            if f == "*":
                return a * b
            if f == "/":
                return a / b
        return _vpow(a, b)
    one = {"log": math.log, "exp": math.exp, "sqrt": math.sqrt, "log10": math.log10, "log2": math.log2,
           "abs": abs}
    if f in one and len(vals) == 1:
        return _vmap(one[f], vals[0])
    if f in ("pmax", "pmin") and len(vals) >= 1:
        arrs = np.broadcast_arrays(*[np.asarray(v, dtype=np.float64) for v in vals])
        out = arrs[0].copy()
        for a in arrs[1:]:
            out = np.where(np.isnan(out) | np.isnan(a), np.nan, np.maximum(out, a) if f == "pmax" else np.minimum(out, a))
        return out
    raise InputError(f"the formula uses {f}(), which is not a transform rms has (allowed: "
                     + ", ".join(sorted(TRANSFORMS | FUNCTIONS | {"I"})) + ")")


# --------------------------------------------------------------------------------------------
# Hmisc::rcspline.eval: knots and the restricted cubic spline basis
def _seq(a: float, b: float, n: int) -> np.ndarray:
    return seq_len_out(a, b, n)


def rcspline_knots(x: np.ndarray, nk: int, name: str = "x", fractied: float = 0.05) -> np.ndarray:
    """``Hmisc::rcspline.eval(x, nk = nk, knots.only = TRUE)`` (Hmisc 4.7, as ``rms::rcs`` calls it): the
    default knots at quantiles ``seq(outer, 1 - outer, length = nk)`` (outer 0.1 for 3 knots, 0.05 for 4-6,
    0.025 above), heavily tied end values moved off the ends (``fractied``), and for n < 100 the outer knots
    at the 5th smallest and 5th largest value."""
    import warnings

    xx = np.asarray(x, dtype=np.float64)
    n = xx.shape[0]
    if n < 6:
        raise InputError(f"rcs({name}): knots not specified, and < 6 non-missing observations")
    if nk < 3:
        raise InputError(f"rcs({name}): nk must be >= 3")
    xu, counts = np.unique(xx, return_counts=True)
    nxu = xu.shape[0]
    if nxu - 2 <= nk:
        raise InputError(f"rcs({name}, {nk}): {nk} knots requested but column {name!r} has only {nxu} distinct "
                         f"values (rms would warn and use its {nxu - 2} interior values); ask for fewer knots")
    outer = 0.05 if nk > 3 else 0.1
    if nk > 6:
        outer = 0.025
    nke = nk
    first, last = [], []
    over_first = over_last = False
    if 0 < fractied < 1:
        f = counts / n
        if np.max(f[1:-1]) < fractied:
            if f[0] >= fractied:
                fk = float(np.min(xx[xx > np.min(xx)]))
                first = [fk]
                xx = xx[xx > fk]
                nke -= 1
                over_first = True
            if f[-1] >= fractied:
                lk = float(np.max(xx[xx < np.max(xx)]))
                last = [lk]
                xx = xx[xx < lk]
                nke -= 1
                over_last = True
    if nke == 1:
        knots = np.array([r_median(xx)])
    else:
        if nxu <= nke:
            knots = xu.copy()
        else:
            p = _seq(0.5, 1 - outer, nke) if nke == 2 else _seq(outer, 1 - outer, nke)
            knots = quantile(xx, p)
            if np.unique(knots).shape[0] < min(nke, 3):
                knots = quantile(xx, _seq(outer, 1 - outer, 2 * nke))
                if first and np.unique(knots).shape[0] < 3:
                    midval = (first[0] + last[0]) / 2 if (first and last) else r_median(xx)
                    knots = np.sort(np.array([first[0], midval, last[0] if last else quantile(xx, [1 - outer])[0]]))
                nu = np.unique(knots).shape[0]
                if nu < 3:
                    raise InputError(f"rcs({name}): fewer than 3 unique knots (column {name!r} is too heavily tied)")
                warnings.warn(f"could not obtain {nke} interior knots with default algorithm.\n Used alternate "
                              f"algorithm to obtain {nu} knots", RWarning, stacklevel=3)
        if xx.shape[0] < 100:
            xs = np.sort(xx)
            knots = knots.copy()
            if not over_first:
                knots[0] = xs[4]
            if not over_last:
                knots[nke - 1] = xs[xs.shape[0] - 5]
    knots = np.unique(np.concatenate([first, knots, last]).astype(np.float64))
    if knots.shape[0] < 3:
        raise InputError(f"rcs({name}): fewer than 3 unique knots")
    return knots


def rcspline_eval(x: np.ndarray, knots: np.ndarray) -> np.ndarray:
    """``Hmisc::rcspline.eval(x, knots, inclx = TRUE)`` (norm = 2): x, then for each of the first nk - 2 knots
    ``((x - k_j)/kd)_+^3 + ((k_{nk-1} - k_j) ((x - k_nk)/kd)_+^3 - (k_nk - k_j) ((x - k_{nk-1})/kd)_+^3) /
    (k_nk - k_{nk-1})`` with ``kd = (k_nk - k_1)^(2/3)``, in R's order of operations."""
    x = np.asarray(x, dtype=np.float64)
    k = np.asarray(knots, dtype=np.float64)
    nk = k.shape[0]
    kd = r_pow(float(k[-1] - k[0]), 2.0 / 3.0)
    k1, knk, knk1 = float(k[0]), float(k[-1]), float(k[-2])
    out = np.empty((x.shape[0], nk - 1))
    out[:, 0] = x
    c3 = np.full(1, 3.0)

    def cube(v):
        return _vpow(np.maximum(v, 0.0), c3)

    for j in range(nk - 2):
        kj = float(k[j])
        out[:, j + 1] = cube((x - kj) / kd) + ((knk1 - kj) * cube((x - knk) / kd)
                                               - (knk - kj) * cube((x - knk1) / kd)) / (knk - knk1)
    del k1
    return out


# --------------------------------------------------------------------------------------------
@dataclass
class RmsTerm:
    """One rms factor (``fit$Design``): its name, transform, column names, non-linear flags and parameters.

    Attributes
    ----------
    name : str
        rms's name (``fit$Design$name``): "age", "race", "race * smoke".
    assume : str
        rms's ``assume``: "asis", "polynomial", "lspline", "rcspline", "category", "scored", "strata",
        "interaction".
    assume_code : int
        rms's ``assume.code`` (1, 2, 3, 4, 5, 7, 8, 9).
    colnames : list of str
        The design columns of this term (rms's names, e.g. "age'", "race=black * smoke").
    nonlinear : list of bool
        rms's ``nonlinear`` flag of each column.
    parms : object
        ``fit$Design$parms[[name]]``: knots (array), degree (int), levels (list of str), the
        interaction matrix (3 x (1 + columns)); None for an asis term.
    expr : tuple or None
        The variable's expression (the first argument of the transform), None for interactions.
    label : str
        The formula's text of the factor (``rcs(age, 4)``).
    components : tuple of int
        For an interaction, the 0-based positions of its main terms in ``RmsDesign.terms``.
    columns : list of int
        0-based positions of the term's columns in the design matrix.
    """

    name: str
    assume: str
    colnames: list = field(default_factory=list)
    nonlinear: list = field(default_factory=list)
    parms: Any = None
    expr: Any = None
    label: str = ""
    components: tuple = ()
    columns: list = field(default_factory=list)
    numeric_levels: Any = None  # catg/strat of a numeric variable: the sorted unique values

    @property
    def assume_code(self) -> int:
        return _ASSUME[self.assume]

    @property
    def levels(self) -> list[str] | None:
        return list(self.parms) if self.assume in ("category", "strata") else None


def _level_text(v: float) -> str:
    """``as.character(v)`` of a double (15 significant digits)."""
    return _num_text(float(v))


@dataclass
class ParsedFormula:
    """A formula read into rms's pieces: the response's tree(s), the main factors and the interactions."""

    text: str
    lhs: Any
    mains: list  # [(label, tree)]
    interactions: list  # [tuple of main positions]


def parse_formula(formula: str) -> ParsedFormula:
    """Read ``formula`` with formulaic (terms, ``+``, ``*``, ``:``) and each factor with :func:`r_parse`."""
    if not isinstance(formula, str) or "~" not in formula:
        raise InputError(f"formula must be a string 'y ~ terms' in R's syntax; got formula={formula!r}")
    try:
        from formulaic import Formula
        from formulaic.parser import DefaultFormulaParser
    except ImportError as exc:  # pragma: no cover - formulaic is a dependency
        raise InputError("the formula interface needs the package formulaic (pip install formulaic)") from exc
    if re.search(r"(^|[^A-Za-z0-9._`])\.($|[^A-Za-z0-9._])", formula.split("~", 1)[1]):
        raise InputError("formula: '.' (all other columns) is not allowed; rms 6.5 refuses it too: spell the terms out")
    try:
        f = Formula(formula, _parser=DefaultFormulaParser(include_intercept=False))
    except Exception as exc:  # formulaic's own parse errors
        raise InputError(f"cannot read the formula {formula!r}: {str(exc).splitlines()[0]}") from None
    if not hasattr(f, "lhs"):
        raise InputError(f"formula {formula!r} has no response (left of '~')")
    lhs_terms = list(f.lhs)
    if len(lhs_terms) != 1 or len(lhs_terms[0].factors) != 1:
        raise InputError(f"formula {formula!r}: the response must be one column (or Surv(time, event))")
    lhs = r_parse(str(lhs_terms[0].factors[0].expr))
    mains: list = []
    keys: dict[str, int] = {}
    inter: list = []
    rhs = list(f.rhs)
    if not rhs:
        raise InputError(f"formula {formula!r} has no predictors")
    for t in rhs:
        facs = [str(fa.expr) for fa in t.factors]
        trees = [r_parse(s) for s in facs]
        if len(trees) == 1:
            key = r_deparse(trees[0])
            if key not in keys:
                keys[key] = len(mains)
                mains.append((facs[0], trees[0]))
    for t in rhs:
        facs = [str(fa.expr) for fa in t.factors]
        if len(facs) == 1:
            continue
        if len(facs) > 3:
            raise InputError(f"formula {formula!r}: rms allows interactions of order 2 and 3 only ({':'.join(facs)})")
        pos = []
        for s in facs:
            key = r_deparse(r_parse(s))
            if key not in keys:
                raise InputError(f"formula {formula!r}: {s} appears in an interaction but not as a main effect "
                                 "(rms needs every factor of an interaction as a main effect; use '*')")
            pos.append(keys[key])
        inter.append(tuple(sorted(pos)))  # R orders an interaction's factors by the variables' order
    # R's terms(): interactions of order 2 before order 3, each in the order they appear
    inter = sorted(dict.fromkeys(inter), key=len)
    return ParsedFormula(formula, lhs, mains, inter)


def _factor_of(tree) -> tuple[str, Any, list]:
    """(transform, variable tree, extra arguments) of a main factor."""
    if tree[0] == "call" and tree[1] in TRANSFORMS:
        if not tree[2]:
            raise InputError(f"{tree[1]}() needs a variable")
        return tree[1], tree[2][0], tree[2][1:]
    if tree[0] == "call" and tree[1] == "I":
        if len(tree[2]) != 1:
            raise InputError("I() takes one expression")
        return "I", tree[2][0], []
    if tree[0] == "call" and tree[1] not in FUNCTIONS and tree[1] not in ("+", "-", "*", "/", "^", "("):
        raise InputError(f"the formula uses {tree[1]}(), which is not a transform rms has (rms's: "
                         + ", ".join(sorted(TRANSFORMS)) + ", I(); functions inside them: "
                         + ", ".join(sorted(FUNCTIONS)) + ")")
    return "asis", tree, []


def _numbers(arg, what: str) -> np.ndarray:
    """A number or ``c(...)`` of numbers (R arithmetic allowed) as an array."""
    if arg[0] == "call" and arg[1] == "c":
        vals = [r_eval(a, {}) for a in arg[2]]
    else:
        vals = [r_eval(arg, {})]
    try:
        out = np.array([float(np.asarray(v, dtype=np.float64)) for v in vals])
    except (TypeError, ValueError):
        raise InputError(f"{what} must be numbers") from None
    return out


def _column(data: pd.DataFrame, name: str) -> pd.Series:
    if name not in data.columns:
        cols = [c for c in data.columns if str(c) == name]
        if not cols:
            raise InputError(f"the formula names column {name!r}, which is not in data")
        return data[cols[0]]
    return data[name]


def _is_factor_series(s: pd.Series) -> bool:
    if isinstance(s.dtype, pd.CategoricalDtype):
        return True
    if pd.api.types.is_bool_dtype(s.dtype) or pd.api.types.is_numeric_dtype(s.dtype):
        return False
    return pd.api.types.is_string_dtype(s.dtype) or s.dtype == object


def _numeric_env(data: pd.DataFrame, names: list[str], what: str) -> dict[str, np.ndarray]:
    env = {}
    for nm in names:
        s = _column(data, nm)
        if _is_factor_series(s):
            raise InputError(f"{what}: column {nm!r} is not numeric (rms: '{nm} is not numeric')")
        v = s.to_numpy(dtype=np.float64, na_value=np.nan)
        bad = ~np.isfinite(v)
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            raise InputError(f"column {nm!r} has a missing or non-finite value ({v[i]!r}) at row {i + 1}; "
                             "remove or impute them first")
        env[nm] = v
    return env


def _factor_values(data: pd.DataFrame, tree, what: str) -> tuple[np.ndarray, list[str] | None, np.ndarray | None]:
    """The values of a factor variable as strings, with its levels (None: numeric, levels from values)."""
    if tree[0] != "name":
        env = _numeric_env(data, all_vars(tree), what)
        v = np.asarray(r_eval(tree, env), dtype=np.float64) * np.ones(data.shape[0])
        return np.array([_level_text(a) for a in v], dtype=object), None, v
    s = _column(data, tree[1])
    if s.isna().any():
        i = int(np.flatnonzero(s.isna().to_numpy())[0])
        raise InputError(f"column {tree[1]!r} has a missing value at row {i + 1}; remove or impute them first")
    if isinstance(s.dtype, pd.CategoricalDtype):
        return np.array([str(v) for v in s.to_numpy()], dtype=object), [str(c) for c in s.cat.categories], None
    if _is_factor_series(s):
        vals = s.to_numpy()
        if not all(isinstance(v, str) for v in vals):
            bad = next(v for v in vals if not isinstance(v, str))
            raise InputError(f"column {tree[1]!r} mixes strings with non-string value {bad!r}")
        return np.array(vals, dtype=object), sorted(set(vals)), None  # R's sort() of the levels (C collation)
    v = s.to_numpy(dtype=np.float64)
    return np.array([_level_text(a) for a in v], dtype=object), None, v


@dataclass
class RmsDesign:
    """The rms design of a formula: terms, column names, parameters; builds the matrix of any data.

    Attributes
    ----------
    terms : list of RmsTerm
        Main effects in the formula's order, then interactions (rms's ``Design$name`` order).
    colnames : list of str
        The design's columns (``fit$Design$colnames``, the coefficient names without the intercept).
    response : tuple
        The response's tree: ``("name", y)`` or ``("call", "Surv", [time, event])``.
    formula : str
        The formula as given.
    """

    terms: list
    colnames: list
    response: Any
    formula: str
    strata: Any = None

    @property
    def parms(self) -> dict[str, Any]:
        """``fit$Design$parms``: knots / degree / levels / interaction matrices keyed by term name."""
        return {t.name: (np.array(t.parms, copy=True) if isinstance(t.parms, np.ndarray) else
                         (list(t.parms) if isinstance(t.parms, list) else t.parms))
                for t in self.terms if t.parms is not None}

    @property
    def names(self) -> list[str]:
        return [t.name for t in self.terms]

    def term_columns(self) -> dict[str, list[int]]:
        """0-based design columns of each term (interactions included)."""
        return {t.name: list(t.columns) for t in self.terms}

    # ---- building
    @classmethod
    def from_formula(cls, pf: ParsedFormula, data: pd.DataFrame, *, allow_strata: bool = False) -> "RmsDesign":
        terms: list[RmsTerm] = []
        for label, tree in pf.mains:
            kind, var, extra = _factor_of(tree)
            vars_ = all_vars(var)
            if not vars_:
                raise InputError(f"formula term {label!r} names no column")
            for v in vars_:
                _column(data, v)
            name = vars_[0]
            if kind == "strat" and not allow_strata:
                raise InputError(f"strat({name}): strata are for cph; lrm has no strata (rms's lrm stops on "
                                 "strat())")
            terms.append(RmsTerm(name=name, assume={"asis": "asis", "I": "asis", "rcs": "rcspline",
                                                    "pol": "polynomial", "lsp": "lspline", "catg": "category",
                                                    "scored": "scored", "strat": "strata"}[kind],
                                 expr=var, label=label, parms=extra or None))
        seen = {}
        for t in terms:
            if t.name in seen:
                raise InputError(f"formula terms {seen[t.name]!r} and {t.label!r} are both named {t.name!r} by rms "
                                 "(a term is named after its first variable); rms stops on this")
            seen[t.name] = t.label
        cols: list[np.ndarray] = []
        colnames: list[str] = []
        for t in terms:
            X = _fit_main(t, data)
            t.columns = list(range(len(colnames), len(colnames) + (0 if t.assume == "strata" else X.shape[1])))
            if t.assume != "strata":
                cols.extend(X.T)
                colnames.extend(t.colnames)
        for comp in pf.interactions:
            it = _interaction(terms, comp)
            M = _interaction_matrix(terms, comp, [_main_matrix(terms[i], data) for i in comp])
            it.columns = list(range(len(colnames), len(colnames) + M.shape[1]))
            cols.extend(M.T)
            colnames.extend(it.colnames)
            terms.append(it)
        dup = [c for i, c in enumerate(colnames) if c in colnames[:i]]
        if dup:
            raise InputError(f"duplicated column name in design matrix: {dup[0]!r} (rms stops on this)")
        d = cls(terms, colnames, pf.lhs, pf.text)
        d._X = np.column_stack(cols) if cols else np.empty((data.shape[0], 0))
        return d

    @property
    def strata_terms(self) -> list:
        """The ``strat()`` terms (rms's assume code 8), in the formula's order."""
        return [t for t in self.terms if t.assume == "strata"]

    def strata_labels(self, data: pd.DataFrame) -> tuple[np.ndarray, list[str]] | None:
        """rms::cph's ``Strata`` of ``data``: each ``strat()`` factor's levels relabelled ``"name=level"``, then
        ``interaction(..., drop = TRUE)`` of them (labels joined by ".", the first factor varying fastest in
        the level order, combinations without rows dropped).  Returns (label per row, levels), None without
        ``strat()`` terms."""
        st = self.strata_terms
        if not st:
            return None
        if not isinstance(data, pd.DataFrame):
            raise InputError(f"newdata must be a DataFrame with the formula's columns; got {type(data).__name__}")
        codes = np.zeros(data.shape[0], dtype=np.int64)
        mult = 1
        labels: list[str] = [""]
        for k, t in enumerate(st):
            sv, _, _ = _factor_values(data, t.expr, t.label)
            unknown = sorted(set(sv) - set(t.parms))
            if unknown:
                raise InputError(f"column {t.name!r} has level {unknown[0]!r} not seen in the training data "
                                 "(rms: 'new dataset has strata levels not found in the original')")
            pos = {lv: i for i, lv in enumerate(t.parms)}
            codes = codes + mult * np.array([pos[v] for v in sv], dtype=np.int64)
            mult *= len(t.parms)
            lab = [f"{t.name}={lv}" for lv in t.parms]
            labels = [(a + "." + b) if k else b for b in lab for a in labels]  # first factor fastest
        used = np.unique(codes)
        levels = [labels[c] for c in used]
        return np.array([labels[c] for c in codes], dtype=object), levels

    def matrix(self, data: pd.DataFrame) -> np.ndarray:
        """The design matrix of ``data`` with the fit's knots and levels (``predict``'s ``newdata``)."""
        if not isinstance(data, pd.DataFrame):
            raise InputError(f"newdata must be a DataFrame with the formula's columns; got {type(data).__name__}")
        mains = [t for t in self.terms if t.assume != "interaction"]
        cols: list[np.ndarray] = []
        for t in mains:
            if t.assume == "strata":
                continue
            cols.extend(_main_matrix(t, data).T)
        for t in self.terms:
            if t.assume == "interaction":
                cols.extend(_interaction_matrix(self.terms, t.components,
                                                [_main_matrix(self.terms[i], data) for i in t.components]).T)
        return np.column_stack(cols) if cols else np.empty((data.shape[0], 0))


def _fit_main(t: RmsTerm, data: pd.DataFrame) -> np.ndarray:
    """Set the term's parms (knots, levels ...) from the data, as rms's transform does, and return its columns."""
    what = t.label
    if t.assume in ("category", "strata") or (t.assume == "asis" and t.expr[0] == "name"
                                                and _is_factor_series(_column(data, t.expr[1]))):
        given = _numbers(t.parms[0], f"{what}: the levels") if t.parms else None
        sv, levels, num = _factor_values(data, t.expr, what)
        if t.assume == "asis":
            t.assume = "category"
        if given is not None:
            levels = [_level_text(v) for v in given]
        elif levels is None:
            u = np.unique(num)
            levels = [_level_text(v) for v in u]
        if t.assume == "strata":  # rms keeps only the levels with rows (Design$parms, the strata)
            levels = [lv for lv in levels if lv in set(sv)]
        if len(levels) < 2:
            raise InputError(f"column {t.name!r} has a single level {levels[0] if levels else None!r}: rms stops "
                             f"('{t.name} has <2 category levels')")
        unknown = sorted(set(sv) - set(levels))
        if unknown:
            raise InputError(f"column {t.name!r} has value {unknown[0]!r} outside its levels {levels}")
        unused = [lv for lv in levels[1:] if lv not in set(sv)]
        if unused and t.assume == "category":
            raise InputError(f"column {t.name!r} has level(s) {unused} with no rows (singular design)")
        t.parms = levels
        t.colnames = [f"{t.name}={lv}" for lv in levels[1:]]
        t.nonlinear = [False] * (len(levels) - 1) if t.assume == "category" else [False]
        return _main_matrix(t, data)
    env = _numeric_env(data, all_vars(t.expr), what)
    x = np.asarray(r_eval(t.expr, env), dtype=np.float64) * np.ones(data.shape[0])
    if t.assume == "asis":
        t.parms = None
        t.colnames = [t.name]
        t.nonlinear = [False]
    elif t.assume == "rcspline":
        if t.parms:
            arg = _numbers(t.parms[0], f"{what}: the knots")
            if arg.shape[0] == 1:
                k = int(arg[0])
                if k != arg[0] or k < 3:
                    raise InputError(f"{what}: the number of knots must be a whole number >= 3")
                knots = rcspline_knots(x, k, t.name)
            else:
                knots = np.unique(arg)
                if knots.shape[0] < 3:
                    raise InputError(f"{what}: fewer than 3 unique knots")
        else:
            knots = rcspline_knots(x, 5, t.name)
        t.parms = knots
        nk = knots.shape[0]
        t.colnames = [t.name] + [t.name + "'" * j for j in range(1, nk - 1)]
        t.nonlinear = [False] + [True] * (nk - 2)
    elif t.assume == "polynomial":
        deg = _numbers(t.parms[0], f"{what}: the degree") if t.parms else np.array([2.0])
        d = int(deg[0])
        if d != deg[0] or d < 2:
            raise InputError(f"{what}: order for polynomial must be 2,3,...")
        t.parms = d
        t.colnames = [t.name] + [f"{t.name}^{j}" for j in range(2, d + 1)]
        t.nonlinear = [False] + [True] * (d - 1)
    elif t.assume == "lspline":
        if not t.parms:
            raise InputError(f"{what}: must specify knots for linear spline")
        knots = _numbers(t.parms[0], f"{what}: the knots")
        t.parms = knots
        t.colnames = [t.name] + [t.name + "'" * j for j in range(1, knots.shape[0] + 1)]
        t.nonlinear = [False] + [True] * knots.shape[0]
    elif t.assume == "scored":
        lev = np.sort(_numbers(t.parms[0], f"{what}: the levels")) if t.parms else np.unique(x)
        if lev.shape[0] < 3:
            raise InputError(f"{what}: scored specified with < 3 levels")
        bad = np.setdiff1d(np.unique(x), lev)
        if bad.size:
            raise InputError(f"{what}: column {t.name!r} has value {bad[0]!r} outside the levels")
        t.parms = lev
        t.colnames = [t.name] + [f"{t.name}={_level_text(v)}" for v in lev[2:]]
        t.nonlinear = [False] + [True] * (lev.shape[0] - 2)
    return _main_matrix(t, data, x)


def _main_matrix(t: RmsTerm, data: pd.DataFrame, x: np.ndarray | None = None) -> np.ndarray:
    """The columns of a main term for ``data`` with the term's stored parms."""
    if t.assume in ("category", "strata"):
        sv, _, _ = _factor_values(data, t.expr, t.label)
        unknown = sorted(set(sv) - set(t.parms))
        if unknown:
            raise InputError(f"column {t.name!r} has level {unknown[0]!r} not seen in the training data")
        return np.column_stack([(sv == lv).astype(np.float64) for lv in t.parms[1:]])
    if x is None:
        env = _numeric_env(data, all_vars(t.expr), t.label)
        x = np.asarray(r_eval(t.expr, env), dtype=np.float64) * np.ones(data.shape[0])
    if t.assume == "asis":
        return x.reshape(-1, 1)
    if t.assume == "rcspline":
        return rcspline_eval(x, t.parms)
    if t.assume == "polynomial":
        return np.column_stack([x] + [_vpow(x, np.full(1, float(j))) for j in range(2, t.parms + 1)])
    if t.assume == "lspline":
        return np.column_stack([x] + [np.maximum(x - k, 0.0) for k in t.parms])
    if t.assume == "scored":
        return np.column_stack([x] + [(x == v).astype(np.float64) for v in t.parms[2:]])
    raise AssertionError(t.assume)


def _ia_names(t: RmsTerm) -> list[str]:
    if t.assume in ("category", "strata"):
        return [f"{t.name}={lv}" for lv in t.parms[1:]]
    if t.assume == "scored":
        return [t.name] + [f"{t.name}={_level_text(v)}" for v in t.parms[2:]]
    return list(t.colnames)


def _interaction(terms: list[RmsTerm], comp: tuple) -> RmsTerm:
    """rms's interaction term: name "a * b", column names "n1 * n2" with the first factor varying fastest,
    non-linear flags ``nl1 | nl2 | nl3`` and parms = cbind(c(jf, 0), flags) (1-based positions)."""
    parts = [terms[i] for i in comp]
    if sum(p.assume == "strata" for p in parts) > 1:
        raise InputError("cannot have interaction between two strata factors")
    name = " * ".join(p.name for p in parts)
    names = [_ia_names(p) for p in parts]
    nls = [[False] * len(names[k]) if parts[k].assume == "strata" else list(parts[k].nonlinear)
           for k in range(len(parts))]
    if len(parts) == 2:
        names.append([""])
        nls.append([False])
    cols, flags, nonlin = [], [], []
    for j3 in range(len(names[2])):
        for j2 in range(len(names[1])):
            for j1 in range(len(names[0])):
                a = [names[0][j1], names[1][j2]] + ([names[2][j3]] if len(parts) == 3 else [])
                cols.append(" * ".join(a))
                f = (nls[0][j1], nls[1][j2], nls[2][j3])
                flags.append(f)
                nonlin.append(any(f))
    jf = [i + 1 for i in comp] + ([0] if len(comp) == 2 else [])
    parms = np.column_stack([np.array(jf, dtype=float)] + [np.array(f, dtype=float) for f in flags])
    return RmsTerm(name=name, assume="interaction", colnames=cols, nonlinear=nonlin, parms=parms,
                   label=":".join(p.label for p in parts), components=tuple(comp))


def _interaction_matrix(terms: list[RmsTerm], comp: tuple, mats: list[np.ndarray]) -> np.ndarray:
    """Products of the components' columns (strata: the level dummies), the first varying fastest."""
    mats = list(mats)
    if len(mats) == 2:
        mats.append(np.ones((mats[0].shape[0], 1)))
    out = []
    for j3 in range(mats[2].shape[1]):
        for j2 in range(mats[1].shape[1]):
            for j1 in range(mats[0].shape[1]):
                out.append(mats[0][:, j1] * mats[1][:, j2] * mats[2][:, j3] if len(comp) == 3
                           else mats[0][:, j1] * mats[1][:, j2])
    return np.column_stack(out)


def design_from_formula(formula: str, data: Any, *, survival: bool = False) -> tuple[RmsDesign, np.ndarray]:
    """Parse ``formula``, build its design on ``data``; returns the design and its matrix (``fit$x``)."""
    if not isinstance(data, pd.DataFrame):
        raise InputError(f"data must be a pandas DataFrame holding the formula's columns; got {type(data).__name__}")
    if data.shape[0] == 0:
        raise InputError("data has no rows")
    pf = parse_formula(formula)
    lhs = pf.lhs
    if survival:
        if not (lhs[0] == "call" and lhs[1] == "Surv" and len(lhs[2]) == 2 and all(a[0] == "name" for a in lhs[2])):
            raise InputError(f"cph's formula needs the response Surv(time, event) with two column names; got "
                             f"{r_deparse(lhs)!r}")
        for a in lhs[2]:
            _column(data, a[1])
    else:
        if lhs[0] != "name":
            raise InputError(f"lrm's formula needs one column as the response; got {r_deparse(lhs)!r}")
        _column(data, lhs[1])
    d = RmsDesign.from_formula(pf, data, allow_strata=survival)
    return d, d._X


def design_from_xy(names: list[str], xy_terms: list) -> RmsDesign:
    """The rms design of an x/y fit (``lrm(x, y)``, ``cph(x, time, event)``): one asis or category term per
    column, so ``anova`` treats both forms alike."""
    terms, colnames = [], []
    for t in xy_terms:
        if t.kind == "factor":
            cn = [f"{t.name}={lv}" for lv in t.levels[1:]]
            rt = RmsTerm(name=t.name, assume="category", colnames=cn, nonlinear=[False] * len(cn),
                         parms=list(t.levels), expr=("name", t.name), label=t.name)
        else:
            rt = RmsTerm(name=t.name, assume="asis", colnames=[t.name], nonlinear=[False], expr=("name", t.name),
                         label=t.name)
        rt.columns = list(range(len(colnames), len(colnames) + len(rt.colnames)))
        colnames.extend(rt.colnames)
        terms.append(rt)
    return RmsDesign(terms, colnames, None, "")


class RmsFitMethods:
    """What lrm and cph fits (both forms) share through their ``rms_design``: ``formula``, ``parms``,
    ``anova()``, ``function_text()``.

    Attributes
    ----------
    rms_design : RmsDesign
        The fit's rms design (set by the fit).
    """

    rms_design: Any = None

    @property
    def formula(self) -> str | None:
        """The formula of a formula fit (None for the x/y forms)."""
        return (self.rms_design.formula or None) if self.rms_design is not None else None

    @property
    def parms(self) -> dict:
        """``fit$Design$parms``: knots (rcs, lsp), degree (pol), levels (factors), interaction matrices."""
        return self.rms_design.parms

    def anova(self):
        """``rms::anova(fit)`` (Wald statistics); see :func:`cmvt_core.anova`."""
        from .anova import anova

        return anova(self)

    def function_text(self, digits: int | None = None) -> str:
        """The fitted linear predictor as a formula to apply by hand (``rms::Function(fit)``); see
        :func:`cmvt_core.function_text`."""
        from .anova import function_text

        return function_text(self, digits=digits)


def r_nodes(formula: str) -> dict[str, list]:
    """The formula as the flat node lists ``parity/r/formula.R``'s ``rms_formula_tree(kind, value, num, nargs)``
    rebuilds with ``as.name()``/``as.call()`` (R never parses formula text): ``kind`` "N" a name, "K" a number,
    "C" a call of ``value`` with ``nargs`` arguments, in prefix order; terms as R's ``terms()`` orders them."""
    pf = parse_formula(formula)
    out: dict[str, list] = {"kind": [], "value": [], "num": [], "nargs": []}

    def emit(n) -> None:
        k, v, x, a = ("N", n[1], 0.0, 0) if n[0] == "name" else ("K", "", float(n[1]), 0) if n[0] == "num" else \
            ("C", n[1], 0.0, len(n[2]))
        for key, val in zip(("kind", "value", "num", "nargs"), (k, v, x, a)):
            out[key].append(val)
        if n[0] == "call":
            for arg in n[2]:
                emit(arg)

    terms = [t for _, t in pf.mains]
    for pos in pf.interactions:
        node = pf.mains[pos[0]][1]
        for p in pos[1:]:
            node = ("call", ":", [node, pf.mains[p][1]])
        terms.append(node)
    rhs = terms[0]
    for t in terms[1:]:
        rhs = ("call", "+", [rhs, t])
    emit(("call", "~", [pf.lhs, rhs]))
    return out

"""``rms::anova`` (Wald statistics) and ``rms::Function`` for lrm and cph fits (both forms).

``anova(fit)`` follows ``rms:::anova.rms`` (rms 6.5-0) row by row: for each factor in ``Design$name`` order
a main-effect row, or, when the factor is part of an interaction, its "(Factor+Higher Order Factors)" row
(its columns and those of every interaction holding it) and " All Interactions"; " Nonlinear" (or
" Nonlinear (Factor+Higher Order Factors)") where a factor has linear and non-linear columns; for a
two-way interaction with non-linear columns " Nonlinear Interaction : f(A,B) vs. AB", " f(A,B) vs.
Af(B) + Bg(A)", " Nonlinear Interaction in A vs. Af(B)" and "... in B vs. Bg(A)"; then "TOTAL NONLINEAR",
"TOTAL INTERACTION", "TOTAL NONLINEAR + INTERACTION" and "TOTAL" under rms's conditions.  Each chi-square
is ``b[idx] %*% solvet(V[idx, idx], b[idx], tol = 1e-9)`` (LINPACK QR, ``cmvt_core.kernels.linpack``), P is
``1 - pchisq(chi2, df)``.  See docs/R_ALGORITHMS.md, section "rms formulas".
"""
from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from . import _printing as P
from .errors import InputError
from .errors import RWarning
from .formula import RmsTerm, _is_factor_series, r_eval, r_parse
from .kernels.distributions import pchisq
from .kernels.fastbw import wald_sub

__all__ = ["anova", "AnovaRms", "function_text"]

_TOL = 1e-9  # anova.rms's tol


class AnovaRms(pd.DataFrame):
    """``rms::anova(fit)``: a DataFrame (index = rms's row names verbatim, columns ``Chi-Square, d.f., P``)
    that prints as rms prints it (``print(anova(fit))``).

    Attributes
    ----------
    response : str
        The response as rms's heading names it ("low", "Surv(time, status)").
    """

    _metadata = ["response"]
    response = ""

    @property
    def _constructor(self):
        return AnovaRms

    def _text(self) -> str:
        chi = self["Chi-Square"].to_numpy(dtype=float)
        df = self["d.f."].to_numpy(dtype=float)
        pv = self["P"].to_numpy(dtype=float)
        c1 = P.format_num(P.r_round(chi, 2))
        c2 = P.format_num(P.r_round(df, 0))
        c3 = P.format_num(P.r_round(pv, 4))
        c3 = ["<.0001" if v < 5e-05 else s for v, s in zip(pv, c3)]
        cols = [[str(s) for s in self.index], c1, c2, c3]
        heads = ["Factor    ", "Chi-Square", "d.f.", "P"]
        widths = [max(len(h), *(len(s) for s in c)) for h, c in zip(heads, cols)]
        lines = [" " + " ".join(h.ljust(w) for h, w in zip(heads, widths))]
        for i in range(len(self)):
            lines.append(" " + " ".join(c[i].ljust(w) for c, w in zip(cols, widths)))
        head = "                Wald Statistics          Response: " + str(getattr(self, "response", "") or "") + " "
        return "\n".join([head, "", *lines])

    def __str__(self) -> str:
        """``print(anova(fit))`` as rms prints it."""
        return self._text()

    def __repr__(self) -> str:
        return self._text()

    def to_dict(self) -> dict:
        """Plain values: rows (names, in order), chi_square, df, p."""
        return {"rows": [str(s) for s in self.index], "chi_square": self["Chi-Square"].astype(float).tolist(),
                "df": self["d.f."].astype(float).tolist(), "p": self["P"].astype(float).tolist()}


def _wald(b: np.ndarray, V: np.ndarray, idx: list[int]) -> tuple[float, int]:
    """``coef[idx] %*% solvet(cov[idx, idx], coef[idx], tol = 1e-9)`` (Hmisc's solvet: qr() then qr.coef()),
    by the kernel fastbw uses (``kernels.fastbw.wald_sub``)."""
    k = len(idx)
    chi, ok = wald_sub(np.ascontiguousarray(b, dtype=np.float64), np.ascontiguousarray(V, dtype=np.float64),
                       np.asarray(idx, dtype=np.int64), _TOL)
    if not ok:
        raise InputError(f"anova: the covariance of {k} coefficient(s) is singular (rms: 'apparently singular "
                         "matrix')")
    return float(chi), k


def _coef_vcov(fit) -> tuple[np.ndarray, np.ndarray]:
    names = list(fit.rms_design.colnames)
    b = fit.coef[names].to_numpy(dtype=float)
    V = fit.vcov.loc[names, names].to_numpy(dtype=float)
    return b, V


def anova(fit: Any) -> AnovaRms:
    """Wald tests of every factor, non-linearity and interaction, as ``rms::anova(fit)``.

    Parameters
    ----------
    fit : LrmFit or CphFit
        An ``lrm`` or ``cph`` fit, of either form (formula or x/y).

    Returns
    -------
    AnovaRms
        A DataFrame indexed by rms's row names verbatim (leading spaces and repeats kept: "age",
        " Nonlinear", "race  (Factor+Higher Order Factors)", " All Interactions", "TOTAL NONLINEAR",
        "TOTAL NONLINEAR + INTERACTION", "TOTAL"), columns ``Chi-Square``, ``d.f.``, ``P``; ``print()`` shows
        it as rms does.

    Raises
    ------
    InputError
        When ``fit`` is not an lrm or cph fit, or a tested block of the covariance is singular.

    Warns
    -----
    RWarning
        rms's warning when the model has a three-way interaction ("tests of nonlinear interaction with respect
        to single component variables ignore 3-way interactions").

    Notes
    -----
    R call: ``rms::anova(fit)`` (``anova.rms``, Wald statistics, rms 6.5-0).

    Examples
    --------
    >>> from cmvt_core import anova, lrm
    >>> from cmvt_core.datasets import load_cmvt_cohort
    >>> d = load_cmvt_cohort().astype(float)
    >>> fit = lrm("cmvt ~ rcs(post_nlr, 3) * age_group", data=d)
    >>> a = anova(fit)
    >>> list(a.index)[:3]
    ['post_nlr  (Factor+Higher Order Factors)', ' All Interactions', ' Nonlinear (Factor+Higher Order Factors)']
    >>> round(float(a.loc["TOTAL", "Chi-Square"]), 3), int(a.loc["TOTAL", "d.f."])
    (42.222, 5)
    """
    des = getattr(fit, "rms_design", None)
    if des is None:
        raise InputError(f"anova needs an lrm or cph fit; got {type(fit).__name__}")
    b, V = _coef_vcov(fit)
    terms: list[RmsTerm] = des.terms
    nc = len(b)
    ia_terms = [k for k, t in enumerate(terms) if t.assume == "interaction"]
    ia_cols = [[i + 1 for i in terms[k].components] + ([0] if len(terms[k].components) == 2 else [])
               for k in ia_terms]  # 1-based, as Design$interactions
    rows: list[tuple[str, float, int]] = []
    all_slopes = np.zeros(nc, dtype=bool)
    all_ia = np.zeros(nc, dtype=bool)
    all_nonlin = np.zeros(nc, dtype=bool)
    num_ia = num_nonlin = 0
    issue_warn = False

    def add(label, idx):
        chi, d = _wald(b, V, idx)
        rows.append((label, chi, d))

    for i, t in enumerate(terms):
        if t.assume == "strata":
            continue
        i1 = i + 1
        low = list(t.parms[:, 0][t.parms[:, 0] > 0].astype(int)) if t.assume == "interaction" else [i1]
        nl = list(t.nonlinear)
        main_index = list(t.columns)
        nonlin_ia_index: list[int] = []
        all_slopes[main_index] = True
        ni = 0
        if ia_terms:
            ni = sum(v == i1 for col in ia_cols for v in col)
            for col in ia_cols:
                ni += all(v in col for v in low)
        if ni == 0:
            add(t.name, main_index)
        if ni > 0:
            ia_index: list[int] = []
            for k in ia_terms:
                if k == i:
                    continue
                parmk = terms[k].parms
                hi = list(parmk[:, 0].astype(int))
                m = [hi.index(v) if v in hi else None for v in low]
                if all(v is not None for v in m):
                    idx = list(terms[k].columns)
                    ia_index += idx
                    if parmk.shape[1] > 1:
                        for mj in m:
                            nonlin_ia_index += [idx[c] for c in range(len(idx)) if parmk[mj, 1 + c] == 1]
                        nonlin_ia_index = list(dict.fromkeys(nonlin_ia_index))
            idx = main_index + ia_index
            all_slopes[idx] = True
            add(f"{t.name}  (Factor+Higher Order Factors)", idx)
            if t.assume != "interaction" and ni > 1:
                add(" All Interactions", ia_index)
        if any(nl) and not all(nl):
            idx = [c for c, flag in zip(main_index, nl) if flag] + nonlin_ia_index
            num_nonlin += 1
            all_nonlin[idx] = True
            add(" Nonlinear" if not nonlin_ia_index else " Nonlinear (Factor+Higher Order Factors)", idx)
        if t.assume == "interaction":
            num_ia += 1
            all_ia[main_index] = True
            pm = t.parms
            issue_warn = issue_warn or pm[2, 0] > 0
            if pm[2, 0] == 0 and pm.shape[1] > 1:
                nx = pm[0, 1:] == 1
                ny = pm[1, 1:] == 1
                nxy = nx | ny
                nxandy = nx & ny
                idx = [main_index[c] for c in np.flatnonzero(nxy)]
                if idx:
                    num_nonlin += 1
                    all_nonlin[idx] = True
                    add(" Nonlinear Interaction : f(A,B) vs. AB", idx)
                    idx = [main_index[c] for c in np.flatnonzero(nxandy)]
                    if idx:
                        add(" f(A,B) vs. Af(B) + Bg(A)", idx)
                    idx = [main_index[c] for c in np.flatnonzero(nx)]
                    if idx and (nx != nxy).any():
                        add(f" Nonlinear Interaction in {terms[int(pm[0, 0]) - 1].name} vs. Af(B)", idx)
                    idx = [main_index[c] for c in np.flatnonzero(ny)]
                    if idx and (ny != nxy).any():
                        add(f" Nonlinear Interaction in {terms[int(pm[1, 0]) - 1].name} vs. Bg(A)", idx)
    tag = "(Factor+Higher Order Factors)"
    if rows and all(tag in r[0] for r in rows):
        rows = [(r[0].replace(tag, ""), r[1], r[2]) for r in rows]
    if num_nonlin > 1:
        add("TOTAL NONLINEAR", list(np.flatnonzero(all_nonlin)))
    if num_ia > 1:
        add("TOTAL INTERACTION", list(np.flatnonzero(all_ia)))
    if num_nonlin > 0 and num_ia > 0:
        add("TOTAL NONLINEAR + INTERACTION", list(np.flatnonzero(all_nonlin | all_ia)))
    add("TOTAL", list(np.flatnonzero(all_slopes | all_ia)))
    chi = np.array([r[1] for r in rows])
    dfs = np.array([float(r[2]) for r in rows])
    pv = np.array([1.0 - pchisq(c, d) for c, d in zip(chi, dfs)])
    out = AnovaRms({"Chi-Square": chi, "d.f.": dfs, "P": pv}, index=pd.Index([r[0] for r in rows]))
    out.response = _response_name(fit)
    if issue_warn:
        import warnings

        warnings.warn("tests of nonlinear interaction with respect to single component \nvariables ignore 3-way "
                      "interactions", RWarning, stacklevel=2)
    return out


def _response_name(fit) -> str:
    from .formula import r_deparse

    resp = fit.rms_design.response
    if resp is not None:
        return r_deparse(resp)
    return "y" if not hasattr(fit, "ties") else "Surv(time, event)"


# ------------------------------------------------------------------------------------------------
# rms::Function: the linear predictor as a formula to apply by hand
def _num(v: float, digits: int | None) -> str:
    """A coefficient or knot as text: all 17 digits (None), else ``digits`` significant ones."""
    s = repr(float(v)) if digits is None else format(float(v), f".{digits}g")
    return s[:-2] if s.endswith(".0") else s


def _var_text(t: RmsTerm) -> str:
    from .formula import r_deparse

    s = r_deparse(t.expr)
    return s if t.expr[0] in ("name", "num") else f"({s})"


def _knot(x: str, k: float, digits) -> str:
    return f"pmax({x} - {_num(k, digits)}, 0)" if k >= 0 else f"pmax({x} + {_num(-k, digits)}, 0)"


def _main_pieces(t: RmsTerm, coefs: np.ndarray, digits) -> list[tuple[float, str]]:
    """(coefficient, basis text) pairs of a main term whose columns carry ``coefs``; rcs restated in the
    truncated power basis (``Hmisc::rcspline.restate``: the coefficient of ``pmax(x - k_j, 0)^3``)."""
    x = _var_text(t)
    if t.assume == "asis":
        return [(coefs[0], x)]
    if t.assume == "polynomial":
        return [(coefs[0], x)] + [(coefs[j - 1], f"{x}^{j}") for j in range(2, t.parms + 1)]
    if t.assume == "lspline":
        return [(coefs[0], x)] + [(c, _knot(x, k, digits)) for c, k in zip(coefs[1:], t.parms)]
    if t.assume in ("category", "strata"):
        return [(c, f'({x} == "{lv}")') for c, lv in zip(coefs, t.parms[1:])]
    if t.assume == "scored":
        return [(coefs[0], x)] + [(c, f"({x} == {_num(v, None)})") for c, v in zip(coefs[1:], t.parms[2:])]
    if t.assume == "rcspline":
        k = np.asarray(t.parms, dtype=float)
        nk = k.shape[0]
        kd3 = (k[-1] - k[0]) ** 2
        g = np.asarray(coefs[1:], dtype=float) / kd3
        cub = list(g)
        cub.append(-float(np.sum(g * (k[-1] - k[:nk - 2]))) / (k[-1] - k[-2]))
        cub.append(float(np.sum(g * (k[-2] - k[:nk - 2]))) / (k[-1] - k[-2]))
        return [(coefs[0], x)] + [(c, _knot(x, kj, digits) + "^3") for c, kj in zip(cub, k)]
    raise AssertionError(t.assume)


def _signed(pieces: list[tuple[float, str]], digits) -> list[str]:
    """Each (coefficient, basis) as "+ c * basis" / "- c * basis" (zero coefficients left out)."""
    return [f"{'-' if c < 0 else '+'} {_num(abs(c), digits)} * {s}" for c, s in pieces if c != 0]


def _inner(pieces: list[tuple[float, str]], digits) -> str:
    parts = _signed(pieces, digits)
    if not parts:
        return "0"
    first = parts[0]
    return ("-" + first[2:] if first.startswith("-") else first[2:]) + "".join(" " + p for p in parts[1:])


def function_text(fit: Any, digits: int | None = None) -> str:
    """The fitted linear predictor as an R expression a reader can apply by hand, as ``rms::Function(fit)``
    writes it: the intercept (lrm; a cph fit has none, as in rms: the text gives ``X beta``, and
    ``predict()`` is that minus ``fit.center``), each term in its own basis (splines as
    ``pmax(x - knot, 0)^3``, factors as ``(race == "black")``), interactions as a product.  An ``I()`` term is
    written inline (``(lwt/2.2)``) where rms first assigns ``lwt <- lwt/2.2``.

    Parameters
    ----------
    fit : LrmFit or CphFit
        A fit of either form.
    digits : int or None, default None
        Significant digits of the coefficients (None: full precision, so that the text reproduces
        ``predict()`` to rounding).

    Returns
    -------
    str
        The expression, e.g. ``"-1.2 + 0.03 * age - 1.1e-05 * pmax(age - 30, 0)^3 + ..."``.

    Notes
    -----
    R call: ``rms::Function(fit)`` (its body; rms rounds the coefficients to 8 significant digits, the
    default here keeps them all).  :func:`evaluate_function_text` evaluates the text on data.

    Examples
    --------
    >>> from cmvt_core import lrm
    >>> from cmvt_core.anova import function_text
    >>> from cmvt_core.datasets import load_cmvt_cohort
    >>> d = load_cmvt_cohort().astype(float)
    >>> function_text(lrm("cmvt ~ age_group + post_nlr", data=d), digits=4)
    '-2.166 + 1.3 * age_group + 0.1328 * post_nlr'
    """
    from . import _validate as V

    digits = V.whole(digits, "digits", low=1, high=17, none_ok=True)
    des = getattr(fit, "rms_design", None)
    if des is None:
        raise InputError(f"function_text needs an lrm or cph fit; got {type(fit).__name__}")
    b = fit.coef
    parts: list[str] = []
    terms = des.terms
    for t in terms:
        if t.assume == "strata":
            continue
        coefs = b[[des.colnames[c] for c in t.columns]].to_numpy(dtype=float)
        if t.assume != "interaction":
            parts += _signed(_main_pieces(t, coefs, digits), digits)
            continue
        comps = [terms[i] for i in t.components]
        sizes = [len(_ia_cols(c)) for c in comps]
        if all(c.assume == "asis" for c in comps):  # rms: "c * a * b"
            parts += _signed([(coefs[0], " * ".join(_var_text(c) for c in comps))], digits)
            continue
        # inside the parentheses (as rms writes it): the component with a non-linear basis, else the factor
        inner = next((j for j, c in enumerate(comps) if c.assume in ("rcspline", "polynomial", "lspline", "scored")),
                     next((j for j, c in enumerate(comps) if c.assume in ("category", "strata")), 0))
        others = [j for j in range(len(comps)) if j != inner]
        for combo in np.ndindex(*[sizes[j] for j in others]):
            sel = []
            for jj in range(sizes[inner]):
                pos = [0] * len(comps)
                pos[inner] = jj
                for o, v in zip(others, combo):
                    pos[o] = v
                flat, mult = 0, 1
                for j in range(len(comps)):  # the first component varies fastest
                    flat += pos[j] * mult
                    mult *= sizes[j]
                sel.append(coefs[flat])
            factor = " * ".join(_ia_cols(comps[o])[v] for o, v in zip(others, combo))
            parts.append(f"+ {factor} * ({_inner(_ia_pieces(comps[inner], np.array(sel), digits), digits)})")
    if "Intercept" in b.index:
        return " ".join([_num(b["Intercept"], digits), *parts])
    if not parts:  # cph: no constant (rms's Function of a cph fit is X beta, not centred)
        return "0"
    return " ".join([parts[0][2:] if parts[0].startswith("+") else "-" + parts[0][2:], *parts[1:]])


def _ia_cols(t: RmsTerm) -> list[str]:
    """The basis texts of a component inside an interaction (factors: level indicators)."""
    x = _var_text(t)
    if t.assume in ("category", "strata"):
        return [f'({x} == "{lv}")' for lv in t.parms[1:]]
    if t.assume == "scored":
        return [x] + [f"({x} == {_num(v, None)})" for v in t.parms[2:]]
    if t.assume == "asis":
        return [x]
    return [s for _, s in _main_pieces(t, np.ones(len(t.colnames)), None)][:len(t.colnames)]


def _ia_pieces(t: RmsTerm, coefs: np.ndarray, digits) -> list[tuple[float, str]]:
    if t.assume in ("category", "strata", "asis"):
        return list(zip(coefs, _ia_cols(t)))
    return _main_pieces(t, coefs, digits)


Function = function_text


def evaluate_function_text(text: str, data: pd.DataFrame) -> np.ndarray:
    """Evaluate a :func:`function_text` expression on the rows of ``data`` with the formula reader's R
    arithmetic (no Python ``eval``): names are columns, ``==`` compares with a quoted level."""
    node = r_parse(text)
    env: dict[str, Any] = {}
    for c in data.columns:
        s = data[c]
        if _is_factor_series(s):
            env[str(c)] = np.array([str(v) for v in s.to_numpy()], dtype=object)
        else:
            env[str(c)] = s.to_numpy(dtype=np.float64)
    out = r_eval(node, env)
    return np.asarray(out, dtype=np.float64) * np.ones(data.shape[0])


del math

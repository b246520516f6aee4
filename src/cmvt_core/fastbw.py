"""Fast backward step-down of an lrm or cph fit, as ``rms::fastbw`` (rms 6.5-0).

Lawless and Singhal's approximation: factors are deleted one at a time from the fitted coefficients and
their covariance, without refitting.  Ported line by line from ``rms:::fastbw`` (``docs/R_ALGORITHMS.md``
section 3b): a factor is one ``fit$Design`` term (an x/y fit: one per column or factor column; a formula
fit: one per term, an interaction or the non-linear columns of ``rcs`` belonging to their own term, no
hierarchy imposed, as rms imposes none); in each pass the factor with the smallest criterion
(``rule="aic"``: chi-square - 2 d.f.; ``rule="p"``: ``pchisq(chi-square, d.f.)``) of the current
approximate estimates is the candidate, deleted while the residual test (``type="residual"``: all deleted
parameters together, from the original estimates) or its own test (``type="individual"``) allows.
Every solve is Hmisc's ``solvet`` (LINPACK QR, tolerance ``eps``), every product reference BLAS's
sum in index order (:mod:`cmvt_core.kernels.fastbw`), every p-value R's ``pchisq``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

from .errors import InputError
from .kernels.distributions import pchisq
from .kernels.fastbw import reestimate, wald_sub

__all__ = ["fastbw", "FastbwResult"]

_COLS = ["Chi-Sq", "d.f.", "P", "Residual", "d.f.", "P", "AIC"]


@dataclass
class FastbwResult:
    """``rms::fastbw(fit, rule, type, sls, aics)``.

    Attributes
    ----------
    result : pandas.DataFrame
        A row per deleted factor in deletion order (index: rms's factor names), columns as rms's
        ``Chi-Sq, d.f., P, Residual, d.f., P, AIC``; empty when nothing is deleted.
    names_kept : list of str
        The factors kept (rms's ``names.kept``).
    factors_kept, factors_deleted : list of int
        1-based factor numbers, as rms's ``factors.kept`` / ``factors.deleted`` (deletion order).
    parms_kept, parms_deleted : list of int
        1-based parameter numbers (the intercept counts), as rms's ``parms.kept`` / ``parms.deleted``.
    coef : pandas.Series
        rms's ``coefficients``: the approximate re-estimates of the kept parameters (empty when a cph fit
        loses every factor).
    var : pandas.DataFrame
        Their approximate covariance (rms's ``var``).
    rule, type : str
        The arguments.
    """
    result: pd.DataFrame
    names_kept: list
    factors_kept: list
    factors_deleted: list
    parms_kept: list
    parms_deleted: list
    coef: pd.Series
    var: pd.DataFrame
    rule: str = "aic"
    type: str = "residual"
    sls: float = 0.05
    aics: float = 0.0
    factor_names: list = field(default_factory=list)

    def _text(self, digits: int = 4, estimates: bool = True) -> str:
        from . import _printing as P
        out: list[str] = []
        if self.factors_deleted:
            res = self.result.to_numpy(dtype=float)
            cols = [list(self.result.index),
                    _rformat(P.r_round(res[:, 0], 2)), _rformat(res[:, 1]), _rformat(P.r_round(res[:, 2], 4)),
                    _rformat(P.r_round(res[:, 3], 2)), _rformat(res[:, 4]), _rformat(P.r_round(res[:, 5], 4)),
                    _rformat(P.r_round(res[:, 6], 2))]
            out.append("")
            out.append(P.print_matrix(cols, ["Deleted", *_COLS], [""] * len(cols[0]), right=False))
            if estimates and len(self.coef):
                out.append("")
                out.append("Approximate Estimates after Deleting Factors")
                out.append("")
                cof = self.coef.to_numpy(dtype=float)
                se = np.sqrt(np.diag(self.var.to_numpy(dtype=float)))
                z = cof / se
                p = np.array([1.0 - pchisq(v * v, 1.0) for v in z])
                out.append(P.print_num_matrix(np.column_stack([cof, se, z, p]), ["Coef", "S.E.", "Wald Z", "P"],
                                              # all factors deleted: R's coef is an unnamed 1 x 1 matrix
                                              None if not self.names_kept else [str(i) for i in self.coef.index],
                                              digits=digits))
        else:
            out.append("")
            out.append("No Factors Deleted")
        out.append("")
        out.append("Factors in Final Model")
        out.append("")
        if self.names_kept:
            out.append(_print_chars(list(self.names_kept)))
        else:
            out.append("None")
        return "\n".join(out)

    def __str__(self) -> str:
        """``print(fastbw(...))`` as rms prints it (``print.fastbw``)."""
        return self._text()

    def __repr__(self) -> str:
        return str(self)

    def to_dict(self) -> dict:
        return {"result": [[float(v) for v in row] for row in self.result.to_numpy(dtype=float)],
                "deleted": list(self.result.index), "names_kept": list(self.names_kept),
                "factors_kept": list(self.factors_kept), "factors_deleted": list(self.factors_deleted),
                "parms_kept": list(self.parms_kept), "parms_deleted": list(self.parms_deleted),
                "coef": {str(k): float(v) for k, v in self.coef.items()}}


def _rformat(v: np.ndarray) -> list[str]:
    """R's ``format()`` of a numeric vector: common number of significant digits (7), right-aligned."""
    from . import _printing as P
    return P.format_num(np.asarray(v, dtype=float))


def _print_chars(v: list[str], width: int = 80) -> str:
    """``print(v, quote = FALSE)`` of a character vector: left-justified to a common width, ``[i]`` labels."""
    n = len(v)
    w = max(len(x) for x in v)
    lab = len(f"[{n}]")
    per = max(1, (width - lab) // (w + 1))
    lines = []
    for k in range(0, n, per):
        tag = f"[{k + 1}]".rjust(lab)
        lines.append(tag + "".join(" " + x.ljust(w) for x in v[k:k + per]))
    return "\n".join(lines)


def _check(rule, type, sls, aics) -> tuple[str, str, float, float]:  # noqa: A002
    from . import _validate as V
    rule = V.choice(rule, "rule", ("aic", "p"))
    type = V.choice(type, "type", ("residual", "individual", "total"))  # noqa: A001
    if type == "total":
        type = "residual"  # noqa: A001  (rms: total is residual)
    sls = V.number(sls, "sls", low=0.0, high=1.0, low_open=True, high_open=True)
    aics = V.number(aics, "aics")
    return rule, type, sls, aics


def fastbw_arrays(coef: np.ndarray, cov: np.ndarray, strt: list[int], lens: list[int], ns: int, rule: str,
                  type: str, sls: float, aics: float, eps: float = 1e-9, k_aic: float = 2.0) -> dict:  # noqa: A002
    """``rms:::fastbw``'s loop on plain arrays (the bootstrap calls this once per replicate).

    ``strt``: 1-based first parameter of each factor (the intercepts count), ``lens`` its number of
    parameters, ``ns`` the number of intercepts.  Returns rms's pieces (1-based numbers) with ``beta``,
    ``cov`` the approximate estimates of ``parms_kept``.  Raises ``ArithmeticError`` where R's
    ``solvet`` stops ("apparently singular matrix")."""
    coef = np.ascontiguousarray(coef, dtype=np.float64)
    Cov = np.ascontiguousarray(cov, dtype=np.float64)
    pt = coef.shape[0]
    f = len(strt)
    ed = [s + n - 1 for s, n in zip(strt, lens)]
    factors_in = list(range(1, f + 1))
    parms_in = list(range(1, pt + 1))
    dels: list[tuple[int, float, int, float, int]] = []
    beta = coef.copy()
    cv = Cov.copy()
    for _ in range(f):
        fi = len(factors_in)
        ln = [lens[j - 1] for j in factors_in]
        st = [ns + 1]
        for v in ln[:-1]:
            st.append(st[-1] + v)
        crit_min = 1e10
        chisq_min = 1e10
        jmin = 0
        df_min = 0
        for k in range(fi):
            j = factors_in[k]
            q = np.arange(st[k] - 1, st[k] - 1 + ln[k], dtype=np.int64)
            chisq, ok = wald_sub(beta, cv, q, eps)
            if not ok:
                raise ArithmeticError("apparently singular matrix")
            df = ln[k]
            crit = chisq - k_aic * df if rule == "aic" else pchisq(chisq, float(df))
            if crit < crit_min:
                jmin = j
                crit_min = crit
                chisq_min = chisq
                df_min = df
        if jmin == 0:  # R: factors.in[factors.in != 0] keeps them all, and strt[0] is empty -> error
            raise ArithmeticError("no candidate factor (a non-finite criterion)")
        factors_in = [j for j in factors_in if j != jmin]
        parms_in = [p for p in parms_in if p < strt[jmin - 1] or p > ed[jmin - 1]]
        pin = set(parms_in)
        qd = np.array([p - 1 for p in range(1, pt + 1) if p not in pin], dtype=np.int64)
        resid, ok = wald_sub(coef, Cov, qd, eps)
        if not ok:
            raise ArithmeticError("apparently singular matrix")
        rdf = qd.shape[0]
        if type == "residual":
            dele = (resid - k_aic * rdf <= aics) if rule == "aic" else (1.0 - pchisq(resid, float(rdf)) > sls)
        else:
            dele = (crit_min <= aics) if rule == "aic" else (1.0 - crit_min > sls)
        if not dele:
            break
        dels.append((jmin, chisq_min, df_min, resid, rdf))
        if parms_in:
            b, c, ok = reestimate(coef, Cov, np.array([p - 1 for p in parms_in], dtype=np.int64), eps)
            if not ok:
                raise ArithmeticError("apparently singular matrix")
            beta = b  # the kept parameters, in order (the next pass's st/en index them)
            cv = c
        else:
            beta = np.zeros(0)
            cv = np.zeros((0, 0))
    fd = [d[0] for d in dels]
    fk = [j for j in range(1, f + 1) if j not in fd]
    pd_: list[int] = []
    for j in fd:
        pd_.extend(range(strt[j - 1], ed[j - 1] + 1))
    pk = [p for p in range(1, pt + 1) if p not in set(pd_)]
    return {"deleted": dels, "factors_deleted": fd, "factors_kept": fk, "parms_deleted": pd_, "parms_kept": pk,
            "beta": beta, "cov": cv}


def _factors(fit) -> tuple[list[str], list[int], list[int], int, np.ndarray, np.ndarray, list[str]]:
    des = getattr(fit, "rms_design", None)
    if des is None:
        raise InputError(f"fastbw needs an lrm or cph fit (cmvt_core.lrm / cmvt_core.cph); got {type(fit).__name__}")
    coef = getattr(fit, "coef", None)
    vc = getattr(fit, "vcov", None)
    if coef is None or vc is None:
        raise InputError("fit has no coefficients or covariance (a failed fit?)")
    names = [str(c) for c in coef.index]
    ns = 1 if names and names[0] in ("Intercept", "(Intercept)") else 0
    b = coef.to_numpy(dtype=float)
    V = vc.loc[coef.index, coef.index].to_numpy(dtype=float)
    if not (np.isfinite(b).all() and np.isfinite(V).all()):
        raise InputError("fit has non-finite coefficients or covariance (a failed fit?)")
    fnames, strt, lens = [], [], []
    for t in des.terms:
        if t.assume_code == 8:  # strat: not a factor of fastbw
            continue
        fnames.append(t.name)
        strt.append(ns + min(t.columns) + 1)
        lens.append(len(t.columns))
    return fnames, strt, lens, ns, b, V, names


def fastbw(fit: Any, *, rule: Literal["aic", "p"] = "aic", type: Literal["residual", "individual"] = "residual",  # noqa: A002
           sls: float = 0.05, aics: float = 0.0) -> FastbwResult:
    """Fast backward step-down of an lrm or cph fit (Lawless and Singhal), as ``rms::fastbw``.

    Factors (rms's ``Design`` terms) are deleted one at a time, the least significant first, from the
    fitted coefficients and covariance without refitting; the kept parameters are re-estimated
    approximately.

    Parameters
    ----------
    fit : LrmFit or CphFit
        A :func:`cmvt_core.lrm` or :func:`cmvt_core.cph` fit, of either form (formula or x/y).
    rule : {"aic", "p"}, default "aic"
        Stopping rule: Akaike's information criterion, or the p-value (``sls``).
    type : {"residual", "individual"}, default "residual"
        Test the residual chi-square of all deleted factors together, or each factor on its own.
    sls : float, default 0.05
        Significance level for staying in the model (``rule="p"``), in (0, 1).
    aics : float, default 0
        With ``rule="aic"``: delete while the AIC of the residual (chi-square - 2 d.f.) is at most ``aics``.

    Returns
    -------
    FastbwResult
        ``result`` (a row per deleted factor), ``names_kept``, ``factors_kept``, ``factors_deleted``,
        ``parms_kept``, ``parms_deleted`` (1-based, the intercept counts), ``coef`` and ``var`` (the
        approximate re-estimates); ``print()`` shows it as rms does.

    Raises
    ------
    InputError
        For a fit that is not an lrm or cph fit, an unknown ``rule``/``type``, ``sls`` outside (0, 1).
    ArithmeticError
        Where rms stops with "apparently singular matrix".

    Notes
    -----
    R call: ``rms::fastbw(fit, rule = rule, type = type, sls = sls, aics = aics)`` (rms 6.5-0).

    Examples
    --------
    >>> from cmvt_core import fastbw, lrm
    >>> from cmvt_core.datasets import load_cmvt_cohort
    >>> d = load_cmvt_cohort().astype(float)
    >>> fit = lrm("cmvt ~ rcs(post_nlr, 3) + age_group + bmi + female", data=d)
    >>> bw = fastbw(fit)
    >>> list(bw.result.index), bw.names_kept, bw.parms_kept
    (['bmi'], ['post_nlr', 'age_group', 'female'], [1, 2, 3, 4, 6])
    """
    rule, type, sls, aics = _check(rule, type, sls, aics)  # noqa: A001
    fnames, strt, lens, ns, b, V, names = _factors(fit)
    r = fastbw_arrays(b, V, strt, lens, ns, rule, type, sls, aics)
    return _result(r, fnames, names, ns, rule, type, sls, aics)


def _result(r: dict, fnames: list[str], names: list[str], ns: int, rule, type, sls, aics) -> FastbwResult:  # noqa: A002
    rows = [[c, float(df), 1.0 - pchisq(c, float(df)), rs, float(rdf), 1.0 - pchisq(rs, float(rdf)), rs - 2.0 * rdf]
            for (_j, c, df, rs, rdf) in r["deleted"]]
    res = pd.DataFrame(rows, columns=_COLS, index=[fnames[j - 1] for j in r["factors_deleted"]])
    pk = r["parms_kept"]
    kn = [names[p - 1] for p in pk]
    beta = np.asarray(r["beta"], dtype=float)
    cov = np.asarray(r["cov"], dtype=float)
    return FastbwResult(result=res, names_kept=[fnames[j - 1] for j in r["factors_kept"]],
                        factors_kept=list(r["factors_kept"]), factors_deleted=list(r["factors_deleted"]),
                        parms_kept=list(pk), parms_deleted=list(r["parms_deleted"]),
                        coef=pd.Series(beta, index=kn[:beta.shape[0]], name="coef"),
                        var=pd.DataFrame(cov, index=kn[:beta.shape[0]], columns=kn[:beta.shape[0]]),
                        rule=rule, type=type, sls=sls, aics=aics, factor_names=list(fnames))

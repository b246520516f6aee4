"""rms's nomogram of a formula fit (issue 22, part C): the axes of ``rms::nomogram`` over the rms design
(docs/R_ALGORITHMS.md section 4a), used by :func:`cmvt_core.nomogram.nomogram` for lrm and cph fits with
``.formula`` (a cph fit: no intercept, ``Intercept = -center + sum(R min)``; its survival axes are drawn by
``nomogram``)."""
from __future__ import annotations

import numpy as np
import pandas as pd

from .errors import InputError
from .kernels.rbase import pretty, r_sum

_N_UNIQUE = 10  # datadist(n.unique = 10)


def formula_axes(fit, maxscale: float, nint: int, interact: dict | None):
    """(predictor names, R min, R max, axes by rms's axis name, terms per predictor, sc, Intercept)."""
    lines = _formula_lines(fit, nint, interact)
    names = list(dict.fromkeys(pred for _, pred, _, _, _ in lines))
    Rmin = np.array([min(xb.min() for _, p, _, xb, _ in lines if p == n) for n in names])
    Rmax = np.array([max(xb.max() for _, p, _, xb, _ in lines if p == n) for n in names])
    sc = maxscale / np.max(Rmax - Rmin)
    # rms: Intercept <- coefs[kint] (lrm) or -fit$center (cph: no intercept, centred lp); + sum(R[1, ])
    from .cph import CphFit
    intercept = (-float(fit.center) if isinstance(fit, CphFit) else float(fit.coef.iloc[0])) + r_sum(Rmin)
    lo = dict(zip(names, Rmin))
    axes = {ln: pd.DataFrame({"value": list(vals), "points": (xb - lo[p]) * sc}) for ln, p, vals, xb, _ in lines}
    groups = {p: eff for _, p, _, _, eff in lines}
    return names, Rmin, Rmax, axes, groups, sc, intercept


def _design_coef(fit) -> np.ndarray:
    """The coefficients of the design columns (an lrm fit's without its intercept; a cph fit has none)."""
    from .nomogram import _slopes
    return _slopes(fit)


def term_points(fit, X: np.ndarray, groups: dict, Rmin, sc: float) -> dict:
    """Per predictor, the points of each row of the design ``X``: its terms' contributions minus R min, * sc."""
    coef = _design_coef(fit)
    terms = fit.rms_design.terms
    out = {}
    for (p, eff), lo in zip(groups.items(), Rmin):
        xb = np.zeros(X.shape[0])
        for k in eff:
            c = terms[k].columns
            xb = xb + X[:, c] @ coef[c]
        out[p] = (xb - lo) * sc
    return out


def _dd_column(data: pd.DataFrame, t, nint: int):
    """datadist of the variable of a main rms term: (axis settings, adjust-to value, discrete values or None).

    As ``rms::datadist`` then ``value.chk(type.range="full")``: factors -> their levels, adjusted to the mode
    (first most frequent level); numbers -> sorted unique values when at most 10, else ``pretty(range, nint)``,
    adjusted to the median (the 1st of 2 or the 2nd of 3 distinct values)."""
    from .formula import _column, _factor_values, _is_factor_series
    from .kernels.rbase import r_median

    s = _column(data, t.name)
    if t.assume in ("category", "strata") and _is_factor_series(s):
        sv, _, _ = _factor_values(data, t.expr, t.label)
        levels = list(t.parms)
        cnt = [int((sv == lv).sum()) for lv in levels]  # table(x): the first most frequent level
        return levels, levels[int(np.argmax(cnt))], levels
    x = s.to_numpy(dtype=np.float64)
    u = np.unique(x)
    if u.shape[0] < 2:
        raise InputError(f"column {t.name!r} is constant: no nomogram axis")
    adj = float(u[0]) if u.shape[0] < 3 else float(u[1]) if u.shape[0] == 3 else r_median(x)
    if u.shape[0] <= _N_UNIQUE:
        return list(u), adj, list(u)
    return list(pretty(float(u[0]), float(u[-1]), n=nint)), adj, None


def _frame(data: pd.DataFrame, cols: dict) -> pd.DataFrame:
    """A data frame of the given columns typed as ``data``'s (Categoricals keep their categories)."""
    from .formula import _column

    out = {}
    for name, vals in cols.items():
        s = _column(data, name)
        if isinstance(s.dtype, pd.CategoricalDtype):
            out[name] = pd.Categorical(vals, categories=s.cat.categories)
        elif isinstance(vals[0], str):
            out[name] = pd.Series(vals, dtype=object)
        else:
            out[name] = np.asarray(vals, dtype=np.float64)
    return pd.DataFrame(out)


def _related(des) -> dict[int, list[int]]:
    """``rms:::related.predictors``: the main terms each main term interacts with, closed transitively."""
    mains = [i for i, t in enumerate(des.terms) if t.assume != "interaction"]
    rel = {i: [] for i in mains}
    for t in des.terms:
        if t.assume == "interaction":
            for i in t.components:
                rel[i] += [j for j in t.components if j != i]
    while True:
        bigger = False
        for j in mains:
            xj = rel[j]
            y = [v for k in xj for v in rel[k] if v != j]
            new = list(dict.fromkeys(y + xj))
            bigger = bigger or len(new) > len(xj)
            rel[j] = new
        if not bigger:
            return rel


def _formula_lines(fit, nint: int, interact: dict | None):
    """rms's nomogram sets for a formula fit: [(line name, predictor, values, Xbeta, effect terms)]."""
    from . import _printing as P
    from .formula import _column, all_vars

    des = fit.rms_design
    data = fit.data
    terms = des.terms
    coef = _design_coef(fit)
    mains = [i for i, t in enumerate(terms) if t.assume != "interaction"]
    for i in mains:
        if len(all_vars(terms[i].expr)) > 1:
            raise InputError(f"nomogram: term {terms[i].label!r} uses more than one column; rms's nomogram "
                             "sets only the term's first variable")
    dd = {i: _dd_column(data, terms[i], nint) for i in mains}
    discrete = {i: dd[i][2] is not None for i in mains}
    interact = {} if interact is None else dict(interact)
    for k, v in interact.items():
        hit = [i for i in mains if terms[i].name == k]
        if not hit:
            raise InputError(f"interact names {k!r}, which is not a predictor of the fit")
        vals = list(v) if isinstance(v, (list, tuple, np.ndarray, pd.Series)) else [v]
        if not vals:
            raise InputError(f"interact[{k!r}] is empty: give the values of {k!r} to draw axes at")
        lv = dd[hit[0]][0] if all(isinstance(a, str) for a in dd[hit[0]][0]) else None
        for a in vals:
            if lv is not None:
                if a not in lv:
                    raise InputError(f"interact[{k!r}] holds {a!r}, which is not a level of {k!r} ({lv})")
            elif isinstance(a, (bool, np.bool_, str)) or not isinstance(a, (int, float, np.number)) \
                    or not np.isfinite(float(a)):
                raise InputError(f"interact[{k!r}] must hold finite numbers; got {a!r}")
        interact[k] = [a if lv is not None else float(a) for a in vals]
    order = mains
    if any(t.assume == "interaction" for t in terms):
        order = sorted(mains, key=lambda i: 10 * discrete[i] + (terms[i].name in interact))  # stable, as order()
    rel = _related(des)
    done: set[int] = set()
    lines = []
    for i in order:
        nam = terms[i].name
        if i in done:
            continue
        r = sorted(rel[i])
        settings = dd[i][0]
        if terms[i].assume == "strata":
            # a strat() term has no axis of its own (rms draws none; it picks the survival axes' curve); a
            # variable interacting with it gets an axis per stratum level, "ph.ecog (sex=1)", as rms draws them
            continue
        if not r:
            lines.append((nam, nam, {nam: settings}, [i]))
            continue
        for j in r:
            if terms[j].name not in interact:
                if not discrete[j]:
                    raise InputError(f"nomogram: {terms[j].name!r} interacts with {nam!r} and is continuous: give "
                                     f"its values in interact={{{terms[j].name!r}: [...]}} (rms's interact=)")
                interact[terms[j].name] = dd[j][2]
        combos = [[]]
        for j in r:  # expand.grid: the first factor varies fastest
            combos = [c + [v] for v in interact[terms[j].name] for c in combos]
        done.update(r)
        ia = [k for k, t in enumerate(terms) if t.assume == "interaction" and any(c in r for c in t.components)]
        eff = [i] + r + list(dict.fromkeys(ia))
        for combo in combos:
            inner = " ".join(f"{terms[j].name}={v if isinstance(v, str) else P.format1(float(v))}"
                             for j, v in zip(r, combo))
            setv = {nam: settings}
            setv.update({terms[j].name: [v] * len(settings) for j, v in zip(r, combo)})
            lines.append((f"{nam} ({inner})", nam, setv, eff))
    out = []
    for lname, pred, setv, eff in lines:
        n = len(setv[pred])
        cols = {terms[i].name: setv.get(terms[i].name, [dd[i][1]] * n) for i in mains}
        X = des.matrix(_frame(data, cols))
        xb = np.zeros(n)
        for k in eff:
            c = terms[k].columns
            xb = xb + X[:, c] @ coef[c]
        if not np.isfinite(xb).all():
            raise InputError(f"nomogram axis {lname!r}: the variable's limits and transformation give an infinite "
                             "axis value (rms stops on this: 'Re-run specifying your own limits to variables')")
        vals = setv[pred]
        t = terms[next(i for i in mains if terms[i].name == pred)]
        if t.assume == "category" and not isinstance(vals[0], str):  # catg(x) of numbers: rms's level labels
            u = np.unique(_column(data, pred).to_numpy(dtype=np.float64))  # the levels, in R's (numeric) order
            lab = dict(zip(u.tolist(), t.parms))
            vals = [lab.get(float(v), v) for v in vals]
        out.append((lname, pred, vals, xb, eff))
    return out

"""``Roc.coords`` as pROC 1.18.0's ``coords.roc`` and ``roc.utils.calc.coords`` (issue 21; R_ALGORITHMS.md 6.5).

* ``x`` missing or None is "all"; text is matched (R's ``match.arg``) against "all", "local maximas", "best";
* on a curve with a partial AUC, "all", "local maximas" and "best" keep only the points whose specificity
  (or sensitivity, by the focus) lies in the partial-AUC interval, as pROC does; none left: pROC's warning
  and an empty table (pROC returns NULL);
* "best": ``optim.crit == max(optim.crit)`` exactly (youden ``se + r sp``, closest.topleft
  ``-((pct - se)^2 + r (pct - sp)^2)``, ``r = (1 - prev) / (cost prev)``); its criterion column is the
  criterion itself (times -1 for closest.topleft, without pROC's later division by 100) unless another
  ``ret`` forces the full ``calc.coords`` table, as in pROC.  On a partial-AUC curve pROC 1.18.0 indexes
  that criterion with the whole curve's mask a second time (``optim.crit[mask][top]`` after
  ``optim.crit <- optim.crit[mask]``), giving shifted values or NA; mirrored, as pROC returns it;
* "local maximas": ``roc.utils.max.thresholds.idx`` (duplicated (sp, se) pairs skipped);
* numeric ``x`` with ``input="threshold"``: ``roc.utils.thr.idx`` (the first sorted predictor value on or
  above the threshold, per direction); with another (monotone) input: the exact point (the last of equal
  values for a decreasing coordinate, the first otherwise) or pROC's linear interpolation between the
  neighbouring points (threshold NA);
* every other column is ``roc.utils.calc.coords`` with pROC's operations (percent scaling included).
"""
from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from . import _validate as V
from ._roc_ci import RET_NAMES, match_ret
from .errors import InputError, RWarning

__all__: list[str] = []

# pROC's coord.is.monotone / coord.is.decreasing (for the inputs)
_MONOTONE_DECREASING = {"threshold": None, "sensitivity": True, "specificity": False, "tn": False, "tp": True,
                        "fn": False, "fp": True, "tpr": True, "tnr": False, "fpr": True, "fnr": False,
                        "1-specificity": True, "1-sensitivity": False, "recall": True}
_ALIASES = {"topleft": "closest.topleft", "t": "threshold", "npe": "1-npv", "ppe": "1-ppv"}
MSG_EMPTY = ("No coordinates found, returning NULL. This is possibly cased by a too small partial AUC "
             "interval.")


def calc_coords(name: str, thr, se, sp, m, n, rw: float, pct: float = 1.0) -> np.ndarray:
    """One column of ``roc.utils.calc.coords`` from (threshold, se, sp) with ``m`` cases and ``n`` controls
    (``pct`` = 100 for a percent curve), with pROC's operations in pROC's order."""
    if name == "threshold":
        return thr
    if name in ("specificity", "tnr"):
        return sp
    if name in ("sensitivity", "recall", "tpr"):
        return se
    with np.errstate(divide="ignore", invalid="ignore"):
        if name in ("fpr", "1-specificity"):
            return pct - sp
        if name == "1-sensitivity":
            return pct - se
        if name == "youden":
            return se + rw * sp
        if name == "closest.topleft":
            return ((pct - se) ** 2 + rw * (pct - sp) ** 2) / pct  # -optim.crit / pct (negation exact)
        m = np.asarray(m, dtype=np.float64)
        n = np.asarray(n, dtype=np.float64)
        tp = se * m / pct
        fn = m - tp
        tn = sp * n / pct
        fp = n - tn
        if name == "tp":
            return tp
        if name == "fn":
            return fn
        if name == "tn":
            return tn
        if name == "fp":
            return fp
        if name in ("npv", "1-npv"):
            v = pct * tn / (tn + fn)
            return v if name == "npv" else pct - v
        if name in ("ppv", "precision", "1-ppv"):
            v = pct * tp / (tp + fp)
            return pct - v if name == "1-ppv" else v
        if name in ("accuracy", "1-accuracy"):
            v = pct * (tp + tn) / (m + n)
            return v if name == "accuracy" else pct - v
        if name == "fnr":
            return pct * fn / (tp + fn)
        if name == "fdr":
            return pct * fp / (tp + fp)
    raise AssertionError(name)  # pragma: no cover - match_ret admits only the names above


def _match_input(input_) -> str:
    """``roc.utils.match.coords.input.args``: aliases, exact name or unique prefix, monotone only."""
    if not isinstance(input_, str):
        raise InputError(f"input must be the name of a coordinate; got input={V.show(input_)}")
    name = _ALIASES.get(input_, input_)
    valid = RET_NAMES
    if name not in valid:
        hits = [v for v in valid if v.startswith(name)] if name else []
        if len(hits) != 1:
            raise InputError(f"input: {input_!r} {'matches several' if hits else 'is not one'} of pROC's coords "
                             f"({', '.join(valid)})")
        name = hits[0]
    if name not in _MONOTONE_DECREASING:
        raise InputError(f"Coordinate '{name}' is not monotone and cannot be used as input. (pROC stops)")
    return name


def _match_x(x) -> str:
    opts = ("all", "local maximas", "best")
    if x in opts:
        return x
    hits = [o for o in opts if o.startswith(x)] if x else []
    if len(hits) != 1:
        raise InputError(f"x must be 'all', 'local maximas', 'best' or numbers; got x={V.show(x)}")
    return hits[0]


def local_maximas(sp: np.ndarray, se: np.ndarray) -> np.ndarray:
    """``roc.utils.max.thresholds.idx`` (specificities increasing, as a sorted curve stores them)."""
    L = sp.shape[0]
    pairs = pd.DataFrame({"sp": sp, "se": se})
    dup = pairs.duplicated().to_numpy()
    s, e = sp[~dup], se[~dup]
    k = s.shape[0]
    if k == 1:
        lm = np.array([True])
    elif k == 2:
        lm = np.array([e[0] > e[1], s[1] > s[0]])
    else:
        lm = np.empty(k, dtype=bool)
        lm[0] = e[0] > e[1]
        mid, prev, nxt = slice(1, k - 1), slice(0, k - 2), slice(2, k)
        up = s[mid] > s[prev]
        lm[mid] = (up & (e[mid] > e[nxt])) | (up & (e[mid] == 0)) | ((e[mid] > e[prev]) & (s[mid] == 1))
        lm[k - 1] = s[k - 1] > s[k - 2]
    out = np.zeros(L, dtype=bool)
    out[~dup] = lm
    return out


def thr_idx(r, x: np.ndarray) -> np.ndarray:
    """``roc.utils.thr.idx``: the 0-based index into the sorted curve of each threshold in ``x``."""
    u = np.unique(r.predictor)
    if r.direction == "<":
        return np.searchsorted(u, x, side="left")  # first cut point >= t (Inf when none: index len(u))
    return np.searchsorted(-u[::-1], -x, side="left")  # rev(u): first cut point <= t


def coords(r, x, input_, ret, best_method, best_weights, transpose) -> pd.DataFrame:
    """Roc.coords (arguments checked here)."""
    from .roc import _best_ratio

    if x is None or (not isinstance(x, str) and np.ndim(x) > 0 and len(x) == 0 and not
                     np.issubdtype(np.asarray(x).dtype, np.number)):
        x = "all"
    input_ = _match_input(input_)
    rets = match_ret(ret, "threshold", False, allow_all=True)
    transpose = V.flag(transpose, "transpose")
    rw = _best_ratio(best_weights)
    pct = 100.0 if r.percent else 1.0
    se_all, sp_all, thr_all = r.sensitivities, r.specificities, r.thresholds
    m, n = r.n_cases, r.n_controls
    crit_col = None
    if isinstance(x, str):
        x = _match_x(x)
        if r.partial_auc is None:
            keep = np.ones(se_all.shape[0], dtype=bool)
        else:
            hi, lo = r.partial_auc
            v = se_all if r.partial_auc_focus == "sensitivity" else sp_all
            keep = (v <= hi) & (v >= lo)
        se, sp, thr = se_all[keep], sp_all[keep], thr_all[keep]
        if x == "local maximas" and se.shape[0]:
            lm = local_maximas(sp, se)
            se, sp, thr = se[lm], sp[lm], thr[lm]
        elif x == "best":
            if best_method == "topleft":
                best_method = "closest.topleft"
            best_method = V.choice(best_method, "best_method", ("youden", "closest.topleft"))
            if best_method == "youden":
                crit = se_all + rw * sp_all
            else:
                crit = -((pct - se_all) ** 2 + rw * (pct - sp_all) ** 2)
            crit = crit[keep]
            if crit.shape[0]:
                top = crit == np.max(crit)
                se, sp, thr = se[top], sp[top], thr[top]
                if r.partial_auc is None:
                    crit = crit[top]
                else:
                    # pROC 1.18.0 writes optim.crit[mask][top] with the mask of the whole curve applied a second
                    # time to the already restricted criterion (R's out-of-range index gives NA): mirrored
                    pos = np.flatnonzero(keep)
                    K = crit.shape[0]
                    crit = np.where(pos < K, crit[np.minimum(pos, K - 1)], np.nan)[top]
            crit_col = (best_method, crit if best_method == "youden" else -crit)
        if thr.shape[0] == 0:
            warnings.warn(MSG_EMPTY, RWarning, stacklevel=3)
            return pd.DataFrame({nm: np.empty(0) for nm in rets})
    else:
        xs = V.float_vector([x] if np.ndim(x) == 0 else x, "x", inf_ok=input_ == "threshold", unit="position")
        if xs.shape[0] == 0:
            raise InputError("x has no value (pROC: \"Numeric 'x' has length 0\")")
        if input_ == "threshold":
            idx = thr_idx(r, xs)
            thr, se, sp = xs, se_all[idx], sp_all[idx]
        else:
            if input_ in ("sensitivity", "specificity"):
                ivals = se_all if input_ == "sensitivity" else sp_all
                thr_src = thr_all
            else:
                ivals = calc_coords(input_, None, se_all, sp_all, m, n, rw, pct)
                thr_src = np.full(se_all.shape[0], np.nan)
            dec = _MONOTONE_DECREASING[input_]
            thr = np.full(xs.shape[0], np.nan)
            se = np.full(xs.shape[0], np.nan)
            sp = np.full(xs.shape[0], np.nan)
            lo_v, hi_v = float(np.min(ivals)), float(np.max(ivals))
            for i, v in enumerate(xs):
                if v < lo_v or v > hi_v:
                    raise InputError(f"Input {input_} ({_r15(v)}) not in range ({_r15(lo_v)}-{_r15(hi_v)}) "
                                     "(pROC stops)")
                j, se[i], sp[i] = point_at(ivals, se_all, sp_all, float(v), dec)
                if j >= 0:
                    thr[i] = thr_src[j]
    cols = {}
    for nm in rets:
        if crit_col is not None and nm == crit_col[0] and set(rets) <= {"threshold", "specificity", "sensitivity",
                                                                         crit_col[0]}:
            cols[nm] = crit_col[1]  # pROC keeps the criterion column of "best" unless it recomputes all
        else:
            cols[nm] = np.broadcast_to(calc_coords(nm, thr, se, sp, m, n, rw, pct), se.shape).astype(np.float64)
    out = pd.DataFrame(cols)
    return out.T if transpose else out


def point_at(ivals: np.ndarray, se_all: np.ndarray, sp_all: np.ndarray, v: float, dec: bool) -> tuple:
    """coords.roc at one value ``v`` of a monotone input (``ivals``, the curve's stored order): ``(j, se, sp)``
    of the exact point (the last of equal values for a decreasing input, the first otherwise), or ``(-1, se,
    sp)`` interpolated linearly between the neighbouring points, with pROC's operations."""
    hits = np.flatnonzero(ivals == v)
    if hits.shape[0]:
        j = int(hits[-1] if dec else hits[0])
        return j, float(se_all[j]), float(sp_all[j])
    nx = int(np.argmax(ivals < v)) if dec else int(np.argmax(ivals > v))
    prop = (v - ivals[nx]) / (ivals[nx - 1] - ivals[nx])
    return (-1, float(se_all[nx] + prop * (se_all[nx - 1] - se_all[nx])),
            float(sp_all[nx] + prop * (sp_all[nx - 1] - sp_all[nx])))


def _r15(v: float) -> str:
    from . import _printing as P
    return P.format1(float(v), 15)

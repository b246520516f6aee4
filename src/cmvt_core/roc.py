"""ROC curves, AUC, DeLong variance and CI, best cut-offs and the paired DeLong test, as pROC 1.18.0.

``roc(y, predictor)`` equals ``pROC::roc(y, predictor)`` (docs/R_ALGORITHMS.md section 6):

* direction "auto" is decided by the medians (``median(controls) <= median(cases)`` gives "<"),
  never by which direction gives AUC > 0.5;
* thresholds are ``-Inf``, the midpoints between sorted unique values, ``+Inf`` (``a/2 + b/2`` when
  ``|midpoint| > 1e100``; pROC's fix for a midpoint that rounds onto a data value is applied);
* sensitivities and specificities are counts divided by group sizes, stored with specificities
  increasing (thresholds ascending for "<", descending for ">"), exactly as pROC's algorithm 2;
* the AUC is pROC's trapezoid sum over the stored points (the same double products; the sum is
  accumulated in double-double, where R accumulates in long double);
* DeLong placements are pROC's ``delongPlacementsCpp`` (tie groups counted one half), computed by one
  linear merge of the sorted cases and controls: O(n log n) time, O(n) memory;
* ``var()`` is ``var(Y)/n + var(X)/m`` (R's ``var``), ``ci_auc()`` is ``ci.auc.delong`` (``SX/m + SY/n``
  with deviations from theta, ``qnorm`` with ``mean = theta``, clipped to [0, 1]);
* ``ci_auc(method="bootstrap", seed=s)`` equals ``set.seed(s); ci.auc(r, method="bootstrap")``:
  per replicate pROC draws ``sample(controls, replace=TRUE)`` then ``sample(cases, replace=TRUE)``
  (stratified) or ``sample(1:N, replace=TRUE)`` (not stratified); the CI is R's type-7 ``quantile``
  of the replicate AUCs at ``c((1-conf)/2, 0.5, 1-(1-conf)/2)``, so its middle value is the bootstrap
  median, as pROC returns it;
* ``coords("best")`` returns every threshold whose criterion equals the maximum exactly (``+-Inf``
  included), in the curve's stored order.

Missing predictor values: as pROC's default ``na.rm=TRUE``, the (y, predictor) pairs with a missing
predictor are dropped, with an ``RWarning`` naming how many and which rows (``na_rm=False`` makes
them an ``InputError`` instead of pROC's silent ``NA``).  ``y`` must be 0/1 without missing values.
Every message counts rows from 1, as R does: "row 8" is the 8th observation (``na_action`` too).

Deliberate differences from pROC (each warned about or refused, never silent):

* infinite predictor values: pROC warns and returns ``NaN`` instead of a curve; this raises ``InputError``;
* one case or one control: pROC's DeLong CI is ``NA``; so is ours, with an ``RWarning`` saying why.  The
  stratified bootstrap CI is refused the same way (pROC would call ``sample(x)`` on a single value,
  which R reads as ``sample(1:x)`` when ``x >= 1``);
* ``roc_test`` of curves with different directions: pROC switches its *default* method to a random
  bootstrap; here the method is always explicit ("delong"), and, as pROC does for an explicit
  ``method="delong"``, the test is computed with pROC's warning.
"""
from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field
from typing import Any, Literal

import numba
import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from . import _roc_auc
from . import _validate as V
from ._roc_auc import auc_raw
from ._docs import fill_doc, piece, register
from .errors import InputError, RWarning
from .kernels.distributions import pnorm, pt, qnorm
from .kernels.rbase import quantile as _r_quantile
from .kernels.rbase import r_median, r_sum, r_var, sum_prod_dev
from .rrandom import RRNG

__all__ = ["roc", "auc", "roc_test", "Roc", "RocTest", "CiAuc"]

_SQRT_EPS = math.sqrt(np.finfo(float).eps)

register(roc_boot_args='''
    boot_n : int, default 2000
        The number of bootstrap replicates.
    boot_stratified : bool, default True
        Resample cases and controls separately (pROC's default).
    seed : int or None, default None
        As if R had run ``set.seed(seed)`` just before; None draws fresh entropy.
''')
register(roc_ci_boot_args="conf_level : float, default 0.95\n    The level of the intervals, in (0, 1).\n"
         + piece("roc_boot_args"))
register(roc_ci_sesp_args_returns=piece("roc_ci_boot_args") + '''

Returns
-------
pandas.DataFrame
    Columns ``value, lower, median, upper``: one row per value asked.  Replicates with an NA are
    dropped first, as pROC does (``attrs["note"]`` holds its warning).
''')


# ================================================================== numba kernels
@numba.njit(cache=True)
def _merge(cs, ct):  # pragma: no cover - compiled
    """One pass over sorted cases ``cs`` and sorted controls ``ct`` (ascending, working orientation).

    Returns the sorted unique values ``u``, the number of cases and of controls at each, and the
    unnormalised DeLong placements of the sorted cases (#controls below + half #controls tied) and of
    the sorted controls (#cases below + half #cases tied), as ``delongPlacementsCpp`` computes them.
    """
    m = cs.shape[0]
    n = ct.shape[0]
    u = np.empty(m + n)
    a = np.empty(m + n, dtype=np.int64)
    b = np.empty(m + n, dtype=np.int64)
    xy_cs = np.empty(m)
    xy_ct = np.empty(n)
    i = 0
    j = 0
    g = 0
    while i < m or j < n:
        if j >= n or (i < m and cs[i] < ct[j]):
            v = cs[i]
        else:
            v = ct[j]
        i0 = i
        while i < m and cs[i] == v:
            i += 1
        j0 = j
        while j < n and ct[j] == v:
            j += 1
        na = i - i0
        nb = j - j0
        xc = j0 + nb / 2.0
        for k in range(i0, i):
            xy_cs[k] = xc
        yc = i0 + na / 2.0
        for k in range(j0, j):
            xy_ct[k] = yc
        u[g] = v
        a[g] = na
        b[g] = nb
        g += 1
    return u[:g], a[:g], b[:g], xy_cs, xy_ct


@numba.njit(cache=True)
def _curve(a, b):  # pragma: no cover - compiled
    """pROC's sensitivities/specificities (stored order, working orientation "<").

    ``a``/``b``: cases/controls per sorted unique value.  Point k (k < G) is the threshold just below
    value k: se = #cases >= u_k / m, sp = (n - #controls >= u_k) / n; point G is (0, 1).
    """
    G = a.shape[0]
    m = np.int64(0)  # not literals: numba would compile _fill_se_sp for Literal[int](0) too
    n = np.int64(0)
    for k in range(G):
        m += a[k]
        n += b[k]
    se = np.empty(G + 1)
    sp = np.empty(G + 1)
    _fill_se_sp(a, b, m, n, se, sp)
    return se, sp


@numba.njit(cache=True)
def _fill_se_sp(a, b, m, n, se, sp):  # pragma: no cover - compiled
    """se/sp (length G + 1) from per-value case/control counts a, b with m cases and n controls."""
    G = a.shape[0]
    tp = 0
    fp = 0
    se[G] = 0.0
    sp[G] = 1.0
    for k in range(G - 1, -1, -1):
        tp += a[k]
        fp += b[k]
        se[k] = tp / m
        sp[k] = (n - fp) / n


@numba.njit(cache=True)
def _boot_aucs(G, gids, labels, partial, hi, lo, focus_se):  # pragma: no cover - compiled
    """The AUC (full or partial, before McClish's correction) of each bootstrap replicate (a row of group
    ids and case labels), as pROC's ``roc.utils.perfs.all.fast`` + ``auc.roc`` compute it (``_roc_auc.auc_raw``);
    NaN when a replicate lacks a class."""
    B = gids.shape[0]
    K = gids.shape[1]
    out = np.empty(B)
    a = np.zeros(G, dtype=np.int64)
    b = np.zeros(G, dtype=np.int64)
    se = np.empty(G + 1)
    sp = np.empty(G + 1)
    for r in range(B):
        a[:] = 0
        b[:] = 0
        m = 0
        for k in range(K):
            if labels[r, k]:
                a[gids[r, k]] += 1
                m += 1
            else:
                b[gids[r, k]] += 1
        n = K - m
        if m == 0 or n == 0:
            out[r] = np.nan
            continue
        _fill_se_sp(a, b, m, n, se, sp)
        out[r] = auc_raw(se, sp, partial, hi, lo, focus_se)
    return out


# ================================================================== R arithmetic helpers
def _qnorm_mean_sd(p: np.ndarray, mu: float, sigma: float) -> np.ndarray:
    """R's ``qnorm(p, mean=mu, sd=sigma)``: boundaries first (p = 0 or 1 give -Inf/Inf), then sd = 0
    gives mu, otherwise ``mu + sigma * qnorm(p)``."""
    p = np.asarray(p, dtype=np.float64)
    with np.errstate(invalid="ignore"):
        out = mu + sigma * qnorm(p) if sigma != 0 else np.full(p.shape, mu)
    out = np.where(p == 0, -np.inf, np.where(p == 1, np.inf, out))
    return out


# ================================================================== input checks
def _as_binary(y, name: str = "y") -> np.ndarray:
    """y as a float 0/1 vector (``_validate.outcome01``).  Error messages count rows from 1."""
    return V.outcome01(y, name)


def _as_predictor(p, n: int, name: str = "predictor") -> np.ndarray:
    """The predictor as float64 (NaN kept: ``roc`` drops those rows as pROC's na.rm does); text, +-Inf or a
    length other than y's raise.  (pROC: 'Predictor must be numeric or ordered.'; an infinite value makes
    pROC warn and return NaN instead of a curve.)"""
    arr = V.float_vector(p, name, nan_ok=True, bool_ok=True)
    V.same_length(name, arr.shape[0], "y", n)
    return arr


def _rows_text(rows: np.ndarray, k: int = 10) -> str:
    s = ", ".join(str(int(r)) for r in rows[:k])
    return s + (", ..." if rows.shape[0] > k else "")


# ================================================================== thresholds
def _thresholds(u: np.ndarray, direction: str) -> np.ndarray:
    """pROC's ``roc.utils.thresholds`` on the sorted unique values ``u`` (ascending order)."""
    lo = np.concatenate([[-np.inf], u])
    hi = np.concatenate([u, [np.inf]])
    with np.errstate(invalid="ignore", over="ignore"):
        t1 = (lo + hi) / 2
        t2 = lo / 2 + hi / 2
    thr = np.where(np.abs(t1) > 1e100, t2, t1)
    if u.shape[0] > 1:
        inner = slice(1, u.shape[0])  # thresholds strictly between two data values
        t, below, above = thr[inner], u[:-1], u[1:]
        eq_below, eq_above = t == below, t == above
        if direction == ">":
            fix = ~eq_below & eq_above
            t = np.where(fix, below, t)
        else:
            fix = eq_below
            t = np.where(fix, above, t)
        thr[inner] = t
    return thr


def _best_ratio(best_weights) -> float:
    """pROC's ``roc.utils.optim.crit`` weight ``r = (1 - prevalence) / (cost * prevalence)``, checked."""
    w = V.float_vector(best_weights, "best_weights", unit="position")
    if w.shape[0] != 2:
        raise InputError("'best_weights' must be a numeric vector of length 2")
    if not w[0] > 0:
        raise InputError(f"the relative cost (best_weights[0] = {float(w[0])!r}) must be positive")
    if not (0 < w[1] < 1):
        raise InputError(f"prevalence (best_weights[1] = {float(w[1])!r}) must be in the interval ]0,1[.")
    return float((1 - w[1]) / (w[0] * w[1]))


# ================================================================== results
class CiAuc(tuple):
    """A confidence interval of the AUC, as pROC's ``ci.auc``: the tuple ``(lower, estimate, upper)``.

    ``estimate`` is the AUC for DeLong and the median of the replicate AUCs for the bootstrap (pROC's
    middle value).  Extra attributes: ``method``, ``conf_level``, ``boot_n``, ``boot_stratified``.

    Attributes
    ----------
    method : str
        ``"delong"`` or ``"bootstrap"``.
    conf_level : float
        The level.
    boot_n : int or None
        Bootstrap replicates.
    boot_stratified : bool or None
        Whether the bootstrap was stratified.
    """

    def __new__(cls, values, *, method, conf_level, boot_n=None, boot_stratified=None, note=None):
        obj = super().__new__(cls, tuple(float(v) for v in values))
        obj.method = method
        obj.conf_level = float(conf_level)
        obj.boot_n = boot_n
        obj.boot_stratified = boot_stratified
        obj.note = note
        return obj

    lower = property(lambda self: self[0])
    estimate = property(lambda self: self[1])
    upper = property(lambda self: self[2])

    def __repr__(self) -> str:
        return (f"CiAuc(lower={self[0]!r}, estimate={self[1]!r}, upper={self[2]!r}, method={self.method!r}, "
                f"conf_level={self.conf_level!r})")

    def to_dict(self) -> dict:
        return {"lower": self[0], "estimate": self[1], "upper": self[2], "method": self.method,
                "conf_level": self.conf_level, "boot_n": self.boot_n, "boot_stratified": self.boot_stratified,
                "note": self.note}


@dataclass(eq=False)
class Roc:
    """A ROC curve equal to ``pROC::roc(response, predictor)``; fields named as pROC's list elements.

    Attributes
    ----------
    auc : float
        The area under the curve.
    direction : str
        ``"<"`` or ``">"``.
    thresholds, sensitivities, specificities : numpy.ndarray
        The curve.
    cases, controls : numpy.ndarray
        The predictor values of the two classes.
    response, predictor : numpy.ndarray
        The complete pairs used.
    original_response, original_predictor : numpy.ndarray
        As given.
    na_action : numpy.ndarray
        1-based rows removed for a missing predictor (R's ``na.action``).
    levels : tuple
        The control and case levels.
    percent : bool
        Sensitivities, specificities and AUC in percent (pROC's ``percent = TRUE``).
    partial_auc : tuple of float or None
        The partial-AUC interval ``(high, low)`` (pROC sorts it decreasing), or None for the full AUC.
    partial_auc_focus : str
        ``"specificity"`` or ``"sensitivity"``.
    partial_auc_correct : bool
        McClish's correction of the partial AUC.
    """

    auc: float
    direction: str
    thresholds: np.ndarray
    sensitivities: np.ndarray
    specificities: np.ndarray
    cases: np.ndarray
    controls: np.ndarray
    response: np.ndarray
    predictor: np.ndarray
    original_response: np.ndarray
    original_predictor: np.ndarray
    na_action: np.ndarray  # 1-based rows removed for a missing predictor (R's na.action), empty if none
    levels: tuple = (0, 1)
    percent: bool = False
    partial_auc: tuple | None = None  # (high, low) as pROC sorts them, in percent when ``percent``
    partial_auc_focus: str = "specificity"
    partial_auc_correct: bool = False
    # DeLong placements in sorted (working-orientation) order, the tie groups (values negated for ">")
    _theta: float = field(default=math.nan, repr=False)
    _X: np.ndarray = field(default=None, repr=False)
    _Y: np.ndarray = field(default=None, repr=False)
    _u: np.ndarray = field(default=None, repr=False)
    _a: np.ndarray = field(default=None, repr=False)
    _b: np.ndarray = field(default=None, repr=False)
    _orig: tuple = field(default=None, repr=False)

    # ---------------------------------------------------------------- printing: pROC's print.roc
    def __str__(self) -> str:
        """``print(roc)`` as pROC prints it (the call as ``roc(y, predictor)`` would show)."""
        from . import _printing as P

        def lev(v) -> str:
            return P.format1(float(v), 15) if isinstance(v, (int, float, np.integer, np.floating)) else str(v)
        lv = self.levels
        return "\n".join(["", "Call:", "roc.default(response = y, predictor = predictor)", "",
                          f"Data: predictor in {self.n_controls} controls (y {lev(lv[0])}) {self.direction} "
                          f"{self.n_cases} cases (y {lev(lv[1])}).", self._auc_line()])

    def _auc_line(self) -> str:
        """pROC's ``print.auc``."""
        from . import _printing as P
        pc = "%" if self.percent else ""
        val = f"{P.format1(P.signif(self.auc, 4))}{pc}"
        if self.partial_auc is None:
            return f"Area under the curve: {val}"
        hi, lo = (P.format1(v, 15) for v in self.partial_auc)
        head = "Corrected partial" if self.partial_auc_correct else "Partial"
        return f"{head} area under the curve ({self.partial_auc_focus} {hi}{pc}-{lo}{pc}): {val}"

    def __repr__(self) -> str:
        from . import _printing as P
        return P.short(str(self))

    def _repr_html_(self) -> str:
        from . import _printing as P
        pc = "%" if self.percent else ""
        rows = [("Area under the curve", P.format1(P.signif(self.auc, 4)) + pc), ("direction", self.direction),
                ("controls", str(self.n_controls)), ("cases", str(self.n_cases))]
        return P.html_block("pROC::roc", P.html_table([[v for _, v in rows]], ["value"], [k for k, _ in rows]))

    # ---------------------------------------------------------------- pROC accessors
    @property
    def n_cases(self) -> int:
        return int(self.cases.shape[0])

    @property
    def n_controls(self) -> int:
        return int(self.controls.shape[0])

    def placements(self) -> dict:
        """``pROC:::delongPlacements(roc)``: ``theta``, ``X`` (cases, in order) and ``Y`` (controls)."""
        X, Y = self._placements_in_order()
        return {"theta": self._theta, "X": X.copy(), "Y": Y.copy()}

    def _group_ids(self, values: np.ndarray) -> np.ndarray:
        """The tie group (index into the working-orientation unique values) of each value."""
        return np.searchsorted(self._u, -values if self.direction == ">" else values)

    def _class_gids(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Tie groups (int32) of the controls, the cases and every observation (response order), computed once
        per curve: the bootstraps draw from them (three binary searches of n values each, 0.1 s at n = 10^6)."""
        got = self.__dict__.get("_gid_cache")
        if got is None:
            got = tuple(self._group_ids(v).astype(np.int32) for v in (self.controls, self.cases, self.predictor))
            for a in got:
                a.flags.writeable = False
            self.__dict__["_gid_cache"] = got
        return got

    def _placements_in_order(self) -> tuple[np.ndarray, np.ndarray]:
        """X for the cases and Y for the controls in their original order (pROC's order)."""
        if self._orig is None:
            a, b = self._a, self._b
            below_b = np.cumsum(b) - b  # controls strictly below each group
            below_a = np.cumsum(a) - a
            gc, gk = self._group_ids(self.cases), self._group_ids(self.controls)
            X = (below_b[gc] + b[gc] / 2.0) / self.n_controls
            Y = 1.0 - (below_a[gk] + a[gk] / 2.0) / self.n_cases
            self._orig = (X, Y)
        return self._orig

    def _options(self) -> dict:
        return {"levels": self.levels, "percent": self.percent, "partial_auc": self.partial_auc,
                "partial_auc_focus": self.partial_auc_focus, "partial_auc_correct": self.partial_auc_correct}

    def _is_perfect(self) -> bool:
        best = float(np.max(self.sensitivities + self.specificities)) / (100.0 if self.percent else 1.0)
        return abs(best - 2) < _SQRT_EPS

    @fill_doc
    def var(self, method: Literal["delong", "bootstrap", "obuchowski"] = "delong", *, boot_n: int = 2000,
            boot_stratified: bool = True, seed: int | None = None) -> float:
        """The variance of the AUC, as ``pROC::var(roc, method, boot.n, boot.stratified)``.

        Parameters
        ----------
        method : {"delong", "bootstrap", "obuchowski"}, default "delong"
            DeLong's ``var(Y)/n + var(X)/m``; the variance of ``ci.auc``'s bootstrap AUCs; or Obuchowski's
            binormal formula divided by the number of cases.
        {{roc_boot_args}}

        Returns
        -------
        float
            The variance (NaN, with an ``RWarning``, for DeLong with one case or one control).

        Raises
        ------
        InputError
            An unknown method or bad bootstrap arguments.

        Notes
        -----
        R call: ``set.seed(seed); pROC::var(roc, method = method, boot.n = boot_n, boot.stratified =
        boot_stratified)``.

        Examples
        --------
        >>> from cmvt_core import roc
        >>> r = roc([0, 0, 1, 1, 0, 1, 0, 1, 1, 0], [0.1, 0.4, 0.35, 0.8, 0.2, 0.9, 0.5, 0.6, 0.3, 0.45])
        >>> round(r.var(), 6), round(r.var("bootstrap", boot_n=500, seed=1), 6)
        (0.0312, 0.031823)
        """
        from ._roc_var import var_roc

        return var_roc(self, method, boot_n, boot_stratified, seed)

    def _var_delong(self) -> float:
        m, n = self.n_cases, self.n_controls
        if m <= 1 or n <= 1:
            warnings.warn(f"var(): the DeLong variance needs at least 2 cases and 2 controls (here {m} case(s), "
                          f"{n} control(s)); R's var() of a single placement is NA, so NaN is returned",
                          RWarning, stacklevel=4)
            return math.nan
        return r_var(self._Y) / n + r_var(self._X) / m

    @fill_doc
    def ci_thresholds(self, thresholds: str | float | ArrayLike = "local maximas", *, conf_level: float = 0.95,
                      boot_n: int = 2000, boot_stratified: bool = True, seed: int | None = None) -> pd.DataFrame:
        """Bootstrap confidence intervals of the specificity and sensitivity at thresholds, as
        ``pROC::ci.thresholds``.

        Parameters
        ----------
        thresholds : "local maximas", "best", "all", number(s) or bool mask, default "local maximas"
            The thresholds (pROC's ``coords`` selections, numbers, or a mask of ``self.thresholds``).
        {{roc_ci_boot_args}}

        Returns
        -------
        pandas.DataFrame
            Columns ``threshold, sp_lower, sp_median, sp_upper, se_lower, se_median, se_upper`` (R's type-7
            quantiles of the replicates without NA), one row per threshold.

        Raises
        ------
        InputError
            Bad thresholds or bootstrap arguments.

        Notes
        -----
        R call: ``set.seed(seed); pROC::ci.thresholds(roc, thresholds = thresholds, conf.level = conf_level,
        boot.n = boot_n, boot.stratified = boot_stratified)``.

        Examples
        --------
        >>> from cmvt_core import roc
        >>> r = roc([0, 0, 1, 1, 0, 1, 0, 1, 1, 0], [0.1, 0.4, 0.35, 0.8, 0.2, 0.9, 0.5, 0.6, 0.3, 0.45])
        >>> r.ci_thresholds("best", boot_n=500, seed=1).shape
        (1, 7)
        """
        from ._roc_var import ci_thresholds

        return ci_thresholds(self, thresholds, conf_level, boot_n, boot_stratified, seed)

    def ci_auc(self, conf_level: float = 0.95, method: str | None = None, *, boot_n: int = 2000,
               boot_stratified: bool = True, seed=None) -> CiAuc:
        """``ci.auc(roc, conf.level, method)``; ``method="bootstrap"`` with ``seed=s`` equals
        ``set.seed(s); ci.auc(roc, method="bootstrap", boot.n=boot_n, boot.stratified=...)``.

        ``method=None`` is pROC's missing method: DeLong, or the bootstrap for a partial AUC.  The
        bootstrap recomputes the curve's own AUC (partial, corrected) per replicate; DeLong refuses a
        partial AUC as pROC does.  With ``percent`` the interval is in percent."""
        if method is None:
            method = "bootstrap" if self.partial_auc is not None else "delong"
        return self._ci_auc(conf_level, method, boot_n, boot_stratified, seed)

    def _ci_auc(self, conf_level, method, boot_n, boot_stratified, seed, smoothing: dict | None = None,
                perfect: bool | None = None) -> CiAuc:
        """ci_auc after pROC's choice of method; ``smoothing``/``perfect``: ci.auc.smooth.roc of a SmoothRoc of
        this curve (its smoothing arguments; whether the smoothed curve is perfect)."""
        conf_level = V.probability(conf_level, "conf_level")  # pROC: "conf.level must be within the interval [0,1]"
        if not isinstance(method, str) or method not in ("delong", "bootstrap"):
            raise InputError(f"ci_auc: method must be 'delong' or 'bootstrap', not {method!r}")
        if method == "delong" and self.partial_auc is not None:
            raise InputError('ci_auc: DeLong method is not supported for partial AUC. Use method="bootstrap" '
                             'instead. (pROC stops)')
        if method == "bootstrap":
            boot_n = V.replicates(boot_n, "boot_n", n=self.n_cases + self.n_controls)
            boot_stratified = V.flag(boot_stratified, "boot_stratified")
            V.seed(seed)
        if self._is_perfect() if perfect is None else perfect:
            warnings.warn("ci.auc() of a ROC curve with AUC == 1 is always 1-1 and can be misleading.", RWarning,
                          stacklevel=3)
        if method == "delong":
            ci = self._ci_delong(float(conf_level))
        else:
            ci = self._ci_bootstrap(float(conf_level), int(boot_n), bool(boot_stratified), seed, smoothing)
        if self.percent:  # pROC: ci <- ci * 100 after computing on the unpercented curve
            ci = CiAuc([v * 100 for v in ci], method=ci.method, conf_level=ci.conf_level, boot_n=ci.boot_n,
                       boot_stratified=ci.boot_stratified, note=ci.note)
        return ci

    def _probs(self, conf_level: float) -> np.ndarray:
        return np.array([0 + (1 - conf_level) / 2, 0.5, 1 - (1 - conf_level) / 2])

    def _ci_delong(self, conf_level: float) -> CiAuc:
        m, n = self.n_cases, self.n_controls
        if m <= 1 or n <= 1:
            note = (f"no DeLong CI with {m} case(s) and {n} control(s): the variance of the placements needs at "
                    "least 2 of each (pROC returns NA)")
            warnings.warn(note, RWarning, stacklevel=3)
            return CiAuc((math.nan,) * 3, method="delong", conf_level=conf_level, note=note)
        th = self._theta
        sx = sum_prod_dev(self._X, th, self._X, th) / (m - 1)
        sy = sum_prod_dev(self._Y, th, self._Y, th) / (n - 1)
        s = sx / m + sy / n
        ci = _qnorm_mean_sd(self._probs(conf_level), th, math.sqrt(s))
        ci = np.clip(ci, 0.0, 1.0)
        return CiAuc(ci, method="delong", conf_level=conf_level)

    def _ci_bootstrap(self, conf_level: float, boot_n: int, stratified: bool, seed,
                      smoothing: dict | None = None) -> CiAuc:
        """ci.auc.bootstrap; ``smoothing``: ci.auc.smooth.roc of a SmoothRoc of this curve (its arguments)."""
        m, n = self.n_cases, self.n_controls
        if stratified and (m <= 1 or n <= 1):
            note = (f"no stratified bootstrap CI with {m} case(s) and {n} control(s): every replicate would hold "
                    "the same single observation (and pROC's sample() of one value x >= 1 draws from 1:x)")
            warnings.warn(note, RWarning, stacklevel=3)
            return CiAuc((math.nan,) * 3, method="bootstrap", conf_level=conf_level, boot_n=boot_n,
                         boot_stratified=stratified, note=note)
        aucs = _bootstrap_aucs(self, boot_n, stratified, RRNG(seed), smoothing)
        note = None
        if np.isnan(aucs).any():
            note = "NA value(s) produced during bootstrap were ignored."
            warnings.warn(note, RWarning, stacklevel=3)
            aucs = aucs[~np.isnan(aucs)]
        ci = _r_quantile(aucs, self._probs(conf_level), type=7)
        return CiAuc(ci, method="bootstrap", conf_level=conf_level, boot_n=boot_n, boot_stratified=stratified,
                     note=note)

    @fill_doc
    def ci_coords(self, x: str | float | ArrayLike = "best", *,
                  input: Literal["threshold", "specificity", "sensitivity"] = "threshold",
                  ret: str | tuple[str, ...] | list[str] = ("threshold", "specificity", "sensitivity"),
                  best_method: Literal["youden", "closest.topleft"] = "youden",
                  best_policy: Literal["stop", "omit", "random"] = "stop", conf_level: float = 0.95,
                  boot_n: int = 2000, boot_stratified: bool = True, seed: int | None = None,
                  best_weights: tuple[float, float] = (1.0, 0.5)) -> pd.DataFrame:
        """Bootstrap confidence intervals of ROC coordinates, as ``pROC::ci.coords``.

        With ``seed=s`` the result equals ``set.seed(s); ci.coords(roc, x, input, ret, ...)``: each
        replicate resamples the controls then the cases (or all rows when not stratified) with R's
        stream, rebuilds pROC's curve of the replicate and reads its coordinates at ``x``; the interval
        is R's type-7 quantile of the replicate values (NA removed).

        Parameters
        ----------
        x : "best", float or sequence of float, default "best"
            ``"best"`` (the replicate's best threshold by ``best_method``), or thresholds,
            specificities or sensitivities, as ``input`` says.
        input : {"threshold", "specificity", "sensitivity"}, default "threshold"
            What numeric ``x`` holds (specificities and sensitivities in [0, 1], interpolated as pROC).
        ret : str or sequence of str, default ("threshold", "specificity", "sensitivity")
            pROC's coords names: ``threshold, specificity, sensitivity, accuracy, tn, tp, fn, fp, npv,
            ppv, fdr, fpr, tpr, tnr, fnr, 1-specificity, 1-sensitivity, 1-accuracy, 1-npv, 1-ppv,
            precision, recall, youden, closest.topleft`` (and pROC's aliases and unique prefixes).
            ``threshold`` needs ``x="best"`` or ``input="threshold"``; with the default ``ret`` and
            another input it is left out, as pROC does when ``ret`` is missing.
        best_method : {"youden", "closest.topleft"}, default "youden"
            The criterion of ``x="best"``.
        best_policy : {"stop", "omit", "random"}, default "stop"
            A replicate with several best thresholds: "stop" raises (pROC stops), "random" takes one
            with R's ``sample`` from the same stream; "omit" raises, because pROC 1.18.0 then fails.
        {{roc_ci_boot_args}}
        best_weights : (float, float), default (1.0, 0.5)
            pROC's ``best.weights`` (relative cost, prevalence) of the best criterion and of ``youden``
            and ``closest.topleft``.

        Returns
        -------
        pandas.DataFrame
            Columns ``x, ret, lower, median, upper``, rows ordered by ``ret`` (as asked) then by ``x``
            (as given); ``x`` holds "best" for ``x="best"``.  ``attrs["note"]`` holds pROC's NA warning.

        Raises
        ------
        InputError
            For bad arguments, a tie for the best threshold under ``best_policy="stop"``, or a
            replicate at which pROC stops (a non-stratified replicate without a control).

        Notes
        -----
        R call: ``set.seed(seed); pROC::ci.coords(roc, x, input = input, ret = ret, best.method =
        best_method, best.policy = best_policy, conf.level = conf_level, boot.n = boot_n,
        boot.stratified = boot_stratified)``.

        Examples
        --------
        >>> from cmvt_core import roc
        >>> from cmvt_core.datasets import load_cmvt_cohort
        >>> d = load_cmvt_cohort().astype(float)
        >>> r = roc(d["cmvt"], d["post_nlr"])
        >>> print(r.ci_coords("best", boot_n=500, seed=1).round(3))
              x          ret  lower  median  upper
        0  best    threshold  6.010   7.295  8.718
        1  best  specificity  0.423   0.597  0.802
        2  best  sensitivity  0.444   0.692  0.851
        """
        from ._roc_ci import ci_coords as _ci

        return _ci(self, x, input, ret, best_method, best_weights, best_policy, conf_level, boot_n, boot_stratified,
                   seed)

    @fill_doc
    def ci_se(self, specificities: float | ArrayLike | None = None, *, conf_level: float = 0.95,
              boot_n: int = 2000, boot_stratified: bool = True, seed: int | None = None) -> pd.DataFrame:
        """Bootstrap confidence intervals of the sensitivity at given specificities, as ``pROC::ci.se``.

        Parameters
        ----------
        specificities : float or sequence of float or None, default None
            Specificities in [0, 1] at which each replicate's sensitivity is read (interpolated as pROC
            does between two points of the curve); None is pROC's default ``seq(0, 1, 0.1)``.
        {{roc_ci_sesp_args_returns}}

        Raises
        ------
        InputError
            For bad arguments or a replicate at which pROC stops.

        Notes
        -----
        R call: ``set.seed(seed); pROC::ci.se(roc, specificities, conf.level = conf_level, boot.n =
        boot_n, boot.stratified = boot_stratified)``.

        Examples
        --------
        >>> from cmvt_core import roc
        >>> from cmvt_core.datasets import load_cmvt_cohort
        >>> d = load_cmvt_cohort().astype(float)
        >>> print(roc(d["cmvt"], d["post_nlr"]).ci_se([0.8, 0.9], boot_n=500, seed=1).round(3))
           value  lower  median  upper
        0    0.8  0.239   0.333  0.466
        1    0.9  0.111   0.205  0.338
        """
        from ._roc_ci import ci_se_sp

        return ci_se_sp(self, specificities, False, conf_level, boot_n, boot_stratified, seed)

    @fill_doc
    def ci_sp(self, sensitivities: float | ArrayLike | None = None, *, conf_level: float = 0.95,
              boot_n: int = 2000, boot_stratified: bool = True, seed: int | None = None) -> pd.DataFrame:
        """Bootstrap confidence intervals of the specificity at given sensitivities,
        as ``pROC::ci.sp``.

        Parameters
        ----------
        sensitivities : float or sequence of float or None, default None
            Sensitivities in [0, 1]; None is pROC's default ``seq(0, 1, 0.1)``.
        {{roc_ci_sesp_args_returns}}

        Raises
        ------
        InputError
            For bad arguments or a replicate at which pROC stops (a non-stratified replicate without
            a case or without a control).

        Notes
        -----
        R call: ``set.seed(seed);
        pROC::ci.sp(roc, sensitivities, conf.level = conf_level,
        boot.n = boot_n, boot.stratified = boot_stratified)``.

        Examples
        --------
        >>> from cmvt_core import roc
        >>> r = roc([0, 0, 1, 1, 0, 1, 0, 1, 1, 0, 0, 1],
        ...         [0.1, 0.4, 0.35, 0.8, 0.2, 0.9, 0.65, 0.6, 0.3, 0.5, 0.45, 0.7])
        >>> print(r.ci_sp([0.5, 0.9], boot_n=1000, seed=42).round(3))
           value  lower  median  upper
        0    0.5  0.167   1.000    1.0
        1    0.9  0.000   0.333    1.0
        """
        from ._roc_ci import ci_se_sp

        return ci_se_sp(self, sensitivities, True, conf_level, boot_n, boot_stratified, seed)

    def coords(self, x: str | float | ArrayLike | None = "all", *,
               input: str = "threshold",
               ret: str | tuple[str, ...] | list[str] = ("threshold", "specificity", "sensitivity"),
               best_method: Literal["youden", "closest.topleft"] = "youden",
               best_weights: tuple[float, float] = (1.0, 0.5), transpose: bool = False) -> pd.DataFrame:
        """Coordinates of the curve, as ``pROC::coords``: one row per point, the ``ret`` columns.

        Parameters
        ----------
        x : "all", "best", "local maximas", float, sequence of float or None, default "all"
            Every point (None too, as pROC's missing ``x``), the best ones (every tie), the local maxima, or
            values of ``input``.  On a curve with a partial AUC the text forms keep only the points in its
            interval, as pROC does.
        input : str, default "threshold"
            What numeric ``x`` holds: "threshold" or a monotone coordinate ("specificity", "sensitivity",
            "tp", "fp", "tn", "fn", "tpr", "fpr", "tnr", "fnr", "1-specificity", "1-sensitivity", "recall");
            values between two points are interpolated as pROC does (threshold NA).
        ret : str or sequence of str, default ("threshold", "specificity", "sensitivity")
            pROC's coordinate names (``accuracy, tn, tp, fn, fp, npv, ppv, fdr, fpr, tpr, tnr, fnr,
            1-specificity, 1-sensitivity, 1-accuracy, 1-npv, 1-ppv, precision, recall, youden,
            closest.topleft``, pROC's aliases and unique prefixes) or ``"all"``.
        best_method : {"youden", "closest.topleft"}, default "youden"
            The criterion of ``x="best"``.
        best_weights : (float, float), default (1.0, 0.5)
            pROC's ``best.weights`` (relative cost, prevalence).
        transpose : bool, default False
            Return the coordinates as rows (pROC's ``transpose = TRUE``).

        Returns
        -------
        pandas.DataFrame
            One row per point (a column with ``transpose``), columns named as pROC names them; empty, with
            pROC's warning, when a partial-AUC interval holds no point.

        Raises
        ------
        InputError
            For a ``ret`` or ``input`` name pROC does not know, a non-monotone ``input``, a value of
            ``input`` outside its range, or bad weights.

        Notes
        -----
        R call: ``pROC::coords(roc, x, input = input, ret = ret, best.method = best_method,
        best.weights = best_weights, transpose = transpose)``.

        Examples
        --------
        >>> from cmvt_core import roc
        >>> r = roc([0, 0, 1, 1, 0, 1], [0.1, 0.4, 0.35, 0.8, 0.2, 0.7])
        >>> print(r.coords("best", ret=("threshold", "sensitivity", "specificity", "youden")).round(4))
           threshold  sensitivity  specificity  youden
        0      0.275       1.0000       0.6667  1.6667
        1      0.550       0.6667       1.0000  1.6667
        >>> r.coords(0.5, input="specificity", ret="sensitivity")["sensitivity"].tolist()
        [1.0]
        """
        from ._roc_coords import coords as _coords

        return _coords(self, x, input, ret, best_method, best_weights, transpose)

    def _best_mask(self, best_method: str, best_weights) -> np.ndarray:
        if best_method == "topleft":
            best_method = "closest.topleft"
        if not isinstance(best_method, str) or best_method not in ("youden", "closest.topleft"):
            raise InputError(f"best_method must be 'youden' or 'closest.topleft', not {best_method!r}")
        r = _best_ratio(best_weights)
        se, sp = self.sensitivities, self.specificities
        if best_method == "youden":
            crit = se + r * sp
        else:
            crit = -((1.0 - se) ** 2 + r * (1.0 - sp) ** 2)
        return crit == np.max(crit)

    def to_dict(self, *, curve: bool = True) -> dict:
        ci = self._ci_delong_quiet()
        best = self.coords("best", ret=("threshold", "sensitivity", "specificity"))  # the key order of to_dict
        d = {
            "auc": self.auc, "direction": self.direction, "n_cases": self.n_cases, "n_controls": self.n_controls,
            "ci_lower": ci[0], "ci_upper": ci[2], "ci_method": "delong", "conf_level": 0.95,
            "na_action": [int(v) for v in self.na_action],
            "best_youden": {c: [float(v) for v in best[c]] for c in best.columns},
            # the first (lowest-specificity) of the tied Youden thresholds, for a one-line report
            "threshold": float(best["threshold"].iloc[0]),
            "sensitivity": float(best["sensitivity"].iloc[0]),
            "specificity": float(best["specificity"].iloc[0]),
        }
        if curve:
            d["thresholds"] = [float(v) for v in self.thresholds]
            d["sensitivities"] = [float(v) for v in self.sensitivities]
            d["specificities"] = [float(v) for v in self.specificities]
        return d

    def _ci_delong_quiet(self) -> CiAuc:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RWarning)
            return self._ci_delong(0.95)


# ================================================================== roc()
def roc(y: ArrayLike | None = None, predictor: ArrayLike | None = None, *,
        controls: ArrayLike | None = None, cases: ArrayLike | None = None,
        direction: Literal["auto", "<", ">"] = "auto", levels: tuple | list | None = None, percent: bool = False,
        partial_auc: tuple[float, float] | list[float] | None = None,
        partial_auc_focus: Literal["specificity", "sensitivity"] = "specificity", partial_auc_correct: bool = False,
        na_rm: bool = True, smooth: bool = False, smooth_n: int = 512, smooth_method: str = "binormal",
        density_controls: Any = None, density_cases: Any = None) -> Roc:
    """Build a ROC curve and its AUC as ``pROC::roc``.

    Parameters
    ----------
    y : array_like or None
        The outcome: 0/1 (0 = control, 1 = case) when ``levels`` is None; with ``levels`` any values, rows
        whose value is in neither level dropped as pROC does.  A Categorical or text outcome without
        ``levels`` takes its two levels in order (R's ``levels(as.factor(y))``).
    predictor : array_like or None
        The marker or predicted risk, one value per value of ``y``; numbers or an ordered
        ``pandas.Categorical`` (its level ranks, as R's ``as.numeric`` of an ordered factor).
    controls, cases : array_like or None
        pROC's other form: the predictor values of the controls and of the cases (instead of ``y`` and
        ``predictor``).
    direction : {"auto", "<", ">"}, default "auto"
        pROC's ``direction``: "<" means controls have lower values; "auto" decides by the medians of
        controls and cases, as pROC does.
    levels : pair or None, default None
        The control and the case value of ``y`` (pROC's ``levels``).
    percent : bool, default False
        Report sensitivities, specificities, AUC and its CIs in percent, as pROC's ``percent = TRUE``.
    partial_auc : pair of float or None, default None
        A partial-AUC interval (in percent with ``percent``); any order, pROC sorts it.
    partial_auc_focus : {"specificity", "sensitivity"}, default "specificity"
        The axis of the partial-AUC interval.
    partial_auc_correct : bool, default False
        McClish's correction of the partial AUC (pROC's ``partial.auc.correct``).
    na_rm : bool, default True
        Drop rows whose predictor is missing (R's ``na.rm``; rows kept in ``na_action``).
    smooth : bool, default False
        Return ``smooth(curve, method=smooth_method, n=smooth_n, ...)`` (a :class:`SmoothRoc`), as pROC's
        ``roc(..., smooth = TRUE)``.
    smooth_n : int, default 512
        ``n`` of :func:`cmvt_core.smooth`.
    smooth_method : {"binormal", "density", "fitdistr"}, default "binormal"
        ``method`` of :func:`cmvt_core.smooth`.
    density_controls, density_cases : None, str, callable or array_like
        Passed to :func:`cmvt_core.smooth`.

    Returns
    -------
    Roc
        ``auc`` (partial when asked), ``direction``, ``thresholds``, ``sensitivities``, ``specificities``,
        ``cases``, ``controls``, ``percent``, ``partial_auc``..., with ``ci_auc``, ``var()`` and
        ``coords(...)`` as pROC's.

    Raises
    ------
    InputError
        For an outcome that is not 0/1 (without ``levels``), lengths that differ, a bad ``direction``,
        both forms or neither, or a partial-AUC interval outside [0, 1] ([0, 100] with ``percent``).

    Notes
    -----
    R call: ``pROC::roc(y, predictor, levels = c(0, 1), direction = direction, percent = percent,
    partial.auc = partial_auc, partial.auc.focus = partial_auc_focus, partial.auc.correct =
    partial_auc_correct)`` or ``pROC::roc(controls = controls, cases = cases, ...)``.

    Examples
    --------
    >>> from cmvt_core import roc
    >>> r = roc([0, 0, 1, 1, 0, 1], [0.1, 0.4, 0.35, 0.8, 0.2, 0.7])
    >>> round(r.auc, 4), r.direction
    (0.8889, '<')
    >>> [round(v, 4) for v in r.ci_auc()]
    [0.5809, 0.8889, 1.0]
    >>> round(roc(controls=[0.1, 0.4, 0.2], cases=[0.35, 0.8, 0.7], percent=True).auc, 2)
    88.89
    >>> round(roc(controls=[0.1, 0.4, 0.2], cases=[0.35, 0.8, 0.7], partial_auc=(1, 0.8)).auc, 4)
    0.1333
    """
    if not isinstance(direction, str) or direction not in ("auto", "<", ">"):
        raise InputError(f"direction must be 'auto', '<' or '>', not {direction!r}")
    na_rm = V.flag(na_rm, "na_rm")
    opts = _auc_options(percent, partial_auc, partial_auc_focus, partial_auc_correct)
    if controls is not None or cases is not None:
        if y is not None or predictor is not None:
            raise InputError("'cases/controls' argument incompatible with 'response/predictor' (pROC stops): give "
                             "y and predictor, or controls and cases")
        if controls is None or cases is None:
            raise InputError("give both controls and cases (pROC's roc(controls = ..., cases = ...))")
        ct = _as_values(controls, "controls", None)
        cs = _as_values(cases, "cases", None)
        yy = np.concatenate([np.zeros(ct.shape[0]), np.ones(cs.shape[0])])
        pp = np.concatenate([ct, cs])  # pROC: predictor <- c(controls, cases)
        lv = (0, 1)
    else:
        if y is None or predictor is None:
            raise InputError("roc needs y and predictor (or controls and cases)")
        yy, lv = _as_response(y, levels)
        pp = _as_values(predictor, "predictor", yy.shape[0])
        keep = ~np.isnan(yy)
        if not keep.all():  # pROC: patients whose response is in neither level are dropped
            yy, pp = yy[keep], pp[keep]
    yy.flags.writeable = False  # private copies (made by the checks), shared read-only by the result
    pp.flags.writeable = False
    original_response, original_predictor = yy, pp
    miss = np.isnan(pp)
    na_action = np.empty(0, dtype=np.int64)
    if miss.any():
        rows = np.flatnonzero(miss) + 1  # 1-based (R's na.action)
        if not na_rm:
            raise InputError(f"predictor has {rows.shape[0]} missing value(s) (rows {_rows_text(rows)}) and na_rm=False")
        warnings.warn(f"predictor has {rows.shape[0]} missing value(s) (rows {_rows_text(rows)}): those "
                      "observations are removed, as pROC::roc does with its default na.rm=TRUE", RWarning, stacklevel=2)
        yy, pp = yy[~miss], pp[~miss]
        na_action = rows
    curve = _build(yy, pp, direction, original_response, original_predictor, na_action, levels=lv, **opts)
    if V.flag(smooth, "smooth"):  # pROC's roc(..., smooth = TRUE): the smoothed curve (issue 21)
        from ._roc_smooth import smooth as _smooth
        return _smooth(curve, method=smooth_method, n=smooth_n, density_controls=density_controls,
                       density_cases=density_cases)
    return curve


def auc(roc: Roc | Any, *, partial_auc: tuple[float, float] | list[float] | None = None,
        partial_auc_focus: Literal["specificity", "sensitivity"] = "specificity",
        partial_auc_correct: bool = False) -> float:
    """The area under a ROC curve, full or partial, as ``pROC::auc``.

    The partial area is pROC's trapezoid sum over the points inside the interval plus the trapezoids to
    the interpolated points at its ends; McClish's correction maps it onto [0.5, 1] (NaN, with pROC's
    warning, for a curve below the diagonal).  The sum is R's ``sum`` (long double), bit for bit.

    Parameters
    ----------
    roc : Roc, SmoothRoc or MulticlassRoc
        A result of :func:`cmvt_core.roc` (its ``percent`` decides the units), of :func:`cmvt_core.smooth`
        (``auc.smooth.roc``: the smoothed points; binormal full AUC from the model), or of
        :func:`cmvt_core.multiclass_roc`: its multi-class AUC (Hand & Till), with a partial-AUC interval the same
        average over the partial AUCs of its pairwise curves (pROC's ``auc`` of a ``multiclass.roc``).
    partial_auc : pair of float or None, default None
        The interval (any order; in percent for a percent curve); None is the full AUC (pROC's
        ``partial.auc = FALSE``, whatever the curve was built with).
    partial_auc_focus : {"specificity", "sensitivity"}, default "specificity"
        The axis of the interval.
    partial_auc_correct : bool, default False
        McClish's correction.

    Returns
    -------
    float
        The AUC, in percent for a percent curve.

    Raises
    ------
    InputError
        For something that is not a Roc, or an interval outside [0, 1] ([0, 100] in percent).

    Notes
    -----
    R call: ``pROC::auc(roc, partial.auc = partial_auc, partial.auc.focus = partial_auc_focus,
    partial.auc.correct = partial_auc_correct)``.

    Examples
    --------
    >>> from cmvt_core import auc, roc
    >>> r = roc([0, 0, 1, 1, 0, 1, 0, 1], [0.1, 0.4, 0.35, 0.8, 0.2, 0.7, 0.6, 0.5])
    >>> round(auc(r), 4), round(auc(r, partial_auc=(1, 0.8)), 4)
    (0.8125, 0.1)
    >>> round(auc(r, partial_auc=(1, 0.8), partial_auc_correct=True), 4)
    0.7222
    """
    from .multiclass import MulticlassRoc, multiclass_auc

    if isinstance(roc, MulticlassRoc):  # pROC's auc.multiclass.roc / auc.mv.multiclass.roc
        if partial_auc is None or partial_auc is False:
            return multiclass_auc(roc)
        return multiclass_auc(roc, partial_auc=partial_auc, partial_auc_focus=partial_auc_focus,
                              partial_auc_correct=partial_auc_correct)
    from ._roc_smooth import SmoothRoc, smooth_auc

    if isinstance(roc, SmoothRoc):  # auc.smooth.roc -> auc.roc of the smoothed points (binormal full: the model)
        opts = _auc_options(roc.percent, partial_auc, partial_auc_focus, partial_auc_correct)
        return smooth_auc(roc.sensitivities, roc.specificities, roc.method, roc.model, roc.percent, opts["partial_auc"],
                          opts["partial_auc_focus"], opts["partial_auc_correct"])
    if not isinstance(roc, Roc):
        raise InputError(f"auc needs a result of cmvt_core.roc(), cmvt_core.smooth() or cmvt_core.multiclass_roc(), "
                         f"not {type(roc).__name__}")
    opts = _auc_options(roc.percent, partial_auc, partial_auc_focus, partial_auc_correct)
    return _roc_auc.auc_value(roc.sensitivities, roc.specificities, opts["partial_auc"], opts["partial_auc_focus"],
                              opts["partial_auc_correct"], roc.percent)


def _auc_options(percent, partial_auc, partial_auc_focus, partial_auc_correct) -> dict:
    """Checked ``percent`` and partial-AUC arguments (pROC's ``auc.roc`` checks, bounds in [0, 1] or [0, 100])."""
    percent = V.flag(percent, "percent")
    partial_auc_correct = V.flag(partial_auc_correct, "partial_auc_correct")
    if isinstance(partial_auc_focus, str) and partial_auc_focus in ("sp", "se", "spec", "sens"):
        partial_auc_focus = "specificity" if partial_auc_focus.startswith("sp") else "sensitivity"
    partial_auc_focus = V.choice(partial_auc_focus, "partial_auc_focus", ("specificity", "sensitivity"))
    pa = None
    if partial_auc is not None and partial_auc is not False:
        top = 100.0 if percent else 1.0
        if isinstance(partial_auc, (str, bytes)) or np.ndim(partial_auc) != 1 or len(partial_auc) != 2:
            raise InputError(f"partial_auc must be None or a pair of numbers (pROC: 'partial.auc must be either "
                             f"FALSE or a numeric vector of length 2'); got partial_auc={V.show(partial_auc)}")
        v = V.float_vector(partial_auc, "partial_auc", low=0.0, high=top, unit="position")
        pa = (float(max(v)), float(min(v)))  # sort(partial.auc, decreasing = TRUE)
    return {"percent": percent, "partial_auc": pa, "partial_auc_focus": partial_auc_focus,
            "partial_auc_correct": partial_auc_correct}


def _as_values(p, name: str, n: int | None) -> np.ndarray:
    """A predictor (or controls/cases) as float64: numbers, or an ordered Categorical as its level ranks (1-based,
    as R's ``as.numeric`` of an ordered factor; missing -> NaN)."""
    if isinstance(p, pd.Series) and isinstance(p.dtype, pd.CategoricalDtype):
        p = p.array
    if isinstance(p, pd.Categorical):
        if not p.ordered:
            raise InputError(f"{name} is an unordered Categorical: pROC stops ('Predictor must be numeric or "
                             "ordered.'); make it ordered or numeric")
        codes = np.asarray(p.codes, dtype=np.float64)
        arr = np.where(codes < 0, np.nan, codes + 1.0)
        if n is not None:
            V.same_length(name, arr.shape[0], "y", n)
        return arr
    if n is None:
        return V.float_vector(p, name, nan_ok=True, bool_ok=True)
    return _as_predictor(p, n, name)


def _as_response(y, levels):
    """The response as 0 (control level) / 1 (case level) / NaN (neither), and the two levels."""
    if levels is None:
        # a factor to pROC: a Categorical, or text only (an object column of numbers is a 0/1 outcome)
        is_text = isinstance(y, pd.Categorical) or (isinstance(y, pd.Series) and isinstance(
            y.dtype, pd.CategoricalDtype)) or (
            isinstance(y, (list, tuple, np.ndarray, pd.Series)) and len(y) > 0 and all(isinstance(v, str) for v in y))
        if not is_text:
            return _as_binary(y), (0, 1)
        cat = pd.Categorical(y.array if isinstance(y, pd.Series) else y)
        lv_all = list(cat.categories)
        if len(lv_all) < 2:
            raise InputError(f"y must have two levels (pROC: \"'response' must have two levels\"); got {lv_all!r}")
        if len(lv_all) > 2:
            warnings.warn(f"'response' has more than two levels ({len(lv_all)}). Consider setting 'levels' explicitly "
                          "or using 'multiclass.roc' instead", RWarning, stacklevel=3)
        levels = tuple(lv_all[:2])
    if isinstance(levels, (str, bytes)) or np.ndim(levels) != 1 or len(levels) != 2:
        raise InputError(f"levels must be a pair (control level, case level) (pROC: \"'levels' argument must have "
                         f"length 2\"); got levels={V.show(levels)}")
    lv = tuple(v.item() if isinstance(v, np.generic) else v for v in levels)
    arr = np.asarray(y.array if isinstance(y, pd.Series) else y, dtype=object)
    if arr.ndim != 1:
        raise InputError(f"y must be 1-D; got shape {arr.shape}")
    out = np.full(arr.shape[0], np.nan)
    out[arr == lv[0]] = 0.0
    out[arr == lv[1]] = 1.0
    return out, lv


def _build(yy, pp, direction, original_response, original_predictor, na_action, *, levels=(0, 1), percent=False,
           partial_auc=None, partial_auc_focus="specificity", partial_auc_correct=False) -> Roc:
    is_case = yy == 1
    cases = pp[is_case]
    controls = pp[~is_case]
    if controls.shape[0] == 0:
        raise InputError("y has no control (no 0 after removing missing predictors): pROC stops with "
                         "'No control observation.'")
    if cases.shape[0] == 0:
        raise InputError("y has no case (no 1 after removing missing predictors): pROC stops with "
                         "'No case observation.'")
    cs_sorted, ct_sorted = np.sort(cases), np.sort(controls)
    if direction == "auto":
        direction = "<" if r_median(controls) <= r_median(cases) else ">"
    if direction == ">":
        # working orientation: negate (exact) so that ">" becomes "<", as delongPlacementsCpp does
        cs_w, ct_w = -cs_sorted[::-1], -ct_sorted[::-1]
    else:
        cs_w, ct_w = cs_sorted, ct_sorted
    del cs_sorted, ct_sorted
    u_w, a, b, xy_cs, xy_ct = _merge(np.ascontiguousarray(cs_w), np.ascontiguousarray(ct_w))
    del cs_w, ct_w
    se, sp = _curve(a, b)
    if percent:  # roc.cc.nochecks: se <- se * 100; sp <- sp * 100
        se, sp = se * 100, sp * 100
    auc = _roc_auc.auc_value(se, sp, partial_auc, partial_auc_focus, partial_auc_correct, percent)
    u = u_w if direction == "<" else -u_w[::-1]
    thr = _thresholds(u, direction)
    if direction == ">":
        thr = thr[::-1].copy()
    m, n = cases.shape[0], controls.shape[0]
    theta = r_sum(xy_cs) / m / n  # exact: the placements are half-integers
    # the placements in sorted order are all that var() and ci_auc() need; the original (case and control)
    # order, needed by roc_test and placements(), is rebuilt on demand from the tie groups
    return Roc(auc=float(auc), direction=direction, thresholds=thr, sensitivities=se, specificities=sp,
               cases=cases, controls=controls, response=yy, predictor=pp,
               original_response=original_response, original_predictor=original_predictor,
               na_action=na_action, levels=tuple(levels), percent=percent, partial_auc=partial_auc,
               partial_auc_focus=partial_auc_focus, partial_auc_correct=partial_auc_correct,
               _theta=float(theta), _X=xy_cs / n, _Y=1.0 - xy_ct / m, _u=u_w, _a=a, _b=b)


def _resample(r: Roc, boot_n: int, stratified: bool, rng: RRNG, chunk: int | None = None):
    """pROC's bootstrap draws, in R's order: yields ``(gids, labels)`` for successive blocks of replicates.

    ``gids[i, k]`` is the tie group (index into ``r._u``) of the k-th resampled observation of replicate i
    and ``labels[i, k]`` whether it is a case.  Per replicate pROC draws ``sample(roc$controls,
    replace=TRUE)`` then ``sample(roc$cases, replace=TRUE)`` (stratified; controls first in each row) or
    ``sample(1:length(roc$predictor), replace=TRUE)`` (not stratified).  Draws are made lazily, block by
    block, so a caller that draws more from ``rng`` between two blocks (pROC's ``best.policy="random"``,
    with ``chunk=1``) interleaves its draws as R does.  Every bootstrap of a ``Roc`` goes through here.
    """
    # tie groups as int32 (fewer than 2^31 values): half the memory traffic of the draws and the counting
    gid_ctrl, gid_case, gid_all = r._class_gids()
    m, n = r.n_cases, r.n_controls
    N = m + n
    if stratified:
        labels_row = np.concatenate([np.zeros(n, dtype=np.bool_), np.ones(m, dtype=np.bool_)])
    else:
        case_all = r.response == 1
    if chunk is None:
        chunk = max(1, min(boot_n, 4_000_000 // N))
    for start in range(0, boot_n, chunk):
        C = min(chunk, boot_n - start)
        gids = np.empty((C, N), dtype=np.int32)
        if stratified:
            labels = np.broadcast_to(labels_row, (C, N))
            for i in range(C):
                rng.gather(gid_ctrl, gids[i, :n])   # sample(roc$controls, replace=TRUE)
                rng.gather(gid_case, gids[i, n:])   # sample(roc$cases, replace=TRUE)
        else:
            labels = np.empty((C, N), dtype=np.bool_)
            for i in range(C):
                idx = rng.unif_index(N, N)                      # sample(1:length(predictor), replace=TRUE)
                np.take(gid_all, idx, out=gids[i])
                np.take(case_all, idx, out=labels[i])
        yield gids, np.ascontiguousarray(labels)


def replicate_aucs(r: Roc, gids: np.ndarray, labels: np.ndarray, smoothing: dict | None = None,
                   keep_percent: bool = False) -> np.ndarray:
    """The AUC of each resampled curve of ``r`` (rows of tie-group ids into ``r._u`` and case labels), as pROC
    computes a bootstrap replicate's ``auc.roc``: full or partial (``r``'s interval and focus; the trapezoids of
    ``_roc_auc.auc_raw``), McClish's correction with ``allow.invalid.partial.auc.correct = TRUE``; in fractions
    (callers scale a percent curve); NaN when a replicate lacks a class.  The one replicate-AUC function:
    ``ci_auc``'s bootstrap, ``var``, ``cov`` and ``roc_test``'s bootstrap all call it.  ``smoothing``: the
    ``smoothing_args`` of a :class:`SmoothRoc` of ``r``, each replicate smoothed again
    (``_roc_smooth.replicate_aucs_smoothed``; ``keep_percent``: in percent for a percent curve, as
    ``bootstrap.test`` smooths its replicates)."""
    if smoothing is not None:
        from ._roc_smooth import replicate_aucs_smoothed
        return replicate_aucs_smoothed(r, gids, labels, smoothing, keep_percent)
    partial = r.partial_auc is not None
    pct = 100.0 if r.percent else 1.0
    hi, lo = (r.partial_auc[0] / pct, r.partial_auc[1] / pct) if partial else (0.0, 0.0)  # roc.utils.unpercent
    out = _boot_aucs(r._u.shape[0], gids, labels, partial, hi, lo, r.partial_auc_focus == "sensitivity")
    if partial and r.partial_auc_correct:  # allow.invalid.partial.auc.correct = TRUE
        out = np.array([v if math.isnan(v) else _roc_auc.correct(v, hi, lo, False, True) for v in out])
    return out


def _bootstrap_aucs(r: Roc, boot_n: int, stratified: bool, rng: RRNG, smoothing: dict | None = None) -> np.ndarray:
    """The replicate AUCs of pROC's ``ci.auc.bootstrap`` (R's draws, in R's order); ``smoothing``: of
    ``ci.auc.smooth.roc`` / ``var`` of a smoothed curve (``stratified.ci.smooth.auc``: ``sample(controls)``
    then ``sample(cases)``, the same draws)."""
    return np.concatenate([replicate_aucs(r, gids, labels, smoothing)
                           for gids, labels in _resample(r, boot_n, stratified, rng)])


# ================================================================== roc_test()
_TEST_METHODS = ("delong", "bootstrap", "venkatraman", "sensitivity", "specificity")


@dataclass(eq=False)
class RocTest:
    """``pROC::roc.test(roc1, roc2)``: an htest with R's fields (DeLong, bootstrap, se/sp, Venkatraman).

    Attributes
    ----------
    statistic, p_value : float
        Z (or D) and its p-value.
    estimate : tuple of float or None
        The two AUCs (None for Venkatraman, as pROC).
    conf_int : tuple of float
        CI of the difference (paired test).
    method, alternative : str
        R's fields.
    paired : bool
        Whether the curves share cases.
    parameter : float, dict or None
        Welch df (unpaired DeLong); ``{"boot.n", "boot.stratified"}`` (bootstrap methods), ``{"boot.n"}``
        (Venkatraman).
    conf_level : float
        The confidence level.
    null_value : float
        0.
    statistic_name : str
        ``"Z"``, ``"D"`` or ``"E"`` (Venkatraman).
    null_name : str
        The name of R's ``null.value`` (e.g. "difference in AUC").
    """

    statistic: float
    p_value: float
    estimate: np.ndarray
    conf_int: np.ndarray | None
    method: str
    alternative: str
    paired: bool
    parameter: float | dict | None = None  # df (unpaired DeLong) or {"boot.n": .., "boot.stratified": ..}
    conf_level: float = 0.95
    null_value: float = 0.0
    statistic_name: str = "Z"
    null_name: str = "difference in AUC"

    def __str__(self) -> str:
        """``print(roc.test(roc1, roc2))``: R's print.htest of pROC's result."""
        from . import _printing as P
        ci = None if self.conf_int is None else (self.conf_int[0], self.conf_int[1], self.conf_level)
        par = self.parameter
        if isinstance(par, dict):
            par = ", ".join(f"{k} = {P.format1(float(v), 5)}" for k, v in par.items())
        elif par is not None:
            par = f"df = {P.format1(par, 5)}"
        text = P.print_htest(self.method, "roc1 and roc2", (self.statistic_name, self.statistic), None,
                             self.p_value, self.alternative, (self.null_name, self.null_value), ci,
                             None if self.estimate is None else (["AUC of roc1", "AUC of roc2"], list(self.estimate)))
        if par is not None:
            lines = text.split("\n")
            i = next(k for k, ln in enumerate(lines) if ln.startswith(self.statistic_name + " = ")
                     or ln.startswith("p-value"))
            head, _, tail = lines[i].partition(", p-value")
            lines[i] = f"{head}, {par}, p-value{tail}" if tail else f"{head}, {par}"
            text = "\n".join(lines)
        return text

    def __repr__(self) -> str:
        from . import _printing as P
        return P.short(str(self))

    def _repr_html_(self) -> str:
        from . import _printing as P
        return P.html_block("pROC::roc.test", P.html_pre(str(self)))

    def to_dict(self) -> dict:
        par = self.parameter
        return {"statistic": float(self.statistic), "statistic_name": self.statistic_name,
                "p_value": float(self.p_value),
                "estimate": None if self.estimate is None else [float(v) for v in self.estimate],
                "conf_int": None if self.conf_int is None else [float(v) for v in self.conf_int],
                "conf_level": self.conf_level, "method": self.method, "alternative": self.alternative,
                "paired": self.paired,
                "parameter": par if par is None or isinstance(par, dict) else float(par),
                "null_value": self.null_value, "null_name": self.null_name}


def _are_paired(r1: Roc, r2: Roc):
    """pROC's ``are.paired``: identical responses (with na.action), else identical original responses,
    in which case both curves are rebuilt on the rows complete in both (directions kept)."""
    if (r1.response.shape == r2.response.shape and np.array_equal(r1.response, r2.response)
            and np.array_equal(r1.na_action, r2.na_action)):
        return True, r1, r2
    if r1.original_response.shape == r2.original_response.shape and \
            np.array_equal(r1.original_response, r2.original_response):
        keep = ~(np.isnan(r1.original_predictor) | np.isnan(r2.original_predictor))
        y = r1.original_response[keep]
        empty = np.empty(0, dtype=np.int64)
        p1 = _build(y, r1.original_predictor[keep], r1.direction, r1.original_response, r1.original_predictor, empty,
                    **r1._options())
        p2 = _build(y, r2.original_predictor[keep], r2.direction, r2.original_response, r2.original_predictor, empty,
                    **r2._options())
        return True, p1, p2
    return False, r1, r2


def _smoothing_key(sm) -> tuple:
    """pROC's ``smoothing.args`` of a curve in roc.test / cov, for its identical() check."""
    if sm is None:
        return ("unsmoothed",)
    a = sm.smoothing_args
    return tuple((k, repr(a[k])) for k in sorted(a))


def roc_test(roc1: Roc, roc2: Roc, *,
             method: Literal["delong", "bootstrap", "venkatraman", "sensitivity", "specificity"] | None = None,
             alternative: Literal["two.sided", "less", "greater"] = "two.sided", paired: bool | None = None,
             conf_level: float = 0.95, boot_n: int = 2000, boot_stratified: bool = True,
             specificity: float | None = None, sensitivity: float | None = None, seed: int | None = None,
             reuse_auc: bool = True) -> RocTest:
    """Compare two ROC curves as ``pROC::roc.test``: DeLong, bootstrap, Venkatraman, sensitivity, specificity.

    The paired DeLong Z test when both curves share the response (pROC's rule), otherwise DeLong's
    unpaired test (a Welch-type t).  ``method="bootstrap"`` (D of the AUCs), ``"specificity"`` (D of
    the sensitivities at ``specificity``), ``"sensitivity"`` (D of the specificities at ``sensitivity``)
    resample as ``pROC:::bootstrap.test``; ``"venkatraman"`` is pROC's permutation test (statistic E).
    With ``seed=s`` the resampling tests equal ``set.seed(s); roc.test(...)``.

    Parameters
    ----------
    roc1, roc2 : Roc or SmoothRoc
        Two results of :func:`cmvt_core.roc`, or of :func:`cmvt_core.smooth` (the bootstrap, specificity and
        sensitivity tests only, as pROC: each replicate is smoothed again with the same arguments).
    method : {"delong", "bootstrap", "venkatraman", "sensitivity", "specificity"} or None, default None
        pROC's method.  None is pROC's missing ``method``: the bootstrap when ``roc1`` has a partial AUC, a
        curve is smoothed or the two curves have different directions, otherwise DeLong.
    alternative : {"two.sided", "less", "greater"}, default "two.sided"
        The alternative hypothesis on AUC1 - AUC2.
    paired : bool or None, default None
        None follows pROC's rule (paired when the two curves share their response).
    conf_level : float, default 0.95
        The level of the confidence interval of the difference (paired test).
    boot_n : int, default 2000
        Bootstrap replicates or Venkatraman permutations.
    boot_stratified : bool, default True
        Resample cases and controls separately (bootstrap methods).
    specificity, sensitivity : float or None
        The point of the specificity / sensitivity test (one value, in the curve's scale).
    seed : int or None, default None
        As if R had run ``set.seed(seed)`` just before; None draws fresh entropy.
    reuse_auc : bool, default True
        pROC's ``reuse.auc`` (the stored AUCs are used; kept for the signature).

    Returns
    -------
    RocTest
        An htest: ``statistic`` (Z; D with ``parameter`` = df unpaired DeLong; D with ``parameter`` =
        ``{"boot.n", "boot.stratified"}`` for the bootstrap methods; E with ``{"boot.n"}`` for Venkatraman),
        ``p_value``, ``estimate`` (the two AUCs; None for Venkatraman), ``conf_int`` (paired DeLong),
        ``method``, ``alternative``, ``paired``, ``null_value``.

    Raises
    ------
    InputError
        For arguments that are not Roc results, another method, or a bad alternative/conf_level.

    Notes
    -----
    R call: ``pROC::roc.test(roc1, roc2, method = method, alternative = alternative, paired = paired,
    conf.level = conf_level, boot.n = boot_n, boot.stratified = boot_stratified)`` after ``set.seed(seed)``
    (``method = None``: ``method`` left out).

    Examples
    --------
    >>> from cmvt_core import roc, roc_test
    >>> from cmvt_core.datasets import load_cmvt_cohort
    >>> d = load_cmvt_cohort().astype(float)
    >>> t = roc_test(roc(d["cmvt"], d["post_nlr"]), roc(d["cmvt"], d["pre_nlr"]))
    >>> t.method
    "DeLong's test for two correlated ROC curves"
    >>> round(t.statistic, 4), round(t.p_value, 4)
    (1.8612, 0.0627)
    """
    from ._roc_smooth import SmoothRoc

    if not isinstance(roc1, (Roc, SmoothRoc)) or not isinstance(roc2, (Roc, SmoothRoc)):
        raise InputError("roc_test needs two results of cmvt_core.roc() or cmvt_core.smooth()")
    sm1 = roc1 if isinstance(roc1, SmoothRoc) else None  # roc.test.roc: smoothing.args, then the roc smoothed
    sm2 = roc2 if isinstance(roc2, SmoothRoc) else None
    if sm1 is not None:
        roc1 = sm1.roc
    if sm2 is not None:
        roc2 = sm2.roc
    smoothed = sm1 is not None or sm2 is not None
    if method is None:  # pROC's roc.test.roc with method missing
        method = "bootstrap" if (roc1.partial_auc is not None or smoothed or roc1.direction != roc2.direction) \
            else "delong"
    if not isinstance(method, str) or method not in _TEST_METHODS:
        raise InputError(f"roc_test: method must be one of {', '.join(map(repr, _TEST_METHODS))}, not {method!r}")
    # pROC checks a partial AUC first (its own message below), then smoothing
    if smoothed and method == "delong" and roc1.partial_auc is None and roc2.partial_auc is None:
        raise InputError('roc_test: DeLong\'s test is not supported for smoothed ROCs. Use method="bootstrap" '
                         'instead. (pROC stops)')
    if smoothed and method == "venkatraman" and roc1.partial_auc is None:
        raise InputError("roc_test: Venkatraman's test is not supported for smoothed ROCs (pROC stops)")
    if not isinstance(alternative, str) or alternative not in ("two.sided", "less", "greater"):
        raise InputError(f"alternative must be 'two.sided', 'less' or 'greater', not {alternative!r}")
    conf_level = V.probability(conf_level, "conf_level")  # pROC: "conf.level must be between 0 and 1."
    paired = V.flag(paired, "paired", none_ok=True)
    V.flag(reuse_auc, "reuse_auc")
    if method != "delong":
        boot_n = V.replicates(boot_n, "boot_n")
        boot_stratified = V.flag(boot_stratified, "boot_stratified")
        seed = V.seed(seed)
        if method == "venkatraman" and alternative != "two.sided":
            raise InputError("Only two-sided tests are available for Venkatraman (alternative='two.sided').")
        point = {"specificity": specificity, "sensitivity": sensitivity}.get(method)
        if method in ("specificity", "sensitivity"):
            if point is None or np.ndim(point) != 0 or isinstance(point, bool):
                raise InputError(f"Argument '{method}' must be numeric of length 1 for a {method} test.")
            point = V.number(point, method)
    if method == "delong" and (roc1.partial_auc is not None or roc2.partial_auc is not None):
        raise InputError('roc_test: DeLong\'s test is not supported for partial AUC. Use method="bootstrap" instead. '
                         '(pROC stops)')
    if (roc1 if sm1 is None else sm1)._is_perfect() and (roc2 if sm2 is None else sm2)._is_perfect():
        warnings.warn("roc.test() of two ROC curves with AUC == 1 has always p.value = 1 and can be misleading.",
                      RWarning, stacklevel=2)
    if _smoothing_key(sm1) != _smoothing_key(sm2):
        warnings.warn("Different smoothing parameters in the ROC curves. Enforcing the inconsistency, but unexpected "
                      "results may be produced.", RWarning, stacklevel=2)
    is_paired, r1, r2 = _are_paired(roc1, roc2)
    if paired is None:
        paired = is_paired
    elif paired:
        if not is_paired:
            raise InputError("The paired ROC test cannot be applied to unpaired curves (their responses differ).")
    else:
        if is_paired:
            warnings.warn("The ROC curves seem to be paired. Consider performing a paired roc.test.", RWarning,
                          stacklevel=2)
        r1, r2 = roc1, roc2
    if method != "delong":
        from . import _roc_tests as T
        return T.resampled_test(r1, r2, method, bool(paired), alternative, int(boot_n), bool(boot_stratified),
                                point, seed, float(conf_level), sm1, sm2)
    if r1.direction != r2.direction:
        warnings.warn("DeLong's test should not be applied to ROC curves with a different direction. "
                      f"(roc1 has direction {r1.direction!r}, roc2 {r2.direction!r}; pROC's roc.test without an "
                      "explicit method would switch to a random bootstrap test here)", RWarning, stacklevel=2)
    for name, r in (("roc1", r1), ("roc2", r2)):
        if r.n_cases <= 1 or r.n_controls <= 1:
            raise InputError(f"roc_test: {name} has {r.n_cases} case(s) and {r.n_controls} control(s); DeLong's test "
                             "needs at least 2 of each (its covariances divide by m - 1 and n - 1; pROC returns NaN "
                             "or stops)")
    estimate = np.array([r1.auc, r2.auc])
    if paired:
        m, n = r1.n_cases, r1.n_controls
        t1, t2 = r1._theta, r2._theta
        X1, Y1 = r1._placements_in_order()
        X2, Y2 = r2._placements_in_order()
        sx11 = sum_prod_dev(X1, t1, X1, t1) / (m - 1)
        sx12 = sum_prod_dev(X1, t1, X2, t2) / (m - 1)
        sx21 = sum_prod_dev(X2, t2, X1, t1) / (m - 1)
        sx22 = sum_prod_dev(X2, t2, X2, t2) / (m - 1)
        sy11 = sum_prod_dev(Y1, t1, Y1, t1) / (n - 1)
        sy12 = sum_prod_dev(Y1, t1, Y2, t2) / (n - 1)
        sy21 = sum_prod_dev(Y2, t2, Y1, t1) / (n - 1)
        sy22 = sum_prod_dev(Y2, t2, Y2, t2) / (n - 1)
        s11, s12 = sx11 / m + sy11 / n, sx12 / m + sy12 / n
        s21, s22 = sx21 / m + sy21 / n, sx22 / m + sy22 / n
        v = (s11 - s21) - (s12 - s22)  # L %*% S %*% L with L = c(1, -1)
        sig = math.sqrt(v) if v >= 0 else math.nan
        d = t1 - t2
        with np.errstate(divide="ignore", invalid="ignore"):
            z = float(np.float64(d) / np.float64(sig))
        if math.isnan(z) and d == 0 and sig == 0:
            z = 0.0
        crit = float(qnorm(np.array([1 - ((1 - conf_level) / 2)]))[0])
        conf_int = np.array([d - crit * sig, d + crit * sig])
        if alternative == "two.sided":
            p = 2 * pnorm(-abs(z))
        elif alternative == "greater":
            p = pnorm(-z)
        else:
            p = pnorm(z)
        return RocTest(statistic=z, p_value=p, estimate=estimate, conf_int=conf_int,
                       method="DeLong's test for two correlated ROC curves", alternative=alternative, paired=True,
                       conf_level=float(conf_level))
    nR, mR, nS, mS = r1.n_controls, r1.n_cases, r2.n_controls, r2.n_cases
    tR, tS = r1._theta, r2._theta
    SR = sum_prod_dev(r1._X, tR, r1._X, tR) / (mR - 1) / mR + sum_prod_dev(r1._Y, tR, r1._Y, tR) / (nR - 1) / nR
    SS = sum_prod_dev(r2._X, tS, r2._X, tS) / (mS - 1) / mS + sum_prod_dev(r2._Y, tS, r2._Y, tS) / (nS - 1) / nS
    with np.errstate(divide="ignore", invalid="ignore"):  # R's double arithmetic: 0/0 is NaN (two perfect curves)
        SRS = np.float64(SR) + np.float64(SS)
        t = float((np.float64(tR) - np.float64(tS)) / np.sqrt(SRS))
        df = float(SRS ** 2 / ((np.float64(SR) ** 2 / (nR + mR - 1)) + (np.float64(SS) ** 2 / (nS + mS - 1))))
    if alternative == "two.sided":
        p = 2 * pt(-abs(t), df)
    elif alternative == "greater":
        p = pt(-t, df)
    else:
        p = pt(t, df)
    return RocTest(statistic=t, p_value=p, estimate=estimate, conf_int=None,
                   method="DeLong's test for two ROC curves", alternative=alternative, paired=False,
                   parameter=df, conf_level=float(conf_level), statistic_name="D")

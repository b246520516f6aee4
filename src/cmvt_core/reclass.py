"""Reclassification of a new model against a reference model: NRI and IDI (issue 18).

* :func:`improve_prob` is ``Hmisc::improveProb(x1, x2, y)`` (Hmisc 4.8-0): the continuous ("category-free")
  NRI, its events / non-events parts with their asymptotic standard errors, and the IDI, with R's arithmetic
  (``sum``/``mean``/``var`` in long double as ``cmvt_core.kernels.rbase``) and R's missing-value rule (a row
  where ``x1``, ``x2`` or ``y`` is missing is dropped).
* :func:`reclassification` is the categorical NRI with user risk cut-offs, as ``PredictABEL::reclassification``
  (1.2-4) and ``nricens::nribin(updown = "category")`` (1.6) compute it.  Both put a risk into the category
  whose lower cut-off it reaches: ``cut(p, c(0, cutoffs, 1), include.lowest = TRUE, right = FALSE)`` in
  PredictABEL, ``categorize(p, cutoffs)`` (``p < cutoff[i]``) in nricens, so a risk equal to a cut-off goes
  *up*.  PredictABEL's standard error is Hmisc's (it calls ``improveProb`` on the category numbers divided by
  their count); nricens's interval is a bootstrap.

Neither PredictABEL nor nricens is packaged for Debian; their formulas are written from their sources (CRAN
mirrors on GitHub) and checked live against an R transcription (``parity/r/reclass.R``) and against Hmisc.
"""
from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from . import _validate as V
from ._docs import fill_doc, register
from .errors import InputError, RWarning
from .kernels.distributions import pnorm, qnorm
from .kernels.rbase import quantile, r_mean, r_sum, r_var
from .rrandom import RRNG

__all__ = ["improve_prob", "ImproveProb", "reclassification", "Reclassification"]

register(reclass_risks="""
    x1 : array-like
        Risks of the old (reference) model, numbers in [0, 1]; NaN marks a missing value.
    x2 : array-like
        Risks of the new model, one per value of ``x1``, in [0, 1]; NaN marks a missing value.
    y : array-like
        The 0/1 outcome (numbers or booleans), one per value of ``x1``; NaN / None mark a missing value.
        Both 0 and 1 must occur among the complete rows.""")

_FIELDS = ("n", "na", "nb", "pup_ev", "pup_ne", "pdown_ev", "pdown_ne", "nri", "se_nri", "z_nri", "nri_ev",
           "se_nri_ev", "z_nri_ev", "nri_ne", "se_nri_ne", "z_nri_ne", "improve_sens", "improve_spec", "idi",
           "se_idi", "z_idi")
#: nricens's row names (``nribin``'s result), in its order
NRICENS_ROWS = ("NRI", "NRI+", "NRI-", "Pr(Up|Case)", "Pr(Down|Case)", "Pr(Down|Ctrl)", "Pr(Up|Ctrl)")


# ----------------------------------------------------------------------------------- R's arithmetic
def _div(a: float, b: float) -> float:
    """R's ``a / b`` on doubles: x/0 is +-Inf, 0/0 NaN (no Python ZeroDivisionError)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return float(np.float64(a) / np.float64(b))


def _sqrt(v: float) -> float:
    """R's ``sqrt``: NaN for a negative or missing value."""
    return math.sqrt(v) if v >= 0 else math.nan


def _ld_prop(k, m):
    """R's ``mean()`` of a logical vector with ``k`` TRUE of ``m``: a long-double quotient rounded once
    (summary.c, integer/logical case); NaN when m = 0."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return (np.asarray(k, dtype=np.longdouble) / np.asarray(m, dtype=np.longdouble)).astype(np.float64)


def _fmt(values, digits: int = 3, na=None) -> list[str]:
    """``format(x, digits)`` as ``print`` shows it, where a NaN from arithmetic prints as R's "NaN" and only
    the positions flagged in ``na`` (R's ``NA_real_``, e.g. ``var`` of one value and what follows from it)
    as "NA"; the column's width counts 3 or 2 for them."""
    from . import _printing as P
    v = np.asarray(values, dtype=float)
    out = P.format_num(v, digits)
    nan = np.isnan(v)
    if not nan.any():
        return out
    na = np.zeros(v.shape[0], dtype=bool) if na is None else np.asarray(na, dtype=bool)
    s = [("NA" if a else "NaN") if m else t.strip() for t, m, a in zip(out, nan, na)]
    w = max(len(t) for t in s)
    return [t.rjust(w) for t in s]


def _matrix(rows, colnames: list[str], rownames: list[str]) -> str:
    """``print(m, digits = 3)`` of a numeric matrix (columns formatted one by one)."""
    from . import _printing as P
    a = np.asarray(rows, dtype=float)
    return P.print_matrix([_fmt(a[:, j]) for j in range(a.shape[1])], colnames, rownames)


def _named(values, names: list[str], na=None) -> str:
    """``print(v, digits = 3)`` of a named numeric vector (``_printing.print_named``, R's NA / NaN kept)."""
    from . import _printing as P
    return P.print_named(values, names, formatted=[t.strip() for t in _fmt(values, na=na)])


# ----------------------------------------------------------------------------------- input
def _missing_mask(arr: np.ndarray) -> np.ndarray:
    if arr.dtype.kind == "f":
        return np.isnan(arr)
    if arr.dtype.kind == "O":
        return np.array([V._is_missing(v) for v in arr.tolist()], dtype=bool)
    return np.zeros(arr.shape[0], dtype=bool)


def _inputs(x1, x2, y) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """The complete rows of (x1, x2, y) as Hmisc keeps them (``is.na(x1 + x2 + y)`` dropped), and how many
    rows were dropped.  Bad values raise ``InputError`` naming the argument and the row."""
    a = V.float_vector(x1, "x1", low=0.0, high=1.0, nan_ok=True)
    b = V.float_vector(x2, "x2", low=0.0, high=1.0, nan_ok=True)
    V.same_length("x2", b.shape[0], "x1", a.shape[0])
    arr, labels = V._as_1d(y, "y", "a 1-D array of 0/1")
    V.same_length("y", arr.shape[0], "x1", a.shape[0])
    ymiss = _missing_mask(arr)
    pos = np.flatnonzero(~ymiss)
    yv = np.full(arr.shape[0], np.nan)
    yv[pos] = V._outcome01(arr[pos], "y", None if labels is None else labels[pos], pos)
    keep = ~(np.isnan(a) | np.isnan(b) | ymiss)
    a, b, yv = a[keep], b[keep], yv[keep]
    dropped = int((~keep).sum())
    if not ((yv == 0).any() and (yv == 1).any()):
        only = "no rows" if yv.shape[0] == 0 else f"only {int(yv[0])}s"
        extra = f" after dropping {dropped} rows with a missing value" if dropped else ""
        raise InputError(f"y must hold both 0 and 1 (R stops: 'y must have two values: 0 and 1'); "
                         f"y holds {only}{extra}")
    return a, b, yv, dropped


# ----------------------------------------------------------------------------------- improveProb
@dataclass
class ImproveProb:
    """The result of :func:`improve_prob`: the 21 numbers of ``Hmisc::improveProb`` (dots -> underscores,
    ``improveSens`` / ``improveSpec`` -> ``improve_sens`` / ``improve_spec``).

    Attributes
    ----------
    n, na, nb : int
        Rows used, events and non-events.
    pup_ev, pup_ne, pdown_ev, pdown_ne : float
        Shares of events / non-events whose risk went up / down.
    nri, se_nri, z_nri : float
        The continuous NRI, its standard error and z.
    nri_ev, se_nri_ev, z_nri_ev, nri_ne, se_nri_ne, z_nri_ne : float
        Its events and non-events components.
    improve_sens, improve_spec : float
        Hmisc's ``improveSens`` and ``improveSpec``.
    idi, se_idi, z_idi : float
        The integrated discrimination improvement, its standard error and z.
    """

    n: int
    na: int
    nb: int
    pup_ev: float
    pup_ne: float
    pdown_ev: float
    pdown_ne: float
    nri: float
    se_nri: float
    z_nri: float
    nri_ev: float
    se_nri_ev: float
    z_nri_ev: float
    nri_ne: float
    se_nri_ne: float
    z_nri_ne: float
    improve_sens: float
    improve_spec: float
    idi: float
    se_idi: float
    z_idi: float

    def to_dict(self) -> dict:
        """The 21 fields by name (ints for the counts, floats otherwise; NaN stays NaN)."""
        return {k: (int(v) if k in ("n", "na", "nb") else float(v)) for k, v in
                ((k, getattr(self, k)) for k in _FIELDS)}

    def _tables(self, conf_int: float = 0.95):
        z = float(qnorm((1 + conf_int) / 2))

        def zpci(m: float, se: float) -> list[float]:
            r = _div(m, se)
            return [r, 2 * pnorm(-abs(r)), m - z * se, m + z * se]

        nri = [[m, se, *zpci(m, se)] for m, se in ((self.nri, self.se_nri), (self.nri_ev, self.se_nri_ev),
                                                   (self.nri_ne, self.se_nri_ne))]
        idi = [self.idi, self.se_idi, *zpci(self.idi, self.se_idi)]
        return nri, idi

    def _var_na(self) -> bool:
        """R's ``var`` of a single value is ``NA`` (not NaN): then se_idi, z_idi and the IDI's interval are NA."""
        return self.na < 2 or self.nb < 2

    def __str__(self) -> str:
        """``print(improveProb(x1, x2, y))``: Hmisc's ``print.improveProb`` (digits = 3, conf.int = 0.95)."""
        nri, idi = self._tables()
        low, hi = "Lower 0.95", "Upper 0.95"
        out = ["", "Analysis of Proportions of Subjects with Improvement in Predicted Probability", "",
               f"Number of events: {self.na} \tNumber of non-events: {self.nb} ", "",
               "Proportions of Positive and Negative Changes in Probabilities", "",
               _matrix([[self.pup_ev], [self.pup_ne], [self.pdown_ev], [self.pdown_ne]], ["Proportion"],
                                  ["Increase for events     (1)", "Increase for non-events (2)",
                                   "Decrease for events     (3)", "Decrease for non-events (4)"]),
               "", "", "Net Reclassification Improvement", "",
               _matrix(nri, ["Index", "SE", "Z", "2P", low, hi],
                                  ["NRI            (1-3+4-2)", "NRI for events     (1-3)",
                                   "NRI for non-events (4-2)"]),
               "", "", "Analysis of Changes in Predicted Probabilities", "",
               _matrix([[self.improve_sens], [self.improve_spec]], ["Mean Change in Probability"],
                                  ["Increase for events (sensitivity)", "Decrease for non-events (specificity)"]),
               "", "", "Integrated Discrimination Improvement",
               " (average of sensitivity and 1-specificity over [0,1];",
               " also is difference in Yates' discrimination slope)", "",
               _named(idi, ["IDI", "SE", "Z", "2P", low, hi], na=[False] + [self._var_na()] * 5)]
        return "\n".join(out)

    def __repr__(self) -> str:
        from . import _printing as P
        return P.short(f"ImproveProb(n={self.n}, na={self.na}, nb={self.nb}, nri={self.nri!r}, "
                       f"se_nri={self.se_nri!r}, idi={self.idi!r}, se_idi={self.se_idi!r})")

    def _repr_html_(self) -> str:
        from . import _printing as P
        nri, idi = self._tables()
        rows = [*nri, idi]
        cols = [P.format_num([r[j] for r in rows], 3) for j in range(6)]
        return P.html_block("Hmisc::improveProb: NRI and IDI",
                            P.html_table(cols, ["Index", "SE", "Z", "2P", "Lower 0.95", "Upper 0.95"],
                                         ["NRI", "NRI for events", "NRI for non-events", "IDI"]),
                            P.html_pre(str(self)))


def _improve(x1: np.ndarray, x2: np.ndarray, y: np.ndarray) -> ImproveProb:
    """Hmisc 4.8-0's improveProb body on complete rows, operation for operation."""
    n = int(y.shape[0])
    a = y == 1
    b = y == 0
    na, nb = int(a.sum()), int(b.sum())
    d = x2 - x1
    da, db = d[a], d[b]
    nup_ev, ndown_ev = int((da > 0).sum()), int((da < 0).sum())
    nup_ne, ndown_ne = int((db > 0).sum()), int((db < 0).sum())
    fa, fb = float(na), float(nb)
    pup_ev, pdown_ev = _div(nup_ev, fa), _div(ndown_ev, fa)
    pup_ne, pdown_ne = _div(nup_ne, fb), _div(ndown_ne, fb)
    nri_ev = pup_ev - pdown_ev
    v_nri_ev = float(nup_ev + ndown_ev) / (fa * fa) - float((nup_ev - ndown_ev) ** 2) / fa ** 3
    se_nri_ev = _sqrt(v_nri_ev)
    nri_ne = pdown_ne - pup_ne
    v_nri_ne = float(ndown_ne + nup_ne) / (fb * fb) - float((ndown_ne - nup_ne) ** 2) / fb ** 3
    se_nri_ne = _sqrt(v_nri_ne)
    nri = pup_ev - pdown_ev - (pup_ne - pdown_ne)
    se_nri = _sqrt(v_nri_ev + v_nri_ne)
    improve_sens = _div(r_sum(da), fa)
    improve_spec = _div(-r_sum(db), fb)
    idi = r_mean(da) - r_mean(db)
    se_idi = _sqrt(_div(r_var(da), fa) + _div(r_var(db), fb))
    return ImproveProb(n, na, nb, pup_ev, pup_ne, pdown_ev, pdown_ne, nri, se_nri, _div(nri, se_nri), nri_ev,
                       se_nri_ev, _div(nri_ev, se_nri_ev), nri_ne, se_nri_ne, _div(nri_ne, se_nri_ne), improve_sens,
                       improve_spec, idi, se_idi, _div(idi, se_idi))


@fill_doc
def improve_prob(x1: ArrayLike, x2: ArrayLike, y: ArrayLike) -> ImproveProb:
    """Continuous NRI and IDI of a new model against an old one, as ``Hmisc::improveProb``.

    For events (y = 1) and non-events (y = 0) separately it counts who moves up (``x2 > x1``) and down
    (``x2 < x1``); NRI = P(up | event) - P(down | event) - (P(up | non-event) - P(down | non-event)),
    with Hmisc's asymptotic variances ``(up + down) / n^2 - (up - down)^2 / n^3`` per class.  The IDI is
    ``mean(d[event]) - mean(d[non-event])`` with ``d = x2 - x1`` and standard error
    ``sqrt(var(d[event]) / na + var(d[non-event]) / nb)``.

    Parameters
    ----------
    {{reclass_risks}}

    Returns
    -------
    ImproveProb
        ``n, na, nb, pup_ev, pup_ne, pdown_ev, pdown_ne, nri, se_nri, z_nri, nri_ev, se_nri_ev, z_nri_ev,
        nri_ne, se_nri_ne, z_nri_ne, improve_sens, improve_spec, idi, se_idi, z_idi``; ``print()`` shows
        Hmisc's ``print.improveProb`` (with its 95% intervals), ``to_dict()`` the fields.

    Raises
    ------
    InputError
        ``x1``/``x2`` outside [0, 1] or not numbers, lengths that differ, ``y`` not 0/1, or ``y`` without
        both classes among the complete rows.

    Notes
    -----
    R call: ``Hmisc::improveProb(x1, x2, y)``.  Rows where any of the three is missing are dropped first,
    as Hmisc drops them (``is.na(x1 + x2 + y)``); ``n`` counts the rows kept.  Sums, means and variances
    are R's long-double ones (``cmvt_core.kernels.rbase``), so every field equals R's bit for bit.  As in
    R, a z is ``Inf`` or ``NaN`` where its standard error is 0 (e.g. no row changes), and ``se_idi`` is
    NaN when a class has a single row (``var`` of one value).

    Examples
    --------
    >>> from cmvt_core import improve_prob
    >>> y = [0, 0, 0, 1, 1, 1, 0, 1]
    >>> old = [0.10, 0.30, 0.20, 0.40, 0.60, 0.50, 0.35, 0.45]
    >>> new = [0.05, 0.35, 0.10, 0.55, 0.70, 0.45, 0.30, 0.60]
    >>> r = improve_prob(old, new, y)
    >>> r.na, r.nb, r.nri, round(r.idi, 4)
    (4, 4, 1.0, 0.125)
    """
    a, b, yv, _ = _inputs(x1, x2, y)
    return _improve(a, b, yv)


# ----------------------------------------------------------------------------------- categorical NRI
def _cutoffs(cutoffs) -> np.ndarray:
    if V._is_real(cutoffs):
        cutoffs = [cutoffs]
    c = V.float_vector(cutoffs, "cutoffs", unit="position")
    if c.shape[0] == 0:
        raise InputError("cutoffs must hold at least one risk cut-off in (0, 1); got none")
    for i, v in enumerate(c.tolist()):
        if not 0.0 < v < 1.0:
            raise InputError(f"cutoffs must hold risk cut-offs in (0, 1) (0 and 1 are implied, PredictABEL's "
                             f"c(0, ..., 1)); position {i + 1} holds {V.show(v)}")
    for i in range(1, c.shape[0]):
        if c[i] <= c[i - 1]:
            what = "repeats" if c[i] == c[i - 1] else "is below the one before,"
            raise InputError(f"cutoffs must be strictly increasing; position {i + 1} {what} {V.show(float(c[i]))}")
    return c


def _labels(cutoffs: np.ndarray) -> list[str]:
    """``levels(cut(p, c(0, cutoffs, 1), include.lowest = TRUE, right = FALSE))`` (dig.lab = 3, more digits
    until the breaks print apart, as ``cut.default``)."""
    br = [0.0, *cutoffs.tolist(), 1.0]
    for dig in range(3, 13):
        ch = ["%.*g" % (dig, v) for v in br]
        if all(ch[i] != ch[i + 1] for i in range(len(ch) - 1)):
            break
    labs = [f"[{ch[i]},{ch[i + 1]})" for i in range(len(ch) - 1)]
    labs[-1] = labs[-1][:-1] + "]"
    return labs


def _table(c1: np.ndarray, c2: np.ndarray, k: int, labels: list[str]) -> pd.DataFrame:
    t = np.zeros((k, k), dtype=np.int64)
    np.add.at(t, (c1, c2), 1)
    return pd.DataFrame(t, index=pd.Index(labels, name="Initial Model"),
                        columns=pd.Index(labels, name="Updated Model"))


def _nricens_counts(y, up, down) -> np.ndarray:
    """nricens's ``nribin.count.main`` for replicates in rows (arrays of shape (B, n)): the 7 statistics in
    nricens's order, each ``mean()`` of a logical vector as R computes it."""
    ev = y == 1
    ct = ~ev
    n_ev, n_ct = ev.sum(axis=1), ct.sum(axis=1)
    upp_case = _ld_prop((up & ev).sum(axis=1), n_ev)
    dwn_case = _ld_prop((down & ev).sum(axis=1), n_ev)
    dwn_ctrl = _ld_prop((down & ct).sum(axis=1), n_ct)
    upp_ctrl = _ld_prop((up & ct).sum(axis=1), n_ct)
    nri_case = upp_case - dwn_case
    nri_ctrl = dwn_ctrl - upp_ctrl
    return np.column_stack([nri_case + nri_ctrl, nri_case, nri_ctrl, upp_case, dwn_case, dwn_ctrl, upp_ctrl])


@dataclass
class Reclassification:
    """The result of :func:`reclassification`: the reclassification tables and the categorical NRI.

    ``asymptotic`` is PredictABEL's (rows ``NRI``, ``NRI+`` events, ``NRI-`` non-events; columns
    ``estimate, se, z, p_value, lower, upper``); ``estimates`` is nricens's (its 7 rows; ``estimate`` and,
    with a bootstrap, ``std_error, lower, upper``); ``continuous`` is :func:`improve_prob` on the risks
    themselves (PredictABEL's "NRI(Continuous)" and "IDI").

    Attributes
    ----------
    cutoffs : tuple
        The inner risk cut-offs.
    categories : list
        The category labels.
    table_events, table_nonevents, table_all : pandas.DataFrame
        Reclassification tables (old model's categories in rows, new model's in columns).
    n, n_events, n_nonevents : int
        Rows used, events and non-events.
    up_ev, down_ev, up_ne, down_ne : int
        Events / non-events moved to a higher / lower category.
    nri, nri_ev, nri_ne : float
        The categorical NRI and its events and non-events components.
    asymptotic : pandas.DataFrame
        PredictABEL's asymptotic table.
    estimates : pandas.DataFrame
        nricens's estimates, with the bootstrap's ``std_error, lower, upper``.
    continuous : ImproveProb
        :func:`improve_prob` on the risks.
    conf_level : float
        The confidence level.
    boot : int
        The number of bootstrap replicates.
    seed : int or None
        The seed.
    resample : str
        How the bootstrap draws rows.
    """

    cutoffs: tuple
    categories: list
    table_events: pd.DataFrame
    table_nonevents: pd.DataFrame
    table_all: pd.DataFrame
    n: int
    n_events: int
    n_nonevents: int
    up_ev: int
    down_ev: int
    up_ne: int
    down_ne: int
    nri: float
    nri_ev: float
    nri_ne: float
    asymptotic: pd.DataFrame
    estimates: pd.DataFrame
    continuous: ImproveProb
    conf_level: float
    boot: int
    seed: int | None
    resample: str
    boot_samples: np.ndarray = field(repr=False)

    def to_dict(self) -> dict:
        """Plain Python values: the tables as nested lists (rows = old model), the two summary tables as
        ``{row: {column: value}}``, ``continuous`` as :meth:`ImproveProb.to_dict`."""
        def frame(df: pd.DataFrame) -> dict:
            return {str(i): {str(c): float(v) for c, v in row.items()} for i, row in df.iterrows()}

        return {"cutoffs": [float(c) for c in self.cutoffs], "categories": list(self.categories),
                "table_events": self.table_events.to_numpy().tolist(),
                "table_nonevents": self.table_nonevents.to_numpy().tolist(),
                "table_all": self.table_all.to_numpy().tolist(),
                "n": self.n, "n_events": self.n_events, "n_nonevents": self.n_nonevents,
                "up_ev": self.up_ev, "down_ev": self.down_ev, "up_ne": self.up_ne, "down_ne": self.down_ne,
                "nri": float(self.nri), "nri_ev": float(self.nri_ev), "nri_ne": float(self.nri_ne),
                "asymptotic": frame(self.asymptotic), "estimates": frame(self.estimates),
                "continuous": self.continuous.to_dict(), "conf_level": float(self.conf_level),
                "boot": self.boot, "seed": self.seed, "resample": self.resample}

    def _pct_table(self, t: pd.DataFrame) -> str:
        from . import _printing as P
        tv = t.to_numpy()
        rs = tv.sum(axis=1)
        with np.errstate(divide="ignore", invalid="ignore"):
            pct = np.array([P.r_round((r - d) / r, 2) * 100 if r else math.nan for r, d in zip(rs, np.diag(tv))])
        cols = [P.format_int(tv[:, j]) for j in range(tv.shape[1])] + [_fmt(pct, 7)]  # 0/0: R's NaN
        return P.print_matrix(cols, [*self.categories, " % reclassified"], list(self.categories))

    def __str__(self) -> str:
        """The tables with PredictABEL's "% reclassified" column, the categorical NRI with its asymptotic
        interval (PredictABEL's lines) and, with a bootstrap, nricens's table."""
        from . import _printing as P
        pct = f"{100 * self.conf_level:g}%"
        out = [f"Reclassification table (cut-offs {', '.join(f'{c:g}' for c in self.cutoffs)}; rows: initial "
               "model, columns: updated model)", "", "Outcome: absent", self._pct_table(self.table_nonevents), "",
               "Outcome: present", self._pct_table(self.table_events), "", "Combined data",
               self._pct_table(self.table_all), ""]
        a = self.asymptotic
        c = self.continuous
        z = 1.96 if self.conf_level == 0.95 else float(qnorm((1 + self.conf_level) / 2))
        for lab, est, se, zz in (("NRI(Categorical)", a.loc["NRI", "estimate"], a.loc["NRI", "se"],
                                  a.loc["NRI", "z"]), ("NRI(Continuous)", c.nri, c.se_nri, c.z_nri),
                                 ("IDI", c.idi, c.se_idi, c.z_idi)):
            out.append(f"{lab} [{pct} CI]: {P.format1(P.r_round(est, 4))} [ {P.format1(P.r_round(est - z * se, 4))}"
                       f" - {P.format1(P.r_round(est + z * se, 4))} ] ; p-value: "
                       f"{P.format1(P.r_round(2 * pnorm(-abs(zz)), 5))}")
        est = self.estimates
        title = (f"nricens estimates ({self.boot} bootstrap replicates, resample={self.resample!r}, "
                 f"seed={self.seed})" if self.boot else "nricens estimates (no bootstrap)")
        out += ["", title, P.print_num_matrix(est.to_numpy(), list(est.columns), list(est.index))]
        return "\n".join(out)

    def __repr__(self) -> str:
        from . import _printing as P
        return P.short(f"Reclassification(cutoffs={list(self.cutoffs)}, n={self.n}, nri={self.nri!r}, "
                       f"nri_ev={self.nri_ev!r}, nri_ne={self.nri_ne!r}, boot={self.boot})")

    def _repr_html_(self) -> str:
        from . import _printing as P
        return P.html_block("Reclassification (categorical NRI)",
                            P.html_frame(self.table_events, "Events (y = 1)"),
                            P.html_frame(self.table_nonevents, "Non-events (y = 0)"),
                            P.html_frame(self.asymptotic, "Asymptotic (PredictABEL)"),
                            P.html_frame(self.estimates, "nricens"))


_RESAMPLE = ("sample", "nricens")


def _draw(rng: RRNG, n: int, reps: int, resample: str) -> np.ndarray:
    """``reps`` bootstrap index vectors (0-based, one per row), R's stream in R's order."""
    if resample == "sample":  # reps successive sample(n, replace = TRUE)
        return (rng.sample(n, reps * n, replace=True) - 1).reshape(reps, n)
    # reps successive as.integer(runif(n, 0, n)) + 1
    return np.floor(rng.runif(reps * n, 0.0, float(n))).astype(np.int64).reshape(reps, n)


@fill_doc
def reclassification(x1: ArrayLike, x2: ArrayLike, y: ArrayLike, cutoffs: ArrayLike | float, *, boot: int = 1000,
                     seed: int | None = None, conf_level: float = 0.95,
                     resample: str = "sample") -> Reclassification:
    """Categorical NRI with risk cut-offs, as ``PredictABEL::reclassification`` and ``nricens::nribin``.

    Each risk goes into a category by the cut-offs (``[0, c1), [c1, c2), ..., [ck, 1]``: a risk equal to a
    cut-off goes up).  Per outcome class the reclassification table counts old category (rows) against new
    (columns); a move to a higher category is "up", to a lower one "down", and
    NRI = (up_ev - down_ev) / n_ev + (down_ne - up_ne) / n_ne, its events part NRI+ and non-events part NRI-.

    Parameters
    ----------
    {{reclass_risks}}
    cutoffs : float or array-like
        The interior risk cut-offs, strictly increasing, each in (0, 1) (nricens's ``cut``; PredictABEL's
        ``cutoff`` without its leading 0 and trailing 1).
    boot : int, default 1000
        Bootstrap replicates for nricens's interval (its ``niter``; 0: none).
    seed : int or None, default None
        As if ``set.seed(seed)`` ran just before the bootstrap; None draws from fresh OS entropy (the seed
        used is kept in the result).
    conf_level : float, default 0.95
        Level of both intervals, in (0, 1).  The bootstrap uses ``alpha = 1 - conf_level`` rounded to 12
        decimals, so 0.95 gives nricens's ``alpha = 0.05`` exactly (the binary ``1 - 0.95`` is
        0.050000000000000044, which moves a type-2 percentile by one order statistic at ``boot=1000``).
    resample : {"sample", "nricens"}, default "sample"
        How each bootstrap sample is drawn from R's stream: ``sample(n, replace = TRUE)``, or nricens's own
        ``as.integer(runif(n, 0, n)) + 1`` (which draws other rows from the same seed).

    Returns
    -------
    Reclassification
        ``table_events``, ``table_nonevents``, ``table_all`` (DataFrames of counts, rows the old model's
        categories, columns the new model's, labelled as PredictABEL's ``cut`` labels them), the counts
        ``up_ev, down_ev, up_ne, down_ne``, ``nri, nri_ev, nri_ne``, ``asymptotic`` (PredictABEL), ``estimates``
        (nricens, with the bootstrap's ``std_error, lower, upper``), ``continuous`` (:func:`improve_prob` of
        the risks), ``boot_samples`` (boot x 7, nricens's ``bootstrapsample``), ``seed``.

    Raises
    ------
    InputError
        Bad risks or outcome (as :func:`improve_prob`), a cut-off outside (0, 1), cut-offs not strictly
        increasing, ``boot`` not a whole number in 0..100000, ``conf_level`` outside (0, 1).

    Notes
    -----
    R call: ``PredictABEL::reclassification(data, cOutcome, x1, x2, c(0, cutoffs, 1))`` for ``asymptotic``
    (Hmisc's ``improveProb`` on the category numbers / their count: the standard errors of
    :func:`improve_prob`; PredictABEL's interval is ``nri -+ 1.96 se``, used at ``conf_level=0.95``, other
    levels take ``qnorm((1 + conf_level) / 2)``; p = ``2 * pnorm(-abs(z))``), and ``nricens::nribin(event =
    y, p.std = x1, p.new = x2, cut = cutoffs, updown = "category", niter = boot, alpha = 1 - conf_level)``
    for ``estimates``.  Rows with a missing value are dropped first (Hmisc's rule).

    The bootstrap reproduces this R code (``parity/r/reclass.R``), with ``f`` drawn as ``resample`` says::

        set.seed(seed); N <- length(y); samp <- matrix(NA, boot, 7)
        c1 <- findInterval(x1, cutoffs); c2 <- findInterval(x2, cutoffs)
        for (b in 1:boot) {
          f <- sample(N, replace = TRUE)          # resample = "sample"
          # f <- as.integer(runif(N, 0, N)) + 1   # resample = "nricens" (nribin's own draw)
          ev <- y[f] == 1; up <- c2[f] > c1[f]; dn <- c2[f] < c1[f]
          samp[b, ] <- c(mean(up[ev]) - mean(dn[ev]) + (mean(dn[!ev]) - mean(up[!ev])),
                         mean(up[ev]) - mean(dn[ev]), mean(dn[!ev]) - mean(up[!ev]),
                         mean(up[ev]), mean(dn[ev]), mean(dn[!ev]), mean(up[!ev]))
        }
        std_error <- apply(samp, 2, sd)
        ci <- apply(samp, 2, quantile, c(alpha / 2, 1 - alpha / 2), na.rm = TRUE, type = 2)

    which is nricens's loop with the risks categorised once (nribin categorises each resample, with the
    same result).  With ``resample="nricens"`` the numbers are nribin's.  A replicate without events or
    without non-events has NaN statistics (R's ``mean`` of nothing): they are left out of the percentiles
    (``na.rm = TRUE``) and make ``std_error`` NaN (``sd`` without ``na.rm``), with an ``RWarning``.

    Examples
    --------
    >>> from cmvt_core import reclassification
    >>> y = [0, 0, 0, 1, 1, 1, 0, 1, 0, 1]
    >>> old = [0.05, 0.15, 0.25, 0.15, 0.25, 0.35, 0.12, 0.08, 0.40, 0.22]
    >>> new = [0.04, 0.25, 0.08, 0.22, 0.35, 0.45, 0.09, 0.21, 0.10, 0.31]
    >>> r = reclassification(old, new, y, [0.1, 0.2, 0.3], boot=200, seed=1)
    >>> r.up_ev, r.down_ev, r.up_ne, r.down_ne, r.nri
    (4, 0, 1, 3, 1.2)
    >>> r.table_events
    Updated Model  [0,0.1)  [0.1,0.2)  [0.2,0.3)  [0.3,1]
    Initial Model
    [0,0.1)              0          0          1        0
    [0.1,0.2)            0          0          1        0
    [0.2,0.3)            0          0          0        2
    [0.3,1]              0          0          0        1
    """
    a, b, yv, _ = _inputs(x1, x2, y)
    c = _cutoffs(cutoffs)
    boot = V.replicates(boot, "boot", n=a.shape[0], low=0)
    seed = V.seed(seed)
    conf_level = V.number(conf_level, "conf_level", low=0.0, high=1.0, low_open=True, high_open=True)
    resample = V.choice(resample, "resample", _RESAMPLE)
    k = c.shape[0] + 1
    labels = _labels(c)
    c1 = np.searchsorted(c, a, side="right")  # the number of cut-offs <= p: [c_i, c_i+1)
    c2 = np.searchsorted(c, b, side="right")
    ev = yv == 1
    up, down = c2 > c1, c2 < c1
    # PredictABEL: improveProb(as.numeric(c11) * (1/K), as.numeric(c22) * (1/K), y)
    cat = _improve((c1 + 1) * (1.0 / k), (c2 + 1) * (1.0 / k), yv)
    z = 1.96 if conf_level == 0.95 else float(qnorm((1 + conf_level) / 2))
    rows = [(cat.nri, cat.se_nri, cat.z_nri), (cat.nri_ev, cat.se_nri_ev, cat.z_nri_ev),
            (cat.nri_ne, cat.se_nri_ne, cat.z_nri_ne)]
    asym = pd.DataFrame([[m, s, zz, 2 * pnorm(-abs(zz)), m - z * s, m + z * s] for m, s, zz in rows],
                        index=["NRI", "NRI+", "NRI-"], columns=["estimate", "se", "z", "p_value", "lower", "upper"])
    est = _nricens_counts(yv[None, :], up[None, :], down[None, :])[0]
    estimates = pd.DataFrame({"estimate": est}, index=list(NRICENS_ROWS))
    samples = np.empty((0, 7))
    used_seed = None
    if boot:
        rng = RRNG(seed)
        used_seed = rng.seed
        n = a.shape[0]
        chunk = max(1, min(boot, 2_000_000 // max(n, 1)))
        parts = []
        for start in range(0, boot, chunk):
            f = _draw(rng, n, min(chunk, boot - start), resample)
            parts.append(_nricens_counts(yv[f], up[f], down[f]))
        samples = np.vstack(parts)
        alpha = round(1.0 - conf_level, 12)
        probs = [alpha / 2, 1 - alpha / 2]
        bad = np.isnan(samples[:, 0])
        if bad.any():
            warnings.warn(f"reclassification: {int(bad.sum())} of {boot} bootstrap samples have no events or no "
                          "non-events; their NRI is NaN, left out of the percentiles (nricens's na.rm = TRUE), and "
                          "std_error is NaN (R's sd)", RWarning, stacklevel=2)
        ci = np.array([quantile(col[~np.isnan(col)], probs, type=2) for col in samples.T])  # NaN when all are
        estimates["std_error"] = [_sqrt(r_var(col)) for col in samples.T]
        estimates["lower"] = ci[:, 0]
        estimates["upper"] = ci[:, 1]
    return Reclassification(
        cutoffs=tuple(float(v) for v in c), categories=labels,
        table_events=_table(c1[ev], c2[ev], k, labels), table_nonevents=_table(c1[~ev], c2[~ev], k, labels),
        table_all=_table(c1, c2, k, labels), n=int(yv.shape[0]), n_events=int(ev.sum()),
        n_nonevents=int((~ev).sum()), up_ev=int((up & ev).sum()), down_ev=int((down & ev).sum()),
        up_ne=int((up & ~ev).sum()), down_ne=int((down & ~ev).sum()), nri=cat.nri, nri_ev=cat.nri_ev,
        nri_ne=cat.nri_ne, asymptotic=asym, estimates=estimates, continuous=_improve(a, b, yv),
        conf_level=conf_level, boot=boot, seed=used_seed, resample=resample, boot_samples=samples)

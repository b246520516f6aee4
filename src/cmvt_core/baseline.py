"""The baseline table of the study (SPSS-style), with R's numbers.

``baseline_table(X, group)`` builds it: continuous variables as mean ± SD with a t-test when Shapiro–Wilk
does not reject normality (alpha 0.05) in both groups, otherwise median [P25, P75] (R's ``quantile`` type 7)
with the Mann–Whitney U test; categorical variables (non-numeric, or at most ``max_levels`` distinct integer
values) as n (%) with chi-square, or Fisher's exact test when any expected count is below 5.  The tests are
``cmvt_core.htest`` (ports of R's ``t.test``, ``wilcox.test``, ``chisq.test``, ``fisher.test``,
``shapiro.test``).  Its R twin is ``parity/r/baseline.R``.
"""
from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from typing import Sequence

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from .errors import InputError, RWarning
from .htest import chisq_test, fisher_test, shapiro_test, t_test, wilcox_test
from .kernels.rbase import quantile, r_mean, r_median, r_var

__all__ = ["BaselineTable", "baseline_table"]


# ----------------------------------------------------------------------------------------------
# the baseline table
@dataclass
class BaselineTable:
    """The baseline table.

    ``table``: the printable table (DataFrame: ``variable, level, overall, group_0, group_1, test, statistic,
    p_value``; summaries formatted as text, statistic and p-value numeric, test results on the first row of
    each variable).  ``stats``: the same rows with every number at full precision (counts, means, SDs, medians,
    quartiles, Shapiro–Wilk p-values per group) — what the R twin is compared with.  ``groups``: the two group
    values (group_0 is the first, group_1 the second, in sorted order).

    Attributes
    ----------
    table : pandas.DataFrame
        The printable table.
    stats : pandas.DataFrame
        The same rows at full precision.
    groups : tuple
        The two group values, in sorted order.
    group_labels : tuple
        The groups' labels in the table's header.
    settings : dict
        The settings used (max_levels, alpha, var_equal, correct, ...).
    """

    table: pd.DataFrame
    stats: pd.DataFrame
    groups: tuple
    group_labels: tuple
    settings: dict

    def __str__(self) -> str:
        """The printable table as R prints a data frame."""
        from . import _printing as P
        return P.print_frame(self.table, digits=4)

    def __repr__(self) -> str:
        from . import _printing as P
        return P.short(P.print_frame(self.table, digits=4, rows=8))

    def _repr_html_(self) -> str:
        from . import _printing as P
        return P.html_frame(self.table, "Baseline table", digits=4, rows=100)

    def to_dict(self) -> dict:
        def rec(df):
            out = []
            for row in df.to_dict(orient="records"):
                clean = {}
                for k, v in row.items():
                    if isinstance(v, (np.floating, float)):
                        clean[str(k)] = float(v)
                    elif isinstance(v, (np.integer,)):
                        clean[str(k)] = int(v)
                    elif v is None or (not isinstance(v, str) and pd.isna(v)):
                        clean[str(k)] = None
                    else:
                        clean[str(k)] = v if isinstance(v, (str, bool, int)) else str(v)
                out.append(clean)
            return out
        return {"groups": [g.item() if hasattr(g, "item") else g for g in self.groups],
                "group_labels": list(self.group_labels), "settings": dict(self.settings),
                "table": rec(self.table), "stats": rec(self.stats)}


def _is_categorical(col: pd.Series, max_levels: int) -> bool:
    if isinstance(col.dtype, pd.CategoricalDtype) or pd.api.types.is_bool_dtype(col.dtype):
        return True
    if not pd.api.types.is_numeric_dtype(col.dtype):
        return True
    v = col.dropna().to_numpy(dtype=np.float64)
    u = np.unique(v)
    return bool(u.shape[0] <= max_levels and np.all(u == np.round(u)))


def _fmt(v: float, digits: int) -> str:
    return f"{v:.{digits}f}"


def baseline_table(X: pd.DataFrame, group: ArrayLike | pd.Series | str, *, variables: Sequence[str] | None = None,
                   categorical: Sequence[str] | None = None, continuous: Sequence[str] | None = None,
                   max_levels: int = 5, alpha: float = 0.05, var_equal: bool = False, correct: bool = True,
                   expected_min: float = 5.0, digits: int = 2, group_labels: Sequence[str] | None = None,
                   fisher_workspace: int = 200000) -> BaselineTable:
    """The baseline comparison of two groups (training vs validation, or events vs non-events).

    ``X``: DataFrame of variables; ``group``: one value per row of X taking exactly two distinct values (a
    column name of X is also accepted).  Per variable:

    * continuous: Shapiro–Wilk (``shapiro_test``) in each group; if neither rejects at ``alpha`` (both p >=
      alpha) -> mean ± SD and ``t_test(var_equal=var_equal)`` (R's default Welch; SPSS-style Student with
      ``var_equal=True``), otherwise median [P25, P75] (type-7 quartiles) and ``wilcox_test`` (Mann–Whitney U,
      R's defaults).  A group whose Shapiro–Wilk test cannot be computed (fewer than 3 values, constant,
      more than 5000) counts as non-normal.
    * categorical (non-numeric, or at most ``max_levels`` distinct whole-number values, or named in
      ``categorical``): n (%) per level (% of the column's group) and ``chisq_test(correct=correct)``, or
      ``fisher_test`` when any expected count is below ``expected_min`` (R's FEXACT beyond 2 x 2, with
      ``workspace = fisher_workspace``, R's default; where that workspace is too small for the table, as in
      R, this raises ``InputError`` naming the column, with R's FEXACT message).

    Rows with a missing value of a variable are left out of that variable's summaries and test, as R's tests
    drop NA.  Neither ``X`` nor ``group`` is modified.

    Parameters
    ----------
    X : pandas.DataFrame
        The variables, one column each.
    group : array_like, pandas.Series or str
        One value per row of ``X`` taking exactly two distinct values, or the name of such a column of ``X``.
    variables : sequence of str or None, default None
        The columns to describe (default: every column of ``X`` but ``group``).
    categorical : sequence of str or None, default None
        Columns to treat as categorical whatever their values.
    continuous : sequence of str or None, default None
        Columns to treat as continuous whatever their values.
    max_levels : int, default 5
        A numeric column with at most this many distinct whole-number values is categorical.
    alpha : float, default 0.05
        Level of the Shapiro–Wilk tests that choose mean ± SD and the t-test.
    var_equal : bool, default False
        Student's t-test (pooled variance) instead of Welch's.
    correct : bool, default True
        Yates' continuity correction of the 2 x 2 chi-square tests.
    expected_min : float, default 5.0
        Fisher's exact test when any expected count is below this.
    digits : int, default 2
        Decimals of the formatted summaries.
    group_labels : sequence of str or None, default None
        Display names of the two groups (default: the group values).
    fisher_workspace : int, default 200000
        FEXACT's workspace (R's default).

    Returns
    -------
    BaselineTable
        ``table`` (printable: ``variable, level, overall, group_0, group_1, test, statistic, p_value``),
        ``stats`` (every number at full precision), ``groups``, ``group_labels`` and ``settings``.

    Raises
    ------
    InputError
        ``X`` not a DataFrame, ``group`` of the wrong length, missing or not two-valued, unknown columns,
        or FEXACT's workspace too small (naming the column).

    Notes
    -----
    R call: ``baseline_table_r(X, group, max_levels = 5, alpha = 0.05, var_equal = FALSE, correct = TRUE)``
    (``parity/r/baseline.R``: ``stats::shapiro.test``, ``t.test``, ``wilcox.test``, ``chisq.test``,
    ``fisher.test`` and ``quantile(type = 7)``)

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from cmvt_core.baseline import baseline_table
    >>> from cmvt_core.cohort import load_cohort
    >>> from cmvt_core.datasets import load_cmvt_cohort
    >>> X, y = load_cohort(load_cmvt_cohort(), "cmvt", ["age_group", "bmi", "pre_crp"])
    >>> bt = baseline_table(X, np.where(y == 1, "event", "no event"))
    >>> bt.groups
    ('event', 'no event')
    >>> bt.table[["variable", "level", "group_0", "test", "p_value"]].round(4)
        variable level            group_0                     test  p_value
    0  age_group     0         54 (46.2%)  Chi-square test (Yates)   0.0000
    1  age_group     1         63 (53.8%)                               NaN
    2        bmi             26.36 ± 3.25           Welch's t-test   0.8681
    3    pre_crp        2.76 [1.60, 6.83]      Mann-Whitney U test   0.8094
    """
    if not isinstance(X, pd.DataFrame):
        raise InputError("baseline_table: X must be a pandas DataFrame (its column names are the variable names)")
    if isinstance(group, str) and group in X.columns:
        gname = group
        g = X[group].to_numpy()
        if variables is None:
            variables = [c for c in X.columns if c != gname]
    else:
        g = np.asarray(pd.Series(group).to_numpy() if isinstance(group, pd.Series) else group)
    if g.ndim != 1 or g.shape[0] != X.shape[0]:
        raise InputError(f"baseline_table: group has {g.shape[0] if g.ndim == 1 else g.shape} values, "
                         f"X has {X.shape[0]} rows")
    gs = pd.Series(g, dtype=object)
    if gs.isna().any():
        rows = (np.flatnonzero(gs.isna().to_numpy()) + 1).tolist()
        raise InputError(f"baseline_table: group is missing in row(s) {rows[:10]}")
    levels = sorted(pd.unique(gs).tolist())
    if len(levels) != 2:
        raise InputError(f"baseline_table: group must take exactly two values, got {len(levels)}: {levels[:10]}")
    g1 = (gs == levels[1]).to_numpy()
    if variables is None:
        variables = list(X.columns)
    missing = [v for v in variables if v not in X.columns]
    if missing:
        raise InputError(f"baseline_table: column(s) not found in X: {missing}")
    categorical = set(categorical or ())
    continuous = set(continuous or ())
    labels = tuple(group_labels) if group_labels is not None else (str(levels[0]), str(levels[1]))

    cols = [str(c) for c in X.columns]
    dup = sorted({c for c in cols if cols.count(c) > 1})
    if dup:
        raise InputError(f"baseline_table: duplicated column name(s) {dup}")
    trows, srows = [], []
    for var in variables:
        col = X[var]
        if not col.notna().any():
            raise InputError(f"baseline_table: column {var!r} has no non-missing value")
        if pd.api.types.is_numeric_dtype(col.dtype) and not pd.api.types.is_bool_dtype(col.dtype):
            fv = col.to_numpy(dtype=np.float64, na_value=np.nan)
            if np.isinf(fv).any():
                i = int(np.flatnonzero(np.isinf(fv))[0])
                raise InputError(f"baseline_table: column {var!r} has an infinite value ({float(fv[i])!r}) in "
                                 f"row {i + 1}")
        is_cat = var in categorical or (var not in continuous and _is_categorical(col, max_levels))
        if is_cat:
            ok = col.notna().to_numpy()
            vals = col[ok]
            gg = g1[ok]
            if pd.api.types.is_numeric_dtype(vals.dtype) and not pd.api.types.is_bool_dtype(vals.dtype):
                lv = np.unique(vals.to_numpy(dtype=np.float64))
                key = vals.to_numpy(dtype=np.float64)
            else:
                key = vals.astype(str).to_numpy()
                lv = np.array(sorted(set(key.tolist())), dtype=object)
            tab = np.array([[np.sum((key == l) & ~gg), np.sum((key == l) & gg)] for l in lv], dtype=np.float64)
            n0, n1 = tab[:, 0].sum(), tab[:, 1].sum()
            test_name, stat, p = "", math.nan, math.nan
            if lv.shape[0] >= 2 and n0 > 0 and n1 > 0:
                e = np.outer(tab.sum(axis=1), tab.sum(axis=0)) / tab.sum()
                if (e < expected_min).any():
                    try:
                        res = fisher_test(tab, conf_int=False, workspace=fisher_workspace)
                    except InputError as exc:
                        raise InputError(f"baseline_table: column {var!r}: fisher.test: {exc}") from None
                    test_name, stat, p = "Fisher's exact test", math.nan, res.p_value
                else:
                    with warnings.catch_warnings():
                        warnings.simplefilter("ignore", RWarning)
                        res = chisq_test(tab, correct=correct)
                    test_name = "Chi-square test" + (" (Yates)" if res.extra["yates"] > 0 else "")
                    stat, p = res.statistic, res.p_value
            for li, l in enumerate(lv.tolist()):
                lvl = (str(int(l)) if isinstance(l, float) and l == int(l) else str(l))
                c0, c1 = tab[li, 0], tab[li, 1]
                ca = c0 + c1
                pa = 100 * ca / (n0 + n1) if n0 + n1 else math.nan
                p0 = 100 * c0 / n0 if n0 else math.nan
                p1 = 100 * c1 / n1 if n1 else math.nan
                first = li == 0
                trows.append({"variable": var, "level": lvl,
                              "overall": f"{int(ca)} ({pa:.1f}%)", "group_0": f"{int(c0)} ({p0:.1f}%)",
                              "group_1": f"{int(c1)} ({p1:.1f}%)", "test": test_name if first else "",
                              "statistic": stat if first else math.nan, "p_value": p if first else math.nan})
                srows.append({"variable": var, "level": lvl, "kind": "categorical",
                              "n_overall": ca, "n_0": c0, "n_1": c1, "pct_overall": pa, "pct_0": p0, "pct_1": p1,
                              "center_overall": math.nan, "center_0": math.nan, "center_1": math.nan,
                              "spread_overall": math.nan, "spread_0": math.nan, "spread_1": math.nan,
                              "q1_overall": math.nan, "q1_0": math.nan, "q1_1": math.nan,
                              "q3_overall": math.nan, "q3_0": math.nan, "q3_1": math.nan,
                              "shapiro_p_0": math.nan, "shapiro_p_1": math.nan,
                              "test": test_name if first else "", "statistic": stat if first else math.nan,
                              "p_value": p if first else math.nan})
            continue
        try:
            v = col.to_numpy(dtype=np.float64, na_value=np.nan)
        except (TypeError, ValueError):
            raise InputError(f"baseline_table: column {var!r} is not numeric") from None
        ok = ~np.isnan(v)
        x0, x1, xa = v[ok & ~g1], v[ok & g1], v[ok]
        if x0.shape[0] == 0 or x1.shape[0] == 0:
            raise InputError(f"baseline_table: column {var!r} has no non-missing value in one group")
        sp = []
        for xx in (x0, x1):
            try:
                sp.append(shapiro_test(xx).p_value)
            except InputError:
                sp.append(math.nan)
        normal = all((not math.isnan(q)) and q >= alpha for q in sp)
        if normal:
            try:
                res = t_test(x0, x1, var_equal=var_equal)
                stat, p = res.statistic, res.p_value
            except InputError:
                stat, p = math.nan, math.nan
            test_name = "Student's t-test" if var_equal else "Welch's t-test"
            cen = [r_mean(z) for z in (xa, x0, x1)]
            spr = [math.sqrt(r_var(z)) if z.shape[0] > 1 else math.nan for z in (xa, x0, x1)]
            q1 = q3 = [math.nan] * 3
            txt = [f"{_fmt(c, digits)} ± {_fmt(s, digits)}" for c, s in zip(cen, spr)]
        else:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RWarning)
                res = wilcox_test(x0, x1)
            stat, p = res.statistic, res.p_value
            test_name = "Mann-Whitney U test"
            cen = [r_median(z) for z in (xa, x0, x1)]
            qs = [quantile(z, [0.25, 0.75], type=7) for z in (xa, x0, x1)]
            q1 = [float(q[0]) for q in qs]
            q3 = [float(q[1]) for q in qs]
            spr = [math.nan] * 3
            txt = [f"{_fmt(c, digits)} [{_fmt(a, digits)}, {_fmt(b, digits)}]" for c, a, b in zip(cen, q1, q3)]
        if math.isnan(p):
            warnings.warn(f"baseline_table: column {var!r}: {test_name} gives no p-value (NaN, as R) — the "
                          "values are constant or all tied", RWarning, stacklevel=2)
        trows.append({"variable": var, "level": "", "overall": txt[0], "group_0": txt[1], "group_1": txt[2],
                      "test": test_name, "statistic": stat, "p_value": p})
        srows.append({"variable": var, "level": "", "kind": "normal" if normal else "nonnormal",
                      "n_overall": float(xa.shape[0]), "n_0": float(x0.shape[0]), "n_1": float(x1.shape[0]),
                      "pct_overall": math.nan, "pct_0": math.nan, "pct_1": math.nan,
                      "center_overall": cen[0], "center_0": cen[1], "center_1": cen[2],
                      "spread_overall": spr[0], "spread_0": spr[1], "spread_1": spr[2],
                      "q1_overall": q1[0], "q1_0": q1[1], "q1_1": q1[2],
                      "q3_overall": q3[0], "q3_0": q3[1], "q3_1": q3[2],
                      "shapiro_p_0": sp[0], "shapiro_p_1": sp[1],
                      "test": test_name, "statistic": stat, "p_value": p})
    table = pd.DataFrame(trows, columns=["variable", "level", "overall", "group_0", "group_1", "test",
                                         "statistic", "p_value"])
    stats = pd.DataFrame(srows)
    settings = {"max_levels": max_levels, "alpha": alpha, "var_equal": var_equal, "correct": correct,
                "expected_min": expected_min, "digits": digits,
                "n_0": int((~g1).sum()), "n_1": int(g1.sum())}
    return BaselineTable(table=table, stats=stats, groups=(levels[0], levels[1]), group_labels=labels,
                         settings=settings)

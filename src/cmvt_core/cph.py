"""The Cox proportional hazards model exactly as ``rms::cph`` (rms 6.5-0, survival 3.5-3) fits it.

rms calls survival's ``coxph.fit`` with ``coxph.control(eps = 1e-4, toler.chol = 1e-9, toler.inf = 1,
iter.max = 10)``, so the fit stops after a few Newton steps, short of full convergence; the kernel
``cmvt_core.kernels.coxph.coxfit6`` runs that loop step for step, so the coefficients are R's iterates
and not merely some converged optimum.  Design matrix (factor dummies "var=level") as ``lrm``'s.
rms's statistics: Model L.R., Score, R2 (relative to its maximum), the four ``R2Measures``, Dxy from
``dxy.cens(lp, Surv, type = "hazard")`` (survival's ``survConcordance.fit`` counts), ``g = GiniMd(lp)``.
``strat()`` terms of a formula stratify the fit as coxph.fit does: rows sorted by ``order(strata, time)`` and
coxfit6's ``newstrat`` marking each stratum's last row, so risk sets, ties and likelihood are per stratum;
survest reads each new row on its stratum's curve (docs/R_ALGORITHMS.md, "Stratified cph").

Error messages count rows from 1, as R does.
"""
from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from . import _printing as P
from . import _validate as V
from .errors import InputError, RWarning
from .formula import RmsFitMethods
from .kernels.distributions import pchisq, pnorm, qnorm
from .kernels.hmisc import gini_md
from .kernels.rbase import pretty, r_sum
from .kernels.rbase import r_pow as _r_pow
from .logistic import _as_frame, _design_matrix, _design_terms, _r_num_name

__all__ = ["cph", "CphFit"]

# rms::cph's defaults, passed to survival::coxph.control
_EPS = 1e-4
_TOL = 1e-9
_ITER_MAX = 10
_TOLER_INF = 1.0


def _check_time(time, n: int) -> np.ndarray:
    if isinstance(time, pd.Series) and isinstance(time.dtype, pd.CategoricalDtype):
        raise InputError("time must be numeric, not a Categorical")
    t = V.float_vector(time, "time", low=0.0)  # text, bools, NaN, Inf, < 0: named with their row
    V.same_length("time", t.shape[0], "x", n, unit_b="rows")
    return t


def _check_event(event, n: int) -> np.ndarray:
    e = V.outcome01(event, "event")
    V.same_length("event", e.shape[0], "x", n, unit_b="rows")
    if not (e == 1).any():
        raise InputError("event has no events (every row is censored, event == 0): cph needs at least one event")
    return e


def _default_time_inc(maxtime: float) -> float:
    """cph's time.inc for time units "Day" (Surv without units): 30, unless that is >= maxtime or gives
    more than 25 steps; then max(pretty(c(0, maxtime))) / 10."""
    ti = 30.0
    if ti >= maxtime or maxtime / ti > 25:
        ti = float(np.max(pretty(0.0, maxtime))) / 10.0
    return ti


def _dxy_hazard(lp: np.ndarray, time: np.ndarray, event: np.ndarray, time_order: np.ndarray | None = None) -> float:
    """rms's dxy.cens(lp, Surv(time, event), type = "hazard")["Dxy"] from survConcordance.fit's counts
    (``kernels.coxph.dxy_hazard``; ``time_order``: an order sorting ``time``, when known)."""
    from .kernels.coxph import dxy_hazard

    ordt = np.argsort(time, kind="stable") if time_order is None else time_order
    return float(dxy_hazard(lp, time, event.astype(np.int64), np.argsort(lp, kind="stable"), ordt))


@dataclass(repr=False)
class CphFit(RmsFitMethods):
    """An ``rms::cph`` fit.  Fields as R's (dots -> underscores); see ``docs/API.md``.

    Attributes
    ----------
    coef : pandas.Series
        Coefficients (no intercept).
    vcov : pandas.DataFrame
        Their covariance (the inverse information).
    loglik : numpy.ndarray
        Log partial likelihood at 0 and at the fit.
    stats : dict
        rms's statistics, named and ordered as rms gives them.
    linear_predictors : numpy.ndarray
        ``X beta - sum(means * beta)`` per row (centred, as R).
    center : float
        ``sum(means * beta)``.
    means : pandas.Series
        The column means the fit centred by.
    score, iter, ties, time_inc, maxtime : float, int, str, float, float
        The score test, coxph.fit's ``iter``, the ties method, rms's time.inc and maxtime.
    x, time, event, terms, data : numpy.ndarray, numpy.ndarray, numpy.ndarray, list, pandas.DataFrame
        The design matrix, the outcome and the predictors (rms's ``x = TRUE, y = TRUE``).
    u, flag : numpy.ndarray, int
        coxfit6's final score vector and its flag (rank, -2 after step halving, 1000 out of iterations).
    strata : pandas.Categorical or None
        The stratum of each row of a fit with ``strat()`` terms, labelled as rms's ``fit$strata``
        ("sex=1"; several terms: "celltype=adeno.prior=0"), categories in rms's level order; None otherwise.
    """

    coef: pd.Series
    vcov: pd.DataFrame
    loglik: np.ndarray
    stats: dict
    linear_predictors: np.ndarray
    center: float
    means: pd.Series
    score: float
    iter: int
    ties: str
    time_inc: float
    maxtime: float
    x: np.ndarray
    time: np.ndarray
    event: np.ndarray
    terms: list
    data: pd.DataFrame
    u: np.ndarray
    flag: int
    rms_design: Any = None
    strata: pd.Categorical | None = None

    @property
    def coefficients(self) -> pd.Series:
        return self.coef

    def design(self, newx) -> np.ndarray:
        """The design matrix of new rows (dummies, splines as in the fit)."""
        if self.formula is not None:
            return self.rms_design.matrix(newx)
        X, _ = _design_matrix(_as_frame(newx), self.terms)
        return X

    def concordance(self):
        """The fit's C-index: ``survival::concordance(fit)``, i.e. :func:`cmvt_core.concordance` of the
        linear predictors with ``reverse=True`` (a higher risk score, a shorter survival); its
        ``.concordance`` is rms's ``(Dxy + 1) / 2`` and ``.std_err`` survival's."""
        from .concordance import concordance

        self._not_stratified("concordance() (survival's concordance within strata)")
        return concordance(self.time, self.event, self.linear_predictors, reverse=True)

    def predict(self, newx=None) -> np.ndarray | pd.Series:
        """``predict(fit, newdata, type = "lp")``: ``X beta - center`` (rms's predictrms); a DataFrame ``newx``
        gives a Series with its index, an array (or no ``newx``: the fit's rows) gives numpy."""
        if newx is None:
            return self.linear_predictors.copy()
        X = self.design(newx)
        xb = np.zeros(X.shape[0])
        for j, b in enumerate(self.coef.to_numpy()):  # Hmisc::matxv -> x %*% b in reference-BLAS order
            xb = xb + b * X[:, j]
        out = xb - self.center
        return pd.Series(out, index=newx.index, name="lp") if isinstance(newx, pd.DataFrame) else out

    def survest(self, newx: pd.DataFrame | ArrayLike, times: ArrayLike) -> pd.DataFrame:
        """Survival probabilities at ``times`` for new rows, as ``rms::survest(fit, newx, times)$surv``.

        Parameters
        ----------
        newx : pandas.DataFrame or array_like
            New rows with the fit's predictor columns (extra columns are ignored, as rms ignores them); for a
            stratified fit also the ``strat()`` columns, which choose each row's baseline curve.
        times : array_like
            Times >= 0; the columns come out sorted, as ``summary.survfit`` sorts them.

        Returns
        -------
        pandas.DataFrame
            One row per row of ``newx`` (its index), one column per time (sorted): ``S0(t)^exp(lp)``, ``S0``
            the curve of the row's stratum in a stratified fit.

        Raises
        ------
        InputError
            A negative, missing or infinite time; a predictor column missing from ``newx`` or holding a
            missing value or a level the fit has not seen; a stratum without rows in the fit.

        Notes
        -----
        With ``x = TRUE, y = TRUE`` and survest's default ``conf.int = 0.95`` rms recomputes the curve
        through ``survfit.cph`` -> survival's ``agsurv``: the baseline cumulative hazard at each event time
        is ``cumsum(nevent / nrisk)`` for ties = "breslow" and Efron's ``cumsum(nevent * sum1)`` (agsurv5)
        for "efron", with the risk sets ``rcumsum(rowsum(exp(lp), time))`` (centred lp); then
        ``exp(-cumhaz) ^ exp((X - means) %*% coef)``, a step function over the event times with 1 before
        the first, read at ``findInterval(t, c(0, event times))`` (the value at an event time counts; the
        last value holds beyond the last event, ``extend = TRUE``).  Sums and powers follow R's order
        (long-double ``cumsum``, libm ``exp`` and ``pow``).  A stratified fit runs agsurv on each stratum's
        rows (coxsurv.fit) and reads each new row on its own stratum's curve.

        R call: ``rms::survest(fit, newdata = newx, times = times)$surv`` with
        ``fit <- rms::cph(Surv(time, event) ~ ..., x = TRUE, y = TRUE, surv = TRUE, method = ties)``.

        Examples
        --------
        >>> from cmvt_core import cph
        >>> from cmvt_core.datasets import load_survival
        >>> lung = load_survival("lung").dropna(subset=["age", "sex", "ph.ecog"])
        >>> fit = cph(lung[["age", "sex", "ph.ecog"]], lung["time"], lung["status"] == 2)
        >>> fit.survest(lung[["age", "sex", "ph.ecog"]].iloc[:2], [365, 0]).round(4)
        time  0.0     365.0
        0       1.0  0.2797
        1       1.0  0.4725
        """
        tt = np.sort(V.float_vector(times, "times", low=0.0), kind="stable")
        X2 = self.design(newx)
        n2 = X2.shape[0]
        if self.strata is None:
            req = np.zeros(n2, dtype=np.int64)
            curves = [self._baseline_survival()]
        else:  # survfit.cph: each new row reads the curve of its own stratum (predictrms's strata)
            full = math.prod(len(t.parms) for t in self.rms_design.strata_terms)
            if len(self.strata.categories) != full:
                raise InputError(
                    f"rms's survest stops on this fit ('new dataset has strata levels not found in the original'): "
                    f"its strata keep {len(self.strata.categories)} of the {full} combinations of the strat() levels "
                    "(interaction(drop = TRUE)), while predictrms labels new rows over all of them")
            req = self._strata_codes(newx)
            curves = [self._baseline_survival(k) if (req == k).any() else None
                      for k in range(len(self.strata.categories))]
        # summary.survfit reads x[pmax(1, findInterval(t, time))]
        s_ats = [None if c is None else c[1][np.maximum(np.searchsorted(c[0], tt, side="right"), 1) - 1]
                 for c in curves]
        # newrisk <- exp(matxv(X2 - means, coef) + 0): dgemv order, column by column
        means = self.means.to_numpy()
        xb = np.zeros(n2)
        for j, b in enumerate(self.coef.to_numpy()):
            xb = xb + b * (X2[:, j] - means[j])
        risk2 = [math.exp(v) for v in (xb + 0.0)]
        out = np.empty((n2, tt.shape[0]))
        for i, r in enumerate(risk2):
            out[i] = [_r_pow(s, r) for s in s_ats[req[i]]]
        index = newx.index if isinstance(newx, pd.DataFrame) else pd.RangeIndex(n2)
        return pd.DataFrame(out, index=index, columns=pd.Index(tt, name="time"))

    def _strata_codes(self, newx) -> np.ndarray:
        """0-based position in ``strata.categories`` of each new row's stratum (a stratified fit)."""
        lab, _ = self.rms_design.strata_labels(newx)
        pos = {lv: i for i, lv in enumerate(self.strata.categories)}
        bad = [v for v in lab if v not in pos]
        if bad:
            raise InputError(f"newx has stratum {bad[0]!r}, which has no rows in the fit (its strata: "
                             f"{list(self.strata.categories)}); rms stops on strata levels not in the original")
        return np.array([pos[v] for v in lab], dtype=np.int64)

    def _not_stratified(self, what: str) -> None:
        if self.strata is not None:
            raise InputError(f"{what} of a stratified cph fit (strat()) is not ported yet; fit without strat()")

    def _baseline_survival(self, stratum: int | None = None) -> tuple[np.ndarray, np.ndarray]:
        """The baseline survival curve at the means (survfit.cph -> agsurv, ``exp(-cumhaz)``) as a step
        function: its times (0 first, then the event times) and values (1 first), survfit0's layout.  A
        stratified fit needs ``stratum`` (0-based, in ``strata.categories``): coxsurv.fit runs agsurv on that
        stratum's rows (in row order) with the fit's centred linear predictors."""
        if stratum is None:
            self._not_stratified("the single baseline survival curve (nomogram's survival axes)")
            rows = slice(None)
        else:
            rows = np.flatnonzero(self.strata.codes == stratum)
        etimes, cumhaz = _cox_cumhaz(self.time[rows], self.event[rows], self.linear_predictors[rows],
                                     self.ties == "efron")
        s0 = np.array([math.exp(-h) for h in cumhaz])
        if etimes.size == 0 or etimes[0] > 0:
            etimes = np.concatenate([[0.0], etimes])
            s0 = np.concatenate([[1.0], s0])
        return etimes, s0

    def summary(self) -> pd.DataFrame:
        """Wald table: coef, se, z, p (``2 * pnorm(-|z|)``), hazard_ratio, hr_lower, hr_upper
        (``exp(coef -/+ qnorm(0.975) * se)``)."""
        b = self.coef.to_numpy()
        se = np.sqrt(np.diag(self.vcov.to_numpy()))
        with np.errstate(divide="ignore", invalid="ignore"):
            z = b / se
        pv = 2 * pnorm(-np.abs(z))
        q = float(qnorm(0.975))
        with np.errstate(over="ignore"):
            hr = {"hazard_ratio": np.exp(b), "hr_lower": np.exp(b - q * se), "hr_upper": np.exp(b + q * se)}
        return pd.DataFrame({"coef": b, "se": se, "z": z, "p": pv, **hr}, index=list(self.coef.index))

    def to_dict(self) -> dict:
        """Plain Python values (JSON-ready)."""
        return {"coef": {k: float(v) for k, v in self.coef.items()},
                "vcov": self.vcov.to_numpy().tolist(), "coef_names": list(self.coef.index),
                "loglik": [float(v) for v in self.loglik],
                "stats": {k: float(v) for k, v in self.stats.items()},
                "linear_predictors": self.linear_predictors.tolist(), "center": float(self.center),
                "means": {k: float(v) for k, v in self.means.items()}, "score": float(self.score),
                "iter": int(self.iter), "ties": self.ties, "time_inc": float(self.time_inc),
                "maxtime": float(self.maxtime),
                "strata": None if self.strata is None else [str(v) for v in self.strata],
                "summary": self.summary().reset_index(names="term").to_dict(orient="list")}

    # -- printing: rms's print.cph -------------------------------------------------------------
    def _text(self) -> str:
        st = self.stats
        misc = [("Obs", P.format1(st["Obs"])), ("Events", P.format1(st["Events"])),
                ("Center", P.format1(P.r_round(self.center, 4)))]
        lr = [("LR chi2", P.format_np(st["Model L.R."], 2)[0]), ("d.f.", P.format1(st["d.f."])),
              ("Pr(> chi2)", P.format_np(st["P"], 4)[0]),
              ("Score chi2", P.format_np(st["Score"], 2)[0]),
              ("Pr(> chi2)", P.format_np(st["Score P"], 4)[0])]
        r2n = [k for k in st if k.startswith("R2(")]
        disc = [("R2", st["R2"])] + [(r2n[i - 1], st[r2n[i - 1]]) for i in (2, 4) if i <= len(r2n)] + [("Dxy", st["Dxy"])]
        disc = [(k, P.format_np(v, 3)[0]) for k, v in disc]
        labels = ["", "Model Tests", "Discrimination\nIndexes"]
        block = P.pr_stats(labels, [misc, lr, disc])
        b = self.coef.to_numpy()
        se = np.sqrt(np.diag(self.vcov.to_numpy()))
        with np.errstate(divide="ignore", invalid="ignore"):
            z = b / se
        pv = 1.0 - np.array([pchisq(float(v) ** 2, 1.0) for v in z])
        cols = [P.format_np(b, 4), P.format_np(se, 4), P.format_np(z, 2), P.format_np(pv, 4, pvalue=True)]
        table = P.print_matrix(cols, ["Coef", "S.E.", "Wald Z", "Pr(>|Z|)"], list(self.coef.index),
                               right=False).split("\n")
        return "\n".join(["Cox Proportional Hazards Model", "",
                          f"cph(formula = {self.formula or 'Surv(time, event) ~ ...'}, method = \"{self.ties}\", x = TRUE, "
                          "y = TRUE, surv = TRUE)", "", *self._strata_table(), *block, "", *table, ""])

    def _strata_table(self) -> list[str]:
        """print.cph's ``table(Strata, ev, dnn = c("Stratum", "Status"))`` of a stratified fit, then a blank."""
        if self.strata is None:
            return []
        codes = self.strata.codes
        rows = ["  " + str(lv) for lv in self.strata.categories]
        w = max(len("Stratum"), *(len(r) for r in rows))
        counts = [[int(np.sum((codes == k) & (self.event == ev))) for ev in (0, 1)] for k in range(len(rows))]
        heads = ["No Event", "Event"]
        cw = [max(len(heads[j]), *(len(str(c[j])) for c in counts)) for j in range(2)]
        out = [" " * w + "Status", "Stratum".ljust(w) + "".join(" " + h.rjust(cw[j]) for j, h in enumerate(heads))]
        out += [r.ljust(w) + "".join(" " + str(c[j]).rjust(cw[j]) for j in range(2)) for r, c in zip(rows, counts)]
        return out + [""]

    def __str__(self) -> str:
        """``print(fit)`` laid out as rms's print.cph."""
        return self._text()

    def __repr__(self) -> str:
        return P.short(self._text())


def cph(x: pd.DataFrame | ArrayLike | str | None = None, time: ArrayLike | pd.DataFrame | None = None,
        event: ArrayLike | None = None, *, ties: str = "efron", time_inc: float | None = None,
        formula: str | None = None, data: pd.DataFrame | None = None) -> CphFit:
    """Fit a Cox proportional hazards model as ``rms::cph``, from ``(x, time, event)`` or ``(formula, data)``.

    The formula form takes an rms formula in R's syntax with the response ``Surv(time, event)`` (two
    columns of ``data``; event 0/1 or bool): ``cph("Surv(time, status) ~ rcs(age, 4) + sex", data=df)``; its
    fit also has ``.parms`` and ``.rms_design`` (see :mod:`cmvt_core.formula`).  ``strat(x)`` terms stratify
    the fit as rms's (risk sets, ties and likelihood per stratum; ``.strata`` the stratum of each row); a
    stratified fit's ``calibrate``/``validate``/nomogram survival axes are not ported (``InputError``).

    The Newton loop is survival's ``coxfit6`` with rms's control (``eps = 1e-4``, ``iter.max = 10``,
    ``toler.chol = 1e-9``), ported step for step: the coefficients are R's iterates, not a fully
    converged optimum.  Factors (Categorical or text columns) become rms dummies "var=level", the first
    level the reference, as in ``lrm``.

    Parameters
    ----------
    x : pandas.DataFrame or array_like or str
        The predictors, one column each (a 2-D array's columns are named x1..xp); or the formula (then
        ``time`` is the data).
    time : array_like or pandas.DataFrame
        Follow-up times, numbers >= 0, one per row of ``x``; or the data of a formula given as ``x``.
    event : array_like
        1 (or True) for an event, 0 (or False) for a censored time.  survival's 1/2 coding is not
        accepted: recode ``status == 2`` first.
    ties : {"efron", "breslow"}, default "efron"
        rms's ``method``: the handling of tied event times.
    time_inc : float or None, default None
        rms's ``time.inc`` (stored only); None gives rms's default for times in days.
    formula : str, optional
        ``"Surv(time, event) ~ terms"`` (the same as passing it as ``x``).
    data : pandas.DataFrame, optional
        The data of the formula.

    Returns
    -------
    CphFit
        ``coef``, ``vcov``, ``loglik`` (null, model), ``stats`` (rms's names and order),
        ``linear_predictors`` (centred), ``center``, ``means``, ``strata`` (None without ``strat()``),
        ``predict(newx)`` (rms's centred linear predictor), ``summary()`` (Wald table with hazard ratios),
        ``to_dict()``.

    Raises
    ------
    InputError
        Missing, negative or non-numeric times; events other than 0/1; no events; missing predictor
        values; a design rms deems singular ("X matrix deemed to be singular; variable ...").

    Warns
    -----
    RWarning
        coxph.fit's warnings, with R's text: "Ran out of iterations and did not converge", "one or more
        coefficients may be infinite", "Loglik converged before variable ...; coefficient may be
        infinite.".

    Notes
    -----
    R call: ``rms::cph(Surv(time, event) ~ x1 + x2 + ..., data = x, x = TRUE, y = TRUE, surv = TRUE,
    method = ties)`` (rms 6.5-0, survival 3.5-3), or ``rms::cph(formula, data, x = TRUE, y = TRUE, surv =
    TRUE, method = ties)``.

    Examples
    --------
    >>> import pandas as pd
    >>> from cmvt_core import cph
    >>> from cmvt_core.datasets import load_survival
    >>> lung = load_survival("lung").dropna(subset=["age", "sex", "ph.ecog"])
    >>> fit = cph(lung[["age", "sex", "ph.ecog"]], lung["time"], lung["status"] == 2)
    >>> fit.coef.round(4).to_dict()
    {'age': 0.0111, 'sex': -0.5525, 'ph.ecog': 0.4636}
    >>> fit.stats["Events"], round(fit.stats["Model L.R."], 2)
    (164.0, 30.5)

    A formula with a stratum per sex (``rms::cph(Surv(time, dead) ~ age + strat(sex) + ph.ecog, ...)``):

    >>> sfit = cph("Surv(time, dead) ~ age + strat(sex) + ph.ecog", lung.assign(dead=lung["status"] == 2))
    >>> sfit.coef.round(4).to_dict(), list(sfit.strata.categories)
    ({'age': 0.0106, 'ph.ecog': 0.4624}, ['sex=1', 'sex=2'])
    >>> sfit.survest(lung.iloc[:2], [365]).round(4)
    time   365.0
    0     0.2857
    1     0.4769
    """
    from .kernels.coxph import coxfit6

    ties = V.choice(ties, "ties", ["efron", "breslow"])
    if time_inc is not None:
        time_inc = V.number(time_inc, "time_inc", low=0.0, low_open=True)
    des = None
    if isinstance(x, str) or formula is not None:
        from .formula import design_from_formula

        data = time if data is None else data
        des, X = design_from_formula(x if formula is None else formula, data, survival=True)
        df = data.copy()
        n = df.shape[0]
        tname, ename = des.response[2][0][1], des.response[2][1][1]
        t = _check_time(data[tname], n)
        e = _check_event(data[ename], n)
        terms, names = [], list(des.colnames)
    else:
        if x is None and time is None and event is None:
            raise InputError("cph needs x, time and event, or a formula and data")
        df = _as_frame(x)
        n = df.shape[0]
        t = _check_time(time, n)
        e = _check_event(event, n)
        terms = _design_terms(df)
        X, names = _design_matrix(df, terms)
    if des is None:
        from .formula import design_from_xy

        des = design_from_xy(names, terms)
    nvar = X.shape[1]

    st = des.strata_labels(df) if des.formula else None
    if st is None:
        strata_f = None
        sorted_ = np.argsort(t, kind="stable")  # R's order(time): ties keep the row order
        strata = np.zeros(n, dtype=np.int64)
    else:
        strata_f = pd.Categorical(st[0], categories=st[1])
        scode = strata_f.codes.astype(np.int64)
        sorted_ = np.lexsort((t, scode))  # coxph.fit's order(strata, time), stable
        # newstrat <- c(1 * (diff(as.numeric(strata)) != 0), 1): 1 at the last row of each stratum
        strata = np.append((np.diff(scode[sorted_]) != 0).astype(np.int64), 1)
    covar = np.ascontiguousarray(X[sorted_].T)
    stime = t[sorted_].copy()
    sstat = e[sorted_].astype(np.int64)
    beta, means, u, imat, loglik, sctest, it, flag = coxfit6(
        _ITER_MAX, stime, sstat, covar, np.zeros(n), np.ones(n), strata, ties == "efron", _EPS, _TOL,
        np.zeros(nvar), np.ones(nvar, dtype=np.int64))
    var = imat.T.copy()  # matrix(imat, nvar, nvar)
    coef = beta.copy()
    which_sing = np.diag(var) == 0 if flag < nvar else np.zeros(nvar, dtype=bool)
    if which_sing.any():
        raise InputError("X matrix deemed to be singular; variable "
                         + " ".join(names[j] for j in np.flatnonzero(which_sing))
                         + " (rms::cph fails with singular.ok = FALSE)")
    # lp <- c(x %*% coef) + offset - sum(coef * means): x %*% coef in reference-BLAS dgemv order
    xb = np.zeros(n)
    for j in range(nvar):
        xb = xb + coef[j] * X[:, j]
    ctr = r_sum(coef * means)
    lp = (xb + 0.0) - ctr
    infs = np.abs(_vecmat(u, var))
    if _ITER_MAX > 1:
        if flag == 1000:
            warnings.warn("Ran out of iterations and did not converge", RWarning, stacklevel=2)
            if lp.max() > 500 or not np.isfinite(infs).all():
                warnings.warn("one or more coefficients may be infinite", RWarning, stacklevel=2)
        else:
            bad = ~np.isfinite(u) | ((infs > _EPS) & (infs > _TOLER_INF * np.abs(coef)))
            if bad.any():
                which = ",".join(str(j + 1) for j in np.flatnonzero(bad))
                warnings.warn(f"Loglik converged before variable  {which} ; coefficient may be infinite. ",
                              RWarning, stacklevel=2)

    nevent = float(r_sum(e))
    logtest = -2 * (loglik[0] - loglik[1])
    r2_max = 1 - math.exp(2 * loglik[0] / n)
    r2 = (1 - math.exp(-logtest / n)) / r2_max
    r2m = r2_measures_scalar(logtest, nvar, float(n), nevent)
    pval = 1 - pchisq(logtest, nvar)
    g = gini_md(lp)
    dxy = _dxy_hazard(lp, t, e)
    with np.errstate(over="ignore"):
        gr = float(np.exp(np.float64(g)))
    stats = {"Obs": float(n), "Events": nevent, "Model L.R.": float(logtest), "d.f.": float(nvar), "P": float(pval),
             "Score": float(sctest), "Score P": float(1 - pchisq(sctest, nvar)), "R2": r2}
    stats.update(r2m)
    stats.update({"Dxy": float(dxy), "g": float(g), "gr": gr})
    maxtime = float(t.max())
    fields = {"coef": pd.Series(coef, index=names, name="coef"),
              "vcov": pd.DataFrame(var, index=names, columns=names),
              "loglik": np.asarray(loglik, dtype=float).copy(), "stats": stats, "linear_predictors": lp,
              "center": float(ctr), "means": pd.Series(means, index=names, name="means"),
              "score": float(sctest), "iter": int(it), "ties": ties,
              "time_inc": _default_time_inc(maxtime) if time_inc is None else time_inc, "maxtime": maxtime,
              "x": X, "time": t, "event": e, "terms": terms, "data": df.copy(), "u": u, "flag": int(flag),
              "rms_design": des, "strata": strata_f}
    return CphFit(**fields)


def _rcumsum(v: np.ndarray) -> np.ndarray:
    """``rev(cumsum(rev(v)))`` with R's long-double cumsum."""
    return np.cumsum(v[::-1].astype(np.longdouble))[::-1].astype(np.float64)


def _cox_cumhaz(time: np.ndarray, event: np.ndarray, lp: np.ndarray, efron: bool) -> tuple[np.ndarray, np.ndarray]:
    """survival's agsurv (one stratum, right censored, unit weights) as survfit.cph calls it, kept at the
    event times (survest's ``censor = FALSE``): the event times and the baseline cumulative hazard there.
    survtype 2 (Breslow: nevent / nrisk) or 3 (Efron: nevent * sum1 from agsurv5).  The per-time sums and
    the hazard come from ``kernels.coxph`` (``agsurv_sums``, ``agsurv_hazard``); the two ``cumsum`` are R's
    long-double ones."""
    from .kernels.coxph import agsurv_hazard, agsurv_sums

    o = np.argsort(time, kind="stable")  # rowsum adds a time's rows in row order
    utime, nevent, rsum, erisk = agsurv_sums(np.ascontiguousarray(time[o], dtype=np.float64),
                                             np.ascontiguousarray(event[o]).astype(np.int64),
                                             np.ascontiguousarray(lp[o], dtype=np.float64))
    nrisk = _rcumsum(rsum)
    haz = agsurv_hazard(nevent, nrisk, erisk, efron)
    cumhaz = np.cumsum(haz.astype(np.longdouble)).astype(np.float64)
    keep = nevent > 0
    return utime[keep], cumhaz[keep]


def _vecmat(u: np.ndarray, m: np.ndarray) -> np.ndarray:
    """u %*% m (1 x p times p x p) summed in index order, as reference BLAS does."""
    p = m.shape[0]
    out = np.zeros(m.shape[1])
    for j in range(m.shape[1]):
        s = 0.0
        for i in range(p):
            s += u[i] * m[i, j]
        out[j] = s
    return out


def r2_measures_scalar(lr: float, p: int, n: float, ess: float) -> dict[str, float]:
    """Hmisc::R2Measures(lr, p, n, ess) with a single effective sample size (cph passes the events)."""
    def name(pp, nn):
        nn = _r_num_name(nn)
        return f"R2({nn})" if pp == 0 else f"R2({pp},{nn})"

    out = {name(0, n): 1.0 - math.exp(-lr / n), name(p, n): 1.0 - math.exp(-max(lr - p, 0.0) / n)}
    if ess == n:  # rms: two more entries under the same two names, both NA; a dict keeps the first two
        return out
    out[name(0, ess)] = 1.0 - math.exp(-lr / ess)
    out[name(p, ess)] = 1.0 - math.exp(-max(lr - p, 0.0) / ess)
    return out


def _survival_at(etimes: np.ndarray, s0: np.ndarray, maxtime: float, t: float, lp: np.ndarray) -> np.ndarray:
    """``Survival(fit)(t, lp)`` of rms (Survival.cph, type "step"): the stored curve's value at the last
    stored time ``<= t + 1e-6``, NA when ``t > max(time) + 1e-6``, raised to ``exp(lp)`` (R's ``^``).
    rms stores the curve at every observed time (censored ones too, where it does not move) and at
    max(y); ``etimes``/``s0`` (:meth:`CphFit._baseline_survival`) hold the same step function."""
    lp = np.asarray(lp, dtype=np.float64)
    if t > maxtime + 1e-06:
        return np.full(lp.shape[0], np.nan)
    su = float(s0[np.searchsorted(etimes, t + 1e-06, side="right") - 1])
    return np.array([_r_pow(su, math.exp(v)) for v in lp])

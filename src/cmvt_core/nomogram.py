"""The nomogram of an ``lrm`` fit, as ``rms::nomogram(fit, fun=plogis)`` with ``datadist`` from the
training data (rms 6.5-0); formula fits (issue 22) get an axis per predictor, non-linear and interaction
axes (``_nomogram_formula``, docs/R_ALGORITHMS.md section 4a).

Axis values: factor levels; for a numeric predictor with at most 10 distinct values, those values;
otherwise ``pretty(range(x), n=10)`` over the full data range.  Contributions are uncentred
(beta * x, or the level's coefficient); each predictor's points are (contribution - its minimum
over the axis) * sc with sc = maxscale / the widest contribution range.  The risk axis inverts
plogis numerically on a 1000-point grid over ``lp.at`` with ``approx(ties=mean)``, as rms does.

A ``cph`` fit (issue 19) has no intercept: rms starts from ``-fit$center`` (its linear predictor is
centred), so ``intercept = -center + sum(R["min"])``, and ``lp.at`` is ``pretty()`` of the centred linear
predictors.  One axis per time ``t`` replaces the risk axis: the same inversion of rms's
``Survival(fit)(t, lp)``, the stored baseline curve at the means (``CphFit._baseline_survival``, the kernel
of ``survest``) read at the last time ``<= t + 1e-6`` and raised to ``exp(lp)`` (docs/R_ALGORITHMS.md,
"Nomogram of a cph fit").  A stratified formula cph fit (``strat()``) gets one such axis per (time, stratum),
``Survival(fit)(t, lp, stratum = "sex=1")``: the stratum's curve (``_baseline_survival(k)``), NA past the
stratum's own last time.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Literal

from numpy.typing import ArrayLike

import numpy as np
import pandas as pd

from . import _validate as V
from .errors import InputError
from .kernels.rbase import approx, pretty, r_sum, seq_len_out
from .cph import CphFit, _survival_at
from .logistic import LrmFit, _plogis

__all__ = ["nomogram", "Nomogram"]

_N_UNIQUE = 10  # datadist(n.unique = 10)


@dataclass
class Nomogram:
    """Result of ``nomogram``: fields as ``rms::nomogram``'s (info$sc, info$Intercept, axes).

    Attributes
    ----------
    axes : dict of str to pandas.DataFrame
        Per predictor, its axis (``value``, ``points``).
    total_points : numpy.ndarray
        The total-points axis ticks.
    lp_axis, risk_axis : pandas.DataFrame
        The linear-predictor and risk axes against total points.
    sc : float
        Points per unit of the linear predictor (rms's ``info$sc``).
    intercept : float
        rms's adjusted intercept.
    maxscale : float
        Points of the widest axis.
    R : pandas.DataFrame
        Minimum and maximum contribution per predictor.
    funlabel : str
        The risk axis's label.
    survival_axes : dict of float (or of (float, str)) to pandas.DataFrame
        For a ``cph`` fit, one axis per time ``t`` (``survival, total_points``): rms's
        ``fun = function(lp) Survival(fit)(t, lp)`` axis; empty for an lrm fit (whose ``risk_axis`` is
        then the function axis; for a cph fit ``risk_axis`` is empty).  For a stratified cph fit
        (``strat()``), one axis per time and stratum keyed ``(t, stratum label)``, e.g. ``(365.0, "sex=1")``
        (times in order, the strata in ``fit.strata.categories`` order): ``Survival(fit)(t, lp, stratum =
        "sex=1")``.
    """

    axes: dict[str, pd.DataFrame]
    total_points: np.ndarray
    lp_axis: pd.DataFrame  # columns lp, points (rms's "lp" axis: x.real and x)
    risk_axis: pd.DataFrame  # columns risk, total_points (rms's fun axis: x.real and x)
    sc: float
    intercept: float
    maxscale: float
    R: pd.DataFrame  # min / max contribution per predictor (rms's info$R)
    funlabel: str = "Predicted Value"
    _fit: LrmFit | CphFit = field(default=None, repr=False)
    survival_axes: dict = field(default_factory=dict)  # cph: per time, or per (time, stratum): survival, total_points
    #: formula fits: per predictor, the rms terms (positions in ``fit.rms_design.terms``) its points sum
    _groups: dict | None = field(default=None, repr=False)

    def _text(self, rows: int | None = None) -> str:
        from . import _printing as P
        out = [f"Points per unit of linear predictor: {P.format1(P.signif(self.sc, 6))} ",
               f"Linear predictor units per point   : {P.format1(P.signif(1 / self.sc, 4))} ", ""]
        for name, ax in self.axes.items():
            t = ax.rename(columns={"value": name, "points": "Points"}).reset_index(drop=True)
            out += [P.print_frame(t, rows=rows), ""]
        if len(self.risk_axis) or not self.survival_axes:
            risk = self.risk_axis.rename(columns={"total_points": "Total Points", "risk": self.funlabel})
            out += [P.print_frame(risk[["Total Points", self.funlabel]].reset_index(drop=True), rows=rows), ""]
        for t, a in self.survival_axes.items():
            lab = _survival_name(t)
            sa = a.rename(columns={"total_points": "Total Points", "survival": lab})
            out += [P.print_frame(sa[["Total Points", lab]].reset_index(drop=True), rows=rows), ""]
        return "\n".join(out)

    def __str__(self) -> str:
        """The axes as rms's ``print.nomogram`` lists them: points per unit of linear predictor, each
        variable's values and points, then total points against the predicted risk."""
        return self._text()

    def __repr__(self) -> str:
        from . import _printing as P
        return P.short(self._text(rows=3))

    def _repr_html_(self) -> str:
        from . import _printing as P
        parts = [P.html_frame(ax.reset_index(drop=True), name) for name, ax in self.axes.items()]
        if len(self.risk_axis) or not self.survival_axes:
            parts.append(P.html_frame(self.risk_axis.reset_index(drop=True), "risk axis"))
        for t, a in self.survival_axes.items():
            parts.append(P.html_frame(a.reset_index(drop=True), "survival axis, t = "
                                      + (f"{_tlabel(t[0])} ({t[1]})" if isinstance(t, tuple) else _tlabel(t))))
        return P.html_block(f"rms::nomogram (points per unit of linear predictor: {P.format1(self.sc)})", *parts)

    def score(self, x) -> pd.DataFrame:
        """Points per predictor, total points and risk for each row of ``x`` (same columns as the fit).

        For an lrm fit the last column is ``risk`` (``plogis(intercept + total / sc)``); for a cph fit it
        is one column ``survival_<t>`` per time of the nomogram, ``Survival(fit)(t, predict(fit, x))`` (rms's
        centred linear predictor, which ``intercept + total / sc`` equals up to rounding); for a stratified
        cph fit read on the row's own stratum (``stratum =`` its label), so ``x`` must hold the ``strat()``
        columns (a stratum the fit has no rows of raises InputError).
        """
        fit = self._fit
        if self._groups is not None:
            return self._score_formula(x)
        if not isinstance(x, pd.DataFrame):
            arr = np.asarray(x) if x is not None and not isinstance(x, (str, bytes)) else np.empty(0)
            if arr.ndim == 1 and arr.shape[0] == len(fit.terms):
                arr = arr[None, :]
            if arr.ndim != 2 or arr.shape[1] != len(fit.terms):
                raise InputError(f"x must be a DataFrame or a 2-D array with the fit's {len(fit.terms)} columns "
                                 f"({', '.join(t.name for t in fit.terms)}); got x={V.show(x)}")
            x = pd.DataFrame(arr, columns=[t.name for t in fit.terms])
        df = x
        X = fit.design(df)  # validates columns and levels
        out = {}
        col = 0
        coef = _slopes(fit)
        total = np.zeros(X.shape[0])
        for t in fit.terms:
            if t.kind == "numeric":
                contrib = coef[col] * X[:, col]
                col += 1
            else:
                k = len(t.levels) - 1
                contrib = (X[:, col:col + k] * coef[col:col + k]).sum(axis=1)
                col += k
            pts = (contrib - self.R.loc["min", t.name]) * self.sc
            out[t.name] = pts
            total = total + pts
        res = pd.DataFrame(out, index=df.index)
        res["total_points"] = total
        if isinstance(fit, CphFit):
            self._survival_columns(res, df)
        else:
            res["risk"] = _plogis(self.intercept + total / self.sc)
        return res

    def _score_formula(self, x) -> pd.DataFrame:
        """Formula fits: a predictor's points are its terms' contributions (its main term, the terms it
        interacts with and their interactions, as rms groups them on the axes) at the row's values."""
        if not isinstance(x, pd.DataFrame):
            raise InputError(f"x must be a DataFrame with the formula's columns; got x={V.show(x)}")
        from ._nomogram_formula import term_points

        out = term_points(self._fit, self._fit.rms_design.matrix(x), self._groups,
                          self.R.loc["min", list(self._groups)].to_numpy(), self.sc)
        total = np.zeros(x.shape[0])
        for v in out.values():
            total = total + v
        res = pd.DataFrame(out, index=x.index)
        res["total_points"] = total
        if isinstance(self._fit, CphFit):
            self._survival_columns(res, x)
        else:
            res["risk"] = _plogis(self.intercept + total / self.sc)
        return res

    def _survival_columns(self, res: pd.DataFrame, x) -> None:
        """cph: one column ``survival_<t>`` per time, ``Survival(fit)(t, predict(fit, x))`` (rms's centred
        linear predictor, which ``intercept + total / sc`` equals up to rounding)."""
        fit = self._fit
        lp = np.asarray(fit.predict(x), dtype=np.float64)
        if fit.strata is None:
            etimes, s0 = fit._baseline_survival()
            for t in self.survival_axes:
                res[f"survival_{_tlabel(t)}"] = _survival_at(etimes, s0, fit.maxtime, t, lp)
            return
        # stratified: each row on its own stratum's curve (survest's predictrms strata; unknown -> InputError)
        codes = fit._strata_codes(x)
        times = list(dict.fromkeys(t for t, _ in self.survival_axes))
        curves = _stratum_curves(fit)
        for t in times:
            out = np.full(lp.shape[0], np.nan)
            for k, (_, etimes, s0, tmax) in enumerate(curves):
                rows = codes == k
                if rows.any():
                    out[rows] = _survival_at(etimes, s0, tmax, t, lp[rows])
            res[f"survival_{_tlabel(t)}"] = out

    def to_dict(self) -> dict:
        """Plain values (JSON-ready); ``survival_axes`` (a list of ``{time, survival, total_points}``) only for
        a cph fit, so an lrm nomogram's dict is as before."""
        out = {"axes": {k: {"value": [v if isinstance(v, str) else float(v) for v in a["value"]],
                            "points": a["points"].astype(float).tolist()} for k, a in self.axes.items()},
               "total_points": self.total_points.tolist(),
               "lp_axis": {"lp": self.lp_axis["lp"].tolist(), "points": self.lp_axis["points"].tolist()},
               "risk_axis": {"risk": self.risk_axis["risk"].tolist(),
                             "total_points": self.risk_axis["total_points"].tolist()},
               "sc": float(self.sc), "intercept": float(self.intercept), "maxscale": float(self.maxscale),
               "points_per_unit_lp": float(self.sc), "lp_units_per_point": float(1 / self.sc)}
        if self.survival_axes:
            out["survival_axes"] = [
                {"time": float(t[0] if isinstance(t, tuple) else t), **({"stratum": t[1]} if isinstance(t, tuple) else {}),
                 "survival": a["survival"].tolist(), "total_points": a["total_points"].tolist()}
                for t, a in self.survival_axes.items()]
        return out


def _survival_name(key) -> str:
    """A survival axis's column in the printed nomogram: ``S(365)``, or ``S(365) sex=1`` for a stratum's."""
    return f"S({_tlabel(key[0])}) {key[1]}" if isinstance(key, tuple) else f"S({_tlabel(key)})"


def _tlabel(t: float) -> str:
    """A time as text for labels and column names: 365 for 365.0, else Python's shortest repr."""
    t = float(t)
    return str(int(t)) if t.is_integer() and abs(t) < 1e15 else repr(t)


def _slopes(fit: LrmFit | CphFit) -> np.ndarray:
    """The coefficients of the design columns (lrm's without its intercept)."""
    coef = fit.coef.to_numpy()
    return coef if isinstance(fit, CphFit) else coef[1:]


def _check_times(times, fit: CphFit) -> np.ndarray:
    """The nomogram's survival times: numbers > 0, no NaN, at most max(time) + 1e-6 (rms's curve is NA
    beyond, and nomogram's approx() stops), and after the first event (before it, S(t) = 1 for every lp
    and rms's approx() stops with "need at least two non-NA values to interpolate")."""
    if times is None:
        raise InputError("times is required for a cph fit: the times t of the survival axes S(t)")
    if isinstance(times, (int, float, np.number)) and not isinstance(times, (bool, np.bool_)):
        times = [times]  # one time
    t = V.float_vector(times, "times", low=0.0, low_open=True, unit="position")
    if t.shape[0] == 0:
        raise InputError("times must hold at least one time")
    first = float(np.min(fit.time[fit.event == 1]))
    for i, v in enumerate(t):
        if v > fit.maxtime + 1e-06:
            raise InputError(f"times position {i + 1} = {V.show(v)} is beyond the last follow-up time {V.show(fit.maxtime)}: "
                             "rms's Survival(fit) is NA there (nomogram stops: need at least two non-NA values "
                             "to interpolate)")
        if not first <= v + 1e-06:
            raise InputError(f"times position {i + 1} = {V.show(v)} is before the first event time {V.show(first)}: S(t) = 1 "
                             "for every patient (rms's nomogram stops: need at least two non-NA values to "
                             "interpolate)")
    if np.unique(t).shape[0] < t.shape[0]:
        raise InputError(f"times holds a time twice: {V.show(t.tolist())}")
    return t


def _stratum_curves(fit: CphFit) -> list[tuple[str, np.ndarray, np.ndarray, float]]:
    """A stratified cph fit: per stratum (``strata.categories`` order, rms's ``names(fit$surv)``) its label,
    its baseline curve (``_baseline_survival(k)``) and the last time of its rows (``max(fit$time[[k]])``, past
    which rms's ``Survival(fit)(t, lp, stratum = k)`` is NA)."""
    out = []
    for k, lab in enumerate(fit.strata.categories):
        etimes, s0 = fit._baseline_survival(k)
        out.append((str(lab), etimes, s0, np.max(fit.time[fit.strata.codes == k])))
    return out


def _survival_curves(fit: CphFit, tt: np.ndarray) -> dict:
    """The curve read by each survival axis: ``{t: (times, S0, last time)}`` for an unstratified fit,
    ``{(t, stratum label): ...}`` (time by time, the strata in order) for a stratified one, whose times are
    checked against each stratum: after its first event and at most its last time (rms's axis is NA or constant
    otherwise and its nomogram stops)."""
    if fit.strata is None:
        etimes, s0 = fit._baseline_survival()
        return {float(t): (etimes, s0, fit.maxtime) for t in tt}
    strata = _stratum_curves(fit)
    for k, (lab, _, _, tmax) in enumerate(strata):
        ev = fit.time[(fit.strata.codes == k) & (fit.event == 1)]
        for i, v in enumerate(tt):
            if ev.shape[0] == 0 or not float(np.min(ev)) <= v + 1e-06 or v > tmax + 1e-06:
                why = ("it has no event (S(t) = 1 for every patient)" if ev.shape[0] == 0 else
                       f"t is before its first event time {V.show(np.min(ev))} (S(t) = 1 for every patient)"
                       if v <= tmax + 1e-06 else f"t is beyond its last follow-up time {V.show(tmax)} (S(t) is NA)")
                raise InputError(f"times position {i + 1} = {V.show(v)} has no survival axis in stratum "
                                 f"{lab!r}: {why}; rms's nomogram stops (need at least two non-NA values to "
                                 "interpolate)")
    return {(float(t), lab): (etimes, s0, tmax) for t in tt for lab, etimes, s0, tmax in strata}


def _fun_axis(func: Callable[[np.ndarray], np.ndarray], lp_at: np.ndarray, nint: int):
    """rms nomogram's axis of ``fun`` with ``fun.at`` missing: ``fat <- pretty(func(range(lp.at)), nint)``,
    ``w <- approx(fu[s], xseq[s], fat, ties = mean)$y`` over 1000 points of ``lp.at``'s range, the ticks
    whose ``w`` or value is NA dropped.  Returns (ticks, lp)."""
    rr = func(np.array([lp_at.min(), lp_at.max()]))
    rr = rr[~np.isnan(rr)]
    if rr.shape[0] == 0:
        raise InputError("the function is NA over the linear predictor's range: no axis (R's pretty() stops)")
    fat = pretty(float(rr.min()), float(rr.max()), n=nint)
    xseq = seq_len_out(float(lp_at.min()), float(lp_at.max()), 1000)
    fu = func(xseq)
    s = ~np.isnan(fu)
    w = approx(fu[s], xseq[s], fat, rule=1, ties="mean")
    keep = ~(np.isnan(w) | np.isnan(fat))
    return fat[keep], w[keep]


def _axis_values(fit: LrmFit | CphFit, name: str, kind: str, levels: list, nint: int):
    if kind == "factor":
        return list(levels)
    x = fit.data[name].to_numpy(dtype=np.float64)
    vals = np.unique(x)
    if vals.shape[0] < 2:
        raise InputError(f"column {name!r} is constant: no nomogram axis")
    if vals.shape[0] <= _N_UNIQUE:
        return vals
    return pretty(float(vals[0]), float(vals[-1]), n=nint)


def nomogram(fit: LrmFit | CphFit, *, fun: Literal["plogis"] | Callable[..., Any] | None = "plogis",
             maxscale: float = 100, nint: int = 10, funlabel: str = "Predicted Value",
             times: ArrayLike | float | None = None, interact: dict | None = None) -> Nomogram:
    """The points nomogram of an ``lrm`` or ``cph`` fit, with ``datadist`` of the training data.

    Axis values: factor levels; for a numeric predictor with at most 10 distinct values, those values;
    otherwise ``pretty(range(x), n=nint)``.  Each predictor's points are (contribution - its minimum)
    * sc with sc = maxscale / the widest contribution range; the risk axis inverts plogis on a
    1000-point grid with ``approx(ties=mean)`` (module docstring).  For a ``cph`` fit, one survival axis
    per time ``t`` replaces the risk axis, the same inversion of ``S(t | lp) = S0(t) ^ exp(lp)`` (rms's
    ``Survival(fit)``; ``lp`` centred as cph's, so ``intercept`` is ``-center + sum(R["min"])``).

    Parameters
    ----------
    fit : LrmFit or CphFit
        A :func:`cmvt_core.lrm` or :func:`cmvt_core.cph` fit.
    fun : "plogis" or None, default "plogis"
        lrm: the risk axis: "plogis" (or the function ``cmvt_core.logistic._plogis``) draws it, None leaves
        it out.  Not used for a cph fit (``times`` gives its axes; anything else raises).
    maxscale : float, default 100
        The points of the widest predictor (> 0).
    nint : int, default 10
        ``pretty``'s number of intervals on the numeric axes.
    funlabel : str, default "Predicted Value"
        The label of the risk axis.
    times : float or array_like, optional
        cph fits only (required there): the times ``t`` of the survival axes, numbers > 0, each after the
        first event time and at most the last follow-up time (rms's nomogram stops outside), no repeats; for
        a stratified fit, in every stratum (its first event, its last time).
    interact : dict or None, default None
        Formula fits with interactions (rms's ``interact=``): the values of an interacting variable at
        which the axes of the variable it interacts with are drawn, e.g. ``{"bmi": [25, 35]}`` gives
        the axes "glu (bmi=25)" and "glu (bmi=35)".  A discrete interacting variable (a factor or at
        most 10 distinct values) defaults to all its values, as in rms; a continuous one must be given.

    Returns
    -------
    Nomogram
        ``axes`` (per predictor: value, points), ``total_points``, ``lp_axis``, ``risk_axis`` (lrm),
        ``survival_axes`` (cph, per time: survival, total_points), ``sc``, ``intercept``, ``R``, and
        ``score(x)`` to read off any patient's points and risk (lrm) or survival at each time (cph).

    Raises
    ------
    InputError
        For a fit that is neither an lrm nor a cph fit, an unknown ``fun``, bad maxscale/nint, a constant
        column, ``times`` with an lrm fit, missing/bad ``times`` with a cph fit (for a stratified fit: a time
        outside a stratum's follow-up), a continuous interacting variable without ``interact``, or an axis whose transform is
        infinite at its datadist limits (``log`` at 0: rms stops too).

    Notes
    -----
    R call: ``dd <- datadist(data); options(datadist = "dd"); rms::nomogram(fit, fun = plogis,
    maxscale = maxscale, nint = nint, funlabel = funlabel, interact = interact)`` (rms 6.5-0); for a cph fit
    (``cph(Surv(time, event) ~ ..., x = TRUE, y = TRUE, surv = TRUE)``), ``surv <- Survival(fit);
    rms::nomogram(fit, fun = list(function(lp) surv(t1, lp), function(lp) surv(t2, lp), ...), maxscale =
    maxscale, nint = nint)``; a formula cph fit (``cph(formula, data)``) takes both: ``datadist`` of ``data``,
    the formula axes above and ``interact``, and the survival axes.  A stratified formula cph fit
    (``strat()`` terms, which have no axis) takes ``fun = list(function(lp) surv(t1, lp, stratum = "sex=1"),
    function(lp) surv(t1, lp, stratum = "sex=2"), function(lp) surv(t2, lp, stratum = "sex=1"), ...)``: one
    axis per time and stratum (``Survival.cph`` picks the stratum's curve ``fit$surv[[stratum]]`` by label or
    number), each with rms's tick values for that function.

    A formula fit (``lrm("y ~ rcs(x, 4) + a * b", data)``) has an axis per predictor (the variable of
    each rms term, set over its datadist range: its levels, its sorted values when at most 10, else
    ``pretty(range, nint)``; the other variables at datadist's "Adjust to": the median, or the most
    frequent level), whose points are the sum of its terms' uncentred contributions (for an
    interaction, of the main terms and the interaction terms, one axis per value of the interacting
    variable, named as rms's ``"x (a=1)"``).  Non-linear axes (rcs, pol, lsp) keep every tick at its
    own points, so they may fall then rise.

    Examples
    --------
    >>> from cmvt_core import lrm, nomogram
    >>> from cmvt_core.datasets import load_cmvt_cohort
    >>> d = load_cmvt_cohort().astype(float)
    >>> nom = nomogram(lrm(d[["age_group", "post_nlr"]], d["cmvt"]))
    >>> round(nom.sc, 4), round(nom.intercept, 4)
    (21.5101, -2.1657)
    >>> nom.axes["age_group"]["points"].round(3).tolist()
    [0.0, 27.97]
    >>> nf = nomogram(lrm("cmvt ~ rcs(post_nlr, 3) * age_group + female", data=d))
    >>> list(nf.axes)
    ['post_nlr (age_group=0)', 'post_nlr (age_group=1)', 'female']
    >>> bool(abs(nf.score(d)["risk"] - nf._fit.fitted).max() < 1e-12)
    True

    A Cox model, survival at one and two years:

    >>> from cmvt_core import cph
    >>> from cmvt_core.datasets import load_survival
    >>> lung = load_survival("lung").dropna(subset=["age", "sex", "ph.ecog"])
    >>> fit = cph(lung[["age", "sex", "ph.ecog"]], lung["time"], lung["status"] == 2)
    >>> nom = nomogram(fit, times=[365, 730])
    >>> nom.survival_axes[365.0].head(3).round(2)
       survival  total_points
    0      0.05        165.58
    1      0.10        146.66
    2      0.15        132.73
    >>> nom.score(lung[["age", "sex", "ph.ecog"]].head(2)).round(3).columns.tolist()
    ['age', 'sex', 'ph.ecog', 'total_points', 'survival_365', 'survival_730']

    A formula Cox model, an rcs axis and one ph.ecog axis per sex:

    >>> lung = lung.assign(dead=(lung["status"] == 2).astype(float))
    >>> nf = nomogram(cph("Surv(time, dead) ~ rcs(age, 4) + sex * ph.ecog", lung), times=[365],
    ...               interact={"sex": [1, 2]})
    >>> list(nf.axes)
    ['age', 'ph.ecog (sex=1)', 'ph.ecog (sex=2)']
    >>> nf.score(lung.head(2)).columns.tolist()
    ['age', 'ph.ecog', 'total_points', 'survival_365']

    Stratified by sex (no sex axis; a survival axis per time and sex, each row scored on its own sex):

    >>> ns = nomogram(cph("Surv(time, dead) ~ rcs(age, 4) + ph.ecog + strat(sex)", lung), times=[365])
    >>> list(ns.axes), list(ns.survival_axes)
    (['age', 'ph.ecog'], [(365.0, 'sex=1'), (365.0, 'sex=2')])
    >>> ns.score(lung.head(2)).columns.tolist()
    ['age', 'ph.ecog', 'total_points', 'survival_365']
    """
    cox = isinstance(fit, CphFit)
    if not (cox or isinstance(fit, LrmFit)):
        raise InputError(f"nomogram needs an lrm fit or a cph fit, not {type(fit).__name__}")
    if fun not in ("plogis", None) and fun is not _plogis:
        raise InputError(f"fun must be 'plogis' (or None), not {fun!r}"
                         + (" (a cph fit's axes are the survival axes of times)" if cox else ""))
    maxscale = V.number(maxscale, "maxscale", low=0.0, low_open=True)
    nint = V.whole(nint, "nint", low=1, high=1000)  # pretty(n = nint): the number of axis intervals
    if not isinstance(funlabel, str):
        raise InputError(f"funlabel must be text; got funlabel={V.show(funlabel)}")
    if cox:
        tt = _check_times(times, fit)
    elif times is not None:
        raise InputError(f"times is for a cph fit (survival axes); an lrm fit has none: got times={V.show(times)}")
    if interact is not None and not isinstance(interact, dict):
        raise InputError(f"interact must be a dict of predictor name to its values; got interact={V.show(interact)}")
    if fit.formula is not None:
        from ._nomogram_formula import formula_axes

        names, Rmin, Rmax, axes, groups, sc, intercept = formula_axes(fit, maxscale, nint, interact)
        n_entities = len(names)
    else:
        if interact is not None:
            raise InputError("interact= is for formula fits (an x/y fit has no interactions)")
        coef = _slopes(fit)
        col = 0
        contribs, values = {}, {}
        for t in fit.terms:
            vals = _axis_values(fit, t.name, t.kind, t.levels, nint)
            if t.kind == "numeric":
                xb = coef[col] * np.asarray(vals, dtype=np.float64)
                col += 1
            else:
                k = len(t.levels) - 1
                xb = np.concatenate([[0.0], coef[col:col + k]])
                col += k
            contribs[t.name] = xb
            values[t.name] = vals
        names = [t.name for t in fit.terms]
        Rmin = np.array([contribs[n].min() for n in names])
        Rmax = np.array([contribs[n].max() for n in names])
        sc = maxscale / np.max(Rmax - Rmin)
        # rms: Intercept <- coefs[kint] (lrm) or -fit$center (cph: no intercept, centred lp); + sum(R[1, ])
        intercept = (-fit.center if cox else fit.coef.to_numpy()[0]) + r_sum(Rmin)
        axes = {}
        for n, lo in zip(names, Rmin):
            axes[n] = pd.DataFrame({"value": values[n], "points": (contribs[n] - lo) * sc})
        groups = None
        n_entities = len(names)
    lp = fit.linear_predictors
    lp_at = pretty(float(lp.min()), float(lp.max()), n=nint)
    sum_max = maxscale if n_entities == 1 else max(maxscale, sc * np.max(lp_at - intercept))
    total = pretty(0.0, float(sum_max), n=nint)
    lp_axis = pd.DataFrame({"lp": lp_at, "points": (lp_at - intercept) * sc})
    risk_axis = pd.DataFrame({"risk": [], "total_points": []})
    survival_axes = {}
    if cox:
        for key, (etimes, s0, tmax) in _survival_curves(fit, tt).items():
            t = key[0] if isinstance(key, tuple) else key
            fat, w = _fun_axis(lambda v, t=t, e=etimes, s=s0, m=tmax: _survival_at(e, s, m, t, v), lp_at, nint)
            survival_axes[key] = pd.DataFrame({"survival": fat, "total_points": (w - intercept) * sc})
    elif fun is not None:
        fat, w = _fun_axis(_plogis, lp_at, nint)
        risk_axis = pd.DataFrame({"risk": fat, "total_points": (w - intercept) * sc})
    Rdf = pd.DataFrame([Rmin, Rmax], index=["min", "max"], columns=names)
    return Nomogram(axes, total, lp_axis, risk_axis, float(sc), float(intercept), float(maxscale), Rdf,
                    funlabel, fit, survival_axes, groups)


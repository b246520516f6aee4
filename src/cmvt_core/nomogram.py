"""The nomogram of an ``lrm`` fit, as ``rms::nomogram(fit, fun=plogis)`` with ``datadist`` from the
training data (rms 6.5-0); formula fits (issue 22) get an axis per predictor, non-linear and interaction
axes (``_nomogram_formula``, docs/R_ALGORITHMS.md section 4a).

Axis values: factor levels; for a numeric predictor with at most 10 distinct values, those values;
otherwise ``pretty(range(x), n=10)`` over the full data range.  Contributions are uncentred
(beta * x, or the level's coefficient); each predictor's points are (contribution - its minimum
over the axis) * sc with sc = maxscale / the widest contribution range.  The risk axis inverts
plogis numerically on a 1000-point grid over ``lp.at`` with ``approx(ties=mean)``, as rms does.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Literal

import numpy as np
import pandas as pd

from . import _validate as V
from .errors import InputError
from .kernels.rbase import approx, pretty, r_sum, seq_len_out
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
    _fit: LrmFit = field(default=None, repr=False)
    #: formula fits: per predictor, the rms terms (positions in ``fit.rms_design.terms``) its points sum
    _groups: dict | None = field(default=None, repr=False)

    def _text(self, rows: int | None = None) -> str:
        from . import _printing as P
        out = [f"Points per unit of linear predictor: {P.format1(P.signif(self.sc, 6))} ",
               f"Linear predictor units per point   : {P.format1(P.signif(1 / self.sc, 4))} ", ""]
        for name, ax in self.axes.items():
            t = ax.rename(columns={"value": name, "points": "Points"}).reset_index(drop=True)
            out += [P.print_frame(t, rows=rows), ""]
        risk = self.risk_axis.rename(columns={"total_points": "Total Points", "risk": self.funlabel})
        out += [P.print_frame(risk[["Total Points", self.funlabel]].reset_index(drop=True), rows=rows), ""]
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
        parts.append(P.html_frame(self.risk_axis.reset_index(drop=True), "risk axis"))
        return P.html_block(f"rms::nomogram (points per unit of linear predictor: {P.format1(self.sc)})", *parts)

    def score(self, x) -> pd.DataFrame:
        """Points per predictor, total points and risk for each row of ``x`` (same columns as the fit)."""
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
        coef = fit.coef.to_numpy()
        total = np.zeros(X.shape[0])
        for t in fit.terms:
            if t.kind == "numeric":
                contrib = coef[1 + col] * X[:, col]
                col += 1
            else:
                k = len(t.levels) - 1
                contrib = (X[:, col:col + k] * coef[1 + col:1 + col + k]).sum(axis=1)
                col += k
            pts = (contrib - self.R.loc["min", t.name]) * self.sc
            out[t.name] = pts
            total = total + pts
        res = pd.DataFrame(out, index=df.index)
        res["total_points"] = total
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
        res["risk"] = _plogis(self.intercept + total / self.sc)
        return res

    def to_dict(self) -> dict:
        return {"axes": {k: {"value": [v if isinstance(v, str) else float(v) for v in a["value"]],
                             "points": a["points"].astype(float).tolist()} for k, a in self.axes.items()},
                "total_points": self.total_points.tolist(),
                "lp_axis": {"lp": self.lp_axis["lp"].tolist(), "points": self.lp_axis["points"].tolist()},
                "risk_axis": {"risk": self.risk_axis["risk"].tolist(),
                              "total_points": self.risk_axis["total_points"].tolist()},
                "sc": float(self.sc), "intercept": float(self.intercept), "maxscale": float(self.maxscale),
                "points_per_unit_lp": float(self.sc), "lp_units_per_point": float(1 / self.sc)}


def _axis_values(fit: LrmFit, name: str, kind: str, levels: list, nint: int):
    if kind == "factor":
        return list(levels)
    x = fit.data[name].to_numpy(dtype=np.float64)
    vals = np.unique(x)
    if vals.shape[0] < 2:
        raise InputError(f"column {name!r} is constant: no nomogram axis")
    if vals.shape[0] <= _N_UNIQUE:
        return vals
    return pretty(float(vals[0]), float(vals[-1]), n=nint)


def nomogram(fit: LrmFit, *, fun: Literal["plogis"] | Callable[..., Any] | None = "plogis", maxscale: float = 100,
             nint: int = 10, funlabel: str = "Predicted Value", interact: dict | None = None) -> Nomogram:
    """The points nomogram of an ``lrm`` fit, with ``datadist`` of the training data.

    Axis values: factor levels; for a numeric predictor with at most 10 distinct values, those values;
    otherwise ``pretty(range(x), n=nint)``.  Each predictor's points are (contribution - its minimum)
    * sc with sc = maxscale / the widest contribution range; the risk axis inverts plogis on a
    1000-point grid with ``approx(ties=mean)`` (module docstring).

    Parameters
    ----------
    fit : LrmFit
        A :func:`cmvt_core.lrm` fit.
    fun : "plogis" or None, default "plogis"
        The risk axis: "plogis" (or the function ``cmvt_core.logistic._plogis``) draws it, None leaves
        it out.
    maxscale : float, default 100
        The points of the widest predictor (> 0).
    nint : int, default 10
        ``pretty``'s number of intervals on the numeric axes.
    funlabel : str, default "Predicted Value"
        The label of the risk axis.
    interact : dict or None, default None
        Formula fits with interactions (rms's ``interact=``): the values of an interacting variable at
        which the axes of the variable it interacts with are drawn, e.g. ``{"bmi": [25, 35]}`` gives
        the axes "glu (bmi=25)" and "glu (bmi=35)".  A discrete interacting variable (a factor or at
        most 10 distinct values) defaults to all its values, as in rms; a continuous one must be given.

    Returns
    -------
    Nomogram
        ``axes`` (per predictor: value, points), ``total_points``, ``lp_axis``, ``risk_axis``, ``sc``,
        ``intercept``, ``R``, and ``score(x)`` to read off any patient's points and risk.

    Raises
    ------
    InputError
        For a fit that is not an lrm fit, an unknown ``fun``, bad maxscale/nint, a constant column, a
        continuous interacting variable without ``interact``, or an axis whose transform is infinite at
        its datadist limits (``log`` at 0: rms stops too).

    Notes
    -----
    R call: ``dd <- datadist(data); options(datadist = "dd"); rms::nomogram(fit, fun = plogis,
    maxscale = maxscale, nint = nint, funlabel = funlabel, interact = interact)`` (rms 6.5-0).

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
    """
    if not isinstance(fit, LrmFit):
        raise InputError(f"nomogram needs an lrm fit, not {type(fit).__name__}")
    if fun not in ("plogis", None) and fun is not _plogis:
        raise InputError(f"fun must be 'plogis' (or None), not {fun!r}")
    maxscale = V.number(maxscale, "maxscale", low=0.0, low_open=True)
    nint = V.whole(nint, "nint", low=1, high=1000)  # pretty(n = nint): the number of axis intervals
    if not isinstance(funlabel, str):
        raise InputError(f"funlabel must be text; got funlabel={V.show(funlabel)}")
    if interact is not None and not isinstance(interact, dict):
        raise InputError(f"interact must be a dict of predictor name to its values; got interact={V.show(interact)}")
    if fit.formula is not None:
        from ._nomogram_formula import formula_axes

        names, Rmin, Rmax, axes, groups, sc, intercept = formula_axes(fit, maxscale, nint, interact)
        n_entities = len(names)
    else:
        if interact is not None:
            raise InputError("interact= is for formula fits (an x/y fit has no interactions)")
        coef = fit.coef.to_numpy()
        col = 0
        contribs, values = {}, {}
        for t in fit.terms:
            vals = _axis_values(fit, t.name, t.kind, t.levels, nint)
            if t.kind == "numeric":
                xb = coef[1 + col] * np.asarray(vals, dtype=np.float64)
                col += 1
            else:
                k = len(t.levels) - 1
                xb = np.concatenate([[0.0], coef[1 + col:1 + col + k]])
                col += k
            contribs[t.name] = xb
            values[t.name] = vals
        names = [t.name for t in fit.terms]
        Rmin = np.array([contribs[n].min() for n in names])
        Rmax = np.array([contribs[n].max() for n in names])
        sc = maxscale / np.max(Rmax - Rmin)
        intercept = coef[0] + r_sum(Rmin)
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
    if fun is None:
        risk_axis = pd.DataFrame({"risk": [], "total_points": []})
    else:
        rr = _plogis(np.array([lp_at.min(), lp_at.max()]))
        fat = pretty(float(rr.min()), float(rr.max()), n=nint)
        xseq = seq_len_out(float(lp_at.min()), float(lp_at.max()), 1000)
        fu = _plogis(xseq)
        w = approx(fu, xseq, fat, rule=1, ties="mean")
        s = ~np.isnan(w)
        risk_axis = pd.DataFrame({"risk": fat[s], "total_points": (w[s] - intercept) * sc})
    Rdf = pd.DataFrame([Rmin, Rmax], index=["min", "max"], columns=names)
    return Nomogram(axes, total, lp_axis, risk_axis, float(sc), float(intercept), float(maxscale), Rdf,
                    funlabel, fit, groups)


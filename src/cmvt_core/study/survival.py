"""The survival study (issue 20): the recipe of a Cox nomogram study, end to end.

``run_survival_study(data, config)`` runs, as separate steps (each one a function below, so the steps still
being ported plug in one by one)::

    cohort:       the time and 0/1 event columns and the predictors, checked (``load_survival_cohort``)
    split:        set.seed(seed); train <- sort(sample(n, round(ratio * n)))
                  ([split] method = "caret": createDataPartition(factor(event), p = ratio))
    baseline:     Table 1, training vs validation (``baseline_table``)
    selection:    LASSO-Cox on the training group: set.seed(seed); cv.glmnet(x, Surv(time, event),
                  family = "cox", nfolds, type.measure = "deviance"), the non-zero coefficients at lambda.min /
                  lambda.1se, among ``[study] predictors`` / ``--predictors`` (every column but time and event
                  when none are given)
    model:        rms::cph(Surv(time, event) ~ ..., x = TRUE, y = TRUE, surv = TRUE) on the training group
    nomogram:     rms::nomogram(fit, fun = list(function(lp) Survival(fit)(t, lp), ...)) at the times
    c_index:      survival::concordance of the linear predictor (reverse = TRUE) in each group, with the 95% CI
                  C -/+ qnorm(0.975) * sqrt(var) (var: survival's infinitesimal jackknife)

The times (``[survival] times``) default to 1, 3 and 5 years in the time column's unit (``[survival] unit``:
365 days, 12 months or 1 year a year) that the follow-up allows: a time is kept when it is below the longest
follow-up of both groups and not before the training group's first event.  A time given explicitly that the
follow-up does not allow is an error.  The later steps::

    time_auc:     time_roc(time, event, lp, times) in each group (timeROC's IPCW AUC(t) with its iid CI)
    calibration:  per time t, cph(..., time.inc = t); set.seed(seed); calibrate(fit, cmethod = "KM", u = t, m, B)
                  on the training group; in the validation group ([calibration] validation):
                  "external" (default): groupkm(survest(fit, x_v, times = t)$surv, Surv(time, event), m = m, u = t)
                  -- the training model's predicted survival against Kaplan-Meier in cut2 groups of about m;
                  "refit": the same calibrate of cph refitted on the validation group
    validate:     set.seed(seed); validate(fit, method = "boot", B)
    dca:          per group and time t, dcurves' survival net benefit of the risk 1 - S(t | x), set.seed(seed)
                  before its percentile bootstrap

The steps after ``c_index`` plug in when their ports are in the package (``PLUGGED_STEPS``; ``WIRED_STEPS`` is
what this installation runs, results.json's ``steps``); without a port the step has no key in results.json and
the predictors are the given ones.

The R twin is ``parity/r/study_twin_surv.R`` (``Rscript study_twin_surv.R DATA.csv CONFIG.json OUT.json``);
``tests/study/test_survival_twin.py`` compares every number of results.json with it.
"""
from __future__ import annotations

import dataclasses
import logging
import math
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

import numpy as np
import pandas as pd

from .._docs import fill_doc, register
from ..errors import InputError
from .config import SURVIVAL_UNITS, StudyConfig
from .result import PerGroup, Provenance, jsonable

if TYPE_CHECKING:
    from ..cph import CphFit

__all__ = ["run_survival_study", "SurvivalStudyResult", "SurvivalCohort", "load_survival_cohort",
           "survival_times", "c_index_group", "write_survival_outputs", "DEFAULT_YEARS", "WIRED_STEPS",
           "lasso_cox_step", "calibration_step", "validation_calibration_step", "dca_step",
           "ExternalSurvivalCalibration", "RefitSurvivalCalibration"]

_log = logging.getLogger("cmvt_core.study.pipeline")

#: the default times of the survival study, in years (kept where the follow-up allows)
DEFAULT_YEARS = (1, 3, 5)

#: the steps every survival study runs
BASE_STEPS = ("split", "baseline", "selection", "model", "nomogram", "c_index")
#: the steps that plug in when their port is in the package: step -> the module it needs
PLUGGED_STEPS = {"lasso_cox": "lasso_cox", "calibration": "calibration_cph", "validate": "calibration_cph",
                 "time_auc": "timeroc", "dca": "dca_survival"}


def _has(module: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(f"cmvt_core.{module}") is not None


#: the steps of the survival recipe this installation runs (results.json's ``steps``): the base steps and
#: each plugged step whose port is present; a step that is not here has no key in results.json
WIRED_STEPS = BASE_STEPS + tuple(step for step, module in PLUGGED_STEPS.items() if _has(module))

register(
    surv_study_example="""
        >>> from cmvt_core.datasets import load_survival
        >>> from cmvt_core.study import StudyConfig
        >>> from cmvt_core.study.survival import run_survival_study
        >>> cfg = StudyConfig(survival_time="rfstime", survival_event="status",
        ...                   predictors=["age", "meno", "size", "grade", "nodes", "pgr", "er", "hormon"])
        >>> result = run_survival_study(load_survival("gbsg"), cfg)
    """,
)


# ----------------------------------------------------------------------------- results
@dataclass(frozen=True, eq=False)
class SurvivalCohort:
    """The checked survival cohort.

    Attributes
    ----------
    X : pandas.DataFrame
        The predictors (float64).
    time : numpy.ndarray
        Follow-up times (>= 0).
    event : numpy.ndarray
        1 event, 0 censored.
    time_name, event_name : str
        The columns.
    """

    X: pd.DataFrame
    time: np.ndarray
    event: np.ndarray
    time_name: str
    event_name: str


@dataclass(frozen=True, eq=False)
class CIndexGroup:
    """Harrell's C of the model's linear predictor in one group, with its 95% CI.

    Attributes
    ----------
    estimate, std_err, lower, upper : float
        ``concordance``, ``sqrt(var)`` and ``estimate -/+ qnorm(0.975) * std_err``.
    n, events : int
        The group's size and events.
    """

    estimate: float
    std_err: float
    lower: float
    upper: float
    n: int
    events: int

    def to_json_dict(self) -> dict[str, Any]:
        return {"estimate": self.estimate, "std_err": self.std_err, "lower": self.lower, "upper": self.upper,
                "n": self.n, "events": self.events}


@dataclass(frozen=True, eq=False)
class ExternalSurvivalCalibration:
    """The training model's calibration in the validation group at one time u (``[calibration] validation =
    "external"``): ``rms::groupkm(survest(fit, x_v, times = u)$surv, Surv(time, event), m = m, u = u)``.

    Attributes
    ----------
    time : float
        u.
    m : int
        About this many patients per group (``cut2(pred, m = m)``; ``[survival] m``).
    n : int
        Patients in the validation group.
    table : pandas.DataFrame
        groupkm's table: ``x`` (mean predicted survival), ``n``, ``events``, ``KM`` (observed), ``std_err``.
    predicted : numpy.ndarray
        Each patient's predicted survival at u.
    mean_abs_error : float
        ``sum(n * |KM - x|) / sum(n)`` over the groups with a Kaplan-Meier estimate (n >= 2, KM not NaN).
    method : str
        The R expression.
    mode : str
        "external".
    """

    time: float
    m: int
    n: int
    table: pd.DataFrame
    predicted: np.ndarray
    mean_abs_error: float
    method: str = ("rms::groupkm(survest(fit, x, times = u)$surv, Surv(time, event), m = m, u = u): the training "
                   "model's predicted survival vs Kaplan-Meier in the validation group")
    mode: str = "external"

    def to_json_dict(self) -> dict[str, Any]:
        return {"time": float(self.time), "m": int(self.m), "n": int(self.n), "mode": self.mode,
                "method": self.method, "mean_abs_error": float(self.mean_abs_error),
                "table": self.table.to_dict(orient="records")}


@dataclass(frozen=True, eq=False)
class RefitSurvivalCalibration:
    """``[calibration] validation = "refit"`` at one time u: cph refitted on the validation group (same
    predictors, ``time.inc = u``), then ``set.seed(seed); calibrate(fit_v, cmethod = "KM", u = u, m = m, B = B)``.

    As for the binary study's refit: it describes a new model fitted on the validation group, so it does not
    validate the training model (the "external" mode does).

    Attributes
    ----------
    time : float
        u.
    m, B, n : int
        Patients per group asked for, bootstrap replicates, patients.
    table : pandas.DataFrame
        calibrate's table of the refitted model.
    curve : CphCalibrateResult
        The result.
    fit : CphFit
        The model refitted on the validation group.
    method : str
        The R expression.
    mode : str
        "refit".
    """

    time: float
    m: int
    B: int
    n: int
    table: pd.DataFrame
    curve: Any
    fit: Any
    method: str = ("cph refitted on the validation group (time.inc = u); set.seed(seed); "
                   "rms::calibrate(fit, cmethod = 'KM', method = 'boot', u = u, m = m, B = B)")
    mode: str = "refit"

    def to_json_dict(self) -> dict[str, Any]:
        return {"time": float(self.time), "m": int(self.m), "B": int(self.B), "n": int(self.n), "mode": self.mode,
                "method": self.method, "table": self.table.to_dict(orient="records"),
                "refit_coef": {k: float(v) for k, v in self.fit.coef.items()}}


@dataclass(frozen=True, eq=False)
class SurvivalStudyResult:
    """Every number of the survival study, by step.

    Attributes
    ----------
    config : StudyConfig
        The recipe.
    times : list of float
        The times t (of the nomogram's survival axes).
    times_rule : str
        "config" (``[survival] times``) or "default" (1, 3, 5 years where follow-up allows).
    split : dict
        Group sizes and events, ``training_rows`` (0-based).
    baseline : BaselineTable
        Table 1, training vs validation.
    table_split : pandas.DataFrame
        Its printable form.
    candidates, selected : list of str
        The candidate predictors and those in the model.
    selection_method : str
        "config" (the given predictors).
    fit : CphFit
        The training group's cph fit.
    nomogram : Nomogram
        Its nomogram with a survival axis per time.
    c_index : PerGroup of CIndexGroup
        Harrell's C in each group.
    provenance : Provenance
        What made the numbers.
    followup : dict
        The longest follow-up time and the first event time of each group.
    steps : tuple of str
        The steps run (``WIRED_STEPS``).
    lasso : dict or None
        LASSO-Cox's choice and its ``cv`` fit (step "lasso_cox").
    calibration : list of CphCalibrateResult or None
        ``calibrate.cph`` at each time, training group (step "calibration").
    validation_calibration : list of ExternalSurvivalCalibration or RefitSurvivalCalibration, or None
        The validation group's calibration at each time (step "calibration", ``[calibration] validation``).
    internal_validation : CphValidateResult or None
        ``validate.cph`` of the training fit (step "validate").
    time_auc : PerGroup of TimeROC or None
        Time-dependent AUC per group (step "time_auc").
    dca : PerGroup of list of SurvivalDecisionCurve or None
        Decision curves per group, one per time (step "dca").
    """

    config: StudyConfig
    times: list[float]
    times_rule: str
    split: dict[str, Any]
    baseline: Any
    table_split: pd.DataFrame
    candidates: list[str]
    selected: list[str]
    selection_method: str
    fit: Any
    nomogram: Any
    c_index: PerGroup[CIndexGroup]
    provenance: Provenance
    followup: dict[str, dict[str, float]]
    steps: tuple[str, ...] = BASE_STEPS
    lasso: Any = None                 # LASSO-Cox: the cv_glmnet fit and its choice (step "lasso_cox")
    calibration: list | None = None   # calibrate.cph per time, training group (step "calibration")
    internal_validation: Any = None   # validate.cph, training group (step "validate")
    time_auc: PerGroup | None = None  # time_roc per group (step "time_auc")
    dca: PerGroup | None = None       # decision_curve_survival per group, a list per time (step "dca")
    validation_calibration: list | None = None  # validation group per time: groupkm (external) or refit calibrate

    def to_json_dict(self) -> dict[str, Any]:
        """results.json of the survival study (docs/API.md "results.json of the survival study")."""
        cfg = self.config
        fit = self.fit
        table = self.fit.summary().reset_index(names="term")
        groups: dict[str, dict[str, Any]] = {}
        for name, c in self.c_index.items():
            g: dict[str, Any] = {"c_index": c.to_json_dict()}
            if self.time_auc is not None:
                g["time_auc"] = _time_auc_json(getattr(self.time_auc, name))
            if name == "training" and self.calibration is not None:
                g["calibration"] = [_calibration_json(cal) for cal in self.calibration]
            if name == "validation" and self.validation_calibration is not None:
                g["calibration"] = [vc.to_json_dict() for vc in self.validation_calibration]
            if name == "training" and self.internal_validation is not None:
                g["validate"] = _validate_json(self.internal_validation)
            if self.dca is not None:
                g["dca"] = [_dca_json(dc) for dc in getattr(self.dca, name)]
            groups[name] = g
        selection = {"method": self.selection_method, "candidates": list(self.candidates),
                     "selected": list(self.selected)}
        if self.lasso is not None:
            selection.update({k: v for k, v in self.lasso.items() if k != "cv"})
        return jsonable({
            "study": "survival",
            "steps": list(self.steps),
            "survival": {"time": cfg.survival_time, "event": cfg.survival_event, "unit": cfg.survival_unit,
                         "times": [float(t) for t in self.times], "times_rule": self.times_rule,
                         "followup": self.followup},
            "split": {k: v for k, v in self.split.items() if k != "training_rows"},
            "baseline": {"training_vs_validation": jsonable(self.baseline.to_dict())},
            "selection": selection,
            "model": {"variables": list(self.selected), "coef": {k: float(v) for k, v in fit.coef.items()},
                      "table": table.to_dict(orient="records"),
                      "stats": {k: float(v) for k, v in fit.stats.items()},
                      "center": float(fit.center), "ties": fit.ties},
            "nomogram": self.nomogram.to_dict(),
            **groups,
            "provenance": self.provenance.to_json_dict(),
        })

    @property
    def tables(self) -> dict[str, pd.DataFrame]:
        """The CSV files of ``tables/``, by file name (without ``.csv``)."""
        out = {"baseline_split": self.table_split, "model_cph": self.fit.summary().reset_index(names="term"),
               "c_index": pd.DataFrame([{"group": g, **c.to_json_dict()} for g, c in self.c_index.items()])}
        if self.lasso is not None:
            out["lasso_cox_coefficients"] = pd.DataFrame({"term": list(self.lasso["coefficients"]),
                                                          "coefficient": list(self.lasso["coefficients"].values())})
        for cal in self.calibration or []:
            out[f"calibration_training_t{_tname(cal.u)}"] = cal.table
        for vc in self.validation_calibration or []:
            out[f"calibration_validation_{vc.mode}_t{_tname(vc.time)}"] = vc.table
        if self.internal_validation is not None:
            out["validate"] = self.internal_validation.table.reset_index(names="index")
        if self.time_auc is not None:
            out["time_auc"] = pd.concat([pd.DataFrame({"group": name, **_time_auc_json(tr)})
                                         for name, tr in self.time_auc.items()], ignore_index=True)
        if self.dca is not None:
            for name, dcs in self.dca.items():
                for dc in dcs:
                    out[f"dca_{name}_t{_tname(dc.time_horizon)}"] = dc.dca
        return out


def _tname(t: float) -> str:
    from ..nomogram import _tlabel

    return _tlabel(t)


def _calibration_json(cal) -> dict[str, Any]:
    return {"time": float(cal.u), "m": int(cal.m), "B": int(cal.B), "table": cal.table.to_dict(orient="records")}


def _validate_json(v) -> dict[str, Any]:
    return {"B": int(v.B), "c_index_corrected": float(v.c_index_corrected),
            "table": v.table.reset_index(names="index").to_dict(orient="records")}


def _time_auc_json(tr) -> dict[str, Any]:
    keep = np.asarray(tr.times) > 0  # timeROC adds t = 0 before a single time
    return {"times": np.asarray(tr.times)[keep].tolist(), "auc": np.asarray(tr.auc)[keep].tolist(),
            "se": np.asarray(tr.se)[keep].tolist(), "ci_lower": np.asarray(tr.ci_lower)[keep].tolist(),
            "ci_upper": np.asarray(tr.ci_upper)[keep].tolist()}


def _dca_json(dc) -> dict[str, Any]:
    from .pipeline import useful_ranges

    d = dc.dca
    model, allr = d[d["variable"] == "model"], d[d["variable"] == "all"]
    th = model["threshold"].to_numpy(dtype=float)
    out: dict[str, Any] = {"time": float(dc.time_horizon), "pos_rate": float(dc.pos_rate),
                           "thresholds": th.tolist(), "nb_model": model["net_benefit"].tolist(),
                           "nb_all": allr["net_benefit"].tolist()}
    if "net_benefit_lower" in d:
        out["nb_lower"] = model["net_benefit_lower"].tolist()
        out["nb_upper"] = model["net_benefit_upper"].tolist()
    out["useful_ranges"] = useful_ranges(th, model["net_benefit"].to_numpy(dtype=float),
                                         allr["net_benefit"].to_numpy(dtype=float))
    return out


# ----------------------------------------------------------------------------- steps
def load_survival_cohort(data: pd.DataFrame, cfg: StudyConfig) -> SurvivalCohort:
    """The survival study's columns, checked: times numbers >= 0 without gaps, events 0/1, the predictors.

    Parameters
    ----------
    data : pandas.DataFrame
        The cohort (text cells as ``read_csv`` gives, or numbers).
    cfg : StudyConfig
        A survival recipe (``survival_time`` and ``survival_event`` set).

    Returns
    -------
    SurvivalCohort
        ``X``, ``time``, ``event``.

    Raises
    ------
    InputError
        A missing column, a time that is not a number, missing or negative, an event other than 0/1, a
        predictor that is the time or event column, and ``load_cohort``'s checks of the predictors.

    Notes
    -----
    R call: none (input checks; the twin reads the same CSV with ``read.csv``)

    Examples
    --------
    >>> from cmvt_core.datasets import load_survival
    >>> from cmvt_core.study import StudyConfig
    >>> from cmvt_core.study.survival import load_survival_cohort
    >>> c = load_survival_cohort(load_survival("gbsg"), StudyConfig(survival_time="rfstime",
    ...                          survival_event="status", predictors=["age", "nodes"]))
    >>> c.X.shape, int(c.event.sum())
    ((686, 2), 299)
    """
    from ..cohort import load_cohort, numeric_column

    if not cfg.survival:
        raise InputError("not a survival study: set [survival] time and event (or --time and --event)")
    tname, ename = cfg.survival_time, cfg.survival_event
    cols = [str(c) for c in data.columns]
    where = f"cohort file {data.attrs['source']!r}: " if isinstance(data.attrs.get("source"), str) else ""
    for what, name in (("time", tname), ("event", ename)):
        if name not in cols:
            raise InputError(f"{where}{what} column {name!r} not found; columns are {cols}")
    t = numeric_column(data, tname)
    e = numeric_column(data, ename)
    for name, v in ((tname, t), (ename, e)):
        bad = np.flatnonzero(np.isnan(v))
        if bad.size:
            raise InputError(f"{where}column {name!r} has missing values in data row(s) "
                             f"{', '.join(str(i + 1) for i in bad[:10])}{' ...' if bad.size > 10 else ''}")
    neg = np.flatnonzero(t < 0)
    if neg.size:
        raise InputError(f"{where}time column {tname!r} has a negative time {t[neg[0]]:g} in data row {neg[0] + 1}: "
                         "follow-up times are >= 0")
    inf = np.flatnonzero(~np.isfinite(t))
    if inf.size:
        raise InputError(f"{where}time column {tname!r} has an infinite time in data row {inf[0] + 1}")
    codes = sorted(set(np.unique(e).tolist()))
    if not set(codes) <= {0.0, 1.0}:
        shown = ", ".join(f"{c:g}" for c in codes[:6])
        hint = f" (survival's 1/2 coding: make a column {ename} == 2)" if set(codes) <= {1.0, 2.0} else ""
        raise InputError(f"{where}event column {ename!r} must be 0/1 (1 = event, 0 = censored); it holds "
                         f"{shown}{hint}")
    preds = cfg.predictors
    if preds is None:
        preds = [c for c in cols if c not in (tname, ename)]
    for p in preds:
        if p in (tname, ename):
            raise InputError(f"predictor {p!r} is the {'time' if p == tname else 'event'} column")
    X, ev = load_cohort(data, ename, preds)
    return SurvivalCohort(X=X, time=t, event=ev.astype(float), time_name=tname, event_name=ename)


def survival_times(cfg: StudyConfig, groups: dict[str, tuple[np.ndarray, np.ndarray]]) -> tuple[list[float], str]:
    """The study's times t and where they came from ("config" or "default").

    A time is allowed when it is below the longest follow-up time of every group and not before the
    first event of the training group; given times that are not allowed raise, the default 1, 3, 5 years
    keep those allowed (none allowed raises).

    Parameters
    ----------
    cfg : StudyConfig
        The recipe (``survival_times``, ``survival_unit``).
    groups : dict of str to (numpy.ndarray, numpy.ndarray)
        ``{"training": (time, event), "validation": (time, event)}``.

    Returns
    -------
    tuple of (list of float, str)
        The times, and "config" or "default".

    Raises
    ------
    InputError
        A time beyond follow-up or before the first event; no default time allowed.

    Notes
    -----
    R call: ``twin_times`` of ``parity/r/study_twin_surv.R``

    Examples
    --------
    >>> import numpy as np
    >>> from cmvt_core.study import StudyConfig
    >>> from cmvt_core.study.survival import survival_times
    >>> g = {"training": (np.array([100., 900., 1500.]), np.array([1., 0., 1.])),
    ...      "validation": (np.array([50., 1200.]), np.array([1., 0.]))}
    >>> survival_times(StudyConfig(survival_time="t", survival_event="e"), g)
    ([365.0, 1095.0], 'default')
    """
    last = min(float(t.max()) for t, _ in groups.values())
    which = min(groups, key=lambda k: float(groups[k][0].max()))
    tt, et = groups["training"]
    first = float(tt[et == 1].min()) if (et == 1).any() else math.inf
    year = SURVIVAL_UNITS[cfg.survival_unit]
    if cfg.survival_times is not None:
        for i, v in enumerate(cfg.survival_times):
            if not v < last:
                raise InputError(f"times ([survival] times, --times) position {i + 1} = {v:g} is beyond follow-up: the "
                                 f"longest follow-up time of the {which} group is {last:g} {cfg.survival_unit}")
            if v < first:
                raise InputError(f"times ([survival] times, --times) position {i + 1} = {v:g} is before the training group's "
                                 f"first event ({first:g} {cfg.survival_unit}): S(t) = 1 for every patient there")
        return [float(v) for v in cfg.survival_times], "config"
    keep = [float(k * year) for k in DEFAULT_YEARS if first <= k * year < last]
    if not keep:
        raise InputError(f"no default time (1, 3, 5 years = {', '.join(f'{k * year:g}' for k in DEFAULT_YEARS)} "
                         f"{cfg.survival_unit}) is within follow-up (longest follow-up of the {which} group: "
                         f"{last:g} {cfg.survival_unit}); set [survival] times or [survival] unit")
    return keep, "default"


def c_index_group(time: np.ndarray, event: np.ndarray, lp: np.ndarray) -> CIndexGroup:
    """Harrell's C of a linear predictor with its 95% CI, ``C -/+ qnorm(0.975) * sqrt(var)``.

    Parameters
    ----------
    time, event : numpy.ndarray
        The group's follow-up.
    lp : numpy.ndarray
        The model's linear predictor there (higher: shorter survival).

    Returns
    -------
    CIndexGroup
        ``estimate``, ``std_err``, ``lower``, ``upper``, ``n``, ``events``.

    Notes
    -----
    R call: ``cc <- survival::concordance(Surv(time, event) ~ lp, reverse = TRUE);
    cc$concordance + c(-1, 1) * qnorm(0.975) * sqrt(cc$var)``

    Examples
    --------
    >>> import numpy as np
    >>> from cmvt_core.study.survival import c_index_group
    >>> g = c_index_group(np.array([5., 8, 3, 9, 2, 7]), np.array([1., 0, 1, 1, 0, 1]),
    ...                   np.array([0.4, 0.1, 0.8, 0.3, 0.6, 0.2]))
    >>> round(g.estimate, 4), round(g.lower, 4), round(g.upper, 4)
    (0.8889, 0.6445, 1.1333)
    """
    from ..concordance import concordance
    from ..kernels.distributions import qnorm

    c = concordance(time, event, lp, reverse=True)
    q = float(qnorm(0.975))
    se = math.sqrt(c.var)
    return CIndexGroup(estimate=float(c.concordance), std_err=se, lower=float(c.concordance) - q * se,
                       upper=float(c.concordance) + q * se, n=int(len(time)), events=int(np.sum(event)))


def _split(cohort: SurvivalCohort, cfg: StudyConfig) -> np.ndarray:
    from ..caret import create_data_partition
    from ..cohort import split_train_validation

    n = len(cohort.time)
    if cfg.split_method == "caret":  # stratified on the event
        return np.sort(create_data_partition(cohort.event.astype(bool), cfg.split_ratio, seed=cfg.seed) - 1)
    return split_train_validation(n, ratio=cfg.split_ratio, seed=cfg.seed)


@fill_doc
def run_survival_study(data: pd.DataFrame, config: StudyConfig, *, progress: Callable[[str], None] | None = None,
                       input_sha256: str | None = None) -> SurvivalStudyResult:
    """Run the survival study on a cohort DataFrame (the caller's frame is not modified).

    The steps of the module's docstring: the split, Table 1, the predictors, ``cph`` on the training group,
    its nomogram at the times, Harrell's C with its CI in both groups.  Every random step is "as if
    ``set.seed(seed)`` ran just before it" in R.

    Parameters
    ----------
    data : pandas.DataFrame
        The cohort: the time and event columns and the predictors.
    config : StudyConfig
        The recipe (``survival_time`` and ``survival_event`` set; checked first).
    progress : callable or None, default None
        Called with one line of text after each step.
    input_sha256 : str or None, default None
        The input file's SHA-256, recorded in the provenance.

    Returns
    -------
    SurvivalStudyResult
        One field per step; ``to_json_dict()`` is results.json.

    Raises
    ------
    InputError
        A bad config or cohort, a group without events, a time the follow-up does not allow.

    Notes
    -----
    R call: ``Rscript parity/r/study_twin_surv.R DATA.csv CONFIG.json OUT.json`` (CONFIG =
    ``StudyConfig.to_dict()``)

    Examples
    --------
    {{surv_study_example}}
    >>> result.times, result.split["n_training"], result.split["n_validation"]
    ([365.0, 1095.0, 1825.0], 480, 206)
    >>> round(result.c_index.validation.estimate, 4)
    0.672
    """
    from ..baseline import baseline_table
    from ..cph import cph
    from ..nomogram import nomogram
    from .pipeline import _config_key, _display_baseline, _provenance

    say = progress or (lambda msg: None)
    cfg = config
    cfg.validate()
    cohort = load_survival_cohort(data, cfg)
    X, t, e = cohort.X, cohort.time, cohort.event
    n = len(t)
    say(f"cohort: {n} patients, {int(e.sum())} events, {X.shape[1]} candidate predictors")

    train_idx = _split(cohort, cfg)
    is_train = np.zeros(n, dtype=bool)
    is_train[train_idx] = True
    groups = {"training": (t[is_train], e[is_train]), "validation": (t[~is_train], e[~is_train])}
    for name, (_, ee) in groups.items():
        if not (ee == 1).any():
            raise InputError(f"the {name} group has no event: too few events to split {cfg.split_ratio:g}")
    split = {"ratio": cfg.split_ratio, "method": cfg.split_method, "seed": cfg.seed,
             "n_training": int(is_train.sum()), "n_validation": int((~is_train).sum()),
             "events_training": int(groups["training"][1].sum()),
             "events_validation": int(groups["validation"][1].sum()), "training_rows": train_idx}
    say(f"split {cfg.split_ratio:g}: training {split['n_training']} ({split['events_training']} events), "
        f"validation {split['n_validation']} ({split['events_validation']} events)")
    times, rule = survival_times(cfg, groups)
    followup = {g: {"longest": float(tt.max()), "first_event": float(tt[ee == 1].min())}
                for g, (tt, ee) in groups.items()}

    group = np.where(is_train, "training", "validation")
    bt = baseline_table(X, pd.Series(group, name="group"))
    say("baseline table done")

    steps = WIRED_STEPS
    candidates = list(X.columns)
    tt, et = groups["training"]
    lasso = None
    if "lasso_cox" in steps:
        lasso = lasso_cox_step(X.loc[is_train].reset_index(drop=True), tt, et, cfg)
        selected = lasso["selected"]
        say(f"LASSO-Cox (lambda.{cfg.lambda_rule}): kept {len(selected)} of {len(candidates)}: {', '.join(selected)}")
    else:
        selected = candidates  # the given predictors
    Xt = X.loc[is_train, selected].reset_index(drop=True)
    Xv = X.loc[~is_train, selected].reset_index(drop=True)
    fit = cph(Xt, tt, et)
    say(f"cph: {', '.join(selected)} (Dxy = {fit.stats['Dxy']:.3f})")
    nom = nomogram(fit, times=times)
    lp_v = np.asarray(fit.predict(Xv), dtype=float)
    lps = {"training": np.asarray(fit.linear_predictors, dtype=float), "validation": lp_v}
    cidx = PerGroup(training=c_index_group(tt, et, lps["training"]),
                    validation=c_index_group(*groups["validation"], lp_v))
    for name, c in cidx.items():
        say(f"C-index {name}: {c.estimate:.3f} ({c.lower:.3f}-{c.upper:.3f})")
    time_auc = None
    if "time_auc" in steps:
        from ..timeroc import time_roc

        time_auc = PerGroup(**{g: time_roc(*groups[g], lps[g], times) for g in ("training", "validation")})
        say("time-dependent AUC done")
    calib = vcalib = None
    if "calibration" in steps:
        calib = calibration_step(Xt, tt, et, times, cfg, say)
        vcalib = validation_calibration_step(fit, Xv, *groups["validation"], times, cfg, say)
    ival = None
    if "validate" in steps:
        from ..calibration import validate

        say(f"validate: bootstrap B = {cfg.validation_B} ...")
        with _config_key("validation_B", cfg.validation_B):
            ival = validate(fit, B=cfg.validation_B, seed=cfg.seed)
    dca = None
    if "dca" in steps:
        frames = {"training": Xt, "validation": Xv}
        dca = PerGroup(**{g: dca_step(fit, frames[g], *groups[g], times, cfg) for g in ("training", "validation")})
        say("decision curves done")
    return SurvivalStudyResult(config=cfg, times=times, times_rule=rule, split=split, baseline=bt,
                               table_split=_display_baseline(bt, group), candidates=candidates, selected=selected,
                               selection_method="lasso_cox" if lasso is not None else "config", fit=fit,
                               nomogram=nom, c_index=cidx, provenance=_provenance(cfg, input_sha256),
                               followup=followup, steps=steps, lasso=lasso, calibration=calib,
                               internal_validation=ival, time_auc=time_auc, dca=dca,
                               validation_calibration=vcalib)


def lasso_cox_step(Xt: pd.DataFrame, tt: np.ndarray, et: np.ndarray, cfg: StudyConfig) -> dict[str, Any]:
    """LASSO-Cox selection on the training group: ``set.seed(seed); cv.glmnet(x, Surv(time, event),
    family = "cox", nfolds, type.measure = "deviance")``, the predictors with a non-zero coefficient at
    ``lambda.min`` or ``lambda.1se`` (``[model] lambda_rule``).

    Parameters
    ----------
    Xt : pandas.DataFrame
        The training group's candidate predictors.
    tt, et : numpy.ndarray
        Its follow-up times and events.
    cfg : StudyConfig
        The recipe (``seed``, ``lasso_nfolds``, ``lambda_rule``).

    Returns
    -------
    dict
        ``selected``, ``coefficients``, ``lambda_min``, ``lambda_1se``, ``lambda_used``, ``lambda_rule``,
        ``nfolds``, ``type_measure``, ``measure_name``, ``foldid``, and ``cv`` (the fit).

    Raises
    ------
    InputError
        LASSO kept no predictor.

    Notes
    -----
    R call: ``set.seed(seed); glmnet::cv.glmnet(x, survival::Surv(time, event), family = "cox", nfolds = nfolds,
    type.measure = "deviance")``; ``coef(cv, s = "lambda.min")``

    Examples
    --------
    >>> from cmvt_core.datasets import load_survival
    >>> from cmvt_core.study import StudyConfig
    >>> from cmvt_core.study.survival import lasso_cox_step
    >>> d = load_survival("gbsg")
    >>> r = lasso_cox_step(d[["age", "size", "nodes", "pgr", "er"]], d["rfstime"].to_numpy(float),
    ...                    d["status"].to_numpy(float), StudyConfig(survival_time="rfstime", survival_event="status"))
    >>> r["selected"]
    ['size', 'nodes', 'pgr']
    """
    from ..lasso import cv_glmnet
    from .pipeline import _config_key

    with _config_key("lasso_nfolds", cfg.lasso_nfolds):
        cv = cv_glmnet(Xt, family="cox", time=tt, event=et, nfolds=cfg.lasso_nfolds, seed=cfg.seed,
                       type_measure="deviance")
    s = "lambda.min" if cfg.lambda_rule == "min" else "lambda.1se"
    names = list(Xt.columns)
    values = np.asarray(cv.coef(s), dtype=float).ravel()
    selected = [nm for nm, b in zip(names, values) if b != 0]
    if not selected:
        raise InputError(f"LASSO-Cox kept no predictor at lambda.{cfg.lambda_rule} ({len(names)} candidates, "
                         f"{int(np.sum(et))} events in the training group)"
                         + ("; lambda_rule = 'min' (the smaller penalty) may keep some" if cfg.lambda_rule == "1se"
                            else ""))
    return {"selected": selected, "coefficients": dict(zip(names, values.tolist())),
            "lambda_min": float(cv.lambda_min), "lambda_1se": float(cv.lambda_1se),
            "lambda_used": float(cv.lambda_min if cfg.lambda_rule == "min" else cv.lambda_1se),
            "lambda_rule": cfg.lambda_rule, "nfolds": cfg.lasso_nfolds, "type_measure": "deviance",
            "measure_name": str(cv.name), "foldid": np.asarray(cv.foldid).tolist(), "cv": cv}


def calibration_step(Xt: pd.DataFrame, tt: np.ndarray, et: np.ndarray, times: list[float], cfg: StudyConfig,
                     say: Callable[[str], None] | None = None) -> list:
    """Bootstrap calibration of the training model at each time: for each t the fit made with ``time.inc = t``
    (the same coefficients), then ``set.seed(seed); calibrate(fit, cmethod = "KM", u = t, m, B)``.

    Parameters
    ----------
    Xt : pandas.DataFrame
        The training group's model predictors.
    tt, et : numpy.ndarray
        Its follow-up times and events.
    times : list of float
        The times u.
    cfg : StudyConfig
        The recipe (``seed``, ``calibration_B``, ``survival_m``).
    say : callable or None, default None
        Progress lines.

    Returns
    -------
    list of CphCalibrateResult
        One per time.

    Notes
    -----
    R call: ``f <- cph(Surv(time, event) ~ ., x = TRUE, y = TRUE, surv = TRUE, time.inc = u); set.seed(seed);
    rms::calibrate(f, cmethod = "KM", method = "boot", u = u, m = m, B = B)``

    Examples
    --------
    >>> from cmvt_core.datasets import load_survival
    >>> from cmvt_core.study import StudyConfig
    >>> from cmvt_core.study.survival import calibration_step
    >>> d = load_survival("gbsg")
    >>> cfg = StudyConfig(survival_time="rfstime", survival_event="status", calibration_B=5, survival_m=200)
    >>> cal = calibration_step(d[["nodes", "pgr"]], d["rfstime"].to_numpy(float), d["status"].to_numpy(float),
    ...                        [1095.0], cfg)
    >>> cal[0].u, len(cal[0].table)
    (1095.0, 3)
    """
    out = []
    for u in times:
        if say is not None:
            say(f"calibration at t = {u:g}: bootstrap B = {cfg.calibration_B} ...")
        out.append(_calibrate_at(Xt, tt, et, u, cfg)[1])
    return out


def _calibrate_at(Xg: pd.DataFrame, tg: np.ndarray, eg: np.ndarray, u: float, cfg: StudyConfig):
    """cph(Surv(time, event) ~ ., time.inc = u) on one group, then set.seed(seed); calibrate(cmethod = "KM", u, m,
    B): (the fit, the result)."""
    from ..calibration import calibrate
    from ..cph import cph
    from .pipeline import _config_key

    fu = cph(Xg, tg, eg, time_inc=u)
    with _config_key("calibration_B", cfg.calibration_B):
        return fu, calibrate(fu, u=u, m=cfg.survival_m, B=cfg.calibration_B, seed=cfg.seed)


def validation_calibration_step(fit: CphFit, Xv: pd.DataFrame, tv: np.ndarray, ev: np.ndarray, times: list[float],
                                cfg: StudyConfig, say: Callable[[str], None] | None = None) -> list:
    """Calibration in the validation group at each time, as ``[calibration] validation`` says.

    "external" (default): the training model's predicted survival at u of each validation patient
    (``survest``) against the Kaplan-Meier survival at u in Hmisc's ``cut2`` groups of about ``m`` patients by
    predicted survival (:func:`cmvt_core.groupkm`), with the mean absolute difference ``sum(n * |KM - x|) /
    sum(n)`` over the groups that have a Kaplan-Meier estimate.  "refit": cph refitted on the validation group
    with ``time.inc = u`` and ``calibrate(cmethod = "KM", u, m, B)`` after ``set.seed(seed)``, as the training
    group's calibration.

    Parameters
    ----------
    fit : CphFit
        The training model.
    Xv : pandas.DataFrame
        The validation group's model predictors.
    tv, ev : numpy.ndarray
        Its follow-up times and events.
    times : list of float
        The times u.
    cfg : StudyConfig
        The recipe (``calibration_validation``, ``survival_m``; ``seed`` and ``calibration_B`` for "refit").
    say : callable or None, default None
        Progress lines.

    Returns
    -------
    list of ExternalSurvivalCalibration or RefitSurvivalCalibration
        One per time.

    Notes
    -----
    R call: ``rms::groupkm(rms::survest(fit, x_v, times = u)$surv, Surv(time, event), m = m, u = u, pl = FALSE)``
    ("external"); "refit": ``f <- cph(Surv(time, event) ~ ., x = TRUE, y = TRUE, surv = TRUE, time.inc = u);
    set.seed(seed); rms::calibrate(f, cmethod = "KM", method = "boot", u = u, m = m, B = B)``

    Examples
    --------
    >>> from cmvt_core.datasets import load_survival
    >>> from cmvt_core.cph import cph
    >>> from cmvt_core.study import StudyConfig
    >>> from cmvt_core.study.survival import validation_calibration_step
    >>> d = load_survival("gbsg")
    >>> t, e = d["rfstime"].to_numpy(float), d["status"].to_numpy(float)
    >>> f = cph(d[["nodes", "pgr"]].iloc[:400], t[:400], e[:400])
    >>> cfg = StudyConfig(survival_time="rfstime", survival_event="status", survival_m=70)
    >>> vc = validation_calibration_step(f, d[["nodes", "pgr"]].iloc[400:], t[400:], e[400:], [1095.0], cfg)
    >>> vc[0].mode, len(vc[0].table), int(vc[0].table["n"].sum())
    ('external', 4, 286)
    """
    from ..groupkm import groupkm, mean_abs_error

    out: list = []
    if cfg.calibration_validation == "refit":
        for u in times:
            if say is not None:
                say(f"calibration at t = {u:g}, validation group (cph refitted there): bootstrap B = "
                    f"{cfg.calibration_B} ...")
            fv, cal = _calibrate_at(Xv, tv, ev, u, cfg)
            out.append(RefitSurvivalCalibration(time=float(u), m=int(cfg.survival_m), B=int(cfg.calibration_B),
                                                n=int(len(tv)), table=cal.table, curve=cal, fit=fv))
        return out
    surv = fit.survest(Xv, times)
    for j, u in enumerate(times):
        pred = surv.iloc[:, j].to_numpy(dtype=float)
        tab = groupkm(pred, tv, ev, u=u, m=cfg.survival_m)
        mae = mean_abs_error(tab)
        out.append(ExternalSurvivalCalibration(time=float(u), m=int(cfg.survival_m), n=int(len(tv)), table=tab,
                                               predicted=pred, mean_abs_error=float(mae)))
        if say is not None:
            say(f"calibration at t = {u:g}, validation group (external, groupkm): {len(tab)} groups, "
                f"mean |observed - predicted| {mae:.3f}")
    return out


def dca_step(fit: CphFit, Xg: pd.DataFrame, tg: np.ndarray, eg: np.ndarray, times: list[float], cfg: StudyConfig) -> list:
    """Survival decision curves of one group at each time: the risk ``1 - S(t | x)`` of the training model
    (``survest``), ``decision_curve_survival`` at the thresholds ``seq(0, 1, by)`` below 1, with
    ``dca_bootstraps`` percentile-bootstrap replicates after ``set.seed(seed)``.

    Parameters
    ----------
    fit : CphFit
        The training model.
    Xg : pandas.DataFrame
        The group's predictors.
    tg, eg : numpy.ndarray
        The group's follow-up.
    times : list of float
        The horizons.
    cfg : StudyConfig
        The recipe (``dca_thresholds_by``, ``dca_bootstraps``, ``dca_confidence``, ``seed``).

    Returns
    -------
    list of SurvivalDecisionCurve
        One per time.

    Notes
    -----
    R call: ``dca_survival_plain(time, event, 1 - survest(fit, x, times = t)$surv, thresholds, t, harm = 0,
    bootstraps, level, seed)`` (``parity/r/dca_survival.R``: dcurves' definition, which Debian lacks)

    Examples
    --------
    >>> from cmvt_core.datasets import load_survival
    >>> from cmvt_core.cph import cph
    >>> from cmvt_core.study import StudyConfig
    >>> from cmvt_core.study.survival import dca_step
    >>> d = load_survival("gbsg")
    >>> t, e = d["rfstime"].to_numpy(float), d["status"].to_numpy(float)
    >>> f = cph(d[["nodes", "pgr"]], t, e)
    >>> cfg = StudyConfig(survival_time="rfstime", survival_event="status", dca_bootstraps=0)
    >>> dcs = dca_step(f, d[["nodes", "pgr"]], t, e, [1095.0], cfg)
    >>> len(dcs), dcs[0].time_horizon
    (1, 1095.0)
    """
    from ..dca_survival import decision_curve_survival
    from ..kernels.rbase import seq_by

    th = seq_by(0.0, 1.0, cfg.dca_thresholds_by)
    th = th[th < 1]
    surv = fit.survest(Xg, times)
    boot = cfg.dca_bootstraps if cfg.dca_confidence is not None else 0
    out = []
    for j, u in enumerate(times):
        risk = 1.0 - surv.iloc[:, j].to_numpy(dtype=float)
        out.append(decision_curve_survival(tg, eg, risk, time_horizon=u, thresholds=th, bootstraps=boot,
                                           confidence_intervals=cfg.dca_confidence or 0.95, seed=cfg.seed))
    return out


# ----------------------------------------------------------------------------- outputs
def _figures(result: SurvivalStudyResult, fig_dir: Path) -> dict[str, str]:
    import matplotlib

    matplotlib.use("Agg", force=False)
    from .. import plots
    from ..kaplan_meier import survfit
    from ..plots._figure import WIDE, on_new_figure
    from ..plots.nomogram import figure_height

    fit = result.fit
    unit = result.config.survival_unit
    km = {"Training": survfit(fit.time, fit.event)}
    draw = {
        "nomogram": ((8.0, figure_height(result.nomogram)),
                     lambda ax: plots.NomogramDisplay.from_nomogram(
                         result.nomogram, ax, survlabel="Survival at {t} " + unit)),
        "km_training": (WIDE, lambda ax: plots.KaplanMeierDisplay.from_survfit(km, ax)),
    }
    from ..plots._figure import SQUARE
    from ..plots.dca import DCA_SIZE

    # the plugged steps' figures (each display class ships with its port)
    for cal in result.calibration or []:
        draw[f"calibration_training_t{_tname(cal.u)}"] = (SQUARE, lambda ax, cal=cal: plots.CalibrationDisplay
                                                          .from_cph_calibrate(cal, ax))
    for vc in result.validation_calibration or []:
        key = f"calibration_validation_t{_tname(vc.time)}"
        if vc.mode == "refit":
            draw[key] = (SQUARE, lambda ax, vc=vc: plots.CalibrationDisplay.from_cph_calibrate(vc.curve, ax))
        else:
            draw[key] = (SQUARE, lambda ax, vc=vc: plots.CalibrationDisplay.from_groupkm(
                vc.table, ax, u=vc.time, predicted=vc.predicted))
    if result.time_auc is not None:
        for name, tr in result.time_auc.items():
            draw[f"time_roc_{name}"] = (SQUARE, lambda ax, tr=tr: plots.TimeRocDisplay.from_time_roc(tr, ax))
    if result.dca is not None:
        for name, dcs in result.dca.items():
            for dc in dcs:
                draw[f"dca_{name}_t{_tname(dc.time_horizon)}"] = (DCA_SIZE, lambda ax, dc=dc: plots.DecisionCurveDisplay
                                                                  .from_survival(dc, ax))
    out: dict[str, str] = {}
    for name, (size, fn) in draw.items():
        fig = on_new_figure(size, fn)
        out[name] = str(plots.save(fig, fig_dir / name)[0])
    return out


def _report(result: SurvivalStudyResult, path: Path, figs: dict[str, str]) -> None:
    from .report import CSS, _baseline_display, _e, _fixed, _grid_decimals, _img, _p_cell, _ranges_text, _sig, _table

    cfg, sp, prov = result.config, result.split, result.provenance
    unit = cfg.survival_unit
    tt = ", ".join(f"{t:g}" for t in result.times)
    parts = ["<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Survival model report</title>"
             f"<style>{CSS}</style></head><body>", "<h1>Development and validation of a survival nomogram</h1>",
             f"<p class='small'>Input file SHA-256 {_e(prov.input_sha256)}; seed {_e(prov.seed)}; cmvt-core "
             f"{_e(prov.cmvt_core_version)}. Every random step is as if R's <code>set.seed({_e(prov.seed)})</code> "
             "ran just before it.</p>"]
    parts.append("<h2>1. Patients and baseline characteristics</h2>")
    parts.append(f"<p>Follow-up time: column {_e(cfg.survival_time)} ({_e(unit)}); event: column "
                 f"{_e(cfg.survival_event)} (1 = event). The cohort was split at random {_e(sp['ratio'])} : "
                 f"{_e(round(1 - sp['ratio'], 3))} into a training group (n = {sp['n_training']}, "
                 f"{sp['events_training']} events) and a validation group (n = {sp['n_validation']}, "
                 f"{sp['events_validation']} events).</p>")
    parts.append("<h3>Table 1. Training vs validation</h3>" + _table(_baseline_display(result.table_split)))
    parts.append("<h2>2. Cox proportional hazards model</h2>")
    las = result.lasso
    if las is not None:
        parts.append(f"<p>LASSO-Cox regression (glmnet, family = \"cox\") with {_e(las['nfolds'])}-fold "
                     f"cross-validation of the partial-likelihood deviance on the training group: λ<sub>min</sub> = "
                     f"{_e(_sig(las['lambda_min']))}, λ<sub>1se</sub> = {_e(_sig(las['lambda_1se']))}. At "
                     f"λ<sub>{_e(las['lambda_rule'])}</sub> it kept {len(result.selected)} of "
                     f"{len(result.candidates)} candidate predictors ({_e(', '.join(result.selected))}), which "
                     "entered rms::cph on the training group (Efron ties).</p>")
    else:
        parts.append(f"<p>The {len(result.selected)} predictors given in the recipe ({_e(', '.join(result.selected))}) "
                     "entered rms::cph on the training group (Efron ties).</p>")
    tab = result.fit.summary().reset_index(names="term")
    shown = pd.DataFrame({"term": tab["term"], "β": [_fixed(v, 4) for v in tab["coef"]],
                          "SE": [_fixed(v, 4) for v in tab["se"]],
                          "HR (95% CI)": [f"{_fixed(h, 3)} ({_fixed(lo, 3)}-{_fixed(hi, 3)})" for h, lo, hi in
                                          zip(tab["hazard_ratio"], tab["hr_lower"], tab["hr_upper"])],
                          "P": [_p_cell(p) for p in tab["p"]]})
    parts.append("<h3>Table 2. Cox model (Wald 95% CI)</h3>" + _table(shown))
    parts.append("<h2>3. Nomogram</h2>")
    why = "given in the recipe" if result.times_rule == "config" else \
        "1, 3 and 5 years where the follow-up of both groups allows"
    parts.append(f"<p>Survival axes at t = {_e(tt)} {_e(unit)} ({why}).</p>")
    parts.append(_img(figs.get("nomogram"), "Figure 1. Nomogram (rms style)"))
    parts.append("<h2>4. Discrimination</h2>")
    sent = []
    for name, c in result.c_index.items():
        sent.append(f"{name} group {_fixed(c.estimate, 3)} (95% CI {_fixed(c.lower, 3)}-{_fixed(c.upper, 3)})")
    parts.append(f"<p>Harrell's C-index: {'; '.join(sent)}. The CI is C ± 1.96 × the square root of survival's "
                 "infinitesimal-jackknife variance.</p>")
    if result.time_auc is not None:
        rows = []
        for name, tr in result.time_auc.items():
            j = _time_auc_json(tr)
            for t, a, lo, hi in zip(j["times"], j["auc"], j["ci_lower"], j["ci_upper"]):
                rows.append({"group": name, f"t ({unit})": f"{t:g}", "AUC(t) (95% CI)":
                             f"{_fixed(a, 3)} ({_fixed(lo, 3)}-{_fixed(hi, 3)})"})
        parts.append("<h3>Table 3. Time-dependent AUC (timeROC, IPCW; CI from the iid standard error)</h3>"
                     + _table(pd.DataFrame(rows)))
        for name in ("training", "validation"):
            parts.append(_img(figs.get(f"time_roc_{name}"), f"Time-dependent ROC curves, {name} group"))
    parts.append(_img(figs.get("km_training"), "Figure 2. Kaplan-Meier curve, training group"))
    if result.calibration is not None or result.internal_validation is not None:
        parts.append("<h2>5. Calibration and internal validation</h2>")
    for cal in result.calibration or []:
        tab = cal.table
        gap = float(np.max(np.abs(tab["KM_corrected"].to_numpy(float) - tab["mean_predicted"].to_numpy(float))))
        parts.append(f"<p>Calibration at t = {cal.u:g} {_e(unit)} (rms::calibrate, Kaplan-Meier in groups of about "
                     f"{cal.m} patients, bootstrap B = {cal.B}): the largest gap between the mean predicted survival "
                     f"and the optimism-corrected Kaplan-Meier survival of a group is {_fixed(gap, 3)}.</p>")
        shown = pd.DataFrame({"mean predicted": [_fixed(v, 3) for v in tab["mean_predicted"]],
                              "KM": [_fixed(v, 3) for v in tab["KM"]],
                              "KM corrected": [_fixed(v, 3) for v in tab["KM_corrected"]]})
        parts.append(_table(shown))
        parts.append(_img(figs.get(f"calibration_training_t{_tname(cal.u)}"), f"Calibration at t = {cal.u:g}"))
    for vc in result.validation_calibration or []:
        parts.append(_validation_calibration_text(vc, unit))
        parts.append(_img(figs.get(f"calibration_validation_t{_tname(vc.time)}"),
                          f"Calibration in the validation group at t = {vc.time:g}"))
    iv = result.internal_validation
    if iv is not None:
        vt = iv.table
        parts.append(f"<p>Bootstrap internal validation (rms::validate, B = {iv.B}): Dxy "
                     f"{_fixed(vt.loc['Dxy', 'index_orig'], 3)} apparent, "
                     f"{_fixed(vt.loc['Dxy', 'index_corrected'], 3)} optimism-corrected, i.e. an "
                     f"optimism-corrected C-index of {_fixed(iv.c_index_corrected, 3)}.</p>")
        parts.append(_table(vt.reset_index(names="index").map(lambda v: v if isinstance(v, str) else _fixed(v, 4))))
    if result.dca is not None:
        parts.append("<h2>6. Decision curves</h2>")
        for name, dcs in result.dca.items():
            for dc in dcs:
                j = _dca_json(dc)
                where = _ranges_text(j["useful_ranges"], _grid_decimals(j["thresholds"]))
                parts.append(f"<p>{_e(name.capitalize())} group, t = {dc.time_horizon:g} {_e(unit)}: the model's net "
                             f"benefit is above treat-all and treat-none {where}.</p>")
                parts.append(_img(figs.get(f"dca_{name}_t{_tname(dc.time_horizon)}"),
                                  f"Decision curve, {name}, t = {dc.time_horizon:g}"))
    where = "results.json; tables as CSV in tables/" + ("; figures as PNG and SVG in figures/" if figs else "")
    parts.append(f"<p class='small'>Numbers in full precision: {where}.</p></body></html>")
    path.write_text("\n".join(parts), encoding="utf-8")


def _validation_calibration_text(vc, unit: str) -> str:
    """The validation group's calibration at one time: a sentence computed from the table shown under it."""
    from ..groupkm import km_error_bars
    from .report import _e, _fixed, _table

    tab = vc.table
    if vc.mode == "refit":
        gap = float(np.max(np.abs(tab["KM_corrected"].to_numpy(float) - tab["mean_predicted"].to_numpy(float))))
        shown = pd.DataFrame({"mean predicted": [_fixed(v, 3) for v in tab["mean_predicted"]],
                              "KM": [_fixed(v, 3) for v in tab["KM"]],
                              "KM corrected": [_fixed(v, 3) for v in tab["KM_corrected"]]})
        return (f"<p>Validation group, t = {vc.time:g} {_e(unit)} ([calibration] validation = \"refit\": cph refitted "
                f"on the validation group, rms::calibrate, Kaplan-Meier in groups of about {vc.m} patients, bootstrap "
                f"B = {vc.B}; this describes the refitted model, not the training model): the largest gap between the "
                f"mean predicted survival and the optimism-corrected Kaplan-Meier survival of a group is "
                f"{_fixed(gap, 3)}.</p>" + _table(shown))
    x = tab["x"].to_numpy(float)
    km = tab["KM"].to_numpy(float)
    n = tab["n"].to_numpy(float)
    ok = (n > 0) & ~np.isnan(km)
    lo, hi = km_error_bars(km, tab["std_err"].to_numpy(float))
    shown = pd.DataFrame({"patients": tab["n"].astype(int), "events": tab["events"].astype(int),
                          "mean predicted": [_fixed(v, 3) for v in x],
                          "Kaplan-Meier (95% CI)": [f"{_fixed(k, 3)} ({_fixed(a, 3)}-{_fixed(b, 3)})" if not
                                                    math.isnan(k) else "NA" for k, a, b in zip(km, lo, hi)]})
    if ok.any():
        gap = np.abs(km[ok] - x[ok])
        said = (f"over the {int(ok.sum())} group{'s' if ok.sum() != 1 else ''} with an estimate, the mean absolute "
                f"difference between the observed and the predicted survival, weighted by the group sizes, is "
                f"{_fixed(vc.mean_abs_error, 3)} (largest {_fixed(float(gap.max()), 3)})")
    else:
        said = "no group has a Kaplan-Meier estimate at this time"
    return (f"<p>Validation group, t = {vc.time:g} {_e(unit)} (the training model's predicted survival against the "
            f"Kaplan-Meier survival in {len(tab)} group{'s' if len(tab) != 1 else ''} of about {vc.m} patients by "
            f"predicted survival, rms::groupkm): {said}.</p>" + _table(shown))


def write_survival_outputs(result: SurvivalStudyResult, out_dir: str | os.PathLike, *, figures: bool = True,
                           protect: tuple[str | os.PathLike, ...] = ()) -> Path:
    """Write results.json, tables/, figures/ and report.html of a survival study, all or nothing.

    The rules of ``cmvt_core.study.write_outputs`` (a temporary folder moved into place at the end).

    Parameters
    ----------
    result : SurvivalStudyResult
        ``run_survival_study``'s result.
    out_dir : str or os.PathLike
        The output folder.
    figures : bool, default True
        Draw the figures.
    protect : tuple of str or os.PathLike, default ()
        Files ``out_dir`` must not hold (the inputs).

    Returns
    -------
    pathlib.Path
        The output folder.

    Notes
    -----
    R call: none (files of the numbers the twin ``parity/r/study_twin_surv.R`` writes to its OUT.json)

    Examples
    --------
    >>> import os, tempfile
    >>> from cmvt_core.datasets import load_survival
    >>> from cmvt_core.study import StudyConfig
    >>> from cmvt_core.study.survival import run_survival_study, write_survival_outputs
    >>> cfg = StudyConfig(survival_time="rfstime", survival_event="status", predictors=["age", "nodes", "pgr"])
    >>> out = write_survival_outputs(run_survival_study(load_survival("gbsg"), cfg),
    ...                              os.path.join(tempfile.mkdtemp(), "out"), figures=False)
    >>> sorted(p.name for p in out.iterdir())
    ['.cmvt-manifest.json', 'report.html', 'results.json', 'tables']
    """
    from .pipeline import write_study_folder

    return write_study_folder(out_dir, result, (lambda d: _figures(result, d)) if figures else None,
                              lambda path, figs, root: _report(result, path, figs), protect)


def with_input_file(result: SurvivalStudyResult, name: str) -> SurvivalStudyResult:
    """The result with the input file's name in its provenance."""
    return dataclasses.replace(result, provenance=dataclasses.replace(result.provenance, input_file=name))

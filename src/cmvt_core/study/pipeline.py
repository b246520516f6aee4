"""The study workflow end to end: the recipe of a clinical prediction-model study.

``run_study(data, config)`` runs, in order: validation of the cohort, the 7:3 split (R's
``sample``), the baseline tables, LASSO with 10-fold CV, the multivariable logistic model (rms
``lrm``) on what LASSO kept (optionally only P < alpha), the nomogram, Hosmer–Lemeshow, ROC with
DeLong CI and the Youden cut-off in training and validation, bootstrap calibration (B = 1000) with
its MAE in training and the external calibration MAE in validation, and decision curves in both.
Issue 18 adds: bootstrap CIs of sensitivity and specificity at the Youden cut-off (pROC ``ci.coords``),
``rms::val.prob`` of the training model in the validation group (``[calibration] validation = "external"``)
or the papers' refit (``"refit"``), a clinical impact curve for each decision curve, and, with
``[compare] reference``, NRI/IDI (and the categorical NRI) against a reference model.  Issue 22: with
``[model] formula`` (an rms formula) LASSO is skipped (``StudyResult.lasso`` is None) and the model is
``lrm(formula, data = training group)``; every later step runs on that fit.

Every random step is "as if ``set.seed(seed)`` ran just before it" in R, so an R script given the
same seed reproduces each step independently (``parity/r/study_twin.R`` is that script):

    split:        set.seed(seed); train <- sort(sample(n, round(ratio * n)))
    cv.glmnet:    set.seed(seed); cv.glmnet(x, y, family = "binomial", type.measure = ..., nfolds = 10)
    calibrate:    set.seed(seed); calibrate(fit, method = "boot", B = B)
    validate:     set.seed(seed); validate(fit, method = "boot", B = B)
    DCA:          set.seed(seed); decision_curve(y ~ risk, fitted.risk = TRUE, bootstraps = ...)
    each ROC:     set.seed(seed); ci.coords(roc, "best", best.method = "youden", best.policy = "random", boot.n)
    refit:        set.seed(seed); calibrate(lrm refitted on the validation group, method = "boot", B = B)
    compare:      set.seed(seed) before each group's categorical-NRI bootstrap (with [compare] cutoffs)

(the validation group's external calibration has no random step: the lowess(iter = 0) curve of the fixed
model's predictions, ``calibration.external_calibration``, and ``rms::val.prob``). The twin runs alone as
``Rscript parity/r/study_twin.R DATA.csv CONFIG.json OUT.json`` (CONFIG = ``StudyConfig.to_dict()``).

``run_study`` returns the typed ``StudyResult`` (``cmvt_core.study.result``); ``write_outputs`` writes its
``results.json`` (``StudyResult.to_json_dict()``), ``report.html`` (``cmvt_core.study.report``), ``figures/``
and ``tables/`` into a temporary folder beside ``--out`` and moves it into place only when everything
succeeded.  The recipe, ``StudyConfig``, is in ``cmvt_core.study.config``.
"""
from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import math
import os
import logging
import platform
import time
from pathlib import Path
from typing import TYPE_CHECKING, Callable

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from .. import _validate as V
from .._docs import fill_doc, register
from .._progress import log_to_stderr, quiet_bars
from ..errors import InputError
from .config import StudyConfig
from .result import (BaselineResult, BootstrapCalibration, CalibrationByGroup, ComparisonGroup, ComparisonResult,
                     DcaGroup, ExternalCalibrationGroup, LassoResult, ModelResult, PerGroup, Provenance,
                     RefitCalibrationGroup, RocGroup, SplitResult, StudyResult, ValidationResult, ValProbGroup)

if TYPE_CHECKING:
    from ..dca import DecisionCurveResult
    from .survival import SurvivalStudyResult

__all__ = ["run_study", "analyze", "write_outputs", "dca_group", "useful_ranges", "file_sha256"]

_log = logging.getLogger(__name__)


# ----------------------------------------------------------------------------- the study

register(
    # the set-up of the study's examples (a quick run: 5 folds, 20 bootstraps, 10 DCA bootstraps)
    study_example="""
        >>> from cmvt_core.datasets import load_cmvt_cohort
        >>> from cmvt_core.study import StudyConfig, run_study
        >>> cfg = StudyConfig(predictors=["age_group", "anaesthesia_general", "pre_nlr", "post_nlr", "out_of_bed_d1"],
        ...                   lasso_nfolds=5, calibration_B=20, validation_B=20, dca_bootstraps=10)
        >>> result = run_study(load_cmvt_cohort(), cfg)
    """,
    study_twin_notes="""
        Notes
        -----
        R call: ``Rscript parity/r/study_twin.R DATA.csv CONFIG.json OUT.json`` (``src/cmvt_core/parity/r/``;
        CONFIG = ``StudyConfig.to_dict()``)
    """,
)


def _progress_printer() -> Callable[[str], None]:
    """The study's step lines, as INFO messages of logger ``cmvt_core.study.pipeline`` with the seconds since
    the start (``analyze`` prints them on stderr unless quiet)."""
    t0 = time.perf_counter()

    def say(msg: str) -> None:
        _log.info(f"[{time.perf_counter() - t0:6.1f}s] {msg}")

    return say


#: how ci.coords treats a bootstrap replicate whose Youden index is largest at several thresholds: pROC's
#: default "stop" would abort the study on a tie (common in small groups); "random" takes one of them with R's
#: sample() from the same stream, so the interval stays reproducible from the seed (the twin does the same)
CI_BEST_POLICY = "random"


def _roc_group(y: np.ndarray, p: np.ndarray, boot_n: int, seed: int) -> RocGroup:
    from ..roc import roc

    r = roc(y, p, direction="<")
    lo, auc, hi = r.ci_auc(conf_level=0.95, method="delong")
    best = r.coords("best", best_method="youden")
    first = best.iloc[0]
    ci = r.ci_coords("best", ret=("threshold", "specificity", "sensitivity"), best_method="youden",
                     best_policy=CI_BEST_POLICY, conf_level=0.95, boot_n=boot_n, seed=seed)
    bounds = {str(row["ret"]): (float(row["lower"]), float(row["upper"])) for _, row in ci.iterrows()}
    return RocGroup(auc=float(r.auc), ci_lower=float(lo), ci_upper=float(hi), threshold=float(first["threshold"]),
                    sensitivity=float(first["sensitivity"]), specificity=float(first["specificity"]),
                    n_best_thresholds=int(len(best)), direction=r.direction, curve=r,
                    threshold_ci=bounds["threshold"], sensitivity_ci=bounds["sensitivity"],
                    specificity_ci=bounds["specificity"], ci_boot_n=boot_n, ci_best_policy=CI_BEST_POLICY)


@fill_doc
def run_study(data: pd.DataFrame, config: StudyConfig, *, progress: Callable[[str], None] | None = None,
              input_sha256: str | None = None) -> StudyResult:
    """Run the whole study on a cohort DataFrame (the caller's frame is not modified).

    In order: validation of the cohort, the split (R's ``sample``), the baseline tables, LASSO with
    k-fold CV, the logistic model (rms ``lrm``) on what LASSO kept (optionally only P < alpha) -- or, with
    ``config.formula``, ``lrm(formula, data = training group)`` and no LASSO --, the nomogram,
    Hosmer–Lemeshow, ROC with DeLong CI and the Youden cut-off (its sensitivity and specificity with
    bootstrap CIs), bootstrap calibration and validation, the validation group's calibration (``val.prob`` of
    the fixed model, or a refit), decision curves with their clinical impact in both groups, and optionally
    the comparison with a reference model.
    Every random step is "as if ``set.seed(seed)`` ran just before it" in R (see the module's
    docstring).

    Parameters
    ----------
    data : pandas.DataFrame
        The cohort (text cells as ``read_csv`` gives, or numbers): the outcome and the predictors.
    config : StudyConfig
        The recipe (checked first).
    progress : callable or None, default None
        Called with one line of text after each step.
    input_sha256 : str or None, default None
        The input file's SHA-256, recorded in the provenance.

    Returns
    -------
    StudyResult
        One typed field per step (``split``, ``baseline``, ``lasso`` (None with a formula), ``model``, ``roc``,
        ``calibration``, ``validation``, ``dca``, ``val_prob``, ``comparison``, ``provenance`` ...).

    Raises
    ------
    InputError
        A bad config or cohort, a group with only one outcome, nothing selected, separation, a reference
        column not in the cohort, a formula naming a column not in the cohort.

    {{study_twin_notes}}

    Examples
    --------
    {{study_example}}
    >>> result.split.n_training, result.split.n_validation
    (223, 96)
    >>> result.model.variables_final
    ['age_group', 'anaesthesia_general', 'pre_nlr', 'post_nlr', 'out_of_bed_d1']
    >>> round(result.roc.training.auc, 4), round(result.roc.validation.auc, 4)
    (0.8603, 0.8361)
    """
    from ..baseline import baseline_table
    from ..calibration import calibrate, validate
    from ..caret import create_data_partition
    from ..cohort import load_cohort, split_train_validation
    from ..dca import decision_curve
    from ..gof import hoslem_test
    from ..impact import clinical_impact
    from ..lasso import cv_glmnet
    from ..logistic import lrm
    from ..nomogram import nomogram
    from ..valprob import val_prob

    say = progress or (lambda msg: None)
    cfg = config
    cfg.validate()
    X, y = load_cohort(data, cfg.outcome, cfg.predictors)
    V.predictor_names(X.columns, "the cohort")
    if cfg.formula is not None:
        _check_formula_columns(cfg, X)
    Xref = _reference_columns(data, cfg) if cfg.compare else None  # lrm's "Intercept" / glmnet's "(Intercept)" in results.json
    n = len(y)
    say(f"cohort: {n} patients, {int(y.sum())} events, {X.shape[1]} candidate predictors")

    if cfg.split_method == "caret":  # stratified on the outcome: ceiling(n_k * ratio) rows of each class
        train_idx = create_data_partition(y.astype(bool), cfg.split_ratio, seed=cfg.seed) - 1
    else:
        train_idx = split_train_validation(n, ratio=cfg.split_ratio, seed=cfg.seed)  # 0-based, sorted
    is_train = np.zeros(n, dtype=bool)
    is_train[train_idx] = True
    Xt, yt = X.iloc[train_idx].reset_index(drop=True), y[train_idx]
    Xv, yv = X.loc[~is_train].reset_index(drop=True), y[~is_train]
    for name, yy in (("training", yt), ("validation", yv)):
        if yy.min() == yy.max():
            raise InputError(f"the {name} group has only {'events' if yy[0] == 1 else 'non-events'}: "
                             "too few events to split 7:3")
    split = SplitResult(ratio=cfg.split_ratio, seed=cfg.seed, method=cfg.split_method,
                        training_rows=np.asarray(train_idx), n_training=len(yt),
                        n_validation=len(yv), events_training=int(yt.sum()), events_validation=int(yv.sum()))
    say(f"split {cfg.split_ratio:g}: training {split.n_training} ({split.events_training} events), "
        f"validation {split.n_validation} ({split.events_validation} events)")

    # baseline tables
    group = np.where(is_train, "training", "validation")
    bt_split = baseline_table(X, pd.Series(group, name="group"))
    outcome_group = np.where(yt == 1, "event", "no event")
    bt_outcome = baseline_table(Xt, pd.Series(outcome_group, name=cfg.outcome))
    baseline = BaselineResult(training_vs_validation=bt_split, events_vs_nonevents_training=bt_outcome,
                              table_split=_display_baseline(bt_split, group),
                              table_outcome=_display_baseline(bt_outcome, outcome_group))
    say("baseline tables done")

    if cfg.formula is not None:  # [model] formula: the model is given, no LASSO
        lasso, model = None, _formula_model(cfg, Xt, yt)
        fit, final_vars = model.fit, model.variables_final
    else:
        # LASSO
        with _config_key("lasso_nfolds", cfg.lasso_nfolds):
            cv = cv_glmnet(Xt, yt, nfolds=cfg.lasso_nfolds, seed=cfg.seed, type_measure=cfg.lasso_type_measure)
        s = "lambda.min" if cfg.lambda_rule == "min" else "lambda.1se"
        coefs = np.asarray(cv.coef(s), dtype=float)
        names = list(Xt.columns)
        selected = [nm for nm, b in zip(names, coefs[1:]) if b != 0]
        lasso = LassoResult(type_measure=cfg.lasso_type_measure, measure_name=cv.name, nfolds=cfg.lasso_nfolds,
                            lambda_min=float(cv.lambda_min), lambda_1se=float(cv.lambda_1se), lambda_rule=cfg.lambda_rule,
                            lambda_used=float(cv.lambda_min if cfg.lambda_rule == "min" else cv.lambda_1se),
                            selected=selected, coefficients=dict(zip(["(Intercept)"] + names, coefs.tolist())),
                            foldid=np.asarray(cv.foldid).tolist(), path_length=int(len(cv.lambda_)), cv=cv)
        say(f"LASSO ({cv.name}, lambda.{cfg.lambda_rule}): kept {len(selected)} of {len(names)}: {', '.join(selected)}")
        if not selected:
            raise InputError(_nothing_selected_message(cfg, yt, len(names)))

        # multivariable logistic model
        full = lrm(Xt[selected], yt)
        _check_separation(full, yt, "the multivariable model of the LASSO-selected predictors")
        or_full = full.summary()
        final_vars = selected
        if cfg.keep_significant:
            pvals = or_full["p"].drop(index="Intercept")
            final_vars = [v for v in selected if float(pvals.get(v, 1.0)) < cfg.alpha]
            if not final_vars:
                best = min(selected, key=lambda v: float(pvals.get(v, 1.0)))
                raise InputError(f"no LASSO-selected predictor has P < {cfg.alpha} in the multivariable model "
                                 f"(the smallest is {best!r}, P = {_num(float(pvals.get(best, math.nan)), '.3g')}; "
                                 f"{_epv_text(yt, len(selected), 'selected')}); set keep_significant = false to keep "
                                 "them all")
        fit = lrm(Xt[final_vars], yt) if final_vars != selected else full
        if fit is not full:
            _check_separation(fit, yt, "the final model")
        or_final = fit.summary() if fit is not full else or_full
        model = ModelResult(variables_lasso=selected, variables_final=final_vars, keep_significant=cfg.keep_significant,
                            alpha=cfg.alpha, multivariable=or_full, final=or_final, coef=fit.coef, stats=fit.stats,
                            fit=fit, fit_full=full)
    say(f"final model: {', '.join(final_vars)} (C = {model.c_index:.3f})")

    nom = nomogram(fit)

    pt = np.asarray(fit.fitted, dtype=float)
    pv = np.asarray(fit.predict(_model_data(cfg, Xv, yv) if cfg.formula is not None else Xv[final_vars],
                                type="fitted"), dtype=float)
    with _config_key("hl_groups", cfg.hl_groups):
        hl = hoslem_test(yt, pt, g=cfg.hl_groups)
    say(f"Hosmer-Lemeshow: X2 = {_num(hl.statistic, '.3f')}, df = {hl.df}, P = {_num(hl.p_value, '.4f')}")

    with _config_key("roc_boot_n", cfg.roc_boot_n):
        roc = PerGroup(training=_roc_group(yt, pt, cfg.roc_boot_n, cfg.seed),
                       validation=_roc_group(yv, pv, cfg.roc_boot_n, cfg.seed))
    for name, g in roc.items():
        say(f"ROC {name}: AUC {_num(g.auc, '.3f')} ({_num(g.ci_lower, '.3f')}-{_num(g.ci_upper, '.3f')}), "
            f"sensitivity {_num(g.sensitivity, '.3f')} ({_num(g.sensitivity_ci[0], '.3f')}-"
            f"{_num(g.sensitivity_ci[1], '.3f')}), specificity {_num(g.specificity, '.3f')} "
            f"({_num(g.specificity_ci[0], '.3f')}-{_num(g.specificity_ci[1], '.3f')})")

    say(f"calibration: bootstrap B = {cfg.calibration_B} ...")
    with _config_key("calibration_B", cfg.calibration_B):
        cal = calibrate(fit, B=cfg.calibration_B, seed=cfg.seed)
    vp = val_prob(pv, yv)
    vpg = ValProbGroup(stats=dict(vp.stats), n=int(vp.n), result=vp)
    if cfg.calibration_validation == "refit":
        vcal = _refit_calibration(Xv[final_vars], yv, cfg) if cfg.formula is None else \
            _refit_calibration(_model_data(cfg, Xv, yv), yv, cfg)
    else:
        ext = _external_calibration(fit, pv, yv)
        vcal = ExternalCalibrationGroup(
            mean_abs_error=float(ext.mean_abs_error), mean_sq_error=float(ext.mean_sq_error),
            quantile90_abs_error=float(ext.quantile90_abs_error),
            method="external: lowess(predicted, observed, iter=0) of the validation cohort, as rms's apparent curve",
            n=int(ext.n), table=ext.table, curve=ext)
    calibration = CalibrationByGroup(
        training=BootstrapCalibration(
            mean_abs_error=float(cal.mean_abs_error), mean_sq_error=float(cal.mean_sq_error),
            quantile90_abs_error=float(cal.quantile90_abs_error),
            method="rms::calibrate(fit, method='boot', B) after set.seed(seed)", B=cfg.calibration_B, table=cal.table,
            curve=cal),
        validation=vcal)
    say(f"calibration MAE: training {_num(cal.mean_abs_error, '.3f')}, validation ({cfg.calibration_validation}) "
        f"{_num(vcal.mean_abs_error, '.3f')}; val.prob in validation: intercept "
        f"{_num(vp.stats['Intercept'], '.3f')}, slope {_num(vp.stats['Slope'], '.3f')}")

    with _config_key("validation_B", cfg.validation_B):
        val = validate(fit, B=cfg.validation_B, seed=cfg.seed)
    internal = ValidationResult(B=cfg.validation_B, table=val.table, validate=val)

    thresholds = _thresholds(cfg.dca_thresholds_by)
    dca: dict[str, DcaGroup] = {}
    for name, yy, pp in (("training", yt, pt), ("validation", yv, pv)):
        # named so that rmda's model label reads "<outcome> ~ nomogram" in tables and figures
        df = pd.DataFrame({"outcome": yy.astype(float), "nomogram": pp})
        df.columns = [cfg.outcome if cfg.outcome != "nomogram" else "outcome", "nomogram"]
        ci = cfg.dca_confidence if cfg.dca_bootstraps > 0 else None
        with _config_key("dca_bootstraps", cfg.dca_bootstraps):
            dc = decision_curve(df, df.columns[0], ["nomogram"], fitted_risk=True, thresholds=thresholds,
                                bootstraps=max(cfg.dca_bootstraps, 1), confidence_intervals=ci, seed=cfg.seed)
        dca[name] = dataclasses.replace(dca_group(dc.derived_data, dc),
                                        clinical_impact=clinical_impact(dc, population_size=IMPACT_POPULATION),
                                        population_size=IMPACT_POPULATION)
        say(f"decision curve {name}: done ({cfg.dca_bootstraps} bootstraps)")

    comparison = None
    if Xref is not None:
        comparison = _compare(Xref, train_idx, is_train, yt, yv, pt, pv, cfg)
        for name, g in comparison.items():
            say(f"reference model vs final model, {name}: NRI {_num(g.improve.nri, '.3f')}, "
                f"IDI {_num(g.improve.idi, '.4f')}")

    return StudyResult(config=cfg, split=split, baseline=baseline, lasso=lasso, model=model, nomogram=nom,
                       hosmer_lemeshow=hl, roc=roc, calibration=calibration, internal_validation=internal,
                       dca=PerGroup(training=dca["training"], validation=dca["validation"]),
                       provenance=_provenance(cfg, input_sha256), val_prob=vpg, comparison=comparison)


#: the population of the clinical impact curves (rmda::plot_clinical_impact(dc, population.size = 1000))
IMPACT_POPULATION = 1000


def _reference_columns(data: pd.DataFrame, cfg: StudyConfig) -> pd.DataFrame:
    """The reference model's columns of the cohort (checked as the predictors are)."""
    from ..cohort import load_cohort

    cols = [str(c) for c in data.columns]
    for c in cfg.compare_reference or []:
        if c not in cols:
            raise InputError(f"config: [compare] reference names column {c!r}, which is not in the cohort")
    Xr, _ = load_cohort(data, cfg.outcome, list(cfg.compare_reference or []))
    V.predictor_names(Xr.columns, "the reference model")
    return Xr


def _check_formula_columns(cfg: StudyConfig, X: pd.DataFrame) -> None:
    """``[model] formula`` names only the cohort's predictor columns (before any work)."""
    from ..formula import all_vars, parse_formula

    pf = parse_formula(cfg.formula)
    for _, tree in pf.mains:
        for v in all_vars(tree):
            if v not in X.columns:
                extra = " (it is not among [study] predictors)" if cfg.predictors is not None else ""
                raise InputError(f"config: [model] formula names the column {v!r}, which is not in the cohort{extra}; "
                                 f"columns: {', '.join(map(str, X.columns))}")


def _model_data(cfg: StudyConfig, X: pd.DataFrame, y: np.ndarray) -> pd.DataFrame:
    """The data of ``lrm(formula, data)``: the predictors and the 0/1 outcome column."""
    d = X.copy()
    d[cfg.outcome] = np.asarray(y, dtype=float)
    return d


def _formula_model(cfg: StudyConfig, Xt: pd.DataFrame, yt: np.ndarray) -> ModelResult:
    """``[model] formula``: ``lrm(formula, data = train, x = TRUE, y = TRUE)``, no LASSO and no P < alpha step."""
    from ..formula import all_vars, parse_formula
    from ..logistic import lrm

    fit = lrm(cfg.formula, _model_data(cfg, Xt, yt))
    _check_separation(fit, yt, f"the model of the formula {cfg.formula!r}")
    used = list(dict.fromkeys(v for _, tree in parse_formula(cfg.formula).mains for v in all_vars(tree)))
    table = fit.summary()
    return ModelResult(variables_lasso=[], variables_final=used, keep_significant=False, alpha=cfg.alpha,
                       multivariable=table, final=table, coef=fit.coef, stats=fit.stats, fit=fit, fit_full=fit,
                       formula=cfg.formula)


def _refit_calibration(Xv: pd.DataFrame, yv: np.ndarray, cfg: StudyConfig) -> RefitCalibrationGroup:
    """``[calibration] validation = "refit"``: lrm on the validation group, then calibrate(B) after set.seed."""
    from ..calibration import calibrate
    from ..logistic import lrm

    fit_v = lrm(cfg.formula, Xv) if cfg.formula is not None else lrm(Xv, yv)
    _check_separation(fit_v, yv, "the model refitted on the validation group ([calibration] validation = \"refit\")")
    with _config_key("calibration_B", cfg.calibration_B):
        cv = calibrate(fit_v, B=cfg.calibration_B, seed=cfg.seed)
    return RefitCalibrationGroup(
        mean_abs_error=float(cv.mean_abs_error), mean_sq_error=float(cv.mean_sq_error),
        quantile90_abs_error=float(cv.quantile90_abs_error),
        method="refit: lrm refitted on the validation cohort, rms::calibrate(fit_v, method='boot', B) after "
               "set.seed(seed); does not validate the training model",
        B=cfg.calibration_B, n=int(len(yv)), table=cv.table, curve=cv, fit=fit_v)


def _compare(Xref: pd.DataFrame, train_idx, is_train: np.ndarray, yt: np.ndarray, yv: np.ndarray, pt: np.ndarray,
             pv: np.ndarray, cfg: StudyConfig) -> ComparisonResult:
    """The final model against a reference lrm model (fitted on the training group) in both groups."""
    from ..logistic import lrm
    from ..reclass import improve_prob, reclassification

    Rt = Xref.iloc[train_idx].reset_index(drop=True)
    Rv = Xref.loc[~is_train].reset_index(drop=True)
    ref = lrm(Rt, yt)
    _check_separation(ref, yt, "the reference model ([compare] reference)")
    rt = np.asarray(ref.fitted, dtype=float)
    rv = np.asarray(ref.predict(Rv, type="fitted"), dtype=float)
    groups = {}
    for name, yy, old, new in (("training", yt, rt, pt), ("validation", yv, rv, pv)):
        rc = None
        if cfg.compare_cutoffs:
            with _config_key("compare_boot", cfg.compare_boot):
                rc = reclassification(old, new, yy, cfg.compare_cutoffs, boot=cfg.compare_boot, seed=cfg.seed)
        groups[name] = ComparisonGroup(improve=improve_prob(old, new, yy), reclassification=rc)
    return ComparisonResult(reference=list(Xref.columns), cutoffs=None if not cfg.compare_cutoffs else
                            [float(c) for c in cfg.compare_cutoffs], fit=ref, training=groups["training"],
                            validation=groups["validation"])


def _num(v, fmt: str) -> str:
    """A number for a progress line; "not available" instead of "nan"."""
    try:
        v = float(v)
    except (TypeError, ValueError):
        return "not available"
    return "not available" if math.isnan(v) else format(v, fmt)


@contextlib.contextmanager
def _config_key(key: str, value):
    """Say which study setting a step's InputError is about (``hl_groups = 1000: g=1000 groups ...``)."""
    try:
        yield
    except InputError as exc:
        raise InputError(f"study setting {key} = {value!r}: {exc}") from None


def _epv_text(y: np.ndarray, n_pred: int, what: str = "candidate") -> str:
    n_ev = int(min(y.sum(), len(y) - y.sum()))
    which = "events" if y.sum() <= len(y) - y.sum() else "non-events"
    return (f"the training group has {n_ev} {which} among {len(y)} patients for {n_pred} {what} "
            f"predictor{'s' if n_pred != 1 else ''}, {n_ev / max(n_pred, 1):.2g} {which} per predictor")


def _nothing_selected_message(cfg: StudyConfig, yt: np.ndarray, n_cand: int) -> str:
    """Why LASSO kept nothing, honestly: the events per candidate predictor, and lambda.min only as a hint
    when the rule was 1se."""
    n_ev = int(min(yt.sum(), len(yt) - yt.sum()))
    msg = (f"LASSO kept no predictor at lambda.{cfg.lambda_rule}, so there is no model to fit: "
           f"{_epv_text(yt, n_cand)}")
    if n_ev < 10 * n_cand:
        msg += (" (a common rule of thumb asks for at least 10 per candidate predictor): too few events "
                "to select predictors from this many candidates")
    if cfg.lambda_rule == "1se":
        msg += "; lambda_rule = 'min' (the smaller penalty) may keep some"
    return msg


def _check_separation(fit, y: np.ndarray, what: str) -> None:
    """Complete or quasi-complete separation in an lrm fit: rms::lrm fits it without an error (huge
    coefficients and standard errors, every P near 1), which would read as "no predictor is significant";
    say so instead, naming the separating column(s)."""
    sep = getattr(fit, "separation", {}) or {}
    complete, quasi = list(sep.get("complete", [])), list(sep.get("quasi", []))
    p = np.asarray(fit.fitted, dtype=float)
    eps = 10 * np.finfo(float).eps
    extreme = int(((p < eps) | (p > 1 - eps)).sum())
    if not complete and not quasi and not extreme:
        return
    names = list(fit.coef_names[1:])
    details = []
    for nm in complete + quasi:
        x = np.asarray(fit.x[:, names.index(nm)], dtype=float)
        ev, non = x[y == 1], x[y == 0]
        if ev.min() >= non.max():
            details.append(f"{nm!r}: every event has {nm} >= {ev.min():.6g} and every non-event {nm} <= {non.max():.6g}")
        else:
            details.append(f"{nm!r}: every event has {nm} <= {ev.max():.6g} and every non-event {nm} >= {non.min():.6g}")
    if complete or quasi:
        kind = "complete" if complete else "quasi-complete"
        cols = ", ".join(repr(c) for c in complete + quasi)
        raise InputError(f"{kind} separation in {what}: {cols} separate{'s' if len(complete + quasi) == 1 else ''} "
                         f"the events from the non-events of the training group ({'; '.join(details)}). The model's "
                         "coefficients do not exist (rms::lrm returns huge coefficients and standard errors, so every "
                         "P is near 1). Is the column a copy of the outcome, or measured after it? Remove it from the "
                         "predictors and run again.")
    sd = fit.x.std(axis=0)
    top = names[int(np.argmax(np.abs(np.asarray(fit.coef)[1:] * sd)))]
    raise InputError(f"separation in {what}: {extreme} of {len(p)} fitted probabilities are numerically 0 or 1 (the "
                     f"predictors together separate the outcome; the largest effect is {top!r}). The coefficients "
                     "and standard errors are not reliable; check for a predictor that carries the outcome.")


def _display_baseline(bt, group) -> pd.DataFrame:
    """The printable baseline table with its groups named (and their sizes) instead of group_0/group_1."""
    g = pd.Series(np.asarray(group))
    names = {}
    for col, value, label in zip(("group_0", "group_1"), bt.groups, bt.group_labels):
        names[col] = f"{label} (n = {int((g == value).sum())})"
    n_all = len(g)
    return bt.table.rename(columns={**names, "overall": f"overall (n = {n_all})"})


def _external_calibration(fit, p_new: np.ndarray, y_new: np.ndarray):
    from .. import calibration

    # calibration.external_calibration(fit=None, x=None, y=None, *, predicted=None): the model is fixed,
    # so pass its validation predictions directly (R: cal_external(p, y) in parity/r/calibration.R)
    return calibration.external_calibration(y=y_new, predicted=p_new)


def _thresholds(by: float) -> np.ndarray:
    from ..kernels.rbase import seq_by

    return seq_by(0.0, 1.0, by)


@fill_doc
def dca_group(dd: pd.DataFrame, curve: DecisionCurveResult | None = None) -> DcaGroup:
    """One group's decision curve from rmda's ``derived.data``.

    Net benefit of the model, treat-all and treat-none at each threshold, and where the model beats
    both (``DcaGroup.useful_ranges``).

    Parameters
    ----------
    dd : pandas.DataFrame
        ``decision_curve(...).derived_data``.
    curve : DecisionCurveResult or None, default None
        The result itself (kept for the figure).

    Returns
    -------
    DcaGroup
        ``thresholds``, ``nb_model``, ``nb_all``, ``snb_model``, ``nb_lower``/``nb_upper`` (where
        computed) and ``useful_ranges``.

    Raises
    ------
    ValueError
        The model's and treat-all's thresholds differ.

    Notes
    -----
    R call: ``subset(dc$derived.data, model != "All" & model != "None")`` and ``subset(..., model == "All")``
    of ``rmda::decision_curve`` (``parity/r/study_twin.R`` builds the same group)

    Examples
    --------
    {{study_example}}
    >>> from cmvt_core.study.pipeline import dca_group
    >>> g = dca_group(result.dca.validation.derived_data)
    >>> len(g.thresholds), g.useful_ranges[:2]
    (101, [[0.07, 0.09], [0.11, 0.89]])
    """
    model = dd[~dd["model"].isin(["All", "None"])]
    allr = dd[dd["model"] == "All"]
    th = model["thresholds"].to_numpy(dtype=float)
    if not np.array_equal(th, allr["thresholds"].to_numpy(dtype=float)):
        raise ValueError("decision curve: the model's and treat-all's thresholds differ")
    return DcaGroup(thresholds=model["thresholds"].tolist(), nb_model=model["NB"].tolist(), nb_all=allr["NB"].tolist(),
                    snb_model=model["sNB"].tolist(),
                    nb_lower=model["NB_lower"].tolist() if "NB_lower" in model else None,
                    nb_upper=model["NB_upper"].tolist() if "NB_upper" in model else None,
                    useful_ranges=useful_ranges(th, model["NB"].to_numpy(dtype=float), allr["NB"].to_numpy(dtype=float)),
                    derived_data=dd, curve=curve)


def useful_ranges(thresholds: ArrayLike, nb_model: ArrayLike, nb_all: ArrayLike) -> list[list[float]]:
    """Maximal runs of consecutive thresholds where ``nb_model`` is finite and > max(``nb_all``, 0), as [from, to].

    A NaN treat-all net benefit is not beaten.

    Parameters
    ----------
    thresholds : array_like
        The thresholds, in order.
    nb_model : array_like
        The model's net benefit at each threshold.
    nb_all : array_like
        Treat-all's net benefit at each threshold.

    Returns
    -------
    list of list of float
        ``[from, to]`` per run (a single threshold gives ``[t, t]``).

    Notes
    -----
    R call: ``twin_useful_ranges(th, nb_model, nb_all)`` (``parity/r/study_twin.R``)

    Examples
    --------
    >>> from cmvt_core.study.pipeline import useful_ranges
    >>> useful_ranges([0.1, 0.2, 0.3, 0.4, 0.5], [0.2, 0.15, 0.05, -0.01, 0.02], [0.25, 0.1, -0.02, -0.1, -0.2])
    [[0.2, 0.3], [0.5, 0.5]]
    """
    th = np.asarray(thresholds, dtype=float)
    nb_m, nb_a = np.asarray(nb_model, dtype=float), np.asarray(nb_all, dtype=float)
    with np.errstate(invalid="ignore"):
        better = np.isfinite(nb_m) & (nb_m > nb_a) & (nb_m > 0.0)   # NaN treat-all: not beaten
    ranges: list[list[float]] = []
    start = None
    for i, b in enumerate(better.tolist() + [False]):
        if b and start is None:
            start = i
        elif not b and start is not None:
            ranges.append([float(th[start]), float(th[i - 1])])
            start = None
    return ranges


def _provenance(cfg: StudyConfig, input_sha256: str | None) -> Provenance:
    import scipy

    from .. import __version__

    versions = {"cmvt_core": __version__, "python": platform.python_version(), "numpy": np.__version__,
                "scipy": scipy.__version__, "pandas": pd.__version__}
    try:
        import numba

        versions["numba"] = numba.__version__
    except ImportError:  # pragma: no cover
        pass
    return Provenance(versions=versions, seed=cfg.seed, config=cfg.to_dict(), input_sha256=input_sha256,
                      platform=platform.platform(),
                      random_numbers="R's Mersenne-Twister/Inversion/Rejection (cmvt_core.rrandom), "
                                     "set.seed(seed) before each random step")


# ----------------------------------------------------------------------------- files
def file_sha256(path: str | os.PathLike) -> str:
    """The SHA-256 of a file's bytes, as hex (the input's fingerprint in ``results.json``).

    Parameters
    ----------
    path : str or os.PathLike
        The file.

    Returns
    -------
    str
        64 hexadecimal digits.

    Notes
    -----
    R call: none (``sha256sum``; provenance only)

    Examples
    --------
    >>> from cmvt_core.datasets import cmvt_cohort_path
    >>> from cmvt_core.study.pipeline import file_sha256
    >>> file_sha256(cmvt_cohort_path())[:16]
    '2ca27c8a9d65b656'
    """
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


@fill_doc
def write_outputs(result: StudyResult, out_dir: str | os.PathLike, *, figures: bool = True,
                  protect: tuple[str | os.PathLike, ...] = ()) -> Path:
    """Write results.json, tables/, figures/ and report.html into ``out_dir``, all or nothing.

    The rules of ``cmvt_core._outputs.write_folder``: a temporary folder beside ``out_dir``, moved
    into place under a lock at the end; an existing ``out_dir`` is replaced only if it holds nothing
    but what cmvt wrote there (its manifest), and never if it holds one of ``protect`` (the inputs);
    an error or interruption leaves the earlier output as it was and nothing beside it.

    Parameters
    ----------
    result : StudyResult
        ``run_study``'s result.
    out_dir : str or os.PathLike
        The output folder (made, or replaced if cmvt wrote it).
    figures : bool, default True
        Draw the figures (matplotlib; the slow part).
    protect : tuple of str or os.PathLike, default ()
        Files ``out_dir`` must not hold (the inputs).

    Returns
    -------
    pathlib.Path
        The output folder.

    Raises
    ------
    InputError
        An ``out_dir`` that holds files cmvt did not write or one of ``protect``.

    Notes
    -----
    R call: none (files of the numbers the R twin ``parity/r/study_twin.R`` writes to its OUT.json)

    Examples
    --------
    {{study_example}}
    >>> import os, tempfile
    >>> from cmvt_core.study import write_outputs
    >>> out = write_outputs(result, os.path.join(tempfile.mkdtemp(), "out"), figures=False)
    >>> sorted(p.name for p in out.iterdir())
    ['.cmvt-manifest.json', 'report.html', 'results.json', 'tables']
    """
    from .report import make_figures, write_report

    return write_study_folder(out_dir, result, (lambda d: make_figures(result, d)) if figures else None,
                              lambda path, figs, root: write_report(result, path, figs, root), protect)


def write_study_folder(out_dir: str | os.PathLike, result, draw: Callable[[Path], dict[str, str]] | None,
                       report: Callable[[Path, dict[str, str], Path], None],
                       protect: tuple[str | os.PathLike, ...] = ()) -> Path:
    """The output folder of a study (binary or survival), all or nothing: ``tables/`` (``result.tables``),
    ``figures/`` (``draw(folder)`` -> name -> PNG path; None: no figures), ``results.json``
    (``result.to_json_dict()``) and ``report.html`` (``report(path, figures, root)``), by ``write_folder``'s rules."""
    from .._outputs import to_csv, write_folder

    def fill(tmp: Path) -> None:
        (tmp / "tables").mkdir()
        for name, df in result.tables.items():
            to_csv(df, tmp / "tables" / f"{name}.csv", index=False)
        fig_files: dict[str, str] = {}
        if draw is not None:
            (tmp / "figures").mkdir()
            fig_files = draw(tmp / "figures")
        with open(tmp / "results.json", "w", encoding="utf-8") as f:
            json.dump(result.to_json_dict(), f, indent=1, allow_nan=True)
            f.write("\n")
        report(tmp / "report.html", fig_files, tmp)

    return write_folder(out_dir, fill, protect)


@fill_doc
def analyze(data_path: str | os.PathLike, out_dir: str | os.PathLike, *, outcome: str | None = None,
            config_path: str | os.PathLike | None = None, quiet: bool = False, figures: bool = True,
            predictors: list[str] | None = None, seed: int | None = None, time: str | None = None,
            event: str | None = None, times: list[float] | None = None) -> StudyResult | SurvivalStudyResult:
    """What ``cmvt analyze`` does: read the CSV, run the study, write the outputs atomically.

    ``outcome``, ``predictors``, ``seed``, ``time``, ``event`` and ``times`` (``None``: not given) win over the
    config file's values.  With a time and event column (``--time``/``--event`` or ``[survival] time``/``event``)
    the survival recipe runs (``cmvt_core.study.survival.run_survival_study``) and a ``SurvivalStudyResult``
    is returned.  With ``figures`` on, matplotlib must import: checked before any work is done.

    Parameters
    ----------
    data_path : str or os.PathLike
        The cohort CSV.
    out_dir : str or os.PathLike
        The output folder (see ``write_outputs``).
    outcome : str or None, default None
        The outcome column (default: the config's, ``cmvt``).
    config_path : str, os.PathLike or None, default None
        A study TOML (default: ``StudyConfig()``).
    quiet : bool, default False
        No progress lines on standard error.
    figures : bool, default True
        Draw the figures.
    predictors : list of str or None, default None
        The candidate predictors (default: the config's, every other column).
    seed : int or None, default None
        The seed (default: the config's, 2024).
    time, event : str or None, default None
        The follow-up time and 0/1 event columns of a survival study (default: the config's ``[survival]``).
    times : list of float or None, default None
        The survival study's times (default: the config's, else 1, 3, 5 years where follow-up allows).

    Returns
    -------
    StudyResult or SurvivalStudyResult
        What ``run_study`` (or ``run_survival_study``) returned, with the input file's name in its provenance.

    {{study_twin_notes}}

    Examples
    --------
    >>> import os, tempfile
    >>> from cmvt_core.datasets import cmvt_cohort_path
    >>> from cmvt_core.study import analyze
    >>> tmp = tempfile.mkdtemp()
    >>> with open(os.path.join(tmp, "study.toml"), "w") as f:
    ...     _ = f.write("[lasso]\\nnfolds = 5\\n[calibration]\\nB = 20\\n[validation]\\nB = 20\\n[dca]\\nbootstraps = 10\\n")
    >>> result = analyze(cmvt_cohort_path(), os.path.join(tmp, "out"), config_path=os.path.join(tmp, "study.toml"),
    ...                  quiet=True, figures=False,
    ...                  predictors=["age_group", "anaesthesia_general", "pre_nlr", "post_nlr", "out_of_bed_d1"])
    >>> round(result.roc.validation.auc, 4), result.provenance.input_file
    (0.8361, 'cmvt_cohort.csv')
    >>> sorted(os.listdir(os.path.join(tmp, "out")))
    ['.cmvt-manifest.json', 'report.html', 'results.json', 'tables']
    """
    from .._outputs import check_output_folder
    from ..cohort import read_csv

    check_output_folder(out_dir, protect=(data_path,))  # before any work: never after the study
    with log_to_stderr(__name__, enabled=not quiet):  # the step lines on stderr (logger cmvt_core.study.pipeline)
        say = _progress_printer()
        overrides = {"outcome": outcome, "predictors": None if predictors is None else list(predictors), "seed": seed,
                     "survival_time": time, "survival_event": event,
                     "survival_times": None if times is None else list(times)}
        cfg = StudyConfig.from_toml(config_path, **overrides) if config_path else \
            StudyConfig.from_dict({k: v for k, v in overrides.items() if v is not None})
        if figures:  # fail now, not after the study's bootstraps (ModuleNotFoundError; the CLI adds the install hint)
            import matplotlib  # noqa: F401
        data = read_csv(data_path)
        sha = file_sha256(data_path)
        if cfg.survival:  # issue 20: the survival recipe
            from .survival import run_survival_study, with_input_file, write_survival_outputs

            with quiet_bars(quiet):
                sresult = run_survival_study(data, cfg, progress=say, input_sha256=sha)
            sresult = with_input_file(sresult, Path(data_path).name)
            say("writing figures, tables and report ...")
            out = write_survival_outputs(sresult, out_dir, figures=figures, protect=(data_path,))
            say(f"report: {out / 'report.html'}")
            return sresult
        with quiet_bars(quiet):  # --quiet / --json: no bootstrap bars either
            result = run_study(data, cfg, progress=say, input_sha256=sha)
        result = dataclasses.replace(result, provenance=dataclasses.replace(result.provenance,
                                                                             input_file=Path(data_path).name))
        say("writing figures, tables and report ...")
        out = write_outputs(result, out_dir, figures=figures, protect=(data_path,))
        say(f"report: {out / 'report.html'}")
    return result

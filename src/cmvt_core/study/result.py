"""The study's result, typed: one field per step of the study, each a dataclass with annotated fields.

``run_study`` returns a :class:`StudyResult`; the report reads its attributes
(``result.roc.validation.auc``, ``result.model.variables_final``, ``result.split.n_training`` ...), and
``results.json`` is :meth:`StudyResult.to_json_dict`, the one function that turns the result into JSON
(its keys are the schema of docs/API.md "Output files", and what ``parity/r/study_twin.R`` writes).
``StudyResult.tables`` are the CSV files of ``tables/``.

Besides the numbers, each part keeps the fitted object it came from (``lasso.cv``, ``model.fit``,
``roc.training.curve``, ``calibration.training.curve``, ``dca.validation.curve`` ...): what the figures
draw.  Those never enter ``results.json``.  The classes are frozen: make a changed copy with
``dataclasses.replace``.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import numpy as np
import pandas as pd

from .._json import jsonable

if TYPE_CHECKING:  # the objects behind the numbers (imported only for the annotations)
    from ..baseline import BaselineTable
    from ..calibration import CalibrateResult, ExternalCalibration, ValidateResult
    from ..dca import DecisionCurveResult
    from ..gof import HoslemTest
    from ..lasso import CvGlmnetFit
    from ..logistic import LrmFit
    from ..nomogram import Nomogram
    from ..reclass import ImproveProb, Reclassification
    from ..roc import Roc
    from ..valprob import ValProb
    from .config import StudyConfig

__all__ = ["GROUPS", "PerGroup", "SplitResult", "BaselineMethods", "BaselineResult", "LassoResult", "ModelResult",
           "RocGroup", "CalibrationGroup", "BootstrapCalibration", "ExternalCalibrationGroup", "RefitCalibrationGroup",
           "CalibrationByGroup", "ValProbGroup", "ValidationResult", "DcaGroup", "ComparisonGroup", "ComparisonResult",
           "Provenance", "StudyResult"]

T = TypeVar("T")

#: the two groups of the split, in the order results.json and the report give them
GROUPS = ("training", "validation")


@dataclass(frozen=True, eq=False)
class PerGroup(Generic[T]):
    """One value for each group of the split.

    Attributes
    ----------
    training, validation : object
        The value for each group.
    """

    training: T
    validation: T

    def items(self) -> tuple[tuple[str, T], tuple[str, T]]:
        """``(("training", ...), ("validation", ...))``."""
        return (("training", self.training), ("validation", self.validation))


# ----------------------------------------------------------------------------- the split
@dataclass(frozen=True, eq=False)
class SplitResult:
    """The 7:3 split: ``method="sample"``: ``set.seed(seed); sort(sample(n, round(ratio * n)))``;
    ``method="caret"``: ``set.seed(seed); caret::createDataPartition(factor(y), p = ratio, list = FALSE)``
    (``ceiling(n_k * ratio)`` rows of each outcome class).  Not in results.json (the training rows are
    ``lasso.foldid``'s patients, the ratio, method and seed are in ``provenance.config``).

    Attributes
    ----------
    ratio : float
        The training share.
    seed : int
        The seed.
    method : str
        "sample" or "caret".
    training_rows : numpy.ndarray
        0-based training positions.
    n_training, n_validation, events_training, events_validation : int
        Group sizes and events.
    """

    ratio: float
    seed: int
    method: str
    training_rows: np.ndarray        # 0-based rows of the cohort in the training group, ascending
    n_training: int
    n_validation: int
    events_training: int
    events_validation: int


# ----------------------------------------------------------------------------- baseline tables
@dataclass(frozen=True, eq=False)
class BaselineMethods:
    """How ``baseline_table`` compared the groups (its settings), for the report's methods sentence.

    Each field is the ``baseline_table`` argument of the same name.

    Attributes
    ----------
    alpha : float
        The Shapiro-Wilk level deciding between the t-test and Mann-Whitney.
    var_equal : bool
        Student's (True) or Welch's (False) t-test.
    correct : bool
        Yates' continuity correction on 2 x 2 tables.
    expected_min : float
        Fisher's exact test when an expected count is below this.
    """

    alpha: float             # Shapiro–Wilk level deciding t-test or Mann–Whitney
    var_equal: bool          # Student's (True) or Welch's (False) t-test
    correct: bool            # Yates' continuity correction on 2 x 2 tables
    expected_min: float      # Fisher's exact test when an expected count is below this


@dataclass(frozen=True, eq=False)
class BaselineResult:
    """Table 1 (training vs validation) and Table 2 (events vs non-events of the training group).

    Attributes
    ----------
    training_vs_validation, events_vs_nonevents_training : BaselineTable
        The two tables.
    table_split, table_outcome : pandas.DataFrame
        Their printable forms.
    """

    training_vs_validation: BaselineTable
    events_vs_nonevents_training: BaselineTable
    table_split: pd.DataFrame        # Table 1 as printed (groups named with their sizes): tables/baseline_split.csv
    table_outcome: pd.DataFrame      # Table 2 as printed: tables/baseline_outcome.csv

    @property
    def methods(self) -> BaselineMethods:
        st = self.training_vs_validation.settings
        return BaselineMethods(alpha=float(st["alpha"]), var_equal=bool(st["var_equal"]),
                               correct=bool(st["correct"]), expected_min=float(st["expected_min"]))

    def to_json_dict(self) -> dict[str, Any]:
        return {"training_vs_validation": jsonable(self.training_vs_validation.to_dict()),
                "events_vs_nonevents_training": jsonable(self.events_vs_nonevents_training.to_dict())}


# ----------------------------------------------------------------------------- LASSO
@dataclass(frozen=True, eq=False)
class LassoResult:
    """``cv.glmnet`` on the training group and what it kept at the chosen lambda.

    Attributes
    ----------
    type_measure, measure_name, lambda_rule : str
        The settings and R's measure name.
    nfolds : int
        Folds.
    lambda_min, lambda_1se, lambda_used : float
        R's lambdas and the one used.
    selected : list of str
        Predictors kept.
    coefficients : dict
        Their coefficients at the lambda used.
    foldid : list of int
        1-based fold ids.
    path_length : int
        Lambdas on the path.
    cv : CvGlmnetFit
        The fit.
    """

    type_measure: str
    measure_name: str
    nfolds: int
    lambda_min: float
    lambda_1se: float
    lambda_rule: str                 # "min" or "1se"
    lambda_used: float
    selected: list[str]              # candidates with a non-zero coefficient at lambda_used
    coefficients: dict[str, float]   # "(Intercept)" then every candidate, at lambda_used
    foldid: list[int]                # the CV fold of each training patient
    path_length: int
    cv: CvGlmnetFit                  # the fitted cv.glmnet (paths and CV curve figures)

    @property
    def n_candidates(self) -> int:
        return max(len(self.coefficients) - 1, 0)

    def coefficient_table(self) -> pd.DataFrame:
        """tables/lasso_coefficients.csv."""
        return pd.DataFrame({"variable": list(self.coefficients), "coefficient": list(self.coefficients.values())})

    def to_json_dict(self) -> dict[str, Any]:
        return {"type_measure": self.type_measure, "measure_name": self.measure_name, "nfolds": self.nfolds,
                "lambda_min": self.lambda_min, "lambda_1se": self.lambda_1se, "lambda_rule": self.lambda_rule,
                "lambda_used": self.lambda_used, "selected": list(self.selected),
                "coefficients": dict(self.coefficients), "foldid": list(self.foldid),
                "path_length": self.path_length}


# ----------------------------------------------------------------------------- the logistic model
@dataclass(frozen=True, eq=False)
class ModelResult:
    """rms ``lrm`` of the LASSO-selected predictors (``multivariable``) and the final model (``final``).

    Attributes
    ----------
    variables_lasso, variables_final : list of str
        Predictors of the two models.
    keep_significant : bool
        Whether non-significant ones were dropped.
    alpha : float
        The significance level.
    multivariable, final : pandas.DataFrame
        lrm summaries of every LASSO-selected predictor and of the final model.
    coef : pandas.Series
        The final model's coefficients.
    stats : dict
        Its rms statistics.
    fit, fit_full : LrmFit
        The final fit and the fit of every LASSO predictor (the same fit with a formula).
    formula : str or None
        ``[model] formula`` when the model was given by a formula (no LASSO): ``variables_lasso`` is empty,
        ``variables_final`` the formula's columns, ``multivariable`` and ``final`` the same table.
    """

    variables_lasso: list[str]
    variables_final: list[str]
    keep_significant: bool           # the final model keeps only P < alpha
    alpha: float
    multivariable: pd.DataFrame      # lrm summary of every LASSO-selected predictor (index: term)
    final: pd.DataFrame              # lrm summary of the final model (index: term)
    coef: pd.Series                  # the final model's coefficients
    stats: dict[str, float]          # rms's stats vector of the final model, by rms's names
    fit: LrmFit                      # the final model
    fit_full: LrmFit                 # the model of every LASSO-selected predictor
    formula: str | None = None       # [model] formula: the model was given by this formula, no LASSO

    @property
    def c_index(self) -> float:
        return float(self.stats["C"])

    @property
    def r2(self) -> float:
        """Nagelkerke's R²."""
        return float(self.stats["R2"])

    @property
    def brier(self) -> float:
        return float(self.stats["Brier"])

    def to_json_dict(self) -> dict[str, Any]:
        return {"variables_lasso": list(self.variables_lasso), "variables_final": list(self.variables_final),
                "keep_significant": self.keep_significant, "alpha": self.alpha,
                "multivariable": jsonable(self.multivariable.to_dict(orient="index")),
                "final": jsonable(self.final.to_dict(orient="index")),
                "coef": jsonable(self.coef), "stats": jsonable(self.stats), "formula": self.formula}


# ----------------------------------------------------------------------------- per group
@dataclass(frozen=True, eq=False)
class RocGroup:
    """pROC's ROC of one group: AUC with its DeLong 95% CI and the Youden cut-off.

    Attributes
    ----------
    auc, ci_lower, ci_upper : float
        AUC and its DeLong 95% CI.
    threshold, sensitivity, specificity : float
        The Youden cut-off.
    n_best_thresholds : int
        Tied best thresholds.
    direction : str
        pROC's direction.
    curve : Roc
        The curve.
    threshold_ci, sensitivity_ci, specificity_ci : tuple of float
        2.5% and 97.5% bootstrap percentiles (pROC ci.coords at "best", Youden).
    ci_boot_n : int
        ci.coords' bootstrap replicates.
    ci_best_policy : str
        ci.coords' best.policy ("random": a tie in a replicate takes one best threshold with R's sample).
    """

    auc: float
    ci_lower: float
    ci_upper: float
    threshold: float                 # the Youden cut-off (the lowest of tied ones)
    sensitivity: float
    specificity: float
    n_best_thresholds: int           # how many cut-offs share the largest Youden index
    direction: str
    curve: Roc
    # pROC::ci.coords(roc, "best", best.method = "youden", best.policy = "random", boot.n) after set.seed(seed):
    # the 2.5% and 97.5% bootstrap percentiles of the best threshold and its sensitivity and specificity
    threshold_ci: tuple[float, float] = (float("nan"), float("nan"))
    sensitivity_ci: tuple[float, float] = (float("nan"), float("nan"))
    specificity_ci: tuple[float, float] = (float("nan"), float("nan"))
    ci_boot_n: int = 0
    ci_best_policy: str = "random"

    @property
    def n(self) -> int:
        """The patients of the curve (cases and controls)."""
        return int(self.curve.cases.shape[0] + self.curve.controls.shape[0])

    def to_json_dict(self) -> dict[str, Any]:
        return {"auc": self.auc, "ci_lower": self.ci_lower, "ci_upper": self.ci_upper, "threshold": self.threshold,
                "sensitivity": self.sensitivity, "specificity": self.specificity,
                "n_best_thresholds": self.n_best_thresholds, "direction": self.direction,
                "threshold_ci": list(self.threshold_ci), "sensitivity_ci": list(self.sensitivity_ci),
                "specificity_ci": list(self.specificity_ci), "ci_boot_n": self.ci_boot_n,
                "ci_best_policy": self.ci_best_policy}


@dataclass(frozen=True, eq=False)
class CalibrationGroup:
    """The calibration curve's error figures in one group.

    Attributes
    ----------
    mean_abs_error, mean_sq_error, quantile90_abs_error : float
        The curve's error figures.
    method : str
        How the curve was computed.
    """

    mean_abs_error: float
    mean_sq_error: float
    quantile90_abs_error: float
    method: str                      # how the curve was made, in words

    def to_json_dict(self) -> dict[str, Any]:
        raise NotImplementedError


@dataclass(frozen=True, eq=False)
class BootstrapCalibration(CalibrationGroup):
    """Training group: ``rms::calibrate(fit, method = "boot", B)``.

    Attributes
    ----------
    mean_abs_error, mean_sq_error, quantile90_abs_error : float
        plot(cal)'s error figures.
    method : str
        The R call.
    B : int
        Replicates.
    table : pandas.DataFrame
        rms's calibrate table.
    curve : CalibrateResult
        The result.
    """

    B: int
    table: pd.DataFrame              # calibrate's table: tables/calibration_training.csv
    curve: CalibrateResult

    def to_json_dict(self) -> dict[str, Any]:
        return {"mean_abs_error": self.mean_abs_error, "mean_sq_error": self.mean_sq_error,
                "quantile90_abs_error": self.quantile90_abs_error, "B": self.B, "method": self.method}


@dataclass(frozen=True, eq=False)
class ExternalCalibrationGroup(CalibrationGroup):
    """Validation group, ``[calibration] validation = "external"``: the training model's predictions against
    the outcome (lowess, ``iter = 0``, on calibrate's predy grid); no bootstrap (the model is fixed).

    Attributes
    ----------
    mean_abs_error, mean_sq_error, quantile90_abs_error : float
        The external curve's error figures.
    method : str
        The R expression.
    n : int
        Observations.
    table : pandas.DataFrame
        The curve on the grid.
    curve : ExternalCalibration
        The result.
    mode : str
        "external".
    """

    n: int
    table: pd.DataFrame              # predy and the calibrated curve on the predy grid
    curve: ExternalCalibration
    mode: str = "external"

    def to_json_dict(self) -> dict[str, Any]:
        return {"table": {str(c): [float(v) for v in self.table[c]] for c in self.table.columns},
                "mean_abs_error": self.mean_abs_error, "mean_sq_error": self.mean_sq_error,
                "quantile90_abs_error": self.quantile90_abs_error, "n": self.n, "method": self.method,
                "mode": self.mode}


@dataclass(frozen=True, eq=False)
class RefitCalibrationGroup(CalibrationGroup):
    """Validation group, ``[calibration] validation = "refit"``: ``lrm`` refitted on the validation group with
    the final model's predictors, then ``calibrate(fit_v, method = "boot", B)`` after ``set.seed(seed)``.

    What many papers call "bootstrap calibration in the validation group": it describes a new model fitted
    on the validation group, so it does not validate the training model (``ValProbGroup`` does).

    Attributes
    ----------
    mean_abs_error, mean_sq_error, quantile90_abs_error : float
        The refitted model's bias-corrected curve's error figures (as in training).
    method : str
        The R expression.
    B : int
        Bootstrap replicates.
    n : int
        Observations.
    table : pandas.DataFrame
        calibrate's table of the refitted model.
    curve : CalibrateResult
        The result.
    fit : LrmFit
        The model refitted on the validation group.
    mode : str
        "refit".
    """

    B: int
    n: int
    table: pd.DataFrame              # calibrate's table of the refitted model: tables/calibration_validation_refit.csv
    curve: CalibrateResult
    fit: LrmFit                      # the model refitted on the validation group
    mode: str = "refit"

    def to_json_dict(self) -> dict[str, Any]:
        return {"mean_abs_error": self.mean_abs_error, "mean_sq_error": self.mean_sq_error,
                "quantile90_abs_error": self.quantile90_abs_error, "B": self.B, "n": self.n, "method": self.method,
                "mode": self.mode, "refit_coef": jsonable(self.fit.coef)}


@dataclass(frozen=True, eq=False)
class CalibrationByGroup(PerGroup[CalibrationGroup]):
    """Training: bootstrap calibration (rms); validation: external calibration of the fixed model, or
    (``[calibration] validation = "refit"``) bootstrap calibration of a model refitted there.

    Attributes
    ----------
    training : BootstrapCalibration
        rms::calibrate.
    validation : ExternalCalibrationGroup or RefitCalibrationGroup
        The fixed model on the validation group, or the model refitted there.
    """

    training: BootstrapCalibration
    validation: ExternalCalibrationGroup | RefitCalibrationGroup


@dataclass(frozen=True, eq=False)
class ValProbGroup:
    """The training model evaluated on the validation group: ``rms::val.prob(p, y, pl = FALSE)``.

    Attributes
    ----------
    stats : dict
        The 18 statistics, named as rms names them.
    n : int
        Observations.
    result : ValProb
        The val_prob result (its curve is the validation figure).
    """

    stats: dict[str, float]          # the 18 statistics, named as rms names them
    n: int
    result: ValProb                  # the val_prob result (its lowess curve is the validation figure)

    def to_json_dict(self) -> dict[str, Any]:
        return {"stats": jsonable(dict(self.stats)), "n": self.n}


@dataclass(frozen=True, eq=False)
class ValidationResult:
    """Internal validation of the final model: ``rms::validate(fit, method = "boot", B)`` (training group).

    Attributes
    ----------
    B : int
        Replicates.
    table : pandas.DataFrame
        rms's validate table (``validate.table``).
    validate : ValidateResult
        The result.
    """

    B: int
    table: pd.DataFrame              # index_orig, training, test, optimism, index_corrected, n per index (rows)
    validate: ValidateResult

    def to_json_dict(self) -> dict[str, Any]:
        return jsonable(self.table.to_dict(orient="index"))


@dataclass(frozen=True, eq=False)
class DcaGroup:
    """rmda's decision curve of one group, and the threshold runs where the model is useful.

    ``useful_ranges``: the ``[from, to]`` threshold ranges where the model is useful, each a maximal run of
    consecutive grid thresholds at which the model's net benefit is finite and strictly above both
    treat-all's and treat-none's (0).  A model that wins, loses and wins again has several ranges; none: ``[]``.

    Attributes
    ----------
    thresholds, nb_model, nb_all, snb_model : list of float
        The curve by threshold.
    nb_lower, nb_upper : list of float or None
        The bootstrap CI of the model's net benefit (None without bootstraps).
    useful_ranges : list
        Threshold ranges where the model is useful.
    derived_data : pandas.DataFrame
        rmda's derived.data.
    curve : DecisionCurveResult or None
        The result.
    clinical_impact : pandas.DataFrame or None
        ``clinical_impact(curve, population_size)``: what rmda's plot_clinical_impact draws.
    population_size : int
        The clinical impact's population.
    """

    thresholds: list[float]
    nb_model: list[float]
    nb_all: list[float]
    snb_model: list[float]
    nb_lower: list[float] | None     # bootstrap CI of the model's net benefit (None without bootstraps)
    nb_upper: list[float] | None
    useful_ranges: list[list[float]]
    derived_data: pd.DataFrame       # rmda's derived.data: tables/dca_<group>.csv
    curve: DecisionCurveResult | None
    # rmda::plot_clinical_impact(dc, population.size)'s numbers (clinical_impact): tables/clinical_impact_<group>.csv
    clinical_impact: pd.DataFrame | None = None
    population_size: int = 1000

    def to_json_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"thresholds": list(self.thresholds), "nb_model": list(self.nb_model),
                               "nb_all": list(self.nb_all), "snb_model": list(self.snb_model)}
        if self.nb_lower is not None:
            out["nb_lower"] = list(self.nb_lower)
        if self.nb_upper is not None:
            out["nb_upper"] = list(self.nb_upper)
        out["useful_ranges"] = [list(r) for r in self.useful_ranges]
        if self.clinical_impact is not None:  # compact: one list per column
            ci = {"population_size": self.population_size}
            ci.update({str(c): [float(v) for v in self.clinical_impact[c]] for c in self.clinical_impact.columns})
            out["clinical_impact"] = ci
        return out


# ----------------------------------------------------------------------------- comparison with a reference model
@dataclass(frozen=True, eq=False)
class ComparisonGroup:
    """The final model against the reference model in one group: ``Hmisc::improveProb(p_ref, p_new, y)`` and,
    with cut-offs, the categorical NRI (``reclassification``, bootstrap after ``set.seed(seed)``).

    Attributes
    ----------
    improve : ImproveProb
        NRI and IDI (Hmisc::improveProb).
    reclassification : Reclassification or None
        The categorical NRI (None without cut-offs).
    """

    improve: ImproveProb
    reclassification: Reclassification | None

    def to_json_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"improve_prob": self.improve.to_dict()}
        if self.reclassification is not None:
            r = self.reclassification.to_dict()
            out["reclassification"] = {k: r[k] for k in (
                "cutoffs", "categories", "table_events", "table_nonevents", "n", "n_events", "n_nonevents", "up_ev",
                "down_ev", "up_ne", "down_ne", "nri", "nri_ev", "nri_ne", "asymptotic", "estimates", "conf_level",
                "boot")}
        return out


@dataclass(frozen=True, eq=False)
class ComparisonResult:
    """``[compare] reference``: a reference lrm model on the named columns (fitted on the training group)
    against the final model, in both groups.

    Attributes
    ----------
    reference : list of str
        The reference model's predictors.
    cutoffs : list of float or None
        The categorical NRI's risk cut-offs.
    fit : LrmFit
        The reference model.
    training, validation : ComparisonGroup
        The comparison in each group.
    """

    reference: list[str]             # the reference model's predictors
    cutoffs: list[float] | None      # the categorical NRI's risk cut-offs (None: not asked)
    fit: LrmFit                      # the reference model
    training: ComparisonGroup
    validation: ComparisonGroup

    def items(self) -> tuple[tuple[str, ComparisonGroup], tuple[str, ComparisonGroup]]:
        return (("training", self.training), ("validation", self.validation))

    def to_json_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"reference": list(self.reference), "reference_coef": jsonable(self.fit.coef),
                               "reference_c_index": float(self.fit.stats["C"])}
        if self.cutoffs is not None:
            out["cutoffs"] = [float(c) for c in self.cutoffs]
        out["training"] = self.training.to_json_dict()
        out["validation"] = self.validation.to_json_dict()
        return out


# ----------------------------------------------------------------------------- provenance
@dataclass(frozen=True, eq=False)
class Provenance:
    """What made the numbers: versions, seed, config, the input's SHA-256.

    ``results.json`` holds it as ``provenance``.

    Attributes
    ----------
    versions : dict
        Package versions.
    seed : int
        The seed.
    config : dict
        The recipe.
    input_sha256 : str or None
        The input file's SHA-256.
    platform : str
        The machine.
    random_numbers : str
        R's RNG kinds reproduced.
    input_file : str or None
        The input file's name.
    """

    versions: dict[str, str]         # cmvt_core, python, numpy, scipy, pandas, numba
    seed: int
    config: dict[str, Any]           # StudyConfig.to_dict()
    input_sha256: str | None
    platform: str
    random_numbers: str
    input_file: str | None = None    # the input's file name (cmvt analyze)

    @property
    def cmvt_core_version(self) -> str | None:
        return self.versions.get("cmvt_core")

    def to_json_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"versions": dict(self.versions), "seed": self.seed, "config": jsonable(self.config),
                               "input_sha256": self.input_sha256, "platform": self.platform,
                               "random_numbers": self.random_numbers}
        if self.input_file is not None:
            out["input_file"] = self.input_file
        return out


# ----------------------------------------------------------------------------- the whole study
@dataclass(frozen=True, eq=False)
class StudyResult:
    """Every number of the study, by step, and the fitted objects behind the figures.

    Attributes
    ----------
    config : StudyConfig
        The recipe.
    split : SplitResult
        The 7:3 split.
    baseline : BaselineResult
        Tables 1 and 2.
    lasso : LassoResult or None
        cv.glmnet and its selection (None when ``[model] formula`` gave the model).
    model : ModelResult
        The lrm fits.
    nomogram : Nomogram
        The nomogram.
    hosmer_lemeshow : HoslemTest
        Goodness of fit.
    roc : PerGroup
        ROC per group.
    calibration : CalibrationByGroup
        Calibration per group.
    internal_validation : ValidationResult
        rms::validate.
    dca : PerGroup
        Decision curves per group.
    provenance : Provenance
        What made the numbers.
    val_prob : ValProbGroup or None
        The training model in the validation group (rms::val.prob).
    comparison : ComparisonResult or None
        The final model against a reference model ([compare] reference).
    """

    config: StudyConfig
    split: SplitResult
    baseline: BaselineResult
    lasso: LassoResult | None                     # None: the model was given by [model] formula (no LASSO)
    model: ModelResult
    nomogram: Nomogram
    hosmer_lemeshow: HoslemTest
    roc: PerGroup[RocGroup]
    calibration: CalibrationByGroup
    internal_validation: ValidationResult
    dca: PerGroup[DcaGroup]
    provenance: Provenance
    val_prob: ValProbGroup | None = None          # the training model on the validation group (rms::val.prob)
    comparison: ComparisonResult | None = None    # [compare] reference given

    def to_json_dict(self) -> dict[str, Any]:
        """results.json: plain JSON data (NaN stays a float), the schema of docs/API.md "Output files"."""
        groups: dict[str, dict[str, Any]] = {}
        for name in GROUPS:
            g: dict[str, Any] = {"roc": getattr(self.roc, name).to_json_dict(),
                                 "calibration": getattr(self.calibration, name).to_json_dict()}
            if name == "training":
                g["validate"] = self.internal_validation.to_json_dict()
            elif self.val_prob is not None:
                g["val_prob"] = self.val_prob.to_json_dict()
            g["dca"] = getattr(self.dca, name).to_json_dict()
            groups[name] = g
        extra: dict[str, Any] = {}
        if self.comparison is not None:
            extra["comparison"] = self.comparison.to_json_dict()
        return jsonable({
            "baseline": self.baseline.to_json_dict(),
            "lasso": None if self.lasso is None else self.lasso.to_json_dict(),
            "model": self.model.to_json_dict(),
            "nomogram": self.nomogram.to_dict(),
            "hosmer_lemeshow": self.hosmer_lemeshow.to_dict(),
            **groups,
            **extra,
            "provenance": self.provenance.to_json_dict(),
        })

    @property
    def tables(self) -> dict[str, pd.DataFrame]:
        """The CSV files of ``tables/``, by file name (without ``.csv``)."""
        out = {
            "baseline_split": self.baseline.table_split,
            "baseline_outcome": self.baseline.table_outcome,
            **({"lasso_coefficients": self.lasso.coefficient_table()} if self.lasso is not None else {}),
            "model_lasso_selected": self.model.multivariable.reset_index(names="term"),
            "model_final": self.model.final.reset_index(names="term"),
            "calibration_training": self.calibration.training.table,
            "validate": self.internal_validation.table.reset_index(names="index"),
            "dca_training": self.dca.training.derived_data,
            "dca_validation": self.dca.validation.derived_data,
        }
        if isinstance(self.calibration.validation, RefitCalibrationGroup):
            out["calibration_validation_refit"] = self.calibration.validation.table
        for name, g in self.dca.items():
            if g.clinical_impact is not None:
                out[f"clinical_impact_{name}"] = g.clinical_impact
        return out

"""The study workflow end to end: the recipe of a clinical prediction-model study.

``run_study(data, config)`` runs, in order: validation of the cohort, the 7:3 split (R's
``sample``), the baseline tables, LASSO with 10-fold CV, the multivariable logistic model (rms
``lrm``) on what LASSO kept (optionally only P < alpha), the nomogram, Hosmer–Lemeshow, ROC with
DeLong CI and the Youden cut-off in training and validation, bootstrap calibration (B = 1000) with
its MAE in training and the external calibration MAE in validation, and decision curves in both.

Every random step is "as if ``set.seed(seed)`` ran just before it" in R, so an R script given the
same seed reproduces each step independently (``parity/r/study_twin.R`` is that script):

    split:        set.seed(seed); train <- sort(sample(n, round(ratio * n)))
    cv.glmnet:    set.seed(seed); cv.glmnet(x, y, family = "binomial", type.measure = ..., nfolds = 10)
    calibrate:    set.seed(seed); calibrate(fit, method = "boot", B = B)
    validate:     set.seed(seed); validate(fit, method = "boot", B = B)
    DCA:          set.seed(seed); decision_curve(y ~ risk, fitted.risk = TRUE, bootstraps = ...)

(the validation group's calibration has no random step: the lowess(iter = 0) curve of the fixed
model's predictions, ``calibration.external_calibration``). The twin runs alone as
``Rscript parity/r/study_twin.R DATA.csv CONFIG.json OUT.json`` (CONFIG = ``StudyConfig.to_dict()``).

``write_outputs`` writes ``results.json``, ``report.html``, ``figures/`` and ``tables/`` into a
temporary folder beside ``--out`` and moves it into place only when everything succeeded.
"""
from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import math
import os
import platform
import sys
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import numpy as np
import pandas as pd

from .. import _validate as V
from .._json import jsonable as _jsonable
from .._validate import MAX_REPLICATES
from ..errors import InputError


# ----------------------------------------------------------------------------- configuration
@dataclass
class StudyConfig:
    """The study's recipe; defaults are the CMVT study's choices (see docs/STUDY.md)."""

    outcome: str = "cmvt"
    predictors: list[str] | None = None      # None: every other column
    seed: int = 2024
    split_ratio: float = 0.7
    lasso_type_measure: str = "mse"          # the study chose lambda by the smallest MSE
    lasso_nfolds: int = 10
    lambda_rule: str = "min"                 # "min" or "1se"
    keep_significant: bool = True            # final model keeps only P < alpha
    alpha: float = 0.05
    hl_groups: int = 10
    calibration_B: int = 1000
    validation_B: int = 1000
    dca_bootstraps: int = 500
    dca_thresholds_by: float = 0.01          # thresholds seq(0, 1, by = ...)
    dca_confidence: float | None = 0.95

    @classmethod
    def from_toml(cls, path: str | os.PathLike, **overrides: Any) -> "StudyConfig":
        """Read a study TOML (``[section] key``, see ``TOML_SECTIONS``); ``overrides`` are field names
        (``outcome=``, ``predictors=``, ``seed=`` ...) that win over the file, ``None`` meaning "not given"."""
        p = Path(path)
        if not p.is_file():
            raise InputError(f"config file not found: {p}")
        try:
            raw = tomllib.loads(p.read_text(encoding="utf-8-sig"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise InputError(f"config file {p} is not valid TOML: {exc}") from None
        flat, labels = _flatten_toml(raw)
        given = {k: v for k, v in overrides.items() if v is not None}
        unknown = sorted(set(given) - _FIELDS)
        if unknown:
            raise InputError(f"unknown config key(s): {', '.join(map(repr, unknown))}; known: {', '.join(sorted(_FIELDS))}")
        flat.update(given)
        for k in given:  # a value from the command line is not the file's: name it by its field
            labels.pop(k, None)
        return cls._build(flat, labels)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "StudyConfig":
        """A config from flat field names (``{"calibration_B": 200, ...}``), as ``to_dict`` gives."""
        unknown = sorted(set(d) - _FIELDS)
        if unknown:
            raise InputError(f"unknown config key(s): {', '.join(map(repr, unknown))}; known: {', '.join(sorted(_FIELDS))}")
        return cls._build(dict(d), {})

    @classmethod
    def _build(cls, d: dict[str, Any], labels: dict[str, str]) -> "StudyConfig":
        cfg = cls(**d)
        cfg._check(labels)
        return cfg

    def validate(self) -> None:
        self._check({})

    def _check(self, labels: dict[str, str]) -> None:
        """Raise InputError on the first bad value; ``labels`` maps a field to its TOML name (``[calibration] B``)."""

        def bad(name: str, rule: str) -> InputError:
            v = getattr(self, name)
            shown = f"{labels[name]} = {_toml_repr(v)}" if name in labels else f"{name}={v!r}"
            return InputError(f"config: {shown} {rule}")

        if not isinstance(self.outcome, str) or not self.outcome:
            raise bad("outcome", "must be a column name")
        if self.predictors is not None and (not isinstance(self.predictors, list) or
                                            not all(isinstance(c, str) for c in self.predictors)):
            raise bad("predictors", "must be a list of column names")
        if isinstance(self.seed, bool) or not isinstance(self.seed, int) or not -(2**31 - 1) <= self.seed <= 2**31 - 1:
            raise bad("seed", "must be an integer in R's range (|seed| < 2^31)")
        if isinstance(self.split_ratio, bool) or not (isinstance(self.split_ratio, (int, float)) and 0 < self.split_ratio < 1):
            raise bad("split_ratio", "must be between 0 and 1")
        if self.lasso_type_measure not in ("deviance", "mse", "class", "auc"):
            raise bad("lasso_type_measure", "must be deviance, mse, class or auc")
        if not isinstance(self.keep_significant, bool):
            raise bad("keep_significant", "must be true or false")
        if self.lambda_rule not in ("min", "1se"):
            raise bad("lambda_rule", "must be 'min' or '1se'")
        # replicate counts get the bound calibrate/validate/decision_curve apply, checked here before any work
        for name, least, most in (("lasso_nfolds", 3, None), ("hl_groups", 2, None), ("calibration_B", 1, MAX_REPLICATES),
                                  ("validation_B", 1, MAX_REPLICATES), ("dca_bootstraps", 0, MAX_REPLICATES)):
            v = getattr(self, name)
            if isinstance(v, bool) or not isinstance(v, int) or v < least:
                raise bad(name, f"must be a whole number >= {least}" + (" (B = 0 has no bootstrap)" if least == 1 else ""))
            if most is not None and v > most:
                raise bad(name, f"must be at most {most} (cmvt_core._validate.MAX_REPLICATES)")
        if isinstance(self.alpha, bool) or not (isinstance(self.alpha, (int, float)) and 0 < self.alpha < 1):
            raise bad("alpha", "must be between 0 and 1")
        by = self.dca_thresholds_by
        if isinstance(by, bool) or not (isinstance(by, (int, float)) and 0 < by <= 0.5):
            raise bad("dca_thresholds_by", "must be in (0, 0.5]")
        if self.dca_confidence is not None and (isinstance(self.dca_confidence, bool) or
                                                not isinstance(self.dca_confidence, (int, float)) or
                                                not (0 < self.dca_confidence < 1)):
            raise bad("dca_confidence", "must be in (0, 1)")

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


_FIELDS = {f.name for f in dataclasses.fields(StudyConfig)}

#: the study TOML: section -> {key in the file: StudyConfig field} (fixtures/study.toml shows every key)
TOML_SECTIONS: dict[str, dict[str, str]] = {
    "study": {"outcome": "outcome", "predictors": "predictors", "seed": "seed", "split_ratio": "split_ratio"},
    "lasso": {"type_measure": "lasso_type_measure", "nfolds": "lasso_nfolds"},
    "model": {"lambda_rule": "lambda_rule", "keep_significant": "keep_significant", "alpha": "alpha"},
    "hl": {"groups": "hl_groups"},
    "calibration": {"B": "calibration_B"},
    "validation": {"B": "validation_B"},
    "dca": {"bootstraps": "dca_bootstraps", "thresholds_by": "dca_thresholds_by", "confidence": "dca_confidence"},
}
_TOML_NAME = {field: f"[{sec}] {key}" for sec, keys in TOML_SECTIONS.items() for key, field in keys.items()}
assert set(_TOML_NAME) == _FIELDS, "every StudyConfig field has exactly one place in the study TOML"


def _sections_of(key: str) -> list[str]:
    return [sec for sec, keys in TOML_SECTIONS.items() if key in keys]


def _where_it_belongs(key: str, here: str | None) -> str:
    """A hint for a key not accepted where it stands: '(alpha belongs in [model])' or ''."""
    elsewhere = [f"[{s}]" for s in _sections_of(key) if s != here]
    if elsewhere:
        return f" ({key} belongs in {' or '.join(elsewhere)})"
    if key in _TOML_NAME:  # a StudyConfig field name: say how the file spells it
        return f" ({key} is written {_TOML_NAME[key]})"
    return ""


def _flatten_toml(raw: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """The study TOML as StudyConfig fields, and each field's TOML name; InputError on a key out of place."""
    known_sections = ", ".join(f"[{s}]" for s in TOML_SECTIONS)
    flat: dict[str, Any] = {}
    labels: dict[str, str] = {}
    for sec, body in raw.items():
        if sec not in TOML_SECTIONS:
            if isinstance(body, dict):
                raise InputError(f"config: unknown section [{sec}]; known sections: {known_sections}")
            hint = _where_it_belongs(sec, None)
            if hint:
                raise InputError(f"config: key {sec} is outside any section{hint}")
            raise InputError(f"config: unknown key {sec} outside any section; settings go in the sections {known_sections}")
        if not isinstance(body, dict):
            raise InputError(f"config: {sec} = {_toml_repr(body)} must be the section [{sec}] "
                             f"with keys {', '.join(sorted(TOML_SECTIONS[sec]))}")
        accepted = TOML_SECTIONS[sec]
        for key, value in body.items():
            if key not in accepted:
                hint = _where_it_belongs(key, sec) or next(
                    (f" (did you mean {k}?)" for k in accepted if k.lower() == key.lower()), "")
                raise InputError(f"config: unknown key [{sec}] {key}; [{sec}] accepts: "
                                 f"{', '.join(sorted(accepted))}{hint}")
            flat[accepted[key]] = value
            labels[accepted[key]] = f"[{sec}] {key}"
    return flat, labels


def _toml_repr(v: Any) -> str:
    """A value as the TOML file spells it (strings in double quotes, true/false)."""
    if isinstance(v, (str, bool, list, dict)):
        try:
            return json.dumps(v, ensure_ascii=False)
        except (TypeError, ValueError):
            pass
    return repr(v)


# ----------------------------------------------------------------------------- the study
@dataclass
class StudyResult:
    """Every number of the study (``results``, JSON-ready) and the fitted objects for figures."""

    results: dict[str, Any]
    objects: dict[str, Any] = field(default_factory=dict)
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)


def _progress_printer(quiet: bool) -> Callable[[str], None]:
    t0 = time.perf_counter()

    def say(msg: str) -> None:
        if not quiet:
            print(f"[{time.perf_counter() - t0:6.1f}s] {msg}", file=sys.stderr, flush=True)

    return say


def _roc_block(y: np.ndarray, p: np.ndarray) -> tuple[dict[str, Any], Any]:
    from ..roc import roc

    r = roc(y, p, direction="<")
    lo, auc, hi = r.ci_auc(conf_level=0.95, method="delong")
    best = r.coords("best", best_method="youden")
    first = best.iloc[0]
    return ({"auc": float(r.auc), "ci_lower": float(lo), "ci_upper": float(hi),
             "threshold": float(first["threshold"]), "sensitivity": float(first["sensitivity"]),
             "specificity": float(first["specificity"]), "n_best_thresholds": int(len(best)),
             "direction": r.direction}, r)


def run_study(data: pd.DataFrame, config: StudyConfig, *, progress: Callable[[str], None] | None = None,
              input_sha256: str | None = None) -> StudyResult:
    """Run the whole study on a cohort DataFrame (the caller's frame is not modified)."""
    from ..baseline import baseline_table
    from ..calibration import calibrate, validate
    from ..cohort import load_cohort, split_train_validation
    from ..dca import decision_curve
    from ..gof import hoslem_test
    from ..lasso import cv_glmnet
    from ..logistic import lrm
    from ..nomogram import nomogram

    say = progress or (lambda msg: None)
    cfg = config
    cfg.validate()
    X, y = load_cohort(data, cfg.outcome, cfg.predictors)
    V.predictor_names(X.columns, "the cohort")  # lrm's "Intercept" / glmnet's "(Intercept)" in results.json
    n = len(y)
    say(f"cohort: {n} patients, {int(y.sum())} events, {X.shape[1]} candidate predictors")

    train_idx = split_train_validation(n, ratio=cfg.split_ratio, seed=cfg.seed)  # 0-based, sorted
    is_train = np.zeros(n, dtype=bool)
    is_train[train_idx] = True
    Xt, yt = X.iloc[train_idx].reset_index(drop=True), y[train_idx]
    Xv, yv = X.loc[~is_train].reset_index(drop=True), y[~is_train]
    for name, yy in (("training", yt), ("validation", yv)):
        if yy.min() == yy.max():
            raise InputError(f"the {name} group has only {'events' if yy[0] == 1 else 'non-events'}: "
                             "too few events to split 7:3")
    say(f"split {cfg.split_ratio:g}: training {len(yt)} ({int(yt.sum())} events), validation {len(yv)} ({int(yv.sum())} events)")

    res: dict[str, Any] = {}
    objs: dict[str, Any] = {}
    tables: dict[str, pd.DataFrame] = {}

    # baseline tables
    group = np.where(is_train, "training", "validation")
    bt_split = baseline_table(X, pd.Series(group, name="group"))
    bt_outcome = baseline_table(Xt, pd.Series(np.where(yt == 1, "event", "no event"), name=cfg.outcome))
    tables["baseline_split"] = _display_baseline(bt_split, group)
    tables["baseline_outcome"] = _display_baseline(bt_outcome, np.where(yt == 1, "event", "no event"))
    res["baseline"] = {"training_vs_validation": _jsonable(bt_split.to_dict()),
                       "events_vs_nonevents_training": _jsonable(bt_outcome.to_dict())}
    say("baseline tables done")

    # LASSO
    with _config_key("lasso_nfolds", cfg.lasso_nfolds):
        cv = cv_glmnet(Xt, yt, nfolds=cfg.lasso_nfolds, seed=cfg.seed, type_measure=cfg.lasso_type_measure)
    s = "lambda.min" if cfg.lambda_rule == "min" else "lambda.1se"
    coefs = np.asarray(cv.coef(s), dtype=float)
    names = list(Xt.columns)
    selected = [nm for nm, b in zip(names, coefs[1:]) if b != 0]
    objs["cv_glmnet"] = cv
    tables["lasso_coefficients"] = pd.DataFrame({"variable": ["(Intercept)"] + names, "coefficient": coefs})
    res["lasso"] = {"type_measure": cfg.lasso_type_measure, "measure_name": cv.name, "nfolds": cfg.lasso_nfolds,
                    "lambda_min": float(cv.lambda_min), "lambda_1se": float(cv.lambda_1se),
                    "lambda_rule": cfg.lambda_rule,
                    "lambda_used": float(cv.lambda_min if cfg.lambda_rule == "min" else cv.lambda_1se),
                    "selected": selected, "coefficients": dict(zip(["(Intercept)"] + names, coefs.tolist())),
                    "foldid": np.asarray(cv.foldid).tolist(), "path_length": int(len(cv.lambda_))}
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
    objs["lrm_full"], objs["lrm"] = full, fit
    or_final = fit.summary() if fit is not full else or_full
    tables["model_lasso_selected"] = or_full.reset_index(names="term")
    tables["model_final"] = or_final.reset_index(names="term")
    res["model"] = {"variables_lasso": selected, "variables_final": final_vars,
                    "keep_significant": cfg.keep_significant, "alpha": cfg.alpha,
                    "multivariable": _jsonable(or_full.to_dict(orient="index")),
                    "final": _jsonable(or_final.to_dict(orient="index")),
                    "coef": _jsonable(fit.coef), "stats": _jsonable(fit.stats)}
    say(f"final model: {', '.join(final_vars)} (C = {fit.stats['C']:.3f})")

    nom = nomogram(fit)
    objs["nomogram"] = nom
    res["nomogram"] = _jsonable(nom.to_dict())

    pt = np.asarray(fit.fitted, dtype=float)
    pv = np.asarray(fit.predict(Xv[final_vars], type="fitted"), dtype=float)
    with _config_key("hl_groups", cfg.hl_groups):
        hl = hoslem_test(yt, pt, g=cfg.hl_groups)
    res["hosmer_lemeshow"] = _jsonable(hl.to_dict())
    say(f"Hosmer-Lemeshow: X2 = {_num(hl.statistic, '.3f')}, df = {hl.df}, P = {_num(hl.p_value, '.4f')}")

    res["training"], res["validation"] = {}, {}
    for name, yy, pp in (("training", yt, pt), ("validation", yv, pv)):
        block, r = _roc_block(yy, pp)
        res[name]["roc"] = block
        objs[f"roc_{name}"] = r
        say(f"ROC {name}: AUC {_num(block['auc'], '.3f')} ({_num(block['ci_lower'], '.3f')}-"
            f"{_num(block['ci_upper'], '.3f')}), sensitivity {_num(block['sensitivity'], '.3f')}, "
            f"specificity {_num(block['specificity'], '.3f')}")

    say(f"calibration: bootstrap B = {cfg.calibration_B} ...")
    with _config_key("calibration_B", cfg.calibration_B):
        cal = calibrate(fit, B=cfg.calibration_B, seed=cfg.seed)
    objs["calibrate"] = cal
    tables["calibration_training"] = cal.table
    res["training"]["calibration"] = {"mean_abs_error": float(cal.mean_abs_error),
                                      "mean_sq_error": float(cal.mean_sq_error),
                                      "quantile90_abs_error": float(cal.quantile90_abs_error), "B": cfg.calibration_B,
                                      "method": "rms::calibrate(fit, method='boot', B) after set.seed(seed)"}
    ext = _external_calibration(fit, pv, yv)
    objs["calibration_validation"] = ext
    res["validation"]["calibration"] = _jsonable(ext.to_dict()) | {
        "method": "external: lowess(predicted, observed, iter=0) of the validation cohort, as rms's apparent curve"}
    say(f"calibration MAE: training {_num(cal.mean_abs_error, '.3f')}, validation {_num(ext.mean_abs_error, '.3f')}")

    with _config_key("validation_B", cfg.validation_B):
        val = validate(fit, B=cfg.validation_B, seed=cfg.seed)
    objs["validate"] = val
    tables["validate"] = val.table.reset_index(names="index")
    res["training"]["validate"] = _jsonable(val.table.to_dict(orient="index"))

    thresholds = _thresholds(cfg.dca_thresholds_by)
    for name, yy, pp in (("training", yt, pt), ("validation", yv, pv)):
        # named so that rmda's model label reads "<outcome> ~ nomogram" in tables and figures
        df = pd.DataFrame({"outcome": yy.astype(float), "nomogram": pp})
        df.columns = [cfg.outcome if cfg.outcome != "nomogram" else "outcome", "nomogram"]
        ci = cfg.dca_confidence if cfg.dca_bootstraps > 0 else None
        with _config_key("dca_bootstraps", cfg.dca_bootstraps):
            dc = decision_curve(df, df.columns[0], ["nomogram"], fitted_risk=True, thresholds=thresholds,
                                bootstraps=max(cfg.dca_bootstraps, 1), confidence_intervals=ci, seed=cfg.seed)
        objs[f"dca_{name}"] = dc
        tables[f"dca_{name}"] = dc.derived_data
        res[name]["dca"] = _dca_summary(dc.derived_data)
        say(f"decision curve {name}: done ({cfg.dca_bootstraps} bootstraps)")

    res["provenance"] = _provenance(cfg, input_sha256)
    return StudyResult(results=res, objects=objs, tables=tables)


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
    from ..rbase import seq_by

    return seq_by(0.0, 1.0, by)


def _dca_summary(dd: pd.DataFrame) -> dict[str, Any]:
    """Net benefit of the model, treat-all and treat-none at each threshold, and where the model beats both.

    ``useful_ranges``: the ``[from, to]`` threshold ranges where the model is useful, each a maximal run of
    consecutive grid thresholds at which the model's net benefit is finite and strictly above both
    treat-all's and treat-none's (0).  A model that wins, loses and wins again has several ranges; none: ``[]``.
    """
    model = dd[~dd["model"].isin(["All", "None"])]
    allr = dd[dd["model"] == "All"]
    out: dict[str, Any] = {"thresholds": model["thresholds"].tolist(), "nb_model": model["NB"].tolist(),
                           "nb_all": allr["NB"].tolist(), "snb_model": model["sNB"].tolist()}
    for col in ("NB_lower", "NB_upper"):
        if col in model:
            out[col.lower()] = model[col].tolist()
    th = model["thresholds"].to_numpy(dtype=float)
    if not np.array_equal(th, allr["thresholds"].to_numpy(dtype=float)):
        raise ValueError("decision curve: the model's and treat-all's thresholds differ")
    out["useful_ranges"] = useful_ranges(th, model["NB"].to_numpy(dtype=float), allr["NB"].to_numpy(dtype=float))
    return out


def useful_ranges(thresholds, nb_model, nb_all) -> list[list[float]]:
    """Maximal runs of consecutive thresholds where ``nb_model`` is finite and > max(``nb_all``, 0), as [from, to]."""
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


def _provenance(cfg: StudyConfig, input_sha256: str | None) -> dict[str, Any]:
    import scipy

    from .. import __version__

    versions = {"cmvt_core": __version__, "python": platform.python_version(), "numpy": np.__version__,
                "scipy": scipy.__version__, "pandas": pd.__version__}
    try:
        import numba

        versions["numba"] = numba.__version__
    except ImportError:  # pragma: no cover
        pass
    return {"versions": versions, "seed": cfg.seed, "config": cfg.to_dict(), "input_sha256": input_sha256,
            "platform": platform.platform(),
            "random_numbers": "R's Mersenne-Twister/Inversion/Rejection (cmvt_core.rrandom), "
                              "set.seed(seed) before each random step"}


# ----------------------------------------------------------------------------- files
def file_sha256(path: str | os.PathLike) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def write_outputs(result: StudyResult, out_dir: str | os.PathLike, *, figures: bool = True,
                  protect: tuple[str | os.PathLike, ...] = ()) -> Path:
    """Write results.json, tables/, figures/ and report.html into ``out_dir``, all or nothing.

    The rules of ``cmvt_core._outputs.write_folder``: a temporary folder beside ``out_dir``, moved
    into place under a lock at the end; an existing ``out_dir`` is replaced only if it holds nothing
    but what cmvt wrote there (its manifest), and never if it holds one of ``protect`` (the inputs);
    an error or interruption leaves the earlier output as it was and nothing beside it.
    """
    from .._outputs import to_csv, write_folder

    def fill(tmp: Path) -> None:
        (tmp / "tables").mkdir()
        for name, df in result.tables.items():
            to_csv(df, tmp / "tables" / f"{name}.csv", index=False)
        fig_files: dict[str, str] = {}
        if figures:
            from .report import make_figures

            (tmp / "figures").mkdir()
            fig_files = make_figures(result, tmp / "figures")
        with open(tmp / "results.json", "w", encoding="utf-8") as f:
            json.dump(_jsonable(result.results), f, indent=1, allow_nan=True)
            f.write("\n")
        from .report import write_report

        write_report(result, tmp / "report.html", fig_files, tmp)

    return write_folder(out_dir, fill, protect)


def analyze(data_path: str | os.PathLike, out_dir: str | os.PathLike, *, outcome: str | None = None,
            config_path: str | os.PathLike | None = None, quiet: bool = False, figures: bool = True,
            predictors: list[str] | None = None, seed: int | None = None) -> StudyResult:
    """What ``cmvt analyze`` does: read the CSV, run the study, write the outputs atomically.

    ``outcome``, ``predictors`` and ``seed`` (``None``: not given) win over the config file's values.
    With ``figures`` on, matplotlib must import: checked before any work is done.
    """
    from .._outputs import check_output_folder
    from ..cohort import read_csv

    check_output_folder(out_dir, protect=(data_path,))  # before any work: never after the study
    say = _progress_printer(quiet)
    overrides = {"outcome": outcome, "predictors": None if predictors is None else list(predictors), "seed": seed}
    cfg = StudyConfig.from_toml(config_path, **overrides) if config_path else \
        StudyConfig.from_dict({k: v for k, v in overrides.items() if v is not None})
    if figures:  # fail now, not after the study's bootstraps (ModuleNotFoundError; the CLI adds the install hint)
        import matplotlib  # noqa: F401
    data = read_csv(data_path)
    sha = file_sha256(data_path)
    result = run_study(data, cfg, progress=say, input_sha256=sha)
    result.results["provenance"]["input_file"] = Path(data_path).name
    say("writing figures, tables and report ...")
    out = write_outputs(result, out_dir, figures=figures, protect=(data_path,))
    say(f"report: {out / 'report.html'}")
    return result

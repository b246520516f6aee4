"""The study's recipe: ``StudyConfig``, read from the study TOML (``TOML_SECTIONS``) or a dict, and checked.

Every bad value is an ``InputError`` naming it as the file spells it (``[calibration] B = 0 must be ...``);
a key in the wrong section, an unknown key or section, or a key outside any section is refused with where
it belongs.  ``StudyConfig.to_dict()`` is the config the R twin (``parity/r/study_twin.R``) reads.
"""
from __future__ import annotations

import dataclasses
import json
import math
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .._validate import MAX_REPLICATES
from ..errors import InputError

__all__ = ["StudyConfig", "TOML_SECTIONS", "SURVIVAL_UNITS"]

#: the survival study's time units -> the length of a year in that unit (the default times 1, 3, 5 years)
SURVIVAL_UNITS: dict[str, float] = {"days": 365.0, "months": 12.0, "years": 1.0}


@dataclass
class StudyConfig:
    """The study's recipe; defaults are the CMVT study's choices (see docs/STUDY.md).

    ``StudyConfig.from_toml(path)`` reads a recipe from a study TOML (sections ``TOML_SECTIONS``).

    Attributes
    ----------
    outcome : str
        The outcome column.
    predictors : list of str or None
        Candidate predictors (None: every other column).
    seed : int
        The seed of every random step.
    split_ratio : float
        The training share.
    lasso_type_measure, lambda_rule : str
        cv.glmnet's measure and ``"min"`` or ``"1se"``.
    lasso_nfolds : int
        Folds.
    keep_significant : bool
        Whether the final model keeps only P < alpha.
    alpha : float
        The significance level.
    hl_groups : int
        Hosmer-Lemeshow groups.
    calibration_B, validation_B, dca_bootstraps : int
        Bootstrap replicates.
    dca_thresholds_by : float
        Threshold step of the decision curve.
    dca_confidence : float
        Its confidence level.
    survival_time, survival_event : str or None
        The follow-up time and 0/1 event columns of the survival study (``[survival] time``, ``event``); when
        set, ``cmvt analyze`` runs the survival recipe (``cmvt_core.study.survival``) instead of the binary one.
    survival_times : list of float or None
        The times t of the survival axes, calibration and decision curves (None: 1, 3 and 5 years, as
        ``survival_unit`` counts them, that the follow-up of both groups allows).
    survival_unit : str
        The unit of the time column: "days" (a year is 365 days), "months" (12) or "years" (1).
    survival_m : int
        ``rms::calibrate(fit, u, m)``'s patients per interval of predicted survival (rms's default 150).
    formula : str or None
        ``[model] formula``: an rms formula (``"cmvt ~ rcs(post_nlr, 3) + age_group"``, see
        :func:`cmvt_core.lrm`) that gives the model instead of LASSO selection (None: LASSO).
    """

    outcome: str = "cmvt"
    predictors: list[str] | None = None      # None: every other column
    seed: int = 2024
    split_ratio: float = 0.7
    split_method: str = "sample"             # "sample" (R's sample) or "caret" (createDataPartition)
    lasso_type_measure: str = "mse"          # the study chose lambda by the smallest MSE
    lasso_nfolds: int = 10
    lambda_rule: str = "min"                 # "min" or "1se"
    keep_significant: bool = True            # final model keeps only P < alpha
    alpha: float = 0.05
    hl_groups: int = 10
    calibration_B: int = 1000
    calibration_validation: str = "external"  # "external" (val.prob / groupkm of the training model) or "refit"
    validation_B: int = 1000
    roc_boot_n: int = 2000                   # pROC ci.coords bootstrap of Se/Sp at the Youden cut-off
    dca_bootstraps: int = 500
    dca_thresholds_by: float = 0.01          # thresholds seq(0, 1, by = ...)
    dca_confidence: float | None = 0.95
    compare_reference: list[str] | None = None   # columns of a reference lrm model (None: no comparison)
    compare_cutoffs: list[float] | None = None   # risk cut-offs of the categorical NRI (None: continuous only)
    compare_boot: int = 1000                 # bootstrap replicates of the categorical NRI's interval
    # the survival study (issue 20): set time and event to run the survival recipe (study.survival) instead
    survival_time: str | None = None         # the follow-up time column
    survival_event: str | None = None        # the 0/1 event column (1 = event, 0 = censored)
    survival_times: list[float] | None = None  # the times t of S(t) (None: 1, 3, 5 years where follow-up allows)
    survival_unit: str = "days"              # the unit of the time column: "days", "months" or "years"
    survival_m: int = 150                    # calibrate.cph's m: patients per group of predicted survival
    formula: str | None = None               # [model] formula: the model is lrm(formula) on the training group, no LASSO

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
        if self.split_method not in ("sample", "caret"):
            raise bad("split_method", "must be 'sample' (set.seed; sample(n, round(ratio n))) or 'caret' "
                                      "(set.seed; caret::createDataPartition(factor(y), p = ratio))")
        if self.calibration_validation not in ("external", "refit"):
            raise bad("calibration_validation", "must be 'external' (rms::val.prob of the training model's predictions "
                                                "in the validation group) or 'refit' (lrm refitted on the validation "
                                                "group, then calibrate(B): does not validate the training model)")
        if self.lasso_type_measure not in ("deviance", "mse", "class", "auc"):
            raise bad("lasso_type_measure", "must be deviance, mse, class or auc")
        if not isinstance(self.keep_significant, bool):
            raise bad("keep_significant", "must be true or false")
        if self.lambda_rule not in ("min", "1se"):
            raise bad("lambda_rule", "must be 'min' or '1se'")
        # replicate counts get the bound calibrate/validate/decision_curve apply, checked here before any work
        for name, least, most in (("lasso_nfolds", 3, None), ("hl_groups", 2, None), ("calibration_B", 1, MAX_REPLICATES),
                                  ("validation_B", 1, MAX_REPLICATES), ("dca_bootstraps", 0, MAX_REPLICATES),
                                  ("roc_boot_n", 1, MAX_REPLICATES), ("compare_boot", 0, MAX_REPLICATES)):
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

        self._check_compare(bad)
        self._check_survival(bad)
        if self.formula is not None:
            if self.survival:
                raise bad("formula", "is for the binary study; the survival study ([survival] time, event) does not "
                                     "take a formula")
            if not isinstance(self.formula, str) or "~" not in self.formula:
                raise bad("formula", "must be an rms formula 'outcome ~ terms' in R's syntax")
            from ..formula import parse_formula

            try:
                pf = parse_formula(self.formula)
            except InputError as exc:
                raise bad("formula", f"cannot be read: {exc}") from None
            if pf.lhs != ("name", self.outcome):
                from ..formula import r_deparse

                raise bad("formula", f"has the response {r_deparse(pf.lhs)!r}; its left side must be the outcome "
                                     f"column {self.outcome!r}")

    def _check_survival(self, bad) -> None:
        for name in ("survival_time", "survival_event"):
            v = getattr(self, name)
            if v is not None and (not isinstance(v, str) or not v):
                raise bad(name, "must be a column name")
        if (self.survival_time is None) != (self.survival_event is None):
            given, missing = ("survival_time", "survival_event") if self.survival_event is None else \
                ("survival_event", "survival_time")
            raise bad(given, f"needs the other survival column too (set {_TOML_NAME[missing]}, or --time and "
                             "--event together)")
        if self.survival_time is not None and self.survival_time == self.survival_event:
            raise bad("survival_event", "must differ from the time column")
        if self.survival_unit not in SURVIVAL_UNITS:
            raise bad("survival_unit", f"must be one of {', '.join(map(repr, SURVIVAL_UNITS))}")
        m = self.survival_m
        if isinstance(m, bool) or not isinstance(m, int) or m < 1:
            raise bad("survival_m", "must be a whole number >= 1")
        t = self.survival_times
        if t is None:
            return
        if not isinstance(t, list) or not t or not all(
                isinstance(v, (int, float)) and not isinstance(v, bool) for v in t):
            raise bad("survival_times", "must be a non-empty list of times > 0")
        for v in t:
            if not (0 < v < math.inf):  # NaN fails too
                raise bad("survival_times", f"holds {v!r}: times must be finite and > 0")
        if any(b <= a for a, b in zip(t, t[1:])):
            raise bad("survival_times", "must be strictly increasing")

    @property
    def survival(self) -> bool:
        """Whether this is a survival study (``[survival] time`` and ``event`` given)."""
        return self.survival_time is not None

    def _check_compare(self, bad) -> None:
        ref = self.compare_reference
        if ref is not None and (not isinstance(ref, list) or not all(isinstance(c, str) and c for c in ref)):
            raise bad("compare_reference", "must be a list of column names (the reference model's predictors)")
        if ref is not None and len(set(ref)) != len(ref):
            dup = next(c for c in ref if ref.count(c) > 1)
            raise bad("compare_reference", f"names column {dup!r} twice")
        if ref is not None and self.outcome in ref:
            raise bad("compare_reference", f"names the outcome column {self.outcome!r}")
        cut = self.compare_cutoffs
        if cut is None:
            return
        if not isinstance(cut, list) or not cut or not all(
                isinstance(c, (int, float)) and not isinstance(c, bool) for c in cut):
            raise bad("compare_cutoffs", "must be a non-empty list of risk cut-offs in (0, 1)")
        for c in cut:
            if not (0 < c < 1):  # NaN fails too
                raise bad("compare_cutoffs", f"holds {c!r}, outside (0, 1) (0 and 1 are implied)")
        if any(b <= a for a, b in zip(cut, cut[1:])):
            raise bad("compare_cutoffs", "must be strictly increasing")
        if not ref:
            raise bad("compare_cutoffs", "needs a reference model to compare with ([compare] reference = [...])")

    @property
    def compare(self) -> bool:
        """Whether the final model is compared with a reference model (``[compare] reference`` given)."""
        return bool(self.compare_reference)

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


_FIELDS = {f.name for f in dataclasses.fields(StudyConfig)}

#: the study TOML: section -> {key in the file: StudyConfig field} (fixtures/study.toml shows every key)
TOML_SECTIONS: dict[str, dict[str, str]] = {
    "study": {"outcome": "outcome", "predictors": "predictors", "seed": "seed", "split_ratio": "split_ratio"},
    "split": {"method": "split_method"},
    "lasso": {"type_measure": "lasso_type_measure", "nfolds": "lasso_nfolds"},
    "model": {"formula": "formula", "lambda_rule": "lambda_rule", "keep_significant": "keep_significant", "alpha": "alpha"},
    "hl": {"groups": "hl_groups"},
    "roc": {"boot_n": "roc_boot_n"},
    "calibration": {"B": "calibration_B", "validation": "calibration_validation"},
    "validation": {"B": "validation_B"},
    "dca": {"bootstraps": "dca_bootstraps", "thresholds_by": "dca_thresholds_by", "confidence": "dca_confidence"},
    "compare": {"reference": "compare_reference", "cutoffs": "compare_cutoffs", "boot": "compare_boot"},
    "survival": {"time": "survival_time", "event": "survival_event", "times": "survival_times",
                 "unit": "survival_unit", "m": "survival_m"},
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
                             f"with keys {', '.join(sorted(TOML_SECTIONS[sec]))}{_where_it_belongs(sec, sec)}")
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

"""The bad-input catalogue (issue 9): every kind of malformed input to the public API and the CLI.

Each entry is one *kind* of bad input: the callable, what it must give — ``InputError`` (a
``ValueError`` whose message names the column, row or value at fault), a documented ``RWarning``
(where R warns and still gives a result), or, for the command line, exit code 2 with a one-line
message — and a regular expression the message must match.  After every call the caller's
DataFrames and arrays are checked to be unchanged.  Nothing else may escape: an exception from deep
inside numpy/pandas, a silent NaN or a traceback fails the entry.

Entries a module still lets through are marked ``xfail(strict=True)`` with the reason; when the
module is fixed the xfail turns into a failure and the mark must go.
"""
from __future__ import annotations

import copy
import io
import math
import re
import subprocess
import sys
import warnings
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import numpy as np
import pandas as pd
import pytest

from cmvt_core import (RRNG, InputError, RWarning, calibrate, confusion_metrics, cph, cutoff_table, cv_glmnet,
                       decision_curve, decision_curve_survival, fastbw, glmnet, groupkm, hoslem_test, lrm, multiclass_roc,
                       net_benefit, nomogram, power_roc_test, roc, roc_test, time_roc, val_prob, validate)
from cmvt_core import cov as roc_cov
from cmvt_core import smooth as roc_smooth
from cmvt_core.baseline import baseline_table
from cmvt_core.htest import shapiro_test, t_test, wilcox_test
from cmvt_core.calibration import external_calibration
from cmvt_core.cohort import load_cohort, read_csv
from cmvt_core.datasets import load_cmvt_cohort
from cmvt_core.study import StudyConfig, run_study

# ----------------------------------------------------------------------------------- test data
# (ordinary test data; the draws are numpy's because no R comparison is made from them)
_g = np.random.default_rng(20240901)
N = 80
_X = pd.DataFrame({"age": np.round(_g.normal(50, 10, N), 1), "bmi": np.round(_g.normal(25, 4, N), 1),
                   "crp": np.round(_g.gamma(2.0, 3.0, N), 2)})
_lp = -0.5 + 0.04 * (_X["age"] - 50) + 0.1 * (_X["bmi"] - 25) + 0.05 * _X["crp"]
_Y = (_g.uniform(size=N) < 1 / (1 + np.exp(-_lp.to_numpy()))).astype(np.int64)


def X() -> pd.DataFrame:
    return _X.copy(deep=True)


def Y() -> np.ndarray:
    return _Y.copy()


def P() -> np.ndarray:
    """Probabilities in (0, 1) for y (an informative score)."""
    return np.clip(0.25 + 0.5 * _Y + _g_fixed, 0.01, 0.99)


_g_fixed = np.random.default_rng(7).uniform(-0.3, 0.3, N)


_g319 = np.random.default_rng(319)
_P319 = np.round(_g319.uniform(0.05, 0.9, 319), 3)
_Y319 = (_g319.uniform(size=319) < _P319).astype(np.int64)


def Y319() -> np.ndarray:
    return _Y319.copy()


def P319() -> np.ndarray:
    """319 risks with ties (rounded to 3 decimals), as a study's fitted probabilities."""
    return _P319.copy()


_STUDY = None


def STUDY() -> pd.DataFrame:
    """The shipped CMVT cohort (319 rows, 26 candidate predictors) as read_csv gives it."""
    global _STUDY
    if _STUDY is None:
        _STUDY = load_cmvt_cohort()
    out = _STUDY.copy()
    out.attrs = {}
    out["cmvt"] = out["cmvt"].astype(int)
    return out


def QUICK_CONFIG() -> StudyConfig:
    return StudyConfig.from_dict({"calibration_B": 20, "validation_B": 20, "dca_bootstraps": 10})


def few_events(df: pd.DataFrame, k: int) -> pd.DataFrame:
    """Only the first k events of the cohort stay events."""
    df = df.copy()
    ev = np.flatnonzero(df["cmvt"].to_numpy() == 1)
    df.loc[df.index[ev[k:]], "cmvt"] = 0
    return df


def with_col(df: pd.DataFrame, name: str, values) -> pd.DataFrame:
    df = df.copy()
    df[name] = values
    return df


def set_cell(df: pd.DataFrame, row: int, col: str, value) -> pd.DataFrame:
    df = df.copy()
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        df[col] = df[col].astype(object)
    df.loc[row, col] = value
    return df


def set_at(a: np.ndarray, i: int, value) -> np.ndarray:
    a = a.astype(object if isinstance(value, str) else np.result_type(a, type(value)))
    a[i] = value
    return a


_FIT = None


_CPH: dict = {}


def CPH(time_inc: float = 50.0):
    """A cph fit on X() with survival times made from Y() (time_inc = u for calibrate)."""
    if time_inc not in _CPH:
        from cmvt_core import cph
        g = np.random.default_rng(5)
        t = np.round(g.exponential(100.0, X().shape[0])) + 1.0
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RWarning)
            _CPH[time_inc] = cph(X(), t, Y(), time_inc=time_inc)
    return _CPH[time_inc]


def FIT():
    global _FIT
    if _FIT is None:
        _FIT = lrm(X(), Y())
    return _FIT


_CFIT = None


def CFIT():
    """A cph fit on the same rows: times 3, 6, ..., 240 (last follow-up 240), events y (first event at 6)."""
    global _CFIT
    if _CFIT is None:
        from cmvt_core import cph
        _CFIT = cph(X(), 3.0 * np.arange(1, N + 1), Y())
    return _CFIT


def dca_frame(**extra) -> pd.DataFrame:
    d = pd.DataFrame({"y": Y().astype(float), "risk": P()})
    for k, v in extra.items():
        d[k] = v
    return d


def csv_file(tmp: Path, text: str | bytes, name: str = "cohort.csv") -> Path:
    p = tmp / name
    if isinstance(text, bytes):
        p.write_bytes(text)
    else:
        p.write_text(text, encoding="utf-8")
    return p


def cohort_text(n_events: int = 12, n_non: int = 12, sep: str = ",", extra_row: str | None = None) -> str:
    rows = [sep.join(["age", "bmi", "cmvt"])]
    for i in range(n_events + n_non):
        rows.append(sep.join([str(40 + i), f"{22 + (i % 7) * 0.5:.1f}", "1" if i < n_events else "0"]))
    if extra_row is not None:
        rows.append(extra_row)
    return "\n".join(rows) + "\n"


def cohort_with(cell_row: int, col: int, value: str) -> str:
    lines = cohort_text().splitlines()
    parts = lines[cell_row].split(",")
    parts[col] = value
    lines[cell_row] = ",".join(parts)
    return "\n".join(lines) + "\n"


# ----------------------------------------------------------------------------------- the catalogue
@dataclass
class Case:
    id: str
    make: Callable[[Path], dict]              # builds the inputs (tmp_path given for files)
    call: Callable[[dict], Any]               # calls the public function on them
    expect: Any                               # InputError, RWarning or "exit2"
    match: str                                # regex the message must match (re.search, case-insensitive)
    marks: list = field(default_factory=list)

    def param(self):
        return pytest.param(self, id=self.id, marks=self.marks)


def xfail(module: str, what: str):
    return [pytest.mark.xfail(strict=True, reason=f"{module} lets this through: {what}")]


def cli(argv_fn: Callable[[dict], list[str]]):
    """A CLI case: runs cmvt_core.cli.main(argv) in-process; returns (exit code, stderr)."""
    def run(inp):
        from cmvt_core.cli import main

        err, out = io.StringIO(), io.StringIO()
        with redirect_stderr(err), redirect_stdout(out):
            try:
                rc = main(argv_fn(inp))
            except SystemExit as exc:  # argparse usage errors
                rc = exc.code
        return rc, err.getvalue()
    return run


CMVT = Path(sys.executable).with_name("cmvt")


def console(argv_fn: Callable[[dict], list[str]]):
    """A CLI case through the installed ``cmvt`` console script (a fresh process)."""
    def run(inp):
        r = subprocess.run([str(CMVT), *argv_fn(inp)], capture_output=True, text=True, timeout=120,
                           cwd=inp.get("tmp"))
        return r.returncode, r.stderr
    return run


def xy(x=None, y=None):
    return lambda tmp: {"x": X() if x is None else x(), "y": Y() if y is None else y()}


E, W = InputError, RWarning
_TT = np.round(np.random.default_rng(20).exponential(60.0, N)) + 1.0  # survival times for time_roc / dca
_EV = np.where(np.arange(N) % 3 == 0, 0.0, 1.0)
_MK = np.round(np.random.default_rng(21).normal(size=N), 2)
_RK = np.round(1 / (1 + np.exp(-_MK)), 2)
Xdf = X  # shorthand

CASES: list[Case] = [
    # ---------------------------------------------------------------- lrm
    Case("lrm-empty-data", xy(lambda: X().iloc[:0], lambda: Y()[:0]), lambda d: lrm(d["x"], d["y"]), E,
         r"no rows \(empty data\)"),
    Case("lrm-one-row", xy(lambda: X().iloc[:1], lambda: Y()[:1]), lambda d: lrm(d["x"], d["y"]), E,
         r"y has only the value 1"),
    Case("lrm-nan-in-x", xy(lambda: set_cell(X(), 5, "bmi", np.nan)), lambda d: lrm(d["x"], d["y"]), E,
         r"'bmi'.*missing.*row 6\b"),
    Case("lrm-inf-in-x", xy(lambda: set_cell(X(), 7, "crp", np.inf)), lambda d: lrm(d["x"], d["y"]), E,
         r"'crp'.*(non-finite|infinite).*row 8\b"),
    Case("lrm-nan-in-y", xy(y=lambda: set_at(Y().astype(float), 3, np.nan)), lambda d: lrm(d["x"], d["y"]), E,
         r"y has a missing value at row 4 \(NaN\); it must be 0/1"),
    Case("lrm-y-one-class", xy(y=lambda: np.zeros(N, dtype=int)), lambda d: lrm(d["x"], d["y"]), E,
         r"only the value 0"),
    Case("lrm-y-is-2", xy(y=lambda: set_at(Y(), 4, 2)), lambda d: lrm(d["x"], d["y"]), E, r"row 5 holds 2\b"),
    Case("lrm-y-is-minus-1", xy(y=lambda: set_at(Y(), 9, -1)), lambda d: lrm(d["x"], d["y"]), E,
         r"row 10 holds -1\b"),
    # ---------------------------------------------------------------- rms formulas (issue 22)
    Case("lrm-formula-unknown-column", xy(), lambda d: lrm("y ~ rcs(nope, 4) + bmi", d["x"].assign(y=d["y"])), E,
         r"column 'nope', which is not in data"),
    Case("lrm-formula-unknown-transform", xy(), lambda d: lrm("y ~ ns(bmi, 3)", d["x"].assign(y=d["y"])), E,
         r"ns\(\), which is not a transform rms has"),
    Case("lrm-formula-too-many-knots", xy(),
         lambda d: lrm("y ~ rcs(k, 4)", d["x"].assign(y=d["y"], k=np.arange(len(d["y"])) % 5)), E,
         r"rcs\(k, 4\).*'k' has only 5 distinct values"),
    Case("lrm-formula-data-not-frame", xy(), lambda d: lrm("y ~ bmi", d["y"]), E, r"data must be a pandas DataFrame"),
    Case("lrm-formula-no-tilde", xy(), lambda d: lrm("y + bmi", d["x"].assign(y=d["y"])), E, r"formula must be"),
    Case("cph-formula-no-surv", xy(), lambda d: cph("y ~ bmi", d["x"].assign(y=d["y"])), E, r"Surv\(time, event\)"),
    Case("lrm-formula-strat", xy(),
         lambda d: lrm("y ~ age + strat(g)", d["x"].assign(y=d["y"], g=np.arange(len(d["y"])) % 2)), E,
         r"strat\(g\): strata are for cph; lrm has no strata"),
    Case("cph-formula-two-strata-interacting", xy(),
         lambda d: cph("Surv(bmi, y) ~ age + strat(g) * strat(h)", d["x"].assign(
             y=d["y"], g=np.arange(len(d["y"])) % 2, h=np.arange(len(d["y"])) % 3)), E,
         r"cannot have interaction between two strata factors"),
    Case("cph-strat-survest-new-stratum", xy(),
         lambda d: cph("Surv(bmi, y) ~ age + strat(g)", d["x"].assign(y=d["y"], g=np.arange(len(d["y"])) % 2)).survest(
             d["x"].assign(g=5).head(3), [20]), E, r"'g' has level '5' not seen in the training data"),
    Case("validate-cph-stratified", xy(),
         lambda d: validate(cph("Surv(bmi, y) ~ age + strat(g)", d["x"].assign(y=d["y"], g=np.arange(len(d["y"])) % 2)),
                            B=5, seed=1), E, r"calibrate/validate of a stratified cph fit \(strat\(\)\) is not ported"),
    Case("lrm-y-is-yes", xy(y=lambda: np.where(Y() == 1, "yes", "no")), lambda d: lrm(d["x"], d["y"]), E,
         r"row 1 holds 'yes'"),
    Case("lrm-mixed-type-column", xy(lambda: set_cell(X(), 2, "age", "fifty")), lambda d: lrm(d["x"], d["y"]), E,
         r"'age'.*(mixes|non-numeric|string)"),
    Case("lrm-duplicated-columns", xy(lambda: pd.concat([X(), X()[["bmi"]]], axis=1)),
         lambda d: lrm(d["x"], d["y"]), E, r"'bmi'.*more than once"),
    Case("lrm-constant-column", xy(lambda: with_col(X(), "sex", 1.0)), lambda d: lrm(d["x"], d["y"]), E,
         r"singular.*'sex'"),
    Case("lrm-n-less-than-p", xy(lambda: pd.DataFrame(np.random.default_rng(1).normal(size=(6, 8)),
                                                      columns=[f"v{i}" for i in range(8)]),
                                 lambda: np.array([0, 1, 0, 1, 1, 0])),
         lambda d: lrm(d["x"], d["y"]), E, r"singular.*'v\d'"),
    # rms::lrm fits a completely separated outcome (huge SEs) without an error: a documented RWarning here
    Case("lrm-perfect-separation", xy(lambda: with_col(X(), "sep", Y() * 10.0)), lambda d: lrm(d["x"], d["y"]), W,
         r"separation by 'sep'"),
    Case("lrm-huge-1e308", xy(lambda: set_cell(X(), 0, "age", 1e308)), lambda d: lrm(d["x"], d["y"]), E,
         r"'age'"),
    Case("lrm-mismatched-lengths", xy(y=lambda: Y()[:-3]), lambda d: lrm(d["x"], d["y"]), E,
         r"77 values but x has 80 rows"),
    Case("lrm-x-1d", xy(lambda: X()["age"].to_numpy()), lambda d: lrm(d["x"], d["y"]), E, r"2-D.*shape \(80,\)"),
    Case("lrm-x-no-columns", xy(lambda: X().iloc[:, :0]), lambda d: lrm(d["x"], d["y"]), E, r"no columns"),
    Case("lrm-y-2d", xy(y=lambda: Y().reshape(-1, 1)), lambda d: lrm(d["x"], d["y"]), E, r"1-D.*\(80, 1\)"),
    Case("lrm-single-level-string-column", xy(lambda: with_col(X(), "ward", "A")), lambda d: lrm(d["x"], d["y"]), E,
         r"'ward' has a single level 'A'"),
    Case("lrm-datetime-column", xy(lambda: with_col(X(), "admitted", pd.date_range("2020-01-01", periods=N))),
         lambda d: lrm(d["x"], d["y"]), E, r"'admitted' has unsupported dtype datetime"),
    Case("lrm-y-none", xy(y=lambda: None), lambda d: lrm(d["x"], d["y"]), E, r"y must be a 1-D array of 0/1; got y=None"),
    Case("lrm-predict-bad-type", xy(), lambda d: FIT().predict(d["x"], type="prob"), E, r"'prob'"),
    Case("lrm-predict-nan", xy(lambda: set_cell(X(), 3, "crp", np.nan)), lambda d: FIT().predict(d["x"]), E,
         r"'crp' has missing values"),
    # ---------------------------------------------------------------- glmnet / cv_glmnet
    Case("glmnet-empty-data", xy(lambda: X().iloc[:0], lambda: Y()[:0]), lambda d: glmnet(d["x"], d["y"]), E,
         r"empty|0 rows|no rows|observations"),
    Case("glmnet-nan-in-x", xy(lambda: set_cell(X(), 11, "age", np.nan)), lambda d: glmnet(d["x"], d["y"]), E,
         r"missing.*column 'age', row 12"),
    Case("glmnet-inf-in-x", xy(lambda: set_cell(X(), 12, "bmi", -np.inf)), lambda d: glmnet(d["x"], d["y"]), E,
         r"infinite.*column 'bmi', row 13"),
    Case("glmnet-string-column", xy(lambda: with_col(X(), "sex", np.where(Y() == 1, "m", "f"))),
         lambda d: glmnet(d["x"], d["y"]), E, r"'sex'"),
    Case("glmnet-y-one-class", xy(y=lambda: np.ones(N, dtype=int)), lambda d: glmnet(d["x"], d["y"]), E,
         r"class|one (value|level)|1 or 0 observations"),
    Case("glmnet-single-event", xy(y=lambda: set_at(np.zeros(N, dtype=int), 17, 1)),
         lambda d: glmnet(d["x"], d["y"]), E, r"1 or 0 observations|single|one (event|observation)"),
    Case("glmnet-y-is-2", xy(y=lambda: set_at(Y(), 21, 2)), lambda d: glmnet(d["x"], d["y"]), E,
         r"y must be 0/1.*row 22 holds 2\b"),
    Case("glmnet-one-column", xy(lambda: X()[["age"]]), lambda d: glmnet(d["x"], d["y"]), E,
         r"2 or more columns"),
    Case("glmnet-alpha-above-1", xy(), lambda d: glmnet(d["x"], d["y"], alpha=1.5), W, r"alpha >1; set to 1"),
    Case("cv-glmnet-nfolds-2", xy(), lambda d: cv_glmnet(d["x"], d["y"], nfolds=2, seed=1), E,
         r"nfolds must be bigger than 3"),
    Case("cv-glmnet-bad-type-measure", xy(), lambda d: cv_glmnet(d["x"], d["y"], type_measure="rmse", seed=1), E,
         r"'rmse'"),
    Case("cv-glmnet-seed-beyond-2^31", xy(), lambda d: cv_glmnet(d["x"], d["y"], seed=2**31), E,
         r"2147483648.*range"),
    Case("cv-glmnet-foldid-length", xy(), lambda d: cv_glmnet(d["x"], d["y"], foldid=np.arange(10) % 3 + 1), E,
         r"foldid.*80"),
    Case("cv-glmnet-auc-few-rows-per-fold", xy(lambda: X().iloc[:40], lambda: Y()[:40]),
         lambda d: cv_glmnet(d["x"], d["y"], type_measure="auc", seed=1), W,
         r"Too few \(< 10\) observations per fold.*deviance"),
    Case("glmnet-one-row", xy(lambda: X().iloc[:1], lambda: Y()[:1]), lambda d: glmnet(d["x"], d["y"]), E,
         r"only one class"),
    Case("glmnet-mismatched-lengths", xy(y=lambda: Y()[:5]), lambda d: glmnet(d["x"], d["y"]), E, r"\(5\).*\(80\)"),
    # family="cox": the survival response (issue 20)
    Case("glmnet-cox-zero-time", xy(y=lambda: np.column_stack([set_at(np.arange(1.0, N + 1), 6, 0.0), Y()])),
         lambda d: glmnet(d["x"], d["y"], family="cox"), E, r"Non-positive event times.*row 7"),
    Case("glmnet-cox-no-response", xy(), lambda d: glmnet(d["x"], family="cox"), E,
         r"needs the survival response"),
    Case("glmnet-cox-y-one-column", xy(), lambda d: glmnet(d["x"], d["y"], family="cox"), E,
         r"columns 'time' \(>0\) and 'status'"),
    Case("glmnet-cox-status-2", xy(), lambda d: glmnet(d["x"], family="cox", time=np.arange(1.0, N + 1),
                                                       event=set_at(Y(), 9, 2)), E, r"event.*row 10"),
    Case("glmnet-cox-y-and-time", xy(), lambda d: glmnet(d["x"], np.column_stack([np.arange(1.0, N + 1), Y()]),
                                                         family="cox", time=np.arange(1.0, N + 1)), E, r"not both"),
    Case("glmnet-bad-family", xy(), lambda d: glmnet(d["x"], d["y"], family="poisson"), E, r"'poisson'"),
    Case("cv-glmnet-cox-auc", xy(), lambda d: cv_glmnet(d["x"], family="cox", time=np.arange(1.0, N + 1),
                                                        event=Y(), type_measure="auc", seed=1), W,
         r"Only 'deviance', 'C'"),
    Case("cv-glmnet-binomial-C", xy(), lambda d: cv_glmnet(d["x"], d["y"], type_measure="C", seed=1), E,
         r"family='cox'"),
    Case("glmnet-nan-in-y", xy(y=lambda: set_at(Y().astype(float), 2, np.nan)), lambda d: glmnet(d["x"], d["y"]), E,
         r"y has a missing value at row 3 \(NaN\)"),
    Case("glmnet-negative-weights", xy(), lambda d: glmnet(d["x"], d["y"], weights=-np.ones(N)), E,
         r"weights.*non-negative.*row 1"),
    Case("glmnet-negative-lambda", xy(), lambda d: glmnet(d["x"], d["y"], lambda_=[0.1, -0.1]), E,
         r"non-negative"),
    Case("glmnet-duplicated-columns", xy(lambda: pd.concat([X(), X()[["age"]]], axis=1)),
         lambda d: glmnet(d["x"], d["y"]), E, r"duplicat.*'age'"),
    Case("glmnet-small-class", xy(lambda: X().iloc[:10], lambda: np.array([0, 1] * 5)),
         lambda d: glmnet(d["x"], d["y"]), W, r"fewer than 8 +observations.*class 1 has 5"),
    Case("cv-glmnet-foldid-zero", xy(), lambda d: cv_glmnet(d["x"], d["y"], foldid=np.r_[np.zeros(8, int),
                                                                                        np.arange(72) % 9 + 1]), E,
         r"foldid.*(0|np\.int64\(0\)) at row 1"),
    Case("cv-glmnet-nfolds-above-rows-per-fold", xy(lambda: X().iloc[:20], lambda: Y()[:20]),
         lambda d: cv_glmnet(d["x"], d["y"], nfolds=10, seed=1), W, r"grouped=FALSE enforced"),
    # ---------------------------------------------------------------- hoslem_test
    Case("hoslem-fitted-above-1", lambda tmp: {"y": Y(), "p": set_at(P(), 6, 1.2)},
         lambda d: hoslem_test(d["y"], d["p"]), E, r"row 7 holds 1\.2"),
    Case("hoslem-fitted-nan", lambda tmp: {"y": Y(), "p": set_at(P(), 8, np.nan)},
         lambda d: hoslem_test(d["y"], d["p"]), E, r"fitted has a missing value at row 9 \(NaN\)"),
    Case("hoslem-g-1", lambda tmp: {"y": Y(), "p": P()}, lambda d: hoslem_test(d["y"], d["p"], g=1), E,
         r"g=1"),
    Case("hoslem-g-not-integer", lambda tmp: {"y": Y(), "p": P()}, lambda d: hoslem_test(d["y"], d["p"], g=2.5), E,
         r"2\.5"),
    Case("hoslem-mismatched-lengths", lambda tmp: {"y": Y(), "p": P()[:-1]},
         lambda d: hoslem_test(d["y"], d["p"]), E, r"fitted has 79 values but y has 80"),
    Case("hoslem-constant-fitted", lambda tmp: {"y": Y(), "p": np.full(N, 0.3)},
         lambda d: hoslem_test(d["y"], d["p"]), E, r"all fitted values are equal"),
    Case("hoslem-y-is-2", lambda tmp: {"y": set_at(Y(), 13, 2), "p": P()},
         lambda d: hoslem_test(d["y"], d["p"]), E, r"row 14 holds 2\b"),
    Case("hoslem-empty", lambda tmp: {"y": Y()[:0], "p": P()[:0]}, lambda d: hoslem_test(d["y"], d["p"]), E,
         r"empty"),
    Case("hoslem-y-is-yes", lambda tmp: {"y": np.where(Y() == 1, "yes", "no"), "p": P()},
         lambda d: hoslem_test(d["y"], d["p"]), E, r"row 1 holds 'yes'"),
    Case("hoslem-more-groups-than-values", lambda tmp: {"y": Y(), "p": P()},
         lambda d: hoslem_test(d["y"], d["p"], g=1000), E, r"g=1000 groups for n=80 observations"),
    # ---------------------------------------------------------------- nomogram
    Case("nomogram-not-a-fit", lambda tmp: {"x": X()}, lambda d: nomogram(d["x"]), E, r"lrm fit.*DataFrame"),
    Case("nomogram-maxscale-negative", lambda tmp: {}, lambda d: nomogram(FIT(), maxscale=-5), E, r"-5"),
    Case("nomogram-continuous-interaction-without-interact", lambda tmp: {"x": X().assign(y=Y())},
         lambda d: nomogram(lrm("y ~ age * bmi + crp", d["x"])), E, r"'bmi'.*interact="),
    Case("nomogram-interact-unknown", lambda tmp: {"x": X().assign(y=Y())},
         lambda d: nomogram(lrm("y ~ age * bmi", d["x"]), interact={"zz": [1]}), E, r"'zz'"),
    Case("nomogram-interact-nan", lambda tmp: {"x": X().assign(y=Y())},
         lambda d: nomogram(lrm("y ~ age * bmi", d["x"]), interact={"bmi": [20, float("nan")]}), E,
         r"interact\['bmi'\].*nan"),
    Case("nomogram-bad-fun", lambda tmp: {}, lambda d: nomogram(FIT(), fun="exp"), E, r"'exp'"),
    Case("nomogram-score-missing-column", lambda tmp: {"x": X()[["age", "bmi"]]},
         lambda d: nomogram(FIT()).score(d["x"]), E, r"'crp'"),
    Case("nomogram-cph-no-times", lambda tmp: {}, lambda d: nomogram(CFIT()), E, r"times is required"),
    Case("nomogram-cph-times-zero", lambda tmp: {}, lambda d: nomogram(CFIT(), times=[100, 0]), E,
         r"times.*position 2.*0"),
    Case("nomogram-cph-times-negative", lambda tmp: {}, lambda d: nomogram(CFIT(), times=-30), E, r"times.*-30"),
    Case("nomogram-cph-times-nan", lambda tmp: {}, lambda d: nomogram(CFIT(), times=[30, np.nan]), E,
         r"times has a missing value at position 2"),
    Case("nomogram-cph-times-text", lambda tmp: {}, lambda d: nomogram(CFIT(), times=["one year"]), E,
         r"times.*'one year'"),
    Case("nomogram-cph-times-beyond-follow-up", lambda tmp: {}, lambda d: nomogram(CFIT(), times=[100, 365]), E,
         r"times position 2 = 365.*beyond the last follow-up time 240"),
    Case("nomogram-cph-times-before-first-event", lambda tmp: {}, lambda d: nomogram(CFIT(), times=[1]), E,
         r"times position 1 = 1.*before the first event time"),
    Case("nomogram-lrm-with-times", lambda tmp: {}, lambda d: nomogram(FIT(), times=[30]), E,
         r"times is for a cph fit"),
    Case("nomogram-cph-formula-continuous-interaction-without-interact",
         lambda tmp: {"x": X().assign(t=3.0 * np.arange(1, N + 1), e=Y())},
         lambda d: nomogram(cph("Surv(t, e) ~ age * bmi + crp", d["x"]), times=[60]), E, r"'bmi'.*interact="),
    Case("nomogram-cph-formula-times-beyond-follow-up", lambda tmp: {"x": X().assign(t=3.0 * np.arange(1, N + 1),
                                                                                      e=Y())},
         lambda d: nomogram(cph("Surv(t, e) ~ rcs(age, 3) + bmi", d["x"]), times=[365]), E,
         r"times position 1 = 365.*beyond the last follow-up time 240"),
    Case("nomogram-cph-strata-times-beyond-a-stratum", lambda tmp: {"x": X().assign(
             t=3.0 * np.arange(1, N + 1), e=Y(), g=np.arange(N) % 2)},
         lambda d: nomogram(cph("Surv(t, e) ~ age + strat(g)", d["x"]), times=[239]), E,
         r"times position 1 = 239.*stratum 'g=0'.*beyond its last follow-up time 237"),
    Case("nomogram-cph-strata-score-unknown-stratum", lambda tmp: {"x": X().assign(
             t=3.0 * np.arange(1, N + 1), e=Y(), g=np.arange(N) % 2)},
         lambda d: nomogram(cph("Surv(t, e) ~ age + strat(g)", d["x"]), times=[60]).score(d["x"].assign(g=5).head(2)),
         E, r"'g' has level '5' not seen in the training data"),
    Case("nomogram-cph-strata-score-no-strat-column", lambda tmp: {"x": X().assign(
             t=3.0 * np.arange(1, N + 1), e=Y(), g=np.arange(N) % 2)},
         lambda d: nomogram(cph("Surv(t, e) ~ age + strat(g)", d["x"]), times=[60]).score(
             d["x"].drop(columns="g").head(2)), E, r"'g'"),
    # ---------------------------------------------------------------- roc / roc_test
    Case("roc-empty", lambda tmp: {"y": Y()[:0], "p": P()[:0]}, lambda d: roc(d["y"], d["p"]), E,
         r"empty|no control|no case|0 values"),
    Case("roc-y-one-class", lambda tmp: {"y": np.ones(N, dtype=int), "p": P()}, lambda d: roc(d["y"], d["p"]), E,
         r"no control"),
    # text is a factor as in pROC (issue 21: "no"/"yes" make a curve); one level only cannot
    Case("roc-y-is-yes", lambda tmp: {"y": np.where(Y() == 1, "yes", "yes"), "p": P()},
         lambda d: roc(d["y"], d["p"]), E, r"y must have two levels"),
    Case("roc-partial-auc-out-of-range", lambda tmp: {"y": Y(), "p": P()},
         lambda d: roc(d["y"], d["p"], partial_auc=(1.2, 0.8)), E, r"partial_auc.*1\.2"),
    Case("roc-partial-auc-percent-out-of-range", lambda tmp: {"y": Y(), "p": P()},
         lambda d: roc(d["y"], d["p"], percent=True, partial_auc=(100, -5)), E, r"partial_auc.*-5"),
    Case("roc-partial-auc-length", lambda tmp: {"y": Y(), "p": P()},
         lambda d: roc(d["y"], d["p"], partial_auc=(0.9,)), E, r"partial_auc must be None or a pair"),
    Case("roc-coords-ret-unknown", lambda tmp: {"y": Y(), "p": P()},
         lambda d: roc(d["y"], d["p"]).coords("best", ret=("threshold", "speed")), E, r"ret: 'speed' is not one"),
    Case("roc-coords-input-not-monotone", lambda tmp: {"y": Y(), "p": P()},
         lambda d: roc(d["y"], d["p"]).coords(0.5, input="accuracy"), E, r"'accuracy' is not monotone"),
    Case("roc-y-is-minus-1", lambda tmp: {"y": set_at(Y(), 15, -1), "p": P()}, lambda d: roc(d["y"], d["p"]), E,
         r"y must be 0/1.*row 16 holds -1\b"),
    Case("roc-predictor-nan", lambda tmp: {"y": Y(), "p": set_at(P(), 10, np.nan)},
         lambda d: roc(d["y"], d["p"]), W, r"1 missing value.*rows? 11\b"),
    Case("roc-predictor-string", lambda tmp: {"y": Y(), "p": P().astype(str)}, lambda d: roc(d["y"], d["p"]), E,
         r"predictor.*(numeric|number|'0\.)"),
    Case("roc-mismatched-lengths", lambda tmp: {"y": Y(), "p": P()[:50]}, lambda d: roc(d["y"], d["p"]), E,
         r"50.*80|80.*50"),
    Case("roc-bad-direction", lambda tmp: {"y": Y(), "p": P()}, lambda d: roc(d["y"], d["p"], direction="<="), E,
         r"'<='"),
    Case("roc-test-not-roc", lambda tmp: {"y": Y(), "p": P()}, lambda d: roc_test(roc(d["y"], d["p"]), d["p"]), E,
         r"two results of cmvt_core\.roc"),
    Case("roc-test-unknown-method", lambda tmp: {"y": Y(), "p": P()},
         lambda d: roc_test(roc(d["y"], d["p"]), roc(d["y"], 1 - d["p"]), method="obuchowski"), E, r"'obuchowski'"),
    Case("roc-test-venkatraman-one-sided", lambda tmp: {"y": Y(), "p": P()},
         lambda d: roc_test(roc(d["y"], d["p"]), roc(d["y"], d["p"] ** 2), method="venkatraman", alternative="less"),
         E, r"two-sided"),
    Case("roc-test-specificity-missing", lambda tmp: {"y": Y(), "p": P()},
         lambda d: roc_test(roc(d["y"], d["p"]), roc(d["y"], d["p"] ** 2), method="specificity"), E,
         r"'specificity' must be numeric of length 1"),
    Case("roc-test-bootstrap-single-case", lambda tmp: {"y": set_at(np.zeros(N, dtype=int), 3, 1), "p": P()},
         lambda d: roc_test(roc(d["y"], d["p"]), roc(d["y"], d["p"] ** 2), method="bootstrap", boot_n=5, seed=1), E,
         r"at least 2 cases and 2 controls in roc1"),
    Case("roc-test-bootstrap-paired-warning", lambda tmp: {"y": Y(), "p": P()},
         lambda d: roc_test(roc(d["y"], d["p"]), roc(d["y"], d["p"] ** 2), method="bootstrap", paired=False,
                            boot_n=5, seed=1), W, r"seem to be paired"),
    Case("roc-test-venkatraman-partial-auc", lambda tmp: {"y": Y(), "p": P()},
         lambda d: roc_test(roc(d["y"], d["p"], partial_auc=(1, 0.8)), roc(d["y"], d["p"] ** 2, partial_auc=(1, 0.8)),
                            method="venkatraman", boot_n=5, seed=1), E, r"Partial AUC is not supported for Venkatraman"),
    Case("var-obuchowski-partial-sensitivity", lambda tmp: {"y": Y(), "p": P()},
         lambda d: roc(d["y"], d["p"], partial_auc=(1, 0.8), partial_auc_focus="sensitivity").var("obuchowski"), E,
         r"Obuchowski method is not supported for partial AUC on sensitivity"),
    # issue 21: smoothed curves and ci_coords("best") on a partial-AUC curve
    Case("roc-test-delong-smoothed", lambda tmp: {"y": Y(), "p": P()},
         lambda d: roc_test(roc_smooth(roc(d["y"], X()["age"])), roc(d["y"], d["p"] ** 2), method="delong"), E,
         r"DeLong's test is not supported for smoothed ROCs"),
    Case("cov-obuchowski-smoothed", lambda tmp: {"y": Y(), "p": P()},
         lambda d: roc_cov(roc_smooth(roc(d["y"], X()["age"])), roc_smooth(roc(d["y"], X()["bmi"])),
                           method="obuchowski"), E, r"Obuchowski method is not supported for smoothed ROCs"),
    Case("ci-auc-smoothed-numeric-density", lambda tmp: {"y": Y(), "p": P()},
         lambda d: roc_smooth(roc(d["y"], d["p"]), method="density", density_controls=np.ones(512),
                          density_cases=np.ones(512)).ci_auc(boot_n=5, seed=1), E, r"numeric density"),
    Case("ci-coords-best-partial-percent", lambda tmp: {"y": Y(), "p": P()},
         lambda d: roc(d["y"], d["p"], percent=True, partial_auc=(100, 80)).ci_coords("best", boot_n=5, seed=1), E,
         r"no point inside the partial-AUC interval"),
    # ---------------------------------------------------------------- power_roc_test / multiclass_roc
    Case("power-nothing-to-compute", lambda tmp: {},
         lambda d: power_roc_test(auc=0.8, ncases=30, ncontrols=30, power=0.9), E, r"must be NULL"),
    Case("power-two-unknowns", lambda tmp: {}, lambda d: power_roc_test(auc=0.8, ncases=30, ncontrols=30,
                                                                         sig_level=None), E, r"'sig.level' or 'power'"),
    Case("power-power-above-1", lambda tmp: {}, lambda d: power_roc_test(auc=0.8, power=1.2), E,
         r"'power' must range from 0 to 1"),
    Case("power-negative-kappa", lambda tmp: {}, lambda d: power_roc_test(auc=0.8, power=0.9, kappa=-1), E,
         r"'kappa' must be positive"),
    Case("power-unpaired-curves", lambda tmp: {"y": Y(), "p": P()},
         lambda d: power_roc_test(roc(d["y"], d["p"]), roc(d["y"][::-1], d["p"])), E, r"unpaired ROC curves"),
    Case("power-params-missing", lambda tmp: {}, lambda d: power_roc_test({"A1": 1.0, "B1": 1.0}, power=0.8), E,
         r"Missing parameter\(s\): A2, B2, rn, ra, delta"),
    Case("power-bad-alternative", lambda tmp: {}, lambda d: power_roc_test(auc=0.8, power=0.9, alternative="less"),
         E, r"'less'"),
    Case("multiclass-one-level", lambda tmp: {"p": P()}, lambda d: multiclass_roc(np.zeros(N), d["p"]), E,
         r"at least two levels"),
    Case("multiclass-level-without-observation", lambda tmp: {"p": P()},
         lambda d: multiclass_roc(np.arange(N) % 2, d["p"], levels=[0, 1, 7]), E, r"no observation of level 7"),
    Case("multiclass-empty-factor-level", lambda tmp: {"p": P()},
         lambda d: multiclass_roc(pd.Series(pd.Categorical(np.arange(N) % 2, categories=[0, 1, 2])), d["p"]), W,
         r"No observation for response level\(s\): 2"),
    Case("multiclass-matrix-auto", lambda tmp: {"p": P()},
         lambda d: multiclass_roc(np.arange(N) % 2, pd.DataFrame({0: d["p"], 1: 1 - d["p"]}), direction="auto"), E,
         r"auto"),
    Case("roc-test-conf-level-2", lambda tmp: {"y": Y(), "p": P()},
         lambda d: roc_test(roc(d["y"], d["p"]), roc(d["y"], d["p"] ** 2), conf_level=2), E, r"conf_level=2"),
    Case("roc-predictor-inf", lambda tmp: {"y": Y(), "p": set_at(P(), 0, np.inf)}, lambda d: roc(d["y"], d["p"]), E,
         r"infinite value at row 1\b"),
    Case("roc-y-nan", lambda tmp: {"y": set_at(Y().astype(float), 0, np.nan), "p": P()},
         lambda d: roc(d["y"], d["p"]), E, r"missing value at row 1\b"),
    Case("roc-predictor-2d", lambda tmp: {"y": Y(), "p": np.c_[P(), P()]}, lambda d: roc(d["y"], d["p"]), E,
         r"shape \(80, 2\)"),
    Case("roc-coords-bad-best-method", lambda tmp: {"y": Y(), "p": P()},
         lambda d: roc(d["y"], d["p"]).coords("best", best_method="bogus"), E, r"'bogus'"),
    # issue 21 part B: smooth / var / cov / ci_thresholds
    Case("smooth-unknown-method", lambda tmp: {"y": Y(), "p": P()},
         lambda d: roc_smooth(roc(d["y"], d["p"]), method="spline"), E, r"method must be one of.*'spline'"),
    Case("smooth-logcondens", lambda tmp: {"y": Y(), "p": P()},
         lambda d: roc_smooth(roc(d["y"], d["p"]), method="logcondens"), E, r"logcondens.*Debian"),
    Case("smooth-not-enough-points", lambda tmp: {"y": np.array([0, 1, 0, 1]), "p": np.array([1.0, 2.0, 1.0, 2.0])},
         lambda d: roc_smooth(roc(d["y"], d["p"])), E, r"not smoothable \(not enough points\)"),
    Case("smooth-density-one-control", lambda tmp: {"y": np.array([0, 1, 1, 1]), "p": np.array([1.0, 2.0, 3.0, 4.0])},
         lambda d: roc_smooth(roc(d["y"], d["p"]), method="density", density_cases=np.ones(5)), E,
         r"density_controls|Length"),
    Case("smooth-density-lengths-differ", lambda tmp: {"y": Y(), "p": P()},
         lambda d: roc_smooth(roc(d["y"], d["p"]), method="density", density_controls=np.ones(10),
                              density_cases=np.ones(12)), E, r"density_controls.*10.*density_cases.*12"),
    Case("smooth-fitdistr-optim", lambda tmp: {"y": Y(), "p": P()},
         lambda d: roc_smooth(roc(d["y"], d["p"]), method="fitdistr", density="weibull"), E, r"'weibull'.*optim"),
    Case("smooth-n-1", lambda tmp: {"y": Y(), "p": P()}, lambda d: roc_smooth(roc(d["y"], d["p"]), n=1), E, r"\bn\b"),
    Case("var-bad-method", lambda tmp: {"y": Y(), "p": P()}, lambda d: roc(d["y"], d["p"]).var("jackknife"), E,
         r"'jackknife'"),
    Case("cov-not-roc", lambda tmp: {"y": Y(), "p": P()}, lambda d: roc_cov(roc(d["y"], d["p"]), d["p"]), E,
         r"two results of cmvt_core\.roc"),
    Case("cov-unpaired", lambda tmp: {"y": Y(), "p": P()},
         lambda d: pd.Series({"cov": roc_cov(roc(d["y"], d["p"]), roc(d["y"][:60], d["p"][:60]))}), W, r"unpaired"),
    Case("ci-thresholds-bad-keyword", lambda tmp: {"y": Y(), "p": P()},
         lambda d: roc(d["y"], d["p"]).ci_thresholds("maxima", boot_n=5, seed=1), E, r"'maxima'"),
    Case("roc-ci-conf-level-2", lambda tmp: {"y": Y(), "p": P()}, lambda d: roc(d["y"], d["p"]).ci_auc(conf_level=2),
         E, r"conf_level=2"),
    Case("roc-single-case-ci", lambda tmp: {"y": set_at(np.zeros(N, dtype=int), 3, 1), "p": P()},
         lambda d: roc(d["y"], d["p"]).ci_auc(), W, r"1 case\(s\) and 79 control\(s\)"),
    Case("roc-test-single-case", lambda tmp: {"y": set_at(np.zeros(N, dtype=int), 3, 1), "p": P()},
         lambda d: roc_test(roc(d["y"], d["p"]), roc(d["y"], d["p"] ** 2)), E, r"roc1 has 1 case\(s\)"),
    # ---------------------------------------------------------------- calibrate / validate
    Case("calibrate-B-0", lambda tmp: {}, lambda d: calibrate(FIT(), B=0, seed=1), E, r"B.*0"),
    Case("calibrate-B-negative", lambda tmp: {}, lambda d: calibrate(FIT(), B=-3, seed=1), E, r"-3"),
    Case("calibrate-B-fraction", lambda tmp: {}, lambda d: calibrate(FIT(), B=2.5, seed=1), E, r"2\.5"),
    Case("calibrate-seed-beyond-2^31", lambda tmp: {}, lambda d: calibrate(FIT(), B=5, seed=2**31 + 5), E,
         r"2147483653"),
    Case("calibrate-seed-string", lambda tmp: {}, lambda d: calibrate(FIT(), B=5, seed="abc"), E, r"'abc'"),
    Case("calibrate-not-a-fit", lambda tmp: {"x": X()}, lambda d: calibrate(d["x"], B=5, seed=1), E,
         r"lrm|fit"),
    Case("calibrate-predy-nan", lambda tmp: {"predy": np.array([0.1, np.nan, 0.5])},
         lambda d: calibrate(FIT(), B=5, seed=1, predy=d["predy"]), E, r"predy"),
    Case("calibrate-bad-method", lambda tmp: {}, lambda d: calibrate(FIT(), B=5, seed=1, method="jackknife"), E,
         r"'jackknife'"),
    Case("validate-B-0", lambda tmp: {}, lambda d: validate(FIT(), B=0, seed=1), E, r"B.*0"),
    Case("validate-seed-beyond-2^31", lambda tmp: {}, lambda d: validate(FIT(), B=5, seed=-(2**31) - 1), E,
         r"-2147483649"),
    Case("calibrate-B-bool", lambda tmp: {}, lambda d: calibrate(FIT(), B=True, seed=1), E, r"got B=True"),
    Case("calibrate-cph-no-u", lambda tmp: {}, lambda d: calibrate(CPH(), B=5, seed=1), E, r"u is required"),
    Case("calibrate-cph-u-not-time-inc", lambda tmp: {}, lambda d: calibrate(CPH(), u=20.0, B=5, seed=1), E,
         r"time_inc=50.*u=20"),
    Case("calibrate-cph-u-beyond-follow-up", lambda tmp: {}, lambda d: calibrate(CPH(1e6), u=1e6, B=5, seed=1), E,
         r"beyond the follow-up"),
    Case("calibrate-cph-m-0", lambda tmp: {}, lambda d: calibrate(CPH(), u=50.0, m=0, B=5, seed=1), E, r"\bm\b"),
    Case("calibrate-cph-cmethod-hare", lambda tmp: {}, lambda d: calibrate(CPH(), u=50.0, cmethod="hare", B=5,
                                                                             seed=1), E, r"cmethod"),
    Case("calibrate-cph-predy", lambda tmp: {}, lambda d: calibrate(CPH(), u=50.0, predy=[0.2], B=5, seed=1), E,
         r"predy"),
    Case("calibrate-lrm-u", lambda tmp: {}, lambda d: calibrate(FIT(), u=50.0, B=5, seed=1), E, r"cph fit"),
    Case("validate-cph-B-0", lambda tmp: {}, lambda d: validate(CPH(), B=0, seed=1), E, r"B.*0"),
    Case("validate-B-string", lambda tmp: {}, lambda d: validate(FIT(), B="10", seed=1), E, r"got B='10'"),
    Case("validate-bw-rule-unknown", lambda tmp: {}, lambda d: validate(FIT(), B=5, seed=1, bw=True, rule="bic"), E,
         r"rule.*'bic'"),
    Case("validate-bw-sls-1", lambda tmp: {}, lambda d: validate(FIT(), B=5, seed=1, bw=True, sls=1.0), E, r"sls"),
    Case("calibrate-bw-type-unknown", lambda tmp: {}, lambda d: calibrate(FIT(), B=5, seed=1, bw=True, type="all"),
         E, r"type.*'all'"),
    # ---------------------------------------------------------------- fastbw
    Case("fastbw-not-a-fit", lambda tmp: {"x": X()}, lambda d: fastbw(d["x"]), E, r"lrm or cph fit"),
    Case("fastbw-rule-unknown", lambda tmp: {}, lambda d: fastbw(FIT(), rule="bic"), E, r"rule.*'bic'"),
    Case("fastbw-type-unknown", lambda tmp: {}, lambda d: fastbw(FIT(), type="forward"), E, r"type.*'forward'"),
    Case("fastbw-sls-0", lambda tmp: {}, lambda d: fastbw(FIT(), rule="p", sls=0), E, r"sls"),
    Case("fastbw-sls-above-1", lambda tmp: {}, lambda d: fastbw(FIT(), rule="p", sls=1.5), E, r"sls.*1\.5"),
    # ---------------------------------------------------------------- decision_curve
    Case("dca-data-not-frame", lambda tmp: {"d": dca_frame().to_numpy()},
         lambda d: decision_curve(d["d"], "y", ["risk"], fitted_risk=True, confidence_intervals=None), E,
         r"DataFrame"),
    Case("dca-empty-data", lambda tmp: {"d": dca_frame().iloc[:0]},
         lambda d: decision_curve(d["d"], "y", ["risk"], fitted_risk=True, confidence_intervals=None), E,
         r"no complete rows"),
    Case("dca-outcome-missing", lambda tmp: {"d": dca_frame()},
         lambda d: decision_curve(d["d"], "event", ["risk"], fitted_risk=True, confidence_intervals=None), E,
         r"'event'"),
    Case("dca-thresholds-outside-0-1", lambda tmp: {"d": dca_frame()},
         lambda d: decision_curve(d["d"], "y", ["risk"], fitted_risk=True, thresholds=[0.1, 1.5],
                                  confidence_intervals=None), E, r"thresholds.*(\[0, ?1\]|between 0 and 1)"),
    Case("dca-thresholds-negative", lambda tmp: {"d": dca_frame()},
         lambda d: decision_curve(d["d"], "y", ["risk"], fitted_risk=True, thresholds=[-0.2, 0.5],
                                  confidence_intervals=None), E, r"thresholds"),
    Case("dca-outcome-not-01", lambda tmp: {"d": with_col(dca_frame(), "y", set_at(Y(), 3, 2))},
         lambda d: decision_curve(d["d"], "y", ["risk"], fitted_risk=True, confidence_intervals=None), E,
         r"'y'.*0.*1|outcome"),
    Case("dca-fitted-risk-above-1", lambda tmp: {"d": with_col(dca_frame(), "risk", set_at(P(), 2, 3.0))},
         lambda d: decision_curve(d["d"], "y", ["risk"], fitted_risk=True, confidence_intervals=None), E,
         r"'risk'|risk.*\[0, ?1\]|between 0 and 1"),
    # rmda drops incomplete rows with a message and goes on: a documented RWarning here
    Case("dca-predictor-nan", lambda tmp: {"d": with_col(dca_frame(), "risk", set_at(P(), 4, np.nan))},
         lambda d: decision_curve(d["d"], "y", ["risk"], fitted_risk=True, confidence_intervals=None), W,
         r"1 observation\(s\) with missing data removed"),
    Case("dca-bootstraps-0", lambda tmp: {"d": dca_frame()},
         lambda d: decision_curve(d["d"], "y", ["risk"], fitted_risk=True, bootstraps=0, seed=1), E,
         r"bootstraps"),
    Case("dca-seed-beyond-2^31", lambda tmp: {"d": dca_frame()},
         lambda d: decision_curve(d["d"], "y", ["risk"], fitted_risk=True, bootstraps=5, seed=2**32), E,
         r"4294967296"),
    Case("dca-prevalence-above-1", lambda tmp: {"d": dca_frame()},
         lambda d: decision_curve(d["d"], "y", ["risk"], fitted_risk=True, study_design="case-control",
                                  population_prevalence=1.4, confidence_intervals=None), E,
         r"population_prevalence|1\.4"),
    Case("dca-y-one-class", lambda tmp: {"d": with_col(dca_frame(), "y", np.zeros(N))},
         lambda d: decision_curve(d["d"], "y", ["risk"], fitted_risk=True, confidence_intervals=None), E,
         r"'y' is not binary"),
    Case("dca-y-is-yes", lambda tmp: {"d": with_col(dca_frame(), "y", np.where(Y() == 1, "yes", "no"))},
         lambda d: decision_curve(d["d"], "y", ["risk"], fitted_risk=True, confidence_intervals=None), E,
         r"outcome column 'y' must be 0/1 \(only 0 and 1\); row 1 holds 'yes'"),
    Case("dca-bad-policy", lambda tmp: {"d": dca_frame()},
         lambda d: decision_curve(d["d"], "y", ["risk"], fitted_risk=True, policy="treat", confidence_intervals=None),
         E, r"'treat'"),
    Case("dca-ci-level-1.5", lambda tmp: {"d": dca_frame()},
         lambda d: decision_curve(d["d"], "y", ["risk"], fitted_risk=True, confidence_intervals=1.5, seed=1), E,
         r"1\.5"),
    Case("dca-thresholds-nan", lambda tmp: {"d": dca_frame()},
         lambda d: decision_curve(d["d"], "y", ["risk"], fitted_risk=True, thresholds=[0.1, np.nan],
                                  confidence_intervals=None), E, r"thresholds.*nan"),
    Case("dca-duplicated-columns", lambda tmp: {"d": pd.concat([dca_frame(), dca_frame()[["risk"]]], axis=1)},
         lambda d: decision_curve(d["d"], "y", ["risk"], fitted_risk=True, confidence_intervals=None), E,
         r"duplicat.*'risk'"),
    # ---------------------------------------------------------------- net_benefit / confusion_metrics / cutoff_table
    Case("net-benefit-pt-above-1", lambda tmp: {}, lambda d: net_benefit(10, 5, 100, 1.5), E, r"pt"),
    Case("net-benefit-tp-fp-exceed-n", lambda tmp: {}, lambda d: net_benefit(60, 50, 100, 0.2), E,
         r"exceeds n"),
    Case("net-benefit-negative-count", lambda tmp: {}, lambda d: net_benefit(10, -1, 100, 0.2), E, r"fp"),
    Case("net-benefit-string", lambda tmp: {}, lambda d: net_benefit("a", 1, 10, 0.2), E, r"tp.*'a'"),
    Case("cutoff-mismatched-lengths", lambda tmp: {"s": np.arange(N, dtype=float), "y": Y()[:5]},
         lambda d: cutoff_table(d["s"], d["y"]), E, r"80 values but y has 5"),
    Case("confusion-flagged-is-2", lambda tmp: {"y": Y(), "f": set_at(Y(), 19, 2)},
         lambda d: confusion_metrics(d["y"], d["f"]), E, r"flagged.*(19|2)"),
    Case("confusion-mismatched-lengths", lambda tmp: {"y": Y(), "f": Y()[:70]},
         lambda d: confusion_metrics(d["y"], d["f"]), E, r"80 values but flagged has 70"),
    Case("confusion-pt-outside-0-1", lambda tmp: {"y": Y(), "f": Y()},
         lambda d: confusion_metrics(d["y"], d["f"], pt=-0.1), E, r"-0\.1"),
    Case("cutoff-score-string", lambda tmp: {"s": np.array(["a"] * N, dtype=object), "y": Y()},
         lambda d: cutoff_table(d["s"], d["y"]), E, r"score must hold finite numbers; row 1 holds 'a'"),
    Case("cutoff-score-nan", lambda tmp: {"s": set_at(np.arange(N, dtype=float), 22, np.nan), "y": Y()},
         lambda d: cutoff_table(d["s"], d["y"]), E, r"missing value at row 23"),
    Case("cutoff-pt-above-1", lambda tmp: {"s": np.arange(N, dtype=float), "y": Y()},
         lambda d: cutoff_table(d["s"], d["y"], pt=2), E, r"pt.*2"),
    Case("cutoff-y-yes", lambda tmp: {"s": np.arange(N, dtype=float), "y": np.where(Y() == 1, "yes", "no")},
         lambda d: cutoff_table(d["s"], d["y"]), E, r"row 1 holds 'yes'"),
    # ---------------------------------------------------------------- RRNG
    Case("rrng-seed-2^31", lambda tmp: {}, lambda d: RRNG(2**31), E, r"2147483648.*range"),
    Case("rrng-seed-nan", lambda tmp: {}, lambda d: RRNG(float("nan")), E, r"nan"),
    Case("rrng-seed-string", lambda tmp: {}, lambda d: RRNG("42x"), E, r"'42x'"),
    Case("rrng-sample-larger-than-population", lambda tmp: {}, lambda d: RRNG(1).sample(5, 10), E,
         r"larger than the population"),
    # ---------------------------------------------------------------- load_cohort (files and frames)
    Case("cohort-missing-file", lambda tmp: {"p": tmp / "nope.csv"}, lambda d: load_cohort(d["p"], "cmvt"), E,
         r"not found.*nope\.csv"),
    Case("cohort-path-is-folder", lambda tmp: {"p": tmp}, lambda d: load_cohort(d["p"], "cmvt"), E, r"directory"),
    Case("cohort-empty-file", lambda tmp: {"p": csv_file(tmp, "")}, lambda d: load_cohort(d["p"], "cmvt"), E,
         r"empty"),
    Case("cohort-header-only", lambda tmp: {"p": csv_file(tmp, "age,bmi,cmvt\n")},
         lambda d: load_cohort(d["p"], "cmvt"), E, r"no data rows"),
    Case("cohort-semicolon-delimiter", lambda tmp: {"p": csv_file(tmp, cohort_text(sep=";"))},
         lambda d: load_cohort(d["p"], "cmvt"), E, r"semicolon"),
    Case("cohort-tab-delimiter", lambda tmp: {"p": csv_file(tmp, cohort_text(sep="\t"))},
         lambda d: load_cohort(d["p"], "cmvt"), E, r"tab"),
    Case("cohort-duplicated-header", lambda tmp: {"p": csv_file(tmp, cohort_text().replace("bmi", "age", 1))},
         lambda d: load_cohort(d["p"], "cmvt"), E, r"duplicated.*'age'"),
    Case("cohort-ragged-row", lambda tmp: {"p": csv_file(tmp, cohort_text(extra_row="50,23.0"))},
         lambda d: load_cohort(d["p"], "cmvt"), E, r"data row 25 \(line 26\) has 2 fields"),
    Case("cohort-non-numeric-cell", lambda tmp: {"p": csv_file(tmp, cohort_with(4, 1, "heavy"))},
         lambda d: load_cohort(d["p"], "cmvt"), E, r"'bmi'.*'heavy'.*data row 4 \(line 5 of the file\)"),
    Case("cohort-decimal-comma", lambda tmp: {"p": csv_file(tmp, cohort_with(2, 1, '"22,5"'))},
         lambda d: load_cohort(d["p"], "cmvt"), E, r"'22,5'.*decimal comma"),
    Case("cohort-outcome-yes", lambda tmp: {"p": csv_file(tmp, cohort_with(6, 2, "yes"))},
         lambda d: load_cohort(d["p"], "cmvt"), E, r"'cmvt'.*'yes'"),
    Case("cohort-outcome-2", lambda tmp: {"p": csv_file(tmp, cohort_with(6, 2, "2"))},
         lambda d: load_cohort(d["p"], "cmvt"), E, r"'cmvt' must be 0/1.*value\(s\) 2 \(data row\(s\) 6\)"),
    Case("cohort-missing-values", lambda tmp: {"p": csv_file(tmp, cohort_with(3, 0, "NA"))},
         lambda d: load_cohort(d["p"], "cmvt"), E, r"missing values.*'age' in data row\(s\) 3"),
    Case("cohort-inf-cell", lambda tmp: {"p": csv_file(tmp, cohort_with(3, 0, "Inf"))},
         lambda d: load_cohort(d["p"], "cmvt"), E, r"'age'.*infinite value 'Inf' in data row 3"),
    Case("cohort-too-few-events", lambda tmp: {"p": csv_file(tmp, cohort_text(n_events=1, n_non=20))},
         lambda d: load_cohort(d["p"], "cmvt"), E, r"too few events.*1 events"),
    Case("cohort-outcome-column-missing", lambda tmp: {"p": csv_file(tmp, cohort_text())},
         lambda d: load_cohort(d["p"], "dvt"), E, r"'dvt' not found"),
    Case("cohort-not-utf8", lambda tmp: {"p": csv_file(tmp, cohort_text().replace("age", "\u00e2ge").encode("latin-1"))},
         lambda d: load_cohort(d["p"], "cmvt"), E, r"not UTF-8"),
    Case("cohort-frame-duplicated-columns", lambda tmp: {"x": pd.concat([X(), X()[["age"]]], axis=1)},
         lambda d: load_cohort(d["x"], "age"), E, r"duplicated.*'age'"),
    Case("cohort-frame-empty", lambda tmp: {"x": X().iloc[:0]}, lambda d: load_cohort(d["x"], "age"), E,
         r"no rows"),
    Case("cohort-frame-outcome-nan", lambda tmp: {"x": with_col(X(), "cmvt", set_at(Y().astype(float), 30, np.nan))},
         lambda d: load_cohort(d["x"], "cmvt"), E, r"'cmvt' is missing in data row\(s\) 31"),
    Case("cohort-wrong-type", lambda tmp: {"x": [[1, 2], [3, 4]]}, lambda d: load_cohort(d["x"], "a"), E,
         r"got list"),
    # ---------------------------------------------------------------- baseline_table
    Case("baseline-not-a-frame", lambda tmp: {"x": X().to_numpy()}, lambda d: baseline_table(d["x"], Y()), E,
         r"DataFrame"),
    Case("baseline-group-three-values", lambda tmp: {"x": X(), "g": np.arange(N) % 3},
         lambda d: baseline_table(d["x"], d["g"]), E, r"exactly two values, got 3"),
    Case("baseline-group-length", lambda tmp: {"x": X(), "g": Y()[:40]}, lambda d: baseline_table(d["x"], d["g"]), E,
         r"40 values, X has 80 rows"),
    Case("baseline-group-missing", lambda tmp: {"x": X(), "g": set_at(Y().astype(float), 12, np.nan)},
         lambda d: baseline_table(d["x"], d["g"]), E, r"missing in row\(s\) \[13\]"),
    Case("baseline-unknown-variable", lambda tmp: {"x": X(), "g": Y()},
         lambda d: baseline_table(d["x"], d["g"], variables=["age", "weight"]), E, r"'weight'"),
    Case("baseline-constant-column", lambda tmp: {"x": with_col(X(), "k", 3.3), "g": Y()},
         lambda d: baseline_table(d["x"], d["g"]), W, r"'k'.*constant"),
    Case("baseline-all-missing-column", lambda tmp: {"x": with_col(X(), "k", np.nan), "g": Y()},
         lambda d: baseline_table(d["x"], d["g"]), E, r"'k' has no non-missing value"),
    Case("baseline-inf", lambda tmp: {"x": set_cell(X(), 4, "age", np.inf), "g": Y()},
         lambda d: baseline_table(d["x"], d["g"]), E, r"'age' has an infinite value \(inf\) in row 5"),
    Case("baseline-duplicated-columns", lambda tmp: {"x": pd.concat([X(), X()[["bmi"]]], axis=1), "g": Y()},
         lambda d: baseline_table(d["x"], d["g"]), E, r"duplicated.*'bmi'"),
    # ---------------------------------------------------------------- htest (R's t.test, wilcox.test, shapiro.test)
    Case("t_test-text", lambda tmp: {}, lambda d: t_test([1.0, "a", 3.0], [2.0, 4.0, 5.0]), E,
         r"^x must hold .*numbers; value 2 holds 'a'"),
    Case("wilcox_test-text", lambda tmp: {}, lambda d: wilcox_test([1.0, 2.0], [3.0, "b"]), E,
         r"^y must hold .*numbers; value 2 holds 'b'"),
    Case("shapiro_test-2-values", lambda tmp: {}, lambda d: shapiro_test([1.0, np.nan, 2.0]), E,
         r"between 3 and 5000 \(got 2\)"),
    # ---------------------------------------------------------------- StudyConfig
    Case("config-seed-beyond-2^31", lambda tmp: {}, lambda d: StudyConfig.from_dict({"seed": 2**31}), E,
         r"seed=2147483648"),
    Case("config-B-0", lambda tmp: {}, lambda d: StudyConfig.from_dict({"calibration_B": 0}), E, r"B = 0"),
    Case("config-split-ratio-1.5", lambda tmp: {}, lambda d: StudyConfig.from_dict({"split_ratio": 1.5}), E,
         r"split_ratio=1\.5"),
    Case("config-unknown-key", lambda tmp: {}, lambda d: StudyConfig.from_dict({"sead": 1}), E, r"'sead'"),
    Case("config-type-measure", lambda tmp: {}, lambda d: StudyConfig.from_dict({"lasso_type_measure": "rmse"}), E,
         r"'rmse'"),
    Case("config-seed-string", lambda tmp: {}, lambda d: StudyConfig.from_dict({"seed": "42"}), E, r"seed='42'"),
    Case("config-dca-confidence-string", lambda tmp: {}, lambda d: StudyConfig.from_dict({"dca_confidence": ""}), E,
         r"dca_confidence=''"),
    Case("config-keep-significant-string", lambda tmp: {},
         lambda d: StudyConfig.from_dict({"keep_significant": "no"}), E, r"keep_significant='no'"),
    Case("config-calibration-validation", lambda tmp: {},
         lambda d: StudyConfig.from_dict({"calibration_validation": "boot"}), E,
         r"^config: calibration_validation='boot' must be 'external' .* or 'refit'"),
    Case("config-compare-cutoff-negative", lambda tmp: {},
         lambda d: StudyConfig.from_dict({"compare_reference": ["age"], "compare_cutoffs": [-0.1, 0.3]}), E,
         r"^config: compare_cutoffs=\[-0\.1, 0\.3\] holds -0\.1, outside \(0, 1\)"),
    Case("config-compare-cutoff-nan", lambda tmp: {},
         lambda d: StudyConfig.from_dict({"compare_reference": ["age"], "compare_cutoffs": [float("nan")]}), E,
         r"holds nan, outside \(0, 1\)"),
    Case("config-compare-reference-not-list", lambda tmp: {},
         lambda d: StudyConfig.from_dict({"compare_reference": "age"}), E,
         r"^config: compare_reference='age' must be a list of column names"),
    Case("config-invalid-toml", lambda tmp: {"p": csv_file(tmp, "seed = = 3\n", "study.toml")},
         lambda d: StudyConfig.from_toml(d["p"]), E, r"not valid TOML"),
    Case("config-missing-file", lambda tmp: {"p": tmp / "none.toml"}, lambda d: StudyConfig.from_toml(d["p"]), E,
         r"config file not found.*none\.toml"),
    Case("config-formula-response-not-outcome", lambda tmp: {},
         lambda d: StudyConfig.from_dict({"formula": "female ~ age_group"}), E,
         r"^config: formula='female ~ age_group' has the response 'female'; its left side must be the outcome "
         r"column 'cmvt'"),
    Case("config-formula-with-survival", lambda tmp: {},
         lambda d: StudyConfig.from_dict({"formula": "cmvt ~ age_group", "survival_time": "t", "survival_event": "e"}),
         E, r"^config: formula='cmvt ~ age_group' is for the binary study"),
    Case("config-formula-no-tilde", lambda tmp: {}, lambda d: StudyConfig.from_dict({"formula": "age_group"}), E,
         r"^config: formula='age_group' must be an rms formula"),
    Case("study-formula-unknown-column", lambda tmp: {"d": STUDY()},
         lambda d: run_study(d["d"], StudyConfig.from_dict({"formula": "cmvt ~ rcs(post_nlr, 3) + nosuch"})), E,
         r"\[model\] formula names the column 'nosuch', which is not in the cohort"),
    # ================================================================ issue 15: no silent nonsense, bounded work
    # ---------------------------------------------------------------- silent NaN / nonsense that now raises
    Case("glmnet-alpha-nan", xy(), lambda d: glmnet(d["x"], d["y"], alpha=math.nan), E,
         r"alpha must be a finite number; got alpha=nan"),
    Case("glmnet-lambda-min-ratio-nan", xy(), lambda d: glmnet(d["x"], d["y"], lambda_min_ratio=math.nan), E,
         r"lambda_min_ratio must be a number in \[0, 1\); got lambda_min_ratio=nan"),
    Case("glmnet-nlambda-fraction", xy(), lambda d: glmnet(d["x"], d["y"], nlambda=1.5), E,
         r"nlambda must be a whole number in 1\.\.10000; got nlambda=1\.5"),
    Case("glmnet-standardize-text", xy(), lambda d: glmnet(d["x"], d["y"], standardize="no"), E,
         r"standardize must be True or False; got standardize='no'"),
    Case("glmnet-coef-s-nan", xy(), lambda d: glmnet(d["x"], d["y"]).coef(s=math.nan), E,
         r"s must be a non-negative number; got s=nan"),
    Case("glmnet-predict-s-inf", xy(), lambda d: glmnet(d["x"], d["y"]).predict(d["x"], s=math.inf), E,
         r"s must be a non-negative number; got s=inf"),
    Case("cv-glmnet-coef-s-nan", xy(), lambda d: cv_glmnet(d["x"], d["y"], seed=1).coef(s=math.nan), E,
         r"s must be a non-negative number; got s=nan"),
    Case("rrng-sample-replace-text", lambda tmp: {}, lambda d: RRNG(1).sample(5, 3, replace="no"), E,
         r"replace must be True or False; got replace='no'"),
    Case("rrng-seed-bool", lambda tmp: {}, lambda d: RRNG(True), E, r"seed True is not a number"),
    Case("net-benefit-pt-1", lambda tmp: {}, lambda d: net_benefit(10, 5, 100, 1), E,
         r"pt must be a number in \[0, 1\); got pt=1"),
    Case("net-benefit-n-inf", lambda tmp: {}, lambda d: net_benefit(10, 5, math.inf, 0.2), E, r"got n=inf"),
    Case("confusion-pt-1", lambda tmp: {"y": Y(), "f": Y()}, lambda d: confusion_metrics(d["y"], d["f"], pt=1.0), E,
         r"pt must be a number in \[0, 1\) or None; got pt=1\.0"),
    Case("cutoff-no-events", lambda tmp: {"s": np.arange(N, dtype=float), "y": np.zeros(N, dtype=int)},
         lambda d: cutoff_table(d["s"], d["y"]), E, r"y has no events.*sensitivity.*NaN"),
    Case("cutoff-no-non-events", lambda tmp: {"s": np.arange(N, dtype=float), "y": np.ones(N, dtype=int)},
         lambda d: cutoff_table(d["s"], d["y"]), E, r"y has no non-events.*specificity"),
    Case("calibrate-predy-outside-0-1", lambda tmp: {"predy": np.array([-0.2, 0.3, 1.4])},
         lambda d: calibrate(FIT(), B=5, seed=1, predy=d["predy"]), E,
         r"predy must hold numbers in \[0, 1\]; position 1 holds -0\.2"),
    Case("hoslem-g-1000-n-319", lambda tmp: {"y": Y319(), "p": P319()},
         lambda d: hoslem_test(d["y"], d["p"], g=1000), E,
         r"g=1000 groups for n=319 observations.*use a smaller g \(g = \d+ gives no empty group"),
    Case("hoslem-empty-quantile-groups", lambda tmp: {"y": Y319(), "p": P319()},
         lambda d: hoslem_test(d["y"], d["p"], g=300), E,
         r"g=300: \d+ of the \d+ quantile groups .*hold no observation.*NaN"),
    Case("lrm-intercept-column", xy(lambda: with_col(X(), "Intercept", _g_fixed)), lambda d: lrm(d["x"], d["y"]), E,
         r"column named 'Intercept'"),
    Case("glmnet-intercept-column", xy(lambda: with_col(X(), "(Intercept)", _g_fixed)),
         lambda d: glmnet(d["x"], d["y"]), E, r"column named '\(Intercept\)'"),
    Case("study-intercept-column", lambda tmp: {"d": with_col(STUDY(), "Intercept", 1.0)},
         lambda d: run_study(d["d"], QUICK_CONFIG()), E, r"the cohort has a column named 'Intercept'"),
    # ---------------------------------------------------------------- vectors of different lengths
    Case("net-benefit-lengths", lambda tmp: {}, lambda d: net_benefit([1, 2], [1, 2, 3], 10, 0.1), E,
         r"tp has 2 values but fp has 3"),
    Case("glmnet-weights-length", xy(), lambda d: glmnet(d["x"], d["y"], weights=np.ones(5)), E,
         r"weights \(5\).*rows of x \(80\)"),
    Case("glmnet-penalty-factor-length", xy(), lambda d: glmnet(d["x"], d["y"], penalty_factor=[1, 1]), E,
         r"penalty_factor \(2\).*variables \(3\)"),
    Case("cv-glmnet-weights-length", xy(), lambda d: cv_glmnet(d["x"], d["y"], weights=np.ones(79), seed=1), E,
         r"weights \(79\).*rows of x \(80\)"),
    Case("external-calibration-lengths", lambda tmp: {"p": P(), "y": Y()[:70]},
         lambda d: external_calibration(predicted=d["p"], y=d["y"]), E, r"y has 70 values but predicted has 80"),
    Case("val-prob-lengths", lambda tmp: {"p": P(), "y": Y()[:70]},
         lambda d: val_prob(d["p"], d["y"]), E, r"p has 80 values but y has 70"),
    Case("val-prob-p-of-1", lambda tmp: {"p": np.r_[P()[:5], 1.0, P()[6:]], "y": Y()},
         lambda d: val_prob(d["p"], d["y"]), E, r"p must hold numbers in \(0, 1\); row 6 holds 1"),
    Case("val-prob-constant-p", lambda tmp: {"p": np.full(N, 0.3), "y": Y()},
         lambda d: val_prob(d["p"], d["y"]), E, r"p is constant \(0\.3 in every row\)"),
    # ---------------------------------------------------------------- bounded work: fails at once
    Case("calibrate-B-1e9", lambda tmp: {}, lambda d: calibrate(FIT(), B=10**9, seed=1), E,
         r"B must be at most 100000 bootstrap replicates"),
    Case("validate-B-1e9", lambda tmp: {}, lambda d: validate(FIT(), B=1e9, seed=1), E,
         r"B must be at most 100000"),
    Case("cv-glmnet-nfolds-1e9", xy(), lambda d: cv_glmnet(d["x"], d["y"], nfolds=10**9, seed=1), E,
         r"nfolds must be at most the number of observations \(N = 80\); got 1000000000"),
    Case("cv-glmnet-nfolds-above-n", xy(lambda: X().iloc[:20], lambda: Y()[:20]),
         lambda d: cv_glmnet(d["x"], d["y"], nfolds=30, seed=1), E,
         r"nfolds must be at most the number of observations \(N = 20\); got 30"),
    Case("cv-glmnet-nfolds-fraction", xy(), lambda d: cv_glmnet(d["x"], d["y"], nfolds=3.5, seed=1), E,
         r"nfolds must be a whole number >= 3; got nfolds=3\.5"),
    Case("cv-glmnet-foldid-above-n", xy(), lambda d: cv_glmnet(d["x"], d["y"], foldid=np.r_[np.arange(79) % 3 + 1, 10**9]),
         E, r"foldid's largest fold number \(1000000000\) exceeds the number of observations \(N = 80\)"),
    Case("glmnet-nlambda-1e9", xy(), lambda d: glmnet(d["x"], d["y"], nlambda=10**9), E,
         r"nlambda must be at most 10000"),
    Case("hoslem-g-1e9", lambda tmp: {"y": Y(), "p": P()}, lambda d: hoslem_test(d["y"], d["p"], g=10**9), E,
         r"g=1000000000 groups for n=80 observations"),
    Case("dca-bootstraps-1e9", lambda tmp: {"d": dca_frame()},
         lambda d: decision_curve(d["d"], "y", ["risk"], fitted_risk=True, bootstraps=10**9, seed=1), E,
         r"bootstraps must be at most 100000"),
    Case("dca-bootstraps-memory", lambda tmp: {"d": dca_frame()},
         lambda d: decision_curve(d["d"], "y", ["risk"], fitted_risk=True, bootstraps=60000, seed=1), E,
         r"bootstraps=60000 and 101 thresholds would need 1\.\d GiB"),
    Case("roc-ci-boot-n-1e9", lambda tmp: {"y": Y(), "p": P()},
         lambda d: roc(d["y"], d["p"]).ci_auc(method="bootstrap", boot_n=10**9, seed=1), E,
         r"boot_n must be at most 100000"),
    Case("calibrate-predy-grid-memory", lambda tmp: {},
         lambda d: calibrate(FIT(), B=100000, seed=1, predy=np.linspace(0.1, 0.9, 1000)), E,
         r"calibrate with B=100000 and a predy grid of 1000 points would need 1\.5 GiB"),
    Case("n-jobs-1e9", lambda tmp: {}, lambda d: calibrate(FIT(), B=5, seed=1, n_jobs=10**9), E,
         r"n_jobs must be at most 4096"),
    # ---------------------------------------------------------------- CSV: what R's read.csv reads as text
    Case("cohort-underscore-number", lambda tmp: {"p": csv_file(tmp, cohort_with(3, 0, "1_000"))},
         lambda d: load_cohort(d["p"], "cmvt"), E,
         r"column 'age': non-numeric value '1_000' in data row 3 \(line 4 of the file\).*underscore"),
    Case("cohort-arabic-indic-digits", lambda tmp: {"p": csv_file(tmp, cohort_with(3, 0, "\u0661\u0662\u0663"))},
         lambda d: load_cohort(d["p"], "cmvt"), E,
         r"column 'age': non-numeric value '\u0661\u0662\u0663' in data row 3 \(line 4 of the file\).*digits 0-9"),
    Case("cohort-fullwidth-digits", lambda tmp: {"p": csv_file(tmp, cohort_with(5, 1, "\uff12\uff12"))},
         lambda d: load_cohort(d["p"], "cmvt"), E,
         r"column 'bmi': non-numeric value '\uff12\uff12' in data row 5 \(line 6 of the file\)"),
    Case("cohort-200000-character-cell", lambda tmp: {"p": csv_file(tmp, cohort_with(7, 1, "9" * 200_000))},
         lambda d: load_cohort(d["p"], "cmvt"), E,
         r"line 8 cannot be read as CSV: a cell longer than 131072 characters"),
    Case("cohort-read-csv-duplicated-header", lambda tmp: {"p": csv_file(tmp, cohort_text().replace("bmi", "cmvt", 1))},
         lambda d: read_csv(d["p"]), E, r"duplicated column name\(s\) \['cmvt'\].*rename"),
    Case("cohort-read-csv-numeric", lambda tmp: {"p": csv_file(tmp, cohort_with(2, 1, "\uff11\uff12"))},
         lambda d: read_csv(d["p"], numeric=["bmi"]), E,
         r"column 'bmi': non-numeric value '\uff11\uff12' in data row 2 \(line 3 of the file\)"),
    # ---------------------------------------------------------------- run_study says why it stops
    Case("study-too-few-events-per-predictor", lambda tmp: {"d": few_events(STUDY(), 10)},
         lambda d: run_study(d["d"], QUICK_CONFIG()), E,
         r"LASSO kept no predictor at lambda\.min.*9 events among 223 patients for 26 candidate predictors, "
         r"0\.35 events per predictor"),
    Case("study-separation-leak", lambda tmp: {"d": with_col(STUDY(), "leak", STUDY()["cmvt"].astype(float) * 2 + 1)},
         lambda d: run_study(d["d"], QUICK_CONFIG()), E,
         r"complete separation in the multivariable model.*'leak' separates the events from the non-events"),
    # ---------------------------------------------------------------- the command line (in-process)
    Case("cli-analyze-missing-file", lambda tmp: {"tmp": tmp},
         cli(lambda d: ["analyze", str(d["tmp"] / "missing.csv"), "--outcome", "cmvt", "--out", str(d["tmp"] / "o")]),
         "exit2", r"not found.*missing\.csv"),
    Case("cli-analyze-semicolon-file", lambda tmp: {"p": csv_file(tmp, cohort_text(sep=";")), "tmp": tmp},
         cli(lambda d: ["analyze", str(d["p"]), "--outcome", "cmvt", "--out", str(d["tmp"] / "o")]),
         "exit2", r"semicolon"),
    Case("cli-analyze-bom-and-bad-outcome", lambda tmp: {"p": csv_file(tmp, b"\xef\xbb\xbf" + cohort_text().encode()),
                                                         "tmp": tmp},
         cli(lambda d: ["analyze", str(d["p"]), "--outcome", "age", "--out", str(d["tmp"] / "o")]),
         "exit2", r"'age' must be 0/1"),
    Case("cli-analyze-config-bad-seed", lambda tmp: {"p": csv_file(tmp, cohort_text()), "tmp": tmp,
                                                      "c": csv_file(tmp, "[study]\nseed = 99999999999\n", "s.toml")},
         cli(lambda d: ["analyze", str(d["p"]), "--config", str(d["c"]), "--out", str(d["tmp"] / "o")]),
         "exit2", r"\[study\] seed = 99999999999 must be an integer"),
    Case("cli-analyze-config-key-outside-section", lambda tmp: {"p": csv_file(tmp, cohort_text()), "tmp": tmp,
                                                                "c": csv_file(tmp, "seed = 7\n", "s.toml")},
         cli(lambda d: ["analyze", str(d["p"]), "--config", str(d["c"]), "--out", str(d["tmp"] / "o")]),
         "exit2", r"key seed is outside any section \(seed belongs in \[study\]\)"),
    Case("cli-analyze-config-reference-unknown-column",
         lambda tmp: {"p": csv_file(tmp, cohort_text()), "tmp": tmp,
                      "c": csv_file(tmp, '[compare]\nreference = ["age", "weight"]\n', "s.toml")},
         cli(lambda d: ["analyze", str(d["p"]), "--outcome", "cmvt", "--config", str(d["c"]), "--out",
                        str(d["tmp"] / "o")]),
         "exit2", r"config: \[compare\] reference names column 'weight', which is not in the cohort"),
    Case("cli-analyze-config-cutoff-outside-0-1",
         lambda tmp: {"p": csv_file(tmp, cohort_text()), "tmp": tmp,
                      "c": csv_file(tmp, '[compare]\nreference = ["age"]\ncutoffs = [0.5, 1.5]\n', "s.toml")},
         cli(lambda d: ["analyze", str(d["p"]), "--outcome", "cmvt", "--config", str(d["c"]), "--out",
                        str(d["tmp"] / "o")]),
         "exit2", r"\[compare\] cutoffs = \[0\.5, 1\.5\] holds 1\.5, outside \(0, 1\)"),
    Case("cli-analyze-config-key-in-wrong-section", lambda tmp: {"p": csv_file(tmp, cohort_text()), "tmp": tmp,
                                                                 "c": csv_file(tmp, "[dca]\nalpha = 0.2\n", "s.toml")},
         cli(lambda d: ["analyze", str(d["p"]), "--config", str(d["c"]), "--out", str(d["tmp"] / "o")]),
         "exit2", r"unknown key \[dca\] alpha; \[dca\] accepts: bootstraps, confidence, thresholds_by "
                  r"\(alpha belongs in \[model\]\)"),
    Case("cli-cutoff-missing-file", lambda tmp: {"tmp": tmp},
         cli(lambda d: ["cutoff", str(d["tmp"] / "gone.csv"), "--score", "s", "--outcome", "y"]),
         "exit2", r"not found.*gone\.csv"),
    Case("cli-cutoff-pt-above-1", lambda tmp: {"p": csv_file(tmp, "s,y\n1,0\n2,1\n3,1\n"), "tmp": tmp},
         cli(lambda d: ["cutoff", str(d["p"]), "--score", "s", "--outcome", "y", "--pt", "1.5",
                        "--out", str(d["tmp"] / "t.csv")]), "exit2", r"pt.*1\.5"),
    Case("cli-cutoff-outcome-not-01", lambda tmp: {"p": csv_file(tmp, "s,y\n1,0\n2,yes\n3,1\n"), "tmp": tmp},
         cli(lambda d: ["cutoff", str(d["p"]), "--score", "s", "--outcome", "y", "--out", str(d["tmp"] / "t.csv")]),
         "exit2", r"column 'y': non-numeric value 'yes' in data row 2 \(line 3 of the file\)"),
    Case("cli-cutoff-duplicated-column", lambda tmp: {"p": csv_file(tmp, "s,y,s\n1,0,5\n2,1,6\n3,1,7\n"), "tmp": tmp},
         cli(lambda d: ["cutoff", str(d["p"]), "--score", "s", "--outcome", "y", "--out", str(d["tmp"] / "t.csv")]),
         "exit2", r"duplicated column name\(s\) \['s'\]"),
    Case("cli-cutoff-column-missing", lambda tmp: {"p": csv_file(tmp, "s,y\n1,0\n2,1\n3,1\n"), "tmp": tmp},
         cli(lambda d: ["cutoff", str(d["p"]), "--score", "risk", "--outcome", "y", "--out", str(d["tmp"] / "t.csv")]),
         "exit2", r"--score column 'risk' not found"),
    # ---------------------------------------------------------------- time_roc, decision_curve_survival (issue 20)
    Case("time-roc-time-zero", lambda tmp: {"t": set_at(_TT.copy(), 2, 0.0)},
         lambda d: time_roc(d["t"], _EV, _MK, [50.0]), E, r"time must hold positive numbers; row 3 holds 0"),
    Case("time-roc-times-zero", lambda tmp: {"times": [0.0, 50.0]},
         lambda d: time_roc(_TT, _EV, _MK, d["times"]), E, r"times must hold positive numbers; row 1 holds 0"),
    Case("time-roc-times-negative", lambda tmp: {"times": [-10.0]},
         lambda d: time_roc(_TT, _EV, _MK, d["times"]), E, r"times must hold positive numbers.*-10"),
    Case("time-roc-times-beyond-follow-up", lambda tmp: {"times": [50.0, 1e5]},
         lambda d: time_roc(_TT, _EV, _MK, d["times"]), E, r"times holds 100000, beyond the largest follow-up"),
    Case("time-roc-marker-nan", lambda tmp: {"m": set_at(_MK.copy(), 4, np.nan)},
         lambda d: time_roc(_TT, _EV, d["m"], [50.0]), E, r"marker has a missing value at row 5"),
    Case("time-roc-competing-risks", lambda tmp: {"e": set_at(_EV.copy(), 1, 2.0)},
         lambda d: time_roc(_TT, d["e"], _MK, [50.0]), E, r"event.*row 2 holds 2.*competing risks"),
    Case("time-roc-lengths", lambda tmp: {"m": _MK[:-1].copy()},
         lambda d: time_roc(_TT, _EV, d["m"], [50.0]), E, r"marker"),
    Case("dca-survival-horizon-beyond-follow-up", lambda tmp: {},
         lambda d: decision_curve_survival(_TT, _EV, _RK, time_horizon=1e5), E,
         r"time_horizon 100000 is beyond the follow-up"),
    Case("dca-survival-horizon-zero", lambda tmp: {},
         lambda d: decision_curve_survival(_TT, _EV, _RK, time_horizon=0), E, r"time_horizon"),
    Case("dca-survival-risk-above-1", lambda tmp: {"r": set_at(_RK.copy(), 6, 1.2)},
         lambda d: decision_curve_survival(_TT, _EV, d["r"], time_horizon=50), E, r"risk must hold.*row 7 holds 1.2"),
    Case("dca-survival-risk-nan", lambda tmp: {"r": set_at(_RK.copy(), 0, np.nan)},
         lambda d: decision_curve_survival(_TT, _EV, d["r"], time_horizon=50), E, r"risk has a missing value at row 1"),
    Case("groupkm-lengths", lambda tmp: {"x": _RK[:-1].copy()},
         lambda d: groupkm(d["x"], _TT, _EV, u=50.0), E, r"x"),
    Case("groupkm-g-and-cuts", lambda tmp: {},
         lambda d: groupkm(_RK, _TT, _EV, u=50.0, g=3, cuts=[0.5]), E, r"at most one of g and cuts"),
    Case("groupkm-u-zero", lambda tmp: {},
         lambda d: groupkm(_RK, _TT, _EV, u=0), E, r"u must be"),
    # ---------------------------------------------------------------- the installed console script
    Case("console-analyze-missing-file", lambda tmp: {"tmp": tmp},
         console(lambda d: ["analyze", "missing.csv", "--outcome", "cmvt", "--out", "o"]),
         "exit2", r"cohort file not found: 'missing\.csv'"),
    Case("console-analyze-one-event", lambda tmp: {"p": csv_file(tmp, cohort_text(n_events=1, n_non=30)), "tmp": tmp},
         console(lambda d: ["analyze", str(d["p"]), "--outcome", "cmvt", "--out", "o", "--quiet"]),
         "exit2", r"too few events.*1 events"),
    Case("console-cutoff-wrong-delimiter", lambda tmp: {"p": csv_file(tmp, "s;y\n1;0\n2;1\n"), "tmp": tmp},
         console(lambda d: ["cutoff", str(d["p"]), "--score", "s", "--outcome", "y", "--out", "t.csv"]),
         "exit2", r"semicolon-separated; save it as comma-separated CSV"),
]


# ----------------------------------------------------------------------------------- the checks
def _snapshot(inputs: dict) -> dict:
    return {k: copy.deepcopy(v) for k, v in inputs.items() if isinstance(v, (pd.DataFrame, pd.Series, np.ndarray, list))}


def _assert_unchanged(before: dict, inputs: dict) -> None:
    for k, old in before.items():
        new = inputs[k]
        if isinstance(old, pd.DataFrame):
            pd.testing.assert_frame_equal(new, old, check_exact=True)
            assert new.attrs == old.attrs
        elif isinstance(old, pd.Series):
            pd.testing.assert_series_equal(new, old, check_exact=True)
        elif isinstance(old, np.ndarray):
            assert new.dtype == old.dtype and new.shape == old.shape, f"input {k!r} changed dtype/shape"
            if old.dtype == object:
                assert [repr(v) for v in new.tolist()] == [repr(v) for v in old.tolist()], f"input {k!r} changed"
            else:
                np.testing.assert_array_equal(new, old, err_msg=f"input {k!r} changed")
        else:
            assert new == old, f"input {k!r} changed"


def test_catalogue_size():
    kinds = {c.id for c in CASES}
    assert len(kinds) == len(CASES), "duplicate case ids"
    assert len(CASES) >= 40


@pytest.mark.parametrize("case", [c.param() for c in CASES])
def test_bad_input(case: Case, tmp_path):
    inputs = case.make(tmp_path)
    before = _snapshot(inputs)
    if case.expect is InputError:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RWarning)
            with pytest.raises(InputError) as ei:
                case.call(inputs)
        msg = str(ei.value)
        assert re.search(case.match, msg, re.I | re.S), f"message does not name the culprit: {msg!r}"
        assert type(ei.value).__module__.startswith("cmvt_core")
    elif case.expect is RWarning:
        with pytest.warns(RWarning) as rec:
            result = case.call(inputs)
        msgs = [str(w.message) for w in rec if issubclass(w.category, RWarning)]
        assert any(re.search(case.match, m, re.I | re.S) for m in msgs), f"warnings: {msgs!r}"
        assert result is not None
        d = result.to_dict() if hasattr(result, "to_dict") else {}
        assert d, "a warning case must still give a result"
    elif case.expect == "exit2":
        rc, err = case.call(inputs)
        assert rc == 2, f"exit code {rc}, stderr {err!r}"
        lines = [ln for ln in err.splitlines() if ln.strip()]
        assert len(lines) == 1, f"not a one-line message: {err!r}"
        assert "Traceback" not in err
        assert re.search(case.match, lines[0], re.I), f"message does not name the culprit: {lines[0]!r}"
        out = inputs.get("tmp")
        if out is not None:
            assert not (out / "o").exists(), "a failed analyze left output behind"
            assert not list(out.glob(".o.tmp-*")), "a failed analyze left a temporary folder"
    else:  # pragma: no cover
        raise AssertionError(case.expect)
    _assert_unchanged(before, inputs)


# ----------------------------------------------------------------------------------- valid edge inputs
def test_byte_order_mark_is_accepted(tmp_path):
    """A UTF-8 BOM (Excel's "CSV UTF-8") is not bad input: the first column keeps its plain name."""
    p = csv_file(tmp_path, b"\xef\xbb\xbf" + cohort_text().encode())
    X_, y_ = load_cohort(p, "cmvt")
    assert list(X_.columns) == ["age", "bmi"]
    assert X_["age"].iloc[0] == 40.0 and y_.sum() == 12


def test_negative_seed_is_valid():
    """R accepts set.seed(-5): so does every seed argument (a negative seed is not bad input)."""
    a, b = RRNG(-5).runif(3), RRNG(5).runif(3)
    assert np.all((a > 0) & (a < 1)) and not np.array_equal(a, b)
    cv = cv_glmnet(X(), Y(), seed=-5)
    assert np.isfinite(cv.lambda_min)
    for bad in (2**31, -(2**31)):  # just outside R's integer range on either side
        with pytest.raises(InputError, match=str(bad)):
            RRNG(bad)


@pytest.mark.r
def test_negative_seed_matches_r(r_bridge):
    """set.seed(-5); runif(3) in R equals RRNG(-5).runif(3)."""
    r_bridge.call("base::set.seed", -5)
    r = np.asarray(r_bridge.to_py(r_bridge.call("stats::runif", 3)), dtype=float)
    assert np.array_equal(RRNG(-5).runif(3), r)

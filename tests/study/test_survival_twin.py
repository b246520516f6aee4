"""The survival study against its R twin (issue 20).

``cmvt_core.study.survival.run_survival_study`` (Python) and ``parity/r/study_twin_surv.R`` (R: rms, survival)
run the same survival study on R's ``survival::gbsg`` (the shipped CSV ``data/survival/gbsg.csv``) with the
same config, and every number of ``results.json`` (provenance aside) is compared, leaf by leaf with the same
walk as the binary study's twin test: the split, the times and follow-up, Table 1, the cph table and
statistics, the nomogram with its survival axes, the C-index with its CI in both groups.

The plugged steps (LASSO-Cox, time-dependent AUC, calibration, validate, survival decision curves) are compared
when their ports are in the package; a step not wired is in neither JSON (``test_unwired_steps_absent``).  The
validation group's calibration is compared in both modes: "external" (groupkm of the training model's predicted
survival; the default and command-line runs) and "refit" (the caret run).
"""
from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess

import numpy as np
import pandas as pd
import pytest

from cmvt_core.cohort import read_csv
from cmvt_core.study import StudyConfig
from cmvt_core.study.survival import PLUGGED_STEPS, WIRED_STEPS, run_survival_study

from _paths import ROOT  # noqa: E402
from test_study_twin import _compare_results  # noqa: E402

TWIN = ROOT / "src" / "cmvt_core" / "parity" / "r" / "study_twin_surv.R"
GBSG = ROOT / "src" / "cmvt_core" / "data" / "survival" / "gbsg.csv"  # survival::gbsg, as datasets.load_survival
PREDICTORS = ["age", "meno", "size", "grade", "nodes", "pgr", "er", "hormon"]
BASE = {"survival_time": "rfstime", "survival_event": "status", "predictors": PREDICTORS}
#: the bootstraps of the plugged steps kept small (the study's defaults: B = 1000, 500 DCA bootstraps)
QUICK = {"calibration_B": 20, "validation_B": 20, "dca_bootstraps": 5, "dca_thresholds_by": 0.05, "lasso_nfolds": 5}

R_CALL = ("set.seed(seed); sort(sample(n, round(0.7*n))) (or createDataPartition(factor(event))); "
          "times 1/3/5 years within follow-up; baseline_table_r; rms::cph(Surv(time, event) ~ ., x=TRUE, y=TRUE, "
          "surv=TRUE); rms::nomogram(fit, fun = list(function(lp) Survival(fit)(t, lp), ...)); "
          "survival::concordance(Surv(time, event) ~ lp, reverse=TRUE), C -/+ qnorm(.975)*sqrt(var) "
          "[parity/r/study_twin_surv.R: surv_twin_file(path, cfg)]")


def _bridge(r_bridge):
    r_bridge.library("rms", "survival")
    for f in ("baseline.R", "study_twin.R", "cph.R", "nomogram_cph.R", "study_twin_surv.R"):
        r_bridge.source(f)
    return r_bridge


def _bridge_steps(r_bridge):
    b = _bridge(r_bridge)
    if "lasso_cox" in WIRED_STEPS:
        b.library("glmnet")
    for step, f in (("calibration", "calibrate_cph.R"), ("dca", "dca_survival.R")):
        if step in WIRED_STEPS:
            b.source(f)
    return b


def _run_both(r_bridge, overrides):
    cfg = StudyConfig.from_dict({**BASE, **QUICK, **overrides})
    py = run_survival_study(read_csv(GBSG), cfg)
    b = _bridge_steps(r_bridge)
    out = b.to_py(b.call("helper:surv_twin_file", str(GBSG), cfg.to_dict(), list(WIRED_STEPS)))
    return cfg, py, out["results"], out["extra"]


def _compare(py, r, cmp):
    """results.json against the twin's; the time-dependent AUC is Python's only (timeROC is not in Debian: its
    port is checked against timeROC's stored goldens in tests/test_timeroc.py), so it leaves the walk here."""
    d = json.loads(json.dumps(py.to_json_dict(), allow_nan=True))
    for g in ("training", "validation"):
        assert ("time_auc" in d[g]) == ("time_auc" in WIRED_STEPS)
        d[g].pop("time_auc", None)
    _compare_results(_AsJson(d), r, cmp, prefix="survstudy")


class _AsJson:
    def __init__(self, d):
        self.d = d

    def to_json_dict(self):
        return self.d


@pytest.fixture(scope="module")
def default_run(r_bridge):
    return _run_both(r_bridge, {})


@pytest.mark.r
def test_survival_study_matches_r_twin(default_run, parity_case):
    """Every number of results.json against the R twin (the default times 365, 1095, 1825 days)."""
    cfg, py, r, extra = default_run
    assert py.times == [365.0, 1095.0, 1825.0] and py.times_rule == "default"
    cmp = parity_case("survstudy-twin-default").describe(call=R_CALL + f" config={json.dumps(cfg.to_dict())}",
                                                         data=read_csv(GBSG))
    _compare(py, r, cmp)
    cmp.add("survstudy.split.train", np.asarray(py.split["training_rows"]) + 1, extra["train"])
    cmp.add("survstudy.lp.training", py.fit.linear_predictors, extra["lp_training"])
    cmp.assert_ok()
    assert len(cmp.records) > 150


@pytest.mark.r
def test_survival_study_caret_split_and_given_times(r_bridge, parity_case):
    """``[split] method = "caret"`` (stratified on the event), times given, a different seed and predictors, and
    ``[calibration] validation = "refit"`` (cph refitted on the validation group, calibrate there)."""
    r_bridge.library("caret")
    cfg, py, r, extra = _run_both(r_bridge, {"split_method": "caret", "seed": 7, "survival_times": [500.0, 2000.0],
                                             "predictors": ["age", "size", "nodes", "pgr", "hormon"],
                                             "calibration_validation": "refit"})
    assert py.times_rule == "config" and py.times == [500.0, 2000.0]
    if "calibration" in WIRED_STEPS:
        assert [vc["mode"] for vc in r["validation"]["calibration"]] == ["refit", "refit"]
    cmp = parity_case("survstudy-twin-caret").describe(call=R_CALL + f" config={json.dumps(cfg.to_dict())}",
                                                       data=read_csv(GBSG))
    _compare(py, r, cmp)
    cmp.add("survstudy.split.train", np.asarray(py.split["training_rows"]) + 1, extra["train"])
    cmp.assert_ok()


@pytest.mark.r
def test_unwired_steps_absent(default_run):
    """No key of a step that is not wired yet: neither a stub nor a placeholder."""
    _, py, r, _ = default_run
    d = py.to_json_dict()
    assert set(d) == {"study", "steps", "survival", "split", "baseline", "selection", "model", "nomogram",
                      "training", "validation", "provenance"}
    assert d["steps"] == list(WIRED_STEPS)
    plugged = {"time_auc", "calibration", "validate", "dca"} & set(WIRED_STEPS)
    assert set(d["training"]) == {"c_index"} | plugged
    assert set(d["validation"]) == {"c_index"} | (plugged - {"validate"})
    assert d["selection"]["method"] == ("lasso_cox" if "lasso_cox" in WIRED_STEPS else "config")
    for step, module in PLUGGED_STEPS.items():
        assert (step in WIRED_STEPS) == (importlib.util.find_spec(f"cmvt_core.{module}") is not None)


@pytest.mark.r
def test_survival_twin_command_line(tmp_path, parity_case):
    """``Rscript parity/r/study_twin_surv.R DATA.csv CONFIG.json OUT.json`` alone, against run_survival_study."""
    rscript = shutil.which("Rscript")
    if rscript is None:
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail("CI=true: Rscript is required")
        pytest.skip("Rscript not found")
    cfg = StudyConfig.from_dict({**BASE, **QUICK, "predictors": ["age", "grade", "nodes", "pgr"],
                                 "survival_times": [730.0, 1460.0], "seed": 11, "survival_m": 60})
    (tmp_path / "cfg.json").write_text(json.dumps({**cfg.to_dict(), "steps": list(WIRED_STEPS)}))
    out = tmp_path / "twin.json"
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1")
    p = subprocess.run([rscript, str(TWIN), str(GBSG), str(tmp_path / "cfg.json"), str(out)],
                       capture_output=True, text=True, env=env, timeout=300)
    assert p.returncode == 0, p.stderr
    r = json.loads(out.read_text())
    assert r["provenance"]["input_file"] == GBSG.name
    py = run_survival_study(read_csv(GBSG), cfg)
    assert py.times == r["survival"]["times"] == [730.0, 1460.0]
    if "calibration" in WIRED_STEPS:  # m = 60: several groupkm groups in the validation group
        assert all(len(v["table"]) > 2 for v in py.to_json_dict()["validation"]["calibration"])
    cmp = parity_case("survstudy-twin-cli").describe(call=f"Rscript parity/r/study_twin_surv.R {GBSG.name} cfg.json "
                                                          f"out.json config={json.dumps(cfg.to_dict())}",
                                                     data=read_csv(GBSG))
    _compare(py, r, cmp)
    cmp.assert_ok()


@pytest.mark.r
def test_validation_calibration_is_groupkm_of_the_training_model(default_run):
    """results.json's validation calibration ("external", the default) at each time equals a direct call:
    groupkm of the training model's predicted survival at u in the validation group, m = [survival] m; the
    mean absolute difference recomputed from the table it shows."""
    from cmvt_core import groupkm

    cfg, py, r, _ = default_run
    if "calibration" not in WIRED_STEPS:
        pytest.skip("calibrate(cph) is not in this installation")
    d = json.loads(json.dumps(py.to_json_dict(), allow_nan=True))
    vcal = d["validation"]["calibration"]
    assert [v["time"] for v in vcal] == py.times and all(v["mode"] == "external" for v in vcal)
    df = read_csv(GBSG)
    valid = np.setdiff1d(np.arange(len(df)), py.split["training_rows"])
    Xv = df.iloc[valid][py.selected].astype(float).reset_index(drop=True)
    tv, ev = df["rfstime"].to_numpy(float)[valid], df["status"].to_numpy(float)[valid]
    surv = py.fit.survest(Xv, py.times)
    for j, (u, v) in enumerate(zip(py.times, vcal)):
        direct = groupkm(surv.iloc[:, j].to_numpy(float), tv, ev, u=u, m=cfg.survival_m)
        got = pd.DataFrame(v["table"])
        assert list(got.columns) == ["x", "n", "events", "KM", "std_err"]
        assert np.array_equal(got.to_numpy(float), direct.to_numpy(float), equal_nan=True)
        assert v["n"] == len(tv) == int(direct["n"].sum()) and v["m"] == cfg.survival_m
        ok = (got["n"] > 0) & got["KM"].notna()
        mae = float((got["n"][ok] * (got["KM"][ok] - got["x"][ok]).abs()).sum() / got["n"][ok].sum())
        assert v["mean_abs_error"] == pytest.approx(mae, abs=1e-15)
        assert py.tables[f"calibration_validation_external_t{int(u)}"].equals(py.validation_calibration[j].table)

"""The whole study against its R twin (issue 8).

``cmvt_core.study.pipeline.run_study`` (Python) and ``parity/r/study_twin.R`` (R: glmnet, rms, pROC, stats; rmda's
and ResourceSelection's rules in plain R) run the same study on the shipped example cohort
(``src/cmvt_core/data/cmvt_cohort.csv``) with the same
config, and every number of ``results.json`` (provenance aside) is compared: baseline tables, LASSO,
the OR tables and lrm stats, the nomogram, Hosmer-Lemeshow, ROC, calibration, validate and decision curves of
both groups.  The twin's own decision curve and Hosmer-Lemeshow code is anchored to rmda 1.6's and
ResourceSelection 0.3-6's stored outputs (``tests/goldens``).
"""
from __future__ import annotations

import json
import math
import os
import shutil
import subprocess

import numpy as np
import pandas as pd
import pytest

from cmvt_core.cohort import draw_split, load_cohort, read_csv
from cmvt_core.formula import r_nodes
from cmvt_core.study.pipeline import StudyConfig, run_study

from _paths import COHORT, ROOT  # noqa: E402
TWIN = ROOT / "src" / "cmvt_core" / "parity" / "r" / "study_twin.R"
from _paths import GOLDENS as GOLD  # noqa: E402

QUICK = {"calibration_B": 40, "validation_B": 40, "dca_bootstraps": 25, "roc_boot_n": 300}
TINY = {"calibration_B": 10, "validation_B": 10, "dca_bootstraps": 5, "lambda_rule": "1se", "keep_significant": False,
        "roc_boot_n": 200}
#: issue 18: a reference model with the categorical NRI (its bootstrap after set.seed in each group)
COMPARE = {"compare_reference": ["age_group", "pre_nlr"], "compare_cutoffs": [0.2, 0.4], "compare_boot": 200}

R_CALL = ("set.seed(seed) before each random step: sort(sample(n, round(0.7*n))); cv.glmnet(x, y, "
          "family='binomial', type.measure, nfolds=10); lrm(y ~ ., x=TRUE, y=TRUE) + glm Wald table; "
          "nomogram(fit, fun=plogis); hoslem.test 0.3-6 rule; pROC::roc/ci.auc(delong)/coords('best', youden); "
          "calibrate(fit, B); validate(fit, B); rmda decision_curve(y ~ risk, fitted.risk=TRUE) rules; "
          "ci.coords(roc, 'best', best.method='youden', best.policy='random', boot.n); val.prob(p, y, pl=FALSE); "
          "plot_clinical_impact numbers (prob.high.risk, DP x 1000); improveProb(p_ref, p, y) and the categorical "
          "NRI (PredictABEL lines, nricens loop) when a reference model is given "
          "[parity/r/study_twin.R: study_twin_file(path, cfg)]")


# ----------------------------------------------------------------------------- running both sides
def _bridge(r_bridge):
    r_bridge.library("glmnet", "rms", "pROC")
    for f in ("baseline.R", "dca.R", "reclass.R", "formula.R", "study_twin.R"):
        r_bridge.source(f)
    return r_bridge


def _run_both(r_bridge, overrides):
    cfg = StudyConfig.from_dict(dict(overrides))
    py = run_study(read_csv(COHORT), cfg)
    b = _bridge(r_bridge)
    twin_cfg = cfg.to_dict()
    if cfg.formula is not None:  # the twin rebuilds the formula from its nodes (never parses its text)
        twin_cfg["formula_tree"] = r_nodes(cfg.formula)
    out = b.to_py(b.call("helper:study_twin_file", str(COHORT), twin_cfg))
    return cfg, py, out["results"], out["extra"]


@pytest.fixture(scope="module")
def quick(r_bridge):
    # the default validation = "external", with a reference model and cut-offs (issue 18)
    return _run_both(r_bridge, {**QUICK, **COMPARE})


# ----------------------------------------------------------------------------- the walk
def _is_text(v) -> bool:
    """A string, or a non-empty list of strings (None allowed as a missing string)."""
    if isinstance(v, list):
        return any(isinstance(x, str) for x in v) and all(isinstance(x, str) or x is None for x in v)
    return isinstance(v, str)


def _num(v) -> np.ndarray:
    """Numbers (lists, nested lists, scalars; JSON null -> NaN) as a float array."""
    a = np.asarray(v, dtype=object)
    return np.vectorize(lambda x: math.nan if x is None else float(x), otypes=[float])(a) if a.size else \
        np.asarray([], dtype=float)


def _records(v) -> pd.DataFrame:
    return v.copy() if isinstance(v, pd.DataFrame) else pd.DataFrame(v)


def _leaves(py, r, path, cmp, prefix="study"):
    """Compare a Python results subtree with the twin's, leaf by leaf; key sets must match."""
    name = ".".join(path)
    if isinstance(py, dict):
        assert isinstance(r, dict), f"{name}: R gives {type(r).__name__}, Python a dict"
        cmp.add(f"{prefix}.keys.{name}", sorted(map(str, py)), sorted(map(str, r)))
        for k in py:
            if k in r:
                _leaves(py[k], r[k], path + [str(k)], cmp, prefix)
        return
    if isinstance(py, list) and py and isinstance(py[0], dict) and any(isinstance(v, list) for v in py[0].values()):
        # a list of nested objects (the survival nomogram's axes, one per time): row by row, under one name
        cmp.add(f"{prefix}.keys.{name}.rows", len(py), len(r))
        for pr, rr in zip(py, r):
            _leaves(pr, rr, path, cmp, prefix)
        return
    if isinstance(py, list) and py and isinstance(py[0], dict):  # records (baseline table / stats)
        pdf, rdf = _records(py), _records(r)
        cmp.add(f"{prefix}.keys.{name}", list(pdf.columns), list(rdf.columns))
        cmp.add(f"{prefix}.keys.{name}.rows", len(pdf), len(rdf))
        for c in pdf.columns:
            if c in rdf.columns:
                _leaves(pdf[c].tolist(), rdf[c].tolist() if not isinstance(rdf[c], list) else rdf[c], path + [c], cmp, prefix)
        return
    if (py is None or r is None) and all(v is None or (isinstance(v, float) and math.isnan(v)) for v in (py, r)):
        # R's NA is null in the twin's JSON, NaN in results.json (and through the bridge): both missing
        cmp.add(f"{prefix}.{name}", _num([py]), _num([r]))
        return
    if py is None or r is None:
        cmp.add(f"{prefix}.text.{name}", str(py), str(r if not isinstance(r, np.ndarray) or r.size != 1 else r[0]))
        return
    if isinstance(r, np.ndarray) and r.size == 1 and not isinstance(py, list):
        r = r.ravel()[0]
    if isinstance(py, list) and not isinstance(r, (list, np.ndarray)):
        r = [r]
    if _is_text(py):
        pv = [str(x) if x is not None else "" for x in (py if isinstance(py, list) else [py])]
        rv = [str(x) if x is not None else "" for x in (list(np.ravel(r)) if not isinstance(r, str) else [r])]
        cmp.add(f"{prefix}.text.{name}", pv, rv)
        return
    if isinstance(py, list) and len(py) == 0:
        cmp.add(f"{prefix}.keys.{name}.length", 0, int(np.size(r)))
        return
    cmp.add(f"{prefix}.{name}", _num(py), _num(r).reshape(_num(py).shape) if _num(r).size == _num(py).size else _num(r))


def _compare_results(py_result, r_results, cmp, prefix="study", skip=("provenance",)):
    py = {k: v for k, v in json.loads(json.dumps(py_result.to_json_dict(), allow_nan=True)).items()
          if k not in skip}
    r = {k: v for k, v in r_results.items() if k not in skip}
    _leaves(py, r, [], cmp, prefix)


# ----------------------------------------------------------------------------- tests
@pytest.mark.r
def test_study_matches_r_twin(quick, parity_case):
    """Every number of results.json against the R twin (B = 40 calibrate/validate, 25 DCA bootstraps)."""
    cfg, py, r, extra = quick
    cmp = parity_case("study-twin-quick").describe(call=R_CALL + f" config={json.dumps(cfg.to_dict())}",
                                                   data=read_csv(COHORT))
    _compare_results(py, r, cmp)

    # what stands behind the results: the split, the CV curve, the fitted risks, calibrate's table, rmda's columns
    sp = draw_split(len(read_csv(COHORT)), cfg.split_ratio, cfg.seed)
    cmp.add("study.split.idx", sp.train, extra["split"]["idx"])
    cmp.add("study.split.train", np.sort(sp.train), extra["split"]["train"])
    cv = py.lasso.cv
    cmp.add("study.lasso.cvm", cv.cvm, extra["cv"]["cvm"])
    cmp.add("study.lasso.cvsd", cv.cvsd, extra["cv"]["cvsd"])
    cmp.add("study.lasso.nzero", cv.nzero, extra["cv"]["nzero"])
    fit = py.model.fit
    cmp.add("study.fitted.training", fit.fitted, extra["fitted"]["training"])
    vt = py.tables["calibration_training"]
    ct = extra["calibration_table"]
    assert ct.shape == vt.shape
    for j, c in enumerate(vt.columns):
        cmp.add(f"study.calibration_table.{c}", vt[c].to_numpy(float), ct[:, j])
    for grp in ("training", "validation"):
        dd, rd = py.tables[f"dca_{grp}"], extra[f"dca_{grp}"]
        assert len(dd) == len(rd)
        for c in rd.columns:
            pc = c.replace(".", "_")
            if c == "model":
                cmp.add(f"study.text.dca_derived.{grp}.model", [m if m in ("All", "None") else "model" for m in dd[pc]],
                        [m if m in ("All", "None") else "model" for m in rd[c]])
            else:
                cmp.add(f"study.dca_derived.{grp}.{pc}", dd[pc].to_numpy(float), np.asarray(rd[c], float))
    # issue 18: the reference model's risks behind the comparison
    ref = py.comparison
    assert ref is not None and ref.reference == COMPARE["compare_reference"]
    cmp.add("study.comparison.reference_fitted.training", ref.fit.fitted, extra["reference_fitted"]["training"])
    cmp.assert_ok()
    assert len(cmp.records) > 250


@pytest.mark.r
def test_study_issue18_keys_are_compared(quick):
    """The quick run's results.json holds every issue-18 number, so the walk above compared them with the twin."""
    _, py, r, _ = quick
    d = json.loads(json.dumps(py.to_json_dict(), allow_nan=True))
    for grp in ("training", "validation"):
        roc = d[grp]["roc"]
        for k in ("sensitivity_ci", "specificity_ci", "threshold_ci"):
            lo, hi = roc[k]
            assert lo <= hi and list(r[grp]["roc"][k]) == pytest.approx([lo, hi], abs=1e-12)
        assert roc["specificity_ci"][0] <= 1 and roc["ci_boot_n"] == QUICK["roc_boot_n"]
        ci = d[grp]["dca"]["clinical_impact"]
        assert ci["population_size"] == 1000 and len(ci["thresholds"]) == len(d[grp]["dca"]["thresholds"])
        assert set(d["comparison"][grp]) == {"improve_prob", "reclassification"}
    assert d["validation"]["calibration"]["mode"] == "external" and len(d["validation"]["val_prob"]["stats"]) == 18
    assert d["comparison"]["cutoffs"] == COMPARE["compare_cutoffs"]
    # the validation group's replicates do tie for the best threshold: pROC's default best.policy = "stop" would
    # abort the study, so the CIs above (equal to the twin's) went through "random"'s sample() draws
    g = py.roc.validation
    assert g.ci_best_policy == "random"
    from cmvt_core import InputError
    with pytest.raises(InputError, match='more than one "best" threshold was found in a bootstrap replicate'):
        g.curve.ci_coords("best", best_policy="stop", boot_n=g.ci_boot_n, seed=py.config.seed)


@pytest.mark.r
def test_study_selection_and_final_model(quick):
    """The study's decisions (which variables, which lambda) are the same, not just close."""
    _, py, r, _ = quick
    assert py.lasso.selected == list(r["lasso"]["selected"])
    assert py.model.variables_final == list(r["model"]["variables_final"])
    assert py.model.variables_final, "the final model is empty"
    assert set(py.model.variables_final) <= set(py.lasso.selected)


@pytest.mark.r
@pytest.mark.golden
def test_twin_decision_curve_equals_rmda_golden(r_bridge, parity_case):
    """The twin's DCA (dca_plain, rmda 1.6's rules) reproduces rmda's stored derived.data, bootstrap CIs included."""
    b = _bridge(r_bridge)
    calls = json.loads((GOLD / "rmda_cases.json").read_text())["fitted_boot50"]
    cohort = pd.read_csv(GOLD / "cohort.csv")
    g = pd.read_csv(GOLD / "rmda_fitted_boot50.csv", keep_default_na=False, na_values=[""])
    th = b.call("base::seq", 0, 1, by=0.01)
    dd = b.to_py(b.call("helper:dca_plain", cohort, "y", "risk", fitted_risk=True, thresholds=th,
                        bootstraps=50, seed=calls["set_seed_before_call"], level=0.95))
    cmp = parity_case("study-twin-dca-vs-rmda-golden").describe(
        call=f"set.seed({calls['set_seed_before_call']}); {calls['call']}  [rmda 1.6, stored golden]",
        data=cohort, golden=True)
    for c in dd.columns:
        if c == "model":
            cmp.add("study.text.twin_vs_golden.dca.model", list(dd[c]), list(g[c]))
        else:
            cmp.add(f"study.twin_vs_golden.dca.{c}", np.asarray(dd[c], float), g[c].to_numpy(float))
    cmp.assert_ok()


@pytest.mark.r
@pytest.mark.golden
def test_twin_hoslem_equals_resourceselection_golden(r_bridge, parity_case):
    b = _bridge(r_bridge)
    cohort = pd.read_csv(GOLD / "cohort.csv")
    cases = json.loads((GOLD / "hoslem.json").read_text())
    cmp = parity_case("study-twin-hoslem-vs-golden").describe(
        call="ResourceSelection::hoslem.test(cohort$y, risk, g)  [0.3-6, stored golden]", data=cohort, golden=True)
    for c in cases:
        h = b.to_py(b.call("helper:twin_hoslem", cohort["y"].to_numpy(float), cohort[c["risk_column"]].to_numpy(float),
                           g=c["g"]))
        cmp.add("study.twin_vs_golden.hoslem.statistic", float(h["statistic"][0]), c["statistic"])
        cmp.add("study.twin_vs_golden.hoslem.p_value", float(h["p_value"][0]), c["p_value"])
        cmp.add("study.twin_vs_golden.hoslem.df", int(h["df"][0]), c["df"])
        cmp.add("study.twin_vs_golden.hoslem.observed", h["observed"].ravel(order="F"), c["observed_y0_then_y1"])
        cmp.add("study.twin_vs_golden.hoslem.expected", h["expected"].ravel(order="F"), c["expected_y0_then_y1"])
    cmp.assert_ok()


@pytest.mark.r
def test_twin_command_line(tmp_path, parity_case):
    """`Rscript parity/r/study_twin.R DATA.csv CONFIG.json OUT.json` alone, against run_study
    (lambda.1se, all LASSO-selected variables kept; a reference model with cut-offs, so the command line sources
    reclass.R)."""
    rscript = shutil.which("Rscript")
    if rscript is None:
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail("CI=true: Rscript is required")
        pytest.skip("Rscript not found")
    cfg = StudyConfig.from_dict({**TINY, **COMPARE})
    (tmp_path / "cfg.json").write_text(json.dumps(cfg.to_dict()))
    out = tmp_path / "twin.json"
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1")
    p = subprocess.run([rscript, str(TWIN), str(COHORT), str(tmp_path / "cfg.json"), str(out)],
                       capture_output=True, text=True, env=env, timeout=300)
    assert p.returncode == 0, p.stderr
    r = json.loads(out.read_text())
    assert r["provenance"]["input_file"] == COHORT.name
    py = run_study(read_csv(COHORT), cfg)
    cmp = parity_case("study-twin-cli-1se").describe(call=f"Rscript parity/r/study_twin.R {COHORT.name} cfg.json "
                                                         f"out.json  config={json.dumps(cfg.to_dict())}",
                                                     data=read_csv(COHORT))
    _compare_results(py, r, cmp)
    cmp.assert_ok()


@pytest.mark.r
def test_twin_cli_usage_error(tmp_path):
    rscript = shutil.which("Rscript")
    if rscript is None:
        pytest.skip("Rscript not found")
    p = subprocess.run([rscript, str(TWIN), str(COHORT)], capture_output=True, text=True, timeout=120)
    assert p.returncode == 2 and "usage" in p.stderr


@pytest.mark.r
@pytest.mark.slow
def test_study_matches_r_twin_study_defaults(r_bridge, parity_case):
    """The study's own recipe: B = 1000 for calibrate and validate, 500 DCA bootstraps."""
    cfg, py, r, _ = _run_both(r_bridge, {})
    assert cfg.calibration_B == 1000 and cfg.dca_bootstraps == 500
    cmp = parity_case("study-twin-defaults").describe(call=R_CALL + " config=StudyConfig() defaults",
                                                      data=read_csv(COHORT))
    _compare_results(py, r, cmp)
    cmp.assert_ok()


@pytest.mark.r
def test_caret_split_study_matches_r_twin(r_bridge, parity_case):
    """``[split] method = "caret"``: the shipped cohort (319 patients, 117 events) splits 224 / 95 as the CMVT
    study reports, stratified on the outcome, and every number of results.json equals the twin's; in the same
    run ``[calibration] validation = "refit"`` (lrm refitted on the validation group, calibrate(B) after
    set.seed), compared with the twin including calibrate's table of the refitted model."""
    r_bridge.library("caret")
    cfg, py, r, extra = _run_both(r_bridge, {**TINY, "split_method": "caret", "calibration_validation": "refit"})
    assert (py.split.n_training, py.split.n_validation) == (224, 95)
    assert (py.split.events_training, py.split.events_validation) == (82, 35)  # ceiling(117 * 0.7) = 82
    cmp = parity_case("study-twin-caret").describe(
        call=R_CALL.replace("sort(sample(n, round(0.7*n)))", "createDataPartition(factor(y), p = 0.7, list = FALSE)")
        + f" config={json.dumps(cfg.to_dict())}", data=read_csv(COHORT))
    cmp.add("study.split.train", py.split.training_rows + 1, extra["split"]["train"])
    _compare_results(py, r, cmp)
    assert r["validation"]["calibration"]["mode"] == "refit" == py.calibration.validation.mode
    vt, ct = py.tables["calibration_validation_refit"], extra["calibration_table_validation"]
    assert ct.shape == vt.shape
    for j, c in enumerate(vt.columns):
        cmp.add(f"study.calibration_table.validation_refit.{c}", vt[c].to_numpy(float), ct[:, j])
    cmp.assert_ok()


#: issue 22: the model given by a formula ([model] formula), no LASSO
FORMULA = "cmvt ~ rcs(post_nlr, 3) + age_group + female"


@pytest.mark.r
@pytest.mark.parametrize("validation", ["external", "refit"])
def test_formula_study_matches_r_twin(r_bridge, parity_case, validation):
    """``[model] formula``: LASSO skipped (``lasso: null``), ``lrm(formula, data = train, x = TRUE, y = TRUE)``,
    and every later step (nomogram, Hosmer-Lemeshow, ROC, calibrate, validate, val.prob or the refit, DCA, the
    comparison) on that fit; every number of results.json equals the twin's, which rebuilds the formula from its
    nodes."""
    cfg, py, r, extra = _run_both(r_bridge, {**TINY, **COMPARE, "formula": FORMULA,
                                             "calibration_validation": validation})
    assert py.lasso is None and py.model.formula == FORMULA
    assert py.model.variables_final == ["post_nlr", "age_group", "female"]
    assert list(py.model.coef.index) == ["Intercept", "post_nlr", "post_nlr'", "age_group", "female"]
    d = json.loads(json.dumps(py.to_json_dict(), allow_nan=True))
    assert d["lasso"] is None and d["model"]["formula"] == FORMULA
    assert set(py.nomogram.to_dict()["axes"]) == {"post_nlr", "age_group", "female"}
    cmp = parity_case(f"study-twin-formula-{validation}").describe(
        call=R_CALL.replace("lrm(y ~ ., x=TRUE, y=TRUE)", f"lrm({FORMULA}, data = train, x=TRUE, y=TRUE)")
        + f" config={json.dumps(cfg.to_dict())}", data=read_csv(COHORT))
    assert "lasso" in r and r["lasso"] is None  # the twin's JSON null too
    _compare_results(py, r, cmp, skip=("provenance", "lasso"))
    cmp.add("study.fitted.training", py.model.fit.fitted, extra["fitted"]["training"])
    X, _ = load_cohort(read_csv(COHORT), cfg.outcome, None)
    Xv = X.loc[~np.isin(np.arange(len(X)), py.split.training_rows)]
    cmp.add("study.fitted.validation", np.asarray(py.model.fit.predict(Xv, type="fitted"), float),
            extra["fitted"]["validation"])
    cmp.assert_ok()
    assert len(cmp.records) > 200

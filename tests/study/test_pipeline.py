"""The study workflow end to end: `cmvt analyze`, its outputs, errors and atomic writing."""
from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys

import pandas as pd
import pytest

from cmvt_core import InputError
from cmvt_core.datasets import study_config_path
from cmvt_core.cli import main
from cmvt_core.study import StudyConfig

from _paths import COHORT  # noqa: E402

from _configs import QUICK  # noqa: E402


@pytest.fixture(scope="module")
def quick_config(tmp_path_factory):
    p = tmp_path_factory.mktemp("cfg") / "study.toml"
    p.write_text(QUICK)
    return p


@pytest.fixture(scope="module")
def analyzed(tmp_path_factory, quick_config):
    out = tmp_path_factory.mktemp("run") / "report"
    code = main(["analyze", str(COHORT), "--outcome", "cmvt", "--out", str(out), "--config", str(quick_config), "--quiet"])
    assert code == 0
    return out


def test_outputs_and_contract_keys(analyzed):
    res = json.loads((analyzed / "results.json").read_text())
    for key in ("provenance", "baseline", "lasso", "model", "hosmer_lemeshow", "nomogram", "training", "validation"):
        assert key in res, key
    for grp in ("training", "validation"):
        roc = res[grp]["roc"]
        for k in ("auc", "ci_lower", "ci_upper", "threshold", "sensitivity", "specificity"):
            assert isinstance(roc[k], float), (grp, k)
        assert 0.5 < roc["auc"] <= 1 and roc["ci_lower"] < roc["auc"] <= roc["ci_upper"]
        for k in ("sensitivity_ci", "specificity_ci"):  # issue 18: ci.coords bootstrap percentiles in [0, 1]
            assert 0 <= roc[k][0] <= roc[k][1] <= 1, (grp, k)
        cal = res[grp]["calibration"]
        for k in ("mean_abs_error", "mean_sq_error", "quantile90_abs_error"):
            assert 0 <= cal[k] < 0.5, (grp, k)
        assert "dca" in res[grp] and len(res[grp]["dca"]["nb_model"]) == 101
    prov = res["provenance"]
    assert prov["input_sha256"] == hashlib.sha256(COHORT.read_bytes()).hexdigest()
    assert prov["seed"] == 2024 and {"numpy", "scipy", "pandas", "python"} <= set(prov["versions"])
    assert res["model"]["variables_final"] and set(res["model"]["variables_final"]) <= set(res["lasso"]["selected"])
    # figures as PNG and SVG, tables as CSV
    for name in ("roc", "nomogram", "lasso_path", "lasso_cv", "calibration_training", "calibration_validation",
                 "dca_training", "dca_validation", "impact_training", "impact_validation"):
        assert (analyzed / "figures" / f"{name}.png").stat().st_size > 1000
        assert (analyzed / "figures" / f"{name}.svg").read_text().lstrip().startswith("<?xml")
    for name in ("baseline_split", "baseline_outcome", "model_final", "calibration_training", "dca_training",
                 "clinical_impact_training", "clinical_impact_validation"):
        assert len(pd.read_csv(analyzed / "tables" / f"{name}.csv")) > 0


def test_report_is_self_contained_and_complete(analyzed):
    html = (analyzed / "report.html").read_text()
    assert not re.search(r"""(src|href)=["']?(https?:|//|file:)""", html)  # nothing fetched from elsewhere
    assert html.count("data:image/png;base64,") == 10
    for heading in ("baseline", "LASSO", "Multivariable", "Nomogram", "Discrimination", "Calibration", "decision curves"):
        assert heading.lower() in html.lower()
    res = json.loads((analyzed / "results.json").read_text())
    assert f"{res['training']['roc']['auc']:.3f}" in html


def test_same_seed_same_numbers(analyzed, quick_config, tmp_path):
    out = tmp_path / "again"
    assert main(["analyze", str(COHORT), "--out", str(out), "--config", str(quick_config), "--quiet", "--no-figures"]) == 0
    a = json.loads((analyzed / "results.json").read_text())
    b = json.loads((out / "results.json").read_text())
    a.pop("provenance"), b.pop("provenance")
    assert a == b


def test_json_to_stdout_and_quiet(quick_config, tmp_path):
    out = tmp_path / "j"
    proc = subprocess.run([sys.executable, "-m", "cmvt_core.cli", "analyze", str(COHORT), "--out", str(out),
                           "--config", str(quick_config), "--json", "--no-figures"],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    printed = json.loads(proc.stdout)
    assert printed["training"]["roc"] == json.loads((out / "results.json").read_text())["training"]["roc"]
    assert proc.stderr == ""


def test_progress_on_stderr(quick_config, tmp_path):
    proc = subprocess.run([sys.executable, "-m", "cmvt_core.cli", "analyze", str(COHORT), "--out", str(tmp_path / "p"),
                           "--config", str(quick_config), "--no-figures"], capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0
    assert "LASSO" in proc.stderr and "calibration" in proc.stderr


@pytest.mark.parametrize("mutate,needle", [
    (lambda df: df.drop(columns=["cmvt"]), "cmvt"),
    (lambda df: df.assign(cmvt=df["cmvt"].replace({1: 2})), "0/1"),
    (lambda df: df.assign(pre_crp=df["pre_crp"].astype(object).where(df.index != 7, "high")), "row"),
])
def test_bad_input_exits_2_and_leaves_nothing(tmp_path, quick_config, capsys, mutate, needle):
    df = pd.read_csv(COHORT)
    bad = tmp_path / "bad.csv"
    mutate(df).to_csv(bad, index=False)
    out = tmp_path / "out"
    code = main(["analyze", str(bad), "--outcome", "cmvt", "--out", str(out), "--config", str(quick_config), "--quiet"])
    err = capsys.readouterr().err
    assert code == 2 and needle in err and err.count("\n") == 1
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["bad.csv"]  # no temporary folder left either


def test_error_midway_leaves_previous_output_intact(analyzed, tmp_path, quick_config, monkeypatch):
    import shutil


    out = tmp_path / "keep"
    shutil.copytree(analyzed, out)
    before = sorted(p.relative_to(out).as_posix() for p in out.rglob("*"))

    def boom(*a, **k):
        raise InputError("simulated failure while writing the report")

    monkeypatch.setattr("cmvt_core.study.report.write_report", boom)
    assert main(["analyze", str(COHORT), "--out", str(out), "--config", str(quick_config), "--quiet", "--no-figures"]) == 2
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == before
    assert [p.name for p in tmp_path.iterdir()] == ["keep"]


def test_refuses_to_overwrite_a_foreign_folder(tmp_path, quick_config, capsys):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "thesis.docx").write_text("precious")
    assert main(["analyze", str(COHORT), "--out", str(out), "--config", str(quick_config), "--quiet"]) == 2
    assert (out / "thesis.docx").read_text() == "precious"
    assert "refusing" in capsys.readouterr().err


def test_config_validation(tmp_path):
    p = tmp_path / "c.toml"
    p.write_text('[study]\noutcome = "cmvt"\nsplit_ratio = 1.5\n')
    with pytest.raises(InputError, match="split_ratio"):
        StudyConfig.from_toml(p)
    p.write_text('[lasso]\ntype_measure = "roc"\n')
    with pytest.raises(InputError, match="type_measure"):
        StudyConfig.from_toml(p)
    p.write_text('bogus_key = 1\n')
    with pytest.raises(InputError, match="bogus_key"):
        StudyConfig.from_toml(p)
    p.write_text('[calibration]\nB = 0\n')
    with pytest.raises(InputError, match="B"):
        StudyConfig.from_toml(p)
    p.write_text('this is = = not toml')
    with pytest.raises(InputError, match="TOML"):
        StudyConfig.from_toml(p)
    cfg = StudyConfig()
    assert (cfg.split_ratio, cfg.lasso_type_measure, cfg.lasso_nfolds, cfg.calibration_B) == (0.7, "mse", 10, 1000)


def test_shipped_study_config_is_the_default_recipe():
    assert StudyConfig.from_toml(study_config_path()) == StudyConfig()


# ----------------------------------------------------------------------------- the study TOML, section by section
SECTIONS = ("[study], [split], [lasso], [model], [hl], [roc], [calibration], [validation], [dca], [compare], "
            "[survival]")


@pytest.mark.parametrize("text,message", [
    # a key in the wrong section: it used to land silently on another field ([dca] alpha set the model's alpha)
    ("[dca]\nalpha = 0.2\n",
     "config: unknown key [dca] alpha; [dca] accepts: bootstraps, confidence, thresholds_by (alpha belongs in [model])"),
    ("[study]\nB = 5\n", "config: unknown key [study] B; [study] accepts: outcome, predictors, seed, split_ratio "
                         "(B belongs in [calibration] or [validation])"),
    ("[lasso]\nnfold = 5\n", "config: unknown key [lasso] nfold; [lasso] accepts: nfolds, type_measure"),
    ("[lasso]\nlasso_nfolds = 5\n", "config: unknown key [lasso] lasso_nfolds; [lasso] accepts: nfolds, type_measure "
                                    "(lasso_nfolds is written [lasso] nfolds)"),
    ("[dca]\ndca_alpha = 0.2\n", "config: unknown key [dca] dca_alpha; [dca] accepts: bootstraps, confidence, thresholds_by"),
    ("[calibration]\nb = 20\n", "config: unknown key [calibration] b; [calibration] accepts: B, validation "
                                 "(did you mean B?)"),
    ("[hl]\ngroups = 10\n[dca.extra]\nx = 1\n",
     "config: unknown key [dca] extra; [dca] accepts: bootstraps, confidence, thresholds_by"),
    # unknown sections, keys outside any section
    ("[plots]\ndpi = 300\n", f"config: unknown section [plots]; known sections: {SECTIONS}"),
    ("seed = 7\n", "config: key seed is outside any section (seed belongs in [study])"),
    ("B = 7\n", "config: key B is outside any section (B belongs in [calibration] or [validation])"),
    ("calibration_B = 7\n", "config: key calibration_B is outside any section (calibration_B is written [calibration] B)"),
    ("bogus_key = 1\n", f"config: unknown key bogus_key outside any section; settings go in the sections {SECTIONS}"),
    ("dca = 3\n", "config: dca = 3 must be the section [dca] with keys bootstraps, confidence, thresholds_by"),
    # wrong values, named as the file names them
    ("[calibration]\nB = -1\n", "config: [calibration] B = -1 must be a whole number >= 1 (B = 0 has no bootstrap)"),
    ("[validation]\nB = 2.5\n", "config: [validation] B = 2.5 must be a whole number >= 1 (B = 0 has no bootstrap)"),
    ("[dca]\nbootstraps = -3\n", "config: [dca] bootstraps = -3 must be a whole number >= 0"),
    ("[lasso]\nnfolds = 2\n", "config: [lasso] nfolds = 2 must be a whole number >= 3"),
    ("[lasso]\ntype_measure = \"roc\"\n", "config: [lasso] type_measure = \"roc\" must be deviance, mse, class or auc"),
    ("[model]\nkeep_significant = \"no\"\n", "config: [model] keep_significant = \"no\" must be true or false"),
    ("[model]\nalpha = 1\n", "config: [model] alpha = 1 must be between 0 and 1"),
    ("[study]\nseed = 99999999999\n", "config: [study] seed = 99999999999 must be an integer in R's range (|seed| < 2^31)"),
    ("[study]\npredictors = \"age\"\n", "config: [study] predictors = \"age\" must be a list of column names"),
    ("[dca]\nconfidence = 1.5\n", "config: [dca] confidence = 1.5 must be in (0, 1)"),
    ("[dca]\nthresholds_by = 0.6\n", "config: [dca] thresholds_by = 0.6 must be in (0, 0.5]"),
    # issue 18
    ("[calibration]\nvalidation = \"bootstrap\"\n",
     "config: [calibration] validation = \"bootstrap\" must be 'external' (rms::val.prob of the training model's "
     "predictions in the validation group) or 'refit' (lrm refitted on the validation group, then calibrate(B): "
     "does not validate the training model)"),
    ("validation = \"refit\"\n", "config: validation = \"refit\" must be the section [validation] with keys B "
                                "(validation belongs in [calibration])"),
    ("[roc]\nboot_n = 0\n", "config: [roc] boot_n = 0 must be a whole number >= 1 (B = 0 has no bootstrap)"),
    ("[compare]\nreference = \"age\"\n",
     "config: [compare] reference = \"age\" must be a list of column names (the reference model's predictors)"),
    ("[compare]\nreference = [\"age\", \"age\"]\n", "config: [compare] reference = [\"age\", \"age\"] names column 'age' twice"),
    ("[compare]\nreference = [\"cmvt\"]\n", "config: [compare] reference = [\"cmvt\"] names the outcome column 'cmvt'"),
    ("[compare]\nreference = [\"age\"]\ncutoffs = [0.2, 1.0]\n",
     "config: [compare] cutoffs = [0.2, 1.0] holds 1.0, outside (0, 1) (0 and 1 are implied)"),
    ("[compare]\nreference = [\"age\"]\ncutoffs = [0, 0.5]\n",
     "config: [compare] cutoffs = [0, 0.5] holds 0, outside (0, 1) (0 and 1 are implied)"),
    ("[compare]\nreference = [\"age\"]\ncutoffs = [0.4, 0.2]\n",
     "config: [compare] cutoffs = [0.4, 0.2] must be strictly increasing"),
    ("[compare]\nreference = [\"age\"]\ncutoffs = []\n",
     "config: [compare] cutoffs = [] must be a non-empty list of risk cut-offs in (0, 1)"),
    ("[compare]\ncutoffs = [0.2]\n",
     "config: [compare] cutoffs = [0.2] needs a reference model to compare with ([compare] reference = [...])"),
    ("[compare]\nboot = -1\n", "config: [compare] boot = -1 must be a whole number >= 0"),
])
def test_config_sections_name_the_key(tmp_path, text, message):
    p = tmp_path / "c.toml"
    p.write_text(text)
    with pytest.raises(InputError) as info:
        StudyConfig.from_toml(p)
    assert str(info.value) == message


def test_every_toml_key_sets_its_field(tmp_path):
    from cmvt_core.study import TOML_SECTIONS

    p = tmp_path / "c.toml"
    p.write_text('[study]\noutcome = "y"\npredictors = ["a", "b"]\nseed = -3\nsplit_ratio = 0.6\n'
                 '[split]\nmethod = "caret"\n[lasso]\ntype_measure = "auc"\nnfolds = 5\n'
                 '[model]\nlambda_rule = "1se"\nkeep_significant = false\nalpha = 0.1\n'
                 '[hl]\ngroups = 8\n[roc]\nboot_n = 300\n[calibration]\nB = 30\nvalidation = "refit"\n'
                 '[validation]\nB = 40\n[dca]\nbootstraps = 7\nthresholds_by = 0.05\nconfidence = 0.9\n'
                 '[compare]\nreference = ["c"]\ncutoffs = [0.1, 0.3]\nboot = 50\n'
                 '[survival]\ntime = "t"\nevent = "e"\ntimes = [1, 2.5]\nunit = "years"\nm = 60\n')
    got = StudyConfig.from_toml(p)
    assert got == StudyConfig.from_dict({
        "outcome": "y", "predictors": ["a", "b"], "seed": -3, "split_ratio": 0.6, "lasso_type_measure": "auc",
        "lasso_nfolds": 5, "lambda_rule": "1se", "keep_significant": False, "alpha": 0.1, "hl_groups": 8,
        "calibration_B": 30, "validation_B": 40, "dca_bootstraps": 7, "dca_thresholds_by": 0.05, "dca_confidence": 0.9,
        "split_method": "caret", "roc_boot_n": 300, "calibration_validation": "refit", "compare_reference": ["c"],
        "compare_cutoffs": [0.1, 0.3], "compare_boot": 50, "survival_time": "t", "survival_event": "e",
        "survival_times": [1, 2.5], "survival_unit": "years", "survival_m": 60})
    assert got != StudyConfig() and all(getattr(got, f) != getattr(StudyConfig(), f)
                                        for keys in TOML_SECTIONS.values() for f in keys.values() if f != "formula")
    # [model] formula is for the binary study (refused with [survival]): set on its own
    p.write_text('[model]\nformula = "cmvt ~ a + rcs(b, 3)"\n')
    assert StudyConfig.from_toml(p).formula == "cmvt ~ a + rcs(b, 3)"


def test_toml_overrides_win_and_are_named_by_field(tmp_path):
    p = tmp_path / "c.toml"
    p.write_text('[study]\nseed = 3\npredictors = ["a"]\n[calibration]\nB = 30\n')
    cfg = StudyConfig.from_toml(p, seed=5, predictors=["b", "c"], outcome=None)
    assert (cfg.seed, cfg.predictors, cfg.outcome, cfg.calibration_B) == (5, ["b", "c"], "cmvt", 30)
    p.write_text('[study]\nseed = 99999999999\n')  # overridden: the file's bad seed does not matter
    assert StudyConfig.from_toml(p, seed=1).seed == 1
    with pytest.raises(InputError, match=r"^config: seed=2147483648 must be"):
        StudyConfig.from_toml(p, seed=2**31)
    with pytest.raises(InputError, match="unknown config key.*'sead'"):
        StudyConfig.from_toml(p, sead=1)


def test_from_dict_keeps_flat_field_names():
    cfg = StudyConfig.from_dict({"alpha": 0.1, "dca_bootstraps": 5, "calibration_B": 30})
    assert (cfg.alpha, cfg.dca_bootstraps, cfg.calibration_B) == (0.1, 5, 30)
    assert StudyConfig.from_dict(cfg.to_dict()) == cfg
    with pytest.raises(InputError, match=r"^config: calibration_B=-1 must be a whole number >= 1"):
        StudyConfig.from_dict({"calibration_B": -1})
    with pytest.raises(InputError, match=r"unknown config key\(s\): 'dca_alpha'"):
        StudyConfig.from_dict({"dca_alpha": 0.2})


@pytest.mark.parametrize("key,field", [("[calibration]\nB", "calibration"), ("[validation]\nB", "validation"),
                                       ("[dca]\nbootstraps", "dca")])
def test_a_huge_bootstrap_count_fails_at_the_config_before_any_work(tmp_path, key, field):
    """Issue 15: `[calibration] B = 1000000000` used to run until killed; now the config says no at once."""
    p = tmp_path / "c.toml"
    p.write_text(f"{key} = 1000000000\n")
    with pytest.raises(InputError, match=r"= 1000000000 must be at most 100000"):
        StudyConfig.from_toml(p)

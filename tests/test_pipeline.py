"""The study workflow end to end: `cmvt analyze`, its outputs, errors and atomic writing."""
from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from cmvt_core import InputError
from cmvt_core.datasets import study_config_path
from cmvt_core.cli import main
from cmvt_core.pipeline import StudyConfig

ROOT = Path(__file__).resolve().parents[1]
from _paths import COHORT  # noqa: E402

QUICK = """
[study]
outcome = "cmvt"
seed = 2024

[calibration]
B = 40

[validation]
B = 40

[dca]
bootstraps = 20
"""


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
                 "dca_training", "dca_validation"):
        assert (analyzed / "figures" / f"{name}.png").stat().st_size > 1000
        assert (analyzed / "figures" / f"{name}.svg").read_text().lstrip().startswith("<?xml")
    for name in ("baseline_split", "baseline_outcome", "model_final", "calibration_training", "dca_training"):
        assert len(pd.read_csv(analyzed / "tables" / f"{name}.csv")) > 0


def test_report_is_self_contained_and_complete(analyzed):
    html = (analyzed / "report.html").read_text()
    assert not re.search(r"""(src|href)=["']?(https?:|//|file:)""", html)  # nothing fetched from elsewhere
    assert html.count("data:image/png;base64,") == 8
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

    from cmvt_core import pipeline

    out = tmp_path / "keep"
    shutil.copytree(analyzed, out)
    before = sorted(p.relative_to(out).as_posix() for p in out.rglob("*"))

    def boom(*a, **k):
        raise InputError("simulated failure while writing the report")

    monkeypatch.setattr("cmvt_core.report.write_report", boom)
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

"""``cmvt analyze DATA.csv --time COL --event COL`` (issue 20): the survival study through the command line.

Bad input is exit 2 with one error line and nothing written (no --out folder, nothing beside it).
"""
from __future__ import annotations

import json

import pandas as pd
import pytest

from cmvt_core.cli import main
from cmvt_core.study.survival import WIRED_STEPS

from _paths import ROOT  # noqa: E402

GBSG = ROOT / "src" / "cmvt_core" / "data" / "survival" / "gbsg.csv"
PRED = "age,nodes,pgr,hormon"
#: small bootstraps for the plugged steps (calibration, validate, decision curves) when their ports are present
QUICK = "[calibration]\nB = 10\n[validation]\nB = 10\n[dca]\nbootstraps = 3\nthresholds_by = 0.05\n[lasso]\nnfolds = 5\n"


def _csv(tmp_path, edit) -> str:
    d = pd.read_csv(GBSG, dtype=str, keep_default_na=False)
    edit(d)
    p = tmp_path / "cohort.csv"
    d.to_csv(p, index=False)
    return str(p)


def _refused(argv, tmp_path, capsys) -> str:
    out = tmp_path / "r"
    before = sorted(p.name for p in tmp_path.iterdir())
    assert main(["analyze", *argv, "--out", str(out), "--quiet", "--no-figures"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("cmvt: error: ") and err.count("\n") == 1, err
    assert not out.exists() and sorted(p.name for p in tmp_path.iterdir()) == before
    return err


def _set(col, row, value):
    def edit(d):
        d.loc[row, col] = value
    return edit


def _recode_event(d):
    d["status"] = (d["status"].astype(int) + 1).astype(str)


@pytest.mark.parametrize("extra,edit,message", [
    (["--time", "rfstime"], None,
     "config: survival_time='rfstime' needs the other survival column too (set [survival] event, or --time and "
     "--event together)"),
    (["--event", "status"], None, "config: survival_event='status' needs the other survival column too"),
    (["--time", "status", "--event", "status"], None, "must differ from the time column"),
    (["--time", "rfs", "--event", "status"], None, "time column 'rfs' not found; columns are"),
    (["--time", "rfstime", "--event", "status"], _set("rfstime", 4, "abc"),
     "column 'rfstime': non-numeric value 'abc' in data row 5 (line 6 of the file)"),
    (["--time", "rfstime", "--event", "status"], _set("rfstime", 3, "-5"),
     "time column 'rfstime' has a negative time -5 in data row 4: follow-up times are >= 0"),
    (["--time", "rfstime", "--event", "status"], _set("rfstime", 6, ""),
     "column 'rfstime' has missing values in data row(s) 7"),
    (["--time", "rfstime", "--event", "status"], _recode_event,
     "event column 'status' must be 0/1 (1 = event, 0 = censored); it holds 1, 2 (survival's 1/2 coding"),
    (["--time", "rfstime", "--event", "status"], _set("status", 0, "3"),
     "event column 'status' must be 0/1 (1 = event, 0 = censored); it holds 0, 1, 3"),
    (["--time", "rfstime", "--event", "status", "--times", "365,5000"], None,
     "times ([survival] times, --times) position 2 = 5000 is beyond follow-up: the longest follow-up time of the "
     "validation group is 2563 days"),
    (["--time", "rfstime", "--event", "status", "--times", "10"], None,
     "position 1 = 10 is before the training group's first event (72 days)"),
    (["--time", "rfstime", "--event", "status", "--times", "1000,500"], None,
     "survival_times=[1000.0, 500.0] must be strictly increasing"),
    (["--time", "rfstime", "--event", "status", "--predictors", "age,rfstime"], None,
     "predictor 'rfstime' is the time column"),
])
def test_survival_bad_input_is_one_line_and_nothing_written(extra, edit, message, tmp_path, capsys):
    data = _csv(tmp_path, edit) if edit else str(GBSG)
    args = [data, *extra]
    if "--predictors" not in extra:
        args += ["--predictors", PRED]
    err = _refused(args, tmp_path, capsys)
    assert message in err, err


def test_survival_times_not_a_number_is_a_usage_error(tmp_path, capsys):
    assert main(["analyze", str(GBSG), "--time", "rfstime", "--event", "status", "--times", "1y",
                 "--out", str(tmp_path / "r")]) == 2
    err = capsys.readouterr().err
    assert "argument --times: '1y' is not a number" in err and not (tmp_path / "r").exists()


def test_survival_default_times_beyond_follow_up(tmp_path, capsys):
    """Times in years but the unit left at days: 1, 3, 5 are before the first event, so none is allowed."""
    cfg = tmp_path / "s.toml"
    cfg.write_text('[survival]\ntime = "rfstime"\nevent = "status"\nunit = "years"\n')
    err = _refused([str(GBSG), "--config", str(cfg), "--predictors", PRED], tmp_path, capsys)
    assert "no default time (1, 3, 5 years = 1, 3, 5 years) is within follow-up" in err


def test_survival_study_through_the_config(tmp_path, capsys):
    """[survival] in the study TOML runs the survival recipe: results.json, report.html and tables/ (no figures)."""
    cfg = tmp_path / "s.toml"
    cfg.write_text('[study]\npredictors = ["age", "nodes", "pgr", "hormon"]\nseed = 3\n'
                   '[survival]\ntime = "rfstime"\nevent = "status"\ntimes = [730, 1460]\n' + QUICK)
    out = tmp_path / "r"
    assert main(["analyze", str(GBSG), "--config", str(cfg), "--out", str(out), "--quiet", "--no-figures"]) == 0
    res = json.loads((out / "results.json").read_text())
    assert res["study"] == "survival" and res["survival"]["times"] == [730.0, 1460.0]
    assert res["survival"]["times_rule"] == "config"
    assert res["model"]["variables"] == res["selection"]["selected"]
    assert set(res["model"]["variables"]) <= {"age", "nodes", "pgr", "hormon"}
    assert res["provenance"]["config"]["seed"] == 3 and res["provenance"]["input_file"] == "gbsg.csv"
    c = res["validation"]["c_index"]
    assert c["lower"] < c["estimate"] < c["upper"]
    html = (out / "report.html").read_text(encoding="utf-8")
    # the report's sentence is made of the numbers results.json holds
    assert f"validation group {c['estimate']:.3f} (95% CI {c['lower']:.3f}-{c['upper']:.3f})" in html
    tables = sorted(p.name for p in (out / "tables").iterdir())
    assert {"baseline_split.csv", "c_index.csv", "model_cph.csv"} <= set(tables)
    assert ("calibration_training_t730.csv" in tables) == ("calibration" in WIRED_STEPS)
    assert ("dca_validation_t1460.csv" in tables) == ("dca" in WIRED_STEPS)
    assert res["steps"] == list(WIRED_STEPS)
    if "calibration" in WIRED_STEPS:
        # the validation group's calibration (default "external": groupkm of the training model's predictions),
        # its table as CSV and the report's sentence made of its numbers
        vcal = res["validation"]["calibration"]
        assert [v["time"] for v in vcal] == [730.0, 1460.0] and {v["mode"] for v in vcal} == {"external"}
        for v in vcal:
            t = int(v["time"])
            csv = pd.read_csv(out / "tables" / f"calibration_validation_external_t{t}.csv")
            assert list(csv.columns) == ["x", "n", "events", "KM", "std_err"] and len(csv) == len(v["table"])
            assert int(csv["n"].sum()) == v["n"] == res["split"]["n_validation"]
            assert f"weighted by the group sizes, is {v['mean_abs_error']:.3f}" in html


def test_survival_study_flags_and_figures(tmp_path, capsys):
    """--time/--event with the default times (365, 1095, 1825 days on gbsg) and the figures."""
    out = tmp_path / "r"
    cfg = tmp_path / "s.toml"
    cfg.write_text(QUICK)
    assert main(["analyze", str(GBSG), "--time", "rfstime", "--event", "status", "--predictors", PRED,
                 "--config", str(cfg), "--out", str(out), "--quiet", "--json"]) == 0
    res = json.loads(capsys.readouterr().out)
    assert res["survival"]["times"] == [365.0, 1095.0, 1825.0] and res["survival"]["times_rule"] == "default"
    assert [a["time"] for a in res["nomogram"]["survival_axes"]] == [365.0, 1095.0, 1825.0]
    figs = {p.name for p in (out / "figures").iterdir()}
    assert {"km_training.png", "km_training.svg", "nomogram.png", "nomogram.svg"} <= figs
    assert ("time_roc_validation.png" in figs) == ("time_auc" in WIRED_STEPS)
    assert ("calibration_validation_t1095.png" in figs) == ("calibration" in WIRED_STEPS)

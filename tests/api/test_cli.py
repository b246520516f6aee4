"""The ``cmvt`` command line: --version, --help of every command (``cutoff`` included), argument errors,
``python -m cmvt_core``, ``analyze --predictors/--seed`` overriding the config, and missing optional packages
as one-line errors."""
from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pandas as pd
import pytest

import cmvt_core
from cmvt_core.cli import build_parser, main
from cmvt_core.cli_cutoff import cutoff_main
from cmvt_core.lasso import fold_ids


from _paths import COHORT  # noqa: E402
N_TRAIN = 223  # round(0.7 * 319)

# small B and no DCA bootstraps: a whole study in a few seconds
from _configs import FAST  # noqa: E402


def _commands() -> list[str]:
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    return sorted(sub.choices)


@pytest.fixture
def fast_config(tmp_path):
    p = tmp_path / "fast.toml"
    p.write_text(FAST, encoding="utf-8")
    return p


@pytest.fixture
def scores(tmp_path):
    p = tmp_path / "s.csv"
    pd.DataFrame({"s": [0, 1, 1, 2, 2, 3, 3, 4], "y": [0, 0, 1, 0, 1, 1, 0, 1]}).to_csv(p, index=False)
    return p


def _python(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, timeout=300, cwd=cwd)


# ----------------------------------------------------------------------------- --version, --help
def test_version(capsys):
    assert main(["--version"]) == 0
    out = capsys.readouterr()
    assert out.out == f"cmvt-core {cmvt_core.__version__}\n" and out.err == ""


def test_every_command_is_listed():
    assert {"analyze", "cutoff", "demo"} <= set(_commands())


@pytest.mark.parametrize("command", [None, *_commands()])
def test_help_of_every_command(command, capsys):
    argv = [command, "--help"] if command else ["--help"]
    assert main(argv) == 0
    out = capsys.readouterr()
    assert out.err == ""
    assert out.out.startswith(f"usage: cmvt {command} " if command else "usage: cmvt ")
    if command == "cutoff":  # a normal subcommand now, with its own arguments in its help
        for flag in ("data", "--score", "--outcome", "--out", "--pt", "--cutoffs"):
            assert flag in out.out, flag
    if command == "analyze":
        for flag in ("--predictors", "--seed", "--config", "--no-figures"):
            assert flag in out.out, flag


@pytest.mark.parametrize("argv,error", [
    ([], "cmvt: error: the following arguments are required: command"),
    (["nonsense"], "cmvt: error: argument command: invalid choice: 'nonsense'"),
    (["cutoff", "x.csv"], "cmvt cutoff: error: the following arguments are required: --score, --outcome"),
    (["cutoff", "x.csv", "--score", "s", "--outcome", "y", "--pt", "abc"],
     "cmvt cutoff: error: argument --pt: invalid float value: 'abc'"),
    (["cutoff", "x.csv", "--score", "s", "--outcome", "y", "--bogus"], "cmvt: error: unrecognized arguments: --bogus"),
    (["analyze", "x.csv"], "cmvt analyze: error: the following arguments are required: --out"),
    (["analyze", "x.csv", "--out", "o", "--seed", "1.5"], "cmvt analyze: error: argument --seed: '1.5' is not a whole number"),
    (["analyze", "x.csv", "--out", "o", "--seed", "2147483648"],
     "cmvt analyze: error: argument --seed: 2147483648 is outside R's range (|seed| < 2^31)"),
    (["analyze", "x.csv", "--out", "o", "--predictors", "age,,bmi"],
     "cmvt analyze: error: argument --predictors: empty column name in 'age,,bmi' (names are separated by single commas)"),
    (["analyze", "x.csv", "--out", "o", "--predictors", "age, "],
     "cmvt analyze: error: argument --predictors: empty column name in 'age, ' (names are separated by single commas)"),
    (["analyze", "x.csv", "--out", "o", "--predictors", " "],
     "cmvt analyze: error: argument --predictors: no column name given (e.g. --predictors age,bmi,crp)"),
    (["demo", "--what"], "cmvt: error: unrecognized arguments: --what"),
])
def test_argument_errors_are_usage_and_one_error_line(argv, error, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(argv) == 2
    out = capsys.readouterr()
    assert out.out == ""
    lines = out.err.splitlines()
    assert lines[0].startswith("usage: cmvt") and "Traceback" not in out.err
    errors = [ln for ln in lines if "error:" in ln]
    assert len(errors) == 1 and lines[-1] == errors[0] and errors[0].startswith(error), out.err
    assert list(tmp_path.iterdir()) == []


# ----------------------------------------------------------------------------- cutoff
def test_cutoff_through_cmvt_is_cutoff_main(scores, tmp_path, capsys):
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    assert main(["cutoff", str(scores), "--score", "s", "--outcome", "y", "--out", str(a), "--cutoffs", "1", "3"]) == 0
    out_main = capsys.readouterr().out
    assert cutoff_main([str(scores), "--score", "s", "--outcome", "y", "--out", str(b), "--cutoffs", "1", "3"]) == 0
    out_fn = capsys.readouterr().out
    assert a.read_bytes() == b.read_bytes()
    assert out_main.replace(str(a), "OUT") == out_fn.replace(str(b), "OUT")
    tab = pd.read_csv(a)
    assert tab["cutoff"].tolist() == [1.0, 3.0] and tab["n_flagged"].tolist() == [7, 3]
    assert "best cut-off by net benefit" in out_main


def test_cutoff_errors_keep_their_one_line(scores, tmp_path, capsys):
    assert main(["cutoff", str(scores), "--score", "risk", "--outcome", "y", "--out", str(tmp_path / "t.csv")]) == 2
    assert capsys.readouterr().err == f"cmvt cutoff: error: --score column 'risk' not found in {scores.name}\n"
    # cutoff_main alone: argument errors stay one line without the usage
    assert cutoff_main([str(scores), "--score", "s"]) == 2
    assert capsys.readouterr().err == "cmvt cutoff: error: the following arguments are required: --outcome\n"
    assert not (tmp_path / "t.csv").exists()


# ----------------------------------------------------------------------------- python -m cmvt_core
def test_python_dash_m(scores, tmp_path):
    r = _python(["-m", "cmvt_core", "--version"], tmp_path)
    assert (r.returncode, r.stdout, r.stderr) == (0, f"cmvt-core {cmvt_core.__version__}\n", "")
    r = _python(["-m", "cmvt_core", "cutoff", "--help"], tmp_path)
    assert r.returncode == 0 and r.stdout.startswith("usage: cmvt cutoff ")
    r = _python(["-m", "cmvt_core", "cutoff", str(scores), "--score", "s", "--outcome", "y", "--out", "t.csv"], tmp_path)
    assert r.returncode == 0, r.stderr
    assert pd.read_csv(tmp_path / "t.csv")["n_flagged"].tolist() == [8, 7, 5, 3, 1]
    r = _python(["-m", "cmvt_core", "cutoff", "gone.csv", "--score", "s", "--outcome", "y"], tmp_path)
    assert (r.returncode, r.stderr) == (2, "cmvt cutoff: error: data file not found: gone.csv\n")


# ----------------------------------------------------------------------------- analyze --predictors --seed
def test_analyze_flags_override_the_config(fast_config, tmp_path):
    out = tmp_path / "r"
    assert main(["analyze", str(COHORT), "--out", str(out), "--config", str(fast_config), "--quiet", "--no-figures",
                 "--predictors", " pre_ddimer, post_nlr ,bmi", "--seed", "11"]) == 0
    res = json.loads((out / "results.json").read_text())
    cfg = res["provenance"]["config"]
    assert cfg["predictors"] == ["pre_ddimer", "post_nlr", "bmi"] and cfg["seed"] == 11 and res["provenance"]["seed"] == 11
    assert (cfg["calibration_B"], cfg["validation_B"], cfg["dca_bootstraps"]) == (20, 20, 0)  # the rest from the file
    # only these columns were candidates, in the order given
    assert list(res["lasso"]["coefficients"]) == ["(Intercept)", "pre_ddimer", "post_nlr", "bmi"]
    assert set(res["lasso"]["selected"]) <= {"pre_ddimer", "post_nlr", "bmi"}
    # the seed drove the random steps: the CV folds are set.seed(11)'s
    assert res["lasso"]["foldid"] == fold_ids(N_TRAIN, 10, seed=11).tolist()
    assert res["lasso"]["foldid"] != fold_ids(N_TRAIN, 10, seed=2024).tolist()
    assert res["training"]["calibration"]["B"] == 20


def test_analyze_without_flags_uses_the_config(fast_config, tmp_path):
    out = tmp_path / "r"
    assert main(["analyze", str(COHORT), "--out", str(out), "--config", str(fast_config), "--quiet", "--no-figures"]) == 0
    res = json.loads((out / "results.json").read_text())
    assert res["provenance"]["config"]["predictors"] == ["bmi", "pre_crp", "post_sii"]
    assert res["provenance"]["seed"] == 2024
    assert list(res["lasso"]["coefficients"]) == ["(Intercept)", "bmi", "pre_crp", "post_sii"]
    assert res["lasso"]["foldid"] == fold_ids(N_TRAIN, 10, seed=2024).tolist()


def test_analyze_predictors_without_config(tmp_path, monkeypatch):
    """The flags also work without --config (defaults otherwise): checked on the config analyze builds."""
    from cmvt_core.study import pipeline

    seen = {}

    def fake_run_study(data, cfg, **kw):
        seen["cfg"] = cfg
        raise cmvt_core.InputError("stop here")

    monkeypatch.setattr(pipeline, "run_study", fake_run_study)
    assert main(["analyze", str(COHORT), "--out", str(tmp_path / "o"), "--outcome", "cmvt", "--quiet", "--no-figures",
                 "--predictors", "bmi,age_group", "--seed", "-5"]) == 2
    assert (seen["cfg"].predictors, seen["cfg"].seed, seen["cfg"].calibration_B) == (["bmi", "age_group"], -5, 1000)


def test_analyze_wrong_predictor_is_the_missing_column_error(fast_config, tmp_path, capsys):
    out = tmp_path / "r"
    assert main(["analyze", str(COHORT), "--out", str(out), "--config", str(fast_config), "--quiet", "--no-figures",
                 "--predictors", "bmi,nope"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"cmvt: error: cohort file '{COHORT}': predictor column(s) ['nope'] not found; columns are ")
    assert err.count("\n") == 1
    assert not out.exists() and [p.name for p in tmp_path.iterdir()] == ["fast.toml"]


def test_analyze_bad_config_key_is_one_line(tmp_path, capsys):
    cfg = tmp_path / "c.toml"
    cfg.write_text("[dca]\nalpha = 0.2\n", encoding="utf-8")
    out = tmp_path / "r"
    assert main(["analyze", str(COHORT), "--out", str(out), "--config", str(cfg)]) == 2
    assert capsys.readouterr().err == ("cmvt: error: config: unknown key [dca] alpha; [dca] accepts: bootstraps, "
                                       "confidence, thresholds_by (alpha belongs in [model])\n")
    assert not out.exists()


# ----------------------------------------------------------------------------- missing optional packages
def _blocked(module: str, argv: list[str], cwd: Path) -> subprocess.CompletedProcess:
    code = textwrap.dedent(f"""
        import sys
        sys.modules[{module!r}] = None  # as if not installed
        from cmvt_core.cli import main
        sys.exit(main({argv!r}))
    """)
    return _python(["-c", code], cwd)


def test_analyze_without_matplotlib_fails_before_the_study(tmp_path):
    out = tmp_path / "r"
    r = _blocked("matplotlib", ["analyze", str(COHORT), "--outcome", "cmvt", "--out", str(out)], tmp_path)
    assert r.returncode == 2 and r.stdout == ""
    assert r.stderr == ("cmvt: error: matplotlib is needed here but cannot be imported (import of matplotlib halted; "
                        "None in sys.modules); install it with: pip install matplotlib\n")
    # not quiet, yet no progress line: the cohort was not even read, let alone the LASSO run
    assert "cohort:" not in r.stderr and "LASSO" not in r.stderr
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_analyze_no_figures_needs_no_matplotlib(fast_config, tmp_path):
    out = tmp_path / "r"
    r = _blocked("matplotlib", ["analyze", str(COHORT), "--out", str(out), "--config", str(fast_config),
                                "--no-figures", "--quiet"], tmp_path)
    assert r.returncode == 0, r.stderr
    assert (out / "results.json").is_file() and not (out / "figures").exists()


def test_parity_without_pytest_names_the_extra(tmp_path):
    r = _blocked("pytest", ["parity", "--out", str(tmp_path / "p")], tmp_path)
    assert r.returncode == 2
    assert r.stderr == ("cmvt: error: pytest is needed here but cannot be imported (import of pytest halted; "
                        "None in sys.modules); install it with: pip install 'cmvt-core[parity]'\n")
    assert not (tmp_path / "p").exists()


@pytest.mark.parametrize("name,hint", [
    ("matplotlib.pyplot", "pip install matplotlib"),
    ("rpy2.robjects", "pip install 'cmvt-core[parity]'"),
    ("pytest", "pip install 'cmvt-core[parity]'"),
    ("dask", "pip install 'cmvt-core[dask]'"),
    ("distributed", "pip install 'cmvt-core[dask]'"),
    ("sklearn", "pip install sklearn"),
])
def test_missing_package_hints(name, hint, monkeypatch, tmp_path, capsys):
    from cmvt_core.study import pipeline

    def missing(*a, **k):
        raise ModuleNotFoundError(f"No module named '{name}'", name=name)

    monkeypatch.setattr(pipeline, "analyze", missing)
    assert main(["analyze", str(COHORT), "--out", str(tmp_path / "o")]) == 2
    top = name.split(".")[0]
    assert capsys.readouterr().err == (f"cmvt: error: {top} is needed here but cannot be imported "
                                       f"(No module named '{name}'); install it with: {hint}\n")


def test_an_import_error_of_our_own_is_not_disguised(monkeypatch, tmp_path):
    from cmvt_core.study import pipeline

    def broken(*a, **k):
        raise ImportError("cannot import name 'x' from 'cmvt_core.study.report'", name="cmvt_core.study.report")

    monkeypatch.setattr(pipeline, "analyze", broken)
    with pytest.raises(ImportError, match="cmvt_core.study.report"):
        main(["analyze", str(COHORT), "--out", str(tmp_path / "o")])



def test_missing_input_is_refused_before_the_warm_up(tmp_path):
    """On a cold kernel cache, a missing data file is one error line, before any compiling starts."""
    import os
    cache = tmp_path / "cache"
    cache.mkdir()
    env = {**os.environ, "NUMBA_CACHE_DIR": str(cache)}
    r = subprocess.run([sys.executable, "-m", "cmvt_core", "analyze", str(tmp_path / "missing.csv"), "--outcome",
                        "cmvt", "--out", str(tmp_path / "o")], capture_output=True, text=True, env=env, timeout=120)
    assert r.returncode == 2
    lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and "not found" in lines[0] and "missing.csv" in lines[0], r.stderr
    assert not any(cache.iterdir()), "nothing may be compiled for a run that cannot start"
    assert not (tmp_path / "o").exists()


# ----------------------------------------------------------------------------- issue 18 keys through `cmvt analyze`
def test_analyze_reads_the_issue18_keys(tmp_path):
    """[calibration] validation = "refit", [roc] boot_n and [compare] reach the study through the config file:
    results.json says so, and the refit's B and the comparison's cut-offs are the file's."""
    cfg = tmp_path / "s.toml"
    cfg.write_text(FAST.replace("[calibration]\nB = 20\n", '[calibration]\nB = 20\nvalidation = "refit"\n')
                   + '\n[compare]\nreference = ["bmi"]\ncutoffs = [0.25, 0.5]\nboot = 30\n')
    out = tmp_path / "r"
    assert main(["analyze", str(COHORT), "--out", str(out), "--config", str(cfg), "--quiet", "--no-figures"]) == 0
    res = json.loads((out / "results.json").read_text())
    c = res["provenance"]["config"]
    assert (c["calibration_validation"], c["roc_boot_n"], c["compare_reference"], c["compare_cutoffs"],
            c["compare_boot"]) == ("refit", 100, ["bmi"], [0.25, 0.5], 30)
    v = res["validation"]["calibration"]
    assert v["mode"] == "refit" and v["B"] == 20 and "does not validate the training model" in v["method"]
    assert res["training"]["roc"]["ci_boot_n"] == 100 and len(res["validation"]["val_prob"]["stats"]) == 18
    cmp = res["comparison"]
    assert cmp["reference"] == ["bmi"] and cmp["cutoffs"] == [0.25, 0.5]
    for grp in ("training", "validation"):
        rc = cmp[grp]["reclassification"]
        assert rc["boot"] == 30 and rc["categories"] == ["[0,0.25)", "[0.25,0.5)", "[0.5,1]"]
        assert cmp[grp]["improve_prob"]["n"] == rc["n"] == (223 if grp == "training" else 96)
    assert "does not validate the training model" in (out / "report.html").read_text(encoding="utf-8")
    assert (out / "tables" / "calibration_validation_refit.csv").is_file()


# ----------------------------------------------------------------------------- issue 22: [model] formula
def _formula_config(tmp_path, formula: str) -> Path:
    cfg = tmp_path / "f.toml"
    cfg.write_text(FAST.replace('predictors = ["bmi", "pre_crp", "post_sii"]\n', "")
                   .replace("[model]\n", f"[model]\nformula = {json.dumps(formula)}\n"), encoding="utf-8")
    return cfg


def test_analyze_with_a_formula(tmp_path):
    """``[model] formula``: no LASSO (results.json ``lasso: null``), the model is the formula's, the report says so."""
    out = tmp_path / "r"
    formula = "cmvt ~ rcs(post_nlr, 3) + age_group + female"
    assert main(["analyze", str(COHORT), "--out", str(out), "--config", str(_formula_config(tmp_path, formula)),
                 "--no-figures", "--quiet"]) == 0
    res = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert res["lasso"] is None and res["model"]["formula"] == formula
    assert res["model"]["variables_lasso"] == [] and res["model"]["variables_final"] == ["post_nlr", "age_group", "female"]
    assert list(res["model"]["coef"]) == ["Intercept", "post_nlr", "post_nlr'", "age_group", "female"]
    assert not (out / "tables" / "lasso_coefficients.csv").exists()
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "given by a formula" in html and "cmvt ~ rcs(post_nlr, 3) + age_group + female" in html
    assert "Selection of predictors by LASSO" not in html


@pytest.mark.parametrize("formula,message", [
    ("cmvt ~ rcs(post_nlr, 3) + nosuch", "cmvt: error: config: [model] formula names the column 'nosuch', which is "
                                         "not in the cohort; columns: "),
    ("female ~ rcs(post_nlr, 3) + age_group", "cmvt: error: config: [model] formula = \"female ~ rcs(post_nlr, 3) "
                                              "+ age_group\" has the response 'female'; its left side must be the "
                                              "outcome column 'cmvt'"),
])
def test_analyze_bad_formula_exits_2(tmp_path, capsys, formula, message):
    out = tmp_path / "r"
    assert main(["analyze", str(COHORT), "--out", str(out), "--config", str(_formula_config(tmp_path, formula))]) == 2
    err = capsys.readouterr().err
    assert err.startswith(message) and err.count("\n") == 1, err
    assert not out.exists()

"""Security (issue 9): no code injection through names, levels, file names, config or data; outputs stay put.

1. R code injection is impossible: column names, outcome names, factor levels and file names that are
   R code reach the project's live R parity helpers (``parity/r/*.R`` through the bridge) as data.
   Every payload would create a sentinel file (an absolute path in a fresh folder) if R ever evaluated
   it; the tests check that the helper ran and that no sentinel exists.  (The payloads only create
   files: a destructive payload such as ``unlink("~")`` is deliberately not used — if a regression
   let it run, the test would destroy the home folder instead of failing.)
2. The CLI never evaluates config or data: Python expressions in a TOML config or in CSV cells are
   strings that end as ``InputError`` (exit 2), and nothing runs.
3. Output paths stay inside ``--out``: a column or outcome named ``../../evil`` creates nothing outside
   it; ``cmvt analyze`` writes only into ``--out``; ``cmvt cutoff --out FILE`` writes exactly FILE.
"""
from __future__ import annotations

import io
import re
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from cmvt_core import InputError
from cmvt_core.cli import main as cli_main

from _paths import COHORT  # noqa: E402


def r_payloads(sentinel: Path) -> list[str]:
    """Strings that run ``file.create(<sentinel>)`` if R ever parses and evaluates them."""
    s = str(sentinel)
    call = f'file.create("{s}")'
    return [
        f"x); {call}; (",                 # break out of a call
        f"{call}",                        # a bare call (dangerous wherever names are parsed)
        f"y` + {call} + `a",               # break out of back-quotes in a pasted formula
        f'"); {call}; ("',                # break out of a string literal
        f"x\n{call}",                     # a new line starts a new R expression
        f"`; {call}; `",
    ]


def _files(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


@pytest.fixture
def sentinel_dir(tmp_path, monkeypatch):
    d = tmp_path / "sentinels"
    d.mkdir()
    monkeypatch.chdir(tmp_path)
    yield d
    assert not list(d.iterdir()), f"R code ran: {sorted(p.name for p in d.iterdir())}"


def _frame(names: list[str], n: int = 40) -> pd.DataFrame:
    g = np.random.default_rng(11)
    cols = {nm: np.round(g.normal(size=n), 3) for nm in names}
    return pd.DataFrame(cols)


# ----------------------------------------------------------------------------- 1. R code injection
@pytest.mark.r
def test_injection_through_predictor_names_lrm(r_bridge, sentinel_dir):
    """Column names that are R code, as predictors of rms::lrm(y ~ .) (parity/r/logistic.R)."""
    r_bridge.source("logistic.R")
    for payload in r_payloads(sentinel_dir / "pred"):
        df = _frame([payload, "z"])
        df["y"] = (np.arange(len(df)) % 3 == 0).astype(float)
        out = r_bridge.to_py(r_bridge.call("helper:lrm_summary", r_bridge.data_frame(df), "y"))
        assert len(out["coef"]) == 3 and np.isfinite(np.asarray(out["coef"], dtype=float)).all(), payload


@pytest.mark.r
def test_injection_through_outcome_name_lrm(r_bridge, sentinel_dir):
    """An outcome column whose name is R code (it is pasted into no formula: the formula is built from a symbol).
    Columns named ``y`` and ``a`` exist so that a back-quote break-out would find its variables and run."""
    r_bridge.source("logistic.R")
    for payload in r_payloads(sentinel_dir / "outcome"):
        df = _frame(["y", "a"])
        df[payload] = (np.arange(len(df)) % 3 == 0).astype(float)
        for helper in ("helper:lrm_summary", "helper:glm_summary"):
            try:
                r_bridge.call(helper, r_bridge.data_frame(df), payload)
            except Exception:  # an R error is fine; running the payload is not
                pass
        out = r_bridge.to_py(r_bridge.call("helper:lrm_summary", r_bridge.data_frame(df), payload))
        assert len(out["coef"]) == 3, payload  # the model ran, on the columns y and a


@pytest.mark.r
def test_injection_through_factor_levels(r_bridge, sentinel_dir):
    """Factor levels that are R code: lrm dummies and the baseline table (logistic.R, baseline.R)."""
    r_bridge.source("logistic.R")
    r_bridge.source("baseline.R")
    for payload in r_payloads(sentinel_dir / "level"):
        df = _frame(["age"])
        df["ward"] = pd.array(np.where(np.arange(len(df)) % 2 == 0, payload, "plain"), dtype=object)
        df["y"] = (np.arange(len(df)) % 3 == 0).astype(float)
        out = r_bridge.to_py(r_bridge.call("helper:lrm_summary", r_bridge.data_frame(df), "y"))
        names = list(out["coef_names"])
        assert len(names) == 3 and names[2].startswith("ward="), names
        X = df[["ward"]]
        bt = r_bridge.to_py(r_bridge.call("helper:baseline_table_r", r_bridge.data_frame(X),
                                          np.where(np.arange(len(df)) < 20, "a", "b")))
        assert payload in [str(v) for v in bt["level"]]


@pytest.mark.r
def test_injection_through_file_names(r_bridge, sentinel_dir, tmp_path):
    """A cohort file whose name is R code, read by R's read.csv (parity/r/cohort.R), and by load_cohort."""
    from cmvt_core.cohort import load_cohort

    r_bridge.source("cohort.R")
    for k, payload in enumerate(r_payloads(sentinel_dir / "file")):
        name = payload.replace("/", "_") + f".{k}.csv"  # '/' cannot be in a file name
        p = tmp_path / name
        rows = ["age,cmvt"] + [f"{40 + i},{i % 2}" for i in range(24)]
        p.write_text("\n".join(rows) + "\n", encoding="utf-8")
        df = r_bridge.to_py(r_bridge.call("helper:read_cohort_r", str(p)))
        assert list(df.columns) == ["age", "cmvt"] and len(df) == 24
        X, y = load_cohort(p, "cmvt")
        assert y.sum() == 12
        with pytest.raises(InputError) as ei:  # an error message quotes the name; it is not evaluated either
            load_cohort(p, "missing")
        assert repr(str(p)) in str(ei.value)  # named, quoted, never run


@pytest.mark.r
def test_injection_through_predictor_names_dca(r_bridge, sentinel_dir):
    """Predictor names that are R code, in the R twin of decision_curve (parity/r/dca.R, glm refit and its
    bootstrap refits).  The formula is built from symbols (dca_formula), so every call must run, fit the model on
    the oddly named column (same numbers as under a plain name) and create no sentinel."""
    r_bridge.source("dca.R")
    for payload in r_payloads(sentinel_dir / "dca"):
        df = _frame([payload, "z"])
        df["y"] = (np.arange(len(df)) % 3 == 0).astype(float)
        kw = dict(fitted_risk=False, thresholds=np.arange(0, 100, 5) / 100, bootstraps=3, seed=7)
        out = r_bridge.to_py(r_bridge.call("helper:dca_plain", r_bridge.data_frame(df), "y", [payload, "z"], **kw))
        plain = df.rename(columns={payload: "x1"})
        ref = r_bridge.to_py(r_bridge.call("helper:dca_plain", r_bridge.data_frame(plain), "y", ["x1", "z"], **kw))
        assert re.fullmatch(r"y ~ `.+`\s*\+\s*z", out["model"].iloc[0], re.S), payload  # deparsed, back-quoted
        for c in ("NB", "NB_lower", "NB_upper"):
            np.testing.assert_array_equal(np.asarray(out[c], float), np.asarray(ref[c], float), err_msg=payload)
    leaked = list(sentinel_dir.iterdir())
    for p in leaked:
        p.unlink()  # keep the fixture's own check for the other tests meaningful
    assert not leaked, f"R evaluated a column name: {[p.name for p in leaked]}"


# ----------------------------------------------------------------------------- 2. the CLI evaluates nothing
PY_PAYLOADS = [
    "__import__('os').system('touch {d}/pwned_a')",
    "{{__import__('os').system('touch {d}/pwned_b')}}",
    "$(touch {d}/pwned_c)",
    "`touch {d}/pwned_d`",
    "'; import os; os.system('touch {d}/pwned_e'); '",
]


def _run_cli(argv: list[str]) -> tuple[int, str]:
    err, out = io.StringIO(), io.StringIO()
    with redirect_stderr(err), redirect_stdout(out):
        try:
            rc = cli_main(argv)
        except SystemExit as exc:
            rc = exc.code
    return rc, err.getvalue()


def _toml_str(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


@pytest.mark.parametrize("section,key", [("study", "outcome"), ("study", "seed"), ("lasso", "type_measure"),
                                         ("study", "predictors")])
def test_config_values_are_never_evaluated(tmp_path, section, key):
    d = tmp_path / "s"
    d.mkdir()
    for k, tmpl in enumerate(PY_PAYLOADS):
        payload = tmpl.format(d=d)
        value = f"[{_toml_str(payload)}]" if key == "predictors" else _toml_str(payload)
        cfg = tmp_path / f"study{k}.toml"
        outcome = "" if key == "outcome" else 'outcome = "cmvt"\n'
        text = (f"[study]\n{outcome}{key} = {value}\n" if section == "study"
                else f"[study]\n{outcome}\n[{section}]\n{key} = {value}\n")
        cfg.write_text(text, encoding="utf-8")
        out = tmp_path / f"out{k}"
        rc, err = _run_cli(["analyze", str(COHORT), "--config", str(cfg), "--out", str(out), "--quiet"])
        assert rc == 2, err
        assert err.count("\n") == 1 and "Traceback" not in err
        assert "unknown key" not in err and "outside any section" not in err, err  # the value itself was refused
        assert not out.exists()
    assert not list(d.iterdir()), "the config was evaluated"


def test_config_file_is_toml_not_python(tmp_path):
    """A config that is Python code is a TOML error (exit 2), and the code does not run."""
    d = tmp_path / "s"
    d.mkdir()
    cfg = tmp_path / "study.toml"
    cfg.write_text(f"import os\nos.system('touch {d}/pwned')\n", encoding="utf-8")
    rc, err = _run_cli(["analyze", str(COHORT), "--config", str(cfg), "--out", str(tmp_path / "o")])
    assert rc == 2 and "not valid TOML" in err
    assert not list(d.iterdir())


def test_csv_cells_are_never_evaluated(tmp_path):
    """Cells holding Python or shell code are non-numeric values: exit 2 naming the column and row."""
    d = tmp_path / "s"
    d.mkdir()
    base = pd.read_csv(COHORT)
    for k, tmpl in enumerate(PY_PAYLOADS):
        payload = tmpl.format(d=d)
        df = base.copy()
        df["bmi"] = df["bmi"].astype(object)
        df.loc[4, "bmi"] = payload
        p = tmp_path / f"cohort{k}.csv"
        df.to_csv(p, index=False)
        for argv in (["analyze", str(p), "--outcome", "cmvt", "--out", str(tmp_path / "o"), "--quiet"],
                     ["cutoff", str(p), "--score", "bmi", "--outcome", "cmvt", "--out", str(tmp_path / "t.csv")]):
            rc, err = _run_cli(argv)
            assert rc == 2, err
            assert "Traceback" not in err
        rc, err = _run_cli(["analyze", str(p), "--outcome", "cmvt", "--out", str(tmp_path / "o"), "--quiet"])
        assert "'bmi'" in err and "data row 5" in err
    assert not list(d.iterdir()), "a cell was evaluated"
    assert not (tmp_path / "o").exists() and not (tmp_path / "t.csv").exists()


def test_column_names_are_never_evaluated(tmp_path):
    """A header holding code is only a name: `cmvt cutoff` reports it as a missing/other column, runs nothing."""
    d = tmp_path / "s"
    d.mkdir()
    payload = PY_PAYLOADS[0].format(d=d)
    p = tmp_path / "c.csv"
    pd.DataFrame({payload: [1, 2, 3, 4], "y": [0, 1, 0, 1]}).to_csv(p, index=False)
    rc, err = _run_cli(["cutoff", str(p), "--score", payload, "--outcome", "y", "--out", str(tmp_path / "t.csv")])
    assert rc == 0, err
    assert not list(d.iterdir())
    t = pd.read_csv(tmp_path / "t.csv")
    assert len(t) == 4


# ----------------------------------------------------------------------------- 3. output paths
FAST_CONFIG = """
[study]
seed = 7

[model]
keep_significant = false

[calibration]
B = 5

[validation]
B = 5

[dca]
bootstraps = 0
thresholds_by = 0.1
"""


def _rename_cohort(tmp: Path, renames: dict[str, str], name: str = "cohort.csv") -> Path:
    df = pd.read_csv(COHORT).rename(columns=renames)
    p = tmp / name
    df.to_csv(p, index=False)
    return p


def test_analyze_writes_only_inside_out(tmp_path):
    """`cmvt analyze` with columns and an outcome named like paths writes into --out and nowhere else."""
    work = tmp_path / "a" / "b" / "work"
    work.mkdir(parents=True)
    data = _rename_cohort(work, {"bmi": "../../evil", "pre_crp": "/tmp/evil_abs", "cmvt": "../../../evil_outcome",
                                 "smoking": "<script>alert(1)</script>"})
    cfg = work / "study.toml"
    cfg.write_text(FAST_CONFIG, encoding="utf-8")
    before = _files(tmp_path)
    out = work / "out"
    rc, err = _run_cli(["analyze", str(data), "--outcome", "../../../evil_outcome", "--config", str(cfg),
                        "--out", str(out), "--quiet", "--no-figures"])
    assert rc == 0, err
    after = _files(tmp_path)
    new = after - before
    outside = sorted(f for f in new if not f.startswith(str(out.relative_to(tmp_path))))
    assert not outside, f"files written outside --out: {outside}"
    assert (out / "results.json").is_file() and (out / "report.html").is_file()
    assert not Path("/tmp/evil_abs").exists()
    for f in out.rglob("*"):
        assert f.resolve().is_relative_to(out.resolve())
    report = (out / "report.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in report  # names are data in the report too: HTML-escaped
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in report


def test_analyze_failure_leaves_nothing(tmp_path):
    """A failing analyze (bad outcome) leaves neither --out nor a temporary folder."""
    data = _rename_cohort(tmp_path, {"bmi": "../../evil"})
    before = _files(tmp_path)
    rc, err = _run_cli(["analyze", str(data), "--outcome", "../../evil", "--out", str(tmp_path / "out"),
                        "--quiet"])
    assert rc == 2 and "'../../evil'" in err
    assert _files(tmp_path) == before


def test_cutoff_writes_exactly_the_given_file(tmp_path):
    """`cmvt cutoff --out FILE` creates FILE and nothing else, whatever the columns are called."""
    work = tmp_path / "x" / "work"
    work.mkdir(parents=True)
    p = work / "scores.csv"
    pd.DataFrame({"../../evil": [0, 1, 2, 3, 4, 5], "../out": [0, 0, 1, 0, 1, 1]}).to_csv(p, index=False)
    target = work / "result" / "table.csv"
    before = _files(tmp_path)
    rc, err = _run_cli(["cutoff", str(p), "--score", "../../evil", "--outcome", "../out", "--out", str(target)])
    assert rc == 0, err
    assert _files(tmp_path) - before == {str((work / "result").relative_to(tmp_path)),
                                         str(target.relative_to(tmp_path))}
    assert len(pd.read_csv(target)) == 6


def test_console_script_cutoff_writes_exactly_the_given_file(tmp_path):
    """The same through the installed `cmvt` console script, in a fresh process."""
    p = tmp_path / "s.csv"
    pd.DataFrame({"s": [1, 2, 3, 4], "../y": [0, 1, 0, 1]}).to_csv(p, index=False)
    before = _files(tmp_path)
    r = subprocess.run([str(Path(sys.executable).with_name("cmvt")), "cutoff", str(p), "--score", "s",
                        "--outcome", "../y", "--out", "t.csv"], capture_output=True, text=True, cwd=tmp_path,
                       timeout=120)
    assert r.returncode == 0, r.stderr
    assert _files(tmp_path) - before == {"t.csv"}

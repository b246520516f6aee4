"""The ``cmvt`` command line: --version, --help of every command (``cutoff`` included), argument errors,
``python -m cmvt_core``."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import cmvt_core
from cmvt_core.cli import build_parser, main
from cmvt_core.cli_cutoff import cutoff_main


def _commands() -> list[str]:
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    return sorted(sub.choices)


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


@pytest.mark.parametrize("argv,error", [
    ([], "cmvt: error: the following arguments are required: command"),
    (["nonsense"], "cmvt: error: argument command: invalid choice: 'nonsense'"),
    (["cutoff", "x.csv"], "cmvt cutoff: error: the following arguments are required: --score, --outcome"),
    (["cutoff", "x.csv", "--score", "s", "--outcome", "y", "--pt", "abc"],
     "cmvt cutoff: error: argument --pt: invalid float value: 'abc'"),
    (["cutoff", "x.csv", "--score", "s", "--outcome", "y", "--bogus"], "cmvt: error: unrecognized arguments: --bogus"),
    (["analyze", "x.csv"], "cmvt analyze: error: the following arguments are required: --out"),
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

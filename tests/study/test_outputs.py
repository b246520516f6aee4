"""Issue 15: nothing lost, nothing hung on the way out.

cmvt never deletes or overwrites a file it did not write (the manifest rule; `cmvt cutoff --out`
never the input and never an existing file without --force), every failure on the way out is one
line and exit 2 with the previous output intact and nothing left beside --out, signals remove the
temporary folder, modes follow the umask, concurrent writers are serialised, CSV cells cannot be
evaluated by a spreadsheet, and figures are the same bytes on every run.
"""
from __future__ import annotations

import contextlib
import errno
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from _paths import COHORT
from cmvt_core import InputError
from cmvt_core._outputs import MANIFEST, check_output_folder, escape_cell, spreadsheet_safe, write_folder

from _configs import FAST  # noqa: E402


def cmvt(*args: str, env: dict | None = None, timeout: float = 600, pre: str = "") -> subprocess.CompletedProcess:
    """Run the cmvt command line in a new process (``pre``: Python run first, in that process)."""
    code = f"import sys\n{pre}\nfrom cmvt_core.cli import main\nsys.exit(main(sys.argv[1:]))"
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=timeout,
                          env=env)


def leftovers(parent: Path) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if ".cmvt-tmp-" in p.name or ".cmvt-old-" in p.name
                  or ".tmp-" in p.name or ".old-" in p.name)


def one_line(stderr: str) -> str:
    lines = [x for x in stderr.splitlines() if x.strip()]
    assert len(lines) == 1, stderr
    return lines[0]


@pytest.fixture(scope="module")
def fast_config(tmp_path_factory) -> Path:
    p = tmp_path_factory.mktemp("cfg") / "fast.toml"
    p.write_text(FAST, encoding="utf-8")
    return p


@pytest.fixture(scope="module")
def earlier_output(tmp_path_factory, fast_config) -> Path:
    """A complete cmvt output folder (figures off, to stay quick)."""
    out = tmp_path_factory.mktemp("earlier") / "report"
    res = cmvt("analyze", str(COHORT), "--out", str(out), "--config", str(fast_config), "--no-figures", "--quiet")
    assert res.returncode == 0, res.stderr
    return out


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def copy_of(src: Path, dst: Path) -> Path:
    import shutil

    shutil.copytree(src, dst)
    return dst


# ----------------------------------------------------------------------------- never lose a user's file
def test_an_output_folder_lists_what_cmvt_wrote(earlier_output):
    man = json.loads((earlier_output / MANIFEST).read_text())
    assert man["tool"] == "cmvt-core"
    on_disk = sorted(p.relative_to(earlier_output).as_posix() for p in earlier_output.rglob("*")
                     if p.is_file() and p.name != MANIFEST)
    assert man["files"] == on_disk
    assert "results.json" in on_disk and "report.html" in on_disk and "tables/model_final.csv" in on_disk


def test_another_tools_folder_with_results_json_is_refused_before_the_study(tmp_path, fast_config):
    out = tmp_path / "theirs"
    out.mkdir()
    (out / "results.json").write_text('{"theirs": true}')
    (out / "notes.txt").write_text("my notes")
    before = snapshot(out)
    res = cmvt("analyze", str(COHORT), "--out", str(out), "--config", str(fast_config), "--no-figures")
    assert res.returncode == 2
    line = one_line(res.stderr)
    assert "holds files cmvt did not write (it is not a cmvt output folder): notes.txt, results.json" in line
    assert snapshot(out) == before
    assert "LASSO" not in res.stderr and "cohort:" not in res.stderr  # refused before any work
    assert leftovers(tmp_path) == []


def test_an_earlier_output_with_the_users_files_added_is_refused(tmp_path, earlier_output, fast_config):
    out = copy_of(earlier_output, tmp_path / "report")
    (out / "cohort.csv").write_bytes(Path(COHORT).read_bytes())
    (out / "tables" / "notes.txt").write_text("mine")
    before = snapshot(out)
    res = cmvt("analyze", str(out / "cohort.csv"), "--out", str(out), "--config", str(fast_config), "--no-figures")
    assert res.returncode == 2
    assert "cohort.csv" in one_line(res.stderr)
    assert snapshot(out) == before


def test_a_rerun_replaces_only_cmvts_files(tmp_path, earlier_output, fast_config):
    out = copy_of(earlier_output, tmp_path / "report")
    stale = json.loads((out / MANIFEST).read_text())
    res = cmvt("analyze", str(COHORT), "--out", str(out), "--config", str(fast_config), "--no-figures", "--quiet",
               "--seed", "7")
    assert res.returncode == 0, res.stderr
    assert json.loads((out / "results.json").read_text())["provenance"]["seed"] == 7
    assert json.loads((out / MANIFEST).read_text())["files"] == stale["files"]
    assert leftovers(tmp_path) == []


def test_the_input_inside_out_is_refused(tmp_path, fast_config):
    out = tmp_path / "report"
    out.mkdir()
    data = out / "data.csv"
    data.write_bytes(Path(COHORT).read_bytes())
    res = cmvt("analyze", str(data), "--out", str(out), "--config", str(fast_config), "--no-figures")
    assert res.returncode == 2
    assert "input" in one_line(res.stderr)
    assert data.read_bytes() == Path(COHORT).read_bytes()
    with pytest.raises(InputError, match="would contain the input"):
        check_output_folder(tmp_path, protect=(data,))


@pytest.fixture
def scores(tmp_path) -> Path:
    rng = np.random.default_rng(3)
    s = rng.integers(0, 8, 300)
    y = (rng.random(300) < s / 10).astype(int)
    p = tmp_path / "scores.csv"
    pd.DataFrame({"score": s, "y": y}).to_csv(p, index=False)
    return p


def test_cutoff_never_writes_over_its_input(scores):
    before = scores.read_bytes()
    for extra in ([], ["--force"]):
        res = cmvt("cutoff", str(scores), "--score", "score", "--outcome", "y", "--out", str(scores), *extra)
        assert res.returncode == 2
        assert "is the input file" in one_line(res.stderr)
        assert scores.read_bytes() == before
    # also through another spelling of the same file
    alias = scores.parent / "." / scores.name
    res = cmvt("cutoff", str(scores), "--score", "score", "--outcome", "y", "--out", str(alias), "--force")
    assert res.returncode == 2 and scores.read_bytes() == before


def test_cutoff_refuses_an_existing_file_unless_force(scores, tmp_path):
    out = tmp_path / "cut.csv"
    out.write_text("my spreadsheet\n")
    res = cmvt("cutoff", str(scores), "--score", "score", "--outcome", "y", "--out", str(out))
    assert res.returncode == 2
    assert "exists; refusing to overwrite it (use --force to replace it)" in one_line(res.stderr)
    assert out.read_text() == "my spreadsheet\n"
    assert res.stdout == ""  # refused before any work
    res = cmvt("cutoff", str(scores), "--score", "score", "--outcome", "y", "--out", str(out), "--force")
    assert res.returncode == 0, res.stderr
    assert pd.read_csv(out).columns[0] == "cutoff"
    assert [p.name for p in tmp_path.iterdir() if "cmvt-tmp" in p.name] == []


# ----------------------------------------------------------------------------- failures on the way out
def test_out_below_a_regular_file_is_one_line_before_the_study(tmp_path, fast_config):
    f = tmp_path / "afile"
    f.write_text("x")
    res = cmvt("analyze", str(COHORT), "--out", str(f / "report"), "--config", str(fast_config), "--no-figures")
    assert res.returncode == 2
    assert f"{f} is a file, not a folder" in one_line(res.stderr)
    assert "cohort:" not in res.stderr
    res = cmvt("analyze", str(COHORT), "--out", str(f), "--config", str(fast_config), "--no-figures")
    assert res.returncode == 2 and "exists and is not a folder" in one_line(res.stderr)
    assert f.read_text() == "x"


@contextlib.contextmanager
def tmpfs(where: Path, size: str = "1m", ro: bool = False):
    """A small tmpfs mounted at ``where`` (root with mount rights), or None where the machine forbids it."""
    where.mkdir(parents=True, exist_ok=True)
    opts = f"size={size}" + (",ro" if ro else "")
    ok = subprocess.run(["mount", "-t", "tmpfs", "-o", opts, "tmpfs", str(where)], capture_output=True).returncode == 0
    try:
        yield where if ok else None
    finally:
        if ok:
            subprocess.run(["umount", "-l", str(where)], capture_output=True)


def _result_for_writing():
    """A real study result, computed once, to write again and again."""
    from cmvt_core.study.pipeline import StudyConfig, run_study

    cfg = StudyConfig.from_dict({"outcome": "cmvt", "predictors": ["bmi", "pre_crp", "post_sii"], "seed": 2024,
                                 "keep_significant": False, "calibration_B": 20, "validation_B": 20,
                                 "dca_bootstraps": 0})
    return run_study(pd.read_csv(COHORT), cfg)


@pytest.fixture(scope="module")
def result():
    return _result_for_writing()


def test_disk_full_is_one_line_and_keeps_the_earlier_output(tmp_path, result, monkeypatch):
    from cmvt_core.study.pipeline import write_outputs

    out = tmp_path / "report"
    write_outputs(result, out, figures=False)
    before = snapshot(out)

    def full(*a, **k):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(json, "dump", full)  # injected ENOSPC, while results.json is written
    with pytest.raises(InputError, match=r"^cannot write --out .*: no space left on the device$"):
        write_outputs(result, out, figures=False)
    assert snapshot(out) == before
    assert leftovers(tmp_path) == []


def test_disk_full_on_a_real_small_tmpfs(tmp_path, fast_config):
    with tmpfs(tmp_path / "small", size="64k") as mnt:
        if mnt is None:  # no mount rights here: the injected ENOSPC above covers it
            pytest.skip("mount not permitted on this machine (the injected ENOSPC test covers the path)")
        res = cmvt("analyze", str(COHORT), "--out", str(mnt / "report"), "--config", str(fast_config), "--quiet")
        assert res.returncode == 2, res.stderr
        assert "no space left on the device" in one_line(res.stderr)
        assert list(mnt.iterdir()) == []


def test_read_only_file_system_is_one_line_before_the_study(tmp_path, fast_config):
    with tmpfs(tmp_path / "ro", ro=True) as mnt:
        if mnt is None:
            pytest.skip("mount not permitted on this machine (the permission test below covers the path)")
        res = cmvt("analyze", str(COHORT), "--out", str(mnt / "report"), "--config", str(fast_config), "--no-figures")
        assert res.returncode == 2
        assert "read-only file system or permission denied" in one_line(res.stderr)
        assert "cohort:" not in res.stderr


def test_permission_denied_while_moving_into_place_keeps_the_earlier_output(tmp_path, result, monkeypatch):
    from cmvt_core import _outputs
    from cmvt_core.study.pipeline import write_outputs

    out = tmp_path / "report"
    write_outputs(result, out, figures=False)
    before = snapshot(out)
    real = os.replace
    calls = []

    def deny_second(src, dst):
        calls.append(dst)
        if len(calls) == 2:  # the earlier output has been moved aside; the new one cannot go in
            raise PermissionError(errno.EACCES, "Permission denied")
        return real(src, dst)

    monkeypatch.setattr(_outputs.os, "replace", deny_second)
    with pytest.raises(InputError, match="permission denied"):
        write_outputs(result, out, figures=False)
    monkeypatch.setattr(_outputs.os, "replace", real)
    assert snapshot(out) == before
    assert leftovers(tmp_path) == []


def test_permission_denied_before_the_study(tmp_path, fast_config):
    """A folder the user may not write in (a real one: the command runs as 'nobody')."""
    import shutil
    import tempfile

    base = Path(tempfile.mkdtemp(prefix="cmvt-perm-"))  # under /tmp, which everyone may traverse
    os.chmod(base, 0o755)
    locked = base / "locked"
    locked.mkdir(mode=0o755)
    uid = os.getuid()
    if uid != 0:
        os.chmod(locked, 0o555)
        cmd_prefix: list[str] = []
    else:  # root may write anywhere: run as nobody
        cmd_prefix = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
        if subprocess.run([*cmd_prefix, "true"], capture_output=True).returncode != 0:
            pytest.skip("cannot drop privileges here")
    env = dict(os.environ, HOME=str(tmp_path))
    code = "import sys\nfrom cmvt_core.cli import main\nsys.exit(main(sys.argv[1:]))"
    res = subprocess.run([*cmd_prefix, sys.executable, "-c", code, "analyze", str(COHORT), "--out",
                          str(locked / "report"), "--config", str(fast_config), "--no-figures"],
                         capture_output=True, text=True, timeout=300, env=env)
    shutil.rmtree(base, ignore_errors=True)
    assert res.returncode == 2, res.stderr
    assert f"cannot write in {locked}" in one_line(res.stderr)
    # a folder on the way that may not even be read: also one line
    hidden = tmp_path / "private" / "report"   # tmp_path's parents are 0700 root's: nobody may not look in
    res = subprocess.run([*cmd_prefix, sys.executable, "-c", code, "analyze", str(COHORT), "--out", str(hidden),
                          "--config", str(fast_config), "--no-figures"], capture_output=True, text=True, timeout=300,
                         env=env)
    if cmd_prefix:
        assert res.returncode == 2 and "permission denied" in one_line(res.stderr), res.stderr


# ----------------------------------------------------------------------------- signals and modes
SIGNAL_DURING_REPORT = """
import os, signal, time
import cmvt_core.study.report as report
real = report.write_report
def write_report(*a, **k):
    real(*a, **k)
    os.kill(os.getpid(), signal.{sig})   # while the output folder is being written
    time.sleep(5)
report.write_report = write_report
"""


@pytest.mark.parametrize("sig", ["SIGTERM", "SIGHUP", "SIGINT"])
def test_a_signal_while_writing_leaves_nothing_and_keeps_the_earlier_output(tmp_path, earlier_output, fast_config,
                                                                              sig):
    out = copy_of(earlier_output, tmp_path / "report")
    before = snapshot(out)
    res = cmvt("analyze", str(COHORT), "--out", str(out), "--config", str(fast_config), "--no-figures", "--quiet",
               pre=SIGNAL_DURING_REPORT.format(sig=sig))
    signum = getattr(signal, sig)
    assert res.returncode == (130 if sig == "SIGINT" else 128 + signum), res.stderr
    assert "nothing was written" in one_line(res.stderr)
    assert snapshot(out) == before
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("umask,dmode,fmode", [(0o022, 0o755, 0o644), (0o077, 0o700, 0o600), (0o002, 0o775, 0o664)])
def test_folders_and_files_follow_the_umask(tmp_path, fast_config, scores, umask, dmode, fmode):
    out = tmp_path / "report"
    res = cmvt("analyze", str(COHORT), "--out", str(out), "--config", str(fast_config), "--no-figures", "--quiet",
               pre=f"import os; os.umask({umask})")
    assert res.returncode == 0, res.stderr
    assert out.stat().st_mode & 0o777 == dmode
    assert (out / "tables").stat().st_mode & 0o777 == dmode
    assert (out / "results.json").stat().st_mode & 0o777 == fmode
    assert (out / "tables" / "model_final.csv").stat().st_mode & 0o777 == fmode
    cut = tmp_path / "cut.csv"
    res = cmvt("cutoff", str(scores), "--score", "score", "--outcome", "y", "--out", str(cut),
               pre=f"import os; os.umask({umask})")
    assert res.returncode == 0, res.stderr
    assert cut.stat().st_mode & 0o777 == fmode


# ----------------------------------------------------------------------------- concurrent writers
WRITER = """
import sys, time
from pathlib import Path
from cmvt_core._outputs import write_folder
tag = sys.argv[1]
def fill(tmp):
    (tmp / "tables").mkdir()
    for i in range(20):
        (tmp / "tables" / f"t{i}.csv").write_text(tag * 1000)
        time.sleep(0.002)
    (tmp / "results.json").write_text('{"tag": "%s"}' % tag)
for _ in range(int(sys.argv[3])):
    write_folder(sys.argv[2], fill)
"""


def test_concurrent_writers_are_serialised(tmp_path):
    out = tmp_path / "shared-out"
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, tag, str(out), "5"], stderr=subprocess.PIPE, text=True)
             for tag in "ABCDEFGH"]
    errs = [p.communicate(timeout=300)[1] for p in procs]
    assert [p.returncode for p in procs] == [0] * 8, errs
    tag = json.loads((out / "results.json").read_text())["tag"]
    assert all((out / "tables" / f"t{i}.csv").read_text() == tag * 1000 for i in range(20))  # one complete output
    assert sorted(json.loads((out / MANIFEST).read_text())["files"]) == sorted(
        ["results.json"] + [f"tables/t{i}.csv" for i in range(20)])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["shared-out"]  # no leftovers


def test_two_cmvt_analyze_runs_into_one_out(tmp_path, fast_config):
    out = tmp_path / "report"
    args = ["-c", "import sys\nfrom cmvt_core.cli import main\nsys.exit(main(sys.argv[1:]))", "analyze", str(COHORT),
            "--out", str(out), "--config", str(fast_config), "--no-figures", "--quiet"]
    procs = [subprocess.Popen([sys.executable, *args, "--seed", str(s)], stderr=subprocess.PIPE, text=True)
             for s in (1, 2)]
    errs = [p.communicate(timeout=600)[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0], errs
    res = json.loads((out / "results.json").read_text())
    assert res["provenance"]["seed"] in (1, 2)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report"]
    man = json.loads((out / MANIFEST).read_text())["files"]
    assert all((out / f).is_file() for f in man)


def test_the_lock_holds_off_a_second_writer(tmp_path):
    """Deterministically: while one writer holds the lock on the parent, another waits."""
    import threading

    from cmvt_core._outputs import _folder_lock

    out = tmp_path / "x"
    order = []
    with _folder_lock(tmp_path):
        t = threading.Thread(target=lambda: (write_folder(out, lambda d: (d / "a").write_text("1")), order.append("w")))
        # flock is per open file description: a second open in another thread blocks like another process
        t.start()
        t.join(0.5)
        order.append("released")
    t.join(10)
    assert order == ["released", "w"]
    assert (out / "a").read_text() == "1"


# ----------------------------------------------------------------------------- spreadsheet-safe CSV
@pytest.mark.parametrize("cell,written", [
    ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"), ("+cmd", "'+cmd"), ("-2+3", "'-2+3"),
    ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"), ("\rx", "'\rx"),
    ("-1.5", "-1.5"), ("+3", "+3"), ("-inf", "-inf"), ("1e-3", "1e-3"), ("plain", "plain"), ("", ""),
])
def test_csv_cells_are_escaped_numbers_excepted(cell, written):
    assert escape_cell(cell) == written
    assert escape_cell(-2.5) == -2.5


def test_every_table_cmvt_writes_is_escaped(tmp_path, fast_config, scores):
    df = pd.read_csv(COHORT)
    df = df.rename(columns={"bmi": "=cmd|' /C calc'!A0", "pre_crp": "@crp", "post_sii": "-sii"})
    data = tmp_path / "evil.csv"
    df.to_csv(data, index=False)
    cfg = tmp_path / "evil.toml"
    cfg.write_text(FAST.replace('["bmi", "pre_crp", "post_sii"]', '["=cmd|\' /C calc\'!A0", "@crp", "-sii"]'))
    out = tmp_path / "report"
    res = cmvt("analyze", str(data), "--out", str(out), "--config", str(cfg), "--no-figures", "--quiet")
    assert res.returncode == 0, res.stderr
    for csv in (out / "tables").glob("*.csv"):
        for line in csv.read_text().splitlines():
            for cell in line.split(","):
                c = cell.strip('"')
                assert not c.startswith(("=", "@")), (csv.name, line)
                assert not c.startswith(("+", "-")) or escape_cell(c) == c, (csv.name, line)
    text = (out / "tables" / "baseline_split.csv").read_text()
    assert "'=cmd" in text and "'@crp" in text and "'-sii" in text
    framed = spreadsheet_safe(pd.DataFrame({"a": ["=1", "ok"], "b": [-1.0, 2.0]}))
    assert framed["a"].tolist() == ["'=1", "ok"] and framed["b"].tolist() == [-1.0, 2.0]


# ----------------------------------------------------------------------------- figures
def test_figures_are_the_same_bytes_on_every_run(tmp_path, result):
    from cmvt_core.study.report import make_figures

    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir(), b.mkdir()
    make_figures(result, a)
    make_figures(result, b)
    files = sorted(p.name for p in a.iterdir())
    assert len(files) == 20
    for name in files:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name
    svg = (a / "roc.svg").read_text()
    assert "<dc:date>" not in svg

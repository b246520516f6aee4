"""Issue 14: the repository is self-contained.  A copy of its tracked files in a folder with no
``shared/`` beside it collects every test and passes its golden tests; no tracked file names an
absolute path of a machine or reads a sibling folder; the goldens travel with their generator."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from _paths import GOLDENS, ROOT


def _tracked() -> list[str]:
    out = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                         capture_output=True, check=True)
    return [p for p in out.stdout.decode().split("\0") if p and (ROOT / p).is_file()]


def test_goldens_travel_with_their_generator_readme_and_versions():
    for name in ("README.md", "gen_goldens.R", "versions.txt", "hoslem.json", "rmda_cases.json",
                 "timeroc/README.md", "timeroc/versions.txt"):
        assert (GOLDENS / name).is_file(), name
    versions = (GOLDENS / "versions.txt").read_text()
    assert "R version 4.2.2" in versions and "rmda 1.6" in versions
    assert (ROOT / "docs" / "R_ALGORITHMS.md").is_file() and (ROOT / "docs" / "STUDY.md").is_file()


def test_no_tracked_file_names_an_absolute_path_or_a_sibling_shared_folder():
    absolute = re.compile(r"(^|[^A-Za-z0-9_.])/(work|root|home|Users|tmp/cmvt)/")
    # spelled in pieces, so that this file does not match its own patterns
    shared = "sha" + "red"
    sibling = re.compile("CMVT_" + shared.upper() + r"|\.\./" + shared + r"|parents\[\d\][^#\n]*[\"']" + shared + r"[\"']")
    bad = []
    for rel in _tracked():
        if not rel.endswith((".py", ".R", ".sh", ".toml", ".md", ".yml", ".cfg", ".txt")) and rel != "Makefile":
            continue
        text = (ROOT / rel).read_text(encoding="utf-8", errors="replace")
        for i, line in enumerate(text.splitlines(), 1):
            if absolute.search(line) or (rel.endswith((".py", ".sh")) or rel == "Makefile") and sibling.search(line):
                bad.append(f"{rel}:{i}: {line.strip()[:100]}")
    assert not bad, "\n".join(bad)


@pytest.mark.slow
def test_a_copy_elsewhere_collects_every_test_and_passes_the_golden_tests(tmp_path):
    repo = tmp_path / "elsewhere" / "checkout"  # no shared/ beside it
    for rel in _tracked():
        dst = repo / rel
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / rel, dst)
    assert not (repo.parent / "shared").exists()
    # and the compiled kernels (numba's cache beside the sources; copy2 keeps the sources' mtimes, which the
    # cache index checks): the copy must show that it reads nothing outside itself, not numba compiling again
    for cache in (ROOT / "src").rglob("__pycache__/*.nb[ic]"):
        dst = repo / cache.relative_to(ROOT)
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(cache, dst)
    env = dict(os.environ, PYTHONPATH=str(repo / "src"))
    here = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider"],
                          cwd=ROOT, capture_output=True, text=True, timeout=600)
    there = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider"],
                           cwd=repo, env=env, capture_output=True, text=True, timeout=600)
    assert there.returncode == 0, there.stdout[-3000:] + there.stderr[-2000:]
    count = lambda out: int(re.search(r"(\d+) tests? collected", out).group(1))  # noqa: E731
    assert count(there.stdout) == count(here.stdout) > 600
    probe = subprocess.run([sys.executable, "-c", "import cmvt_core, sys; print(cmvt_core.__file__)"],
                           cwd=repo, env=env, capture_output=True, text=True, timeout=120)
    assert Path(probe.stdout.strip()).is_relative_to(repo), probe.stdout  # the copy's own package ran
    golden = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-m", "golden and not r",
                             "tests"], cwd=repo, env=env, capture_output=True, text=True, timeout=900)
    assert golden.returncode == 0, golden.stdout[-3000:]
    last = golden.stdout.strip().splitlines()[-1]
    assert re.match(r"([1-9]\d*) passed, \d+ deselected in ", last), last

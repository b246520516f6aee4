"""The set-up step ``python -m cmvt_core.warmup`` (run by ``make demo`` and ``make test``) must compile
every numba kernel the study uses, with the types the study passes: otherwise the first
``make demo`` compiles the rest on its own path, single-threaded, and misses its one-minute budget
(issue 8).  Speed itself is measured in ``benchmarks/bench_demo.py``, not here."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

_STUDY_COUNTING_COMPILES = """
import sys
from numba.core import event

compiled = []


class Listener(event.Listener):
    def on_start(self, ev):
        d = ev.data["dispatcher"]
        compiled.append(d.py_func.__module__ + "." + d.py_func.__qualname__)

    def on_end(self, ev):
        pass


event.register("numba:compile", Listener())
from cmvt_core.pipeline import analyze

analyze(sys.argv[1], sys.argv[2], outcome="cmvt", quiet=True, figures=False)
print("COMPILED:" + ",".join(sorted(set(compiled))))
"""


@pytest.mark.slow
def test_warmup_compiles_every_kernel_the_study_uses(tmp_path):
    env = dict(os.environ, NUMBA_CACHE_DIR=str(tmp_path / "numba-cache"))
    warm = subprocess.run([sys.executable, "-m", "cmvt_core.warmup"], env=env, capture_output=True, text=True,
                          timeout=900)
    assert warm.returncode == 0, warm.stderr
    assert "numba kernels compiled and cached" in warm.stdout
    assert any((tmp_path / "numba-cache").rglob("*.nbi")), "the warm-up cached nothing"
    run = subprocess.run([sys.executable, "-c", _STUDY_COUNTING_COMPILES, str(ROOT / "fixtures" / "cmvt_cohort.csv"),
                          str(tmp_path / "out")], env=env, capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, run.stderr
    line = [x for x in run.stdout.splitlines() if x.startswith("COMPILED:")][-1]
    assert line == "COMPILED:", f"kernels the warm-up left for the study to compile: {line[9:]}"
    assert (tmp_path / "out" / "results.json").is_file()

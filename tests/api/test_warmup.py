"""The set-up step ``cmvt warmup`` (run by ``make demo`` and ``make test``, and by the first ``cmvt analyze``
on a cold cache) must compile every numba kernel the study uses, with the types the study passes,
into the cache every process finds: otherwise the first run compiles the rest on its own path,
single-threaded (issues 8 and 14).  Speed itself is measured in ``benchmarks/bench_demo.py``, not here."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from _paths import COHORT


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
from cmvt_core.study import analyze

analyze(sys.argv[1], sys.argv[2], outcome="cmvt", quiet=True, figures=False)
print("COMPILED:" + ",".join(sorted(set(compiled))))
"""


def _env_without_cache_dir() -> dict:
    env = dict(os.environ)
    env.pop("NUMBA_CACHE_DIR", None)  # numba's default place, as a user's own script gets it
    return env


@pytest.mark.slow
def test_cmvt_warmup_caches_where_any_new_process_finds_the_kernels(tmp_path):
    """Issue 14: kernels compiled by `cmvt warmup` (as make's set-up runs it) are found by a plain new
    process with no make and no NUMBA_CACHE_DIR: the study then compiles nothing."""
    env = _env_without_cache_dir()
    warm = subprocess.run([sys.executable, "-m", "cmvt_core.cli", "warmup"], env=env, capture_output=True,
                          text=True, timeout=900)
    assert warm.returncode == 0, warm.stderr
    where = subprocess.run([sys.executable, "-c", "from cmvt_core.warmup import kernel_cache_dir, kernels_cached;"
                            "print(kernel_cache_dir()); print(kernels_cached())"],
                           env=env, capture_output=True, text=True, timeout=300).stdout.split()
    assert where[1] == "True"
    assert f"numba kernels compiled and cached in {where[0]}" in warm.stdout
    assert any(Path(where[0]).glob("*.nbi")), "the warm-up cached nothing"
    run = subprocess.run([sys.executable, "-c", _STUDY_COUNTING_COMPILES, str(COHORT), str(tmp_path / "out")],
                         env=env, capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, run.stderr
    line = [x for x in run.stdout.splitlines() if x.startswith("COMPILED:")][-1]
    assert line == "COMPILED:", f"kernels the warm-up left for the study to compile: {line[9:]}"
    assert (tmp_path / "out" / "results.json").is_file()


def test_an_empty_cache_is_seen_as_cold(tmp_path):
    """The first run's check: with nothing cached, `kernels_cached()` is False (so `cmvt analyze`
    and `cmvt demo` warm up first, and say so), and the folder it names is the one numba uses."""
    env = dict(os.environ, NUMBA_CACHE_DIR=str(tmp_path / "cold"))
    out = subprocess.run([sys.executable, "-c", "from cmvt_core.warmup import kernel_cache_dir, kernels_cached;"
                          "print(kernel_cache_dir()); print(kernels_cached())"],
                         env=env, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    folder, cached = out.stdout.split()
    assert cached == "False"
    assert Path(folder).is_relative_to(tmp_path / "cold")

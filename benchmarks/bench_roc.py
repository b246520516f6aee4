"""Benchmark: cmvt_core roc + ci_auc against pROC::roc + ci.auc (same data, one process).

Run: ``.venv/bin/python benchmarks/bench_roc.py``; rewrites the ``roc`` section of BENCHMARKS.md.
"""
from __future__ import annotations

import os
import platform
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import numpy as np  # noqa: E402

from benchmarks._common import best_time, table, write_section, machine_note  # noqa: E402

MACHINE = machine_note()  # measured when the script starts
from cmvt_core import roc  # noqa: E402
from cmvt_core.parity.bridge import get_bridge  # noqa: E402


def data(n: int, seed: int = 1):
    g = np.random.default_rng(seed)
    y = (g.random(n) < 0.3).astype(np.int64)
    p = g.normal(size=n) + 0.8 * y  # continuous scores, (almost) no ties
    return y, p


def main() -> None:
    b = get_bridge()
    b.library("pROC")
    b.source("roc.R")
    rows = []
    # warm-up (numba compilation is cached on disk; the first call still loads it)
    y, p = data(1000)
    roc(y, p).ci_auc()
    for n, repeat in ((10**3, 5), (10**5, 3), (10**6, 2)):
        y, p = data(n)
        ry, rp = b.to_r(y), b.to_r(p)  # convert once: R is timed on its own work only
        py_ci = np.array(roc(y, p).ci_auc())
        r_ci = np.asarray(b.to_py(b.call("helper:roc_bench", ry, rp)))
        assert np.max(np.abs(py_ci - r_ci)) <= 1e-12, (py_ci, r_ci)
        t_py = best_time(lambda: roc(y, p).ci_auc(), repeat=repeat)
        t_r = best_time(lambda: b.call("helper:roc_bench", ry, rp), repeat=repeat)
        rows.append([f"{n:,}", "roc + ci.auc (DeLong)", f"{t_py * 1e3:.1f}", f"{t_r * 1e3:.1f}", f"{t_r / t_py:.1f}",
                     f"{np.max(np.abs(py_ci - r_ci)):.1e}"])
        print(rows[-1], flush=True)
    # the bootstrap CI (stratified, 2000 replicates, seed 1) at n = 1000
    y, p = data(1000)
    ry, rp = b.to_r(y), b.to_r(p)
    r_ci = np.asarray(b.to_py(b.call("helper:roc_ci_boot", ry, rp, "auto", 1, 2000, True))["ci"])
    py_ci = np.array(roc(y, p).ci_auc(method="bootstrap", boot_n=2000, seed=1))
    t_py = best_time(lambda: roc(y, p).ci_auc(method="bootstrap", boot_n=2000, seed=1), repeat=2)
    t_r = best_time(lambda: b.call("helper:roc_ci_boot", ry, rp, "auto", 1, 2000, True), repeat=1)
    rows.append(["1,000", "roc + ci.auc (bootstrap, 2000 stratified, seed 1)", f"{t_py * 1e3:.1f}",
                 f"{t_r * 1e3:.1f}", f"{t_r / t_py:.1f}", f"{np.max(np.abs(py_ci - r_ci)):.1e}"])
    print(rows[-1], flush=True)
    # Python alone at 10^7 (pROC is not run at this size)
    y, p = data(10**7)
    t0 = time.perf_counter()
    r = roc(y, p)
    r.ci_auc()
    t_big = time.perf_counter() - t0
    rows.append(["10,000,000", "roc + ci.auc (DeLong), Python only", f"{t_big * 1e3:.0f}", "-", "-", "-"])
    print(rows[-1], flush=True)

    md = [
        "## ROC: roc + ci_auc vs pROC::roc + ci.auc",
        "",
        f"pROC {b.packages.get('pROC')} on {b.r_version}; Python {platform.python_version()}, numpy {np.__version__}. "
        "Data: y ~ Bernoulli(0.3), score = N(0,1) + 0.8 y (continuous). Best wall time of several runs "
        "(one warm-up first); R is timed on its own work (data converted to R vectors beforehand). "
        f"Timings: {MACHINE}; "
        "the ratios are indicative. Ratio = R time / Python time (above 1: Python faster). "
        "'max |diff|' compares the three CI numbers with pROC's.",
        "",
        table(["n", "what", "Python ms", "R ms", "ratio", "max |diff| vs R"], rows),
        "",
        "DeLong here is one linear merge of the sorted cases and controls (O(n log n) time, O(n) memory), "
        "as pROC's C++ `delongPlacementsCpp`; the bootstrap draws R's stream (RRNG) per replicate in pROC's "
        "order and computes each replicate's AUC in a compiled loop.",
    ]
    write_section("roc", "\n".join(md))


if __name__ == "__main__":
    main()

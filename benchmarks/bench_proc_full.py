"""Benchmark, "pROC in full" part A (issue 21): roc + auc, the partial AUC (McClish-corrected) and coords("all")
against pROC 1.18.0 (same data, one process).

Run: ``.venv/bin/python benchmarks/bench_proc_full.py [--sizes 1000,1000000]``; rewrites the ``proc_full_a``
section of BENCHMARKS.md.  One block of rows per feature family; every timed call builds the curve first, in both
languages (``pROC::roc(y, p, levels = c(0, 1), direction = "<")``, the R side in ``parity/r/roc_full.R``).
"""
from __future__ import annotations

import argparse
import os
import platform
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import numpy as np  # noqa: E402

from benchmarks._common import best_time, machine_note, table, write_section  # noqa: E402

MACHINE = machine_note()  # measured when the script starts
from cmvt_core import auc, roc  # noqa: E402
from cmvt_core.parity.bridge import get_bridge  # noqa: E402


def data(n: int, seed: int = 1):
    g = np.random.default_rng(seed)
    y = (g.random(n) < 0.3).astype(np.int64)
    p = np.round(g.normal(size=n) + 0.8 * y, 3)  # scores on a 0.001 grid: ties at every size
    return y, p


FAMILIES = {
    # name: (R helper's "what", the Python call, the value compared with R's)
    "roc_auc": ("roc + auc", lambda y, p: roc(y, p, direction="<").auc),
    "partial": ("roc + auc(partial_auc=(1, 0.8), partial_auc_correct=True)",
                lambda y, p: auc(roc(y, p, direction="<"), partial_auc=(1, 0.8), partial_auc_correct=True)),
    "coords": ('roc + coords("all")', lambda y, p: roc(y, p, direction="<").coords("all").shape[0]),
}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1000,1000000")
    sizes = [int(v) for v in ap.parse_args().sizes.split(",")]
    b = get_bridge()
    b.library("pROC")
    b.source("roc_full.R")
    y, p = data(1000)
    for _, fn in FAMILIES.values():  # warm-up (numba's cache is loaded on the first call)
        fn(y, p)
    rows = []
    for what, (label, fn) in FAMILIES.items():
        for n in sizes:
            y, p = data(n)
            ry, rp = b.to_r(y), b.to_r(p)  # converted once: R is timed on its own work only
            ours = float(fn(y, p))
            theirs = float(np.asarray(b.to_py(b.call("helper:rf_bench", ry, rp, what)))[0])
            diff = abs(ours - theirs)
            repeat = 5 if n <= 10**4 else 2
            t_py = best_time(lambda: fn(y, p), repeat=repeat)
            t_r = best_time(lambda: b.call("helper:rf_bench", ry, rp, what), repeat=repeat)
            rows.append([f"{n:,}", label, f"{t_py * 1e3:.1f}", f"{t_r * 1e3:.1f}", f"{t_r / t_py:.1f}", f"{diff:.1e}"])
            print(rows[-1], flush=True)
    md = [
        "## pROC in full (issue 21, part A): roc + auc, partial AUC, coords vs pROC",
        "",
        f"pROC {b.packages.get('pROC')} on {b.r_version}; Python {platform.python_version()}, numpy {np.__version__}. "
        "Data: y ~ Bernoulli(0.3), score = N(0,1) + 0.8 y rounded to 0.001 (ties). Each timed call builds the curve "
        "(`roc(y, p, direction=\"<\")`) and then computes the statistic, in both languages. Best wall time of "
        "several runs after a warm-up; R is timed on its own work (data converted to R vectors beforehand). "
        f"Timings: {MACHINE}; the ratios are indicative. Ratio = R time / Python time (above 1: Python faster). "
        "'|diff|' compares the AUC (or the number of coords rows) with pROC's.",
        "",
        table(["n", "what", "Python ms", "R ms", "ratio", "|diff| vs R"], rows),
    ]
    write_section("proc_full_a", "\n".join(md))


if __name__ == "__main__":
    main()

"""Benchmark: Roc.ci_coords / ci_se against pROC::ci.coords / ci.se (same data, same seed, one process).

Run: ``.venv/bin/python benchmarks/bench_ci_coords.py``; rewrites the ``ci-coords`` section of BENCHMARKS.md.
pROC at n = 100,000 with 2,000 replicates takes minutes: it is timed once.
"""
from __future__ import annotations

import os
import platform
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import numpy as np  # noqa: E402

from benchmarks._common import best_time, machine_note, table, write_section  # noqa: E402

MACHINE = machine_note()  # measured when the script starts
from cmvt_core import roc  # noqa: E402
from cmvt_core.parity.bridge import get_bridge  # noqa: E402

BOOT_N = 2000
SEED = 1


def data(n: int, seed: int = 1):
    g = np.random.default_rng(seed)
    y = (g.random(n) < 0.3).astype(np.int64)
    p = g.normal(size=n) + 0.8 * y  # continuous scores, (almost) no ties
    return y, p


def _r_matrix(rr, k: int) -> np.ndarray:
    mats = list(rr["ci"].values()) if isinstance(rr["ci"], dict) else list(rr["ci"])
    return np.vstack([np.asarray(m, dtype=float).reshape(-1, 3) for m in mats[:k]])


def _timed_once(fn) -> tuple[float, object]:
    t0 = time.perf_counter()
    out = fn()
    return time.perf_counter() - t0, out


def main() -> None:
    b = get_bridge()
    b.library("pROC")
    b.source("roc_ci_coords.R")
    rows = []
    y, p = data(1000)
    roc(y, p).ci_coords("best", boot_n=20, seed=SEED)  # loads the cached numba kernels
    roc(y, p).ci_se(0.9, boot_n=20, seed=SEED)
    for n, r_repeat in ((10**3, 2), (10**5, 0)):
        y, p = data(n)
        ry, rp = b.to_r(y), b.to_r(p)  # convert once: R is timed on its own work only
        r = roc(y, p)
        cases = [
            ('ci.coords(r, "best") (threshold, specificity, sensitivity)',
             lambda: r.ci_coords("best", boot_n=BOOT_N, seed=SEED)[["lower", "median", "upper"]].to_numpy(),
             lambda: _r_matrix(b.call_py("helper:roc_ci_coords", ry, rp, "auto", "best", "threshold",
                                         ["threshold", "specificity", "sensitivity"], "youden", "stop", 0.95,
                                         BOOT_N, True, SEED), 3)),
            ("ci.se(r, c(0.8, 0.9, 0.95))",
             lambda: r.ci_se([0.8, 0.9, 0.95], boot_n=BOOT_N, seed=SEED)[["lower", "median", "upper"]].to_numpy(),
             lambda: np.asarray(b.call_py("helper:roc_ci_sesp", ry, rp, "auto", "se", np.array([0.8, 0.9, 0.95]),
                                          0.95, BOOT_N, True, SEED)["ci"], dtype=float).reshape(-1, 3)),
        ]
        for what, py_fn, r_fn in cases:
            if n > 10**3 and what.startswith("ci.se"):
                continue  # one pROC run of minutes at this size is enough
            t_py = best_time(py_fn, repeat=2 if n > 10**3 else 3)
            py_v = py_fn()
            if r_repeat:
                t_r = best_time(r_fn, repeat=r_repeat)
                r_v = r_fn()
            else:
                t_r, r_v = _timed_once(r_fn)
            diff = float(np.max(np.abs(py_v - r_v)))
            rows.append([f"{n:,}", what, f"{t_py:.2f}", f"{t_r:.2f}", f"{t_r / t_py:.1f}", f"{diff:.1e}"])
            print(rows[-1], flush=True)

    md = [
        "## ROC coordinates CIs: Roc.ci_coords / ci_se vs pROC::ci.coords / ci.se",
        "",
        f"pROC {b.packages.get('pROC')} on {b.r_version}; Python {platform.python_version()}, numpy {np.__version__}. "
        f"Data: y ~ Bernoulli(0.3), score = N(0,1) + 0.8 y (continuous). {BOOT_N} stratified bootstrap replicates "
        f"after `set.seed({SEED})` on both sides. Python: best wall time of 2-3 runs after a warm-up; R: best of 2 "
        "at n = 1,000, a single run at n = 100,000 (minutes). "
        f"Timings: {MACHINE}; the ratios are indicative. Ratio = R time / Python time (above 1: Python faster). "
        "'max |diff|' compares every CI number (lower, median, upper of each row) with pROC's.",
        "",
        table(["n", "what", "Python s", "R s", "ratio", "max |diff| vs R"], rows),
        "",
        "Both sides draw the same replicates (RRNG: R's stream in pROC's order, through the resampler `ci_auc` "
        "uses). pROC sorts each replicate (`order`), rebuilds its curve and calls `coords`; here each replicate "
        "is counted per tie group of the original data and scanned once in a compiled loop (no sort), with the "
        "same double operations, so the numbers are bit-identical. At n = 100,000 most of the Python time is "
        "drawing R's random numbers.",
    ]
    write_section("ci-coords", "\n".join(md))


if __name__ == "__main__":
    main()

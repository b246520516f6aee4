"""Benchmark: cmvt_core calibrate + validate against rms::calibrate + rms::validate at B = 1000.

Run: ``.venv/bin/python benchmarks/bench_calibration.py`` (rewrites the ``calibration`` section of
BENCHMARKS.md).  Python and R run in one process (R through the bridge), one after the other, on
the same simulated data (p = 6: four continuous predictors, a 0/1 flag and a half-unit score) and
with the same seed, so both draw the same 1000 bootstrap samples.  R is timed once per size (an
rms run at n = 10 000 takes minutes); Python is the best of ``repeat`` runs after a warm-up (numba
compiled and cached).  ``--quick`` uses B = 100 for R at n = 10 000 and scales its time by 10.
"""
from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks._common import best_time, table, write_section, machine_note  # noqa: E402

MACHINE = machine_note()  # measured when the script starts

import numba  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from cmvt_core import lrm  # noqa: E402
from cmvt_core.calibration import calibrate, validate  # noqa: E402


def _data(n: int, seed: int = 7):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 6))
    X[:, 4] = (X[:, 4] > 0.3).astype(float)
    X[:, 5] = np.round(X[:, 5] * 2) / 2
    eta = -1 + X @ np.array([0.8, -0.5, 0.3, 0.0, 1.0, 0.4])
    y = (rng.random(n) < 1 / (1 + np.exp(-eta))).astype(float)
    return pd.DataFrame(X, columns=["age", "ddimer", "crp", "nlr", "general", "score"]), y


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="R at n = 10 000 with B = 100, scaled by 10")
    args = ap.parse_args()
    from cmvt_core.parity.bridge import get_bridge

    b = get_bridge()
    b.library("rms")
    b.source("calibration.R")
    B = 1000
    rows = []
    for n in (224, 10_000):
        df, y = _data(n)
        fit = lrm(df, y)
        repeat = 3 if n < 1000 else 1
        t_cal = best_time(lambda: calibrate(fit, B=B, seed=1, progress=False), repeat=repeat)
        t_val = best_time(lambda: validate(fit, B=B, seed=1, progress=False), repeat=repeat)
        t_one = best_time(lambda: (calibrate(fit, B=B, seed=1, progress=False, n_jobs=1),
                                   validate(fit, B=B, seed=1, progress=False, n_jobs=1)), repeat=repeat)
        rb = B if not (args.quick and n > 1000) else 100
        r = np.asarray(b.to_py(b.call("helper:cal_time", df, y, rb, 1)), dtype=float) * (B / rb)
        note = "" if rb == B else f" (B = {rb}, x{B // rb})"
        rows.append([f"{n:,}", f"{t_cal:.3f}", f"{t_val:.3f}", f"{t_cal + t_val:.3f}", f"{t_one:.3f}",
                     f"{r[0]:.1f}{note}", f"{r[1]:.1f}{note}", f"{r.sum():.1f}",
                     f"{r[0] / t_cal:.0f}x", f"{r[1] / t_val:.0f}x", f"{r.sum() / (t_cal + t_val):.0f}x"])
        print(rows[-1], flush=True)
    md = [
        "## calibrate + validate (issue 6)",
        "",
        f"`calibrate(fit, B=1000, seed=1)` and `validate(fit, B=1000, seed=1)` against "
        "`set.seed(1); rms::calibrate(fit, B=1000)` and `rms::validate(fit, B=1000)` (rms 6.5-0, R 4.2.2) on "
        "an lrm fit with p = 6 (seconds; same bootstrap samples on both sides). Timings were taken on a "
        f"{MACHINE}; "
        "Python and R ran one after the other in the same process. Python: best of 3 after a warm-up "
        "(1 at n = 10 000) with the default `n_jobs=None` (all cores, threads, once B * n >= 200 000) "
        "and, for comparison, `n_jobs=1` (one thread; the results are byte-identical); R: one run.",
        "",
        table(["n", "Python calibrate", "Python validate", "Python total", "Python total n_jobs=1",
               "R calibrate", "R validate",
               "R total", "calibrate ratio", "validate ratio", "total ratio"], rows),
        "",
        "Goal (issue 6: calibrate + validate at least 20x faster than rms): "
        + "; ".join(f"n = {r[0]}: {r[-1]} ({'met' if float(r[-1][:-1]) >= 20 else 'not met'})" for r in rows)
        + ".",
        "",
        "Where the time goes (Python, n = 10 000, one thread, best of 3, measured with "
        "`_calibrate_chunk` / `_validate_chunk` on single replicates): per replicate about 2.4 ms for "
        "calibrate (lrm.fit Newton refit on the ~6 300 distinct drawn rows, ~5 passes whose cost is "
        "one exp and one log per row: ~1.1 ms; one radix sort of the 10 000 predictions, 0.2 ms, the "
        "resample's order taken from its tie groups by a counting sort; two one-pass lowess fits with "
        "a 6 667-point window, 0.45 ms each) and about 3.9 ms for validate (the same refit with its "
        "final pass, ~1.1 ms; the recalibration refit on all 10 000 original rows, ~1.2 ms; one sort; "
        "Gini, Brier and log-likelihood passes). R's random stream for the 10^7 drawn rows takes "
        "~0.12 s per call (compiled rejection sampler), drawn chunk by chunk while workers evaluate "
        "earlier chunks. What made the difference in this round (issue 6, second session): numba "
        "indexing from a negative-capable start blocked SIMD in the lowess window (sums now over "
        "slices: 2-3x faster), the refit's score and information matrix became vectorised sums "
        "(log L and the linear predictors stay in R's order; tables still agree with rms to ~1e-15), "
        "since issue 16 without fastmath, in a fixed order that is the same on every CPU (next "
        "subsection), "
        "and the sampler became one compiled loop instead of six numpy passes. The default uses both "
        "cores via `cmvt_core.parallel` threads (GIL-free numba chunk kernels); on two free cores it "
        "takes a little over half the n_jobs=1 time.",
        "",
        f"_Python {platform.python_version()}, numpy {np.__version__}, numba {numba.__version__}; "
        f"{time.strftime('%Y-%m-%d')}._",
    ]
    write_section("calibration", "\n".join(md))
    print("\n".join(md))


if __name__ == "__main__":
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    main()

"""Benchmark: cmvt_core cph against rms::cph (same data, one process).

Run: ``.venv/bin/python benchmarks/bench_cph.py``; rewrites the ``cph`` section of BENCHMARKS.md.
"""
from __future__ import annotations

import os
import platform
import sys
import warnings

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from benchmarks._common import best_time, table, write_section, machine_note  # noqa: E402

MACHINE = machine_note()  # measured when the script starts
from cmvt_core import RWarning, cph  # noqa: E402
from cmvt_core.parity.bridge import get_bridge  # noqa: E402


def data(n: int, seed: int = 1):
    """Five predictors (one a 3-level factor), exponential times rounded to days (ties), 30% censored."""
    g = np.random.default_rng(seed)
    x = pd.DataFrame({"a": g.normal(size=n), "b": g.normal(size=n), "c": g.integers(0, 2, n).astype(float),
                      "d": g.uniform(20, 80, n)})
    x["f"] = pd.Categorical(g.choice(["lo", "mid", "hi"], n), categories=["lo", "mid", "hi"])
    lp = 0.5 * x["a"] - 0.3 * x["b"] + 0.4 * x["c"] + 0.01 * x["d"]
    time = np.ceil(g.exponential(365.0 * np.exp(-lp.to_numpy())))
    event = (g.random(n) < 0.7).astype(float)
    return x, time, event


def main() -> None:
    b = get_bridge()
    b.library("rms")
    b.source("cph.R")
    rows = []
    x, t, e = data(1000)
    cph(x, t, e)  # loads the compiled kernels
    for n, repeat in ((10**3, 5), (10**4, 3), (10**5, 2), (10**6, 1)):
        x, t, e = data(n)
        rx, rt, re_ = b.to_r(x), b.to_r(t), b.to_r(e)
        for ties in ("efron", "breslow"):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RWarning)
                fit = cph(x, t, e, ties=ties)
            r = b.to_py(b.call("helper:cph_fit", rx, rt, re_, method=ties))
            diff = float(np.max(np.abs(fit.coef.to_numpy() - np.asarray(r["coef"], dtype=float))))
            t_py = best_time(lambda: cph(x, t, e, ties=ties), repeat=repeat)
            t_r = float(np.asarray(b.to_py(b.call("helper:cph_time", rx, rt, re_, method=ties,
                                                   reps=repeat))).ravel()[0])
            rows.append([f"{n:,}", ties, f"{t_py * 1e3:.1f}", f"{t_r * 1e3:.1f}", f"{t_r / t_py:.1f}",
                         f"{diff:.1e}"])
            print(rows[-1], flush=True)
    md = [
        "## Cox model: cph vs rms::cph",
        "",
        f"rms {b.packages.get('rms')} (survival {b.packages.get('survival', '3.5-3')}) on {b.r_version}; "
        f"Python {platform.python_version()}, numpy {np.__version__}. Data: 4 numeric predictors and a 3-level "
        "factor, exponential times rounded up to whole days (many ties), 30% censored. "
        "`cph(x, time, event, ties=...)` against `rms::cph(Surv(time, event) ~ ..., x = TRUE, y = TRUE, "
        "surv = TRUE, method = ...)`: Python is the best of several runs after a warm-up, R the median "
        "elapsed time of as many runs (`system.time`, data converted to R beforehand). "
        f"Timings: {MACHINE}; the ratios are indicative. Ratio = R time / Python time (above 1: Python faster). "
        "'max |diff|' compares the coefficients with R's.",
        "",
        table(["n", "ties", "Python ms", "R ms", "ratio", "max |diff| coef"], rows),
        "",
        "Both run survival's coxfit6 Newton loop (ours compiled by numba, in C's order); rms's own overhead "
        "(model frame, Design, survfit.cph for `surv = TRUE`) is on R's side only, and our survival curve "
        "(survest) is not part of cph yet.",
    ]
    write_section("cph", "\n".join(md))


if __name__ == "__main__":
    main()

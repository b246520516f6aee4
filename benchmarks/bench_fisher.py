"""Benchmark: fisher_test on r x c tables (R's FEXACT ported) against R's fisher.test (issue 15).

Run: ``.venv/bin/python benchmarks/bench_fisher.py``; rewrites the ``fisher`` section of BENCHMARKS.md.
"""
from __future__ import annotations

import os
import platform
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import numba  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from benchmarks._common import best_time, machine_note, table, write_section  # noqa: E402

MACHINE = machine_note()  # measured when the script starts
from cmvt_core import InputError  # noqa: E402
from cmvt_core.baseline import baseline_table  # noqa: E402
from cmvt_core.htest import fisher_test  # noqa: E402
from cmvt_core.parity.bridge import get_bridge  # noqa: E402


def ten_levels(seed: int):
    """A 10-level factor against a 0/1 outcome (P(1) = 0.35), n = 120 (as tests/kernels/test_fexact.py)."""
    rng = np.random.default_rng(seed)
    x = rng.integers(0, 10, 120)
    y = rng.uniform(size=120) < 0.35
    return x, y, np.array([[np.sum((x == v) & ~y), np.sum((x == v) & y)] for v in range(10)], dtype=float)


# three of the slowest tables that R's default workspace still handles, from a random sweep of r x c tables
HEAVY = {
    "7 x 6, n = 65": [[2, 1, 2, 1, 1, 2], [3, 1, 2, 0, 1, 1], [0, 3, 0, 0, 0, 2], [2, 1, 3, 1, 3, 1],
                      [2, 3, 1, 1, 3, 1], [3, 1, 2, 1, 0, 2], [1, 2, 0, 3, 3, 3]],
    "8 x 5, n = 66": [[3, 3, 0, 3, 1], [3, 1, 1, 3, 1], [3, 1, 2, 1, 0], [3, 2, 0, 0, 0], [0, 3, 1, 0, 2],
                      [2, 0, 1, 2, 2], [1, 3, 1, 2, 2], [3, 3, 2, 2, 3]],
    "8 x 6, n = 50 (empty row and columns)": [[0, 0, 0, 0, 0, 0], [3, 3, 0, 1, 3, 5], [2, 4, 0, 1, 0, 1],
                                              [1, 1, 0, 0, 0, 3], [1, 3, 1, 1, 1, 0], [2, 0, 0, 2, 0, 0],
                                              [0, 2, 0, 3, 0, 3], [0, 2, 0, 1, 0, 0]],
}


def py_outcome(t):
    try:
        return fisher_test(t).p_value
    except InputError as exc:
        return str(exc)


def main() -> None:
    b = get_bridge()
    b.source("baseline.R")
    fisher_test(np.array([[1.0, 2.0, 3.0], [3.0, 2.0, 1.0]]))  # kernels loaded from numba's cache
    rows = []

    def case(what, t, repeat):
        rt = b.to_r(np.asarray(t, dtype=float))  # converted once: R is timed on its own work
        py = py_outcome(t)
        r = b.to_py(b.call("helper:r_fisher_p_or_error", rt))
        r_out = r["error"][0] or float(r["p_value"][0])
        same = py == r_out
        assert same, (what, py, r_out)
        t_py = best_time(lambda: py_outcome(t), repeat=repeat)
        t_r = best_time(lambda: b.call("helper:r_fisher_p_or_error", rt), repeat=repeat)
        shown = f"{py:.6g}" if isinstance(py, float) else py.split(".")[0] + " (InputError)"
        rows.append([what, shown, f"{t_py * 1e3:.1f}", f"{t_r * 1e3:.1f}", f"{t_r / t_py:.2f}",
                     "identical" if same else "DIFFERENT"])
        print(rows[-1], flush=True)

    for seed in (3, 11):
        case(f"10-level factor vs 0/1, n = 120 (seed {seed})", ten_levels(seed)[2], 7)
    case("10-level factor vs 0/1, n = 120 (seed 6): R's FEXACT runs out of workspace", ten_levels(6)[2], 7)
    for what, t in HEAVY.items():
        case(what, t, 3)

    # the baseline table of a frame with such a factor (and one continuous column)
    x, y, _ = ten_levels(3)
    frame = pd.DataFrame({"site": [f"S{v:02d}" for v in x],
                          "age": np.round(np.random.default_rng(3).normal(60, 10, 120), 1)})
    yy = y.astype(int)
    rf, ry = b.data_frame(frame), b.to_r(yy)
    p_py = float(baseline_table(frame, yy).stats["p_value"].iloc[0])
    p_r = float(b.to_py(b.call("helper:baseline_table_r", rf, ry))["p_value"][0])
    t_py = best_time(lambda: baseline_table(frame, yy), repeat=5)
    t_r = best_time(lambda: b.call("helper:baseline_table_r", rf, ry), repeat=5)
    rows.append(["baseline_table: 10-level factor + one continuous column, n = 120", f"{p_py:.6g}",
                 f"{t_py * 1e3:.1f}", f"{t_r * 1e3:.1f}", f"{t_r / t_py:.2f}",
                 "identical" if p_py == p_r else "DIFFERENT"])
    print(rows[-1], flush=True)

    md = [
        "## Fisher's exact test beyond 2 x 2: fisher_test vs fisher.test (issue 15)",
        "",
        f"{b.r_version}; Python {platform.python_version()}, numpy {np.__version__}, numba {numba.__version__}. "
        "`fisher_test(t)` (R's FEXACT network algorithm ported line by line, R's default workspace = 200000, "
        "mult = 30) against `fisher.test(t)` through the bridge (the table converted to R beforehand; R's time "
        "includes its R-level `fisher.test` code around the C call). Best wall time of the repeats after one "
        f"warm-up call. Timings: {MACHINE}; the ratios are indicative. Ratio = R time / Python time (above 1: "
        "Python faster). 'Result' compares the p-value bit for bit, or R's error message letter for letter.",
        "",
        table(["table", "p (or R's error)", "Python ms", "R ms", "ratio", "result vs R"], rows),
        "",
        "Before this change, r x 2 tables went through a full enumeration of the tables with the observed "
        "margins and larger r x c tables through a pure-Python enumeration capped at 5e7 tables: on the two "
        "10-level tables above that took 25 s and 49 s (measured once, commit 4a2a5df) and missed R's p by "
        "~1e-9 relative (FEXACT merges past path lengths within 3.45e-7 of each other, which no enumeration "
        "reproduces). Now the work is bounded by R's workspace, as in R: where it is too small, R's error, as "
        "fast as R gives it. On the heaviest tables about a third of the time of both goes to the same glibc "
        "`exp` (the kernel calls the C library's default `exp`, the one R calls, not numba's binding of the "
        "compat symbol); the rest is the network search itself, ported with C-style pointers into R's "
        "workspace layout.",
    ]
    write_section("fisher", "\n".join(md))


if __name__ == "__main__":
    main()

"""Benchmark: the pROC bootstrap features that had no n = 1,000 row at boot_n = 2000 (issue 21, speed point):
``roc.test(method = "sensitivity")`` and ``ci.auc`` of a partial AUC by bootstrap, both sides run to the end.

Run: ``.venv/bin/python benchmarks/bench_proc_1e3_rest.py``; rewrites the ``proc-1e3-rest`` section of
BENCHMARKS.md.  The calls, data recipe and R helper are those of ``bench_proc_1e6.py`` (``py_value``,
``parity/r/proc_1e6.R``'s ``p6_run`` with no time limit) at n = 1,000: Python, then R in the same process
(rpy2), each timed with the curves built inside the call; the values are compared.
"""
from __future__ import annotations

import os
import platform
import sys
import time
import warnings

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import numpy as np  # noqa: E402

from benchmarks._common import machine_note, table, write_section  # noqa: E402
from benchmarks.bench_proc_1e6 import PY_CALLS, R_CALLS, SEED, _bridge, data, py_value  # noqa: E402
from cmvt_core import RWarning  # noqa: E402

N, BOOT_N = 1000, 2000
FEATURES = ("sensitivity", "ci.auc partial")


def main() -> None:
    warnings.simplefilter("ignore", RWarning)
    note = machine_note()
    b = _bridge()
    y, p1, p2 = data(N)
    ry, rp1, rp2 = b.to_r(y), b.to_r(p1), b.to_r(p2)
    rows = []
    for what in FEATURES:
        py_value(what, *data(300), 3)  # warm-up: the compiled kernels from numba's cache
        b.call_py("helper:p6_run", *[b.to_r(v) for v in data(300)], what, 3, SEED, 1e7)
        t0 = time.perf_counter()
        v_py = py_value(what, y, p1, p2, BOOT_N)
        t_py = time.perf_counter() - t0
        out = b.call_py("helper:p6_run", ry, rp1, rp2, what, BOOT_N, SEED, 1e7)
        assert bool(np.ravel(out["finished"])[0]), out
        t_r = float(np.ravel(out["elapsed"])[0])
        v_r = np.asarray(out["value"], dtype=float).ravel()
        diff = float(np.max(np.abs(v_py - v_r)))
        rows.append([f"{N:,}", what, f"{BOOT_N}", f"{t_py:.2f}", f"{t_r:.2f}", f"{t_r / t_py:.1f}", f"{diff:.1e}"])
        print(rows[-1], flush=True)
    calls = [f"`{PY_CALLS[w]}` / `set.seed({SEED}); {R_CALLS[w]}`" for w in FEATURES]
    md = [
        "## pROC at n = 1,000 with boot_n = 2000: roc.test sensitivity, ci.auc of a partial AUC (issue 21)",
        "",
        f"`benchmarks/bench_proc_1e3_rest.py`. pROC {b.packages.get('pROC')} on {b.r_version}; Python "
        f"{platform.python_version()}, numpy {np.__version__}. The two bootstrap features the other pROC sections "
        "had no n = 1,000 row for. Data and calls as the 10^6 section (`bench_proc_1e6.py`) at n = 1,000: "
        + "; ".join(calls) + ". Both sides run to the end (measured), one run each, curves built inside the call. "
        f"Timings: {note}; the ratios are indicative. Ratio = R s / Python s (above 1: Python faster); "
        "'|diff|': the test statistic or the three CI numbers against pROC's.",
        "",
        table(["n", "what", "boot_n (both)", "Python s", "R s", "ratio", "|diff| vs R"], rows),
    ]
    write_section("proc-1e3-rest", "\n".join(md))


if __name__ == "__main__":
    main()

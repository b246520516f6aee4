"""time_roc's iid standard error (timeROC 0.4.1): R's summation order (O(n^3)) vs the O(n^2) sums.

timeROC is not a Debian package (its outputs are stored goldens), so there is no R column: this is Python only.
Data: a simulated cohort (exponential event times with a log-hazard 0.7 x, exponential censoring, times and the
marker rounded, so both tie), AUC(t) with its iid standard error at the three quartiles of the follow-up.
"R order" forces ``sum_ij_a_k_fixe`` in R's x87 long-double sequence (``_IID_EXACT_MAX_TERMS`` = inf, the only
code before issue 20's follow-up); "default" is what ``time_roc`` now does (R's order while n x pairs <= 5e7,
else the correctly rounded O(n) sums per subject).  Single runs (the machine is shared).
Run: .venv/bin/python benchmarks/bench_timeroc.py [--exact-max-n 1000] [--sizes 500,1000,2000,5000]
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402

from benchmarks._common import machine_note, table, write_section  # noqa: E402

MACHINE = machine_note()  # measured when the script starts
import cmvt_core.timeroc as TR  # noqa: E402
from cmvt_core import time_roc  # noqa: E402


def cohort(n: int, seed: int = 1):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=n)
    t = np.round(rng.exponential(np.exp(-0.7 * x)) * 365, 0) + 1
    c = np.round(rng.exponential(1.5, size=n) * 365, 0) + 1
    time_ = np.minimum(t, c)
    event = (t <= c).astype(float)
    marker = np.round(x + rng.normal(scale=0.5, size=n), 2)
    times = np.quantile(time_, [0.25, 0.5, 0.75]).round()
    return time_, event, marker, times


def pairs(data, t):
    """The case-control pairs R's order adds per subject (a tie counts one half), as ``_iid_survival``."""
    time_, event, marker, _ = data
    mi = marker[(time_ < t) & (event == 1)]
    mj = marker[time_ > t]
    return float(((mi[None, :] > mj[:, None]).sum() * 2 + (mi[None, :] == mj[:, None]).sum()) / 2)


def timed(limit: float, data):
    old = TR._IID_EXACT_MAX_TERMS
    TR._IID_EXACT_MAX_TERMS = limit
    try:
        t0 = time.perf_counter()
        r = time_roc(*data)
        return time.perf_counter() - t0, r
    finally:
        TR._IID_EXACT_MAX_TERMS = old


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="500,1000,2000,5000")
    ap.add_argument("--exact-max-n", type=int, default=1000, help="largest n timed in R's order (O(n^3))")
    ap.add_argument("--no-write", action="store_true")
    a = ap.parse_args()
    timed(TR._IID_EXACT_MAX_TERMS, cohort(60))  # compile / load the numba cache
    timed(-1.0, cohort(60))
    rows = []
    for n in [int(s) for s in a.sizes.split(",")]:
        d = cohort(n)
        td, rd = timed(TR._IID_EXACT_MAX_TERMS, d)
        path = "R order" if all(n * pairs(d, t) <= TR._IID_EXACT_MAX_TERMS for t in rd.times) else "O(n^2) sums"
        if n <= a.exact_max_n:
            te, re_ = timed(np.inf, d)
            same = "identical" if np.array_equal(re_.iid, rd.iid) else \
                f"max abs diff {np.nanmax(np.abs(re_.iid - rd.iid)):.1e} (iid), {np.nanmax(np.abs(re_.se - rd.se)):.1e} (se)"
            rows.append([f"{n:,}", f"{te:.2f}", f"{td:.2f} ({path})", f"{te / td:.0f}x", same])
        else:
            rows.append([f"{n:,}", "-", f"{td:.2f} ({path})", "-", "-"])
        print(rows[-1], flush=True)
    md = ("## time_roc: the iid standard error (timeROC 0.4.1)\n"
          "Python only: timeROC is not a Debian package (its outputs are stored goldens), so R cannot be timed "
          "here. `time_roc(time, event, marker, times=3 quartiles, iid=True)` on a simulated cohort with tied "
          "times and markers; single runs (" + MACHINE + "). \"R order\" forces timeROC's "
          "`sum_ij_a_k_fixe` for each of the n subjects as a sequential x87 long-double sum over all controls x "
          "cases (O(n^3), emulated bit for bit), as every n was summed before this change (the rest of the iid "
          "is now O(n^2) in both columns; the code before, all of it O(n^3), took 19.8 s at n = 1,000 in a run "
          "under the same load, and the issue measured 26 s at 1,000 and 194 s at 2,000). \"default\" keeps "
          "R's order while n x pairs <= 5e7 "
          "(every golden, n <= ~700), and above it sums each subject's terms in O(cases), correctly rounded "
          "(O(n^2) in all; may differ from R's sequence in the last bit: tolerance `timeroc.iid_rounded`).\n\n"
          + table(["n", "R order (s)", "default (s)", "speed-up", "iid / se vs R order"], rows)
          + "\n\nR's own timeROC runs the same O(n^3) loop (`sapply(1:n, sum_ij_a_k_fixe)` over an n_controls x "
          "n_cases matrix each time). Compute.iid.KM's matrix and the colSums of `Pour_sum_ij_a_k_fixe_3b` are "
          "now one shared long-double running sum continued per column over its own rows (R's order, "
          "bit-identical): O(n^2) time and memory (the n x n MatInt is still formed; n is refused above 56 n^2 "
          "bytes > 4 GiB, n ~ 8,700).")
    print(md)
    if not a.no_write:
        write_section("timeroc", md)


if __name__ == "__main__":
    main()

"""Benchmark: validate(fit, bw=True) against rms::validate(fit, bw = TRUE) (same data and seed, one process).

Run: ``.venv/bin/python benchmarks/bench_fastbw.py``; rewrites the ``fastbw`` section of BENCHMARKS.md.
"""
from __future__ import annotations

import os
import platform
import sys
import time
import warnings

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "tests"))

import numpy as np  # noqa: E402

from benchmarks._common import table, write_section, machine_note  # noqa: E402

MACHINE = machine_note()  # measured when the script starts
from cmvt_core import lrm, validate  # noqa: E402
from cmvt_core.parity.bridge import get_bridge  # noqa: E402


def main() -> None:
    from test_fastbw import CASES, _tree  # the parity tests' data sets and formulas
    b = get_bridge()
    b.library("rms")
    b.source("formula.R")
    b.source("fastbw.R")
    B, seed = 200, 1
    rows = []
    parallel = [(2, "threads"), (2, "processes")]  # the extra rows: birthwt on 2 workers
    for case in ("birthwt", "pima", "cohort"):
        load, formula = CASES[case]
        d = load(b)
        settings = [(1, "serial")] + (parallel if case == "birthwt" else [])
        timed = []
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            fit = lrm(formula, d)
            for n_jobs, backend in settings:
                kw = {} if backend == "serial" else {"n_jobs": n_jobs, "backend": backend}
                validate(fit, B=5, seed=seed, bw=True, **kw)  # compiles / loads the kernels, starts the pool
                t0 = time.perf_counter()
                v = validate(fit, B=B, seed=seed, bw=True, **kw)
                timed.append((n_jobs, backend, time.perf_counter() - t0, v))
        r = b.call_py("helper:fbw_validate", *_tree(formula), d, B, seed, "aic", "residual", 0.05, 0.0)
        rt = np.asarray(r["table"], dtype=float)
        t_r = float(np.asarray(b.call_py("helper:fbw_bench", *_tree(formula), d, B, seed)).ravel()[0])
        ref = timed[0][3]
        for n_jobs, backend, t_py, v in timed:
            same = (v.table.to_numpy().tobytes() == ref.table.to_numpy().tobytes() and v.kept.equals(ref.kept)
                    and str(v) == str(ref))
            diff = float(np.nanmax(np.abs(v.table.to_numpy()[:, :5] - rt[:, :5])))
            label = "1 (serial)" if backend == "serial" else f"{n_jobs} ({backend})"
            rows.append([case, f"{len(d)}", f"{len(v.kept.columns)}", f"{int(v.table.iloc[0, 5])}", label,
                         f"{t_py:.2f}", f"{t_r:.2f}", f"{t_r / t_py:.1f}", f"{diff:.1e}",
                         "yes" if same else "NO"])
            print(rows[-1], flush=True)
    md = [
        "## validate(bw=True) vs rms::validate(bw = TRUE)",
        "",
        f"rms {b.packages.get('rms')} on {b.r_version}; Python {platform.python_version()}, numpy {np.__version__}. "
        f"B = {B}, seed {seed}, rule 'aic', type 'residual'; the formula fits of tests/test_fastbw.py (birthwt: "
        "rcs(age, 4) + lwt + race * smoke + 4 more; Pima.tr: rcs(glu, 4) + bmi * age + 4 more; the project cohort: "
        "rcs(post_nlr, 4) * age_group + lsp(bmi) + female + rcs(pre_crp, 3)). One run each after a warm-up "
        f"(Python) / one `system.time`-style elapsed run (R). Timings: {MACHINE}; the ratios are indicative. "
        "Ratio = R time / Python time. 'max |diff|' compares validate's table (index.orig..index.corrected) "
        "with R's.",
        "",
        table(["data", "n", "factors", "replicates used", "n_jobs", "Python s", "R s", "ratio", "max |diff|",
               "same bytes as serial"], rows),
        "",
        "Per replicate: the full lrm.fit on the resample (sequential sums, as R), fastbw (numba linear algebra, "
        "the deletion loop in Python), then the reduced refit and its measures by validate's compiled kernels. "
        "With n_jobs the replicates are drawn first in R's order, spread in chunks over the workers "
        "(cmvt_core.parallel) and combined in order, so the table, .kept and the printout are the serial run's "
        "bytes. The fastbw loop holds the GIL, so threads gain little; processes pay for the pool's start (warmed "
        "up before timing) and the pickling of each chunk; on this shared 2-core machine the gain is bounded.",
    ]
    write_section("fastbw", "\n".join(md))


if __name__ == "__main__":
    main()

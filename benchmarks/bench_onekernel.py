"""Issue 16's A/B: the code before the kernel layer (b422d1f) against this checkout, step by step and the whole study.

Both trees run in alternating fresh processes (``PYTHONPATH=<tree>/src``, one warm-up call, then the timed calls),
on the shipped cohort (319 rows) with the study's settings.  The measure is the CPU time of the process
(``time.process_time``: all threads), which a busy shared machine disturbs far less than wall time; the table
gives, for each tree, the best and the median over every timed call.

    .venv/bin/python benchmarks/bench_onekernel.py [--against REV] [--rounds N]

Rewrites the "one-kernel" section of BENCHMARKS.md.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks._common import ROOT, machine_note, table, write_section  # noqa: E402

STEPS = ("study", "calibrate", "validate", "cv_glmnet", "dca_refits", "dca_fitted")

# run in the child process, against whichever tree PYTHONPATH points at (the old tree has cmvt_core.pipeline)
CHILD = r"""
import sys, time, warnings
warnings.simplefilter("ignore")
import numpy as np, pandas as pd
import cmvt_core as C
from cmvt_core.cohort import read_csv, load_cohort
from cmvt_core.datasets import cmvt_cohort_path
try:
    from cmvt_core.study.pipeline import StudyConfig, run_study
except ImportError:
    from cmvt_core.pipeline import StudyConfig, run_study
step, reps = sys.argv[1], int(sys.argv[2])
d = read_csv(cmvt_cohort_path())
X, y = load_cohort(d, "cmvt")
fit = C.lrm(X, y)
cols = list(X.columns[:3])
dd = X[cols].copy(); dd["y"] = y
dr = pd.DataFrame({"y": y, "r": fit.fitted})
calls = {
    "study": lambda: run_study(d, StudyConfig()),
    "calibrate": lambda: C.calibrate(fit, B=1000, seed=1),
    "validate": lambda: C.validate(fit, B=1000, seed=1),
    "cv_glmnet": lambda: C.cv_glmnet(X, y, type_measure="mse", seed=1),
    "dca_refits": lambda: C.decision_curve(dd, "y", cols, bootstraps=500, seed=1),
    "dca_fitted": lambda: C.decision_curve(dr, "y", "r", fitted_risk=True, bootstraps=500, seed=1),
}
f = calls[step]
f()
for _ in range(reps):
    c0 = time.process_time(); f(); print(time.process_time() - c0, flush=True)
"""


def run(tree: Path, step: str, reps: int) -> list[float]:
    env = dict(os.environ, PYTHONPATH=str(tree / "src"), OPENBLAS_NUM_THREADS="1")
    out = subprocess.run([sys.executable, "-c", CHILD, step, str(reps)], env=env, capture_output=True, text=True,
                         check=True)
    return [float(v) for v in out.stdout.split()]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--against", default="b422d1f")
    ap.add_argument("--rounds", type=int, default=4)
    ap.add_argument("--reps", type=int, default=3)
    args = ap.parse_args()
    note = machine_note()
    with tempfile.TemporaryDirectory() as tmp:
        old = Path(tmp) / "old"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "-f", "--detach", str(old), args.against],
                       check=True, capture_output=True)
        try:
            rows = []
            for step in STEPS:
                times: dict[str, list[float]] = {"old": [], "new": []}
                for tree in (old, ROOT):  # compile each tree's kernels once, untimed
                    run(tree, step, 0)
                for _ in range(args.rounds):
                    times["old"] += run(old, step, args.reps)
                    times["new"] += run(ROOT, step, args.reps)
                bo, bn = min(times["old"]), min(times["new"])
                mo, mn = statistics.median(times["old"]), statistics.median(times["new"])
                rows.append([step, f"{bo:.3f}", f"{bn:.3f}", f"{bn / bo:.2f}", f"{mo:.3f}", f"{mn:.3f}",
                             f"{mn / mo:.2f}"])
                print(rows[-1], flush=True)
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(old)], capture_output=True)
    head = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                          text=True).stdout.strip()
    md = [
        "## One kernel per R routine (issue 16): what it cost",
        "",
        f"`benchmarks/bench_onekernel.py`: the code before the kernel layer ({args.against}) against {head}, in "
        f"alternating fresh processes, {args.rounds} rounds of {args.reps} timed calls each after a warm-up; CPU "
        "seconds of the process (all threads), best and median. Steps on the shipped cohort (319 rows, lrm on all 26 "
        "predictors for calibrate/validate, 3 predictors refitted by glm in each of the decision curve's 500 "
        "bootstraps, or the fitted risk without refits); \"study\" is `run_study` with the study's settings "
        "(B = 1000, 500 bootstraps per decision curve, two groups). " + note + ".",
        "",
        table(["step", "before, best s", "after, best s", "after / before", "before, median s", "after, median s",
               "after / before (median)"], rows),
    ]
    write_section("one-kernel", "\n".join(md))


if __name__ == "__main__":
    main()

"""Benchmark: cmvt_core.cv_glmnet vs glmnet::cv.glmnet (10 folds, the same foldid), side by side.

Run: ``.venv/bin/python benchmarks/bench_lasso.py`` -- rewrites the "lasso" section of BENCHMARKS.md.
Data are simulated logistic data (8 true effects); the fold ids come from R's RNG (seed 1), and
the R inputs are converted once, so R's timing is cv.glmnet alone.
"""
from __future__ import annotations

import platform
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402

from benchmarks._common import best_time, table, write_section, machine_note  # noqa: E402

MACHINE = machine_note()  # measured when the script starts
from cmvt_core import cv_glmnet  # noqa: E402
from cmvt_core.lasso import fold_ids  # noqa: E402
from cmvt_core.parity.bridge import get_bridge  # noqa: E402

SIZES = [(224, 26, 5), (10_000, 100, 2), (100_000, 50, 1)]


def simulate(n: int, p: int):
    rs = np.random.default_rng(n + p)
    X = rs.normal(size=(n, p))
    b = np.zeros(p)
    b[:8] = rs.normal(size=8) * 0.5
    y = (rs.uniform(size=n) < 1 / (1 + np.exp(-(X @ b - 0.5)))).astype(float)
    return X, y


def main() -> None:
    b = get_bridge()
    b.library("glmnet")
    rcv = b.fn("glmnet::cv.glmnet")
    rows = []
    for n, p, rep in SIZES:
        X, y = simulate(n, p)
        fid = fold_ids(n, 10, seed=1)
        rX, ry, rfid = b.to_r(X), b.to_r(y), b.to_r(fid)
        fam = b.to_r("binomial")
        t_py = best_time(lambda: cv_glmnet(X, y, foldid=fid), repeat=rep)
        t_r = best_time(lambda: rcv(rX, ry, family=fam, foldid=rfid), repeat=rep)
        cv = cv_glmnet(X, y, foldid=fid)
        rres = rcv(rX, ry, family=fam, foldid=rfid)
        rd = b.to_py(rres)
        r_min = float(rd["lambda.min"][0])
        r_cvm = rd["cvm"]
        same = (cv.lambda_min == r_min) and cv.cvm.shape == r_cvm.shape and \
            float(np.max(np.abs(cv.cvm - r_cvm))) <= 1e-9
        rows.append([f"({n:,}, {p})", f"{t_py:.3f}", f"{t_r:.3f}", f"{t_r / t_py:.2f}",
                     f"{len(cv.lambda_)}", "yes" if same else "NO"])
        print(rows[-1], flush=True)
    md = "\n".join([
        "## LASSO: cv_glmnet vs glmnet::cv.glmnet",
        "",
        "`cv_glmnet(x, y, foldid=f)` against `cv.glmnet(x, y, family=\"binomial\", foldid=f)` (glmnet "
        f"{b.packages.get('glmnet', '?')}), 10 folds, the same fold ids, simulated logistic data, default "
        "lambda path. Best wall time of the repeats after one warm-up call (numba kernels compiled and cached "
        "beforehand). Ratio = R time / Python time (above 1: Python faster). \"Same result\": identical "
        "lambda.min and cvm within 1e-9.",
        "",
        table(["(n, p)", "Python s", "R s", "ratio R/Py", "lambdas", "same result"], rows),
        "",
        f"Timings: {MACHINE}; single-threaded, "
        f"{platform.python_implementation()} {platform.python_version()}, {time.strftime('%Y-%m-%d')}; "
        "expect some noise. Python runs the folds sequentially, as R does (`n_jobs=2` can use a second core).",
    ])
    write_section("lasso", md)


if __name__ == "__main__":
    main()

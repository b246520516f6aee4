"""Benchmark: cmvt_core.cv_glmnet(family="cox") vs glmnet::cv.glmnet(family = "cox") (10 folds, the same foldid).

Run: ``.venv/bin/python benchmarks/bench_lasso_cox.py`` -- rewrites the "lasso_cox" section of BENCHMARKS.md.
The data are simulated Cox data (exponential times with 6 true effects, 30% censoring, times rounded so there are ties);
the fold ids come from R's RNG (seed 1), and the R inputs are converted once, so R's timing is cv.glmnet alone.
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

SIZES = [(224, 26, 5), (10_000, 50, 1)]


def simulate(n: int, p: int):
    rs = np.random.default_rng(n + p)
    X = rs.normal(size=(n, p))
    b = np.zeros(p)
    b[:6] = rs.normal(size=6) * 0.5
    t = np.round(rs.exponential(np.exp(-(X @ b))) * 100.0) + 1.0
    e = (rs.uniform(size=n) < 0.7).astype(float)
    return X, t, e


def main() -> None:
    b = get_bridge()
    b.library("glmnet", "survival")
    rcv = b.fn("glmnet::cv.glmnet")
    surv = b.fn("survival::Surv")
    sizes = SIZES + ([(50_000, 20, 1)] if "--large" in sys.argv else [])
    rows = []
    for n, p, rep in sizes:
        X, t, e = simulate(n, p)
        fid = fold_ids(n, 10, seed=1)
        rX, ry, rfid = b.to_r(X), surv(b.to_r(t), b.to_r(e)), b.to_r(fid)
        fam = b.to_r("cox")
        cv_glmnet(X[:200], family="cox", time=t[:200], event=e[:200], foldid=fid[:200] % 10 + 1)  # warm-up
        t_py = best_time(lambda: cv_glmnet(X, family="cox", time=t, event=e, foldid=fid, n_jobs=1), repeat=rep)
        t_r = best_time(lambda: rcv(rX, ry, family=fam, foldid=rfid), repeat=rep)
        cv = cv_glmnet(X, family="cox", time=t, event=e, foldid=fid, n_jobs=1)
        rd = b.to_py(rcv(rX, ry, family=fam, foldid=rfid))
        r_min = float(rd["lambda.min"][0])
        r_cvm = rd["cvm"]
        same = (cv.lambda_min == r_min) and cv.cvm.shape == r_cvm.shape and bool(np.all(cv.cvm == r_cvm))
        rows.append([f"({n:,}, {p})", f"{t_py:.3f}", f"{t_r:.3f}", f"{t_r / t_py:.2f}",
                     f"{len(cv.lambda_)}", "yes" if same else "NO"])
        print(rows[-1], flush=True)
    md = "\n".join([
        "## LASSO-Cox: cv_glmnet(family=\"cox\") vs glmnet::cv.glmnet(family = \"cox\")",
        "",
        "`cv_glmnet(x, family=\"cox\", time=t, event=e, foldid=f)` against `cv.glmnet(x, Surv(t, e), family = "
        f"\"cox\", foldid = f)` (glmnet {b.packages.get('glmnet', '?')}), 10 folds, the same fold ids, simulated "
        "Cox data with tied times and 30% censoring, default lambda path and type.measure (partial-likelihood "
        "deviance). Best wall time of the repeats after a warm-up call. Ratio = R time / Python time (above 1: "
        "Python faster). \"Same result\": identical lambda.min and cvm (bit for bit).",
        "",
        table(["(n, p)", "Python s", "R s", "ratio R/Py", "lambdas", "same result"], rows),
        "",
        f"Timings: {MACHINE}; single-threaded, "
        f"{platform.python_implementation()} {platform.python_version()}, {time.strftime('%Y-%m-%d')}; "
        "expect some noise (a shared machine). Python runs the folds sequentially, as R does.",
    ])
    write_section("lasso_cox", md)


if __name__ == "__main__":
    main()

"""Scaling curves of each study step, n = 10^3 .. 10^6, Python vs R: time and peak memory (issue 10).

Each (step, language, n) point runs in its own subprocess (so memory peaks do not mix):
* Python: peak resident memory of the step over the resident memory just before it (Linux:
  ``/proc/self/clear_refs`` resets the high-water mark, then ``VmHWM - VmRSS``), wall time;
* R (embedded through the bridge in that subprocess): time measured inside R (``proc.time``) and R's
  heap peak over its level before the call (``gc(reset = TRUE)``, then "max used" - "used", Ncells + Vcells).
A point is skipped when the previous n of the same step took long enough that 10x more data would
exceed the cap (default 180 s), and a point that runs past the cap is stopped and reported as such.

Data: simulated logistic model, p = 8 continuous predictors.  Bootstrap counts are reduced so that
the whole script stays under ~25 minutes on 2 cores: calibrate/validate B = 20, decision_curve 20
bootstraps (the study's B = 1000 / 500 are timed in bench_study.py).  Writes the "scaling" section
of BENCHMARKS.md and benchmarks/scaling.png.  Run: .venv/bin/python benchmarks/bench_scaling.py
"""
from __future__ import annotations

import argparse
import datetime
import json
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402

from benchmarks._common import ROOT, table, write_section, machine_note  # noqa: E402

MACHINE = machine_note()  # measured when the script starts

SIZES = [1_000, 10_000, 100_000, 1_000_000]
STEPS = ["cv_glmnet", "lrm", "calibrate", "validate", "roc", "decision_curve"]
P = 8
B_BOOT = 20
CAP = float(os.environ.get("CMVT_SCALING_CAP", "180"))


def data(n: int):
    rng = np.random.default_rng(n)
    x = rng.normal(size=(n, P))
    beta = np.linspace(-0.8, 0.8, P)
    y = (rng.random(n) < 1 / (1 + np.exp(-(x @ beta - 0.5)))).astype(float)
    return x, y


def _status() -> dict:
    out = {}
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith(("VmHWM", "VmRSS")):
                k, v = line.split(":")
                out[k] = int(v.split()[0]) / 1024.0
    return out


def point(step: str, lang: str, n: int) -> dict:
    x, y = data(n)
    if lang == "python":
        import pandas as pd
        from cmvt_core import calibrate, cv_glmnet, decision_curve, lrm, roc, validate
        df = pd.DataFrame(x, columns=[f"x{i + 1}" for i in range(P)])
        fit = lrm(df, y) if step in ("calibrate", "validate", "roc") else None
        fns = {
            "cv_glmnet": lambda: cv_glmnet(x, y, nfolds=10, seed=1, type_measure="mse"),
            "lrm": lambda: lrm(df, y),
            "calibrate": lambda: calibrate(fit, B=B_BOOT, seed=1),
            "validate": lambda: validate(fit, B=B_BOOT, seed=1),
            "roc": lambda: roc(y, np.asarray(fit.fitted)).ci_auc(),
            "decision_curve": lambda: decision_curve(df.assign(y=y), "y", list(df.columns), bootstraps=B_BOOT,
                                                     seed=1),
        }
        # compile/warm up on a small problem (numba kernels are cached on disk)
        xs, ys = data(500)
        dfs = pd.DataFrame(xs, columns=df.columns)
        fs = lrm(dfs, ys)
        {"cv_glmnet": lambda: cv_glmnet(xs, ys, nfolds=10, seed=1), "lrm": lambda: lrm(dfs, ys),
         "calibrate": lambda: calibrate(fs, B=2, seed=1), "validate": lambda: validate(fs, B=2, seed=1),
         "roc": lambda: roc(ys, np.asarray(fs.fitted)).ci_auc(),
         "decision_curve": lambda: decision_curve(dfs.assign(y=ys), "y", list(dfs.columns), bootstraps=2,
                                                  seed=1)}[step]()
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
        before = _status()["VmRSS"]
        t0 = time.perf_counter()
        fns[step]()
        el = time.perf_counter() - t0
        return {"seconds": el, "peak_mb": max(0.0, _status()["VmHWM"] - before)}
    from cmvt_core.parity.bridge import get_bridge
    b = get_bridge()
    for pkg in ("glmnet", "rms", "pROC"):
        b.library(pkg)
    b.source("dca.R")
    b.source("study_bench.R")
    if step == "roc":
        from cmvt_core import lrm
        import pandas as pd
        p_hat = np.asarray(lrm(pd.DataFrame(x), y).fitted)
    calls = {
        "cv_glmnet": lambda: b.call("helper:sb_cv", x, y, 1, nfolds=10, type_measure="mse"),
        "lrm": lambda: b.call("helper:sb_lrm", x, y),
        "calibrate": lambda: b.call("helper:sb_calibrate", x, y, B_BOOT, 1),
        "validate": lambda: b.call("helper:sb_validate", x, y, B_BOOT, 1),
        "roc": lambda: b.call("helper:sb_roc", y, p_hat),
        "decision_curve": lambda: b.call("helper:sb_dca", x, y, B_BOOT, 1),
    }
    r = b.to_py(calls[step]())
    return {"seconds": float(np.ravel(r["seconds"])[0]), "peak_mb": float(np.ravel(r["peak_mb"])[0])}


def run_point(step, lang, n, timeout):
    cmd = [sys.executable, __file__, "--point", step, lang, str(n)]
    try:
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=ROOT)
    except subprocess.TimeoutExpired:
        return {"status": f"> {timeout:.0f} s (stopped)"}
    if r.returncode != 0:
        return {"status": "failed: " + (r.stderr.strip().splitlines() or ["?"])[-1][:80]}
    return json.loads(r.stdout.strip().splitlines()[-1])


def main():
    t_start = time.perf_counter()
    res: dict = {}
    for step in STEPS:
        for lang in ("python", "r"):
            prev = None
            for n in SIZES:
                key = (step, lang, n)
                if prev is not None and "seconds" not in prev:
                    res[key] = {"status": "skipped (smaller n hit the cap)"}
                    continue
                if prev is not None and prev["seconds"] * 10 > CAP:
                    res[key] = {"status": f"skipped (est. ~{prev['seconds'] * 10:.0f} s > {CAP:.0f} s cap)"}
                    prev = res[key]
                    continue
                res[key] = run_point(step, lang, n, CAP + 60)
                prev = res[key]
                print(step, lang, n, res[key], f"[{time.perf_counter() - t_start:.0f}s]", flush=True)

    def cell(d, what):
        if "seconds" not in d:
            return d["status"]
        return f"{d['seconds']:.3g}" if what == "s" else f"{d['peak_mb']:.0f}"

    rows = []
    for step in STEPS:
        for n in SIZES:
            py, rr = res[(step, "python", n)], res[(step, "r", n)]
            ratio = f"{rr['seconds'] / py['seconds']:.1f}x" if "seconds" in py and "seconds" in rr else "-"
            rows.append([step, f"{n:,}", cell(py, "s"), cell(rr, "s"), ratio, cell(py, "m"), cell(rr, "m")])

    # the plot
    import matplotlib
    matplotlib.use("Agg")
    from matplotlib.figure import Figure
    fig = Figure(figsize=(12, 7))
    axes = fig.subplots(2, 3).ravel()
    for ax, step in zip(axes, STEPS):
        for lang, style in (("python", "o-"), ("r", "s--")):
            ns = [n for n in SIZES if "seconds" in res[(step, lang, n)]]
            ts = [res[(step, lang, n)]["seconds"] for n in ns]
            if ns:
                ax.loglog(ns, ts, style, label="Python (cmvt_core)" if lang == "python" else "R")
        ax.set_title(step + (f" (B={B_BOOT})" if step in ("calibrate", "validate", "decision_curve") else ""))
        ax.set_xlabel("n")
        ax.set_ylabel("seconds")
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize=8)
    fig.suptitle(f"Time vs n, p = {P} (2-core machine)")
    fig.tight_layout()
    fig.savefig(ROOT / "benchmarks" / "scaling.png", dpi=90)

    md = [
        "## Scaling: each step from n = 10^3 to 10^6 (issue 10)",
        "",
        f"Simulated logistic data with p = {P} continuous predictors. Bootstrap counts are reduced so the "
        f"script fits in ~25 minutes: calibrate and validate B = {B_BOOT}, decision_curve {B_BOOT} bootstraps "
        "(glm refitted in every replicate); the study's B = 1000/500 are timed in the \"study\" section. "
        "cv_glmnet: 10 folds, type.measure mse. Each point runs in a fresh subprocess. Python memory: the "
        "peak resident memory of the step above the resident memory just before it (`/proc/self/clear_refs`, "
        "`VmHWM`). R memory: R's heap peak above its level before the call (`gc(reset=TRUE)`, max used - "
        "used, Ncells + Vcells), which leaves out memory R's packages allocate outside R's heap. "
        f"R and Python points that would take more than {CAP:.0f} s (estimated from the previous n, "
        "assuming at least linear growth) are skipped and marked; a point still running after the cap is stopped.",
        "",
        table(["step", "n", "Python s", "R s", "R / Python", "Python peak MB", "R peak MB"], rows),
        "",
        "![](benchmarks/scaling.png)",
        "",
        f"Timings: {MACHINE} ({datetime.date.today().isoformat()}); "
        f"total script time {(time.perf_counter() - t_start) / 60:.1f} min.",
    ]
    write_section("scaling", "\n".join(md))


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--point", nargs=3, metavar=("STEP", "LANG", "N"))
    a = ap.parse_args()
    if a.point:
        s, lang_, n_ = a.point
        print(json.dumps(point(s, lang_, int(n_))))
    else:
        main()

"""The whole CMVT study, Python vs R side by side in one run (issue 10), and the import time.

On the example cohort (src/cmvt_core/data/cmvt_cohort.csv, R's 7:3 split, training rows): cv_glmnet (10 folds,
type.measure "mse"), lrm on the LASSO-selected variables, calibrate B=1000, validate B=1000, roc with
the DeLong CI, decision_curve with 500 bootstraps (glm refitted in every replicate).  R runs
glmnet::cv.glmnet, rms::lrm, rms::calibrate, rms::validate, pROC::roc + ci.auc and, for the DCA,
the plain-R rmda algorithm of parity/r/dca.R (rmda is not installable here), each timed inside R.

Rewrites the "study" and "import" sections of BENCHMARKS.md.  Run: .venv/bin/python benchmarks/bench_study.py
"""
from __future__ import annotations

import datetime
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from benchmarks._common import ROOT, table, write_section, machine_note  # noqa: E402

MACHINE = machine_note()  # measured when the script starts

SEED = 2024
B_CAL = 1000
B_DCA = 500


def timed(fn, repeat=1):
    """(best wall seconds of `repeat` runs, last value)."""
    best, out = np.inf, None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def maxdiff(a, b) -> float:
    a = np.asarray(a, dtype=float).ravel()
    b = np.asarray(b, dtype=float).ravel()
    if a.shape != b.shape:
        return float("inf")
    ok = ~(np.isnan(a) & np.isnan(b))
    if np.any(np.isnan(a[ok]) != np.isnan(b[ok])):
        return float("inf")
    d = np.abs(a[ok] - b[ok])
    d = d[~np.isnan(d)]
    return float(d.max()) if d.size else 0.0


def import_times(n=7) -> dict:
    """Wall time of `python -c "import cmvt_core"` and of the import itself (-X importtime), best of n."""
    py = sys.executable
    env = dict(os.environ)
    walls, inner = [], []
    for _ in range(n):
        t0 = time.perf_counter()
        subprocess.run([py, "-c", "import cmvt_core"], check=True, env=env)
        walls.append(time.perf_counter() - t0)
        r = subprocess.run([py, "-X", "importtime", "-c", "import cmvt_core"], check=True, env=env,
                           capture_output=True, text=True)
        for line in r.stderr.splitlines():
            if line.rstrip().endswith("| cmvt_core"):
                inner.append(int(line.split("|")[1]) / 1e6)
    base = []
    for _ in range(n):
        t0 = time.perf_counter()
        subprocess.run([py, "-c", "pass"], check=True, env=env)
        base.append(time.perf_counter() - t0)
    probe = ("import sys, cmvt_core; heavy = ('numba', 'matplotlib', 'rpy2', 'dask', 'distributed', 'joblib', "
             "'scipy', 'pandas'); print(','.join(m for m in heavy if m in sys.modules))")
    loaded = subprocess.run([py, "-c", probe], check=True, capture_output=True, text=True, env=env).stdout.strip()
    t_numpy = []
    for _ in range(n):
        r = subprocess.run([py, "-X", "importtime", "-c", "import numpy"], check=True, env=env,
                           capture_output=True, text=True)
        for line in r.stderr.splitlines():
            if line.rstrip().endswith("| numpy"):
                t_numpy.append(int(line.split("|")[1]) / 1e6)
    return {"wall": min(walls), "inner": min(inner), "python": min(base), "numpy": min(t_numpy),
            "loaded": loaded or "none"}


def main():
    from cmvt_core import calibrate, cv_glmnet, decision_curve, lrm, roc, validate
    from cmvt_core.cohort import split_train_validation
    from cmvt_core.parity.bridge import get_bridge

    b = get_bridge()
    for pkg in ("glmnet", "rms", "pROC"):
        b.library(pkg)
    b.source("dca.R")
    b.source("study_bench.R")

    df = pd.read_csv(ROOT / "src" / "cmvt_core" / "data" / "cmvt_cohort.csv")
    cand = [c for c in df.columns if c != "cmvt"]
    tr = split_train_validation(len(df), 0.7, SEED)
    train = df.iloc[tr].reset_index(drop=True)
    Xt = train[cand]
    yt = train["cmvt"].to_numpy(dtype=float)
    xmat = Xt.to_numpy(dtype=float)

    rows = []
    checks = []

    def step(name, py_fn, r_fn, compare, repeat_py=3, note=""):
        py_fn()  # warm-up (numba kernels compiled/cached, pools started)
        tp, pv = timed(py_fn, repeat_py)
        rr = b.to_py(r_fn())
        tr_ = float(np.asarray(rr["seconds"]).ravel()[0])
        diff = compare(pv, rr["value"])
        rows.append([name, tp, tr_, note])
        checks.append((name, diff))
        print(f"{name}: python {tp:.3f}s R {tr_:.3f}s  max|diff| {diff:.2e}", flush=True)
        return pv

    # 1. cv.glmnet, 10 folds, mse
    cv = step("cv_glmnet (10-fold, mse)",
              lambda: cv_glmnet(Xt, yt, nfolds=10, seed=SEED, type_measure="mse"),
              lambda: b.call("helper:sb_cv", xmat, yt, SEED, nfolds=10, type_measure="mse"),
              lambda p, r: max(maxdiff(p.lambda_min, r["lambda_min"]), maxdiff(p.coef("lambda.min"), r["coef_min"])))
    beta = np.asarray(cv.coef("lambda.min"))[1:]
    sel = [c for c, v in zip(cand, beta) if v != 0]
    Xs = train[sel]
    xs = Xs.to_numpy(dtype=float)
    print("selected:", sel, flush=True)

    # 2. lrm
    fit = step("lrm (selected variables)", lambda: lrm(Xs, yt),
               lambda: b.call("helper:sb_lrm", xs, yt),
               lambda p, r: maxdiff(p.coef.to_numpy(), r["coef"]), repeat_py=5)
    p_hat = np.asarray(fit.fitted, dtype=float)

    # 3-4. calibrate / validate, B = 1000
    step(f"calibrate (B={B_CAL})", lambda: calibrate(fit, B=B_CAL, seed=SEED),
         lambda: b.call("helper:sb_calibrate", xs, yt, B_CAL, SEED),
         lambda p, r: maxdiff(p.table["calibrated_corrected"].to_numpy(), r["corrected"]))
    step(f"validate (B={B_CAL})", lambda: validate(fit, B=B_CAL, seed=SEED),
         lambda: b.call("helper:sb_validate", xs, yt, B_CAL, SEED),
         lambda p, r: maxdiff(p.table.iloc[:, :5].to_numpy().T, r["table"]))

    # 5. roc + DeLong CI
    step("roc + ci.auc (DeLong)", lambda: roc(yt, p_hat).ci_auc(),
         lambda: b.call("helper:sb_roc", yt, p_hat),
         lambda p, r: maxdiff(p, r["ci"]), repeat_py=5)

    # 6. decision curve, 500 bootstraps, glm refit per replicate
    dtrain = Xs.copy()
    dtrain.columns = [f"v{i + 1}" for i in range(len(sel))]
    dtrain[".y"] = yt

    def dca_py(n_jobs=None, backend="threads"):
        return decision_curve(dtrain, ".y", list(dtrain.columns[:-1]), bootstraps=B_DCA, seed=SEED,
                              n_jobs=n_jobs, backend=backend)

    def dca_cmp(p, r):
        dd = p.derived_data
        return max(maxdiff(dd["NB"], r["NB"]), maxdiff(dd["NB_lower"], r["NB_lower"]),
                   maxdiff(dd["NB_upper"], r["NB_upper"]))

    step(f"decision_curve ({B_DCA} bootstraps, glm refits)", dca_py,
         lambda: b.call("helper:sb_dca", xs, yt, B_DCA, SEED), dca_cmp, repeat_py=2)

    # extra: the bootstrap steps on 2 workers (same numbers, checked byte for byte)
    par = []
    for label, fn1, fn2, key in [
        ("calibrate", lambda: calibrate(fit, B=B_CAL, seed=SEED),
         lambda: calibrate(fit, B=B_CAL, seed=SEED, n_jobs=2, backend="processes"),
         lambda r: r.table.to_numpy()),
        ("validate", lambda: validate(fit, B=B_CAL, seed=SEED),
         lambda: validate(fit, B=B_CAL, seed=SEED, n_jobs=2, backend="processes"),
         lambda r: r.table.to_numpy()),
        ("decision_curve", dca_py, lambda: dca_py(2, "processes"),
         lambda r: r.derived_data.drop(columns=["model", "cost_benefit_ratio"]).to_numpy(dtype=float)),
    ]:
        try:
            fn2()
            t1, r1 = timed(fn1, 2)
            t2, r2 = timed(fn2, 2)
            par.append([label, f"{t1:.3f}", f"{t2:.3f}", f"{t1 / t2:.2f}",
                        "yes" if np.array_equal(key(r1), key(r2), equal_nan=True) else "NO"])
        except TypeError as e:  # n_jobs not (yet) accepted
            par.append([label, f"{timed(fn1)[0]:.3f}", "-", "-", f"n/a ({e})"])
        print(par[-1], flush=True)

    tot_py = sum(r[1] for r in rows)
    tot_r = sum(r[2] for r in rows)
    out_rows = []
    for (name, tp, tr_, _), (_, diff) in zip(rows, checks):
        out_rows.append([name, f"{tp:.3f}", f"{tr_:.3f}", f"{tr_ / tp:.1f}x", f"{diff:.1e}"])
    out_rows.append(["**whole study**", f"**{tot_py:.3f}**", f"**{tot_r:.3f}**", f"**{tot_r / tot_py:.1f}x**", ""])

    imp = import_times()
    pk = ["glmnet", "rms", "pROC"]
    try:
        b.source("helpers.R")
        vals = np.asarray(b.to_py(b.call("helper:package_versions", pk))).ravel().tolist()
        vers = dict(zip(pk, map(str, vals)))
    except Exception:  # versions are decoration only
        vers = {}
    goal = "met" if tot_r / tot_py >= 10 else "not met"
    md = [
        "## The whole study: Python vs the R workflow (issue 10)",
        "",
        f"Example cohort `src/cmvt_core/data/cmvt_cohort.csv`, training rows of R's 7:3 split (n = {len(yt)}, "
        f"{int(yt.sum())} events), seed {SEED} before every random step. LASSO kept {len(sel)} variables "
        f"({', '.join(sel)}). R: glmnet::cv.glmnet, rms::lrm, rms::calibrate, rms::validate, "
        "pROC::roc + ci.auc, and for the decision curve the plain-R rmda algorithm of `parity/r/dca.R` "
        "(rmda is not installable here; glm refitted in every replicate, as rmda). R is timed inside R "
        "(`proc.time()`), so data conversion is not charged to it; single R runs. Python: best of 2-5 runs "
        "after a warm-up, default settings (numba kernels may use both cores). "
        "`max |diff|` compares the numbers each step reports (lambda.min and coefficients; lrm "
        "coefficients; calibrated.corrected; validate's table; the AUC CI; NB and its CI at all thresholds).",
        "",
        table(["step", "Python s", "R s", "R / Python", "max |diff| vs R"], out_rows),
        "",
        f"Goal (whole study at least 10x faster than R): **{goal}** ({tot_r / tot_py:.1f}x).",
        "",
        "The bootstrap steps on 2 worker processes (`n_jobs=2, backend=\"processes\"`; results "
        "compared byte for byte with the default run):",
        "",
        table(["step", "default s", "n_jobs=2 s", "speed-up", "identical"], par),
        "",
        f"Timings: {MACHINE} "
        f"({datetime.date.today().isoformat()}, CPython {platform.python_version()}, R through rpy2"
        f"{', ' + ', '.join(f'{k} {v}' for k, v in vers.items()) if vers else ''}); expect noise.",
    ]
    write_section("study", "\n".join(md))

    md_imp = [
        "## Import time (issue 10)",
        "",
        "`import cmvt_core` loads the package, its errors and R's random number generator (numpy); the "
        "computation modules, numba kernels, matplotlib, rpy2, joblib and Dask are imported only when "
        "first used (checked by tests/test_parallel.py::test_import_is_light).",
        "",
        table(["what", "seconds"], [
            ["`import cmvt_core` (-X importtime, cumulative, best of 7)", f"{imp['inner']:.3f}"],
            ["  of which numpy", f"{imp['numpy']:.3f}"],
            ["`python -c \"import cmvt_core\"` wall (best of 7)", f"{imp['wall']:.3f}"],
            ["`python -c pass` wall (interpreter start)", f"{imp['python']:.3f}"],
        ]),
        "",
        f"Heavy modules loaded by `import cmvt_core`: {imp['loaded']}. Shared 2-core machine; noisy.",
    ]
    write_section("import", "\n".join(md_imp))


if __name__ == "__main__":
    main()

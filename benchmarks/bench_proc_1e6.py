"""Benchmark: pROC's bootstrap features at n = 10^6 with boot_n = 2000 on both sides (issue 21, speed point).

Run one feature at a time (the machine is shared)::

    .venv/bin/python benchmarks/bench_proc_1e6.py --feature var
    .venv/bin/python benchmarks/bench_proc_1e6.py --feature bootstrap --small 2
    .venv/bin/python benchmarks/bench_proc_1e6.py --write      # the proc-1e6 section of BENCHMARKS.md
    .venv/bin/python benchmarks/bench_proc_1e6.py --limit-check

Features: bootstrap, specificity, sensitivity, venkatraman (roc.test methods, paired curves), var, cov,
ci.thresholds, "ci.auc partial" (``--feature ci.auc-partial``).

Per feature: Python runs the whole call at boot_n = 2000 (curves built inside the call, seed 1), timed.
Then pROC runs the same call at boot_n = 2000 in the same process (rpy2), after ``set.seed(1)``, under
``setTimeLimit(elapsed = X, transient = TRUE)`` with X = 1.25 x Python's measured time (``--factor``).
When R has not finished after X s, R's time at boot_n = 2000 is more than X (it had done at least that
much of its work), a measured lower bound, so R / Python > X / Python time.  ``--small B`` also runs both
sides to the end at boot_n = B (R's time per replicate as context, and the two values compared).
Each run appends a record to benchmarks/proc_1e6_results.json; ``--write`` builds the section from it.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
import warnings
from datetime import datetime, timezone

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import numpy as np  # noqa: E402

from benchmarks._common import ROOT, machine_note, table, write_section  # noqa: E402
from benchmarks.bench_proc_tests import data  # noqa: E402  (the same data recipe as the pROC tests benchmark)

from cmvt_core import RWarning, cov, roc, roc_test  # noqa: E402

RESULTS = ROOT / "benchmarks" / "proc_1e6_results.json"
N = 10**6
BOOT_N = 2000
SEED = 1
FEATURES = ("bootstrap", "specificity", "sensitivity", "venkatraman", "var", "cov", "ci.thresholds",
            "ci.auc partial")

PY_CALLS = {
    "bootstrap": 'roc_test(roc(y, p1), roc(y, p2), method="bootstrap", boot_n=2000, seed=1)',
    "specificity": 'roc_test(roc(y, p1), roc(y, p2), method="specificity", specificity=0.9, boot_n=2000, seed=1)',
    "sensitivity": 'roc_test(roc(y, p1), roc(y, p2), method="sensitivity", sensitivity=0.9, boot_n=2000, seed=1)',
    "venkatraman": 'roc_test(roc(y, p1), roc(y, p2), method="venkatraman", boot_n=2000, seed=1)',
    "var": 'roc(y, p1).var("bootstrap", boot_n=2000, seed=1)',
    "cov": 'cov(roc(y, p1), roc(y, p2), method="bootstrap", boot_n=2000, seed=1)',
    "ci.thresholds": 'roc(y, p1).ci_thresholds("best", boot_n=2000, seed=1)',
    "ci.auc partial": 'roc(y, p1, partial_auc=(1, 0.8), partial_auc_correct=True).ci_auc(method="bootstrap", '
                      'boot_n=2000, seed=1)',
}
R_CALLS = {
    "bootstrap": 'roc.test(roc(y, p1), roc(y, p2), method = "bootstrap", boot.n = 2000)',
    "specificity": 'roc.test(roc(y, p1), roc(y, p2), method = "specificity", specificity = 0.9, boot.n = 2000)',
    "sensitivity": 'roc.test(roc(y, p1), roc(y, p2), method = "sensitivity", sensitivity = 0.9, boot.n = 2000)',
    "venkatraman": 'roc.test(roc(y, p1), roc(y, p2), method = "venkatraman", boot.n = 2000)',
    "var": 'var(roc(y, p1), method = "bootstrap", boot.n = 2000)',
    "cov": 'cov(roc(y, p1), roc(y, p2), method = "bootstrap", boot.n = 2000)',
    "ci.thresholds": 'ci.thresholds(roc(y, p1), thresholds = "best", boot.n = 2000)',
    "ci.auc partial": 'ci.auc(roc(y, p1, partial.auc = c(1, 0.8), partial.auc.correct = TRUE), '
                      'method = "bootstrap", boot.n = 2000)',
}


def py_value(what: str, y, p1, p2, boot_n: int) -> np.ndarray:
    """The Python call of a feature, its value(s) as R's p6_call returns them."""
    if what in ("bootstrap", "specificity", "sensitivity", "venkatraman"):
        kw = {"specificity": 0.9} if what == "specificity" else {"sensitivity": 0.9} if what == "sensitivity" else {}
        return np.array([roc_test(roc(y, p1), roc(y, p2), method=what, boot_n=boot_n, seed=SEED, **kw).statistic])
    if what == "var":
        return np.array([roc(y, p1).var("bootstrap", boot_n=boot_n, seed=SEED)])
    if what == "cov":
        return np.array([cov(roc(y, p1), roc(y, p2), method="bootstrap", boot_n=boot_n, seed=SEED)])
    if what == "ci.thresholds":
        df = roc(y, p1).ci_thresholds("best", boot_n=boot_n, seed=SEED)
        sp = df[["sp_lower", "sp_median", "sp_upper"]].to_numpy().ravel(order="F")
        se = df[["se_lower", "se_median", "se_upper"]].to_numpy().ravel(order="F")
        return np.r_[sp, se]
    if what == "ci.auc partial":
        return np.array(roc(y, p1, partial_auc=(1, 0.8), partial_auc_correct=True).ci_auc(
            method="bootstrap", boot_n=boot_n, seed=SEED), dtype=float)
    raise ValueError(what)


def _bridge():
    from cmvt_core.parity.bridge import get_bridge

    b = get_bridge()
    b.library("pROC")
    b.source("proc_1e6.R")
    return b


def _load() -> list[dict]:
    return json.loads(RESULTS.read_text()) if RESULTS.is_file() else []


def _save(rec: dict) -> None:
    recs = [r for r in _load() if not (r["feature"] == rec["feature"] and r["kind"] == rec["kind"])]
    recs.append(rec)
    RESULTS.write_text(json.dumps(recs, indent=1) + "\n")


def run_feature(what: str, factor: float, small: int | None, boot_n: int, watchdog: bool = False) -> None:
    warnings.simplefilter("ignore", RWarning)
    note = machine_note()
    yw, q1, q2 = data(500)
    py_value(what, yw, q1, q2, 3)  # warm-up: the compiled kernels from numba's cache
    y, p1, p2 = data(N)
    b = _bridge()
    ry, rp1, rp2 = b.to_r(y), b.to_r(p1), b.to_r(p2)
    if small:
        t0 = time.perf_counter()
        v_py = py_value(what, y, p1, p2, small)
        t_py_small = time.perf_counter() - t0
        out = b.call_py("helper:p6_run", ry, rp1, rp2, what, small, SEED, 1e7)
        v_r = np.asarray(out["value"], dtype=float).ravel()
        diff = float(np.max(np.abs(v_py - v_r))) if v_py.shape == v_r.shape else float("nan")
        rec = {"feature": what, "kind": "small", "boot_n": small, "py_s": t_py_small,
               "r_s": float(np.ravel(out["elapsed"])[0]), "r_finished": bool(np.ravel(out["finished"])[0]),
               "diff": diff, "machine": note, "utc": datetime.now(timezone.utc).strftime("%H:%M")}
        _save(rec)
        print(rec, flush=True)
    t0, c0 = time.perf_counter(), time.process_time()
    v_py = py_value(what, y, p1, p2, boot_n)
    t_py, c_py = time.perf_counter() - t0, time.process_time() - c0
    load_after_py = os.getloadavg()[0]
    print(f"{what}: Python {t_py:.1f} s at boot_n {boot_n} (value {v_py.tolist()})", flush=True)
    limit = factor * t_py
    if watchdog:
        out = _watchdog_r(what, y, p1, p2, boot_n, limit)
    else:
        out = b.call_py("helper:p6_run", ry, rp1, rp2, what, boot_n, SEED, limit)
    rec = {"feature": what, "kind": "full", "boot_n": boot_n, "py_s": t_py, "py_cpu_s": c_py, "limit_s": limit,
           "r_s": float(np.ravel(out["elapsed"])[0]), "r_cpu_s": float(np.ravel(out["cpu"])[0]),
           "r_finished": bool(np.ravel(out["finished"])[0]),
           "r_error": str(np.ravel(out["error"])[0]), "machine": note, "load_after_python": load_after_py,
           "load_end": os.getloadavg()[0], "utc": datetime.now(timezone.utc).strftime("%H:%M"),
           "py_value": v_py.tolist(), "r_value": np.asarray(out["value"], dtype=float).ravel().tolist(),
           "r_mode": "watchdog (separate Rscript, killed)" if watchdog else "setTimeLimit in the same process"}
    _save(rec)
    print(rec, flush=True)


def _watchdog_r(what: str, y, p1, p2, boot_n: int, limit: float) -> dict:
    """pROC's call in its own ``Rscript`` process (parity/r/proc_1e6_main.R), killed ``limit`` seconds after it
    printed START (its data read, just before ``set.seed``).  R's CPU time is the child's (``os.wait4``)."""
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        prefix = os.path.join(tmp, "d")
        for name, v in (("_y", y), ("_p1", p1), ("_p2", p2)):
            np.asarray(v, dtype=np.float64).tofile(prefix + name + ".bin")
        script = ROOT / "src" / "cmvt_core" / "parity" / "r" / "proc_1e6_main.R"
        proc = subprocess.Popen(["nice", "-n", "5", "Rscript", str(script), prefix, str(len(y)), what, str(boot_n),
                                 str(SEED)], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        line = proc.stdout.readline()
        if not line.startswith("START"):
            proc.kill()
            raise RuntimeError(f"Rscript did not start: {line!r}")
        t0 = time.perf_counter()
        import selectors

        sel = selectors.DefaultSelector()
        sel.register(proc.stdout, selectors.EVENT_READ)
        done = None
        while done is None:
            left = limit - (time.perf_counter() - t0)
            if left <= 0:
                break
            if sel.select(timeout=min(left, 1.0)):
                line = proc.stdout.readline()
                if line.startswith("DONE") or line == "":
                    done = line
        elapsed = time.perf_counter() - t0
        if done is None:
            proc.kill()  # our own child, by its pid
        _, status, ru = os.wait4(proc.pid, 0)
        cpu = ru.ru_utime + ru.ru_stime  # includes reading the data (a second or two), so an upper bound
        if done and done.startswith("DONE"):
            parts = done.split()
            return {"finished": True, "elapsed": float(parts[1]), "cpu": cpu, "value": [float(v) for v in parts[2:]],
                    "error": ""}
        return {"finished": False, "elapsed": elapsed, "cpu": cpu, "value": [float("nan")],
                "error": f"killed by the watchdog after {elapsed:.1f} s"}


def limit_check() -> None:
    b = _bridge()
    out = b.call_py("helper:p6_limit_check", 2.0)
    rec = {"feature": "limit-check", "kind": "check", "message": str(np.ravel(out["message"])[0]),
           "elapsed": float(np.ravel(out["elapsed"])[0]), "after": float(np.ravel(out["after"])[0])}
    y, p1, p2 = data(2000)
    ry, rp1, rp2 = b.to_r(y), b.to_r(p1), b.to_r(p2)
    stopped = b.call_py("helper:p6_run", ry, rp1, rp2, "bootstrap", 2000, SEED, 1.0)  # pROC stopped after 1 s
    full = b.call_py("helper:p6_run", ry, rp1, rp2, "var", 20, SEED, 1e7)  # and the session still works
    rec.update({"proc_stopped": not bool(np.ravel(stopped["finished"])[0]),
                "proc_elapsed": float(np.ravel(stopped["elapsed"])[0]), "proc_error": str(np.ravel(stopped["error"])[0]),
                "after_ok": bool(np.ravel(full["finished"])[0]),
                "after_diff": abs(float(np.ravel(full["value"])[0])
                                  - float(py_value("var", y, p1, p2, 20)[0]))})
    _save(rec)
    print(rec, flush=True)


def write() -> None:
    b = _bridge()
    recs = _load()
    full = {r["feature"]: r for r in recs if r["kind"] == "full"}
    small = {r["feature"]: r for r in recs if r["kind"] == "small"}
    chk = next((r for r in recs if r["kind"] == "check"), None)
    rows = []
    for what in FEATURES:
        f = full.get(what)
        s = small.get(what)
        if f is None:
            rows.append([what, "not measured", "-", "-", "-", "-", "-"])
            continue
        pc, rc = f.get("py_cpu_s"), f.get("r_cpu_s")
        py_txt = f"{f['py_s']:.1f} ({f['py_s'] / f['boot_n']:.3f} s/replicate)"
        if f["boot_n"] != BOOT_N:
            py_txt = f"**boot_n {f['boot_n']} on both sides, not 2000**: " + py_txt
        if pc is not None:
            py_txt += f"; CPU {pc:.1f}"
        if f["r_finished"]:
            r_txt = f"{f['r_s']:.1f} (measured, finished)"
            ratio = f"{f['r_s'] / f['py_s']:.1f}"
            cratio = f"{rc / pc:.1f}" if pc and rc is not None else "-"
        else:
            r_txt = f"> {f['r_s']:.1f} (lower bound: stopped at {f['limit_s']:.1f} s, not finished)"
            ratio = f"> {f['r_s'] / f['py_s']:.2f}"
            cratio = f"> {rc / pc:.2f}" if pc and rc is not None else "-"
        if rc is not None:
            r_txt += f"; CPU {rc:.1f}"
        if not f["r_finished"]:
            r_txt += " [watchdog]" if f.get("r_mode", "").startswith("watchdog") else " [setTimeLimit]"
        ctx = "not run"
        if s is not None:
            ctx = (f"R {s['r_s'] / s['boot_n']:.1f} s/replicate, Python {s['py_s'] / s['boot_n']:.2f} s/replicate "
                   f"(boot_n {s['boot_n']}), |diff| {s['diff']:.1e}")
        rows.append([what, py_txt, r_txt, ratio, cratio,
                     f"{f['load_after_python']:.1f} / {f['load_end']:.1f}", ctx])
    missing = [w for w in FEATURES if w not in full or full[w]["boot_n"] != BOOT_N]
    loads = "; ".join(f"{w} {full[w]['machine'].split('load average ')[-1].split(' when')[0]}"
                      for w in FEATURES if w in full)
    calls = "\n".join(f"| {w} | `{PY_CALLS[w]}` | `set.seed(1); {R_CALLS[w]}` |" for w in FEATURES)
    check = "not run"
    if chk is not None:
        check = (f"a loop of R sums under `setTimeLimit(elapsed = 2)` stopped after {chk['elapsed']:.2f} s with "
                 f"\"{chk['message']}\", and the next evaluation in the same session gave {chk['after']:.0f} "
                 f"(`sum(1:10)`); `roc.test(method = \"bootstrap\", boot.n = 2000)` at n = 2,000 under a 1 s limit "
                 f"stopped after {chk['proc_elapsed']:.2f} s (\"{chk['proc_error']}\"), and a following "
                 f"`var(..., boot.n = 20)` in the same session finished and equals Python's to "
                 f"{chk['after_diff']:.1e}")
    md = [
        "## pROC bootstrap features at n = 10^6 with boot_n = 2000 (issue 21, speed point)",
        "",
        f"`benchmarks/bench_proc_1e6.py --feature NAME` (one feature per run; `--write` builds this section from "
        f"`benchmarks/proc_1e6_results.json`). pROC {b.packages.get('pROC')} on {b.r_version}; Python "
        f"{platform.python_version()}, numpy {np.__version__}. Data: n = 1,000,000, y ~ Bernoulli(0.3), "
        "p1 = round(z + 0.8 y, 3), p2 = round(0.5 p1 + N(0,1) + 0.3 y, 3) (ties), seed 1. Both sides run the "
        "whole call at boot_n = 2000, curves built inside the call. Python runs to the end and is timed "
        "(measured). pROC then runs the same call in the same process (rpy2) under `setTimeLimit(elapsed = X, "
        "transient = TRUE)` with X = 1.25 x Python's time: a run stopped at X s had not finished, so R's time at "
        "boot_n = 2000 is more than X (R had done at least X seconds of its work): 'lower bound', and the ratio "
        "R / Python is more than X / Python's time. No number is extrapolated. Where pROC builds each replicate's "
        "curve inside `try()` (`stratified.bootstrap.test`, used by roc.test's bootstrap methods and cov), a limit "
        "that fires inside that `try()` is swallowed (R clears the limit before raising it; the replicate becomes "
        "NA) and R runs on: that happened with cov (it was still running 4 minutes past its limit and was "
        "stopped). Rows marked [watchdog] therefore ran pROC in its own `Rscript` process (same R, same call; "
        "data passed as raw doubles, `parity/r/proc_1e6_main.R`) that the benchmark kills X s after R printed "
        "that its data were read, just before `set.seed`; rows marked [setTimeLimit] stopped in the same process "
        "with \"reached elapsed time limit\" at X s (their recorded R time equals X, so the limit fired once, "
        "outside a `try()`). CPU seconds of the process are "
        "recorded on both sides too (Python: `time.process_time()`; R: `proc.time()` user + system during the call, "
        "or the killed Rscript's CPU time from `wait4`, which includes its reading of the data): "
        "on a shared machine they measure the work done, whatever share of the cores each side got. Check of the "
        "stop: " + check + ".",
        "",
        "Machine: 2 cores shared with other jobs (both sides under nice 5); load average (1 min / 5 min) when each "
        "feature's run started: " + loads + ". 'load' column = 1-minute load average after the Python run / at the "
        "end of the R run. Under that load every wall time is longer than on an idle machine; Python and R ran one "
        "after the other, so each met the load of its own minutes (the CPU columns are free of that).",
        "",
        "What the rows show: by construction a stopped R run gives R / Python > 1.25 (the factor chosen), i.e. "
        "Python is at least as fast as pROC at 10^6 with boot_n = 2000, measured; they do not say by how much "
        "(that would need pROC's full run: hours to days).",
        "",
        table(["feature", "Python s (boot_n 2000, measured; wall, CPU)", "R s (boot_n 2000; wall, CPU)",
               "R / Python (wall)", "R / Python (CPU)", "load", "small full run (context)"], rows),
        "",
        ("Not measured at boot_n = 2000 (no row above is estimated for them): " + ", ".join(missing) + ". Each "
         "measured row costs about 2.25 x Python's time of wall clock (Python, then R up to 1.25 x that), and the "
         "shared machine left no time for them before the deadline; `--feature NAME` runs one. "
         + "".join(f"{w}: measured at boot_n = {full[w]['boot_n']} on both sides only (its row), where R, stopped at "
                   f"{full[w]['limit_s']:.1f} s, had not finished either. " for w in missing if w in full)
         if missing else "Every feature was measured."),
        "",
        "Context, R's time per replicate at 10^6 from the earlier full small runs (sections 'pROC smooth, var, cov, "
        "ci.thresholds' and 'pROC tests', same data recipe, boot_n = 10 or 2, measured then): var bootstrap 3.9 s, "
        "cov bootstrap 6.8 s, ci.thresholds \"best\" 0.9 s, roc.test bootstrap 102 s, roc.test specificity 78 s; "
        "pROC's Venkatraman statistic is O(n^2) (`sapply` over 1:n of sums over n values) and was not run at 10^6. "
        "These are context only; the table's R column is this run's measurement.",
        "",
        "| feature | Python call | R call (pROC) |",
        "|---|---|---|",
        calls,
    ]
    write_section("proc-1e6", "\n".join(md))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--feature", choices=[f.replace(" ", "-") for f in FEATURES])
    ap.add_argument("--factor", type=float, default=1.25, help="R's time limit = factor x Python's time")
    ap.add_argument("--small", type=int, default=None, help="also run both sides fully at this boot_n")
    ap.add_argument("--boot-n", type=int, default=BOOT_N)
    ap.add_argument("--write", action="store_true")
    ap.add_argument("--watchdog", action="store_true", help="R in its own Rscript process, killed after the limit")
    ap.add_argument("--limit-check", action="store_true")
    a = ap.parse_args()
    if a.limit_check:
        limit_check()
    if a.feature:
        run_feature(a.feature.replace("-", " "), a.factor, a.small, a.boot_n, a.watchdog)
    if a.write:
        write()


if __name__ == "__main__":
    main()

"""Benchmark: smooth / var / cov / ci_thresholds against pROC::smooth / var / cov / ci.thresholds (issue 21 part B).

Run: ``.venv/bin/python benchmarks/bench_proc_smooth_var.py``; rewrites the ``proc-smooth-var`` section of
BENCHMARKS.md.  Both sides build the curve inside the timed call (``roc(y, p)`` then the statistic), on the same
data, after the same ``set.seed``.  At n = 1,000,000 pROC's bootstraps take 3 to 7 s per replicate, so there
both sides run ``BOOT_N_LARGE`` replicates (stated in the table) and Python is also timed alone at 2,000.
"""
from __future__ import annotations

import os
import platform
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import numpy as np  # noqa: E402

from benchmarks._common import best_time, machine_note, table, write_section  # noqa: E402

MACHINE = machine_note()  # measured when the script starts
from cmvt_core import cov, roc, smooth  # noqa: E402
from cmvt_core.parity.bridge import get_bridge  # noqa: E402

BOOT_N = 2000
BOOT_N_LARGE = 10
SEED = 1


def data(n: int, seed: int = 1):
    g = np.random.default_rng(seed)
    y = (g.random(n) < 0.3).astype(np.int64)
    z = g.normal(size=n)
    p1 = np.round(z + 0.8 * y, 3)  # ties at 1e-3
    p2 = np.round(0.5 * z + g.normal(size=n) + 0.6 * y, 2)
    return y, p1, p2


def _once(fn):
    t0 = time.perf_counter()
    out = fn()
    return time.perf_counter() - t0, out


def _f(v) -> np.ndarray:
    return np.asarray(v, dtype=float).ravel()


def main() -> None:
    b = get_bridge()
    b.library("pROC")
    b.source("roc_ci_coords.R")
    b.source("roc_smooth_var.R")
    y, p1, p2 = data(1000)
    r = roc(y, p1)  # warm-up: numba kernels from cache
    smooth(r), smooth(r, method="density"), smooth(r, method="fitdistr")
    r.var("bootstrap", boot_n=5, seed=1), cov(r, roc(y, p2), method="bootstrap", boot_n=5, seed=1)
    r.ci_thresholds(boot_n=5, seed=1)
    rows = []
    for n in (10**3, 10**6):
        y, p1, p2 = data(n)
        ry, rp1, rp2 = b.to_r(y), b.to_r(p1), b.to_r(p2)
        big = n > 10**3
        bn = BOOT_N_LARGE if big else BOOT_N
        thr = "best" if big else "local maximas"
        d1 = roc(y, p1).direction
        d2 = roc(y, p2).direction
        cases = [
            ("smooth binormal", None,
             lambda: (lambda s: np.r_[s.sensitivities, s.auc])(smooth(roc(y, p1))),
             lambda: (lambda rr: np.r_[_f(rr["se"]), _f(rr["auc"])])(
                 b.call_py("helper:proc_smooth", ry, rp1, "auto", "binormal", 512))),
            ("smooth density", None,
             lambda: smooth(roc(y, p1), method="density").sensitivities,
             lambda: _f(b.call_py("helper:proc_smooth", ry, rp1, "auto", "density", 512)["se"])),
            ("smooth fitdistr", None,
             lambda: smooth(roc(y, p1), method="fitdistr").sensitivities,
             lambda: _f(b.call_py("helper:proc_smooth", ry, rp1, "auto", "fitdistr", 512)["se"])),
            ("var obuchowski", None,
             lambda: roc(y, p1).var("obuchowski"),
             lambda: _f(b.call_py("helper:proc_var", ry, rp1, "auto", "obuchowski", 1, True, SEED)["var"])),
            ("var bootstrap", bn,
             lambda: roc(y, p1).var("bootstrap", boot_n=bn, seed=SEED),
             lambda: _f(b.call_py("helper:proc_var", ry, rp1, "auto", "bootstrap", bn, True, SEED)["var"])),
            ("var bootstrap, not stratified", bn,
             lambda: roc(y, p1).var("bootstrap", boot_n=bn, boot_stratified=False, seed=SEED),
             lambda: _f(b.call_py("helper:proc_var", ry, rp1, "auto", "bootstrap", bn, False, SEED)["var"])),
            ("cov delong", None,
             lambda: cov(roc(y, p1), roc(y, p2)),
             lambda: _f(b.call_py("helper:proc_cov", ry, rp1, rp2, d1, d2, "delong", 1, True, SEED)["cov"])),
            ("cov obuchowski", None,
             lambda: cov(roc(y, p1), roc(y, p2), method="obuchowski"),
             lambda: _f(b.call_py("helper:proc_cov", ry, rp1, rp2, d1, d2, "obuchowski", 1, True, SEED)["cov"])),
            ("cov bootstrap", bn,
             lambda: cov(roc(y, p1), roc(y, p2), method="bootstrap", boot_n=bn, seed=SEED),
             lambda: _f(b.call_py("helper:proc_cov", ry, rp1, rp2, d1, d2, "bootstrap", bn, True, SEED)["cov"])),
            (f'ci.thresholds "{thr}"', bn,
             lambda: roc(y, p1).ci_thresholds(thr, boot_n=bn, seed=SEED).iloc[:, 1:].to_numpy().ravel(),
             lambda: _f(b.call_py("helper:proc_ci_thresholds", ry, rp1, "auto", thr, 0.95, bn, True, SEED)["sp"])),
        ]
        for what, boot, py_fn, r_fn in cases:
            t_py = best_time(py_fn, repeat=1 if big else 3)
            py_v = np.asarray(py_fn(), dtype=float).ravel()
            t_r, r_v = _once(r_fn) if big else (best_time(r_fn, repeat=2), r_fn())
            r_v = np.asarray(r_v, dtype=float).ravel()
            if what.startswith("ci.thresholds"):
                py_v = py_v.reshape(-1, 6)[:, :3].ravel()  # the specificity columns, as fetched from R
            diff = float(np.max(np.abs(py_v - r_v)))
            label = what if boot is None else f"{what} (boot_n {boot:,})"
            rows.append([f"{n:,}", label, f"{t_py:.3f}", f"{t_r:.3f}", f"{t_r / t_py:.1f}", f"{diff:.1e}"])
            print(rows[-1], flush=True)
        if big:  # Python alone at pROC's default boot_n
            for what, fn in (("var bootstrap", lambda: roc(y, p1).var("bootstrap", boot_n=BOOT_N, seed=SEED)),
                             ("cov bootstrap", lambda: cov(roc(y, p1), roc(y, p2), method="bootstrap", boot_n=BOOT_N,
                                                           seed=SEED)),
                             ('ci.thresholds "best"', lambda: roc(y, p1).ci_thresholds("best", boot_n=BOOT_N,
                                                                                          seed=SEED))):
                t_py, _ = _once(fn)
                rows.append([f"{n:,}", f"{what} (boot_n {BOOT_N:,}, Python only)", f"{t_py:.1f}", "-", "-", "-"])
                print(rows[-1], flush=True)

    md = [
        "## pROC smooth, var, cov, ci.thresholds (issue 21 part B)",
        "",
        f"pROC {b.packages.get('pROC')} on {b.r_version}; Python {platform.python_version()}, numpy {np.__version__}. "
        "Data: y ~ Bernoulli(0.3), p1 = round(z + 0.8 y, 3), p2 = round(0.5 z + N(0,1) + 0.6 y, 2) (ties). Each "
        "timed call builds the curve(s) and computes the statistic on both sides; bootstraps after "
        f"`set.seed({SEED})` (stratified unless said). n = 1,000: best of 3 (Python) / 2 (R) with boot_n = {BOOT_N:,}; "
        f"n = 1,000,000: one run each, bootstraps with boot_n = {BOOT_N_LARGE} on both sides (pROC needs about a "
        "second per replicate there), then Python alone at 2,000. "
        f"Timings: {MACHINE}; the ratios are indicative. Ratio = R time / Python time (above 1: Python faster). "
        "'max |diff|' compares the smoothed sensitivities (and binormal AUC), the variance / covariance, or the "
        "specificity CIs of ci.thresholds with pROC's.",
        "",
        table(["n", "what", "Python s", "R s", "ratio", "max |diff| vs R"], rows),
        "",
        "smooth density differs from R by the FFT's rounding only (numpy's pocketfft vs R's Singleton FFT, ~1e-16); "
        "everything else is bit-identical. pROC's `roc.utils.perfs.dens` sums the densities above and below each of "
        "the n thresholds afresh (O(n^2) R sums); here the same long-double sums run in one compiled loop. "
        "Bootstraps draw R's stream in pROC's order (RRNG) and count each replicate per tie group of the original "
        "curve (no sort), where pROC rebuilds and sorts every replicate's curve.",
        "",
        "The 10^6 bootstrap rows above are per-replicate comparisons (boot_n = 10 on both sides) and Python's "
        "2,000-replicate times were measured before R's draws became compiled loops (issue 21, speed point). "
        "Both sides at boot_n = 2000 at 10^6, with the current code: section 'pROC bootstrap features at "
        "n = 10^6' (benchmarks/bench_proc_1e6.py).",
    ]
    write_section("proc-smooth-var", "\n".join(md))


def smoothed_main() -> None:
    """``--smoothed``: the bootstrap statistics of smoothed curves and ci_coords("best") on a partial-AUC curve
    (issue 21), written to the ``proc-smooth-boot`` section."""
    from cmvt_core import roc_test

    b = get_bridge()
    b.library("pROC")
    b.source("roc_ci_coords.R")
    b.source("roc_smooth_var.R")
    y, p1, p2 = data(200)
    s1 = smooth(roc(y, p1))  # warm-up: numba kernels from cache
    s1.ci_auc(boot_n=3, seed=1), roc(y, p1, partial_auc=(1, 0.8)).ci_coords("best", boot_n=3, seed=1,
                                                                            best_policy="random")
    rows = []
    for n in (10**3, 10**6):
        y, p1, p2 = data(n)
        ry, rp1, rp2 = b.to_r(y), b.to_r(p1), b.to_r(p2)
        big = n > 10**3
        bn = BOOT_N_LARGE if big else BOOT_N

        def sm(p, m):
            return smooth(roc(y, p), method=m)

        cases = [
            ("ci_auc of smooth binormal", "binormal",
             lambda: list(sm(p1, "binormal").ci_auc(boot_n=bn, seed=SEED)),
             lambda: b.call_py("helper:proc_smooth_boot_bench", ry, rp1, rp2, "ci", "binormal", bn, SEED)),
            ("cov bootstrap of smooth binormal", "binormal",
             lambda: cov(sm(p1, "binormal"), sm(p2, "binormal"), method="bootstrap", boot_n=bn, seed=SEED),
             lambda: b.call_py("helper:proc_smooth_boot_bench", ry, rp1, rp2, "cov", "binormal", bn, SEED)),
            ("roc.test bootstrap of smooth binormal", "binormal",
             lambda: (lambda t: [t.statistic, t.p_value])(roc_test(sm(p1, "binormal"), sm(p2, "binormal"),
                                                                   method="bootstrap", boot_n=bn, seed=SEED)),
             lambda: b.call_py("helper:proc_smooth_boot_bench", ry, rp1, rp2, "test", "binormal", bn, SEED)),
            ("ci_coords \"best\", partial_auc = (1, 0.8)", None,
             lambda: roc(y, p1, partial_auc=(1, 0.8)).ci_coords("best", boot_n=bn, seed=SEED, best_policy="random")[
                 ["lower", "median", "upper"]].to_numpy().ravel(),
             lambda: b.call_py("helper:proc_ci_coords_partial_bench", ry, rp1, np.array([1.0, 0.8]), bn, SEED)),
        ]
        if not big:  # at 10^6 a density / fitdistr smoothing of each replicate costs pROC several seconds
            cases[3:3] = [
                ("roc.test specificity of smooth fitdistr", "fitdistr",
                 lambda: (lambda t: [t.statistic, t.p_value])(roc_test(
                     sm(p1, "fitdistr"), sm(p2, "fitdistr"), method="specificity", specificity=0.8, boot_n=bn,
                     seed=SEED)),
                 lambda: b.call_py("helper:proc_smooth_boot_bench", ry, rp1, rp2, "sp", "fitdistr", bn, SEED)),
                ("roc.test bootstrap of smooth density", "density",
                 lambda: (lambda t: [t.statistic, t.p_value])(roc_test(sm(p1, "density"), sm(p2, "density"),
                                                                       method="bootstrap", boot_n=bn, seed=SEED)),
                 lambda: b.call_py("helper:proc_smooth_boot_bench", ry, rp1, rp2, "test", "density", bn, SEED)),
            ]
        for what, _, py_fn, r_fn in cases:
            t_py, py_v = _once(py_fn)
            t_r, r_v = _once(r_fn)
            py_v, r_v = _f(py_v), _f(r_v)
            if what.startswith("ci_coords"):  # R: the three matrices; ours: rows (ret, x) of lower/median/upper
                r_v = r_v.reshape(3, 3).ravel()
            diff = float(np.max(np.abs(py_v - r_v)))
            rows.append([f"{n:,}", f"{what} (boot_n {bn:,})", f"{t_py:.2f}", f"{t_r:.2f}", f"{t_r / t_py:.1f}",
                         f"{diff:.1e}"])
            print(rows[-1], flush=True)
    md = [
        "### Smoothed curves' bootstraps and ci_coords(\"best\") with a partial AUC (issue 21)",
        "",
        "`benchmarks/bench_proc_smooth_var.py --smoothed`. pROC "
        f"{b.packages.get('pROC')} on {b.r_version}. Same data as above; `smooth(roc(y, p), method)` with pROC's "
        "n = 512 built inside each timed call on both sides, then the statistic after "
        f"`set.seed({SEED})` (stratified); one run each. n = 1,000: boot_n = {BOOT_N:,}; n = 1,000,000: boot_n = "
        f"{BOOT_N_LARGE} on both sides. Every replicate resamples the original curve and is smoothed again "
        "(pROC's order of draws). "
        f"Timings: {machine_note()}; the ratios are indicative. Ratio = R time / Python time (above 1: Python "
        "faster). 'max |diff|': the CI, covariance, (D, p) or the ci.coords matrices against pROC's.",
        "",
        table(["n", "what", "Python s", "R s", "ratio", "max |diff| vs R"], rows),
        "",
        "fitdistr and density: each replicate spends most of its time in `roc.utils.perfs.dens`, O(n^2) long-double "
        "sums with n = 512 (pROC's `sapply`; here the same sums in R's order, compiled), so the gain there is small. "
        "Binormal replicates need only the two `lm` coefficients for the full AUC (pROC computes the 512 points too). "
        "density differs from R by its FFT only.",
    ]
    write_section("proc-smooth-boot", "\n".join(md))


if __name__ == "__main__":
    if "--smoothed" in sys.argv:
        smoothed_main()
    else:
        main()

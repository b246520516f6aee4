"""The survival study's decision-curve step (``study.survival.dca_step``) on gbsg: Python now, Python before
(the per-threshold Kaplan-Meier of the drawn rows, ``_curves``, forced), and the live R definition the tests use
(``parity/r/dca_survival.R``: dcurves' definition with ``survival::survfit``; dcurves itself is not installed).

The study's recipe: gbsg, the 8 predictors, split 0.7 (seed 2024, the default), cph on the training group, horizons
1/3/5 years, thresholds ``seq(0, 1, by = 0.01)`` below 1, 500 bootstrap replicates per group and horizon.
The old path and R are timed with fewer replicates (``--boot-before``, ``--boot-r``) and scaled linearly to 500
(the bootstrap is linear in B; the table and quantiles are a small fixed part), as stated in the table.
Run: .venv/bin/python benchmarks/bench_dca_survival.py [--boot-before 50] [--boot-r 5]
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
import cmvt_core.dca_survival as D  # noqa: E402
from cmvt_core.cph import cph  # noqa: E402
from cmvt_core.datasets import load_survival  # noqa: E402
from cmvt_core.kernels.rbase import seq_by  # noqa: E402
from cmvt_core.study import StudyConfig  # noqa: E402
from cmvt_core.study.survival import _split, dca_step, load_survival_cohort, survival_times  # noqa: E402

PREDICTORS = ["age", "meno", "size", "grade", "nodes", "pgr", "er", "hormon"]


def setup(B: int):
    cfg = StudyConfig(survival_time="rfstime", survival_event="status", predictors=PREDICTORS, dca_bootstraps=B)
    cfg.validate()
    cohort = load_survival_cohort(load_survival("gbsg"), cfg)
    X, t, e = cohort.X, cohort.time, cohort.event
    is_train = np.zeros(len(t), dtype=bool)
    is_train[_split(cohort, cfg)] = True
    groups = {"training": (t[is_train], e[is_train]), "validation": (t[~is_train], e[~is_train])}
    times, _ = survival_times(cfg, groups)
    frames = {"training": X.loc[is_train].reset_index(drop=True), "validation": X.loc[~is_train].reset_index(drop=True)}
    fit = cph(frames["training"], *groups["training"])
    return cfg, fit, frames, groups, times


def run(B: int, old: bool = False):
    cfg, fit, frames, groups, times = setup(B)
    keep = D._no_time_fix
    if old:
        D._no_time_fix = lambda t: False  # the per-threshold km_risk_at of the drawn rows (the code before)
    try:
        t0 = time.perf_counter()
        out = {g: dca_step(fit, frames[g], *groups[g], times, cfg) for g in ("training", "validation")}
        return time.perf_counter() - t0, out
    finally:
        D._no_time_fix = keep


def same(a, b) -> bool:
    for g in a:
        for x, y in zip(a[g], b[g]):
            for c in x.dca.columns:
                u, v = x.dca[c].to_numpy(), y.dca[c].to_numpy()
                ok = np.array_equal(u.view(np.int64), v.view(np.int64)) if u.dtype.kind == "f" else (u == v).all()
                if not ok:
                    return False
    return True


def r_time(B: int) -> float:
    from cmvt_core.parity.bridge import get_bridge

    b = get_bridge()
    b.library("survival")
    b.source("dca_survival.R")
    cfg, fit, frames, groups, times = setup(B)
    th = seq_by(0.0, 1.0, cfg.dca_thresholds_by)
    th = th[th < 1]
    total = 0.0
    for g in ("training", "validation"):
        surv = fit.survest(frames[g], times)
        for j, u in enumerate(times):
            risk = 1.0 - surv.iloc[:, j].to_numpy(float)
            t0 = time.perf_counter()
            b.call("helper:dca_survival_plain", *groups[g], risk[:, None], th, u, np.zeros(1), B, 0.95, cfg.seed)
            total += time.perf_counter() - t0
    return total


def study_time(old: bool) -> tuple[float, float]:
    """The whole survival study (``run_survival_study``, default config, gbsg): total and dca_step seconds."""
    import cmvt_core.study.survival as S

    cfg = StudyConfig(survival_time="rfstime", survival_event="status", predictors=PREDICTORS)
    spent = []
    step, keep = S.dca_step, D._no_time_fix

    def timed_step(*args, **kw):
        t0 = time.perf_counter()
        out = step(*args, **kw)
        spent.append(time.perf_counter() - t0)
        return out

    S.dca_step = timed_step
    if old:
        D._no_time_fix = lambda t: False
    try:
        t0 = time.perf_counter()
        S.run_survival_study(load_survival("gbsg"), cfg)
        return time.perf_counter() - t0, sum(spent)
    finally:
        S.dca_step, D._no_time_fix = step, keep


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--boot-before", type=int, default=50)
    ap.add_argument("--boot-r", type=int, default=5)
    ap.add_argument("--study", action="store_true", help="also time the whole survival study, now and before")
    ap.add_argument("--no-write", action="store_true")
    a = ap.parse_args()
    run(2)  # compile / load the numba cache
    t_new, new = run(500)
    t_new_b, new_b = run(a.boot_before)
    t_old_b, old_b = run(a.boot_before, old=True)
    t0_old, _ = run(0, old=True)
    t0_new, _ = run(0)
    identical = same(new_b, old_b)
    scale = 500 / a.boot_before
    t_old = t0_old + (t_old_b - t0_old) * scale
    tr_b = r_time(a.boot_r)
    tr0 = r_time(0)
    t_r = tr0 + (tr_b - tr0) * 500 / a.boot_r
    rows = [["dca_step, 2 groups x 3 horizons, 500 bootstraps", f"{t_new:.2f}",
             f"{t_old:.1f} (B={a.boot_before}: {t_old_b:.1f} s, scaled)", f"{t_old / t_new:.0f}x",
             f"{t_r:.0f} (B={a.boot_r}: {tr_b:.1f} s, scaled)", f"{t_r / t_new:.0f}x"],
            ["the same without bootstrap (point estimates)", f"{t0_new:.3f}", f"{t0_old:.3f}",
             f"{t0_old / t0_new:.0f}x", f"{tr0:.2f}", f"{tr0 / t0_new:.0f}x"]]
    if a.study:
        (s_new, d_new), (s_old, d_old) = study_time(False), study_time(True)
        rows.append(["the whole survival study (run_survival_study, default config: every step)",
                     f"{s_new:.1f} (dca_step {d_new:.1f})", f"{s_old:.1f} (dca_step {d_old:.1f})",
                     f"{s_old / s_new:.1f}x", "-", "-"])
    for r in rows:
        print(r, flush=True)
    md = ("## Survival decision curves: the study's dca_step (gbsg)\n"
          "`study.survival.dca_step` as the survival study runs it on gbsg (686 rows; training 480 / validation "
          "206; horizons 365, 1095, 1825 days; thresholds 0-0.99 by 0.01; 500 percentile-bootstrap replicates "
          "per group and horizon). \"before\" is the code this replaced (each replicate's test-positive groups "
          "re-sorted and a Kaplan-Meier per distinct threshold, `_curves`), forced in the same process; \"R\" "
          "is the live R definition the tests compare with (`parity/r/dca_survival.R`: dcurves' definition with "
          "`survival::survfit`, dcurves itself is not installed: a plain test twin, a survfit and an rbind per "
          "threshold, so its time says little about dcurves'), called through the bridge. The old path and R "
          "ran fewer replicates and are scaled linearly to 500 (shown). Single runs (" + MACHINE + "). "
          f"Output of the new path vs the old at B={a.boot_before}: "
          + ("bit-identical (every column of every table)" if identical else "DIFFERENT") + ".\n\n"
          + table(["task", "Python now (s)", "Python before (s)", "speed-up", "R (s)", "R / Python"], rows)
          + "\n\nWhy: a replicate is the count of each row drawn (`bincount` of R's `sample()` indices, a counting "
          "sort: rows stay in time order), and one numba pass per replicate computes, for every curve and "
          "threshold, the test-positive count and survfitkm's product `(n - d) / n` over the positives' distinct "
          "times up to the horizon, factor for factor as `km_curve` does on the drawn rows. survfit's time fix "
          "cannot merge any two times of a subset when every gap of the full data exceeds sqrt(eps) absolutely "
          "and relative to the largest time; otherwise the old path runs.")
    print(md)
    if not a.no_write:
        write_section("dca_survival", md)


if __name__ == "__main__":
    main()

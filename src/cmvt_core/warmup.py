"""Compile the numba kernels ahead of the first real run (``python -m cmvt_core.warmup``).

numba compiles each kernel on first use and caches the machine code on disk (``NUMBA_CACHE_DIR``,
or ``__pycache__``).  On a fresh installation that first compilation costs tens of seconds; the
set-up steps of ``make demo`` and ``make test`` run this module once, with the work split over two
processes (the machine's cores), so later runs start at full speed.  It runs the public functions
on small synthetic data: the same code paths, so the same type signatures, as real data.
"""
from __future__ import annotations

import subprocess
import sys
import time

import numpy as np
import pandas as pd


def _cohort(n: int = 120, seed: int = 7) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    df = pd.DataFrame({"a": rng.normal(size=n), "b": rng.integers(0, 2, n).astype(float),
                       "c": rng.gamma(2.0, 1.0, n), "d": rng.normal(size=n)})
    lp = -0.4 + 1.1 * df["a"] + 0.8 * df["b"] - 0.3 * df["c"]
    df["y"] = (rng.random(n) < 1 / (1 + np.exp(-lp))).astype(int)
    return df


def part_a() -> None:
    """LASSO, the baseline table, ROC, cut-off tables and decision curves."""
    from .baseline import baseline_table
    from .dca import cutoff_table, decision_curve
    from .lasso import cv_glmnet
    from .roc import roc
    from .rrandom import RRNG

    df = _cohort()
    X, y = df[["a", "b", "c", "d"]], df["y"].to_numpy()
    for tm in ("mse", "deviance", "class", "auc"):
        cv_glmnet(X, y, nfolds=3, seed=1, type_measure=tm)
    baseline_table(X, pd.Series(np.where(np.arange(len(y)) % 3 == 0, "v", "t")))
    r = roc(y, df["a"].to_numpy())
    r.ci_auc()
    r.coords("best", best_method="youden")
    cutoff_table(df["b"].astype(int), y)
    RRNG(1).sample(50)
    risk = pd.DataFrame({"y": y.astype(float), "risk": 1 / (1 + np.exp(-df["a"].to_numpy()))})
    decision_curve(risk, "y", ["risk"], fitted_risk=True, bootstraps=3, seed=1)
    decision_curve(df, "y", ["a", "b"], bootstraps=3, seed=1)


def part_b() -> None:
    """lrm and what is built on it: nomogram, Hosmer-Lemeshow, calibrate, validate."""
    from .calibration import calibrate, external_calibration, validate
    from .gof import hoslem_test
    from .logistic import lrm
    from .nomogram import nomogram

    df = _cohort()
    X, y = df[["a", "b", "c"]], df["y"].to_numpy()
    fit = lrm(X, y)
    fit.summary()
    nomogram(fit).score(X)
    hoslem_test(y, fit.fitted)
    calibrate(fit, B=3, seed=1)
    validate(fit, B=3, seed=1)
    external_calibration(y=y, predicted=np.asarray(fit.fitted))


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["a"]:
        part_a()
        return 0
    if argv[:1] == ["b"]:
        part_b()
        return 0
    t0 = time.perf_counter()
    procs = [subprocess.Popen([sys.executable, "-m", "cmvt_core.warmup", p]) for p in ("b", "a")]
    codes = [p.wait() for p in procs]
    print(f"numba kernels compiled and cached in {time.perf_counter() - t0:.0f} s", flush=True)
    return max(codes)


if __name__ == "__main__":
    sys.exit(main())

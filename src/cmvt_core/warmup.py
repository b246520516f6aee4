"""Compile the numba kernels ahead of the first real run (``cmvt warmup``, ``python -m cmvt_core.warmup``).

numba compiles each kernel on first use and caches the machine code on disk where every process
finds it: beside the installed modules (``cmvt_core/__pycache__`` and ``cmvt_core/kernels/__pycache__``)
where those folders are writable, else numba's per-user cache folder, or ``$NUMBA_CACHE_DIR`` where the user sets it
(``kernel_cache_dir()`` says which).  On a fresh installation that first compilation costs tens of
seconds; ``cmvt warmup``, the set-up steps of ``make demo`` and ``make test``, and the first
``cmvt analyze`` or ``cmvt demo`` on a cold cache run this module once, with the work split over two
processes (the machine's cores), so later runs, in any process, start at full speed.  It runs the
public functions on small synthetic data: the same code paths, so the same type signatures, as
real data.
"""
from __future__ import annotations

import logging
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

from ._docs import fill_doc, register
from ._progress import log_to_stderr

_log = logging.getLogger(__name__)

# part_a/part_b/main are the subprocess entry points of warm_up (the command's machinery)
__all__ = ["warm_up", "ensure_warm", "kernels_cached", "kernel_cache_dir"]

register(warmup_quiet="""
    Parameters
    ----------
    quiet : bool, default False
        Do not print the two progress lines (on standard error).
""", warmup_cache_query="""
    Parameters
    ----------
    None
""", warmup_r_call="""
    Notes
    -----
    R call: none (numba's compilation cache; R has no counterpart).
""")


def _cohort(n: int = 120, seed: int = 7) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    df = pd.DataFrame({"a": rng.normal(size=n), "b": rng.integers(0, 2, n).astype(float),
                       "c": rng.gamma(2.0, 1.0, n), "d": rng.normal(size=n)})
    lp = -0.4 + 1.1 * df["a"] + 0.8 * df["b"] - 0.3 * df["c"]
    df["y"] = (rng.random(n) < 1 / (1 + np.exp(-lp))).astype(int)
    return df


def part_a() -> None:
    """LASSO, lrm (nomogram, Hosmer-Lemeshow), the baseline table, ROC, cut-off tables and decision
    curves, and matplotlib's first import (its font cache, on a fresh machine)."""
    from .baseline import baseline_table
    from .cutoff import cutoff_table
    from .dca import decision_curve
    from .htest import fisher_test
    from .gof import hoslem_test
    from .lasso import cv_glmnet
    from .logistic import lrm
    from .nomogram import nomogram
    from .roc import roc
    from .rrandom import RRNG

    df = _cohort()
    X, y = df[["a", "b", "c", "d"]], df["y"].to_numpy()
    for tm in ("mse", "deviance", "class", "auc"):
        cv_glmnet(X, y, nfolds=3, seed=1, type_measure=tm)
    fit = lrm(X[["a", "b", "c"]], y)
    fit.summary()
    fit.predict(X[["a", "b", "c"]], type="fitted")
    nomogram(fit).score(X[["a", "b", "c"]])
    hoslem_test(y, fit.fitted)
    baseline_table(X, pd.Series(np.where(np.arange(len(y)) % 3 == 0, "v", "t")))
    fisher_test(np.array([[3, 1, 0], [1, 2, 4]]))  # r x c: the FEXACT kernel
    r = roc(y, df["a"].to_numpy())
    r.ci_auc()
    r.coords("best", best_method="youden")
    r.ci_coords("best", best_policy="random", boot_n=3, seed=1)  # the study's Se/Sp CIs (pROC ci.coords)
    r.ci_coords(0.5, boot_n=3, seed=1)
    r.ci_se([0.5], boot_n=3, seed=1)
    cutoff_table(df["b"].astype(int), y)
    RRNG(1).sample(50)
    risk = pd.DataFrame({"y": y.astype(float), "risk": 1 / (1 + np.exp(-df["a"].to_numpy()))})
    decision_curve(risk, "y", ["risk"], fitted_risk=True, bootstraps=3, seed=1)
    decision_curve(df, "y", ["a", "b"], bootstraps=3, seed=1)
    from .plots import prime

    prime()


class _StandInFit:
    """What calibrate/validate read from an lrm fit (rms's x = TRUE, y = TRUE and its stats), made
    here without fitting, so that this half of the warm-up does not compile lrm as well: the arrays
    reach the kernels with the same types as a real fit's (``calibration._fit_parts`` makes them
    C-contiguous float64 copies)."""

    def __init__(self, X: np.ndarray, y: np.ndarray):
        self.x = X
        self.y = y
        self.coef = np.array([-0.4, 1.0, 0.7, -0.3])
        self.coef_names = ["Intercept", "a", "b", "c"]
        self.linear_predictors = self.coef[0] + X @ self.coef[1:]
        self.stats = {"Model L.R.": 20.0, "R2": 0.2, "g": 1.0, "gp": 0.2, "Obs": float(len(y))}


def part_b() -> None:
    """calibrate, validate, external calibration (the bootstrap kernels), val_prob and cph."""
    from .calibration import calibrate, external_calibration, validate
    from .cph import cph
    from .valprob import val_prob

    df = _cohort()
    fit = _StandInFit(df[["a", "b", "c"]].to_numpy(), df["y"].to_numpy().astype(float))
    calibrate(fit, B=3, seed=1)
    validate(fit, B=3, seed=1)
    p = 1 / (1 + np.exp(-fit.linear_predictors))
    external_calibration(y=fit.y, predicted=p)
    val_prob(p, fit.y)
    cph(df[["a", "b"]], np.arange(1.0, len(df) + 1.0) % 17, fit.y)  # coxfit6, both tie branches


def _representatives():
    """One large kernel of each warm-up half: the last ones each half compiles (``part_a``: LASSO's
    path, lrm's Newton loop, the decision-curve refits; ``part_b``: the bootstrap kernels)."""
    from . import calibration, dca, lasso
    from .kernels import lrm_fit

    return (lasso._lognet_path, lrm_fit.newton, dca._glm_boot_risks,
            calibration._calibrate_chunk, calibration._validate_chunk)


@fill_doc
def kernel_cache_dir() -> Path:
    """The folder where numba caches cmvt-core's compiled kernels for this process.

    {{warmup_cache_query}}

    Returns
    -------
    pathlib.Path
        ``cmvt_core/__pycache__`` where writable, else numba's per-user cache folder or
        ``$NUMBA_CACHE_DIR``.

    {{warmup_r_call}}

    Examples
    --------
    >>> from cmvt_core.warmup import kernel_cache_dir
    >>> kernel_cache_dir().is_dir()
    True
    """
    return Path(_representatives()[0]._cache._cache_path)


@fill_doc
def kernels_cached() -> bool:
    """Whether the on-disk cache holds kernels compiled from the current sources.

    True when no source is newer than its cache entry, so a new process loads them instead of
    compiling.

    {{warmup_cache_query}}

    Returns
    -------
    bool
        False also when numba's private cache API changed (then warming up is harmless).

    {{warmup_r_call}}

    Examples
    --------
    >>> from cmvt_core.warmup import ensure_warm, kernels_cached
    >>> ensure_warm(quiet=True)
    >>> kernels_cached()
    True
    """
    try:
        return all(bool(d._cache._cache_file._load_index()) for d in _representatives())
    except Exception:  # numba's private cache API changed: say "not cached" and warm up, harmlessly
        return False


@fill_doc
def warm_up(*, quiet: bool = False) -> int:
    """Compile every kernel the study uses in two processes, caching them (``cmvt warmup``).

    {{warmup_quiet}}

    Returns
    -------
    int
        The exit status: 0 when both processes compiled (or loaded) every kernel.

    {{warmup_r_call}}
    It takes about 16 s on 2 cores even with a warm cache (two processes load every kernel and run each
    once), so the example's call is not run by the doctest; :func:`ensure_warm` runs it only when the
    cache is cold.

    Examples
    --------
    >>> from cmvt_core.warmup import kernels_cached, warm_up
    >>> warm_up(quiet=True)  # doctest: +SKIP
    0
    >>> isinstance(kernels_cached(), bool)
    True
    """
    t0 = time.perf_counter()
    where = kernel_cache_dir()
    with log_to_stderr(__name__, enabled=not quiet):  # logger cmvt_core.warmup; quiet: logging's own settings
        _log.info(f"compiling the numba kernels once (about half a minute on 2 cores) into {where} ...")
        procs = [subprocess.Popen([sys.executable, "-m", "cmvt_core.warmup", p]) for p in ("b", "a")]
        codes = [p.wait() for p in procs]
        _log.info(f"numba kernels compiled and cached in {time.perf_counter() - t0:.0f} s ({where}); "
                  "later runs in any process load them")
    return max(codes)


@fill_doc
def ensure_warm(*, quiet: bool = False) -> None:
    """The first run's step: compile the kernels ahead (two processes) if the cache is cold.

    {{warmup_quiet}}

    Returns
    -------
    None
        The kernels are then cached (``kernels_cached()`` is True).

    {{warmup_r_call}}

    Examples
    --------
    >>> from cmvt_core.warmup import ensure_warm
    >>> ensure_warm(quiet=True)  # a no-op on a warm cache; about 30 s on a cold one
    """
    if not kernels_cached():
        warm_up(quiet=quiet)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["a"]:
        part_a()
        return 0
    if argv[:1] == ["b"]:
        part_b()
        return 0
    code = warm_up()
    print(f"numba kernels compiled and cached in {kernel_cache_dir()}", flush=True)
    return code


if __name__ == "__main__":
    sys.exit(main())

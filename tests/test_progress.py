"""Progress bars on the long loops (issue 17): calibrate, validate, decision_curve's bootstrap, cv_glmnet's folds.

``progress=True`` draws tqdm's bar on stderr, advancing to the number of replicates (folds); ``progress=None``
(the default) draws one only in an interactive session, so nothing is written into pytest's captured output;
the bar changes no number (the same rows are drawn, serially and on a pool).  Messages that are not R's
warnings go through ``logging``.
"""
from __future__ import annotations

import logging
import re
import subprocess
import sys
import types
import warnings

import numpy as np
import pandas as pd
import pytest

from cmvt_core import RWarning, calibrate, cv_glmnet, decision_curve, lrm, validate
from cmvt_core import _progress as P
from cmvt_core.datasets import load_cmvt_cohort

COLS = ["age_group", "pre_nlr", "post_nlr", "out_of_bed_d1"]


@pytest.fixture(scope="module")
def cohort():
    return load_cmvt_cohort().astype(float)


@pytest.fixture(scope="module")
def fit(cohort):
    return lrm(cohort[COLS], cohort["cmvt"])


def _risk_frame(cohort, fit):
    return pd.DataFrame({"y": cohort["cmvt"], "risk": 1 / (1 + np.exp(-fit.linear_predictors))})


def _final_count(err: str) -> tuple[int, int]:
    """The last ``k/total`` tqdm printed (its closing refresh)."""
    counts = re.findall(r"(\d+)/(\d+)", err)
    assert counts, f"no bar on stderr: {err!r}"
    return int(counts[-1][0]), int(counts[-1][1])


# ------------------------------------------------------------------------------ progress=True
@pytest.mark.parametrize("n_jobs", [None, 2], ids=["serial", "threads"])
def test_calibrate_and_validate_bars_reach_B(fit, capsys, n_jobs):
    calibrate(fit, B=60, seed=1, progress=True, n_jobs=n_jobs)
    err = capsys.readouterr().err
    assert "calibrate: bootstrap" in err and _final_count(err) == (60, 60)
    validate(fit, B=45, seed=1, progress=True, n_jobs=n_jobs)
    err = capsys.readouterr().err
    assert "validate: bootstrap" in err and _final_count(err) == (45, 45)


@pytest.mark.parametrize("n_jobs", [None, 2], ids=["serial", "threads"])
def test_decision_curve_bar_reaches_bootstraps(cohort, fit, capsys, n_jobs):
    decision_curve(_risk_frame(cohort, fit), "y", "risk", fitted_risk=True, thresholds=[0.1, 0.3], bootstraps=70,
                   seed=3, progress=True, n_jobs=n_jobs)
    err = capsys.readouterr().err
    assert "decision_curve: bootstrap" in err and _final_count(err) == (70, 70)


def test_cv_glmnet_bar_counts_folds(cohort, capsys):
    cv_glmnet(cohort[COLS], cohort["cmvt"], nfolds=7, seed=2, progress=True, n_jobs=2)
    err = capsys.readouterr().err
    assert "cv_glmnet: folds" in err and _final_count(err) == (7, 7)


# ------------------------------------------------------------------------------ progress=None under pytest
def test_default_writes_nothing_into_captured_output(cohort, fit, capfd):
    calibrate(fit, B=250, seed=1)
    validate(fit, B=250, seed=1)
    decision_curve(_risk_frame(cohort, fit), "y", "risk", fitted_risk=True, bootstraps=250, seed=1)
    cv_glmnet(cohort[COLS], cohort["cmvt"], nfolds=10, seed=1)
    calibrate(fit, B=30, seed=1, progress=False)
    out, err = capfd.readouterr()
    assert out == "" and err == ""


def test_default_in_a_pipe_is_silent_and_does_not_import_tqdm():
    code = ("import sys, cmvt_core\n"
            "assert 'tqdm' not in sys.modules, 'import cmvt_core imported tqdm'\n"
            "from cmvt_core.datasets import load_cmvt_cohort\n"
            "d = load_cmvt_cohort().astype(float)\n"
            "fit = cmvt_core.lrm(d[['age_group', 'post_nlr']], d['cmvt'])\n"
            "cmvt_core.validate(fit, B=300, seed=1)\n"
            "print('tqdm' in sys.modules)\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "False" and proc.stderr == ""


def test_interactive_means_a_terminal_or_a_jupyter_kernel(monkeypatch):
    class Stream:
        def __init__(self, tty):
            self.tty = tty

        def isatty(self):
            return self.tty

    monkeypatch.delitem(sys.modules, "IPython", raising=False)
    monkeypatch.setattr(sys, "stderr", Stream(True))
    assert P.want_progress(None) is True and P.want_progress(False) is False
    monkeypatch.setattr(sys, "stderr", Stream(False))
    assert P.want_progress(None) is False and P.want_progress(True) is True
    shell = types.SimpleNamespace(kernel=None)
    monkeypatch.setitem(sys.modules, "IPython", types.SimpleNamespace(get_ipython=lambda: shell))
    assert P.interactive() is False  # a terminal IPython: its stderr decides
    shell.kernel = object()  # an ipykernel (Jupyter) shell
    assert P.interactive() is True
    monkeypatch.setattr(sys, "stderr", None)
    assert P.interactive() is True


def test_a_quiet_command_shows_no_bar_even_on_a_terminal(monkeypatch):
    """cmvt analyze --quiet / --json runs the study inside quiet_bars: progress=None then shows nothing,
    progress=True still does, and the setting ends with the block."""
    class Tty:
        def isatty(self):
            return True

    monkeypatch.delitem(sys.modules, "IPython", raising=False)
    monkeypatch.setattr(sys, "stderr", Tty())
    assert P.want_progress(None) is True
    with P.quiet_bars(True):
        assert P.want_progress(None) is False and P.want_progress(True) is True
        with P.quiet_bars(False):  # an inner, not quiet block keeps the outer quiet
            assert P.want_progress(None) is False
    with P.quiet_bars(False):
        assert P.want_progress(None) is True
    assert P.want_progress(None) is True


def test_analyze_quiet_runs_the_study_without_bars(monkeypatch, tmp_path):
    from cmvt_core.datasets import cmvt_cohort_path
    from cmvt_core.study import pipeline

    seen = []
    real = pipeline.run_study

    def spy(*a, **k):
        seen.append(P.want_progress(None))
        return real(*a, **k)

    class Tty:
        def isatty(self):
            return True

        def write(self, s):
            return len(s)

        def flush(self):
            pass

    monkeypatch.setattr(pipeline, "run_study", spy)
    monkeypatch.setattr(sys, "stderr", Tty())
    cfg = tmp_path / "q.toml"
    cfg.write_text("[calibration]\nB = 5\n[validation]\nB = 5\n[dca]\nbootstraps = 2\n[roc]\nboot_n = 20\n")
    pipeline.analyze(cmvt_cohort_path(), tmp_path / "out", outcome="cmvt", config_path=cfg, quiet=True,
                     figures=False)
    assert seen == [False]


def test_a_bar_not_shown_imports_nothing_and_counts_nothing():
    bar = P.Progress(False, 10, "x")
    bar.update(3)
    bar.close()
    assert not bar.shown


# ------------------------------------------------------------------------------ same numbers
def test_progress_changes_no_number(cohort, fit, capsys):
    for fn in (calibrate, validate):
        quiet = fn(fit, B=80, seed=11, progress=False)
        shown = fn(fit, B=80, seed=11, progress=True)
        pooled = fn(fit, B=80, seed=11, progress=True, n_jobs=2, backend="threads")
        pd.testing.assert_frame_equal(quiet.table, shown.table, check_exact=True)
        pd.testing.assert_frame_equal(quiet.table, pooled.table, check_exact=True)
    rf = _risk_frame(cohort, fit)
    kw = dict(fitted_risk=True, thresholds=[0.05, 0.2, 0.4], bootstraps=60, seed=5)
    a = decision_curve(rf, "y", "risk", progress=False, **kw).derived_data
    b = decision_curve(rf, "y", "risk", progress=True, **kw).derived_data
    c = decision_curve(rf, "y", "risk", progress=True, n_jobs=2, **kw).derived_data
    pd.testing.assert_frame_equal(a, b, check_exact=True)
    pd.testing.assert_frame_equal(a, c, check_exact=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RWarning)
        u = cv_glmnet(cohort[COLS], cohort["cmvt"], nfolds=5, seed=9, progress=False)
        v = cv_glmnet(cohort[COLS], cohort["cmvt"], nfolds=5, seed=9, progress=True, n_jobs=2)
    for name in ("lambda_", "cvm", "cvsd", "nzero"):
        np.testing.assert_array_equal(getattr(u, name), getattr(v, name))
    assert (u.lambda_min, u.lambda_1se) == (v.lambda_min, v.lambda_1se)
    capsys.readouterr()


def test_bootstrap_rows_do_not_depend_on_the_bar():
    """The bar shortens calibrate's chunks (about 20 steps); the replicates' rows are drawn from one R stream
    in R's order all the same: every replicate's drawn rows are identical with and without it."""
    from cmvt_core import calibration as C

    def task(rows):
        return rows.astype(float), rows.astype(float), np.zeros(rows.shape[0], dtype=np.int64)

    def drawn(progress):
        return C._run_boot(task, (), 30, 40, 7, None, "threads", "t", progress)[0]

    quiet, shown = drawn(False), drawn(True)
    assert quiet.shape == (40, 30)
    np.testing.assert_array_equal(quiet, shown)


@pytest.mark.parametrize("bad", ["yes", 1.5, [True]])
def test_progress_must_be_a_flag(fit, cohort, bad):
    from cmvt_core import InputError

    with pytest.raises(InputError, match="progress"):
        decision_curve(_risk_frame(cohort, fit), "y", "risk", fitted_risk=True, bootstraps=5, progress=bad)
    with pytest.raises(InputError, match="progress"):
        cv_glmnet(cohort[COLS], cohort["cmvt"], nfolds=3, progress=bad)


# ------------------------------------------------------------------------------ messages through logging
def test_study_steps_are_log_records(caplog):
    from cmvt_core.study.pipeline import _progress_printer

    say = _progress_printer()
    with caplog.at_level(logging.INFO, logger="cmvt_core"):
        say("LASSO done")
    rec = [r for r in caplog.records if r.name == "cmvt_core.study.pipeline"]
    assert len(rec) == 1 and rec[0].levelno == logging.INFO and rec[0].getMessage().endswith("] LASSO done")


def test_log_to_stderr_prints_plain_lines_once_and_restores(capsys):
    log = logging.getLogger("cmvt_core.test_progress")
    before = (logging.getLogger("cmvt_core").level, logging.getLogger("cmvt_core").propagate,
              list(logging.getLogger("cmvt_core").handlers))
    with P.log_to_stderr("cmvt_core"):
        log.info("compiling kernels")
    log.info("not shown: logging's defaults print WARNING and above only")
    with P.log_to_stderr("cmvt_core", enabled=False):
        log.info("not shown either")
    assert capsys.readouterr().err == "compiling kernels\n"
    g = logging.getLogger("cmvt_core")
    assert (g.level, g.propagate, list(g.handlers)) == before


def test_kernel_compilation_messages_are_log_records(monkeypatch, caplog, capsys):
    from cmvt_core import warmup as W

    class Done:  # the two compiling processes, finished at once
        def __init__(self, *args, **kwargs):
            pass

        def wait(self):
            return 0

    monkeypatch.setattr(W.subprocess, "Popen", Done)
    with caplog.at_level(logging.INFO, logger="cmvt_core"):
        assert W.warm_up(quiet=True) == 0
    msgs = [r.getMessage() for r in caplog.records if r.name == "cmvt_core.warmup"]
    assert len(msgs) == 2 and msgs[0].startswith("compiling the numba kernels") and "compiled and cached" in msgs[1]
    assert capsys.readouterr().err == ""  # quiet: logging's own settings decide (INFO is not printed by default)
    assert W.warm_up(quiet=False) == 0
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 2 and err[0].startswith("compiling the numba kernels")

"""Bootstrap work across workers and on a Dask cluster (issue 10), and the light import.

Every replicate's rows are drawn from R's stream in the calling process, in R's order; workers only
evaluate chunks of replicates; chunks are combined in replicate order.  So the outputs must be
byte-identical (np.array_equal, NaNs in the same places) whatever ``n_jobs`` and ``backend`` are,
and equal to R's (the rmda goldens; calibrate/validate against live rms in tests/test_calibration.py,
which use the default settings these runs are compared with).
"""
from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from cmvt_core import InputError, decision_curve
from cmvt_core.parallel import Executor, check_parallel, chunk_bounds, effective_n_jobs, map_chunks
from _paths import GOLDENS

BACKENDS = ["threads", "processes"]


@pytest.fixture(scope="module")
def gold_cohort():
    return pd.read_csv(GOLDENS / "cohort.csv")


def _numbers(res) -> np.ndarray:
    dd = res.derived_data
    return dd.drop(columns=["model", "cost_benefit_ratio"]).to_numpy(dtype=np.float64)


def _same(a: np.ndarray, b: np.ndarray) -> bool:
    return a.shape == b.shape and a.dtype == b.dtype and np.array_equal(a, b, equal_nan=True) \
        and a.tobytes() == b.tobytes()


# ------------------------------------------------------------------------------ machinery
@settings(deadline=None, max_examples=60)
@given(B=st.integers(1, 5000), k=st.integers(1, 64))
def test_chunk_bounds_cover_replicates_in_order(B, k):
    ch = chunk_bounds(B, k)
    assert ch[0][0] == 0 and ch[-1][1] == B
    assert all(lo < hi for lo, hi in ch)
    assert all(ch[i][1] == ch[i + 1][0] for i in range(len(ch) - 1))
    sizes = [hi - lo for lo, hi in ch]
    assert len(ch) == min(B, k) and max(sizes) - min(sizes) <= 1


def _square_chunk(shift, payload):
    return [(v + shift) ** 2 for v in payload]


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("n_jobs", [1, 2, 4])
def test_map_chunks_keeps_payload_order(n_jobs, backend):
    payloads = [list(range(lo, hi)) for lo, hi in chunk_bounds(103, 9)]
    out = map_chunks(_square_chunk, (1,), iter(payloads), n_jobs=n_jobs, backend=backend, max_in_flight=3)
    assert [v for part in out for v in part] == [(v + 1) ** 2 for v in range(103)]


def test_bad_parallel_arguments_name_the_culprit():
    with pytest.raises(InputError, match="backend.*'mpi'"):
        check_parallel(2, "mpi")
    for bad in (0, 1.5, "2", True):
        with pytest.raises(InputError, match="n_jobs"):
            check_parallel(bad, "threads")
    assert effective_n_jobs(None) == 1 and effective_n_jobs(3) == 3 and effective_n_jobs(-1) >= 1
    with pytest.raises(InputError, match="backend"):
        decision_curve(pd.DataFrame({"y": [0, 1, 0, 1], "x": [1.0, 2, 3, 4]}), "y", ["x"], seed=1,
                       bootstraps=2, n_jobs=2, backend="cluster")
    with pytest.raises(InputError, match="n_jobs"):
        decision_curve(pd.DataFrame({"y": [0, 1, 0, 1], "x": [1.0, 2, 3, 4]}), "y", ["x"], seed=1,
                       bootstraps=2, n_jobs=0)


def test_dask_backend_without_a_client_says_so():
    pytest.importorskip("distributed")
    from distributed import default_client
    try:
        default_client()
        pytest.skip("a dask client is already running in this process")
    except ValueError:
        pass
    with pytest.raises(InputError, match="dask.distributed client"):
        Executor(2, "dask")


# ------------------------------------------------------------------------------ decision_curve
DCA_CASES = {
    "formula_boot50": dict(predictors=["x1", "x2"], bootstraps=50, seed=1),
    "casecontrol_boot50": dict(predictors=["x1", "x2"], study_design="case-control", population_prevalence=0.05,
                               bootstraps=50, seed=4),
}


@pytest.fixture(scope="module")
def dca_serial(gold_cohort):
    return {k: _numbers(decision_curve(gold_cohort, "y", **kw)) for k, kw in DCA_CASES.items()}


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("n_jobs", [1, 2, 4])
@pytest.mark.parametrize("case", list(DCA_CASES))
def test_decision_curve_identical_for_any_workers(case, n_jobs, backend, gold_cohort, dca_serial):
    res = decision_curve(gold_cohort, "y", **DCA_CASES[case], n_jobs=n_jobs, backend=backend)
    assert _same(_numbers(res), dca_serial[case])


@pytest.mark.golden
@pytest.mark.parametrize("case", list(DCA_CASES))
def test_parallel_decision_curve_equals_rmda_golden(case, gold_cohort, parity_case):
    """The 2-process run against rmda 1.6's stored output (the same goldens as test_dca)."""
    calls = json.loads((GOLDENS / "rmda_cases.json").read_text())
    g = pd.read_csv(GOLDENS / f"rmda_{case}.csv", keep_default_na=False, na_values=[""])
    dd = decision_curve(gold_cohort, "y", **DCA_CASES[case], n_jobs=2, backend="processes").derived_data
    cmp = parity_case(f"rmda-golden-{case}-n_jobs2").describe(
        call=f"set.seed({DCA_CASES[case]['seed']}); {calls[case]['call']}  [rmda 1.6, stored golden; "
             "Python with n_jobs=2, backend='processes']", data=gold_cohort, golden=True)
    for c in g.columns:
        if c in ("model", "cost.benefit.ratio"):
            continue
        cmp.add(f"dca.{c.replace('.', '_')}", dd[c.replace(".", "_")].to_numpy(float), g[c].to_numpy(float),
                note="golden: rmda 1.6 output stored in tests/goldens, not live")
    cmp.assert_ok()


def test_decision_curve_chunking_with_many_units_is_identical():
    """Continuous predictors on 3000 rows (every row its own unit) and a small memory cap would
    change the chunk sizes; the numbers must not change."""
    from cmvt_core import RRNG
    rng = RRNG(11)
    x = rng.rnorm(3000)
    y = (rng.runif(3000) < 1 / (1 + np.exp(-(x - 1)))).astype(float)
    df = pd.DataFrame({"y": y, "x": x})
    a = _numbers(decision_curve(df, "y", ["x"], bootstraps=12, seed=5))
    b = _numbers(decision_curve(df, "y", ["x"], bootstraps=12, seed=5, n_jobs=3, backend="threads"))
    assert _same(a, b)


# ------------------------------------------------------------------------------ Dask
@pytest.fixture(scope="module")
def dask_client():
    distributed = pytest.importorskip("distributed")
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                       dashboard_address=None, silence_logs=50)
    client = distributed.Client(cluster)
    yield client
    client.close()
    cluster.close()


@pytest.mark.parametrize("n_jobs", [2, -1])
def test_decision_curve_on_a_dask_cluster_is_identical(n_jobs, dask_client, gold_cohort, dca_serial):
    for case, kw in DCA_CASES.items():
        res = decision_curve(gold_cohort, "y", **kw, n_jobs=n_jobs, backend="dask")
        assert _same(_numbers(res), dca_serial[case])


def test_dask_map_chunks_in_order(dask_client):
    payloads = [list(range(lo, hi)) for lo, hi in chunk_bounds(50, 7)]
    out = map_chunks(_square_chunk, (2,), iter(payloads), n_jobs=-1, backend="dask")
    assert [v for part in out for v in part] == [(v + 2) ** 2 for v in range(50)]


# ------------------------------------------------------------------------------ light import
def test_import_is_light():
    heavy = ["numba", "llvmlite", "matplotlib", "rpy2", "dask", "distributed", "joblib", "scipy", "pandas",
             "cmvt_core.calibration", "cmvt_core.dca", "cmvt_core.lasso", "cmvt_core.plots", "cmvt_core.parity", "parity"]
    code = ("import json, sys, cmvt_core; "
            f"print(json.dumps([m for m in {heavy!r} if m in sys.modules]))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == []
    # and the lazy names still resolve
    code2 = "import cmvt_core, sys; cmvt_core.decision_curve; print('numba' in sys.modules)"
    out2 = subprocess.run([sys.executable, "-c", code2], capture_output=True, text=True, check=True)
    assert out2.stdout.strip() == "True"


# ------------------------------------------------------------------------------ calibrate / validate
def _cal_data(kind):
    """The study-sized fit of tests/test_calibration.py (n = 224, p = 6) and the n = 30 separation
    fixture whose resamples fail to converge (failed replicates must be skipped identically)."""
    if kind == "study":
        rng = np.random.default_rng(7)
        X = rng.normal(size=(224, 6))
        X[:, 4] = (X[:, 4] > 0.3).astype(float)
        X[:, 5] = np.round(X[:, 5] * 2) / 2
        eta = -1 + X @ np.array([0.8, -0.5, 0.3, 0.0, 1.0, 0.4])
        y = (rng.random(224) < 1 / (1 + np.exp(-eta))).astype(float)
        return pd.DataFrame(X, columns=["age", "ddimer", "crp", "nlr", "general", "score"]), y
    rng = np.random.default_rng(100)
    X = np.column_stack([rng.normal(size=30), rng.normal(size=30)])
    y = (rng.random(30) < 1 / (1 + np.exp(-4 * X[:, 0]))).astype(float)
    return pd.DataFrame(X, columns=["s", "t"]), y


CAL_CASES = {"study": dict(B=60, seed=2025), "separation": dict(B=80, seed=1)}


def _cal_numbers(cal, val):
    """Every number calibrate and validate report, as one float array (NaNs kept)."""
    return np.concatenate([cal.table.to_numpy(dtype=np.float64).ravel(), cal.err,
                           [cal.mean_abs_error, cal.mean_sq_error, cal.quantile90_abs_error, cal.n_failed],
                           val.table.to_numpy(dtype=np.float64).ravel(), [val.n_failed]])


@pytest.fixture(scope="module")
def cal_fits():
    import warnings
    from cmvt_core import RWarning, lrm
    out = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RWarning)
        for k in CAL_CASES:
            df, y = _cal_data(k)
            out[k] = lrm(df, y)
    return out


def _cal_run(fit, case, **kw):
    import warnings
    from cmvt_core import RWarning, calibrate, validate
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RWarning)
        cal = calibrate(fit, **CAL_CASES[case], **kw)
        val = validate(fit, **CAL_CASES[case], **kw)
    return cal, val


@pytest.fixture(scope="module")
def cal_serial(cal_fits):
    """n_jobs=None at these sizes (B * n < 200 000) is the serial path in the calling thread; it is
    the setting tests/test_calibration.py compares with live rms."""
    return {k: _cal_run(cal_fits[k], k) for k in CAL_CASES}


def test_calibrate_serial_reference_is_sane(cal_serial):
    cal, val = cal_serial["separation"]
    assert cal.n_failed > 0 and val.n_failed > 0  # the failure path is exercised by the comparisons
    cal, val = cal_serial["study"]
    assert cal.n_failed == 0 and np.isfinite(cal.mean_abs_error)


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("n_jobs", [1, 2, 4])
@pytest.mark.parametrize("case", list(CAL_CASES))
def test_calibrate_validate_identical_for_any_workers(case, n_jobs, backend, cal_fits, cal_serial):
    cal, val = _cal_run(cal_fits[case], case, n_jobs=n_jobs, backend=backend)
    ref_cal, ref_val = cal_serial[case]
    for col in ref_cal.table.columns:
        assert _same(cal.table[col].to_numpy(), ref_cal.table[col].to_numpy()), col
    assert _same(cal.err, ref_cal.err)
    assert (cal.mean_abs_error, cal.mean_sq_error, cal.quantile90_abs_error, cal.n, cal.n_failed,
            cal.failures) == (ref_cal.mean_abs_error, ref_cal.mean_sq_error, ref_cal.quantile90_abs_error,
                              ref_cal.n, ref_cal.n_failed, ref_cal.failures)
    for col in ref_val.table.columns:
        assert _same(val.table[col].to_numpy(), ref_val.table[col].to_numpy()), col
    assert val.n_failed == ref_val.n_failed and val.failures == ref_val.failures


def test_calibrate_default_parallel_path_is_identical(cal_fits, cal_serial, monkeypatch):
    """Above B * n = AUTO_PARALLEL_WORK, n_jobs=None uses all cores (threads); with a threshold of 0 the
    default path runs on the pool and must give the serial numbers."""
    from cmvt_core import parallel
    assert parallel.resolve_jobs(None, "threads", 60 * 224) == (None, "threads")
    monkeypatch.setattr(parallel, "AUTO_PARALLEL_WORK", 0)
    assert parallel.resolve_jobs(None, "threads", 60 * 224) == (-1, "threads")
    got = _cal_numbers(*_cal_run(cal_fits["study"], "study"))
    assert _same(got, _cal_numbers(*cal_serial["study"]))


def test_decision_curve_default_parallel_path_is_identical(gold_cohort, monkeypatch):
    """decision_curve resolves n_jobs=None as every other bootstrap: on all cores above the threshold,
    with the serial numbers."""
    from cmvt_core import parallel
    ref = decision_curve(gold_cohort, "y", ["risk"], fitted_risk=True, bootstraps=30, seed=3, n_jobs=1)
    monkeypatch.setattr(parallel, "AUTO_PARALLEL_WORK", 0)
    got = decision_curve(gold_cohort, "y", ["risk"], fitted_risk=True, bootstraps=30, seed=3)
    assert _same(_numbers(got), _numbers(ref))


def test_calibrate_chunked_draws_are_rs_stream():
    """Rows drawn chunk by chunk continue one R stream: the same as sample(n, n*B, TRUE) at once
    (whose state after the draws tests/test_calibration.py checks against R's .Random.seed)."""
    from cmvt_core import RRNG, calibration as C
    whole = RRNG(5).unif_index(97, 97 * 23).reshape(23, 97)  # sample(97, replace = TRUE) 23 times, at once
    parts = np.concatenate(list(C._draw_chunks(97, 23, 5, chunk_bounds(23, 6))), axis=0)
    assert _same(parts, whole)


def test_calibrate_bad_parallel_arguments(cal_fits):
    from cmvt_core import calibrate, validate
    with pytest.raises(InputError, match="backend.*'spark'"):
        calibrate(cal_fits["study"], B=5, seed=1, n_jobs=2, backend="spark")
    with pytest.raises(InputError, match="n_jobs"):
        validate(cal_fits["study"], B=5, seed=1, n_jobs=0)
    with pytest.raises(InputError, match="n_jobs"):
        calibrate(cal_fits["study"], B=5, seed=1, n_jobs=1.5)


@pytest.mark.parametrize("n_jobs", [2, -1])
def test_calibrate_validate_on_a_dask_cluster_are_identical(n_jobs, dask_client, cal_fits, cal_serial):
    for case in CAL_CASES:
        got = _cal_numbers(*_cal_run(cal_fits[case], case, n_jobs=n_jobs, backend="dask"))
        assert _same(got, _cal_numbers(*cal_serial[case]))


# ------------------------------------------------------------------------------ validate / calibrate, bw=True
# the bw replicates (full refit, fastbw, reduced refit per resample) go through the same machinery: the table,
# .kept and the printouts must be the same bytes for any n_jobs / backend (tests/test_fastbw.py compares the
# serial run with live rms).  "cohort": a formula fit whose step-down keeps 2-4 of 6 factors; "separation":
# the n = 30 fit whose resamples fail (rms's kept rows skip them), and whose calibrate stops (every factor
# deleted in a replicate), which must stop the same way on the pool.
BW_CASES = {"cohort": dict(B=12, seed=5, bw=True, rule="p", sls=0.1), "separation": dict(B=30, seed=1, bw=True)}


@pytest.fixture(scope="module")
def bw_fits(cal_fits):
    from cmvt_core import lrm
    from cmvt_core.datasets import load_cmvt_cohort
    d = load_cmvt_cohort().astype(float)
    return {"cohort": lrm("cmvt ~ rcs(post_nlr, 4) * age_group + lsp(bmi, c(25, 30)) + female + rcs(pre_crp, 3)",
                          d),
            "separation": cal_fits["separation"]}


def _bw_run(fit, case, **kw) -> tuple:
    """Everything validate and calibrate with bw=True report, as bytes and text (a calibrate stop: its message)."""
    import warnings
    from cmvt_core import RWarning, calibrate, validate
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RWarning)
        v = validate(fit, **BW_CASES[case], **kw)
        try:
            c = calibrate(fit, **BW_CASES[case], **kw)
            cal = (c.table.to_numpy().tobytes(), c.err.tobytes(), str(c), c.n_failed)
        except RuntimeError as e:
            cal = ("stops", str(e))
    return (v.table.to_numpy().tobytes(), v.kept.to_numpy().tobytes(), list(v.kept.columns), str(v), str(v.fastbw),
            v.n_failed, v.failures, cal)


@pytest.fixture(scope="module")
def bw_serial(bw_fits):
    return {k: _bw_run(bw_fits[k], k, n_jobs=1) for k in BW_CASES}


def test_bw_serial_reference_is_sane(bw_serial):
    ref = bw_serial["separation"]
    assert ref[5] > 0 and ref[7][0] == "stops"  # failed replicates, and calibrate's stop
    ref = bw_serial["cohort"]
    kept = np.frombuffer(ref[1], dtype=bool).reshape(-1, len(ref[2]))
    assert 0 < kept.sum() < kept.size and ref[7][0] != "stops"


@pytest.mark.parametrize("n_jobs,backend", [(None, "threads"), (2, "threads"), (4, "threads"), (1, "processes"),
                                            (2, "processes")])
@pytest.mark.parametrize("case", list(BW_CASES))
def test_bw_validate_calibrate_identical_for_any_workers(case, n_jobs, backend, bw_fits, bw_serial):
    assert _bw_run(bw_fits[case], case, n_jobs=n_jobs, backend=backend) == bw_serial[case]


def test_bw_with_progress_is_identical(bw_fits, bw_serial):
    """progress=True makes the chunks small (a bar step each): the same bytes."""
    assert _bw_run(bw_fits["cohort"], "cohort", n_jobs=1, progress=True) == bw_serial["cohort"]


def test_bw_on_a_dask_cluster_is_identical(dask_client, bw_fits, bw_serial):
    for case in BW_CASES:
        assert _bw_run(bw_fits[case], case, n_jobs=2, backend="dask") == bw_serial[case]


# ------------------------------------------------------------------------------ one parallel setting
def _cv_data(n=120, p=6, events=None, seed=3):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, p))
    if events is None:
        y = (x[:, 0] + 0.5 * x[:, 1] + rng.normal(size=n) > 0).astype(float)
    else:
        y = np.zeros(n)
        y[rng.choice(n, events, replace=False)] = 1.0
    return x, y


def _cv_numbers(cv) -> np.ndarray:
    return np.concatenate([cv.lambda_, cv.cvm, cv.cvsd, cv.fit_preval.ravel(), [cv.lambda_min, cv.lambda_1se]])


@pytest.mark.parametrize("n_jobs,backend", [(2, "threads"), (2, "processes"), (-1, "threads")])
def test_cv_glmnet_identical_for_any_workers(n_jobs, backend):
    from cmvt_core import cv_glmnet
    x, y = _cv_data()
    ref = cv_glmnet(x, y, nfolds=5, seed=11, keep=True, n_jobs=1)
    got = cv_glmnet(x, y, nfolds=5, seed=11, keep=True, n_jobs=n_jobs, backend=backend)
    assert _same(_cv_numbers(got), _cv_numbers(ref))
    assert np.array_equal(got.foldid, ref.foldid)


def test_cv_glmnet_default_parallel_path_is_identical(monkeypatch):
    """Above N x nfolds = AUTO_PARALLEL_WORK the default n_jobs=None uses all cores; with the threshold
    at 0 the default path runs the folds on the pool and must give the serial numbers."""
    from cmvt_core import cv_glmnet, parallel
    x, y = _cv_data()
    ref = cv_glmnet(x, y, nfolds=5, seed=11, keep=True, n_jobs=1)
    monkeypatch.setattr(parallel, "AUTO_PARALLEL_WORK", 0)
    assert parallel.resolve_jobs(None, "threads", 1) == (-1, "threads")
    got = cv_glmnet(x, y, nfolds=5, seed=11, keep=True)
    assert _same(_cv_numbers(got), _cv_numbers(ref))


@pytest.mark.parametrize("n_jobs,backend", [(1, "threads"), (2, "threads"), (2, "processes")])
def test_cv_glmnet_fold_warnings_in_fold_order(n_jobs, backend):
    """A fold fit's R warnings reach the caller from any worker, in fold order: with 9 events in 60
    rows, folds whose training rows hold fewer than 8 events warn as glmnet does."""
    import warnings as W
    from cmvt_core import RWarning, cv_glmnet
    x, y = _cv_data(n=60, p=3, events=9, seed=5)
    with W.catch_warnings(record=True) as caught:
        W.simplefilter("always")
        cv = cv_glmnet(x, y, nfolds=5, seed=2, n_jobs=n_jobs, backend=backend, nlambda=10)
    msgs = [str(c.message) for c in caught if issubclass(c.category, RWarning)]
    expected = []
    for k in range(1, 6):
        ev = int(y[cv.foldid != k].sum())
        if ev < 8:
            expected.append(f"class 1 has {ev}")
    assert expected, "the data must make some folds warn"
    small = [m for m in msgs if "fewer than 8" in m]
    assert len(small) == len(expected)
    assert all(e in m for e, m in zip(expected, small))


def test_one_parallel_default_for_folds_and_bootstraps():
    """cv_glmnet and every bootstrap take the same n_jobs/backend arguments with the same defaults."""
    import inspect
    from cmvt_core import calibrate, cv_glmnet, decision_curve, validate
    from cmvt_core.parallel import DEFAULT_BACKEND, DEFAULT_N_JOBS
    from cmvt_core import decision_curve_survival
    for fn in (cv_glmnet, calibrate, validate, decision_curve, decision_curve_survival):
        sig = inspect.signature(fn)
        assert sig.parameters["n_jobs"].default is DEFAULT_N_JOBS, fn.__name__
        assert sig.parameters["backend"].default == DEFAULT_BACKEND, fn.__name__


# ------------------------------------------------------------------------------ cph and Cox LASSO on Dask
# issue 20: calibrate / validate of a cph fit and cv_glmnet(family="cox") byte-identical on a Dask cluster
# (threads and processes: tests/test_calibrate_cph.py::test_parallel_byte_identical)
CPH_U = 100.0


@pytest.fixture(scope="module")
def cph_veteran():
    import warnings
    from cmvt_core import RWarning, cph
    from _survival_cases import DATA
    x, t, e = DATA["veteran"]()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RWarning)
        return cph(x, t, e, time_inc=CPH_U)


def _cph_numbers(fit, **kw) -> np.ndarray:
    """Every number calibrate(cph) and validate(cph) report (B = 20), as one float array."""
    import warnings
    from cmvt_core import RWarning, calibrate, validate
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RWarning)
        cal = calibrate(fit, u=CPH_U, m=30, B=20, seed=5, **kw)
        val = validate(fit, B=20, seed=5, **kw)
    return np.concatenate([cal.table.to_numpy(dtype=np.float64).ravel(), np.asarray(cal.predicted, float),
                           np.asarray(cal.cuts, float), [cal.n_failed],
                           val.table.to_numpy(dtype=np.float64).ravel(), [val.n_failed,
                                                                         val.c_index_orig, val.c_index_corrected]])


@pytest.fixture(scope="module")
def cph_serial(cph_veteran):
    return _cph_numbers(cph_veteran, n_jobs=1)


@pytest.mark.parametrize("n_jobs", [2, -1])
def test_cph_calibrate_validate_on_a_dask_cluster_are_identical(n_jobs, dask_client, cph_veteran, cph_serial):
    assert _same(_cph_numbers(cph_veteran, n_jobs=n_jobs, backend="dask"), cph_serial)


def _cox_cv(**kw):
    from cmvt_core import cv_glmnet
    from _survival_cases import DATA
    x, t, e = DATA["pbc"]()
    return cv_glmnet(x.to_numpy(float), family="cox", time=t.to_numpy(float), event=e.to_numpy(float), nfolds=5,
                     seed=11, keep=True, **kw)


@pytest.mark.parametrize("n_jobs", [2, -1])
def test_cv_glmnet_cox_on_a_dask_cluster_is_identical(n_jobs, dask_client):
    ref = _cox_cv(n_jobs=1)
    got = _cox_cv(n_jobs=n_jobs, backend="dask")
    assert _same(_cv_numbers(got), _cv_numbers(ref))
    assert np.array_equal(got.foldid, ref.foldid)


# ------------------------------------------------------------------------------ survival decision curves
def _dcs_numbers(**kw) -> np.ndarray:
    from cmvt_core import decision_curve_survival
    from _survival_cases import DATA
    x, t, e = DATA["veteran"]()
    risk = pd.DataFrame({"karno": 1 - x["karno"].to_numpy(float) / 100, "age": x["age"].to_numpy(float) / 100})
    dc = decision_curve_survival(t, e, risk, time_horizon=100.0, thresholds=[0.1, 0.3, 0.5, 0.7], bootstraps=20,
                                 seed=9, **kw)
    return dc.dca.drop(columns=["variable", "label"]).to_numpy(dtype=np.float64)


@pytest.fixture(scope="module")
def dcs_serial():
    return _dcs_numbers(n_jobs=1)


@pytest.mark.parametrize("n_jobs,backend", [(None, "threads"), (2, "threads"), (2, "processes")])
def test_decision_curve_survival_identical_for_any_workers(n_jobs, backend, dcs_serial):
    assert _same(_dcs_numbers(n_jobs=n_jobs, backend=backend), dcs_serial)


@pytest.mark.parametrize("n_jobs", [2, -1])
def test_decision_curve_survival_on_a_dask_cluster_is_identical(n_jobs, dask_client, dcs_serial):
    assert _same(_dcs_numbers(n_jobs=n_jobs, backend="dask"), dcs_serial)


def test_decision_curve_survival_bad_parallel_arguments():
    from cmvt_core import decision_curve_survival
    with pytest.raises(InputError, match="backend.*'mpi'"):
        decision_curve_survival([1, 2, 3, 4], [1, 0, 1, 0], [0.1, 0.2, 0.3, 0.4], time_horizon=2, bootstraps=2,
                                seed=1, backend="mpi")
    with pytest.raises(InputError, match="n_jobs"):
        decision_curve_survival([1, 2, 3, 4], [1, 0, 1, 0], [0.1, 0.2, 0.3, 0.4], time_horizon=2, n_jobs=0)

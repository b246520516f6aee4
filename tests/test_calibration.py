"""calibrate / validate (issue 6): live parity with rms 6.5-0 (lowess: tests/test_lowess.py; somers2 and
GiniMd: tests/kernels/test_hmisc.py).

Every R value below comes from the live R call named beside it (parity/r/calibration.R):
``cal_calibrate`` = ``lrm(y ~ ., x=TRUE, y=TRUE); set.seed(seed); calibrate(fit, method="boot", B)``
plus ``plot(cal)``'s printed errors; ``cal_validate`` likewise with ``validate``.
The six B = 1000 cases run by default (marked ``slow``: about 45 s together, mostly rms's side).
"""
from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from cmvt_core import InputError, RWarning, lrm
from cmvt_core import calibration as C
from cmvt_core.calibration import calibrate, external_calibration, lowess, validate
from cmvt_core.kernels.lrm_fit import lrm_fit_counts
from cmvt_core.rrandom import RRNG

from _paths import GOLDENS  # noqa: E402

COHORT = GOLDENS / "cohort.csv"


# ------------------------------------------------------------------------------------------
# fixtures (data made with numpy; only R's side of the comparison must be R)
# ------------------------------------------------------------------------------------------


def _study(n=224, seed=7):
    """Study-sized: n = 224, p = 6 (continuous, a 0/1 flag, a half-unit rounded score)."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 6))
    X[:, 4] = (X[:, 4] > 0.3).astype(float)
    X[:, 5] = np.round(X[:, 5] * 2) / 2
    eta = -1 + X @ np.array([0.8, -0.5, 0.3, 0.0, 1.0, 0.4])
    y = (rng.random(n) < 1 / (1 + np.exp(-eta))).astype(float)
    return pd.DataFrame(X, columns=["age", "ddimer", "crp", "nlr", "general", "score"]), y


def _cohort():
    d = pd.read_csv(COHORT)
    return d[["x1", "x2"]], d["y"].to_numpy(dtype=float)


def _rare_dummy(n=60, seed=11):
    """A 0/1 column with 3 ones: some resamples miss it, the refit is singular and skipped."""
    rng = np.random.default_rng(seed)
    X = np.column_stack([rng.normal(size=n), (np.arange(n) < 3).astype(float), rng.normal(size=n)])
    y = (rng.random(n) < 1 / (1 + np.exp(-(X[:, 0] + X[:, 1])))).astype(float)
    return pd.DataFrame(X, columns=["a", "rare", "b"]), y


def _separation(n=30, seed=100):
    """A strong predictor at n = 30: some resamples separate and lrm.fit does not converge."""
    rng = np.random.default_rng(seed)
    X = np.column_stack([rng.normal(size=n), rng.normal(size=n)])
    y = (rng.random(n) < 1 / (1 + np.exp(-4 * X[:, 0]))).astype(float)
    return pd.DataFrame(X, columns=["s", "t"]), y


def _tied(n=150, seed=5):
    """Integer-valued predictors: many exactly tied predictions (lowess/approx tie rules)."""
    rng = np.random.default_rng(seed)
    X = np.column_stack([rng.integers(0, 4, n), rng.integers(0, 2, n)]).astype(float)
    y = (rng.random(n) < 1 / (1 + np.exp(-(-1.5 + 0.7 * X[:, 0] + 0.5 * X[:, 1])))).astype(float)
    return pd.DataFrame(X, columns=["grade", "flag"]), y


def _factor(n=200, seed=3):
    rng = np.random.default_rng(seed)
    df = pd.DataFrame({"age": rng.normal(60, 10, n).round(1),
                       "stage": pd.Categorical(rng.choice(["I", "II", "III"], n), categories=["I", "II", "III"])})
    lp = -4 + 0.05 * df.age + (df.stage == "III") * 1.2
    y = (rng.random(n) < 1 / (1 + np.exp(-lp))).astype(float)
    return df, y.to_numpy()


def _near_collinear(n=120, seed=3, eps=3e-5):
    """x2 = x1 + 3e-5 noise: lrm's fit (tol 1e-7) works, one resample's information matrix is singular at
    1e-7 but not at predab.resample's tol = 1e-12, which validate's refits use."""
    rng = np.random.default_rng(seed)
    x1 = rng.normal(size=n)
    x2 = x1 + eps * rng.normal(size=n)
    x3 = rng.normal(size=n)
    y = (rng.random(n) < 1 / (1 + np.exp(-(0.5 * x1 + 0.3 * x3)))).astype(float)
    return pd.DataFrame({"x1": x1, "x2": x2, "x3": x3}), y


FIXTURES = {
    "study-n224-p6": _study,
    "cohort-x1-x2": _cohort,
    "rare-dummy-n60": _rare_dummy,
    "separation-n30": _separation,
    "tied-n150": _tied,
    "factor-n200": _factor,
    "near-collinear-n120": _near_collinear,
}
SEEDS = {"study-n224-p6": 2025, "cohort-x1-x2": 42, "rare-dummy-n60": 5, "separation-n30": 1,
         "tied-n150": 17, "factor-n200": 123, "near-collinear-n120": 1}


@pytest.fixture(scope="module")
def R(r_bridge):
    r_bridge.library("rms")
    r_bridge.library("Hmisc")
    r_bridge.source("calibration.R")
    return r_bridge


def _scalar(v):
    return float(np.asarray(v, dtype=float).ravel()[0])


def _fit(name):
    df, y = FIXTURES[name]()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RWarning)
        return df, y, lrm(df, y)


# ------------------------------------------------------------------------------------------
# calibrate and validate against rms
# ------------------------------------------------------------------------------------------

_CAL_COLS = ["predy", "calibrated_orig", "calibrated_corrected", "index_orig", "training", "test", "optimism",
             "index_corrected", "n"]


def _check_calibrate(R, parity_case, name, B):
    df, y, fit = _fit(name)
    seed = SEEDS[name]
    rr = R.call_py("helper:cal_calibrate", df, y, B, seed)
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        cal = calibrate(fit, B=B, seed=seed)
    cmp = parity_case(f"calibrate-{name}-B{B}")
    cmp.describe(call=f"fit <- lrm(y ~ ., x=TRUE, y=TRUE); set.seed({seed}); cal <- calibrate(fit, B={B}); "
                 "err <- plot(cal)", data=(df, y))
    rt = np.asarray(rr["table"])
    for j, col in enumerate(_CAL_COLS):
        stat = "calibrate.n" if col == "n" else f"calibrate.{col}"
        cmp.add(stat, cal.table[col].to_numpy(), rt[:, j])
    cmp.add("calibrate.mean_abs_error", cal.mean_abs_error, _scalar(rr["mae"]))
    cmp.add("calibrate.mean_sq_error", cal.mean_sq_error, _scalar(rr["mse"]))
    cmp.add("calibrate.quantile90_abs_error", cal.quantile90_abs_error, _scalar(rr["q90"]))
    cmp.add("calibrate.err", cal.err, np.asarray(rr["err"], dtype=float))
    cmp.add("calibrate.printed_n", cal.n, _scalar(rr["n"]))
    cmp.add("calibrate.n_failed", cal.n_failed, _scalar(rr["n_failed"]))
    # R consumed exactly B samples of n draws: its state equals ours after sample(n, n*B, TRUE)
    rng = RRNG(seed)
    rng.sample(len(y), len(y) * B, replace=True)
    cmp.add("rng.bootstrap_state", rng.random_seed, np.asarray(rr["random_seed"]))
    cmp.assert_ok()
    # the printed line, rounded as rms rounds it, is the same text
    printed = str(np.asarray(rr["printed"]).ravel()[0]).strip()
    assert cal.summary_line() == printed
    fails = [x for x in w if issubclass(x.category, RWarning) and "Divergence or singularity" in str(x.message)]
    assert len(fails) == (1 if cal.n_failed else 0)
    if cal.n_failed:
        assert str(fails[0].message) == f"Divergence or singularity in {cal.n_failed} samples"
    return cal


def _check_validate(R, parity_case, name, B):
    df, y, fit = _fit(name)
    seed = SEEDS[name]
    rr = R.call_py("helper:cal_validate", df, y, B, seed)
    with warnings.catch_warnings(record=True):
        warnings.simplefilter("always")
        v = validate(fit, B=B, seed=seed)
    cmp = parity_case(f"validate-{name}-B{B}")
    cmp.describe(call=f"fit <- lrm(y ~ ., x=TRUE, y=TRUE); set.seed({seed}); validate(fit, B={B})", data=(df, y))
    rt = np.asarray(rr["table"])
    assert rt.shape == (11, 6)
    for i, row in enumerate(C._VALIDATE_ROWS):
        for j, col in enumerate(C._VALIDATE_COLS):
            stat = "validate.n" if col == "n" else f"validate.{row}.{col}"
            cmp.add(stat, v.table.loc[row, col], rt[i, j])
    cmp.add("validate.n_failed", v.n_failed, _scalar(rr["n_failed"]))
    cmp.assert_ok()
    return v


@pytest.mark.r
@pytest.mark.parametrize("name", list(FIXTURES))
def test_calibrate_matches_rms_B40(R, parity_case, name):
    _check_calibrate(R, parity_case, name, 40)


@pytest.mark.r
@pytest.mark.parametrize("name", list(FIXTURES))
def test_validate_matches_rms_B40(R, parity_case, name):
    _check_validate(R, parity_case, name, 40)


@pytest.mark.r
def test_failures_counted_as_rms(R, parity_case):
    """Both failure kinds occur and are skipped/counted as rms does (singular; non-convergence)."""
    cal = _check_calibrate(R, parity_case, "rare-dummy-n60", 200)
    assert cal.failures["singular"] > 0
    cal = _check_calibrate(R, parity_case, "separation-n30", 200)
    assert cal.failures["nonconvergence"] > 0
    v = _check_validate(R, parity_case, "separation-n30", 200)
    assert v.n_failed > 0


@pytest.mark.r
def test_validate_refits_use_predab_tol(R, parity_case):
    """validate.lrm's refits get predab.resample's tol = 1e-12 (lrmfit's own 1e-7 default is unused): on the
    near-collinear fixture a resample that is singular at 1e-7 is fitted, and no replicate fails, as in rms."""
    df, y, _ = _fit("near-collinear-n120")
    idx = RRNG(SEEDS["near-collinear-n120"]).unif_index(len(y), len(y) * 40).reshape(40, len(y))
    status_1e7 = C._validate_chunk(df.to_numpy(float), y, idx, 1e-7)[2]
    assert (status_1e7 != 0).sum() >= 1  # the case tells the two tolerances apart
    v = _check_validate(R, parity_case, "near-collinear-n120", 40)
    assert v.n_failed == 0 and v.table.loc["Dxy", "n"] == 40


@pytest.mark.r
def test_B1000_small_fixture(R, parity_case):
    """B = 1000 on the fixture whose resamples fail to converge (the cheapest in R)."""
    _check_calibrate(R, parity_case, "separation-n30", 1000)


@pytest.mark.r
@pytest.mark.slow
@pytest.mark.parametrize("name", ["study-n224-p6", "cohort-x1-x2", "rare-dummy-n60", "tied-n150", "factor-n200"])
def test_calibrate_validate_matches_rms_B1000(R, parity_case, name):
    _check_calibrate(R, parity_case, name, 1000)
    _check_validate(R, parity_case, name, 1000)


def _draws(n, B, seed):
    """The B bootstrap samples predab.resample draws: sample(n, replace=TRUE) per replicate, 0-based, drawn at
    once (calibrate and validate draw them chunk by chunk: ``calibration._draw_chunks``)."""
    return RRNG(seed).unif_index(n, n * B).reshape(B, n)


def test_same_samples_for_calibrate_and_validate():
    """set.seed(s); calibrate(f, B) and set.seed(s); validate(f, B) draw the same rows."""
    a = next(C._draw_chunks(50, 7, 99, [(0, 7)]))
    b = next(C._draw_chunks(50, 7, 99, [(0, 7)]))
    assert np.array_equal(a, b)
    rng = RRNG(99)
    first = np.stack([rng.sample(50, 50, replace=True) for _ in range(7)]) - 1
    assert np.array_equal(a, first)
    assert np.array_equal(_draws(50, 7, 99), first)


# ------------------------------------------------------------------------------------------
# the bootstrap's own solver
# ------------------------------------------------------------------------------------------


@pytest.mark.r
def test_bootstrap_newton_matches_lrm_fit(R, parity_case):
    """The bootstrap solver equals rms::lrm.fit (tol 1e-13 and 1e-7) and logistic.lrm_fit."""
    from cmvt_core.logistic import lrm_fit

    cmp = parity_case("lrm.fit-bootstrap-samples")
    for name in ("study-n224-p6", "separation-n30", "rare-dummy-n60"):
        df, y, fit = _fit(name)
        X = np.asarray(fit.x, dtype=float)
        idx = _draws(len(y), 6, 31)
        for b in range(6):
            Xb, yb = X[idx[b]], y[idx[b]]
            for tol in (1e-13, 1e-7):
                st, coef, dev = lrm_fit_counts(Xb, yb, tol=tol)
                r = R.call_py("helper:cal_lrm_fit", Xb, yb, tol, 12)
                rfail = bool(np.asarray(r["fail"]).ravel()[0])
                cmp.add("lrm.fit.fail", float(st != 0), float(rfail))
                raw = lrm_fit(Xb, yb, tol=tol)
                cmp.add("lrm.fit.fail", float(st != 0), float(raw.fail))
                if st == 0 and not rfail:
                    cmp.add("lrm.fit.coef", coef, np.asarray(r["coef"]))
                    cmp.add("lrm.fit.deviance", dev, np.asarray(r["deviance"]))
                    cmp.add("lrm.fit.vs_lrm_fit", coef, raw.coef)
    cmp.assert_ok()


# ------------------------------------------------------------------------------------------
# external validation
# ------------------------------------------------------------------------------------------


@pytest.mark.r
def test_external_calibration_matches_r_recipe(R, parity_case):
    """A training fit applied to a new cohort: the documented recipe, computed in R."""
    df, y, fit = _fit("study-n224-p6")
    dnew, ynew = _study(n=95, seed=70)
    ext = external_calibration(fit, dnew, ynew)
    p = fit.predict(dnew, type="fitted")
    r = R.call_py("helper:cal_external", p, ynew)
    cmp = parity_case("external-calibration-n95")
    cmp.describe(call="cal <- approx(lowess(p, y, iter=0), xout=predy, ties=function(x) x[1])$y; "
                 "err <- p - approx(predy, cal, xout=p, ties=mean)$y", data=(dnew, ynew))
    cmp.add("external_calibration.predy", ext.table["predy"], np.asarray(r["predy"]))
    cmp.add("external_calibration.calibrated", ext.table["calibrated"], np.asarray(r["calibrated"]))
    cmp.add("external_calibration.err", ext.err, np.asarray(r["err"], dtype=float))
    cmp.add("external_calibration.mean_abs_error", ext.mean_abs_error, _scalar(r["mae"]))
    cmp.add("external_calibration.mean_sq_error", ext.mean_sq_error, _scalar(r["mse"]))
    cmp.add("external_calibration.quantile90_abs_error", ext.quantile90_abs_error, _scalar(r["q90"]))
    cmp.assert_ok()
    # predicted= gives the same as fit + x
    ext2 = external_calibration(predicted=p, y=ynew)
    assert ext2.mean_abs_error == ext.mean_abs_error
    assert ext.to_dict()["n"] == 95


# ------------------------------------------------------------------------------------------
# properties that do not need R
# ------------------------------------------------------------------------------------------


def test_table_identities_and_determinism():
    df, y, fit = _fit("tied-n150")
    a = calibrate(fit, B=30, seed=4)
    b = calibrate(fit, B=30, seed=4)
    pd.testing.assert_frame_equal(a.table, b.table)
    t = a.table
    assert np.allclose(t.optimism, t.training - t.test, equal_nan=True)
    assert np.allclose(t.calibrated_corrected, t.calibrated_orig - t.optimism, equal_nan=True)
    assert np.allclose(t.index_corrected, t.index_orig - t.optimism, equal_nan=True)
    assert (t.n <= 30).all() and (t.n >= 0).all()
    assert np.all(np.diff(t.predy) > 0) and len(t) == 50
    v = validate(fit, B=30, seed=4)
    assert list(v.table.index) == C._VALIDATE_ROWS and list(v.table.columns) == C._VALIDATE_COLS
    assert v.table.loc["Slope", "index_orig"] == 1.0 and v.table.loc["Intercept", "index_orig"] == 0.0
    d = a.to_dict()
    assert set(d["table"]) == set(_CAL_COLS) and isinstance(d["mean_abs_error"], float)
    assert v.to_dict()["table"]["Dxy"]["n"] == 30.0
    c = calibrate(fit, B=30, seed=5)
    assert not np.allclose(c.table.training, a.table.training, equal_nan=True)


# progress bars: tests/test_progress.py


# ------------------------------------------------------------------------------------------
# bad input
# ------------------------------------------------------------------------------------------


class _NoXY:
    coef = np.array([0.0, 1.0])


@pytest.mark.parametrize("call, match", [
    (lambda f: calibrate(f, B=0), "B must be"),
    (lambda f: calibrate(f, B=2.5), "B must be"),
    (lambda f: validate(f, B="many"), "B must be"),
    (lambda f: validate(f, B=True), "B must be"),
    (lambda f: calibrate(f, method="crossvalidation"), "method 'crossvalidation'"),
    (lambda f: validate(f, method=".632"), "method '.632'"),
    (lambda f: calibrate(_NoXY()), "x=TRUE,y=TRUE"),
    (lambda f: calibrate(None), "fit is None"),
    (lambda f: calibrate(f, predy=[0.1, np.nan]), "predy"),
    (lambda f: calibrate(f, seed=float("nan")), "seed"),
    (lambda f: external_calibration(predicted=[0.2, 0.5], y=[0, 1, 1]), "y has 3 values but predicted has 2"),
    (lambda f: external_calibration(predicted=np.linspace(0.1, 0.9, 20), y=[0, 2] * 10), "row 2 holds 2"),
    (lambda f: external_calibration(predicted=np.r_[np.linspace(0.1, 0.9, 19), 1.5], y=[0, 1] * 10),
     "row 20 holds 1.5"),
    (lambda f: external_calibration(predicted=np.linspace(0.1, 0.9, 8), y=[0, 1] * 4), "n > 10"),
    (lambda f: external_calibration(f, None, [0, 1]), "needs fit and x"),
    (lambda f: external_calibration(predicted=[0.5] * 12), "outcome y"),
])
def test_bad_input(call, match):
    df, y, fit = _fit("tied-n150")
    with pytest.raises(InputError, match=match):
        call(fit)


def test_bad_fit_contents():
    class F:
        x = np.array([[1.0], [2.0], [np.inf]] * 5)
        y = np.array([0, 1, 0] * 5)
        coef = np.array([0.0, 1.0])
        linear_predictors = None
        stats = None
    with pytest.raises(InputError, match="column 'x1', row 3"):
        calibrate(F())
    F.x = np.arange(15.0).reshape(-1, 1)
    F.y = np.array([0, 1, 2] * 5)
    with pytest.raises(InputError, match="row 3 holds 2"):
        calibrate(F())
    F.y = np.array([0, 1, 0] * 5)
    F.coef = np.array([0.0, 1.0, 2.0])
    with pytest.raises(InputError, match="3 coefficients but 1 design"):
        calibrate(F())
    F.coef = np.array([0.0, 1.0])
    F.x = np.arange(8.0).reshape(-1, 1)
    F.y = np.array([0, 1] * 4)
    with pytest.raises(InputError, match="n > 10"):
        calibrate(F())


def test_inputs_not_modified():
    df, y, fit = _fit("tied-n150")
    x0, y0 = fit.x.copy(), np.asarray(fit.y).copy()
    calibrate(fit, B=5, seed=1)
    validate(fit, B=5, seed=1)
    assert np.array_equal(fit.x, x0) and np.array_equal(fit.y, y0)
    xs = np.array([3.0, 1.0, 2.0, 5.0])
    ys = np.array([1.0, 0.0, 1.0, 0.0])
    lowess(xs, ys)
    assert xs.tolist() == [3.0, 1.0, 2.0, 5.0]


# ------------------------------------------------------------------------------------------
# the figure
# ------------------------------------------------------------------------------------------


def test_calibration_figure(tmp_path):
    from matplotlib.figure import Figure

    from cmvt_core.plots import CalibrationDisplay, save

    df, y, fit = _fit("study-n224-p6")
    cal = calibrate(fit, B=20, seed=1)
    fig = Figure()
    ax = CalibrationDisplay.from_calibrate(cal, fig.add_subplot(), title="Training").ax_
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["Ideal", "Apparent", f"Bias-corrected (MAE {cal.mean_abs_error:.3f})"]
    assert len(ax.collections) == 1 and len(ax.collections[0].get_segments()) > 10  # prediction spikes
    paths = save(fig, tmp_path / "cal")
    assert all(p.stat().st_size > 1000 for p in paths)
    dnew, ynew = _study(n=95, seed=70)
    ext = external_calibration(fit, dnew, ynew)
    ax2 = CalibrationDisplay.from_calibrate(ext, Figure().add_subplot(), label="Validation").ax_
    labels = [t.get_text() for t in ax2.get_legend().get_texts()]
    assert labels == ["Ideal", f"Validation (MAE {ext.mean_abs_error:.3f})"]
    with pytest.raises(InputError, match="needs a calibrate"):
        CalibrationDisplay(object())


# ------------------------------------------------------------------------------------------
# property tests (hypothesis)
# ------------------------------------------------------------------------------------------

from hypothesis import given, settings, strategies as st  # noqa: E402


@settings(deadline=None, max_examples=60)
@given(st.lists(st.floats(-5, 5, allow_nan=False).map(lambda v: round(v, 1)), min_size=1, max_size=300))
def test_radix_argsort_is_rs_order(vals):
    v = np.array(vals, dtype=float)
    assert np.array_equal(C._argsort_stable(v), np.argsort(v, kind="stable"))


@settings(deadline=None, max_examples=100)
@given(st.lists(st.floats(-40, 40, allow_nan=False).map(lambda v: round(v, 1)), min_size=1, max_size=200),
       st.integers(0, 2**31 - 2))
def test_order_of_a_resample_from_tie_groups_is_rs_order(lp, seed):
    # the bootstrap orders a resample's predictions from the tie groups of the original rows
    # (a counting sort) instead of sorting again: it must be R's order(v[rows]) exactly, also
    # where plogis maps different linear predictors to one probability (|lp| > 37 saturates)
    for v in (np.array(lp), 1 / (1 + np.exp(-np.array(lp)))):
        n = v.shape[0]
        rows = RRNG(seed).unif_index(n, n)
        o = C._argsort_stable(v)
        gid = np.empty(n, dtype=np.int64)
        ng = C._tie_groups(v, o, gid)
        assert ng == np.unique(v).size
        out = np.empty(n, dtype=np.int64)
        C._order_by_group(gid, rows, ng, np.empty(n + 1, dtype=np.int64), out)
        assert np.array_equal(out, np.argsort(v[rows], kind="stable")), f"seed={seed}"



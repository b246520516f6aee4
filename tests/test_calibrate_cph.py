"""calibrate / validate for cph fits (issue 20): live parity with rms 6.5-0 (survival 3.5-3).

R calls (parity/r/calibrate_cph.R): ``cph_calibrate`` = ``fit <- cph(Surv(time, event) ~ ..., x = TRUE, y = TRUE,
surv = TRUE, time.inc = u, method = ties); set.seed(seed); calibrate(fit, cmethod = "KM", method = "boot", u, m,
B)``; ``cph_validate`` = ``set.seed(seed); validate(fit, method = "boot", B)``.  Every column of R's matrix is
compared, on survival's data sets (tests/_survival_cases.py), both ties, several seeds, u and m.
"""
from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from cmvt_core import InputError, RWarning, calibrate, cph, validate
from cmvt_core.calibration_cph import CphCalibrateResult, CphValidateResult, _groupkm, _surv_at_u

from _survival_cases import DATA

# (data set, u): u inside the follow-up of every bootstrap sample
U = {"lung": 365.0, "veteran": 100.0, "pbc": 1825.0, "colon": 1500.0, "gbsg": 1000.0}


@pytest.fixture(scope="module")
def R(r_bridge):
    r_bridge.library("rms")
    r_bridge.source("cph.R")
    r_bridge.source("calibrate_cph.R")
    return r_bridge


def _fit(name, ties, u=None):
    x, t, e = DATA[name]()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RWarning)
        fit = cph(x, t, e, ties=ties, time_inc=u)
    return fit, x, np.asarray(t, dtype=float), np.asarray(e, dtype=float)


def _cal_both(R, name, ties, u, m, B, seed):
    fit, x, t, e = _fit(name, ties, u)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RWarning)
        ours = calibrate(fit, u=u, m=m, B=B, seed=seed, n_jobs=1)
    r = R.call_py("helper:cph_calibrate", x, t, e, u=u, m=m, B=B, seed=seed, method=ties)
    return fit, ours, r, (x, t, e)


CAL_CASES = [
    ("lung", "efron", 50, 40, 1), ("lung", "breslow", 75, 30, 7), ("lung", "efron", 150, 25, 2026),
    ("veteran", "efron", 40, 40, 3), ("veteran", "breslow", 30, 30, 11),
    ("pbc", "efron", 60, 30, 5), ("pbc", "breslow", 100, 20, 13),
    ("colon", "efron", 150, 15, 17), ("gbsg", "breslow", 100, 15, 19), ("gbsg", "efron", 200, 15, 23),
]


@pytest.mark.r
@pytest.mark.parametrize("name,ties,m,B,seed", CAL_CASES)
def test_calibrate_cph_equals_rms(R, parity_case, name, ties, m, B, seed):
    u = U[name]
    fit, ours, r, data = _cal_both(R, name, ties, u, m, B, seed)
    cmp = parity_case(f"calibrate_cph-{name}-{ties}-m{m}-B{B}-s{seed}").describe(
        call=f"set.seed({seed}); rms::calibrate(cph(..., time.inc = {u:g}, method = '{ties}'), cmethod = 'KM', "
             f"method = 'boot', u = {u:g}, m = {m}, B = {B})", data=data)
    cols = [str(c) for c in np.atleast_1d(r["columns"])]
    cmp.add("calibrate_cph.columns", np.array(list(ours.table.columns), dtype=object),
            np.array([c.replace(".", "_") for c in cols], dtype=object))
    rt = np.asarray(r["table"], dtype=float).reshape(len(ours.table), -1)
    for j, c in enumerate(cols):
        stat = "calibrate_cph.n" if c == "n" else f"calibrate_cph.{c.replace('.', '_')}"
        cmp.add(stat, ours.table[c.replace(".", "_")].to_numpy(), rt[:, j])
    cmp.add("calibrate_cph.predicted", ours.predicted, np.asarray(r["predicted"], dtype=float))
    cmp.assert_ok()
    assert isinstance(ours, CphCalibrateResult) and ours.B == B


@pytest.mark.r
@pytest.mark.parametrize("name", list(DATA))
@pytest.mark.parametrize("ties", ["efron", "breslow"])
def test_surv_at_u_equals_surv_summary(R, parity_case, name, ties):
    """S0(u), the base of every predicted survival, equals cph's surv.summary[2, 1, 1] (several u)."""
    cmp = parity_case(f"calibrate_cph-s0-{name}-{ties}")
    fit0, x, t, e = _fit(name, ties)
    for frac in (0.1, 0.33, 0.5, 0.8):
        u = float(np.round(np.quantile(t, frac)))  # often an event time itself (the u + 1e-6 rule)
        fit, *_ = _fit(name, ties, u)
        ours = _surv_at_u(t, e, fit.linear_predictors, ties == "efron", u)
        rv = float(np.asarray(R.call_py("helper:cph_surv_summary", x, t, e, u=u, method=ties)).ravel()[0])
        cmp.add("calibrate_cph.s0", ours, rv)
    cmp.assert_ok()


VAL_CASES = [("lung", "efron", 40, 1), ("lung", "breslow", 40, 9), ("veteran", "efron", 40, 2),
             ("veteran", "breslow", 30, 4), ("pbc", "efron", 30, 6), ("colon", "breslow", 15, 8),
             ("gbsg", "efron", 15, 10)]


@pytest.mark.r
@pytest.mark.parametrize("name,ties,B,seed", VAL_CASES)
def test_validate_cph_equals_rms(R, parity_case, name, ties, B, seed):
    fit, x, t, e = _fit(name, ties)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RWarning)
        ours = validate(fit, B=B, seed=seed, n_jobs=1)
    r = R.call_py("helper:cph_validate", x, t, e, B=B, seed=seed, method=ties)
    cmp = parity_case(f"validate_cph-{name}-{ties}-B{B}-s{seed}").describe(
        call=f"set.seed({seed}); rms::validate(cph(..., method = '{ties}'), method = 'boot', B = {B})",
        data=(x, t, e))
    rows = [str(s) for s in np.atleast_1d(r["rows"])]
    cols = [str(s).replace(".", "_") for s in np.atleast_1d(r["columns"])]
    cmp.add("validate_cph.rows", np.array(list(ours.table.index), dtype=object), np.array(rows, dtype=object))
    cmp.add("validate_cph.columns", np.array(list(ours.table.columns), dtype=object), np.array(cols, dtype=object))
    rt = np.asarray(r["table"], dtype=float).reshape(len(rows), len(cols))
    for j, c in enumerate(cols):
        stat = "validate_cph.n" if c == "n" else f"validate_cph.{c}"
        cmp.add(stat, ours.table[c].to_numpy(), rt[:, j])
    cmp.add("validate_cph.c_index_corrected", ours.c_index_corrected, (rt[0, 4] + 1) / 2)
    cmp.assert_ok()
    assert isinstance(ours, CphValidateResult)


# ------------------------------------------------------------------------------------------
# failed refits, as rms handles them
# ------------------------------------------------------------------------------------------


def _rare(n=70, seed=3):
    """A 0/1 column with 3 ones (resamples without them are singular) and few events (some resamples have
    fewer than 5: calibrate's coxfit fails)."""
    g = np.random.default_rng(seed)
    x = pd.DataFrame({"a": g.normal(size=n), "rare": (np.arange(n) < 3).astype(float), "b": g.normal(size=n)})
    time = np.ceil(g.exponential(200 * np.exp(-0.5 * x["a"].to_numpy())))
    event = (g.random(n) < 0.15).astype(float)
    event[:2] = 1.0
    return x, time, event


@pytest.mark.r
@pytest.mark.parametrize("seed", [1, 2])
def test_failed_refits_as_rms(R, parity_case, seed):
    x, t, e = _rare()
    u = float(np.quantile(t, 0.3))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RWarning)
        fit = cph(x, t, e, time_inc=u)
        cal = calibrate(fit, u=u, m=35, B=40, seed=seed, n_jobs=1)
        val = validate(fit, B=40, seed=seed, n_jobs=1)
    assert cal.n_failed == cal.failures["singular"] + cal.failures["fewer_than_5_events"] > 0
    if seed == 1:  # both reasons in one run
        assert cal.failures["singular"] > 0 and cal.failures["fewer_than_5_events"] > 0
    assert val.n_failed > 0
    r = R.call_py("helper:cph_calibrate", x, t, e, u=u, m=35, B=40, seed=seed, method="efron")
    cmp = parity_case(f"calibrate_cph-failures-s{seed}").describe(call="rms::calibrate(...), refits failing",
                                                                 data=(x, t, e))
    rt = np.asarray(r["table"], dtype=float).reshape(len(cal.table), -1)
    for j, c in enumerate(cal.table.columns):
        cmp.add("calibrate_cph.n" if c == "n" else f"calibrate_cph.{c}", cal.table[c].to_numpy(), rt[:, j])
    out = " ".join(str(s) for s in np.atleast_1d(r["output"]))
    cmp.add("calibrate_cph.n_failed", cal.n_failed, int(out.split("Divergence or singularity in")[1].split()[0]))
    rv = R.call_py("helper:cph_validate", x, t, e, B=40, seed=seed, method="efron")
    rvt = np.asarray(rv["table"], dtype=float).reshape(7, 6)
    for j, c in enumerate(val.table.columns):
        cmp.add("validate_cph.n" if c == "n" else f"validate_cph.{c}", val.table[c].to_numpy(), rvt[:, j])
    cmp.assert_ok()


def test_failed_refits_warn():
    x, t, e = _rare()
    u = float(np.quantile(t, 0.3))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RWarning)
        fit = cph(x, t, e, time_inc=u)
    with pytest.warns(RWarning, match="Divergence or singularity in"):
        calibrate(fit, u=u, m=35, B=20, seed=1, n_jobs=1)


# ------------------------------------------------------------------------------------------
# the same bytes whatever the workers
# ------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_parallel_byte_identical():
    fit, *_ = _fit("veteran", "efron", 100.0)
    runs = [(1, "threads"), (2, "threads"), (2, "processes")]
    cals = [calibrate(fit, u=100.0, m=30, B=24, seed=5, n_jobs=j, backend=b) for j, b in runs]
    vals = [validate(fit, B=24, seed=5, n_jobs=j, backend=b) for j, b in runs]
    for c in cals[1:]:
        assert c.table.to_numpy().tobytes() == cals[0].table.to_numpy().tobytes()
    for v in vals[1:]:
        assert v.table.to_numpy().tobytes() == vals[0].table.to_numpy().tobytes()


# ------------------------------------------------------------------------------------------
# the door
# ------------------------------------------------------------------------------------------


def test_u_must_be_the_fits_time_inc():
    fit, *_ = _fit("lung", "efron", 365.0)
    with pytest.raises(InputError, match="time_inc=365"):
        calibrate(fit, u=180.0, B=2, seed=1)
    with pytest.raises(InputError, match="u is required"):
        calibrate(fit, B=2, seed=1)


def test_u_beyond_follow_up():
    fit, x, t, e = _fit("lung", "efron", 5000.0)
    with pytest.raises(InputError, match="beyond the follow-up"):
        calibrate(fit, u=5000.0, B=2, seed=1)


@pytest.mark.r
def test_u_near_the_end_fails_as_rms(R):
    """u inside the fit's follow-up but beyond some resample's longest time: rms stops with an error; so do we."""
    fit, x, t, e = _fit("veteran", "efron", 900.0)
    with pytest.raises(InputError, match="no follow-up to u"):
        calibrate(fit, u=900.0, m=40, B=40, seed=1)
    with pytest.raises(Exception, match="subscript out of bounds"):
        R.call_py("helper:cph_calibrate", x, t, e, u=900.0, m=40, B=40, seed=1, method="efron")


def test_lrm_arguments_refused_for_cph_and_back():
    fit, *_ = _fit("lung", "efron", 365.0)
    with pytest.raises(InputError, match="predy"):
        calibrate(fit, u=365.0, predy=[0.1, 0.2], B=2, seed=1)
    from cmvt_core import lrm
    x, t, e = DATA["lung"]()
    lfit = lrm(x, e)
    with pytest.raises(InputError, match="u \\(and m, cmethod\\)"):
        calibrate(lfit, u=365.0, B=2, seed=1)


def test_groupkm_small_case():
    """groupkm by hand: two intervals, KM at u inside each (numbers checked by hand)."""
    x = np.array([0.2, 0.25, 0.3, 0.7, 0.8, 0.9])
    t = np.array([1.0, 2.0, 3.0, 1.0, 5.0, 6.0])
    e = np.array([1.0, 1.0, 0.0, 0.0, 1.0, 0.0])
    out = _groupkm(x, t, e, np.array([0.0, 0.5, 1.0]), 2.5)
    assert out[:, 1].tolist() == [3.0, 3.0] and out[:, 2].tolist() == [2.0, 1.0]
    assert out[0, 3] == pytest.approx(1 / 3) and out[1, 3] == 1.0
    assert out[0, 0] == pytest.approx(0.25) and out[1, 0] == pytest.approx(0.8)

"""time_roc (issue 20): timeROC 0.4.1's IPCW time-dependent AUC, its iid standard error and confint() band.

timeROC and pec are not Debian packages: their outputs on R's lung and pbc data are stored in
``tests/goldens/timeroc/`` (README.md, versions.txt) and compared as golden cases.  The censoring weights come
from prodlim (a Debian package): they are compared live, on the golden data and on random data with heavy ties,
against pec's ``ipcw.marginal`` body run in R (``parity/r/timeroc.R``), and against survival::survfit's
censoring curve where no event time ties a censoring time.
"""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from _paths import GOLDENS
from cmvt_core import InputError, roc, time_roc
from cmvt_core.kernels.prodlim import ipcw_marginal, reverse_km
from cmvt_core.parity.compare import compare

GOLD = GOLDENS / "timeroc"
DATASETS = ("lung", "pbc312")


def _golden(name):
    d = json.loads((GOLD / f"{name}_timeroc.json").read_text())
    return d, pd.read_csv(GOLD / d["csv"])


CASES = [(name, marker) for name in DATASETS for marker in _golden(name)[0]["cases"]]


def _nan(v):
    return np.array([np.nan if x is None else x for x in np.ravel(np.asarray(v, dtype=object))], dtype=float)


# ------------------------------------------------------------------------------------ goldens
@pytest.mark.golden
@pytest.mark.parametrize("name,marker", CASES)
def test_time_roc_equals_timeroc_golden(name, marker, parity_case):
    d, df = _golden(name)
    c = d["cases"][marker]
    r = time_roc(df["time"], df["event"], df[c["marker"]], c["times"])
    cmp = parity_case(f"timeroc-golden-{name}-{marker}").describe(
        call=c["call"] + "  [timeROC 0.4.1, stored golden]", data=df, golden=True)
    note = "golden: timeROC 0.4.1 output stored in tests/goldens/timeroc, not live"
    cmp.add("timeroc.times", r.times, np.asarray(c["times"], float), note=note)
    cmp.add("timeroc.AUC", r.auc, _nan(c["AUC"]), note=note)
    cmp.add("timeroc.se", r.se, _nan(c["se"]), note=note)
    cmp.add("timeroc.ci_lower", r.ci_lower, _nan(c["ci95_lower"]), note=note)
    cmp.add("timeroc.ci_upper", r.ci_upper, _nan(c["ci95_upper"]), note=note)
    cmp.add("timeroc.CumulativeIncidence", r.cumulative_incidence, _nan(c["CumulativeIncidence"]), note=note)
    cmp.add("timeroc.survProb", r.surv_prob, _nan(c["survProb"]), note=note)
    cmp.add("timeroc.Stats", r.stats.to_numpy(float).ravel(), _nan(c["Stats"]["data"]), note=note)
    assert list(r.stats.columns) == c["Stats"]["colnames"] and list(r.stats.index) == c["Stats"]["rownames"]
    for m in ("TP", "FP"):
        got = getattr(r, m.lower())
        assert got.shape == (c[m]["nrow"], c[m]["ncol"]) and list(got.columns) == c[m]["colnames"]
        cmp.add(f"timeroc.{m}", got.to_numpy().ravel(), _nan(c[m]["data"]), note=note)
    cmp.add("timeroc.IPCW_times", r.ipcw_times, _nan(c["ipcw"]["IPCW.times"]), note=note)
    cmp.add("timeroc.IPCW_subjectTimes", r.ipcw_subject_times, _nan(c["ipcw"]["IPCW.subjectTimes"]), note=note)
    ci = r.confint()  # the pointwise part does not use the random stream
    cmp.add("timeroc.confint_CI_AUC", ci["CI_AUC"].to_numpy().ravel(), _nan(c["confint_CI_AUC"]["data"]), note=note)
    assert list(ci["CI_AUC"].columns) == c["confint_CI_AUC"]["colnames"]
    assert list(ci["CI_AUC"].index) == c["confint_CI_AUC"]["rownames"]
    cmp.assert_ok()


@pytest.mark.golden
@pytest.mark.parametrize("name,marker", CASES)
def test_time_roc_confint_band_equals_timeroc_golden(name, marker, parity_case):
    """``set.seed(123); confint(r, level = 0.95, n.sim = 2000)``: 2000 x rnorm(n) from R's stream."""
    d, df = _golden(name)
    c = d["cases"][marker]
    band = c["confint_band"]
    r = time_roc(df["time"], df["event"], df[c["marker"]], c["times"])
    ci = r.confint(level=0.95, n_sim=2000, seed=band["seed"])
    cmp = parity_case(f"timeroc-golden-band-{name}-{marker}").describe(
        call=band["call"] + "  [timeROC 0.4.1, stored golden]", data=df, golden=True)
    note = "golden: timeROC 0.4.1 confint() stored in tests/goldens/timeroc, not live"
    cmp.add("timeroc.C_alpha", ci["C_alpha"], band["C.alpha"], note=note)
    cmp.add("timeroc.CB_AUC", ci["CB_AUC"].to_numpy().ravel(), _nan(band["CB_AUC"]["data"]), note=note)
    cmp.assert_ok()


@pytest.mark.golden
def test_golden_files_are_the_documented_ones():
    assert (GOLD / "README.md").exists() and "timeROC 0.4.1" in (GOLD / "versions.txt").read_text()
    d, df = _golden("lung")
    assert d["n"] == len(df) == 213


# ------------------------------------------------------------------------------------ live R (prodlim, survival)
@pytest.fixture(scope="module")
def rt(r_bridge):
    r_bridge.library("survival", "prodlim")
    r_bridge.source("timeroc.R")
    return r_bridge


def _ipcw_live(rt, parity_case, label, time, event, times):
    time = np.asarray(time, float)
    event = np.asarray(event, float)
    o = np.argsort(time, kind="stable")
    at_t, at_s = ipcw_marginal(time[o], event[o], np.sort(np.asarray(times, float)))
    kt, ks = reverse_km(time, event)
    r = rt.call_py("helper:timeroc_ipcw", time, event, np.asarray(times, float))
    cmp = parity_case(f"timeroc-ipcw-{label}").describe(
        call="pec 2019.11.03 ipcw.marginal body: prodlim(Hist(time, status) ~ 1, reverse = TRUE); predict(); "
             "predictSurvIndividual(lag = 1)", data={"time": time, "event": event})
    cmp.add("timeroc.ipcw.IPCW_times", at_t, np.asarray(r["IPCW.times"], float).ravel())
    cmp.add("timeroc.ipcw.IPCW_subjectTimes", at_s, np.asarray(r["IPCW.subjectTimes"], float).ravel())
    cmp.add("timeroc.ipcw.time", kt, np.asarray(r["time"], float).ravel())
    cmp.add("timeroc.ipcw.surv", ks, np.asarray(r["surv"], float).ravel())
    cmp.assert_ok()


@pytest.mark.r
@pytest.mark.parametrize("name", DATASETS)
def test_ipcw_equals_prodlim_live_on_golden_data(rt, parity_case, name):
    d, df = _golden(name)
    times = next(iter(d["cases"].values()))["times"]
    _ipcw_live(rt, parity_case, name, df["time"], df["event"], times)


_rows = st.lists(st.tuples(st.integers(1, 9), st.booleans()), min_size=2, max_size=40)


@pytest.mark.r
@settings(max_examples=30, deadline=None)
@given(rows=_rows, data=st.data())
def test_ipcw_equals_prodlim_live_with_ties(rt, rows, data):
    time = np.array([float(t) for t, _ in rows])
    event = np.array([float(e) for _, e in rows])
    assume((event == 0).any())  # prodlim's reverse KM stops on uncensored data
    times = np.array(data.draw(st.lists(st.floats(0.5, float(time.max())), min_size=1, max_size=4, unique=True)))
    o = np.argsort(time, kind="stable")
    at_t, at_s = ipcw_marginal(time[o], event[o], np.sort(times))
    r = rt.call_py("helper:timeroc_ipcw", time, event, times)
    for stat, py in (("IPCW_times", at_t), ("IPCW_subjectTimes", at_s)):
        rec = compare("timeroc-ipcw-hypothesis", f"timeroc.ipcw.{stat}", py,
                      np.asarray(r[stat.replace("_", ".")], float).ravel())
        assert rec.passed, (stat, rec.reason, time.tolist(), event.tolist(), times.tolist())


@pytest.mark.r
@pytest.mark.parametrize("name", DATASETS)
def test_censoring_km_equals_survfit_where_untied(rt, parity_case, name):
    """prodlim's reverse curve is survival's KM of the censoring when no event time ties a censoring time
    (with such ties prodlim puts the events first: 1 - d/(n - e), survfit's (n - d)/n counts them at risk)."""
    _, df = _golden(name)
    t, e = df["time"].to_numpy(float), df["event"].to_numpy(float)
    mixed = np.intersect1d(t[e == 1], t[e == 0])
    keep = ~np.isin(t, mixed)
    t, e = t[keep], e[keep]
    kt, ks = reverse_km(t, e)
    r = rt.call_py("helper:timeroc_censoring_survfit", t, e)
    cmp = parity_case(f"timeroc-censoring-survfit-{name}").describe(
        call="survfit(Surv(time, 1 - event) ~ 1) vs prodlim reverse KM", data={"time": t, "event": e})
    cmp.add("timeroc.censoring_km.time", kt, np.asarray(r["time"], float).ravel())
    cmp.add("timeroc.censoring_km.surv", ks, np.asarray(r["surv"], float).ravel())
    cmp.assert_ok()


# ------------------------------------------------------------------------------------ properties
def test_auc_without_censoring_is_the_mann_whitney_auc():
    """No censoring before t: the weights are all 1/n, AUC(t) is the ROC area of cases (T < t) against
    controls (T > t), ties counting one half (pROC's AUC).  (One censoring after every t: timeROC, through
    prodlim, stops on data without any.)"""
    rng = np.random.default_rng(5)
    n = 120
    T = rng.integers(1, 60, n).astype(float) + 0.5
    T[0] = 100.0
    m = np.round(rng.normal(size=n) - T / 40, 1)  # ties in the marker
    e = np.ones(n)
    e[0] = 0.0
    for t in (10.0, 25.0, 40.0):
        r = time_roc(T, e, m, [t])
        cases, ctrl = T < t, T > t
        y = np.r_[np.ones(cases.sum()), np.zeros(ctrl.sum())]
        ref = roc(y, np.r_[m[cases], m[ctrl]], direction="<").auc
        assert r.auc[1] == pytest.approx(ref, abs=1e-13)
        assert np.isnan(r.auc[0]) and r.times[0] == 0  # timeROC's c(0, t) for a single time


def test_marker_direction_and_row_order():
    rng = np.random.default_rng(11)
    n = 80
    T = rng.exponential(10, n).round(1) + 0.1
    e = (rng.random(n) < 0.7).astype(float)
    m = rng.normal(size=n).round(1)
    times = [4.0, 8.0]
    a = time_roc(T, e, m, times)
    b = time_roc(T, e, -m, times)
    np.testing.assert_allclose(a.auc + b.auc, 1.0, atol=1e-12)
    p = rng.permutation(n)  # rows in another order, no tied times: the same result
    if np.unique(T).shape[0] == n:
        c = time_roc(T[p], e[p], m[p], times)
        np.testing.assert_allclose(c.auc, a.auc, rtol=1e-14)


def test_confint_refuses_a_zero_standard_error():
    """No censoring, perfect separation: AUC(4) = 1 with se exactly 0, so R's band divides 0 by 0 and quantile()
    stops on the NaN."""
    r = time_roc([1.0, 2.0, 8.0, 9.0], [1.0, 1.0, 1.0, 0.0], [1.0, 1.0, 0.0, 0.0], [4.0])
    assert r.auc[1] == 1 and r.se[1] == 0
    with pytest.raises(InputError, match="standard error of AUC"):
        r.confint(seed=1)


def test_se_missing_without_iid_and_confint_refuses():
    _, df = _golden("lung")
    r = time_roc(df["time"], df["event"], df["age"], [180, 365], iid=False)
    assert np.isnan(r.se).all() and r.iid is None
    with pytest.raises(InputError, match="iid"):
        r.confint()


@pytest.mark.parametrize("kw,match", [
    (dict(times=[0, 100]), "times"),
    (dict(times=[-5]), "times"),
    (dict(times=[5000]), "beyond the largest follow-up"),
    (dict(times=[100, 100]), "repeated"),
    (dict(times=[]), "empty"),
    (dict(marker_nan=True), "marker"),
    (dict(cause=2), "cause"),
    (dict(weighting="cox"), "weighting"),
    (dict(event_bad=True), "event"),
    (dict(uncensored=True), "no censored row"),
])
def test_time_roc_bad_input(kw, match):
    _, df = _golden("lung")
    time, event, marker = df["time"].to_numpy(float), df["event"].to_numpy(float), df["age"].to_numpy(float)
    if kw.pop("marker_nan", False):
        marker = marker.copy()
        marker[3] = np.nan
    if kw.pop("event_bad", False):
        event = event * 2
    if kw.pop("uncensored", False):
        event = np.ones_like(event)
    args = dict(times=[180])
    args.update(kw)
    times = args.pop("times")
    with pytest.raises(InputError, match=match):
        time_roc(time, event, marker, times, **args)


_trows = st.lists(st.tuples(st.integers(1, 12), st.booleans(), st.integers(0, 5)), min_size=3, max_size=45)


@pytest.mark.r
@settings(max_examples=40, deadline=None)
@given(rows=_trows, data=st.data())
def test_time_roc_points_equal_plain_r_twin_with_ties(rt, rows, data):
    """Tied times, tied markers, censorings tied with events and with the times t: AUC, TP, FP, F(t), S(t) and
    Stats against timeroc_twin (parity/r/timeroc.R), timeROC's point-estimate code in plain R on prodlim's
    weights."""
    time = np.array([float(r[0]) for r in rows])
    event = np.array([float(r[1]) for r in rows])
    assume((event == 0).any())  # prodlim (and timeROC) stop on uncensored data
    marker = np.array([float(r[2]) for r in rows]) / 2
    times = np.array(data.draw(st.lists(st.integers(1, int(time.max())), min_size=1, max_size=3, unique=True)),
                     dtype=float)
    py = time_roc(time, event, marker, times, iid=False)
    r = rt.call_py("helper:timeroc_twin", time, event, marker, times)
    for stat, ours in (("AUC", py.auc), ("TP", py.tp.to_numpy().ravel(order="F")),
                       ("FP", py.fp.to_numpy().ravel(order="F")), ("CumulativeIncidence", py.cumulative_incidence),
                       ("survProb", py.surv_prob), ("Stats", py.stats.to_numpy(float).ravel(order="F"))):
        rec = compare("timeroc-twin-hypothesis", f"timeroc.twin.{stat}", ours, np.asarray(r[stat], float).ravel())
        assert rec.passed, (stat, rec.reason, time.tolist(), event.tolist(), marker.tolist(), times.tolist())


def test_iid_memory_is_bounded():
    n = 9000
    T = np.arange(1, n + 1, dtype=float)
    e = np.r_[0.0, np.ones(n - 1)]
    with pytest.raises(InputError, match="iid=False"):
        time_roc(T, e, -T, [10.0])
    assert time_roc(T, e, -T, [10.0], iid=False).auc[1] == 1.0


# ------------------------------------------------------------------------------------ the O(n^2) iid (no R)
@settings(max_examples=60, deadline=None)
@given(st.data())
def test_iid_km_equals_compute_iid_km_matrix_form(data):
    """``iid_km`` (a shared running sum, continued per column over its tied rows) equals ``Compute.iid.KM``
    written as R computes it (the n x n ``hatMC``, its differences and long-double column cumsum), bit for bit,
    with tied times, tied censorings and events, all censored or none."""
    from cmvt_core.timeroc import _iid_km_matrix, iid_km

    n = data.draw(st.integers(2, 40))
    T = np.sort(np.array(data.draw(st.lists(st.integers(1, data.draw(st.integers(1, 25))), min_size=n,
                                            max_size=n)), dtype=float))
    delta = np.array(data.draw(st.lists(st.integers(0, 1), min_size=n, max_size=n)), dtype=float)
    assert np.array_equal(iid_km(T, delta), _iid_km_matrix(T, delta))


def _iid_case(seed, n):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=n)
    t = np.round(rng.exponential(np.exp(-0.7 * x)) * (12 if seed % 2 else 365)) + 1  # monthly: heavy ties
    c = np.round(rng.exponential(1.5, n) * (12 if seed % 2 else 365)) + 1
    return np.minimum(t, c), (t <= c).astype(float), np.round(x + rng.normal(0, 0.5, n), seed % 3)


@pytest.mark.parametrize("seed", range(4))
def test_iid_rounded_sums_equal_r_order(monkeypatch, seed):
    """The O(n^2) iid sums (``_sum_ij_k_rounded``, used above ``_IID_EXACT_MAX_TERMS``) against R's x87 order
    (``_sum_ij_k``) on the same data: every iid value and se within ``timeroc.iid_rounded``, the AUC identical."""
    import cmvt_core.timeroc as TR
    from cmvt_core.parity.tolerances import tolerance_for

    time, event, marker = _iid_case(seed, 120 + 40 * seed)
    times = np.unique(np.quantile(time, [0.25, 0.5, 0.75]).round())
    monkeypatch.setattr(TR, "_IID_EXACT_MAX_TERMS", np.inf)
    exact = time_roc(time, event, marker, times)
    monkeypatch.setattr(TR, "_IID_EXACT_MAX_TERMS", -1.0)
    fast = time_roc(time, event, marker, times)
    tol = tolerance_for("timeroc.iid_rounded.iid")
    assert np.array_equal(exact.auc, fast.auc, equal_nan=True)
    ok = ~np.isnan(exact.se)
    assert np.all(np.abs(exact.iid[:, ok] - fast.iid[:, ok]) <= tol.abs + tol.rel * np.abs(exact.iid[:, ok]))
    assert np.all(np.abs(exact.se[ok] - fast.se[ok]) <= tol.abs + tol.rel * exact.se[ok])


@pytest.mark.golden
@pytest.mark.parametrize("name", DATASETS)
def test_iid_rounded_sums_on_goldens(monkeypatch, parity_case, name):
    """The goldens through the O(n^2) sums (they are below the threshold, so ``time_roc`` itself keeps R's
    order there): the standard errors against timeROC's, within ``timeroc.iid_rounded`` (seen 0)."""
    import cmvt_core.timeroc as TR

    d, df = _golden(name)
    monkeypatch.setattr(TR, "_IID_EXACT_MAX_TERMS", -1.0)
    cmp = parity_case(f"timeroc-golden-rounded-{name}").describe(
        call="timeROC(..., iid = TRUE) for each marker  [timeROC 0.4.1, stored golden; O(n^2) iid sums]",
        data=df, golden=True)
    for marker, c in d["cases"].items():
        r = time_roc(df["time"], df["event"], df[c["marker"]], c["times"])
        cmp.add(f"timeroc.iid_rounded.se[{marker}]", r.se, _nan(c["se"]),
                note="golden, timeROC 0.4.1; the iid sums correctly rounded, not in R's order")
    cmp.assert_ok()


def test_goldens_keep_r_order():
    """Every golden case is below ``_IID_EXACT_MAX_TERMS``: ``time_roc`` sums them in R's order."""
    import cmvt_core.timeroc as TR

    for name in DATASETS:
        d, df = _golden(name)
        for c in d["cases"].values():
            T, e, m = (df[k].to_numpy(float) for k in ("time", "event", c["marker"]))
            for t in c["times"]:
                mi, mj = m[(T < t) & (e == 1)], m[T > t]
                pairs = ((mi[None, :] > mj[:, None]).sum() * 2 + (mi[None, :] == mj[:, None]).sum()) / 2
                assert len(T) * pairs <= TR._IID_EXACT_MAX_TERMS / 4

"""rms::groupkm (Kaplan-Meier at u in groups of a predicted survival) against live rms 6.5-0.

R call (parity/r/groupkm.R): ``groupkm_r`` = ``rms::groupkm(x, Surv(time, event), m = m | g = g | cuts = cuts,
u = u, pl = FALSE)``.  The groups are Hmisc's cut2 quantile groups (the 15-digit table of x's values, approx's
constant rule, the min.dif shift); cases: a cph fit's predicted survival on survival's data sets at several u
and m, g given, cuts given, ties and rounded values in x, groups of one row, values below 1e-10.
"""
from __future__ import annotations

import warnings

import numpy as np
import pytest

from cmvt_core import InputError, RRNG, RWarning, cph, groupkm

from _survival_cases import DATA

U = {"lung": 365.0, "veteran": 100.0, "pbc": 1825.0, "colon": 1500.0, "gbsg": 1000.0}


@pytest.fixture(scope="module")
def R(r_bridge):
    r_bridge.library("rms")
    r_bridge.source("groupkm.R")
    return r_bridge


def _pred(name, u):
    x, t, e = DATA[name]()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RWarning)
        fit = cph(x, t, e, time_inc=u)
        s = fit.survest(x, [u]).iloc[:, 0].to_numpy(float)
    return s, np.asarray(t, float), np.asarray(e, float)


def _sweep_case(k):
    """Seeded data: x with ties (rounded), exact repeats and values below 1e-10, some tiny groups."""
    rng = RRNG(300 + k)
    n = 20 + 37 * k
    t = np.round(-np.log(rng.runif(n)) * 100, 0) + 1
    e = (rng.runif(n) < 0.7).astype(float)
    x = rng.runif(n)
    if k % 2:
        x = np.round(x, 2)
    if k % 3 == 0:
        x[:3] = 1e-12
    return x, t, e, float(np.quantile(t, 0.4)), [5, 10, 25, 50][k % 4]


def _compare(cmp, ours, r, tag):
    cols = [str(c) for c in np.atleast_1d(r["columns"])]
    rt = np.asarray(r["table"], dtype=float).reshape(len(ours), -1) if len(ours) else np.zeros((0, 5))
    cmp.add("groupkm.columns", np.array(list(ours.columns), dtype=object),
            np.array([c.replace(".", "_") for c in cols], dtype=object))
    for j, c in enumerate(cols):
        cmp.add(f"groupkm.{c.replace('.', '_')}", ours[c.replace(".", "_")].to_numpy(float), rt[:, j])


def _r_warnings(r) -> list[str]:
    return [] if r["warnings"] is None else [str(v) for v in np.atleast_1d(r["warnings"])]


def _ours(x, t, e, **kw):
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        out = groupkm(x, t, e, **kw)
    return out, [str(c.message) for c in w if issubclass(c.category, RWarning)]


@pytest.mark.r
@pytest.mark.parametrize("name,m", [("lung", 50), ("lung", 20), ("veteran", 30), ("pbc", 60), ("colon", 150),
                                    ("gbsg", 100)])
def test_groupkm_cph_predictions_equal_rms(R, parity_case, name, m):
    u = U[name]
    s, t, e = _pred(name, u)
    cmp = parity_case(f"groupkm-{name}-m{m}").describe(
        call=f"rms::groupkm(survest(cph(..., time.inc = {u:g}), times = {u:g})$surv, Surv(time, event), m = {m}, "
             f"u = {u:g}, pl = FALSE)", data={"x": s, "time": t, "event": e})
    ours, w = _ours(s, t, e, u=u, m=m)
    r = R.call_py("helper:groupkm_r", s, t, e, u=u, m=m)
    _compare(cmp, ours, r, name)
    cmp.assert_ok()
    assert w == _r_warnings(r)


@pytest.mark.r
@pytest.mark.parametrize("k", range(8))
def test_groupkm_seeded_sweep(R, parity_case, k):
    x, t, e, u, m = _sweep_case(k)
    cmp = parity_case(f"groupkm-sweep-{k}").describe(
        call=f"rms::groupkm(x, Surv(time, event), m = {m}, u = {u:g}) and g = 4, cuts = c(.25, .5, .75)",
        data={"x": x, "time": t, "event": e})
    for kw in ({"m": m}, {"g": 4}, {"cuts": [0.25, 0.5, 0.75]}):
        ours, w = _ours(x, t, e, u=u, **kw)
        r = R.call_py("helper:groupkm_r", x, t, e, u=u, **kw)
        _compare(cmp, ours, r, str(kw))
        assert w == _r_warnings(r), kw
    cmp.assert_ok()


def test_groupkm_bad_input():
    t, e = [1.0, 2, 3, 4], [1, 0, 1, 1]
    with pytest.raises(InputError, match="u"):
        groupkm([0.1, 0.2, 0.3, 0.4], t, e, u=0)
    with pytest.raises(InputError, match="m"):
        groupkm([0.1, 0.2, 0.3, 0.4], t, e, u=2, m=0)
    with pytest.raises(InputError, match="x"):
        groupkm([0.1, 0.2, 0.3], t, e, u=2)
    with pytest.raises(InputError, match="g and cuts"):
        groupkm([0.1, 0.2, 0.3, 0.4], t, e, u=2, g=2, cuts=[0.2])


EDGE = {
    # a cut leaving one row alone (n = 0, NaN, R's warning)
    "single-row-group": dict(x=[0.05, 0.3, 0.31, 0.4, 0.45, 0.5, 0.6, 0.7, 0.8, 0.9],
                             t=[5, 6, 7, 8, 9, 10, 11, 12, 13, 14], e=[1, 0, 1, 1, 0, 1, 1, 0, 1, 0],
                             u=9.0, kw={"cuts": [0.1, 0.5]}),
    # the top group's follow-up ends before u with survival above 0 (KM NaN); u on an event time (u + 1e-6)
    "u-beyond-a-group": dict(x=[0.9, 0.8, 0.85, 0.7, 0.6, 0.65, 0.5, 0.4, 0.45, 0.3, 0.2, 0.25],
                             t=[3, 4, 5, 6, 8, 10, 12, 14, 16, 18, 20, 22], e=[0, 1, 0, 1, 1, 0, 1, 1, 0, 1, 1, 0],
                             u=12.0, kw={"m": 3}),
    # values equal to 15 digits but not in double (table() counts them together), and below 1e-10
    "fifteen-digit-ties": dict(x=[0.1 + 0.2, 0.3, 0.3, 0.7, 0.7000000000000001, 0.5, 0.5, 1e-11, 0.0, 0.9, 0.95, 0.6],
                               t=[2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24], e=[1, 1, 0, 1, 0, 1, 1, 0, 1, 1, 0, 0],
                               u=15.0, kw={"g": 4}),
}


@pytest.mark.r
@pytest.mark.parametrize("case", list(EDGE))
def test_groupkm_edges_equal_rms(R, parity_case, case):
    c = EDGE[case]
    x, t, e = (np.asarray(c[k], dtype=float) for k in ("x", "t", "e"))
    cmp = parity_case(f"groupkm-edge-{case}").describe(
        call=f"rms::groupkm(x, Surv(time, event), {c['kw']}, u = {c['u']:g}, pl = FALSE)",
        data={"x": x, "time": t, "event": e})
    ours, w = _ours(x, t, e, u=c["u"], **c["kw"])
    r = R.call_py("helper:groupkm_r", x, t, e, u=c["u"], **c["kw"])
    _compare(cmp, ours, r, case)
    cmp.assert_ok()
    assert w == _r_warnings(r)
    if case == "single-row-group":
        assert w and (ours["n"] == 0).any()
    if case == "u-beyond-a-group":
        assert ours["KM"].isna().any()

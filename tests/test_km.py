"""survfit (issue 19): ``summary(survfit(Surv(time, event) ~ 1), censored = TRUE)`` live against R on the
survival data sets, hypothesis properties (ties, censored tails, one event, times 0), and bad input."""
from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from _km_cases import CASES, case
from cmvt_core import InputError, survfit
from cmvt_core.parity.compare import compare

COLS = ("time", "n_risk", "n_event", "n_censor", "surv", "std_err", "lower", "upper")


@pytest.fixture(scope="module")
def rk(r_bridge):
    r_bridge.library("survival")
    r_bridge.source("km.R")
    return r_bridge


def _compare(rk, parity_case, name, time, event):
    py = survfit(time, event)
    r = rk.call_py("helper:km_summary", time, event)
    cmp = parity_case(f"survfit-{name}").describe(
        call="summary(survfit(Surv(time, event) ~ 1), censored = TRUE)", data={"time": time, "event": event})
    for c in COLS:
        cmp.add(f"survfit.{c}", py[c].to_numpy(float), np.asarray(r[c], dtype=float).ravel())
    cmp.assert_ok()


@pytest.mark.r
@pytest.mark.parametrize("name", list(CASES))
def test_survfit_equals_r_on_survival_data(rk, parity_case, name):
    time, event, _ = case(name)
    _compare(rk, parity_case, name, time, event)


@pytest.mark.r
@pytest.mark.parametrize("name,time,event", [
    ("zero-times", [0, 0, 1, 2, 2, 3], [1, 0, 1, 1, 0, 0]),
    ("all-die", [1, 2, 3], [1, 1, 1]),
    ("ends-at-zero-then-censored", [1, 2, 2, 4], [1, 1, 1, 0]),
    ("no-event", [3, 1, 2], [0, 0, 0]),
    ("near-ties", [1.0, 1.0 + 1e-10, 2.0, 3.0, 3.0 - 1e-12], [1, 0, 1, 1, 1]),
    ("one-row", [5.0], [1]),
])
def test_survfit_equals_r_edge_cases(rk, parity_case, name, time, event):
    _compare(rk, parity_case, name, np.asarray(time, float), np.asarray(event, float))


_rows = st.lists(st.tuples(st.integers(0, 12), st.booleans()), min_size=1, max_size=40)


@pytest.mark.r
@settings(max_examples=40, deadline=None)
@given(rows=_rows)
def test_survfit_equals_r_hypothesis(rk, rows):
    time = np.array([r[0] for r in rows], float) / 4  # ties, times 0, censoring at event times
    event = np.array([r[1] for r in rows], float)
    py = survfit(time, event)
    r = rk.call_py("helper:km_summary", time, event)
    for c in COLS:
        rec = compare("survfit-hypothesis", f"survfit.{c}", py[c].to_numpy(float), np.asarray(r[c], float).ravel())
        assert rec.passed, (c, rec.reason, time.tolist(), event.tolist())


@settings(max_examples=60, deadline=None)
@given(rows=_rows)
def test_survfit_properties(rows):
    time = np.array([r[0] for r in rows], float)
    event = np.array([r[1] for r in rows], float)
    km = survfit(time, event)
    # one row per distinct time; counts add up; the curve never increases; S = prod(1 - d / n)
    assert km["time"].tolist() == sorted(set(time.tolist()))
    assert km["n_event"].sum() == event.sum() and km["n_censor"].sum() == (1 - event).sum()
    assert km["n_risk"].iloc[0] == len(time)
    s = km["surv"].to_numpy()
    assert np.all(np.diff(s) <= 0)
    expect = np.cumprod(1 - km["n_event"] / km["n_risk"])
    np.testing.assert_allclose(s, expect, rtol=1e-12, atol=0)
    ok = s > 0
    assert np.all(km["lower"][ok] <= s[ok]) and np.all(km["upper"][ok] >= s[ok]) and np.all(km["upper"][ok] <= 1)
    assert km.loc[~ok, ["std_err", "lower", "upper"]].isna().all().all()


@pytest.mark.parametrize("time,event,match", [
    ([1, -2, 3], [1, 0, 1], r"time must hold .*; row 2 holds -2"),
    ([1, np.nan, 3], [1, 0, 1], r"time has a missing value at row 2"),
    ([1, "a", 3], [1, 0, 1], r"time must hold .*row 2 holds 'a'"),
    (["1", "2"], [1, 0], r"time must hold .*row 1 holds '1'"),
    ([1, 2, 3], [1, 2, 1], r"event.*row 2 holds 2 \(survival's 1/2 coding.*event == 2\)"),
    ([1, 2, 3], [1, 3, 1], r"event.*row 2 holds 3$"),
    ([1, 2, 3], [1, np.nan, 1], r"event.*row 2"),
    ([1, 2, 3], [1, 0], r"time.*event|event.*time"),
    ([], [], r"empty"),
])
def test_survfit_bad_input(time, event, match):
    with pytest.raises(InputError, match=match) as info:
        survfit(time, event)
    assert "\n" not in str(info.value)


def test_survfit_all_events_at_one_time_reaches_zero():
    km = survfit([2.0, 2.0], [1, 1])
    assert km["surv"].tolist() == [0.0] and math.isnan(km["std_err"].iloc[0])


_near = st.lists(st.tuples(st.integers(1, 6), st.integers(-2, 2), st.booleans()), min_size=2, max_size=30)


@pytest.mark.r
@settings(max_examples=30, deadline=None)
@given(rows=_near, scale=st.sampled_from([1.0, 1e6]))
def test_survfit_near_ties_merge_as_r(rk, rows, scale):
    """Times a few 1e-9 apart (absolutely, or relative to times near 1e6) merge as survival's aeqSurv merges them."""
    time = np.array([(b * 1.1 + j * 3e-9) * scale for b, j, _ in rows])
    event = np.array([ev for _, _, ev in rows], float)
    py = survfit(time, event)
    r = rk.call_py("helper:km_summary", time, event)
    for c in COLS:
        rec = compare("survfit-near-ties", f"survfit.{c}", py[c].to_numpy(float), np.asarray(r[c], float).ravel())
        assert rec.passed, (c, rec.reason, time.tolist(), event.tolist())


@pytest.mark.r
def test_survfit_groups_equal_r_strata(rk):
    from cmvt_core.kaplan_meier import survfit_groups

    time, event, x = case("veteran")
    group = np.where(x >= 60, "high", "low")
    fits = survfit_groups(time, event, group)
    assert list(fits) == ["high", "low"]
    for lab, km in fits.items():
        keep = group == lab
        r = rk.call_py("helper:km_summary", time[keep], event[keep])
        for c in COLS:
            rec = compare("survfit-groups", f"survfit.{c}", km[c].to_numpy(float), np.asarray(r[c], float).ravel())
            assert rec.passed, (lab, c, rec.reason)

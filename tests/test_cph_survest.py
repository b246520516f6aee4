"""CphFit.survest equals rms::survest(fit, newx, times)$surv (rms 6.5-0, survival 3.5-3), live."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from cmvt_core import InputError, cph
from _survival_cases import DATA as ALL, _lung, _veteran


DATA = {name: ALL[name] for name in ("lung", "veteran", "gbsg")}


@pytest.fixture(scope="module")
def R(r_bridge):
    r_bridge.library("rms")
    r_bridge.source("cph.R")
    return r_bridge


def _times(time: pd.Series, event: pd.Series) -> np.ndarray:
    """Before the first event, at 0, at event times (tied ones too), between them, at a censored-only time,
    at and beyond the last time; unsorted on purpose."""
    t = time.to_numpy(dtype=float)
    ev = np.unique(t[event.to_numpy() == 1])
    cens_only = np.setdiff1d(np.unique(t[event.to_numpy() == 0]), ev)
    mid = (ev[:-1] + ev[1:]) / 2
    picks = [ev[0] / 2, 0.0, ev[0], ev[1], ev[len(ev) // 2], ev[-1], mid[3], mid[len(mid) // 3], mid[-1],
             t.max(), t.max() * 3]
    if cens_only.size:
        picks += [cens_only[cens_only.size // 2]]
    return np.array(picks[::-1])


@pytest.mark.r
@pytest.mark.parametrize("ties", ["efron", "breslow"])
@pytest.mark.parametrize("name", list(DATA))
def test_survest_equals_rms(R, parity_case, name, ties):
    x, time, event = DATA[name]()
    fit = cph(x, time, event, ties=ties)
    new = x.sample(25, random_state=7)
    tt = _times(time, event)
    got = fit.survest(new, tt)
    r = np.asarray(R.call_py("helper:cph_survest", x, np.asarray(time, float), np.asarray(event, float), new, tt,
                             method=ties), dtype=float).reshape(got.shape)
    cmp = parity_case(f"cph-survest-{name}-{ties}").describe(
        call=f"rms::survest(rms::cph(..., x = TRUE, y = TRUE, surv = TRUE, method = '{ties}'), newx, times)$surv",
        data=(x, time, event))
    cmp.add("cph.survest", got.to_numpy(), r)
    cmp.assert_ok()
    assert list(got.index) == list(new.index)
    np.testing.assert_array_equal(got.columns.to_numpy(), np.sort(tt))


@pytest.mark.r
@pytest.mark.parametrize("ties", ["efron", "breslow"])
def test_survest_one_row_one_time(R, parity_case, ties):
    x, time, event = _veteran()
    fit = cph(x, time, event, ties=ties)
    new = x.iloc[[4]]
    for tt in ([100.0], [30.0, 1.0, 999.0]):
        got = fit.survest(new, tt)
        r = np.asarray(R.call_py("helper:cph_survest", x, np.asarray(time, float), np.asarray(event, float), new,
                                 np.array(tt), method=ties), dtype=float).reshape(got.shape)
        cmp = parity_case(f"cph-survest-veteran-one-{len(tt)}-{ties}").describe(call="rms::survest, one row")
        cmp.add("cph.survest", got.to_numpy(), r)
        cmp.assert_ok()


def test_survest_step_function_properties():
    x, time, event = _lung()
    fit = cph(x, time, event)
    ev = np.unique(time[event == 1])
    s = fit.survest(x.iloc[:5], [0.0, ev[0] / 2, ev[0], (ev[0] + ev[1]) / 2, ev[1], ev[-1], 1e6])
    v = s.to_numpy()
    assert (v[:, :2] == 1).all()  # before the first event
    np.testing.assert_array_equal(v[:, 2], v[:, 3])  # constant between event times
    assert (v[:, 3] > v[:, 4]).all() and (np.diff(v, axis=1) <= 0).all()
    np.testing.assert_array_equal(v[:, 5], v[:, 6])  # held beyond the last event


@pytest.mark.parametrize("times, msg", [([10.0, -1.0], "times"), ([np.nan], "times"), ([np.inf], "times"),
                                        (["a"], "times")])
def test_survest_bad_times(times, msg):
    x, time, event = _veteran()
    fit = cph(x, time, event)
    with pytest.raises(InputError, match=msg) as e:
        fit.survest(x.iloc[:3], times)
    assert "\n" not in str(e.value)


def test_survest_bad_newx():
    x, time, event = _veteran()
    fit = cph(x, time, event)
    for bad, msg in [(x.drop(columns="karno"), "karno"), (x.assign(karno=np.nan), "karno")]:
        with pytest.raises(InputError, match=msg) as e:
            fit.survest(bad.iloc[:3], [100.0])
        assert "\n" not in str(e.value)
    bad = x.iloc[:3].copy()
    bad["celltype"] = ["squamous", "other", "adeno"]
    with pytest.raises(InputError, match="celltype"):
        fit.survest(bad, [100.0])


@pytest.mark.r
@pytest.mark.parametrize("ties", ["efron", "breslow"])
def test_survest_heavy_ties_and_event_at_zero(R, parity_case, ties):
    """Times in 90-day blocks (up to dozens of events per time, Efron's sum over many terms) and one event
    at time 0 (survfit0 then adds no (0, 1) row)."""
    x, time, event = _veteran()
    time = (time // 90).astype(float)
    event = event.copy()
    i0 = int(np.flatnonzero((time == 0).to_numpy() & (event == 1).to_numpy())[0])
    assert event.iloc[i0] == 1 and time.iloc[i0] == 0
    fit = cph(x, time, event, ties=ties)
    new = x.sample(20, random_state=1)
    tt = np.array([0.0, 0.5, 1.0, 2.0, 2.5, 5.0, float(time.max()), 40.0])
    got = fit.survest(new, tt)
    r = np.asarray(R.call_py("helper:cph_survest", x, np.asarray(time, float), np.asarray(event, float), new, tt,
                             method=ties), dtype=float).reshape(got.shape)
    cmp = parity_case(f"cph-survest-veteran-ties-{ties}").describe(call="rms::survest, heavy ties, event at 0",
                                                                  data=(x, time, event))
    cmp.add("cph.survest", got.to_numpy(), r)
    cmp.assert_ok()
    assert (got[0.0] < 1).all()  # the events at time 0 count at t = 0

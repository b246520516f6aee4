"""cph equals rms::cph (rms 6.5-0, survival 3.5-3), live, on survival's own data sets and on edge cases."""
from __future__ import annotations

import json
import math
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cmvt_core import InputError, RWarning, cph

from _survival_cases import DATA, _veteran




@pytest.fixture(scope="module")
def R(r_bridge):
    r_bridge.library("rms")
    r_bridge.source("cph.R")
    return r_bridge


def _fit_both(R, x, time, event, ties="efron"):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fit = cph(x, time, event, ties=ties)
    r = R.call_py("helper:cph_fit", x, np.asarray(time, dtype=float), np.asarray(event, dtype=float), method=ties)
    return fit, r, [str(w.message) for w in caught if issubclass(w.category, RWarning)]


def _compare(cmp, fit, r, pywarn):
    rw = [str(s) for s in np.atleast_1d(r["warnings"])] if r["warnings"] is not None else []
    cmp.add("cph.warnings", np.array(pywarn, dtype=object), np.array(rw, dtype=object))
    cmp.add("cph.coef_names", np.array(list(fit.coef.index), dtype=object),
            np.array([str(s) for s in np.atleast_1d(r["names"])], dtype=object))
    cmp.add("cph.coef", fit.coef.to_numpy(), np.atleast_1d(np.asarray(r["coef"], dtype=float)))
    cmp.add("cph.vcov", fit.vcov.to_numpy(), np.asarray(r["var"], dtype=float).reshape(fit.vcov.shape))
    cmp.add("cph.loglik", fit.loglik, np.asarray(r["loglik"], dtype=float))
    cmp.add("cph.iter", fit.iter, int(np.asarray(r["iter"]).ravel()[0]))
    names = [str(s) for s in r["stat_names"]]
    rstats = np.asarray(r["stats"], dtype=float)
    # every row an event: rms repeats the two R2 names for two NA entries; the dict keeps the first two
    dup = [i for i, k in enumerate(names) if k in names[:i]]
    assert all(math.isnan(rstats[i]) for i in dup)
    keep = [i for i in range(len(names)) if i not in dup]
    cmp.add("cph.stat_names", np.array(list(fit.stats), dtype=object), np.array([names[i] for i in keep], dtype=object))
    for i in keep:
        cmp.add(f"cph.stats.{names[i]}", fit.stats.get(names[i], math.inf), rstats[i])
    cmp.add("cph.linear_predictors", fit.linear_predictors, np.asarray(r["lp"], dtype=float))
    cmp.add("cph.center", fit.center, float(np.asarray(r["center"]).ravel()[0]))
    cmp.add("cph.means", fit.means.to_numpy(), np.atleast_1d(np.asarray(r["means"], dtype=float)))
    cmp.add("cph.time_inc", fit.time_inc, float(np.asarray(r["time_inc"]).ravel()[0]))
    compare_print(cmp, "cph.print", fit, r["print"])


def compare_print(cmp, key, fit, rprint):
    """print.cph, the lines after the call (R deparses and wraps it; ours names no data frame)."""
    rp = [str(s) for s in rprint]
    start = next(i for i, s in enumerate(rp) if s.strip() == "") + 1
    start = next(i for i in range(start, len(rp)) if rp[i].strip() == "") + 1
    py = str(fit).split("\n")
    pstart = py.index("", 2) + 1
    cmp.add(key, np.array(py[pstart:pstart + len(rp) - start], dtype=object), np.array(rp[start:], dtype=object))


@pytest.mark.r
@pytest.mark.parametrize("ties", ["efron", "breslow"])
@pytest.mark.parametrize("name", list(DATA))
def test_cph_equals_rms(R, parity_case, name, ties):
    x, time, event = DATA[name]()
    fit, r, pyw = _fit_both(R, x, time, event, ties)
    assert not r["fail"]
    cmp = parity_case(f"cph-{name}-{ties}").describe(
        call=f"rms::cph(Surv(time, event) ~ ..., x = TRUE, y = TRUE, surv = TRUE, method = '{ties}')",
        data=(x, time, event))
    _compare(cmp, fit, r, pyw)
    cmp.assert_ok()


@pytest.mark.r
@pytest.mark.parametrize("name", ["veteran", "colon"])
def test_predict_equals_rms(R, parity_case, name):
    x, time, event = DATA[name]()
    new = x.sample(40, random_state=3)
    fit = cph(x, time, event)
    r = np.asarray(R.call_py("helper:cph_predict", x, np.asarray(time, float), np.asarray(event, float), new),
                   dtype=float)
    cmp = parity_case(f"cph-predict-{name}").describe(call="predict(fit, newdata, type = 'lp')")
    cmp.add("cph.predict", fit.predict(new).to_numpy(), r)
    cmp.assert_ok()
    assert list(fit.predict(new).index) == list(new.index)
    np.testing.assert_array_equal(fit.predict(), fit.linear_predictors)


def test_summary_is_wald_table():
    x, time, event = _veteran()
    fit = cph(x, time, event)
    s = fit.summary()
    assert list(s.columns) == ["coef", "se", "z", "p", "hazard_ratio", "hr_lower", "hr_upper"]
    se = np.sqrt(np.diag(fit.vcov))
    np.testing.assert_allclose(s["se"], se, rtol=1e-15)
    np.testing.assert_allclose(s["hazard_ratio"], np.exp(fit.coef), rtol=1e-15)
    np.testing.assert_allclose(s["hr_lower"], np.exp(fit.coef - 1.959963984540054 * se), rtol=1e-14)
    assert (s["p"] > 0).all() and (s["p"] <= 1).all()
    d = json.loads(json.dumps(fit.to_dict()))
    assert list(d["stats"]) == list(fit.stats) and d["ties"] == "efron" and d["coef"] == fit.coef.to_dict()


# -- edge cases, live --------------------------------------------------------------------------------
def _edge(R, parity_case, case, x, time, event, ties="efron"):
    fit, r, pyw = _fit_both(R, x, time, event, ties)
    cmp = parity_case(f"cph-{case}-{ties}").describe(call="rms::cph (edge case)", data=(x, time, event))
    _compare(cmp, fit, r, pyw)
    cmp.assert_ok()
    return fit, pyw


@pytest.mark.r
@pytest.mark.parametrize("ties", ["efron", "breslow"])
def test_all_censored_tail(R, parity_case, ties):
    g = np.random.default_rng(5)
    n = 80
    time = np.round(g.exponential(10, n))
    event = (g.random(n) < 0.7).astype(float)
    event[time >= np.quantile(time, 0.7)] = 0.0  # the last 30% of the follow-up: censored only
    x = pd.DataFrame({"a": g.normal(size=n), "b": g.integers(0, 2, n).astype(float)})
    _edge(R, parity_case, "censored-tail", x, time, event, ties)


@pytest.mark.r
def test_one_event(R, parity_case):
    g = np.random.default_rng(6)
    n = 30
    time = g.exponential(5, n)
    event = np.zeros(n)
    event[7] = 1.0
    x = pd.DataFrame({"a": g.normal(size=n)})
    _edge(R, parity_case, "one-event", x, time, event)


@pytest.mark.r
def test_separation_in_time_warns_as_coxph(R, parity_case):
    g = np.random.default_rng(7)
    n = 40
    time = g.exponential(1, n)
    x = pd.DataFrame({"s": -time})  # the predictor orders the deaths perfectly: coefficient -> infinity
    fit, pyw = _edge(R, parity_case, "separation", x, time, np.ones(n))
    assert pyw == ["Ran out of iterations and did not converge"] and fit.iter == 11


@pytest.mark.r
@pytest.mark.parametrize("const", [0.3, 1.0])
def test_constant_column_is_singular_as_rms(R, const):
    g = np.random.default_rng(8)
    n = 40
    x = pd.DataFrame({"a": g.normal(size=n), "k": const})
    time, event = g.exponential(1, n), (g.random(n) < 0.7).astype(float)
    r = R.call_py("helper:cph_fit", x, time, event)
    assert r["fail"] and "X matrix deemed to be singular; variable k" in str(r["output"][0])
    with pytest.raises(InputError, match="X matrix deemed to be singular; variable k"):
        cph(x, time, event)


@pytest.mark.r
@pytest.mark.parametrize("seed", [522, 1044])
def test_infinite_coefficient_warning_as_coxph(R, parity_case, seed):
    """One subject with s = 1, censored: s's coefficient heads to -Inf, the log-likelihood converges first,
    and coxph.fit warns "Loglik converged before variable  2 ; coefficient may be infinite. "."""
    g = np.random.default_rng(seed)
    n = int(g.integers(20, 3000))
    g.integers(1, 30)
    time = g.exponential(1, n)
    event = (g.random(n) < g.uniform(0.05, 1)).astype(float)
    x = pd.DataFrame({"a": g.normal(size=n)})
    s = np.zeros(n)
    i = g.choice(n, 1, replace=False)
    s[i], event[i] = 1.0, 0.0
    x["s"] = s
    _, pyw = _edge(R, parity_case, f"infinite-{seed}", x, time, event)
    assert pyw == ["Loglik converged before variable  2 ; coefficient may be infinite. "]


@pytest.mark.r
def test_binary_separation_in_time_is_singular_as_rms(R):
    """The 20 earliest deaths are the only ones with s = 1: s's coefficient runs off, its information
    vanishes below toler.chol during the Newton steps, and rms deems X singular (cph fails)."""
    g = np.random.default_rng(3)
    n = 2000
    time = g.exponential(1, n)
    s = np.zeros(n)
    s[np.argsort(time)[:20]] = 1.0
    x = pd.DataFrame({"a": g.normal(size=n), "s": s})
    r = R.call_py("helper:cph_fit", x, time, np.ones(n))
    assert r["fail"] and str(r["output"][0]).strip() == "X matrix deemed to be singular; variable s"
    with pytest.raises(InputError, match="X matrix deemed to be singular; variable s "):
        cph(x, time, np.ones(n))


@pytest.mark.r
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**31 - 1), n=st.integers(8, 60), nt=st.integers(2, 8),
       ties=st.sampled_from(["efron", "breslow"]))
def test_heavy_ties_equal_rms(R, parity_case, seed, n, nt, ties):
    """Times drawn from a few values (many tied deaths and censorings): R's iterates, either method."""
    g = np.random.default_rng(seed)
    time = g.integers(1, nt + 1, n).astype(float)
    event = (g.random(n) < 0.6).astype(float)
    event[0] = 1.0
    x = pd.DataFrame({"a": g.normal(size=n), "b": g.integers(0, 3, n).astype(float)})
    if np.ptp(x["b"]) == 0:
        x.loc[0, "b"] = 1.0 - x.loc[0, "b"]
    _edge(R, parity_case, "ties", x, time, event, ties)


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 2**31 - 1), n=st.integers(5, 80))
def test_efron_equals_breslow_without_tied_deaths(seed, n):
    """With no two deaths at the same time the Efron and Breslow partial likelihoods are one function."""
    g = np.random.default_rng(seed)
    time = g.permutation(n).astype(float) + 1.0
    event = (g.random(n) < 0.6).astype(float)
    event[0] = 1.0
    x = pd.DataFrame({"a": g.normal(size=n)})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RWarning)
        fe, fb = cph(x, time, event, ties="efron"), cph(x, time, event, ties="breslow")
    assert fe.coef.equals(fb.coef) and (fe.loglik == fb.loglik).all() and fe.stats == fb.stats


# -- bad input ------------------------------------------------------------------------------------------
def _small():
    return pd.DataFrame({"a": [1.0, 2.0, 3.0, 4.0]}), np.array([1.0, 2.0, 3.0, 4.0]), np.array([1.0, 0.0, 1.0, 1.0])


@pytest.mark.parametrize("time, msg", [
    ([1.0, -2.0, 3.0, 4.0], r"time must hold .*row 2 holds -2"),
    ([1.0, np.nan, 3.0, 4.0], r"time has a missing value at row 2"),
    (pd.Series(["1", "2", "3", "4"]), r"time must hold .*row 1 holds '1'"),
])
def test_bad_time(time, msg):
    x, _, e = _small()
    with pytest.raises(InputError, match=msg):
        cph(x, time, e)


@pytest.mark.parametrize("event, msg", [
    ([1.0, 2.0, 1.0, 0.0], r"event must be 0/1 .*row 2 holds 2"),
    ([0, 0, 0, 0], r"event has no events"),
    ([1.0, np.nan, 1.0, 0.0], r"event has a missing value at row 2"),
])
def test_bad_event(event, msg):
    x, t, _ = _small()
    with pytest.raises(InputError, match=msg):
        cph(x, t, event)


def test_bad_args():
    x, t, e = _small()
    with pytest.raises(InputError, match="ties"):
        cph(x, t, e, ties="exact")
    with pytest.raises(InputError, match="time has 3 values but x has 4 rows"):
        cph(x, t[:3], e)
    with pytest.raises(InputError, match="column 'a' has missing values"):
        cph(pd.DataFrame({"a": [1.0, np.nan, 3.0, 4.0]}), t, e)


@pytest.mark.r
@pytest.mark.parametrize("name", ["lung", "veteran", "pbc", "colon", "gbsg"])
def test_c_index_of_a_cph_fit_equals_survival_concordance(R, parity_case, name):
    """``fit.concordance()`` against ``survival::concordance(fit)`` of the rms fit (value and variance), and
    its value against rms's own Dxy: C = (Dxy + 1) / 2."""
    x, time, event = DATA[name]()
    fit = cph(x, time, event)
    c = fit.concordance()
    r = np.asarray(R.call_py("helper:cph_concordance", x, np.asarray(time, float), np.asarray(event, float)))
    cmp = parity_case(f"cph-concordance-{name}").describe(call="survival::concordance(rms::cph(Surv(time, event) ~ ...))")
    cmp.add("concordance.concordance", c.concordance, r[0])
    cmp.add("concordance.var", c.var, r[1])
    cmp.assert_ok()
    assert c.concordance == pytest.approx((fit.stats["Dxy"] + 1) / 2, rel=1e-12)

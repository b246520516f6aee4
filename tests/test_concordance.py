"""concordance (issue 19): ``survival::concordance(Surv(time, event) ~ predictor, reverse = )`` live against R
on the survival data sets and hypothesis cases (ties on time and predictor, censored tails, one event, times
0), a brute-force pair count, survival's ``btree``, the printout, and bad input."""
from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from _km_cases import CASES, case
from cmvt_core import InputError, concordance
from cmvt_core.kernels.concordance import btree
from cmvt_core.parity.compare import compare


@pytest.fixture(scope="module")
def rk(r_bridge):
    r_bridge.library("survival")
    r_bridge.source("km.R")
    return r_bridge


def _records(rk, case_name, time, event, x, reverse):
    py = concordance(time, event, x, reverse=reverse)
    r = rk.call_py("helper:km_concordance", time, event, x, reverse)
    assert [str(v) for v in np.ravel(r["count_names"])] == ["concordant", "discordant", "tied.x", "tied.y",
                                                            "tied.xy"]
    return py, [("concordance.concordance", py.concordance, float(np.ravel(r["concordance"])[0])),
                ("concordance.var", py.var, float(np.ravel(r["var"])[0])),
                ("concordance.count", list(py.count.values()), np.ravel(r["count"]).astype(float))]


@pytest.mark.r
@pytest.mark.parametrize("reverse", [True, False])
@pytest.mark.parametrize("name", list(CASES))
def test_concordance_equals_r_on_survival_data(rk, parity_case, name, reverse):
    time, event, x = case(name)
    cmp = parity_case(f"concordance-{name}-{reverse}").describe(
        call=f"concordance(Surv(time, event) ~ {CASES[name][3]}, reverse = {reverse})",
        data={"time": time, "event": event, "x": x})
    py, recs = _records(rk, name, time, event, x, reverse)
    for stat, a, b in recs:
        cmp.add(stat, a, b)
    cmp.assert_ok()
    assert py.std_err == np.sqrt(py.var)


_rows = st.lists(st.tuples(st.integers(0, 8), st.booleans(), st.integers(0, 5)), min_size=2, max_size=40)


@pytest.mark.r
@settings(max_examples=40, deadline=None)
@given(rows=_rows, reverse=st.booleans())
def test_concordance_equals_r_hypothesis(rk, rows, reverse):
    time = np.array([r[0] for r in rows], float) / 2  # ties on time, times 0, censoring at event times
    event = np.array([r[1] for r in rows], float)
    x = np.array([r[2] for r in rows], float) / 3  # ties on the predictor
    if not event.any():
        return
    try:
        _, recs = _records(rk, "hypothesis", time, event, x, reverse)
    except InputError as err:  # no comparable pair: R's concordance is NaN there
        assert "no comparable pair" in str(err)
        r = rk.call_py("helper:km_concordance", time, event, x, reverse)
        assert np.isnan(np.ravel(r["concordance"])[0])
        return
    for stat, a, b in recs:
        rec = compare("concordance-hypothesis", stat, a, b)
        assert rec.passed, (stat, rec.reason, time.tolist(), event.tolist(), x.tolist())


def _brute(time, event, x):
    """Pairs counted one by one as survival defines them (reverse = FALSE: a larger x, a longer time)."""
    c = d = tx = ty = txy = 0
    for i, j in itertools.combinations(range(len(time)), 2):
        if time[i] > time[j]:
            i, j = j, i
        if time[i] == time[j]:
            if event[i] and event[j]:
                if x[i] == x[j]:
                    txy += 1
                else:
                    ty += 1
            elif event[i] or event[j]:  # an event tied with a censoring: the censored one lived longer
                k, m = (i, j) if event[i] else (j, i)
                c, d, tx = c + (x[m] > x[k]), d + (x[m] < x[k]), tx + (x[m] == x[k])
            continue
        if not event[i]:
            continue
        c, d, tx = c + (x[j] > x[i]), d + (x[j] < x[i]), tx + (x[j] == x[i])
    return c, d, tx, ty, txy


@settings(max_examples=80, deadline=None)
@given(rows=_rows)
def test_concordance_counts_equal_brute_force(rows):
    time = np.array([r[0] for r in rows], float)
    event = np.array([r[1] for r in rows], float)
    x = np.array([r[2] for r in rows], float)
    if not event.any():
        return
    c, d, tx, ty, txy = _brute(time, event, x)
    if c + d + tx == 0:
        return
    fit = concordance(time, event, x, reverse=False)
    assert list(fit.count.values()) == [c, d, tx, ty, txy]
    assert fit.concordance == pytest.approx((c + tx / 2) / (c + d + tx), abs=1e-15)
    rev = concordance(time, event, x)
    assert list(rev.count.values()) == [d, c, tx, ty, txy]
    assert rev.concordance == pytest.approx(1 - fit.concordance, abs=1e-15) and rev.var == fit.var


@pytest.mark.r
def test_btree_equals_survival(rk):
    for n in [*range(1, 70), 127, 128, 129, 255, 256, 1000, 4097]:
        r = np.asarray(rk.call_py("helper:km_btree", n)).ravel()
        np.testing.assert_array_equal(btree(n), r)


@pytest.mark.r
def test_concordance_prints_as_r(rk):
    time, event, x = case("lung")
    r = rk.call_py("helper:km_concordance_print", time, event, x)
    ours = str(concordance(time, event, x)).split("\n")
    assert ours == [str(s) for s in np.ravel(r)]


@pytest.mark.parametrize("args,match", [
    (([1, -2, 3], [1, 0, 1], [1, 2, 3]), r"time must hold .*row 2"),
    (([1, 2, 3], [1, 3, 1], [1, 2, 3]), r"event.*row 2"),
    (([1, 2, 3], [1, 0, 1], [1, np.nan, 3]), r"predictor has a missing value at row 2"),
    (([1, 2, 3], [1, 0, 1], [1, "a", 3]), r"predictor must hold .*row 2 holds 'a'"),
    (([1, 2, 3], [1, 0, 1], [1, 2]), r"predictor"),
    (([1, 2, 3], [0, 0, 0], [1, 2, 3]), r"event has no event"),
    (([2, 2, 2], [1, 1, 1], [1, 2, 3]), r"no comparable pair"),
])
def test_concordance_bad_input(args, match):
    with pytest.raises(InputError, match=match) as info:
        concordance(*args)
    assert "\n" not in str(info.value)


def test_concordance_reverse_must_be_a_flag():
    with pytest.raises(InputError, match="reverse"):
        concordance([1, 2, 3], [1, 0, 1], [1, 2, 3], reverse="yes")


_near = st.lists(st.tuples(st.integers(1, 6), st.integers(-2, 2), st.booleans(), st.floats(-3, 3)),
                 min_size=3, max_size=30)


@pytest.mark.r
@settings(max_examples=30, deadline=None)
@given(rows=_near)
def test_concordance_near_ties_as_r(rk, rows):
    """Times a few 1e-9 apart count as tied (aeqSurv), and a continuous predictor, as in R."""
    time = np.array([b * 1.1 + j * 3e-9 for b, j, _, _ in rows])
    event = np.array([r[2] for r in rows], float)
    x = np.array([r[3] for r in rows])
    if not event.any():
        return
    try:
        _, recs = _records(rk, "near", time, event, x, True)
    except InputError as err:
        assert "no comparable pair" in str(err)
        return
    for stat, a, b in recs:
        rec = compare("concordance-near-ties", stat, a, b)
        assert rec.passed, (stat, rec.reason, time.tolist(), event.tolist(), x.tolist())

"""Live parity of cmvt_core.htest with R's t.test, wilcox.test, chisq.test, fisher.test and shapiro.test
(the helpers of parity/r/baseline.R), their errors and warnings, and properties."""
from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from cmvt_core import InputError, RWarning
from cmvt_core.htest import chisq_test, fisher_test, shapiro_test, t_test, wilcox_test


@pytest.fixture(scope="module")
def rb(r_bridge):
    r_bridge.source("baseline.R")
    return r_bridge


def _samples(seed, k):
    rng = np.random.default_rng(seed)
    for i in range(k):
        n1, n2 = (int(v) for v in rng.integers(3, 120, size=2))
        x = rng.normal(size=n1) * rng.uniform(0.1, 20)
        y = rng.normal(size=n2) * rng.uniform(0.1, 20) + rng.normal()
        if i % 3 == 1:
            x, y = np.round(x, 0), np.round(y, 0)  # ties
        if i % 4 == 2:
            x, y = np.exp(x / 10), np.exp(y / 10)  # skewed
        yield i, x, y


@pytest.mark.r
def test_shapiro_parity(rb, parity_case):
    cmp = parity_case("baseline-shapiro-random")
    rng = np.random.default_rng(11)
    sizes = [3, 4, 5, 6, 7, 11, 12, 20, 50, 224, 1000, 5000] + [int(v) for v in rng.integers(3, 400, 40)]
    ws, pw, rw, rp = [], [], [], []
    for i, n in enumerate(sizes):
        x = rng.normal(size=n) if i % 2 else rng.gamma(2.0, size=n)
        if i % 5 == 0:
            x = np.round(x, 1)
        py = shapiro_test(x)
        r = rb.call_py("helper:r_shapiro_test", x)
        ws.append(py.statistic); pw.append(py.p_value); rw.append(r["statistic"][0]); rp.append(r["p_value"][0])
    cmp.add("baseline.shapiro.W", ws, rw)
    cmp.add("baseline.shapiro.p_value", pw, rp)
    cmp.assert_ok()


@pytest.mark.r
def test_shapiro_tiny_range_rescaled(rb, parity_case):
    cmp = parity_case("baseline-shapiro-tiny-range")
    x = 1.0 + np.array([0.0, 3e-12, 1e-12, 7e-12, 2e-12, 5e-11])
    py = shapiro_test(x)
    r = rb.call_py("helper:r_shapiro_test", x)
    cmp.add("baseline.shapiro.W", py.statistic, r["statistic"][0])
    cmp.add("baseline.shapiro.p_value", py.p_value, r["p_value"][0])
    cmp.assert_ok()


@pytest.mark.r
def test_t_and_wilcox_parity(rb, parity_case):
    cmp = parity_case("baseline-t-wilcox-random")
    acc = {k: ([], []) for k in ("t.welch.statistic", "t.welch.df", "t.welch.p_value", "t.welch.conf_int",
                                 "t.student.statistic", "t.student.p_value", "t.student.conf_int",
                                 "wilcox.W", "wilcox.p_value")}

    def put(k, a, b):
        acc[k][0].append(np.atleast_1d(a)); acc[k][1].append(np.atleast_1d(b))

    for _i, x, y in _samples(5, 60):
        for ve, tag in ((False, "welch"), (True, "student")):
            py = t_test(x, y, var_equal=ve)
            r = rb.call_py("helper:r_t_test", x, y, var_equal=ve)
            put(f"t.{tag}.statistic", py.statistic, r["statistic"])
            put(f"t.{tag}.p_value", py.p_value, r["p_value"])
            put(f"t.{tag}.conf_int", py.conf_int, r["conf_int"])
            if not ve:
                put("t.welch.df", py.parameter, r["parameter"])
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RWarning)
            py = wilcox_test(x, y)
        r = rb.call_py("helper:r_wilcox_test", x, y)
        put("wilcox.W", py.statistic, r["statistic"])
        put("wilcox.p_value", py.p_value, r["p_value"])
    for k, (a, b) in acc.items():
        cmp.add(f"baseline.{k}", np.concatenate(a), np.concatenate(b))
    cmp.assert_ok()


@pytest.mark.r
def test_wilcox_exact_and_forced_paths(rb, parity_case):
    """Exact p (no ties, both n < 50), the normal path forced (exact=FALSE), and exact=TRUE for n >= 50."""
    cmp = parity_case("baseline-wilcox-exact")
    rng = np.random.default_rng(3)
    p_py, p_r = [], []
    for nx, ny in [(1, 1), (1, 5), (3, 4), (10, 12), (25, 49), (49, 49), (2, 48), (30, 7)]:
        x = rng.normal(size=nx) + 0.5
        y = rng.normal(size=ny)
        for exact in (None, False, True):
            for correct in (True, False):
                py = wilcox_test(x, y, exact=exact, correct=correct)
                r = rb.call_py("helper:r_wilcox_test", x, y, exact=exact, correct=correct)
                assert py.statistic == r["statistic"][0]
                p_py.append(py.p_value); p_r.append(r["p_value"][0])
    x = rng.normal(size=60); y = rng.normal(size=55) + 0.4  # exact=TRUE with n >= 50
    p_py.append(wilcox_test(x, y, exact=True).p_value)
    p_r.append(rb.call_py("helper:r_wilcox_test", x, y, exact=True)["p_value"][0])
    cmp.add("baseline.wilcox.p_value", p_py, p_r)
    cmp.assert_ok()


@pytest.mark.r
def test_chisq_and_fisher_parity(rb, parity_case):
    cmp = parity_case("baseline-chisq-fisher-random")
    rng = np.random.default_rng(17)
    acc = {k: ([], []) for k in ("chisq.statistic", "chisq.p_value", "fisher.p_2x2", "fisher.estimate",
                                 "fisher.conf_int", "fisher.p_rxc")}
    tables = []
    for i in range(90):
        if i % 3 == 0:
            shape, hi = (2, 2), [4, 15, 60][i % 9 // 3]
        elif i % 3 == 1:
            shape, hi = (int(rng.integers(3, 6)), 2), 25
        else:
            shape, hi = (int(rng.integers(2, 4)), int(rng.integers(3, 5))), 5
        t = rng.integers(0, hi, size=shape).astype(float)
        if (t.sum(axis=1) == 0).any() or (t.sum(axis=0) == 0).any():
            continue
        tables.append(t)
    tables += [np.array([[0., 5.], [7., 0.]]), np.array([[10., 0.], [3., 4.]]), np.array([[3., 3.], [3., 3.]])]
    for t in tables:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RWarning)
            py = chisq_test(t)
        r = rb.call_py("helper:r_chisq_test", t)
        acc["chisq.statistic"][0].append(py.statistic); acc["chisq.statistic"][1].append(r["statistic"][0])
        acc["chisq.p_value"][0].append(py.p_value); acc["chisq.p_value"][1].append(r["p_value"][0])
        py = fisher_test(t)
        r = rb.call_py("helper:r_fisher_test", t)
        if t.shape == (2, 2):
            acc["fisher.p_2x2"][0].append(py.p_value); acc["fisher.p_2x2"][1].append(r["p_value"][0])
            acc["fisher.estimate"][0].append(py.estimate); acc["fisher.estimate"][1].append(r["estimate"][0])
            acc["fisher.conf_int"][0].extend(py.conf_int); acc["fisher.conf_int"][1].extend(r["conf_int"])
        else:
            acc["fisher.p_rxc"][0].append(py.p_value); acc["fisher.p_rxc"][1].append(r["p_value"][0])
    for k, (a, b) in acc.items():
        assert len(a) > 5, k
        cmp.add(f"baseline.{k}", a, b)
    cmp.assert_ok()


@pytest.mark.r
def test_chisq_without_correction(rb, parity_case):
    cmp = parity_case("baseline-chisq-uncorrected")
    t = np.array([[12., 30.], [25., 19.]])
    py = chisq_test(t, correct=False)
    r = rb.call_py("helper:r_chisq_test", t, correct=False)
    cmp.add("baseline.chisq.statistic", py.statistic, r["statistic"][0])
    cmp.add("baseline.chisq.p_value", py.p_value, r["p_value"][0])
    cmp.assert_ok()


def test_warnings_match_r():
    with pytest.warns(RWarning, match="approximation may be incorrect"):
        chisq_test(np.array([[1.0, 2.0], [3.0, 4.0]]))
    with pytest.warns(RWarning, match="ties"):
        wilcox_test([1.0, 2.0, 2.0], [3.0, 4.0])


def test_bad_inputs_htest():
    with pytest.raises(InputError, match="between 3 and 5000"):
        shapiro_test([1.0, 2.0])
    with pytest.raises(InputError, match="identical"):
        shapiro_test([1.0, 1.0, 1.0])
    with pytest.raises(InputError, match="essentially constant"):
        t_test([1.0, 1.0, 1.0], [1.0, 1.0, 1.0])
    with pytest.raises(InputError, match="nonnegative"):
        chisq_test(np.array([[1.0, -1.0], [2.0, 3.0]]))
    with pytest.raises(InputError, match="at least 2 rows"):
        fisher_test(np.array([[1.0, 2.0]]))


# ---- properties ---------------------------------------------------------------------------------
@settings(deadline=None, max_examples=40)
@given(st.lists(st.tuples(st.integers(0, 12), st.integers(0, 12)), min_size=3, max_size=5), st.randoms())
def test_fisher_rx2_invariant_to_row_order_and_transpose(rows, rnd):
    t = np.array(rows, dtype=float)
    t = t[t.sum(axis=1) > 0]
    if t.shape[0] < 3 or (t.sum(axis=0) == 0).any():
        return
    p = fisher_test(t).p_value
    perm = list(range(t.shape[0]))
    rnd.shuffle(perm)
    assert 0.0 <= p <= 1.0
    assert math.isclose(fisher_test(t[perm]).p_value, p, rel_tol=1e-12, abs_tol=1e-300)
    assert math.isclose(fisher_test(t.T).p_value, p, rel_tol=1e-12, abs_tol=1e-300)
    assert math.isclose(fisher_test(t[:, ::-1]).p_value, p, rel_tol=1e-12, abs_tol=1e-300)


@settings(deadline=None, max_examples=40)
@given(st.integers(1, 30), st.integers(1, 30), st.integers(0, 2**32 - 1))
def test_wilcox_exact_symmetry(nx, ny, seed):
    """Swapping the samples maps W to nx*ny - W and keeps the two-sided p (no ties: exact path)."""
    rng = np.random.default_rng(seed)
    x, y = rng.normal(size=nx), rng.normal(size=ny)
    a, b = wilcox_test(x, y), wilcox_test(y, x)
    assert a.statistic + b.statistic == nx * ny
    assert math.isclose(a.p_value, b.p_value, rel_tol=1e-12)

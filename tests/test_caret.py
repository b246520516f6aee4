"""caret's createDataPartition / createFolds: the same rows as caret 6.0-93 after set.seed (live).

R side: ``parity/r/caret.R`` (``set.seed(seed); caret::createDataPartition(y, times, p, list = FALSE)``
and ``caret::createFolds(y, k, list = FALSE)``, in the C collation).
"""
from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from cmvt_core import InputError
from cmvt_core.caret import create_data_partition, create_folds
from cmvt_core.errors import RWarning


def _outcomes(rng, n):
    """One outcome of each kind caret treats differently, n rows."""
    yb = rng.random(n) < 0.37
    txt = np.where(rng.random(n) < 0.3, "yes", np.where(rng.random(n) < 0.5, "No", "maybe"))
    cat = pd.Series(pd.Categorical(np.where(yb, "event", "none"), categories=["none", "event"]))
    unused = pd.Series(pd.Categorical(np.where(yb, "b_event", "a_none"), categories=["z", "b_event", "a_none"]))
    return {
        "bool": yb,
        "numeric01": yb.astype(float),
        "numeric": np.round(rng.normal(50, 10, size=n), 1),
        "string": txt,
        "categorical": cat,
        "categorical_unused": unused,
        "integer_scores": rng.integers(0, 7, size=n),
    }


@pytest.fixture(scope="module")
def caret(r_bridge):
    r_bridge.library("caret")
    r_bridge.source("caret.R")
    return r_bridge


@pytest.mark.r
@pytest.mark.parametrize("seed", [1, 42, 2024, 123456, -7])
def test_create_data_partition_equals_caret(caret, parity_case, seed):
    cmp = parity_case(f"caret-partition-{seed}").describe(
        call="set.seed(seed); caret::createDataPartition(y, times, p, list = FALSE)")
    rng = np.random.default_rng(seed % 1000)
    for n in (11, 97, 319):
        for kind, y in _outcomes(rng, n).items():
            for p, times in ((0.7, 1), (0.5, 3), (0.25, 2)):
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", RWarning)
                    py = create_data_partition(y, p, times=times, seed=seed)
                r = np.asarray(caret.call_py("helper:caret_partition", y, p, times, None, seed))
                cmp.add("caret.rows", py.ravel(order="F").astype(float), r.ravel(order="F").astype(float))
                assert py.shape == (r.shape if times > 1 else (r.size,)), (kind, n, p, times)
    cmp.assert_ok()


@pytest.mark.r
def test_groups_argument_equals_caret(caret, parity_case):
    cmp = parity_case("caret-partition-groups").describe(
        call="set.seed(seed); caret::createDataPartition(y, p = 0.6, list = FALSE, groups = g)")
    y = np.random.default_rng(3).gamma(2.0, 3.0, size=150)
    for g in (1, 2, 3, 10):
        cmp.add("caret.rows", create_data_partition(y, 0.6, groups=g, seed=9).astype(float),
                np.asarray(caret.call_py("helper:caret_partition", y, 0.6, 1, g, 9)).ravel().astype(float))
    cmp.assert_ok()


@pytest.mark.r
@pytest.mark.parametrize("seed", [1, 42, 2024])
def test_create_folds_equals_caret(caret, parity_case, seed):
    cmp = parity_case(f"caret-folds-{seed}").describe(call="set.seed(seed); caret::createFolds(y, k, list = FALSE)")
    rng = np.random.default_rng(seed)
    for n in (9, 60, 319):
        for y in _outcomes(rng, n).values():
            for k in (3, 5, 10):
                py = create_folds(y, k, seed=seed)
                r = np.asarray(caret.call_py("helper:caret_folds", y, k, seed)).ravel()
                cmp.add("caret.folds", py.astype(float), r.astype(float))
    cmp.assert_ok()


def test_the_cmvt_split_is_224_of_319():
    y = np.zeros(319, dtype=bool)
    y[np.random.default_rng(0).choice(319, 117, replace=False)] = True
    for seed in range(20):
        rows = create_data_partition(y, 0.7, seed=seed)
        assert rows.size == 224 and y[rows - 1].sum() == 82  # ceiling(117 * .7) + ceiling(202 * .7)
        assert np.all(np.diff(rows) > 0) and rows.min() >= 1 and rows.max() <= 319


def test_a_numeric_01_outcome_is_not_stratified_as_in_caret():
    # breaks unique(quantile(y, 0:4/4)) = c(0, 1): one interval, so ceiling(319 * .7) = 224 of all rows
    y = np.r_[np.ones(117), np.zeros(202)]
    assert create_data_partition(y, 0.7, seed=1).size == 224
    counts = {int(y[create_data_partition(y, 0.7, seed=s) - 1].sum()) for s in range(30)}
    assert len(counts) > 1  # the events drawn vary: not stratified


def test_single_and_empty_classes_warn_as_caret():
    y = pd.Series(pd.Categorical(["a"] * 6 + ["b"], categories=["a", "b", "c"]))
    with pytest.warns(RWarning, match="no records"):
        with pytest.warns(RWarning, match="single record"):
            rows = create_data_partition(y, 0.5, seed=1)
    assert 7 in rows and rows.size == 4


@pytest.mark.parametrize("bad, msg", [
    (np.array([1.0, np.nan, 2.0]), "row 2"),
    (np.array(["a", None, "b"], dtype=object), "row 2"),
    (np.array([1.0]), "at least 2"),
    (np.zeros(10), "invalid number of intervals"),
    (np.array([["a", "b"]]), "one-dimensional"),
])
def test_bad_outcomes_get_one_line_errors(bad, msg):
    with pytest.raises(InputError, match=msg):
        create_data_partition(bad, 0.5, seed=1)


@pytest.mark.parametrize("p", [0.0, -0.1, 1.5, float("nan")])
def test_p_outside_0_1(p):
    with pytest.raises(InputError, match="p"):
        create_data_partition(np.array([True, False] * 5), p, seed=1)


def test_folds_k_at_least_n_are_the_rows_themselves():
    np.testing.assert_array_equal(create_folds(np.array([True, False, True]), 5, seed=1), [1, 2, 3])

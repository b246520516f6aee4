"""Live parity of cmvt_core.baseline: the whole baseline table (parity/r/baseline.R) on the example cohort.
The tests it runs (t.test, wilcox.test, chisq.test, fisher.test, shapiro.test) are checked in tests/test_htest.py."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from cmvt_core import InputError
from cmvt_core.baseline import baseline_table
from cmvt_core.cohort import load_cohort, split_train_validation

from _paths import COHORT  # noqa: E402


@pytest.fixture(scope="module")
def rb(r_bridge):
    r_bridge.source("baseline.R")
    return r_bridge


def _compare_tables(cmp, py: pd.DataFrame, r: pd.DataFrame):
    assert list(py["variable"]) == list(r["variable"])
    cmp.add("baseline.table.text", py[["variable", "level", "kind", "test"]].to_numpy().astype(str),
            r[["variable", "level", "kind", "test"]].to_numpy().astype(str))
    num = ["n_overall", "n_0", "n_1", "pct_overall", "pct_0", "pct_1", "center_overall", "center_0", "center_1",
           "spread_overall", "spread_0", "spread_1", "q1_overall", "q1_0", "q1_1", "q3_overall", "q3_0", "q3_1",
           "shapiro_p_0", "shapiro_p_1", "statistic"]
    for c in num:
        cmp.add(f"baseline.table.{c}", py[c].to_numpy(float), r[c].to_numpy(float))
    fisher_rxc = (py["test"] == "Fisher's exact test").to_numpy() & \
        (py.groupby("variable")["level"].transform("count") > 2).to_numpy()
    p_py, p_r = py["p_value"].to_numpy(float), r["p_value"].to_numpy(float)
    cmp.add("baseline.table.p_value", p_py[~fisher_rxc], p_r[~fisher_rxc])
    if fisher_rxc.any():
        cmp.add("baseline.fisher.p_rxc", p_py[fisher_rxc], p_r[fisher_rxc])


@pytest.mark.r
def test_baseline_table_cohort_split(rb, parity_case):
    """Training vs validation on the example cohort (split drawn as R's sample), Welch and Student."""
    X, y = load_cohort(COHORT, "cmvt")
    train = split_train_validation(len(y), 0.7, seed=2024)
    group = np.where(np.isin(np.arange(len(y)), train), "training", "validation")
    X2 = X.assign(cmvt=y)
    for ve in (False, True):
        cmp = parity_case(f"baseline-table-cohort-split-var_equal={ve}")
        py = baseline_table(X2, group, var_equal=ve)
        r = rb.call_py("helper:baseline_table_r", X2, group, var_equal=ve)
        _compare_tables(cmp, py.stats, r)
        cmp.assert_ok()
    kinds = set(py.stats["kind"])
    assert {"categorical", "nonnormal"} <= kinds


@pytest.mark.r
def test_baseline_table_cohort_outcome(rb, parity_case):
    """Events vs non-events in the training group."""
    X, y = load_cohort(COHORT, "cmvt")
    train = split_train_validation(len(y), 0.7, seed=7)
    Xt, yt = X.iloc[train].reset_index(drop=True), y[train]
    cmp = parity_case("baseline-table-cohort-outcome")
    py = baseline_table(Xt, yt)
    r = rb.call_py("helper:baseline_table_r", Xt, yt)
    _compare_tables(cmp, py.stats, r)
    cmp.assert_ok()


@pytest.mark.r
def test_baseline_table_mixed_paths(rb, parity_case):
    """Every branch: normal (t-test), non-normal (Mann-Whitney), 2x2 chi-square (Yates), k x 2 chi-square,
    2x2 and k x 2 Fisher (small expected counts), a variable with missing values."""
    rng = np.random.default_rng(8)
    n = 120
    g = (rng.uniform(size=n) < 0.4).astype(int)
    X = pd.DataFrame({
        "normal": rng.normal(50, 10, n) + 3 * g,
        "skewed": np.round(np.exp(rng.normal(0, 1, n)), 2),
        "binary": (rng.uniform(size=n) < 0.5).astype(int),
        "rare": (rng.uniform(size=n) < 0.05).astype(int),
        "three": rng.integers(1, 4, n),
        "five_rare": rng.choice([0, 1, 2, 3, 4], size=n, p=[0.4, 0.3, 0.2, 0.07, 0.03]),
        "with_nan": np.where(rng.uniform(size=n) < 0.1, np.nan, rng.normal(size=n)),
    })
    cmp = parity_case("baseline-table-mixed")
    py = baseline_table(X, g)
    r = rb.call_py("helper:baseline_table_r", X, g)
    _compare_tables(cmp, py.stats, r)
    cmp.assert_ok()
    tests = set(py.table["test"]) - {""}
    assert {"Welch's t-test", "Mann-Whitney U test", "Fisher's exact test", "Chi-square test (Yates)",
            "Chi-square test"} <= tests


# ---- behaviour without R ------------------------------------------------------------------------
def test_table_shape_and_to_dict():
    X, y = load_cohort(COHORT, "cmvt")
    before = X.copy()
    res = baseline_table(X, y)
    pd.testing.assert_frame_equal(X, before)  # input untouched
    assert list(res.table.columns) == ["variable", "level", "overall", "group_0", "group_1", "test",
                                       "statistic", "p_value"]
    # 26 predictors; 10 binary (two rows each) and 16 continuous (one row each)
    assert res.table["variable"].nunique() == 26
    assert len(res.table) == 10 * 2 + 16
    import json
    d = json.loads(json.dumps(res.to_dict()))
    assert d["settings"]["n_0"] + d["settings"]["n_1"] == 319
    row = res.table[res.table.variable == "female"].iloc[0]
    assert "%" in row["overall"] and row["test"].startswith("Chi-square")


def test_bad_inputs_baseline():
    X = pd.DataFrame({"a": [1.0, 2.0, 3.0, 4.0]})
    with pytest.raises(InputError, match="exactly two values"):
        baseline_table(X, [1, 1, 1, 1])
    with pytest.raises(InputError, match="4 rows"):
        baseline_table(X, [0, 1, 0])
    with pytest.raises(InputError, match="'nope'"):
        baseline_table(X, [0, 1, 0, 1], variables=["nope"])

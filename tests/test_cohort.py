"""cmvt_core.cohort: load_cohort's checks and messages, and the split drawn as R's sample()."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from cmvt_core import InputError
from cmvt_core.cohort import draw_split, load_cohort, read_csv, split_train_validation

ROOT = Path(__file__).resolve().parents[1]
from _paths import COHORT  # noqa: E402
PREDICTORS_26 = ["age_group", "female", "bmi", "smoking", "drinking", "diabetes", "hypertension", "chd",
                 "surgery_uka", "anaesthesia_general", "pre_inr", "pre_tt", "pre_pt", "pre_aptt",
                 "pre_urea_creat", "pre_ddimer", "pre_crp", "pre_plr", "pre_sii", "pre_siri", "pre_nlr",
                 "post_plr", "post_nlr", "post_sii", "post_siri", "out_of_bed_d1"]


def _small(n=40, events=15):
    rng = np.random.default_rng(0)
    return pd.DataFrame({"y": [1] * events + [0] * (n - events), "a": rng.normal(size=n),
                         "b": rng.integers(0, 2, n)})


def _write(tmp_path, text, name="c.csv", encoding="utf-8"):
    p = tmp_path / name
    p.write_bytes(text.encode(encoding))
    return p


# ---- the example cohort -------------------------------------------------------------------------
def test_example_cohort_shape_and_content():
    X, y = load_cohort(COHORT, "cmvt")
    assert X.shape == (319, 26) and list(X.columns) == PREDICTORS_26
    assert 0.35 <= y.mean() <= 0.40
    assert set(np.unique(y)) == {0, 1} and y.dtype == np.int64
    raw = pd.read_csv(COHORT)
    # the indices come from simulated counts: SII / PLR = neutrophils, SIRI / NLR = monocytes (10^9/L)
    for pre in ("pre", "post"):
        assert (X[f"{pre}_sii"] / X[f"{pre}_plr"]).between(1.0, 40.0).all()
        assert (X[f"{pre}_siri"] / X[f"{pre}_nlr"]).between(0.05, 3.0).all()
    assert raw.shape == (319, 27)


def test_generator_is_deterministic(tmp_path):
    import subprocess
    import sys
    out = tmp_path / "again.csv"
    subprocess.run([sys.executable, str(ROOT / "fixtures" / "make_cohort.py"), "--out", str(out)], check=True,
                   capture_output=True)
    assert out.read_bytes() == COHORT.read_bytes()


def test_generator_ors_recovered():
    import importlib.util
    spec = importlib.util.spec_from_file_location("make_cohort", ROOT / "fixtures" / "make_cohort.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    chk = mod.check(pd.read_csv(COHORT))
    # every true OR lies inside the fitted 95% CI
    assert ((chk["lower"] <= chk["true_or"]) & (chk["true_or"] <= chk["upper"])).all(), chk


def test_predictor_subset_and_order_and_input_untouched():
    df = _small()
    before = df.copy()
    X, y = load_cohort(df, "y", ["b", "a"])
    assert list(X.columns) == ["b", "a"] and X.dtypes.eq(np.float64).all()
    pd.testing.assert_frame_equal(df, before)
    X[:] = 0
    pd.testing.assert_frame_equal(df, before)


def test_bom_and_strings_and_bool(tmp_path):
    text = "\ufeffy,a,b\n" + "".join(f"{i % 2},{i}.5,{'NA' if False else i % 3}\n" for i in range(30))
    p = _write(tmp_path, text)
    X, y = load_cohort(p, "y")
    assert list(X.columns) == ["a", "b"] and y.sum() == 15
    df = _small().assign(y=lambda d: d.y.astype(bool))
    X, y = load_cohort(df, "y")
    assert y.sum() == 15


def test_read_csv_keeps_file_context(tmp_path):
    p = _write(tmp_path, "y,a\n" + "1,1\n" * 12 + "0,x\n" + "0,2\n" * 12)
    df = read_csv(p)
    with pytest.raises(InputError, match=r"'a'.*'x'.*data row 13 \(line 14"):
        load_cohort(df, "y")


# ---- errors ---------------------------------------------------------------------------------------
def test_missing_file(tmp_path):
    with pytest.raises(InputError, match="not found.*nope.csv"):
        load_cohort(tmp_path / "nope.csv", "y")


def test_missing_column():
    with pytest.raises(InputError, match="outcome column 'cmvt' not found"):
        load_cohort(_small(), "cmvt")
    with pytest.raises(InputError, match=r"predictor column\(s\) \['zz'\] not found"):
        load_cohort(_small(), "y", ["a", "zz"])


def test_non_numeric_value_names_row(tmp_path):
    rows = ["y,a,b"] + [f"{int(i < 15)},{i},1" for i in range(40)]
    rows[8] = "1,abc,1"  # data row 8, line 9 of the file
    p = _write(tmp_path, "\n".join(rows) + "\n")
    with pytest.raises(InputError, match=r"column 'a': non-numeric value 'abc' in data row 8 \(line 9 of the file\)"):
        load_cohort(p, "y")


def test_decimal_comma_hint(tmp_path):
    rows = ["y,a"] + [f"{int(i < 15)},{i}" for i in range(40)]
    rows[3] = '1,"2,5"'
    p = _write(tmp_path, "\n".join(rows) + "\n")
    with pytest.raises(InputError, match="decimal comma"):
        load_cohort(p, "y")


def test_nan_rows_listed(tmp_path):
    df = _small()
    df.loc[[2, 9], "a"] = np.nan
    with pytest.raises(InputError, match=r"missing values.*'a' in data row\(s\) 3, 10"):
        load_cohort(df, "y")
    rows = ["y,a,b"] + [f"{int(i < 15)},{i},1" for i in range(40)]
    rows[5] = "1,,1"
    rows[6] = "1,3,NA"
    p = _write(tmp_path, "\n".join(rows) + "\n")
    with pytest.raises(InputError, match=r"'a' in data row\(s\) 5; 'b' in data row\(s\) 6"):
        load_cohort(p, "y")


def test_outcome_missing_rows():
    df = _small().astype({"y": float})
    df.loc[4, "y"] = np.nan
    with pytest.raises(InputError, match=r"outcome column 'y' is missing in data row\(s\) 5"):
        load_cohort(df, "y")


def test_outcome_not_binary():
    df = _small()
    df.loc[[0, 3], "y"] = [2, 7]
    with pytest.raises(InputError, match=r"must be 0/1; found value\(s\) 2, 7 \(data row\(s\) 1, 4\)"):
        load_cohort(df, "y")
    df = _small().astype({"y": object})
    df.loc[1, "y"] = "yes"
    with pytest.raises(InputError, match="'y'.*non-numeric value 'yes' in data row 2"):
        load_cohort(df, "y")


def test_too_few_events():
    with pytest.raises(InputError, match=r"too few events.*9 events \(1\) and 31 non-events"):
        load_cohort(_small(events=9), "y")
    with pytest.raises(InputError, match=r"too few events.*35 events \(1\) and 5 non-events"):
        load_cohort(_small(events=35), "y")


def test_empty(tmp_path):
    with pytest.raises(InputError, match="empty"):
        load_cohort(_write(tmp_path, ""), "y")
    with pytest.raises(InputError, match="no data rows"):
        load_cohort(_write(tmp_path, "y,a\n", "h.csv"), "y")
    with pytest.raises(InputError, match="no rows"):
        load_cohort(pd.DataFrame({"y": [], "a": []}), "y")


def test_duplicated_columns(tmp_path):
    p = _write(tmp_path, "y,a,a\n" + "1,1,1\n" * 20)
    with pytest.raises(InputError, match=r"duplicated column name\(s\) \['a'\]"):
        load_cohort(p, "y")
    df = pd.DataFrame([[1, 2, 3]], columns=["y", "a", "a"])
    with pytest.raises(InputError, match=r"duplicated column name\(s\) \['a'\]"):
        load_cohort(df, "y")


def test_wrong_delimiter(tmp_path):
    p = _write(tmp_path, "y;a;b\n" + "1;2,5;3\n" * 20)
    with pytest.raises(InputError, match=r"semicolon-separated.*sep=';'"):
        load_cohort(p, "y")
    p = _write(tmp_path, "y\ta\n" + "1\t2\n" * 20, "t.csv")
    with pytest.raises(InputError, match="tab-separated"):
        load_cohort(p, "y")
    rows = "y;a\n" + "".join(f"{int(i < 15)};{i}\n" for i in range(40))
    X, y = load_cohort(_write(tmp_path, rows, "s.csv"), "y", sep=";")
    assert X.shape == (40, 1)


def test_ragged_row(tmp_path):
    p = _write(tmp_path, "y,a\n1,2\n1,2,3\n")
    with pytest.raises(InputError, match=r"data row 2 \(line 3\) has 3 fields"):
        load_cohort(p, "y")


# ---- the split ---------------------------------------------------------------------------------------
def test_split_bad_input():
    with pytest.raises(InputError, match="ratio"):
        split_train_validation(100, 1.5, seed=1)
    with pytest.raises(InputError, match="n must be"):
        split_train_validation(1, 0.7, seed=1)
    with pytest.raises(InputError, match="training size"):
        split_train_validation(10, 0.7, seed=1, size=10)


@settings(deadline=None, max_examples=30)
@given(n=st.integers(2, 2000), ratio=st.floats(0.05, 0.95), seed=st.integers(0, 2**31 - 1))
def test_split_partition_property(n, ratio, seed):
    size = int(round(ratio * n))
    if not 1 <= size <= n - 1:
        return
    s = draw_split(n, ratio, seed)
    assert s.size == size and len(s.train) == size
    assert sorted(np.concatenate([s.train, s.validation]).tolist()) == list(range(1, n + 1))
    assert np.array_equal(split_train_validation(n, ratio, seed), np.sort(s.train) - 1)
    assert s.train_mask.sum() == size


@pytest.mark.r
def test_split_matches_r_sample(r_bridge, parity_case):
    r_bridge.source("cohort.R")
    cmp = parity_case("cohort-split-vs-R-sample")
    cases = [(319, 0.7, 2024, None), (319, 0.7, 1, 224), (224, 0.5, 42, None), (95, 0.3, 123456789, None),
             (10, 0.25, 0, None), (5000, 0.7, 2**31 - 1, None)]
    for n, ratio, seed, size in cases:
        s = draw_split(n, ratio, seed, size=size)
        r = r_bridge.to_py(r_bridge.call("helper:split_r", n, ratio, seed, size))
        cmp.add("cohort.split.idx", s.train, r["idx"], note=f"n={n} ratio={ratio} seed={seed}")
        cmp.add("cohort.split.train_positions", split_train_validation(n, ratio, seed, size=size),
                r["train_sorted"] - 1)
        cmp.add("cohort.split.validation", s.validation, r["validation"])
    cmp.assert_ok()


@pytest.mark.r
def test_cohort_reads_the_same_in_r(r_bridge, parity_case):
    r_bridge.source("cohort.R")
    cmp = parity_case("cohort-read-vs-R-read.csv")
    X, y = load_cohort(COHORT, "cmvt")
    r = r_bridge.to_py(r_bridge.call("helper:read_cohort_r", str(COHORT)))
    assert list(r.columns) == ["cmvt", *PREDICTORS_26]
    cmp.add("cohort.split.y", y, r["cmvt"].to_numpy())
    cmp.add("cohort.split.X", X.to_numpy(), r[PREDICTORS_26].to_numpy(float))
    cmp.assert_ok()

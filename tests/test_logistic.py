"""lrm (rms::lrm(y ~ ., x=TRUE, y=TRUE)): live parity with rms and glm, errors, separation, properties."""
from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from cmvt_core import InputError, RWarning, lrm
from cmvt_core.logistic import lrm_fit

from _lrm_data import cohort as _cohort, mixed as _mixed, numeric as _numeric, rlog  # noqa: F401


FIXTURES = {
    "cohort-x1-x2": _cohort,
    "mixed-factors-strings": _mixed,
    "n319-p6": lambda: _numeric(319, 6, 11),
    "n2000-p4": lambda: _numeric(2000, 4, 12),
    "n80-p1": lambda: _numeric(80, 1, 13),
    "with-logical": lambda: (lambda d, y: (d.assign(diab=d["bmi"] > 26)[["age", "diab", "race"]], y))(*_mixed(250, 9)),
    "strings-only": lambda: (lambda d, y: (d[["race", "stage"]], y))(*_mixed(500, 3)),
}


def _with_y(df, y):
    d = df.copy()
    d["y"] = np.asarray(y)
    return d


@pytest.mark.r
@pytest.mark.parametrize("name", list(FIXTURES))
def test_lrm_matches_rms(rlog, parity_case, name):
    df, y = FIXTURES[name]()
    f = lrm(df, y)
    r = rlog.to_py(rlog.call("helper:lrm_summary", _with_y(df, y), "y"))
    cmp = parity_case(f"lrm-{name}")
    assert f.coef_names == [str(s) for s in r["coef_names"]]
    assert list(f.stats) == [str(s) for s in r["stat_names"]]
    cmp.add("lrm.coef", f.coef.to_numpy(), r["coef"])
    cmp.add("lrm.vcov", f.vcov.to_numpy(), r["var"])
    for k, v in zip(r["stat_names"], r["stats"]):
        cmp.add(f"lrm.stats.{k}", f.stats[str(k)], float(v))
    cmp.add("lrm.linear_predictors", f.linear_predictors, r["linear_predictors"])
    cmp.add("lrm.fitted", f.fitted, r["fitted"])
    cmp.add("lrm.fitted", f.predict(type="fitted"), r["fitted"])
    cmp.assert_ok()


@pytest.mark.r
@pytest.mark.parametrize("name", list(FIXTURES))
def test_summary_matches_glm(rlog, parity_case, name):
    df, y = FIXTURES[name]()
    s = lrm(df, y).summary()
    g = rlog.to_py(rlog.call("helper:glm_summary", _with_y(df, y), "y"))
    t = g["table"]
    cmp = parity_case(f"glm-summary-{name}")
    cmp.add("glm.summary.coef", s["coef"].to_numpy(), t[:, 0])
    cmp.add("glm.summary.se", s["se"].to_numpy(), t[:, 1])
    cmp.add("glm.summary.z", s["z"].to_numpy(), t[:, 2])
    cmp.add("glm.summary.p", s["p"].to_numpy(), t[:, 3])
    cmp.add("glm.summary.odds_ratio", s["odds_ratio"].to_numpy(), g["or"])
    cmp.add("glm.summary.or_lower", s["or_lower"].to_numpy(), g["ci"][:, 0])
    cmp.add("glm.summary.or_upper", s["or_upper"].to_numpy(), g["ci"][:, 1])
    cmp.assert_ok()
    assert list(s.columns) == ["coef", "se", "z", "p", "odds_ratio", "or_lower", "or_upper"]


@pytest.mark.r
def test_predict_newdata_matches_rms(rlog, parity_case):
    df, y = _mixed()
    new = df.iloc[[3, 10, 50, 77]].copy()
    new["age"] = [30.0, 55.5, 90.0, 61.0]
    new["race"] = ["asian", "white", "black", "black"]
    f = lrm(df, y)
    r = rlog.to_py(rlog.call("helper:lrm_predict_new", _with_y(df, y), "y", new))
    cmp = parity_case("lrm-predict-newdata")
    cmp.add("lrm.predict.lp", f.predict(new), r["lp"])
    cmp.add("lrm.predict.fitted", f.predict(new, type="fitted"), r["fitted"])
    cmp.assert_ok()


@pytest.mark.r
def test_singular_design_names_variable_like_rms(rlog):
    df, y = _numeric(150, 3, 21)
    df["x4"] = 2 * df["x1"] - df["x3"]
    rlog.messages.clear()
    r = rlog.to_py(rlog.call("helper:lrm_fit_raw", df.to_numpy(), y))
    assert list(r) == ["fail"]
    out = "".join(rlog.messages)
    with pytest.raises(InputError, match="x4"):
        lrm(df, y)
    assert "x[4]" in out  # rms names the same (4th) column as offending


def test_complete_separation_raises_naming_variable():
    rng = np.random.default_rng(5)
    df = pd.DataFrame({"a": rng.normal(size=100), "b": rng.normal(size=100)})
    y = (df.a > 0).astype(int)
    with pytest.raises(InputError, match="'a'"):
        lrm(df, y)


def test_quasi_separation_warns_naming_variable():
    rng = np.random.default_rng(5)
    x = rng.normal(size=(100, 3))
    y = (x[:, 0] > 0).astype(float)
    df = pd.DataFrame({"grp": np.where(x[:, 0] > 0, 1.0, 0.0), "u": x[:, 1], "v": x[:, 2]})
    df.loc[:4, "grp"] = 0.0
    y[:5] = 1.0
    with pytest.warns(RWarning, match="'grp'"):
        f = lrm(df, y)
    assert f.separation["quasi"] == ["grp"]


def test_no_warning_on_ordinary_data():
    df, y = _mixed()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        lrm(df, y)


@pytest.mark.parametrize("bad_y, match", [
    ([0, 1, 2] * 10, r"row 3 holds 2\b"),  # rows count from 1, as in R
    (["a", "b"] * 15, "row 1 holds 'a'"),
    ([0.0, 1.0, 0.5] * 10, r"row 3 holds 0\.5"),
])
def test_bad_y(bad_y, match):
    df = pd.DataFrame({"x": np.arange(30.0)})
    with pytest.raises(InputError, match=match):
        lrm(df, bad_y)


def test_bad_x_errors():
    df, y = _mixed(100)
    d = df.copy()
    d.loc[7, "bmi"] = np.nan
    with pytest.raises(InputError, match=r"'bmi'.*row 8 \(counting from 1; index label 7\)"):
        lrm(d, y)
    with pytest.raises(InputError, match="4 values but x has 100"):
        lrm(df, y[:4])
    with pytest.raises(InputError, match="only the value 0"):
        lrm(df, np.zeros(100))
    d = df.copy()
    d["stage"] = d["stage"].cat.add_categories(["IV"])
    with pytest.raises(InputError, match="'stage'.*IV"):
        lrm(d, y)
    d = df.copy()
    d["when"] = pd.Timestamp("2020-01-01")
    with pytest.raises(InputError, match="'when'"):
        lrm(d, y)
    f = lrm(df, y)
    new = df.head(3).copy()
    new["race"] = ["martian", "white", "white"]
    with pytest.raises(InputError, match="'race'.*martian"):
        f.predict(new)
    with pytest.raises(InputError, match="type"):
        f.predict(df, type="link")


def test_caller_data_untouched_and_array_names():
    df, y = _mixed(120)
    before = df.copy()
    lrm(df, y)
    pd.testing.assert_frame_equal(df, before)
    X = np.random.default_rng(1).normal(size=(50, 2))
    yy = (X[:, 0] + np.random.default_rng(2).normal(size=50) > 0).astype(int)
    Xc = X.copy()
    f = lrm(X, yy)
    assert f.coef_names == ["Intercept", "x1", "x2"]
    np.testing.assert_array_equal(X, Xc)
    d = f.to_dict()
    import json
    json.dumps(d)


# --- properties --------------------------------------------------------------------------
@settings(deadline=None, max_examples=25)
@given(seed=st.integers(0, 10_000), n=st.integers(40, 300), p=st.integers(1, 5))
def test_score_equations_hold_at_mle(seed, n, p):
    df, y = _numeric(n, p, seed)
    if y.min() == y.max():
        return
    X = df.to_numpy()
    f = lrm_fit(X, y, eps=1e-10, maxit=50)
    if f.fail:
        return
    Xd = np.column_stack([np.ones(n), X])
    U = Xd.T @ (y - 1 / (1 + np.exp(-Xd @ f.coef)))
    assert np.max(np.abs(U)) < 1e-6 * n
    # and the default rms fit's reported Max Deriv is that of its own final iterate
    g = lrm_fit(X, y)
    Ug = Xd.T @ (y - 1 / (1 + np.exp(-np.clip(Xd @ g.coef, -30, 30))))
    np.testing.assert_allclose(np.max(np.abs(Ug)), g.stats["Max Deriv"], rtol=1e-6, atol=1e-9)


@settings(deadline=None, max_examples=20)
@given(seed=st.integers(0, 10_000), perm_seed=st.integers(0, 1000))
def test_predictions_do_not_depend_on_column_order(seed, perm_seed):
    df, y = _mixed(150, seed)
    cols = list(df.columns)
    order = list(np.random.default_rng(perm_seed).permutation(cols))
    f1 = lrm(df, y)
    f2 = lrm(df[order], y)
    np.testing.assert_allclose(f1.fitted, f2.fitted, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(f1.coef[f2.coef.index].to_numpy(), f2.coef.to_numpy(), rtol=1e-7, atol=1e-10)

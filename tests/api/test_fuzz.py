"""Fuzzing every public function with hypothesis over data frames (issue 9).

Each test feeds generated frames/arrays — NaN, ±Inf, 1e308, huge and tiny numbers, one class,
values that are not 0/1, strings, few rows — and checks the contract:

* nothing escapes but ``cmvt_core.InputError`` (warnings allowed only as ``RWarning``; a
  numpy ``RuntimeWarning`` leaking out counts as a failure);
* the caller's data is never modified;
* where the call succeeds without an ``RWarning``, the outputs R gives as finite numbers are finite
  (AUC in [0, 1], coefficients, deviance ratios, net benefit below threshold 1, ...).

The whole module runs in well under a minute (examples are few for the bootstrap functions).
"""
from __future__ import annotations

import math
import os
import warnings

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.pandas import column, data_frames, range_indexes

from cmvt_core import (RRNG, InputError, RWarning, calibrate, confusion_metrics, cutoff_table, cv_glmnet,
                       decision_curve, glmnet, hoslem_test, lrm, net_benefit, nomogram, roc, roc_test, validate)
from cmvt_core.baseline import baseline_table
from cmvt_core.cohort import load_cohort
from cmvt_core.study import StudyConfig

# CMVT_FUZZ_SCALE=10 multiplies the examples for a deeper (slower) run
_SCALE = max(1, int(os.environ.get("CMVT_FUZZ_SCALE", "1")))
FAST = settings(deadline=None, max_examples=40 * _SCALE, suppress_health_check=list(HealthCheck), database=None)
SLOW = settings(deadline=None, max_examples=8 * _SCALE, suppress_health_check=list(HealthCheck), database=None)

# ---------------------------------------------------------------------------- strategies
nice = st.floats(-50, 50, allow_nan=False, allow_infinity=False)
nasty = st.one_of(nice, nice, nice, nice, nice, nice,
                  st.sampled_from([math.nan, math.inf, -math.inf, 1e308, -1e308, 5e-324, 0.0]))
y_good = st.sampled_from([0, 1])
y_any = st.one_of(y_good, y_good, y_good, y_good, y_good, st.sampled_from([2, -1, math.nan]))
prob = st.one_of(st.floats(0, 1), st.floats(0, 1), st.floats(0, 1),
                 st.sampled_from([math.nan, -0.1, 1.5, math.inf, 0.0, 1.0]))


def frames(min_rows=0, max_rows=40, elements=nasty, y_elements=y_any, ncol=(1, 4), dtype=float):
    @st.composite
    def build(draw):
        k = draw(st.integers(*ncol))
        cols = [column(f"v{j}", elements=elements, dtype=dtype) for j in range(k)]
        cols.append(column("y", elements=y_elements, dtype=dtype))
        df = draw(data_frames(cols, index=range_indexes(min_size=min_rows, max_size=max_rows)))
        return df
    return build()


def run(fn, *inputs):
    """Call fn; return (result or None, RWarnings).  Only InputError may be raised; only RWarning warned."""
    before = [x.copy(deep=True) if isinstance(x, (pd.DataFrame, pd.Series)) else
              (x.copy() if isinstance(x, np.ndarray) else None) for x in inputs]
    with warnings.catch_warnings(record=True) as rec:
        warnings.simplefilter("always")
        try:
            out = fn()
        except InputError as exc:
            assert str(exc), "an InputError without a message"
            out = None
    for x, b in zip(inputs, before):
        if isinstance(x, pd.DataFrame):
            pd.testing.assert_frame_equal(x, b)
        elif isinstance(x, pd.Series):
            pd.testing.assert_series_equal(x, b)
        elif isinstance(x, np.ndarray):
            np.testing.assert_array_equal(x, b)
    stray = [w for w in rec if not issubclass(w.category, RWarning)
             and not issubclass(w.category, (DeprecationWarning, PendingDeprecationWarning))]
    assert not stray, f"non-R warning(s) escaped: {[f'{w.category.__name__}: {w.message}' for w in stray]}"
    return out, [w for w in rec if issubclass(w.category, RWarning)]


def finite(*arrays):
    return all(np.all(np.isfinite(np.asarray(a, dtype=float))) for a in arrays)


# ---------------------------------------------------------------------------- model fitting
@FAST
@given(st.one_of(frames(), frames(min_rows=8, elements=nice, y_elements=y_good)))
def test_fuzz_lrm(df):
    x, y = df.drop(columns="y"), df["y"].to_numpy()
    fit, warned = run(lambda: lrm(x, y), df)
    if fit is not None and not warned:
        assert finite(fit.coef, fit.vcov, fit.linear_predictors)
        assert all(math.isfinite(v) for k, v in fit.stats.items() if k != "P")
        assert np.all((fit.fitted > 0) & (fit.fitted < 1))


@FAST
@given(frames(min_rows=12, elements=st.one_of(nice, st.integers(0, 3).map(float)), y_elements=y_good))
def test_fuzz_nomogram(df):
    x, y = df.drop(columns="y"), df["y"].to_numpy()
    fit, _ = run(lambda: lrm(x, y), df)
    assume(fit is not None)
    nom, warned = run(lambda: nomogram(fit), df)
    if nom is not None and not warned:
        for ax in nom.axes.values():
            assert finite(ax["points"])
        sc, _ = run(lambda: nom.score(x), df)
        if sc is not None:
            assert finite(sc["total_points"]) and np.all((sc["risk"] >= 0) & (sc["risk"] <= 1))


@FAST
@given(frames(max_rows=30))
def test_fuzz_glmnet(df):
    x, y = df.drop(columns="y"), df["y"].to_numpy()
    fit, warned = run(lambda: glmnet(x, y, nlambda=20), df)
    if fit is not None and not warned:
        assert finite(fit.lambda_, fit.a0, fit.beta, fit.dev_ratio)
        assert np.all((fit.dev_ratio >= -1e-9) & (fit.dev_ratio <= 1 + 1e-9))


@SLOW
@given(frames(min_rows=10, max_rows=40, elements=nice, y_elements=y_good, ncol=(2, 4)),
       st.integers(-(2**31), 2**31))
def test_fuzz_cv_glmnet(df, seed):
    x, y = df.drop(columns="y"), df["y"].to_numpy()
    cv, warned = run(lambda: cv_glmnet(x, y, nfolds=3, seed=seed, nlambda=15), df)
    if abs(seed) >= 2**31:
        assert cv is None  # outside R's integer range
    if cv is not None and not warned:
        assert finite(cv.cvm, cv.lambda_min, cv.lambda_1se)
        assert set(np.unique(cv.foldid)) <= {1, 2, 3}


# ---------------------------------------------------------------------------- discrimination, fit
@FAST
@given(frames(ncol=(1, 1), elements=nasty))
def test_fuzz_roc(df):
    y, p = df["y"].to_numpy(), df["v0"].to_numpy()
    r, warned = run(lambda: roc(y, p), df)
    if r is not None:
        assert 0 <= r.auc <= 1 and r.direction in ("<", ">")
        assert not np.isnan(r.thresholds).any() and finite(r.sensitivities, r.specificities)
        if r.cases.shape[0] >= 2 and r.controls.shape[0] >= 2:
            v, _ = run(r.var)
            assert v is not None and math.isfinite(v) and v >= 0
        best, _ = run(lambda: r.coords("best", best_method="youden"))
        assert best is not None and len(best) >= 1


@FAST
@given(frames(ncol=(2, 2), elements=nice, y_elements=y_good, min_rows=4))
def test_fuzz_roc_test(df):
    y = df["y"].to_numpy()
    r1, _ = run(lambda: roc(y, df["v0"].to_numpy()), df)
    r2, _ = run(lambda: roc(y, df["v1"].to_numpy()), df)
    assume(r1 is not None and r2 is not None)
    t, _ = run(lambda: roc_test(r1, r2, method="delong"), df)
    if t is not None:
        assert finite(t.estimate)
        assert math.isnan(t.p_value) or 0 <= t.p_value <= 1


@FAST
@given(frames(ncol=(1, 1), elements=prob), st.integers(-2, 15))
def test_fuzz_hoslem(df, g):
    y, p = df["y"].to_numpy(), df["v0"].to_numpy()
    h, warned = run(lambda: hoslem_test(y, p, g=g), df)
    if h is not None:
        assert g >= 2 and h.df == int((h.observed.sum(axis=1) > 0).sum()) - 2  # non-empty groups - 2
        assert finite(h.observed, h.expected)
        assert math.isnan(h.statistic) == math.isnan(h.p_value)
        if not math.isnan(h.p_value):
            assert 0 <= h.p_value <= 1


# ---------------------------------------------------------------------------- bootstrap functions
_base = np.random.default_rng(3)
_BX = pd.DataFrame({"a": _base.normal(size=60), "b": _base.normal(size=60)})
_BY = (_base.uniform(size=60) < 1 / (1 + np.exp(-_BX["a"].to_numpy()))).astype(int)
_BFIT = lrm(_BX, _BY)


@SLOW
@given(st.one_of(st.integers(-3, 6), st.sampled_from([0.5, "7", None, True, math.nan])),
       st.one_of(st.integers(-(2**31) - 2, 2**31 + 2), st.sampled_from(["x", math.inf, 1.5])))
def test_fuzz_calibrate_validate(B, seed):
    cal, _ = run(lambda: calibrate(_BFIT, B=B, seed=seed))
    if cal is not None:
        assert isinstance(B, int) and not isinstance(B, bool) and B >= 1
        assert finite(cal.mean_abs_error, cal.mean_sq_error, cal.quantile90_abs_error)
    val, _ = run(lambda: validate(_BFIT, B=B, seed=seed))
    if val is not None:
        assert finite(val.table.loc["Dxy", "index_orig"], val.table.loc["Dxy", "index_corrected"])
    assert (cal is None) == (val is None)


@SLOW
@given(frames(ncol=(1, 1), elements=prob, min_rows=2),
       st.one_of(st.none(), st.lists(st.floats(-0.5, 1.5), min_size=1, max_size=5)))
def test_fuzz_decision_curve(df, thresholds):
    d, warned = run(lambda: decision_curve(df, "y", ["v0"], fitted_risk=True, thresholds=thresholds,
                                           confidence_intervals=None), df)
    if d is not None:
        assert thresholds is None or all(0 <= t <= 1 for t in thresholds)
        dd = d.derived_data
        below1 = dd["thresholds"] < 1
        assert finite(dd.loc[below1, "NB"], dd.loc[below1, "TPR"], dd.loc[below1, "FPR"])


@FAST
@given(st.integers(0, 50), st.integers(0, 50), st.integers(-1, 120),
       st.one_of(st.floats(-0.5, 1.5), st.sampled_from([math.nan, math.inf])))
def test_fuzz_net_benefit(tp, fp, n, pt):
    v, _ = run(lambda: net_benefit(tp, fp, n, pt))
    if v is not None:
        assert 0 <= pt <= 1 and n > 0 and tp + fp <= n
        if pt < 1:
            assert math.isfinite(v) and v <= tp / n + 1e-12


@FAST
@given(frames(ncol=(1, 1), elements=st.one_of(y_any, nice)), st.one_of(st.none(), prob))
def test_fuzz_confusion_metrics(df, pt):
    y, f = df["y"].to_numpy(), df["v0"].to_numpy()
    m, _ = run(lambda: confusion_metrics(y, f, pt=pt), df)
    if m is not None:
        assert m.tp + m.fp + m.fn + m.tn == len(df)
        assert 0 <= m.accuracy <= 1
        if m.pt < 1:
            assert math.isfinite(m.net_benefit)


@FAST
@given(frames(ncol=(1, 1), elements=nasty), st.one_of(st.none(), prob))
def test_fuzz_cutoff_table(df, pt):
    y, s = df["y"].to_numpy(), df["v0"].to_numpy()
    t, _ = run(lambda: cutoff_table(s, y, pt=pt), df)
    if t is not None:
        assert (t["tp"] + t["fp"] + t["fn"] + t["tn"] == len(df)).all()
        assert np.all(np.diff(t["n_flagged"].to_numpy()) <= 0)  # ascending cut-offs flag fewer
        ok = t["pt"] < 1
        assert finite(t.loc[ok, "net_benefit"])
        assert t["best"].sum() <= 1


# ---------------------------------------------------------------------------- data handling
@FAST
@given(frames(elements=st.one_of(nasty, st.sampled_from(["1", "x", "", "2,5", None])), dtype=object))
def test_fuzz_load_cohort(df):
    out, _ = run(lambda: load_cohort(df, "y", min_events=1), df)
    if out is not None:
        X, y = out
        assert finite(X.to_numpy()) and set(np.unique(y)) <= {0, 1}
        assert list(X.columns) == [c for c in df.columns if c != "y"]


@FAST
@given(frames(min_rows=1, elements=st.one_of(nasty, nice)))
def test_fuzz_baseline_table(df):
    x, g = df.drop(columns="y"), df["y"].to_numpy()
    bt, warned = run(lambda: baseline_table(x, g), df)
    if bt is not None:
        p = bt.table["p_value"].to_numpy(dtype=float)
        p = p[~np.isnan(p)]
        assert np.all((p >= 0) & (p <= 1))


@FAST
@given(st.one_of(st.integers(-(2**33), 2**33), st.floats(allow_nan=True, allow_infinity=True),
                 st.text(max_size=5), st.none(), st.booleans()))
def test_fuzz_rrng(seed):
    r, _ = run(lambda: RRNG(seed))
    if r is not None:
        u = r.runif(5)
        assert np.all((u > 0) & (u < 1))
        s = r.sample(10)
        assert sorted(s.tolist()) == list(range(1, 11))


_cfg_values = st.one_of(st.integers(-(2**32), 2**32), st.floats(allow_nan=True), st.text(max_size=6), st.none(),
                        st.booleans(), st.lists(st.text(max_size=3), max_size=2))


@FAST
@given(st.dictionaries(st.sampled_from(["seed", "split_ratio", "lasso_type_measure", "lasso_nfolds", "alpha",
                                        "calibration_B", "hl_groups", "dca_thresholds_by", "dca_confidence",
                                        "predictors", "outcome", "lambda_rule", "keep_significant", "bogus"]),
                       _cfg_values, max_size=4))
def test_fuzz_study_config(d):
    cfg, _ = run(lambda: StudyConfig.from_dict(d))
    if cfg is not None:
        assert "bogus" not in d
        assert -(2**31) < cfg.seed < 2**31 and 0 < cfg.split_ratio < 1 and cfg.calibration_B >= 1

"""cmvt_core._validate: one set of argument checks, so the same bad input gets the same error everywhere
(issue 15), and the checks that came with it (bounds, CSV numbers as R's read.csv reads them)."""
from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pytest

from cmvt_core import (InputError, RWarning, calibrate, confusion_metrics, cutoff_table, cv_glmnet, glmnet,
                       hoslem_test, lrm, roc, validate)
from cmvt_core import _validate as V
from cmvt_core.calibration import external_calibration
from cmvt_core.cohort import _parse_number, load_cohort, numeric_column, read_csv

_g = np.random.default_rng(2)
N = 60
X = pd.DataFrame({"a": _g.normal(size=N), "b": _g.normal(size=N)})
Y = (_g.uniform(size=N) < 0.4).astype(int)
P = np.clip(0.3 + 0.4 * Y + _g.uniform(-0.2, 0.2, N), 0.01, 0.99)


def _msg(call) -> str:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RWarning)
        with pytest.raises(InputError) as ei:
            call()
    return str(ei.value)


# ------------------------------------------------------------------------------- one message everywhere
def _y_with(i, v):
    y = Y.astype(object).copy()
    y[i] = v
    return y


OUTCOME_USERS = {
    "lrm": lambda y: lrm(X, y),
    "glmnet": lambda y: glmnet(X, y),
    "cv_glmnet": lambda y: cv_glmnet(X, y, seed=1),
    "hoslem_test": lambda y: hoslem_test(y, P),
    "roc": lambda y: roc(y, P),
    "confusion_metrics": lambda y: confusion_metrics(y, (P > 0.5).astype(int)),
    "cutoff_table": lambda y: cutoff_table(np.arange(N, dtype=float), y),
    "external_calibration": lambda y: external_calibration(predicted=P, y=y),
}


@pytest.mark.parametrize("bad,expected", [
    (_y_with(4, 2), "y must be 0/1 (only 0 and 1); row 5 holds 2"),
    (np.where(np.arange(N) == 6, -1.0, Y.astype(float)), "y must be 0/1 (only 0 and 1); row 7 holds -1.0"),
    (np.where(np.arange(N) == 6, np.nan, Y.astype(float)), "y has a missing value at row 7 (NaN); it must be 0/1"),
    ([*Y[:3].tolist(), "1", *Y[4:].tolist()], "y must be 0/1 as numbers or booleans, not text; row 4 holds '1'"),
    (_y_with(2, math.nan), "y has a missing value at row 3 (NaN); it must be 0/1"),
    (_y_with(0, "yes"), "y must be 0/1 (only 0 and 1); row 1 holds 'yes'"),
    (np.array([str(v) for v in Y], dtype=object), "y must be 0/1 as numbers or booleans, not text; row 1 holds '"),
])
def test_the_same_bad_outcome_gives_the_same_message_everywhere(bad, expected):
    users = dict(OUTCOME_USERS)
    if expected.endswith("row 1 holds '"):
        # an all-text outcome with two values is a factor to pROC: roc() takes its two levels in sorted order
        # (control first), as pROC::roc(response, predictor) does; only the 0/1-only functions refuse it
        del users["roc"]
    msgs = {name: _msg(lambda: call(bad)) for name, call in users.items()}
    first = next(iter(msgs.values()))
    if expected is not None:
        assert first.startswith(expected), first
    assert all(m == first for m in msgs.values()), msgs


def test_roc_takes_a_two_valued_text_outcome_as_pROC():
    """pROC::roc(c("0", "1", ...), p): levels sorted, the first the controls: the same curve as the 0/1 outcome."""
    text = np.array([str(v) for v in Y], dtype=object)
    assert roc(text, P).auc == roc(Y, P).auc
    assert roc(np.where(Y == 1, "yes", "no"), P).auc == roc(Y, P).auc


def test_lengths_are_named_the_same_way():
    assert _msg(lambda: hoslem_test(Y, P[:-1])) == "fitted has 59 values but y has 60 values"
    assert _msg(lambda: roc(Y, P[:-1])) == "predictor has 59 values but y has 60 values"
    assert _msg(lambda: confusion_metrics(Y, Y[:-2])) == "y has 60 values but flagged has 58 values"
    assert _msg(lambda: cutoff_table(P[:-1], Y)) == "score has 59 values but y has 60 values"
    assert _msg(lambda: lrm(X, Y[:-1])) == "y has 59 values but x has 60 rows"
    # R's own message where R has one
    assert _msg(lambda: glmnet(X, Y[:-1])) == ("number of observations in y (59) not equal to the number of "
                                              "rows of x (60)")


def test_series_rows_name_their_index_label():
    y = pd.Series(_y_with(4, 2), index=np.arange(100, 100 + N))
    assert _msg(lambda: roc(y, P)) == "y must be 0/1 (only 0 and 1); row 5 (index label 104) holds 2"


# ------------------------------------------------------------------------------- the checks themselves
def test_number_whole_flag():
    assert V.number(0.5, "x", low=0, high=1) == 0.5 and V.number(np.float32(2), "x") == 2.0
    assert V.whole(40.0, "B", low=1) == 40 and V.whole(np.int64(3), "B") == 3
    assert V.flag(np.bool_(True), "f") is True and V.flag(None, "f", none_ok=True) is None
    assert V.number(None, "x", none_ok=True) is None and V.number(math.inf, "x", inf_ok=True) == math.inf
    for bad, msg in [(math.nan, "got x=nan"), (math.inf, "got x=inf"), ("1", "got x='1'"), (True, "got x=True"),
                     (None, "got x=None"), ([1.0], "got x=[1.0]"), (np.float64("nan"), "got x=nan")]:
        with pytest.raises(InputError, match=msg.replace("[", r"\[").replace("]", r"\]")):
            V.number(bad, "x")
    with pytest.raises(InputError, match=r"x must be a number in \[0, 1\); got x=1"):
        V.number(1, "x", low=0, high=1, high_open=True)
    with pytest.raises(InputError, match=r"B must be a whole number >= 1; got B=2\.5"):
        V.whole(2.5, "B", low=1)
    with pytest.raises(InputError, match=r"B must be at least 1; got B=0"):
        V.whole(0, "B", low=1)
    with pytest.raises(InputError, match=r"f must be True or False; got f=1"):
        V.flag(1, "f")


def test_float_vector():
    np.testing.assert_array_equal(V.float_vector([1, 2.5], "v"), [1.0, 2.5])
    np.testing.assert_array_equal(V.float_vector(pd.Series([1, None], dtype="Int64"), "v", nan_ok=True),
                                  [1.0, np.nan])
    with pytest.raises(InputError, match=r"v has a missing value at row 2 \(NaN\)"):
        V.float_vector([1.0, np.nan], "v")
    with pytest.raises(InputError, match=r"v has an infinite value at row 3 \(-inf\)"):
        V.float_vector([1.0, 2.0, -np.inf], "v")
    with pytest.raises(InputError, match=r"v must hold finite numbers; row 2 holds 'x'"):
        V.float_vector([1.0, "x"], "v")
    with pytest.raises(InputError, match=r"v must hold numbers in \[0, 1\]; row 1 holds 1\.5"):
        V.float_vector([1.5, 0.2], "v", low=0, high=1)
    with pytest.raises(InputError, match=r"v must be 1-D; got shape \(2, 2\)"):
        V.float_vector(np.ones((2, 2)), "v")
    with pytest.raises(InputError, match=r"not True/False"):
        V.float_vector(np.array([True, False]), "v")
    long = "x" * 1000
    msg = _msg(lambda: V.float_vector([1.0, long], "v"))
    assert len(msg) < 200 and "(1000 characters)" in msg


def test_import_cmvt_core_does_not_import_pandas_for_the_checks():
    import subprocess
    import sys

    code = ("import sys, cmvt_core; from cmvt_core import _validate, RRNG; RRNG(1).sample(5, 3, replace=False); "
            "print('pandas' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# ------------------------------------------------------------------------------- bounds (fail at once)
def test_bounds_fail_before_any_work():
    fit = lrm(X, Y)
    import time

    t0 = time.perf_counter()
    for call in (lambda: calibrate(fit, B=10**9, seed=1), lambda: validate(fit, B=10**6, seed=1),
                 lambda: cv_glmnet(X, Y, nfolds=10**9, seed=1), lambda: hoslem_test(Y, P, g=10**9),
                 lambda: glmnet(X, Y, nlambda=10**9), lambda: roc(Y, P).ci_auc(method="bootstrap", boot_n=10**9)):
        _msg(call)
    assert time.perf_counter() - t0 < 2.0


def test_bootstrap_rows_bound():
    with pytest.raises(InputError, match=r"B=100000 replicates of n=30000 rows are 3000000000 drawn rows"):
        V.replicates(100_000, "B", n=30_000)
    assert V.replicates(1000, "B", n=30_000) == 1000


def test_nfolds_against_the_data():
    assert _msg(lambda: cv_glmnet(X, Y, nfolds=2, seed=1)) == "nfolds must be bigger than 3; nfolds=10 recommended"
    assert "N = 60" in _msg(lambda: cv_glmnet(X, Y, nfolds=61, seed=1))
    cv = cv_glmnet(X.iloc[:30], Y[:30], nfolds=30, seed=1, grouped=False)  # leave-one-out: allowed
    assert cv.nfolds == 30


# ------------------------------------------------------------------------------- hoslem_test: what g the data allow
def test_hoslem_g_at_most_n_and_no_empty_group():
    y = np.r_[np.zeros(10), np.ones(10)].astype(int)
    p = np.linspace(0.05, 0.95, 20)
    h = hoslem_test(y, p, g=20)        # one observation per group: every group non-empty
    assert h.df == 18 and math.isfinite(h.statistic)
    with pytest.raises(InputError, match=r"g=21 groups for n=20 observations"):
        hoslem_test(y, p, g=21)
    # ties: ResourceSelection's unique() breaks collapse groups (R's warning, the test goes on) ...
    pt = np.repeat([0.1, 0.3, 0.5], [10, 5, 5])
    with pytest.warns(RWarning, match=r"did not allow for the requested number of bins \(3 of g=4\)"):
        assert math.isfinite(hoslem_test(y, pt, g=4).statistic)
    # ... but an empty interval makes R's X^2 0/0 = NaN: refused, with a g that works
    with pytest.raises(InputError, match=r"g=8: 1 of the 4 quantile groups .*use a smaller g \(g = 7 gives no empty"):
        hoslem_test(y, pt, g=8)


def test_hoslem_zero_expected_count_is_refused():
    y = np.r_[np.zeros(12), np.ones(8)].astype(int)
    p = np.r_[np.zeros(7), np.linspace(0.1, 0.9, 13)]  # the first third [0, 0.033] holds only the zeros
    with pytest.raises(InputError, match=r"group 1 .*expected count of 0 for y = 1.*NaN"):
        hoslem_test(y, p, g=3)


# ------------------------------------------------------------------------------- CSV numbers as R reads them
R_NUMBERS = {  # token -> what R 4.2's read.csv gives (None: the column is text)
    "12": 12.0, "-3.5": -3.5, "+5": 5.0, ".5": 0.5, "5.": 5.0, "1e3": 1000.0, "1E-2": 0.01, " 12": 12.0,
    "12 ": 12.0, "\t7": 7.0, "0x1A": 26.0, "0X1a": 26.0,
    "1_000": None, "\u0661\u0662\u0663": None, "\uff11\uff12\uff13": None, "\u0661.\u0665": None,
    "\uff11.\uff15": None, "1,5": None, "1.5.2": None, "1d3": None, "1 000": None, "\u00a012": None,
    "--1": None, "e3": None, "1L": None, "TRUE": None, "0x": None,
}


@pytest.mark.parametrize("token", list(R_NUMBERS))
def test_parse_number_as_r_read_csv(token):
    assert _parse_number(token) == R_NUMBERS[token]


@pytest.mark.r
def test_parse_number_matches_live_r_read_csv(r_bridge, tmp_path):
    """R's read.csv on a one-column file per token: numeric exactly where _parse_number gives a number."""
    for i, token in enumerate(R_NUMBERS):
        f = tmp_path / f"t{i}.csv"
        f.write_text('a,b\n"' + token + '",1\n2,1\n', encoding="utf-8")
        d = r_bridge.to_py(r_bridge.call("utils::read.csv", str(f), encoding="UTF-8"))
        col = d["a"]
        r_numeric = pd.api.types.is_numeric_dtype(col)
        ours = _parse_number(token)
        assert r_numeric == (ours is not None), token
        if r_numeric:
            assert float(col.iloc[0]) == ours


def test_read_csv_numeric_columns(tmp_path):
    f = tmp_path / "d.csv"
    f.write_text("score,y,note\n3,1,a\n0x10,0,b\n,1,c\n", encoding="utf-8")
    df = read_csv(f, numeric=["score", "y"])
    np.testing.assert_array_equal(df["score"].to_numpy(), [3.0, 16.0, np.nan])
    assert df["note"].tolist() == ["a", "b", "c"] and df.attrs["source"] == str(f)
    f.write_text("score,y\n3,1\n1_0,0\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"column 'score': non-numeric value '1_0' in data row 2 \(line 3 of the "
                                         r"file\) \(an underscore"):
        read_csv(f, numeric=["score"])
    with pytest.raises(InputError, match=r"column 'risk' not found; columns are \['score', 'y'\]"):
        numeric_column(read_csv(f), "risk")


def test_oversized_cell_and_duplicated_header(tmp_path):
    f = tmp_path / "d.csv"
    f.write_text("a,b,y\n1,2,0\n3," + "4" * 200_000 + ",1\n", encoding="utf-8")
    msg = _msg(lambda: load_cohort(f, "y", min_events=1))
    assert "line 3 cannot be read as CSV" in msg and len(msg) < 400
    f.write_text("a,b,a\n1,2,3\n", encoding="utf-8")
    assert "duplicated column name(s) ['a']" in _msg(lambda: read_csv(f))


# ------------------------------------------------------------------------------ one door for every function
def _outcome_calls():
    """Every public function that takes a 0/1 outcome, called with the same bad outcome ``yy``."""
    import pandas as pd
    from cmvt_core import (confusion_metrics, cutoff_table, cv_glmnet, decision_curve, glmnet, hoslem_test, lrm,
                           roc)
    from cmvt_core.calibration import external_calibration
    rng = np.random.default_rng(1)
    X = rng.normal(size=(8, 2))
    p = np.linspace(0.1, 0.9, 8)
    return {
        "glmnet": lambda yy: glmnet(X, yy),
        "cv_glmnet": lambda yy: cv_glmnet(X, yy, nfolds=3),
        "lrm": lambda yy: lrm(X, yy),
        "roc": lambda yy: roc(yy, p),
        "hoslem_test": lambda yy: hoslem_test(yy, p),
        "external_calibration": lambda yy: external_calibration(y=yy, predicted=p),
        "confusion_metrics": lambda yy: confusion_metrics(yy, [0, 1] * 4),
        "cutoff_table": lambda yy: cutoff_table(p, yy),
        "decision_curve": lambda yy: decision_curve(pd.DataFrame({"y": yy, "r": p}), "y", ["r"], fitted_risk=True,
                                                    confidence_intervals=None),
    }


@pytest.mark.parametrize("bad,tail", [
    ([0, 1, 2, 1, 0, 1, 0, 1], "must be 0/1 (only 0 and 1); row 3 holds 2"),
    ([0, 1, 0.5, 1, 0, 1, 0, 1], "must be 0/1 (only 0 and 1); row 3 holds 0.5"),
    ([0, 1, -1, 1, 0, 1, 0, 1], "must be 0/1 (only 0 and 1); row 3 holds -1"),
    (["0", "1", "yes", "1", "0", "1", "0", "1"], "must be 0/1 (only 0 and 1); row 3 holds 'yes'"),
])
def test_the_same_bad_outcome_gets_the_same_error_everywhere(bad, tail):
    """Issue 16: one 0/1-outcome check (``_validate.outcome01``) behind every public function, so the same
    bad outcome gets the same message, naming the same row and value, whichever function meets it."""
    seen = {}
    calls = _outcome_calls()
    if all(isinstance(v, str) for v in bad):
        # text is a factor to pROC: roc() takes its first two levels with pROC's warning (tested in test_roc_full)
        del calls["roc"]
    for name, call in calls.items():
        with pytest.raises(InputError) as exc:
            call(bad)
        seen[name] = str(exc.value)
    assert all(m.endswith(tail) for m in seen.values()), seen
    assert {m[: -len(tail)] for m in seen.values()} <= {"y ", "outcome column 'y' "}, seen

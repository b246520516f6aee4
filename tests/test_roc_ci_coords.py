"""Roc.ci_coords / ci_se / ci_sp against live pROC 1.18.0 (issue 18).

Every R value comes from ``parity/r/roc_ci_coords.R`` through the bridge on the same data:
``roc_ci_coords`` = ``r <- roc(y, p, direction); set.seed(s); ci.coords(r, x, input, ret, best.method,
best.policy, conf.level, boot.n, boot.stratified)``, ``roc_ci_sesp`` = ``set.seed(s); ci.se(r, sp, ...)`` or
``ci.sp(r, se, ...)``.  Where pROC stops (a tie for "best" under best.policy = "stop", its failing "omit", a
replicate without a case or a control), the R side returns the error and ours must raise InputError.
The fixture data are generated here (numpy, fixed seeds) and passed to R as data.
"""
from __future__ import annotations

import warnings

import numpy as np
import pytest

from cmvt_core import InputError, RWarning, roc

pytestmark = pytest.mark.r

ALL_RET = ["threshold", "specificity", "sensitivity", "accuracy", "tn", "tp", "fn", "fp", "npv", "ppv", "fdr",
           "fpr", "tpr", "tnr", "fnr", "1-specificity", "1-sensitivity", "1-accuracy", "1-npv", "1-ppv",
           "precision", "recall", "youden", "closest.topleft"]


def _gen(seed):
    return np.random.default_rng(seed)


def _rounded():
    # 200 observations rounded to 0.1: many ties, so replicates often tie for the best threshold
    g = _gen(1)
    y = (g.random(200) < 0.35).astype(int)
    return y, np.round(g.normal(size=200) + 0.9 * y, 1)


def _continuous():
    g = _gen(21)
    y = (g.random(300) < 0.3).astype(int)
    return y, g.normal(size=300) + 0.8 * y


def _heavy_ties_small():
    # 40 observations on 5 score values
    g = _gen(2)
    y = (g.random(40) < 0.4).astype(int)
    return y, np.clip(np.round(g.normal(2.5, 1.2, 40) + 0.6 * y), 0, 4)


def _direction_gt():
    # cases score lower: pROC's medians give ">"
    g = _gen(4)
    y = (g.random(180) < 0.5).astype(int)
    return y, np.round(g.normal(size=180) - 1.1 * y, 2)


def _two_cases():
    # ten observations, two cases: about one non-stratified replicate in nine has no case
    y = np.array([0, 1, 0, 0, 0, 0, 1, 0, 0, 0])
    return y, np.array([0.1, 0.8, 0.3, 0.35, 0.2, 0.6, 0.4, 0.7, 0.05, 0.5])


def _two_controls():
    y = np.array([1, 0, 1, 1, 1, 1, 0, 1, 1, 1])
    return y, np.array([0.1, 0.8, 0.3, 0.35, 0.2, 0.6, 0.4, 0.7, 0.05, 0.5])


def _near_ties():
    # adjacent doubles: a midpoint rounds onto a data value (pROC's threshold fix, both directions)
    one_up = np.nextafter(1.0, 2.0)
    y = np.tile([0, 0, 1, 0, 1, 1, 0, 1], 3)
    return y, np.tile([1.0, 0.5, one_up, one_up, 2.0, np.nextafter(2.0, 3.0), 2.0, 0.25], 3)


def _huge_values():
    # |midpoint| > 1e100 uses a/2 + b/2
    y = np.tile([0, 1, 0, 1, 0, 1, 1, 0], 3)
    return y, np.tile([-1.7e308, 1.5e308, 1e200, 1.7e308, -3.0, 0.0, 1e101, -1e150], 3)


FIXTURES = {"rounded": _rounded, "continuous": _continuous, "heavy-ties-small": _heavy_ties_small,
            "direction-gt": _direction_gt, "two-cases": _two_cases, "two-controls": _two_controls,
            "near-ties": _near_ties, "huge-values": _huge_values}


@pytest.fixture(scope="module")
def R(r_bridge):
    r_bridge.library("pROC")
    r_bridge.source("roc_ci_coords.R")
    return r_bridge


def _r_error(rr):
    e = rr.get("error")
    return None if e is None else str(np.atleast_1d(e)[0])


def _r_warnings(rr):
    w = rr.get("warnings")
    return [] if w is None else [str(t) for t in np.atleast_1d(w)]


def _warn_texts(record):
    return [str(w.message) for w in record if issubclass(w.category, RWarning)]


def _r_matrices(rr, k):
    ci = rr["ci"]
    mats = list(ci.values()) if isinstance(ci, dict) else list(ci)
    assert len(mats) == k
    return [np.asarray(m, dtype=float).reshape(-1, 3) if np.ndim(m) < 2 else np.asarray(m, dtype=float)
            for m in mats]


def _run_coords(R, name, *, direction="auto", x="best", input="threshold", ret=("threshold", "specificity",
                "sensitivity"), best_method="youden", best_policy="stop", conf_level=0.95, boot_n=300,
                stratified=True, seed=1):
    y, p = FIXTURES[name]()
    xr = x if isinstance(x, str) else np.asarray(x, dtype=float)
    rr = R.call_py("helper:roc_ci_coords", y, p, direction, xr, input, list(ret), best_method, best_policy,
                   conf_level, boot_n, stratified, seed)
    with warnings.catch_warnings(record=True) as rec:
        warnings.simplefilter("always")
        try:
            ours = roc(y, p, direction=direction).ci_coords(
                x, input=input, ret=list(ret), best_method=best_method, best_policy=best_policy,
                conf_level=conf_level, boot_n=boot_n, boot_stratified=stratified, seed=seed)
        except InputError as exc:
            ours = exc
    return rr, ours, _warn_texts(rec)


def _assert_same(rr, ours, ret, x, parity_case, case, our_warn=()):
    assert _r_error(rr) is None, _r_error(rr)
    assert not isinstance(ours, Exception), ours
    nx = 1 if isinstance(x, str) else len(np.atleast_1d(x))
    assert list(ours.columns) == ["x", "ret", "lower", "median", "upper"]
    assert list(ours["ret"]) == [r for r in ret for _ in range(nx)]
    exp_x = ["best"] if isinstance(x, str) else [float(v) for v in np.atleast_1d(x)]
    assert list(ours["x"]) == exp_x * len(ret)
    cmp = parity_case(case)
    for nm, rm in zip(ret, _r_matrices(rr, len(ret))):
        om = ours[ours["ret"] == nm][["lower", "median", "upper"]].to_numpy()
        assert rm.shape == om.shape == (nx, 3)
        cmp.add(f"pROC.ci_coords.{nm}", om, rm)
    cmp.assert_ok()
    r_warn = [w for w in _r_warnings(rr) if "NA value" in w or "NA values only" in w]
    assert [w for w in our_warn if "NA value" in w or "NA values only" in w] == r_warn


# ------------------------------------------------------------------ x = "best"
BEST_CASES = [
    # name, direction, best_method, best_policy, conf_level, stratified, seed
    ("continuous", "auto", "youden", "stop", 0.95, True, 1),
    ("continuous", "auto", "youden", "stop", 0.9, True, 2),
    ("continuous", "auto", "youden", "random", 0.9, False, 2),
    ("rounded", "auto", "youden", "random", 0.95, True, 1),
    ("rounded", "auto", "youden", "random", 0.95, False, 1),  # ties: best_policy="stop" raises here
    ("rounded", "auto", "closest.topleft", "random", 0.9, True, 3),
    ("heavy-ties-small", "auto", "youden", "random", 0.95, True, 7),
    ("heavy-ties-small", "auto", "closest.topleft", "random", 0.9, False, 8),
    ("direction-gt", "auto", "youden", "random", 0.95, True, 4),
    ("direction-gt", ">", "closest.topleft", "random", 0.95, False, 5),
    ("near-ties", "<", "youden", "random", 0.95, True, 2),
    ("near-ties", ">", "youden", "random", 0.95, False, 2),
    ("huge-values", "<", "youden", "random", 0.95, True, 2),
    ("huge-values", ">", "closest.topleft", "random", 0.9, True, 3),
    ("two-cases", "auto", "youden", "random", 0.95, False, 5),  # replicates without a case: NA rows
]


@pytest.mark.parametrize("name,direction,method,policy,conf,stratified,seed", BEST_CASES)
def test_best_matches_proc(name, direction, method, policy, conf, stratified, seed, R, parity_case):
    ret = ("threshold", "specificity", "sensitivity", "youden", "closest.topleft", "accuracy", "ppv", "npv")
    rr, ours, w = _run_coords(R, name, direction=direction, ret=ret, best_method=method, best_policy=policy,
                              conf_level=conf, stratified=stratified, seed=seed)
    _assert_same(rr, ours, ret, "best", parity_case, f"ci-coords-best-{name}-{seed}", our_warn=w)
    if name == "two-cases":
        assert any("NA value(s) produced during bootstrap were ignored." in t for t in w)


# ------------------------------------------------------------------ numeric x
THR = [-np.inf, -0.5, 0.0, 0.3, 0.35, 1.05, np.inf]


@pytest.mark.parametrize("name,direction,stratified,seed,conf", [
    ("rounded", "auto", True, 1, 0.95), ("rounded", "auto", False, 11, 0.9),
    ("direction-gt", "auto", True, 3, 0.95), ("direction-gt", ">", False, 4, 0.9),
    ("heavy-ties-small", "auto", False, 5, 0.95), ("two-cases", "auto", False, 5, 0.95),
])
def test_thresholds_every_ret(name, direction, stratified, seed, conf, R, parity_case):
    x = THR if name != "heavy-ties-small" else [0.5, 1.0, 2.5, 3.0, 4.0]
    if name == "two-cases":
        x = [0.45, 0.9, 0.05]
    rr, ours, w = _run_coords(R, name, direction=direction, x=x, ret=ALL_RET, conf_level=conf,
                              stratified=stratified, seed=seed)
    _assert_same(rr, ours, ALL_RET, x, parity_case, f"ci-coords-thr-{name}-{seed}", our_warn=w)


@pytest.mark.parametrize("input_", ["specificity", "sensitivity"])
@pytest.mark.parametrize("name,direction,stratified,seed,conf", [
    ("rounded", "auto", True, 1, 0.95), ("rounded", "auto", False, 12, 0.9),
    ("direction-gt", ">", True, 3, 0.95), ("heavy-ties-small", "auto", True, 6, 0.9),
    ("continuous", "auto", False, 9, 0.95),
])
def test_specificities_and_sensitivities(input_, name, direction, stratified, seed, conf, R, parity_case):
    x = [0.0, 0.1, 0.3, 1 / 3, 0.5, 0.6, 0.7, 0.95, 1.0]
    ret = ["specificity", "sensitivity", "accuracy", "tp", "fp", "npv", "ppv", "youden"]
    rr, ours, w = _run_coords(R, name, direction=direction, x=x, input=input_, ret=ret, conf_level=conf,
                              stratified=stratified, seed=seed)
    _assert_same(rr, ours, ret, x, parity_case, f"ci-coords-{input_}-{name}-{seed}", our_warn=w)


def test_specificities_with_replicates_without_a_case(R, parity_case):
    # without a case every sensitivity (and ppv) of the replicate is NaN: all-NA rows, counted in the warning
    rr, ours, w = _run_coords(R, "two-cases", x=[0.5, 0.2], input="specificity", ret=("sensitivity", "ppv"),
                              stratified=False, seed=5, boot_n=500)
    _assert_same(rr, ours, ("sensitivity", "ppv"), [0.5, 0.2], parity_case, "ci-coords-sp-nocase", our_warn=w)
    assert "38 NA value(s) produced during bootstrap were ignored." in w


def test_default_ret_follows_input(R, parity_case):
    y, p = _rounded()
    rr = R.call_py("helper:roc_ci_coords_default_ret", y, p, "auto", np.array([0.8, 0.9]), "specificity", 0.95,
                   200, True, 3)
    ours = roc(y, p).ci_coords([0.8, 0.9], input="specificity", boot_n=200, seed=3)
    assert list(rr["ret"]) == ["specificity", "sensitivity"]
    _assert_same(rr, ours, ("specificity", "sensitivity"), [0.8, 0.9], parity_case, "ci-coords-default-ret")


# ------------------------------------------------------------------ where pROC stops
@pytest.mark.parametrize("kw", [
    dict(name="rounded", best_policy="stop", seed=1, stratified=False),    # a tie for the best threshold
    dict(name="continuous", best_policy="stop", seed=2, stratified=False),
    dict(name="heavy-ties-small", best_policy="stop", seed=1, stratified=False),
    dict(name="heavy-ties-small", best_policy="omit", seed=1),             # pROC 1.18.0's omit fails
    dict(name="two-cases", x=[0.5], input="sensitivity", ret=("specificity",), stratified=False, seed=5),
    dict(name="two-controls", x=[0.45], ret=("sensitivity",), stratified=False, seed=5),
    dict(name="two-controls", best_policy="random", stratified=False, seed=5),
])
def test_errors_where_proc_stops(kw, R):
    kw = dict(kw)
    name = kw.pop("name")
    rr, ours, _ = _run_coords(R, name, **kw)
    err = _r_error(rr)
    assert err is not None
    assert isinstance(ours, InputError), ours
    expected = {'More than one "best" threshold was found': 'more than one "best" threshold',
                "Results must have the same number of dimensions.": "Results must have the same number of dimensions.",
                "missing value where TRUE/FALSE needed": "missing value where TRUE/FALSE needed"}
    hits = [ours_text for r_text, ours_text in expected.items() if r_text in err]
    assert len(hits) == 1, err
    assert hits[0] in str(ours)


# ------------------------------------------------------------------ ci.se / ci.sp
@pytest.mark.parametrize("what", ["se", "sp"])
@pytest.mark.parametrize("name,direction,values,stratified,seed,conf", [
    ("rounded", "auto", None, True, 1, 0.95),
    ("rounded", "auto", [0.12, 0.5, 0.77, 1.0], False, 2, 0.9),
    ("direction-gt", "auto", None, False, 3, 0.9),
    ("direction-gt", ">", [0.0, 0.25, 0.5], True, 4, 0.95),
    ("heavy-ties-small", "auto", None, True, 5, 0.95),
    ("continuous", "auto", [0.8, 0.9, 0.95], True, 6, 0.95),
])
def test_ci_se_sp_match_proc(what, name, direction, values, stratified, seed, conf, R, parity_case):
    y, p = FIXTURES[name]()
    rr = R.call_py("helper:roc_ci_sesp", y, p, direction, what, None if values is None else np.asarray(values, float),
                   conf, 300, stratified, seed)
    assert _r_error(rr) is None, _r_error(rr)
    r = roc(y, p, direction=direction)
    fn = r.ci_se if what == "se" else r.ci_sp
    with warnings.catch_warnings(record=True) as rec:
        warnings.simplefilter("always")
        ours = fn(values, conf_level=conf, boot_n=300, boot_stratified=stratified, seed=seed)
    assert list(ours.columns) == ["value", "lower", "median", "upper"]
    rv = np.asarray(rr["values"], dtype=float)
    cmp = parity_case(f"ci-{what}-{name}-{seed}")
    cmp.add(f"pROC.ci_{what}.value", ours["value"].to_numpy(), rv)  # pROC's seq(0, 1, 0.1) when None
    rm = np.asarray(rr["ci"], dtype=float).reshape(rv.shape[0], 3) if np.ndim(rr["ci"]) < 2 else \
        np.asarray(rr["ci"], dtype=float)
    cmp.add(f"pROC.ci_{what}.ci", ours[["lower", "median", "upper"]].to_numpy(), rm)
    cmp.assert_ok()
    r_na = any("NA value" in t for t in _r_warnings(rr))
    assert r_na == any("NA value" in t for t in _warn_texts(rec))


def test_ci_se_drops_replicates_with_an_na_as_proc(R, parity_case):
    y, p = _two_cases()
    rr = R.call_py("helper:roc_ci_sesp", y, p, "auto", "se", None, 0.95, 500, False, 5)
    with pytest.warns(RWarning, match="NA value"):
        ours = roc(y, p).ci_se(boot_n=500, boot_stratified=False, seed=5)
    cmp = parity_case("ci-se-nocase")
    cmp.add("pROC.ci_se.ci", ours[["lower", "median", "upper"]].to_numpy(), np.asarray(rr["ci"], dtype=float))
    cmp.assert_ok()
    assert any("NA value" in t for t in _r_warnings(rr))


def test_ci_sp_stops_where_proc_stops(R):
    y, p = _two_cases()
    rr = R.call_py("helper:roc_ci_sesp", y, p, "auto", "sp", None, 0.95, 500, False, 5)
    assert "missing value where TRUE/FALSE needed" in _r_error(rr)
    with pytest.raises(InputError, match="no case"):
        roc(y, p).ci_sp(boot_n=500, boot_stratified=False, seed=5)


# ------------------------------------------------------------------ bad input
def _r():
    y, p = _rounded()
    return roc(y, p)


@pytest.mark.parametrize("call,word", [
    (lambda r: r.ci_coords(0.5, boot_n=0, seed=1), "boot_n"),
    (lambda r: r.ci_coords(0.5, boot_n=2.5, seed=1), "boot_n"),
    (lambda r: r.ci_coords(0.5, conf_level=1.0, seed=1), "conf_level"),
    (lambda r: r.ci_coords(0.5, conf_level=0.0, seed=1), "conf_level"),
    (lambda r: r.ci_coords(0.5, conf_level=1.5, seed=1), "conf_level"),
    (lambda r: r.ci_coords(0.5, ret=["sensitivity", "specifity"], seed=1), "ret"),
    (lambda r: r.ci_coords(0.5, ret=["1-s"], seed=1), "ret"),
    (lambda r: r.ci_coords(0.5, ret=[], seed=1), "ret"),
    (lambda r: r.ci_coords(0.5, input="specificity", ret=["threshold"], seed=1), "threshold"),
    (lambda r: r.ci_coords(1.2, input="specificity", ret=["sensitivity"], seed=1), "x"),
    (lambda r: r.ci_coords([0.5, -0.1], input="sensitivity", ret=["specificity"], seed=1), "x"),
    (lambda r: r.ci_coords([0.5, np.nan], seed=1), "x"),
    (lambda r: r.ci_coords([], seed=1), "x"),
    (lambda r: r.ci_coords("all", seed=1), "all"),
    (lambda r: r.ci_coords("worst", seed=1), "x"),
    (lambda r: r.ci_coords(0.5, input="fpr", seed=1), "input"),
    (lambda r: r.ci_coords("best", best_policy="ignore", seed=1), "best_policy"),
    (lambda r: r.ci_coords("best", best_method="median", seed=1), "best_method"),
    (lambda r: r.ci_coords(0.5, boot_stratified="yes", seed=1), "boot_stratified"),
    (lambda r: r.ci_se([0.5, 1.5], seed=1), "specificities"),
    (lambda r: r.ci_se(-0.2, seed=1), "specificities"),
    (lambda r: r.ci_sp([0.5, 2], seed=1), "sensitivities"),
    (lambda r: r.ci_se([0.5], boot_n=-1, seed=1), "boot_n"),
    (lambda r: r.ci_sp([0.5], conf_level=1.1, seed=1), "conf_level"),
])
def test_bad_input_one_line_error_naming_the_argument(call, word):
    with pytest.raises(InputError) as ei:
        call(_r())
    msg = str(ei.value)
    assert word in msg and "\n" not in msg


def test_stratified_needs_two_of_each():
    y = np.array([0, 0, 0, 1, 0, 0])
    p = np.array([0.1, 0.2, 0.3, 0.9, 0.4, 0.5])
    with pytest.raises(InputError, match="at least 2 cases"):
        roc(y, p).ci_coords("best", boot_n=10, seed=1)


def test_ret_aliases_and_prefixes_as_proc():
    r = _r()
    a = r.ci_coords(0.3, ret=["t", "spec", "sens", "topleft"], boot_n=50, seed=4)
    b = r.ci_coords(0.3, ret=["threshold", "specificity", "sensitivity", "closest.topleft"], boot_n=50, seed=4)
    assert list(a["ret"]) == list(b["ret"])
    np.testing.assert_array_equal(a[["lower", "median", "upper"]].to_numpy(), b[["lower", "median", "upper"]].to_numpy())


# ------------------------------------------------------------------ x = "best" on a partial-AUC curve (issue 21)
# pROC's ci.coords keeps the curve's auc (and its partial.auc attributes) on every replicate, so coords.roc's
# "best" is the best point among the replicate's points inside the interval.  ret = (threshold, specificity,
# sensitivity, youden) keeps coords.roc's own criterion column, with pROC 1.18.0's double indexing.
PARTIAL_BEST = [
    # name, direction, partial_auc, focus, percent, ret, best_method, best_policy, stratified, seed
    ("continuous", "auto", (1, 0.8), "specificity", False, "own", "youden", "stop", True, 1),
    ("continuous", "auto", (0.9, 0.6), "sensitivity", False, "all", "closest.topleft", "random", False, 2),
    ("continuous", "auto", (0.9, 0.6), "sensitivity", False, "own", "youden", "stop", False, 2),  # pROC: tie, stops
    ("rounded", "auto", (1, 0.7), "specificity", False, "all", "youden", "random", True, 3),
    ("rounded", "auto", (0.95, 0.5), "sensitivity", False, "own", "closest.topleft", "random", False, 4),
    ("direction-gt", ">", (0.9, 0.5), "specificity", False, "own", "youden", "random", False, 5),
    ("heavy-ties-small", "auto", (1, 0.4), "specificity", False, "all", "youden", "random", True, 6),
    ("continuous", "auto", (1, 0.8), "specificity", True, "all", "youden", "stop", True, 7),
]
_RET_SETS = {"own": None, "all": ("threshold", "specificity", "sensitivity", "youden", "closest.topleft", "accuracy",
                                  "npv", "1-ppv")}


@pytest.mark.parametrize("name,direction,pa,focus,percent,rets,method,policy,stratified,seed", PARTIAL_BEST)
def test_best_on_partial_auc_curve_matches_proc(name, direction, pa, focus, percent, rets, method, policy,
                                                stratified, seed, R, parity_case):
    y, p = FIXTURES[name]()
    ret = _RET_SETS[rets] or ("threshold", "specificity", "sensitivity", method)
    pa_r = tuple(100 * v for v in pa) if percent else pa
    rr = R.call_py("helper:roc_ci_coords_partial", y, p, direction, np.asarray(pa_r, dtype=float), focus, percent,
                   list(ret), method, policy, 0.95, 60, stratified, seed)
    r = roc(y, p, direction=direction, partial_auc=pa_r, partial_auc_focus=focus, percent=percent)
    with warnings.catch_warnings(record=True) as rec:
        warnings.simplefilter("always")
        try:
            ours = r.ci_coords("best", ret=list(ret), best_method=method, best_policy=policy, boot_n=60,
                               boot_stratified=stratified, seed=seed)
        except InputError as exc:
            ours = exc
    if _r_error(rr) is not None:  # pROC stops (percent: fractions never inside the percent interval)
        assert isinstance(ours, InputError), _r_error(rr)
        return
    _assert_same(rr, ours, ret, "best", parity_case, f"ci-coords-best-partial-{name}-{seed}",
                 our_warn=_warn_texts(rec))

"""roc / roc_test against live pROC 1.18.0 (docs/R_ALGORITHMS.md section 6; issue 5).

Every R value comes from ``parity/r/roc.R`` called through the bridge on the same data:
``roc_fit`` = ``roc(y, p, direction); var(r); ci.auc(r); coords(r, "best", ...)``,
``roc_ci_boot`` = ``set.seed(s); ci.auc(r, method="bootstrap", boot.n, boot.stratified)``,
``roc_test_paired`` / ``roc_test_unpaired`` = ``roc.test(r1, r2, method="delong")``.
The fixture data are generated here (numpy, fixed seeds) and passed to R as data.
"""
from __future__ import annotations

import warnings

import numpy as np
import pytest

from cmvt_core import RWarning, roc, roc_test

pytestmark = pytest.mark.r


def _gen(seed):
    return np.random.default_rng(seed)


def _continuous():
    g = _gen(1)
    y = (g.random(250) < 0.35).astype(int)
    return y, g.normal(size=250) + 0.9 * y


def _heavy_ties():
    # 400 observations on 5 score values (a Likert-type score): every threshold is a tie group
    g = _gen(2)
    y = (g.random(400) < 0.4).astype(int)
    return y, np.clip(np.round(g.normal(2.5, 1.2, 400) + 0.6 * y), 0, 4).astype(float)


def _integer_scores():
    g = _gen(3)
    y = g.random(300) < 0.25  # bool outcome
    return y, g.integers(0, 21, 300) + 3 * y.astype(int)  # int64 predictor (an R integer vector)


def _direction_gt():
    # cases score lower: pROC's medians give ">"
    g = _gen(4)
    y = (g.random(180) < 0.5).astype(int)
    return y, np.round(g.normal(size=180) - 1.1 * y, 2)


def _medians_disagree():
    # median(controls) <= median(cases) but the cases' mass is low: "<" with AUC < 0.5
    y = np.array([0] * 7 + [1] * 5)
    p = np.array([1.0, 2, 3, 4, 5, 6, 7, -10, -9, 4.5, 5, 5.2])
    return y, p


def _two_cases():
    # ten observations, two cases: about one non-stratified replicate in nine has no case (pROC drops its NA)
    y = np.array([0, 1, 0, 0, 0, 0, 1, 0, 0, 0])
    return y, np.array([0.1, 0.8, 0.3, 0.35, 0.2, 0.6, 0.4, 0.7, 0.05, 0.5])


def _perfect():
    g = _gen(5)
    y = np.array([0] * 40 + [1] * 25)
    return y, np.concatenate([g.random(40), 1 + g.random(25)])


def _one_case():
    g = _gen(6)
    y = np.array([0] * 30 + [1])
    return y, np.round(g.random(31), 2)


def _one_control():
    g = _gen(7)
    y = np.array([1] * 30 + [0])
    return y, np.round(g.random(31), 2)


def _probabilities_with_na():
    g = _gen(8)
    y = (g.random(220) < 0.3).astype(int)
    p = np.round(1 / (1 + np.exp(-(g.normal(size=220) + y))), 2)
    p[[3, 50, 51, 199]] = np.nan
    return y, p


def _near_ties():
    # adjacent doubles: the midpoint of 1 and nextafter(1) rounds onto 1 (pROC's threshold fix)
    one_up = np.nextafter(1.0, 2.0)
    y = np.array([0, 0, 1, 0, 1, 1, 0, 1])
    p = np.array([1.0, 0.5, one_up, one_up, 2.0, np.nextafter(2.0, 3.0), 2.0, 0.25])
    return y, p


def _huge_values():
    # |midpoint| > 1e100 uses a/2 + b/2 (the plain sum of the two largest would overflow)
    y = np.array([0, 1, 0, 1, 0, 1, 1, 0])
    p = np.array([-1.7e308, 1.5e308, 1e200, 1.7e308, -3.0, 0.0, 1e101, -1e150])
    return y, p


def _tied_best():
    # three thresholds share the best Youden index
    y = np.array([0, 0, 1, 1, 0, 1, 0, 1, 1, 0])
    return y, np.array([.1, .4, .35, .8, .2, .9, .65, .65, .3, .5])


def _alternating():
    # controls 1, 3, 5, ..., cases 2, 4, 6, ...: a staircase with many tied best points
    k = 6
    y = np.tile([0, 1], k)
    return y, np.arange(1.0, 2 * k + 1)


FIXTURES = {
    "continuous": (_continuous, "auto"),
    "heavy-ties": (_heavy_ties, "auto"),
    "integer-scores": (_integer_scores, "auto"),
    "direction-gt-auto": (_direction_gt, "auto"),
    "direction-gt-forced-lt": (_direction_gt, "<"),
    "medians-disagree": (_medians_disagree, "auto"),
    "perfect-separation": (_perfect, "auto"),
    "perfect-separation-reversed": (_perfect, ">"),
    "one-case": (_one_case, "auto"),
    "one-control": (_one_control, "auto"),
    "probabilities-with-na": (_probabilities_with_na, "auto"),
    "near-ties-lt": (_near_ties, "<"),
    "near-ties-gt": (_near_ties, ">"),
    "huge-values": (_huge_values, "auto"),
    "two-cases": (_two_cases, "auto"),
    "tied-best": (_tied_best, "auto"),
    "alternating-staircase": (_alternating, "auto"),
}


@pytest.fixture(scope="module")
def R(r_bridge):
    r_bridge.library("pROC")
    r_bridge.source("roc.R")
    return r_bridge


def _warn_texts(record):
    return [str(w.message) for w in record if issubclass(w.category, RWarning)]


@pytest.mark.parametrize("name", list(FIXTURES))
def test_roc_matches_proc(name, R, parity_case):
    make, direction = FIXTURES[name]
    y, p = make()
    rr = R.call_py("helper:roc_fit", y, p, direction)
    with warnings.catch_warnings(record=True) as rec:
        warnings.simplefilter("always")
        r = roc(y, p, direction=direction)
        var = r.var()
        ci = r.ci_auc()
        best_y = r.coords("best", best_method="youden")
        best_t = r.coords("best", best_method="closest.topleft")
    ours = _warn_texts(rec)

    cmp = parity_case(f"roc-{name}")
    cmp.add("pROC.direction", r.direction, str(rr["direction"][0]))
    cmp.add("pROC.thresholds", r.thresholds, rr["thresholds"])
    cmp.add("pROC.sensitivities", r.sensitivities, rr["sensitivities"])
    cmp.add("pROC.specificities", r.specificities, rr["specificities"])
    cmp.add("pROC.auc", r.auc, rr["auc"][0])
    cmp.add("pROC.var", var, rr["var"][0])
    cmp.add("pROC.ci_delong", np.array(ci), rr["ci"])
    for tag, best in (("youden", best_y), ("topleft", best_t)):
        for col in ("threshold", "sensitivity", "specificity"):
            cmp.add(f"pROC.coords.{tag}.{col}", best[col].to_numpy(), np.atleast_1d(rr[f"{tag}_{col}"]))
    cmp.add("pROC.placements.theta", r.placements()["theta"], rr["theta"][0])
    cmp.add("pROC.placements.X", r.placements()["X"], np.atleast_1d(rr["X"]))
    cmp.add("pROC.placements.Y", r.placements()["Y"], np.atleast_1d(rr["Y"]))
    na_r = rr["na_action"]
    cmp.add("pROC.coords.na_action", r.na_action, np.array([], dtype=np.int64) if na_r is None else na_r)
    cmp.assert_ok()

    # the warnings R gives have their counterpart here; where R is silent about NA, we say why
    r_warn = [] if rr["warnings"] is None else list(rr["warnings"])
    for w in r_warn:
        assert any(w.split(" and can")[0] in o for o in ours), (w, ours)
    if r.n_cases <= 1 or r.n_controls <= 1:
        assert np.isnan(ci).all() and np.isnan(var)
        assert any("at least 2" in o for o in ours), ours
    if name == "medians-disagree":  # the medians say "<", yet the AUC is below 0.5, as pROC
        assert r.direction == "<" and r.auc < 0.5
    if name.startswith("near-ties"):  # the midpoint of 1 and nextafter(1) rounds onto a data value: pROC's fix
        k = 1 if r.direction == "<" else 0
        assert np.nextafter(1.0, 2.0) in r.thresholds if k else 1.0 in r.thresholds
    if name in ("tied-best", "alternating-staircase"):  # several tied best rows, all returned as pROC does
        assert len(best_y) >= 3
    if name == "alternating-staircase":
        assert len(best_t) == 2
    if name == "probabilities-with-na":
        assert any("4 missing value(s)" in o and "na.rm=TRUE" in o for o in ours), ours


BOOT_CASES = [
    ("continuous", 42, 400, True),
    ("heavy-ties", 1, 300, True),
    ("direction-gt-auto", 2024, 300, True),
    ("integer-scores", 7, 250, False),
    ("probabilities-with-na", 99, 300, True),
    ("medians-disagree", 3, 500, True),
    ("two-cases", 5, 500, False),  # some non-stratified replicates lack a case: pROC drops their NA, with a warning
]


@pytest.mark.parametrize("name,seed,boot_n,stratified", BOOT_CASES)
def test_bootstrap_ci_matches_proc(name, seed, boot_n, stratified, R, parity_case):
    make, direction = FIXTURES[name]
    y, p = make()
    rr = R.call_py("helper:roc_ci_boot", y, p, direction, seed, boot_n, stratified)
    with warnings.catch_warnings(record=True) as rec:
        warnings.simplefilter("always")
        r = roc(y, p, direction=direction)
        ci = r.ci_auc(method="bootstrap", boot_n=boot_n, boot_stratified=stratified, seed=seed)
    cmp = parity_case(f"roc-boot-{name}-{seed}")
    cmp.add("pROC.ci_boot", np.array(ci), rr["ci"])
    cmp.assert_ok()
    r_warn = [] if rr["warnings"] is None else list(rr["warnings"])
    ours = _warn_texts(rec)
    assert ("NA value(s) produced during bootstrap were ignored." in r_warn) == \
        ("NA value(s) produced during bootstrap were ignored." in ours)
    if name == "two-cases":
        assert "NA value(s) produced during bootstrap were ignored." in ours


def test_bootstrap_conf_level_and_warning_of_perfect_curve(R, parity_case):
    y, p = _perfect()
    rr = R.call_py("helper:roc_ci_boot", y, p, "auto", 11, 200, True, 0.9)
    with pytest.warns(RWarning, match="always 1-1"):
        ci = roc(y, p).ci_auc(0.9, method="bootstrap", boot_n=200, seed=11)
    cmp = parity_case("roc-boot-perfect-90")
    cmp.add("pROC.ci_boot", np.array(ci), rr["ci"])
    cmp.assert_ok()
    assert any("always 1-1" in w for w in rr["warnings"])


def _markers():
    g = _gen(11)
    n = 300
    y = (g.random(n) < 0.4).astype(int)
    p1 = np.round(g.normal(size=n) + 1.0 * y, 1)
    p2 = np.round(0.6 * p1 + g.normal(size=n) * 0.9 + 0.3 * y, 1)
    return y, p1, p2


def _test_parity(cmp, t, rr, paired=True):
    cmp.add("pROC.roc_test.statistic", t.statistic, rr["statistic"][0])
    cmp.add("pROC.roc_test.p_value", t.p_value, rr["p_value"][0])
    cmp.add("pROC.roc_test.estimate", t.estimate, rr["estimate"])
    if paired:
        cmp.add("pROC.roc_test.conf_int", t.conf_int, rr["conf_int"])
    else:
        cmp.add("pROC.roc_test.df", t.parameter, rr["df"][0])
    assert t.method == str(rr["method"][0])
    cmp.assert_ok()


@pytest.mark.parametrize("alternative", ["two.sided", "less", "greater"])
def test_paired_delong_matches_proc(alternative, R, parity_case):
    y, p1, p2 = _markers()
    rr = R.call_py("helper:roc_test_paired", y, p1, p2, "auto", "auto", alternative, 0.9)
    t = roc_test(roc(y, p1), roc(y, p2), alternative=alternative, conf_level=0.9)
    assert t.paired
    _test_parity(parity_case(f"roc-test-paired-{alternative}"), t, rr)


def test_paired_delong_heavy_ties_and_identical_curves(R, parity_case):
    y, p = _heavy_ties()
    p2 = np.where(np.arange(p.shape[0]) % 3 == 0, 4 - p, p)
    rr = R.call_py("helper:roc_test_paired", y, p, p2)
    t = roc_test(roc(y, p), roc(y, p2))
    _test_parity(parity_case("roc-test-paired-ties"), t, rr)
    # the same curve twice: d = sigma = 0 gives Z = 0, p = 1 (pROC's special case)
    rr0 = R.call_py("helper:roc_test_paired", y, p, p.copy())
    t0 = roc_test(roc(y, p), roc(y, p.copy()))
    _test_parity(parity_case("roc-test-paired-identical"), t0, rr0)
    assert t0.statistic == 0.0 and t0.p_value == 1.0


def test_paired_delong_opposite_directions_warns_as_proc(R, parity_case):
    y, p1, p2 = _markers()
    p2 = -p2  # auto-detected ">"
    rr = R.call_py("helper:roc_test_paired", y, p1, p2)
    with pytest.warns(RWarning, match="should not be applied to ROC curves with a different direction"):
        t = roc_test(roc(y, p1), roc(y, p2), method="delong")
    assert any("different direction" in w for w in rr["warnings"])
    _test_parity(parity_case("roc-test-paired-opposite-directions"), t, rr)


def test_paired_delong_with_different_missing_rows_rebuilds_as_proc(R, parity_case):
    y, p1, p2 = _markers()
    p1 = p1.copy()
    p2 = p2.copy()
    p1[[0, 5, 9]] = np.nan
    p2[[5, 17]] = np.nan
    rr = R.call_py("helper:roc_test_paired", y, p1, p2)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RWarning)
        t = roc_test(roc(y, p1), roc(y, p2))
    assert t.paired
    _test_parity(parity_case("roc-test-paired-na-rebuild"), t, rr)


def test_unpaired_delong_matches_proc(R, parity_case):
    y1, p1 = _continuous()
    y2, p2 = _direction_gt()
    p2 = -p2
    for alternative in ("two.sided", "greater"):
        rr = R.call_py("helper:roc_test_unpaired", y1, p1, y2, p2, alternative)
        t = roc_test(roc(y1, p1), roc(y2, p2), alternative=alternative)
        assert not t.paired
        _test_parity(parity_case(f"roc-test-unpaired-{alternative}"), t, rr, paired=False)


@pytest.mark.slow
def test_large_n_matches_proc(R, parity_case):
    # 10^5 observations with many ties (3 decimals): the linear-merge DeLong against pROC's C++
    g = _gen(12)
    n = 100_000
    y = (g.random(n) < 0.2).astype(int)
    p = np.round(1 / (1 + np.exp(-(g.normal(size=n) + 0.8 * y))), 3)
    rr = R.call_py("helper:roc_fit", y, p)
    r = roc(y, p)
    cmp = parity_case("roc-large-n")
    cmp.add("pROC.thresholds", r.thresholds, rr["thresholds"])
    cmp.add("pROC.sensitivities", r.sensitivities, rr["sensitivities"])
    cmp.add("pROC.specificities", r.specificities, rr["specificities"])
    cmp.add("pROC.auc", r.auc, rr["auc"][0])
    cmp.add("pROC.var", r.var(), rr["var"][0])
    cmp.add("pROC.ci_delong", np.array(r.ci_auc()), rr["ci"])
    cmp.assert_ok()

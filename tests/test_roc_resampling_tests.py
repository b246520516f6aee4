"""roc_test's resampling methods (bootstrap, sensitivity, specificity, Venkatraman) against live pROC 1.18.0
(issue 21; docs/R_ALGORITHMS.md "pROC tests, power and multiclass").

R side: ``parity/r/roc_tests.R`` ``roc_test_resampled`` = ``r1 <- roc(y1, p1); r2 <- roc(y2, p2);
set.seed(seed); roc.test(r1, r2, method, paired, alternative, boot.n, boot.stratified, specificity/sensitivity)``.
aSAH comes from ``data(aSAH, package = "pROC")`` through the bridge; the other data are generated here
(numpy, fixed seeds, rounded so that ties abound) and passed to R as data.  Ported pROC testthat expectations
cite tests/testthat/test-roc.test.R of github:xrobin/pROC.
"""
from __future__ import annotations

import warnings

import numpy as np
import pytest

from cmvt_core import InputError, RWarning, roc, roc_test

from _proc_fixtures import R, asah  # noqa: F401  (pytest fixtures)

pytestmark = pytest.mark.r


def _ties(seed, n=150):
    g = np.random.default_rng(seed)
    y = (g.random(n) < 0.4).astype(int)
    p1 = np.round(g.normal(size=n) + 0.8 * y, 1)
    p2 = np.round(0.5 * p1 + g.normal(size=n) * 0.8 + 0.4 * y, 1)
    return y, p1, p2


def _compare(cmp, t, rr, venk=False):
    cmp.add("pROC.roc_test_resampled.statistic", t.statistic, rr["statistic"][0])
    cmp.add("pROC.roc_test_resampled.p_value", t.p_value, rr["p_value"][0])
    if not venk:
        cmp.add("pROC.roc_test_resampled.estimate", t.estimate, rr["estimate"])
    cmp.add("pROC.roc_test_resampled.parameter", np.array(list(t.parameter.values()), dtype=float),
            np.asarray(rr["parameter"], dtype=float))
    assert t.method == str(rr["method"][0])
    assert t.null_name == str(rr["null_name"][0])
    cmp.assert_ok()


def _run(R, parity_case, name, y1, p1, y2, p2, method, paired=None, stratified=True, point=None, seed=1,
         boot_n=200, alternative="two.sided"):
    rr = R.call_py("helper:roc_test_resampled", y1, p1, y2, p2, method, paired, alternative, boot_n, stratified,
                   point, seed)
    kw = {"specificity": point} if method == "specificity" else {"sensitivity": point} if method == "sensitivity" \
        else {}
    with warnings.catch_warnings(record=True) as rec:
        warnings.simplefilter("always")
        t = roc_test(roc(y1, p1), roc(y2, p2), method=method, paired=paired, boot_n=boot_n, boot_stratified=stratified,
                     seed=seed, alternative=alternative, **kw)
    ours = [str(w.message) for w in rec if issubclass(w.category, RWarning)]
    cmp = parity_case(f"roc-test-{name}").describe(call=f"set.seed({seed}); pROC::roc.test(r1, r2, method='{method}')",
                                                   data={"y1": y1, "p1": p1})
    _compare(cmp, t, rr, venk=method == "venkatraman")
    rw = [] if rr["warnings"] is None else list(rr["warnings"])
    na_r = [w for w in rw if "NA value(s)" in w]
    na_ours = [w for w in ours if "NA value(s)" in w]
    assert na_r == na_ours
    return t


METHODS = [("bootstrap", None), ("specificity", 0.9), ("sensitivity", 0.8), ("venkatraman", None)]


@pytest.mark.parametrize("method,point", METHODS)
@pytest.mark.parametrize("paired", [None, False])
def test_asah_paired_and_unpaired(method, point, paired, asah, R, parity_case):
    y = np.asarray(asah["outcome"])
    t = _run(R, parity_case, f"asah-s100b-wfns-{method}-{paired}", y, asah["s100b"], y, asah["wfns"], method,
             paired=paired, point=point, seed=42)
    assert t.paired is (paired is None)


@pytest.mark.parametrize("method,point", METHODS[:3])
def test_asah_not_stratified(method, point, asah, R, parity_case):
    y = np.asarray(asah["outcome"])
    _run(R, parity_case, f"asah-ndka-wfns-{method}-unstrat", y, asah["ndka"], y, asah["wfns"], method,
         stratified=False, point=point, seed=7)
    _run(R, parity_case, f"asah-ndka-wfns-{method}-unstrat-unpaired", y, asah["ndka"], y, asah["wfns"], method,
         paired=False, stratified=False, point=point, seed=8)


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("method,point", METHODS)
def test_random_data_with_ties(seed, method, point, R, parity_case):
    y, p1, p2 = _ties(seed)
    _run(R, parity_case, f"ties-{seed}-{method}", y, p1, y, p2, method, point=point, seed=100 + seed)
    # two different samples: unpaired by pROC's rule
    y2, q1, _ = _ties(seed + 10, n=120)
    _run(R, parity_case, f"ties-unpaired-{seed}-{method}", y, p1, y2, q1, method, point=point, seed=200 + seed)


@pytest.mark.parametrize("alternative", ["less", "greater"])
def test_one_sided_bootstrap(alternative, asah, R, parity_case):
    y = np.asarray(asah["outcome"])
    _run(R, parity_case, f"asah-boot-{alternative}", y, asah["wfns"], y, asah["s100b"], "bootstrap", seed=3,
         alternative=alternative)


def test_tiny_sample_non_stratified_drops_na_replicates_as_proc(R, parity_case):
    # 12 observations, 3 cases: some non-stratified replicates lack a case (pROC: NA, dropped with a warning)
    y = np.array([0, 1, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0])
    p1 = np.array([1.0, 3, 2, 2, 1, 4, 3, 1, 2, 2, 5, 1])
    p2 = np.array([2.0, 2, 1, 3, 1, 5, 2, 2, 4, 1, 2, 3])
    _run(R, parity_case, "tiny-unstrat", y, p1, y, p2, "bootstrap", stratified=False, seed=5, boot_n=300)
    _run(R, parity_case, "tiny-unstrat-sp", y, p1, y, p2, "specificity", stratified=False, point=0.5, seed=6,
         boot_n=300)


def test_proc_testthat_bootstrap_expectations(asah):
    """pROC tests/testthat/test-roc.test.R, "paired roc.test works with bootstrap" (lines 215-222) and the
    unpaired/non-stratified variants (lines 224-250): method names, parameter c(boot.n, stratified)."""
    y = np.asarray(asah["outcome"])
    r_wfns, r_s100b = roc(y, asah["wfns"]), roc(y, asah["s100b"])
    ht = roc_test(r_wfns, r_s100b, method="bootstrap", boot_n=12, paired=True, seed=1)
    assert ht.method == "Bootstrap test for two correlated ROC curves"        # test-roc.test.R:219
    assert list(ht.parameter.values()) == [12, 1]                               # test-roc.test.R:220
    assert ht.statistic_name == "D" and ht.null_value == 0 and 0 <= ht.p_value <= 1
    with pytest.warns(RWarning, match="paired"):                                # test-roc.test.R:225
        ht = roc_test(r_s100b, r_wfns, method="bootstrap", boot_n=12, paired=False, seed=1)
    assert ht.method == "Bootstrap test for two ROC curves"                   # test-roc.test.R:228
    ht = roc_test(r_s100b, r_wfns, method="bootstrap", boot_n=12, paired=True, boot_stratified=False, seed=1)
    assert list(ht.parameter.values()) == [12, 0]                               # test-roc.test.R:236
    for method in ("sensitivity", "specificity"):                               # test-roc.test.R:281-307
        ht = roc_test(r_s100b, r_wfns, method=method, sensitivity=0.8, specificity=0.8, boot_n=12, seed=1)
        assert ht.method == f"{method.title()} test for two correlated ROC curves"
    vt = roc_test(r_s100b, r_wfns, method="venkatraman", boot_n=12, seed=1)   # helper-expectations.R venkatraman
    assert vt.statistic_name == "E" and list(vt.parameter) == ["boot.n"]
    assert vt.null_name == "difference in at least one ROC operating point" and vt.estimate is None


def test_refusals_as_proc(asah):
    y = np.asarray(asah["outcome"])
    r1, r2 = roc(y, asah["wfns"]), roc(y, asah["s100b"])
    with pytest.raises(InputError, match="two-sided"):                    # pROC: "Only two-sided tests ..."
        roc_test(r1, r2, method="venkatraman", alternative="less")
    with pytest.raises(InputError, match="specificity"):                  # "Argument 'specificity' must be ..."
        roc_test(r1, r2, method="specificity")
    with pytest.raises(InputError, match="sensitivity"):
        roc_test(r1, r2, method="sensitivity", sensitivity=[0.8, 0.9])
    with pytest.raises(InputError, match="method"):
        roc_test(r1, r2, method="obuchowski")


def test_seed_reproducible_and_printed(asah):
    y = np.asarray(asah["outcome"])
    r1, r2 = roc(y, asah["wfns"]), roc(y, asah["s100b"])
    a = roc_test(r1, r2, method="bootstrap", boot_n=50, seed=9)
    b = roc_test(r1, r2, method="bootstrap", boot_n=50, seed=9)
    assert a.statistic == b.statistic
    text = str(a)
    assert "Bootstrap test for two correlated ROC curves" in text and "boot.n = 50" in text
    assert a.to_dict()["parameter"] == {"boot.n": 50, "boot.stratified": 1}


PARTIAL_TESTS = [  # (method, point, percent, partial_auc, focus, correct, stratified, paired, seed)
    ("bootstrap", None, False, (1, 0.8), "specificity", False, True, None, 1),
    ("bootstrap", None, False, (0.9, 0.7), "sensitivity", True, False, None, 2),
    ("bootstrap", None, True, (100, 85), "specificity", True, True, False, 3),
    ("bootstrap", None, True, None, "specificity", False, True, None, 4),
    ("specificity", 90, True, (100, 80), "specificity", False, True, None, 5),
    ("sensitivity", 0.8, False, (1, 0.8), "specificity", False, False, False, 6),
]


@pytest.mark.parametrize("method,point,percent,pa,focus,correct,stratified,paired,seed", PARTIAL_TESTS)
def test_bootstrap_partial_auc_and_percent_match_proc(method, point, percent, pa, focus, correct, stratified, paired,
                                                      seed, asah, R, parity_case):
    # roc.test of curves with a partial AUC (each replicate's partial AUC by roc.replicate_aucs) and/or percent
    y = np.asarray(asah["outcome"])
    y2, q2 = (y, asah["wfns"]) if seed % 2 else (y[::-1].copy(), asah["ndka"][::-1].copy())
    if paired is False:
        y2, q2 = y, asah["wfns"]
    kw = {"percent": percent, "partial_auc": pa, "partial_auc_focus": focus, "partial_auc_correct": correct}
    pa_r = False if pa is None else [float(v) for v in pa]
    rr = R.call_py("helper:roc_test_partial", y, asah["s100b"], y2, q2, method, percent, pa_r, focus, correct, 150,
                   stratified, seed, paired, point)
    pt = {"specificity": point} if method == "specificity" else {"sensitivity": point} if method == "sensitivity" \
        else {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RWarning)
        t = roc_test(roc(y, asah["s100b"], **kw), roc(y2, q2, **kw), method=method, paired=paired, boot_n=150,
                     boot_stratified=stratified, seed=seed, **pt)
    cmp = parity_case(f"roc-test-partial-{seed}").describe(call=f"set.seed({seed}); roc.test(r1, r2, '{method}')")
    cmp.add("pROC.roc_test_resampled.statistic", t.statistic, rr["statistic"][0])
    cmp.add("pROC.roc_test_resampled.p_value", t.p_value, rr["p_value"][0])
    cmp.add("pROC.roc_test_resampled.estimate", t.estimate, rr["estimate"])
    cmp.assert_ok()


def test_partial_auc_refused_by_venkatraman_and_delong_as_proc(asah):
    y = np.asarray(asah["outcome"])
    r1, r2 = roc(y, asah["s100b"], partial_auc=(1, 0.8)), roc(y, asah["wfns"], partial_auc=(1, 0.8))
    with pytest.raises(InputError, match="Venkatraman"):
        roc_test(r1, r2, method="venkatraman", boot_n=10, seed=1)
    with pytest.raises(InputError, match="DeLong"):
        roc_test(r1, r2, method="delong")


@pytest.mark.r
@pytest.mark.parametrize("d1,d2,seed", [("<", ">", 3), ("<", "<", 4), (">", "<", 5)])
def test_method_left_out_follows_pROC(R, parity_case, d1, d2, seed):
    """roc.test without `method` (pROC:::roc.test.roc): the bootstrap for curves of different directions,
    DeLong when they agree; the draws follow set.seed(seed) as for an explicit bootstrap."""
    y, p1, p2 = _ties(seed)
    rr = R.call_py("helper:roc_test_default", y, p1, p2, 200, seed, d1, d2)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RWarning)
        t = roc_test(roc(y, p1, direction=d1), roc(y, p2, direction=d2), boot_n=200, seed=seed)
    assert t.method == str(rr["method"][0])
    assert ("Bootstrap" in t.method) == (d1 != d2)
    cmp = parity_case(f"roc_test_default_{d1}{d2}").describe(
        call=f"set.seed({seed}); pROC::roc.test(roc(y, p1, direction = '{d1}'), roc(y, p2, direction = '{d2}'), "
             "boot.n = 200)")
    cmp.add("pROC.roc_test_resampled.statistic", t.statistic, rr["statistic"][0])
    cmp.add("pROC.roc_test_resampled.p_value", t.p_value, rr["p_value"][0])
    cmp.add("pROC.roc_test_resampled.estimate", t.estimate, rr["estimate"])
    cmp.assert_ok()


@pytest.mark.r
def test_method_left_out_with_a_partial_auc_is_the_bootstrap(R):
    y, p1, p2 = _ties(6)
    t = roc_test(roc(y, p1, partial_auc=(1, 0.8)), roc(y, p2, partial_auc=(1, 0.8)), boot_n=50, seed=1)
    assert "Bootstrap" in t.method

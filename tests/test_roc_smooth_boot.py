"""Bootstrap statistics of smoothed ROC curves against pROC 1.18.0 (issue 21): ``SmoothRoc.ci_auc``,
``SmoothRoc.var``, ``cov`` and ``roc_test`` (bootstrap, specificity, sensitivity) of ``smooth()`` results,
alone and beside an unsmoothed curve, paired and unpaired, stratified and not, full and partial AUC.

pROC resamples the original curve's observations in every replicate (``stratified.ci.smooth.auc``,
``stratified.bootstrap.test``/``nonstratified.bootstrap.test`` with ``smooth = TRUE``) and smooths the
replicate again with the same arguments; each case is one R call (``parity/r/roc_smooth_var.R``,
``proc_smooth_boot``) computing every statistic after ``set.seed(seed)``.  pROC's testthat files hold no
number for these but one (test-cov.R lines 100-111, ported below); its other smoothed bootstrap tests
(test-roc.test.R lines 254-307, test-cov.R lines 82-98, test-var.R lines 41-55) only check that mixed roc / smooth.roc
pairs run, which the live cases here do with numbers.
"""
from __future__ import annotations

import warnings

import numpy as np
import pytest

from cmvt_core import InputError, RWarning, auc, cov, roc, roc_test, smooth
from test_roc_smooth_var import R  # noqa: F401  (the pytest fixture: pROC with roc_smooth_var.R sourced)

pytestmark = pytest.mark.r

BOOT_N = 15
SMOOTH_N = 64  # smoothed points: pROC's n (512 by default) kept small for test time


def _data(seed, n=60):
    g = np.random.default_rng(seed)
    y = (g.random(n) < 0.45).astype(float)
    p1 = np.round(g.normal(size=n) + 1.0 * y, 2)
    p2 = np.round(g.normal(size=n) + 0.6 * y + 0.5 * p1, 2)
    return y, p1, p2


def _curve(y, p, sm, pa, focus, correct):
    r = roc(y, p, partial_auc=pa, partial_auc_focus=focus, partial_auc_correct=correct)
    return r if sm == "none" else smooth(r, method=sm, n=SMOOTH_N)


CASES = [
    # sm1, sm2, stratified, seed, paired, partial_auc, focus, correct
    ("binormal", "binormal", True, 7, True, None, "specificity", False),
    ("density", "density", False, 7, True, None, "specificity", False),
    ("fitdistr", "binormal", True, 12, True, None, "specificity", False),   # different smoothing: pROC warns
    ("binormal", "none", False, 13, True, None, "specificity", False),      # a smoothed and an unsmoothed curve
    ("binormal", "binormal", True, 15, False, None, "specificity", False),  # unpaired
    ("density", "fitdistr", True, 19, True, (1, 0.7), "specificity", True),
    ("fitdistr", "none", False, 18, True, (0.9, 0.6), "sensitivity", True),
]


@pytest.mark.parametrize("sm1,sm2,stratified,seed,paired,pa,focus,correct", CASES)
def test_smoothed_bootstrap_statistics_match_proc(sm1, sm2, stratified, seed, paired, pa, focus, correct, R,
                                                  parity_case):
    y, p1, p2 = _data(seed)
    y2 = y if paired else _data(seed + 100)[0]
    rr = R.call_py("helper:proc_smooth_boot", y, p1, y2, p2, sm1, sm2, BOOT_N, stratified, seed,
                   None if pa is None else np.asarray(pa, dtype=float), focus, correct, 0.8, 0.8, SMOOTH_N)
    s1, s2 = _curve(y, p1, sm1, pa, focus, correct), _curve(y2, p2, sm2, pa, focus, correct)
    kind = "density" if "density" in (sm1, sm2) else "exact"
    cmp = parity_case(f"smooth-boot-{sm1}-{sm2}-{seed}").describe(
        call=f"set.seed({seed}); ci.auc/var/cov/roc.test(smooth(r1, '{sm1}'), smooth(r2, '{sm2}'), boot.n={BOOT_N})")
    cmp.add(f"pROC.smooth_boot.{kind}.auc", [s1.auc, s2.auc], rr["auc"])
    kw = {"boot_n": BOOT_N, "boot_stratified": stratified, "seed": seed}
    with warnings.catch_warnings(record=True) as rec:
        warnings.simplefilter("always")
        cmp.add(f"pROC.smooth_boot.{kind}.ci", list(s1.ci_auc(**kw)), rr["ci"]["value"])
        cmp.add(f"pROC.smooth_boot.{kind}.var", s1.var(**kw), float(np.atleast_1d(rr["var"]["value"])[0]))
        if paired:
            cmp.add(f"pROC.smooth_boot.{kind}.cov", cov(s1, s2, method="bootstrap", **kw),
                    float(np.atleast_1d(rr["cov"]["value"])[0]))
        else:  # pROC: "ROC curves are unpaired." and 0
            assert cov(s1, s2, method="bootstrap", **kw) == 0.0 == float(np.atleast_1d(rr["cov"]["value"])[0])
        for key, method, extra in (("boot", "bootstrap", {}), ("sp", "specificity", {"specificity": 0.8}),
                                   ("se", "sensitivity", {"sensitivity": 0.8})):
            t = roc_test(s1, s2, method=method, **kw, **extra)
            cmp.add(f"pROC.smooth_boot.{kind}.roc_test_{key}", [t.statistic, t.p_value, *t.estimate],
                    rr[key]["value"])
            assert t.paired is paired
    cmp.assert_ok()
    ours_warned = any("Different smoothing parameters" in str(w.message) for w in rec
                      if issubclass(w.category, RWarning))
    r_warned = any("Different smoothing parameters" in str(m) for m in np.atleast_1d(rr["boot"]["warnings"]))
    assert ours_warned == r_warned


def test_proc_testthat_cov_of_smoothed_partial_curves(R, parity_case):
    """test-cov.R lines 100-111: ``roc1 <- smooth(roc(aSAH$outcome, aSAH$wfns, partial.auc = c(0.9, 1),
    partial.auc.focus = "sensitivity"))``, the same for s100b; ``set.seed(42); cov(roc1, roc2, boot.n = 100)``
    (pROC's missing method: the bootstrap) is ``-0.0000030024`` (line 109)."""
    a = {k: np.asarray(v, dtype=float) for k, v in R.call_py("helper:proc_asah").items()}
    roc1 = smooth(roc(a["y"], a["wfns"], partial_auc=(0.9, 1), partial_auc_focus="sensitivity"))
    roc2 = smooth(roc(a["y"], a["s100b"], partial_auc=(0.9, 1), partial_auc_focus="sensitivity"))
    cmp = parity_case("testthat-cov-smooth-partial").describe(call="set.seed(42); cov(smooth(...), boot.n = 100)")
    ours = cov(roc1, roc2, boot_n=100, seed=42)
    cmp.add("pROC.testthat.cov5", ours, -0.0000030024)  # test-cov.R line 109 (5 significant digits stored)
    cmp.add("pROC.smooth_boot.exact.cov", ours, float(np.atleast_1d(R.call_py(
        "helper:proc_cov_smooth_partial", a["y"], a["wfns"], a["s100b"], np.array([0.9, 1.0]), "sensitivity", 100,
        42))[0]))  # pROC 1.18.0 live: -3.0024320059745866e-06
    cmp.assert_ok()


@pytest.mark.parametrize("method,pa,focus,correct", [("binormal", (1, 0.8), "specificity", False),
                                                     ("density", (0.9, 0.5), "sensitivity", True),
                                                     ("fitdistr", (0.95, 0.7), "specificity", True)])
def test_auc_of_a_smoothed_curve_full_and_partial(method, pa, focus, correct, R, parity_case):
    y, p1, _ = _data(21)
    rr = R.call_py("helper:proc_smooth_auc", y, p1, method, SMOOTH_N, np.asarray(pa, dtype=float), focus, correct)
    s = smooth(roc(y, p1), method=method, n=SMOOTH_N)
    kind = "density" if method == "density" else "exact"
    cmp = parity_case(f"smooth-auc-partial-{method}").describe(call="auc(s); auc(s, partial.auc = pa, ...)")
    cmp.add(f"pROC.smooth_boot.{kind}.auc", [auc(s), auc(s, partial_auc=pa, partial_auc_focus=focus,
                                                        partial_auc_correct=correct)], rr)
    cmp.assert_ok()
    assert auc(s) == s.auc


def test_default_methods_are_the_bootstrap_for_smoothed_curves():
    y, p1, p2 = _data(3)
    s1, s2 = smooth(roc(y, p1)), smooth(roc(y, p2))
    t = roc_test(s1, s2, boot_n=10, seed=1)  # pROC's missing method: the bootstrap for smoothed curves
    assert t.method == "Bootstrap test for two correlated ROC curves"
    assert t.statistic == roc_test(s1, s2, method="bootstrap", boot_n=10, seed=1).statistic
    assert cov(s1, s2, boot_n=10, seed=1) == cov(s1, s2, method="bootstrap", boot_n=10, seed=1)


@pytest.mark.parametrize("call,match", [
    (lambda s1, s2, r2: roc_test(s1, s2, method="delong"), "DeLong's test is not supported for smoothed ROCs"),
    (lambda s1, s2, r2: roc_test(s1, r2, method="delong"), "DeLong's test is not supported for smoothed ROCs"),
    (lambda s1, s2, r2: roc_test(s1, s2, method="venkatraman"), "Venkatraman's test is not supported for smoothed"),
    (lambda s1, s2, r2: cov(s1, s2, method="delong"), "DeLong method is not supported for smoothed ROCs"),
    (lambda s1, s2, r2: cov(r2, s2, method="obuchowski"), "Obuchowski method is not supported for smoothed ROCs"),
    (lambda s1, s2, r2: s1.var(method="delong"), "DeLong method is not supported for smoothed ROCs"),
    (lambda s1, s2, r2: s1.ci_auc(method="delong"), "only bootstraps"),
    (lambda s1, s2, r2: smooth(r2, method="density", density_controls=np.ones(512) / 512,
                               density_cases=np.ones(512) / 512).ci_auc(boot_n=5, seed=1), "numeric density"),
])
@pytest.mark.filterwarnings("ignore:Different smoothing parameters:cmvt_core.errors.RWarning")  # cov(r2, s2): pROC too
def test_where_proc_stops_on_smoothed_curves(call, match):
    y, p1, p2 = _data(4)
    r2 = roc(y, p2)
    with pytest.raises(InputError, match=match) as ei:
        call(smooth(roc(y, p1)), smooth(r2), r2)
    assert "\n" not in str(ei.value)


def test_proc_messages_where_it_stops(R, parity_case):
    """The messages above are pROC's (roc.test.roc, cov.roc, var.roc, ci.auc.smooth.roc).  A percent curve:
    pROC 1.18.0's var() of it stops (roc.utils.unpercent has no smooth.roc method), its ci.auc works."""
    y, p1, p2 = _data(4)
    rr = R.call_py("helper:proc_smooth_boot", y, p1, y, p2, "binormal", "binormal", 5, True, 1, None, "specificity",
                   False, 80.0, 80.0, SMOOTH_N, True)
    assert rr["ci"].get("error") is None  # ci.auc of a smoothed curve: bootstrap only, no method argument
    assert "roc.utils.unpercent" in str(np.atleast_1d(rr["var"]["error"])[0])
    s1 = smooth(roc(y, p1, percent=True), n=SMOOTH_N)
    with pytest.raises(InputError, match="roc.utils.unpercent"):
        s1.var(boot_n=5, seed=1)
    cmp = parity_case("smooth-boot-percent-ci").describe(call="set.seed(1); ci.auc(smooth(roc(y, p, percent=TRUE)))")
    cmp.add("pROC.smooth_boot.exact.ci", list(s1.ci_auc(boot_n=5, seed=1)), rr["ci"]["value"])
    cmp.assert_ok()


@pytest.mark.parametrize("sm1,sm2,stratified,seed", [("binormal", "none", False, 31), ("fitdistr", "density", True, 32)])
def test_percent_curves_match_proc(sm1, sm2, stratified, seed, R, parity_case):
    """percent = TRUE: ci.auc and var work on the unpercented curve (var of a smoothed one stops in pROC 1.18.0);
    roc.test and cov keep percent replicates, smoothed in percent (specificity/sensitivity asked in percent)."""
    y, p1, p2 = _data(seed)
    rr = R.call_py("helper:proc_smooth_boot", y, p1, y, p2, sm1, sm2, BOOT_N, stratified, seed, None, "specificity",
                   False, 80.0, 80.0, SMOOTH_N, True)
    mk = [roc(y, p, percent=True) for p in (p1, p2)]
    s1, s2 = (r if sm == "none" else smooth(r, method=sm, n=SMOOTH_N) for r, sm in zip(mk, (sm1, sm2)))
    kind = "density" if "density" in (sm1, sm2) else "exact"
    kw = {"boot_n": BOOT_N, "boot_stratified": stratified, "seed": seed}
    cmp = parity_case(f"smooth-boot-percent-{sm1}-{sm2}").describe(call="percent = TRUE: ci.auc, cov, roc.test")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RWarning)
        cmp.add(f"pROC.smooth_boot.{kind}.auc", [s1.auc, s2.auc], rr["auc"])
        cmp.add(f"pROC.smooth_boot.{kind}.ci", list(s1.ci_auc(**kw)), rr["ci"]["value"])
        # an unsmoothed percent side: its replicate AUCs are fractions * 100 (pROC sums in percent), the tolerance
        # of the unsmoothed bootstrap cov
        cmp.add("pROC.cov.bootstrap" if "none" in (sm1, sm2) else f"pROC.smooth_boot.{kind}.cov",
                cov(s1, s2, method="bootstrap", **kw), float(np.atleast_1d(rr["cov"]["value"])[0]))
        for key, method, extra in (("boot", "bootstrap", {}), ("sp", "specificity", {"specificity": 80}),
                                   ("se", "sensitivity", {"sensitivity": 80})):
            t = roc_test(s1, s2, method=method, **kw, **extra)
            cmp.add(f"pROC.smooth_boot.{kind}.roc_test_{key}", [t.statistic, t.p_value, *t.estimate],
                    rr[key]["value"])
    cmp.assert_ok()
    assert "roc.utils.unpercent" in str(np.atleast_1d(rr["var"]["error"])[0])

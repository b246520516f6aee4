"""smooth(), Roc.var(method=...), cov() and Roc.ci_thresholds() against pROC 1.18.0 (issue 21, part B).

Two kinds of check:

* pROC's own testthat expectations (tests/testthat/test-smooth.R, test-var.R, test-cov.R of
  github.com/xrobin/pROC), each number with the file and line it comes from, on aSAH read through the
  bridge (``data(aSAH, package = "pROC")``), held to testthat's ``expect_equal`` tolerance;
* live comparisons: the same call in R (``parity/r/roc_smooth_var.R``) on aSAH and on generated data with
  ties, several seeds, stratified and not, both directions.
"""
from __future__ import annotations

import warnings

import numpy as np
import pytest

from cmvt_core import InputError, RWarning, cov, roc, smooth
from cmvt_core.kernels.density import density

pytestmark = pytest.mark.r


@pytest.fixture(scope="module")
def R(r_bridge):
    r_bridge.library("pROC")
    r_bridge.source("roc_ci_coords.R")
    r_bridge.source("roc_smooth_var.R")
    return r_bridge


@pytest.fixture(scope="module")
def asah(R):
    a = R.call_py("helper:proc_asah")
    return {k: np.asarray(v, dtype=float) for k, v in a.items()}


def _r_err(rr):
    e = rr.get("error") if isinstance(rr, dict) else None
    return None if e is None else str(np.atleast_1d(e)[0])


def _f(v) -> float:
    return float(np.atleast_1d(v)[0])


def _ties(seed, n=150, step=0.5, shift=0.8):
    g = np.random.default_rng(seed)
    y = (g.random(n) < 0.4).astype(int)
    return y, np.round((g.normal(size=n) + shift * y) / step) * step


def _gt(seed, n=120):
    g = np.random.default_rng(seed)
    y = (g.random(n) < 0.5).astype(int)
    return y, np.round(g.normal(size=n) - 1.0 * y, 2)


# ====================================================================== pROC's testthat expectations
def _unif_density(x, n, from_, to, bw):
    """test-smooth.R lines 8-12: ``dunif(seq(from, to, length.out = n), min(x), max(x))``."""
    from cmvt_core.kernels.rbase import seq_len_out
    g = seq_len_out(from_, to, n)
    lo, hi = float(np.min(x)), float(np.max(x))
    return np.where((g >= lo) & (g <= hi), 1 / (hi - lo), 0.0)


def test_proc_testthat_smooth_density_function(asah, parity_case):
    r = roc(asah["y"], asah["ndka"])
    s = smooth(r, method="density", density=_unif_density, n=10)
    cmp = parity_case("testthat-smooth-unif").describe(call="smooth(r.ndka, method='density', density=unif.density)")
    # test-smooth.R line 35
    cmp.add("pROC.testthat.smooth", s.sensitivities, [1, 1, 1, 0.875, 0.75, 0.625, 0.5, 0.375, 0.25, 0.125, 0, 0])
    # test-smooth.R line 36
    cmp.add("pROC.testthat.smooth", s.specificities, [0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1])
    # test-smooth.R line 37
    cmp.add("pROC.testthat.smooth", s.auc, 0.9375)
    cmp.assert_ok()


def test_proc_testthat_smooth_fitdistr(asah, parity_case):
    r = roc(asah["y"], asah["ndka"])
    cmp = parity_case("testthat-smooth-fitdistr").describe(call="smooth(r.ndka, method='fitdistr', n=10)")
    s = smooth(r, method="fitdistr", n=10)
    # test-smooth.R lines 56-61
    cmp.add("pROC.testthat.smooth", s.sensitivities, [
        1, 1, 0.65584212882921, 0.303849532306639, 0.0922807400203477, 0.017547821937714, 0.00203415264061833,
        0.000141550295211778, 5.86072275643637e-06, 1.43622216786009e-07, 2.05997195401133e-09, 0])
    # test-smooth.R lines 62-65
    cmp.add("pROC.testthat.smooth", s.specificities, [0, 0, 0.961731211013412, 0.999999997253703, 1, 1, 1, 1, 1, 1,
                                                      1, 1])
    # test-smooth.R line 66
    cmp.add("pROC.testthat.smooth", s.auc, 0.814600645965216)
    s = smooth(r, method="fitdistr", density_controls="normal", density_cases="lognormal", n=10)
    # test-smooth.R lines 72-77
    cmp.add("pROC.testthat.smooth", s.sensitivities, [
        1, 1, 0.174065394158716, 0.0241224684680268, 0.00565556180305715, 0.0017644346804079, 0.000654794610631603,
        0.000269912354252342, 0.000116632088037343, 4.89426737202444e-05, 1.6544031070368e-05, 0])
    # test-smooth.R lines 78-81
    cmp.add("pROC.testthat.smooth", s.specificities, [0, 0, 0.961731211013412, 0.999999997253703, 1, 1, 1, 1, 1, 1,
                                                      1, 1])
    # test-smooth.R line 82
    cmp.add("pROC.testthat.smooth", s.auc, 0.568359871182632)
    cmp.assert_ok()


def test_proc_testthat_var_cov(asah, parity_case):
    rw, rn, rs = (roc(asah["y"], asah[k]) for k in ("wfns", "ndka", "s100b"))
    cmp = parity_case("testthat-var-cov").describe(call="var(r.wfns); cov(r.wfns, r.ndka); aSAH")
    cmp.add("pROC.testthat.var", rw.var(), 0.00146991470882363)  # test-var.R line 6
    cmp.add("pROC.testthat.var", rn.var(), 0.0031908105493913)  # test-var.R line 7
    cmp.add("pROC.testthat.var", rs.var(), 0.00266868245717244)  # test-var.R line 8
    cmp.add("pROC.testthat.cov", cov(rw, rn), -0.000532967856762438)  # test-cov.R line 5
    cmp.add("pROC.testthat.cov", cov(rn, rs), -0.000756164938056579)  # test-cov.R line 6
    cmp.add("pROC.testthat.cov", cov(rs, rw), 0.00119615567376754)  # test-cov.R line 7
    # test-cov.R lines 12-14 (pROC stores 7 significant digits: held to half a unit of the 7th)
    cmp.add("pROC.testthat.cov7", cov(rw, rn, method="obuchowski"), -3.917223e-06)
    cmp.add("pROC.testthat.cov7", cov(rn, rs, method="obuchowski"), 0.0007945308)
    cmp.add("pROC.testthat.cov7", cov(rs, rw, method="obuchowski"), 0.0008560803)
    # test-cov.R line 76: RNGkind(sample.kind = "Rejection"); set.seed(42); cov(..., "bootstrap", boot.n = 100)
    cmp.add("pROC.testthat.cov7", cov(rw, rn, method="bootstrap", boot_n=100, seed=42), -0.000648524)
    cmp.assert_ok()


def test_proc_testthat_var_direction(asah, parity_case):
    # test-var.R lines 34-35 (without percent: the values / 100^2): a reversed marker gives the same variance
    cmp = parity_case("testthat-var-direction").describe(call="var(roc(aSAH$outcome, -aSAH$ndka))")
    cmp.add("pROC.testthat.var", roc(asah["y"], -asah["ndka"]).var(), 31.908105493913 / 100 ** 2)
    cmp.add("pROC.testthat.var", roc(asah["y"], -asah["s100b"]).var(), 26.6868245717244 / 100 ** 2)
    cmp.assert_ok()


def test_proc_testthat_percent(asah, parity_case):
    rw, rn, rs = (roc(asah["y"], asah[k], percent=True) for k in ("wfns", "ndka", "s100b"))
    cmp = parity_case("testthat-percent").describe(call="var(r.wfns.percent); cov(...percent)")
    cmp.add("pROC.testthat.var", rw.var(), 14.6991470882363)  # test-var.R line 20
    cmp.add("pROC.testthat.var", rn.var(), 31.908105493913)  # test-var.R line 21
    cmp.add("pROC.testthat.var", rs.var(), 26.6868245717244)  # test-var.R line 22
    cmp.add("pROC.testthat.cov", cov(rw, rn), -5.32967856762438)  # test-cov.R line 26
    cmp.add("pROC.testthat.cov", cov(rn, rs), -7.56164938056579)  # test-cov.R line 27
    cmp.add("pROC.testthat.cov", cov(rs, rw), 11.9615567376754)  # test-cov.R line 28
    cmp.add("pROC.testthat.cov7", cov(rw, rn, method="obuchowski"), -0.03917223)  # test-cov.R line 40
    cmp.add("pROC.testthat.cov7", cov(rn, rs, method="obuchowski"), 7.9453082)  # test-cov.R line 41
    cmp.add("pROC.testthat.cov7", cov(rs, rw, method="obuchowski"), 8.560803)  # test-cov.R line 42
    cmp.assert_ok()


# ====================================================================== live: stats::density
@pytest.mark.parametrize("seed,n", [(1, 512), (2, 100), (3, 1000), (4, 2000)])
def test_density_matches_r(seed, n, R, parity_case):
    g = np.random.default_rng(seed)
    x = np.round(g.gamma(2.0, size=40 + 30 * seed), 1)
    rr = R.call_py("helper:proc_density", x, n)
    xs, ys = density(x, n=n)
    cmp = parity_case(f"density-{seed}-{n}").describe(call="stats::density(x, n = n)")
    cmp.add("stats.density.x", xs, rr["x"])
    cmp.add("stats.density.y", ys, rr["y"])
    cmp.assert_ok()


# ====================================================================== live: smooth
SMOOTH_DATA = {
    "asah-s100b": lambda a: (a["y"], a["s100b"]), "asah-ndka": lambda a: (a["y"], a["ndka"]),
    "asah-wfns": lambda a: (a["y"], a["wfns"]), "ties-1": lambda a: _ties(1), "ties-2": lambda a: _ties(2, step=1.0),
    "gt-3": lambda a: _gt(3), "small": lambda a: _ties(5, n=12),
}


@pytest.mark.parametrize("name", list(SMOOTH_DATA))
@pytest.mark.parametrize("method,n", [("binormal", 512), ("binormal", 10), ("density", 512), ("density", 100),
                                      ("fitdistr", 512), ("fitdistr", 33)])
def test_smooth_matches_proc(name, method, n, asah, R, parity_case):
    y, p = SMOOTH_DATA[name](asah)
    rr = R.call_py("helper:proc_smooth", y, p, "auto", method, n)
    try:
        s = smooth(roc(y, p), method=method, n=n)
    except InputError as exc:
        assert _r_err(rr) is not None, f"ours raised {exc}, R did not"
        return
    assert _r_err(rr) is None, _r_err(rr)
    cmp = parity_case(f"smooth-{method}-{name}-{n}").describe(call=f"smooth(roc(y, p), method='{method}', n={n})")
    cmp.add(f"pROC.smooth.{method}.sensitivities", s.sensitivities, rr["se"])
    cmp.add(f"pROC.smooth.{method}.specificities", s.specificities, rr["sp"])
    cmp.add(f"pROC.smooth.{method}.auc", s.auc, _f(rr["auc"]))
    if method == "binormal":
        cmp.add("pROC.smooth.binormal.coef", [s.model["intercept"], s.model["slope"]], rr["coef"])
    cmp.assert_ok()


def test_smooth_numeric_densities(R, parity_case):
    y, p = _ties(7)
    g = np.random.default_rng(7)
    dc, dk = g.random(64), g.random(64)
    for direction in ("<", ">"):
        rr = R.call_py("helper:proc_smooth", y, p, direction, "density", 512, dc, dk)
        s = smooth(roc(y, p, direction=direction), method="density", density_controls=dc, density_cases=dk)
        cmp = parity_case(f"smooth-numeric-dens-{direction}").describe(call="smooth(r, 'density', density.controls=dc)")
        cmp.add("pROC.smooth.fitdistr.sensitivities", s.sensitivities, rr["se"])
        cmp.add("pROC.smooth.fitdistr.specificities", s.specificities, rr["sp"])
        cmp.add("pROC.smooth.fitdistr.auc", s.auc, _f(rr["auc"]))
        cmp.assert_ok()


# ====================================================================== live: var
VAR_DATA = {"asah-s100b": lambda a: (a["y"], a["s100b"]), "asah-wfns": lambda a: (a["y"], a["wfns"]),
            "ties-1": lambda a: _ties(1), "gt-3": lambda a: _gt(3), "small": lambda a: _ties(11, n=14)}


@pytest.mark.parametrize("name", list(VAR_DATA))
@pytest.mark.parametrize("method,stratified,seed", [("delong", True, 1), ("obuchowski", True, 1),
                                                    ("bootstrap", True, 1), ("bootstrap", False, 2),
                                                    ("bootstrap", True, 3), ("bootstrap", False, 4)])
def test_var_matches_proc(name, method, stratified, seed, asah, R, parity_case):
    y, p = VAR_DATA[name](asah)
    rr = R.call_py("helper:proc_var", y, p, "auto", method, 200, stratified, seed)
    assert _r_err(rr) is None, _r_err(rr)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RWarning)
        ours = roc(y, p).var(method, boot_n=200, boot_stratified=stratified, seed=seed)
    cmp = parity_case(f"var-{method}-{name}-{seed}").describe(call=f"set.seed({seed}); var(r, method='{method}')")
    cmp.add(f"pROC.var.{method}", ours, _f(rr["var"]))
    cmp.assert_ok()


@pytest.mark.parametrize("smooth_method,stratified,seed", [("binormal", True, 1), ("binormal", False, 2),
                                                           ("density", True, 3), ("fitdistr", False, 4)])
def test_var_smooth_matches_proc(smooth_method, stratified, seed, asah, R, parity_case):
    y, p = asah["y"], asah["s100b"]
    rr = R.call_py("helper:proc_var_smooth", y, p, "auto", smooth_method, 40, stratified, seed)
    assert _r_err(rr) is None, _r_err(rr)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RWarning)
        ours = smooth(roc(y, p), method=smooth_method).var(boot_n=40, boot_stratified=stratified, seed=seed)
    cmp = parity_case(f"var-smooth-{smooth_method}-{seed}").describe(call="set.seed(s); var(smooth(r), 'bootstrap')")
    cmp.add(f"pROC.var.smooth.{smooth_method}", ours, _f(rr["var"]))
    cmp.assert_ok()


# ====================================================================== live: cov
def _pair(a, name):
    if name == "asah":
        return a["y"], a["s100b"], a["wfns"]
    if name == "asah-ndka":
        return a["y"], a["ndka"], a["s100b"]
    g = np.random.default_rng(int(name[-1]))
    y = (g.random(160) < 0.45).astype(int)
    z = g.normal(size=160)
    return y, np.round(z + 0.9 * y, 1), np.round(0.6 * z + g.normal(size=160) + 0.5 * y, 0)


@pytest.mark.parametrize("name", ["asah", "asah-ndka", "rand-1", "rand-2"])
@pytest.mark.parametrize("method,stratified,seed", [("delong", True, 1), ("obuchowski", True, 1),
                                                    ("bootstrap", True, 1), ("bootstrap", False, 2),
                                                    ("bootstrap", True, 5)])
def test_cov_matches_proc(name, method, stratified, seed, asah, R, parity_case):
    y, p1, p2 = _pair(asah, name)
    r1, r2 = roc(y, p1), roc(y, p2)
    rr = R.call_py("helper:proc_cov", y, p1, p2, r1.direction, r2.direction, method, 200, stratified, seed)
    assert _r_err(rr) is None, _r_err(rr)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RWarning)
        ours = cov(r1, r2, method=method, boot_n=200, boot_stratified=stratified, seed=seed)
    cmp = parity_case(f"cov-{method}-{name}-{seed}").describe(call=f"set.seed({seed}); cov(r1, r2, '{method}')")
    cmp.add(f"pROC.cov.{method}", ours, _f(rr["cov"]))
    cmp.assert_ok()


PARTIAL_CASES = [  # (percent, partial_auc, focus, correct, stratified, seed)
    (False, (1, 0.8), "specificity", False, True, 1), (False, (0.9, 0.6), "sensitivity", True, False, 2),
    (True, (100, 80), "specificity", True, True, 3), (True, (95, 70), "sensitivity", False, True, 4),
    (True, None, "specificity", False, False, 5),
]


@pytest.mark.parametrize("percent,pa,focus,correct,stratified,seed", PARTIAL_CASES)
def test_var_cov_bootstrap_partial_percent_matches_proc(percent, pa, focus, correct, stratified, seed, asah, R,
                                                        parity_case):
    # pROC: var/cov by bootstrap of a partial-AUC (and/or percent) curve; every replicate's AUC as auc() of part A
    y, p1, p2 = _pair(asah, "asah")
    kw = {"percent": percent, "partial_auc": pa, "partial_auc_focus": focus, "partial_auc_correct": correct}
    r1, r2 = roc(y, p1, **kw), roc(y, p2, **kw)
    pa_r = None if pa is None else list(map(float, pa))
    rv = R.call_py("helper:proc_var_partial", y, p1, r1.direction, percent, pa_r, focus, correct, 150, stratified,
                   seed)
    rc = R.call_py("helper:proc_cov_partial", y, p1, p2, percent, pa_r, focus, correct, 150, stratified, seed)
    assert _r_err(rv) is None, _r_err(rv)
    assert _r_err(rc) is None, _r_err(rc)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RWarning)
        v = r1.var("bootstrap", boot_n=150, boot_stratified=stratified, seed=seed)
        c = cov(r1, r2, method="bootstrap", boot_n=150, boot_stratified=stratified, seed=seed)
    cmp = parity_case(f"var-cov-partial-{seed}").describe(call=f"set.seed({seed}); var(r, 'bootstrap'); cov(r1, r2)")
    cmp.add("pROC.var.bootstrap", v, _f(rv["var"]))
    cmp.add("pROC.cov.bootstrap", c, _f(rc["cov"]))
    cmp.assert_ok()
    if pa is not None:
        with pytest.raises(InputError, match="DeLong"):
            r1.var()


@pytest.mark.parametrize("percent,pa", [(False, (1, 0.8)), (True, (95, 70))])
def test_obuchowski_partial_auc_matches_proc(percent, pa, asah, R, parity_case):
    # var.roc.obuchowski / cov.roc.obuchowski of a partial AUC (FPR1 = 1 - lo, FPR2 = 1 - hi; the formulas shared
    # with power_roc_test)
    y, p1, p2 = _pair(asah, "asah")
    r1, r2 = (roc(y, p, percent=percent, partial_auc=pa) for p in (p1, p2))
    rr = R.call_py("helper:proc_obuchowski_partial", y, p1, p2, percent, [float(v) for v in pa])
    assert _r_err(rr) is None, _r_err(rr)
    cmp = parity_case(f"obuchowski-partial-{percent}").describe(call="var(r, 'obuchowski'); cov(r1, r2, 'obuchowski')")
    cmp.add("pROC.var.obuchowski", r1.var("obuchowski"), _f(rr["var"]))
    cmp.add("pROC.cov.obuchowski", cov(r1, r2, method="obuchowski"), _f(rr["cov"]))
    cmp.assert_ok()


def test_cov_small_nonstratified_drops_na(R, parity_case):
    # 3 cases in 12: some non-stratified replicates hold no case -> NA pairs dropped with pROC's warning
    y = np.array([0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0])
    p1 = np.array([0.1, 0.8, 0.3, 0.35, 0.2, 0.6, 0.4, 0.7, 0.05, 0.5, 0.9, 0.15])
    p2 = np.array([1, 3, 2, 2, 1, 3, 2, 3, 1, 2, 3, 1.0])
    rr = R.call_py("helper:proc_cov", y, p1, p2, "<", "<", "bootstrap", 300, False, 9)
    with warnings.catch_warnings(record=True) as rec:
        warnings.simplefilter("always")
        ours = cov(roc(y, p1), roc(y, p2), method="bootstrap", boot_n=300, boot_stratified=False, seed=9)
    assert any("NA value(s) produced during bootstrap were ignored" in str(w.message) for w in rec)
    assert any("NA value(s) produced during bootstrap were ignored" in str(w) for w in np.atleast_1d(rr["warnings"]))
    cmp = parity_case("cov-boot-na").describe(call="set.seed(9); cov(r1, r2, 'bootstrap', boot.stratified=FALSE)")
    cmp.add("pROC.cov.bootstrap", ours, _f(rr["cov"]))
    cmp.assert_ok()


# ====================================================================== live: ci.thresholds
@pytest.mark.parametrize("name", ["asah-s100b", "asah-wfns", "ties-1", "gt-3", "small"])
@pytest.mark.parametrize("thresholds,stratified,seed,conf", [("local maximas", True, 1, 0.95),
                                                             ("local maximas", False, 2, 0.9),
                                                             ("best", True, 3, 0.95), ("all", False, 4, 0.95),
                                                             ("num", True, 5, 0.95), ("num", False, 6, 0.8)])
def test_ci_thresholds_matches_proc(name, thresholds, stratified, seed, conf, asah, R, parity_case):
    y, p = VAR_DATA.get(name, SMOOTH_DATA.get(name))(asah)
    r = roc(y, p)
    thr = thresholds
    if thresholds == "num":
        thr = np.array([-np.inf, float(np.quantile(p, 0.3)), float(np.median(p)), 0.25, np.inf])
    rr = R.call_py("helper:proc_ci_thresholds", y, p, "auto", thr, conf, 200, stratified, seed)
    assert _r_err(rr) is None, _r_err(rr)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RWarning)
        ours = r.ci_thresholds(thr, conf_level=conf, boot_n=200, boot_stratified=stratified, seed=seed)
    assert list(ours.columns) == ["threshold", "sp_lower", "sp_median", "sp_upper", "se_lower", "se_median",
                                  "se_upper"]
    cmp = parity_case(f"ci-thr-{name}-{thresholds}-{seed}").describe(call=f"set.seed({seed}); ci.thresholds(r, ...)")
    cmp.add("pROC.ci_thresholds.threshold", ours["threshold"].to_numpy(), rr["threshold"])
    sp = np.asarray(rr["sp"], dtype=float).reshape(-1, 3)
    se = np.asarray(rr["se"], dtype=float).reshape(-1, 3)
    cmp.add("pROC.ci_thresholds.sp", ours[["sp_lower", "sp_median", "sp_upper"]].to_numpy(), sp)
    cmp.add("pROC.ci_thresholds.se", ours[["se_lower", "se_median", "se_upper"]].to_numpy(), se)
    cmp.assert_ok()


# ====================================================================== errors
def test_smooth_bad_input():
    y, p = _ties(1)
    r = roc(y, p)
    with pytest.raises(InputError, match="method must be one of"):
        smooth(r, method="spline")
    with pytest.raises(InputError, match="logcondens.*Debian"):
        smooth(r, method="logcondens")
    with pytest.raises(InputError, match="not smoothable"):
        smooth(roc([0, 1, 0, 1], [1, 2, 1, 2]))
    with pytest.raises(InputError, match="differ"):
        smooth(r, method="density", density_controls=np.ones(10), density_cases=np.ones(11))
    with pytest.raises(InputError, match="optim"):
        smooth(r, method="fitdistr", density="gamma")
    with pytest.raises(InputError, match="from_"):
        smooth(r, method="density", from_=0)
    with pytest.raises(InputError, match="cov needs"):
        cov(r, None)
    with pytest.raises(InputError, match="method must be"):
        r.var("jackknife")


def test_roc_smooth_true_is_smooth_of_the_curve(asah):
    y, p = asah["y"], asah["ndka"]
    for method, n in (("binormal", 512), ("density", 64), ("fitdistr", 20)):
        a = roc(y, p, smooth=True, smooth_method=method, smooth_n=n)
        b = smooth(roc(y, p), method=method, n=n)
        np.testing.assert_array_equal(a.sensitivities, b.sensitivities)
        np.testing.assert_array_equal(a.specificities, b.specificities)
        assert a.auc == b.auc and a.method == method and a.n == n

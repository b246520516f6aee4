"""power_roc_test against live pROC 1.18.0 ``power.roc.test`` (issue 21); R's uniroot: tests/kernels/test_zeroin.py.

R side: ``parity/r/roc_tests.R`` ``power_numeric`` / ``power_curves`` / ``power_params``.  aSAH comes from
``data(aSAH, package = "pROC")`` through the bridge.  Ported expectations cite tests/testthat/
test-power.roc.test.R of github:xrobin/pROC (their tolerance 1e-6 kept where pROC gives 7 digits).
"""
from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from cmvt_core import InputError, power_roc_test, roc

from _proc_fixtures import R, asah  # noqa: F401  (pytest fixtures)

FIELDS = ("ncases", "ncontrols", "sig_level", "power")


def _cmp(parity_case, name, ours, rr, extra=()):
    cmp = parity_case(f"power-{name}").describe(call="pROC::power.roc.test(...)")
    for f in FIELDS + tuple(extra):
        r_val = rr[f.replace("sig_level", "sig_level")]
        cmp.add(f"pROC.power.{f}", getattr(ours, f), np.asarray(r_val, dtype=float)[0])
    cmp.assert_ok()


NUMERIC = [  # (auc, ncases, ncontrols, sig_level, power, kappa, alternative): one unknown each
    (0.8, 41, 72, 0.05, None, 1, "two.sided"),
    (0.73, 41, 72, 0.05, None, 1, "one.sided"),
    (0.8, None, None, 0.05, 0.9, 1, "two.sided"),
    (0.62, None, None, 0.01, 0.8, 2.5, "one.sided"),
    (0.9, None, 30, 0.05, None, 0.5, "two.sided"),
    (0.73, 41, 72, None, 0.95, 1, "two.sided"),
    (None, 41, 72, 0.05, 0.95, 1, "two.sided"),
    (None, 20, 200, 0.01, 0.8, 1, "one.sided"),
    (None, 500, 500, 0.05, 0.9, 1, "two.sided"),
]


@pytest.mark.r
@pytest.mark.parametrize("args", NUMERIC)
def test_numeric_form_matches_proc(args, R, parity_case):
    auc, nca, nco, sig, pw, kappa, alt = args
    rr = R.call_py("helper:power_numeric", auc, nca, nco, sig, pw, kappa, alt)
    ours = power_roc_test(auc=auc, ncases=nca, ncontrols=nco, sig_level=sig, power=pw, kappa=kappa, alternative=alt)
    _cmp(parity_case, f"numeric-{args}", ours, rr, extra=("auc",))


@pytest.mark.r
@pytest.mark.parametrize("markers", [("s100b", None), ("ndka", None), ("ndka", "wfns"), ("s100b", "ndka"),
                                     ("wfns", "s100b")])
@pytest.mark.parametrize("unknown", ["power", "n", "sig"])
@pytest.mark.parametrize("method", ["delong", "obuchowski", "bootstrap"])
def test_curves_match_proc(markers, unknown, method, asah, R, parity_case):
    m1, m2 = markers
    if m2 is None and method != "delong":
        return  # one curve: no method
    y = np.asarray(asah["outcome"])
    p2 = None if m2 is None else asah[m2]
    sig, pw = {"power": (0.05, None), "n": (0.05, 0.9), "sig": (None, 0.9)}[unknown]
    rr = R.call_py("helper:power_curves", y, asah[m1], p2, sig, pw, None, method, "two.sided", 100, 4)
    ours = power_roc_test(roc(y, asah[m1]), None if m2 is None else roc(y, p2), sig_level=sig, power=pw,
                          method=method, boot_n=100, seed=4)
    _cmp(parity_case, f"curves-{m1}-{m2}-{unknown}-{method}", ours, rr,
         extra=("auc",) if m2 is None else ("auc1", "auc2"))


@pytest.mark.r
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_curves_with_ties(seed, R, parity_case):
    g = np.random.default_rng(seed)
    n = 200
    y = (g.random(n) < 0.35).astype(int)
    p1 = np.round(g.normal(size=n) + 0.9 * y, 1)
    p2 = np.round(0.5 * p1 + g.normal(size=n) * 0.7 + 0.2 * y, 1)
    for method in ("delong", "obuchowski"):
        rr = R.call_py("helper:power_curves", y, p1, p2, 0.05, 0.8, 1.5, method, "one.sided", 100, seed)
        ours = power_roc_test(roc(y, p1), roc(y, p2), power=0.8, kappa=1.5, method=method, alternative="one.sided")
        _cmp(parity_case, f"random-{seed}-{method}", ours, rr, extra=("auc1", "auc2"))


PARAMS = dict(A1=2.6, B1=1, A2=1.9, B2=1, rn=0.6, ra=0.6, FPR11=0, FPR12=0.2, FPR21=0, FPR22=0.2, delta=0.037)


@pytest.mark.r
@pytest.mark.parametrize("partial", [True, False])
@pytest.mark.parametrize("unknown", ["n", "sig", "power"])
def test_binormal_parameters_match_proc(partial, unknown, R, parity_case):
    pars = dict(PARAMS) if partial else {k: v for k, v in PARAMS.items() if not k.startswith("FPR")}
    nca, sig, pw = {"n": (None, 0.05, 0.8), "sig": (107, None, 0.8), "power": (107, 0.05, None)}[unknown]
    rr = R.call_py("helper:power_params", pars, nca, None, sig, pw, 1, "two.sided")
    ours = power_roc_test(pars, ncases=nca, sig_level=sig, power=pw)
    _cmp(parity_case, f"params-{partial}-{unknown}", ours, rr)


def test_proc_testthat_expectations(asah):
    """tests/testthat/test-power.roc.test.R of pROC (line numbers in the comments); testthat's expect_equal
    tolerance (1.5e-8 relative) where pROC gives no tolerance."""
    y = np.asarray(asah["outcome"])
    r_s100b, r_ndka, r_wfns = roc(y, asah["s100b"]), roc(y, asah["ndka"]), roc(y, asah["wfns"])
    tol = dict(rel=1e-6)
    res = power_roc_test(r_s100b)                                                            # :8-14
    assert (res.ncases, res.ncontrols, res.sig_level) == (41, 72, 0.05)
    assert res.power == pytest.approx(0.9904833, **tol)
    assert res.auc == r_s100b.auc
    res = power_roc_test(ncases=41, ncontrols=72, auc=0.73, sig_level=0.05)                   # :26-33
    assert res.power == pytest.approx(0.9897453, **tol)
    res = power_roc_test(auc=r_s100b.auc, sig_level=0.05, power=0.95, kappa=1.7)               # :44-51
    assert res.ncases == pytest.approx(29.29764, **tol) and res.ncontrols == pytest.approx(49.806, **tol)
    res = power_roc_test(ncases=41, ncontrols=72, auc=0.73, power=0.95, sig_level=None)        # :53-60
    assert res.sig_level == pytest.approx(0.009238584, **tol)
    res = power_roc_test(ncases=41, ncontrols=72, sig_level=0.05, power=0.95)                  # :62-69
    assert res.auc == pytest.approx(0.6961054, **tol)
    res = power_roc_test(r_ndka, r_wfns)                                                       # :71-80
    assert res.power == pytest.approx(0.7131594, **tol) and res.alternative == "two.sided"
    assert (res.auc1, res.auc2) == (r_ndka.auc, r_wfns.auc)
    res = power_roc_test(r_ndka, r_wfns, method="obuchowski")                                  # :94-103
    assert res.power == pytest.approx(0.8061004, **tol)
    res = power_roc_test(r_ndka, r_wfns, power=0.9)                                            # :105-114
    assert res.ncases == pytest.approx(64.77777, **tol) and res.ncontrols == pytest.approx(113.7561, **tol)
    res = power_roc_test(r_ndka, r_wfns, power=0.9, method="obuchowski")                       # :116-125
    assert res.ncases == pytest.approx(53.23685, **tol) and res.ncontrols == pytest.approx(93.48911, **tol)
    res = power_roc_test(r_ndka, r_wfns, power=0.9, sig_level=None)                            # :127-136
    assert res.sig_level == pytest.approx(0.1836639, **tol)
    res = power_roc_test(r_ndka, r_wfns, power=0.9, sig_level=None, method="obuchowski")       # :138-147
    assert res.sig_level == pytest.approx(0.1150686, **tol)
    res1 = power_roc_test(PARAMS, power=0.8, sig_level=0.05)                                   # :177-186
    assert res1.ncases == pytest.approx(107.0238, **tol) and res1.ncontrols == pytest.approx(107.0238, **tol)
    res2 = power_roc_test(PARAMS, power=0.8, sig_level=None, ncases=107)                       # :188-192
    assert res2.sig_level == pytest.approx(0.05004012, **tol)
    res3 = power_roc_test(PARAMS, power=None, sig_level=0.05, ncases=107)                      # :194-198
    assert res3.power == pytest.approx(0.7999286, **tol)
    res = power_roc_test(r_s100b, sig_level=0.05, power=0.9)                                   # :257-262
    assert res.ncases == pytest.approx(23.5598674, rel=1.5e-8) and res.ncontrols == pytest.approx(41.3734257, rel=1.5e-8)
    res = power_roc_test(r_s100b, sig_level=0.05, power=0.9, kappa=1)                          # :264-266
    assert res.ncases == pytest.approx(29.5697422, rel=1.5e-8)
    res = power_roc_test(r_s100b, r_ndka, sig_level=0.05, power=0.9)                           # :272-276
    assert res.ncases == pytest.approx(213.117677, rel=1.5e-8) and res.ncontrols == pytest.approx(374.255432, rel=1.5e-8)


def test_obuchowski_2004_table4():
    """test-power.roc.test.R:203-252: Obuchowski 2004, Table 4 (with pROC's two 'Fixed' cells)."""
    kappas = [0.25, 0.5, 1, 2, 4]
    thetas = [0.6, 0.7, 0.8, 0.9, 0.95]
    exp_controls = [[84, 20, 10, 10, 10], [101, 25, 10, 10, 10], [135, 33, 14, 10, 10], [203, 50, 21, 20, 20],
                    [340, 84, 40, 40, 40]]
    exp_cases = [[334, 80, 40, 40, 40], [202, 49, 20, 20, 20], [135, 33, 14, 10, 10], [102, 25, 11, 10, 10],
                 [85, 21, 10, 10, 10]]
    for (i, kappa), (j, theta) in itertools.product(enumerate(kappas), enumerate(thetas)):
        pr = power_roc_test(auc=theta, sig_level=0.05, power=0.9, kappa=kappa, alternative="one.sided")
        nco, nca = math.ceil(pr.ncontrols), math.ceil(pr.ncases)
        assert max(10, (10 if nca < 10 else 0) * kappa, nco) == exp_controls[i][j]
        assert max(10, (10 if nco < 10 else 0) / kappa, nca) == exp_cases[i][j]


def test_nothing_to_compute_and_bad_inputs_are_input_errors(asah):
    with pytest.raises(InputError, match="must be NULL"):
        power_roc_test(auc=0.8, ncases=30, ncontrols=30, power=0.9)
    with pytest.raises(InputError, match="'power' must range from 0 to 1"):
        power_roc_test(auc=0.8, ncases=30, ncontrols=30, power=1.5)
    with pytest.raises(InputError, match="'ncases' must be positive"):
        power_roc_test(auc=0.8, ncases=-3, ncontrols=30)
    with pytest.raises(InputError, match="Missing parameter"):
        power_roc_test({"A1": 1.0}, power=0.8)
    y = np.asarray(asah["outcome"])
    with pytest.raises(InputError, match="unpaired"):
        power_roc_test(roc(y, asah["s100b"]), roc(y[::-1], asah["ndka"]))
    for err in (lambda: power_roc_test(auc=0.8, ncases=30, ncontrols=30, power=0.9),):
        with pytest.raises(InputError) as ei:
            err()
        assert "\n" not in str(ei.value)

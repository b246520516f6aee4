"""pROC in full, part A (issue 21): roc(percent, partial.auc, levels, controls/cases, ordered), auc(), coords()
and ci.auc with a partial AUC, against live pROC 1.18.0 and pROC's own testthat expectations.

R values come from ``parity/r/roc_full.R`` through the bridge on the same data (aSAH from pROC's package
data, fetched through the bridge; random data generated here with fixed seeds and passed to R as data).
The ported expectations are pROC's tests/testthat/test-auc.R (github:xrobin/pROC at ee2877e); each row cites
its line.
"""
from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pytest

from cmvt_core import InputError, RWarning, auc, roc, roc_test

pytestmark = pytest.mark.r

ALL_RET = ["threshold", "specificity", "sensitivity", "accuracy", "tn", "tp", "fn", "fp", "npv", "ppv", "fdr",
           "fpr", "tpr", "tnr", "fnr", "1-specificity", "1-sensitivity", "1-accuracy", "1-npv", "1-ppv",
           "precision", "recall", "youden", "closest.topleft"]


@pytest.fixture(scope="module")
def R(r_bridge):
    r_bridge.library("pROC")
    r_bridge.source("roc_ci_coords.R")  # its .cic_collect collects roc_full.R's warnings and errors
    r_bridge.source("roc_full.R")
    r_bridge.source("roc.R")
    return r_bridge


@pytest.fixture(scope="module")
def asah(R):
    a = R.call_py("helper:rf_asah")
    wfns = pd.Categorical.from_codes(np.asarray(a["wfns"]) - 1, categories=list(a["wfns_levels"]), ordered=True)
    return {"y": np.asarray(a["outcome"]), "y_text": np.asarray(a["outcome_text"]), "s100b": np.asarray(a["s100b"]),
            "ndka": np.asarray(a["ndka"]), "wfns": wfns, "wfns_codes": np.asarray(a["wfns"])}


def _num(v):
    return float(np.atleast_1d(v)[0])


# ------------------------------------------------------------------ pROC's test-auc.R, ported
# (marker, percent, partial.auc, focus, correct, expected): r.<marker>[.percent] = roc(aSAH$outcome, aSAH$<marker>)
AUC_CASES = [
    ('wfns', False, None, 'specificity', False, 0.823678861788618),  # test-auc.R:7
    ('wfns', True, None, 'specificity', False, 82.3678861788618),  # test-auc.R:8
    ('ndka', False, None, 'specificity', False, 0.611957994579946),  # test-auc.R:10
    ('ndka', True, None, 'specificity', False, 61.1957994579946),  # test-auc.R:11
    ('wfns', False, (1.0, 0.9), 'specificity', False, 0.0334417344173442),  # test-auc.R:16
    ('wfns', True, (100.0, 90.0), 'specificity', False, 3.34417344173442),  # test-auc.R:17
    ('wfns', False, (0.9, 1.0), 'specificity', False, 0.0334417344173442),  # test-auc.R:19
    ('wfns', True, (90.0, 100.0), 'specificity', False, 3.34417344173442),  # test-auc.R:20
    ('wfns', False, (0.9, 0.8), 'specificity', False, 0.0598373983739837),  # test-auc.R:23
    ('wfns', True, (90.0, 80.0), 'specificity', False, 5.98373983739837),  # test-auc.R:24
    ('wfns', False, (0.5, 0.0), 'specificity', False, 0.488134475939354),  # test-auc.R:25
    ('wfns', True, (50.0, 0.0), 'specificity', False, 48.8134475939354),  # test-auc.R:26
    ('ndka', False, (1.0, 0.9), 'specificity', False, 0.0107046070460705),  # test-auc.R:29
    ('ndka', True, (100.0, 90.0), 'specificity', False, 1.07046070460705),  # test-auc.R:30
    ('ndka', False, (0.9, 1.0), 'specificity', False, 0.0107046070460705),  # test-auc.R:32
    ('ndka', True, (90.0, 100.0), 'specificity', False, 1.07046070460705),  # test-auc.R:33
    ('ndka', False, (0.9, 0.8), 'specificity', False, 0.0277777777777778),  # test-auc.R:36
    ('ndka', True, (90.0, 80.0), 'specificity', False, 2.77777777777778),  # test-auc.R:37
    ('ndka', False, (0.5, 0.0), 'specificity', False, 0.416836043360434),  # test-auc.R:38
    ('ndka', True, (50.0, 0.0), 'specificity', False, 41.6836043360434),  # test-auc.R:39
    ('wfns', False, (1.0, 0.0), 'specificity', False, 0.823678861788618),  # test-auc.R:42
    ('wfns', True, (100.0, 0.0), 'specificity', False, 82.3678861788618),  # test-auc.R:43
    ('ndka', False, (1.0, 0.0), 'specificity', False, 0.611957994579946),  # test-auc.R:45
    ('ndka', True, (100.0, 0.0), 'specificity', False, 61.1957994579946),  # test-auc.R:46
    ('wfns', False, (1.0, 0.9), 'sensitivity', False, 0.0400999322493225),  # test-auc.R:51
    ('wfns', True, (100.0, 90.0), 'sensitivity', False, 4.00999322493225),  # test-auc.R:52
    ('wfns', False, (0.9, 1.0), 'sensitivity', False, 0.0400999322493225),  # test-auc.R:54
    ('wfns', True, (90.0, 100.0), 'sensitivity', False, 4.00999322493225),  # test-auc.R:55
    ('wfns', False, (0.9, 0.8), 'sensitivity', False, 0.0609953703703703),  # test-auc.R:58
    ('wfns', True, (90.0, 80.0), 'sensitivity', False, 6.09953703703703),  # test-auc.R:59
    ('wfns', False, (0.5, 0.0), 'sensitivity', False, 0.483358739837398),  # test-auc.R:60
    ('wfns', True, (50.0, 0.0), 'sensitivity', False, 48.3358739837398),  # test-auc.R:61
    ('ndka', False, (1.0, 0.9), 'sensitivity', False, 0.0037940379403794),  # test-auc.R:64
    ('ndka', True, (100.0, 90.0), 'sensitivity', False, 0.37940379403794),  # test-auc.R:65
    ('ndka', False, (0.9, 1.0), 'sensitivity', False, 0.0037940379403794),  # test-auc.R:67
    ('ndka', True, (90.0, 100.0), 'sensitivity', False, 0.37940379403794),  # test-auc.R:68
    ('ndka', False, (0.9, 0.8), 'sensitivity', False, 0.0242547425474255),  # test-auc.R:71
    ('ndka', True, (90.0, 80.0), 'sensitivity', False, 2.42547425474255),  # test-auc.R:72
    ('ndka', False, (0.5, 0.0), 'sensitivity', False, 0.428523035230352),  # test-auc.R:73
    ('ndka', True, (50.0, 0.0), 'sensitivity', False, 42.8523035230352),  # test-auc.R:74
    ('wfns', False, (1.0, 0.0), 'sensitivity', False, 0.823678861788618),  # test-auc.R:77
    ('wfns', True, (100.0, 0.0), 'sensitivity', False, 82.3678861788618),  # test-auc.R:78
    ('ndka', False, (1.0, 0.0), 'sensitivity', False, 0.611957994579946),  # test-auc.R:80
    ('ndka', True, (100.0, 0.0), 'sensitivity', False, 61.1957994579946),  # test-auc.R:81
    ('wfns', False, (1.0, 0.9), 'specificity', True, 0.649693339038653),  # test-auc.R:86
    ('wfns', True, (100.0, 90.0), 'specificity', True, 64.9693339038653),  # test-auc.R:87
    ('wfns', False, (0.9, 1.0), 'specificity', True, 0.649693339038653),  # test-auc.R:89
    ('wfns', True, (90.0, 100.0), 'specificity', True, 64.9693339038653),  # test-auc.R:90
    ('wfns', False, (0.9, 0.8), 'specificity', True, 0.763749402199904),  # test-auc.R:93
    ('wfns', True, (90.0, 80.0), 'specificity', True, 76.3749402199904),  # test-auc.R:94
    ('wfns', False, (0.5, 0.0), 'specificity', True, 0.952537903757416),  # test-auc.R:95
    ('wfns', True, (50.0, 0.0), 'specificity', True, 95.2537903757416),  # test-auc.R:96
    ('ndka', False, (1.0, 0.9), 'specificity', True, 0.530024247610897),  # test-auc.R:99
    ('ndka', True, (100.0, 90.0), 'specificity', True, 53.0024247610897),  # test-auc.R:100
    ('ndka', False, (0.9, 1.0), 'specificity', True, 0.530024247610897),  # test-auc.R:102
    ('ndka', True, (90.0, 100.0), 'specificity', True, 53.0024247610897),  # test-auc.R:103
    ('ndka', False, (0.9, 0.8), 'specificity', True, 0.575163398692811),  # test-auc.R:106
    ('ndka', True, (90.0, 80.0), 'specificity', True, 57.5163398692811),  # test-auc.R:107
    ('ndka', False, (0.5, 0.0), 'specificity', True, 0.667344173441734),  # test-auc.R:108
    ('ndka', True, (50.0, 0.0), 'specificity', True, 66.7344173441734),  # test-auc.R:109
    ('wfns', False, (1.0, 0.0), 'specificity', True, 0.823678861788618),  # test-auc.R:112
    ('wfns', True, (100.0, 0.0), 'specificity', True, 82.3678861788618),  # test-auc.R:113
    ('ndka', False, (1.0, 0.0), 'specificity', True, 0.611957994579946),  # test-auc.R:115
    ('ndka', True, (100.0, 0.0), 'specificity', True, 61.1957994579946),  # test-auc.R:116
    ('wfns', False, (1.0, 0.9), 'sensitivity', True, 0.68473648552275),  # test-auc.R:121
    ('wfns', True, (100.0, 90.0), 'sensitivity', True, 68.473648552275),  # test-auc.R:122
    ('wfns', False, (0.9, 1.0), 'sensitivity', True, 0.68473648552275),  # test-auc.R:124
    ('wfns', True, (90.0, 100.0), 'sensitivity', True, 68.473648552275),  # test-auc.R:125
    ('wfns', False, (0.9, 0.8), 'sensitivity', True, 0.770561002178649),  # test-auc.R:128
    ('wfns', True, (90.0, 80.0), 'sensitivity', True, 77.0561002178649),  # test-auc.R:129
    ('wfns', False, (0.5, 0.0), 'sensitivity', True, 0.933434959349593),  # test-auc.R:130
    ('wfns', True, (50.0, 0.0), 'sensitivity', True, 93.3434959349593),  # test-auc.R:131
    ('ndka', False, (1.0, 0.9), 'sensitivity', True, math.nan),  # test-auc.R:136
    ('ndka', True, (100.0, 90.0), 'sensitivity', True, math.nan),  # test-auc.R:137
    ('ndka', False, (0.9, 1.0), 'sensitivity', True, math.nan),  # test-auc.R:141
    ('ndka', True, (90.0, 100.0), 'sensitivity', True, math.nan),  # test-auc.R:142
    ('ndka', False, (0.9, 0.8), 'sensitivity', True, 0.554439662043679),  # test-auc.R:145
    ('ndka', True, (90.0, 80.0), 'sensitivity', True, 55.4439662043679),  # test-auc.R:146
    ('ndka', False, (0.5, 0.0), 'sensitivity', True, 0.714092140921409),  # test-auc.R:147
    ('ndka', True, (50.0, 0.0), 'sensitivity', True, 71.4092140921409),  # test-auc.R:148
    ('wfns', False, (1.0, 0.0), 'sensitivity', True, 0.823678861788618),  # test-auc.R:151
    ('wfns', True, (100.0, 0.0), 'sensitivity', True, 82.3678861788618),  # test-auc.R:152
    ('ndka', False, (1.0, 0.0), 'sensitivity', True, 0.611957994579946),  # test-auc.R:154
    ('ndka', True, (100.0, 0.0), 'sensitivity', True, 61.1957994579946),  # test-auc.R:155
]


def test_proc_testthat_auc(asah):
    rocs = {(mk, pct): roc(asah["y"], asah[mk], percent=pct) for mk in ("wfns", "ndka") for pct in (False, True)}
    for mk, pct, pa, focus, correct, expected in AUC_CASES:
        r = rocs[(mk, pct)]
        with warnings.catch_warnings(record=True) as rec:
            warnings.simplefilter("always")
            got = auc(r, partial_auc=pa, partial_auc_focus=focus, partial_auc_correct=correct)
        if math.isnan(expected):  # test-auc.R expects NA with a warning (correction below the diagonal)
            assert math.isnan(got)
            assert any("Partial AUC correction not defined" in str(w.message) for w in rec)
        else:  # testthat's expect_equal: relative 1.5e-8; the printed expectations have 15 digits
            assert got == pytest.approx(expected, rel=1e-13), (mk, pct, pa, focus, correct)


def test_proc_testthat_roc_partial_fields(asah):
    # helper-rocs.R:11, 15, 19: r.wfns.partial / .partial1 / .percent.partial1
    r = roc(asah["y"], asah["wfns"], partial_auc=(1, 0.9))
    assert r.partial_auc == (1.0, 0.9) and r.partial_auc_focus == "specificity" and not r.partial_auc_correct
    assert r.auc == pytest.approx(0.0334417344173442, rel=1e-13)  # test-auc.R:15 (same interval)
    rp = roc(asah["y"], asah["wfns"], percent=True, partial_auc=(90, 99))
    assert rp.percent and rp.partial_auc == (99.0, 90.0)
    assert "Partial area under the curve (specificity 99%-90%)" in str(rp)


# ------------------------------------------------------------------ live: roc() and auc()
def _data(seed, n=150, ties=True, flip=False):
    g = np.random.default_rng(seed)
    y = (g.random(n) < 0.4).astype(int)
    p = g.normal(size=n) + (-0.8 if flip else 0.8) * y
    if ties:
        p = np.round(p, 1)
    return y, p


PAS = [None, (1, 0.9), (0.9, 0.8), (0.5, 0), (1, 0), (0.93, 0.91), (0.8, 0.99)]


@pytest.mark.parametrize("seed", range(8))
def test_roc_auc_sweep(seed, R, parity_case):
    y, p = _data(seed, n=[40, 150, 300, 25, 90, 200, 60, 500][seed], ties=seed % 2 == 0, flip=seed % 3 == 0)
    cmp = parity_case(f"roc-full-sweep-{seed}")
    for direction in ("auto", "<", ">"):
        for percent in (False, True):
            pct = 100 if percent else 1
            for pa in PAS:
                for focus in ("specificity", "sensitivity"):
                    for correct in (False, True):
                        if pa is None and (focus != "specificity" or correct):
                            continue
                        pa_r = None if pa is None else [v * pct for v in pa]
                        rr = R.call_py("helper:rf_roc", y, p, direction, percent, pa_r, focus, correct)
                        with warnings.catch_warnings(record=True) as rec:
                            warnings.simplefilter("always")
                            r = roc(y, p, direction=direction, percent=percent, partial_auc=pa_r,
                                    partial_auc_focus=focus, partial_auc_correct=correct)
                        assert r.direction == str(np.atleast_1d(rr["direction"])[0])
                        cmp.add("pROC.partial_auc" if pa else "pROC.auc", r.auc, _num(rr["auc"]))
                        cmp.add("pROC.sensitivities", r.sensitivities, np.asarray(rr["sensitivities"]))
                        cmp.add("pROC.specificities", r.specificities, np.asarray(rr["specificities"]))
                        cmp.add("pROC.thresholds", r.thresholds, np.asarray(rr["thresholds"]))
                        r_warn = [str(w) for w in np.atleast_1d(rr["warnings"])]
                        ours_w = [str(w.message) for w in rec if issubclass(w.category, RWarning)]
                        assert any("correction not defined" in w for w in r_warn) == \
                            any("correction not defined" in w for w in ours_w)
                        # auc() on the full curve with the same arguments equals pROC::auc(r, ...)
                        if pa is not None:
                            ra = R.call_py("helper:rf_auc", y, p, direction, percent, pa_r, focus, correct)
                            with warnings.catch_warnings():
                                warnings.simplefilter("ignore", RWarning)
                                full = roc(y, p, direction=direction, percent=percent)
                                got = auc(full, partial_auc=pa_r, partial_auc_focus=focus,
                                          partial_auc_correct=correct)
                            cmp.add("pROC.partial_auc", got, _num(ra["auc"]))
    cmp.assert_ok()


def test_levels_controls_cases_ordered(asah, R, parity_case):
    cmp = parity_case("roc-full-forms")
    # levels on a text outcome, both orders of the levels (reversing them swaps cases and controls)
    for lv in (("Good", "Poor"), ("Poor", "Good")):
        rr = R.call_py("helper:rf_roc_levels", asah["y_text"], asah["s100b"], list(lv))
        r = roc(asah["y_text"], asah["s100b"], levels=lv)
        assert r.levels == lv and r.n_cases == int(_num(rr["ncases"]))
        cmp.add("pROC.auc", r.auc, _num(rr["auc"]))
        cmp.add("pROC.sensitivities", r.sensitivities, np.asarray(rr["sensitivities"]))
        cmp.add("pROC.thresholds", r.thresholds, np.asarray(rr["thresholds"]))
    # a text outcome without levels: R's sorted factor levels (Good = control, Poor = case)
    assert roc(asah["y_text"], asah["s100b"]).auc == roc(asah["y"], asah["s100b"]).auc
    # controls/cases form, with percent
    y, p = asah["y"], asah["ndka"]
    for percent in (False, True):
        rr = R.call_py("helper:rf_roc_cc", p[y == 0], p[y == 1], "auto", percent)
        r = roc(controls=p[y == 0], cases=p[y == 1], percent=percent)
        cmp.add("pROC.auc", r.auc, _num(rr["auc"]))
        cmp.add("pROC.sensitivities", r.sensitivities, np.asarray(rr["sensitivities"]))
        cmp.add("pROC.specificities", r.specificities, np.asarray(rr["specificities"]))
        cmp.add("pROC.thresholds", r.thresholds, np.asarray(rr["thresholds"]))
    # an ordered Categorical predictor (aSAH$wfns), both directions
    for direction in ("auto", ">"):
        rr = R.call_py("helper:rf_roc_ordered", asah["y"], asah["wfns_codes"], list(asah["wfns"].categories),
                       direction)
        r = roc(asah["y"], asah["wfns"], direction=direction)
        cmp.add("pROC.auc", r.auc, _num(rr["auc"]))
        cmp.add("pROC.thresholds", r.thresholds, np.asarray(rr["thresholds"]))
        cmp.add("pROC.sensitivities", r.sensitivities, np.asarray(rr["sensitivities"]))
    cmp.assert_ok()
    with pytest.raises(InputError, match="unordered Categorical"):
        roc(asah["y"], pd.Categorical(asah["wfns"], ordered=False))
    with pytest.raises(InputError, match="incompatible"):
        roc(asah["y"], asah["s100b"], controls=[1.0], cases=[2.0])


# ------------------------------------------------------------------ live: coords()
COORDS_CASES = [
    # x, input
    (None, "threshold"), ("all", "threshold"), ("best", "threshold"), ("local maximas", "threshold"),
    ([-np.inf, 0.0, 0.05, 0.3, 0.35, 1.2, np.inf], "threshold"),
    ([0.0, 0.1, 0.33, 0.5, 0.9, 1.0], "specificity"), ([0.0, 0.25, 0.5, 0.8, 1.0], "sensitivity"),
    ([0.0, 0.3, 0.9], "1-specificity"), ([0.2, 0.6], "fpr"), ([0.5, 0.7], "recall"),
]


def _coords_case(R, y, p, direction, percent, pa, focus, x, input_, ret, bm, weights):
    pct = 100.0 if percent else 1.0
    xr = x
    if not isinstance(x, (str, type(None))) and input_ not in ("threshold", "tp", "fp", "tn", "fn"):
        xr = [v * pct for v in x]
    pa_r = None if pa is None else [v * pct for v in pa]
    rr = R.call_py("helper:rf_coords", y, p, direction, percent, pa_r, focus,
                   None if xr is None else (xr if isinstance(xr, str) else np.asarray(xr, dtype=float)),
                   input_, list(ret), bm, list(weights))
    r = roc(y, p, direction=direction, percent=percent, partial_auc=pa_r, partial_auc_focus=focus)
    with warnings.catch_warnings(record=True) as rec:
        warnings.simplefilter("always")
        try:
            ours = r.coords(xr, input=input_, ret=ret, best_method=bm, best_weights=weights)
        except InputError as exc:
            ours = exc
    return rr, ours, rec


@pytest.mark.parametrize("seed", range(4))
def test_coords_sweep(seed, R, parity_case):
    y, p = _data(100 + seed, n=[60, 200, 35, 120][seed], ties=seed != 1, flip=seed == 2)
    cmp = parity_case(f"coords-full-{seed}")
    n_cmp = 0
    for direction in ("auto", ">") if seed < 2 else ("<",):
        for percent in (False, True):
            for pa, focus in ((None, "specificity"), ((1, 0.8), "specificity"), ((0.9, 0.6), "sensitivity")):
                for x, input_ in COORDS_CASES:
                    for bm, weights in (("youden", (1, 0.5)), ("closest.topleft", (2, 0.3))):
                        if bm != "youden" and x != "best":
                            continue
                        for ret in (ALL_RET, ("threshold", "specificity", "sensitivity", bm)):
                            rr, ours, rec = _coords_case(R, y, p, direction, percent, pa, focus, x, input_, ret, bm,
                                                         weights)
                            if rr.get("error") is not None:
                                assert isinstance(ours, InputError), (rr["error"], x, input_)
                                continue
                            assert not isinstance(ours, Exception), (ours, x, input_)
                            if rr.get("null") is not None:
                                assert ours.shape[0] == 0
                                assert any("No coordinates found" in str(w.message) for w in rec)
                                continue
                            assert list(ours.columns) == [str(v) for v in np.atleast_1d(rr["names"])]
                            for nm, col in rr["columns"].items():
                                cmp.add(f"pROC.coords.{nm}", ours[nm].to_numpy(dtype=float),
                                        np.asarray(col, dtype=float))
                            n_cmp += 1
    cmp.assert_ok()
    assert n_cmp > 100


def test_coords_asah_percent_best(asah, R, parity_case):
    cmp = parity_case("coords-asah")
    for mk in ("s100b", "ndka"):
        for percent in (False, True):
            rr, ours, _ = _coords_case(R, asah["y"], asah[mk], "auto", percent, None, "specificity", "best",
                                       "threshold", ["all"], "closest.topleft", (1, 0.5))
            for nm, col in rr["columns"].items():
                cmp.add(f"pROC.coords.{nm}", ours[nm].to_numpy(dtype=float), np.asarray(col, dtype=float))
    cmp.assert_ok()


def test_coords_bad_input():
    r = roc([0, 0, 1, 1, 0, 1], [0.1, 0.4, 0.35, 0.8, 0.2, 0.7])
    with pytest.raises(InputError, match="'bogus'"):
        r.coords(ret="bogus")
    with pytest.raises(InputError, match="not monotone"):
        r.coords(0.5, input="accuracy")
    with pytest.raises(InputError, match="not in range"):
        r.coords(1.5, input="specificity")
    with pytest.raises(InputError, match="can't be used with other"):
        r.coords(ret=["all", "tp"])


# ------------------------------------------------------------------ live: ci_auc with a partial AUC
@pytest.mark.parametrize("pa,focus,correct,percent,stratified", [
    ((1, 0.8), "specificity", False, False, True), ((1, 0.8), "specificity", True, False, True),
    ((0.9, 0.7), "sensitivity", True, True, False), ((0.95, 0.85), "sensitivity", False, True, True),
    (None, "specificity", False, True, True),
])
def test_ci_auc_partial(pa, focus, correct, percent, stratified, R, parity_case):
    y, p = _data(7, n=120)
    pct = 100.0 if percent else 1.0
    pa_r = None if pa is None else [v * pct for v in pa]
    rr = R.call_py("helper:rf_ci_auc", y, p, "auto", percent, pa_r, focus, correct, None, 200, stratified, 3)
    r = roc(y, p, percent=percent, partial_auc=pa_r, partial_auc_focus=focus, partial_auc_correct=correct)
    ci = r.ci_auc(boot_n=200, boot_stratified=stratified, seed=3)
    assert ci.method == ("bootstrap" if pa else "delong")
    cmp = parity_case(f"ci-auc-partial-{pa}-{focus}-{correct}-{percent}")
    cmp.add("pROC.ci_boot" if pa else "pROC.ci_delong", np.array(ci), np.asarray(rr["ci"]))
    cmp.assert_ok()
    if pa is not None:  # pROC: DeLong is refused for a partial AUC
        rd = R.call_py("helper:rf_ci_auc", y, p, "auto", percent, pa_r, focus, correct, "delong", 10, True, 1)
        assert "DeLong method is not supported for partial AUC" in str(np.atleast_1d(rd["error"])[0])
        with pytest.raises(InputError, match="DeLong method is not supported for partial AUC"):
            r.ci_auc(method="delong")
        with pytest.raises(InputError, match="DeLong method is not supported for partial AUC"):
            r.var()


# ------------------------------------------------------------------ the unpaired DeLong test of two perfect curves
def test_unpaired_delong_two_perfect_curves(R):
    y1, p1 = np.array([0, 0, 1, 1]), np.array([1.0, 2, 3, 4])
    y2, p2 = np.array([0, 0, 0, 1, 1]), np.array([1.0, 2, 3, 4, 5])
    rr = R.call_py("helper:roc_test_unpaired", y1, p1, y2, p2)
    assert math.isnan(_num(rr["statistic"])) and math.isnan(_num(rr["p_value"]))
    with pytest.warns(RWarning, match=r"AUC == 1 has always p.value = 1"):
        t = roc_test(roc(y1, p1), roc(y2, p2))
    assert math.isnan(t.statistic) and math.isnan(t.p_value) and math.isnan(t.parameter)
    assert [str(w) for w in np.atleast_1d(rr["warnings"])] == [
        "roc.test() of two ROC curves with AUC == 1 has always p.value = 1 and can be misleading."]


def test_partial_auc_bad_bounds():
    y, p = [0, 0, 1, 1, 0, 1], [0.1, 0.4, 0.35, 0.8, 0.2, 0.7]
    with pytest.raises(InputError, match="partial_auc"):
        roc(y, p, partial_auc=(1.2, 0.8))
    with pytest.raises(InputError, match="partial_auc"):
        roc(y, p, percent=True, partial_auc=(100, -1))
    with pytest.raises(InputError, match="partial_auc"):
        auc(roc(y, p), partial_auc=(0.9,))


# ------------------------------------------------------------------ percent in ci_coords / ci_se / ci_sp
@pytest.mark.parametrize("x,input_,bm", [("best", "threshold", "youden"), ("best", "threshold", "closest.topleft"),
                                         ([0.0, 0.3, 0.8], "threshold", "youden"),
                                         ([0.5, 0.9], "specificity", "youden")])
def test_ci_coords_percent(x, input_, bm, R, parity_case):
    y, p = _data(11, n=90)
    ret = ["specificity", "sensitivity", "tp", "accuracy", "npv", "closest.topleft", "youden"]
    if input_ == "threshold" or x == "best":
        ret = ["threshold", *ret]
    xr = x if isinstance(x, str) else np.asarray(x, dtype=float)
    rr = R.call_py("helper:rf_ci_coords_pct", y, p, xr, input_, ret, bm, 150, 4)
    assert rr.get("error") is None, rr.get("error")
    ours = roc(y, p, percent=True).ci_coords(x, input=input_, ret=ret, best_method=bm, best_policy="random",
                                             boot_n=150, seed=4)
    cmp = parity_case(f"ci-coords-percent-{input_}-{bm}")
    for nm, rm in zip(ret, rr["ci"]):
        om = ours[ours["ret"] == nm][["lower", "median", "upper"]].to_numpy()
        cmp.add(f"pROC.ci_coords.{nm}", om, np.asarray(rm, dtype=float).reshape(om.shape))
    cmp.assert_ok()


@pytest.mark.parametrize("values,by_se", [(None, False), ([80.0, 90.0, 95.5], False), (None, True),
                                          ([50.0, 75.0], True)])
def test_ci_se_sp_percent(values, by_se, R, parity_case):
    y, p = _data(12, n=80)
    rr = R.call_py("helper:rf_ci_sesp_pct", y, p, None if values is None else np.asarray(values), by_se, 150, 6)
    assert rr.get("error") is None, rr.get("error")
    r = roc(y, p, percent=True)
    ours = (r.ci_sp if by_se else r.ci_se)(values, boot_n=150, seed=6)
    cmp = parity_case(f"ci-sesp-percent-{by_se}-{values}")
    cmp.add("pROC.ci_sp.ci" if by_se else "pROC.ci_se.ci", ours[["lower", "median", "upper"]].to_numpy(),
            np.asarray(rr["ci"], dtype=float).reshape(-1, 3))
    cmp.assert_ok()


# ------------------------------------------------------------------ pROC's test-coords.R, ported (the parts that
# hold for pROC 1.18.0: the devel file also has lr_pos/lr_neg and interpolated partial-AUC ends, which 1.18.0 lacks)
@pytest.fixture(scope="module")
def s100b(asah):
    y, p = asah["y"], asah["s100b"]
    return {"r": roc(y, p), "pct": roc(y, p, percent=True), "rev": roc(y, p, direction=">"),
            "partial1": roc(y, p, partial_auc=(0.9, 0.99)),  # helper-rocs.R:17
            "partial2": roc(y, p, partial_auc=(0.9, 0.99), partial_auc_focus="sensitivity")}  # helper-rocs.R:23


def test_proc_testthat_coords(s100b):
    r, rp = s100b["r"], s100b["pct"]
    allc = r.coords("all", ret="all")
    assert allc.shape == (51, 24)  # test-coords.R:57 (26 columns in pROC devel: + lr_pos, lr_neg)
    assert r.coords().equals(r.coords("all"))  # test-coords.R:12-13, all thresholds by default
    with pytest.raises(InputError, match="length 0"):
        r.coords(np.array([]))  # test-coords.R:16
    with pytest.raises(InputError):
        r.coords("all", ret=["all", "thresholds"])  # test-coords.R:63
    # test-coords.R:68-73: percent columns / 100 equal the plain ones
    pc = ["specificity", "sensitivity", "accuracy", "npv", "ppv", "1-specificity", "1-sensitivity", "1-accuracy",
          "1-npv", "1-ppv", "youden", "closest.topleft", "fdr", "fpr", "tpr", "tnr", "fnr", "precision", "recall"]
    op = rp.coords("all", ret="all")
    op[pc] = op[pc] / 100
    np.testing.assert_allclose(op.to_numpy(float), allc.to_numpy(float), rtol=1.5e-8)
    # test-coords.R:81-90: the local maxima thresholds (hex floats)
    lm = [-np.inf] + [float.fromhex(h) for h in (
        "0x1.0a3d70a3d70a4p-4", "0x1.3333333333334p-4", "0x1.5c28f5c28f5c2p-4", "0x1.851eb851eb852p-4",
        "0x1.ae147ae147ae2p-4", "0x1.d70a3d70a3d7p-4", "0x1.147ae147ae148p-3", "0x1.3d70a3d70a3d7p-3",
        "0x1.a3d70a3d70a3ep-3", "0x1.f5c28f5c28f5cp-3", "0x1.28f5c28f5c29p-2", "0x1.4cccccccccccdp-2",
        "0x1.6147ae147ae14p-2", "0x1.947ae147ae148p-2", "0x1.bd70a3d70a3d7p-2", "0x1.e666666666666p-2",
        "0x1.f0a3d70a3d70ap-2", "0x1.051eb851eb852p-1")]
    assert r.coords("local maximas")["threshold"].tolist() == lm
    # test-coords.R:98: the best threshold is 0.205
    best = r.coords("best", ret="all")
    assert best.shape[0] == 1 and abs(best["threshold"].iloc[0] - 0.205) < 0.001
    # test-coords.R:105: thresholds 0.205 and 0.055 are rows 18 and 4 of coords("all")
    two = r.coords([0.205, 0.055], input="threshold", ret="all")
    np.testing.assert_allclose(two.to_numpy(float), allc.iloc[[17, 3]].to_numpy(float), rtol=1.5e-8)  # expect_equivalent
    # test-coords.R:113: at data values 0.05 and 0.52: rows 3 and 40 (threshold column aside)
    ex = r.coords([0.05, 0.52], input="threshold", ret="all")
    np.testing.assert_array_equal(ex.iloc[:, 1:].to_numpy(float), allc.iloc[[2, 39], 1:].to_numpy(float))
    # test-coords.R:151-156 and 159-164: input sensitivity (plain and percent)
    sp_exp = [1, 1, 1, 0.972222222222222, 0.888888888888889, 0.833333333333333, 0.805555555555556, 0.56875,
              0.447222222222222, 0.230555555555556, 0]
    for rr_, k in ((r, 1.0), (rp, 100.0)):
        o = rr_.coords(np.arange(11) / 10 * k, input="sensitivity")
        assert o["threshold"].iloc[0] == np.inf and o["threshold"].iloc[-1] == -np.inf
        assert o["threshold"].iloc[1:-1].isna().all()
        np.testing.assert_allclose(o["specificity"], np.array(sp_exp) * k, rtol=1.5e-8)
    # test-coords.R:167-180: input specificity (plain and percent)
    se_exp = [1, 0.975609756097561, 0.921951219512195, 0.879674796747967, 0.823693379790941, 0.774390243902439,
              0.675609756097561, 0.655284552845528, 0.634146341463415, 0.390243902439024, 0.292682926829268]
    for rr_, k in ((r, 1.0), (rp, 100.0)):
        o = rr_.coords(np.arange(11) / 10 * k, input="specificity")
        assert o["threshold"].iloc[0] == -np.inf and o["threshold"].iloc[-1] == 0.51
        np.testing.assert_allclose(o["sensitivity"], np.array(se_exp) * k, rtol=1.5e-8)
    # test-coords.R:198-244: the basic values at 0.205 (tp 26, fp 14, tn 58, fn 15), pROC's aliases
    names = ["t", "tp", "fp", "tn", "fn", "sp", "se", "acc", "npv", "ppv", "precision", "recall", "tpr", "fpr", "tnr",
             "fnr", "fdr"]
    exp = [0.205, 26, 14, 58, 15, 58 / 72, 26 / 41, 84 / 113, 58 / 73, 26 / 40, 26 / 40, 26 / 41, 26 / 41,
           1 - 58 / 72, 58 / 72, 1 - 26 / 41, 14 / 40]
    o = r.coords(0.205, ret=names)
    np.testing.assert_allclose(o.to_numpy(float)[0], exp, rtol=1.5e-8)
    op = rp.coords(0.205, ret=names).to_numpy(float)[0]
    np.testing.assert_allclose(op[:5], exp[:5], rtol=1.5e-8)
    np.testing.assert_allclose(op[5:], np.array(exp[5:]) * 100, rtol=1.5e-8)
    # test-coords.R:458-463 and 535-540: partial AUC restricts best and local maxima
    # (testthat's expect_equal compares to 1.5e-8: the thresholds are midpoints such as 0.07500000000000001)
    assert s100b["partial1"].coords("b", ret="t")["threshold"].tolist() == pytest.approx([0.475], rel=1.5e-8)
    assert s100b["partial2"].coords("b", ret="t")["threshold"].tolist() == pytest.approx([0.075], rel=1.5e-8)
    assert s100b["partial1"].coords("local maximas", ret="t")["threshold"].tolist() == pytest.approx(
        [0.435, 0.475, 0.485], rel=1.5e-8)
    assert s100b["partial2"].coords("local maximas", ret="t")["threshold"].tolist() == pytest.approx(
        [0.065, 0.075], rel=1.5e-8)
    # test-coords.R:543-561: invalid best.weights and best.method
    for w in ((1,), (0, 1), (1, 2, 3)):
        with pytest.raises(InputError):
            r.coords("best", best_weights=w)
    r.coords("best", best_weights=(0.1, 0.9))
    for bm in (1, "1"):
        with pytest.raises(InputError):
            r.coords("best", best_method=bm)
    # test-coords.R:563-583: se/sp out of range
    for inp in ("sens", "spec"):
        for v in (-2, 10):
            with pytest.raises(InputError):
                r.coords(v, input=inp)
        r.coords(0, input=inp)
        r.coords(1, input=inp)
        for v in (-2, 101):
            with pytest.raises(InputError):
                rp.coords(v, input=inp)
        for v in (0, 10, 100):
            rp.coords(v, input=inp)
    # test-coords.R:585-592: invalid x
    with pytest.raises(InputError):
        r.coords("c")
    # test-coords.R:600-604: infinite thresholds, direction "<"
    co = r.coords([-np.inf, np.inf])
    assert co.to_numpy(float).tolist() == [[-np.inf, 0.0, 1.0], [np.inf, 1.0, 0.0]]
    # test-coords.R:606-617: the right end of flat bits
    assert r.coords(0.975609756097561, input="se", ret="sp")["specificity"].iloc[0] == pytest.approx(
        0.13888888888888889, rel=1e-15)
    assert r.coords(1, input="sp", ret="se")["sensitivity"].iloc[0] == pytest.approx(0.2926829268292683, rel=1e-15)


def test_proc_testthat_coords_infinite_gt():
    # test-coords.R:594-598: direction ">" on the Outcome/Value data of that test
    out = [1, 1, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 0, 1, 1, 1, 1, 0, 1, 1, 0, 1, 0, 1, 1, 1, 1]
    val = [72, 65, 271, 73, 87, 114, 111, 47, 88, 44, 121, 207, 33, 138, 284, 62, 120, 116, 202, 172, 117, 69, 102,
           150, 131, 77, 124, 46, 579, 117, 96, 83, 102]
    co = roc(out, val, direction=">").coords([-np.inf, np.inf])
    assert co.to_numpy(float).tolist() == [[-np.inf, 1.0, 0.0], [np.inf, 0.0, 1.0]]


# ------------------------------------------------------------------ pROC's test-roc.R main loop (lines 11-48), live
@pytest.mark.parametrize("marker", ["ndka", "wfns", "s100b"])
def test_proc_testthat_roc_loop(marker, asah, R, parity_case):
    levels = {"forward": ("Good", "Poor"), "reversed": ("Poor", "Good")}  # test-roc.R:4-7
    cmp = parity_case(f"test-roc-loop-{marker}")
    pred = asah[marker]
    for lev_dir, lv in levels.items():
        for percent in (False, True):
            for direction in ("auto", "<", ">"):
                # test-roc.R:16: the expected direction
                expected = ("<" if lev_dir == "forward" else ">") if direction == "auto" else direction
                r = roc(asah["y_text"], pred, levels=lv, direction=direction, percent=percent)
                assert r.direction == expected and r.percent is percent and r.levels == lv  # test-roc.R:42-44
                rr = R.call_py("helper:rf_roc_levels", asah["y_text"],
                               asah["wfns_codes"] if marker == "wfns" else pred, list(lv), direction, percent)
                cmp.add("pROC.auc", r.auc, _num(rr["auc"]))
                cmp.add("pROC.thresholds", r.thresholds, np.asarray(rr["thresholds"]))  # test-roc.R:46
                cmp.add("pROC.sensitivities", r.sensitivities, np.asarray(rr["sensitivities"]))  # test-roc.R:47
                cmp.add("pROC.specificities", r.specificities, np.asarray(rr["specificities"]))  # test-roc.R:48
                # test-roc.R:31-37: roc(controls = r$controls, cases = r$cases) gives the same curve
                rcs = roc(controls=r.controls, cases=r.cases, direction=direction, percent=percent)
                assert rcs.auc == r.auc and rcs.direction == r.direction
                for item in ("sensitivities", "specificities", "thresholds", "cases", "controls"):
                    np.testing.assert_array_equal(getattr(rcs, item), getattr(r, item))
    cmp.assert_ok()


def test_roc_test_percent_and_partial(asah, R, parity_case):
    y = asah["y"]
    rr = R.call_py("helper:rf_roc_test", y, asah["s100b"], asah["ndka"], True, None)
    t = roc_test(roc(y, asah["s100b"], percent=True), roc(y, asah["ndka"], percent=True))
    cmp = parity_case("roc-test-percent")
    cmp.add("pROC.roc_test.statistic", t.statistic, _num(rr["statistic"]))
    cmp.add("pROC.roc_test.p_value", t.p_value, _num(rr["p_value"]))
    cmp.add("pROC.roc_test.estimate", np.asarray(t.estimate), np.asarray(rr["estimate"]))  # in percent, as pROC
    cmp.add("pROC.roc_test.conf_int", np.asarray(t.conf_int), np.asarray(rr["conf_int"]))  # fractions, as pROC
    cmp.assert_ok()
    rp = R.call_py("helper:rf_roc_test", y, asah["s100b"], asah["ndka"], False, [1.0, 0.8])
    assert "not supported for partial AUC" in str(np.atleast_1d(rp["error"])[0])
    with pytest.raises(InputError, match="not supported for partial AUC"):
        roc_test(roc(y, asah["s100b"], partial_auc=(1, 0.8)), roc(y, asah["ndka"], partial_auc=(1, 0.8)), method="delong")


# ------------------------------------------------------------------ hypothesis: random tied data, bounds, units
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@st.composite
def _tied_case(draw):
    n = draw(st.integers(6, 60))
    y = draw(st.lists(st.integers(0, 1), min_size=n, max_size=n).filter(lambda v: 0 < sum(v) < len(v)))
    p = draw(st.lists(st.integers(0, 6), min_size=n, max_size=n))  # seven values: heavy ties
    a = draw(st.sampled_from([0.0, 0.1, 0.25, 0.5, 0.8, 0.9, 1.0, 0.333, 0.95]))
    b = draw(st.sampled_from([0.0, 0.2, 0.5, 0.75, 0.85, 0.99, 1.0, 0.6]))
    return (np.array(y), np.array(p, dtype=float) / 2, (a, b), draw(st.sampled_from(["specificity", "sensitivity"])),
            draw(st.booleans()), draw(st.booleans()), draw(st.sampled_from(["auto", "<", ">"])))


@settings(deadline=None, max_examples=40)
@given(case=_tied_case())
def test_partial_auc_hypothesis(case, R):
    y, p, pa, focus, correct, percent, direction = case
    pct = 100.0 if percent else 1.0
    pa_r = [v * pct for v in pa]
    rr = R.call_py("helper:rf_auc", y, p, direction, percent, pa_r, focus, correct)
    with warnings.catch_warnings(record=True) as rec:
        warnings.simplefilter("always")
        got = auc(roc(y, p, direction=direction, percent=percent), partial_auc=pa_r, partial_auc_focus=focus,
                  partial_auc_correct=correct)
    want = _num(rr["auc"])
    assert (math.isnan(got) and math.isnan(want)) or got == want, (got, want)  # pROC.partial_auc: bit-identical
    r_warned = any("correction not defined" in str(w) for w in np.atleast_1d(rr["warnings"]))
    assert r_warned == any("correction not defined" in str(w.message) for w in rec)

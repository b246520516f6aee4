"""multiclass_roc against live pROC 1.18.0 ``multiclass.roc`` (issue 21): vector predictor (Hand & Till over the
pairwise curves) and class probabilities (``mv.multiclass.roc``).

R side: ``parity/r/roc_tests.R`` ``multiclass_fit``.  aSAH's ``gos6`` (a factor with an unused level "2")
comes from ``data(aSAH, package = "pROC")`` through the bridge.  Ported expectations cite
tests/testthat/test-multiclass.R of github:xrobin/pROC.
"""
from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from cmvt_core import InputError, RWarning, auc, multiclass_roc
from cmvt_core.multiclass import multiclass_auc

from _proc_fixtures import R, asah  # noqa: F401  (pytest fixtures)


def _gos6(asah):
    lev = [int(v) for v in asah["gos6_levels"]]
    return pd.Series(pd.Categorical(np.asarray(asah["gos6"]), categories=lev))


def _pairs(m):
    vals = []
    for v in m.rocs.values():
        vals += [v[0].auc, v[1].auc] if isinstance(v, tuple) else [v.auc]
    return np.array(vals)


def _cmp(parity_case, name, m, rr):
    cmp = parity_case(f"multiclass-{name}").describe(call="pROC::multiclass.roc(response, predictor)")
    cmp.add("pROC.multiclass.auc", m.auc, rr["auc"][0])
    cmp.add("pROC.multiclass.pair_aucs", _pairs(m), np.asarray(rr["pair_aucs"], dtype=float))
    cmp.assert_ok()
    assert [str(v) for v in m.levels] == [str(v) for v in rr["levels"]]
    if not m.multivariate:
        assert [r.direction for r in m.rocs.values()] == list(rr["directions"])


@pytest.mark.r
@pytest.mark.parametrize("direction", [None, "<", ">"])
@pytest.mark.parametrize("marker", ["s100b", "ndka", "wfns"])
def test_asah_gos6_vector(direction, marker, asah, R, parity_case):
    rr = R.call_py("helper:multiclass_fit", np.asarray(asah["gos6"]), asah[marker],
                   [str(v) for v in asah["gos6_levels"]], None, direction)
    with pytest.warns(RWarning, match="No observation for response level"):  # the empty level "2", as pROC
        m = multiclass_roc(_gos6(asah), asah[marker], direction=direction)
    assert any("No observation" in w for w in rr["warnings"])
    _cmp(parity_case, f"asah-{marker}-{direction}", m, rr)


@pytest.mark.r
@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("k", [3, 4])
def test_random_with_ties_vector_and_matrix(seed, k, R, parity_case):
    g = np.random.default_rng(seed)
    n = 240
    cls = np.array(list("abcd"[:k]))
    y = cls[g.integers(0, k, n)]
    codes = np.searchsorted(cls, y)
    prob = g.random((n, k)) + 0.8 * np.eye(k)[codes]
    prob = np.round(prob / prob.sum(axis=1, keepdims=True), 2)  # ties
    df = pd.DataFrame(prob, columns=list(cls))
    score = np.round(codes + g.normal(size=n) * 1.5, 1)
    rr = R.call_py("helper:multiclass_fit", y, score)
    _cmp(parity_case, f"random-vector-{seed}-{k}", multiclass_roc(y, score), rr)
    rr = R.call_py("helper:multiclass_fit", y, df)
    _cmp(parity_case, f"random-matrix-{seed}-{k}", multiclass_roc(y, df), rr)
    rr = R.call_py("helper:multiclass_fit", y, df, None, None, "<")
    _cmp(parity_case, f"random-matrix-lt-{seed}-{k}", multiclass_roc(y, df, direction="<"), rr)
    sub = list(cls[:3])
    rr = R.call_py("helper:multiclass_fit", y, score, None, sub)
    _cmp(parity_case, f"random-levels-{seed}-{k}", multiclass_roc(y, score, levels=sub), rr)


@pytest.mark.r
def test_percent_matches_proc(asah, R, parity_case):
    rr = R.call_py("helper:multiclass_fit", np.asarray(asah["gos6"]), asah["s100b"],
                   [str(v) for v in asah["gos6_levels"]], None, None, True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RWarning)
        m = multiclass_roc(_gos6(asah), asah["s100b"], percent=True)
    cmp = parity_case("multiclass-asah-percent")
    cmp.add("pROC.multiclass.auc", m.auc, rr["auc"][0])
    cmp.assert_ok()
    assert m.percent


def test_proc_testthat_expectations(asah):
    """tests/testthat/test-multiclass.R (line numbers in the comments)."""
    with pytest.warns(RWarning, match="2"):                                      # :7
        uv = multiclass_roc(_gos6(asah), asah["s100b"])
    assert len(uv.rocs) == 6                                                     # :9
    assert uv.auc == pytest.approx(0.6539999352, rel=1.5e-8)                     # :10
    assert multiclass_auc(uv) == uv.auc and uv.percent is False                  # :10-11
    with pytest.warns(RWarning):
        pc = multiclass_roc(_gos6(asah), asah["s100b"], percent=True)
    assert pc.auc == pytest.approx(65.39999352, rel=1.5e-8) and pc.percent       # :30-32
    with pytest.warns(RWarning):
        uv = multiclass_roc(_gos6(asah), asah["s100b"], direction="auto")
    assert [r.direction for r in uv.rocs.values()] == ["<", ">", ">", ">", ">", ">"]   # :60
    with pytest.warns(RWarning):
        uv = multiclass_roc(_gos6(asah), asah["s100b"], direction="<")
    assert uv.auc == pytest.approx(0.3487473175, rel=1.5e-8)                     # :65
    with pytest.warns(RWarning):
        uv = multiclass_roc(_gos6(asah), asah["s100b"], direction=">")
    assert uv.auc == pytest.approx(0.6512526825, rel=1.5e-8)                     # :69


def test_perfect_separation_matrix_is_one():
    """test-multiclass.R:78-95 (perfect separation gives 1; 3 pairs of 2 curves each), own draws."""
    g = np.random.default_rng(42)
    n = [100, 80, 150]
    resp = np.repeat(["X1", "X2", "X3"], n)
    pred = pd.DataFrame({"X1": np.r_[g.uniform(0.8, 1, n[0]), g.uniform(0, 0.3, n[1] + n[2])],
                         "X2": np.r_[g.uniform(0.1, 0.4, n[0]), g.uniform(0.8, 1, n[1]), g.uniform(0, 0.2, n[2])],
                         "X3": np.r_[g.uniform(0, 0.5, n[0] + n[1]), g.uniform(0.8, 1, n[2])]})
    mv = multiclass_roc(resp, pred)
    assert mv.multivariate and len(mv.rocs) == 3 and all(len(v) == 2 for v in mv.rocs.values())
    assert mv.auc == 1.0


def test_refusals():
    y = np.array(["a", "b", "c"] * 10)
    p = np.arange(30, dtype=float)
    with pytest.raises(InputError, match="at least two levels"):
        multiclass_roc(["a"] * 5, np.arange(5.0))
    with pytest.raises(InputError, match="no observation of level 'z'"):
        multiclass_roc(y, p, levels=["a", "z"])
    with pytest.raises(InputError, match="auto"):
        multiclass_roc(y, pd.DataFrame({"a": p, "b": p, "c": p}), direction="auto")
    with pytest.raises(InputError, match="single decision value"):
        multiclass_roc(y, pd.DataFrame({"a": p, "q": p}))
    with pytest.raises(InputError, match="levels="):
        multiclass_roc(y, np.ones((30, 3)))
    with pytest.warns(RWarning, match="not found in 'response'"):
        multiclass_roc(y, pd.DataFrame({"a": p, "b": p, "c": p, "zz": p}))


@pytest.mark.r
@pytest.mark.parametrize("percent,pa,focus,correct", [(False, (1, 0.8), "specificity", False),
                                                      (True, (100, 90), "sensitivity", False),
                                                      (False, (0.9, 0.5), "specificity", True)])
def test_auc_dispatches_to_multiclass_auc_as_proc(percent, pa, focus, correct, asah, R, parity_case):
    # pROC's auc() of a multiclass.roc: auc(m) is m$auc; with partial.auc the same average over partial AUCs
    lv = [str(v) for v in asah["gos6_levels"]]
    rr = R.call_py("helper:multiclass_partial_auc", np.asarray(asah["gos6"]), asah["s100b"], lv, percent,
                   [float(v) for v in pa], focus, correct)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RWarning)
        m = multiclass_roc(_gos6(asah), asah["s100b"], percent=percent)
        ours = auc(m, partial_auc=pa, partial_auc_focus=focus, partial_auc_correct=correct)
    cmp = parity_case(f"multiclass-auc-partial-{percent}-{focus}-{correct}")
    cmp.add("pROC.multiclass.auc", auc(m), rr["auc"][0])
    cmp.add("pROC.multiclass.auc", ours, rr["pauc"][0])
    cmp.assert_ok()
    assert auc(m) == m.auc == multiclass_auc(m)

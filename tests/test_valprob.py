"""val_prob (issue 18): ``rms::val.prob(p, y, pl = FALSE)`` (rms 6.5-0), live.

R side: ``parity/r/valprob.R`` (``valprob_stats``: the 18 statistics with rms's names and ``lowess(p, y, iter =
0)``; ``valprob_fixed``: val.prob's one-iteration ``lrm.fit``; ``valprob_print``: ``print()``'s lines).  Every
cohort is made with numpy; only R's side of each comparison is R.
"""
from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest

from cmvt_core import InputError, val_prob
from cmvt_core.valprob import STAT_NAMES, ValProb


def _plogis(x):
    return 1.0 / (1.0 + np.exp(-x))


def _cohorts():
    """name -> (p, y): the shapes val.prob meets (each made from its own seed)."""
    out = {}
    g = np.random.default_rng(20)
    p = g.uniform(0.05, 0.95, 20)
    out["uniform-n20"] = (p, (g.random(20) < p).astype(float))
    g = np.random.default_rng(21)
    p = g.beta(0.5, 3.0, 200)  # skewed to 0, many small p
    p = np.clip(p, 1e-6, None)
    out["beta-skewed-n200"] = (p, (g.random(200) < p).astype(float))
    g = np.random.default_rng(22)
    p = np.round(g.uniform(0.05, 0.95, 1000), 1)  # nine distinct values: heavy ties
    out["tied-n1000"] = (p, (g.random(1000) < p).astype(float))
    g = np.random.default_rng(23)
    p = g.uniform(0.01, 0.99, 5000)
    out["uniform-n5000"] = (p, (g.random(5000) < p).astype(float))
    g = np.random.default_rng(24)
    lp = g.normal(0.0, 6.0, 400)  # p from 1e-8 to 1 - 1e-8: logits far out, LLOGIT's +-30 clamp untouched
    p = np.clip(_plogis(lp), 1e-12, 1 - 1e-12)
    out["near-0-and-1-n400"] = (p, (g.random(400) < p).astype(float))
    g = np.random.default_rng(25)
    true = g.normal(-0.5, 1.0, 600)
    y = (g.random(600) < _plogis(true)).astype(float)
    out["badly-calibrated-n600"] = (_plogis(2.5 * true + 1.2), y)  # overconfident and shifted
    g = np.random.default_rng(26)
    p = g.uniform(0.3, 0.99, 50)
    y = np.ones(50)
    y[17] = 0.0
    out["all-but-one-event-n50"] = (p, y)
    g = np.random.default_rng(27)
    p = g.uniform(0.05, 0.95, 60)
    out["separated-n60"] = (p, (p > 0.5).astype(float))  # the recalibration fit does not converge
    out["n3"] = (np.array([0.2, 0.6, 0.4]), np.array([0.0, 1.0, 1.0]))
    g = np.random.default_rng(28)
    p = g.choice([0.1, 0.25, 0.5, 0.7, 0.85], 300)  # five values: lowess at ties, E90 among equal errors
    out["five-values-n300"] = (p, (g.random(300) < p).astype(float))
    g = np.random.default_rng(29)
    p = _plogis(g.normal(-2.0, 0.7, 2000))  # rare events, close p (near-ties within lowess's delta)
    out["rare-events-n2000"] = (p, (g.random(2000) < p).astype(float))
    return out


COHORTS = _cohorts()


@pytest.fixture(scope="module")
def R(r_bridge):
    r_bridge.library("rms")
    r_bridge.source("valprob.R")
    return r_bridge


@pytest.mark.r
@pytest.mark.parametrize("name", list(COHORTS))
def test_val_prob_equals_rms(R, parity_case, name):
    p, y = COHORTS[name]
    vp = val_prob(p, y)
    r = R.call_py("helper:valprob_stats", p, y)
    cmp = parity_case(f"valprob-{name}").describe(call="rms::val.prob(p, y, pl = FALSE); lowess(p, y, iter = 0)",
                                                  data=(p, y))
    names = [str(s) for s in r["names"]]
    cmp.add("valprob.stat_names", np.array(list(vp.stats), dtype=object), np.array(names, dtype=object))
    rs = np.asarray(r["stats"], dtype=float)
    for k, v in zip(names, rs):
        cmp.add(f"valprob.stats.{k}", vp.stats.get(k, math.inf), v)
    cmp.add("valprob.curve.predy", vp.curve["predy"], np.asarray(r["x"], dtype=float))
    cmp.add("valprob.curve.calibrated", vp.curve["calibrated"], np.asarray(r["y"], dtype=float))
    cmp.assert_ok()
    assert math.isnan(vp.stats["D:p"]) and math.isnan(rs[names.index("D:p")])  # R's NA, copied
    assert vp.n == len(p) and list(vp.curve.columns) == ["predy", "calibrated"]


@pytest.mark.r
def test_fixed_fit_is_one_pass_at_zero_one(R):
    """What val.prob takes Dxy, C, R2 and D:Chi-sq from: lrm.fit(logit, y, initial = c(0, 1), maxit = 1) stays
    at (0, 1) (no Newton step), its -2 log L is that of p itself, and its P is NA."""
    p, y = COHORTS["uniform-n5000"]
    r = R.call_py("helper:valprob_fixed", p, y)
    st = dict(zip([str(s) for s in r["names"]], np.asarray(r["stats"], dtype=float)))
    assert list(np.asarray(r["coef"], dtype=float)) == [0.0, 1.0]
    assert math.isnan(st["P"])
    dev = np.asarray(r["deviance"], dtype=float)
    own = -2.0 * np.sum(y * np.log(p) + (1 - y) * np.log1p(-p))
    assert dev[1] == pytest.approx(own, rel=1e-12)
    vp = val_prob(p, y)
    assert vp.stats["D:Chi-sq"] == st["Model L.R."] and vp.stats["C (ROC)"] == st["C"]
    assert vp.stats["Dxy"] == st["Dxy"] and vp.stats["R2"] == st["R2"]


@pytest.mark.r
@pytest.mark.parametrize("name", ["uniform-n20", "separated-n60", "near-0-and-1-n400"])
def test_print_is_rs(R, parity_case, name):
    p, y = COHORTS[name]
    lines = [str(s) for s in R.call_py("helper:valprob_print", p, y)]
    cmp = parity_case(f"valprob-print-{name}")
    cmp.add("valprob.print", np.array(str(val_prob(p, y)).split("\n"), dtype=object),
            np.array(lines, dtype=object))
    cmp.assert_ok()


def test_separated_predictions_keep_rms_last_iterate():
    """rms returns the recalibration's last iterate without a word when p separates y; so does val_prob,
    and says so in ``converged``."""
    p, y = COHORTS["separated-n60"]
    assert not val_prob(p, y).converged
    assert val_prob(*COHORTS["uniform-n5000"]).converged


def test_result_forms():
    p, y = COHORTS["uniform-n20"]
    vp = val_prob(pd.Series(p), pd.Series(y.astype(bool)))
    assert isinstance(vp, ValProb) and tuple(vp.stats) == STAT_NAMES
    d = vp.to_dict()
    back = json.loads(json.dumps(d, allow_nan=True))
    assert list(back["stats"]) == list(STAT_NAMES) and len(back["curve"]["predy"]) == 20
    assert math.isnan(back["stats"]["D:p"]) and back["n"] == 20
    assert back["curve"]["predy"] == sorted(p.tolist())
    html = vp._repr_html_()
    assert "C (ROC)" in html and "<table" in html
    assert repr(vp) == str(vp) and str(vp).split("\n")[0].split() == ["Dxy", "C", "(ROC)", "R2", "D", "D:Chi-sq",
                                                                      "D:p"]
    # the same numbers whatever the container (list, int 0/1 outcome)
    assert val_prob(list(p), list(y.astype(int))).stats == pytest.approx(vp.stats, nan_ok=True, abs=0)


def test_curve_is_sorted_with_ties_kept():
    p, y = COHORTS["tied-n1000"]
    c = val_prob(p, y).curve
    assert len(c) == 1000 and np.all(np.diff(c["predy"].to_numpy()) >= 0)
    for v in np.unique(p):  # tied p: one calibrated value per distinct p, every row kept
        sel = c["calibrated"][c["predy"] == v].to_numpy()
        assert len(sel) == int((p == v).sum()) and np.all(sel == sel[0])


@pytest.mark.r
def test_constant_p_raises_where_rms_returns_19_numbers(R):
    p = np.full(30, 0.3)
    y = np.r_[np.ones(10), np.zeros(20)]
    nvals, nnames = (int(v) for v in np.asarray(R.call_py("helper:valprob_length", p, y)))
    assert (nvals, nnames) == (19, 18)  # the R oddity the contract refuses to copy
    with pytest.raises(InputError, match="p is constant"):
        val_prob(p, y)


@pytest.mark.parametrize("p, y, match", [
    ([0.2, 0.4, 0.6, 1.2, 0.5], [0, 1, 0, 1, 1], r"p must hold numbers in \(0, 1\); row 4 holds 1.2"),
    ([0.2, 0.0, 0.6, 0.3, 0.5], [0, 1, 0, 1, 1], r"p .*row 2 holds 0"),
    ([0.2, 0.4, 1.0, 0.3, 0.5], [0, 1, 0, 1, 1], r"p .*row 3 holds 1"),
    ([0.2, 0.4, float("nan"), 0.3, 0.5], [0, 1, 0, 1, 1], r"p has a missing value at row 3"),
    ([0.2, 0.4, 0.6, 0.3], [0, 1, 0, 1, 1], r"p has 4 values but y has 5"),
    ([0.2, 0.4, 0.6, 0.3, 0.5], [0, 1, 2, 1, 1], r"y must be 0/1 .*row 3 holds 2"),
    ([0.2, 0.4, 0.6, 0.3, 0.5], ["0", "1", "yes", "1", "0"], r"y must be 0/1 .*row 3 holds 'yes'"),
    ([0.2, 0.4, 0.6, 0.3, 0.5], [1, 1, 1, 1, 1], r"y has only one level"),
    ([0.2, 0.4], [0, 1], r"at least 3 observations"),
    (["a", 0.4, 0.6, 0.3, 0.5], [0, 1, 0, 1, 1], r"p must hold .*row 1 holds 'a'"),
])
def test_bad_input(p, y, match):
    with pytest.raises(InputError, match=match):
        val_prob(p, y)


def test_bad_input_names_the_index_label():
    p = pd.Series([0.2, 0.4, 1.5, 0.3], index=[10, 11, 12, 13])
    with pytest.raises(InputError, match=r"row 3 \(index label 12\)"):
        val_prob(p, [0, 1, 0, 1])

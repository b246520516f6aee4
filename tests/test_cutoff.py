"""Net benefit, a 0/1 rule's confusion metrics and the net-benefit cut-off table (``cmvt_core.cutoff``, issue 7).

The live case compares ``cutoff_table`` with the plain-R ``cutoff_plain`` of ``parity/r/dca.R``.
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cmvt_core import InputError, RRNG, confusion_metrics, cutoff_table, net_benefit

from _paths import GOLDENS as GOLD


@pytest.fixture(scope="module")
def cohort():
    return pd.read_csv(GOLD / "cohort.csv")


# ------------------------------------------------------------------------------------ net benefit
@settings(deadline=None, max_examples=40)
@given(st.integers(1, 500).flatmap(lambda n: st.tuples(st.just(n), st.integers(0, n), st.integers(0, n))),
       st.floats(0, 0.999))
def test_net_benefit_formula(nt, pt):
    n, tp, fp = nt
    fp = min(fp, n - tp)
    assert net_benefit(tp, fp, n, pt) == tp / n - fp / n * pt / (1 - pt)
    assert net_benefit(tp, fp, n, pt) <= tp / n


def test_net_benefit_vectorised_and_pt_one():
    v = net_benefit(np.array([3, 0]), np.array([2, 0]), 10, np.array([0.2, 0.5]))
    assert v[0] == 3 / 10 - 2 / 10 * 0.2 / 0.8 and v[1] == 0.0
    # at pt = 1 the formula is 0/0 or -Inf: refused (issue 15), not a silent NaN / -Inf
    with pytest.raises(InputError, match=r"pt must hold numbers in \[0, 1\); position 2 holds 1\.0"):
        net_benefit(np.array([3, 0]), np.array([2, 0]), 10, np.array([0.2, 1.0]))
    with pytest.raises(InputError, match=r"pt must be a number in \[0, 1\); got pt=1\.0"):
        net_benefit(1, 1, 10, 1.0)


@settings(deadline=None, max_examples=40)
@given(st.lists(st.integers(0, 1), min_size=1, max_size=80), st.floats(0, 0.99))
def test_rule_flagging_nobody_has_nb_zero(y, pt):
    flagged = np.zeros(len(y), dtype=int)
    m = confusion_metrics(y, flagged, pt=pt)
    assert m.net_benefit == 0.0
    assert confusion_metrics(y, flagged).net_benefit == 0.0  # pt = share flagged = 0


# ------------------------------------------------------------------------------------ rules & cut-offs
def test_confusion_metrics_woolf():
    y = np.r_[np.ones(30), np.zeros(70)]
    f = np.r_[np.ones(20), np.zeros(10), np.ones(15), np.zeros(55)]
    m = confusion_metrics(y, f)
    assert (m.tp, m.fp, m.fn, m.tn) == (20, 15, 10, 55)
    orr = 20 * 55 / (15 * 10)
    se = math.sqrt(1 / 20 + 1 / 15 + 1 / 10 + 1 / 55)
    z = 1.959963984540054  # R: sprintf("%.17g", qnorm(0.975))
    assert m.odds_ratio == pytest.approx(orr, rel=1e-15)
    assert m.or_lower == pytest.approx(math.exp(math.log(orr) - z * se), rel=1e-14)
    assert m.or_upper == pytest.approx(math.exp(math.log(orr) + z * se), rel=1e-14)
    assert m.pt == 35 / 100 and m.net_benefit == 20 / 100 - 15 / 100 * 0.35 / 0.65
    assert m.sensitivity == 20 / 30 and m.specificity == 55 / 70 and m.ppv == 20 / 35 and m.npv == 55 / 65
    assert set(m.to_dict()) >= {"tp", "odds_ratio", "net_benefit"}


def test_cutoff_table_matches_rows(cohort):
    rng = RRNG(3)
    score = rng.sample(7, 400, replace=True) - 1
    y = cohort.y.to_numpy()
    tab = cutoff_table(score, y)
    assert list(tab.cutoff) == sorted(set(score.tolist()))
    for _, row in tab.iterrows():
        m = confusion_metrics(y, (score >= row.cutoff).astype(int))
        assert (row.tp, row.fp, row.fn, row.tn) == (m.tp, m.fp, m.fn, m.tn)
        assert row.n_flagged == m.tp + m.fp
        for k in ("sensitivity", "odds_ratio", "or_lower", "net_benefit", "pt"):
            a, b = row[k], getattr(m, k)
            assert (math.isnan(a) and math.isnan(b)) or a == pytest.approx(b, rel=1e-14)
    best = tab[tab.best]
    assert len(best) == 1 and best.net_benefit.iloc[0] == tab.net_benefit.max()
    fixed = cutoff_table(score, y, cutoffs=[2.5, 0, 99], pt=0.1)
    assert list(fixed.n_flagged) == [int(np.sum(score >= 2.5)), 400, 0]
    assert fixed.net_benefit.iloc[2] == 0.0


@pytest.mark.r
def test_cutoff_table_live(r_bridge, parity_case):
    from cmvt_core.cohort import simulate_admin_cohort

    d = simulate_admin_cohort(20000, seed=5)
    r_bridge.source("dca.R")
    r = np.asarray(r_bridge.to_py(r_bridge.call("helper:cutoff_plain", d.score.to_numpy(float),
                                                 d.outcome.to_numpy(float))))
    tab = cutoff_table(d.score, d.outcome)
    cmp = parity_case("cutoff-admin-20000").describe(call="cutoff_plain(score, y)  # parity/r/dca.R", data=d)
    cmp.add("cutoff.counts", tab[["cutoff", "tp", "fp", "fn", "tn"]].to_numpy(float), r[:, :5])
    cmp.add("cutoff.odds_ratio", tab.odds_ratio.to_numpy(), r[:, 5])
    lo, hi = tab.or_lower.to_numpy().copy(), tab.or_upper.to_numpy().copy()
    zero = (tab[["tp", "fp", "fn", "tn"]] == 0).any(axis=1).to_numpy()
    cmp.add("cutoff.or_lower", lo[~zero], r[~zero, 6])
    cmp.add("cutoff.or_upper", hi[~zero], r[~zero, 7])
    cmp.add("cutoff.pt", tab.pt.to_numpy(), r[:, 8])
    cmp.add("cutoff.net_benefit", tab.net_benefit.to_numpy(), r[:, 9])
    cmp.assert_ok()


def test_cutoff_table_scale():
    """The study-B size (its speed is measured in benchmarks/bench_dca.py, not asserted here)."""
    from cmvt_core.cohort import simulate_admin_cohort

    d = simulate_admin_cohort()
    assert len(d) == 550_237
    tab = cutoff_table(d.score, d.outcome)
    assert tab.n_flagged.iloc[0] == 550_237
    assert tab.loc[tab.best, "cutoff"].iloc[0] == 4  # the study's "score >= 4" beats "any comorbidity"
    any_c = tab[tab.cutoff == 1].iloc[0]
    assert any_c.net_benefit < tab.loc[tab.best, "net_benefit"].iloc[0]


def test_admin_cohort_generator():
    from cmvt_core.cohort import simulate_admin_cohort

    d = simulate_admin_cohort()
    assert d.equals(simulate_admin_cohort())  # deterministic
    assert d.score.between(0, 12).all() and d.score.dtype.kind == "i"
    assert abs(d.score.mean() - 0.55) < 0.02 and abs(d.score.std() - 0.9) < 0.03
    assert 0.004 < d.outcome.mean() < 0.006
    rate = d.groupby("score").outcome.mean()
    assert rate.iloc[:6].is_monotonic_increasing


# ------------------------------------------------------------------------------------ CLI
def test_cutoff_cli(tmp_path, capsys):
    from cmvt_core.cli_cutoff import cutoff_main
    from cmvt_core.cohort import simulate_admin_cohort

    d = simulate_admin_cohort(5000, seed=2)
    p = tmp_path / "adm.csv"
    d.to_csv(p, index=False)
    out = tmp_path / "cut.csv"
    assert cutoff_main([str(p), "--score", "score", "--outcome", "outcome", "--out", str(out)]) == 0
    got = pd.read_csv(out)
    exp = cutoff_table(d.score, d.outcome)
    np.testing.assert_array_equal(got.n_flagged, exp.n_flagged)
    np.testing.assert_array_equal(got.net_benefit, exp.net_benefit)
    assert "best cut-off" in capsys.readouterr().out
    assert cutoff_main([str(p), "--score", "nope", "--outcome", "outcome", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "nope" in err and err.count("\n") == 1
    assert cutoff_main([str(tmp_path / "missing.csv"), "--score", "score", "--outcome", "outcome"]) == 2
    assert cutoff_main([str(p), "--score", "score"]) == 2
    d.assign(outcome=d.outcome * 2).to_csv(p, index=False)
    assert cutoff_main([str(p), "--score", "score", "--outcome", "outcome"]) == 2
    assert "0/1" in capsys.readouterr().err


# ------------------------------------------------------------------------------------ bad input
@pytest.mark.parametrize("call, match", [
    (lambda: confusion_metrics([0, 1, 2], [0, 1, 1]), "y"),
    (lambda: confusion_metrics([0, 1, 1], [0, 1, 0.5]), "flagged"),
    (lambda: confusion_metrics([0, 1], [0, 1, 1]), "flagged"),
    (lambda: confusion_metrics([0, 1, np.nan], [0, 1, 1]), "row 3"),
    (lambda: confusion_metrics([0, 1], [0, 1], pt=1.5), "pt"),
    (lambda: cutoff_table([1, 2, np.nan], [0, 1, 1]), "score"),
    (lambda: cutoff_table(["a", "b"], [0, 1]), "score"),
    (lambda: cutoff_table([1, 2], [0, 1, 1]), "y"),
    (lambda: cutoff_table([1, 2], [0, 1], cutoffs=["x"]), "cutoffs"),
    (lambda: net_benefit(5, 6, 10, 0.1), "exceeds n"),
    (lambda: net_benefit(1, 1, 0, 0.1), "n must"),
    (lambda: net_benefit(1, 1, 10, -0.1), "pt"),
    (lambda: net_benefit(-1, 1, 10, 0.1), "tp"),
])
def test_rules_bad_input(call, match):
    with pytest.raises(InputError, match=match):
        call()

"""hoslem_test: ResourceSelection 0.3-6 goldens and live performance::performance_hosmer."""
from __future__ import annotations

import json
import math
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from cmvt_core import InputError, RWarning, gof, hoslem_test

from _paths import GOLDENS

GOLD = str(GOLDENS) + "/"


def _cohort():
    return pd.read_csv(GOLD + "cohort.csv")


@pytest.mark.golden
@pytest.mark.parametrize("case", json.load(open(GOLD + "hoslem.json")), ids=lambda c: f"{c['risk_column']}-g{c['g']}")
def test_hoslem_matches_resourceselection_goldens(parity_case, case):
    # goldens: ResourceSelection::hoslem.test(cohort$y, cohort[[risk_column]], g) (gen_goldens.R)
    d = _cohort()
    h = hoslem_test(d["y"], d[case["risk_column"]], g=case["g"])
    g = len(case["observed_y0_then_y1"]) // 2
    obs = np.array(case["observed_y0_then_y1"], float).reshape(2, g).T
    exp_ = np.array(case["expected_y0_then_y1"], float).reshape(2, g).T
    cmp = parity_case(f"hoslem-golden-{case['risk_column']}-g{case['g']}")
    cmp.describe(call=f"ResourceSelection::hoslem.test(y, {case['risk_column']}, g={case['g']})", golden=True)
    cmp.add("hoslem.statistic", h.statistic, case["statistic"])
    cmp.add("hoslem.df", h.df, case["df"])
    cmp.add("hoslem.p_value", h.p_value, case["p_value"])
    cmp.add("hoslem.observed", h.observed, obs)
    cmp.add("hoslem.expected", h.expected, exp_)
    cmp.assert_ok()


@pytest.mark.r
@pytest.mark.parametrize("cols", [["x1", "x2"], ["x1"]])
def test_hoslem_matches_performance_hosmer(r_bridge, parity_case, cols):
    r_bridge.library("performance")
    r_bridge.source("logistic.R")
    d = _cohort()
    r = r_bridge.to_py(r_bridge.call("helper:hosmer_perf", None, d[cols + ["y"]], "y"))
    h = hoslem_test(r["y"], r["fitted"], g=10)
    assert len(np.unique(h.breaks)) == 11  # all 10 bins distinct: the two packages agree here
    cmp = parity_case(f"hoslem-performance-{'-'.join(cols)}")
    cmp.add("hoslem.statistic", h.statistic, float(np.ravel(r["chisq"])[0]))
    cmp.add("hoslem.df", h.df, float(np.ravel(r["df"])[0]))
    cmp.add("hoslem.p_value", h.p_value, float(np.ravel(r["p"])[0]))
    cmp.assert_ok()


@pytest.mark.r
@pytest.mark.parametrize("g", [10, 5, 20])
def test_collapsed_groups_follow_resourceselection(r_bridge, parity_case, g):
    # heavy ties: duplicate quantile breaks are dropped and df = groups present - 2 (live, base-R grouping)
    r_bridge.source("logistic.R")
    rng = np.random.default_rng(g)
    p = rng.choice([0.1, 0.3, 0.5, 0.7, 0.72], size=60)
    y = (rng.uniform(size=60) < p).astype(float)
    r = r_bridge.to_py(r_bridge.call("helper:hl_base", y, p, g))
    r_stat = float(np.ravel(r["statistic"])[0])
    if math.isnan(r_stat):
        # g = 20: some quantile groups are empty and R's X^2 is 0/0 = NaN; hoslem_test refuses that (issue 15)
        # with an InputError, and its grouping (breaks, tables, df) is still R's
        with pytest.raises(InputError, match=r"g=20: \d+ of the \d+ quantile groups .* hold no observation"):
            hoslem_test(y, p, g=g)
        qq = gof._breaks(p, g)
        obs, exp_, _, stat, G = gof._tables(y, p, qq)
        assert math.isnan(stat)
        h = SimpleNamespace(statistic=stat, df=G - 2, p_value=math.nan, observed=obs, expected=exp_)
    else:
        with pytest.warns(RWarning, match="requested number of bins"):
            h = hoslem_test(y, p, g=g)
    cmp = parity_case(f"hoslem-ties-g{g}")
    cmp.add("hoslem.statistic", h.statistic, r_stat)
    cmp.add("hoslem.df", h.df, float(np.ravel(r["df"])[0]))
    cmp.add("hoslem.p_value", h.p_value, float(np.ravel(r["p"])[0]))
    cmp.add("hoslem.observed", h.observed, r["observed"])
    cmp.add("hoslem.expected", h.expected, r["expected"])
    cmp.assert_ok()
    assert h.df < g - 2


def test_hoslem_errors():
    y = np.array([0, 1] * 10)
    p = np.linspace(0.1, 0.9, 20)
    with pytest.raises(InputError, match="g must be at least 2"):
        hoslem_test(y, p, g=1)
    with pytest.raises(InputError, match=r"row 4 holds 1\.5"):
        pp = p.copy()
        pp[3] = 1.5
        hoslem_test(y, pp)
    with pytest.raises(InputError, match="fitted has 5 values but y has 20"):
        hoslem_test(y, p[:5])
    with pytest.raises(InputError, match="all fitted values are equal"):
        hoslem_test(y, np.full(20, 0.3))
    with pytest.raises(InputError, match=r"row 1 holds 2\b"):
        hoslem_test(np.array([2] + [0, 1] * 9 + [1]), p)
    h = hoslem_test(y, p)
    import json as _j
    _j.dumps(h.to_dict())

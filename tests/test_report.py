"""The report tells the truth (issue 14): decision-curve summaries as the runs where the model is useful.

* decision curves: ``<group>.dca.useful_ranges`` are the maximal runs of consecutive grid thresholds where the
  model's net benefit is finite and strictly above treat-all's and treat-none's; recomputed here from
  ``tables/dca_<group>.csv`` independently, and the report's sentence must list exactly those runs;
* a model that loses in the middle of the threshold range has two ranges, and the report says so;
* the report's tables: readable headers, P as journals print it, counts as integers, no ``1e-04`` numbers.
"""
from __future__ import annotations

import json
import math
import re
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from cmvt_core.pipeline import _dca_summary, useful_ranges

ROOT = Path(__file__).resolve().parents[1]
COHORT = ROOT / "fixtures" / "cmvt_cohort.csv"


# ----------------------------------------------------------------------------- helpers written apart from the code
def runs_from_derived(dd: pd.DataFrame) -> list[list[float]]:
    """The useful threshold runs, recomputed from rmda's derived.data rows in plain Python loops."""
    rows = {}
    for rec in dd.to_dict(orient="records"):
        kind = rec["model"] if rec["model"] in ("All", "None") else "model"
        rows.setdefault(kind, []).append((float(rec["thresholds"]), float(rec["NB"])))
    model, treat_all = rows["model"], rows["All"]
    assert [t for t, _ in model] == [t for t, _ in treat_all]
    out, cur = [], None
    for (t, nb), (_, nb_all) in zip(model, treat_all):
        win = math.isfinite(nb) and nb > 0 and not math.isnan(nb_all) and nb > nb_all
        if win:
            cur = [t, t] if cur is None else [cur[0], t]
        elif cur is not None:
            out.append(cur)
            cur = None
    if cur is not None:
        out.append(cur)
    return out


def derived(thresholds, nb_model, nb_all) -> pd.DataFrame:
    """A hand-made derived.data frame: rows of the model, then All, then None."""
    th = list(thresholds)
    return pd.DataFrame({
        "thresholds": th * 3,
        "NB": list(nb_model) + list(nb_all) + [0.0] * len(th),
        "sNB": [0.0] * (3 * len(th)),
        "model": ["y ~ risk"] * len(th) + ["All"] * len(th) + ["None"] * len(th),
    })


# ----------------------------------------------------------------------------- useful_ranges on hand-made curves
def test_useful_ranges_model_losing_in_the_middle():
    th = [round(0.1 * i, 1) for i in range(11)]
    nb_m = [0.30, 0.25, 0.20, -0.05, -0.10, 0.02, 0.03, 0.00, 0.01, 0.01, math.nan]
    nb_a = [0.30, 0.20, 0.10, -0.10, -0.40, -0.70, -1.00, -1.50, -2.00, -4.00, math.nan]
    dd = derived(th, nb_m, nb_a)
    s = _dca_summary(dd)
    # 0.0: equal to treat-all (not strictly above); 0.3-0.4: below zero; 0.7: exactly zero; 1.0: NaN
    assert s["useful_ranges"] == [[0.1, 0.2], [0.5, 0.6], [0.8, 0.9]] == runs_from_derived(dd)
    assert "model_beats_both_from" not in s and "model_beats_both_to" not in s
    assert s["nb_model"][:3] == nb_m[:3] and s["thresholds"] == th


@pytest.mark.parametrize("nb_m,nb_a,expected", [
    ([0.1, 0.1, 0.1], [0.0, 0.0, 0.0], [[0.1, 0.3]]),                 # one stretch, the whole grid
    ([-0.1, 0.1, -0.1], [0.0, 0.0, 0.0], [[0.2, 0.2]]),               # a single threshold
    ([0.1, 0.1, 0.1], [0.2, 0.2, 0.2], []),                           # below treat-all throughout
    ([0.0, 0.0, 0.0], [-1.0, -1.0, -1.0], []),                        # equal to treat-none: not above
    ([math.inf, 0.1, math.nan], [0.0, 0.0, 0.0], [[0.2, 0.2]]),       # non-finite never counts
    ([0.1, 0.1, 0.1], [0.0, math.nan, 0.0], [[0.1, 0.1], [0.3, 0.3]]),  # treat-all unknown: not beaten
])
def test_useful_ranges_rule(nb_m, nb_a, expected):
    th = [0.1, 0.2, 0.3]
    assert useful_ranges(th, nb_m, nb_a) == expected
    assert runs_from_derived(derived(th, nb_m, nb_a)) == expected


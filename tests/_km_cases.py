"""The survival data sets of the Kaplan–Meier and concordance tests (issue 19): (time, event, a predictor)
from ``load_survival`` with the event coded as survival's examples code it."""
from __future__ import annotations

import numpy as np

from cmvt_core.datasets import load_survival

#: name -> (data set, time column, event rule, a complete numeric predictor)
CASES = {
    "lung": ("lung", "time", lambda d: d["status"] == 2, "age"),
    "veteran": ("veteran", "time", lambda d: d["status"] == 1, "karno"),
    "pbc": ("pbc", "time", lambda d: d["status"] == 2, "bili"),
    "colon": ("colon", "time", lambda d: d["status"] == 1, "nodes"),
    "gbsg": ("gbsg", "rfstime", lambda d: d["status"] == 1, "size"),
}


def case(name: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(time, event 0/1, predictor) of a case; colon keeps its death rows (etype == 2) and rows with
    ``nodes`` known."""
    data, tcol, rule, xcol = CASES[name]
    d = load_survival(data)
    if name == "colon":
        d = d[(d["etype"] == 2) & d["nodes"].notna()]
    return (d[tcol].to_numpy(float), rule(d).to_numpy().astype(float), d[xcol].to_numpy(float))

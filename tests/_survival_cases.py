"""The survival package's data sets as the cph tests fit them: (x, time, event) with R's factor levels
(tests/test_cph.py, tests/test_cph_survest.py)."""
from __future__ import annotations

import numpy as np
import pandas as pd

from cmvt_core.datasets import load_survival


def _cat(s: pd.Series, levels: list[str]) -> pd.Categorical:
    return pd.Categorical(s, categories=levels)


def _lung():
    d = load_survival("lung").dropna(subset=["age", "sex", "ph.ecog", "ph.karno", "wt.loss"]).reset_index(drop=True)
    return d[["age", "sex", "ph.ecog", "ph.karno", "wt.loss"]], d["time"], (d["status"] == 2).astype(float)


def _veteran():
    d = load_survival("veteran")
    x = d[["trt", "karno", "age", "prior"]].copy()
    x["celltype"] = _cat(d["celltype"], ["squamous", "smallcell", "adeno", "large"])  # R's level order
    return x, d["time"], d["status"].astype(float)


def _pbc():
    d = load_survival("pbc").dropna(subset=["trt", "protime", "albumin"]).reset_index(drop=True)
    x = d[["age", "edema", "bili", "albumin", "protime"]].copy()
    x["bili"] = np.log(x["bili"])
    return x, d["time"], (d["status"] == 2).astype(float)


def _colon():
    d = load_survival("colon")
    d = d[d["etype"] == 2].dropna(subset=["nodes"]).reset_index(drop=True)
    x = d[["age", "sex", "nodes", "obstruct"]].copy()
    x["rx"] = _cat(d["rx"], ["Obs", "Lev", "Lev+5FU"])
    return x, d["time"], d["status"].astype(float)


def _gbsg():
    d = load_survival("gbsg")
    return d[["age", "meno", "size", "grade", "nodes", "pgr", "er", "hormon"]], d["rfstime"], d["status"].astype(float)


DATA = {"lung": _lung, "veteran": _veteran, "pbc": _pbc, "colon": _colon, "gbsg": _gbsg}

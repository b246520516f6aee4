"""The survival data sets shipped as CSVs equal R's ``survival::<name>`` (live), value by value."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from cmvt_core import InputError
from cmvt_core.datasets import SURVIVAL_DATASETS, load_survival


@pytest.mark.r
@pytest.mark.parametrize("name", SURVIVAL_DATASETS)
def test_survival_csv_equals_r(r_bridge, parity_case, name):
    r_bridge.library("survival")
    r = r_bridge.to_py(r_bridge.fn(f"survival::{name}"))
    py = load_survival(name)
    cmp = parity_case(f"survival-data-{name}").describe(call=f"survival::{name}")
    cmp.add("data.survival.columns", list(py.columns), list(r.columns))
    for c in py.columns:
        if pd.api.types.is_numeric_dtype(py[c]):
            cmp.add(f"data.survival.{c}", py[c].to_numpy(float), np.asarray(r[c], dtype=float))
        else:
            cmp.add(f"data.survival.{c}", [str(v) for v in py[c]], [str(v) for v in r[c]])
    cmp.assert_ok()


def test_unknown_data_set():
    with pytest.raises(InputError, match="unknown data set 'nope'"):
        load_survival("nope")

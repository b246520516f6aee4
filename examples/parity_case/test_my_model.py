"""Your own dataset and model as a parity case, in a few lines.

Run it with the project's evidence report:
    cmvt parity --out parity-report --case examples/parity_case/test_my_model.py
or alone with pytest, loading the opt-in plugin that brings the r_bridge and parity_case fixtures
(cmvt-core[parity]):
    pytest -p cmvt_core.parity.pytest_plugin examples/parity_case/test_my_model.py
"""
import numpy as np
import pandas as pd
import pytest

from cmvt_core import roc


@pytest.mark.r
def test_my_auc_equals_proc(r_bridge, parity_case):
    data = pd.DataFrame({"y": [0, 0, 1, 1, 0, 1, 0, 1, 1, 0],
                         "score": [0.1, 0.4, 0.35, 0.8, 0.2, 0.9, 0.5, 0.55, 0.7, 0.3]})
    ours = roc(data["y"], data["score"])
    r_bridge.library("pROC")
    r_roc = r_bridge.call("pROC::roc", data["y"].to_numpy(), data["score"].to_numpy(), quiet=True)
    r_auc = r_bridge.to_py(r_bridge.call("pROC::auc", r_roc))
    cmp = parity_case("my-model-auc").describe(call="pROC::roc(y, score)", data=data)
    cmp.add("pROC.auc", ours.auc, float(np.asarray(r_auc)[0]))
    cmp.assert_ok()

"""The pROC test fixtures shared by the roc_test, power and multiclass tests: pROC attached with
``parity/r/roc_tests.R`` sourced, and pROC's aSAH data as plain vectors (``asah_data``)."""
from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def R(r_bridge):
    r_bridge.library("pROC")
    r_bridge.source("roc_tests.R")
    return r_bridge


@pytest.fixture(scope="module")
def asah(R):
    return R.call_py("helper:asah_data")

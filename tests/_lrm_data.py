"""Data builders and the rms bridge fixture shared by test_logistic, test_logistic_fit and test_nomogram."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from _paths import GOLDENS

COHORT = str(GOLDENS / "cohort.csv")


def mixed(n=300, seed=7, grade=False):
    """Numeric, string, categorical and 0/1 predictors (``grade``, 1..4, drawn before y when asked)."""
    rng = np.random.default_rng(seed)
    cols = {
        "age": rng.normal(60, 10, n).round(1),
        "race": rng.choice(["white", "black", "asian"], n),
        "stage": pd.Categorical(rng.choice(["III", "I", "II"], n), categories=["I", "II", "III"]),
        "bmi": rng.normal(25, 4, n),
        "smoker": rng.integers(0, 2, n),
    }
    if grade:
        cols["grade"] = rng.integers(1, 5, n)
    df = pd.DataFrame(cols)
    lp = -5 + 0.06 * df.age + (df.race == "black") * 0.7 + (df.stage == "III") * 1.0 - 0.4 * df.smoker
    y = (rng.uniform(size=n) < 1 / (1 + np.exp(-lp))).astype(int)
    return df, y


def numeric(n, p, seed, scale=1.0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, p)) * scale
    lp = -1 + X @ (rng.normal(size=p) * 0.6 / scale)
    y = (rng.uniform(size=n) < 1 / (1 + np.exp(-lp))).astype(float)
    return pd.DataFrame(X, columns=[f"x{j + 1}" for j in range(p)]), y


def cohort():
    d = pd.read_csv(COHORT)
    return d[["x1", "x2"]], d["y"].to_numpy()


@pytest.fixture(scope="module")
def rlog(r_bridge):
    r_bridge.library("rms")
    r_bridge.source("logistic.R")
    return r_bridge

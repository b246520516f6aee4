"""run_study says why it stops, and the report never prints "nan" as a result (issue 15)."""
from __future__ import annotations

import math
import re
import warnings
from dataclasses import replace
from html.parser import HTMLParser

import numpy as np
import pandas as pd
import pytest

from cmvt_core import InputError, RWarning
from cmvt_core.datasets import load_cmvt_cohort
from cmvt_core.study import StudyConfig, StudyResult, run_study, write_outputs


def cohort() -> pd.DataFrame:
    d = load_cmvt_cohort()
    d.attrs = {}
    d["cmvt"] = d["cmvt"].astype(int)
    return d


def quick(**kw) -> StudyConfig:
    return StudyConfig.from_dict({"calibration_B": 20, "validation_B": 20, "dca_bootstraps": 10, **kw})


def few_events(d: pd.DataFrame, k: int) -> pd.DataFrame:
    d = d.copy()
    ev = np.flatnonzero(d["cmvt"].to_numpy() == 1)
    d.loc[d.index[ev[k:]], "cmvt"] = 0
    return d


def _err(d, cfg) -> str:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RWarning)
        with pytest.raises(InputError) as ei:
            run_study(d, cfg)
    return str(ei.value)


@pytest.mark.parametrize("rule", ["min", "1se"])
def test_too_few_events_per_predictor(rule):
    msg = _err(few_events(cohort(), 10), quick(lambda_rule=rule))
    assert msg.startswith(f"LASSO kept no predictor at lambda.{rule}, so there is no model to fit: the training "
                          "group has 9 events among 223 patients for 26 candidate predictors, 0.35 events per "
                          "predictor (a common rule of thumb asks for at least 10 per candidate predictor)")
    # lambda.min is suggested only when it was not the rule already
    assert ("lambda_rule = 'min'" in msg) == (rule == "1se")


def test_complete_separation_names_the_column():
    d = cohort()
    d["leak"] = d["cmvt"] * 2.0 + 1.0
    msg = _err(d, quick())
    assert re.search(r"^complete separation in the multivariable model of the LASSO-selected predictors: 'leak' "
                     r"separates the events from the non-events of the training group \('leak': every event has "
                     r"leak >= 3 and every non-event leak <= 1\)", msg), msg
    assert "no LASSO-selected predictor has P" not in msg


def test_quasi_complete_separation_names_the_column():
    d = cohort()
    rng = np.random.default_rng(5)
    # a flag that only events carry (about half of them): quasi-complete separation
    d["flag"] = ((d["cmvt"] == 1) & (rng.uniform(size=len(d)) < 0.6)).astype(float)
    msg = _err(d, quick())
    assert re.search(r"quasi-complete separation in .*'flag'.*every event has flag >= 0 and every non-event "
                     r"flag <= 0", msg), msg


def test_intercept_named_predictor_is_refused():
    d = cohort()
    d["(Intercept)"] = 1.0
    assert "the cohort has a column named '(Intercept)'" in _err(d, quick())


def test_a_step_error_names_its_study_setting():
    msg = _err(cohort(), quick(hl_groups=1000))
    assert msg.startswith("study setting hl_groups = 1000: g=1000 groups for n=223 observations"), msg


# ----------------------------------------------------------------------------- the report's guard
class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.text: list[str] = []

    def handle_data(self, data):
        self.text.append(data)


@pytest.fixture(scope="module")
def study():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RWarning)
        return run_study(cohort(), quick())


def test_report_never_prints_nan(study, tmp_path):
    nan = float("nan")
    validate = study.internal_validation.table.copy()
    validate.iloc[0, list(validate.columns).index("optimism")] = nan
    broken = replace(
        study,
        hosmer_lemeshow=replace(study.hosmer_lemeshow, statistic=nan, p_value=nan),
        calibration=replace(study.calibration,
                            training=replace(study.calibration.training, mean_abs_error=nan),
                            validation=replace(study.calibration.validation, mean_abs_error=np.float64("nan"))),
        lasso=replace(study.lasso, lambda_1se=nan),
        model=replace(study.model, stats=dict(study.model.stats, Brier=nan)),
        internal_validation=replace(study.internal_validation, table=validate))
    out = write_outputs(broken, tmp_path / "out", figures=False)
    assert isinstance(broken, StudyResult)
    assert not math.isnan(study.internal_validation.table["optimism"].iloc[0])  # the shared result is unchanged
    p = _Text()
    p.feed((out / "report.html").read_text(encoding="utf-8"))
    text = " ".join(p.text)
    assert not re.search(r"(?<![A-Za-z])nan(?![A-Za-z])", text, re.I), re.findall(r".{40}nan.{20}", text, re.I)
    assert "Hosmer–Lemeshow χ² = not available" in text and "P not available" in text
    assert "mean absolute error not available in training" in text
    assert re.search(r"λ\s*1se\s*= not available", text)

"""The CMVT study: its recipe (``config``), the workflow (``pipeline``), its typed result (``result``) and the
report (``report``).

``run_study(data, StudyConfig(...))`` returns a :class:`StudyResult`; ``analyze`` is what ``cmvt analyze``
does (read the CSV, run the study, write ``results.json``, ``tables/``, ``figures/`` and ``report.html``).
The survival study (issue 20, ``survival``): ``run_survival_study(data, StudyConfig(survival_time=...,
survival_event=...))`` returns a :class:`SurvivalStudyResult`; ``analyze`` runs it when the time and event
columns are given.
"""
from __future__ import annotations

from .config import TOML_SECTIONS, StudyConfig
from .pipeline import analyze, run_study, write_outputs
from .result import StudyResult
from .survival import SurvivalStudyResult, run_survival_study, write_survival_outputs

__all__ = ["StudyConfig", "TOML_SECTIONS", "StudyResult", "run_study", "analyze", "write_outputs",
           "SurvivalStudyResult", "run_survival_study", "write_survival_outputs"]

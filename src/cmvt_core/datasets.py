"""Example data shipped with cmvt-core (package data, so an installed wheel has them too).

``cmvt_cohort_path()`` is the simulated CMVT cohort that ``cmvt demo`` analyses (319 patients,
made by ``fixtures/make_cohort.py`` in a source checkout; columns documented in
``fixtures/README.md``), and ``study_config_path()`` the study recipe that documents every key of
``cmvt analyze --config`` and equals its defaults.
"""
from __future__ import annotations

from pathlib import Path

_DATA = Path(__file__).resolve().parent / "data"


def cmvt_cohort_path() -> Path:
    """Path of the example CMVT cohort CSV (simulated; no real patient data)."""
    return _DATA / "cmvt_cohort.csv"


def study_config_path() -> Path:
    """Path of the study recipe TOML whose values are ``cmvt analyze``'s defaults."""
    return _DATA / "study.toml"


def load_cmvt_cohort():
    """The example CMVT cohort as a pandas DataFrame (``cmvt_core.cohort.read_csv`` of the shipped CSV)."""
    from .cohort import read_csv

    return read_csv(cmvt_cohort_path())

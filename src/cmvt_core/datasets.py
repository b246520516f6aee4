"""Example data shipped with cmvt-core (package data, so an installed wheel has them too).

``cmvt_cohort_path()`` is the simulated CMVT cohort that ``cmvt demo`` analyses (319 patients,
made by ``fixtures/make_cohort.py`` in a source checkout; columns documented in
``fixtures/README.md``), and ``study_config_path()`` the study recipe that documents every key of
``cmvt analyze --config`` and equals its defaults.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from ._docs import fill_doc, register

__all__ = ["cmvt_cohort_path", "study_config_path", "load_cmvt_cohort"]

_DATA = Path(__file__).resolve().parent / "data"

register(package_data_file="""
    Parameters
    ----------
    None

    Returns
    -------
    pathlib.Path
        The file in ``cmvt_core/data/`` inside the installed package (a wheel ships it too).
""")


@fill_doc
def cmvt_cohort_path() -> Path:
    """Path of the example CMVT cohort CSV (simulated; no real patient data).

    {{package_data_file}}

    Notes
    -----
    R call: none (a file path; R scripts read the same file with ``read.csv``)

    Examples
    --------
    >>> from cmvt_core.datasets import cmvt_cohort_path
    >>> cmvt_cohort_path().name
    'cmvt_cohort.csv'
    >>> cmvt_cohort_path().is_file()
    True
    """
    return _DATA / "cmvt_cohort.csv"


@fill_doc
def study_config_path() -> Path:
    """Path of the study recipe TOML whose values are ``cmvt analyze``'s defaults.

    {{package_data_file}}

    Notes
    -----
    R call: none (a file path; ``StudyConfig.from_toml`` reads it)

    Examples
    --------
    >>> from cmvt_core.datasets import study_config_path
    >>> from cmvt_core.study import StudyConfig
    >>> study_config_path().name
    'study.toml'
    >>> StudyConfig.from_toml(study_config_path()) == StudyConfig()
    True
    """
    return _DATA / "study.toml"


def load_cmvt_cohort() -> pd.DataFrame:
    """The example CMVT cohort as a pandas DataFrame (``cmvt_core.cohort.read_csv`` of the shipped CSV).

    319 simulated patients: the outcome ``cmvt`` (0/1) and 26 candidate predictors.  As
    ``read_csv`` reads every file, the cells are text; ``load_cohort`` and ``run_study`` convert them.

    Parameters
    ----------
    None

    Returns
    -------
    pandas.DataFrame
        319 rows, 27 text columns.

    Notes
    -----
    R call: ``read.csv(cmvt_cohort_path())`` (the file the R twins read; here the cells stay text)

    Examples
    --------
    >>> from cmvt_core.datasets import load_cmvt_cohort
    >>> df = load_cmvt_cohort()
    >>> df.shape
    (319, 27)
    >>> list(df.columns[:4])
    ['cmvt', 'age_group', 'female', 'bmi']
    >>> int(df["cmvt"].astype(int).sum())
    117
    """
    from .cohort import read_csv

    return read_csv(cmvt_cohort_path())

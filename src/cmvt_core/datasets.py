"""Example data shipped with cmvt-core (package data, so an installed wheel has them too).

``cmvt_cohort_path()`` is the simulated CMVT cohort that ``cmvt demo`` analyses (319 patients,
made by ``fixtures/make_cohort.py`` in a source checkout; columns documented in
``fixtures/README.md``), and ``study_config_path()`` the study recipe that documents every key of
``cmvt analyze --config`` and equals its defaults.  ``load_survival(name)`` reads one of R's survival
package data sets (lung, veteran, pbc, colon, gbsg), exported unchanged by ``data/survival/make_survival_data.R``.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from ._docs import fill_doc, register

__all__ = ["cmvt_cohort_path", "study_config_path", "load_cmvt_cohort", "SURVIVAL_DATASETS", "load_survival"]

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


#: the survival package's data sets shipped as CSVs (survival 3.5-3, ``data/survival/make_survival_data.R``)
SURVIVAL_DATASETS = ("lung", "veteran", "pbc", "colon", "gbsg")


def load_survival(name: str) -> pd.DataFrame:
    """One of R's ``survival`` package data sets, as R has it (``survival::lung`` and so on).

    The CSVs were written by ``write.csv(survival::<name>, na = "")`` (survival 3.5-3, R 4.2.2); missing
    values read back as NaN, factors as their labels (text), every other column as numbers.

    Parameters
    ----------
    name : str
        One of ``SURVIVAL_DATASETS``: "lung" (228 rows; status 1 = censored, 2 = dead), "veteran" (137),
        "pbc" (418; status 0 censored, 1 transplant, 2 dead), "colon" (1858; two rows per patient by
        ``etype``), "gbsg" (686; ``rfstime``, status 0/1).

    Returns
    -------
    pandas.DataFrame
        R's columns, in R's order.

    Raises
    ------
    InputError
        An unknown name.

    Notes
    -----
    R call: ``survival::lung`` (and the other data sets by name)

    Examples
    --------
    >>> from cmvt_core.datasets import load_survival
    >>> lung = load_survival("lung")
    >>> lung.shape, int(lung["status"].eq(2).sum())
    ((228, 10), 165)
    """
    from .errors import InputError

    if not isinstance(name, str) or name not in SURVIVAL_DATASETS:
        raise InputError(f"load_survival: unknown data set {name!r}; one of {', '.join(SURVIVAL_DATASETS)}")
    return pd.read_csv(_DATA / "survival" / f"{name}.csv", keep_default_na=False, na_values=[""])

"""A simulated administrative delivery cohort for net-benefit cut-off selection (study B).

``simulate_admin_cohort(n=550_237, seed=20240607)`` gives one row per delivery with an integer
obstetric comorbidity score (0-12; mean about 0.55, SD about 0.9; 35% with any comorbidity) and a
0/1 poor outcome (about 0.5%) whose rate rises with the score.  The score distribution and the
outcome rates per score are chosen so that, as in the published study, "score >= 4" flags about
1.3% of women with a sensitivity near 16% and the best net benefit, while "any comorbidity"
(score >= 1) has a negative net benefit when the exchange rate is the share flagged.

Deterministic: numpy's PCG64 seeded with ``seed`` (not R's stream; nothing here is compared with R's draws).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .errors import InputError

__all__ = ["N_DELIVERIES", "score_pmf", "simulate_admin_cohort"]

N_DELIVERIES = 550_237

# P(score = s), s = 0..12
_PMF = np.array([0.6510, 0.2200, 0.0830, 0.0320, 0.0100, 0.0027, 0.0008, 0.0003, 0.0001, 0.00004, 0.00003, 0.00002, 0.00001])
# P(poor outcome | score = s)
_RATE = np.array([0.0028, 0.0046, 0.0075, 0.0120, 0.0580, 0.0800, 0.1000, 0.1200, 0.1300, 0.1500, 0.1700, 0.1900, 0.2000])


def score_pmf() -> np.ndarray:
    """The probabilities of the scores 0..12 used by the generator (they sum to 1).

    Parameters
    ----------
    None

    Returns
    -------
    numpy.ndarray
        13 probabilities, P(score = 0), ..., P(score = 12).

    Notes
    -----
    R call: none (the simulation's own design, not an R routine)

    Examples
    --------
    >>> from cmvt_core.admin_cohort import score_pmf
    >>> p = score_pmf()
    >>> p.shape, round(float(p.sum()), 12)
    ((13,), 1.0)
    >>> [round(float(v), 3) for v in p[:3]]
    [0.651, 0.22, 0.083]
    """
    p = _PMF.copy()
    return p / p.sum()


def simulate_admin_cohort(n: int = N_DELIVERIES, seed: int = 20240607) -> pd.DataFrame:
    """The simulated administrative delivery cohort of study B, one row per delivery.

    Deterministic: numpy's PCG64 seeded with ``seed`` (not R's stream).

    Parameters
    ----------
    n : int, default N_DELIVERIES
        Number of deliveries (550 237, the published study's size).
    seed : int, default 20240607
        Seed of numpy's ``default_rng``.

    Returns
    -------
    pandas.DataFrame
        Columns ``score`` (int 0-12), ``any_comorbidity`` (0/1: score >= 1), ``outcome`` (0/1).

    Raises
    ------
    InputError
        ``n`` not a positive whole number.

    Notes
    -----
    R call: none (numpy's generator; nothing here is compared with R's draws)

    Examples
    --------
    >>> from cmvt_core.admin_cohort import simulate_admin_cohort
    >>> df = simulate_admin_cohort(1000, seed=1)
    >>> df.shape, list(df.columns)
    ((1000, 3), ['score', 'any_comorbidity', 'outcome'])
    >>> int(df["outcome"].sum()), float(df["any_comorbidity"].mean())
    (4, 0.349)
    """
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise InputError(f"n={n!r} must be a positive whole number of deliveries")
    rng = np.random.default_rng(seed)
    score = rng.choice(13, size=int(n), p=score_pmf()).astype(np.int64)
    outcome = (rng.random(int(n)) < _RATE[score]).astype(np.int64)
    return pd.DataFrame({"score": score, "any_comorbidity": (score >= 1).astype(np.int64), "outcome": outcome})

"""The tolerance registry: the one place where parity tolerances live.

Each entry is a statistic name pattern (``fnmatch`` style, matched against names such as
``glmnet.lambda`` or ``rrandom.runif``), its absolute and relative tolerance, and the reason
for that size.  A comparison passes an element when ``|py - r| <= max(abs_tol, rel_tol*|r|)``.
The most specific matching pattern (longest without wildcards) wins.

Never loosen an entry to make a test pass: a failing comparison is information.  Tightening
is always welcome.
"""
from __future__ import annotations

import fnmatch
from dataclasses import dataclass


@dataclass(frozen=True)
class Tolerance:
    abs: float
    rel: float
    reason: str


EXACT = Tolerance(0.0, 0.0, "exact")

TOLERANCES: dict[str, Tolerance] = {
    # --- random numbers (R_ALGORITHMS.md section 9)
    "rrandom.*": Tolerance(0.0, 0.0,
        "bit-identical: the same MT19937 stream, unif_rand fix-up, rejection sampling and AS 241 qnorm"),
    # --- bridge round trips
    "bridge.*": Tolerance(0.0, 0.0, "a value crossing the bridge must come back unchanged"),
    # --- glmnet / cv.glmnet (issue 3; R_ALGORITHMS.md sections 1-2)
    # --- lrm, Hosmer-Lemeshow, nomogram (issue 4; sections 3, 4, 7)
    # --- pROC (issue 5; section 6)
    # --- calibrate / validate / lowess (issue 6; section 5)
    # --- decision curves, glm (issue 7; section 8)
    # --- baseline table tests (issue 8)
}


def tolerance_for(statistic: str) -> Tolerance:
    """The registered tolerance for a statistic name; KeyError if none is registered."""
    if statistic in TOLERANCES:
        return TOLERANCES[statistic]
    matches = [p for p in TOLERANCES if fnmatch.fnmatchcase(statistic, p)]
    if not matches:
        raise KeyError(f"no tolerance registered for statistic {statistic!r}: add one to parity/tolerances.py "
                       "with the reason for its size")
    best = max(matches, key=lambda p: len(p.replace("*", "").replace("?", "")))
    return TOLERANCES[best]

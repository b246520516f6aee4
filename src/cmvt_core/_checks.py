"""Input checks shared by the modules that take a 0/1 outcome."""
from __future__ import annotations

from numbers import Real

import numpy as np


def first_not_01(values) -> tuple[int, object] | None:
    """(0-based position, value) of the first entry that is not 0/1 (a number 0 or 1, a bool, or the text
    "0"/"1"), so that a text outcome is reported by its real culprit ('yes') rather than by its dtype;
    None if every entry is 0/1."""
    for i, v in enumerate(values):
        if isinstance(v, (bool, np.bool_)):
            continue
        if isinstance(v, Real) and not isinstance(v, (str, bytes)):
            if v == 0 or v == 1:
                continue
        elif isinstance(v, str) and v.strip() in ("0", "1"):
            continue
        return i, (v.item() if isinstance(v, np.generic) else v)
    return None

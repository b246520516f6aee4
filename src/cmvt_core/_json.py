"""Plain JSON-ready data from results: the one converter behind every ``to_dict()`` and results.json."""
from __future__ import annotations

from typing import Any

import numpy as np


def jsonable(v: Any) -> Any:
    """Lists, dicts, floats, ints, bools and strings from numpy/pandas values (NaN/Inf stay floats).

    A DataFrame becomes ``{"columns", "index", "data"}``; a Series a dict; an object with
    ``to_dict()`` its dict."""
    import pandas as pd

    if isinstance(v, dict):
        return {str(k): jsonable(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [jsonable(x) for x in v]
    if isinstance(v, np.ndarray):
        return [jsonable(x) for x in v.tolist()]
    if isinstance(v, pd.DataFrame):
        return {"columns": [str(c) for c in v.columns], "index": [jsonable(i) for i in v.index.tolist()],
                "data": [[jsonable(x) for x in row] for row in v.itertuples(index=False, name=None)]}
    if isinstance(v, pd.Series):
        return {str(k): jsonable(x) for k, x in v.items()}
    if isinstance(v, np.bool_):
        return bool(v)
    if isinstance(v, np.integer):
        return int(v)
    if isinstance(v, np.floating):
        return float(v)
    if hasattr(v, "to_dict") and not isinstance(v, type):
        return jsonable(v.to_dict())
    return v

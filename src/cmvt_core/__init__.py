"""cmvt_core: clinical prediction models in pure Python, with the same numbers as R.

Public functions mirror the R functions they reproduce (see ``shared/API.md``).  They are
imported lazily, so ``import cmvt_core`` stays light.
"""
from __future__ import annotations

import importlib

from .errors import InputError, RWarning
from .rrandom import RRNG

__version__ = "0.1.0"

_LAZY = {
    "glmnet": "lasso", "cv_glmnet": "lasso",
    "lrm": "logistic",
    "nomogram": "nomogram",
    "hoslem_test": "gof",
    "roc": "roc", "roc_test": "roc",
    "calibrate": "calibration", "validate": "calibration",
    "decision_curve": "dca", "net_benefit": "dca", "confusion_metrics": "dca", "cutoff_table": "dca",
}

__all__ = ["InputError", "RWarning", "RRNG", "__version__", *_LAZY]


def __getattr__(name: str):
    if name in _LAZY:
        module = importlib.import_module(f".{_LAZY[name]}", __name__)
        value = getattr(module, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'cmvt_core' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(_LAZY))

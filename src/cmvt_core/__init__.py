"""cmvt_core: clinical prediction models in pure Python, with the same numbers as R.

Public functions mirror the R functions they reproduce (see ``docs/API.md``).  They are
imported lazily, so ``import cmvt_core`` stays light.
"""
from __future__ import annotations

import importlib

from .errors import InputError, RWarning
from .rrandom import RRNG

__version__ = "0.1.0"

_LAZY = {
    "glmnet": "lasso", "cv_glmnet": "lasso", "coxnet_deviance": "lasso_cox",
    "lrm": "logistic",
    "nomogram": "nomogram",
    "hoslem_test": "gof",
    "roc": "roc", "auc": "roc", "roc_test": "roc", "smooth": "_roc_smooth", "cov": "_roc_var",
    "power_roc_test": "_roc_power", "multiclass_roc": "multiclass",
    "calibrate": "calibration", "validate": "calibration",
    "decision_curve": "dca", "clinical_impact": "impact",
    "net_benefit": "cutoff", "confusion_metrics": "cutoff", "cutoff_table": "cutoff",
    "create_data_partition": "caret", "create_folds": "caret",
    "improve_prob": "reclass", "reclassification": "reclass",
    "val_prob": "valprob",
    "survfit": "kaplan_meier", "concordance": "concordance",
    "time_roc": "timeroc", "decision_curve_survival": "dca_survival", "groupkm": "groupkm",
    "cph": "cph",
    "anova": "anova", "function_text": "anova",
    "fastbw": "fastbw",
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


class _Package(type(importlib)):
    """Keeps ``cmvt_core.roc`` and ``cmvt_core.nomogram`` the functions of the contract.

    Importing a submodule binds it on the package under its own name; where a submodule and its
    function share a name, the function is bound instead.  The module itself stays importable
    (``from cmvt_core.roc import Roc``; ``sys.modules["cmvt_core.roc"]``).
    """

    def __setattr__(self, name, value):
        if name in _LAZY and name == _LAZY[name] and isinstance(value, type(importlib)):
            value = getattr(value, name, value)
        super().__setattr__(name, value)


import sys as _sys  # noqa: E402

_sys.modules[__name__].__class__ = _Package

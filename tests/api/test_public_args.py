"""Every public function rejects NaN, +-Inf and wrong types in each numeric argument (issue 15).

One row per (function, argument, bad value): the bad values are NaN, +Inf, -Inf, text, None, True (a bool
where a number is wanted) and a list of text.  Each row must raise ``cmvt_core.InputError`` whose message
names the argument, before any work is done; nothing else may escape (no numpy/pandas error, no silent
NaN).  Values that are valid for an argument (None for "use the default", Inf for glmnet's "exclude this
variable" penalty factor, NaN in roc's predictor, which pROC drops) are listed in ``ok`` and skipped.  Adding a
public function or a numeric argument adds rows here.

The functions: cmvt_core's lazy names (glmnet, cv_glmnet, lrm, nomogram, hoslem_test, roc, roc_test,
calibrate, validate, decision_curve, net_benefit, confusion_metrics, cutoff_table, create_data_partition,
create_folds, improve_prob, reclassification, val_prob, survfit, concordance, cph, time_roc,
decision_curve_survival, groupkm, anova, function_text, fastbw, auc, coxnet_deviance, smooth, cov, power_roc_test,
multiclass_roc), RRNG and its methods, and the result methods coef / predict / ci_auc / coords / confint.
"""
from __future__ import annotations

import math
import re
import warnings
from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np
import pandas as pd
import pytest

import cmvt_core
from cmvt_core import (RRNG, InputError, RWarning, anova, auc, calibrate, clinical_impact, concordance,
                       confusion_metrics, coxnet_deviance, cph, create_data_partition, create_folds, cutoff_table,
                       cv_glmnet, decision_curve, decision_curve_survival, fastbw, function_text, glmnet, groupkm, hoslem_test,
                       improve_prob, lrm, multiclass_roc, net_benefit, nomogram, power_roc_test, reclassification,
                       roc, roc_test, survfit, time_roc, val_prob, validate)
from cmvt_core import cov as roc_cov
from cmvt_core import smooth as roc_smooth

_g = np.random.default_rng(15)
N = 60
X = pd.DataFrame({"a": _g.normal(size=N), "b": _g.normal(size=N), "c": _g.normal(size=N)})
Y = (_g.uniform(size=N) < 1 / (1 + np.exp(-X["a"].to_numpy()))).astype(int)
P = np.clip(0.2 + 0.5 * Y + _g.uniform(-0.15, 0.15, N), 0.01, 0.99)
SCORE = np.arange(N, dtype=float) % 7
TIME = np.round(np.random.default_rng(19).exponential(5.0, N), 1)  # survival times (ties, a few zeros)
D = pd.DataFrame({"y": Y.astype(float), "risk": P})
TT = np.round(_g.exponential(100.0, N)) + 1.0
EV = np.where(np.arange(N) % 3 == 0, 0.0, 1.0)
FD = X.assign(y=Y.astype(float), t=TT, e=EV)  # the data of the formula forms

_cache: dict[str, Any] = {}


def _once(key, make):
    if key not in _cache:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RWarning)
            _cache[key] = make()
    return _cache[key]


def GFIT():
    return _once("glmnet", lambda: glmnet(X, Y, nlambda=20))


def CVFIT():
    return _once("cv", lambda: cv_glmnet(X, Y, seed=1, nfolds=3, nlambda=20))


def LFIT():
    return _once("lrm", lambda: lrm(X, Y))


def CFIT():
    return _once("cph", lambda: cph(X, TT, EV))


def CPHFIT():
    return _once("cph_u50", lambda: cph(X, TT, EV, time_inc=50.0))


def FLFIT():
    return _once("lrm-formula-ia", lambda: lrm("y ~ a * b + c", FD))


def ROC():
    return _once("roc", lambda: roc(Y, P))


def TROC():
    return _once("troc", lambda: time_roc(TT, EV, P, [50.0, 100.0]))


def DC():
    return _once("dc", lambda: decision_curve(D, "y", ["risk"], fitted_risk=True, confidence_intervals=None))


# --------------------------------------------------------------------------------------- bad values
SCALAR_BAD = {"nan": math.nan, "inf": math.inf, "-inf": -math.inf, "str": "1", "none": None, "bool": True,
              "list_str": ["a", "b"]}


def vector_bad(base, key: str):
    """A bad version of a valid vector argument: one entry NaN/+-Inf, the vector as text or None, True/False
    where numbers belong, or a list of text."""
    base = list(np.asarray(base).tolist())
    if key in ("nan", "inf", "-inf"):
        out = list(base)
        out[1] = SCALAR_BAD[key]
        return out
    if key == "str":
        return "1"
    if key == "none":
        return None
    if key == "bool":
        return np.array([i % 2 == 0 for i in range(len(base))])
    if key == "list_str":
        return ["a"] * len(base)
    raise AssertionError(key)


@dataclass
class Arg:
    fn: str                                    # the function, as the row id says it
    arg: str                                   # the argument (the message must name it)
    call: Callable[[Any], Any]                 # calls the function with the bad value in that argument
    vector: Any = None                         # a valid value, for a vector argument
    ok: frozenset = field(default_factory=frozenset)   # bad-value keys that are valid for this argument
    name: str | None = None                    # what the message says, if not the argument's name


def A(fn, arg, call, vector=None, ok=(), name=None):
    return Arg(fn, arg, call, vector, frozenset(ok), name)


W = np.ones(N)
ARGS: list[Arg] = [
    # ------------------------------------------------------------------ glmnet
    A("glmnet", "alpha", lambda v: glmnet(X, Y, alpha=v)),
    A("glmnet", "nlambda", lambda v: glmnet(X, Y, nlambda=v)),
    A("glmnet", "lambda_min_ratio", lambda v: glmnet(X, Y, lambda_min_ratio=v), ok={"none"}),
    A("glmnet", "thresh", lambda v: glmnet(X, Y, thresh=v)),
    A("glmnet", "maxit", lambda v: glmnet(X, Y, maxit=v)),
    A("glmnet", "dfmax", lambda v: glmnet(X, Y, dfmax=v), ok={"none"}),
    A("glmnet", "pmax", lambda v: glmnet(X, Y, pmax=v), ok={"none"}),
    A("glmnet", "lambda_", lambda v: glmnet(X, Y, lambda_=v), vector=[0.1, 0.05, 0.01], ok={"none"}),
    A("glmnet", "weights", lambda v: glmnet(X, Y, weights=v), vector=W, ok={"none"}),
    # Inf in penalty.factor excludes a variable (R's glmnet)
    A("glmnet", "penalty_factor", lambda v: glmnet(X, Y, penalty_factor=v), vector=[1.0, 1.0, 1.0],
      ok={"none", "inf"}),
    A("glmnet", "standardize", lambda v: glmnet(X, Y, standardize=v), ok={"bool"}),
    A("glmnet", "y", lambda v: glmnet(X, v), vector=Y, ok={"bool"}),
    # family="cox": the survival response as time= and event=
    A("glmnet", "time", lambda v: glmnet(X, family="cox", time=v, event=EV), vector=TT),
    A("glmnet", "event", lambda v: glmnet(X, family="cox", time=TT, event=v), vector=EV, ok={"bool"}),
    A("glmnet", "alpha", lambda v: glmnet(X, family="cox", time=TT, event=EV, alpha=v)),
    # ------------------------------------------------------------------ cv_glmnet
    A("cv_glmnet", "nfolds", lambda v: cv_glmnet(X, Y, nfolds=v, seed=1)),
    A("cv_glmnet", "seed", lambda v: cv_glmnet(X, Y, nfolds=3, seed=v, nlambda=5), ok={"none"}),
    A("cv_glmnet", "n_jobs", lambda v: cv_glmnet(X, Y, nfolds=3, seed=1, n_jobs=v, nlambda=5), ok={"none"}),
    A("cv_glmnet", "nlambda", lambda v: cv_glmnet(X, Y, nfolds=3, seed=1, nlambda=v)),
    A("cv_glmnet", "alpha", lambda v: cv_glmnet(X, Y, nfolds=3, seed=1, alpha=v)),
    A("cv_glmnet", "foldid", lambda v: cv_glmnet(X, Y, foldid=v), vector=np.arange(N) % 3 + 1, ok={"none"}),
    A("cv_glmnet", "weights", lambda v: cv_glmnet(X, Y, nfolds=3, seed=1, weights=v), vector=W, ok={"none"}),
    A("cv_glmnet", "lambda_", lambda v: cv_glmnet(X, Y, nfolds=3, seed=1, lambda_=v), vector=[0.1, 0.05, 0.01],
      ok={"none"}),
    A("cv_glmnet", "grouped", lambda v: cv_glmnet(X, Y, nfolds=3, seed=1, grouped=v), ok={"bool"}),
    A("cv_glmnet", "keep", lambda v: cv_glmnet(X, Y, nfolds=3, seed=1, keep=v), ok={"bool"}),
    A("coxnet_deviance", "time", lambda v: coxnet_deviance(X, v, EV, np.zeros((3, 2))), vector=TT),
    A("coxnet_deviance", "event", lambda v: coxnet_deviance(X, TT, v, np.zeros((3, 2))), vector=EV, ok={"bool"}),
    A("coxnet_deviance", "weights", lambda v: coxnet_deviance(X, TT, EV, np.zeros((3, 2)), weights=v), vector=W,
      ok={"none"}),
    A("cv_glmnet", "time", lambda v: cv_glmnet(X, family="cox", time=v, event=EV, nfolds=3, seed=1), vector=TT),
    A("cv_glmnet", "event", lambda v: cv_glmnet(X, family="cox", time=TT, event=v, nfolds=3, seed=1), vector=EV,
      ok={"bool"}),
    # ------------------------------------------------------------------ result methods of glmnet / cv_glmnet
    A("GlmnetFit.coef", "s", lambda v: GFIT().coef(s=v), ok={"none"}),
    A("GlmnetFit.coef", "s", lambda v: GFIT().coef(s=v), vector=[0.1, 0.01], ok={"none"}),
    A("GlmnetFit.predict", "s", lambda v: GFIT().predict(X, s=v), ok={"none"}),
    A("CvGlmnetFit.coef", "s", lambda v: CVFIT().coef(s=v)),
    A("CvGlmnetFit.predict", "s", lambda v: CVFIT().predict(X, s=v)),
    # ------------------------------------------------------------------ lrm / nomogram
    A("lrm", "maxit", lambda v: lrm(X, Y, maxit=v)),
    A("lrm", "eps", lambda v: lrm(X, Y, eps=v)),
    A("lrm", "tol", lambda v: lrm(X, Y, tol=v)),
    A("lrm", "y", lambda v: lrm(X, v), vector=Y, ok={"bool"}),
    A("nomogram", "maxscale", lambda v: nomogram(LFIT(), maxscale=v)),
    A("nomogram", "nint", lambda v: nomogram(LFIT(), nint=v)),
    A("nomogram", "interact", lambda v: nomogram(FLFIT(), interact=v)),
    A("nomogram", "interact", lambda v: nomogram(FLFIT(), interact={"b": [v]})),
    # ------------------------------------------------------------------ hoslem_test
    A("hoslem_test", "g", lambda v: hoslem_test(Y, P, g=v)),
    A("hoslem_test", "fitted", lambda v: hoslem_test(Y, v), vector=P),
    A("hoslem_test", "y", lambda v: hoslem_test(v, P), vector=Y, ok={"bool"}),
    # ------------------------------------------------------------------ roc and its methods
    # pROC drops NA predictors (na.rm = TRUE, an RWarning here); a logical predictor counts as 0/1
    A("roc", "predictor", lambda v: roc(Y, v), vector=P, ok={"nan", "bool"}),
    A("roc", "y", lambda v: roc(v, P), vector=Y, ok={"bool"}),
    A("roc", "na_rm", lambda v: roc(Y, P, na_rm=v), ok={"bool"}),
    A("roc", "percent", lambda v: roc(Y, P, percent=v), ok={"bool"}),
    A("roc", "partial_auc", lambda v: roc(Y, P, partial_auc=v), vector=[1.0, 0.8], ok={"none"}),
    A("roc", "partial_auc_correct", lambda v: roc(Y, P, partial_auc=(1, 0.8), partial_auc_correct=v), ok={"bool"}),
    A("roc", "controls", lambda v: roc(controls=v, cases=P[Y == 1]), vector=P[Y == 0], ok={"nan", "bool"}),
    A("roc", "cases", lambda v: roc(controls=P[Y == 0], cases=v), vector=P[Y == 1], ok={"nan", "bool"}),
    A("auc", "partial_auc", lambda v: auc(ROC(), partial_auc=v), vector=[1.0, 0.8], ok={"none"}),
    A("auc", "partial_auc_correct", lambda v: auc(ROC(), partial_auc=(1, 0.8), partial_auc_correct=v), ok={"bool"}),
    A("Roc.coords", "x", lambda v: ROC().coords(v), ok={"inf", "-inf", "none"}),
    A("Roc.coords", "x", lambda v: ROC().coords(v, input="specificity"), vector=[0.2, 0.5, 0.8], ok={"none"}),
    A("Roc.coords", "transpose", lambda v: ROC().coords("best", transpose=v), ok={"bool"}),
    A("Roc.ci_auc", "conf_level", lambda v: ROC().ci_auc(conf_level=v)),
    A("Roc.ci_auc", "boot_n", lambda v: ROC().ci_auc(method="bootstrap", boot_n=v, seed=1)),
    A("Roc.ci_auc", "seed", lambda v: ROC().ci_auc(method="bootstrap", boot_n=5, seed=v), ok={"none"}),
    A("Roc.ci_auc", "boot_stratified", lambda v: ROC().ci_auc(method="bootstrap", boot_n=5, seed=1,
                                                              boot_stratified=v), ok={"bool"}),
    A("Roc.coords", "best_weights", lambda v: ROC().coords("best", best_weights=v), vector=[1.0, 0.5]),
    A("Roc.ci_coords", "x", lambda v: ROC().ci_coords(v, boot_n=5, seed=1), ok={"inf", "-inf"}),
    A("Roc.ci_coords", "x", lambda v: ROC().ci_coords(v, boot_n=5, seed=1), vector=[0.2, 0.5, 0.8],
      ok={"inf", "-inf"}),
    A("Roc.ci_coords", "x", lambda v: ROC().ci_coords(v, input="specificity", boot_n=5, seed=1)),
    A("Roc.ci_coords", "x", lambda v: ROC().ci_coords(v, input="sensitivity", boot_n=5, seed=1),
      vector=[0.2, 0.5, 0.8]),
    A("Roc.ci_coords", "input", lambda v: ROC().ci_coords(0.5, input=v, ret="sensitivity", boot_n=5, seed=1)),
    A("Roc.ci_coords", "ret", lambda v: ROC().ci_coords(0.5, ret=v, boot_n=5, seed=1)),
    A("Roc.ci_coords", "best_method", lambda v: ROC().ci_coords(best_method=v, best_policy="random", boot_n=5,
                                                                seed=1)),
    A("Roc.ci_coords", "best_policy", lambda v: ROC().ci_coords(best_policy=v, boot_n=5, seed=1)),
    A("Roc.ci_coords", "best_weights", lambda v: ROC().ci_coords(best_weights=v, best_policy="random", boot_n=5,
                                                                 seed=1), vector=[1.0, 0.5]),
    A("Roc.ci_coords", "conf_level", lambda v: ROC().ci_coords(0.5, conf_level=v, boot_n=5, seed=1)),
    A("Roc.ci_coords", "boot_n", lambda v: ROC().ci_coords(0.5, boot_n=v, seed=1)),
    A("Roc.ci_coords", "boot_stratified", lambda v: ROC().ci_coords(0.5, boot_stratified=v, boot_n=5, seed=1),
      ok={"bool"}),
    A("Roc.ci_coords", "seed", lambda v: ROC().ci_coords(0.5, boot_n=5, seed=v), ok={"none"}),
    A("Roc.ci_se", "specificities", lambda v: ROC().ci_se(v, boot_n=5, seed=1), vector=[0.8, 0.9], ok={"none"}),
    A("Roc.ci_se", "conf_level", lambda v: ROC().ci_se(0.9, conf_level=v, boot_n=5, seed=1)),
    A("Roc.ci_se", "boot_n", lambda v: ROC().ci_se(0.9, boot_n=v, seed=1)),
    A("Roc.ci_se", "boot_stratified", lambda v: ROC().ci_se(0.9, boot_stratified=v, boot_n=5, seed=1), ok={"bool"}),
    A("Roc.ci_se", "seed", lambda v: ROC().ci_se(0.9, boot_n=5, seed=v), ok={"none"}),
    A("Roc.ci_sp", "sensitivities", lambda v: ROC().ci_sp(v, boot_n=5, seed=1), vector=[0.8, 0.9], ok={"none"}),
    A("Roc.ci_sp", "conf_level", lambda v: ROC().ci_sp(0.9, conf_level=v, boot_n=5, seed=1)),
    A("Roc.ci_sp", "boot_n", lambda v: ROC().ci_sp(0.9, boot_n=v, seed=1)),
    A("Roc.ci_sp", "boot_stratified", lambda v: ROC().ci_sp(0.9, boot_stratified=v, boot_n=5, seed=1), ok={"bool"}),
    A("Roc.ci_sp", "seed", lambda v: ROC().ci_sp(0.9, boot_n=5, seed=v), ok={"none"}),
    # issue 21 part B: smooth, var, cov, ci_thresholds
    # (a curve that is not perfect: the binormal fit needs points strictly inside (0, 1))
    A("roc", "smooth", lambda v: roc(Y, X["a"], smooth=v), ok={"bool"}),
    A("roc", "smooth_n", lambda v: roc(Y, X["a"], smooth=True, smooth_n=v), name="n"),
    A("smooth", "n", lambda v: roc_smooth(roc(Y, X["a"]), n=v)),
    A("smooth", "bw", lambda v: roc_smooth(roc(Y, X["a"]), method="density", bw=v)),
    A("Roc.var", "boot_n", lambda v: ROC().var("bootstrap", boot_n=v, seed=1)),
    A("Roc.var", "seed", lambda v: ROC().var("bootstrap", boot_n=5, seed=v), ok={"none"}),
    A("Roc.var", "boot_stratified", lambda v: ROC().var("bootstrap", boot_n=5, seed=1, boot_stratified=v),
      ok={"bool"}),
    A("cov", "boot_n", lambda v: roc_cov(ROC(), roc(Y, P ** 2), method="bootstrap", boot_n=v, seed=1)),
    A("cov", "seed", lambda v: roc_cov(ROC(), roc(Y, P ** 2), method="bootstrap", boot_n=5, seed=v), ok={"none"}),
    A("cov", "boot_stratified", lambda v: roc_cov(ROC(), roc(Y, P ** 2), method="bootstrap", boot_n=5, seed=1,
                                                  boot_stratified=v), ok={"bool"}),
    A("cov", "reuse_auc", lambda v: roc_cov(ROC(), roc(Y, P ** 2), reuse_auc=v), ok={"bool"}),
    # issue 21: bootstraps of smoothed curves
    A("SmoothRoc.ci_auc", "conf_level", lambda v: roc_smooth(roc(Y, X["a"])).ci_auc(conf_level=v, boot_n=5, seed=1)),
    A("SmoothRoc.ci_auc", "boot_n", lambda v: roc_smooth(roc(Y, X["a"])).ci_auc(boot_n=v, seed=1)),
    A("SmoothRoc.ci_auc", "seed", lambda v: roc_smooth(roc(Y, X["a"])).ci_auc(boot_n=5, seed=v), ok={"none"}),
    A("SmoothRoc.ci_auc", "boot_stratified", lambda v: roc_smooth(roc(Y, X["a"])).ci_auc(boot_n=5, seed=1,
                                                                                       boot_stratified=v), ok={"bool"}),
    A("Roc.ci_thresholds", "thresholds", lambda v: ROC().ci_thresholds(v, boot_n=5, seed=1), ok={"inf", "-inf"}),
    A("Roc.ci_thresholds", "thresholds", lambda v: ROC().ci_thresholds(v, boot_n=5, seed=1), vector=[0.2, 0.5, 0.8],
      ok={"inf", "-inf"}),
    A("Roc.ci_thresholds", "conf_level", lambda v: ROC().ci_thresholds(0.5, conf_level=v, boot_n=5, seed=1)),
    A("Roc.ci_thresholds", "boot_n", lambda v: ROC().ci_thresholds(0.5, boot_n=v, seed=1)),
    A("Roc.ci_thresholds", "boot_stratified", lambda v: ROC().ci_thresholds(0.5, boot_stratified=v, boot_n=5,
                                                                            seed=1), ok={"bool"}),
    A("Roc.ci_thresholds", "seed", lambda v: ROC().ci_thresholds(0.5, boot_n=5, seed=v), ok={"none"}),
    A("roc_test", "conf_level", lambda v: roc_test(ROC(), roc(Y, P ** 2), conf_level=v)),
    A("roc_test", "paired", lambda v: roc_test(ROC(), roc(Y, P ** 2), paired=v), ok={"bool", "none"}),
    A("roc_test", "boot_n", lambda v: roc_test(ROC(), roc(Y, P ** 2), method="bootstrap", boot_n=v, seed=1)),
    A("roc_test", "boot_stratified", lambda v: roc_test(ROC(), roc(Y, P ** 2), method="bootstrap", boot_n=5,
                                                        boot_stratified=v, seed=1), ok={"bool"}),
    A("roc_test", "seed", lambda v: roc_test(ROC(), roc(Y, P ** 2), method="venkatraman", boot_n=5, seed=v),
      ok={"none"}),
    A("roc_test", "specificity", lambda v: roc_test(ROC(), roc(Y, P ** 2), method="specificity", specificity=v,
                                                    boot_n=5, seed=1)),
    A("roc_test", "sensitivity", lambda v: roc_test(ROC(), roc(Y, P ** 2), method="sensitivity", sensitivity=v,
                                                    boot_n=5, seed=1)),
    A("roc_test", "reuse_auc", lambda v: roc_test(ROC(), roc(Y, P ** 2), reuse_auc=v), ok={"bool"}),
    # ------------------------------------------------------------------ power_roc_test / multiclass_roc
    # None marks the unknown pROC solves for
    A("power_roc_test", "sig_level", lambda v: power_roc_test(auc=0.8, ncases=30, ncontrols=40, sig_level=v,
                                                              power=0.9 if v is None else None), ok={"none"}),
    A("power_roc_test", "power", lambda v: power_roc_test(auc=0.8, power=v, ncases=30 if v is None else None,
                                                          ncontrols=40 if v is None else None), ok={"none"}),
    A("power_roc_test", "kappa", lambda v: power_roc_test(auc=0.8, power=0.9, kappa=v), ok={"none"}),
    A("power_roc_test", "auc", lambda v: power_roc_test(auc=v, ncases=30, ncontrols=40,
                                                        power=0.9 if v is None else None), ok={"none"}),
    A("power_roc_test", "ncases", lambda v: power_roc_test(auc=0.8, ncases=v, ncontrols=40), ok={"none"}),
    A("power_roc_test", "ncontrols", lambda v: power_roc_test(auc=0.8, ncases=30, ncontrols=v), ok={"none"}),
    A("power_roc_test", "boot_n", lambda v: power_roc_test(ROC(), roc(Y, P ** 2), method="bootstrap", boot_n=v,
                                                           seed=1)),
    A("power_roc_test", "seed", lambda v: power_roc_test(ROC(), roc(Y, P ** 2), method="bootstrap", boot_n=5,
                                                         seed=v), ok={"none"}),
    A("power_roc_test", "reuse_auc", lambda v: power_roc_test(ROC(), reuse_auc=v), ok={"bool"}),
    A("multiclass_roc", "predictor", lambda v: multiclass_roc(np.arange(N) % 3, v), vector=P, ok={"nan", "bool"}),
    A("multiclass_roc", "percent", lambda v: multiclass_roc(np.arange(N) % 3, P, percent=v), ok={"bool"}),
    # ------------------------------------------------------------------ calibrate / validate
    A("calibrate", "B", lambda v: calibrate(LFIT(), B=v, seed=1)),
    A("calibrate", "seed", lambda v: calibrate(LFIT(), B=3, seed=v), ok={"none"}),
    A("calibrate", "n_jobs", lambda v: calibrate(LFIT(), B=3, seed=1, n_jobs=v), ok={"none"}),
    A("calibrate", "predy", lambda v: calibrate(LFIT(), B=3, seed=1, predy=v), vector=[0.2, 0.4, 0.6],
      ok={"none"}),
    A("calibrate", "progress", lambda v: calibrate(LFIT(), B=3, seed=1, progress=v), ok={"bool", "none"}),
    A("validate", "B", lambda v: validate(LFIT(), B=v, seed=1)),
    A("validate", "seed", lambda v: validate(LFIT(), B=3, seed=v), ok={"none"}),
    A("validate", "n_jobs", lambda v: validate(LFIT(), B=3, seed=1, n_jobs=v), ok={"none"}),
    A("validate", "bw", lambda v: validate(LFIT(), B=3, seed=1, bw=v), ok={"bool"}),
    A("validate", "rule", lambda v: validate(LFIT(), B=3, seed=1, bw=True, rule=v)),
    A("validate", "type", lambda v: validate(LFIT(), B=3, seed=1, bw=True, type=v)),
    A("validate", "sls", lambda v: validate(LFIT(), B=3, seed=1, bw=True, rule="p", sls=v)),
    A("validate", "aics", lambda v: validate(LFIT(), B=3, seed=1, bw=True, aics=v)),
    A("calibrate", "bw", lambda v: calibrate(LFIT(), B=3, seed=1, bw=v), ok={"bool"}),
    A("calibrate", "rule", lambda v: calibrate(LFIT(), B=3, seed=1, bw=True, rule=v)),
    A("calibrate", "type", lambda v: calibrate(LFIT(), B=3, seed=1, bw=True, type=v)),
    A("calibrate", "sls", lambda v: calibrate(LFIT(), B=3, seed=1, bw=True, rule="p", sls=v)),
    A("calibrate", "aics", lambda v: calibrate(LFIT(), B=3, seed=1, bw=True, aics=v)),
    # ------------------------------------------------------------------ fastbw
    A("fastbw", "fit", lambda v: fastbw(v)),
    A("fastbw", "rule", lambda v: fastbw(LFIT(), rule=v)),
    A("fastbw", "type", lambda v: fastbw(LFIT(), type=v)),
    A("fastbw", "sls", lambda v: fastbw(LFIT(), rule="p", sls=v)),
    A("fastbw", "aics", lambda v: fastbw(LFIT(), aics=v)),
    # ------------------------------------------------------------------ decision_curve
    A("decision_curve", "bootstraps", lambda v: decision_curve(D, "y", ["risk"], fitted_risk=True, bootstraps=v,
                                                                seed=1)),
    # None means "no confidence intervals" (rmda's "none")
    A("decision_curve", "confidence_intervals", lambda v: decision_curve(D, "y", ["risk"], fitted_risk=True,
                                                                          confidence_intervals=v, bootstraps=3,
                                                                          seed=1), ok={"none"}),
    A("decision_curve", "seed", lambda v: decision_curve(D, "y", ["risk"], fitted_risk=True, bootstraps=3,
                                                          seed=v), ok={"none"}),
    A("decision_curve", "population_prevalence",
      lambda v: decision_curve(D, "y", ["risk"], fitted_risk=True, study_design="case-control",
                               population_prevalence=v, confidence_intervals=None)),
    A("decision_curve", "n_jobs", lambda v: decision_curve(D, "y", ["risk"], fitted_risk=True, bootstraps=3,
                                                            seed=1, n_jobs=v), ok={"none"}),
    A("decision_curve", "thresholds", lambda v: decision_curve(D, "y", ["risk"], fitted_risk=True, thresholds=v,
                                                                confidence_intervals=None),
      vector=[0.1, 0.2, 0.3], ok={"none"}),
    A("decision_curve", "fitted_risk", lambda v: decision_curve(D, "y", ["risk"], fitted_risk=v,
                                                                 confidence_intervals=None), ok={"bool"}),
    # ------------------------------------------------------------------ clinical_impact
    A("clinical_impact", "population_size", lambda v: clinical_impact(DC(), population_size=v)),
    A("clinical_impact", "dc", lambda v: clinical_impact(v)),
    # ------------------------------------------------------------------ net_benefit / confusion_metrics / cutoff_table
    A("net_benefit", "tp", lambda v: net_benefit(v, 2, 20, 0.1)),
    A("net_benefit", "fp", lambda v: net_benefit(3, v, 20, 0.1)),
    A("net_benefit", "n", lambda v: net_benefit(3, 2, v, 0.1)),
    A("net_benefit", "pt", lambda v: net_benefit(3, 2, 20, v)),
    A("net_benefit", "tp", lambda v: net_benefit(v, [2, 2, 2], 20, 0.1), vector=[3, 3, 3]),
    A("confusion_metrics", "pt", lambda v: confusion_metrics(Y, (P > 0.5).astype(int), pt=v), ok={"none"}),
    A("confusion_metrics", "y", lambda v: confusion_metrics(v, (P > 0.5).astype(int)), vector=Y, ok={"bool"}),
    A("confusion_metrics", "flagged", lambda v: confusion_metrics(Y, v), vector=(P > 0.5).astype(int),
      ok={"bool"}),
    A("cutoff_table", "pt", lambda v: cutoff_table(SCORE, Y, pt=v), ok={"none"}),
    A("cutoff_table", "cutoffs", lambda v: cutoff_table(SCORE, Y, cutoffs=v), vector=[1.0, 3.0, 5.0], ok={"none"}),
    A("cutoff_table", "score", lambda v: cutoff_table(v, Y), vector=SCORE),
    A("cutoff_table", "y", lambda v: cutoff_table(SCORE, v), vector=Y, ok={"bool"}),
    # ------------------------------------------------------------------ caret splits
    A("create_data_partition", "y", lambda v: create_data_partition(v, 0.5, seed=1), vector=Y, ok={"bool", "list_str"}),
    A("create_data_partition", "p", lambda v: create_data_partition(Y, v, seed=1)),
    A("create_data_partition", "times", lambda v: create_data_partition(Y, 0.5, times=v, seed=1)),
    A("create_data_partition", "groups", lambda v: create_data_partition(Y, 0.5, groups=v, seed=1), ok={"none"}),
    A("create_data_partition", "seed", lambda v: create_data_partition(Y, 0.5, seed=v), ok={"none"}),
    A("create_folds", "y", lambda v: create_folds(v, 3, seed=1), vector=Y, ok={"bool", "list_str"}),
    A("create_folds", "k", lambda v: create_folds(Y, v, seed=1)),
    A("create_folds", "seed", lambda v: create_folds(Y, 3, seed=v), ok={"none"}),
    # ------------------------------------------------------------------ reclassification
    # Hmisc's improveProb drops rows with a missing value (is.na(x1 + x2 + y)), so NaN is valid in x1, x2, y
    A("improve_prob", "x1", lambda v: improve_prob(v, P, Y), vector=P ** 2, ok={"nan"}),
    A("improve_prob", "x2", lambda v: improve_prob(P ** 2, v, Y), vector=P, ok={"nan"}),
    A("improve_prob", "y", lambda v: improve_prob(P ** 2, P, v), vector=Y, ok={"nan", "bool"}),
    A("reclassification", "x1", lambda v: reclassification(v, P, Y, [0.3, 0.6], boot=0), vector=P ** 2,
      ok={"nan"}),
    A("reclassification", "x2", lambda v: reclassification(P ** 2, v, Y, [0.3, 0.6], boot=0), vector=P,
      ok={"nan"}),
    A("reclassification", "y", lambda v: reclassification(P ** 2, P, v, [0.3, 0.6], boot=0), vector=Y,
      ok={"nan", "bool"}),
    A("reclassification", "cutoffs", lambda v: reclassification(P ** 2, P, Y, v, boot=0), vector=[0.2, 0.4, 0.6]),
    A("reclassification", "cutoffs", lambda v: reclassification(P ** 2, P, Y, v, boot=0)),
    A("reclassification", "boot", lambda v: reclassification(P ** 2, P, Y, 0.5, boot=v, seed=1)),
    A("reclassification", "seed", lambda v: reclassification(P ** 2, P, Y, 0.5, boot=5, seed=v), ok={"none"}),
    A("reclassification", "conf_level", lambda v: reclassification(P ** 2, P, Y, 0.5, boot=5, seed=1,
                                                                     conf_level=v)),
    # ------------------------------------------------------------------ val_prob
    A("val_prob", "p", lambda v: val_prob(v, Y), vector=P),
    A("val_prob", "y", lambda v: val_prob(P, v), vector=Y, ok={"bool"}),
    # ------------------------------------------------------------------ survfit
    A("survfit", "time", lambda v: survfit(v, Y), vector=TIME),
    A("survfit", "event", lambda v: survfit(TIME, v), vector=Y, ok={"bool"}),
    # ------------------------------------------------------------------ concordance
    A("concordance", "time", lambda v: concordance(v, Y, P), vector=TIME),
    A("concordance", "event", lambda v: concordance(TIME, v, P), vector=Y, ok={"bool"}),
    A("concordance", "predictor", lambda v: concordance(TIME, Y, v), vector=P),
    A("concordance", "reverse", lambda v: concordance(TIME, Y, P, reverse=v), ok={"bool"}),
    # ------------------------------------------------------------------ cph
    A("cph", "time", lambda v: cph(X, v, EV), vector=TT),
    A("cph", "event", lambda v: cph(X, TT, v), vector=EV, ok={"bool"}),
    A("cph", "time_inc", lambda v: cph(X, TT, EV, time_inc=v), ok={"none"}),
    A("nomogram", "times", lambda v: nomogram(CFIT(), times=v), vector=[TT.min() + 5, TT.max() / 2]),
    # ------------------------------------------------------------------ time_roc (timeROC)
    A("time_roc", "time", lambda v: time_roc(v, EV, P, [50.0]), vector=TT),
    A("time_roc", "event", lambda v: time_roc(TT, v, P, [50.0]), vector=EV, ok={"bool"}),
    A("time_roc", "marker", lambda v: time_roc(TT, EV, v, [50.0]), vector=P),
    A("time_roc", "times", lambda v: time_roc(TT, EV, P, v), vector=[30.0, 60.0, 90.0]),
    A("time_roc", "cause", lambda v: time_roc(TT, EV, P, [50.0], cause=v)),
    A("time_roc", "iid", lambda v: time_roc(TT, EV, P, [50.0], iid=v), ok={"bool"}),
    A("TimeROC.confint", "level", lambda v: TROC().confint(level=v, n_sim=5, seed=1)),
    A("TimeROC.confint", "n_sim", lambda v: TROC().confint(n_sim=v, seed=1)),
    A("TimeROC.confint", "seed", lambda v: TROC().confint(n_sim=5, seed=v), ok={"none"}),
    # ------------------------------------------------------------------ decision_curve_survival (dcurves)
    A("decision_curve_survival", "time", lambda v: decision_curve_survival(v, EV, P, time_horizon=50), vector=TT),
    A("decision_curve_survival", "event", lambda v: decision_curve_survival(TT, v, P, time_horizon=50), vector=EV,
      ok={"bool"}),
    A("decision_curve_survival", "risk", lambda v: decision_curve_survival(TT, EV, v, time_horizon=50), vector=P),
    A("decision_curve_survival", "time_horizon", lambda v: decision_curve_survival(TT, EV, P, time_horizon=v)),
    A("decision_curve_survival", "thresholds",
      lambda v: decision_curve_survival(TT, EV, P, time_horizon=50, thresholds=v), vector=[0.1, 0.2, 0.3],
      ok={"none"}),
    A("decision_curve_survival", "harm", lambda v: decision_curve_survival(TT, EV, P, time_horizon=50, harm=v)),
    A("decision_curve_survival", "bootstraps",
      lambda v: decision_curve_survival(TT, EV, P, time_horizon=50, thresholds=[0.2], bootstraps=v, seed=1),
      ok={"none"}),
    A("decision_curve_survival", "confidence_intervals",
      lambda v: decision_curve_survival(TT, EV, P, time_horizon=50, thresholds=[0.2], confidence_intervals=v)),
    A("decision_curve_survival", "seed",
      lambda v: decision_curve_survival(TT, EV, P, time_horizon=50, thresholds=[0.2], bootstraps=2, seed=v),
      ok={"none"}),
    # calibrate / validate of a cph fit (u, m; B and seed as for lrm)
    A("calibrate", "u", lambda v: calibrate(CPHFIT(), u=v, B=3, seed=1)),
    A("calibrate", "m", lambda v: calibrate(CPHFIT(), u=50.0, m=v, B=3, seed=1)),
    A("calibrate", "B", lambda v: calibrate(CPHFIT(), u=50.0, B=v, seed=1)),
    A("validate", "B", lambda v: validate(CPHFIT(), B=v, seed=1)),
    A("validate", "seed", lambda v: validate(CPHFIT(), B=3, seed=v), ok={"none"}),
    A("decision_curve_survival", "n_jobs",
      lambda v: decision_curve_survival(TT, EV, P, time_horizon=50, thresholds=[0.2], bootstraps=2, seed=1, n_jobs=v),
      ok={"none"}),
    # ------------------------------------------------------------------ groupkm (rms)
    A("groupkm", "x", lambda v: groupkm(v, TT, EV, u=50.0, m=20), vector=P, ok={"nan"}),
    A("groupkm", "time", lambda v: groupkm(P, v, EV, u=50.0, m=20), vector=TT),
    A("groupkm", "event", lambda v: groupkm(P, TT, v, u=50.0, m=20), vector=EV, ok={"bool"}),
    A("groupkm", "u", lambda v: groupkm(P, TT, EV, u=v, m=20)),
    A("groupkm", "m", lambda v: groupkm(P, TT, EV, u=50.0, m=v)),
    A("groupkm", "g", lambda v: groupkm(P, TT, EV, u=50.0, g=v), ok={"none"}),
    A("groupkm", "cuts", lambda v: groupkm(P, TT, EV, u=50.0, cuts=v), vector=[0.3, 0.6], ok={"none"}),
    # ------------------------------------------------------------------ rms formulas (issue 22)
    A("lrm(formula)", "maxit", lambda v: lrm("y ~ rcs(a, 3) + b", FD, maxit=v)),
    A("lrm(formula)", "eps", lambda v: lrm("y ~ rcs(a, 3) + b", FD, eps=v)),
    A("lrm(formula)", "tol", lambda v: lrm("y ~ rcs(a, 3) + b", FD, tol=v)),
    A("cph(formula)", "time_inc", lambda v: cph("Surv(t, e) ~ rcs(a, 3) + b", FD, time_inc=v), ok={"none"}),
    A("anova", "fit", lambda v: anova(v)),
    A("function_text", "fit", lambda v: function_text(v)),
    A("function_text", "digits", lambda v: function_text(_once("lrmf", lambda: lrm("y ~ a * b", FD)), digits=v),
      ok={"none"}),
    # ------------------------------------------------------------------ RRNG and its methods
    A("RRNG", "seed", lambda v: RRNG(v), ok={"none"}),
    A("RRNG.unif_rand", "n", lambda v: RRNG(1).unif_rand(v)),
    A("RRNG.runif", "n", lambda v: RRNG(1).runif(v)),
    A("RRNG.runif", "min", lambda v: RRNG(1).runif(3, min=v)),
    A("RRNG.runif", "max", lambda v: RRNG(1).runif(3, max=v)),
    A("RRNG.unif_index", "dn", lambda v: RRNG(1).unif_index(v, 3)),
    A("RRNG.unif_index", "size", lambda v: RRNG(1).unif_index(10, v)),
    A("RRNG.sample", "n", lambda v: RRNG(1).sample(v)),
    A("RRNG.sample", "size", lambda v: RRNG(1).sample(10, v), ok={"none"}),
    A("RRNG.sample", "replace", lambda v: RRNG(1).sample(5, 3, replace=v), ok={"bool"}),
    A("RRNG.rnorm", "n", lambda v: RRNG(1).rnorm(v)),
    A("RRNG.rnorm", "mean", lambda v: RRNG(1).rnorm(3, mean=v)),
    A("RRNG.rnorm", "sd", lambda v: RRNG(1).rnorm(3, sd=v)),
]

ROWS = []
for a in ARGS:
    for key in SCALAR_BAD:
        if key in a.ok:
            continue
        kind = "vector" if a.vector is not None else "scalar"
        ROWS.append(pytest.param(a, key, id=f"{a.fn}-{a.arg}-{kind}-{key}"))


@pytest.mark.parametrize("a,key", ROWS)
def test_bad_value_is_an_input_error_naming_the_argument(a: Arg, key: str):
    value = vector_bad(a.vector, key) if a.vector is not None else SCALAR_BAD[key]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RWarning)
        with pytest.raises(InputError) as ei:
            a.call(value)
    msg = str(ei.value)
    name = a.name or a.arg
    assert re.search(rf"(?<![A-Za-z_]){re.escape(name)}(?![A-Za-z_])", msg), f"{name!r} not named in {msg!r}"
    assert "\n" not in msg


def test_every_public_function_has_rows():
    """The table covers every lazy name of cmvt_core (the API of docs/API.md) and the result methods."""
    fns = {a.fn.split(".")[0] for a in ARGS}
    lazy = set(cmvt_core._LAZY)
    assert lazy <= fns, f"public functions without rows: {sorted(lazy - fns)}"
    assert {"RRNG", "GlmnetFit", "CvGlmnetFit", "Roc", "TimeROC"} <= fns
    methods = {a.fn for a in ARGS if "." in a.fn}
    for m in ("GlmnetFit.coef", "GlmnetFit.predict", "CvGlmnetFit.coef", "CvGlmnetFit.predict", "Roc.ci_auc",
              "Roc.coords", "Roc.ci_coords", "Roc.ci_se", "Roc.ci_sp",
              "RRNG.sample", "RRNG.runif", "RRNG.rnorm", "RRNG.unif_index", "RRNG.unif_rand"):
        assert m in methods
    assert len(ROWS) >= 400


@pytest.mark.parametrize("a", [pytest.param(a, id=f"{a.fn}-{a.arg}-{'vector' if a.vector is not None else 'scalar'}")
                               for a in ARGS])
def test_the_ok_values_really_are_accepted(a: Arg):
    """The values a row skips as valid do give a result (so the table does not hide a gap)."""
    for key in sorted(a.ok):
        value = vector_bad(a.vector, key) if a.vector is not None else SCALAR_BAD[key]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RWarning)
            a.call(value)

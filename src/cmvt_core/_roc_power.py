"""``pROC::power.roc.test``: sample size, power, significance level or AUC of one or two ROC curves
(Obuchowski's formulas), as pROC 1.18.0 computes them (docs/R_ALGORITHMS.md, "pROC tests, power and
multiclass").  The AUC of one curve is solved by R's ``uniroot`` (``kernels.zeroin``), the rest in closed form.
"""
from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import numpy as np

from . import _validate as V
from .errors import InputError, RWarning
from .kernels.rbase import r_cov, r_var
from .kernels.zeroin import uniroot
from ._roc_var import _cov_params, _pn, _qn, _var_params

if TYPE_CHECKING:  # pragma: no cover
    from .roc import Roc

__all__ = ["power_roc_test", "PowerRocTest"]

@dataclass(eq=False)
class PowerRocTest:
    """``pROC::power.roc.test``: a power.htest.

    Attributes
    ----------
    ncases, ncontrols : float
        The numbers of cases and controls (solved or given).
    sig_level, power : float
        The significance level and power (solved or given).
    auc : float or None
        The AUC (one curve).
    auc1, auc2 : float or None
        The AUCs (two curves).
    alternative : str
        ``"two.sided"`` or ``"one.sided"``.
    method : str
        R's method line.
    """

    ncases: float
    ncontrols: float
    sig_level: float
    power: float
    alternative: str
    method: str
    auc: float | None = None
    auc1: float | None = None
    auc2: float | None = None

    def __str__(self) -> str:
        from . import _printing as P
        rows = [("ncases", self.ncases), ("ncontrols", self.ncontrols)]
        if self.auc is not None:
            rows.append(("auc", self.auc))
        if self.auc1 is not None:
            rows += [("auc1", self.auc1), ("auc2", self.auc2)]
        rows += [("sig.level", self.sig_level), ("power", self.power)]
        w = max(len(k) for k, _ in rows) + 1
        lines = ["", f"     {self.method} ", ""]
        lines += [f"{k:>{w + 4}} = {P.format1(float(v), 7)}" for k, v in rows]
        lines += [f"{'alternative':>{w + 4}} = {self.alternative}", ""]
        return "\n".join(lines)

    def __repr__(self) -> str:
        from . import _printing as P
        return P.short(str(self))

    def to_dict(self) -> dict:
        return {"ncases": self.ncases, "ncontrols": self.ncontrols, "sig_level": self.sig_level,
                "power": self.power, "auc": self.auc, "auc1": self.auc1, "auc2": self.auc2,
                "alternative": self.alternative, "method": self.method}


# ================================================================== Obuchowski's formulas (pROC's helpers)
def _var_theta(theta: float, kappa: float) -> float:
    """var.theta.obuchowski."""
    A = _qn(theta) * 1.414
    return (0.0099 * math.exp(-(A * A) / 2)) * ((5 * (A * A) + 8) + ((A * A) + 8) / kappa)


def _div(a, b) -> float:
    """a / b in IEEE arithmetic as R (x / 0 is +-Inf, 0 / 0 NaN)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return float(np.float64(a) / np.float64(b))


def _sqrt(x) -> float:
    with np.errstate(invalid="ignore"):
        return float(np.sqrt(np.float64(x)))  # R: sqrt of a negative is NaN (with a warning)


def _solve_nd(zalpha, zbeta, v0, va, delta):
    t = zalpha * _sqrt(v0) + zbeta * _sqrt(va)
    return _div(t * t, delta * delta)


def _solve_zbeta(nd, zalpha, v0, va, delta):
    return _div(_sqrt(nd * (delta * delta)) - zalpha * _sqrt(v0), _sqrt(va))


def _solve_zalpha(nd, zbeta, v0, va, delta):
    return _div(_sqrt(nd * (delta * delta)) - zbeta * _sqrt(va), _sqrt(v0))


# ================================================================== argument checks (pROC's, in its order)
def _checks(ncases, ncontrols, kappa, power, sig_level):
    if ncases is not None and ncases < 0:
        raise InputError("'ncases' must be positive")
    if ncontrols is not None and ncontrols < 0:
        raise InputError("'ncontrols' must be positive")
    if kappa is not None and kappa < 0:
        raise InputError("'kappa' must be positive")
    if power is not None and (power < 0 or power > 1):
        raise InputError("'power' must range from 0 to 1")
    if sig_level is not None and (sig_level < 0 or sig_level > 1):
        raise InputError("'sig.level' must range from 0 to 1")


def _start(ncases, ncontrols, kappa, power, sig_level, alternative):
    """The common start of power.roc.test.numeric and .list: the checks, ncontrols = kappa * ncases (or
    ncases = ncontrols / kappa) when one is missing, sig.level halved for a two-sided test."""
    _checks(ncases, ncontrols, kappa, power, sig_level)
    if ncontrols is None and ncases is not None and kappa is not None:
        ncontrols = kappa * ncases
    elif ncases is None and ncontrols is not None and kappa is not None:
        ncases = ncontrols / kappa
    sig = sig_level / 2 if (alternative == "two.sided" and sig_level is not None) else sig_level
    return ncontrols, ncases, sig


def _unknown(ncases, ncontrols, power, sig, kappa) -> str:
    """What power.roc.test solves for ("n", "power" or "sig"), with pROC's errors in pROC's order."""
    if ncases is None and ncontrols is None:
        if power is None:
            raise InputError(_NEED_N)
        if kappa is None:
            raise InputError("'kappa' must be provided.")
        if sig is None:
            raise InputError("'sig.level' or 'ncases' and 'ncontrols' must be provided.")
        return "n"
    if power is None:
        if ncontrols is None or ncases is None:
            raise InputError(_NEED_N)
        if sig is None:
            raise InputError("'sig.level' or 'power' must be provided.")
        return "power"
    if sig is None:
        if ncontrols is None or ncases is None:
            raise InputError(_NEED_N)
        return "sig"
    raise InputError("One of 'power', 'sig.level', 'auc', or both 'ncases' and 'ncontrols' must be NULL "
                     "(None): nothing is left to compute.")


def _num(v, name):
    return None if v is None else V.number(v, name)


_NEED_N = "'ncontrols' and 'ncases' (or one of these with 'kappa') or 'auc' must be provided."


def _numeric(auc, ncontrols, ncases, sig_level, power, kappa, alternative) -> PowerRocTest:
    """power.roc.test.numeric."""
    ncontrols, ncases, sig = _start(ncases, ncontrols, kappa, power, sig_level, alternative)
    if auc is None:
        if ncontrols is None or ncases is None:
            raise InputError(_NEED_N)
        if power is None:
            raise InputError("'power' or 'auc' must be provided.")
        if sig is None:
            raise InputError("'sig.level' or 'auc' must be provided.")
        kap = ncontrols / ncases
        zalpha = _qn(1 - sig)
        zbeta = _qn(power)

        def fun(x):  # power.roc.test.optimize.auc.function
            t = zalpha * math.sqrt(0.0792 * (1 + 1 / kap)) + zbeta * math.sqrt(_var_theta(x, kap))
            with np.errstate(divide="ignore", invalid="ignore"):  # R: t^2 / 0 is Inf at x = 0.5
                return float(np.float64(t * t) / np.float64((x - 0.5) * (x - 0.5))) - ncases
        try:
            auc = uniroot(fun, 0.5, 1 - 1e-16)["root"]
        except InputError as e:
            raise InputError(f"AUC could not be solved: {e}") from None
    elif (unknown := _unknown(ncases, ncontrols, power, sig, kappa)) == "n":
        theta = float(auc)
        ncases = _solve_nd(_qn(1 - sig), _qn(power), 0.0792 * (1 + 1 / kappa), _var_theta(theta, kappa),
                           theta - 0.5)
        ncontrols = kappa * ncases
    elif unknown == "power":
        kap = ncontrols / ncases
        theta = float(auc)
        zbeta = _solve_zbeta(ncases, _qn(1 - sig), 0.0792 * (1 + 1 / kap), _var_theta(theta, kap), theta - 0.5)
        power = _pn(zbeta)
    elif unknown == "sig":
        kap = ncontrols / ncases
        theta = float(auc)
        zalpha = _solve_zalpha(ncases, _qn(power), 0.0792 * (1 + 1 / kap), _var_theta(theta, kap), theta - 0.5)
        sig = 1 - _pn(zalpha)
    if alternative == "two.sided":
        sig = sig * 2
    return PowerRocTest(ncases=float(ncases), ncontrols=float(ncontrols), sig_level=float(sig), power=float(power),
                        alternative=alternative, method="One ROC curve power calculation", auc=float(auc))


_REQUIRED = ("A1", "B1", "A2", "B2", "rn", "ra", "delta")


def _params(pars: dict, ncontrols, ncases, sig_level, power, kappa, alternative) -> PowerRocTest:
    """power.roc.test.list (the binormal-parameter form)."""
    ncontrols, ncases, sig = _start(ncases, ncontrols, kappa, power, sig_level, alternative)
    missing = [k for k in _REQUIRED if k not in pars]
    if missing:
        raise InputError(f"Missing parameter(s): {', '.join(missing)}")
    p = {k: (None if v is None else V.number(v, f"parslist[{k!r}]")) for k, v in pars.items()}

    def covvar(kap):
        return (_var_params(p["A1"], p["B1"], kap, p.get("FPR11"), p.get("FPR12")),
                _var_params(p["A2"], p["B2"], kap, p.get("FPR21"), p.get("FPR22")),
                _cov_params(p["A1"], p["B1"], p["A2"], p["B2"], p["rn"], p["ra"], kap, p.get("FPR11"),
                            p.get("FPR12"), p.get("FPR21"), p.get("FPR22")))
    unknown = _unknown(ncases, ncontrols, power, sig, kappa)
    if unknown == "n":
        v1, v2, c12 = covvar(kappa)
        ncases = _solve_nd(_qn(1 - sig), _qn(power), 2 * v1 - 2 * c12, v1 + v2 - 2 * c12, p["delta"])
        ncontrols = kappa * ncases
    elif unknown == "power":
        kap = ncontrols / ncases
        v1, v2, c12 = covvar(kap)
        power = _pn(_solve_zbeta(ncases, _qn(1 - sig), 2 * v1 - 2 * c12, v1 + v2 - 2 * c12, p["delta"]))
    elif unknown == "sig":
        kap = ncontrols / ncases
        v1, v2, c12 = covvar(kap)
        sig = 1 - _pn(_solve_zalpha(ncases, _qn(power), 2 * v1 - 2 * c12, v1 + v2 - 2 * c12, p["delta"]))
    if alternative == "two.sided":
        sig = sig * 2
    return PowerRocTest(ncases=float(ncases), ncontrols=float(ncontrols), sig_level=float(sig), power=float(power),
                        alternative=alternative, method="Two ROC curves power calculation")


def _covvar(r1, r2, method, boot_n, boot_stratified, seed):
    """pROC's ``covvar``: (var1, var2, cov12), each times the number of cases; the variances and covariance
    are ``_roc_var``'s (``var``/``cov``), on the unpercented curves."""
    from ._roc_var import cov_obuchowski, var_obuchowski

    m = r1.n_cases
    if method == "delong":
        if r1.direction != r2.direction:
            warnings.warn("DeLong method should not be applied to ROC curves with a different direction.",
                          RWarning, stacklevel=4)
        from ._roc_var import cov_delong

        c12, v1, v2 = cov_delong(r1, r2), r1._var_delong(), r2._var_delong()
    elif method == "bootstrap":
        from ._roc_tests import replicate_pairs
        from .rrandom import RRNG

        a, b = replicate_pairs(r1, r2, "boot", None, True, boot_n, boot_stratified, RRNG(seed))
        bad = np.isnan(a) | np.isnan(b)
        if bad.any():
            nas = int(np.isnan(a).sum() + np.isnan(b).sum())
            warnings.warn(f"{nas} NA value(s) produced during bootstrap were ignored.", RWarning, stacklevel=4)
            a, b = a[~bad], b[~bad]
        c12, v1, v2 = r_cov(a, b), r_var(a), r_var(b)
    else:  # obuchowski: var.roc.obuchowski(roc) / ncases, cov.roc.obuchowski(roc1, roc2) / ncases
        if r1.direction != r2.direction:
            warnings.warn("Obuchowski method should not be applied to ROC curves with a different direction.",
                          RWarning, stacklevel=4)
        v1, v2, c12 = var_obuchowski(r1), var_obuchowski(r2), cov_obuchowski(r1, r2)
    return v1 * m, v2 * m, c12 * m


def power_roc_test(roc1: Roc | dict | None = None, roc2: Roc | None = None, *, ncases: float | None = None,
                   ncontrols: float | None = None, sig_level: float | None = 0.05, power: float | None = None,
                   kappa: float | None = None, auc: float | None = None,
                   alternative: Literal["two.sided", "one.sided"] = "two.sided",
                   method: Literal["delong", "bootstrap", "obuchowski"] = "delong", boot_n: int = 2000,
                   boot_stratified: bool = True, seed: int | None = None, reuse_auc: bool = True) -> PowerRocTest:
    """Sample size, power, significance level or AUC of a ROC test as ``pROC::power.roc.test``.

    Four forms, as pROC dispatches them: one ROC curve (``roc1``), two paired curves (``roc1``, ``roc2``:
    the DeLong or bootstrap (co)variances in Obuchowski's formulas), an AUC (``auc`` with ``ncases`` /
    ``ncontrols`` / ``kappa``; leave ``auc=None`` to solve for it by R's ``uniroot``), and the
    binormal-parameter form (``roc1`` a dict with ``A1, B1, A2, B2, rn, ra, delta`` and optionally
    ``FPR11, FPR12, FPR21, FPR22``).  Exactly one of ``power``, ``sig_level``, (``ncases``, ``ncontrols``)
    or ``auc`` is left None and computed.

    Parameters
    ----------
    roc1, roc2 : Roc, dict or None
        One or two curves, or the binormal parameters (dict) as ``roc1``.
    ncases, ncontrols : float or None
        Group sizes (numeric and parameter forms).
    sig_level : float or None, default 0.05
        Significance level; None to solve for it.
    power : float or None
        Power; None to solve for it.
    kappa : float or None
        ``ncontrols / ncases`` (numeric and parameter forms: None is pROC's default 1; curves: the curves').
    auc : float or None
        The AUC (numeric form); None with ``ncases``/``ncontrols``, ``power`` and ``sig_level`` solves for it.
    alternative : {"two.sided", "one.sided"}, default "two.sided"
        pROC's alternative (two-sided halves ``sig_level``).
    method : {"delong", "bootstrap", "obuchowski"}, default "delong"
        The (co)variance of two curves ("obuchowski": binormal fits of the curves, as pROC's
        ``var.roc.obuchowski`` / ``cov.roc.obuchowski``).
    boot_n : int, default 2000
        Bootstrap replicates of ``method="bootstrap"``.
    boot_stratified : bool, default True
        Resample cases and controls separately (``method="bootstrap"``).
    seed : int or None, default None
        ``seed=s`` is ``set.seed(s)`` just before pROC's call (``method="bootstrap"``).
    reuse_auc : bool, default True
        pROC's ``reuse.auc`` (the stored AUCs are used).

    Returns
    -------
    PowerRocTest
        ``ncases, ncontrols, sig_level, power, alternative, method`` and ``auc`` (one curve) or
        ``auc1, auc2`` (two curves).

    Raises
    ------
    InputError
        Nothing left to compute, several unknowns, an unpaired pair of curves, bad ranges (pROC's errors).

    Notes
    -----
    R call: ``pROC::power.roc.test(roc1, roc2, sig.level = sig_level, power = power, kappa = kappa,
    alternative = alternative, method = method)`` (or ``power.roc.test(auc = auc, ncases = ncases, ...)``,
    ``power.roc.test(parslist, ...)``).

    Examples
    --------
    >>> from cmvt_core import power_roc_test
    >>> p = power_roc_test(auc=0.8, ncases=41, ncontrols=72)
    >>> round(p.power, 5)
    0.99995
    >>> round(power_roc_test(auc=0.8, power=0.9).ncases, 4)
    16.6192
    """
    from .roc import _are_paired

    if not isinstance(alternative, str) or alternative not in ("two.sided", "one.sided"):
        raise InputError(f"alternative must be 'two.sided' or 'one.sided', not {alternative!r}")
    if not isinstance(method, str) or method not in ("delong", "bootstrap", "obuchowski"):
        raise InputError(f"method must be 'delong', 'bootstrap' or 'obuchowski', not {method!r}")
    V.flag(reuse_auc, "reuse_auc")
    sig_level = _num(sig_level, "sig_level")
    power = _num(power, "power")
    kappa = _num(kappa, "kappa")
    ncases = _num(ncases, "ncases")
    ncontrols = _num(ncontrols, "ncontrols")
    auc = _num(auc, "auc")
    if isinstance(roc1, dict):
        if roc2 is not None or auc is not None:
            raise InputError("power_roc_test: the binormal-parameter form takes no roc2 and no auc")
        return _params(roc1, ncontrols, ncases, sig_level, power, 1.0 if kappa is None else kappa, alternative)
    if roc1 is None:
        if roc2 is not None:
            raise InputError("power_roc_test: roc2 without roc1")
        return _numeric(auc, ncontrols, ncases, sig_level, power, 1.0 if kappa is None else kappa, alternative)
    from .roc import Roc

    if not isinstance(roc1, Roc):
        raise InputError("power_roc_test: roc1 must be a result of cmvt_core.roc(), a dict of binormal parameters "
                         "or None")
    if ncases is not None or ncontrols is not None or auc is not None:
        raise InputError("power_roc_test: ncases, ncontrols and auc come from the curve(s) when roc1 is given")
    if power is not None and (power < 0 or power > 1):
        raise InputError("'power' must range from 0 to 1")
    if sig_level is not None and (sig_level < 0 or sig_level > 1):
        raise InputError("'sig.level' must range from 0 to 1")
    pct = bool(getattr(roc1, "percent", False))
    auc1 = roc1.auc / 100 if pct else roc1.auc
    if roc2 is None:
        nco, nca = float(roc1.n_controls), float(roc1.n_cases)
        if sig_level is not None and power is not None:
            if kappa is None:
                kappa = nco / nca
            nco = nca = None
        return _numeric(auc1, nco, nca, sig_level, power, kappa, alternative)
    if not isinstance(roc2, Roc):
        raise InputError("'roc2' must be an object of class 'roc'.")
    sig = sig_level / 2 if (sig_level is not None and alternative == "two.sided") else sig_level
    auc2 = roc2.auc / 100 if bool(getattr(roc2, "percent", False)) else roc2.auc
    if not _are_paired(roc1, roc2)[0]:
        raise InputError("The sample size for a difference in AUC cannot be applied to unpaired ROC curves yet.")
    if method == "bootstrap":
        boot_n = V.replicates(boot_n, "boot_n")
        boot_stratified = V.flag(boot_stratified, "boot_stratified")
        seed = V.seed(seed)
    if roc1._is_perfect() and roc2._is_perfect():
        warnings.warn("cov() of two ROC curves with AUC == 1 is always 0 and can be misleading.", RWarning,
                      stacklevel=2)
    nco, nca = float(roc1.n_controls), float(roc1.n_cases)
    if kappa is None:
        kappa = nco / nca
    delta = auc1 - auc2
    if power is None:
        if sig is None:
            raise InputError("'sig.level' or 'power' must be provided.")
        v1, v2, c12 = _covvar(roc1, roc2, method, boot_n, boot_stratified, seed)
        power = _pn(_solve_zbeta(nca, _qn(1 - sig), 2 * v1 - 2 * c12, v1 + v2 - 2 * c12, delta))
    elif sig is None:
        v1, v2, c12 = _covvar(roc1, roc2, method, boot_n, boot_stratified, seed)
        sig = 1 - _pn(_solve_zalpha(nca, _qn(power), 2 * v1 - 2 * c12, v1 + v2 - 2 * c12, delta))
    else:
        v1, v2, c12 = _covvar(roc1, roc2, method, boot_n, boot_stratified, seed)
        nca = _solve_nd(_qn(1 - sig), _qn(power), 2 * v1 - 2 * c12, v1 + v2 - 2 * c12, delta)
        nco = kappa * nca
    if alternative == "two.sided":
        sig = sig * 2
    return PowerRocTest(ncases=float(nca), ncontrols=float(nco), sig_level=float(sig), power=float(power),
                        alternative=alternative, method="Two ROC curves power calculation", auc1=float(auc1),
                        auc2=float(auc2))

"""R's Student t distribution: ``dt`` (nmath/dt.c), ``pt`` (pt.c) and ``qt`` (qt.c), R 4.2.2, ported line by line.

``pt`` goes through toms708's ``pbeta`` (``kernels.toms708``) and, for x^2/n > 1e100, through R's ``lbeta``
(``kernels.nmath_gamma``); ``qt`` is Hill's (1970) algorithm 396 with every branch of R's qt.c (df > 1e20
normal, df < 1 bisection on ``pt``, df ~ 2 and df ~ 1 closed forms, Hill's approximation and its
two-term Taylor refinement with ``pt``/``dt``, ``lower_tail`` and ``log_p``), on R's ``qnorm5`` (AS 241,
all tails) and R's own ``tanpi`` (glibc 2.36 has none).  Pure Python on ``math`` (the libm R uses): the
results are R's bit for bit (``tests/kernels/test_nmath_t.py`` checks them live).  No numba here:
``import cmvt_core`` loads this module through ``kernels.distributions``.
"""
from __future__ import annotations

import math

from .distributions import _qnorm_central, _qnorm_tail_hi, _qnorm_tail_lo, bd0, stirlerr
from .distributions import pnorm as _pnorm
from .nmath_gamma import _exp, _log, _sqrt, lbeta
from .toms708 import _DBL_EPSILON, _DBL_MIN, _M_LN2, _M_LN_SQRT_2PI, _log1p, _r_dt_0, _r_dt_1, pbeta

__all__ = ["dt", "pt", "qt"]

_fabs, _isnan, _isfinite = math.fabs, math.isnan, math.isfinite
_NAN, _INF = math.nan, math.inf
_DBL_MAX, _DBL_MANT_DIG = 1.7976931348623157e308, 53
_M_PI, _M_PI_2, _M_1_PI = 3.141592653589793238462643383280, 1.570796326794896619231321691640, \
    0.318309886183790671537767526745
_M_SQRT2, _M_1_SQRT_2PI = 1.414213562373095048801688724210, 0.398942280401432677939946059934


_EXPM1_MAX = 709.782712893384  # the largest double whose expm1 is finite (the next one raises in math)


def _expm1(x: float) -> float:
    """C ``expm1``: +Inf on overflow (``math.expm1`` raises)."""
    return math.expm1(x) if x <= _EXPM1_MAX or _isnan(x) else _INF


def _tanpi(x: float) -> float:
    """R's ``Rtanpi`` (nmath/cospi.c), which R 4.2.2 uses as ``tanpi`` where libm has none (glibc 2.36)."""
    if _isnan(x):
        return x
    if not _isfinite(x):
        return _NAN
    x = math.fmod(x, 1.0)  # tan(pi(x + k)) == tan(pi x)  for all integer k
    # map (-1,1] --> (-1/2, 1/2] :
    if x <= -0.5:
        x += 1
    elif x > 0.5:
        x -= 1
    if x == 0.0:
        return 0.0
    if x == 0.5:
        return _NAN
    if x == 0.25:
        return 1.0
    if x == -0.25:
        return -1.0
    return math.tan(_M_PI * x)


def _q_p01_boundaries(p: float, lower_tail: bool, log_p: bool) -> float | None:
    """dpq.h's R_Q_P01_boundaries(p, ML_NEGINF, ML_POSINF): the value to return (NaN, +-Inf), else None."""
    left, right = (-_INF, _INF) if lower_tail else (_INF, -_INF)
    if log_p:
        if p > 0:
            return _NAN
        if p == 0:  # upper bound
            return right
        if p == -_INF:
            return left
    else:
        if p < 0 or p > 1:
            return _NAN
        if p == 0:
            return left
        if p == 1:
            return right
    return None


def _qnorm5(p: float, lower_tail: bool, log_p: bool) -> float:
    """R's ``qnorm5(p, 0, 1, lower_tail, log_p)`` (nmath/qnorm.c, R 4.2.2: AS 241, and r >= 816 asymptotics)."""
    if _isnan(p):
        return p + 0.0 + 1.0
    b = _q_p01_boundaries(p, lower_tail, log_p)
    if b is not None:
        return b
    p_ = _r_dt_qiv(p, lower_tail, log_p)  # real lower_tail prob. p
    q = p_ - 0.5
    if _fabs(q) <= .425:  # 0.075 <= p <= 0.925
        val = _qnorm_central(q)
    else:  # closer than 0.075 from {0,1} boundary
        if log_p and ((lower_tail and q <= 0) or (not lower_tail and q > 0)):
            r = p
        else:
            # R_DT_CIv(p) = 1 - p  if q > 0, else p_
            r = _log(_r_dt_civ(p, lower_tail, log_p) if q > 0 else p_)
        r = _sqrt(-r)
        if r <= 5.0:
            val = _qnorm_tail_lo(r)
        elif r >= 816:  # p is *extremly* close to 0 or 1 - only possibly when log_p =TRUE
            val = r * _M_SQRT2
        else:
            val = _qnorm_tail_hi(r)
        if q < 0.0:
            val = -val
    return 0.0 + 1.0 * val


def _r_dt_qiv(p: float, lower_tail: bool, log_p: bool) -> float:
    """R_DT_qIv(p): the lower-tail probability of a q*() argument."""
    if log_p:
        return _exp(p) if lower_tail else -_expm1(p)
    return p if lower_tail else (0.5 - p + 0.5)


def _r_dt_civ(p: float, lower_tail: bool, log_p: bool) -> float:
    """R_DT_CIv(p): the upper-tail probability of a q*() argument."""
    if log_p:
        return -_expm1(p) if lower_tail else _exp(p)
    return (0.5 - p + 0.5) if lower_tail else p


def _dnorm0(x: float, give_log: bool) -> float:
    """R's ``dnorm(x, 0, 1, give_log)`` (dt.c's df = Inf case)."""
    from .nmath_gamma import dnorm
    return dnorm(x, 0.0, 1.0, give_log)


# ---- dt.c ----------------------------------------------------------------------------------------
def dt(x: float, n: float, give_log: bool = False) -> float:
    """R's ``dt(x, df, log)``: the density of Student's t distribution.

    Parameters
    ----------
    x, n : float
        The quantile and the degrees of freedom (n > 0; ``Inf`` gives the normal density).
    give_log : bool
        Return the log density.

    Returns
    -------
    float
        The density (NaN for df <= 0 or NaN input, as R).

    Notes
    -----
    R call: ``dt(x, df, log = give_log)``.  nmath/dt.c (R 4.2.2) ported line by line with R's ``stirlerr``
    and ``bd0``; bit-identical to R.

    Examples
    --------
    >>> dt(0.0, 1.0) == 1 / math.pi
    True
    """
    x, n = float(x), float(n)
    if _isnan(x) or _isnan(n):
        return x + n
    if n <= 0:
        return _NAN
    if not _isfinite(x):
        return -_INF if give_log else 0.0
    if not _isfinite(n):
        return _dnorm0(x, give_log)
    t = -bd0(n / 2., (n + 1) / 2.) + stirlerr((n + 1) / 2.) - stirlerr(n / 2.)
    x2n = x * x / n  # in  [0, Inf]
    ax = 0.0
    lrg_x2n = x2n > 1. / _DBL_EPSILON
    if lrg_x2n:  # large x^2/n :
        ax = _fabs(x)
        l_x2n = _log(ax) - _log(n) / 2.  # = log(x2n)/2 = 1/2 * log(x^2 / n)
        u = n * l_x2n  # log(1 + x2n) * n/2 =  n * log(1 + x2n)/2
    elif x2n > 0.2:
        l_x2n = _log(1 + x2n) / 2.
        u = n * l_x2n
    else:
        l_x2n = _log1p(x2n) / 2.
        u = -bd0(n / 2., (n + x * x) / 2.) + x * x / 2.
    if give_log:
        return t - u - (_M_LN_SQRT_2PI + l_x2n)
    # else :  if(lrg_x2n) : sqrt(1 + 1/x2n) ='= sqrt(1) = 1
    i_sqrt_ = (math.sqrt(n) / ax if lrg_x2n else _exp(-l_x2n))
    return _exp(t - u) * _M_1_SQRT_2PI * i_sqrt_


# ---- pt.c ----------------------------------------------------------------------------------------
def pt(q: float, df: float, lower_tail: bool = True, log_p: bool = False) -> float:
    """R's ``pt(q, df, lower.tail, log.p)``: the distribution function of Student's t distribution.

    Parameters
    ----------
    q : float
        Quantile.
    df : float
        Degrees of freedom, > 0 (``Inf`` gives the normal distribution).
    lower_tail : bool
        P[T <= q] if True, otherwise P[T > q] (computed directly, not as 1 - lower).
    log_p : bool
        Return the log of the probability.

    Returns
    -------
    float
        The probability (NaN for df <= 0 or NaN input, as R).

    Notes
    -----
    R call: ``pt(q, df, lower.tail, log.p)``.  nmath/pt.c (R 4.2.2) ported line by line: toms708's
    ``pbeta`` (``kernels.toms708``), and for x^2/n > 1e100 Abramowitz & Stegun 26.5.4 with R's ``lbeta``;
    bit-identical to R.

    Examples
    --------
    >>> pt(-1.0, 1.0)  # R: sprintf("%.17g", pt(-1, 1)) is 0.24999999999999978
    0.24999999999999978
    """
    x = float(q)
    n = float(df)
    if _isnan(x) or _isnan(n):
        return x + n
    if n <= 0.0:
        return _NAN
    if not _isfinite(x):
        return _r_dt_0(lower_tail, log_p) if x < 0 else _r_dt_1(lower_tail, log_p)
    if not _isfinite(n):
        return float(_pnorm(x, 0.0, 1.0, lower_tail, log_p))
    nx = 1 + (x / n) * x
    if nx > 1e100:  # <==>  x*x > 1e100 * n
        # Danger of underflow. So use Abramowitz & Stegun 26.5.4
        # pbeta(z, a, b) ~ z^a(1-z)^b / aB(a,b) ~ z^a / aB(a,b), with z = 1/nx,  a = n/2,  b= 1/2 :
        lval = -0.5 * n * (2 * _log(_fabs(x)) - _log(n)) - lbeta(0.5 * n, 0.5) - _log(0.5 * n)
        val = lval if log_p else _exp(lval)
    else:
        val = (pbeta(x * x / (n + x * x), 0.5, n / 2., False, log_p) if n > x * x
               else pbeta(1. / nx, n / 2., 0.5, True, log_p))
    # Use "1 - v"  if	lower_tail  and	 x > 0 (but not both):
    if x <= 0.:
        lower_tail = not lower_tail
    if log_p:
        if lower_tail:
            return _log1p(-0.5 * _exp(val))
        return val - _M_LN2  # = log(.5* pbeta(....))
    val /= 2.
    return (0.5 - val + 0.5) if lower_tail else val  # R_D_Cval(val)


# ---- qt.c ----------------------------------------------------------------------------------------
def qt(p: float, df: float, lower_tail: bool = True, log_p: bool = False) -> float:
    """R's ``qt(p, df, lower.tail, log.p)``: the quantile function of Student's t distribution.

    Parameters
    ----------
    p : float
        Probability (log probability if ``log_p``).
    df : float
        Degrees of freedom, > 0 (above 1e20 the normal quantile, as R).
    lower_tail : bool
        ``p`` is P[T <= q] if True, otherwise P[T > q].
    log_p : bool
        ``p`` is given as log(p).

    Returns
    -------
    float
        The quantile (+-Inf at the boundaries, NaN outside [0, 1] or for df <= 0, as R).

    Notes
    -----
    R call: ``qt(p, df, lower.tail, log.p)``.  nmath/qt.c (R 4.2.2) ported line by line: Hill (1970) with the
    two-term Taylor refinement of Hill (1981) on R's ``pt``/``dt``, bisection on ``pt`` for df < 1, and R's
    ``qnorm5`` and ``tanpi``; bit-identical to R.

    Examples
    --------
    >>> qt(0.75, 1.0)
    1.0
    """
    p = float(p)
    ndf = float(df)
    eps = 1.e-12
    if _isnan(p) or _isnan(ndf):
        return p + ndf
    b = _q_p01_boundaries(p, lower_tail, log_p)
    if b is not None:
        return b
    if ndf <= 0:
        return _NAN

    if ndf < 1:  # based on qnt
        return _qt_small_df(p, ndf, lower_tail, log_p)

    if ndf > 1e20:
        return _qnorm5(p, lower_tail, log_p)

    P = _exp(p) if log_p else p  # R_D_qIv(p): if exp(p) underflows, we fix below
    neg = (not lower_tail or P < 0.5) and (lower_tail or P > 0.5)
    is_neg_lower = (lower_tail == neg)  # both TRUE or FALSE == !xor
    if neg:
        P = 2 * ((P if lower_tail else -_expm1(p)) if log_p else (p if lower_tail else (0.5 - p + 0.5)))
    else:
        P = 2 * ((-_expm1(p) if lower_tail else P) if log_p else ((0.5 - p + 0.5) if lower_tail else p))
    # 0 <= P <= 1 ; P = 2*min(P', 1 - P')  in all cases

    if _fabs(ndf - 2) < eps:  # df ~= 2
        if P > _DBL_MIN:
            if 3 * P < _DBL_EPSILON:  # P ~= 0
                q = 1 / math.sqrt(P)
            elif P > 0.9:  # P ~= 1
                q = (1 - P) * _sqrt(2 / (P * (2 - P)))
            else:  # eps/3 <= P <= 0.9
                q = _sqrt(2 / (P * (2 - P)) - 2)
        else:  # P << 1, q = 1/sqrt(P) = ...
            if log_p:
                q = _exp(- p / 2) / _M_SQRT2 if is_neg_lower else 1 / _sqrt(-_expm1(p))
            else:
                q = _INF
    elif ndf < 1 + eps:  # df ~= 1  (df < 1 excluded above): Cauchy
        if P == 1.:
            q = 0.0  # some versions of tanpi give Inf, some NaN
        elif P > 0:
            q = _div(1.0, _tanpi(P / 2.))  # == - tan((P+1) * M_PI_2) -- suffers for P ~= 0
        else:  # P = 0, but maybe = 2*exp(p) !
            if log_p:  # 1/tan(e) ~ 1/e
                q = _M_1_PI * _exp(-p) if is_neg_lower else _div(-1., (_M_PI * _expm1(p)))
            else:
                q = _INF
    else:  # -- usual case;  including, e.g.,  df = 1.1
        q = _qt_hill(p, ndf, P, lower_tail, log_p, is_neg_lower)
    return -q if neg else q


def _div(a: float, b: float) -> float:
    """C's a / b, which is +-Inf or NaN for b == 0 (Python raises)."""
    if b != 0.0:
        return a / b
    if a == 0.0 or _isnan(a):
        return _NAN
    return math.copysign(_INF, a) * math.copysign(1.0, b)


def _qt_small_df(p: float, ndf: float, lower_tail: bool, log_p: bool) -> float:
    """qt.c's ndf < 1 branch (based on qnt): bracketing, then interval halving on ``pt``."""
    accu = 1e-13
    Eps = 1e-11  # must be > accu  # noqa: N806
    iter_ = 0
    p = _r_dt_qiv(p, lower_tail, log_p)
    # Invert pt(.) : 1. finding an upper and lower bound
    if p > 1 - _DBL_EPSILON:
        return _INF
    pp = min(1 - _DBL_EPSILON, p * (1 + Eps))  # fmin2: neither is NaN here
    ux = 1.
    while ux < _DBL_MAX and pt(ux, ndf, True, False) < pp:
        ux *= 2
    pp = p * (1 - Eps)
    lx = -1.
    while lx > -_DBL_MAX and pt(lx, ndf, True, False) > pp:
        lx *= 2
    # 2. interval (lx,ux)  halving; regula falsi failed on qt(0.1, 0.1)
    while True:
        nx = 0.5 * (lx + ux)
        if pt(nx, ndf, True, False) > p:
            ux = nx
        else:
            lx = nx
        if not (_div(ux - lx, _fabs(nx)) > accu):
            break
        iter_ += 1
        if not iter_ < 1000:
            break
    return 0.5 * (lx + ux)


def _qt_hill(p: float, ndf: float, P: float, lower_tail: bool, log_p: bool,  # noqa: N803
             is_neg_lower: bool) -> float:
    """qt.c's usual case (Hill's approximation and the Taylor refinement): |q|."""
    x = 0.
    log_P2 = 0.  # noqa: N806
    a = 1 / (ndf - 0.5)
    b = 48 / (a * a)
    c = ((20700 * a / b - 98) * a - 16) * a + 96.36
    d = ((94.5 / (b + c) - 3) / b + 1) * math.sqrt(a * _M_PI_2) * ndf
    P_ok1 = P > _DBL_MIN or not log_p  # noqa: N806
    P_ok = P_ok1  # when true (after check below), use "normal scale": log_p=FALSE  # noqa: N806
    y = 0.0
    if P_ok1:
        y = math.pow(d * P, 2.0 / ndf)
        P_ok = (y >= _DBL_EPSILON)  # noqa: N806
    if not P_ok:  # log.p && P very.small  ||  (d*P)^(2/df) =: y < eps_c
        # == log(P / 2):  R_D_log(p) or R_D_LExp(p)
        if is_neg_lower:
            log_P2 = p if log_p else _log(p)  # noqa: N806
        elif log_p:
            log_P2 = _log(-_expm1(p)) if p > -_M_LN2 else _log1p(-_exp(p))  # noqa: N806
        else:
            log_P2 = _log1p(-p)  # noqa: N806
        x = (_log(d) + _M_LN2 + log_P2) / ndf
        y = _exp(2 * x)

    if (ndf < 2.1 and P > 0.5) or y > 0.05 + a:  # P > P0(df)
        # Asymptotic inverse expansion about normal
        if P_ok:
            x = _qnorm5(0.5 * P, True, False)
        else:  # log_p && P underflowed
            x = _qnorm5(log_P2, lower_tail, True)
        y = x * x
        if ndf < 5:
            c += 0.3 * (ndf - 4.5) * (x + 0.6)
        c = (((0.05 * d * x - 5) * x - 7) * x - 2) * x + b + c
        y = (((((0.4 * y + 6.3) * y + 36) * y + 94.5) / c - y - 3) / b + 1) * x
        y = _expm1(a * y * y)
        q = _sqrt(ndf * y)
    elif not P_ok and x < - _M_LN2 * _DBL_MANT_DIG:  # 0.5* log(DBL_EPSILON)
        # y above might have underflown
        q = math.sqrt(ndf) * _exp(-x)
    else:  # re-use 'y' from above
        y = ((1 / (((ndf + 6) / (ndf * y) - 0.089 * d - 0.822) * (ndf + 2) * 3) + 0.5 / (ndf + 4))
             * y - 1) * (ndf + 1) / (ndf + 2) + 1 / y
        q = _sqrt(ndf * y)

    # Now apply 2-term Taylor expansion improvement (1-term = Newton): as by Hill (1981)
    if P_ok1:
        M = _fabs(math.sqrt(_DBL_MAX / 2.) - ndf)  # noqa: N806
        it = 0
        while it < 10:
            it += 1
            y = dt(q, ndf, False)
            if not y > 0:
                break
            x = (pt(q, ndf, False, False) - P / 2) / y
            if not (_isfinite(x) and _fabs(x) > 1e-14 * _fabs(q)):
                break
            # Newton (=Taylor 1 term):  q += x;  Taylor 2-term :
            F = (q * (ndf + 1) / (2 * (q * q + ndf)) if _fabs(q) < M  # noqa: N806
                 else (ndf + 1) / (2 * (q + ndf / q)))
            del_q = x * (1. + x * F)
            if _isfinite(del_q) and _isfinite(q + del_q):
                q += del_q
            elif _isfinite(x) and _isfinite(q + x):
                q += x
            else:  # FIXME??  if  q+x = +/-Inf is *better* than q should use it
                break  # cannot improve  q  with a Newton/Taylor step
    return q

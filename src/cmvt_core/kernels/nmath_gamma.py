"""R's nmath gamma-function family, ported line by line from R 4.2.2's ``src/nmath`` (pure Python, scalar).

* ``chebyshev_eval`` — ``chebyshev.c``; ``lgammacor`` — ``lgammacor.c``; ``gammafn`` — ``gamma.c``;
  ``lgammafn`` / ``lgammafn_sign`` — ``lgamma.c``; ``lbeta`` — ``lbeta.c``; ``sinpi`` — ``cospi.c`` (R's own,
  since glibc 2.36 has no ``sinpi``).

C's ``double`` arithmetic is IEEE binary64 on x86-64 (SSE2, no x87 excess precision, no FMA contraction in
R's build), as is Python's ``float``; ``math.log``, ``math.exp``, ``math.log1p``, ``math.expm1``, ``math.sqrt``,
``math.sin``, ``math.pow`` call the same glibc libm as R, so the ports give R's bits (checked live in
``tests/kernels/test_nmath_gamma.py``).  Differences from C handled explicitly: ``math`` raises where C
returns ``Inf``/``NaN`` (``_exp``, ``_log`` ...), and C integer casts are ``int()`` (truncation toward zero).

R quirk kept on purpose: ``gammafn`` tests ``2*y == (int)2*y``, which C parses as ``2*y == 2*y`` (always
true), so for ``|x| > 10`` R always uses ``stirlerr(y)``, never ``lgammacor(y)``; so does this port.

No numba here: ``import cmvt_core`` loads ``kernels.distributions``, which imports this module lazily.
"""
from __future__ import annotations

import math

from .distributions import stirlerr

__all__ = ["chebyshev_eval", "lgammacor", "gammafn", "lgammafn", "lgammafn_sign", "lbeta", "sinpi"]

_INF = math.inf
_NAN = math.nan
_M_PI = 3.141592653589793238462643383280
_M_LN_SQRT_2PI = 0.918938533204672741780329736406
_M_LN_SQRT_PId2 = 0.225791352644727432363097614947


def _exp(x: float) -> float:
    """C ``exp``: +Inf on overflow (``math.exp`` raises)."""
    try:
        return math.exp(x)
    except OverflowError:
        return _INF


def _log(x: float) -> float:
    """C ``log``: -Inf at 0, NaN below (``math.log`` raises)."""
    if x > 0:
        return math.log(x)
    if x == 0:
        return -_INF
    return _NAN


def _floor(x: float) -> float:
    """C ``floor`` (a double; ``math.floor`` returns an int and raises on Inf/NaN)."""
    return float(math.floor(x)) if math.isfinite(x) else x


def _trunc(x: float) -> float:
    """C ``trunc`` (a double)."""
    return float(math.trunc(x)) if math.isfinite(x) else x


# ---- chebyshev.c ----------------------------------------------------------------------------------
def chebyshev_eval(x: float, a: tuple[float, ...], n: int) -> float:
    """R's ``chebyshev_eval(x, a, n)``: the n-term Chebyshev series ``a`` at ``x``."""
    if n < 1 or n > 1000:
        return _NAN
    if x < -1.1 or x > 1.1:
        return _NAN
    twox = x * 2
    b2 = b1 = 0.0
    b0 = 0.0
    for i in range(1, n + 1):
        b2 = b1
        b1 = b0
        b0 = twox * b1 - b2 + a[n - i]
    return (b0 - b2) * 0.5


# ---- lgammacor.c ----------------------------------------------------------------------------------
_ALGMCS = (
    +.1666389480451863247205729650822e+0,
    -.1384948176067563840732986059135e-4,
    +.9810825646924729426157171547487e-8,
    -.1809129475572494194263306266719e-10,
    +.6221098041892605227126015543416e-13,
    -.3399615005417721944303330599666e-15,
    +.2683181998482698748957538846666e-17,
    -.2868042435334643284144622399999e-19,
    +.3962837061046434803679306666666e-21,
    -.6831888753985766870111999999999e-23,
    +.1429227355942498147573333333333e-24,
    -.3547598158101070547199999999999e-26,
    +.1025680058010470912000000000000e-27,
    -.3401102254316748799999999999999e-29,
    +.1276642195630062933333333333333e-30,
)
_NALGM = 5
_XBIG_LGAMMACOR = 94906265.62425156
_XMAX_LGAMMACOR = 3.745194030963158e306


def lgammacor(x: float) -> float:
    """R's ``lgammacor(x)``, x >= 10: log(gamma(x)) - (.5*log(2*pi) + (x-.5)*log(x) - x)."""
    if x < 10:
        return _NAN
    if x >= _XMAX_LGAMMACOR:
        pass  # R: ML_WARNING(ME_UNDERFLOW); "allow to underflow below"
    elif x < _XBIG_LGAMMACOR:
        tmp = 10 / x
        return chebyshev_eval(tmp * tmp * 2 - 1, _ALGMCS, _NALGM) / x
    return 1 / (x * 12)


# ---- cospi.c (R's sinpi: glibc 2.36 has none, so R 4.2.2 compiles its own) --------------------------
def sinpi(x: float) -> float:
    """R's ``sinpi(x)`` = sin(pi * x), exact at multiples of 1/2."""
    if math.isnan(x):
        return x
    if not math.isfinite(x):
        return _NAN
    x = math.fmod(x, 2.)
    if x <= -1:
        x += 2.
    elif x > 1.:
        x -= 2.
    if x == 0. or x == 1.:
        return 0.
    if x == 0.5:
        return 1.
    if x == -0.5:
        return -1.
    return math.sin(_M_PI * x)


# ---- gamma.c --------------------------------------------------------------------------------------
_GAMCS = (
    +.8571195590989331421920062399942e-2,
    +.4415381324841006757191315771652e-2,
    +.5685043681599363378632664588789e-1,
    -.4219835396418560501012500186624e-2,
    +.1326808181212460220584006796352e-2,
    -.1893024529798880432523947023886e-3,
    +.3606925327441245256578082217225e-4,
    -.6056761904460864218485548290365e-5,
    +.1055829546302283344731823509093e-5,
    -.1811967365542384048291855891166e-6,
    +.3117724964715322277790254593169e-7,
    -.5354219639019687140874081024347e-8,
    +.9193275519859588946887786825940e-9,
    -.1577941280288339761767423273953e-9,
    +.2707980622934954543266540433089e-10,
    -.4646818653825730144081661058933e-11,
    +.7973350192007419656460767175359e-12,
    -.1368078209830916025799499172309e-12,
    +.2347319486563800657233471771688e-13,
    -.4027432614949066932766570534699e-14,
    +.6910051747372100912138336975257e-15,
    -.1185584500221992907052387126192e-15,
    +.2034148542496373955201026051932e-16,
    -.3490054341717405849274012949108e-17,
    +.5987993856485305567135051066026e-18,
    -.1027378057872228074490069778431e-18,
    +.1762702816060529824942759660748e-19,
    -.3024320653735306260958772112042e-20,
    +.5188914660218397839717833550506e-21,
    -.8902770842456576692449251601066e-22,
    +.1527474068493342602274596891306e-22,
    -.2620731256187362900257328332799e-23,
    +.4496464047830538670331046570666e-24,
    -.7714712731336877911703901525333e-25,
    +.1323635453126044036486572714666e-25,
    -.2270999412942928816702313813333e-26,
    +.3896418998003991449320816639999e-27,
    -.6685198115125953327792127999999e-28,
    +.1146998663140024384347613866666e-28,
    -.1967938586345134677295103999999e-29,
    +.3376448816585338090334890666666e-30,
    -.5793070335782135784625493333333e-31,
)
_NGAM = 22
_XMIN_GAMMA = -170.5674972726612
_XMAX_GAMMA = 171.61447887182298
_XSML = 2.2474362225598545e-308


def gammafn(x: float) -> float:
    """R's ``gamma(x)`` (nmath/gamma.c, Fullerton's SLATEC gamma with R's changes); NaN at 0 and negative integers."""
    if math.isnan(x):
        return x
    if x == 0 or (x < 0 and x == _floor(x)):  # R: x == round(x), i.e. an integer
        return _NAN  # R: ML_WARNING(ME_DOMAIN)
    y = abs(x)
    if y <= 10:
        # gamma(1 + y) for 0 <= y < 1 first, then recursion
        n = int(x)
        if x < 0:
            n -= 1
        y = x - n  # n = floor(x)  ==>  y in [0, 1)
        n -= 1
        value = chebyshev_eval(y * 2 - 1, _GAMCS, _NGAM) + .9375
        if n == 0:
            return value  # x = 1.dddd = 1+y
        if n < 0:
            # gamma(x) for -10 <= x < 1; R warns (ME_PRECISION) when x is within dxrel of a negative integer
            if y < _XSML:  # so close to 0 that the result would overflow
                return _INF if x > 0 else -_INF
            n = -n
            for i in range(n):
                value /= (x + i)
            return value
        for i in range(1, n + 1):  # gamma(x) for 2 <= x <= 10
            value *= (y + i)
        return value
    # y = |x| > 10
    if x > _XMAX_GAMMA:
        return _INF
    if x < _XMIN_GAMMA:
        return 0.
    if y <= 50 and y == int(y):  # (n - 1)!
        value = 1.
        for i in range(2, int(y)):
            value *= i
    else:
        # R: ((2*y == (int)2*y) ? stirlerr(y) : lgammacor(y)); C reads (int)2*y as 2*y, so always stirlerr
        value = _exp((y - 0.5) * math.log(y) - y + _M_LN_SQRT_2PI + stirlerr(y))
    if x > 0:
        return value
    # R warns (ME_PRECISION) when x is within dxrel of a negative integer
    sinpiy = sinpi(y)
    if sinpiy == 0:  # negative integer arg: overflow
        return _INF
    return -_M_PI / (y * sinpiy * value)


# ---- lgamma.c -------------------------------------------------------------------------------------
_XMAX_LGAMMA = 2.5327372760800758e+305


def lgammafn_sign(x: float) -> tuple[float, int]:
    """R's ``lgammafn_sign(x, &sgn)``: (log|gamma(x)|, sign of gamma(x))."""
    sgn = 1
    if math.isnan(x):
        return x, sgn
    if x < 0 and math.isfinite(x) and math.fmod(_floor(-x), 2.) == 0:
        sgn = -1  # (for x = -Inf, C's fmod(Inf, 2) is NaN: sgn stays 1)
    if x <= 0 and x == _trunc(x):  # negative integer argument (or 0, -Inf)
        return _INF, sgn
    y = abs(x)
    if y < 1e-306:
        return -math.log(y), sgn  # denormalized range, R change
    if y <= 10:
        return _log(abs(gammafn(x))), sgn
    if y > _XMAX_LGAMMA:
        return _INF, sgn
    if x > 0:  # y = x > 10
        if x > 1e17:
            return x * (math.log(x) - 1.), sgn
        if x > 4934720.:
            return _M_LN_SQRT_2PI + (x - 0.5) * math.log(x) - x, sgn
        return _M_LN_SQRT_2PI + (x - 0.5) * math.log(x) - x + lgammacor(x), sgn
    # x < -10; y = -x
    sinpiy = abs(sinpi(y))
    if sinpiy == 0:  # caught above; R: "should NEVER happen"
        return _NAN, sgn
    ans = _M_LN_SQRT_PId2 + (x - 0.5) * math.log(y) - x - math.log(sinpiy) - lgammacor(y)
    # R warns (ME_PRECISION) when |(x - trunc(x - 0.5)) * ans / x| < dxrel
    return ans, sgn


def lgammafn(x: float) -> float:
    """R's ``lgamma(x)`` = log|gamma(x)| (nmath/lgamma.c)."""
    return lgammafn_sign(x)[0]


# ---- lbeta.c --------------------------------------------------------------------------------------
_LIBM_LGAMMA = None


def _libm_lgamma(x: float) -> float:
    """C's ``lgamma`` from glibc, which R's lbeta.c calls for arguments below 1e-306 (loaded on first use)."""
    global _LIBM_LGAMMA
    if _LIBM_LGAMMA is None:
        try:
            import ctypes
            import ctypes.util
            libm = ctypes.CDLL(ctypes.util.find_library("m") or "libm.so.6")
            f = libm.lgamma
            f.restype = ctypes.c_double
            f.argtypes = [ctypes.c_double]
            _LIBM_LGAMMA = f
        except (OSError, AttributeError):  # no C libm reachable: CPython's own lgamma (may differ in the last bit)
            _LIBM_LGAMMA = math.lgamma
    return float(_LIBM_LGAMMA(x))


def lbeta(a: float, b: float) -> float:
    """R's ``lbeta(a, b)`` = log(beta(a, b)) (nmath/lbeta.c)."""
    if math.isnan(a) or math.isnan(b):
        return a + b
    p = q = a
    if b < p:
        p = b  # min(a, b)
    if b > q:
        q = b  # max(a, b)
    if p < 0:
        return _NAN
    if p == 0:
        return _INF
    if not math.isfinite(q):  # q == +Inf
        return -_INF
    if p >= 10:  # p and q are big
        corr = lgammacor(p) + lgammacor(q) - lgammacor(p + q)
        return (math.log(q) * -0.5 + _M_LN_SQRT_2PI + corr
                + (p - 0.5) * math.log(p / (p + q)) + q * math.log1p(-p / (p + q)))
    if q >= 10:  # p is small, but q is big
        corr = lgammacor(q) - lgammacor(p + q)
        return lgammafn(p) + corr + p - p * math.log(p + q) + (q - 0.5) * math.log1p(-p / (p + q))
    # p and q are small: p <= q < 10; R change for very small args
    if p < 1e-306:
        return _libm_lgamma(p) + (_libm_lgamma(q) - _libm_lgamma(p + q))
    return _log(gammafn(p) * (gammafn(q) / gammafn(p + q)))

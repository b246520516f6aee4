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

from .distributions import pnorm, stirlerr

__all__ = ["chebyshev_eval", "lgammacor", "gammafn", "lgammafn", "lgammafn_sign", "lbeta", "sinpi", "dnorm", "ebd0",
           "dpois_raw", "logcf", "log1pmx", "lgamma1p", "dpois_wrap", "pgamma_smallx", "pd_upper_series",
           "pd_lower_cf", "pd_lower_series", "dpnorm", "ppois_asymp", "pgamma_raw", "pgamma", "pchisq"]

_INF = math.inf
_NAN = math.nan
_M_PI = 3.141592653589793238462643383280
_M_LN_SQRT_2PI = 0.918938533204672741780329736406
_M_LN_SQRT_PId2 = 0.225791352644727432363097614947


def _exp(x: float, fn=math.exp) -> float:
    """C ``exp`` (or ``expm1`` as ``fn``): +Inf on overflow (``math.exp`` raises)."""
    try:
        return fn(x)
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


# ---- dnorm.c (dnorm4) -----------------------------------------------------------------------------
_M_1_SQRT_2PI = 0.398942280401432677939946059934
_M_LN2 = 0.693147180559945309417232121458
_DBL_MAX = 1.7976931348623157e308
_DBL_MIN = 2.2250738585072014e-308
_DBL_EPSILON = 2.220446049250313e-16
_DNORM_BIG = 2 * math.sqrt(_DBL_MAX)
_DNORM_UNDERFLOW = math.sqrt(-2 * _M_LN2 * (-1021 + 1 - 53))  # sqrt(-2*M_LN2*(DBL_MIN_EXP + 1-DBL_MANT_DIG))


def dnorm(x: float, mu: float = 0.0, sigma: float = 1.0, give_log: bool = False) -> float:
    """R's ``dnorm(x, mu, sigma, log)`` (nmath/dnorm.c, ``dnorm4`` with Welinder's accurate tail)."""
    if math.isnan(x) or math.isnan(mu) or math.isnan(sigma):
        return x + mu + sigma
    d0 = -_INF if give_log else 0.
    if sigma < 0:
        return _NAN
    if not math.isfinite(sigma):
        return d0
    if not math.isfinite(x) and mu == x:
        return _NAN
    if sigma == 0:
        return _INF if x == mu else d0
    x = (x - mu) / sigma
    if not math.isfinite(x):
        return d0
    x = abs(x)
    if x >= _DNORM_BIG:
        return d0
    if give_log:
        return -(_M_LN_SQRT_2PI + 0.5 * x * x + math.log(sigma))
    if x < 5:
        return _M_1_SQRT_2PI * math.exp(-0.5 * x * x) / sigma
    if x > _DNORM_UNDERFLOW:
        return 0.
    x1 = math.ldexp(float(round(math.ldexp(x, 16))), -16)  # R_forceint = nearbyint (half to even), as round()
    x2 = x - x1
    return _M_1_SQRT_2PI / sigma * (math.exp(-0.5 * x1 * x1) * math.exp((-0.5 * x2 - x1) * x2))


# ---- bd0.c: ebd0 (Welinder's PR#15628 version, which R 4.2.2's dpois_raw uses instead of bd0) -------
_BD0_SCALE: tuple[tuple[float, ...], ...] = ()


def _bd0_scale() -> tuple[tuple[float, ...], ...]:
    """bd0.c's ``bd0_scale[i][0..3]``, i = 0..128: log(p/1024), p = floor(1024 / (0.5 + i/256) + 0.5), split in
    four C floats of 23 bits (each exactly a float, so exactly a double).  Kept as package data
    (``bd0_scale.txt``, bd0.c's hexadecimal literals verbatim) and read on first use."""
    global _BD0_SCALE
    if not _BD0_SCALE:
        from importlib.resources import files
        text = files(__package__).joinpath("bd0_scale.txt").read_text()
        _BD0_SCALE = tuple(tuple(float.fromhex(v) for v in line.split())
                           for line in text.splitlines() if line and not line.startswith("#"))
    return _BD0_SCALE


def ebd0(x: float, M: float) -> tuple[float, float]:  # noqa: N803
    """R's ``ebd0(x, M, &yh, &yl)``: x*log(x/M) + M - x as the pair (yh, yl), yh + yl the value."""
    Sb = 10  # noqa: N806
    S = float(1 << Sb)  # noqa: N806
    N = 128  # noqa: N806
    yh = yl = 0.0
    if x == M:
        return yh, yl
    if x == 0:
        return M, yl
    if M == 0:
        return _INF, yl
    if M / x == _INF:
        return M, yl
    r, e = math.frexp(M / x)  # r in [0.5, 1), M/x = r * 2^e
    if _M_LN2 * float(-e) > 1. + _DBL_MAX / x:  # prevent later overflow
        return _INF, yl
    i = int(math.floor((r - 0.5) * (2 * N) + 0.5))
    f = _floor(S / (0.5 + i / (2.0 * N)) + 0.5)
    try:
        fg = math.ldexp(f, -(e + Sb))
    except OverflowError:
        fg = _INF
    if fg == _INF:
        return fg, yl
    scale = _bd0_scale()

    def add1(d: float) -> None:
        nonlocal yh, yl
        d1 = _floor(d + 0.5)
        d2 = d - d1
        yh += d1
        yl += d2

    add1(-x * log1pmx((M * fg - x) / x))
    if fg == 1:
        return yh, yl
    for j in range(4):
        add1(x * scale[i][j])  # x*log(fg*2^e)
        add1(-x * scale[0][j] * e)  # x*log(1/2^e)
        if not math.isfinite(yh):
            return _INF, 0.
    add1(M)
    add1(-M * fg)
    return yh, yl


# ---- dpois.c: dpois_raw ---------------------------------------------------------------------------
_M_SQRT_2PI = 2.50662827463100050241576528481104525301
_M_2PI = 6.283185307179586476925286766559
_X_LRG = 2.86111748575702815380240589208115399625e+307  # 2^1023 / pi


def dpois_raw(x: float, lam: float, give_log: bool) -> float:
    """R's ``dpois_raw(x, lambda, give_log)``: lambda^x exp(-lambda) / x!, x >= 0 not necessarily whole."""
    d0, d1 = (-_INF, 0.) if give_log else (0., 1.)
    if lam == 0:
        return d1 if x == 0 else d0
    if not math.isfinite(lam):
        return d0
    if x < 0:
        return d0
    if x <= lam * _DBL_MIN:
        return -lam if give_log else _exp(-lam)
    if lam < x * _DBL_MIN:
        if not math.isfinite(x):
            return d0
        v = -lam + x * math.log(lam) - lgammafn(x + 1)
        return v if give_log else _exp(v)
    yh, yl = ebd0(x, lam)
    yl += stirlerr(x)
    lrg_x = x >= _X_LRG
    r = _M_SQRT_2PI * math.sqrt(x) if lrg_x else _M_2PI * x
    if give_log:
        return -yl - yh - (math.log(r) if lrg_x else 0.5 * math.log(r))
    return _exp(-yl) * _exp(-yh) / (r if lrg_x else math.sqrt(r))


# ---- pgamma.c -------------------------------------------------------------------------------------
_SCALEFACTOR = 4294967296.0 ** 8  # (2^32)^8 = 2^256 (R: SQR(SQR(SQR(4294967296.0))))
_M_CUTOFF = _M_LN2 * 1024 / _DBL_EPSILON  # M_LN2 * DBL_MAX_EXP / DBL_EPSILON


def _sqrt(x: float) -> float:
    """C ``sqrt``: NaN below 0 (``math.sqrt`` raises)."""
    return math.sqrt(x) if x >= 0 else _NAN


def _log1p(x: float) -> float:
    if x > -1:
        return math.log1p(x)
    if x == -1:
        return -_INF
    return _NAN


def _log1_exp(x: float) -> float:
    """R_Log1_Exp(x) = log(1 - exp(x))."""
    return _log(-_exp(x, math.expm1)) if x > -_M_LN2 else _log1p(-_exp(x))


def logcf(x: float, i: float, d: float, eps: float) -> float:
    """R's ``logcf(x, i, d, eps)``: continued fraction for sum_{k>=0} x^k / (i + k*d)."""
    c1 = 2 * d
    c2 = i + d
    c4 = c2 + d
    a1 = c2
    b1 = i * (c2 - i * x)
    b2 = d * d * x
    a2 = c4 * c2 - b2
    b2 = c4 * b1 - i * b2
    while abs(a2 * b1 - a1 * b2) > abs(eps * b1 * b2):
        c3 = c2 * c2 * x
        c2 += d
        c4 += d
        a1 = c4 * a2 - c3 * a1
        b1 = c4 * b2 - c3 * b1

        c3 = c1 * c1 * x
        c1 += d
        c4 += d
        a2 = c4 * a1 - c3 * a2
        b2 = c4 * b1 - c3 * b2

        if abs(b2) > _SCALEFACTOR:
            a1 /= _SCALEFACTOR
            b1 /= _SCALEFACTOR
            a2 /= _SCALEFACTOR
            b2 /= _SCALEFACTOR
        elif abs(b2) < 1 / _SCALEFACTOR:
            a1 *= _SCALEFACTOR
            b1 *= _SCALEFACTOR
            a2 *= _SCALEFACTOR
            b2 *= _SCALEFACTOR
    return a2 / b2


def log1pmx(x: float) -> float:
    """R's ``log1pmx(x)`` = log(1 + x) - x, accurate for small x."""
    min_log1_value = -0.79149064
    if x > 1 or x < min_log1_value:
        return _log1p(x) - x
    # -.791 <= x <= 1: expand in [x/(2+x)]^2 =: y
    r = x / (2 + x)
    y = r * r
    if abs(x) < 1e-2:
        two = 2.
        return r * ((((two / 9 * y + two / 7) * y + two / 5) * y + two / 3) * y - x)
    return r * (2 * y * logcf(y, 3, 2, 1e-14) - x)


_LGAMMA1P_COEFFS = (
    0.3224670334241132182362075833230126e-0,
    0.6735230105319809513324605383715000e-1,
    0.2058080842778454787900092413529198e-1,
    0.7385551028673985266273097291406834e-2,
    0.2890510330741523285752988298486755e-2,
    0.1192753911703260977113935692828109e-2,
    0.5096695247430424223356548135815582e-3,
    0.2231547584535793797614188036013401e-3,
    0.9945751278180853371459589003190170e-4,
    0.4492623673813314170020750240635786e-4,
    0.2050721277567069155316650397830591e-4,
    0.9439488275268395903987425104415055e-5,
    0.4374866789907487804181793223952411e-5,
    0.2039215753801366236781900709670839e-5,
    0.9551412130407419832857179772951265e-6,
    0.4492469198764566043294290331193655e-6,
    0.2120718480555466586923135901077628e-6,
    0.1004322482396809960872083050053344e-6,
    0.4769810169363980565760193417246730e-7,
    0.2271109460894316491031998116062124e-7,
    0.1083865921489695409107491757968159e-7,
    0.5183475041970046655121248647057669e-8,
    0.2483674543802478317185008663991718e-8,
    0.1192140140586091207442548202774640e-8,
    0.5731367241678862013330194857961011e-9,
    0.2759522885124233145178149692816341e-9,
    0.1330476437424448948149715720858008e-9,
    0.6422964563838100022082448087644648e-10,
    0.3104424774732227276239215783404066e-10,
    0.1502138408075414217093301048780668e-10,
    0.7275974480239079662504549924814047e-11,
    0.3527742476575915083615072228655483e-11,
    0.1711991790559617908601084114443031e-11,
    0.8315385841420284819798357793954418e-12,
    0.4042200525289440065536008957032895e-12,
    0.1966475631096616490411045679010286e-12,
    0.9573630387838555763782200936508615e-13,
    0.4664076026428374224576492565974577e-13,
    0.2273736960065972320633279596737272e-13,
    0.1109139947083452201658320007192334e-13,
)  # (zeta(i+2)-1)/(i+2), i = 0..39


def lgamma1p(a: float) -> float:
    """R's ``lgamma1p(a)`` = log(gamma(a + 1)), accurate also for small a (0 < a < 0.5)."""
    if abs(a) >= 0.5:
        return lgammafn(a + 1)
    eulers_const = 0.5772156649015328606065120900824024
    n = 40
    c = 0.2273736845824652515226821577978691e-12  # zeta(N+2)-1
    lgam = c * logcf(-a / 2, n + 2, 1, 1e-14)
    for i in range(n - 1, -1, -1):
        lgam = _LGAMMA1P_COEFFS[i] - a * lgam
    return (a * lgam - eulers_const) * a - log1pmx(a)


def dpois_wrap(x_plus_1: float, lam: float, give_log: bool) -> float:
    """R's ``dpois_wrap(x + 1, lambda, log)`` := dpois(x, lambda) for non-whole x (pgamma.c)."""
    if not math.isfinite(lam):
        return -_INF if give_log else 0.
    if x_plus_1 > 1:
        return dpois_raw(x_plus_1 - 1, lam, give_log)
    if lam > abs(x_plus_1 - 1) * _M_CUTOFF:
        v = -lam - lgammafn(x_plus_1)
        return v if give_log else _exp(v)
    d = dpois_raw(x_plus_1, lam, give_log)
    return d + math.log(x_plus_1 / lam) if give_log else d * (x_plus_1 / lam)


def pgamma_smallx(x: float, alph: float, lower_tail: bool, log_p: bool) -> float:
    """R's ``pgamma_smallx``: Abramowitz and Stegun 6.5.29, for x < 1."""
    sum_ = 0.
    c = alph
    n = 0.
    while True:
        n += 1
        c *= -x / n
        term = c / (alph + n)
        sum_ += term
        if not abs(term) > _DBL_EPSILON * abs(sum_):
            break
    if lower_tail:
        f1 = _log1p(sum_) if log_p else 1 + sum_
        if alph > 1:
            f2 = dpois_raw(alph, x, log_p)
            f2 = f2 + x if log_p else f2 * _exp(x)
        elif log_p:
            f2 = alph * math.log(x) - lgamma1p(alph)
        else:
            f2 = math.pow(x, alph) / _exp(lgamma1p(alph))
        return f1 + f2 if log_p else f1 * f2
    lf2 = alph * math.log(x) - lgamma1p(alph)
    if log_p:
        return _log1_exp(_log1p(sum_) + lf2)
    f1m1 = sum_
    f2m1 = _exp(lf2, math.expm1)
    return -(f1m1 + f2m1 + f1m1 * f2m1)


def pd_upper_series(x: float, y: float, log_p: bool) -> float:
    """R's ``pd_upper_series``: sum_{n>=0} x^(n+1) / (y (y+1) ... (y+n))."""
    term = x / y
    sum_ = term
    while True:
        y += 1
        term *= x / y
        sum_ += term
        if not term > sum_ * _DBL_EPSILON:
            break
    return _log(sum_) if log_p else sum_


def _fmax2(x: float, y: float) -> float:
    if math.isnan(x) or math.isnan(y):
        return x + y
    return y if x < y else x


def pd_lower_cf(y: float, d: float) -> float:
    """R's ``pd_lower_cf``: continued fraction for the scaled upper-tail gamma ~ (y/d) (1 + (1-y)/d + ...)."""
    f = 0.0
    max_it = 200000
    if y == 0:
        return 0.
    f0 = y / d
    if abs(y - 1) < abs(d) * _DBL_EPSILON:  # includes y < d = Inf
        return f0
    if f0 > 1.:
        f0 = 1.
    c2 = y
    c4 = d  # original (y, d), not potentially scaled ones
    a1 = 0.
    b1 = 1.
    a2 = y
    b2 = d
    while b2 > _SCALEFACTOR:
        a1 /= _SCALEFACTOR
        b1 /= _SCALEFACTOR
        a2 /= _SCALEFACTOR
        b2 /= _SCALEFACTOR
    i = 0.
    of = -1.  # far away
    while i < max_it:
        i += 1
        c2 -= 1
        c3 = i * c2
        c4 += 2
        a1 = c4 * a2 + c3 * a1  # c2 = y - i, c3 = i(y - i), c4 = d + 2i, for i odd
        b1 = c4 * b2 + c3 * b1

        i += 1
        c2 -= 1
        c3 = i * c2
        c4 += 2
        a2 = c4 * a1 + c3 * a2  # for i even
        b2 = c4 * b1 + c3 * b2

        if b2 > _SCALEFACTOR:
            a1 /= _SCALEFACTOR
            b1 /= _SCALEFACTOR
            a2 /= _SCALEFACTOR
            b2 /= _SCALEFACTOR
        if b2 != 0:
            f = a2 / b2
            if abs(f - of) <= _DBL_EPSILON * _fmax2(f0, abs(f)):  # relative; "absolute" for very small f
                return f
            of = f
    return f  # R: MATHLIB_WARNING " ** NON-convergence in pgamma()'s pd_lower_cf()"; should not happen


def pd_lower_series(lam: float, y: float) -> float:
    """R's ``pd_lower_series``: sum_{n>=0} y (y-1) ... (y-n) / lambda^(n+1)."""
    term = 1.
    sum_ = 0.
    while y >= 1 and term > sum_ * _DBL_EPSILON:
        term *= y / lam
        sum_ += term
        y -= 1
    if y != _floor(y):
        # the series does not converge as the terms start getting bigger (besides flipping sign) for y < -lambda
        f = pd_lower_cf(y, lam + 1 - y)
        sum_ += term * f
    return sum_


def dpnorm(x: float, lower_tail: bool, lp: float) -> float:
    """R's ``dpnorm``: dnorm(x) / pnorm(x, lower_tail), lp = pnorm(x, lower_tail, log = TRUE) (A&S 26.2.12)."""
    if x < 0:
        x = -x
        lower_tail = not lower_tail
    if x > 10 and not lower_tail:
        term = 1 / x
        sum_ = term
        x2 = x * x
        i = 1.
        while True:
            term *= -i / x2
            sum_ += term
            i += 2
            if not abs(term) > _DBL_EPSILON * sum_:
                break
        return 1 / sum_
    d = dnorm(x, 0., 1., False)
    return d / _exp(lp)


_COEFS_A = (-1e99, 2 / 3., -4 / 135., 8 / 2835., 16 / 8505., -8992 / 12629925., -334144 / 492567075.,
            698752 / 1477701225.)
_COEFS_B = (-1e99, 1 / 12., 1 / 288., -139 / 51840., -571 / 2488320., 163879 / 209018880.,
            5246819 / 75246796800., -534703531 / 902961561600.)


def ppois_asymp(x: float, lam: float, lower_tail: bool, log_p: bool) -> float:
    """R's ``ppois_asymp``: asymptotic expansion of P[Poisson(lambda) <= x]."""
    dfm = lam - x
    pt_ = -log1pmx(dfm / x)
    s2pt = _sqrt(2 * x * pt_)
    if dfm < 0:
        s2pt = -s2pt
    res12 = 0.
    res1_ig = res1_term = math.sqrt(x)
    res2_ig = res2_term = s2pt
    for i in range(1, 8):
        res12 += res1_ig * _COEFS_A[i]
        res12 += res2_ig * _COEFS_B[i]
        res1_term *= pt_ / i
        res2_term *= 2 * pt_ / (2 * i + 1)
        res1_ig = res1_ig / x + res1_term
        res2_ig = res2_ig / x + res2_term
    elfb = x
    elfb_term = 1.
    for i in range(1, 8):
        elfb += elfb_term * _COEFS_B[i]
        elfb_term /= x
    if not lower_tail:
        elfb = -elfb
    f = res12 / elfb
    np_ = float(pnorm(s2pt, 0.0, 1.0, not lower_tail, log_p))
    if log_p:
        n_d_over_p = dpnorm(s2pt, not lower_tail, np_)
        return np_ + _log1p(f * n_d_over_p)
    nd = dnorm(s2pt, 0., 1., log_p)
    return np_ + f * nd


def pgamma_raw(x: float, alph: float, lower_tail: bool, log_p: bool) -> float:
    """R's ``pgamma_raw(x, alph, lower_tail, log_p)``, x and alph not NaN, alph > 0, scale 1."""
    d0, d1 = (-_INF, 0.) if log_p else (0., 1.)
    if x <= 0.:  # R_P_bounds_01(x, 0., ML_POSINF)
        return d0 if lower_tail else d1
    if x >= _INF:
        return d1 if lower_tail else d0
    if x < 1:
        res = pgamma_smallx(x, alph, lower_tail, log_p)
    elif x <= alph - 1 and x < 0.8 * (alph + 50):
        # incl. large alph compared to x
        sum_ = pd_upper_series(x, alph, log_p)  # x/alph + o(x/alph)
        d = dpois_wrap(alph, x, log_p)
        if not lower_tail:
            res = _log1_exp(d + sum_) if log_p else 1 - d * sum_
        else:
            res = sum_ + d if log_p else sum_ * d
    elif alph - 1 < x and alph < 0.8 * (x + 50):
        # incl. large x compared to alph
        d = dpois_wrap(alph, x, log_p)
        if alph < 1:
            if x * _DBL_EPSILON > 1 - alph:
                sum_ = d1
            else:
                f = pd_lower_cf(alph, x - (alph - 1)) * x / alph  # 1 + o(1)
                sum_ = _log(f) if log_p else f
        else:
            sum_ = pd_lower_series(x, alph - 1)  # (alph-1)/x + o((alph-1)/x)
            sum_ = _log1p(sum_) if log_p else 1 + sum_
        if not lower_tail:
            res = sum_ + d if log_p else sum_ * d
        else:
            res = _log1_exp(d + sum_) if log_p else 1 - d * sum_
    else:  # x >= 1 and x fairly near alph
        res = ppois_asymp(alph - 1, x, not lower_tail, log_p)
    # underflow near DBL_MIN: redo via log space
    if not log_p and res < _DBL_MIN / _DBL_EPSILON:
        return _exp(pgamma_raw(x, alph, lower_tail, True))
    return res


def pgamma(x: float, alph: float, scale: float = 1.0, lower_tail: bool = True, log_p: bool = False) -> float:
    """R's ``pgamma(x, shape = alph, scale = scale, lower.tail, log.p)`` (nmath/pgamma.c, Welinder's algorithm)."""
    x, alph, scale = float(x), float(alph), float(scale)
    if math.isnan(x) or math.isnan(alph) or math.isnan(scale):
        return x + alph + scale
    if alph < 0. or scale <= 0.:
        return _NAN
    x /= scale
    if math.isnan(x):  # e.g. original x = scale = +Inf
        return x
    if alph == 0.:  # limit case; useful e.g. in pnchisq()
        d0, d1 = (-_INF, 0.) if log_p else (0., 1.)
        return (d0 if lower_tail else d1) if x <= 0 else (d1 if lower_tail else d0)
    return pgamma_raw(x, alph, bool(lower_tail), bool(log_p))


def pchisq(q: float, df: float, lower_tail: bool = True, log_p: bool = False) -> float:
    """R's ``pchisq(q, df, lower.tail, log.p)`` (nmath/pchisq.c): ``pgamma(q, df/2, scale = 2, ...)``."""
    return pgamma(q, float(df) / 2., 2., lower_tail, log_p)

"""R's nmath distribution functions: the one implementation of each p-value and quantile the package uses.

Named after R's C routines (R 4.2.2, ``src/nmath``):

* ``pnorm`` — ``pnorm.c`` (``pnorm5`` / ``pnorm_both``, Cody's rational Chebyshev approximation), ported
  line by line: bit-identical to R (``tests/kernels/test_distributions.py`` checks it live over a sweep).
* ``qnorm`` — ``qnorm.c`` (Wichura's AS 241), ported line by line: bit-identical to R.
* ``pwilcox`` / ``cwilcox`` — ``wilcox.c``: the exact Mann-Whitney distribution.  R counts with a
  recursive memo table in doubles; this counts the same numbers exactly with integer polynomial products,
  and sums ``cwilcox(i) / choose(m + n, n)`` in R's order, so the result is R's.
* ``dhyper`` with ``stirlerr``, ``bd0`` and ``dbinom_raw`` — ``dhyper.c``, ``stirlerr.c``, ``bd0.c``,
  ``dbinom.c`` (log scale, whole-number arguments), ported line by line.
* ``R_zeroin2`` / ``uniroot`` — ``stats/src/zeroin.c`` (Brent) with ``uniroot``'s defaults.
* ``pchisq`` — ``pchisq.c`` = ``pgamma.c`` (Welinder's series and continued fractions, with ``dpois_raw``/``ebd0``,
  ``lgamma1p``, ``lgammafn``), ported line by line in ``kernels.nmath_gamma`` (imported on first use):
  bit-identical to R (``tests/kernels/test_nmath_gamma.py``).  ``pnorm`` takes ``log_p`` for it.
* ``pt``, ``qt`` — ``pt.c`` (through toms708's ``pbeta``) and ``qt.c`` (Hill's algorithm with R's Taylor
  refinement, every branch), ported line by line in ``kernels.nmath_t`` / ``kernels.toms708`` and imported
  here: bit-identical to R (``tests/kernels/test_nmath_t.py``, ``tests/kernels/test_toms708.py``).
"""
from __future__ import annotations

import math

import numpy as np

from ..errors import InputError

__all__ = ["dnorm", "pnorm", "qnorm", "pt", "qt", "pchisq", "cwilcox", "pwilcox", "stirlerr", "bd0", "dbinom_raw_log",
           "dhyper", "R_zeroin2", "uniroot"]

_DBL_EPS = float(np.finfo(float).eps)
_DBL_MIN = float(np.finfo(float).tiny)
_M_LN_2PI = 1.837877066409345483560659472811
_M_LN_SQRT_2PI = 0.918938533204672741780329736406
_M_SQRT_32 = 5.656854249492380195206754896838
_M_1_SQRT_2PI = 0.398942280401432677939946059934
_SIXTEN = 16.0


# ---- pnorm (nmath/pnorm.c) --------------------------------------------------------------------
_PA = (2.2352520354606839287, 161.02823106855587881, 1067.6894854603709582, 18154.981253343561249,
       0.065682337918207449113)
_PB = (47.20258190468824187, 976.09855173777669322, 10260.932208618978205, 45507.789335026729956)
_PC = (0.39894151208813466764, 8.8831497943883759412, 93.506656132177855979, 597.27027639480026226,
       2494.5375852903726711, 6848.1904505362823326, 11602.651437647350124, 9842.7148383839780218,
       1.0765576773720192317e-8)
_PD = (22.266688044328115691, 235.38790178262499861, 1519.377599407554805, 6485.558298266760755,
       18615.571640885098091, 34900.952721145977266, 38912.003286093271411, 19685.429676859990727)
_PP = (0.21589853405795699, 0.1274011611602473639, 0.022235277870649807, 0.001421619193227893466,
       2.9112874951168792e-5, 0.02307344176494017303)
_PQ = (1.28426009614491121, 0.468238212480865118, 0.0659881378689285515, 0.00378239633202758244,
       7.29751555083966205e-5)


def _pnorm_both(x: float, lower: bool, log_p: bool = False) -> float:
    """``pnorm_both(x, &cum, &ccum, i_tail, log_p)``: the lower tail if ``lower``, else the upper (log if ``log_p``)."""
    eps = _DBL_EPS * 0.5
    y = abs(x)
    if y <= 0.67448975:
        if y > eps:
            xsq = x * x
            xnum = _PA[4] * xsq
            xden = xsq
            for i in range(3):
                xnum = (xnum + _PA[i]) * xsq
                xden = (xden + _PB[i]) * xsq
        else:
            xnum = xden = 0.0
        temp = x * (xnum + _PA[3]) / (xden + _PB[3])
        p = 0.5 + temp if lower else 0.5 - temp
        return math.log(p) if log_p else p
    if y <= _M_SQRT_32:
        xnum = _PC[8] * y
        xden = y
        for i in range(7):
            xnum = (xnum + _PC[i]) * y
            xden = (xden + _PD[i]) * y
        temp = (xnum + _PC[7]) / (xden + _PD[7])
        xx = y  # do_del(y)
    elif ((log_p and y < 1e170) or (lower and -37.5193 < x < 8.2924)
          or (not lower and -8.2924 < x < 37.5193)):
        xsq = 1.0 / (x * x)
        xnum = _PP[5] * xsq
        xden = xsq
        for i in range(4):
            xnum = (xnum + _PP[i]) * xsq
            xden = (xden + _PQ[i]) * xsq
        temp = xsq * (xnum + _PP[4]) / (xden + _PQ[4])
        temp = (_M_1_SQRT_2PI - temp) / y
        xx = x  # do_del(x)
    else:  # probabilities 0 or 1 (R_D__0, R_D__1)
        one, zero = (0.0, -math.inf) if log_p else (1.0, 0.0)
        return (one if x > 0 else zero) if lower else (zero if x > 0 else one)
    xsq = math.trunc(xx * _SIXTEN) / _SIXTEN
    dl = (xx - xsq) * (xx + xsq)
    if log_p:  # R computes ccum only when it is the tail returned after swap_tail
        cum = (-xsq * (xsq * 0.5)) - dl * 0.5 + math.log(temp)
        ccum = (math.log1p(-math.exp(-xsq * (xsq * 0.5)) * math.exp(-dl * 0.5) * temp)
                if (lower and x > 0.0) or (not lower and x <= 0.0) else math.nan)
    else:
        cum = math.exp(-xsq * xsq * 0.5) * math.exp(-dl * 0.5) * temp
        ccum = 1.0 - cum
    if x > 0.0:  # swap_tail
        cum, ccum = ccum, cum
    return cum if lower else ccum


def _elementwise(f, x, *args):
    """``f(x, *args)`` for a scalar (a float back) or elementwise over an array (an array of x's shape)."""
    if np.ndim(x) == 0:
        return f(float(x), *args)
    a = np.asarray(x, dtype=np.float64)
    return np.array([f(v, *args) for v in a.ravel().tolist()], dtype=np.float64).reshape(a.shape)


def _pnorm1(x: float, mean: float, sd: float, lower_tail: bool, log_p: bool = False) -> float:
    if math.isnan(x) or math.isnan(mean) or math.isnan(sd):
        return x + mean + sd
    if not math.isfinite(x) and mean == x:
        return math.nan
    one, zero = (0.0, -math.inf) if log_p else (1.0, 0.0)  # R_DT_1, R_DT_0
    if sd <= 0:
        if sd < 0:
            return math.nan
        return (one if x >= mean else zero) if lower_tail else (zero if x >= mean else one)
    p = (x - mean) / sd
    if not math.isfinite(p):
        return (one if x >= mean else zero) if lower_tail else (zero if x >= mean else one)
    return _pnorm_both(p, lower_tail, log_p)


def pnorm(q, mean: float = 0.0, sd: float = 1.0, lower_tail: bool = True, log_p: bool = False):
    """R's ``pnorm(q, mean, sd, lower.tail, log.p)`` (nmath/pnorm.c, Cody's algorithm), bit-identical to R.

    Parameters
    ----------
    q : float or array_like
        Quantiles.
    mean, sd : float
        Location and scale.
    lower_tail : bool
        P[X <= q] if True, otherwise P[X > q].
    log_p : bool
        Return log(p), computed as R's ``log.p = TRUE`` does (not ``log`` of the probability).

    Returns
    -------
    float or numpy.ndarray
        A float for a scalar ``q``, otherwise an array of q's shape.

    Examples
    --------
    >>> pnorm(-1.959963984540054)
    0.024999999999999977
    """
    if np.ndim(q) == 0:
        return _pnorm1(float(q), float(mean), float(sd), bool(lower_tail), bool(log_p))
    a = np.asarray(q, dtype=np.float64)
    from .distributions_arrays import pnorm_arr  # numba on first use with an array (a light import)

    return pnorm_arr(np.ascontiguousarray(a.ravel()), float(mean), float(sd), bool(lower_tail),
                     bool(log_p)).reshape(a.shape)


_DNORM_UNDERFLOW = math.sqrt(-2 * math.log(2) * (-1021 + 1 - 53))  # sqrt(-2*M_LN2*(DBL_MIN_EXP + 1-DBL_MANT_DIG))
_M_1_SQRT_2PI = 0.398942280401432677939946059934


def _dnorm1(x: float, mu: float, sigma: float) -> float:
    if math.isnan(x) or math.isnan(mu) or math.isnan(sigma):
        return x + mu + sigma
    if sigma < 0:
        return math.nan
    if not math.isfinite(sigma):
        return 0.0
    if not math.isfinite(x) and mu == x:
        return math.nan
    if sigma == 0:
        return math.inf if x == mu else 0.0
    x = (x - mu) / sigma
    if not math.isfinite(x):
        return 0.0
    x = abs(x)
    if x >= 2 * math.sqrt(np.finfo(float).max):
        return 0.0
    if x < 5:
        return _M_1_SQRT_2PI * math.exp(-0.5 * x * x) / sigma
    if x > _DNORM_UNDERFLOW:
        return 0.0
    x1 = math.ldexp(float(round(math.ldexp(x, 16))), -16)  # R_forceint(ldexp(x, 16)): nearbyint, ties to even
    x2 = x - x1
    return _M_1_SQRT_2PI / sigma * (math.exp(-0.5 * x1 * x1) * math.exp((-0.5 * x2 - x1) * x2))


def dnorm(x, mean: float = 0.0, sd: float = 1.0):
    """R's ``dnorm(x, mean, sd)`` (nmath/dnorm.c, not log), with libm's ``exp``: bit-identical to R.

    Parameters
    ----------
    x : float or array_like
        Points.
    mean, sd : float
        Location and scale.

    Returns
    -------
    float or numpy.ndarray
        A float for a scalar ``x``, otherwise an array of x's shape.

    Examples
    --------
    >>> dnorm(0.0)
    0.3989422804014327
    """
    if np.ndim(x) == 0:
        return _dnorm1(float(x), float(mean), float(sd))
    a = np.asarray(x, dtype=np.float64)
    from .distributions_arrays import dnorm_arr  # numba on first use with an array (a light import)

    return dnorm_arr(np.ascontiguousarray(a.ravel()), float(mean), float(sd)).reshape(a.shape)


# ---- qnorm (nmath/qnorm.c, AS 241), lower tail, not log ----------------------------------------
# AS 241's three rational approximations, on a float or elementwise on an array (the same IEEE operations
# either way); ``kernels.nmath_t._qnorm5`` (R's qnorm5 with lower_tail and log_p) uses them too.
def _qnorm_central(q):
    """val for |q| <= .425, q = p - 0.5."""
    r = 0.180625 - q * q
    return q * (((((((r * 2509.0809287301226727 +
                      33430.575583588128105) * r + 67265.770927008700853) * r +
                    45921.953931549871457) * r + 13731.693765509461125) * r +
                  1971.5909503065514427) * r + 133.14166789178437745) * r +
                3.387132872796366608) / \
        (((((((r * 5226.495278852854561 +
               28729.085735721942674) * r + 39307.89580009271061) * r +
             21213.794301586595867) * r + 5394.1960214247511077) * r +
           687.1870074920579083) * r + 42.313330701600911252) * r + 1.0)


def _qnorm_tail_lo(r):
    """val for r = sqrt(-log(min(p, 1 - p))) <= 5."""
    s = r - 1.6
    return (((((((s * 7.7454501427834140764e-4 +
                  .0227238449892691845833) * s + .24178072517745061177) *
                s + 1.27045825245236838258) * s +
               3.64784832476320460504) * s + 5.7694972214606914055) *
             s + 4.6303378461565452959) * s +
            1.42343711074968357734) / \
        (((((((s * 1.05075007164441684324e-9 + 5.475938084995344946e-4) *
              s + .0151986665636164571966) * s +
             .14810397642748007459) * s + .68976733498510000455) *
           s + 1.6763848301838038494) * s +
          2.05319162663775882187) * s + 1.0)


def _qnorm_tail_hi(r):
    """val for r > 5 (Wichura's R_3)."""
    s = r - 5.0
    return (((((((s * 2.01033439929228813265e-7 +
                  2.71155556874348757815e-5) * s +
                 .0012426609473880784386) * s + .026532189526576123093) *
               s + .29656057182850489123) * s +
              1.7848265399172913358) * s + 5.4637849111641143699) *
            s + 6.6579046435011037772) / \
        (((((((s * 2.04426310338993978564e-15 + 1.4215117583164458887e-7) *
              s + 1.8463183175100546818e-5) * s +
             7.868691311456132591e-4) * s + .0148753612908506148525)
           * s + .13692988092273580531) * s +
          .59983220655588793769) * s + 1.0)


def qnorm(p) -> np.ndarray:
    """R 4.2's ``qnorm(p)`` (Wichura's AS 241), bit-identical to R for p in [0, 1]; NaN outside.

    Examples
    --------
    >>> float(qnorm(0.975)[()])
    1.959963984540054
    """
    p = np.asarray(p, dtype=np.float64)
    out = np.empty_like(p)
    q = p - 0.5
    central = np.abs(q) <= 0.425
    if central.any():
        out[central] = _qnorm_central(q[central])
    tail = ~central & (p > 0) & (p < 1)
    if tail.any():
        pt_ = p[tail]
        qt_ = q[tail]
        rr = np.where(qt_ < 0, pt_, 1.0 - pt_)
        # libm's log, as R uses it (numpy's vectorised log may differ in the last bit)
        r = np.sqrt(-np.array([math.log(v) for v in rr.tolist()]))
        val = np.empty_like(r)
        lo = r <= 5.0
        if lo.any():
            val[lo] = _qnorm_tail_lo(r[lo])
        hi = ~lo
        if hi.any():
            val[hi] = _qnorm_tail_hi(r[hi])
        out[tail] = np.where(qt_ < 0, -val, val)
    out[p == 0] = -np.inf
    out[p == 1] = np.inf
    out[(p < 0) | (p > 1) | np.isnan(p)] = np.nan
    return out


# ---- pt, qt: nmath/pt.c, qt.c (and toms708's pbeta) ported in kernels.nmath_t, imported at the end of
# this module (nmath_t imports stirlerr and bd0 from here) --------------------------------------------
# ---- pchisq: R's pgamma.c (kernels.nmath_gamma) ---------------------------------------------------
def pchisq(q: float, df: float, lower_tail: bool = True, log_p: bool = False) -> float:
    """R's ``pchisq(q, df, lower.tail, log.p)``: nmath/pchisq.c and pgamma.c ported line by line in
    ``kernels.nmath_gamma`` (imported on first use), bit-identical to R (``tests/kernels/test_nmath_gamma.py``)."""
    from .nmath_gamma import pchisq as _pchisq
    return _pchisq(q, df, lower_tail, log_p)


# ---- cwilcox / pwilcox (nmath/wilcox.c) --------------------------------------------------------
_CWILCOX_CACHE: dict[tuple[int, int], list[int]] = {}


def cwilcox(m: int, n: int) -> list[int]:
    """The exact counts of the Mann-Whitney statistic W = 0..m*n: R's ``cwilcox(k, m, n)`` for every k.

    R counts them by a memoised recursion; these are the same integers, from the generating function
    prod_{i=1..m} (1 - q^(n+i)) / (1 - q^i) in exact integer arithmetic.
    """
    key = (min(m, n), max(m, n))
    if key in _CWILCOX_CACHE:
        return _CWILCOX_CACHE[key]
    m, n = key
    size = m * n + 1
    c = [0] * size
    c[0] = 1
    deg = 0
    for i in range(1, m + 1):
        # multiply by (1 - q^(n+i))
        s = n + i
        deg_new = deg + s
        if deg_new >= size:
            deg_new = size - 1
        for k in range(deg_new, s - 1, -1):
            c[k] -= c[k - s]
        deg = deg_new
        # divide by (1 - q^i): prefix sums with stride i
        for k in range(i, size):
            c[k] += c[k - i]
    _CWILCOX_CACHE[key] = c
    return c


def pwilcox(q: float, m: int, n: int, lower_tail: bool = True) -> float:
    """R's ``pwilcox(q, m, n, lower.tail)`` (nmath/wilcox.c): the sum of ``cwilcox(i, m, n) / choose(m + n, n)``
    over the shorter tail, in R's order.

    Examples
    --------
    >>> pwilcox(3, 4, 5)
    0.05555555555555555
    """
    if not math.isfinite(q):
        raise InputError("pwilcox: q must be finite")
    q = math.floor(q + 1e-7)
    if q < 0.0:
        return 0.0 if lower_tail else 1.0
    if q >= m * n:
        return 1.0 if lower_tail else 0.0
    counts = cwilcox(m, n)
    c = float(math.comb(m + n, n))
    p = 0.0
    if q <= (m * n / 2):
        for i in range(0, int(q) + 1):
            p += float(counts[i]) / c
    else:
        q = m * n - q
        for i in range(0, int(q)):
            p += float(counts[i]) / c
        lower_tail = not lower_tail
    return p if lower_tail else (0.5 - p + 0.5)


# ---- dhyper (nmath: dhyper.c, dbinom.c, stirlerr.c, bd0.c) --------------------------------------
_SFERR_HALVES = np.array([
    0.0, 0.15342640972002736, 0.08106146679532726, 0.05481412105191765, 0.0413406959554093,
    0.03316287351993629, 0.02767792568499834, 0.023746163656297496, 0.020790672103765093,
    0.018488450532673187, 0.016644691189821193, 0.015134973221917378, 0.013876128823070748,
    0.012810465242920227, 0.01189670994589177, 0.011104559758206917, 0.010411265261972096,
    0.009799416126158804, 0.009255462182712733, 0.008768700134139386, 0.00833056343336287,
    0.00793411456431402, 0.007573675487951841, 0.007244554301320383, 0.00694284010720953,
    0.006665247032707682, 0.006408994188004207, 0.006171712263039458, 0.0059513701127588475,
    0.0057462165130101155, 0.005554733551962801])  # stirlerr(k/2), k = 0..30 (R's sferr_halves)


def stirlerr(n: float) -> float:
    """R's ``stirlerr(n)`` (nmath/stirlerr.c): log(n!) - log(sqrt(2 pi n) (n/e)^n)."""
    S0 = 0.083333333333333333333
    S1 = 0.00277777777777777777778
    S2 = 0.00079365079365079365079365
    S3 = 0.000595238095238095238095238
    S4 = 0.0008417508417508417508417508
    if n <= 15.0:
        nn = n + n
        if nn == int(nn):
            return float(_SFERR_HALVES[int(nn)])
        from .nmath_gamma import lgammafn  # R's lgammafn (lgamma.c), not CPython's math.lgamma: R's bits
        return lgammafn(n + 1.0) - (n + 0.5) * math.log(n) + n - _M_LN_SQRT_2PI
    nn = n * n
    if n > 500:
        return (S0 - S1 / nn) / n
    if n > 80:
        return (S0 - (S1 - S2 / nn) / nn) / n
    if n > 35:
        return (S0 - (S1 - (S2 - S3 / nn) / nn) / nn) / n
    return (S0 - (S1 - (S2 - (S3 - S4 / nn) / nn) / nn) / nn) / n


def bd0(x: float, np_: float) -> float:
    """R's ``bd0(x, np)`` (nmath/bd0.c): the deviance term x log(x/np) + np - x, computed stably."""
    if abs(x - np_) < 0.1 * (x + np_):
        v = (x - np_) / (x + np_)
        s = (x - np_) * v
        if abs(s) < _DBL_MIN:
            return s
        ej = 2 * x * v
        v = v * v
        for j in range(1, 1000):
            ej *= v
            s1 = s + ej / ((j << 1) + 1)
            if s1 == s:
                return s1
            s = s1
    return x * math.log(x / np_) + np_ - x


def dbinom_raw_log(x: float, n: float, p: float, q: float) -> float:
    """R's ``dbinom_raw(x, n, p, q, log_p = TRUE)`` (nmath/dbinom.c)."""
    if p == 0:
        return 0.0 if x == 0 else -math.inf
    if q == 0:
        return 0.0 if x == n else -math.inf
    if x == 0:
        if n == 0:
            return 0.0
        return -bd0(n, n * q) - n * p if p < 0.1 else n * math.log(q)
    if x == n:
        return -bd0(n, n * p) - n * q if q < 0.1 else n * math.log(p)
    if x < 0 or x > n:
        return -math.inf
    lc = stirlerr(n) - stirlerr(x) - stirlerr(n - x) - bd0(x, n * p) - bd0(n - x, n * q)
    lf = _M_LN_2PI + math.log(x) + math.log1p(-x / n)
    return lc - 0.5 * lf


def dhyper(x: float, m: float, n: float, k: float, log: bool = False) -> float:
    """R's ``dhyper(x, m, n, k, log)`` (white balls m, black n, drawn k), for whole-number arguments.

    Examples
    --------
    >>> dhyper(1, 3, 2, 2)  # R: sprintf("%.17g", dhyper(1, 3, 2, 2)) is 0.59999999999999987
    0.5999999999999999
    """
    r, b = float(m), float(n)
    nn = float(k)
    if nn < x or r < x or nn - x > b or x < 0:
        return -math.inf if log else 0.0
    if nn == 0:
        val = 0.0 if x == 0 else -math.inf
        return val if log else math.exp(val)
    p = nn / (r + b)
    q = (r + b - nn) / (r + b)
    p1 = dbinom_raw_log(x, r, p, q)
    p2 = dbinom_raw_log(nn - x, b, p, q)
    p3 = dbinom_raw_log(nn, r + b, p, q)
    # R: give_log ? p1 + p2 - p3 : p1 * p2 / p3, each dbinom_raw exponentiated (R_D_exp) before the product
    return p1 + p2 - p3 if log else math.exp(p1) * math.exp(p2) / math.exp(p3)


# ---- R_zeroin2 (stats/src/zeroin.c, Brent) and uniroot ------------------------------------------
def R_zeroin2(f, ax: float, bx: float, fa: float, fb: float, tol: float, maxit: int) -> float:  # noqa: N802
    """R's ``R_zeroin2`` (src/library/stats/src/zeroin.c), as ``uniroot`` calls it: a root of f in [ax, bx]
    (the port is ``kernels.zeroin.zeroin2``)."""
    from .zeroin import zeroin2

    return zeroin2(f, ax, bx, fa, fb, tol, maxit)[0]


def uniroot(f, lower: float, upper: float) -> float:
    """R's ``uniroot(f, c(lower, upper))$root`` with its defaults (tol = .Machine$double.eps^0.25,
    maxiter = 1000); the end values go to zeroin2 unchecked (see ``kernels.zeroin.uniroot`` for R's checks)."""
    tol = _DBL_EPS ** 0.25
    flo, fup = f(lower), f(upper)
    return R_zeroin2(f, lower, upper, flo, fup, tol, 1000)


from .nmath_t import pt, qt  # noqa: E402  (R's pt.c / qt.c; after stirlerr and bd0, which nmath_t imports)

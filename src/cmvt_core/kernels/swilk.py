"""R's ``swilk.c`` (Royston 1995, algorithm AS R94): the Shapiro-Wilk W and its p-value, ported line by line.

``swilk(x)`` takes x sorted ascending (n 3..5000) and returns ``(w, pw, ifault)`` as R's C routine sets
them; ``htest.shapiro_test`` is ``shapiro.test``.  The normal quantiles and the upper tail are R's own
``qnorm`` (AS 241) and ``pnorm`` (Cody), from ``kernels.distributions``.
"""
from __future__ import annotations

import math

import numpy as np

from .distributions import pnorm, qnorm

__all__ = ["swilk"]


def _poly(cc, nord: int, x: float) -> float:
    ret = cc[0]
    if nord > 1:
        p = x * cc[nord - 1]
        for j in range(nord - 2, 0, -1):
            p = (p + cc[j]) * x
        ret += p
    return ret


_G = (-2.273, .459)
_C1 = (0., .221157, -.147981, -2.07119, 4.434685, -2.706056)
_C2 = (0., .042981, -.293762, -1.752461, 5.682633, -3.582633)
_C3 = (.544, -.39978, .025054, -6.714e-4)
_C4 = (1.3822, -.77857, .062767, -.0020322)
_C5 = (-1.5861, -.31082, -.083751, .0038915)
_C6 = (-.4803, -.082676, .0030302)


def _sign(v: float) -> float:
    return 1.0 if v > 0 else (-1.0 if v < 0 else 0.0)


def swilk(x: np.ndarray) -> tuple[float, float, int]:
    """R's ``swilk(x, n, &w, &pw, &ifault)`` for sorted x; returns (w, pw, ifault)."""
    n = x.shape[0]
    nn2 = n // 2
    a = [0.0] * (nn2 + 1)  # 1-based
    small = 1e-19
    pw = 1.0
    an = float(n)
    if n == 3:
        a[1] = math.sqrt(0.5)
    else:
        an25 = an + .25
        summ2 = 0.0
        m = qnorm((np.arange(1, nn2 + 1) - .375) / an25)
        for i in range(1, nn2 + 1):
            a[i] = float(m[i - 1])
            summ2 += a[i] * a[i]
        summ2 *= 2.
        ssumm2 = math.sqrt(summ2)
        rsn = 1. / math.sqrt(an)
        a1 = _poly(_C1, 6, rsn) - a[1] / ssumm2
        if n > 5:
            i1 = 3
            a2 = -a[2] / ssumm2 + _poly(_C2, 6, rsn)
            fac = math.sqrt((summ2 - 2. * (a[1] * a[1]) - 2. * (a[2] * a[2]))
                            / (1. - 2. * (a1 * a1) - 2. * (a2 * a2)))
            a[2] = a2
        else:
            i1 = 2
            fac = math.sqrt((summ2 - 2. * (a[1] * a[1])) / (1. - 2. * (a1 * a1)))
        a[1] = a1
        for i in range(i1, nn2 + 1):
            a[i] /= -fac
    rng = float(x[n - 1] - x[0])
    if rng < small:
        return math.nan, 1.0, 6
    ifault = 0
    xs = x.tolist()
    xx = xs[0] / rng
    sx = xx
    sa = -a[1]
    i = 1
    j = n - 1
    while i < n:
        xi = xs[i] / rng
        if xx - xi > small:
            ifault = 7
        sx += xi
        i += 1
        if i != j:
            sa += _sign(i - j) * a[min(i, j)]
        xx = xi
        j -= 1
    if n > 5000:
        ifault = 2
    sa /= n
    sx /= n
    ssa = ssx = sax = 0.
    j = n - 1
    for i in range(n):
        if i != j:
            asa = _sign(i - j) * a[1 + min(i, j)] - sa
        else:
            asa = -sa
        xsx = xs[i] / rng - sx
        ssa += asa * asa
        ssx += xsx * xsx
        sax += asa * xsx
        j -= 1
    ssassx = math.sqrt(ssa * ssx)
    w1 = (ssassx - sax) * (ssassx + sax) / (ssa * ssx)
    w = 1. - w1
    if n == 3:
        pi6 = 1.90985931710274
        stqr = 1.04719755119660
        pw = pi6 * (math.asin(math.sqrt(w)) - stqr)
        if pw < 0.:
            pw = 0.
        return w, pw, ifault
    y = math.log(w1)
    xx = math.log(an)
    if n <= 11:
        gamma = _poly(_G, 2, an)
        if y >= gamma:
            return w, 1e-99, ifault
        y = -math.log(gamma - y)
        m_ = _poly(_C3, 4, an)
        s = math.exp(_poly(_C4, 4, an))
    else:
        m_ = _poly(_C5, 4, xx)
        s = math.exp(_poly(_C6, 3, xx))
    pw = pnorm((y - m_) / s, lower_tail=False)
    return w, pw, ifault

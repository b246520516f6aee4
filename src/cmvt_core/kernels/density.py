"""R's ``stats::density`` (gaussian kernel) and ``bw.nrd0``, as R 4.2.2 computes them.

``density(x, n, from_, to, bw)`` follows ``density.default`` step by step (docs/R_ALGORITHMS.md, "pROC
smooth"): ``n`` is raised to ``max(n, 512)`` and then to a power of two; the data are binned onto ``2n``
points over ``[from - 4 bw, to + 4 bw]`` by ``BinDist`` (linear binning, weights ``1/nx``, ported from
``stats/src/massdist.c``); the kernel ordinates ``kords = seq.int(0, 2 (up - lo), length.out = 2n)``, mirrored,
go through R's ``dnorm``; the convolution is ``fft(fft(y) * Conj(fft(kords)), inverse = TRUE)``, its real
part divided by ``2n`` and clipped at 0; the result is ``approx(xords, kords, x)`` at ``x = seq.int(from, to,
length.out = n.user)`` (R 4.2.2's ``seq.int(from, to, length.out=)`` is ``from + i*by`` with ``to`` last:
``rbase.seq_len_out``).  The one step not bit-identical to R is the FFT: numpy's pocketfft and R's
Singleton mixed-radix ``fft_factor``/``fft_work`` sum in different orders (differences ~1e-17 of the density's
scale; tolerance ``pROC.smooth.density``).
"""
from __future__ import annotations

import math

import numba
import numpy as np

from ..errors import InputError
from .distributions import dnorm
from .rbase import approx, quantile, r_var, seq_len_out

__all__ = ["bw_nrd0", "density"]


def bw_nrd0(x) -> float:
    """R's ``bw.nrd0(x)``: ``0.9 * min(sd(x), IQR(x)/1.34) * length(x)^-0.2`` (with its fall-backs)."""
    x = np.asarray(x, dtype=np.float64)
    if x.shape[0] < 2:
        raise InputError("need at least 2 data points (bw.nrd0)")
    hi = math.sqrt(r_var(x))
    q = quantile(x, np.array([0.25, 0.75]), type=7)
    lo = min(hi, (q[1] - q[0]) / 1.34)
    if not lo:
        lo = hi or abs(float(x[0])) or 1.0
    return 0.9 * lo * x.shape[0] ** (-0.2)


@numba.njit(cache=True)
def _bin_dist(x, w, xlo, xhi, n):  # pragma: no cover - compiled
    """``BinDist`` of stats/src/massdist.c: linear binning onto 2n cells (the upper half stays 0)."""
    y = np.zeros(2 * n)
    ixmin = 0
    ixmax = n - 2
    xdelta = (xhi - xlo) / (n - 1)
    for i in range(x.shape[0]):
        if np.isfinite(x[i]):
            xpos = (x[i] - xlo) / xdelta
            ix = int(math.floor(xpos))
            fx = xpos - ix
            wi = w[i]
            if ixmin <= ix and ix <= ixmax:
                y[ix] += wi * (1 - fx)
                y[ix + 1] += wi * fx
            elif ix == -1:
                y[0] += wi * fx
            elif ix == ixmax + 1:
                y[ix] += wi * (1 - fx)
    return y


def density(x, *, n: int = 512, from_: float | None = None, to: float | None = None, bw: float | str = "nrd0",
            adjust: float = 1.0, cut: float = 3.0) -> tuple[np.ndarray, np.ndarray]:
    """``density(x, n = n, from = from_, to = to, bw = bw, kernel = "gaussian")``: returns ``(x, y)``.

    Parameters
    ----------
    x : array_like
        Finite data (at least 2 for an automatic bandwidth).
    n : int, default 512
        Points of the result (``n.user``).
    from_, to : float or None
        The range; None gives ``min(x) - cut * bw`` / ``max(x) + cut * bw``.
    bw : float or "nrd0", default "nrd0"
        The bandwidth (before ``adjust``).
    adjust, cut : float
        As R's.

    Returns
    -------
    tuple of numpy.ndarray
        The grid and the density estimate on it.
    """
    x = np.ascontiguousarray(np.asarray(x, dtype=np.float64))
    x = x[np.isfinite(x)]
    nx = x.shape[0]
    if isinstance(bw, str):
        if bw != "nrd0":
            raise InputError(f"bw={bw!r}: only 'nrd0' (R's default) or a number is supported")
        if nx < 2:
            raise InputError("need at least 2 points to select a bandwidth automatically")
        bw = bw_nrd0(x)
    bw = float(bw)
    if not math.isfinite(bw):
        raise InputError("non-finite 'bw'")
    bw = adjust * bw
    if bw <= 0:
        raise InputError("'bw' is not positive.")
    n_user = int(n)
    n = max(n_user, 512)
    if n > 512:
        n = 2 ** int(math.ceil(math.log2(n)))
    if from_ is None:
        from_ = float(np.min(x)) - cut * bw
    if to is None:
        to = float(np.max(x)) + cut * bw
    if not (math.isfinite(from_) and math.isfinite(to)):
        raise InputError("non-finite 'from' or 'to'")
    lo = from_ - 4 * bw
    up = to + 4 * bw
    w = np.full(nx, 1.0 / nx)
    y = _bin_dist(x, w, lo, up, n)  # * totMass (= nx / N = 1: x holds only finite values)
    kords = seq_len_out(0.0, 2 * (up - lo), 2 * n)
    kords[n + 1:2 * n] = -kords[n - 1:0:-1]
    kords = dnorm(kords, 0.0, bw)
    conv = np.fft.ifft(np.fft.fft(y) * np.conj(np.fft.fft(kords)))  # ifft's 1/(2n) is exact (2n a power of 2)
    kd = np.maximum(0.0, conv.real[:n])
    xords = seq_len_out(lo, up, n)
    xs = seq_len_out(from_, to, n_user)
    return xs, approx(xords, kd, xs)

"""R's Mersenne-Twister (``MT_genrand`` of R's RNG.c) and the draws built on it, compiled.

The state is R's own: ``mt`` (624 uint32, the untempered state vector) and ``st[0]`` = ``mti`` (the
position in it), exactly ``.Random.seed[3:626]`` and ``.Random.seed[2]``.  Every function advances the
state as R does, one output at a time, so no buffer of pre-drawn outputs is kept and ``.Random.seed`` is
always the state itself (``rrandom.RRNG`` holds the two arrays).

* ``genrand``: one tempered 32-bit output (the twist of all 624 words when ``mti >= 624``);
  ``unif_rand() = out * 2^-32`` with R's fix-up of 0 (``fixup``: ``0.5 * i2_32m1``).
* ``unif_index``: ``R_unif_index(dn)`` by rejection sampling (R >= 3.6, ``rbits``): ``bits =
  ceil(log2(dn))`` random bits taken 16 at a time as ``floor(unif_rand() * 65536)`` (= output >> 16),
  masked, redrawn until below ``dn``.
* ``sample_noreplace``: R's ``do_sample`` without replacement (the pool swap).
"""
from __future__ import annotations

import numba
import numpy as np

__all__ = ["genrand", "unif_fill", "unif_index", "sample_noreplace"]

_N = 624
_M = 397
_MATRIX_A = np.uint32(0x9908B0DF)
_UPPER = np.uint32(0x80000000)
_LOWER = np.uint32(0x7FFFFFFF)
_TWO_M32 = 2.3283064365386963e-10  # 2^-32, MT_genrand's scaling
_I2_32M1 = 2.328306437080797e-10   # 1/(2^32 - 1), R's fixup() of a 0 output


@numba.njit(cache=True, inline="always")
def _twist(mt):  # pragma: no cover - compiled
    for kk in range(_N - _M):
        y = (mt[kk] & _UPPER) | (mt[kk + 1] & _LOWER)
        mt[kk] = mt[kk + _M] ^ (y >> np.uint32(1)) ^ (_MATRIX_A if (y & np.uint32(1)) else np.uint32(0))
    for kk in range(_N - _M, _N - 1):
        y = (mt[kk] & _UPPER) | (mt[kk + 1] & _LOWER)
        mt[kk] = mt[kk + (_M - _N)] ^ (y >> np.uint32(1)) ^ (_MATRIX_A if (y & np.uint32(1)) else np.uint32(0))
    y = (mt[_N - 1] & _UPPER) | (mt[0] & _LOWER)
    mt[_N - 1] = mt[_M - 1] ^ (y >> np.uint32(1)) ^ (_MATRIX_A if (y & np.uint32(1)) else np.uint32(0))


@numba.njit(cache=True, inline="always")
def genrand(mt, i):  # pragma: no cover - compiled
    """One tempered MT19937 output (uint32), R's ``MT_genrand`` before the scaling to [0, 1), from
    position ``i`` (= mti); returns (output, new mti).  Callers keep mti in a local variable and store it
    in ``st[0]`` once at the end (a store per output would be reloaded after every write to ``mt``)."""
    if i >= _N:
        _twist(mt)
        i = 0
    y = mt[i]
    y ^= y >> np.uint32(11)
    y ^= (y << np.uint32(7)) & np.uint32(0x9D2C5680)
    y ^= (y << np.uint32(15)) & np.uint32(0xEFC60000)
    y ^= y >> np.uint32(18)
    return y, i + 1


@numba.njit(cache=True)
def unif_fill(mt, st, out):  # pragma: no cover - compiled
    """``out[:] = unif_rand()`` successively (R's ``fixup``: an output of 0 gives ``0.5 * i2_32m1``)."""
    i = st[0]
    for k in range(out.shape[0]):
        y, i = genrand(mt, i)
        out[k] = y * _TWO_M32 if y != 0 else 0.5 * _I2_32M1
    st[0] = i


@numba.njit(cache=True, inline="always")
def _index1(mt, i, dn, bits):  # pragma: no cover - compiled
    """One ``R_unif_index(dn)`` (dn >= 1), 0-based; returns (index, new mti)."""
    if bits <= 15:  # one 16-bit chunk per candidate
        m32 = np.uint32((1 << bits) - 1)
        d32 = np.uint32(dn)
        while True:
            y, i = genrand(mt, i)
            v = (y >> np.uint32(16)) & m32
            if v < d32:
                return np.int64(v), i
    mask = np.uint64((1 << bits) - 1)
    udn = np.uint64(dn)
    while True:
        v = np.uint64(0)
        for _ in range(bits // 16 + 1):
            y, i = genrand(mt, i)
            v = v * np.uint64(65536) + np.uint64(y >> np.uint32(16))
        v &= mask
        if v < udn:
            return np.int64(v), i


@numba.njit(cache=True)
def _bits(dn):  # pragma: no cover - compiled
    b = 0
    while (np.int64(1) << b) < dn:
        b += 1
    return b


@numba.njit(cache=True)
def unif_index(mt, st, out, dn):  # pragma: no cover - compiled
    """``out[k] = R_unif_index(dn)`` (0-based) successively; 0 when ``dn <= 0`` (R draws nothing then)."""
    if dn <= 0:
        out[:] = 0
        return
    bits = _bits(dn)
    i = st[0]
    for k in range(out.shape[0]):
        out[k], i = _index1(mt, i, dn, bits)
    st[0] = i


@numba.njit(cache=True)
def sample_noreplace(mt, st, out, pool):  # pragma: no cover - compiled
    """R's ``sample.int(n, size)`` without replacement: ``j = R_unif_index(n); out = pool[j] + 1;
    pool[j] = pool[--n]`` (``pool`` = 0..n-1 on entry, consumed)."""
    nn = pool.shape[0]
    i = st[0]
    for k in range(out.shape[0]):
        j, i = _index1(mt, i, nn, _bits(nn))
        out[k] = pool[j] + 1
        pool[j] = pool[nn - 1]
        nn -= 1
    st[0] = i

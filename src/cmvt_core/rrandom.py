"""R's default random number generator, bit for bit.

``RRNG(seed)`` is R's state right after ``set.seed(seed)`` with R >= 3.6 defaults
(``RNGkind("Mersenne-Twister", "Inversion", "Rejection")``).  Every draw consumes the
Mersenne-Twister stream exactly as R does, so ``RRNG(s).sample(n)`` equals
``set.seed(s); sample.int(n)`` and the state afterwards (``.random_seed``) equals R's
``.Random.seed``.  See ``docs/R_ALGORITHMS.md`` section 9.

The 32-bit MT19937 outputs come from numpy's ``MT19937`` bit generator started from R's
seeded state (the same recurrence and tempering); everything R builds on top of them
(``unif_rand`` fix-up, ``rbits``/rejection, the pool swap of ``sample``, the hash variant
``sample2``, inversion ``rnorm`` with R's AS 241 ``qnorm``) is ported here.
"""
from __future__ import annotations

import functools
import math
import os
from numbers import Integral, Real

import numpy as np

from . import _validate as V
from .errors import InputError
from .kernels.distributions import qnorm  # R's qnorm (AS 241), used by rnorm

__all__ = ["RRNG", "r_seed_int"]

_N = 624
_U32 = 0xFFFFFFFF
_I2_32M1 = 2.328306437080797e-10  # R's i2_32m1 = 1/(2^32 - 1), used by fixup()
_TWO_M32 = 2.3283064365386963e-10  # 2^-32, MT_genrand's scaling
_INT_MAX = 2**31 - 1
_BIG = 134217728.0  # 2^27, rnorm inversion
_KIND_CODE = 10403  # Mersenne-Twister + 100*Inversion + 10000*Rejection


def r_seed_int(seed: int | float) -> int:
    """The C int that R's ``set.seed(seed)`` uses, or ``InputError`` where R errors.

    R coerces with ``asInteger``: doubles are truncated toward zero; NaN, infinities and
    values outside the int range (including -2^31, R's ``NA_integer_``) are "not a valid
    integer".  True/False are refused (R would take them as 1/0): a seed is a number.

    Parameters
    ----------
    seed : int or float
        The seed as a user gives it.

    Returns
    -------
    int
        The integer R seeds its Mersenne-Twister with.

    Raises
    ------
    InputError
        For True/False, NaN, infinities, non-numbers and values outside R's integer range.

    Notes
    -----
    R call: ``set.seed(seed)`` (its ``asInteger(seed)`` coercion).

    Examples
    --------
    >>> from cmvt_core.rrandom import r_seed_int
    >>> r_seed_int(2024)
    2024
    >>> r_seed_int(-7.9)
    -7
    """
    if isinstance(seed, (bool, np.bool_)):
        raise InputError(f"seed {seed!r} is not a number (True/False is not a seed; R would take it as "
                         f"{int(seed)})")
    if isinstance(seed, Integral):
        s = int(seed)
    elif isinstance(seed, Real):
        f = float(seed)
        if not math.isfinite(f):
            raise InputError(f"seed {seed!r} is not a valid integer (R: set.seed() needs a finite number)")
        if f >= 2**31 or f <= -(2**31):
            raise InputError(f"seed {seed!r} is outside R's integer range (-2147483647..2147483647)")
        s = int(f)  # truncation toward zero, as C's (int) cast in asInteger
    else:
        raise InputError(f"seed {seed!r} is not a number (R: 'supplied seed is not a valid integer')")
    if not -_INT_MAX <= s <= _INT_MAX:
        raise InputError(f"seed {seed!r} is outside R's integer range (-2147483647..2147483647)")
    return s


def _temper(y: np.ndarray) -> np.ndarray:
    y = y.astype(np.uint64)
    y ^= y >> np.uint64(11)
    y ^= (y << np.uint64(7)) & np.uint64(0x9D2C5680)
    y ^= (y << np.uint64(15)) & np.uint64(0xEFC60000)
    y ^= y >> np.uint64(18)
    return (y & np.uint64(_U32)).astype(np.uint32)


def _untemper(y: np.ndarray) -> np.ndarray:
    y = y.astype(np.uint64)
    m = np.uint64(_U32)
    y ^= y >> np.uint64(18)
    y ^= (y << np.uint64(15)) & np.uint64(0xEFC60000)
    # invert y ^= (y << 7) & 0x9D2C5680: 5 rounds recover 32 bits 7 at a time
    t = y.copy()
    for _ in range(5):
        t = (y ^ ((t << np.uint64(7)) & np.uint64(0x9D2C5680))) & m
    y = t
    # invert y ^= y >> 11
    t = y.copy()
    for _ in range(3):
        t = (y ^ (t >> np.uint64(11))) & m
    return t.astype(np.uint32)


def _unif(raw: np.ndarray) -> np.ndarray:
    """unif_rand() for an array of MT outputs: raw * 2^-32 with R's fixup at 0."""
    u = raw.astype(np.float64) * _TWO_M32
    u[raw == 0] = 0.5 * _I2_32M1
    return u


def _njit_on_first_call(fn):
    """``numba.njit(cache=True)(fn)``, compiled (and numba imported) on the first call only, so that
    ``import cmvt_core`` does not import numba (issue 10: a light import)."""
    compiled = None

    @functools.wraps(fn)
    def call(*args):
        nonlocal compiled
        if compiled is None:
            import numba
            compiled = numba.njit(cache=True)(fn)
        return compiled(*args)

    return call


@_njit_on_first_call
def _swr_kernel(chunks, start, out, i, size, pool, nn):  # pragma: no cover - compiled
    """Sample without replacement (R's pool swap), consuming 16-bit chunks from `chunks`.

    Returns (draws completed, chunks consumed, remaining pool size)."""
    p = start
    nchunks = chunks.shape[0]
    while i < size:
        dn = nn
        bits = 0
        while (1 << bits) < dn:
            bits += 1
        k = bits // 16 + 1
        if p + k > nchunks:
            break
        v = np.uint64(0)
        for c in range(k):
            v = v * np.uint64(65536) + chunks[p + c]
        p += k
        v = v & np.uint64((1 << bits) - 1)
        if v < dn:
            j = np.int64(v)
            out[i] = pool[j] + 1
            pool[j] = pool[nn - 1]
            nn -= 1
            i += 1
    return i, p - start, nn


@_njit_on_first_call
def _unif_index_kernel(raw, out, got, dn, bits, k):  # pragma: no cover - compiled
    """R_unif_index(dn) by rejection (R's ``rbits``) from raw MT outputs, ``k`` 16-bit chunks per
    candidate; fills ``out[got:]`` as far as ``raw`` lasts.  Returns (filled, outputs consumed).

    With one chunk per candidate (dn <= 2^15, the bootstrap's usual case) the loop is branch-free:
    every candidate is written and only an accepted one advances ``got``."""
    mask = np.uint64((1 << bits) - 1)
    size = out.shape[0]
    nraw = raw.shape[0]
    udn = np.uint64(dn)
    p = 0
    if k == 1:
        sixteen = np.uint32(16)
        m32 = np.uint32((1 << bits) - 1)
        dn32 = np.uint32(dn)
        while got < size and p < nraw:
            v = (raw[p] >> sixteen) & m32
            p += 1
            out[got] = np.int64(v)
            got += 1 if v < dn32 else 0
        return got, p
    while got < size and p + k <= nraw:
        v = np.uint64(0)
        for c in range(k):
            v = v * np.uint64(65536) + (np.uint64(raw[p + c]) >> np.uint64(16))
        p += k
        v = v & mask
        if v < udn:
            out[got] = np.int64(v)
            got += 1
    return got, p


class RRNG:
    """R's random number generator after ``set.seed(seed)``.

    Methods draw from one shared stream in call order, exactly as consecutive R calls do.
    ``seed=None`` seeds from OS entropy (like a fresh R session), still through ``set.seed``.

    Parameters
    ----------
    seed : int or None
        As ``set.seed(seed)``; None: from OS entropy.

    Attributes
    ----------
    seed : int
        The integer seed R uses.
    """

    def __init__(self, seed=None):
        if seed is None:
            seed = int.from_bytes(os.urandom(4), "little", signed=True)
            if seed == -(2**31):
                seed = 0
        self.seed = r_seed_int(seed)
        s = self.seed & _U32
        for _ in range(50):
            s = (69069 * s + 1) & _U32
        dummy = np.empty(625, dtype=np.uint32)
        for j in range(625):
            s = (69069 * s + 1) & _U32
            dummy[j] = s
        self._reset(dummy[1:], 624)

    @classmethod
    def from_random_seed(cls, random_seed) -> "RRNG":
        """A generator continuing from an R ``.Random.seed`` vector (626 integers)."""
        raw = V.float_vector(random_seed, "random_seed", unit="position")  # numbers: no text, NaN or Inf
        if (raw != np.floor(raw)).any():
            raise InputError("random_seed must hold whole numbers (R's .Random.seed is an integer vector)")
        rs = raw.astype(np.int64)
        if rs.shape != (626,) or rs[0] % 100 != 3 or rs[0] != _KIND_CODE:
            raise InputError("random_seed must be R's .Random.seed for Mersenne-Twister/Inversion/Rejection "
                             "(626 integers starting with 10403)")
        obj = cls.__new__(cls)
        obj.seed = None
        mti = int(rs[1])
        obj._reset((rs[2:] & _U32).astype(np.uint32), 624 if mti <= 0 or mti > 624 else mti)
        return obj

    def _reset(self, mt: np.ndarray, mti: int) -> None:
        self._bg = np.random.MT19937(0)
        self._bg.state = {"bit_generator": "MT19937", "state": {"key": mt.astype(np.uint32), "pos": _N}}
        self._init_mt = mt.astype(np.uint32).copy()
        if mti >= _N:
            self._buf = np.empty(0, dtype=np.uint32)
            self._pos = 0
        else:  # part-way through a block: the rest of its outputs are the tempered state
            self._buf = _temper(mt)
            self._pos = mti
        self._buf_start = 0

    # -- the raw stream -------------------------------------------------------------
    def _peek(self, k: int) -> np.ndarray:
        """The next k MT outputs, without consuming them."""
        have = self._buf_start + self._buf.shape[0] - self._pos
        if have < k:
            nblocks = max(-(-(k - have) // _N), 16)
            new = self._bg.random_raw(nblocks * _N).astype(np.uint32)
            keep = (max(self._pos - 1, 0) // _N) * _N  # keep the block of the last draw, for .random_seed
            self._buf = np.concatenate([self._buf[keep - self._buf_start:], new])
            self._buf_start = keep
        off = self._pos - self._buf_start
        return self._buf[off:off + k]

    def _advance(self, k: int) -> None:
        self._pos += k

    def _take(self, k: int) -> np.ndarray:
        out = self._peek(k)
        self._advance(k)
        return out

    @property
    def random_seed(self) -> np.ndarray:
        """R's ``.Random.seed`` (626 int32) for the current state."""
        if self._pos == 0:
            mt, mti = self._init_mt, _N
        else:
            self._peek(0)
            off = ((self._pos - 1) // _N) * _N - self._buf_start
            mt = _untemper(self._buf[off:off + _N])
            mti = (self._pos - 1) % _N + 1
        out = np.empty(_N + 2, dtype=np.int32)
        out[0], out[1] = _KIND_CODE, mti
        out[2:] = mt.view(np.int32)
        return out

    # -- R's generators ---------------------------------------------------------------
    def unif_rand(self, n: int) -> np.ndarray:
        """n successive values of R's ``unif_rand()``."""
        return _unif(self._take(_count(n, "n")))

    def runif(self, n, min: float = 0.0, max: float = 1.0) -> np.ndarray:
        """``runif(n, min, max)``."""
        n = _count(n, "n")
        a, b = V.number(min, "min"), V.number(max, "max")
        if b < a:
            raise InputError(f"runif: invalid limits min={min!r}, max={max!r} (max < min)")
        if a == b:
            return np.full(n, a)
        return a + (b - a) * self.unif_rand(n)

    def unif_index(self, dn, size: int) -> np.ndarray:
        """``size`` successive values of R_unif_index(dn) (0-based), rejection sampling."""
        size = _count(size, "size")
        dn = V.whole(dn, "dn", low=0, high=2**52)
        if dn <= 0:
            return np.zeros(size, dtype=np.int64)
        bits = (dn - 1).bit_length()
        k = bits // 16 + 1
        out = np.empty(size, dtype=np.int64)
        got = 0
        while got < size:
            need = size - got
            ncand = int(need * (2.0 ** bits) / dn * 1.02) + 64
            got, used = _unif_index_kernel(self._peek(ncand * k), out, got, dn, bits, k)
            self._advance(used)
        return out

    def sample(self, n, size=None, replace: bool = False) -> np.ndarray:
        """``sample.int(n, size, replace)``: 1-based integers, R's stream and algorithm.

        Uses R's hash algorithm (``sample2``) where R does: ``n > 1e7``, no replacement and
        ``size <= n/2``.
        """
        n = _count(n, "n", upper=2**52)
        size = n if size is None else _count(size, "size")
        replace = V.flag(replace, "replace")  # R: sample(5, 3, replace = "no") is "invalid 'replace' argument"
        if not replace and size > n:
            raise InputError(f"cannot take a sample larger than the population when replace=False "
                             f"(size={size}, n={n})")
        if size == 0:
            return np.empty(0, dtype=np.int64)
        if n == 0:
            raise InputError("invalid first argument: n must be a positive number")
        if replace or size < 2:
            return self.unif_index(n, size) + 1
        if n > 1e7 and size <= n / 2:
            return self._sample_hash(n, size)
        pool = np.arange(n, dtype=np.int32 if n <= _INT_MAX else np.int64)
        out = np.empty(size, dtype=np.int64)
        i, nn = 0, n
        while i < size:
            want = (size - i) * 2 * (2 if n > 65536 else 1) + 64
            raw = self._peek(want).astype(np.uint64) >> np.uint64(16)
            i, used, nn = _swr_kernel(raw, 0, out, i, size, pool, nn)
            self._advance(int(used))
        return out

    def _sample_hash(self, n: int, size: int) -> np.ndarray:
        out = np.empty(size, dtype=np.int64)
        seen: set[int] = set()
        got = 0
        while got < size:
            draws = self.unif_index(n, size - got)  # each accepted draw yields at most one new value
            for v in draws.tolist():
                if v not in seen:
                    seen.add(v)
                    out[got] = v + 1
                    got += 1
        return out

    def rnorm(self, n, mean: float = 0.0, sd: float = 1.0) -> np.ndarray:
        """``rnorm(n, mean, sd)`` by inversion (two uniforms per value, R's qnorm)."""
        n = _count(n, "n")
        mean = V.number(mean, "mean")
        sd = V.number(sd, "sd", low=0.0)  # R: NaN with a warning for these; refused here
        u = self.unif_rand(2 * n).reshape(n, 2)
        p = (np.floor(_BIG * u[:, 0]) + u[:, 1]) / _BIG
        return mean + sd * qnorm(p)


def _count(v, name: str, upper: int = 2**31 - 1) -> int:
    return V.whole(v, name, low=0, high=upper)

"""R's default random number generator, bit for bit.

``RRNG(seed)`` is R's state right after ``set.seed(seed)`` with R >= 3.6 defaults
(``RNGkind("Mersenne-Twister", "Inversion", "Rejection")``).  Every draw consumes the
Mersenne-Twister stream exactly as R does, so ``RRNG(s).sample(n)`` equals
``set.seed(s); sample.int(n)`` and the state afterwards (``.random_seed``) equals R's
``.Random.seed``.  See ``docs/R_ALGORITHMS.md`` section 9.

The generator keeps R's own state (the 624-word MT vector and ``mti``) and advances it in
compiled loops (``kernels.rmt``: R's ``MT_genrand``, ``unif_rand`` fix-up, ``rbits`` rejection
of ``R_unif_index``, the pool swap of ``sample``), output by output as R does, so drawing 10^6
indices costs one pass with no buffers; the hash variant ``sample2`` and inversion ``rnorm``
with R's AS 241 ``qnorm`` are ported here.
"""
from __future__ import annotations

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


def _kernels():
    """The compiled MT19937 draws (``kernels.rmt``), imported on first use so that ``import cmvt_core`` does
    not import numba (issue 10: a light import)."""
    from .kernels import rmt

    return rmt


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
        # R's own state: the untempered MT vector and mti (.Random.seed[3:626] and [2]); the compiled
        # kernels advance it output by output, as MT_genrand does
        self._mt = np.ascontiguousarray(mt, dtype=np.uint32).copy()
        self._st = np.array([mti], dtype=np.int64)

    @property
    def random_seed(self) -> np.ndarray:
        """R's ``.Random.seed`` (626 int32) for the current state."""
        out = np.empty(_N + 2, dtype=np.int32)
        out[0], out[1] = _KIND_CODE, int(self._st[0])
        out[2:] = self._mt.view(np.int32)
        return out

    # -- R's generators ---------------------------------------------------------------
    def unif_rand(self, n: int) -> np.ndarray:
        """n successive values of R's ``unif_rand()``."""
        out = np.empty(_count(n, "n"))
        _kernels().unif_fill(self._mt, self._st, out)
        return out

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
        out = np.empty(size, dtype=np.int64)
        _kernels().unif_index(self._mt, self._st, out, dn)
        return out

    def gather(self, src: np.ndarray, out: np.ndarray) -> np.ndarray:
        """``out[k] = src[R_unif_index(len(src))]`` successively, R's ``sample(src, replace = TRUE)`` written
        straight into ``out`` (a 1-d array of src's kind; src non-empty).  Returns ``out``."""
        if src.shape[0] == 0:
            raise InputError("gather: src is empty")
        # two passes (the draws, then numpy's gather) beat one fused loop: the random reads of src then
        # overlap instead of waiting behind each rejection step
        return np.take(src, self.unif_index(src.shape[0], out.shape[0]), out=out)

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
        _kernels().sample_noreplace(self._mt, self._st, out, pool)
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

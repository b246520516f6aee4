"""Sums in a fixed, written order that still run as SIMD: the same bytes on any CPU (issue 16).

LLVM vectorises a floating-point sum only when it may reassociate it (numba's ``fastmath``), and
then the order, hence the rounding, depends on the vector width of the CPU the kernel is compiled
for (SSE2: 2 doubles, AVX2: 4, AVX-512: 8) and on whether it fuses a multiply and an add (FMA).
numba compiles without SLP vectorisation, so interleaved scalar partial sums stay scalar too.

The two kernels here spell the vector code out in LLVM IR with a fixed vector type
(``<4 x double>``): each of its four lanes is a separate scalar sum whose operations are written
out one by one, without fast-math flags, so LLVM may neither reorder nor fuse them.  On an AVX
CPU a lane set is one ymm register, on a plain x86-64 (SSE2) two xmm registers, without SIMD
four scalars: every IEEE operation and its operands are the same, so are the results.

The order of each sum (``m`` terms, index k from 0):

``dot(a, b, m)``
    eight partial sums: lane l (0..7) adds a[k] * b[k] for k = l, l + 8, l + 16, ... below
    8 * (m // 8), in increasing k, starting from 0.0; then s = ((l0 + l4) + (l1 + l5)) +
    ((l2 + l6) + (l3 + l7)); then s += a[k] * b[k] for the remaining k in increasing order.

``window_sums(x, y, lo, hi, xs, h1, h9, invh)``
    lowess's five weighted sums over the window k = lo..hi-1 (the tricube weights of
    ``kernels.lowess.lowest_fused``): four partial sums each, lane l adding the terms of
    k = lo + l, lo + l + 4, ... below lo + 4 * ((hi - lo) // 4) in increasing k; then
    s = (l0 + l1) + (l2 + l3); then the remaining terms added in increasing k.

``tests/kernels/test_lanes.py`` writes the same sums in plain Python and compares them bit for bit.
The kernels read the arrays without bounds checks: the callers pass
m <= len(a), len(b) and 0 <= lo, hi <= len(x), len(y).  numba's on-disk cache of a calling kernel
does not notice a change to this module (it tracks the caller's file only): after editing it,
clear the caches (``*.nbi``, ``*.nbc`` in ``src/cmvt_core/__pycache__`` and
``src/cmvt_core/kernels/__pycache__``).
"""
from __future__ import annotations

from llvmlite import ir
from numba import types
from numba.core import cgutils
from numba.extending import intrinsic

__all__ = ["dot", "window_sums"]

_F64 = ir.DoubleType()
_I64 = ir.IntType(64)
_V4 = ir.VectorType(_F64, 4)


def _f64_c_vector(t) -> bool:
    return isinstance(t, types.Array) and t.ndim == 1 and t.dtype == types.float64 and t.layout == "C"


def _splat(builder, v, vt=_V4):
    """A vector of ``vt``'s width with every lane v (a scalar double)."""
    vec = ir.Constant(vt, ir.Undefined)
    for lane in range(vt.count):
        vec = builder.insert_element(vec, v, ir.Constant(ir.IntType(32), lane))
    return vec


def _const(t, value):
    return ir.Constant(t, [ir.Constant(_F64, value)] * t.count) if isinstance(t, ir.VectorType) \
        else ir.Constant(t, value)


def _load(builder, base, k, t):
    """``t`` (double or <4 x double>) at base[k], k an i64 element index; 8-byte alignment."""
    p = builder.gep(base, [k], inbounds=True)
    if isinstance(t, ir.VectorType):
        p = builder.bitcast(p, t.as_pointer())
    return builder.load(p, align=8)


def _hsum4(builder, v):
    """(v0 + v1) + (v2 + v3)."""
    e = [builder.extract_element(v, ir.Constant(ir.IntType(32), i)) for i in range(4)]
    return builder.fadd(builder.fadd(e[0], e[1]), builder.fadd(e[2], e[3]))


def _data(context, builder, aty, val):
    return context.make_array(aty)(context, builder, value=val).data


@intrinsic
def dot(typingctx, a, b, m):
    """sum of a[k] * b[k] for k < m in the fixed order of the module docstring (m <= len(a), len(b))."""
    if not (_f64_c_vector(a) and _f64_c_vector(b) and isinstance(m, types.Integer)):
        return None
    sig = types.float64(a, b, m)

    def codegen(context, builder, sig, args):
        pa = _data(context, builder, sig.args[0], args[0])
        pb = _data(context, builder, sig.args[1], args[1])
        n = context.cast(builder, args[2], sig.args[2], types.int64)
        n8 = builder.and_(n, ir.Constant(_I64, ~7))
        acc0 = cgutils.alloca_once_value(builder, _const(_V4, 0.0))
        acc1 = cgutils.alloca_once_value(builder, _const(_V4, 0.0))
        with cgutils.for_range_slice(builder, ir.Constant(_I64, 0), n8, ir.Constant(_I64, 8), intp=_I64) as (k, _):
            k4 = builder.add(k, ir.Constant(_I64, 4))
            builder.store(builder.fadd(builder.load(acc0), builder.fmul(_load(builder, pa, k, _V4),
                                                                       _load(builder, pb, k, _V4))), acc0)
            builder.store(builder.fadd(builder.load(acc1), builder.fmul(_load(builder, pa, k4, _V4),
                                                                       _load(builder, pb, k4, _V4))), acc1)
        s = cgutils.alloca_once_value(builder, _hsum4(builder, builder.fadd(builder.load(acc0), builder.load(acc1))))
        with cgutils.for_range_slice(builder, n8, n, ir.Constant(_I64, 1), intp=_I64) as (k, _):
            builder.store(builder.fadd(builder.load(s), builder.fmul(_load(builder, pa, k, _F64),
                                                                    _load(builder, pb, k, _F64))), s)
        return builder.load(s)

    return sig, codegen


def _window_terms(builder, xk, yk, xs, h1, h9, invh):
    """The five terms of one window point (scalars or <4 x double>), as ``kernels.lowess.lowest_fused`` writes them:
    d = x - xs; r = |d|; w = 1 if r <= h1, else (1 - q*q*q)^3 with q = r * invh if r <= h9, else 0;
    (w, w*d, (w*d)*d, w*y, (w*d)*y)."""
    t = xk.type
    d = builder.fsub(xk, xs)
    name = "llvm.fabs.v4f64" if isinstance(t, ir.VectorType) else "llvm.fabs.f64"
    fabs = cgutils.get_or_insert_function(builder.module, ir.FunctionType(t, [t]), name)
    r = builder.call(fabs, [d])
    q = builder.fmul(r, invh)
    q = builder.fsub(_const(t, 1.0), builder.fmul(builder.fmul(q, q), q))
    wmid = builder.fmul(builder.fmul(q, q), q)
    w = builder.select(builder.fcmp_ordered("<=", r, h9), wmid, _const(t, 0.0))
    w = builder.select(builder.fcmp_ordered("<=", r, h1), _const(t, 1.0), w)
    wd = builder.fmul(w, d)
    return (w, wd, builder.fmul(wd, d), builder.fmul(w, yk), builder.fmul(wd, yk))


@intrinsic
def window_sums(typingctx, x, y, lo, hi, xs, h1, h9, invh):
    """lowess's five window sums (w, w*d, w*d*d, w*y, w*d*y) over k = lo..hi-1, in the fixed order
    of the module docstring; returns them as a 5-tuple."""
    if not (_f64_c_vector(x) and _f64_c_vector(y) and isinstance(lo, types.Integer)
            and isinstance(hi, types.Integer)
            and all(isinstance(v, types.Float) for v in (xs, h1, h9, invh))):
        return None
    sig = types.UniTuple(types.float64, 5)(x, y, lo, hi, xs, h1, h9, invh)

    def codegen(context, builder, sig, args):
        px = _data(context, builder, sig.args[0], args[0])
        py = _data(context, builder, sig.args[1], args[1])
        lo_ = context.cast(builder, args[2], sig.args[2], types.int64)
        hi_ = context.cast(builder, args[3], sig.args[3], types.int64)
        sc = [context.cast(builder, v, t, types.float64) for v, t in zip(args[4:], sig.args[4:])]
        vc = [_splat(builder, v) for v in sc]
        n = builder.sub(hi_, lo_)
        n = builder.select(builder.icmp_signed("<", n, ir.Constant(_I64, 0)), ir.Constant(_I64, 0), n)
        end4 = builder.add(lo_, builder.and_(n, ir.Constant(_I64, ~3)))
        accs = [cgutils.alloca_once_value(builder, _const(_V4, 0.0)) for _ in range(5)]
        with cgutils.for_range_slice(builder, lo_, end4, ir.Constant(_I64, 4), intp=_I64) as (k, _):
            terms = _window_terms(builder, _load(builder, px, k, _V4), _load(builder, py, k, _V4), *vc)
            for acc, term in zip(accs, terms):
                builder.store(builder.fadd(builder.load(acc), term), acc)
        sums = [cgutils.alloca_once_value(builder, _hsum4(builder, builder.load(acc))) for acc in accs]
        with cgutils.for_range_slice(builder, end4, hi_, ir.Constant(_I64, 1), intp=_I64) as (k, _):
            terms = _window_terms(builder, _load(builder, px, k, _F64), _load(builder, py, k, _F64), *sc)
            for s, term in zip(sums, terms):
                builder.store(builder.fadd(builder.load(s), term), s)
        return context.make_tuple(builder, sig.return_type, [builder.load(s) for s in sums])

    return sig, codegen

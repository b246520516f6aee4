"""LINPACK and reference BLAS/LAPACK as R links them: ``dqrdc2`` / ``dqrsl`` (R's ``qr()`` and
``Cdqrls``), ``ddot`` / ``dnrm2`` (reference BLAS loops), ``chol2inv`` (reference LAPACK ``dpotri``)
and Hmisc's ``solvet`` built on them.

Column-major Fortran storage is emulated on C-ordered arrays by working on the transpose: the
factor returned by :func:`dqrdc2` holds column j of R's ``qr`` in its row j.
"""
from __future__ import annotations

import math

import numba
import numpy as np

# typed constant, not a literal, for arguments of compiled callees: numba compiles a callee once per
# distinct literal argument (0 and an int64 are different types to it)
_ZERO = np.int64(0)


@numba.njit(cache=True)
def ddot(n, x, xo, y, yo):
    s = 0.0
    for i in range(n):
        s = s + x[xo + i] * y[yo + i]
    return s


@numba.njit(cache=True)
def dnrm2(n, x, xo):
    # reference BLAS 3.10+ (Blue's algorithm); for mid-range values it is sqrt of the plain sum of squares
    tsml = 1.4916681462400413e-154
    tbig = 1.9979190722022350e+146
    ssml = 4.4989137945431964e+161
    sbig = 1.1113793747425387e-162
    asml = 0.0
    amed = 0.0
    abig = 0.0
    notbig = True
    for i in range(n):
        ax = abs(x[xo + i])
        if ax > tbig:
            abig += (ax * sbig) ** 2
            notbig = False
        elif ax < tsml:
            if notbig:
                asml += (ax * ssml) ** 2
        else:
            amed += ax ** 2
    if abig > 0.0:
        if amed > 0.0 or amed != amed:
            abig += (amed * sbig) * sbig
        return (1.0 / sbig) * math.sqrt(abig)
    if asml > 0.0:
        if amed > 0.0 or amed != amed:
            amed = math.sqrt(amed)
            asml = math.sqrt(asml) / ssml
            if asml > amed:
                ymin, ymax = amed, asml
            else:
                ymin, ymax = asml, amed
            return math.sqrt(ymax * ymax * (1.0 + (ymin / ymax) ** 2))
        return (1.0 / ssml) * math.sqrt(asml)
    return math.sqrt(amed)


@numba.njit(cache=True)
def dqrdc2(a, tol):
    """LINPACK dqrdc2 (R's limited-pivoting Householder QR) on a copy of the square/tall matrix a.

    Returns (qr, rank, qraux, pivot) with pivot 0-based.  Column-major access is emulated on a
    C-ordered array by working on the transpose (row j of ``x`` is column j of the matrix).
    """
    n, p = a.shape
    # x[j, i] = column j, row i.  Element loops rather than x = a.T.copy() / x[j - 1] = x[j]:
    # numba compiles a row assignment with its shape-error path (string formatting), which
    # costs seconds of compile time on a fresh installation for no run-time gain.
    x = np.empty((p, n))
    for i in range(n):
        for j in range(p):
            x[j, i] = a[i, j]
    qraux = np.zeros(p)
    work1 = np.zeros(p)
    work2 = np.zeros(p)
    jpvt = np.arange(p)
    for j in range(p):
        qraux[j] = dnrm2(n, x[j], _ZERO)
        work1[j] = qraux[j]
        work2[j] = qraux[j]
        if work2[j] == 0.0:
            work2[j] = 1.0
    lup = min(n, p)
    k = p + 1
    for l in range(1, lup + 1):
        li = l - 1
        while not (l >= k or qraux[li] >= work2[li] * tol):
            # move column l to the end
            tcol = np.empty(n)
            for i in range(n):
                tcol[i] = x[li, i]
            for j in range(l, p):
                for i in range(n):
                    x[j - 1, i] = x[j, i]
            for i in range(n):
                x[p - 1, i] = tcol[i]
            i0 = jpvt[li]
            t0 = qraux[li]
            tt0 = work1[li]
            ttt0 = work2[li]
            for j in range(l, p):
                jpvt[j - 1] = jpvt[j]
                qraux[j - 1] = qraux[j]
                work1[j - 1] = work1[j]
                work2[j - 1] = work2[j]
            jpvt[p - 1] = i0
            qraux[p - 1] = t0
            work1[p - 1] = tt0
            work2[p - 1] = ttt0
            k = k - 1
        if l == n:
            continue
        m = n - l + 1
        nrmxl = dnrm2(m, x[li], li)
        if nrmxl == 0.0:
            continue
        if x[li, li] != 0.0:
            nrmxl = abs(nrmxl) if x[li, li] >= 0.0 else -abs(nrmxl)
        sc = 1.0 / nrmxl
        for i in range(m):
            x[li, li + i] = sc * x[li, li + i]
        x[li, li] = 1.0 + x[li, li]
        for j in range(l, p):
            t = -ddot(m, x[li], li, x[j], li) / x[li, li]
            for i in range(m):
                x[j, li + i] = x[j, li + i] + t * x[li, li + i]
            if qraux[j] == 0.0:
                continue
            tt = 1.0 - (abs(x[j, li]) / qraux[j]) ** 2
            tt = max(tt, 0.0)
            if abs(tt) < 1e-6:
                qraux[j] = dnrm2(n - l, x[j], l)
                work1[j] = qraux[j]
            else:
                qraux[j] = qraux[j] * math.sqrt(tt)
        qraux[li] = x[li, li]
        x[li, li] = -nrmxl
    k = min(k - 1, n)
    return x, k, qraux, jpvt


@numba.njit(cache=True)
def dqrsl_coef(x, k, qraux, y):
    """LINPACK dqrsl with job=100 (Q'y then back-solve R b = Q'y) on the transposed factor ``x``."""
    n = x.shape[1]
    qty = y.copy()
    ju = min(k, n - 1)
    if ju == 0:
        b = np.zeros(k)
        if k >= 1:
            b[0] = qty[0] / x[0, 0]
        return b
    for j in range(ju):
        if qraux[j] == 0.0:
            continue
        temp = x[j, j]
        x[j, j] = qraux[j]
        m = n - j
        t = -ddot(m, x[j], j, qty, j) / x[j, j]
        for i in range(m):
            qty[j + i] = qty[j + i] + t * x[j, j + i]
        x[j, j] = temp
    b = qty[:k].copy()
    for jj in range(k):
        j = k - jj - 1
        if x[j, j] == 0.0:
            b[:] = np.nan
            return b
        b[j] = b[j] / x[j, j]
        if j != 0:
            t = -b[j]
            for i in range(j):
                b[i] = b[i] + t * x[j, i]
    return b


@numba.njit(cache=True)
def chol2inv(qr, k):
    """R's ``chol2inv(R[1:k, 1:k])``: reference LAPACK ``dpotri`` (``dtrti2`` then ``dlauu2``) on the
    upper triangle of the leading k x k block of the factor ``qr`` (stored transposed, as
    ``dqrdc2`` returns it: ``qr[j, i]`` is R's ``qr[i, j]``).  Row-major ``a[j, i]`` = column j, row i."""
    a = np.zeros((k, k))  # a[j, i] = A(i, j), i <= j
    for j in range(k):
        for i in range(j + 1):
            a[j, i] = qr[j, i]
    # dtrti2 ('U', 'N'): inverse of the upper triangle in place
    for j in range(k):
        a[j, j] = 1.0 / a[j, j]
        ajj = -a[j, j]
        # dtrmv('U', 'N', 'N', j, A, x = A(1:j, j)): x := A x
        for jj in range(j):
            if a[j, jj] != 0.0:
                temp = a[j, jj]
                for i in range(jj):
                    a[j, i] = a[j, i] + temp * a[jj, i]
                a[j, jj] = a[j, jj] * a[jj, jj]
        for i in range(j):
            a[j, i] = ajj * a[j, i]
    # dlauu2 ('U'): U U^T in the upper triangle
    for i in range(k):
        aii = a[i, i]
        if i < k - 1:
            s = 0.0
            for jj in range(i, k):  # ddot over row i, columns i..k-1
                s = s + a[jj, i] * a[jj, i]
            a[i, i] = s
            # dgemv('N', i, k-i-1, 1, A(1:i, i+1:k), x = row i of A(i, i+1:k), beta = aii, y = A(1:i, i))
            for r in range(i):
                a[i, r] = aii * a[i, r]
            for jj in range(i + 1, k):
                temp = a[jj, i]
                for r in range(i):
                    a[i, r] = a[i, r] + temp * a[jj, r]
        else:
            for r in range(i + 1):
                a[i, r] = aii * a[i, r]
    out = np.empty((k, k))
    for j in range(k):
        for i in range(j + 1):
            out[i, j] = a[j, i]
            out[j, i] = a[j, i]
    return out


def solvet(V: np.ndarray, tol: float) -> np.ndarray:
    """Hmisc::solvet(V, tol): qr(V, tol) (LINPACK) then qr.coef(qr, I); NaN if R would stop."""
    k = V.shape[0]
    qr, rank, qraux, piv = dqrdc2(np.ascontiguousarray(V), tol)
    if rank < k:
        return np.full((k, k), np.nan)
    out = np.empty((k, k))
    eye = np.eye(k)
    for j in range(k):
        out[:, j] = dqrsl_coef(qr.copy(), rank, qraux, eye[:, j].copy())
    return out

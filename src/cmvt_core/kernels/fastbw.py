"""The linear algebra of ``rms::fastbw`` (rms 6.5-0), in R's order of operations.

``fastbw`` needs three things, each written here once:

* ``wald_sub(b, V, idx, tol)`` -- ``b[q] %*% solvet(V[q, q], b[q], tol)``: Hmisc's ``solvet`` is
  ``qr(V[q, q], tol)`` (LINPACK ``dqrdc2``) then ``qr.coef`` (``dqrsl``, job 100), and the 1 x k
  times k x 1 product is reference BLAS ``dgemv``: a sum from 0 in index order.
* ``reestimate(coef, Cov, kept, tol)`` -- the approximate re-estimates after deleting the
  parameters not in ``kept``: ``w = Cov[kept, -kept] %*% solvet(Cov[-kept, -kept])``,
  ``beta = coef[kept] - w %*% coef[-kept]``, ``cov = Cov[kept, kept] - w %*% t(Cov[kept, -kept])``,
  every product a reference-BLAS sum from 0 in index order (R links the reference BLAS here; its
  ``dgemm``/``dgemv`` skip a zero factor, which changes nothing but the sign of a zero sum).

Both return a flag instead of raising: ``solvet`` stops R with "apparently singular matrix" when
the QR rank is short; the caller raises.  The deletion loop itself (with ``pchisq``) is in
:mod:`cmvt_core.fastbw`.
"""
from __future__ import annotations

import numba
import numpy as np

from .linpack import dqrdc2, dqrsl_coef

__all__ = ["wald_sub", "reestimate"]


@numba.njit(cache=True)
def wald_sub(b, V, idx, tol):
    """(chisq, ok): ``b[idx] %*% solvet(V[idx, idx], b[idx], tol)``; ok False when the block is singular."""
    k = idx.shape[0]
    sub = np.empty((k, k))
    bb = np.empty(k)
    for i in range(k):
        bb[i] = b[idx[i]]
        for j in range(k):
            sub[i, j] = V[idx[i], idx[j]]
    qr, rank, qraux, _piv = dqrdc2(sub, tol)
    if rank < k:
        return np.nan, False
    sol = dqrsl_coef(qr, rank, qraux, bb.copy())
    s = 0.0
    for j in range(k):
        s += bb[j] * sol[j]
    return s, True


@numba.njit(cache=True)
def _solvet_inv(A, tol):
    """Hmisc ``solvet(A, tol = tol)``: qr(A, tol) then qr.coef(qr, I) column by column."""
    k = A.shape[0]
    qr, rank, qraux, _piv = dqrdc2(A, tol)
    out = np.empty((k, k))
    if rank < k:
        return out, False
    e = np.zeros(k)
    for j in range(k):
        for i in range(k):
            e[i] = 0.0
        e[j] = 1.0
        col = dqrsl_coef(qr, rank, qraux, e)
        for i in range(k):
            out[i, j] = col[i]
    return out, True


@numba.njit(cache=True)
def reestimate(coef, Cov, kept, tol):
    """(beta, cov, ok): fastbw's approximate coefficients and covariance of the parameters ``kept``
    (0-based, ascending) after deleting all others."""
    pt = coef.shape[0]
    m = kept.shape[0]
    inside = np.zeros(pt, dtype=np.bool_)
    for i in range(m):
        inside[kept[i]] = True
    r = pt - m
    rm = np.empty(r, dtype=np.int64)
    t = 0
    for i in range(pt):
        if not inside[i]:
            rm[t] = i
            t += 1
    A = np.empty((r, r))
    for i in range(r):
        for j in range(r):
            A[i, j] = Cov[rm[i], rm[j]]
    inv, ok = _solvet_inv(A, tol)
    beta = np.empty(m)
    cov = np.empty((m, m))
    if not ok:
        return beta, cov, False
    cross = np.empty((m, r))
    for i in range(m):
        for j in range(r):
            cross[i, j] = Cov[kept[i], rm[j]]
    w = np.empty((m, r))  # cov.cross %*% cov.rm.inv
    for i in range(m):
        for j in range(r):
            s = 0.0
            for ll in range(r):
                s += cross[i, ll] * inv[ll, j]
            w[i, j] = s
    for i in range(m):  # coef[kept] - w %*% coef[-kept]
        s = 0.0
        for j in range(r):
            s += w[i, j] * coef[rm[j]]
        beta[i] = coef[kept[i]] - s
    for i in range(m):  # Cov[kept, kept] - w %*% t(cov.cross)
        for j in range(m):
            s = 0.0
            for ll in range(r):
                s += w[i, ll] * cross[j, ll]
            cov[i, j] = Cov[kept[i], kept[j]] - s
    return beta, cov, True

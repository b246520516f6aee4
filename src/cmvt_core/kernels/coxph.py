"""survival's Cox fitter ``coxfit6`` (survival 3.5-3, src/coxfit6.c) and its Cholesky helpers, ported line by line.

``coxfit6`` is the Newton-Raphson loop that ``survival::coxph.fit`` calls through ``.Call(Ccoxfit6, ...)``
and that ``rms::cph`` runs with ``eps = 1e-4, toler.chol = 1e-9, iter.max = 10``: covariates centred by
their (weighted) means and scaled by ``sum(w) / sum(w * |x - mean|)``, the score test at the start,
the convergence test ``|1 - loglik_old / loglik_new| <= eps`` on the log partial likelihood, step halving
``newbeta = (newbeta + h * beta) / (h + 1)`` when the likelihood falls, Breslow or Efron ties, and
``cholesky2`` / ``chsolve2`` / ``chinv2`` (survival's generalized Cholesky, ``toler.chol`` singularity rule:
a pivot below ``toler * max(diag)`` is set to 0 and its column left out).  Every loop runs in C's order in
double, so the iterates are R's (no fastmath; no reassociation).

``ragged`` arrays of the C code (``imat[i][j]`` is column ``i``, row ``j``) are kept as 2-D arrays indexed
the same way, ``M[i, j]``; R's ``matrix(imat, nvar, nvar)`` is then ``M.T``.

``concordance1_counts`` gives what ``survival::survConcordance.fit`` (``concordance1.c``) counts for unit
weights: for every death and every subject still at risk after it (a later time, or a censored time equal to
the death's), whether the dead subject's predictor is larger, smaller or tied; tied deaths are not compared.
The counts are whole numbers, exact in double, so any order of counting gives R's values.
"""
from __future__ import annotations

import math

import numba
import numpy as np

__all__ = ["cholesky2", "chsolve2", "chinv2", "coxfit6", "concordance1_counts", "concordance1_sorted",
           "concordance1_ranked", "dense_ranks", "order_by_codes", "agsurv_sums", "agsurv_hazard", "dxy_hazard",
           "dxy_hazard_ranked"]


@numba.njit(cache=True)
def cholesky2(matrix, n, toler):  # pragma: no cover - compiled
    """survival's cholesky2: FDF' in the lower triangle; returns rank (negative if not NND)."""
    nonneg = 1
    eps = 0.0
    for i in range(n):
        if matrix[i, i] > eps:
            eps = matrix[i, i]
        for j in range(i + 1, n):
            matrix[j, i] = matrix[i, j]
    if eps == 0:
        eps = toler
    else:
        eps *= toler
    rank = 0
    for i in range(n):
        pivot = matrix[i, i]
        if (not math.isfinite(pivot)) or pivot < eps:
            matrix[i, i] = 0.0
            if pivot < -8 * eps:
                nonneg = -1
        else:
            rank += 1
            for j in range(i + 1, n):
                temp = matrix[j, i] / pivot
                matrix[j, i] = temp
                matrix[j, j] -= temp * temp * pivot
                for k in range(j + 1, n):
                    matrix[k, j] -= temp * matrix[k, i]
    return rank * nonneg


@numba.njit(cache=True)
def chsolve2(matrix, n, y):  # pragma: no cover - compiled
    """survival's chsolve2: y <- A^-1 y from cholesky2's factor."""
    for i in range(n):
        temp = y[i]
        for j in range(i):
            temp -= y[j] * matrix[i, j]
        y[i] = temp
    for i in range(n - 1, -1, -1):
        if matrix[i, i] == 0:
            y[i] = 0.0
        else:
            temp = y[i] / matrix[i, i]
            for j in range(i + 1, n):
                temp -= y[j] * matrix[j, i]
            y[i] = temp


@numba.njit(cache=True)
def chinv2(matrix, n):  # pragma: no cover - compiled
    """survival's chinv2: the inverse in the upper triangle + diagonal (singular rows/columns 0)."""
    for i in range(n):
        if matrix[i, i] > 0:
            matrix[i, i] = 1 / matrix[i, i]
            for j in range(i + 1, n):
                matrix[j, i] = -matrix[j, i]
                for k in range(i):
                    matrix[j, k] += matrix[j, i] * matrix[i, k]
    for i in range(n):
        if matrix[i, i] == 0:
            for j in range(i):
                matrix[j, i] = 0.0
            for j in range(i, n):
                matrix[i, j] = 0.0
        else:
            for j in range(i + 1, n):
                temp = matrix[j, i] * matrix[j, j]
                if j != i:
                    matrix[i, j] = temp
                for k in range(i, j):
                    matrix[i, k] += temp * matrix[j, k]


@numba.njit(cache=True)
def _iter(nvar, nused, method, beta, xtime, status, covt, offset, weights, strata,
          u, a, a2, cmat, cmat2, imat):  # pragma: no cover - compiled
    """coxfit6_iter: log partial likelihood at beta; fills u (score) and imat (information, lower part).

    ``covt`` is the covariate matrix person by person (``covt[person, i]`` is the C code's
    ``covar[i][person]``), so one person's covariates are adjacent; each person's ``risk * covar[i]``
    is formed once for its row of ``cmat``, and Efron's ``x / ndead`` once per tied time (the same
    operations on the same operands as the C code, so the same numbers)."""
    loglik = 0.0
    denom = 0.0
    z = np.empty(nvar)
    for i in range(nvar):
        u[i] = 0.0
        a2[i] = 0.0
        for j in range(nvar):
            imat[i, j] = 0.0
            cmat2[i, j] = 0.0
    person = nused - 1
    while person >= 0:
        if strata[person] == 1:
            denom = 0.0
            for i in range(nvar):
                a[i] = 0.0
                for j in range(nvar):
                    cmat[i, j] = 0.0
        dtime = xtime[person]
        ndead = 0
        deadwt = 0.0
        denom2 = 0.0
        while person >= 0 and xtime[person] == dtime:
            zbeta = offset[person]
            for i in range(nvar):
                z[i] = covt[person, i]
                zbeta += beta[i] * z[i]
            wt = weights[person]
            risk = math.exp(zbeta) * wt
            if status[person] == 0:
                denom += risk
                for i in range(nvar):
                    rz = risk * z[i]
                    a[i] += rz
                    for j in range(i + 1):
                        cmat[i, j] += rz * z[j]
            else:
                ndead += 1
                deadwt += wt
                denom2 += risk
                loglik += wt * zbeta
                for i in range(nvar):
                    rz = risk * z[i]
                    u[i] += wt * z[i]
                    a2[i] += rz
                    for j in range(i + 1):
                        cmat2[i, j] += rz * z[j]
            person -= 1
            if person >= 0 and strata[person] == 1:
                break
        if ndead > 0:
            # Breslow: one step with the tied deaths' sums; Efron: ndead steps, each adding denom2 / ndead,
            # a2[i] / ndead, cmat2[i][j] / ndead (the same at every step, so divided once) with weight
            # deadwt / ndead.  (x / 1 is x: Efron's step for a single death is Breslow's, as in the C code.)
            steps = ndead if method != 0 else 1
            wtave = deadwt / steps
            d2 = denom2 / steps
            if steps > 1:
                for i in range(nvar):
                    a2[i] = a2[i] / steps
                    for j in range(i + 1):
                        cmat2[i, j] = cmat2[i, j] / steps
            for _k in range(steps):
                denom += d2
                loglik -= wtave * math.log(denom)
                for i in range(nvar):
                    a[i] += a2[i]
                    temp2 = a[i] / denom
                    u[i] -= wtave * temp2
                    for j in range(i + 1):
                        cmat[i, j] += cmat2[i, j]
                        imat[j, i] += wtave * (cmat[i, j] - temp2 * a[j]) / denom
            for i in range(nvar):
                a2[i] = 0.0
                for j in range(nvar):
                    cmat2[i, j] = 0.0
    return loglik


@numba.njit(cache=True)
def _unscale(nvar, imat, u, scale):  # pragma: no cover - compiled
    for i in range(nvar):
        u[i] /= scale[i]
        imat[i, i] *= scale[i] * scale[i]
        for j in range(i):
            imat[j, i] *= scale[i] * scale[j]
            imat[i, j] = imat[j, i]


@numba.njit(cache=True)
def coxfit6(maxiter, xtime, status, covar, offset, weights, strata, efron, eps, toler, beta, doscale):
    """``.Call(Ccoxfit6, ...)``: the data sorted by time (ascending), ``covar`` as a (nvar, n) array that
    is centred and scaled in place, ``strata`` the ``newstrat`` vector (modified: its last entry set to 1),
    ``beta`` the initial values (overwritten with the result).

    Returns ``(beta, means, u, imat, loglik[2], sctest, iter, flag)`` as the C code's list.
    """
    nvar = covar.shape[0]
    nused = offset.shape[0]
    method = 1 if efron else 0
    # the C code's scratch: vectors a, newbeta, a2, scale, means, u; matrices imat, cmat, cmat2
    vecs = np.zeros((6, nvar))
    a, newbeta, a2, scale, means, u = vecs[0], vecs[1], vecs[2], vecs[3], vecs[4], vecs[5]
    mats = np.zeros((3, nvar, nvar))
    imat, cmat, cmat2 = mats[0], mats[1], mats[2]
    loglik = np.zeros(2)

    temp2 = 0.0
    for i in range(nused):
        temp2 += weights[i]
    for i in range(nvar):
        if doscale[i] == 0:
            scale[i] = 1.0
            means[i] = 0.0
        else:
            temp = 0.0
            for person in range(nused):
                temp += weights[person] * covar[i, person]
            temp /= temp2
            means[i] = temp
            for person in range(nused):
                covar[i, person] -= temp
            temp = 0.0
            for person in range(nused):
                temp += weights[person] * math.fabs(covar[i, person])
            if temp > 0:
                temp = temp2 / temp
            else:
                temp = 1.0
            scale[i] = temp
            for person in range(nused):
                covar[i, person] *= temp
    for i in range(nvar):
        beta[i] /= scale[i]
    covt = np.ascontiguousarray(covar.T)  # person by person, for _iter

    it = 0
    strata[nused - 1] = 1
    loglik[0] = _iter(nvar, nused, method, beta, xtime, status, covt, offset, weights, strata,
                      u, a, a2, cmat, cmat2, imat)
    loglik[1] = loglik[0]
    for i in range(nvar):
        a[i] = u[i]
    flag = cholesky2(imat, nvar, toler)
    chsolve2(imat, nvar, a)
    temp = 0.0
    for i in range(nvar):
        temp += u[i] * a[i]
    sctest = temp

    if maxiter == 0 or not math.isfinite(loglik[0]):
        chinv2(imat, nvar)
        for i in range(nvar):
            beta[i] *= scale[i]
        _unscale(nvar, imat, u, scale)
        return beta, means, u, imat, loglik, sctest, it, flag

    loglik[1] = loglik[0]
    for i in range(nvar):
        newbeta[i] = beta[i] + a[i]
    halving = 0.0
    it = 1
    while it <= maxiter:
        newlk = _iter(nvar, nused, method, newbeta, xtime, status, covt, offset, weights, strata,
                      u, a, a2, cmat, cmat2, imat)
        flag = cholesky2(imat, nvar, toler)
        notfinite = 0
        for i in range(nvar):
            if not math.isfinite(u[i]):
                notfinite = 2
            for j in range(nvar):
                if not math.isfinite(imat[i, j]):
                    notfinite = 3
        if not math.isfinite(newlk):
            notfinite = 4
        if notfinite == 0 and math.fabs(1 - (loglik[1] / newlk)) <= eps:
            loglik[1] = newlk
            chinv2(imat, nvar)
            for i in range(nvar):
                beta[i] = newbeta[i] * scale[i]
            _unscale(nvar, imat, u, scale)
            if halving != 0:
                flag = -2
            return beta, means, u, imat, loglik, sctest, it, flag
        if notfinite > 0 or newlk < loglik[1]:
            halving += 1
            for i in range(nvar):
                newbeta[i] = (newbeta[i] + halving * beta[i]) / (halving + 1.0)
        else:
            halving = 0.0
            loglik[1] = newlk
            chsolve2(imat, nvar, u)
            for i in range(nvar):
                beta[i] = newbeta[i]
                newbeta[i] = newbeta[i] + u[i]
        it += 1

    # out of iterations: the C code's loop leaves *iter = maxiter + 1
    if maxiter > 1:
        loglik[1] = _iter(nvar, nused, method, beta, xtime, status, covt, offset, weights, strata,
                          u, a, a2, cmat, cmat2, imat)
    chinv2(imat, nvar)
    for i in range(nvar):
        beta[i] = beta[i] * scale[i]
    _unscale(nvar, imat, u, scale)
    flag = 1000
    return beta, means, u, imat, loglik, sctest, it, flag


@numba.njit(cache=True)
def concordance1_counts(time, status, x):  # pragma: no cover - compiled
    """(x larger for the death, x smaller, x tied, tied deaths) over survConcordance.fit's comparable pairs.

    A death at time t is compared with every subject whose time is > t, or == t and censored.
    ``time``, ``status``, ``x`` in any order.
    """
    return concordance1_sorted(time, status, x, np.argsort(x, kind="mergesort"), np.argsort(time, kind="mergesort"))


@numba.njit(cache=True)
def concordance1_sorted(time, status, x, ordx, ordt):  # pragma: no cover - compiled
    """``concordance1_counts`` given ``ordx`` and ``ordt``, orders that sort x and time ascending (any order
    within ties: the counts do not depend on it), e.g. computed once for many calls."""
    rank, m = dense_ranks(x, ordx)
    return concordance1_ranked(time, status, rank, m, ordt)


@numba.njit(cache=True)
def dense_ranks(x, ordx):  # pragma: no cover - compiled
    """The 0-based dense rank of every x (equal values, equal ranks) from ``ordx``, an order sorting x
    ascending, and the number of distinct values."""
    n = x.shape[0]
    rank = np.empty(n, dtype=np.int64)
    m = 0
    for k in range(n):
        if k > 0 and x[ordx[k]] != x[ordx[k - 1]]:
            m += 1
        rank[ordx[k]] = m
    return rank, m + 1


@numba.njit(cache=True)
def concordance1_ranked(time, status, rank, m, ordt):  # pragma: no cover - compiled
    """``concordance1_sorted`` from the predictor's ranks (``rank`` in 0..m-1, equal for equal x, ordered as
    x; they need not be dense, so the ranks of all rows serve any subset or resample of them)."""
    n = time.shape[0]
    tree = np.zeros(m + 1)  # Fenwick tree over the ranks of x of the subjects added so far
    cnt = np.zeros(m)  # and the number added at each rank (the tied ones: one tree query per death)
    # process by time descending; within a time, censored subjects are added before the deaths are compared
    larger = 0.0
    smaller = 0.0
    tied = 0.0
    tiedtime = 0.0
    total = 0.0
    k = n - 1
    while k >= 0:
        e = k
        while e - 1 >= 0 and time[ordt[e - 1]] == time[ordt[k]]:
            e -= 1
        # censored at this time enter first
        for q in range(e, k + 1):
            o = ordt[q]
            if status[o] == 0:
                r = rank[o] + 1
                cnt[rank[o]] += 1.0
                while r <= m:
                    tree[r] += 1.0
                    r += r & (-r)
                total += 1.0
        nd = 0.0
        for q in range(e, k + 1):
            o = ordt[q]
            if status[o] != 0:
                nd += 1.0
                upto = 0.0
                r = rank[o] + 1
                while r > 0:
                    upto += tree[r]
                    r -= r & (-r)
                below = upto - cnt[rank[o]]  # whole numbers: exact
                smaller += below
                tied += upto - below
                larger += total - upto
        tiedtime += nd * (nd - 1.0) / 2.0
        for q in range(e, k + 1):
            o = ordt[q]
            if status[o] != 0:
                r = rank[o] + 1
                cnt[rank[o]] += 1.0
                while r <= m:
                    tree[r] += 1.0
                    r += r & (-r)
                total += 1.0
        k = e - 1
    return smaller, larger, tied, tiedtime


@numba.njit(cache=True, nogil=True)
def order_by_codes(codes, K):  # pragma: no cover - compiled
    """The stable order of integer codes in 0..K-1 (``order(codes)`` with ties in row order), by counting: O(n + K).
    For rows drawn from data whose distinct times have the codes 0..K-1 in time order, it is ``order(time)``."""
    n = codes.shape[0]
    start = np.zeros(K + 1, dtype=np.int64)
    for i in range(n):
        start[codes[i] + 1] += 1
    for k in range(K):
        start[k + 1] += start[k]
    out = np.empty(n, dtype=np.int64)
    for i in range(n):
        c = codes[i]
        out[start[c]] = i
        start[c] += 1
    return out


@numba.njit(cache=True, nogil=True)
def agsurv_sums(stime, sevent, slp):  # pragma: no cover - compiled
    """The per-time sums of survival's ``agsurv`` (one stratum, right censored, unit weights) for rows sorted
    by time (stably, so tied rows keep R's row order): the distinct times, ``nevent = rowsum(death, time)``,
    ``rowsum(exp(lp), time)`` and ``rowsum(exp(lp) * death, time)``, each accumulated in row order in double
    as R's ``rowsum`` does (risks are libm ``exp``)."""
    n = stime.shape[0]
    k = 0
    for i in range(n):
        if i == 0 or stime[i] != stime[i - 1]:
            k += 1
    utime = np.empty(k)
    nevent = np.zeros(k)
    rsum = np.zeros(k)
    ersum = np.zeros(k)
    g = -1
    for i in range(n):
        if i == 0 or stime[i] != stime[i - 1]:
            g += 1
            utime[g] = stime[i]
        risk = math.exp(slp[i])
        d = 1.0 if sevent[i] == 1 else 0.0
        nevent[g] += d
        rsum[g] += risk
        ersum[g] += risk * d
    return utime, nevent, rsum, ersum


@numba.njit(cache=True, nogil=True)
def agsurv_hazard(nevent, nrisk, erisk, efron):  # pragma: no cover - compiled
    """agsurv's hazard increments: ``nevent / nrisk`` (survtype 2, Breslow) or Efron's ``nevent * sum1``
    with agsurv5's ``sum1 = sum_j 1 / (nrisk - erisk * j / d) / d`` (survtype 3)."""
    k = nevent.shape[0]
    haz = np.empty(k)
    for i in range(k):
        if not efron:
            haz[i] = nevent[i] / nrisk[i]
            continue
        d = nevent[i]
        nd = int(d)
        if nd == 1:
            s1 = 1 / nrisk[i]
        else:
            s1 = 0.0
            for j in range(nd):
                temp = 1 / (nrisk[i] - erisk[i] * j / d)
                s1 += temp / d
        haz[i] = nevent[i] * s1
    return haz


@numba.njit(cache=True)
def dxy_hazard(x, time, status, ordx, ordt):  # pragma: no cover - compiled
    """rms's ``dxy.cens(x, Surv(time, status), type = "hazard")["Dxy"]``: survConcordance.fit's counts
    (``concordance1_sorted``; whole numbers, so their sum is exact in any order), ``cindex = 1 - (k1 + k3/2) /
    sum``, ``-2 (cindex - 1/2)``."""
    k1, k2, k3, _ = concordance1_sorted(time, status, x, ordx, ordt)
    return _dxy_counts(k1, k2, k3)


@numba.njit(cache=True)
def dxy_hazard_ranked(time, status, rank, m, ordt):  # pragma: no cover - compiled
    """``dxy_hazard`` from the predictor's ranks (``concordance1_ranked``)."""
    k1, k2, k3, _ = concordance1_ranked(time, status, rank, m, ordt)
    return _dxy_counts(k1, k2, k3)


@numba.njit(cache=True)
def _dxy_counts(k1, k2, k3):  # pragma: no cover - compiled
    s = k1 + k2 + k3
    cindex = (k1 + k3 / 2) / s
    cindex = 1 - cindex
    dxy = 2 * (cindex - 0.5)
    return -dxy

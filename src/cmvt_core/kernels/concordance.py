"""survival's concordance counts (survival 3.5-3, ``src/concordance3.c`` and R's ``btree``): the balanced
binary tree of the predictor's ranks, ``walkup`` / ``addin``, and ``concordance3``'s pass over the
observations in decreasing time, for right-censored data.  Compiled with numba, no fastmath: the counts
and the influence matrix are sums of the case weights in the C code's order (double), O(n log n)."""
from __future__ import annotations

import numba
import numpy as np

__all__ = ["btree", "concordance3"]


@numba.njit(cache=True)
def btree(n: int) -> np.ndarray:
    """R's ``survival:::btree(n)``: the 0-based tree node of each rank 1..n (an in-order layout of a
    balanced tree), ``tfun`` unrolled onto an explicit stack."""
    out = np.empty(n, dtype=np.int64)
    if n <= 0:
        return out
    # power = 2^floor(log2(n - 1)) (0 for n = 1)
    power = 0
    if n > 1:
        power = 1
        while power * 2 <= n - 1:
            power *= 2
    # frames: (kind, n, id, power); kind 0 = a subtree to expand, 1 = emit id
    cap = 4 * 64 + 16
    sk = np.empty(cap, dtype=np.int64)
    sn = np.empty(cap, dtype=np.int64)
    si = np.empty(cap, dtype=np.int64)
    sp = np.empty(cap, dtype=np.int64)
    top = 0
    sk[0], sn[0], si[0], sp[0] = 0, n, 0, power
    top = 1
    k = 0
    while top > 0:
        top -= 1
        kind, m, idx, pw = sk[top], sn[top], si[top], sp[top]
        if kind == 1:
            out[k] = idx
            k += 1
        elif m == 1:
            out[k] = idx
            k += 1
        elif m == 2:
            out[k] = 2 * idx + 1
            out[k + 1] = idx
            k += 2
        elif m == 3:
            out[k] = 2 * idx + 1
            out[k + 1] = idx
            out[k + 2] = 2 * idx + 2
            k += 3
        elif m > 3:
            if m == pw * 2:
                nleft = pw
            else:
                nleft = min(pw - 1, m - pw // 2)
            # pushed in reverse: right subtree, the node, the left subtree (processed first)
            sk[top], sn[top], si[top], sp[top] = 0, m - (nleft + 1), 2 * idx + 2, pw // 2
            sk[top + 1], sn[top + 1], si[top + 1], sp[top + 1] = 1, 0, idx, 0
            sk[top + 2], sn[top + 2], si[top + 2], sp[top + 2] = 0, nleft, 2 * idx + 1, pw // 2
            top += 3
    return out


@numba.njit(cache=True)
def _walkup(nwt, twt, index, sums, ntree):
    """concordance3.c ``walkup``: the weights greater than (sums[0]), less than (sums[1]) and tied with
    (sums[2]) the node ``index``."""
    sums[0] = 0.0
    sums[1] = 0.0
    sums[2] = nwt[index]
    j = 2 * index + 2
    if j < ntree:
        sums[0] += twt[j]
    if j <= ntree:
        sums[1] += twt[j - 1]
    while index > 0:
        parent = (index - 1) // 2
        if index % 2 == 1:
            sums[0] += twt[parent] - twt[index]
        else:
            sums[1] += twt[parent] - twt[index]
        index = parent


@numba.njit(cache=True)
def _addin(nwt, twt, index, wt):
    """concordance3.c ``addin``: add a weight at a node (and to its ancestors' totals)."""
    nwt[index] += wt
    while index > 0:
        twt[index] += wt
        index = (index - 1) // 2
    twt[0] += wt


@numba.njit(cache=True)
def _tied_xy(imat, sort2, wt, j2, j, dwt2, adjtimewt):
    """concordance3.c's tied.xy influence of the run ``sort2[j2:j]`` of deaths tied on x (when more than one
    is tied); returns the new start of the run (``j`` when nothing was tied)."""
    if wt[sort2[j2]] < dwt2:
        while j2 < j:
            kk = sort2[j2]
            imat[kk, 4] += (dwt2 - wt[kk]) * adjtimewt
            imat[kk, 3] -= (dwt2 - wt[kk]) * adjtimewt
            j2 += 1
        return j2
    return j


@numba.njit(cache=True)
def concordance3(time, status, x, wt, timewt, sort2):
    """concordance3.c for ``Surv(time, status)`` (``doresid = FALSE``): (count[6], imat[n, 5]); ``x`` the
    tree node of each row (``btree(...)[rank]``), ``timewt`` the event-time weights in decreasing time
    (R's ``rev(timewt)``), ``sort2`` the 0-based order by decreasing time, censored first, then ``x``."""
    n = time.shape[0]
    ntree = 0
    for i in range(n):
        if x[i] >= ntree:
            ntree = x[i] + 1
    nwt = np.zeros(ntree)
    twt = np.zeros(ntree)
    dnwt = np.zeros(ntree)
    dtwt = np.zeros(ntree)
    count = np.zeros(6)
    imat = np.zeros((n, 5))
    wsum = np.zeros(3)
    z2 = 0.0
    utime = 0
    i = 0
    while i < n:
        ii = sort2[i]
        if status[ii] == 0:
            _walkup(dnwt, dtwt, x[ii], wsum, ntree)
            imat[ii, 0] -= wsum[1]
            imat[ii, 1] -= wsum[0]
            imat[ii, 2] -= wsum[2]
            _walkup(nwt, twt, x[ii], wsum, ntree)
            z2 += wt[ii] * (wsum[0] * (wt[ii] + 2 * (wsum[1] + wsum[2]))
                            + wsum[1] * (wt[ii] + 2 * (wsum[0] + wsum[2]))
                            + (wsum[0] - wsum[1]) * (wsum[0] - wsum[1]))
            _addin(nwt, twt, x[ii], wt[ii])
            i += 1
        else:
            ndeath = 0
            dwt = 0.0
            dwt2 = 0.0
            xsave = x[ii]
            j2 = i
            adjtimewt = timewt[utime]
            utime += 1
            j = i
            while j < n and time[sort2[j]] == time[ii]:  # pass 1
                jj = sort2[j]
                ndeath += 1
                count[3] += wt[jj] * dwt * adjtimewt
                dwt += wt[jj]
                if x[jj] != xsave:
                    j2 = _tied_xy(imat, sort2, wt, j2, j, dwt2, adjtimewt)
                    dwt2 = 0.0
                    xsave = x[jj]
                count[4] += wt[jj] * dwt2 * adjtimewt
                dwt2 += wt[jj]
                _walkup(nwt, twt, x[jj], wsum, ntree)
                for k in range(3):
                    count[k] += wt[jj] * wsum[k] * adjtimewt
                    imat[jj, k] += wsum[k] * adjtimewt
                _addin(dnwt, dtwt, x[jj], adjtimewt * wt[jj])
                j += 1
            _tied_xy(imat, sort2, wt, j2, j, dwt2, adjtimewt)  # finish the tied.xy influence
            for j in range(i, i + ndeath):  # pass 2
                jj = sort2[j]
                _walkup(dnwt, dtwt, x[jj], wsum, ntree)
                imat[jj, 0] -= wsum[1]
                imat[jj, 1] -= wsum[0]
                imat[jj, 2] -= wsum[2]
                imat[jj, 3] += (dwt - wt[jj]) * adjtimewt
                _walkup(nwt, twt, x[jj], wsum, ntree)
                z2 += wt[jj] * (wsum[0] * (wt[jj] + 2 * (wsum[1] + wsum[2]))
                                + wsum[1] * (wt[jj] + 2 * (wsum[0] + wsum[2]))
                                + (wsum[0] - wsum[1]) * (wsum[0] - wsum[1]))
                _addin(nwt, twt, x[jj], wt[jj])
            count[5] += dwt * adjtimewt * z2 / twt[0]
            i += ndeath
    for i in range(n):  # finish the influence: times flip, so the sums flip too
        ii = sort2[i]
        _walkup(dnwt, dtwt, x[ii], wsum, ntree)
        imat[ii, 0] += wsum[1]
        imat[ii, 1] += wsum[0]
        imat[ii, 2] += wsum[2]
    count[3] -= count[4]
    return count, imat

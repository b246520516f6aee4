"""Fisher's exact test for r x c tables: a port of R 4.2.2's ``src/library/stats/src/fexact.c``.

FEXACT is the network algorithm of Mehta & Patel (ACM TOMS Algorithm 643, 1986/1993; Clarkson, Fan & Joe
1993), as R translated and edited it.  ``fexact(table, workspace, mult)`` returns what
``fisher.test(table, workspace = , control = list(mult = ))$p.value`` computes before its final clamp to
[0, 1], or raises ``InputError`` with R's error message where R's FEXACT stops (workspace exhausted: errors
40, 6, 7 and 30; hash key overflow: errors 5/501 and f3xact's key check; all-zero table: error 3).

The port is line by line, including R's memory layout: R carves every array out of one workspace of
``workspace`` ints (``iwork()``), so a double array whose start had to be aligned ends half a double past
its allotment, on the first int of the next array.  The arrays here are views of one buffer laid out by
the same ``iwork()`` arithmetic, so whatever R's layout does, this does too.  Only the exact path is ported
(R's ``fisher.test`` calls FEXACT with ``expect = -1``, so its hybrid chi-square path is off); the
chi-square branch of ``f2xact`` is reached only through that layout (a ``tm`` entry overwritten by the key
table that follows it) and is computed with R's ``pgamma`` semantics from ``_pgamma_upper_log``.
Numbers: the same log-factorial table (R's recurrence), the same order of every floating-point
operation, no fastmath; ``log``/``exp`` are the C library's, as R's.
"""
from __future__ import annotations

import math

import numba
import numpy as np

from .errors import InputError

_INT_MAX = 2147483647
_TOL = 3.45254e-7  # f2xact: "TOL is chosen as the square root of the smallest relative spacing"
_FLAG_NO_CHISQ = -9876.0

# error codes returned by the kernel in ierr[0]; the messages are R's (formatted in _raise)
_E_KEY2 = 6          # f2xact: LDKEY too small (key2 hash table full)
_E_KEY5 = 61         # f5xact: LDKEY too small
_E_STP_KEY = 71      # f5xact: LDSTP too small ("update key")
_E_STP_LOC = 72      # f5xact: LDSTP too small ("location")
_E_HASH5 = 5         # f2xact: hash key multiplier overflow
_E_HASH501 = 501     # f2xact: largest key overflow
_E_F3KEY = 31        # f3xact: hash key > INT_MAX
_E_STACK30 = 30      # f3xact: stack length exceeded


# ---------------------------------------------------------------------------------------------------------
# small routines (argument conventions: "0-based" views are C pointers as passed; "1-based" views are the
# callee's pointer after C's `--p`, i.e. the caller passes the view one element earlier)
@numba.njit(cache=True)
def _isort(x, lo, hi):  # pragma: no cover - compiled
    """Sort x[lo..hi] (inclusive) ascending (R_isort; any sort gives the same ints)."""
    for i in range(lo + 1, hi + 1):
        v = x[i]
        j = i - 1
        while j >= lo and x[j] > v:
            x[j + 1] = x[j]
            j -= 1
        x[j + 1] = v


@numba.njit(cache=True)
def _f9xact(n, ntot, ir, fact):  # pragma: no cover - compiled
    """log multinomial coefficient: fact[ntot] - sum fact[ir[k]] (ir 0-based)."""
    d = fact[ntot]
    for k in range(n):
        d -= fact[ir[k]]
    return d


@numba.njit(cache=True)
def _f11act(irow, i1, i2, new):  # pragma: no cover - compiled
    """Drop element i1 (1-based) of irow[0..i2] into new (both 0-based)."""
    for i in range(0, i1 - 1):
        new[i] = irow[i]
    for i in range(i1, i2 + 1):
        new[i - 1] = irow[i]


@numba.njit(cache=True)
def _f8xact(irow, is_, i1, izero, new):  # pragma: no cover - compiled
    """Replace element i1 by is_ keeping the order (C's 1-based irow/new; here 0-based views, index - 1)."""
    for i in range(1, i1):
        new[i - 1] = irow[i - 1]
    i = i1
    while i <= izero - 1:
        if is_ >= irow[i]:  # irow[i + 1] 1-based
            break
        new[i - 1] = irow[i]
        i += 1
    new[i - 1] = is_
    while True:
        i += 1
        if i > izero:
            return
        new[i - 1] = irow[i - 1]


@numba.njit(cache=True)
def _f10act(nrow, irow, ncol, icol, val, fact, nd, ne, m):  # pragma: no cover - compiled
    """Shortest path for special tables; all arrays 0-based.  Returns (xmin, val)."""
    for i in range(nrow - 1):
        nd[i] = 0
    is_ = icol[0] // nrow
    ix = icol[0] - nrow * is_
    ne[0] = is_
    m[0] = ix
    if ix != 0:
        nd[ix - 1] += 1
    for i in range(1, ncol):
        ix = icol[i] // nrow
        ne[i] = ix
        is_ += ix
        ix = icol[i] - nrow * ix
        m[i] = ix
        if ix != 0:
            nd[ix - 1] += 1
    for i in range(nrow - 3, -1, -1):
        nd[i] += nd[i + 1]
    ix = 0
    for i in range(nrow, 1, -1):
        ix += is_ + nd[nrow - i] - irow[i - 1]
        if ix < 0:
            return False, val
    for i in range(ncol):
        ix = ne[i]
        is_ = m[i]
        val += is_ * fact[ix + 1] + (nrow - is_) * fact[ix]
    return True, val


# ---------------------------------------------------------------------------------------------------------
@numba.njit(cache=True)
def _f3xact(nrow, irow, ncol, icol, ntot, fact, ico, iro, it, lb, nr, nt, nu, itc, ist, stv, alen,
            tol, ldst, st3, ierr, derr):  # pragma: no cover - compiled
    """LONGP: the longest path.  irow, icol, ico, iro, it, lb, nr, nt, nu, itc, ist, stv are 1-based views,
    alen 0-based.  st3 = [nst, nitc], C's static variables."""
    if nrow <= 1:
        lp = 0.0
        if nrow > 0:
            for i in range(1, ncol + 1):
                lp -= fact[icol[i]]
        return lp
    if ncol <= 1:
        lp = 0.0
        if ncol > 0:
            for i in range(1, nrow + 1):
                lp -= fact[irow[i]]
        return lp
    if nrow * ncol == 4:
        n11 = (irow[1] + 1) * (icol[1] + 1) // (ntot + 2)
        n12 = irow[1] - n11
        return -(fact[n11] + fact[n12] + fact[icol[1] - n11] + fact[icol[2] - n12])

    nst = st3[0]
    nitc = st3[1]
    val = 0.0
    if irow[nrow] <= irow[1] + ncol:
        xmin, val = _f10act(nrow, irow[1:], ncol, icol[1:], val, fact, lb[1:], nu[1:], nr[1:])
    else:
        xmin = False
    if (not xmin) and icol[ncol] <= icol[1] + nrow:
        xmin, val = _f10act(ncol, icol[1:], nrow, irow[1:], val, fact, lb[1:], nu[1:], nr[1:])
    if xmin:
        st3[0] = nst
        st3[1] = nitc
        return -val

    for i in range(0, ncol + 1):
        alen[i] = 0.0
    for i in range(1, 2 * ldst + 1):
        ist[i] = -1

    nn = ntot
    if nrow >= ncol:
        nro = nrow
        nco = ncol
        ico[1] = icol[1]
        nt[1] = nn - ico[1]
        for i in range(2, ncol + 1):
            ico[i] = icol[i]
            nt[i] = nt[i - 1] - ico[i]
        for i in range(1, nrow + 1):
            iro[i] = irow[i]
    else:
        nro = ncol
        nco = nrow
        ico[1] = irow[1]
        nt[1] = nn - ico[1]
        for i in range(2, nrow + 1):
            ico[i] = irow[i]
            nt[i] = nt[i - 1] - ico[i]
        for i in range(1, ncol + 1):
            iro[i] = icol[i]

    nc1s = nco - 1
    kyy = ico[nco] + 1
    irl = 1
    ks = 0
    k = ldst
    lev = 0
    nr1 = 0
    vmn = 1e100

    NEWNODE, LOOPNODE, L200 = 0, 1, 2
    label = NEWNODE
    while True:
        if label == NEWNODE:
            lev = 1
            nr1 = nro - 1
            nrt = iro[irl]
            nct = ico[1]
            lb[1] = int(((float(nrt) + 1) * (nct + 1)) / float(nn + nr1 * nc1s + 1) - tol) - 1
            nu[1] = int(((float(nrt) + nc1s) * (nct + nr1)) / float(nn + nr1 + nc1s)) - lb[1] + 1
            nr[1] = nrt - lb[1]
            label = LOOPNODE
        if label == LOOPNODE:
            nu[lev] -= 1
            if nu[lev] == 0:
                if lev == 1:
                    label = L200
                    continue
                lev -= 1
                continue
            lb[lev] += 1
            nr[lev] -= 1
            while True:
                alen[lev] = alen[lev - 1] + fact[lb[lev]]
                if lev >= nc1s:
                    break
                nn1 = nt[lev]
                nrt = nr[lev]
                lev += 1
                nc1 = nco - lev
                nct = ico[lev]
                lb[lev] = int(((float(nrt) + 1) * (nct + 1)) / float(nn1 + nr1 * nc1 + 1) - tol)
                nu[lev] = int(((float(nrt) + nc1) * (nct + nr1)) / float(nn1 + nr1 + nc1) - lb[lev] + 1)
                nr[lev] = nrt - lb[lev]
            alen[nco] = alen[lev] + fact[nr[lev]]
            lb[nco] = nr[lev]

            v = val + alen[nco]
            if nro == 2:  # only 1 row left
                v += fact[ico[1] - lb[1]] + fact[ico[2] - lb[2]]
                for i in range(3, nco + 1):
                    v += fact[ico[i] - lb[i]]
                if vmn > v:
                    vmn = v
            elif nro == 3 and nco == 2:
                nn1 = nn - iro[irl] + 2
                ic1 = ico[1] - lb[1]
                ic2 = ico[2] - lb[2]
                n11 = (iro[irl + 1] + 1) * (ic1 + 1) // nn1
                n12 = iro[irl + 1] - n11
                v += fact[n11] + fact[n12] + fact[ic1 - n11] + fact[ic2 - n12]
                if vmn > v:
                    vmn = v
            else:  # column marginals are a new node
                for i in range(1, nco + 1):
                    it[i] = max(ico[i] - lb[i], 0)
                if nco == 2:
                    if it[1] > it[2]:
                        ii = it[1]
                        it[1] = it[2]
                        it[2] = ii
                else:
                    _isort(it, 1, nco)
                dky = float(kyy)
                dkey = it[1] * dky + it[2]
                i = 3
                while i <= nco:
                    dkey = it[i] + dkey * dky
                    i += 1
                if dkey > _INT_MAX:
                    ierr[0] = _E_F3KEY
                    ierr[1] = kyy
                    ierr[2] = i
                    ierr[3] = it[i]
                    derr[0] = dkey
                    st3[0] = nst
                    st3[1] = nitc
                    return 0.0
                key = int(dkey)
                ipn = key % ldst + 1
                pushed = False
                itp = ipn
                ii = ks + ipn
                while itp <= ldst:
                    if ist[ii] < 0:
                        ist[ii] = key
                        stv[ii] = v
                        nst += 1
                        ii = nst + ks
                        itc[ii] = itp
                        pushed = True
                        break
                    elif ist[ii] == key:
                        stv[ii] = min(v, stv[ii])
                        pushed = True
                        break
                    itp += 1
                    ii += 1
                if not pushed:
                    itp = 1
                    ii = ks + 1
                    while itp <= ipn - 1:
                        if ist[ii] < 0:
                            ist[ii] = key
                            stv[ii] = v
                            nst += 1
                            ii = nst + ks
                            itc[ii] = itp
                            pushed = True
                            break
                        elif ist[ii] == key:
                            stv[ii] = min(v, stv[ii])
                            pushed = True
                            break
                        itp += 1
                        ii += 1
                if not pushed:
                    ierr[0] = _E_STACK30
                    ierr[1] = ldst
                    ierr[2] = key
                    ierr[3] = ipn
                    ierr[4] = itp
                    ierr[5] = ii
                    ierr[6] = ist[ii]
                    st3[0] = nst
                    st3[1] = nitc
                    return 0.0
            continue  # LOOPNODE
        # L200: pop an item from the stack
        if nitc > 0:
            itp = itc[nitc + k] + k
            nitc -= 1
            val = stv[itp]
            key = ist[itp]
            ist[itp] = -1
            for i in range(nco, 1, -1):
                ico[i] = key % kyy
                key //= kyy
            ico[1] = key
            nt[1] = nn - ico[1]
            for i in range(2, nco + 1):
                nt[i] = nt[i - 1] - ico[i]
            if iro[nro] <= iro[irl] + nco:
                xmin, val = _f10act(nro, iro[irl:], nco, ico[1:], val, fact, lb[1:], nu[1:], nr[1:])
            else:
                xmin = False
            if (not xmin) and ico[nco] <= ico[1] + nro:
                xmin, val = _f10act(nco, ico[1:], nro, iro[irl:], val, fact, lb[1:], nu[1:], nr[1:])
            if xmin:
                if vmn > val:
                    vmn = val
                label = L200
            else:
                label = NEWNODE
            continue
        elif nro > 2 and nst > 0:
            nitc = nst
            nst = 0
            k = ks
            ks = ldst - ks
            nn -= iro[irl]
            irl += 1
            nro -= 1
            label = L200
            continue
        st3[0] = nst
        st3[1] = nitc
        return -vmn


# ---------------------------------------------------------------------------------------------------------
@numba.njit(cache=True)
def _f4xact(nrow, irow, ncol, icol, dspt, fact, icstk, ncstk, lstk, mstk, nstk, nrstk, irstk, ystk,
            tol):  # pragma: no cover - compiled
    """SHORTP: the shortest path.  irow, icol, icstk, irstk 0-based; ncstk, lstk, mstk, nstk, nrstk, ystk
    1-based views.  C adjusts irstk by -(nrow + 1) and icstk by -(ncol + 1): C's irstk[x] is irstk[x - nrow - 1]
    here."""
    if nrow == 1:
        sp = 0.0
        for i in range(ncol):
            sp -= fact[icol[i]]
        return sp
    if ncol == 1:
        sp = 0.0
        for i in range(nrow):
            sp -= fact[irow[i]]
        return sp
    if nrow * ncol == 4:
        if irow[1] <= icol[1]:
            return -(fact[irow[1]] + fact[icol[1]] + fact[icol[1] - irow[1]])
        else:
            return -(fact[icol[1]] + fact[irow[1]] + fact[irow[1] - icol[1]])

    ro = -nrow - 1  # C irstk[x] -> irstk[x + ro]
    co = -ncol - 1
    for i in range(1, nrow + 1):
        irstk[i + nrow + ro] = irow[nrow - i]
    for j in range(1, ncol + 1):
        icstk[j + ncol + co] = icol[ncol - j]

    nro = nrow
    nco = ncol
    nrstk[1] = nro
    ncstk[1] = nco
    ystk[1] = 0.0
    y = 0.0
    istk = 1
    l = 1
    amx = 0.0
    sp = dspt
    m = 0
    n = 0

    at_l60 = False
    while True:
        # first LOOP (entered at L60 from L110)
        while True:
            if not at_l60:
                ir1 = irstk[istk * nrow + 1 + ro]
                ic1 = icstk[istk * ncol + 1 + co]
                if ir1 > ic1:
                    if nro >= nco:
                        m = nco - 1
                        n = 2
                    else:
                        m = nro
                        n = 1
                elif ir1 < ic1:
                    if nro <= nco:
                        m = nro - 1
                        n = 1
                    else:
                        m = nco
                        n = 2
                else:
                    if nro <= nco:
                        m = nro - 1
                        n = 1
                    else:
                        m = nco - 1
                        n = 2
            at_l60 = False
            # L60
            if n == 1:
                i = l
                j = 1
            else:
                i = 1
                j = l
            irt = irstk[i + istk * nrow + ro]
            ict = icstk[j + istk * ncol + co]
            y += fact[min(irt, ict)]
            rcur = istk * nrow + 1 + ro
            rnew = (istk + 1) * nrow + 1 + ro
            ccur = istk * ncol + 1 + co
            cnew = (istk + 1) * ncol + 1 + co
            if irt == ict:
                nro -= 1
                nco -= 1
                _f11act(irstk[rcur:], i, nro, irstk[rnew:])
                _f11act(icstk[ccur:], j, nco, icstk[cnew:])
            elif irt > ict:
                nco -= 1
                _f11act(icstk[ccur:], j, nco, icstk[cnew:])
                _f8xact(irstk[rcur:], irt - ict, i, nro, irstk[rnew:])
            else:
                nro -= 1
                _f11act(irstk[rcur:], i, nro, irstk[rnew:])
                _f8xact(icstk[ccur:], ict - irt, j, nco, icstk[cnew:])
            if nro == 1:
                for kk in range(1, nco + 1):
                    y += fact[icstk[kk + (istk + 1) * ncol + co]]
                break
            if nco == 1:
                for kk in range(1, nro + 1):
                    y += fact[irstk[kk + (istk + 1) * nrow + ro]]
                break
            lstk[istk] = l
            mstk[istk] = m
            nstk[istk] = n
            istk += 1
            nrstk[istk] = nro
            ncstk[istk] = nco
            ystk[istk] = y
            l = 1
        # L90
        if y > amx:
            amx = y
            if sp - amx <= tol:
                return -dspt
        # L100
        found = False
        while True:
            istk -= 1
            if istk == 0:
                sp -= amx
                if sp - amx <= tol:
                    return -dspt
                else:
                    return sp - dspt
            l = lstk[istk] + 1
            # L110
            while True:
                if l > mstk[istk]:
                    break
                n = nstk[istk]
                nro = nrstk[istk]
                nco = ncstk[istk]
                y = ystk[istk]
                if n == 1:
                    if irstk[l + istk * nrow + ro] < irstk[l - 1 + istk * nrow + ro]:
                        found = True
                        break
                elif n == 2:
                    if icstk[l + istk * ncol + co] < icstk[l - 1 + istk * ncol + co]:
                        found = True
                        break
                l += 1
            if found:
                break
        at_l60 = True


# ---------------------------------------------------------------------------------------------------------
@numba.njit(cache=True)
def _f5xact(pastp, tol, kval, key, ldkey, ipoin, stp, ldstp, ifrq, npoin, nr, nl, ifreq, itop, psh, s5,
            ierr, derr):  # pragma: no cover - compiled
    """PUT: put a node on the stack.  key, ipoin 0-based; stp, ifrq, npoin, nr, nl 1-based views.
    s5 = [itp] (C's static, used when psh is false).  Returns the new itop (ierr[0] set on error)."""
    if psh:
        ird = kval % ldkey
        state = 0  # 1: L40 (key found), 2: L30 (empty slot)
        itp = ird
        while itp < ldkey:
            if key[itp] == kval:
                state = 1
                break
            if key[itp] < 0:
                state = 2
                break
            itp += 1
        if state == 0:
            itp = 0
            while itp < ird:
                if key[itp] == kval:
                    state = 1
                    break
                if key[itp] < 0:
                    state = 2
                    break
                itp += 1
        s5[0] = itp
        if state == 0:
            ierr[0] = _E_KEY5
            ierr[1] = ldkey
            ierr[2] = kval
            return itop
        if state == 2:  # L30: update KEY
            key[itp] = kval
            itop += 1
            ipoin[itp] = itop
            if itop > ldstp:
                ierr[0] = _E_STP_KEY
                ierr[1] = ldstp
                ierr[2] = kval
                ierr[3] = itop - ldstp
                return itop
            npoin[itop] = -1
            nr[itop] = -1
            nl[itop] = -1
            stp[itop] = pastp
            ifrq[itop] = ifreq
            return itop
    itp = s5[0]
    # L40: find the location, if any, of pastp
    ipn = ipoin[itp]
    test1 = pastp - tol
    test2 = pastp + tol
    while True:
        if stp[ipn] < test1:
            ipn = nl[ipn]
        elif stp[ipn] > test2:
            ipn = nr[ipn]
        else:
            ifrq[ipn] += ifreq
            return itop
        if not ipn > 0:
            break
    itop += 1
    if itop > ldstp:
        ipn0 = ipoin[itp]
        ierr[0] = _E_STP_LOC
        ierr[1] = ldstp
        ierr[2] = itp
        ierr[3] = ipn0
        derr[0] = pastp
        derr[1] = stp[ipn0]
        return itop
    ipn = ipoin[itp]
    itmp = ipn
    while True:  # L60
        if stp[ipn] < test1:
            itmp = ipn
            ipn = nl[ipn]
            if ipn > 0:
                continue
            nl[itmp] = itop
        elif stp[ipn] > test2:
            itmp = ipn
            ipn = nr[ipn]
            if ipn > 0:
                continue
            nr[itmp] = itop
        break
    npoin[itop] = npoin[itmp]
    npoin[itmp] = itop
    stp[itop] = pastp
    ifrq[itop] = ifreq
    nl[itop] = -1
    nr[itop] = -1
    return itop


@numba.njit(cache=True)
def _f6xact(nrow, irow, kyy, key, ldkey, last):  # pragma: no cover - compiled
    """GET: pop a node.  irow, kyy 0-based; key 1-based view.  Returns (no_more, last, ipn)."""
    while True:
        last += 1
        if last <= ldkey:
            if key[last] < 0:
                continue
            kval = key[last]
            key[last] = -9999
            for j in range(nrow - 1, 0, -1):
                irow[j] = kval // kyy[j]
                kval -= irow[j] * kyy[j]
            irow[0] = kval
            return False, last, last
        else:
            return True, 0, -1


@numba.njit(cache=True)
def _f7xact(nrow, iro, idif, k, ks):  # pragma: no cover - compiled
    """Generate the next daughter's column counts.  iro, idif 1-based views.  Returns (ok, k, ks)."""
    if ks == 0:
        while True:
            ks += 1
            if idif[ks] != iro[ks]:
                break
    if idif[k] > 0 and k > ks:
        idif[k] -= 1
        while True:
            k -= 1
            if iro[k] != 0:
                break
        m = k
        while idif[m] >= iro[m]:
            m -= 1
        idif[m] += 1
        if m == ks and idif[m] == iro[m]:
            ks = k
        return True, k, ks
    while True:  # Loop
        kk = k + 1
        found = False
        while kk <= nrow:
            if idif[kk] > 0:
                found = True
                break
            kk += 1
        if not found:
            return False, k, ks
        # L70: reallocate counts
        mm = 1
        for i in range(1, k + 1):
            mm += idif[i]
            idif[i] = 0
        k = kk
        while True:
            k -= 1
            m = min(mm, iro[k])
            idif[k] = m
            mm -= m
            if not (mm > 0 and k != 1):
                break
        if mm > 0:
            if kk != nrow:
                k = kk
                continue
            return False, k, ks
        idif[kk] -= 1
        ks = 0
        while True:
            ks += 1
            if ks > k:
                return True, k, ks
            if not (idif[ks] >= iro[ks]):
                break
        return True, k, ks


# ---------------------------------------------------------------------------------------------------------
@numba.njit(cache=True)
def _lgamma_r(x):  # pragma: no cover - compiled
    return math.lgamma(x)


@numba.njit(cache=True)
def _pgamma_upper_log(x, alph):  # pragma: no cover - compiled
    """log P(Gamma(alph, 1) > x), for the chi-square branch only (see the module docstring): the series for
    the lower tail when x < alph + 1, else Legendre's continued fraction (modified Lentz)."""
    if x <= 0.0:
        return 0.0
    lpre = alph * math.log(x) - x - _lgamma_r(alph)
    if x < alph + 1.0:
        ap = alph
        s = 1.0 / alph
        d = s
        for _ in range(100000):
            ap += 1.0
            d *= x / ap
            s += d
            if abs(d) < abs(s) * 1e-17:
                break
        lower = math.exp(lpre + math.log(s))
        return math.log1p(-lower)
    tiny = 1e-300
    b = x + 1.0 - alph
    c = 1.0 / tiny
    d = 1.0 / b
    h = d
    for i in range(1, 100000):
        an = -i * (i - alph)
        b += 2.0
        d = an * d + b
        if abs(d) < tiny:
            d = tiny
        c = b + an / c
        if abs(c) < tiny:
            c = tiny
        d = 1.0 / d
        de = d * c
        h *= de
        if abs(de - 1.0) < 1e-17:
            break
    return lpre + math.log(h)


@numba.njit(cache=True)
def _f2xact(nrow, ncol, table, fact, ico, iro, kyy, idif, irn, key, ldkey, ipoin, stp, ldstp, ifrq,
            lp, sp, tm, key2, iwk, rwk, n2_stack, ierr, derr):  # pragma: no cover - compiled
    """F2XACT with R's workspace already laid out: every array argument except ``table`` (r x c, 0-based) and
    ``fact`` (0-based) is a 1-based view (C's pointer after its `--p`).  Returns PRE; ierr[0] != 0 on error."""
    tol = _TOL
    imax = _INT_MAX
    for i in range(1, (ldkey << 1) + 1):
        key[i] = -9999
        key2[i] = -9999

    nr_gt_nc = nrow > ncol
    nco = nrow if nr_gt_nc else ncol
    ntot = 0
    for i in range(1, nrow + 1):
        iro[i] = 0
        for j in range(1, ncol + 1):
            iro[i] += table[i - 1, j - 1]
        ntot += iro[i]
    # (ntot == 0 is R's error 3, raised before the kernel)
    for i in range(1, ncol + 1):
        ico[i] = 0
        for j in range(1, nrow + 1):
            ico[i] += table[j - 1, i - 1]

    _isort(iro, 1, nrow)
    _isort(ico, 1, ncol)

    if nr_gt_nc:
        nro = ncol
        for i in range(1, nco + 1):
            ii = iro[i]
            if i <= nro:
                iro[i] = ico[i]
            ico[i] = ii
    else:
        nro = nrow

    kyy[1] = 1
    for i in range(1, nro):
        if iro[i] + 1 <= imax // kyy[i]:
            kyy[i + 1] = kyy[i] * (iro[i] + 1)
        else:
            ierr[0] = _E_HASH5
            return 0.0
    if iro[nro] + 1 > imax // kyy[nro]:
        ierr[0] = _E_HASH501
        return 0.0

    # log factorials (R's recurrence)
    fact[0] = 0.0
    fact[1] = 0.0
    if ntot >= 2:
        fact[2] = math.log(2.0)
    i = 3
    while i <= ntot:
        fact[i] = fact[i - 1] + math.log(float(i))
        j = i + 1
        if j <= ntot:
            fact[j] = fact[i] + fact[2] + fact[j // 2] - fact[j // 2 - 1]
        i += 2

    # observed path length
    obs = tol
    ntot = 0
    for j in range(1, nco + 1):
        dd = 0.0
        if nr_gt_nc:
            for i in range(1, nro + 1):
                dd += fact[table[j - 1, i - 1]]
                ntot += table[j - 1, i - 1]
        else:
            for i in range(1, nro + 1):
                dd += fact[table[i - 1, j - 1]]
                ntot += table[i - 1, j - 1]
        obs += fact[ico[j]] - dd

    dro = _f9xact(nro, ntot, iro[1:], fact)
    pre = 0.0
    itop = 0

    # workspace pointers (f3xact, f4xact)
    i31 = 1
    i32 = i31 + nco
    i33 = i32 + nco
    i34 = i33 + nco
    i35 = i34 + nco
    i36 = i35 + nco
    i37 = i36 + nco
    i38 = i37 + nco
    i39 = i38 + 2 * n2_stack
    i310 = 1
    i311 = 1 + 2 * n2_stack
    i = nrow + ncol + 1
    i41 = 1
    i42 = i41 + i
    i43 = i42 + i
    i44 = i43 + i
    i45 = i44 + i
    i46 = i45 + i
    i47 = i46 + i * nco
    i48 = 1

    st3 = np.zeros(2, dtype=np.int64)   # f3xact's statics (nst, nitc)
    s5 = np.zeros(1, dtype=np.int64)    # f5xact's static itp

    k = nco
    last = ldkey + 1
    jkey = ldkey + 1
    jstp = ldstp + 1
    jstp2 = ldstp * 3 + 1
    jstp3 = (ldstp << 2) + 1
    jstp4 = ldstp * 5 + 1
    ikkey = 0
    ikstp = 0
    ikstp2 = ldstp << 1
    ipo = 1
    ipoin[1] = 1
    stp[1] = 0.0
    ifrq[1] = 1
    ifrq[ikstp2 + 1] = -1

    kval = 0
    itp = 0
    nro2 = 0
    tmp = 0.0
    while True:  # Outer_Loop
        kb = nco - k + 1
        ks = 0
        n = ico[kb]
        kd = nro + 1
        kmax = nro
        for i in range(1, nro + 1):
            idif[i] = 0
        while True:  # the first daughter
            kd -= 1
            ntot = min(n, iro[kd])
            idif[kd] = ntot
            if idif[kmax] == 0:
                kmax -= 1
            n -= ntot
            if not (n > 0 and kd != 1):
                break

        if n == 0:
            k1 = k - 1
            n = ico[kb]
            ntot = 0
            for i in range(kb + 1, nco + 1):
                ntot += ico[i]
            while True:  # L150
                for i in range(1, nro + 1):
                    irn[i] = iro[i] - idif[i]
                if k1 > 1:
                    if nro == 2:
                        if irn[1] > irn[2]:
                            ii = irn[1]
                            irn[1] = irn[2]
                            irn[2] = ii
                    else:
                        _isort(irn, 1, nro)
                    i = 1
                    while i <= nro:
                        if irn[i] != 0:
                            break
                        i += 1
                    nrb = i
                else:
                    nrb = 1
                nro2 = nro - nrb + 1

                ddf = _f9xact(nro, n, idif[1:], fact)
                drn = _f9xact(nro2, ntot, irn[nrb:], fact) - dro + ddf
                if k1 > 1:
                    kval = irn[1]
                    for i in range(2, nro + 1):
                        kval += irn[i] * kyy[i]
                    i = kval % (ldkey << 1) + 1
                    found = False
                    ii = 0
                    itp = i
                    while itp <= (ldkey << 1):
                        ii = key2[itp]
                        if ii == kval:
                            found = True
                            break
                        elif ii < 0:
                            key2[itp] = kval
                            lp[itp] = 1.0
                            sp[itp] = 1.0
                            found = True
                            break
                        itp += 1
                    if not found:
                        itp = 1
                        while itp <= i - 1:
                            ii = key2[itp]
                            if ii == kval:
                                found = True
                                break
                            elif ii < 0:
                                key2[itp] = kval
                                lp[itp] = 1.0
                                found = True
                                break
                            itp += 1
                    if not found:
                        ierr[0] = _E_KEY2
                        ierr[1] = ldkey
                        ierr[2] = itp
                        ierr[3] = ii
                        ierr[4] = ldstp
                        return 0.0
                # L240
                psh = True
                ipn = ipoin[ipo + ikkey]
                pastp = stp[ipn + ikstp]
                ifreq = ifrq[ipn + ikstp]
                if k1 > 1:
                    obs2 = obs - fact[ico[kb + 1]] - fact[ico[kb + 2]] - ddf
                    for i in range(3, k1 + 1):
                        obs2 -= fact[ico[kb + i]]
                    if lp[itp] > 0.0:
                        dspt = obs - obs2 - ddf
                        lp[itp] = _f3xact(nro2, irn[nrb - 1:], k1, ico[kb:], ntot, fact,
                                          iwk[i31 - 1:], iwk[i32 - 1:], iwk[i33 - 1:], iwk[i34 - 1:],
                                          iwk[i35 - 1:], iwk[i36 - 1:], iwk[i37 - 1:], iwk[i38 - 1:],
                                          iwk[i39 - 1:], rwk[i310 - 1:], rwk[i311:], tol, n2_stack,
                                          st3, ierr, derr)
                        if ierr[0] != 0:
                            return 0.0
                        if lp[itp] > 0.0:
                            lp[itp] = 0.0
                        sp[itp] = _f4xact(nro2, irn[nrb:], k1, ico[kb + 1:], dspt, fact,
                                          iwk[i47:], iwk[i41 - 1:], iwk[i42 - 1:], iwk[i43 - 1:],
                                          iwk[i44 - 1:], iwk[i45 - 1:], iwk[i46:], rwk[i48 - 1:], tol)
                        if sp[itp] > 0.0:
                            sp[itp] = 0.0
                        tm[itp] = _FLAG_NO_CHISQ  # expect < 0: never the chi-square approximation
                    obs3 = obs2 - lp[itp]
                    obs2 -= sp[itp]
                    if tm[itp] == _FLAG_NO_CHISQ:
                        chisq = False
                    else:
                        chisq = True
                        tmp = tm[itp]
                else:
                    obs2 = obs - drn - dro
                    obs3 = obs2
                    chisq = False  # (C keeps the previous value; with k1 <= 1 obs2 == obs3, so unused)
                while True:  # L300
                    if pastp <= obs3:
                        pre += float(ifreq) * math.exp(pastp + drn)
                    elif pastp < obs2:
                        if chisq:
                            df = float((nro2 - 1) * (k1 - 1))
                            pv = _pgamma_upper_log(max(0.0, tmp + (pastp + drn) * 2.0) / 2.0, df / 2.0)
                            pre += float(ifreq) * math.exp(pastp + drn + pv)
                            ierr[7] += 1  # counts uses of the chi-square branch (see the docstring)
                        else:
                            itop = _f5xact(pastp + ddf, tol, kval, key[jkey:], ldkey, ipoin[jkey:],
                                           stp[jstp - 1:], ldstp, ifrq[jstp - 1:], ifrq[jstp2 - 1:],
                                           ifrq[jstp3 - 1:], ifrq[jstp4 - 1:], ifreq, itop, psh, s5,
                                           ierr, derr)
                            if ierr[0] != 0:
                                return 0.0
                            psh = False
                    ipn = ifrq[ipn + ikstp2]
                    if ipn > 0:
                        pastp = stp[ipn + ikstp]
                        ifreq = ifrq[ipn + ikstp]
                        continue
                    break
                ok, kd, ks = _f7xact(kmax, iro, idif, kd, ks)
                if not ok:
                    break
        # L310: get a new mother from stage k
        while True:
            no_more, last, ipn_new = _f6xact(nro, iro[1:], kyy[1:], key[ikkey:], ldkey, last)
            if not no_more:
                ipo = ipn_new
                break
            k -= 1
            itop = 0
            ikkey = jkey - 1
            ikstp = jstp - 1
            ikstp2 = jstp2 - 1
            jkey = ldkey - jkey + 2
            jstp = ldstp - jstp + 2
            jstp2 = (ldstp << 1) + jstp
            for i in range(1, (ldkey << 1) + 1):
                key2[i] = -9999
            if not (k >= 2):
                return pre


# ---------------------------------------------------------------------------------------------------------
class _Layout:
    """R's fexact(): the workspace split by iwork() (offsets in ints for int arrays, in doubles for reals)."""

    def __init__(self, nrow: int, ncol: int, ntot: int, workspace: int, mult: int):
        self.iwkmax = 2 * int(workspace / 2)
        self.iwkpt = 0
        self.n2_stack = max(200, int(self.iwkmax / 1000))
        nco, nro = (ncol, nrow) if ncol > nrow else (nrow, ncol)
        k = nrow + ncol + 1
        kk = k * nco
        self.i1 = self._iwork(ntot + 1, 4)
        self.i2 = self._iwork(nco, 2)
        self.i3 = self._iwork(nco, 2)
        self.i3a = self._iwork(nco, 2)
        self.i3b = self._iwork(nro, 2)
        self.i3c = self._iwork(nro, 2)
        ikh = max(k * 5 + (kk << 1), nco * 7 + 4 * self.n2_stack)
        self.iiwk = self._iwork(ikh, 2)
        ikh = max(nco + 1 + 2 * self.n2_stack, k)
        self.irwk = self._iwork(ikh, 4)
        numb = 18 + 10 * mult
        self.ldkey = int((self.iwkmax - self.iwkpt) / numb) - 1
        if mult * float(self.ldkey) > _INT_MAX:
            raise InputError("integer overflow would happen in 'mult * ldkey' = %g" % (mult * float(self.ldkey)))
        self.ldstp = mult * self.ldkey
        if self.ldkey < 1:  # R would divide by zero (kval % 0); its error 40 usually comes first
            raise InputError("FEXACT error 40.\nOut of workspace.")
        self.i4 = self._iwork(self.ldkey << 1, 2)
        self.i5 = self._iwork(self.ldkey << 1, 2)
        self.i6 = self._iwork(self.ldstp << 1, 4)
        self.i7 = self._iwork(self.ldstp * 6, 2)
        self.i8 = self._iwork(self.ldkey << 1, 4)
        self.i9 = self._iwork(self.ldkey << 1, 4)
        self.i9a = self._iwork(self.ldkey << 1, 4)
        self.i10 = self._iwork(self.ldkey << 1, 2)

    def _iwork(self, number: int, itype: int) -> int:
        i = self.iwkpt
        if itype in (2, 3):
            self.iwkpt += number
        else:
            if i % 2 != 0:
                i += 1
            self.iwkpt += number << 1
            i //= 2
        if self.iwkpt > self.iwkmax:
            raise InputError("FEXACT error 40.\nOut of workspace.")
        return i


_CH_ERR_5 = ("The hash table key cannot be computed because the largest key\n"
             "is larger than the largest representable int.\n"
             "The algorithm cannot proceed.\n"
             "Reduce the workspace, consider using 'simulate.p.value=TRUE' or another algorithm.")


def _raise(ierr: np.ndarray, derr: np.ndarray) -> None:
    code = int(ierr[0])
    a = [int(v) for v in ierr]
    if code == _E_KEY2:
        msg = ("FEXACT error 6.  LDKEY=%d is too small for this problem,\n"
               "  (ii := key2[itp=%d] = %d, ldstp=%d)\n"
               "Try increasing the size of the workspace and possibly 'mult'") % (a[1], a[2], a[3], a[4])
    elif code == _E_KEY5:
        msg = ("FEXACT error 6 (f5xact).  LDKEY=%d is too small for this problem: kval=%d.\n"
               "Try increasing the size of the workspace.") % (a[1], a[2])
    elif code == _E_STP_KEY:
        msg = ("FEXACT error 7(%s). LDSTP=%d is too small for this problem,\n"
               "  (kval=%d, itop-ldstp=%d).\n"
               "Increase workspace or consider using 'simulate.p.value=TRUE'.") % ("update key", a[1], a[2], a[3])
    elif code == _E_STP_LOC:
        msg = ("FEXACT error 7(%s). LDSTP=%d is too small for this problem,\n"
               "  (pastp=%g, ipn_0:=ipoin[itp=%d]=%d, stp[ipn_0]=%g).\n"
               "Increase workspace or consider using 'simulate.p.value=TRUE'") % (
                   "location", a[1], float(derr[0]), a[2], a[3], float(derr[1]))
    elif code == _E_HASH5:
        msg = "FEXACT error 5.\n" + _CH_ERR_5
    elif code == _E_HASH501:
        msg = "FEXACT error 501.\n" + _CH_ERR_5
    elif code == _E_F3KEY:
        msg = ("FEXACT[f3xact()] error: hash key %.0g > INT_MAX, kyy=%d, it[i (= nco = %d)]= %d.\n"
               "Rather set 'simulate.p.value=TRUE'\n") % (float(derr[0]), a[1], a[2], a[3])
    elif code == _E_STACK30:
        msg = ("FEXACT error 30.  Stack length exceeded in f3xact,\n"
               "  (ldst=%d, key=%d, ipn=%d, itp=%d, ist[ii=%d]=%d).\n"
               "Increase workspace or consider using 'simulate.p.value=TRUE'") % (a[1], a[2], a[3], a[4], a[5], a[6])
    else:  # pragma: no cover - every code the kernel sets is listed above
        msg = f"FEXACT: internal error code {code}"
    raise InputError(msg)


def fexact(table, workspace: int = 200000, mult: int = 30) -> float:
    """R's ``.Call(C_Fexact, x, c(-1, 100, 0), workspace, mult)``: the two-sided Fisher exact p-value of an
    r x c table of non-negative integer counts (not yet clamped to [0, 1]).  Raises ``InputError`` with
    R's message where R's FEXACT stops."""
    t = np.ascontiguousarray(table, dtype=np.int32)
    if t.ndim != 2:
        raise InputError("fexact: expected a 2-D table")
    nrow, ncol = t.shape
    if (t < 0).any():
        raise InputError("FEXACT error 2.\nAll elements of TABLE must be nonnegative.")
    ntot = int(t.astype(np.int64).sum())
    if ntot == 0:
        raise InputError("FEXACT error 3.\nAll elements of TABLE are zero.\nPRT and PRE are set to missing values.")
    if ncol <= 1:
        raise InputError("FEXACT error 4.\nNCOL must be at least 2")
    lay = _Layout(nrow, ncol, ntot, int(workspace), int(mult))
    buf = np.zeros(lay.iwkmax, dtype=np.int32)  # R_alloc(iwkmax / 2, sizeof(double))
    dw = buf.view(np.float64)
    ierr = np.zeros(8, dtype=np.int64)
    derr = np.zeros(2, dtype=np.float64)
    pre = _f2xact(nrow, ncol, t, dw[lay.i1:], buf[lay.i2 - 1:], buf[lay.i3 - 1:], buf[lay.i3a - 1:],
                  buf[lay.i3b - 1:], buf[lay.i3c - 1:], buf[lay.i4 - 1:], lay.ldkey, buf[lay.i5 - 1:],
                  dw[lay.i6 - 1:], lay.ldstp, buf[lay.i7 - 1:], dw[lay.i8 - 1:], dw[lay.i9 - 1:],
                  dw[lay.i9a - 1:], buf[lay.i10 - 1:], buf[lay.iiwk - 1:], dw[lay.irwk - 1:], lay.n2_stack,
                  ierr, derr)
    if ierr[0] != 0:
        _raise(ierr, derr)
    return float(pre)

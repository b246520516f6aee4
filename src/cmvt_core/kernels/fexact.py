"""Fisher's exact test for r x c tables: a port of R 4.2.2's ``src/library/stats/src/fexact.c``.

FEXACT is the network algorithm of Mehta & Patel (ACM TOMS Algorithm 643, 1986/1993; Clarkson, Fan & Joe
1993), as R translated and edited it.  ``fexact(table, workspace, mult)`` returns what
``fisher.test(table, workspace = , control = list(mult = ))$p.value`` computes before its final clamp to
[0, 1], or raises ``InputError`` with R's error message where R's FEXACT stops (workspace exhausted: errors
40, 6, 7 and 30; hash key overflow: errors 5/501 and f3xact's key check; all-zero table: error 3).

The port is line by line, including R's memory layout: R carves every array out of one workspace of
``workspace`` ints (``iwork()``), so a double array whose start had to be aligned ends half a double past
its allotment, on the first int of the next array (it happens when ``max(nrow, ncol)`` is large, e.g. 19 x 2
and up).  Here too every array is a pointer into one buffer laid out by the same ``iwork()`` arithmetic, so
whatever R's layout does, this does.  Only the exact path is ported (R's ``fisher.test`` calls FEXACT with
``expect = -1``, so its hybrid chi-square path is off); the chi-square branch of ``f2xact`` can then be
reached only through that layout (a ``tm`` entry overwritten by the key table after it), and is kept, with
an incomplete-gamma tail (``_pgamma_upper_log``) standing in for R's ``pgamma``.
Numbers: the same log-factorial table (R's recurrence), the same order of every floating-point
operation, no fastmath; ``log``/``exp`` are the C library's, as R's (``exp`` bound to the symbol R's
C code calls, see ``_c_library_exp_address``).  Not reproduced: R's memory is not
zeroed (``R_alloc``), so where R reads a cell nothing wrote (one number in the text of the f3xact key
overflow error) R prints whatever was there and this prints 0; and the static variables of R's ``f3xact``
(``nst``, ``nitc``) start at zero here on every call, as in a fresh R session: R leaves them set after its
error 30 or f3xact key error, so later ``fisher.test`` calls in that session can go wrong or crash.
"""
from __future__ import annotations

import math

import llvmlite.binding as llvm_binding
import numba
import numpy as np
from numba import types
from numba.extending import intrinsic

from ..errors import InputError


def _c_library_exp_address() -> int:
    """The address of the C library's default ``exp`` (glibc: ``exp@@GLIBC_2.29``), the one R's C code calls.
    numba's own ``math.exp`` goes through its helper library, linked against glibc's compatibility symbol
    ``exp@GLIBC_2.2.5`` (the same routine behind an errno wrapper: the same values, a little slower)."""
    import ctypes
    import ctypes.util

    try:
        name = ctypes.util.find_library("m")
        return int(ctypes.cast((ctypes.CDLL(name) if name else ctypes.CDLL(None)).exp, ctypes.c_void_p).value)
    except (OSError, AttributeError, TypeError):  # no C math library to load: numba's binding
        from numba import _helperlib

        return int(_helperlib.c_helpers["exp"])


llvm_binding.add_symbol("cmvt_fexact_exp", _c_library_exp_address())  # a private name: numba's "exp" untouched
_c_exp = types.ExternalFunction("cmvt_fexact_exp", types.float64(types.float64))

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
# The kernels.  As in the C, every array is a pointer into one workspace: here ``I`` (an ``int *`` to the
# workspace) and ``D`` (a ``double *`` to the same memory), and a C pointer is an offset from them, so C's
# ``p[i]`` is ``I[p + i]`` (or ``D[p + i]``) and C's ``--p`` (1-based indexing) is ``p -= 1``.  Arguments
# are the C arguments in the C order, the pointers as the caller passes them.
@numba.njit(cache=True, error_model="numpy")
def _isort(I, lo, hi):  # pragma: no cover - compiled
    """Sort I[lo..hi] (inclusive) ascending (R_isort; any sort gives the same ints)."""
    for i in range(lo + 1, hi + 1):
        v = I[i]
        j = i - 1
        while j >= lo and I[j] > v:
            I[j + 1] = I[j]
            j -= 1
        I[j + 1] = v


@numba.njit(cache=True, error_model="numpy", inline="always")
def _f9xact(n, ntot, I, ir, D, fact):  # pragma: no cover - compiled
    """log multinomial coefficient: fact[ntot] - sum_k fact[ir[k]]."""
    d = D[fact + ntot]
    for k in range(n):
        d -= D[fact + I[ir + k]]
    return d


@numba.njit(cache=True, error_model="numpy")
def _f11act(I, irow, i1, i2, new):  # pragma: no cover - compiled
    """Row totals with element i1 (1-based) dropped."""
    for i in range(0, i1 - 1):
        I[new + i] = I[irow + i]
    for i in range(i1, i2 + 1):
        I[new + i - 1] = I[irow + i]


@numba.njit(cache=True, error_model="numpy")
def _f8xact(I, irow, is_, i1, izero, new):  # pragma: no cover - compiled
    """Reduce a vector when there is a zero element."""
    new -= 1
    irow -= 1
    for i in range(1, i1):
        I[new + i] = I[irow + i]
    i = i1
    while i <= izero - 1:
        if is_ >= I[irow + i + 1]:
            break
        I[new + i] = I[irow + i + 1]
        i += 1
    I[new + i] = is_
    while True:
        i += 1
        if i > izero:
            return
        I[new + i] = I[irow + i]


@numba.njit(cache=True, error_model="numpy")
def _f10act(nrow, I, irow, ncol, icol, val, D, fact, nd, ne, m):  # pragma: no cover - compiled
    """Shortest path length for special tables.  Returns (xmin, val)."""
    for i in range(nrow - 1):
        I[nd + i] = 0
    is_ = I[icol] // nrow
    ix = I[icol] - nrow * is_
    I[ne] = is_
    I[m] = ix
    if ix != 0:
        I[nd + ix - 1] += 1
    for i in range(1, ncol):
        ix = I[icol + i] // nrow
        I[ne + i] = ix
        is_ += ix
        ix = I[icol + i] - nrow * ix
        I[m + i] = ix
        if ix != 0:
            I[nd + ix - 1] += 1
    for i in range(nrow - 3, -1, -1):
        I[nd + i] += I[nd + i + 1]
    ix = 0
    for i in range(nrow, 1, -1):
        ix += is_ + I[nd + nrow - i] - I[irow + i - 1]
        if ix < 0:
            return False, val
    for i in range(ncol):
        ix = I[ne + i]
        is_ = I[m + i]
        val += is_ * D[fact + ix + 1] + (nrow - is_) * D[fact + ix]
    return True, val


# ---------------------------------------------------------------------------------------------------------
@numba.njit(cache=True, error_model="numpy")
def _f3xact(nrow, I, irow, ncol, icol, ntot, D, fact, ico, iro, it, lb, nr, nt, nu, itc, ist, stv, alen,
            tol, ldst, st3, ierr, derr):  # pragma: no cover - compiled
    """F3XACT (LONGP): the longest path length for a table.  st3 = [nst, nitc], C's static variables."""
    stv -= 1
    ist -= 1
    itc -= 1
    nu -= 1
    nt -= 1
    nr -= 1
    lb -= 1
    it -= 1
    iro -= 1
    ico -= 1
    icol -= 1
    irow -= 1

    if nrow <= 1 or ncol <= 1:
        # one row: minus the log factorials of the column totals; one column (and 2+ rows): of the row
        # totals; no row or no column: 0 (fexact.c's two branches)
        n, tot = (ncol, icol) if nrow == 1 else ((nrow, irow) if (ncol == 1 and nrow > 1) else (0, irow))
        lp = 0.0
        for i in range(1, n + 1):
            lp -= D[fact + I[tot + i]]
        return lp
    if nrow * ncol == 4:
        n11 = (I[irow + 1] + 1) * (I[icol + 1] + 1) // (ntot + 2)
        n12 = I[irow + 1] - n11
        return -(D[fact + n11] + D[fact + n12] + D[fact + I[icol + 1] - n11] + D[fact + I[icol + 2] - n12])

    nst = st3[0]
    nitc = st3[1]
    val = 0.0
    if I[irow + nrow] <= I[irow + 1] + ncol:
        xmin, val = _f10act(nrow, I, irow + 1, ncol, icol + 1, val, D, fact, lb + 1, nu + 1, nr + 1)
    else:
        xmin = False
    if (not xmin) and I[icol + ncol] <= I[icol + 1] + nrow:
        xmin, val = _f10act(ncol, I, icol + 1, nrow, irow + 1, val, D, fact, lb + 1, nu + 1, nr + 1)
    if xmin:
        return -val

    for i in range(0, ncol + 1):
        D[alen + i] = 0.0
    for i in range(1, 2 * ldst + 1):
        I[ist + i] = -1

    nn = ntot
    # fexact.c: the longer margin becomes the rows (nro), the shorter the columns (nco)
    if nrow >= ncol:
        nro, nco, kcol, krow = nrow, ncol, icol, irow
    else:
        nro, nco, kcol, krow = ncol, nrow, irow, icol
    I[ico + 1] = I[kcol + 1]
    I[nt + 1] = nn - I[ico + 1]
    for i in range(2, nco + 1):
        I[ico + i] = I[kcol + i]
        I[nt + i] = I[nt + i - 1] - I[ico + i]
    for i in range(1, nro + 1):
        I[iro + i] = I[krow + i]

    nc1s = nco - 1
    kyy = I[ico + nco] + 1
    irl = 1
    ks = 0
    k = ldst
    lev = 0
    nr1 = 0
    vmn = 1e100

    label = 0  # 0: LnewNode, 1: LoopNode, 2: L200
    while True:
        if label == 0:  # LnewNode: set up to generate a new node
            lev = 1
            nr1 = nro - 1
            nrt = I[iro + irl]
            nct = I[ico + 1]
            I[lb + 1] = int(((float(nrt) + 1) * (nct + 1)) / float(nn + nr1 * nc1s + 1) - tol) - 1
            I[nu + 1] = int(((float(nrt) + nc1s) * (nct + nr1)) / float(nn + nr1 + nc1s)) - I[lb + 1] + 1
            I[nr + 1] = nrt - I[lb + 1]
            label = 1
        if label == 1:  # LoopNode: generate a node
            I[nu + lev] -= 1
            if I[nu + lev] == 0:
                if lev == 1:
                    label = 2
                    continue
                lev -= 1
                continue
            I[lb + lev] += 1
            I[nr + lev] -= 1
            while True:
                D[alen + lev] = D[alen + lev - 1] + D[fact + I[lb + lev]]
                if lev >= nc1s:
                    break
                nn1 = I[nt + lev]
                nrt = I[nr + lev]
                lev += 1
                nc1 = nco - lev
                nct = I[ico + lev]
                I[lb + lev] = int(((float(nrt) + 1) * (nct + 1)) / float(nn1 + nr1 * nc1 + 1) - tol)
                I[nu + lev] = int(((float(nrt) + nc1) * (nct + nr1)) / float(nn1 + nr1 + nc1) - I[lb + lev] + 1)
                I[nr + lev] = nrt - I[lb + lev]
            D[alen + nco] = D[alen + lev] + D[fact + I[nr + lev]]
            I[lb + nco] = I[nr + lev]

            v = val + D[alen + nco]
            if nro == 2:  # only 1 row left
                v += D[fact + I[ico + 1] - I[lb + 1]] + D[fact + I[ico + 2] - I[lb + 2]]
                for i in range(3, nco + 1):
                    v += D[fact + I[ico + i] - I[lb + i]]
                if vmn > v:
                    vmn = v
            elif nro == 3 and nco == 2:  # 3 rows and 2 columns
                nn1 = nn - I[iro + irl] + 2
                ic1 = I[ico + 1] - I[lb + 1]
                ic2 = I[ico + 2] - I[lb + 2]
                n11 = (I[iro + irl + 1] + 1) * (ic1 + 1) // nn1
                n12 = I[iro + irl + 1] - n11
                v += D[fact + n11] + D[fact + n12] + D[fact + ic1 - n11] + D[fact + ic2 - n12]
                if vmn > v:
                    vmn = v
            else:  # column marginals are the new node
                for i in range(1, nco + 1):
                    I[it + i] = max(I[ico + i] - I[lb + i], 0)
                _isort(I, it + 1, it + nco)  # C swaps two values, sorts more: the same ints either way
                dky = float(kyy)
                dkey = I[it + 1] * dky + I[it + 2]
                i = 3
                while i <= nco:
                    dkey = I[it + i] + dkey * dky
                    i += 1
                if dkey > _INT_MAX:
                    ierr[0] = _E_F3KEY
                    ierr[1] = kyy
                    ierr[2] = i
                    ierr[3] = I[it + i]
                    derr[0] = dkey
                    st3[0] = nst
                    st3[1] = nitc
                    return 0.0
                key = int(dkey)
                ipn = key % ldst + 1
                # find an empty position (MAYBE_PUSH_AND_LOOP)
                # C's two loops: itp = ipn, ..., ldst, then 1, ..., ipn - 1
                done = False
                itp = ipn
                for _ in range(ldst):
                    ii = ks + itp
                    if I[ist + ii] < 0:  # push onto the stack
                        I[ist + ii] = key
                        D[stv + ii] = v
                        nst += 1
                        ii = nst + ks
                        I[itc + ii] = itp
                        done = True
                        break
                    elif I[ist + ii] == key:  # marginals already on the stack
                        D[stv + ii] = min(v, D[stv + ii])
                        done = True
                        break
                    itp += 1
                    if itp > ldst:
                        itp = 1
                if not done:
                    ii = ks + itp  # itp is back at ipn, as after C's loops
                    ierr[0] = _E_STACK30
                    ierr[1] = ldst
                    ierr[2] = key
                    ierr[3] = ipn
                    ierr[4] = itp
                    ierr[5] = ii
                    ierr[6] = I[ist + ii]
                    st3[0] = nst
                    st3[1] = nitc
                    return 0.0
            continue  # LoopNode
        # L200: pop an item from the stack
        if nitc > 0:
            itp = I[itc + nitc + k] + k
            nitc -= 1
            val = D[stv + itp]
            key = I[ist + itp]
            I[ist + itp] = -1
            for i in range(nco, 1, -1):
                I[ico + i] = key % kyy
                key //= kyy
            I[ico + 1] = key
            I[nt + 1] = nn - I[ico + 1]
            for i in range(2, nco + 1):
                I[nt + i] = I[nt + i - 1] - I[ico + i]
            # test for optimality (L90)
            if I[iro + nro] <= I[iro + irl] + nco:
                xmin, val = _f10act(nro, I, iro + irl, nco, ico + 1, val, D, fact, lb + 1, nu + 1, nr + 1)
            else:
                xmin = False
            if (not xmin) and I[ico + nco] <= I[ico + 1] + nro:
                xmin, val = _f10act(nco, I, ico + 1, nro, iro + irl, val, D, fact, lb + 1, nu + 1, nr + 1)
            if xmin:
                if vmn > val:
                    vmn = val
                label = 2
            else:
                label = 0
            continue
        elif nro > 2 and nst > 0:  # go to the next level
            nitc = nst
            nst = 0
            k = ks
            ks = ldst - ks
            nn -= I[iro + irl]
            irl += 1
            nro -= 1
            label = 2
            continue
        st3[0] = nst
        st3[1] = nitc
        return -vmn


# ---------------------------------------------------------------------------------------------------------
@numba.njit(cache=True, error_model="numpy")
def _f4xact(nrow, I, irow, ncol, icol, dspt, D, fact, icstk, ncstk, lstk, mstk, nstk, nrstk, irstk, ystk,
            tol):  # pragma: no cover - compiled
    """F4XACT (SHORTP): the shortest path length for a table."""
    if nrow == 1:
        sp = 0.0
        for i in range(ncol):
            sp -= D[fact + I[icol + i]]
        return sp
    if ncol == 1:
        sp = 0.0
        for i in range(nrow):
            sp -= D[fact + I[irow + i]]
        return sp
    if nrow * ncol == 4:
        if I[irow + 1] <= I[icol + 1]:
            return -(D[fact + I[irow + 1]] + D[fact + I[icol + 1]] + D[fact + I[icol + 1] - I[irow + 1]])
        else:
            return -(D[fact + I[icol + 1]] + D[fact + I[irow + 1]] + D[fact + I[irow + 1] - I[icol + 1]])

    irstk -= nrow + 1
    icstk -= ncol + 1
    nrstk -= 1
    ncstk -= 1
    lstk -= 1
    mstk -= 1
    nstk -= 1
    ystk -= 1

    for i in range(1, nrow + 1):
        I[irstk + i + nrow] = I[irow + nrow - i]
    for j in range(1, ncol + 1):
        I[icstk + j + ncol] = I[icol + ncol - j]

    nro = nrow
    nco = ncol
    I[nrstk + 1] = nro
    I[ncstk + 1] = nco
    D[ystk + 1] = 0.0
    y = 0.0
    istk = 1
    l = 1
    amx = 0.0
    sp = dspt
    m = 0
    n = 0

    at_l60 = False
    while True:
        while True:  # first LOOP (entered at L60 from L110)
            if not at_l60:
                ir1 = I[irstk + istk * nrow + 1]
                ic1 = I[icstk + istk * ncol + 1]
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
            irt = I[irstk + i + istk * nrow]
            ict = I[icstk + j + istk * ncol]
            y += D[fact + min(irt, ict)]
            if irt == ict:
                nro -= 1
                nco -= 1
                _f11act(I, irstk + istk * nrow + 1, i, nro, irstk + (istk + 1) * nrow + 1)
                _f11act(I, icstk + istk * ncol + 1, j, nco, icstk + (istk + 1) * ncol + 1)
            elif irt > ict:
                nco -= 1
                _f11act(I, icstk + istk * ncol + 1, j, nco, icstk + (istk + 1) * ncol + 1)
                _f8xact(I, irstk + istk * nrow + 1, irt - ict, i, nro, irstk + (istk + 1) * nrow + 1)
            else:
                nro -= 1
                _f11act(I, irstk + istk * nrow + 1, i, nro, irstk + (istk + 1) * nrow + 1)
                _f8xact(I, icstk + istk * ncol + 1, ict - irt, j, nco, icstk + (istk + 1) * ncol + 1)
            if nro == 1:
                for kk in range(1, nco + 1):
                    y += D[fact + I[icstk + kk + (istk + 1) * ncol]]
                break
            if nco == 1:
                for kk in range(1, nro + 1):
                    y += D[fact + I[irstk + kk + (istk + 1) * nrow]]
                break
            I[lstk + istk] = l
            I[mstk + istk] = m
            I[nstk + istk] = n
            istk += 1
            I[nrstk + istk] = nro
            I[ncstk + istk] = nco
            D[ystk + istk] = y
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
            l = I[lstk + istk] + 1
            while True:  # L110
                if l > I[mstk + istk]:
                    break
                n = I[nstk + istk]
                nro = I[nrstk + istk]
                nco = I[ncstk + istk]
                y = D[ystk + istk]
                if n == 1:
                    if I[irstk + l + istk * nrow] < I[irstk + l - 1 + istk * nrow]:
                        found = True
                        break
                elif n == 2:
                    if I[icstk + l + istk * ncol] < I[icstk + l - 1 + istk * ncol]:
                        found = True
                        break
                l += 1
            if found:
                break
        at_l60 = True  # goto L60


# ---------------------------------------------------------------------------------------------------------
@numba.njit(cache=True, error_model="numpy", inline="always")
def _f5xact(pastp, tol, kval, I, key, ldkey, ipoin, D, stp, ldstp, ifrq, npoin, nr, nl, ifreq, itop, psh,
            s5, ierr, derr):  # pragma: no cover - compiled
    """F5XACT (PUT): put a node on the stack.  s5 = [itp], C's static (used when psh is false).
    Returns the new itop (ierr[0] set on error)."""
    nl -= 1
    nr -= 1
    npoin -= 1
    ifrq -= 1
    stp -= 1
    if psh:
        # convert KVAL to an int in range 1, ..., LDKEY; search for an unused location
        ird = kval % ldkey
        state = 0  # 1: L40 (key found), 2: L30 (empty slot)
        itp = ird  # probe ird, ..., ldkey - 1, then 0, ..., ird - 1 (C's two loops); ird again if none
        for _ in range(ldkey):
            if I[key + itp] == kval:
                state = 1
                break
            if I[key + itp] < 0:
                state = 2
                break
            itp += 1
            if itp == ldkey:
                itp = 0
        s5[0] = itp
        if state == 0:
            ierr[0] = _E_KEY5
            ierr[1] = ldkey
            ierr[2] = kval
            return itop
        if state == 2:  # L30: update KEY
            I[key + itp] = kval
            itop += 1
            I[ipoin + itp] = itop
            if itop > ldstp:
                ierr[0] = _E_STP_KEY
                ierr[1] = ldstp
                ierr[2] = kval
                ierr[3] = itop - ldstp
                return itop
            I[npoin + itop] = -1
            I[nr + itop] = -1
            I[nl + itop] = -1
            D[stp + itop] = pastp
            I[ifrq + itop] = ifreq
            return itop
    itp = s5[0]
    # L40: find the location, if any, of pastp
    ipn = I[ipoin + itp]
    test1 = pastp - tol
    test2 = pastp + tol
    while True:
        if D[stp + ipn] < test1:
            ipn = I[nl + ipn]
        elif D[stp + ipn] > test2:
            ipn = I[nr + ipn]
        else:
            I[ifrq + ipn] += ifreq
            return itop
        if not ipn > 0:
            break
    itop += 1
    if itop > ldstp:
        ipn0 = I[ipoin + itp]
        ierr[0] = _E_STP_LOC
        ierr[1] = ldstp
        ierr[2] = itp
        ierr[3] = ipn0
        derr[0] = pastp
        derr[1] = D[stp + ipn0]
        return itop
    # find the location to add the value
    ipn = I[ipoin + itp]
    itmp = ipn
    while True:  # L60
        if D[stp + ipn] < test1:
            itmp = ipn
            ipn = I[nl + ipn]
            if ipn > 0:
                continue
            I[nl + itmp] = itop
        elif D[stp + ipn] > test2:
            itmp = ipn
            ipn = I[nr + ipn]
            if ipn > 0:
                continue
            I[nr + itmp] = itop
        break
    I[npoin + itop] = I[npoin + itmp]
    I[npoin + itmp] = itop
    D[stp + itop] = pastp
    I[ifrq + itop] = ifreq
    I[nl + itop] = -1
    I[nr + itop] = -1
    return itop


@numba.njit(cache=True, error_model="numpy")
def _f6xact(nrow, I, irow, kyy, key, ldkey, last):  # pragma: no cover - compiled
    """F6XACT (GET): pop a node off the stack.  Returns (no_more, last, ipn)."""
    key -= 1
    while True:
        last += 1
        if last <= ldkey:
            if I[key + last] < 0:
                continue
            kval = I[key + last]
            I[key + last] = -9999
            for j in range(nrow - 1, 0, -1):
                I[irow + j] = kval // I[kyy + j]
                kval -= I[irow + j] * I[kyy + j]
            I[irow] = kval
            return False, last, last
        else:
            return True, 0, -1


@numba.njit(cache=True, error_model="numpy", inline="always")
def _f7xact(nrow, I, iro, idif, k, ks):  # pragma: no cover - compiled
    """F7XACT: generate the new nodes for given marginal totals.  Returns (ok, k, ks)."""
    idif -= 1
    iro -= 1
    # find the node which can be incremented, ks
    if ks == 0:
        while True:
            ks += 1
            if I[idif + ks] != I[iro + ks]:
                break
    # find the node to decrement (> ks)
    if I[idif + k] > 0 and k > ks:
        I[idif + k] -= 1
        while True:
            k -= 1
            if I[iro + k] != 0:
                break
        m = k
        # find the node to increment (>= ks)
        while I[idif + m] >= I[iro + m]:
            m -= 1
        I[idif + m] += 1
        if m == ks and I[idif + m] == I[iro + m]:
            ks = k
        return True, k, ks
    while True:  # Loop: check for finish
        kk = k + 1
        found = False
        while kk <= nrow:
            if I[idif + kk] > 0:
                found = True
                break
            kk += 1
        if not found:
            return False, k, ks
        # L70: reallocate the counts
        mm = 1
        for i in range(1, k + 1):
            mm += I[idif + i]
            I[idif + i] = 0
        k = kk
        while True:
            k -= 1
            m = min(mm, I[iro + k])
            I[idif + k] = m
            mm -= m
            if not (mm > 0 and k != 1):
                break
        # check that all counts are reallocated
        if mm > 0:
            if kk != nrow:
                k = kk
                continue
            return False, k, ks
        I[idif + kk] -= 1
        ks = 0
        while True:
            ks += 1
            if ks > k:
                return True, k, ks
            if not (I[idif + ks] >= I[iro + ks]):
                break
        return True, k, ks


# ---------------------------------------------------------------------------------------------------------
@numba.njit(cache=True, error_model="numpy")
def _pgamma_upper_log(x, alph):  # pragma: no cover - compiled
    """log P(Gamma(alph, 1) > x), for the chi-square branch only (see the module docstring): the series for
    the lower tail when x < alph + 1, else Legendre's continued fraction (modified Lentz)."""
    if x <= 0.0:
        return 0.0
    lpre = alph * math.log(x) - x - math.lgamma(alph)
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
        return math.log1p(-math.exp(lpre + math.log(s)))
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


@numba.njit(cache=True, error_model="numpy")
def _f2xact(nrow, ncol, table, I, D, fact, ico, iro, kyy, idif, irn, key, ldkey, ipoin, stp, ldstp, ifrq,
            LP, SP, tm, key2, iwk, rwk, n2_stack, ierr, derr, st3, s5):  # pragma: no cover - compiled
    """F2XACT: Fisher's exact test with the workspace laid out by fexact().  ``table`` is the r x c table
    (C's column-major ``table[i + j * ldtabl]`` is ``table[i, j]``).  Returns PRE; ierr[0] != 0 on error."""
    tol = _TOL
    imax = _INT_MAX
    ico -= 1
    iro -= 1
    kyy -= 1
    idif -= 1
    irn -= 1
    key -= 1
    ipoin -= 1
    stp -= 1
    ifrq -= 1
    LP -= 1
    SP -= 1
    tm -= 1
    key2 -= 1
    iwk -= 1
    rwk -= 1

    for i in range(1, (ldkey << 1) + 1):
        I[key + i] = -9999
        I[key2 + i] = -9999

    nr_gt_nc = nrow > ncol
    nco = nrow if nr_gt_nc else ncol
    ntot = 0
    for i in range(1, nrow + 1):
        I[iro + i] = 0
        for j in range(1, ncol + 1):
            I[iro + i] += table[i - 1, j - 1]
        ntot += I[iro + i]
    # (ntot == 0, R's error 3, is raised before the kernel)
    for i in range(1, ncol + 1):
        I[ico + i] = 0
        for j in range(1, nrow + 1):
            I[ico + i] += table[j - 1, i - 1]

    _isort(I, iro + 1, iro + nrow)
    _isort(I, ico + 1, ico + ncol)

    if nr_gt_nc:  # swap marginals: ico[1:nco], iro[1:nro]
        nro = ncol
        for i in range(1, nco + 1):
            ii = I[iro + i]
            if i <= nro:
                I[iro + i] = I[ico + i]
            I[ico + i] = ii
    else:
        nro = nrow

    # multipliers for the hash keys
    I[kyy + 1] = 1
    for i in range(1, nro):
        if I[iro + i] + 1 <= imax // I[kyy + i]:
            I[kyy + i + 1] = I[kyy + i] * (I[iro + i] + 1)
        else:
            ierr[0] = _E_HASH5
            return 0.0
    if I[iro + nro] + 1 > imax // I[kyy + nro]:
        ierr[0] = _E_HASH501
        return 0.0

    # log factorials (R's recurrence)
    D[fact] = 0.0
    D[fact + 1] = 0.0
    if ntot >= 2:
        D[fact + 2] = math.log(2.0)
    i = 3
    while i <= ntot:
        D[fact + i] = D[fact + i - 1] + math.log(float(i))
        j = i + 1
        if j <= ntot:
            D[fact + j] = D[fact + i] + D[fact + 2] + D[fact + j // 2] - D[fact + j // 2 - 1]
        i += 2

    # observed path length
    obs = tol
    ntot = 0
    for j in range(1, nco + 1):
        dd = 0.0
        if nr_gt_nc:
            for i in range(1, nro + 1):
                dd += D[fact + table[j - 1, i - 1]]
                ntot += table[j - 1, i - 1]
        else:
            for i in range(1, nro + 1):
                dd += D[fact + table[i - 1, j - 1]]
                ntot += table[i - 1, j - 1]
        obs += D[fact + I[ico + j]] - dd

    dro = _f9xact(nro, ntot, I, iro + 1, D, fact)  # denominator of the observed table
    pre = 0.0
    itop = 0

    # workspace pointers: f3xact
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
    # f4xact
    i = nrow + ncol + 1
    i41 = 1
    i42 = i41 + i
    i43 = i42 + i
    i44 = i43 + i
    i45 = i44 + i
    i46 = i45 + i
    i47 = i46 + i * nco
    i48 = 1

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
    I[ipoin + 1] = 1
    D[stp + 1] = 0.0
    I[ifrq + 1] = 1
    I[ifrq + ikstp2 + 1] = -1

    kval = 0
    itp = 0
    nro2 = 0
    tmp = 0.0
    while True:  # Outer_Loop
        kb = nco - k + 1
        ks = 0
        n = I[ico + kb]
        kd = nro + 1
        kmax = nro
        # IDIF is the difference in going to the daughter
        for i in range(1, nro + 1):
            I[idif + i] = 0
        while True:  # generate the first daughter
            kd -= 1
            ntot = min(n, I[iro + kd])
            I[idif + kd] = ntot
            if I[idif + kmax] == 0:
                kmax -= 1
            n -= ntot
            if not (n > 0 and kd != 1):
                break

        if n == 0:
            k1 = k - 1
            n = I[ico + kb]
            ntot = 0
            for i in range(kb + 1, nco + 1):
                ntot += I[ico + i]
            while True:  # L150: arc to the daughter, length ico[kb]
                for i in range(1, nro + 1):
                    I[irn + i] = I[iro + i] - I[idif + i]
                if k1 > 1:
                    _isort(I, irn + 1, irn + nro)  # C swaps two values, sorts more: the same ints
                    # adjust the start for zero
                    i = 1
                    while i <= nro:
                        if I[irn + i] != 0:
                            break
                        i += 1
                    nrb = i
                else:
                    nrb = 1
                nro2 = nro - nrb + 1

                ddf = _f9xact(nro, n, I, idif + 1, D, fact)
                drn = _f9xact(nro2, ntot, I, irn + nrb, D, fact) - dro + ddf
                if k1 > 1:  # the hash value
                    kval = I[irn + 1]
                    for i in range(2, nro + 1):
                        kval += I[irn + i] * I[kyy + i]
                    i = kval % (ldkey << 1) + 1
                    # C's two loops: itp = i, ..., 2 ldkey, then 1, ..., i - 1 (itp back at i if neither finds)
                    found = False
                    ii = 0
                    itp = i
                    for _ in range(ldkey << 1):
                        ii = I[key2 + itp]
                        if ii == kval:
                            found = True
                            break
                        elif ii < 0:
                            I[key2 + itp] = kval
                            D[LP + itp] = 1.0
                            if itp >= i:  # as fexact.c: only its first loop resets SP too
                                D[SP + itp] = 1.0
                            found = True
                            break
                        itp += 1
                        if itp > (ldkey << 1):
                            itp = 1
                    if not found:
                        ierr[0] = _E_KEY2
                        ierr[1] = ldkey
                        ierr[2] = itp
                        ierr[3] = ii
                        ierr[4] = ldstp
                        return 0.0
                # L240: recover pastp
                psh = True
                ipn = I[ipoin + ipo + ikkey]
                pastp = D[stp + ipn + ikstp]
                ifreq = I[ifrq + ipn + ikstp]
                # compute the shortest and longest path
                if k1 > 1:
                    obs2 = obs - D[fact + I[ico + kb + 1]] - D[fact + I[ico + kb + 2]] - ddf
                    for i in range(3, k1 + 1):
                        obs2 -= D[fact + I[ico + kb + i]]
                    if D[LP + itp] > 0.0:
                        dspt = obs - obs2 - ddf
                        D[LP + itp] = _f3xact(nro2, I, irn + nrb, k1, ico + kb + 1, ntot, D, fact,
                                              iwk + i31, iwk + i32, iwk + i33, iwk + i34, iwk + i35, iwk + i36,
                                              iwk + i37, iwk + i38, iwk + i39, rwk + i310, rwk + i311, tol,
                                              n2_stack, st3, ierr, derr)
                        if ierr[0] != 0:
                            return 0.0
                        if D[LP + itp] > 0.0:  # (R prints a note)
                            D[LP + itp] = 0.0
                        D[SP + itp] = _f4xact(nro2, I, irn + nrb, k1, ico + kb + 1, dspt, D, fact,
                                              iwk + i47, iwk + i41, iwk + i42, iwk + i43, iwk + i44, iwk + i45,
                                              iwk + i46, rwk + i48, tol)
                        if D[SP + itp] > 0.0:
                            D[SP + itp] = 0.0
                        D[tm + itp] = _FLAG_NO_CHISQ  # expect < 0: no chi-square approximation
                    obs3 = obs2 - D[LP + itp]
                    obs2 -= D[SP + itp]
                    if D[tm + itp] == _FLAG_NO_CHISQ:
                        chisq = False
                    else:
                        chisq = True
                        tmp = D[tm + itp]
                else:
                    obs2 = obs - drn - dro
                    obs3 = obs2
                    chisq = False  # (C keeps the last value; unused, as obs2 == obs3)
                while True:  # L300: process the node with the new PASTP
                    if pastp <= obs3:
                        pre += float(ifreq) * _c_exp(pastp + drn)
                    elif pastp < obs2:
                        if chisq:
                            df = float((nro2 - 1) * (k1 - 1))
                            pv = _pgamma_upper_log(max(0.0, tmp + (pastp + drn) * 2.0) / 2.0, df / 2.0)
                            pre += float(ifreq) * _c_exp(pastp + drn + pv)
                            ierr[7] += 1  # counts uses of the chi-square branch (module docstring)
                        else:  # put the daughter on the queue
                            itop = _f5xact(pastp + ddf, tol, kval, I, key + jkey, ldkey, ipoin + jkey, D,
                                           stp + jstp, ldstp, ifrq + jstp, ifrq + jstp2, ifrq + jstp3,
                                           ifrq + jstp4, ifreq, itop, psh, s5, ierr, derr)
                            if ierr[0] != 0:
                                return 0.0
                            psh = False
                    # get the next PASTP on the chain
                    ipn = I[ifrq + ipn + ikstp2]
                    if ipn > 0:
                        pastp = D[stp + ipn + ikstp]
                        ifreq = I[ifrq + ipn + ikstp]
                        continue
                    break
                # generate a new daughter node
                ok, kd, ks = _f7xact(kmax, I, iro + 1, idif + 1, kd, ks)
                if not ok:
                    break
        # L310: go get a new mother from stage k
        while True:
            no_more, last, ipn_new = _f6xact(nro, I, iro + 1, kyy + 1, key + ikkey + 1, ldkey, last)
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
                I[key2 + i] = -9999
            if not (k >= 2):
                return pre


def _pointer_intrinsic(dtype):
    ptr = types.CPointer(dtype)

    @intrinsic
    def as_pointer(typingctx, address):  # pragma: no cover - compiled
        def codegen(context, builder, signature, args):
            return builder.inttoptr(args[0], context.get_value_type(ptr))
        return ptr(address), codegen
    return as_pointer


_int_pointer = _pointer_intrinsic(types.int32)
_long_pointer = _pointer_intrinsic(types.int64)
_double_pointer = _pointer_intrinsic(types.float64)


@numba.njit(cache=True, error_model="numpy")
def _fexact_kernel(nrow, ncol, table, buf, iaux, daux, i1, i2, i3, i3a, i3b, i3c, i4, ldkey, i5, i6, ldstp, i7,
                   i8, i9, i9a, i10, iiwk, irwk, n2_stack):  # pragma: no cover - compiled
    """f2xact on R's workspace ``buf``, handed down as C does: ``I`` and ``D`` are ``int *`` and ``double *``
    to the same memory, ``ierr``/``derr`` and the static variables pointers into ``iaux``/``daux`` (numba
    pointers: no reference counting, no negative-index wraparound; the caller keeps the buffers alive)."""
    I = _int_pointer(buf.ctypes.data)
    D = _double_pointer(buf.ctypes.data)
    ierr = _long_pointer(iaux.ctypes.data)
    st3 = _long_pointer(iaux.ctypes.data + 8 * 8)
    s5 = _long_pointer(iaux.ctypes.data + 10 * 8)
    derr = _double_pointer(daux.ctypes.data)
    return _f2xact(nrow, ncol, table, I, D, i1, i2, i3, i3a, i3b, i3c, i4, ldkey, i5, i6, ldstp, i7, i8, i9, i9a,
                   i10, iiwk, irwk, n2_stack, ierr, derr, st3, s5)


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
        if self.ldkey < 1:  # R's f5xact would divide by zero (kval % ldkey): stop before, with our own words
            raise InputError(f"fisher_test: workspace = {workspace} leaves FEXACT no room for its hash tables "
                             f"(ldkey = {self.ldkey}); use a larger workspace (R's default is 200000)")
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
    buf = np.zeros(lay.iwkmax, dtype=np.int32)  # R_alloc(iwkmax / 2, sizeof(double)), as ints
    iaux = np.zeros(11, dtype=np.int64)   # ierr[0:8], f3xact's statics [8:10], f5xact's static [10]
    daux = np.zeros(2, dtype=np.float64)  # derr
    pre = _fexact_kernel(nrow, ncol, t, buf, iaux, daux, lay.i1, lay.i2, lay.i3, lay.i3a, lay.i3b, lay.i3c, lay.i4,
                         lay.ldkey, lay.i5, lay.i6, lay.ldstp, lay.i7, lay.i8, lay.i9, lay.i9a, lay.i10, lay.iiwk,
                         lay.irwk, lay.n2_stack)
    ierr, derr = iaux[:8], daux
    if ierr[0] != 0:
        _raise(ierr, derr)
    return float(pre)

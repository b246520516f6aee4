"""glmnet's Cox path ``coxnet`` and partial likelihood ``loglike`` (glmnet 4.1-6, src/coxnet5dpclean.f), line by line.

``glmnet(x, Surv(time, status), family = "cox")`` on a dense x with right-censored data and no strata runs the
Fortran ``coxnet`` (not the newer ``cox.path``): ``chkvars``, weights normalised to sum 1, ``cstandard`` (1/N
weighted centring and scaling), then ``coxnet1``: risk sets from ``groups`` (Singleton's quicksort ``psort7`` of
the times, the rows before the first death dropped, a risk-set block per distinct death time, Breslow ties),
``died`` / ``usk`` / ``outer`` (the diagonal Hessian weights ``w`` and working residuals ``wr``), the lambda
sequence (``big`` first, then ``lambda_max / max(alpha, 1e-3)`` times ``alf = flmin**(1/(nlam-1))`` and
multiplied on), the sequential strong rule, cyclic coordinate descent on the strong set and on the active set
(converged when ``max v_j * delta_j**2 < thresh * dev0``), the outer re-weighting and KKT loop, and the path's
stopping rules (``sml = fdev * 100``, ``devmax = 0.999 * 0.99 / 0.999`` with gfortran's single-precision
constants).  ``loglike`` is the partial log likelihood ``coxnet.deviance`` evaluates on new rows.

Every sum is a sequential loop as gfortran -O2 compiles ``dot_product`` / ``sum`` (no reassociation), so the
numbers are R's to the last bit.  Positions are kept 1-based as in the Fortran (index 0 unused); the rows
themselves (values of ``jp``) are 0-based.  ``x`` is passed transposed, (ni, no), one row per variable.
"""
from __future__ import annotations

import math

import numba
import numpy as np

__all__ = ["psort7", "coxnet", "loglike", "SML", "DEVMAX", "FMAX"]

# gfortran reads the literals 0.999, 0.99 and 0.1 of coxnet5dpclean.f as single-precision REALs.
_F999 = float(np.float32(0.999))
_F99 = float(np.float32(0.99))
_F01 = float(np.float32(0.1))
#: get_int_parms' sml0 = 1e-5, times 100.0 in coxnet1
SML = 1.0e-5 * 100.0
#: rsqmax0 = 0.999 (a REAL literal in a DATA statement), then devmax*0.99/0.999
DEVMAX = (_F999 * _F99) / _F999
#: log(huge(f(1)) * 0.1)
FMAX = math.log(np.finfo(np.float64).max * _F01)
_EPS = 1.0e-6
_BIG = 9.9e35
_MNLAM = 5


@numba.njit(cache=True, nogil=True)
def _f32_recip(k):  # pragma: no cover - compiled
    """``1.0/(nlam-1)`` as gfortran evaluates it: 1.0 is a REAL literal, so the quotient is single precision."""
    return float(np.float32(1.0) / np.float32(k))


@numba.njit(cache=True, nogil=True)
def _to_middle(v, a, ij, k, t):  # pragma: no cover - compiled
    """psort7's ``a(ij)=a(k); a(k)=t; t=a(ij); vt=v(t)``."""
    a[ij] = a[k]
    a[k] = t
    t = a[ij]
    return t, v[t]


@numba.njit(cache=True, nogil=True)
def psort7(v, a, ii, jj):  # pragma: no cover - compiled
    """glmnet's ``psort7`` (Singleton's CACM #347 quicksort): permute ``a[ii..jj]`` (1-based positions,
    values index ``v``) so that ``v[a]`` increases.  Not stable: the order of ties is the algorithm's."""
    iu = np.zeros(21, dtype=np.int64)
    il = np.zeros(21, dtype=np.int64)
    m = 1
    i = ii
    j = jj
    k = 0
    ij = 0
    l = 0  # noqa: E741
    t = 0
    tt = 0
    vt = 0.0
    state = 10
    while True:
        if state == 10:
            if i >= j:
                state = 80
                continue
            state = 20
            continue
        if state == 20:
            k = i
            ij = (j + i) // 2
            t = a[ij]
            vt = v[t]
            if v[a[i]] > vt:
                t, vt = _to_middle(v, a, ij, i, t)
            l = j  # noqa: E741
            if v[a[j]] < vt:
                t, vt = _to_middle(v, a, ij, j, t)
                if v[a[i]] > vt:
                    t, vt = _to_middle(v, a, ij, i, t)
            # label 50 / 40 loop
            while True:
                l -= 1  # noqa: E741
                while v[a[l]] > vt:
                    l -= 1  # noqa: E741
                tt = a[l]
                k += 1
                while v[a[k]] < vt:
                    k += 1
                if k <= l:
                    a[l] = a[k]
                    a[k] = tt
                    continue
                break
            if l - i <= j - k:
                il[m] = k
                iu[m] = j
                j = l
                m += 1
            else:
                il[m] = i
                iu[m] = l
                i = k
                m += 1
            state = 90
            continue
        if state == 80:
            m -= 1
            if m == 0:
                return
            i = il[m]
            j = iu[m]
            state = 90
            continue
        if state == 90:
            if j - i > 10:
                state = 20
                continue
            if i == ii:
                state = 10
                continue
            i -= 1
            # label 100: straight insertion
            while True:
                i += 1
                if i == j:
                    break
                t = a[i + 1]
                vt = v[t]
                if v[a[i]] <= vt:
                    continue
                k = i
                while True:
                    a[k + 1] = a[k]
                    k -= 1
                    if not (vt < v[a[k]]):
                        break
                a[k + 1] = t
            state = 80
            continue


@numba.njit(cache=True, nogil=True)
def _groups(no, y, d, q, kp, jp):  # pragma: no cover - compiled
    """``groups``: returns (nk, nj, t0, jerr); kp[1..nk] end positions of the risk-set blocks in jp[1..nj]."""
    for j in range(1, no + 1):
        jp[j] = j - 1
    # psort7 sorts positions 1..no of jp; v is indexed by jp's values (0-based rows)
    _psort_rows(y, jp, no)
    nj = 0
    for j in range(1, no + 1):
        if q[jp[j]] <= 0.0:
            continue
        nj += 1
        jp[nj] = jp[j]
    if nj == 0:
        return 0, 0, 0.0, 20000
    j = 1
    while True:
        if d[jp[j]] > 0.0:
            break
        j += 1
        if j > nj:
            break
    if j >= nj - 1:
        return 0, nj, 0.0, 30000
    t0 = y[jp[j]]
    j0 = j - 1
    if j0 > 0:
        while True:
            if y[jp[j0]] < t0:
                break
            j0 -= 1
            if j0 == 0:
                break
        if j0 > 0:
            nj = nj - j0
            for jj in range(1, nj + 1):
                jp[jj] = jp[jj + j0]
    nk = 0
    yk = t0
    j = 2
    while True:
        while True:
            if d[jp[j]] > 0.0 and y[jp[j]] > yk:
                break
            j += 1
            if j > nj:
                break
        nk += 1
        kp[nk] = j - 1
        if j > nj:
            break
        if j == nj:
            nk += 1
            kp[nk] = nj
            break
        yk = y[jp[j]]
        j += 1
    return nk, nj, t0, 0


@numba.njit(cache=True, nogil=True)
def _psort_rows(y, jp, no):  # pragma: no cover - compiled
    """psort7(y, jp, 1, no) with jp holding 0-based rows at 1-based positions (a shifted view of v)."""
    # psort7 indexes v by the values of a; shift the values by one so that v1[a] = y[a - 1]
    v1 = np.empty(no + 1)
    v1[0] = 0.0
    for i in range(no):
        v1[i + 1] = y[i]
    for j in range(1, no + 1):
        jp[j] += 1
    psort7(v1, jp, 1, no)
    for j in range(1, no + 1):
        jp[j] -= 1


@numba.njit(cache=True, nogil=True)
def _died(nk, d, kp, jp, dk):  # pragma: no cover - compiled
    s = 0.0
    for j in range(1, kp[1] + 1):
        s += d[jp[j]]
    dk[1] = s
    for k in range(2, nk + 1):
        s = 0.0
        for j in range(kp[k - 1] + 1, kp[k] + 1):
            s += d[jp[j]]
        dk[k] = s


@numba.njit(cache=True, nogil=True)
def _usk(nk, kp, jp, e, u):  # pragma: no cover - compiled
    h = 0.0
    for k in range(nk, 0, -1):
        j2 = kp[k]
        j1 = 1
        if k > 1:
            j1 = kp[k - 1] + 1
        for j in range(j2, j1 - 1, -1):
            h = h + e[jp[j]]
        u[k] = h


@numba.njit(cache=True, nogil=True)
def _outer(nk, d, dk, kp, jp, e, wr, w, u):  # pragma: no cover - compiled
    _usk(nk, kp, jp, e, u)
    b = dk[1] / u[1]
    c = dk[1] / (u[1] * u[1])
    for j in range(1, kp[1] + 1):
        i = jp[j]
        w[i] = e[i] * (b - e[i] * c)
        if not (w[i] > 0.0):
            return -30000
        wr[i] = d[i] - e[i] * b
    for k in range(2, nk + 1):
        j1 = kp[k - 1] + 1
        j2 = kp[k]
        b = b + dk[k] / u[k]
        c = c + dk[k] / (u[k] * u[k])
        for j in range(j1, j2 + 1):
            i = jp[j]
            w[i] = e[i] * (b - e[i] * c)
            if not (w[i] > 0.0):
                return -30000
            wr[i] = d[i] - e[i] * b
    return 0


@numba.njit(cache=True, nogil=True)
def _risk(no, nk, d, dk, f, e, kp, jp, u):  # pragma: no cover - compiled
    _usk(nk, kp, jp, e, u)
    s1 = 0.0
    for i in range(no):
        s1 += d[i] * f[i]
    s2 = 0.0
    for k in range(1, nk + 1):
        s2 += dk[k] * math.log(u[k])
    return s1 - s2


@numba.njit(cache=True, nogil=True)
def _dotw(wr, xj):  # pragma: no cover - compiled
    s = 0.0
    for i in range(wr.shape[0]):
        s += wr[i] * xj[i]
    return s


@numba.njit(cache=True, nogil=True)
def _pos_part_sum(v):  # pragma: no cover - compiled
    """``q = max(0d0, v); s = sum(q)`` (a sequential sum)."""
    q = np.empty(v.shape[0])
    for i in range(v.shape[0]):
        q[i] = max(0.0, v[i])
    s = 0.0
    for i in range(q.shape[0]):
        s += q[i]
    return q, s


@numba.njit(cache=True, nogil=True)
def _cd_step(j, x, a, v, vp, cl, sa, omal, wr, w, f, dli):  # pragma: no cover - compiled
    """One coordinate update of coxnet1 (both of its loops): returns (a[j] changed?, dli)."""
    xj = x[j]
    u = a[j] * v[j] + _dotw(wr, xj)
    if abs(u) > vp[j] * sa:
        tmp = abs(u) - vp[j] * sa
        if u < 0.0:
            tmp = -tmp  # sign(|u| - vp*sa, u)
        at = max(cl[0, j], min(cl[1, j], tmp / (v[j] + vp[j] * omal)))
    else:
        at = 0.0
    if at == a[j]:
        return False, dli
    dl = at - a[j]
    a[j] = at
    dli = max(dli, v[j] * (dl * dl))
    for i in range(wr.shape[0]):
        wr[i] = wr[i] - dl * w[i] * xj[i]
    for i in range(f.shape[0]):
        f[i] = f[i] + dl * xj[i]
    return True, dli


@numba.njit(cache=True, nogil=True)
def _clamp_exp(q, f, e, fmax):  # pragma: no cover - compiled
    for i in range(f.shape[0]):
        fi = f[i]
        af = abs(fi)
        if af > fmax:
            af = fmax
        e[i] = q[i] * math.exp(af if fi >= 0.0 else -af)


@numba.njit(cache=True, nogil=True)
def coxnet(parm, x, y, d, w, ju_in, vp, cl, ne, nx, nlam, flmin, ulam, thr, isd, maxit):  # pragma: no cover
    """glmnet's Fortran ``coxnet`` (no offset): returns
    (lmu, ca (nx, nlam), ia (0-based), nin (nlam), dev0 (nulldev), dev (nlam), alm (nlam), nlp, jerr).

    ``x`` (ni, no) is modified (standardised) in place; ``ju_in`` is 1 for a usable variable
    (chkvars and exclusions applied by the caller); ``cl`` (2, ni) the bounds."""
    ni, no = x.shape
    ca = np.zeros((nx, nlam))
    ia = np.zeros(nx, dtype=np.int64)
    nin_out = np.zeros(nlam, dtype=np.int64)
    dev = np.zeros(nlam)
    alm = np.zeros(nlam)
    vmax = vp[0]
    for j in range(ni):
        if vp[j] > vmax:
            vmax = vp[j]
    if not (vmax > 0.0):
        return 0, ca, ia, nin_out, 0.0, dev, alm, 0, 10000
    ju = ju_in.copy()
    anyju = False
    for j in range(ni):
        if ju[j] > 0:
            anyju = True
    if not anyju:
        return 0, ca, ia, nin_out, 0.0, dev, alm, 0, 7777
    vq, svq = _pos_part_sum(vp)
    for j in range(ni):
        vq[j] = vq[j] * ni / svq
    ww, sw = _pos_part_sum(w)
    if not (sw > 0.0):
        return 0, ca, ia, nin_out, 0.0, dev, alm, 0, 9999
    for i in range(no):
        ww[i] = ww[i] / sw
    # cstandard
    xs = np.ones(ni)
    for j in range(ni):
        if ju[j] == 0:
            continue
        xj = x[j]
        xm = 0.0
        for i in range(no):
            xm += ww[i] * xj[i]
        for i in range(no):
            xj[i] = xj[i] - xm
        if isd > 0:
            s = 0.0
            for i in range(no):
                s += ww[i] * (xj[i] * xj[i])
            s = math.sqrt(s)
            xs[j] = s
            for i in range(no):
                xj[i] = xj[i] / s
    cl = cl.copy()
    if isd > 0:
        for j in range(ni):
            cl[0, j] = cl[0, j] * xs[j]
            cl[1, j] = cl[1, j] * xs[j]
    lmu, nlp, dev0, jerr = _coxnet1(parm, x, y, d, ww, ju, vq, cl, ne, nx, nlam, flmin, ulam, thr, maxit,
                                    ca, ia, nin_out, dev, alm)
    if jerr > 0:
        return lmu, ca, ia, nin_out, dev0, dev, alm, nlp, jerr
    dev0 = 2.0 * sw * dev0
    if isd > 0:
        for k in range(lmu):
            for l in range(nin_out[k]):  # noqa: E741
                ca[l, k] = ca[l, k] / xs[ia[l]]
    return lmu, ca, ia, nin_out, dev0, dev, alm, nlp, jerr


@numba.njit(cache=True, nogil=True)
def _coxnet1(parm, x, y, d, q, ju, vp, cl, ne, nx, nlam, flmin, ulam, cthri, maxit,
             ao, m, kin, dev, alm):  # pragma: no cover - compiled
    """``coxnet1``; returns (lmu, nlp, dev0, jerr).  m holds 0-based variables; positions are 0-based."""
    ni, no = x.shape
    sml = SML
    devmax = DEVMAX
    per_row = np.zeros((5, no))  # the Fortran's work vectors over observations, variables and positions
    e, f, w, wr, dq = per_row[0], per_row[1], per_row[2], per_row[3], per_row[4]
    per_var = np.zeros((4, ni))
    v, a, as_, ga = per_var[0], per_var[1], per_var[2], per_var[3]
    marks = np.zeros((2, ni), dtype=np.int64)
    ixx, mm = marks[0], marks[1]
    per_pos = np.zeros((2, no + 1), dtype=np.int64)
    jp, kp = per_pos[0], per_pos[1]
    dk = np.zeros(no + 1)
    uu = np.zeros(no + 1)
    nk, nj, t0, jerr = _groups(no, y, d, q, kp, jp)
    if jerr != 0:
        return 0, 0, 0.0, jerr
    alpha = parm
    oma = 1.0 - alpha
    al = 0.0
    for i in range(no):
        dq[i] = d[i] * q[i]
    _died(nk, dq, kp, jp, dk)
    fmax = FMAX
    # no offset: f = 0, e = q
    for i in range(no):
        f[i] = 0.0
        e[i] = q[i]
    r0 = _risk(no, nk, dq, dk, f, e, kp, jp, uu)
    s = 0.0
    for k in range(1, nk + 1):
        s += dk[k] * math.log(dk[k])
    rr = -(s + r0)
    dev0 = rr
    for i in range(no):
        if (y[i] >= t0) and (q[i] > 0.0):
            continue
        w[i] = 0.0
        wr[i] = w[i]
    jerr = _outer(nk, dq, dk, kp, jp, e, wr, w, uu)
    if jerr != 0:
        return 0, 0, dev0, jerr
    alf = 1.0
    if flmin < 1.0:
        eqs = max(_EPS, flmin)
        alf = eqs ** _f32_recip(nlam - 1)
    nlp = 0
    nin = 0
    lmu = 0
    mnl = min(_MNLAM, nlam)
    cthr = cthri * dev0
    for j in range(ni):
        if ju[j] == 0:
            continue
        ga[j] = abs(_dotw(wr, x[j]))
    for ilm in range(1, nlam + 1):
        al0 = al
        if flmin >= 1.0:
            al = ulam[ilm - 1]
        elif ilm > 2:
            al = al * alf
        elif ilm == 1:
            al = _BIG
        else:
            al0 = 0.0
            for j in range(ni):
                if ju[j] == 0:
                    continue
                if vp[j] > 0.0:
                    al0 = max(al0, ga[j] / vp[j])
            al0 = al0 / max(parm, 1.0e-3)
            al = alf * al0
        sa = alpha * al
        omal = oma * al
        tlam = alpha * (2.0 * al - al0)
        for k in range(ni):
            if ixx[k] == 1:
                continue
            if ju[k] == 0:
                continue
            if ga[k] > tlam * vp[k]:
                ixx[k] = 1
        overflow = False
        while True:  # label 10360 (after a KKT violation) / 10371 (outer iterations)
            if nlp > maxit:
                return lmu, nlp, dev0, -ilm
            for l in range(nin):  # noqa: E741
                as_[m[l]] = a[m[l]]
            for j in range(ni):
                if ixx[j] > 0:
                    xj = x[j]
                    s = 0.0
                    for i in range(no):
                        s += w[i] * (xj[i] * xj[i])
                    v[j] = s
            while True:  # label 10401: a pass over the strong set
                nlp += 1
                dli = 0.0
                for j in range(ni):
                    if ixx[j] == 0:
                        continue
                    moved, dli = _cd_step(j, x, a, v, vp, cl, sa, omal, wr, w, f, dli)
                    if moved:
                        if mm[j] == 0:
                            nin += 1
                            if nin > nx:
                                break
                            mm[j] = nin
                            m[nin - 1] = j
                if nin > nx:
                    break
                if dli < cthr:
                    break
                if nlp > maxit:
                    return lmu, nlp, dev0, -ilm
                while True:  # label 10511: passes over the active set
                    nlp += 1
                    dli = 0.0
                    for l in range(nin):  # noqa: E741
                        _, dli = _cd_step(m[l], x, a, v, vp, cl, sa, omal, wr, w, f, dli)
                    if dli < cthr:
                        break
                    if nlp > maxit:
                        return lmu, nlp, dev0, -ilm
            if nin > nx:
                overflow = True
                break
            _clamp_exp(q, f, e, fmax)
            jerr = _outer(nk, dq, dk, kp, jp, e, wr, w, uu)
            if jerr != 0:
                return lmu, nlp, dev0, jerr - ilm
            ix = 0
            for l in range(nin):  # noqa: E741
                k = m[l]
                dd = a[k] - as_[k]
                if v[k] * (dd * dd) < cthr:
                    continue
                ix = 1
                break
            if ix != 0:
                continue  # goto 10371
            for k in range(ni):
                if ixx[k] == 1:
                    continue
                if ju[k] == 0:
                    continue
                ga[k] = abs(_dotw(wr, x[k]))
                if ga[k] <= sa * vp[k]:
                    continue
                ixx[k] = 1
                ix = 1
            if ix == 1:
                continue  # goto 10360
            break
        if overflow:
            return lmu, nlp, dev0, -10000 - ilm
        for l in range(nin):  # noqa: E741
            ao[l, ilm - 1] = a[m[l]]
        kin[ilm - 1] = nin
        alm[ilm - 1] = al
        lmu = ilm
        dev[ilm - 1] = (_risk(no, nk, dq, dk, f, e, kp, jp, uu) - r0) / rr
        if ilm < mnl:
            continue
        if flmin >= 1.0:
            continue
        me = 0
        for l in range(nin):  # noqa: E741
            if ao[l, ilm - 1] != 0.0:
                me += 1
        if me > ne:
            break
        if (dev[ilm - 1] - dev[ilm - mnl]) / dev[ilm - 1] < sml:
            break
        if dev[ilm - 1] > devmax:
            break
    return lmu, nlp, dev0, 0


@numba.njit(cache=True, nogil=True)
def loglike(x, y, d, w, a):  # pragma: no cover - compiled
    """glmnet's Fortran ``loglike`` (offset 0): the log partial likelihood (Breslow) of ``x`` (no, ni) at each
    column of ``a`` (ni, nlam), with x centred by its weighted means as the Fortran does.  Returns
    (flog (nlam), jerr)."""
    no, ni = x.shape
    nlam = a.shape[1]
    flog = np.zeros(nlam)
    q, sw = _pos_part_sum(w)
    if not (sw > 0.0):
        return flog, 9999
    jp = np.zeros(no + 1, dtype=np.int64)
    kp = np.zeros(no + 1, dtype=np.int64)
    nk, nj, t0, jerr = _groups(no, y, d, q, kp, jp)
    if jerr != 0:
        return flog, jerr
    fmax = FMAX
    dq = np.empty(no)
    for i in range(no):
        dq[i] = d[i] * q[i]
    dk = np.zeros(no + 1)
    _died(nk, dq, kp, jp, dk)
    gm = 0.0  # dot_product(q, g) / sw with g = 0
    for i in range(no):
        gm += q[i] * 0.0
    gm = gm / sw
    xm = np.empty(ni)
    for j in range(ni):
        s = 0.0
        for i in range(no):
            s += q[i] * x[i, j]
        xm[j] = s / sw
    f = np.empty(no)
    e = np.empty(no)
    uu = np.zeros(no + 1)
    nz = np.empty(ni, dtype=np.int64)
    for lam in range(nlam):
        # a zero coefficient adds 0 * (x - xm) = +-0 to a sum that starts at +0: skipping it changes no bit
        nnz = 0
        for j in range(ni):
            if a[j, lam] != 0.0:
                nz[nnz] = j
                nnz += 1
        for i in range(no):
            s = 0.0
            for jj in range(nnz):
                j = nz[jj]
                s += a[j, lam] * (x[i, j] - xm[j])
            fi = 0.0 - gm + s
            f[i] = fi
            af = abs(fi)
            if af > fmax:
                af = fmax
            e[i] = q[i] * math.exp(af if fi >= 0.0 else -af)
        flog[lam] = _risk(no, nk, dq, dk, f, e, kp, jp, uu)
    return flog, 0

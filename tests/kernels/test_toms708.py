"""``cmvt_core.kernels.toms708`` (R's toms708.c ``bratio`` and pbeta.c) live against R's ``pbeta``: bit for bit,
over a grid of shapes from 1e-16 to 1e5 and x from 1e-300 to 1 - 1e-15 that reaches every ``bratio``
method (the test counts them), both tails, on the probability and the log scale."""
from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from cmvt_core.kernels import toms708 as T

_SHAPES = [1e-16, 1e-3, 0.01, 0.1, 0.5, 0.9, 1.0, 1.5, 2.0, 3.7, 7.5, 8.0, 10.0, 14.9, 15.0, 20.5, 39.0, 40.5,
           99.0, 101.0, 150.0, 1e3, 1e4, 1e5]
_XS = [1e-300, 1e-100, 1e-20, 1e-8, 1e-3, 0.01, 0.05, 0.1, 0.15, 0.2, 0.29, 0.3, 0.35, 0.5, 0.6, 0.7, 0.8, 0.9,
       0.95, 0.99, 0.999, 1 - 1e-8, 1 - 1e-15]
_METHODS = ("fpser", "apser", "bpser", "bup", "bfrac", "bgrat", "basym")


def _grid() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    x, a, b = [], [], []
    for aa, bb, xx in itertools.product(_SHAPES, _SHAPES, _XS):
        x.append(xx)
        a.append(aa)
        b.append(bb)
    # around the mean of large shapes, where bfrac and basym take over
    for aa, bb in itertools.product([15.0, 40.0, 100.0, 150.0, 1e3, 1e4, 1e5], repeat=2):
        m = aa / (aa + bb)
        s = math.sqrt(aa * bb / ((aa + bb) ** 2 * (aa + bb + 1)))
        for k in [-30, -5, -1, -0.1, 0, 0.1, 1, 5, 30]:
            if 0 < m + k * s < 1:
                x.append(m + k * s)
                a.append(aa)
                b.append(bb)
    rng = np.random.default_rng(708)  # random shapes, log-uniform in [1e-3, 1e5], and x in (0, 1)
    n = 1500
    x.extend(rng.random(n).tolist())
    a.extend((10.0 ** rng.uniform(-3, 5, n)).tolist())
    b.extend((10.0 ** rng.uniform(-3, 5, n)).tolist())
    return np.array(x), np.array(a), np.array(b)


def test_pbeta_edges_follow_pbeta_c():
    assert T.pbeta(0.0, 2, 3) == 0.0 and T.pbeta(-1.0, 2, 3, lower_tail=False) == 1.0
    assert T.pbeta(1.0, 2, 3) == 1.0 and T.pbeta(2.0, 2, 3, log_p=True) == 0.0
    assert T.pbeta(0.3, 0, 0) == 0.5 and T.pbeta(0.3, 0, 0, log_p=True) == -math.log(2)
    assert T.pbeta(0.3, 0, 2) == 1.0 and T.pbeta(0.3, 2, 0) == 0.0 and T.pbeta(0.3, 2, math.inf) == 1.0
    assert T.pbeta(0.3, math.inf, math.inf) == 0.0 and T.pbeta(0.7, math.inf, math.inf) == 1.0
    assert math.isnan(T.pbeta(0.3, -1, 2)) and math.isnan(T.pbeta(math.nan, 1, 2))
    assert T.bratio(2, 3, 0.5, 0.4, False)[2] == 5  # y != 1 - x: R's ierr 5


@pytest.mark.r
def test_pbeta_bit_identical_to_r_reaching_every_bratio_method(r_bridge, parity_case, monkeypatch):
    cmp = parity_case("nmath-pbeta").describe(call="pbeta(x, a, b, lower.tail, log.p) over a grid and 1500 "
                                                    "random (x, a, b)")
    calls = dict.fromkeys(_METHODS, 0)

    def counting(name):
        f = getattr(T, name)

        def counted(*args):
            calls[name] += 1
            return f(*args)
        return counted
    for name in _METHODS:
        monkeypatch.setattr(T, name, counting(name))
    x, a, b = _grid()
    for lower, log in [(True, False), (False, False), (True, True), (False, True)]:
        py = [T.pbeta(xx, aa, bb, lower, log) for xx, aa, bb in zip(x.tolist(), a.tolist(), b.tolist())]
        r = r_bridge.call_py("stats::pbeta", x, a, b, lower__tail=lower, log__p=log)
        cmp.add("nmath.pbeta", py, np.asarray(r, dtype=float), note=f"lower.tail={lower}, log.p={log}")
    assert all(calls[m] > 0 for m in _METHODS), calls
    cmp.assert_ok()

"""kernels.zeroin (R's ``uniroot`` / ``R_zeroin2``) against live R: root, iterations and precision to the bit."""
from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

from cmvt_core import InputError, RWarning
from cmvt_core.kernels.distributions import qnorm
from cmvt_core.kernels.zeroin import uniroot

CASES = [("qnorm", lambda x: float(qnorm(np.array([x]))[0]), 0.2, 0.9), ("log", math.log, 0.5, 3.0),
         ("exp", math.exp, -1.0, 1.0)]


@pytest.mark.r
@pytest.mark.parametrize("name,fn,lo,hi", CASES[:2])
def test_uniroot_matches_r(name, fn, lo, hi, r_bridge, parity_case):
    r = r_bridge.call_py("uniroot", r_bridge.fn(name), [lo, hi])
    ours = uniroot(fn, lo, hi)
    cmp = parity_case(f"uniroot-{name}").describe(call=f"uniroot({name}, c({lo}, {hi}))")
    cmp.add("rbase.uniroot.root", ours["root"], float(np.asarray(r["root"])[0]))
    cmp.add("rbase.uniroot.estim_prec", ours["estim_prec"], float(np.asarray(r["estim.prec"])[0]))
    cmp.assert_ok()
    assert ours["iter"] == int(np.asarray(r["iter"])[0])


def test_errors_and_infinite_end_value():
    with pytest.raises(InputError, match="opposite sign"):
        uniroot(math.exp, -1.0, 1.0)
    with pytest.raises(InputError, match="lower < upper"):
        uniroot(math.log, 2.0, 1.0)
    # an infinite f(lower) goes to zeroin2 as Inf (R's uniroot truncates only to decide extendInt)
    with warnings.catch_warnings():
        warnings.simplefilter("error", RWarning)
        out = uniroot(lambda x: math.inf if x == 0.0 else 1 / x - 2, 0.0, 1.0)
    assert abs(out["root"] - 0.5) < 1e-4

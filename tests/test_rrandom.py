"""RRNG against R: bit-identical streams for every integer seed (docs/R_ALGORITHMS.md section 9).

The live tests draw the same thing in R through the bridge (``parity/r/helpers.R::rng_draws``:
``set.seed(seed); <draw>; .Random.seed``) and require exact equality.  To reproduce a
failure, hypothesis prints the seed and sizes; the R side is then e.g.
``set.seed(<seed>); sample.int(<n>, <size>, <replace>); .Random.seed``.
"""
from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from cmvt_core import InputError, RRNG
from cmvt_core.rrandom import qnorm, r_seed_int

INT_MAX = 2**31 - 1
seeds = st.integers(min_value=-INT_MAX, max_value=INT_MAX)
LIVE = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def r_draw(bridge, seed, what, n=0, size=0, replace=False, mean=0.0, sd=1.0):
    out = bridge.to_py(bridge.call("helper:rng_draws", seed, what, float(n), float(size), bool(replace),
                                   float(mean), float(sd)))
    return out["x"], out["random_seed"]


def log_uniform_int(lo: int, hi: int):
    """Integers spread evenly on a log scale between lo and hi (both inclusive)."""
    return st.floats(math.log(lo), math.log(hi)).map(lambda v: min(hi, max(lo, int(round(math.exp(v))))))


# ---------------------------------------------------------------- reference values (no R needed)
def test_reference_values_from_r():
    # Each value below was printed by R 4.2.2 for the call written beside it.
    assert RRNG(42).random_seed[:4].tolist() == [10403, 624, 507561766, 1260545903]  # set.seed(42); .Random.seed[1:4]
    np.testing.assert_array_equal(RRNG(42).sample(10), [1, 5, 10, 8, 2, 4, 6, 9, 7, 3])  # set.seed(42); sample(10)
    np.testing.assert_array_equal(RRNG(123).sample(10), [3, 10, 2, 8, 6, 9, 1, 7, 5, 4])  # set.seed(123); sample(10)
    np.testing.assert_array_equal(RRNG(42).sample(100, 100, replace=True)[:12],
                                  [49, 65, 25, 74, 100, 18, 49, 47, 24, 71, 100, 89])  # set.seed(42); sample(100,100,TRUE)
    assert RRNG(42).runif(2).tolist() == [0.91480604349635541, 0.93707541329786181]  # set.seed(42); runif(2)
    np.testing.assert_array_equal(RRNG(1).sample(2 * 10**7, 5),  # set.seed(1); sample(2e7, 5): the hash algorithm
                                  [10938497, 17633234, 12201267, 18120554, 13901861])
    assert RRNG(42).rnorm(3).tolist() == [1.37095844714666848, -0.56469817139608869, 0.36312841133733920]


def _unif_index_literal(rng: RRNG, dn: int, size: int) -> list[int]:
    """R's R_unif_index(dn) written out from RNG.c, one unif_rand() at a time (no compiled kernel):
    bits = ceil(log2(dn)); repeat { v = 0; for (n = 0; n <= bits; n += 16) v = 65536 * v +
    floor(unif_rand() * 65536); v &= 2^bits - 1 } until v < dn."""
    bits = int(math.ceil(math.log2(dn))) if dn > 1 else 0
    out = []
    while len(out) < size:
        v = 0
        for _ in range(0, bits + 1, 16):
            v = 65536 * v + int(math.floor(rng.unif_rand(1)[0] * 65536))
        v &= (1 << bits) - 1
        if v < dn:
            out.append(v)
    return out


@pytest.mark.parametrize("dn", [1, 2, 3, 224, 10_000, 32_768, 32_769, 65_536, 65_537, 550_237, 2**31 - 1, 2**40 + 3])
def test_unif_index_kernel_is_rs_rejection_sampling(dn):
    # the compiled kernel (branch-free when one 16-bit chunk suffices) against the literal loop,
    # in pieces so that a draw spans refills of the buffer; the streams must also end in one place
    fast, slow = RRNG(11), RRNG(11)
    for size in (3000, 7, 1, 20_000):
        assert fast.unif_index(dn, size).tolist() == _unif_index_literal(slow, dn, size), (dn, size)
        np.testing.assert_array_equal(fast.random_seed, slow.random_seed)
    np.testing.assert_array_equal(fast.sample(dn, 500, replace=True), np.array(_unif_index_literal(slow, dn, 500)) + 1)


def test_seed_zero_is_seed_one_shifted_by_one_draw():
    # docs/R_ALGORITHMS.md: "seed 0's stream is seed 1's shifted by one draw" (seed 0 has one extra first draw)
    a = RRNG(0).runif(10)
    b = RRNG(1).runif(10)
    np.testing.assert_array_equal(a[1:], b[:9])
    assert a[0] != b[0]


def test_random_seed_continues_the_stream():
    rng = RRNG(2024)
    rng.runif(1000)
    rng.sample(50)
    clone = RRNG.from_random_seed(rng.random_seed)
    np.testing.assert_array_equal(clone.runif(700), rng.runif(700))
    np.testing.assert_array_equal(clone.random_seed, rng.random_seed)


def test_seed_coercion_and_errors():
    assert r_seed_int(1.9) == 1 and r_seed_int(-1.9) == -1  # as.integer truncates toward zero
    np.testing.assert_array_equal(RRNG(7.99).random_seed, RRNG(7).random_seed)
    np.testing.assert_array_equal(RRNG(np.int64(5)).random_seed, RRNG(5).random_seed)
    for bad in (2**31, -(2**31), 2**40, float("nan"), float("inf"), "42", [1]):
        with pytest.raises(InputError, match="seed"):
            RRNG(bad)


def test_draw_argument_errors():
    rng = RRNG(1)
    with pytest.raises(InputError, match="larger than the population"):
        rng.sample(5, 6)
    with pytest.raises(InputError, match="n=-1"):
        rng.sample(-1)
    with pytest.raises(InputError, match="size=2.5"):
        rng.sample(10, 2.5)
    with pytest.raises(InputError, match="n=nan"):
        rng.runif(float("nan"))
    with pytest.raises(InputError, match="invalid limits"):
        rng.runif(3, 2.0, 1.0)
    assert rng.sample(0).shape == (0,)


def test_qnorm_edges():
    out = qnorm([0.0, 1.0, 0.5, -0.1, 1.1, np.nan])
    assert out[0] == -np.inf and out[1] == np.inf and out[2] == 0.0
    assert np.isnan(out[3:]).all()


def test_seed_none_uses_entropy():
    a, b = RRNG(None), RRNG(None)
    assert -INT_MAX <= a.seed <= INT_MAX
    assert a.seed != b.seed or not np.array_equal(a.runif(5), b.runif(5))


# ---------------------------------------------------------------- live parity with R
@pytest.mark.r
@LIVE
@given(seed=seeds)
@example(seed=0).via("boundary")
@example(seed=-1).via("boundary")
@example(seed=INT_MAX).via("boundary")
@example(seed=-INT_MAX).via("boundary")
def test_random_seed_after_set_seed(r_bridge, parity_case, seed):
    _, r_state = r_draw(r_bridge, seed, "none")
    cmp = parity_case(f"rrandom-set.seed({seed})")
    cmp.add("rrandom.random_seed", RRNG(seed).random_seed, r_state)
    cmp.assert_ok()


@pytest.mark.r
@LIVE
@given(seed=seeds, n=log_uniform_int(1, 5000))
@example(seed=42, n=625).via("block boundary")
@example(seed=1, n=1248).via("two blocks")
def test_runif(r_bridge, parity_case, seed, n):
    x, state = r_draw(r_bridge, seed, "runif", n=n)
    rng = RRNG(seed)
    cmp = parity_case(f"rrandom-runif({seed},{n})")
    cmp.add("rrandom.runif", rng.runif(n), x)
    cmp.add("rrandom.random_seed", rng.random_seed, state)
    cmp.assert_ok()


@pytest.mark.r
@LIVE
@given(seed=seeds, n=log_uniform_int(1, 10**7), frac=st.floats(0.0, 1.0))
@example(seed=3, n=10**7, frac=1e-3).via("n = 1e7, pool algorithm")
@example(seed=5, n=70000, frac=1.0).via("two-chunk rbits, full permutation")
@example(seed=9, n=65536, frac=1.0).via("bits = 16 exactly")
def test_sample_without_replacement(r_bridge, parity_case, seed, n, frac):
    size = max(1, min(n, int(frac * min(n, 20000))))
    x, state = r_draw(r_bridge, seed, "sample", n=n, size=size, replace=False)
    rng = RRNG(seed)
    cmp = parity_case(f"rrandom-sample({seed},{n},{size})")
    cmp.add("rrandom.sample", rng.sample(n, size), x)
    cmp.add("rrandom.random_seed", rng.random_seed, state)
    cmp.assert_ok()


@pytest.mark.r
@LIVE
@given(seed=seeds, n=log_uniform_int(1, INT_MAX), size=log_uniform_int(1, 5000))
@example(seed=1, n=INT_MAX, size=3).via("n = 2^31 - 1")
@example(seed=1, n=1, size=10).via("n = 1 still consumes one uniform per draw")
@example(seed=77, n=2 * 10**7, size=4000).via("above 1e7, with replacement")
def test_sample_with_replacement(r_bridge, parity_case, seed, n, size):
    x, state = r_draw(r_bridge, seed, "sample", n=n, size=size, replace=True)
    rng = RRNG(seed)
    cmp = parity_case(f"rrandom-sample-replace({seed},{n},{size})")
    cmp.add("rrandom.sample", rng.sample(n, size, replace=True), x)
    cmp.add("rrandom.random_seed", rng.random_seed, state)
    cmp.assert_ok()


@pytest.mark.r
@LIVE
@given(seed=seeds, n=log_uniform_int(1, 3000))
def test_rnorm(r_bridge, parity_case, seed, n):
    x, state = r_draw(r_bridge, seed, "rnorm", n=n)
    rng = RRNG(seed)
    cmp = parity_case(f"rrandom-rnorm({seed},{n})")
    cmp.add("rrandom.rnorm", rng.rnorm(n), x)
    cmp.add("rrandom.random_seed", rng.random_seed, state)
    cmp.assert_ok()


@pytest.mark.r
@pytest.mark.parametrize("what,n,size,replace", [
    ("sample", 10**6, 10**6, False),       # a full permutation of a million
    ("sample", 10**7, 10**6, False),       # pool algorithm at n = 1e7 (not above 1e7: no hash)
    ("sample", 3 * 10**7, 10**6, False),   # hash algorithm (sample2), a million draws
    ("sample", 10**6, 10**6, True),
    ("sample", INT_MAX, 10**6, True),
    ("runif", 10**6, 0, False),
    ("rnorm", 10**6, 0, False),
])
def test_large_draws(r_bridge, parity_case, what, n, size, replace):
    seed = 20261122
    x, state = r_draw(r_bridge, seed, what, n=n, size=size, replace=replace)
    rng = RRNG(seed)
    py = {"sample": lambda: rng.sample(n, size, replace), "runif": lambda: rng.runif(n),
          "rnorm": lambda: rng.rnorm(n)}[what]()
    cmp = parity_case(f"rrandom-large-{what}({n},{size},{replace})")
    cmp.add(f"rrandom.{what}", py, x)
    cmp.add("rrandom.random_seed", rng.random_seed, state)
    cmp.assert_ok()


@pytest.mark.r
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=seeds, steps=st.lists(st.tuples(st.sampled_from(["runif", "sample", "sample_r", "rnorm"]),
                                             log_uniform_int(1, 3000)), min_size=1, max_size=6))
def test_interleaved_calls_share_one_stream(r_bridge, parity_case, seed, steps):
    """Consecutive calls continue R's stream: the state after a sequence equals R's."""
    rng = RRNG(seed)
    state = None
    cmp = parity_case(f"rrandom-sequence({seed})")
    for i, (what, n) in enumerate(steps):
        # R continues from the state reached so far: restore it with .Random.seed through a fresh RRNG
        r_rng_state = rng.random_seed
        out = r_bridge.to_py(r_bridge.call("helper:rng_continue", r_rng_state, what, float(n)))
        py = {"runif": lambda: rng.runif(n), "sample": lambda: rng.sample(n),
              "sample_r": lambda: rng.sample(n, n, replace=True), "rnorm": lambda: rng.rnorm(n)}[what]()
        cmp.add(f"rrandom.{what.rstrip('_r')}", py, out["x"], note=f"step {i}")
        state = out["random_seed"]
        cmp.add("rrandom.random_seed", rng.random_seed, state, note=f"step {i}")
    cmp.assert_ok()


@pytest.mark.r
def test_r_seed_coercion_matches_r(r_bridge):
    # R truncates a double seed: set.seed(7.99) is set.seed(7)
    _, s1 = r_draw(r_bridge, 7.99, "none")
    np.testing.assert_array_equal(RRNG(7.99).random_seed, s1)
    # and refuses one outside the int range, as RRNG does
    with pytest.raises(r_bridge.RError):
        r_draw(r_bridge, 2.0**31, "none")
    with pytest.raises(InputError):
        RRNG(2**31)

"""The same bytes on any CPU (issue 16): ``cmvt analyze`` writes the same ``results.json`` (its
``provenance`` aside) and the same ``tables/*.csv`` whether numba compiles the kernels for this
machine's CPU (AVX2 vectors here) or for a generic x86-64 (SSE2 only, no AVX, no FMA).

Each run gets its own empty numba cache (``NUMBA_CACHE_DIR``), so its kernels really are compiled
for its target; the slow test costs two full compilations (about a minute each on 2 cores).  A
kernel compiled with ``fastmath`` (reassociated sums, fused multiply-adds) may round differently
for different vector widths, which this test catches: it failed before the fastmath flags were
removed from ``calibration.py``."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from _paths import COHORT

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "cmvt_core"

# small B: the bootstraps of calibrate, validate and the decision curves all run, in seconds
CONFIG = """
[study]
outcome = "cmvt"
seed = 2024

[calibration]
B = 50

[validation]
B = 50

[dca]
bootstraps = 20
"""

TARGETS = {
    "host": {},
    "generic": {"NUMBA_CPU_NAME": "generic", "NUMBA_CPU_FEATURES": ""},
}

# compiles a few bootstrap kernels (fresh cache: in memory, so their assembly can be read) and
# counts the AVX (ymm registers, VEX-encoded instructions) and FMA instructions in each
ASM_PROBE = r"""
import json, re
import numpy as np
from cmvt_core import calibration as c
rng = np.random.default_rng(1)
n = 40
XaT = np.ascontiguousarray(np.vstack([np.ones(n), rng.normal(size=(3, n))]))
w = rng.random(n)
c._rowdots(XaT, w, n, np.empty(4))
c._gram_lower(XaT, w, n, np.empty((4, 4)), np.empty(n))
c._lowest_fused(np.sort(rng.random(n)), rng.random(n), n, 0.5, np.int64(1), np.int64(20))
yy = (rng.random(n) > 0.5).astype(np.int64)
c._llogit_boot(np.zeros(4), XaT, yy, np.ones(n), np.empty(4), np.empty(n), np.empty(n), np.empty(n), c._TRUE)
out = {}
for name in ("_rowdots", "_gram_lower", "_lowest_fused", "_llogit_boot"):
    d = getattr(c, name)
    a = d.inspect_asm(d.signatures[0])
    out[name] = {"ymm": len(re.findall(r"%ymm", a)),
                 "vex": len(re.findall(r"^\s+v[a-z0-9]+\s", a, re.M)),
                 "fma": len(re.findall(r"\bvf(n)?m(add|sub)", a))}
print(json.dumps(out))
"""


def _env(target: str, cache: Path) -> dict:
    env = {k: v for k, v in os.environ.items()
           if k not in ("NUMBA_CPU_NAME", "NUMBA_CPU_FEATURES", "NUMBA_CACHE_DIR", "NUMBA_DISABLE_JIT")}
    env.update(TARGETS[target])
    env["NUMBA_CACHE_DIR"] = str(cache)
    return env


def _run(args: list[str], env: dict, timeout: int = 900) -> subprocess.CompletedProcess:
    p = subprocess.run([sys.executable, *args], env=env, capture_output=True, text=True, timeout=timeout)
    assert p.returncode == 0, f"{args[:3]} failed ({p.returncode}):\n{p.stdout[-2000:]}\n{p.stderr[-4000:]}"
    return p


def _host_has_avx() -> bool:
    try:
        flags = Path("/proc/cpuinfo").read_text()
    except OSError:
        return False
    return re.search(r"^flags\s*:.*\bavx2?\b", flags, re.M) is not None


def test_no_fastmath_in_the_sources():
    """No kernel is compiled with fastmath (reassociation or contraction into FMA): the summation
    order of every reported number is the one written in the source."""
    hits = [f"{p.name}:{i}" for p in sorted(SRC.rglob("*.py"))
            for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
            if re.search(r"fastmath|\"contract\"|'contract'|\"reassoc\"|'reassoc'", line)]
    assert not hits, f"fastmath flags in {hits}"


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    base = tmp_path_factory.mktemp("cpu_targets")
    cfg = base / "small.toml"
    cfg.write_text(CONFIG, encoding="utf-8")
    out = {}
    for target in TARGETS:
        probe = json.loads(_run(["-c", ASM_PROBE], _env(target, base / f"cache-asm-{target}")).stdout)
        folder = base / f"out-{target}"
        _run(["-m", "cmvt_core", "analyze", str(COHORT), "--out", str(folder), "--config", str(cfg),
              "--no-figures", "--quiet"], _env(target, base / f"cache-{target}"))
        cached = list((base / f"cache-{target}").rglob("*.nbi"))
        assert cached, f"the {target} run cached no kernels in its own NUMBA_CACHE_DIR"
        out[target] = {"asm": probe, "out": folder}
    return out


def _results(folder: Path) -> bytes:
    d = json.loads((folder / "results.json").read_text(encoding="utf-8"))
    d.pop("provenance")
    return json.dumps(d, indent=1, sort_keys=True, allow_nan=True).encode()


def _first_difference(a, b, path="") -> str | None:
    if type(a) is not type(b):
        return f"{path}: {a!r} vs {b!r}"
    if isinstance(a, dict):
        for k in sorted(set(a) | set(b)):
            if k not in a or k not in b:
                return f"{path}/{k}: only in one"
            d = _first_difference(a[k], b[k], f"{path}/{k}")
            if d:
                return d
        return None
    if isinstance(a, list):
        if len(a) != len(b):
            return f"{path}: lengths {len(a)} vs {len(b)}"
        for i, (x, y) in enumerate(zip(a, b)):
            d = _first_difference(x, y, f"{path}[{i}]")
            if d:
                return d
        return None
    return None if repr(a) == repr(b) else f"{path}: {a!r} vs {b!r}"


@pytest.mark.slow
def test_generic_build_uses_no_avx_and_host_build_does(runs):
    """The two builds really differ: the host's uses AVX (ymm vectors) in at least one bootstrap
    kernel, the generic one in none; neither fuses a multiply and an add (no FMA)."""
    if not _host_has_avx():
        pytest.xfail("this CPU has no AVX: the host and generic builds use the same instructions, "
                     "so the comparison cannot show a difference in code generation")
    host, generic = runs["host"]["asm"], runs["generic"]["asm"]
    assert any(k["ymm"] > 0 for k in host.values()), f"host build uses no AVX vectors: {host}"
    assert all(k["ymm"] == 0 and k["vex"] == 0 for k in generic.values()), f"generic build uses AVX: {generic}"
    fused = {name: k["fma"] for name, k in host.items() if k["fma"]}
    assert not fused, f"fused multiply-adds in {fused}"


@pytest.mark.slow
def test_analyze_same_bytes_generic_and_host(runs):
    """results.json (provenance aside) and every tables/*.csv are byte-identical for the two builds."""
    a, b = runs["host"]["out"], runs["generic"]["out"]
    ra, rb = _results(a), _results(b)
    if ra != rb:
        diff = _first_difference(json.loads(ra), json.loads(rb))
        pytest.fail(f"results.json differs between the host and the generic build; first at {diff}")
    ta = sorted(p.name for p in (a / "tables").glob("*.csv"))
    tb = sorted(p.name for p in (b / "tables").glob("*.csv"))
    assert ta == tb and ta, (ta, tb)
    differ = [nm for nm in ta if (a / "tables" / nm).read_bytes() != (b / "tables" / nm).read_bytes()]
    assert not differ, f"tables differ between the host and the generic build: {differ}"

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

from _paths import COHORT, ROOT

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

# One half of the warm-up (cmvt_core.warmup part "a" or "b", as `cmvt analyze` runs it on a cold
# cache) compiles its kernels into the run's cache; then, for every numba kernel this process
# compiled (not loaded from the cache, whose code cannot be read back), it counts the AVX (ymm
# registers, VEX-encoded instructions) and FMA instructions in the machine code.
ASM_PROBE = r"""
import json, re, sys
from numba.core.dispatcher import Dispatcher
from cmvt_core import warmup
getattr(warmup, "part_" + sys.argv[1])()
def cells(obj):
    for c in getattr(obj, "__closure__", None) or ():
        try:
            yield c.cell_contents
        except ValueError:  # an empty cell
            pass
found, seen = {}, set()
for modname, mod in list(sys.modules.items()):
    if not modname.startswith("cmvt_core"):
        continue
    for name, obj in list(vars(mod).items()):
        for d in [obj, *cells(obj)]:  # rrandom's kernels sit in a closure (compiled on first call)
            if isinstance(d, Dispatcher) and id(d) not in seen:
                seen.add(id(d))
                found[f"{modname}.{name}"] = d
out = {}
for name, d in sorted(found.items()):
    for sig, cres in d.overloads.items():
        if getattr(cres.library, "_disable_inspection", False):
            continue  # loaded from the cache (compiled by the other half)
        a = cres.library.get_asm_str()
        out[f"{name}{sig}"] = {"ymm": len(re.findall(r"%ymm", a)),
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
    """No kernel is compiled with fastmath, and the hand-written IR of ``_lanes`` sets no fast-math
    flags (reassociation, contraction into FMA): the order of every sum is the one in the source."""
    hits = [f"{p.name}:{i}" for p in sorted(SRC.rglob("*.py"))
            for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
            if re.search(r"fastmath\s*=|flags\s*=|[\"'](fast|contract|reassoc|nsz|arcp|afn|nnan|ninf)[\"']", line)]
    assert not hits, f"fastmath flags in {hits}"


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    base = tmp_path_factory.mktemp("cpu_targets")
    cfg = base / "small.toml"
    cfg.write_text(CONFIG, encoding="utf-8")
    out = {}
    for target in TARGETS:
        cache = base / f"cache-{target}"
        env = _env(target, cache)
        # compile every kernel for this target into its own empty cache, in two processes (the
        # warm-up's split), reading their machine code on the way ...
        procs = [subprocess.Popen([sys.executable, "-c", ASM_PROBE, part], env=env, text=True,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE) for part in ("a", "b")]
        asm = {}
        for p in procs:
            so, se = p.communicate(timeout=900)
            assert p.returncode == 0, f"warm-up probe failed ({target}):\n{se[-4000:]}"
            asm.update(json.loads(so.strip().splitlines()[-1]))
        assert asm, f"the {target} probe compiled no kernels"
        assert list(cache.rglob("*.nbi")), f"the {target} build cached no kernels in its own NUMBA_CACHE_DIR"
        # ... then the study, which loads them from there
        folder = base / f"out-{target}"
        _run(["-m", "cmvt_core", "analyze", str(COHORT), "--out", str(folder), "--config", str(cfg),
              "--no-figures", "--quiet"], env)
        out[target] = {"asm": asm, "out": folder}
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
    """The two builds really differ: the host's uses AVX (ymm vectors) in at least one kernel, the
    generic one in none; and no kernel of the host's build fuses a multiply and an add (FMA), which
    LLVM does only under fastmath's "contract" flag."""
    if not _host_has_avx():
        pytest.xfail("this CPU has no AVX: the host and generic builds use the same instructions, "
                     "so the comparison cannot show a difference in code generation")
    host, generic = runs["host"]["asm"], runs["generic"]["asm"]
    assert any(k["ymm"] > 0 for k in host.values()), f"host build uses no AVX vectors: {host}"
    avx = {name: k for name, k in generic.items() if k["ymm"] or k["vex"]}
    assert not avx, f"generic build uses AVX: {avx}"
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

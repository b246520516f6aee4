"""Benchmark: calibrate + validate (B = 1000) before and after a change to the compiled kernels,
here the removal of ``fastmath`` (issue 16: the same bytes on any CPU).

Run: ``.venv/bin/python benchmarks/bench_fastmath.py --before COMMIT`` (rewrites the
``calibration-fastmath`` section of BENCHMARKS.md).  The sources of COMMIT are extracted into a
temporary folder; the two versions then run alternately, ``--rounds`` times each, in fresh
processes (``PYTHONPATH`` points at the old sources for "before"), so that both see the same load
on the machine.  Each process warms up (compiles or loads the numba kernels) and times
``calibrate(fit, B=1000, seed=1)`` and ``validate(fit, B=1000, seed=1)`` on the data of
``bench_calibration.py`` (p = 6) with the default ``n_jobs`` (threads on all cores) and with
``n_jobs=1``; the table shows the best time over all rounds.  No R is needed.

``--time`` is the worker: it prints one JSON line of timings for the ``cmvt_core`` it imports.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks._common import ROOT, machine_note, table, write_section  # noqa: E402

B = 1000
SIZES = (224, 10_000)


def _worker(repeat: int) -> None:

    from benchmarks.bench_calibration import _data
    import cmvt_core
    from cmvt_core import lrm
    from cmvt_core.calibration import calibrate, validate

    out = {"cmvt_core": str(Path(cmvt_core.__file__).parent)}
    for n in SIZES:
        df, y = _data(n)
        fit = lrm(df, y)
        res = {}
        for label, kw in (("", {}), ("_1", {"n_jobs": 1})):
            for name, fn in (("cal", calibrate), ("val", validate)):
                fn(fit, B=B if n < 1000 else 20, seed=1, progress=False, **kw)  # warm-up
                best = cpu = float("inf")
                for _ in range(repeat if n < 1000 else 1):
                    t0, c0 = time.perf_counter(), time.process_time()
                    fn(fit, B=B, seed=1, progress=False, **kw)
                    best = min(best, time.perf_counter() - t0)
                    cpu = min(cpu, time.process_time() - c0)
                res[name + label] = best
                if label:
                    res[name + label + "_cpu"] = cpu
        out[str(n)] = res
    print(json.dumps(out), flush=True)


def _run(src: Path | None, repeat: int) -> dict:
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)
    if src is not None:
        env["PYTHONPATH"] = str(src)
    p = subprocess.run([sys.executable, __file__, "--time", "--repeat", str(repeat)], env=env,
                       capture_output=True, text=True, check=True)
    return json.loads(p.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--time", action="store_true", help="worker: time the imported cmvt_core, print JSON")
    ap.add_argument("--before", help="git commit of the 'before' sources (e.g. the parent of the change)")
    ap.add_argument("--deleted", action="store_true",
                    help="also time the 'before' sources with their fastmath flags deleted and nothing else")
    ap.add_argument("--rounds", type=int, default=3, help="alternating runs of each version")
    ap.add_argument("--repeat", type=int, default=3, help="timed calls per process at n = 224")
    args = ap.parse_args()
    if args.time:
        _worker(args.repeat)
        return
    if not args.before:
        ap.error("--before COMMIT is required")
    machine = machine_note()
    loads = []
    with tempfile.TemporaryDirectory(prefix="cmvt-before-") as tmp:
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", args.before, "src"], check=True,
                                 capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", tmp], input=archive, check=True)
        old = Path(tmp) / "src"
        versions = [("before", old)]
        if args.deleted:  # a second copy of the old sources, without the fastmath= arguments
            plain = Path(tmp) / "deleted"
            plain.mkdir()
            subprocess.run(["tar", "-x", "-C", str(plain)], input=archive, check=True)
            plain = plain / "src"
            for f in plain.rglob("*.py"):
                text = f.read_text(encoding="utf-8")
                new = re.sub(r",\s*fastmath\s*=\s*[A-Za-z_{}\"', ]+?\)", ")", text)
                if new != text:
                    f.write_text(new, encoding="utf-8")
            versions.append(("fastmath deleted", plain))
        versions.append(("after", None))
        runs: dict[str, list[dict]] = {label: [] for label, _ in versions}
        for r in range(args.rounds):
            for label, src in versions:
                runs[label].append(_run(src, args.repeat))
                loads.append(os.getloadavg()[0])
                print(label, r, json.dumps(runs[label][-1]), flush=True)
    best = {lab: {n: {k: min(x[str(n)][k] for x in v) for k in v[0][str(n)]} for n in SIZES}
            for lab, v in runs.items()}
    keys = ("cal", "val", "cal_1", "val_1")
    rows = []
    for n in SIZES:
        for lab in runs:
            t = best[lab][n]
            rows.append([f"{n:,}", lab, *(f"{t[k]:.3f}" for k in keys), f"{t['cal_1'] + t['val_1']:.3f}",
                         f"{t['cal_1_cpu'] + t['val_1_cpu']:.3f}"])
        for lab in runs:
            if lab == "before":
                continue
            a, b = best[lab][n], best["before"][n]
            rows.append([f"{n:,}", f"{lab} / before", *(f"{a[k] / b[k]:.2f}" for k in keys),
                         f"{(a['cal_1'] + a['val_1']) / (b['cal_1'] + b['val_1']):.2f}",
                         f"{(a['cal_1_cpu'] + a['val_1_cpu']) / (b['cal_1_cpu'] + b['val_1_cpu']):.2f}"])
    extra = [lab for lab in runs if lab not in ("before", "after")]
    md = [
        "### No fastmath in the kernels (issue 16)",
        "",
        "`calibrate(fit, B=1000, seed=1)` and `validate(fit, B=1000, seed=1)` in seconds, on the data of "
        "the table above. **before**: commit `" + args.before + "` (the refit's score and information "
        "sums and the calibrate smoother's window sums compiled with fastmath: reassociated, FMA); "
        + ("**fastmath deleted**: the same sources with the `fastmath=` arguments deleted and nothing "
           "else changed; " if extra else "")
        + "**after**: this tree (no fastmath anywhere; those sums are `kernels.lanes.dot` and "
        "`kernels.lanes.window_sums`, SIMD in a fixed order). Each version ran in "
        f"{args.rounds} fresh processes, the versions taking turns, and the table keeps the best time of "
        f"each (at n = 224 a process times {args.repeat} calls, at n = 10 000 one); the default `n_jobs` "
        "uses threads on both cores, `n_jobs=1` one thread, whose CPU seconds (process time) are the "
        "column least disturbed by other work on the machine (wall times on a loaded machine vary by "
        f"tens of percent from run to run). {machine}; load average "
        f"{min(loads):.1f}-{max(loads):.1f} (1 min) during the runs (a shared machine: other sessions "
        "were running). Made by `benchmarks/bench_fastmath.py --before COMMIT"
        + (" --deleted" if extra else "") + "`.",
        "",
        table(["n", "version", "calibrate", "validate", "calibrate n_jobs=1", "validate n_jobs=1",
               "total n_jobs=1", "CPU s n_jobs=1"], rows),
        "",
        "Why: fastmath lets LLVM reassociate a sum and fuse a multiply with an add, so the rounding "
        "depends on the vector width of the CPU the kernel was compiled for: `results.json` of "
        "`cmvt analyze` differed in the last bits (19 values, and two tables) between a build for this "
        "AVX2 host and one for a generic x86-64 (`tests/api/test_cpu_targets.py`). Without fastmath LLVM "
        "may not vectorise a sum at all (numba also leaves SLP vectorisation off), so the plain loops "
        "run scalar: that is what deleting the flags alone costs, mostly in the lowess window sums. "
        "`cmvt_core.kernels.lanes` wins it back by writing the vector code out in LLVM IR with a fixed "
        "width of four doubles and no fast-math flags: lane l sums the terms k = l, l + 4, ... (eight "
        "lanes in two registers for the dot products), the lanes are combined in a fixed tree and "
        "the remaining terms added in order. An AVX2 CPU runs a lane set as one ymm register, a "
        "generic x86-64 as two xmm registers; the IEEE operations, hence the bytes, are the same.",
        "",
        f"_Python {platform.python_version()}; {time.strftime('%Y-%m-%d')}._",
    ]
    write_section("calibration-fastmath", "\n".join(md))
    print("\n".join(md))


if __name__ == "__main__":
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    main()

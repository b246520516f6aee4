"""Shared helpers for the side-by-side benchmarks (Python vs R in one process)."""
from __future__ import annotations

import os
import re
import time
from pathlib import Path
from typing import Callable

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

ROOT = Path(__file__).resolve().parents[1]
BENCH_MD = ROOT / "BENCHMARKS.md"


def best_time(fn: Callable[[], object], repeat: int = 3, min_time: float = 0.0) -> float:
    """The best wall time of `repeat` calls (seconds); one warm-up call first."""
    fn()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def write_section(name: str, markdown: str) -> None:
    """Replace the `<!-- section:name -->` block of BENCHMARKS.md with `markdown`."""
    text = BENCH_MD.read_text()
    start, end = f"<!-- section:{name} -->", f"<!-- end:{name} -->"
    block = f"{start}\n{markdown.rstrip()}\n{end}"
    if start in text:
        text = re.sub(re.escape(start) + r".*?" + re.escape(end), lambda _: block, text, flags=re.S)
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    BENCH_MD.write_text(text)


def table(header: list[str], rows: list[list[object]]) -> str:
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for r in rows:
        out.append("| " + " | ".join(str(c) for c in r) + " |")
    return "\n".join(out)


def machine_note() -> str:
    """How busy the machine was when a benchmark started: measured, not assumed."""
    load1, load5, _ = os.getloadavg()
    return (f"{os.cpu_count()}-core machine, load average {load1:.1f} (1 min) / {load5:.1f} (5 min) when the "
            "benchmark started")

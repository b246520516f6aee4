"""``cmvt parity --out DIR``: every parity case, live through R, as evidence for reviewers.

It runs the project's parity suite (the pytest tests marked ``r`` or ``golden``, plus any
``--case FILE.py`` of the user's own) in this process with deterministic hypothesis examples,
collects every ``Comparison`` the ``parity_case`` fixture made, and writes

* ``parity.json``: ``environment`` (OS, Python, numpy/scipy/pandas, R version, every R package
  version, ``RNGkind()``), ``summary`` (cases, statistics, failures) and ``cases`` (name,
  sha256 of the data, the R call, golden or live, and per statistic ours / R's / abs diff /
  rel diff / tolerances / verdict).  Apart from ``generated_at`` two runs give the same bytes.
* ``parity.html``: the summary first (cases, statistics, failures, largest relative difference
  per function), the details after.

The exit status is 1 if any comparison or parity test failed.
"""
from __future__ import annotations

import datetime as _dt
import html
import json
import math
import os
import platform
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

#: the source checkout this installation runs from (src/cmvt_core/parity -> the repository), if any
ROOT = Path(__file__).resolve().parents[3]


def register(subparsers) -> None:
    """Entry point ``cmvt.commands``: adds ``cmvt parity`` to the command line."""
    p = subparsers.add_parser("parity", help="run every parity case live through R and write the evidence")
    p.add_argument("--out", required=True, help="folder for parity.json and parity.html")
    p.add_argument("--case", action="append", default=[], metavar="FILE.py",
                   help="a test file of your own parity cases (uses the r_bridge/parity_case fixtures); repeatable")
    p.add_argument("-k", dest="keyword", help="only cases whose test name matches this pytest -k expression")
    p.add_argument("--only-cases", action="store_true", help="run only the --case files, not the project's suite")
    p.set_defaults(func=main)


def _environment(bridge_env: dict[str, Any] | None) -> dict[str, Any]:
    import numpy
    import pandas
    import scipy

    env = {"os": platform.platform(), "python": platform.python_version(), "numpy": numpy.__version__,
           "scipy": scipy.__version__, "pandas": pandas.__version__}
    try:
        from cmvt_core import __version__

        env["cmvt_core"] = __version__
    except ImportError:  # pragma: no cover
        pass
    if bridge_env:
        env.update(bridge_env)
    else:
        env.update({"r_version": None, "r_packages": {}, "rng_kind": None})
    return env


def _num(v: Any) -> Any:
    if isinstance(v, float) and (math.isnan(v) or math.isinf(v)):
        return repr(v)  # JSON has no NaN/Inf; keep them readable and unambiguous
    return v


def _clean(v: Any) -> Any:
    if isinstance(v, dict):
        return {k: _clean(x) for k, x in v.items()}
    if isinstance(v, list):
        return [_clean(x) for x in v]
    return _num(v)


MAX_VALUES = 50  # longer arrays are summarised in parity.json (length, first values); diffs cover every element


def _values(v: Any) -> Any:
    if isinstance(v, list) and len(v) > MAX_VALUES:
        flat = v
        return {"length": len(flat), "first": flat[:10], "note": "array shortened for the report; every element was compared"}
    return v


def build_report(comparisons, pytest_exit: int, bridge_env: dict[str, Any] | None) -> dict[str, Any]:
    cases = []
    for cmp in sorted(comparisons, key=lambda c: c.case):
        stats = []
        for r in cmp.records:
            d = r.to_dict()
            stats.append({"name": r.statistic + (f" [{r.note}]" if r.note else ""), "python": _values(d["python"]),
                          "r": _values(d["r"]),
                          "abs_diff": r.abs_diff, "rel_diff": r.rel_diff, "abs_tol": r.abs_tol, "rel_tol": r.rel_tol,
                          "pass": bool(r.passed), **({"reason": r.reason} if r.reason else {})})
        cases.append({"name": cmp.case, "sha256": cmp.sha256, "call": cmp.call, "golden": bool(cmp.golden),
                      "statistics": stats})
    n_stats = sum(len(c["statistics"]) for c in cases)
    failures = sum(1 for c in cases for s in c["statistics"] if not s["pass"])
    per_function: dict[str, float] = {}
    for c in cases:
        for s in c["statistics"]:
            fn = s["name"].split(".")[0]
            rd = s["rel_diff"] if math.isfinite(s["rel_diff"]) else float("inf")
            per_function[fn] = max(per_function.get(fn, 0.0), rd)
    summary = {"cases": len(cases), "statistics": n_stats, "failures": failures,
               "golden_cases": sum(1 for c in cases if c["golden"]), "live_cases": sum(1 for c in cases if not c["golden"]),
               "pytest_exit_status": int(pytest_exit),
               "largest_rel_diff_per_function": dict(sorted(per_function.items()))}
    return _clean({"generated_at": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
                   "environment": _environment(bridge_env), "summary": summary, "cases": cases})


def _html(report: dict[str, Any]) -> str:
    e = lambda v: html.escape(str(v), quote=True)  # noqa: E731
    s = report["summary"]
    env = report["environment"]
    ok = s["failures"] == 0 and s["pytest_exit_status"] == 0
    out = ["<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>cmvt-core parity evidence</title>",
           "<style>body{font-family:sans-serif;max-width:1100px;margin:2em auto;padding:0 1em}table{border-collapse:collapse;"
           "font-size:.85em}td,th{border-bottom:1px solid #ddd;padding:.2em .5em;text-align:left;vertical-align:top}"
           ".fail{color:#b00;font-weight:bold}.pass{color:#060}code{font-size:.9em}</style></head><body>",
           "<h1>cmvt-core: parity with R</h1>",
           f"<p class='{'pass' if ok else 'fail'}'>"
           f"{'All comparisons agree with R within their registered tolerances.' if ok else 'FAILURES: see below.'}</p>",
           "<h2>Summary</h2><table>",
           f"<tr><th>cases</th><td>{s['cases']} ({s['live_cases']} live against R, {s['golden_cases']} against stored "
           "goldens of rmda 1.6 / ResourceSelection 0.3-6, which Debian does not ship)</td></tr>",
           f"<tr><th>statistics compared</th><td>{s['statistics']}</td></tr>",
           f"<tr><th>failures</th><td>{s['failures']} (pytest exit status {s['pytest_exit_status']})</td></tr>",
           f"<tr><th>R</th><td>{e(env.get('r_version'))}; RNGkind {e(env.get('rng_kind'))}</td></tr>",
           f"<tr><th>Python</th><td>{e(env.get('python'))}; numpy {e(env.get('numpy'))}, scipy {e(env.get('scipy'))}, "
           f"pandas {e(env.get('pandas'))}; {e(env.get('os'))}</td></tr>",
           "</table><h3>Largest relative difference per function</h3><table><tr><th>function</th><th>max rel diff</th></tr>"]
    for fn, v in s["largest_rel_diff_per_function"].items():
        out.append(f"<tr><td>{e(fn)}</td><td>{e(v if isinstance(v, str) else f'{v:.3g}')}</td></tr>")
    packages = ", ".join(f"{e(k)} {e(v)}" for k, v in env.get("r_packages", {}).items())
    out.append("</table><h3>R packages</h3><p>" + packages + "</p>")
    out.append("<h2>Cases</h2>")
    for c in report["cases"]:
        bad = sum(1 for st in c["statistics"] if not st["pass"])
        out.append(f"<h3 class='{'fail' if bad else 'pass'}'>{e(c['name'])} {'(golden)' if c['golden'] else ''}</h3>")
        if c["call"]:
            out.append(f"<p>R: <code>{e(c['call'])}</code></p>")
        if c["sha256"]:
            out.append(f"<p>data SHA-256 <code>{e(c['sha256'])}</code></p>")
        out.append("<table><tr><th>statistic</th><th>abs diff</th><th>rel diff</th><th>abs tol</th><th>rel tol</th>"
                   "<th>verdict</th></tr>")
        for st in c["statistics"]:
            fmt = lambda v: e(v if isinstance(v, str) else f"{v:.3g}")  # noqa: E731
            out.append(f"<tr><td>{e(st['name'])}</td><td>{fmt(st['abs_diff'])}</td><td>{fmt(st['rel_diff'])}</td>"
                       f"<td>{fmt(st['abs_tol'])}</td><td>{fmt(st['rel_tol'])}</td>"
                       f"<td class='{'pass' if st['pass'] else 'fail'}'>"
                       f"{'pass' if st['pass'] else 'FAIL ' + e(st.get('reason', ''))}</td></tr>")
        out.append("</table>")
    out.append("</body></html>")
    return "\n".join(out)


def run(out_dir: str | os.PathLike, cases: list[str] | None = None, keyword: str | None = None,
        only_cases: bool = False) -> int:
    import pytest

    from .compare import COLLECTED

    os.environ["CMVT_PARITY_DETERMINISTIC"] = "1"
    targets = [] if only_cases else [str(ROOT / "tests")]
    for c in cases or []:
        p = Path(c)
        if not p.is_file():
            print(f"cmvt parity: error: case file not found: {c}", file=sys.stderr)
            return 2
        targets.append(str(p.resolve()))
    if not targets:
        print("cmvt parity: error: nothing to run", file=sys.stderr)
        return 2
    if not only_cases and not (ROOT / "tests").is_dir():
        print("cmvt parity: error: the parity suite (tests/) is not next to this installation; "
              "run from a source checkout", file=sys.stderr)
        return 2
    args = [*targets, "-m", "r or golden", "-q", "-p", "no:cacheprovider", "-o", "addopts=",
            "-p", "cmvt_core.parity.pytest_plugin",
            "--rootdir", str(ROOT),
            # the tests of this command itself run it again: not evidence, and not to be nested
            "--ignore", str(ROOT / "tests" / "parity" / "test_parity_cli.py")]
    if keyword:
        args += ["-k", keyword]
    COLLECTED.clear()
    code = pytest.main(args)
    bridge_env = None
    try:
        from .bridge import get_bridge

        bridge_env = get_bridge().environment()
    except Exception as exc:  # R missing: the report says so, and the run fails
        print(f"cmvt parity: R is not available: {exc}", file=sys.stderr)
        code = code or 1
    report = build_report(list(COLLECTED), code, bridge_env)
    out = Path(out_dir).resolve()
    out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".parity-", dir=out))
    try:
        (tmp / "parity.json").write_text(json.dumps(report, indent=1, allow_nan=False) + "\n", encoding="utf-8")
        (tmp / "parity.html").write_text(_html(report), encoding="utf-8")
        for name in ("parity.json", "parity.html"):
            os.replace(tmp / name, out / name)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    s = report["summary"]
    print(f"cmvt parity: {s['cases']} cases ({s['golden_cases']} golden), {s['statistics']} statistics, "
          f"{s['failures']} failures; pytest exit {code}; wrote {out / 'parity.json'} and {out / 'parity.html'}")
    return 1 if (s["failures"] or code not in (0,)) else 0


def main(args) -> int:
    return run(args.out, args.case, args.keyword, args.only_cases)

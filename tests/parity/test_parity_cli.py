"""`cmvt parity`: the evidence files, their determinism, a user's own case, and the exit status."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from _paths import ROOT  # noqa: E402
# the parallel (processes) golden cases too: R no longer leaks LD_LIBRARY_PATH into workers
SUBSET = "(test_large_draws or test_roc_matches_proc or rmda_golden or resourceselection_goldens)"


def run_parity(out: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cmvt_core.cli", "parity", "--out", str(out), *args],
                          capture_output=True, text=True, timeout=900, cwd=ROOT)


@pytest.mark.r
def test_two_runs_give_identical_parity_json_apart_from_timestamp(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    ra = run_parity(a, "-k", SUBSET)
    rb = run_parity(b, "-k", SUBSET)
    assert ra.returncode == 0, ra.stdout[-3000:] + ra.stderr[-3000:]
    assert rb.returncode == 0, rb.stdout[-3000:] + rb.stderr[-3000:]
    ja, jb = (json.loads((d / "parity.json").read_text()) for d in (a, b))
    assert ja.pop("generated_at") and jb.pop("generated_at")
    assert json.dumps(ja, sort_keys=False) == json.dumps(jb, sort_keys=False)
    # the contract's shape
    env = ja["environment"]
    assert env["r_version"].startswith("R version 4.") and env["rng_kind"] == ["Mersenne-Twister", "Inversion", "Rejection"]
    assert {"os", "python", "numpy", "scipy", "pandas"} <= set(env) and env["r_packages"]
    s = ja["summary"]
    assert s["cases"] == len(ja["cases"]) > 5 and s["failures"] == 0
    assert s["statistics"] == sum(len(c["statistics"]) for c in ja["cases"])
    golden = [c for c in ja["cases"] if c["golden"]]
    assert golden, "the rmda golden cases are in the evidence and marked golden"
    for c in ja["cases"]:
        assert set(c) >= {"name", "sha256", "call", "golden", "statistics"}
        for st in c["statistics"]:
            assert set(st) >= {"name", "python", "r", "abs_diff", "rel_diff", "abs_tol", "rel_tol", "pass"}
    html = (a / "parity.html").read_text()
    assert html.index("Summary") < html.index("Cases") and "golden" in html


FAILING_CASE = '''
import pytest

@pytest.mark.r
def test_deliberately_wrong(r_bridge, parity_case):
    cmp = parity_case("user-wrong").describe(call="runif(2)")
    r = r_bridge.to_py(r_bridge.call("helper:rng_draws", 1, "runif", 2.0, 0.0, False, 0.0, 1.0))["x"]
    cmp.add("rrandom.runif", r + 1e-9, r)
    cmp.assert_ok()
'''


@pytest.mark.r
def test_a_failure_exits_1_and_is_reported(tmp_path):
    case = tmp_path / "test_user_case.py"
    case.write_text(FAILING_CASE)
    res = run_parity(tmp_path / "out", "--case", str(case), "--only-cases")
    assert res.returncode == 1
    rep = json.loads((tmp_path / "out" / "parity.json").read_text())
    assert rep["summary"]["failures"] == 1 and rep["cases"][0]["name"] == "user-wrong"
    assert rep["cases"][0]["call"] == "runif(2)" and rep["cases"][0]["statistics"][0]["pass"] is False


@pytest.mark.r
def test_the_documented_user_case_passes(tmp_path):
    res = run_parity(tmp_path / "out", "--case", str(ROOT / "examples" / "parity_case" / "test_my_model.py"),
                     "--only-cases")
    assert res.returncode == 0, res.stdout[-2000:] + res.stderr[-2000:]
    rep = json.loads((tmp_path / "out" / "parity.json").read_text())
    assert rep["cases"][0]["name"] == "my-model-auc" and len(rep["cases"][0]["sha256"]) == 64


def test_missing_case_file_is_a_usage_error(tmp_path):
    res = run_parity(tmp_path / "out", "--case", str(tmp_path / "nope.py"))
    assert res.returncode == 2 and "not found" in res.stderr

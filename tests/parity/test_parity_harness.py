"""The tolerance registry and the comparison records (no R needed)."""
from __future__ import annotations

import json
import math

import numpy as np
import pytest

from cmvt_core.parity.compare import Comparison, compare
from cmvt_core.parity.tolerances import TOLERANCES, Tolerance, tolerance_for

from _paths import ROOT


def test_every_tolerance_has_a_reason_and_sane_sizes():
    assert TOLERANCES
    for name, tol in TOLERANCES.items():
        assert tol.reason.strip(), f"{name} has no reason"
        assert 0 <= tol.abs < 1e-3 and 0 <= tol.rel < 1e-3, f"{name}: tolerance too loose to mean 'the same number'"


def test_lookup_prefers_the_most_specific_pattern(monkeypatch):
    monkeypatch.setitem(TOLERANCES, "demo.*", Tolerance(1e-6, 0, "general"))
    monkeypatch.setitem(TOLERANCES, "demo.lambda", Tolerance(0, 1e-12, "specific"))
    assert tolerance_for("demo.lambda").reason == "specific"
    assert tolerance_for("demo.beta").reason == "general"
    with pytest.raises(KeyError, match="no tolerance registered"):
        tolerance_for("unregistered.statistic")


def test_record_fields_and_verdicts():
    tol = Tolerance(1e-9, 0.0, "t")
    rec = compare("c", "s", [1.0, 2.0], [1.0, 2.0 + 5e-10], tol)
    assert rec.passed and rec.abs_diff == pytest.approx(5e-10, rel=1e-3) and rec.case == "c"
    rec = compare("c", "s", [1.0, 2.0], [1.0, 2.0 + 5e-9], tol)
    assert not rec.passed and "beyond tolerance" in rec.reason
    d = rec.to_dict()
    assert set(d) >= {"case", "statistic", "python", "r", "abs_diff", "rel_diff", "abs_tol", "rel_tol", "pass"}
    json.dumps(d)


def test_relative_tolerance_scales_with_r_value():
    tol = Tolerance(0.0, 1e-12, "t")
    assert compare("c", "s", 1e6 * (1 + 5e-13), 1e6, tol).passed
    assert not compare("c", "s", 1e6 * (1 + 5e-12), 1e6, tol).passed


def test_nan_inf_shape_and_strings():
    exact = Tolerance(0, 0, "t")
    assert compare("c", "s", [np.nan, np.inf], [np.nan, np.inf], exact).passed
    assert not compare("c", "s", [np.nan, 1.0], [1.0, 1.0], exact).passed
    assert not compare("c", "s", [np.inf], [-np.inf], exact).passed
    assert not compare("c", "s", [1.0, 2.0], [1.0], exact).passed
    assert compare("c", "s", ["a", "b"], np.array(["a", "b"], dtype=object), exact).passed
    assert not compare("c", "s", ["a", "b"], ["a", "c"], exact).passed
    rec = compare("c", "s", 0.0, 0.0, exact)
    assert rec.passed and rec.rel_diff == 0.0 and not math.isnan(rec.abs_diff)


def test_comparison_assert_ok_reports_failures():
    cmp = Comparison("case-x")
    with pytest.raises(AssertionError, match="compared nothing"):
        cmp.assert_ok()
    cmp.add("rrandom.runif", [0.5], [0.5])
    cmp.assert_ok()
    cmp.add("rrandom.runif", [0.5], [0.25])
    with pytest.raises(AssertionError, match="1 of 2 statistics differ"):
        cmp.assert_ok()


def _imports(path, relative=False):
    import ast

    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and (node.level == 0 or relative):
            yield "." * node.level + node.module


def test_core_package_never_imports_r_parity_or_plotting_in_computation():
    src = ROOT / "src" / "cmvt_core"
    display = {"plots", "study", "cli"}  # modules allowed to draw (lazily): the report, its figures
    for path in src.rglob("*.py"):
        rel = path.relative_to(src).parts
        mods = set(_imports(path, relative=True))
        if rel[0] == "parity":  # the only code that talks to R: rpy2 only in its bridge
            if rel[-1] != "bridge.py":
                assert not any(m.split(".")[0] == "rpy2" for m in mods), f"{path} imports rpy2 outside the bridge"
            continue
        assert not any(m.split(".")[0] == "rpy2" for m in mods), f"{path} imports R"
        to_parity = [m for m in mods if m.startswith(("cmvt_core.parity", ".parity", "parity"))]
        # the command line registers `cmvt parity`, whose runner imports R only when it runs
        assert not to_parity or rel == ("cli.py",), f"{path} imports the parity suite: {to_parity}"
        rel = path.relative_to(src).parts
        if rel[0].removesuffix(".py") not in display:
            assert not any(m.split(".")[0] == "matplotlib" for m in mods), f"{path}: computation imports matplotlib"


def test_the_parity_command_and_plugin_load_without_r():
    """Registering `cmvt parity` and importing the package's parity modules loads neither rpy2 nor R."""
    import subprocess
    import sys

    code = ("import sys, cmvt_core.cli as c; c.build_parser(); import cmvt_core.parity.runner, "
            "cmvt_core.parity.compare, cmvt_core.parity.tolerances; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('rpy2', 'parity')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"

"""The documentation (issue 17): the quickstart runs, the README shows the same lines, and Sphinx builds the
HTML with warnings as errors (``make docs`` does the same into docs/_build/html).

Without Sphinx (the ``docs`` extra) the build test is skipped, except under CI=true, where it is a failure.
"""
from __future__ import annotations

import os
import re
import runpy
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
QUICKSTART = DOCS / "quickstart.py"


def _code_lines(text: str) -> list[str]:
    return [ln.rstrip() for ln in text.strip().splitlines() if not ln.startswith("# ")]


def test_quickstart_runs_the_whole_study(capsys):
    runpy.run_path(str(QUICKSTART), run_name="__main__")
    out = capsys.readouterr().out
    kept = re.search(r"^kept: (.+)$", out, re.M)
    assert kept and len(kept.group(1).split(", ")) >= 2
    m = re.search(r"AUC \(validation\) (0\.\d+), 95% CI (0\.\d+)-(0\.\d+)", out)
    assert m and float(m.group(2)) < float(m.group(1)) < float(m.group(3))
    assert re.search(r"mean absolute error 0\.\d+", out)


def test_readme_quickstart_is_the_file():
    readme = (ROOT / "README.md").read_text()
    sec = readme.split("## Python quickstart", 1)
    assert len(sec) == 2, "README has no 'Python quickstart' section"
    block = re.search(r"```python\n(.*?)```", sec[1], re.S)
    assert block, "the README's Python quickstart has no python block"
    assert _code_lines(block.group(1)) == _code_lines(QUICKSTART.read_text())
    assert "make docs" in readme


def _sphinx() -> str | None:
    exe = Path(sys.executable).with_name("sphinx-build")
    return str(exe) if exe.exists() else shutil.which("sphinx-build")


def test_sphinx_builds_with_warnings_as_errors(tmp_path):
    exe = _sphinx()
    if exe is None:
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail("sphinx-build is not installed (the docs extra: make setup-test installs it)")
        pytest.skip("sphinx-build is not installed (pip install -e .[docs])")
    out = tmp_path / "html"
    t0 = time.perf_counter()
    proc = subprocess.run([exe, "-b", "html", "-W", "--keep-going", "-q", "-d", str(tmp_path / "doctrees"),
                           str(DOCS), str(out)], capture_output=True, text=True, timeout=600)
    took = time.perf_counter() - t0
    assert proc.returncode == 0, proc.stderr[-6000:]
    assert proc.stderr.strip() == "", proc.stderr[-6000:]
    # the quickstart, the API reference of every public name, a page per R function, the gallery
    index = (out / "index.html").read_text()
    text = re.sub(r"<[^>]+>", "", index)  # the highlighted code as text
    assert "cv = cv_glmnet(X[t], y[t], nfolds=10, seed=2024)" in text and "dc = decision_curve(" in text
    import cmvt_core

    api = (out / "api" / "index.html").read_text()
    for name in cmvt_core.__all__:
        assert name in api, f"{name} is missing from the API index"
    lasso = (out / "api" / "cmvt_core.lasso.html").read_text()
    assert 'id="cmvt_core.lasso.cv_glmnet"' in lasso and 'id="cmvt_core.lasso.CvGlmnetFit"' in lasso
    from cmvt_core.parity.tolerances import TOLERANCES

    cal = (out / "r" / "calibrate.html").read_text()
    assert "calibrate.n_failed" in cal and "R call:" in cal and "set.seed" in cal
    assert TOLERANCES["calibrate.n"].reason.split(":")[0] in cal
    gallery = (out / "gallery.html").read_text()  # one image per plot directive, drawn by the display classes
    images = re.findall(r"<img [^>]*src=\"_images/gallery-\d+\.png\"", gallery)
    assert len(images) == (DOCS / "gallery.rst").read_text().count(".. plot::") >= 5
    plots = (out / "api" / "cmvt_core.plots.roc.html").read_text()
    assert 'id="cmvt_core.plots.roc.RocDisplay"' in plots
    print(f"sphinx-build took {took:.0f} s")

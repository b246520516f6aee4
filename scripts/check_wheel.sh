#!/usr/bin/env bash
# The package as a user gets it: build the wheel, install it (no extras) into a fresh virtualenv in a
# temporary folder outside this checkout, and there
#   - run `cmvt demo` and check that it wrote the full report (results.json, report.html, figures, tables),
#   - run `cmvt analyze` on the shipped cohort and `cmvt --version`,
#   - run an unrelated one-test pytest project: installing cmvt-core must change nothing in it
#     (no plugin loaded, no "R parity" section, no thread variables set, no top-level `parity` package).
# Run by .ci/run after `make test`, so a packaging regression fails CI.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
PYTHON=${PYTHON:-python3}
UV="$ROOT/.venv/uv/bin/uv"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/cmvt-wheel.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

echo "== wheel: build"
if [ -x "$UV" ]; then
  "$UV" build --wheel --out-dir "$WORK/dist" "$ROOT" >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log"; exit 1; }
else
  "$PYTHON" -m pip wheel --no-deps -w "$WORK/dist" "$ROOT" >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log"; exit 1; }
fi
WHEEL=$(ls "$WORK"/dist/cmvt_core-*.whl)
echo "   $(basename "$WHEEL")"
# what must be inside: the R scripts, the demo cohort and recipe; what must not: a top-level package but cmvt_core
"$PYTHON" - "$WHEEL" <<'PY'
import sys, zipfile
names = zipfile.ZipFile(sys.argv[1]).namelist()
need = ["cmvt_core/parity/r/helpers.R", "cmvt_core/parity/r/study_twin.R", "cmvt_core/data/cmvt_cohort.csv",
        "cmvt_core/data/study.toml", "cmvt_core/parity/pytest_plugin.py", "cmvt_core/kernels/lrm_fit.py",
        "cmvt_core/study/pipeline.py", "cmvt_core/py.typed", "cmvt_core/kernels/bd0_scale.txt",
        "cmvt_core/sklearn.py", "cmvt_core/parity/r/sklearn.R", "cmvt_core/data/survival/lung.csv",
        "cmvt_core/data/survival/make_survival_data.R", "cmvt_core/formula.py", "cmvt_core/anova.py",
        "cmvt_core/parity/r/formula.R"]
missing = [n for n in need if n not in names]
tops = sorted({n.split("/")[0] for n in names if not n.split("/")[0].endswith(".dist-info")})
ep = [n for n in names if n.endswith("entry_points.txt")]
eps = zipfile.ZipFile(sys.argv[1]).read(ep[0]).decode() if ep else ""
problems = ([f"missing from the wheel: {missing}"] if missing else []) + \
           ([f"top-level packages other than cmvt_core: {tops}"] if tops != ["cmvt_core"] else []) + \
           (["the wheel registers a pytest11 plugin (it must be opt-in)"] if "pytest11" in eps else [])
if problems:
    sys.exit("wheel check failed: " + "; ".join(problems))
print(f"   contents ok: {len(names)} files, top-level {tops}")
PY

echo "== wheel: fresh virtualenv, no extras"
if [ -x "$UV" ]; then
  "$UV" venv -q --python "$PYTHON" "$WORK/venv"
  "$UV" pip install -q --python "$WORK/venv/bin/python" "$WHEEL" pytest
else
  "$PYTHON" -m venv "$WORK/venv"
  "$WORK/venv/bin/python" -m pip install -q "$WHEEL" pytest
fi
cd "$WORK"   # nothing of the checkout on the path from here on
env -u NUMBA_CACHE_DIR -u PYTHONPATH "$WORK/venv/bin/cmvt" --version

echo "== wheel: no scikit-learn without the extra; cmvt_core.sklearn then names the extra"
env -u NUMBA_CACHE_DIR -u PYTHONPATH "$WORK/venv/bin/python" - <<'PY'
import importlib.util
import sys

import cmvt_core

cmvt_core.lrm, cmvt_core.cv_glmnet
assert "sklearn" not in sys.modules, "import cmvt_core loaded scikit-learn"
if importlib.util.find_spec("sklearn") is None:
    try:
        import cmvt_core.sklearn  # noqa: F401
    except ImportError as exc:
        assert "cmvt-core[sklearn]" in str(exc), exc
    else:
        sys.exit("cmvt_core.sklearn imported without scikit-learn")
PY

echo "== wheel: cmvt demo"
env -u NUMBA_CACHE_DIR -u PYTHONPATH "$WORK/venv/bin/cmvt" demo --out "$WORK/demo" >"$WORK/demo.log" 2>&1 \
  || { cat "$WORK/demo.log"; exit 1; }
for f in results.json report.html figures/nomogram.png figures/roc.png tables/model_final.csv; do
  [ -s "$WORK/demo/$f" ] || { echo "cmvt demo did not write $f"; cat "$WORK/demo.log"; exit 1; }
done
grep -q "Nomogram" "$WORK/demo/report.html" || { echo "report.html has no nomogram section"; exit 1; }
echo "   demo report written ($(ls "$WORK/demo/figures" | wc -l) figure files)"

echo "== wheel: cmvt analyze on the shipped cohort"
COHORT=$("$WORK/venv/bin/python" -c "from cmvt_core.datasets import cmvt_cohort_path; print(cmvt_cohort_path())")
printf '[calibration]\nB = 50\n[validation]\nB = 50\n[dca]\nbootstraps = 20\n' > "$WORK/quick.toml"
env -u NUMBA_CACHE_DIR -u PYTHONPATH "$WORK/venv/bin/cmvt" analyze "$COHORT" --outcome cmvt --out "$WORK/analyze" \
  --config "$WORK/quick.toml" --quiet
[ -s "$WORK/analyze/report.html" ] || { echo "cmvt analyze wrote no report"; exit 1; }

echo "== wheel: an unrelated pytest project is left alone"
mkdir -p "$WORK/other"
cat > "$WORK/other/test_other.py" <<'PY'
import importlib.util
import os


def test_installing_cmvt_core_changes_nothing_here():
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        assert var not in os.environ, var
    assert importlib.util.find_spec("parity") is None
PY
cd "$WORK/other"
env -u OPENBLAS_NUM_THREADS -u OMP_NUM_THREADS -u MKL_NUM_THREADS -u PYTHONPATH \
  "$WORK/venv/bin/python" -m pytest -q -p no:cacheprovider test_other.py >"$WORK/other.log" 2>&1 \
  || { cat "$WORK/other.log"; exit 1; }
if grep -q "R parity" "$WORK/other.log"; then cat "$WORK/other.log"; echo "the parity plugin loaded uninvited"; exit 1; fi
echo "   an unrelated project's pytest run: no plugin, no R parity section, no thread variables"
echo "wheel check: passed"

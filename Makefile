# cmvt-core: `make demo` (no R needed) and `make test` (installs R through apt-get, runs every test).
# Both set up what they need, are idempotent, and are quick when already set up.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMPS := $(VENV)/.stamps
export OPENBLAS_NUM_THREADS := 1
export OMP_NUM_THREADS := 1
export MKL_NUM_THREADS := 1
# numba's on-disk cache of compiled kernels: where every process finds it (cmvt_core/__pycache__, or
# numba's per-user folder), not a make-only folder, so a user's own script loads what make compiled
# Let Python keep the bytecode of the modules it imports (some environments set
# PYTHONDONTWRITEBYTECODE=1): uv installs without compiling every file, and the first run's imports
# then write it once, so later processes start in ~1 s instead of ~5 s.
export PYTHONDONTWRITEBYTECODE :=

.PHONY: demo test lint setup setup-r setup-test bench clean docs

# scripts/install.sh: a venv with uv (seconds) or, where uv cannot be had, pip (about half a minute)
$(STAMPS)/core: pyproject.toml scripts/install.sh
	@echo "Installing cmvt-core into $(VENV) (log: $(VENV)/pip.log)"
	@PYTHON=$(PYTHON) bash scripts/install.sh $(VENV) plots
	@mkdir -p $(STAMPS) && touch $@

$(STAMPS)/test: pyproject.toml scripts/install.sh $(STAMPS)/core
	@echo "Installing test extras (rpy2, pytest, hypothesis, scikit-learn, Sphinx) into $(VENV)"
	@PYTHON=$(PYTHON) bash scripts/install.sh $(VENV) plots,parity,dev,sklearn,docs
	@touch $@

$(STAMPS)/docs: pyproject.toml scripts/install.sh $(STAMPS)/core
	@echo "Installing the docs extra (Sphinx, numpydoc) into $(VENV)"
	@PYTHON=$(PYTHON) bash scripts/install.sh $(VENV) plots,docs
	@touch $@

# Compile the numba kernels once (two processes, ~25 s on 2 cores) so runs start at full speed;
# redone when the sources change.
$(STAMPS)/warm: $(STAMPS)/core $(wildcard src/cmvt_core/*.py src/cmvt_core/*/*.py)
	@echo "Compiling the numba kernels (first run only) ..."
	@$(VENV)/bin/cmvt warmup
	@touch $@

setup: $(STAMPS)/warm

setup-r:
	@bash scripts/setup_r.sh

# rpy2 is built against the installed R, so R comes first.
setup-test: setup-r
	@$(MAKE) --no-print-directory $(STAMPS)/test $(STAMPS)/warm

demo: setup
	@$(VENV)/bin/cmvt demo --out demo-report

# the suite in TEST_WORKERS processes (pytest-xdist; CI has 2 cores), a test file per worker at a time
# so module fixtures (one R call for many assertions) are computed once; TEST_WORKERS=0: one process
TEST_WORKERS ?= 2
test: setup-test
	$(PY) -m pytest -q -p no:cacheprovider -n $(TEST_WORKERS) --dist loadfile

# ruff with the project's rules ([tool.ruff] in pyproject.toml); CI runs it and wants no findings
lint: $(STAMPS)/test
	$(VENV)/bin/ruff check .

# the HTML documentation (Sphinx + numpydoc) into docs/_build/html/, warnings as errors; `make test` builds it
# too (tests/docs/test_docs.py)
docs: $(STAMPS)/docs $(STAMPS)/warm
	$(VENV)/bin/sphinx-build -b html -W --keep-going -q docs docs/_build/html
	@echo "Documentation: docs/_build/html/index.html"

bench: setup-test
	@for f in benchmarks/bench_*.py; do echo "== $$f"; $(PY) $$f || exit 1; done

clean:
	rm -rf $(VENV) demo-report .pytest_cache .hypothesis docs/_build docs/api docs/r

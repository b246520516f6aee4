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
# numba's on-disk cache of compiled kernels lives in the venv, not the source tree
export NUMBA_CACHE_DIR := $(CURDIR)/$(VENV)/numba-cache

.PHONY: demo test setup setup-r setup-test bench clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install -q --upgrade pip > /dev/null

$(STAMPS)/core: pyproject.toml | $(PY)
	@echo "Installing cmvt-core into $(VENV) (log: $(VENV)/pip.log)"
	@$(PY) -m pip install -q -e ".[plots]" > $(VENV)/pip.log 2>&1 || (cat $(VENV)/pip.log; exit 1)
	@mkdir -p $(STAMPS) && touch $@

$(STAMPS)/test: pyproject.toml $(STAMPS)/core
	@echo "Installing test extras (rpy2, pytest, hypothesis) into $(VENV)"
	@$(PY) -m pip install -q -e ".[plots,parity,dev]" > $(VENV)/pip.log 2>&1 || (cat $(VENV)/pip.log; exit 1)
	@touch $@

# Compile the numba kernels once (two processes, ~40 s on 2 cores) so runs start at full speed;
# redone when the sources change.
$(STAMPS)/warm: $(STAMPS)/core $(wildcard src/cmvt_core/*.py)
	@echo "Compiling the numba kernels (first run only) ..."
	@$(PY) -m cmvt_core.warmup
	@touch $@

setup: $(STAMPS)/warm

setup-r:
	@bash scripts/setup_r.sh

# rpy2 is built against the installed R, so R comes first.
setup-test: setup-r
	@$(MAKE) --no-print-directory $(STAMPS)/test $(STAMPS)/warm

demo: setup
	@$(PY) -m cmvt_core.cli demo --out demo-report

test: setup-test
	$(PY) -m pytest -q -p no:cacheprovider

bench: setup-test
	@for f in benchmarks/bench_*.py; do echo "== $$f"; $(PY) $$f || exit 1; done

clean:
	rm -rf $(VENV) demo-report .pytest_cache .hypothesis

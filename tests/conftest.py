"""Test set-up: the fixtures (``r_bridge``, ``parity_case``) come from the cmvt parity plugin, which
pyproject.toml's ``addopts`` loads (``-p cmvt_core.parity.pytest_plugin``).  One BLAS thread, as in R."""
import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

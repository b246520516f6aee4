"""The parity suite: the only code in cmvt-core that talks to R (see ``bridge``).

``bridge`` (rpy2; needs ``cmvt-core[parity]``), ``compare`` and ``tolerances`` (the per-statistic
tolerance registry), ``runner`` (``cmvt parity``) and ``pytest_plugin`` (opt-in: ``pytest -p
cmvt_core.parity.pytest_plugin``).  Its R code is package data in ``r/``.  Importing this package
imports neither rpy2 nor R.
"""

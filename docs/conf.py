"""Sphinx configuration of cmvt-core's documentation (``make docs``; built with warnings as errors).

The API pages and the pages of the R functions reproduced are generated at every build by
``_ext/cmvt_pages.py`` from the package itself (each public module's ``__all__``, the docstrings' "R call:"
notes and ``cmvt_core.parity.tolerances``), so they cannot fall out of date.
"""
from __future__ import annotations

import os
import sys

import matplotlib

matplotlib.use("Agg")
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "_ext"))

import cmvt_core  # noqa: E402

project = "cmvt-core"
author = "cmvt-core developers"
copyright = "cmvt-core developers"
version = release = cmvt_core.__version__

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "numpydoc",
    "matplotlib.sphinxext.plot_directive",
    "cmvt_pages",
]

exclude_patterns = ["_build", "*.md", "_ext"]  # the Markdown notes (API.md, R_ALGORITHMS.md, STUDY.md) stay Markdown
templates_path: list[str] = []
html_theme = "alabaster"
html_theme_options = {"description": "R's clinical prediction models, the same numbers, in Python", "fixed_sidebar": True}
html_static_path: list[str] = []

autodoc_typehints = "none"           # the numpydoc Parameters sections say the types
autodoc_member_order = "bysource"
autosummary_generate = False         # the pages are written by cmvt_pages
numpydoc_show_class_members = False  # the class pages list their members through autodoc
numpydoc_class_members_toctree = False
numpydoc_attributes_as_param_list = True

plot_include_source = True
plot_html_show_source_link = False
plot_html_show_formats = False
plot_formats = [("png", 90)]
plot_rcparams = {"figure.max_open_warning": 0, "savefig.bbox": "tight"}
plot_pre_code = "import matplotlib\nmatplotlib.use('Agg')\nimport numpy as np\n"

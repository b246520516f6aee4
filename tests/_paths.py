"""Where the tests find their data: inside this repository only (no sibling folder, no absolute path)."""
from pathlib import Path

from cmvt_core.datasets import cmvt_cohort_path

ROOT = Path(__file__).resolve().parents[1]
#: stored outputs of rmda 1.6, ResourceSelection 0.3-6 and timeROC 0.4.1 (not Debian packages), with
#: the R script that made them (gen_goldens.R) and its README; see tests/goldens/README.md
GOLDENS = ROOT / "tests" / "goldens"
#: the shipped example cohort (package data of cmvt_core)
COHORT = cmvt_cohort_path()

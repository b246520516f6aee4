"""The parity suite: the only code in the project that talks to R (see ``bridge``)."""
from __future__ import annotations

import os
from pathlib import Path

#: the shared reference folder that sits beside the repository (``../shared``), or $CMVT_SHARED
SHARED = Path(os.environ.get("CMVT_SHARED", Path(__file__).resolve().parents[2] / "shared"))
#: stored outputs of rmda 1.6 and ResourceSelection 0.3-6 (not Debian packages)
GOLDENS = SHARED / "reference" / "goldens"

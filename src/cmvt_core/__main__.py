"""``python -m cmvt_core ...``: the ``cmvt`` command line."""
import sys

from .cli import main

sys.exit(main())

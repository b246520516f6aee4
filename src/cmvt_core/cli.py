"""The ``cmvt`` command line.

Subcommands grow with the project; each exits 0 on success and 2 with a one-line message on
bad input (``InputError``).
"""
from __future__ import annotations

import argparse
import sys

from .errors import InputError


def _demo(args: argparse.Namespace) -> int:
    """What exists so far, shown on R-identical random draws (no R needed)."""
    from .rrandom import RRNG

    rng = RRNG(42)
    print("cmvt-core demo: R-identical random numbers (no R needed)")
    print("  set.seed(42); sample(10)      ->", " ".join(map(str, rng.sample(10))))
    rng = RRNG(42)
    print("  set.seed(42); runif(3)        ->", " ".join(f"{v:.15f}" for v in rng.runif(3)))
    rng = RRNG(42)
    print("  set.seed(42); rnorm(3)        ->", " ".join(f"{v:.15f}" for v in rng.rnorm(3)))
    rng = RRNG(123)
    folds = ((rng.sample(20) - 1) % 10) + 1
    print("  set.seed(123); sample(rep(1:10, length = 20)) ->", " ".join(map(str, folds)))
    print("Run the same lines in R 4.x: the numbers are identical, bit for bit.")
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="cmvt", description="Clinical prediction models with the same numbers as R.")
    sub = p.add_subparsers(dest="command", required=True)
    d = sub.add_parser("demo", help="run the demonstration on the shipped example data")
    d.add_argument("--out", default="demo-report", help="output folder (for the study demo)")
    d.set_defaults(func=_demo)
    return p


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except InputError as exc:
        print(f"cmvt: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())

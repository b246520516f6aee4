"""``cmvt cutoff DATA.csv --score COL --outcome COL [--out FILE.csv] [--pt P] [--cutoffs ...]``.

Prints the cut-off table of the rule ``score >= c`` (one row per distinct score value, or the
given cut-offs) with net benefit at the share flagged (or at ``--pt``), marks the best cut-off,
and writes the table as CSV (default: ``<DATA stem>.cutoffs.csv`` beside the data).  The CSV is
never the input file and never replaces an existing file unless ``--force``; it is written
atomically (``cmvt_core._outputs.write_file``), checked before any work.
Exit codes: 0 ok; 2 bad input (one-line message on stderr).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

from .errors import InputError


class _ArgError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # one line, exit code 2 from cutoff_main
        raise _ArgError(message)


DESCRIPTION = "Net-benefit cut-off table for an integer risk score."


def add_arguments(ap: argparse.ArgumentParser) -> None:
    """The arguments of ``cmvt cutoff`` (shared by the ``cmvt`` subcommand and ``cutoff_main``)."""
    ap.add_argument("data", help="CSV file with the score and outcome columns")
    ap.add_argument("--score", required=True, help="score column (numeric)")
    ap.add_argument("--outcome", required=True, help="outcome column (0/1)")
    ap.add_argument("--out", help="CSV to write (default: <DATA stem>.cutoffs.csv beside DATA); never the input")
    ap.add_argument("--force", action="store_true", help="replace --out if it exists (never the input file)")
    ap.add_argument("--pt", type=float, default=None,
                    help="threshold probability for net benefit (default: the share flagged by each rule)")
    ap.add_argument("--cutoffs", type=float, nargs="+", default=None, help="cut-offs (default: every score value)")


def _parser() -> argparse.ArgumentParser:
    ap = _Parser(prog="cmvt cutoff", description=DESCRIPTION)
    add_arguments(ap)
    return ap


def cutoff_main(argv=None) -> int:
    """``cmvt cutoff`` on its own: argument errors are one line on stderr and exit 2 (no usage)."""
    try:
        a = _parser().parse_args(argv)
    except _ArgError as exc:
        print(f"cmvt cutoff: error: {exc}".replace("\n", " "), file=sys.stderr)
        return 2
    return run(a)


def run(a: argparse.Namespace) -> int:
    """Run ``cmvt cutoff`` on parsed arguments; bad input is one line on stderr and exit 2."""
    from ._outputs import check_output_file, to_csv, write_file
    from .cohort import read_csv
    from .cutoff import cutoff_table

    try:
        path = Path(a.data)
        if not path.is_file():
            raise InputError(f"data file not found: {path}")
        header = read_csv(path)  # the one CSV reader: duplicated names, oversized cells, ... as one line
        for col, what in ((a.score, "--score"), (a.outcome, "--outcome")):
            if col not in header.columns:
                raise InputError(f"{what} column {col!r} not found in {path.name}")
        df = read_csv(path, numeric=[a.score, a.outcome])
        out = Path(a.out) if a.out else path.with_name(path.stem + ".cutoffs.csv")
        check_output_file(out, force=a.force, protect=(path,))  # before the table is computed
        try:
            tab = cutoff_table(df[a.score], df[a.outcome], cutoffs=a.cutoffs, pt=a.pt)
        except InputError as exc:  # say which columns "score" and "y" are, and how rows are counted
            raise InputError(f"{exc} (score = column {a.score!r}, y = column {a.outcome!r} of {path.name}; "
                             "row 1 is the first data line, line 2 of the file)") from None
    except InputError as exc:
        print(f"cmvt cutoff: error: {exc}".replace("\n", " "), file=sys.stderr)
        return 2
    show = tab[["cutoff", "n_flagged", "tp", "fp", "sensitivity", "specificity", "ppv", "odds_ratio",
                "or_lower", "or_upper", "pt", "net_benefit", "best"]]
    with pd.option_context("display.width", 200, "display.max_columns", 20, "display.max_rows", 500):
        print(show.to_string(index=False, float_format=lambda v: f"{v:.6g}"))
    best = tab[tab["best"]]
    if len(best):
        b = best.iloc[0]
        print(f"best cut-off by net benefit: score >= {b['cutoff']:g} (flags {int(b['n_flagged'])} of "
              f"{int(b['tp'] + b['fp'] + b['fn'] + b['tn'])}, net benefit {b['net_benefit']:.6g})")
    try:
        written = write_file(out, lambda tmp: to_csv(tab, tmp, index=False, float_format="%.17g"),
                             force=a.force, protect=(path,))
    except InputError as exc:
        print(f"cmvt cutoff: error: {exc}".replace("\n", " "), file=sys.stderr)
        return 2
    print(f"wrote {written}")
    return 0


if __name__ == "__main__":
    sys.exit(cutoff_main())

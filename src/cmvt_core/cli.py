"""The ``cmvt`` command line.

Subcommands grow with the project; each exits 0 on success and 2 with a one-line message on
bad input (``InputError``), on a missing optional package (with the command that installs it), and
on bad arguments (argparse's usage line and one error line).  ``python -m cmvt_core`` is the same.
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


def _ready_to_run(out, data=None, *, quiet: bool = False) -> None:
    """Before any work of a study command: refuse a missing input file and an unusable ``--out`` (``data``:
    the input it must not hold), then compile the kernels if their cache is cold (``study.pipeline.analyze``
    checks both again, as every caller of the library gets it)."""
    from ._outputs import check_output_folder
    from .cohort import _cohort_file
    from .warmup import ensure_warm

    if data is not None:
        _cohort_file(data)
    check_output_folder(out, protect=() if data is None else (data,))
    ensure_warm(quiet=quiet)


def _analyze(args: argparse.Namespace) -> int:
    import json

    from .study.pipeline import analyze

    _ready_to_run(args.out, args.data, quiet=args.quiet or args.json)
    result = analyze(args.data, args.out, outcome=args.outcome, config_path=args.config,
                     quiet=args.quiet or args.json, figures=not args.no_figures,
                     predictors=args.predictors, seed=args.seed, time=args.time, event=args.event,
                     times=args.times)
    if args.json:
        json.dump(result.to_json_dict(), sys.stdout, indent=1)
        sys.stdout.write("\n")
    return 0


def _demo_study(args: argparse.Namespace) -> int:
    from pathlib import Path

    from .datasets import cmvt_cohort_path
    from .study.pipeline import analyze

    cohort = cmvt_cohort_path()
    print(f"cmvt demo: the CMVT study recipe on the shipped example cohort {cohort.name} (no R needed)")
    _ready_to_run(args.out)
    _demo(args)
    analyze(cohort, args.out, outcome="cmvt", quiet=False)
    print(f"\nReport written: {Path(args.out).resolve() / 'report.html'}  (open it in a browser)")
    return 0


def _warmup(args: argparse.Namespace) -> int:
    from .warmup import main as warmup_main

    return warmup_main([])


def _cutoff(args: argparse.Namespace) -> int:
    from .cli_cutoff import run

    return run(args)


_SEED_MAX = 2**31 - 1


def _seed(text: str) -> int:
    """``--seed N``: a whole number that R's set.seed accepts."""
    try:
        v = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if not -_SEED_MAX <= v <= _SEED_MAX:
        raise argparse.ArgumentTypeError(f"{v} is outside R's range (|seed| < 2^31)")
    return v


def _predictors(text: str) -> list[str]:
    """``--predictors age,bmi,crp``: column names separated by commas, spaces around them dropped."""
    names = [n.strip() for n in text.split(",")]
    if not any(names):
        raise argparse.ArgumentTypeError("no column name given (e.g. --predictors age,bmi,crp)")
    if not all(names):
        raise argparse.ArgumentTypeError(f"empty column name in {text!r} (names are separated by single commas)")
    return names


def _times(text: str) -> list[float]:
    """``--times 365,1095``: numbers > 0 separated by commas."""
    out = []
    for part in text.split(","):
        try:
            v = float(part.strip())
        except ValueError:
            raise argparse.ArgumentTypeError(f"{part.strip()!r} is not a number (e.g. --times 365,1095,1825)") from None
        if not (0 < v < float("inf")):
            raise argparse.ArgumentTypeError(f"{part.strip()} is not a time > 0")
        out.append(v)
    return out


def build_parser() -> argparse.ArgumentParser:
    from . import __version__
    from .cli_cutoff import DESCRIPTION as CUTOFF_DESCRIPTION
    from .cli_cutoff import add_arguments as cutoff_arguments

    p = argparse.ArgumentParser(prog="cmvt", description="Clinical prediction models with the same numbers as R.")
    p.add_argument("--version", action="version", version=f"cmvt-core {__version__}")
    sub = p.add_subparsers(dest="command", required=True)
    d = sub.add_parser("demo", help="run the demonstration on the shipped example data")
    d.add_argument("--out", default="demo-report", help="output folder (for the study demo)")
    d.set_defaults(func=_demo_study)

    a = sub.add_parser("analyze", help="run the whole study on a cohort CSV",
                       description="Run the whole study on a cohort CSV. Command-line flags win over the --config file.")
    a.add_argument("data", help="cohort CSV file (one row per patient)")
    a.add_argument("--outcome", help="the 0/1 outcome column (or set it in the config)")
    a.add_argument("--predictors", type=_predictors, metavar="COL,COL,...",
                   help="candidate predictor columns, comma-separated (default: the config's, else every other column)")
    a.add_argument("--seed", type=_seed, metavar="N", help="the seed of every random step (default: the config's, else 2024)")
    a.add_argument("--time", metavar="COL", help="survival study: the follow-up time column (with --event)")
    a.add_argument("--event", metavar="COL", help="survival study: the 0/1 event column (1 = event, 0 = censored)")
    a.add_argument("--times", type=_times, metavar="T,T,...",
                   help="survival study: the times t of S(t), in the time column's unit "
                        "(default: 1, 3, 5 years where follow-up allows)")
    a.add_argument("--out", required=True, help="output folder (written atomically)")
    a.add_argument("--config", help="study config (TOML); defaults are the study's recipe")
    a.add_argument("--quiet", action="store_true", help="no progress on standard error")
    a.add_argument("--json", action="store_true", help="print results.json to standard output")
    a.add_argument("--no-figures", action="store_true", help="skip figures (faster; report without images)")
    a.set_defaults(func=_analyze)

    w = sub.add_parser("warmup", help="compile and cache the numba kernels now (otherwise the first run does)")
    w.set_defaults(func=_warmup)

    c = sub.add_parser("cutoff", help="net-benefit cut-off table for an integer risk score",
                       description=CUTOFF_DESCRIPTION)
    cutoff_arguments(c)
    c.set_defaults(func=_cutoff)

    # `cmvt parity`: its module imports only the standard library here (rpy2 and pytest when run)
    from .parity.runner import register as _register_parity

    _register_parity(sub)
    # further commands of other packages register themselves (entry point group "cmvt.commands")
    from importlib.metadata import entry_points

    for ep in sorted(entry_points(group="cmvt.commands"), key=lambda e: e.name):
        try:
            ep.load()(sub)
        except Exception as exc:  # a broken plugin must not break the core commands
            print(f"cmvt: warning: command plugin {ep.name!r} not loaded: {exc}", file=sys.stderr)
    return p


#: optional packages -> the command that installs them (anything else: ``pip install <module>``)
INSTALL_HINTS = {
    "matplotlib": "pip install matplotlib",
    "rpy2": "pip install 'cmvt-core[parity]'",
    "pytest": "pip install 'cmvt-core[parity]'",
    "dask": "pip install 'cmvt-core[dask]'",
    "distributed": "pip install 'cmvt-core[dask]'",
}


def _missing_package(exc: ImportError) -> str | None:
    """The one-line message for an optional package that does not import, or None for our own modules."""
    top = (exc.name or "").split(".")[0]
    if top in ("cmvt_core", "parity"):
        return None  # a bug in the project itself: keep the traceback
    why = " ".join(str(exc).split())
    if not top:
        return why
    return f"{top} is needed here but cannot be imported ({why}); install it with: {INSTALL_HINTS.get(top, f'pip install {top}')}"


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version (0) and argument errors (2, after argparse's usage line)
        return exc.code if isinstance(exc.code, int) else 0 if exc.code is None else 2
    from ._outputs import Terminated, install_signal_handlers

    install_signal_handlers()  # SIGTERM/SIGHUP unwind like Ctrl-C, so temporary outputs are removed
    try:
        return int(args.func(args) or 0)
    except InputError as exc:
        print(f"cmvt: error: {exc}".replace("\n", " "), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("cmvt: interrupted; nothing was written", file=sys.stderr)
        return 130
    except Terminated as exc:
        import signal

        print(f"cmvt: stopped by {signal.Signals(exc.signum).name}; nothing was written", file=sys.stderr)
        return 128 + exc.signum
    except ImportError as exc:  # ModuleNotFoundError too: an optional package is not installed
        msg = _missing_package(exc)
        if msg is None:
            raise
        print(f"cmvt: error: {msg}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())

"""``mentorsim`` command line: parse, call one library function, print. No logic of its own."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sim.scenario import ScenarioError


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an integer") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} is not allowed; expected an integer >= 1")
    return value


def _seed(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an integer") from None
    if not 0 <= value < 2**63:
        raise argparse.ArgumentTypeError(f"{value} is not allowed; expected 0 <= seed < 2**63")
    return value


def _add_run_options(parser: argparse.ArgumentParser, reps_default: int) -> None:
    parser.add_argument("--reps", type=_positive_int, default=reps_default,
                        help=f"replicates per design (default {reps_default or 30})")
    parser.add_argument("--seed", type=_seed, default=0, help="base seed (default 0)")
    parser.add_argument("--years", type=_positive_int, default=None,
                        help="simulated years (default: the scenario's)")
    parser.add_argument("--workers", type=_positive_int, default=None,
                        help="worker processes (default: all cores)")
    parser.add_argument("--out", type=Path, default=None, help="output folder")
    parser.add_argument("--scheduler", default=None, metavar="ADDRESS",
                        help="run on a Dask cluster (tcp://HOST:PORT) instead of local "
                             "processes; workers must share the output folder's file system")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    parser = argparse.ArgumentParser(prog="mentorsim", description=(
        "Agent-based simulation of mentorship programs at academic medical centers."))
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="replications of one design, with a summary and report")
    run.add_argument("scenario", type=Path, help="scenario TOML file")
    _add_run_options(run, reps_default=10)

    compare = sub.add_parser("compare", help="paired comparison of designs on common random "
                             "numbers")
    compare.add_argument("scenarios", type=Path, nargs="+", help="two or more scenario files")
    compare.add_argument("--baseline", default=None,
                         help="design every other is compared with (default: the first)")
    compare.add_argument("--precision", type=float, default=None,
                         help="add replicates until every interval's half-width is at most "
                              "this share of the baseline mean (instead of --reps)")
    compare.add_argument("--max-reps", type=_positive_int, default=200,
                         help="cap on replicates with --precision (default 200)")
    compare.add_argument("--outcomes", default=None,
                         help="comma-separated outcomes to summarise (default: key outcomes)")
    _add_run_options(compare, reps_default=None)

    validate = sub.add_parser("validate", help="check the model against literature targets")
    validate.add_argument("--targets", type=Path, default=None,
                          help="targets file (default experiments/targets.toml)")
    _add_run_options(validate, reps_default=30)

    calibrate = sub.add_parser("calibrate", add_help=False,
                               help="fit the parameters the literature does not give "
                                    "(see mentorsim calibrate --help)")
    calibrate.add_argument("rest", nargs=argparse.REMAINDER)

    bench = sub.add_parser("bench", help="speed and memory benchmark (prints figures)")
    bench.add_argument("--json", type=Path, default=None, help="also write the figures here")
    bench.add_argument("--quick", action="store_true", help="fewer repeats")

    app = sub.add_parser("app", help="the workshop app: the model live in a browser")
    app.add_argument("--port", type=_positive_int, default=8765, help="TCP port (default 8765)")
    app.add_argument("--host", default="127.0.0.1",
                     help="interface to listen on (default 127.0.0.1: this machine only)")
    app.add_argument("--no-browser", action="store_true", help="do not open a browser")
    return parser


def cmd_run(args: argparse.Namespace) -> int:
    """``mentorsim run``."""
    from sim.experiment.single import run_scenario
    from sim.report.terminal import print_summary
    from sim.scenario import load

    scenario = load(args.scenario)
    runset, summary = run_scenario(scenario, reps=args.reps, seed=args.seed, years=args.years,
                                   workers=args.workers, out_dir=args.out,
                                   progress=not args.quiet, scheduler=args.scheduler)
    print_summary(summary, title=f"{scenario.name}: {args.reps} replicates, seed {args.seed}")
    print(f"\nresults in {runset.out_dir}/ (report.html, report.md, runs.parquet, "
          "yearly.parquet, manifest.json)")
    return 0


def cmd_compare(args: argparse.Namespace) -> int:
    """``mentorsim compare``."""
    from sim.experiment.compare import ComparisonError, plan, run_comparison
    from sim.report.compare_report import write_compare_report
    from sim.report.terminal import print_comparison
    from sim.scenario import load

    scenarios = [load(path) for path in args.scenarios]  # every file validated before any run
    reps = args.reps if args.reps is not None or args.precision is not None else 30
    outcomes = [o.strip() for o in args.outcomes.split(",")] if args.outcomes else None
    try:
        planned = plan(scenarios, baseline=args.baseline, outcomes=outcomes, reps=reps,
                       precision=args.precision, max_reps=args.max_reps)
    except ComparisonError as err:
        print(f"mentorsim: error: {err}", file=sys.stderr)
        return 2
    result = run_comparison(planned, seed=args.seed, years=args.years, workers=args.workers,
                            out_dir=args.out, progress=not args.quiet,
                            scheduler=args.scheduler)
    write_compare_report(result, planned)
    print_comparison(result.table, planned.outcomes, baseline=planned.baseline,
                     reps=result.reps, stopped_by=result.stopped_by)
    print(f"\nresults in {result.out_dir}/ (report.html, report.md, comparison.csv, "
          "runs.parquet, yearly.parquet, manifest.json)")
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    """``mentorsim validate``: exit 0 when every target passes, 1 otherwise."""
    from tqdm import tqdm

    from sim.experiment.targets import DEFAULT_TARGETS, TargetError, load_targets
    from sim.experiment.validate import run_validation, scenarios_for
    from sim.report.terminal import print_validation
    from sim.report.validation_report import write_validation_report

    try:
        targets = load_targets(args.targets or DEFAULT_TARGETS)
    except TargetError as err:
        print(f"mentorsim: error: {err}", file=sys.stderr)
        return 2
    out_dir = args.out or Path("results") / "validation"
    total = args.reps * len(scenarios_for(targets))
    with tqdm(total=total, unit="run", desc="validate", disable=args.quiet) as bar:
        table, runs = run_validation(targets, reps=args.reps, seed=args.seed, out_dir=out_dir,
                                     years=args.years, workers=args.workers,
                                     scheduler=args.scheduler,
                                     on_done=lambda *_: bar.update(1))
    write_validation_report(out_dir, table, runs, targets, reps=args.reps, seed=args.seed)
    print_validation(table)
    print(f"\nresults in {out_dir}/ (validation.csv, report.html, report.md)")
    return 0 if bool(table["ok"].all()) else 1


def cmd_bench(args: argparse.Namespace) -> int:
    """``mentorsim bench``."""
    from sim.benchmark import main as bench_main

    argv = (["--json", str(args.json)] if args.json else []) + (["--quick"] if args.quick
                                                                 else [])
    return bench_main(argv)


def cmd_app(args: argparse.Namespace) -> int:
    """``mentorsim app``: serve the workshop page until interrupted."""
    from sim.app import ServeError, serve

    try:
        serve(host=args.host, port=args.port, open_browser=not args.no_browser)
    except ServeError as err:
        print(f"mentorsim: error: {err}", file=sys.stderr)
        return 2
    return 0


COMMANDS = {"run": cmd_run, "compare": cmd_compare, "validate": cmd_validate,
            "bench": cmd_bench, "app": cmd_app}


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``mentorsim`` console script."""
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv[:1] == ["calibrate"]:
        # The calibration module parses its own options (and its own --help).
        from sim.experiment.calibrate import main as calibrate_main

        return calibrate_main(argv[1:])
    args = build_parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except ScenarioError as err:
        print(f"mentorsim: error: {err}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

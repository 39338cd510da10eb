"""``mentorsim`` command line: parse, call one library function, print. No logic of its own."""

from __future__ import annotations

import argparse
import sys
import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sim import __version__
from sim.errors import InputError
from sim.extras import require

if TYPE_CHECKING:
    from sim.experiment.ensemble import Ensemble
    from sim.experiment.options import RunOptions
    from sim.scenario import Scenario

#: Exit status of ``validate`` when no target is outside but some are not yet resolved.
EXIT_UNRESOLVED = 3


def positive_int(text: str) -> int:
    """Argparse type: an integer >= 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an integer") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} is not allowed; expected an integer >= 1")
    return value


def years_option(text: str) -> int:
    """Argparse type: simulated years, in the range a scenario allows."""
    from sim.scenario.schema import INT_RANGES

    lo, hi = INT_RANGES["years"]
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an integer") from None
    if not lo <= value <= hi:
        raise argparse.ArgumentTypeError(
            f"{value} is not allowed; expected an integer in [{lo}, {hi}]"
        )
    return value


def seed(text: str) -> int:
    """Argparse type: a seed, 0 <= seed < 2**63."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an integer") from None
    if not 0 <= value < 2**63:
        raise argparse.ArgumentTypeError(f"{value} is not allowed; expected 0 <= seed < 2**63")
    return value


def override(text: str) -> tuple[str, Any]:
    """Argparse type: ``KEY=VALUE``, the value read as TOML (else kept as text)."""
    key, sep, raw = text.partition("=")
    if not sep:
        raise argparse.ArgumentTypeError(f"{text!r} is not KEY=VALUE")
    try:
        value = tomllib.loads(f"v = {raw}")["v"]
    except tomllib.TOMLDecodeError:
        value = raw
    return key.strip(), value


def _add_shared_options(
    parser: argparse.ArgumentParser,
    *,
    reps_default: int | None,
    seed_default: int = 0,
    out_default: str = "",
) -> None:
    """The options every experiment command shares: replicates, seed, years, where to run."""
    shown_reps = reps_default if reps_default is not None else 30
    parser.add_argument(
        "--reps",
        type=positive_int,
        default=reps_default,
        help=f"replicates per design (default {shown_reps})",
    )
    parser.add_argument(
        "--seed", type=seed, default=seed_default, help=f"base seed (default {seed_default})"
    )
    parser.add_argument(
        "--years", type=years_option, default=None, help="simulated years (default: the scenario's)"
    )
    parser.add_argument(
        "--workers", type=positive_int, default=None, help="worker processes (default: all cores)"
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        help=f"output folder (default {out_default or 'results/<name>/'})",
    )
    parser.add_argument(
        "--scheduler",
        default=None,
        metavar="ADDRESS",
        help="run on a Dask cluster (tcp://HOST:PORT) instead of local "
        "processes; workers must share the output folder's file system",
    )
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    _add_safety_options(parser)


def _add_safety_options(parser: argparse.ArgumentParser, *, size: bool = True) -> None:
    """``--force`` (replace finished results) and ``--yes`` (run past the size limits)."""
    parser.add_argument(
        "--force",
        action="store_true",
        help="replace the results the output folder holds (without it, a given --out "
        "holding results is refused and a default one gets a new folder beside it)",
    )
    if size:
        parser.add_argument(
            "--yes",
            action="store_true",
            help="run an experiment past the size limits (a day of runs, 200,000 runs, "
            "or half this machine's memory) without asking",
        )


def _add_context_option(parser: argparse.ArgumentParser, *, many: bool) -> None:
    parser.add_argument(
        "--context",
        action="append" if many else "store",
        default=None,
        metavar="CONTEXT",
        help="run the design(s) in this context (a scenario file with kind = 'context', or "
        "a shipped one's name such as scarce_mentors)"
        + ("; repeat it with one design to compare that design across contexts" if many else ""),
    )


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    parser = argparse.ArgumentParser(
        prog="mentorsim",
        description=("Agent-based simulation of mentorship programs at academic medical centers."),
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="replications of one design, with a summary and report")
    run.add_argument(
        "scenario", help="scenario TOML file, or a shipped scenario's name (e.g. coaching)"
    )
    _add_shared_options(run, reps_default=10)
    _add_context_option(run, many=False)
    _add_resume_option(run)
    _add_ensemble_option(run, default_on=False)
    run.add_argument(
        "--no-report",
        action="store_true",
        help="write the tables only (runs, yearly, manifest), no report.html or report.md",
    )

    compare = sub.add_parser(
        "compare", help="paired comparison of designs on common random numbers"
    )
    compare.add_argument(
        "scenarios",
        nargs="+",
        help="two or more scenario files or shipped scenario names (one with several --context)",
    )
    compare.add_argument(
        "--baseline",
        default=None,
        help="design every other is compared with (default: the design the others are "
        "built on, when they all change one; else the first, and each design built on "
        "another given design is compared with that one)",
    )
    compare.add_argument(
        "--priorities",
        default=None,
        metavar="OUTCOMES",
        help="comma-separated decision-table columns, most important first, that order its "
        "rows (default: coverage, retention, promotion, equity, burnout, net cost; names "
        "as in the table's glossary)",
    )
    compare.add_argument(
        "--precision",
        type=float,
        default=None,
        help="add replicates until every interval's half-width is at most "
        "this share of the baseline mean (instead of --reps)",
    )
    compare.add_argument(
        "--max-reps",
        type=positive_int,
        default=200,
        help="cap on replicates with --precision (default 200)",
    )
    compare.add_argument(
        "--outcomes",
        default=None,
        help="comma-separated outcomes to summarise (default: key outcomes)",
    )
    _add_shared_options(
        compare,
        reps_default=None,
        out_default="results/compare-<names>/, or for many designs "
        "results/compare-<baseline>-and-<N>-more-<hash>/",
    )
    _add_resume_option(compare)
    _add_context_option(compare, many=True)
    _add_ensemble_option(compare, default_on=True)
    compare.add_argument(
        "--no-report",
        action="store_true",
        help="write the tables only (comparison, costs, runs, yearly, manifest), no "
        "report.html or report.md",
    )

    validate = sub.add_parser("validate", help="check the model against literature targets")
    validate.add_argument(
        "--targets",
        type=Path,
        default=None,
        help="targets file (default: the shipped experiments/targets.toml)",
    )
    _add_shared_options(validate, reps_default=None, out_default="results/validation/")
    _add_ensemble_option(validate, default_on=False)
    validate.add_argument(
        "--member-seeds",
        type=positive_int,
        default=None,
        metavar="K",
        help="with --ensemble: fresh seeds per member (an even number; default 2), so that a "
        "member's mean is precise enough for its coverage to mean something; the run has "
        "K x members replicates (instead of --reps)",
    )

    calibrate = sub.add_parser(
        "calibrate",
        help="history-match the parameters the literature does not give: the ensemble of "
        "values no target rules out (or --point: one least-squares fit)",
    )
    calibrate.add_argument(
        "--point",
        action="store_true",
        help="fit one point by least squares (the schema's defaults) instead of the ensemble; "
        "--budget, --start, --reps and --seed apply to it",
    )
    calibrate.add_argument(
        "--ship",
        action="store_true",
        help="also replace the shipped experiments/ensemble.toml with the new ensemble",
    )
    _add_resume_option(calibrate)
    calibrate.add_argument(
        "--budget",
        type=positive_int,
        default=200,
        help="most model evaluations for the --point optimiser (default 200)",
    )
    calibrate.add_argument(
        "--targets",
        type=Path,
        default=None,
        help="targets file (default: the shipped experiments/targets.toml)",
    )
    calibrate.add_argument(
        "--parameters",
        type=Path,
        default=None,
        help="calibration parameter file (default: the shipped experiments/calibration.toml)",
    )
    calibrate.add_argument(
        "--start",
        type=Path,
        default=None,
        help="starting values from a TOML file in scenario layout, e.g. an "
        "earlier calibrated.toml (default: the scenario defaults)",
    )
    calibrate.add_argument(
        "--set",
        dest="overrides",
        type=override,
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="fixed parameter override, repeatable",
    )
    # Replicates per evaluation; seed 2 so calibration and validation (seed 0) use other seeds.
    # The ensemble's seeds are in the calibration file's [history_matching] table.
    _add_shared_options(
        calibrate, reps_default=8, seed_default=2, out_default="results/calibration/"
    )

    app = sub.add_parser("app", help="the workshop app: the model live in a browser")
    app.add_argument("--port", type=positive_int, default=8765, help="TCP port (default 8765)")
    app.add_argument(
        "--host",
        default="127.0.0.1",
        help="interface to listen on (default 127.0.0.1: this machine only)",
    )
    app.add_argument("--no-browser", action="store_true", help="do not open a browser")
    _add_sweep_commands(sub)
    return parser


def say_if_compiling(args: argparse.Namespace) -> None:
    """Say once, before the runs, when numba will compile the kernels first (local runs)."""
    if args.quiet or args.scheduler:
        return  # quiet asked for silence; on a cluster the workers' caches are not ours
    from sim.experiment.compilation import cache_dir, modules_to_compile, worth_announcing
    from sim.report.documents.terminal import compile_notice

    modules = modules_to_compile()
    if worth_announcing(modules):
        print(compile_notice(modules, cache_dir()), file=sys.stderr, flush=True)


#: ``--ensemble`` left out where the shipped ensemble is the default (used when installed).
DEFAULT_ENSEMBLE = -1


def _add_ensemble_option(
    parser: argparse.ArgumentParser,
    *,
    default_on: bool,
    how: str = "replicate r runs member r // 2, the same member and seed for every design",
) -> None:
    """``--ensemble [N]`` (and ``--no-ensemble`` where the ensemble is the default)."""
    parser.add_argument(
        "--ensemble",
        nargs="?",
        type=positive_int,
        const=0,
        default=DEFAULT_ENSEMBLE if default_on else None,
        metavar="N",
        help="carry the calibrated ensemble (its first N members; all when N is left out): "
        + how
        + (" (the default; --no-ensemble runs the schema's defaults)" if default_on else ""),
    )
    parser.add_argument(
        "--ensemble-file",
        type=Path,
        default=None,
        metavar="FILE",
        help="ensemble file (default: the shipped experiments/ensemble.toml)",
    )
    if default_on:
        parser.add_argument(
            "--no-ensemble",
            dest="ensemble",
            action="store_const",
            const=None,
            help="run every replicate at the schema's default (point-calibrated) values",
        )


def chosen_ensemble(args: argparse.Namespace):
    """The ensemble a command was asked to carry (None without one), checked before runs."""
    if getattr(args, "ensemble", None) is None:
        return None
    from sim import data
    from sim.experiment.ensemble import load_ensemble

    if args.ensemble == DEFAULT_ENSEMBLE and args.ensemble_file is None:
        try:
            data.ensemble_file()
        except data.DataFileError:
            print("note: no calibrated ensemble is installed; every replicate runs the defaults")
            return None
    by_default = args.ensemble == DEFAULT_ENSEMBLE
    ensemble = load_ensemble(args.ensemble_file).take(args.ensemble if args.ensemble > 0 else None)
    # Say what the runs carry: a reader of the terminal should know that the intervals include
    # parameter uncertainty, and, when it was not asked for, how to turn it off.
    print(
        f"carrying the calibrated ensemble: {len(ensemble)} members of {ensemble.file}"
        + (" (by default; --no-ensemble runs the schema's defaults)" if by_default else "")
    )
    return ensemble


def _add_resume_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--resume",
        action="store_true",
        help="keep the runs an interrupted invocation finished in the output "
        "folder and run only the missing ones",
    )


def _add_sweep_commands(sub) -> None:
    """``sweep``, ``sensitivity`` and ``robustness``."""
    sweep = sub.add_parser(
        "sweep",
        help="designs x sampled parameters x replicates from an "
        "experiment file, streamed to disk and resumable",
    )
    sweep.add_argument("experiment", type=Path, help="experiment TOML file (see experiments/)")
    sweep.add_argument(
        "--out", type=Path, default=None, help="output folder (default results/<experiment name>/)"
    )
    sweep.add_argument(
        "--workers", type=positive_int, default=None, help="worker processes (default: all cores)"
    )
    sweep.add_argument(
        "--scheduler",
        default=None,
        metavar="ADDRESS",
        help="run on a Dask cluster (tcp://HOST:PORT); workers must share the "
        "output folder's file system",
    )
    _add_resume_option(sweep)
    _add_ensemble_option(
        sweep,
        default_on=False,
        how="point p takes the calibrated parameters from member p mod N (the other "
        "uncertainties from their ranges), the same member and seeds for every design",
    )
    sweep.add_argument("--quiet", action="store_true", help="no progress bar")
    _add_safety_options(sweep)
    sweep.add_argument(
        "--plan",
        action="store_true",
        help="print the runs, estimated time, memory and disk, and exit without running",
    )
    sweep.add_argument(
        "--no-report",
        action="store_true",
        help="write the tables only: no report, sensitivity or robustness analysis "
        "(`mentorsim sensitivity|robustness FOLDER` makes them later)",
    )
    for name, text in (
        (
            "sensitivity",
            "Sobol' or Morris indices of a finished saltelli or morris sweep, with their report",
        ),
        (
            "robustness",
            "where each design of a finished sweep beats the baseline, and what that depends on",
        ),
    ):
        command = sub.add_parser(name, help=text)
        command.add_argument("folder", type=Path, help="the sweep's output folder")
        _add_safety_options(command, size=False)
    discover = sub.add_parser(
        "discover",
        help="scenario discovery (PRIM and CART): where in a finished sweep's space a "
        "design's outcome crosses a threshold",
    )
    discover.add_argument("folder", type=Path, help="the sweep's output folder")
    discover.add_argument("--design", required=True, help="the design (or policy)")
    discover.add_argument("--outcome", required=True, help="the outcome")
    discover.add_argument("--threshold", type=float, required=True, help="the threshold")
    discover.add_argument(
        "--case",
        choices=("worse", "above", "below"),
        default="worse",
        help="which side of the threshold is a case (default: the outcome's worse side)",
    )
    discover.add_argument(
        "--min-coverage",
        type=float,
        default=0.5,
        help="the chosen PRIM box covers at least this share of the cases (default 0.5)",
    )
    search = sub.add_parser(
        "search",
        help="multi-objective search over an experiment's levers ([search]): the Pareto "
        "front, confirmed on fresh seeds, with scenario files",
    )
    search.add_argument("experiment", type=Path, help="experiment TOML file with [search]")
    search.add_argument(
        "--out", type=Path, default=None, help="output folder (default results/<name>/)"
    )
    search.add_argument(
        "--workers", type=positive_int, default=None, help="worker processes (default: all cores)"
    )
    _add_ensemble_option(
        search,
        default_on=False,
        how="search replicate r runs a scenario whose calibrated parameters come from member "
        "r mod N (the [uncertainties] from their ranges), the same scenario and seed for "
        "every candidate; the confirmation draws fresh ones",
    )
    search.add_argument("--quiet", action="store_true", help="no progress bar")
    _add_safety_options(search, size=False)
    policies = sub.add_parser(
        "policies",
        help="regret, satisficing and percentiles of each policy of a finished sweep with "
        "[policies], ranked by the measure you pick",
    )
    policies.add_argument("folder", type=Path, help="the sweep's output folder")
    policies.add_argument(
        "--measure",
        default=None,
        help="rank by max_regret, p90_regret, mean_regret, satisficing, mean or "
        "worst_decile (default: the experiment's policies.measure)",
    )


def check_years_option(years: int | None, scenarios: dict[str, Scenario]) -> None:
    """Refuse a ``--years`` that leaves no year after a scenario's warm-up, naming the option.

    Args:
        years: The ``--years`` value, or None.
        scenarios: File path -> the scenario loaded from it.

    Raises:
        InputError: when ``years`` is not above some scenario's ``warmup_years``.
    """
    if years is None:
        return
    for path, scenario in scenarios.items():
        if years <= scenario.warmup_years:
            raise InputError(
                f"--years {years}: {path} excludes its first warmup_years = "
                f"{scenario.warmup_years} from the outcomes, so --years must be at "
                f"least {scenario.warmup_years + 1} (or lower warmup_years in the "
                "file)"
            )


def out_folder(args: argparse.Namespace, default: Path) -> Path:
    """The folder the command writes (``--out``, else ``default`` or a new one beside it)."""
    from sim.experiment.resume import choose_out_dir

    out_dir, note = choose_out_dir(
        args.out,
        default,
        resume=getattr(args, "resume", False),
        force=args.force,
        resumable=hasattr(args, "resume"),
    )
    if note:
        print(f"note: {note}", file=sys.stderr)
    return out_dir


def run_options(args: argparse.Namespace, out_dir: Path | None) -> RunOptions:
    """How the command line asks for runs to be carried out, and the folder to write.

    Reads ``--years``, ``--workers``, ``--scheduler``, ``--quiet``, ``--resume`` and
    ``--force`` where the command has them (else their defaults).
    """
    from sim.experiment.options import RunOptions

    return RunOptions(
        years=getattr(args, "years", None),
        workers=getattr(args, "workers", None),
        scheduler=getattr(args, "scheduler", None),
        out_dir=out_dir,
        progress=not getattr(args, "quiet", False),
        resume=getattr(args, "resume", False),
        force=getattr(args, "force", False),
    )


def check_size(args: argparse.Namespace, runs: int, scenarios: list, what: str) -> None:
    """Refuse, before anything is allocated, an experiment past the size limits."""
    from sim.experiment.size import check_size as check
    from sim.experiment.size import estimate

    found = estimate(
        runs,
        people=max(s.institution.initial_size for s in scenarios),
        years=args.years or max(s.years for s in scenarios),
        workers=args.workers,
    )
    check(found, what=what, confirmed=args.yes)


def cmd_run(args: argparse.Namespace) -> int:
    """``mentorsim run``."""
    from sim import workflows
    from sim.experiment.horizon import short_run_note
    from sim.experiment.single import default_out_dir
    from sim.report.documents.terminal import print_summary
    from sim.scenario.shipped import load_design

    scenario = load_design(args.scenario, args.context)
    check_years_option(args.years, {args.scenario: scenario})
    ensemble = chosen_ensemble(args)
    check_size(args, args.reps, [scenario], f"--reps {args.reps}")
    out_dir = out_folder(args, default_out_dir(scenario))
    say_if_compiling(args)
    out_dir, summary = workflows.run(
        scenario,
        reps=args.reps,
        seed=args.seed,
        options=run_options(args, out_dir),
        ensemble=ensemble,
        report=not args.no_report,
    )
    print_summary(summary, title=f"{scenario.name}: {args.reps} replicates, seed {args.seed}")
    note = short_run_note(scenario, args.years)  # why some rows above are n/a
    if note:
        print(f"\n{note}")
    report = "" if args.no_report else "report.html, report.md, "
    print(f"\nresults in {out_dir}/ ({report}runs.parquet, yearly.parquet, manifest.json)")
    return 0


def load_compared(names: list[str], contexts: list[str] | None) -> list:
    """The designs of a comparison: each in the context, or one design across contexts."""
    from sim.errors import InputError as Refused
    from sim.scenario.shipped import kind_of, load_design, locate

    # A glob such as scenarios/*.toml names the shipped contexts too: they are not designs.
    found = {name: locate(name) for name in names}
    left_out = [n for n, path in found.items() if path.exists() and kind_of(path) == "context"]
    if left_out and len(names) - len(left_out) >= 2:
        print(
            f"note: left out {', '.join(Path(n).stem for n in left_out)}: a context, not a "
            "design (give it with --context to run the designs in it)",
            file=sys.stderr,
        )
        names = [n for n in names if n not in left_out]
    if not contexts or len(contexts) == 1:
        context = contexts[0] if contexts else None
        return [load_design(name, context) for name in names]
    if len(names) != 1:
        raise Refused(
            f"--context given {len(contexts)} times with {len(names)} designs; compare "
            "several designs in one context, or one design across several contexts"
        )
    return [
        load_design(names[0], context).replace(
            name=f"{load_design(names[0]).name}@{Path(context).stem}"
        )
        for context in contexts
    ]


def cmd_compare(args: argparse.Namespace) -> int:
    """``mentorsim compare``."""
    from sim import workflows
    from sim.experiment.compare import default_out_dir, plan
    from sim.report.documents.terminal import print_comparison
    from sim.scenario.shipped import load_design

    scenarios = load_compared(args.scenarios, args.context)  # all validated before any run
    check_years_option(args.years, {s.name: s for s in scenarios})
    reps = args.reps if args.reps is not None or args.precision is not None else 30
    outcomes = [o.strip() for o in args.outcomes.split(",")] if args.outcomes else None
    context = args.context[0] if args.context and len(args.context) == 1 else None
    planned = plan(
        scenarios,
        baseline=args.baseline,
        outcomes=outcomes,
        reps=reps,
        precision=args.precision,
        max_reps=args.max_reps,
        years=args.years,
        load_reference=lambda name: load_design(name, context),
    )
    priorities = [p.strip() for p in args.priorities.split(",")] if args.priorities else None
    workflows.check_priorities(priorities)
    runs = (reps if args.precision is None else args.max_reps) * len(planned.scenarios)
    what = f"--reps {reps}" if args.precision is None else f"--max-reps {args.max_reps}"
    check_size(args, runs, planned.scenarios, f"{what} x {len(planned.scenarios)} designs")
    out_dir = out_folder(args, default_out_dir(planned.names))
    print(f"baseline: {planned.baseline_reason}")
    if planned.note:
        print(f"note: {planned.note}")
    ensemble = chosen_ensemble(args)
    say_if_compiling(args)
    result = workflows.compare(
        planned,
        seed=args.seed,
        options=run_options(args, out_dir),
        priorities=priorities,
        ensemble=ensemble,
        report=not args.no_report,
    )
    print_comparison(
        result.table,
        planned.outcomes,
        baseline=planned.baseline,
        reps=result.reps,
        stopped_by=result.stopped_by,
        costs=result.costs,
        replacement_cost=planned.scenarios[0].costs.replacement_cost,
        priorities=priorities,
    )
    report = "" if args.no_report else "report.html, report.md, "
    print(
        f"\nresults in {result.out_dir}/ ({report}comparison.csv, costs.csv, runs.parquet, "
        "yearly.parquet, manifest.json)"
    )
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    """``mentorsim validate``: 0 all targets inside, 1 any outside, 3 some not yet resolved."""
    from sim import workflows
    from sim.experiment.ensemble import check_fresh_seeds
    from sim.experiment.targets import load_targets
    from sim.experiment.validate import check_run_years, scenarios_for
    from sim.report.documents.terminal import print_coverage, print_validation

    targets = load_targets(args.targets)
    scenarios = scenarios_for(targets)
    check_run_years(targets, scenarios, args.years)  # before anything is said
    ensemble = chosen_ensemble(args)
    reps = validation_reps(args, ensemble)
    if ensemble is not None:
        check_fresh_seeds(ensemble, args.seed, reps)
    check_size(
        args,
        reps * len(scenarios),
        list(scenarios.values()),
        f"--reps {reps} x {len(scenarios)} scenarios",
    )
    out_dir = out_folder(args, workflows.DEFAULT_VALIDATION_OUT)
    say_if_compiling(args)
    out_dir, table = workflows.validate(
        targets,
        reps=reps,
        seed=args.seed,
        options=run_options(args, out_dir),
        ensemble=ensemble,
    )
    print_validation(table, reps)
    if ensemble is not None:
        print_coverage(table)
        print(f"\nresults in {out_dir}/ (validation.csv, report.html, report.md)")
        return 0 if bool(table["ensemble_ok"].all()) else 1
    print(f"\nresults in {out_dir}/ (validation.csv, report.html, report.md)")
    return validation_status(table["state"])


def validation_reps(args: argparse.Namespace, ensemble: Ensemble | None) -> int:
    """Replicates of ``validate``: --reps, K per member with --member-seeds, or the default.

    Without either, every member runs twice (replicate r runs member r // 2), or 30
    replicates without an ensemble.

    Raises:
        InputError: for --member-seeds without --ensemble, with --reps, or odd.
    """
    from sim.experiment.ensemble import SEEDS_PER_MEMBER

    k = args.member_seeds
    if k is None:
        if args.reps is not None:
            return int(args.reps)
        return 30 if ensemble is None else SEEDS_PER_MEMBER * len(ensemble)
    if ensemble is None:
        raise InputError(f"--member-seeds {k}: needs --ensemble (seeds per member)")
    if args.reps is not None:
        raise InputError(
            f"--member-seeds {k} with --reps {args.reps}: give one of them "
            f"(--member-seeds sets the replicates to K x {len(ensemble)} members)"
        )
    if k % SEEDS_PER_MEMBER:
        raise InputError(
            f"--member-seeds {k} is not allowed; expected a multiple of {SEEDS_PER_MEMBER} "
            f"(replicate r runs member r // {SEEDS_PER_MEMBER})"
        )
    return k * len(ensemble)


def validation_status(states: Iterable[str]) -> int:
    """Exit status of ``validate`` from the targets' states (``sim.experiment.bands``).

    Returns:
        0 when every target is inside its band, 1 when any is outside or undefined, and
        ``EXIT_UNRESOLVED`` (3) when none is outside but some are not yet resolved at these
        replicates (rerun with the replicates the output suggests).
    """
    states = set(states)
    if states <= {"inside"}:
        return 0
    if states & {"outside", "undefined"}:
        return 1
    return EXIT_UNRESOLVED


def cmd_calibrate(args: argparse.Namespace) -> int:
    """``mentorsim calibrate``: 0 when the calibration ran."""
    from sim import workflows
    from sim.experiment.calibration import load_parameters, load_start
    from sim.experiment.targets import load_targets
    from sim.experiment.validate import scenarios_for
    from sim.report.documents.calibration import summary_text

    targets = load_targets(args.targets)
    parameters = load_parameters(args.parameters, [t.id for t in targets])
    if not args.point:
        return _calibrate_ensemble(args, targets, parameters)
    start = load_start(args.start, parameters) if args.start else None
    scenarios = list(scenarios_for(targets).values())
    check_size(
        args,
        args.budget * args.reps * len(scenarios),
        scenarios,
        f"--budget {args.budget} x --reps {args.reps} x {len(scenarios)} scenarios",
    )
    out_dir = out_folder(args, workflows.DEFAULT_CALIBRATION_OUT)
    say_if_compiling(args)
    out_dir, result = workflows.calibrate(
        targets,
        parameters,
        budget=args.budget,
        reps=args.reps,
        seed=args.seed,
        start=start,
        overrides=dict(args.overrides),
        options=run_options(args, out_dir),
    )
    print(summary_text(result))
    print(
        f"\nresults in {out_dir}/ (calibrated.toml, loss_history.csv, identifiability.csv, "
        "jacobian.csv, loss_history.png)"
    )
    return 0


def _calibrate_ensemble(args: argparse.Namespace, targets: list, parameters: list) -> int:
    """``mentorsim calibrate`` (history matching): write the ensemble; 0 when it ran."""
    from sim import data, workflows
    from sim.experiment.calibration.parameters import load_history_matching

    settings = load_history_matching(args.parameters)
    say_if_compiling(args)
    result = workflows.calibrate_ensemble(
        targets,
        parameters,
        settings,
        options=run_options(args, args.out),
        targets_file=args.targets or data.targets_file(),
        parameters_file=args.parameters or data.calibration_file(),
        model_version=__version__,
        overrides=dict(args.overrides),
        say=None if args.quiet else print,
        ship=args.ship,
    )
    print(
        f"{len(result.members)} members from {result.history.runs} runs in "
        f"{result.seconds / 60:.1f} minutes"
    )
    print(
        f"results in {result.out_dir}/ (ensemble.toml, members.csv, waves.csv, screening.csv, "
        "ensemble.png)"
    )
    return 0


def cmd_app(args: argparse.Namespace) -> int:
    """``mentorsim app``: serve the workshop page until interrupted."""
    require("app", "mentorsim app")
    from sim.app import ServeError, serve

    try:
        serve(host=args.host, port=args.port, open_browser=not args.no_browser)
    except ServeError as err:
        print(f"mentorsim: error: {err}", file=sys.stderr)
        return 2
    return 0


def cmd_sweep(args: argparse.Namespace) -> int:
    """``mentorsim sweep``."""
    from sim import workflows
    from sim.experiment.sweep import load_experiment
    from sim.experiment.sweep.rules import SENSITIVITY_METHODS

    experiment = load_experiment(args.experiment)  # refused here, before anything runs
    ensemble = chosen_ensemble(args)
    if ensemble is not None:
        from sim.experiment.sweep.ensemble import with_ensemble

        experiment = with_ensemble(experiment, ensemble)
    if experiment.sampler.method in SENSITIVITY_METHODS:
        require("sensitivity", f"sampler.method = {experiment.sampler.method!r}")
    for warning in experiment.warnings():
        print(f"warning: {warning}", file=sys.stderr)
    if args.plan:  # says what would run, whatever its size, and writes nothing
        for line in workflows.sweep_plan(experiment, options=run_options(args, args.out)):
            print(line)
        return 0
    from sim.experiment.size import check_size as check
    from sim.experiment.size import estimate
    from sim.experiment.sweep.samplers import point_count

    points = point_count(experiment)
    runs = points * len(experiment.designs) * experiment.replicates
    scenarios = [d.scenario for d in experiment.designs]
    found = estimate(
        runs,
        people=max(s.institution.initial_size for s in scenarios),
        years=max(s.years for s in scenarios),
        workers=args.workers,
    )
    check(
        found,
        what=f"{args.experiment}: {points:,} points x {len(experiment.designs)} designs x "
        f"{experiment.replicates} replicates",
        confirmed=args.yes,
    )
    out_dir = out_folder(args, Path("results") / experiment.name)
    if experiment.outcome_note:
        print(f"note: {experiment.outcome_note}")
    result = workflows.sweep(
        experiment, options=run_options(args, out_dir), report=not args.no_report
    )
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    resumed = f" ({result.runs_before} were already done)" if result.runs_before else ""
    print(f"{result.runs_total} runs{resumed} in {result.seconds:.1f} s")
    extra = [
        name
        for name in ("sensitivity", "policies", "robustness")
        if (result.out_dir / name / "report.html").exists()
    ]
    report = "" if args.no_report else "report.html, "
    print(
        f"results in {result.out_dir}/ ({report}runs.parquet, yearly.parquet, "
        "points.parquet, experiment.json, manifest.json"
        + "".join(f", {name}/report.html" for name in extra)
        + ")"
    )
    return 0


def cmd_sensitivity(args: argparse.Namespace) -> int:
    """``mentorsim sensitivity``."""
    from sim import workflows

    require("sensitivity", "mentorsim sensitivity")
    result = workflows.sensitivity(args.folder, force=args.force)
    for note in result.notes:
        print(f"left out: {note}")
    for warning in result.warnings():
        print(f"warning: {warning}", file=sys.stderr)
    print(
        f"{len(result.table)} indices in {args.folder / 'sensitivity.csv'} (checks in "
        f"sensitivity_checks.csv, convergence in sensitivity_convergence.csv); report in "
        f"{args.folder / 'sensitivity'}/report.html"
    )
    return 0


def carried_note(folder: Path) -> str | None:
    """What a sweep folder's scenarios carried of the ensemble, in words (None: no ensemble).

    The ensemble enters a sweep when it runs (``sweep FILE --ensemble``); the analyses of the
    finished folder say so, since their verdicts then hold across the members.
    """
    import json

    record = folder / "experiment.json"
    carried = json.loads(record.read_text()).get("ensemble") if record.is_file() else None
    if not carried:
        return None
    return (
        f"scenarios carry the calibrated ensemble: scenario p runs member p mod "
        f"{carried['members']} of {carried['file'] or 'the ensemble'}, the same for every design"
    )


def cmd_robustness(args: argparse.Namespace) -> int:
    """``mentorsim robustness``."""
    from sim import workflows

    table, _ = workflows.robustness(args.folder, force=args.force)
    if note := carried_note(args.folder):
        print(note)
    shown = table[table["verdict"] != "baseline"]
    for row in shown.itertuples():
        print(
            f"{row.outcome:28s} {row.design:20s} better at {row.share_better:6.1%} of "
            f"points, first at {row.share_first:6.1%}: {row.verdict}"
        )
    print(
        f"tables in {args.folder}/robustness.csv and robustness_drivers.csv; report in "
        f"{args.folder / 'robustness'}/report.html"
    )
    return 0


def cmd_policies(args: argparse.Namespace) -> int:
    """``mentorsim policies``."""
    from sim import workflows

    table, joint, measure = workflows.policies(args.folder, args.measure)
    if note := carried_note(args.folder):
        print(note)
    for outcome in dict.fromkeys(table["outcome"]):
        rows = table[table["outcome"] == outcome].sort_values(["rank", "policy"])
        best = rows.iloc[0]
        print(
            f"{outcome:28s} best by {measure}: {best.policy} ({measure} "
            f"{best[measure]:.4g}; {len(rows)} policies)"
        )
    if len(joint):
        best = joint.sort_values("rank").iloc[0]
        print(f"every threshold met: {best.policy} in {best.satisficing_all:.0%} of scenarios")
    print(
        f"tables in {args.folder}/policies.csv and policies_satisficing.csv; report in "
        f"{args.folder / 'policies'}/report.html"
    )
    return 0


def cmd_discover(args: argparse.Namespace) -> int:
    """``mentorsim discover``."""
    from sim import workflows

    if not 0 < args.min_coverage <= 1:
        raise InputError(f"--min-coverage {args.min_coverage}: expected a share in (0, 1]")
    found, where = workflows.discovery(
        args.folder,
        args.design,
        args.outcome,
        args.threshold,
        case=args.case,
        min_coverage=args.min_coverage,
    )
    chosen = found.trajectory.iloc[found.chosen]
    print(f"{found.design}: {found.case} at {found.cases} of {found.points} points")
    print(
        f"PRIM box (step {found.chosen}): coverage {chosen['coverage']:.0%}, density "
        f"{chosen['density']:.0%}, {int(chosen['points'])} points"
    )
    for row in found.box.itertuples():
        limits = row.values or f"{row.lo:.4g} to {row.hi:.4g}"
        print(f"  {row.parameter}: {limits} (quasi-p {row.quasi_p:.2g})")
    top = found.rules.iloc[0]
    print(f"CART densest leaf: {top.rule} (density {top.density:.0%}, coverage {top.coverage:.0%})")
    print(f"tables and report in {where}/")
    return 0


def lever_text(value: object) -> str:
    """A lever value as the search prints it: a number to four significant digits, a choice whole.

    Args:
        value: The lever's value in a candidate (float, int, bool or string).

    Returns:
        The text, such as ``2.841``, ``True`` or ``new_faculty``.
    """
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


def cmd_search(args: argparse.Namespace) -> int:
    """``mentorsim search``."""
    from sim import workflows
    from sim.experiment.sweep import load_experiment

    experiment = load_experiment(args.experiment)
    out_dir = out_folder(args, Path("results") / experiment.name)
    result, where = workflows.search(
        experiment, options=run_options(args, out_dir), ensemble=chosen_ensemble(args)
    )
    spec = experiment.search
    assert spec is not None  # workflows.search refused an experiment without [search]
    objectives = list(spec.objectives)
    confirmed = result.front[result.front["confirmed"]] if len(result.front) else result.front
    print(
        f"{len(result.trials)} candidates; {len(result.front)} on the search's Pareto front, "
        f"{len(confirmed)} confirmed on {spec.confirm_replicates} fresh seeds"
    )
    keys = [v.key for v in experiment.levers]
    for i, (_, values) in enumerate(confirmed.iterrows(), start=1):
        levers = ", ".join(f"{k.split('.')[-1]}={lever_text(values[k])}" for k in keys)
        outcomes = ", ".join(f"{o} {values[f'{o}_confirmed']:.4g}" for o in objectives)
        print(f"  pareto_{i}: {levers}: {outcomes}")
    print(f"front.csv, trials.csv, report.html and scenarios/ in {where}/")
    return 0


COMMANDS = {
    "run": cmd_run,
    "compare": cmd_compare,
    "validate": cmd_validate,
    "calibrate": cmd_calibrate,
    "app": cmd_app,
    "sweep": cmd_sweep,
    "sensitivity": cmd_sensitivity,
    "robustness": cmd_robustness,
    "policies": cmd_policies,
    "discover": cmd_discover,
    "search": cmd_search,
}


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``mentorsim`` console script.

    Returns:
        The command's exit status; 2 for input refused before anything ran.
    """
    args = build_parser().parse_args(argv)
    try:
        if getattr(args, "scheduler", None):
            require("cluster", "--scheduler")
        if getattr(args, "out", None) is not None:
            from sim.experiment.storage import check_out_dir

            check_out_dir(args.out)
        return COMMANDS[args.command](args)
    except InputError as err:
        print(f"mentorsim: error: {err}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

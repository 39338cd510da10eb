"""What each ``mentorsim`` command does: run the experiment, then write its report.

This is the one layer above both ``sim.experiment`` and ``sim.report``: experiments run models
and write tables, reports read tables and write documents, and neither imports the other's
layer from below. Each function here calls one and then the other, so the CLI (and any other
front end) stays a thin parser.
"""

from __future__ import annotations

import dataclasses
import os
import re
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
from tqdm import tqdm

from sim import data
from sim.experiment.calibration import CalibrationResult, Parameter, write_tables
from sim.experiment.calibration import calibrate as run_calibration
from sim.experiment.calibration.ensemble_run import EnsembleCalibration
from sim.experiment.calibration.ensemble_run import calibrate_ensemble as run_ensemble_calibration
from sim.experiment.calibration.ensemble_run import default_out_dir as default_ensemble_out
from sim.experiment.calibration.settings import HistoryMatching
from sim.experiment.compare import ComparePlan, ComparisonResult, run_comparison
from sim.experiment.discovery import MIN_COVERAGE, Discovery, discover
from sim.experiment.ensemble import Ensemble
from sim.experiment.options import DEFAULT_OPTIONS, RunOptions
from sim.experiment.policies import policy_tables
from sim.experiment.resume import OverwriteError, check_overwrite
from sim.experiment.resume import begin as begin_record
from sim.experiment.robustness import robustness_tables
from sim.experiment.runner import make_executor
from sim.experiment.search import (
    SearchResult,
    model_evaluator,
    pareto_search,
    scenario_overrides,
)
from sim.experiment.sensitivity import SensitivityResult, sensitivity_analysis
from sim.experiment.single import default_out_dir, run_scenario
from sim.experiment.sweep import (
    SENSITIVITY_METHODS,
    Experiment,
    ExperimentError,
    SweepResult,
    run_sweep,
)
from sim.experiment.sweep.plan import plan_sweep
from sim.experiment.sweep.policies import MEASURES
from sim.experiment.sweep.results import read_sweep
from sim.experiment.targets import Target, scenario_names
from sim.experiment.validate import run_validation
from sim.report import (
    check_priority_names,
    summary_table,
    write_compare_report,
    write_discovery_report,
    write_ensemble_figure,
    write_loss_history_figure,
    write_policy_report,
    write_robustness_report,
    write_run_report,
    write_search_report,
    write_sensitivity_report,
    write_sweep_report,
    write_validation_report,
)
from sim.rng import replicate_seeds
from sim.scenario import Scenario

DEFAULT_VALIDATION_OUT = Path("results") / "validation"

DEFAULT_CALIBRATION_OUT = Path("results") / "calibration"


def say(text: str, progress: bool = True) -> None:
    """Tell the user what a long step is doing (on stderr, beside the progress bars)."""
    if progress:
        print(f"{text} ...", file=sys.stderr, flush=True)


def check_priorities(priorities: Sequence[str] | None) -> None:
    """Refuse unknown ``--priorities`` before anything runs (``sim.report.decision.table``)."""
    if priorities is not None:
        check_priority_names(priorities)


def check_analysis(tables: Mapping[Path, pd.DataFrame], *, force: bool = False) -> None:
    """Refuse to replace a sweep's analysis with a different one, unless forced.

    ``sensitivity`` and ``robustness`` are computed from the sweep's runs: recomputing them
    from the same runs gives the same files, which may be written again. A file that would
    change (the runs changed since, or another version of mentorsim computed it) is kept
    unless ``force``.

    Args:
        tables: Each CSV file about to be written, with its table.
        force: Replace files that differ.

    Raises:
        OverwriteError: naming the first file that would change.
    """
    if force:
        return
    for path, table in tables.items():
        if path.exists() and path.read_text() != table.to_csv(index=False):
            raise OverwriteError(
                f"{path} holds an analysis that differs from the one the sweep's runs give "
                "now; --force replaces it (copy it first to keep it)"
            )


def run(
    scenario: Scenario,
    *,
    reps: int = 10,
    seed: int = 0,
    options: RunOptions = DEFAULT_OPTIONS,
    ensemble: Ensemble | None = None,
    report: bool = True,
) -> tuple[Path, pd.DataFrame]:
    """Replications of one design, their tables and their report.

    The arguments are those of :func:`sim.experiment.single.run_scenario`, and ``report``:
    False writes the tables only (no ``report.html`` or ``report.md``).

    Returns:
        The output folder and the summary table (outcome, design, mean, 95% interval).
    """
    out_dir = options.folder(default_out_dir(scenario))
    runset, manifest = run_scenario(
        scenario,
        reps=reps,
        seed=seed,
        options=options.replace(out_dir=out_dir),
        ensemble=ensemble,
    )
    runs = runset.table("runs")
    if not report:
        return out_dir, summary_table(runs)
    say("writing the report (tables and figures)", options.progress)
    write_run_report(
        out_dir,
        title=f"mentorsim: {scenario.name}",
        runs=runs,
        yearly=runset.table("yearly"),
        retention=runset.table("retention"),
        loads=runset.table("loads"),
        scenario_toml=(out_dir / "scenario.toml").read_text(),
        manifest=manifest,
    )
    return out_dir, summary_table(runs)


def compare(
    planned: ComparePlan,
    *,
    seed: int = 0,
    options: RunOptions = DEFAULT_OPTIONS,
    priorities: Sequence[str] | None = None,
    ensemble: Ensemble | None = None,
    report: bool = True,
) -> ComparisonResult:
    """A paired comparison of designs, its tables and its report.

    The arguments are those of :func:`sim.experiment.compare.run_comparison`, with the plan
    made by ``sim.experiment.compare.plan``, and ``priorities``: the decision table's
    columns, most important first, that order its rows (default
    ``sim.report.decision.table.DEFAULT_PRIORITIES``); ``report``: False writes the tables
    only (no ``report.html`` or ``report.md``).

    Returns:
        The comparison (its folder holds the tables and, unless ``report`` is False, the
        report).
    """
    result = run_comparison(planned, seed=seed, options=options, ensemble=ensemble)
    if not report:
        return result
    write_compare_report(
        result,
        planned,
        priorities=priorities,
        on_step=(lambda text: say(text, options.progress)),
    )
    return result


def validate(
    targets: Sequence[Target],
    *,
    reps: int = 30,
    seed: int = 0,
    options: RunOptions = DEFAULT_OPTIONS,
    ensemble: Ensemble | None = None,
) -> tuple[Path, pd.DataFrame]:
    """The model against the literature targets: ``validation.csv`` and the report.

    Args:
        targets: The targets (``sim.experiment.targets.load_targets``).
        reps: Replicates per scenario the targets name (as scenario or reference).
        seed: Base seed.
        options: How to run (``sim.experiment.options.RunOptions``); the folder defaults to
            ``results/validation/``; a validation is never resumed.
        ensemble: Calibrated members to validate (replicate r runs member r // 2, on seeds
            they were not accepted on); adds each target's coverage across members.

    Returns:
        The output folder and the validation table (one row per target, with its ``state``:
        inside, outside, unresolved or undefined).
    """
    targets = list(targets)
    out_dir = options.folder(DEFAULT_VALIDATION_OUT)
    progress = options.progress
    designs = scenario_names(targets)
    with tqdm(total=reps * len(designs), unit="run", desc="validate", disable=not progress) as bar:

        def done(design: str, *_: object) -> None:
            bar.set_description(f"validate: {design}")
            bar.update(1)

        table, runs, yearly = run_validation(
            targets,
            reps=reps,
            seed=seed,
            options=options.replace(out_dir=out_dir),
            on_done=done,
            ensemble=ensemble,
        )
    say("writing the report", progress)
    write_validation_report(out_dir, table, runs, yearly, targets, reps=reps, seed=seed)
    return out_dir, table


def calibrate(
    targets: Sequence[Target],
    parameters: Sequence[Parameter],
    *,
    budget: int,
    reps: int,
    seed: int,
    start: Mapping[str, float] | None = None,
    overrides: Mapping[str, Any] | None = None,
    options: RunOptions = DEFAULT_OPTIONS,
) -> tuple[Path, CalibrationResult]:
    """Fit the calibrated parameters, write the result tables and the loss-history figure.

    The arguments are those of :func:`sim.experiment.calibration.calibrate`, and the run
    options (``sim.experiment.options.RunOptions``): the folder (default
    ``results/calibration/``) and ``force``: replace the results it holds (refused before
    the calibration starts without it).

    Returns:
        The output folder and the calibration result.
    """
    out_dir = options.folder(DEFAULT_CALIBRATION_OUT)
    check_overwrite(out_dir, force=options.force)
    result = run_calibration(
        targets,
        parameters,
        budget=budget,
        reps=reps,
        seed=seed,
        options=options,
        start=start,
        overrides=overrides,
    )
    write_tables(result, out_dir)
    write_loss_history_figure(result, out_dir)
    return out_dir, result


def calibrate_ensemble(
    targets: Sequence[Target],
    parameters: Sequence[Parameter],
    settings: HistoryMatching,
    *,
    options: RunOptions = DEFAULT_OPTIONS,
    ship: bool = False,
    **arguments: Any,
) -> EnsembleCalibration:
    """History-match the model, write the ensemble, its tables and its figure.

    The arguments are those of
    :func:`sim.experiment.calibration.ensemble_run.calibrate_ensemble`, the run options
    (their folder defaults to ``results/calibration-ensemble-<model fingerprint>/``) and
    ``ship``: also replace the shipped ``experiments/ensemble.toml`` (said on the terminal,
    as it replaces a finished result).

    Returns:
        The calibration.
    """
    # The default folder is named by the model's fingerprint (one run): made only when needed.
    out_dir = options.out_dir if options.out_dir is not None else default_ensemble_out(parameters)
    result = run_ensemble_calibration(
        targets, parameters, settings, options=options.replace(out_dir=out_dir), **arguments
    )
    write_ensemble_figure(result.members, parameters, out_dir / "ensemble.png")
    if ship:
        shipped = data.data_dir(data.EXPERIMENTS) / "ensemble.toml"
        replaced = "replaced" if shipped.exists() else "wrote"
        shipped.write_text(result.text, encoding="utf-8")
        print(f"{replaced} the shipped ensemble {shipped}")
    return result


def sweep(
    experiment: Experiment,
    *,
    options: RunOptions = DEFAULT_OPTIONS,
    report: bool = True,
) -> SweepResult:
    """A sweep, its report, and its sensitivity and robustness analyses where they apply.

    After a ``saltelli`` or ``morris`` sweep the sensitivity indices are computed
    (:func:`sensitivity`); after a sweep of two or more designs, the robustness of their
    ranking (:func:`robustness`).

    Args:
        experiment: The validated experiment (``sim.experiment.sweep.load_experiment``).
        options: How to run (``sim.experiment.options.RunOptions``); the folder defaults to
            ``results/<experiment name>/``, the progress bar shows runs done, runs per second
            and time left, and ``resume`` runs only the runs an interrupted sweep of the same
            experiment left missing.
        report: Write the report and the sensitivity and robustness analyses (else the
            tables only).

    Returns:
        The sweep's result (its folder holds the tables and reports).
    """
    out_dir = options.folder(Path("results") / experiment.name)
    progress = options.progress
    with tqdm(
        total=0, unit="run", desc=experiment.name, disable=not progress, smoothing=0.1
    ) as bar:
        result = run_sweep(
            experiment,
            options.replace(out_dir=out_dir),
            on_start=lambda total, done: start_bar(bar, total, done),
            on_done=lambda _: bar.update(1),
        )
    if not report:
        return result
    say("writing the report", progress)
    folder = read_sweep(out_dir)
    yearly = pd.read_parquet(out_dir / "yearly.parquet")
    write_sweep_report(out_dir, folder.resolved, folder.runs, yearly)
    if experiment.sampler.method in SENSITIVITY_METHODS:
        say("computing the sensitivity indices and their report", progress)
        # The sweep's own runs: its analysis follows them.
        result.warnings += sensitivity(out_dir, force=True).warnings()
    if experiment.policies is not None:
        say("computing the policies' regret and satisficing and their report", progress)
        policies(out_dir)
    if len(experiment.designs) > 1:
        say("computing the robustness of the ranking and its report", progress)
        robustness(out_dir, force=True)
    return result


def start_bar(bar: tqdm, total: int, done: int) -> None:
    """Set a progress bar to ``total`` runs of which ``done`` were finished before it started.

    The runs found done are the bar's starting point, not work done now: counted as an update
    they would read as thousands of runs a second, and the time left as nothing.
    """
    bar.reset(total=total)
    bar.initial = bar.n = bar.last_print_n = done
    bar.refresh()


def sweep_plan(experiment: Experiment, *, options: RunOptions = DEFAULT_OPTIONS) -> list[str]:
    """What a sweep would run, in lines of text: runs, estimated time, memory and disk.

    Args:
        experiment: The validated experiment.
        options: The run options the sweep would be given: its folder (default
            ``results/<experiment name>/``) and its workers (default: all cores).
    """
    out_dir = options.folder(Path("results") / experiment.name)
    return plan_sweep(experiment, out_dir, options.workers or os.cpu_count() or 1).lines()


def sensitivity(out_dir: Path, *, force: bool = False) -> SensitivityResult:
    """Sensitivity indices of a finished ``saltelli`` or ``morris`` sweep, their checks, report.

    Writes ``sensitivity.csv``, ``sensitivity_convergence.csv``, ``sensitivity_checks.csv``
    (and ``sensitivity_s2.csv`` when the sample has second-order indices) into the sweep's
    folder and the report into its ``sensitivity/`` folder.

    Returns:
        The indices, convergence table, checks and notes on outcomes left out.
    """
    folder = read_sweep(out_dir)
    result = sensitivity_analysis(folder.resolved, folder.runs, folder.points)
    out_dir = Path(out_dir)
    check_analysis({out_dir / "sensitivity.csv": result.table}, force=force)
    result.table.to_csv(out_dir / "sensitivity.csv", index=False)
    result.convergence.to_csv(out_dir / "sensitivity_convergence.csv", index=False)
    result.checks.to_csv(out_dir / "sensitivity_checks.csv", index=False)
    if folder.resolved["sampler"].get("second_order"):
        result.second_order.to_csv(out_dir / "sensitivity_s2.csv", index=False)
    write_sensitivity_report(out_dir / "sensitivity", folder.resolved, result)
    return result


def policies(out_dir: Path, measure: str | None = None) -> tuple[pd.DataFrame, pd.DataFrame, str]:
    """Regret, satisficing and percentiles of every policy of a finished policies sweep.

    Writes ``policies.csv`` and ``policies_satisficing.csv`` into the sweep's folder and the
    report, ranked by ``measure``, into its ``policies/`` folder.

    Args:
        out_dir: The sweep's folder.
        measure: The ranking measure (default: the experiment's ``policies.measure``).

    Returns:
        The policies table, the joint satisficing table, and the measure ranked by.

    Raises:
        ExperimentError: when the sweep has no policies or the measure is unknown.
    """
    folder = read_sweep(out_dir)
    spec = folder.resolved.get("policies")
    if spec is None:
        raise ExperimentError(
            f"{out_dir}: this sweep has no [policies] table; its designs were not run as "
            "policies on shared scenarios (docs/experiments.md, Policies x scenarios)"
        )
    measure = measure or spec["measure"]
    if measure not in MEASURES:
        raise ExperimentError(
            f"--measure {measure!r} is not allowed; expected one of {', '.join(MEASURES)}"
        )
    table, joint = policy_tables(folder.resolved, folder.runs, folder.points, measure)
    table.to_csv(Path(out_dir) / "policies.csv", index=False)
    joint.to_csv(Path(out_dir) / "policies_satisficing.csv", index=False)
    write_policy_report(Path(out_dir) / "policies", folder.resolved, table, joint, measure)
    return table, joint, measure


def discovery(
    out_dir: Path,
    design: str,
    outcome: str,
    threshold: float,
    *,
    case: str = "worse",
    min_coverage: float = MIN_COVERAGE,
) -> tuple[Discovery, Path]:
    """Scenario discovery (PRIM and CART) on one design and outcome of a finished sweep.

    Writes ``prim_trajectory.csv``, ``prim_box.csv``, ``cart_rules.csv`` and the report into
    ``discovery/<design>--<outcome>/`` of the sweep's folder.

    Returns:
        The discovery and its folder.
    """
    folder = read_sweep(out_dir)
    found = discover(
        folder.resolved,
        folder.runs,
        folder.points,
        design,
        outcome,
        threshold,
        case=case,
        min_coverage=min_coverage,
    )
    where = Path(out_dir) / "discovery" / safe_name(f"{design}--{outcome}")
    where.mkdir(parents=True, exist_ok=True)
    found.trajectory.to_csv(where / "prim_trajectory.csv", index=False)
    found.box.to_csv(where / "prim_box.csv", index=False)
    found.rules.to_csv(where / "cart_rules.csv", index=False)
    write_discovery_report(where, found)
    return found, where


def search(
    experiment: Experiment,
    *,
    options: RunOptions = DEFAULT_OPTIONS,
    ensemble: Ensemble | None = None,
) -> tuple[SearchResult, Path]:
    """A design search over the experiment's levers, its confirmation, tables and report.

    Writes ``trials.csv``, ``front.csv``, ``experiment.json``, the report (with the front's
    figure) and one scenario file per confirmed design in ``scenarios/`` (ready for
    ``mentorsim compare``). Of the run options, the folder (default
    ``results/<experiment name>/``), the workers and the progress bar apply; a search is
    never resumed. With uncertainties or an ensemble, replicate r of the search (and of the
    confirmation) runs scenario r (:func:`sim.experiment.search.scenario_overrides`).

    Returns:
        The result and the folder.
    """
    if experiment.search is None or not experiment.levers:
        raise ExperimentError(
            f"{experiment.source}: a search needs a [search] table and [levers] to search over "
            "(docs/experiments.md, [search])"
        )
    if len(experiment.designs) != 1:
        raise ExperimentError(
            f"{experiment.source}: designs: a search varies the levers of one design; "
            f"this file has {len(experiment.designs)}"
        )
    base = experiment.designs[0].scenario
    spec = experiment.search
    seeds = replicate_seeds(experiment.seed, experiment.replicates)
    # Fresh seeds for the confirmation: a candidate chosen for a lucky draw regresses there.
    confirm = replicate_seeds(experiment.seed + 1, spec.confirm_replicates)
    # Fresh scenarios too (a point of the sample is as much a draw as a seed); both checked
    # before anything is written.
    sampler_seed = experiment.sampler.seed
    drawn = scenario_overrides(experiment, seeds, sampler_seed, ensemble)
    confirm_drawn = scenario_overrides(experiment, confirm, sampler_seed + 1, ensemble)
    if drawn is not None and confirm_drawn is not None:
        drawn = {**drawn, **confirm_drawn}  # keyed by 64-bit seed: the two sets never meet
    out_dir = options.folder(Path("results") / experiment.name)
    carried = experiment if ensemble is None else dataclasses.replace(experiment, ensemble=ensemble)
    record = {"command": "search", **carried.resolved()}
    begin_record(out_dir, record, resume=False, force=options.force, resumable=False)
    executor = make_executor(options.workers)
    try:
        with tqdm(
            total=spec.trials, unit="design", desc="search", disable=not options.progress
        ) as bar:
            result = pareto_search(
                experiment.levers,
                spec,
                model_evaluator(base, executor, drawn),
                seeds=seeds,
                confirm_seeds=confirm,
                sampler_seed=experiment.sampler.seed,
                on_generation=lambda done, _: bar.update(done - bar.n),
            )
    finally:
        executor.shutdown(wait=True, cancel_futures=True)
    result.trials.to_csv(out_dir / "trials.csv", index=False)
    result.front.to_csv(out_dir / "front.csv", index=False)
    keys = [v.key for v in experiment.levers]
    scenarios = out_dir / "scenarios"
    scenarios.mkdir(exist_ok=True)
    # A forced rerun may confirm fewer designs: no file of the earlier front may stay behind.
    for earlier in scenarios.glob(f"{base.name}_pareto_*.toml"):
        earlier.unlink()
    if len(result.front):
        for i, row in result.front[result.front["confirmed"]].reset_index(drop=True).iterrows():
            values = {k: row[k].item() if hasattr(row[k], "item") else row[k] for k in keys}
            name = f"{base.name}_pareto_{i + 1}"
            (scenarios / f"{name}.toml").write_text(base.replace(name=name, **values).to_toml())
    write_search_report(out_dir, record, result, keys)
    return result, out_dir


def safe_name(text: str) -> str:
    """A file name from any text: characters other than letters, digits, ``-_=.`` become _."""
    return re.sub(r"[^A-Za-z0-9_.=-]+", "_", text)


def robustness(out_dir: Path, *, force: bool = False) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The robustness of a finished sweep's design ranking across its sampled space.

    Writes ``robustness.csv`` and ``robustness_drivers.csv`` into the sweep's folder and the
    report into its ``robustness/`` folder; different ones there are kept unless ``force``
    (:func:`check_analysis`).

    Returns:
        The robustness table and the drivers table.
    """
    folder = read_sweep(out_dir)
    table, drivers = robustness_tables(folder.resolved, folder.runs, folder.points)
    check_analysis(
        {
            Path(out_dir) / "robustness.csv": table,
            Path(out_dir) / "robustness_drivers.csv": drivers,
        },
        force=force,
    )
    table.to_csv(Path(out_dir) / "robustness.csv", index=False)
    drivers.to_csv(Path(out_dir) / "robustness_drivers.csv", index=False)
    write_robustness_report(
        Path(out_dir) / "robustness", folder.resolved, folder.runs, table, drivers
    )
    return table, drivers

"""What each ``mentorsim`` command does: run the experiment, then write its report.

This is the one layer above both ``sim.experiment`` and ``sim.report``: experiments run models
and write tables, reports read tables and write documents, and neither imports the other's
layer from below. Each function here calls one and then the other, so the CLI (and any other
front end) stays a thin parser.
"""

from __future__ import annotations

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
from sim.experiment.ensemble import Ensemble
from sim.experiment.robustness import robustness_tables
from sim.experiment.sensitivity import sensitivity_table
from sim.experiment.single import default_out_dir, run_scenario
from sim.experiment.sweep import SENSITIVITY_METHODS, Experiment, SweepResult, run_sweep
from sim.experiment.sweep.results import read_sweep
from sim.experiment.targets import Target, scenario_names
from sim.experiment.validate import run_validation
from sim.report import summary_table, write_compare_report, write_run_report
from sim.report.calibration import write_loss_history_figure
from sim.report.ensemble_figure import write_ensemble_figure
from sim.report.sweep_report import (
    write_robustness_report,
    write_sensitivity_report,
    write_sweep_report,
)
from sim.report.validation_report import write_validation_report
from sim.scenario import Scenario

DEFAULT_VALIDATION_OUT = Path("results") / "validation"
DEFAULT_CALIBRATION_OUT = Path("results") / "calibration"


def run(
    scenario: Scenario,
    *,
    reps: int = 10,
    seed: int = 0,
    years: int | None = None,
    workers: int | None = None,
    out_dir: Path | None = None,
    progress: bool = True,
    scheduler: str | None = None,
    resume: bool = False,
    ensemble: Ensemble | None = None,
) -> tuple[Path, pd.DataFrame]:
    """Replications of one design, their tables and their report.

    The arguments are those of :func:`sim.experiment.single.run_scenario`.

    Returns:
        The output folder and the summary table (outcome, design, mean, 95% interval).
    """
    out_dir = Path(out_dir) if out_dir is not None else default_out_dir(scenario)
    runset, manifest = run_scenario(
        scenario,
        reps=reps,
        seed=seed,
        years=years,
        workers=workers,
        out_dir=out_dir,
        progress=progress,
        scheduler=scheduler,
        resume=resume,
        ensemble=ensemble,
    )
    runs = runset.table("runs")
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
    years: int | None = None,
    workers: int | None = None,
    out_dir: Path | None = None,
    progress: bool = True,
    scheduler: str | None = None,
    resume: bool = False,
    ensemble: Ensemble | None = None,
) -> ComparisonResult:
    """A paired comparison of designs, its tables and its report.

    The arguments are those of :func:`sim.experiment.compare.run_comparison`, with the plan
    made by ``sim.experiment.compare.plan``.

    Returns:
        The comparison (its folder holds the tables and the report).
    """
    result = run_comparison(
        planned,
        seed=seed,
        years=years,
        workers=workers,
        out_dir=out_dir,
        progress=progress,
        scheduler=scheduler,
        resume=resume,
        ensemble=ensemble,
    )
    write_compare_report(result, planned)
    return result


def validate(
    targets: Sequence[Target],
    *,
    reps: int = 30,
    seed: int = 0,
    years: int | None = None,
    workers: int | None = None,
    out_dir: Path | None = None,
    progress: bool = True,
    scheduler: str | None = None,
    ensemble: Ensemble | None = None,
) -> tuple[Path, pd.DataFrame]:
    """The model against the literature targets: ``validation.csv`` and the report.

    Args:
        targets: The targets (``sim.experiment.targets.load_targets``).
        reps: Replicates per scenario the targets name (as scenario or reference).
        seed: Base seed.
        years: Years per run (default: each scenario's own).
        workers: Local worker processes (default: all cores).
        out_dir: Output folder (default ``results/validation/``).
        progress: Show a progress bar.
        scheduler: Address of a Dask scheduler to run on instead of local processes.
        ensemble: Calibrated members to validate (replicate r runs member r // 2, on seeds
            they were not accepted on); adds each target's coverage across members.

    Returns:
        The output folder and the validation table (one row per target, with its ``state``:
        inside, outside, unresolved or undefined).
    """
    targets = list(targets)
    out_dir = Path(out_dir) if out_dir is not None else DEFAULT_VALIDATION_OUT
    designs = scenario_names(targets)
    with tqdm(total=reps * len(designs), unit="run", desc="validate", disable=not progress) as bar:

        def done(design: str, *_: object) -> None:
            bar.set_description(f"validate: {design}")
            bar.update(1)

        table, runs, yearly = run_validation(
            targets,
            reps=reps,
            seed=seed,
            out_dir=out_dir,
            years=years,
            workers=workers,
            scheduler=scheduler,
            on_done=done,
            ensemble=ensemble,
        )
    write_validation_report(out_dir, table, runs, yearly, targets, reps=reps, seed=seed)
    return out_dir, table


def calibrate(
    targets: Sequence[Target],
    parameters: Sequence[Parameter],
    *,
    budget: int,
    reps: int,
    seed: int,
    workers: int | None = None,
    scheduler: str | None = None,
    start: Mapping[str, float] | None = None,
    progress: bool = True,
    years: int | None = None,
    overrides: Mapping[str, Any] | None = None,
    out_dir: Path | None = None,
) -> tuple[Path, CalibrationResult]:
    """Fit the calibrated parameters, write the result tables and the loss-history figure.

    The arguments are those of :func:`sim.experiment.calibration.calibrate`, and ``out_dir``
    (default ``results/calibration/``), where the files go.

    Returns:
        The output folder and the calibration result.
    """
    out_dir = Path(out_dir) if out_dir is not None else DEFAULT_CALIBRATION_OUT
    result = run_calibration(
        targets,
        parameters,
        budget=budget,
        reps=reps,
        seed=seed,
        workers=workers,
        scheduler=scheduler,
        start=start,
        progress=progress,
        years=years,
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
    out_dir: Path | None = None,
    ship: bool = False,
    **options: Any,
) -> EnsembleCalibration:
    """History-match the model, write the ensemble, its tables and its figure.

    The arguments are those of
    :func:`sim.experiment.calibration.ensemble_run.calibrate_ensemble`, ``out_dir`` (default
    ``results/calibration-ensemble-<model fingerprint>/``) and ``ship``: also replace the shipped
    ``experiments/ensemble.toml`` (said on the terminal, as it replaces a finished result).

    Returns:
        The calibration.
    """
    out_dir = Path(out_dir) if out_dir is not None else default_ensemble_out(parameters)
    result = run_ensemble_calibration(targets, parameters, settings, out_dir=out_dir, **options)
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
    out_dir: Path | None = None,
    workers: int | None = None,
    scheduler: str | None = None,
    resume: bool = False,
    progress: bool = True,
) -> SweepResult:
    """A sweep, its report, and its sensitivity and robustness analyses where they apply.

    After a ``saltelli`` or ``morris`` sweep the sensitivity indices are computed
    (:func:`sensitivity`); after a sweep of two or more designs, the robustness of their
    ranking (:func:`robustness`).

    Args:
        experiment: The validated experiment (``sim.experiment.sweep.load_experiment``).
        out_dir: Output folder (default ``results/<experiment name>/``).
        workers: Local worker processes (default: all cores).
        scheduler: Address of a Dask scheduler to run on instead of local processes.
        resume: Run only the runs an interrupted sweep of the same experiment left missing.
        progress: Show a progress bar (runs done, runs per second, time left).

    Returns:
        The sweep's result (its folder holds the tables and reports).
    """
    out_dir = Path(out_dir) if out_dir is not None else Path("results") / experiment.name
    with tqdm(
        total=0, unit="run", desc=experiment.name, disable=not progress, smoothing=0.1
    ) as bar:

        def start(total: int, done: int) -> None:
            bar.reset(total=total)
            bar.update(done)
            bar.refresh()

        result = run_sweep(
            experiment,
            out_dir,
            workers=workers,
            scheduler=scheduler,
            resume=resume,
            on_start=start,
            on_done=lambda _: bar.update(1),
        )
    folder = read_sweep(out_dir)
    write_sweep_report(out_dir, folder.resolved, folder.runs)
    if experiment.sampler.method in SENSITIVITY_METHODS:
        sensitivity(out_dir)
    if len(experiment.designs) > 1:
        robustness(out_dir)
    return result


def sensitivity(out_dir: Path) -> tuple[pd.DataFrame, list[str]]:
    """Sensitivity indices of a finished ``saltelli`` or ``morris`` sweep, and their report.

    Writes ``sensitivity.csv`` into the sweep's folder and the report into its
    ``sensitivity/`` folder.

    Returns:
        The indices and notes on outcomes left out.
    """
    folder = read_sweep(out_dir)
    table, notes = sensitivity_table(folder.resolved, folder.runs, folder.points)
    table.to_csv(Path(out_dir) / "sensitivity.csv", index=False)
    write_sensitivity_report(Path(out_dir) / "sensitivity", folder.resolved, table, notes)
    return table, notes


def robustness(out_dir: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The robustness of a finished sweep's design ranking across its sampled space.

    Writes ``robustness.csv`` and ``robustness_drivers.csv`` into the sweep's folder and the
    report into its ``robustness/`` folder.

    Returns:
        The robustness table and the drivers table.
    """
    folder = read_sweep(out_dir)
    table, drivers = robustness_tables(folder.resolved, folder.runs, folder.points)
    table.to_csv(Path(out_dir) / "robustness.csv", index=False)
    drivers.to_csv(Path(out_dir) / "robustness_drivers.csv", index=False)
    write_robustness_report(
        Path(out_dir) / "robustness", folder.resolved, folder.runs, table, drivers
    )
    return table, drivers

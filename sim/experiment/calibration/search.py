"""The search: fit the calibrated parameters to all targets at once, on common random numbers.

The calibrated parameters (``experiments/calibration.toml``) are searched in a normalised
space u in [0, 1]^k, u = 0 at each parameter's lower bound and 1 at its upper, by
``scipy.optimize.least_squares`` (trust-region reflective, box bounds, unit ``x_scale`` = one
bound range, relative finite-difference step ``DIFF_STEP`` = 5% of the range), minimising the
objective of :mod:`sim.experiment.calibration.objective`.

Why this optimiser. There are many targets, and each is mainly informed by one parameter
(attrition_rate -> T2, the promotion bar -> T4, ...), so the residual Jacobian is close to
diagonal and Gauss-Newton steps reach the bands in a handful of iterations (k + 1 evaluations
each). Every evaluation runs the same replicate seeds (common random numbers): a person's
traits and chance events are the same numbers at every parameter value, so the loss surface is
a smooth, deterministic function of the parameters apart from genuinely discrete outcomes
(medians in whole years), and finite differences measure the parameters' effect rather than
replicate noise. A step of 5% of the range rises above that remaining discreteness. An ABC or
other sampling approach would need thousands of evaluations to map a 13-dimensional posterior;
at about 3 s per evaluation (two scenarios x 8 replicates on 2 cores) the 30-minute budget
allows a few hundred, enough for least squares and a local identifiability check, not for ABC.
"""

from __future__ import annotations

import contextlib
import math
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy.optimize import least_squares
from tqdm import tqdm

from sim.experiment.calibration.identifiability import identifiability
from sim.experiment.calibration.objective import BudgetSpentError, Evaluator
from sim.experiment.calibration.parameters import CalibrationError, Parameter
from sim.experiment.options import DEFAULT_OPTIONS, RunOptions
from sim.experiment.runner import make_executor
from sim.experiment.targets import Target
from sim.experiment.validate import check_run_years, scenarios_for
from sim.rng import replicate_seeds
from sim.scenario import Scenario, default

DIFF_STEP = 0.05  # finite-difference step, share of each parameter's range
RESTART_GAIN = 0.02  # restart while a run improves the best objective by this share


@dataclass
class CalibrationResult:
    """What a calibration found.

    Attributes:
        parameters: The calibrated parameters.
        targets: The targets.
        start: Parameter key -> starting value.
        calibrated: Parameter key -> calibrated value (the best evaluation).
        start_values: Target id -> model value at the start.
        values: Target id -> model value at the calibrated point.
        loss: Loss (sum of squared residuals) at the calibrated point.
        inside: Targets inside their band at the calibrated point.
        history: One row per evaluation (number, phase, loss, inside, parameters, values).
        identifiability: One row per parameter (local profile, Jacobian, verdict).
        jacobian: Residual Jacobian wrt normalised parameters (targets x parameters).
        correlation: Approximate parameter correlation from (J^T J)^-1, or None.
        condition_number: Condition number of J^T J.
        evaluations: Model evaluations used by the optimiser.
        seconds: Wall time.
    """

    parameters: list[Parameter]
    targets: list[Target]
    start: dict[str, float]
    calibrated: dict[str, float]
    start_values: dict[str, float]
    values: dict[str, float]
    loss: float
    inside: int
    history: pd.DataFrame
    identifiability: pd.DataFrame
    jacobian: pd.DataFrame
    correlation: pd.DataFrame | None
    condition_number: float
    evaluations: int
    seconds: float


def calibrate(
    targets: Sequence[Target],
    parameters: Sequence[Parameter],
    *,
    budget: int,
    reps: int,
    seed: int,
    options: RunOptions = DEFAULT_OPTIONS,
    start: Mapping[str, float] | None = None,
    overrides: Mapping[str, Any] | None = None,
    scenarios_dir: Path | None = None,
) -> CalibrationResult:
    """Fit the parameters so every target lands in its band, on common random numbers.

    Args:
        targets: The targets (all enter the loss).
        parameters: The parameters to fit, with their bounds.
        budget: Most model evaluations the optimiser may use; the identifiability profile
            adds two per parameter.
        reps: Replicates per scenario at each evaluation (the same seeds every time).
        seed: Base seed of the replicate seeds.
        options: How to run: ``workers`` (local processes; one executor serves the whole
            calibration) or ``scheduler`` (a Dask scheduler's address), ``years`` per run
            (default: each scenario's) and ``progress`` (a progress bar).
        start: Parameter key -> starting value (default: the scenario defaults).
        overrides: Fixed parameter overrides applied to every scenario (e.g. a small
            institution for a quick check).
        scenarios_dir: Folder of the targets' scenario files (default: the shipped ones).

    Returns:
        The CalibrationResult.

    Raises:
        CalibrationError: when a start value lies outside its parameter's bounds.
        sim.experiment.targets.TargetError: for a year target past the end of the runs.
    """
    targets, parameters = list(targets), list(parameters)
    fixed = dict(overrides or {})
    base = default().replace(**fixed) if fixed else default()
    start = {p.key: float(_get(base, p.key)) for p in parameters} | dict(start or {})
    for p in parameters:
        if not p.low <= start[p.key] <= p.high:
            raise CalibrationError(
                f"start value {p.key} = {start[p.key]!r} is outside its "
                f"calibration bounds [{p.low}, {p.high}]"
            )
    scenarios = scenarios_for(targets, scenarios_dir, fixed or None)
    years = options.years
    check_run_years(targets, scenarios, years)
    seeds = replicate_seeds(seed, reps)
    began = time.perf_counter()
    executor = make_executor(options.workers, options.scheduler)
    try:
        with tqdm(
            total=budget + 2 * len(parameters),
            unit="eval",
            desc="calibrate",
            disable=not options.progress,
        ) as bar:

            def show(record: dict, best: dict) -> None:
                bar.update(1)
                bar.set_postfix_str(progress_note(record, best, len(targets)))

            ev = Evaluator(
                targets, parameters, scenarios, seeds, years, executor, budget, on_evaluation=show
            )
            optimise(ev, np.array([p.unit(start[p.key]) for p in parameters]))
            index = ev.best()
            best, spent = ev.records[index], ev.spent
            ident, jac, corr, cond = identifiability(ev, ev.units[index])
            bar.total = len(ev.records)
            bar.refresh()
    finally:
        executor.shutdown(wait=True, cancel_futures=True)
    first = ev.records[0]
    return CalibrationResult(
        parameters=parameters,
        targets=targets,
        start=start,
        calibrated={p.key: float(best[p.key]) for p in parameters},
        start_values={t.id: first[f"value_{t.id}"] for t in targets},
        values={t.id: best[f"value_{t.id}"] for t in targets},
        loss=best["loss"],
        inside=best["inside"],
        history=pd.DataFrame(ev.records),
        identifiability=ident,
        jacobian=jac,
        correlation=corr,
        condition_number=cond,
        evaluations=spent,
        seconds=time.perf_counter() - began,
    )


def progress_note(record: Mapping[str, Any], best: Mapping[str, Any], n_targets: int) -> str:
    """The progress bar's note: this evaluation against the best so far, in the same terms.

    Both give the objective (the loss plus the margin penalty, which the search minimises
    and by which the best evaluation is chosen) and the number of targets inside their
    bands. Showing this evaluation's loss beside the best objective read as if the best were
    worse than the current point: the objective is never below the loss. The best can have
    fewer targets inside than a later evaluation, whose objective is higher.

    Args:
        record: The evaluation just made (``objective`` and ``inside`` are read).
        best: The evaluation with the lowest objective so far.
        n_targets: The number of targets.

    Returns:
        e.g. ``objective 5.21e+03, 14/21 inside; best so far 4.12e+03, 15/21 inside``.
    """
    return (
        f"objective {record['objective']:.3g}, {record['inside']}/{n_targets} inside; "
        f"best so far {best['objective']:.3g}, {best['inside']}/{n_targets} inside"
    )


def optimise(ev: Evaluator, u0: np.ndarray) -> None:
    """Least squares from u0, restarted from the best point while budget and progress remain.

    A noisy or stepped loss can make the trust region shrink and stop the optimiser early;
    a restart from the best point found gives it a fresh region (and a fresh Jacobian).
    """
    best = math.inf
    u = u0
    while ev.budget is None or ev.spent < ev.budget:
        spent = ev.spent
        with contextlib.suppress(BudgetSpentError):
            least_squares(
                ev,
                u,
                method="trf",
                bounds=(0.0, 1.0),
                x_scale=1.0,
                diff_step=DIFF_STEP,
                max_nfev=ev.budget,
            )
        index = ev.best()
        loss = ev.records[index]["objective"]
        # A restart that evaluated no new point (every point it tried was cached) would repeat
        # itself for ever, as would one whose loss is not a number that can improve.
        if ev.spent == spent or not math.isfinite(loss) or loss > best * (1.0 - RESTART_GAIN):
            return
        best, u = loss, ev.units[index]


def _get(scenario: Scenario, key: str) -> Any:
    group, name = key.split(".")
    return getattr(getattr(scenario, group), name)

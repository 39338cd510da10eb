"""``mentorsim validate``: does the model reproduce the literature's patterns, all at once?

Runs every scenario the targets name (as scenario or as reference) once per replicate, all on
the same replicate seeds, and scores each target: its value per replicate (a level, or the
paired difference or ratio of two scenarios on the same seeds), the mean with a 95% t
interval, and where that interval lies against the band (``sim.experiment.bands``: inside,
outside, or not yet resolved at these replicates, with how many would resolve it). Writes
``validation.csv`` and ``experiment.json``, the record naming the command, so that another
command's ``--resume`` in the folder is refused; the report, with a figure per target, is
``sim.report``'s.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from sim import data
from sim.experiment import resume as resuming
from sim.experiment.bands import INSIDE, UNRESOLVED, band_state, replicates_to_resolve
from sim.experiment.ensemble import Ensemble, check_fresh_seeds, ensemble_record, overrides_of
from sim.experiment.horizon import shortfall
from sim.experiment.options import RunOptions
from sim.experiment.runner import run_designs
from sim.experiment.stats import mean_interval
from sim.experiment.targets import (
    Target,
    TargetError,
    check_years,
    replicate_values,
    scenario_names,
)
from sim.outcomes import OUTCOMES
from sim.scenario import Scenario, load

COLUMNS = (
    "target",
    "kind",
    "outcome",
    "year",
    "scenario",
    "reference",
    "value",
    "ci_low",
    "ci_high",
    "n",
    "low",
    "high",
    "state",
    "reps_to_resolve",
    "ok",
    "source",
)


def scenarios_for(
    targets: list[Target],
    scenarios_dir: Path | None = None,
    overrides: Mapping[str, object] | None = None,
) -> dict[str, Scenario]:
    """Load each scenario the targets name (once), with parameter overrides applied.

    Args:
        targets: The targets.
        scenarios_dir: Folder of ``NAME.toml`` files (default: the shipped scenarios).
        overrides: Parameter overrides applied to every scenario.

    Returns:
        Scenario name -> validated scenario, for every scenario named as a target's scenario
        or reference, in the order the targets first name them.
    """
    folder = Path(scenarios_dir) if scenarios_dir is not None else data.scenarios_dir()
    loaded = {name: load(folder / f"{name}.toml") for name in scenario_names(targets)}
    if overrides:
        loaded = {name: s.replace(**overrides) for name, s in loaded.items()}
    return loaded


def check_run_years(
    targets: list[Target], scenarios: Mapping[str, Scenario], years: int | None
) -> None:
    """Refuse targets that runs shortened by ``years`` cannot score (before any run).

    A year target past the end of the run, and a run-level outcome whose cohort the run is
    too short to follow (it would be NaN in every replicate), are both refused.
    """
    if years is None:
        check_years(targets, {name: s.years for name, s in scenarios.items()})
    else:
        check_years(targets, dict.fromkeys(scenarios, years), f"--years {years}")
    option = f"--years {years}: " if years is not None else ""
    for t in targets:
        if t.year is not None or t.outcome not in OUTCOMES:
            continue
        missing = shortfall([t.outcome], [scenarios[name] for name in t.scenarios], years)
        if missing is not None:
            prefix = f"{t.file}: " if t.file else ""
            raise TargetError(
                f"{prefix}[{t.id}]: {option}{missing.describe()}; "
                f"give --years {missing.enough} or more"
            )


def score_targets(
    targets: list[Target], runs: pd.DataFrame, yearly: pd.DataFrame | None = None
) -> pd.DataFrame:
    """One row per target: the model's value and interval against the band, and its state.

    Args:
        targets: The targets.
        runs: Replicate outcomes with a ``design`` column naming the scenario (and
            ``replicate``, to pair a difference or ratio).
        yearly: Yearly metrics, for targets with a ``year``.

    Returns:
        A table with the columns of ``validation.csv`` (:data:`COLUMNS`): ``value`` is the
        mean of the replicate values, ``ci_low``/``ci_high`` its 95% t interval (of the
        paired differences or ratios for those kinds), ``state`` where the interval lies
        against the band, ``reps_to_resolve`` the replicates that would resolve an
        unresolved target (empty when unknown), and ``ok`` whether the state is inside.
    """
    rows = []
    for t in targets:
        values = replicate_values(t, runs, yearly).to_numpy(dtype=float)
        interval = mean_interval(values[np.isfinite(values)])
        state = band_state(interval.mean, interval.low, interval.high, t.low, t.high)
        needed = (
            replicates_to_resolve(interval.mean, interval.sd, interval.n, t.low, t.high)
            if state == UNRESOLVED
            else None
        )
        rows.append(
            {
                "target": t.id,
                "kind": t.kind,
                "outcome": t.outcome,
                "year": t.year,
                "scenario": t.scenario,
                "reference": t.reference,
                "value": interval.mean,
                "ci_low": interval.low,
                "ci_high": interval.high,
                "n": interval.n,
                "low": t.low,
                "high": t.high,
                "state": state,
                "reps_to_resolve": needed,
                "ok": state == INSIDE,
                "source": t.source,
            }
        )
    table = pd.DataFrame(rows, columns=list(COLUMNS))
    table["year"] = table["year"].astype("Int64")
    table["reps_to_resolve"] = table["reps_to_resolve"].astype("Int64")
    return table


def validation_record(
    scenarios: Mapping[str, Scenario], *, reps: int, seed: int, years: int | None
) -> dict[str, object]:
    """The record ``validate`` leaves in its folder (``sim.experiment.resume``).

    ``validate`` cannot be resumed; the record names it, so that a resume of another command
    in its folder is refused rather than overwriting its report and runs.
    """
    return {
        "command": "validate",
        "seed": seed,
        "replicates": reps,
        "years": years,
        "designs": {name: resuming.sha256(s.to_toml()) for name, s in scenarios.items()},
    }


def run_validation(
    targets: list[Target],
    *,
    reps: int,
    seed: int,
    options: RunOptions,
    scenarios_dir: Path | None = None,
    overrides: Mapping[str, object] | None = None,
    on_done=None,
    ensemble: Ensemble | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Run the targets' scenarios (and references) and score every target.

    Every scenario runs once per replicate, whatever number of targets name it, and all run
    on the same replicate seeds, so differences and ratios are paired.

    Args:
        targets: The targets.
        reps: Replicates per scenario.
        seed: Base seed.
        options: How to run (``sim.experiment.options.RunOptions``); ``out_dir`` is required.
        scenarios_dir: Where the targets' scenarios are (default: the shipped ones).
        overrides: Scenario overrides applied to every scenario.
        on_done: Called with (design, replicate, seconds) as each run finishes.
        ensemble: Calibrated members to validate.

    Returns:
        The validation table, the replicate outcomes (``runs``) and the yearly metrics.

    Raises:
        TargetError: for a year target past the end of a run shortened by ``years``
            (before anything runs).
    """
    years = options.years
    scenarios = scenarios_for(targets, scenarios_dir, overrides)
    check_run_years(targets, scenarios, years)
    if ensemble is not None:
        check_fresh_seeds(ensemble, seed, reps)
    out_dir = options.required_folder("run_validation")
    record = validation_record(scenarios, reps=reps, seed=seed, years=years)
    if ensemble is not None:
        record["ensemble"] = ensemble_record(ensemble)
    resuming.begin(out_dir, record, resume=False, force=options.force)
    runset = run_designs(
        list(scenarios.values()),
        reps=reps,
        seed=seed,
        options=options.replace(out_dir=out_dir, resume=False),
        on_done=on_done,
        member_overrides=overrides_of(ensemble),
    )
    runs, yearly = runset.table("runs"), runset.table("yearly")
    table = score_targets(targets, runs, yearly)
    if ensemble is not None:
        # Imported here: the coverage module scores targets with this module's functions.
        from sim.experiment.coverage import coverage_table

        table = table.merge(coverage_table(targets, runs, yearly, ensemble), on="target")
    table.to_csv(out_dir / "validation.csv", index=False)
    return table, runs, yearly

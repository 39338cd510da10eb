"""The mentorship model as a history-matching problem: one task runs one parameter point.

A task applies the point's parameter values to every scenario the targets name, runs each on
each of the point's seeds (the same seeds for every scenario, so difference and ratio targets
are paired as in validation) and returns each target's mean over the seeds. Tasks are
picklable (``functools.partial`` of a module function over plain data), so local processes
and Dask workers run them alike.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from sim.experiment.calibration.history import Problem
from sim.experiment.calibration.objective import _run_task
from sim.experiment.calibration.parameters import Parameter
from sim.experiment.targets import Target
from sim.experiment.validate import score_targets
from sim.scenario import Scenario, from_dict


def point_values(
    scenarios: tuple[dict, ...],
    parameters: tuple[Parameter, ...],
    targets: tuple[Target, ...],
    years: int | None,
    u: np.ndarray,
    seeds: tuple[int, ...],
) -> np.ndarray:
    """Each target's mean over the seeds at unit point u (worker entry point).

    Returns:
        float64 (targets,) values; NaN where the runs leave a target undefined.
    """
    overrides = {p.key: p.value(x) for p, x in zip(parameters, u, strict=True)}
    target_years = tuple(sorted({t.year for t in targets if t.year is not None}))
    rows, yearly_rows = [], []
    for scenario in scenarios:
        resolved = from_dict(scenario, source="calibration task").replace(**overrides).to_dict()
        for r, seed in enumerate(seeds):
            row, yearly = _run_task(resolved, seed, r, years, target_years)
            rows.append(row)
            yearly_rows += yearly
    runs = pd.DataFrame(rows)
    yearly_table = pd.DataFrame(yearly_rows) if target_years else None
    table = score_targets(list(targets), runs, yearly_table)
    return table["value"].to_numpy(dtype=float)


def model_problem(
    targets: Sequence[Target],
    parameters: Sequence[Parameter],
    scenarios: Mapping[str, Scenario],
    years: int | None = None,
) -> Problem:
    """The history-matching problem of the model: its targets, parameters and task."""
    task = functools.partial(
        point_values,
        tuple(s.to_dict() for s in scenarios.values()),
        tuple(parameters),
        tuple(targets),
        years,
    )
    return Problem(
        bands=tuple(targets),
        names=tuple(p.key for p in parameters),
        task=task,
        anchor=defaults_point(parameters, next(iter(scenarios.values()))),
    )


def defaults_point(parameters: Sequence[Parameter], scenario: Scenario) -> np.ndarray:
    """The scenario's values of the parameters (the point calibration) in the unit cube."""
    values = scenario.to_dict()
    u = [p.unit(float(values[p.key.split(".")[0]][p.key.split(".")[1]])) for p in parameters]
    return np.clip(np.array(u), 0.0, 1.0)

"""The calibration objective: band-normalised residuals over all targets, on common seeds.

Each target i has a band [low, high]; its residual is

    r_i = (mean over replicates of the target's value - band centre) / band half-width,

where the value is the outcome itself for a level target, and for a difference or ratio
target the paired difference or ratio of two scenarios run on the same replicate seeds. So a
value inside the band has |r_i| <= 1, and the loss is sum r_i**2 over ALL targets
(pattern-oriented modelling: every pattern at once, not one at a time). The optimiser
minimises the loss plus a margin penalty, 3 * max(0, |r_i| - 0.8) per target, squared: without
it, least squares happily leaves two targets that pull against each other just outside their
bands while the rest sit at their centres; with it, every target is kept inside with room for
replicate noise and rounding, and the loss alone decides where inside.

:class:`Evaluator` runs the targets' scenarios (and the references of difference and ratio
targets) at a parameter point, always on the same replicate seeds (common random numbers),
and records every point it evaluates.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from concurrent.futures import Executor

import numpy as np
import pandas as pd

from sim.experiment.calibration.parameters import Parameter
from sim.experiment.runner import simulate
from sim.experiment.targets import Target
from sim.experiment.validate import score_targets
from sim.scenario import Scenario, from_dict

NAN_RESIDUAL = 10.0  # residual of an outcome the runs leave undefined
MARGIN = 0.8  # share of the half-width beyond which the margin penalty starts
HINGE_WEIGHT = 3.0  # slope of the margin penalty, in residual units


class BudgetSpentError(Exception):
    """Raised inside the optimiser when the evaluation budget is used up."""


def margin_penalty(r: np.ndarray) -> np.ndarray:
    """Extra residuals that grow steeply once a target passes MARGIN of its half-width.

    Centred residuals alone let least squares trade a target just outside its band for
    others nearer their centres; this hinge makes leaving the band (or its last 20%) costly,
    so the optimum keeps every target inside with room for replicate noise and rounding.
    """
    return HINGE_WEIGHT * np.sign(r) * np.maximum(0.0, np.abs(r) - MARGIN)


def residuals(targets: Sequence[Target], values: Mapping[str, float]) -> np.ndarray:
    """Band-normalised residuals: 0 at each band's centre, +-1 at its edges.

    Args:
        targets: The targets.
        values: Target id -> the model's value (mean over replicates); NaN when undefined.

    Returns:
        One residual per target; an undefined value gets ``NAN_RESIDUAL``.
    """
    out = np.empty(len(targets))
    for i, t in enumerate(targets):
        value = values.get(t.id, math.nan)
        out[i] = (value - t.center) / t.half_width if np.isfinite(value) else NAN_RESIDUAL
    return out


def _run_task(
    scenario_dict: dict,
    seed: int,
    replicate: int,
    years: int | None,
    target_years: tuple[int, ...] = (),
) -> tuple[dict, list[dict]]:
    """Worker entry point: one replicate's outcomes, and its yearly rows at the target years.

    Everything in and out is picklable; only the yearly rows the targets read travel back.
    """
    scenario = from_dict(scenario_dict, source="calibration task")
    tables = simulate(scenario, seed, replicate=replicate, years=years)
    yearly = tables["yearly"]
    rows = yearly[yearly["year"].isin(target_years)].to_dict("records") if target_years else []
    return tables["runs"].iloc[0].to_dict(), rows


class Evaluator:
    """Runs the targets' scenarios at a parameter point on common seeds; records each point.

    Calling it with a normalised point u (one coordinate per parameter, in [0, 1]) returns
    the residuals followed by their margin penalties, the vector least squares minimises.
    Points already evaluated are answered from a cache.

    Args:
        targets: The targets (all enter the loss).
        parameters: The fitted parameters, in the order of u's coordinates.
        scenarios: The targets' scenarios by name, fixed overrides applied.
        seeds: The replicate seeds, the same at every point.
        years: Years per run (None: each scenario's own).
        executor: Runs the replicates.
        budget: Most evaluations in the "optimise" phase, or None for no limit.
        on_evaluation: Called with each new record (e.g. to move a progress bar).
    """

    def __init__(
        self,
        targets: Sequence[Target],
        parameters: Sequence[Parameter],
        scenarios: Mapping[str, Scenario],
        seeds: Sequence[int],
        years: int | None,
        executor: Executor,
        budget: int | None,
        on_evaluation=None,
    ):
        self.targets, self.parameters = list(targets), list(parameters)
        self.scenarios, self.seeds, self.years = dict(scenarios), list(seeds), years
        self.executor, self.budget, self.on_evaluation = executor, budget, on_evaluation
        self.records: list[dict] = []
        self.units: list[np.ndarray] = []
        self._cache: dict[tuple, np.ndarray] = {}

    def values(self, u: np.ndarray) -> dict[str, float]:
        """Target id -> the target's value (mean of its replicate values) at point u.

        Every scenario the targets name, as scenario or reference, runs on the same seeds,
        so a difference or ratio target is the mean of paired values, as in validation.
        """
        overrides = {p.key: p.value(x) for p, x in zip(self.parameters, u, strict=True)}
        target_years = tuple(sorted({t.year for t in self.targets if t.year is not None}))
        tasks = [
            (s.replace(**overrides).to_dict(), seed, r, self.years, target_years)
            for s in self.scenarios.values()
            for r, seed in enumerate(self.seeds)
        ]
        results = list(self.executor.map(_run_task, *zip(*tasks, strict=True)))
        runs = pd.DataFrame([row for row, _ in results])
        yearly = pd.DataFrame([y for _, rows in results for y in rows]) if target_years else None
        table = score_targets(self.targets, runs, yearly)
        return dict(zip(table["target"], table["value"], strict=True))

    def __call__(self, u: np.ndarray, *, phase: str = "optimise") -> np.ndarray:
        """Residuals and margin penalties at u, evaluating (and recording) u if new.

        Raises:
            BudgetSpentError: when u is new, the phase is "optimise" and the budget is spent.
        """
        u = np.clip(np.asarray(u, dtype=float), 0.0, 1.0)
        key = tuple(np.round(u, 12))
        if key in self._cache:
            return self._cache[key]
        if phase == "optimise" and self.budget is not None and self.spent >= self.budget:
            raise BudgetSpentError
        values = self.values(u)
        r = residuals(self.targets, values)
        full = np.concatenate([r, margin_penalty(r)])
        record = {
            "evaluation": len(self.records) + 1,
            "phase": phase,
            "loss": float(np.sum(r**2)),
            "objective": float(np.sum(full**2)),
            "inside": int(np.sum(np.abs(r) <= 1.0)),
        }
        record.update({p.key: p.value(x) for p, x in zip(self.parameters, u, strict=True)})
        record.update({f"value_{t.id}": values[t.id] for t in self.targets})
        self.records.append(record)
        self.units.append(u)
        self._cache[key] = full
        if self.on_evaluation is not None:
            self.on_evaluation(record, self.records[self.best()])
        return full

    def residuals(self, u: np.ndarray, phase: str) -> np.ndarray:
        """Band-normalised residuals alone (without the margin penalty) at u."""
        return self(u, phase=phase)[: len(self.targets)]

    @property
    def spent(self) -> int:
        """Evaluations used in the "optimise" phase."""
        return sum(rec["phase"] == "optimise" for rec in self.records)

    def best(self) -> int:
        """Index of the evaluation with the lowest objective."""
        return min(range(len(self.records)), key=lambda i: self.records[i]["objective"])

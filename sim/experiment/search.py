"""Design search: the lever settings that trade cost against outcomes best, under constraints.

A multi-objective search over an experiment's levers with optuna's NSGA-II sampler (Deb et
al. 2002; constraints by Deb's feasibility rules). Each candidate is evaluated on the same
replicate seeds (common random numbers), so candidates differ by their levers, not by luck;
objectives are replicate means, each minimised or maximised by the outcome's direction. The
search's non-dominated, feasible candidates are then *confirmed*: run again on more, fresh
replicate seeds (so that a candidate selected for a lucky draw regresses rather than stays
flattering: the winner's curse), and those still feasible and non-dominated among the
confirmed means make the confirmed Pareto set.

Why optuna: maintained, reproducible with a seed, its NSGA-II handles constraints and mixed
lever types (ranges, integers, lists) through one ask-and-tell interface; pymoo would need
the mixed types encoded by hand.

Scenarios: a search replicate is a scenario as well as a seed. With an experiment that has
``[uncertainties]`` or carries the calibrated ensemble (``search --ensemble``), replicate r
runs point r of a Latin hypercube of the uncertainties, whose calibrated parameters come from
member r mod N (the sweep's mechanism, :mod:`sim.experiment.sweep.ensemble`); every candidate
and the design at its own settings run the same scenario on the same seed (common random
numbers hold). The confirmation draws its own scenarios, as it draws fresh seeds.

The search core (:func:`pareto_search`) takes any evaluation function, so it is tested on a
synthetic problem with a known Pareto set; :func:`model_evaluator` evaluates the model.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Mapping
from concurrent.futures import Executor
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from sim.experiment.ensemble import Ensemble
from sim.experiment.sweep.ensemble import with_ensemble
from sim.experiment.sweep.rules import Sampler
from sim.experiment.sweep.search_spec import SearchSpec
from sim.experiment.sweep.space import Varied
from sim.experiment.sweep.spec import Experiment
from sim.outcomes import OUTCOMES

#: Evaluates candidates: lever values per candidate and replicate seeds -> per candidate,
#: a (replicates, outcomes) table of outcome values.
Evaluator = Callable[[list[dict[str, Any]], list[int]], list[pd.DataFrame]]


@dataclass
class SearchResult:
    """A finished search.

    Attributes:
        trials: Every candidate: its lever values, objective and constraint means, feasible.
        front: The search's Pareto candidates with their confirmed means, half-widths of
            95% intervals, and whether they are confirmed (feasible, non-dominated).
        reference: The design at its own settings, on the search seeds and on the
            confirmation seeds (outcome means).
    """

    trials: pd.DataFrame
    front: pd.DataFrame
    reference: dict[str, dict[str, float]]


def dominated(values: np.ndarray) -> np.ndarray:
    """Which rows are dominated by another (all objectives minimised; bool array)."""
    n = len(values)
    out = np.zeros(n, dtype=bool)
    for i in range(n):
        others = np.delete(values, i, axis=0)
        better_or_equal = np.all(others <= values[i], axis=1)
        strictly = np.any(others < values[i], axis=1)
        out[i] = bool(np.any(better_or_equal & strictly))
    return out


def _violations(
    means: Mapping[str, float], constraints: Mapping[str, Mapping], reference: Mapping[str, float]
) -> list[float]:
    """Each constraint's violation (<= 0 when met), in the outcome's unit.

    An outcome the runs leave undefined (NaN: no woman promoted in a small cohort, say) cannot
    be shown to meet its constraint, so it counts as violated.
    """
    found = []
    for name, rule in constraints.items():
        ((kind, value),) = rule.items()
        if kind == "min":
            found.append(value - means[name])
        elif kind == "max":
            found.append(means[name] - value)
        else:  # not worse than the design at its own settings
            found.append((reference[name] - means[name]) * OUTCOMES[name].direction)
    return [math.inf if math.isnan(v) else float(v) for v in found]


def _distribution(v: Varied):
    import optuna

    if v.kind == "values":
        return optuna.distributions.CategoricalDistribution(list(v.values))
    assert v.lo is not None and v.hi is not None  # a range lever (not "values") has both
    if v.integer:
        return optuna.distributions.IntDistribution(int(v.lo), int(v.hi))
    return optuna.distributions.FloatDistribution(float(v.lo), float(v.hi))


def pareto_search(
    levers: list[Varied],
    spec: SearchSpec,
    evaluate: Evaluator,
    *,
    seeds: list[int],
    confirm_seeds: list[int],
    sampler_seed: int,
    on_generation: Callable[[int, int], None] | None = None,
) -> SearchResult:
    """NSGA-II over the levers, then confirmation of the Pareto set on fresh seeds.

    Args:
        levers: The levers (the search space).
        spec: Objectives, budget and constraints.
        evaluate: Runs candidates on seeds (see :data:`Evaluator`); ``{}`` is the design at
            its own settings.
        seeds: Replicate seeds of the search (the same for every candidate).
        confirm_seeds: Fresh replicate seeds of the confirmation.
        sampler_seed: Seed of the NSGA-II sampler.
        on_generation: Called with (trials done, trials in all) after each generation.

    Returns:
        The trials, the confirmed front and the reference means.
    """
    import optuna

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    names = [*spec.objectives, *[c for c in spec.constraints if c not in spec.objectives]]
    reference_runs, reference_confirm = (
        evaluate([{}], seeds)[0],
        evaluate([{}], confirm_seeds)[0],
    )
    reference = {
        "search": {k: float(reference_runs[k].mean()) for k in names},
        "confirm": {k: float(reference_confirm[k].mean()) for k in names},
    }
    sampler = optuna.samplers.NSGAIISampler(population_size=spec.population, seed=sampler_seed)
    study = optuna.create_study(
        directions=[
            "maximize" if OUTCOMES[o].direction > 0 else "minimize" for o in spec.objectives
        ],
        sampler=sampler,
    )
    space = {v.key: _distribution(v) for v in levers}
    rows: list[dict[str, Any]] = []
    while len(rows) < spec.trials:
        batch = [study.ask(space) for _ in range(min(spec.population, spec.trials - len(rows)))]
        values = [dict(trial.params) for trial in batch]
        for trial, params, table in zip(batch, values, evaluate(values, seeds), strict=True):
            means = {k: float(table[k].mean()) for k in names}
            violations = _violations(means, spec.constraints, reference["search"])
            for name, violation in zip(spec.constraints, violations, strict=True):
                trial.set_constraint(name, violation)
            study.tell(trial, [means[o] for o in spec.objectives])
            rows.append(
                {
                    "trial": trial.number,
                    **params,
                    **means,
                    "feasible": max(violations, default=0) <= 0,
                }
            )
        if on_generation is not None:
            on_generation(len(rows), spec.trials)
    trials = pd.DataFrame(rows)
    front = _confirm(trials, levers, spec, evaluate, confirm_seeds, reference["confirm"], names)
    return SearchResult(trials, front, reference)


def _confirm(
    trials: pd.DataFrame,
    levers: list[Varied],
    spec: SearchSpec,
    evaluate: Evaluator,
    confirm_seeds: list[int],
    reference: dict[str, float],
    names: list[str],
) -> pd.DataFrame:
    """The search's feasible non-dominated candidates, run again on fresh seeds."""
    signs = np.array([-OUTCOMES[o].direction for o in spec.objectives], dtype=float)
    feasible = trials[trials["feasible"]]
    keys = [v.key for v in levers]
    feasible = feasible.drop_duplicates(subset=keys)
    if feasible.empty:
        return pd.DataFrame()
    objective = feasible[list(spec.objectives)].to_numpy(dtype=float) * signs
    front = feasible[~dominated(objective)].reset_index(drop=True)
    tables = evaluate([{k: row[k] for k in keys} for _, row in front.iterrows()], confirm_seeds)
    confirmed = []
    for table in tables:
        means = {k: float(table[k].mean()) for k in names}
        n = len(table)
        halves = {
            f"{k}_half_width": float(1.96 * table[k].std(ddof=1) / math.sqrt(n))
            if n > 1
            else math.nan
            for k in names
        }
        violations = _violations(means, spec.constraints, reference)
        confirmed.append(
            {
                **{f"{k}_confirmed": v for k, v in means.items()},
                **halves,
                "feasible_confirmed": max(violations, default=0) <= 0,
            }
        )
    front = pd.concat([front, pd.DataFrame(confirmed)], axis=1)
    again = front[[f"{o}_confirmed" for o in spec.objectives]].to_numpy(dtype=float) * signs
    ok = front["feasible_confirmed"].to_numpy()
    still = np.zeros(len(front), dtype=bool)
    if ok.any():
        still[np.flatnonzero(ok)] = ~dominated(again[ok])
    front["confirmed"] = still
    return front.sort_values(list(spec.objectives)).reset_index(drop=True)


def model_evaluator(
    base, executor: Executor, scenarios: Mapping[int, Mapping[str, Any]] | None = None
) -> Evaluator:
    """Evaluate lever values on the model: ``base.replace(**values)`` on every seed.

    Args:
        base: The design's scenario (with the experiment's fixed settings and years).
        executor: Runs the replicates in parallel (kept open by the caller).
        scenarios: Seed -> the scenario overrides that seed's replicate runs (from
            :func:`scenario_overrides`); None runs every seed at the design's own values.
    """

    def evaluate(candidates: list[dict[str, Any]], seeds: list[int]) -> list[pd.DataFrame]:
        futures = [
            [
                executor.submit(
                    _outcomes,
                    base.replace(**({} if scenarios is None else scenarios[seed]), **values),
                    seed,
                    r,
                )
                for r, seed in enumerate(seeds)
            ]
            for values in candidates
        ]
        return [pd.DataFrame([f.result() for f in row]) for row in futures]

    return evaluate


def scenario_experiment(experiment: Experiment, count: int, seed: int, ensemble: Ensemble | None):
    """The experiment whose points are a search's ``count`` scenarios (None when it has none).

    A Latin hypercube of ``count`` points over the uncertainties (levers are the search's,
    not sampled), its calibrated parameters taken from the members by
    :func:`~sim.experiment.sweep.ensemble.with_ensemble` (member p mod N at point p).
    """
    sampled = dataclasses.replace(experiment, sampler=Sampler("lhs", count, None, seed))
    if ensemble is not None:
        sampled = with_ensemble(sampled, ensemble)
    varied = tuple(v for v in sampled.varied if v.role != "lever")
    return dataclasses.replace(sampled, varied=varied) if varied else None


def scenario_overrides(
    experiment: Experiment, seeds: list[int], sampler_seed: int, ensemble: Ensemble | None
) -> dict[int, dict[str, Any]] | None:
    """Seed -> the overrides of the scenario its replicate runs (None without scenarios).

    Replicate r (on ``seeds[r]``) runs point r of :func:`scenario_experiment`'s sample, the
    same for every candidate.

    Raises:
        ExperimentError: for a point that is not a valid scenario of the design.
    """
    from sim.experiment.sweep.samplers import check_points, draw_points, overrides

    sampled = scenario_experiment(experiment, len(seeds), sampler_seed, ensemble)
    if sampled is None:
        return None
    points, _ = draw_points(sampled)
    check_points(sampled, points)
    return {seed: overrides(points, r) for r, seed in enumerate(seeds)}


def _outcomes(scenario, seed: int, replicate: int) -> dict[str, float]:
    """One run's outcomes as a dict (what a worker sends back: one row, not the tables)."""
    from sim.experiment.runner import simulate

    runs = simulate(scenario, seed, replicate=replicate)["runs"]
    return {k: float(v) for k, v in runs.iloc[0].items() if k in OUTCOMES}

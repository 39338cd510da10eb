"""The ``[search]`` table of an experiment file: what a design search optimises.

:mod:`sim.experiment.search` runs the search; this module only reads and checks the table.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sim.experiment.sweep.rules import Failer, read_integer
from sim.outcomes import OUTCOMES
from sim.suggest import did_you_mean

#: Keys of the ``[search]`` table.
SEARCH_KEYS = ("objectives", "trials", "population", "confirm_replicates", "constraints")

#: Keys of one constraint.
CONSTRAINT_KEYS = ("min", "max", "not_worse")


@dataclass(frozen=True)
class SearchSpec:
    """The ``[search]`` table.

    Attributes:
        objectives: Outcomes to optimise, each in its better direction.
        trials: Candidates evaluated in all.
        population: Candidates per generation (evaluated in parallel).
        confirm_replicates: Fresh replicates each Pareto candidate is confirmed on.
        constraints: Outcome -> ``{"min": x}``, ``{"max": x}`` or ``{"not_worse": true}``
            (not worse than the design at its own settings, on the same seeds).
    """

    objectives: tuple[str, ...]
    trials: int = 40
    population: int = 10
    confirm_replicates: int = 10
    constraints: dict[str, dict[str, Any]] = field(default_factory=dict)

    def resolved(self) -> dict[str, Any]:
        """As written into the resolved experiment."""
        return {
            "objectives": list(self.objectives),
            "trials": self.trials,
            "population": self.population,
            "confirm_replicates": self.confirm_replicates,
            "constraints": {k: dict(v) for k, v in self.constraints.items()},
        }


def parse_search(spec: Any, outcomes: list[str], fail: Failer) -> SearchSpec:
    """The ``[search]`` table, checked."""
    if not isinstance(spec, Mapping):
        fail(f"search must be a table like [search], got {spec!r}")
    for key in spec:
        if key not in SEARCH_KEYS:
            fail(
                f"search.{key}: unknown key {key!r}{did_you_mean(key, SEARCH_KEYS)} "
                f"(known: {', '.join(SEARCH_KEYS)})"
            )
    objectives = spec.get("objectives")
    if not isinstance(objectives, list) or len(objectives) < 2:
        fail(f"search.objectives = {objectives!r}: expected a list of two or more outcomes")
    for name in [*objectives, *spec.get("constraints", {})]:
        if name not in outcomes:
            fail(
                f"search: {name!r} is not among the experiment's outcomes"
                f"{did_you_mean(str(name), outcomes)} (add it to outcomes)"
            )
        if name in objectives and OUTCOMES[name].direction == 0:
            fail(f"search.objectives: {name} has no better direction to optimise")
    prefixed = _Prefixed(fail)
    trials = read_integer(spec, "trials", 40, prefixed, lo=2, hi=100_000)
    population = read_integer(spec, "population", 10, prefixed, lo=2, hi=10_000)
    confirm = read_integer(spec, "confirm_replicates", 10, prefixed, lo=1, hi=100_000)
    constraints = spec.get("constraints", {})
    if not isinstance(constraints, Mapping):
        fail(f"search.constraints must be a table of outcome = {{...}}, got {constraints!r}")
    for name, rule in constraints.items():
        where = f"search.constraints.{name}"
        if (
            not isinstance(rule, Mapping)
            or len(rule) != 1
            or next(iter(rule)) not in (CONSTRAINT_KEYS)
        ):
            fail(f"{where} = {rule!r}: expected {{min = x}}, {{max = x}} or {{not_worse = true}}")
        ((kind, value),) = rule.items()
        if kind == "not_worse" and (value is not True or OUTCOMES[name].direction == 0):
            fail(f"{where}: not_worse = true needs an outcome with a better direction")
        if kind != "not_worse" and (isinstance(value, bool) or not isinstance(value, int | float)):
            fail(f"{where}: {kind} = {value!r} is not allowed; expected a number")
    return SearchSpec(tuple(objectives), trials, population, confirm, dict(constraints))


class _Prefixed:
    def __init__(self, fail: Failer):
        self.fail = fail

    def __call__(self, message: str):
        self.fail("search." + message)

"""Policies x scenarios: levers crossed into policies, each run on one sample of scenarios.

Without a ``[policies]`` table, levers are sampled together with the uncertainties, so every
point mixes a policy with a scenario. With one, an experiment separates them, as robust
decision making does (Lempert, Popper & Bankes 2003; EMA Workbench's ``policies`` and
``scenarios``): each design crossed with each combination of lever values (a grid, or a Latin
hypercube of the levers) is a *policy*, and every policy runs at the same points of the
uncertainty sample, replicate r on the same seed everywhere (common random numbers). A policy
is then an ordinary design of the sweep, named after its design and lever values, so runs,
resume and storage are those of any sweep.

Calibrated parameters: the scenario sample is drawn from the ``[uncertainties]`` ranges by the
``[sampler]``; a calibrated ensemble, once the calibration yields one, enters here as the
points' values of its parameters (member m(r) for replicate r), with no change to the policies.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy.stats import qmc

from sim.experiment.sweep.design import Design
from sim.experiment.sweep.rules import Failer, read_integer
from sim.experiment.sweep.space import Varied
from sim.outcomes import OUTCOMES
from sim.scenario import ScenarioError, name_too_long
from sim.suggest import did_you_mean

#: Keys of the ``[policies]`` table.
POLICY_KEYS = ("levers", "levels", "n", "measure", "thresholds")

#: How the levers are crossed into policies.
LEVER_DESIGNS = ("grid", "lhs")

#: Measures a report can rank policies by: regret against the best policy in each scenario
#: (worst case, 90th percentile, mean; lower is better), the share of scenarios meeting the
#: thresholds (higher is better), and the outcome's mean or 10th percentile from the bad end.
MEASURES = ("max_regret", "p90_regret", "mean_regret", "satisficing", "mean", "worst_decile")

#: Values per range lever in a grid unless ``levels`` says (a list lever takes its values).
DEFAULT_LEVELS = 3


@dataclass(frozen=True)
class PolicySpec:
    """How policies are formed and judged.

    Attributes:
        lever_design: ``grid`` or ``lhs``.
        levels: Grid steps per range lever.
        n: Lever points of an ``lhs`` design.
        measure: The measure the report ranks policies by (:data:`MEASURES`).
        thresholds: Outcome -> the value a scenario must reach (on the outcome's better side)
            to count as satisfied.
        levers: Policy name -> its lever values (``group.key`` -> value); empty levers when
            the experiment's policies are its designs alone.
        design_of: Policy name -> the design it was built from.
    """

    lever_design: str = "grid"
    levels: int = DEFAULT_LEVELS
    n: int | None = None
    measure: str = "max_regret"
    thresholds: dict[str, float] = field(default_factory=dict)
    levers: dict[str, dict[str, Any]] = field(default_factory=dict)
    design_of: dict[str, str] = field(default_factory=dict)

    def resolved(self) -> dict[str, Any]:
        """As written into the resolved experiment (plain JSON values)."""
        return {
            "levers": self.lever_design,
            "levels": self.levels,
            "n": self.n,
            "measure": self.measure,
            "thresholds": dict(self.thresholds),
            "policies": {p: dict(v) for p, v in self.levers.items()},
            "design_of": dict(self.design_of),
        }


def parse_policies(spec: Any, seed: int, outcomes: list[str], fail: Failer) -> PolicySpec:
    """The ``[policies]`` table, checked (lever values are filled in by :func:`expand`)."""
    if not isinstance(spec, Mapping):
        fail(f"policies must be a table like [policies], got {spec!r}")
    for key in spec:
        if key not in POLICY_KEYS:
            fail(
                f"policies.{key}: unknown key {key!r}{did_you_mean(key, POLICY_KEYS)} "
                f"(known: {', '.join(POLICY_KEYS)})"
            )
    design = spec.get("levers", "grid")
    if design not in LEVER_DESIGNS:
        fail(
            f"policies.levers = {design!r} is not allowed; expected one of "
            f"{', '.join(LEVER_DESIGNS)}"
        )
    prefixed = _Prefixed(fail)
    levels = read_integer(spec, "levels", DEFAULT_LEVELS, prefixed, lo=2, hi=100)
    n = read_integer(spec, "n", None, prefixed, lo=2, hi=10_000)
    if design == "lhs" and n is None:
        fail('policies.n is missing; levers = "lhs" needs the number of lever points')
    if design == "grid" and n is not None:
        fail('policies.n: a grid takes no n (levels sets its steps); or use levers = "lhs"')
    measure = spec.get("measure", "max_regret")
    if measure not in MEASURES:
        fail(
            f"policies.measure = {measure!r} is not allowed"
            f"{did_you_mean(str(measure), MEASURES)} (known: {', '.join(MEASURES)})"
        )
    thresholds = spec.get("thresholds", {})
    if not isinstance(thresholds, Mapping):
        fail(f"policies.thresholds must be a table of outcome = value, got {thresholds!r}")
    for name, value in thresholds.items():
        if name not in outcomes:
            where = "outcomes" if name in OUTCOMES else "docs/outcomes.md"
            fail(
                f"policies.thresholds.{name}: {name!r} is not among the experiment's outcomes"
                f"{did_you_mean(name, outcomes)} (add it to {where})"
            )
        if OUTCOMES[name].direction == 0:
            fail(
                f"policies.thresholds.{name}: {name} has no better direction, so no value "
                "of it can be met"
            )
        if isinstance(value, bool) or not isinstance(value, int | float):
            fail(f"policies.thresholds.{name} = {value!r} is not allowed; expected a number")
    if measure == "satisficing" and not thresholds:
        fail('policies.measure = "satisficing" needs [policies.thresholds] (outcome = value)')
    return PolicySpec(
        design,
        levels,
        n,
        measure,
        {k: float(v) for k, v in thresholds.items()},
    )


class _Prefixed:
    def __init__(self, fail: Failer):
        self.fail = fail

    def __call__(self, message: str):
        self.fail("policies." + message)


def lever_points(levers: list[Varied], spec: PolicySpec, seed: int) -> list[dict[str, Any]]:
    """The lever values of each policy: a full grid, or a Latin hypercube of ``n`` points."""
    if not levers:
        return [{}]
    if spec.lever_design == "grid":
        grids = [v.grid(spec.levels) for v in levers]
        return [
            {v.key: value for v, value in zip(levers, combo, strict=True)}
            for combo in itertools.product(*grids)
        ]
    unit = qmc.LatinHypercube(d=len(levers), rng=np.random.default_rng(seed)).random(spec.n)
    drawn = [tuple(v.value(u) for v, u in zip(levers, row, strict=True)) for row in unit]
    # A list lever with fewer values than n repeats them: each policy once.
    return [dict(zip([v.key for v in levers], row, strict=True)) for row in dict.fromkeys(drawn)]


def policy_name(design: str, values: Mapping[str, Any]) -> str:
    """A policy's name: its design and lever values (``single_mentor[protected_hours=4]``)."""
    if not values:
        return design
    shown = ",".join(f"{key.split('.')[-1]}={_short(v)}" for key, v in values.items())
    return f"{design}[{shown}]"


def _short(value: Any) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def expand(designs: list, levers: list[Varied], spec: PolicySpec, seed: int, fail: Failer):
    """Every design crossed with every lever point, as designs of the sweep.

    Args:
        designs: The experiment's designs (:class:`~sim.experiment.sweep.design.Design`).
        levers: The levers.
        spec: The parsed ``[policies]`` table.
        seed: Seed of a Latin hypercube of the levers.
        fail: Raises the file's error.

    Returns:
        The policies (designs named after their lever values, the levers among their own
        settings) and the spec with each policy's lever values and design.
    """
    policies, values_of, design_of = [], {}, {}
    for design in designs:
        for values in lever_points(levers, spec, seed):
            name = policy_name(design.name, values)
            if problem := name_too_long(name):
                fail(f"policies: {problem}")
            try:
                scenario = design.scenario.replace(name=name, **values)
            except ScenarioError as err:
                fail(f"policies: {str(err).removeprefix('override: ')} (design {design.name})")
            policies.append(Design(name, design.source, scenario, design.sets | frozenset(values)))
            values_of[name], design_of[name] = values, design.name
    names = [p.name for p in policies]
    if len(set(names)) != len(names):
        fail("policies: two policies have the same lever values (a lever list repeats a value?)")
    return policies, PolicySpec(
        spec.lever_design, spec.levels, spec.n, spec.measure, spec.thresholds, values_of, design_of
    )

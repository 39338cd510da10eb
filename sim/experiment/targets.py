"""Calibration and validation targets: literature patterns the model must reproduce.

Targets live in ``experiments/targets.toml`` (installed as package data, see ``sim.data``): one
table per target with the outcome, the scenario it applies to, a band and the full citation.
The loader refuses a bad file before anything runs, naming the file, the target, the key, the
bad value and what is allowed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sim import data
from sim.errors import InputError
from sim.outcomes import OUTCOMES
from sim.suggest import did_you_mean
from sim.tomlfile import read_toml

REQUIRED = ("outcome", "scenario", "low", "high", "population", "source")
OPTIONAL = ("figure",)


class TargetError(InputError):
    """A targets file that fails validation."""


@dataclass(frozen=True)
class Target:
    """One literature pattern: an outcome of a scenario must fall inside [low, high]."""

    id: str
    outcome: str
    scenario: str
    low: float
    high: float
    population: str
    source: str
    figure: str = ""

    @property
    def center(self) -> float:
        """Middle of the band."""
        return 0.5 * (self.low + self.high)

    @property
    def half_width(self) -> float:
        """Half the band's width."""
        return 0.5 * (self.high - self.low)

    def contains(self, value: float) -> bool:
        """Whether a value lies inside the band."""
        return self.low <= value <= self.high


def load_targets(path: str | Path | None = None,
                 scenarios_dir: str | Path | None = None) -> list[Target]:
    """Load and validate a targets file.

    Args:
        path: The TOML file (default: the shipped ``experiments/targets.toml``).
        scenarios_dir: Folder where each target's ``scenario`` must exist as ``NAME.toml``
            (default: the shipped scenarios).

    Returns:
        The targets in file order.

    Raises:
        TargetError: for a missing file, bad TOML, a missing or unknown key, an unknown
            outcome or scenario, or a band that is not a pair of numbers with low < high.
        sim.data.DataFileError: when a shipped file is asked for and missing.
    """
    path = Path(path) if path is not None else data.targets_file()
    scenarios_dir = Path(scenarios_dir) if scenarios_dir is not None else data.scenarios_dir()
    content = read_toml(path, "targets file", TargetError)
    known_scenarios = sorted(p.stem for p in scenarios_dir.glob("*.toml"))
    targets = []
    for target_id, table in content.items():
        where = f"{path}: [{target_id}]"
        if not isinstance(table, dict):
            raise TargetError(f"{where} must be a table with keys {', '.join(REQUIRED)}")
        for key in table:
            if key not in REQUIRED + OPTIONAL:
                raise TargetError(f"{where}: unknown key {key!r}"
                                  f"{did_you_mean(key, REQUIRED + OPTIONAL)}")
        for key in REQUIRED:
            if key not in table:
                raise TargetError(f"{where}: missing key {key!r}")
        outcome, scenario = table["outcome"], table["scenario"]
        if outcome not in OUTCOMES:
            raise TargetError(f"{where}: outcome = {outcome!r} is not a known outcome"
                              f"{did_you_mean(outcome, OUTCOMES)}")
        if scenario not in known_scenarios:
            raise TargetError(f"{where}: scenario = {scenario!r} is not in {scenarios_dir}"
                              f"{did_you_mean(scenario, known_scenarios)} "
                              f"(known: {', '.join(known_scenarios)})")
        low, high = table["low"], table["high"]
        for key, value in (("low", low), ("high", high)):
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise TargetError(f"{where}: {key} = {value!r} is not allowed; expected a "
                                  "number")
        if not low < high:
            raise TargetError(f"{where}: band [{low}, {high}] is not allowed; expected "
                              "low < high")
        targets.append(Target(id=target_id, outcome=outcome, scenario=scenario,
                              low=float(low), high=float(high),
                              population=str(table["population"]),
                              source=str(table["source"]), figure=str(table.get("figure", ""))))
    if not targets:
        raise TargetError(f"{path}: no targets")
    return targets

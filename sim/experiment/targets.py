"""Calibration and validation targets: literature patterns the model must reproduce.

Targets live in ``experiments/targets.toml`` (installed as package data, see ``sim.data``): one
table per target with the outcome, the scenario it applies to, a band and the full citation.
A target is one of three kinds:

- ``level`` (the default): the outcome of ``scenario``, replicate by replicate;
- ``difference``: the outcome under ``scenario`` minus that under ``reference``, taken pair by
  pair (both run on the same replicate seeds, so the pair shares its people and chance events);
- ``ratio``: ``scenario / reference``, pair by pair.

With ``year = N`` the value is read from the yearly table at year N (a metric of
``sim.outcomes.YEARLY``) instead of the run-level outcome (``sim.outcomes.OUTCOMES``). The
loader refuses a bad file before anything runs, naming the file, the target, the key, the bad
value and what is allowed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sim import data
from sim.errors import InputError
from sim.outcomes import OUTCOMES, YEARLY
from sim.scenario import ScenarioError, load
from sim.suggest import did_you_mean
from sim.tomlfile import read_toml

REQUIRED = ("outcome", "scenario", "low", "high", "population", "source")
OPTIONAL = ("figure", "kind", "reference", "year")

#: Kinds of target: a level of one scenario, or a paired difference or ratio of two.
KINDS = ("level", "difference", "ratio")
PAIRED_KINDS = ("difference", "ratio")


class TargetError(InputError):
    """A targets file that fails validation."""


@dataclass(frozen=True)
class Target:
    """One literature pattern: a value of the model must fall inside [low, high].

    Attributes:
        id: The target's table name (``T1``, ``E2``...).
        outcome: A run-level outcome, or a yearly metric when ``year`` is set.
        scenario: The scenario the value is measured in.
        low: Lower edge of the band.
        high: Upper edge of the band.
        population: Who the literature figure describes.
        source: The full citation.
        figure: The literature figure in words.
        kind: ``level``, ``difference`` or ``ratio`` (see the module docstring).
        reference: The scenario a difference or ratio is taken against (None for a level).
        year: Year of the yearly table the value is read at (None: the run-level outcome).
        file: The targets file it was read from ("" when built in code), for messages.
    """

    id: str
    outcome: str
    scenario: str
    low: float
    high: float
    population: str
    source: str
    figure: str = ""
    kind: str = "level"
    reference: str | None = None
    year: int | None = None
    file: str = ""

    @property
    def center(self) -> float:
        """Middle of the band."""
        return 0.5 * (self.low + self.high)

    @property
    def half_width(self) -> float:
        """Half the band's width."""
        return 0.5 * (self.high - self.low)

    @property
    def scenarios(self) -> tuple[str, ...]:
        """The scenarios the target needs run: its own, then the reference if any."""
        return (self.scenario,) if self.reference is None else (self.scenario, self.reference)

    @property
    def measure(self) -> str:
        """What is measured, in words: ``mentored_share (year 6) in a minus in b``."""
        name = self.outcome if self.year is None else f"{self.outcome} (year {self.year})"
        if self.kind == "difference":
            return f"{name}: {self.scenario} minus {self.reference}"
        if self.kind == "ratio":
            return f"{name}: {self.scenario} / {self.reference}"
        return f"{name} in {self.scenario}"

    @property
    def unit(self) -> str:
        """Unit of the target's value: the outcome's, or "ratio" for a ratio target."""
        if self.kind == "ratio":
            return "ratio"
        if self.outcome in OUTCOMES:
            return OUTCOMES[self.outcome].unit
        return ""

    def contains(self, value: float) -> bool:
        """Whether a value lies inside the band."""
        return self.low <= value <= self.high


def scenario_names(targets: Iterable[Target]) -> list[str]:
    """Every scenario the targets name, as scenario or reference, in order of first mention."""
    return list(dict.fromkeys(name for t in targets for name in t.scenarios))


def check_years(targets: Iterable[Target], run_years: Mapping[str, int], where: str = "") -> None:
    """Refuse a year target whose year lies past the end of its scenarios' runs.

    The loader checks years against each scenario file's own ``years``; this check is for a
    run shortened on the command line (``--years``), before anything runs.

    Args:
        targets: The targets.
        run_years: Scenario name -> years each run will simulate.
        where: What set the run length, for the message (e.g. ``"--years 12"``).

    Raises:
        TargetError: naming the target, its year and the run length.
    """
    for t in targets:
        if t.year is None:
            continue
        for name in t.scenarios:
            years = run_years.get(name)
            if years is not None and t.year > years:
                because = f" ({where})" if where else ""
                prefix = f"{t.file}: " if t.file else ""
                raise TargetError(
                    f"{prefix}[{t.id}]: year = {t.year} is outside the run: {name} "
                    f"simulates {years} years{because}; expected a year from 0 "
                    f"to {years}"
                )


def load_targets(
    path: str | Path | None = None, scenarios_dir: str | Path | None = None
) -> list[Target]:
    """Load and validate a targets file.

    Args:
        path: The TOML file (default: the shipped ``experiments/targets.toml``).
        scenarios_dir: Folder where each target's ``scenario`` (and ``reference``) must exist
            as ``NAME.toml`` (default: the shipped scenarios).

    Returns:
        The targets in file order.

    Raises:
        TargetError: for a missing file, bad TOML, a missing or unknown key, an unknown
            outcome, yearly metric or scenario, a kind that is not allowed, a reference
            missing from a difference or ratio (or given to a level), a year outside the
            run, or a band that is not a pair of numbers with low < high.
        sim.data.DataFileError: when a shipped file is asked for and missing.
    """
    path = Path(path) if path is not None else data.targets_file()
    scenarios_dir = Path(scenarios_dir) if scenarios_dir is not None else data.scenarios_dir()
    content = read_toml(path, "targets file", TargetError)
    known_scenarios = sorted(p.stem for p in scenarios_dir.glob("*.toml"))
    run_years: dict[str, int] = {}
    targets = [
        _target(target_id, table, str(path), scenarios_dir, known_scenarios, run_years)
        for target_id, table in content.items()
    ]
    if not targets:
        raise TargetError(f"{path}: no targets")
    return targets


def _target(
    target_id: str,
    table: Any,
    file: str,
    scenarios_dir: Path,
    known_scenarios: list[str],
    run_years: dict[str, int],
) -> Target:
    """Validate one target table (``run_years`` caches each scenario's run length)."""
    where = f"{file}: [{target_id}]"
    if not isinstance(table, dict):
        raise TargetError(f"{where} must be a table with keys {', '.join(REQUIRED)}")
    for key in table:
        if key not in REQUIRED + OPTIONAL:
            raise TargetError(
                f"{where}: unknown key {key!r}{did_you_mean(key, REQUIRED + OPTIONAL)}"
            )
    for key in REQUIRED:
        if key not in table:
            raise TargetError(f"{where}: missing key {key!r}")
    kind = table.get("kind", "level")
    if kind not in KINDS:
        raise TargetError(
            f"{where}: kind = {kind!r} is not allowed; expected one of "
            f"{', '.join(KINDS)}{did_you_mean(str(kind), KINDS)}"
        )
    scenario = _scenario(table["scenario"], "scenario", where, scenarios_dir, known_scenarios)
    reference = table.get("reference")
    if kind in PAIRED_KINDS:
        if reference is None:
            raise TargetError(
                f"{where}: missing key 'reference' (a {kind} target compares "
                "its scenario with a reference scenario, run on the same seeds)"
            )
        reference = _scenario(reference, "reference", where, scenarios_dir, known_scenarios)
        if reference == scenario:
            raise TargetError(
                f"{where}: reference = {reference!r} is the target's own "
                f"scenario; expected another scenario (a {kind} of a scenario "
                "with itself says nothing)"
            )
    elif reference is not None:
        raise TargetError(
            f"{where}: reference = {reference!r} is not allowed for a level "
            'target; set kind = "difference" or "ratio", or drop reference'
        )
    year = table.get("year")
    outcome = _outcome(table["outcome"], year, where)
    if year is not None:
        names = [scenario] if reference is None else [scenario, reference]
        for name in names:
            if name not in run_years:
                run_years[name] = _run_years(scenarios_dir / f"{name}.toml", where)
        shortest = min(run_years[name] for name in names)
        if isinstance(year, bool) or not isinstance(year, int) or not 0 <= year <= shortest:
            runs = " and ".join(f"{name} ({run_years[name]} years)" for name in names)
            raise TargetError(
                f"{where}: year = {year!r} is not allowed; expected a whole year "
                f"from 0 to {shortest}, inside the run of {runs}"
            )
    low, high = table["low"], table["high"]
    for key, value in (("low", low), ("high", high)):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise TargetError(f"{where}: {key} = {value!r} is not allowed; expected a number")
    if not low < high:
        raise TargetError(f"{where}: band [{low}, {high}] is not allowed; expected low < high")
    return Target(
        id=target_id,
        outcome=outcome,
        scenario=scenario,
        low=float(low),
        high=float(high),
        population=str(table["population"]),
        source=str(table["source"]),
        figure=str(table.get("figure", "")),
        kind=kind,
        reference=reference,
        year=year,
        file=file,
    )


def _scenario(name: Any, key: str, where: str, scenarios_dir: Path, known: list[str]) -> str:
    """A scenario or reference name that exists as ``NAME.toml`` in the scenarios folder."""
    if not isinstance(name, str) or name not in known:
        raise TargetError(
            f"{where}: {key} = {name!r} is not in {scenarios_dir}"
            f"{did_you_mean(str(name), known)} (known: {', '.join(known)})"
        )
    return name


def _outcome(name: Any, year: Any, where: str) -> str:
    """A run-level outcome name, or a yearly metric name when the target has a year."""
    if year is None:
        if name in OUTCOMES:
            return name
        hint = (
            " (it is a yearly metric: add year = N to read it at year N)"
            if name in YEARLY
            else did_you_mean(str(name), OUTCOMES)
        )
        raise TargetError(f"{where}: outcome = {name!r} is not a known outcome{hint}")
    if name in YEARLY:
        return name
    hint = (
        " (it is a run-level outcome: drop year to use it)"
        if name in OUTCOMES
        else did_you_mean(str(name), YEARLY)
    )
    raise TargetError(
        f"{where}: outcome = {name!r} is not a yearly metric, which a target "
        f"with year = {year!r} needs{hint}"
    )


def _run_years(path: Path, where: str) -> int:
    """Years a scenario file's runs simulate (its ``years``)."""
    try:
        return load(path).years
    except ScenarioError as err:
        raise TargetError(f"{where}: its scenario cannot be loaded: {err}") from None


def replicate_values(
    target: Target, runs: pd.DataFrame, yearly: pd.DataFrame | None = None
) -> pd.Series:
    """The target's value in each replicate: a level, or a paired difference or ratio.

    Args:
        target: The target.
        runs: Replicate outcomes with ``design`` (the scenario's name) and ``replicate``
            columns (``replicate`` may be left out for a level target).
        yearly: Yearly metrics with ``design``, ``replicate`` and ``year`` columns; needed
            only for a target with a ``year``.

    Returns:
        Values indexed by replicate. A difference or ratio pairs replicate r of the scenario
        with replicate r of the reference (the same seed) and keeps the replicates both have;
        a ratio over a zero reference is NaN.

    Raises:
        ValueError: If a year target is scored without a yearly table.
    """
    if target.year is None:
        table = runs
    else:
        if yearly is None:
            raise ValueError(
                f"target {target.id} reads year {target.year} of the yearly "
                "table, and none was given"
            )
        table = yearly[yearly["year"] == target.year]
    values = _by_replicate(table, target.scenario, target.outcome)
    if target.reference is None:
        return values
    reference = _by_replicate(table, target.reference, target.outcome)
    values, reference = values.align(reference, join="inner")
    if target.kind == "ratio":
        return values / reference.where(reference != 0)
    return values - reference


def _by_replicate(table: pd.DataFrame, design: str, column: str) -> pd.Series:
    part = table[table["design"] == design]
    index = part["replicate"].to_numpy() if "replicate" in part.columns else np.arange(len(part))
    return pd.Series(
        pd.to_numeric(part[column], errors="coerce").to_numpy(dtype=float), index=index, name=column
    )

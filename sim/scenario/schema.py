"""The scenario: one program design at one institution, validated and frozen.

A scenario holds a few top-level keys (name, description, years, warm-up) and one parameter
group per table (:mod:`sim.scenario.parameters`). :func:`from_dict` and :func:`load` check
every key and value and the rules that tie parameters together, so a bad file is refused
before anything runs, with the file, the key path, the bad value and what is allowed.
"""

from __future__ import annotations

import dataclasses
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from sim.errors import InputWarning
from sim.scenario.groups.population import WEIGHT_TRACKS
from sim.scenario.parameters import (
    GROUPS,
    Career,
    Costs,
    Institution,
    Mentors,
    Population,
    Program,
    Relationships,
    Wellbeing,
)
from sim.scenario.toml_writer import dump_toml
from sim.scenario.validation import ScenarioError, allowed_text, check_table, unknown_key
from sim.tomlfile import read_toml

#: Top-level keys of a scenario file and their types.
TOP_LEVEL = {
    "name": str,
    "description": str,
    "kind": str,
    "based_on": str,
    "years": int,
    "warmup_years": int,
}
#: What a scenario file is: a program ``design`` (its levers, in an institution), or a
#: ``context`` (the institution and its people: mentor supply, size, culture) that designs
#: are run in (``--context``). A context sets no [program] key.
KINDS = ("design", "context")
#: The groups a context may not set: they are the program's levers.
DESIGN_GROUPS = ("program",)
#: Allowed range of each integer top-level key.
INT_RANGES = {"years": (1, 500), "warmup_years": (0, 499)}
#: Longest design or experiment name, in bytes of UTF-8. A name becomes a folder
#: (``results/<name>/``) and part of file names (``parts/runs/<name>--000123.parquet.tmp``),
#: and file systems refuse file names over 255 bytes.
MAX_NAME_BYTES = 200


def name_too_long(name: str) -> str | None:
    """Why a design or experiment name cannot name files, or None when it can.

    Returns:
        A message naming the name (its start, when long), its length and the limit.
    """
    size = len(name.encode())
    if size <= MAX_NAME_BYTES:
        return None
    return (
        f"name {name[:40]!r}... is {size} bytes long; expected at most {MAX_NAME_BYTES} "
        "bytes, since folder and file names are made from it (set a shorter `name`)"
    )


@dataclass(frozen=True)
class Scenario:
    """One program design at one institution: the whole, validated input of a run.

    Attributes:
        name: Short design name used in tables (the file's ``name`` key, else its stem).
        description: One paragraph saying what the design shows.
        kind: ``design`` (program levers) or ``context`` (the institution a design runs in).
        based_on: The shipped design this one changes (``""``: none); ``compare`` compares
            a design against it unless told otherwise.
        years: Simulated years per run.
        warmup_years: Years excluded from run-level averages while the synthetic year-0
            population settles.
    """

    name: str = "default"
    description: str = ""
    kind: str = "design"
    based_on: str = ""
    years: int = 30
    warmup_years: int = 5
    institution: Institution = field(default_factory=Institution)
    population: Population = field(default_factory=Population)
    mentors: Mentors = field(default_factory=Mentors)
    program: Program = field(default_factory=Program)
    relationships: Relationships = field(default_factory=Relationships)
    wellbeing: Wellbeing = field(default_factory=Wellbeing)
    career: Career = field(default_factory=Career)
    costs: Costs = field(default_factory=Costs)

    def to_dict(self) -> dict[str, Any]:
        """Return the scenario as nested plain dicts (the TOML layout)."""
        return dataclasses.asdict(self)

    def to_toml(self) -> str:
        """Return the fully resolved scenario as TOML text."""
        return dump_toml(self.to_dict())

    def replace(self, **overrides: Any) -> Scenario:
        """Return a copy with overrides applied and validated.

        Args:
            **overrides: Keys as ``"group.key"`` or ``group__key`` (the form ``mesa.batch_run``
                and keyword arguments can carry), or top-level keys.

        Returns:
            A new validated Scenario.
        """
        data = self.to_dict()
        for key, value in overrides.items():
            path = key.replace("__", ".").split(".")
            target = data
            for part in path[:-1]:
                if part not in target or not isinstance(target[part], dict):
                    unknown_key(part, list(target), source="override", path=key)
                target = target[part]
            target[path[-1]] = value
        return from_dict(data, source="override")


def from_dict(
    data: Mapping[str, Any], *, source: str = "<dict>", name: str | None = None
) -> Scenario:
    """Build a validated Scenario from nested dicts (the TOML layout).

    Args:
        data: Top-level keys and one table per group; missing keys take their defaults.
        source: What the data came from, for error messages (usually the file path).
        name: Design name to use when ``data`` has no ``name`` key.

    Returns:
        The validated, frozen Scenario.

    Raises:
        ScenarioError: naming the source, key path, bad value and what is allowed.
    """
    if not isinstance(data, Mapping):
        raise ScenarioError(f"{source}: expected a table of settings, got {type(data).__name__}")
    known_top = list(TOP_LEVEL) + list(GROUPS)
    top: dict[str, Any] = {}
    groups: dict[str, Any] = {}
    for key, value in data.items():
        if key in GROUPS:
            if not isinstance(value, Mapping):
                raise ScenarioError(f"{source}: {key} must be a table like [{key}], got {value!r}")
            groups[key] = check_table(GROUPS[key], value, source=source, prefix=key)
        elif key in TOP_LEVEL:
            top[key] = _check_top(key, value, source=source)
        else:
            unknown_key(key, known_top, source=source, path=key)
    if "name" not in top:
        top["name"] = name or "default"
    if top.get("based_on") == top["name"]:
        raise ScenarioError(
            f"{source}: based_on = {top['name']!r} is not allowed; expected the name of "
            "another design, the one this one changes"
        )
    if problem := name_too_long(top["name"]):
        raise ScenarioError(f"{source}: {problem}")
    scenario = Scenario(**top, **groups)
    _check_context(scenario, source=source)
    _check_consistency(scenario, source=source)
    return scenario


def _check_top(key: str, value: Any, *, source: str) -> Any:
    expected = TOP_LEVEL[key]
    if expected is int:
        lo, hi = INT_RANGES[key]
        if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
            raise ScenarioError(
                f"{source}: {key} = {value!r} is not allowed; expected an integer in [{lo}, {hi}]"
            )
    elif key == "kind":
        if value not in KINDS:
            raise ScenarioError(
                f"{source}: kind = {value!r} is not allowed; expected one of "
                + ", ".join(repr(k) for k in KINDS)
            )
    elif not isinstance(value, str) or (key == "name" and not value.strip()):
        raise ScenarioError(
            f"{source}: {key} = {value!r} is not allowed; expected a non-empty string"
        )
    return value


def _check_context(s: Scenario, *, source: str) -> None:
    """A context sets no program lever: its [program] table holds the defaults only.

    (A resolved context written back to TOML lists every default, so defaults are allowed.)
    """
    if s.kind != "context":
        return
    for group in DESIGN_GROUPS:
        table, default_table = getattr(s, group), GROUPS[group]()
        changed = [
            f.name
            for f in fields(table)
            if getattr(table, f.name) != getattr(default_table, f.name)
        ]
        if changed:
            raise ScenarioError(
                f"{source}: {group}.{changed[0]} is set in a context (kind = 'context'); a "
                "context is the institution a design runs in, so program levers belong in "
                "a design file (kind = 'design')"
            )


def _check_consistency(s: Scenario, *, source: str) -> None:
    """Cross-parameter rules: shares that must sum to one, a policy that fits the program."""
    share_groups = {
        "institution.initial_share_*": [
            s.institution.initial_share_trainee,
            s.institution.initial_share_assistant,
            s.institution.initial_share_associate,
            s.institution.initial_share_full,
        ],
        "institution.hire_share_*": [
            s.institution.hire_share_trainee,
            s.institution.hire_share_assistant,
            s.institution.hire_share_associate,
        ],
        "population.share_clinician_*": [
            s.population.share_clinician_scientist,
            s.population.share_clinician_educator,
            s.population.share_clinician_administrator,
        ],
    }
    for path, shares in share_groups.items():
        if abs(sum(shares) - 1.0) > 1e-6:
            raise ScenarioError(f"{source}: {path} sum to {sum(shares):.4g}; they must sum to 1")
    # Track weights are relative, divided by their track's sum: which must be above 0.
    counted = (s.population.raw_track_weights() > 0).any(axis=1)
    for track, any_weight in zip(WEIGHT_TRACKS, counted, strict=True):
        if not any_weight:
            raise ScenarioError(
                f"{source}: population.weight_{track}_* are all 0; at least "
                "one domain must count toward the track (weights in [0, 1])"
            )
    if s.warmup_years >= s.years:
        raise ScenarioError(
            f"{source}: warmup_years = {s.warmup_years} is not allowed; "
            f"expected fewer than years ({s.years})"
        )
    if s.program.policy == "committee" and s.program.mentors_per_mentee < 2:
        raise ScenarioError(
            f"{source}: program.mentors_per_mentee = "
            f"{s.program.mentors_per_mentee} is not allowed with policy "
            "'committee'; expected an integer in [2, 6]"
        )
    if s.program.formal and s.program.policy == "informal":
        raise ScenarioError(
            f"{source}: program.policy = 'informal' is not allowed with "
            "program.formal = true; expected one of 'random', "
            "'compatibility', 'stable', 'committee'"
        )
    if not s.program.formal and s.program.policy != "informal":
        raise ScenarioError(
            f"{source}: program.policy = {s.program.policy!r} is not allowed "
            "with program.formal = false; expected 'informal'"
        )
    _warn_unaffordable_program(s, source=source)


def _warn_unaffordable_program(s: Scenario, *, source: str) -> None:
    """Warn when a formal program's budget cannot pay its administration.

    Such a program never runs (``ProgramServices.open_year``): it is allowed, since a sweep
    over budgets may pass through it, but a design written that way is almost surely a slip.
    """
    program, admin = s.program, s.costs.program_admin_cost
    if program.formal and 0 < program.budget < admin:
        warnings.warn(
            f"{source}: program.budget = {program.budget:g} is below "
            f"costs.program_admin_cost = {admin:g}: the program cannot pay its administration "
            f"and will never run; expected 0 (no limit) or at least {admin:g}",
            InputWarning,
            stacklevel=2,
        )


#: Top-level keys of an experiment file (``mentorsim sweep``) that no scenario has: a scenario
#: command given an experiment file says so rather than "unknown key 'designs'".
EXPERIMENT_MARKS = ("designs", "levers", "uncertainties", "sampler")


def load(path: str | Path) -> Scenario:
    """Load and validate a scenario TOML file.

    Args:
        path: The file.

    Returns:
        The validated Scenario; its name is the file's ``name`` key, else the file's stem.

    Raises:
        ScenarioError: when the file is missing, is not valid TOML, or fails validation.
    """
    path = Path(path)
    data = read_toml(path, "scenario file", ScenarioError)
    marks = [key for key in EXPERIMENT_MARKS if key in data]
    if marks:
        raise ScenarioError(
            f"{path}: this is an experiment file (it has {', '.join(marks)}), "
            f"not a scenario: run it with `mentorsim sweep {path}`"
        )
    return from_dict(data, source=str(path), name=path.stem)


def default() -> Scenario:
    """Return the default scenario (no formal program, informal mentoring only)."""
    return Scenario()


def parameter_table() -> list[dict[str, Any]]:
    """Return one row per parameter: key path, default, allowed values, meaning and source."""
    return [
        {
            "key": f"{group}.{f.name}",
            "default": f.default,
            "allowed": allowed_text(f),
            "plausible": f.metadata.get("plausible"),
            "doc": f.metadata["doc"],
            "source": f.metadata["source"],
        }
        for group, cls in GROUPS.items()
        for f in fields(cls)
    ]


def parameter_fields() -> dict[str, dataclasses.Field]:
    """Every parameter's field by key path (``group.name``), in schema order."""
    return {f"{group}.{f.name}": f for group, cls in GROUPS.items() for f in fields(cls)}

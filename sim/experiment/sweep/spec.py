"""Experiment files: which designs run, what varies, how it is sampled, what is measured.

An experiment file (TOML, in ``experiments/``) declares a sweep around the pure function
``simulate(scenario, seed)`` (EMA Workbench's split of model and experiment)::

    name = "sweep_example"
    designs = ["baseline", "multi_mentor"]   # shipped scenario names, paths, or "*"
    baseline = "baseline"                    # default: the first design
    replicates = 2                           # per point, on common random numbers
    seed = 1
    years = 16                               # default: each design's own
    outcomes = ["attrition_10y", "burnout_share"]  # default: the key outcomes the runs compute

    [set]                                    # fixed overrides for every design
    "institution.initial_size" = 200

    [levers]                                 # what a program designer controls
    "program.protected_hours_per_week" = [0.0, 4.0]        # a range
    "program.mentors_per_mentee" = {values = [1, 2]}       # a list (two numbers: use values)

    [uncertainties]                          # what nobody controls
    "career.attrition_rate" = "plausible"                  # the schema's plausible range
    "mentors.willing_share" = {dist = "triangular", lo = 0.1, mode = 0.2, hi = 0.3}
    "wellbeing.*" = "plausible"              # every parameter of a group with a plausible range

    [sampler]
    method = "lhs"                           # grid, lhs, sobol, saltelli or morris
    n = 16

:func:`load_experiment` refuses a bad file before anything runs, naming the file, the key,
the bad value and what is allowed, with the nearest known name for a misspelt one; that
includes an outcome a design's runs are too short to compute (``Outcome.years_needed``).
"""

from __future__ import annotations

import fnmatch
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sim import data
from sim.experiment.compare import KEY_OUTCOMES
from sim.experiment.ensemble import Ensemble, ensemble_record
from sim.experiment.horizon import NEEDS_DOC, computable, left_out_note, shortfall
from sim.experiment.sensitivity_checks import sample_size_warning
from sim.experiment.sweep.design import Design
from sim.experiment.sweep.policies import PolicySpec, expand, parse_policies
from sim.experiment.sweep.rules import (
    ExperimentError,
    Failer,
    Sampler,
    parse_sampler,
    parse_varied,
    plain,
    read_integer,
)
from sim.experiment.sweep.search_spec import SearchSpec, parse_search
from sim.experiment.sweep.space import Varied
from sim.outcomes import OUTCOMES
from sim.scenario import (
    GROUPS,
    ScenarioError,
    load,
    name_too_long,
    parameter_fields,
)
from sim.scenario.shipped import kind_of
from sim.suggest import did_you_mean
from sim.tomlfile import read_toml

TOP_KEYS = (
    "name",
    "description",
    "designs",
    "baseline",
    "replicates",
    "seed",
    "years",
    "outcomes",
    "set",
    "levers",
    "uncertainties",
    "sampler",
    "policies",
    "search",
)
#: Replicates per point unless the file says: two, so that replicate noise can be measured.
DEFAULT_REPLICATES = 2


@dataclass(frozen=True)
class Experiment:
    """A validated experiment file.

    Attributes:
        name: The experiment's name (default: the file's stem).
        description: What it asks.
        source: The file.
        designs: The designs, in the file's order.
        baseline: The design the others are compared with.
        varied: The varied parameters, levers first.
        fixed: Fixed overrides applied to every design (``group.key`` -> value).
        sampler: How points are drawn.
        replicates: Replicates per point and design (common random numbers).
        seed: Base seed of the replicate seeds.
        years: Years per run, or None for each design's own.
        outcomes: The outcomes analysed and reported.
        skipped: Keys a pattern matched but left alone because a design sets them.
        outcome_note: When the file lists no outcomes, which key outcomes the runs are too
            short to compute and were left out (empty when none was).
        policies: With a ``[policies]`` table, how the levers were crossed into policies
            (then ``designs`` are the policies, ``varied`` the uncertainties alone); else None.
        search: With a ``[search]`` table, what ``mentorsim search`` optimises; else None.
        ensemble: The calibrated ensemble whose members give the calibrated parameters
            (``sweep --ensemble``, :mod:`sim.experiment.sweep.ensemble`); else None.
    """

    name: str
    description: str
    source: str
    designs: tuple[Design, ...]
    baseline: str
    varied: tuple[Varied, ...]
    fixed: dict[str, Any]
    sampler: Sampler
    replicates: int
    seed: int
    years: int | None
    outcomes: tuple[str, ...]
    skipped: tuple[str, ...] = field(default=())
    outcome_note: str = ""
    policies: PolicySpec | None = None
    search: SearchSpec | None = None
    ensemble: Ensemble | None = None

    @property
    def keys(self) -> list[str]:
        """The varied keys, in column order."""
        return [v.key for v in self.varied]

    @property
    def levers(self) -> list[Varied]:
        """The varied parameters a designer controls."""
        return [v for v in self.varied if v.role == "lever"]

    @property
    def uncertainties(self) -> list[Varied]:
        """The varied parameters nobody controls."""
        return [v for v in self.varied if v.role == "uncertainty"]

    def warnings(self) -> list[str]:
        """What the file allows but a careful reader should know before it runs."""
        found = sample_size_warning(self.sampler.method, self.sampler.n, len(self.varied))
        return [f"{self.source}: {found}"] if found else []

    def design(self, name: str) -> Design:
        """The design of that name."""
        return next(d for d in self.designs if d.name == name)

    def resolved(self) -> dict[str, Any]:
        """The experiment with every default and pattern resolved, as plain JSON values.

        Each design carries the SHA-256 of its resolved scenario, so an edited scenario file
        changes the resolved experiment (and a resume notices); where the files lie does not
        (the manifest records that), so a sweep can be resumed from another folder.
        """
        policies = {"policies": self.policies.resolved()} if self.policies else {}
        if self.search:
            policies["search"] = self.search.resolved()
        if self.ensemble is not None:
            policies["ensemble"] = ensemble_record(self.ensemble)
        return policies | {
            "name": self.name,
            "description": self.description,
            "designs": [
                {
                    "name": d.name,
                    "file": Path(d.source).name,
                    "scenario_sha256": hashlib.sha256(d.scenario.to_toml().encode()).hexdigest(),
                }
                for d in self.designs
            ],
            "baseline": self.baseline,
            "replicates": self.replicates,
            "seed": self.seed,
            "years": self.years,
            "outcomes": list(self.outcomes),
            "set": dict(self.fixed),
            "varied": [v.resolved() for v in self.varied],
            "skipped": list(self.skipped),
            "sampler": {
                "method": self.sampler.method,
                "n": self.sampler.n,
                "levels": self.sampler.levels,
                "seed": self.sampler.seed,
                "scramble": self.sampler.scramble,
                "second_order": self.sampler.second_order,
            },
        }


def load_experiment(path: str | Path) -> Experiment:
    """Read and validate an experiment file.

    Args:
        path: The TOML file.

    Returns:
        The validated experiment; its sample is drawn by
        :func:`sim.experiment.sweep.samplers.draw_points`.

    Raises:
        ExperimentError: naming the file, the key, the bad value and what is allowed.
    """
    path = Path(path)
    raw = read_toml(path, "experiment file", ExperimentError)
    return from_dict(raw, source=str(path), base=path.parent, name=path.stem)


def from_dict(
    raw: Mapping[str, Any], *, source: str, base: Path, name: str = "experiment"
) -> Experiment:
    """Validate an experiment given as nested dicts (the TOML layout).

    Args:
        raw: The parsed file.
        source: The file, for messages.
        base: Folder that relative design paths are read from.
        name: Name when the file has none.

    Returns:
        The validated experiment.
    """
    fail = Failer(source)
    scenario_tables = sorted(set(raw) & set(GROUPS) - set(TOP_KEYS))
    if scenario_tables and "designs" not in raw:
        fail(
            f"this is a scenario file (it has [{'], ['.join(scenario_tables)}]), not an "
            f"experiment: run it with `mentorsim run {source}`, or name it in an "
            "experiment's designs"
        )
    for key in raw:
        if key not in TOP_KEYS:
            fail(
                f"{key}: unknown key {key!r}{did_you_mean(key, TOP_KEYS)} "
                f"(known: {', '.join(TOP_KEYS)})"
            )
    name = _text(raw, "name", name, fail)
    if problem := name_too_long(name):  # the sweep's default folder is results/<name>/
        fail(problem)
    description = _text(raw, "description", "", fail)
    seed = read_integer(raw, "seed", 0, fail, lo=0, hi=2**63 - 1)
    replicates = read_integer(raw, "replicates", DEFAULT_REPLICATES, fail, lo=1, hi=100_000)
    years = read_integer(raw, "years", None, fail, lo=1, hi=500)
    outcomes = _outcomes(raw.get("outcomes"), fail)
    fields = parameter_fields()
    fixed = _flat(raw.get("set", {}), "set", fail)
    for key in fixed:
        _field(key, fields, "set", fail)
    designs = _designs(raw.get("designs"), base, fixed, years, fail)
    outcomes, outcome_note = _within_run_length(outcomes, designs, fail)
    names = [d.name for d in designs]
    baseline = raw.get("baseline", names[0])
    if baseline not in names:
        fail(
            f"baseline: {baseline!r} is not among the designs{did_you_mean(baseline, names)} "
            f"(designs: {', '.join(names)})"
        )
    set_by_designs = {k for d in designs for k in d.sets}
    varied: list[Varied] = []
    skipped: set[str] = set()
    explicit = {
        k
        for table in ("levers", "uncertainties")
        for k in _flat(raw.get(table, {}), table, fail)
        if not _is_pattern(k)
    }
    for role, table in (("lever", "levers"), ("uncertainty", "uncertainties")):
        for key, spec in _flat(raw.get(table, {}), table, fail).items():
            where = f"{table}.{key}"
            if _is_pattern(key):
                found, held = _expand(
                    key, spec, fields, set(fixed) | explicit, set_by_designs, where, fail
                )
                skipped |= held
                varied += [
                    parse_varied(k, "plausible", role, fields[k], f"{table}.{k}", fail)
                    for k in found
                    if k not in {v.key for v in varied}
                ]
                continue
            f = _field(key, fields, table, fail)
            if key in fixed:
                fail(
                    f"{where}: {key!r} is also fixed in [set]; a parameter is either fixed "
                    "or varied"
                )
            if any(v.key == key for v in varied):
                fail(
                    f"{where}: {key!r} is varied twice (a key is either a lever or an uncertainty)"
                )
            if role == "uncertainty" and key in set_by_designs:
                owners = [d.name for d in designs if key in d.sets]
                fail(
                    f"{where}: {key!r} is set by design {', '.join(owners)}: a design's own "
                    "settings are its levers, not uncertainties; drop it here or from the "
                    "design, or vary it as a lever"
                )
            varied.append(parse_varied(key, spec, role, f, where, fail))
    varied.sort(key=lambda v: v.role != "lever")  # levers first, each group in file order
    policies = None
    if "policies" in raw:
        spec = parse_policies(raw["policies"], seed, outcomes, fail)
        levers = [v for v in varied if v.role == "lever"]
        varied = [v for v in varied if v.role != "lever"]
        designs, policies = expand(designs, levers, spec, seed, fail)
        baseline = next(p for p, d in policies.design_of.items() if d == baseline)
    search = parse_search(raw["search"], outcomes, fail) if "search" in raw else None
    sampler = parse_sampler(raw.get("sampler"), seed, varied, fail)
    return Experiment(
        name=name,
        description=description,
        source=source,
        designs=tuple(designs),
        baseline=baseline,
        varied=tuple(varied),
        fixed=fixed,
        sampler=sampler,
        replicates=replicates,
        seed=seed,
        years=years,
        outcomes=tuple(outcomes),
        skipped=tuple(sorted(skipped)),
        outcome_note=outcome_note,
        policies=policies,
        search=search,
    )


def _text(raw: Mapping, key: str, default: str, fail: Failer) -> str:
    value = raw.get(key, default)
    if not isinstance(value, str) or (key == "name" and not value.strip()):
        fail(f"{key} = {value!r} is not allowed; expected a non-empty string")
    return value


def _outcomes(value: Any, fail: Failer) -> list[str] | None:
    """The outcomes the file lists, each a known name; None when it lists none."""
    if value is None:
        return None
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        fail(f"outcomes = {value!r} is not allowed; expected a non-empty list of outcome names")
    for name in value:
        if name not in OUTCOMES:
            fail(
                f"outcomes: unknown outcome {name!r}{did_you_mean(name, OUTCOMES)} "
                "(docs/outcomes.md lists them)"
            )
    if len(set(value)) != len(value):
        fail("outcomes: an outcome is listed twice")
    return list(value)


def _within_run_length(
    listed: list[str] | None, designs: list[Design], fail: Failer
) -> tuple[list[str], str]:
    """The outcomes to measure, each one the runs of every design can compute.

    ``years`` and ``warmup_years`` are top-level scenario keys, which ``[set]``, levers and
    uncertainties cannot reach, so each design's own run length is the worst case at every
    point.

    Returns:
        The outcomes the file lists (refused if a design's runs are too short for one), or
        when it lists none the key outcomes every design computes; and a note naming the key
        outcomes left out (empty when none was).
    """
    scenarios = [d.scenario for d in designs]
    if listed is None:
        kept, missing = computable(KEY_OUTCOMES, scenarios)
        return kept, left_out_note(missing, "years =") if missing else ""
    missing = shortfall(listed, scenarios)
    if missing is not None:
        fail(
            f"outcomes: {missing.describe()}; set years = {missing.enough} or more, or "
            f"choose outcomes defined in {missing.years}-year runs ({NEEDS_DOC})"
        )
    return listed, ""


def _flat(table: Any, where: str, fail: Failer) -> dict[str, Any]:
    """``group.key`` -> value, whether the file quoted the dotted key or nested it."""
    if not isinstance(table, Mapping):
        fail(f"{where} must be a table like [{where}], got {table!r}")
    flat: dict[str, Any] = {}
    for key, value in table.items():
        if key in GROUPS and isinstance(value, Mapping):
            for sub, inner in value.items():
                flat[f"{key}.{sub}"] = inner
        else:
            flat[key] = value
    return flat


def _field(key: str, fields: Mapping, where: str, fail: Failer):
    if key not in fields:
        fail(
            f"{where}.{key}: unknown scenario key {key!r}{did_you_mean(key, fields)} "
            "(docs/parameters.md lists them)"
        )
    return fields[key]


def _is_pattern(key: str) -> bool:
    return any(c in key for c in "*?[")


def _expand(
    pattern: str,
    spec: Any,
    fields: Mapping,
    taken: set[str],
    set_by_designs: set[str],
    where: str,
    fail: Failer,
) -> tuple[list[str], set[str]]:
    """The keys a pattern selects: those with a plausible range, not set or named elsewhere."""
    if spec != "plausible":
        fail(
            f"{where} = {spec!r} is not allowed; a pattern selects every matching parameter "
            'with a plausible range, so its value must be "plausible"'
        )
    matched = [
        k
        for k, f in fields.items()
        if fnmatch.fnmatchcase(k, pattern) and f.metadata.get("plausible") is not None
    ]
    if not matched:
        fail(f"{where}: the pattern {pattern!r} matches no parameter with a plausible range")
    held = {k for k in matched if k in set_by_designs and k not in taken}
    return [k for k in matched if k not in taken and k not in held], held


def _designs(
    value: Any, base: Path, fixed: dict[str, Any], years: int | None, fail: Failer
) -> list[Design]:
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        fail(
            f"designs = {value!r} is not allowed; expected a list of shipped scenario names, "
            'scenario files (relative to the experiment file) or "*" for every shipped '
            "scenario"
        )
    shipped = {p.stem: p for p in sorted(data.scenarios_dir().glob("*.toml"))}
    paths: list[Path] = []
    for entry in value:
        if entry == "*":  # every shipped design; contexts are not designs
            paths += [p for p in shipped.values() if kind_of(p) == "design"]
        elif entry.endswith(".toml"):
            path = Path(entry) if Path(entry).is_absolute() else base / entry
            if not path.is_file():
                fail(f"designs: {entry!r}: no such scenario file ({path})")
            paths.append(path)
        elif entry in shipped:
            paths.append(shipped[entry])
        else:
            fail(
                f"designs: {entry!r} is not a shipped scenario{did_you_mean(entry, shipped)} "
                f"(shipped: {', '.join(shipped)}; or give a path ending in .toml)"
            )
    designs = []
    for path in paths:
        scenario = load(path)  # a bad scenario file fails here, naming itself
        if scenario.kind == "context":
            fail(
                f"designs: {scenario.name} ({path}) is a context (kind = 'context'), not a "
                "design; give designs here, with the context's settings under [set]"
            )
        overrides = dict(fixed) | ({"years": years} if years is not None else {})
        try:
            scenario = scenario.replace(**overrides) if overrides else scenario
        except ScenarioError as err:
            fail(f"set: {plain(err)} (design {scenario.name})")
        raw = read_toml(path, "scenario file", ScenarioError)
        sets = frozenset(
            f"{g}.{k}" for g, table in raw.items() if isinstance(table, Mapping) for k in table
        )
        designs.append(Design(scenario.name, str(path), scenario, sets))
    names = [d.name for d in designs]
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        fail(f"designs: design names must differ; repeated: {', '.join(repeated)}")
    return designs

"""Experiment files: which designs run, what varies, how it is sampled, what is measured.

An experiment file (TOML, in ``experiments/``) declares a sweep around the pure function
``simulate(scenario, seed)`` (EMA Workbench's split of model and experiment)::

    name = "sweep_example"
    designs = ["baseline", "multi_mentor"]   # shipped scenario names, paths, or "*"
    baseline = "baseline"                    # default: the first design
    replicates = 2                           # per point, on common random numbers
    seed = 1
    years = 12                               # default: each design's own
    outcomes = ["attrition_10y", "burnout_share"]

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
the bad value and what is allowed, with the nearest known name for a misspelt one.
"""

from __future__ import annotations

import fnmatch
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sim import data
from sim.errors import InputError
from sim.experiment.compare import KEY_OUTCOMES
from sim.experiment.sweep.space import DISTRIBUTIONS, Varied
from sim.outcomes import OUTCOMES
from sim.scenario import GROUPS, Scenario, ScenarioError, load, parameter_fields
from sim.scenario.validation import allowed_text, check_value
from sim.suggest import did_you_mean
from sim.tomlfile import read_toml

#: Samplers: a full grid, space-filling designs from scipy.stats.qmc, SALib's designs.
METHODS = ("grid", "lhs", "sobol", "saltelli", "morris")

#: Samplers whose samples feed a sensitivity analysis.
SENSITIVITY_METHODS = ("saltelli", "morris")

TOP_KEYS = ("name", "description", "designs", "baseline", "replicates", "seed", "years",
            "outcomes", "set", "levers", "uncertainties", "sampler")
SAMPLER_KEYS = ("method", "n", "levels", "seed", "scramble", "second_order")

#: Replicates per point unless the file says: two, so that replicate noise can be measured.
DEFAULT_REPLICATES = 2


class ExperimentError(InputError):
    """An experiment file that cannot run as written; nothing was run."""


@dataclass(frozen=True)
class Design:
    """One program design of an experiment.

    Attributes:
        name: The design's name (its scenario's ``name``).
        source: The scenario file it was read from.
        scenario: The scenario with the experiment's fixed settings and years applied.
        sets: The scenario keys its file sets (``group.key``): its own levers.
    """

    name: str
    source: str
    scenario: Scenario
    sets: frozenset[str]


@dataclass(frozen=True)
class Sampler:
    """How points are drawn (see :mod:`sim.experiment.sweep.samplers`)."""

    method: str
    n: int | None
    levels: int | None
    seed: int
    scramble: bool = True
    second_order: bool = False


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

    def design(self, name: str) -> Design:
        """The design of that name."""
        return next(d for d in self.designs if d.name == name)

    def resolved(self) -> dict[str, Any]:
        """The experiment with every default and pattern resolved, as plain JSON values.

        Each design carries the SHA-256 of its resolved scenario, so an edited scenario file
        changes the resolved experiment (and a resume notices); where the files lie does not
        (the manifest records that), so a sweep can be resumed from another folder.
        """
        return {
            "name": self.name,
            "description": self.description,
            "designs": [{"name": d.name, "file": Path(d.source).name,
                         "scenario_sha256": hashlib.sha256(
                             d.scenario.to_toml().encode()).hexdigest()}
                        for d in self.designs],
            "baseline": self.baseline,
            "replicates": self.replicates,
            "seed": self.seed,
            "years": self.years,
            "outcomes": list(self.outcomes),
            "set": dict(self.fixed),
            "varied": [v.resolved() for v in self.varied],
            "skipped": list(self.skipped),
            "sampler": {"method": self.sampler.method, "n": self.sampler.n,
                        "levels": self.sampler.levels, "seed": self.sampler.seed,
                        "scramble": self.sampler.scramble,
                        "second_order": self.sampler.second_order},
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


def from_dict(raw: Mapping[str, Any], *, source: str, base: Path, name: str = "experiment"
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
    fail = _Failer(source)
    for key in raw:
        if key not in TOP_KEYS:
            fail(f"{key}: unknown key {key!r}{did_you_mean(key, TOP_KEYS)} "
                 f"(known: {', '.join(TOP_KEYS)})")
    name = _text(raw, "name", name, fail)
    description = _text(raw, "description", "", fail)
    seed = _integer(raw, "seed", 0, fail, lo=0, hi=2**63 - 1)
    replicates = _integer(raw, "replicates", DEFAULT_REPLICATES, fail, lo=1, hi=100_000)
    years = _integer(raw, "years", None, fail, lo=1, hi=500)
    outcomes = _outcomes(raw.get("outcomes"), fail)
    fields = parameter_fields()
    fixed = _flat(raw.get("set", {}), "set", fail)
    for key in fixed:
        _field(key, fields, "set", fail)
    designs = _designs(raw.get("designs"), base, fixed, years, fail)
    names = [d.name for d in designs]
    baseline = raw.get("baseline", names[0])
    if baseline not in names:
        fail(f"baseline: {baseline!r} is not among the designs{did_you_mean(baseline, names)} "
             f"(designs: {', '.join(names)})")
    set_by_designs = {k for d in designs for k in d.sets}
    varied: list[Varied] = []
    skipped: set[str] = set()
    explicit = {k for table in ("levers", "uncertainties")
                for k in _flat(raw.get(table, {}), table, fail) if not _is_pattern(k)}
    for role, table in (("lever", "levers"), ("uncertainty", "uncertainties")):
        for key, spec in _flat(raw.get(table, {}), table, fail).items():
            where = f"{table}.{key}"
            if _is_pattern(key):
                found, held = _expand(key, spec, fields, set(fixed) | explicit, set_by_designs,
                                      where, fail)
                skipped |= held
                varied += [_varied(k, "plausible", role, fields[k], f"{table}.{k}", fail)
                           for k in found if k not in {v.key for v in varied}]
                continue
            f = _field(key, fields, table, fail)
            if key in fixed:
                fail(f"{where}: {key!r} is also fixed in [set]; a parameter is either fixed "
                     "or varied")
            if any(v.key == key for v in varied):
                fail(f"{where}: {key!r} is varied twice (a key is either a lever or an "
                     "uncertainty)")
            if role == "uncertainty" and key in set_by_designs:
                owners = [d.name for d in designs if key in d.sets]
                fail(f"{where}: {key!r} is set by design {', '.join(owners)}: a design's own "
                     "settings are its levers, not uncertainties; drop it here or from the "
                     "design, or vary it as a lever")
            varied.append(_varied(key, spec, role, f, where, fail))
    varied.sort(key=lambda v: v.role != "lever")  # levers first, each group in file order
    sampler = _sampler(raw.get("sampler"), seed, varied, fail)
    return Experiment(name=name, description=description, source=source,
                      designs=tuple(designs), baseline=baseline, varied=tuple(varied),
                      fixed=fixed, sampler=sampler, replicates=replicates, seed=seed,
                      years=years, outcomes=tuple(outcomes), skipped=tuple(sorted(skipped)))


class _Failer:
    """Raises an ExperimentError whose message starts with the file."""

    def __init__(self, source: str):
        self.source = source

    def __call__(self, message: str):
        raise ExperimentError(f"{self.source}: {message}")


def _text(raw: Mapping, key: str, default: str, fail: _Failer) -> str:
    value = raw.get(key, default)
    if not isinstance(value, str) or (key == "name" and not value.strip()):
        fail(f"{key} = {value!r} is not allowed; expected a non-empty string")
    return value


def _integer(raw: Mapping, key: str, default: int | None, fail: _Failer, *, lo: int, hi: int
             ) -> int | None:
    value = raw.get(key, default)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
        fail(f"{key} = {value!r} is not allowed; expected an integer in [{lo}, {hi}]")
    return value


def _outcomes(value: Any, fail: _Failer) -> list[str]:
    if value is None:
        return list(KEY_OUTCOMES)
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        fail(f"outcomes = {value!r} is not allowed; expected a non-empty list of outcome names")
    for name in value:
        if name not in OUTCOMES:
            fail(f"outcomes: unknown outcome {name!r}{did_you_mean(name, OUTCOMES)} "
                 "(docs/outcomes.md lists them)")
    if len(set(value)) != len(value):
        fail("outcomes: an outcome is listed twice")
    return list(value)


def _flat(table: Any, where: str, fail: _Failer) -> dict[str, Any]:
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


def _field(key: str, fields: Mapping, where: str, fail: _Failer):
    if key not in fields:
        fail(f"{where}.{key}: unknown scenario key {key!r}{did_you_mean(key, fields)} "
             "(docs/parameters.md lists them)")
    return fields[key]


def _is_pattern(key: str) -> bool:
    return any(c in key for c in "*?[")


def _expand(pattern: str, spec: Any, fields: Mapping, taken: set[str],
            set_by_designs: set[str], where: str, fail: _Failer) -> tuple[list[str], set[str]]:
    """The keys a pattern selects: those with a plausible range, not set or named elsewhere."""
    if spec != "plausible":
        fail(f"{where} = {spec!r} is not allowed; a pattern selects every matching parameter "
             "with a plausible range, so its value must be \"plausible\"")
    matched = [k for k, f in fields.items()
               if fnmatch.fnmatchcase(k, pattern) and f.metadata.get("plausible") is not None]
    if not matched:
        fail(f"{where}: the pattern {pattern!r} matches no parameter with a plausible range")
    held = {k for k in matched if k in set_by_designs and k not in taken}
    return [k for k in matched if k not in taken and k not in held], held


def _designs(value: Any, base: Path, fixed: dict[str, Any], years: int | None,
             fail: _Failer) -> list[Design]:
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        fail(f"designs = {value!r} is not allowed; expected a list of shipped scenario names, "
             "scenario files (relative to the experiment file) or \"*\" for every shipped "
             "scenario")
    shipped = {p.stem: p for p in sorted(data.scenarios_dir().glob("*.toml"))}
    paths: list[Path] = []
    for entry in value:
        if entry == "*":
            paths += list(shipped.values())
        elif entry.endswith(".toml"):
            path = Path(entry) if Path(entry).is_absolute() else base / entry
            if not path.is_file():
                fail(f"designs: {entry!r}: no such scenario file ({path})")
            paths.append(path)
        elif entry in shipped:
            paths.append(shipped[entry])
        else:
            fail(f"designs: {entry!r} is not a shipped scenario{did_you_mean(entry, shipped)} "
                 f"(shipped: {', '.join(shipped)}; or give a path ending in .toml)")
    designs = []
    for path in paths:
        scenario = load(path)  # a bad scenario file fails here, naming itself
        overrides = dict(fixed) | ({"years": years} if years is not None else {})
        try:
            scenario = scenario.replace(**overrides) if overrides else scenario
        except ScenarioError as err:
            fail(f"set: {_plain(err)} (design {scenario.name})")
        raw = read_toml(path, "scenario file", ScenarioError)
        sets = frozenset(f"{g}.{k}" for g, table in raw.items() if isinstance(table, Mapping)
                         for k in table)
        designs.append(Design(scenario.name, str(path), scenario, sets))
    names = [d.name for d in designs]
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        fail(f"designs: design names must differ; repeated: {', '.join(repeated)}")
    return designs


def _plain(err: ScenarioError) -> str:
    """A scenario error's message without the ``override:`` source it carries."""
    return str(err).removeprefix("override: ")


def _check(value: Any, f, key: str, where: str, fail: _Failer) -> Any:
    try:
        return check_value(value, f, source="", path=key)
    except ScenarioError as err:
        fail(f"{where}: {str(err).removeprefix(': ')}")


def _numeric(f) -> bool:
    return type(f.default) in (int, float)


def _varied(key: str, spec: Any, role: str, f, where: str, fail: _Failer) -> Varied:
    """One varied parameter from its spec, checked against the schema's bounds."""
    integer = type(f.default) is int
    shapes = ('a range [lo, hi], a list of values (three or more, or {values = [...]}), a '
              'distribution {dist = "uniform" | "loguniform" | "triangular" | "normal", ...} '
              'or "plausible"')
    if spec == "plausible":
        plausible = f.metadata.get("plausible")
        if plausible is None:
            fail(f"{where} = \"plausible\": {key} has no plausible range in the schema "
                 f"(design levers and well-pinned figures have none); give {shapes}")
        lo, hi = plausible
        return Varied(key, role, "range", integer, lo, hi, origin="plausible")
    if isinstance(spec, list) and len(spec) == 2 and _numeric(f) and all(
            isinstance(v, int | float) and not isinstance(v, bool) for v in spec):
        lo, hi = (_check(v, f, key, where, fail) for v in spec)
        if not lo < hi:
            fail(f"{where} = {spec!r}: a range needs lo < hi (fix a single value in [set], or "
                 "list values with {values = [...]})")
        return Varied(key, role, "range", integer, lo, hi, origin="range")
    if isinstance(spec, Mapping) and "values" in spec:
        extra = [k for k in spec if k != "values"]
        if extra:
            fail(f"{where}: unknown key {extra[0]!r} beside values")
        spec = spec["values"]
        if not isinstance(spec, list):
            fail(f"{where}: values = {spec!r} is not allowed; expected a list")
    if isinstance(spec, list):
        if len(spec) < 2:
            fail(f"{where} = {spec!r}: a list needs at least two values (fix one value in "
                 "[set])")
        values = tuple(_check(v, f, key, where, fail) for v in spec)
        if len(set(values)) != len(values):
            fail(f"{where} = {spec!r}: a value is listed twice")
        return Varied(key, role, "values", integer, values=values, origin="list")
    if isinstance(spec, Mapping) and "dist" in spec:
        return _distribution(key, spec, role, f, where, fail)
    fail(f"{where} = {spec!r} is not allowed; expected {shapes}")
    raise AssertionError  # unreachable: fail raises


def _distribution(key: str, spec: Mapping, role: str, f, where: str, fail: _Failer) -> Varied:
    name = spec["dist"]
    if name not in DISTRIBUTIONS:
        fail(f"{where}: dist = {name!r} is not allowed{did_you_mean(str(name), DISTRIBUTIONS)} "
             f"(known: {', '.join(DISTRIBUTIONS)})")
    if not _numeric(f):
        fail(f"{where}: {key} is {allowed_text(f)}; a distribution needs a number; list the "
             "values instead")
    needed = DISTRIBUTIONS[name]
    for k in spec:
        if k != "dist" and k not in needed:
            fail(f"{where}: unknown key {k!r} for dist {name!r}{did_you_mean(k, needed)} "
                 f"(it takes {', '.join(needed)})")
    params = dict(spec)
    if name == "normal":  # truncated to the schema's bounds unless narrower ones are given
        for end, bound in (("lo", f.metadata.get("lo")), ("hi", f.metadata.get("hi"))):
            if end not in params:
                if bound is None:
                    fail(f"{where}: {key} has no {'lower' if end == 'lo' else 'upper'} bound "
                         f"in the schema; give {end} to truncate the normal distribution")
                params[end] = bound
    for k in needed:
        if k not in params:
            fail(f"{where}: dist {name!r} needs {', '.join(needed)}; {k} is missing")
        v = params[k]
        if isinstance(v, bool) or not isinstance(v, int | float):
            fail(f"{where}: {k} = {v!r} is not allowed; expected a number")
    lo, hi = (float(_check(params[k], f, key, f"{where}.{k}", fail)) for k in ("lo", "hi"))
    if not lo < hi:
        fail(f"{where}: needs lo < hi, got lo = {lo:g}, hi = {hi:g}")
    if name == "loguniform" and lo <= 0:
        fail(f"{where}: a loguniform distribution needs lo > 0, got {lo:g}")
    if name == "triangular" and not lo <= params["mode"] <= hi:
        fail(f"{where}: mode = {params['mode']!r} must lie in [lo, hi] = [{lo:g}, {hi:g}]")
    if name == "normal" and not params["sd"] > 0:
        fail(f"{where}: sd = {params['sd']!r} is not allowed; expected a number > 0")
    params["lo"], params["hi"] = lo, hi
    return Varied(key, role, "dist", type(f.default) is int, lo, hi, dist=params, origin=name)


def _is_power_of_two(n: int) -> bool:
    return n >= 2 and n & (n - 1) == 0


def _sampler(spec: Any, seed: int, varied: list[Varied], fail: _Failer) -> Sampler:
    if spec is None:
        spec = {"method": "grid"}
    if not isinstance(spec, Mapping):
        fail(f"sampler must be a table like [sampler], got {spec!r}")
    for key in spec:
        if key not in SAMPLER_KEYS:
            fail(f"sampler.{key}: unknown key {key!r}{did_you_mean(key, SAMPLER_KEYS)} "
                 f"(known: {', '.join(SAMPLER_KEYS)})")
    method = spec.get("method", "grid")
    if method not in METHODS:
        fail(f"sampler.method = {method!r} is not allowed{did_you_mean(str(method), METHODS)} "
             f"(known: {', '.join(METHODS)})")
    n = _integer(spec, "n", None, _Prefixed(fail, "sampler."), lo=1, hi=10_000_000)
    levels = _integer(spec, "levels", None, _Prefixed(fail, "sampler."), lo=2, hi=1000)
    sampler_seed = _integer(spec, "seed", seed, _Prefixed(fail, "sampler."), lo=0,
                            hi=2**63 - 1)
    for flag in ("scramble", "second_order"):
        if flag in spec and not isinstance(spec[flag], bool):
            fail(f"sampler.{flag} = {spec[flag]!r} is not allowed; expected true or false")
    if method == "grid":
        if n is not None:
            fail("sampler.n: a grid takes no n; its size is the product of each parameter's "
                 "values (sampler.levels steps for a range, default 3)")
        levels = 3 if levels is None else levels
    else:
        if not varied:
            fail(f"sampler.method = {method!r} needs at least one parameter in [levers] or "
                 "[uncertainties]")
        if n is None:
            fail(f"sampler.n is missing; {method!r} needs a sample size")
        if method in ("sobol", "saltelli") and not _is_power_of_two(n):
            below = 1 << max(n.bit_length() - 1, 1)
            fail(f"sampler.n = {n} is not allowed for {method!r}: Sobol' sequences keep their "
                 f"balance only at powers of two; use {below} or {below * 2}")
        if method == "lhs" and n < 2:
            fail("sampler.n = 1 is not allowed for 'lhs'; expected an integer >= 2")
        if method == "morris":
            if n < 2:
                fail("sampler.n = 1 is not allowed for 'morris' (trajectories); expected an "
                     "integer >= 2")
            levels = 4 if levels is None else levels
            if levels % 2:
                fail(f"sampler.levels = {levels} is not allowed for 'morris'; expected an even "
                     "number (the step is levels / (2 (levels - 1)) of the range)")
        elif levels is not None:
            fail(f"sampler.levels: {method!r} takes no levels (only 'grid' and 'morris' do)")
    if "second_order" in spec and method != "saltelli":
        fail(f"sampler.second_order: only 'saltelli' takes it, not {method!r}")
    if "scramble" in spec and method not in ("sobol", "saltelli"):
        fail(f"sampler.scramble: only 'sobol' and 'saltelli' take it, not {method!r}")
    return Sampler(method, n, levels, sampler_seed, spec.get("scramble", True),
                   spec.get("second_order", False))


class _Prefixed:
    """A failer that puts a key prefix before the message (``sampler.n = ...``)."""

    def __init__(self, fail: _Failer, prefix: str):
        self.fail, self.prefix = fail, prefix

    def __call__(self, message: str):
        self.fail(self.prefix + message)

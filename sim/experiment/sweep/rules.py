"""The rules an experiment file's parts must follow: varied parameters and the sampler.

Each function checks one part of the file against the scenario schema (bounds, choices,
plausible ranges) or the sampler's size rules, and fails through a :class:`Failer` that names
the file, so every refusal reads ``FILE: KEY = VALUE is not allowed; expected ...``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, NoReturn, overload

from sim.errors import InputError
from sim.experiment.sweep.space import DISTRIBUTIONS, Varied
from sim.scenario import ScenarioError
from sim.scenario.validation import allowed_text, check_value
from sim.suggest import did_you_mean

#: Samplers: a full grid, space-filling designs from scipy.stats.qmc, SALib's designs.
METHODS = ("grid", "lhs", "sobol", "saltelli", "morris")

#: Samplers whose samples feed a sensitivity analysis.
SENSITIVITY_METHODS = ("saltelli", "morris")

SAMPLER_KEYS = ("method", "n", "levels", "seed", "scramble", "second_order")


class ExperimentError(InputError):
    """An experiment file that cannot run as written; nothing was run."""


@dataclass(frozen=True)
class Sampler:
    """How points are drawn (see :mod:`sim.experiment.sweep.samplers`)."""

    method: str
    n: int | None
    levels: int | None
    seed: int
    scramble: bool = True
    second_order: bool = False


class Failer:
    """Raises an ExperimentError whose message starts with the file."""

    def __init__(self, source: str):
        self.source = source

    def __call__(self, message: str) -> NoReturn:
        """Raise the error: ``SOURCE: MESSAGE``."""
        raise ExperimentError(f"{self.source}: {message}")


@overload
def read_integer(
    raw: Mapping, key: str, default: int, fail: Callable[[str], NoReturn], *, lo: int, hi: int
) -> int: ...


@overload
def read_integer(
    raw: Mapping, key: str, default: None, fail: Callable[[str], NoReturn], *, lo: int, hi: int
) -> int | None: ...


def read_integer(
    raw: Mapping,
    key: str,
    default: int | None,
    fail: Callable[[str], NoReturn],
    *,
    lo: int,
    hi: int,
) -> int | None:
    """An integer setting in [lo, hi], or its default when absent."""
    value = raw.get(key, default)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
        fail(f"{key} = {value!r} is not allowed; expected an integer in [{lo}, {hi}]")
    return value


def _check(value: Any, f, key: str, where: str, fail: Failer) -> Any:
    try:
        return check_value(value, f, source="", path=key)
    except ScenarioError as err:
        fail(f"{where}: {str(err).removeprefix(': ')}")


def _numeric(f) -> bool:
    return type(f.default) in (int, float)


def parse_varied(key: str, spec: Any, role: str, f, where: str, fail: Failer) -> Varied:
    """One varied parameter from its spec, checked against the schema's bounds."""
    integer = type(f.default) is int
    shapes = (
        "a range [lo, hi], a list of values (three or more, or {values = [...]}), a "
        'distribution {dist = "uniform" | "loguniform" | "triangular" | "normal", ...} '
        'or "plausible"'
    )
    if spec == "plausible":
        plausible = f.metadata.get("plausible")
        if plausible is None:
            fail(
                f'{where} = "plausible": {key} has no plausible range in the schema '
                f"(design levers and well-pinned figures have none); give {shapes}"
            )
        lo, hi = plausible
        return Varied(key, role, "range", integer, lo, hi, origin="plausible")
    if (
        isinstance(spec, list)
        and len(spec) == 2
        and _numeric(f)
        and all(isinstance(v, int | float) and not isinstance(v, bool) for v in spec)
    ):
        lo, hi = (_check(v, f, key, where, fail) for v in spec)
        if not lo < hi:
            fail(
                f"{where} = {spec!r}: a range needs lo < hi (fix a single value in [set], or "
                "list values with {values = [...]})"
            )
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
            fail(f"{where} = {spec!r}: a list needs at least two values (fix one value in [set])")
        values = tuple(_check(v, f, key, where, fail) for v in spec)
        if len(set(values)) != len(values):
            fail(f"{where} = {spec!r}: a value is listed twice")
        return Varied(key, role, "values", integer, values=values, origin="list")
    if isinstance(spec, Mapping) and "dist" in spec:
        return _distribution(key, spec, role, f, where, fail)
    fail(f"{where} = {spec!r} is not allowed; expected {shapes}")
    raise AssertionError  # unreachable: fail raises


def _distribution(key: str, spec: Mapping, role: str, f, where: str, fail: Failer) -> Varied:
    name = spec["dist"]
    if name not in DISTRIBUTIONS:
        fail(
            f"{where}: dist = {name!r} is not allowed{did_you_mean(str(name), DISTRIBUTIONS)} "
            f"(known: {', '.join(DISTRIBUTIONS)})"
        )
    if not _numeric(f):
        fail(
            f"{where}: {key} is {allowed_text(f)}; a distribution needs a number; list the "
            "values instead"
        )
    needed = DISTRIBUTIONS[name]
    for k in spec:
        if k != "dist" and k not in needed:
            fail(
                f"{where}: unknown key {k!r} for dist {name!r}{did_you_mean(k, needed)} "
                f"(it takes {', '.join(needed)})"
            )
    params = dict(spec)
    if name == "normal":  # truncated to the schema's bounds unless narrower ones are given
        for end, bound in (("lo", f.metadata.get("lo")), ("hi", f.metadata.get("hi"))):
            if end not in params:
                if bound is None:
                    fail(
                        f"{where}: {key} has no {'lower' if end == 'lo' else 'upper'} bound "
                        f"in the schema; give {end} to truncate the normal distribution"
                    )
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


def parse_sampler(spec: Any, seed: int, varied: list[Varied], fail: Failer) -> Sampler:
    """The ``[sampler]`` table, checked against each method's size rules."""
    if spec is None:
        spec = {"method": "grid"}
    if not isinstance(spec, Mapping):
        fail(f"sampler must be a table like [sampler], got {spec!r}")
    for key in spec:
        if key not in SAMPLER_KEYS:
            fail(
                f"sampler.{key}: unknown key {key!r}{did_you_mean(key, SAMPLER_KEYS)} "
                f"(known: {', '.join(SAMPLER_KEYS)})"
            )
    method = spec.get("method", "grid")
    if method not in METHODS:
        fail(
            f"sampler.method = {method!r} is not allowed{did_you_mean(str(method), METHODS)} "
            f"(known: {', '.join(METHODS)})"
        )
    n = read_integer(spec, "n", None, _Prefixed(fail, "sampler."), lo=1, hi=10_000_000)
    levels = read_integer(spec, "levels", None, _Prefixed(fail, "sampler."), lo=2, hi=1000)
    sampler_seed = read_integer(spec, "seed", seed, _Prefixed(fail, "sampler."), lo=0, hi=2**63 - 1)
    for flag in ("scramble", "second_order"):
        if flag in spec and not isinstance(spec[flag], bool):
            fail(f"sampler.{flag} = {spec[flag]!r} is not allowed; expected true or false")
    if method == "grid":
        if n is not None:
            fail(
                "sampler.n: a grid takes no n; its size is the product of each parameter's "
                "values (sampler.levels steps for a range, default 3)"
            )
        levels = 3 if levels is None else levels
    else:
        if not varied:
            fail(
                f"sampler.method = {method!r} needs at least one parameter in [levers] or "
                "[uncertainties]"
            )
        if n is None:
            fail(f"sampler.n is missing; {method!r} needs a sample size")
        if method in ("sobol", "saltelli") and not _is_power_of_two(n):
            below = 1 << max(n.bit_length() - 1, 1)
            fail(
                f"sampler.n = {n} is not allowed for {method!r}: Sobol' sequences keep their "
                f"balance only at powers of two; use {below} or {below * 2}"
            )
        if method == "lhs" and n < 2:
            fail("sampler.n = 1 is not allowed for 'lhs'; expected an integer >= 2")
        if method == "morris":
            if n < 2:
                fail(
                    "sampler.n = 1 is not allowed for 'morris' (trajectories); expected an "
                    "integer >= 2"
                )
            levels = 4 if levels is None else levels
            if levels % 2:
                fail(
                    f"sampler.levels = {levels} is not allowed for 'morris'; expected an even "
                    "number (the step is levels / (2 (levels - 1)) of the range)"
                )
        elif levels is not None:
            fail(f"sampler.levels: {method!r} takes no levels (only 'grid' and 'morris' do)")
    if "second_order" in spec and method != "saltelli":
        fail(f"sampler.second_order: only 'saltelli' takes it, not {method!r}")
    if "scramble" in spec and method not in ("sobol", "saltelli"):
        fail(f"sampler.scramble: only 'sobol' and 'saltelli' take it, not {method!r}")
    return Sampler(
        method, n, levels, sampler_seed, spec.get("scramble", True), spec.get("second_order", False)
    )


class _Prefixed:
    """A failer that puts a key prefix before the message (``sampler.n = ...``)."""

    def __init__(self, fail: Failer, prefix: str):
        self.fail, self.prefix = fail, prefix

    def __call__(self, message: str) -> NoReturn:
        self.fail(self.prefix + message)


def plain(err: ScenarioError) -> str:
    """A scenario error's message without the ``override:`` source it carries."""
    return str(err).removeprefix("override: ")

"""The validation engine: declare a parameter with its allowed values, and check values.

A parameter is a dataclass field made by :func:`param`, whose metadata holds its bounds or
choices, its meaning and its source. :func:`check_table` builds a parameter group from one
table of a scenario file, refusing an unknown key (with the nearest known one) or a bad value
(with what is allowed), always naming the file and the key path.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import field, fields
from typing import Any, NoReturn

from sim.errors import InputError
from sim.suggest import did_you_mean


class ScenarioError(InputError):
    """A scenario file or override that fails validation.

    The message names the file, the key path, the bad value and what is allowed.
    """


def param(
    default: Any,
    *,
    lo=None,
    hi=None,
    choices=None,
    doc: str = "",
    source: str = "",
    plausible: tuple[float, float] | None = None,
):
    """Declare a scenario parameter with its allowed values, meaning and source.

    Args:
        default: The default value; its type is the parameter's type.
        lo: Inclusive lower bound for numbers, or None.
        hi: Inclusive upper bound for numbers, or None.
        choices: Allowed values for strings, or None.
        doc: One line saying what the parameter means, with its unit.
        source: Where the default comes from.
        plausible: For a number the evidence does not pin down, the range its true value
            plausibly lies in (inside ``lo``-``hi``): what sensitivity and robustness
            analyses sample. None where the parameter is a design lever or well pinned.

    Returns:
        A dataclass field carrying the metadata.
    """
    if plausible is not None:
        low, high = plausible
        if (
            not (low <= default <= high)
            or (lo is not None and low < lo)
            or (hi is not None and high > hi)
        ):
            raise ValueError(
                f"plausible range {plausible} must hold the default {default} "
                f"and lie within [{lo}, {hi}]"
            )
    meta = {
        "lo": lo,
        "hi": hi,
        "choices": choices,
        "doc": doc,
        "source": source,
        "plausible": plausible,
    }
    return field(default=default, metadata=meta)


def unknown_key(key: str, known: list[str], *, source: str, path: str) -> NoReturn:
    """Refuse an unknown key, suggesting the nearest known one (else listing them all)."""
    hint = did_you_mean(key, known, fallback=f"; known keys: {', '.join(known)}")
    raise ScenarioError(f"{source}: {path}: unknown key '{key}'{hint}")


def allowed_text(f: dataclasses.Field) -> str:
    """What a parameter allows, in words (``an integer in [1, 50]``, ``one of 'a', 'b'``)."""
    meta = f.metadata
    kind = type(f.default).__name__
    if meta.get("choices"):
        return "one of " + ", ".join(repr(c) for c in meta["choices"])
    if kind == "bool":
        return "true or false"
    lo, hi = meta.get("lo"), meta.get("hi")
    word = "an integer" if kind == "int" else "a number"
    if lo is not None and hi is not None:
        return f"{word} in [{lo}, {hi}]"
    if lo is not None:
        return f"{word} >= {lo}"
    return word


def check_value(value: Any, f: dataclasses.Field, *, source: str, path: str) -> Any:
    """Check one parameter value against its field's type, bounds and choices.

    Args:
        value: The value read from the file or override.
        f: The parameter's field (made by :func:`param`).
        source: What the value came from, for the message.
        path: The key path (``group.key``), for the message.

    Returns:
        The value, converted to the parameter's type (an integral float for an int).

    Raises:
        ScenarioError: naming the source, key path, bad value and what is allowed.
    """
    expected = type(f.default)
    meta = f.metadata
    bad = ScenarioError(f"{source}: {path} = {value!r} is not allowed; expected {allowed_text(f)}")
    if expected is bool:
        if not isinstance(value, bool):
            raise bad
        return value
    if expected in (int, float):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise bad
        if expected is int and not float(value).is_integer():
            raise bad
        value = int(value) if expected is int else float(value)
        if value != value:  # NaN
            raise bad
        if meta.get("lo") is not None and value < meta["lo"]:
            raise bad
        if meta.get("hi") is not None and value > meta["hi"]:
            raise bad
        return value
    if expected is str:
        if not isinstance(value, str):
            raise bad
        if meta.get("choices") and value not in meta["choices"]:
            raise bad
        return value
    raise TypeError(f"unsupported parameter type {expected}")  # pragma: no cover


def check_table(cls: type, values: Mapping[str, Any], *, source: str, prefix: str) -> Any:
    """Build a parameter group from one table, checking every key and value.

    Args:
        cls: The group's dataclass (its fields made by :func:`param`).
        values: The table's keys and values; missing keys take their defaults.
        source: What the table came from, for messages.
        prefix: The table's name, the first part of each key path.

    Returns:
        The frozen group instance.
    """
    by_name = {f.name: f for f in fields(cls)}
    checked = {}
    for key, value in values.items():
        path = f"{prefix}.{key}"
        if key not in by_name:
            unknown_key(key, list(by_name), source=source, path=path)
        checked[key] = check_value(value, by_name[key], source=source, path=path)
    return cls(**checked)

"""What each compared design is: its description and the parameters it changes.

A comparison report opens with this table, so a reader knows what ``trained_mentors`` means
before reading what it did. It is built from the resolved scenarios the comparison wrote
(``scenarios/NAME.toml``, every parameter with defaults filled in), so "differs" is exact:
every parameter whose value is not the baseline's, whether the file set it or not.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

# Top-level keys that name or describe a design rather than set a parameter.
_NOT_PARAMETERS = ("name", "description")


def read_scenarios(folder: Path, designs: Sequence[str]) -> dict[str, dict[str, Any] | None]:
    """Each design's resolved scenario as a dict (None where the file is missing)."""
    found: dict[str, dict[str, Any] | None] = {}
    for design in designs:
        path = Path(folder) / f"{design}.toml"
        found[design] = tomllib.loads(path.read_text(encoding="utf-8")) if path.exists() else None
    return found


def flat_parameters(scenario: Mapping[str, Any]) -> dict[str, Any]:
    """``group.key -> value`` for every parameter (top-level keys as they are)."""
    flat: dict[str, Any] = {}
    for key, value in scenario.items():
        if key in _NOT_PARAMETERS:
            continue
        if isinstance(value, Mapping):
            for name, inner in value.items():
                flat[f"{key}.{name}"] = inner
        else:
            flat[key] = value
    return flat


def differences(
    scenario: Mapping[str, Any], baseline: Mapping[str, Any]
) -> list[tuple[str, Any, Any]]:
    """(parameter, value, baseline value) for every parameter that differs, in file order."""
    mine, theirs = flat_parameters(scenario), flat_parameters(baseline)
    missing = object()
    out = []
    for key in dict.fromkeys([*mine, *theirs]):
        value, base = mine.get(key, missing), theirs.get(key, missing)
        if value != base:
            out.append(
                (key, None if value is missing else value, None if base is missing else base)
            )
    return out


def show(value: Any) -> str:
    """A parameter value as it reads in TOML (``true``, ``"compatibility"``, ``2.0``)."""
    if value is None:
        return "(not set)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, list):
        return "[" + ", ".join(show(v) for v in value) + "]"
    return str(value)


def design_rows(
    scenarios: Mapping[str, Mapping[str, Any] | None], baseline: str
) -> list[tuple[str, str, list[str]]]:
    """(design, description, changes) per design, the baseline first.

    Each change reads ``program.formal = true (baseline: false)``; the baseline's own row
    says it is the reference.
    """
    base = scenarios.get(baseline) or {}
    rows = []
    seen: dict[str, str] = {}  # parameters (as text) -> the first design that has them
    for design, scenario in scenarios.items():
        if scenario is None:
            rows.append((design, "", ["(resolved scenario missing from the results)"]))
            continue
        description = str(scenario.get("description", ""))
        # Two files can resolve to the same design (a key set to its default); say so, or
        # the reader looks for a difference the results cannot show.
        same = seen.setdefault(repr(sorted(flat_parameters(scenario).items())), design)
        twin = (
            [f"every parameter is the same as {same}'s: the results are identical"]
            if same != design
            else []
        )
        if design == baseline:
            rows.append(
                (design, description, ["the reference every other design is compared with", *twin])
            )
            continue
        changes = [
            f"{key} = {show(value)} ({baseline}: {show(was)})"
            for key, value, was in differences(scenario, base)
        ]
        rows.append((design, description, (changes or ["no parameter differs"]) + twin))
    return rows

"""Finding scenarios by name, and running a design in a context.

A scenario file is a program **design** (``kind = "design"``, the default: the levers of a
program) or a **context** (``kind = "context"``: the institution and its people, such as
mentor supply, size and culture, with no [program] table). A design runs in the schema's
default institution unless a context is given: then the context's settings are applied first
and the design's own settings over them, so a design keeps every lever it sets.

Commands take a scenario as a file path or as the name of a shipped scenario
(``mentorsim run coaching``).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sim import data
from sim.scenario.schema import Scenario, from_dict, load
from sim.scenario.validation import ScenarioError
from sim.suggest import did_you_mean
from sim.tomlfile import read_toml


def shipped() -> dict[str, Path]:
    """The shipped scenario files by name (file stem), sorted."""
    return {p.stem: p for p in sorted(data.scenarios_dir().glob("*.toml"))}


def locate(text: str | Path) -> Path:
    """The file a scenario argument names: a path as given, else a shipped scenario's file.

    Args:
        text: A path (``scenarios/coaching.toml``) or a shipped name (``coaching``).

    Returns:
        The path; a path that does not exist is returned as given when it looks like a path
        (it ends in ``.toml`` or names a folder), so loading it says "no such file".

    Raises:
        ScenarioError: for a bare name that is neither a file nor a shipped scenario.
    """
    path = Path(text)
    if path.exists() or path.suffix == ".toml" or len(path.parts) > 1:
        return path
    found = shipped()
    if str(text) in found:
        return found[str(text)]
    raise ScenarioError(
        f"{text}: no such file and no shipped scenario of that name"
        f"{did_you_mean(str(text), found)} (shipped: {', '.join(found)})"
    )


def kind_of(path: Path) -> str:
    """The ``kind`` a scenario file declares (``design`` when it declares none)."""
    raw = read_toml(path, "scenario file", ScenarioError)
    kind = raw.get("kind", "design")
    return kind if isinstance(kind, str) else "design"


def load_design(text: str | Path, context: str | Path | None = None) -> Scenario:
    """Load a design by path or shipped name, in a context when one is given.

    Args:
        text: The design (a path or a shipped name).
        context: The context (a path or a shipped name), or None for the schema's defaults.

    Returns:
        The validated scenario; its name is the design's.

    Raises:
        ScenarioError: for a missing or invalid file, a context given as the design or a
            design given as the context, naming the file and the way to give it.
    """
    path = locate(text)
    design = load(path)
    if design.kind == "context":
        raise ScenarioError(
            f"{path}: {design.name} is a context (kind = 'context'), not a design; run a "
            f"design in it with --context {design.name}"
        )
    if context is None:
        return design
    return in_context(path, locate(context))


def in_context(design_path: Path, context_path: Path) -> Scenario:
    """A design's settings applied over a context's.

    Args:
        design_path: The design file.
        context_path: The context file.

    Returns:
        The validated scenario, named after the design, its description saying the context.

    Raises:
        ScenarioError: when the context file declares another kind, or the merge is invalid.
    """
    context = load(context_path)
    if context.kind != "context":
        raise ScenarioError(
            f"{context_path}: --context {context.name}: this is a design (kind = "
            f"'{context.kind}'), not a context; give a file with kind = 'context' "
            f"(shipped contexts: {', '.join(shipped_contexts()) or 'none'})"
        )
    design_raw = read_toml(design_path, "scenario file", ScenarioError)
    context_raw = read_toml(context_path, "scenario file", ScenarioError)
    merged = merge(
        {k: v for k, v in context_raw.items() if isinstance(v, Mapping)},
        dict(design_raw),
    )
    merged.setdefault("name", design_path.stem)
    merged["kind"] = "design"
    merged["description"] = (
        f"{design_raw.get('description', merged['name'])} In context {context.name}: "
        f"{context.description}"
    ).strip()
    return from_dict(merged, source=f"{design_path} in context {context_path}")


def merge(base: Mapping[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    """``over``'s keys on top of ``base``'s, table by table (a copy; neither changes)."""
    out: dict[str, Any] = {k: dict(v) if isinstance(v, Mapping) else v for k, v in base.items()}
    for key, value in over.items():
        if isinstance(value, Mapping) and isinstance(out.get(key), dict):
            out[key] = {**out[key], **value}
        else:
            out[key] = value
    return out


def shipped_contexts() -> list[str]:
    """The names of the shipped contexts."""
    return [name for name, path in shipped().items() if kind_of(path) == "context"]


def shipped_designs() -> list[str]:
    """The names of the shipped designs."""
    return [name for name, path in shipped().items() if kind_of(path) == "design"]

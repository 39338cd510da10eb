"""Presets: the program designs in the project's ``scenarios/`` folder, with their descriptions.

Every ``*.toml`` there is loaded and validated by ``sim.scenario.load``; a file that fails is
listed with its error instead of breaking the page. The folder is the repository's (the app is
run from a checkout), or the one named by ``MENTORSIM_SCENARIOS``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from sim.scenario import Scenario, ScenarioError, default, load

#: The first preset the page opens on.
DEFAULT_PRESET = "baseline"


@dataclass(frozen=True)
class Preset:
    """One scenario file offered in the drop-down.

    Attributes:
        name: The scenario's name (the drop-down entry).
        description: Its one-line description.
        design: The loaded scenario.
        path: The file, or None for the built-in defaults.
    """

    name: str
    description: str
    design: Scenario
    path: Path | None


def scenarios_dir() -> Path:
    """Return the folder the presets come from."""
    env = os.environ.get("MENTORSIM_SCENARIOS")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[2] / "scenarios"


def load_presets(folder: Path | None = None) -> tuple[list[Preset], list[str]]:
    """Load every scenario file in the folder.

    Args:
        folder: Where to look (default :func:`scenarios_dir`).

    Returns:
        The presets sorted with the default first, then by name, and one message per file that
        failed validation. With no valid file, the schema defaults are the only preset.
    """
    folder = folder or scenarios_dir()
    presets, errors = [], []
    for path in sorted(folder.glob("*.toml")):
        try:
            design = load(path)
        except ScenarioError as err:
            errors.append(str(err))
            continue
        presets.append(Preset(design.name, design.description, design, path))
    if not presets:
        design = default()
        presets.append(
            Preset(design.name, "Schema defaults (no scenario files found).", design, None)
        )
    presets.sort(key=lambda p: (p.name != DEFAULT_PRESET, p.name))
    return presets, errors

"""Presets: the program designs in the project's ``scenarios/`` folder, with their descriptions.

Every ``*.toml`` there is loaded and validated by ``sim.scenario.load``; a file that fails is
listed with its error instead of breaking the page. The folder is the repository's (the app is
run from a checkout), or the one named by ``MENTORSIM_SCENARIOS``.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from sim.scenario import Scenario, ScenarioError, default, load

#: The first preset the page opens on.
DEFAULT_PRESET = "baseline"

#: How the drop-down groups and names the presets: contexts (the institution and its people,
#: with no program or the simplest one) and designs (what a program does), each with a name a
#: room reads. The one place that knows this. The app calls the no-program baseline and the
#: research-intensive institution contexts, where the scenario files' ``kind`` calls them
#: designs: for a room they are the institution a program is added to.
CONTEXTS = "Institutions (contexts)"
DESIGNS = "Program designs"
HUMAN: dict[str, tuple[str, str]] = {
    "baseline": (CONTEXTS, "No program: juniors find their own mentors"),
    "scarce_mentors": (CONTEXTS, "Few senior faculty willing to mentor"),
    "research_career": (CONTEXTS, "A research-intensive institution"),
    "program_launch": (CONTEXTS, "A program that starts in year 10"),
    "single_mentor": (DESIGNS, "One mentor each, matched for fit"),
    "multi_mentor": (DESIGNS, "A committee of three mentors each"),
    "protected_time": (DESIGNS, "One mentor each, with protected time"),
    "coaching": (DESIGNS, "One mentor each, plus coaching"),
    "trained_mentors": (DESIGNS, "Trained mentors"),
    "mentor_refreshers": (DESIGNS, "Trained mentors with refresher courses"),
    "random_matching": (DESIGNS, "Mentors assigned at random"),
    "stable_matching": (DESIGNS, "Mentors and juniors both rank each other"),
    "mentee_choice": (DESIGNS, "Juniors meet and choose their mentor"),
    "recruit_mentors": (DESIGNS, "The program asks seniors to mentor"),
    "mentor_recognition": (DESIGNS, "Mentoring counts for promotion and pay"),
    "mentors_of_mentors": (DESIGNS, "Experienced mentors coach new mentors"),
    "peer_mentoring": (DESIGNS, "Peer-mentoring groups"),
    "sponsorship_program": (DESIGNS, "A sponsor for every junior"),
    "targeted_program": (DESIGNS, "A program for women and URM faculty"),
    "mid_career": (DESIGNS, "Mentors for associate professors too"),
    "leadership_development": (DESIGNS, "A leadership program for full professors"),
    "development_program": (DESIGNS, "A full junior-faculty development program"),
    "fill_to_cap": (DESIGNS, "Each mentor loaded to the hard cap"),
    "budget_limited": (DESIGNS, "One mentor each, on a $150k yearly budget"),
    "hire_leaders": (DESIGNS, "Leaders always hired from outside"),
    "grow_leaders": (DESIGNS, "Leaders grown from inside"),
}
#: Codes of the literature's targets in descriptions ("(E3)", "(effect target E1)"): for the
#: calibration docs, not for a room.
_CODES = re.compile(r"\s*\((?:effect target )?[A-Z]\d+\)")


def human_name(preset: Preset) -> str:
    """The name the drop-down shows (the scenario's own name when it has no human one)."""
    return HUMAN.get(preset.name, (DESIGNS, preset.name.replace("_", " ").capitalize()))[1]


def group_of(preset: Preset) -> str:
    """Contexts or designs."""
    return HUMAN.get(preset.name, (DESIGNS, ""))[0]


def plain_description(preset: Preset) -> str:
    """The preset's one-line description without the calibration codes."""
    return _CODES.sub("", preset.description)


def menu(presets: list[Preset]) -> list[dict[str, str]]:
    """Drop-down entries: a header per group, then its presets by human name."""
    entries: list[dict[str, str]] = []
    for group in (CONTEXTS, DESIGNS):
        members = [p for p in presets if group_of(p) == group]
        if members:
            entries.append({"header": group})
            entries.extend({"text": human_name(p), "value": p.name} for p in members)
    return entries


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

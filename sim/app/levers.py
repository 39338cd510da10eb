"""The program levers of the app, generated from the scenario schema.

Every control's label, unit, allowed range, choices and help text is read from the field
metadata in ``sim.scenario`` (``lo``, ``hi``, ``choices``, ``doc``, ``source``), so the page can
never drift from the schema; values are checked by the schema's own validation, so a bad value
gets the same message the command line gives. No UI code here: ``sim.app.controls`` draws the
levers.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import Any

from sim.scenario import GROUPS, Scenario, ScenarioError

#: Levers a workshop moves, by group, in the order they appear. All of ``program``, plus the
#: few mentor, institution and career settings the exercises turn (bandwidth, values,
#: succession).
LEVER_KEYS: dict[str, tuple[str, ...]] = {
    "program": tuple(f.name for f in dataclasses.fields(GROUPS["program"])),
    "mentors": (
        "willing_share",
        "capacity_median",
        "hard_cap",
        "training_skill_gain",
        "overload_burnout",
    ),
    "institution": (
        "values_clarity",
        "succession",
        "readiness_threshold",
        "leadership_positions",
        "leader_term_years",
    ),
}

GROUP_TITLES = {
    "program": "Program design",
    "mentors": "Mentors and bandwidth",
    "institution": "Institution, values and succession",
}

_UNIT_PATTERNS = (
    (re.compile(r"hours?_per_week$"), "hours/week"),
    (re.compile(r"_years$|^years"), "years"),
    (
        re.compile(r"share|threshold|clarity|weight|homophily|rate|_gain|burnout|proactiveness"),
        "0-1",
    ),
)


@dataclass(frozen=True)
class Lever:
    """One control: a scenario parameter with what the schema says about it.

    Attributes:
        group: Scenario group (``program``, ``mentors``, ...).
        name: Field name within the group.
        kind: ``"bool"``, ``"int"``, ``"float"`` or ``"choice"``.
        default: Schema default.
        lo: Inclusive lower bound (numbers), else None.
        hi: Inclusive upper bound (numbers), else None.
        choices: Allowed values (strings), else ().
        doc: The schema's one-line meaning.
        source: Where the default comes from.
    """

    group: str
    name: str
    kind: str
    default: Any
    lo: float | None
    hi: float | None
    choices: tuple[str, ...]
    doc: str
    source: str

    @property
    def key(self) -> str:
        """The override key, ``group__name``, that ``MentorshipModel`` accepts."""
        return f"{self.group}__{self.name}"

    @property
    def label(self) -> str:
        """Human label: the field name in words, with the unit when there is one."""
        words = self.name.replace("_", " ")
        words = words[0].upper() + words[1:]
        unit = self.unit
        said = unit in words or unit.replace("/", " per ") in words  # "hours per week"
        return f"{words} ({unit})" if unit and not said else words

    @property
    def unit(self) -> str:
        """Unit read from the name and the schema's doc ("$k" in the doc wins)."""
        if self.kind in ("bool", "choice"):
            return ""
        if "($k" in self.doc:
            return "$k"
        for pattern, unit in _UNIT_PATTERNS:
            if pattern.search(self.name):
                return unit
        return ""

    @property
    def step(self) -> float:
        """Slider step: whole numbers for integers, a hundredth of the range otherwise."""
        if self.kind == "int":
            return 1
        span = (self.hi or 1.0) - (self.lo or 0.0)
        return 0.01 if span <= 1.0 else (0.1 if span <= 30 else 1.0)

    @property
    def slider_max(self) -> float | None:
        """Upper end of the slider: the schema's bound, capped where it dwarfs useful values."""
        if self.hi is None:
            return None
        # A 0-10,000 slider cannot be set to a useful value; the text field still takes any
        # allowed number.
        return min(self.hi, 100.0) if self.kind == "float" else self.hi

    @property
    def help(self) -> str:
        """Help text: meaning, allowed values, default and source, all from the schema."""
        if self.kind == "choice":
            allowed = "one of " + ", ".join(self.choices)
        elif self.kind == "bool":
            allowed = "on or off"
        else:
            allowed = f"{_fmt(self.lo)} to {_fmt(self.hi)}"
        default = ("on" if self.default else "off") if self.kind == "bool" else _fmt(self.default)
        return f"{self.doc}. Allowed: {allowed}; default {default}. Source: {self.source}."


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _lever(group: str, f: dataclasses.Field) -> Lever:
    meta = f.metadata
    kind = "choice" if meta.get("choices") else type(f.default).__name__
    return Lever(
        group=group,
        name=f.name,
        kind=kind,
        default=f.default,
        lo=meta.get("lo"),
        hi=meta.get("hi"),
        choices=tuple(meta.get("choices") or ()),
        doc=meta.get("doc", ""),
        source=meta.get("source", ""),
    )


def levers() -> list[Lever]:
    """Return every lever, grouped as in ``LEVER_KEYS``."""
    out: list[Lever] = []
    for group, names in LEVER_KEYS.items():
        by_name = {f.name: f for f in dataclasses.fields(GROUPS[group])}
        out.extend(_lever(group, by_name[name]) for name in names)
    return out


LEVERS: dict[str, Lever] = {lever.key: lever for lever in levers()}


def current(design: Scenario, lever: Lever) -> Any:
    """Return the lever's value in a design."""
    return getattr(getattr(design, lever.group), lever.name)


def parse(lever: Lever, text: str) -> Any:
    """Turn what was typed into a field into a value of the lever's type.

    Args:
        lever: The lever.
        text: The typed text.

    Returns:
        The value (range checks are the schema's, in :func:`apply`).

    Raises:
        ScenarioError: when the text is not a number (or not a whole number for integers).
    """
    text = text.strip()
    try:
        number = float(text)
    except ValueError:
        raise ScenarioError(
            f"{lever.label}: '{text}' is not a number; expected "
            f"{_fmt(lever.lo)} to {_fmt(lever.hi)}"
        ) from None
    if lever.kind == "int":
        if not number.is_integer():
            raise ScenarioError(
                f"{lever.label}: '{text}' is not a whole number; expected "
                f"{_fmt(lever.lo)} to {_fmt(lever.hi)}"
            )
        return int(number)
    return number


# Settings the schema ties together: turning one on alone would be refused, so the app makes
# the matching change and says so. Each entry: (changed key, value test, other key, new value).
_COUPLED = (
    (
        "program__formal",
        lambda v: v is True,
        "program__policy",
        lambda d: "compatibility" if d.program.policy == "informal" else None,
    ),
    ("program__formal", lambda v: v is False, "program__policy", lambda d: "informal"),
    ("program__policy", lambda v: v != "informal", "program__formal", lambda d: True),
    ("program__policy", lambda v: v == "informal", "program__formal", lambda d: False),
    (
        "program__policy",
        lambda v: v == "committee",
        "program__mentors_per_mentee",
        lambda d: max(3, d.program.mentors_per_mentee),
    ),
    (
        "program__mentors_per_mentee",
        lambda v: v < 2,
        "program__policy",
        lambda d: "compatibility" if d.program.policy == "committee" else None,
    ),
)


def apply(design: Scenario, key: str, value: Any) -> tuple[Scenario, str]:
    """Return the design with one lever changed, validated by the schema.

    Settings the schema couples (a formal program needs a matching policy, a committee needs
    two or more mentors) follow along, and the note says what else changed.

    Args:
        design: The current design.
        key: The lever's ``group__name``.
        value: The new value.

    Returns:
        The new design and a note ("" when nothing else changed).

    Raises:
        ScenarioError: with the schema's message when the value is not allowed; the caller
            keeps the old design.
    """
    lever = LEVERS[key]
    overrides = {key: value}
    notes = []
    for changed, test, other, new in _COUPLED:
        if changed == key and test(value):
            replacement = new(design)
            other_lever = LEVERS[other]
            if replacement is not None and replacement != current(design, other_lever):
                overrides[other] = replacement
                notes.append(f"{other_lever.label} set to {_fmt(replacement)}")
    try:
        updated = design.replace(**overrides)
    except ScenarioError as err:
        raise ScenarioError(_readable(str(err), lever)) from None
    return updated, ("also: " + "; ".join(notes)) if notes else ""


def _readable(message: str, lever: Lever) -> str:
    """The schema's message with the lever's label in front of its key path."""
    message = message.removeprefix("override: ")
    return f"{lever.label}: {message}"

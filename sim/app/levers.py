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

#: Every schema parameter, by group, in the schema's order: the page offers them all under
#: "Advanced" (the ten workshop levers, ``WORKSHOP_LEVERS``, sit on top in plain words).
LEVER_KEYS: dict[str, tuple[str, ...]] = {
    group: tuple(f.name for f in dataclasses.fields(cls)) for group, cls in GROUPS.items()
}

#: Plain titles of the schema's groups, as the Advanced panel shows them.
GROUP_TITLES = {
    "program": "Program design",
    "mentors": "Mentors and bandwidth",
    "institution": "Institution, values and succession",
    "relationships": "Mentoring relationships and sponsorship",
    "wellbeing": "Satisfaction and burnout",
    "career": "Careers: growth, promotion, leaving, retirement",
    "population": "Who is hired: demographics, tracks, starting skills",
    "costs": "Costs",
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
    plain_label: str = ""
    plain_help: str = ""
    choice_labels: tuple[tuple[str, str], ...] = ()

    @property
    def key(self) -> str:
        """The override key, ``group__name``, that ``MentorshipModel`` accepts."""
        return f"{self.group}__{self.name}"

    @property
    def label(self) -> str:
        """Human label: the plain one of the workshop set, else the field name in words."""
        if self.plain_label:
            return self.plain_label
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
        """Help text: meaning, allowed values, default and source, all from the schema.

        A lever of the workshop set says what it means in plain words and its usual value
        only; the full help is the advanced lever's.
        """
        if self.plain_help:
            return f"{self.plain_help} Usually {self.shown(self.default)}."
        if self.kind == "choice":
            allowed = "one of " + ", ".join(self.choices)
        elif self.kind == "bool":
            allowed = "on or off"
        else:
            allowed = f"{_fmt(self.lo)} to {_fmt(self.hi)}"
        default = ("on" if self.default else "off") if self.kind == "bool" else _fmt(self.default)
        return f"{self.doc}. Allowed: {allowed}; default {default}. Source: {self.source}."

    def shown(self, value: Any) -> str:
        """A value as the room reads it: on/off, a choice's plain label, a number."""
        if self.kind == "bool":
            return "on" if value else "off"
        if self.kind == "choice":
            return dict(self.choice_labels).get(value, str(value))
        return _fmt(value)

    @property
    def items(self) -> list[dict[str, str]]:
        """Drop-down entries of a choice lever: the plain label shown, the value kept."""
        labels = dict(self.choice_labels)
        return [{"text": labels.get(c, c), "value": c} for c in self.choices]


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


def _split(key: str) -> tuple[str, dataclasses.Field]:
    group, name = key.split("__")
    return group, {f.name: f for f in dataclasses.fields(GROUPS[group])}[name]


def levers() -> list[Lever]:
    """Return every lever, grouped as in ``LEVER_KEYS``."""
    out: list[Lever] = []
    for group, names in LEVER_KEYS.items():
        by_name = {f.name: f for f in dataclasses.fields(GROUPS[group])}
        out.extend(_lever(group, by_name[name]) for name in names)
    return out


LEVERS: dict[str, Lever] = {lever.key: lever for lever in levers()}

#: The workshop set: the ten levers the exercises turn, in plain words (key, label, meaning,
#: plain names of the choices). The rest of the schema is behind "Advanced".
_WORKSHOP: tuple[tuple[str, str, str, dict[str, str]], ...] = (
    (
        "mentors__willing_share",
        "Senior faculty willing to mentor (share)",
        "Out of all associate and full professors and leaders, the share who will take mentees.",
        {},
    ),
    (
        "mentors__capacity_median",
        "Mentees a mentor handles well",
        "How many mentees a typical mentor can look after before quality drops.",
        {},
    ),
    (
        "program__protected_hours_per_week",
        "Protected mentoring hours a week",
        "Hours a week of each program mentor's time set aside for mentoring; more hours, "
        "more mentees handled well.",
        {},
    ),
    (
        "program__policy",
        "How mentors are found",
        "No program (juniors find their own), or a program that assigns mentors.",
        {
            "informal": "no program: juniors find their own",
            "random": "program: assigned at random",
            "compatibility": "program: matched for fit",
            "stable": "program: both sides rank, then matched",
            "committee": "program: a committee per junior",
        },
    ),
    (
        "program__mentors_per_mentee",
        "Mentors per junior",
        "1 is a single mentor; 2 or more is a mentoring committee.",
        {},
    ),
    (
        "program__evaluate_relationships",
        "Check relationships every year",
        "The program asks every pair how it is going and rematches juniors whose "
        "relationship is failing.",
        {},
    ),
    (
        "program__mentor_training",
        "Train mentors",
        "An eight-hour course for every program mentor.",
        {},
    ),
    (
        "program__coaching",
        "Coaching course",
        "Six sessions with a professional coach, separate from mentoring.",
        {
            "none": "none",
            "new_faculty": "every new assistant professor",
            "at_risk": "juniors at risk of burning out",
        },
    ),
    (
        "program__sponsorship",
        "A sponsor for every junior",
        "A senior person who puts the junior forward for roles and promotion.",
        {},
    ),
    (
        "institution__succession",
        "Fill leadership posts",
        "Chairs, chiefs and deans: from ready people inside first, or always from outside.",
        {"internal_first": "from inside first", "external_only": "always from outside"},
    ),
)

#: The workshop set, by key (the same keys as ``LEVERS``, with plain labels and help).
WORKSHOP_LEVERS: dict[str, Lever] = {
    key: dataclasses.replace(
        LEVERS[key] if key in LEVERS else _lever(*_split(key)),
        plain_label=label,
        plain_help=meaning,
        choice_labels=tuple(choices.items()),
    )
    for key, label, meaning, choices in _WORKSHOP
}


def current(design: Scenario, lever: Lever) -> Any:
    """Return the lever's value in a design."""
    return getattr(getattr(design, lever.group), lever.name)


def parse(lever: Lever, text: str) -> Any:
    """Turn what was typed into a field into a value of the lever's type, in its range.

    Args:
        lever: The lever.
        text: The typed text.

    Returns:
        The value (the schema checks it again in :func:`apply`).

    Raises:
        ScenarioError: in plain words, when the text is not a number, not a whole number
            where one is needed, or outside the lever's range.
    """
    text = text.strip()
    allowed = f"type a {'whole ' if lever.kind == 'int' else ''}number from {_fmt(lever.lo)}"
    allowed += f" to {_fmt(lever.hi)}" if lever.hi is not None else " up"
    try:
        number = float(text)
    except ValueError:
        raise ScenarioError(f"{lever.label}: '{text}' is not a number; {allowed}.") from None
    if lever.kind == "int" and not number.is_integer():
        raise ScenarioError(f"{lever.label}: {text} is not a whole number; {allowed}.")
    if (lever.lo is not None and number < lever.lo) or (lever.hi is not None and number > lever.hi):
        side = "too high" if lever.hi is not None and number > lever.hi else "too low"
        raise ScenarioError(f"{lever.label}: {text} is {side}; {allowed}.")
    return int(number) if lever.kind == "int" else number


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

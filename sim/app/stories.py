"""Person stories: one person's traits, mentors and wellbeing year by year, and why they moved.

A story is read from the model's tables (who, which relationships, when promoted or gone) and
the app's yearly snapshots (``sim.app.history``: satisfaction, burnout, skills, relationship
quality). The "why" lines name the factors the model's hazards use (``sim/kernels``: the
academic portfolio against the promotion bar, years in rank and mentor sponsorship for
promotion; satisfaction, burnout, path fit, support and early career for leaving). Leaving and
promotion are chance events in the model, so the lines say what raised the odds, never that one
thing decided.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from sim.agents import MENTOR
from sim.app import names
from sim.app.history import History
from sim.state import (
    ASSISTANT,
    ATTRITION,
    DOMAIN_NAMES,
    KEY_EXTERNAL_LEADER,
    KEY_YEAR,
    KIND_NAMES,
    MENTEE_LEFT,
    MOVED,
    RETIREMENT,
    STAGE_NAMES,
    TRACK_NAMES,
    TRAINEE,
    TRAIT_NAMES,
)

#: Path fit below which a track holds little of what the person does best (as in outcomes).
POOR_FIT = 0.6
#: Faculty years during which attrition runs higher (the early-attrition window).
EARLY_YEARS = 3

#: Why a person left, in a workshop's words (``sim.state.EXIT_NAMES`` order).
EXIT_WORDS = (
    "staying",
    "left academic medicine",
    "retired",
    "finished training and left",
    "moved to another academic institution",
)
#: Why a relationship ended, in a workshop's words (``sim.state.END_NAMES`` order).
END_WORDS = (
    "ongoing",
    "the mentee was promoted",
    "it ran its natural course",
    "it was failing and the program's evaluation ended it",
    "it was failing and they drifted apart",
    "the mentor left",
    "the mentee left",
)

_LABEL = re.compile(r"^#?\s*(L)?\s*(\d+)\s*-\s*(\d+)$", re.IGNORECASE)


def person_label(key: int) -> str:
    """A short, design-independent name for a person: ``#year-k``, ``#L year-k`` for leaders.

    ``#0-17`` is the 18th person of the year-0 institution, ``#3-12`` the 13th hire of year 3,
    ``#L5-0`` the first leader hired from outside in year 5. Keys, unlike rows, are the same
    under every design run on one seed.
    """
    prefix = ""
    if key >= KEY_EXTERNAL_LEADER:
        key -= KEY_EXTERNAL_LEADER
        prefix = "L"
    return f"#{prefix}{key // KEY_YEAR}-{key % KEY_YEAR}"


def who(model, row: int) -> str:
    """A person as a story names them: generated name and label, "María García (#3-12)"."""
    return f"{names.person_name(model, row)} ({person_label(int(model.people.key[row]))})"


def parse_label(text: str) -> int | None:
    """Return the key a label names, or None when the text is not a label."""
    match = _LABEL.match(text.strip())
    if not match:
        return None
    leader, year, k = match.groups()
    key = int(year) * KEY_YEAR + int(k)
    return key + KEY_EXTERNAL_LEADER if leader else key


def find_row(model, text: str) -> int | None:
    """Return the people row a typed label names, or None when there is no such person."""
    key = parse_label(text)
    if key is None:
        return None
    rows = np.flatnonzero(model.people.key == key)
    return int(rows[0]) if len(rows) else None


def pick_left(model, skip: int = 0) -> int | None:
    """A faculty member who left the institution (``skip`` cycles through them).

    The stories a workshop needs come first: someone who left with a failing relationship
    (exercise 3: under a design that evaluates none, no one noticed it), then people hired
    during the run (whose whole career the room can follow), each group most recent first.
    """
    p, r = model.people, model.relationships
    left = np.isin(p.exit_reason, (ATTRITION, MOVED))
    rows = np.flatnonzero(left & (p.stage != TRAINEE) & (p.exit_year >= 1))
    if not len(rows):
        return None
    threshold = model.design.program.failure_threshold
    failing_at_exit = np.zeros(p.n, dtype=bool)
    ended = (r.end_reason == MENTEE_LEFT) & (r.quality < threshold)
    failing_at_exit[r.mentee[ended]] = True
    order = np.lexsort(
        (p.key[rows], -p.exit_year[rows], p.hire_year[rows] < 1, ~failing_at_exit[rows])
    )
    return int(rows[order][skip % len(rows)])


def pick_promoted_early(model, skip: int = 0) -> int | None:
    """An assistant professor promoted early, still here; those a sponsor helped come first.

    The candidates are the model's Mesa agents in the mentor role (associate professors and
    above, ``model.in_role``) who joined the faculty as assistant professors during the run
    and were promoted: someone the room can follow now. Fewest years from joining the faculty
    to promotion first, after the sponsored ones (the story of a promotion a sponsor helped).
    """
    p = model.people
    seniors = np.fromiter((agent.row for agent in model.in_role(MENTOR)), dtype=np.int64)
    rows = seniors[
        (p.faculty_stage[seniors] == ASSISTANT)
        & (p.faculty_year[seniors] >= 1)
        & (p.associate_year[seniors] >= 1)
    ]
    if not len(rows):
        return None
    years = p.associate_year[rows] - p.faculty_year[rows]
    sponsored = (p.first_sponsor_year[rows] >= 0) & (
        p.first_sponsor_year[rows] <= p.associate_year[rows]
    )
    rows = rows[np.lexsort((p.key[rows], years, ~sponsored))]
    return int(rows[skip % len(rows)])


@dataclass
class Story:
    """What the story panel shows about one person.

    Attributes:
        label: The person's label (``#year-k``).
        summary: One line: who they are.
        traits: Trait name -> value in [0, 1].
        yearly: One row per year: stage, mentors, mean quality, satisfaction, burnout, path
            fit, skill composite, mentees.
        relationships: One row per relationship as a mentee: mentor, kind, years, end reason,
            lowest quality, whether it ever failed.
        skills: One row per year: the seven skill domains (0-1).
        events: Dated lines: hired, mentors gained and lost, promotions, exit.
        why: Lines explaining a promotion or an exit.
        persona: Who they are, in two short sentences (``sim.app.names``).
    """

    label: str
    summary: str
    traits: dict[str, float]
    yearly: pd.DataFrame
    relationships: pd.DataFrame
    skills: pd.DataFrame = field(default_factory=pd.DataFrame)
    events: list[str] = field(default_factory=list)
    why: list[str] = field(default_factory=list)
    persona: str = ""


def build_story(model, history: History, row: int) -> Story:
    """Assemble a person's story from the model's tables and the run's snapshots."""
    p, r = model.people, model.relationships
    key = int(p.key[row])
    label = person_label(key)
    track = TRACK_NAMES[p.track[row]].replace("_", " ")
    summary = (
        f"{who(model, row)}: {'woman' if p.woman[row] else 'man'}"
        f"{', URM' if p.urm[row] else ''}, {track}, department {p.department[row] + 1}, "
        f"hired in year {p.hire_year[row]} as {STAGE_NAMES[p.hire_stage[row]]}; "
        + (
            f"now {STAGE_NAMES[p.stage[row]]}"
            if p.active[row]
            else f"{EXIT_WORDS[p.exit_reason[row]]} in year {p.exit_year[row]}"
        )
    )
    traits = dict(zip(TRAIT_NAMES, p.traits[row].round(2).tolist(), strict=True))
    mine = np.flatnonzero(r.mentee == row)
    yearly = _yearly(history, row, mine, r.mentor, p.key)
    relationships = pd.DataFrame(
        [
            {
                "mentor": who(model, int(r.mentor[i])),
                "kind": KIND_NAMES[r.kind[i]],
                "from year": int(r.start_year[i]),
                "to year": int(r.end_year[i]) if r.end_year[i] >= 0 else "ongoing",
                "ended because": END_WORDS[r.end_reason[i]],
                "lowest quality": _lowest_quality(history, int(i)),
                "ever failing": bool(r.ever_failing[i]),
            }
            for i in mine
        ]
    )
    skills = pd.DataFrame(
        [
            [snap.year, *snap.skills[row].round(2).tolist()]
            for snap, _ in history.person(row)
            if snap.year in set(yearly["year"])
        ],
        columns=["year", *(d.replace("_", " ") for d in DOMAIN_NAMES)],
    )
    story = Story(label, summary, traits, yearly, relationships, skills)
    story.persona = names.persona(model, row)
    story.events = _events(model, row, mine)
    story.why = _why(model, history, row, mine)
    return story


def _yearly(
    history: History, row: int, mine: np.ndarray, mentor: np.ndarray, keys: np.ndarray
) -> pd.DataFrame:
    rows: list[dict[str, Any]] = []
    for snap, _ in history.person(row):
        cols = snap.people
        if not cols["active"][row] and rows and not rows[-1]["active"]:
            continue  # one row for the year they left, none after
        known = mine[mine < len(snap.rel_active)]
        current = known[snap.rel_active[known]]
        quality = snap.quality[current]
        rows.append(
            {
                "year": snap.year,
                "active": bool(cols["active"][row]),
                "stage": STAGE_NAMES[cols["stage"][row]],
                "mentors": ", ".join(person_label(int(keys[mentor[i]])) for i in current) or "none",
                "mentor quality": float(quality.mean()) if len(quality) else np.nan,
                "satisfaction": float(cols["satisfaction"][row]),
                "burnout": float(cols["burnout"][row]),
                "path fit": float(cols["path_fit"][row]),
                "skill composite": float(snap.composite[row]),
                "mentees": int(cols["load"][row]),
            }
        )
    return pd.DataFrame(rows)


def _lowest_quality(history: History, rel: int) -> float:
    values = [
        float(s.quality[rel])
        for s in history.snapshots
        if rel < len(s.rel_active) and s.rel_active[rel]
    ]
    return round(min(values), 2) if values else float("nan")


def _events(model, row: int, mine: np.ndarray) -> list[str]:
    p, r = model.people, model.relationships
    dated: list[tuple[int, int, str]] = [
        (int(p.hire_year[row]), 0, f"joined as {STAGE_NAMES[p.hire_stage[row]]}")
    ]
    if p.faculty_year[row] > p.hire_year[row]:
        dated.append(
            (
                int(p.faculty_year[row]),
                1,
                "finished training and joined the faculty as assistant professor",
            )
        )
    if p.associate_year[row] > p.hire_year[row]:
        dated.append((int(p.associate_year[row]), 3, "promoted to associate professor"))
    if p.ever_leader[row] and p.leader_year[row] > p.hire_year[row]:
        dated.append((int(p.leader_year[row]), 3, "took a leadership position"))
    for i in mine:
        mentor = who(model, int(r.mentor[i]))
        dated.append((int(r.start_year[i]), 2, f"gained {KIND_NAMES[r.kind[i]]} mentor {mentor}"))
        if r.end_year[i] >= 0:
            dated.append(
                (
                    int(r.end_year[i]),
                    2,
                    f"relationship with {mentor} ended: {END_WORDS[r.end_reason[i]]}",
                )
            )
    if not p.active[row]:
        dated.append((int(p.exit_year[row]), 4, EXIT_WORDS[p.exit_reason[row]]))
    return [f"Year {year}: {text}" for year, _, text in sorted(dated)]


def _why(model, history: History, row: int, mine: np.ndarray) -> list[str]:
    p = model.people
    lines = []
    if p.associate_year[row] >= 1 and p.faculty_stage[row] == ASSISTANT:
        lines.extend(_why_promoted(model, history, row, mine))
    if not p.active[row] and p.exit_reason[row] in (ATTRITION, MOVED):
        lines.extend(_why_left(model, history, row, mine))
    elif not p.active[row] and p.exit_reason[row] == RETIREMENT:
        lines.append(f"Retired in year {p.exit_year[row]}.")
    return lines


def _snapshot(history: History, year: int):
    for snap in history.snapshots:
        if snap.year == year:
            return snap
    return history.snapshots[-1]


def _active_at(model, mine: np.ndarray, year: int) -> np.ndarray:
    r = model.relationships
    return mine[
        (r.start_year[mine] <= year) & ((r.end_year[mine] < 0) | (r.end_year[mine] >= year))
    ]


def _why_promoted(model, history: History, row: int, mine: np.ndarray) -> list[str]:
    p, r, c = model.people, model.relationships, model.design.career
    year = int(p.associate_year[row])
    snap = _snapshot(history, year - 1)
    # The committee judges the academic portfolio, in its own units (the bar's), not the 0-1
    # skill composite; it is reset at promotion, so the year before is the last one to show.
    portfolio = snap.people["portfolio"]
    record = float(portfolio[row]) if row < len(portfolio) else float("nan")
    years = year - int(p.faculty_year[row])
    mentors = _active_at(model, mine, year - 1)
    good = mentors[r.quality[mentors] >= model.design.program.failure_threshold]
    line = (
        f"Promoted to associate professor in year {year}, {years} years after joining the "
        f"faculty (the minimum is {c.min_years_assistant}). Their academic portfolio "
        f"(output summed over their years as assistant professor) was {record:.2f} the "
        f"year before, against the committee's bar of {c.promotion_bar_assistant:.2f}"
    )
    if len(good):
        line += (
            f"; {len(good)} mentor{'s' if len(good) > 1 else ''} in a working "
            "relationship sponsored them"
        )
    else:
        line += "; no mentor sponsored them"
    return [line + "."]


def _why_left(model, history: History, row: int, mine: np.ndarray) -> list[str]:
    p, r, design = model.people, model.relationships, model.design
    year = int(p.exit_year[row])
    snap = _snapshot(history, year)
    cols = snap.people
    faculty = cols["active"] & (cols["stage"] != TRAINEE)
    mean_sat = float(cols["satisfaction"][faculty].mean()) if faculty.any() else float("nan")
    mean_burn = float(cols["burnout"][faculty].mean()) if faculty.any() else float("nan")
    sat, burn = float(cols["satisfaction"][row]), float(cols["burnout"][row])
    fit = float(cols["path_fit"][row])
    factors = []
    if sat < mean_sat:
        factors.append(f"satisfaction {sat:.2f}, below the faculty average of {mean_sat:.2f}")
    if burn >= design.career.burnout_threshold:
        factors.append(
            f"burnout {burn:.2f}, at or above the burnout criteria "
            f"({design.career.burnout_threshold:.2f}; faculty average "
            f"{mean_burn:.2f})"
        )
    if fit < POOR_FIT:
        factors.append(f"a track that suited their strengths poorly (path fit {fit:.2f})")
    mentors = _active_at(model, mine, year)
    threshold = design.program.failure_threshold
    failing = mentors[r.quality[mentors] < threshold]
    if not len(mentors):
        factors.append("no mentor in their last year")
    for i in failing:
        caught = design.program.formal and design.program.evaluate_relationships
        factors.append(
            f"a failing relationship with {who(model, int(r.mentor[i]))} "
            f"(quality {r.quality[i]:.2f}, below {threshold:.2f})"
            + ("" if caught else " that no one evaluated")
        )
    faculty_years = year - int(p.faculty_year[row]) if p.faculty_year[row] >= 0 else None
    if faculty_years is not None and faculty_years <= EARLY_YEARS:
        factors.append(
            f"an early-career year ({faculty_years} years on the faculty), when "
            "leaving is most common"
        )
    went = (
        "Moved to another academic institution"
        if p.exit_reason[row] == MOVED
        else "Left academic medicine"
    )
    head = f"{went} in year {year}"
    if factors:
        text = head + ". What raised the odds: " + "; ".join(factors) + "."
    else:
        text = head + (
            " with nothing unusual weighing on them: some people leave for reasons "
            "the program cannot touch."
        )
    return [
        text,
        "Leaving is a chance event in the model: these factors raise its odds; none "
        "decides it alone.",
    ]

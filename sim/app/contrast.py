"""A/B contrasts: the difference between two runs on one seed, as numbers and as sentences.

Both runs hire the same people and draw the same chance events (common random numbers), so a
difference between them is the design's doing in this one simulated institution, not a
different cohort. It is still one institution: the last line says so and points at
``mentorsim compare`` for intervals over many.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from sim.state import ASSISTANT, ATTRITION, MOVED

#: Yearly metrics drawn as B - A over time.
DIFFERENCE_METRICS = (
    "mentored_share",
    "annual_attrition",
    "burnout_share",
    "mentee_satisfaction",
    "development_index",
    "mentor_overload_share",
)


#: Which way is better for each compared outcome: +1 higher is better, -1 lower is better,
#: 0 neither (internal fills and the ready bench are choices of a succession policy, not goods:
#: exercise 5 is about what each costs). The shares of women are marked as the institution's
#: stated aim of diversity at senior ranks.
DIRECTION = {
    "juniors_left": -1,
    "promotions_associate": +1,
    "leadership_internal_fills": 0,
    "mentored_share": +1,
    "burnout_share": -1,
    "mentor_overload_share": -1,
    "mentor_burnout_share": -1,
    "relationships_failing_share": -1,
    "women_share_full": +1,
    "women_share_leaders": +1,
    "leadership_ready_per_position": 0,
    "program_cost": -1,
}

#: Which way is better for each metric of the difference chart (same reading as DIRECTION).
DIFFERENCE_BETTER = {
    "mentored_share": +1,
    "annual_attrition": -1,
    "burnout_share": -1,
    "mentee_satisfaction": +1,
    "development_index": +1,
    "mentor_overload_share": -1,
}

#: What counts as a difference worth a headline, on one seed: a share that moves by this many
#: percentage points, or a count or level that moves by this fraction of A's value (with
#: ``COUNT_FLOOR`` people at least). A reading aid for the page, not a model parameter.
NOTICEABLE_POINTS = 5.0
NOTICEABLE_FRACTION = 0.10
COUNT_FLOOR = 3


@dataclass(frozen=True)
class Contrast:
    """One outcome compared: its value under A and B and the sentence that says it.

    Attributes:
        name: Short outcome name.
        a: Value under design A.
        b: Value under design B.
        text: The plain-language line.
        score: How noticeable the difference is (1 = just noticeable, see
            ``NOTICEABLE_POINTS``); 0 when the rounded figures agree.
        verdict: "better" or "worse" under B, or "" when neither applies or there is no
            difference.
    """

    name: str
    a: float
    b: float
    text: str
    score: float = 0.0
    verdict: str = ""


def juniors_left(model) -> int:
    """Assistant professors who left the institution so far (for another or for good)."""
    p = model.people
    left = np.isin(p.exit_reason, (ATTRITION, MOVED))
    return int((left & (p.stage == ASSISTANT) & (p.exit_year >= 1)).sum())


def money(thousands: float) -> str:
    """Dollars from thousands: "$850k", "$67.3M", "$0"."""
    if round(thousands) == 0:
        return "$0"
    if abs(thousands) >= 1000:
        return f"${thousands / 1000:,.1f}M"
    return f"${thousands:,.0f}k"


def _money_shown(thousands: float) -> float:
    """The amount as :func:`money` shows it (tenths of a million, or whole thousands)."""
    return round(thousands, -2) if abs(thousands) >= 1000 else float(round(thousands))


def _count_line(year: int, a: float, b: float, what: str, good: str) -> str:
    """A count compared, e.g. "After 10 years, 14 fewer junior faculty have left under B".

    Differences are taken between the figures as shown, so the sentence agrees with itself.
    """
    when = f"After {year} year{'s' if year != 1 else ''}"
    if good == "money":
        shown_a, shown_b = _money_shown(a), _money_shown(b)
        diff = shown_b - shown_a
        if diff == 0:
            return f"{when}, the program has cost about the same under A and B ({money(a)})."
        return (
            f"{when}, the program has cost {money(abs(diff))} "
            f"{'more' if diff > 0 else 'less'} under B ({money(b)} vs {money(a)})."
        )
    diff = round(b) - round(a)
    if diff == 0:
        return f"{when}, the same number of {what} under A and B ({a:,.0f})."
    word = "more" if diff > 0 else "fewer"
    return f"{when}, {abs(diff):,} {word} {what} under B ({b:,.0f} vs {a:,.0f})."


def _share_line(year: int, a: float, b: float, what: str) -> str:
    """A share compared, e.g. "In year 10, ...: 78% under B, 23 points more than under A".

    The difference is that of the rounded percentages shown, so the sentence agrees with its
    own figures: 26% and 26% are "about the same", never "1 point less".
    """
    shown_a, shown_b = round(100 * a), round(100 * b)
    points = shown_b - shown_a
    if points == 0:
        return f"In year {year}, {what}: about the same under A and B ({shown_a}%)."
    return (
        f"In year {year}, {what}: {shown_b}% under B, {abs(points)} point"
        f"{'s' if abs(points) != 1 else ''} {'more' if points > 0 else 'less'} than under A "
        f"({shown_a}%)."
    )


def _level_line(year: int, a: float, b: float, what: str) -> str:
    """A level compared, e.g. "In year 10, ready candidates per position: 4.3 under B ..."."""
    if round(a, 1) == round(b, 1):
        return f"In year {year}, {what}: about the same under A and B ({a:.1f})."
    return (
        f"In year {year}, {what}: {b:.1f} under B, {'more' if b > a else 'fewer'} than "
        f"under A ({a:.1f})."
    )


def _score(name: str, a: float, b: float) -> float:
    """How noticeable B - A is: 1 at ``NOTICEABLE_POINTS`` points or ``NOTICEABLE_FRACTION``."""
    if name in SHARES:
        return abs(round(100 * b) - round(100 * a)) / NOTICEABLE_POINTS
    if name == "leadership_ready_per_position":  # a level shown to one decimal
        diff, floor = round(b, 1) - round(a, 1), 0.1
    else:  # a count of people
        diff, floor = round(b) - round(a), COUNT_FLOOR
    return abs(diff) / max(NOTICEABLE_FRACTION * abs(a), floor)


def _judged(name: str, a: float, b: float, text: str) -> Contrast:
    score = _score(name, a, b)
    direction = DIRECTION.get(name, 0)
    verdict = ""
    if score > 0 and direction:
        verdict = "better" if (b - a) * direction > 0 else "worse"
    return Contrast(name, float(a), float(b), text, score, verdict)


#: Outcomes compared as shares (0-1, shown in percent).
SHARES = {
    "mentored_share": "assistant professors with a mentor",
    "burnout_share": "faculty meeting burnout criteria",
    "mentor_overload_share": "mentors above their capacity",
    "mentor_burnout_share": "mentors meeting burnout criteria",
    "relationships_failing_share": "ongoing relationships that are failing",
    "women_share_full": "women among full professors and leaders",
    "women_share_leaders": "women among leaders",
}


def contrasts(
    model_a, model_b, ya: pd.DataFrame | None = None, yb: pd.DataFrame | None = None
) -> list[Contrast]:
    """Compare two runs at their current year, one plain-language line per outcome.

    Args:
        model_a: The run of design A.
        model_b: The run of design B (same seed).
        ya: A's yearly metrics, when the caller has them already (else read from the model).
        yb: B's yearly metrics, likewise.
    """
    ya = model_a.yearly() if ya is None else ya
    yb = model_b.yearly() if yb is None else yb
    year = int(model_a.year)
    out = []

    def count(name, a, b, what, good="count"):
        out.append(_judged(name, float(a), float(b), _count_line(year, a, b, what, good)))

    if year == 0:
        return out
    count("juniors_left", juniors_left(model_a), juniors_left(model_b), "junior faculty have left")
    count(
        "promotions_associate",
        ya["promotions_associate"].sum(),
        yb["promotions_associate"].sum(),
        "promotions to associate professor",
    )
    count(
        "leadership_internal_fills",
        ya["leadership_internal_fills"].sum(),
        yb["leadership_internal_fills"].sum(),
        "leadership openings filled from inside",
    )
    for name, what in SHARES.items():
        a, b = float(ya[name].iloc[-1]), float(yb[name].iloc[-1])
        out.append(_judged(name, a, b, _share_line(year, a, b, what)))
    a, b = (
        float(ya["leadership_ready_per_position"].iloc[-1]),
        float(yb["leadership_ready_per_position"].iloc[-1]),
    )
    out.append(
        _judged(
            "leadership_ready_per_position",
            a,
            b,
            _level_line(year, a, b, "ready internal candidates per leadership position"),
        )
    )
    a, b = float(ya["program_cost"].sum()), float(yb["program_cost"].sum())
    out.append(Contrast("program_cost", a, b, _count_line(year, a, b, "", "money")))
    return out


@dataclass(frozen=True)
class Takeaway:
    """What an A/B screen says first.

    Attributes:
        headline: One sentence naming the largest difference that matters (or that none does).
        verdict: "better", "worse" or "" (no difference worth a headline, or no direction).
        cost: The cost sentence, shown beside the headline.
        ranked: The other outcomes, most noticeable difference first.
    """

    headline: str
    verdict: str
    cost: str
    ranked: list[Contrast]


def takeaway(lines: list[Contrast]) -> Takeaway:
    """Rank the compared outcomes and pick the headline: the most noticeable difference.

    A difference below "just noticeable" (score 1) does not make a headline: the screen then
    says that nothing differs much, which on one seed is the honest message.
    """
    cost = next((c.text for c in lines if c.name == "program_cost"), "")
    outcomes = sorted(
        (c for c in lines if c.name != "program_cost"), key=lambda c: c.score, reverse=True
    )
    if not outcomes:
        return Takeaway("Step a year to see the difference.", "", cost, [])
    top = outcomes[0]
    if top.score < 1:
        return Takeaway(
            "No outcome differs much between A and B yet: " + _lower_first(top.text),
            "",
            cost,
            outcomes,
        )
    judged = f" B is {top.verdict} here." if top.verdict else ""
    return Takeaway(top.text + judged, top.verdict, cost, outcomes[1:])


def _lower_first(text: str) -> str:
    return text[0].lower() + text[1:]


def caution() -> str:
    """The line that keeps a room honest about one run."""
    return (
        "One institution on one seed: the same people under both designs, so these "
        "differences are the design's doing here, but a few people either way can still be "
        "chance. For intervals over many institutions, run mentorsim compare."
    )


def differences(model_a, model_b) -> pd.DataFrame:
    """B - A of the key yearly metrics, one row per year."""
    ya, yb = model_a.yearly(), model_b.yearly()
    n = min(len(ya), len(yb))
    frame = pd.DataFrame({"year": np.arange(n)})
    for name in DIFFERENCE_METRICS:
        frame[name] = yb[name].to_numpy()[:n] - ya[name].to_numpy()[:n]
    return frame

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

from sim.state import ASSISTANT, ATTRITION

#: Yearly metrics drawn as B - A over time.
DIFFERENCE_METRICS = (
    "mentored_share",
    "annual_attrition",
    "burnout_share",
    "mentee_satisfaction",
    "development_index",
    "mentor_overload_share",
)


@dataclass(frozen=True)
class Contrast:
    """One outcome compared: its value under A and B and the sentence that says it.

    Attributes:
        name: Short outcome name.
        a: Value under design A.
        b: Value under design B.
        text: The plain-language line.
    """

    name: str
    a: float
    b: float
    text: str


def juniors_left(model) -> int:
    """Assistant professors who left academic medicine so far."""
    p = model.people
    return int(((p.exit_reason == ATTRITION) & (p.stage == ASSISTANT) & (p.exit_year >= 1)).sum())


def money(thousands: float) -> str:
    """Dollars from thousands: "$850k", "$67.3M"."""
    if abs(thousands) >= 1000:
        return f"${thousands / 1000:,.1f}M"
    return f"${thousands:,.0f}k"


def _count_line(year: int, a: float, b: float, what: str, good: str) -> str:
    """A count compared, e.g. "After 10 years, 14 fewer junior faculty have left under B"."""
    diff = round(b - a)
    when = f"After {year} year{'s' if year != 1 else ''}"
    if good == "money":
        if diff == 0:
            return f"{when}, the program has cost the same under A and B ({money(a)})."
        return (
            f"{when}, the program has cost {money(abs(diff))} "
            f"{'more' if diff > 0 else 'less'} under B ({money(b)} vs {money(a)})."
        )
    if diff == 0:
        return f"{when}, the same number of {what} under A and B ({a:,.0f})."
    word = "more" if diff > 0 else "fewer"
    return f"{when}, {abs(diff):,} {word} {what} under B ({b:,.0f} vs {a:,.0f})."


def _share_line(year: int, a: float, b: float, what: str) -> str:
    """A share compared, e.g. "In year 10, ...: 78% under B, 23 points more than under A"."""
    points = round(100 * (b - a))
    if points == 0:
        return f"In year {year}, {what}: about the same under A and B ({100 * a:.0f}%)."
    return (
        f"In year {year}, {what}: {100 * b:.0f}% under B, {abs(points)} point"
        f"{'s' if abs(points) != 1 else ''} {'more' if points > 0 else 'less'} than under A "
        f"({100 * a:.0f}%)."
    )


def _level_line(year: int, a: float, b: float, what: str) -> str:
    """A level compared, e.g. "In year 10, ready candidates per position: 4.3 under B ..."."""
    if round(a, 1) == round(b, 1):
        return f"In year {year}, {what}: about the same under A and B ({a:.1f})."
    return (
        f"In year {year}, {what}: {b:.1f} under B, {'more' if b > a else 'fewer'} than "
        f"under A ({a:.1f})."
    )


def contrasts(model_a, model_b) -> list[Contrast]:
    """Compare two runs at their current year, one plain-language line per outcome."""
    ya, yb = model_a.yearly(), model_b.yearly()
    year = int(model_a.year)
    out = []

    def count(name, a, b, what, good="count"):
        out.append(Contrast(name, float(a), float(b), _count_line(year, a, b, what, good)))

    def share(name, what):
        a, b = float(ya[name].iloc[-1]), float(yb[name].iloc[-1])
        out.append(Contrast(name, a, b, _share_line(year, a, b, what)))

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
    share("mentored_share", "assistant professors with a mentor")
    share("burnout_share", "faculty meeting burnout criteria")
    share("mentor_overload_share", "mentors above their capacity")
    share("mentor_burnout_share", "mentors meeting burnout criteria")
    share("relationships_failing_share", "ongoing relationships that are failing")
    share("women_share_full", "women among full professors and leaders")
    share("women_share_leaders", "women among leaders")
    a, b = (
        float(ya["leadership_ready_per_position"].iloc[-1]),
        float(yb["leadership_ready_per_position"].iloc[-1]),
    )
    out.append(
        Contrast(
            "leadership_ready_per_position",
            a,
            b,
            _level_line(year, a, b, "ready internal candidates per leadership position"),
        )
    )
    count("program_cost", ya["program_cost"].sum(), yb["program_cost"].sum(), "", good="money")
    return out


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

"""Outcomes and differences in plain words, for a reader who decides and has five minutes.

The tables of the reports name outcomes as the code does (``retention_8y``) and write numbers
in the outcome's own unit (a share as 0.627). A decision summary says "retention after 8
years" and "+3.1 points": :func:`label` gives an outcome's words, :func:`level` a value in its
unit, :func:`change` a difference and :func:`phrase` the whole statement, always with the
interval the differences table gives, so the words never claim more than the numbers.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from sim.outcomes import OUTCOMES
from sim.report.text.numbers import finite_number

#: Plain words for the outcomes a summary names; others fall back to their name in words.
LABELS: dict[str, str] = {
    "mentored_share": "assistant professors with a mentor",
    "mean_mentors_per_mentee": "mentors per mentored junior",
    "multi_mentor_share": "mentored juniors with more than one mentor",
    "annual_attrition": "faculty leaving academic medicine each year",
    "attrition_3y": "new faculty leaving within 3 years",
    "early_attrition_ratio": "early versus later attrition (hazard ratio)",
    "attrition_10y": "new faculty leaving within 10 years",
    "retention_8y": "retention after 8 years",
    "departures_per_year": "departures",
    "promoted_assoc_10y": "promotion to associate within 10 years",
    "promotions_per_year": "promotions to associate",
    "time_to_promotion": "time to promotion",
    "time_to_promotion_mentored": "time to promotion of the mentored",
    "time_to_promotion_unmentored": "time to promotion of the unmentored",
    "mentor_load_median": "median mentees per mentor",
    "mentor_load_p75": "mentees per busy mentor (75th percentile)",
    "mentor_load_full": "mentees per full-professor mentor",
    "mentor_load_associate": "mentees per associate-professor mentor",
    "mentor_overload_share": "mentors over capacity",
    "relationship_failure_rate": "failing mentoring relationships",
    "burnout_share": "faculty burnout",
    "burnout_ratio_poor_fit": "burnout with poor path fit versus good",
    "mentor_burnout_share": "mentor burnout",
    "burnout_share_year2": "burnout of new faculty in year 2",
    "burnout_share_year4": "burnout of new faculty in year 4",
    "mentee_satisfaction": "junior career satisfaction",
    "mentor_satisfaction": "mentor satisfaction",
    "development_index": "skills of new faculty in year 6",
    "values_alignment": "alignment with institutional values",
    "leadership_internal_fill": "leadership posts filled from inside",
    "sponsored_share_men": "men sponsored within 10 years",
    "sponsored_share_women": "women sponsored within 10 years",
    "sponsorship_ratio_women": "sponsorship, women to men (ratio)",
    "promoted_full_10y": "promotion to full professor within 10 years",
    "unfunded_share": "eligible people the budget could not serve",
    "leadership_bench": "ready internal candidates per leadership opening",
    "mentors_per_junior": "active mentors per junior",
    "faculty_size": "faculty size",
    "women_share_full": "women among full professors",
    "women_share_leaders": "women among leaders",
    "urm_share_leaders": "URM people among leaders",
    "promoted_assoc_10y_women": "promotion of women",
    "promoted_assoc_10y_men": "promotion of men",
    "promoted_assoc_10y_urm": "promotion of URM faculty",
    "promoted_assoc_10y_non_urm": "promotion of non-URM faculty",
    "promotion_ratio_women": "promotion, women to men (ratio)",
    "promotion_ratio_urm": "promotion, URM to non-URM (ratio)",
    "median_retention_women": "median years women stay",
    "median_retention_men": "median years men stay",
    "median_retention_urm": "median years URM faculty stay",
    "median_retention_non_urm": "median years non-URM faculty stay",
    "retention_ratio_women": "retention, women to men (ratio)",
    "retention_ratio_urm": "retention, URM to non-URM (ratio)",
    "program_cost": "program cost",
    "turnover_cost": "turnover cost",
    "mentoring_time_cost": "unpaid mentoring time",
    "net_cost": "net cost (program, turnover and unpaid mentoring time)",
}

# Shares are written as percentages and their differences as percentage points.
_PERCENT_UNITS = frozenset({"share", "share/year"})


#: What the ends of a 0-1 score mean, so a difference of 0.05 has something to stand on.
SCORE_ANCHOR = "0 the lowest the model allows, 1 the highest; 0.1 is a tenth of that range"


def scale(outcome: str) -> float:
    """The factor tables show an outcome's values and differences at: 100 for shares."""
    return 100.0 if _unit(outcome) in _PERCENT_UNITS else 1.0


def shown_unit(outcome: str) -> str:
    """The unit of an outcome's differences as tables show them: ``points`` for shares."""
    unit = _unit(outcome)
    if unit in _PERCENT_UNITS:
        return "points" + (" a year" if unit == "share/year" else "")
    if unit == "0-1":
        return "0-1 score"
    return unit


def label(outcome: str) -> str:
    """Plain words for an outcome (its name with spaces when it has none)."""
    return LABELS.get(outcome, outcome.replace("_", " "))


def level(outcome: str, value: float) -> str:
    """A value in the outcome's unit: ``62.7%``, ``$83.9k a year``, ``6.10 years``."""
    if not finite_number(value):
        return "n/a"
    unit = _unit(outcome)
    if unit in _PERCENT_UNITS:
        return f"{_digits(100 * value)}%" + (" a year" if unit == "share/year" else "")
    if unit == "$k/year":
        return f"{money(value)} a year"
    if unit == "people/year":
        return f"{_digits(value)} a year"
    return f"{_digits(value)}{_suffix(unit)}"


def change(outcome: str, diff: float) -> str:
    """A signed difference in the outcome's unit: ``+3.1 points``, ``+$83.9k a year``."""
    if not finite_number(diff):
        return "n/a"
    unit = _unit(outcome)
    if unit in _PERCENT_UNITS:
        return f"{_signed(100 * diff)} points" + (" a year" if unit == "share/year" else "")
    if unit == "$k/year":
        return f"{signed_money(diff)} a year"
    if unit == "people/year":
        return f"{_signed(diff)} a year"
    return f"{_signed(diff)}{_suffix(unit)}"


def interval(outcome: str, low: float, high: float) -> str:
    """``95% CI +1.2 to +5.0``: an interval of a difference, in :func:`change`'s scale."""
    if not (finite_number(low) and finite_number(high)):
        return "no interval"
    scale = 100 if _unit(outcome) in _PERCENT_UNITS else 1
    if _unit(outcome) == "$k/year":
        return f"95% CI {signed_money(low)} to {signed_money(high)}"
    return f"95% CI {_signed(scale * low)} to {_signed(scale * high)}"


def reference_of(table: pd.DataFrame, design: str, baseline: str) -> str:
    """The design ``design`` is compared with: its rows' ``reference``, else the baseline.

    Args:
        table: The comparison table (or the cost table); without a ``reference`` column
            every design is compared with the baseline.
        design: The design.
        baseline: The comparison's baseline.
    """
    if "reference" not in table.columns:
        return baseline
    found = table.loc[table["design"].astype(str) == design, "reference"].dropna()
    return str(found.iloc[0]) if len(found) else baseline


def phrase(row: Any) -> str:
    """``retention after 8 years -11.2 points (95% CI -15.0 to -7.35; 62.7% to 51.6%)``.

    Args:
        row: A row of the comparison table (``outcome``, ``diff``, ``ci_low``, ``ci_high``,
            ``reference_mean`` and ``mean`` are read).
    """
    outcome = str(row.outcome)
    return (
        f"{label(outcome)} {change(outcome, row.diff)} "
        f"({interval(outcome, row.ci_low, row.ci_high)}; "
        f"{level(outcome, row.reference_mean)} to {level(outcome, row.mean)})"
    )


def money(value: float) -> str:
    """Thousands of dollars as ``$83.9k``, ``$1,234k`` (``-$20.0k`` when negative)."""
    if not finite_number(value):
        return "n/a"
    text = f"${_digits(abs(value))}k"
    return f"-{text}" if value < 0 else text


def signed_money(value: float) -> str:
    """:func:`money` with a ``+`` on positive amounts."""
    text = money(value)
    return f"+{text}" if finite_number(value) and value > 0 else text


def _digits(value: float) -> str:
    """Enough digits to read, no more: ``1,234``, ``83.9``, ``7.13``, ``0.066``.

    Three significant digits from 1 up (every integer digit from 100, with separators), two
    below 1: a difference of 0.0659 points reads as 0.066, and its interval alike.
    """
    value = float(value)
    if value == 0:
        return "0"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    significant = 3 if abs(value) >= 1 else 2
    decimals = max(0, significant - 1 - math.floor(math.log10(abs(value))))
    return f"{value:.{decimals}f}"


def _signed(value: float) -> str:
    text = _digits(value)
    return f"+{text}" if value > 0 else text


def _unit(outcome: str) -> str:
    return OUTCOMES[outcome].unit if outcome in OUTCOMES else ""


def _suffix(unit: str) -> str:
    """`` years`` after a number; nothing for units that read badly there (``0-1``, ratio)."""
    return "" if unit in ("", "0-1", "ratio", "d") else f" {unit}"

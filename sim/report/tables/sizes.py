"""The size assumption behind a comparison, per design: how it hires and how big it is.

Departures avoided and their turnover cost mean different things at a steady size and in a
shrinking institution: under hiring ``"positions"`` every departure is refilled, so a design
that keeps people saves hires; under ``"fixed"`` the intake does not follow departures and a
design that keeps people grows. The design table therefore states, per design, the hiring
rule (``institution.hiring``), the yearly growth of positions
(``institution.positions_growth_rate``) and the faculty headcount at the start and the end of
the runs, with the mean after the warm-up (the ``faculty_size`` outcome).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from sim.report.text.numbers import finite_number, number


def size_assumptions(
    scenarios: Mapping[str, Mapping[str, Any] | None],
    yearly: pd.DataFrame,
    runs: pd.DataFrame,
    designs: Sequence[str],
) -> dict[str, str]:
    """Per design, its hiring rule, positions growth and faculty size, in one line.

    Args:
        scenarios: Design -> resolved scenario dict (``sim.report.tables.designs.read_scenarios``).
        yearly: The yearly table of the runs (``design``, ``year``, ``faculty``).
        runs: The runs table (``design`` and the ``faculty_size`` outcome).
        designs: The designs to describe.

    Returns:
        Design -> ``hiring "positions", positions growth 0% a year; faculty 225 at year 0,
        212 at year 30 (mean 211 after the warm-up)``; parts with no data are left out.
    """
    out = {}
    for design in designs:
        parts = []
        institution = (scenarios.get(design) or {}).get("institution", {})
        if "hiring" in institution:
            parts.append(f'hiring "{institution["hiring"]}"')
        if "positions_growth_rate" in institution:
            parts.append(
                f"positions growth {_percent(institution['positions_growth_rate'])} a year"
            )
        text = ", ".join(parts)
        faculty = _faculty(yearly, runs, design)
        if faculty:
            text = f"{text}; {faculty}" if text else faculty
        out[design] = text
    return out


def _faculty(yearly: pd.DataFrame, runs: pd.DataFrame, design: str) -> str:
    """``faculty 225 at year 0, 212 at year 30 (mean 211 after the warm-up)``, or ""."""
    text = ""
    if {"design", "year", "faculty"} <= set(yearly.columns):
        mine = yearly[yearly["design"].astype(str) == design]
        if len(mine):
            by_year = mine.groupby("year")["faculty"].mean()
            first, last = int(by_year.index.min()), int(by_year.index.max())
            text = (
                f"faculty {number(by_year[first])} at year {first}, "
                f"{number(by_year[last])} at year {last}"
            )
    if {"design", "faculty_size"} <= set(runs.columns):
        size = runs.loc[runs["design"].astype(str) == design, "faculty_size"].mean()
        if finite_number(size):
            mean = f"mean {number(size)} after the warm-up"
            text = f"{text} ({mean})" if text else f"faculty {mean}"
    return text


def _percent(rate: Any) -> str:
    try:
        return f"{100 * float(rate):g}%"
    except (TypeError, ValueError):
        return str(rate)

"""``[institution]``: size, structure, positions and hiring, leadership and values."""

from __future__ import annotations

from dataclasses import dataclass

from sim.scenario.validation import param

#: How the institution hires (``institution.hiring``).
HIRING_RULES = ("positions", "fixed", "replace")


# Source of the numbers that describe the institution studied rather than a behaviour.
DESCRIPTION = "institution description: set it to the institution studied"


@dataclass(frozen=True)
class Institution:
    """Size, structure, positions and hiring, leadership and values of the medical center."""

    initial_size: int = param(1500, lo=20, hi=200_000, doc="people at year 0", source=DESCRIPTION)
    department_size: int = param(
        50,
        lo=5,
        hi=5000,
        doc="mean people per department; mentoring is mostly within a department",
        source=DESCRIPTION,
    )
    initial_share_trainee: float = param(
        0.25, lo=0.0, hi=1.0, doc="share of trainees at year 0", source=DESCRIPTION
    )
    initial_share_assistant: float = param(
        0.33,
        lo=0.0,
        hi=1.0,
        doc="share of assistant professors at year 0",
        source="AAMC faculty roster (approx.)",
    )
    initial_share_associate: float = param(
        0.19,
        lo=0.0,
        hi=1.0,
        doc="share of associate professors at year 0",
        source="AAMC faculty roster (approx.)",
    )
    initial_share_full: float = param(
        0.23,
        lo=0.0,
        hi=1.0,
        doc="share of full professors (incl. leaders) at year 0",
        source="AAMC faculty roster (approx.)",
    )
    hiring: str = param(
        "positions",
        choices=HIRING_RULES,
        doc="'positions': hire into the faculty and training positions that "
        "are open, so every design keeps the same size and retention saves "
        "hires; 'fixed': the same intake every year whatever leaves; "
        "'replace': the fixed intake plus last year's faculty exits",
        source="design choice: academic medical centers hire into positions",
    )
    positions_growth_rate: float = param(
        0.0,
        lo=-0.2,
        hi=0.2,
        doc="yearly growth of faculty and training positions",
        source="design choice: a steady-size institution, so that designs compare at one size",
        plausible=(0.0, 0.03),
    )
    vacancy_delay_years: int = param(
        1,
        lo=1,
        hi=5,
        doc="years from a departure to the hire that refills its "
        "position (1: hired at the start of the next academic "
        "year)",
        source="assumption: a faculty search takes about a year",
        plausible=(1, 2),
    )
    hires_per_year: float = param(
        0.09,
        lo=0.0,
        hi=1.0,
        doc="yearly intake as a share of initial_size (hiring 'fixed' or 'replace')",
        source=DESCRIPTION,
    )
    hire_share_trainee: float = param(
        0.50,
        lo=0.0,
        hi=1.0,
        doc="share of intake who are trainees (hiring 'fixed' or 'replace')",
        source=DESCRIPTION,
    )
    hire_share_assistant: float = param(
        0.43,
        lo=0.0,
        hi=1.0,
        doc="share of intake hired as assistant professors; "
        "with hiring 'positions', its ratio to "
        "hire_share_associate splits external faculty hires",
        source=DESCRIPTION,
    )
    hire_share_associate: float = param(
        0.07,
        lo=0.0,
        hi=1.0,
        doc="share of intake hired as associate professors",
        source=DESCRIPTION,
    )
    leadership_positions: float = param(
        0.02,
        lo=0.0,
        hi=0.5,
        doc="leadership positions (chairs, chiefs, deans) as a share of initial_size",
        source=DESCRIPTION,
    )
    leader_term_years: int = param(
        10,
        lo=1,
        hi=40,
        doc="years a leader serves before stepping back to full professor",
        source="assumption",
        plausible=(5, 15),
    )
    succession: str = param(
        "internal_first",
        choices=("internal_first", "external_only"),
        doc="fill leadership openings from ready internal candidates first, "
        "or always hire externally",
        source="design choice",
    )
    readiness_threshold: float = param(
        0.70,
        lo=0.0,
        hi=1.0,
        doc="leadership readiness score at which a candidate counts as ready",
        source="assumption, calibrated to T13 (the internal share of leadership appointments)",
        plausible=(0.55, 0.8),
    )
    leadership_external_field: float = param(
        1.0,
        lo=0.0,
        hi=50.0,
        doc="strength of the external candidate field in a leadership search, in ready "
        "internal candidates: an opening goes inside with chance (ready internal weight) / "
        "(that weight + this)",
        source="assumption, calibrated to T13 (0: a ready internal candidate always wins)",
        plausible=(0.0, 3.0),
    )
    values_clarity: float = param(
        0.5,
        lo=0.0,
        hi=1.0,
        doc="how clearly the institution states its values and goals (0 none, 1 fully)",
        source="design choice",
    )

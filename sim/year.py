"""The record of one simulated year: what one stage of the yearly cycle hands the next.

The yearly cycle's stages run in a fixed order (hire, refresh the mentor pool, match, develop,
evaluate, promote, fill leadership, exits, collect). What a stage computes for a later one is
a named field here rather than an attribute set on the model in passing, so the order of use
can be read off the fields: ``develop`` fills ``support``, ``career_support`` and
``assessment``; ``evaluate`` reads ``assessment``; ``promote`` reads ``career_support``.
``tally`` counts the year's events (``sim.tally.Tally``) for the yearly metrics.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from sim.tally import Tally


def _empty() -> np.ndarray:
    return np.zeros(0)


@dataclass
class YearRecord:
    """One year's hand-overs between stages, and its event counts.

    Attributes:
        year: The year being simulated (1 for the first step).
        tally: The year's event counts (hires, exits by kind, relationships started and
            ended by reason, promotions, trainings, ...), one typed field each.
        support: float64 (n,), psychosocial support each person received this year.
        career_support: float64 (n,), the best career support (sponsorship, exposure,
            protection) each person received from a mentor (develop -> promote).
        assessment: float64 (n,), each person's chance of a realistic assessment of their
            path this year (develop -> evaluate).
    """

    year: int
    tally: Tally = field(default_factory=Tally)
    support: np.ndarray = field(default_factory=_empty)
    career_support: np.ndarray = field(default_factory=_empty)
    assessment: np.ndarray = field(default_factory=_empty)

"""One program design of an experiment: its scenario and the settings its file makes."""

from __future__ import annotations

from dataclasses import dataclass

from sim.scenario import Scenario


@dataclass(frozen=True)
class Design:
    """One program design of an experiment.

    Attributes:
        name: The design's name (its scenario's ``name``).
        source: The scenario file it was read from.
        scenario: The scenario with the experiment's fixed settings and years applied.
        sets: The scenario keys its file sets (``group.key``): its own levers.
    """

    name: str
    source: str
    scenario: Scenario
    sets: frozenset[str]

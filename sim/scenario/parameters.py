"""The parameter groups of a scenario: every parameter, its default, range and source.

Eight frozen dataclasses, one per table of a scenario file, each in its own module under
``sim.scenario.groups``, declared with :func:`param` so that each field carries its allowed
values, its meaning, where its default comes from and, for numbers the evidence does not pin
down, the range it plausibly lies in. This is the
only place a default lives: the model, the CLI, the app and the docs read it from here.

Each parameter's ``source`` is a literature figure (see ``docs/parameters.md``), a calibration
target ("calibrated to T.."), a "design choice" or an "assumption" where no figure exists.
"""

from __future__ import annotations

from sim.scenario.groups.career import Career
from sim.scenario.groups.costs import Costs
from sim.scenario.groups.institution import HIRING_RULES, Institution
from sim.scenario.groups.mentors import Mentors
from sim.scenario.groups.population import Population
from sim.scenario.groups.program import COACHING, POLICIES, Program
from sim.scenario.groups.relationships import Relationships
from sim.scenario.groups.wellbeing import Wellbeing

GROUPS: dict[str, type] = {
    "institution": Institution,
    "population": Population,
    "mentors": Mentors,
    "program": Program,
    "relationships": Relationships,
    "wellbeing": Wellbeing,
    "career": Career,
    "costs": Costs,
}

__all__ = [
    "COACHING",
    "GROUPS",
    "HIRING_RULES",
    "POLICIES",
    "Career",
    "Costs",
    "Institution",
    "Mentors",
    "Population",
    "Program",
    "Relationships",
    "Wellbeing",
]

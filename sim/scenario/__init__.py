"""The scenario schema: every parameter of a program design, validated, frozen, from TOML.

A scenario is the whole input of a run: one simulated institution and its mentorship
program, grouped into ``institution``, ``population``, ``mentors``, ``program``,
``relationships``, ``wellbeing``, ``career`` and ``costs``. It is the only place a default
lives. The package is split by concern:

- :mod:`~sim.scenario.parameters`: the parameter groups (one module each in
  :mod:`~sim.scenario.groups`), with defaults, ranges, sources and plausible ranges;
- :mod:`~sim.scenario.schema`: the :class:`Scenario`, loading and the cross-parameter rules;
- :mod:`~sim.scenario.validation`: the engine that declares and checks a parameter;
- :mod:`~sim.scenario.toml_writer`: writing a resolved scenario back as TOML.
"""

from sim.scenario.parameters import (
    COACHING,
    GROUPS,
    HIRING_RULES,
    POLICIES,
    Career,
    Costs,
    Institution,
    Mentors,
    Population,
    Program,
    Relationships,
    Wellbeing,
)
from sim.scenario.schema import (
    TOP_LEVEL,
    Scenario,
    default,
    from_dict,
    load,
    name_too_long,
    parameter_fields,
    parameter_table,
)
from sim.scenario.toml_writer import dump_toml
from sim.scenario.validation import ScenarioError, param

__all__ = [
    "COACHING",
    "GROUPS",
    "HIRING_RULES",
    "POLICIES",
    "TOP_LEVEL",
    "Career",
    "Costs",
    "Institution",
    "Mentors",
    "Population",
    "Program",
    "Relationships",
    "Scenario",
    "ScenarioError",
    "Wellbeing",
    "default",
    "dump_toml",
    "from_dict",
    "load",
    "name_too_long",
    "param",
    "parameter_fields",
    "parameter_table",
]

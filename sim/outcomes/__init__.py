"""Outcomes: yearly metrics and run-level outcomes, by stable names, from the state tables.

``definitions`` declares every name with its definition, unit, direction and the years a
cohort must be followed for it; ``yearly``
computes a year's metrics; ``run`` the run-level outcomes and the retention and load tables;
``survival`` the Kaplan-Meier estimates. Nothing here reads a model object: every function
takes the state tables and the design, so outcomes sit below the model in the layers.
"""

from sim.outcomes.definitions import (
    DEVELOPMENT_FACULTY_YEAR,
    EARLY_ATTRITION_YEARS,
    FOLLOW_UP_YEARS,
    OUTCOMES,
    POOR_FIT,
    RETENTION_YEARS,
    SATISFACTION_FACULTY_YEAR,
    SHARE_METRICS,
    YEARLY,
    Outcome,
    uncomputable,
)
from sim.outcomes.run import (
    faculty_cohort,
    load_table,
    retention_data,
    retention_table,
    run_outcomes,
)
from sim.outcomes.survival import kaplan_meier, kaplan_meier_median
from sim.outcomes.yearly import yearly_metrics

__all__ = [
    "DEVELOPMENT_FACULTY_YEAR",
    "EARLY_ATTRITION_YEARS",
    "FOLLOW_UP_YEARS",
    "OUTCOMES",
    "POOR_FIT",
    "RETENTION_YEARS",
    "SATISFACTION_FACULTY_YEAR",
    "SHARE_METRICS",
    "YEARLY",
    "Outcome",
    "faculty_cohort",
    "kaplan_meier",
    "kaplan_meier_median",
    "load_table",
    "retention_data",
    "retention_table",
    "run_outcomes",
    "uncomputable",
    "yearly_metrics",
]

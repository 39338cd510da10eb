"""Yearly metrics: one value per metric name per year, from the state tables.

The model calls ``yearly_metrics`` at the end of every year (and once for year 0); the
DataCollector records the values under the names of ``YEARLY``.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from sim.outcomes.definitions import POOR_FIT
from sim.scenario import Scenario
from sim.state import (
    ASSISTANT,
    ASSOCIATE,
    FULL,
    INFORMAL,
    LEADER,
    TRACK_WEIGHTS,
    TRAINEE,
    Table,
)


def _share(mask: np.ndarray, within: np.ndarray) -> float:
    count = int(within.sum())
    return float((mask & within).sum() / count) if count else 0.0


def _mean(values: np.ndarray) -> float:
    return float(values.mean()) if len(values) else 0.0


def yearly_metrics(people: Table, relationships: Table, design: Scenario,
                   tally: Mapping[str, int], effective_capacity: np.ndarray,
                   positions: int) -> dict[str, float]:
    """Compute every yearly metric from the state tables, once per year.

    Args:
        people: The people table at year end.
        relationships: The relationships table at year end.
        design: The scenario.
        tally: The year's event counts (``YearRecord.tally``).
        effective_capacity: float64 (n,), each person's mentoring capacity this year.
        positions: Number of leadership positions.

    Returns:
        Metric name (every key of ``YEARLY``) -> value.
    """
    p, r, t = people, relationships, tally
    active = p.active
    stage = p.stage
    faculty = active & (stage != TRAINEE)
    assistants = active & (stage == ASSISTANT)
    trainees = active & (stage == TRAINEE)
    juniors = trainees | assistants
    leaders = active & (stage == LEADER)
    fulls = active & (stage >= FULL)
    mentors_held = np.bincount(r.mentee[r.active], minlength=p.n)
    mentored = mentors_held > 0
    load = p.load
    active_mentor = active & (load > 0)
    loads = load[active_mentor]
    capacity = effective_capacity
    threshold = design.career.burnout_threshold
    burnt = p.burnout >= threshold
    attrition = t.get("exits_attrition_faculty", 0)
    faculty_at_risk = int(faculty.sum()) + attrition + t.get("exits_retirement", 0)
    composite = (p.skills[assistants] * TRACK_WEIGHTS[p.track[assistants]]).sum(axis=1)
    rel_active = r.active
    costs = design.costs
    program = design.program
    program_cost = 0.0
    if program.formal:
        # Protected time is paid to mentors the program assigned mentees to, not to those who
        # only mentor informally.
        formal = r.active & (r.kind != INFORMAL)
        program_mentors = len(np.unique(r.mentor[formal]))
        program_cost = (costs.program_admin_cost
                        + program_mentors * program.protected_hours_per_week
                        * costs.working_weeks * costs.mentor_hour_cost
                        + t.get("mentors_trained", 0) * costs.mentor_training_cost
                        + t.get("mentees_trained", 0) * costs.mentee_training_cost
                        + t.get("coached", 0) * costs.coaching_cost)
    openings = t.get("openings", 0)
    return {
        "headcount": float(active.sum()),
        "faculty": float(faculty.sum()),
        "trainees": float(trainees.sum()),
        "assistants": float(assistants.sum()),
        "associates": float((active & (stage == ASSOCIATE)).sum()),
        "fulls": float((active & (stage == FULL)).sum()),
        "leaders": float(leaders.sum()),
        "hires": float(t.get("hires", 0)),
        "exits_attrition": float(attrition),
        "exits_retirement": float(t.get("exits_retirement", 0)),
        "exits_training_completed": float(t.get("exits_training_completed", 0)),
        "promotions_associate": float(t.get("promotions_associate", 0)),
        "promotions_full": float(t.get("promotions_full", 0)),
        "annual_attrition": attrition / faculty_at_risk if faculty_at_risk else 0.0,
        "mentored_share": _share(mentored, assistants),
        "mentored_share_trainee": _share(mentored, trainees),
        "mean_mentors_per_mentee": _mean(mentors_held[juniors & mentored]),
        "multi_mentor_share": _share(mentors_held > 1, assistants & mentored),
        "active_mentors": float(active_mentor.sum()),
        "mentor_load_median": float(np.median(loads)) if len(loads) else 0.0,
        "mentor_load_p75": float(np.percentile(loads, 75)) if len(loads) else 0.0,
        "mentor_load_max": float(loads.max()) if len(loads) else 0.0,
        "mentor_load_full": _mean(load[active_mentor & (stage >= FULL)]),
        "mentor_load_associate": _mean(load[active_mentor & (stage == ASSOCIATE)]),
        "mentor_overload_share": _share(load > capacity + 1e-9, active_mentor),
        "relationships_active": float(rel_active.sum()),
        "relationships_failing_share": _share(r.quality < program.failure_threshold, rel_active),
        "burnout_share": _share(burnt, faculty),
        "mentor_burnout_share": _share(burnt, active_mentor),
        "burnout_share_poor_fit": _share(burnt, faculty & (p.path_fit < POOR_FIT)),
        "burnout_share_good_fit": _share(burnt, faculty & (p.path_fit >= POOR_FIT)),
        "mentee_satisfaction": _mean(p.satisfaction[juniors]),
        "mentor_satisfaction": _mean(p.mentor_satisfaction[active_mentor]),
        "development_index": _mean(composite),
        "values_alignment": _mean(p.alignment[faculty]),
        "leadership_openings": float(openings),
        "leadership_internal_fills": float(t.get("internal_fills", 0)),
        "leadership_bench": t.get("ready_candidates", 0) / max(1, positions),
        "women_share_assistant": _share(p.woman, assistants),
        "women_share_full": _share(p.woman, fulls),
        "women_share_leaders": _share(p.woman, leaders),
        "urm_share_leaders": _share(p.urm, leaders),
        "track_changes": float(t.get("track_changes", 0)),
        "program_cost": float(program_cost),
        "turnover_cost": float(attrition * costs.replacement_cost),
    }

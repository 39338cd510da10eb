"""Yearly metrics: one value per metric name per year, from the state tables.

The model calls ``yearly_metrics`` at the end of every year (and once for year 0); the
DataCollector records the values under the names of ``YEARLY``.
"""

from __future__ import annotations

import numpy as np

from sim.kernels import track_composite
from sim.outcomes.definitions import POOR_FIT
from sim.scenario import Scenario
from sim.state import (
    ASSISTANT,
    ASSOCIATE,
    FULL,
    INFORMAL,
    LEADER,
    TRAINEE,
    People,
    Relationships,
)
from sim.tally import Tally


def _share(mask: np.ndarray, within: np.ndarray) -> float:
    # count_nonzero rather than sum: the same integer counts, without sum's cast to int.
    count = np.count_nonzero(within)
    return float(np.count_nonzero(mask & within) / count) if count else 0.0


def _mean(values: np.ndarray) -> float:
    # The sum over the count is what ``mean`` computes (the same pairwise sum, the same
    # division; integer sums are exact either way), without its 2-4 µs of dispatch a call.
    return float(values.sum() / len(values)) if len(values) else 0.0


def _quantile_of_sorted(values: np.ndarray, q: float) -> float:
    """``np.quantile(values, q)`` (linear interpolation) of values sorted ascending.

    Written out because ``np.percentile`` and ``np.median`` cost a tenth of a small run's
    yearly metrics. The same formula as NumPy's default method; on the integer mentee
    counts it is given, every interpolated value is exact, so the results are identical.
    """
    position = q * (len(values) - 1)
    low = int(position)
    high = min(low + 1, len(values) - 1)
    fraction = position - low
    return float(values[low] + (float(values[high]) - float(values[low])) * fraction)


def yearly_metrics(
    people: People,
    relationships: Relationships,
    design: Scenario,
    tally: Tally,
    effective_capacity: np.ndarray,
    time_share: np.ndarray,
    *,
    year: int,
    program_running: bool,
    mentoring_hours: np.ndarray,
    faculty_positions: int,
    leadership_positions: int,
) -> dict[str, float]:
    """Compute every yearly metric from the state tables, once per year.

    Args:
        people: The people table at year end.
        relationships: The relationships table at year end.
        design: The scenario.
        tally: The year's event counts.
        effective_capacity: float64 (n,), each person's mentoring capacity this year, in whole
            mentees (the one capacity the fill rule and the time share read).
        time_share: float64 (n,), the share of full time each mentor gives a mentee.
        year: The year the metrics describe.
        program_running: Whether the formal program ran this year (it costs only then).
        mentoring_hours: float64 (n,), hours a week each person gives mentees beyond the
            protected time a program pays for.
        faculty_positions: Faculty positions this year.
        leadership_positions: Leadership positions.

    Returns:
        Metric name (every key of ``YEARLY``) -> value.
    """
    p, r, t = people, relationships, tally
    # Every per-person metric is over the people employed, and the tables keep everyone ever
    # hired (three times the employed after 30 years), so the employed rows and the active
    # relationships are taken once and every mask below is over them alone. Selecting the
    # same rows in the same order keeps every sum, mean and quantile the same.
    rows = np.flatnonzero(p.active)
    stage = p.stage[rows]
    faculty = stage != TRAINEE
    assistants = stage == ASSISTANT
    trainees = stage == TRAINEE
    juniors = trainees | assistants
    leaders = stage == LEADER
    fulls = stage >= FULL
    mentors_held = np.bincount(r.mentee[r.active], minlength=p.n)[rows]
    mentored = mentors_held > 0
    load = p.load[rows]
    active_mentor = load > 0
    loads = np.sort(load[active_mentor])
    capacity = effective_capacity[rows]
    threshold = design.career.burnout_threshold
    burnt = p.burnout[rows] >= threshold
    woman = p.woman[rows]
    attrition = t.exits_attrition_faculty
    faculty_at_risk = np.count_nonzero(faculty) + attrition + t.exits_retirement
    assistant_rows = rows[assistants]
    weights = design.population.track_weights
    composite = np.empty(len(assistant_rows))
    track_composite(
        skills=p.skills[assistant_rows],
        track=p.track[assistant_rows],
        track_weights=weights,
        out=composite,
    )
    rel_rows = np.flatnonzero(r.active)
    rel_active = np.ones(len(rel_rows), dtype=bool)
    rel_quality = r.quality[rel_rows]
    costs = design.costs
    program = design.program
    program_cost = _program_cost(p, r, design, tally) if program_running else 0.0
    joined = p.faculty_stage[rows] == ASSISTANT
    faculty_year = year - p.faculty_year[rows] + 1  # 1 in the year they joined
    kind_formal = r.kind[rel_rows] != INFORMAL
    kind_informal = ~kind_formal
    support = rel_quality * time_share[r.mentor[rel_rows]]
    path_fit = p.path_fit[rows]
    openings = t.openings
    return {
        "headcount": float(len(rows)),
        "faculty": float(np.count_nonzero(faculty)),
        "trainees": float(np.count_nonzero(trainees)),
        "assistants": float(np.count_nonzero(assistants)),
        "associates": float(np.count_nonzero(stage == ASSOCIATE)),
        "fulls": float(np.count_nonzero(stage == FULL)),
        "leaders": float(np.count_nonzero(leaders)),
        "hires": float(t.hires),
        "faculty_hires": float(t.faculty_hires),
        "trainees_to_faculty": float(t.trainees_to_faculty),
        "faculty_positions": float(faculty_positions),
        "exits_attrition": float(attrition),
        "exits_retirement": float(t.exits_retirement),
        "exits_training_completed": float(t.exits_training_completed),
        "promotions_associate": float(t.promotions_associate),
        "promotions_full": float(t.promotions_full),
        "annual_attrition": attrition / faculty_at_risk if faculty_at_risk else 0.0,
        "mentored_share": _share(mentored, assistants),
        "mentored_share_trainee": _share(mentored, trainees),
        "mean_mentors_per_mentee": _mean(mentors_held[juniors & mentored]),
        "multi_mentor_share": _share(mentors_held > 1, assistants & mentored),
        "active_mentors": float(np.count_nonzero(active_mentor)),
        "mentor_load_median": _quantile_of_sorted(loads, 0.5) if len(loads) else 0.0,
        "mentor_load_p75": _quantile_of_sorted(loads, 0.75) if len(loads) else 0.0,
        "mentor_load_max": float(loads[-1]) if len(loads) else 0.0,
        "mentor_load_full": _mean(load[active_mentor & (stage >= FULL)]),
        "mentor_load_associate": _mean(load[active_mentor & (stage == ASSOCIATE)]),
        "mentor_overload_share": _share(load > capacity, active_mentor),
        "relationships_active": float(len(rel_rows)),
        "relationships_failing_share": _share(rel_quality < program.failure_threshold, rel_active),
        "burnout_share": _share(burnt, faculty),
        "mentor_burnout_share": _share(burnt, active_mentor),
        "burnout_share_year1": _share(burnt, joined & (faculty_year == 1)),
        "burnout_share_year2": _share(burnt, joined & (faculty_year == 2)),
        "burnout_share_year4": _share(burnt, joined & (faculty_year == 4)),
        "burnout_share_assistant": _share(burnt, assistants),
        "burnout_share_senior": _share(burnt, (stage == ASSOCIATE) | fulls),
        "burnout_share_poor_fit": _share(burnt, faculty & (path_fit < POOR_FIT)),
        "burnout_share_good_fit": _share(burnt, faculty & (path_fit >= POOR_FIT)),
        "mentee_satisfaction": _mean(p.satisfaction[rows[juniors]]),
        "mentor_satisfaction": _mean(p.mentor_satisfaction[rows[active_mentor]]),
        "development_index": _mean(composite),
        "career_support_formal": _mean(support[kind_formal]),
        "career_support_informal": _mean(support[kind_informal]),
        "mentors_per_junior": (
            float(np.count_nonzero(active_mentor)) / max(1, int(np.count_nonzero(juniors)))
        ),
        "sponsored_share": _share(
            p.sponsor[rows] >= 0, (stage == ASSISTANT) | (stage == ASSOCIATE)
        ),
        "unfunded_share": (t.eligible_unfunded / t.eligible if t.eligible else 0.0),
        "peer_group_members": float(t.peer_group_members),
        "values_alignment": _mean(p.alignment[rows[faculty]]),
        "leadership_openings": float(openings),
        "leadership_internal_fills": float(t.internal_fills),
        "leadership_ready": float(t.ready_candidates),
        "leadership_ready_per_position": (t.ready_candidates / max(1, leadership_positions)),
        "women_share_assistant": _share(woman, assistants),
        "women_share_full": _share(woman, fulls),
        "women_share_leaders": _share(woman, leaders),
        "urm_share_leaders": _share(p.urm[rows], leaders),
        "track_changes": float(t.track_changes),
        "program_cost": float(program_cost),
        "turnover_cost": float(attrition * costs.replacement_cost),
        "mentoring_time_cost": float(
            mentoring_hours[rows].sum() * costs.working_weeks * costs.mentor_hour_cost
        ),
    }


def _program_cost(p: People, r: Relationships, design: Scenario, tally: Tally) -> float:
    """The formal program's cost this year ($k).

    Protected time and recognition are paid to the mentors the program assigned mentees to,
    not to those who only mentor informally; sponsorships the program assigned, peer groups,
    mentors coached by mentors of mentors, and one-off services (training, refreshers,
    coaching courses, evaluations, mentors recruited, pairs that met first, leadership
    program places) are counted as they happen.
    """
    costs, program = design.costs, design.program
    assigned = r.active & (r.kind != INFORMAL)
    program_mentors = len(np.unique(r.mentor[assigned]))
    sponsorships = int((p.active & (p.sponsor >= 0) & p.sponsor_by_program).sum())
    return float(
        costs.program_admin_cost
        + program_mentors
        * (
            program.protected_hours_per_week * costs.working_weeks * costs.mentor_hour_cost
            + costs.recognition_cost * program.mentor_recognition
        )
        + sponsorships * costs.sponsorship_cost
        + tally.peer_groups * costs.peer_group_cost
        + tally.program_pairs_started * costs.mentee_choice_cost * program.mentee_choice
        + tally.mentors_trained * costs.mentor_training_cost
        + tally.mentor_refreshers * costs.mentor_refresher_cost
        + tally.mentors_coached * costs.mentors_of_mentors_cost
        + tally.mentees_trained * costs.mentee_training_cost
        + tally.coaching_courses * costs.coaching_cost
        + tally.evaluations * costs.evaluation_cost
        + tally.mentors_recruited * costs.recruitment_cost
        + tally.leadership_participants * costs.leadership_program_cost
    )

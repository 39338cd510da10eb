"""Outcomes: yearly metrics and run-level outcomes, by stable names.

Every table, figure and test uses these names. Each outcome has a one-line definition and a
direction (+1 higher is better, -1 lower is better, 0 no preferred direction) declared once
here, which the comparison statistics read to give verdicts.

Run-level averages are taken over the years after ``warmup_years`` (the synthetic year-0
institution needs a few years to settle). Cohort outcomes follow the faculty who joined as
assistant professors after the warm-up and at least ten years before the end of the run.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from sim.state import (
    ASSISTANT,
    ASSOCIATE,
    ATTRITION,
    FULL,
    INFORMAL,
    LEADER,
    TRACK_WEIGHTS,
    TRAINEE,
)

if TYPE_CHECKING:  # pragma: no cover
    from sim.model import MentorshipModel


@dataclass(frozen=True)
class Outcome:
    """A run-level outcome: name, one-line definition, unit and preferred direction."""

    name: str
    definition: str
    unit: str
    direction: int


OUTCOMES: dict[str, Outcome] = {o.name: o for o in [
    Outcome("mentored_share", "share of assistant professors with at least one mentor "
            "(yearly mean)", "share", +1),
    Outcome("mean_mentors_per_mentee", "mean number of mentors of mentored juniors "
            "(yearly mean)", "mentors", 0),
    Outcome("multi_mentor_share", "share of mentored assistant professors with more than one "
            "mentor (yearly mean)", "share", 0),
    Outcome("annual_attrition", "faculty leaving academic medicine (not retiring) per faculty "
            "member per year", "share/year", -1),
    Outcome("attrition_3y", "share of new assistant professors who left within 3 years",
            "share", -1),
    Outcome("early_attrition_ratio", "yearly attrition hazard of new assistant professors in "
            "years 1-3 divided by that in years 4-10", "ratio", 0),
    Outcome("attrition_10y", "share of new assistant professors who left academic medicine "
            "within 10 years", "share", -1),
    Outcome("promoted_assoc_10y", "share of new assistant professors promoted to associate "
            "within 10 years", "share", +1),
    Outcome("time_to_promotion", "mean years from assistant to associate professor, among "
            "those promoted", "years", -1),
    Outcome("time_to_promotion_mentored", "time_to_promotion among those mentored in their "
            "first two faculty years", "years", -1),
    Outcome("time_to_promotion_unmentored", "time_to_promotion among those not mentored in "
            "their first two faculty years", "years", -1),
    Outcome("mentor_load_median", "median mentees per active mentor (yearly mean)",
            "mentees", 0),
    Outcome("mentor_load_p75", "75th percentile of mentees per active mentor (yearly mean)",
            "mentees", 0),
    Outcome("mentor_load_full", "mean mentees per active full professor or leader mentor",
            "mentees", 0),
    Outcome("mentor_load_associate", "mean mentees per active associate professor mentor",
            "mentees", 0),
    Outcome("mentor_overload_share", "share of active mentors above their capacity "
            "(yearly mean)", "share", -1),
    Outcome("relationship_failure_rate", "share of relationships started after the warm-up "
            "whose quality fell below the failure threshold", "share", -1),
    Outcome("burnout_share", "share of faculty meeting burnout criteria (yearly mean)",
            "share", -1),
    Outcome("burnout_ratio_poor_fit", "burnout share among faculty with poor path fit (below "
            "0.6) divided by that among the rest", "ratio", 0),
    Outcome("mentor_burnout_share", "share of active mentors meeting burnout criteria "
            "(yearly mean)", "share", -1),
    Outcome("mentee_satisfaction", "mean career satisfaction of juniors (yearly mean)",
            "0-1", +1),
    Outcome("mentor_satisfaction", "mean mentoring satisfaction of active mentors "
            "(yearly mean)", "0-1", +1),
    Outcome("development_index", "mean track skill composite of assistant professors "
            "(yearly mean)", "0-1", +1),
    Outcome("values_alignment", "mean alignment of faculty with institutional values "
            "(yearly mean)", "0-1", +1),
    Outcome("leadership_internal_fill", "share of leadership openings filled from inside",
            "share", +1),
    Outcome("leadership_bench", "ready internal candidates per leadership position "
            "(yearly mean)", "candidates", +1),
    Outcome("women_share_assistant", "share of women among assistant professors (final year)",
            "share", 0),
    Outcome("women_share_full", "share of women among full professors and leaders "
            "(final year)", "share", +1),
    Outcome("women_share_leaders", "share of women among leaders (final year)", "share", +1),
    Outcome("urm_share_leaders", "share of URM people among leaders (final year)", "share",
            +1),
    Outcome("promotion_gap_women", "promoted_assoc_10y of men minus that of women",
            "share", -1),
    Outcome("promotion_rate_ratio_women", "promotions to associate per eligible person-year, "
            "women vs men (a hazard ratio estimate)", "ratio", +1),
    Outcome("promotion_ratio_urm", "promoted_assoc_10y of URM divided by that of non-URM "
            "faculty (a risk ratio)", "ratio", +1),
    Outcome("promotion_gap_urm", "promoted_assoc_10y of non-URM minus that of URM faculty",
            "share", -1),
    Outcome("median_retention_women", "Kaplan-Meier median years in academic medicine, women "
            "faculty", "years", +1),
    Outcome("median_retention_men", "Kaplan-Meier median years in academic medicine, men "
            "faculty", "years", +1),
    Outcome("median_retention_urm", "Kaplan-Meier median years in academic medicine, URM "
            "faculty", "years", +1),
    Outcome("median_retention_non_urm", "Kaplan-Meier median years in academic medicine, "
            "non-URM faculty", "years", +1),
    Outcome("retention_gap_women", "median_retention_men minus median_retention_women",
            "years", -1),
    Outcome("retention_gap_urm", "median_retention_non_urm minus median_retention_urm",
            "years", -1),
    Outcome("track_change_share", "share of new assistant professors who moved to a track "
            "that suits their strengths", "share", 0),
    Outcome("program_cost", "mean yearly cost of the program", "$k/year", -1),
    Outcome("turnover_cost", "mean yearly replacement cost of faculty who left", "$k/year",
            -1),
    Outcome("net_cost", "program_cost plus turnover_cost", "$k/year", -1),
    Outcome("cost_per_retained_faculty", "program cost per faculty member retained, per year",
            "$k", -1),
]}

YEARLY: dict[str, str] = {
    "headcount": "people employed at year end",
    "faculty": "faculty (assistant and above) at year end",
    "trainees": "trainees at year end",
    "assistants": "assistant professors at year end",
    "associates": "associate professors at year end",
    "fulls": "full professors (not leaders) at year end",
    "leaders": "leaders at year end",
    "hires": "people hired this year (regular intake)",
    "exits_attrition": "faculty who left academic medicine this year",
    "exits_retirement": "people who retired this year",
    "exits_training_completed": "trainees who finished and left this year",
    "promotions_associate": "promotions to associate professor this year",
    "promotions_full": "promotions to full professor this year",
    "annual_attrition": "faculty attrition exits per faculty member this year",
    "mentored_share": "share of assistant professors with a mentor",
    "mentored_share_trainee": "share of trainees with a mentor",
    "mean_mentors_per_mentee": "mean mentors of mentored juniors",
    "multi_mentor_share": "share of mentored assistant professors with more than one mentor",
    "active_mentors": "mentors holding at least one mentee",
    "mentor_load_median": "median mentees per active mentor",
    "mentor_load_p75": "75th percentile of mentees per active mentor",
    "mentor_load_max": "most mentees held by any mentor",
    "mentor_load_full": "mean mentees per active full professor or leader mentor",
    "mentor_load_associate": "mean mentees per active associate professor mentor",
    "mentor_overload_share": "share of active mentors above capacity",
    "relationships_active": "relationships ongoing at year end",
    "relationships_failing_share": "share of ongoing relationships below the failure threshold",
    "burnout_share": "share of faculty meeting burnout criteria",
    "mentor_burnout_share": "share of active mentors meeting burnout criteria",
    "burnout_share_poor_fit": "burnout share among faculty with path fit below 0.6",
    "burnout_share_good_fit": "burnout share among faculty with path fit 0.6 or above",
    "mentee_satisfaction": "mean satisfaction of juniors",
    "mentor_satisfaction": "mean mentoring satisfaction of active mentors",
    "development_index": "mean track skill composite of assistant professors",
    "values_alignment": "mean values alignment of faculty",
    "leadership_openings": "leadership openings this year",
    "leadership_internal_fills": "openings filled from inside this year",
    "leadership_bench": "ready internal candidates per leadership position",
    "women_share_assistant": "share of women among assistant professors",
    "women_share_full": "share of women among full professors and leaders",
    "women_share_leaders": "share of women among leaders",
    "urm_share_leaders": "share of URM people among leaders",
    "track_changes": "juniors who moved to a better-fitting track this year",
    "program_cost": "program cost this year ($k)",
    "turnover_cost": "replacement cost of faculty who left this year ($k)",
}

SHARE_METRICS = [name for name in YEARLY if "share" in name]

# Path fit below which work holds little of what the person does best (Shanafelt 2009 compares
# faculty spending under 20% of their time on their most meaningful activity).
POOR_FIT = 0.6


def _share(mask: np.ndarray, within: np.ndarray) -> float:
    count = int(within.sum())
    return float((mask & within).sum() / count) if count else 0.0


def _mean(values: np.ndarray) -> float:
    return float(values.mean()) if len(values) else 0.0


def yearly_metric(model: MentorshipModel, name: str) -> float:
    """DataCollector reporter: one of this year's metrics (computed once in ``collect``)."""
    return model.metrics[name]


def yearly_metrics(model: MentorshipModel) -> dict[str, float]:
    """Compute every yearly metric from the model's arrays, once per year."""
    p, r, t = model.people, model.relationships, model.tally
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
    capacity, _ = model.mentor_capacity()
    threshold = model.design.career.burnout_threshold
    burnt = p.burnout >= threshold
    attrition = t.get("exits_attrition_faculty", 0)
    faculty_at_risk = int(faculty.sum()) + attrition + t.get("exits_retirement", 0)
    composite = (p.skills[assistants] * TRACK_WEIGHTS[p.track[assistants]]).sum(axis=1)
    rel_active = r.active
    costs = model.design.costs
    program = model.design.program
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
        "leadership_bench": t.get("ready_candidates", 0) / max(1, model.positions),
        "women_share_assistant": _share(p.woman, assistants),
        "women_share_full": _share(p.woman, fulls),
        "women_share_leaders": _share(p.woman, leaders),
        "urm_share_leaders": _share(p.urm, leaders),
        "track_changes": float(t.get("track_changes", 0)),
        "program_cost": float(program_cost),
        "turnover_cost": float(attrition * costs.replacement_cost),
    }


def kaplan_meier_median(durations: np.ndarray, observed: np.ndarray) -> float:
    """Kaplan-Meier median survival time, or NaN when survival never falls to one half.

    The step curve is interpolated linearly between event times where it crosses one half.
    Careers are counted in whole years, so the plain step median jumps a year at a time; the
    interpolated median moves smoothly with the hazards (which calibration needs) and agrees
    with the step median whenever a step lands exactly on one half.

    Args:
        durations: float (k,), years from start to event or censoring.
        observed: bool (k,), True where the event (leaving) happened.

    Returns:
        The time at which the interpolated survival curve reaches 0.5.
    """
    times, survival = kaplan_meier(durations, observed)
    below = np.flatnonzero(survival <= 0.5)
    if len(below) == 0:
        return float("nan")
    k = below[0]
    t_before, s_before = (times[k - 1], survival[k - 1]) if k > 0 else (0.0, 1.0)
    return float(t_before + (s_before - 0.5) / (s_before - survival[k]) * (times[k] - t_before))


def kaplan_meier(durations: np.ndarray, observed: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Kaplan-Meier survival curve: event times and the survival just after each."""
    durations = np.asarray(durations, dtype=float)
    observed = np.asarray(observed, dtype=bool)
    times = np.unique(durations[observed])
    survival = np.empty(len(times))
    s = 1.0
    for k, time in enumerate(times):
        at_risk = (durations >= time).sum()
        events = ((durations == time) & observed).sum()
        s *= 1.0 - events / at_risk
        survival[k] = s
    return times, survival


def faculty_cohort(model: MentorshipModel) -> np.ndarray:
    """Rows of people who joined as assistant professors after the warm-up.

    Only cohorts followed for at least ten years count toward ten-year outcomes; the
    retention curves use every cohort after the warm-up, with censoring.
    """
    p = model.people
    return np.flatnonzero((p.faculty_stage == ASSISTANT) & (p.faculty_year > model.design
                                                            .warmup_years))


def retention_data(model: MentorshipModel, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Years in academic medicine since joining the faculty, and whether they left (attrition).

    Retirement and the end of the run censor a career; only leaving academic medicine counts
    as the event.
    """
    p = model.people
    end = np.where(p.exit_year[rows] >= 0, p.exit_year[rows], model.year)
    durations = (end - p.faculty_year[rows]).astype(float)
    observed = p.exit_reason[rows] == ATTRITION
    return durations, observed


def run_outcomes(model: MentorshipModel, yearly: pd.DataFrame | None = None) -> dict[str, float]:
    """Compute every run-level outcome in ``OUTCOMES`` for a finished run.

    Args:
        model: The model after its last step.
        yearly: Its yearly metrics (``datacollector.get_model_vars_dataframe()``), if at hand.

    Returns:
        Outcome name -> value (NaN where the run is too short to define it).
    """
    if yearly is None:
        yearly = model.yearly()
    p, r = model.people, model.relationships
    warm = model.design.warmup_years
    after = yearly.iloc[warm + 1:] if len(yearly) > warm + 1 else yearly.iloc[-1:]
    final = yearly.iloc[-1]
    out: dict[str, float] = {}
    for name in ("mentored_share", "mean_mentors_per_mentee", "multi_mentor_share",
                 "annual_attrition", "mentor_load_median", "mentor_load_p75",
                 "mentor_load_full", "mentor_load_associate", "mentor_overload_share",
                 "burnout_share", "mentor_burnout_share", "mentee_satisfaction",
                 "mentor_satisfaction", "development_index", "values_alignment",
                 "leadership_bench", "program_cost", "turnover_cost"):
        out[name] = float(after[name].mean())
    for name in ("women_share_assistant", "women_share_full", "women_share_leaders",
                 "urm_share_leaders"):
        out[name] = float(final[name])
    openings = after["leadership_openings"].sum()
    out["leadership_internal_fill"] = (float(after["leadership_internal_fills"].sum() / openings)
                                       if openings else float("nan"))
    out["net_cost"] = out["program_cost"] + out["turnover_cost"]
    good = after["burnout_share_good_fit"].mean()
    out["burnout_ratio_poor_fit"] = (float(after["burnout_share_poor_fit"].mean() / good)
                                     if good > 0 else float("nan"))
    retained = after["faculty"].to_numpy()
    out["cost_per_retained_faculty"] = float((after["program_cost"].to_numpy()
                                              / np.maximum(retained, 1)).mean())

    cohort = faculty_cohort(model)
    followed = cohort[p.faculty_year[cohort] <= model.year - 10]
    _cohort_outcomes(model, followed, out)
    early = cohort[p.faculty_year[cohort] <= model.year - 3]
    left_early = (p.exit_reason[early] == ATTRITION) & (p.exit_year[early] - p.faculty_year[early]
                                                        < 3)
    out["attrition_3y"] = float(left_early.mean()) if len(early) else float("nan")
    out["early_attrition_ratio"] = _early_attrition_ratio(model, followed)
    out["track_change_share"] = (float((p.track_changes[cohort] > 0).mean()) if len(cohort)
                                 else float("nan"))
    durations, observed = retention_data(model, cohort)
    groups = {"women": p.woman[cohort], "men": ~p.woman[cohort], "urm": p.urm[cohort],
              "non_urm": ~p.urm[cohort]}
    for group, mask in groups.items():
        out[f"median_retention_{group}"] = kaplan_meier_median(durations[mask], observed[mask])
    out["retention_gap_women"] = out["median_retention_men"] - out["median_retention_women"]
    out["retention_gap_urm"] = out["median_retention_non_urm"] - out["median_retention_urm"]

    started = r.start_year > warm
    out["relationship_failure_rate"] = (float(r.ever_failing[started].mean()) if started.any()
                                        else float("nan"))
    return {name: out[name] for name in OUTCOMES}


def _cohort_outcomes(model: MentorshipModel, followed: np.ndarray, out: dict) -> None:
    """Ten-year attrition, promotion and time to promotion of the followed cohorts."""
    p = model.people
    nan = float("nan")
    if len(followed) == 0:
        for name in ("attrition_10y", "promoted_assoc_10y", "time_to_promotion",
                     "time_to_promotion_mentored", "time_to_promotion_unmentored",
                     "promotion_gap_women", "promotion_gap_urm", "promotion_ratio_urm",
                     "promotion_rate_ratio_women"):
            out[name] = nan
        return
    start = p.faculty_year[followed]
    left = (p.exit_reason[followed] == ATTRITION) & (p.exit_year[followed] - start < 10)
    years_to_assoc = np.where(p.associate_year[followed] >= 0,
                              p.associate_year[followed] - start, 10**6)
    promoted = years_to_assoc < 10
    out["attrition_10y"] = float(left.mean())
    out["promoted_assoc_10y"] = float(promoted.mean())
    ever = years_to_assoc < 10**6
    mentored = p.mentored_early[followed]
    out["time_to_promotion"] = _mean_or_nan(years_to_assoc[ever])
    out["time_to_promotion_mentored"] = _mean_or_nan(years_to_assoc[ever & mentored])
    out["time_to_promotion_unmentored"] = _mean_or_nan(years_to_assoc[ever & ~mentored])
    woman, urm = p.woman[followed], p.urm[followed]
    out["promotion_gap_women"] = _mean_or_nan(promoted[~woman]) - _mean_or_nan(promoted[woman])
    out["promotion_gap_urm"] = _mean_or_nan(promoted[~urm]) - _mean_or_nan(promoted[urm])
    out["promotion_ratio_urm"] = _ratio(_mean_or_nan(promoted[urm]),
                                        _mean_or_nan(promoted[~urm]))
    # Person-years at risk of promotion: from eligibility to promotion, exit or ten years.
    eligible_from = start + model.design.career.min_years_assistant
    stop = np.minimum.reduce([np.where(promoted, start + years_to_assoc, 10**6),
                              np.where(p.exit_year[followed] >= 0, p.exit_year[followed], 10**6),
                              start + 10, np.full(len(followed), model.year)])
    at_risk = np.clip(stop - eligible_from, 0, None).astype(float) + promoted
    rate_women = promoted[woman].sum() / max(at_risk[woman].sum(), 1e-9)
    rate_men = promoted[~woman].sum() / max(at_risk[~woman].sum(), 1e-9)
    out["promotion_rate_ratio_women"] = _ratio(rate_women, rate_men)


def _mean_or_nan(values: np.ndarray) -> float:
    return float(values.mean()) if len(values) else float("nan")


def _ratio(numerator: float, denominator: float) -> float:
    if not np.isfinite(numerator) or not np.isfinite(denominator) or denominator == 0:
        return float("nan")
    return float(numerator / denominator)


def _early_attrition_ratio(model: MentorshipModel, followed: np.ndarray) -> float:
    """Attrition hazard in faculty years 1-3 over that in years 4-10 (events / person-years)."""
    if len(followed) == 0:
        return float("nan")
    durations, observed = retention_data(model, followed)
    durations = np.minimum(durations, 10.0)
    observed = observed & (durations < 10.0)
    early_years = np.minimum(durations, 3.0).sum()
    late_years = np.clip(durations - 3.0, 0.0, None).sum()
    early_events = (observed & (durations < 3.0)).sum()
    late_events = (observed & (durations >= 3.0)).sum()
    if early_years == 0 or late_years == 0 or late_events == 0:
        return float("nan")
    return float((early_events / early_years) / (late_events / late_years))

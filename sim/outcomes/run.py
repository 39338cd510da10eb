"""Run-level outcomes of a finished run, and the per-person tables behind its figures.

Run-level averages are taken over the years after ``warmup_years`` (the synthetic year-0
institution needs a few years to settle). Cohort outcomes follow the faculty who joined as
assistant professors after the warm-up and at least ten years (``FOLLOW_UP_YEARS``, fewer for
the outcomes whose ``follow_up_years`` say so) before the end of the run: the same rule
``Outcome.years_needed`` states, so a run the experiment commands accept computes them.
Every function reads the state tables and the design, never a model object.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sim.outcomes.definitions import (
    EARLY_ATTRITION_YEARS,
    FOLLOW_UP_YEARS,
    OUTCOMES,
    RETENTION_YEARS,
)
from sim.outcomes.survival import kaplan_meier_median
from sim.scenario import Scenario
from sim.state import ASSISTANT, ASSOCIATE, ATTRITION, MOVED, STAGE_NAMES, People, Relationships

#: Exit reasons that open a post at the institution: leaving academic medicine or moving to
#: another academic institution (retirement aside).
LEFT_INSTITUTION = (ATTRITION, MOVED)


def faculty_cohort(people: People, design: Scenario) -> np.ndarray:
    """Rows of people who joined as assistant professors after the warm-up.

    Only cohorts followed for at least ten years count toward ten-year outcomes; the
    retention curves use every cohort after the warm-up, with censoring.
    """
    p = people
    return np.flatnonzero((p.faculty_stage == ASSISTANT) & (p.faculty_year > design.warmup_years))


def retention_data(
    people: People, rows: np.ndarray, final_year: int, events: tuple[int, ...] = (ATTRITION,)
) -> tuple[np.ndarray, np.ndarray]:
    """Years since joining the faculty, and whether the career ended by one of ``events``.

    By default the event is leaving academic medicine: a move to another academic institution,
    retirement and the end of the run censor the career (retention in academic medicine, as
    the national studies measure it). With ``events=LEFT_INSTITUTION`` a move counts too
    (retention at this institution).
    """
    p = people
    end = np.where(p.exit_year[rows] >= 0, p.exit_year[rows], final_year)
    durations = (end - p.faculty_year[rows]).astype(float)
    observed = np.isin(p.exit_reason[rows], events)
    return durations, observed


def run_outcomes(
    people: People,
    relationships: Relationships,
    design: Scenario,
    yearly: pd.DataFrame,
    final_year: int,
) -> dict[str, float]:
    """Compute every run-level outcome in ``OUTCOMES`` for a finished run.

    Args:
        people: The people table after the last year.
        relationships: The relationships table after the last year.
        design: The scenario.
        yearly: The yearly metrics, one row per year from year 0.
        final_year: The last year simulated.

    Returns:
        Outcome name -> value (NaN where the run is too short to define it).
    """
    p, r = people, relationships
    warm = design.warmup_years
    after = yearly.iloc[warm + 1 :] if len(yearly) > warm + 1 else yearly.iloc[-1:]
    out: dict[str, float] = {}
    for name in (
        "mentored_share",
        "mean_mentors_per_mentee",
        "multi_mentor_share",
        "annual_attrition",
        "mentor_load_median",
        "mentor_load_p75",
        "mentor_load_full",
        "mentor_load_associate",
        "mentor_overload_share",
        "burnout_share",
        "mentor_burnout_share",
        "mentee_satisfaction",
        "mentor_satisfaction",
        "values_alignment",
        "program_cost",
        "turnover_cost",
        "burnout_share_year1",
        "mentoring_time_cost",
        "burnout_share_year2",
        "burnout_share_year4",
        "mentors_per_junior",
    ):
        out[name] = float(after[name].mean())
    out["faculty_size"] = float(after["faculty"].mean())
    out["unfunded_share"] = (
        float(after["unfunded_share"].mean()) if design.program.budget > 0 else 0.0
    )
    out["departures_per_year"] = float(after["exits_attrition"].mean())
    out["promotions_per_year"] = float(after["promotions_associate"].mean())
    with_openings = after[after["leadership_openings"] > 0]
    out["leadership_bench"] = (
        float((with_openings["leadership_ready"] / with_openings["leadership_openings"]).mean())
        if len(with_openings)
        else float("nan")
    )
    both = after[(after["career_support_formal"] > 0) & (after["career_support_informal"] > 0)]
    out["formal_to_informal_support"] = (
        float((both["career_support_formal"] / both["career_support_informal"]).mean())
        if len(both)
        else float("nan")
    )
    # About 30 leaders (3 URM) at the default size: one year's shares jump with each
    # appointment, so leader shares are averaged over the last ten years.
    last_ten = yearly.iloc[-10:]
    for name in (
        "women_share_assistant",
        "women_share_full",
        "women_share_leaders",
        "urm_share_leaders",
    ):
        out[name] = float(last_ten[name].mean())
    out["leadership_ratio_women"] = (
        out["women_share_leaders"] / out["women_share_full"]
        if out["women_share_full"] > 0
        else float("nan")
    )
    openings = after["leadership_openings"].sum()
    out["leadership_internal_fill"] = (
        float(after["leadership_internal_fills"].sum() / openings) if openings else float("nan")
    )
    out["net_cost"] = out["program_cost"] + out["turnover_cost"] + out["mentoring_time_cost"]
    senior = after["burnout_share_senior"].mean()
    out["burnout_ratio_rank"] = (
        float(after["burnout_share_assistant"].mean() / senior) if senior > 0 else float("nan")
    )
    good = after["burnout_share_good_fit"].mean()
    out["burnout_ratio_poor_fit"] = (
        float(after["burnout_share_poor_fit"].mean() / good) if good > 0 else float("nan")
    )

    cohort = faculty_cohort(p, design)
    followed = cohort[p.faculty_year[cohort] <= final_year - FOLLOW_UP_YEARS]
    _cohort_outcomes(p, design, followed, final_year, out)
    early = cohort[p.faculty_year[cohort] <= final_year - EARLY_ATTRITION_YEARS]
    left_early = np.isin(p.exit_reason[early], LEFT_INSTITUTION) & (
        p.exit_year[early] - p.faculty_year[early] < EARLY_ATTRITION_YEARS
    )
    out["attrition_3y"] = float(left_early.mean()) if len(early) else float("nan")
    eight = cohort[p.faculty_year[cohort] <= final_year - RETENTION_YEARS]
    left_by_eight = np.isin(p.exit_reason[eight], LEFT_INSTITUTION) & (
        p.exit_year[eight] - p.faculty_year[eight] < RETENTION_YEARS
    )
    out["retention_8y"] = float(1.0 - left_by_eight.mean()) if len(eight) else float("nan")
    out["exit_hazard_8y"] = _exit_hazard(p, eight, final_year, RETENTION_YEARS)
    new_associates = np.flatnonzero(
        (p.associate_year > warm) & (p.associate_year <= final_year - FOLLOW_UP_YEARS)
    )
    to_full = p.full_year[new_associates]
    out["promoted_full_10y"] = (
        float(
            ((to_full >= 0) & (to_full - p.associate_year[new_associates] < FOLLOW_UP_YEARS)).mean()
        )
        if len(new_associates)
        else float("nan")
    )
    # The source counts only faculty who stayed ten years in rank: leavers who were not
    # promoted before they left drop out of the denominator.
    promoted = (to_full >= 0) & (to_full - p.associate_year[new_associates] < FOLLOW_UP_YEARS)
    left = (p.exit_year[new_associates] >= 0) & (
        p.exit_year[new_associates] - p.associate_year[new_associates] < FOLLOW_UP_YEARS
    )
    counted = promoted | ~left
    out["promoted_full_10y_retained"] = (
        float(promoted[counted].mean()) if counted.any() else float("nan")
    )
    sixth = p.followup_composite[cohort]
    out["development_index"] = (
        float(np.nanmean(sixth)) if np.isfinite(sixth).any() else float("nan")
    )
    out["early_attrition_ratio"] = _early_attrition_ratio(p, followed, final_year)
    out["track_change_share"] = (
        float((p.track_changes[cohort] > 0).mean()) if len(cohort) else float("nan")
    )
    durations, observed = retention_data(p, cohort, final_year)
    groups = {
        "women": p.woman[cohort],
        "men": ~p.woman[cohort],
        "urm": p.urm[cohort],
        "non_urm": ~p.urm[cohort],
    }
    for group, mask in groups.items():
        out[f"median_retention_{group}"] = kaplan_meier_median(durations[mask], observed[mask])
    out["retention_gap_women"] = out["median_retention_men"] - out["median_retention_women"]
    out["retention_gap_urm"] = out["median_retention_non_urm"] - out["median_retention_urm"]
    out["retention_ratio_women"] = _ratio(
        out["median_retention_women"], out["median_retention_men"]
    )
    out["retention_ratio_urm"] = _ratio(
        out["median_retention_urm"], out["median_retention_non_urm"]
    )

    started = r.start_year > warm
    out["relationship_failure_rate"] = (
        float(r.ever_failing[started].mean()) if started.any() else float("nan")
    )
    return {name: out[name] for name in OUTCOMES}


def _cohort_outcomes(
    p: People, design: Scenario, followed: np.ndarray, final_year: int, out: dict
) -> None:
    """Ten-year attrition, promotion and time to promotion of the followed cohorts."""
    nan = float("nan")
    if len(followed) == 0:
        for name in (
            "attrition_10y",
            "left_academic_10y",
            "moved_10y",
            "promoted_assoc_10y",
            "time_to_promotion",
            "time_to_promotion_mentored",
            "time_to_promotion_unmentored",
            "promotion_gap_women",
            "promotion_gap_urm",
            "promotion_ratio_urm",
            "promotion_ratio_women",
            "promotion_rate_ratio_women",
            "promoted_assoc_10y_women",
            "promoted_assoc_10y_men",
            "promoted_assoc_10y_urm",
            "promoted_assoc_10y_non_urm",
            "mentoring_effect_promotion",
            "mentoring_effect_satisfaction",
            "mentoring_effect_burnout",
            "mentoring_effect_gap",
            "sponsored_share_men",
            "sponsored_share_women",
            "sponsorship_ratio_women",
            "sponsorship_gap_women",
            "sponsored_promotion_ratio",
        ):
            out[name] = nan
        return
    start = p.faculty_year[followed]
    within = (p.exit_year[followed] >= 0) & (p.exit_year[followed] - start < FOLLOW_UP_YEARS)
    left = np.isin(p.exit_reason[followed], LEFT_INSTITUTION) & within
    out["left_academic_10y"] = float(((p.exit_reason[followed] == ATTRITION) & within).mean())
    out["moved_10y"] = float(((p.exit_reason[followed] == MOVED) & within).mean())
    years_to_assoc = np.where(
        p.associate_year[followed] >= 0, p.associate_year[followed] - start, 10**6
    )
    promoted = years_to_assoc < FOLLOW_UP_YEARS
    out["attrition_10y"] = float(left.mean())
    out["promoted_assoc_10y"] = float(promoted.mean())
    ever = years_to_assoc < 10**6
    mentored = p.mentored_early[followed]
    out["time_to_promotion"] = _mean_or_nan(years_to_assoc[ever])
    out["time_to_promotion_mentored"] = _mean_or_nan(years_to_assoc[ever & mentored])
    out["time_to_promotion_unmentored"] = _mean_or_nan(years_to_assoc[ever & ~mentored])
    woman, urm = p.woman[followed], p.urm[followed]
    # Surveys behind the meta-analyses ask faculty still employed, so the promotion
    # comparison is among those still in academic medicine ten years on (retention is E2's).
    stayed = ~left
    out["mentoring_effect_promotion"] = cohens_d(
        promoted[mentored & stayed].astype(float), promoted[~mentored & stayed].astype(float)
    )
    satisfaction = p.followup_satisfaction[followed]
    seen = np.isfinite(satisfaction)
    out["mentoring_effect_satisfaction"] = cohens_d(
        satisfaction[seen & mentored], satisfaction[seen & ~mentored]
    )
    burnout = p.followup_burnout[followed]
    seen = np.isfinite(burnout)
    out["mentoring_effect_burnout"] = cohens_d(burnout[seen & mentored], burnout[seen & ~mentored])
    out["mentoring_effect_gap"] = (
        out["mentoring_effect_satisfaction"] - out["mentoring_effect_promotion"]
    )
    rates = {
        "women": _mean_or_nan(promoted[woman]),
        "men": _mean_or_nan(promoted[~woman]),
        "urm": _mean_or_nan(promoted[urm]),
        "non_urm": _mean_or_nan(promoted[~urm]),
    }
    for group, rate in rates.items():
        out[f"promoted_assoc_10y_{group}"] = rate
    sponsored = (p.first_sponsor_year[followed] >= 0) & (
        p.first_sponsor_year[followed] - start < FOLLOW_UP_YEARS
    )
    out["sponsored_share_men"] = _mean_or_nan(sponsored[~woman].astype(float))
    out["sponsored_share_women"] = _mean_or_nan(sponsored[woman].astype(float))
    out["sponsorship_ratio_women"] = _ratio(
        out["sponsored_share_women"], out["sponsored_share_men"]
    )
    out["sponsorship_gap_women"] = out["sponsored_share_men"] - out["sponsored_share_women"]
    out["sponsored_promotion_ratio"] = _ratio(
        _mean_or_nan(promoted[sponsored & stayed]), _mean_or_nan(promoted[~sponsored & stayed])
    )
    out["promotion_gap_women"] = rates["men"] - rates["women"]
    out["promotion_gap_urm"] = rates["non_urm"] - rates["urm"]
    out["promotion_ratio_women"] = _ratio(rates["women"], rates["men"])
    out["promotion_ratio_urm"] = _ratio(rates["urm"], rates["non_urm"])
    # Person-years at risk of promotion: from eligibility to promotion, exit or ten years.
    eligible_from = start + design.career.min_years_assistant
    stop = np.minimum.reduce(
        [
            np.where(promoted, start + years_to_assoc, 10**6),
            np.where(p.exit_year[followed] >= 0, p.exit_year[followed], 10**6),
            start + FOLLOW_UP_YEARS,
            np.full(len(followed), final_year),
        ]
    )
    at_risk = np.clip(stop - eligible_from, 0, None).astype(float) + promoted
    rate_women = promoted[woman].sum() / max(at_risk[woman].sum(), 1e-9)
    rate_men = promoted[~woman].sum() / max(at_risk[~woman].sum(), 1e-9)
    out["promotion_rate_ratio_women"] = _ratio(rate_women, rate_men)


def cohens_d(treated: np.ndarray, control: np.ndarray) -> float:
    """Standardised mean difference: (mean treated - mean control) / pooled standard deviation.

    NaN when either group has fewer than two values or the pooled spread is zero.
    """
    n1, n0 = len(treated), len(control)
    if n1 < 2 or n0 < 2:
        return float("nan")
    pooled = ((n1 - 1) * treated.var(ddof=1) + (n0 - 1) * control.var(ddof=1)) / (n1 + n0 - 2)
    if pooled <= 0:
        return float("nan")
    return float((treated.mean() - control.mean()) / np.sqrt(pooled))


def _mean_or_nan(values: np.ndarray) -> float:
    return float(values.mean()) if len(values) else float("nan")


def _ratio(numerator: float, denominator: float) -> float:
    if not np.isfinite(numerator) or not np.isfinite(denominator) or denominator == 0:
        return float("nan")
    return float(numerator / denominator)


def _early_attrition_ratio(p: People, followed: np.ndarray, final_year: int) -> float:
    """Attrition hazard in faculty years 1-3 over that in years 4-10 (events / person-years)."""
    if len(followed) == 0:
        return float("nan")
    durations, observed = retention_data(p, followed, final_year, LEFT_INSTITUTION)
    durations = np.minimum(durations, float(FOLLOW_UP_YEARS))
    observed = observed & (durations < FOLLOW_UP_YEARS)
    early_years = np.minimum(durations, 3.0).sum()
    late_years = np.clip(durations - 3.0, 0.0, None).sum()
    early_events = (observed & (durations < 3.0)).sum()
    late_events = (observed & (durations >= 3.0)).sum()
    if early_years == 0 or late_years == 0 or late_events == 0:
        return float("nan")
    return float((early_events / early_years) / (late_events / late_years))


def _exit_hazard(p: People, rows: np.ndarray, final_year: int, years: int) -> float:
    """Exits from the institution per person-year over the first ``years`` on the faculty.

    Retirement censors. This is the rate a proportional-hazards (Cox) comparison of two groups
    compares: the ratio of two designs' rates is their hazard ratio of leaving.
    """
    if len(rows) == 0:
        return float("nan")
    durations, observed = retention_data(p, rows, final_year, LEFT_INSTITUTION)
    durations = np.minimum(durations, float(years))
    events = (observed & (durations < years)).sum()
    # A person leaving in the year they joined has served part of a year: count half a year.
    exposure = np.maximum(durations, 0.5).sum()  # structural: half of the joining year
    return float(events / exposure)


def retention_table(people: People, design: Scenario, final_year: int) -> pd.DataFrame:
    """One row per faculty member followed for retention: group, years, whether they left.

    Columns: ``woman``, ``urm``, ``duration`` (years since joining the faculty, to leaving or
    the end of the run) and ``observed`` (left academic medicine; retirement and the end of
    the run censor).
    """
    cohort = faculty_cohort(people, design)
    durations, observed = retention_data(people, cohort, final_year)
    return pd.DataFrame(
        {
            "woman": people.woman[cohort],
            "urm": people.urm[cohort],
            "duration": durations,
            "observed": observed,
        }
    )


def load_table(people: People) -> pd.DataFrame:
    """One row per active mentor holding mentees now: their ``stage`` and ``load``."""
    mentors = np.flatnonzero(people.active & (people.load > 0) & (people.stage >= ASSOCIATE))
    return pd.DataFrame(
        {
            "stage": pd.Series([STAGE_NAMES[s] for s in people.stage[mentors]], dtype="string"),
            "load": people.load[mentors].astype(np.int64),
        }
    )

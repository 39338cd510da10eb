"""Outcome and yearly-metric names, with their definitions, units and directions.

Every table, figure and test uses these names. Each outcome has a one-line definition and a
direction (+1 higher is better, -1 lower is better, 0 no preferred direction) declared once
here, which the comparison statistics read to give verdicts, and the years a cohort must be
followed, which the experiment commands read to refuse runs too short to compute it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

# Cohorts are measured at fixed points of their careers (faculty year 1 is the year they
# join): skills in the sixth year (about when promotion to associate is decided, T5), career
# satisfaction in the third (after the early-attrition years, T3), retention at eight years
# (the probationary period of E2).
DEVELOPMENT_FACULTY_YEAR = 6
SATISFACTION_FACULTY_YEAR = 3
RETENTION_YEARS = 8
#: Years the ten-year cohort outcomes (attrition, promotion, sponsorship) follow a cohort.
FOLLOW_UP_YEARS = 10
#: Years ``attrition_3y`` follows a cohort (the early-attrition years, T3).
EARLY_ATTRITION_YEARS = 3


@dataclass(frozen=True)
class Outcome:
    """A run-level outcome: name, one-line definition, unit and preferred direction.

    Attributes:
        name: The stable name.
        definition: One line saying what it measures.
        unit: Its unit.
        direction: +1 higher is better, -1 lower is better, 0 no preferred direction.
        follow_up_years: Years a cohort joining after the warm-up must be followed before
            the outcome is defined (0: the years after the warm-up are enough).
    """

    name: str
    definition: str
    unit: str
    direction: int
    follow_up_years: int = 0

    def years_needed(self, warmup_years: int) -> int:
        """The shortest run (its ``years``) in which the outcome can be computed.

        The first cohort counted joins in year ``warmup_years + 1`` (after the warm-up) and
        is followed ``follow_up_years`` more, to the run's last year (``years``); a shorter
        run leaves the outcome NaN in every replicate, whatever the seed.
        """
        return warmup_years + 1 + self.follow_up_years


OUTCOMES: dict[str, Outcome] = {
    o.name: o
    for o in [
        Outcome(
            "mentored_share",
            "share of assistant professors with at least one mentor (yearly mean)",
            "share",
            +1,
        ),
        Outcome(
            "mean_mentors_per_mentee",
            "mean number of mentors of mentored juniors (yearly mean)",
            "mentors",
            0,
        ),
        Outcome(
            "multi_mentor_share",
            "share of mentored assistant professors with more than one mentor (yearly mean)",
            "share",
            0,
        ),
        Outcome(
            "annual_attrition",
            "faculty leaving the institution (for another academic institution or out of "
            "academic medicine; not retiring) per faculty member per year",
            "share/year",
            -1,
        ),
        Outcome(
            "attrition_3y",
            "share of new assistant professors who left the institution within 3 years "
            "(moved or left academic medicine)",
            "share",
            -1,
            follow_up_years=EARLY_ATTRITION_YEARS,
        ),
        Outcome(
            "early_attrition_ratio",
            "yearly hazard of leaving the institution of new assistant professors in "
            "years 1-3 divided by that in years 4-10",
            "ratio",
            0,
            follow_up_years=FOLLOW_UP_YEARS,
        ),
        Outcome(
            "attrition_10y",
            "share of new assistant professors who left the institution within 10 years "
            "(moved to another academic institution or left academic medicine)",
            "share",
            -1,
            follow_up_years=FOLLOW_UP_YEARS,
        ),
        Outcome(
            "left_academic_10y",
            "share of new assistant professors who left academic medicine within 10 years",
            "share",
            -1,
            follow_up_years=FOLLOW_UP_YEARS,
        ),
        Outcome(
            "moved_10y",
            "share of new assistant professors who moved to another academic institution "
            "within 10 years",
            "share",
            -1,
            follow_up_years=FOLLOW_UP_YEARS,
        ),
        Outcome(
            "retention_8y",
            "share of new assistant professors still at the institution 8 "
            "years after joining (the end of a probationary period; retirement counts as "
            "retained)",
            "share",
            +1,
            follow_up_years=RETENTION_YEARS,
        ),
        Outcome(
            "exit_hazard_8y",
            "new assistant professors' exits from the institution per person-year over their "
            "first 8 years (retirement censors; two designs' ratio is a hazard ratio)",
            "per year",
            -1,
            follow_up_years=RETENTION_YEARS,
        ),
        Outcome(
            "departures_per_year",
            "faculty who left the institution per year, moving or leaving academic medicine "
            "(each refilled at a cost; yearly mean)",
            "people/year",
            -1,
        ),
        Outcome(
            "promoted_assoc_10y",
            "share of new assistant professors promoted to associate within 10 years",
            "share",
            +1,
            follow_up_years=FOLLOW_UP_YEARS,
        ),
        Outcome(
            "promotions_per_year",
            "promotions from assistant to associate professor per year (yearly mean)",
            "people/year",
            +1,
        ),
        Outcome(
            "time_to_promotion",
            "mean years from assistant to associate professor, among those promoted",
            "years",
            -1,
            follow_up_years=FOLLOW_UP_YEARS,
        ),
        Outcome(
            "time_to_promotion_mentored",
            "time_to_promotion among those mentored in their first two faculty years",
            "years",
            -1,
            follow_up_years=FOLLOW_UP_YEARS,
        ),
        Outcome(
            "time_to_promotion_unmentored",
            "time_to_promotion among those not mentored in their first two faculty years",
            "years",
            -1,
            follow_up_years=FOLLOW_UP_YEARS,
        ),
        Outcome(
            "mentor_load_median", "median mentees per active mentor (yearly mean)", "mentees", 0
        ),
        Outcome(
            "mentor_load_p75",
            "75th percentile of mentees per active mentor (yearly mean)",
            "mentees",
            0,
        ),
        Outcome(
            "mentor_load_full",
            "mean mentees per active full professor or leader mentor",
            "mentees",
            0,
        ),
        Outcome(
            "mentor_load_associate",
            "mean mentees per active associate professor mentor",
            "mentees",
            0,
        ),
        Outcome(
            "mentor_overload_share",
            "share of active mentors above their capacity (yearly mean)",
            "share",
            -1,
        ),
        Outcome(
            "relationship_failure_rate",
            "share of relationships started after the warm-up "
            "whose quality fell below the failure threshold",
            "share",
            -1,
        ),
        Outcome(
            "burnout_share", "share of faculty meeting burnout criteria (yearly mean)", "share", -1
        ),
        Outcome(
            "burnout_ratio_poor_fit",
            "burnout share among faculty with poor path fit (below "
            "0.6) divided by that among the rest",
            "ratio",
            0,
        ),
        Outcome(
            "burnout_ratio_rank",
            "burnout share among assistant professors divided by that among associate and "
            "full professors and leaders (yearly shares averaged after the warm-up)",
            "ratio",
            0,
        ),
        Outcome(
            "mentor_burnout_share",
            "share of active mentors meeting burnout criteria (yearly mean)",
            "share",
            -1,
        ),
        Outcome(
            "burnout_share_year1",
            "share of new assistant professors meeting burnout "
            "criteria at the end of their first faculty year (months after a first-year "
            "coaching course; yearly mean)",
            "share",
            -1,
        ),
        Outcome(
            "burnout_share_year2",
            "share of new assistant professors meeting burnout "
            "criteria in their second faculty year (one year after a first-year coaching "
            "course; yearly mean)",
            "share",
            -1,
        ),
        Outcome(
            "burnout_share_year4",
            "share of new assistant professors meeting burnout "
            "criteria in their fourth faculty year (yearly mean)",
            "share",
            -1,
        ),
        Outcome(
            "mentee_satisfaction", "mean career satisfaction of juniors (yearly mean)", "0-1", +1
        ),
        Outcome(
            "mentor_satisfaction",
            "mean mentoring satisfaction of active mentors (yearly mean)",
            "0-1",
            +1,
        ),
        Outcome(
            "development_index",
            "mean track skill composite of new assistant professors in "
            "their sixth faculty year, whatever their rank then (cohorts after the warm-up)",
            "0-1",
            +1,
            follow_up_years=DEVELOPMENT_FACULTY_YEAR - 1,
        ),
        Outcome(
            "mentoring_effect_promotion",
            "standardised difference (Cohen's d) in promotion "
            "within 10 years between new assistant professors mentored in their first two "
            "years and the rest, among those still in academic medicine 10 years on",
            "d",
            0,
            follow_up_years=FOLLOW_UP_YEARS,
        ),
        Outcome(
            "mentoring_effect_satisfaction",
            "standardised difference (Cohen's d) in career "
            "satisfaction in the third faculty year, mentored early vs not",
            "d",
            0,
            follow_up_years=FOLLOW_UP_YEARS,
        ),
        Outcome(
            "mentoring_effect_burnout",
            "standardised difference (Cohen's d) in burnout in the third faculty year, "
            "mentored early vs not (negative: less burnout with a mentor)",
            "d",
            0,
            follow_up_years=FOLLOW_UP_YEARS,
        ),
        Outcome(
            "mentoring_effect_gap",
            "mentoring_effect_satisfaction minus "
            "mentoring_effect_promotion (mentoring moves satisfaction more than promotion)",
            "d",
            0,
            follow_up_years=FOLLOW_UP_YEARS,
        ),
        Outcome(
            "formal_to_informal_support",
            "career support (quality times the mentor's time share) per relationship, "
            "assigned relative to informally formed: the ratio of the two yearly means, "
            "averaged over the years with both",
            "ratio",
            0,
        ),
        Outcome(
            "values_alignment",
            "mean alignment of faculty with institutional values (yearly mean)",
            "0-1",
            +1,
        ),
        Outcome(
            "leadership_internal_fill",
            "share of leadership openings filled from inside",
            "share",
            +1,
        ),
        Outcome(
            "sponsored_share_men",
            "share of new assistant professors, men, sponsored within "
            "their first ten faculty years",
            "share",
            +1,
            follow_up_years=FOLLOW_UP_YEARS,
        ),
        Outcome(
            "sponsored_share_women",
            "share of new assistant professors, women, sponsored "
            "within their first ten faculty years",
            "share",
            +1,
            follow_up_years=FOLLOW_UP_YEARS,
        ),
        Outcome(
            "sponsorship_ratio_women",
            "sponsored_share_women divided by sponsored_share_men (1 is parity)",
            "ratio",
            +1,
            follow_up_years=FOLLOW_UP_YEARS,
        ),
        Outcome(
            "sponsorship_gap_women",
            "sponsored_share_men minus sponsored_share_women "
            "(shown beside the shares; the verdict is on sponsorship_ratio_women)",
            "share",
            0,
            follow_up_years=FOLLOW_UP_YEARS,
        ),
        Outcome(
            "sponsored_promotion_ratio",
            "promoted_assoc_10y of those sponsored within ten "
            "years divided by that of the rest, among those still in academic medicine ten "
            "years on",
            "ratio",
            0,
            follow_up_years=FOLLOW_UP_YEARS,
        ),
        Outcome(
            "promoted_full_10y",
            "share of new associate professors (after the warm-up) "
            "promoted to full professor within 10 years",
            "share",
            +1,
            follow_up_years=FOLLOW_UP_YEARS,
        ),
        Outcome(
            "promoted_full_10y_retained",
            "share of new associate professors (after the warm-up) promoted to full "
            "professor within 10 years, among those promoted or still at the institution "
            "10 years on",
            "share",
            +1,
            follow_up_years=FOLLOW_UP_YEARS,
        ),
        Outcome(
            "unfunded_share",
            "share of the people a program is open to that its budget "
            "could not serve (yearly mean over the years it ran)",
            "share",
            -1,
        ),
        Outcome(
            "leadership_bench",
            "ready internal candidates per leadership opening (over the years with openings)",
            "candidates",
            +1,
        ),
        Outcome(
            "mentors_per_junior",
            "mentors holding mentees per trainee and assistant professor (yearly mean)",
            "ratio",
            +1,
        ),
        Outcome(
            "faculty_size",
            "faculty headcount, assistant professors and above (yearly mean)",
            "people",
            0,
        ),
        Outcome(
            "women_share_assistant",
            "share of women among assistant professors (mean of the last ten years)",
            "share",
            0,
        ),
        Outcome(
            "women_share_full",
            "share of women among full professors and leaders (mean of the last ten years)",
            "share",
            +1,
        ),
        Outcome(
            "women_share_leaders",
            "share of women among leaders (mean of the last ten years)",
            "share",
            +1,
        ),
        Outcome(
            "leadership_ratio_women",
            "share of women among leaders divided by their share among full professors and "
            "leaders (means of the last ten years)",
            "ratio",
            +1,
        ),
        Outcome(
            "urm_share_leaders",
            "share of URM people among leaders (mean of the last ten years)",
            "share",
            +1,
        ),
        Outcome(
            "promoted_assoc_10y_women",
            "promoted_assoc_10y among women",
            "share",
            +1,
            follow_up_years=FOLLOW_UP_YEARS,
        ),
        Outcome(
            "promoted_assoc_10y_men",
            "promoted_assoc_10y among men",
            "share",
            +1,
            follow_up_years=FOLLOW_UP_YEARS,
        ),
        Outcome(
            "promoted_assoc_10y_urm",
            "promoted_assoc_10y among URM faculty",
            "share",
            +1,
            follow_up_years=FOLLOW_UP_YEARS,
        ),
        Outcome(
            "promoted_assoc_10y_non_urm",
            "promoted_assoc_10y among non-URM faculty",
            "share",
            +1,
            follow_up_years=FOLLOW_UP_YEARS,
        ),
        Outcome(
            "promotion_ratio_women",
            "promoted_assoc_10y of women divided by that of men (a "
            "risk ratio; 1 is parity, and promoting everyone less does not raise it)",
            "ratio",
            +1,
            follow_up_years=FOLLOW_UP_YEARS,
        ),
        Outcome(
            "promotion_gap_women",
            "promoted_assoc_10y of men minus that of women (shown "
            "beside the rates; the verdict is on promotion_ratio_women)",
            "share",
            0,
            follow_up_years=FOLLOW_UP_YEARS,
        ),
        Outcome(
            "promotion_rate_ratio_women",
            "promotions to associate per eligible person-year, "
            "women vs men (a hazard ratio estimate: T7's statistic; it rises toward the risk "
            "ratio when everyone is promoted less, so it carries no verdict)",
            "ratio",
            0,
            follow_up_years=FOLLOW_UP_YEARS,
        ),
        Outcome(
            "promotion_ratio_urm",
            "promoted_assoc_10y of URM divided by that of non-URM "
            "faculty (a risk ratio; 1 is parity)",
            "ratio",
            +1,
            follow_up_years=FOLLOW_UP_YEARS,
        ),
        Outcome(
            "promotion_gap_urm",
            "promoted_assoc_10y of non-URM minus that of URM faculty "
            "(shown beside the rates; the verdict is on promotion_ratio_urm)",
            "share",
            0,
            follow_up_years=FOLLOW_UP_YEARS,
        ),
        Outcome(
            "median_retention_women",
            "Kaplan-Meier median years in academic medicine, women faculty",
            "years",
            +1,
        ),
        Outcome(
            "median_retention_men",
            "Kaplan-Meier median years in academic medicine, men faculty",
            "years",
            +1,
        ),
        Outcome(
            "median_retention_urm",
            "Kaplan-Meier median years in academic medicine, URM faculty",
            "years",
            +1,
        ),
        Outcome(
            "median_retention_non_urm",
            "Kaplan-Meier median years in academic medicine, non-URM faculty",
            "years",
            +1,
        ),
        Outcome(
            "retention_ratio_women",
            "median_retention_women divided by median_retention_men (1 is parity)",
            "ratio",
            +1,
        ),
        Outcome(
            "retention_ratio_urm",
            "median_retention_urm divided by median_retention_non_urm (1 is parity)",
            "ratio",
            +1,
        ),
        Outcome(
            "retention_gap_women",
            "median_retention_men minus median_retention_women (shown "
            "beside the medians; the verdict is on retention_ratio_women)",
            "years",
            0,
        ),
        Outcome(
            "retention_gap_urm",
            "median_retention_non_urm minus median_retention_urm (shown "
            "beside the medians; the verdict is on retention_ratio_urm)",
            "years",
            0,
        ),
        Outcome(
            "track_change_share",
            "share of new assistant professors who moved to a track that suits their strengths",
            "share",
            0,
        ),
        Outcome("program_cost", "mean yearly cost of the program", "$k/year", -1),
        Outcome("turnover_cost", "mean yearly replacement cost of faculty who left", "$k/year", -1),
        Outcome(
            "mentoring_time_cost",
            "mean yearly value of the faculty time mentors give beyond the protected hours a "
            "program pays for (hours times costs.mentor_hour_cost)",
            "$k/year",
            -1,
        ),
        Outcome(
            "net_cost",
            "program_cost plus turnover_cost plus mentoring_time_cost",
            "$k/year",
            -1,
        ),
    ]
}

YEARLY: dict[str, str] = {
    "headcount": "people employed at year end",
    "faculty": "faculty (assistant and above) at year end",
    "trainees": "trainees at year end",
    "assistants": "assistant professors at year end",
    "associates": "associate professors at year end",
    "fulls": "full professors (not leaders) at year end",
    "leaders": "leaders at year end",
    "hires": "people hired this year (trainees and faculty; not external leaders)",
    "faculty_hires": "faculty hired from outside this year (not external leaders)",
    "trainees_to_faculty": "trainees who finished and joined the faculty this year",
    "faculty_positions": "faculty positions this year (hiring 'positions')",
    "exits_attrition": "faculty who left the institution this year (moved or left academic "
    "medicine)",
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
    "burnout_share_year1": "burnout share among new assistant professors in faculty year 1",
    "burnout_share_year2": "burnout share among new assistant professors in faculty year 2",
    "burnout_share_year4": "burnout share among new assistant professors in faculty year 4",
    "burnout_share_assistant": "burnout share among assistant professors",
    "burnout_share_senior": "burnout share among associate and full professors and leaders",
    "burnout_share_poor_fit": "burnout share among faculty with path fit below 0.6",
    "burnout_share_good_fit": "burnout share among faculty with path fit 0.6 or above",
    "mentee_satisfaction": "mean satisfaction of juniors",
    "mentor_satisfaction": "mean mentoring satisfaction of active mentors",
    "development_index": "mean track skill composite of assistant professors now",
    "career_support_formal": "mean career support per assigned relationship (quality times "
    "the mentor's time share)",
    "career_support_informal": "mean career support per informal relationship",
    "mentors_per_junior": "mentors holding mentees per trainee and assistant professor",
    "sponsored_share": "share of assistant and associate professors with a sponsor",
    "unfunded_share": "share of the people the program is open to whom its budget could not serve",
    "peer_group_members": "assistant professors in a facilitated peer group",
    "values_alignment": "mean values alignment of faculty",
    "leadership_openings": "leadership openings this year",
    "leadership_internal_fills": "openings filled from inside this year",
    "leadership_ready": "ready internal candidates (full professors never yet leaders)",
    "leadership_ready_per_position": "ready internal candidates per leadership position "
    "(the run outcome leadership_bench counts them per opening)",
    "women_share_assistant": "share of women among assistant professors",
    "women_share_full": "share of women among full professors and leaders",
    "women_share_leaders": "share of women among leaders",
    "urm_share_leaders": "share of URM people among leaders",
    "track_changes": "juniors who moved to a better-fitting track this year",
    "program_cost": "program cost this year ($k): administration, protected time, training, "
    "refreshers, coaching, evaluation, recruitment",
    "turnover_cost": "replacement cost of faculty who left this year ($k)",
    "mentoring_time_cost": "value of the unprotected hours mentors gave mentees this year ($k)",
}

SHARE_METRICS = [name for name in YEARLY if "share" in name]

# Path fit below which work holds little of what the person does best (Shanafelt 2009 compares
# faculty spending under 20% of their time on their most meaningful activity).
POOR_FIT = 0.6


def uncomputable(names: Iterable[str], years: int, warmup_years: int) -> dict[str, int]:
    """The outcomes among ``names`` that runs of this length cannot compute.

    Args:
        names: Outcome names (keys of ``OUTCOMES``).
        years: The run's length.
        warmup_years: Its warm-up.

    Returns:
        Outcome name -> the years it needs, for each outcome needing more than ``years``, in
        the order given.
    """
    needed = {name: OUTCOMES[name].years_needed(warmup_years) for name in names}
    return {name: need for name, need in needed.items() if need > years}

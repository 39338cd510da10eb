"""The parameter groups of a scenario: every parameter, its default, range and source.

Six frozen dataclasses, one per table of a scenario file (``institution``, ``population``,
``mentors``, ``program``, ``career``, ``costs``), declared with :func:`param` so that each
field carries its allowed values, its meaning and where its default comes from. This is the
only place a default lives: the model, the CLI, the app and the docs read it from here.

Each parameter's ``source`` is a literature figure (see ``docs/parameters.md``), a calibration
target ("calibrated to T.."), a "design choice" or an "assumption" where no figure exists.
"""

from __future__ import annotations

from dataclasses import dataclass

from sim.scenario.validation import param

#: Matching policies a program can use (``program.policy``).
POLICIES = ("informal", "random", "compatibility", "stable", "committee")


@dataclass(frozen=True)
class Institution:
    """Size, structure, hiring and leadership of the simulated academic medical center."""

    initial_size: int = param(1500, lo=20, hi=200_000, doc="people at year 0",
                              source="assumption: a mid-sized academic medical center")
    department_size: int = param(50, lo=5, hi=5000,
                                 doc="mean people per department; mentoring is mostly "
                                     "within a department", source="assumption")
    initial_share_trainee: float = param(0.25, lo=0.0, hi=1.0, doc="share of trainees at year 0",
                                         source="assumption")
    initial_share_assistant: float = param(0.33, lo=0.0, hi=1.0,
                                           doc="share of assistant professors at year 0",
                                           source="AAMC faculty roster (approx.)")
    initial_share_associate: float = param(0.19, lo=0.0, hi=1.0,
                                           doc="share of associate professors at year 0",
                                           source="AAMC faculty roster (approx.)")
    initial_share_full: float = param(0.23, lo=0.0, hi=1.0,
                                      doc="share of full professors (incl. leaders) at year 0",
                                      source="AAMC faculty roster (approx.)")
    hiring: str = param("fixed", choices=("fixed", "replace"),
                        doc="'fixed': the same intake every year (keeps designs paired); "
                            "'replace': intake also replaces last year's faculty exits",
                        source="design choice")
    hires_per_year: float = param(0.09, lo=0.0, hi=1.0,
                                  doc="yearly intake as a share of initial_size",
                                  source="assumption: keeps the institution near steady size")
    hire_share_trainee: float = param(0.50, lo=0.0, hi=1.0, doc="share of intake who are trainees",
                                      source="assumption")
    hire_share_assistant: float = param(0.43, lo=0.0, hi=1.0,
                                        doc="share of intake hired as assistant professors",
                                        source="assumption")
    hire_share_associate: float = param(0.07, lo=0.0, hi=1.0,
                                        doc="share of intake hired as associate professors",
                                        source="assumption")
    leadership_positions: float = param(0.02, lo=0.0, hi=0.5,
                                        doc="leadership positions (chairs, chiefs, deans) as a "
                                            "share of initial_size", source="assumption")
    leader_term_years: int = param(10, lo=1, hi=40, doc="years a leader serves before stepping "
                                   "back to full professor", source="assumption")
    succession: str = param("internal_first", choices=("internal_first", "external_only"),
                            doc="fill leadership openings from ready internal candidates first, "
                                "or always hire externally", source="design choice")
    readiness_threshold: float = param(0.65, lo=0.0, hi=1.0,
                                       doc="leadership readiness score at which a candidate "
                                           "counts as ready", source="assumption")
    values_clarity: float = param(0.5, lo=0.0, hi=1.0,
                                  doc="how clearly the institution states its values and goals "
                                      "(0 none, 1 fully)", source="assumption")


@dataclass(frozen=True)
class Population:
    """Who is hired: demographics, tracks and trait spread."""

    women_share_hires: float = param(0.47, lo=0.0, hi=1.0, doc="share of women among hires",
                                     source="AAMC 2018-19: women 41% of faculty, more at entry")
    women_share_senior_initial: float = param(0.32, lo=0.0, hi=1.0,
                                              doc="share of women among associate and full "
                                                  "professors at year 0", source="AAMC (approx.)")
    urm_share_hires: float = param(0.12, lo=0.0, hi=1.0, doc="share of URM people among hires",
                                   source="AAMC (approx.)")
    urm_share_senior_initial: float = param(0.07, lo=0.0, hi=1.0,
                                            doc="share of URM people among senior faculty at "
                                                "year 0", source="AAMC (approx.)")
    share_clinician_scientist: float = param(0.30, lo=0.0, hi=1.0,
                                             doc="share of hires on the clinician-scientist "
                                                 "track, among those who do not simply take "
                                                 "their best track (see track_choice_noise)",
                                             source="assumption")
    share_clinician_educator: float = param(0.50, lo=0.0, hi=1.0,
                                            doc="share of hires on the clinician-educator track",
                                            source="assumption")
    share_clinician_administrator: float = param(0.20, lo=0.0, hi=1.0,
                                                 doc="share of hires on the "
                                                     "clinician-administrator track",
                                                 source="assumption")
    trait_sd: float = param(0.15, lo=0.01, hi=0.5, doc="spread of traits around 0.5",
                            source="assumption")
    track_choice_noise: float = param(0.6, lo=0.0, hi=1.0,
                                      doc="chance a hire's track ignores their strengths "
                                          "(poor path fit)", source="assumption")


@dataclass(frozen=True)
class Mentors:
    """Who mentors and how much they can take on."""

    willing_share: float = param(0.20, lo=0.0, hi=1.0,
                                 doc="chance a senior faculty member is willing to mentor",
                                 source="calibrated to T6 and T1 (median 5 mentees per mentor, "
                                        "IQR 3-8; 45-70% of juniors mentored)")
    program_recruitment_odds_ratio: float = param(
        2.5, lo=1.0, hi=50.0, doc="odds ratio of willingness when a formal program asks "
        "senior faculty to mentor and recognises it", source="assumption")
    former_mentee_odds_ratio: float = param(3.5, lo=0.1, hi=20.0,
                                            doc="odds ratio of willingness for people who had a "
                                                "mentor", source="Walensky 2018 (OR 3.5)")
    capacity_median: float = param(5.0, lo=0.5, hi=30.0,
                                   doc="mentees a mentor takes at full quality (median)",
                                   source="Luckhaupt 2005: median 5 (IQR 3-8)")
    capacity_log_sd: float = param(0.73, lo=0.0, hi=2.0,
                                   doc="log-scale spread of capacity (IQR 3-8 around median 5)",
                                   source="Luckhaupt 2005")
    associate_capacity_ratio: float = param(0.74, lo=0.1, hi=2.0,
                                            doc="capacity of associate vs full professors",
                                            source="Luckhaupt 2005: 5.9 vs 8.0 mentees")
    hard_cap: int = param(10, lo=1, hi=50, doc="most mentees any mentor ever holds",
                          source="Luckhaupt 2005: most mentors would accept median 6 (IQR 4-10)")
    skill_mean: float = param(0.45, lo=0.0, hi=1.0, doc="mean untrained mentoring skill",
                              source="assumption")
    training_skill_gain: float = param(0.15, lo=0.0, hi=1.0,
                                       doc="mentoring skill gained from training",
                                       source="Pfund 2014 (competency gains, 8-hour curriculum)")
    funded_capacity_gain: float = param(0.63, lo=0.0, hi=3.0,
                                        doc="relative capacity gain at 4 protected hours/week",
                                        source="Luckhaupt 2005: funded 8.3 vs 5.1 mentees")
    overload_burnout: float = param(0.04, lo=0.0, hi=1.0,
                                    doc="yearly burnout added per mentee above capacity",
                                    source="assumption")


@dataclass(frozen=True)
class Program:
    """The mentorship program design: the levers a policy designer pulls."""

    formal: bool = param(False, doc="whether a formal program assigns mentors",
                         source="design choice")
    policy: str = param("informal", choices=POLICIES, doc="how mentors are matched",
                        source="design choice")
    mentors_per_mentee: int = param(1, lo=1, hi=6,
                                    doc="mentors assigned per mentee (a committee when > 1)",
                                    source="design choice; DeCastro 2014 on mentor networks")
    eligible_years: int = param(7, lo=1, hi=20,
                                doc="years after joining the faculty that an assistant "
                                    "professor is eligible (trainees always are)",
                                source="assumption")
    informal_seek_rate: float = param(0.99, lo=0.0, hi=1.0,
                                      doc="base yearly chance an unmentored person "
                                          "seeks a mentor; scaled by (0.5 + proactiveness), "
                                          "and the mentor chosen must accept",
                                      source="calibrated to T1 (45-70% of juniors have a "
                                             "mentor)")
    second_mentor_proactiveness: float = param(
        0.06, lo=0.0, hi=1.0, doc="proactiveness above which a person seeks an extra informal "
        "mentor (with or without a program)",
        source="calibrated to T11 (61-79% of K awardees had more than one mentor)")
    informal_alongside: bool = param(True, doc="whether proactive people still seek informal "
                                               "mentors when a formal program assigns theirs",
                                     source="design choice; Ragins & Cotton 1999")
    homophily: float = param(0.5, lo=0.0, hi=1.0,
                             doc="weight of same gender/URM in informal mentor seeking",
                             source="assumption")
    deep_similarity_weight: float = param(0.8, lo=0.0, hi=1.0,
                                          doc="weight of values/interests/personality in "
                                              "compatibility (rest: demographic match)",
                                          source="Eby 2013: deep similarity rho .38-.59, "
                                                 "demographic none")
    mentor_training: bool = param(False, doc="train mentors (8-hour curriculum)",
                                  source="Pfund 2014")
    mentee_training: bool = param(False, doc="train mentees to be receptive and proactive",
                                  source="assumption")
    coaching: bool = param(False, doc="coach every trainee and assistant professor (six "
                                      "sessions a year), mentored or not",
                           source="Dyrbye 2019")
    evaluate_relationships: bool = param(False, doc="evaluate relationships yearly and rematch "
                                                    "failing ones", source="design choice")
    failure_threshold: float = param(0.35, lo=0.0, hi=1.0,
                                     doc="relationship quality below which it is failing",
                                     source="assumption")
    protected_hours_per_week: float = param(0.0, lo=0.0, hi=20.0,
                                            doc="protected mentoring time each active mentor "
                                                "gets", source="design choice")
    max_relationship_years: int = param(6, lo=1, hi=30,
                                        doc="years after which a relationship ends naturally",
                                        source="Kram 1983: cultivation 2-5 years")
    cross_department: bool = param(False, doc="committee members may come from neighbouring "
                                              "departments", source="design choice")


@dataclass(frozen=True)
class Career:
    """Development, promotion, leadership and exit hazards."""

    self_growth_rate: float = param(0.45, lo=0.0, hi=1.0,
                                    doc="yearly self-directed skill growth at full ability",
                                    source="calibrated to T4 and T5 (37-44% promoted within "
                                           "10 years, after 5.2-6.2 years on average)")
    career_function_rate: float = param(0.10, lo=0.0, hi=1.0,
                                        doc="yearly skill growth toward a mentor's expertise at "
                                            "full quality and time", source="assumption; small "
                                            "objective effects (Allen 2004)")
    psychosocial_rate: float = param(0.20, lo=0.0, hi=1.0,
                                     doc="yearly satisfaction and burnout effect of a good "
                                         "relationship", source="assumption; larger subjective "
                                         "effects (Eby 2008)")
    coaching_burnout_cut: float = param(0.15, lo=0.0, hi=1.0,
                                        doc="burnout reduction from a year of coaching",
                                        source="Dyrbye 2019: -19.5 vs +9.8 points")
    meaningful_work_effect: float = param(0.61, lo=0.0, hi=3.0,
                                          doc="relative rise in stress per unit of path fit "
                                              "below 0.75 (little meaningful work)",
                                          source="calibrated to T10b (53.8% vs 29.9% burnout)")
    baseline_stress: float = param(0.54, lo=0.0, hi=1.0,
                                   doc="burnout level people drift toward without support",
                                   source="calibrated to T10 (34% burnout)")
    burnout_threshold: float = param(0.5, lo=0.0, hi=1.0,
                                     doc="burnout level that meets burnout criteria",
                                     source="assumption")
    trainee_years: int = param(3, lo=1, hi=10, doc="years of training before a faculty decision",
                               source="assumption")
    trainee_to_faculty: float = param(0.35, lo=0.0, hi=1.0,
                                      doc="chance a finishing trainee of average skill "
                                          "(composite 0.3) is hired as assistant professor; "
                                          "rises with skill", source="assumption")
    min_years_assistant: int = param(3, lo=0, hi=20, doc="years before promotion to associate",
                                     source="AAMC 2010: mean 5.2-6.2 years")
    promotion_rate_assistant: float = param(0.44, lo=0.0, hi=5.0,
                                            doc="yearly promotion hazard to associate once "
                                                "eligible and well above the bar",
                                            source="calibrated to T5 and T4 (mean 5.2-6.2 years "
                                                   "to associate)")
    min_years_associate: int = param(5, lo=0, hi=20, doc="years before promotion to full",
                                     source="assumption")
    promotion_rate_associate: float = param(0.30, lo=0.0, hi=5.0,
                                            doc="yearly promotion hazard to full professor",
                                            source="assumption")
    promotion_bar_assistant: float = param(0.638, lo=0.0, hi=1.0,
                                           doc="track skill composite the promotion committee "
                                               "expects for associate professor",
                                           source="calibrated to T4 (37-44% promoted to "
                                                  "associate within 10 years)")
    promotion_bar_associate: float = param(0.50, lo=0.0, hi=1.0,
                                           doc="track skill composite expected for full "
                                               "professor", source="assumption")
    promotion_bar_width: float = param(0.03, lo=0.001, hi=0.5,
                                       doc="how sharply the promotion hazard rises around the "
                                           "bar (logistic scale)", source="assumption")
    sponsorship_effect: float = param(0.5, lo=0.0, hi=5.0,
                                      doc="log-hazard of promotion from a good mentor's "
                                          "sponsorship", source="assumption")
    promotion_hr_women: float = param(0.65, lo=0.1, hi=2.0,
                                      doc="promotion hazard ratio, women vs men",
                                      source="calibrated to T7 (Richter 2020: observed hazard "
                                             "ratio 0.76 to associate)")
    promotion_hr_urm: float = param(0.50, lo=0.1, hi=2.0,
                                    doc="promotion hazard ratio, URM vs not",
                                    source="calibrated to T8 (Fang 2000: 30% vs 46% promoted, "
                                           "adjusted RR 0.68)")
    attrition_rate: float = param(0.057, lo=0.0, hi=1.0,
                                  doc="base yearly attrition hazard of faculty",
                                  source="calibrated to T2 (38% left within 10 years)")
    early_attrition_ratio: float = param(2.1, lo=0.1, hi=10.0,
                                         doc="attrition multiplier in the first three years",
                                         source="calibrated to T3 (34% in 3 years at one school)")
    senior_attrition_ratio: float = param(0.6, lo=0.0, hi=5.0,
                                          doc="attrition multiplier for associate and above",
                                          source="mobility about 15/8/3% by rank")
    attrition_ratio_women: float = param(1.09, lo=0.1, hi=5.0,
                                         doc="attrition hazard ratio, women vs men",
                                         source="calibrated to T9 (median retention 8.33 vs "
                                                "9.35 years)")
    attrition_ratio_urm: float = param(1.04, lo=0.1, hi=5.0,
                                       doc="attrition hazard ratio, URM vs not",
                                       source="calibrated to T9b (median retention 7.78 vs "
                                              "9.91 years)")
    satisfaction_effect: float = param(1.5, lo=0.0, hi=10.0,
                                       doc="log-hazard of attrition per unit of dissatisfaction",
                                       source="assumption")
    burnout_effect: float = param(1.2, lo=0.0, hi=10.0,
                                  doc="log-hazard of attrition per unit of burnout",
                                  source="assumption")
    path_fit_effect: float = param(1.0, lo=0.0, hi=10.0,
                                   doc="log-hazard of attrition per unit of poor path fit",
                                   source="assumption")
    reassessment_rate: float = param(0.25, lo=0.0, hi=1.0,
                                     doc="yearly chance one good mentor gives a realistic "
                                         "assessment of path fit", source="assumption")
    retirement_age: float = param(66.0, lo=40.0, hi=90.0,
                                  doc="age at which retirement becomes likely",
                                  source="assumption")


@dataclass(frozen=True)
class Costs:
    """Program costs, in thousands of dollars."""

    mentor_hour_cost: float = param(0.15, lo=0.0, hi=10.0,
                                    doc="cost of one protected mentor hour ($k)",
                                    source="assumption: faculty time at $150/h")
    working_weeks: float = param(46.0, lo=1.0, hi=52.0, doc="working weeks a year",
                                 source="assumption")
    mentor_training_cost: float = param(2.0, lo=0.0, hi=100.0,
                                        doc="cost of training one mentor ($k)",
                                        source="assumption: 8 hours plus materials")
    mentee_training_cost: float = param(0.5, lo=0.0, hi=100.0,
                                        doc="cost of training one mentee ($k)",
                                        source="assumption")
    coaching_cost: float = param(3.0, lo=0.0, hi=100.0,
                                 doc="yearly coaching cost per coached mentee ($k)",
                                 source="assumption: six sessions")
    program_admin_cost: float = param(60.0, lo=0.0, hi=10_000.0,
                                      doc="yearly administration of a formal program ($k)",
                                      source="assumption: one coordinator")
    replacement_cost: float = param(250.0, lo=0.0, hi=10_000.0,
                                    doc="cost of replacing a faculty member who leaves ($k)",
                                    source="assumption: recruitment and lost productivity")


GROUPS: dict[str, type] = {
    "institution": Institution,
    "population": Population,
    "mentors": Mentors,
    "program": Program,
    "career": Career,
    "costs": Costs,
}

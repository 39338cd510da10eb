"""``[mentors]``: who mentors, how much they can take on, and what keeps them mentoring."""

from __future__ import annotations

from dataclasses import dataclass

from sim.scenario.validation import param


@dataclass(frozen=True)
class Mentors:
    """Who mentors, how much they can take on, and what keeps them mentoring."""

    willing_share: float = param(
        0.27,
        lo=0.0,
        hi=1.0,
        doc="chance a senior faculty member is willing to mentor",
        source="calibrated to T6 and T1 (median 5 mentees per mentor, "
        "IQR 3-8; 45-70% of juniors mentored)",
    )
    program_recruitment_odds_ratio: float = param(
        4.5,
        lo=1.0,
        hi=50.0,
        doc="odds ratio of willingness when a program that recruits "
        "mentors (program.recruit_mentors) asks senior faculty to mentor",
        source="calibrated to E1 (Bonilha 2019: an institution-wide program)",
    )
    former_mentee_odds_ratio: float = param(
        1.9,
        lo=0.1,
        hi=20.0,
        doc="odds ratio of willingness for people who had a mentor (the culture of "
        "mentoring: a program that mentors more people grows its own mentor pool)",
        source="assumption bounded by Walensky 2018 (BMC Med Educ 18:108): having had a "
        "mentor goes with OR 3.5 of mentoring, cross-sectionally; people inclined to mentor "
        "also seek mentors, so 3.5 is an upper bound of the causal effect and 1 (none) the "
        "lower; default: half its log-odds causal",
        plausible=(1.0, 3.5),
    )
    capacity_median: float = param(
        5.0,
        lo=0.5,
        hi=30.0,
        doc="mentees a mentor takes at full quality (median)",
        source="Luckhaupt 2005: median 5 (IQR 3-8)",
    )
    capacity_log_sd: float = param(
        0.73,
        lo=0.0,
        hi=2.0,
        doc="log-scale spread of capacity (IQR 3-8 around median 5)",
        source="Luckhaupt 2005",
    )
    associate_capacity_ratio: float = param(
        0.74,
        lo=0.1,
        hi=2.0,
        doc="capacity of associate vs full professors",
        source="Luckhaupt 2005: 5.9 vs 8.0 mentees",
    )
    hard_cap: int = param(
        10,
        lo=1,
        hi=50,
        doc="most mentees any mentor ever holds",
        source="Luckhaupt 2005: most mentors would accept median 6 (IQR 4-10)",
    )
    skill_mean: float = param(
        0.45,
        lo=0.0,
        hi=1.0,
        doc="mean untrained mentoring skill",
        source="assumption",
        plausible=(0.35, 0.55),
    )
    skill_sd: float = param(
        0.12,
        lo=0.0,
        hi=0.5,
        doc="spread of untrained mentoring skill",
        source="assumption",
        plausible=(0.08, 0.16),
    )
    training_skill_gain: float = param(
        0.15,
        lo=0.0,
        hi=1.0,
        doc="mentoring skill gained from training",
        source="Pfund 2014 (competency gains, 8-hour curriculum)",
        plausible=(0.08, 0.22),
    )
    retraining_skill_gain: float = param(
        0.08,
        lo=0.0,
        hi=1.0,
        doc="mentoring skill gained from a refresher after an "
        "evaluated relationship failed on the mentor's "
        "side (program.mentor_training)",
        source="assumption: about half the first training",
        plausible=(0.03, 0.15),
    )
    funded_capacity_gain: float = param(
        0.63,
        lo=0.0,
        hi=3.0,
        doc="relative capacity gain at funded_hours_per_week of protected time",
        source="Luckhaupt 2005: funded 8.3 vs 5.1 mentees",
    )
    funded_hours_per_week: float = param(
        4.0,
        lo=0.5,
        hi=40.0,
        doc="protected hours a week at which the full funded "
        "capacity gain is reached; the same hours halve "
        "the stress of overload",
        source="assumption",
        plausible=(2.0, 8.0),
    )
    hours_per_mentee: float = param(
        1.0,
        lo=0.0,
        hi=20.0,
        doc="hours a week a mentor gives one mentee (meetings, reading drafts, advocacy); "
        "the hours protected time does not cover come out of the mentor's own work",
        source="assumption: about an hour a week per mentee",
        plausible=(0.5, 2.0),
    )
    mentoring_output_drag: float = param(
        0.02,
        lo=0.0,
        hi=0.2,
        doc="share of a mentor's yearly academic output (the portfolio their own promotion "
        "is judged on) lost per unprotected hour a week of mentoring",
        source="assumption: an hour of a 50-hour week, taken from all work alike (0.02); "
        "0 if mentoring comes out of time that would not have produced academic output",
        plausible=(0.0, 0.04),
    )
    overload_burnout: float = param(
        0.04,
        lo=0.0,
        hi=1.0,
        doc="yearly burnout added per mentee above capacity",
        source="assumption",
        plausible=(0.02, 0.08),
    )
    withdrawal_rate: float = param(
        0.15,
        lo=0.0,
        hi=1.0,
        doc="yearly chance a willing mentor with no satisfaction from "
        "mentoring stops taking mentees (scaled by one minus "
        "their mentoring satisfaction)",
        source="assumption: the seed essay's 'renewed sense of purpose' keeps mentors mentoring",
        plausible=(0.05, 0.30),
    )
    purpose_retention_effect: float = param(
        0.25,
        lo=0.0,
        hi=5.0,
        doc="log-hazard of attrition lowered per unit of "
        "mentoring satisfaction above 0.5, for active "
        "mentors",
        source="assumption: the seed essay's 'renewed sense of purpose'; mentors report "
        "somewhat lower turnover intentions than non-mentors (small, cross-sectional; Ghosh & "
        "Reio 2013, J Vocat Behav 83(1):106-16), so no causal figure exists: default a "
        "hazard ratio of about 0.95 at satisfaction 0.7, with none (0) in range",
        plausible=(0.0, 0.5),
    )
    recognition_odds_ratio: float = param(
        1.5,
        lo=1.0,
        hi=20.0,
        doc="odds ratio of willingness to mentor where "
        "mentoring is recognised (promotion credit, "
        "awards, pay)",
        source="assumption (no effect, 1, in range)",
        plausible=(1.0, 2.5),
    )
    recognition_withdrawal_factor: float = param(
        0.5,
        lo=0.0,
        hi=1.0,
        doc="share of the withdrawal rate left where mentoring is recognised",
        source="assumption (no effect, 1, in range)",
        plausible=(0.3, 1.0),
    )
    recognition_attrition_ratio: float = param(
        0.85,
        lo=0.1,
        hi=1.0,
        doc="attrition hazard ratio of active mentors whose mentoring is recognised",
        source="assumption",
        plausible=(0.7, 1.0),
    )
    mentors_of_mentors_gain: float = param(
        0.03,
        lo=0.0,
        hi=0.5,
        doc="mentoring skill a mentor gains in a year coached by a mentor of mentors",
        source="assumption: a fifth of an 8-hour training's gain (training_skill_gain) a year",
        plausible=(0.01, 0.06),
    )
    skill_decay: float = param(
        0.1,
        lo=0.0,
        hi=1.0,
        doc="yearly share of a training's skill gain that fades without refreshers",
        source="assumption",
        plausible=(0.0, 0.2),
    )
    minority_tax_stress: float = param(
        0.03,
        lo=0.0,
        hi=0.5,
        doc="yearly burnout added to senior women and URM faculty "
        "by the extra mentoring and service asked of them "
        "(the 'minority tax')",
        source="assumption; Feldman 2010; Schwartz 2024",
        plausible=(0.0, 0.06),
    )
    initial_satisfaction: float = param(
        0.6,
        lo=0.0,
        hi=1.0,
        doc="mentoring satisfaction a person brings before "
        "mentoring here (it then moves with their "
        "relationships)",
        source="starting state (assumption): about the middle of the scale",
        plausible=(0.5, 0.7),
    )

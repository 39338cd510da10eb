"""``[career]``: development, the academic portfolio and promotion, exits, leadership.

Skills grow toward each person's talent by self-directed effort and mentors' career push;
each year's academic output (skills, less burnout, plus the career functions mentors give:
sponsorship, exposure, protection) accumulates into a portfolio that promotion committees
judge; attrition and retirement hazards; leadership readiness. Level targets T2-T10b pin the
calibrated parameters; E2 and E4 pin how much mentoring moves them.
"""

from __future__ import annotations

from dataclasses import dataclass

from sim.scenario.validation import param

# Source of the reference points of a hazard: the calibrated base rate is the rate there.
CENTRING = "centring constant: the calibrated base rate is the rate at this value"
# Source of the numbers that describe the institution studied rather than a behaviour.
DESCRIPTION = "institution description: set it to the institution studied"


@dataclass(frozen=True)
class Career:
    """Development, the academic portfolio and promotion, exits and leadership readiness."""

    self_growth_rate: float = param(
        0.5,
        lo=0.0,
        hi=1.0,
        doc="yearly share of the room below talent closed by "
        "self-directed growth at average ability and work ethic",
        source="calibrated to T4 and T5",
        plausible=(0.25, 0.75),
    )
    ability_floor: float = param(
        0.5,
        lo=0.0,
        hi=2.0,
        doc="self-directed growth scales with (ability_floor + "
        "ability): the growth of the least able relative to the "
        "average",
        source="assumption",
        plausible=(0.25, 1.0),
    )
    work_ethic_floor: float = param(
        0.5,
        lo=0.0,
        hi=2.0,
        doc="self-directed growth scales with (work_ethic_floor + work ethic)",
        source="assumption",
        plausible=(0.25, 1.0),
    )
    focus_floor: float = param(
        0.4,
        lo=0.0,
        hi=5.0,
        doc="growth in a domain the track does not weigh, relative to "
        "the average; each unit of track weight adds focus_weight",
        source="assumption",
        plausible=(0.2, 0.6),
    )
    focus_weight: float = param(
        3.0,
        lo=0.0,
        hi=10.0,
        doc="extra growth per unit of the track's weight on a domain",
        source="assumption",
        plausible=(2.0, 4.0),
    )
    career_function_rate: float = param(
        0.3,
        lo=0.0,
        hi=2.0,
        doc="yearly share of the room below talent closed by a full career push from mentors",
        source="assumption; small objective effects (Allen 2004)",
        plausible=(0.1, 0.5),
    )
    career_output_effect: float = param(
        0.35,
        lo=0.0,
        hi=2.0,
        doc="relative rise in yearly academic output from "
        "mentors' full career support (sponsorship, "
        "exposure, protection)",
        source="calibrated to E4 (small objective effects: "
        "Allen 2004; Kammeyer-Mueller & Judge 2008)",
        plausible=(0.05, 0.4),
    )
    minority_tax_time_share: float = param(
        0.06,
        lo=0.0,
        hi=0.5,
        doc="share of working time women and URM assistant and associate professors give to "
        "the extra service, committee and mentoring work asked of them (the minority tax), "
        "lost to the academic output their promotion is judged on",
        source="assumption, approx.: women associate professors give about 220 more hours a "
        "year to service than men (Misra J, Lundquist JH, Holmes E, Agiomavritis S. The ivory "
        "ceiling of service work. Academe 2011;97(1):22-6); URM faculty carry a "
        "disproportionate share of diversity work (Jimenez MF et al. Underrepresented faculty "
        "play a disproportionate role in advancing diversity and inclusion. Nat Ecol Evol "
        "2019;3:1030-3); Rodriguez et al. 2015",
        plausible=(0.0, 0.12),
    )
    leave_rate_women: float = param(
        0.06,
        lo=0.0,
        hi=1.0,
        doc="yearly chance a woman assistant or associate professor takes a family or "
        "medical leave (childbirth, care)",
        source="assumption, approx.: most women physician-researchers have children during "
        "their early faculty years and carry most of the care (Jolly S, Griffith KA, DeCastro "
        "R, Stewart A, Ubel P, Jagsi R. Gender differences in time spent on parenting and "
        "domestic responsibilities by high-achieving young physician-researchers. Ann Intern "
        "Med 2014;160(5):344-53)",
        plausible=(0.0, 0.12),
    )
    leave_rate_men: float = param(
        0.02,
        lo=0.0,
        hi=1.0,
        doc="yearly chance a man assistant or associate professor takes a family or medical leave",
        source="assumption (Jolly 2014: men carry less of the care)",
        plausible=(0.0, 0.06),
    )
    leave_output_loss: float = param(
        0.25,
        lo=0.0,
        hi=1.0,
        doc="share of a year's academic output lost in a year with a leave",
        source="assumption: about 12 weeks of a 46-week working year",
        plausible=(0.1, 0.4),
    )
    productivity_sd: float = param(
        1.0,
        lo=0.0,
        hi=2.0,
        doc="spread (log scale) of people's academic productivity: a "
        "lognormal multiplier of yearly output, mean 1 "
        "(publication output is famously skewed)",
        source="calibrated to T4 and T5 (how many are promoted in a decade, how fast)",
    )
    output_burnout_drag: float = param(
        0.3,
        lo=0.0,
        hi=1.0,
        doc="share of yearly output lost at full burnout",
        source="assumption",
        plausible=(0.1, 0.5),
    )
    psychosocial_rate: float = param(
        0.20,
        lo=0.0,
        hi=1.0,
        doc="yearly satisfaction and burnout effect of a good relationship",
        source="assumption; larger subjective effects (Eby 2008)",
        plausible=(0.1, 0.3),
    )
    coaching_burnout_cut: float = param(
        0.10,
        lo=0.0,
        hi=0.9,
        doc="share of burnout relieved in the year of a coaching course "
        "(the share fades with wellbeing.coaching_half_life_years)",
        source="calibrated to E3 (relative effect on the treated: Dyrbye 2019, West 2016, "
        "Panagioti 2017)",
        plausible=(0.03, 0.4),
    )
    meaningful_work_effect: float = param(
        0.61,
        lo=0.0,
        hi=3.0,
        doc="relative rise in stress per unit of path fit "
        "below wellbeing.fit_reference (little "
        "meaningful work)",
        source="calibrated to T10b (53.8% vs 29.9% burnout)",
    )
    baseline_stress: float = param(
        0.45,
        lo=0.0,
        hi=1.0,
        doc="burnout level people drift toward without support",
        source="calibrated to T10 (34% burnout)",
    )
    burnout_threshold: float = param(
        0.5,
        lo=0.0,
        hi=1.0,
        doc="burnout level that meets burnout criteria",
        source="measurement definition: the cut-off for meeting "
        "burnout criteria (the level of burnout is "
        "calibrated to T10 against it)",
    )
    trainee_years: int = param(
        3, lo=1, hi=10, doc="years of training before a faculty decision", source=DESCRIPTION
    )
    trainee_to_faculty: float = param(
        0.35,
        lo=0.0,
        hi=1.0,
        doc="chance a finishing trainee of reference skill "
        "(trainee_offer_reference) is offered a faculty "
        "position; rises with skill",
        source="assumption",
        plausible=(0.2, 0.5),
    )
    trainee_offer_reference: float = param(
        0.3,
        lo=0.0,
        hi=1.0,
        doc="track skill composite of a typical finishing trainee",
        source=CENTRING,
    )
    trainee_offer_slope: float = param(
        3.0,
        lo=0.0,
        hi=20.0,
        doc="relative rise in the offer chance per "
        "unit of composite above the reference (exponential)",
        source="assumption",
        plausible=(1.5, 5.0),
    )
    min_years_assistant: int = param(
        3,
        lo=0,
        hi=20,
        doc="years before promotion to associate",
        source="AAMC 2010: mean 5.2-6.2 years",
    )
    promotion_rate_assistant: float = param(
        2.2,
        lo=0.0,
        hi=5.0,
        doc="yearly promotion hazard to associate once eligible and well past the portfolio bar",
        source="calibrated to T5 and T4 (mean 5.2-6.2 years to associate)",
    )
    min_years_associate: int = param(
        5, lo=0, hi=20, doc="years before promotion to full", source="assumption", plausible=(4, 7)
    )
    promotion_rate_associate: float = param(
        0.18,
        lo=0.0,
        hi=5.0,
        doc="yearly promotion hazard to full professor",
        source="calibrated to T14 (promotion to full professor within ten years)",
        plausible=(0.15, 0.45),
    )
    promotion_bar_assistant: float = param(
        3.1,
        lo=0.0,
        hi=20.0,
        doc="academic portfolio (summed yearly output) the "
        "promotion committee expects for associate "
        "professor",
        source="calibrated to T4 (37-44% promoted within 10 years)",
    )
    promotion_bar_associate: float = param(
        2.5,
        lo=0.0,
        hi=20.0,
        doc="academic portfolio expected for full professor",
        source="assumption",
        plausible=(1.8, 3.5),
    )
    promotion_bar_width: float = param(
        0.25,
        lo=0.01,
        hi=5.0,
        doc="how gradually the promotion hazard rises around the "
        "bar (logistic scale, portfolio units)",
        source="assumption",
        plausible=(0.15, 0.6),
    )
    promotion_hr_women: float = param(
        0.8,
        lo=0.1,
        hi=2.0,
        doc="residual promotion hazard ratio, women vs men: what the modelled mechanisms "
        "(the minority tax's lost output, fewer sponsors across genders, homophilous informal "
        "mentoring) leave of the observed gap",
        source="calibrated residual to T7 (Xierali 2021: 36.3% of women vs 38.9% of men "
        "promoted within the decade, risk ratio 0.93)",
    )
    promotion_hr_urm: float = param(
        0.32,
        lo=0.1,
        hi=2.0,
        doc="residual promotion hazard ratio, URM vs not: what the modelled mechanisms "
        "(the minority tax's lost output, homophilous informal mentoring) leave of the "
        "observed gap",
        source="calibrated residual to T8 (Fang 2000: 30% vs 46% promoted, adjusted RR 0.68)",
    )
    attrition_rate: float = param(
        0.048,
        lo=0.0,
        hi=1.0,
        doc="base yearly attrition hazard of faculty",
        source="calibrated to T2 (Alexander & Lang 2008: 48% of new faculty had left the "
        "institution ten years on, 10% for another institution, 38% out of academic medicine)",
    )
    move_share: float = param(
        0.21,
        lo=0.0,
        hi=1.0,
        doc="share of faculty departures (other than retirement) that are moves to another "
        "academic institution rather than leaving academic medicine; both open a post the "
        "institution refills",
        source="Alexander & Lang 2008: of new faculty ten years on, 10% had moved to another "
        "institution and 38% had left academic medicine (10 / 48)",
        plausible=(0.1, 0.35),
    )
    early_attrition_ratio: float = param(
        2.5,
        lo=0.1,
        hi=10.0,
        doc="attrition multiplier in the first early_attrition_years on the faculty",
        source="calibrated to T3 (Bucklin 2014: 34%, 95% CI 26-42%, left one school within "
        "3 years)",
    )
    early_attrition_years: int = param(
        3,
        lo=0,
        hi=20,
        doc="faculty years counted as early (higher attrition)",
        source="Bucklin 2014 (three years)",
    )
    promotion_clock_years: int = param(
        8,
        lo=1,
        hi=40,
        doc="years as assistant professor after which those not yet promoted leave at "
        "passed_over_attrition_ratio times the rate (a probationary period)",
        source="assumption: probationary periods of seven to ten years at U.S. medical schools "
        "(Bunton & Mallon 2007, Acad Med 82:281-9)",
        plausible=(6, 10),
    )
    passed_over_attrition_ratio: float = param(
        2.5,
        lo=0.0,
        hi=10.0,
        doc="attrition multiplier for assistant professors past promotion_clock_years "
        "without promotion (up or out; those who stay are rarely promoted late)",
        source="calibrated to T5 (mean time to promotion 5.2-6.2 years among those promoted)",
        plausible=(1.0, 4.0),
    )
    senior_attrition_ratio: float = param(
        0.6,
        lo=0.0,
        hi=5.0,
        doc="attrition multiplier for associate and above",
        source="mobility about 15/8/3% by rank",
        plausible=(0.4, 0.8),
    )
    trainee_attrition_ratio: float = param(
        0.5,
        lo=0.0,
        hi=5.0,
        doc="attrition multiplier for trainees during training",
        source="assumption",
        plausible=(0.25, 1.0),
    )
    leader_attrition_ratio: float = param(
        0.5,
        lo=0.0,
        hi=5.0,
        doc="attrition multiplier for leaders (on top of the senior ratio)",
        source="assumption",
        plausible=(0.25, 1.0),
    )
    attrition_ratio_women: float = param(
        0.99,
        lo=0.1,
        hi=5.0,
        doc="residual attrition hazard ratio, women vs men (beyond what slower promotion "
        "and the up-or-out clock already cost them)",
        source="calibrated residual to T9 (Scheuermann 2024: median retention 8.33 vs 9.35 "
        "years, ratio 0.89)",
    )
    attrition_ratio_urm: float = param(
        1.06,
        lo=0.1,
        hi=5.0,
        doc="residual attrition hazard ratio, URM vs not (beyond what slower promotion "
        "and the up-or-out clock already cost them)",
        source="calibrated residual to T9b (Scheuermann 2024: median retention 7.78 vs 9.91 "
        "years, ratio 0.79)",
    )
    satisfaction_effect: float = param(
        3.0,
        lo=0.0,
        hi=10.0,
        doc="log-hazard of attrition per unit of satisfaction below satisfaction_reference",
        source="calibrated to E2 (Ries 2009)",
        plausible=(0.5, 3.0),
    )
    satisfaction_reference: float = param(
        0.6,
        lo=0.0,
        hi=1.0,
        doc="satisfaction at which attrition is at its base rate",
        source=CENTRING,
    )
    burnout_effect: float = param(
        2.5,
        lo=0.0,
        hi=10.0,
        doc="log-hazard of attrition per unit of burnout above burnout_reference",
        source="calibrated to E2 with satisfaction_effect (burnout and dissatisfaction "
        "both drive leaving; the development program acts through both)",
        plausible=(0.5, 2.5),
    )
    burnout_reference: float = param(
        0.45, lo=0.0, hi=1.0, doc="burnout at which attrition is at its base rate", source=CENTRING
    )
    path_fit_effect: float = param(
        1.0,
        lo=0.0,
        hi=10.0,
        doc="log-hazard of attrition per unit of path fit below path_fit_reference",
        source="assumption",
        plausible=(0.3, 2.0),
    )
    path_fit_reference: float = param(
        0.8, lo=0.0, hi=1.0, doc="path fit at which attrition is at its base rate", source=CENTRING
    )
    path_fit_scale: float = param(
        4.0,
        lo=0.0,
        hi=20.0,
        doc="path fit lost per unit by which the own track's talent "
        "composite falls short of the best track's",
        source="assumption",
        plausible=(2.0, 6.0),
    )
    reassessment_rate: float = param(
        0.25,
        lo=0.0,
        hi=1.0,
        doc="yearly chance one good mentor gives a realistic assessment of path fit",
        source="assumption",
        plausible=(0.1, 0.4),
    )
    retirement_age: float = param(
        66.0,
        lo=40.0,
        hi=90.0,
        doc="age at which retirement becomes likely",
        source="assumption",
        plausible=(63.0, 70.0),
    )
    retirement_window_years: float = param(
        8.0,
        lo=0.0,
        hi=40.0,
        doc="years before retirement_age from which people may retire",
        source="assumption",
        plausible=(5.0, 10.0),
    )
    retirement_hazard: float = param(
        0.12,
        lo=0.0,
        hi=5.0,
        doc="yearly retirement hazard at retirement_age",
        source="assumption",
        plausible=(0.06, 0.2),
    )
    retirement_slope: float = param(
        0.3,
        lo=0.0,
        hi=5.0,
        doc="log-hazard of retirement gained per year of age",
        source="assumption",
        plausible=(0.15, 0.45),
    )
    retirement_certain_age: float = param(
        80.0,
        lo=40.0,
        hi=120.0,
        doc="age by which everyone has retired",
        source="assumption",
        plausible=(75.0, 85.0),
    )
    readiness_leadership_weight: float = param(
        0.40,
        lo=0.0,
        hi=1.0,
        doc="weight of leadership and management skill in leadership readiness",
        source="assumption",
        plausible=(0.3, 0.5),
    )
    readiness_business_weight: float = param(
        0.15,
        lo=0.0,
        hi=1.0,
        doc="weight of business, law and regulation skill in readiness",
        source="assumption",
        plausible=(0.1, 0.2),
    )
    readiness_alignment_weight: float = param(
        0.20,
        lo=0.0,
        hi=1.0,
        doc="weight of values alignment in readiness",
        source="assumption",
        plausible=(0.1, 0.3),
    )
    readiness_emotional_weight: float = param(
        0.15,
        lo=0.0,
        hi=1.0,
        doc="weight of emotional intelligence in readiness",
        source="assumption",
        plausible=(0.1, 0.2),
    )
    readiness_seniority_weight: float = param(
        0.10,
        lo=0.0,
        hi=1.0,
        doc="weight of seniority in readiness",
        source="assumption",
        plausible=(0.05, 0.15),
    )
    readiness_seniority_years: float = param(
        10.0,
        lo=1.0,
        hi=40.0,
        doc="years in rank to full seniority in leadership readiness (a new full "
        "professor starts again from none)",
        source="assumption (chairs are appointed years after reaching full professor)",
        plausible=(5.0, 15.0),
    )
    sponsorship_credit: float = param(
        0.15,
        lo=0.0,
        hi=2.0,
        doc="how much more a promotion committee credits a "
        "sponsored person's record (their portfolio counts "
        "1 + this times)",
        source="assumption (Patton 2017: 73% vs 58% success "
        "with and without sponsorship, men; 59% vs 49%, "
        "women; research funding, not promotion)",
        plausible=(0.05, 0.3),
    )
    sponsorship_readiness_bonus: float = param(
        0.05,
        lo=0.0,
        hi=1.0,
        doc="leadership readiness added for a sponsored "
        "full professor (put forward when posts "
        "open)",
        source="assumption",
        plausible=(0.0, 0.1),
    )
    leadership_program_rate: float = param(
        0.15,
        lo=0.0,
        hi=1.0,
        doc="yearly share of the room left in leadership preparation (0-1) closed by a "
        "year in a leadership development program",
        source="assumption (a year-long program: McDade 2004, ELAM fellows' self-rated "
        "leadership capabilities rose in all ten constructs, pre/post, 79 fellows)",
        plausible=(0.05, 0.5),
    )
    leadership_program_readiness: float = param(
        0.06,
        lo=0.0,
        hi=1.0,
        doc="leadership readiness added by full leadership preparation (what a program "
        "adds on top of skills learnt on the job: finance, strategy, visibility to search "
        "committees)",
        source="assumption (no study measures appointment after a program against a "
        "comparison group; 0 is no effect)",
        plausible=(0.0, 0.1),
    )
    leadership_prep_half_life_years: float = param(
        5.0,
        lo=0.1,
        hi=100.0,
        doc="half-life of leadership preparation once a person leaves the program",
        source="assumption",
        plausible=(2.0, 10.0),
    )
    educator_record_weight: float = param(
        0.85,
        lo=0.0,
        hi=2.0,
        doc="how much of a clinician-educator's academic record a promotion committee counts "
        "toward the bar for associate professor (criteria written for publications and "
        "grants)",
        source="assumption informed by Beasley 2006: sixth-year promotion 16% of "
        "clinician-educators vs 26% of clinician-investigators (unadjusted, 183 internal "
        "medicine faculty), low research time HR 0.3; 1 is no difference",
        plausible=(0.7, 1.0),
    )
    attrition_ratio_educator: float = param(
        1.0,
        lo=0.0,
        hi=5.0,
        doc="hazard ratio of leaving for clinician-educators relative to the other tracks",
        source="assumption: no figure found by track; 1 is no difference",
        plausible=(0.8, 1.5),
    )
    leadership_hr_women: float = param(
        0.6,
        lo=0.0,
        hi=2.0,
        doc="relative chance that a search committee appoints a ready woman rather than an "
        "equally ready man (a hazard ratio of appointment among ready candidates)",
        source="Richter 2020: hazard ratio of appointment to department chair for women "
        "0.46 (95% CI 0.39-0.54) from graduation, of promotion to full professor 0.77; "
        "the part not carried by rank is approx. 0.46 / 0.77 = 0.6",
        plausible=(0.46, 1.0),
    )

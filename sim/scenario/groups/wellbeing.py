"""``[wellbeing]``: how burnout, satisfaction, emotional intelligence and values move.

The yearly dynamics of everyone's burnout, career satisfaction, emotional intelligence and
alignment with institutional values, and of mentors' satisfaction from mentoring; how
coaching's effect fades; what a realistic assessment of one's path costs. The levels these
produce are pinned by T10 and T10b (burnout) and E3 (coaching); the rest are assumptions
with plausible ranges.
"""

from __future__ import annotations

from dataclasses import dataclass

from sim.scenario.validation import param


@dataclass(frozen=True)
class Wellbeing:
    """How burnout, satisfaction, emotional intelligence and values alignment move."""

    burnout_adjustment: float = param(
        0.35,
        lo=0.0,
        hi=1.0,
        doc="share of the way burnout moves to its stress level each year",
        source="assumption",
        plausible=(0.2, 0.5),
    )
    burnout_noise_sd: float = param(
        0.12,
        lo=0.0,
        hi=0.5,
        doc="yearly noise in burnout (standard deviation)",
        source="assumption",
        plausible=(0.08, 0.16),
    )
    support_burnout_weight: float = param(
        0.2,
        lo=0.0,
        hi=5.0,
        doc="burnout lowered per unit of psychosocial support, "
        "relative to career.psychosocial_rate",
        source="calibrated to E4c (mentored vs unmentored burnout: a small "
        "standardised difference, Eby 2008)",
        plausible=(0.0, 0.5),
    )
    failing_stress: float = param(
        0.06,
        lo=0.0,
        hi=1.0,
        doc="yearly burnout added by each failing relationship a mentee is stuck in",
        source="assumption",
        plausible=(0.02, 0.1),
    )
    early_career_stress: float = param(
        0.035,
        lo=0.0,
        hi=0.5,
        doc="yearly burnout added to assistant professors by the strain of early faculty "
        "life (the move from training, work-home conflict), mentored or not",
        source="calibrated to T12 (Dyrbye 2013: early-career physicians had the most "
        "work-home conflict and depersonalization; burnout near later stages' rates)",
        plausible=(0.0, 0.05),
    )
    fit_reference: float = param(
        0.75,
        lo=0.0,
        hi=1.0,
        doc="path fit at which stress equals career.baseline_stress (worse fit, more stress)",
        source="assumption",
        plausible=(0.6, 0.9),
    )
    satisfaction_base: float = param(
        0.35,
        lo=0.0,
        hi=1.0,
        doc="satisfaction target with poor fit, no alignment, no support and no burnout",
        source="assumption (sets the level of satisfaction, which attrition is centred on)",
        plausible=(0.2, 0.45),
    )
    satisfaction_fit_weight: float = param(
        0.3,
        lo=0.0,
        hi=2.0,
        doc="satisfaction gained per unit of path fit",
        source="assumption",
        plausible=(0.15, 0.45),
    )
    satisfaction_alignment_weight: float = param(
        0.15,
        lo=0.0,
        hi=2.0,
        doc="satisfaction gained per unit of values alignment",
        source="assumption",
        plausible=(0.05, 0.25),
    )
    satisfaction_support_weight: float = param(
        0.15,
        lo=0.0,
        hi=10.0,
        doc="satisfaction gained per unit of support, relative to career.psychosocial_rate",
        source="calibrated to E4b (mentored vs unmentored career satisfaction: small "
        "to moderate, Allen 2004, Eby 2008, Underhill 2006)",
        plausible=(0.0, 0.5),
    )
    satisfaction_burnout_weight: float = param(
        0.35,
        lo=0.0,
        hi=2.0,
        doc="satisfaction lost per unit of burnout",
        source="assumption",
        plausible=(0.2, 0.5),
    )
    satisfaction_failing_weight: float = param(
        0.08,
        lo=0.0,
        hi=1.0,
        doc="satisfaction lost per failing relationship",
        source="assumption",
        plausible=(0.03, 0.15),
    )
    satisfaction_adjustment: float = param(
        0.4,
        lo=0.0,
        hi=1.0,
        doc="share of the way satisfaction moves to its target each year",
        source="assumption",
        plausible=(0.25, 0.6),
    )
    emotional_growth: float = param(
        0.08,
        lo=0.0,
        hi=1.0,
        doc="yearly growth of emotional intelligence toward 1 at full support and receptiveness",
        source="assumption",
        plausible=(0.03, 0.15),
    )
    values_pull: float = param(
        0.10,
        lo=0.0,
        hi=1.0,
        doc="yearly pull toward the institution's values at full values clarity",
        source="assumption",
        plausible=(0.05, 0.2),
    )
    mentor_values_pull: float = param(
        0.4,
        lo=0.0,
        hi=2.0,
        doc="share of the alignment gap to one's mentors closed per unit of mentoring effect",
        source="assumption",
        plausible=(0.2, 0.6),
    )
    burnout_alignment_erosion: float = param(
        0.06,
        lo=0.0,
        hi=1.0,
        doc="yearly loss of alignment per unit of burnout",
        source="assumption",
        plausible=(0.02, 0.1),
    )
    mentor_satisfaction_base: float = param(
        0.45,
        lo=0.0,
        hi=1.0,
        doc="mentoring satisfaction of a mentor whose relationships give nothing",
        source="assumption",
        plausible=(0.35, 0.55),
    )
    mentor_purpose_weight: float = param(
        0.4,
        lo=0.0,
        hi=2.0,
        doc="mentoring satisfaction gained from good "
        "relationships at a full load ('a renewed sense of "
        "purpose')",
        source="assumption",
        plausible=(0.2, 0.6),
    )
    mentor_overload_weight: float = param(
        0.35,
        lo=0.0,
        hi=2.0,
        doc="mentoring satisfaction lost per unit of load above capacity, relative to capacity",
        source="assumption",
        plausible=(0.2, 0.5),
    )
    mentor_satisfaction_adjustment: float = param(
        0.4,
        lo=0.0,
        hi=1.0,
        doc="share of the way mentoring satisfaction moves to its target each year",
        source="assumption",
        plausible=(0.25, 0.6),
    )
    coaching_half_life_years: float = param(
        1.0,
        lo=0.1,
        hi=20.0,
        doc="years over which the share of burnout a coaching course relieves halves",
        source="calibrated to E3b (assumption: trials follow the treated for 6-12 months, "
        "so how fast relief fades is not measured)",
        plausible=(0.25, 3.0),
    )
    reassessment_fit_threshold: float = param(
        0.75,
        lo=0.0,
        hi=1.0,
        doc="path fit below which a realistic assessment can move a junior to a better track",
        source="assumption",
        plausible=(0.6, 0.85),
    )
    reassessment_satisfaction_cost: float = param(
        0.05,
        lo=0.0,
        hi=1.0,
        doc="satisfaction lost in the year of a track change (a hard conversation)",
        source="assumption",
        plausible=(0.0, 0.1),
    )

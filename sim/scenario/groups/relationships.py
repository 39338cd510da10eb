"""``[relationships]``: how mentoring pairs form, what they deliver, and how they end.

Compatibility, the quality a pair reaches, what a relationship gives (psychosocial support,
career push, sponsorship), how informal pairs form and drift apart, and the weights the
matching policies use. Defaults are assumptions chosen for plausible magnitudes unless a
source says otherwise; each has the range sensitivity analysis samples.
"""

from __future__ import annotations

from dataclasses import dataclass

from sim.scenario.validation import param


@dataclass(frozen=True)
class Relationships:
    """How mentoring pairs form, what they deliver, and how they end."""

    value_weight: float = param(
        0.6,
        lo=0.0,
        hi=1.0,
        doc="share of deep-level similarity from shared values and "
        "interests (the rest from working style)",
        source="assumption; Eby 2013 (values and attitudes)",
        plausible=(0.4, 0.8),
    )
    style_gap_scale: float = param(
        2.0,
        lo=0.0,
        hi=10.0,
        doc="how fast working-style similarity falls with the mean "
        "gap in teamwork, emotional intelligence and "
        "proactiveness",
        source="assumption",
        plausible=(1.0, 3.0),
    )
    gender_match_weight: float = param(
        0.4,
        lo=0.0,
        hi=1.0,
        doc="share of demographic match from gender (the rest from URM status)",
        source="assumption, tuned within its plausible range to E6 (women's relative "
        "sponsorship: sponsors are the full professors among mentors, and women's access to "
        "them falls as gender weighs more in matching)",
        plausible=(0.3, 0.7),
    )
    quality_scale: float = param(
        1.6,
        lo=0.0,
        hi=5.0,
        doc="quality a perfectly compatible pair reaches with a fully "
        "skilled mentor, receptive mentee and full time (before "
        "clipping to 1)",
        source="assumption",
        plausible=(1.2, 2.0),
    )
    skill_floor: float = param(
        0.55,
        lo=0.0,
        hi=1.0,
        doc="share of quality an unskilled mentor still reaches",
        source="assumption",
        plausible=(0.4, 0.7),
    )
    receptiveness_floor: float = param(
        0.6,
        lo=0.0,
        hi=1.0,
        doc="share of quality an unreceptive mentee still reaches",
        source="assumption",
        plausible=(0.45, 0.75),
    )
    time_exponent: float = param(
        0.5,
        lo=0.0,
        hi=2.0,
        doc="how quality falls with the time a mentor can give "
        "(quality scales with time share to this power)",
        source="assumption; DeCastro 2014 (time spent matters)",
        plausible=(0.3, 1.0),
    )
    quality_noise_sd: float = param(
        0.08,
        lo=0.0,
        hi=0.5,
        doc="yearly noise in a relationship's quality target",
        source="assumption",
        plausible=(0.04, 0.12),
    )
    quality_adjustment: float = param(
        0.5,
        lo=0.0,
        hi=1.0,
        doc="share of the way quality moves to its target each year after the first",
        source="assumption",
        plausible=(0.3, 0.7),
    )
    assigned_pair_penalty: float = param(
        0.22,
        lo=0.0,
        hi=1.0,
        doc="share of the quality target an assigned pair loses "
        "to weaker commitment than a pair that chose each "
        "other",
        source="calibrated to E5 (Ragins & Cotton 1999 and later comparisons: assigned "
        "relationships give 0.70-0.95 of an informal one's career support; 0.22 gives about "
        "0.91, and 0 about 1.13, outside the band)",
        plausible=(0.15, 0.35),
    )
    support_per_effect: float = param(
        0.9,
        lo=0.0,
        hi=1.0,
        doc="psychosocial support one relationship gives at full quality and time",
        source="assumption",
        plausible=(0.6, 1.0),
    )
    career_push_scale: float = param(
        2.0,
        lo=0.0,
        hi=10.0,
        doc="career push per unit of skill gap between mentor and mentee, at full quality and time",
        source="assumption",
        plausible=(1.0, 3.0),
    )
    associate_sponsorship: float = param(
        0.6,
        lo=0.0,
        hi=1.0,
        doc="career support an associate professor gives "
        "relative to a full professor (less standing to "
        "sponsor)",
        source="assumption",
        plausible=(0.4, 0.8),
    )
    informal_drift_rate: float = param(
        0.35,
        lo=0.0,
        hi=1.0,
        doc="yearly chance a failing informal relationship ends "
        "(the pair drifts apart; no program sees it)",
        source="assumption; no academic-medicine figure "
        "(Kupersmidt 2017: 38% early closure in youth "
        "programs, an upper bound)",
        plausible=(0.2, 0.5),
    )
    trained_receptiveness_gain: float = param(
        0.1,
        lo=0.0,
        hi=1.0,
        doc="receptiveness a mentee gains from mentee training",
        source="assumption",
        plausible=(0.05, 0.2),
    )
    trained_seeking_factor: float = param(
        1.3,
        lo=1.0,
        hi=5.0,
        doc="how much more readily a trained mentee seeks informal mentors",
        source="assumption",
        plausible=(1.1, 1.6),
    )
    seeking_floor: float = param(
        0.5,
        lo=0.0,
        hi=2.0,
        doc="seeking chance at zero proactiveness, relative to "
        "program.informal_seek_rate (the chance scales with "
        "seeking_floor + proactiveness)",
        source="assumption",
        plausible=(0.3, 0.7),
    )
    choice_compatibility_floor: float = param(
        0.5,
        lo=0.0,
        hi=5.0,
        doc="weight of any mentor in informal choice "
        "before compatibility adds to it (choice "
        "weight scales with floor + compatibility)",
        source="assumption",
        plausible=(0.25, 1.0),
    )
    homophily_choice_strength: float = param(
        1.5,
        lo=0.0,
        hi=10.0,
        doc="log-weight of a demographically similar "
        "mentor in informal choice, per unit of "
        "program.homophily",
        source="assumption",
        plausible=(0.75, 2.5),
    )
    homophily_acceptance: float = param(
        0.5,
        lo=0.0,
        hi=1.0,
        doc="how much less readily a mentor accepts a "
        "dissimilar informal mentee, per unit of "
        "program.homophily",
        source="assumption",
        plausible=(0.25, 0.75),
    )
    taste_sd: float = param(
        0.05,
        lo=0.0,
        hi=1.0,
        doc="idiosyncratic taste in mentees' rankings under stable matching (standard deviation)",
        source="assumption",
        plausible=(0.02, 0.1),
    )
    promise_weight: float = param(
        0.5,
        lo=0.0,
        hi=5.0,
        doc="weight mentors give a mentee's promise (ability and "
        "receptiveness) against compatibility under stable "
        "matching",
        source="assumption",
        plausible=(0.25, 1.0),
    )
    committee_need_weight: float = param(
        0.5,
        lo=0.0,
        hi=5.0,
        doc="weight of a mentee's skill gaps (against their "
        "track's emphasis) in choosing committee members",
        source="assumption",
        plausible=(0.25, 1.0),
    )
    committee_perspective_weight: float = param(
        0.15,
        lo=0.0,
        hi=5.0,
        doc="score a committee candidate gains per "
        "perspective (gender, URM status, track) "
        "the committee lacks",
        source="assumption",
        plausible=(0.05, 0.3),
    )
    committee_compatibility_weight: float = param(
        0.3,
        lo=0.0,
        hi=5.0,
        doc="weight of compatibility in choosing committee members",
        source="assumption",
        plausible=(0.1, 0.6),
    )
    informal_sponsorship_rate: float = param(
        0.25,
        lo=0.0,
        hi=1.0,
        doc="yearly chance a full professor or leader whose "
        "mentee relationship is good starts sponsoring "
        "the mentee",
        source="calibrated to E6 (Patton 2017: 77% of men and 71% of women sponsored)",
    )
    sponsor_quality_threshold: float = param(
        0.5,
        lo=0.0,
        hi=1.0,
        doc="relationship quality from which a senior mentor may sponsor the mentee",
        source="assumption",
        plausible=(0.35, 0.65),
    )
    sponsor_homophily: float = param(
        0.0,
        lo=0.0,
        hi=1.0,
        doc="how much less likely a senior sponsors a protege of the other gender",
        source="calibrated to E6 (Patton 2017: women sponsored 0.92 times as often as men, "
        "71% vs 77%; Schwartz 2024): 0, the model's other mechanisms (fewer senior women "
        "to be mentored by, homophilous informal mentoring) already give that ratio",
    )
    sponsorship_years: int = param(
        6, lo=1, hi=30, doc="years a sponsorship lasts", source="assumption", plausible=(3, 10)
    )
    sponsor_capacity: int = param(
        3,
        lo=1,
        hi=20,
        doc="proteges a sponsor takes on at once",
        source="assumption",
        plausible=(2, 5),
    )
    peer_support: float = param(
        0.3,
        lo=0.0,
        hi=1.0,
        doc="psychosocial support a facilitated peer group gives each "
        "member (combined with mentors' as an independent chance)",
        source="assumption; Fleming 2015 (peer networking and support)",
        plausible=(0.1, 0.5),
    )
    peer_assessment: float = param(
        0.1,
        lo=0.0,
        hi=1.0,
        doc="yearly chance a peer group gives a member a realistic assessment of their path",
        source="assumption",
        plausible=(0.0, 0.2),
    )
    mentee_choice_information: float = param(
        0.4,
        lo=0.0,
        hi=1.0,
        doc="share of the program's error about a pair "
        "left when mentees meet candidates and rank "
        "them",
        source="assumption",
        plausible=(0.2, 0.7),
    )

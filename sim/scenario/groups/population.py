"""``[population]``: who is hired, and the synthetic year-0 institution.

Demographics, tracks and the spread of traits and talent of everyone hired, and the state the
people of year 0 start in (their ages, how far their skills have grown, how long they have
been in their rank). The year-0 numbers only set a plausible starting point: run-level
outcomes leave out the warm-up years while that synthetic institution settles.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from sim.scenario.validation import param

# Source of the numbers that describe the institution studied rather than a behaviour.
DESCRIPTION = "institution description: set it to the institution studied"

# Source of the numbers that set the synthetic year-0 institution's starting state.
STARTING_STATE = (
    "starting state of the synthetic year-0 institution (the warm-up years discount it)"
)


# Source of the track weights: what counts toward each track's composite skill.
TRACK_WEIGHT_SOURCE = (
    "assumption: what each track's promotion criteria weigh (research for "
    "clinician-scientists, teaching for educators, leadership and business "
    "for administrators; clinical work for all)"
)

#: The tracks and skill domains the weights are named by, in the order of ``sim.state``'s
#: ``TRACK_NAMES`` and ``DOMAIN_NAMES`` (``tests/test_scenario.py`` checks the order).
WEIGHT_TRACKS = ("scientist", "educator", "administrator")
WEIGHT_DOMAINS = (
    "clinical",
    "research",
    "teaching",
    "leadership",
    "business",
    "technology",
    "ethics",
)


_DOMAIN_TEXT = {"business": "business, law and regulation"}


def _track_weight(default: float, track: str, domain: str):
    """A track's weight of one skill domain; plausible within 40% of it (at least 0.02)."""
    spread = max(0.02, 0.4 * default)
    return param(
        default,
        lo=0.0,
        hi=1.0,
        doc=f"how much {_DOMAIN_TEXT.get(domain, domain)} counts toward the "
        f"clinician-{track} track's composite skill (relative: a track's weights "
        "are divided by their sum)",
        source=TRACK_WEIGHT_SOURCE,
        plausible=(round(max(0.0, default - spread), 3), round(default + spread, 3)),
    )


@dataclass(frozen=True)
class Population:
    """Who is hired: demographics, tracks, traits and talent; the year-0 starting state."""

    women_share_hires: float = param(
        0.47,
        lo=0.0,
        hi=1.0,
        doc="share of women among hires",
        source="AAMC 2018-19: women 41% of faculty, more at entry",
    )
    women_share_senior_initial: float = param(
        0.32,
        lo=0.0,
        hi=1.0,
        doc="share of women among associate and full professors at year 0",
        source="AAMC (approx.)",
    )
    women_share_external_leaders: float = param(
        0.18,
        lo=0.0,
        hi=1.0,
        doc="share of women among leaders hired from outside",
        source="AAMC. The State of Women in Academic Medicine 2018-2019: women were 18% of "
        "department chairs (and 25% of full professors)",
    )
    urm_share_hires: float = param(
        0.12, lo=0.0, hi=1.0, doc="share of URM people among hires", source="AAMC (approx.)"
    )
    urm_share_senior_initial: float = param(
        0.07,
        lo=0.0,
        hi=1.0,
        doc="share of URM people among senior faculty at year 0",
        source="AAMC (approx.)",
    )
    share_clinician_scientist: float = param(
        0.30,
        lo=0.0,
        hi=1.0,
        doc="share of hires on the clinician-scientist "
        "track, among those who do not simply take "
        "their best track (see track_choice_noise)",
        source=DESCRIPTION,
    )
    share_clinician_educator: float = param(
        0.50,
        lo=0.0,
        hi=1.0,
        doc="share of hires on the clinician-educator track",
        source=DESCRIPTION,
    )
    share_clinician_administrator: float = param(
        0.20,
        lo=0.0,
        hi=1.0,
        doc="share of hires on the clinician-administrator track",
        source=DESCRIPTION,
    )
    # How much each skill domain counts toward a track's composite skill: the record a
    # promotion weighs, the track a hire is best suited to, path fit, the development index.
    weight_scientist_clinical: float = _track_weight(0.25, "scientist", "clinical")
    weight_scientist_research: float = _track_weight(0.45, "scientist", "research")
    weight_scientist_teaching: float = _track_weight(0.05, "scientist", "teaching")
    weight_scientist_leadership: float = _track_weight(0.05, "scientist", "leadership")
    weight_scientist_business: float = _track_weight(0.05, "scientist", "business")
    weight_scientist_technology: float = _track_weight(0.1, "scientist", "technology")
    weight_scientist_ethics: float = _track_weight(0.05, "scientist", "ethics")
    weight_educator_clinical: float = _track_weight(0.35, "educator", "clinical")
    weight_educator_research: float = _track_weight(0.05, "educator", "research")
    weight_educator_teaching: float = _track_weight(0.35, "educator", "teaching")
    weight_educator_leadership: float = _track_weight(0.05, "educator", "leadership")
    weight_educator_business: float = _track_weight(0.05, "educator", "business")
    weight_educator_technology: float = _track_weight(0.05, "educator", "technology")
    weight_educator_ethics: float = _track_weight(0.1, "educator", "ethics")
    weight_administrator_clinical: float = _track_weight(0.25, "administrator", "clinical")
    weight_administrator_research: float = _track_weight(0.0, "administrator", "research")
    weight_administrator_teaching: float = _track_weight(0.05, "administrator", "teaching")
    weight_administrator_leadership: float = _track_weight(0.3, "administrator", "leadership")
    weight_administrator_business: float = _track_weight(0.25, "administrator", "business")
    weight_administrator_technology: float = _track_weight(0.05, "administrator", "technology")
    weight_administrator_ethics: float = _track_weight(0.1, "administrator", "ethics")
    trait_sd: float = param(
        0.15,
        lo=0.01,
        hi=0.5,
        doc="spread of traits around 0.5",
        source="assumption",
        plausible=(0.10, 0.20),
    )
    track_choice_noise: float = param(
        0.6,
        lo=0.0,
        hi=1.0,
        doc="chance a hire's track ignores their strengths (poor path fit)",
        source="assumption",
        plausible=(0.4, 0.8),
    )
    talent_mean: float = param(
        0.6,
        lo=0.1,
        hi=1.0,
        doc="mean skill ceiling (talent) in each domain",
        source="assumption",
        plausible=(0.5, 0.7),
    )
    talent_sd: float = param(
        0.15,
        lo=0.0,
        hi=0.5,
        doc="spread of talent across domains and people",
        source="assumption",
        plausible=(0.10, 0.20),
    )
    talent_ability_effect: float = param(
        0.3,
        lo=0.0,
        hi=1.0,
        doc="talent gained per unit of ability above 0.5 (able "
        "people have higher ceilings everywhere)",
        source="assumption",
        plausible=(0.15, 0.45),
    )
    age_sd: float = param(
        3.0,
        lo=0.0,
        hi=15.0,
        doc="spread of age at each career stage, years",
        source="assumption",
        plausible=(2.0, 5.0),
    )
    start_age_trainee: float = param(
        31.0,
        lo=20.0,
        hi=60.0,
        doc="typical age starting training (residency or fellowship)",
        source=STARTING_STATE,
    )
    start_age_assistant: float = param(
        35.0, lo=20.0, hi=70.0, doc="typical age on joining the faculty", source=STARTING_STATE
    )
    start_age_associate: float = param(
        42.0,
        lo=20.0,
        hi=70.0,
        doc="typical age on becoming associate professor",
        source=STARTING_STATE,
    )
    start_age_full: float = param(
        50.0, lo=20.0, hi=75.0, doc="typical age on becoming full professor", source=STARTING_STATE
    )
    start_age_leader: float = param(
        54.0, lo=20.0, hi=80.0, doc="typical age of a newly appointed leader", source=STARTING_STATE
    )
    skill_level_trainee: float = param(
        0.25,
        lo=0.0,
        hi=1.0,
        doc="share of talent a new trainee's skills have reached",
        source="assumption",
        plausible=(0.15, 0.35),
    )
    skill_level_assistant: float = param(
        0.35,
        lo=0.0,
        hi=1.0,
        doc="share of talent reached by a new assistant professor",
        source="assumption",
        plausible=(0.25, 0.50),
    )
    skill_level_associate: float = param(
        0.55,
        lo=0.0,
        hi=1.0,
        doc="share of talent reached by a new associate professor",
        source=STARTING_STATE,
    )
    skill_level_full: float = param(
        0.70,
        lo=0.0,
        hi=1.0,
        doc="share of talent reached by a new full professor",
        source=STARTING_STATE,
    )
    skill_level_leader: float = param(
        0.75, lo=0.0, hi=1.0, doc="share of talent reached by a new leader", source=STARTING_STATE
    )
    initial_skill_per_year: float = param(
        0.02,
        lo=0.0,
        hi=0.2,
        doc="share of talent the year-0 people have added per year already spent in their rank",
        source=STARTING_STATE,
    )
    initial_skill_noise: float = param(
        0.1,
        lo=0.0,
        hi=0.5,
        doc="relative spread of starting skills around their level",
        source=STARTING_STATE,
    )
    initial_years_trainee: int = param(
        3,
        lo=0,
        hi=40,
        doc="year-0 trainees have spent up to this many years in training",
        source=STARTING_STATE,
    )
    initial_years_assistant: int = param(
        7,
        lo=0,
        hi=40,
        doc="year-0 assistant professors have spent up to this many years in rank",
        source=STARTING_STATE,
    )
    initial_years_associate: int = param(
        9,
        lo=0,
        hi=40,
        doc="year-0 associate professors have spent up to this many years in rank",
        source=STARTING_STATE,
    )
    initial_years_full: int = param(
        16,
        lo=0,
        hi=40,
        doc="year-0 full professors have spent up to this many years in rank",
        source=STARTING_STATE,
    )
    initial_years_leader: int = param(
        10,
        lo=0,
        hi=40,
        doc="year-0 leaders have spent up to this many years in rank",
        source=STARTING_STATE,
    )
    initial_satisfaction: float = param(
        0.6, lo=0.0, hi=1.0, doc="mean career satisfaction on arrival", source=STARTING_STATE
    )
    initial_satisfaction_sd: float = param(
        0.1, lo=0.0, hi=0.5, doc="spread of satisfaction on arrival", source=STARTING_STATE
    )
    initial_burnout_sd: float = param(
        0.12,
        lo=0.0,
        hi=0.5,
        doc="spread of burnout on arrival (around career.baseline_stress)",
        source=STARTING_STATE,
    )
    initial_alignment: float = param(
        0.5,
        lo=0.0,
        hi=1.0,
        doc="mean alignment with institutional values on arrival",
        source=STARTING_STATE,
    )
    initial_alignment_sd: float = param(
        0.1, lo=0.0, hi=0.5, doc="spread of values alignment on arrival", source=STARTING_STATE
    )
    initial_had_mentor_share: float = param(
        0.5,
        lo=0.0,
        hi=1.0,
        doc="share of the year-0 people who had a mentor "
        "earlier in their career (feeds willingness to "
        "mentor)",
        source="assumption: about T1's share",
        plausible=(0.4, 0.7),
    )

    def raw_track_weights(self) -> np.ndarray:
        """The ``weight_<track>_<domain>`` parameters as given, float64 (tracks x domains)."""
        return np.array(
            [
                [getattr(self, f"weight_{track}_{domain}") for domain in WEIGHT_DOMAINS]
                for track in WEIGHT_TRACKS
            ]
        )

    @functools.cached_property
    def track_weights(self) -> np.ndarray:
        """The track weights as a (tracks x domains) array, each track's summing to one.

        A track whose weights already sum to one (to rounding) keeps them exactly as given,
        so the defaults give the same numbers whatever order the sum is taken in.

        Returns:
            float64 (3, 7), rows in ``sim.state.TRACK_NAMES`` order, columns in
            ``sim.state.DOMAIN_NAMES`` order.
        """
        weights = self.raw_track_weights()
        sums = weights.sum(axis=1)
        rescale = np.abs(sums - 1.0) > 1e-12
        weights[rescale] /= sums[rescale, None]
        return weights

"""Drawing new people: the year-0 institution, yearly hires and external leaders.

Every attribute is a keyed draw on the person's key (``sim.rng``), so person k of year t's
intake is the same person under every program design. The numbers that shape the draws are
``[population]`` and ``[mentors]`` parameters of the scenario.
"""

from __future__ import annotations

import numpy as np

from sim import kernels
from sim.rng import KeyedRandom
from sim.scenario import Scenario
from sim.state import (
    ABILITY,
    ASSOCIATE,
    LEADER,
    N_DOMAINS,
    N_TRAITS,
    N_VALUES,
    TRAINEE,
    People,
)

# Traits are drawn around the middle of their [0, 1] scale and kept off its ends.
TRAIT_CENTRE = 0.5  # structural: the middle of the scale
TRAIT_MARGIN = 0.02  # structural: keeps traits inside (0, 1)
# The starting state drawn for each new person, one normal draw each.
WELLBEING_DRAWS = ("satisfaction", "burnout", "alignment")


def _by_stage(pop, prefix: str) -> np.ndarray:
    """A per-stage parameter as an array indexed by stage (trainee ... leader)."""
    return np.array(
        [
            getattr(pop, f"{prefix}_{stage}")
            for stage in ("trainee", "assistant", "associate", "full", "leader")
        ]
    )


def add_people(
    people: People,
    rng: KeyedRandom,
    scenario: Scenario,
    params: np.ndarray,
    keys: np.ndarray,
    stages: np.ndarray,
    year: int,
    n_departments: int,
    *,
    initial: bool,
) -> np.ndarray:
    """Append people with the given keys and stages; return their rows.

    Args:
        people: The people table.
        rng: Keyed random numbers.
        scenario: The scenario (population and mentor parameters).
        params: The kernels' parameters, packed (``KernelParams.packed``; path fit).
        keys: int64 (k,), draw keys of the new people.
        stages: int8 (k,), the stage each joins at.
        year: The year they join (0 for the initial institution).
        n_departments: Number of departments.
        initial: Whether these are the year-0 institution (back-dated careers).

    Returns:
        int64 (k,), the new rows.
    """
    pop, men = scenario.population, scenario.mentors
    k = len(keys)
    rows = people.add_rows(k)
    if k == 0:
        return rows
    # The new rows are consecutive: a slice writes them faster than an index array.
    new = slice(int(rows[0]), int(rows[0]) + k)
    # Every draw about the new people in one pass (the same numbers as one call per purpose).
    draw = rng.draws(
        keys,
        -1,
        uniform=(
            "woman",
            "urm",
            "track",
            "track_choice",
            "department",
            "had_mentor",
            "years_in_stage",
            "participates",
        ),
        normal={
            "traits": N_TRAITS,
            "values": N_VALUES,
            "talent": N_DOMAINS,
            "age": 1,
            "skills": N_DOMAINS,
            "wellbeing": len(WELLBEING_DRAWS),
            "capacity": 1,
            "mentor_skill": 1,
            "productivity": 1,
        },
    )
    senior = stages >= ASSOCIATE
    women_share = np.where(initial & senior, pop.women_share_senior_initial, pop.women_share_hires)
    # Leaders hired from outside come from the national pool of chairs and chiefs.
    if not initial:
        women_share = np.where(stages == LEADER, pop.women_share_external_leaders, women_share)
    urm_share = np.where(initial & senior, pop.urm_share_senior_initial, pop.urm_share_hires)

    traits = np.clip(TRAIT_CENTRE + pop.trait_sd * draw["traits"], TRAIT_MARGIN, 1.0 - TRAIT_MARGIN)
    values = draw["values"]
    talent = np.clip(
        pop.talent_mean
        + pop.talent_sd * draw["talent"]
        + pop.talent_ability_effect * (traits[:, [ABILITY]] - TRAIT_CENTRE),
        0.0,
        1.0,
    )
    shares = np.array(
        [
            pop.share_clinician_scientist,
            pop.share_clinician_educator,
            pop.share_clinician_administrator,
        ]
    )
    drawn_track = np.minimum(
        np.searchsorted(np.cumsum(shares), draw["track"], side="right"), len(shares) - 1
    )
    weights = pop.track_weights
    best_track = np.argmax(talent @ weights.T, axis=1)
    track = np.where(draw["track_choice"] < pop.track_choice_noise, drawn_track, best_track)

    most_years = _by_stage(pop, "initial_years")[stages]
    years_in = np.where(initial, np.floor(draw["years_in_stage"] * (most_years + 1)), 0).astype(
        np.int32
    )
    age_now = _by_stage(pop, "start_age")[stages] + years_in + pop.age_sd * draw["age"][:, 0]
    level = _by_stage(pop, "skill_level")[stages] + pop.initial_skill_per_year * years_in
    skills = np.clip(
        talent * level[:, None] * (1.0 + pop.initial_skill_noise * draw["skills"]), 0.0, 1.0
    )

    people.key[new] = keys
    people.stage[new] = stages
    people.track[new] = track
    people.department[new] = np.minimum(
        (draw["department"] * n_departments).astype(np.int32), n_departments - 1
    )
    people.woman[new] = draw["woman"] < women_share
    people.urm[new] = draw["urm"] < urm_share
    people.active[new] = True
    people.hire_year[new] = year
    people.hire_stage[new] = stages
    people.stage_year[new] = year - years_in
    people.birth_year[new] = year - age_now
    faculty = stages != TRAINEE
    people.faculty_year[new] = np.where(faculty, year - np.where(initial, years_in, 0), -1)
    people.faculty_stage[new] = np.where(faculty, stages, -1)
    people.associate_year[new] = np.where(stages >= ASSOCIATE, year - years_in, -1)
    people.traits[new] = traits
    people.values[new] = values
    people.talent[new] = talent
    people.skills[new] = skills
    satisfaction_noise, burnout_noise, alignment_noise = draw["wellbeing"].T
    people.satisfaction[new] = np.clip(
        pop.initial_satisfaction + pop.initial_satisfaction_sd * satisfaction_noise, 0.0, 1.0
    )
    people.burnout[new] = np.clip(
        scenario.career.baseline_stress + pop.initial_burnout_sd * burnout_noise, 0.0, 1.0
    )
    people.alignment[new] = np.clip(
        pop.initial_alignment + pop.initial_alignment_sd * alignment_noise, 0.0, 1.0
    )
    # The year-0 people, and seniors hired from elsewhere, may have had mentors before; a
    # junior hire's mentoring starts here.
    people.had_mentor[new] = np.where(
        initial | senior, draw["had_mentor"] < pop.initial_had_mentor_share, False
    )
    people.mentor_satisfaction[new] = men.initial_satisfaction
    people.participates[new] = draw["participates"] < scenario.program.participation
    people.capacity[new] = men.capacity_median * np.exp(
        men.capacity_log_sd * draw["capacity"][:, 0]
    )
    people.mentor_skill[new] = np.clip(
        men.skill_mean + men.skill_sd * draw["mentor_skill"][:, 0], 0.0, 1.0
    )
    people.mentor_base_skill[new] = people.mentor_skill[new]
    refresh_path_fit(people, rows, weights, params)
    # The year-0 people have been building their record for the years already in their rank.
    composite = np.empty(k)
    kernels.track_composite(
        skills=skills, track=people.track[new], track_weights=weights, out=composite
    )
    sd = scenario.career.productivity_sd
    people.productivity[new] = np.exp(sd * draw["productivity"][:, 0] - sd * sd / 2.0)
    people.portfolio[new] = years_in * composite * people.productivity[new]
    decide_willingness(people, rng, scenario, rows[senior], recruiting=False)
    return rows


def refresh_readiness(people: People, year: int, params: np.ndarray) -> None:
    """Recompute every person's leadership readiness for ``year`` (into ``people.readiness``).

    Args:
        people: The people table.
        year: The current year (seniority counts years in the current rank).
        params: The packed kernel parameters.
    """
    kernels.leadership_readiness(
        skills=people.skills,
        alignment=people.alignment,
        traits=people.traits,
        stage=people.stage,
        stage_year=people.stage_year,
        year=year,
        active=people.active,
        params=params,
        out=people.readiness,
    )


def refresh_path_fit(
    people: People, rows: np.ndarray, track_weights: np.ndarray, params: np.ndarray
) -> np.ndarray:
    """Recompute path fit for the given rows; return each row's best track.

    ``track_weights`` is the scenario's (``population.track_weights``).
    """
    fit = np.empty(len(rows))
    best = np.empty(len(rows), dtype=np.int8)
    kernels.path_fit(
        talent=people.talent[rows],
        track=people.track[rows],
        track_weights=track_weights,
        params=params,
        out_fit=fit,
        out_best=best,
    )
    people.path_fit[rows] = fit
    return best


def willingness_chance(
    people: People,
    scenario: Scenario,
    rows: np.ndarray,
    *,
    recruiting: bool,
    recognition: bool = False,
) -> np.ndarray:
    """Chance each newly senior person is willing to mentor.

    Having had a mentor multiplies the odds by ``former_mentee_odds_ratio`` (Walensky 2018:
    OR 3.5), so a program that mentors more people grows its own mentor pool: a culture of
    mentoring. A program that recruits mentors multiplies them by
    ``program_recruitment_odds_ratio``, one that recognises mentoring by
    ``recognition_odds_ratio``.
    """
    men = scenario.mentors
    base_odds = men.willing_share / max(np.finfo(float).eps, 1.0 - men.willing_share)
    odds = base_odds * np.where(people.had_mentor[rows], men.former_mentee_odds_ratio, 1.0)
    if recruiting:
        odds = odds * men.program_recruitment_odds_ratio
    if recognition:
        odds = odds * men.recognition_odds_ratio
    # Odds ratio relative to the population mix: centred so that willing_share holds when
    # half the seniors had mentors.
    odds = odds / np.sqrt(men.former_mentee_odds_ratio)
    return odds / (1.0 + odds)


def decide_willingness(
    people: People,
    rng: KeyedRandom,
    scenario: Scenario,
    rows: np.ndarray,
    *,
    recruiting: bool,
    recognition: bool = False,
) -> None:
    """Decide who among newly senior people is willing to mentor."""
    if len(rows) == 0:
        return
    chance = willingness_chance(
        people, scenario, rows, recruiting=recruiting, recognition=recognition
    )
    people.willing[rows] = rng.uniform("willing", people.key[rows], -1) < chance


def split_counts(total: int, shares: np.ndarray) -> np.ndarray:
    """Split an integer total by shares, largest remainders first (counts sum to total)."""
    raw = total * shares / shares.sum()
    counts = np.floor(raw).astype(np.int64)
    remainder = total - counts.sum()
    counts[np.argsort(-(raw - counts), kind="stable")[:remainder]] += 1
    return counts

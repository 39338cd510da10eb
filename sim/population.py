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
    N_DOMAINS,
    N_TRAITS,
    N_VALUES,
    TRAINEE,
    Table,
)

# Traits are drawn around the middle of their [0, 1] scale and kept off its ends.
TRAIT_CENTRE = 0.5  # structural: the middle of the scale
TRAIT_MARGIN = 0.02  # structural: keeps traits inside (0, 1)
# The starting state drawn for each new person, one normal draw each.
WELLBEING_DRAWS = ("satisfaction", "burnout", "alignment")


def _by_stage(pop, prefix: str) -> np.ndarray:
    """A per-stage parameter as an array indexed by stage (trainee ... leader)."""
    return np.array([getattr(pop, f"{prefix}_{stage}") for stage in
                     ("trainee", "assistant", "associate", "full", "leader")])


def add_people(people: Table, rng: KeyedRandom, scenario: Scenario, params: np.ndarray,
               keys: np.ndarray, stages: np.ndarray, year: int, n_departments: int, *,
               initial: bool) -> np.ndarray:
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
    u = {name: rng.uniform(name, keys, -1) for name in
         ("woman", "urm", "track", "track_choice", "department", "willing", "had_mentor",
          "years_in_stage", "participates")}
    senior = stages >= ASSOCIATE
    women_share = np.where(initial & senior, pop.women_share_senior_initial, pop.women_share_hires)
    urm_share = np.where(initial & senior, pop.urm_share_senior_initial, pop.urm_share_hires)

    traits = np.clip(TRAIT_CENTRE + pop.trait_sd * rng.normal("traits", keys, -1, N_TRAITS),
                     TRAIT_MARGIN, 1.0 - TRAIT_MARGIN)
    values = rng.normal("values", keys, -1, N_VALUES)
    talent = np.clip(pop.talent_mean + pop.talent_sd * rng.normal("talent", keys, -1, N_DOMAINS)
                     + pop.talent_ability_effect * (traits[:, [ABILITY]] - TRAIT_CENTRE),
                     0.0, 1.0)
    shares = np.array([pop.share_clinician_scientist, pop.share_clinician_educator,
                       pop.share_clinician_administrator])
    drawn_track = np.minimum(np.searchsorted(np.cumsum(shares), u["track"], side="right"),
                             len(shares) - 1)
    weights = pop.track_weights
    best_track = np.argmax(talent @ weights.T, axis=1)
    track = np.where(u["track_choice"] < pop.track_choice_noise, drawn_track, best_track)

    most_years = _by_stage(pop, "initial_years")[stages]
    years_in = np.where(initial, np.floor(u["years_in_stage"] * (most_years + 1)),
                        0).astype(np.int32)
    age_now = (_by_stage(pop, "start_age")[stages] + years_in
               + pop.age_sd * rng.normal("age", keys, -1, 1)[:, 0])
    level = _by_stage(pop, "skill_level")[stages] + pop.initial_skill_per_year * years_in
    skills = np.clip(talent * level[:, None] * (1.0 + pop.initial_skill_noise * rng.normal(
        "skills", keys, -1, N_DOMAINS)), 0.0, 1.0)

    people.key[rows] = keys
    people.stage[rows] = stages
    people.track[rows] = track
    people.department[rows] = np.minimum((u["department"] * n_departments).astype(np.int32),
                                         n_departments - 1)
    people.woman[rows] = u["woman"] < women_share
    people.urm[rows] = u["urm"] < urm_share
    people.active[rows] = True
    people.hire_year[rows] = year
    people.hire_stage[rows] = stages
    people.stage_year[rows] = year - years_in
    people.birth_year[rows] = year - age_now
    faculty = stages != TRAINEE
    people.faculty_year[rows] = np.where(faculty, year - np.where(initial, years_in, 0), -1)
    people.faculty_stage[rows] = np.where(faculty, stages, -1)
    people.associate_year[rows] = np.where(stages >= ASSOCIATE, year - years_in, -1)
    people.traits[rows] = traits
    people.values[rows] = values
    people.talent[rows] = talent
    people.skills[rows] = skills
    satisfaction_noise, burnout_noise, alignment_noise = rng.normal("wellbeing", keys, -1,
                                                                    len(WELLBEING_DRAWS)).T
    people.satisfaction[rows] = np.clip(pop.initial_satisfaction + pop.initial_satisfaction_sd
                                        * satisfaction_noise, 0.0, 1.0)
    people.burnout[rows] = np.clip(scenario.career.baseline_stress + pop.initial_burnout_sd
                                   * burnout_noise, 0.0, 1.0)
    people.alignment[rows] = np.clip(pop.initial_alignment + pop.initial_alignment_sd
                                     * alignment_noise, 0.0, 1.0)
    # The year-0 people, and seniors hired from elsewhere, may have had mentors before; a
    # junior hire's mentoring starts here.
    people.had_mentor[rows] = np.where(initial | senior,
                                       u["had_mentor"] < pop.initial_had_mentor_share, False)
    people.mentor_satisfaction[rows] = men.initial_satisfaction
    people.participates[rows] = u["participates"] < scenario.program.participation
    people.capacity[rows] = men.capacity_median * np.exp(
        men.capacity_log_sd * rng.normal("capacity", keys, -1, 1)[:, 0])
    people.mentor_skill[rows] = np.clip(men.skill_mean + men.skill_sd * rng.normal(
        "mentor_skill", keys, -1, 1)[:, 0], 0.0, 1.0)
    people.mentor_base_skill[rows] = people.mentor_skill[rows]
    refresh_path_fit(people, rows, weights, params)
    # The year-0 people have been building their record for the years already in their rank.
    composite = np.empty(k)
    kernels.track_composite(skills, people.track[rows], weights, composite)
    sd = scenario.career.productivity_sd
    people.productivity[rows] = np.exp(sd * rng.normal("productivity", keys, -1, 1)[:, 0]
                                       - sd * sd / 2.0)
    people.portfolio[rows] = years_in * composite * people.productivity[rows]
    decide_willingness(people, rng, scenario, rows[senior], recruiting=False)
    return rows


def refresh_path_fit(people: Table, rows: np.ndarray, track_weights: np.ndarray,
                     params: np.ndarray) -> np.ndarray:
    """Recompute path fit for the given rows; return each row's best track.

    ``track_weights`` is the scenario's (``population.track_weights``).
    """
    fit = np.empty(len(rows))
    best = np.empty(len(rows), dtype=np.int8)
    kernels.path_fit(people.talent[rows], people.track[rows], track_weights, params, fit, best)
    people.path_fit[rows] = fit
    return best


def willingness_chance(people: Table, scenario: Scenario, rows: np.ndarray, *,
                       recruiting: bool, recognition: bool = False) -> np.ndarray:
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


def decide_willingness(people: Table, rng: KeyedRandom, scenario: Scenario, rows: np.ndarray,
                       *, recruiting: bool, recognition: bool = False) -> None:
    """Decide who among newly senior people is willing to mentor."""
    if len(rows) == 0:
        return
    chance = willingness_chance(people, scenario, rows, recruiting=recruiting,
                                recognition=recognition)
    people.willing[rows] = rng.uniform("willing", people.key[rows], -1) < chance


def split_counts(total: int, shares: np.ndarray) -> np.ndarray:
    """Split an integer total by shares, largest remainders first (counts sum to total)."""
    raw = total * shares / shares.sum()
    counts = np.floor(raw).astype(np.int64)
    remainder = total - counts.sum()
    counts[np.argsort(-(raw - counts), kind="stable")[:remainder]] += 1
    return counts

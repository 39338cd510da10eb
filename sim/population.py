"""Drawing new people: the year-0 institution, yearly hires and external leaders.

Every attribute is a keyed draw on the person's key (``sim.rng``), so person k of year t's
intake is the same person under every program design.
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
    TRACK_WEIGHTS,
    TRAINEE,
    Table,
)

# Typical age at the start of each stage, and how far skills have grown toward talent.
START_AGE = np.array([31.0, 35.0, 42.0, 50.0, 54.0])
SKILL_LEVEL = np.array([0.25, 0.35, 0.55, 0.70, 0.75])
# Years already spent in the stage by the year-0 population: drawn up to this many.
INITIAL_YEARS_IN_STAGE = np.array([3, 7, 9, 16, 10])


def add_people(people: Table, rng: KeyedRandom, scenario: Scenario, keys: np.ndarray,
               stages: np.ndarray, year: int, n_departments: int, *, initial: bool) -> np.ndarray:
    """Append people with the given keys and stages; return their rows.

    Args:
        people: The people table.
        rng: Keyed random numbers.
        scenario: The scenario (population and mentor parameters).
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
          "years_in_stage")}
    senior = stages >= ASSOCIATE
    women_share = np.where(initial & senior, pop.women_share_senior_initial, pop.women_share_hires)
    urm_share = np.where(initial & senior, pop.urm_share_senior_initial, pop.urm_share_hires)

    traits = np.clip(0.5 + pop.trait_sd * rng.normal("traits", keys, -1, N_TRAITS), 0.02, 0.98)
    values = rng.normal("values", keys, -1, N_VALUES)
    talent = np.clip(0.6 + 0.15 * rng.normal("talent", keys, -1, N_DOMAINS)
                     + 0.3 * (traits[:, [ABILITY]] - 0.5), 0.1, 1.0)
    shares = np.array([pop.share_clinician_scientist, pop.share_clinician_educator,
                       pop.share_clinician_administrator])
    drawn_track = np.minimum(np.searchsorted(np.cumsum(shares), u["track"], side="right"), 2)
    best_track = np.argmax(talent @ TRACK_WEIGHTS.T, axis=1)
    track = np.where(u["track_choice"] < pop.track_choice_noise, drawn_track, best_track)

    years_in = np.where(initial, np.floor(u["years_in_stage"] * (INITIAL_YEARS_IN_STAGE[stages]
                                                                 + 1)), 0).astype(np.int32)
    age_noise = 3.0 * rng.normal("age", keys, -1, 1)[:, 0]
    age_now = START_AGE[stages] + years_in + age_noise
    level = SKILL_LEVEL[stages] + 0.02 * years_in
    skills = np.clip(talent * level[:, None] * (1.0 + 0.1 * rng.normal("skills", keys, -1,
                                                                        N_DOMAINS)), 0.0, 1.0)

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
    noise = rng.normal("wellbeing", keys, -1, 3)
    people.satisfaction[rows] = np.clip(0.6 + 0.1 * noise[:, 0], 0.0, 1.0)
    people.burnout[rows] = np.clip(scenario.career.baseline_stress + 0.12 * noise[:, 1], 0, 1)
    people.alignment[rows] = np.clip(0.5 + 0.1 * noise[:, 2], 0.0, 1.0)
    people.had_mentor[rows] = np.where(initial, u["had_mentor"] < 0.5, False)
    people.capacity[rows] = men.capacity_median * np.exp(
        men.capacity_log_sd * rng.normal("capacity", keys, -1, 1)[:, 0])
    people.mentor_skill[rows] = np.clip(men.skill_mean + 0.12 * rng.normal(
        "mentor_skill", keys, -1, 1)[:, 0], 0.05, 0.95)
    refresh_path_fit(people, rows)
    decide_willingness(people, rng, scenario, rows[senior])
    return rows


def refresh_path_fit(people: Table, rows: np.ndarray) -> np.ndarray:
    """Recompute path fit for the given rows; return each row's best track."""
    fit = np.empty(len(rows))
    best = np.empty(len(rows), dtype=np.int8)
    kernels.path_fit(people.talent[rows], people.track[rows], TRACK_WEIGHTS, fit, best)
    people.path_fit[rows] = fit
    return best


def decide_willingness(people: Table, rng: KeyedRandom, scenario: Scenario,
                       rows: np.ndarray) -> None:
    """Decide who among newly senior people is willing to mentor.

    Having had a mentor multiplies the odds by ``former_mentee_odds_ratio`` (Walensky 2018:
    OR 3.5), so a program that mentors more people grows its own mentor pool: a culture of
    mentoring.
    """
    if len(rows) == 0:
        return
    men = scenario.mentors
    base_odds = men.willing_share / max(1e-9, 1.0 - men.willing_share)
    odds = base_odds * np.where(people.had_mentor[rows], men.former_mentee_odds_ratio, 1.0)
    if scenario.program.formal:
        odds *= men.program_recruitment_odds_ratio
    # Odds ratio relative to the population mix: centre so that willing_share holds when
    # half the seniors had mentors.
    odds /= np.sqrt(men.former_mentee_odds_ratio)
    chance = odds / (1.0 + odds)
    people.willing[rows] = rng.uniform("willing", people.key[rows], -1) < chance


def split_counts(total: int, shares: np.ndarray) -> np.ndarray:
    """Split an integer total by shares, largest remainders first (counts sum to total)."""
    raw = total * shares / shares.sum()
    counts = np.floor(raw).astype(np.int64)
    remainder = total - counts.sum()
    counts[np.argsort(-(raw - counts), kind="stable")[:remainder]] += 1
    return counts

"""What a matching policy is asked and what it answers.

A ``MatchRequest`` holds one year's mentees who need mentors, the mentors with free places,
and every relationship so far: a pair that has been together, ended or still going, is never
formed anew (or evaluation would be undone). A policy answers
with ``Matches``: the new relationships.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple

import numpy as np
from numba import njit

from sim.kernels import compatibility_of, pair_compatibility
from sim.rng import KeyedRandom, keyed_normal, pair_key_of
from sim.scenario import Scenario
from sim.state import People


class MatchParams(NamedTuple):
    """The matching policies' scalar parameters (``[program]`` and ``[relationships]``)."""

    information_sd: float
    informal_seek_rate: float
    homophily: float
    seeking_floor: float
    trained_seeking_factor: float
    choice_compatibility_floor: float
    homophily_choice_strength: float
    homophily_acceptance: float
    taste_sd: float
    promise_weight: float
    committee_need_weight: float
    committee_perspective_weight: float
    committee_compatibility_weight: float


def match_params(s: Scenario) -> MatchParams:
    """Collect the matching policies' parameters from a scenario."""
    r = s.relationships
    # Mentees who meet candidates and rank them leave the program less in the dark.
    choice = r.mentee_choice_information if s.program.mentee_choice else 1.0
    return MatchParams(
        information_sd=s.program.match_information_sd * choice,
        informal_seek_rate=s.program.informal_seek_rate,
        homophily=s.program.homophily,
        seeking_floor=r.seeking_floor,
        trained_seeking_factor=r.trained_seeking_factor,
        choice_compatibility_floor=r.choice_compatibility_floor,
        homophily_choice_strength=r.homophily_choice_strength,
        homophily_acceptance=r.homophily_acceptance,
        taste_sd=r.taste_sd,
        promise_weight=r.promise_weight,
        committee_need_weight=r.committee_need_weight,
        committee_perspective_weight=r.committee_perspective_weight,
        committee_compatibility_weight=r.committee_compatibility_weight,
    )


@njit(cache=True)
def perceived_compatibility(
    i, j, values, traits, woman, urm, key, seed, impression_code, params, information_sd
):
    """The compatibility a program believes a pair has: the true value plus its error.

    A program matches on what it knows (questionnaires, files), not on the real fit; the
    error is a fixed impression of the pair (keyed on the pair, not the year), standard
    deviation ``information_sd``. Informal pairs form on real acquaintance instead.

    Args:
        i: The mentee's row.
        j: The mentor's row.
        values: float64 (n, V).
        traits: float64 (n, T).
        woman: bool (n,).
        urm: bool (n,).
        key: int64 (n,), people's draw keys.
        seed: The run seed.
        impression_code: Purpose code of the impression draw.
        params: KernelParams, packed (``KernelParams.packed``).
        information_sd: Standard deviation of the program's error.

    Returns:
        The perceived compatibility (not clipped).
    """
    true = compatibility_of(i, j, values, traits, woman, urm, params)
    if information_sd == 0.0:
        return true
    error = keyed_normal(seed, impression_code, pair_key_of(key[i], key[j]), -1, 0)
    return true + information_sd * error


def _no_rows() -> np.ndarray:
    return np.empty(0, np.int64)


@dataclass
class MatchRequest:
    """Everything a policy needs for one year's matching.

    Attributes:
        people: The people table.
        mentees: int64 (m,), rows of people who need mentors.
        needed: int64 (m,), how many more mentors each needs.
        mentors: int64 (k,), rows of mentors with free places.
        free: int64 (k,), free places of each mentor (never above the hard cap).
        year: The current year.
        rng: Keyed random numbers of the run.
        params: The kernels' parameters, packed (``KernelParams.packed``; compatibility weights).
        match: The matching policies' parameters.
        n_departments: Number of departments.
        track_weights: float64 (tracks, domains), what counts toward each track's composite
            skill (a committee covers the domains its mentee's track weighs).
        cross_department: Whether committee members may come from neighbouring departments.
        pair_mentee: int64 (r,), the mentee of every relationship ever started.
        pair_mentor: int64 (r,), its mentor.
        pair_active: bool (r,), whether it is still going (its mentor is a current member of
            the mentee's committee).
    """

    people: People
    mentees: np.ndarray
    needed: np.ndarray
    mentors: np.ndarray
    free: np.ndarray
    year: int
    rng: KeyedRandom
    params: np.ndarray
    match: MatchParams
    n_departments: int
    track_weights: np.ndarray
    cross_department: bool = False
    pair_mentee: np.ndarray = field(default_factory=_no_rows)
    pair_mentor: np.ndarray = field(default_factory=_no_rows)
    pair_active: np.ndarray = field(default_factory=lambda: np.empty(0, bool))

    @cached_property
    def barred_pairs(self) -> tuple[np.ndarray, np.ndarray]:
        """Pairs that may not be formed (current or ended) among this request's mentees.

        Returns:
            Mentee rows and mentor rows, sorted by mentee then mentor.
        """
        return self._sorted_pairs_of(self._asking)

    @cached_property
    def current_pairs(self) -> tuple[np.ndarray, np.ndarray]:
        """Active pairs among this request's mentees, sorted by mentee then mentor."""
        return self._sorted_pairs_of(self._asking & self.pair_active)

    @cached_property
    def _asking(self) -> np.ndarray:
        """Bool (r,): relationships whose mentee is in this request."""
        asking = np.zeros(self.people.n, dtype=bool)
        asking[self.mentees] = True
        return asking[self.pair_mentee]

    def _sorted_pairs_of(self, keep: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        # One int64 key per pair (mentee major, mentor minor) sorts like a lexsort on the two
        # columns and gives the same arrays, several times faster.
        rows = np.int64(self.people.n)
        pair = self.pair_mentee[keep].astype(np.int64) * rows + self.pair_mentor[keep].astype(
            np.int64
        )
        pair.sort()
        return pair // rows, pair % rows


@dataclass
class Matches:
    """New relationships: mentee rows, mentor rows, compatibility and kind, shape (p,) each."""

    mentee: np.ndarray
    mentor: np.ndarray
    compatibility: np.ndarray
    kind: np.ndarray

    @classmethod
    def empty(cls) -> Matches:
        """Return no matches."""
        return cls(np.empty(0, np.int64), np.empty(0, np.int64), np.empty(0), np.empty(0, np.int8))


def compatibility_matrix(
    people: People, mentees: np.ndarray, mentors: np.ndarray, params: np.ndarray
) -> np.ndarray:
    """Return the (len(mentees), len(mentors)) compatibility matrix."""
    a = np.repeat(mentees, len(mentors)).astype(np.int64)
    b = np.tile(mentors, len(mentees)).astype(np.int64)
    out = np.empty(a.shape[0])
    pair_compatibility(
        mentees=a,
        mentors=b,
        values=people.values,
        traits=people.traits,
        woman=people.woman,
        urm=people.urm,
        params=params,
        out=out,
    )
    return out.reshape(len(mentees), len(mentors))

"""What a matching policy is asked and what it answers.

A ``MatchRequest`` holds one year's mentees who need mentors, the mentors with free places,
and every relationship so far: a pair that has been together, ended or still going, is never
formed anew (or evaluation would be undone). A policy answers
with ``Matches``: the new relationships.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from sim.kernels import KernelParams, pair_compatibility
from sim.rng import KeyedRandom
from sim.state import Table


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
        params: The kernels' scalar parameters (compatibility weights).
        n_departments: Number of departments.
        cross_department: Whether committee members may come from neighbouring departments.
        pair_mentee: int64 (r,), the mentee of every relationship ever started.
        pair_mentor: int64 (r,), its mentor.
        pair_active: bool (r,), whether it is still going (its mentor is a current member of
            the mentee's committee).
    """

    people: Table
    mentees: np.ndarray
    needed: np.ndarray
    mentors: np.ndarray
    free: np.ndarray
    year: int
    rng: KeyedRandom
    params: KernelParams
    n_departments: int
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
        mentee = self.pair_mentee[keep].astype(np.int64)
        mentor = self.pair_mentor[keep].astype(np.int64)
        order = np.lexsort((mentor, mentee))
        return mentee[order], mentor[order]


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


def compatibility_matrix(people: Table, mentees: np.ndarray, mentors: np.ndarray,
                         params: KernelParams) -> np.ndarray:
    """Return the (len(mentees), len(mentors)) compatibility matrix."""
    a = np.repeat(mentees, len(mentors)).astype(np.int64)
    b = np.tile(mentors, len(mentees)).astype(np.int64)
    out = np.empty(a.shape[0])
    pair_compatibility(a, b, people.values, people.traits, people.woman, people.urm, params, out)
    return out.reshape(len(mentees), len(mentors))

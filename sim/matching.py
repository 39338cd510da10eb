"""Matching policies: who mentors whom.

Five policies, each a function of the people who need mentors, the mentors with free places
and the keyed random numbers of the year. Matching happens within a department (mentoring is
mostly within a discipline); a committee may reach into neighbouring departments when the
program allows. No policy ever gives a mentor more mentees than the hard cap.

- ``informal``: proactive mentees seek mentors; homophily and availability decide, so access is
  unequal (Ragins & Cotton 1999; Walensky 2018).
- ``random``: a program assigns any mentor with a free place.
- ``compatibility``: a program maximises total compatibility over free places
  (``scipy.optimize.linear_sum_assignment``).
- ``stable``: mentee-proposing deferred acceptance with capacities, as in residency matching
  (Gale & Shapley 1962; Roth & Peranson 1999).
- ``committee``: k mentors per mentee, a primary by compatibility and members chosen to cover
  the mentee's development needs across domains and to add diversity of perspective.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
from numba import njit
from scipy.optimize import linear_sum_assignment

from sim.kernels import pair_compatibility
from sim.rng import KeyedRandom, pair_key
from sim.state import (
    ABILITY,
    COMMITTEE,
    INFORMAL,
    PRIMARY,
    PROACTIVENESS,
    RECEPTIVENESS,
    TRACK_WEIGHTS,
    Table,
)


@dataclass
class MatchRequest:
    """Everything a policy needs for one year's matching.

    Attributes:
        people: The people table.
        mentees: int64 (m,), rows of people who need mentors.
        needed: int64 (m,), how many more mentors each needs.
        mentors: int64 (k,), rows of mentors with free places.
        free: int64 (k,), free places of each mentor (never above the hard cap).
        current_mentee: int64 (c,), mentees of the pairs in an active relationship.
        current_mentor: int64 (c,), their mentors (a committee's current members).
        year: The current year.
        rng: Keyed random numbers of the run.
        deep_weight: Weight of deep-level similarity in compatibility.
        n_departments: Number of departments.
        cross_department: Whether committee members may come from neighbouring departments.
        past_mentee: int64 (h,), mentees of every pair whose relationship has ended.
        past_mentor: int64 (h,), their mentors, in the same order. A pair that has been
            together (ended by evaluation, naturally, or still going) is never formed anew.
    """

    people: Table
    mentees: np.ndarray
    needed: np.ndarray
    mentors: np.ndarray
    free: np.ndarray
    year: int
    rng: KeyedRandom
    deep_weight: float
    n_departments: int
    cross_department: bool = False
    current_mentee: np.ndarray = field(default_factory=lambda: np.empty(0, np.int64))
    current_mentor: np.ndarray = field(default_factory=lambda: np.empty(0, np.int64))
    past_mentee: np.ndarray = field(default_factory=lambda: np.empty(0, np.int64))
    past_mentor: np.ndarray = field(default_factory=lambda: np.empty(0, np.int64))

    @cached_property
    def existing(self) -> set:
        """Pairs in an active relationship, as a set of (mentee, mentor)."""
        return set(zip(self.current_mentee.tolist(), self.current_mentor.tolist(), strict=True))

    @cached_property
    def barred_pairs(self) -> tuple[np.ndarray, np.ndarray]:
        """Pairs that may not be formed (current or ended) among this request's mentees.

        Returns:
            Mentee rows and mentor rows, sorted by mentee then mentor.
        """
        mentee = np.concatenate([self.past_mentee, self.current_mentee]).astype(np.int64)
        mentor = np.concatenate([self.past_mentor, self.current_mentor]).astype(np.int64)
        asking = np.isin(mentee, self.mentees)
        mentee, mentor = mentee[asking], mentor[asking]
        order = np.lexsort((mentor, mentee))
        return mentee[order], mentor[order]

    @cached_property
    def excluded(self) -> set:
        """Pairs that may not be formed, as a set of (mentee, mentor)."""
        mentee, mentor = self.barred_pairs
        return set(zip(mentee.tolist(), mentor.tolist(), strict=True))


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
                         deep_weight: float) -> np.ndarray:
    """Return the (len(mentees), len(mentors)) compatibility matrix."""
    a = np.repeat(mentees, len(mentors)).astype(np.int64)
    b = np.tile(mentors, len(mentees)).astype(np.int64)
    out = np.empty(a.shape[0])
    pair_compatibility(a, b, people.values, people.traits, people.woman, people.urm, deep_weight,
                       out)
    return out.reshape(len(mentees), len(mentors))


def _by_department(req: MatchRequest, mentor_rows: np.ndarray):
    """Yield (mentee positions, mentor positions) per department with both present."""
    dept = req.people.department
    mentee_dept = dept[req.mentees]
    mentor_dept = dept[mentor_rows]
    mentee_order = np.argsort(mentee_dept, kind="stable")
    mentor_order = np.argsort(mentor_dept, kind="stable")
    sorted_mentor_dept = mentor_dept[mentor_order]
    sorted_mentee_dept = mentee_dept[mentee_order]
    for d in np.unique(mentee_dept):
        lo, hi = np.searchsorted(sorted_mentee_dept, [d, d + 1])
        mlo, mhi = np.searchsorted(sorted_mentor_dept, [d, d + 1])
        if mhi > mlo:
            yield mentee_order[lo:hi], mentor_order[mlo:mhi]


class _Ledger:
    """Free places and new pairs while a policy runs; guards the hard cap and duplicates."""

    def __init__(self, req: MatchRequest):
        self.req = req
        self.free = req.free.astype(np.int64).copy()
        self.needed = req.needed.astype(np.int64).copy()
        self.pairs: set = set(req.excluded)
        self.out_mentee: list[int] = []
        self.out_mentor: list[int] = []
        self.out_compat: list[float] = []
        self.out_kind: list[int] = []

    def can_pair(self, i: int, j: int) -> bool:
        return (self.free[j] > 0 and self.needed[i] > 0
                and (int(self.req.mentees[i]), int(self.req.mentors[j])) not in self.pairs)

    def pair(self, i: int, j: int, compat: float, kind: int) -> None:
        mentee, mentor = int(self.req.mentees[i]), int(self.req.mentors[j])
        self.free[j] -= 1
        self.needed[i] -= 1
        self.pairs.add((mentee, mentor))
        self.out_mentee.append(mentee)
        self.out_mentor.append(mentor)
        self.out_compat.append(float(compat))
        self.out_kind.append(kind)

    def result(self) -> Matches:
        return Matches(np.array(self.out_mentee, np.int64), np.array(self.out_mentor, np.int64),
                       np.array(self.out_compat, np.float64), np.array(self.out_kind, np.int8))


def match_random(req: MatchRequest) -> Matches:
    """Assign each mentee mentors drawn at random among those with free places."""
    ledger = _Ledger(req)
    keys = req.people.key
    for rnd in range(int(req.needed.max(initial=0))):
        for mentee_pos, mentor_pos in _by_department(req, req.mentors):
            order = mentee_pos[np.argsort(req.rng.uniform("match_order", keys[req.mentees[
                mentee_pos]], req.year, rnd), kind="stable")]
            picks = req.rng.uniform("match_random", keys[req.mentees[order]], req.year, rnd)
            for i, u in zip(order, picks, strict=True):
                open_pos = [j for j in mentor_pos if ledger.can_pair(i, j)]
                if not open_pos:
                    continue
                j = open_pos[int(u * len(open_pos))]
                compat = compatibility_matrix(req.people, req.mentees[[i]], req.mentors[[j]],
                                              req.deep_weight)[0, 0]
                ledger.pair(i, j, compat, PRIMARY if rnd == 0 else COMMITTEE)
    return ledger.result()


def match_compatibility(req: MatchRequest, *, rounds: int | None = None) -> Matches:
    """Maximise total compatibility over free places, one round per mentor needed."""
    ledger = _Ledger(req)
    rounds = int(req.needed.max(initial=0)) if rounds is None else rounds
    for rnd in range(rounds):
        for mentee_pos, mentor_pos in _by_department(req, req.mentors):
            _assign_block(req, ledger, mentee_pos, mentor_pos, PRIMARY if rnd == 0 else COMMITTEE)
    return ledger.result()


def _assign_block(req: MatchRequest, ledger: _Ledger, mentee_pos: np.ndarray,
                  mentor_pos: np.ndarray, kind: int) -> None:
    """One optimal assignment round within a department (each mentee gets at most one)."""
    mentee_pos = mentee_pos[ledger.needed[mentee_pos] > 0]
    mentor_pos = mentor_pos[ledger.free[mentor_pos] > 0]
    if len(mentee_pos) == 0 or len(mentor_pos) == 0:
        return
    compat = compatibility_matrix(req.people, req.mentees[mentee_pos], req.mentors[mentor_pos],
                                  req.deep_weight)
    # Expand each mentor into as many columns as free places, but never more columns per
    # mentor than there are mentees: the extra columns could not be used in one round.
    slots = np.minimum(ledger.free[mentor_pos], len(mentee_pos))
    columns = np.repeat(np.arange(len(mentor_pos)), slots)
    score = compat[:, columns].copy()
    for a, i in enumerate(mentee_pos):
        for b, j in enumerate(mentor_pos):
            if (int(req.mentees[i]), int(req.mentors[j])) in ledger.pairs:
                score[a, columns == b] = -1.0
    rows, cols = linear_sum_assignment(score, maximize=True)
    for a, c in zip(rows, cols, strict=True):
        b = columns[c]
        if score[a, c] < 0.0:
            continue
        i, j = mentee_pos[a], mentor_pos[b]
        if ledger.can_pair(i, j):
            ledger.pair(i, j, compat[a, b], kind)


def match_stable(req: MatchRequest) -> Matches:
    """Mentee-proposing deferred acceptance with capacities, one round per mentor needed.

    Mentees rank mentors by compatibility (with a little keyed noise for taste); mentors rank
    mentees by compatibility and promise (ability and receptiveness). The result is stable: no
    mentee and mentor both prefer each other to what they got.
    """
    ledger = _Ledger(req)
    keys = req.people.key
    traits = req.people.traits
    for rnd in range(int(req.needed.max(initial=0))):
        for mentee_pos, mentor_pos in _by_department(req, req.mentors):
            mentee_pos = mentee_pos[ledger.needed[mentee_pos] > 0]
            mentor_pos = mentor_pos[ledger.free[mentor_pos] > 0]
            if len(mentee_pos) == 0 or len(mentor_pos) == 0:
                continue
            compat = compatibility_matrix(req.people, req.mentees[mentee_pos],
                                          req.mentors[mentor_pos], req.deep_weight)
            pairs = pair_key(np.repeat(keys[req.mentees[mentee_pos]], len(mentor_pos)),
                             np.tile(keys[req.mentors[mentor_pos]], len(mentee_pos)))
            taste = req.rng.normal("match_taste", pairs, req.year, 1).reshape(
                len(mentee_pos), len(mentor_pos)) * 0.05
            mentee_pref = np.argsort(-(compat + taste), axis=1, kind="stable")
            rows = req.mentees[mentee_pos]
            promise = 0.5 * (traits[rows, ABILITY] + traits[rows, RECEPTIVENESS])
            mentor_score = compat + 0.5 * promise[:, None]
            held = _deferred_acceptance(mentee_pref, mentor_score, ledger.free[mentor_pos],
                                        [[(int(req.mentees[i]), int(req.mentors[j])) in
                                          ledger.pairs for j in mentor_pos] for i in mentee_pos])
            for b, accepted in enumerate(held):
                for a in sorted(accepted):
                    ledger.pair(mentee_pos[a], mentor_pos[b], compat[a, b],
                                PRIMARY if rnd == 0 else COMMITTEE)
    return ledger.result()


def _deferred_acceptance(mentee_pref: np.ndarray, mentor_score: np.ndarray,
                         capacity: np.ndarray, forbidden: list[list[bool]]) -> list[list[int]]:
    """Run mentee-proposing deferred acceptance; return accepted mentee indices per mentor."""
    n_mentees, n_mentors = mentee_pref.shape
    next_choice = np.zeros(n_mentees, dtype=np.int64)
    held: list[list[int]] = [[] for _ in range(n_mentors)]
    free = list(range(n_mentees))
    while free:
        a = free.pop()
        while next_choice[a] < n_mentors:
            b = int(mentee_pref[a, next_choice[a]])
            next_choice[a] += 1
            if forbidden[a][b] or capacity[b] <= 0:
                continue
            held[b].append(a)
            if len(held[b]) <= capacity[b]:
                break
            worst = min(held[b], key=lambda x: (mentor_score[x, b], -x))
            held[b].remove(worst)
            if worst == a:
                continue
            free.append(worst)
            break
    return held


def match_committee(req: MatchRequest) -> Matches:
    """Give each mentee a committee: a compatible primary, then members who add coverage.

    After the primary (an optimal compatibility round), each further member is the mentor
    with a free place who most raises the committee's coverage of the mentee's development
    needs (the domains their track values and where they are weakest), plus a bonus for a
    perspective the committee lacks (gender, URM status, track) and for compatibility.
    """
    primary_req = dataclasses.replace(req, needed=np.minimum(req.needed, 1))
    ledger = _Ledger(req)
    first = match_compatibility(primary_req, rounds=1)
    position_of_mentor = {int(m): j for j, m in enumerate(req.mentors)}
    position_of_mentee = {int(m): i for i, m in enumerate(req.mentees)}
    for mentee, mentor, compat in zip(first.mentee, first.mentor, first.compatibility,
                                      strict=True):
        ledger.pair(position_of_mentee[int(mentee)], position_of_mentor[int(mentor)], compat,
                    PRIMARY)
    people = req.people
    skills, track = people.skills, people.track
    dept = people.department[req.mentors]
    # Current members count toward coverage; anyone the mentee has ever had is barred.
    existing_mentors: dict[int, list[int]] = {}
    for mentee, mentor in req.existing | set(zip(first.mentee.tolist(), first.mentor.tolist(),
                                                 strict=True)):
        existing_mentors.setdefault(mentee, []).append(mentor)
    barred: dict[int, list[int]] = {}
    for mentee, mentor in ledger.pairs:
        barred.setdefault(mentee, []).append(mentor)
    order = np.argsort(req.rng.uniform("committee_order", people.key[req.mentees], req.year),
                       kind="stable")
    for i in order:
        if ledger.needed[i] <= 0:
            continue
        mentee = int(req.mentees[i])
        home = people.department[mentee]
        near = (dept == home)
        if req.cross_department and req.n_departments > 1:
            near |= (dept == (home + 1) % req.n_departments)
            near |= (dept == (home - 1) % req.n_departments)
        candidates = np.flatnonzero(near & (ledger.free > 0))
        if len(candidates) == 0:
            continue
        need = TRACK_WEIGHTS[track[mentee]] + 0.5 * (1.0 - skills[mentee])
        compat = compatibility_matrix(people, req.mentees[[i]], req.mentors[candidates],
                                      req.deep_weight)[0]
        while ledger.needed[i] > 0:
            members = existing_mentors.get(mentee, [])
            best_cover = (skills[members].max(axis=0) if members else skills[mentee])
            gain = (np.clip(skills[req.mentors[candidates]] - best_cover, 0.0, None)
                    * need).sum(axis=1)
            diversity = _perspective_bonus(people, members, req.mentors[candidates])
            score = gain + 0.15 * diversity + 0.3 * compat
            usable = (ledger.free[candidates] > 0) & ~np.isin(req.mentors[candidates],
                                                              barred.get(mentee, []))
            if not usable.any():
                break
            score[~usable] = -np.inf
            best = int(np.argmax(score))
            ledger.pair(i, candidates[best], compat[best], COMMITTEE)
            chosen = int(req.mentors[candidates[best]])
            existing_mentors.setdefault(mentee, []).append(chosen)
            barred.setdefault(mentee, []).append(chosen)
    return ledger.result()


def _perspective_bonus(people: Table, members: list[int], candidates: np.ndarray) -> np.ndarray:
    """Count, per candidate, the perspectives (gender, URM, track) the committee lacks."""
    if not members:
        return np.zeros(len(candidates))
    bonus = np.zeros(len(candidates))
    for column in (people.woman, people.urm, people.track):
        bonus += ~np.isin(column[candidates], column[members])
    return bonus


def match_informal(req: MatchRequest, *, seek_rate: float, homophily: float,
                   trained: np.ndarray) -> Matches:
    """Proactive mentees seek mentors; homophily and availability decide who finds one.

    Each mentee who needs a mentor seeks with a chance that rises with proactiveness (and
    mentee training), picks a mentor in their department weighted toward similar people with
    room, and is accepted more readily by a mentor like them. People with fewer similar
    seniors around them find mentors less often: access is unequal.

    Args:
        req: The year's request (``free`` is the places below each mentor's own capacity).
        seek_rate: Yearly chance a fully proactive person seeks successfully.
        homophily: Weight of same gender and URM status in choice and acceptance.
        trained: bool (len(req.mentees),), mentees who had mentee training.
    """
    people = req.people
    keys = people.key[req.mentees]
    proactive = people.traits[req.mentees, PROACTIVENESS]
    seek = req.rng.uniform("informal_seek", keys, req.year)
    order_draw = req.rng.uniform("informal_order", keys, req.year)
    choose = req.rng.uniform("informal_choose", keys, req.year)
    accept = req.rng.uniform("informal_accept", keys, req.year)
    chance = np.clip(seek_rate * (0.5 + proactive) * np.where(trained, 1.3, 1.0), 0.0, 1.0)
    seeks = seek < chance
    held_mentee, held_mentor = req.barred_pairs
    free = req.free.astype(np.int64).copy()
    found_mentee, found_mentor, found_compat = [], [], []
    for mentee_pos, mentor_pos in _by_department(req, req.mentors):
        order = mentee_pos[np.argsort(order_draw[mentee_pos], kind="stable")]
        block_free = free[mentor_pos]
        picks = np.empty(len(order), np.int64)
        compat = np.empty(len(order))
        _seek_informal_mentors(req.mentees[order], seeks[order], choose[order], accept[order],
                               req.mentors[mentor_pos], block_free, held_mentee, held_mentor,
                               people.values, people.traits, people.woman, people.urm,
                               req.deep_weight, homophily, picks, compat)
        free[mentor_pos] = block_free
        matched = picks >= 0
        found_mentee.append(req.mentees[order[matched]])
        found_mentor.append(req.mentors[mentor_pos[picks[matched]]])
        found_compat.append(compat[matched])
    if not found_mentee:
        return Matches.empty()
    mentee = np.concatenate(found_mentee).astype(np.int64)
    return Matches(mentee, np.concatenate(found_mentor).astype(np.int64),
                   np.concatenate(found_compat), np.full(len(mentee), INFORMAL, np.int8))


@njit(cache=True)
def _seek_informal_mentors(mentee_rows, seeks, choose, accept, mentor_rows, free, held_mentee,
                           held_mentor, values, traits, woman, urm, deep_weight, homophily,
                           out_pick, out_compat):
    """One department's informal seeking, mentee by mentee in their (random) order.

    Args:
        mentee_rows: int64 (a,), the department's mentees in seeking order.
        seeks: bool (a,), whether each seeks this year.
        choose: float64 (a,), uniform draw choosing among mentors.
        accept: float64 (a,), uniform draw for the mentor's acceptance.
        mentor_rows: int64 (m,), the department's mentors with room.
        free: int64 (m,), places left below each mentor's capacity; updated in place.
        held_mentee: int64 (h,), existing pairs' mentees, sorted.
        held_mentor: int64 (h,), existing pairs' mentors, in the same order.
        values: float64 (n, V).
        traits: float64 (n, T).
        woman: bool (n,).
        urm: bool (n,).
        deep_weight: weight of deep-level similarity in compatibility.
        homophily: weight of same gender and URM status in choice and acceptance.
        out_pick: int64 (a,), index into mentor_rows of the mentor found, or -1; written.
        out_compat: float64 (a,), the pair's compatibility where found; written.
    """
    m = mentor_rows.shape[0]
    compat = np.empty(m)
    same = np.empty(m)
    weight = np.empty(m)
    for a in range(mentee_rows.shape[0]):
        out_pick[a] = -1
        out_compat[a] = 0.0
    for a in range(mentee_rows.shape[0]):
        if not seeks[a]:
            continue
        if free.sum() == 0:
            break
        e = mentee_rows[a]
        pair_compatibility(np.full(m, e), mentor_rows, values, traits, woman, urm, deep_weight,
                           compat)
        lo = np.searchsorted(held_mentee, e, side="left")
        hi = np.searchsorted(held_mentee, e, side="right")
        total = 0.0
        for b in range(m):
            j = mentor_rows[b]
            same[b] = 0.5 * (woman[e] == woman[j]) + 0.5 * (urm[e] == urm[j])
            w = free[b] * (0.5 + compat[b]) * math.exp(1.5 * homophily * same[b])
            if free[b] <= 0:
                w = 0.0
            for k in range(lo, hi):
                if held_mentor[k] == j:
                    w = 0.0
            weight[b] = w
            total += w
        if total <= 0.0:
            continue
        target = choose[a] * total
        pick = m - 1
        running = 0.0
        for b in range(m):
            running += weight[b]
            if running > target:
                pick = b
                break
        if accept[a] < 1.0 - homophily * 0.5 * (1.0 - same[pick]):
            out_pick[a] = pick
            out_compat[a] = compat[pick]
            free[pick] -= 1


POLICIES = {
    "random": match_random,
    "compatibility": match_compatibility,
    "stable": match_stable,
    "committee": match_committee,
}

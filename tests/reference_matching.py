"""Plain-Python references of the matching policies, to test the numba versions against.

These are readable implementations (sets, lists and NumPy per department). The numba policies
in ``sim.matching`` must form the same pairs, in the same order, with the same compatibility,
for the same requests and draws. Programs choose on the compatibility they perceive
(``perceived``); the pairs they form keep their true compatibility (``true``).
"""

import dataclasses

import numpy as np
from scipy.optimize import linear_sum_assignment

from sim.kernels.params import record_of
from sim.matching import Matches, MatchRequest, compatibility_matrix, perceived_compatibility
from sim.rng import pair_key
from sim.state import (
    ABILITY,
    COMMITTEE,
    INFORMAL,
    PRIMARY,
    PROACTIVENESS,
    RECEPTIVENESS,
    Table,
)

BARRED = -1e6


def true(req: MatchRequest, mentees, mentors) -> np.ndarray:
    return compatibility_matrix(req.people, np.asarray(mentees), np.asarray(mentors), req.params)


def perceived(req: MatchRequest, mentees, mentors) -> np.ndarray:
    p = req.people
    code = req.rng.code("impression")
    return np.array(
        [
            [
                perceived_compatibility(
                    int(e),
                    int(m),
                    p.values,
                    p.traits,
                    p.woman,
                    p.urm,
                    p.key,
                    req.rng.seed,
                    code,
                    req.params,
                    req.match.information_sd,
                )
                for m in mentors
            ]
            for e in mentees
        ]
    ).reshape(len(mentees), len(mentors))


def _existing(req: MatchRequest) -> set:
    active = req.pair_active
    return set(zip(req.pair_mentee[active].tolist(), req.pair_mentor[active].tolist(), strict=True))


def _excluded(req: MatchRequest) -> set:
    mentee, mentor = req.barred_pairs
    return set(zip(mentee.tolist(), mentor.tolist(), strict=True))


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
        self.pairs: set = _excluded(req)
        self.out_mentee: list[int] = []
        self.out_mentor: list[int] = []
        self.out_compat: list[float] = []
        self.out_kind: list[int] = []

    def can_pair(self, i: int, j: int) -> bool:
        return (
            self.free[j] > 0
            and self.needed[i] > 0
            and (int(self.req.mentees[i]), int(self.req.mentors[j])) not in self.pairs
        )

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
        return Matches(
            np.array(self.out_mentee, np.int64),
            np.array(self.out_mentor, np.int64),
            np.array(self.out_compat, np.float64),
            np.array(self.out_kind, np.int8),
        )


def match_random_reference(req: MatchRequest) -> Matches:
    """Assign each mentee mentors drawn at random among those with free places."""
    ledger = _Ledger(req)
    keys = req.people.key
    for rnd in range(int(req.needed.max(initial=0))):
        for mentee_pos, mentor_pos in _by_department(req, req.mentors):
            order = mentee_pos[
                np.argsort(
                    req.rng.uniform("match_order", keys[req.mentees[mentee_pos]], req.year, rnd),
                    kind="stable",
                )
            ]
            picks = req.rng.uniform("match_random", keys[req.mentees[order]], req.year, rnd)
            for i, u in zip(order, picks, strict=True):
                open_pos = [j for j in mentor_pos if ledger.can_pair(i, j)]
                if not open_pos:
                    continue
                j = open_pos[int(u * len(open_pos))]
                compat = true(req, req.mentees[[i]], req.mentors[[j]])[0, 0]
                ledger.pair(i, j, compat, PRIMARY if rnd == 0 else COMMITTEE)
    return ledger.result()


def match_compatibility_reference(req: MatchRequest, *, rounds: int | None = None) -> Matches:
    """Maximise total perceived compatibility over free places, one round per mentor needed."""
    ledger = _Ledger(req)
    rounds = int(req.needed.max(initial=0)) if rounds is None else rounds
    for rnd in range(rounds):
        for mentee_pos, mentor_pos in _by_department(req, req.mentors):
            _assign_block(req, ledger, mentee_pos, mentor_pos, PRIMARY if rnd == 0 else COMMITTEE)
    return ledger.result()


def _assign_block(
    req: MatchRequest, ledger: _Ledger, mentee_pos: np.ndarray, mentor_pos: np.ndarray, kind: int
) -> None:
    """One optimal assignment round within a department (each mentee gets at most one)."""
    mentee_pos = mentee_pos[ledger.needed[mentee_pos] > 0]
    mentor_pos = mentor_pos[ledger.free[mentor_pos] > 0]
    if len(mentee_pos) == 0 or len(mentor_pos) == 0:
        return
    compat = true(req, req.mentees[mentee_pos], req.mentors[mentor_pos])
    seen = perceived(req, req.mentees[mentee_pos], req.mentors[mentor_pos])
    slots = np.minimum(ledger.free[mentor_pos], len(mentee_pos))
    columns = np.repeat(np.arange(len(mentor_pos)), slots)
    score = seen[:, columns].copy()
    for a, i in enumerate(mentee_pos):
        for b, j in enumerate(mentor_pos):
            if (int(req.mentees[i]), int(req.mentors[j])) in ledger.pairs:
                score[a, columns == b] = BARRED
    rows, cols = linear_sum_assignment(score, maximize=True)
    for a, c in zip(rows, cols, strict=True):
        b = columns[c]
        if score[a, c] == BARRED:
            continue
        i, j = mentee_pos[a], mentor_pos[b]
        if ledger.can_pair(i, j):
            ledger.pair(i, j, compat[a, b], kind)


def match_stable_reference(req: MatchRequest) -> Matches:
    """Mentee-proposing deferred acceptance with capacities, one round per mentor needed."""
    ledger = _Ledger(req)
    keys = req.people.key
    traits = req.people.traits
    for rnd in range(int(req.needed.max(initial=0))):
        for mentee_pos, mentor_pos in _by_department(req, req.mentors):
            mentee_pos = mentee_pos[ledger.needed[mentee_pos] > 0]
            mentor_pos = mentor_pos[ledger.free[mentor_pos] > 0]
            if len(mentee_pos) == 0 or len(mentor_pos) == 0:
                continue
            compat = true(req, req.mentees[mentee_pos], req.mentors[mentor_pos])
            seen = perceived(req, req.mentees[mentee_pos], req.mentors[mentor_pos])
            pairs = pair_key(
                np.repeat(keys[req.mentees[mentee_pos]], len(mentor_pos)),
                np.tile(keys[req.mentors[mentor_pos]], len(mentee_pos)),
            )
            taste = (
                req.rng.normal("match_taste", pairs, req.year, 1).reshape(
                    len(mentee_pos), len(mentor_pos)
                )
                * req.match.taste_sd
            )
            mentee_pref = np.argsort(-(seen + taste), axis=1, kind="stable")
            rows = req.mentees[mentee_pos]
            promise = (traits[rows, ABILITY] + traits[rows, RECEPTIVENESS]) / 2.0
            mentor_score = seen + req.match.promise_weight * promise[:, None]
            held = _deferred_acceptance(
                mentee_pref,
                mentor_score,
                ledger.free[mentor_pos],
                [
                    [(int(req.mentees[i]), int(req.mentors[j])) in ledger.pairs for j in mentor_pos]
                    for i in mentee_pos
                ],
            )
            for b, accepted in enumerate(held):
                for a in sorted(accepted):
                    ledger.pair(
                        mentee_pos[a],
                        mentor_pos[b],
                        compat[a, b],
                        PRIMARY if rnd == 0 else COMMITTEE,
                    )
    return ledger.result()


def _deferred_acceptance(mentee_pref, mentor_score, capacity, forbidden):
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
            worst = min(held[b], key=lambda x, b=b: (mentor_score[x, b], -x))
            held[b].remove(worst)
            if worst == a:
                continue
            free.append(worst)
            break
    return held


def match_committee_reference(req: MatchRequest) -> Matches:
    """A compatible primary, then members who add coverage, perspective and compatibility."""
    primary_req = dataclasses.replace(req, needed=np.minimum(req.needed, 1))
    ledger = _Ledger(req)
    first = match_compatibility_reference(primary_req, rounds=1)
    position_of_mentor = {int(m): j for j, m in enumerate(req.mentors)}
    position_of_mentee = {int(m): i for i, m in enumerate(req.mentees)}
    for mentee, mentor, compat in zip(first.mentee, first.mentor, first.compatibility, strict=True):
        ledger.pair(
            position_of_mentee[int(mentee)], position_of_mentor[int(mentor)], compat, PRIMARY
        )
    people = req.people
    skills, track = people.skills, people.track
    dept = people.department[req.mentors]
    existing_mentors: dict[int, list[int]] = {}
    for mentee, mentor in _existing(req) | set(
        zip(first.mentee.tolist(), first.mentor.tolist(), strict=True)
    ):
        existing_mentors.setdefault(mentee, []).append(mentor)
    barred: dict[int, list[int]] = {}
    for mentee, mentor in ledger.pairs:
        barred.setdefault(mentee, []).append(mentor)
    order = np.argsort(
        req.rng.uniform("committee_order", people.key[req.mentees], req.year), kind="stable"
    )
    match = req.match
    for i in order:
        if ledger.needed[i] <= 0:
            continue
        mentee = int(req.mentees[i])
        home = people.department[mentee]
        near = dept == home
        if req.cross_department and req.n_departments > 1:
            near |= dept == (home + 1) % req.n_departments
            near |= dept == (home - 1) % req.n_departments
        candidates = np.flatnonzero(near & (ledger.free > 0))
        if len(candidates) == 0:
            continue
        need = req.track_weights[track[mentee]] + match.committee_need_weight * (
            1.0 - skills[mentee]
        )
        compat = true(req, req.mentees[[i]], req.mentors[candidates])[0]
        seen = perceived(req, req.mentees[[i]], req.mentors[candidates])[0]
        while ledger.needed[i] > 0:
            members = existing_mentors.get(mentee, [])
            best_cover = skills[members].max(axis=0) if members else skills[mentee]
            gain = (np.clip(skills[req.mentors[candidates]] - best_cover, 0.0, None) * need).sum(
                axis=1
            )
            diversity = _perspective_bonus(people, members, req.mentors[candidates])
            score = (
                gain
                + match.committee_perspective_weight * diversity
                + match.committee_compatibility_weight * seen
            )
            usable = (ledger.free[candidates] > 0) & ~np.isin(
                req.mentors[candidates], barred.get(mentee, [])
            )
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


def match_informal_reference(req: MatchRequest, *, trained: np.ndarray) -> Matches:
    """Proactive mentees seek mentors; homophily and availability decide who finds one."""
    ledger = _Ledger(req)
    people, match, params = req.people, req.match, record_of(req.params)
    keys = people.key[req.mentees]
    proactive = people.traits[req.mentees, PROACTIVENESS]
    seek = req.rng.uniform("informal_seek", keys, req.year)
    order_draw = req.rng.uniform("informal_order", keys, req.year)
    choose = req.rng.uniform("informal_choose", keys, req.year)
    accept = req.rng.uniform("informal_accept", keys, req.year)
    chance = np.clip(
        match.informal_seek_rate
        * (match.seeking_floor + proactive)
        * np.where(trained, match.trained_seeking_factor, 1.0),
        0.0,
        1.0,
    )
    for mentee_pos, mentor_pos in _by_department(req, req.mentors):
        order = mentee_pos[np.argsort(order_draw[mentee_pos], kind="stable")]
        compat = true(req, req.mentees[order], req.mentors[mentor_pos])
        for a, i in enumerate(order):
            if seek[i] >= chance[i]:
                continue
            room = ledger.free[mentor_pos]
            if room.sum() == 0:
                break
            mentee, mentors = int(req.mentees[i]), req.mentors[mentor_pos]
            same = params.gender_match_weight * (people.woman[mentors] == people.woman[mentee]) + (
                1.0 - params.gender_match_weight
            ) * (people.urm[mentors] == people.urm[mentee])
            weight = (
                room
                * (match.choice_compatibility_floor + compat[a])
                * np.exp(match.homophily_choice_strength * match.homophily * same)
            )
            for b, j in enumerate(mentor_pos):
                if not ledger.can_pair(i, j):
                    weight[b] = 0.0
            total = weight.sum()
            if total <= 0.0:
                continue
            b = int(np.searchsorted(np.cumsum(weight), choose[i] * total, side="right"))
            b = min(b, len(mentor_pos) - 1)
            acceptance = 1.0 - match.homophily * match.homophily_acceptance * (1.0 - same[b])
            if accept[i] < acceptance:
                ledger.pair(i, mentor_pos[b], compat[a, b], INFORMAL)
    return ledger.result()


REFERENCES = {
    "random": match_random_reference,
    "compatibility": match_compatibility_reference,
    "stable": match_stable_reference,
    "committee": match_committee_reference,
}

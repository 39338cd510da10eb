"""The committee policy: a compatible primary mentor, then members who add coverage.

After the primary (one optimal compatibility round), each further member is the mentor with a
free place who most raises the committee's coverage of the mentee's development needs (the
domains their track values and where they are weakest), plus a bonus for a perspective the
committee lacks (gender, URM status, track) and for the compatibility the program
perceives: breadth of expertise and of viewpoint is what a committee adds (DeCastro 2014 on
mentor networks).
"""

from __future__ import annotations

import numpy as np
from numba import njit

from sim.kernels import compatibility_of
from sim.matching.assigned import compatibility_rounds
from sim.matching.ledger import is_barred, matches_of, new_ledger, record_pair
from sim.matching.request import Matches, MatchRequest, perceived_compatibility
from sim.rng import keyed_uniform
from sim.state import COMMITTEE


def match_committee(req: MatchRequest) -> Matches:
    """Give each mentee a committee: a compatible primary, then members who add coverage."""
    ledger = new_ledger(req)
    p = req.people
    mentee_dept = p.department[req.mentees]
    mentor_dept = p.department[req.mentors]
    # The primary round sees at most one place per mentee; what it pairs counts in full.
    full_need = ledger.needed.copy()
    np.minimum(ledger.needed, 1, out=ledger.needed)
    impression = req.rng.code("impression")
    compatibility_rounds(
        ledger,
        mentee_dept,
        mentor_dept,
        1,
        p.values,
        p.traits,
        p.woman,
        p.urm,
        req.params,
        p.key,
        req.rng.seed,
        impression,
        req.match.information_sd,
    )
    ledger.needed[:] = full_need - ledger.n_new
    current_mentee, current_mentor = req.current_pairs
    _add_members(
        ledger,
        mentee_dept,
        mentor_dept,
        req.n_departments,
        req.cross_department,
        current_mentee,
        current_mentor,
        p.key,
        req.rng.seed,
        req.rng.code("committee_order"),
        impression,
        req.year,
        p.skills,
        p.track,
        req.track_weights,
        p.values,
        p.traits,
        p.woman,
        p.urm,
        req.params,
        req.match,
    )
    return matches_of(ledger)


@njit(cache=True)
def _add_members(
    ledger,
    mentee_dept,
    mentor_dept,
    n_departments,
    cross_department,
    current_mentee,
    current_mentor,
    key,
    seed,
    order_code,
    impression_code,
    year,
    skills,
    track,
    track_weights,
    values,
    traits,
    woman,
    urm,
    params,
    match,
):
    """Add committee members, mentee by mentee in a random order, until each is complete.

    Args:
        ledger: The policy's ledger, after the primary round.
        mentee_dept: int32 (m,), each mentee's department.
        mentor_dept: int32 (k,), each mentor's department.
        n_departments: Number of departments (departments are on a ring for neighbours).
        cross_department: Whether members may come from the two neighbouring departments.
        current_mentee: int64 (c,), mentee rows of active pairs, sorted.
        current_mentor: int64 (c,), their mentor rows (current members count as coverage).
        key: int64 (n,), people's draw keys.
        seed: The run seed.
        order_code: Purpose code of the order draw.
        impression_code: Purpose code of the program's impression of a pair.
        year: The current year.
        skills: float64 (n, D).
        track: int8 (n,).
        track_weights: float64 (3, D).
        values: float64 (n, V).
        traits: float64 (n, T).
        woman: bool (n,).
        urm: bool (n,).
        params: KernelParams, packed (``KernelParams.packed``).
        match: MatchParams (the committee weights and the program's information).
    """
    m = len(ledger.mentees)
    nd = skills.shape[1]
    draws = np.empty(m)
    for i in range(m):
        draws[i] = keyed_uniform(seed, order_code, key[ledger.mentees[i]], year, 0)
    order = np.argsort(draws, kind="mergesort")
    by_department = np.argsort(mentor_dept, kind="mergesort")
    first = np.searchsorted(mentor_dept[by_department], np.arange(n_departments + 1))
    # Room for any one mentee's members: all current pairs at most, plus this run's.
    members = np.empty(current_mentor.shape[0] + ledger.new_mentor.shape[1], np.int64)
    candidates = np.empty(len(mentor_dept), np.int64)
    need = np.empty(nd)
    cover = np.empty(nd)
    compat = np.empty(len(mentor_dept))
    seen = np.empty(len(mentor_dept))
    score = np.empty(len(mentor_dept))
    usable = np.empty(len(mentor_dept), np.bool_)
    for i in order:
        if ledger.needed[i] <= 0:
            continue
        mentee = ledger.mentees[i]
        nc = _nearby_mentors_with_room(
            ledger,
            by_department,
            first,
            mentee_dept[i],
            n_departments,
            cross_department,
            candidates,
        )
        if nc == 0:
            continue
        for d in range(nd):
            need[d] = track_weights[track[mentee], d] + match.committee_need_weight * (
                1.0 - skills[mentee, d]
            )
        for c in range(nc):
            mentor = ledger.mentors[candidates[c]]
            compat[c] = compatibility_of(mentee, mentor, values, traits, woman, urm, params)
            seen[c] = perceived_compatibility(
                mentee,
                mentor,
                values,
                traits,
                woman,
                urm,
                key,
                seed,
                impression_code,
                params,
                match.information_sd,
            )
            # Only this mentee's own choices below change who is barred, so check once.
            usable[c] = not is_barred(ledger, i, mentor)
        # Current members: active mentors of any kind, and those paired in this run.
        n_members = 0
        lo = np.searchsorted(current_mentee, mentee, side="left")
        hi = np.searchsorted(current_mentee, mentee, side="right")
        for k in range(lo, hi):
            members[n_members] = current_mentor[k]
            n_members += 1
        for k in range(ledger.n_new[i]):
            members[n_members] = ledger.new_mentor[i, k]
            n_members += 1
        while ledger.needed[i] > 0:
            for d in range(nd):
                cover[d] = skills[mentee, d] if n_members == 0 else skills[members[0], d]
                for k in range(1, n_members):
                    cover[d] = max(cover[d], skills[members[k], d])
            best = -1
            for c in range(nc):
                j = candidates[c]
                mentor = ledger.mentors[j]
                if ledger.free[j] <= 0 or not usable[c]:
                    continue
                gain = 0.0
                for d in range(nd):
                    gain += max(skills[mentor, d] - cover[d], 0.0) * need[d]
                missing = _missing_perspectives(mentor, members, n_members, woman, urm, track)
                score[c] = (
                    gain
                    + match.committee_perspective_weight * missing
                    + match.committee_compatibility_weight * seen[c]
                )
                if best < 0 or score[c] > score[best]:
                    best = c
            if best < 0:
                break
            record_pair(ledger, i, candidates[best], compat[best], COMMITTEE)
            usable[best] = False
            members[n_members] = ledger.mentors[candidates[best]]
            n_members += 1


@njit(cache=True)
def _nearby_mentors_with_room(
    ledger, by_department, first, home, n_departments, cross_department, out
):
    """Write the mentor positions with a free place near the mentee; return how many.

    Near is the mentee's department, and its two neighbours on the ring of departments when
    committees may cross departments. Positions come out in ascending order.

    Args:
        ledger: The policy's ledger.
        by_department: int64 (k,), mentor positions sorted (stably) by department.
        first: int64 (n_departments + 1,), where each department starts in ``by_department``.
        home: The mentee's department.
        n_departments: Number of departments.
        cross_department: Whether neighbouring departments count.
        out: int64 (k,), written.
    """
    n = 0
    for d in _nearby_departments(home, n_departments, cross_department):
        for t in range(first[d], first[d + 1]):
            j = by_department[t]
            if ledger.free[j] > 0:
                out[n] = j
                n += 1
    out[:n].sort()
    return n


@njit(cache=True)
def _nearby_departments(home, n_departments, cross_department):
    home = np.int64(home)
    if cross_department and n_departments > 2:
        return np.array([home, (home + 1) % n_departments, (home - 1) % n_departments])
    if cross_department and n_departments == 2:
        return np.array([home, (home + 1) % n_departments])
    return np.array([home])


@njit(cache=True)
def _missing_perspectives(candidate, members, n_members, woman, urm, track):
    """Count the perspectives (gender, URM status, track) a candidate adds to a committee."""
    if n_members == 0:
        return 0.0
    new_gender, new_urm, new_track = 1.0, 1.0, 1.0
    for k in range(n_members):
        j = members[k]
        if woman[j] == woman[candidate]:
            new_gender = 0.0
        if urm[j] == urm[candidate]:
            new_urm = 0.0
        if track[j] == track[candidate]:
            new_track = 0.0
    return new_gender + new_urm + new_track

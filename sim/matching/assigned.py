"""Policies of a formal program that assigns mentors: random, compatibility-optimal, stable.

Each runs in rounds, one per mentor a mentee still needs (the first round's pair is the
primary mentor, later rounds add committee members), and within a round department by
department. The loops are numba functions over the ledger's arrays; the draws they use are
keyed (``sim.rng``), so a mentee meets the same chance events under every design.

- ``random``: any mentor with a free place, drawn at random.
- ``compatibility``: the assignment that maximises total compatibility over free places
  (Crouse's shortest augmenting path, ``sim.matching.assignment``).
- ``stable``: mentee-proposing deferred acceptance with capacities, as in residency matching
  (Gale & Shapley 1962; Roth & Peranson 1999); no mentee and mentor prefer each other to
  what they got.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from sim.kernels import compatibility_of
from sim.matching.assignment import max_weight_assignment
from sim.matching.ledger import (
    can_pair,
    department_blocks,
    is_barred,
    matches_of,
    new_ledger,
    record_pair,
)
from sim.matching.request import Matches, MatchRequest, perceived_compatibility
from sim.rng import keyed_normal, keyed_uniform, pair_key_of
from sim.state import ABILITY, COMMITTEE, PRIMARY, RECEPTIVENESS

# Score of a pair that may not form: below any perceived compatibility, so the assignment
# takes it only when nothing else is left, and it is then dropped.
_BARRED = -1e6  # structural: a sentinel far below any score


def match_random(req: MatchRequest) -> Matches:
    """Assign each mentee mentors drawn at random among those with free places."""
    ledger = new_ledger(req)
    p = req.people
    _random_rounds(
        ledger,
        p.department[req.mentees],
        p.department[req.mentors],
        p.key,
        req.rng.seed,
        req.rng.code("match_order"),
        req.rng.code("match_random"),
        req.year,
        p.values,
        p.traits,
        p.woman,
        p.urm,
        req.params,
    )
    return matches_of(ledger)


@njit(cache=True)
def _random_rounds(
    ledger,
    mentee_dept,
    mentor_dept,
    key,
    seed,
    order_code,
    pick_code,
    year,
    values,
    traits,
    woman,
    urm,
    params,
):
    """Random assignment rounds, one per mentor needed.

    In each department, mentees in a random order each draw one of the mentors they can still
    be paired with.
    """
    mentee_order, mentor_order, bounds = department_blocks(mentee_dept, mentor_dept)
    rounds = ledger.needed.max() if len(ledger.needed) else 0
    open_pos = np.empty(len(mentor_dept), np.int64)
    for rnd in range(rounds):
        kind = PRIMARY if rnd == 0 else COMMITTEE
        for block in range(bounds.shape[0]):
            lo, hi, mlo, mhi = bounds[block]
            mentee_pos = mentee_order[lo:hi]
            draws = np.empty(hi - lo)
            for a in range(hi - lo):
                draws[a] = keyed_uniform(
                    seed, order_code, key[ledger.mentees[mentee_pos[a]]], year, rnd
                )
            order = mentee_pos[np.argsort(draws, kind="mergesort")]
            for i in order:
                u = keyed_uniform(seed, pick_code, key[ledger.mentees[i]], year, rnd)
                n_open = 0
                for b in range(mlo, mhi):
                    j = mentor_order[b]
                    if can_pair(ledger, i, j):
                        open_pos[n_open] = j
                        n_open += 1
                if n_open == 0:
                    continue
                j = open_pos[int(u * n_open)]
                compat = compatibility_of(
                    ledger.mentees[i], ledger.mentors[j], values, traits, woman, urm, params
                )
                record_pair(ledger, i, j, compat, kind)


def match_compatibility(req: MatchRequest, *, rounds: int | None = None) -> Matches:
    """Maximise total compatibility over free places, one round per mentor needed."""
    ledger = new_ledger(req)
    p = req.people
    rounds = int(req.needed.max(initial=0)) if rounds is None else rounds
    compatibility_rounds(
        ledger,
        p.department[req.mentees],
        p.department[req.mentors],
        rounds,
        p.values,
        p.traits,
        p.woman,
        p.urm,
        req.params,
        p.key,
        req.rng.seed,
        req.rng.code("impression"),
        req.match.information_sd,
    )
    return matches_of(ledger)


@njit(cache=True)
def compatibility_rounds(
    ledger,
    mentee_dept,
    mentor_dept,
    rounds,
    values,
    traits,
    woman,
    urm,
    params,
    key,
    seed,
    impression_code,
    information_sd,
):
    """Optimal-compatibility rounds, one after another.

    In each round and department: the assignment of mentees (one mentor each) to free places
    that maximises the total compatibility the program perceives (``information_sd``).
    """
    mentee_order, mentor_order, bounds = department_blocks(mentee_dept, mentor_dept)
    for rnd in range(rounds):
        kind = PRIMARY if rnd == 0 else COMMITTEE
        for block in range(bounds.shape[0]):
            lo, hi, mlo, mhi = bounds[block]
            _assign_block(
                ledger,
                mentee_order[lo:hi],
                mentor_order[mlo:mhi],
                kind,
                values,
                traits,
                woman,
                urm,
                params,
                key,
                seed,
                impression_code,
                information_sd,
            )


@njit(cache=True)
def _assign_block(
    ledger,
    mentee_block,
    mentor_block,
    kind,
    values,
    traits,
    woman,
    urm,
    params,
    key,
    seed,
    impression_code,
    information_sd,
):
    """One optimal assignment round within a department (each mentee gets at most one)."""
    mentee_pos = mentee_block[ledger.needed[mentee_block] > 0]
    mentor_pos = mentor_block[ledger.free[mentor_block] > 0]
    na, nb = len(mentee_pos), len(mentor_pos)
    if na == 0 or nb == 0:
        return
    compat = np.empty((na, nb))
    seen = np.empty((na, nb))
    for a in range(na):
        for b in range(nb):
            e, m = ledger.mentees[mentee_pos[a]], ledger.mentors[mentor_pos[b]]
            compat[a, b] = compatibility_of(e, m, values, traits, woman, urm, params)
            seen[a, b] = perceived_compatibility(
                e, m, values, traits, woman, urm, key, seed, impression_code, params, information_sd
            )
    # Each mentor is a column per free place, but never more columns than there are mentees:
    # the extra columns could not be used in one round.
    slots = np.minimum(ledger.free[mentor_pos], na)
    columns = np.repeat(np.arange(nb), slots)
    score = np.empty((na, len(columns)))
    for a in range(na):
        for c in range(len(columns)):
            score[a, c] = seen[a, columns[c]]
        for b in range(nb):
            if is_barred(ledger, mentee_pos[a], ledger.mentors[mentor_pos[b]]):
                for c in range(len(columns)):
                    if columns[c] == b:
                        score[a, c] = _BARRED
    k = min(na, len(columns))
    rows, cols = np.empty(k, np.int64), np.empty(k, np.int64)
    max_weight_assignment(score, rows, cols)
    for t in range(k):
        a, c = rows[t], cols[t]
        b = columns[c]
        if score[a, c] == _BARRED:
            continue
        i, j = mentee_pos[a], mentor_pos[b]
        if can_pair(ledger, i, j):
            record_pair(ledger, i, j, compat[a, b], kind)


def match_stable(req: MatchRequest) -> Matches:
    """Mentee-proposing deferred acceptance with capacities, one round per mentor needed.

    Mentees rank mentors by the compatibility the program perceives (with a little keyed noise
    for taste); mentors rank mentees by it and by promise (ability and receptiveness). The
    result is stable: no mentee and mentor both prefer each other to what they got.
    """
    ledger = new_ledger(req)
    p = req.people
    _stable_rounds(
        ledger,
        p.department[req.mentees],
        p.department[req.mentors],
        p.key,
        req.rng.seed,
        req.rng.code("match_taste"),
        req.rng.code("impression"),
        req.year,
        p.values,
        p.traits,
        p.woman,
        p.urm,
        req.params,
        req.match,
    )
    return matches_of(ledger)


@njit(cache=True)
def _stable_rounds(
    ledger,
    mentee_dept,
    mentor_dept,
    key,
    seed,
    taste_code,
    impression_code,
    year,
    values,
    traits,
    woman,
    urm,
    params,
    match,
):
    mentee_order, mentor_order, bounds = department_blocks(mentee_dept, mentor_dept)
    rounds = ledger.needed.max() if len(ledger.needed) else 0
    for rnd in range(rounds):
        kind = PRIMARY if rnd == 0 else COMMITTEE
        for block in range(bounds.shape[0]):
            lo, hi, mlo, mhi = bounds[block]
            mentee_block = mentee_order[lo:hi]
            mentor_block = mentor_order[mlo:mhi]
            mentee_pos = mentee_block[ledger.needed[mentee_block] > 0]
            mentor_pos = mentor_block[ledger.free[mentor_block] > 0]
            na, nb = len(mentee_pos), len(mentor_pos)
            if na == 0 or nb == 0:
                continue
            compat = np.empty((na, nb))
            mentee_pref = np.empty((na, nb), np.int64)
            mentor_score = np.empty((na, nb))
            forbidden = np.zeros((na, nb), np.bool_)
            for a in range(na):
                e = ledger.mentees[mentee_pos[a]]
                promise = (traits[e, ABILITY] + traits[e, RECEPTIVENESS]) / 2.0
                taste = np.empty(nb)
                for b in range(nb):
                    m = ledger.mentors[mentor_pos[b]]
                    compat[a, b] = compatibility_of(e, m, values, traits, woman, urm, params)
                    seen = perceived_compatibility(
                        e,
                        m,
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
                    taste[b] = -(
                        seen
                        + keyed_normal(seed, taste_code, pair_key_of(key[e], key[m]), year, 0)
                        * match.taste_sd
                    )
                    mentor_score[a, b] = seen + match.promise_weight * promise
                    forbidden[a, b] = is_barred(ledger, mentee_pos[a], m)
                mentee_pref[a] = np.argsort(taste, kind="mergesort")
            held, n_held = deferred_acceptance(
                mentee_pref, mentor_score, ledger.free[mentor_pos], forbidden
            )
            for b in range(nb):
                accepted = np.sort(held[b, : n_held[b]])
                for a in accepted:
                    record_pair(ledger, mentee_pos[a], mentor_pos[b], compat[a, b], kind)


@njit(cache=True)
def deferred_acceptance(mentee_pref, mentor_score, capacity, forbidden):
    """Mentee-proposing deferred acceptance with capacities.

    Args:
        mentee_pref: int64 (na, nb), each mentee's mentors from most to least preferred.
        mentor_score: float64 (na, nb), how much each mentor wants each mentee (higher is
            better; ties go to the lower mentee index).
        capacity: int64 (nb,), places per mentor.
        forbidden: bool (na, nb), pairs that may not form.

    Returns:
        ``(held, n_held)``: int64 (nb, max capacity + 1), the mentees each mentor accepted
        in its first ``n_held[b]`` columns (in no particular order), and int64 (nb,).
    """
    na, nb = mentee_pref.shape
    next_choice = np.zeros(na, np.int64)
    width = capacity.max() + 1 if nb else 1
    held = np.full((nb, width), -1, np.int64)
    n_held = np.zeros(nb, np.int64)
    # Unmatched mentees propose in turn, the last added first (a stack).
    stack = np.arange(na)
    top = na
    while top > 0:
        top -= 1
        a = stack[top]
        while next_choice[a] < nb:
            b = mentee_pref[a, next_choice[a]]
            next_choice[a] += 1
            if forbidden[a, b] or capacity[b] <= 0:
                continue
            held[b, n_held[b]] = a
            n_held[b] += 1
            if n_held[b] <= capacity[b]:
                break
            # Over capacity: the mentor lets go of the mentee it wants least.
            worst = 0
            for k in range(1, n_held[b]):
                x, w = held[b, k], held[b, worst]
                if mentor_score[x, b] < mentor_score[w, b] or (
                    mentor_score[x, b] == mentor_score[w, b] and x > w
                ):
                    worst = k
            dropped = held[b, worst]
            n_held[b] -= 1
            held[b, worst] = held[b, n_held[b]]
            if dropped == a:
                continue
            stack[top] = dropped
            top += 1
            break
    return held, n_held

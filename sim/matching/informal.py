"""Informal mentoring: proactive mentees seek mentors; homophily and availability decide.

Each mentee who needs a mentor seeks with a chance that rises with proactiveness (and mentee
training), picks a mentor in their department weighted toward similar people with room, and
is accepted more readily by a mentor like them. People with fewer similar seniors around them
find mentors less often: access is unequal (Ragins & Cotton 1999; Walensky 2018).
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from sim.kernels import (
    compatibility_with_norms,
    demographic_match,
    values_norm2,
)
from sim.kernels.params import record_of
from sim.matching.ledger import department_blocks, search_left, search_right
from sim.matching.request import Matches, MatchRequest
from sim.state import INFORMAL, PROACTIVENESS


def match_informal(req: MatchRequest, *, trained: np.ndarray) -> Matches:
    """Proactive mentees seek mentors; homophily and availability decide who finds one.

    Args:
        req: The year's request (``free`` is the places below each mentor's own capacity);
            ``req.match`` holds the seeking rate, homophily and the seeking weights.
        trained: bool (len(req.mentees),), mentees who had mentee training.

    Returns:
        At most one new informal mentor per mentee, department by department.
    """
    people = req.people
    keys = people.key[req.mentees]
    proactive = people.traits[req.mentees, PROACTIVENESS]
    seek = req.rng.uniform("informal_seek", keys, req.year)
    order_draw = req.rng.uniform("informal_order", keys, req.year)
    choose = req.rng.uniform("informal_choose", keys, req.year)
    accept = req.rng.uniform("informal_accept", keys, req.year)
    match = req.match
    chance = np.clip(
        match.informal_seek_rate
        * (match.seeking_floor + proactive)
        * np.where(trained, match.trained_seeking_factor, 1.0),
        0.0,
        1.0,
    )
    held_mentee, held_mentor = req.barred_pairs
    mentees = req.mentees.astype(np.int64)
    mentors = req.mentors.astype(np.int64)
    out_mentee = np.empty(len(mentees), np.int64)
    out_mentor = np.empty(len(mentees), np.int64)
    out_compat = np.empty(len(mentees))
    n = _seek_in_departments(
        mentees,
        mentors,
        people.department[mentees],
        people.department[mentors],
        seek < chance,
        order_draw,
        choose,
        accept,
        req.free.astype(np.int64).copy(),
        held_mentee,
        held_mentor,
        people.values,
        people.traits,
        people.woman,
        people.urm,
        req.params,
        match,
        out_mentee,
        out_mentor,
        out_compat,
    )
    return Matches(out_mentee[:n], out_mentor[:n], out_compat[:n], np.full(n, INFORMAL, np.int8))


@njit(cache=True)
def _seek_in_departments(
    mentees,
    mentors,
    mentee_dept,
    mentor_dept,
    seeks,
    order_draw,
    choose,
    accept,
    free,
    held_mentee,
    held_mentor,
    values,
    traits,
    woman,
    urm,
    params,
    match,
    out_mentee,
    out_mentor,
    out_compat,
):
    """Every department's informal seeking; returns the number of pairs written.

    Args:
        mentees: int64 (a,), mentee rows.
        mentors: int64 (k,), mentor rows.
        mentee_dept: int32 (a,).
        mentor_dept: int32 (k,).
        seeks: bool (a,), whether each seeks this year.
        order_draw: float64 (a,), uniform draw ordering mentees within a department.
        choose: float64 (a,), uniform draw choosing among mentors.
        accept: float64 (a,), uniform draw for the mentor's acceptance.
        free: int64 (k,), places left below each mentor's capacity; updated in place.
        held_mentee: int64 (h,), existing pairs' mentees, sorted.
        held_mentor: int64 (h,), existing pairs' mentors, in the same order.
        values: float64 (n, V).
        traits: float64 (n, T).
        woman: bool (n,).
        urm: bool (n,).
        params: KernelParams, packed (``KernelParams.packed``): compatibility weights.
        match: MatchParams (homophily and the seeking weights).
        out_mentee: int64 (a,), mentee rows of the pairs found, written.
        out_mentor: int64 (a,), their mentor rows, written.
        out_compat: float64 (a,), their compatibility, written.
    """
    mentee_order, mentor_order, bounds = department_blocks(mentee_dept, mentor_dept)
    n_out = 0
    for block in range(bounds.shape[0]):
        lo, hi, mlo, mhi = bounds[block]
        mentee_pos = mentee_order[lo:hi]
        mentor_pos = mentor_order[mlo:mhi]
        order = mentee_pos[np.argsort(order_draw[mentee_pos], kind="mergesort")]
        block_free = free[mentor_pos]
        picks = np.empty(len(order), np.int64)
        compat = np.empty(len(order))
        seek_informal_mentors(
            mentees[order],
            seeks[order],
            choose[order],
            accept[order],
            mentors[mentor_pos],
            block_free,
            held_mentee,
            held_mentor,
            values,
            traits,
            woman,
            urm,
            params,
            match,
            picks,
            compat,
        )
        for b in range(len(mentor_pos)):  # a loop: array assignment compiles a shape check
            free[mentor_pos[b]] = block_free[b]
        for a in range(len(order)):
            if picks[a] >= 0:
                out_mentee[n_out] = mentees[order[a]]
                out_mentor[n_out] = mentors[mentor_pos[picks[a]]]
                out_compat[n_out] = compat[a]
                n_out += 1
    return n_out


@njit(cache=True)
def seek_informal_mentors(
    mentee_rows,
    seeks,
    choose,
    accept,
    mentor_rows,
    free,
    held_mentee,
    held_mentor,
    values,
    traits,
    woman,
    urm,
    params,
    match,
    out_pick,
    out_compat,
):
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
        params: KernelParams, packed (``KernelParams.packed``): compatibility weights.
        match: MatchParams: ``homophily`` (weight of same gender and URM status in choice and
            acceptance) and the seeking weights.
        out_pick: int64 (a,), index into mentor_rows of the mentor found, or -1; written.
        out_compat: float64 (a,), the pair's compatibility where found; written.
    """
    kp = record_of(params)
    m = mentor_rows.shape[0]
    compat = np.empty(m)
    weight = np.empty(m)
    # Each mentor's squared values length once for the department, not once per pair.
    mentor_norm2 = np.empty(m)
    for b in range(m):
        mentor_norm2[b] = values_norm2(values, mentor_rows[b])
    # The homophily factor of the choice takes four values (same gender or not, same URM
    # status or not): one exponential each, by the same expression as per pair.
    homophily_factor = np.empty((2, 2))
    for g in range(2):
        for u in range(2):
            homophily_factor[g, u] = math.exp(
                match.homophily_choice_strength
                * match.homophily
                * demographic_match(g == 1, u == 1, kp)
            )
    free_total = free.sum()
    for a in range(mentee_rows.shape[0]):
        out_pick[a] = -1
        out_compat[a] = 0.0
    for a in range(mentee_rows.shape[0]):
        if not seeks[a]:
            continue
        if free_total == 0:
            break
        e = mentee_rows[a]
        mentee_norm2 = values_norm2(values, e)
        lo = search_left(held_mentee, e)
        hi = search_right(held_mentee, e)
        total = 0.0
        for b in range(m):
            weight[b] = 0.0
            if free[b] <= 0:
                continue  # no place: never chosen (its weight would be zero)
            j = mentor_rows[b]
            barred = False
            for k in range(lo, hi):
                if held_mentor[k] == j:
                    barred = True
            if barred:
                continue
            compat[b] = compatibility_with_norms(
                e, j, mentee_norm2, mentor_norm2[b], values, traits, woman, urm, kp
            )
            w = (
                free[b]
                * (match.choice_compatibility_floor + compat[b])
                * homophily_factor[int(woman[e] == woman[j]), int(urm[e] == urm[j])]
            )
            weight[b] = w
            total += w
        if total <= 0.0:
            continue
        target = choose[a] * total
        pick = -1
        running = 0.0
        for b in range(m):
            running += weight[b]
            if running > target:
                pick = b
                break
        if pick < 0:
            # Rounding left the draw at the very top: the last mentor, as the running sum
            # would have it (scored here: one without a place was skipped above).
            pick = m - 1
            compat[pick] = compatibility_with_norms(
                e,
                mentor_rows[pick],
                mentee_norm2,
                mentor_norm2[pick],
                values,
                traits,
                woman,
                urm,
                kp,
            )
        j = mentor_rows[pick]
        same = demographic_match(woman[e] == woman[j], urm[e] == urm[j], kp)
        if accept[a] < 1.0 - match.homophily * match.homophily_acceptance * (1.0 - same):
            out_pick[a] = pick
            out_compat[a] = compat[pick]
            free[pick] -= 1
            free_total -= 1

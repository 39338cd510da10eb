"""A plain-Python reference of informal matching, to test the numba version against.

This is the original, readable implementation: the numba version in ``sim.matching`` must
pick the same mentors for the same draws.
"""

import numpy as np

from sim.matching import (
    INFORMAL,
    PROACTIVENESS,
    Matches,
    MatchRequest,
    _by_department,
    _Ledger,
    compatibility_matrix,
)


def _same_group(people, mentee, mentors):
    return (0.5 * (people.woman[mentors] == people.woman[mentee])
            + 0.5 * (people.urm[mentors] == people.urm[mentee]))


def match_informal_reference(req: MatchRequest, *, seek_rate: float, homophily: float,
                   trained: np.ndarray) -> Matches:  # noqa: D417
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
    ledger = _Ledger(req)
    people = req.people
    keys = people.key[req.mentees]
    proactive = people.traits[req.mentees, PROACTIVENESS]
    seek = req.rng.uniform("informal_seek", keys, req.year)
    order_draw = req.rng.uniform("informal_order", keys, req.year)
    choose = req.rng.uniform("informal_choose", keys, req.year)
    accept = req.rng.uniform("informal_accept", keys, req.year)
    chance = np.clip(seek_rate * (0.5 + proactive) * np.where(trained, 1.3, 1.0), 0.0, 1.0)
    for mentee_pos, mentor_pos in _by_department(req, req.mentors):
        order = mentee_pos[np.argsort(order_draw[mentee_pos], kind="stable")]
        compat = compatibility_matrix(people, req.mentees[order], req.mentors[mentor_pos],
                                      req.deep_weight)
        for a, i in enumerate(order):
            if seek[i] >= chance[i]:
                continue
            room = ledger.free[mentor_pos]
            if room.sum() == 0:
                break
            same = _same_group(people, int(req.mentees[i]), req.mentors[mentor_pos])
            weight = room * (0.5 + compat[a]) * np.exp(1.5 * homophily * same)
            for b, j in enumerate(mentor_pos):
                if not ledger.can_pair(i, j):
                    weight[b] = 0.0
            total = weight.sum()
            if total <= 0.0:
                continue
            b = int(np.searchsorted(np.cumsum(weight), choose[i] * total, side="right"))
            b = min(b, len(mentor_pos) - 1)
            acceptance = 1.0 - homophily * 0.5 * (1.0 - same[b])
            if accept[i] < acceptance:
                ledger.pair(i, mentor_pos[b], compat[a, b], INFORMAL)
    return ledger.result()



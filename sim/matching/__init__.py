"""Matching policies: who mentors whom.

Five policies, each a function of a ``MatchRequest`` (the people who need mentors, the mentors
with free places, the keyed random numbers of the year) returning ``Matches``. Matching happens
within a department (mentoring is mostly within a discipline); a committee may reach into
neighbouring departments when the program allows. No policy ever gives a mentor more mentees
than the places the request gives (never more than the hard cap), and no pair that has been
together is formed again. The loops are numba functions over arrays.

- ``informal`` (``sim.matching.informal``): proactive mentees seek mentors.
- ``random``, ``compatibility``, ``stable`` (``sim.matching.assigned``): a program assigns.
- ``committee`` (``sim.matching.committee``): k mentors chosen for coverage and perspective.
"""

from sim.matching.assigned import (
    deferred_acceptance,
    match_compatibility,
    match_random,
    match_stable,
)
from sim.matching.assignment import max_weight_assignment
from sim.matching.committee import match_committee
from sim.matching.informal import match_informal
from sim.matching.request import (
    Matches,
    MatchParams,
    MatchRequest,
    compatibility_matrix,
    match_params,
    perceived_compatibility,
)

# The formal policies by the names the scenario schema allows for ``program.policy``.
POLICIES = {
    "random": match_random,
    "compatibility": match_compatibility,
    "stable": match_stable,
    "committee": match_committee,
}

__all__ = [
    "POLICIES",
    "MatchParams",
    "MatchRequest",
    "Matches",
    "compatibility_matrix",
    "deferred_acceptance",
    "match_committee",
    "match_compatibility",
    "match_informal",
    "match_params",
    "match_random",
    "match_stable",
    "max_weight_assignment",
    "perceived_compatibility",
]

"""The people of the institution: their table, their Mesa agents, arrivals and departures.

``Roster`` owns the people table and keeps exactly one Mesa agent (``sim.agents.Person``) per
person employed: an agent is created when a person arrives (the year-0 institution, the
yearly intake, external leaders) and removed when they leave, while their row stays for the
outcomes. Everything about a new person is a keyed draw on their key (``sim.population``), so
the same people arrive under every program design.
"""

from __future__ import annotations

import mesa
import numpy as np

from sim.agents import Person, create_people, remove_people
from sim.population import add_people, refresh_readiness, split_counts
from sim.rng import KeyedRandom
from sim.scenario import Scenario
from sim.state import ASSISTANT, ASSOCIATE, FULL, LEADER, TRAINEE, People, new_people


class Roster:
    """People rows and their Mesa agents.

    Args:
        model: The Mesa model the agents belong to.
        design: The scenario.
        keyed: The run's keyed random numbers.
        n_departments: Number of departments.
        capacity: People rows to allocate at first (the table grows as needed).
        params: The kernels' parameters, packed (``KernelParams.packed``).
    """

    def __init__(
        self,
        model: mesa.Model,
        design: Scenario,
        keyed: KeyedRandom,
        n_departments: int,
        capacity: int,
        params: np.ndarray,
    ):
        self.model = model
        self.design = design
        self.keyed = keyed
        self.params = params
        self.n_departments = n_departments
        self.people: People = new_people(capacity)
        self._agent_of_row: dict[int, Person] = {}

    def arrive(
        self, keys: np.ndarray, stages: np.ndarray, year: int, *, initial: bool = False
    ) -> np.ndarray:
        """Add people with the given keys and stages, each with a Mesa agent; return rows.

        Args:
            keys: int64 (k,), the new people's draw keys.
            stages: int8 (k,), the stage each joins at.
            year: The year they join (0 for the initial institution).
            initial: Whether these are the year-0 institution (back-dated careers).
        """
        rows = add_people(
            self.people,
            self.keyed,
            self.design,
            self.params,
            keys,
            stages,
            year,
            self.n_departments,
            initial=initial,
        )
        row_list = rows.tolist()
        self._agent_of_row.update(zip(row_list, create_people(self.model, row_list), strict=True))
        return rows

    def populate(self, positions: int) -> None:
        """Create the year-0 institution and seat its leaders.

        The ``positions`` leadership posts are held by year-0 full professors, each partway
        through a term (a keyed draw), so terms do not all end in the same year. They were
        appointed by the searches the model runs every year (``sim.careers``), so the year-0
        leaders carry the same selection as the leaders the model appoints later: see
        ``seat_leaders``.
        """
        inst = self.design.institution
        shares = np.array(
            [
                inst.initial_share_trainee,
                inst.initial_share_assistant,
                inst.initial_share_associate,
                inst.initial_share_full,
            ]
        )
        counts = split_counts(inst.initial_size, shares)
        stages = np.repeat(np.array([TRAINEE, ASSISTANT, ASSOCIATE, FULL], np.int8), counts)
        rows = self.arrive(np.arange(inst.initial_size, dtype=np.int64), stages, 0, initial=True)
        p = self.people
        refresh_readiness(p, 0, self.params)
        full = rows[p.stage[rows] == FULL]
        posts = np.arange(positions, dtype=np.int64)
        chosen = full[
            seat_leaders(
                positions,
                ready=p.readiness[full] >= inst.readiness_threshold,
                woman=p.woman[full],
                readiness=p.readiness[full],
                keys=p.key[full],
                draws=(
                    self.keyed.uniform("leader_search", posts, -1),
                    self.keyed.uniform("leader_pick", posts, -1),
                    self.keyed.uniform("leader_outside_sex", posts, -1),
                ),
                hr_women=self.design.career.leadership_hr_women,
                field=inst.leadership_external_field,
                external_women_share=self.design.population.women_share_external_leaders,
            )
        ]
        p.stage[chosen] = LEADER
        p.ever_leader[chosen] = True
        term = inst.leader_term_years
        p.leader_year[chosen] = -np.floor(
            self.keyed.uniform("leader_term", p.key[chosen], -1) * term
        ).astype(np.int32)

    def depart(self, rows: np.ndarray, reason: int, year: int) -> None:
        """Mark people as gone (their rows stay) and remove their Mesa agents.

        Args:
            rows: People rows leaving.
            reason: Exit code (``sim.state`` ATTRITION, MOVED, RETIREMENT, TRAINING_COMPLETED).
            year: The year they leave.
        """
        p = self.people
        p.active[rows] = False
        p.exit_year[rows] = year
        p.exit_reason[rows] = reason
        agents = self._agent_of_row
        remove_people(self.model, [agents.pop(row) for row in rows.tolist()])

    def agent_of(self, row: int) -> Person | None:
        """Return the Mesa agent of a people row, or None for people who have left."""
        return self._agent_of_row.get(int(row))


def seat_leaders(
    positions: int,
    ready: np.ndarray,
    woman: np.ndarray,
    readiness: np.ndarray,
    keys: np.ndarray,
    draws: tuple[np.ndarray, np.ndarray, np.ndarray],
    hr_women: float,
    field: float,
    external_women_share: float,
) -> np.ndarray:
    """Which year-0 full professors hold the year-0 leadership posts.

    Each post was filled by the search the model runs every year (``Careers.
    _appoint_internal``): it went inside with chance W / (W + field), W the summed weight of
    the ready candidates not yet seated (1, or ``career.leadership_hr_women`` for a woman),
    and then to a ready candidate with chance proportional to their weight. A post filled
    from outside went to a leader hired from the national pool, a woman with chance
    ``population.women_share_external_leaders``; the year-0 institution has no separate
    outside hires, so that leader is the most ready year-0 full professor of the drawn sex not
    yet seated (of the other sex when none is left). The year-0 leaders thus carry the same
    selection as every later appointment, rather than the full professors' composition.

    Args:
        positions: Leadership posts.
        ready: bool (n,), readiness at or above ``institution.readiness_threshold``.
        woman: bool (n,).
        readiness: float64 (n,).
        keys: int64 (n,), the candidates' keys (a fixed order for the draws; ties).
        draws: Three float64 (positions,) keyed uniform draws per post: whether the search
            goes inside, which ready candidate, and the outside leader's sex.
        hr_women: ``career.leadership_hr_women``.
        field: ``institution.leadership_external_field``.
        external_women_share: ``population.women_share_external_leaders``.

    Returns:
        int64, positions into the inputs of the people seated (at most ``positions``).
    """
    inside, pick, sex = draws
    order = np.argsort(keys, kind="stable")
    weight = np.where(woman[order] & ready[order], hr_women, 1.0) * ready[order]
    # The outside posts go to the most ready of a sex first (ties by key).
    by_readiness = np.lexsort((keys, -readiness))
    left = np.ones(len(keys), dtype=bool)
    chosen: list[int] = []
    for j in range(min(positions, len(keys))):
        k = search_inside(weight, left[order], float(inside[j]), float(pick[j]), field)
        if k >= 0:
            row = int(order[k])
        else:
            want = sex[j] < external_women_share
            free = by_readiness[left[by_readiness]]
            same = free[woman[free] == want]
            row = int(same[0] if len(same) else free[0])
        chosen.append(row)
        left[row] = False
    return np.array(chosen, dtype=np.int64)


def search_inside(
    weight: np.ndarray, left: np.ndarray, inside: float, pick: float, field: float
) -> int:
    """One opening's leadership search: the candidate appointed inside, or -1 (outside).

    The search goes inside with chance W / (W + field), W the summed weight of the
    candidates still ``left``, and then to a candidate with chance proportional to their
    weight. Year-0 seating (:func:`seat_leaders`) and every later year's appointments
    (``Careers``) run this same step.

    Args:
        weight: float64 (n,), each candidate's weight (0 for one who cannot be appointed).
        left: bool (n,), candidates not yet appointed.
        inside: The opening's uniform draw deciding inside against outside.
        pick: The opening's uniform draw choosing the candidate.
        field: ``institution.leadership_external_field``.

    Returns:
        The index into ``weight`` of the candidate appointed, or -1 when the post goes outside.
    """
    w = np.where(left, weight, 0.0)
    total = float(w.sum())
    if total <= 0.0 or inside >= total / (total + field):
        return -1
    k = int(np.searchsorted(np.cumsum(w), pick * total, side="right"))
    return min(k, len(weight) - 1)

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

from sim import kernels
from sim.agents import Person
from sim.population import add_people, split_counts
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
        agents = self._agent_of_row
        model = self.model
        for row in rows.tolist():
            agents[row] = Person(model, row)
        return rows

    def populate(self, positions: int) -> None:
        """Create the year-0 institution and seat its leaders.

        The most ready full professors hold the ``positions`` leadership posts, each partway
        through a term (a keyed draw), so terms do not all end in the same year.
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
        kernels.leadership_readiness(
            skills=p.skills,
            alignment=p.alignment,
            traits=p.traits,
            stage=p.stage,
            stage_year=p.stage_year,
            year=0,
            active=p.active,
            params=self.params,
            out=p.readiness,
        )
        full = rows[p.stage[rows] == FULL]
        chosen = full[np.lexsort((p.key[full], -p.readiness[full]))[:positions]]
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
        for row in rows.tolist():
            agents.pop(row).remove()

    def agent_of(self, row: int) -> Person | None:
        """Return the Mesa agent of a people row, or None for people who have left."""
        return self._agent_of_row.get(int(row))

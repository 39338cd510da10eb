"""The people of the model: the year-0 institution, Mesa agents, promotions and leavers.

A mixin of ``MentorshipModel``: it keeps one Mesa agent per employed person (a ``Mentee`` for
juniors, a ``Mentor`` for seniors), swaps the agent on promotion to associate professor,
removes leavers from Mesa while their rows stay for outcomes, and makes the year's keyed draws
for the rows in use.
"""

from __future__ import annotations

import mesa
import numpy as np

from sim import kernels, outcomes
from sim.agents import Mentee, Mentor
from sim.population import add_people, decide_willingness
from sim.state import (
    ASSISTANT,
    FULL,
    GRADUATED,
    LEADER,
    MENTEE_LEFT,
    MENTOR_LEFT,
    TRAINEE,
    TRAINING_COMPLETED,
)


class RosterMixin:
    """People and agent helpers of MentorshipModel (which provides the state)."""

    def _populate(self) -> None:
        """Create the year-0 institution and its leaders."""
        inst = self.design.institution
        shares = np.array([inst.initial_share_trainee, inst.initial_share_assistant,
                           inst.initial_share_associate, inst.initial_share_full])
        counts = split_counts(inst.initial_size, shares)
        stages = np.repeat(np.arange(4, dtype=np.int8), counts)
        keys = np.arange(inst.initial_size, dtype=np.int64)
        rows = add_people(self.people, self.keyed, self.design, keys, stages, 0,
                          self.n_departments, initial=True)
        p = self.people
        kernels.leadership_readiness(p.skills, p.alignment, p.traits, p.stage, p.stage_year, 0,
                                     p.active, p.readiness)
        full = rows[p.stage[rows] == FULL]
        chosen = full[np.lexsort((p.key[full], -p.readiness[full]))[: self.positions]]
        p.stage[chosen] = LEADER
        p.ever_leader[chosen] = True
        term = self.design.institution.leader_term_years
        p.leader_year[chosen] = -np.floor(self.keyed.uniform("leader_term", p.key[chosen], -1)
                                          * term).astype(np.int32)
        self._add_agents(rows)
        self._support = np.zeros(p.n)
        self._sponsor = np.zeros(p.n)
        self._assess = np.zeros(p.n)
        self._count_load()
        self.metrics = outcomes.yearly_metrics(self)

    def _add_agents(self, rows: np.ndarray) -> None:
        stage = self.people.stage
        for row in rows.tolist():
            cls = Mentee if stage[row] <= ASSISTANT else Mentor
            self._agent_of_row[row] = cls(self, row)

    def agent_of(self, row: int) -> mesa.Agent | None:
        """Return the Mesa agent of a people row, or None for people who have left."""
        return self._agent_of_row.get(int(row))

    def _become_senior(self, rows: np.ndarray) -> None:
        """New associates: mentee relationships end, they become Mentors and may mentor."""
        r = self.relationships
        ending = np.flatnonzero(r.active & np.isin(r.mentee, rows))
        self._end_relationships(ending, GRADUATED)
        decide_willingness(self.people, self.keyed, self.design, rows)
        for row in rows.tolist():
            self._agent_of_row.pop(row).remove()
            self._agent_of_row[row] = Mentor(self, row)

    def _finish_training(self, composite: np.ndarray) -> None:
        """Trainees at the end of training join the faculty or leave to practise elsewhere."""
        p, c = self.people, self.design.career
        done = np.flatnonzero(p.active & (p.stage == TRAINEE)
                              & (self.year - p.stage_year >= c.trainee_years))
        if len(done) == 0:
            return
        chance = np.clip(c.trainee_to_faculty * np.exp(3.0 * (composite[done] - 0.3)), 0, 1)
        hired = self.keyed.uniform("faculty_offer", p.key[done], self.year) < chance
        stay, leave = done[hired], done[~hired]
        p.stage[stay] = ASSISTANT
        p.stage_year[stay] = self.year
        p.faculty_year[stay] = self.year
        p.faculty_stage[stay] = ASSISTANT
        self.tally["trainees_to_faculty"] += len(stay)
        self.tally["exits_training_completed"] += len(leave)
        self._remove_people(leave, TRAINING_COMPLETED)

    def _remove_people(self, rows: np.ndarray, reason: int) -> None:
        if len(rows) == 0:
            return
        p, r = self.people, self.relationships
        p.active[rows] = False
        p.exit_year[rows] = self.year
        p.exit_reason[rows] = reason
        gone = np.zeros(p.n, dtype=bool)
        gone[rows] = True
        self._end_relationships(np.flatnonzero(r.active & gone[r.mentor]), MENTOR_LEFT)
        self._end_relationships(np.flatnonzero(r.active & gone[r.mentee]), MENTEE_LEFT)
        for row in rows.tolist():
            agent = self._agent_of_row.pop(row, None)
            if agent is not None:
                agent.remove()

    def _uniforms(self, purpose: str, entities: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """This year's keyed uniforms for the entities in ``mask``; 1.0 (never drawn) elsewhere.

        Drawing only for the rows in use keeps the cost proportional to the people employed,
        not to everyone ever hired; keyed draws make the values the same either way.
        """
        out = np.ones(len(entities))
        out[mask] = self.keyed.uniform(purpose, entities[mask], self.year)
        return out

    def _normals(self, purpose: str, entities: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """This year's keyed standard normals for the entities in ``mask``; 0.0 elsewhere."""
        out = np.zeros(len(entities))
        out[mask] = self.keyed.normal(purpose, entities[mask], self.year)[:, 0]
        return out


def split_counts(total: int, shares: np.ndarray) -> np.ndarray:
    """Split an integer total by shares, largest remainders first (counts sum to total)."""
    raw = total * shares / shares.sum()
    counts = np.floor(raw).astype(np.int64)
    remainder = total - counts.sum()
    counts[np.argsort(-(raw - counts), kind="stable")[:remainder]] += 1
    return counts

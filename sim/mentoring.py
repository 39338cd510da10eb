"""Mentoring bookkeeping of the model: who needs mentors, who has room, relationships.

A mixin of ``MentorshipModel``: the matching requests it builds for ``sim.matching``, the
relationship rows it starts and ends, mentor loads and capacities, and the path reassessment
that several good mentors make more likely.
"""

from __future__ import annotations

import numpy as np

from sim import kernels, matching
from sim.population import refresh_path_fit
from sim.rng import pair_key
from sim.state import ASSISTANT, ASSOCIATE, END_NAMES, INFORMAL, PROACTIVENESS, TRAINEE


class MentoringMixin:
    """Relationship and matching helpers of MentorshipModel (which provides the state)."""

    def _match_formal(self) -> None:
        """Assign mentors by the program's policy to juniors short of their quota."""
        program = self.design.program
        mentees, needed = self._mentees_needing(informal=False)
        if len(mentees) == 0:
            return
        if program.mentee_training:
            new = mentees[~self.people.mentee_trained[mentees]]
            self.people.mentee_trained[new] = True
            self.tally["mentees_trained"] += len(new)
        request = self._match_request(mentees, needed, *self._mentors_with_room(True))
        self._start_relationships(matching.POLICIES[program.policy](request))

    def _match_request(self, mentees: np.ndarray, needed: np.ndarray, mentors: np.ndarray,
                       free: np.ndarray) -> matching.MatchRequest:
        r, program = self.relationships, self.design.program
        ended = ~r.active
        return matching.MatchRequest(
            people=self.people, mentees=mentees, needed=needed, mentors=mentors, free=free,
            year=self.year, rng=self.keyed,
            deep_weight=program.deep_similarity_weight, n_departments=self.n_departments,
            cross_department=program.cross_department,
            current_mentee=r.mentee[r.active], current_mentor=r.mentor[r.active],
            past_mentee=r.mentee[ended], past_mentor=r.mentor[ended])

    def _mentees_needing(self, *, informal: bool) -> tuple[np.ndarray, np.ndarray]:
        """Rows of eligible juniors lacking mentors, and how many more each needs.

        Args:
            informal: Count informal mentors sought on one's own (one for everybody without
                a program, plus a second for the most proactive), else mentors a formal
                program assigns.
        """
        p, r, program = self.people, self.relationships, self.design.program
        eligible = p.active & ((p.stage == TRAINEE) | (
            (p.stage == ASSISTANT) & (self.year - p.faculty_year < program.eligible_years)))
        is_informal = r.kind == INFORMAL
        kind = r.active & (is_informal if informal else ~is_informal)
        have = np.bincount(r.mentee[kind], minlength=p.n)
        if informal:
            proactive = p.traits[:, PROACTIVENESS] > program.second_mentor_proactiveness
            want = (0 if program.formal else 1) + proactive.astype(np.int64)
        else:
            want = np.full(p.n, program.mentors_per_mentee)
        need = np.where(eligible, np.maximum(want - have, 0), 0)
        rows = np.flatnonzero(need > 0)
        return rows, need[rows]

    def _mentors_with_room(self, formal: bool) -> tuple[np.ndarray, np.ndarray]:
        """Rows of willing mentors with free places, and how many (never past the hard cap).

        Args:
            formal: A program assigns up to the hard cap; informal mentors take mentees only
                up to their own capacity.
        """
        p = self.people
        hard_cap = self.design.mentors.hard_cap
        if formal:
            limit = np.full(p.n, hard_cap)
        else:
            # Informal mentors take mentees up to their own capacity.
            limit = np.minimum(hard_cap, np.ceil(p.capacity * np.where(
                p.stage == ASSOCIATE, self.design.mentors.associate_capacity_ratio, 1.0)))
        room = np.where(p.active & p.willing & (p.stage >= ASSOCIATE), limit - p.load, 0)
        rows = np.flatnonzero(room > 0)
        return rows, room[rows].astype(np.int64)

    def _start_relationships(self, found: matching.Matches) -> None:
        count = len(found.mentee)
        if count == 0:
            return
        r, p = self.relationships, self.people
        rows = r.add_rows(count)
        r.mentor[rows] = found.mentor
        r.mentee[rows] = found.mentee
        r.kind[rows] = found.kind
        r.start_year[rows] = self.year
        r.active[rows] = True
        r.compatibility[rows] = found.compatibility
        p.had_mentor[found.mentee] = True
        np.add.at(p.load, found.mentor, 1)
        if (p.load > self.design.mentors.hard_cap).any():
            raise AssertionError("a mentor was matched past the hard cap")
        self.tally["relationships_started"] += count

    def _end_relationships(self, rows: np.ndarray, reason: int) -> None:
        if len(rows) == 0:
            return
        r = self.relationships
        rows = rows[r.active[rows]]
        r.active[rows] = False
        r.end_year[rows] = self.year
        r.end_reason[rows] = reason
        np.subtract.at(self.people.load, r.mentor[rows], 1)
        self.tally[f"ended_{END_NAMES[reason]}"] += len(rows)

    def _mark_mentored_early(self) -> None:
        """Flag assistants mentored in their first two faculty years.

        Comparing promotion times by this early flag, rather than by "ever mentored", avoids
        a reverse effect: people promoted quickly have fewer years in which to find a mentor.
        """
        p, r = self.people, self.relationships
        held = np.bincount(r.mentee[r.active], minlength=p.n) > 0
        early = p.active & (p.stage == ASSISTANT) & (self.year - p.faculty_year <= 1)
        p.mentored_early[early & held] = True

    def _count_load(self) -> None:
        r = self.relationships
        self.people.load[:] = np.bincount(r.mentor[r.active], minlength=self.people.n)

    def _mean_quality_by_mentor(self, n: int) -> np.ndarray:
        r = self.relationships
        total = np.bincount(r.mentor[r.active], weights=r.quality[r.active], minlength=n)
        return np.divide(total, self.people.load, out=np.zeros(n), where=self.people.load > 0)

    def _coached(self) -> np.ndarray:
        p, program = self.people, self.design.program
        if not (program.formal and program.coaching):
            return np.zeros(p.n, dtype=bool)
        coached = p.active & (p.stage <= ASSISTANT)
        self.tally["coached"] += int(coached.sum())
        return coached

    def _reassess_paths(self) -> None:
        """Realistic assessment: a mentee on a poorly fitting track moves to their strengths.

        The chance of a realistic assessment grows with the number and quality of mentors
        (several mentors see more than one), as the seed essay argues.
        """
        p = self.people
        juniors = np.flatnonzero(p.active & (p.stage <= ASSISTANT) & (self._assess > 0)
                                 & (p.path_fit < 0.75))
        if len(juniors) == 0:
            return
        draw = self.keyed.uniform("reassess", p.key[juniors], self.year)
        moving = juniors[draw < self._assess[juniors]]
        best = refresh_path_fit(p, moving)
        changed = moving[best != p.track[moving]]
        p.track[changed] = best[best != p.track[moving]]
        refresh_path_fit(p, changed)
        # A hard conversation costs some satisfaction now, for a better fit later.
        p.satisfaction[changed] = np.maximum(0.0, p.satisfaction[changed] - 0.05)
        p.track_changes[changed] += 1
        self.tally["track_changes"] += len(changed)

    def _pair_keys(self) -> np.ndarray:
        """A draw key per relationship from its mentee's and mentor's keys.

        Keyed by the pair rather than the relationship's row, so the same pair meets the same
        chance events under every design (rows differ between designs).
        """
        r, key = self.relationships, self.people.key
        return pair_key(key[r.mentee], key[r.mentor])

    def mentor_capacity(self) -> tuple[np.ndarray, np.ndarray]:
        """Each person's effective mentoring capacity and the time share per mentee now.

        Associate professors hold fewer mentees than full professors (Luckhaupt 2005: 5.9 vs
        8.0); protected time raises capacity.
        """
        p, mentors = self.people, self.design.mentors
        base = p.capacity * np.where(p.stage == ASSOCIATE, mentors.associate_capacity_ratio, 1.0)
        effective, share = np.empty(p.n), np.empty(p.n)
        kernels.mentor_time_share(p.load, base, self.params.protected_hours_per_week,
                                  mentors.funded_capacity_gain, effective, share)
        return effective, share

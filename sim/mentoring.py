"""The mentoring relationships: who needs a mentor, who has room, starting and ending pairs.

``Mentoring`` owns the relationships table and each mentor's load (the ``load`` column of the
people table, kept by ``start`` and ``end`` only, so it always equals the count of active
relationships: a property test checks it every year). It builds the matching requests that
``sim.matching`` answers and computes what a mentor's time is worth per mentee. Mentees are
trainees and assistant professors in their first ``program.eligible_years`` on the faculty;
mentors are willing associate professors and above.
"""

from __future__ import annotations

import numpy as np

from sim import kernels
from sim.matching import Matches, MatchParams, MatchRequest
from sim.rng import KeyedRandom, pair_key
from sim.scenario import Scenario
from sim.state import (
    ASSISTANT,
    ASSOCIATE,
    INFORMAL,
    PROACTIVENESS,
    TRAINEE,
    People,
    new_relationships,
)
from sim.year import YearRecord


class Mentoring:
    """The relationships table, mentor loads and matching requests of one model.

    Args:
        people: The people table (``load`` is kept here; the rest is read).
        design: The scenario.
        keyed: The run's keyed random numbers.
        n_departments: Number of departments.
        capacity: Relationship rows to allocate at first (the table grows as needed).
        params: The kernels' parameters, packed (the model replaces them when the program
            starts, since protected time counts only while it runs).
        match: The matching policies' parameters.
    """

    def __init__(
        self,
        people: People,
        design: Scenario,
        keyed: KeyedRandom,
        n_departments: int,
        capacity: int,
        params: np.ndarray,
        match: MatchParams,
    ):
        self.people = people
        self.design = design
        self.keyed = keyed
        self.n_departments = n_departments
        self.params = params
        self.match = match
        self.relationships = new_relationships(capacity)

    # ----------------------------------------------------------------- requests
    def mentees_needing(
        self, year: int, *, informal: bool, served: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """Rows of people lacking mentors, and how many more each needs.

        Args:
            year: The current year.
            informal: Count informal mentors sought on one's own by eligible juniors (one for
                everybody the program does not serve, plus a second for the most proactive,
                served or not), else mentors a formal program assigns to those it serves (until
                their relationships have failed more than ``program.max_rematches`` times).
            served: bool (n,), who the formal program serves this year (``ProgramServices``).
        """
        p, r, program = self.people, self.relationships, self.design.program
        # Over the active rows only: the table keeps every relationship ever started.
        live = self.active_rows()
        is_informal = r.kind[live] == INFORMAL
        have = np.bincount(r.mentee[live[is_informal if informal else ~is_informal]], minlength=p.n)
        if informal:
            eligible = p.active & (
                (p.stage == TRAINEE)
                | ((p.stage == ASSISTANT) & (year - p.faculty_year < program.eligible_years))
            )
            proactive = p.traits[:, PROACTIVENESS] > program.second_mentor_proactiveness
            want = (~served).astype(np.int64) + proactive.astype(np.int64)
            if not program.informal_alongside:
                want[served] = 0
        else:
            eligible = served & (p.rematches <= program.max_rematches)
            want = np.full(p.n, program.mentors_per_mentee)
        need = np.where(eligible, np.maximum(want - have, 0), 0)
        rows = np.flatnonzero(need > 0)
        return rows, need[rows]

    def mentors_with_room(
        self, *, formal: bool, min_stage: int = ASSOCIATE
    ) -> tuple[np.ndarray, np.ndarray]:
        """Rows of willing mentors with free places, and how many (never past the hard cap).

        Args:
            formal: A program assigns up to each mentor's capacity with the protected time it
                gives (or up to the hard cap, ``program.load_limit``); informal mentors take
                mentees only up to their own capacity.
            min_stage: The lowest rank that may mentor these mentees (full professors for
                associate professors in a mid-career program).
        """
        p = self.people
        hard_cap = self.design.mentors.hard_cap
        if formal and self.design.program.load_limit == "hard_cap":
            limit = np.full(p.n, hard_cap)
        else:
            capacity = self.time_shares()[0] if formal else self.base_capacity()
            limit = np.minimum(hard_cap, kernels.places_within(capacity))
        room = np.where(p.active & p.willing & (p.stage >= min_stage), limit - p.load, 0)
        rows = np.flatnonzero(room > 0)
        return rows, room[rows].astype(np.int64)

    def request(
        self, year: int, *, formal: bool, served: np.ndarray, min_stage: int = ASSOCIATE
    ) -> MatchRequest | None:
        """The year's matching request for a formal program or for informal seeking.

        Args:
            year: The current year.
            formal: A request of the formal program (else of informal seeking).
            served: bool (n,): the people the formal program serves (those it matches; the
                rest seek on their own).
            min_stage: The lowest rank of the mentors offered.

        Returns:
            The request, or None when nobody needs a mentor.
        """
        mentees, needed = self.mentees_needing(year, informal=not formal, served=served)
        if len(mentees) == 0:
            return None
        mentors, free = self.mentors_with_room(formal=formal, min_stage=min_stage)
        r = self.relationships
        return MatchRequest(
            people=self.people,
            mentees=mentees,
            needed=needed,
            mentors=mentors,
            free=free,
            year=year,
            rng=self.keyed,
            params=self.params,
            match=self.match,
            n_departments=self.n_departments,
            cross_department=self.design.program.cross_department,
            track_weights=self.design.population.track_weights,
            pair_mentee=r.mentee,
            pair_mentor=r.mentor,
            pair_active=r.active,
        )

    # ----------------------------------------------------------------- start and end
    def start(self, found: Matches, record: YearRecord) -> None:
        """Start the relationships a matching policy found."""
        count = len(found.mentee)
        if count == 0:
            return
        r, p = self.relationships, self.people
        rows = r.add_rows(count)
        r.mentor[rows] = found.mentor
        r.mentee[rows] = found.mentee
        r.kind[rows] = found.kind
        r.start_year[rows] = record.year
        r.active[rows] = True
        r.compatibility[rows] = found.compatibility
        p.had_mentor[found.mentee] = True
        kernels.add_at(counts=p.load, rows=found.mentor, step=1)
        record.tally.program_pairs_started += int((found.kind != INFORMAL).sum())
        if (p.load[found.mentor] > self.design.mentors.hard_cap).any():
            raise AssertionError("a mentor was matched past the hard cap")
        record.tally.relationships_started += count

    def end(self, rows: np.ndarray, reason: int, record: YearRecord) -> None:
        """End the active relationships among ``rows`` for ``reason`` (an END code)."""
        if len(rows) == 0:
            return
        r = self.relationships
        rows = rows[r.active[rows]]
        r.active[rows] = False
        r.end_year[rows] = record.year
        r.end_reason[rows] = reason
        kernels.add_at(counts=self.people.load, rows=r.mentor[rows], step=-1)
        record.tally.ended[reason] += len(rows)

    def end_where(self, mask: np.ndarray, reason: int, record: YearRecord) -> None:
        """End the relationships where ``mask`` (bool over relationship rows) holds."""
        self.end(np.flatnonzero(mask), reason, record)

    def end_for_people(
        self, rows: np.ndarray, *, as_mentor: int, as_mentee: int, record: YearRecord
    ) -> None:
        """End the relationships of people who leave or change role.

        Args:
            rows: People rows.
            as_mentor: End reason for relationships in which they mentor (or -1 to keep).
            as_mentee: End reason for relationships in which they are the mentee.
            record: The year's record.
        """
        if len(rows) == 0:
            return
        r = self.relationships
        chosen = np.zeros(self.people.n, dtype=bool)
        chosen[rows] = True
        # The active rows, ascending, as flatnonzero of the full-table mask would give them,
        # without masking every relationship ever started.
        live = self.active_rows()
        if as_mentor >= 0:
            self.end(live[chosen[r.mentor[live]]], as_mentor, record)
            live = live[r.active[live]]
        self.end(live[chosen[r.mentee[live]]], as_mentee, record)

    # ----------------------------------------------------------------- mentors' time
    def base_capacity(self) -> np.ndarray:
        """Mentees each person can hold at full quality without protected time.

        Associate professors hold fewer than full professors (Luckhaupt 2005: 5.9 vs 8.0).
        """
        p = self.people
        return p.capacity * np.where(
            p.stage == ASSOCIATE, self.design.mentors.associate_capacity_ratio, 1.0
        )

    def time_shares(self) -> tuple[np.ndarray, np.ndarray]:
        """Each person's effective mentoring capacity and the time share per mentee now.

        Protected time raises capacity (``kernels.mentor_time_share``).
        """
        n = self.people.n
        effective, share = np.empty(n), np.empty(n)
        kernels.mentor_time_share(
            load=self.people.load,
            capacity=self.base_capacity(),
            params=self.params,
            out_capacity=effective,
            out_share=share,
        )
        return effective, share

    def unprotected_hours(self, protected_hours: np.ndarray) -> np.ndarray:
        """float64 (n,): hours a week each person gives their mentees beyond protected time.

        Args:
            protected_hours: float64 (n,), hours a week of each person's mentoring a program
                pays for (0 for those it does not).
        """
        given = self.people.load * self.design.mentors.hours_per_mentee
        return np.maximum(0.0, given - protected_hours)

    def mean_quality_by_mentor(self) -> np.ndarray:
        """Mean quality of each person's active relationships as mentor (0 without any)."""
        r, load = self.relationships, self.people.load
        total = np.bincount(
            r.mentor[r.active], weights=r.quality[r.active], minlength=self.people.n
        )
        return np.divide(total, load, out=np.zeros(len(load)), where=load > 0)

    def mentors_held(self) -> np.ndarray:
        """int64 (n,): active mentors each person has now."""
        r = self.relationships
        return np.bincount(r.mentee[r.active], minlength=self.people.n)

    def active_rows(self) -> np.ndarray:
        """int64: the rows of the relationships going on now, ascending."""
        return np.flatnonzero(self.relationships.active)

    def pair_keys(self, rows: np.ndarray) -> np.ndarray:
        """A draw key per relationship row from its mentee's and mentor's keys.

        Keyed by the pair rather than the relationship's row, so the same pair meets the same
        chance events under every design (rows differ between designs).
        """
        r, key = self.relationships, self.people.key
        return pair_key(key[r.mentee[rows]], key[r.mentor[rows]])

    def mark_mentored_early(self, year: int) -> None:
        """Flag assistants mentored in their first two faculty years.

        Comparing promotion times by this early flag, rather than by "ever mentored", avoids
        a reverse effect: people promoted quickly have fewer years in which to find a mentor.
        """
        p = self.people
        early = p.active & (p.stage == ASSISTANT) & (year - p.faculty_year <= 1)
        p.mentored_early[early & (self.mentors_held() > 0)] = True

"""Pairing: who is paired with whom each year, and which pairs end.

``Pairing`` holds the two stages of the yearly cycle that start and end relationships: match
(the formal program's pass by its policy for those it serves, then everyone's informal pass,
within mentors' free places) and evaluate (the program's detection of its failing
relationships, informal pairs that drift apart, natural ends, the realistic assessment of
juniors' paths, and the program's rematch). The relationships table and mentor loads belong to
``Mentoring``; the matching policies are in ``sim.matching``. Every draw is keyed
(``sim.rng``) by its purpose, the pair's or person's key and the year.
"""

from __future__ import annotations

import numpy as np

from sim import kernels, matching
from sim.careers import Careers
from sim.mentoring import Mentoring
from sim.rng import KeyedRandom
from sim.scenario import Scenario
from sim.services import ProgramServices
from sim.state import (
    ASSISTANT,
    ASSOCIATE,
    FAILED_DISSOLVED,
    FAILED_EVALUATED,
    FULL,
    INFORMAL,
    MENTEE_SIDE,
    MENTOR_SIDE,
    NATURAL_END,
    People,
    Relationships,
)
from sim.year import YearRecord

# Years in which the year-0 juniors, who start without mentors, find the mentors a running
# institution would already have given them (their first and second mentors): the
# relationships they start then are back-dated (``_stagger_initial_relationships``).
INITIAL_MATCHING_YEARS = 2


class Pairing:
    """The year's matching and evaluation of relationships.

    Args:
        mentoring: The relationships, mentor loads and matching requests.
        services: The formal program's services (whom it serves, mentee training paid from
            its budget, refreshers and coaching after a failure).
        careers: People's careers (receptiveness to critique; the realistic assessment).
        design: The scenario.
        keyed: The run's keyed random numbers.
        params: The kernels' parameters, packed (``KernelParams.packed``); the model replaces
            them when the formal program starts or stops running.
    """

    def __init__(
        self,
        mentoring: Mentoring,
        services: ProgramServices,
        careers: Careers,
        design: Scenario,
        keyed: KeyedRandom,
        params: np.ndarray,
    ):
        self.mentoring = mentoring
        self.services = services
        self.careers = careers
        self.design = design
        self.keyed = keyed
        self.params = params

    @property
    def people(self) -> People:
        """The people table."""
        return self.mentoring.people

    @property
    def relationships(self) -> Relationships:
        """The relationships table."""
        return self.mentoring.relationships

    def match(self, year: int, record: YearRecord) -> None:
        """Match mentees who need mentors, by the program's policy, within the hard cap.

        A running formal program assigns mentors to those it serves by its policy; everyone
        else seeks informal mentors on their own, and the most proactive of those it serves
        seek one alongside where the program allows it.

        Args:
            year: The current year.
            record: The year's record (its tally counts the relationships started).
        """
        served = self.services.served(year)
        if served.any():
            self._match_formal(year, served, record)
        request = self.mentoring.request(year, formal=False, served=served)
        if request is not None:
            trained = self.people.mentee_trained[request.mentees]
            self.mentoring.start(matching.match_informal(request, trained=trained), record)
        if year <= INITIAL_MATCHING_YEARS:
            self._stagger_initial_relationships(year)

    def match_initial(self, year: int, record: YearRecord) -> None:
        """Give the year-0 juniors the informal mentors a running institution would have.

        The year-0 institution is a snapshot of a running one: its juniors seek informal
        mentors once before the first year (no formal program runs yet), and the
        relationships found are back-dated (``_stagger_initial_relationships``). Without
        this every junior would seek in year 1 with every mentor free, and the cohort of
        relationships started together would end together about
        ``program.max_relationship_years`` later.

        Args:
            year: The year of the snapshot (0).
            record: The year's record (its tally counts the relationships started).
        """
        served = np.zeros(self.people.n, dtype=bool)
        request = self.mentoring.request(year, formal=False, served=served)
        if request is not None:
            trained = self.people.mentee_trained[request.mentees]
            self.mentoring.start(matching.match_informal(request, trained=trained), record)
            self._stagger_initial_relationships(year)

    def _stagger_initial_relationships(self, year: int) -> None:
        """Back-date the year-0 juniors' relationships found this year, as if ongoing.

        The year-0 juniors find mentors before the first year and in the first
        ``INITIAL_MATCHING_YEARS`` years (first mentors, then second ones): in a running
        institution those relationships would be of every age. Relationships that run to
        their natural end are, in a stationary population, of ages spread evenly over
        ``program.max_relationship_years``, so each is given an age drawn uniformly from
        them (a keyed draw on the pair): they end spread over the following years, as in a
        running institution, instead of all together soon after the warm-up.
        """
        r = self.relationships
        live = self.mentoring.active_rows()
        initial = (r.start_year[live] == year) & (self.people.hire_year[r.mentee[live]] == 0)
        live = live[initial]
        span = self.design.program.max_relationship_years
        draw = self.keyed.uniform("initial_relationship_age", self.mentoring.pair_keys(live), 0)
        r.start_year[live] = year - np.floor(draw * span).astype(np.int32)

    def _match_formal(self, year: int, served: np.ndarray, record: YearRecord) -> None:
        """Assign mentors by the program's policy to those it serves, short of their quota.

        Juniors may be mentored by associate professors and above; associate professors in a
        mid-career program only by full professors and leaders.
        """
        p, program = self.people, self.design.program
        if program.mentee_training:
            new = served & (p.stage <= ASSISTANT) & ~p.mentee_trained
            new = self.services.afford(self.design.costs.mentee_training_cost, np.flatnonzero(new))
            p.mentee_trained[new] = True
            record.tally.mentees_trained += len(new)
        for group, min_stage in (
            (served & (p.stage <= ASSISTANT), ASSOCIATE),
            (served & (p.stage == ASSOCIATE), FULL),
        ):
            request = self.mentoring.request(year, formal=True, served=group, min_stage=min_stage)
            if request is not None:
                self.mentoring.start(matching.POLICIES[program.policy](request), record)

    def evaluate(self, year: int, record: YearRecord) -> None:
        """End failing and finished relationships; reassess mentees' paths; rematch.

        A program that evaluates sees only its own relationships, and only detects a failing
        one with ``program.evaluation_detection`` a year; informal pairs that fail drift apart
        whatever the program does.

        Args:
            year: The current year.
            record: The year's record (its tally counts the relationships started, ended and
                evaluated; evaluation reads its ``assessment``).
        """
        r, program, m = self.relationships, self.design.program, self.mentoring
        evaluating = self.services.running and program.evaluate_relationships
        if evaluating:
            self._evaluate_program_relationships(year, record)
        live = m.active_rows()
        failing_informal = live[
            (r.kind[live] == INFORMAL) & (r.quality[live] < program.failure_threshold)
        ]
        drift = self.keyed.uniform("drift_apart", m.pair_keys(failing_informal), year)
        m.end(
            failing_informal[drift < self.design.relationships.informal_drift_rate],
            FAILED_DISSOLVED,
            record,
        )
        live = live[r.active[live]]  # still going after the drift (ascending, as before)
        finished = live[year - r.start_year[live] >= program.max_relationship_years]
        m.end(finished, NATURAL_END, record)
        self.careers.reassess_paths(year, record)
        if evaluating:
            served = self.services.fund_rematches(self.services.served(year))
            if served.any():
                self._match_formal(year, served, record)

    def _evaluate_program_relationships(self, year: int, record: YearRecord) -> None:
        """Detect the program's failing relationships, end them, and act on which side failed.

        The side is whichever fell shorter: what the mentor brought (skill and time) or what
        the mentee brought (receptiveness). A mentor-side failure earns the mentor a refresher
        where the program trains mentors; a mentee-side one earns the mentee a coaching
        course where the program coaches.
        """
        p, r, m, program = self.people, self.relationships, self.mentoring, self.design.program
        live = m.active_rows()
        own = live[r.kind[live] != INFORMAL]
        record.tally.evaluations += len(own)
        failing = own[r.quality[own] < program.failure_threshold]
        seen = self.keyed.uniform("detect", m.pair_keys(failing), year)
        detected = failing[seen < program.evaluation_detection]
        if len(detected) == 0:
            return
        _, time_share = m.time_shares()
        mentors, mentees = r.mentor[detected], r.mentee[detected]
        side = np.empty(len(detected), dtype=np.int8)
        kernels.failure_sides(
            mentors=mentors,
            mentees=mentees,
            mentor_skill=p.mentor_skill,
            time_share=time_share,
            receptiveness=self.careers.receptiveness(),
            params=self.params,
            out_side=side,
        )
        r.failed_side[detected] = side
        m.end(detected, FAILED_EVALUATED, record)
        kernels.add_at(counts=p.rematches, rows=mentees, step=1)
        self.services.refresh_after_failure(mentors[side == MENTOR_SIDE], year, record)
        self.services.coach_after_failure(mentees[side == MENTEE_SIDE], year, record)

"""MentorshipModel: a Mesa model of mentees, mentors and an institution, one step a year.

The model is composed of two objects that own their tables: a ``Roster`` (the people table and
one Mesa agent per person employed) and a ``Mentoring`` (the relationships table, mentor loads
and matching requests). Its ``step()`` is the nine-part yearly cycle of the design: hire,
refresh the mentor pool, match, develop, evaluate, promote, fill leadership, exits, collect;
what one stage hands the next is a field of the year's ``YearRecord``. The arithmetic over
everyone is in the numba kernels (``sim.kernels``) and matching policies (``sim.matching``);
every random draw is keyed (``sim.rng``), so two designs run on one seed meet the same people
and the same chance events.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

import mesa
import numpy as np
import pandas as pd

from sim import kernels, matching
from sim.agents import PERSON_DATA, Institution, Person
from sim.hiring import Hiring
from sim.mentoring import Mentoring
from sim.outcomes import (
    DEVELOPMENT_FACULTY_YEAR,
    SATISFACTION_FACULTY_YEAR,
    YEARLY,
    run_outcomes,
    yearly_metrics,
)
from sim.population import decide_willingness, refresh_path_fit
from sim.rng import KeyedRandom
from sim.roster import Roster
from sim.scenario import Scenario, default, from_dict, load
from sim.services import ProgramServices, leadership_prep_now
from sim.sponsorship import Sponsorship
from sim.state import (
    ASSISTANT,
    ASSOCIATE,
    ATTRITION,
    EDUCATOR,
    FAILED_DISSOLVED,
    FAILED_EVALUATED,
    FULL,
    GRADUATED,
    INFORMAL,
    LEADER,
    MENTEE_LEFT,
    MENTEE_SIDE,
    MENTOR_LEFT,
    MENTOR_SIDE,
    MOVED,
    NATURAL_END,
    RECEPTIVENESS,
    RETIREMENT,
    TRAINEE,
    People,
    Relationships,
)
from sim.tally import Tally
from sim.year import YearRecord


def resolve_scenario(
    scenario: Scenario | str | Path | dict | None, overrides: dict[str, Any]
) -> Scenario:
    """Turn what a caller passed (object, TOML path, dict or nothing) into a Scenario."""
    if scenario is None:
        resolved = default()
    elif isinstance(scenario, Scenario):
        resolved = scenario
    elif isinstance(scenario, str | Path):
        resolved = load(scenario)
    else:
        resolved = from_dict(scenario, source="scenario argument")
    return resolved.replace(**overrides) if overrides else resolved


def seed_from_rng(rng: Any, generator: np.random.Generator) -> int:
    """Return the 64-bit keyed-draw seed for Mesa's ``rng`` argument.

    An integer is used as it is (modulo 2**64); anything else (None, a Generator, a
    SeedSequence) is turned into one draw from the model's Generator.
    """
    if isinstance(rng, int | np.integer) and not isinstance(rng, bool):
        return int(rng) % 2**64  # structural: the keyed generator's 64-bit seed
    return int(generator.integers(0, 2**63, dtype=np.int64))  # structural: int64 range


def yearly_metric(model: MentorshipModel, name: str) -> float:
    """DataCollector reporter: one of this year's metrics (computed once in ``collect``)."""
    return model.metrics[name]


# Years in which the year-0 juniors, who start without mentors, find the mentors a running
# institution would already have given them (their first and second mentors): the
# relationships they start then are back-dated (``_stagger_initial_relationships``).
INITIAL_MATCHING_YEARS = 2


class MentorshipModel(mesa.Model):
    """A simulated academic medical center and its mentorship program.

    Args:
        scenario: A Scenario, a path to a scenario TOML file, a dict in the TOML layout, or
            None for the defaults. (Stored as ``self.design``: Mesa's own ``Model.scenario``
            attribute is a different thing.)
        rng: Seed (an int gives the keyed-draw seed directly) or numpy Generator.
        years: Years to run; defaults to the scenario's ``years``. ``running`` turns False
            after this many steps, so ``mesa.batch_run`` stops there.
        agent_data: Also record ``sim.agents.PERSON_DATA`` for every person, every year, with
            Mesa's DataCollector (``agent_yearly()``); off by default, as it costs time.
        **overrides: Scenario overrides as ``group__key=value`` (e.g.
            ``program__mentors_per_mentee=3``), which is how ``mesa.batch_run`` and the app's
            sliders vary parameters.
    """

    def __init__(
        self,
        *,
        scenario: Scenario | str | Path | dict | None = None,
        rng: Any = None,
        years: int | None = None,
        agent_data: bool = False,
        **overrides: Any,
    ):
        super().__init__(rng=rng)
        self.design = resolve_scenario(scenario, overrides)
        self.years = int(years) if years is not None else self.design.years
        self.seed = seed_from_rng(rng, self.rng)
        self.keyed = KeyedRandom(self.seed)
        # The kernels' parameters, packed as they take them (``KernelParams.packed``): one set
        # while the formal program runs (it protects mentors' time), one while it does not.
        # Nothing runs before the first year opens, so the model starts with the second.
        self._params_when_running = {
            running: kernels.kernel_params(self.design, program_running=running).packed()
            for running in (False, True)
        }
        self.params = self._params_when_running[False]
        # What counts toward each track's composite skill (tracks x domains).
        self.track_weights = self.design.population.track_weights
        inst = self.design.institution
        n_departments = max(1, round(inst.initial_size / inst.department_size))
        self.positions = round(inst.leadership_positions * inst.initial_size)
        # Rows to allocate at first: the tables grow when needed, this just avoids regrowing.
        expected = inst.initial_size * (1.2 + inst.hires_per_year * self.years * 1.5)  # structural
        capacity = int(expected)
        self.record = YearRecord(year=0)
        self.totals = Tally()
        self.institution = Institution(self)
        self.roster = Roster(self, self.design, self.keyed, n_departments, capacity, self.params)
        self.mentoring = Mentoring(
            self.roster.people,
            self.design,
            self.keyed,
            n_departments,
            capacity,
            self.params,
            matching.match_params(self.design),
        )
        self.roster.populate(self.positions)
        self.hiring = Hiring(self.roster, self.design, self.keyed)
        self.services = ProgramServices(self.people, self.relationships, self.design, self.keyed)
        self.sponsorship = Sponsorship(self.people, self.relationships, self.design, self.keyed)
        self._match_initial()
        self.metrics = self._yearly_metrics()
        self.datacollector = mesa.DataCollector(
            model_reporters={name: partial(yearly_metric, name=name) for name in YEARLY},
            agenttype_reporters={Person: {name: name for name in PERSON_DATA}}
            if agent_data
            else None,
        )
        self.datacollector.collect(self)
        self.running = True

    # ----------------------------------------------------------------- state views
    @property
    def year(self) -> int:
        """The academic year now: 0 at the start, then Mesa's step counter (``steps``)."""
        return self.steps

    @property
    def people(self) -> People:
        """The people table (every person ever hired; ``active`` marks the employed)."""
        return self.roster.people

    @property
    def relationships(self) -> Relationships:
        """The relationships table (every relationship ever started)."""
        return self.mentoring.relationships

    @property
    def tally(self) -> Tally:
        """This year's event counts."""
        return self.record.tally

    @property
    def n_departments(self) -> int:
        """Number of departments (mentoring is matched within one)."""
        return self.roster.n_departments

    @property
    def program_scheduled(self) -> bool:
        """Whether the design has a formal program due this year (from ``program.start_year``).

        Whether it actually runs is decided when the year opens: it must also pay its
        administration (``program_running``).
        """
        program = self.design.program
        return program.formal and self.year >= program.start_year

    @property
    def program_running(self) -> bool:
        """Whether the formal program runs this year: scheduled, and its administration paid.

        ``ProgramServices.open_year`` owns the answer; everything that depends on the program
        running (protected time in the kernels' parameters, services, cost) reads it here.
        """
        return self.services.running

    def in_role(self, role: str) -> mesa.agent.AgentSet:
        """The agents in a role: ``"mentee"``, ``"mentor"`` or ``"institution"``."""
        return self.agents.select(lambda agent: agent.role == role)

    def agent_of(self, row: int) -> Person | None:
        """Return the Mesa agent of a people row, or None for people who have left."""
        return self.roster.agent_of(row)

    def run(self) -> None:
        """Run the configured number of years (Mesa's ``run_for``, one step a year)."""
        remaining = self.years - self.steps
        if remaining > 0:
            self.run_for(remaining)

    def yearly(self) -> pd.DataFrame:
        """Return the yearly metrics as a DataFrame with a ``year`` column (0 = start)."""
        frame = self.datacollector.get_model_vars_dataframe().reset_index(drop=True)
        frame.insert(0, "year", range(len(frame)))
        return frame

    def agent_yearly(self) -> pd.DataFrame:
        """Every person's ``PERSON_DATA`` each year (a model built with ``agent_data=True``).

        Returns:
            One row per person employed per year, indexed by Mesa's step and agent id.

        Raises:
            ValueError: when the model was built without ``agent_data``.
        """
        if Person not in self.datacollector.agenttype_reporters:
            raise ValueError(
                "agent_yearly: this model records no agent data; build it with "
                "MentorshipModel(agent_data=True)"
            )
        return self.datacollector.get_agenttype_vars_dataframe(Person)

    def outcomes(self, yearly: pd.DataFrame | None = None) -> dict[str, float]:
        """Return the run-level outcomes (``sim.outcomes.OUTCOMES``) of the run so far."""
        yearly = self.yearly() if yearly is None else yearly
        return run_outcomes(self.people, self.relationships, self.design, yearly, self.year)

    # ----------------------------------------------------------------- the yearly cycle
    def step(self) -> None:
        """Advance one academic year (Mesa has counted it in ``steps``: ``year`` reads it)."""
        self.record = YearRecord(year=self.year)
        self.services.open_year(self.program_scheduled)
        self._use_params(self._params_when_running[self.program_running])
        self.hire()
        self.refresh_mentor_pool()
        self.match()
        self.develop()
        self.evaluate()
        self.promote()
        self.fill_leadership()
        self.process_exits()
        self.collect()
        if self.year >= self.years:
            self.running = False

    def _use_params(self, params: np.ndarray) -> None:
        # Protected time counts only while the program runs, so the parameters follow it.
        self.params = params
        self.roster.params = params
        self.mentoring.params = params

    def hire(self) -> None:
        """Finishing trainees join the faculty or leave; open positions are filled."""
        leaving, hired = self.hiring.hire(self.year, self.record, self._leadership_reserve())
        self._leave(leaving, reason=None)  # the roster has marked them: training completed
        p = self.people
        self.services.ask_new_seniors(hired[p.stage[hired] >= ASSOCIATE], self.record)

    def _leadership_reserve(self) -> int:
        """Faculty positions held back for this year's leadership openings.

        An opening may be filled by an external hire, who takes a faculty position; holding
        one back for each opening keeps the faculty within its positions.
        """
        p = self.people
        leaders = np.flatnonzero(p.active & (p.stage == LEADER))
        ending = int(
            (self.year - p.leader_year[leaders] >= self.design.institution.leader_term_years).sum()
        )
        return max(0, self.positions - len(leaders)) + ending

    def refresh_mentor_pool(self) -> None:
        """The program's year: funding, recruiting, training; unhappy mentors step back."""
        services = self.services
        services.fund(self.year, self.record)
        services.recruit_at_start(self.year, self.record)
        services.withdraw_unhappy_mentors(self.year, self.record)
        services.train_mentors(self.year, self.record)
        services.coach_mentors(self.year, self.record)
        services.develop_leaders(self.year, self.record)

    def match(self) -> None:
        """Match mentees who need mentors, by the program's policy, within the hard cap.

        A running formal program assigns mentors to those it serves by its policy; everyone
        else seeks informal mentors on their own, and the most proactive of those it serves
        seek one alongside where the program allows it.
        """
        served = self.services.served(self.year)
        if served.any():
            self._match_formal(served)
        request = self.mentoring.request(self.year, formal=False, served=served)
        if request is not None:
            trained = self.people.mentee_trained[request.mentees]
            self.mentoring.start(matching.match_informal(request, trained=trained), self.record)
        if self.year <= INITIAL_MATCHING_YEARS:
            self._stagger_initial_relationships()

    def _match_initial(self) -> None:
        """Give the year-0 juniors the informal mentors a running institution would have.

        The year-0 institution is a snapshot of a running one: its juniors seek informal
        mentors once before the first year (no formal program runs yet), and the
        relationships found are back-dated (``_stagger_initial_relationships``). Without
        this every junior would seek in year 1 with every mentor free, and the cohort of
        relationships started together would end together about
        ``program.max_relationship_years`` later.
        """
        served = np.zeros(self.people.n, dtype=bool)
        request = self.mentoring.request(self.year, formal=False, served=served)
        if request is not None:
            trained = self.people.mentee_trained[request.mentees]
            self.mentoring.start(matching.match_informal(request, trained=trained), self.record)
            self._stagger_initial_relationships()

    def _stagger_initial_relationships(self) -> None:
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
        initial = (r.start_year[live] == self.year) & (self.people.hire_year[r.mentee[live]] == 0)
        live = live[initial]
        span = self.design.program.max_relationship_years
        draw = self.keyed.uniform("initial_relationship_age", self.mentoring.pair_keys(live), 0)
        r.start_year[live] = self.year - np.floor(draw * span).astype(np.int32)

    def _match_formal(self, served: np.ndarray) -> None:
        """Assign mentors by the program's policy to those it serves, short of their quota.

        Juniors may be mentored by associate professors and above; associate professors in a
        mid-career program only by full professors and leaders.
        """
        p, program = self.people, self.design.program
        if program.mentee_training:
            new = served & (p.stage <= ASSISTANT) & ~p.mentee_trained
            new = self.services.afford(self.design.costs.mentee_training_cost, np.flatnonzero(new))
            p.mentee_trained[new] = True
            self.tally.mentees_trained += len(new)
        for group, min_stage in (
            (served & (p.stage <= ASSISTANT), ASSOCIATE),
            (served & (p.stage == ASSOCIATE), FULL),
        ):
            request = self.mentoring.request(
                self.year, formal=True, served=group, min_stage=min_stage
            )
            if request is not None:
                self.mentoring.start(matching.POLICIES[program.policy](request), self.record)

    def develop(self) -> None:
        """Advance relationships and people one year: the numba core."""
        p, r, k, m = self.people, self.relationships, self.params, self.mentoring
        n = p.n
        effective_capacity, time_share = m.time_shares()
        live = m.active_rows()
        rel_noise = self.keyed.normal("quality", m.pair_keys(live), self.year)[:, 0]
        kernels.update_relationship_quality(
            rows=live,
            rel_mentor=r.mentor,
            rel_mentee=r.mentee,
            rel_kind=r.kind,
            rel_started=r.started,
            compat=r.compatibility,
            mentor_skill=p.mentor_skill,
            receptiveness=self._receptiveness(),
            time_share=time_share,
            noise=rel_noise,
            params=k,
            quality=r.quality,
            ever_failing=r.ever_failing,
        )
        support, career = np.empty(n), np.empty((n, p.skills.shape[1]))
        career_support, assessment, pull = np.empty(n), np.empty(n), np.empty(n)
        failing = np.empty(n, dtype=np.int32)
        kernels.aggregate_mentoring(
            rows=live,
            rel_mentor=r.mentor,
            rel_mentee=r.mentee,
            quality=r.quality,
            time_share=time_share,
            skills=p.skills,
            stage=p.stage,
            alignment=p.alignment,
            params=k,
            out_support=support,
            out_career=career,
            out_sponsor=career_support,
            out_failing=failing,
            out_assess=assessment,
            out_pull=pull,
        )
        served = self.services.served(self.year)
        self._add_peer_support(served, support, assessment)
        self.sponsorship.update(
            self.year,
            served if self.design.program.sponsorship else np.zeros(n, dtype=bool),
            self.record,
        )
        kernels.develop_skills(
            skills=p.skills,
            talent=p.talent,
            traits=p.traits,
            track=p.track,
            track_weights=self.track_weights,
            career=career,
            active=p.active,
            params=k,
        )
        extra_stress = np.empty(n)
        kernels.mentor_wellbeing(
            p.load,
            effective_capacity,
            m.mean_quality_by_mentor(),
            p.load > 0,
            k,
            p.mentor_satisfaction,
            extra_stress,
        )
        # The "minority tax": senior women and URM faculty are asked for more.
        taxed = p.active & (p.stage >= ASSOCIATE) & (p.woman | p.urm)
        extra_stress[taxed] += self.design.mentors.minority_tax_stress
        # Early career is its own strain (the move from training to faculty life, work-home
        # conflict), whoever mentors the junior: support is not the only thing ranks differ in.
        extra_stress[p.active & (p.stage == ASSISTANT)] += self.design.wellbeing.early_career_stress
        self.services.coach(self.year, served, self.record)
        noise = self.keyed.normal_where("wellbeing", p.key, self.year, p.active)
        satisfaction, burnout = np.empty(n), np.empty(n)
        kernels.psychosocial(
            satisfaction=p.satisfaction,
            burnout=p.burnout,
            traits=p.traits,
            support=support,
            failing=failing,
            path_fit=p.path_fit,
            alignment=p.alignment,
            coaching_relief=self._coaching_relief(self.year),
            coaching_relief_before=self._coaching_relief(self.year - 1),
            extra_stress=extra_stress,
            noise=noise,
            active=p.active,
            params=k,
            out_satisfaction=satisfaction,
            out_burnout=burnout,
        )
        p.satisfaction[:] = satisfaction
        p.burnout[:] = burnout
        alignment = np.empty(n)
        kernels.align_values(
            alignment=p.alignment,
            pull=pull,
            burnout=p.burnout,
            active=p.active,
            params=k,
            out=alignment,
        )
        p.alignment[:] = alignment
        self.record.support = support
        self.record.career_support = career_support
        self.record.assessment = assessment

    def _receptiveness(self) -> np.ndarray:
        """Receptiveness to critique, raised by mentee training."""
        p = self.people
        gain = self.design.relationships.trained_receptiveness_gain
        return np.minimum(1.0, p.traits[:, RECEPTIVENESS] + gain * p.mentee_trained)

    def _add_peer_support(
        self, served: np.ndarray, support: np.ndarray, assessment: np.ndarray
    ) -> None:
        """Facilitated peer groups add support and some realistic assessment, no career push.

        Combined with what mentors give as independent chances, like a further relationship.
        """
        members = self.services.peer_groups(self.year, served, self.record)
        rel = self.design.relationships
        support[members] = 1.0 - (1.0 - support[members]) * (1.0 - rel.peer_support)
        assessment[members] = 1.0 - (1.0 - assessment[members]) * (1.0 - rel.peer_assessment)

    def _coaching_relief(self, year: int) -> np.ndarray:
        """Everyone's share of burnout relieved by coaching in ``year``.

        A course is six sessions (Dyrbye 2019); it relieves the share
        ``career.coaching_burnout_cut`` of burnout in the year of the course, and the share
        halves every ``wellbeing.coaching_half_life_years`` after it.
        """
        p = self.people
        since = year - p.coached_year
        coached = p.active & (p.coached_year >= 0) & (since >= 0)
        relief = np.zeros(p.n)
        relief[coached] = self.design.career.coaching_burnout_cut * np.exp2(
            -since[coached] / self.design.wellbeing.coaching_half_life_years
        )
        return relief

    def mentoring_hours(self) -> np.ndarray:
        """float64 (n,): hours a week each person gives mentees beyond protected time.

        A running program protects ``program.protected_hours_per_week`` of the mentors it
        assigned mentees to (and pays for them); everyone else's mentoring comes out of
        their own time.
        """
        protected = np.zeros(self.people.n)
        if self.program_running:
            protected[self.services.program_mentors()] = (
                self.design.program.protected_hours_per_week
            )
        return self.mentoring.unprotected_hours(protected)

    def evaluate(self) -> None:
        """End failing and finished relationships; reassess mentees' paths; rematch.

        A program that evaluates sees only its own relationships, and only detects a failing
        one with ``program.evaluation_detection`` a year; informal pairs that fail drift apart
        whatever the program does.
        """
        r, program, m = self.relationships, self.design.program, self.mentoring
        evaluating = self.services.running and program.evaluate_relationships
        if evaluating:
            self._evaluate_program_relationships()
        live = m.active_rows()
        failing_informal = live[
            (r.kind[live] == INFORMAL) & (r.quality[live] < program.failure_threshold)
        ]
        drift = self.keyed.uniform("drift_apart", m.pair_keys(failing_informal), self.year)
        m.end(
            failing_informal[drift < self.design.relationships.informal_drift_rate],
            FAILED_DISSOLVED,
            self.record,
        )
        live = live[r.active[live]]  # still going after the drift (ascending, as before)
        finished = live[self.year - r.start_year[live] >= program.max_relationship_years]
        m.end(finished, NATURAL_END, self.record)
        self._reassess_paths()
        if evaluating:
            served = self.services.served(self.year)
            if served.any():
                self._match_formal(served)

    def _evaluate_program_relationships(self) -> None:
        """Detect the program's failing relationships, end them, and act on which side failed.

        The side is whichever fell shorter: what the mentor brought (skill and time) or what
        the mentee brought (receptiveness). A mentor-side failure earns the mentor a refresher
        where the program trains mentors; a mentee-side one earns the mentee a coaching
        course where the program coaches.
        """
        p, r, m, program = self.people, self.relationships, self.mentoring, self.design.program
        live = m.active_rows()
        own = live[r.kind[live] != INFORMAL]
        self.tally.evaluations += len(own)
        failing = own[r.quality[own] < program.failure_threshold]
        seen = self.keyed.uniform("detect", m.pair_keys(failing), self.year)
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
            receptiveness=self._receptiveness(),
            params=self.params,
            out_side=side,
        )
        r.failed_side[detected] = side
        m.end(detected, FAILED_EVALUATED, self.record)
        kernels.add_at(counts=p.rematches, rows=mentees, step=1)
        self.services.refresh_after_failure(mentors[side == MENTOR_SIDE], self.year, self.record)
        self.services.coach_after_failure(mentees[side == MENTEE_SIDE], self.year, self.record)

    def _reassess_paths(self) -> None:
        """Realistic assessment: a mentee on a poorly fitting track moves to their strengths.

        The chance of a realistic assessment grows with the number and quality of mentors
        (several mentors see more than one), as the seed essay argues.
        """
        p, assessment, w = self.people, self.record.assessment, self.design.wellbeing
        juniors = np.flatnonzero(
            p.active
            & (p.stage <= ASSISTANT)
            & (assessment > 0)
            & (p.path_fit < w.reassessment_fit_threshold)
        )
        if len(juniors) == 0:
            return
        draw = self.keyed.uniform("reassess", p.key[juniors], self.year)
        moving = juniors[draw < assessment[juniors]]
        best = refresh_path_fit(p, moving, self.track_weights, self.params)
        changed = moving[best != p.track[moving]]
        p.track[changed] = best[best != p.track[moving]]
        refresh_path_fit(p, changed, self.track_weights, self.params)
        # A hard conversation costs some satisfaction now, for a better fit later.
        p.satisfaction[changed] = np.maximum(
            0.0, p.satisfaction[changed] - w.reassessment_satisfaction_cost
        )
        p.track_changes[changed] += 1
        self.tally.track_changes += len(changed)

    def promote(self) -> None:
        """Add the year's academic output; promote by a hazard on the portfolio."""
        p = self.people
        on_leave = self._take_leaves()
        composite = np.empty(p.n)
        kernels.track_composite(
            skills=p.skills, track=p.track, track_weights=self.track_weights, out=composite
        )
        output = np.empty(p.n)
        kernels.add_academic_output(
            portfolio=p.portfolio,
            composite=composite,
            productivity=p.productivity,
            career_support=self.record.career_support,
            burnout=p.burnout,
            mentoring_hours=self.mentoring_hours(),
            stage=p.stage,
            woman=p.woman,
            urm=p.urm,
            on_leave=on_leave,
            active=p.active,
            params=self.params,
            out_output=output,
        )
        chance = np.empty(p.n)
        # Committees weigh a clinician-educator's record (teaching, clinical innovation) below
        # the publications and grants the criteria were written for.
        record = np.where(
            (p.track == EDUCATOR) & (p.stage == ASSISTANT),
            p.portfolio * self.design.career.educator_record_weight,
            p.portfolio,
        )
        kernels.promotion_probability(
            stage=p.stage,
            stage_year=p.stage_year,
            year=self.year,
            portfolio=record,
            woman=p.woman,
            urm=p.urm,
            sponsored=self.sponsorship.sponsored(),
            active=p.active,
            params=self.params,
            out=chance,
        )
        draw = self.keyed.uniform_where("promote", p.key, self.year, p.active)
        promoted = np.flatnonzero((draw < chance) & p.active)
        to_associate = promoted[p.stage[promoted] == ASSISTANT]
        to_full = promoted[p.stage[promoted] == ASSOCIATE]
        p.stage[promoted] += 1
        p.stage_year[promoted] = self.year
        p.portfolio[promoted] = 0.0
        p.associate_year[to_associate] = self.year
        p.full_year[to_full] = self.year
        self.tally.promotions_associate += len(to_associate)
        self.tally.promotions_full += len(to_full)
        # New associate professors graduate from their mentors and may mentor themselves.
        self.mentoring.end_for_people(
            to_associate, as_mentor=-1, as_mentee=GRADUATED, record=self.record
        )
        decide_willingness(p, self.keyed, self.design, to_associate, recruiting=False)
        self.services.ask_new_seniors(to_associate, self.record)

    def _take_leaves(self) -> np.ndarray:
        """Who takes a family or medical leave this year; extend their clock where policy does.

        Returns:
            bool (n,): assistant and associate professors on leave this year.
        """
        p, career = self.people, self.design.career
        building = p.active & ((p.stage == ASSISTANT) | (p.stage == ASSOCIATE))
        rate = np.where(p.woman, career.leave_rate_women, career.leave_rate_men)
        on_leave = building & (self.keyed.uniform_where("leave", p.key, self.year, building) < rate)
        p.leaves[on_leave] += 1
        if self.design.program.clock_extension:
            p.clock_extension[on_leave & (p.stage == ASSISTANT)] += 1
        self.tally.leaves += int(on_leave.sum())
        return on_leave

    def fill_leadership(self) -> None:
        """Rotate leaders whose term ended; fill openings internally when ready, else hire."""
        p, inst = self.people, self.design.institution
        kernels.leadership_readiness(
            skills=p.skills,
            alignment=p.alignment,
            traits=p.traits,
            stage=p.stage,
            stage_year=p.stage_year,
            year=self.year,
            active=p.active,
            params=self.params,
            out=p.readiness,
        )
        # Preparation from a leadership program (decaying since it was last topped up).
        career = self.design.career
        seniors = np.flatnonzero(p.active & (p.leadership_prep_year >= 0))
        prep = leadership_prep_now(p, seniors, self.year, career.leadership_prep_half_life_years)
        p.readiness[seniors] = np.minimum(
            1.0, p.readiness[seniors] + career.leadership_program_readiness * prep
        )
        # A sponsor puts their protege forward when posts open.
        sponsored = self.sponsorship.sponsored() & (p.stage >= ASSOCIATE)
        p.readiness[sponsored] = np.minimum(
            1.0, p.readiness[sponsored] + self.design.career.sponsorship_readiness_bonus
        )
        leaders = np.flatnonzero(p.active & (p.stage == LEADER))
        done = leaders[self.year - p.leader_year[leaders] >= inst.leader_term_years]
        p.stage[done] = FULL
        openings = self.positions - (len(leaders) - len(done))
        ready = np.flatnonzero(
            p.active
            & (p.stage == FULL)
            & ~p.ever_leader
            & (p.readiness >= inst.readiness_threshold)
        )
        self.tally.ready_candidates += len(ready)
        if openings <= 0:
            return
        self.tally.openings += openings
        internal = np.empty(0, dtype=np.int64)
        if inst.succession == "internal_first" and len(ready):
            internal = self._appoint_internal(ready, openings)
        p.stage[internal] = LEADER
        p.leader_year[internal] = self.year
        p.ever_leader[internal] = True
        rows = self.hiring.hire_leaders(self.year, openings - len(internal))
        self.services.ask_new_seniors(rows, self.record)
        p.leader_year[rows] = self.year
        p.ever_leader[rows] = True
        self.tally.internal_fills += len(internal)
        self.tally.external_fills += len(rows)

    def _appoint_internal(self, ready: np.ndarray, openings: int) -> np.ndarray:
        """The ready internal candidates appointed to this year's openings.

        Each opening's search weighs the ready internal candidates against the external
        field (``institution.leadership_external_field``, in ready candidates): it goes inside
        with chance W / (W + field), W the candidates' summed weight, and then to a candidate
        with chance proportional to their weight (1, or ``career.leadership_hr_women`` for a
        woman: the hazard ratio of appointment). Every candidate has cleared the readiness bar,
        so the committee's choice among them is a proportional one (a conditional logit with
        equal merit); an opening filled outside is filled by ``fill_leadership``.

        Args:
            ready: int64 rows of the ready internal candidates.
            openings: Openings this year.

        Returns:
            int64 rows appointed (at most one per opening).
        """
        p = self.people
        weight = np.where(p.woman[ready], self.design.career.leadership_hr_women, 1.0)
        field = self.design.institution.leadership_external_field
        slots = np.arange(openings, dtype=np.int64)
        inside = self.keyed.uniform("leader_search", slots, self.year)
        pick = self.keyed.uniform("leader_pick", slots, self.year)
        order = np.argsort(p.key[ready], kind="stable")  # a fixed order for the draws
        ready, weight = ready[order], weight[order]
        left = np.ones(len(ready), dtype=bool)
        chosen: list[int] = []
        for j in range(openings):
            w = np.where(left, weight, 0.0)
            total = float(w.sum())
            if total <= 0.0 or inside[j] >= total / (total + field):
                continue
            k = int(np.searchsorted(np.cumsum(w), pick[j] * total, side="right"))
            k = min(k, len(ready) - 1)
            chosen.append(int(ready[k]))
            left[k] = False
        return np.array(chosen, dtype=np.int64)

    def process_exits(self) -> None:
        """Attrition and retirement; a leaving mentor orphans their mentees."""
        p = self.people
        attrition, retirement = np.empty(p.n), np.empty(p.n)
        hazard_ratio = np.where(
            self.services.recognised_mentors(), self.design.mentors.recognition_attrition_ratio, 1.0
        )
        kernels.exit_probability(
            stage=p.stage,
            faculty_year=p.faculty_year,
            clock_extension=p.clock_extension,
            year=self.year,
            birth_year=p.birth_year,
            woman=p.woman,
            urm=p.urm,
            satisfaction=p.satisfaction,
            burnout=p.burnout,
            path_fit=p.path_fit,
            mentor_satisfaction=p.mentor_satisfaction,
            is_mentor=p.load > 0,
            hazard_ratio=hazard_ratio,
            active=p.active,
            params=self.params,
            out_attrition=attrition,
            out_retirement=retirement,
        )
        # Clinician-educators' hazard of leaving relative to the other tracks (proportional).
        educators = p.track == EDUCATOR
        attrition[educators] = 1.0 - (1.0 - attrition[educators]) ** (
            self.design.career.attrition_ratio_educator
        )
        leaves = self.keyed.uniform_where("exit", p.key, self.year, p.active) < attrition
        retires = ~leaves & (
            self.keyed.uniform_where("retire", p.key, self.year, p.active) < retirement
        )
        leaves &= p.active
        retires &= p.active
        faculty = p.stage != TRAINEE
        # A faculty member who leaves either moves to another academic institution or leaves
        # academic medicine; the institution refills the post either way.
        moves = (
            leaves
            & faculty
            & (
                self.keyed.uniform_where("move", p.key, self.year, leaves)
                < self.design.career.move_share
            )
        )
        leaves &= ~moves
        self.tally.exits_attrition_faculty += int(((leaves | moves) & faculty).sum())
        self.tally.exits_moved_faculty += int(moves.sum())
        self.tally.exits_attrition_trainee += int((leaves & ~faculty).sum())
        self.tally.exits_retirement += int(retires.sum())
        self.hiring.count_departures(self.year, int(((leaves | moves | retires) & faculty).sum()))
        self._leave(np.flatnonzero(leaves), ATTRITION)
        self._leave(np.flatnonzero(moves), MOVED)
        self._leave(np.flatnonzero(retires), RETIREMENT)

    def _leave(self, rows: np.ndarray, reason: int | None) -> None:
        """People leave the institution: their relationships end, their agents go.

        Args:
            rows: People rows leaving.
            reason: Exit code, or None when the roster has already marked them (trainees
                finishing their training).
        """
        if len(rows) == 0:
            return
        if reason is not None:
            self.roster.depart(rows, reason, self.year)
        self.mentoring.end_for_people(
            rows, as_mentor=MENTOR_LEFT, as_mentee=MENTEE_LEFT, record=self.record
        )

    def collect(self) -> None:
        """Compute this year's metrics and record them with the DataCollector."""
        self.mentoring.mark_mentored_early(self.year)
        self._record_cohort_milestones()
        self.metrics = self._yearly_metrics()
        self.institution.spent += self.metrics["program_cost"]
        self.datacollector.collect(self)
        self.totals.add(self.tally)

    def _record_cohort_milestones(self) -> None:
        """Note each new assistant professor's skills in faculty year 6, wellbeing in 3.

        Outcomes compare cohorts at fixed points of their careers rather than whoever is an
        assistant professor now (a design that promotes faster would otherwise look less
        developed).
        """
        p = self.people
        joined = p.active & (p.faculty_stage == ASSISTANT)
        faculty_year = self.year - p.faculty_year + 1
        sixth = np.flatnonzero(joined & (faculty_year == DEVELOPMENT_FACULTY_YEAR))
        composite = np.empty(len(sixth))
        kernels.track_composite(
            skills=p.skills[sixth],
            track=p.track[sixth],
            track_weights=self.track_weights,
            out=composite,
        )
        p.composite_year6[sixth] = composite
        third = joined & (faculty_year == SATISFACTION_FACULTY_YEAR)
        p.satisfaction_year3[third] = p.satisfaction[third]
        p.burnout_year3[third] = p.burnout[third]

    def _yearly_metrics(self) -> dict[str, float]:
        effective_capacity, time_share = self.mentoring.time_shares()
        return yearly_metrics(
            self.people,
            self.relationships,
            self.design,
            self.tally,
            effective_capacity,
            time_share,
            year=self.year,
            program_running=self.program_running,
            mentoring_hours=self.mentoring_hours(),
            faculty_positions=self.hiring.faculty_positions(self.year),
            leadership_positions=self.positions,
        )

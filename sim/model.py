"""MentorshipModel: a Mesa model of mentees, mentors and an institution, one step a year.

The model is composed of two objects that own their tables, a ``Roster`` (the people table and
one Mesa agent per person employed) and a ``Mentoring`` (the relationships table, mentor loads
and matching requests), and of components that act on them: ``Hiring``, ``ProgramServices``,
``Sponsorship``, ``Pairing`` (matching and evaluation of relationships) and ``Careers``
(development, promotion, leadership appointments, exits). Its ``step()`` is the nine-part
yearly cycle of the design, one call of a component each: hire, refresh the mentor pool,
match, develop, evaluate, promote, fill leadership, exits, collect; what one stage hands the
next is a field of the year's ``YearRecord``. The arithmetic over everyone is in the numba
kernels (``sim.kernels``) and matching policies (``sim.matching``); every random draw is keyed
(``sim.rng``), so two designs run on one seed meet the same people and the same chance
events.
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
from sim.careers import Careers
from sim.hiring import Hiring
from sim.mentoring import Mentoring
from sim.outcomes import (
    DEVELOPMENT_FACULTY_YEAR,
    SATISFACTION_FACULTY_YEAR,
    YEARLY,
    run_outcomes,
    yearly_metrics,
)
from sim.pairing import Pairing
from sim.rng import KeyedRandom
from sim.roster import Roster
from sim.scenario import Scenario, default, from_dict, load
from sim.services import ProgramServices
from sim.sponsorship import Sponsorship
from sim.state import (
    ASSISTANT,
    ASSOCIATE,
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
        self.careers = Careers(
            self.roster,
            self.mentoring,
            self.services,
            self.sponsorship,
            self.hiring,
            self.design,
            self.keyed,
            self.params,
            self.positions,
        )
        self.pairing = Pairing(
            self.mentoring, self.services, self.careers, self.design, self.keyed, self.params
        )
        self.pairing.match_initial(self.year, self.record)
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
        self.pairing.match(self.year, self.record)
        self.careers.develop(self.year, self.record)
        self.pairing.evaluate(self.year, self.record)
        self.careers.promote(self.year, self.record)
        self.careers.fill_leadership(self.year, self.record)
        self.careers.exits(self.year, self.record)
        self.collect()
        if self.year >= self.years:
            self.running = False

    def _use_params(self, params: np.ndarray) -> None:
        # Protected time counts only while the program runs, so the parameters follow it.
        self.params = params
        self.roster.params = params
        self.mentoring.params = params
        self.careers.params = params
        self.pairing.params = params

    def hire(self) -> None:
        """Finishing trainees join the faculty or leave; open positions are filled."""
        reserve = self.careers.leadership_reserve(self.year)
        leaving, hired = self.hiring.hire(self.year, self.record, reserve)
        # The roster has marked them (training completed): their relationships end here.
        self.careers.leave(leaving, None, self.year, self.record)
        p = self.people
        self.services.ask_new_seniors(hired[p.stage[hired] >= ASSOCIATE], self.record)

    def refresh_mentor_pool(self) -> None:
        """The program's year: funding, recruiting, training; unhappy mentors step back."""
        services = self.services
        services.fund(self.year, self.record)
        services.recruit_at_start(self.year, self.record)
        services.withdraw_unhappy_mentors(self.year, self.record)
        services.train_mentors(self.year, self.record)
        services.coach_mentors(self.year, self.record)
        services.develop_leaders(self.year, self.record)

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
        p.followup_composite[sixth] = composite
        third = joined & (faculty_year == SATISFACTION_FACULTY_YEAR)
        p.followup_satisfaction[third] = p.satisfaction[third]
        p.followup_burnout[third] = p.burnout[third]

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
            mentoring_hours=self.careers.mentoring_hours(),
            faculty_positions=self.hiring.faculty_positions(self.year),
            leadership_positions=self.positions,
        )

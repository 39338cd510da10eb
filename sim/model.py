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

from collections import Counter
from functools import partial
from pathlib import Path
from typing import Any

import mesa
import numpy as np
import pandas as pd

from sim import kernels, matching, outcomes
from sim.agents import Institution, Person
from sim.mentoring import Mentoring
from sim.population import decide_willingness, refresh_path_fit, split_counts
from sim.rng import KeyedRandom
from sim.roster import Roster
from sim.scenario import Scenario, default, from_dict, load
from sim.state import (
    ASSISTANT,
    ASSOCIATE,
    ATTRITION,
    FAILED_DISSOLVED,
    FAILED_EVALUATED,
    FULL,
    GRADUATED,
    INFORMAL,
    KEY_EXTERNAL_LEADER,
    KEY_YEAR,
    LEADER,
    MENTEE_LEFT,
    MENTOR_LEFT,
    NATURAL_END,
    RECEPTIVENESS,
    RETIREMENT,
    TRACK_WEIGHTS,
    TRAINEE,
    TRAINING_COMPLETED,
    Table,
)
from sim.year import YearRecord


def resolve_scenario(scenario: Scenario | str | Path | dict | None,
                     overrides: dict[str, Any]) -> Scenario:
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
        return int(rng) % 2**64
    return int(generator.integers(0, 2**63, dtype=np.int64))


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
        **overrides: Scenario overrides as ``group__key=value`` (e.g.
            ``program__mentors_per_mentee=3``), which is how ``mesa.batch_run`` and the app's
            sliders vary parameters.
    """

    def __init__(self, *, scenario: Scenario | str | Path | dict | None = None, rng: Any = None,
                 years: int | None = None, **overrides: Any):
        super().__init__(rng=rng)
        self.design = resolve_scenario(scenario, overrides)
        self.years = int(years) if years is not None else self.design.years
        self.seed = seed_from_rng(rng, self.rng)
        self.keyed = KeyedRandom(self.seed)
        self.params = kernels.kernel_params(self.design)
        inst = self.design.institution
        n_departments = max(1, round(inst.initial_size / inst.department_size))
        self.positions = round(inst.leadership_positions * inst.initial_size)
        capacity = int(inst.initial_size * (1.2 + inst.hires_per_year * self.years * 1.5))
        self.year = 0
        self.record = YearRecord(year=0)
        self.totals: Counter = Counter()
        self.institution = Institution(self)
        self.roster = Roster(self, self.design, self.keyed, n_departments, capacity)
        self.mentoring = Mentoring(self.roster.people, self.design, self.keyed, n_departments,
                                   capacity, self.params)
        self.roster.populate(self.positions)
        self.metrics = self._yearly_metrics()
        self.datacollector = mesa.DataCollector(model_reporters={
            name: partial(yearly_metric, name=name) for name in outcomes.YEARLY})
        self.datacollector.collect(self)
        self.running = True

    # ----------------------------------------------------------------- state views
    @property
    def people(self) -> Table:
        """The people table (every person ever hired; ``active`` marks the employed)."""
        return self.roster.people

    @property
    def relationships(self) -> Table:
        """The relationships table (every relationship ever started)."""
        return self.mentoring.relationships

    @property
    def tally(self) -> Counter:
        """This year's event counts."""
        return self.record.tally

    def in_role(self, role: str) -> mesa.agent.AgentSet:
        """The agents in a role: ``"mentee"``, ``"mentor"`` or ``"institution"``."""
        return self.agents.select(lambda agent: agent.role == role)

    def agent_of(self, row: int) -> Person | None:
        """Return the Mesa agent of a people row, or None for people who have left."""
        return self.roster.agent_of(row)

    def run(self) -> None:
        """Step until the configured number of years has run."""
        while self.running:
            self.step()

    def yearly(self) -> pd.DataFrame:
        """Return the yearly metrics as a DataFrame with a ``year`` column (0 = start)."""
        frame = self.datacollector.get_model_vars_dataframe().reset_index(drop=True)
        frame.insert(0, "year", range(len(frame)))
        return frame

    def outcomes(self, yearly: pd.DataFrame | None = None) -> dict[str, float]:
        """Return the run-level outcomes (``sim.outcomes.OUTCOMES``) of the run so far."""
        yearly = self.yearly() if yearly is None else yearly
        return outcomes.run_outcomes(self.people, self.relationships, self.design, yearly,
                                     self.year)

    # ----------------------------------------------------------------- the yearly cycle
    def step(self) -> None:
        """Advance one academic year."""
        self.year += 1
        self.record = YearRecord(year=self.year)
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

    def hire(self) -> None:
        """Hire this year's intake (fixed, or also replacing last year's faculty exits)."""
        inst = self.design.institution
        n = round(inst.hires_per_year * inst.initial_size)
        if inst.hiring == "replace":
            n += self.totals.get("last_year_faculty_exits", 0)
        shares = np.array([inst.hire_share_trainee, inst.hire_share_assistant,
                           inst.hire_share_associate])
        stages = np.repeat(np.array([TRAINEE, ASSISTANT, ASSOCIATE], np.int8),
                           split_counts(n, shares))
        keys = self.year * KEY_YEAR + np.arange(n, dtype=np.int64)
        self.roster.arrive(keys, stages, self.year)
        self.tally["hires"] += n

    def refresh_mentor_pool(self) -> None:
        """Train new mentors where the program does."""
        p, program = self.people, self.design.program
        if program.formal and program.mentor_training:
            new = p.active & p.willing & (p.stage >= ASSOCIATE) & ~p.mentor_trained
            p.mentor_skill[new] = np.minimum(1.0, p.mentor_skill[new]
                                             + self.design.mentors.training_skill_gain)
            p.mentor_trained[new] = True
            self.tally["mentors_trained"] += int(new.sum())

    def match(self) -> None:
        """Match mentees who need mentors, by the program's policy, within the hard cap.

        A formal program assigns mentors by its policy; proactive people still seek informal
        mentors on their own (all of them without a program, the most proactive alongside one).
        """
        program = self.design.program
        if program.formal:
            self._match_formal()
        if program.formal and not program.informal_alongside:
            return
        request = self.mentoring.request(self.year, formal=False)
        if request is not None:
            self.mentoring.start(matching.match_informal(
                request, seek_rate=program.informal_seek_rate, homophily=program.homophily,
                trained=self.people.mentee_trained[request.mentees]), self.record)

    def _match_formal(self) -> None:
        """Assign mentors by the program's policy to juniors short of their quota."""
        request = self.mentoring.request(self.year, formal=True)
        if request is None:
            return
        if self.design.program.mentee_training:
            p = self.people
            new = request.mentees[~p.mentee_trained[request.mentees]]
            p.mentee_trained[new] = True
            self.tally["mentees_trained"] += len(new)
        self.mentoring.start(matching.POLICIES[self.design.program.policy](request),
                             self.record)

    def develop(self) -> None:
        """Advance relationships and people one year: the numba core."""
        p, r, k, m = self.people, self.relationships, self.params, self.mentoring
        n = p.n
        effective_capacity, time_share = m.time_shares()
        receptiveness = np.minimum(1.0, p.traits[:, RECEPTIVENESS] + 0.1 * p.mentee_trained)
        rel_noise = self.keyed.normal_where("quality", m.pair_keys(), self.year, r.active)
        kernels.update_relationship_quality(r.mentor, r.mentee, r.active, r.started,
                                            r.compatibility, p.mentor_skill, receptiveness,
                                            time_share, rel_noise, k, r.quality, r.ever_failing)
        support, career = np.empty(n), np.empty((n, p.skills.shape[1]))
        sponsorship, assessment, pull = np.empty(n), np.empty(n), np.empty(n)
        failing = np.empty(n, dtype=np.int32)
        kernels.aggregate_mentoring(r.mentor, r.mentee, r.active, r.quality, time_share, p.skills,
                                    p.stage, p.alignment, k, support, career, sponsorship,
                                    failing, assessment, pull)
        kernels.develop_skills(p.skills, p.talent, p.traits, p.track, TRACK_WEIGHTS, career,
                               p.active, k)
        extra_stress = np.empty(n)
        kernels.mentor_wellbeing(p.load, effective_capacity, m.mean_quality_by_mentor(),
                                 p.load > 0, k, p.mentor_satisfaction, extra_stress)
        noise = self.keyed.normal_where("wellbeing", p.key, self.year, p.active)
        satisfaction, burnout = np.empty(n), np.empty(n)
        kernels.psychosocial(p.satisfaction, p.burnout, p.traits, support, failing, p.path_fit,
                             p.alignment, self._coached(), extra_stress, noise, p.active, k,
                             satisfaction, burnout)
        p.satisfaction[:] = satisfaction
        p.burnout[:] = burnout
        alignment = np.empty(n)
        kernels.align_values(p.alignment, pull, p.burnout, p.active, k, alignment)
        p.alignment[:] = alignment
        self.record.support = support
        self.record.sponsorship = sponsorship
        self.record.assessment = assessment

    def _coached(self) -> np.ndarray:
        """Who is coached this year: every junior where the program coaches."""
        p, program = self.people, self.design.program
        if not (program.formal and program.coaching):
            return np.zeros(p.n, dtype=bool)
        coached = p.active & (p.stage <= ASSISTANT)
        self.tally["coached"] += int(coached.sum())
        return coached

    def evaluate(self) -> None:
        """End failing and finished relationships; reassess mentees' paths; rematch."""
        r, program, m = self.relationships, self.design.program, self.mentoring
        failing = r.active & (r.quality < program.failure_threshold)
        evaluated = program.formal and program.evaluate_relationships
        if evaluated:
            m.end_where(failing, FAILED_EVALUATED, self.record)
        else:
            # Unevaluated failing relationships linger; informal ones drift apart in time.
            drift = self.keyed.uniform_where("drift_apart", m.pair_keys(), self.year,
                                             r.active) < 0.35
            m.end_where(failing & (r.kind == INFORMAL) & drift, FAILED_DISSOLVED, self.record)
        finished = r.active & (self.year - r.start_year >= program.max_relationship_years)
        m.end_where(finished, NATURAL_END, self.record)
        self._reassess_paths()
        if evaluated:
            self._match_formal()

    def _reassess_paths(self) -> None:
        """Realistic assessment: a mentee on a poorly fitting track moves to their strengths.

        The chance of a realistic assessment grows with the number and quality of mentors
        (several mentors see more than one), as the seed essay argues.
        """
        p, assessment = self.people, self.record.assessment
        juniors = np.flatnonzero(p.active & (p.stage <= ASSISTANT) & (assessment > 0)
                                 & (p.path_fit < 0.75))
        if len(juniors) == 0:
            return
        draw = self.keyed.uniform("reassess", p.key[juniors], self.year)
        moving = juniors[draw < assessment[juniors]]
        best = refresh_path_fit(p, moving)
        changed = moving[best != p.track[moving]]
        p.track[changed] = best[best != p.track[moving]]
        refresh_path_fit(p, changed)
        # A hard conversation costs some satisfaction now, for a better fit later.
        p.satisfaction[changed] = np.maximum(0.0, p.satisfaction[changed] - 0.05)
        p.track_changes[changed] += 1
        self.tally["track_changes"] += len(changed)

    def promote(self) -> None:
        """Promote by a hazard per stage; new associates stop being mentees; end training."""
        p = self.people
        composite = np.empty(p.n)
        kernels.track_composite(p.skills, p.track, TRACK_WEIGHTS, composite)
        chance = np.empty(p.n)
        kernels.promotion_probability(p.stage, p.stage_year, self.year, composite,
                                      self.record.sponsorship, p.woman, p.urm, p.active,
                                      self.params, chance)
        draw = self.keyed.uniform_where("promote", p.key, self.year, p.active)
        promoted = np.flatnonzero((draw < chance) & p.active)
        to_associate = promoted[p.stage[promoted] == ASSISTANT]
        to_full = promoted[p.stage[promoted] == ASSOCIATE]
        p.stage[promoted] += 1
        p.stage_year[promoted] = self.year
        p.associate_year[to_associate] = self.year
        self.tally["promotions_associate"] += len(to_associate)
        self.tally["promotions_full"] += len(to_full)
        # New associate professors graduate from their mentors and may mentor themselves.
        self.mentoring.end_for_people(to_associate, as_mentor=-1, as_mentee=GRADUATED,
                                      record=self.record)
        decide_willingness(p, self.keyed, self.design, to_associate)
        self._finish_training(composite)

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
        self._leave(leave, TRAINING_COMPLETED)

    def fill_leadership(self) -> None:
        """Rotate leaders whose term ended; fill openings internally when ready, else hire."""
        p, inst = self.people, self.design.institution
        kernels.leadership_readiness(p.skills, p.alignment, p.traits, p.stage, p.stage_year,
                                     self.year, p.active, p.readiness)
        leaders = np.flatnonzero(p.active & (p.stage == LEADER))
        done = leaders[self.year - p.leader_year[leaders] >= inst.leader_term_years]
        p.stage[done] = FULL
        openings = self.positions - (len(leaders) - len(done))
        ready = np.flatnonzero(p.active & (p.stage == FULL) & ~p.ever_leader
                               & (p.readiness >= inst.readiness_threshold))
        self.tally["ready_candidates"] += len(ready)
        if openings <= 0:
            return
        self.tally["openings"] += openings
        internal = np.empty(0, dtype=np.int64)
        if inst.succession == "internal_first" and len(ready):
            order = np.lexsort((p.key[ready], -p.readiness[ready]))
            internal = ready[order[:openings]]
        p.stage[internal] = LEADER
        p.leader_year[internal] = self.year
        p.ever_leader[internal] = True
        n_external = openings - len(internal)
        keys = KEY_EXTERNAL_LEADER + self.year * KEY_YEAR + np.arange(n_external, dtype=np.int64)
        rows = self.roster.arrive(keys, np.full(n_external, LEADER, np.int8), self.year)
        p.leader_year[rows] = self.year
        p.ever_leader[rows] = True
        self.tally["internal_fills"] += len(internal)
        self.tally["external_fills"] += n_external

    def process_exits(self) -> None:
        """Attrition and retirement; a leaving mentor orphans their mentees."""
        p = self.people
        attrition, retirement = np.empty(p.n), np.empty(p.n)
        # People hired since develop() (external leaders) have had no support yet this year.
        support = np.zeros(p.n)
        support[: len(self.record.support)] = self.record.support
        kernels.exit_probability(p.stage, p.faculty_year, self.year, p.birth_year, p.woman, p.urm,
                                 p.satisfaction, p.burnout, p.path_fit, support, p.active,
                                 self.params, attrition, retirement)
        leaves = self.keyed.uniform_where("exit", p.key, self.year, p.active) < attrition
        retires = ~leaves & (self.keyed.uniform_where("retire", p.key, self.year, p.active)
                             < retirement)
        leaves &= p.active
        retires &= p.active
        faculty = p.stage != TRAINEE
        self.tally["exits_attrition_faculty"] += int((leaves & faculty).sum())
        self.tally["exits_attrition_trainee"] += int((leaves & ~faculty).sum())
        self.tally["exits_retirement"] += int(retires.sum())
        self.totals["last_year_faculty_exits"] = int(((leaves | retires) & faculty).sum())
        self._leave(np.flatnonzero(leaves), ATTRITION)
        self._leave(np.flatnonzero(retires), RETIREMENT)

    def _leave(self, rows: np.ndarray, reason: int) -> None:
        """People leave the institution: their relationships end, their agents go."""
        if len(rows) == 0:
            return
        self.roster.depart(rows, reason, self.year)
        self.mentoring.end_for_people(rows, as_mentor=MENTOR_LEFT, as_mentee=MENTEE_LEFT,
                                      record=self.record)

    def collect(self) -> None:
        """Compute this year's metrics and record them with the DataCollector."""
        self.mentoring.mark_mentored_early(self.year)
        self.metrics = self._yearly_metrics()
        self.institution.spent += self.metrics["program_cost"]
        self.datacollector.collect(self)
        self.totals.update(self.tally)

    def _yearly_metrics(self) -> dict[str, float]:
        effective_capacity, _ = self.mentoring.time_shares()
        return outcomes.yearly_metrics(self.people, self.relationships, self.design, self.tally,
                                       effective_capacity, self.positions)

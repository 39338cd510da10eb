"""MentorshipModel: a Mesa model of mentees, mentors and an institution, one step a year.

The model owns the structure-of-arrays state (``sim.state``); its ``step()`` is the nine-part
yearly cycle of the design: hire, refresh the mentor pool, match, develop, evaluate, promote,
fill leadership, exits, collect. Agents are views onto state rows (``sim.agents``); the
arithmetic over everyone is in the numba kernels (``sim.kernels``); every random draw is keyed
(``sim.rng``), so two designs run on one seed meet the same people and the same chance events.
"""

from __future__ import annotations

from collections import Counter
from functools import partial
from pathlib import Path
from typing import Any

import mesa
import numpy as np

from sim import kernels, matching, outcomes
from sim.agents import Institution
from sim.mentoring import MentoringMixin
from sim.population import add_people
from sim.rng import KeyedRandom
from sim.roster import RosterMixin, split_counts
from sim.scenario import Scenario, default, from_dict, load
from sim.state import (
    ASSISTANT,
    ASSOCIATE,
    ATTRITION,
    FAILED_DISSOLVED,
    FAILED_EVALUATED,
    FULL,
    INFORMAL,
    KEY_EXTERNAL_LEADER,
    KEY_YEAR,
    LEADER,
    NATURAL_END,
    RECEPTIVENESS,
    RETIREMENT,
    TRACK_WEIGHTS,
    TRAINEE,
    new_people,
    new_relationships,
)


def kernel_params(s: Scenario) -> kernels.KernelParams:
    """Collect the scalar parameters the kernels read from a scenario."""
    c, p = s.career, s.program
    return kernels.KernelParams(
        deep_similarity_weight=p.deep_similarity_weight,
        career_function_rate=c.career_function_rate,
        psychosocial_rate=c.psychosocial_rate,
        self_growth_rate=c.self_growth_rate,
        coaching_burnout_cut=c.coaching_burnout_cut,
        baseline_stress=c.baseline_stress,
        meaningful_work_effect=c.meaningful_work_effect,
        failure_threshold=p.failure_threshold,
        values_clarity=s.institution.values_clarity,
        overload_burnout=s.mentors.overload_burnout,
        reassessment_rate=c.reassessment_rate,
        min_years_assistant=float(c.min_years_assistant),
        promotion_rate_assistant=c.promotion_rate_assistant,
        min_years_associate=float(c.min_years_associate),
        promotion_rate_associate=c.promotion_rate_associate,
        promotion_bar_assistant=c.promotion_bar_assistant,
        promotion_bar_associate=c.promotion_bar_associate,
        promotion_bar_width=c.promotion_bar_width,
        sponsorship_effect=c.sponsorship_effect,
        promotion_hr_women=c.promotion_hr_women,
        promotion_hr_urm=c.promotion_hr_urm,
        attrition_rate=c.attrition_rate,
        early_attrition_ratio=c.early_attrition_ratio,
        senior_attrition_ratio=c.senior_attrition_ratio,
        attrition_ratio_women=c.attrition_ratio_women,
        attrition_ratio_urm=c.attrition_ratio_urm,
        satisfaction_effect=c.satisfaction_effect,
        burnout_effect=c.burnout_effect,
        path_fit_effect=c.path_fit_effect,
        retirement_age=c.retirement_age,
        protected_hours_per_week=p.protected_hours_per_week if p.formal else 0.0,
    )


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


class MentorshipModel(RosterMixin, MentoringMixin, mesa.Model):
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
        self.params = kernel_params(self.design)
        inst = self.design.institution
        self.n_departments = max(1, round(inst.initial_size / inst.department_size))
        self.positions = round(inst.leadership_positions * inst.initial_size)
        capacity = int(inst.initial_size * (1.2 + inst.hires_per_year * self.years * 1.5))
        self.people = new_people(capacity)
        self.relationships = new_relationships(capacity)
        self.year = 0
        self.tally: Counter = Counter()
        self.totals: Counter = Counter()
        self.metrics: dict[str, float] = {}
        self._agent_of_row: dict[int, mesa.Agent] = {}
        self.institution = Institution(self)
        self._populate()
        self.datacollector = mesa.DataCollector(model_reporters={
            name: partial(outcomes.yearly_metric, name=name) for name in outcomes.YEARLY})
        self.datacollector.collect(self)
        self.running = True

    def run(self) -> None:
        """Step until the configured number of years has run."""
        while self.running:
            self.step()

    def yearly(self):
        """Return the yearly metrics as a DataFrame with a ``year`` column (0 = start)."""
        frame = self.datacollector.get_model_vars_dataframe().reset_index(drop=True)
        frame.insert(0, "year", range(len(frame)))
        return frame

    # ----------------------------------------------------------------- the yearly cycle
    def step(self) -> None:
        """Advance one academic year."""
        self.year += 1
        self.tally = Counter()
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
        counts = split_counts(n, shares)
        stages = np.repeat(np.array([TRAINEE, ASSISTANT, ASSOCIATE], np.int8), counts)
        keys = self.year * KEY_YEAR + np.arange(n, dtype=np.int64)
        rows = add_people(self.people, self.keyed, self.design, keys, stages, self.year,
                          self.n_departments, initial=False)
        self._add_agents(rows)
        self.tally["hires"] += n

    def refresh_mentor_pool(self) -> None:
        """Train new mentors where the program does, and count each mentor's current load."""
        p = self.people
        program = self.design.program
        if program.formal and program.mentor_training:
            new = p.active & p.willing & (p.stage >= ASSOCIATE) & ~p.mentor_trained
            p.mentor_skill[new] = np.minimum(1.0, p.mentor_skill[new]
                                             + self.design.mentors.training_skill_gain)
            p.mentor_trained[new] = True
            self.tally["mentors_trained"] += int(new.sum())
        self._count_load()

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
        mentees, needed = self._mentees_needing(informal=True)
        if len(mentees):
            request = self._match_request(mentees, needed, *self._mentors_with_room(False))
            self._start_relationships(matching.match_informal(
                request, seek_rate=program.informal_seek_rate, homophily=program.homophily,
                trained=self.people.mentee_trained[mentees]))

    def develop(self) -> None:
        """Advance relationships and people one year: the numba core."""
        p, r, k = self.people, self.relationships, self.params
        n = p.n
        effective_capacity, time_share = self.mentor_capacity()
        receptiveness = np.minimum(1.0, p.traits[:, RECEPTIVENESS] + 0.1 * p.mentee_trained)
        rel_noise = self._normals("quality", self._pair_keys(), r.active)
        kernels.update_relationship_quality(r.mentor, r.mentee, r.active, r.started,
                                            r.compatibility, p.mentor_skill, receptiveness,
                                            time_share, rel_noise, k.failure_threshold, r.quality,
                                            r.ever_failing)
        support, career = np.empty(n), np.empty((n, p.skills.shape[1]))
        sponsor, assess, pull = np.empty(n), np.empty(n), np.empty(n)
        failing = np.empty(n, dtype=np.int32)
        kernels.aggregate_mentoring(r.mentor, r.mentee, r.active, r.quality, time_share, p.skills,
                                    p.stage, p.alignment, k.failure_threshold,
                                    k.reassessment_rate, support, career, sponsor, failing,
                                    assess, pull)
        kernels.develop_skills(p.skills, p.talent, p.traits, p.track, TRACK_WEIGHTS, career,
                               p.active, k.self_growth_rate, k.career_function_rate)
        mean_quality = self._mean_quality_by_mentor(n)
        extra_stress = np.empty(n)
        kernels.mentor_wellbeing(p.load, effective_capacity, mean_quality, p.load > 0,
                                 self.design.mentors.overload_burnout,
                                 k.protected_hours_per_week, p.mentor_satisfaction, extra_stress)
        coached = self._coached()
        noise = self._normals("wellbeing", p.key, p.active)
        satisfaction, burnout = np.empty(n), np.empty(n)
        kernels.psychosocial(p.satisfaction, p.burnout, p.traits, support, failing, p.path_fit,
                             p.alignment, coached, extra_stress, noise, p.active, k,
                             satisfaction, burnout)
        p.satisfaction[:] = satisfaction
        p.burnout[:] = burnout
        alignment = np.empty(n)
        kernels.align_values(p.alignment, pull, p.burnout, p.active, k.values_clarity, alignment)
        p.alignment[:] = alignment
        self._support, self._sponsor, self._assess = support, sponsor, assess

    def evaluate(self) -> None:
        """End failing and finished relationships; reassess mentees' paths; rematch."""
        r, program = self.relationships, self.design.program
        active = r.active
        failing = active & (r.quality < program.failure_threshold)
        if program.formal and program.evaluate_relationships:
            self._end_relationships(np.flatnonzero(failing), FAILED_EVALUATED)
        else:
            # Unevaluated failing relationships linger; informal ones drift apart in time.
            drift = self._uniforms("drift_apart", self._pair_keys(), r.active) < 0.35
            self._end_relationships(np.flatnonzero(failing & (r.kind == INFORMAL) & drift),
                                    FAILED_DISSOLVED)
        finished = r.active & (self.year - r.start_year >= program.max_relationship_years)
        self._end_relationships(np.flatnonzero(finished), NATURAL_END)
        self._reassess_paths()
        if program.formal and program.evaluate_relationships:
            self._count_load()
            self._match_formal()

    def promote(self) -> None:
        """Promote by a hazard per stage; finish training; move new associates to Mentors."""
        p = self.people
        composite = np.empty(p.n)
        kernels.track_composite(p.skills, p.track, TRACK_WEIGHTS, composite)
        chance = np.empty(p.n)
        kernels.promotion_probability(p.stage, p.stage_year, self.year, composite, self._sponsor,
                                      p.woman, p.urm, p.active, self.params, chance)
        draw = self._uniforms("promote", p.key, p.active)
        promoted = np.flatnonzero((draw < chance) & p.active)
        to_associate = promoted[p.stage[promoted] == ASSISTANT]
        to_full = promoted[p.stage[promoted] == ASSOCIATE]
        p.stage[promoted] += 1
        p.stage_year[promoted] = self.year
        p.associate_year[to_associate] = self.year
        self.tally["promotions_associate"] += len(to_associate)
        self.tally["promotions_full"] += len(to_full)
        self._become_senior(to_associate)
        self._finish_training(composite)

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
        rows = add_people(p, self.keyed, self.design, keys,
                          np.full(n_external, LEADER, np.int8), self.year, self.n_departments,
                          initial=False)
        p.leader_year[rows] = self.year
        p.ever_leader[rows] = True
        p.external_leader[rows] = True
        self._add_agents(rows)
        self.tally["internal_fills"] += len(internal)
        self.tally["external_fills"] += n_external

    def process_exits(self) -> None:
        """Attrition and retirement; a leaving mentor orphans their mentees."""
        p = self.people
        attrition, retirement = np.empty(p.n), np.empty(p.n)
        # People hired since develop() (external leaders) have had no support yet this year.
        support = np.zeros(p.n)
        support[: len(self._support)] = self._support
        kernels.exit_probability(p.stage, p.faculty_year, self.year, p.birth_year, p.woman, p.urm,
                                 p.satisfaction, p.burnout, p.path_fit, support, p.active,
                                 self.params, attrition, retirement)
        leaves = self._uniforms("exit", p.key, p.active) < attrition
        retires = ~leaves & (self._uniforms("retire", p.key, p.active) < retirement)
        faculty = p.stage != TRAINEE
        self.tally["exits_attrition_faculty"] += int((leaves & faculty & p.active).sum())
        self.tally["exits_attrition_trainee"] += int((leaves & ~faculty & p.active).sum())
        self.tally["exits_retirement"] += int((retires & p.active).sum())
        self.totals["last_year_faculty_exits"] = int(((leaves | retires) & faculty & p.active)
                                                     .sum())
        self._remove_people(np.flatnonzero(leaves & p.active), ATTRITION)
        self._remove_people(np.flatnonzero(retires & p.active), RETIREMENT)

    def collect(self) -> None:
        """Compute this year's metrics and record them with the DataCollector."""
        self._count_load()
        self._mark_mentored_early()
        self.metrics = outcomes.yearly_metrics(self)
        self.institution.spent += self.metrics["program_cost"]
        self.datacollector.collect(self)
        self.totals.update({key: value for key, value in self.tally.items()})


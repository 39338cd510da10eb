"""Careers: how people develop, are promoted, are appointed to lead, and leave.

``Careers`` holds the career stages of the yearly cycle that act on people rather than on
relationships or the program: development (relationship quality, what mentees receive, skills,
wellbeing and values alignment: the numba core), the move of juniors on a poorly fitting
track to a better one after a realistic assessment, promotion (academic output, leaves and the
promotion hazard), leadership appointments (readiness, terms, internal and external fills) and
exits (attrition, moves and retirement). The arithmetic over everyone is in the kernels
(``sim.kernels``); every draw is keyed (``sim.rng``) by its purpose, the person's key and the
year, so two designs run on one seed meet the same chance events.
"""

from __future__ import annotations

import numpy as np

from sim import kernels
from sim.hiring import Hiring
from sim.mentoring import Mentoring
from sim.population import decide_willingness, refresh_path_fit, refresh_readiness
from sim.rng import KeyedRandom
from sim.roster import Roster, search_inside
from sim.scenario import Scenario
from sim.services import ProgramServices, leadership_prep_now
from sim.sponsorship import Sponsorship
from sim.state import (
    ASSISTANT,
    ASSOCIATE,
    ATTRITION,
    EDUCATOR,
    FULL,
    GRADUATED,
    LEADER,
    MENTEE_LEFT,
    MENTOR_LEFT,
    MOVED,
    RECEPTIVENESS,
    RETIREMENT,
    TRAINEE,
    People,
    Relationships,
)
from sim.year import YearRecord


class Careers:
    """People's careers: development, promotion, leadership appointments and exits.

    Args:
        roster: The people (its table, and departures).
        mentoring: The relationships, mentor loads and time shares.
        services: The formal program's services (whom it serves, coaching, peer groups,
            recognised mentors, new seniors asked to mentor).
        sponsorship: Who sponsors whom.
        hiring: The institution's hiring (external leaders, departures to refill).
        design: The scenario.
        keyed: The run's keyed random numbers.
        params: The kernels' parameters, packed (``KernelParams.packed``); the model replaces
            them when the formal program starts or stops running.
        positions: Leadership positions.
    """

    def __init__(
        self,
        roster: Roster,
        mentoring: Mentoring,
        services: ProgramServices,
        sponsorship: Sponsorship,
        hiring: Hiring,
        design: Scenario,
        keyed: KeyedRandom,
        params: np.ndarray,
        positions: int,
    ):
        self.roster = roster
        self.mentoring = mentoring
        self.services = services
        self.sponsorship = sponsorship
        self.hiring = hiring
        self.design = design
        self.keyed = keyed
        self.params = params
        self.positions = positions
        # What counts toward each track's composite skill (tracks x domains).
        self.track_weights = design.population.track_weights

    @property
    def people(self) -> People:
        """The people table."""
        return self.roster.people

    @property
    def relationships(self) -> Relationships:
        """The relationships table."""
        return self.mentoring.relationships

    def leadership_reserve(self, year: int) -> int:
        """Faculty positions held back for this year's leadership openings.

        An opening may be filled by an external hire, who takes a faculty position; holding
        one back for each opening keeps the faculty within its positions.
        """
        p = self.people
        leaders = np.flatnonzero(p.active & (p.stage == LEADER))
        ending = int(
            (year - p.leader_year[leaders] >= self.design.institution.leader_term_years).sum()
        )
        return max(0, self.positions - len(leaders)) + ending

    def develop(self, year: int, record: YearRecord) -> None:
        """Advance relationships and people one year: the numba core.

        Args:
            year: The current year.
            record: The year's record: its tally counts the events, and this fills its
                ``support``, ``career_support`` and ``assessment``.
        """
        p, r, k, m = self.people, self.relationships, self.params, self.mentoring
        n = p.n
        effective_capacity, time_share = m.time_shares()
        live = m.active_rows()
        rel_noise = self.keyed.normal("quality", m.pair_keys(live), year)[:, 0]
        kernels.update_relationship_quality(
            rows=live,
            rel_mentor=r.mentor,
            rel_mentee=r.mentee,
            rel_kind=r.kind,
            rel_started=r.started,
            compat=r.compatibility,
            mentor_skill=p.mentor_skill,
            receptiveness=self.receptiveness(),
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
        served = self.services.served(year)
        self._add_peer_support(year, served, support, assessment, record)
        self.sponsorship.update(
            year,
            served if self.design.program.sponsorship else np.zeros(n, dtype=bool),
            record,
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
        self.services.coach(year, served, record)
        noise = self.keyed.normal_where("wellbeing", p.key, year, p.active)
        satisfaction, burnout = np.empty(n), np.empty(n)
        kernels.psychosocial(
            satisfaction=p.satisfaction,
            burnout=p.burnout,
            traits=p.traits,
            support=support,
            failing=failing,
            path_fit=p.path_fit,
            alignment=p.alignment,
            coaching_relief=self._coaching_relief(year),
            coaching_relief_before=self._coaching_relief(year - 1),
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
        record.support = support
        record.career_support = career_support
        record.assessment = assessment

    def receptiveness(self) -> np.ndarray:
        """Receptiveness to critique, raised by mentee training."""
        p = self.people
        gain = self.design.relationships.trained_receptiveness_gain
        return np.minimum(1.0, p.traits[:, RECEPTIVENESS] + gain * p.mentee_trained)

    def _add_peer_support(
        self,
        year: int,
        served: np.ndarray,
        support: np.ndarray,
        assessment: np.ndarray,
        record: YearRecord,
    ) -> None:
        """Facilitated peer groups add support and some realistic assessment, no career push.

        Combined with what mentors give as independent chances, like a further relationship.
        """
        members = self.services.peer_groups(year, served, record)
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
        if self.services.running:
            protected[self.services.program_mentors()] = (
                self.design.program.protected_hours_per_week
            )
        return self.mentoring.unprotected_hours(protected)

    def reassess_paths(self, year: int, record: YearRecord) -> None:
        """Realistic assessment: a mentee on a poorly fitting track moves to their strengths.

        The chance of a realistic assessment grows with the number and quality of mentors
        (several mentors see more than one), as the seed essay argues.

        Args:
            year: The current year.
            record: The year's record: its ``assessment`` (from development) gives each
                junior's chance, and its tally counts the track changes.
        """
        p, assessment, w = self.people, record.assessment, self.design.wellbeing
        juniors = np.flatnonzero(
            p.active
            & (p.stage <= ASSISTANT)
            & (assessment > 0)
            & (p.path_fit < w.reassessment_fit_threshold)
        )
        if len(juniors) == 0:
            return
        draw = self.keyed.uniform("reassess", p.key[juniors], year)
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
        record.tally.track_changes += len(changed)

    def promote(self, year: int, record: YearRecord) -> None:
        """Add the year's academic output; promote by a hazard on the portfolio.

        New associate professors graduate from their mentors and get a willingness decision.

        Args:
            year: The current year.
            record: The year's record: its tally counts the events, and promotion reads
                its ``career_support``.
        """
        p = self.people
        on_leave = self._take_leaves(year, record)
        composite = np.empty(p.n)
        kernels.track_composite(
            skills=p.skills, track=p.track, track_weights=self.track_weights, out=composite
        )
        output = np.empty(p.n)
        kernels.add_academic_output(
            portfolio=p.portfolio,
            composite=composite,
            productivity=p.productivity,
            career_support=record.career_support,
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
        weighted = np.where(
            (p.track == EDUCATOR) & (p.stage == ASSISTANT),
            p.portfolio * self.design.career.educator_record_weight,
            p.portfolio,
        )
        kernels.promotion_probability(
            stage=p.stage,
            stage_year=p.stage_year,
            year=year,
            portfolio=weighted,
            woman=p.woman,
            urm=p.urm,
            sponsored=self.sponsorship.sponsored(),
            active=p.active,
            params=self.params,
            out=chance,
        )
        draw = self.keyed.uniform_where("promote", p.key, year, p.active)
        promoted = np.flatnonzero((draw < chance) & p.active)
        to_associate = promoted[p.stage[promoted] == ASSISTANT]
        to_full = promoted[p.stage[promoted] == ASSOCIATE]
        p.stage[promoted] += 1
        p.stage_year[promoted] = year
        p.portfolio[promoted] = 0.0
        p.associate_year[to_associate] = year
        p.full_year[to_full] = year
        record.tally.promotions_associate += len(to_associate)
        record.tally.promotions_full += len(to_full)
        # New associate professors graduate from their mentors and may mentor themselves.
        self.mentoring.end_for_people(
            to_associate, as_mentor=-1, as_mentee=GRADUATED, record=record
        )
        decide_willingness(p, self.keyed, self.design, to_associate, recruiting=False)
        self.services.ask_new_seniors(to_associate, record)

    def _take_leaves(self, year: int, record: YearRecord) -> np.ndarray:
        """Who takes a family or medical leave this year; extend their clock where policy does.

        Returns:
            bool (n,): assistant and associate professors on leave this year.
        """
        p, career = self.people, self.design.career
        building = p.active & ((p.stage == ASSISTANT) | (p.stage == ASSOCIATE))
        rate = np.where(p.woman, career.leave_rate_women, career.leave_rate_men)
        on_leave = building & (self.keyed.uniform_where("leave", p.key, year, building) < rate)
        p.leaves[on_leave] += 1
        if self.design.program.clock_extension:
            p.clock_extension[on_leave & (p.stage == ASSISTANT)] += 1
        record.tally.leaves += int(on_leave.sum())
        return on_leave

    def fill_leadership(self, year: int, record: YearRecord) -> None:
        """Rotate leaders whose term ended; fill openings internally when ready, else hire.

        Args:
            year: The current year.
            record: The year's record (its tally counts the events).
        """
        p, inst = self.people, self.design.institution
        refresh_readiness(p, year, self.params)
        # Preparation from a leadership program (decaying since it was last topped up).
        career = self.design.career
        seniors = np.flatnonzero(p.active & (p.leadership_prep_year >= 0))
        prep = leadership_prep_now(p, seniors, year, career.leadership_prep_half_life_years)
        p.readiness[seniors] = np.minimum(
            1.0, p.readiness[seniors] + career.leadership_program_readiness * prep
        )
        # A sponsor puts their protege forward when posts open.
        sponsored = self.sponsorship.sponsored() & (p.stage >= ASSOCIATE)
        p.readiness[sponsored] = np.minimum(
            1.0, p.readiness[sponsored] + self.design.career.sponsorship_readiness_bonus
        )
        leaders = np.flatnonzero(p.active & (p.stage == LEADER))
        done = leaders[year - p.leader_year[leaders] >= inst.leader_term_years]
        p.stage[done] = FULL
        openings = self.positions - (len(leaders) - len(done))
        ready = np.flatnonzero(
            p.active
            & (p.stage == FULL)
            & ~p.ever_leader
            & (p.readiness >= inst.readiness_threshold)
        )
        record.tally.ready_candidates += len(ready)
        if openings <= 0:
            return
        record.tally.openings += openings
        internal = np.empty(0, dtype=np.int64)
        if inst.succession == "internal_first" and len(ready):
            internal = self._appoint_internal(ready, openings, year)
        p.stage[internal] = LEADER
        p.leader_year[internal] = year
        p.ever_leader[internal] = True
        rows = self.hiring.hire_leaders(year, openings - len(internal))
        self.services.ask_new_seniors(rows, record)
        p.leader_year[rows] = year
        p.ever_leader[rows] = True
        record.tally.internal_fills += len(internal)
        record.tally.external_fills += len(rows)

    def _appoint_internal(self, ready: np.ndarray, openings: int, year: int) -> np.ndarray:
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
            year: The current year (the searches' draws are keyed by it).

        Returns:
            int64 rows appointed (at most one per opening).
        """
        p = self.people
        weight = np.where(p.woman[ready], self.design.career.leadership_hr_women, 1.0)
        field = self.design.institution.leadership_external_field
        slots = np.arange(openings, dtype=np.int64)
        inside = self.keyed.uniform("leader_search", slots, year)
        pick = self.keyed.uniform("leader_pick", slots, year)
        order = np.argsort(p.key[ready], kind="stable")  # a fixed order for the draws
        ready, weight = ready[order], weight[order]
        left = np.ones(len(ready), dtype=bool)
        chosen: list[int] = []
        for j in range(openings):
            k = search_inside(weight, left, float(inside[j]), float(pick[j]), field)
            if k < 0:
                continue
            chosen.append(int(ready[k]))
            left[k] = False
        return np.array(chosen, dtype=np.int64)

    def exits(self, year: int, record: YearRecord) -> None:
        """Attrition and retirement; a leaving mentor orphans their mentees.

        The year's faculty departures are noted with hiring, which refills their positions.

        Args:
            year: The current year.
            record: The year's record (its tally counts the events).
        """
        p = self.people
        attrition, retirement = np.empty(p.n), np.empty(p.n)
        hazard_ratio = np.where(
            self.services.recognised_mentors(), self.design.mentors.recognition_attrition_ratio, 1.0
        )
        kernels.exit_probability(
            stage=p.stage,
            faculty_year=p.faculty_year,
            clock_extension=p.clock_extension,
            year=year,
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
        leaves = self.keyed.uniform_where("exit", p.key, year, p.active) < attrition
        retires = ~leaves & (self.keyed.uniform_where("retire", p.key, year, p.active) < retirement)
        leaves &= p.active
        retires &= p.active
        faculty = p.stage != TRAINEE
        # A faculty member who leaves either moves to another academic institution or leaves
        # academic medicine; the institution refills the post either way.
        moves = (
            leaves
            & faculty
            & (
                self.keyed.uniform_where("move", p.key, year, leaves)
                < self.design.career.move_share
            )
        )
        leaves &= ~moves
        record.tally.exits_attrition_faculty += int(((leaves | moves) & faculty).sum())
        record.tally.exits_moved_faculty += int(moves.sum())
        record.tally.exits_attrition_trainee += int((leaves & ~faculty).sum())
        record.tally.exits_retirement += int(retires.sum())
        self.hiring.count_departures(year, int(((leaves | moves | retires) & faculty).sum()))
        self.leave(np.flatnonzero(leaves), ATTRITION, year, record)
        self.leave(np.flatnonzero(moves), MOVED, year, record)
        self.leave(np.flatnonzero(retires), RETIREMENT, year, record)

    def leave(self, rows: np.ndarray, reason: int | None, year: int, record: YearRecord) -> None:
        """People leave the institution: their relationships end, their agents go.

        Args:
            rows: People rows leaving.
            reason: Exit code, or None when the roster has already marked them (trainees
                finishing their training).
            year: The current year.
            record: The year's record (its tally counts the relationships ended).
        """
        if len(rows) == 0:
            return
        if reason is not None:
            self.roster.depart(rows, reason, year)
        self.mentoring.end_for_people(
            rows, as_mentor=MENTOR_LEFT, as_mentee=MENTEE_LEFT, record=record
        )

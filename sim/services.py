"""The formal program's services: who it serves, what it spends, and what it gives.

``ProgramServices`` holds what a running program does beside matching: it decides whom the
program serves this year (eligibility, targeting and, under a budget, funding), keeps the
year's ``Budget``, recruits and recognises mentors, trains them and gives refreshers, coaches,
runs facilitated peer groups and a leadership program for full professors. Every service it
pays for goes through the budget when it is given, so a program never overspends; what it
cannot afford is counted as unfunded.
"""

from __future__ import annotations

import numpy as np

from sim.budget import Budget
from sim.population import willingness_chance
from sim.rng import KeyedRandom
from sim.scenario import Scenario
from sim.state import (
    ASSISTANT,
    ASSOCIATE,
    EDUCATOR,
    FULL,
    INFORMAL,
    TRAINEE,
    People,
    Relationships,
)
from sim.year import YearRecord


class ProgramServices:
    """What a running formal program does for people, and what it spends.

    Args:
        people: The people table.
        relationships: The relationships table.
        design: The scenario.
        keyed: The run's keyed random numbers.
    """

    def __init__(
        self, people: People, relationships: Relationships, design: Scenario, keyed: KeyedRandom
    ):
        self.people = people
        self.relationships = relationships
        self.design = design
        self.keyed = keyed
        self.budget = Budget.for_year(design.program.budget)
        self.running = False

    # ----------------------------------------------------------------- whom it serves
    def eligible(self, year: int) -> np.ndarray:
        """Bool (n,): who the program is open to this year (before funding).

        Trainees, assistant professors in their first ``eligible_years`` on the faculty and,
        with ``mid_career``, associate professors; who enrolled (``participation``) and
        belong to the targeted group.
        """
        p, program = self.people, self.design.program
        stage_ok = (p.stage == TRAINEE) | (
            (p.stage == ASSISTANT) & (year - p.faculty_year < program.eligible_years)
        )
        if program.mid_career:
            stage_ok |= p.stage == ASSOCIATE
        return p.active & stage_ok & p.participates & self.targeted()

    def targeted(self) -> np.ndarray:
        """Bool (n,): who belongs to the group the program targets."""
        p, eligibility = self.people, self.design.program.eligibility
        if eligibility == "women":
            return p.woman.copy()
        if eligibility == "urm":
            return p.urm.copy()
        if eligibility == "women_or_urm":
            return p.woman | p.urm
        if eligibility == "clinician_educators":
            return p.track == EDUCATOR
        return np.ones(p.n, dtype=bool)

    def served(self, year: int) -> np.ndarray:
        """Bool (n,): who the program serves this year (eligible, and funded under a budget)."""
        if not self.running:
            return np.zeros(self.people.n, dtype=bool)
        # Past their rematches, people seek mentors on their own like the unserved.
        eligible = self.eligible(year) & (
            self.people.rematches <= self.design.program.max_rematches
        )
        if self.design.program.budget > 0:
            return eligible & self.people.funded
        return eligible

    # ----------------------------------------------------------------- the year's money
    def open_year(self, running: bool) -> None:
        """Open the year's budget and pay for administration (the program runs if it can)."""
        self.budget = Budget.for_year(self.design.program.budget)
        self.running = running and self.budget.spend(self.design.costs.program_admin_cost)
        if not self.running:
            self.people.funded[:] = False

    def fund(self, year: int, record: YearRecord) -> None:
        """Fund, under a budget, whom the program can serve this year.

        The recurring costs are reserved first, at their worst case: those of the program
        relationships and sponsorships already going, then, person by person in the order of
        ``program.budget_priority``, those of everyone it serves (already funded people first,
        for continuity). The rest of the eligible go unfunded this year.
        """
        program, costs, p = self.design.program, self.design.costs, self.people
        if not self.running or program.budget <= 0:
            return
        r = self.relationships
        program_rows = r.active & (r.kind != INFORMAL)
        per_relationship = self._worst_cost_per_relationship()
        commitments = (
            program_rows.sum() * per_relationship
            + self._program_sponsorships().sum() * costs.sponsorship_cost
        )
        self.budget.spend(min(commitments, self.budget.left))
        eligible = np.flatnonzero(self.eligible(year))
        have = np.bincount(r.mentee[program_rows], minlength=p.n)[eligible]
        missing = np.maximum(program.mentors_per_mentee - have, 0)
        per_person = missing * per_relationship + self._worst_cost_per_person()
        funded = np.zeros(p.n, dtype=bool)
        for position in self._priority(eligible, year):
            if not self.budget.spend(per_person[position]):
                break
            funded[eligible[position]] = True
        p.funded[:] = funded
        record.tally.eligible_unfunded += int(len(eligible) - funded.sum())
        record.tally.eligible += len(eligible)

    def fund_rematches(self, served: np.ndarray) -> np.ndarray:
        """Of ``served``, those whose rematch this year the budget can still pay for.

        A relationship the evaluation ended was reserved for at ``fund``, but the pair that
        replaces it in the same year is a new start and may cost again (a first meeting where
        mentees choose). Each mentee short of their quota is reserved for, in ascending row
        order, at that cost per missing mentor; those the budget cannot cover are not
        rematched this year.

        Args:
            served: Bool (n,): who the program serves this year.

        Returns:
            Bool (n,): ``served`` without the short mentees the budget cannot rematch.
        """
        program, costs, p = self.design.program, self.design.costs, self.people
        unit_cost = costs.mentee_choice_cost * program.mentee_choice
        if program.budget <= 0 or unit_cost <= 0:
            return served
        r = self.relationships
        program_rows = r.active & (r.kind != INFORMAL)
        have = np.bincount(r.mentee[program_rows], minlength=p.n)
        short = np.flatnonzero(served & (have < program.mentors_per_mentee))
        kept = served.copy()
        for i, row in enumerate(short):
            if not self.budget.spend((program.mentors_per_mentee - have[row]) * unit_cost):
                kept[short[i:]] = False
                break
        return kept

    def _worst_cost_per_relationship(self) -> float:
        """Most a program relationship can cost in a year (a mentor of its own, worst case)."""
        program, costs = self.design.program, self.design.costs
        return (
            program.protected_hours_per_week * costs.working_weeks * costs.mentor_hour_cost
            + costs.evaluation_cost * program.evaluate_relationships
            + costs.recognition_cost * program.mentor_recognition
            + costs.mentee_choice_cost * program.mentee_choice
        )

    def _worst_cost_per_person(self) -> float:
        """Most the person-level recurring services can cost per person served in a year."""
        program, costs = self.design.program, self.design.costs
        # A peer group has at least two members, so it costs at most half a group each.
        return (
            costs.sponsorship_cost * program.sponsorship
            + costs.peer_group_cost / 2.0 * program.peer_groups
        )

    def _priority(self, eligible: np.ndarray, year: int) -> np.ndarray:
        """Positions into ``eligible``: the already funded first, then by the priority rule.

        Those the rule ranks equal (everyone who began their stage this year, under
        ``new_hires``) are ordered by a keyed draw of the year, not by their keys: a key
        encodes the year and stage of hire, so ordering by it would put trainees joining the
        faculty, hired years before, ahead of this year's new trainees and outside hires.
        """
        p, rule = self.people, self.design.program.budget_priority
        started = np.where(
            p.stage[eligible] == TRAINEE, p.stage_year[eligible], p.faculty_year[eligible]
        )
        if rule == "at_risk":
            urgency = -p.burnout[eligible]
        elif rule == "targeted":
            urgency = -(p.woman[eligible] | p.urm[eligible]).astype(float) - started / (year + 1)
        else:
            urgency = -started.astype(float)
        tie = self.keyed.uniform("budget_tie", p.key[eligible], year)
        return np.lexsort((tie, urgency, ~p.funded[eligible]))

    def _program_sponsorships(self) -> np.ndarray:
        """Bool (n,): proteges whose sponsor the program assigned (it pays for them)."""
        p = self.people
        return p.active & (p.sponsor >= 0) & p.sponsor_by_program

    def afford(self, unit_cost: float, rows: np.ndarray) -> np.ndarray:
        """The first of ``rows`` the budget can pay ``unit_cost`` each for; spends it."""
        count = self.budget.afford(unit_cost, len(rows))
        self.budget.spend(count * unit_cost)
        return rows[:count]

    # ----------------------------------------------------------------- mentors
    def recruit_at_start(self, year: int, record: YearRecord) -> None:
        """At the program's start, ask the seniors who are not yet willing to mentor.

        Those who stepped back from mentoring are not asked again.
        """
        p, program = self.people, self.design.program
        if not (self.running and program.recruit_mentors and year == max(program.start_year, 1)):
            return
        asked = np.flatnonzero(p.active & (p.stage >= ASSOCIATE) & ~p.willing & ~p.withdrew)
        with_ask = willingness_chance(
            p, self.design, asked, recruiting=True, recognition=program.mentor_recognition
        )
        without = willingness_chance(p, self.design, asked, recruiting=False)
        convert = (with_ask - without) / (1.0 - without)
        agree = asked[self.keyed.uniform("recruit", p.key[asked], year) < convert]
        agree = self.afford(self.design.costs.recruitment_cost, agree)
        p.willing[agree] = True
        record.tally.mentors_recruited += len(agree)

    def ask_new_seniors(self, rows: np.ndarray, record: YearRecord) -> None:
        """Ask people who have just become senior (or joined as seniors) to mentor.

        Their willingness was decided on their own draw without the program; a program that
        recruits or recognises mentors raises the chance on the same draw, so the people it
        wins over are exactly those it pays for.
        """
        p, program = self.people, self.design.program
        recruiting = program.recruit_mentors
        if not (self.running and (recruiting or program.mentor_recognition)) or len(rows) == 0:
            return
        draw = self.keyed.uniform("willing", p.key[rows], -1)
        with_ask = willingness_chance(
            p, self.design, rows, recruiting=recruiting, recognition=program.mentor_recognition
        )
        won = rows[~p.willing[rows] & (draw < with_ask)]
        if recruiting:
            won = self.afford(self.design.costs.recruitment_cost, won)
            record.tally.mentors_recruited += len(won)
        p.willing[won] = True

    def withdraw_unhappy_mentors(self, year: int, record: YearRecord) -> None:
        """Mentors who find no purpose in mentoring stop taking mentees.

        The seed essay's "renewed sense of purpose" keeps mentors mentoring; recognition of
        mentoring lowers the rate at which the others step back.
        """
        p, men = self.people, self.design.mentors
        mentoring = np.flatnonzero(p.active & (p.stage >= ASSOCIATE) & p.willing & (p.load > 0))
        rate = men.withdrawal_rate * (
            men.recognition_withdrawal_factor
            if self.running and self.design.program.mentor_recognition
            else 1.0
        )
        chance = rate * (1.0 - p.mentor_satisfaction[mentoring])
        quits = mentoring[self.keyed.uniform("withdraw", p.key[mentoring], year) < chance]
        p.willing[quits] = False
        p.withdrew[quits] = True
        record.tally.mentors_withdrawn += len(quits)

    def train_mentors(self, year: int, record: YearRecord) -> None:
        """Train new willing mentors; refresh and let fade what training gave.

        A training's skill gain fades (``mentors.skill_decay`` a year) unless refreshers
        (``program.mentor_refresher_years``) renew it.
        """
        p, program, men = self.people, self.design.program, self.design.mentors
        trained = p.active & p.mentor_trained
        gain = p.mentor_skill[trained] - p.mentor_base_skill[trained]
        p.mentor_skill[trained] = p.mentor_base_skill[trained] + gain * (1.0 - men.skill_decay)
        if not (self.running and program.mentor_training):
            return
        costs = self.design.costs
        new = np.flatnonzero(p.active & p.willing & (p.stage >= ASSOCIATE) & ~p.mentor_trained)
        new = self.afford(costs.mentor_training_cost, new)
        self._retrain(new, men.training_skill_gain, year)
        p.mentor_trained[new] = True
        record.tally.mentors_trained += len(new)
        if program.mentor_refresher_years > 0:
            due = np.flatnonzero(
                p.active
                & p.mentor_trained
                & p.willing
                & (year - p.mentor_trained_year >= program.mentor_refresher_years)
            )
            due = self.afford(costs.mentor_refresher_cost, due)
            self._retrain(due, men.retraining_skill_gain, year)
            record.tally.mentor_refreshers += len(due)

    def coach_mentors(self, year: int, record: YearRecord) -> None:
        """Mentors of mentors: coach the program's less skilled mentors, a year at a time.

        The program's mentors (those it assigned mentees to) whose mentoring skill is below
        ``program.mentors_of_mentors_below`` each meet an experienced mentor through the year
        and gain ``mentors.mentors_of_mentors_gain``. The gain is experience, not a course: it
        does not fade as a training's does.
        """
        p, program = self.people, self.design.program
        if not (self.running and program.mentors_of_mentors):
            return
        mentors = self.program_mentors()
        mentors = mentors[
            p.active[mentors] & (p.mentor_skill[mentors] < program.mentors_of_mentors_below)
        ]
        mentors = self.afford(self.design.costs.mentors_of_mentors_cost, mentors)
        gain = self.design.mentors.mentors_of_mentors_gain
        p.mentor_skill[mentors] = np.minimum(1.0, p.mentor_skill[mentors] + gain)
        p.mentor_base_skill[mentors] = np.minimum(1.0, p.mentor_base_skill[mentors] + gain)
        record.tally.mentors_coached += len(mentors)

    def refresh_after_failure(self, mentors: np.ndarray, year: int, record: YearRecord) -> None:
        """A refresher for mentors whose relationship failed on their side."""
        if not (self.running and self.design.program.mentor_training):
            return
        mentors = self.afford(self.design.costs.mentor_refresher_cost, np.unique(mentors))
        self._retrain(mentors, self.design.mentors.retraining_skill_gain, year)
        record.tally.mentor_refreshers += len(mentors)

    def _retrain(self, rows: np.ndarray, gain: float, year: int) -> None:
        p = self.people
        p.mentor_skill[rows] = np.minimum(1.0, p.mentor_skill[rows] + gain)
        p.mentor_trained_year[rows] = year

    def program_mentors(self) -> np.ndarray:
        """Rows of the mentors of the program's active relationships, each once."""
        r = self.relationships
        return np.unique(r.mentor[r.active & (r.kind != INFORMAL)])

    def recognised_mentors(self) -> np.ndarray:
        """Bool (n,): active mentors of program relationships, where mentoring is recognised."""
        p = self.people
        out = np.zeros(p.n, dtype=bool)
        if self.running and self.design.program.mentor_recognition:
            out[self.program_mentors()] = True
        return out & p.active

    # ----------------------------------------------------------------- mentees
    def coach(self, year: int, served: np.ndarray, record: YearRecord) -> None:
        """Start this year's coaching courses (who gets one is ``program.coaching``)."""
        p, program = self.people, self.design.program
        if not self.running or program.coaching == "none":
            return
        open_to = served & (p.stage <= ASSISTANT) & (p.coached_year < 0)
        if program.coaching == "new_faculty":
            chosen = open_to & (p.stage == ASSISTANT) & (p.faculty_year == year)
        else:
            chosen = open_to & (p.burnout >= self.design.career.burnout_threshold)
        chosen = self.afford(self.design.costs.coaching_cost, np.flatnonzero(chosen))
        p.coached_year[chosen] = year
        record.tally.coaching_courses += len(chosen)

    def coach_after_failure(self, mentees: np.ndarray, year: int, record: YearRecord) -> None:
        """A coaching course, over the coming year, for mentees whose relationship failed."""
        if not self.running or self.design.program.coaching == "none":
            return
        # Courses are taken once: only those not coached before.
        mentees = np.unique(mentees)
        mentees = self.afford(
            self.design.costs.coaching_cost, mentees[self.people.coached_year[mentees] < 0]
        )
        self.people.coached_year[mentees] = year + 1
        record.tally.coaching_courses += len(mentees)

    def peer_groups(self, year: int, served: np.ndarray, record: YearRecord) -> np.ndarray:
        """Form this year's facilitated peer groups; return bool (n,), who is in one.

        The program's assistant professors meet in groups of ``program.peer_group_size``
        within their department; a department with a single one forms no group.
        """
        p, program = self.people, self.design.program
        members = np.zeros(p.n, dtype=bool)
        if not (self.running and program.peer_groups):
            return members
        juniors = np.flatnonzero(served & (p.stage == ASSISTANT))
        per_department = np.bincount(p.department[juniors], minlength=p.department.max() + 1)
        in_group = per_department[p.department[juniors]] >= 2
        members[juniors[in_group]] = True
        groups = int(np.ceil(per_department[per_department >= 2] / program.peer_group_size).sum())
        record.tally.peer_groups += groups
        record.tally.peer_group_members += int(members.sum())
        return members

    def develop_leaders(self, year: int, record: YearRecord) -> None:
        """The leadership program: full professors who have never led prepare for leadership.

        Full professors who have never led (the pipeline a search draws on) close
        ``career.leadership_program_rate`` of the room left in their leadership preparation
        (0-1) each year; preparation halves every ``career.leadership_prep_half_life_years``
        after they leave the program, and full preparation adds
        ``career.leadership_program_readiness`` to readiness. The gain shrinks as preparation
        nears 1, so the program raises readiness toward a ceiling and does not compound.
        """
        p, program = self.people, self.design.program
        if not (self.running and program.leadership_development):
            return
        fulls = np.flatnonzero(p.active & (p.stage == FULL) & ~p.ever_leader)
        fulls = self.afford(self.design.costs.leadership_program_cost, fulls)
        career = self.design.career
        now = leadership_prep_now(p, fulls, year, career.leadership_prep_half_life_years)
        p.leadership_prep[fulls] = now + career.leadership_program_rate * (1.0 - now)
        p.leadership_prep_year[fulls] = year
        record.tally.leadership_participants += len(fulls)


def leadership_prep_now(
    people: People, rows: np.ndarray, year: int, half_life: float
) -> np.ndarray:
    """float64: the leadership preparation of ``rows`` in ``year``, decayed since last set.

    Args:
        people: The people table.
        rows: int64 rows.
        year: The current year.
        half_life: Years for preparation to halve (``career.leadership_prep_half_life_years``).
    """
    since = np.maximum(year - people.leadership_prep_year[rows], 0)
    level = people.leadership_prep[rows] * np.exp2(-since / half_life)
    return np.where(people.leadership_prep_year[rows] >= 0, level, 0.0)

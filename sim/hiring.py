"""Hiring: finishing trainees, the faculty and training positions, external leaders.

Academic medical centers hire into positions: a departure opens a position, which is refilled
after a search (``institution.vacancy_delay_years``), and a retained person opens none. So
under the default ``institution.hiring = "positions"`` every design keeps the same size, and
what retention saves is the hire not made. ``"fixed"`` keeps the old rule, the same intake
every year whatever leaves (the institution then grows or shrinks with retention), and
``"replace"`` adds last year's faculty exits to that intake.

Each year, first the trainees at the end of their training are offered faculty positions by
their skill (capped by the open positions under ``"positions"``) or leave to practise
elsewhere; then external hires fill what is open; then the training positions are refilled.
Hires are keyed per stage (``sim.state.KEY_STAGE``), so two designs that hire different
numbers still share the people they both hire.
"""

from __future__ import annotations

import numpy as np

from sim import kernels
from sim.population import split_counts
from sim.rng import KeyedRandom
from sim.roster import Roster
from sim.scenario import Scenario
from sim.state import (
    ASSISTANT,
    ASSOCIATE,
    KEY_EXTERNAL_LEADER,
    KEY_STAGE,
    KEY_YEAR,
    LEADER,
    TRAINEE,
    TRAINING_COMPLETED,
)
from sim.year import YearRecord


class Hiring:
    """The institution's hiring: who joins each year, into which positions.

    Args:
        roster: The people (after the year-0 institution is populated).
        design: The scenario.
        keyed: The run's keyed random numbers.
    """

    def __init__(self, roster: Roster, design: Scenario, keyed: KeyedRandom):
        self.roster = roster
        self.design = design
        self.keyed = keyed
        p = roster.people
        self.initial_trainees = int((p.active & (p.stage == TRAINEE)).sum())
        self.initial_faculty = self.faculty()
        self.departures: dict[int, int] = {}

    def faculty_positions(self, year: int) -> int:
        """Faculty positions in a year: the year-0 faculty, grown at the set rate."""
        growth = (1.0 + self.design.institution.positions_growth_rate) ** year
        return round(self.initial_faculty * growth)

    def training_positions(self, year: int) -> int:
        """Training positions in a year: the year-0 trainees, grown at the set rate."""
        growth = (1.0 + self.design.institution.positions_growth_rate) ** year
        return round(self.initial_trainees * growth)

    def count_departures(self, year: int, faculty_departures: int) -> None:
        """Note how many faculty left this year (their positions open for refilling)."""
        self.departures[year] = faculty_departures

    def hire(
        self, year: int, record: YearRecord, leadership_reserve: int
    ) -> tuple[np.ndarray, np.ndarray]:
        """This year's hiring; return the rows of trainees who finish and leave.

        Args:
            year: The current year.
            record: The year's record (its tally counts the hires).
            leadership_reserve: Faculty positions held back for this year's leadership
                openings, which an external leader may fill.

        Returns:
            People rows of the trainees who finished without a faculty offer (they are marked
            as gone, training completed, and the caller ends their relationships), and the
            rows of the people hired.
        """
        p, inst = self.roster.people, self.design.institution
        finishing = np.flatnonzero(
            p.active
            & (p.stage == TRAINEE)
            & (year - p.stage_year >= self.design.career.trainee_years)
        )
        offered = self._offers(finishing, year)
        if inst.hiring == "positions":
            open_positions = self._open_faculty_positions(year, leadership_reserve)
            offered = offered[:open_positions]
            external = open_positions - len(offered)
            counts = np.concatenate(
                [
                    [0],
                    split_counts(
                        external, np.array([inst.hire_share_assistant, inst.hire_share_associate])
                    ),
                ]
            )
        else:
            intake = round(inst.hires_per_year * inst.initial_size)
            if inst.hiring == "replace":
                intake += self.departures.get(year - 1, 0)
            counts = split_counts(
                intake,
                np.array(
                    [inst.hire_share_trainee, inst.hire_share_assistant, inst.hire_share_associate]
                ),
            )
        # The finishers without an offer, ascending (``finishing`` is): a mask rather than
        # ``np.setdiff1d``, whose sort cost a tenth of a small run's hiring.
        is_offered = np.zeros(p.n, dtype=bool)
        is_offered[offered] = True
        leaving = finishing[~is_offered[finishing]]
        p.stage[offered] = ASSISTANT
        p.stage_year[offered] = year
        p.faculty_year[offered] = year
        p.faculty_stage[offered] = ASSISTANT
        self.roster.depart(leaving, TRAINING_COMPLETED, year)
        record.tally.trainees_to_faculty += len(offered)
        record.tally.exits_training_completed += len(leaving)
        if inst.hiring == "positions":
            staying = int((p.active & (p.stage == TRAINEE)).sum())
            counts[0] = max(0, self.training_positions(year) - staying)
        # Every stage's hires arrive together (trainees, then assistant, then associate
        # professors, the rows they always had): one call instead of one per stage.
        hiring = (TRAINEE, ASSISTANT, ASSOCIATE)
        keys = np.concatenate(
            [
                year * KEY_YEAR + stage_offset(stage) + np.arange(count, dtype=np.int64)
                for stage, count in zip(hiring, counts, strict=True)
            ]
        )
        stages = np.repeat(np.array(hiring, np.int8), np.asarray(counts, dtype=np.int64))
        hired = self.roster.arrive(keys, stages, year)
        record.tally.hires += int(np.sum(counts))
        record.tally.faculty_hires += int(np.sum(counts[1:]))
        return leaving, hired

    def _offers(self, finishing: np.ndarray, year: int) -> np.ndarray:
        """Finishing trainees offered a faculty position, the most skilled first.

        The chance of an offer rises with the track skill composite (``career`` offer
        parameters); the order decides who is hired when positions are fewer than offers.
        """
        p, c = self.roster.people, self.design.career
        if len(finishing) == 0:
            return finishing
        composite = np.empty(len(finishing))
        kernels.track_composite(
            skills=p.skills[finishing],
            track=p.track[finishing],
            track_weights=self.design.population.track_weights,
            out=composite,
        )
        chance = np.clip(
            c.trainee_to_faculty
            * np.exp(c.trainee_offer_slope * (composite - c.trainee_offer_reference)),
            0.0,
            1.0,
        )
        offered = self.keyed.uniform("faculty_offer", p.key[finishing], year) < chance
        order = np.lexsort((p.key[finishing], -composite))
        return finishing[order][offered[order]]

    def _open_faculty_positions(self, year: int, leadership_reserve: int) -> int:
        """Faculty positions that can be filled now.

        Positions vacated in the last ``vacancy_delay_years - 1`` years are still being
        recruited for; those held back for leadership openings wait for the search's outcome.
        """
        faculty = self.faculty()
        delay = self.design.institution.vacancy_delay_years
        searching = sum(self.departures.get(year - back, 0) for back in range(1, delay))
        return max(0, self.faculty_positions(year) - faculty - leadership_reserve - searching)

    def faculty(self) -> int:
        """Faculty employed now (everyone but trainees)."""
        p = self.roster.people
        return int((p.active & (p.stage != TRAINEE)).sum())

    def hire_leaders(self, year: int, count: int) -> np.ndarray:
        """Hire up to ``count`` leaders from outside; return their rows.

        Under ``"positions"`` an external leader takes a faculty position, which must be free
        when they are hired. Hiring holds one back for each leadership opening it expects
        (``Careers.leadership_reserve``), but a faculty already at its positions (no one has
        left yet, as in the first year of a small institution) has none to hold back: a post
        then stays open until a position is (the next year's search fills it), rather than
        the faculty growing past its positions.
        """
        if self.design.institution.hiring == "positions":
            count = min(count, max(0, self.faculty_positions(year) - self.faculty()))
        keys = KEY_EXTERNAL_LEADER + year * KEY_YEAR + np.arange(count, dtype=np.int64)
        return self.roster.arrive(keys, np.full(count, LEADER, np.int8), year)


def stage_offset(stage: int) -> int:
    """Where a stage's hires start within a year's key space."""
    return {TRAINEE: 0, ASSISTANT: KEY_STAGE, ASSOCIATE: 2 * KEY_STAGE}[stage]

"""Sponsorship: a senior who uses their position for a protege, apart from mentoring.

A mentor talks with you; a sponsor talks about you. Full professors and leaders sponsor:
informally, a senior mentor whose relationship with a junior is good starts sponsoring them
with a yearly chance, less readily across genders (so women, with fewer women among seniors,
are sponsored less: Patton 2017; Schwartz 2024); a sponsorship program assigns a sponsor to
each junior it serves who has none. A sponsored junior's record counts more toward promotion
(``career.sponsorship_credit``), and a sponsored full professor is put forward when
leadership posts open. A sponsorship lasts ``relationships.sponsorship_years``, or until the
sponsor leaves or the protege becomes a full professor.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from sim.rng import KeyedRandom, pair_key
from sim.scenario import Scenario
from sim.state import ASSISTANT, ASSOCIATE, FULL, People, Relationships
from sim.year import YearRecord


class Sponsorship:
    """Who sponsors whom (the ``sponsor`` column of the people table).

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

    def sponsored(self) -> np.ndarray:
        """Bool (n,): who has a sponsor now."""
        return self.people.active & (self.people.sponsor >= 0)

    def update(self, year: int, program_served: np.ndarray, record: YearRecord) -> None:
        """End finished sponsorships, start informal ones, and the program's.

        Args:
            year: The current year.
            program_served: bool (n,), the juniors a sponsorship program serves this year
                (all False without one).
            record: The year's record.
        """
        self._end_finished(year)
        self._start_informal(year, record)
        if program_served.any():
            self._assign(year, program_served, record)

    def _end_finished(self, year: int) -> None:
        p = self.people
        held = np.flatnonzero(p.sponsor >= 0)
        sponsor = p.sponsor[held]
        ended = (
            ~p.active[held]
            | ~p.active[sponsor]
            | (p.stage[held] >= FULL)
            | (year - p.sponsor_year[held] >= self.design.relationships.sponsorship_years)
        )
        p.sponsor[held[ended]] = -1
        p.sponsor_by_program[held[ended]] = False

    def _room(self) -> np.ndarray:
        """Int (n,): proteges each senior can still take on."""
        p = self.people
        held = np.bincount(p.sponsor[(p.sponsor >= 0) & p.active], minlength=p.n)
        senior = p.active & (p.stage >= FULL)
        return np.where(senior, np.maximum(self.design.relationships.sponsor_capacity - held, 0), 0)

    def _start_informal(self, year: int, record: YearRecord) -> None:
        """Senior mentors in a good relationship may start sponsoring their mentee."""
        p, r, rel = self.people, self.relationships, self.design.relationships
        rows = np.flatnonzero(r.active)
        mentor, mentee = r.mentor[rows], r.mentee[rows]
        candidate = (
            (p.stage[mentor] >= FULL)
            & (r.quality[rows] >= rel.sponsor_quality_threshold)
            & ((p.stage[mentee] == ASSISTANT) | (p.stage[mentee] == ASSOCIATE))
            & (p.sponsor[mentee] < 0)
        )
        rows, mentor, mentee = rows[candidate], mentor[candidate], mentee[candidate]
        across = p.woman[mentor] != p.woman[mentee]
        chance = rel.informal_sponsorship_rate * np.where(across, 1.0 - rel.sponsor_homophily, 1.0)
        draw = self.keyed.uniform("sponsor", pair_key(p.key[mentee], p.key[mentor]), year)
        starting = draw < chance
        self._begin(mentee[starting], mentor[starting], year, record, by_program=False)

    def _assign(self, year: int, served: np.ndarray, record: YearRecord) -> None:
        """The program gives each junior it serves who has no sponsor one in their department.

        Sponsors are the full professors and leaders with room, in a keyed random order.
        """
        p = self.people
        juniors = np.flatnonzero(
            served & ((p.stage == ASSISTANT) | (p.stage == ASSOCIATE)) & (p.sponsor < 0)
        )
        room = self._room()
        order = np.argsort(self.keyed.uniform("sponsor_order", p.key[juniors], year), kind="stable")
        juniors = juniors[order]
        # Keyed draws depend only on (purpose, key, year), so drawing every junior's pick at
        # once gives the numbers the one-at-a-time draws gave.
        draws = self.keyed.uniform("sponsor_pick", p.key[juniors], year)
        seniors = np.flatnonzero(room > 0)
        picks = np.empty(len(juniors), dtype=np.int64)
        _pick_sponsors(p.department[juniors], draws, seniors, p.department[seniors], room, picks)
        found = picks >= 0
        self._begin(juniors[found], picks[found], year, record, by_program=True)

    def _begin(
        self,
        proteges: np.ndarray,
        sponsors: np.ndarray,
        year: int,
        record: YearRecord,
        *,
        by_program: bool,
    ) -> None:
        """Start sponsorships, within each sponsor's room (first come, first served)."""
        p = self.people
        keep = np.empty(len(proteges), dtype=bool)
        _first_come_within_room(
            proteges.astype(np.int64), sponsors.astype(np.int64), self._room(), keep
        )
        p.sponsor[proteges[keep]] = sponsors[keep]
        p.sponsor_year[proteges[keep]] = year
        first = proteges[keep][p.first_sponsor_year[proteges[keep]] < 0]
        p.first_sponsor_year[first] = year
        p.sponsor_by_program[proteges[keep]] = by_program
        if by_program:
            record.tally.sponsorships_assigned += int(keep.sum())
        else:
            record.tally.sponsorships_informal += int(keep.sum())


@njit(cache=True)
def _first_come_within_room(proteges, sponsors, room, out_keep):
    """Keep each (protege, sponsor) pair, in order, while the sponsor has room.

    A protege keeps only their first pair kept; each kept pair uses one place of the
    sponsor's room.

    Args:
        proteges: int64 (k,), people rows of the proteges, in the order pairs are offered.
        sponsors: int64 (k,), the sponsor row of each pair.
        room: int64 (n,), places each person can still sponsor; decremented here.
        out_keep: bool (k,), written: whether each pair starts.
    """
    taken = np.zeros(room.shape[0], np.bool_)
    for k in range(proteges.shape[0]):
        protege, sponsor = proteges[k], sponsors[k]
        out_keep[k] = room[sponsor] > 0 and not taken[protege]
        if out_keep[k]:
            room[sponsor] -= 1
            taken[protege] = True


@njit(cache=True)
def _pick_sponsors(junior_dept, draws, seniors, senior_dept, room, out_pick):
    """Give juniors, in order, a random senior with room in their department.

    Junior ``i`` takes the ``int(draws[i] * c)``-th (ascending row) of the ``c`` seniors of
    its department who still have room, which uses one place of that senior's room.

    Args:
        junior_dept: int32 (j,), the juniors' departments, in the order they are served.
        draws: float64 (j,), each junior's uniform draw for the pick.
        seniors: int64 (s,), rows of the seniors with room at the start, ascending.
        senior_dept: int32 (s,), their departments.
        room: int64 (n,), places each person can still sponsor; decremented here.
        out_pick: int64 (j,), written: the sponsor row picked, or -1 where none had room.
    """
    for i in range(junior_dept.shape[0]):
        d = junior_dept[i]
        count = 0
        for s in range(seniors.shape[0]):
            if senior_dept[s] == d and room[seniors[s]] > 0:
                count += 1
        out_pick[i] = -1
        if count == 0:
            continue
        k = int(draws[i] * count)
        for s in range(seniors.shape[0]):
            if senior_dept[s] == d and room[seniors[s]] > 0:
                if k == 0:
                    out_pick[i] = seniors[s]
                    room[seniors[s]] -= 1
                    break
                k -= 1

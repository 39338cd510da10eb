"""The year's event counts: one typed field per kind of event.

Every stage of the yearly cycle counts what happened (people hired, promoted, leaving by
reason; relationships started and ended by reason; the program's services given), and the
yearly metrics and the program's cost are read from these counts. Each count is a declared
field, so a misspelt name is an error (``AttributeError`` at run time, a type error for mypy),
never a new count that silently stays zero.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from sim.state import END_NAMES


def _per_end_reason() -> list[int]:
    return [0] * len(END_NAMES)


@dataclass(slots=True)
class Tally:
    """Event counts of one year (or, summed with :meth:`add`, of a whole run).

    Attributes:
        hires: People hired (trainees and faculty).
        faculty_hires: Faculty hired from outside.
        trainees_to_faculty: Trainees finishing training who joined the faculty.
        exits_training_completed: Trainees finishing training who left.
        exits_attrition_faculty: Faculty leaving (academic medicine or for another institution).
        exits_moved_faculty: Of those, faculty moving to another academic institution.
        exits_attrition_trainee: Trainees leaving before finishing.
        exits_retirement: People retiring.
        promotions_associate: Promotions from assistant to associate professor.
        promotions_full: Promotions from associate to full professor.
        leaves: Family or medical leaves taken.
        ready_candidates: Full professors ready for a leadership post.
        openings: Leadership posts open.
        internal_fills: Leadership posts filled from within.
        external_fills: Leadership posts filled from outside.
        relationships_started: Mentoring relationships started.
        program_pairs_started: Of those, assigned by the formal program.
        ended: Relationships ended, by end reason (indexed by the ``sim.state`` END codes).
        eligible: People the formal program would serve.
        eligible_unfunded: Of those, people its budget could not fund.
        mentees_trained: Mentees given mentee training.
        mentors_recruited: Mentors the program recruited.
        mentors_withdrawn: Mentors who stepped back.
        mentors_trained: Mentors given training.
        mentor_refreshers: Refresher trainings given.
        mentors_coached: Mentors coached by mentors of mentors.
        coaching_courses: Coaching courses given.
        evaluations: Program relationships evaluated.
        peer_groups: Facilitated peer groups run.
        peer_group_members: People in them.
        leadership_participants: People in the leadership development program.
        sponsorships_assigned: Sponsorships the program assigned.
        sponsorships_informal: Sponsorships that formed on their own.
        track_changes: People who moved to a track that fits them better.
    """

    hires: int = 0
    faculty_hires: int = 0
    trainees_to_faculty: int = 0
    exits_training_completed: int = 0
    exits_attrition_faculty: int = 0
    exits_moved_faculty: int = 0
    exits_attrition_trainee: int = 0
    exits_retirement: int = 0
    promotions_associate: int = 0
    promotions_full: int = 0
    leaves: int = 0
    ready_candidates: int = 0
    openings: int = 0
    internal_fills: int = 0
    external_fills: int = 0
    relationships_started: int = 0
    program_pairs_started: int = 0
    ended: list[int] = field(default_factory=_per_end_reason)
    eligible: int = 0
    eligible_unfunded: int = 0
    mentees_trained: int = 0
    mentors_recruited: int = 0
    mentors_withdrawn: int = 0
    mentors_trained: int = 0
    mentor_refreshers: int = 0
    mentors_coached: int = 0
    coaching_courses: int = 0
    evaluations: int = 0
    peer_groups: int = 0
    peer_group_members: int = 0
    leadership_participants: int = 0
    sponsorships_assigned: int = 0
    sponsorships_informal: int = 0
    track_changes: int = 0

    def add(self, other: Tally) -> None:
        """Add another tally's counts to these (a run's totals from its years)."""
        for f in dataclasses.fields(self):
            if f.name == "ended":
                self.ended = [a + b for a, b in zip(self.ended, other.ended, strict=True)]
            else:
                setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))

    def as_dict(self) -> dict[str, int]:
        """Every count by name; relationships ended as ``ended_<reason>`` (for tables)."""
        counts = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        ended = counts.pop("ended")
        counts.update({f"ended_{name}": n for name, n in zip(END_NAMES, ended, strict=True)})
        return counts

"""Structure-of-arrays state: one NumPy array per quantity, over all people or relationships.

Every person ever hired keeps a row for the whole run (leavers are marked, not deleted), so that
outcomes such as ten-year attrition or time to promotion can be computed from the rows at the
end. Mesa agents are thin views onto these rows; the numba kernels take the arrays directly.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

# Stages (career ranks). Leaders are full professors holding a leadership position.
TRAINEE, ASSISTANT, ASSOCIATE, FULL, LEADER = 0, 1, 2, 3, 4
STAGE_NAMES = ("trainee", "assistant", "associate", "full", "leader")

# Tracks.
SCIENTIST, EDUCATOR, ADMINISTRATOR = 0, 1, 2
TRACK_NAMES = ("clinician_scientist", "clinician_educator", "clinician_administrator")

# Traits drawn once (columns of ``people.traits``); emotional intelligence also develops.
ABILITY, WORK_ETHIC, TEAMWORK, EMOTIONAL_INTELLIGENCE, RECEPTIVENESS, PROACTIVENESS = range(6)
TRAIT_NAMES = (
    "ability",
    "work_ethic",
    "teamwork",
    "emotional_intelligence",
    "receptiveness",
    "proactiveness",
)
N_TRAITS = len(TRAIT_NAMES)

# Values and interests: the basis of deep-level similarity.
N_VALUES = 4

# Skill domains that develop (the essay's "medicine, business, law, technology, and ethics").
CLINICAL, RESEARCH, TEACHING, LEADERSHIP, BUSINESS_LAW, TECHNOLOGY, ETHICS = range(7)
DOMAIN_NAMES = (
    "clinical",
    "research",
    "teaching",
    "leadership",
    "business_law_regulation",
    "technology",
    "ethics",
)
N_DOMAINS = len(DOMAIN_NAMES)

# Why a person left (``people.exit_reason``). ATTRITION is leaving academic medicine; MOVED is
# leaving for another academic institution (both open a post the institution must refill).
STAYING, ATTRITION, RETIREMENT, TRAINING_COMPLETED, MOVED = 0, 1, 2, 3, 4
EXIT_NAMES = ("staying", "attrition", "retirement", "training_completed", "moved")

# Relationship kinds and end reasons.
PRIMARY, COMMITTEE, INFORMAL = 0, 1, 2
KIND_NAMES = ("primary", "committee", "informal")
ONGOING, GRADUATED, NATURAL_END, FAILED_EVALUATED, FAILED_DISSOLVED, MENTOR_LEFT, MENTEE_LEFT = (
    range(7)
)
END_NAMES = (
    "ongoing",
    "graduated",
    "natural_end",
    "failed_evaluated",
    "failed_dissolved",
    "mentor_left",
    "mentee_left",
)

# Which side an evaluated relationship failed on: what the mentor brought (skill and time) or
# what the mentee brought (receptiveness), whichever fell shorter.
NO_SIDE, MENTOR_SIDE, MENTEE_SIDE = 0, 1, 2
SIDE_NAMES = ("none", "mentor", "mentee")

# Key spaces keep keyed draws independent of row order and of how many others are hired: the
# k-th trainee hired in year t has key t * KEY_YEAR + k, the k-th assistant professor
# t * KEY_YEAR + KEY_STAGE + k, the k-th associate t * KEY_YEAR + 2 * KEY_STAGE + k, under every
# design, so designs that hire different numbers still share the people they both hire
# (common random numbers).
KEY_YEAR = 1 << 20
KEY_STAGE = 1 << 18
KEY_EXTERNAL_LEADER = 1 << 40


class Table:
    """A growable structure of arrays; each column is an attribute viewing the used rows.

    ``table.stage`` is a NumPy view of the first ``table.n`` rows of the column, so writing
    through it writes the table. The views are rebuilt whenever rows are added: a view taken
    before ``add_rows`` does not see the new rows (and after growth, no longer the table).

    Rows past ``n`` are allocated but not written: a row receives its column's fill value when
    ``add_rows`` hands it out. Memory is then touched only for the rows a run uses, however
    generous the capacity.

    Args:
        schema: Column name -> (dtype, trailing shape, fill value).
        capacity: Initial rows allocated; doubled as needed.
    """

    n: int

    def __init__(self, schema: dict[str, tuple], capacity: int = 1024):
        self._schema = schema
        self._capacity = max(int(capacity), 16)
        self._data = {
            name: np.empty((self._capacity, *shape), dtype=dtype)
            for name, (dtype, shape, _fill) in schema.items()
        }
        self.n = 0
        self._refresh_views()

    def add_rows(self, count: int) -> np.ndarray:
        """Append ``count`` rows holding the fill values and return their indices."""
        needed = self.n + count
        if count == 0:
            return np.arange(0, dtype=np.int64)  # the views stay valid: no refresh
        if needed > self._capacity:
            while self._capacity < needed:
                self._capacity *= 2
            for name, (dtype, shape, _fill) in self._schema.items():
                grown = np.empty((self._capacity, *shape), dtype=dtype)
                grown[: self.n] = self._data[name][: self.n]
                self._data[name] = grown
        for name, (_dtype, _shape, fill) in self._schema.items():
            self._data[name][self.n : needed] = fill
        rows = np.arange(self.n, needed, dtype=np.int64)
        self.n = needed
        self._refresh_views()
        return rows

    def _refresh_views(self) -> None:
        # Plain attributes, so that reading a column costs a dictionary lookup, not a slice.
        for name, column in self._data.items():
            self.__dict__[name] = column[: self.n]

    def columns(self) -> list[str]:
        """Return the column names."""
        return list(self._schema)


PEOPLE_SCHEMA = {
    "key": (np.int64, (), -1),  # key of every keyed draw about this person
    "stage": (np.int8, (), TRAINEE),
    "track": (np.int8, (), SCIENTIST),
    "department": (np.int32, (), 0),
    "woman": (np.bool_, (), False),
    "urm": (np.bool_, (), False),
    "active": (np.bool_, (), False),  # employed this year
    "hire_year": (np.int32, (), 0),
    "hire_stage": (np.int8, (), TRAINEE),
    "stage_year": (np.int32, (), 0),  # year the current stage began
    "birth_year": (np.float64, (), 0.0),
    "exit_year": (np.int32, (), -1),
    "exit_reason": (np.int8, (), STAYING),
    "faculty_year": (np.int32, (), -1),  # year they joined the faculty (-1: trainee)
    "faculty_stage": (np.int8, (), -1),  # rank at which they joined the faculty
    "associate_year": (np.int32, (), -1),  # year promoted (or hired) to associate
    "full_year": (np.int32, (), -1),  # year promoted (or hired) to full professor
    "leader_year": (np.int32, (), -1),  # year their current leadership term began
    "ever_leader": (np.bool_, (), False),
    "traits": (np.float64, (N_TRAITS,), 0.5),
    "values": (np.float64, (N_VALUES,), 0.0),
    "talent": (np.float64, (N_DOMAINS,), 0.5),  # ceiling each skill can reach
    "skills": (np.float64, (N_DOMAINS,), 0.0),
    "satisfaction": (np.float64, (), 0.6),
    "burnout": (np.float64, (), 0.3),
    "alignment": (np.float64, (), 0.5),
    "path_fit": (np.float64, (), 1.0),
    "readiness": (np.float64, (), 0.0),
    "willing": (np.bool_, (), False),  # senior people willing to mentor
    "capacity": (np.float64, (), 5.0),  # mentees at full quality
    "mentor_skill": (np.float64, (), 0.45),
    "mentor_trained": (np.bool_, (), False),
    "mentee_trained": (np.bool_, (), False),
    "mentor_satisfaction": (np.float64, (), 0.6),
    "load": (np.int32, (), 0),  # active mentees this year
    "had_mentor": (np.bool_, (), False),  # ever had a mentor (culture of mentoring)
    "mentored_early": (np.bool_, (), False),  # had a mentor in their first two faculty years
    "track_changes": (np.int32, (), 0),
    "portfolio": (np.float64, (), 0.0),  # academic output accumulated in the rank
    "productivity": (np.float64, (), 1.0),  # multiplier of academic output (mean 1)
    "leaves": (np.int32, (), 0),  # family or medical leaves taken on the faculty
    "clock_extension": (np.int32, (), 0),  # years added to their promotion clock
    "participates": (np.bool_, (), False),  # enrols in the formal program when eligible
    "coached_year": (np.int32, (), -1),  # year of the last coaching course (-1: none)
    "leadership_prep": (np.float64, (), 0.0),  # leadership program preparation, 0-1, when set
    "leadership_prep_year": (np.int32, (), -1),  # year it was last set (-1: never in a program)
    "rematches": (np.int32, (), 0),  # the program's relationships that failed
    "funded": (np.bool_, (), False),  # served by a program with a limited budget
    "sponsor": (np.int64, (), -1),  # row of the current sponsor (-1: none)
    "sponsor_year": (np.int32, (), -1),  # year the current sponsorship began
    "first_sponsor_year": (np.int32, (), -1),  # year of the first sponsorship (-1: never)
    "sponsor_by_program": (np.bool_, (), False),  # the current sponsor was assigned
    "mentor_base_skill": (np.float64, (), 0.45),  # mentoring skill without training
    "mentor_trained_year": (np.int32, (), -1),  # year of the last training or refresher
    "withdrew": (np.bool_, (), False),  # stepped back from mentoring
    "followup_composite": (np.float64, (), np.nan),  # track composite, development follow-up year
    "followup_satisfaction": (np.float64, (), np.nan),  # at the wellbeing follow-up year
    "followup_burnout": (np.float64, (), np.nan),  # at the wellbeing follow-up year
}

RELATIONSHIP_SCHEMA = {
    "mentor": (np.int64, (), -1),
    "mentee": (np.int64, (), -1),
    "kind": (np.int8, (), PRIMARY),
    "start_year": (np.int32, (), 0),
    "end_year": (np.int32, (), -1),
    "end_reason": (np.int8, (), ONGOING),
    "active": (np.bool_, (), False),
    "quality": (np.float64, (), 0.5),
    "started": (np.bool_, (), False),  # has had its first (initiation) year
    "compatibility": (np.float64, (), 0.5),
    "ever_failing": (np.bool_, (), False),
    "failed_side": (np.int8, (), NO_SIDE),  # which side an evaluated failure lay on
}


class People(Table):
    """The people table: one row per person ever hired (see ``PEOPLE_SCHEMA``).

    The annotations declare the columns the schema creates, so a type checker sees
    ``people.stage``; ``tests/test_typed_tables.py`` checks that they name the schema's columns with
    its dtypes. Two-dimensional columns (``traits``, ``values``, ``talent``, ``skills``) have one
    row per person and one column per trait, value or skill domain.
    """

    key: npt.NDArray[np.int64]
    stage: npt.NDArray[np.int8]
    track: npt.NDArray[np.int8]
    department: npt.NDArray[np.int32]
    woman: npt.NDArray[np.bool_]
    urm: npt.NDArray[np.bool_]
    active: npt.NDArray[np.bool_]
    hire_year: npt.NDArray[np.int32]
    hire_stage: npt.NDArray[np.int8]
    stage_year: npt.NDArray[np.int32]
    birth_year: npt.NDArray[np.float64]
    exit_year: npt.NDArray[np.int32]
    exit_reason: npt.NDArray[np.int8]
    faculty_year: npt.NDArray[np.int32]
    faculty_stage: npt.NDArray[np.int8]
    associate_year: npt.NDArray[np.int32]
    full_year: npt.NDArray[np.int32]
    leader_year: npt.NDArray[np.int32]
    ever_leader: npt.NDArray[np.bool_]
    traits: npt.NDArray[np.float64]
    values: npt.NDArray[np.float64]
    talent: npt.NDArray[np.float64]
    skills: npt.NDArray[np.float64]
    satisfaction: npt.NDArray[np.float64]
    burnout: npt.NDArray[np.float64]
    alignment: npt.NDArray[np.float64]
    path_fit: npt.NDArray[np.float64]
    readiness: npt.NDArray[np.float64]
    willing: npt.NDArray[np.bool_]
    capacity: npt.NDArray[np.float64]
    mentor_skill: npt.NDArray[np.float64]
    mentor_trained: npt.NDArray[np.bool_]
    mentee_trained: npt.NDArray[np.bool_]
    mentor_satisfaction: npt.NDArray[np.float64]
    load: npt.NDArray[np.int32]
    had_mentor: npt.NDArray[np.bool_]
    mentored_early: npt.NDArray[np.bool_]
    track_changes: npt.NDArray[np.int32]
    portfolio: npt.NDArray[np.float64]
    productivity: npt.NDArray[np.float64]
    leaves: npt.NDArray[np.int32]
    clock_extension: npt.NDArray[np.int32]
    participates: npt.NDArray[np.bool_]
    coached_year: npt.NDArray[np.int32]
    leadership_prep: npt.NDArray[np.float64]
    leadership_prep_year: npt.NDArray[np.int32]
    rematches: npt.NDArray[np.int32]
    funded: npt.NDArray[np.bool_]
    sponsor: npt.NDArray[np.int64]
    sponsor_year: npt.NDArray[np.int32]
    first_sponsor_year: npt.NDArray[np.int32]
    sponsor_by_program: npt.NDArray[np.bool_]
    mentor_base_skill: npt.NDArray[np.float64]
    mentor_trained_year: npt.NDArray[np.int32]
    withdrew: npt.NDArray[np.bool_]
    followup_composite: npt.NDArray[np.float64]
    followup_satisfaction: npt.NDArray[np.float64]
    followup_burnout: npt.NDArray[np.float64]

    def __init__(self, capacity: int = 1024):
        super().__init__(PEOPLE_SCHEMA, capacity)


class Relationships(Table):
    """The relationships table: one row per mentor-mentee pair ever formed.

    The annotations declare the columns of ``RELATIONSHIP_SCHEMA`` (checked as for
    :class:`People`).
    """

    mentor: npt.NDArray[np.int64]
    mentee: npt.NDArray[np.int64]
    kind: npt.NDArray[np.int8]
    start_year: npt.NDArray[np.int32]
    end_year: npt.NDArray[np.int32]
    end_reason: npt.NDArray[np.int8]
    active: npt.NDArray[np.bool_]
    quality: npt.NDArray[np.float64]
    started: npt.NDArray[np.bool_]
    compatibility: npt.NDArray[np.float64]
    ever_failing: npt.NDArray[np.bool_]
    failed_side: npt.NDArray[np.int8]

    def __init__(self, capacity: int = 1024):
        super().__init__(RELATIONSHIP_SCHEMA, capacity)


def new_people(capacity: int) -> People:
    """Return an empty people table."""
    return People(capacity)


def new_relationships(capacity: int) -> Relationships:
    """Return an empty relationships table."""
    return Relationships(capacity)

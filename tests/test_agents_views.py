"""Mesa agents are views: every property of a Person or the Institution reads the tables."""

from __future__ import annotations

import numpy as np
import pytest

from sim.agents import Institution, Person
from sim.model import MentorshipModel
from sim.state import DOMAIN_NAMES, STAGE_NAMES, TRACK_NAMES, TRAIT_NAMES


@pytest.fixture(scope="module")
def model() -> MentorshipModel:
    model = MentorshipModel(
        rng=3,
        years=4,
        institution__initial_size=150,
        program__formal=True,
        program__policy="compatibility",
    )
    model.run()
    return model


def test_every_person_property_reads_its_row(model):
    p, r = model.people, model.relationships
    checked = 0
    for row in np.flatnonzero(p.active)[:40]:
        person = model.agent_of(int(row))
        assert isinstance(person, Person) and person.row == row
        assert person.stage == STAGE_NAMES[p.stage[row]]
        assert person.track == TRACK_NAMES[p.track[row]]
        assert (person.woman, person.urm) == (bool(p.woman[row]), bool(p.urm[row]))
        assert person.department == p.department[row]
        assert (person.satisfaction, person.burnout) == (p.satisfaction[row], p.burnout[row])
        assert (person.alignment, person.path_fit) == (p.alignment[row], p.path_fit[row])
        assert person.traits == dict(zip(TRAIT_NAMES, p.traits[row], strict=True))
        assert person.skills == dict(zip(DOMAIN_NAMES, p.skills[row], strict=True))
        assert person.years_in_stage == model.year - p.stage_year[row]
        mentors = r.mentor[r.active & (r.mentee == row)]
        assert np.array_equal(person.mentors, mentors)
        assert person.mentored == (len(mentors) > 0)
        assert (person.willing, person.capacity) == (bool(p.willing[row]), p.capacity[row])
        assert person.load == p.load[row] == len(person.mentees)
        assert person.mentoring_skill == p.mentor_skill[row]
        assert person.mentor_satisfaction == p.mentor_satisfaction[row]
        checked += 1
    assert checked == 40
    # Some of those checked are mentored and some mentor, so both sides were read.
    rows = np.flatnonzero(p.active)[:40]
    assert (p.load[rows] > 0).any() and np.isin(rows, r.mentee[r.active]).any()


def test_a_view_follows_its_row_when_the_table_changes(model):
    row = int(np.flatnonzero(model.people.active)[0])
    person = model.agent_of(row)
    before = person.satisfaction
    model.people.satisfaction[row] = 0.123
    try:
        assert person.satisfaction == 0.123
    finally:
        model.people.satisfaction[row] = before


def test_the_institution_reads_the_model(model):
    institution = model.institution
    assert isinstance(institution, Institution)
    assert institution.program is model.design.program
    assert institution.leadership_positions == model.positions
    assert institution.headcount == int(model.people.active.sum())
    assert institution.spent >= 0.0

"""The Careers and Pairing components: wired to the model's tables and parameters."""

from __future__ import annotations

import numpy as np

from sim.model import MentorshipModel
from sim.state import ATTRITION, LEADER, MENTEE_LEFT, MENTOR_LEFT
from sim.year import YearRecord

SMALL = {"institution__initial_size": 200}


def test_careers_works_on_the_model_tables():
    model = MentorshipModel(rng=3, years=2, **SMALL)
    assert model.careers.people is model.people
    assert model.careers.relationships is model.relationships
    model.run()
    assert model.careers.people is model.people


def test_components_follow_the_program_parameters_when_it_starts():
    # Protected time counts in the kernels only while the program runs: a component left with
    # the parameters of the years before the start would develop, promote or evaluate with the
    # wrong ones.
    model = MentorshipModel(
        rng=4,
        years=4,
        program__formal=True,
        program__policy="random",
        program__start_year=3,
        **SMALL,
    )
    seen = []
    for _ in range(4):
        model.step()
        assert model.careers.params is model.params
        assert model.pairing.params is model.params
        seen.append(model.program_running)
    assert seen == [False, False, True, True]
    assert model.careers.params is model._params_when_running[True]


def test_leave_ends_the_relationships_on_both_sides():
    model = MentorshipModel(rng=5, years=1, **SMALL)
    model.step()
    p, r = model.people, model.relationships
    mentor = int(np.flatnonzero(p.active & (p.load > 0))[0])
    mentees = int((r.active & (r.mentor == mentor)).sum())
    own_mentors = int((r.active & (r.mentee == mentor)).sum())
    record = YearRecord(year=model.year)
    model.careers.leave(np.array([mentor]), ATTRITION, model.year, record)
    assert not p.active[mentor]
    assert p.exit_reason[mentor] == ATTRITION
    assert p.load[mentor] == 0
    assert not (r.active & ((r.mentor == mentor) | (r.mentee == mentor))).any()
    assert mentees > 0
    assert record.tally.ended[MENTOR_LEFT] == mentees
    assert record.tally.ended[MENTEE_LEFT] == own_mentors
    assert sum(record.tally.ended) == mentees + own_mentors


def test_leadership_reserve_counts_open_posts_and_ending_terms():
    model = MentorshipModel(rng=6, years=1, **SMALL)
    p, inst = model.people, model.design.institution
    leaders = np.flatnonzero(p.active & (p.stage == LEADER))
    assert 0 < len(leaders) <= model.positions
    # Before any sitting leader's term can end, only the empty posts are held back.
    first = int(p.leader_year[leaders].min())
    assert model.careers.leadership_reserve(first) == model.positions - len(leaders)
    # Once every term has ended, every post is.
    last = int(p.leader_year[leaders].max()) + inst.leader_term_years
    assert model.careers.leadership_reserve(last) == model.positions

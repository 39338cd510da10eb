"""The year's event counts are typed fields: a misspelt count fails, and the counts add up."""

from __future__ import annotations

import dataclasses

import pytest

from sim.model import MentorshipModel
from sim.state import END_NAMES, GRADUATED, NATURAL_END
from sim.tally import Tally

SMALL = {"institution__initial_size": 250}


def test_a_misspelt_count_is_an_error_not_a_new_zero():
    tally = Tally()
    with pytest.raises(AttributeError):
        tally.promotions_asociate += 1  # type: ignore[attr-defined]
    with pytest.raises(AttributeError):
        tally.promotions_asociate = 1  # type: ignore[attr-defined]


def test_add_sums_every_count_and_as_dict_names_them():
    a, b = Tally(hires=2, openings=1), Tally(hires=3, track_changes=4)
    a.ended[GRADUATED] += 5
    b.ended[GRADUATED] += 1
    b.ended[NATURAL_END] += 2
    a.add(b)
    assert (a.hires, a.openings, a.track_changes) == (5, 1, 4)
    assert b.hires == 3  # the added tally is unchanged
    counts = a.as_dict()
    assert counts["ended_graduated"] == 6 and counts["ended_natural_end"] == 2
    assert {f"ended_{name}" for name in END_NAMES} <= set(counts)
    assert "ended" not in counts
    assert len(counts) == len(dataclasses.fields(Tally)) - 1 + len(END_NAMES)


def test_a_runs_totals_are_the_sum_of_its_years_and_feed_the_metrics():
    model = MentorshipModel(
        rng=4,
        years=5,
        program__formal=True,
        program__policy="committee",
        program__mentors_per_mentee=3,
        program__evaluate_relationships=True,
        **SMALL,
    )
    summed = Tally()
    for _ in range(5):
        model.step()
        summed.add(model.tally)
        metrics = model.metrics
        assert metrics["hires"] == model.tally.hires
        assert metrics["promotions_associate"] == model.tally.promotions_associate
        assert metrics["exits_retirement"] == model.tally.exits_retirement
    assert model.totals == summed
    assert summed.hires > 0 and summed.relationships_started > 0 and summed.evaluations > 0
    # Every relationship ended was counted under its reason.
    r = model.relationships
    ended = r.end_year >= 1
    for code, name in enumerate(END_NAMES):
        assert summed.ended[code] == int((ended & (r.end_reason == code)).sum()), name

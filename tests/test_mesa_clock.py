"""The model keeps time with Mesa: its year is Mesa's step counter, ``run`` is ``run_for``.

A run through ``run()`` (Mesa's ``run_for``), a run stepped by hand and a run driven by
``mesa.batch_run``-style ``while running: step()`` must be the same run for one seed: same
tables, same yearly metrics, same outcomes.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sim.model import MentorshipModel

SMALL = {"institution__initial_size": 250}
YEARS = 6


def fingerprint(model: MentorshipModel) -> tuple:
    """Everything a run leaves: every column of both tables, the yearly frame, the outcomes."""
    tables = tuple(
        getattr(table, column).copy()
        for table in (model.people, model.relationships)
        for column in table.columns()
    )
    return tables, model.yearly(), model.outcomes()


def same(a: tuple, b: tuple) -> None:
    for x, y in zip(a[0], b[0], strict=True):
        np.testing.assert_array_equal(x, y)
    pd.testing.assert_frame_equal(a[1], b[1])
    assert a[2].keys() == b[2].keys()
    np.testing.assert_array_equal(list(a[2].values()), list(b[2].values()))


@pytest.mark.parametrize(
    "overrides",
    [
        {},
        {"program__formal": True, "program__policy": "committee", "program__mentors_per_mentee": 3},
    ],
)
def test_run_for_stepping_and_running_flag_give_one_run(overrides):
    by_run = MentorshipModel(rng=5, years=YEARS, **SMALL, **overrides)
    by_run.run()
    by_step = MentorshipModel(rng=5, years=YEARS, **SMALL, **overrides)
    for _ in range(YEARS):
        by_step.step()
    by_flag = MentorshipModel(rng=5, years=YEARS, **SMALL, **overrides)
    while by_flag.running:
        by_flag.step()
    same(fingerprint(by_run), fingerprint(by_step))
    same(fingerprint(by_run), fingerprint(by_flag))


def test_year_is_mesas_step_counter():
    model = MentorshipModel(rng=1, years=3, **SMALL)
    assert model.year == model.steps == 0
    model.step()
    assert model.year == model.steps == 1 == model.time
    assert model.running
    model.run()  # the rest of the configured years
    assert model.year == model.steps == 3 == model.time
    assert not model.running
    assert list(model.yearly()["year"]) == [0, 1, 2, 3]
    model.run()  # nothing left to run
    assert model.year == 3


def test_run_for_continues_a_run_past_its_years():
    """``run_for`` is Mesa's own: a model can be run on past its configured years."""
    model = MentorshipModel(rng=1, years=2, **SMALL)
    model.run()
    model.run_for(2)
    assert model.year == 4
    assert len(model.yearly()) == 5

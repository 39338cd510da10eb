"""Leaving the institution: moves to another academic institution and leaving academic medicine.

A one-institution model sees both as a post to refill (Alexander & Lang 2008: ten years on,
10% of new faculty had moved and 38% had left academic medicine). The split is a keyed draw
apart from the exit draw, so two runs on one seed that differ only in ``career.move_share``
lose the same people in the same years and differ only in why.
"""

import numpy as np
import pytest

from sim.model import MentorshipModel
from sim.outcomes.run import LEFT_INSTITUTION, retention_data
from sim.scenario import Scenario
from sim.scenario.groups.costs import mean_replacement_cost
from sim.state import ATTRITION, MOVED

# 600 people for 25 years: enough cohorts followed ten years for the run-level outcomes.
RUN = {"rng": 7, "years": 25, "institution__initial_size": 600}


@pytest.fixture(scope="module")
def runs() -> dict[float, MentorshipModel]:
    out = {}
    for share in (0.0, 0.21, 0.5):
        model = MentorshipModel(career__move_share=share, **RUN)
        model.run()
        out[share] = model
    return out


def test_the_move_share_relabels_exits_and_changes_nothing_else(runs):
    none, some = runs[0.0].people, runs[0.21].people
    left_none = np.isin(none.exit_reason, LEFT_INSTITUTION)
    left_some = np.isin(some.exit_reason, LEFT_INSTITUTION)
    np.testing.assert_array_equal(left_none, left_some)
    np.testing.assert_array_equal(none.exit_year, some.exit_year)
    assert not (none.exit_reason == MOVED).any()
    moved = (some.exit_reason == MOVED).sum()
    left = left_some.sum()
    # Binomial: the share of moves among departures is the parameter, within four sd.
    assert abs(moved / left - 0.21) < 4 * np.sqrt(0.21 * 0.79 / left)


def test_moves_count_as_leaving_the_institution_but_not_academic_medicine(runs):
    none, some = runs[0.0].outcomes(), runs[0.21].outcomes()
    assert some["attrition_10y"] == none["attrition_10y"]
    assert some["left_academic_10y"] < none["left_academic_10y"]
    assert none["moved_10y"] == 0
    assert some["moved_10y"] > 0
    assert some["left_academic_10y"] + some["moved_10y"] == pytest.approx(some["attrition_10y"])


def test_moves_refill_posts_at_the_same_cost(runs):
    none, some = runs[0.0].yearly(), runs[0.21].yearly()
    np.testing.assert_array_equal(none["turnover_cost"], some["turnover_cost"])
    costs = Scenario().costs
    per_exit = none["turnover_cost"] / none["exits_attrition"].where(none["exits_attrition"] > 0)
    np.testing.assert_allclose(per_exit.dropna(), costs.replacement_cost)
    assert costs.replacement_cost == pytest.approx(
        costs.specialist_share * costs.replacement_cost_specialist
        + (1 - costs.specialist_share) * costs.replacement_cost_generalist
    )
    assert mean_replacement_cost(116.0, 287.0, 0.0) == 116.0


def test_retention_in_academic_medicine_censors_a_move(runs):
    p, final = runs[0.5].people, runs[0.5].year
    rows = np.flatnonzero(np.isin(p.exit_reason, (ATTRITION, MOVED)) & (p.faculty_year >= 0))
    _, academic = retention_data(p, rows, final)
    _, institution = retention_data(p, rows, final, LEFT_INSTITUTION)
    assert institution.all()
    np.testing.assert_array_equal(academic, p.exit_reason[rows] == ATTRITION)
    assert academic.sum() < len(rows)  # some of them moved: censored, not exits


def test_the_exit_hazard_counts_exits_per_person_year(runs):
    out = runs[0.21].outcomes()
    # Eight years at the ten-year cohort's exit level: about -ln(1 - share) / years a year.
    assert 0.5 * out["attrition_10y"] / 10 < out["exit_hazard_8y"] < 2 * out["attrition_10y"] / 8

import math

import numpy as np
import pytest

from sim.model import MentorshipModel
from sim.outcomes import OUTCOMES, YEARLY, kaplan_meier, kaplan_meier_median, run_outcomes


def test_kaplan_meier_by_hand():
    # At t=1 five at risk, one leaves: 0.8; t=2 four at risk (one censored at 2 counts as at
    # risk), one leaves: 0.6; t=3 two at risk, one leaves: 0.3.
    durations = np.array([1, 2, 2, 3, 4], float)
    observed = np.array([True, False, True, True, False])
    times, survival = kaplan_meier(durations, observed)
    assert times.tolist() == [1.0, 2.0, 3.0]
    np.testing.assert_allclose(survival, [0.8, 0.6, 0.3])
    # The curve crosses one half between t=2 (0.6) and t=3 (0.3): 2 + 0.1 / 0.3.
    assert kaplan_meier_median(durations, observed) == pytest.approx(2 + 1 / 3)


def test_kaplan_meier_median_on_an_exact_step_and_without_crossing():
    assert kaplan_meier_median(np.array([1.0, 2.0, 3.0, 4.0]), np.ones(4, bool)) == 2.0
    assert math.isnan(kaplan_meier_median(np.array([5.0, 6.0]), np.array([False, False])))
    assert math.isnan(kaplan_meier_median(np.array([1.0, 6.0, 7.0]), np.array([True, False,
                                                                                 False])))


def test_every_outcome_has_a_definition_unit_and_direction():
    for name, outcome in OUTCOMES.items():
        assert outcome.name == name and outcome.definition and outcome.unit
        assert outcome.direction in (-1, 0, 1)
    assert all(YEARLY.values())


def test_nobody_leaves_gives_zero_attrition():
    # Known answer: no attrition hazard and nobody near retirement age leaves nobody to lose.
    model = MentorshipModel(rng=4, years=16, institution__initial_size=300,
                            career__attrition_rate=0.0)
    model.run()
    out = run_outcomes(model)
    assert out["annual_attrition"] == 0.0
    assert out["attrition_10y"] == 0.0
    assert out["attrition_3y"] == 0.0
    assert math.isnan(out["early_attrition_ratio"])
    assert math.isnan(out["median_retention_women"])


def test_cohort_outcomes_agree_with_the_rows():
    model = MentorshipModel(rng=9, years=25, institution__initial_size=400)
    model.run()
    out = run_outcomes(model)
    p = model.people
    cohort = (p.faculty_stage == 1) & (p.faculty_year > model.design.warmup_years) & (
        p.faculty_year <= model.year - 10)
    promoted = (p.associate_year >= 0) & (p.associate_year - p.faculty_year < 10)
    assert out["promoted_assoc_10y"] == pytest.approx(promoted[cohort].mean())
    left = (p.exit_reason == 1) & (p.exit_year - p.faculty_year < 10)
    assert out["attrition_10y"] == pytest.approx(left[cohort].mean())
    for name in ("mentored_share", "burnout_share", "promoted_assoc_10y", "attrition_10y"):
        assert 0.0 <= out[name] <= 1.0
    assert out["time_to_promotion"] >= model.design.career.min_years_assistant

import math

import numpy as np
import pandas as pd
import pytest

from sim.model import MentorshipModel
from sim.outcomes import (
    OUTCOMES,
    YEARLY,
    kaplan_meier,
    kaplan_meier_median,
    retention_table,
    run_outcomes,
    uncomputable,
)
from sim.scenario import Scenario
from sim.state import ASSISTANT, ATTRITION, RETIREMENT, new_people, new_relationships


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
    assert math.isnan(
        kaplan_meier_median(np.array([1.0, 6.0, 7.0]), np.array([True, False, False]))
    )


def test_every_outcome_has_a_definition_unit_and_direction():
    for name, outcome in OUTCOMES.items():
        assert outcome.name == name and outcome.definition and outcome.unit
        assert outcome.direction in (-1, 0, 1)
    assert all(YEARLY.values())


def test_follow_up_years_say_the_first_year_a_cohort_outcome_is_defined():
    # The experiment commands refuse runs shorter than years_needed, so the rule must match
    # what run_outcomes computes: never defined a year sooner (else a good request would be
    # refused), and defined in the year it names (else a refused request would have worked).
    # A 2-year warm-up brings the ten-year outcomes within a 13-year run.
    model = MentorshipModel(rng=3, years=13, warmup_years=2, institution__initial_size=300)
    warmup = model.design.warmup_years
    followed = {name: o for name, o in OUTCOMES.items() if o.follow_up_years}
    first_defined = {}
    while model.year < model.years:
        model.step()
        out = model.outcomes()
        early = [
            name
            for name, o in followed.items()
            if o.years_needed(warmup) > model.year and not math.isnan(out[name])
        ]
        assert not early, f"defined in year {model.year}, before the rule allows: {early}"
        first_defined.update(
            {
                name: model.year
                for name in followed
                if name not in first_defined and not math.isnan(out[name])
            }
        )
    for name in (
        "attrition_3y",
        "development_index",
        "retention_8y",
        "attrition_10y",
        "promoted_assoc_10y",
        "promoted_full_10y",
        "early_attrition_ratio",
    ):
        assert first_defined[name] == OUTCOMES[name].years_needed(warmup), name
    assert OUTCOMES["attrition_10y"].years_needed(5) == 16  # the default warm-up


def test_uncomputable_names_each_outcome_a_run_is_too_short_for():
    assert uncomputable(["mentored_share", "attrition_10y", "retention_8y"], 12, 5) == {
        "attrition_10y": 16,
        "retention_8y": 14,
    }
    assert uncomputable(["mentored_share", "attrition_10y"], 16, 5) == {}


def test_nobody_leaves_gives_zero_attrition():
    # Known answer: no attrition hazard and nobody near retirement age leaves nobody to lose.
    model = MentorshipModel(
        rng=4, years=16, institution__initial_size=300, career__attrition_rate=0.0
    )
    model.run()
    out = model.outcomes()
    assert out["annual_attrition"] == 0.0
    assert out["attrition_10y"] == 0.0
    assert out["attrition_3y"] == 0.0
    assert math.isnan(out["early_attrition_ratio"])
    assert math.isnan(out["median_retention_women"])


def constructed_cohort():
    """Ten assistant professors hired in year 6 (after the warm-up), followed to year 20.

    By hand: rows 0-3 promoted to associate after 5, 6, 7 and 12 years (three within ten
    years); rows 4 and 5 left academic medicine after 2 and 8 years; row 6 retired after 4;
    rows 7-9 stayed unpromoted. Women: rows 0, 4, 7. URM: rows 1, 5.
    """
    people = new_people(16)
    rows = people.add_rows(10)
    people.faculty_stage[rows] = ASSISTANT
    people.faculty_year[rows] = 6
    people.stage[rows] = ASSISTANT
    people.active[rows] = True
    people.associate_year[:4] = [11, 12, 13, 18]
    people.exit_year[4:7] = [8, 14, 10]
    people.exit_reason[4:7] = [ATTRITION, ATTRITION, RETIREMENT]
    people.active[4:7] = False
    people.woman[[0, 4, 7]] = True
    people.urm[[1, 5]] = True
    yearly = pd.DataFrame({name: np.zeros(21) for name in YEARLY})
    return people, new_relationships(16), yearly


def test_cohort_outcomes_have_the_answers_counted_by_hand():
    people, relationships, yearly = constructed_cohort()
    out = run_outcomes(people, relationships, Scenario(), yearly, final_year=20)
    assert out["promoted_assoc_10y"] == pytest.approx(3 / 10)
    assert out["attrition_10y"] == pytest.approx(2 / 10)
    assert out["attrition_3y"] == pytest.approx(1 / 10)
    # Promoted at all (within the run): 5, 6, 7 and 12 years.
    assert out["time_to_promotion"] == pytest.approx((5 + 6 + 7 + 12) / 4)
    # Men promoted within ten years: rows 1, 2 of 7 men; women: row 0 of 3.
    assert out["promotion_gap_women"] == pytest.approx(2 / 7 - 1 / 3)
    assert out["promotion_ratio_women"] == pytest.approx((1 / 3) / (2 / 7))
    # URM: row 1 of rows 1, 5; non-URM: rows 0, 2 of 8.
    assert out["promotion_ratio_urm"] == pytest.approx((1 / 2) / (2 / 8))
    assert out["promoted_assoc_10y_urm"] == pytest.approx(1 / 2)


def cohort_promoted(men_promoted: int, women_promoted: int, size: int = 10):
    """Ten men and ten women hired in year 6, followed to year 20; the first k promoted."""
    people = new_people(2 * size)
    rows = people.add_rows(2 * size)
    people.faculty_stage[rows] = ASSISTANT
    people.faculty_year[rows] = 6
    people.active[rows] = True
    people.woman[size:] = True
    people.associate_year[:men_promoted] = 12
    people.associate_year[size : size + women_promoted] = 12
    yearly = pd.DataFrame({name: np.zeros(21) for name in YEARLY})
    return run_outcomes(people, new_relationships(4), Scenario(), yearly, final_year=20)


def test_levelling_down_does_not_read_as_equity_progress():
    # A design that promotes everyone half as often halves the gap in points, which a
    # verdict on the gap would call progress; the ratio, where the verdict lies, is unchanged.
    before = cohort_promoted(men_promoted=6, women_promoted=4)
    after = cohort_promoted(men_promoted=3, women_promoted=2)
    assert after["promoted_assoc_10y"] < before["promoted_assoc_10y"]
    assert after["promotion_gap_women"] == pytest.approx(before["promotion_gap_women"] / 2)
    assert after["promotion_ratio_women"] == pytest.approx(before["promotion_ratio_women"])
    assert before["promotion_ratio_women"] == pytest.approx(4 / 6)
    for name in (
        "promotion_gap_women",
        "promotion_gap_urm",
        "retention_gap_women",
        "retention_gap_urm",
    ):
        assert OUTCOMES[name].direction == 0, name
    for name in (
        "promotion_ratio_women",
        "promotion_ratio_urm",
        "retention_ratio_women",
        "retention_ratio_urm",
    ):
        assert OUTCOMES[name].direction == +1, name


def test_retention_table_censors_retirement_and_the_end_of_the_run():
    people, _, _ = constructed_cohort()
    table = retention_table(people, Scenario(), final_year=20)
    assert table["duration"].tolist() == [14, 14, 14, 14, 2, 8, 4, 14, 14, 14]
    assert table["observed"].tolist() == [False] * 4 + [True, True] + [False] * 4
    assert table["woman"].sum() == 3 and table["urm"].sum() == 2


def test_run_outcomes_of_a_model_are_every_outcome_within_bounds():
    model = MentorshipModel(rng=9, years=25, institution__initial_size=400)
    model.run()
    out = model.outcomes()
    assert set(out) == set(OUTCOMES)
    for name in ("mentored_share", "burnout_share", "promoted_assoc_10y", "attrition_10y"):
        assert 0.0 <= out[name] <= 1.0
    assert out["time_to_promotion"] >= model.design.career.min_years_assistant
    assert 0.0 < out["mentored_share"] <= 1.0


def test_load_quantiles_equal_numpy_on_mentee_counts():
    from sim.outcomes.yearly import _quantile_of_sorted

    rng = np.random.default_rng(4)
    for n in (1, 2, 3, 4, 5, 17, 160, 1001):
        loads = np.sort(rng.integers(1, 25, n).astype(np.int32))
        assert _quantile_of_sorted(loads, 0.5) == float(np.median(loads))
        assert _quantile_of_sorted(loads, 0.75) == float(np.percentile(loads, 75))


def test_a_median_beyond_follow_up_is_extrapolated_with_the_curve_s_late_hazard():
    # Constant hazard with a true median of 15 years, everyone followed 10 years: the curve
    # ends near 0.63, and the exponential tail from its second half finds the median.
    rng = np.random.default_rng(0)
    true = rng.exponential(15.0 / np.log(2.0), 40_000)
    durations = np.minimum(np.ceil(true), 10.0)
    observed = true <= 10.0
    median = kaplan_meier_median(durations, observed)
    assert median == pytest.approx(15.0, abs=0.6)
    # A higher hazard late in the follow-up gives a shorter tail than the early one would:
    # the tail follows the second half, not the mean of the whole curve.
    late = np.where(true > 5.0, 5.0 + (true - 5.0) / 2.0, true)
    median_late = kaplan_meier_median(np.minimum(np.ceil(late), 10.0), late <= 10.0)
    assert median_late < median - 2.0


def test_an_extrapolated_median_needs_leavers_late_in_the_follow_up():
    # Leavers only in the first half of follow-up: no late hazard to extend, so undefined.
    durations = np.array([1.0, 2.0, 10.0, 10.0, 10.0, 10.0])
    observed = np.array([True, True, False, False, False, False])
    assert math.isnan(kaplan_meier_median(durations, observed))

"""Values, changes and intervals of outcomes said in each outcome's own unit."""

import math

import pytest

from sim.report.text.outcomes import change, interval, level, money, shown_unit

# (outcome, its unit as the tables show it, a level of 0.1234, a change of +0.1234)
CASES = [
    ("mentored_share", "points", "12.3%", "+12.3 points"),
    ("annual_attrition", "points a year", "12.3% a year", "+12.3 points a year"),
    ("departures_per_year", "people/year", "0.12 a year", "+0.12 a year"),
    ("program_cost", "$k/year", "$0.12k a year", "+$0.12k a year"),
    ("mentee_satisfaction", "0-1 score", "0.12", "+0.12"),
    ("time_to_promotion", "years", "0.12 years", "+0.12 years"),
]


@pytest.mark.parametrize("outcome, unit, value, diff", CASES)
def test_an_outcome_is_said_in_its_unit(outcome, unit, value, diff):
    assert shown_unit(outcome) == unit
    assert level(outcome, 0.1234) == value
    assert change(outcome, 0.1234) == diff
    assert level(outcome, math.nan) == "n/a" and change(outcome, math.inf) == "n/a"


def test_intervals_use_the_scale_of_the_change_and_say_when_there_is_none():
    assert interval("mentored_share", -0.01, 0.02) == "95% CI -1.00 to +2.00"
    assert interval("program_cost", -0.01, 0.02) == "95% CI -$0.010k to +$0.020k"
    assert interval("time_to_promotion", -0.01, 0.02) == "95% CI -0.010 to +0.020"
    assert interval("mentored_share", math.nan, 0.02) == "no interval"


def test_money_is_thousands_of_dollars_signed_in_front():
    assert money(-20) == "-$20.0k" and money(1234.4) == "$1,234k"
    assert money(math.nan) == "n/a"

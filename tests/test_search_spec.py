"""The ``[search]`` table of an experiment: every bad value is one line naming the key."""

from __future__ import annotations

import pytest

from sim.experiment.sweep.search_spec import SearchSpec, parse_search

OUTCOMES = ["mentored_share", "program_cost", "annual_attrition", "faculty_size"]


class RefusedError(Exception):
    pass


def fail(message: str):
    raise RefusedError(message)


GOOD = {"objectives": ["mentored_share", "program_cost"]}


def test_a_good_table_with_its_defaults_and_resolution():
    spec = parse_search(
        {**GOOD, "trials": 6, "constraints": {"annual_attrition": {"not_worse": True}}},
        OUTCOMES,
        fail,
    )
    assert spec == SearchSpec(
        ("mentored_share", "program_cost"),
        trials=6,
        constraints={"annual_attrition": {"not_worse": True}},
    )
    assert spec.resolved() == {
        "objectives": ["mentored_share", "program_cost"],
        "trials": 6,
        "population": 10,
        "confirm_replicates": 10,
        "constraints": {"annual_attrition": {"not_worse": True}},
    }
    limits = {"program_cost": {"max": 500}, "mentored_share": {"min": 0.5}}
    assert parse_search({**GOOD, "constraints": limits}, OUTCOMES, fail).constraints == limits


@pytest.mark.parametrize(
    ("table", "words"),
    [
        ("not a table", "search must be a table like [search]"),
        ({**GOOD, "trails": 5}, "search.trails: unknown key 'trails'; did you mean 'trials'?"),
        ({"objectives": ["mentored_share"]}, "expected a list of two or more outcomes"),
        ({"objectives": "mentored_share"}, "expected a list of two or more outcomes"),
        (
            {"objectives": ["mentored_share", "mentored_shar"]},
            "'mentored_shar' is not among the experiment's outcomes",
        ),
        (
            {"objectives": ["mentored_share", "faculty_size"]},
            "faculty_size has no better direction to optimise",
        ),
        ({**GOOD, "trials": 1}, "search.trials"),
        ({**GOOD, "population": "ten"}, "search.population"),
        ({**GOOD, "constraints": ["annual_attrition"]}, "search.constraints must be a table"),
        (
            {**GOOD, "constraints": {"annual_attrition": {"below": 0.1}}},
            "search.constraints.annual_attrition = {'below': 0.1}: expected {min = x}",
        ),
        (
            {**GOOD, "constraints": {"annual_attrition": {"min": 0.1, "max": 0.2}}},
            "expected {min = x}, {max = x} or {not_worse = true}",
        ),
        (
            {**GOOD, "constraints": {"faculty_size": {"not_worse": True}}},
            "not_worse = true needs an outcome with a better direction",
        ),
        (
            {**GOOD, "constraints": {"annual_attrition": {"not_worse": 1}}},
            "not_worse = true needs an outcome with a better direction",
        ),
        (
            {**GOOD, "constraints": {"annual_attrition": {"max": "low"}}},
            "max = 'low' is not allowed; expected a number",
        ),
        (
            {**GOOD, "constraints": {"annual_attrition": {"max": True}}},
            "max = True is not allowed; expected a number",
        ),
        (
            {**GOOD, "constraints": {"nosuch": {"max": 1}}},
            "'nosuch' is not among the experiment's outcomes",
        ),
    ],
)
def test_bad_tables_are_refused_in_one_line_naming_the_key(table, words):
    with pytest.raises(RefusedError) as refused:
        parse_search(table, OUTCOMES, fail)
    message = str(refused.value)
    assert words in message and "\n" not in message

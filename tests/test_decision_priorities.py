"""The decision table's --priorities names and its cost cells, refused and said by hand."""

import math
from types import SimpleNamespace

import pytest

from sim.errors import InputError
from sim.report.decision.table import (
    Cell,
    _cost_cell,
    check_priority_names,
    priority_outcomes,
)
from sim.report.text.outcomes import money


def test_priorities_take_column_keys_or_their_outcomes_and_name_what_is_allowed():
    assert check_priority_names(["burnout", "attrition_10y"]) == ["burnout", "retention"]
    with pytest.raises(
        InputError, match="'coverag' is not a decision-table column; did you mean 'coverage'"
    ):
        check_priority_names(["coverag"])
    with pytest.raises(
        InputError, match=r"'zzz' is not a decision-table column \(columns: coverage, "
    ):
        check_priority_names(["zzz"])


def test_priority_outcomes_leave_out_the_columns_read_from_costs():
    assert priority_outcomes(["cost_per_departure", "net_cost", "burnout_share"]) == [
        "net_cost",
        "burnout_share",
    ]
    default = priority_outcomes(None)
    assert default[0] == "mentored_share" and "cost_per_departure_avoided" not in default


def _cost(value, ci_high=10.0, note=None):
    return SimpleNamespace(value=value, ci_high=ci_high, note=note)


def test_a_cost_cell_ranks_cheaper_first_and_an_unbounded_price_last():
    assert _cost_cell(None) == Cell("n/a", "not in these runs", 0.0)
    assert _cost_cell(_cost(math.nan, note="no departure avoided")) == Cell(
        "none",
        "no departure avoided",
        0.0,
    )
    assert _cost_cell(_cost(None)) == Cell("none", "no price", 0.0)
    priced = _cost_cell(_cost(12.5))
    assert priced == Cell(money(12.5), "priced", -12.5)
    unbounded = _cost_cell(_cost(12.5, ci_high=math.inf))
    assert unbounded.verdict == "may buy nothing" and unbounded.score == -math.inf

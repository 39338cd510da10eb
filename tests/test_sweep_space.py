"""How a varied parameter maps the unit interval to values, and the grids it takes."""

from __future__ import annotations

import math

import pytest
from scipy import stats

from sim.experiment.sweep.space import Varied


def test_integer_range_grid_and_values():
    v = Varied("mentors.hard_cap", "lever", "range", integer=True, lo=2, hi=6)
    assert v.grid(3) == [2, 4, 6]
    assert v.grid(10) == [2, 3, 4, 5, 6]  # more levels than integers: each once
    assert [v.value(u) for u in (0.0, 0.19, 0.2, 0.99, 1.0, 1.5)] == [2, 2, 3, 6, 6, 6]


def test_float_range_and_list_grids():
    v = Varied("career.baseline_stress", "uncertainty", "range", lo=0.2, hi=0.6)
    assert v.grid(3) == pytest.approx([0.2, 0.4, 0.6])
    assert v.value(0.25) == pytest.approx(0.3)
    listed = Varied("program.policy", "lever", "values", values=("random", "stable"))
    assert listed.grid(7) == ["random", "stable"]
    assert listed.value(0.49) == "random" and listed.value(0.5) == "stable"


@pytest.mark.parametrize(
    ("dist", "u", "expected"),
    [
        ({"dist": "uniform"}, 0.25, 2.0),
        ({"dist": "loguniform"}, 0.5, math.sqrt(1.0 * 5.0)),
        ({"dist": "triangular", "mode": 2.0}, 0.5, stats.triang.ppf(0.5, 0.25, loc=1, scale=4)),
        (
            {"dist": "normal", "mean": 3.0, "sd": 1.0},
            0.5,
            3.0,  # symmetric truncation: the median is the mean
        ),
    ],
)
def test_distributions_by_their_inverse_cdf(dist, u, expected):
    v = Varied("career.attrition_rate", "uncertainty", "dist", lo=1.0, hi=5.0, dist=dist)
    assert v.value(u) == pytest.approx(expected)
    grid = v.grid(4)  # midpoints of four equal-probability bins, in order
    assert grid == sorted(grid) and len(grid) == 4
    assert grid[0] == pytest.approx(v.value(0.125))


def test_an_integer_distribution_rounds_and_a_grid_keeps_each_value_once():
    v = Varied(
        "mentors.hard_cap", "lever", "dist", integer=True, lo=2, hi=3, dist={"dist": "uniform"}
    )
    assert v.value(0.2) == 2 and v.value(0.8) == 3
    assert v.grid(8) == [2, 3]


def test_a_range_without_both_ends_is_refused_naming_the_key():
    with pytest.raises(ValueError, match="career.baseline_stress: a range needs both ends"):
        Varied("career.baseline_stress", "uncertainty", "range", lo=0.2).value(0.5)


def test_resolved_forms():
    listed = Varied("program.policy", "lever", "values", values=("a", "b"), origin="list")
    assert listed.resolved() == {
        "key": "program.policy",
        "role": "lever",
        "kind": "values",
        "origin": "list",
        "values": ["a", "b"],
    }
    dist = {"dist": "uniform"}
    d = Varied("x.y", "uncertainty", "dist", lo=0.0, hi=1.0, dist=dist, origin="uniform")
    assert d.resolved()["dist"] == dist and (d.resolved()["lo"], d.resolved()["hi"]) == (0.0, 1.0)

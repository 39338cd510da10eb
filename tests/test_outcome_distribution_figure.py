"""The outcome distribution figure: a box and the replicates per design, NaN left out."""

import math

import numpy as np
import pandas as pd
import pytest

from sim.outcomes import OUTCOMES
from sim.report.figures.common import outcome_distribution_figure


def _runs() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "design": ["a", "a", "a", "b", "b"],
            "mentored_share": [0.3, 0.1, 0.2, 0.5, math.nan],
            "net_cost": [1.0, 2.0, math.inf, 3.0, 4.0],
        }
    )


def test_each_design_gets_its_replicates_spread_by_rank_and_the_outcome_unit():
    # The report's figures are plain Figure objects (no pyplot), freed with the test.
    fig = outcome_distribution_figure(_runs(), ["mentored_share", "net_cost"])
    share, cost = (ax for ax in fig.axes if ax.get_visible())
    assert share.get_title() == "mentored_share" and cost.get_title() == "net_cost"
    assert share.get_ylabel() == OUTCOMES["mentored_share"].unit
    assert [t.get_text() for t in share.get_xticklabels()] == ["a", "b"]
    a, b = share.collections  # one scatter per design; b's NaN is left out
    xy = a.get_offsets()
    # Sideways by rank: the smallest value (0.1) leftmost, the largest (0.3) rightmost.
    assert list(np.asarray(xy)[:, 1]) == [0.3, 0.1, 0.2]
    assert list(np.asarray(xy)[:, 0]) == pytest.approx([0.18, -0.18, 0.0])
    assert np.asarray(b.get_offsets()).tolist() == [[1.0, 0.5]]
    # An infinite cost is left out like NaN.
    assert len(cost.collections[0].get_offsets()) == 2


def test_the_outcomes_to_draw_must_be_given_and_be_columns():
    with pytest.raises(ValueError, match="needs at least one of its outcomes"):
        outcome_distribution_figure(_runs(), [])
    with pytest.raises(KeyError, match=r"outcomes not in runs: \['burnout_share'\]"):
        outcome_distribution_figure(_runs(), ["mentored_share", "burnout_share"])

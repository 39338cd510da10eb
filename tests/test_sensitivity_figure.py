"""The sensitivity bars: the largest first from the top, coloured by role, noise behind."""

import math

import pandas as pd
from matplotlib.container import BarContainer

from sim.report.figures.sweep import sensitivity_figure


def _table() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "index": ["ST", "ST", "ST", "S1"],
            "parameter": ["lever.a", "unc.b", "unc.c", "lever.a"],
            "role": ["lever", "uncertainty", "uncertainty", "lever"],
            "value": [0.2, 0.5, 0.05, 0.9],
            "ci_low": [0.1, 0.4, math.nan, 0.8],
            "ci_high": [0.3, 0.7, math.nan, 1.0],
            "noise": [0.01, math.nan, 0.04, 0.0],
        }
    )


def test_bars_of_one_index_run_from_the_largest_at_the_top():
    fig = sensitivity_figure(_table(), "ST", top=2)
    (ax,) = fig.axes
    # The two largest ST values; bars are drawn bottom up, so the largest is last.
    assert [t.get_text() for t in ax.get_yticklabels()] == ["lever.a", "unc.b"]
    noise, values = (c for c in ax.containers if isinstance(c, BarContainer))
    assert [bar.get_width() for bar in values] == [0.2, 0.5]
    assert [bar.get_width() for bar in noise] == [0.02, 0.0]  # twice the noise; none is 0
    orange, blue = (bar.get_facecolor() for bar in values)
    assert orange != blue  # a lever and an uncertainty
    assert ax.get_xlabel() == "ST (95% bootstrap interval)"
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["uncertainty", "lever", "2 x replicate noise"]

"""The drift of the yearly series after the warm-up is measured and said in the report."""

import numpy as np
import pandas as pd

from sim.report.text.settling import drift_note, drifts


def yearly(share_by_year, mentors_by_year, fulls_by_year, design="base"):
    years = range(len(share_by_year))
    rows = [
        {
            "design": design,
            "replicate": r,
            "year": y,
            "mentored_share": share_by_year[y],
            "active_mentors": mentors_by_year[y],
            "fulls": fulls_by_year[y],
        }
        for r in range(2)
        for y in years
    ]
    return pd.DataFrame(rows)


def test_a_share_still_falling_after_the_warm_up_is_found_and_explained():
    years = np.arange(31)
    share = np.where(years <= 6, 0.70, np.maximum(0.58, 0.70 - 0.04 * (years - 6)))
    mentors = np.where(years <= 6, 165.0, np.maximum(140.0, 165.0 - 5 * (years - 6)))
    fulls = np.maximum(215.0, 315.0 - 10 * years)
    table = yearly(share, mentors, fulls)
    found = {d.metric: d for d in drifts(table, "base", 5)}
    assert set(found) == {"mentored_share", "active_mentors", "fulls"}
    assert found["mentored_share"].at_warmup == 0.70
    assert abs(found["mentored_share"].later - 0.58) < 1e-9
    assert found["mentored_share"].settled_by == 9  # 0.58 + 5% of it is reached in year 9
    note = drift_note(table, "base", 5)
    assert "from 70.0% in year 5 to 58.0%" in note and "max_relationship_years" in note


def test_a_settled_series_says_nothing():
    flat = yearly([0.6] * 31, [150.0] * 31, [210.0] * 31)
    assert drifts(flat, "base", 5) == []
    assert drift_note(flat, "base", 5) == ""

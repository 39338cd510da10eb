"""Which yearly series still move after the warm-up, and which cannot be judged."""

import pandas as pd

from sim.report.text.settling import Drift, drift_note, drifts


def _yearly(last_year: int, **series) -> pd.DataFrame:
    years = range(last_year + 1)
    frame = pd.DataFrame({"design": "a", "year": list(years)})
    for name, rule in series.items():
        frame[name] = [rule(y) for y in years]
    return frame


def test_a_series_that_steps_up_after_the_warm_up_settles_the_year_it_stops_moving():
    yearly = _yearly(
        20,
        step=lambda y: 1.0 if y >= 10 else 0.5,  # half its later level until year 10
        flat=lambda y: 2.0,
        zero=lambda y: 0.0,  # no level to measure a drift against
    )
    found = drifts(yearly, "a", warmup=5, metrics=["step", "flat", "zero", "not_a_column"])
    assert found == [Drift("step", at_warmup=0.5, later=1.0, settled_by=10)]


def test_a_run_too_short_to_tell_or_another_design_finds_nothing():
    short = _yearly(10, step=lambda y: 1.0 if y >= 8 else 0.5)
    assert drifts(short, "a", warmup=5, metrics=["step"]) == []  # needs 6 years past it
    long = _yearly(20, step=lambda y: 1.0 if y >= 10 else 0.5)
    assert drifts(long, "b", warmup=5, metrics=["step"]) == []  # no rows of design b
    assert drift_note(long, "a", None) == "" and drift_note(long, "a", 0) == ""

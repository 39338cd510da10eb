"""How a validation row is named and said: the measure, an undefined state, one replicate."""

import pandas as pd

from sim.experiment.bands import INSIDE, UNDEFINED, UNRESOLVED
from sim.report.text.validation import measure_label, state_label, summary_sentences


def test_a_measure_names_its_outcome_year_and_scenarios():
    level = {"outcome": "mentored_share", "year": 10.0, "kind": "level", "scenario": "baseline"}
    assert measure_label(level) == "mentored_share (year 10) in baseline"
    assert measure_label({**level, "year": float("nan")}) == "mentored_share in baseline"
    difference = {"outcome": "burnout_share", "kind": "difference", "scenario": "coaching"}
    assert (
        measure_label({**difference, "reference": "baseline"})
        == "burnout_share: coaching - baseline"
    )
    ratio = {"outcome": "attrition_10y", "kind": "ratio", "scenario": "a", "reference": "b"}
    assert measure_label(ratio) == "attrition_10y: a / b"


def test_an_undefined_target_and_a_single_replicate_are_said_plainly():
    table = pd.DataFrame(
        {
            "target": ["A", "B", "C"],
            "value": [0.5, float("nan"), 0.6],
            "low": [0.4] * 3,
            "high": [0.6] * 3,
            "state": [INSIDE, UNDEFINED, UNRESOLVED],
            "reps_to_resolve": pd.array([None, None, None], dtype="Int64"),
        }
    )
    assert state_label(table.iloc[1]) == "UNDEFINED"
    one = summary_sentences(table, reps=1)
    assert one[0] == (
        "1 of 3 targets inside their band, 1 not yet resolved at 1 replicates, "
        "1 undefined in these runs."
    )
    assert one[1] == (
        "C: the mean is inside the band but the 95% interval crosses its edge; "
        "rerun with at least 2 replicates."
    )
    # With replicates, a mean on the band's edge is never resolved by more of them.
    assert "no number of replicates would resolve it" in summary_sentences(table, reps=5)[1]

"""The comparison report's ensemble section speaks the schema's words, not its keys."""

import math

import pandas as pd

from sim.report.documents.base import Report
from sim.report.documents.ensemble import ensemble_section
from sim.report.text.parameters import parameter_label, parameter_words


def _table() -> pd.DataFrame:
    row = {
        "outcome": "mentored_share",
        "design": "multi_mentor",
        "baseline": "baseline",
        "reference": "single_mentor",
        "diff": 0.0421,
        "ensemble_members": 20,
        "ensemble_ci_low": 0.0103,
        "ensemble_ci_high": 0.0739,
        "noise_share": 0.25,
        "parameter_share": 0.75,
        "share_members_better": 0.9,
        "hinges_on": "mentors.willing_share (+0.62), career.promotion_hr_women (-0.31)",
        "ensemble_verdict": "depends on mentors.willing_share",
    }
    base = dict.fromkeys(row, math.nan) | {
        "outcome": "mentored_share",
        "design": "baseline",
        "baseline": "baseline",
        "reference": "baseline",
        "ensemble_verdict": "baseline",
    }
    return pd.DataFrame([base, row])


def test_labels_come_from_the_schema_descriptions():
    assert parameter_label("mentors.willing_share") == (
        "chance a senior faculty member is willing to mentor"
    )
    # Cut at the clause break, not at an aside near the start.
    assert parameter_label("career.promotion_hr_women") == (
        "residual promotion hazard ratio, women vs men"
    )
    assert parameter_label("career.productivity_sd").startswith("spread (log scale) of")
    assert parameter_label("no.such_key") == "no.such_key"
    assert parameter_words("depends on mentors.willing_share") == (
        "depends on chance a senior faculty member is willing to mentor [mentors.willing_share]"
    )
    assert parameter_words("nothing to change here") == "nothing to change here"


def test_the_section_shows_labels_points_and_the_reference():
    report = Report("t")
    ensemble_section(report, _table(), ["mentored_share"], "baseline")
    text = report.to_markdown()
    assert "assistant professors with a mentor" in text  # the outcome's label
    assert "multi_mentor (against single_mentor)" in text
    assert "+4.21 points" in text and "95% CI +1.03 to +7.39" in text
    assert (
        "chance a senior faculty member is willing to mentor [mentors.willing_share] (+0.62)"
        in text
    )
    assert "residual promotion hazard ratio, women vs men [career.promotion_hr_women]" in text
    assert "| 25% | 75% | 90% |" in text
    # No bare key is left: every key sits in brackets after its label.
    for line in text.splitlines():
        if "multi_mentor" in line:
            assert line.count("mentors.willing_share") == line.count("[mentors.willing_share]")


def test_no_section_without_the_ensemble_columns():
    report = Report("t")
    ensemble_section(report, _table().drop(columns="hinges_on"), ["mentored_share"], "baseline")
    assert "ensemble" not in report.to_markdown().lower()

"""The decision table and the self-describing comparison.csv.

One row per design, ordered by --priorities; comparison.csv says its units and adjustment.
"""

import math

import pandas as pd
import pytest

from sim.errors import InputError
from sim.experiment.compare import DESCRIBING_COLUMNS, self_describing
from sim.report.decision.table import (
    DEFAULT_PRIORITIES,
    cell_verdict,
    check_priority_names,
    decision_rows,
    decision_table_block,
)


def comparison(rows: list[tuple[str, str, float, str]]) -> pd.DataFrame:
    """A comparison table from (design, outcome, diff, verdict) rows, baseline rows added."""
    records = []
    for design, outcome, diff, verdict in rows:
        records.append(
            {
                "outcome": outcome,
                "design": design,
                "baseline": "base",
                "mean": 0.5 + diff,
                "reference_mean": 0.5,
                "diff": diff,
                "rel_diff": diff / 0.5,
                "ci_low": diff - 0.01,
                "ci_high": diff + 0.01,
                "verdict": verdict,
            }
        )
    for outcome in {r[1] for r in rows}:
        records.append(
            {
                "outcome": outcome,
                "design": "base",
                "baseline": "base",
                "mean": 0.5,
                "reference_mean": 0.5,
                "diff": 0.0,
                "rel_diff": 0.0,
                "ci_low": 0.0,
                "ci_high": 0.0,
                "verdict": "baseline",
            }
        )
    return pd.DataFrame(records)


# "wide" mentors more juniors; "cheap" costs less; coverage first puts wide on top, net cost
# first puts cheap on top.
TABLE = comparison(
    [
        ("cheap", "mentored_share", 0.01, "no detectable difference"),
        ("cheap", "net_cost", -50.0, "better"),
        ("wide", "mentored_share", 0.15, "better"),
        ("wide", "net_cost", 200.0, "worse"),
        ("none", "mentored_share", 0.0, "no detectable difference"),
        ("none", "net_cost", 0.0, "no detectable difference"),
        ("noisy", "mentored_share", 0.10, "no detectable difference"),
        ("noisy", "net_cost", 0.0, "no detectable difference"),
    ]
)


def order(priorities):
    designs = ["none", "noisy", "cheap", "wide"]
    rows, _ = decision_rows(TABLE, pd.DataFrame(), designs, priorities)
    return [r.design for r in rows]


def test_rows_follow_the_priorities():
    # Default: coverage first, then (among ties) the later priorities, net cost among them.
    assert order(None) == ["wide", "cheap", "none", "noisy"]
    assert order(["net_cost"]) == ["cheap", "none", "noisy", "wide"]
    assert order(["net_cost", "coverage"]) == ["cheap", "none", "noisy", "wide"]
    # Outcome names are accepted for their columns.
    assert order(["mentored_share"]) == order(["coverage"])


def test_a_difference_without_a_verdict_does_not_rank():
    # noisy's +10 points of coverage are within noise: they do not lift it above "none".
    assert order(["coverage"]).index("none") < order(["coverage"]).index("noisy")


def test_unknown_priorities_are_refused_with_a_suggestion():
    with pytest.raises(InputError, match="did you mean 'coverage'"):
        check_priority_names(["coverag"])
    assert DEFAULT_PRIORITIES[0] == "coverage"


def test_cells_use_points_for_shares_and_dollars_for_costs():
    rows, columns = decision_rows(TABLE, pd.DataFrame(), ["wide"], None)
    cells = rows[0].cells
    assert cells["coverage"].text == "+15.0 pts"
    assert cells["net_cost"].text.startswith("+$200") and cells["net_cost"].verdict == "worse"
    html_text, md = decision_table_block(rows, columns, "base")
    assert md.splitlines()[0].startswith("| Design (against) | Assistant profs with a mentor")
    assert md.splitlines()[2].startswith("| wide (against base) | +15.0 pts (better)")
    assert "wide<br><small>against base</small>" in html_text
    assert "+15.0 pts (better)" in md and "v-better" in html_text


def test_the_ensemble_verdict_replaces_the_paired_one_when_present():
    row = TABLE.iloc[2]
    assert cell_verdict(row) == "better"
    with_ensemble = row.copy()
    with_ensemble["ensemble_verdict"] = "depends on mentors.willing_share"
    assert cell_verdict(with_ensemble) == "depends on mentors.willing_share"
    with_ensemble["ensemble_verdict"] = ""
    assert cell_verdict(with_ensemble) == "better"


def test_comparison_csv_describes_itself_and_drops_the_baseline():
    table = self_describing(TABLE, "base")
    assert "base" not in set(table["design"])
    assert set(DESCRIBING_COLUMNS) <= set(table.columns)
    share = table[table["outcome"] == "mentored_share"].iloc[0]
    assert share["unit"] == "share" and share["direction"] == "higher is better"
    assert "assistant professors" in share["definition"]
    cost = table[table["outcome"] == "net_cost"].iloc[0]
    assert cost["unit"] == "$k/year" and cost["direction"] == "lower is better"
    assert math.isclose(share["confidence_level"], 0.95)
    assert share["adjustment"].startswith("Bonferroni over 4 designs")


def test_one_extreme_design_does_not_set_the_interval_axis():
    from sim.report.figures.intervals import interval_figure, robust_limit

    rows = pd.DataFrame(
        {"ci_low": [-0.02, -0.01, -0.45], "ci_high": [0.02, 0.03, -0.35]},
        index=["a", "b", "extreme"],
    )
    assert robust_limit(rows, 100) == pytest.approx(1.3 * 3.0)  # b's reach, in points
    assert robust_limit(rows.iloc[:2], 100) is None  # nothing to set apart
    table = comparison(
        [
            ("a", "mentored_share", 0.0, "no detectable difference"),
            ("b", "mentored_share", 0.01, "no detectable difference"),
            ("extreme", "mentored_share", -0.40, "worse"),
        ]
    )
    table.loc[table["design"] == "extreme", ["ci_low", "ci_high"]] = [-0.45, -0.35]
    fig = interval_figure(table, ["mentored_share"], "base")
    low, high = fig.axes[0].get_xlim()
    assert low > -10 and high < 10  # in points, set by a and b, not by -40
    assert any("off scale" in t.get_text() for t in fig.axes[0].texts)


def test_the_terminal_prints_the_table_in_the_same_order():
    from sim.report.documents.terminal import format_decision_table

    text = format_decision_table(TABLE, None, "base", ["net_cost"])
    designs = [line.split()[0] for line in text.splitlines()[3:]]
    assert designs == order(["net_cost"])
    assert text.splitlines()[1].split()[:4] == ["design", "against", "net_cost", "coverage"]
    assert text.splitlines()[3].split()[:2] == ["cheap", "base"]


def test_a_design_compared_with_the_design_it_changes_says_so_everywhere():
    from sim.report.decision.table import decision_table_intro
    from sim.report.figures.intervals import interval_figure
    from sim.report.figures.yearly import timeseries_by_design_figure
    from sim.report.tables.comparison import summary_block

    table = TABLE.assign(reference="base")
    table.loc[table["design"] == "wide", "reference"] = "cheap"
    rows, columns = decision_rows(table, pd.DataFrame(), ["cheap", "wide"], None)
    assert {r.design: r.reference for r in rows} == {"cheap": "base", "wide": "cheap"}
    html_text, md = decision_table_block(rows, columns, "base")
    assert "| wide (against cheap) |" in md and "| cheap (against base) |" in md
    assert "the design it changes" in decision_table_intro("base", None, by_reference=True)
    assert "the design it changes" not in decision_table_intro("base", None)

    html_text, md = summary_block(table, ["mentored_share"], "base", ["cheap", "wide"])
    assert "<th>wide (against cheap)</th>" in html_text and "<th>cheap</th>" in html_text

    fig = interval_figure(table, ["mentored_share"], "base", designs=["cheap", "wide"])
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert labels == ["cheap", "wide\n(vs cheap)"]
    assert fig.axes[0].get_xlabel().startswith("difference from reference")
    plain = interval_figure(TABLE, ["mentored_share"], "base", designs=["cheap", "wide"])
    assert plain.axes[0].get_xlabel().startswith("difference from base")

    yearly = pd.DataFrame(
        [
            {"design": d, "replicate": r, "year": y, "mentored_share": v + 0.01 * r}
            for d, v in (("base", 0.5), ("cheap", 0.6), ("wide", 0.9))
            for r in range(3)
            for y in range(1, 6)
        ]
    )
    fig = timeseries_by_design_figure(
        yearly, "mentored_share", ["base", "cheap", "wide"], "base", references={"wide": "cheap"}
    )
    panels = [ax for ax in fig.axes if ax.get_visible()]
    assert [ax.get_title() for ax in panels[:3]] == ["base", "cheap", "wide\n(vs cheap)"]
    # The dashed line in wide's panel is cheap's mean (about 0.61), not the baseline's (0.51).
    dashed = [line for line in panels[2].get_lines() if line.get_linestyle() == "--"]
    assert len(dashed) == 1 and dashed[0].get_ydata()[0] == pytest.approx(0.61)

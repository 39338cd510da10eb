"""Tests for the comparison report: narrative text, interval figure and the written report."""

import math
import re
from html import escape as html_escape

import pandas as pd
import pytest
from matplotlib.figure import Figure

from sim.experiment.compare import plan, run_comparison
from sim.experiment.costs import COST_COLUMNS, MEASURES
from sim.experiment.options import RunOptions
from sim.experiment.stats import TABLE_COLUMNS
from sim.outcomes import OUTCOMES
from sim.report.decision.summary import COST_OUTCOMES, decide
from sim.report.decision.table import priority_outcomes
from sim.report.documents.compare import (
    VERDICT_CLASSES,
    VERDICT_MARKS,
    CompareDocument,
    write_compare_report,
)
from sim.report.documents.terminal import print_comparison
from sim.report.figures.intervals import interval_figure
from sim.report.text.narrative import describe_design, narrative_block
from sim.report.text.numbers import number
from sim.scenario import Scenario

NAN = math.nan


@pytest.fixture(scope="module")
def comparison(tmp_path_factory):
    """A real three-design comparison (a, a formal program b, an exact copy of a) and report.

    The program recruits mentors: one that only matches the willing mentors reallocates them
    and hardly moves the mentored share, which would leave this comparison without a verdict
    of "better" to show.
    """
    a = Scenario().replace(**{"institution.initial_size": 150, "years": 12, "name": "a"})
    b = a.replace(
        **{
            "program.formal": True,
            "program.policy": "compatibility",
            "program.recruit_mentors": True,
            "name": "b",
        }
    )
    a_copy = a.replace(name="a_copy")
    planned = plan([a, b, a_copy], reps=4)
    out_dir = tmp_path_factory.mktemp("compare")
    result = run_comparison(
        planned, seed=3, options=RunOptions(workers=1, out_dir=out_dir, progress=False)
    )
    html_path, md_path = write_compare_report(result, planned)
    return {
        "plan": planned,
        "result": result,
        "html_path": html_path,
        "md_path": md_path,
        "html": html_path.read_text(encoding="utf-8"),
        "md": md_path.read_text(encoding="utf-8"),
    }


def _section(markdown: str, heading: str) -> str:
    """The text of a Markdown section, from its heading to the next heading of any level."""
    start = markdown.index(f"\n{heading}\n")
    end = markdown.find("\n#", start + len(heading) + 2)
    return markdown[start : end if end >= 0 else None]


def _comparable(row) -> bool:
    return all(math.isfinite(float(v)) for v in (row.diff, row.ci_low, row.ci_high))


# -- the written report -----------------------------------------------------------------------


@pytest.mark.slow
def test_report_files_and_figures_exist(comparison):
    html_path, md_path = comparison["html_path"], comparison["md_path"]
    out_dir = comparison["result"].out_dir
    assert html_path == out_dir / "report.html" and html_path.exists()
    assert md_path == out_dir / "report.md" and md_path.exists()
    linked = re.findall(r"!\[[^\]]*\]\((figures/[^)]+\.png)\)", comparison["md"])
    assert len(linked) >= 8  # intervals, time series, 3 retention, pipeline, 2 loads
    for figure in linked:
        assert (out_dir / figure).is_file(), figure
    for name in (
        "intervals_1",
        "retention",
        "retention_gender",
        "retention_urm",
        "pipeline",
        "mentor_load",
    ):
        assert f"figures/{name}.png" in linked
    # Yearly metrics: in one figure, or as small multiples per metric where bands overlap.
    assert any(f.startswith("figures/timeseries") for f in linked)


@pytest.mark.slow
def test_sections_in_order(comparison):
    md = comparison["md"]
    # The decision table first, then summary, designs, the differences with their intervals,
    # plots, the glossary and the appendix.
    headings = [
        "## Decision table",
        "## Summary",
        "### Decision summary",
        "## Designs",
        "## Differences from a",
        "### Equity",
        "### Most likely best design per outcome",
        "## What each design did",
        "## Differences with their intervals",
        "## Variance reduction from common random numbers",
        "## Yearly metrics",
        "## Retention",
        "## Promotion pipeline",
        "## Mentor load",
        "## Glossary",
        "## Appendix",
    ]
    positions = [md.index(f"\n{h}\n") for h in headings]
    assert positions == sorted(positions)
    # The decision summary (issue 9) fills its place at the top: a block per design.
    summary = md[md.index("\n### Decision summary\n") : md.index("\n## Designs\n")]
    planned = comparison["plan"]
    for design in planned.names[1:]:
        assert f"\n**{design}** against {planned.reference_of(design)}: " in summary
    assert "decision summary (issue 9)" not in md  # the placeholder marker is gone


@pytest.mark.slow
def test_html_is_self_contained(comparison):
    html = comparison["html"]
    images = re.findall(r'<img src="([^"]*)"', html)
    assert images and all(src.startswith("data:image/png;base64,") for src in images)
    assert len(images) == len(re.findall(r"!\[", comparison["md"]))
    assert not re.search(r'(?:src|href)\s*=\s*"(?!data:|#)', html)
    assert "http://" not in html and "https://" not in html
    assert "<script" not in html
    assert "@@compare-raw-block" not in html and "@@compare-raw-block" not in comparison["md"]


@pytest.mark.slow
def test_summary_cells_coloured_by_verdict(comparison):
    html, md = comparison["html"], comparison["md"]
    planned, table = comparison["plan"], comparison["result"].table
    rows = table[table["outcome"].isin(planned.outcomes) & (table["design"] != planned.baseline)]
    verdicts = {r.verdict for r in rows.itertuples() if _comparable(r)}
    assert {"better", "no detectable difference"} <= verdicts
    cell_classes = set(re.findall(r'<td class="diff (v-[a-z]+)"', html))
    for verdict in verdicts:
        css = VERDICT_CLASSES[verdict]
        assert css in cell_classes, verdict
        assert re.search(rf"td\.{css}\b[^{{]*\{{[^}}]*background", html), css  # has a colour
        assert VERDICT_MARKS[verdict] in md
    # Every outcome-design pair has a cell: one row per outcome, one cell per other design.
    summary = html[html.index('<table class="summary">') :]
    summary = summary[: summary.index("</table>")]
    assert summary.count("<tr>") == 1 + len(planned.outcomes)
    assert summary.count('<td class="diff ') == len(planned.outcomes) * (len(planned.names) - 1)
    # The identical copy differs by exactly zero everywhere it is defined.
    copy = rows[(rows["design"] == "a_copy")]
    assert all(
        r.diff == 0 and r.ci_low == 0 and r.ci_high == 0
        for r in copy.itertuples()
        if _comparable(r)
    )


@pytest.mark.slow
def test_summary_states_replicates_stopping_and_ranking(comparison):
    md, result = comparison["md"], comparison["result"]
    summary = md[md.index("## Summary") : md.index("## Designs")]
    assert f"same {result.reps} replicate seeds" in summary
    assert f"Replication stopped: {result.stopped_by}." in summary
    # Counting verdicts is no ranking: the tally is gone.
    assert "Verdicts over all outcomes" not in md and "net (better - worse)" not in md
    differences = md[md.index("## Differences from a") : md.index("## What each design did")]
    assert "| a mean |" in differences
    assert "### Most likely best design per outcome" in differences
    table = result.table
    for outcome in comparison["plan"].outcomes:
        rows = table[table["outcome"] == outcome]
        if rows["p_best"].isna().all():
            assert f"| {outcome} | (undefined) |  |" in differences
            continue
        top = rows[rows["p_best"] == rows["p_best"].max()]
        names = ", ".join(top["design"])
        assert re.search(
            rf"\| {outcome} \| {re.escape(names)} \| "
            rf"{top['p_best'].iloc[0]:.2f}( each)? \|",
            differences,
        ), outcome


@pytest.mark.slow
def test_decision_summary_opens_both_reports(comparison):
    md, html = comparison["md"], comparison["html"]
    planned, result = comparison["plan"], comparison["result"]
    top = md[md.index("\n## Summary\n") : md.index("\n## Designs\n")]
    html_top = html[html.index('id="summary"') : html.index('id="designs"')]
    assert html_top.count('<div class="decision">') == len(planned.names) - 1
    for design in planned.names[1:]:
        decision = decide(
            result.table,
            result.costs,
            design,
            planned.baseline,
            planned.outcomes,
            replacement_cost=planned.scenarios[0].costs.replacement_cost,
            first=priority_outcomes(None),  # the report lists the ranked outcomes first
        )
        block = top[top.index(f"\n**{design}** against {planned.reference_of(design)}: ") :]
        block = block[: block.find("\n\n**", 1) if "\n\n**" in block[1:] else None]
        # The same words in both files, in this order.
        for title in (
            "Largest gains",
            "Largest losses",
            "Yearly cost",
            "Cost per departure avoided",
            "Cost per extra promotion",
            "Trade-off",
            "Who gains",
        ):
            assert f"- **{title}**:" in block, (design, title)
        for text in (
            decision.headline,
            decision.cost,
            decision.per_departure,
            decision.per_promotion,
            decision.worsens,
            *decision.gains,
            *decision.losses,
            *decision.who_gains,
        ):
            assert text in block and html_escape(text) in html_top, (design, text)
    # The copy of the baseline gains, loses and costs nothing, and avoids no departure.
    copy = top[top.index("\n**a_copy** against a: ") :]
    assert "**a_copy** against a: No detectable difference from a on the outcomes compared" in copy
    assert "- **Largest gains**: none detected" in copy
    assert "- **Cost per departure avoided**: no departures avoided (departures 0 a year" in copy
    assert copy.index("no extra program cost; no change in net cost") < copy.index(
        "- **Largest gains**"
    )


@pytest.mark.slow
def test_decision_counts_agree_with_the_table(comparison):
    planned, result = comparison["plan"], comparison["result"]
    table = result.table
    for design in planned.names[1:]:
        rows = table[
            (table["design"] == design)
            & table["outcome"].isin(planned.outcomes)
            & ~table["outcome"].isin(COST_OUTCOMES)
        ]
        comparable = rows[[_comparable(r) for r in rows.itertuples()]]
        decision = decide(table, result.costs, design, planned.baseline, planned.outcomes)
        better = int((comparable["verdict"] == "better").sum())
        worse = int((comparable["verdict"] == "worse").sum())
        assert len(decision.gains) + decision.more_gains == better
        assert len(decision.losses) + decision.more_losses == worse
        assert len(decision.losses) == min(worse, 3)


@pytest.mark.slow
def test_costs_csv_has_its_columns_and_agrees_with_the_comparison(comparison):
    result, planned = comparison["result"], comparison["plan"]
    costs = pd.read_csv(result.out_dir / "costs.csv", keep_default_na=False, na_values=[""])
    assert tuple(costs.columns) == COST_COLUMNS
    assert list(costs["design"].unique()) == planned.names[1:]
    assert set(costs["measure"]) == set(MEASURES)
    table = result.table
    for design in planned.names[1:]:
        extra = costs[(costs["design"] == design) & (costs["measure"] == "extra_program_cost")]
        row = table[(table["design"] == design) & (table["outcome"] == "program_cost")]
        assert extra["value"].iloc[0] == pytest.approx(row["diff"].iloc[0])
        assert extra["ci_low"].iloc[0] == pytest.approx(row["ci_low"].iloc[0])
    copy = costs[costs["design"] == "a_copy"].set_index("measure")
    assert copy.loc["extra_program_cost", "value"] == 0
    assert copy.loc["departures_avoided", "value"] == 0
    assert copy.loc["cost_per_departure_avoided", "note"] == "no departures avoided"
    assert math.isnan(copy.loc["cost_per_departure_avoided", "value"])
    program = costs[(costs["design"] == "b") & (costs["measure"] == "program_cost")]
    assert program["value"].iloc[0] > 0  # a formal program costs something


@pytest.mark.slow
def test_terminal_output_ends_with_the_decision_block(comparison, capsys):
    result, planned = comparison["result"], comparison["plan"]
    print_comparison(
        result.table,
        planned.outcomes,
        baseline=planned.baseline,
        reps=result.reps,
        stopped_by=result.stopped_by,
        costs=result.costs,
    )
    out = capsys.readouterr().out
    block = out[
        out.index("Decision summary, each design against") : out.index("\n\nDecision table")
    ]
    block = block.splitlines()
    # The decision table closes the output: a row per design, best first, with its reference.
    table = out[out.index("Decision table, each design against") :].splitlines()
    assert {tuple(line.split()[:2]) for line in table[3:] if line.strip()} == {
        ("b", "a"),
        ("a_copy", "a"),
    }
    assert block[1:5] == ["  b (against a):", block[2], block[3], block[4]]
    assert block[2].startswith("    top gain: ") and block[3].startswith("    top loss: ")
    assert block[4].startswith("    cost per departure avoided: ")
    assert (
        block[5:]
        == [
            "  a_copy (against a):",
            "    top gain: none detected",
            "    top loss: none detected",
            block[8],
        ]
        and "no departures avoided" in block[8]
    )


@pytest.mark.slow
def test_design_table_states_the_size_assumption(comparison):
    md, out_dir = comparison["md"], comparison["result"].out_dir
    designs = md[md.index("## Designs") : md.index("## Differences from a")]
    assert "| size assumption |" in designs
    yearly = pd.read_parquet(out_dir / "yearly.parquet")
    runs = pd.read_parquet(out_dir / "runs.parquet")
    for name in comparison["plan"].names:
        faculty = yearly[yearly["design"] == name].groupby("year")["faculty"].mean()
        size = runs.loc[runs["design"] == name, "faculty_size"].mean()
        row = next(line for line in designs.splitlines() if line.startswith(f"| {name} |"))
        assert (
            f'hiring "positions", positions growth 0% a year; faculty '
            f"{number(faculty.iloc[0])} at year 0, {number(faculty.iloc[-1])} at year "
            f"{faculty.index[-1]} (mean {number(size)} after the warm-up)"
        ) in row, row


@pytest.mark.slow
def test_designs_table_says_what_each_design_changes(comparison):
    md = comparison["md"]
    designs = md[md.index("## Designs") : md.index("## Differences from a")]
    row = {
        line.split(" | ")[0].strip("| "): line
        for line in designs.splitlines()
        if line.startswith("| ")
    }
    assert "the reference every other design is compared with" in row["a"]
    assert "program.formal = true (a: false)" in row["b"]
    assert 'program.policy = \\"compatibility\\"' not in row["b"]  # quotes stay plain
    assert 'program.policy = "compatibility" (a: "informal")' in row["b"]
    assert "no parameter differs" in row["a_copy"]
    assert "every parameter is the same as a's: the results are identical" in row["a_copy"]
    assert "the same as" not in row["b"]


@pytest.mark.slow
def test_summary_table_gives_each_outcome_its_definition(comparison):
    html = comparison["html"]
    summary = html[html.index('<table class="summary">') :]
    summary = summary[: summary.index("</table>")]
    for outcome in comparison["plan"].outcomes:
        definition = OUTCOMES[outcome].definition
        assert f'<td>{outcome}</td><td class="definition">{html_escape(definition)}</td>' in (
            summary
        ), outcome


@pytest.mark.slow
def test_every_count_agrees_with_the_summary_table(comparison):
    planned, table, md = comparison["plan"], comparison["result"].table, comparison["md"]
    n = len(planned.outcomes)
    assert f"for each of the {n} outcomes" in md
    for design in planned.names[1:]:
        rows = table[(table["design"] == design) & table["outcome"].isin(planned.outcomes)]
        comparable = rows[[_comparable(r) for r in rows.itertuples()]]
        better = int((comparable["verdict"] == "better").sum())
        worse = int((comparable["verdict"] == "worse").sum())
        same = int((comparable["verdict"] == "no detectable difference").sum())
        text = describe_design(table, design, planned.baseline, planned.outcomes)
        assert (
            f"on the {n} outcomes of the summary table {design} was better on {better}, "
            f"worse on {worse} and not detectably different on {same}"
        ) in text


@pytest.mark.slow
def test_equity_shows_ratio_verdict_with_rates_and_gap(comparison):
    md = comparison["md"]
    equity = md[md.index("### Equity") : md.index("### Most likely best design per outcome")]
    for label in (
        "promotion, women vs men",
        "promotion, URM vs non-URM",
        "retention, women vs men",
        "retention, URM vs non-URM",
    ):
        assert label in equity
    assert "gap " in equity and "women " in equity and "non-URM " in equity


@pytest.mark.slow
def test_narrative_of_identical_copy_finds_nothing(comparison):
    planned, table = comparison["plan"], comparison["result"].table
    text = describe_design(table, "a_copy", planned.baseline, planned.outcomes)
    section = _section(comparison["md"], "### a_copy")
    tally = text[: text.index(". ") + 1]
    assert tally in section  # the report's lists open with the same tally
    assert "was better on 0, worse on 0 and not detectably different on" in text
    assert "No detectable difference: " in text
    for word in ("Better", "Worse", "most likely best"):
        assert word not in text and word not in section
    same = section[section.index("- **No detectable difference**: ") :].splitlines()[0]
    rows = table[(table["design"] == "a_copy") & table["outcome"].isin(planned.outcomes)]
    for row in rows.itertuples():
        assert row.outcome in text and row.outcome in section
        if _comparable(row):
            assert re.search(rf"[ ,]{row.outcome}(,|$)", same), row.outcome


@pytest.mark.slow
def test_narrative_names_better_outcomes(comparison):
    planned, table = comparison["plan"], comparison["result"].table
    better = table[(table["verdict"] == "better") & table["outcome"].isin(planned.outcomes)]
    assert not better.empty  # the formal program raises mentored_share, at least
    for design, group in better.groupby("design"):
        text = describe_design(table, design, planned.baseline, planned.outcomes)
        section = _section(comparison["md"], f"### {design}")
        assert text[: text.index(". ") + 1] in section
        claim = text[text.index("Better, largest first: ") :].split(". ")[0]
        listed = section[section.index("- **Better, largest first**:") :]
        listed = listed[: listed.find("\n- **", 1) if "\n- **" in listed[1:] else None]
        for outcome in group["outcome"]:
            assert re.search(rf"(: |; ){outcome} [+-]", claim), outcome
            assert re.search(rf"\n  \d+\. {outcome} [+-]", listed), outcome


@pytest.mark.slow
def test_writing_twice_is_identical(comparison):
    result, planned = comparison["result"], comparison["plan"]
    html_path, md_path = write_compare_report(result, planned)
    assert md_path.read_text(encoding="utf-8") == comparison["md"]
    assert html_path.read_text(encoding="utf-8") == comparison["html"]


@pytest.mark.slow
def test_appendix_is_collapsed_with_scenarios_manifest_and_sorted_wall_times(comparison):
    md, html, out_dir = comparison["md"], comparison["html"], comparison["result"].out_dir
    appendix = md[md.index("## Appendix") :]
    assert "<details><summary>Resolved scenarios" in appendix
    for name in comparison["plan"].names:
        assert f"### {name}" in appendix
        toml = (out_dir / "scenarios" / f"{name}.toml").read_text(encoding="utf-8")
        assert toml.strip() in appendix
    assert "<details><summary>Manifest" in appendix
    assert "| base_seed | 3 |" in appendix
    assert "| stopped_by | fixed replicates |" in appendix
    html_appendix = html[html.index('id="appendix"') :]
    assert html_appendix.count("<details>") == html_appendix.count("</details>") == 3
    assert "<pre>" not in html[: html.index('id="appendix"')]  # nothing verbatim before it
    # Wall times: per design, replicates in numeric order (a/0, a/1, ... not a/0, a/10).
    times = appendix[appendix.index("<details><summary>Wall times per run") :]
    rows = re.findall(r"^\| (\w+) \| (\d+) \| [\d.]+ \|$", times, flags=re.M)
    assert [(d, int(r)) for d, r in rows] == [
        (d, r) for d in comparison["plan"].names for r in range(comparison["result"].reps)
    ]


# -- narrative on a hand-made table -----------------------------------------------------------


def _row(outcome, design, mean, base, diff, low, high, verdict, p_best=0.5, n=10):
    rel = diff / base if base else NAN
    return dict(
        outcome=outcome,
        design=design,
        baseline="base",
        mean=mean,
        reference_mean=base,
        diff=diff,
        rel_diff=rel,
        ci_low=low,
        ci_high=high,
        verdict=verdict,
        p_best=p_best,
        half_width=(high - low) / 2,
        n=n,
        variance_reduction=0.5,
        width_ratio=0.7,
    )


@pytest.fixture
def hand_table() -> pd.DataFrame:
    rows = [
        _row("mentored_share", "base", 0.5, 0.5, 0.0, 0.0, 0.0, "baseline", 0.05),
        _row("mentored_share", "new", 0.6, 0.5, 0.1, 0.05, 0.15, "better", 0.95),
        _row("burnout_share", "base", 0.2, 0.2, 0.0, 0.0, 0.0, "baseline", 0.9),
        _row("burnout_share", "new", 0.25, 0.2, 0.05, 0.01, 0.09, "worse", 0.1),
        _row("attrition_10y", "base", 0.3, 0.3, 0.0, 0.0, 0.0, "baseline", 0.4),
        _row(
            "attrition_10y", "new", 0.29, 0.3, -0.01, -0.03, 0.01, "no detectable difference", 0.6
        ),
        _row("mean_mentors_per_mentee", "base", 1.0, 1.0, 0.0, 0.0, 0.0, "baseline", 0.0),
        _row("mean_mentors_per_mentee", "new", 1.5, 1.0, 0.5, 0.4, 0.6, "higher", 1.0),
        _row("promotion_gap_women", "base", NAN, NAN, 0.0, 0.0, 0.0, "baseline", NAN),
        _row(
            "promotion_gap_women", "new", NAN, NAN, NAN, NAN, NAN, "no detectable difference", NAN
        ),
        _row("program_cost", "base", 0.0, 0.0, 0.0, 0.0, 0.0, "baseline", 1.0),
        _row("program_cost", "new", 60.0, 0.0, 60.0, 60.0, 60.0, "worse", 0.0),
    ]
    return pd.DataFrame(rows, columns=list(TABLE_COLUMNS))


OUTCOME_LIST = [
    "mentored_share",
    "burnout_share",
    "attrition_10y",
    "mean_mentors_per_mentee",
    "promotion_gap_women",
    "program_cost",
]


def test_describe_design_on_hand_made_table(hand_table):
    text = describe_design(hand_table, "new", "base", OUTCOME_LIST)
    # The counts cover every outcome of the summary table, cost included.
    assert text.startswith(
        "Compared with base over 10 paired replicates, on the 6 outcomes of "
        "the summary table new was better on 1, worse on 2 and not "
        "detectably different on 1; 1 moved without a preferred direction; "
        "1 could not be compared."
    )
    assert ("Better, largest first: mentored_share +0.100 [+0.0500, +0.150] (+20.0%).") in text
    # Without standardized effects, the table's order; a zero baseline has no relative.
    assert (
        "Worse, largest first: burnout_share +0.0500 [+0.0100, +0.0900] (+25.0%); "
        "program_cost +60.0 [+60.0, +60.0]."
    ) in text
    assert (
        "Without a preferred direction, largest first: mean_mentors_per_mentee +0.500 "
        "[+0.400, +0.600] (+50.0%)."
    ) in text
    assert "No detectable difference: attrition_10y." in text  # named, not a wall of numbers
    assert "too few replicates have a value): promotion_gap_women." in text
    # P(best) is named where notable and the outcome has a preferred direction.
    assert text.endswith("It is the most likely best design on mentored_share (P(best) 0.95).")
    assert "mean_mentors_per_mentee (P(best)" not in text
    # Deterministic, and only about the outcomes asked for.
    assert describe_design(hand_table, "new", "base", OUTCOME_LIST) == text
    short = describe_design(hand_table, "new", "base", ["attrition_10y"])
    assert "mentored_share" not in short and "program_cost" not in short
    assert "was better on 0, worse on 0 and not detectably different on 1." in short
    assert "No detectable difference: attrition_10y" in short


def test_describe_design_baseline_and_unknown(hand_table):
    assert describe_design(hand_table, "base", "base", OUTCOME_LIST).startswith(
        "base is the baseline"
    )
    with pytest.raises(KeyError):
        describe_design(hand_table, "missing", "base", OUTCOME_LIST)
    text = describe_design(hand_table, "new", "base", ["mentored_share", "not_an_outcome"])
    assert "Not in the comparison table: not_an_outcome." in text


def test_describe_design_lowered_better(hand_table):
    table = hand_table.copy()
    row = (table["outcome"] == "burnout_share") & (table["design"] == "new")
    table.loc[row, ["mean", "diff", "rel_diff", "ci_low", "ci_high", "verdict"]] = [
        0.15,
        -0.05,
        -0.25,
        -0.09,
        -0.01,
        "better",
    ]
    text = describe_design(table, "new", "base", ["burnout_share"])
    assert "Better, largest first: burnout_share -0.0500 [-0.0900, -0.0100] (-25.0%)." in text
    assert "was better on 1, worse on 0" in text and "Worse" not in text


def test_lists_ranked_by_standardized_effect(hand_table):
    table = hand_table.assign(std_effect=0.0)
    effect = {"burnout_share": 0.5, "program_cost": float("inf")}
    for outcome, value in effect.items():
        table.loc[(table["outcome"] == outcome) & (table["design"] == "new"), "std_effect"] = value
    text = describe_design(table, "new", "base", OUTCOME_LIST)
    # program_cost has the larger effect (a deterministic cost): it comes first now.
    assert "Worse, largest first: program_cost +60.0 [+60.0, +60.0]; burnout_share" in text
    html_text, md_text = narrative_block(table, "new", "base", OUTCOME_LIST)
    assert md_text.startswith(text[: text.index(". ") + 1])
    assert (
        "- **Worse, largest first**:\n  1. program_cost +60.0 [+60.0, +60.0]\n"
        "  2. burnout_share +0.0500"
    ) in md_text
    assert "- **No detectable difference**: attrition_10y" in md_text
    assert html_text.count("<ol>") == 3  # better, worse, no preferred direction
    assert "<li>program_cost +60.0 [+60.0, +60.0]</li><li>burnout_share" in html_text


# -- figure and document ----------------------------------------------------------------------


def test_interval_figure(hand_table):
    fig = interval_figure(hand_table, OUTCOME_LIST, "base")
    assert isinstance(fig, Figure)
    visible = [ax for ax in fig.axes if ax.get_visible()]
    assert [ax.get_title() for ax in visible] == OUTCOME_LIST
    assert [t.get_text() for t in visible[0].get_yticklabels()] == ["new"]
    with pytest.raises(ValueError):
        interval_figure(hand_table, [], "base")
    with pytest.raises(KeyError):
        interval_figure(hand_table, ["not_an_outcome"], "base")
    with pytest.raises(ValueError):
        interval_figure(hand_table[hand_table["design"] == "base"], OUTCOME_LIST, "base")


def test_compare_document_raw_block(tmp_path):
    doc = CompareDocument("T", extra_css="td.x { color: red; }\n")
    doc.add_heading("One")
    doc.add_raw('<p class="x">raw &amp; html</p>', "raw *markdown*")
    doc.add_paragraph("after")
    html_path, md_path = doc.write(tmp_path)
    html, md = html_path.read_text(encoding="utf-8"), md_path.read_text(encoding="utf-8")
    assert '<p class="x">raw &amp; html</p>' in html and "td.x { color: red; }" in html
    assert html.index("raw &amp; html") < html.index("<p>after</p>")
    assert "\n\nraw *markdown*\n\nafter\n" in md
    assert "@@" not in html and "@@" not in md

"""The report of one experiment: outcomes, equity, yearly metrics, pipeline, retention, loads.

:func:`write_run_report` lays out the sections in a fixed order from the runner's tables, so
the same results always give the same report. The yearly, pipeline, retention and load
sections are shared with the comparison report.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from sim.outcomes import OUTCOMES
from sim.report.documents.appendix import add_appendix
from sim.report.documents.base import Report
from sim.report.figures.common import (
    PIPELINE_RANKS,
    design_order,
    load_distribution_figure,
    outcome_distribution_figure,
    pipeline_figure,
    retention_figure,
    summary_table,
)
from sim.report.figures.yearly import (
    bands_overlap,
    metric_descriptions,
    timeseries_by_design_figure,
    timeseries_figure,
)
from sim.report.tables.equity import RUN_EXPLANATION, equity_run_table
from sim.report.text.numbers import number
from sim.report.text.settling import drift_note

#: Yearly metrics drawn in the time-series section, in this order.
KEY_YEARLY_METRICS = (
    "mentored_share",
    "annual_attrition",
    "burnout_share",
    "mentee_satisfaction",
    "development_index",
    "leadership_bench",
    "mentor_load_median",
    "women_share_leaders",
)

# Outcome panels per distribution figure: 40 outcomes in one image would be unreadably small.
_OUTCOMES_PER_FIGURE = 12


def write_run_report(
    out_dir: Path,
    *,
    title: str,
    runs: pd.DataFrame,
    yearly: pd.DataFrame,
    retention: pd.DataFrame,
    loads: pd.DataFrame,
    scenario_toml: str,
    manifest: Mapping[str, object],
) -> tuple[Path, Path]:
    """Write ``report.html`` and ``report.md`` (with ``figures/``) for one experiment.

    Args:
        out_dir: Directory to write into (created if missing).
        title: Report title.
        runs: One row per replicate: ``design``, ``replicate``, ``seed`` and the outcomes.
        yearly: One row per replicate and year: ``design``, ``replicate``, ``seed``,
            ``year`` and the ``sim.outcomes.YEARLY`` metrics.
        retention: One row per followed faculty member and replicate: ``design``,
            ``replicate``, ``woman``, ``urm``, ``duration``, ``observed``.
        loads: One row per active mentor at the final year and replicate: ``design``,
            ``replicate``, ``stage``, ``load``.
        scenario_toml: The resolved scenario, shown verbatim in the appendix.
        manifest: Seeds, versions and other run facts, shown as a table in the appendix;
            nested mappings become dotted keys.

    Returns:
        Paths of ``report.html`` and ``report.md``.
    """
    designs = design_order(runs, yearly, retention, loads)
    scenario = _read_toml(scenario_toml)
    warmup = scenario.get("warmup_years")
    report = Report(title)
    _overview(report, runs, yearly, designs, scenario)
    _outcomes_section(report, runs, designs)
    equity_section(report, runs, designs)
    yearly_section(report, yearly, designs, warmup=warmup)
    pipeline_section(report, yearly, designs, warmup=warmup)
    retention_section(report, retention, designs)
    load_section(report, loads, designs)
    _distribution_section(report, runs, designs)
    name = str(scenario.get("name", designs[0] if designs else "scenario"))
    add_appendix(report, [(name, scenario_toml)], manifest, designs)
    return report.write(out_dir)


def _read_toml(text: str) -> dict:
    """The resolved scenario as a dict (empty if it is not TOML: the report still renders)."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return {}


def _overview(
    report: Report,
    runs: pd.DataFrame,
    yearly: pd.DataFrame,
    designs: Sequence[str],
    scenario: Mapping[str, object],
) -> None:
    replicates = runs.groupby("design", sort=False)["replicate"].nunique()
    counts = ", ".join(f"{d} ({int(replicates.get(d, 0))} replicates)" for d in designs)
    years = int(yearly["year"].max()) if len(yearly) else 0
    text = f"Design: {counts}."
    if scenario.get("description"):
        text += f" {scenario['description']}"
    text += f" Each replicate simulates {years} years after the initial state (year 0)"
    warmup = scenario.get("warmup_years")
    text += (
        f"; the first {warmup} are a warm-up that run-level outcomes leave out." if warmup else "."
    )
    report.add_paragraph(text)


def _outcomes_section(report: Report, runs: pd.DataFrame, designs: Sequence[str]) -> None:
    report.add_heading("Outcomes")
    summary = summary_table(runs)
    if summary.empty:
        report.add_paragraph("No outcome columns in the results.")
        return
    report.add_paragraph(
        "Mean over replicates with a 95% t-interval (mean [low, high]) for each design. "
        "Replicates where an outcome is undefined (for example a run too short for ten-year "
        "outcomes) are left out; the count is shown as n=k where it is lower than the "
        "number of replicates. A single value is shown without an interval, and an empty "
        "cell means the outcome is undefined in every replicate."
    )
    total = runs.groupby("design", sort=False)["replicate"].nunique()
    cells = {
        (row.outcome, row.design): _interval_text(row, int(total.get(row.design, 0)))
        for row in summary.itertuples(index=False)
    }
    outcomes = list(pd.unique(summary["outcome"]))
    table = pd.DataFrame(
        {
            "outcome": outcomes,
            "unit": [OUTCOMES[o].unit for o in outcomes],
            **{
                d: [cells.get((o, d), "") for o in outcomes]
                for d in designs
                if d in set(total.index)
            },
            "definition": [OUTCOMES[o].definition for o in outcomes],
        }
    )
    report.add_table(table)


def _interval_text(row: Any, replicates: int) -> str:
    """``mean [low, high]`` of one summary row, with ``n=k`` when replicates were dropped."""
    if row.n == 0:
        return ""
    text = number(row.mean)
    if row.n > 1:
        text += f" [{number(row.ci_low)}, {number(row.ci_high)}]"
    if row.n < replicates:
        text += f" (n={row.n})"
    return text


def equity_section(report: Report, runs: pd.DataFrame, designs: Sequence[str]) -> None:
    """Equity by gender and URM status: ratio, the two groups' rates and the gap."""
    summary = summary_table(runs)
    table = equity_run_table(summary, designs) if not summary.empty else pd.DataFrame()
    if table.empty:
        return
    report.add_heading("Equity")
    report.add_paragraph(RUN_EXPLANATION + " Mean over replicates with a 95% t-interval.")
    report.add_table(table)


def yearly_section(
    report: Report,
    yearly: pd.DataFrame,
    designs: Sequence[str],
    *,
    warmup: int | None = None,
    baseline: str | None = None,
    references: Mapping[str, str] | None = None,
) -> None:
    """Key yearly metrics over the years, with replicate bands (shared).

    Metrics whose designs' bands overlap are drawn as small multiples, a panel per design
    with its reference's mean (the baseline's, or that of the design ``references`` names)
    for comparison; the others share one panel per metric.
    """
    report.add_heading("Yearly metrics")
    metrics = [m for m in KEY_YEARLY_METRICS if m in yearly.columns]
    if not metrics or yearly.empty:
        report.add_paragraph("No yearly metrics in the results.")
        return
    text = (
        "Mean over replicates (line) and the range of the middle 95% of replicates "
        "(band), from year 1: year 0 is the initial state, before anyone has been "
        "matched, promoted or has left, and is not drawn."
    )
    if warmup:
        text += (
            f" The shaded years 1-{warmup} are the warm-up, which the run-level "
            "outcomes leave out while the synthetic initial state settles."
        )
    baseline = baseline if baseline is not None else (designs[0] if designs else None)
    apart = [
        m for m in metrics if len(designs) < 2 or not bands_overlap(yearly, m, designs, warmup or 0)
    ]
    together = [m for m in metrics if m not in apart]
    if together:
        text += (
            " Where the designs' bands overlap, a metric is drawn as small multiples: a "
            f"panel per design, with {baseline}'s mean (dashed) in each for reference"
            + (
                ", or the mean of the design it changes where its title names one."
                if any(r != baseline for r in (references or {}).values())
                else "."
            )
        )
    report.add_paragraph(text)
    note = drift_note(yearly, baseline, warmup) if baseline else ""
    if note:
        report.add_paragraph(note)
    if apart:
        report.add_figure(
            "timeseries",
            timeseries_figure(yearly, apart, designs=designs, warmup=warmup),
            "Yearly metrics per design: mean over replicates and the band of "
            "the middle 95% of replicates.",
        )
    for metric in together:
        assert baseline is not None  # metrics are drawn together only for two or more designs
        report.add_figure(
            f"timeseries_{metric}",
            timeseries_by_design_figure(
                yearly, metric, designs, baseline, warmup=warmup, references=references
            ),
            f"{metric} per design: mean and band of the middle 95% of "
            f"replicates, the reference's mean dashed ({baseline}'s unless the title names "
            "another).",
        )
    report.add_table(metric_descriptions(metrics))


def pipeline_section(
    report: Report, yearly: pd.DataFrame, designs: Sequence[str], *, warmup: int | None = None
) -> None:
    """Headcount by rank over the years (shared with the comparison report)."""
    report.add_heading("Promotion pipeline")
    if yearly.empty or any(rank not in yearly.columns for rank in PIPELINE_RANKS):
        report.add_paragraph("No headcount by rank in the results.")
        return
    report.add_figure(
        "pipeline",
        pipeline_figure(yearly, designs=designs, warmup=warmup),
        "People by rank at year end, stacked, mean over replicates"
        + (f"; years 1-{warmup} are the warm-up." if warmup else "."),
    )


def retention_section(report: Report, retention: pd.DataFrame, designs: Sequence[str]) -> None:
    """Kaplan-Meier retention overall, by gender and by URM status (shared)."""
    report.add_heading("Retention")
    if retention.empty:
        report.add_paragraph("No followed faculty in the results.")
        return
    report.add_paragraph(
        "Kaplan-Meier estimates of the share of new assistant professors still in academic "
        "medicine, by years since they joined, pooled over replicates. Leaving academic "
        "medicine is the event; retirement and the end of the run censor a career. The "
        "dotted line marks one half, where a curve's crossing is the median retention."
    )
    report.add_figure(
        "retention",
        retention_figure(retention, designs=designs),
        "Retention of new faculty, per design.",
    )
    per = ", a panel per design" if len(designs) > 1 else ""
    report.add_figure(
        "retention_gender",
        retention_figure(retention, by="woman", designs=designs),
        f"Retention of new faculty by gender (line style){per}.",
    )
    report.add_figure(
        "retention_urm",
        retention_figure(retention, by="urm", designs=designs),
        f"Retention of new faculty by URM status (line style){per}.",
    )


def load_section(report: Report, loads: pd.DataFrame, designs: Sequence[str]) -> None:
    """Mentor load distributions in the final year (shared)."""
    report.add_heading("Mentor load")
    if loads.empty:
        report.add_paragraph("No active mentors in the final year of any replicate.")
        return
    several = len(designs) > 1
    report.add_figure(
        "mentor_load",
        load_distribution_figure(loads, designs=designs),
        "Mentees per active mentor in the final year: share of mentors at each "
        "load, replicates pooled"
        + (f", a panel per design with {designs[0]} outlined in the others." if several else "."),
    )
    report.add_figure(
        "mentor_load_stage",
        load_distribution_figure(loads, designs=designs, by_stage=True),
        "Mentees per active mentor in the final year, by the mentor's stage"
        + (", a line per design." if several else "."),
    )


def _distribution_section(report: Report, runs: pd.DataFrame, designs: Sequence[str]) -> None:
    report.add_heading("Outcome distributions")
    outcomes = [o for o in OUTCOMES if o in runs.columns and runs[o].notna().any()]
    if not outcomes:
        report.add_paragraph("No outcome values in the results.")
        return
    report.add_paragraph(
        "Each point is one replicate; boxes span the quartiles, whiskers "
        "reach 1.5 times the interquartile range."
    )
    chunks = [
        outcomes[k : k + _OUTCOMES_PER_FIGURE]
        for k in range(0, len(outcomes), _OUTCOMES_PER_FIGURE)
    ]
    for k, chunk in enumerate(chunks, start=1):
        suffix = f" (part {k} of {len(chunks)})" if len(chunks) > 1 else ""
        report.add_figure(
            f"outcomes_{k}",
            outcome_distribution_figure(runs, chunk, designs=designs),
            f"Replicate values of the outcomes{suffix}.",
        )

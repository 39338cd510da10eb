"""Equity in the reports: a ratio with its verdict, the rates it comes from and the gap beside.

A gap (men's promotion rate minus women's) shrinks when everyone is promoted less, so a verdict
on a gap can reward levelling down. The verdict is therefore on the ratio (women's rate over
men's; 1 is parity), which promoting everyone less in proportion leaves where it was. The two
groups' rates and the gap are shown beside the ratio without a verdict of their own
(``sim.outcomes`` gives gaps no preferred direction), so a reader sees *how* a ratio moved:
the disadvantaged group rising, or the other group falling.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from sim.outcomes import OUTCOMES
from sim.report.text.numbers import markdown_cell, number, signed


@dataclass(frozen=True)
class EquityMeasure:
    """One equity comparison: the ratio with the verdict, the two rates and the gap."""

    label: str
    ratio: str
    rates: tuple[str, str]
    groups: tuple[str, str]
    gap: str


#: The equity measures, by gender and by URM status, for promotion and for retention.
EQUITY_MEASURES = (
    EquityMeasure(
        "promotion, women vs men",
        "promotion_ratio_women",
        ("promoted_assoc_10y_women", "promoted_assoc_10y_men"),
        ("women", "men"),
        "promotion_gap_women",
    ),
    EquityMeasure(
        "promotion, URM vs non-URM",
        "promotion_ratio_urm",
        ("promoted_assoc_10y_urm", "promoted_assoc_10y_non_urm"),
        ("URM", "non-URM"),
        "promotion_gap_urm",
    ),
    EquityMeasure(
        "retention, women vs men",
        "retention_ratio_women",
        ("median_retention_women", "median_retention_men"),
        ("women", "men"),
        "retention_gap_women",
    ),
    EquityMeasure(
        "retention, URM vs non-URM",
        "retention_ratio_urm",
        ("median_retention_urm", "median_retention_non_urm"),
        ("URM", "non-URM"),
        "retention_gap_urm",
    ),
)

_WHY = (
    "A gap also shrinks when everyone is promoted or retained less, which is not "
    "progress, while a ratio only rises when the first group gains on the second. "
    "Promotion rates are the shares of new assistant professors promoted to associate "
    "within ten years; retention is the Kaplan-Meier median of years in academic medicine."
)

#: How the comparison report introduces its equity table.
EXPLANATION = (
    "Each measure's verdict is on a ratio: the disadvantaged group's rate over the other's "
    "(1 is parity; higher is better). The two rates and the gap between them stand beside "
    "it without a verdict. " + _WHY
)

#: How the run report introduces its equity table (one design: no verdicts).
RUN_EXPLANATION = (
    "Equity is measured by a ratio: the disadvantaged group's rate over the other's (1 is "
    "parity), which is what a comparison of designs gives its verdict on. The two rates and "
    "the gap between them stand beside it. " + _WHY
)


def measures_in(columns: Sequence[str]) -> list[EquityMeasure]:
    """The equity measures whose every outcome is among ``columns``."""
    present = set(columns)
    return [m for m in EQUITY_MEASURES if {m.ratio, m.gap, *m.rates} <= present]


def equity_run_table(summary: pd.DataFrame, designs: Sequence[str]) -> pd.DataFrame:
    """Equity per design for the run report: ratio, the two rates and the gap, with intervals.

    Args:
        summary: ``sim.report.figures.common.summary_table`` of the runs (mean and interval per
            outcome and design).
        designs: The designs, one row each per measure.

    Returns:
        One row per measure and design: ``measure``, ``design``, ``ratio (1 = parity)``,
        the two groups' rates and ``gap``, each as ``mean [low, high]``.
    """
    cells = {(r.outcome, r.design): r for r in summary.itertuples(index=False)}
    rows = []
    for m in measures_in(list(summary["outcome"].unique())):
        unit = OUTCOMES[m.rates[0]].unit
        for design in designs:

            def text(name: str, design: str = design) -> str:
                row = cells.get((name, design))
                if row is None or not row.n:
                    return ""
                if row.n < 2:
                    return number(row.mean)
                return f"{number(row.mean)} [{number(row.ci_low)}, {number(row.ci_high)}]"

            rows.append(
                (
                    m.label,
                    design,
                    text(m.ratio),
                    f"{m.groups[0]} {text(m.rates[0])}; {m.groups[1]} {text(m.rates[1])} ({unit})",
                    text(m.gap),
                )
            )
    return pd.DataFrame(
        rows,
        columns=[
            "measure",
            "design",
            "ratio (1 = parity)",
            "rates of the two groups",
            "gap (no verdict)",
        ],
    )


def equity_compare_block(
    table: pd.DataFrame,
    baseline: str,
    designs: Sequence[str],
    cell_classes: dict[str, str],
    marks: dict[str, str],
) -> tuple[str, str]:
    """The comparison report's equity table as (HTML, Markdown).

    One row per measure, one column per design (the baseline first). A cell holds the
    design's mean ratio and, for the other designs, the paired difference from the baseline
    with its interval and verdict (coloured as in the summary table); below it the two
    groups' rates and the gap, means over replicates, without a verdict.

    Args:
        table: ``sim.experiment.stats.compare_designs`` output (every outcome).
        baseline: The baseline design.
        designs: The designs, baseline first.
        cell_classes: CSS class of each verdict.
        marks: How each verdict is written.

    Returns:
        The HTML block and its Markdown text; both empty when the table lacks the outcomes.
    """
    esc = html.escape
    cells = {(str(r.outcome), str(r.design)): r for r in table.itertuples(index=False)}
    measures = measures_in(list(table["outcome"].unique()))
    if not measures:
        return "", ""
    html_rows, md_rows = [], []
    for m in measures:
        unit = OUTCOMES[m.rates[0]].unit
        html_cells = [f'<td>{esc(m.label)}<span class="verdict">{esc(m.ratio)}</span></td>']
        md_cells = [f"{m.label} ({m.ratio})"]
        for design in designs:
            row = cells.get((m.ratio, design))
            ratio_text = number(row.mean) if row is not None else "n/a"
            verdict, css = "", ""
            if row is not None and design != baseline:
                if all(pd.notna(v) for v in (row.diff, row.ci_low, row.ci_high)):
                    verdict = (
                        f"{signed(row.diff)} [{signed(row.ci_low)}, "
                        f"{signed(row.ci_high)}] {marks.get(row.verdict, row.verdict)}"
                    )
                    css = cell_classes.get(str(row.verdict), "")
                else:
                    verdict = "not compared (undefined)"
            rates = " · ".join(
                f"{g} {_mean(cells, r, design)}" for g, r in zip(m.groups, m.rates, strict=True)
            )
            gap = f"gap {_mean(cells, m.gap, design)} {_UNITS.get(unit, unit)}".rstrip()
            html_cells.append(
                f'<td class="diff {css}"><strong>{esc(ratio_text)}</strong>'
                + (f'<span class="verdict">{esc(verdict)}</span>' if verdict else "")
                + f'<span class="detail">{esc(rates)}</span>'
                + f'<span class="detail">{esc(gap)}</span></td>'
            )
            md_cells.append(
                f"**{ratio_text}**" + (f" {verdict}" if verdict else "") + f"<br>{rates}<br>{gap}"
            )
        html_rows.append("<tr>" + "".join(html_cells) + "</tr>")
        md_rows.append("| " + " | ".join(markdown_cell(c) for c in md_cells) + " |")
    header = ["measure (ratio)", *designs]
    caption = (
        f"Equity ratio per design (bold), its difference from {baseline} [95% interval] "
        "with the verdict, and the two groups' rates and the gap beside it."
    )
    head = "".join(f"<th>{esc(h)}</th>" for h in header)
    html_text = (
        f'<div class="table-wrap"><table class="summary equity"><caption>'
        f"{esc(caption)}</caption><thead><tr>{head}</tr></thead>\n<tbody>\n"
        + "\n".join(html_rows)
        + "\n</tbody></table></div>"
    )
    md_text = "\n".join(
        [
            f"**{caption}**",
            "",
            "| " + " | ".join(markdown_cell(h) for h in header) + " |",
            "|---|" + "---:|" * len(designs),
            *md_rows,
        ]
    )
    return html_text, md_text


# The unit written after a gap: a gap in shares reads as a plain number, one in years does not.
_UNITS = {"share": ""}


def _mean(cells: dict, outcome: str, design: str) -> str:
    row = cells.get((outcome, design))
    return number(row.mean) if row is not None else "n/a"

"""The comparison report's tables that need more than plain cells: colours, lists, links.

- :func:`designs_block`: what each design is (description, parameters changed, size
  assumption);
- :func:`summary_block`: each design's difference from the baseline per outcome, with its
  interval, coloured by verdict, and each outcome's definition as a column;
- :func:`ranking_table`: the most likely best design per outcome (P(best)).

Each block is returned as (HTML, Markdown) for ``CompareDocument.add_raw``.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

import pandas as pd

from sim.experiment import stats
from sim.outcomes import OUTCOMES
from sim.report.tables.designs import design_rows
from sim.report.text.numbers import markdown_cell, signed
from sim.report.text.outcomes import level, reference_of, scale, shown_unit

#: CSS class of each verdict in the HTML tables.
VERDICT_CLASSES = {
    "better": "v-better",
    "worse": "v-worse",
    "no detectable difference": "v-none",
    "higher": "v-higher",
    "lower": "v-lower",
}

#: How each verdict is written in the Markdown tables (no colours there).
VERDICT_MARKS = {
    "better": "better ▲",
    "worse": "worse ▼",
    "no detectable difference": "no detectable difference",
    "higher": "higher (no preferred direction)",
    "lower": "lower (no preferred direction)",
}

#: CSS the comparison report adds to the base style sheet.
COMPARE_CSS = """\
body { max-width: 1280px; }
td.diff { text-align: right; font-variant-numeric: tabular-nums; min-width: 9rem; }
td.v-better { background: #d7efd9; color: #1b5e20; }
td.v-worse { background: #f9d6d5; color: #8e1b1b; }
td.v-none { background: #ececec; color: #333; }
td.v-higher, td.v-lower { background: #e3eaf4; color: #243b5e; }
td.v-undefined { background: #fff; color: #888; }
td .verdict, td .detail { display: block; font-size: .78rem; font-variant-numeric: normal; }
td .detail { color: #444; }
td.definition { font-size: .8rem; color: #444; min-width: 12rem; }
/* With many designs the table scrolls sideways; the outcome stays in view. */
table.summary td:first-child, table.summary th:first-child { position: sticky; left: 0;
  background: #fff; z-index: 1; }
table.designs td:nth-child(3), table.designs td:nth-child(4) { font-size: .82rem; }
table.designs ul { margin: 0; padding-left: 1.1rem; }
.legend span { display: inline-block; padding: .1rem .45rem; margin-right: .4rem;
  border: 1px solid #ddd; font-size: .82rem; }
.legend .v-better { background: #d7efd9; } .legend .v-worse { background: #f9d6d5; }
.legend .v-none { background: #ececec; } .legend .v-higher { background: #e3eaf4; }
"""

# Class and text of a cell whose difference or interval is undefined.
_UNDEFINED_CLASS = "v-undefined"
_UNDEFINED_TEXT = "not compared (undefined)"


def designs_block(
    scenarios: dict, baseline: str, sizes: dict[str, str] | None = None
) -> tuple[str, str]:
    """What each design is, as (HTML, Markdown): description, parameters changed, size.

    Args:
        scenarios: Design -> resolved scenario dict (``sim.report.tables.designs.read_scenarios``).
        baseline: The baseline design.
        sizes: Design -> its size assumption (``sim.report.tables.sizes.size_assumptions``): hiring
            rule, positions growth and faculty size; None leaves the column out.
    """
    esc = html.escape
    rows = design_rows(scenarios, baseline)
    header = (
        "design",
        "what it is",
        f"parameters that differ from {baseline}",
        *(("size assumption",) if sizes is not None else ()),
    )
    html_rows = []
    md_rows = []
    for design, description, changes in rows:
        items = "".join(f"<li>{esc(c)}</li>" for c in changes)
        size = [(sizes or {}).get(design, "")] if sizes is not None else []
        html_rows.append(
            f"<tr><td>{esc(design)}</td><td>{esc(description)}</td>"
            f"<td><ul>{items}</ul></td>" + "".join(f"<td>{esc(s)}</td>" for s in size) + "</tr>"
        )
        md_rows.append(
            "| "
            + " | ".join(
                [
                    markdown_cell(design),
                    markdown_cell(description),
                    "<br>".join(markdown_cell(c) for c in changes),
                    *(markdown_cell(s) for s in size),
                ]
            )
            + " |"
        )
    caption = (
        f"The designs compared: each design's description and every parameter whose "
        f"resolved value is not {baseline}'s"
        + (
            "; and its size assumption: how it hires (institution.hiring), how fast its "
            "positions grow (institution.positions_growth_rate) and its faculty headcount "
            "at the start and the end of the runs (means over replicates)."
            if sizes is not None
            else "."
        )
    )
    head = "".join(f"<th>{esc(h)}</th>" for h in header)
    html_text = (
        f'<div class="table-wrap"><table class="designs"><caption>{esc(caption)}'
        f"</caption><thead><tr>{head}</tr></thead>\n<tbody>\n"
        + "\n".join(html_rows)
        + "\n</tbody></table></div>"
    )
    md_text = "\n".join(
        [
            f"**{caption}**",
            "",
            "| " + " | ".join(header) + " |",
            "|" + "---|" * len(header),
            *md_rows,
        ]
    )
    return html_text, md_text


def summary_block(
    table: pd.DataFrame, outcomes: Sequence[str], baseline: str, others: Sequence[str]
) -> tuple[str, str]:
    """The coloured summary table as (HTML, Markdown), with a definition per outcome.

    A design compared with another design than the baseline (the one it changes) says so
    in its column heading.
    """
    esc = html.escape
    cells = {(str(r.outcome), str(r.design)): r for r in table.itertuples(index=False)}
    references = {d: reference_of(table, d, baseline) for d in others}
    headings = [
        d if references[d] == baseline else f"{d} (against {references[d]})" for d in others
    ]
    header = ["outcome", "definition", "unit", "better if", f"{baseline} mean", *headings]
    html_rows, md_rows = [], []
    for outcome in outcomes:
        info = OUTCOMES.get(outcome)
        definition = info.definition if info else ""
        unit = shown_unit(outcome)
        better = better_if(outcome)
        base = cells.get((outcome, baseline))
        base_mean = (
            level(outcome, base.reference_mean).replace(" a year", "/yr")
            if base is not None
            else "n/a"
        )
        html_cells = [
            f"<td>{esc(outcome)}</td>",
            f'<td class="definition">{esc(definition)}</td>',
            f"<td>{esc(unit)}</td>",
            f"<td>{esc(better)}</td>",
            f'<td class="num">{esc(base_mean)}</td>',
        ]
        md_cells = [outcome, definition, unit, better, base_mean]
        for design in others:
            text, css, mark = _cell(cells.get((outcome, design)))
            html_cells.append(
                f'<td class="diff {css}">{esc(text)}<span class="verdict">{esc(mark)}</span></td>'
            )
            md_cells.append(f"{text} {mark}" if text else mark)
        html_rows.append("<tr>" + "".join(html_cells) + "</tr>")
        md_rows.append("| " + " | ".join(markdown_cell(c) for c in md_cells) + " |")
    against = (
        baseline
        if all(r == baseline for r in references.values())
        else f"{baseline} (or the design named in the heading)"
    )
    caption = (
        f"Difference from {against} [95% interval] for each of the {len(outcomes)} "
        "outcomes and each design, coloured by verdict: shares in percentage points, "
        "other units with their relative difference (share of the reference's mean)."
    )
    legend = "".join(
        f'<span class="{VERDICT_CLASSES[v]}">{esc(label)}</span>'
        for v, label in (
            ("better", "better ▲"),
            ("worse", "worse ▼"),
            ("no detectable difference", "no detectable difference"),
            ("higher", "higher / lower (no preferred direction)"),
        )
    )
    head = "".join(f"<th>{esc(h)}</th>" for h in header)
    html_text = (
        f'<div class="table-wrap"><table class="summary"><caption>{esc(caption)}'
        f"</caption><thead><tr>{head}</tr></thead>\n<tbody>\n"
        + "\n".join(html_rows)
        + "\n</tbody></table></div>\n"
        f'<p class="legend">{legend}</p>'
    )
    md_lines = [
        f"**{caption}**",
        "",
        "| " + " | ".join(markdown_cell(h) for h in header) + " |",
        "|---|---|---|---|---:|" + "---:|" * len(others),
        *md_rows,
    ]
    return html_text, "\n".join(md_lines)


def _cell(row: Any) -> tuple[str, str, str]:
    """(text, CSS class, verdict mark) of one summary cell."""
    if row is None:
        return "", _UNDEFINED_CLASS, "not in the table"
    values = (row.diff, row.ci_low, row.ci_high)
    if any(v is None or pd.isna(v) for v in values):
        return "", _UNDEFINED_CLASS, _UNDEFINED_TEXT
    # Shares in percentage points, like every other table and the terminal.
    k = scale(str(row.outcome))
    text = f"{signed(k * row.diff)} [{signed(k * row.ci_low)}, {signed(k * row.ci_high)}]"
    if k == 1 and not pd.isna(row.rel_diff) and shown_unit(str(row.outcome)) != "ratio":
        text += f" ({signed(100 * row.rel_diff)}% of {row.reference_mean:.3g})"
    verdict = str(row.verdict)
    return text, VERDICT_CLASSES.get(verdict, ""), VERDICT_MARKS.get(verdict, verdict)


def better_if(outcome: str) -> str:
    """``higher``, ``lower`` or ``neither``: the outcome's preferred direction in a word."""
    direction = OUTCOMES[outcome].direction if outcome in OUTCOMES else 0
    return {1: "higher", -1: "lower"}.get(direction, "neither")


def ranking_table(table: pd.DataFrame, outcomes: Sequence[str]) -> pd.DataFrame:
    """The most likely best design per outcome, with P(best) (the baseline included)."""
    ranked = stats.rank_designs(table[table["outcome"].isin(outcomes)])
    rows = []
    for outcome in outcomes:
        group = ranked[ranked["outcome"] == outcome]
        if better_if(outcome) == "neither":
            rows.append((outcome, "(no preferred direction)", ""))
            continue
        top = group[group["rank"] == 1]
        if group.empty or group["p_best"].isna().all():
            rows.append((outcome, "(undefined)", ""))
            continue
        names = ", ".join(str(d) for d in top["design"])
        each = " each" if len(top) > 1 else ""
        rows.append((outcome, names, f"{top['p_best'].iloc[0]:.2f}{each}"))
    return pd.DataFrame(rows, columns=["outcome", "most likely best", "P(best)"])

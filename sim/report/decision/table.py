"""The decision table: one row per design, the outcomes a designer ranks by, on one screen.

It opens the comparison report. Each row is a design against its reference (the baseline,
or the design of the comparison it changes, named under it); each column one
outcome a program designer weighs (coverage, retention, promotion, the equity ratios,
burnout, net cost, cost per departure avoided), in one unit per kind: percentage points for
shares, the difference of the ratio for ratios (1 is parity), thousands of dollars a year for
money. Each cell carries its verdict from :func:`cell_verdict`, which reads the comparison's
paired verdict today and an ensemble verdict (column :data:`ENSEMBLE_VERDICT`: "holds
across the evidence", "depends on X", "no difference") when the comparison has one.

Rows are ordered by the user's priorities (``--priorities``, default
:data:`DEFAULT_PRIORITIES`): by the first priority's gain (a difference whose interval
excludes zero counts, one that does not counts as none), ties broken by the next, and so on.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from sim.errors import InputError
from sim.outcomes import OUTCOMES
from sim.report.text.outcomes import change, money, reference_of
from sim.suggest import did_you_mean

#: The comparison-table column an ensemble comparison adds: its verdict across the evidence.
ENSEMBLE_VERDICT = "ensemble_verdict"


@dataclass(frozen=True)
class Column:
    """One column of the decision table.

    Attributes:
        key: Its name in ``--priorities``.
        measure: The outcome of the comparison table, or the measure of ``costs.csv``.
        heading: The column heading, in plain words.
        from_costs: True when the value comes from ``costs.csv`` rather than the comparison.
    """

    key: str
    measure: str
    heading: str
    from_costs: bool = False


COLUMNS: tuple[Column, ...] = (
    Column("coverage", "mentored_share", "Assistant profs with a mentor"),
    Column("retention", "attrition_10y", "Leaving within 10 y"),
    Column("promotion", "promoted_assoc_10y", "Promoted within 10 y"),
    Column("equity_women", "promotion_ratio_women", "Promotion ratio women/men"),
    Column("equity_urm", "promotion_ratio_urm", "Promotion ratio URM/other"),
    Column("burnout", "burnout_share", "Faculty burnout"),
    Column("mentor_burnout", "mentor_burnout_share", "Mentor burnout"),
    Column("net_cost", "net_cost", "Net cost a year"),
    Column(
        "cost_per_departure",
        "cost_per_departure_avoided",
        "Per departure avoided",
        from_costs=True,
    ),
)
BY_KEY = {c.key: c for c in COLUMNS}
#: The documented default order of the rows: reach first, then keeping and advancing
#: faculty, then equity, wellbeing and money.
DEFAULT_PRIORITIES: tuple[str, ...] = (
    "coverage",
    "retention",
    "promotion",
    "equity_women",
    "equity_urm",
    "burnout",
    "mentor_burnout",
    "net_cost",
    "cost_per_departure",
)

#: Paired verdicts (``sim.experiment.stats.verdict``) in the table's words.
PAIRED_WORDS = {
    "better": "better",
    "worse": "worse",
    "higher": "higher",
    "lower": "lower",
    "no detectable difference": "no difference",
    "undefined": "not measurable",
}
#: Marks shown before a verdict, so a column reads at a glance.
MARKS = {"better": "▲", "worse": "▼", "no difference": "·"}


def check_priority_names(priorities: Sequence[str]) -> list[str]:
    """The decision-table keys of ``--priorities`` (outcome names accepted too).

    Raises:
        InputError: for a name that is neither a column key nor a column's outcome.
    """
    by_measure = {c.measure: c.key for c in COLUMNS}
    keys = []
    for name in priorities:
        if name in BY_KEY:
            keys.append(name)
        elif name in by_measure:
            keys.append(by_measure[name])
        else:
            raise InputError(
                f"--priorities: {name!r} is not a decision-table column"
                f"{did_you_mean(name, list(BY_KEY))} (columns: {', '.join(BY_KEY)})"
            )
    return keys


def priority_outcomes(priorities: Sequence[str] | None) -> list[str]:
    """The comparison outcomes of the priorities, most important first (costs left out)."""
    keys = check_priority_names(priorities) if priorities else list(DEFAULT_PRIORITIES)
    return [BY_KEY[k].measure for k in keys if not BY_KEY[k].from_costs]


def cell_verdict(row: object) -> str:
    """The verdict of one cell: the ensemble's when the comparison has one, else the paired.

    Args:
        row: A comparison-table row (``verdict``; ``ensemble_verdict`` when present).

    Returns:
        ``better``, ``worse``, ``no difference``, ``not measurable``, or the ensemble's
        own words ("holds across the evidence", "depends on X").
    """
    ensemble = getattr(row, ENSEMBLE_VERDICT, None)
    if isinstance(ensemble, str) and ensemble.strip():
        return ensemble.strip()
    paired = str(getattr(row, "verdict", ""))
    return PAIRED_WORDS.get(paired, paired)


@dataclass(frozen=True)
class Cell:
    """One cell: the difference in its unit, its verdict and its score for ordering."""

    text: str
    verdict: str
    score: float


def build_cells(
    table: pd.DataFrame, costs: pd.DataFrame, design: str, columns: Sequence[Column]
) -> dict[str, Cell]:
    """Each column's cell for one design."""
    rows = {str(r.outcome): r for r in table[table["design"] == design].itertuples(index=False)}
    measures = (
        {str(r.measure): r for r in costs[costs["design"].astype(str) == design].itertuples()}
        if costs is not None and len(costs)
        else {}
    )
    cells = {}
    for c in columns:
        if c.from_costs:
            cells[c.key] = _cost_cell(measures.get(c.measure))
        else:
            cells[c.key] = _outcome_cell(rows.get(c.measure))
    return cells


def _outcome_cell(row: Any | None) -> Cell:
    if row is None:
        return Cell("n/a", "not in this comparison", 0.0)
    outcome = str(row.outcome)
    verdict = cell_verdict(row)
    direction = OUTCOMES[outcome].direction if outcome in OUTCOMES else 0
    significant = str(row.verdict) in ("better", "worse")
    diff = float(row.diff)
    score = direction * diff if significant and math.isfinite(diff) else 0.0
    text = change(outcome, diff).replace(" a year", "/yr").replace(" points", " pts")
    return Cell(text, verdict, score)


def _cost_cell(row: Any | None) -> Cell:
    if row is None:
        return Cell("n/a", "not in these runs", 0.0)
    value = float(row.value) if row.value is not None else math.nan
    if not math.isfinite(value):
        return Cell("none", str(row.note or "no price"), 0.0)
    bounded = math.isfinite(float(row.ci_high))
    verdict = "priced" if bounded else "may buy nothing"
    # Cheaper is better; a price with no upper bound ranks below every bounded one.
    score = -value if bounded else -math.inf
    return Cell(money(value), verdict, score)


@dataclass(frozen=True)
class DecisionRow:
    """One design's row: its cells by column key, in the table's order.

    ``reference`` is the design its differences are taken from (empty: the baseline).
    """

    design: str
    cells: dict[str, Cell]
    reference: str = ""


def decision_rows(
    table: pd.DataFrame,
    costs: pd.DataFrame,
    designs: Sequence[str],
    priorities: Sequence[str] | None = None,
) -> tuple[list[DecisionRow], list[Column]]:
    """The decision table's rows in priority order, and its columns in priority order.

    Args:
        table: The comparison table.
        costs: The cost table (``costs.csv``; may be empty).
        designs: The designs other than the baseline.
        priorities: Column keys (or their outcomes), most important first; the columns not
            named follow in the default order. None: :data:`DEFAULT_PRIORITIES`.

    Returns:
        The rows, best first by the priorities, and the columns in the order ranked by.
    """
    keys = check_priority_names(priorities) if priorities else list(DEFAULT_PRIORITIES)
    keys = list(dict.fromkeys([*keys, *DEFAULT_PRIORITIES]))
    columns = [BY_KEY[k] for k in keys]
    rows = [
        DecisionRow(d, build_cells(table, costs, d, columns), reference_of(table, d, ""))
        for d in designs
    ]
    position = {d: i for i, d in enumerate(designs)}
    rows.sort(key=lambda r: (*(-r.cells[k].score for k in keys), position[r.design]))
    return rows, columns


def decision_table_block(
    rows: Sequence[DecisionRow], columns: Sequence[Column], baseline: str
) -> tuple[str, str]:
    """The decision table as (HTML, Markdown)."""
    esc = html.escape
    head = "".join(f"<th>{esc(c.heading)}</th>" for c in columns)
    body = []
    for r in rows:
        cells = "".join(_html_cell(r.cells[c.key]) for c in columns)
        against = esc(r.reference or baseline)
        body.append(f"<tr><th>{esc(r.design)}<br><small>against {against}</small></th>{cells}</tr>")
    html_text = (
        '<div class="table-wrap"><table class="decision-table"><thead><tr>'
        f"<th>Design</th>{head}</tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table></div>"
    )
    md_lines = [
        "| Design (against) | " + " | ".join(c.heading for c in columns) + " |",
        "|---" * (len(columns) + 1) + "|",
    ]
    for r in rows:
        md_lines.append(
            f"| {r.design} (against {r.reference or baseline}) | "
            + " | ".join(f"{r.cells[c.key].text} ({r.cells[c.key].verdict})" for c in columns)
            + " |"
        )
    return html_text, "\n".join(md_lines)


def _html_cell(cell: Cell) -> str:
    mark = MARKS.get(cell.verdict, "")
    css = {"better": "v-better", "worse": "v-worse"}.get(cell.verdict, "v-none")
    return (
        f'<td class="{css}">{html.escape(cell.text)}<br><small>{mark} '
        f"{html.escape(cell.verdict)}</small></td>"
    )


def decision_table_intro(
    baseline: str, priorities: Sequence[str] | None, *, by_reference: bool = False
) -> str:
    """The paragraph above the table: what a cell is, and how the rows are ordered.

    Args:
        baseline: The comparison's baseline.
        priorities: The columns ranked by (None: :data:`DEFAULT_PRIORITIES`).
        by_reference: Some design is compared with the design it changes, not the baseline.
    """
    keys = check_priority_names(priorities) if priorities else list(DEFAULT_PRIORITIES)
    order = ", ".join(BY_KEY[k].key.replace("_", " ") for k in keys[:4])
    source = (
        f"the design named under it ({baseline}, or the design it changes: its cells say "
        "what it adds to that design)"
        if by_reference
        else baseline
    )
    return (
        f"Each cell: the design's difference from {source} (pts: percentage points of a "
        "share; ratios: the change of the ratio, 1 being parity; costs in thousands of "
        "dollars) and its verdict: better or worse when the 95% interval lies wholly on one "
        "side of zero, no difference when it does not. Rows are ordered by the priorities "
        f"({order}, ...; --priorities sets them), a difference counting only when its "
        "verdict is better or worse. Net cost is program plus turnover cost."
    )


DECISION_TABLE_CSS = """\
table.decision-table td, table.decision-table th { font-size: .85rem; padding: .25rem .4rem; }
table.decision-table td.v-better { background: #e3f1e3; }
table.decision-table td.v-worse { background: #f6e0e0; }
table.decision-table small { color: #444; }
table.decision-table th small { white-space: nowrap; font-weight: normal; }
"""

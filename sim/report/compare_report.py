"""The report of a paired design comparison (``mentorsim compare``), for a program committee.

:func:`write_compare_report` reads what ``sim.experiment.compare.run_comparison`` wrote into
its output folder and writes ``report.html`` (self-contained) and ``report.md`` (with
``figures/``) beside it, in a fixed order:

1. a one-screen summary: each design's difference from the baseline per outcome, with its
   interval and relative change, coloured by verdict; the baseline means; the replicates and
   why replication stopped; the tally of verdicts; the most likely best design per outcome;
2. a plain-language paragraph per design (:func:`sim.report.narrative.describe_design`);
3. the differences with their intervals as a figure;
4. how much the common random numbers narrowed the intervals;
5. yearly metrics, retention, the promotion pipeline and mentor loads per design;
6. an appendix with every resolved scenario and the manifest.

The summary table needs a colour per cell, which the :class:`~sim.report.document.Report`
tables do not have; :class:`CompareDocument` adds a block of raw HTML with its own Markdown
text (the verdict written out as ``better ▲``, ``worse ▼``...).
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from sim.experiment import stats
from sim.outcomes import OUTCOMES
from sim.report.comparison_figures import interval_figure
from sim.report.document import Report
from sim.report.narrative import describe_design
from sim.report.run_report import (
    flatten_manifest,
    load_section,
    pipeline_section,
    retention_section,
    yearly_section,
)
from sim.report.text import markdown_cell, number, signed

if TYPE_CHECKING:  # pragma: no cover - the runner (and the model) load only when comparing
    from sim.experiment.compare import ComparePlan, ComparisonResult

#: CSS class of each verdict in the HTML summary table.
VERDICT_CLASSES = {
    "better": "v-better",
    "worse": "v-worse",
    "no detectable difference": "v-none",
    "higher": "v-higher",
    "lower": "v-lower",
}

#: How each verdict is written in the Markdown summary table (no colours there).
VERDICT_MARKS = {
    "better": "better ▲",
    "worse": "worse ▼",
    "no detectable difference": "no detectable difference",
    "higher": "higher (no preferred direction)",
    "lower": "lower (no preferred direction)",
}

# Class and text of a cell whose difference or interval is undefined.
_UNDEFINED_CLASS = "v-undefined"
_UNDEFINED_TEXT = "not compared (undefined)"

_EXTRA_CSS = """\
td.diff { text-align: right; font-variant-numeric: tabular-nums; min-width: 9rem; }
td.v-better { background: #d7efd9; color: #1b5e20; }
td.v-worse { background: #f9d6d5; color: #8e1b1b; }
td.v-none { background: #ececec; color: #333; }
td.v-higher, td.v-lower { background: #e3eaf4; color: #243b5e; }
td.v-undefined { background: #fff; color: #888; }
td .verdict { display: block; font-size: .78rem; font-variant-numeric: normal; }
.legend span { display: inline-block; padding: .1rem .45rem; margin-right: .4rem;
  border: 1px solid #ddd; font-size: .82rem; }
.legend .v-better { background: #d7efd9; } .legend .v-worse { background: #f9d6d5; }
.legend .v-none { background: #ececec; } .legend .v-higher { background: #e3eaf4; }
"""

# Outcome panels per interval figure: more would make each panel unreadably small.
_OUTCOMES_PER_FIGURE = 15


class CompareDocument(Report):
    """A :class:`Report` with one more block type: raw HTML with its own Markdown text.

    The raw block is held as a placeholder paragraph and swapped in when the document is
    written, so the base class keeps doing all the layout; extra CSS is added to its style
    sheet.

    Args:
        title: Document title.
        extra_css: CSS appended to the base style sheet.
        dpi: Resolution of the figure PNGs.
    """

    def __init__(self, title: str, extra_css: str = "", dpi: int = 110) -> None:
        super().__init__(title, dpi=dpi)
        self.extra_css = extra_css
        self._raw: dict[str, tuple[str, str]] = {}

    def add_raw(self, html_text: str, markdown_text: str) -> None:
        """Add a block written verbatim: ``html_text`` in HTML, ``markdown_text`` in Markdown.

        The HTML is not escaped, so it must be built from escaped text; it must not load
        anything from elsewhere, to keep the document self-contained.
        """
        token = f"@@compare-raw-block-{len(self._raw)}@@"
        self._raw[token] = (html_text, markdown_text)
        self.add_paragraph(token)

    def to_html(self) -> str:
        """The whole report as one self-contained HTML document."""
        text = super().to_html().replace("</style>", f"{self.extra_css}</style>", 1)
        for token, (html_text, _) in self._raw.items():
            text = text.replace(f"<p>{token}</p>", html_text, 1)
        return text

    def to_markdown(self) -> str:
        """The whole report as Markdown."""
        text = super().to_markdown()
        for token, (_, markdown_text) in self._raw.items():
            text = text.replace(token, markdown_text, 1)
        return text


def write_compare_report(result: ComparisonResult, plan: ComparePlan) -> tuple[Path, Path]:
    """Write ``report.html`` and ``report.md`` (with ``figures/``) for a design comparison.

    The comparison table is ``result.table``; the replicate tables (``yearly``,
    ``retention``, ``loads``, ``runs``), the resolved scenarios and ``manifest.json`` are read
    from ``result.out_dir``, where ``run_comparison`` wrote them. Nothing time- or
    machine-dependent is added beyond what the manifest holds, so writing the report again
    from the same folder gives the same files.

    Args:
        result: What ``sim.experiment.compare.run_comparison`` returned.
        plan: The plan it ran (designs, baseline first, and outcomes).

    Returns:
        Paths of ``report.html`` and ``report.md`` in ``result.out_dir``.
    """
    out_dir = Path(result.out_dir)
    tables = {name: _read_table(out_dir, name) for name in ("runs", "yearly", "retention",
                                                             "loads")}
    manifest_path = out_dir / "manifest.json"
    manifest = (json.loads(manifest_path.read_text(encoding="utf-8"))
                if manifest_path.exists() else {})
    table = result.table
    baseline = plan.baseline
    designs = [plan.baseline] + [d for d in plan.names if d != plan.baseline]
    others = designs[1:]
    outcomes = [o for o in plan.outcomes if (table["outcome"] == o).any()]

    report = CompareDocument(f"Comparison of program designs: {', '.join(others)} against "
                             f"{baseline}", extra_css=_EXTRA_CSS)
    _summary_section(report, result, table, outcomes, baseline, others, tables["runs"])
    _narrative_section(report, table, outcomes, baseline, others)
    _interval_section(report, table, outcomes, baseline, others)
    _variance_section(report, table, outcomes, baseline, others)
    yearly_section(report, tables["yearly"], designs)
    retention_section(report, tables["retention"], designs)
    pipeline_section(report, tables["yearly"], designs)
    load_section(report, tables["loads"], designs)
    _appendix(report, out_dir, designs, manifest)
    return report.write(out_dir)


def _read_table(out_dir: Path, name: str) -> pd.DataFrame:
    path = out_dir / f"{name}.parquet"
    frame = pd.read_parquet(path) if path.exists() else pd.DataFrame()
    if "design" in frame.columns:
        frame["design"] = frame["design"].astype(str)
    return frame


# -- 1. summary -------------------------------------------------------------------------------


def _summary_section(report: CompareDocument, result: ComparisonResult, table: pd.DataFrame,
                     outcomes: Sequence[str], baseline: str, others: Sequence[str],
                     runs: pd.DataFrame) -> None:
    report.add_heading("Summary")
    k = len(others)
    report.add_paragraph(
        f"Each design was run on the same {result.reps} replicate seeds as the baseline "
        f"design, {baseline!r} (common random numbers), and compared with it replicate by "
        "replicate. "
        f"Replication stopped: {result.stopped_by}. A cell shows the mean paired difference "
        f"from {baseline}, its 95% interval in brackets"
        + (f" (Bonferroni-adjusted over the {k} designs compared)" if k > 1 else "")
        + f" and the difference as a share of the {baseline} mean. The colour is the verdict: "
        "green where the interval lies entirely on the better side of zero, red where it lies "
        "on the worse side, grey where it includes zero (no detectable difference), and blue "
        "for outcomes without a preferred direction, where the interval only says higher or "
        "lower. Cells without an interval could not be compared (the outcome is undefined "
        "in these runs, or too few replicates have a value).")
    if len(runs) and "replicate" in runs.columns:
        counts = runs.groupby("design", sort=False)["replicate"].nunique()
        uneven = {d: int(n) for d, n in counts.items() if int(n) != result.reps}
        if uneven:
            listed = ", ".join(f"{d} ({n})" for d, n in uneven.items())
            report.add_paragraph(f"Replicates on disk differ from {result.reps} for: {listed}.")
    if not outcomes:
        report.add_paragraph("None of the planned outcomes is in the comparison table.")
        return
    html_text, markdown_text = _summary_table(table, outcomes, baseline, others)
    report.add_raw(html_text, markdown_text)

    report.add_heading("Verdicts over all outcomes", level=3)
    summary = stats.overall_summary(table, list(outcomes))
    summary = summary[summary["design"] != baseline].reset_index(drop=True)
    report.add_table(pd.DataFrame({
        "design": summary["design"],
        "better": summary["better"],
        "worse": summary["worse"],
        "no detectable difference": summary["no_detectable_difference"],
        "net (better - worse)": summary["net"],
        "mean P(best)": summary["mean_p_best"].round(3),
    }), caption=f"Verdicts of each design against {baseline} over the {len(outcomes)} "
                "outcomes, most net improvements first.", digits=3)

    report.add_heading("Most likely best design per outcome", level=3)
    report.add_paragraph(
        "P(best) is the share of bootstrap resamples of the replicates (the same resample for "
        "every design, keeping the pairing) in which a design has the best mean; designs "
        "with identical results share it. Outcomes without a preferred direction have no "
        "best design.")
    report.add_table(_ranking_table(table, outcomes), digits=3)


def _summary_table(table: pd.DataFrame, outcomes: Sequence[str], baseline: str,
                   others: Sequence[str]) -> tuple[str, str]:
    """The coloured summary table as (HTML, Markdown)."""
    esc = html.escape
    cells = {(str(r.outcome), str(r.design)): r for r in table.itertuples(index=False)}
    header = ["outcome", "unit", "better if", f"{baseline} mean (baseline)", *others]
    html_rows, md_rows = [], []
    for outcome in outcomes:
        info = OUTCOMES.get(outcome)
        unit = info.unit if info else ""
        better_if = _better_if(outcome)
        base = cells.get((outcome, baseline))
        base_mean = number(base.baseline_mean) if base is not None else "n/a"
        title = f' title="{esc(info.definition)}"' if info else ""
        html_cells = [f"<td{title}>{esc(outcome)}</td>", f"<td>{esc(unit)}</td>",
                      f"<td>{esc(better_if)}</td>", f'<td class="num">{esc(base_mean)}</td>']
        md_cells = [outcome, unit, better_if, base_mean]
        for design in others:
            row = cells.get((outcome, design))
            text, css, mark = _cell(row)
            html_cells.append(f'<td class="diff {css}">{esc(text)}'
                              f'<span class="verdict">{esc(mark)}</span></td>')
            md_cells.append(f"{text} {mark}" if text else mark)
        html_rows.append("<tr>" + "".join(html_cells) + "</tr>")
        md_rows.append("| " + " | ".join(markdown_cell(c) for c in md_cells) + " |")
    caption = (f"Difference from {baseline} [95% interval] (relative difference) per outcome "
               "and design. Hover an outcome for its definition.")
    legend = "".join(f'<span class="{VERDICT_CLASSES[v]}">{esc(label)}</span>' for v, label in
                     (("better", "better ▲"), ("worse", "worse ▼"),
                      ("no detectable difference", "no detectable difference"),
                      ("higher", "higher / lower (no preferred direction)")))
    head = "".join(f"<th>{esc(h)}</th>" for h in header)
    html_text = (f'<div class="table-wrap"><table class="summary"><caption>{esc(caption)}'
                 f"</caption><thead><tr>{head}</tr></thead>\n<tbody>\n"
                 + "\n".join(html_rows) + "\n</tbody></table></div>\n"
                 f'<p class="legend">{legend}</p>')
    md_caption = (f"**Difference from {baseline} [95% interval] (relative difference) per "
                  "outcome and design, with the verdict.**")
    md_lines = [md_caption, "",
                "| " + " | ".join(markdown_cell(h) for h in header) + " |",
                "|---|---|---|---:|" + "---:|" * len(others), *md_rows]
    return html_text, "\n".join(md_lines)


def _cell(row: object) -> tuple[str, str, str]:
    """(text, CSS class, verdict mark) of one summary cell."""
    if row is None:
        return "", _UNDEFINED_CLASS, "not in the table"
    values = (row.diff, row.ci_low, row.ci_high)
    if any(v is None or pd.isna(v) for v in values):
        return "", _UNDEFINED_CLASS, _UNDEFINED_TEXT
    text = f"{signed(row.diff)} [{signed(row.ci_low)}, {signed(row.ci_high)}]"
    if not pd.isna(row.rel_diff):
        text += f" ({signed(100 * row.rel_diff)}%)"
    verdict = str(row.verdict)
    return text, VERDICT_CLASSES.get(verdict, ""), VERDICT_MARKS.get(verdict, verdict)


def _better_if(outcome: str) -> str:
    direction = OUTCOMES[outcome].direction if outcome in OUTCOMES else 0
    return {1: "higher", -1: "lower"}.get(direction, "neither")


def _ranking_table(table: pd.DataFrame, outcomes: Sequence[str]) -> pd.DataFrame:
    ranked = stats.rank_designs(table[table["outcome"].isin(outcomes)])
    rows = []
    for outcome in outcomes:
        group = ranked[ranked["outcome"] == outcome]
        if _better_if(outcome) == "neither":
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


# -- 2. narrative -----------------------------------------------------------------------------


def _narrative_section(report: CompareDocument, table: pd.DataFrame, outcomes: Sequence[str],
                       baseline: str, others: Sequence[str]) -> None:
    report.add_heading("What each design did")
    report.add_paragraph(
        f"Each paragraph is written from the numbers in the summary alone: the mean paired "
        f"difference from {baseline} with its 95% interval and relative difference, the "
        "verdict, and P(best) where it is at least 0.8. Better and worse follow each "
        "outcome's preferred direction.")
    for design in others:
        report.add_heading(design, level=3)
        report.add_paragraph(describe_design(table, design, baseline, outcomes))


# -- 3. intervals -----------------------------------------------------------------------------


def _interval_section(report: CompareDocument, table: pd.DataFrame, outcomes: Sequence[str],
                      baseline: str, others: Sequence[str]) -> None:
    report.add_heading("Differences with their intervals")
    if not outcomes:
        report.add_paragraph("No outcomes to draw.")
        return
    report.add_paragraph(
        f"For each outcome, each design's mean paired difference from {baseline} (point) and "
        "its 95% interval (bar); the dashed line is no difference. Colours are the verdicts "
        "of the summary table.")
    chunks = [list(outcomes[k:k + _OUTCOMES_PER_FIGURE])
              for k in range(0, len(outcomes), _OUTCOMES_PER_FIGURE)]
    for k, chunk in enumerate(chunks, start=1):
        suffix = f" (part {k} of {len(chunks)})" if len(chunks) > 1 else ""
        report.add_figure(f"intervals_{k}",
                          interval_figure(table, chunk, baseline, designs=others),
                          f"Difference from {baseline} with its 95% interval, per outcome"
                          f"{suffix}.")


# -- 4. common random numbers -----------------------------------------------------------------


def _variance_section(report: CompareDocument, table: pd.DataFrame, outcomes: Sequence[str],
                      baseline: str, others: Sequence[str]) -> None:
    report.add_heading("Variance reduction from common random numbers")
    rows = table[table["outcome"].isin(outcomes) & table["design"].isin(others)]
    reduction = pd.to_numeric(rows["variance_reduction"], errors="coerce")
    ratio = pd.to_numeric(rows["width_ratio"], errors="coerce")
    rows = rows[reduction.notna() | ratio.notna()]
    text = (
        "Every design met the same simulated people and chance events in replicate r as "
        f"{baseline} did, so much of the replicate-to-replicate noise is shared and cancels in "
        "the paired differences. Variance reduction is the share of the variance of an "
        "unpaired difference that pairing removed: 1 - var(design - baseline) / (var(design) "
        "+ var(baseline)), negative if pairing added variance. The width ratio is the paired "
        "interval's half-width divided by that of an unpaired (Welch) interval from the same "
        "replicates; below 1, pairing gave a narrower interval. With few replicates the "
        "paired interval has fewer degrees of freedom, so the ratio can exceed 1 even where "
        "some variance was removed. Outcome and design pairs where both are undefined "
        "(constant or missing values) are left out.")
    usable = ratio[ratio > 0].dropna()
    constant = int((ratio == 0).sum())
    if len(usable):
        median = float(usable.median())
        text += f" The median width ratio here is {number(median)}"
        if constant:
            text += (f" (leaving out {constant} comparison{'' if constant == 1 else 's'} whose "
                     "paired differences are the same in every replicate, a zero-width "
                     "interval)")
        if median < 1:
            text += (f": an unpaired comparison would need roughly {number(1 / median ** 2)} "
                     "times as many replicates for intervals as narrow.")
        else:
            text += ": pairing did not narrow the typical interval in this comparison."
    report.add_paragraph(text)
    if rows.empty:
        return
    frame = pd.DataFrame({
        "outcome": rows["outcome"].astype(str),
        "design": rows["design"].astype(str),
        "variance reduction": pd.to_numeric(rows["variance_reduction"], errors="coerce"),
        "width ratio (paired / unpaired)": pd.to_numeric(rows["width_ratio"], errors="coerce"),
    })
    order = {o: k for k, o in enumerate(outcomes)}
    design_rank = {d: k for k, d in enumerate(others)}
    frame = frame.sort_values(by=["outcome", "design"], key=lambda s: s.map(
        order if s.name == "outcome" else design_rank), kind="stable")
    report.add_table(frame.reset_index(drop=True), digits=3)


# -- 6. appendix ------------------------------------------------------------------------------


def _appendix(report: CompareDocument, out_dir: Path, designs: Sequence[str],
              manifest: Mapping[str, object]) -> None:
    report.add_heading("Appendix")
    for design in designs:
        report.add_heading(f"Resolved scenario: {design}", level=3)
        path = out_dir / "scenarios" / f"{design}.toml"
        if path.exists():
            report.add_preformatted(path.read_text(encoding="utf-8"))
        else:
            report.add_paragraph(f"scenarios/{design}.toml is missing from the results.")
    report.add_heading("Manifest", level=3)
    if not manifest:
        report.add_paragraph("manifest.json is missing from the results.")
        return
    report.add_table(pd.DataFrame(list(flatten_manifest(manifest)), columns=["key", "value"],
                                  dtype=str))

"""The report of a paired design comparison (``mentorsim compare``), for a program committee.

:func:`write_compare_report` reads what ``sim.experiment.compare.run_comparison`` wrote into
its output folder and writes ``report.html`` (self-contained) and ``report.md`` (with
``figures/``) beside it, in a fixed order:

1. the summary: what was compared and how, then the decision summary (per design its
   largest gains and losses, yearly cost, cost per departure avoided and per extra
   promotion, and its trade-off; ``sim.report.decision.summary``);
2. the designs: each design's description, the parameters in which it differs from the
   baseline, and its size assumption (hiring rule, positions growth, faculty size);
3. the differences: each design's difference from the baseline per outcome, with its
   interval and relative change, coloured by verdict, each outcome's definition beside it;
   equity (ratio with its verdict, the rates and gap beside it); the most likely best design
   per outcome; ranked lists per design; the differences as a figure; how much the common
   random numbers narrowed the intervals;
4. plots: yearly metrics, retention, the promotion pipeline and mentor loads per design;
5. a collapsed appendix: every resolved scenario, the manifest and the wall times.

Tables that need a colour or a list per cell are built in ``sim.report.tables.comparison`` and
``sim.report.tables.equity`` and added with :class:`CompareDocument`'s block of raw HTML with its
own Markdown text (the verdict written out as ``better ▲``, ``worse ▼``...).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from sim.experiment.costs import cost_table
from sim.experiment.effects import COLUMN as EFFECT_COLUMN
from sim.experiment.effects import with_standardized_effects
from sim.report.decision.summary import DECISION_CSS, decide, decision_block, decision_intro
from sim.report.decision.table import (
    DECISION_TABLE_CSS,
    decision_rows,
    decision_table_block,
    decision_table_intro,
    priority_outcomes,
)
from sim.report.documents.appendix import add_appendix
from sim.report.documents.base import Report
from sim.report.documents.ensemble import ensemble_section
from sim.report.documents.run import (
    load_section,
    pipeline_section,
    retention_section,
    yearly_section,
)
from sim.report.figures.intervals import interval_figure
from sim.report.tables.comparison import (
    COMPARE_CSS,
    VERDICT_CLASSES,
    VERDICT_MARKS,
    designs_block,
    ranking_table,
    summary_block,
)
from sim.report.tables.designs import read_scenarios
from sim.report.tables.equity import EXPLANATION, equity_compare_block
from sim.report.tables.sizes import size_assumptions
from sim.report.text.glossary import GLOSSARY_CSS, glossary_block
from sim.report.text.narrative import narrative_block
from sim.report.text.numbers import number
from sim.report.text.outcomes import reference_of
from sim.scenario.groups.costs import mean_replacement_cost
from sim.words import join_words

if TYPE_CHECKING:  # pragma: no cover - the runner (and the model) load only when comparing
    from sim.experiment.compare import ComparePlan, ComparisonResult

__all__ = ["VERDICT_CLASSES", "VERDICT_MARKS", "CompareDocument", "write_compare_report"]

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
        """The whole report as one self-contained HTML document.

        The table of contents follows the first section (the decision table), so the answer
        is on the first screen and the details are listed after it.
        """
        text = super().to_html().replace("</style>", f"{self.extra_css}</style>", 1)
        nav_start, nav_end = text.find("<nav>"), text.find("</nav>")
        first = text.find("<h2", nav_end)
        second = text.find("<h2", first + 1)
        if -1 not in (nav_start, nav_end, first, second):
            nav = text[nav_start : nav_end + len("</nav>")]
            text = text[:nav_start] + text[nav_end + len("</nav>") :]
            second -= len(nav)
            text = text[:second] + nav + "\n" + text[second:]
        for token, (html_text, _) in self._raw.items():
            text = text.replace(f"<p>{token}</p>", html_text, 1)
        return text

    def to_markdown(self) -> str:
        """The whole report as Markdown."""
        text = super().to_markdown()
        for token, (_, markdown_text) in self._raw.items():
            text = text.replace(token, markdown_text, 1)
        return text


def write_compare_report(
    result: ComparisonResult,
    plan: ComparePlan,
    *,
    priorities: Sequence[str] | None = None,
    on_step: Callable[[str], None] | None = None,
) -> tuple[Path, Path]:
    """Write ``report.html`` and ``report.md`` (with ``figures/``) for a design comparison.

    The comparison table is ``result.table``; the replicate tables (``yearly``,
    ``retention``, ``loads``, ``runs``), the resolved scenarios and ``manifest.json`` are read
    from ``result.out_dir``, where ``run_comparison`` wrote them. Nothing time- or
    machine-dependent is added beyond what the manifest holds, so writing the report again
    from the same folder gives the same files.

    Args:
        result: What ``sim.experiment.compare.run_comparison`` returned.
        plan: The plan it ran (designs, baseline first, and outcomes).
        priorities: The decision table's columns, most important first, that order its
            rows (default ``sim.report.decision.table.DEFAULT_PRIORITIES``).
        on_step: Called with a few words as each part of the report is written, so a
            long report says what it is doing.

    Returns:
        Paths of ``report.html`` and ``report.md`` in ``result.out_dir``.
    """
    step = on_step or (lambda _text: None)
    step("writing the report: reading the tables")
    out_dir = Path(result.out_dir)
    tables = {name: _read_table(out_dir, name) for name in ("runs", "yearly", "retention", "loads")}
    manifest_path = out_dir / "manifest.json"
    manifest = (
        json.loads(manifest_path.read_text(encoding="utf-8")) if manifest_path.exists() else {}
    )
    table = result.table
    if EFFECT_COLUMN not in table.columns and len(tables["runs"]):
        table = with_standardized_effects(table, tables["runs"])
    baseline = plan.baseline
    designs = [plan.baseline] + [d for d in plan.names if d != plan.baseline]
    others = designs[1:]
    references = {d: reference_of(table, d, baseline) for d in others}
    costs = _costs(result, out_dir, tables["runs"], baseline, references)
    outcomes = [o for o in plan.outcomes if (table["outcome"] == o).any()]

    scenarios = read_scenarios(out_dir / "scenarios", designs)
    base_scenario = scenarios.get(baseline) or {}
    warmup = base_scenario.get("warmup_years")

    by_reference = any(r != baseline for r in references.values())
    report = CompareDocument(
        f"Comparison of program designs: {', '.join(others)} against "
        + (f"{baseline} or the design each changes" if by_reference else baseline),
        extra_css=COMPARE_CSS + DECISION_CSS + DECISION_TABLE_CSS + GLOSSARY_CSS,
    )
    replacement = _replacement_cost(base_scenario.get("costs") or {})
    step("writing the report: decision table, summary and designs")
    _decision_table_section(report, table, costs, baseline, others, plan, priorities)
    _decision_summary_section(
        report,
        result,
        baseline,
        references,
        tables["runs"],
        [
            decide(
                table,
                costs,
                design,
                baseline,
                outcomes,
                replacement_cost=replacement,
                first=priority_outcomes(priorities),
            )
            for design in others
        ],
    )
    _designs_section(
        report,
        scenarios,
        baseline,
        size_assumptions(scenarios, tables["yearly"], tables["runs"], designs),
    )
    step("writing the report: differences, equity, ranking and interval figures")
    _differences_section(report, table, outcomes, baseline, others)
    ensemble_section(report, table, outcomes, baseline)
    _equity_section(report, table, designs, baseline)
    _ranking_section(report, table, outcomes)
    _narrative_section(report, table, outcomes, baseline, others)
    _interval_section(report, table, outcomes, baseline, others)
    _variance_section(report, table, outcomes, baseline, others)
    step("writing the report: yearly figures")
    yearly_section(
        report,
        tables["yearly"],
        designs,
        warmup=warmup,
        baseline=baseline,
        references=references,
    )
    step("writing the report: retention, pipeline and load figures")
    retention_section(report, tables["retention"], designs)
    pipeline_section(report, tables["yearly"], designs, warmup=warmup)
    load_section(report, tables["loads"], designs)
    report.add_heading("Glossary")
    report.add_raw(*glossary_block())
    add_appendix(report, [(d, _toml_text(out_dir, d)) for d in designs], manifest, designs)
    step("writing the report: report.html and report.md")
    return report.write(out_dir)


def _toml_text(out_dir: Path, design: str) -> str | None:
    path = out_dir / "scenarios" / f"{design}.toml"
    return path.read_text(encoding="utf-8") if path.exists() else None


def _costs(
    result: ComparisonResult,
    out_dir: Path,
    runs: pd.DataFrame,
    baseline: str,
    references: dict[str, str],
) -> pd.DataFrame:
    """The cost table: the comparison's own, else ``costs.csv``, else computed from the runs."""
    costs = getattr(result, "costs", None)
    if costs is not None and len(costs):
        return costs
    path = out_dir / "costs.csv"
    if path.exists():
        return pd.read_csv(path, keep_default_na=False, na_values=[""])
    if len(runs) and {"design", "replicate"} <= set(runs.columns):
        return cost_table(runs, baseline, references=references)
    return pd.DataFrame()


def _replacement_cost(costs: dict) -> float | None:
    """Mean cost of refilling a post ($k) from a resolved scenario's ``[costs]`` table."""
    keys = ("replacement_cost_generalist", "replacement_cost_specialist", "specialist_share")
    if not all(key in costs for key in keys):
        return None
    return mean_replacement_cost(*(float(costs[key]) for key in keys))


def _read_table(out_dir: Path, name: str) -> pd.DataFrame:
    path = out_dir / f"{name}.parquet"
    frame = pd.read_parquet(path) if path.exists() else pd.DataFrame()
    if "design" in frame.columns:
        frame["design"] = frame["design"].astype(str)
    return frame


# -- 1-3. summary, designs, differences -----------------------------------------------------------


def _decision_table_section(
    report: CompareDocument,
    table: pd.DataFrame,
    costs: pd.DataFrame,
    baseline: str,
    others: Sequence[str],
    plan: ComparePlan,
    priorities: Sequence[str] | None,
) -> None:
    """The first screen: the decision table, one row per design, and the baseline's reason."""
    report.add_heading("Decision table")
    rows, columns = decision_rows(table, costs, others, priorities)
    report.add_raw(*decision_table_block(rows, columns, baseline))
    reason = getattr(plan, "baseline_reason", "")
    by_reference = any(r.reference not in ("", baseline) for r in rows)
    report.add_paragraph(
        (f"Baseline: {reason}. " if reason else "")
        + decision_table_intro(baseline, priorities, by_reference=by_reference)
        + " Technical words are explained in the glossary at the end."
    )


def _decision_summary_section(
    report: CompareDocument,
    result: ComparisonResult,
    baseline: str,
    references: dict[str, str],
    runs: pd.DataFrame,
    decisions: Sequence,
) -> None:
    """The top of the report: what was compared and how, then the decision summary.

    The decision summary (``sim.report.decision.summary``) gives, per design, its largest gains and
    losses in plain words, its yearly cost, cost per departure avoided and per extra
    promotion, and the trade-off it makes, for a reader who decides and has five minutes.
    """
    report.add_heading("Summary")
    others = list(references)
    k = len(others)
    by_parent = {r: [d for d in others if references[d] == r] for r in references.values()}
    changers = "".join(
        f" {join_words(children)} {'is' if len(children) == 1 else 'are'} compared with "
        f"{parent}, the design {'it changes' if len(children) == 1 else 'they change'}, "
        f"so {'its' if len(children) == 1 else 'their'} differences say what "
        f"{'it adds' if len(children) == 1 else 'each adds'}."
        for parent, children in by_parent.items()
        if parent != baseline
    )
    report.add_paragraph(
        f"{k} design{'' if k == 1 else 's'} ({', '.join(others)}) compared with {baseline}, "
        f"each run on the same {result.reps} replicate seeds as {baseline} (common random "
        "numbers: replicate r of every design meets the same people and chance events) and "
        + ("compared with it or the design it changes" if changers else "compared with it")
        + " replicate by replicate."
        + changers
        + f" Replication stopped: {result.stopped_by}."
    )
    if len(runs) and "replicate" in runs.columns:
        counts = runs.groupby("design", sort=False)["replicate"].nunique()
        uneven = {d: int(n) for d, n in counts.items() if int(n) != result.reps}
        if uneven:
            listed = ", ".join(f"{d} ({n})" for d, n in uneven.items())
            report.add_paragraph(f"Replicates on disk differ from {result.reps} for: {listed}.")
    report.add_heading("Decision summary", level=3)
    report.add_paragraph(
        decision_intro(baseline, k, by_reference=any(r != baseline for r in references.values()))
    )
    report.add_raw(*decision_block(decisions))
    report.add_paragraph(
        "Below: what each design is and the size it was run at, then every outcome's "
        "difference from the baseline with its interval and verdict, equity, the most likely "
        "best design per outcome, ranked lists per design, and the yearly plots."
    )


def _designs_section(
    report: CompareDocument, scenarios: dict, baseline: str, sizes: dict[str, str]
) -> None:
    report.add_heading("Designs")
    report.add_raw(*designs_block(scenarios, baseline, sizes))


def _differences_section(
    report: CompareDocument,
    table: pd.DataFrame,
    outcomes: Sequence[str],
    baseline: str,
    others: Sequence[str],
) -> None:
    by_reference = any(reference_of(table, d, baseline) != baseline for d in others)
    report.add_heading("Differences" if by_reference else f"Differences from {baseline}")
    k = len(others)
    source = (
        f"{baseline}, or from the design named in the column heading (the design it changes)"
        if by_reference
        else baseline
    )
    report.add_paragraph(
        f"A cell shows the mean paired difference from {source}, its 95% interval in "
        "brackets"
        + (f" (Bonferroni-adjusted over the {k} designs compared)" if k > 1 else "")
        + "; shares (and their differences) are in percentage points, and other outcomes add "
        "the difference as a share of the reference's mean, 0-1 scores included (0 the lowest "
        "the model allows, 1 the highest). The colour is the verdict: "
        "green where the interval lies entirely on the better side of zero, red where it lies "
        "on the worse side, grey where it includes zero (no detectable difference), and blue "
        "for outcomes without a preferred direction, where the interval only says higher or "
        "lower. Cells without an interval could not be compared (the outcome is undefined "
        "in these runs, or too few replicates have a value)."
    )
    if not outcomes:
        report.add_paragraph("None of the planned outcomes is in the comparison table.")
        return
    report.add_raw(*summary_block(table, outcomes, baseline, others))


def _equity_section(
    report: CompareDocument, table: pd.DataFrame, designs: Sequence[str], baseline: str
) -> None:
    html_text, markdown_text = equity_compare_block(
        table, baseline, designs, VERDICT_CLASSES, VERDICT_MARKS
    )
    if not html_text:
        return
    report.add_heading("Equity", level=3)
    report.add_paragraph(EXPLANATION)
    report.add_raw(html_text, markdown_text)


def _ranking_section(report: CompareDocument, table: pd.DataFrame, outcomes: Sequence[str]) -> None:
    if not outcomes:
        return
    report.add_heading("Most likely best design per outcome", level=3)
    report.add_paragraph(
        "P(best) is the share of bootstrap resamples of the replicates (the same resample for "
        "every design, keeping the pairing) in which a design has the best mean; designs "
        "with identical results share it. The baseline is among the candidates. Outcomes "
        "without a preferred direction have no best design."
    )
    report.add_table(ranking_table(table, outcomes), digits=3)


# -- 3. differences: the paragraph per design -----------------------------------------------------


def _narrative_section(
    report: CompareDocument,
    table: pd.DataFrame,
    outcomes: Sequence[str],
    baseline: str,
    others: Sequence[str],
) -> None:
    report.add_heading("What each design did")
    report.add_paragraph(
        f"Per design, from the numbers in the summary table alone: how many outcomes were "
        f"better, worse or not detectably different from {baseline}, then the outcomes that "
        "moved, largest standardized effect first, each with its mean paired difference, 95% "
        "interval and relative difference, and P(best) where it is at least 0.8. Better and "
        "worse follow each outcome's preferred direction."
    )
    for design in others:
        report.add_heading(design, level=3)
        report.add_raw(*narrative_block(table, design, baseline, outcomes))


# -- 3. differences: the interval figure ----------------------------------------------------------


def _interval_section(
    report: CompareDocument,
    table: pd.DataFrame,
    outcomes: Sequence[str],
    baseline: str,
    others: Sequence[str],
) -> None:
    report.add_heading("Differences with their intervals")
    if not outcomes:
        report.add_paragraph("No outcomes to draw.")
        return
    report.add_paragraph(
        f"For each outcome, each design's mean paired difference from {baseline} (point) and "
        "its 95% interval (bar); the dashed line is no difference. Colours are the verdicts "
        "of the summary table."
    )
    chunks = [
        list(outcomes[k : k + _OUTCOMES_PER_FIGURE])
        for k in range(0, len(outcomes), _OUTCOMES_PER_FIGURE)
    ]
    for k, chunk in enumerate(chunks, start=1):
        suffix = f" (part {k} of {len(chunks)})" if len(chunks) > 1 else ""
        report.add_figure(
            f"intervals_{k}",
            interval_figure(table, chunk, baseline, designs=others),
            f"Difference from {baseline} with its 95% interval, per outcome{suffix}.",
        )


# -- 3. differences: what common random numbers bought --------------------------------------------


def _variance_section(
    report: CompareDocument,
    table: pd.DataFrame,
    outcomes: Sequence[str],
    baseline: str,
    others: Sequence[str],
) -> None:
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
        "(constant or missing values) are left out."
    )
    usable = ratio[ratio > 0].dropna()
    constant = int((ratio == 0).sum())
    if len(usable):
        median = float(usable.median())
        text += f" The median width ratio here is {number(median)}"
        if constant:
            text += (
                f" (leaving out {constant} comparison{'' if constant == 1 else 's'} whose "
                "paired differences are the same in every replicate, a zero-width "
                "interval)"
            )
        if median < 1:
            text += (
                f": an unpaired comparison would need roughly {number(1 / median**2)} "
                "times as many replicates for intervals as narrow."
            )
        else:
            text += ": pairing did not narrow the typical interval in this comparison."
    report.add_paragraph(text)
    if rows.empty:
        return
    # One row per outcome and a column per design keeps the table as short as the summary.
    cells = {(str(r.outcome), str(r.design)): r for r in rows.itertuples(index=False)}
    shown = [o for o in outcomes if any((o, d) in cells for d in others)]
    frame = pd.DataFrame(
        {
            "outcome": shown,
            **{
                design: [_variance_cell(cells.get((o, design))) for o in shown] for design in others
            },
        }
    )
    report.add_table(
        frame,
        caption="Width ratio, paired / unpaired (variance reduction), per outcome and design",
        digits=3,
    )


def _variance_cell(row: Any) -> str:
    """``0.841 (0.314)``: the width ratio and, in brackets, the variance reduction."""
    if row is None:
        return ""
    ratio, reduction = (
        pd.to_numeric(row.width_ratio, errors="coerce"),
        pd.to_numeric(row.variance_reduction, errors="coerce"),
    )
    text = number(ratio) if pd.notna(ratio) else "n/a"
    return text + (f" ({number(reduction)})" if pd.notna(reduction) else "")

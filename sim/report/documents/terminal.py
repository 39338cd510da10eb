"""Plain-text tables and notices for the terminal."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from sim.outcomes import OUTCOMES
from sim.report.decision.summary import decide, terminal_lines
from sim.report.decision.table import decision_rows
from sim.report.text.numbers import number
from sim.report.text.outcomes import scale, shown_unit
from sim.report.text.validation import measure_label, state_label, summary_sentences


def aligned(header: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> str:
    """Left-aligned text columns under a header and a rule."""
    widths = [max(len(r[k]) for r in [header, *rows]) for k in range(len(header))]
    lines = [
        "  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)),
        "  ".join("-" * w for w in widths),
    ]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
    return "\n".join(lines)


def format_summary(summary: pd.DataFrame) -> str:
    """Format a summary table (outcome, mean, ci_low, ci_high per design) as aligned text."""
    rows = []
    for _, row in summary.iterrows():
        interval = f"[{number(row['ci_low'])}, {number(row['ci_high'])}]"
        outcome = str(row["outcome"])
        unit = OUTCOMES[outcome].unit if outcome in OUTCOMES else ""
        rows.append((str(row["design"]), outcome, unit, number(row["mean"]), interval))
    return aligned(("design", "outcome", "unit", "mean", "95% interval"), rows)


def compile_notice(modules: list[str], cache: object | None) -> str:
    """What to say, once, before runs that will wait for numba to compile the kernels.

    Args:
        modules: The modules whose kernels will be compiled (counted, not listed: the names
            mean nothing to most readers).
        cache: Where the compiled kernels will be cached, if known.
    """
    where = f" in {cache}" if cache else ""
    count = f"{len(modules)} module{'' if len(modules) == 1 else 's'}"
    # A few modules (one changed, or one only some designs use) compile in seconds, possibly
    # in the middle of the runs, when the first design that calls them starts.
    wait = (
        "each worker's first run waits about 20 s for it (longer on a busy machine)"
        if len(modules) > 1
        else "the first run that uses them waits a few seconds to a minute, possibly in "
        "the middle of the runs"
    )
    return (
        f"mentorsim: numba is compiling the model's kernels ({count}) on first use: {wait}, "
        f"with no progress shown meanwhile. The compiled kernels are cached{where} for "
        "later commands."
    )


def print_summary(summary: pd.DataFrame, title: str) -> None:
    """Print a title and the summary table."""
    print(f"\n{title}\n")
    print(format_summary(summary))


def format_comparison(table: pd.DataFrame, outcomes: list[str], baseline: str) -> str:
    """Format a comparison table: per outcome and design, the difference, interval, verdict.

    Every number of a row is in the unit of the ``unit`` column: shares as percentages and
    their differences in percentage points, as in the report. ``against`` names the design
    each difference is taken from (the baseline, or the design it changes).
    """
    rows = []
    for outcome in outcomes:
        unit = shown_unit(outcome)
        k = scale(outcome)
        part = table[(table["outcome"] == outcome) & (table["design"] != baseline)]
        for _, row in part.iterrows():
            interval = f"[{number(k * row['ci_low'])}, {number(k * row['ci_high'])}]"
            rows.append(
                (
                    outcome,
                    unit,
                    str(row["design"]),
                    str(row.get("reference", baseline)),
                    number(k * row["reference_mean"]),
                    number(k * row["mean"]),
                    number(k * row["diff"]),
                    interval,
                    str(row["verdict"]),
                    f"{row['p_best']:.2f}",
                )
            )
    header = (
        "outcome",
        "unit",
        "design",
        "against",
        "its mean",
        "design mean",
        "difference",
        "95% interval",
        "verdict",
        "P(best)",
    )
    return aligned(header, rows)


def baseline_best(table: pd.DataFrame, outcomes: list[str], baseline: str) -> str:
    """A line naming the outcomes on which the baseline itself is the most likely best.

    There the listed designs' P(best) is low or 0, which reads as an error unless said.
    """
    best = []
    for outcome in outcomes:
        if outcome in OUTCOMES and OUTCOMES[outcome].direction == 0:
            continue
        rows = table[table["outcome"] == outcome]
        if rows.empty or rows["p_best"].isna().all():
            continue
        top = rows.loc[rows["p_best"].idxmax()]
        if str(top["design"]) == baseline:
            best.append(f"{outcome} ({top['p_best']:.2f})")
    if not best:
        return ""
    return (
        f"P(best): {baseline} itself is the most likely best design on "
        f"{', '.join(best)}; the designs listed share the rest of the probability there."
    )


def format_decisions(
    table: pd.DataFrame,
    costs: pd.DataFrame,
    outcomes: list[str],
    baseline: str,
    replacement_cost: float | None = None,
) -> str:
    """The decision block that ends ``mentorsim compare``'s output.

    Per design other than the baseline: its top gain, its top loss (costs aside) and its
    cost per departure avoided, in the words of the report's decision summary.
    """
    designs = [str(d) for d in pd.unique(table["design"].astype(str)) if str(d) != baseline]
    decisions = [
        decide(table, costs, d, baseline, outcomes, replacement_cost=replacement_cost)
        for d in designs
    ]
    head = (
        "Decision summary, each design against the design named beside it (95% intervals; "
        "the full summary, with "
        "every gain, loss and cost, opens report.md):"
    )
    return "\n".join([head, *(f"  {line}" for line in terminal_lines(decisions))])


def print_comparison(
    table: pd.DataFrame,
    outcomes: list[str],
    *,
    baseline: str,
    reps: int,
    stopped_by: str,
    costs: pd.DataFrame | None = None,
    replacement_cost: float | None = None,
    priorities: list[str] | None = None,
) -> None:
    """Print the comparison, where the baseline is best, decisions, and the decision table.

    Args:
        table: The comparison table.
        outcomes: The outcomes to print, in order.
        baseline: The baseline design.
        reps: Replicates per design.
        stopped_by: Why replication stopped.
        costs: The cost table (``costs.csv``); with it, a decision block ends the output.
        replacement_cost: What refilling a position costs ($k), said beside a cost per
            departure avoided.
        priorities: The decision table's columns, most important first (``--priorities``).
    """
    print(
        f"\nPaired comparison (baseline {baseline!r}): {reps} replicates per design "
        f"({stopped_by}); intervals are 95%, Bonferroni-adjusted across designs.\n"
    )
    print(format_comparison(table, outcomes, baseline))
    line = baseline_best(table, outcomes, baseline)
    if line:
        print(f"\n{line}")
    if costs is not None:
        print()
        print(format_decisions(table, costs, outcomes, baseline, replacement_cost))
    print()
    print(format_decision_table(table, costs, baseline, priorities))


def format_decision_table(
    table: pd.DataFrame,
    costs: pd.DataFrame | None,
    baseline: str,
    priorities: list[str] | None = None,
) -> str:
    """The report's decision table as text: a row per design, best first by the priorities.

    Each cell is the difference and a mark for its verdict (+ better, - worse, = no
    difference); the report gives the verdicts in words.
    """
    designs = [str(d) for d in pd.unique(table["design"].astype(str)) if str(d) != baseline]
    rows, columns = decision_rows(
        table, costs if costs is not None else pd.DataFrame(), designs, priorities
    )
    marks = {"better": "+", "worse": "-", "no difference": "=", "priced": ""}
    header = ("design", "against", *(c.key for c in columns))
    lines = [
        (
            r.design,
            r.reference or baseline,
            *(f"{r.cells[c.key].text} {marks.get(r.cells[c.key].verdict, '?')}" for c in columns),
        )
        for r in rows
    ]
    return (
        "Decision table, each design against the design named beside it, best first by "
        "the priorities (+ better, "
        "- worse, = no difference, ? see the report):\n" + aligned(header, lines)
    )


def format_validation(table: pd.DataFrame) -> str:
    """One line per target: what it measures, value and interval, band, state, source."""
    rows = []
    for _, row in table.iterrows():
        rows.append(
            (
                str(row["target"]),
                measure_label(row),
                f"{number(row['value'])} [{number(row['ci_low'])}, {number(row['ci_high'])}]",
                f"[{number(row['low'])}, {number(row['high'])}]",
                state_label(row),
                _first_author(str(row["source"])),
            )
        )
    header = ("target", "measure", "model (95% interval)", "band", "state", "source")
    return aligned(header, rows)


def _first_author(source: str) -> str:
    """``Luckhaupt SE et al.`` from a citation that starts with its authors."""
    authors = source.split(".")[0]
    first = authors.split(",")[0].strip().removesuffix(" et al")
    return f"{first} et al." if "," in authors or "et al" in authors else first


def print_validation(table: pd.DataFrame, reps: int) -> None:
    """Print the targets, then what was found (counts per state, what would resolve the rest)."""
    print()
    print(format_validation(table))
    print()
    for sentence in summary_sentences(table, reps):
        print(sentence)


def format_coverage(table: pd.DataFrame) -> str:
    """Each target's coverage across the ensemble's members on fresh seeds, as text.

    Beside each coverage: the standard error of a member's mean over its seeds (``se``, as a
    share of the band's half-width) and the coverage replicate noise alone would leave a
    perfectly centred ensemble (``noise only``).
    """
    lines = [
        f"{'target':7s} {'band':>17s} {'ensemble':>10s} {'members 5-95%':>21s} "
        f"{'coverage':>9s} {'se/half':>8s} {'noise only':>10s}  pass"
    ]
    for row in table.itertuples(index=False):
        band = f"[{row.low:.3g}, {row.high:.3g}]"
        span = f"{row.member_p05:.3g} to {row.member_p95:.3g}"
        lines.append(
            f"{row.target:7s} {band:>17s} {row.value:10.3g} {span:>21s} "
            f"{row.coverage:9.0%} {row.se_over_half_width:8.2f} {row.noise_coverage:10.0%}  "
            f"{'yes' if row.ensemble_ok else 'NO'}"
        )
    return "\n".join(lines)


def print_coverage(table: pd.DataFrame) -> None:
    """Print the coverage table, the targets noise blurs, and how many the ensemble passes."""
    from sim.experiment.coverage import BLURRED_BELOW, blurred

    print()
    k = table["seeds_per_member"].median()
    print(
        f"coverage across the ensemble (members inside the band on fresh seeds, "
        f"{k:.0f} per member):"
    )
    print(format_coverage(table))
    noisy = blurred(table)
    if noisy:
        print(
            f"\nreplicate noise blurs the coverage of {', '.join(noisy)}: a member at the "
            f"band's centre would be outside more than {1 - BLURRED_BELOW:.0%} of the time on "
            f"{k:.0f} seeds (noise only); more seeds per member (--member-seeds) sharpen it"
        )
    passed = int(table["ensemble_ok"].sum())
    print(f"\nthe ensemble passes {passed} of {len(table)} targets on fresh seeds")

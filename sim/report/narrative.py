"""Plain-language descriptions of a design, written from the comparison table alone.

:func:`describe_design` turns one design's rows of the table returned by
``sim.experiment.stats.compare_designs`` into a short paragraph for a program committee: what
the design improved, what it worsened, where no difference was detectable, and where it is
most likely the best design. Every statement is read off a number in the table (difference,
interval, verdict, P(best)); nothing is inferred beyond them, and the same table always gives
the same text. The counts are over the same outcomes as the report's summary table, costs
included, so the paragraph and the table agree.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd

from sim.outcomes import OUTCOMES
from sim.report.text import number, signed

#: P(best) at or above which a design is called the most likely best on an outcome.
NOTABLE_P_BEST = 0.8

# Units that read badly after a number ("0.21 share"); numbers of these are written bare.
_BARE_UNITS = frozenset({"share", "share/year", "0-1", "ratio", ""})


def describe_design(table: pd.DataFrame, design: str, baseline: str,
                    outcomes: Sequence[str]) -> str:
    """A short paragraph describing one design against the baseline, from the numbers only.

    The verdicts of the table say better or worse (they already use each outcome's direction);
    the sign of the difference says raised or lowered. Outcomes whose difference or interval
    is undefined (NaN: the outcome is undefined in the runs, or too few replicates have a
    value) are listed as not compared rather than as showing no difference.

    Args:
        table: Output of ``sim.experiment.stats.compare_designs`` (columns ``outcome``,
            ``design``, ``mean``, ``baseline_mean``, ``diff``, ``rel_diff``, ``ci_low``,
            ``ci_high``, ``verdict``, ``p_best`` and ``n`` are read).
        design: The design to describe.
        baseline: The design it was compared with.
        outcomes: Outcomes to describe, in this order (those of the summary table).

    Returns:
        One paragraph of plain text.

    Raises:
        KeyError: If the table has no row for ``design``.
    """
    rows = table[table["design"] == design]
    if rows.empty:
        raise KeyError(f"design {design!r} is not in the comparison table")
    if design == baseline:
        return (f"{design} is the baseline: every other design is compared with it, replicate "
                "by replicate.")
    by_outcome = {str(r.outcome): r for r in rows.itertuples(index=False)}
    chosen = [o for o in dict.fromkeys(outcomes) if o in by_outcome]
    missing = [o for o in dict.fromkeys(outcomes) if o not in by_outcome]

    better, worse, neutral, same, undefined = [], [], [], [], []
    for outcome in chosen:
        row = by_outcome[outcome]
        if not _comparable(row):
            undefined.append(outcome)
        elif row.verdict == "better":
            better.append(outcome)
        elif row.verdict == "worse":
            worse.append(outcome)
        elif row.verdict in ("higher", "lower"):
            neutral.append(outcome)
        else:
            same.append(outcome)

    n_pairs = int(max((r.n for r in rows.itertuples(index=False) if _finite(r.n)), default=0))
    tally = (f"better on {len(better)}, worse on {len(worse)} and not detectably different "
             f"on {len(same)}")
    if neutral:
        tally += f"; {len(neutral)} moved without a preferred direction"
    if undefined:
        tally += f"; {len(undefined)} could not be compared"
    sentences = [f"Compared with {baseline} over {n_pairs} paired replicates, on the "
                 f"{len(chosen)} outcome{_plural(len(chosen))} of the summary table {design} "
                 f"was {tally}."]
    if better:
        changes = "; ".join(_change(by_outcome[o]) for o in better)
        sentences.append(f"Better: {changes}.")
    if worse:
        changes = "; ".join(_change(by_outcome[o]) for o in worse)
        sentences.append(f"Worse: {changes}.")
    if neutral:
        changes = "; ".join(_change(by_outcome[o]) for o in neutral)
        sentences.append(f"Without a preferred direction, it {changes}.")
    if same:
        listed = ", ".join(f"{o} ({_interval(by_outcome[o])})" for o in same)
        sentences.append(f"No detectable difference: {listed}.")
    if undefined:
        sentences.append(f"Not compared, because the outcome is undefined in these runs or too "
                         f"few replicates have a value: {', '.join(undefined)}.")
    if missing:
        sentences.append(f"Not in the comparison table: {', '.join(missing)}.")
    best = [o for o in chosen if _notable_best(by_outcome[o])]
    if best:
        listed = ", ".join(f"{o} (P(best) {by_outcome[o].p_best:.2f})" for o in best)
        sentences.append(f"It is the most likely best design on {listed}.")
    return " ".join(sentences)


def _change(row: object) -> str:
    """``raised X from A to B, a difference of D [L, H] (R%)``.

    The outcome's definition is not repeated here: the summary table above gives it.
    """
    verb = "raised" if row.diff > 0 else "lowered" if row.diff < 0 else "left unchanged"
    return f"{verb} {row.outcome} {_values(row)}, a difference of {_interval(row)}"


def _values(row: object) -> str:
    """``from A to B UNIT`` (baseline mean to design mean)."""
    unit = _unit(str(row.outcome))
    return f"from {number(row.baseline_mean)} to {number(row.mean)}{unit}"


def _interval(row: object) -> str:
    """``D [L, H]`` with signs, and the relative difference when it is defined."""
    text = f"{signed(row.diff)} [{signed(row.ci_low)}, {signed(row.ci_high)}]"
    if _finite(row.rel_diff):
        text += f", {signed(100 * row.rel_diff)}%"
    return text


def _unit(outcome: str) -> str:
    unit = OUTCOMES[outcome].unit if outcome in OUTCOMES else ""
    return "" if unit in _BARE_UNITS else f" {unit}"


def _comparable(row: object) -> bool:
    return all(_finite(v) for v in (row.diff, row.ci_low, row.ci_high))


def _notable_best(row: object) -> bool:
    outcome = str(row.outcome)
    directional = outcome not in OUTCOMES or OUTCOMES[outcome].direction != 0
    return directional and _finite(row.p_best) and row.p_best >= NOTABLE_P_BEST


def _finite(value: object) -> bool:
    try:
        return math.isfinite(float(value))
    except (TypeError, ValueError):
        return False


def _plural(n: int) -> str:
    return "" if n == 1 else "s"

"""Plain-language descriptions of a design, written from the comparison table alone.

:func:`describe_design` turns one design's rows of the table returned by
``sim.experiment.stats.compare_designs`` into a short paragraph for a program committee: what
the design improved, what it worsened, where no difference was detectable, where it is most
likely the best design, and what it costs. Every statement is read off a number in the table
(difference, interval, verdict, P(best)); nothing is inferred beyond them, and the same table
always gives the same text.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd

from sim.outcomes import OUTCOMES
from sim.report.text import number, signed

#: Outcomes described in the cost sentence rather than among the other outcomes.
COST_OUTCOMES = ("program_cost", "net_cost")

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
        outcomes: Outcomes to describe, in this order. ``COST_OUTCOMES`` are described in a
            closing sentence on cost, which also covers the cost outcomes of the table that
            are not listed here.

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
    chosen = [o for o in dict.fromkeys(outcomes) if o in by_outcome and o not in COST_OUTCOMES]
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
    compared = len(chosen) - len(undefined)
    sentences = [f"Compared with {baseline} over {n_pairs} paired replicates, {design} was "
                 f"compared on {compared} outcome{_plural(compared)}"
                 + (f" ({len(undefined)} more could not be compared)." if undefined else ".")]
    if better:
        changes = "; ".join(_change(by_outcome[o]) for o in better)
        sentences.append(f"It did better on {_count(better)}: {changes}.")
    else:
        sentences.append("It improved none of them detectably.")
    if worse:
        changes = "; ".join(_change(by_outcome[o]) for o in worse)
        sentences.append(f"It did worse on {_count(worse)}: {changes}.")
    else:
        sentences.append("It worsened none of them detectably.")
    if neutral:
        changes = "; ".join(_change(by_outcome[o]) for o in neutral)
        sentences.append(f"On {_count(neutral)} without a preferred direction, it {changes}.")
    if same:
        listed = ", ".join(f"{o} ({_interval(by_outcome[o])})" for o in same)
        scope = "any of them" if len(same) == compared else _count(same)
        sentences.append(f"No difference was detectable on {scope}: {listed}.")
    if undefined:
        sentences.append(f"Not compared, because the outcome is undefined in these runs or too "
                         f"few replicates have a value: {', '.join(undefined)}.")
    if missing:
        sentences.append(f"Not in the comparison table: {', '.join(missing)}.")
    best = [o for o in chosen if _notable_best(by_outcome[o])]
    if best:
        listed = ", ".join(f"{o} (P(best) {by_outcome[o].p_best:.2f})" for o in best)
        sentences.append(f"It is the most likely best design on {listed}.")
    cost = _cost_sentence(by_outcome)
    if cost:
        sentences.append(cost)
    return " ".join(sentences)


def _cost_sentence(by_outcome: dict) -> str:
    """What the design costs: each cost outcome of the table, or nothing if there is none."""
    parts = []
    for outcome in COST_OUTCOMES:
        row = by_outcome.get(outcome)
        if row is None:
            continue
        if not _comparable(row):
            parts.append(f"{outcome} could not be compared")
        elif row.verdict in ("better", "worse"):
            parts.append(f"it {_change(row)}, which is {row.verdict}")
        elif row.verdict in ("higher", "lower"):
            parts.append(f"it {_change(row)}")
        else:
            parts.append(f"{outcome} showed no detectable difference "
                         f"({_values(row)}; difference {_interval(row)})")
    if not parts:
        return ""
    text = "; ".join(parts)
    return f"On cost, {text}."


def _change(row: object) -> str:
    """``raised X — definition — from A to B, a difference of D [L, H] (R%)``."""
    outcome = str(row.outcome)
    verb = "raised" if row.diff > 0 else "lowered" if row.diff < 0 else "left unchanged"
    definition = OUTCOMES[outcome].definition if outcome in OUTCOMES else ""
    named = f"{outcome} — {definition} —" if definition else outcome
    return f"{verb} {named} {_values(row)}, a difference of {_interval(row)}"


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


def _count(items: Sequence[str]) -> str:
    return f"{len(items)} outcome{_plural(len(items))}"


def _plural(n: int) -> str:
    return "" if n == 1 else "s"

"""Plain-language descriptions of a design, written from the comparison table alone.

:func:`describe_design` turns one design's rows of the table returned by
``sim.experiment.stats.compare_designs`` into a short text for a program committee, and
:func:`narrative_block` into the same content as ranked lists for the report: what the
design improved and what it worsened, largest first, where it moved an outcome without a
preferred direction, and (by name only) where no difference was detectable. Every statement
is read off a number in the table (difference, interval, verdict, P(best)); nothing is
inferred beyond them, and the same table always gives the same text. The counts are over the
same outcomes as the report's summary table, costs included, so the text and the table agree.

Lists are ranked by the size of each difference: the standardized effect of the table's
``std_effect`` column (``sim.experiment.effects``) where it has one, else the table's order.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from sim.outcomes import OUTCOMES
from sim.report.text.numbers import finite_number, signed
from sim.report.text.outcomes import reference_of

#: P(best) at or above which a design is called the most likely best on an outcome.
NOTABLE_P_BEST = 0.8


@dataclass(frozen=True)
class Verdicts:
    """One design's outcomes sorted by verdict, each list ranked largest effect first.

    Attributes:
        better: Outcomes whose whole interval is on the better side.
        worse: Outcomes whose whole interval is on the worse side.
        neutral: Outcomes without a preferred direction whose interval excludes zero.
        same: Outcomes with no detectable difference (in the order given).
        undefined: Outcomes whose difference or interval is undefined.
        missing: Outcomes asked for that the table does not have.
    """

    better: list[str]
    worse: list[str]
    neutral: list[str]
    same: list[str]
    undefined: list[str]
    missing: list[str]


def classify(table: pd.DataFrame, design: str, outcomes: Sequence[str]) -> Verdicts:
    """Sort a design's outcomes by verdict; better, worse and neutral ranked by effect size.

    Every count the reports give (the narrative's tally, the decision summary's "more
    gains") is the length of one of these lists, so the sections agree.

    Args:
        table: The comparison table (``std_effect`` is used for the ranking when present).
        design: The design.
        outcomes: The outcomes, in the order of the summary table.
    """
    by_outcome = _rows(table, design)
    chosen = [o for o in dict.fromkeys(outcomes) if o in by_outcome]
    found = Verdicts(
        [], [], [], [], [], [o for o in dict.fromkeys(outcomes) if o not in by_outcome]
    )
    for outcome in chosen:
        row = by_outcome[outcome]
        if not _comparable(row):
            found.undefined.append(outcome)
        elif row.verdict == "better":
            found.better.append(outcome)
        elif row.verdict == "worse":
            found.worse.append(outcome)
        elif row.verdict in ("higher", "lower"):
            found.neutral.append(outcome)
        else:
            found.same.append(outcome)
    for ranked in (found.better, found.worse, found.neutral):
        ranked.sort(key=lambda o: -effect_size(by_outcome[o]))  # stable: ties keep order
    return found


def effect_size(row: Any) -> float:
    """The absolute standardized effect of a table row; -1 (ranks last) where unknown."""
    value = getattr(row, "std_effect", math.nan)
    return abs(float(value)) if finite_number(value) or _infinite(value) else -1.0


def describe_design(
    table: pd.DataFrame, design: str, baseline: str, outcomes: Sequence[str]
) -> str:
    """A short text describing one design against the baseline, from the numbers only.

    The verdicts of the table say better or worse (they already use each outcome's direction);
    the sign of the difference says up or down. Outcomes whose difference or interval is
    undefined (NaN: the outcome is undefined in the runs, or too few replicates have a value)
    are listed as not compared rather than as showing no difference.

    Args:
        table: Output of ``sim.experiment.stats.compare_designs`` (columns ``outcome``,
            ``design``, ``mean``, ``reference_mean``, ``diff``, ``rel_diff``, ``ci_low``,
            ``ci_high``, ``verdict``, ``p_best`` and ``n`` are read; ``std_effect`` ranks
            the lists when present).
        design: The design to describe.
        baseline: The comparison's baseline (the design is compared with its ``reference``
            in ``table`` when the table names one).
        outcomes: Outcomes to describe, in this order (those of the summary table).

    Returns:
        Plain text: the tally, then each list as a sentence.

    Raises:
        KeyError: If the table has no row for ``design``.
    """
    parts = _parts(table, design, baseline, outcomes)
    sentences = [parts.tally]
    for title, items in parts.lists:
        sentences.append(f"{title}: {'; '.join(items)}.")
    sentences += parts.closing
    return " ".join(sentences)


def narrative_block(
    table: pd.DataFrame, design: str, baseline: str, outcomes: Sequence[str]
) -> tuple[str, str]:
    """:func:`describe_design` as (HTML, Markdown): the tally, then ranked lists.

    Raises:
        KeyError: If the table has no row for ``design``.
    """
    esc = html.escape
    parts = _parts(table, design, baseline, outcomes)
    html_items, md_items = [], []
    for title, items in parts.lists:
        html_items.append(
            f"<li><strong>{esc(title)}</strong>: "
            + (
                "<ol>" + "".join(f"<li>{esc(i)}</li>" for i in items) + "</ol>"
                if title in _RANKED
                else esc(", ".join(items))
            )
            + "</li>"
        )
        md_items.append(
            f"- **{title}**:"
            + (
                "".join(f"\n  {k}. {i}" for k, i in enumerate(items, start=1))
                if title in _RANKED
                else f" {', '.join(items)}"
            )
        )
    html_text = f"<p>{esc(parts.tally)}</p>"
    md_lines = [parts.tally]
    if html_items:
        html_text += '\n<ul class="narrative">' + "".join(html_items) + "</ul>"
        md_lines += ["", *md_items]
    if parts.closing:
        html_text += f"\n<p>{esc(' '.join(parts.closing))}</p>"
        md_lines += ["", " ".join(parts.closing)]
    return html_text, "\n".join(md_lines)


# Titles of the ranked lists (the others are lists of names).
_BETTER = "Better, largest first"
_WORSE = "Worse, largest first"
_NEUTRAL = "Without a preferred direction, largest first"
_RANKED = (_BETTER, _WORSE, _NEUTRAL)


@dataclass(frozen=True)
class _Parts:
    tally: str
    lists: list[tuple[str, list[str]]]
    closing: list[str]


def _parts(table: pd.DataFrame, design: str, baseline: str, outcomes: Sequence[str]) -> _Parts:
    """The tally sentence, the titled lists and the closing sentences of a design's text."""
    rows = table[table["design"] == design]
    if rows.empty:
        raise KeyError(f"design {design!r} is not in the comparison table")
    if design == baseline:
        return _Parts(
            f"{design} is the baseline: every other design is compared with it, "
            "replicate by replicate.",
            [],
            [],
        )
    by_outcome = _rows(table, design)
    found = classify(table, design, outcomes)
    n_chosen = sum(
        len(x) for x in (found.better, found.worse, found.neutral, found.same, found.undefined)
    )
    n_pairs = int(max((r.n for r in rows.itertuples(index=False) if finite_number(r.n)), default=0))
    tally = (
        f"better on {len(found.better)}, worse on {len(found.worse)} and not detectably "
        f"different on {len(found.same)}"
    )
    if found.neutral:
        tally += f"; {len(found.neutral)} moved without a preferred direction"
    if found.undefined:
        tally += f"; {len(found.undefined)} could not be compared"
    tally = (
        f"Compared with {reference_of(table, design, baseline)} over {n_pairs} paired "
        f"replicates, on the {n_chosen} "
        f"outcome{_plural(n_chosen)} of the summary table {design} was {tally}."
    )
    lists = [
        (title, [_change(by_outcome[o]) for o in names])
        for title, names in (
            (_BETTER, found.better),
            (_WORSE, found.worse),
            (_NEUTRAL, found.neutral),
        )
        if names
    ]
    if found.same:
        lists.append(("No detectable difference", found.same))
    if found.undefined:
        lists.append(
            (
                "Not compared (undefined in these runs, or too few replicates have a value)",
                found.undefined,
            )
        )
    if found.missing:
        lists.append(("Not in the comparison table", found.missing))
    closing = []
    chosen = [o for o in dict.fromkeys(outcomes) if o in by_outcome]
    best = [o for o in chosen if _notable_best(by_outcome[o])]
    if best:
        listed = ", ".join(f"{o} (P(best) {by_outcome[o].p_best:.2f})" for o in best)
        closing.append(f"It is the most likely best design on {listed}.")
    return _Parts(tally, lists, closing)


def _rows(table: pd.DataFrame, design: str) -> dict[str, Any]:
    return {str(r.outcome): r for r in table[table["design"] == design].itertuples(index=False)}


def _change(row: Any) -> str:
    """``X +D [L, H] (+R%)``: the summary table's cell, after the outcome's name.

    Neither the definition nor the two means are repeated: the summary table gives them.
    """
    return f"{row.outcome} {_interval(row)}"


def _interval(row: Any) -> str:
    """``D [L, H]`` with signs, and the relative difference in brackets when it is defined."""
    text = f"{signed(row.diff)} [{signed(row.ci_low)}, {signed(row.ci_high)}]"
    if finite_number(row.rel_diff):
        text += f" ({signed(100 * row.rel_diff)}%)"
    return text


def _comparable(row: Any) -> bool:
    return all(finite_number(v) for v in (row.diff, row.ci_low, row.ci_high))


def _notable_best(row: Any) -> bool:
    outcome = str(row.outcome)
    directional = outcome not in OUTCOMES or OUTCOMES[outcome].direction != 0
    return directional and finite_number(row.p_best) and row.p_best >= NOTABLE_P_BEST


def _infinite(value: Any) -> bool:
    try:
        return math.isinf(float(value))
    except (TypeError, ValueError):
        return False


def _plural(n: int) -> str:
    return "" if n == 1 else "s"

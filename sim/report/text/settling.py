"""Whether the yearly series have settled when the warm-up ends, and if not, why not.

A run starts from a synthetic population in which nobody has a mentor. In the first years
every junior seeks one at once, so those relationships start together and end together when
they reach ``program.max_relationship_years`` (6 by default): the share of assistant
professors with a mentor is high through year 6 and dips in years 7-9, after the default
five-year warm-up has ended, as juniors past ``program.eligible_years`` stay unmentored once
their relationship ends (with relationships that never end there is no dip: 0.76 in year 8
on four baseline seeds, against 0.62). The run-level outcomes average the years after the
warm-up, so they include the dip.

:func:`drifts` measures it from the yearly table (no assumption about its cause), and
:func:`drift_note` says it in the report beside the yearly plots: which series still move
after the warm-up, from what to what, when they settle, and why.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

#: Series checked: the outcome a reader sees move, and the mentor supply beside it.
SERIES = ("mentored_share", "active_mentors", "fulls")
#: A series has settled from the first year after which every yearly mean stays within this
#: share of its level over the last third of the run.
TOLERANCE = 0.05


@dataclass(frozen=True)
class Drift:
    """A yearly series still moving after the warm-up.

    Attributes:
        metric: The yearly metric.
        at_warmup: Its mean over replicates in the last warm-up year.
        later: Its mean over the last third of the run (the level it settles at).
        settled_by: The first year from which it stays within :data:`TOLERANCE` of
            ``later``.
    """

    metric: str
    at_warmup: float
    later: float
    settled_by: int


def drifts(
    yearly: pd.DataFrame, design: str, warmup: int, metrics: Sequence[str] = SERIES
) -> list[Drift]:
    """The series of one design that are not settled when the warm-up ends.

    Args:
        yearly: The yearly table (``design``, ``year`` and the metrics; every replicate).
        design: The design.
        warmup: Its warm-up years.
        metrics: The series to check (those missing from the table are skipped).

    Returns:
        One :class:`Drift` per series that still moves by more than :data:`TOLERANCE` of
        its later level after the warm-up, in the order of ``metrics``.
    """
    rows = yearly[yearly["design"].astype(str) == design]
    found = []
    for metric in metrics:
        if metric not in rows.columns or rows.empty:
            continue
        mean = rows.groupby("year")[metric].mean().sort_index()
        years = mean.index.to_numpy()
        if warmup not in mean.index or years.max() < warmup + 6:
            continue  # too short a run to tell a level from a drift
        last_third = mean[mean.index > years.max() - (years.max() - warmup) / 3]
        later = float(last_third.mean())
        if later == 0:
            continue
        off = (mean - later).abs() > TOLERANCE * abs(later)
        after = off[off.index >= warmup]
        if not after.iloc[0]:
            continue  # within tolerance at the end of the warm-up
        unsettled = after[after].index
        settled_by = int(unsettled.max()) + 1
        found.append(Drift(metric, float(mean[warmup]), later, settled_by))
    return found


def drift_note(yearly: pd.DataFrame, design: str, warmup: int | None) -> str:
    """A paragraph on the series still moving after the warm-up ("" when none is).

    Args:
        yearly: The yearly table.
        design: The design read (the baseline in a comparison).
        warmup: Its warm-up years, or None.
    """
    if not warmup:
        return ""
    found = {d.metric: d for d in drifts(yearly, design, warmup)}
    if "mentored_share" not in found:
        return ""
    share = found["mentored_share"]
    text = (
        f"Not yet settled when the warm-up ends: in {design}, the share of assistant "
        f"professors with a mentor goes from {100 * share.at_warmup:.1f}% in year {warmup} "
        f"to {100 * share.later:.1f}% later in the run (mean of its last third), within "
        f"{100 * TOLERANCE:.0f}% of that level from year {share.settled_by}."
    )
    text += (
        " Why: every junior starts the run unmentored, so the relationships of the first "
        "years form together and reach their natural end (program.max_relationship_years) "
        "together; until then the share is high, and when they end it dips, as juniors "
        "past program.eligible_years stay unmentored after their relationship ends. "
        "(With relationships that never end, the share does not drop.) The run-level "
        "outcomes average the years after the warm-up, so they include this dip; every "
        "design meets it on the same people in the same years. A warmup_years longer than "
        "max_relationship_years plus about three years leaves it out."
    )
    return text

"""Whether the yearly series have settled when the warm-up ends, and if not, why not.

A run starts from a synthetic population whose ranks are not those the institution keeps:
the default starts with more full professors (28% of the faculty) than it holds once hiring,
promotion and retirement balance (about 20%). As the starting seniors retire over the first
ten or so years the mentor pool shrinks, and the share of assistant professors with a mentor
falls with it, after the default five-year warm-up has ended. The run-level outcomes average
the years after the warm-up, so they include part of that drift.

:func:`drifts` measures it from the yearly table (no assumption about its cause), and
:func:`drift_note` says it in the report beside the yearly plots: which series still move
after the warm-up, from what to what, when they settle, and the senior pool that drives it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

#: Series checked, in the order a note names them: the outcome a reader sees move, then the
#: mentor supply that moves it.
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
    supply = [found[m] for m in ("active_mentors", "fulls") if m in found]
    if supply:
        moves = " and ".join(
            f"{WORDS[d.metric]} from {d.at_warmup:.0f} to {d.later:.0f}" for d in supply
        )
        text += (
            f" The mentor supply moves with it ({moves}): the starting population holds "
            "more senior faculty than the institution keeps once hiring, promotion and "
            "retirement balance, and as they retire fewer mentors are left. The run-level "
            "outcomes average the years after the warm-up, so part of this drift is in "
            "them. Designs are compared over the same years on the same people, so every "
            "design meets the same drift; one whose effect depends on how many mentors "
            "there are may differ somewhat once the pool has settled. A longer "
            "warmup_years, or institution.initial_share_* closer to the later ranks, "
            "removes it."
        )
    return text


WORDS = {"active_mentors": "active mentors", "fulls": "full professors"}

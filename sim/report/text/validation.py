"""How a validation result is said, the same in the terminal and in the report.

Each target is in one of the states of ``sim.experiment.bands``: inside its band, outside it,
not yet resolved at this many replicates (with how many would resolve it), or undefined.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from sim.experiment.bands import INSIDE, OUTSIDE, UNDEFINED, UNRESOLVED


def state_label(row: Mapping[str, Any]) -> str:
    """A target's state in a few words: ``inside``, ``OUTSIDE``, ``not resolved: ~40 reps``."""
    state = str(row["state"])
    if state == INSIDE:
        return "inside"
    if state == OUTSIDE:
        return "OUTSIDE"
    if state == UNDEFINED:
        return "UNDEFINED"
    needed = row.get("reps_to_resolve")
    if needed is None or pd.isna(needed):
        return "not resolved"
    return f"not resolved: ~{int(needed):,} reps"


def measure_label(row: Mapping[str, Any]) -> str:
    """What a row of ``validation.csv`` measures: ``outcome [year N] in S`` or ``S - R``."""
    outcome = str(row["outcome"])
    year = row.get("year")
    if year is not None and not pd.isna(year):
        outcome += f" (year {int(year)})"
    kind, scenario, reference = str(row["kind"]), str(row["scenario"]), row.get("reference")
    if kind == "difference":
        return f"{outcome}: {scenario} - {reference}"
    if kind == "ratio":
        return f"{outcome}: {scenario} / {reference}"
    return f"{outcome} in {scenario}"


def summary_sentences(table: pd.DataFrame, reps: int) -> list[str]:
    """What the validation found: counts per state, then what an unresolved target needs.

    Args:
        table: The validation table (``sim.experiment.validate.score_targets``).
        reps: Replicates per scenario.

    Returns:
        Sentences: the counts, then one per unresolved target saying how many replicates
        would resolve it, and a closing one on the exit status.
    """
    counts = {s: int((table["state"] == s).sum()) for s in (INSIDE, OUTSIDE, UNRESOLVED, UNDEFINED)}
    parts = [f"{counts[INSIDE]} of {len(table)} targets inside their band"]
    if counts[OUTSIDE]:
        parts.append(f"{counts[OUTSIDE]} outside")
    if counts[UNRESOLVED]:
        parts.append(f"{counts[UNRESOLVED]} not yet resolved at {reps} replicates")
    if counts[UNDEFINED]:
        parts.append(f"{counts[UNDEFINED]} undefined in these runs")
    sentences = [", ".join(parts) + "."]
    for _, row in table[table["state"] == UNRESOLVED].iterrows():
        where = "inside" if row["low"] <= row["value"] <= row["high"] else "outside"
        needed = row["reps_to_resolve"]
        if needed is None or pd.isna(needed):
            more = (
                "no number of replicates would resolve it while the mean sits on the band's edge"
                if reps > 1
                else "rerun with at least 2 replicates"
            )
        else:
            more = (
                f"about {int(needed):,} replicates would resolve it if its "
                "mean and spread stay as they are"
            )
        sentences.append(
            f"{row['target']}: the mean is {where} the band but the 95% interval "
            f"crosses its edge; {more}."
        )
    return sentences

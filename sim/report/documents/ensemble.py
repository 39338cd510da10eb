"""The comparison report's "Across the calibrated ensemble" section (when the runs carried it).

It shows, per outcome and design, the columns ``sim.experiment.ensemble_stats`` adds to
``comparison.csv``: the interval that includes what the evidence leaves open, how much of a
difference's spread is replicate noise and how much parameter uncertainty, the share of
members in which the design is better, the parameters the verdict hinges on, and the verdict.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd

from sim.experiment.ensemble_stats import ENSEMBLE_COLUMNS
from sim.report.documents.base import Report
from sim.report.text.outcomes import change, interval, label
from sim.report.text.parameters import parameter_words


def ensemble_section(
    report: Report, table: pd.DataFrame, outcomes: Sequence[str], baseline: str
) -> None:
    """Add the section when the table has the ensemble columns; otherwise nothing."""
    if not set(ENSEMBLE_COLUMNS) <= set(table.columns):
        return
    rows = table[(table["design"] != baseline) & table["outcome"].isin(outcomes)]
    if rows.empty:
        return
    report.add_heading("Across the calibrated ensemble")
    members = int(rows["ensemble_members"].max())
    report.add_paragraph(
        f"Each replicate ran one member of the calibrated ensemble ({members} members here, "
        "two seeds each, the same member and seed for every design), so the interval below "
        "includes what the literature targets leave open, not only simulation noise. "
        "'noise' and 'parameters' split the spread of one paired difference into replicate "
        "noise and differences between members; 'members better' is the share of members "
        "whose mean difference favours the design; 'hinges on' names the parameters whose "
        "values track the member's effect most closely (in the scenario schema's words, the "
        "key in brackets, and the Spearman rank correlation), only those whose correlation "
        "survives a Benjamini-Hochberg correction across all the calibrated parameters "
        "(false discovery rate 5%); empty when none does: no parameter measurably moves "
        "the effect at this many members. Differences are in the "
        "outcome's unit, shares in percentage points. The "
        "verdict is 'better' or 'worse' only when it holds across the members; otherwise "
        "it names the parameter it depends on."
    )
    shown = pd.DataFrame(
        {
            "outcome": [label(str(o)) for o in rows["outcome"]],
            "design": [
                f"{d} (against {r})" if r != baseline else str(d)
                for d, r in zip(rows["design"], _references(rows, baseline), strict=True)
            ],
            "difference": [
                change(str(o), float(d)) for o, d in zip(rows["outcome"], rows["diff"], strict=True)
            ],
            "interval (ensemble)": [
                interval(str(o), float(lo), float(hi))
                for o, lo, hi in zip(
                    rows["outcome"], rows["ensemble_ci_low"], rows["ensemble_ci_high"], strict=True
                )
            ],
            "noise": [_percent(x) for x in rows["noise_share"]],
            "parameters": [_percent(x) for x in rows["parameter_share"]],
            "members better": [_percent(x) for x in rows["share_members_better"]],
            "hinges on": [parameter_words(str(x)) if _given(x) else "" for x in rows["hinges_on"]],
            "verdict": [
                parameter_words(str(x)) if _given(x) else "" for x in rows["ensemble_verdict"]
            ],
        }
    )
    report.add_table(shown)


def _references(rows: pd.DataFrame, baseline: str) -> list[str]:
    if "reference" not in rows.columns:
        return [baseline] * len(rows)
    return [str(r) if _given(r) else baseline for r in rows["reference"]]


def _given(value: object) -> bool:
    return value is not None and not (isinstance(value, float) and math.isnan(value))


def _percent(value: object) -> str:
    """A share as ``62%`` (``n/a`` when it is missing)."""
    try:
        share = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return "n/a"
    return f"{100 * share:.0f}%" if math.isfinite(share) else "n/a"

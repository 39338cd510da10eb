"""The comparison report's "Across the calibrated ensemble" section (when the runs carried it).

It shows, per outcome and design, the columns ``sim.experiment.ensemble_stats`` adds to
``comparison.csv``: the interval that includes what the evidence leaves open, how much of a
difference's spread is replicate noise and how much parameter uncertainty, the share of
members in which the design is better, the parameters the verdict hinges on, and the verdict.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from sim.experiment.ensemble_stats import ENSEMBLE_COLUMNS
from sim.report.documents.base import Report


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
        "values track the member's effect most closely (Spearman rank correlation). The "
        "verdict is 'better' or 'worse' only when it holds across the members; otherwise "
        "it names the parameter it depends on."
    )
    shown = pd.DataFrame(
        {
            "outcome": rows["outcome"],
            "design": rows["design"],
            "difference": rows["diff"],
            "interval (ensemble)": [
                f"{lo:.3g} to {hi:.3g}"
                for lo, hi in zip(rows["ensemble_ci_low"], rows["ensemble_ci_high"], strict=True)
            ],
            "noise": rows["noise_share"].astype(float),
            "parameters": rows["parameter_share"].astype(float),
            "members better": rows["share_members_better"].astype(float),
            "hinges on": rows["hinges_on"],
            "verdict": rows["ensemble_verdict"],
        }
    )
    report.add_table(shown, digits=2)

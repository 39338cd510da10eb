"""The policies report: every policy on the same scenarios, ranked by the measure asked for.

Reads the tables of :mod:`sim.experiment.policies` and writes ``report.html`` and
``report.md``: the ranking per outcome, the joint satisficing table, and a figure of each
policy's regret across the scenarios.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from sim.report.documents.base import Report

#: What each ranking measure means, in the report's words.
MEASURE_WORDS = {
    "max_regret": "the largest regret over the scenarios (minimax regret; lower is better)",
    "p90_regret": "the 90th percentile of regret over the scenarios (lower is better)",
    "mean_regret": "the mean regret over the scenarios (lower is better)",
    "satisficing": "the share of scenarios meeting the outcome's threshold (higher is better)",
    "mean": "the outcome's mean over the scenarios",
    "worst_decile": "the outcome's worst decile over the scenarios",
}

SHOWN = [
    "rank",
    "policy",
    "mean",
    "p10",
    "p50",
    "p90",
    "mean_regret",
    "p90_regret",
    "max_regret",
    "satisficing",
]


def regret_figure(table: pd.DataFrame, outcomes: list[str]) -> Figure:
    """Mean, 90th percentile and largest regret of each policy, one panel per outcome."""
    fig = Figure(
        figsize=(4.4 * min(len(outcomes), 3), 0.8 + 0.3 * table["policy"].nunique()),
        layout="constrained",
    )
    axes = np.atleast_1d(fig.subplots(1, min(len(outcomes), 3), squeeze=False).ravel())
    for ax, outcome in zip(axes, outcomes[: len(axes)], strict=False):
        rows = table[table["outcome"] == outcome].sort_values("rank", ascending=False)
        y = np.arange(len(rows))
        ax.barh(y, rows["max_regret"], color="#d62728", alpha=0.35, label="largest")
        ax.barh(y, rows["p90_regret"], color="#d62728", alpha=0.6, label="90th percentile")
        ax.plot(rows["mean_regret"], y, "k|", ms=10, label="mean")
        ax.set_yticks(y, rows["policy"], fontsize=7)
        ax.set_title(outcome, fontsize=9)
        ax.set_xlabel("regret (outcome's unit)", fontsize=8)
        ax.tick_params(axis="x", labelsize=7)
    axes[0].legend(fontsize=7, frameon=False, loc="lower right")
    return fig


def write_policy_report(
    out_dir: Path, resolved: dict, table: pd.DataFrame, joint: pd.DataFrame, measure: str
) -> tuple[Path, Path]:
    """``report.html`` and ``report.md`` ranking the policies by ``measure``."""
    spec = resolved["policies"]
    policies = [d["name"] for d in resolved["designs"]]
    scenarios = int(table["scenarios"].max()) if len(table) else 0
    report = Report(f"mentorsim policies: {resolved['name']}")
    report.add_paragraph(
        f"{len(policies)} policies (each design crossed with its lever values, "
        f"{spec['levers']} design of the levers) ran at the same {scenarios} scenarios "
        f"(points of the uncertainty sample, {resolved['sampler']['method']} sampler), "
        f"{resolved['replicates']} replicate(s) each on common random numbers. Regret is a "
        "policy's shortfall from the best policy in the same scenario, in the outcome's "
        "unit; satisficing is the share of scenarios where the outcome reaches the "
        "threshold you set."
    )
    report.add_paragraph(f"Policies are ranked by {MEASURE_WORDS[measure]}.")
    if len(joint):
        report.add_heading("Every threshold at once")
        shown = ", ".join(f"{k} {_side(table, k)} {v:g}" for k, v in spec["thresholds"].items())
        report.add_table(
            joint.sort_values("rank")[["rank", "policy", "satisficing_all"]],
            f"Share of the scenarios where a policy meets every threshold ({shown}).",
        )
    outcomes = list(dict.fromkeys(table["outcome"]))
    if outcomes:
        report.add_figure(
            "policy_regret",
            regret_figure(table, outcomes),
            "Regret of each policy across the scenarios: largest (light), 90th percentile "
            "(dark) and mean (tick); best-ranked at the top.",
        )
    for outcome in outcomes:
        rows = table[table["outcome"] == outcome].sort_values(["rank", "policy"])
        report.add_heading(outcome, level=3)
        columns = [c for c in SHOWN if c != "satisficing" or rows["satisficing"].notna().any()]
        report.add_table(
            rows[columns],
            f"{rows['direction'].iloc[0]} is better; percentiles and means over the "
            "scenarios of each scenario's replicate mean.",
        )
    return report.write(out_dir)


def _side(table: pd.DataFrame, outcome: str) -> str:
    rows = table[table["outcome"] == outcome]
    return ">=" if len(rows) and rows["direction"].iloc[0] == "higher" else "<="

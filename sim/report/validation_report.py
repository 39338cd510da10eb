"""The validation report: the model's distribution against each literature band."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from sim.experiment.targets import Target
from sim.outcomes import OUTCOMES
from sim.report.document import Report


def target_figure(target: Target, values: np.ndarray, value: float) -> Figure:
    """Replicate values of a target's outcome against its band."""
    fig = Figure(figsize=(6.0, 1.9))
    ax = fig.subplots()
    finite = values[np.isfinite(values)]
    ax.axvspan(target.low, target.high, color="#4c9a2a", alpha=0.18, label="literature band")
    if len(finite):
        jitter = (np.arange(len(finite)) % 7 - 3) * 0.04
        ax.scatter(finite, jitter, s=14, color="#1f4e79", alpha=0.7, label="replicates")
    if np.isfinite(value):
        ax.axvline(value, color="#1f4e79", lw=2, label="model mean")
    ax.set_yticks([])
    ax.set_ylim(-0.5, 0.5)
    ax.set_xlabel(f"{target.outcome} ({OUTCOMES[target.outcome].unit}), scenario "
                  f"{target.scenario}")
    ax.set_title(f"{target.id}: {target.population}", fontsize=9, loc="left")
    lows = [target.low] + ([finite.min()] if len(finite) else [])
    highs = [target.high] + ([finite.max()] if len(finite) else [])
    pad = 0.15 * (max(highs) - min(lows) or 1.0)
    ax.set_xlim(min(lows) - pad, max(highs) + pad)
    ax.legend(loc="upper right", fontsize=7, frameon=False, ncols=3)
    fig.tight_layout()
    return fig


def write_validation_report(out_dir: Path, table: pd.DataFrame, runs: pd.DataFrame,
                            targets: list[Target], *, reps: int, seed: int) -> tuple[Path, Path]:
    """Write report.html and report.md: the table, one figure per target, the sources."""
    report = Report("mentorsim: validation against the literature")
    passed = int(table["ok"].sum())
    report.add_paragraph(f"{passed} of {len(table)} targets inside their band; {reps} "
                         f"replicates per scenario, base seed {seed}. A target passes when the "
                         "model's mean over replicates lies inside the literature band.")
    shown = table.drop(columns=["source"]).copy()
    shown["ok"] = np.where(shown["ok"], "pass", "FAIL")
    report.add_table(shown, caption="Model value (mean, 95% interval) against each band")
    by_id = {t.id: t for t in targets}
    for _, row in table.iterrows():
        target = by_id[row["target"]]
        values = runs.loc[runs["design"] == target.scenario, target.outcome].to_numpy(float)
        report.add_figure(f"validation_{target.id}", target_figure(target, values, row["value"]),
                          f"{target.id}: {target.figure or target.outcome}. "
                          f"Source: {target.source}")
    report.add_heading("Sources")
    for target in targets:
        report.add_paragraph(f"{target.id} ({target.outcome}, {target.population}): "
                             f"{target.figure} {target.source}")
    return report.write(out_dir)

"""The validation report: the model's value against each literature band, and how sure it is."""

from __future__ import annotations

import textwrap
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from sim.experiment.bands import INSIDE, OUTSIDE, UNRESOLVED
from sim.experiment.targets import Target
from sim.experiment.validate import replicate_values
from sim.report.documents.base import Report
from sim.report.text.numbers import number
from sim.report.text.validation import measure_label, state_label, summary_sentences

#: Characters per line of a target figure's title (what fits 6.4 inches at 9 points).
TITLE_WIDTH = 105

# Colour of the interval in a target's figure, by state.
_STATE_COLORS = {INSIDE: "#2e7d32", OUTSIDE: "#c62828", UNRESOLVED: "#b26a00"}


def target_figure(target: Target, values: np.ndarray, row: pd.Series | None = None) -> Figure:
    """A target's replicate values and 95% interval against its band.

    Args:
        target: The target.
        values: Its value in each replicate (a level, or the paired difference or ratio).
        row: Its row of the validation table (mean, interval, state); without it only the
            replicates and the band are drawn.

    Returns:
        The figure: the band shaded, one point per replicate, the mean and its interval
        coloured by state (green inside, red outside, amber not yet resolved).
    """
    # A long population (T14's runs to 266 characters) is wrapped, and the figure grows with
    # it: one unwrapped line wider than the figure leaves constrained layout no room at all.
    title = textwrap.wrap(f"{target.id}: {target.population}", width=TITLE_WIDTH)
    fig = Figure(figsize=(6.4, 1.85 + 0.15 * len(title)), layout="constrained")
    ax = fig.subplots()
    finite = values[np.isfinite(values)]
    ax.axvspan(target.low, target.high, color="#4c9a2a", alpha=0.16, label="literature band")
    if len(finite):
        jitter = (np.arange(len(finite)) % 7 - 3) * 0.04 - 0.12
        ax.scatter(finite, jitter, s=12, color="#1f4e79", alpha=0.55, lw=0, label="replicates")
    lows, highs = [target.low], [target.high]
    if row is not None and np.isfinite(row["value"]):
        color = _STATE_COLORS.get(str(row["state"]), "0.3")
        low, high = float(row["ci_low"]), float(row["ci_high"])
        if np.isfinite(low) and np.isfinite(high):
            ax.errorbar(
                row["value"],
                0.28,
                xerr=[[row["value"] - low], [high - row["value"]]],
                fmt="o",
                color=color,
                capsize=4,
                lw=2,
                ms=5,
                label=f"mean, 95% interval ({state_label(row)})",
            )
            lows.append(low)
            highs.append(high)
        else:
            ax.plot(row["value"], 0.28, "o", color=color, label=f"mean ({state_label(row)})")
    if len(finite):
        lows.append(float(finite.min()))
        highs.append(float(finite.max()))
    ax.set_yticks([])
    ax.set_ylim(-0.5, 0.62)
    unit = f" ({target.unit})" if target.unit else ""
    ax.set_xlabel(f"{target.measure}{unit}", fontsize=9)
    ax.set_title("\n".join(title), fontsize=9, loc="left")
    pad = 0.12 * ((max(highs) - min(lows)) or 1.0)
    ax.set_xlim(min(lows) - pad, max(highs) + pad)
    ax.legend(loc="upper right", fontsize=7, frameon=False, ncols=3)
    return fig


def write_validation_report(
    out_dir: Path,
    table: pd.DataFrame,
    runs: pd.DataFrame,
    yearly: pd.DataFrame | None,
    targets: list[Target],
    *,
    reps: int,
    seed: int,
) -> tuple[Path, Path]:
    """Write report.html and report.md: what was found, the table, a figure per target.

    Args:
        out_dir: The validation's output folder.
        table: The validation table (``sim.experiment.validate.score_targets``).
        runs: Replicate outcomes of every scenario run.
        yearly: Yearly metrics of every scenario run (for targets with a year).
        targets: The targets, in the table's order.
        reps: Replicates per scenario.
        seed: Base seed.

    Returns:
        Paths of ``report.html`` and ``report.md``.
    """
    report = Report("mentorsim: validation against the literature")
    report.add_paragraph(" ".join(summary_sentences(table, reps)))
    report.add_paragraph(
        f"{reps} replicates per scenario, base seed {seed}; every scenario ran on the same "
        "replicate seeds, so a difference or ratio between two scenarios is taken replicate "
        "by replicate (paired). A target is inside when its whole 95% interval lies inside "
        "the literature band, outside when the whole interval lies outside it, and not yet "
        "resolved when the interval crosses an edge of the band: more replicates narrow the "
        "interval until it clears the edge, and the table says about how many would."
    )
    report.add_table(_shown(table), caption="Model value (mean and 95% interval) against each band")
    by_id = {t.id: t for t in targets}
    report.add_heading("Targets")
    for _, row in table.iterrows():
        target = by_id[row["target"]]
        values = replicate_values(target, runs, yearly).to_numpy(dtype=float)
        report.add_figure(
            f"validation_{target.id}",
            target_figure(target, values, row),
            f"{target.id}: {target.figure or target.outcome}. Source: {target.source}",
        )
    report.add_heading("Sources")
    for target in targets:
        report.add_paragraph(
            f"{target.id} ({target.measure}; {target.population}): {target.figure} {target.source}"
        )
    return report.write(out_dir)


def _shown(table: pd.DataFrame) -> pd.DataFrame:
    """The validation table as the report shows it: one readable row per target."""
    return pd.DataFrame(
        {
            "target": table["target"],
            "kind": table["kind"],
            "measure": [measure_label(row) for _, row in table.iterrows()],
            "model (95% interval)": [
                f"{number(r['value'])} [{number(r['ci_low'])}, {number(r['ci_high'])}]"
                for _, r in table.iterrows()
            ],
            "band": [f"[{number(r['low'])}, {number(r['high'])}]" for _, r in table.iterrows()],
            "state": [state_label(row) for _, row in table.iterrows()],
        }
    )

"""The ensemble against the plausible ranges: how much of each parameter the targets rule out."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from sim.experiment.calibration.parameters import Parameter


def ensemble_figure(members: pd.DataFrame, parameters: Sequence[Parameter]) -> Figure:
    """One row per parameter: its plausible range (grey), the members (dots), their 5-95% span.

    Positions are shares of the plausible range, so a parameter the targets leave open
    spreads across the whole bar and a constrained one gathers in part of it.

    Args:
        members: One row per member, a column per parameter key.
        parameters: The calibrated parameters, with their ranges.
    """
    n = len(parameters)
    fig = Figure(figsize=(8.0, 0.32 * n + 1.2), layout="tight")
    ax = fig.subplots()
    for i, p in enumerate(parameters):
        y = n - 1 - i
        unit = (members[p.key].to_numpy(dtype=float) - p.low) / (p.high - p.low)
        ax.barh(y, 1.0, left=0.0, height=0.6, color="0.9", edgecolor="0.7")
        lo, hi = np.percentile(unit, [5, 95])
        ax.barh(y, hi - lo, left=lo, height=0.6, color="C0", alpha=0.35)
        jitter = (np.arange(len(unit)) % 5 - 2) * 0.06
        ax.plot(unit, y + jitter, ".", color="C0", ms=2.5)
        ax.text(1.01, y, f"[{p.low:g}, {p.high:g}]", va="center", fontsize=7)
    ax.set_yticks(range(n), [p.key for p in reversed(parameters)], fontsize=7)
    ax.set_xlim(0, 1.25)
    ax.set_xticks([0, 0.25, 0.5, 0.75, 1.0])
    ax.set_xlabel("position in the plausible range (0 = low, 1 = high)")
    ax.set_title(f"Calibrated ensemble ({len(members)} members) within the plausible ranges")
    return fig


def write_ensemble_figure(
    members: pd.DataFrame, parameters: Sequence[Parameter], path: Path
) -> Path:
    """Write the figure as PNG and return its path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    ensemble_figure(members, parameters).savefig(path, dpi=120)
    return path

"""Figures of sweeps: outcomes against varied parameters, sensitivity bars, robustness shares.

Each function takes the tables a sweep and its analyses write and returns a bare matplotlib
``Figure`` (no pyplot, no backend switch), like :mod:`sim.report.figures.common`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from sim.report.figures.common import design_colors

_PANEL = (3.6, 2.6)  # inches per small-multiple panel


def _grid(n: int, ncols: int, size: tuple[float, float] = _PANEL) -> tuple[Figure, list]:
    ncols = max(1, min(ncols, n))
    nrows = math.ceil(n / ncols)
    fig = Figure(figsize=(size[0] * ncols, size[1] * nrows), layout="constrained")
    axes = list(fig.subplots(nrows, ncols, squeeze=False).ravel())
    for ax in axes[n:]:
        ax.set_visible(False)
    return fig, axes[:n]


def outcome_scatter_figure(
    runs: pd.DataFrame, outcome: str, keys: Sequence[str], designs: Sequence[str]
) -> Figure:
    """One outcome (mean over replicates at each point) against each varied parameter.

    Args:
        runs: The sweep's runs table.
        outcome: The outcome column.
        keys: The varied parameters to plot (one panel each).
        designs: Designs in colour order.
    """
    means = (
        runs.groupby(["design", "point"], sort=False)[[outcome, *keys]]
        .mean(numeric_only=True)
        .reset_index()
    )
    colors = design_colors(designs)
    fig, axes = _grid(len(keys), 4)
    for ax, key in zip(axes, keys, strict=True):
        for design in designs:
            rows = means[means["design"] == design]
            if key in rows:
                ax.scatter(rows[key], rows[outcome], s=10, alpha=0.7, color=colors[design])
        ax.set_xlabel(key, fontsize=8)
        ax.set_ylabel(outcome, fontsize=8)
        ax.tick_params(labelsize=7)
    fig.legend(
        handles=[Line2D([], [], marker="o", ls="", color=colors[d], label=d) for d in designs],
        loc="outside right upper",
        fontsize=8,
        frameon=False,
    )
    return fig


def sensitivity_figure(table: pd.DataFrame, index: str, top: int = 15) -> Figure:
    """Ranked bars of one index for one design and outcome, with intervals and noise.

    Args:
        table: Rows of ``sensitivity.csv`` for one design and outcome.
        index: ``ST``, ``S1`` or ``mu_star``.
        top: Most parameters shown (the largest).

    The grey band behind each bar reaches two replicate noises: a bar that ends inside it
    cannot be told from noise.
    """
    rows = table[table["index"] == index].sort_values("value", ascending=False).head(top)
    rows = rows.iloc[::-1]
    fig = Figure(figsize=(6.4, 0.9 + 0.28 * max(len(rows), 1)), layout="constrained")
    ax = fig.subplots()
    y = np.arange(len(rows))
    noise = 2 * rows["noise"].fillna(0).to_numpy()
    ax.barh(y, noise, height=0.8, color="0.85", label="2 x replicate noise")
    low = (rows["value"] - rows["ci_low"]).clip(lower=0).fillna(0)
    high = (rows["ci_high"] - rows["value"]).clip(lower=0).fillna(0)
    colors = ["#1f77b4" if r == "uncertainty" else "#ff7f0e" for r in rows["role"]]
    ax.barh(
        y,
        rows["value"],
        height=0.45,
        color=colors,
        xerr=np.vstack([low.to_numpy(), high.to_numpy()]),
        ecolor="0.25",
        capsize=2,
    )
    ax.set_yticks(y, rows["parameter"], fontsize=7)
    ax.axvline(0, color="0.4", lw=0.6)
    ax.set_xlabel(f"{index} (95% bootstrap interval)", fontsize=8)
    ax.legend(
        handles=[
            Line2D([], [], color="#1f77b4", lw=6, label="uncertainty"),
            Line2D([], [], color="#ff7f0e", lw=6, label="lever"),
            Line2D([], [], color="0.85", lw=6, label="2 x replicate noise"),
        ],
        fontsize=7,
        loc="lower right",
        frameon=False,
    )
    return fig


def robustness_figure(
    table: pd.DataFrame, outcomes: Sequence[str], designs: Sequence[str]
) -> Figure:
    """Share of the uncertainty space where each design beats the baseline, per outcome.

    Bars: share with a better mean paired difference; the darker part, the share where the
    whole 95% paired interval is on the better side; the dot, the share where it ranks first.
    """
    fig, axes = _grid(len(outcomes), 3, size=(4.2, 0.6 + 0.32 * max(len(designs), 1)))
    colors = design_colors(designs)
    for ax, outcome in zip(axes, outcomes, strict=True):
        rows = table[(table["outcome"] == outcome) & (table["design"].isin(designs))]
        rows = rows.set_index("design").reindex(designs)
        y = np.arange(len(designs))
        ax.barh(
            y,
            rows["share_better"].fillna(0),
            color=[colors[d] for d in designs],
            alpha=0.45,
            height=0.7,
        )
        ax.barh(
            y,
            rows["share_clearly_better"].fillna(0),
            color=[colors[d] for d in designs],
            height=0.7,
        )
        ax.plot(rows["share_first"], y, "k.", ms=5)
        ax.set_xlim(0, 1)
        ax.set_yticks(y, designs, fontsize=7)
        ax.invert_yaxis()
        ax.set_title(outcome, fontsize=8)
        ax.tick_params(axis="x", labelsize=7)
    return fig


def difference_scatter_figure(
    runs: pd.DataFrame, outcome: str, design: str, baseline: str, key: str, sign: float
) -> Figure:
    """A design's paired difference from the baseline (better side up) against one parameter."""
    wide = runs.pivot_table(index=["point", "replicate"], columns="design", values=outcome)
    diff = ((wide[design] - wide[baseline]) * sign).groupby(level="point").mean()
    values = runs.drop_duplicates("point").set_index("point")[key].reindex(diff.index)
    fig = Figure(figsize=(4.6, 3.0), layout="constrained")
    ax = fig.subplots()
    ax.scatter(values, diff, s=12, c=np.where(diff > 0, "#2ca02c", "#d62728"))
    ax.axhline(0, color="0.4", lw=0.7)
    ax.set_xlabel(key, fontsize=8)
    ax.set_ylabel(f"{outcome}: {design} - {baseline}\n(better side up)", fontsize=8)
    ax.tick_params(labelsize=7)
    return fig

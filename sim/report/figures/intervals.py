"""Figures of a paired design comparison (the table of ``sim.experiment.stats.compare_designs``).

Like ``sim.report.figures.common``, functions here take DataFrames and return matplotlib Figures
without writing files. They build bare ``matplotlib.figure.Figure`` objects rather than going
through pyplot, so they need no backend.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import MaxNLocator

from sim.report.text.outcomes import reference_of, scale, shown_unit

#: Colour of each verdict in figures: green better, red worse, grey no detectable difference,
#: a neutral blue for the higher/lower verdicts of outcomes without a preferred direction.
VERDICT_COLORS = {
    "better": "#2e7d32",
    "worse": "#c62828",
    "no detectable difference": "#7a7a7a",
    "higher": "#4a6fa5",
    "lower": "#4a6fa5",
}

# Legend entries, in this order (higher and lower share a colour, so one entry).
_LEGEND = (
    ("better", "better"),
    ("worse", "worse"),
    ("no detectable difference", "no detectable difference"),
    ("higher", "higher / lower (no preferred direction)"),
)
_PANEL_WIDTH = 3.9  # inches


def interval_figure(
    table: pd.DataFrame,
    outcomes: Sequence[str],
    baseline: str,
    ncols: int = 3,
    designs: Sequence[str] | None = None,
) -> Figure:
    """Difference from the baseline with its interval, one panel per outcome.

    In each panel every non-baseline design is a row (labelled with the design it is
    compared with when that is not the baseline): a point at its mean paired difference
    and a horizontal bar over its (Bonferroni-adjusted) interval, coloured by verdict, with a
    vertical line at zero (no difference). A design whose difference or interval is undefined
    is marked "n/a" at zero.

    Args:
        table: Output of ``sim.experiment.stats.compare_designs``.
        outcomes: Outcomes to draw, one panel each, in this order.
        baseline: The design the others were compared with (left out of the panels).
        ncols: Panels per row.
        designs: Order of the designs (top to bottom); by default order of first appearance
            in ``table``.

    Returns:
        The figure.

    Raises:
        ValueError: If ``outcomes`` is empty or there is no design besides the baseline.
        KeyError: If an outcome has no rows in ``table``.
    """
    if not outcomes:
        raise ValueError("interval_figure needs at least one outcome")
    missing = [o for o in outcomes if not (table["outcome"] == o).any()]
    if missing:
        raise KeyError(f"outcomes not in the comparison table: {missing}")
    order = list(designs) if designs is not None else [str(d) for d in pd.unique(table["design"])]
    order = [d for d in order if d != baseline]
    if not order:
        raise ValueError("interval_figure needs at least one design besides the baseline")

    labels = [
        d if (ref := reference_of(table, d, baseline)) == baseline else f"{d}\n(vs {ref})"
        for d in order
    ]
    # A design compared with the one it changes names it on its row; the axis says "reference".
    against = baseline if all("\n" not in label for label in labels) else "reference"
    ncols = max(1, min(ncols, len(outcomes)))
    nrows = math.ceil(len(outcomes) / ncols)
    height = 0.9 + 0.38 * len(order)
    # A bare Figure, not one from pyplot: nothing is registered with a GUI backend, so this
    # works whatever backend is selected, and the figure is freed with its last reference.
    fig = Figure(figsize=(_PANEL_WIDTH * ncols, height * nrows), layout="constrained")
    grid = fig.subplots(nrows, ncols, squeeze=False)
    axes = list(grid.ravel())
    for ax in axes[len(outcomes) :]:
        ax.set_visible(False)
    positions = np.arange(len(order))[::-1]  # first design on top
    for ax, outcome in zip(axes, outcomes, strict=False):
        rows = table[table["outcome"] == outcome].set_index("design")
        k = scale(outcome)  # shares in percentage points
        limit = robust_limit(rows.loc[[d for d in order if d in rows.index]], k)
        drawn = False
        for y, design in zip(positions, order, strict=True):
            if design not in rows.index:
                continue
            row = rows.loc[design]
            diff, low, high = (
                k * float(row["diff"]),
                k * float(row["ci_low"]),
                k * float(row["ci_high"]),
            )
            if not all(map(math.isfinite, (diff, low, high))):
                # x in axes coordinates, y in data: the note sits at the row, left-aligned.
                ax.text(
                    0.02,
                    y,
                    "n/a (undefined)",
                    transform=ax.get_yaxis_transform(),
                    ha="left",
                    va="center",
                    fontsize=8,
                    color="0.35",
                )
                continue
            color = VERDICT_COLORS.get(str(row["verdict"]), "0.3")
            if limit is not None and max(abs(low), abs(high)) > limit:
                # One extreme design must not set the scale of every other: its bar is cut
                # at the edge and its value written there.
                shown = [min(max(v, -limit), limit) for v in (diff, low, high)]
                ax.plot(shown[1:], [y, y], color=color, lw=1.6, ls=(0, (2, 1)))
                ax.text(
                    shown[0],
                    y + 0.22,
                    f"{diff:+.3g} (off scale)",
                    ha="right" if diff > 0 else "left",
                    fontsize=7,
                    color=color,
                )
                drawn = True
                continue
            ax.errorbar(
                diff,
                y,
                xerr=[[diff - low], [high - diff]],
                fmt="o",
                color=color,
                ms=4.5,
                capsize=3,
                lw=1.6,
            )
            drawn = True
        ax.axvline(0, color="0.25", lw=0.9, ls="--", zorder=0)
        ax.set_yticks(positions, labels, fontsize=8)
        ax.set_ylim(-0.6, len(order) - 0.4)
        unit = shown_unit(outcome)
        ax.set_title(outcome, fontsize=9)
        ax.set_xlabel(f"difference from {against}" + (f" ({unit})" if unit else ""), fontsize=8)
        ax.tick_params(axis="x", labelsize=8)
        ax.grid(alpha=0.3, axis="x")
        ax.xaxis.set_major_locator(MaxNLocator(nbins=5))
        if drawn and limit is not None:
            ax.set_xlim(-1.15 * limit, 1.15 * limit)
        elif drawn:
            _zero_in_view(ax)
        else:  # nothing to scale to: a plain range around zero without tick labels
            ax.set_xlim(-1, 1)
            ax.tick_params(axis="x", labelbottom=False)
    handles = [
        Line2D([], [], color=VERDICT_COLORS[v], marker="o", lw=1.6, label=label)
        for v, label in _LEGEND
    ]
    fig.legend(
        handles=handles, loc="outside lower center", ncols=len(handles), fontsize=8, frameon=False
    )
    return fig


#: A design's interval reaching this many times further from zero than every other design's
#: is drawn cut at the edge, so the others stay readable.
OUTLIER_FACTOR = 4.0


def robust_limit(rows: pd.DataFrame, k: float = 1.0) -> float | None:
    """The half-width of a panel's axis when one design's interval dwarfs the others'.

    Args:
        rows: The panel's rows (``ci_low``, ``ci_high``), one per design.
        k: The scale values are drawn at (100 for shares).

    Returns:
        1.3 times the farthest reach of the other designs when the farthest design reaches
        more than :data:`OUTLIER_FACTOR` times further, else None (every design fits).
    """
    if len(rows) < 3:
        return None
    reach = (
        pd.concat([rows["ci_low"].abs(), rows["ci_high"].abs()], axis=1).max(axis=1) * k
    ).dropna()
    reach = reach[np.isfinite(reach)].sort_values()
    if len(reach) < 3 or reach.iloc[-2] <= 0:
        return None
    if reach.iloc[-1] <= OUTLIER_FACTOR * reach.iloc[-2]:
        return None
    return 1.3 * float(reach.iloc[-2])


def _zero_in_view(ax: Axes) -> None:
    """Keep zero in view with some room on both sides, also when every bar is at 0."""
    low, high = ax.get_xlim()
    span = max(abs(low), abs(high))
    if not span > 0 or not math.isfinite(span):
        span = 1.0
    ax.set_xlim(min(low, -0.05 * span), max(high, 0.05 * span))

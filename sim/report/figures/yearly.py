"""Figures of the yearly metrics: a band over the replicates per design, year by year.

Year 0 is the initial state, drawn before anyone has been matched, promoted or has left, so
most metrics read 0 there; it is left out. The warm-up years, which the run-level outcomes
also leave out while the synthetic initial state settles, are shaded. Every panel's y axis
says its unit.

Where designs' bands overlap, one panel with all of them becomes a blob; there
:func:`timeseries_by_design_figure` draws small multiples instead: a panel per design with the
baseline's mean line in each for reference. :func:`bands_overlap` tells which to use.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from sim.outcomes import OUTCOMES, YEARLY
from sim.report.figures.common import (
    design_colors,
    design_legend,
    design_linestyles,
    design_order,
    design_zorder,
    in_first_column,
    panel_grid,
)

#: Lower and upper percentiles of the replicate band.
BAND = (0.025, 0.975)

# How units read on an axis.
_AXIS_UNITS = {
    "share": "share (0 to 1)",
    "0-1": "score (0 to 1)",
    "share/year": "share per year",
    "$k/year": "$k per year",
}

# Units of the yearly metrics that have no run-level outcome of the same name.
# (sim.outcomes.YEARLY holds descriptions only; units there would make this map unnecessary.)
_YEARLY_UNITS = {
    "headcount": "people",
    "faculty": "people",
    "trainees": "people",
    "assistants": "people",
    "associates": "people",
    "fulls": "people",
    "leaders": "people",
    "hires": "people per year",
    "exits_attrition": "people per year",
    "exits_retirement": "people per year",
    "exits_training_completed": "people per year",
    "promotions_associate": "people per year",
    "promotions_full": "people per year",
    "track_changes": "people per year",
    "active_mentors": "mentors",
    "mentor_load_max": "mentees",
    "relationships_active": "relationships",
    "leadership_openings": "openings per year",
    "leadership_internal_fills": "openings per year",
    "program_cost": "$k per year",
    "turnover_cost": "$k per year",
}

_WARMUP_COLOR = "0.88"
_BASELINE_STYLE: dict[str, Any] = {"color": "0.25", "lw": 1.1, "ls": "--"}


def metric_unit(name: str) -> str:
    """Axis label of a yearly metric's unit (``share (0 to 1)``, ``mentees``...)."""
    if name in _YEARLY_UNITS:
        return _YEARLY_UNITS[name]
    if name in OUTCOMES:
        unit = OUTCOMES[name].unit
        return _AXIS_UNITS.get(unit, unit)
    return "share (0 to 1)" if "share" in name else ""


def yearly_bands(yearly: pd.DataFrame, metric: str, design: str) -> pd.DataFrame:
    """Mean and replicate band of a metric per year (year 0 left out) for one design.

    Returns:
        Indexed by year, with columns ``mean``, ``low`` and ``high`` (the :data:`BAND`
        percentiles across replicates); empty if the design has no rows.
    """
    rows = yearly[(yearly["design"] == design) & (yearly["year"] > 0)]
    by_year = rows.groupby("year")[metric]
    return pd.DataFrame(
        {
            "mean": by_year.mean(),
            "low": by_year.quantile(BAND[0]),
            "high": by_year.quantile(BAND[1]),
        }
    )


def bands_overlap(
    yearly: pd.DataFrame, metric: str, designs: Sequence[str], warmup: int = 0, share: float = 0.5
) -> bool:
    """Whether two designs' bands overlap in more than ``share`` of the years after warm-up.

    Args:
        yearly: The yearly table.
        metric: The metric.
        designs: The designs drawn.
        warmup: Warm-up years (left out of the check, as from the outcomes).
        share: Share of the years above which two overlapping bands are unreadable together.

    Returns:
        True when some pair of designs overlaps that much (draw small multiples).
    """
    bands = {d: yearly_bands(yearly, metric, d) for d in designs}
    bands = {d: b[b.index > warmup] for d, b in bands.items() if not b.empty}
    for a, b in itertools.combinations(bands.values(), 2):
        low = np.maximum(a["low"], b["low"].reindex(a.index))
        high = np.minimum(a["high"], b["high"].reindex(a.index))
        if len(a) and float((low < high).mean()) > share:
            return True
    return False


def timeseries_figure(
    yearly: pd.DataFrame,
    metrics: Sequence[str],
    designs: Sequence[str] | None = None,
    ncols: int = 2,
    warmup: int | None = None,
) -> Figure:
    """Small multiples of yearly metrics: mean per design with a 95% replicate band.

    Args:
        yearly: One row per replicate and year, with ``design``, ``year`` and the metrics.
        metrics: Yearly metric columns, one panel each.
        designs: Design order (and colours); by default order of first appearance.
        ncols: Panels per row.
        warmup: Warm-up years to shade (None: none shaded).

    Returns:
        The figure: per design a mean line and a band between the 2.5th and 97.5th
        percentiles across replicates, from year 1; the y axis labelled with the unit.

    Raises:
        ValueError: If ``metrics`` is empty.
        KeyError: If a metric is not a column of ``yearly``.
    """
    _check_metrics(yearly, metrics)
    designs = list(designs) if designs is not None else design_order(yearly)
    colors = design_colors(designs)
    styles = design_linestyles(designs)
    fig, axes = panel_grid(len(metrics), ncols)
    for ax, metric in zip(axes, metrics, strict=False):
        for design in designs:
            bands = yearly_bands(yearly, metric, design)
            if bands.empty:
                continue
            ax.fill_between(
                bands.index, bands["low"], bands["high"], color=colors[design], alpha=0.2, lw=0
            )
            ax.plot(
                bands.index,
                bands["mean"].to_numpy(),
                color=colors[design],
                ls=styles[design],
                lw=2.2 if design == designs[0] else 1.4,
                zorder=design_zorder(designs, design),
            )
        _decorate(ax, metric, warmup)
        ax.set_title(metric, fontsize=10)
    design_legend(fig, designs, colors, extra=_warmup_handles(warmup))
    return fig


def timeseries_by_design_figure(
    yearly: pd.DataFrame,
    metric: str,
    designs: Sequence[str],
    baseline: str,
    ncols: int = 5,
    warmup: int | None = None,
    references: Mapping[str, str] | None = None,
) -> Figure:
    """One yearly metric as small multiples: a panel per design, its reference's mean in each.

    Args:
        yearly: The yearly table.
        metric: The metric.
        designs: The designs, baseline first or not; one panel each in this order.
        baseline: The design whose mean line is drawn (dashed) in every other panel, unless
            ``references`` names another for that design.
        ncols: Panels per row.
        warmup: Warm-up years to shade.
        references: Design -> the design it is compared with instead of the baseline (the
            design it changes): its mean is the dashed line, and the panel's title names it.

    Returns:
        The figure, panels sharing both axes so that levels compare across designs.

    Raises:
        KeyError: If the metric is not a column of ``yearly``.
    """
    _check_metrics(yearly, [metric])
    colors = design_colors(designs)
    fig, axes = panel_grid(len(designs), ncols, sharey=True, sharex=True, size=(2.6, 2.0))
    against = {d: (references or {}).get(d, baseline) for d in designs}
    means = {ref: yearly_bands(yearly, metric, ref) for ref in set(against.values())}
    for ax, design in zip(axes, designs, strict=False):
        bands = yearly_bands(yearly, metric, design)
        if not bands.empty:
            ax.fill_between(
                bands.index, bands["low"], bands["high"], color=colors[design], alpha=0.25, lw=0
            )
            ax.plot(bands.index, bands["mean"].to_numpy(), color=colors[design], lw=1.6)
        reference = means[against[design]]
        if design != baseline and not reference.empty:
            ax.plot(reference.index, reference["mean"].to_numpy(), **_BASELINE_STYLE)
        _decorate(ax, metric, warmup, ylabel=in_first_column(ax))
        ax.set_xlabel("")
        changes = design != baseline and against[design] != baseline
        ax.set_title(f"{design}\n(vs {against[design]})" if changes else design, fontsize=9)
    by_reference = any(against[d] != baseline for d in designs if d != baseline)
    handles = [
        Line2D(
            [],
            [],
            label=f"{baseline} mean"
            + (" (or the design named in the title)" if by_reference else ""),
            **_BASELINE_STYLE,
        ),
        Patch(color="0.6", alpha=0.5, label="95% of replicates"),
        *_warmup_handles(warmup),
    ]
    fig.legend(
        handles=handles, loc="outside lower center", ncols=len(handles), fontsize=8, frameon=False
    )
    fig.suptitle(f"{metric} by year", fontsize=10)
    return fig


def _decorate(ax: Axes, metric: str, warmup: int | None, ylabel: bool = True) -> None:
    """Axis labels with units, the warm-up shaded, and a grid."""
    if warmup:
        # Years 1..warmup, each drawn at its integer position, so the span runs to warmup+0.5.
        ax.axvspan(0.5, warmup + 0.5, color=_WARMUP_COLOR, lw=0, zorder=0)
    ax.set_xlim(left=0.5)
    ax.set_xlabel("year", fontsize=8)
    if ylabel:
        ax.set_ylabel(metric_unit(metric), fontsize=8)
    ax.tick_params(labelsize=8)
    ax.grid(alpha=0.3)


def _warmup_handles(warmup: int | None) -> list[Patch]:
    if not warmup:
        return []
    return [Patch(color=_WARMUP_COLOR, label=f"warm-up (years 1-{warmup})")]


def _check_metrics(yearly: pd.DataFrame, metrics: Sequence[str]) -> None:
    if not metrics:
        raise ValueError("a yearly figure needs at least one metric")
    missing = [m for m in metrics if m not in yearly.columns]
    if missing:
        raise KeyError(f"metrics not in yearly: {missing}")


def metric_descriptions(metrics: Sequence[str]) -> pd.DataFrame:
    """The metrics with their units and descriptions, for the table under a figure."""
    return pd.DataFrame(
        {
            "metric": list(metrics),
            "unit": [metric_unit(m) for m in metrics],
            "description": [YEARLY.get(m, "") for m in metrics],
        }
    )

"""Tables and figures of experiment results, one function per figure.

Every function takes the DataFrames the runner writes (``runs``, ``yearly``, ``retention``,
``loads``) and returns a DataFrame or a matplotlib Figure; none of them writes files. Designs
are drawn in the order they first appear in the data, each with its own colour, unless a
``designs`` order is passed; the report passes one order to every figure so that a design has
the same colour everywhere. The yearly metrics' figures are in ``sim.report.figures.yearly``,
which uses the panel grid and legend helpers here.

Figures are bare ``matplotlib.figure.Figure`` objects, never pyplot's: nothing is registered
with a GUI backend and no backend is switched, so importing this module changes no
process-wide setting, and a figure is freed as soon as nobody holds it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import cast

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from sim.experiment.stats import mean_interval
from sim.outcomes import OUTCOMES, kaplan_meier

#: Ranks of the promotion pipeline, bottom of the stack first (columns of ``yearly``).
PIPELINE_RANKS = ("trainees", "assistants", "associates", "fulls", "leaders")

#: Mentor stages of the ``loads`` table, in career order.
MENTOR_STAGES = ("associate", "full", "leader")

#: Columns of the table returned by :func:`summary_table`, in order.
SUMMARY_COLUMNS = ("outcome", "design", "mean", "sd", "ci_low", "ci_high", "n")

# Legend labels of the two groups of a boolean ``by`` column of the retention table.
_GROUP_LABELS = {"woman": {True: "women", False: "men"}, "urm": {True: "URM", False: "non-URM"}}
_LINESTYLES = ("-", "--", ":", "-.")
_MARKERS = ("o", "s", "^", "D", "v", "P", "X")
_PANEL_SIZE = (4.2, 2.9)  # inches per small-multiple panel
# Width of a legend of short labels set beside the panels at fontsize 8: the pipeline's
# widest label, "end of warm-up (year NN)", with its handle and padding.
_SIDE_LEGEND_WIDTH = 1.8  # inches


def design_order(*frames: pd.DataFrame) -> list[str]:
    """Designs in the order they first appear, over the ``design`` columns of ``frames``.

    Args:
        *frames: Tables with a ``design`` column; designs missing from the first are appended
            in the order they appear in the later ones.

    Returns:
        Design names, each once.
    """
    order: dict[str, None] = {}
    for frame in frames:
        for design in pd.unique(frame["design"]):
            order.setdefault(str(design), None)
    return list(order)


#: The first design of a figure (the baseline, in a comparison) is drawn in black, thicker
#: and on top of the others, so it never hides under them.
BASELINE_COLOR: tuple[float, float, float] = (0.0, 0.0, 0.0)
#: Line styles that tell designs of the same colour apart: the palette's ten colours with a
#: solid line, then dashed, dash-dotted and dotted, so twenty designs never share a style.
_DESIGN_LINESTYLES = ("-", "--", "-.", ":")


def design_colors(designs: Sequence[str]) -> dict[str, tuple[float, float, float]]:
    """Colour of each design: black for the first (the baseline), then the tab10 palette.

    The palette cycles after ten designs; :func:`design_linestyles` then tells them apart.
    """
    tab10 = cast(ListedColormap, matplotlib.colormaps["tab10"])
    palette = cast(Sequence[tuple[float, float, float]], tab10.colors)  # ten RGB triples
    return {
        design: BASELINE_COLOR if k == 0 else palette[(k - 1) % len(palette)]
        for k, design in enumerate(designs)
    }


def design_linestyles(designs: Sequence[str]) -> dict[str, str]:
    """Line style of each design: solid for the baseline and the first ten, then others."""
    return {
        design: _DESIGN_LINESTYLES[0 if k == 0 else ((k - 1) // 10) % len(_DESIGN_LINESTYLES)]
        for k, design in enumerate(designs)
    }


def design_zorder(designs: Sequence[str], design: str) -> float:
    """Drawing order: the baseline (first) on top of every other design."""
    return 3.0 if designs and design == designs[0] else 2.0


def summary_table(
    runs: pd.DataFrame, outcomes: Sequence[str] | None = None, confidence: float = 0.95
) -> pd.DataFrame:
    """Mean and t-interval of each outcome over the replicates of each design.

    The interval is ``mean +/- t.ppf((1 + confidence) / 2, n - 1) * sd / sqrt(n)`` with the
    sample standard deviation (``ddof=1``). NaN replicate values are dropped first, so ``n``
    can differ between outcomes; with fewer than two values the interval is NaN.

    Args:
        runs: One row per replicate, with ``design`` and one float column per outcome.
        outcomes: Outcome columns to summarise; by default every outcome of
            ``sim.outcomes.OUTCOMES`` present in ``runs``, in that order.
        confidence: Coverage of the interval.

    Returns:
        One row per outcome and design (outcomes in the given order, designs in order of
        first appearance) with columns ``SUMMARY_COLUMNS``.

    Raises:
        KeyError: If a requested outcome is not a column of ``runs``.
    """
    if outcomes is None:
        outcomes = [name for name in OUTCOMES if name in runs.columns]
    missing = [name for name in outcomes if name not in runs.columns]
    if missing:
        raise KeyError(f"outcomes not in runs: {missing}")
    rows = []
    for outcome in outcomes:
        for design in design_order(runs):
            values = _finite_values(runs.loc[runs["design"] == design, outcome])
            interval = mean_interval(values, confidence)
            rows.append(
                (
                    outcome,
                    design,
                    interval.mean,
                    interval.sd,
                    interval.low,
                    interval.high,
                    interval.n,
                )
            )
    return pd.DataFrame(rows, columns=list(SUMMARY_COLUMNS))


def retention_figure(
    retention: pd.DataFrame, by: str | None = None, designs: Sequence[str] | None = None
) -> Figure:
    """Kaplan-Meier curves of staying in academic medicine, per design (and group).

    Replicates are pooled, so each curve estimates the retention of a design's cohort. A
    curve runs from 1 at year 0 to the longest follow-up of its group, flat where nobody left,
    so a group with no events is drawn as a flat line at 1. Split by group with several
    designs, two curves per design in one panel would tangle, so each design gets its own
    panel (small multiples sharing both axes).

    Args:
        retention: One row per followed faculty member and replicate, with ``design``,
            ``duration`` (years) and ``observed`` (True = left academic medicine).
        by: Optional column splitting each design's curve into groups (e.g. ``"woman"`` or
            ``"urm"``), told apart by line style.
        designs: Design order (and colours); by default order of first appearance.

    Returns:
        The figure: one axes with a step curve per design, or with ``by`` a panel per design
        with a curve per group.
    """
    designs = list(designs) if designs is not None else design_order(retention)
    colors = design_colors(designs)
    design_styles = design_linestyles(designs)
    groups = _groups(retention, by)
    styles = _cycle(_LINESTYLES, len(groups))
    small = by is not None and len(designs) > 1
    if small:
        fig, axes = panel_grid(
            len(designs), ncols=min(5, len(designs)), sharex=True, sharey=True, size=(2.6, 2.3)
        )
    else:
        fig = Figure(figsize=(7.5, 4.2), layout="constrained")
        axes = [fig.subplots()] * len(designs)  # every design in the one panel
    for ax, design in zip(axes, designs, strict=True):
        rows = retention[retention["design"] == design]
        for (label, value), style in zip(groups, styles, strict=True):
            subset = rows if by is None else rows[rows[by] == value]
            if subset.empty:
                continue
            times, survival = _km_steps(
                subset["duration"].to_numpy(dtype=float), subset["observed"].to_numpy(dtype=bool)
            )
            ax.step(
                times,
                survival,
                where="post",
                color=colors[design],
                ls=style if by is not None else design_styles[design],
                lw=2.2 if design == designs[0] else 1.4,
                zorder=design_zorder(designs, design),
                label=design if by is None else f"{design}, {label}",
            )
        if small:
            ax.set_title(design, fontsize=9)
            ax.tick_params(labelsize=8)
    for ax in dict.fromkeys(axes):
        ax.axhline(0.5, color="0.5", lw=0.8, ls=":")  # the median retention is read off here
        ax.set_ylim(0, 1.02)
        ax.set_xlim(left=0)
        ax.grid(alpha=0.3)
    group_handles = [
        Line2D([], [], color="0.3", ls=style, lw=1.6, label=label)
        for (label, _), style in zip(groups, styles, strict=True)
    ]
    if small:
        fig.supxlabel("years since joining the faculty", fontsize=9)
        fig.supylabel("share still in academic medicine", fontsize=9)
        fig.legend(handles=group_handles, loc="outside right upper", fontsize=8, frameon=False)
        return fig
    ax = fig.axes[0]
    ax.set_xlabel("years since joining the faculty")
    ax.set_ylabel("share still in academic medicine")
    handles = [
        Line2D([], [], color=colors[d], lw=2, ls=design_styles[d] if by is None else "-", label=d)
        for d in designs
    ]
    if by is not None:
        handles += group_handles  # colour says design, line style says group
    if len(designs) > 5:  # a legend inside would sit on the curves
        fig.legend(handles=handles, fontsize=8, loc="outside right upper", frameon=False)
    else:
        ax.legend(handles=handles, fontsize=8, loc="lower left", frameon=False)
    return fig


def pipeline_figure(
    yearly: pd.DataFrame,
    designs: Sequence[str] | None = None,
    ncols: int = 5,
    warmup: int | None = None,
) -> Figure:
    """Headcount by rank over the years, mean over replicates, one stacked panel per design.

    Year 0, the initial institution, is drawn: unlike the rates of the yearly metrics, its
    headcounts are real.

    Args:
        yearly: One row per replicate and year, with ``design``, ``year`` and the
            ``PIPELINE_RANKS`` columns.
        designs: Design order; by default order of first appearance.
        ncols: Panels per row.
        warmup: Warm-up years, marked by a dotted line at their end (None: not marked).

    Returns:
        The figure, panels sharing the y axis so headcounts compare across designs.
    """
    designs = list(designs) if designs is not None else design_order(yearly)
    colors = matplotlib.colormaps["viridis"](np.linspace(0.1, 0.9, len(PIPELINE_RANKS)))
    # The rank legend sits right of the panels; without room of its own, constrained layout
    # takes it from a single design's panel and squashes that to nothing.
    fig, axes = panel_grid(
        len(designs), ncols, sharey=True, size=(2.6, 2.4), legend_width=_SIDE_LEGEND_WIDTH
    )
    for ax, design in zip(axes, designs, strict=False):
        mean = yearly[yearly["design"] == design].groupby("year")[list(PIPELINE_RANKS)].mean()
        ax.stackplot(mean.index, mean.to_numpy().T, labels=PIPELINE_RANKS, colors=colors, alpha=0.9)
        if warmup:
            ax.axvline(warmup + 0.5, color="0.15", lw=1.0, ls=":")
        ax.set_title(design, fontsize=9)
        ax.set_xlabel("year")
        if in_first_column(ax):  # shared y: inner panels have no tick labels
            ax.set_ylabel("people")
        ax.grid(alpha=0.3)
    handles: list[Artist] = [
        Patch(color=c, label=r) for r, c in zip(PIPELINE_RANKS, colors, strict=True)
    ]
    if warmup:
        handles.insert(
            0, Line2D([], [], color="0.15", lw=1.0, ls=":", label=f"end of warm-up (year {warmup})")
        )
    fig.legend(handles=handles[::-1], loc="outside right upper", fontsize=8, frameon=False)
    return fig


def load_distribution_figure(
    loads: pd.DataFrame,
    designs: Sequence[str] | None = None,
    by_stage: bool = False,
    baseline: str | None = None,
) -> Figure:
    """Share of active mentors holding each number of mentees, replicates pooled.

    Grouped bars of five designs side by side are too thin to read, so each design gets its
    own panel of bars (small multiples sharing both axes), with the baseline's distribution
    outlined in the others for reference. By stage, each stage is a panel and each design a
    line with markers.

    Args:
        loads: One row per active mentor at the final year and replicate, with ``design``,
            ``stage`` and ``load`` (mentees).
        designs: Design order (and colours); by default order of first appearance.
        by_stage: One panel per mentor stage, designs as lines, instead of a panel per design.
        baseline: The design outlined in every other panel (default: the first).

    Returns:
        The figure; a bar is the share of all of a design's mentors holding that many mentees.
    """
    designs = list(designs) if designs is not None else design_order(loads)
    colors = design_colors(designs)
    if by_stage:
        return _load_by_stage(loads, designs, colors)
    baseline = baseline if baseline is not None else designs[0]
    shares = {d: _load_shares(loads[loads["design"] == d]) for d in designs}
    fig, axes = panel_grid(
        len(designs), ncols=min(5, len(designs)), sharex=True, sharey=True, size=(2.6, 2.2)
    )
    reference = shares.get(baseline)
    for ax, design in zip(axes, designs, strict=False):
        share = shares[design]
        if len(share):
            ax.bar(share.index, share.to_numpy(), width=0.8, color=colors[design])
        if design != baseline and reference is not None and len(reference):
            ax.step(reference.index, reference.to_numpy(), where="mid", color="0.2", lw=1.0)
        ax.set_title(design, fontsize=9)
        ax.set_xlabel("mentees per mentor", fontsize=8)
        if in_first_column(ax):
            ax.set_ylabel("share of mentors", fontsize=8)
        # A linear axis ticks with an AutoLocator, a MaxNLocator.
        cast(MaxNLocator, ax.xaxis.get_major_locator()).set_params(integer=True)
        ax.tick_params(labelsize=8)
        ax.grid(alpha=0.3, axis="y")
    if len(designs) > 1:
        fig.legend(
            handles=[Line2D([], [], color="0.2", lw=1.0, label=f"{baseline} (outline)")],
            loc="outside lower center",
            fontsize=8,
            frameon=False,
        )
    return fig


def _load_by_stage(loads: pd.DataFrame, designs: Sequence[str], colors: dict) -> Figure:
    """Load distribution per mentor stage: a panel per stage, a marked line per design."""
    extra = sorted(set(map(str, loads["stage"])) - set(MENTOR_STAGES))
    stages = [s for s in MENTOR_STAGES if (loads["stage"] == s).any()] + extra
    fig, axes = panel_grid(max(1, len(stages)), ncols=min(3, max(1, len(stages))), sharey=True)
    for ax, stage in zip(axes, stages, strict=False):
        rows = loads[loads["stage"] == stage]
        for design, marker in zip(designs, _cycle(_MARKERS, len(designs)), strict=True):
            share = _load_shares(rows[rows["design"] == design])
            if len(share):
                ax.plot(
                    share.index, share.to_numpy(), marker=marker, ms=4, lw=1.3, color=colors[design]
                )
        ax.set_title(f"{stage} mentors", fontsize=10)
        ax.set_xlabel("mentees per mentor")
        if in_first_column(ax):  # shared y: inner panels have no tick labels
            ax.set_ylabel("share of mentors")
        # A linear axis ticks with an AutoLocator, a MaxNLocator.
        cast(MaxNLocator, ax.xaxis.get_major_locator()).set_params(integer=True)
        ax.grid(alpha=0.3)
    handles = [
        Line2D([], [], color=colors[d], marker=m, ms=4, lw=1.3, label=d)
        for d, m in zip(designs, _cycle(_MARKERS, len(designs)), strict=True)
    ]
    fig.legend(handles=handles, loc="outside right upper", fontsize=8, frameon=False)
    return fig


def _load_shares(rows: pd.DataFrame) -> pd.Series:
    """Share of mentors at each load present (index: load), or an empty series."""
    load = rows["load"].to_numpy(dtype=int)
    if len(load) == 0:
        return pd.Series(dtype=float)
    counts = np.bincount(load)
    levels = np.flatnonzero(counts)
    return pd.Series(counts[levels] / len(load), index=levels)


def outcome_distribution_figure(
    runs: pd.DataFrame,
    outcomes: Sequence[str],
    designs: Sequence[str] | None = None,
    ncols: int = 4,
) -> Figure:
    """Replicate values of each outcome per design: box plot with the points over it.

    Args:
        runs: One row per replicate, with ``design`` and the outcome columns.
        outcomes: Outcome columns, one panel each.
        designs: Design order (and colours); by default order of first appearance.
        ncols: Panels per row.

    Returns:
        The figure. NaN replicate values are left out; the points are spread sideways by
        their rank, not at random, so the figure is the same every time.

    Raises:
        ValueError: If ``outcomes`` is empty.
        KeyError: If an outcome is not a column of ``runs``.
    """
    _check_columns(runs, outcomes, "outcome_distribution_figure", "outcomes", "runs")
    designs = list(designs) if designs is not None else design_order(runs)
    colors = design_colors(designs)
    fig, axes = panel_grid(len(outcomes), ncols, size=(3.2, 2.6))
    for ax, outcome in zip(axes, outcomes, strict=False):
        for k, design in enumerate(designs):
            values = _finite_values(runs.loc[runs["design"] == design, outcome])
            if len(values) == 0:
                continue
            ax.boxplot(
                values,
                positions=[k],
                widths=0.55,
                showfliers=False,
                medianprops={"color": colors[design]},
                boxprops={"color": "0.4"},
                whiskerprops={"color": "0.4"},
                capprops={"color": "0.4"},
            )
            spread = np.linspace(-0.18, 0.18, len(values)) if len(values) > 1 else np.zeros(1)
            ax.scatter(
                k + spread[np.argsort(np.argsort(values))],
                values,
                s=9,
                color=colors[design],
                alpha=0.7,
                lw=0,
                zorder=3,
            )
        ax.set_xticks(
            range(len(designs)),
            designs,
            rotation=30 if len(designs) > 2 else 0,
            ha="right" if len(designs) > 2 else "center",
            fontsize=8,
        )
        ax.set_xlim(-0.6, len(designs) - 0.4)
        ax.set_title(outcome, fontsize=9)
        unit = OUTCOMES[outcome].unit if outcome in OUTCOMES else ""
        ax.set_ylabel(unit, fontsize=8)
        ax.grid(alpha=0.3, axis="y")
    return fig


def _check_columns(
    frame: pd.DataFrame, names: Sequence[str], figure: str, what: str, table: str
) -> None:
    """Refuse an empty list of columns to draw, or one the table does not have."""
    if not names:
        raise ValueError(f"{figure} needs at least one of its {what}")
    missing = [name for name in names if name not in frame.columns]
    if missing:
        raise KeyError(f"{what} not in {table}: {missing}")


def _finite_values(values: pd.Series) -> np.ndarray:
    """Float values with NaN and infinities dropped (a replicate where it is undefined)."""
    array = pd.to_numeric(values, errors="coerce").to_numpy(dtype=float)
    return array[np.isfinite(array)]


def _km_steps(durations: np.ndarray, observed: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Kaplan-Meier curve as step points from (0, 1) to the last follow-up time."""
    times, survival = kaplan_meier(durations, observed)
    times = np.concatenate([[0.0], times])
    survival = np.concatenate([[1.0], survival])
    end = float(durations.max())
    if end > times[-1]:
        # Censored follow-up past the last event: keep the curve going so groups without
        # events (no steps at all) still show as a line and not as a single point.
        times = np.append(times, end)
        survival = np.append(survival, survival[-1])
    return times, survival


def _groups(retention: pd.DataFrame, by: str | None) -> list[tuple[str, object]]:
    """(label, value) of each group of ``by``: the True group first for boolean columns."""
    if by is None:
        return [("all", None)]
    if by not in retention.columns:
        raise KeyError(f"retention has no column {by!r}")
    values = pd.unique(retention[by])
    if set(values) <= {True, False}:
        labels = _GROUP_LABELS.get(by, {True: f"{by}", False: f"not {by}"})
        return [(labels[v], v) for v in (True, False)]
    return [(f"{by}={v}", v) for v in sorted(values, key=str)]


def _cycle(items: Sequence[str], n: int) -> list[str]:
    return [items[k % len(items)] for k in range(n)]


def in_first_column(ax: Axes) -> bool:
    """Whether a panel of a grid is in its first column (where a shared y axis is labelled)."""
    spec = ax.get_subplotspec()
    return spec is not None and spec.is_first_col()


def panel_grid(
    n: int,
    ncols: int,
    sharey: bool = False,
    sharex: bool = False,
    size: tuple[float, float] = _PANEL_SIZE,
    legend_width: float = 0.0,
) -> tuple[Figure, list[Axes]]:
    """A grid of ``n`` panels, ``ncols`` to a row, with the unused cells hidden.

    Args:
        n: Number of panels.
        ncols: Panels per row (at most ``n``).
        sharey: Panels share the y axis.
        sharex: Panels share the x axis.
        size: Width and height of one panel, inches.
        legend_width: Inches added to the figure's width for a legend placed outside the
            panels on the right, so the panels keep their ``size``.

    Returns:
        The figure and its ``n`` visible axes, row by row.
    """
    ncols = max(1, min(ncols, n))
    nrows = math.ceil(n / ncols)
    fig = Figure(figsize=(size[0] * ncols + legend_width, size[1] * nrows), layout="constrained")
    grid = fig.subplots(nrows, ncols, squeeze=False, sharey=sharey, sharex=sharex)
    axes = list(grid.ravel())
    for ax in axes[n:]:
        ax.set_visible(False)
    if sharex:
        # Shared x hides tick labels above the last row; a panel whose cell below is empty
        # is the bottom of its column and needs them back.
        for ax in axes[max(0, n - ncols) : n]:
            ax.xaxis.set_tick_params(labelbottom=True)
    return fig, axes[:n]


def design_legend(
    fig: Figure, designs: Sequence[str], colors: dict, extra: Sequence[Artist] = ()
) -> None:
    """One legend for the whole figure, so small panels are not covered by their own.

    Args:
        fig: The figure.
        designs: The designs, one line each in their colour.
        colors: Colour of each design.
        extra: More legend handles after the designs (e.g. the warm-up shading).
    """
    styles = design_linestyles(designs)
    handles = [
        Line2D([], [], color=colors[d], lw=2, ls=styles[d], label=d) for d in designs
    ] + list(extra)
    fig.legend(handles=handles, loc="outside right upper", fontsize=8, frameon=False)

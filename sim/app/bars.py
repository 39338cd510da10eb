"""The pipeline and mentor-load charts, kept between years and redrawn by their bars.

Both are bar charts whose axes, ticks, titles and legends change rarely: each chart builds its
figure once per run, and a year sets the bars' heights (and the loads' titles) and writes the
figure as SVG with ``sim.app.layers``, the background written again only when a y range had to
grow. Ranges start at zero (bars are read from it) and grow in round steps with room above
the tallest bar, so a steady trend redraws the background every few years, not every year.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np
from matplotlib.artist import Artist
from matplotlib.figure import Figure

from sim.app.figures import LEGEND_PT, TITLE_PT, WIDTH, _figure, presenter
from sim.app.layers import LayeredSvg
from sim.app.palette import DESIGN_COLORS, GROUP_COLORS, OKABE_ITO, STAGE_COLORS
from sim.state import STAGE_NAMES

if TYPE_CHECKING:
    from sim.model import MentorshipModel

#: A y range leaves this share of the tallest bar free above it when it grows.
HEADROOM = 0.1
#: Round tops of a y range (times a power of ten): fine enough that the bars fill most of it.
_ROUND_TOPS = (1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0)
RANK_LABELS = ("trainee", "assistant", "associate", "full", "leader")


def round_top(value: float, cap: float | None = None) -> float:
    """The round number at or above ``value`` plus the headroom (at most ``cap``)."""
    if not math.isfinite(value) or value <= 0:
        return 1.0 if cap is None else min(1.0, cap)
    wanted = value * (1 + HEADROOM)
    power = 10.0 ** math.floor(math.log10(wanted))
    top = next(m * power for m in _ROUND_TOPS if m * power >= wanted * (1 - 1e-12))
    return top if cap is None else min(top, cap)


class _BarChart:
    """A figure of bar panels kept for one run: heights set each year, ranges only grow."""

    fig: Figure

    def __init__(self) -> None:
        self._layers: LayeredSvg | None = None
        self._tops: dict[int, float] = {}

    def _grow(self, ax_index: int, tallest: float, cap: float | None = None) -> None:
        """Widen a panel's y range when a bar outgrows it (the background is then redrawn)."""
        if ax_index in self._tops and tallest <= self._tops[ax_index]:
            return
        self._tops[ax_index] = round_top(tallest, cap)
        self.fig.axes[ax_index].set_ylim(0, self._tops[ax_index])
        if self._layers is not None:
            self._layers.invalidate()

    def _layer(self) -> list[Artist]:
        raise NotImplementedError

    def svg(self) -> bytes:
        """The chart as SVG (text as text), its background kept from the last render."""
        if self._layers is None:
            self._layers = LayeredSvg(self.fig)
        return self._layers.render(self._layer())

    @property
    def backgrounds(self) -> int:
        """How many times the background has been written (the rest were bars only)."""
        return self._layers.backgrounds if self._layers is not None else 0


class PipelineChart(_BarChart):
    """Headcount by rank, and the shares of women and URM people at each rank, now.

    Args:
        sides: The designs shown ("A", or "A" and "B"), side by side at each rank; B hatched.
    """

    def __init__(self, sides: tuple[str, ...]):
        super().__init__()
        self.sides = sides
        self.fig = _figure(WIDTH, 3.4)
        axes = self.fig.subplots(1, 3)
        ranks = np.arange(len(STAGE_NAMES))
        width = 0.8 / len(sides)
        colors = (list(STAGE_COLORS), GROUP_COLORS["women"], GROUP_COLORS["urm"])
        #: (panel, side) -> its five bars.
        self.bars = {}
        for k, side in enumerate(sides):
            x = ranks + (k - (len(sides) - 1) / 2) * width
            for panel, (ax, color) in enumerate(zip(axes, colors, strict=True)):
                self.bars[panel, side] = ax.bar(
                    x,
                    np.zeros(len(ranks)),
                    width,
                    color=color,
                    edgecolor="black",
                    hatch=None if side == "A" else "//",
                    label=f"design {side}",
                ).patches
        # Short enough for a third of the width at the presenter's text size.
        titles = ("People by rank", "Women (% of rank)", "URM (% of rank)")
        for ax, title in zip(axes, titles, strict=True):
            # Slanted and anchored at their right end, so neighbouring labels do not overlap.
            ax.set_xticks(
                ranks,
                RANK_LABELS,
                fontsize=LEGEND_PT,
                rotation=40,
                ha="right",
                rotation_mode="anchor",
            )
            ax.set_title(title, fontsize=TITLE_PT)
            ax.grid(axis="y", alpha=0.3)
        if len(sides) > 1:
            axes[1].legend(fontsize=LEGEND_PT)
        presenter(self.fig)

    def update(self, models: dict[str, MentorshipModel]) -> PipelineChart:
        """Set the bars to the runs' people now; return the chart."""
        tallest = [0.0, 0.0, 0.0]
        for side in self.sides:
            p = models[side].people
            active = p.active
            counts = np.bincount(p.stage[active], minlength=len(STAGE_NAMES))
            women = np.bincount(p.stage[active & p.woman], minlength=len(STAGE_NAMES))
            urm = np.bincount(p.stage[active & p.urm], minlength=len(STAGE_NAMES))
            with np.errstate(invalid="ignore", divide="ignore"):
                heights = (counts.astype(float), 100 * women / counts, 100 * urm / counts)
            for panel, values in enumerate(heights):
                for bar, value in zip(self.bars[panel, side], values, strict=True):
                    # A rank nobody holds has no share: no bar (not a bar at zero).
                    bar.set_visible(bool(np.isfinite(value)))
                    bar.set_height(float(value) if np.isfinite(value) else 0.0)
                finite = values[np.isfinite(values)]
                tallest[panel] = max(tallest[panel], float(finite.max()) if len(finite) else 0.0)
        for panel, value in enumerate(tallest):
            self._grow(panel, value, cap=None if panel == 0 else 100.0)
        return self

    def _layer(self) -> list[Artist]:
        return [bar for bars in self.bars.values() for bar in bars]


class LoadsChart(_BarChart):
    """Mentees per active mentor now, against the median capacity; one panel per design.

    The bins run from one mentee to the larger of the hard cap and the busiest mentor's load
    when the chart is built; a load past them builds the figure again (:meth:`update`).

    Args:
        models: Side -> the run (its design gives the hard cap and the median capacity).
    """

    def __init__(self, models: dict[str, MentorshipModel]):
        super().__init__()
        self.sides = tuple(models)
        self.top = max(self._needed(model) for model in models.values())
        self.fig = _figure(WIDTH, 3.0)
        axes = np.atleast_1d(self.fig.subplots(1, len(models), sharey=True))
        self.bars = {}
        self.titles = {}
        loads = np.arange(1, self.top + 1)
        for ax, (side, model) in zip(axes, models.items(), strict=True):
            self.bars[side] = ax.bar(
                loads,
                np.zeros(len(loads)),
                1.0,
                color=DESIGN_COLORS[side],
                edgecolor="black",
                hatch=None if side == "A" else "//",
            ).patches
            capacity = model.design.mentors.capacity_median
            ax.axvline(
                capacity,
                color=OKABE_ITO["vermillion"],
                ls="--",
                lw=2,
                label=f"median capacity {capacity:g}",
            )
            # At a fixed height (where matplotlib puts it over axes without top ticks): a title
            # matplotlib places itself moves when it is hidden, as the background hides it.
            # Two lines (the design, then its mentors): on one line, two panels' titles
            # run into each other at the page's width. Laid out with both lines from the start.
            self.titles[side] = ax.set_title(f"Design {side}\n", fontsize=TITLE_PT, y=1.0)
            ax.set_xlabel("mentees per mentor")
            ax.set_xlim(0.5 - 0.04 * self.top, self.top + 0.5 + 0.04 * self.top)
            ax.xaxis.get_major_locator().set_params(integer=True)
            ax.legend(fontsize=LEGEND_PT)
            ax.grid(axis="y", alpha=0.3)
        axes[0].set_ylabel("mentors")
        presenter(self.fig)

    @staticmethod
    def _needed(model: MentorshipModel) -> int:
        p = model.people
        held = p.load[p.active & (p.load > 0)]
        return max(int(held.max()) if len(held) else 1, model.design.mentors.hard_cap)

    def fits(self, models: dict[str, MentorshipModel]) -> bool:
        """Whether every load of these runs has a bin here (else build a new chart)."""
        return tuple(models) == self.sides and all(
            self._needed(model) <= self.top for model in models.values()
        )

    def update(self, models: dict[str, MentorshipModel]) -> LoadsChart:
        """Set the histogram bars and the titles to the runs now; return the chart."""
        tallest = 0.0
        for side, model in models.items():
            p = model.people
            held = p.load[p.active & (p.load > 0)]
            counts = np.bincount(held, minlength=self.top + 1)[1 : self.top + 1]
            for bar, count in zip(self.bars[side], counts, strict=True):
                bar.set_height(float(count))
            tallest = max(tallest, float(counts.max()) if len(counts) else 0.0)
            over = model.metrics.get("mentor_overload_share", 0.0)
            self.titles[side].set_text(
                f"Design {side}\n{len(held)} mentors, {100 * over:.0f}% above capacity"
            )
        self._grow(0, tallest)  # the panels share their y axis
        return self

    def _layer(self) -> list[Artist]:
        return [bar for bars in self.bars.values() for bar in bars] + list(self.titles.values())


def pipeline(models: dict[str, MentorshipModel]) -> Figure:
    """Headcount by rank, and the shares of women and URM people at each rank, now."""
    return PipelineChart(tuple(models)).update(models).fig


def loads(models: dict[str, MentorshipModel]) -> Figure:
    """Mentees per active mentor now, against the median capacity; one panel per design."""
    return LoadsChart(models).update(models).fig

"""The mentoring network of one department, drawn with matplotlib.

People are nodes on rings by rank (leaders at the centre, trainees outside), coloured and
shaped by stage; relationships are edges coloured by quality, failing ones dashed in
vermillion, ended ones fading out over three years. Mentors and mentees from other departments
(committees may reach across) sit on an outer grey ring. One department at a time keeps a
1,500-person institution readable; positions follow the person's key, so people keep their
place on a ring from year to year as far as arrivals and departures allow.

Who is in a department is asked of the model's Mesa agents (one ``Person`` per person
employed): ``AgentSet.groupby("department")`` counts the drop-down's headcounts and
``AgentSet.select`` picks a department's people; the relationships are read from the table.
"""

from __future__ import annotations

import matplotlib
import numpy as np
from matplotlib.artist import Artist
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from sim.agents import Person
from sim.app.figures import LEGEND_PT, TITLE_PT, WIDTH, _figure
from sim.app.layers import LayeredSvg
from sim.app.palette import ENDED_COLOR, FAILING_COLOR, QUALITY_CMAP, STAGE_COLORS, STAGE_MARKERS
from sim.state import STAGE_NAMES

#: Ring radius by stage (trainee ... leader), then the ring of people from other departments.
RADII = (1.0, 0.8, 0.6, 0.4, 0.15)
OTHER_RADIUS = 1.2
#: Years an ended relationship stays on the picture, fading.
FADE_YEARS = 3


def employed(model, department: int | None = None) -> np.ndarray:
    """A mask over the people table: the people employed (in one department), from Mesa.

    Args:
        model: The run.
        department: Department index, None for everyone employed.
    """
    people = model.agents_by_type[Person]
    if department is not None:
        people = people.select(lambda agent: agent.department == department)
    mask = np.zeros(model.people.n, dtype=bool)
    mask[np.fromiter((agent.row for agent in people), dtype=np.int64)] = True
    return mask


def department_options(model) -> list[str]:
    """Drop-down entries: each department with its headcount, then the whole institution.

    A department's entry also counts its failing relationships, so a room can go where things
    go wrong.
    """
    p, r = model.people, model.relationships
    n = model.n_departments
    by_department = model.agents_by_type[Person].groupby("department").count()
    counts = [by_department.get(d, 0) for d in range(n)]
    failing = r.active & (r.quality < model.design.program.failure_threshold)
    failing_by = np.bincount(p.department[r.mentee[failing]], minlength=n)
    return [
        f"Department {d + 1} ({counts[d]} people"
        + (f", {failing_by[d]} failing)" if failing_by[d] else ")")
        for d in range(n)
    ] + ["Whole institution (dense)"]


def department_of(option: str) -> int | None:
    """The department index an option names, None for the whole institution."""
    if option.startswith("Department "):
        return int(option.split()[1]) - 1
    return None


def _ring_positions(rows: np.ndarray, keys: np.ndarray, radius: float, offset: float) -> np.ndarray:
    order = np.argsort(keys, kind="stable")
    angles = np.empty(len(rows))
    angles[order] = offset + 2 * np.pi * np.arange(len(rows)) / max(len(rows), 1)
    return np.column_stack([radius * np.cos(angles), radius * np.sin(angles)])


def layout(model, department: int | None) -> dict[int, tuple[float, float]]:
    """Positions of the people drawn: row -> (x, y)."""
    p, r = model.people, model.relationships
    inside = employed(model, department)
    positions: dict[int, tuple[float, float]] = {}
    for stage, radius in enumerate(RADII):
        rows = np.flatnonzero(inside & (p.stage == stage))
        xy = _ring_positions(rows, p.key[rows], radius, offset=0.3 * stage)
        positions.update(zip(rows.tolist(), map(tuple, xy), strict=True))
    if department is not None:
        linked = r.active & (inside[r.mentor] | inside[r.mentee])
        ends = np.unique(np.concatenate([r.mentor[linked], r.mentee[linked]]))
        outside = ends[~inside[ends] & p.active[ends]]
        xy = _ring_positions(outside, p.key[outside], OTHER_RADIUS, offset=0.1)
        positions.update(zip(outside.tolist(), map(tuple, xy), strict=True))
    return positions


class NetworkChart:
    """The network of one department (or the whole institution) of one run, kept between years.

    The legend and the empty axes are the background (``sim.app.layers``), written once; each
    year draws the relationships, the people and the title again as the data layer.

    Args:
        model: The run drawn (its failure threshold is in the legend).
        department: Department index, None for the whole institution.
    """

    def __init__(self, model, department: int | None):
        self.department = department
        self.dense = department is None
        self.threshold = model.design.program.failure_threshold
        self.fig = _figure(WIDTH, 5.6)
        ax = self.ax = self.fig.subplots()
        ax.set_aspect("equal")
        ax.axis("off")
        lim = OTHER_RADIUS + 0.1
        ax.set_xlim(-lim, lim)
        ax.set_ylim(-lim, lim)
        size = 14 if self.dense else 70
        handles: list[Artist] = [
            Line2D(
                [],
                [],
                ls="",
                marker=STAGE_MARKERS[stage],
                markersize=np.sqrt(size * (2.0 if stage == 4 else 1.0)),
                markerfacecolor=STAGE_COLORS[stage],
                markeredgecolor="black",
                markeredgewidth=0.5,
            )
            for stage in range(len(STAGE_NAMES))
        ]
        labels = list(STAGE_NAMES)
        if not self.dense:
            handles.append(
                Line2D(
                    [],
                    [],
                    ls="",
                    marker="o",
                    markersize=np.sqrt(size),
                    markerfacecolor="white",
                    markeredgecolor=ENDED_COLOR,
                )
            )
            labels.append("other department")
        handles += [
            Line2D([], [], color=_shade(0.4), lw=2),
            Line2D([], [], color=_shade(0.9), lw=2),
            Line2D([], [], color=FAILING_COLOR, lw=2.5, ls="--"),
            Line2D([], [], color=ENDED_COLOR, lw=1, ls=":"),
        ]
        labels += [
            "working, fair quality",
            "working, good quality",
            f"failing (quality < {self.threshold:g})",
            "ended recently",
        ]
        # A figure legend "outside" is one the constrained layout makes room for.
        self.fig.legend(
            handles, labels, fontsize=LEGEND_PT, loc="outside right upper", frameon=False
        )
        # The axes' title, in two lines: a figure title spans the legend's corner and covers it.
        # At a fixed height (y=1, where matplotlib would put it over axes without ticks): a
        # title matplotlib places itself moves when it is hidden, as the background hides it.
        self.title = ax.set_title("\n", fontsize=TITLE_PT, y=1.0)
        self._drawn: list[Artist] = []
        self._layers: LayeredSvg | None = None

    def update(self, model) -> NetworkChart:
        """Draw the relationships and people of the run now (the previous year's go)."""
        for artist in self._drawn:
            artist.remove()
        self._drawn, working, failing = _draw_data(self.ax, model, self.department, self.threshold)
        where = (
            f"department {self.department + 1}"
            if self.department is not None
            else "whole institution"
        )
        self.title.set_text(
            f"Mentoring network, {where}, year {int(model.year)}\n{working} working, "
            f"{failing} failing relationships"
        )
        return self

    def svg(self) -> bytes:
        """The picture as SVG, the legend kept from the first render."""
        if self._layers is None:
            self._layers = LayeredSvg(self.fig)
        return self._layers.render([*self._drawn, self.title])


def _shade(quality):
    """Colours of relationship qualities (0..1), on the light-to-dark part of a one-hue map.

    Read by lightness in every colour vision, and never as pale as the fading grey of ended
    relationships.
    """
    cmap = matplotlib.colormaps[QUALITY_CMAP]
    return cmap(0.35 + 0.65 * np.clip(quality, 0.0, 1.0))


def _draw_data(
    ax, model, department: int | None, threshold: float
) -> tuple[list[Artist], int, int]:
    """Add the run's relationships and people to the axes.

    Returns:
        The artists added, the working and the failing relationships drawn.
    """
    p, r = model.people, model.relationships
    year = int(model.year)
    positions = layout(model, department)
    drawn = np.zeros(p.n, dtype=bool)
    drawn[list(positions)] = True
    dense = department is None
    xy_of = np.zeros((p.n, 2))
    if positions:
        xy_of[list(positions)] = np.array(list(positions.values()))

    def segments(rows: np.ndarray) -> list[np.ndarray]:
        return list(np.stack([xy_of[r.mentor[rows]], xy_of[r.mentee[rows]]], axis=1))

    artists: list[Artist] = []

    recent = np.flatnonzero(
        ~r.active
        & (r.end_year >= year - FADE_YEARS + 1)
        & (r.end_year >= 0)
        & drawn[r.mentor]
        & drawn[r.mentee]
    )
    if len(recent):
        fade = 0.7 * (1 - (year - r.end_year[recent]) / FADE_YEARS)
        colors = np.tile(matplotlib.colors.to_rgba(ENDED_COLOR), (len(recent), 1))
        colors[:, 3] = fade
        artists.append(
            ax.add_collection(
                LineCollection(
                    segments(recent), colors=colors, linewidths=1, linestyles=":", zorder=1
                )
            )
        )

    current = r.active & drawn[r.mentor] & drawn[r.mentee]
    working = np.flatnonzero(current & (r.quality >= threshold))
    failing = np.flatnonzero(current & (r.quality < threshold))
    if len(working):
        artists.append(
            ax.add_collection(
                LineCollection(
                    segments(working),
                    colors=_shade(r.quality[working]),
                    linewidths=0.6 if dense else 1.6,
                    zorder=2,
                )
            )
        )
    if len(failing):
        artists.append(
            ax.add_collection(
                LineCollection(
                    segments(failing),
                    colors=FAILING_COLOR,
                    linestyles="--",
                    linewidths=1.2 if dense else 2.6,
                    zorder=3,
                )
            )
        )

    rows = np.array(list(positions), dtype=np.int64)
    xy = xy_of[rows]
    inside = (
        (p.department[rows] == department) if department is not None else np.ones(len(rows), bool)
    )
    size = 14 if dense else 70
    for stage in range(len(STAGE_NAMES)):
        mine = (p.stage[rows] == stage) & inside
        if mine.any():
            artists.append(
                ax.scatter(
                    xy[mine, 0],
                    xy[mine, 1],
                    s=size * (2.0 if stage == 4 else 1.0),
                    c=STAGE_COLORS[stage],
                    marker=STAGE_MARKERS[stage],
                    edgecolors="black",
                    linewidths=0.5,
                    zorder=4,
                )
            )
    if (~inside).any():
        artists.append(
            ax.scatter(
                xy[~inside, 0],
                xy[~inside, 1],
                s=size,
                c="white",
                marker="o",
                edgecolors=ENDED_COLOR,
                linewidths=1.0,
                zorder=4,
            )
        )
    return artists, len(working), len(failing)


def draw(model, department: int | None) -> Figure:
    """Draw the network of one department (None: the whole institution), as a new figure."""
    return NetworkChart(model, department).update(model).fig


def describe(model, department: int | None, side: str | None = None) -> str:
    """Alt text of the network picture: what it shows (as its title does) and its counts.

    Args:
        model: The run drawn.
        department: Department index, None for the whole institution.
        side: The design drawn ("A" or "B") in A/B mode, None otherwise.
    """
    p, r = model.people, model.relationships
    inside = employed(model, department)
    counts = np.bincount(p.stage[inside], minlength=len(STAGE_NAMES))
    people = ", ".join(f"{n} {name}" for n, name in zip(counts, STAGE_NAMES, strict=True))
    linked = r.active & (inside[r.mentor] | inside[r.mentee])
    failing = int((linked & (r.quality < model.design.program.failure_threshold)).sum())
    # Which department and design: a screen reader hears nothing else change between them.
    where = f"department {department + 1}" if department is not None else "whole institution"
    design = f", design {side}" if side else ""
    return (
        f"Mentoring network, {where}{design}, year {int(model.year)}: {people}; "
        f"{int(linked.sum())} ongoing relationships, {failing} of them failing."
    )

"""Matplotlib figures of the app: time series, pipeline, mentor loads, A/B differences, a story.

Each function takes runs or tables and returns a ``matplotlib.figure.Figure`` built without
pyplot (no global state, safe across browser sessions), plus :func:`png` to embed one in the
page. Altair charts do not render without internet (their JavaScript is not in solara-assets),
so every chart is matplotlib. Colours are Okabe-Ito (``sim.app.palette``); design B is also
dashed, so nothing depends on colour alone.
"""

from __future__ import annotations

import base64
import io
import textwrap

import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from sim.app.palette import DESIGN_COLORS, DESIGN_STYLES, GROUP_COLORS, OKABE_ITO, STAGE_COLORS
from sim.state import STAGE_NAMES

#: The key yearly metrics of the time-series view, with short titles.
KEY_METRICS = {
    "mentored_share": "Assistant professors with a mentor",
    "annual_attrition": "Faculty leaving per year",
    "burnout_share": "Faculty meeting burnout criteria",
    "mentee_satisfaction": "Juniors' satisfaction (0-1)",
    "development_index": "Assistant professors' skills (0-1)",
    "leadership_ready_per_position": "Ready leaders per position",
}
_PERCENT = {"mentored_share", "annual_attrition", "burnout_share", "mentor_overload_share"}


def png(fig: Figure, dpi: int = 80) -> bytes:
    """Render a figure to PNG bytes."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()


def data_url(fig: Figure, dpi: int = 80) -> str:
    """Render a figure as a ``data:image/png`` URL for an ``<img>``."""
    return "data:image/png;base64," + base64.b64encode(png(fig, dpi)).decode("ascii")


def _figure(width: float, height: float) -> Figure:
    fig = Figure(figsize=(width, height), layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def timeseries(frames: dict[str, pd.DataFrame], years: int) -> Figure:
    """Small multiples of the key yearly metrics, one line per design.

    Args:
        frames: Side ("A", "B") -> yearly DataFrame with a ``year`` column.
        years: Last year of the runs (fixes the x axis so the lines grow into it).
    """
    fig = _figure(9.0, 5.0)
    axes = fig.subplots(2, 3, sharex=True)
    for ax, (name, title) in zip(axes.flat, KEY_METRICS.items(), strict=True):
        for side, frame in frames.items():
            scale = 100.0 if name in _PERCENT else 1.0
            ax.plot(
                frame["year"],
                frame[name] * scale,
                DESIGN_STYLES[side],
                color=DESIGN_COLORS[side],
                lw=2,
                label=f"design {side}",
            )
        ax.set_title(title + (" (%)" if name in _PERCENT else ""), fontsize=10)
        ax.set_xlim(0, years)
        ax.grid(alpha=0.3)
    for ax in axes[1]:
        ax.set_xlabel("year")
    if len(frames) > 1:
        axes[0, 0].legend(fontsize=8)
    return fig


def pipeline(models: dict[str, object]) -> Figure:
    """Headcount by rank, and the shares of women and URM people at each rank, now."""
    fig = _figure(9.0, 3.4)
    axes = fig.subplots(1, 3)
    ranks = np.arange(len(STAGE_NAMES))
    width = 0.8 / len(models)
    for k, (side, model) in enumerate(models.items()):
        p = model.people
        active = p.active
        counts = np.bincount(p.stage[active], minlength=len(STAGE_NAMES))
        women = np.bincount(p.stage[active & p.woman], minlength=len(STAGE_NAMES))
        urm = np.bincount(p.stage[active & p.urm], minlength=len(STAGE_NAMES))
        with np.errstate(invalid="ignore", divide="ignore"):
            shares = {"women": 100 * women / counts, "urm": 100 * urm / counts}
        x = ranks + (k - (len(models) - 1) / 2) * width
        hatch = None if side == "A" else "//"
        axes[0].bar(
            x,
            counts,
            width,
            color=STAGE_COLORS,
            edgecolor="black",
            hatch=hatch,
            label=f"design {side}",
        )
        axes[1].bar(
            x,
            shares["women"],
            width,
            color=GROUP_COLORS["women"],
            edgecolor="black",
            hatch=hatch,
            label=f"design {side}",
        )
        axes[2].bar(
            x,
            shares["urm"],
            width,
            color=GROUP_COLORS["urm"],
            edgecolor="black",
            hatch=hatch,
            label=f"design {side}",
        )
    titles = ("People by rank", "Women at each rank (%)", "URM people at each rank (%)")
    for ax, title in zip(axes, titles, strict=True):
        ax.set_xticks(
            ranks, ["trainee", "assistant", "associate", "full", "leader"], fontsize=8, rotation=30
        )
        ax.set_title(title, fontsize=10)
        ax.grid(axis="y", alpha=0.3)
    if len(models) > 1:
        axes[1].legend(fontsize=8)
    return fig


def loads(models: dict[str, object]) -> Figure:
    """Mentees per active mentor now, against the median capacity; one panel per design."""
    fig = _figure(9.0, 3.0)
    axes = np.atleast_1d(fig.subplots(1, len(models), sharey=True))
    for ax, (side, model) in zip(axes, models.items(), strict=True):
        p = model.people
        held = p.load[p.active & (p.load > 0)]
        top = max(int(held.max()) if len(held) else 1, model.design.mentors.hard_cap)
        ax.hist(
            held,
            bins=np.arange(0.5, top + 1.5),
            color=DESIGN_COLORS[side],
            edgecolor="black",
            hatch=None if side == "A" else "//",
        )
        capacity = model.design.mentors.capacity_median
        ax.axvline(
            capacity,
            color=OKABE_ITO["vermillion"],
            ls="--",
            lw=2,
            label=f"median capacity {capacity:g}",
        )
        over = model.metrics.get("mentor_overload_share", 0.0)
        ax.set_title(
            f"Design {side}: {len(held)} mentors, {100 * over:.0f}% above capacity", fontsize=10
        )
        ax.set_xlabel("mentees per mentor")
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.legend(fontsize=8)
        ax.grid(axis="y", alpha=0.3)
    axes[0].set_ylabel("mentors")
    return fig


def difference(frame: pd.DataFrame, years: int) -> Figure:
    """B - A of the key yearly metrics over time, with the zero line."""
    names = [c for c in frame.columns if c != "year"]
    fig = _figure(9.0, 4.4)
    axes = fig.subplots(2, 3, sharex=True)
    for ax, name in zip(axes.flat, names, strict=False):
        scale = 100.0 if name in _PERCENT else 1.0
        values = frame[name] * scale
        ax.axhline(0, color="black", lw=1)
        ax.plot(frame["year"], values, color=OKABE_ITO["bluish_green"], lw=2)
        ax.fill_between(frame["year"], 0, values, color=OKABE_ITO["bluish_green"], alpha=0.25)
        title = KEY_METRICS.get(name, name.replace("_", " ").capitalize())
        title += " (points)" if name in _PERCENT else ""
        # Wrapped: a title wider than its panel runs off the figure (the layout cannot shrink
        # it), as "Faculty meeting burnout criteria (points)" did in the third column.
        ax.set_title(textwrap.fill(title, 30), fontsize=9)
        ax.set_xlim(0, years)
        ax.grid(alpha=0.3)
    for ax in axes[1]:
        ax.set_xlabel("year")
    for ax in axes[:, 0]:
        ax.set_ylabel("B - A")
    fig.suptitle(
        "Difference, design B minus design A (above the line: higher under B)", fontsize=10
    )
    return fig


def story(yearly: pd.DataFrame) -> Figure:
    """One person's satisfaction, burnout, skill composite and mentor quality by year."""
    fig = _figure(8.5, 3.4)
    ax = fig.subplots()
    series = (
        ("satisfaction", OKABE_ITO["blue"], "-", "o"),
        ("burnout", OKABE_ITO["vermillion"], "--", "s"),
        ("skill composite", OKABE_ITO["bluish_green"], "-.", "^"),
        ("mentor quality", OKABE_ITO["orange"], ":", "D"),
    )
    for name, color, style, marker in series:
        if name in yearly and yearly[name].notna().any():
            ax.plot(
                yearly["year"],
                yearly[name],
                style,
                color=color,
                marker=marker,
                ms=4,
                lw=2,
                label=name,
            )
    ax.set_ylim(0, 1)
    ax.set_xlabel("year")
    ax.grid(alpha=0.3)
    fig.legend(fontsize=8, loc="outside right upper")
    return fig

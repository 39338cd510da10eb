"""Matplotlib figures of the app: time series, A/B differences, a story, and shared sizes.

Each function takes runs or tables and returns a ``matplotlib.figure.Figure`` built without
pyplot (no global state, safe across browser sessions), plus :func:`svg` to embed one in the
page (text as text, crisp at any zoom) and :func:`png` for downloads. Altair charts do not
render without internet (their JavaScript is not in solara-assets), so every chart is
matplotlib. Colours are Okabe-Ito (``sim.app.palette``); design B is also dashed, so nothing
depends on colour alone. The charts redrawn every year keep their figure between years: the
time series (``sim.app.live``), the pipeline and mentor loads (``sim.app.bars``) and the
network (``sim.app.network``).
"""

from __future__ import annotations

import base64
import io
import math
import textwrap

import matplotlib
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from sim.app.palette import DESIGN_COLORS, DESIGN_STYLES, OKABE_ITO

#: The key yearly metrics of the time-series view, with short titles.
KEY_METRICS = {
    "mentored_share": "Assistant professors with a mentor",
    "annual_attrition": "Faculty leaving per year",
    "burnout_share": "Faculty meeting burnout criteria",
    "mentee_satisfaction": "Juniors' satisfaction (0-1)",
    "development_index": "Assistant professors' skills (0-1)",
    "leadership_ready_per_position": "Ready leaders per position",
}
#: Text sizes in points. Charts are drawn at 72 dpi for a page about as wide as the figure, so
#: a point is a CSS pixel: tick labels of 14 px, as a presenter view at 1,280x720 and 125%
#: zoom needs to be read from the back of a room.
TICK_PT = 15
LABEL_PT = 15
TITLE_PT = 15
LEGEND_PT = 14
#: Width of the charts, inches (at 72 dpi, CSS pixels / 72): as wide as the view beside the
#: design panel on a 1,280x720 screen at 125% zoom, so the text is shown at its size there.
WIDTH = 8.0
#: Characters per line of a panel title in a row of three.
TITLE_WIDTH = 20
_PERCENT = {"mentored_share", "annual_attrition", "burnout_share", "mentor_overload_share"}


def png(fig: Figure, dpi: int = 80) -> bytes:
    """Render a figure to PNG bytes."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()


def svg(fig: Figure) -> bytes:
    """Render a figure as SVG with real text, so it is crisp at any size and zoom.

    Text stays text (``svg.fonttype = none``): the browser draws it at the screen's
    resolution, and its size can be read from the file.
    """
    buffer = io.BytesIO()
    with matplotlib.rc_context({"svg.fonttype": "none"}):
        fig.savefig(buffer, format="svg")
    return buffer.getvalue()


def is_svg(image: bytes) -> bool:
    """Whether image bytes are SVG (else PNG)."""
    return image.lstrip()[:5] in (b"<?xml", b"<svg ")


def data_url(fig: Figure, dpi: int = 80) -> str:
    """Render a figure as a ``data:image/png`` URL for an ``<img>``."""
    return "data:image/png;base64," + base64.b64encode(png(fig, dpi)).decode("ascii")


def _figure(width: float, height: float) -> Figure:
    fig = Figure(figsize=(width, height), layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def presenter(fig: Figure) -> Figure:
    """Set every axis's tick labels and axis labels to the presenter sizes; return the figure."""
    for ax in fig.axes:
        ax.tick_params(labelsize=TICK_PT)
        ax.xaxis.label.set_fontsize(LABEL_PT)
        ax.yaxis.label.set_fontsize(LABEL_PT)
    return fig


def timeseries(frames: dict[str, pd.DataFrame], years: int) -> Figure:
    """Small multiples of the key yearly metrics, one line per design.

    Args:
        frames: Side ("A", "B") -> yearly DataFrame with a ``year`` column.
        years: Last year of the runs (fixes the x axis so the lines grow into it).
    """
    # 4.4 inches high: with the tabs above, the whole chart fits a 1,280x720 screen at 125%.
    fig = _figure(WIDTH, 4.4)
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
                marker="o",  # so the first year shows as a point, not nothing
                markersize=3,
                label=f"design {side}",
            )
        ax.set_title(
            textwrap.fill(title + (" (%)" if name in _PERCENT else ""), TITLE_WIDTH),
            fontsize=TITLE_PT,
        )
        ax.set_xlim(1, years)
        ax.grid(alpha=0.3)
    for ax in axes[1]:
        ax.set_xlabel("year")
    if len(frames) > 1:
        axes[0, 0].legend(fontsize=LEGEND_PT)
    return presenter(fig)


def x_end(last: int, years: int, first_span: int = 10, growth: int = 5) -> int:
    """Right end of a time axis: ``first_span`` years, then ``growth`` more at a time.

    Early years are not squeezed into the left edge of the run's full length.
    """
    return min(years, max(first_span, growth * math.ceil((last + 1) / growth)))


def difference(frame: pd.DataFrame, years: int, better: dict[str, int] | None = None) -> Figure:
    """B - A of the key yearly metrics over time, with the zero line.

    Args:
        frame: ``year`` and one B - A column per metric.
        years: Last year of the runs.
        better: Metric -> +1 when higher is better, -1 when lower is; where B is better the
            area is bluish green, where it is worse vermillion (and a legend says which).
    """
    better = better or {}
    names = [c for c in frame.columns if c != "year"]
    fig = _figure(WIDTH, 4.4)
    axes = fig.subplots(2, 3, sharex=True)
    end = x_end(int(frame["year"].max()), years)
    for ax, name in zip(axes.flat, names, strict=False):
        scale = 100.0 if name in _PERCENT else 1.0
        values = (frame[name] * scale).to_numpy()
        years_shown = frame["year"].to_numpy()
        ax.axhline(0, color="black", lw=1)
        ax.plot(years_shown, values, color="black", lw=1.5)
        direction = better.get(name, 0)
        if direction:
            good = values * direction >= 0
            ax.fill_between(
                years_shown,
                0,
                values,
                where=good,
                color=OKABE_ITO["bluish_green"],
                alpha=0.35,
                interpolate=True,
            )
            ax.fill_between(
                years_shown,
                0,
                values,
                where=~good,
                color=OKABE_ITO["vermillion"],
                alpha=0.35,
                hatch="//",
                interpolate=True,
            )
        else:
            ax.fill_between(years_shown, 0, values, color="#999999", alpha=0.3)
        title = KEY_METRICS.get(name, name.replace("_", " ").capitalize())
        title += " (points)" if name in _PERCENT else ""
        # Wrapped: a title wider than its panel runs off the figure (the layout cannot shrink
        # it), as "Faculty meeting burnout criteria (points)" did in the third column.
        ax.set_title(textwrap.fill(title, TITLE_WIDTH), fontsize=TITLE_PT)
        ax.set_xlim(0, end)
        ax.grid(alpha=0.3)
    for ax in axes[1]:
        ax.set_xlabel("year")
    for ax in axes[:, 0]:
        ax.set_ylabel("B - A")
    fig.suptitle(
        "B minus A: green where B is better, hatched vermillion where it is worse",
        fontsize=TITLE_PT,
    )
    return presenter(fig)


def story(yearly: pd.DataFrame) -> Figure:
    """One person's satisfaction, burnout, skill composite and mentor quality by year."""
    fig = _figure(WIDTH, 3.4)
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
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # years, not 7.5
    ax.set_xlabel("year")
    ax.grid(alpha=0.3)
    fig.legend(fontsize=LEGEND_PT, loc="outside right upper")
    return presenter(fig)

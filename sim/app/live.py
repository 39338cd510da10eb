"""The time-series chart redrawn every simulated year, fast enough for Play.

Drawing a six-panel matplotlib figure from scratch takes a few hundred milliseconds on a
small machine, most of it in text layout (titles, tick labels) that does not change from one
year to the next. This chart draws its axes once, keeps them as a background, and each year
blits only the lines onto it (matplotlib's blitting, as in its animation module). The axes are
redrawn only when a line outgrows its y range, and ranges grow by "nice" steps so that happens
a few times per run.
"""

from __future__ import annotations

import io
import math

import numpy as np
import pandas as pd
from PIL import Image

from sim.app.figures import _PERCENT, KEY_METRICS, timeseries

#: PNG resolution of the live chart.
DPI = 72
#: Smallest y range of each panel: shares in percent and 0-1 scores start on their whole
#: scale, so only attrition and the leadership bench ever grow their axes.
FLOORS = {
    "mentored_share": 100.0,
    "annual_attrition": 10.0,
    "burnout_share": 100.0,
    "mentee_satisfaction": 1.0,
    "development_index": 1.0,
    "leadership_ready_per_position": 5.0,
}


def _nice_ceiling(value: float) -> float:
    """Smallest of 1, 2, 2.5, 5 x 10^k at or above value (so ranges grow by few steps)."""
    if value <= 0:
        return 1.0
    exponent = math.floor(math.log10(value))
    for mantissa in (1.0, 2.0, 2.5, 5.0, 10.0):
        candidate = mantissa * 10.0**exponent
        if candidate >= value:
            return candidate
    return 10.0 ** (exponent + 1)  # pragma: no cover


class LiveTimeseries:
    """The key yearly metrics, one panel each, one line per design, updated by blitting.

    Args:
        sides: The designs shown ("A", or "A" and "B").
        years: Last year of the runs (the fixed x range).
    """

    def __init__(self, sides: tuple[str, ...], years: int):
        self.sides = sides
        self.years = years
        empty = pd.DataFrame({"year": [0], **{name: [np.nan] for name in KEY_METRICS}})
        self.fig = timeseries({side: empty for side in sides}, years)
        self.fig.set_dpi(DPI)
        self.fig.canvas.draw()  # lay out once (constrained), then freeze the layout
        self.fig.set_layout_engine("none")  # so the background stays valid between years
        self.axes = dict(zip(KEY_METRICS, self.fig.axes, strict=True))
        self.lines = {
            (name, side): ax.lines[k]
            for name, ax in self.axes.items()
            for k, side in enumerate(sides)
        }
        self.limits: dict[str, float] = {}
        self._background = None

    def _wanted_limits(self, frames: dict[str, pd.DataFrame]) -> dict[str, float]:
        limits = {}
        for name in KEY_METRICS:
            scale = 100.0 if name in _PERCENT else 1.0
            top = max(float(np.nanmax(frame[name].to_numpy() * scale)) for frame in frames.values())
            limits[name] = max(FLOORS.get(name, 0.0), _nice_ceiling(top * 1.1))
        return limits

    def render(self, frames: dict[str, pd.DataFrame]) -> bytes:
        """Draw the current lines and return the chart as PNG bytes.

        Args:
            frames: Side -> yearly DataFrame (``year`` and the key metrics).
        """
        canvas = self.fig.canvas
        wanted = self._wanted_limits(frames)
        grow = any(wanted[name] > self.limits.get(name, 0.0) for name in KEY_METRICS)
        if self._background is None or grow:
            self.limits = {
                name: max(wanted[name], self.limits.get(name, 0.0)) for name in KEY_METRICS
            }
            for name, ax in self.axes.items():
                ax.set_ylim(0, self.limits[name])
            for line in self.lines.values():
                line.set_visible(False)
            canvas.draw()
            self._background = canvas.copy_from_bbox(self.fig.bbox)
        canvas.restore_region(self._background)
        for (name, side), line in self.lines.items():
            frame = frames[side]
            scale = 100.0 if name in _PERCENT else 1.0
            line.set_data(frame["year"].to_numpy(), frame[name].to_numpy() * scale)
            line.set_visible(True)
            self.axes[name].draw_artist(line)
        image = Image.frombuffer(
            "RGBA", canvas.get_width_height(), canvas.buffer_rgba(), "raw", "RGBA", 0, 1
        )
        buffer = io.BytesIO()
        image.save(buffer, format="PNG", compress_level=1)
        return buffer.getvalue()

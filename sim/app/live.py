"""The time-series chart redrawn every simulated year, fast enough for Play.

Drawing a six-panel matplotlib figure from scratch takes a few hundred milliseconds on a
small machine, most of it in text layout (titles, tick labels) that does not change from one
year to the next. This chart draws its axes once, keeps them as a background, and each year
blits only the lines onto it (matplotlib's blitting, as in its animation module). The axes are
redrawn only when a line outgrows its y range, and ranges grow by "nice" steps so that happens
a few times per run. The y ranges are fitted to the lines (not 0-100), so a small effect is
visible, and the lines start at year 1: year 0 is the synthetic start. Fitted ranges grow in
the first years almost every year, one panel or two at a time, so only the panels that grew
are redrawn (their area blanked and the panel drawn again onto the kept background); the
whole figure is redrawn when the x axis grows.
"""

from __future__ import annotations

import io
import math
from typing import cast

import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.patches import Rectangle
from matplotlib.transforms import Bbox
from PIL import Image

from sim.app.figures import _PERCENT, KEY_METRICS, timeseries, x_end

#: PNG resolution of the live chart: twice the 72 dpi at which a point is a CSS pixel, so the
#: chart stays sharp on screens and projectors with up to two device pixels per CSS pixel
#: (125% zoom is 1.25).
DPI = 144
#: The first year drawn: year 0 is the synthetic start, before anyone has had a year to find a
#: mentor or leave, so drawing it reads as "mentoring went from 0 to 57%".
FIRST_YEAR = 1
#: The x axis shows this many years at first, then grows by ``X_GROWTH`` years at a time, so
#: early years are not squeezed into the left edge of a 30-year axis.
X_FIRST_SPAN = 10
X_GROWTH = 5
#: Axes leave this share of the data's span free above and below the lines.
MARGIN = 0.15
#: When a line leaves its panel, the panel's range grows past it by this share of the new
#: span on that side, so a steady trend is redrawn every few years, not every year.
HEADROOM = 0.25


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
        self.limits: dict[str, tuple[float, float]] = {}
        self.x_max = 0
        self._background = None
        self._areas: dict[str, Bbox] = {}

    def _x_max(self, last: int) -> int:
        """Right end of the x axis: ten years, then five more at a time (up to the run's end)."""
        return x_end(last, self.years, X_FIRST_SPAN, X_GROWTH)

    def _wanted_limits(self, frames: dict[str, pd.DataFrame]) -> dict[str, tuple[float, float]]:
        """The y range each panel with data needs: fitted to its lines, on round numbers."""
        limits = {}
        for name in KEY_METRICS:
            scale = 100.0 if name in _PERCENT else 1.0
            values = np.concatenate(
                [
                    frame.loc[frame["year"] >= FIRST_YEAR, name].to_numpy(dtype=float) * scale
                    for frame in frames.values()
                ]
            )
            values = values[np.isfinite(values)]
            if not len(values):  # no year drawn yet: no range to fit
                continue
            lo, hi = float(values.min()), float(values.max())
            pad = max(MARGIN * (hi - lo), 0.05 * abs(hi), 1e-3)
            unit = _nice_ceiling((hi - lo + 2 * pad) / 4)
            limits[name] = (
                max(0.0, math.floor((lo - pad) / unit) * unit),
                math.ceil((hi + pad) / unit) * unit,
            )
        return limits

    def _widen(self, wanted: dict[str, tuple[float, float]], names: list[str]) -> None:
        # Ranges only widen during a run, so a panel is redrawn a few times per run.
        for name in names:
            lo, hi = wanted[name]
            old = self.limits.get(name, (lo, hi))
            new_lo, new_hi = min(lo, old[0]), max(hi, old[1])
            room = HEADROOM * (new_hi - new_lo)
            if new_lo < old[0]:
                new_lo = max(0.0, new_lo - room) if old[0] >= 0 else new_lo - room
            if new_hi > old[1]:
                new_hi += room
            self.limits[name] = (new_lo, new_hi)
            self.axes[name].set_ylim(*self.limits[name])

    def _draw_all(
        self, canvas: FigureCanvasAgg, wanted: dict[str, tuple[float, float]], x_max: int
    ) -> None:
        """Redraw the whole figure without its lines and keep it as the background."""
        self._widen(wanted, list(wanted))
        for name, ax in self.axes.items():
            if name not in self.limits:
                ax.set_ylim(0.0, 1.0)
            ax.set_xlim(FIRST_YEAR, x_max)
        self.x_max = x_max
        for line in self.lines.values():
            line.set_visible(False)
        canvas.draw()
        self._background = canvas.copy_from_bbox(self.fig.bbox)
        self._measure_areas(canvas.get_renderer())

    def _measure_areas(self, renderer) -> None:
        """Where each panel may draw (display pixels): what a redraw of it blanks first.

        A panel's extent now (title, tick labels), widened to the left up to the extent of
        the panel beside it, since wider tick labels on a wider range grow to the left.
        Measured at each full redraw (measuring a panel's extent costs as much as drawing
        it, so a panel's redraw does not).
        """
        boxes = {
            name: ax.get_tightbbox(renderer) or ax.bbox.frozen() for name, ax in self.axes.items()
        }
        self._areas = {}
        for name, ax in self.axes.items():
            box = boxes[name]
            beside = [
                boxes[other].x1
                for other, axes in self.axes.items()
                if axes.bbox.x1 <= ax.bbox.x0
                and axes.bbox.y0 < ax.bbox.y1
                and axes.bbox.y1 > ax.bbox.y0
            ]
            left = max(beside) + 1 if beside else 0.0
            self._areas[name] = Bbox(
                [[min(left, box.x0 - 2), box.y0 - 2], [box.x1 + 2, box.y1 + 2]]
            )

    def _draw_panels(
        self, canvas: FigureCanvasAgg, wanted: dict[str, tuple[float, float]], names: list[str]
    ) -> None:
        """Redraw only these panels (their ranges grew) onto the background and keep it."""
        renderer = canvas.get_renderer()
        self._widen(wanted, names)
        for line in self.lines.values():
            line.set_visible(False)
        canvas.restore_region(self._background)
        for name in names:
            ax = self.axes[name]
            # Blank where the panel may draw, then draw it again.
            area = self._areas[name]
            blank = Rectangle(
                (area.x0, area.y0),
                area.width,
                area.height,
                transform=None,
                facecolor=self.fig.get_facecolor(),
                edgecolor="none",
            )
            blank.set_figure(self.fig)
            blank.draw(renderer)
            ax.draw(renderer)
        self._background = canvas.copy_from_bbox(self.fig.bbox)

    def render(self, frames: dict[str, pd.DataFrame]) -> bytes:
        """Draw the current lines and return the chart as PNG bytes.

        Args:
            frames: Side -> yearly DataFrame (``year`` and the key metrics).
        """
        # The figure was made on an Agg canvas (sim.app.figures), which keeps its pixels.
        canvas = cast(FigureCanvasAgg, self.fig.canvas)
        wanted = self._wanted_limits(frames)
        last = max(int(frame["year"].max()) for frame in frames.values())
        x_max = self._x_max(last)
        if self._background is None or x_max != self.x_max:
            self._draw_all(canvas, wanted, x_max)
        else:
            grown = [
                name
                for name, (lo, hi) in wanted.items()
                if name not in self.limits or lo < self.limits[name][0] or hi > self.limits[name][1]
            ]
            if grown:  # a line left its panel: that panel's range widens
                self._draw_panels(canvas, wanted, grown)
        canvas.restore_region(self._background)
        for (name, side), line in self.lines.items():
            frame = frames[side]
            frame = frame[frame["year"] >= FIRST_YEAR]
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

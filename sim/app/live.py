"""The time-series chart redrawn every simulated year, fast enough for Play.

Writing a six-panel matplotlib figure from scratch takes a few hundred milliseconds on a
small machine, most of it in text layout (titles, tick labels) that does not change from one
year to the next. This chart is laid out once and written as SVG piece by piece
(``sim.app.layers.PanelSvg``): each panel's axes are kept, and each year writes only the
lines on top (vector text, crisp at any zoom; the SVG counterpart of matplotlib's blitting).
A panel's y axis is written again only when a line outgrows its range, and ranges grow by
"nice" steps with headroom so that happens a few times per run. The y ranges are fitted to the lines
(not 0-100), so a small effect is visible, and the lines start at year 1: year 0 is the
synthetic start. Fitted ranges grow in the first years almost every year, one panel or two at
a time, so only the y axes that grew are written again; every panel is when the x axis grows.
"""

from __future__ import annotations

import math
import pickle
import threading

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from sim.app.figures import _PERCENT, KEY_METRICS, timeseries, x_end
from sim.app.layers import SVG_DPI, PanelSvg

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


#: (sides, years) -> the empty chart, laid out, pickled: see :func:`_laid_out`.
_TEMPLATES: dict[tuple[tuple[str, ...], int], bytes] = {}
_TEMPLATES_LOCK = threading.Lock()


def _laid_out(sides: tuple[str, ...], years: int) -> Figure:
    """A fresh copy of the empty chart for these designs and years, laid out once per process.

    The constrained layout takes about 0.3 s (text measured, panels placed), most of what a
    restart of the page's runs costs the chart; it depends only on the designs shown and the
    run's years, never on the data. So it is done once and kept pickled, and every new
    chart (each page, preset, lever change or reset) unpickles its own copy (a few hundredths
    of a second): the same figure, the same bytes out.
    """
    key = (tuple(sides), int(years))
    with _TEMPLATES_LOCK:
        if key not in _TEMPLATES:
            empty = pd.DataFrame({"year": [0], **{name: [np.nan] for name in KEY_METRICS}})
            fig = timeseries({side: empty for side in sides}, years)
            fig.set_dpi(SVG_DPI)
            engine = fig.get_layout_engine()
            if engine is not None:  # lay out once (constrained), then freeze the layout
                engine.execute(fig)
                fig.set_layout_engine("none")  # so kept panels stay valid between years
            _TEMPLATES[key] = pickle.dumps(fig)
        template = _TEMPLATES[key]
    return pickle.loads(template)


class LiveTimeseries:
    """The key yearly metrics, one panel each, one line per design, written as SVG each year.

    Args:
        sides: The designs shown ("A", or "A" and "B").
        years: Last year of the runs (the fixed x range).
    """

    def __init__(self, sides: tuple[str, ...], years: int):
        self.sides = sides
        self.years = years
        self.fig = _laid_out(sides, years)
        self.axes = dict(zip(KEY_METRICS, self.fig.axes, strict=True))
        self.lines = {
            (name, side): ax.lines[k]
            for name, ax in self.axes.items()
            for k, side in enumerate(sides)
        }
        self.limits: dict[str, tuple[float, float]] = {}
        self.x_max = 0
        self.picture = PanelSvg(self.fig)

    def _x_max(self, last: int) -> int:
        """Right end of the x axis: ten years, then five more at a time (up to the run's end)."""
        return x_end(last, self.years, X_FIRST_SPAN, X_GROWTH)

    @staticmethod
    def _series(frames: dict[str, pd.DataFrame]) -> dict[str, tuple[np.ndarray, dict]]:
        """Side -> the years drawn and each metric's values there (percentages as such)."""
        series = {}
        for side, frame in frames.items():
            years = frame["year"].to_numpy()
            drawn = years >= FIRST_YEAR
            series[side] = (
                years[drawn],
                {
                    name: frame[name].to_numpy(dtype=float)[drawn]
                    * (100.0 if name in _PERCENT else 1.0)
                    for name in KEY_METRICS
                },
            )
        return series

    def _wanted_limits(
        self, series: dict[str, tuple[np.ndarray, dict]]
    ) -> dict[str, tuple[float, float]]:
        """The y range each panel with data needs: fitted to its lines, on round numbers."""
        limits = {}
        for name in KEY_METRICS:
            values = np.concatenate([metrics[name] for _, metrics in series.values()])
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
            self.picture.invalidate_y(self.axes[name])

    def _set_x(self, wanted: dict[str, tuple[float, float]], x_max: int) -> None:
        """A new x range: every panel is written again (they share the x axis)."""
        self._widen(wanted, list(wanted))
        for name, ax in self.axes.items():
            if name not in self.limits:
                ax.set_ylim(0.0, 1.0)
            ax.set_xlim(FIRST_YEAR, x_max)
        self.x_max = x_max
        self.picture.invalidate()

    def render(self, frames: dict[str, pd.DataFrame]) -> bytes:
        """Draw the current lines and return the chart as SVG bytes.

        Args:
            frames: Side -> yearly DataFrame (``year`` and the key metrics).
        """
        series = self._series(frames)
        wanted = self._wanted_limits(series)
        last = max(int(frame["year"].max()) for frame in frames.values())
        x_max = self._x_max(last)
        if x_max != self.x_max:
            self._set_x(wanted, x_max)
        else:
            grown = [
                name
                for name, (lo, hi) in wanted.items()
                if name not in self.limits or lo < self.limits[name][0] or hi > self.limits[name][1]
            ]
            if grown:  # a line left its panel: that panel's range widens
                self._widen(wanted, grown)
        for (name, side), line in self.lines.items():
            years, metrics = series[side]
            line.set_data(years, metrics[name])
        return self.picture.render(list(self.lines.values()))

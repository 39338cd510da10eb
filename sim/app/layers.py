"""A chart kept between years and drawn as SVG in two layers: what stays, and the data.

Writing a whole matplotlib figure as SVG takes a few hundred milliseconds on a small machine,
most of it on what does not change from one year to the next: axes, ticks, tick labels,
titles, legends. :class:`LayeredSvg` writes that part once (the background: the figure with
the data artists hidden) and each year writes only the data artists with a fresh SVG
renderer, appending them to the background's document. It is the vector counterpart of
matplotlib's blitting (which ``sim.app.live`` uses for the PNG time series): the picture is
the one a full ``savefig`` gives, text stays text (crisp at any zoom, its size readable from
the file), and the data layer is drawn on top, as it is last in the figure's drawing order.

The figure's owner says when the background is stale (:meth:`LayeredSvg.invalidate`: an
axis range or a label changed). The layout (constrained) is computed with every artist shown
whenever the background is drawn, so the data layer's text (a title that counts something)
keeps its room, and is then frozen until the next background.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import matplotlib
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.axis import YAxis
from matplotlib.backends.backend_svg import RendererSVG
from matplotlib.figure import Figure
from matplotlib.legend import Legend

#: SVG works in points: the figure is drawn at 72 dots per inch (as ``savefig`` does for SVG).
SVG_DPI = 72
#: Prefix of the ids the data layer defines (clip paths, hatches, groups), so they cannot
#: collide with the background's.
LAYER_ID = "data-"
_IDS = re.compile(r'(id="|url\(#|xlink:href="#)')


class LayeredSvg:
    """One figure, written as SVG: the background once, the data layer at every render.

    Args:
        fig: The figure (built without pyplot, on any canvas). Its layout engine, if any, is
            run when the background is drawn and switched off in between, so the data layer
            lands where the background expects it.
    """

    def __init__(self, fig: Figure):
        self.fig = fig
        self._engine = fig.get_layout_engine()
        fig.set_dpi(SVG_DPI)
        if self._engine is not None:
            fig.set_layout_engine("none")
        self._head: str | None = None
        #: Backgrounds drawn so far (a test and the benchmark read it).
        self.backgrounds = 0

    def invalidate(self) -> None:
        """Draw the background again at the next render (a range, a tick or a label changed)."""
        self._head = None

    def render(self, layer: Sequence[Artist]) -> bytes:
        """The whole figure as SVG: the kept background with ``layer`` drawn on top.

        Args:
            layer: The data artists (they belong to the figure's axes or to the figure);
                hidden ones are left out.
        """
        if self._head is None:
            self._head = self._background(layer)
        return (self._head + self._data(layer) + "</svg>\n").encode("utf-8")

    def _background(self, layer: Sequence[Artist]) -> str:
        """The figure without the layer, as SVG text without its closing tag."""
        if self._engine is not None:
            self._engine.execute(self.fig)  # with the layer shown: its text keeps its room
        buffer = io.BytesIO()
        with _hidden(layer), matplotlib.rc_context({"svg.fonttype": "none"}):
            self.fig.savefig(buffer, format="svg")
        self.fig.set_dpi(SVG_DPI)  # savefig puts back the dpi it found; this keeps it so
        self.backgrounds += 1
        text = buffer.getvalue().decode("utf-8")
        return text[: text.rindex("</svg>")]

    def _data(self, layer: Sequence[Artist]) -> str:
        """The layer's SVG elements, with the definitions they use, ids prefixed."""
        return fragment(self.fig, sorted(layer, key=lambda a: a.get_zorder()), LAYER_ID)


class PanelSvg:
    """A figure of panels written as SVG piece by piece: each piece kept until it changes.

    The pieces are the figure's patch; for each axes, the panel without its y axis (frame,
    x axis, title) and then its y axis (ticks, tick labels, grid lines); and the axes'
    legends, written over the data layer. A panel whose y range changed has its y axis
    written again alone (:meth:`invalidate_y`, a fraction of the panel's cost: the title and
    x axis are kept), everything is written again after :meth:`invalidate`, and the data
    layer at every render. The figure must be laid out already (its layout is not run
    again); what it draws outside its axes other than its patch (a figure legend, a
    suptitle) is not written.

    Args:
        fig: The figure, laid out, with no layout engine left to run.
    """

    def __init__(self, fig: Figure):
        self.fig = fig
        fig.set_dpi(SVG_DPI)
        self._head = _header(fig)
        self._pieces: dict[int, str] = {}
        #: Y axes written so far, counting each time one is written (a test reads it).
        self.y_axes_drawn = 0

    def invalidate(self) -> None:
        """Write every piece again at the next render (the x range or the layout changed)."""
        self._pieces.clear()

    def invalidate_y(self, ax: Axes) -> None:
        """Write this panel's y axis again at the next render (its y range changed)."""
        self._pieces.pop(id(ax.yaxis), None)

    def _parts(self) -> list[Artist]:
        parts: list[Artist] = [self.fig.patch]
        for ax in self.fig.axes:
            parts += [ax, ax.yaxis]
        return parts + [legend for ax in self.fig.axes for legend in _legends(ax)]

    def _write(self, part: Artist, index: int) -> str:
        """One piece: an axes without its y axis and legend, or one artist alone."""
        if isinstance(part, Axes):
            with _hidden([part.yaxis, *_legends(part)]):
                return fragment(self.fig, [part], f"piece{index}-")
        self.y_axes_drawn += isinstance(part, YAxis)
        return fragment(self.fig, [part], f"piece{index}-")

    def render(self, layer: Sequence[Artist]) -> bytes:
        """The whole figure as SVG: the kept pieces with ``layer`` drawn on top."""
        parts = self._parts()
        missing = [k for k, part in enumerate(parts) if id(part) not in self._pieces]
        if missing:
            with _hidden(layer):
                for k in missing:
                    self._pieces[id(parts[k])] = self._write(parts[k], k)
        data = fragment(self.fig, sorted(layer, key=lambda a: a.get_zorder()), LAYER_ID)
        # Legends last, over the data, as a figure drawn whole puts them (zorder 5).
        below = "".join(self._pieces[id(part)] for part in parts if not isinstance(part, Legend))
        above = "".join(self._pieces[id(part)] for part in parts if isinstance(part, Legend))
        return (self._head + below + data + above + "</svg>\n").encode("utf-8")


def _legends(ax: Axes) -> list[Artist]:
    """The axes' legend, as a list (empty without one)."""
    legend = ax.get_legend()
    return [] if legend is None else [legend]


@contextmanager
def _hidden(artists: Sequence[Artist]) -> Iterator[None]:
    """Hide these artists for a while, then show each as it was."""
    shown = [artist.get_visible() for artist in artists]
    for artist in artists:
        artist.set_visible(False)
    try:
        yield
    finally:
        for artist, visible in zip(artists, shown, strict=True):
            artist.set_visible(visible)


def _renderer(fig: Figure) -> tuple[RendererSVG, io.StringIO, int]:
    """An SVG renderer of the figure's size, its buffer, and where the header ends in it."""
    width, height = fig.get_size_inches() * SVG_DPI
    buffer = io.StringIO()
    renderer = RendererSVG(width, height, buffer, image_dpi=SVG_DPI)
    return renderer, buffer, len(buffer.getvalue())


def _header(fig: Figure) -> str:
    """The start of an SVG document of the figure's size, up to its first drawn element."""
    with matplotlib.rc_context({"svg.fonttype": "none"}):
        _, buffer, start = _renderer(fig)
    return buffer.getvalue()[:start]


def fragment(fig: Figure, artists: Sequence[Artist], prefix: str) -> str:
    """SVG elements of some of a figure's artists, in this order, with their definitions.

    Args:
        fig: The figure the artists belong to (its size and dpi place them).
        artists: What to draw (hidden ones draw nothing).
        prefix: Put before every id the elements define and use, so the fragments of one
            document cannot collide.
    """
    with matplotlib.rc_context({"svg.fonttype": "none"}):
        renderer, buffer, start = _renderer(fig)
        for artist in artists:
            artist.draw(renderer)
        renderer.finalize()  # writes the clip paths and hatches the artists used
    text = buffer.getvalue()
    return _IDS.sub(lambda m: m.group(1) + prefix, text[start : text.rindex("</svg>")])

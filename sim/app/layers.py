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
from collections.abc import Sequence

import matplotlib
from matplotlib.artist import Artist
from matplotlib.backends.backend_svg import RendererSVG
from matplotlib.figure import Figure

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
        shown = [artist.get_visible() for artist in layer]
        for artist in layer:
            artist.set_visible(False)
        buffer = io.BytesIO()
        try:
            with matplotlib.rc_context({"svg.fonttype": "none"}):
                self.fig.savefig(buffer, format="svg")
        finally:
            for artist, visible in zip(layer, shown, strict=True):
                artist.set_visible(visible)
        self.fig.set_dpi(SVG_DPI)  # savefig puts back the dpi it found; this keeps it so
        self.backgrounds += 1
        text = buffer.getvalue().decode("utf-8")
        return text[: text.rindex("</svg>")]

    def _data(self, layer: Sequence[Artist]) -> str:
        """The layer's SVG elements, with the definitions they use, ids prefixed."""
        return fragment(self.fig, sorted(layer, key=lambda a: a.get_zorder()), LAYER_ID)


class PanelSvg:
    """A figure of panels written as SVG piece by piece: each panel kept until it changes.

    The background is the figure's patch and one piece per axes (the panel without the
    data layer); a panel whose range or ticks changed is written again alone
    (:meth:`invalidate`), the others are kept, and the data layer is written at every render.
    The figure must be laid out already (its layout is not run again); what it draws outside
    its axes other than its patch (a figure legend, a suptitle) is not written.

    Args:
        fig: The figure, laid out, with no layout engine left to run.
    """

    def __init__(self, fig: Figure):
        self.fig = fig
        fig.set_dpi(SVG_DPI)
        self._head = _header(fig)
        self._pieces: dict[int, str] = {}
        #: Panels written so far, counting each time one is written (a test reads it).
        self.panels_drawn = 0

    def invalidate(self, ax: Artist | None = None) -> None:
        """Write this panel again at the next render (None: every panel)."""
        if ax is None:
            self._pieces.clear()
        else:
            self._pieces.pop(id(ax), None)

    def render(self, layer: Sequence[Artist]) -> bytes:
        """The whole figure as SVG: the kept panels with ``layer`` drawn on top."""
        parts: list[Artist] = [self.fig.patch, *self.fig.axes]
        missing = [part for part in parts if id(part) not in self._pieces]
        if missing:
            shown = [artist.get_visible() for artist in layer]
            for artist in layer:
                artist.set_visible(False)
            try:
                for part in missing:
                    index = parts.index(part)
                    self._pieces[id(part)] = fragment(self.fig, [part], f"panel{index}-")
                    self.panels_drawn += part is not self.fig.patch
            finally:
                for artist, visible in zip(layer, shown, strict=True):
                    artist.set_visible(visible)
        data = fragment(self.fig, sorted(layer, key=lambda a: a.get_zorder()), LAYER_ID)
        body = "".join(self._pieces[id(part)] for part in parts)
        return (self._head + body + data + "</svg>\n").encode("utf-8")


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

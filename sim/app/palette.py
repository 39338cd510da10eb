"""Colours of the workshop app: the Okabe-Ito palette, safe for the common colour-vision types.

Okabe & Ito (2008), "Color Universal Design": eight colours that stay distinct under
protanopia, deuteranopia and tritanopia. Stages also get distinct marker shapes, and failing
relationships a dashed line, so no reading of a chart depends on colour alone.
"""

from __future__ import annotations

OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}

#: Design A and design B in every chart (solid and dashed lines as well).
DESIGN_COLORS = {"A": OKABE_ITO["blue"], "B": OKABE_ITO["orange"]}
DESIGN_STYLES = {"A": "-", "B": "--"}

#: Career stages, in ``sim.state.STAGE_NAMES`` order: colour and marker.
STAGE_COLORS = (
    OKABE_ITO["sky_blue"],
    OKABE_ITO["bluish_green"],
    OKABE_ITO["orange"],
    OKABE_ITO["blue"],
    OKABE_ITO["reddish_purple"],
)
STAGE_MARKERS = ("o", "s", "^", "D", "*")

#: Relationship quality runs from light to dark blue: a one-hue map, read by lightness, which
#: every colour-vision type sees.
QUALITY_CMAP = "Blues"
FAILING_COLOR = OKABE_ITO["vermillion"]
ENDED_COLOR = "#999999"

#: Women and men, URM and not, in the pipeline chart.
GROUP_COLORS = {
    "women": OKABE_ITO["reddish_purple"],
    "men": OKABE_ITO["bluish_green"],
    "urm": OKABE_ITO["vermillion"],
    "non_urm": OKABE_ITO["sky_blue"],
}

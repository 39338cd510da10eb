"""Exports for slides: a chart as PNG, its numbers as CSV, an A/B comparison as plain text.

A teacher takes a chart or a comparison from the session into the debrief or a report. The
PNG is drawn afresh at print resolution (not the screen's blitted image); the CSV holds the
yearly numbers behind the chart, one row per design and year; the text says what the A/B
screen says, with the seed and the designs, so it can be pasted and reproduced.
"""

from __future__ import annotations

import pandas as pd

from sim.app import contrast, figures
from sim.app.session import Workshop

#: Resolution of exported charts (dots per inch): sharp on a slide at full width.
EXPORT_DPI = 200


def charts_png(workshop: Workshop) -> bytes:
    """The key yearly metrics of the runs so far, as a print-resolution PNG."""
    with workshop.lock:
        frames = {
            side: frame[frame["year"] >= 1]
            for side, frame in ((s, run.yearly()) for s, run in workshop.runs.items())
        }
        return figures.png(figures.timeseries(frames, max(workshop.year, 1)), dpi=EXPORT_DPI)


def charts_csv(workshop: Workshop) -> str:
    """The yearly metrics of every design so far, one row per design and year."""
    with workshop.lock:
        frames = [
            run.yearly().assign(design=side, preset=workshop.sides[side].preset)
            for side, run in workshop.runs.items()
        ]
    table = pd.concat(frames, ignore_index=True)
    first = ["design", "preset", "year", *figures.KEY_METRICS]
    return table[first + [c for c in table.columns if c not in first]].to_csv(index=False)


def comparison_text(workshop: Workshop) -> str:
    """The A/B screen as text: the designs and seed, the headline, the cost, the rest."""
    with workshop.lock:
        a, b = workshop.runs["A"], workshop.runs["B"]
        take = contrast.takeaway(contrast.contrasts(a.model, b.model, a.yearly(), b.yearly()))
        lines = [
            f"mentorsim workshop, seed {workshop.seed}, year {workshop.year}",
            f"A: {workshop.sides['A'].title}",
            f"B: {workshop.sides['B'].title}",
            "",
            take.headline,
            take.cost,
            "",
            *(f"- {c.text}" for c in take.ranked),
            "",
            contrast.caution(),
        ]
    return "\n".join(lines) + "\n"

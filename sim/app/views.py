"""The main views: charts, network, pipeline and loads, A/B comparison, person stories.

Each view is a Solara component that reads the session's runs and draws matplotlib figures as
``<img>`` elements with alt text (so a screen reader hears what a chart shows). The page shows
one view at a time (lazy tabs): only the visible view is drawn after each simulated year, and
the charts drawn every year (time series, network, pipeline, loads) keep their figure for the
run and redraw only their data.
"""

from __future__ import annotations

import base64
import functools
from collections.abc import Callable

import numpy as np
import pandas as pd
import solara
from solara.alias import rv

from sim.app import bars, contrast, export, figures, network, stories
from sim.app.live import LiveTimeseries
from sim.app.session import Workshop

_TEXT = {"font-size": "0.95em"}


def locked(view: Callable) -> Callable:
    """Render a view holding the workshop's lock, so Play cannot step the runs mid-drawing."""

    @functools.wraps(view)
    def render(workshop: Workshop, *args, **kwargs):
        with workshop.lock:
            return view(workshop, *args, **kwargs)

    return render


@solara.component
def Picture(image: bytes, alt: str, classes: list[str]):
    """A chart (SVG, drawn crisp at any size, or PNG) as an ``<img>`` with alt text."""
    mime = "image/svg+xml" if figures.is_svg(image) else "image/png"
    src = f"data:{mime};base64," + base64.b64encode(image).decode("ascii")
    rv.Html(
        tag="img",
        attributes={"src": src, "alt": alt, "style": "max-width: 100%; width: 100%"},
        class_=" ".join(classes),
    )


def Para(text: str, classes: str = "", bold: bool = False):
    """A paragraph of plain text (solara.Markdown would load KaTeX from the internet)."""
    style = "font-size: 0.95em; margin: 4px 0" + ("; font-weight: bold" if bold else "")
    return rv.Html(tag="p", children=[text], class_=classes, style_=style)


def Bullets(items: list[str], classes: str):
    """A bulleted list."""
    return rv.Html(
        tag="ul",
        class_=classes,
        style_="font-size: 0.95em",
        children=[rv.Html(tag="li", children=[item]) for item in items],
    )


def Table(frame: pd.DataFrame, classes: str, digits: int = 2):
    """A DataFrame as an HTML table with a header row."""

    def cell(value) -> str:
        if isinstance(value, float):
            return "" if np.isnan(value) else f"{value:.{digits}f}"
        return str(value)

    head = rv.Html(
        tag="tr",
        children=[
            rv.Html(tag="th", children=[str(c)], attributes={"scope": "col"}) for c in frame.columns
        ],
    )
    rows = [
        rv.Html(tag="tr", children=[rv.Html(tag="td", children=[cell(v)]) for v in row])
        for row in frame.itertuples(index=False)
    ]
    return rv.Html(
        tag="table",
        class_=classes,
        style_="font-size: 0.85em",
        children=[rv.Html(tag="thead", children=[head]), rv.Html(tag="tbody", children=rows)],
    )


@solara.component
@locked
def ChartsView(workshop: Workshop, tick: int):
    """The key yearly metrics over time (kept between years; each year writes the lines)."""
    sides = tuple(workshop.runs)
    live = solara.use_memo(
        lambda: LiveTimeseries(sides, workshop.years),
        [sides, workshop.years, workshop.seed, tuple(workshop.runs.values())],
    )
    frames = {side: run.yearly() for side, run in workshop.runs.items()}
    latest = {side: frame.iloc[-1] for side, frame in frames.items()}
    alt = "; ".join(
        f"design {side}: "
        + ", ".join(
            f"{title.lower()} {row[name]:.2f}" for name, title in figures.KEY_METRICS.items()
        )
        for side, row in latest.items()
    )
    Picture(
        live.render(frames),
        f"Time series, year {workshop.year}: {alt}",
        ["ms-chart", "ms-timeseries"],
    )
    ExportButtons(workshop)


@solara.component
def ExportButtons(workshop: Workshop):
    """Download the charts as PNG and their numbers as CSV (made on click, not every year)."""
    stem = f"mentorsim-seed{workshop.seed}"  # the year is in the files (the name is set once)
    with solara.Row(gap="8px", classes=["ms-export"]):
        solara.FileDownload(
            lambda: export.charts_png(workshop),
            filename=f"{stem}-charts.png",
            label="Charts as PNG",
            mime_type="image/png",
        )
        solara.FileDownload(
            lambda: export.charts_csv(workshop),
            filename=f"{stem}-charts.csv",
            label="Numbers as CSV",
            mime_type="text/csv",
        )


@solara.component
@locked
def NetworkView(workshop: Workshop, tick: int):
    """The mentoring network of one department, with the department filter."""
    sides = list(workshop.runs)
    side = solara.use_reactive("A")
    if side.value not in sides:
        side.set("A")
    model = workshop.runs[side.value].model
    options = network.department_options(model)
    chosen = solara.use_reactive(0)
    index = min(chosen.value, len(options) - 1)
    with solara.Row(gap="12px", style={"align-items": "center"}):
        rv.Select(
            v_model=options[index],
            on_v_model=lambda o: chosen.set(options.index(o)),
            items=options,
            label="Department shown",
            hide_details=True,
            class_="ms-department",
            style_="max-width: 320px",
        )
        if len(sides) > 1:
            solara.ToggleButtonsSingle(value=side, values=sides, classes=["ms-network-side"])
    department = network.department_of(options[index])
    # Kept for the run and department shown: a year redraws the people and relationships only.
    chart = solara.use_memo(
        lambda: network.NetworkChart(model, department), [workshop.runs[side.value], department]
    )
    Picture(
        chart.update(model).svg(),
        network.describe(model, department, side.value if len(sides) > 1 else None),
        ["ms-chart", "ms-network"],
    )
    Para(
        "Rings by rank: leaders in the centre, then full, associate and assistant "
        "professors, trainees outside; people from other departments on the grey outer "
        "ring. Edges are relationships: darker blue as quality rises, dashed vermillion "
        "when failing, dotted grey and fading for three years after they end."
    )


@solara.component
@locked
def PipelineView(workshop: Workshop, tick: int):
    """The pipeline by rank, gender and URM status, and the mentor loads."""
    models = {side: run.model for side, run in workshop.runs.items()}
    p = models["A"].people
    alt = f"Design A now: {int(p.active.sum())} people; " + ", ".join(
        f"{name} {int(v)}"
        for name, v in zip(
            ("trainees", "assistant", "associate", "full", "leaders"),
            np.bincount(p.stage[p.active], minlength=5),
            strict=True,
        )
    )
    # Kept for the runs shown: a year sets the bars (and the loads' titles) only.
    runs = tuple(workshop.runs.values())
    pipeline = solara.use_memo(lambda: bars.PipelineChart(tuple(models)), [runs])
    loads = solara.use_memo(lambda: [bars.LoadsChart(models)], [runs])
    if not loads[0].fits(models):  # a load past the bins: bins for it
        loads[0] = bars.LoadsChart(models)
    Picture(pipeline.update(models).svg(), alt, ["ms-chart", "ms-pipeline"])
    loads_alt = "; ".join(
        f"design {side}: {100 * m.metrics.get('mentor_overload_share', 0):.0f}% of mentors "
        f"above capacity, busiest mentor {m.metrics.get('mentor_load_max', 0):.0f} mentees"
        for side, m in models.items()
    )
    Picture(loads[0].update(models).svg(), loads_alt, ["ms-chart", "ms-loads"])


#: Colours of a verdict (Okabe-Ito); the verdict is also said in words, so colour is a hint.
VERDICT_COLORS = {"better": "#009E73", "worse": "#D55E00", "": "#777777"}


@solara.component
def Headline(take: contrast.Takeaway):
    """The A/B screen's one message: the largest difference that matters, the cost beside it."""
    color = VERDICT_COLORS[take.verdict]
    with solara.Row(gap="16px", style={"align-items": "stretch", "flex-wrap": "wrap"}):
        rv.Html(
            tag="div",
            children=[take.headline],
            class_=f"ms-headline ms-{take.verdict or 'neutral'}",
            style_=(
                f"flex: 3 1 420px; font-size: 1.45em; line-height: 1.3; font-weight: 600; "
                f"padding: 10px 14px; border-left: 10px solid {color}; background: {color}14"
            ),
        )
        if take.cost:
            rv.Html(
                tag="div",
                children=[take.cost],
                class_="ms-cost",
                style_=(
                    "flex: 1 1 220px; font-size: 1.15em; padding: 10px 14px; "
                    "border-left: 4px solid #777777"
                ),
            )


def _ranked_item(line: contrast.Contrast):
    mark = {"better": "better under B: ", "worse": "worse under B: "}.get(line.verdict, "")
    color = VERDICT_COLORS[line.verdict]
    return rv.Html(
        tag="li",
        class_=f"ms-{line.verdict or 'neutral'}",
        children=[rv.Html(tag="b", children=[mark], style_=f"color: {color}"), line.text]
        if mark
        else [line.text],
    )


@solara.component
@locked
def ABView(workshop: Workshop, tick: int, changed: Callable[[str], None]):
    """Two designs on one seed: one headline, the cost beside it, the rest ranked below."""
    show_chart = solara.use_reactive(False)
    if not workshop.ab:
        solara.Info(
            "A/B mode is off. Turn it on to run a second design beside this one on the "
            "same seed: the same people are hired and meet the same chance events, so "
            "what differs is the design's doing."
        )

        def turn_on():
            workshop.set_ab(True)
            changed("A/B mode on: design B runs beside A on the same seed.")

        solara.Button("Turn on A/B mode", on_click=turn_on, color="primary", classes=["ms-ab-on"])
        return
    a, b = workshop.runs["A"], workshop.runs["B"]
    Para(
        f"Year {workshop.year}. A: {workshop.sides['A'].title}. B: {workshop.sides['B'].title}.",
        classes="ms-ab-designs",
    )
    lines = contrast.contrasts(a.model, b.model, a.yearly(), b.yearly())
    take = contrast.takeaway(lines)
    if not lines:
        solara.Text("Step a year to see the difference.", style=_TEXT)
    else:
        Headline(take)
        rv.Html(
            tag="ul",
            class_="ms-ab-lines",
            style_="font-size: 1.05em; margin-top: 8px",
            children=[_ranked_item(line) for line in take.ranked],
        )
        solara.Text(contrast.caution(), style={"font-style": "italic", **_TEXT})
        with solara.Row(gap="8px", classes=["ms-ab-export"]):
            solara.FileDownload(
                lambda: export.comparison_text(workshop),
                filename=f"mentorsim-seed{workshop.seed}-comparison.txt",
                label="Copy this comparison (text)",
                mime_type="text/plain",
            )
            ExportButtons(workshop)
        solara.Button(
            "Hide the difference over time"
            if show_chart.value
            else "Show the difference over time",
            on_click=lambda: show_chart.set(not show_chart.value),
            outlined=True,
            classes=["ms-show-difference"],
        )
        if show_chart.value:  # drawn only on request: a year's step stays quick with A/B open
            frame = contrast.differences(a.model, b.model)
            Picture(
                figures.svg(figures.difference(frame, workshop.years, contrast.DIFFERENCE_BETTER)),
                "Difference B minus A over time: " + " ".join(c.text for c in lines),
                ["ms-chart", "ms-difference"],
            )
    with (
        solara.Details("The same people under both designs (the first hires of year 1)"),
        solara.Columns([1, 1]),
    ):
        for side, run in (("A", a), ("B", b)):
            with solara.Column(classes=[f"ms-panel ms-panel-{side}"]):
                Para(f"Design {side}: {workshop.sides[side].title}", bold=True)
                Bullets(run.first_hires() or ["none yet: step one year"], "ms-first-hires")


@solara.component
@locked
def StoryView(workshop: Workshop, tick: int):
    """Pick a person (or someone who left, or someone promoted early) and tell their story."""
    sides = list(workshop.runs)
    side = solara.use_reactive("A")
    if side.value not in sides:
        side.set("A")
    run = workshop.runs[side.value]
    model = run.model
    chosen = solara.use_reactive("")  # the label of the person shown
    typed, set_typed = solara.use_state("")
    error, set_error = solara.use_state("")
    skips = solara.use_reactive({"left": 0, "early": 0})

    def show(text: str) -> None:
        set_typed(text)
        if stories.find_row(model, text) is None:
            set_error(
                f"No person '{text}' in design {side.value} yet: type a label like "
                "#3-12 (the 13th hire of year 3) or #0-17, or use the buttons."
            )
            return
        set_error("")
        chosen.set(text)

    def pick(kind: str) -> None:
        finder = stories.pick_left if kind == "left" else stories.pick_promoted_early
        row = finder(model, skips.value[kind])
        skips.set({**skips.value, kind: skips.value[kind] + 1})
        if row is None:
            set_error(
                "Nobody like that yet: step a few more years."
                if kind == "left"
                else "Nobody promoted yet: step a few more years."
            )
            return
        set_error("")
        label = stories.person_label(int(model.people.key[row]))
        set_typed(label)
        chosen.set(label)

    with solara.Row(gap="8px", style={"align-items": "center", "flex-wrap": "wrap"}):
        solara.InputText(
            "Person (e.g. #3-12)",
            value=typed,
            on_value=show,
            error=error or False,
            classes=["ms-person"],
        )
        solara.Button(
            "Someone who left",
            on_click=lambda: pick("left"),
            classes=["ms-pick-left"],
            outlined=True,
        )
        solara.Button(
            "Someone promoted early",
            on_click=lambda: pick("early"),
            classes=["ms-pick-early"],
            outlined=True,
        )
        if len(sides) > 1:
            solara.ToggleButtonsSingle(value=side, values=sides, classes=["ms-story-side"])
    row = stories.find_row(model, chosen.value) if chosen.value else None
    if row is None:
        solara.Text(
            "Stories are how workshops teach: pick someone to follow year by year.", style=_TEXT
        )
        return
    story = stories.build_story(model, run.history, row)
    with solara.Card(classes=["ms-story"]):
        # The summary as a heading, not the card's title, which breaks lines inside words.
        rv.Html(tag="h3", children=[story.summary], class_="text-h6 ms-story-title")
        Para(story.persona, classes="ms-persona")
        Para(
            "Traits (drawn once, 0-1): "
            + ", ".join(
                f"{name.replace('_', ' ')} {value:.2f}" for name, value in story.traits.items()
            )
        )
        for line in story.why:
            solara.Info(line, classes=["ms-why"])
        Picture(
            figures.svg(figures.story(story.yearly)),
            f"{story.label} year by year: satisfaction, burnout, skill composite and "
            "mentor quality",
            ["ms-chart", "ms-story-chart"],
        )
        with solara.Details("What happened, year by year", expand=True):
            Bullets(story.events, "ms-events")
        if len(story.relationships):
            with solara.Details("Mentors"):
                Table(story.relationships, "ms-mentors")
        with solara.Details("Skills by domain, year by year"):
            Table(story.skills, "ms-skills-table")
        with solara.Details("Numbers by year"):
            Table(story.yearly.drop(columns=["active"]), "ms-story-table")

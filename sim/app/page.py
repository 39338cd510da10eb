"""The workshop page: sidebar controls on the left, one view at a time on the right.

UI composition only; the session state is ``sim.app.session.Workshop`` (one per browser tab),
the controls are in ``sim.app.controls`` and the views in ``sim.app.views``. Until the server's
warm-up (``sim.app.warmup``) has compiled the model, the page shows its progress instead, so
no Step waits silently for numba. Play runs in a background task that steps a year, redraws,
and waits ``PLAY_INTERVAL`` seconds; Pause goes back to the year the page showed when it was
pressed, even if the next year was already under way.

What the page shows is two reactive values: ``Shown`` (restarts, their notice, what is
loading) and a count of simulated years. The page itself reads neither; the components that
depend on them read them (``EachYear``, ``Designs``, ``Notice``), so a year redraws only the
run controls and the open view, and a restart redraws the design panel and the views in one
pass.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

import solara
import solara.lab
from solara.alias import rv

from sim.app.controls import DesignControls, RunControls, SeedField
from sim.app.guided import GuidedPanel
from sim.app.session import Workshop
from sim.app.views import ABView, ChartsView, NetworkView, PipelineView, StoryView
from sim.app.warmup import WARMUP

# Reacton's subtree-skipping renderer (opt-in in reacton 1.11): an update redraws only the
# components whose state or arguments changed, so a simulated year redraws the run controls
# and the open view and leaves the design panel's controls alone (the default renderer
# walks and re-sets every widget of the page on each update). Read when a session's page is
# first rendered, so setting it here, on import, covers the server and ``solara run``.
os.environ.setdefault("REACTON_FAST", "1")

#: Seconds between simulated years while playing.
PLAY_INTERVAL = 0.4
TITLE = "mentorsim workshop"

#: Tabs, in order: short enough that all five fit a presenter's screen (1,280x720 at 125%).
TABS = ("Charts", "Network", "Pipeline", "A/B", "People")

#: Presenter sizes: tab labels as written (not upper case), large enough to read, and narrow
#: enough that all five tabs fit beside the design panel.
PRESENTER_CSS = """
.v-tab { text-transform: none !important; font-size: 1.05rem !important;
         letter-spacing: 0 !important; min-width: 72px !important; padding: 0 12px !important; }
"""


@dataclass(frozen=True)
class Shown:
    """What the page shows after a restart, as one value: one update redraws it all at once.

    Attributes:
        design: Counts restarts (a preset, lever, seed, A/B mode or Reset).
        message: The notice under the guide (what the last change did).
        loading: What the page is doing ("" when nothing), as the notice says it ("Loading
            design B: ...", "Setting up ..."): the views are dimmed meanwhile, from the click
            until the page shows the new designs.
    """

    design: int = 0
    message: str = ""
    loading: str = ""


@solara.component
def EachYear(view: Callable[..., Any], workshop: Workshop, shown, years, *extra: Any):
    """Draw ``view`` again after every simulated year and every restart.

    ``shown`` (restarts, see :class:`Shown`) and ``years`` (a count of simulated years) are
    reactive values read here, not by the page. So a year redraws the run controls and the
    open view only, and a restart redraws what depends on the design, all in one pass: the
    page itself is not redrawn, so the parts Solara's layout holds apart (the top bar, the
    design panel) never lag behind the views by a pass.
    """
    version = shown.value.design + years.value  # both counts only grow: a new value each time
    view(workshop, version, *extra)


@solara.component
def Designs(
    workshop: Workshop, shown, changed: Callable[[str], None], loading: Callable[[str], None]
):
    """The design panel, redrawn on a restart only (it reads ``shown`` itself, see EachYear)."""
    DesignControls(workshop, shown.value.design, changed, loading)


#: The views while a new design loads: dimmed, so the old run is not read as the new one.
LOADING_CSS = ".ms-views { opacity: 0.3; pointer-events: none; }"


@solara.component
def Notice(shown):
    """What the last change did, in one line under the guide; or what is loading."""
    if shown.value.loading:
        solara.Style(LOADING_CSS)
        with rv.Alert(type="warning", dense=True, text=True, class_="ms-loading"):
            rv.Html(tag="span", children=[f"{shown.value.loading}..."])
            rv.ProgressLinear(indeterminate=True, height=4, color="warning")
    elif shown.value.message:
        rv.Alert(
            type="info",
            dense=True,
            text=True,
            children=[shown.value.message],
            class_="ms-message",
            dismissible=False,
        )


#: Seconds between two looks at the warm-up's progress.
WARMUP_POLL = 0.3


@solara.component
def WarmingUp(ready: solara.Reactive[bool]):
    """The page while the model compiles: what is happening, and how far it has got."""
    progress = solara.use_reactive((WARMUP.done, WARMUP.total, WARMUP.current))

    def watch() -> None:
        while not WARMUP.ready:
            progress.set((WARMUP.done, WARMUP.total, WARMUP.current))
            time.sleep(WARMUP_POLL)
        ready.set(True)

    solara.lab.use_task(watch, dependencies=[], prefer_threaded=True)
    done, total, current = progress.value
    solara.Title("mentorsim workshop: warming up")
    with solara.Column(classes=["ms-warming"], style={"max-width": "720px", "margin": "48px auto"}):
        rv.Html(tag="h1", children=["Warming up"], class_="text-h4")
        rv.Html(
            tag="p",
            children=[
                "The model is being prepared so that every Step is quick. This happens once "
                "when the app starts: a minute or two on a fresh install, a few seconds after."
            ],
            style_="font-size: 1.25em",
        )
        rv.ProgressLinear(
            value=100 * done / total if total else 0,
            height=24,
            color="primary",
            class_="ms-warming-bar",
        )
        rv.Html(
            tag="p",
            children=[f"{done} of {total or '...'}: {current or 'starting'}"],
            class_="ms-warming-status",
            style_="font-size: 1.25em",
            attributes={"role": "status", "aria-live": "polite"},
        )


@solara.component
def Page():
    """The whole page: the warm-up screen until the model is compiled, then the workshop."""
    WARMUP.start()  # started by the server already; this covers ``solara run``
    ready = solara.use_reactive(WARMUP.ready)
    if not ready.value:
        WarmingUp(ready)
        return
    WorkshopPage()


@solara.component
def WorkshopPage():
    """The workshop: run controls and design on the left, the views on the right."""
    workshop = solara.use_memo(Workshop, [])
    shown = solara.use_reactive(Shown())
    years = solara.use_reactive(0)
    playing = solara.use_reactive(False)
    tab = solara.use_reactive(0)

    def advanced() -> None:
        # A year was simulated: only what shows the year redraws (see EachYear).
        years.set(years.value + 1)

    def loading(what: str) -> None:
        # Said at once, before the new runs are built: the views dim, the notice says what.
        shown.set(replace(shown.value, loading=what))

    def changed(message: str) -> None:
        # The runs restarted: the design panel, the levers and the views change together,
        # in one update; the loading notice goes after it, so it stays until all is shown.
        shown.set(replace(shown.value, design=shown.value.design + 1, message=message))
        if shown.value.loading:
            shown.set(replace(shown.value, loading=""))

    def play() -> None:
        # Runs in a thread; Pause, Reset or the last year ends it.
        while playing.value and not workshop.finished:
            workshop.step()
            if not playing.value:
                break
            advanced()
            workshop.shown_year = workshop.year
            time.sleep(PLAY_INTERVAL)
        if workshop.finished:
            playing.set(False)
        # Pause came while a year ran or was being drawn: go back to the year on the screen.
        if workshop.pause_to is not None and workshop.year > workshop.pause_to:
            workshop.rewind(workshop.pause_to)
            advanced()

    solara.lab.use_task(play, dependencies=[playing.value], prefer_threaded=True)

    solara.Title("mentorsim workshop")
    solara.Style(PRESENTER_CSS)
    with solara.AppBar():
        # The run controls live in the top bar, so they stay in view when the presenter hides
        # the design panel with the menu button.
        with solara.Row(
            style={"align-items": "center", "margin-left": "16px", "background": "transparent"}
        ):
            EachYear(RunControls, workshop, shown, years, advanced, playing, changed, False, True)
        solara.AppBarTitle(TITLE)
    with solara.Sidebar():
        with solara.Card("Run", margin=0, classes=["ms-run"]):
            SeedField(workshop, changed)
        with solara.Card("Design", margin=0, classes=["ms-design"]):
            # Restarts only: a simulated year leaves the whole panel as it is.
            Designs(workshop, shown, changed, loading)
    # First in the main area, at a fixed place: the notice below comes and goes, and a panel
    # whose place changes is drawn afresh, losing the exercise and step it was at.
    GuidedPanel(workshop, changed, tab, TABS, loading).key("guided-panel")
    for error in workshop.preset_errors:
        solara.Warning(f"A preset could not be loaded: {error}")
    Notice(shown).key("notice")
    with solara.Column(classes=["ms-views"]), solara.lab.Tabs(value=tab, lazy=True):
        with solara.lab.Tab(TABS[0]):
            EachYear(ChartsView, workshop, shown, years)
        with solara.lab.Tab(TABS[1]):
            EachYear(NetworkView, workshop, shown, years)
        with solara.lab.Tab(TABS[2]):
            EachYear(PipelineView, workshop, shown, years)
        with solara.lab.Tab(TABS[3]):
            EachYear(ABView, workshop, shown, years, changed)
        with solara.lab.Tab(TABS[4]):
            EachYear(StoryView, workshop, shown, years)

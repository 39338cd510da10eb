"""The workshop page: sidebar controls on the left, one view at a time on the right.

UI composition only; the session state is ``sim.app.session.Workshop`` (one per browser tab),
the controls are in ``sim.app.controls`` and the views in ``sim.app.views``. Play runs in a
background task that steps a year, redraws, and waits ``PLAY_INTERVAL`` seconds.
"""

from __future__ import annotations

import time

import solara
import solara.lab
from solara.alias import rv

from sim.app.controls import DesignControls, RunControls
from sim.app.session import Workshop
from sim.app.views import ABView, ChartsView, NetworkView, PipelineView, StoryView

#: Seconds between simulated years while playing.
PLAY_INTERVAL = 0.4
TITLE = "mentorsim workshop: mentorship programs in an academic medical center"

#: Tabs, in order: (title, view).
TABS = ("Charts", "Network", "Pipeline and loads", "A/B comparison", "Person stories")


@solara.component
def Page():
    """The whole page."""
    workshop = solara.use_memo(Workshop, [])
    tick = solara.use_reactive(0)
    playing = solara.use_reactive(False)
    message = solara.use_reactive("")
    tab = solara.use_reactive(0)

    def refresh() -> None:
        tick.set(tick.value + 1)

    def play() -> None:
        # Runs in a thread; Pause, Reset or the last year ends it.
        while playing.value and not workshop.finished:
            workshop.step()
            refresh()
            time.sleep(PLAY_INTERVAL)
        if workshop.finished:
            playing.set(False)

    solara.lab.use_task(play, dependencies=[playing.value], prefer_threaded=True)

    solara.Title("mentorsim workshop")
    with solara.AppBar():
        solara.AppBarTitle(TITLE)
    with solara.Sidebar():
        with solara.Card("Run", margin=0, classes=["ms-run"]):
            RunControls(workshop, tick.value, refresh, playing, message.set)
        with solara.Card("Design", margin=0, classes=["ms-design"]):
            DesignControls(workshop, tick.value, refresh, message.set)
    for error in workshop.preset_errors:
        solara.Warning(f"A preset could not be loaded: {error}")
    if message.value:
        rv.Alert(
            type="info",
            dense=True,
            text=True,
            children=[message.value],
            class_="ms-message",
            dismissible=False,
        )
    with solara.lab.Tabs(value=tab, lazy=True):
        with solara.lab.Tab(TABS[0]):
            ChartsView(workshop, tick.value)
        with solara.lab.Tab(TABS[1]):
            NetworkView(workshop, tick.value)
        with solara.lab.Tab(TABS[2]):
            PipelineView(workshop, tick.value)
        with solara.lab.Tab(TABS[3]):
            ABView(workshop, tick.value, refresh)
        with solara.lab.Tab(TABS[4]):
            StoryView(workshop, tick.value)

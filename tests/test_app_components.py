"""Solara components of the workshop app, rendered without a browser (``solara.render``).

The widgets are found by their ``ms-*`` classes and driven as the browser would: clicks, Vue
events, typed values. A 300-person institution keeps each test to a second or so.
"""

from __future__ import annotations

import dataclasses
import threading
import time

import ipyvuetify as v
import ipywidgets
import pytest
import solara

from sim.app import controls, views
from sim.app.session import Workshop
from tests.app_browser import VIEW_MARKS


class Harness:
    """A workshop, its tick and the messages the page would show."""

    def __init__(self, *presets):
        self.workshop = Workshop(list(presets), seed=1)
        self.tick = solara.reactive(0)
        self.playing = solara.reactive(False)
        self.messages: list[str] = []

    def advanced(self) -> None:
        self.tick.set(self.tick.value + 1)

    def changed(self, message: str) -> None:
        self.messages.append(message)
        self.tick.set(self.tick.value + 1)


def wait_for(condition, timeout: float = 60.0) -> None:
    """Wait until a condition holds (a Step runs in a background task)."""
    start = time.perf_counter()
    while not condition():
        assert time.perf_counter() - start < timeout, "timed out"
        time.sleep(0.02)


def year_shown(rc) -> str:
    return rc.find(v.Html, class_="ms-year text-h6").widget.children[0]


def every_widget(root) -> list:
    """Every widget under ``root``: its children and any widget in its traits, depth first."""
    seen, stack, found = set(), [root], []
    while stack:
        widget = stack.pop()
        if id(widget) in seen:
            continue
        seen.add(id(widget))
        found.append(widget)
        for name in widget.keys:
            value = getattr(widget, name)
            values = value if isinstance(value, list | tuple) else [value]
            stack.extend(x for x in values if isinstance(x, ipywidgets.Widget))
    return found


@pytest.fixture
def harness(small_preset):
    return Harness(small_preset(), small_preset("single_mentor"))


def test_step_and_reset_update_the_counter(harness):
    @solara.component
    def Run():
        controls.RunControls(
            harness.workshop,
            harness.tick.value,
            harness.advanced,
            harness.playing,
            harness.changed,
        )

    # The first year is held until the test has pressed Step twice: without the hold a fast
    # machine can finish the year before the test looks at the button.
    release = threading.Event()
    step_year = harness.workshop.step

    def held_step() -> None:
        assert release.wait(60), "the test never released the year"
        step_year()

    harness.workshop.step = held_step
    _, rc = solara.render(Run(), handle_error=False)
    assert year_shown(rc) == "Year 0 of 30"
    step = rc.find(v.Btn, class_="ms-step").widget
    step.click()
    assert step.disabled  # while the year runs
    step.click()  # an impatient second press: dropped, not queued
    release.set()
    wait_for(lambda: year_shown(rc) == "Year 1 of 30" and not step.disabled)
    time.sleep(0.5)  # a queued step would land now
    assert harness.workshop.year == 1 and year_shown(rc) == "Year 1 of 30"
    step.click()
    wait_for(lambda: year_shown(rc) == "Year 2 of 30" and not step.disabled)
    assert harness.workshop.year == 2
    rc.find(v.Btn, class_="ms-reset").widget.click()
    assert year_shown(rc) == "Year 0 of 30"
    assert harness.messages[-1].startswith("Restarted at year 0")


def test_bad_seed_gets_a_message_and_changes_nothing(harness):
    @solara.component
    def Run():
        controls.RunControls(
            harness.workshop,
            harness.tick.value,
            harness.advanced,
            harness.playing,
            harness.changed,
        )

    _, rc = solara.render(Run(), handle_error=False)
    step = rc.find(v.Btn, class_="ms-step").widget
    step.click()
    # Wait for the year's task to finish too (Step enabled again): its last re-render would
    # otherwise land between typing the seed and pressing Enter, and reset the typed text.
    wait_for(lambda: year_shown(rc) == "Year 1 of 30" and not step.disabled)
    seed = rc.find(v.TextField, label="Seed (the same people under every design)").widget
    seed.v_model = "twelve"
    seed.fire_event("keyup.enter", None)
    assert seed.error and "'twelve' is not a whole number" in seed.messages[0]
    assert harness.workshop.seed == 1 and harness.workshop.year == 1
    seed.v_model = "7"
    seed.fire_event("keyup.enter", None)
    assert not seed.error and harness.workshop.seed == 7 and harness.workshop.year == 0


def test_levers_typed_and_slid(harness):
    @solara.component
    def Design():
        controls.DesignControls(harness.workshop, harness.tick.value, harness.changed)

    _, rc = solara.render(Design(), handle_error=False)
    rc.find(v.Btn, class_="ms-advanced-group ms-group-program").widget.click()
    field = rc.find(v.TextField, label="Informal seek rate (0-1), typed").widget
    field.v_model = "5"
    field.fire_event("keyup.enter", None)
    assert field.error
    assert field.messages == ["Informal seek rate (0-1): 5 is too high; type a number from 0 to 1."]
    assert harness.workshop.sides["A"].changed == {} and harness.messages == []
    slider = rc.find(v.Slider, label="Mentors per junior").widget
    slider.fire_event("change", 3)
    assert harness.workshop.sides["A"].design.program.mentors_per_mentee == 3
    assert "Mentors per junior set to 3" in harness.messages[-1]
    rc.find(v.Slider, label="Mentors per junior").assert_matches_wait(v_model=3)
    coaching = rc.find(v.Select, label="Coaching course").widget
    # The workshop set speaks plainly: the choices' names and help, no citations or codes.
    assert [item["text"] for item in coaching.items][1] == "every new assistant professor"
    assert "Dyrbye" not in coaching.hint and coaching.hint.endswith("Usually none.")
    # The full schema, with its sources, stays behind "Advanced".
    assert "Source:" in rc.find(v.Switch, label="Formal").widget.hint


def test_every_schema_parameter_has_a_control_under_advanced(harness):
    """The ten workshop levers on top; every other parameter of the schema under Advanced."""
    from sim.app import levers
    from sim.scenario import GROUPS

    @solara.component
    def Design():
        controls.DesignControls(harness.workshop, harness.tick.value, harness.changed)

    box, rc = solara.render(Design(), handle_error=False)
    # Closed topics draw nothing: a restart stays quick.
    assert not rc.find(v.Html, class_="ms-advanced-career").widgets
    for group in GROUPS:
        rc.find(v.Btn, class_=f"ms-advanced-group ms-group-{group}").widget.click()
    keys = [
        cls.removeprefix("ms-key-")
        for widget in every_widget(box)
        for cls in (getattr(widget, "class_", None) or "").split()
        if cls.startswith("ms-key-")
    ]
    schema = {
        f"{group}__{field.name}"
        for group, cls in GROUPS.items()
        for field in dataclasses.fields(cls)
    }
    assert len(schema) > 250
    # Each parameter exactly once: the ten workshop levers are not repeated under Advanced.
    assert sorted(keys) == sorted(schema)
    (workshop,) = [
        w for w in every_widget(box) if "ms-workshop-levers" in (getattr(w, "class_", "") or "")
    ]
    assert len(workshop.children) == len(levers.WORKSHOP_LEVERS) == 10
    # Under Advanced every control says what its parameter means, its range and its source.
    hint = rc.find(v.Switch, class_="ms-lever ms-switch ms-key-program__peer_groups").widget.hint
    assert "Allowed: on or off" in hint and "Source:" in hint


def test_preset_picker_replaces_the_design(harness):
    @solara.component
    def Design():
        controls.DesignControls(harness.workshop, harness.tick.value, harness.changed)

    _, rc = solara.render(Design(), handle_error=False)
    rc.find(v.Btn, class_="ms-advanced-group ms-group-program").widget.click()
    select = rc.find(v.Select, label="Preset (design A)").widget
    select.v_model = "single_mentor"
    assert harness.workshop.sides["A"].design.program.formal
    rc.find(v.Switch, label="Formal").assert_matches_wait(v_model=True)


def test_ab_view_panels_and_lines(harness):
    harness.workshop.set_ab(True)
    harness.workshop.set_preset("B", "single_mentor")
    for _ in range(3):
        harness.workshop.step()

    @solara.component
    def AB():
        views.ABView(harness.workshop, harness.tick.value, harness.changed)

    _, rc = solara.render(AB(), handle_error=False)
    lists = rc.find(v.Html, tag="ul", class_="ms-first-hires").widgets
    assert len(lists) == 2
    texts = [[li.children[0] for li in ul.children] for ul in lists]
    assert texts[0] == texts[1] and len(texts[0]) == 5
    (headline,) = [
        w.children[0] for w in rc.find(v.Html).widgets if "ms-headline" in (w.class_ or "")
    ]
    assert headline.startswith(("After 3 years, ", "In year 3, ", "No outcome differs much"))
    assert (
        rc.find(v.Html, class_="ms-cost")
        .widget.children[0]
        .startswith("After 3 years, the program has cost")
    )
    lines = rc.find(v.Html, tag="ul", class_="ms-ab-lines").widget.children
    assert len(lines) >= 10
    # The difference chart is drawn on request only, so a year's step stays quick.
    assert not rc.find(v.Html, tag="img", class_="ms-chart ms-difference").widgets
    rc.find(v.Btn, class_="ms-show-difference").widget.click()
    rc.find(v.Html, tag="img", class_="ms-chart ms-difference").assert_single()


def test_story_view_picks_someone_who_left(harness):
    for _ in range(6):
        harness.workshop.step()

    @solara.component
    def Stories():
        views.StoryView(harness.workshop, harness.tick.value)

    _, rc = solara.render(Stories(), handle_error=False)
    rc.find(v.Btn, class_="ms-pick-left").widget.click()
    alerts = [w.children[0] for w in rc.find(v.Alert).widgets if w.children]
    # Someone who left: out of academic medicine or to another institution (the button offers
    # both; which one the model's first pick is depends on its calibration).
    leaving = ("Left academic medicine in year", "Moved to another academic institution in year")
    assert any(str(a).startswith(leaving) for a in alerts), alerts
    person = rc.find(v.TextField, label="Person (e.g. #3-12)").widget
    person.v_model = "#42-1"
    person.fire_event("keyup.enter", None)
    assert person.error and "No person '#42-1'" in person.messages[0]


def test_classic_solaraviz_page_steps_one_model():
    from sim.app import classic

    params = classic.model_params()
    assert params["program__mentors_per_mentee"].label == "Mentors per mentee"
    assert params["program__policy"]["values"][0] == "informal"
    # SolaraViz puts its controller in the sidebar, which only an AppLayout draws.
    page = classic.make_page()
    _, rc = solara.render(solara.AppLayout(children=[page]), handle_error=False)
    step = [w for w in rc.find(v.Btn).widgets if w.children == ["Step"]]
    assert len(step) == 1
    step[0].click()
    labels = [w.label for w in rc.find(v.Slider).widgets]
    assert "Mentors per mentee" in labels
    assert classic.WorkshopModel(rng="7", scenario=params["scenario"]).seed == 7


def test_guided_mode_walks_every_exercise(small_preset):
    from sim.app import guide, guided

    names = {name for e in guide.EXERCISES for name in (e.a, e.b)}
    harness = Harness(*(small_preset(name) for name in sorted(names)))
    tab = solara.reactive(0)
    tabs = ("Charts", "Network", "Pipeline", "A/B", "People")

    @solara.component
    def Guide():
        guided.GuidedPanel(harness.workshop, harness.changed, tab, tabs)
        controls.DesignControls(harness.workshop, harness.tick.value, harness.changed)

    _, rc = solara.render(Guide(), handle_error=False)
    rc.find(v.Btn, class_="ms-guide-open").widget.click()
    assert len(guide.EXERCISES) == 5
    for exercise in guide.EXERCISES:
        rc.find(v.Select, class_="ms-guide-exercise").widget.v_model = exercise.title
        rc.find(v.Btn, class_="ms-guide-setup").widget.click()
        sides = harness.workshop.sides
        assert harness.workshop.ab and harness.workshop.year == 0
        assert (sides["A"].preset, sides["B"].preset) == (exercise.a, exercise.b)
        for key, value in exercise.b_levers.items():
            assert sides["B"].changed[key] == value
        assert harness.messages[-1].startswith(exercise.title)
        # The levers shown are design B's: the one the exercise varies, and asks to change.
        assert harness.workshop.editing == "B"
        rc.find(v.Select, class_="ms-preset ms-preset-B").assert_single()
        # Set up done, the guide is at "Predict" and asks the exercise's question.
        texts = [li.children[0] for li in rc.find(v.Html, class_="ms-guide-text").widget.children]
        assert texts[0] == exercise.question
        rc.find(v.Btn, class_="ms-guide-next").widget.click()
        rc.find(v.Btn, class_="ms-guide-next").widget.click()
        rc.find(v.Btn, class_="ms-guide-tab").widget.click()
        assert tabs[tab.value] == exercise.tab
        texts = [li.children[0] for li in rc.find(v.Html, class_="ms-guide-text").widget.children]
        assert texts[1:] == list(exercise.look_for)
        rc.find(v.Btn, class_="ms-guide-next").widget.click()
        assert rc.find(v.Btn, class_="ms-guide-next").widget.disabled
    rc.find(v.Btn, class_="ms-guide-close").widget.click()
    rc.find(v.Btn, class_="ms-guide-open").assert_single()
    # The room can still go back to design A's levers, and A/B off shows A's again.
    editing = rc.find(v.BtnToggle, class_="ms-editing").widget
    editing.v_model = 0
    rc.find(v.Select, class_="ms-preset ms-preset-A").assert_single()
    editing.v_model = 1
    rc.find(v.Select, class_="ms-preset ms-preset-B").assert_single()
    rc.find(v.Switch, label="A/B mode: compare two designs").widget.v_model = False
    assert harness.workshop.editing == "A"
    rc.find(v.Select, class_="ms-preset ms-preset-A").assert_single()


def test_every_view_redraws_when_a_year_is_stepped_alone_and_in_ab(monkeypatch):
    """Each tab's view is drawn again by a year's Step, design A alone and in A/B mode.

    Only what shows the year redraws after a Step (the page's ``EachYear``), so a view left
    out would show a stale year. The whole page at the default size, in this process; the
    top bar and the side panel, portals into the server's layout, are drawn in place.
    """
    from sim.app import page

    monkeypatch.setattr(solara, "AppBar", solara.Column)
    monkeypatch.setattr(solara, "Sidebar", solara.Column)
    monkeypatch.setattr(solara, "AppBarTitle", lambda *args, **kwargs: None)
    box, rc = solara.render(page.WorkshopPage(), handle_error=False)

    def with_class(token: str) -> list:
        return [w for w in every_widget(box) if token in str(getattr(w, "class_", "")).split()]

    def mark(token: str, what: str) -> str:
        (widget,) = with_class(token)
        return widget.attributes["src"] if what == "src" else str(widget.children)

    def step() -> None:
        (button,) = with_class("ms-step")
        year = int(year_shown(rc).split()[1])
        button.click()
        wait_for(lambda: year_shown(rc).startswith(f"Year {year + 1} ") and not button.disabled)

    for ab in (False, True):
        if ab:
            rc.find(v.Switch, label="A/B mode: compare two designs").widget.v_model = True
            wait_for(lambda: len(with_class("ms-editing")) == 1)  # B runs, caught up with A
        tabs = [tab for tab in VIEW_MARKS if ab or tab[0] != "A/B"]
        for tab, token, what in tabs:
            rc.find(v.Tabs).widget.v_model = [t[0] for t in VIEW_MARKS].index(tab)
            wait_for(lambda token=token: len(with_class(token)) == 1)
            before = mark(token, what)
            step()
            wait_for(lambda token=token, what=what, before=before: mark(token, what) != before)
    rc.close()

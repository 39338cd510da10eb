"""Sidebar controls: run buttons and seed, presets, and the schema-generated levers.

Every lever is drawn from its ``sim.app.levers.Lever`` (label, range, choices, help text from
the scenario schema). Numbers get a slider and a text field: the slider is the NetLogo habit,
the field lets a teacher type an exact value; a value the schema refuses shows the schema's
message under the field and changes nothing. Sliders act on release (Vuetify's ``change``
event), so dragging does not rebuild the model at every pixel; arrow keys move them too.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

import ipyvue
import solara
import solara.lab
from solara.alias import rv

from sim.app import levers, presets
from sim.app.levers import Lever
from sim.app.session import SIDES, Workshop
from sim.scenario import ScenarioError


def use_event(element, event: str, callback: Callable[[Any], None]) -> None:
    """Call ``callback(data)`` when the widget of ``element`` emits a Vue event."""
    ref = solara.use_ref(callback)
    ref.current = callback

    def attach():
        widget = solara.get_widget(element)

        def handler(_widget: ipyvue.VueWidget, _event: str, data: Any) -> None:
            ref.current(data)

        widget.on_event(event, handler)
        return lambda: widget.on_event(event, handler, remove=True)

    solara.use_effect(attach, [])


def _shown(lever: Lever, value: Any) -> str:
    return lever.shown(value)


@solara.component
def NumberLever(
    lever: Lever, value: float, on_change: Callable[[Any], str | None], preset: str = ""
):
    """A slider and a text field for one numeric lever; bad typed values get a message."""
    error, set_error = solara.use_state("")
    solara.use_effect(lambda: set_error(""), [preset])  # a new preset: no stale message
    text, set_text = solara.use_state(_shown(lever, value))
    solara.use_effect(lambda: set_text(_shown(lever, value)), [value])

    def commit(raw: Any) -> None:
        try:
            parsed = levers.parse(lever, str(raw))
        except ScenarioError as err:
            set_error(str(err))
            return
        message = on_change(parsed)
        set_error(message or "")
        if message:
            set_text(_shown(lever, value))

    text_ref = solara.use_ref(text)
    text_ref.current = text

    def commit_typed(_data: Any) -> None:
        if text_ref.current != _shown(lever, value):
            commit(text_ref.current)

    with solara.Column(gap="0px", classes=["ms-lever", f"ms-key-{lever.key}"]):
        slider = rv.Slider(
            v_model=value,
            label=lever.label,
            min=lever.lo or 0,
            # Every numeric lever offered has an upper bound in the schema.
            max=cast(float, lever.slider_max),
            step=lever.step,
            thumb_label=True,
            hide_details=True,
            class_="ms-slider",
        )
        use_event(slider, "change", commit)
        field = rv.TextField(
            v_model=text,
            on_v_model=set_text,
            label=f"{lever.label}, typed",
            dense=True,
            error=bool(error),
            messages=[error] if error else [lever.help],
            class_="ms-field",
            style_="font-size: 0.85em",
        )
        use_event(field, "keyup.enter", lambda _data: commit(text_ref.current))
        use_event(field, "focusout", commit_typed)


@solara.component
def LeverControl(
    lever: Lever, value: Any, on_change: Callable[[Any], str | None], preset: str = ""
):
    """The control a lever's type calls for, with its help text from the schema.

    ``preset`` is the preset the design started from: a new one clears any message.
    """
    error, set_error = solara.use_state("")
    solara.use_effect(lambda: set_error(""), [preset])

    def change(new: Any) -> None:
        set_error(on_change(new) or "")

    if lever.kind == "bool":
        rv.Switch(
            v_model=bool(value),
            on_v_model=change,
            label=lever.label,
            inset=True,
            hint=lever.help,
            persistent_hint=True,
            class_=f"ms-lever ms-switch ms-key-{lever.key}",
            error_messages=[error] if error else [],
        )
    elif lever.kind == "choice":
        rv.Select(
            v_model=value,
            on_v_model=change,
            items=lever.items,
            label=lever.label,
            hint=lever.help,
            persistent_hint=True,
            class_=f"ms-lever ms-select ms-key-{lever.key}",
            error_messages=[error] if error else [],
        )
    else:
        NumberLever(lever, value, on_change, preset)


@solara.component
def LeverPanel(
    workshop: Workshop,
    side: str,
    version: int,
    changed: Callable[[str], None],
):
    """The workshop's ten levers of one design, and every other lever behind "Advanced".

    ``version`` changes with the designs (not with the years), so a simulated year does not
    redraw the levers; ``changed(message)`` restarts the page's views with the message.
    """
    current = workshop.sides[side]
    design = current.design

    def changer(lever: Lever):
        def change(value: Any) -> str | None:
            try:
                note = workshop.set_lever(side, lever.key, value)
            except ScenarioError as err:
                return str(err)
            changed(
                f"Design {side}: {lever.label} set to {lever.shown(value)}"
                f"{'; ' + note if note else ''}. Restarted at year 0 on the same seed."
            )
            return None

        return change

    def control(lever: Lever):
        return LeverControl(
            lever, levers.current(design, lever), changer(lever), f"{side}-{current.preset}"
        )

    with solara.Column(gap="4px", classes=["ms-workshop-levers"]):
        for lever in levers.WORKSHOP_LEVERS.values():
            control(lever)
    with solara.Details(summary=f"Advanced: every setting of the model (design {side})"):
        solara.Text(
            "Every parameter of the model, by topic, with its allowed range, default and "
            "source. The ten levers above are not repeated here.",
            style={"font-size": "0.9em"},
        )
        for group, title in levers.GROUP_TITLES.items():
            AdvancedGroup(
                title,
                [
                    lever
                    for lever in levers.LEVERS.values()
                    if lever.group == group and lever.key not in levers.WORKSHOP_LEVERS
                ],
                control,
                group,
            )


@solara.component
def AdvancedGroup(
    title: str, group_levers: list[Lever], control: Callable[[Lever], Any], group: str
):
    """One topic of the Advanced panel: its levers are drawn only while it is open.

    Some 270 controls drawn at once would slow every restart of the page; a topic opened is
    drawn then, and stays open until closed.
    """
    open_ = solara.use_reactive(False)
    solara.Button(
        f"{'▾' if open_.value else '▸'} {title} ({len(group_levers)})",
        on_click=lambda: open_.set(not open_.value),
        text=True,
        classes=["ms-advanced-group", f"ms-group-{group}"],
        style={"text-transform": "none", "justify-content": "flex-start", "width": "100%"},
    )
    if open_.value:
        with solara.Column(gap="4px", classes=[f"ms-advanced-{group}"]):
            for lever in group_levers:
                control(lever)


@solara.component
def PresetPicker(
    workshop: Workshop,
    side: str,
    version: int,
    changed: Callable[[str], None],
    loading: Callable[[str], None] | None = None,
):
    """The presets drop-down of one design, with the chosen preset's description.

    A pick says at once what is loading (``loading``: the page dims its views), rebuilds the
    design's run, and then announces it in one update, so the description, the levers and
    the views change together and agree with the drop-down.
    """
    current = workshop.sides[side]
    choices = presets.menu(list(workshop.presets.values()))

    picked = solara.use_ref("")

    def build() -> None:
        name = picked.current
        workshop.set_preset(side, name)
        shown = presets.human_name(workshop.presets[name])
        changed(f"Design {side}: {shown}. Restarted at year 0 on the same seed.")

    # In a background task, so the loading notice reaches the page before the build starts
    # (an event handler's changes are drawn only when it returns).
    task = solara.lab.use_task(build, dependencies=None, prefer_threaded=True)

    def pick(name: str) -> None:
        picked.current = name
        if loading is None:  # no page to tell: build now
            build()
            return
        loading(f"Loading design {side}: {presets.human_name(workshop.presets[name])}")
        task()

    rv.Select(
        v_model=current.preset,
        on_v_model=pick,
        items=choices,
        label=f"Preset (design {side})",
        class_=f"ms-preset ms-preset-{side}",
        hide_details=True,
    )
    preset = workshop.presets[current.preset]
    solara.Text(
        presets.plain_description(preset)
        + (
            " Levers moved: "
            + ", ".join(
                levers.WORKSHOP_LEVERS.get(k, levers.LEVERS[k]).label for k in current.changed
            )
            if current.changed
            else ""
        ),
        classes=["ms-description"],
        style={"font-size": "0.95em"},
    )


@solara.component
def RunControls(
    workshop: Workshop,
    version: int,
    advanced: Callable[[], None],
    playing: solara.Reactive[bool],
    changed: Callable[[str], None],
    with_seed: bool = True,
    on_bar: bool = False,
):
    """Year counter, Step, Play/Pause, Reset and (``with_seed``) the shared seed.

    ``version`` changes whenever the page shows something new; ``advanced()`` says a year
    was simulated, ``changed(message)`` that the runs restarted. ``on_bar`` draws them for the
    page's top bar, where they stay in view when the presenter
    hides the design panel.

    Step runs the year in a background task and is disabled until the year is on the page;
    a click that arrives meanwhile (a double click, an impatient second press) is dropped,
    not queued, so the room never sees years it did not ask for.
    """
    busy = solara.use_reactive(False)

    def advance() -> None:
        try:
            workshop.step()
            advanced()
            workshop.shown_year = workshop.year
        finally:
            busy.set(False)

    task = solara.lab.use_task(advance, dependencies=None, prefer_threaded=True)

    def step() -> None:
        if busy.value or playing.value or workshop.finished:
            return  # a year is running: this click is dropped, not queued
        busy.set(True)
        task()

    def play_or_pause() -> None:
        if playing.value:
            workshop.pause_to = workshop.shown_year
        elif busy.value:
            return
        else:
            workshop.pause_to = None
        playing.set(not playing.value)

    def reset() -> None:
        playing.set(False)
        workshop.reset()
        changed("Restarted at year 0 on the same seed.")

    status = f"Year {workshop.year} of {workshop.years}"
    # The year the counter is being drawn with is the year Pause goes back to: noted here,
    # as the counter is drawn, not after the year's whole redraw (a Pause pressed during that
    # redraw would otherwise go back one year more than the page showed).
    if workshop.pause_to is None:
        workshop.shown_year = workshop.year
    if workshop.finished:
        status += " (finished: Reset to run again)"
    bar_button = {"color": "#0b4f8a", "font-weight": "bold"} if on_bar else None
    row_style = {"align-items": "center", "flex-wrap": "wrap", "background": "transparent"}
    with solara.Row(gap="8px", style=row_style):
        rv.Html(
            tag="div",
            children=[status],
            class_="ms-year text-h6",
            style_="margin-right: 8px; color: white" if on_bar else "",
            attributes={"role": "status", "aria-live": "polite"},
        )
        solara.Button(
            "Step",
            on_click=step,
            color="white" if on_bar else "primary",
            style=bar_button,
            classes=["ms-step"],
            disabled=busy.value or playing.value or workshop.finished,
            loading=busy.value,
        )
        solara.Button(
            "Pause" if playing.value else "Play",
            on_click=play_or_pause,
            color="white" if on_bar else "primary",
            style=bar_button,
            classes=["ms-play"],
            disabled=busy.value or (workshop.finished and not playing.value),
        )
        solara.Button(
            "Reset",
            on_click=reset,
            classes=["ms-reset"],
            outlined=True,
            style={"color": "white"} if on_bar else None,
        )
    if with_seed:
        SeedField(workshop, changed)


@solara.component
def SeedField(workshop: Workshop, changed: Callable[[str], None]):
    """The shared seed: a new seed is a new institution."""
    seed_error, set_seed_error = solara.use_state("")
    seed_text, set_seed_text = solara.use_state(str(workshop.seed))

    def set_seed(text: str) -> None:
        set_seed_text(text)
        try:
            workshop.set_seed(text)
        except ScenarioError as err:
            set_seed_error(str(err))
            return
        set_seed_error("")
        changed(f"Seed {workshop.seed}: a new institution. Restarted at year 0.")

    solara.InputText(
        "Seed (the same people under every design)",
        value=seed_text,
        on_value=set_seed,
        error=seed_error or False,
        classes=["ms-seed"],
    )


@solara.component
def DesignControls(
    workshop: Workshop,
    version: int,
    changed: Callable[[str], None],
    loading: Callable[[str], None] | None = None,
):
    """A/B switch, which design the levers edit, its preset and its levers.

    ``version`` changes with the designs only: a simulated year leaves these controls alone.
    """
    # Which design the levers edit lives in the workshop, so the guide can hand the room
    # design B (the one its exercises change) when it sets an exercise up; this counter
    # only redraws the panel when the room picks A or B itself.
    _, set_edits = solara.use_state(0)

    def edit(side: str) -> None:
        workshop.editing = side
        set_edits(lambda n: n + 1)

    def set_ab(on: bool) -> None:
        workshop.set_ab(on)
        changed("A/B mode on: design B runs beside A on the same seed." if on else "A/B mode off.")

    rv.Switch(
        v_model=workshop.ab,
        on_v_model=set_ab,
        label="A/B mode: compare two designs",
        inset=True,
        hide_details=True,
        class_="ms-ab-switch",
    )
    side = workshop.editing if workshop.ab else "A"
    if workshop.ab:
        solara.ToggleButtonsSingle(
            value=side, on_value=edit, values=list(SIDES), classes=["ms-editing"]
        )
    PresetPicker(workshop, side, version, changed, loading)
    LeverPanel(workshop, side, version, changed)

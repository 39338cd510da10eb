"""The guided mode's panel: one exercise at a time, one step at a time, above the views.

The texts are ``sim.app.guide``'s; this draws them, sets the exercise's designs up on request
and opens the view to look at. Setting up builds two runs (a second or more on a busy
machine), so it runs in a background task and the page says "Setting up ..." meanwhile.
"""

from __future__ import annotations

from collections.abc import Callable

import solara
import solara.lab
from solara.alias import rv

from sim.app import guide
from sim.app.session import Workshop


def set_up(workshop: Workshop, exercise: guide.Exercise) -> None:
    """Design A and B of an exercise, A/B mode on, both at year 0 on the session's seed.

    The levers panel is left on design B: B is the design an exercise varies, and the guide
    asks the room to change it further ("give B four protected hours").
    """
    workshop.set_preset("A", exercise.a)
    workshop.set_ab(True)
    workshop.set_preset("B", exercise.b)
    for key, value in exercise.b_levers.items():
        workshop.set_lever("B", key, value)
    workshop.editing = "B"


@solara.component
def GuidedPanel(
    workshop: Workshop,
    changed: Callable[[str], None],
    tab: solara.Reactive[int],
    tabs: tuple[str, ...],
    loading: Callable[[str], None] | None = None,
):
    """The guide: pick an exercise, walk its five steps; a button starts and ends it.

    ``loading(what)`` says at once what "Set up for me" is doing (the page shows it and dims
    the views); ``changed(message)`` says the runs restarted, which ends that notice.
    """
    on = solara.use_reactive(False)
    chosen = solara.use_reactive(0)
    step = solara.use_reactive(0)

    def build() -> None:
        exercise = guide.EXERCISES[chosen.value]
        set_up(workshop, exercise)
        changed(f"{exercise.title}: design A and design B set up. Restarted at year 0.")
        step.set(1)

    # In a background task, so the notice reaches the page before the runs are built (an
    # event handler's changes are drawn only when it returns).
    task = solara.lab.use_task(build, dependencies=None, prefer_threaded=True)

    if not on.value:
        solara.Button(
            "Guided exercises",
            on_click=lambda: on.set(True),
            outlined=True,
            classes=["ms-guide-open"],
        )
        return
    exercise = guide.EXERCISES[chosen.value]

    def pick(title: str) -> None:
        chosen.set([e.title for e in guide.EXERCISES].index(title))
        step.set(0)

    def do_set_up() -> None:
        if task.pending:
            return  # already setting up: a second press is dropped, not queued
        if loading is None:  # no page to tell: set up now
            build()
            return
        loading(f"Setting up {exercise.title}: design A and design B")
        task()

    with solara.Card(classes=["ms-guide"], margin=0, style={"margin-bottom": "8px"}):
        with solara.Row(gap="12px", style={"align-items": "center", "flex-wrap": "wrap"}):
            rv.Select(
                v_model=exercise.title,
                on_v_model=pick,
                items=[e.title for e in guide.EXERCISES],
                label="Exercise",
                hide_details=True,
                dense=True,
                class_="ms-guide-exercise",
                style_="max-width: 320px",
            )
            rv.Html(
                tag="div",
                children=[
                    f"Step {step.value + 1} of {len(guide.STEPS)}: {guide.STEPS[step.value]}"
                ],
                class_="ms-guide-step text-h6",
            )
        rv.Html(
            tag="ul",
            class_="ms-guide-text",
            style_="font-size: 1.15em; margin: 6px 0",
            children=[
                rv.Html(tag="li", children=[line]) for line in guide.step_text(exercise, step.value)
            ],
        )
        with solara.Row(gap="8px"):
            solara.Button(
                "Back",
                on_click=lambda: step.set(step.value - 1),
                disabled=step.value == 0,
                outlined=True,
                classes=["ms-guide-back"],
            )
            if step.value == 0:
                solara.Button(
                    "Set up for me", on_click=do_set_up, color="primary", classes=["ms-guide-setup"]
                )
            if step.value == 3:
                solara.Button(
                    f"Open {exercise.tab}",
                    on_click=lambda: tab.set(tabs.index(exercise.tab)),
                    color="primary",
                    classes=["ms-guide-tab"],
                )
            solara.Button(
                "Next",
                on_click=lambda: step.set(step.value + 1),
                disabled=step.value == len(guide.STEPS) - 1,
                outlined=True,
                classes=["ms-guide-next"],
            )
            solara.Button(
                "Close the guide",
                on_click=lambda: on.set(False),
                text=True,
                classes=["ms-guide-close"],
            )

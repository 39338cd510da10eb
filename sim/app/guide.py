"""Guided mode: the five exercises of the workshop guide (``docs/workshop.md``), step by step.

Each exercise has the rhythm that keeps a room honest: set up (the app can do it), predict,
run ten years, look, discuss. The texts say what to look for, never how much: the numbers are
the model's and move with its calibration. No UI here: ``sim.app.guided`` draws it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Exercise:
    """One exercise of the session.

    Attributes:
        title: Its name.
        a: Scenario name of design A.
        b: Scenario name of design B.
        b_levers: Levers of design B to set after its preset (key -> value).
        question: What the room predicts.
        tab: The view to open after running.
        look_for: Things to notice, in plain words.
        discuss: The question for the discussion.
    """

    title: str
    a: str
    b: str
    question: str
    tab: str
    look_for: tuple[str, ...]
    discuss: str
    b_levers: dict[str, Any] = field(default_factory=dict)


#: Years each exercise runs before looking.
RUN_YEARS = 10

EXERCISES = (
    Exercise(
        title="1. Overloaded mentors",
        a="single_mentor",
        b="fill_to_cap",
        # The scarce-mentors context (scenarios/scarce_mentors.toml) set on B by hand.
        b_levers={"mentors__willing_share": 0.08, "mentors__hard_cap": 20},
        question=(
            "Every junior is still assigned a mentor. What happens to the share who have one, "
            "to the mentors, to the juniors who leave?"
        ),
        tab="Pipeline",
        look_for=(
            "Under B far fewer assistant professors have a mentor: a program cannot assign "
            "mentors it does not have.",
            "The busiest of the few mentors carry more mentees, past the capacity line.",
            "Then read the cost: overload is cheap on paper.",
        ),
        discuss="Where is the bandwidth of our program? Who are our three busiest mentors?",
    ),
    Exercise(
        title="2. One mentor or a committee",
        a="single_mentor",
        b="multi_mentor",
        question=(
            "Development is best nurtured with several mentors. Will juniors under B do better?"
        ),
        tab="A/B",
        look_for=(
            "Three mentors per junior is three times the demand on the same few willing "
            "mentors: the committee does not beat one mentor each.",
            "Then give B four protected hours a week (the lever on the left) and run again: "
            "now B can pull ahead, at a price.",
        ),
        discuss="What is a committee for, if not more hours of mentoring?",
    ),
    Exercise(
        title="3. Catching failing relationships",
        a="single_mentor",
        b="single_mentor",
        b_levers={"program__evaluate_relationships": False},
        question="How many relationships fail? What happens to the mentees in them?",
        tab="Network",
        look_for=(
            "Under B more ongoing relationships are failing: nobody checks them.",
            "Failing relationships (dashed) cluster on a few mentors.",
            "In People, press 'Someone who left' under B: a failing relationship no one "
            "evaluated weighs on them.",
        ),
        discuss="Would our program notice a failing relationship? Whom would the mentee tell?",
    ),
    Exercise(
        title="4. Coaching and mentoring",
        a="single_mentor",
        b="coaching",
        question="Coaching refines skills; mentoring develops the person. What will coaching move?",
        tab="Charts",
        look_for=(
            "Fewer faculty meet burnout criteria under B, and fewer burnt-out juniors leave.",
            "The share with a mentor and the juniors' skills hardly move: B's dashed lines lie "
            "on A's.",
            "Then read the cost: what does it cost per junior who stayed?",
        ),
        discuss="Which of our juniors need a coach, which a mentor?",
    ),
    Exercise(
        title="5. Grow or hire leaders",
        a="hire_leaders",
        b="grow_leaders",
        question="Which institution has more women among its leaders after ten years?",
        tab="A/B",
        look_for=(
            "B fills leadership openings from inside; A never does.",
            "Growing leaders from inside can mean fewer women among them: they come from a "
            "senior pipeline with fewer women than the market.",
            "Open Pipeline to see the share of women fall rank by rank.",
        ),
        discuss="What would we change lower down for growing our own leaders to diversify them?",
    ),
)

#: The steps of every exercise, in order.
STEPS = ("Set up", "Predict", "Run ten years", "Look", "Discuss")


def step_text(exercise: Exercise, step: int) -> list[str]:
    """What the guide says at one step of an exercise (one or more short lines)."""
    if step == 0:
        return [
            "Press 'Set up for me': design A and design B are chosen and both restart at "
            "year 0 on the same seed, so the same people meet both designs."
        ]
    if step == 1:
        return [exercise.question, "Ask the room; write the predictions down."]
    if step == 2:
        return [f"Press Step {RUN_YEARS} times, or Play and then Pause at year {RUN_YEARS}."]
    if step == 3:
        return [f"Open {exercise.tab}. Things to notice:", *exercise.look_for]
    return [exercise.discuss]

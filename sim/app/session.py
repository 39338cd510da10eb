"""The state of one browser session: the designs, their runs on one seed, and their histories.

No UI here: the page calls these methods and redraws. A ``Run`` is one model plus the yearly
snapshots stories need; a ``Workshop`` holds design A and, in A/B mode, design B, both built on
the same seed so they hire the same people and meet the same chance events (common random
numbers), and steps them in lockstep.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from sim.app import levers
from sim.app.history import History
from sim.app.presets import HUMAN, Preset, load_presets
from sim.app.stories import who
from sim.model import MentorshipModel
from sim.scenario import Scenario, ScenarioError
from sim.state import KEY_YEAR, STAGE_NAMES, TRACK_NAMES

SIDES = ("A", "B")
#: Seed the page opens with.
DEFAULT_SEED = 42
MAX_SEED = 2**63 - 1


class Run:
    """One design run year by year on one seed, with the snapshots stories read.

    Args:
        design: The validated scenario.
        seed: The keyed-draw seed.
    """

    def __init__(self, design: Scenario, seed: int):
        self.design = design
        self.seed = seed
        self.model = MentorshipModel(scenario=design, rng=seed)
        self.history = History()
        self.history.record(self.model)
        self._yearly: pd.DataFrame | None = None

    @property
    def year(self) -> int:
        """Years simulated so far."""
        return int(self.model.year)

    @property
    def finished(self) -> bool:
        """Whether the run reached its last year."""
        return not self.model.running

    def step(self) -> None:
        """Advance one academic year and take its snapshot."""
        if self.finished:
            return
        self.model.step()
        self.history.record(self.model)
        self._yearly = None

    def yearly(self) -> pd.DataFrame:
        """Yearly metrics so far (cached until the next step)."""
        if self._yearly is None:
            self._yearly = self.model.yearly()
        return self._yearly

    def first_hires(self, count: int = 5) -> list[str]:
        """Describe the first people hired in year 1 (the same people under every design)."""
        p = self.model.people
        rows = np.flatnonzero((p.key >= KEY_YEAR) & (p.key < KEY_YEAR + count))
        rows = rows[np.argsort(p.key[rows])]
        return [
            f"{who(self.model, int(row))}: {'woman' if p.woman[row] else 'man'}"
            f"{', URM' if p.urm[row] else ''}, hired as "
            f"{STAGE_NAMES[p.hire_stage[row]]}, {TRACK_NAMES[p.track[row]].replace('_', ' ')}"
            f", ability {p.traits[row, 0]:.2f}"
            for row in rows
        ]


@dataclass
class Side:
    """One design of the session: the preset it started from and its lever changes."""

    preset: str
    design: Scenario
    changed: dict[str, Any] = field(default_factory=dict)

    @property
    def title(self) -> str:
        """The preset's name as the room reads it, marked when levers were moved."""
        name = HUMAN.get(self.preset, ("", self.preset))[1]
        return name + (" (changed)" if self.changed else "")


def parse_seed(text: Any) -> int:
    """Turn a typed seed (a string from the page) into an integer seed.

    Raises:
        ScenarioError: when it is not a whole number in [0, 2**63 - 1].
    """
    try:
        seed = int(str(text).strip())
    except ValueError:
        raise ScenarioError(
            f"Seed: '{text}' is not a whole number; type one such as 42 (0 or more)."
        ) from None
    if seed < 0:
        raise ScenarioError(f"Seed: {seed} is below zero; type a whole number such as 42.")
    if seed > MAX_SEED:
        raise ScenarioError(f"Seed: {seed} is too large; type a number with at most 18 digits.")
    return seed


class Workshop:
    """Design A (and B in A/B mode), their runs on one seed, stepped together.

    Args:
        presets: The presets offered (default: the scenarios folder).
        seed: The seed both designs share.
    """

    def __init__(self, presets: list[Preset] | None = None, seed: int = DEFAULT_SEED):
        if presets is None:
            presets, self.preset_errors = load_presets()
        else:
            self.preset_errors = []
        self.presets = {p.name: p for p in presets}
        first = presets[0]
        self.seed = seed
        self.sides = {side: Side(first.name, first.design) for side in SIDES}
        self.ab = False
        #: The design the levers panel shows and edits (B only in A/B mode).
        self.editing = "A"
        self.runs: dict[str, Run] = {}
        self.step_seconds: list[float] = []
        #: The year the page last finished showing (Pause goes back to it, see :meth:`rewind`).
        self.shown_year = 0
        #: The year shown when Pause was pressed, until Play is pressed again.
        self.pause_to: int | None = None
        # Play steps in a background thread while the page may reset or redraw: every change
        # to the runs, and every view that reads them, holds this lock.
        self.lock = threading.RLock()
        self.reset()

    # ------------------------------------------------------------------ what the page sets
    def set_preset(self, side: str, name: str) -> None:
        """Start a side from a preset (its lever changes are dropped) and restart."""
        preset = self.presets[name]
        with self.lock:
            self.sides[side] = Side(preset.name, preset.design)
            self.reset()

    def set_lever(self, side: str, key: str, value: Any) -> str:
        """Change one lever of a side and restart at year 0.

        Returns:
            A note on coupled settings that changed along ("" if none).

        Raises:
            ScenarioError: when the schema refuses the value; nothing changes then.
        """
        current = self.sides[side]
        design, note = levers.apply(current.design, key, value)
        changed = dict(current.changed)
        base = self.presets[current.preset].design
        for lever in levers.LEVERS.values():
            now = levers.current(design, lever)
            if now != levers.current(base, lever):
                changed[lever.key] = now
            else:
                changed.pop(lever.key, None)
        with self.lock:
            self.sides[side] = Side(current.preset, design, changed)
            self.reset()
        return note

    def set_seed(self, text: Any) -> None:
        """Set the shared seed from typed text and restart.

        Raises:
            ScenarioError: when the text is not an allowed seed; nothing changes then.
        """
        seed = parse_seed(text)
        with self.lock:
            self.seed = seed
            self.reset()

    def set_ab(self, on: bool) -> None:
        """Turn A/B mode on or off; B starts at year 0 and catches up with A."""
        with self.lock:
            self.ab = bool(on)
            if self.ab:
                run = Run(self.sides["B"].design, self.seed)
                while run.year < self.runs["A"].year:
                    run.step()
                self.runs = {**self.runs, "B": run}
            else:
                self.runs = {"A": self.runs["A"]}
                self.editing = "A"

    # --------------------------------------------------------------------- running
    def reset(self) -> None:
        """Rebuild the runs at year 0 on the current seed."""
        with self.lock:
            self.shown_year = 0
            self.pause_to = None
            self.runs = {
                side: Run(self.sides[side].design, self.seed)
                for side in (SIDES if self.ab else SIDES[:1])
            }

    def rewind(self, year: int) -> None:
        """Go back to a year already shown: rebuild the runs on the seed and replay up to it.

        Pause is pressed while the page shows one year and the next may already be under way;
        one seed always gives the same run, so replaying to the year shown puts the runs
        exactly where the room saw them (about a tenth of a second per simulated year).
        """
        with self.lock:
            if self.year <= year:
                return
            self.reset()
            while self.year < year:
                for run in self.runs.values():
                    run.step()
            self.shown_year = year

    def step(self) -> float:
        """Advance every run one year; return the seconds it took."""
        start = time.perf_counter()
        with self.lock:
            for run in self.runs.values():
                run.step()
        seconds = time.perf_counter() - start
        self.step_seconds.append(seconds)
        return seconds

    @property
    def year(self) -> int:
        """Years simulated (the same for every run)."""
        return self.runs["A"].year

    @property
    def years(self) -> int:
        """Years a run lasts."""
        return self.runs["A"].model.years

    @property
    def finished(self) -> bool:
        """Whether the runs reached their last year."""
        return all(run.finished for run in self.runs.values())

"""The workshop page's speed, measured in this process: ``python -m benchmarks.app``.

The page is rendered as the server renders it (Solara's reacton renderer, widgets without a
browser), on the default institution and seed, and driven through its widgets as a browser
would: Step is clicked and the clock stops when the year counter shows the new year and the
Step button is enabled again, that is when every redraw the year causes is done. Figures:

- one-year step with each tab open, A alone and in A/B mode (median and range of
  ``--years`` steps, the median CPU time the process spent on it, which the machine's load
  does not inflate), and the part of it the model's own step takes;
- Play of ten years in A/B mode (the page waits ``PLAY_INTERVAL`` between years, so the
  floor is ten times that);
- what recording agent-level data (``MentorshipModel(agent_data=True)``) adds to a year of
  the default institution, beside the default run.

A browser adds the websocket and the drawing of the page (``tests/test_app_browser.py``'s
timing test measures that end to end); this measures the server's share, which is what the
page's structure decides. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("MPLBACKEND", "Agg")

#: Seconds any widget condition may take before the benchmark gives up.
TIMEOUT = 120.0


def _say(message: str) -> None:
    print(f"... {message}", file=sys.stderr, flush=True)


def _wait(condition: Callable[[], bool], what: str) -> None:
    start = time.perf_counter()
    while not condition():
        if time.perf_counter() - start > TIMEOUT:
            raise TimeoutError(f"the page did not show {what} in {TIMEOUT:.0f} s")
        time.sleep(0.002)


class PageDriver:
    """The workshop page rendered without a browser, driven through its widgets.

    Solara's app bar and side panel are portals into the server's layout; here they are drawn
    in place (a column), so every control is in one widget tree.
    """

    def __init__(self) -> None:
        import ipyvuetify as v
        import solara

        from sim.app import page

        self.v = v
        self._patch_layout(solara)
        created: list[Any] = []

        class Recorded(page.Workshop):
            # The page's session, kept here to read the model's own step times.
            def __init__(self, *args: Any, **kwargs: Any) -> None:
                super().__init__(*args, **kwargs)
                created.append(self)

        page.Workshop = Recorded  # type: ignore[misc]
        self.box, self.rc = solara.render(page.WorkshopPage(), handle_error=False)
        self.workshop = created[0]

    @staticmethod
    def _patch_layout(solara: Any) -> None:
        # Portals need the server's AppLayout: draw their children in place instead.
        solara.AppBar = solara.Column
        solara.Sidebar = solara.Column
        solara.AppBarTitle = lambda *args, **kwargs: None

    def find(self, cls: Any, **matches: Any) -> Any:
        """The one widget of this class with these attributes."""
        return self.rc.find(cls, **matches).widget

    def year_text(self) -> str:
        """The year counter's text ("Year 3 of 30")."""
        return self.find(self.v.Html, class_="ms-year text-h6").children[0]

    def year(self) -> int:
        """The year the counter shows."""
        return int(self.year_text().split()[1])

    def step(self) -> tuple[float, float]:
        """Click Step; seconds until the new year is shown and Step is enabled again.

        Returns:
            Wall-clock seconds, and the CPU seconds this process spent meanwhile (every
            thread: the page's redraw and the model's step), which the machine's load
            does not inflate.
        """
        button = self.find(self.v.Btn, class_="ms-step")
        target = self.year() + 1
        start, cpu = time.perf_counter(), time.process_time()
        button.click()
        _wait(
            lambda: self.year() == target and not self.find(self.v.Btn, class_="ms-step").disabled,
            f"year {target}",
        )
        return time.perf_counter() - start, time.process_time() - cpu

    def open_tab(self, index: int) -> None:
        """Open a view's tab by its index."""
        self.find(self.v.Tabs).v_model = index

    def ab_on(self, preset_b: str) -> None:
        """A/B mode on, design B edited, B's preset chosen (both restart at year 0)."""
        self.find(self.v.Switch, class_="ms-ab-switch").v_model = True
        _wait(lambda: self.rc.find(self.v.BtnToggle, class_="ms-editing").widgets, "A | B")
        toggle = self.find(self.v.BtnToggle, class_="ms-editing")
        toggle.v_model = 1  # the second button, B
        _wait(lambda: self.rc.find(self.v.Select, class_="ms-preset ms-preset-B").widgets, "B")
        self.find(self.v.Select, class_="ms-preset ms-preset-B").v_model = preset_b
        _wait(lambda: self.year() == 0, "year 0")

    def reset(self) -> None:
        """Press Reset and wait for year 0."""
        self.find(self.v.Btn, class_="ms-reset").click()
        _wait(lambda: self.year() == 0, "year 0")

    def play(self, years: int) -> float:
        """Press Play, wait until ``years`` years are shown, press Pause; the seconds."""
        start = time.perf_counter()
        self.find(self.v.Btn, class_="ms-play").click()
        _wait(lambda: self.year() >= years, f"year {years}")
        seconds = time.perf_counter() - start
        self.find(self.v.Btn, class_="ms-play").click()
        return seconds

    def close(self) -> None:
        """Close the render context."""
        self.rc.close()


TABS = ("Charts", "Network", "Pipeline", "A/B", "People")


def _summary(seconds: list[float]) -> dict[str, float]:
    return {
        "median_ms": round(1000 * statistics.median(seconds)),
        "min_ms": round(1000 * min(seconds)),
        "max_ms": round(1000 * max(seconds)),
    }


def page_benchmark(years: int = 3, preset_b: str = "single_mentor") -> dict[str, Any]:
    """Step the page ``years`` years with each tab open, A alone then A/B; Play ten years."""
    from sim.app.page import PLAY_INTERVAL
    from sim.app.warmup import WARMUP

    _say("warming the model up (numba's cache)")
    WARMUP.start()
    _wait(lambda: WARMUP.ready, "the warm-up's end")
    _say("rendering the page")
    start = time.perf_counter()
    driver = PageDriver()
    figures: dict[str, Any] = {"first_render_ms": round(1000 * (time.perf_counter() - start))}
    for ab in (False, True):
        if ab:
            _say(f"A/B mode on, design B: {preset_b}")
            driver.ab_on(preset_b)
        for index, tab in enumerate(TABS):
            if tab == "A/B" and not ab:
                continue
            driver.open_tab(index)
            model_before = len(driver.workshop.step_seconds)
            timed = [driver.step() for _ in range(years)]
            model = driver.workshop.step_seconds[model_before:]
            key = f"{'ab_' if ab else ''}{tab.replace('/', '').lower()}"
            figures[f"year_{key}"] = {
                **_summary([wall for wall, _ in timed]),
                "cpu_ms": round(1000 * statistics.median(cpu for _, cpu in timed)),
                "model_ms": round(1000 * statistics.median(model)) if model else None,
            }
            _say(f"{key}: {figures[f'year_{key}']}")
    driver.reset()
    driver.open_tab(0)
    _say("Play, ten years, A/B, charts open")
    figures["play_ten_years_ab_s"] = round(driver.play(10), 2)
    figures["play_floor_s"] = round(10 * PLAY_INTERVAL, 2)
    driver.close()
    return figures


def agent_data_benchmark(years: int = 10, repeats: int = 2) -> dict[str, float]:
    """Seconds per year of the default institution without and with agent-level data."""
    from sim.model import MentorshipModel

    def per_year(agent_data: bool) -> float:
        best = float("inf")
        for _ in range(repeats):
            model = MentorshipModel(rng=42, years=years, agent_data=agent_data)
            start = time.perf_counter()
            for _ in range(years):
                model.step()
            best = min(best, (time.perf_counter() - start) / years)
        return best

    _say("agent-level data: off, then on")
    off, on = per_year(False), per_year(True)
    return {
        "year_ms_default": round(1000 * off, 1),
        "year_ms_agent_data": round(1000 * on, 1),
        "agent_data_extra_ms": round(1000 * (on - off), 1),
    }


def main(argv: list[str] | None = None) -> int:
    """Print the page's figures (and write them to JSON when asked)."""
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.app", description="The workshop page's speed."
    )
    parser.add_argument("--years", type=int, default=3, help="steps timed per tab (default 3)")
    parser.add_argument("--json", metavar="FILE", help="also write the figures to this file")
    parser.add_argument(
        "--only", choices=("page", "agent-data"), default=None, help="measure one part only"
    )
    args = parser.parse_args(argv)
    figures: dict[str, Any] = {"load_average": [round(x, 2) for x in os.getloadavg()]}
    if args.only != "agent-data":
        figures.update(page_benchmark(years=args.years))
    if args.only != "page":
        figures.update(agent_data_benchmark())
    print(json.dumps(figures, indent=2))
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2) + "\n")
        print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

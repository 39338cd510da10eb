"""Helpers of the browser tests: start ``mentorsim app`` on a free port, drive Chromium.

Debian's Chromium (``apt-get install chromium``; ``.ci/run`` installs it when missing) is driven
by Python Playwright; Playwright's own browser download cannot reach the network here. The
flags keep a headless Chromium from calling out to the closed network (background networking,
component updates, sync).
"""

from __future__ import annotations

import functools
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ROOT = Path(__file__).resolve().parents[1]
#: Where ``make screenshots`` asks the browser tests to save the guide's figures (tests write
#: their screenshots to a temporary folder otherwise: no test writes a tracked file).
SCREENSHOTS_ENV = "MENTORSIM_SCREENSHOTS"
#: What each view shows of the year, to see it redrawn after a Step: (tab, the class of the
#: element that changes, what changes: its "src" attribute or its "text"). Read in Chromium
#: (the timing test) and from the widgets (tests/test_app_components.py).
VIEW_MARKS = (
    ("Charts", "ms-timeseries", "src"),
    ("Network", "ms-network", "src"),
    ("Pipeline", "ms-pipeline", "src"),
    ("A/B", "ms-ab-designs", "text"),
    ("People", "ms-year", "text"),
)
#: Set (to anything) to run the browser timing, a measurement rather than a check: `make bench-app`.
TIMING_ENV = "MENTORSIM_BROWSER_TIMING"
#: Milliseconds the first page may show "warming up": the server compiles every preset's
#: kernels when it starts, a minute or two on a fresh clone of a busy two-core machine.
WARMUP_TIMEOUT = 600_000
#: Solara's telemetry and version pings, which fail offline (the app turns them off; a page
#: that still made one would not be broken by it).
TELEMETRY = re.compile(r"solara\.dev|mixpanel|telemetry", re.IGNORECASE)
#: Milliseconds any page condition may take. A warm year step takes well under a second, but
#: CI runs on a busy two-core machine, where a redraw can stall for seconds.
PAGE_TIMEOUT = 60_000


def free_port() -> int:
    """A TCP port nobody listens on at this moment, on the loopback interface."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def mentorsim_command() -> list[str]:
    """The installed ``mentorsim`` console script, else the CLI module."""
    script = Path(sys.executable).with_name("mentorsim")
    return [str(script)] if script.exists() else [sys.executable, "-m", "sim.cli"]


@functools.cache
def presets() -> dict:
    """The presets the page offers, by name (the app's own loader, so the same files)."""
    from sim.app.presets import load_presets

    return {preset.name: preset for preset in load_presets()[0]}


class AppServer:
    """``mentorsim app --no-browser`` in a subprocess on a free loopback port."""

    def __init__(self, log_path: Path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        env = dict(os.environ)
        env.setdefault("MPLBACKEND", "Agg")
        self.log = open(log_path, "w")  # noqa: SIM115  (closed in stop())
        self.process = subprocess.Popen(
            [*mentorsim_command(), "app", "--no-browser", "--port", str(self.port)],
            stdout=self.log,
            stderr=subprocess.STDOUT,
            env=env,
            cwd=ROOT,
        )

    def wait(self, timeout: float = 180.0) -> float:
        """Wait until the page answers; return the seconds it took to start."""
        start = time.perf_counter()
        while time.perf_counter() - start < timeout:
            if self.process.poll() is not None:
                raise RuntimeError(f"mentorsim app exited with {self.process.returncode}")
            try:
                with urllib.request.urlopen(self.url, timeout=2) as response:
                    if response.status == 200:
                        return time.perf_counter() - start
            except OSError:
                time.sleep(0.3)
        raise TimeoutError(f"mentorsim app did not answer on {self.url} in {timeout} s")

    def stop(self) -> None:
        """Stop the server (SIGTERM, then SIGKILL) and close its log."""
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


class ConsoleWatch:
    """Collects the page's console errors, page errors and failed requests."""

    def __init__(self, page):
        self.problems: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda err: self.problems.append(f"page error: {err}"))
        page.on("requestfailed", self._failed)

    def _console(self, message) -> None:
        if message.type == "error" and not TELEMETRY.search(message.text + str(message.location)):
            self.problems.append(f"console error: {message.text} at {message.location}")

    def _failed(self, request) -> None:
        if not TELEMETRY.search(request.url):
            self.problems.append(f"request failed: {request.url}")


# ------------------------------------------------------------------ actions on the page
def year_text(page) -> str:
    """The year counter's text ("Year 3 of 30")."""
    return page.locator(".ms-year").inner_text()


def year_number(page) -> int:
    """The year the counter shows."""
    return int(year_text(page).split()[1])


def wait_year(page, year: int, timeout: float = PAGE_TIMEOUT) -> None:
    """Wait until the counter shows the year."""
    page.wait_for_function(
        "y => document.querySelector('.ms-year').textContent.startsWith('Year ' + y + ' ')",
        arg=year,
        timeout=timeout,
    )


def step(page, to_year: int) -> float:
    """Click Step and wait for the counter and the chart; return the seconds it took."""
    chart = page.locator(".ms-timeseries")
    before = chart.get_attribute("src") if chart.count() else None
    start = time.perf_counter()
    page.locator(".ms-step").click()
    wait_year(page, to_year)
    if before is not None:
        page.wait_for_function(
            "old => { const el = document.querySelector('.ms-timeseries');"
            " return el && el.getAttribute('src') !== old; }",
            arg=before,
            timeout=PAGE_TIMEOUT,
        )
    return time.perf_counter() - start


def wait_year_settled(page, quiet_ms: int = 2_000) -> int:
    """Wait until the year counter has not changed for ``quiet_ms``; return the year it shows.

    After Pause, a year already under way may still land, and how long it takes depends on
    the machine's load, so this waits for the counter to go quiet rather than a fixed time.
    """
    page.wait_for_function(
        """quiet => {
            const text = document.querySelector('.ms-year').textContent, now = Date.now();
            if (window.__msYear !== text) { window.__msYear = text; window.__msSince = now; }
            return now - window.__msSince >= quiet;
        }""",
        arg=quiet_ms,
        polling=100,
        timeout=PAGE_TIMEOUT,
    )
    return year_number(page)


#: Scrolls the open drop-down's list one screen further each time it is called, until an
#: option with exactly this text is rendered (then scrolls it into view). Vuetify renders a
#: long list 20 options at a time, the next ones only as the list is scrolled.
_SHOW_OPTION = """option => {
    const menu = document.querySelector('.menuable__content__active');
    if (!menu) return false;
    const item = [...menu.querySelectorAll('.v-list-item')].find(
        i => i.textContent.trim() === option);
    if (item) { item.scrollIntoView({block: 'nearest'}); return true; }
    menu.scrollTop = menu.scrollHeight;
    return false;
}"""

#: As _SHOW_OPTION, until the option starting with this text, the list's known last entry,
#: is rendered: then every option is.
_SHOW_ALL = """last => {
    const menu = document.querySelector('.menuable__content__active');
    if (!menu) return false;
    const items = menu.querySelectorAll('.v-list-item');
    if (items.length && items[items.length - 1].textContent.trim().startsWith(last)) {
        return true;
    }
    menu.scrollTop = menu.scrollHeight;
    return false;
}"""


def choose(page, field_class: str, option: str) -> None:
    """Open a Vuetify select by its class and click the option with exactly this text."""
    page.locator(f".{field_class}").click()
    page.wait_for_function(_SHOW_OPTION, arg=option, polling=200)
    page.locator(".menuable__content__active .v-list-item").filter(
        has_text=re.compile(rf"^\s*{re.escape(option)}\s*$")
    ).click()
    close_menus(page)


def select_options(page, field_class: str, last: str) -> list[str]:
    """Every option of a Vuetify select, read from its open list; ``last`` starts the last."""
    page.locator(f".{field_class}").click()
    page.wait_for_function(_SHOW_ALL, arg=last, polling=200)
    options = page.locator(".menuable__content__active .v-list-item").all_inner_texts()
    page.keyboard.press("Escape")
    close_menus(page)
    return [option.strip() for option in options]


def close_menus(page) -> None:
    """Wait until no drop-down list is open and nothing is fading out."""
    page.wait_for_function("!document.querySelector('.menuable__content__active')")
    settle(page)


def choose_preset(page, side: str, name: str) -> None:
    """Pick a preset (by its scenario name) for design A or B and wait until the page shows it.

    The drop-down shows the preset's human name; shown means the restart notice names it and
    the description under the drop-down is the preset's own (read as the app reads it, so no
    wording is assumed here).
    """
    from playwright.sync_api import expect

    from sim.app.presets import human_name, plain_description

    preset = presets()[name]
    choose(page, f"ms-preset-{side}", human_name(preset))
    expect(page.locator(".ms-message")).to_contain_text(f"Design {side}: {human_name(preset)}.")
    expect(page.locator(".ms-description")).to_have_text(plain_description(preset))


def department_options(page) -> list[str]:
    """The department drop-down's entries, "Department 1 (...)" onwards, as the page shows."""
    return [
        option
        for option in select_options(page, "ms-department", "Whole institution")
        if option.startswith("Department ")
    ]


_SWITCH_IS = (
    "([name, state]) => [...document.querySelectorAll('[role=switch]')].some("
    "s => s.getAttribute('aria-checked') === state && s.labels.length"
    " && s.labels[0].textContent.trim() === name)"
)


def flip_switch(page, name: str, on: bool) -> None:
    """Flip a switch that is in the other state, with the keyboard (focus, Space).

    The page's widgets update one message at a time, so a switch can still show its previous
    value for a moment after the notice of a change has appeared: wait until it shows the
    state it should be flipped from, then press Space, retrying if a redraw took the focus.
    """
    wanted, before = ("true", "false") if on else ("false", "true")
    page.wait_for_function(_SWITCH_IS, arg=[name, before], timeout=PAGE_TIMEOUT)
    switch = page.get_by_role("switch", name=name)
    for _ in range(3):
        switch.focus()
        page.keyboard.press("Space")
        try:
            page.wait_for_function(_SWITCH_IS, arg=[name, wanted], timeout=10_000)
            return
        except Exception:  # the page redrew under the key press; try again
            continue
    raise AssertionError(f"switch {name!r} did not turn {'on' if on else 'off'}")


#: True once nothing on the page is in a transition (tab slides, menus, alerts fading, the
#: ripple of a click) and every image has loaded: the page as a screenshot should show it.
_SETTLED = (
    "() => !document.querySelector('.v-window__container--is-active,"
    ' .v-ripple__animation, [class*="-enter-active"], [class*="-leave-active"]\')'
    " && [...document.images].every(img => img.complete)"
)


def settle(page) -> None:
    """Wait until the page has no transition under way and its images are loaded."""
    page.wait_for_function(_SETTLED, polling=100)


def open_tab(page, name: str) -> None:
    """Click a view's tab and wait until it is selected and its slide transition is over."""
    from playwright.sync_api import expect

    tab = page.get_by_role("tab", name=name)
    tab.click()
    expect(tab).to_have_attribute("aria-selected", "true")
    settle(page)


def next_step(page, shown: str) -> None:
    """Press the guide's Next until the step line reads ``shown`` (waits on the page's state).

    Under load a press can land while the panel is being redrawn after the previous one; the
    step line, not the time since the press, says whether it was taken.
    """
    from playwright.sync_api import TimeoutError as PageTimeout
    from playwright.sync_api import expect

    step = page.locator(".ms-guide-step")
    before = step.inner_text()
    for _ in range(3):
        page.locator(".ms-guide-next").click()
        try:
            page.wait_for_function(
                # The step line is briefly absent while the panel redraws: wait through that.
                "old => { const s = document.querySelector('.ms-guide-step');"
                " return s !== null && s.textContent.trim() !== old; }",
                arg=before,
                timeout=PAGE_TIMEOUT // 3,
            )
            break
        except PageTimeout:  # the press was lost in a redraw: press again
            continue
    expect(step).to_have_text(shown)

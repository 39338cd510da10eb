"""Helpers of the browser tests: start ``mentorsim app`` on a free port, drive Chromium.

Debian's Chromium (``apt-get install chromium``; ``.ci/run`` installs it when missing) is driven
by Python Playwright; Playwright's own browser download cannot reach the network here. The
flags keep a headless Chromium from calling out to the closed network (background networking,
component updates, sync).
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-gpu",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
ROOT = Path(__file__).resolve().parents[1]
SCREENSHOTS = ROOT / "docs" / "figures" / "workshop"
#: Solara's telemetry and version pings, which fail offline (the app turns them off; a page
#: that still made one would not be broken by it).
TELEMETRY = re.compile(r"solara\.dev|mixpanel|telemetry", re.IGNORECASE)


def free_port() -> int:
    """A TCP port nobody listens on at this moment, on the loopback interface."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def mentorsim_command() -> list[str]:
    """The installed ``mentorsim`` console script, else the CLI module."""
    script = Path(sys.executable).with_name("mentorsim")
    return [str(script)] if script.exists() else [sys.executable, "-m", "sim.cli"]


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
            stdout=self.log, stderr=subprocess.STDOUT, env=env, cwd=ROOT)

    def wait(self, timeout: float = 90.0) -> float:
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
        if message.type == "error" and not TELEMETRY.search(message.text + str(
                message.location)):
            self.problems.append(f"console error: {message.text} at {message.location}")

    def _failed(self, request) -> None:
        if not TELEMETRY.search(request.url):
            self.problems.append(f"request failed: {request.url}")


# ------------------------------------------------------------------ actions on the page
def year_text(page) -> str:
    """The year counter's text ("Year 3 of 30")."""
    return page.locator(".ms-year").inner_text()


def wait_year(page, year: int, timeout: float = 60_000) -> None:
    """Wait until the counter shows the year."""
    page.wait_for_function(
        "y => document.querySelector('.ms-year').textContent.startsWith('Year ' + y + ' ')",
        arg=year, timeout=timeout)


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
            " return el && el.getAttribute('src') !== old; }", arg=before, timeout=60_000)
    return time.perf_counter() - start


def choose(page, field_class: str, option: str) -> None:
    """Open a Vuetify select by its class and click the option with exactly this text."""
    page.locator(f".{field_class}").click()
    page.locator(".menuable__content__active .v-list-item").filter(
        has_text=re.compile(rf"^\s*{re.escape(option)}\s*$")).click()


_SWITCH_IS = ("([name, state]) => [...document.querySelectorAll('[role=switch]')].some("
              "s => s.getAttribute('aria-checked') === state && s.labels.length"
              " && s.labels[0].textContent.trim() === name)")


def flip_switch(page, name: str, on: bool) -> None:
    """Flip a switch that is in the other state, with the keyboard (focus, Space).

    The page's widgets update one message at a time, so a switch can still show its previous
    value for a moment after the notice of a change has appeared: wait until it shows the
    state it should be flipped from, then press Space, retrying if a redraw took the focus.
    """
    wanted, before = ("true", "false") if on else ("false", "true")
    page.wait_for_function(_SWITCH_IS, arg=[name, before], timeout=20_000)
    switch = page.get_by_role("switch", name=name)
    for _ in range(3):
        switch.focus()
        page.keyboard.press("Space")
        try:
            page.wait_for_function(_SWITCH_IS, arg=[name, wanted], timeout=5_000)
            return
        except Exception:  # noqa: BLE001 - the page redrew under the key press; try again
            continue
    raise AssertionError(f"switch {name!r} did not turn {'on' if on else 'off'}")


def open_tab(page, name: str) -> None:
    """Click a view's tab and let its slide transition finish."""
    page.get_by_role("tab", name=name).click()
    page.wait_for_timeout(600)

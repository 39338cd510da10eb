"""Warming up: compile the model's kernels before the first Step, and say how far it has got.

numba compiles a kernel the first time it runs and caches it on disk; on a fresh install that
takes a minute or more on a small machine, and later starts load the cache in seconds. Without
a warm-up, that wait lands on the first Step of the session, with the room watching a page that
does nothing. So the server starts this warm-up when it starts, and the page shows a "warming
up" screen with its progress until it is done. One simulated year of every preset calls every
kernel the presets use (later years compile nothing new), and one chart drawn loads
matplotlib's fonts.

The state is per process (one server, many browser tabs): every session reads the same
:data:`WARMUP`.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

from sim.app.presets import Preset, load_presets


@dataclass
class Warmup:
    """Progress of the warm-up, read by every page of the server.

    Attributes:
        total: Steps to do (one per preset, plus drawing the first chart).
        done: Steps done.
        current: What is being warmed now, in words.
        seconds: Seconds the warm-up took (set when it finishes).
        error: The error that stopped it, if one did (the page then starts anyway).
    """

    total: int = 0
    done: int = 0
    current: str = ""
    seconds: float = 0.0
    error: str = ""
    finished: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def ready(self) -> bool:
        """Whether the page can start its session without waiting for numba."""
        return self.finished.is_set()

    @property
    def fraction(self) -> float:
        """Share of the warm-up done, 0-1."""
        return self.done / self.total if self.total else 0.0

    def start(self, presets: list[Preset] | None = None, report: bool = False) -> None:
        """Start the warm-up in a background thread, once per process (later calls return).

        Args:
            presets: The designs to warm (default: every preset the page offers).
            report: Also print the progress to the terminal.
        """
        with self._lock:
            if self._thread is not None:
                return
            self._thread = threading.Thread(
                target=self.run, args=(presets, report), name="mentorsim-warmup", daemon=True
            )
            self._thread.start()

    def run(self, presets: list[Preset] | None = None, report: bool = False) -> None:
        """Warm every preset's kernels and the chart drawing, in this thread."""
        # Imported here: importing the model loads numba, which the page need not wait for.
        from sim.app.live import LiveTimeseries
        from sim.app.session import DEFAULT_SEED, Run

        start = time.perf_counter()
        try:
            presets = presets if presets is not None else load_presets()[0]
            self.total = len(presets) + 1
            for preset in presets:
                self.current = f"compiling the model for {preset.name}"
                if report:
                    print(f"warming up ({self.done + 1}/{self.total}): {self.current}", flush=True)
                run = Run(preset.design, DEFAULT_SEED)
                run.step()
                self.done += 1
            self.current = "drawing the first chart"
            LiveTimeseries(("A",), run.model.years).render({"A": run.yearly()})
            self.done += 1
        except Exception as err:  # the page must still open; the first Step then compiles
            self.error = f"{type(err).__name__}: {err}"
        finally:
            self.seconds = time.perf_counter() - start
            self.current = "ready"
            self.finished.set()
            if report:
                print(f"warmed up in {self.seconds:.1f} s", flush=True)


#: The warm-up of this process, shared by every browser tab.
WARMUP = Warmup()

"""How big an experiment is before it starts: runs, time and memory, and a guard.

A mistyped ``--reps 1000000000`` would otherwise start allocating seeds and futures at once
and grow memory for minutes before the first run. :func:`estimate` gives the runs, the wall
time and the memory the consolidated tables will take; :func:`check_size` refuses, before
anything is allocated, an experiment past one of the limits unless the user confirms it
(``--yes``).

The cost figures are engineering estimates, not model parameters: a run of the default
institution (1,500 people, 30 years) takes about 0.15 s after compilation (README,
benchmark), about 3.3 microseconds per person-year, and keeps about 60 outcome values and
about 50 yearly metrics per year in the result tables.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from sim.errors import InputError

#: Wall seconds per simulated person-year in one worker (benchmark: 0.15 s for 1,500 x 30),
#: rounded up for the bookkeeping around each run.
SECONDS_PER_PERSON_YEAR = 5e-6
#: Fixed cost of one run (building the model, writing its parts), seconds.
SECONDS_PER_RUN = 0.05
#: Bytes one run keeps in the consolidated tables per simulated year (yearly metrics,
#: retention and loads rows) and once (its outcome row), pandas overhead included.
BYTES_PER_RUN_YEAR = 4_000
BYTES_PER_RUN = 8_000

#: Longest experiment started without ``--yes``: a day of wall time.
MAX_SECONDS = 24 * 3600
#: Most runs started without ``--yes`` (a sweep of this size is a cluster job).
MAX_RUNS = 200_000
#: Share of this machine's memory the result tables may take without ``--yes``.
MAX_MEMORY_SHARE = 0.5


class SizeError(InputError):
    """An experiment past the size limits, refused before anything was allocated."""


@dataclass(frozen=True)
class Estimate:
    """What an experiment will take.

    Attributes:
        runs: Model runs.
        seconds: Wall time on the given workers, seconds.
        memory_bytes: Memory the consolidated result tables take.
    """

    runs: int
    seconds: float
    memory_bytes: float

    def describe(self) -> str:
        """The estimate in words: ``12,000 runs, about 3 min, about 40 MB of results``."""
        return (
            f"{self.runs:,} runs, about {duration(self.seconds)} and "
            f"{size(self.memory_bytes)} of results in memory"
        )


def estimate(runs: int, *, people: int, years: int, workers: int | None) -> Estimate:
    """Estimate an experiment's wall time and memory.

    Args:
        runs: Model runs (designs x points x replicates).
        people: People at year 0 in one run (``institution.initial_size``).
        years: Simulated years per run.
        workers: Local worker processes (None: all cores).
    """
    slots = max(1, workers or os.cpu_count() or 1)
    per_run = SECONDS_PER_RUN + SECONDS_PER_PERSON_YEAR * people * years
    return Estimate(
        runs=runs,
        seconds=runs * per_run / min(slots, max(runs, 1)),
        memory_bytes=runs * (BYTES_PER_RUN + BYTES_PER_RUN_YEAR * years),
    )


def machine_memory() -> float | None:
    """This machine's physical memory in bytes, or None when it cannot be read."""
    try:
        return float(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES"))
    except (ValueError, OSError, AttributeError):
        return None


def check_size(found: Estimate, *, what: str, confirmed: bool) -> None:
    """Refuse an experiment past the limits unless confirmed.

    Args:
        found: The estimate.
        what: What sets the size, for the message (``--reps 1000000000``).
        confirmed: The user passed ``--yes``.

    Raises:
        SizeError: one line naming the size, the estimate, the limit passed and ``--yes``.
    """
    if confirmed:
        return
    memory = machine_memory()
    past = []
    if found.runs > MAX_RUNS:
        past.append(f"more than {MAX_RUNS:,} runs")
    if found.seconds > MAX_SECONDS:
        past.append(f"longer than {duration(MAX_SECONDS)}")
    if memory is not None and found.memory_bytes > MAX_MEMORY_SHARE * memory:
        past.append(f"more than half of this machine's {size(memory)} of memory")
    if past:
        raise SizeError(
            f"{what}: {found.describe()}; that is {' and '.join(past)}: refused before "
            "starting (pass --yes to run it anyway, or ask for fewer)"
        )


def duration(seconds: float) -> str:
    """A duration in the largest fitting unit: ``40 s``, ``3 min``, ``5.2 h``, ``12 days``."""
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 5400:
        return f"{seconds / 60:.0f} min"
    if seconds < 2 * 86400:
        return f"{seconds / 3600:.1f} h"
    if seconds < 2 * 365 * 86400:
        return f"{seconds / 86400:,.0f} days"
    return f"{seconds / (365 * 86400):,.0f} years"


def size(n_bytes: float) -> str:
    """A memory size in the largest fitting unit: ``800 kB``, ``40 MB``, ``3.1 GB``."""
    for unit, scale in (("TB", 1e12), ("GB", 1e9), ("MB", 1e6)):
        if n_bytes >= scale:
            return (
                f"{n_bytes / scale:,.1f} {unit}"
                if n_bytes < 10 * scale
                else (f"{n_bytes / scale:,.0f} {unit}")
            )
    return f"{n_bytes / 1e3:,.0f} kB"

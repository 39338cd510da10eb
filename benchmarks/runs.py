"""Timing whole model runs: the default design, every shipped design, fresh processes, Mesa.

Run times cover construction and every yearly step, after compilation (``warm_up`` first).
Compile times and peak memory are measured in fresh interpreters, so what one measurement
loaded or cached does not flatter the next.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

SEED = 20240601
COMPILE_SIZE = 200
REPO = Path(__file__).resolve().parent.parent


def time_run(size: int, years: int, seed: int = SEED, scenario=None) -> tuple[float, float]:
    """Run a model once; return (seconds, person-years simulated).

    Args:
        size: People at year 0.
        years: Years to run.
        seed: Run seed.
        scenario: The design (default: the default scenario).

    Returns:
        The seconds (construction and every step) and the person-years (the sum over years
        of the year-end headcount).
    """
    from sim.model import MentorshipModel

    person_years = 0.0
    start = time.perf_counter()
    kwargs = {"scenario": scenario} if scenario is not None else {}
    model = MentorshipModel(rng=seed, years=years, institution__initial_size=size, **kwargs)
    for _ in range(years):
        model.step()
        person_years += model.metrics["headcount"]
    return time.perf_counter() - start, person_years


def best_of(measure: Callable[[], tuple[float, float]], repeats: int) -> tuple[float, float]:
    """Fastest of ``repeats`` measurements (each a (seconds, ...) tuple)."""
    return min(measure() for _ in range(repeats))


def best_run(size: int, years: int, repeats: int) -> tuple[float, float]:
    """Fastest of ``repeats`` runs of a default model: (seconds, person-years)."""
    return best_of(lambda: time_run(size, years), repeats)


def warm_up(scenario=None) -> None:
    """Compile (or load from cache) every kernel a design calls, with a tiny short run."""
    time_run(COMPILE_SIZE, 3, scenario=scenario)


def shipped_designs() -> dict[str, object]:
    """Every shipped scenario (``scenarios/*.toml``) by name, as loaded."""
    from sim.data import scenarios_dir
    from sim.scenario import load

    return {s.name: s for s in map(load, sorted(scenarios_dir().glob("*.toml")))}


def design_seconds(size: int, years: int, repeats: int = 5) -> dict[str, float]:
    """Run time of every shipped design at ``size`` people, after compilation.

    Each design is warmed up with a tiny run (the formal policies call code the informal
    default does not), then timed in ``repeats`` rounds, one run of every design per round;
    a design's time is its fastest run. Rounds rather than one design's runs back to back:
    when the machine slows for a minute, every design's runs share the slow stretch, so the
    ratios to ``baseline`` do not depend on which design it fell on.

    Returns:
        Design name -> seconds, in file-name order.
    """
    designs = shipped_designs()
    for scenario in designs.values():
        warm_up(scenario)
    timed = dict.fromkeys(designs, math.inf)
    for _ in range(repeats):
        for name, scenario in designs.items():
            timed[name] = min(timed[name], time_run(size, years, scenario=scenario)[0])
    return timed


def slowest_design(seconds: dict[str, float], baseline: str = "baseline") -> tuple[str, float]:
    """The slowest design and its run time as a multiple of ``baseline``'s."""
    name = max(seconds, key=seconds.get)
    return name, seconds[name] / seconds[baseline]


# ----------------------------------------------------------------- fresh processes
_COMPILE_CHILD = """
import json, time
from sim.model import MentorshipModel
start = time.perf_counter()
model = MentorshipModel(rng=1, years=1, institution__initial_size={size})
model.step()
first = time.perf_counter() - start
print(json.dumps({{"first": first}}))
"""

#: Child-process code that prints its own peak resident memory as JSON (``peak_bytes``).
#: On Linux it reads VmHWM, the peak of this process image: ``ru_maxrss`` would also count the
#: image the child was forked from before exec (the benchmark's own, grown by its large runs).
PEAK_SNIPPET = """
import json, resource, sys
from pathlib import Path
status = Path("/proc/self/status")
if status.exists():
    line = next(x for x in status.read_text().splitlines() if x.startswith("VmHWM:"))
    peak = int(line.split()[1]) * 1024
else:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    peak = peak if sys.platform == "darwin" else peak * 1024
print(json.dumps({"peak_bytes": peak}))
"""

_RSS_CHILD = """
from sim.model import MentorshipModel
model = MentorshipModel(rng={seed}, years={years}, institution__initial_size={size})
for _ in range({years}):
    model.step()
""" + PEAK_SNIPPET.replace("{", "{{").replace("}", "}}")


def run_child(code: str, env: dict[str, str] | None = None) -> dict:
    """Run Python code in a fresh interpreter and return the JSON it prints last."""
    full_env = {**os.environ, **(env or {})}
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=full_env,
        cwd=REPO,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"benchmark subprocess failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def compile_seconds(size: int = COMPILE_SIZE) -> tuple[float, float]:
    """First one-year run in a fresh process: with an empty numba cache, then with it filled.

    Returns:
        (cold seconds, cached seconds).
    """
    code = _COMPILE_CHILD.format(size=size)
    with tempfile.TemporaryDirectory(prefix="mentorsim-numba-cache-") as cache:
        env = {"NUMBA_CACHE_DIR": cache}
        cold = run_child(code, env)["first"]
        cached = run_child(code, env)["first"]
    return cold, cached


def peak_rss_mb(size: int, years: int) -> float:
    """Peak resident memory (MiB) of a fresh process that runs a default model."""
    code = _RSS_CHILD.format(seed=SEED, years=years, size=size)
    return run_child(code)["peak_bytes"] / 2**20


# ----------------------------------------------------------------- Mesa reference
def boltzmann_stepper(n_agents: int, seed: int = 42) -> Callable[[], float]:
    """A stepping clock on Mesa's bundled Boltzmann wealth example: each call, one timed step.

    The grid is square with about one cell per agent, the density of the example's default
    (100 agents on 10 x 10). The model is built and stepped once (a warm-up) here; every call
    steps it once more and returns that step's seconds, so the benchmark can alternate its own
    runs with the reference's steps.
    """
    from mesa.examples.basic.boltzmann_wealth_model.model import (
        BoltzmannScenario,
        BoltzmannWealth,
    )

    side = max(1, round(math.sqrt(n_agents)))
    model = BoltzmannWealth(
        scenario=BoltzmannScenario(n=n_agents, width=side, height=side, rng=seed)
    )
    model.step()

    def step_seconds() -> float:
        start = time.perf_counter()
        model.step()
        return time.perf_counter() - start

    return step_seconds


def run_agent_counts(size: int, years: int, seed: int = SEED) -> dict[str, int | float]:
    """Mesa agents a default run creates and removes, and its person-years.

    Every person employed is a ``mesa.Agent`` from hiring to leaving, so a run creates one
    agent per person hired and removes one per person who leaves.

    Returns:
        ``created``, ``removed`` and ``person_years`` (each year's year-end headcount, summed).
    """
    from sim.model import MentorshipModel

    model = MentorshipModel(rng=seed, years=years, institution__initial_size=size)
    person_years = 0.0
    for _ in range(years):
        model.step()
        person_years += model.metrics["headcount"]
    return {
        "created": int(model.people.n),
        "removed": int((~model.people.active).sum()),
        "person_years": person_years,
    }


def mesa_bookkeeping_seconds(
    created: int, removed: int, seed: int = SEED, one_at_a_time: bool = False
) -> float:
    """What registering a run's agents with Mesa costs: the floor under its run time.

    Times creating ``created`` ``Person`` agents in a plain Mesa model and removing
    ``removed`` of them, as the model's roster does (``sim.agents.create_people`` and
    ``remove_people``, here in one batch each rather than a year's at a time).

    Args:
        created: Agents to create.
        removed: Agents to remove (the first ``removed`` created).
        seed: The Mesa model's seed.
        one_at_a_time: Register them through Mesa itself instead, ``Person(model)`` and
            ``agent.remove()`` for each: what the roster did before it registered in bulk.
    """
    import mesa

    from sim.agents import Person, create_people, remove_people

    owner = mesa.Model(rng=seed)
    start = time.perf_counter()
    if one_at_a_time:
        agents = [Person(owner) for _ in range(created)]
        for agent in agents[:removed]:
            agent.remove()
    else:
        agents = create_people(owner, range(created))
        remove_people(owner, agents[:removed])
    return time.perf_counter() - start


# ----------------------------------------------------------------- machine
def machine() -> dict[str, object]:
    """Facts about the machine and software the figures were measured with."""
    import mesa
    import numba

    cpu = platform.processor()
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
    return {
        "cpu_count": os.cpu_count(),
        "cpus_usable": usable,
        "cpu": cpu,
        "platform": platform.platform(),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "numba": numba.__version__,
        "mesa": mesa.__version__,
    }

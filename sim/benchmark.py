"""Performance figures of mentorsim: kernel speed-up, run time, compile time, memory, vs Mesa.

``run_benchmark()`` measures and returns the figures below (plain floats) with the machine they
were measured on; ``main()`` prints them as a table with the project's targets and can write
them to JSON (``mentorsim bench`` and ``experiments/benchmark.py`` call it).

Figures (the sizes are ``sizes=(small, large)``, by default 1,500 and 30,000 people; the keys
keep their names whatever sizes are used, and the sizes used are recorded in ``details``):

* ``kernel_speedup``: summed interpreted (``.py_func``) time of the kernels over summed jitted
  time, on the same inputs: the arguments the kernels were really called with in a default
  small model, recorded while it ran.
* ``run_seconds_1500`` / ``run_seconds_30000``: wall time of a whole run (construction plus
  every yearly step) after compilation, best of several.
* ``agent_years_per_second``: person-years simulated per second in the large run (the sum of
  each year's year-end ``headcount`` over the run's seconds).
* ``compile_seconds_cold`` / ``compile_seconds_cached``: time of the first one-year run of a
  200-person model in a fresh process, with an empty numba cache directory and then with the
  cache that first process filled (imports are not included).
* ``peak_rss_mb_30000``: peak resident memory (MiB) of a fresh process running the large model.
* ``mesa_boltzmann_agent_steps_per_second``: Mesa's bundled Boltzmann wealth example at the
  large agent count, one agent per cell as in its default (100 agents on 10 x 10), stepped for
  at least a second; ``ratio_vs_mesa`` is ``agent_years_per_second`` over it.
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import inspect
import json
import math
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np

FIGURES = (
    "kernel_speedup",
    "run_seconds_1500",
    "run_seconds_30000",
    "agent_years_per_second",
    "compile_seconds_cold",
    "compile_seconds_cached",
    "peak_rss_mb_30000",
    "mesa_boltzmann_agent_steps_per_second",
    "ratio_vs_mesa",
)

# Figure -> (comparison, threshold): the project's performance targets.
TARGETS = {
    "kernel_speedup": (">=", 50.0),
    "ratio_vs_mesa": (">=", 10.0),
    "run_seconds_1500": ("<", 0.5),
}

# The kernels timed for ``kernel_speedup``: every kernel the yearly cycle calls.
SPEEDUP_KERNELS = (
    "pair_compatibility",
    "mentor_time_share",
    "update_relationship_quality",
    "aggregate_mentoring",
    "develop_skills",
    "psychosocial",
    "mentor_wellbeing",
    "align_values",
    "track_composite",
    "path_fit",
    "promotion_probability",
    "exit_probability",
    "leadership_readiness",
)

DEFAULT_SIZES = (1500, 30000)
DEFAULT_YEARS = 30
SEED = 20240601
COMPILE_SIZE = 200
_REPO = Path(__file__).resolve().parent.parent

Progress = Callable[[str], None]


# ----------------------------------------------------------------- kernel inputs
def _array_size(args: tuple) -> int:
    """Total elements of the array arguments of one kernel call."""
    return sum(a.size for a in args if isinstance(a, np.ndarray))


def copy_args(args: tuple) -> tuple:
    """Return a deep copy of kernel arguments (kernels write into their arrays)."""
    return copy.deepcopy(args)


# Array arguments indexed by relationship or candidate pair; every other array argument except
# ``track_weights`` has one row per person.
NOT_PER_PERSON = {
    "pair_compatibility": frozenset({"mentees", "mentors", "out"}),
    "update_relationship_quality": frozenset({"rel_mentor", "rel_mentee", "rel_active",
                                              "rel_started", "compat", "noise", "quality",
                                              "ever_failing"}),
    "aggregate_mentoring": frozenset({"rel_mentor", "rel_mentee", "rel_active", "quality"}),
}


def kernel_param_names(name: str) -> list[str]:
    """Parameter names of a kernel, in order."""
    from sim.kernels import all_kernels

    kernel = all_kernels()[name]
    return list(inspect.signature(getattr(kernel, "py_func", kernel)).parameters)


def array_args(name: str, args: tuple) -> dict[str, np.ndarray]:
    """The array arguments of a call of kernel ``name``, by parameter name."""
    return {p: a for p, a in zip(kernel_param_names(name), args, strict=True)
            if isinstance(a, np.ndarray)}


def per_person_args(name: str, args: tuple) -> dict[str, np.ndarray]:
    """The array arguments that have one row per person."""
    skip = NOT_PER_PERSON.get(name, frozenset()) | {"track_weights"}
    return {p: a for p, a in array_args(name, args).items() if p not in skip}


@contextlib.contextmanager
def recording_kernel_calls() -> Iterator[dict[str, tuple]]:
    """Record the arguments the ``sim`` modules call each kernel with, while active.

    Every ``sim.*`` module attribute bound to a kernel of ``all_kernels()`` is replaced by a
    wrapper that copies the arguments before calling the kernel; for each kernel the call with
    the most array elements is kept. The original kernels are restored on exit.

    Yields:
        A dict filled as calls happen: kernel name -> argument tuple (a copy taken before the
        call, so it holds the kernel's inputs).
    """
    import sim.model  # noqa: F401  (imports every module that calls kernels)
    from sim.kernels import all_kernels

    recorded: dict[str, tuple] = {}
    patched = []
    for name, kernel in all_kernels().items():
        wrapper = _recorder(name, kernel, recorded)
        for module_name, module in list(sys.modules.items()):
            if (module_name == "sim" or module_name.startswith("sim.")) and \
                    getattr(module, name, None) is kernel:
                setattr(module, name, wrapper)
                patched.append((module, name, kernel))
    try:
        yield recorded
    finally:
        for module, name, kernel in patched:
            setattr(module, name, kernel)


def _recorder(name: str, kernel, recorded: dict[str, tuple]):
    """Return a wrapper of ``kernel`` that keeps the largest call's arguments in ``recorded``."""

    def wrapper(*args):
        if name not in recorded or _array_size(args) >= _array_size(recorded[name]):
            recorded[name] = copy_args(args)
        return kernel(*args)

    wrapper.__name__ = name
    return wrapper


def record_kernel_inputs(size: int = DEFAULT_SIZES[0], years: int = 5, seed: int = SEED,
                         **overrides) -> dict[str, tuple]:
    """Run a model and return the arguments of the largest call of each kernel.

    Args:
        size: People at year 0.
        years: Years to run.
        seed: Run seed.
        **overrides: Scenario overrides as ``group__key=value``.

    Returns:
        Kernel name -> argument tuple, for every kernel the model called.
    """
    from sim.model import MentorshipModel

    with recording_kernel_calls() as recorded:
        model = MentorshipModel(rng=seed, years=years, institution__initial_size=size,
                                **overrides)
        for _ in range(years):
            model.step()
    return dict(recorded)


# ----------------------------------------------------------------- kernel speed-up
def _best_call_seconds(fn, args: tuple, repeats: int, budget: float) -> float:
    """Fastest of up to ``repeats`` calls of ``fn`` on fresh copies of ``args``.

    Stops early once ``budget`` seconds have been spent in calls (after at least three).
    """
    best = math.inf
    spent = 0.0
    for i in range(repeats):
        fresh = copy_args(args)
        start = time.perf_counter()
        fn(*fresh)
        elapsed = time.perf_counter() - start
        best = min(best, elapsed)
        spent += elapsed
        if i >= 2 and spent >= budget:
            break
    return best


def kernel_timings(inputs: dict[str, tuple], names=SPEEDUP_KERNELS,
                   quick: bool = False) -> dict[str, dict[str, float]]:
    """Time each kernel jitted and interpreted (``.py_func``) on the same inputs.

    Both are warmed up first (the jitted kernel is compiled or loaded from cache). Each
    figure is the fastest of several calls, each on a fresh copy of the inputs.

    Returns:
        Kernel name -> {"jit": seconds, "py": seconds}.
    """
    from sim.kernels import all_kernels

    kernels = all_kernels()
    times = {}
    with np.errstate(over="ignore"):
        for name in names:
            kernel, args = kernels[name], inputs[name]
            kernel(*copy_args(args))
            kernel.py_func(*copy_args(args))
            times[name] = {
                "jit": _best_call_seconds(kernel, args, 50 if quick else 500, 0.05),
                "py": _best_call_seconds(kernel.py_func, args, 3 if quick else 7, 0.5),
            }
    return times


def kernel_speedup(times: dict[str, dict[str, float]]) -> float:
    """Total interpreted time over total jitted time."""
    return sum(t["py"] for t in times.values()) / sum(t["jit"] for t in times.values())


# ----------------------------------------------------------------- model runs
def time_run(size: int, years: int, seed: int = SEED) -> tuple[float, float]:
    """Run a default model once; return (seconds, person-years simulated).

    The seconds cover construction and every step; person-years are the sum over years of
    the year-end headcount.
    """
    from sim.model import MentorshipModel

    person_years = 0.0
    start = time.perf_counter()
    model = MentorshipModel(rng=seed, years=years, institution__initial_size=size)
    for _ in range(years):
        model.step()
        person_years += model.metrics["headcount"]
    return time.perf_counter() - start, person_years


def best_run(size: int, years: int, repeats: int) -> tuple[float, float]:
    """Fastest of ``repeats`` runs of a default model: (seconds, person-years)."""
    return min(time_run(size, years) for _ in range(repeats))


def warm_up() -> None:
    """Compile (or load from cache) every kernel with a tiny one-year run."""
    time_run(COMPILE_SIZE, 1)


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

_RSS_CHILD = """
import json, resource, sys
from sim.model import MentorshipModel
model = MentorshipModel(rng={seed}, years={years}, institution__initial_size={size})
for _ in range({years}):
    model.step()
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({{"peak_bytes": peak if sys.platform == "darwin" else peak * 1024}}))
"""


def run_child(code: str, env: dict[str, str] | None = None) -> dict:
    """Run Python code in a fresh interpreter and return the JSON it prints last."""
    full_env = {**os.environ, **(env or {})}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=full_env, cwd=_REPO, check=False)
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
def mesa_boltzmann_rate(n_agents: int, min_seconds: float = 1.0,
                        seed: int = 42) -> dict[str, float]:
    """Agent steps per second of Mesa's bundled Boltzmann wealth example.

    The grid is square with about one cell per agent, the density of the example's default
    (100 agents on 10 x 10). One warm-up step, then steps until ``min_seconds`` have passed
    (at least three).

    Returns:
        {"agent_steps_per_second", "steps", "seconds", "width"}.
    """
    from mesa.examples.basic.boltzmann_wealth_model.model import (
        BoltzmannScenario,
        BoltzmannWealth,
    )

    side = max(1, round(math.sqrt(n_agents)))
    model = BoltzmannWealth(scenario=BoltzmannScenario(n=n_agents, width=side, height=side,
                                                       rng=seed))
    model.step()
    steps = 0
    start = time.perf_counter()
    while True:
        model.step()
        steps += 1
        elapsed = time.perf_counter() - start
        if steps >= 3 and elapsed >= min_seconds:
            break
    return {"agent_steps_per_second": n_agents * steps / elapsed, "steps": float(steps),
            "seconds": elapsed, "width": float(side)}


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


# ----------------------------------------------------------------- the whole benchmark
def run_benchmark(quick: bool = False, sizes: tuple[int, int] = DEFAULT_SIZES,
                  years: int = DEFAULT_YEARS, progress: Progress | None = None) -> dict:
    """Measure every figure of ``FIGURES``.

    Args:
        quick: Fewer repeats (one large run instead of three; shorter kernel timing).
        sizes: (small, large) people at year 0: the "1500" and "30000" figures.
        years: Years per timed run.
        progress: Called with a short message before each measurement (e.g. to print it).

    Returns:
        The figures (floats) under their names, plus ``machine`` (see :func:`machine`) and
        ``details`` (sizes, repeats, per-kernel times, the Boltzmann run).
    """
    say = progress or (lambda message: None)
    small, large = sizes
    say("warming up (compiling kernels)")
    warm_up()
    say(f"kernel speed-up on a {small}-person model's arrays")
    # A formal compatibility program calls every kernel from Python (without a program,
    # compatibility is computed inside the jitted informal search).
    inputs = record_kernel_inputs(small, min(years, 5), program__formal=True,
                                  program__policy="compatibility")
    times = kernel_timings(inputs, quick=quick)
    say(f"{small} people, {years} years")
    small_seconds, _ = best_run(small, years, 3)
    large_repeats = 1 if quick else 3
    say(f"{large} people, {years} years, best of {large_repeats}")
    large_seconds, person_years = best_run(large, years, large_repeats)
    say("compile time in fresh processes (empty, then filled numba cache)")
    cold, cached = compile_seconds()
    say(f"peak memory of a fresh {large}-person run")
    rss = peak_rss_mb(large, years)
    say(f"Mesa Boltzmann wealth example, {large} agents")
    boltzmann = mesa_boltzmann_rate(large, min_seconds=0.3 if quick else 1.0)
    rate = person_years / large_seconds
    return {
        "kernel_speedup": kernel_speedup(times),
        "run_seconds_1500": small_seconds,
        "run_seconds_30000": large_seconds,
        "agent_years_per_second": rate,
        "compile_seconds_cold": cold,
        "compile_seconds_cached": cached,
        "peak_rss_mb_30000": rss,
        "mesa_boltzmann_agent_steps_per_second": boltzmann["agent_steps_per_second"],
        "ratio_vs_mesa": rate / boltzmann["agent_steps_per_second"],
        "machine": machine(),
        "details": {"sizes": [small, large], "years": years, "quick": quick,
                    "large_repeats": large_repeats, "person_years_large": person_years,
                    "kernel_seconds": times, "boltzmann": boltzmann},
    }


# ----------------------------------------------------------------- report
def target_status(name: str, value: float) -> str:
    """'met', 'not met', or '' for a figure without a target."""
    if name not in TARGETS:
        return ""
    op, threshold = TARGETS[name]
    met = value >= threshold if op == ">=" else value < threshold
    return "met" if met else "not met"


def format_table(result: dict) -> str:
    """Return the figures as a text table with the targets and whether each is met."""
    lines = [f"{'figure':<40} {'value':>14}  {'target':<8} status", "-" * 72]
    for name in FIGURES:
        value = result[name]
        target = " ".join(f"{v:g}" if isinstance(v, float) else v for v in TARGETS.get(name, ()))
        lines.append(f"{name:<40} {value:>14,.3f}  {target:<8} {target_status(name, value)}")
    facts = result["machine"]
    lines.append("-" * 72)
    lines.append(f"{facts['cpu']} ({facts['cpu_count']} CPUs), Python {facts['python']}, "
                 f"numba {facts['numba']}, mesa {facts['mesa']}, numpy {facts['numpy']}")
    details = result["details"]
    lines.append(f"sizes {details['sizes'][0]} / {details['sizes'][1]} people, "
                 f"{details['years']} years{' (quick)' if details['quick'] else ''}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Command line: run the benchmark, print the table, optionally write JSON.

    Args:
        argv: Arguments (``--json FILE``, ``--quick``); None reads ``sys.argv``.

    Returns:
        The exit status (0).
    """
    parser = argparse.ArgumentParser(prog="mentorsim bench", description=__doc__.splitlines()[0])
    parser.add_argument("--json", metavar="FILE", help="also write the figures to this JSON file")
    parser.add_argument("--quick", action="store_true", help="fewer repeats (faster, noisier)")
    args = parser.parse_args(argv)
    result = run_benchmark(quick=args.quick,
                           progress=lambda message: print(f"... {message}", file=sys.stderr))
    print(format_table(result))
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2) + "\n")
        print(f"wrote {args.json}")
    return 0

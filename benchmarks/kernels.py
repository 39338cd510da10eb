"""How fast the numba kernels are, and how much of a run they take.

* Speed-up: the kernels are called, jitted and interpreted (``.py_func``), on the arguments a
  default model really called them with (recorded while it ran), and the summed interpreted
  time is divided by the summed jitted time.
* Time share: every dispatcher the ``sim`` modules call is timed during one whole run; the
  share is the time inside them over the run's wall time. What is left is Python (Mesa's agent
  bookkeeping, matching outside numba, allocations), the distance to the kernels' limit.
"""

from __future__ import annotations

import copy
import inspect
import math
import time
from collections.abc import Callable

import numpy as np

from benchmarks.dispatchers import KernelClock, wrapped_dispatchers
from benchmarks.runs import SEED, time_run


def _array_size(args: tuple) -> int:
    """Total elements of the array arguments of one kernel call."""
    return sum(a.size for a in args if isinstance(a, np.ndarray))


def copy_args(args: tuple) -> tuple:
    """Return a deep copy of kernel arguments (kernels write into their arrays)."""
    return copy.deepcopy(args)


def kernel_param_names(name: str) -> list[str]:
    """Parameter names of a kernel of ``sim.kernels.all_kernels()``, in order."""
    from sim.kernels import all_kernels

    kernel = all_kernels()[name]
    return list(inspect.signature(getattr(kernel, "py_func", kernel)).parameters)


def array_args(name: str, args: tuple) -> dict[str, np.ndarray]:
    """The array arguments of a call of kernel ``name``, by parameter name."""
    return {
        p: a
        for p, a in zip(kernel_param_names(name), args, strict=True)
        if isinstance(a, np.ndarray)
    }


# Array arguments indexed by relationship or candidate pair; every other array argument except
# ``track_weights`` has one row per person.
NOT_PER_PERSON = {
    "pair_compatibility": frozenset({"mentees", "mentors", "out"}),
    "update_relationship_quality": frozenset(
        {
            "rows",
            "rel_mentor",
            "rel_mentee",
            "rel_kind",
            "rel_started",
            "compat",
            "noise",
            "quality",
            "ever_failing",
        }
    ),
    "aggregate_mentoring": frozenset({"rows", "rel_mentor", "rel_mentee", "quality"}),
}


def per_person_args(name: str, args: tuple) -> dict[str, np.ndarray]:
    """The array arguments of a call of kernel ``name`` that have one row per person."""
    # ``params`` is the one-row packed KernelParams.
    skip = NOT_PER_PERSON.get(name, frozenset()) | {"track_weights", "params"}
    return {p: a for p, a in array_args(name, args).items() if p not in skip}


def _recorder(recorded: dict[str, tuple]) -> Callable:
    """A wrapper factory that keeps each kernel's largest call's arguments in ``recorded``.

    The library calls kernels by keyword; the arguments are kept in the kernel's parameter
    order, as one positional tuple.
    """

    def make(name: str, kernel) -> Callable:
        signature = inspect.signature(getattr(kernel, "py_func", kernel))

        def wrapper(*args, **kwargs):
            args = tuple(signature.bind(*args, **kwargs).arguments.values())
            if name not in recorded or _array_size(args) >= _array_size(recorded[name]):
                recorded[name] = copy_args(args)
            return kernel(*args)

        wrapper.__name__ = name
        return wrapper

    return make


def record_kernel_inputs(
    size: int, years: int = 5, seed: int = SEED, **overrides
) -> dict[str, tuple]:
    """Run a model and return the arguments of the largest call of each kernel.

    The kernels are those of ``sim.kernels.all_kernels()``; each call's arguments are copied
    before the call, so they hold the kernel's inputs.

    Args:
        size: People at year 0.
        years: Years to run.
        seed: Run seed.
        **overrides: Scenario overrides as ``group__key=value``.

    Returns:
        Kernel name -> argument tuple, for every kernel the model called.
    """
    from sim.kernels import all_kernels
    from sim.model import MentorshipModel

    kernels = {id(k) for k in all_kernels().values()}
    recorded: dict[str, tuple] = {}
    with wrapped_dispatchers(_recorder(recorded), select=lambda _, d: id(d) in kernels):
        model = MentorshipModel(rng=seed, years=years, institution__initial_size=size, **overrides)
        for _ in range(years):
            model.step()
    return recorded


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


def kernel_timings(inputs: dict[str, tuple], quick: bool = False) -> dict[str, dict[str, float]]:
    """Time each recorded kernel jitted and interpreted (``.py_func``) on the same inputs.

    Both are warmed up first (the jitted kernel is compiled or loaded from cache). Each
    figure is the fastest of several calls, each on a fresh copy of the inputs.

    Returns:
        Kernel name -> {"jit": seconds, "py": seconds}.
    """
    from sim.kernels import all_kernels

    kernels = all_kernels()
    times = {}
    with np.errstate(over="ignore"):
        for name, args in sorted(inputs.items()):
            kernel = kernels[name]
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


def kernel_time_share(size: int, years: int, seed: int = SEED) -> tuple[float, KernelClock]:
    """Share of a default run's wall time spent inside jitted functions.

    Every numba dispatcher bound in an imported ``sim`` module is timed during one run
    (construction and every step). The caller must have run the same configuration once
    already, so nothing compiles while the dispatchers are wrapped.

    Returns:
        The share (0-1) and the clock with each dispatcher's seconds and calls.
    """
    clock = KernelClock()
    with wrapped_dispatchers(clock.wrapper):
        seconds, _ = time_run(size, years, seed)
    return clock.total / seconds, clock

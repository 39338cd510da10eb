"""Whether the first runs will wait for numba to compile the model's kernels.

The kernels are compiled on first use and cached on disk (``cache=True``); with a warm cache
a worker loads them in about a second, with a cold one (a fresh install, or a kernel module
just changed) every worker spends about 20 s compiling before its first run finishes, with no
progress to show. :func:`modules_to_compile` tells which is coming, so a command can say so
once, before it starts.

It reads numba's cache index for each jitted function of the ``sim`` modules (the same check
numba makes before loading a cached function), without compiling anything.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any


def _dispatchers() -> dict[str, list[object]]:
    """The jitted functions of each loaded ``sim`` module, by module name."""
    from numba.core.dispatcher import Dispatcher

    import sim.model  # noqa: F401 - loads every module with kernels (kernels, matching, rng)

    found: dict[str, list[object]] = {}
    for name, module in list(sys.modules.items()):
        if not (name == "sim" or name.startswith("sim.")) or module is None:
            continue
        for obj in vars(module).values():
            if isinstance(obj, Dispatcher) and obj.__module__ == name:
                found.setdefault(name, []).append(obj)
    return found


def _cached(dispatcher: Any) -> bool | None:
    """Whether numba's cache holds a current entry for a function (None: cannot tell)."""
    try:
        # The index is empty when missing, or when the source changed since it was written.
        return bool(dispatcher._cache._cache_file._load_index())
    except Exception:  # numba internals: any failure means "cannot tell"
        return None


def modules_to_compile() -> list[str]:
    """The ``sim`` modules whose kernels will be compiled rather than loaded from the cache.

    A module counts when none of its jitted functions has a current cache entry (a cold
    cache, or the module's source changed). A module with some entries is taken as cached:
    functions only ever called from other kernels have no entry of their own.

    Returns:
        Module names, empty when every module loads from the cache, when JIT is disabled
        (``NUMBA_DISABLE_JIT=1``), or when the cache cannot be read.
    """
    if os.environ.get("NUMBA_DISABLE_JIT", "0") not in ("", "0"):
        return []
    cold = []
    for module, functions in _dispatchers().items():
        states = [_cached(f) for f in functions]
        if None in states:
            return []
        if not any(states):
            cold.append(module)
    return sorted(cold)


def worth_announcing(cold: list[str]) -> bool:
    """Whether compiling the ``cold`` modules is a wait a notice should explain.

    Every cold module is: a kernel first used in the middle of a comparison (the
    sponsorship kernel runs only in designs with sponsorship) once froze a progress bar for
    over a minute with no word. The install step warms every kernel (:func:`warm_cache`),
    so after it a module is cold only when its source changed, and then it does compile.

    Args:
        cold: The modules :func:`modules_to_compile` found cold.
    """
    return bool(cold)


def warm_cache(progress: bool = True) -> list[str]:
    """Compile and cache every kernel now, by running each shipped design briefly.

    Small runs (120 people, 8 years) of every shipped design call every kernel the model
    has with the argument types real runs use, so numba caches them all; the first command
    after an install then loads them in about a second instead of compiling mid-run.

    Args:
        progress: Say which design is warming, on stderr.

    Returns:
        The modules that were cold before (empty when the cache was already warm).
    """
    from sim import data
    from sim.experiment.runner import simulate
    from sim.scenario import load

    cold = modules_to_compile()
    if progress:
        print(
            f"warming numba's cache: compiling {len(cold)} kernel modules (a minute or two "
            "on first install)"
            if cold
            else "numba's cache is warm",
            file=sys.stderr,
            flush=True,
        )
    if not cold:
        return cold
    for path in sorted(data.scenarios_dir().glob("*.toml")):
        scenario = load(path)
        if progress:
            print(f"  {scenario.name}", file=sys.stderr, flush=True)
        small = scenario.replace(**{"institution.initial_size": 120, "years": 8, "warmup_years": 2})
        simulate(small, seed=1)
    return cold


def cache_dir() -> Path | None:
    """Where numba caches the compiled kernels: ``NUMBA_CACHE_DIR``, or beside the sources."""
    if os.environ.get("NUMBA_CACHE_DIR"):
        return Path(os.environ["NUMBA_CACHE_DIR"])
    for functions in _dispatchers().values():
        for f in functions:
            path = getattr(getattr(f, "_cache", None), "_cache_path", None)
            if path:
                return Path(path)
    return None


if __name__ == "__main__":  # ``python -m sim.experiment.compilation``: the install step
    warm_cache()

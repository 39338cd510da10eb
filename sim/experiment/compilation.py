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
    """Whether compiling the ``cold`` modules is the long wait a notice should explain.

    A fresh install or an emptied cache leaves every module cold, and the first runs wait
    about 20 s. One module may stay cold for good when no run so far has called it (the
    sponsorship kernel runs only in designs with sponsorship), and one changed module
    compiles in a few seconds: neither is worth a notice on every command. So the notice is
    given when at least half of the kernel modules are cold.

    Args:
        cold: The modules :func:`modules_to_compile` found cold.
    """
    return bool(cold) and 2 * len(cold) >= len(_dispatchers())


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

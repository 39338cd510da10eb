"""Finding the numba dispatchers the library calls from Python, and wrapping them for a while.

Every ``sim.*`` module attribute that is a numba ``CPUDispatcher`` (a ``@njit`` function) is a
place Python calls compiled code from. :func:`wrapped_dispatchers` swaps each such attribute
for a wrapper while active and puts the originals back on exit; the kernel recorder and the
kernel timer of the benchmark are such wrappers. Nothing lists the kernels by hand, so a
kernel added or moved (matching going into numba, say) is found the same way.

Compile before wrapping: a jitted function compiled while a dispatcher it calls is wrapped
would see a Python function in its globals and fail to type. The benchmark runs every
configuration once before it wraps.
"""

from __future__ import annotations

import contextlib
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from numba.core.registry import CPUDispatcher

Wrapper = Callable[[str, CPUDispatcher], Callable]


def sim_dispatchers() -> list[tuple[object, str, CPUDispatcher]]:
    """(module, attribute name, dispatcher) of every dispatcher bound in an imported sim module.

    The same dispatcher bound in several modules (``from sim.kernels import x``) is listed
    once per module: a call goes through exactly one of the bindings.
    """
    import sim.model  # noqa: F401  (imports every module the yearly cycle calls kernels from)

    found = []
    for module_name, module in sorted(sys.modules.items()):
        if module is None or not (module_name == "sim" or module_name.startswith("sim.")):
            continue
        for name, value in sorted(vars(module).items()):
            if isinstance(value, CPUDispatcher):
                found.append((module, name, value))
    return found


@contextlib.contextmanager
def wrapped_dispatchers(
    make_wrapper: Wrapper, select: Callable[[str, CPUDispatcher], bool] | None = None
) -> Iterator[list[tuple[object, str, CPUDispatcher]]]:
    """Replace the selected dispatchers of the sim modules by wrappers while active.

    Args:
        make_wrapper: Called once per dispatcher with (its ``__name__``, the dispatcher);
            returns the callable that stands in for it in every module.
        select: Which dispatchers to wrap (default: all).

    Yields:
        The (module, attribute, dispatcher) bindings that were replaced.
    """
    wrappers: dict[int, Callable] = {}
    patched = []
    for module, name, dispatcher in sim_dispatchers():
        label = dispatcher.__name__
        if select is not None and not select(label, dispatcher):
            continue
        if id(dispatcher) not in wrappers:
            wrappers[id(dispatcher)] = make_wrapper(label, dispatcher)
        setattr(module, name, wrappers[id(dispatcher)])
        patched.append((module, name, dispatcher))
    try:
        yield patched
    finally:
        for module, name, dispatcher in patched:
            setattr(module, name, dispatcher)


@dataclass
class KernelClock:
    """Seconds spent inside each dispatcher and how often it was called, while wrapped."""

    seconds: dict[str, float] = field(default_factory=dict)
    calls: dict[str, int] = field(default_factory=dict)

    def wrapper(self, label: str, dispatcher: CPUDispatcher) -> Callable:
        """A timing stand-in for ``dispatcher`` (for :func:`wrapped_dispatchers`)."""
        self.seconds.setdefault(label, 0.0)
        self.calls.setdefault(label, 0)

        def timed(*args, **kwargs):
            start = time.perf_counter()
            try:
                return dispatcher(*args, **kwargs)
            finally:
                self.seconds[label] += time.perf_counter() - start
                self.calls[label] += 1

        timed.__name__ = label
        return timed

    @property
    def total(self) -> float:
        """Seconds inside all dispatchers."""
        return sum(self.seconds.values())

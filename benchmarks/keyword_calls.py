"""What calling a kernel by keyword costs over calling it by position.

The library passes every kernel argument by keyword (``tests/test_kernel_calls.py``), so a
swapped argument cannot pass silently; numba folds keywords into positions in its dispatcher
on each call. This times both ways on the arguments a small model really passes (recorded
while it ran), so the work inside the kernel is small and the dispatch shows.

``python -m benchmarks.keyword_calls`` prints, per kernel, the fastest call each way and the
difference, and the extra time a model year pays (the difference times the kernel calls a
year makes).
"""

from __future__ import annotations

import inspect
import timeit

from benchmarks.kernels import copy_args, record_kernel_inputs

# A small model, so the dispatch is a visible part of a call.
SIZE, YEARS = 60, 3
CALLS, ROUNDS = 2000, 7


def keyword_call_overhead(calls: int = CALLS, rounds: int = ROUNDS) -> dict[str, dict[str, float]]:
    """Seconds per call of each recorded kernel, by position and by keyword.

    Args:
        calls: Calls per timing round.
        rounds: Rounds; the fastest is kept (the least disturbed by other processes).

    Returns:
        Kernel name -> {"positional": s, "keyword": s, "extra": keyword - positional}.
    """
    from sim.kernels import all_kernels

    kernels = all_kernels()
    inputs = record_kernel_inputs(
        SIZE, YEARS, program__formal=True, program__policy="compatibility"
    )
    result = {}
    for name, recorded in sorted(inputs.items()):
        kernel = kernels[name]
        args = copy_args(recorded)
        names = list(inspect.signature(kernel.py_func).parameters)
        by_name = dict(zip(names, args, strict=True))
        kernel(*args)
        kernel(**by_name)
        positional = min(timeit.repeat(lambda k=kernel, a=args: k(*a), number=calls, repeat=rounds))
        keyword = min(
            timeit.repeat(lambda k=kernel, kw=by_name: k(**kw), number=calls, repeat=rounds)
        )
        result[name] = {
            "positional": positional / calls,
            "keyword": keyword / calls,
            "extra": (keyword - positional) / calls,
        }
    return result


def main() -> None:
    """Print the per-call figures and the extra time per model year."""
    print(f"timing kernel calls by position and by keyword ({SIZE}-person model's arguments)")
    figures = keyword_call_overhead()
    print(f"{'kernel':28s} {'positional':>11s} {'keyword':>9s} {'extra':>8s}")
    for name, f in figures.items():
        print(
            f"{name:28s} {f['positional'] * 1e6:9.2f}us {f['keyword'] * 1e6:7.2f}us "
            f"{f['extra'] * 1e6:6.2f}us"
        )
    mean = sum(f["extra"] for f in figures.values()) / len(figures)
    print(f"mean extra per call: {mean * 1e6:.2f} us over {len(figures)} kernels")


if __name__ == "__main__":
    main()

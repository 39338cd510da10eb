"""Sweep throughput and memory: what a researcher's thousands of runs cost beyond the model.

* ``sweep_runs_per_second_1_worker`` / ``_2_workers``: steady-state throughput of a sweep of
  the default institution (runs finished per second after each worker's first part and
  before the last worker's last part, so neither the start nor the drain, when one worker
  idles while the other finishes, is counted; the 2-worker pool is started, and its kernels
  loaded, before the clock starts; 1 worker runs in process). The two sweeps alternate for
  ``SWEEP_ROUNDS`` rounds and each keeps its best rate, as run times keep their fastest:
  other work on a shared machine only ever slows a sweep, and alternating lets a slow minute
  fall on both. ``sweep_speedup_2_workers`` is the ratio of the two (target >= 1.8).
* ``sweep_run_seconds_ratio``: seconds inside one run with 2 workers over those with 1. About
  1 on an idle two-core machine; near 2 when other processes hold a core, which caps the
  speed-up whatever the sweep does (read ``sweep_speedup_2_workers`` with it).
* ``sweep_overhead_share``: in the one-worker sweep, the wall time not spent inside the runs
  (drawing and checking points, building each point's scenario, writing the parts, compacting,
  the manifest) over the time inside them (target < 0.10).
* ``sweep_peak_rss_mb_500`` / ``_5000``: peak resident memory of a fresh process running a
  sweep of 500 and of 5,000 runs of a tiny institution; ``sweep_peak_rss_ratio`` is their
  ratio (target <= 1.2: memory stays flat as runs grow).
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.runs import PEAK_SNIPPET, run_child

#: Figure -> (comparison, threshold).
TARGETS = {
    "sweep_speedup_2_workers": (">=", 1.8),
    "sweep_overhead_share": ("<", 0.10),
    "sweep_peak_rss_ratio": ("<=", 1.2),
}

#: Rounds of the alternating 1- and 2-worker throughput sweeps (1 with ``--quick``).
SWEEP_ROUNDS = 2

FIGURES = (
    "sweep_runs_per_second_1_worker",
    "sweep_runs_per_second_2_workers",
    "sweep_speedup_2_workers",
    "sweep_run_seconds_ratio",
    "sweep_overhead_share",
    "sweep_peak_rss_mb_500",
    "sweep_peak_rss_mb_5000",
    "sweep_peak_rss_ratio",
)

EXPERIMENT = """
name = "bench"
designs = ["{design}"]
replicates = {runs}
seed = 3
years = {years}
outcomes = ["mentored_share"]
[set]
"institution.initial_size" = {size}
"""

_MEMORY_CHILD = """
from pathlib import Path
from sim.experiment.options import RunOptions
from sim.experiment.sweep import load_experiment, run_sweep
run_sweep(load_experiment({path!r}), RunOptions(out_dir=Path({out!r}), workers=1))
""" + PEAK_SNIPPET.replace("{", "{{").replace("}", "}}")


def _experiment(
    folder: Path, name: str, runs: int, size: int, years: int, design: str = "baseline"
) -> Path:
    path = folder / f"{name}.toml"
    path.write_text(EXPERIMENT.format(design=design, runs=runs, size=size, years=years))
    return path


def _ready(seconds: float) -> int:
    """Worker task: load the compiled kernels with a tiny run, then hold the worker a moment."""
    from benchmarks.runs import warm_up

    warm_up()
    time.sleep(seconds)
    return os.getpid()


def started_pool(workers: int):
    """A local worker pool whose every worker has started and loaded the kernels.

    Each worker is held by a start-up task until all have taken one, so the sweep timed next
    starts with every worker ready: its rate is the steady state, not the pool's start-up.
    """
    from sim.experiment.runner import make_executor

    executor = make_executor(workers)
    for _ in range(3):  # a worker that finished its first task early may take a second
        pids = {f.result() for f in [executor.submit(_ready, 1.0) for _ in range(workers)]}
        if len(pids) == workers:
            break
    return executor


def throughput(path: Path, out: Path, workers: int) -> dict[str, float]:
    """Steady-state runs per second of one sweep, and its wall and in-run seconds.

    With more than one worker the pool is started (and the kernels loaded in every worker)
    before the clock starts; one worker runs in this process, already warm.
    """
    from sim.experiment.options import RunOptions
    from sim.experiment.sweep import load_experiment, run_sweep

    stamps: list[float] = []
    executor = started_pool(workers) if workers > 1 else None
    try:
        started = time.perf_counter()
        result = run_sweep(
            load_experiment(path),
            RunOptions(out_dir=out, workers=workers),
            executor=executor,
            on_done=lambda _: stamps.append(time.perf_counter()),
        )
        wall = time.perf_counter() - started
    finally:
        if executor is not None:
            executor.shutdown()
    rate = steady_rate(stamps, result.manifest["runs_per_part"], workers)
    return {
        "rate": rate,
        "wall": wall,
        "model": result.model_seconds,
        "runs": result.runs_total - result.runs_before,
    }


def steady_rate(stamps: list[float], per_part: int, workers: int) -> float:
    """Runs per second while every worker is busy, from each run's finishing time.

    Runs finish a part at a time (their keys reported together). The rate is counted from
    the end of the first ``workers`` parts, the first of each worker, to the end of the part
    that leaves ``workers - 1`` parts still running: after it, a worker may idle while the
    others finish, which a sweep of thousands of runs hardly sees.

    Args:
        stamps: Each run's finishing time, in order (seconds).
        per_part: Runs per part.
        workers: Workers running parts at once.
    """
    skip = min(workers * per_part, len(stamps) - per_part)
    end = max(skip + 1, len(stamps) - (workers - 1) * per_part)
    return (end - skip) / (stamps[end - 1] - stamps[skip - 1])


def peak_rss_mb(path: Path, out: Path) -> float:
    """Peak resident memory (MiB) of a fresh process running a whole sweep in one worker."""
    return run_child(_MEMORY_CHILD.format(path=str(path), out=str(out)))["peak_bytes"] / 2**20


def sweep_benchmark(
    quick: bool = False,
    size: int = 1500,
    years: int = 30,
    progress: Callable[[str], None] | None = None,
) -> dict:
    """Measure the sweep figures (see the module docstring).

    Args:
        quick: Fewer runs (24 per throughput sweep; 100 and 1,000 runs for memory; the
            memory figures keep their names).
        size: People in the throughput sweeps' institution.
        years: Years per throughput run.
        progress: Called with a short message before each measurement.

    Returns:
        The figures and ``sweep_details`` (sizes and run counts used).
    """
    say = progress or (lambda message: None)
    runs = 24 if quick else 60
    small, large = (100, 1000) if quick else (500, 5000)
    with tempfile.TemporaryDirectory(prefix="mentorsim-sweep-bench-") as tmp:
        folder = Path(tmp)
        path = _experiment(folder, "throughput", runs, size, years)
        trials: dict[int, list[dict]] = {1: [], 2: []}
        for round_ in range(1 if quick else SWEEP_ROUNDS):
            for workers in (1, 2):
                say(
                    f"sweep of {runs} runs ({size} people, {years} years), {workers} "
                    f"worker{'s' if workers > 1 else ''}, round {round_ + 1}"
                )
                trials[workers].append(throughput(path, folder / f"w{workers}r{round_}", workers))
        one, two = (max(trials[w], key=lambda trial: trial["rate"]) for w in (1, 2))
        say(f"peak memory of {small}- and {large}-run sweeps (50 people, 6 years)")
        rss = {
            n: peak_rss_mb(_experiment(folder, f"memory{n}", n, 50, 6), folder / f"m{n}")
            for n in (small, large)
        }
    return {
        "sweep_runs_per_second_1_worker": one["rate"],
        "sweep_runs_per_second_2_workers": two["rate"],
        "sweep_speedup_2_workers": two["rate"] / one["rate"],
        "sweep_run_seconds_ratio": (two["model"] / two["runs"]) / (one["model"] / one["runs"]),
        "sweep_overhead_share": (one["wall"] - one["model"]) / one["model"],
        "sweep_peak_rss_mb_500": rss[small],
        "sweep_peak_rss_mb_5000": rss[large],
        "sweep_peak_rss_ratio": rss[large] / rss[small],
        "sweep_details": {
            "size": size,
            "years": years,
            "throughput_runs": runs,
            "memory_runs": [small, large],
            "memory_size": 50,
            "memory_years": 6,
            "wall_seconds_1_worker": one["wall"],
            "model_seconds_1_worker": one["model"],
            "wall_seconds_2_workers": two["wall"],
            "quick": quick,
            "rates_1_worker": [t["rate"] for t in trials[1]],
            "rates_2_workers": [t["rate"] for t in trials[2]],
        },
    }


def format_sweep_table(result: dict) -> str:
    """The sweep figures as a text table with their targets."""
    lines = [f"{'sweep figure':<40} {'value':>14}  {'target':<8} status", "-" * 72]
    for name in FIGURES:
        value = result[name]
        op, threshold = TARGETS.get(name, ("", None))
        status = ""
        if threshold is not None:
            met = {">=": value >= threshold, "<": value < threshold, "<=": value <= threshold}[op]
            status = "met" if met else "not met"
        target = f"{op} {threshold:g}" if threshold is not None else ""
        lines.append(f"{name:<40} {value:>14,.3f}  {target:<8} {status}")
    details = result["sweep_details"]
    lines.append(
        f"throughput: {details['throughput_runs']} runs of {details['size']} people, "
        f"{details['years']} years; memory: {details['memory_runs'][0]} and "
        f"{details['memory_runs'][1]} runs of {details['memory_size']} people, "
        f"{details['memory_years']} years"
    )
    return "\n".join(lines)

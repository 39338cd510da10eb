"""Replications: one pure function per run, mapped over replicate seeds by any executor.

``simulate`` turns (scenario, seed) into tidy tables; ``run_designs`` maps it over designs and
replicate seeds with any ``concurrent.futures.Executor`` (a local process pool by default),
writing each finished replicate to disk at once. Replicate r of base seed s always uses
``replicate_seeds(s, n)[r]``, and every design uses the same replicate seeds (common random
numbers), so results do not depend on the worker count, the backend or the order of
completion.

One engine (:func:`run_tasks`) schedules the tasks of ``run_designs`` and of sweeps
(``sim.experiment.sweep.runner``) on local processes or Dask. What each writes stays its own:
a replicate of a design here is one task whose four tables (runs, yearly, retention, loads)
are its part, found done by design and replicate, so a resume may also add replicates; a
sweep's task is a part of several runs at several points (runs and yearly, with the point's
values), found done by part number, compacted in part order.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sim import outcomes
from sim.experiment import storage
from sim.experiment.options import RunOptions
from sim.extras import require
from sim.model import MentorshipModel
from sim.rng import replicate_seeds
from sim.scenario import Scenario, from_dict


def simulate(
    scenario: Scenario, seed: int, *, replicate: int = 0, years: int | None = None
) -> dict[str, pd.DataFrame]:
    """Run one replicate and return its tidy tables.

    Args:
        scenario: The design.
        seed: The replicate's 64-bit seed.
        replicate: The replicate index (carried into every row).
        years: Years to run (default: the scenario's).

    Returns:
        ``runs`` (one row of outcomes), ``yearly`` (one row per year), ``retention`` (one row
        per followed faculty member) and ``loads`` (one row per active mentor at the end),
        each with ``design``, ``replicate`` and ``seed`` columns first.
    """
    model = MentorshipModel(scenario=scenario, rng=seed, years=years)
    model.run()
    yearly = model.yearly()
    ids = {"design": scenario.name, "replicate": replicate, "seed": np.uint64(seed)}
    runs = pd.DataFrame([{**ids, **model.outcomes(yearly)}])
    retention = _with_ids(outcomes.retention_table(model.people, model.design, model.year), ids)
    loads = _with_ids(outcomes.load_table(model.people), ids)
    yearly = _with_ids(yearly, ids)
    return {"runs": runs, "yearly": yearly, "retention": retention, "loads": loads}


def _with_ids(frame: pd.DataFrame, ids: dict) -> pd.DataFrame:
    front = pd.DataFrame(
        {
            "design": pd.Series([ids["design"]] * len(frame), dtype="string"),
            "replicate": np.full(len(frame), ids["replicate"], dtype=np.int64),
            "seed": np.full(len(frame), ids["seed"], dtype=np.uint64),
        }
    )
    return pd.concat([front, frame.reset_index(drop=True)], axis=1)


def _task(
    scenario_dict: dict, seed: int, replicate: int, years: int | None, out_dir: str
) -> tuple[str, int, float]:
    """Worker entry point: run one replicate, write its parts, return its wall time."""
    scenario = from_dict(scenario_dict, source="task")
    start = time.perf_counter()
    tables = simulate(scenario, seed, replicate=replicate, years=years)
    storage.write_parts(Path(out_dir), scenario.name, replicate, tables)
    return scenario.name, replicate, time.perf_counter() - start


class SerialExecutor(Executor):
    """Runs tasks in the calling process, one at a time (``--workers 1``; no start-up cost)."""

    def submit(self, fn, /, *args, **kwargs) -> Future:
        """Run ``fn`` now and return a finished future holding its result or exception."""
        future: Future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as err:  # handed to the caller through the future
            future.set_exception(err)
        return future


class DaskExecutor(Executor):
    """A Dask distributed cluster as a ``concurrent.futures.Executor``.

    Connects a client to a running scheduler (``tcp://HOST:PORT``) and submits through
    ``Client.get_executor()``. The scheduler redoes the tasks of a worker that is lost. Tasks
    write their results under the output folder, so workers must see the same file system
    (true on one machine and on clusters with a shared file system).

    Args:
        address: The scheduler's address.
    """

    def __init__(self, address: str):
        require("cluster", "a Dask scheduler")
        from distributed import Client

        self.client = Client(address)
        self._executor = self.client.get_executor()

    def submit(self, fn, /, *args, **kwargs) -> Future:
        """Submit a task to the cluster."""
        return self._executor.submit(fn, *args, **kwargs)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        """Stop submitting and close the client (the cluster itself keeps running)."""
        self._executor.shutdown(wait=wait)
        self.client.close()


def make_executor(workers: int | None, scheduler: str | None = None) -> Executor:
    """The executor for a run: a Dask cluster, else serial for one worker, else a local pool.

    Local workers are spawned, not forked: they start clean, which keeps global state (and
    numba's threads) out of children; compiled kernels come from numba's on-disk cache.

    Args:
        workers: Local worker processes (default: all cores); ignored with a scheduler.
        scheduler: Address of a Dask scheduler (``tcp://HOST:PORT``), or None.
    """
    if scheduler:
        return DaskExecutor(scheduler)
    workers = workers or os.cpu_count() or 1
    if workers == 1:
        return SerialExecutor()
    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=end_with_parent,
        initargs=(os.getpid(),),
    )


#: Seconds between a worker's checks that the process that started it is still there.
PARENT_POLL_SECONDS = 1.0


def end_with_parent(parent: int) -> None:
    """Worker initializer: end this worker process when its parent has gone.

    A killed command (SIGKILL, SIGTERM, a closed terminal) cannot shut its process pool
    down, and its workers would otherwise run their tasks to the end and then wait for more
    for ever. A daemon thread polls the parent's id; once the worker has been handed to
    another parent, it exits at once (finished runs are already on disk).

    Args:
        parent: Process id of the process that created the pool.
    """

    def watch() -> None:
        while True:
            time.sleep(PARENT_POLL_SECONDS)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="end-with-parent", daemon=True).start()


def completed_in_submission_order(futures: list[Future]) -> Iterator[Future]:
    """Yield futures as they finish; those found finished together in submission order.

    ``as_completed`` yields futures that finished together in set order, which varies from
    process to process; callers that report progress by design would then name designs in a
    different order on each run.

    Args:
        futures: The futures, in submission order.
    """
    order = {future: k for k, future in enumerate(futures)}
    pending = set(futures)
    while pending:
        finished, pending = wait(pending, return_when=FIRST_COMPLETED)
        yield from sorted(finished, key=order.__getitem__)


#: Tasks in flight per run slot: enough to keep every worker busy while results are handled,
#: few enough that the futures and results held do not grow with the experiment.
WINDOW_PER_SLOT = 4


def slots(executor: Executor, workers: int | None) -> int:
    """How many tasks the executor runs at once (a Dask cluster's threads, else the pool's)."""
    client = getattr(executor, "client", None)
    if client is not None:
        return max(1, sum(client.nthreads().values()))
    return max(1, getattr(executor, "_max_workers", workers or 1))


def run_tasks(
    tasks: Iterable[tuple[Callable[..., Any], tuple]],
    on_result: Callable[[Any], None],
    *,
    options: RunOptions,
    executor: Executor | None = None,
) -> None:
    """The run engine: tasks on local processes or Dask, a bounded window in flight.

    Both ``run_designs`` (``run`` and ``compare``) and ``run_sweep`` submit through it. Each
    task writes its own results to disk, so what ends up in a folder does not depend on this
    schedule; the engine only decides when tasks start and hands each result over as it
    finishes (results found finished together in submission order, so progress reads the same
    from run to run; a serial executor's result before the next task starts, so progress moves
    task by task).

    Args:
        tasks: ``(function, arguments)`` pairs, drawn lazily as the window has room.
        on_result: Called with each task's return value.
        options: ``workers`` and ``scheduler`` when no executor is given.
        executor: Any ``concurrent.futures.Executor``, kept open for the caller; else one is
            made (:func:`make_executor`) and shut down at the end.
    """
    own = executor is None
    executor = executor or make_executor(options.workers, options.scheduler)
    todo = iter(tasks)
    order: dict[Future, int] = {}
    submitted = 0
    try:
        window, checked = WINDOW_PER_SLOT * slots(executor, options.workers), time.monotonic()
        running: set[Future] = set()
        while True:
            if time.monotonic() - checked > 1.0:
                # A cluster may grow (or shrink) while the tasks run: a job queue starts
                # workers as the batch system grants them.
                window = WINDOW_PER_SLOT * slots(executor, options.workers)
                checked = time.monotonic()
            for function, arguments in todo:
                future = executor.submit(function, *arguments)
                order[future], submitted = submitted, submitted + 1
                running.add(future)
                if len(running) >= window or future.done():
                    break
            if not running:
                break
            finished, running = wait(running, return_when=FIRST_COMPLETED)
            for future in sorted(finished, key=order.pop):
                on_result(future.result())
    finally:
        if own:
            executor.shutdown(wait=True, cancel_futures=True)


@dataclass
class RunSet:
    """What an experiment wrote: its folder, designs, seeds and wall times."""

    out_dir: Path
    designs: list[str]
    seeds: list[int]
    wall_seconds: dict[str, float] = field(default_factory=dict)
    files: dict[str, Path] = field(default_factory=dict)

    def table(self, name: str) -> pd.DataFrame:
        """Read one consolidated table (runs, yearly, retention, loads)."""
        return pd.read_parquet(self.out_dir / f"{name}.parquet")


def run_designs(
    scenarios: list[Scenario],
    *,
    reps: int,
    seed: int,
    options: RunOptions,
    executor: Executor | None = None,
    replicates: Iterable[int] | None = None,
    on_done: Callable[[str, int, float], None] | None = None,
    member_overrides: Callable[[int], Mapping[str, float]] | None = None,
) -> RunSet:
    """Run every design on the same replicate seeds; write parts as they finish.

    Args:
        scenarios: The designs (their names must differ).
        reps: Number of replicates (the seeds are the first ``reps`` of the base seed's).
        seed: The base seed.
        options: How to run: ``out_dir`` (required), ``years`` (default: each scenario's
            own), ``workers`` and ``scheduler`` when no executor is given, and ``resume``:
            keep finished replicates already on disk and run only what is missing
            (otherwise earlier parts of these designs are cleared first).
        executor: Any ``concurrent.futures.Executor``, kept open for the caller.
        replicates: Which replicate indices to run (default: all).
        on_done: Called with (design, replicate, seconds) as each replicate finishes.
        member_overrides: Replicate r -> parameter overrides of the ensemble member it runs
            (``sim.experiment.ensemble``), applied to every design alike, so replicate r of
            every design runs the same member on the same seed.

    Returns:
        The RunSet; consolidated tables are written for all replicates run so far.
    """
    names = [s.name for s in scenarios]
    if len(set(names)) != len(names):
        raise ValueError(f"design names must differ, got {names}")
    out_dir = options.required_folder("run_designs")
    years = options.years
    out_dir.mkdir(parents=True, exist_ok=True)
    seeds = replicate_seeds(seed, reps)
    wanted = sorted(set(range(reps) if replicates is None else replicates))
    if not options.resume:
        for name in names:
            storage.clear_parts(out_dir, name)
    wall: dict[str, float] = {}

    def report(result: tuple[str, int, float]) -> None:
        design, r, seconds = result
        wall[f"{design}/{r}"] = seconds
        if on_done is not None:
            on_done(design, r, seconds)

    # Every missing replicate's task, built before any runs (a member that is not a valid
    # scenario is refused before the first run).
    tasks = []
    for scenario in scenarios:
        done = storage.done_replicates(out_dir, scenario.name)
        for r in wanted:
            if r not in done:
                resolved = scenario.replace(**member_overrides(r)) if member_overrides else scenario
                tasks.append((_task, (resolved.to_dict(), seeds[r], r, years, str(out_dir))))
    run_tasks(tasks, report, options=options, executor=executor)
    # Consolidate every replicate finished for all designs (earlier batches included).
    finished = set(range(reps))
    for name in names:
        finished &= storage.done_replicates(out_dir, name)
    complete = sorted(finished)
    files = storage.consolidate(out_dir, names, complete)
    return RunSet(
        out_dir=out_dir,
        designs=names,
        seeds=[seeds[r] for r in complete],
        wall_seconds=wall,
        files=files,
    )

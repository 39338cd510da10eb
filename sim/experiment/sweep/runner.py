"""Running a sweep: every design x point x replicate, streamed to disk, resumable.

Replicate r of every design at every point uses the same seed, ``replicate_seeds(seed, R)[r]``
(common random numbers), so differences between points and designs are paired. The runs are
cut into parts of a few consecutive runs (:mod:`sim.experiment.sweep.store`), submitted to any
``concurrent.futures.Executor`` a bounded window at a time by the run engine that ``run`` and
``compare`` use too (:func:`sim.experiment.runner.run_tasks`), so neither the futures nor the
results held grow with the sweep; each finished part writes its own files. A resumed sweep
submits only the parts that are missing; compaction then gives the same files as an
uninterrupted sweep.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from sim.experiment import resume as resuming
from sim.experiment import storage
from sim.experiment.options import RunOptions
from sim.experiment.runner import run_tasks, simulate
from sim.experiment.sweep import store
from sim.experiment.sweep.samplers import check_points, draw_points, overrides, points_sha256
from sim.experiment.sweep.spec import Experiment
from sim.rng import replicate_seeds
from sim.scenario import Scenario


@dataclass
class SweepResult:
    """What a sweep wrote and how long it took.

    Attributes:
        out_dir: The folder.
        runs_total: Runs in the experiment.
        runs_before: Runs already on disk when it started (a resume).
        seconds: Wall time of this invocation.
        model_seconds: Summed time inside ``simulate`` of the runs done now.
        write_seconds: Summed time writing their parts.
        manifest: The manifest written.
        warnings: What its analyses flagged (sensitivity checks), one line each.
    """

    out_dir: Path
    runs_total: int
    runs_before: int
    seconds: float
    model_seconds: float
    write_seconds: float
    manifest: dict
    warnings: list[str] = field(default_factory=list)

    def table(self, name: str) -> pd.DataFrame:
        """Read one compacted table (``runs``, ``yearly``, ``points``)."""
        return pd.read_parquet(self.out_dir / f"{name}.parquet")


def run_keys(experiment: Experiment, n_points: int) -> list[store.RunKey]:
    """Every run in table order: designs as in the file, then points, then replicates."""
    return [
        (d.name, p, r)
        for d in experiment.designs
        for p in range(n_points)
        for r in range(experiment.replicates)
    ]


def resolved(experiment: Experiment, points: pd.DataFrame) -> dict:
    """What a resume must match.

    The command, the resolved experiment, a fingerprint of its points, and how its runs are
    cut into parts.
    """
    return {
        "command": "sweep",
        **experiment.resolved(),
        "points": len(points),
        "points_sha256": points_sha256(points),
        "runs_per_part": part_size(experiment, points),
    }


def part_size(experiment: Experiment, points: pd.DataFrame) -> int:
    """Runs per part of this experiment, from its largest run (initial size x years)."""
    # A varied size or length reaches its largest value at some point of every design.
    varied_size = (
        points["institution.initial_size"].max() if "institution.initial_size" in points else 0
    )
    varied_years = points["years"].max() if "years" in points else 0
    largest = max(
        float(max(d.scenario.institution.initial_size, varied_size))
        * float(max(d.scenario.years, varied_years))
        for d in experiment.designs
    )
    runs = len(experiment.designs) * len(points) * experiment.replicates
    return store.runs_per_part(runs, largest)


@dataclass(frozen=True)
class Run:
    """What a worker needs for one run: its key, design, point values and seed."""

    key: store.RunKey
    scenario: Scenario
    values: dict
    seed: int


def _run_part(
    part: int, runs: list[Run], dtypes: dict[str, str], out_dir: str
) -> tuple[int, list[store.RunKey], float, float]:
    """Worker entry point: the runs of one part, in order, its files written.

    Returns:
        The part, its run keys, the seconds inside ``simulate`` and the seconds around it
        (building each point's scenario, converting and writing): the sweep's own overhead.
    """
    simulated = overhead = 0.0
    tables: dict[str, list[pa.Table]] = {name: [] for name in store.TABLES}
    for run in runs:
        _, point, replicate = run.key
        started = time.perf_counter()
        scenario = run.scenario.replace(**run.values) if run.values else run.scenario
        before = time.perf_counter()
        frames = simulate(scenario, run.seed, replicate=replicate)
        after = time.perf_counter()
        for name in store.TABLES:
            tables[name].append(_arrow(frames[name], point, run.values, dtypes))
        simulated += after - before
        overhead += (before - started) + (time.perf_counter() - after)
    started = time.perf_counter()
    store.write_part(
        Path(out_dir),
        part,
        {
            name: pa.concat_tables(parts, promote_options="permissive")
            for name, parts in tables.items()
        },
    )
    overhead += time.perf_counter() - started
    return part, [run.key for run in runs], simulated, overhead


# Arrow types of the varied parameters' columns, by their pandas dtype in the points table.
_ARROW_TYPES = {"float64": pa.float64(), "int64": pa.int64(), "bool": pa.bool_()}


def _arrow(frame: pd.DataFrame, point: int, values: dict, dtypes: dict[str, str]) -> pa.Table:
    """The run's rows as an Arrow table: ids, point and varied parameters first.

    Built column by column from NumPy (all float columns in one conversion), which is several
    times faster than ``pa.Table.from_pandas`` on these wide, short tables; NaN is stored as
    null, as ``from_pandas`` does.
    """
    n = len(frame)
    columns: dict[str, pa.Array] = {
        "design": pa.array(frame["design"].astype(object).to_numpy(), type=pa.large_string()),
        "point": pa.array(np.full(n, point, dtype=np.int64)),
        "replicate": pa.array(frame["replicate"].to_numpy(dtype=np.int64)),
        "seed": pa.array(frame["seed"].to_numpy(dtype=np.uint64)),
    }
    for k, v in values.items():
        columns[k] = pa.array([v] * n, type=_ARROW_TYPES.get(dtypes[k], pa.large_string()))
    # Column dtypes read once: ``frame[c].dtype`` builds a Series per column, which cost more
    # than the conversion itself on these wide, short tables.
    dtypes_of = {c: t for c, t in frame.dtypes.items() if c not in ("design", "replicate", "seed")}
    floats = [c for c, t in dtypes_of.items() if t == np.float64]
    # Transposed, each float column is one contiguous row of the block.
    block = np.ascontiguousarray(frame[floats].to_numpy().T)
    at = {c: j for j, c in enumerate(floats)}
    for c, dtype in dtypes_of.items():
        if c in at:
            columns[c] = pa.array(block[at[c]], from_pandas=True)
        elif pd.api.types.is_object_dtype(dtype) or pd.api.types.is_string_dtype(dtype):
            columns[c] = pa.array(
                frame[c].astype(object).to_numpy(), type=pa.large_string(), from_pandas=True
            )
        else:
            columns[c] = pa.array(frame[c].to_numpy(), from_pandas=True)
    return pa.table(columns)


def prepare(
    experiment: Experiment, out_dir: Path, *, resume: bool = False, force: bool = False
) -> tuple[pd.DataFrame, np.ndarray | None, list[list[store.RunKey]], set[int]]:
    """Draw and check the points, set the folder up, and find what is already done.

    Nothing runs here: a bad sample or a resume of a different experiment is refused first.

    Returns:
        The points, the unit sample, every run key in table order cut into parts, and the
        parts done.
    """
    points, unit = draw_points(experiment)
    check_points(experiment, points)
    out_dir.mkdir(parents=True, exist_ok=True)
    if not resuming.begin(out_dir, resolved(experiment, points), resume=resume, force=force):
        store.clear(out_dir)
    if Path(experiment.source).is_file():  # the file as given, beside its resolution
        (out_dir / "experiment.toml").write_text(Path(experiment.source).read_text())
    (out_dir / "scenarios").mkdir(exist_ok=True)
    for d in experiment.designs:
        (out_dir / "scenarios" / f"{d.name}.toml").write_text(d.scenario.to_toml())
    table = points.copy()
    if unit is not None:  # joined at once: a column at a time fragments a wide frame
        coordinates = pd.DataFrame(
            unit, columns=[f"unit:{k}" for k in experiment.keys], index=table.index
        )
        table = pd.concat([table, coordinates], axis=1)
    storage.write_parquet(table, out_dir / "points.parquet")
    parts = store.cut_parts(run_keys(experiment, len(points)), part_size(experiment, points))
    done = store.done_parts(out_dir) & set(range(len(parts)))
    return points, unit, parts, done


def run_sweep(
    experiment: Experiment,
    options: RunOptions,
    *,
    executor: Executor | None = None,
    on_start: Callable[[int, int], None] | None = None,
    on_done: Callable[[store.RunKey], None] | None = None,
) -> SweepResult:
    """Run (or resume) a sweep and write its tables, resolved experiment and manifest.

    Args:
        experiment: The validated experiment.
        options: How to run (``sim.experiment.options.RunOptions``): ``out_dir`` (required),
            ``workers`` or ``scheduler``, ``force``, and ``resume``: keep the runs an earlier
            invocation finished in ``out_dir`` and run only the missing ones (refused when
            the folder was written by a different experiment). ``years`` is the
            experiment's own and ``progress`` the caller's (``on_start``, ``on_done``).
        executor: Any ``concurrent.futures.Executor`` (kept open for the caller).
        on_start: Called with (runs in total, runs already done) before any run.
        on_done: Called with each run's key as its part is written.

    Returns:
        The result, with the folder holding ``runs.parquet``, ``yearly.parquet``,
        ``points.parquet``, ``experiment.json``, ``experiment.toml``, ``scenarios/`` and
        ``manifest.json``.
    """
    started = time.perf_counter()
    out_dir = options.required_folder("run_sweep")
    workers = options.workers
    points, _, parts, done = prepare(
        experiment, out_dir, resume=options.resume, force=options.force
    )
    runs_total = sum(len(keys) for keys in parts)
    runs_before = sum(len(parts[i]) for i in done)
    if on_start is not None:
        on_start(runs_total, runs_before)
    seeds = replicate_seeds(experiment.seed, experiment.replicates)
    dtypes = {k: str(points[k].dtype) for k in experiment.keys}
    scenarios = {d.name: d.scenario for d in experiment.designs}
    point_values = [overrides(points, p) for p in range(len(points))]

    def runs_of(keys: list[store.RunKey]) -> list[Run]:
        return [Run(key, scenarios[key[0]], point_values[key[1]], seeds[key[2]]) for key in keys]

    model_seconds = write_seconds = 0.0

    def finished(result: tuple[int, list[store.RunKey], float, float]) -> None:
        nonlocal model_seconds, write_seconds
        _, keys, simulated, wrote = result
        model_seconds += simulated
        write_seconds += wrote
        if on_done is not None:
            for key in keys:
                on_done(key)

    # Each part's runs are built as the window has room, so memory does not grow with the sweep.
    tasks = (
        (_run_part, (part, runs_of(parts[part]), dtypes, str(out_dir)))
        for part in range(len(parts))
        if part not in done
    )
    run_tasks(tasks, finished, options=options, executor=executor)
    store.compact(out_dir, len(parts))
    seconds = time.perf_counter() - started
    manifest = storage.build_manifest(
        "sweep",
        experiment=experiment.name,
        source=experiment.source,
        designs=[d.name for d in experiment.designs],
        points=len(points),
        replicates=experiment.replicates,
        runs=runs_total,
        runs_resumed=runs_before,
        runs_per_part=len(parts[0]) if parts else 0,
        sampler=experiment.sampler.method,
        seed=experiment.seed,
        seeds=seeds,
        workers=workers,
        scheduler=options.scheduler,
        seconds=seconds,
        wall_seconds={},
        model_seconds_total=round(model_seconds, 3),
        write_seconds_total=round(write_seconds, 3),
    )
    storage.write_manifest(out_dir, manifest)
    return SweepResult(
        out_dir, runs_total, runs_before, seconds, model_seconds, write_seconds, manifest
    )

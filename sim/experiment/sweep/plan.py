"""A sweep's plan before it runs: how many runs, about how long, how much memory and disk.

``mentorsim sweep EXPERIMENT --plan`` draws and checks the sample (so a bad point is refused
here too), counts the runs and what an earlier invocation already finished in the output
folder, and estimates time from the model work of each run (initial size x years). The rate
comes from the folder's own manifest when an earlier invocation of the same experiment
measured one, else from :data:`SECONDS_PER_PERSON_YEAR` and :data:`SECONDS_PER_RUN`, measured
on this project's 2-core machine; either way the estimate says which. Nothing is written.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from sim.experiment.resume import RECORD
from sim.experiment.sweep import store
from sim.experiment.sweep.runner import part_size, resolved, run_keys
from sim.experiment.sweep.samplers import check_points, draw_points
from sim.experiment.sweep.spec import Experiment

#: Model seconds per person-year of a run (initial size x years), one worker, kernels
#: compiled: 800 runs of 1,500 people x 30 years took 232 s on 2 workers (0.58 s a run).
SECONDS_PER_PERSON_YEAR = 1.2e-5

#: Fixed seconds per run besides the model's work (building the scenario, outcomes, writing).
SECONDS_PER_RUN = 0.05

#: Seconds to start the worker processes and import the model in each.
STARTUP_SECONDS = 5.0

#: Resident memory of one worker process before a run (numba, pandas, Mesa imported), and
#: per person of the largest run (state arrays, relationships, yearly tables), in MB.
WORKER_BASE_MB = 250.0
MB_PER_PERSON = 0.01

#: Bytes written per run and simulated year (the runs row and the yearly rows, Parquet).
BYTES_PER_RUN_YEAR = 2_500


@dataclass(frozen=True)
class SweepPlan:
    """What a sweep will do.

    Attributes:
        experiment: The experiment's name.
        designs: Designs.
        points: Sampled points.
        replicates: Replicates per point.
        runs: Runs in all.
        done: Runs an earlier invocation of the same experiment finished in the folder.
        parts: Parts the runs are cut into.
        person_years: Model work of the runs to do, in people x years.
        workers: Worker processes assumed.
        seconds: Estimated wall time of the runs to do.
        rate_source: Where the rate behind ``seconds`` comes from.
        memory_mb: Estimated peak resident memory of all the workers.
        disk_mb: Estimated size of the tables written.
        folder_note: What the output folder holds now.
    """

    experiment: str
    designs: int
    points: int
    replicates: int
    runs: int
    done: int
    parts: int
    person_years: float
    workers: int
    seconds: float
    rate_source: str
    memory_mb: float
    disk_mb: float
    folder_note: str

    def lines(self) -> list[str]:
        """The plan in words, one line per fact."""
        todo = self.runs - self.done
        return [
            f"{self.experiment}: {self.designs} design(s) x {self.points} points x "
            f"{self.replicates} replicate(s) = {self.runs} runs in {self.parts} parts",
            f"to run: {todo} ({self.done} already done in the folder)"
            if self.done
            else f"to run: {todo}",
            f"estimated time: {_duration(self.seconds)} on {self.workers} worker(s) "
            f"({self.rate_source}; plus reports, and numba's first compilation if due)",
            f"estimated memory: {self.memory_mb:,.0f} MB for {self.workers} worker(s); "
            f"disk: {self.disk_mb:,.1f} MB of tables",
            f"output folder: {self.folder_note}",
        ]


def _duration(seconds: float) -> str:
    if seconds < 90:
        return f"about {seconds:.0f} s"
    if seconds < 5400:
        return f"about {seconds / 60:.0f} min"
    return f"about {seconds / 3600:.1f} h"


def plan_sweep(experiment: Experiment, out_dir: Path, workers: int) -> SweepPlan:
    """The plan of a sweep: runs, time, memory and disk, and what the folder already holds.

    Args:
        experiment: The validated experiment.
        out_dir: The output folder it would write.
        workers: Worker processes it would use.

    Returns:
        The plan. Nothing is written.

    Raises:
        ExperimentError: when a sampled point is not a valid scenario for some design.
    """
    points, _ = draw_points(experiment)
    check_points(experiment, points)
    keys = run_keys(experiment, len(points))
    parts = store.cut_parts(keys, part_size(experiment, points))
    record = json.loads(json.dumps(resolved(experiment, points), sort_keys=True, default=str))
    done_parts, folder_note, measured = _folder(out_dir, record, len(parts))
    done = sum(len(parts[i]) for i in done_parts)
    person_years = experiment.replicates * sum(
        float(
            (
                _column(points, "institution.initial_size", d.scenario.institution.initial_size)
                * _column(points, "years", d.scenario.years)
            ).sum()
        )
        for d in experiment.designs
    )
    todo_share = (len(keys) - done) / len(keys) if keys else 0.0
    todo_work = person_years * todo_share
    todo_runs = len(keys) - done
    if measured is not None:
        seconds = measured * todo_runs / workers
        source = "rate measured by the earlier invocation in this folder"
    else:
        model = SECONDS_PER_PERSON_YEAR * todo_work + SECONDS_PER_RUN * todo_runs
        seconds = STARTUP_SECONDS + model / workers if todo_runs else 0.0
        source = "rate measured on a 2-core machine; a busy machine is slower"
    largest = max(float(d.scenario.institution.initial_size) for d in experiment.designs)
    if "institution.initial_size" in points:
        largest = max(largest, float(points["institution.initial_size"].max()))
    years = max(float(d.scenario.years) for d in experiment.designs)
    return SweepPlan(
        experiment=experiment.name,
        designs=len(experiment.designs),
        points=len(points),
        replicates=experiment.replicates,
        runs=len(keys),
        done=done,
        parts=len(parts),
        person_years=todo_work,
        workers=workers,
        seconds=seconds,
        rate_source=source,
        memory_mb=workers * (WORKER_BASE_MB + MB_PER_PERSON * largest),
        disk_mb=len(keys) * years * BYTES_PER_RUN_YEAR / 1e6,
        folder_note=folder_note,
    )


def _column(points: pd.DataFrame, key: str, default: float) -> np.ndarray:
    """A varied parameter's value at every point, or the design's own at all of them."""
    if key in points:
        return points[key].to_numpy(dtype=float)
    return np.full(len(points), float(default))


def _folder(out_dir: Path, record: dict, n_parts: int) -> tuple[set[int], str, float | None]:
    """Parts done, a note on what the folder holds, and the measured seconds per run."""
    path = out_dir / RECORD
    if not path.exists():
        return set(), f"{out_dir} (new)" if not out_dir.exists() else f"{out_dir}", None
    before = json.loads(path.read_text())
    if before != record:
        return (
            set(),
            f"{out_dir} holds another experiment's results (it would need another --out)",
            None,
        )
    done = store.done_parts(out_dir) & set(range(n_parts))
    measured = None
    manifest = out_dir / "manifest.json"
    if manifest.exists():
        found = json.loads(manifest.read_text())
        ran = found.get("runs", 0) - found.get("runs_resumed", 0)
        if ran > 0 and found.get("model_seconds_total"):
            measured = float(found["model_seconds_total"]) / ran
    state = "finished" if len(done) == n_parts else "interrupted"
    return done, f"{out_dir} holds this experiment ({state}; --resume continues it)", measured

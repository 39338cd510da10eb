"""``mentorsim run``: replications of one design, written to a results folder."""

from __future__ import annotations

import time
from pathlib import Path

from tqdm import tqdm

from sim.experiment import resume as resuming
from sim.experiment import storage
from sim.experiment.ensemble import Ensemble, ensemble_record, overrides_of
from sim.experiment.options import DEFAULT_OPTIONS, RunOptions
from sim.experiment.runner import RunSet, run_designs
from sim.scenario import Scenario


def default_out_dir(scenario: Scenario) -> Path:
    """``results/<scenario name>/``."""
    return Path("results") / scenario.name


def run_scenario(
    scenario: Scenario,
    *,
    reps: int = 10,
    seed: int = 0,
    options: RunOptions = DEFAULT_OPTIONS,
    ensemble: Ensemble | None = None,
) -> tuple[RunSet, dict[str, object]]:
    """Run replications of one design and write its tables.

    Writes ``runs.parquet``, ``yearly.parquet``, ``retention.parquet``, ``loads.parquet``,
    ``scenario.toml`` (the resolved scenario) and ``manifest.json``; the report is written
    by ``sim.report`` (``sim.workflows.run`` does both).

    Args:
        scenario: The validated design.
        reps: Replicates.
        seed: Base seed.
        options: How to run (``sim.experiment.options.RunOptions``); the folder defaults to
            ``results/<name>/``. ``resume`` keeps the replicates an interrupted run of the
            same design and seed finished and runs only the missing ones (more replicates may
            be asked for: replicate seeds do not depend on how many there are).
        ensemble: Calibrated members to carry: replicate r runs member ``member_of(r, n)``,
            so the spread across replicates includes what the evidence leaves open.

    Returns:
        The RunSet and the manifest written.
    """
    out_dir = options.folder(default_out_dir(scenario))
    out_dir.mkdir(parents=True, exist_ok=True)
    if options.years is not None:
        scenario = scenario.replace(years=options.years)
    record = {
        "command": "run",
        "scenario_sha256": resuming.sha256(scenario.to_toml()),
        "seed": seed,
    }
    if ensemble is not None:
        record["ensemble"] = ensemble_record(ensemble)
    resume = resuming.begin(out_dir, record, resume=options.resume, force=options.force)
    (out_dir / "scenario.toml").write_text(scenario.to_toml())
    started = time.perf_counter()
    with tqdm(total=reps, desc=f"{scenario.name}", unit="run", disable=not options.progress) as bar:
        runset = run_designs(
            [scenario],
            reps=reps,
            seed=seed,
            options=options.replace(out_dir=out_dir, resume=resume, years=None),
            on_done=lambda *_: bar.update(1),
            member_overrides=overrides_of(ensemble),
        )
    manifest = storage.build_manifest(
        "run",
        design=scenario.name,
        replicates=reps,
        years=scenario.years,
        seed=seed,
        seeds=runset.seeds,
        workers=options.workers,
        scheduler=options.scheduler,
        seconds=time.perf_counter() - started,
        wall_seconds=runset.wall_seconds,
        ensemble=ensemble_record(ensemble) if ensemble is not None else None,
    )
    storage.write_manifest(out_dir, manifest)
    return runset, manifest

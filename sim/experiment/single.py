"""``mentorsim run``: replications of one design, written to a results folder."""

from __future__ import annotations

import time
from pathlib import Path

from tqdm import tqdm

from sim.experiment import resume as resuming
from sim.experiment import storage
from sim.experiment.ensemble import Ensemble, ensemble_record, overrides_of
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
    years: int | None = None,
    workers: int | None = None,
    out_dir: Path | None = None,
    progress: bool = True,
    scheduler: str | None = None,
    resume: bool = False,
    force: bool = False,
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
        years: Years per run (default: the scenario's).
        workers: Local worker processes (default: all cores).
        out_dir: Output folder (default ``results/<name>/``).
        progress: Show a progress bar.
        scheduler: Address of a Dask scheduler to run on instead of local processes.
        resume: Keep the replicates an interrupted run of the same design and seed finished
            in ``out_dir`` and run only the missing ones (more replicates may be asked for:
            replicate seeds do not depend on how many there are).
        force: Replace the results ``out_dir`` holds (refused without it or ``resume``).
        ensemble: Calibrated members to carry: replicate r runs member ``member_of(r, n)``,
            so the spread across replicates includes what the evidence leaves open.

    Returns:
        The RunSet and the manifest written.
    """
    out_dir = Path(out_dir) if out_dir is not None else default_out_dir(scenario)
    out_dir.mkdir(parents=True, exist_ok=True)
    if years is not None:
        scenario = scenario.replace(years=years)
    record = {
        "command": "run",
        "scenario_sha256": resuming.sha256(scenario.to_toml()),
        "seed": seed,
    }
    if ensemble is not None:
        record["ensemble"] = ensemble_record(ensemble)
    resume = resuming.begin(out_dir, record, resume=resume, force=force)
    (out_dir / "scenario.toml").write_text(scenario.to_toml())
    started = time.perf_counter()
    with tqdm(total=reps, desc=f"{scenario.name}", unit="run", disable=not progress) as bar:
        runset = run_designs(
            [scenario],
            reps=reps,
            seed=seed,
            out_dir=out_dir,
            workers=workers,
            scheduler=scheduler,
            resume=resume,
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
        workers=workers,
        scheduler=scheduler,
        seconds=time.perf_counter() - started,
        wall_seconds=runset.wall_seconds,
        ensemble=ensemble_record(ensemble) if ensemble is not None else None,
    )
    storage.write_manifest(out_dir, manifest)
    return runset, manifest

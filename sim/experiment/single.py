"""``mentorsim run``: replications of one design, a summary, and a results folder."""

from __future__ import annotations

import time
from pathlib import Path

import pandas as pd
from tqdm import tqdm

from sim.experiment import storage
from sim.experiment.runner import RunSet, run_designs
from sim.report import summary_table, write_run_report
from sim.scenario import Scenario


def default_out_dir(scenario: Scenario) -> Path:
    """``results/<scenario name>/``."""
    return Path("results") / scenario.name


def run_scenario(scenario: Scenario, *, reps: int = 10, seed: int = 0, years: int | None = None,
                 workers: int | None = None, out_dir: Path | None = None,
                 progress: bool = True, scheduler: str | None = None
                 ) -> tuple[RunSet, pd.DataFrame]:
    """Run replications of one design and write its results folder.

    Writes ``runs.parquet``, ``yearly.parquet``, ``retention.parquet``, ``loads.parquet``,
    ``scenario.toml`` (the resolved scenario), ``manifest.json``, ``report.html`` and
    ``report.md`` (figures under ``figures/``).

    Args:
        scenario: The validated design.
        reps: Replicates.
        seed: Base seed.
        years: Years per run (default: the scenario's).
        workers: Local worker processes (default: all cores).
        out_dir: Output folder (default ``results/<name>/``).
        progress: Show a progress bar.
        scheduler: Address of a Dask scheduler to run on instead of local processes.

    Returns:
        The RunSet and the summary table (outcome, mean, 95% interval).
    """
    out_dir = Path(out_dir) if out_dir is not None else default_out_dir(scenario)
    out_dir.mkdir(parents=True, exist_ok=True)
    if years is not None:
        scenario = scenario.replace(years=years)
    (out_dir / "scenario.toml").write_text(scenario.to_toml())
    started = time.perf_counter()
    with tqdm(total=reps, desc=f"{scenario.name}", unit="run", disable=not progress) as bar:
        runset = run_designs([scenario], reps=reps, seed=seed, out_dir=out_dir, workers=workers,
                             scheduler=scheduler, on_done=lambda *_: bar.update(1))
    total = time.perf_counter() - started
    runs = runset.table("runs")
    summary = summary_table(runs)
    manifest = {
        "command": "run",
        "design": scenario.name,
        "base_seed": seed,
        "replicates": reps,
        "replicate_seeds": runset.seeds,
        "years": scenario.years,
        "workers": workers,
        "scheduler": scheduler,
        "versions": storage.versions(),
        "git_revision": storage.git_revision(),
        "wall_seconds_total": round(total, 3),
        "wall_seconds_per_replicate": {k: round(v, 3) for k, v in
                                       sorted(runset.wall_seconds.items())},
    }
    storage.write_manifest(out_dir, manifest)
    write_run_report(out_dir, title=f"mentorsim: {scenario.name}", runs=runs,
                     yearly=runset.table("yearly"), retention=runset.table("retention"),
                     loads=runset.table("loads"), scenario_toml=scenario.to_toml(),
                     manifest=manifest)
    return runset, summary

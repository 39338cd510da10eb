"""``mentorsim validate``: does the model reproduce the literature's patterns, all at once?

Runs every scenario the targets name on common replicate seeds, compares each target's
outcome (mean over replicates, with a 95% t interval) with its band, and writes
``validation.csv`` (the report, with a figure per target, is ``sim.report``'s).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from sim import data
from sim.experiment.runner import run_designs
from sim.experiment.stats import mean_interval
from sim.experiment.targets import Target
from sim.scenario import Scenario, load

COLUMNS = ("target", "outcome", "scenario", "value", "ci_low", "ci_high", "low", "high", "ok",
           "source")


def scenarios_for(targets: list[Target], scenarios_dir: Path | None = None,
                  overrides: Mapping[str, object] | None = None) -> dict[str, Scenario]:
    """Load each scenario the targets name (once), with parameter overrides applied.

    Args:
        targets: The targets.
        scenarios_dir: Folder of ``NAME.toml`` files (default: the shipped scenarios).
        overrides: Parameter overrides applied to every scenario.

    Returns:
        Scenario name -> validated scenario, in the order the targets first name them.
    """
    folder = Path(scenarios_dir) if scenarios_dir is not None else data.scenarios_dir()
    names = list(dict.fromkeys(t.scenario for t in targets))
    loaded = {name: load(folder / f"{name}.toml") for name in names}
    if overrides:
        loaded = {name: s.replace(**overrides) for name, s in loaded.items()}
    return loaded


def score_targets(targets: list[Target], runs: pd.DataFrame) -> pd.DataFrame:
    """One row per target: the model's value and interval against the band.

    Args:
        targets: The targets.
        runs: Replicate outcomes with a ``design`` column naming the scenario.

    Returns:
        A table with the columns of ``validation.csv``.
    """
    rows = []
    for t in targets:
        values = runs.loc[runs["design"] == t.scenario, t.outcome].to_numpy(dtype=float)
        interval = mean_interval(values[np.isfinite(values)])
        value, low, high = interval.mean, interval.low, interval.high
        rows.append({"target": t.id, "outcome": t.outcome, "scenario": t.scenario,
                     "value": value, "ci_low": low, "ci_high": high, "low": t.low,
                     "high": t.high, "ok": bool(np.isfinite(value) and t.contains(value)),
                     "source": t.source})
    return pd.DataFrame(rows, columns=list(COLUMNS))


def run_validation(targets: list[Target], *, reps: int, seed: int, out_dir: Path,
                   years: int | None = None, workers: int | None = None,
                   scenarios_dir: Path | None = None,
                   overrides: Mapping[str, object] | None = None, on_done=None,
                   scheduler: str | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Run the targets' scenarios and score every target.

    Returns:
        The validation table and the replicate outcomes (``runs``).
    """
    scenarios = scenarios_for(targets, scenarios_dir, overrides)
    out_dir = Path(out_dir)
    runset = run_designs(list(scenarios.values()), reps=reps, seed=seed, out_dir=out_dir,
                         years=years, workers=workers, scheduler=scheduler, on_done=on_done)
    runs = runset.table("runs")
    table = score_targets(targets, runs)
    table.to_csv(out_dir / "validation.csv", index=False)
    return table, runs

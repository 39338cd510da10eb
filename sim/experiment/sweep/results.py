"""Reading a finished sweep folder back: its resolved experiment, points and runs."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from sim.experiment.sweep.rules import ExperimentError


@dataclass
class SweepFolder:
    """A finished sweep on disk.

    Attributes:
        out_dir: The folder.
        resolved: The resolved experiment (``experiment.json``).
        points: The points table (values and, for sampled designs, unit coordinates).
        runs: The runs table.
    """

    out_dir: Path
    resolved: dict
    points: pd.DataFrame
    runs: pd.DataFrame


def read_sweep(out_dir: str | Path) -> SweepFolder:
    """Read a finished sweep folder.

    Raises:
        ExperimentError: when the folder is missing or holds no finished sweep (naming the
            file that is missing).
    """
    out_dir = Path(out_dir)
    if not out_dir.is_dir():
        raise ExperimentError(f"{out_dir}: no such folder (give the --out folder of a sweep)")
    for name in ("experiment.json", "points.parquet", "runs.parquet"):
        if not (out_dir / name).is_file():
            raise ExperimentError(
                f"{out_dir}: not a finished sweep ({name} is missing); run "
                "`mentorsim sweep EXPERIMENT --out DIR --resume` to finish it"
            )
    resolved = json.loads((out_dir / "experiment.json").read_text())
    return SweepFolder(
        out_dir,
        resolved,
        pd.read_parquet(out_dir / "points.parquet"),
        pd.read_parquet(out_dir / "runs.parquet"),
    )

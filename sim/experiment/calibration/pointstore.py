"""A wave's runs on disk, one small JSON file per point, written as each point finishes.

A killed calibration loses at most the points running when it stopped: on resume, a point
whose file exists is read back instead of run. Each file holds the point's coordinates and
seeds as well as its values, and a point read back must be the point now proposed (the
proposals are a pure function of the seed and the earlier waves' runs), so a folder written
with other settings is refused rather than mixed in. JSON keeps floats exactly (shortest
repr round trip), so a resumed calibration fits the same emulators.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np

from sim.errors import InputError
from sim.experiment.resume import write_json


class PointStoreError(InputError):
    """A stored point that does not match the point the calibration now proposes."""


class PointStore:
    """The finished points of one wave (or acceptance batch) in a folder.

    Args:
        folder: Where the point files go (created when the first point is written).
    """

    def __init__(self, folder: Path):
        self.folder = Path(folder)

    def path(self, index: int) -> Path:
        """File of point ``index``."""
        return self.folder / f"{index:05d}.json"

    def read(self, index: int, u: np.ndarray, seeds: tuple[int, ...]) -> np.ndarray | None:
        """The stored values of point ``index``, or None when it has not finished.

        Raises:
            PointStoreError: when the stored point differs from ``u`` or its seeds.
        """
        path = self.path(index)
        if not path.exists():
            return None
        try:
            stored = json.loads(path.read_text())
            stored_u, stored_seeds = stored["u"], stored["seeds"]
            values = stored["values"]
        except (OSError, ValueError, KeyError, TypeError):
            return None  # a file cut short by a kill: run the point again
        if stored_u != [float(x) for x in u] or stored_seeds != [int(s) for s in seeds]:
            raise PointStoreError(
                f"{path}: holds another point than the calibration now proposes (the "
                "settings, parameters, targets or model changed since it was written); "
                "start again in a new --out folder"
            )
        return np.array([math.nan if v is None else v for v in values], dtype=float)

    def write(self, index: int, u: np.ndarray, seeds: tuple[int, ...], values: np.ndarray) -> None:
        """Write point ``index`` (atomically)."""
        write_json(
            self.path(index),
            {
                "u": [float(x) for x in u],
                "seeds": [int(s) for s in seeds],
                "values": [float(v) if np.isfinite(v) else None for v in values],
            },
        )

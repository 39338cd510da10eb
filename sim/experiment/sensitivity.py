"""Sensitivity indices of a sweep, with the replicate noise beside each index.

Sobol' first-order and total indices (from a Saltelli design) and Morris's mu* and sigma,
per design and outcome, computed with SALib.

Replicates are averaged first (SALib's estimators take one output per sample row); the
interval of each index is SALib's bootstrap over the sample rows. Replicate noise is measured
separately: the indices are computed again from each replicate alone, and the spread of those
estimates, divided by the square root of the replicates, is the noise left in the averaged
index (column ``noise``). An index within about two noises of zero cannot be told from noise.
Measuring it this way, rather than from the outputs' spread, keeps what common random numbers
buy: replicate r uses the same seed at every point, so much of the noise cancels in the
differences the estimators take, and a floor from independent noise would be far too high.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from sim.errors import InputError
from sim.extras import require

#: Columns of ``sensitivity.csv``.
COLUMNS = (
    "design",
    "outcome",
    "parameter",
    "role",
    "method",
    "index",
    "value",
    "ci_low",
    "ci_high",
    "noise",
)


class SensitivityError(InputError):
    """A sweep whose design gives no sensitivity indices."""


#: Bootstrap resamples for the intervals.
RESAMPLES = 500


def replicate_matrix(runs: pd.DataFrame, design: str, outcome: str, points: int) -> np.ndarray:
    """One design's outcome as a (points, replicates) array, in point order."""
    table = runs[runs["design"] == design].pivot(index="point", columns="replicate", values=outcome)
    return table.reindex(range(points)).to_numpy(dtype=float)


def sensitivity_table(
    resolved: dict, runs: pd.DataFrame, points: pd.DataFrame
) -> tuple[pd.DataFrame, list[str]]:
    """Indices of every design and outcome of a Saltelli or Morris sweep.

    Args:
        resolved: The resolved experiment (``experiment.json``).
        runs: The sweep's runs table.
        points: The sweep's points table (with the ``unit:KEY`` columns).

    Returns:
        The table (columns :data:`COLUMNS`) and notes on outcomes left out (undefined at some
        points, or constant).

    Raises:
        SensitivityError: when the sweep was not drawn by ``saltelli`` or ``morris``.
    """
    method = resolved["sampler"]["method"]
    if method not in ("saltelli", "morris"):
        raise SensitivityError(
            f"sensitivity indices need a 'saltelli' or 'morris' sweep; this "
            f"one was drawn by {method!r} (set [sampler] method in the "
            "experiment file)"
        )
    keys = [v["key"] for v in resolved["varied"]]
    roles = {v["key"]: v["role"] for v in resolved["varied"]}
    problem = {"num_vars": len(keys), "names": keys, "bounds": [[0.0, 1.0]] * len(keys)}
    unit = points[[f"unit:{k}" for k in keys]].to_numpy(dtype=float)
    rows: list[dict] = []
    notes: list[str] = []
    for design in [d["name"] for d in resolved["designs"]]:
        for outcome in resolved["outcomes"]:
            matrix = replicate_matrix(runs, design, outcome, len(points))
            y = matrix.mean(axis=1)
            if not np.all(np.isfinite(y)):
                notes.append(f"{design}/{outcome}: undefined at some points (runs too short?)")
                continue
            if np.var(y) == 0:
                notes.append(f"{design}/{outcome}: the same at every point")
                continue
            found = _indices(method, problem, unit, y, resolved, RESAMPLES)
            noise = _replicate_noise(method, problem, unit, matrix, resolved)
            for (parameter, index), (value, low, high) in found.items():
                rows.append(
                    {
                        "design": design,
                        "outcome": outcome,
                        "parameter": parameter,
                        "role": roles[parameter],
                        "method": _METHOD[method],
                        "index": index,
                        "value": value,
                        "ci_low": low,
                        "ci_high": high,
                        "noise": noise.get((parameter, index), math.nan),
                    }
                )
    return pd.DataFrame(rows, columns=list(COLUMNS)), notes


_METHOD = {"saltelli": "sobol", "morris": "morris"}


def _indices(
    method: str, problem: dict, unit: np.ndarray, y: np.ndarray, resolved: dict, resamples: int
) -> dict[tuple[str, str], tuple[float, float, float]]:
    """(parameter, index) -> (value, ci_low, ci_high) from SALib."""
    sampler = resolved["sampler"]
    found = {}
    require("sensitivity", "sensitivity indices")
    if method == "saltelli":
        from SALib.analyze import sobol

        si = sobol.analyze(
            problem,
            y,
            calc_second_order=sampler["second_order"],
            num_resamples=resamples,
            conf_level=0.95,
            seed=sampler["seed"],
        )
        for index in ("S1", "ST"):
            for name, value, conf in zip(
                problem["names"], si[index], si[f"{index}_conf"], strict=True
            ):
                found[(name, index)] = (float(value), float(value - conf), float(value + conf))
        return found
    from SALib.analyze import morris

    si = morris.analyze(
        problem,
        unit,
        y,
        num_resamples=resamples,
        conf_level=0.95,
        num_levels=sampler["levels"],
        seed=sampler["seed"],
    )
    for name, mu_star, conf, sigma in zip(
        problem["names"], si["mu_star"], si["mu_star_conf"], si["sigma"], strict=True
    ):
        found[(name, "mu_star")] = (float(mu_star), float(mu_star - conf), float(mu_star + conf))
        found[(name, "sigma")] = (float(sigma), math.nan, math.nan)
    return found


def _replicate_noise(
    method: str, problem: dict, unit: np.ndarray, matrix: np.ndarray, resolved: dict
) -> dict[tuple[str, str], float]:
    """(parameter, index) -> the replicate noise of the replicate-averaged index."""
    replicates = matrix.shape[1]
    if replicates < 2:
        return {}
    per_replicate = []
    for r in range(replicates):
        y = matrix[:, r]
        if not np.all(np.isfinite(y)) or np.var(y) == 0:
            return {}
        per_replicate.append(_indices(method, problem, unit, y, resolved, resamples=2))
    return {
        key: float(
            np.std([found[key][0] for found in per_replicate], ddof=1) / math.sqrt(replicates)
        )
        for key in per_replicate[0]
    }

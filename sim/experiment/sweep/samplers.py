"""Drawing a sweep's points: grid, Latin hypercube, Sobol', Saltelli and Morris.

The Latin hypercube and Sobol' sequences come from ``scipy.stats.qmc``, Saltelli's and
Morris's designs from SALib.
Every sampler but the grid draws in the unit hypercube, seeded from the experiment's sampler
seed, and each varied parameter maps its coordinate to a value
(:meth:`~sim.experiment.sweep.space.Varied.value`). The unit coordinates are kept beside the
values: SALib's estimators read them, in the order the samplers produced them.
"""

from __future__ import annotations

import hashlib
import itertools
import json
from typing import Any

import numpy as np
import pandas as pd
from scipy.stats import qmc

from sim.experiment.sweep.ensemble import apply_members
from sim.experiment.sweep.rules import ExperimentError
from sim.experiment.sweep.spec import Experiment
from sim.extras import require
from sim.scenario import ScenarioError


def problem(experiment: Experiment) -> dict:
    """SALib's problem description: every varied key on the unit interval."""
    keys = experiment.keys
    return {"num_vars": len(keys), "names": keys, "bounds": [[0.0, 1.0]] * len(keys)}


def unit_sample(experiment: Experiment) -> np.ndarray | None:
    """The sample in the unit hypercube, one row per point (None for a grid).

    Returns:
        float64 array of shape (points, varied parameters).
    """
    s = experiment.sampler
    d = len(experiment.varied)
    rng = np.random.default_rng(s.seed)
    if s.method == "grid":
        return None
    assert s.n is not None  # parse_sampler requires n for every method but the grid
    if s.method == "lhs":
        return qmc.LatinHypercube(d=d, rng=rng).random(s.n)
    if s.method == "sobol":
        return qmc.Sobol(d=d, scramble=s.scramble, rng=rng).random_base2(int(s.n).bit_length() - 1)
    require("sensitivity", f"sampler.method = {s.method!r}")
    if s.method == "saltelli":
        from SALib.sample import sobol

        return sobol.sample(
            problem(experiment),
            s.n,
            calc_second_order=s.second_order,
            scramble=s.scramble,
            seed=s.seed,
        )
    from SALib.sample import morris

    return morris.sample(problem(experiment), s.n, num_levels=s.levels, seed=s.seed)


def draw_points(experiment: Experiment) -> tuple[pd.DataFrame, np.ndarray | None]:
    """The experiment's points: one row per point with the varied parameters' values.

    Returns:
        ``points`` (columns ``point`` and each varied key, in the experiment's order) and the
        unit sample it came from (None for a grid).
    """
    unit = unit_sample(experiment)
    if unit is None:
        levels = experiment.sampler.levels
        assert levels is not None  # parse_sampler gives a grid its levels (default 3)
        grids = [v.grid(levels) for v in experiment.varied]
        rows = list(itertools.product(*grids)) if grids else [()]
    else:
        rows = [
            tuple(v.value(u) for v, u in zip(experiment.varied, row, strict=True)) for row in unit
        ]
        if experiment.ensemble is not None:
            # Calibrated parameters come from the members (sim.experiment.sweep.ensemble).
            unit = unit.copy()
            apply_members(experiment, rows, unit)
    columns: dict[str, Any] = {"point": np.arange(len(rows), dtype=np.int64)}
    for i, v in enumerate(experiment.varied):
        values = [row[i] for row in rows]
        columns[v.key] = (
            np.array(values, dtype=np.int64) if v.integer and v.kind != "values" else values
        )
    return pd.DataFrame(columns), unit


def overrides(points: pd.DataFrame, point: int) -> dict[str, object]:
    """The scenario overrides of one point (``group.key`` -> plain Python value)."""
    row = points.iloc[point]
    return {
        k: row[k].item() if hasattr(row[k], "item") else row[k]
        for k in points.columns
        if k != "point"
    }


def check_points(experiment: Experiment, points: pd.DataFrame) -> None:
    """Refuse a sample with a point that is not a valid scenario for some design.

    The rules that tie parameters together (shares that sum to one, a committee of at least
    two) can fail at a point even when every range is inside its bounds.

    Raises:
        ExperimentError: naming the design, the point and its values, and the rule broken.
    """
    if points.shape[1] == 1:
        return
    for design in experiment.designs:
        for p in range(len(points)):
            values = overrides(points, p)
            try:
                design.scenario.replace(**values)
            except ScenarioError as err:
                shown = ", ".join(f"{k} = {v!r}" for k, v in values.items())
                raise ExperimentError(
                    f"{experiment.source}: point {p} ({shown}) is not a valid scenario for "
                    f"design {design.name!r}: {str(err).removeprefix('override: ')}"
                ) from None


def points_sha256(points: pd.DataFrame) -> str:
    """A fingerprint of the points' values (a resume checks the sample did not change)."""
    payload = json.dumps(
        {c: [repr(v) for v in points[c].tolist()] for c in points.columns}, sort_keys=True
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def point_count(experiment: Experiment) -> int:
    """How many points the sampler will draw, counted without drawing them.

    Saltelli's design takes ``n (2d + 2)`` points with second-order indices, else
    ``n (d + 2)``; Morris's ``n (d + 1)``; Sobol' the largest power of two up to ``n``; a
    grid every combination of each parameter's values (an upper bound: integer ranges that
    repeat a value are counted once per level).
    """
    s = experiment.sampler
    d = len(experiment.varied)
    if s.method == "grid":
        count = 1
        for v in experiment.varied:
            count *= len(v.values) if v.kind == "values" else int(s.levels or 1)
        return count
    n = int(s.n or 0)
    if s.method == "sobol":
        return 1 << (n.bit_length() - 1) if n else 0
    if s.method == "saltelli":
        return n * (2 * d + 2 if s.second_order else d + 2)
    if s.method == "morris":
        return n * (d + 1)
    return n

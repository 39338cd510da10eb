"""Sensitivity indices of a sweep, with the replicate noise beside each index.

Sobol' first-order, total and (when asked) second-order indices from a Saltelli design, and
Morris's mu (signed), mu* and sigma, per design and outcome, computed with SALib.

Replicates are averaged first (SALib's estimators take one output per sample row); the
interval of each index is a 95% percentile bootstrap over the sample rows (Saltelli) or the
trajectories (Morris), clipped to the index's valid range (Sobol' indices are variance
shares in [0, 1]; mu* and sigma are not negative). Replicate noise is measured separately:
the indices are computed again from each replicate alone, and the spread of those estimates,
divided by the square root of the replicates, is the noise left in the averaged index
(column ``noise``). An index within about two noises of zero cannot be told from noise.
Measuring it this way, rather than from the outputs' spread, keeps what common random numbers
buy: replicate r uses the same seed at every point, so much of the noise cancels in the
differences the estimators take, and a floor from independent noise would be far too high.

The guardrails of :mod:`sim.experiment.sensitivity_checks` run beside the indices: a
convergence table (the indices at a quarter, half and all of the sample), the checks of
valid ranges, the share of replicate noise and the parameters inactive in a design.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from sim.errors import InputError
from sim.experiment.sensitivity_checks import (
    CHECK_COLUMNS,
    NOISE_DOMINATED,
    TOLERANCE,
    convergence_change,
    inactive_parameters,
    index_checks,
    noise_share,
    sample_size_warning,
)
from sim.extras import require
from sim.outcomes import OUTCOMES

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

#: Columns of ``sensitivity_s2.csv`` (second-order Sobol' indices, when the sample has them).
S2_COLUMNS = ("design", "outcome", "parameter", "other", "value", "ci_low", "ci_high")

#: Columns of ``sensitivity_convergence.csv``: each index at a quarter, half and all of n.
CONVERGENCE_COLUMNS = ("design", "outcome", "parameter", "index", "n", "value")


class SensitivityError(InputError):
    """A sweep whose design gives no sensitivity indices."""


#: Bootstrap resamples for the intervals.
RESAMPLES = 500

#: Each index's valid range, which its interval is clipped to.
VALID_RANGE = {
    "S1": (0.0, 1.0),
    "ST": (0.0, 1.0),
    "S2": (0.0, 1.0),
    "mu": (-math.inf, math.inf),
    "mu_star": (0.0, math.inf),
    "sigma": (0.0, math.inf),
}

#: (parameter, index) -> (value, ci_low, ci_high).
Found = dict[tuple[str, str], tuple[float, float, float]]


@dataclass
class SensitivityResult:
    """Indices of a sweep and the checks that say which to trust.

    Attributes:
        table: The indices (columns :data:`COLUMNS`).
        second_order: Second-order Sobol' indices (columns :data:`S2_COLUMNS`; empty
            unless the sample was drawn with ``second_order = true``).
        convergence: Indices at growing shares of the sample (:data:`CONVERGENCE_COLUMNS`).
        checks: One row per check (:data:`~sim.experiment.sensitivity_checks.CHECK_COLUMNS`).
        notes: Outcomes left out, and why.
    """

    table: pd.DataFrame
    second_order: pd.DataFrame
    convergence: pd.DataFrame
    checks: pd.DataFrame
    notes: list[str] = field(default_factory=list)

    def warnings(self) -> list[str]:
        """One line per flagged check: ``design/outcome: what is wrong``."""
        flagged = self.checks[self.checks["flagged"].astype(bool)]
        return [
            "/".join(p for p in (r.design, r.outcome) if p) + f": {r.note}"
            if r.design or r.outcome
            else str(r.note)
            for r in flagged.itertuples()
        ]


def replicate_matrix(runs: pd.DataFrame, design: str, outcome: str, points: int) -> np.ndarray:
    """One design's outcome as a (points, replicates) array, in point order."""
    table = runs[runs["design"] == design].pivot(index="point", columns="replicate", values=outcome)
    return table.reindex(range(points)).to_numpy(dtype=float)


def sensitivity_analysis(
    resolved: dict, runs: pd.DataFrame, points: pd.DataFrame
) -> SensitivityResult:
    """Indices and checks of every design and outcome of a Saltelli or Morris sweep.

    Args:
        resolved: The resolved experiment (``experiment.json``).
        runs: The sweep's runs table.
        points: The sweep's points table (with the ``unit:KEY`` columns).

    Returns:
        The indices, second-order indices, convergence table, checks and notes.

    Raises:
        SensitivityError: when the sweep was not drawn by ``saltelli`` or ``morris``.
    """
    sampler = resolved["sampler"]
    method = sampler["method"]
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
    s2_rows: list[dict] = []
    convergence: list[dict] = []
    checks: list[dict] = []
    notes: list[str] = []
    warning = sample_size_warning(method, sampler["n"], len(keys))
    if warning:
        checks.append(_check("", "", "sample_size", sampler["n"], math.nan, True, warning))
    every_outcome = [c for c in runs.columns if c in OUTCOMES]
    for design in [d["name"] for d in resolved["designs"]]:
        inactive = inactive_parameters(
            runs[runs["design"] == design],
            unit,
            method,
            keys,
            every_outcome,
            bool(sampler.get("second_order")),
        )
        checks.append(
            _check(
                design,
                "",
                "inactive",
                len(inactive),
                0,
                bool(inactive),
                f"{len(inactive)} of {len(keys)} parameters changed no outcome of any run "
                f"(the design does not use them; drop them to save runs): {', '.join(inactive)}"
                if inactive
                else "",
            )
        )
        for outcome in resolved["outcomes"]:
            matrix = replicate_matrix(runs, design, outcome, len(points))
            y = matrix.mean(axis=1)
            if not np.all(np.isfinite(y)):
                notes.append(f"{design}/{outcome}: undefined at some points (runs too short?)")
                continue
            if np.var(y) == 0:
                notes.append(f"{design}/{outcome}: the same at every point")
                continue
            found, s2 = _indices(method, problem, unit, y, sampler, RESAMPLES)
            noise = _replicate_noise(method, problem, unit, matrix, sampler)
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
            for (parameter, other), (value, low, high) in s2.items():
                s2_rows.append(
                    {
                        "design": design,
                        "outcome": outcome,
                        "parameter": parameter,
                        "other": other,
                        "value": value,
                        "ci_low": low,
                        "ci_high": high,
                    }
                )
            converging = _convergence(method, problem, unit, y, sampler)
            convergence += [{"design": design, "outcome": outcome, **r} for r in converging]
            checks += _outcome_checks(
                design, outcome, method, pd.DataFrame(rows[-len(found) :]), converging, matrix
            )
    return SensitivityResult(
        pd.DataFrame(rows, columns=list(COLUMNS)),
        pd.DataFrame(s2_rows, columns=list(S2_COLUMNS)),
        pd.DataFrame(convergence, columns=list(CONVERGENCE_COLUMNS)),
        pd.DataFrame(checks, columns=list(CHECK_COLUMNS)),
        notes,
    )


_METHOD = {"saltelli": "sobol", "morris": "morris"}


def _check(
    design: str, outcome: str, check: str, value: float, limit: float, flagged: bool, note: str
) -> dict:
    return {
        "design": design,
        "outcome": outcome,
        "check": check,
        "value": float(value),
        "limit": float(limit),
        "flagged": bool(flagged),
        "note": note,
    }


def _outcome_checks(
    design: str,
    outcome: str,
    method: str,
    rows: pd.DataFrame,
    converging: list[dict],
    matrix: np.ndarray,
) -> list[dict]:
    """The checks of one design's and outcome's indices."""
    checks = []
    if method == "saltelli":
        checks += [{"design": design, "outcome": outcome, **c} for c in index_checks(rows)]
    table = pd.DataFrame(converging, columns=["parameter", "index", "n", "value"])
    change = convergence_change(table, _METHOD[method])
    checks.append(
        _check(
            design,
            outcome,
            "convergence",
            change,
            TOLERANCE,
            bool(change > TOLERANCE),
            f"indices moved by {change:.2f} between half the sample and all of it (more "
            f"than {TOLERANCE:g}): not converged, raise sampler.n"
            if change > TOLERANCE
            else "",
        )
    )
    share = noise_share(matrix)
    checks.append(
        _check(
            design,
            outcome,
            "noise_share",
            share,
            NOISE_DOMINATED,
            bool(share >= NOISE_DOMINATED),
            f"{min(share, 1.0):.0%} of its variance across points is replicate noise: the "
            "indices mostly divide up noise (raise replicates)"
            if share >= NOISE_DOMINATED
            else "",
        )
    )
    return checks


def _percentile(resampled: np.ndarray, index: str) -> tuple[float, float]:
    """95% percentile interval of bootstrap estimates, clipped to the index's valid range."""
    lo, hi = VALID_RANGE[index]
    finite = resampled[np.isfinite(resampled)]
    if len(finite) < 2:
        return math.nan, math.nan
    low, high = np.percentile(finite, [2.5, 97.5])
    return float(np.clip(low, lo, hi)), float(np.clip(high, lo, hi))


def _indices(
    method: str, problem: dict, unit: np.ndarray, y: np.ndarray, sampler: dict, resamples: int
) -> tuple[Found, Found]:
    """First- and total- (or Morris's) indices, and second-order ones, from SALib.

    Returns:
        (parameter, index) -> (value, ci_low, ci_high), and (parameter, other) ->
        (value, ci_low, ci_high) for the second-order Sobol' indices (empty unless asked).
    """
    require("sensitivity", "sensitivity indices")
    if method == "saltelli":
        return _sobol(problem, y, sampler, resamples)
    return _morris(problem, unit, y, sampler, resamples), {}


def _sobol(problem: dict, y: np.ndarray, sampler: dict, resamples: int) -> tuple[Found, Found]:
    from SALib.analyze import sobol

    second = bool(sampler["second_order"])
    si = sobol.analyze(
        problem,
        y,
        calc_second_order=second,
        num_resamples=resamples,
        conf_level=0.95,
        # A generator, not the int: SALib reads a seed of 0 as "no seed".
        seed=np.random.default_rng(sampler["seed"]),
        keep_resamples=True,
    )
    names = problem["names"]
    found: Found = {}
    for index in ("S1", "ST"):
        for j, name in enumerate(names):
            value = float(si[index][j])
            resampled = si[f"{index}_conf_all"][:, j]
            found[(name, index)] = (value, *_percentile(resampled, index))
    pairs: Found = {}
    if second:
        # SALib keeps no resamples of S2: they are drawn here the way it draws the others.
        d = len(names)
        n = y.size // (2 * d + 2)
        z = (y - y.mean()) / y.std()
        a, b, ab, ba = sobol.separate_output_values(z, d, n, True)
        r = np.random.default_rng(sampler["seed"]).integers(n, size=(n, resamples))
        for j in range(d):
            for k in range(j + 1, d):
                value = float(si["S2"][j, k])
                boot = sobol.second_order(a[r], ab[r, j], ab[r, k], ba[r, j], b[r])
                pairs[(names[j], names[k])] = (value, *_percentile(boot, "S2"))
    return found, pairs


def elementary_effects(unit: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Morris's elementary effects, one row per trajectory.

    Args:
        unit: The Morris sample, float array of shape (trajectories x (k + 1), k).
        y: The outputs, float array of shape (trajectories x (k + 1),).

    Returns:
        float array of shape (trajectories, k): the change in y over the step in each
        parameter, divided by the step (in the unit interval).
    """
    k = unit.shape[1]
    trajectories = len(unit) // (k + 1)
    effects = np.full((trajectories, k), np.nan)
    for t in range(trajectories):
        rows = slice(t * (k + 1), (t + 1) * (k + 1))
        steps = np.diff(unit[rows], axis=0)
        changes = np.diff(y[rows])
        for step, change in zip(steps, changes, strict=True):
            i = int(np.flatnonzero(step)[0])
            effects[t, i] = change / step[i]
    return effects


def _morris(problem: dict, unit: np.ndarray, y: np.ndarray, sampler: dict, resamples: int) -> Found:
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
    effects = elementary_effects(unit, y)
    trajectories = len(effects)
    draws = np.random.default_rng(sampler["seed"]).integers(
        trajectories, size=(resamples, trajectories)
    )
    boot = effects[draws]  # (resamples, trajectories, k)
    ddof = 1 if trajectories > 1 else 0
    resampled = {
        "mu": boot.mean(axis=1),
        "mu_star": np.abs(boot).mean(axis=1),
        "sigma": boot.std(axis=1, ddof=ddof),
    }
    found: Found = {}
    for index in ("mu", "mu_star", "sigma"):
        for j, name in enumerate(problem["names"]):
            value = float(si[index][j])
            found[(name, index)] = (value, *_percentile(resampled[index][:, j], index))
    return found


def _convergence(
    method: str, problem: dict, unit: np.ndarray, y: np.ndarray, sampler: dict
) -> list[dict]:
    """Each index at a quarter, half and all of the sample (the sample's first rows).

    A Saltelli sample's first base rows are themselves a balanced Sobol' sample when their
    count is a power of two, and a Morris sample's first trajectories a Morris sample; sizes
    of fewer than two base rows or trajectories are left out.
    """
    k = problem["num_vars"]
    n = sampler["n"]
    per = (2 * k + 2 if sampler["second_order"] else k + 2) if method == "saltelli" else k + 1
    rows = []
    for size in sorted({s for s in (n // 4, n // 2, n) if s >= 2}):
        found, _ = _indices(
            method,
            problem,
            unit[: size * per],
            y[: size * per],
            {**sampler, "n": size},
            resamples=2,
        )
        shown = ("S1", "ST") if method == "saltelli" else ("mu_star",)
        rows += [
            {"parameter": p, "index": i, "n": size, "value": v[0]}
            for (p, i), v in found.items()
            if i in shown
        ]
    return rows


def _replicate_noise(
    method: str, problem: dict, unit: np.ndarray, matrix: np.ndarray, sampler: dict
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
        per_replicate.append(_indices(method, problem, unit, y, sampler, resamples=2)[0])
    return {
        key: float(
            np.std([found[key][0] for found in per_replicate], ddof=1) / math.sqrt(replicates)
        )
        for key in per_replicate[0]
    }

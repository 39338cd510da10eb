"""Guardrails of a sensitivity analysis: is the sample big enough, have the indices settled?

Sobol' and Morris estimates can look precise and be wrong: at small samples the first-order
indices of one outcome sum past one, a first-order index exceeds its total index, and an
outcome that is mostly replicate noise gets large total indices for every parameter. This
module turns each of those symptoms into a named check with the measured value and its limit,
so that a report says which numbers not to read:

- :func:`sample_size_warning`: the sample against each method's minimum and recommended size;
- :func:`index_checks`: sum of S1, S1 above ST, S1 below zero, beyond a tolerance;
- :func:`noise_share`: the share of the replicate-averaged outcome's variance that is
  replicate noise;
- :func:`convergence_change`: how much the indices moved between half the sample and all of
  it (Sarrazin, Pianosi & Wagener 2016);
- :func:`inactive_parameters`: parameters that changed no outcome of any run (the design does
  not use them), which spend the budget for nothing.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

#: Columns of ``sensitivity_checks.csv``.
CHECK_COLUMNS = ("design", "outcome", "check", "value", "limit", "flagged", "note")

#: Smallest and recommended sample per method: Saltelli base samples N (runs N x (k + 2)),
#: Morris trajectories r (runs r x (k + 1)). Saltelli et al. (2010, Comput. Phys. Commun.
#: 181:259) use N of 500 to 1,000 and more; below 64 the bootstrap intervals themselves are
#: unstable (assumption, from the estimators' behaviour on this model at N = 8 and 16).
#: Morris: 4 to 10 trajectories in Saltelli et al. (2008, Global Sensitivity Analysis: The
#: Primer, ch. 3), 10 to 20 in Campolongo, Cariboni & Saltelli (2007).
SAMPLE_SIZES = {"saltelli": (64, 512), "morris": (4, 10)}

#: How far an estimate may stray past its valid range, or move between half the sample and
#: all of it, before it is flagged: 0.05 on the [0, 1] scale of Sobol' indices (Sarrazin,
#: Pianosi & Wagener 2016, Environ. Model. Softw. 79:135, use 0.05 as their convergence
#: threshold); for Morris, 0.05 of the outcome's largest mu*.
TOLERANCE = 0.05

#: An outcome is flagged as noise-dominated when at least this share of the variance of its
#: replicate-averaged values is replicate noise: then most of what the indices divide up is
#: noise, and total indices are inflated for every parameter.
NOISE_DOMINATED = 0.5


def sample_size_warning(method: str, n: int | None, parameters: int) -> str | None:
    """A warning when a Sobol' or Morris sample is below its minimum or recommended size.

    Args:
        method: The sampler method (``saltelli`` or ``morris``; others get no warning).
        n: The sampler's ``n`` (base samples or trajectories).
        parameters: The number of varied parameters.

    Returns:
        The warning, or None when the sample is at least the recommended size.
    """
    if method not in SAMPLE_SIZES or n is None:
        return None
    minimum, recommended = SAMPLE_SIZES[method]
    if n >= recommended:
        return None
    what = "base samples" if method == "saltelli" else "trajectories"
    per = parameters + 2 if method == "saltelli" else parameters + 1
    level = "below the minimum" if n < minimum else "below the recommended size"
    return (
        f"sampler.n = {n} {what} is {level} for {method!r} (minimum {minimum}, recommended "
        f"{recommended}, i.e. {recommended * per} points per replicate here): read the "
        "indices as a first look and check the convergence table"
    )


def noise_share(matrix: np.ndarray) -> float:
    """The share of the variance of replicate-averaged outputs that is replicate noise.

    Args:
        matrix: float array of shape (points, replicates), one outcome of one design.

    Returns:
        Mean within-point variance over the replicates, divided by the variance of the
        point means; NaN with one replicate or constant means. Can exceed one when the
        parameters explain nothing (the point means' spread is then noise alone).
    """
    points, replicates = matrix.shape
    if replicates < 2:
        return float("nan")
    means = matrix.mean(axis=1)
    total = float(np.var(means, ddof=1))
    if total == 0:
        return float("nan")
    within = float(np.mean(np.var(matrix, axis=1, ddof=1))) / replicates
    return within / total


def index_checks(rows: pd.DataFrame) -> list[dict]:
    """Checks of one design's and outcome's Sobol' indices against their valid ranges.

    Args:
        rows: Its rows of ``sensitivity.csv`` (``index`` S1 and ST; raw ``value``).

    Returns:
        Check rows (:data:`CHECK_COLUMNS` without design and outcome): ``sum_S1`` (over one
        by more than the tolerance), ``S1_above_ST`` (a parameter's S1 over its ST by more
        than the tolerance, or with disjoint intervals), ``S1_negative`` (below minus the
        tolerance).
    """
    s1 = rows[rows["index"] == "S1"].set_index("parameter")
    st = rows[rows["index"] == "ST"].set_index("parameter")
    total = float(s1["value"].sum())
    checks = [
        {
            "check": "sum_S1",
            "value": total,
            "limit": 1 + TOLERANCE,
            "flagged": total > 1 + TOLERANCE,
            "note": "first-order shares of one variance cannot sum past 1: not converged"
            if total > 1 + TOLERANCE
            else "",
        }
    ]
    both = s1.merge(st, left_index=True, right_index=True, suffixes=("_s1", "_st"))
    above = both[
        (both["value_s1"] > both["value_st"] + TOLERANCE) | (both["ci_low_s1"] > both["ci_high_st"])
    ]
    checks.append(
        {
            "check": "S1_above_ST",
            "value": float(len(above)),
            "limit": 0.0,
            "flagged": len(above) > 0,
            "note": "S1 > ST (impossible): " + ", ".join(above.index) if len(above) else "",
        }
    )
    negative = s1[s1["value"] < -TOLERANCE]
    checks.append(
        {
            "check": "S1_negative",
            "value": float(s1["value"].min()) if len(s1) else float("nan"),
            "limit": -TOLERANCE,
            "flagged": len(negative) > 0,
            "note": "S1 < 0 (impossible): " + ", ".join(negative.index) if len(negative) else "",
        }
    )
    return checks


def convergence_change(convergence: pd.DataFrame, method: str) -> float:
    """The largest change of an index between the two largest samples of a convergence table.

    Args:
        convergence: One design's and outcome's rows of ``sensitivity_convergence.csv``
            (columns ``parameter``, ``index``, ``n``, ``value``).
        method: ``sobol`` or ``morris``; Morris's changes are divided by the largest mu*.

    Returns:
        The largest absolute change (relative for Morris), NaN with fewer than two sizes.
    """
    sizes = sorted(set(convergence["n"]))
    if len(sizes) < 2:
        return float("nan")
    wide = convergence.pivot_table(index=["parameter", "index"], columns="n", values="value")
    change = (wide[sizes[-1]] - wide[sizes[-2]]).abs()
    if method == "morris":
        scale = float(wide[sizes[-1]].abs().max())
        return float(change.max() / scale) if scale > 0 else 0.0
    return float(change.max())


def single_steps(
    unit: np.ndarray, method: str, second_order: bool = False
) -> list[tuple[int, int, int]]:
    """Pairs of sample rows that differ in exactly one parameter.

    Args:
        unit: The sample, float array of shape (points, parameters).
        method: ``morris`` (consecutive rows of a trajectory) or ``saltelli`` (each base row
            A and its row AB_j, which takes parameter j from B).
        second_order: Whether a Saltelli sample carries the BA rows (blocks of 2k + 2).

    Returns:
        (row, other row, parameter column) triples.
    """
    points, k = unit.shape
    if method == "morris":
        candidates = [(i, i + 1) for i in range(points - 1)]
    else:
        block = 2 * k + 2 if second_order else k + 2
        candidates = [(b, b + 1 + j) for b in range(0, points, block) for j in range(k)]
    pairs = []
    for a, b in candidates:
        differs = np.flatnonzero(unit[a] != unit[b])
        if len(differs) == 1:
            pairs.append((a, b, int(differs[0])))
    return pairs


def inactive_parameters(
    runs: pd.DataFrame,
    unit: np.ndarray,
    method: str,
    keys: list[str],
    outcomes: list[str],
    second_order: bool = False,
) -> list[str]:
    """Parameters that, moved alone, changed no outcome of any replicate.

    On common random numbers a parameter the design does not use gives bit-identical runs
    on either side of each step in it (a Morris step, a Saltelli A-to-AB_j swap), so its
    every elementary effect is exactly zero.

    Args:
        runs: One design's runs (columns ``point``, ``replicate`` and the outcomes).
        unit: The sample, float array of shape (points, parameters).
        method: ``morris`` or ``saltelli``.
        keys: The parameters, in the sample's column order.
        outcomes: Every outcome column to look at (all of them, not only those analysed).
        second_order: Whether a Saltelli sample carries the BA rows.

    Returns:
        The inactive parameters, in ``keys`` order.
    """
    table = runs.sort_values(["point", "replicate"])
    replicates = int(table["replicate"].nunique())
    values = table[outcomes].to_numpy(dtype=float).reshape(len(unit), replicates, len(outcomes))
    moved: dict[int, bool] = {}
    for a, b, i in single_steps(unit, method, second_order):
        x, y = values[a], values[b]
        same = bool(np.all((x == y) | (np.isnan(x) & np.isnan(y))))
        moved[i] = moved.get(i, False) or not same
    return [keys[i] for i in sorted(moved) if not moved[i]]

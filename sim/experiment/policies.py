"""Robustness of policies across scenarios: regret, satisficing and percentiles.

Every policy ran at the same points of the uncertainty sample on common random numbers
(:mod:`sim.experiment.sweep.policies`), so at each point (a *scenario*) the policies can be
compared directly. Per policy and outcome, over the scenarios, with replicates averaged first:

- percentiles of the outcome (10th, 50th, 90th) and its worst decile (the 10th percentile
  from the bad end);
- regret: how far the policy falls short of the best policy in the same scenario, in the
  outcome's unit (Savage 1951; the minimax-regret criterion of robust decision making,
  Lempert, Popper & Bankes 2003), as its mean, 90th percentile and maximum;
- satisficing: the share of scenarios where the outcome reaches the user's threshold on its
  better side (Starr 1962's domain criterion), and the share where every threshold is met.

Policies are ranked by the measure the user picks; regret measures and the worst decile
judge the bad cases, the mean the average one.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sim.experiment.sensitivity import replicate_matrix
from sim.outcomes import OUTCOMES

#: Columns of ``policies.csv``.
COLUMNS = (
    "outcome",
    "policy",
    "design",
    "direction",
    "scenarios",
    "mean",
    "p10",
    "p50",
    "p90",
    "worst_decile",
    "mean_regret",
    "p90_regret",
    "max_regret",
    "threshold",
    "satisficing",
    "rank",
)

#: Columns of ``policies_satisficing.csv``: every threshold met at once.
JOINT_COLUMNS = ("policy", "design", "scenarios", "satisficing_all", "rank")

#: Whether a larger value of each measure is better (else smaller is); ``mean`` and
#: ``worst_decile`` follow the outcome's own direction.
HIGHER_IS_BETTER = {
    "max_regret": False,
    "p90_regret": False,
    "mean_regret": False,
    "satisficing": True,
}


def scenario_matrix(
    runs: pd.DataFrame, policies: list[str], outcome: str, points: int
) -> np.ndarray:
    """Replicate means of one outcome: float array of shape (scenarios, policies)."""
    return np.column_stack(
        [replicate_matrix(runs, p, outcome, points).mean(axis=1) for p in policies]
    )


def regret(values: np.ndarray, direction: int) -> np.ndarray:
    """Each policy's shortfall from the best policy in the same scenario (>= 0).

    Args:
        values: float array of shape (scenarios, policies).
        direction: +1 when higher is better, -1 when lower is.

    Returns:
        float array of the same shape, in the outcome's unit.
    """
    better = values * direction
    return better.max(axis=1, keepdims=True) - better


def satisfied(values: np.ndarray, direction: int, threshold: float) -> np.ndarray:
    """Where each value reaches the threshold on the outcome's better side (bool array)."""
    return (values - threshold) * direction >= 0


def policy_tables(
    resolved: dict, runs: pd.DataFrame, points: pd.DataFrame, measure: str | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Robustness measures of every policy and outcome, ranked.

    Args:
        resolved: The resolved experiment (``experiment.json``) of a sweep with policies.
        runs: Its runs table.
        points: Its points table (the scenarios).
        measure: The measure to rank by (default: the experiment's ``policies.measure``).

    Returns:
        ``policies`` (columns :data:`COLUMNS`, one row per outcome with a better direction
        and policy; rank 1 is best by the measure) and the joint satisficing table
        (:data:`JOINT_COLUMNS`; empty without thresholds).
    """
    spec = resolved["policies"]
    measure = measure or spec["measure"]
    names = [d["name"] for d in resolved["designs"]]
    design_of = spec["design_of"]
    thresholds = spec["thresholds"]
    n = len(points)
    rows = []
    met_all = np.ones((n, len(names)), dtype=bool)
    defined_all = np.ones(n, dtype=bool)
    for outcome in resolved["outcomes"]:
        direction = OUTCOMES[outcome].direction
        if direction == 0:
            continue
        values = scenario_matrix(runs, names, outcome, n)
        defined = np.all(np.isfinite(values), axis=1)
        if not defined.any():
            continue
        v = values[defined]
        lost = regret(v, direction)
        threshold = thresholds.get(outcome)
        if threshold is not None:
            met = satisfied(values, direction, threshold)
            met_all &= met
            defined_all &= defined
        bad_end = 0.1 if direction > 0 else 0.9
        table = pd.DataFrame(
            {
                "outcome": outcome,
                "policy": names,
                "design": [design_of[p] for p in names],
                "direction": {1: "higher", -1: "lower"}[direction],
                "scenarios": int(defined.sum()),
                "mean": v.mean(axis=0),
                "p10": np.quantile(v, 0.1, axis=0),
                "p50": np.quantile(v, 0.5, axis=0),
                "p90": np.quantile(v, 0.9, axis=0),
                "worst_decile": np.quantile(v, bad_end, axis=0),
                "mean_regret": lost.mean(axis=0),
                "p90_regret": np.quantile(lost, 0.9, axis=0),
                "max_regret": lost.max(axis=0),
                "threshold": np.nan if threshold is None else threshold,
                "satisficing": np.nan
                if threshold is None
                else satisfied(v, direction, threshold).mean(axis=0),
            }
        )
        table["rank"] = _rank(table, measure, direction)
        rows.append(table)
    joint = pd.DataFrame(columns=list(JOINT_COLUMNS))
    if thresholds and defined_all.any():
        share = met_all[defined_all].mean(axis=0)
        joint = pd.DataFrame(
            {
                "policy": names,
                "design": [design_of[p] for p in names],
                "scenarios": int(defined_all.sum()),
                "satisficing_all": share,
            }
        )
        joint["rank"] = joint["satisficing_all"].rank(ascending=False, method="min").astype(int)
    table = pd.concat(rows, ignore_index=True) if rows else pd.DataFrame(columns=list(COLUMNS))
    return table[list(COLUMNS)], joint


def _rank(table: pd.DataFrame, measure: str, direction: int) -> pd.Series:
    """Rank 1 for the best policy by the measure; ties share the better rank."""
    values = table[measure]
    if values.isna().all():  # satisficing without a threshold for this outcome: by regret
        values = table["max_regret"]
        higher = False
    else:
        higher = HIGHER_IS_BETTER.get(measure, direction > 0)
    return values.rank(ascending=not higher, method="min").astype(int)

"""Standardized effects: how large a difference is, on a scale every outcome shares.

A difference of 0.03 in a share and of 0.3 years in time to promotion cannot be ranked by
their numbers. The standardized effect divides a design's mean paired difference from the
baseline by the spread of the outcome between replicates (the pooled standard deviation of
the design's and the baseline's replicate values, as in Cohen's d), so the reports can rank
a design's gains and losses, largest first. It sizes a difference; whether the difference is
there at all is the interval's verdict, which the ranking leaves as it is.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

#: Column added to the comparison table by :func:`with_standardized_effects`.
COLUMN = "std_effect"


def standardized_effect(design: np.ndarray, baseline: np.ndarray) -> float:
    """Mean paired difference over the pooled replicate standard deviation.

    Pairs with a NaN on either side are dropped. Where neither design varies between
    replicates the spread is 0: a nonzero difference is then infinitely large (``±inf``, a
    cost set by the design rather than by chance), and no difference is 0.

    Args:
        design: The design's values, one per replicate.
        baseline: The baseline's values for the same replicates.

    Returns:
        The signed effect; NaN with fewer than two complete pairs.
    """
    x, y = np.asarray(design, dtype=float), np.asarray(baseline, dtype=float)
    keep = ~(np.isnan(x) | np.isnan(y))
    x, y = x[keep], y[keep]
    if x.size < 2:
        return math.nan
    diff = float(np.mean(x - y))
    spread = math.sqrt((_var(x) + _var(y)) / 2)
    if spread == 0:
        return 0.0 if diff == 0 else math.copysign(math.inf, diff)
    return diff / spread


def with_standardized_effects(table: pd.DataFrame, runs: pd.DataFrame) -> pd.DataFrame:
    """The comparison table with a :data:`COLUMN` column (0 on the baseline's own rows).

    Args:
        table: Output of ``sim.experiment.stats.compare_designs`` on ``runs``.
        runs: One row per design and replicate (``design``, ``replicate``, outcomes).

    Returns:
        A copy of ``table`` with the column added last (the columns before it keep their
        places), in the same row order.
    """
    runs = runs.assign(design=runs["design"].astype(str))
    parts = {d: g.set_index("replicate") for d, g in runs.groupby("design", sort=False)}
    effects = []
    for row in table.itertuples(index=False):
        design, baseline, outcome = str(row.design), str(row.reference), str(row.outcome)
        if design == baseline:
            effects.append(0.0)
            continue
        if design not in parts or baseline not in parts or outcome not in runs.columns:
            effects.append(math.nan)
            continue
        base = parts[baseline][outcome]
        mine = parts[design][outcome].reindex(base.index)
        effects.append(
            standardized_effect(
                mine.to_numpy(dtype=float, na_value=np.nan),
                base.to_numpy(dtype=float, na_value=np.nan),
            )
        )
    return table.assign(**{COLUMN: effects})


def _var(values: np.ndarray) -> float:
    """Sample variance, exactly 0 for a constant sample (no rounding residue)."""
    return 0.0 if np.ptp(values) == 0 else float(np.var(values, ddof=1))

"""Each target's coverage across the ensemble on fresh seeds (``validate --ensemble``).

Every member runs on its own fresh seeds (k per member, ``--member-seeds``; never the seeds
it was accepted on), and a target's coverage is the share of members whose mean over those
seeds lies inside the target's band. A target passes when the ensemble's pooled value lies
inside the band and at least ``COVERAGE_FLOOR`` of the members do.

A member's mean over k seeds is its expected value plus replicate noise with standard error
``member_se`` = sqrt(V_rep / k) (V_rep: the within-member variance of one run, pooled over
members). Where that error is not small against the band's half-width, coverage measures
noise as much as the ensemble: even a member exactly at a band's centre falls outside with
probability 1 - ``noise_coverage``, where ``noise_coverage`` = 2 Phi(half-width / member_se)
- 1 is the coverage replicate noise alone leaves a perfectly centred ensemble. It is reported
beside each coverage, as is ``se_over_half_width``; more seeds per member (k) is what makes a
coverage mean what it says.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from scipy import stats as sps

from sim.experiment.ensemble import Ensemble, member_of
from sim.experiment.targets import Target, replicate_values

#: Least share of members inside a band for the target to pass on fresh seeds.
COVERAGE_FLOOR = 0.5
#: A coverage is blurred by noise when a centred member would be outside this often or more.
BLURRED_BELOW = 0.8
COLUMNS = (
    "target",
    "members",
    "seeds_per_member",
    "coverage",
    "member_se",
    "se_over_half_width",
    "noise_coverage",
    "member_p05",
    "member_p95",
    "ensemble_ok",
)


def noise_coverage(half_width: float, se: float) -> float:
    """Share of means over k seeds inside a band for a member at the band's centre.

    Args:
        half_width: The band's half-width.
        se: Standard error of a member's mean (0: no noise, coverage 1).
    """
    if not math.isfinite(se):
        return math.nan
    if se <= 0:
        return 1.0
    return float(2.0 * sps.norm.cdf(half_width / se) - 1.0)


def member_means(values: pd.Series, n_members: int) -> tuple[pd.Series, float, float]:
    """Each member's mean, the seeds per member (median) and one run's pooled variance.

    Args:
        values: A target's value per replicate (index: replicate numbers; NaN undefined).
        n_members: Members in the ensemble the replicates ran.

    Returns:
        Member means (index: member), the median count of finite seeds per member, and the
        within-member variance of one run pooled over members (NaN when no member has two
        finite seeds).
    """
    members = np.array([member_of(int(r), n_members) for r in values.index])
    frame = pd.DataFrame({"v": values.to_numpy(dtype=float), "m": members}).dropna()
    groups = frame.groupby("m")["v"]
    means = groups.mean()
    counts = groups.count()
    dof = (counts - 1).clip(lower=0)
    within = groups.var(ddof=1).fillna(0.0)
    pooled = float((within * dof).sum() / dof.sum()) if dof.sum() > 0 else math.nan
    per_member = float(counts.median()) if len(counts) else math.nan
    return means, per_member, pooled


def coverage_table(
    targets: list[Target], runs: pd.DataFrame, yearly: pd.DataFrame | None, ensemble: Ensemble
) -> pd.DataFrame:
    """One row per target: coverage, how precisely members were measured, span and a pass.

    Args:
        targets: The targets.
        runs: Replicate outcomes (replicate r ran member ``member_of(r, n)``).
        yearly: Yearly metrics, for year targets.
        ensemble: The ensemble the replicates ran.
    """
    rows = []
    for t in targets:
        values = replicate_values(t, runs, yearly)
        per_member, k, pooled_var = member_means(values, len(ensemble))
        inside = (per_member >= t.low) & (per_member <= t.high)
        coverage = float(inside.mean()) if len(per_member) else np.nan
        pooled = float(np.nanmean(values.to_numpy(dtype=float))) if len(values) else np.nan
        se = math.sqrt(pooled_var / k) if math.isfinite(pooled_var) and k > 0 else math.nan
        half = (t.high - t.low) / 2.0
        rows.append(
            {
                "target": t.id,
                "members": len(per_member),
                "seeds_per_member": k,
                "coverage": coverage,
                "member_se": se,
                "se_over_half_width": se / half if half > 0 else math.nan,
                "noise_coverage": noise_coverage(half, se),
                "member_p05": float(per_member.quantile(0.05)) if len(per_member) else np.nan,
                "member_p95": float(per_member.quantile(0.95)) if len(per_member) else np.nan,
                "ensemble_ok": bool(t.low <= pooled <= t.high and coverage >= COVERAGE_FLOOR),
            }
        )
    return pd.DataFrame(rows, columns=list(COLUMNS))


def blurred(table: pd.DataFrame) -> list[str]:
    """Targets whose coverage replicate noise blurs (a centred member often outside)."""
    noisy = table["noise_coverage"] < BLURRED_BELOW
    return [str(t) for t in table.loc[noisy, "target"]]

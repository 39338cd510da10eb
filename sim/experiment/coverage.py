"""Each target's coverage across the ensemble on fresh seeds (``validate --ensemble``).

Every member runs on its own fresh seeds (two per member; never the seeds it was accepted
on), and a target's coverage is the share of members whose mean over those seeds lies inside
the target's band. A target passes when the ensemble's pooled value lies inside the band and
at least ``COVERAGE_FLOOR`` of the members do: a member accepted on three seeds can leave a
band on two others by replicate noise alone, so coverage near but under 1 is expected.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sim.experiment.ensemble import Ensemble, member_of
from sim.experiment.targets import Target, replicate_values

#: Least share of members inside a band for the target to pass on fresh seeds.
COVERAGE_FLOOR = 0.5
COLUMNS = ("target", "members", "coverage", "member_p05", "member_p95", "ensemble_ok")


def coverage_table(
    targets: list[Target], runs: pd.DataFrame, yearly: pd.DataFrame | None, ensemble: Ensemble
) -> pd.DataFrame:
    """One row per target: members scored, coverage, the members' 5-95% span, and a pass.

    Args:
        targets: The targets.
        runs: Replicate outcomes (replicate r ran member ``member_of(r, n)``).
        yearly: Yearly metrics, for year targets.
        ensemble: The ensemble the replicates ran.
    """
    rows = []
    for t in targets:
        values = replicate_values(t, runs, yearly)
        members = np.array([member_of(int(r), len(ensemble)) for r in values.index])
        per_member = (
            pd.Series(values.to_numpy(dtype=float), index=members).groupby(level=0).mean().dropna()
        )
        inside = (per_member >= t.low) & (per_member <= t.high)
        coverage = float(inside.mean()) if len(per_member) else np.nan
        pooled = float(np.nanmean(values.to_numpy(dtype=float))) if len(values) else np.nan
        rows.append(
            {
                "target": t.id,
                "members": len(per_member),
                "coverage": coverage,
                "member_p05": float(per_member.quantile(0.05)) if len(per_member) else np.nan,
                "member_p95": float(per_member.quantile(0.95)) if len(per_member) else np.nan,
                "ensemble_ok": bool(t.low <= pooled <= t.high and coverage >= COVERAGE_FLOOR),
            }
        )
    return pd.DataFrame(rows, columns=list(COLUMNS))

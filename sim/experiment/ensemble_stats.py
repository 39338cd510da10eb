"""Differences across the ensemble: replicate noise apart from parameter uncertainty.

With an ensemble, replicate r runs member m(r) (two seeds per member, the same member and
seed for every design; ``sim.experiment.ensemble``). For each outcome and design, the paired
differences d_r = design_r - baseline_r are grouped by member (a one-way random-effects
layout):

- ``ensemble_ci_low``/``ensemble_ci_high``: t interval of the mean over members of each
  member's mean difference (members are the units drawn, so the interval includes what the
  evidence leaves open), Bonferroni-adjusted over designs as the paired interval is;
- ``noise_share``/``parameter_share``: the variance of one difference split into replicate
  noise (within members, pooled) and parameter uncertainty (between members' true effects,
  the variance of member means less the noise it carries);
- ``share_members_better``: the share of members whose mean difference is on the good side
  (higher for an outcome without a preferred direction);
- ``hinges_on``: the (up to) three parameters whose member values have the largest Spearman
  rank correlation with the member's effect, written ``key (+0.62)``, listed only when the
  correlation survives a Benjamini-Hochberg correction across all the parameters (false
  discovery rate ``HINGES_FDR``): with a few dozen members and thirty parameters the largest
  of thirty null correlations is typically 0.4-0.5, so an uncorrected top three always names
  something. Empty when nothing survives: no parameter measurably moves the effect;
- ``ensemble_verdict``: the interval's verdict ("better", "worse", ...) when it holds across
  the evidence, i.e. at least 95% of the members' true effects lie on that side under a
  normal spread (|mean| >= 1.645 x between-member sd); otherwise ``depends on KEY`` with the
  parameter it hinges on most (``depends on the parameters`` when none survives the
  correction). An interval across zero with a parameter that survives the correction also
  reads ``depends on KEY``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import pandas as pd
from scipy import stats as sps

from sim.experiment.ensemble import Ensemble, member_of
from sim.experiment.stats import BASELINE, NO_DIFFERENCE, Interval, verdict

#: Columns added to comparison.csv when a comparison carries the ensemble (stable names).
ENSEMBLE_COLUMNS = (
    "ensemble_members",
    "ensemble_ci_low",
    "ensemble_ci_high",
    "noise_share",
    "parameter_share",
    "share_members_better",
    "hinges_on",
    "ensemble_verdict",
)
#: One-sided normal quantile: a verdict holds when 95% of members' effects share its side.
HOLDS_Z = 1.645
HINGES = 3
#: False discovery rate of the parameters a difference is said to hinge on.
HINGES_FDR = 0.05


def member_summary(diffs: np.ndarray, members: np.ndarray) -> tuple[np.ndarray, np.ndarray, float]:
    """Member means, their member ids and the pooled within-member variance (NaN dropped)."""
    keep = np.isfinite(diffs)
    frame = pd.DataFrame({"d": diffs[keep], "m": members[keep]})
    groups = frame.groupby("m")["d"]
    means = groups.mean()
    counts = groups.count()
    within = groups.var(ddof=1)
    df = (counts - 1).clip(lower=0)
    pooled = float((within.fillna(0) * df).sum() / df.sum()) if df.sum() > 0 else math.nan
    return means.to_numpy(), means.index.to_numpy(), pooled


def benjamini_hochberg(p_values: np.ndarray, fdr: float) -> np.ndarray:
    """Which hypotheses the Benjamini-Hochberg step-up procedure rejects at a false discovery rate.

    Args:
        p_values: float64 (m,) p-values.
        fdr: The false discovery rate, e.g. 0.05.

    Returns:
        bool (m,) rejected (a discovery), in the input order.
    """
    p = np.asarray(p_values, dtype=float)
    m = len(p)
    if m == 0:
        return np.zeros(0, dtype=bool)
    order = np.argsort(p, kind="stable")
    passed = p[order] <= fdr * np.arange(1, m + 1) / m
    rejected = np.zeros(m, dtype=bool)
    if passed.any():
        rejected[order[: int(np.flatnonzero(passed)[-1]) + 1]] = True
    return rejected


def hinges(effects: np.ndarray, ids: np.ndarray, ensemble: Ensemble) -> list[tuple[str, float]]:
    """Parameters whose rank correlation with the member's effect survives the correction.

    Spearman's rho of each parameter's member values against the members' effects, tested
    against zero (scipy's t approximation) and corrected across the parameters by
    Benjamini-Hochberg at :data:`HINGES_FDR`; the (up to) three largest |rho| that survive.
    """
    if len(effects) < 4 or np.ptp(effects) == 0:
        return []
    found = []
    for j, key in enumerate(ensemble.parameters):
        values = ensemble.values[ids, j]
        if np.ptp(values) == 0:
            continue
        test = sps.spearmanr(values, effects)
        rho, p = float(test.statistic), float(test.pvalue)
        if math.isfinite(rho) and math.isfinite(p):
            found.append((key, rho, p))
    if not found:
        return []
    keep = benjamini_hochberg(np.array([p for _, _, p in found]), HINGES_FDR)
    out = [(key, rho) for (key, rho, _), k in zip(found, keep, strict=True) if k]
    out.sort(key=lambda kv: -abs(kv[1]))
    return out[:HINGES]


def ensemble_row(
    diffs: np.ndarray,
    replicates: np.ndarray,
    ensemble: Ensemble,
    direction: int,
    confidence: float,
    n_comparisons: int,
) -> dict[str, object]:
    """The ensemble columns of one outcome and design (see the module docstring)."""
    members = np.array([member_of(int(r), len(ensemble)) for r in replicates])
    means, ids, noise = member_summary(diffs, members)
    k = len(means)
    if k >= 2:
        centre = float(np.mean(means))
        se = float(np.std(means, ddof=1)) / math.sqrt(k)
        alpha = (1.0 - confidence) / n_comparisons
        half = float(sps.t.ppf(1.0 - alpha / 2.0, k - 1)) * se
        interval = Interval(centre, centre - half, centre + half, half, k, se * math.sqrt(k))
    else:
        interval = Interval(math.nan, math.nan, math.nan, math.nan, k, math.nan)
    counts = np.bincount(members[np.isfinite(diffs)]) if k else np.array([1])
    per_member = float(np.mean(counts[counts > 0]))
    if k >= 2:
        spread = float(np.var(means, ddof=1))
        between_var = max(spread - (noise / per_member if math.isfinite(noise) else 0.0), 0.0)
    else:
        between_var = math.nan
    total = noise + between_var
    noise_share = noise / total if math.isfinite(total) and total > 0 else math.nan
    side = 1 if direction >= 0 else -1
    better = float(np.mean(side * means > 0)) if k else math.nan
    ranked = hinges(means, ids, ensemble)
    base = verdict(interval, direction)
    top = ranked[0][0] if ranked else "the parameters"
    between_sd = math.sqrt(between_var) if math.isfinite(between_var) else math.nan
    if base not in (NO_DIFFERENCE, "undefined"):
        holds = between_sd == 0 or abs(interval.mean) >= HOLDS_Z * between_sd
        final = base if holds else f"depends on {top}"
    elif ranked and between_var > 0:
        final = f"depends on {top}"
    else:
        final = base
    return {
        "ensemble_members": k,
        "ensemble_ci_low": interval.low,
        "ensemble_ci_high": interval.high,
        "noise_share": noise_share,
        "parameter_share": 1.0 - noise_share if math.isfinite(noise_share) else math.nan,
        "share_members_better": better,
        "hinges_on": "; ".join(f"{key} ({rho:+.2f})" for key, rho in ranked),
        "ensemble_verdict": final,
    }


def with_ensemble_columns(
    table: pd.DataFrame,
    runs: pd.DataFrame,
    ensemble: Ensemble,
    directions: Mapping[str, int],
    confidence: float = 0.95,
) -> pd.DataFrame:
    """The comparison table with :data:`ENSEMBLE_COLUMNS` added (baseline rows left empty).

    Args:
        table: ``stats.compare_designs``'s table.
        runs: The replicate outcomes (``design``, ``replicate`` and outcome columns).
        ensemble: The ensemble the replicates ran (replicate r ran ``member_of(r, n)``).
        directions: Outcome -> direction.
        confidence: Family-wise confidence, as for the paired intervals.
    """
    designs = list(pd.unique(runs["design"]))
    n_comparisons = max(1, len(designs) - 1)
    indexed = {d: runs[runs["design"] == d].set_index("replicate") for d in designs}
    rows = []
    for row in table.itertuples(index=False):
        if row.verdict == BASELINE or row.design == row.reference:
            rows.append(dict.fromkeys(ENSEMBLE_COLUMNS, None) | {"ensemble_verdict": BASELINE})
            continue
        a = indexed[row.design][row.outcome]
        b = indexed[row.reference][row.outcome]
        a, b = a.align(b, join="inner")
        diffs = pd.to_numeric(a, errors="coerce").to_numpy(float) - pd.to_numeric(
            b, errors="coerce"
        ).to_numpy(float)
        rows.append(
            ensemble_row(
                diffs,
                a.index.to_numpy(),
                ensemble,
                directions.get(row.outcome, 0),
                confidence,
                n_comparisons,
            )
        )
    extra = pd.DataFrame(rows, columns=list(ENSEMBLE_COLUMNS), index=table.index)
    return pd.concat([table, extra], axis=1)

"""Robustness of design rankings across what we do not know.

The question: does "design X beats the baseline on outcome Y" hold across the plausible
ranges of the assumptions? A robustness sweep runs every design at every point of a sample of
the uncertainty space, replicate r on the same seed everywhere, so at each point the designs
are compared pair by pair. For each outcome with a preferred direction this module gives:

- the share of points where each design's mean paired difference from the baseline is on the
  better side, and the shares where its 95% paired interval (over replicates) lies wholly on
  the better or the worse side;
- the share of points where each design ranks first among all designs;
- which varied parameters the verdict depends on: the Spearman rank correlation of each
  parameter with the paired difference, and the Kolmogorov-Smirnov distance between the
  parameter's values where the design wins and where it does not (regional sensitivity
  analysis, Spear & Hornberger 1980), with the level chance alone would reach. All those
  tests of one sweep are one family: a driver "stands out" when its Benjamini-Hochberg
  adjusted p-value (q) is below 5%, so that of the drivers reported about one in twenty at
  most is expected to be chance, however many parameters and outcomes were tested.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from scipy import stats as sps

from sim.experiment.sensitivity import replicate_matrix
from sim.outcomes import OUTCOMES

#: Columns of ``robustness.csv``.
COLUMNS = (
    "outcome",
    "design",
    "baseline",
    "direction",
    "points",
    "share_better",
    "share_clearly_better",
    "share_clearly_worse",
    "share_first",
    "mean_diff",
    "diff_p05",
    "diff_p95",
    "verdict",
)

#: Columns of ``robustness_drivers.csv``.
DRIVER_COLUMNS = (
    "outcome",
    "design",
    "parameter",
    "role",
    "spearman",
    "spearman_chance",
    "ks",
    "ks_chance",
    "spearman_p",
    "ks_p",
    "spearman_q",
    "ks_q",
    "stands_out",
)

#: False discovery rate of the driver tests (Benjamini & Hochberg 1995).
FDR = 0.05


def verdict(share_better: float) -> str:
    """A verdict in words from the share of the space where a design does better."""
    if share_better == 1.0:
        return "better at every point"
    if share_better >= 0.8:
        return "better at most points"
    if share_better == 0.0:
        return "worse at every point"
    if share_better <= 0.2:
        return "worse at most points"
    return "depends on the assumptions"


def _sign(outcome: str) -> float:
    """+1 when higher is better, -1 when lower is, 0 for no preferred direction."""
    return float(OUTCOMES[outcome].direction)


def _direction(outcome: str) -> str:
    return {1: "higher", -1: "lower"}[OUTCOMES[outcome].direction]


def robustness_tables(
    resolved: dict, runs: pd.DataFrame, points: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The robustness table and the drivers table of a sweep with two or more designs.

    Args:
        resolved: The resolved experiment (``experiment.json``).
        runs: The runs table.
        points: The points table.

    Returns:
        ``robustness`` (columns :data:`COLUMNS`, one row per outcome and non-baseline design)
        and ``drivers`` (columns :data:`DRIVER_COLUMNS`, one row per outcome, design and
        varied parameter).
    """
    designs = [d["name"] for d in resolved["designs"]]
    baseline = resolved["baseline"]
    keys = [v["key"] for v in resolved["varied"]]
    roles = {v["key"]: v["role"] for v in resolved["varied"]}
    n = len(points)
    rows, drivers = [], []
    for outcome in resolved["outcomes"]:
        sign = _sign(outcome)
        if sign == 0.0:
            continue  # no preferred direction: nothing to win or lose
        by_design = {d: replicate_matrix(runs, d, outcome, n) for d in designs}
        means = np.column_stack([by_design[d].mean(axis=1) for d in designs]) * sign
        defined = np.all(np.isfinite(means), axis=1)
        first = np.full(n, -1)
        first[defined] = np.argmax(means[defined], axis=1)
        base = by_design[baseline]
        for i, design in enumerate(designs):
            if design == baseline:
                continue
            diff = (by_design[design] - base) * sign  # > 0: better, per point and replicate
            ok = np.all(np.isfinite(diff), axis=1)
            if not ok.any():
                continue
            d = diff[ok]
            mean = d.mean(axis=1)
            low, high = _paired_interval(d)
            share = float(np.mean(mean > 0))
            worse = float(np.mean(high < 0))
            raw = mean * sign
            rows.append(
                {
                    "outcome": outcome,
                    "design": design,
                    "baseline": baseline,
                    "direction": _direction(outcome),
                    "points": int(ok.sum()),
                    "share_better": share,
                    "share_clearly_better": float(np.mean(low > 0)),
                    "share_clearly_worse": worse,
                    "share_first": float(np.mean(first[ok] == i)),
                    "mean_diff": float(raw.mean()),
                    "diff_p05": float(np.quantile(raw, 0.05)),
                    "diff_p95": float(np.quantile(raw, 0.95)),
                    "verdict": verdict(share),
                }
            )
            for key in keys:
                drivers.append(
                    {
                        "outcome": outcome,
                        "design": design,
                        "parameter": key,
                        "role": roles[key],
                        **_driver(points[key].to_numpy()[ok], mean),
                    }
                )
        if defined.any():
            i = designs.index(baseline)
            rows.append(
                {
                    "outcome": outcome,
                    "design": baseline,
                    "baseline": baseline,
                    "direction": _direction(outcome),
                    "points": int(defined.sum()),
                    "share_better": math.nan,
                    "share_clearly_better": math.nan,
                    "share_clearly_worse": math.nan,
                    "share_first": float(np.mean(first[defined] == i)),
                    "mean_diff": 0.0,
                    "diff_p05": 0.0,
                    "diff_p95": 0.0,
                    "verdict": "baseline",
                }
            )
    return (
        pd.DataFrame(rows, columns=list(COLUMNS)),
        adjust_drivers(pd.DataFrame(drivers, columns=list(DRIVER_COLUMNS))),
    )


def benjamini_hochberg(p: np.ndarray) -> np.ndarray:
    """Benjamini-Hochberg adjusted p-values (q); NaN p-values stay NaN and are not counted."""
    q = np.full(len(p), np.nan)
    tested = np.isfinite(p)
    if tested.any():
        q[tested] = sps.false_discovery_control(p[tested], method="bh")
    return q


def adjust_drivers(drivers: pd.DataFrame) -> pd.DataFrame:
    """The drivers table with every Spearman and KS test of the sweep adjusted as one family.

    ``stands_out`` is true where either test's q is below :data:`FDR`.
    """
    p = np.concatenate([drivers["spearman_p"].to_numpy(float), drivers["ks_p"].to_numpy(float)])
    q = benjamini_hochberg(p)
    n = len(drivers)
    drivers = drivers.assign(spearman_q=q[:n], ks_q=q[n:])
    return drivers.assign(stands_out=(drivers["spearman_q"] < FDR) | (drivers["ks_q"] < FDR))


def _paired_interval(diff: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """95% paired t interval of each point's mean difference (NaN-wide for one replicate)."""
    reps = diff.shape[1]
    mean = diff.mean(axis=1)
    if reps < 2:
        return np.full(len(mean), -np.inf), np.full(len(mean), np.inf)
    half = sps.t.ppf(0.975, reps - 1) * diff.std(axis=1, ddof=1) / math.sqrt(reps)
    return mean - half, mean + half


def _driver(values: np.ndarray, mean_diff: np.ndarray) -> dict[str, object]:
    """How strongly one parameter moves the paired difference, against chance."""
    n = len(values)
    codes = pd.factorize(values, sort=True)[0] if values.dtype == object else values
    codes = np.asarray(codes, dtype=float)
    spearman = spearman_p = math.nan
    if np.ptp(codes) > 0 and np.ptp(mean_diff) > 0:
        found = sps.spearmanr(codes, mean_diff)
        spearman, spearman_p = float(found.statistic), float(found.pvalue)
    wins = mean_diff > 0
    ks = ks_chance = ks_p = math.nan
    if 0 < wins.sum() < n:
        found = sps.ks_2samp(codes[wins], codes[~wins])
        ks, ks_p = float(found.statistic), float(found.pvalue)
        a, b = int(wins.sum()), int((~wins).sum())
        ks_chance = 1.358 * math.sqrt((a + b) / (a * b))  # 5% critical value, two-sided
    spearman_chance = 1.96 / math.sqrt(n - 1) if n > 1 else math.nan
    return {
        "spearman": spearman,
        "spearman_chance": spearman_chance,
        "ks": ks,
        "ks_chance": ks_chance,
        "spearman_p": spearman_p,
        "ks_p": ks_p,
    }

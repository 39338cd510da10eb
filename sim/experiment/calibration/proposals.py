"""Where the next wave runs: points the emulators so far do not rule out.

The first wave is a Latin hypercube over the parameters' plausible ranges (the unit cube).
Each later wave draws a large Latin hypercube, keeps the points whose largest implausibility
under every earlier wave's emulators is within the cutoff, and, when the non-implausible
region is too small for uniform draws to find enough, adds Gaussian jitter around the points
found (as hmer's "importance" proposals do). The share of the uniform draws kept measures the
non-implausible volume, which each wave should shrink. Draws come from a generator seeded by
(seed, wave), so a resumed calibration proposes the same points.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.stats import qmc

from sim.experiment.calibration.emulator import Emulator
from sim.experiment.calibration.implausibility import Band, max_implausibility

#: Uniform draws screened per proposal (the non-implausible volume is measured on them).
SCREENED = 10_000
#: Jitter around non-implausible points, in unit-cube widths, and rounds of it.
JITTER_SD = (0.05, 0.02)
#: Draws per jitter round, as a multiple of the points wanted.
JITTER_FACTOR = 20


@dataclass(frozen=True)
class Proposal:
    """A wave's points and how much of the space is still non-implausible.

    Attributes:
        points: float64 (n, k) points in the unit cube.
        volume: Share of uniform draws within the cutoff (1.0 for the first wave).
        fallback: Points taken beyond the cutoff because too few were within it (the
            least implausible ones); 0 when the cutoff held.
    """

    points: np.ndarray
    volume: float
    fallback: int


def generator(seed: int, wave: int) -> np.random.Generator:
    """The random generator of one wave's proposal (a pure function of seed and wave)."""
    return np.random.default_rng(np.random.SeedSequence([int(seed), int(wave)]))


def latin_hypercube(n: int, k: int, rng: np.random.Generator) -> np.ndarray:
    """N points of a Latin hypercube in [0, 1]^k."""
    return qmc.LatinHypercube(d=k, rng=rng).random(n)


def propose(
    waves: Sequence[Sequence[Emulator]],
    bands: Sequence[Band],
    n: int,
    k: int,
    *,
    seed: int,
    wave: int,
    cutoff: float,
    discrepancy: float,
    replicates: int,
) -> Proposal:
    """The next wave's n points: non-implausible under every earlier wave's emulators.

    Args:
        waves: Emulators of each earlier wave (empty for the first wave).
        bands: The targets.
        n: Points wanted.
        k: Parameters (dimensions).
        seed: Base seed.
        wave: The wave's number (0 for the first), which keys the draws.
        cutoff: Largest implausibility kept.
        discrepancy: Model discrepancy (share of each band's half-width).
        replicates: Seeds an accepted value is a mean over.

    Returns:
        The proposal.
    """
    rng = generator(seed, wave)
    if not waves:
        return Proposal(latin_hypercube(n, k, rng), 1.0, 0)

    def score(u: np.ndarray) -> np.ndarray:
        return max_implausibility(waves, bands, u, discrepancy=discrepancy, replicates=replicates)

    draws = latin_hypercube(SCREENED, k, rng)
    worst = score(draws)
    volume = float(np.mean(worst <= cutoff))
    pool, pool_score = draws, worst
    for sd in JITTER_SD:
        if np.sum(pool_score <= cutoff) >= n:
            break
        # Jitter around the best points found so far: the kept ones, or the least
        # implausible tenth when none is kept.
        order = np.argsort(pool_score, kind="stable")
        centres = pool[order[: max(int(np.sum(pool_score <= cutoff)), len(order) // 10, 1)]]
        picks = centres[rng.integers(0, len(centres), size=JITTER_FACTOR * n)]
        moved = np.clip(picks + rng.normal(0.0, sd, size=picks.shape), 0.0, 1.0)
        pool = np.vstack([pool, moved])
        pool_score = np.concatenate([pool_score, score(moved)])
    inside = np.flatnonzero(pool_score <= cutoff)
    if len(inside) >= n:
        chosen = np.sort(rng.choice(inside, size=n, replace=False))
        return Proposal(pool[chosen], volume, 0)
    order = np.argsort(pool_score, kind="stable")[:n]
    return Proposal(pool[np.sort(order)], volume, n - len(inside))

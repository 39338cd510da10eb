"""Where the next wave runs: points the emulators so far do not rule out.

The first wave is a Latin hypercube over the parameters' plausible ranges (the unit cube).
Each later wave samples the non-implausible region left by every earlier wave's emulators:

1. a Latin hypercube of ``SCREENED`` uniform draws is scored, and the draws within the cutoff
   are exact uniform samples of the region;
2. when the region is too small for uniform draws to find enough (after a few waves it is a
   small share of the box in 20-odd dimensions), random-walk Metropolis chains sample it, as
   hmer's slice and line samplers do: each chain starts at a point within the cutoff (a
   draw, or an earlier wave's run), proposes a Gaussian step reflected at the box's faces and
   moves when the step stays within the cutoff, which leaves the uniform distribution on the
   region invariant (up to the tuning of the step size to an acceptance rate of 15-45%).
   During a burn-in the steps' sds are also adapted, per parameter, to the spread of the
   chains; then each chain's state is taken every ``THIN`` steps.
   When nothing is within the cutoff, chains start at the least implausible points found
   and move only downhill until they enter the region;
3. a wave's points are a maximin subset of the samples (spread out, for the emulators);
   candidate members are a random subset (so the ensemble weighs the region evenly).

The region's volume (share of the box) is estimated two ways, and the finer one is kept: the
share of the uniform draws within the cutoff (resolution 1 / ``SCREENED``), and, wave by
wave, the share of the previous wave's runs the new emulators keep times that wave's volume
(a wave's runs were sampled from the region before it). When neither estimate finds a
single point kept, the volume is below the finer resolution and that bound is reported
(``volume_bound``). Draws come from a generator seeded by
(seed, wave), and the emulators are refitted identically on resume, so a resumed calibration
proposes the same points.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy.stats import qmc

from sim.experiment.calibration.emulator import Emulator
from sim.experiment.calibration.implausibility import Band, max_implausibility

#: Uniform draws screened per proposal.
SCREENED = 10_000
#: Samples of the region gathered before choosing, as a multiple of the points wanted.
SAMPLE_FACTOR = 5
#: Metropolis chains (at least), and the first step's sd in unit-cube widths.
CHAINS = 200
STEP_SD = 0.1
#: Acceptance rates of chains inside the region between which the step size is kept.
RATE_RANGE = (0.15, 0.45)
#: Steps spent adapting the step sizes before the chains' states count as samples. Short
#: chains keep the imprint of their starts: with 20 steps and samples taken at every step,
#: each candidate member sat within a few hundredths of an earlier wave's point, the
#: members clustered by chain, and a parameter that a target pins to a narrow interval
#: (a retention ratio's hazard ratio) was sampled from one end of that interval.
BURN_IN = 120
#: Steps between two samples of one chain (its states in between are strongly correlated).
THIN = 10
#: Most steps a chain runs, burn-in included.
STEPS = 600
#: Rescaling of the steps between adaptations (the population's spread is re-read this often).
ADAPT_EVERY = 20


@dataclass(frozen=True)
class Proposal:
    """A wave's points and how much of the space is still non-implausible.

    Attributes:
        points: float64 (n, k) points in the unit cube.
        volume: Estimated share of the box that is non-implausible (1.0 for the first wave),
            or an upper bound of it when ``volume_bound``.
        fallback: Points taken beyond the cutoff because too few were within it (the
            least implausible ones); 0 when the cutoff held.
    """

    points: np.ndarray
    volume: float
    fallback: int
    volume_bound: bool = False


def generator(seed: int, wave: int) -> np.random.Generator:
    """The random generator of one wave's proposal (a pure function of seed and wave)."""
    return np.random.default_rng(np.random.SeedSequence([int(seed), int(wave)]))


def latin_hypercube(n: int, k: int, rng: np.random.Generator) -> np.ndarray:
    """N points of a Latin hypercube in [0, 1]^k."""
    return qmc.LatinHypercube(d=k, rng=rng).random(n)


def reflect(u: np.ndarray) -> np.ndarray:
    """Fold points back into [0, 1] by reflection at the faces (a symmetric proposal)."""
    folded = np.mod(u, 2.0)
    return np.where(folded > 1.0, 2.0 - folded, folded)


def sample_region(
    score: Callable[[np.ndarray], np.ndarray],
    starts: np.ndarray,
    start_scores: np.ndarray,
    wanted: int,
    cutoff: float,
    rng: np.random.Generator,
    anchor: int | None = None,
    anchor_share: float = 0.0,
) -> tuple[np.ndarray, np.ndarray]:
    """Random-walk Metropolis samples of {u : score(u) <= cutoff}, from the given starts.

    Args:
        score: Implausibility of points (float64 (n, k) -> (n,)).
        starts: Candidate starting points; those within the cutoff are preferred, else the
            least implausible.
        start_scores: Their scores.
        wanted: Samples to gather (the chains stop when they have them or run out of steps).
        cutoff: The region's cutoff.
        rng: The proposal's generator.
        anchor: Index among the starts of a point known to fit (the point calibration);
            when it is within the cutoff, ``anchor_share`` of the chains start there.
        anchor_share: Share of the chains started at the anchor.

    Returns:
        Samples within the cutoff (possibly fewer than wanted, possibly none), and the
        chains' last states with their scores (the least implausible points reached).
    """
    n_chains = max(CHAINS, wanted // 10)
    inside = np.flatnonzero(start_scores <= cutoff)
    if len(inside):
        first = inside[rng.integers(0, len(inside), size=n_chains)]
        if anchor is not None and start_scores[anchor] <= cutoff:
            first[: int(round(anchor_share * n_chains))] = anchor
    else:
        first = np.argsort(start_scores, kind="stable")[:n_chains]
    x, s = starts[first].copy(), start_scores[first].copy()
    k = x.shape[1]
    # Inside, steps are Gaussian with one sd per parameter: during the burn-in it is the
    # spread of the chains inside along that parameter (adaptive Metropolis on the
    # population, Haario et al. 2001; 2.38 / sqrt(k) is the optimal random-walk scale)
    # times a factor tuned to the acceptance rate. A narrow direction of the region then
    # gets small steps and a wide one large steps, where one sd for all would crawl along
    # the wide ones. After the burn-in the shape is frozen and only the factor still follows
    # the acceptance rate (chains keep entering a small region late, and a factor tuned on
    # the first few would leave them still). Each chain still outside has its own sd, which
    # grows after a downhill move and shrinks after a refusal.
    shape = np.ones(k)
    factor = STEP_SD
    own_sd = np.full(len(x), STEP_SD)
    samples: list[np.ndarray] = []
    gathered = 0
    for step_number in range(STEPS):
        if gathered >= wanted:
            break
        burning = step_number < BURN_IN
        was_inside = s <= cutoff
        # The population's spread is read only once enough chains are inside to show it
        # (a few chains that just entered from one start would shrink every step to nothing).
        if burning and step_number % ADAPT_EVERY == 0 and was_inside.sum() >= 2 * k:
            spread = np.std(x[was_inside], axis=0)
            shape = np.clip(spread * 2.38 / np.sqrt(k), 1e-3, 0.5) / STEP_SD
        scale = np.where(
            was_inside[:, None], np.minimum(factor * shape[None, :], 0.5), own_sd[:, None]
        )
        step = reflect(x + rng.normal(0.0, 1.0, size=x.shape) * scale)
        new = score(step)
        # Inside, a step is taken when it stays inside (uniform on the region); outside, a
        # chain only moves downhill until it enters.
        move = new <= np.maximum(cutoff, s)
        x[move], s[move] = step[move], new[move]
        own_sd = np.clip(np.where(move, own_sd * 1.2, own_sd * 0.8), 1e-3, 0.5)
        if not burning and (step_number - BURN_IN) % THIN == 0:
            now = x[s <= cutoff]
            samples.append(now)
            gathered += len(now)
        if was_inside.any():
            rate = float(np.mean(move[was_inside]))
            if rate < RATE_RANGE[0]:
                factor *= 0.7
            elif rate > RATE_RANGE[1]:
                factor = min(factor * 1.3, 5.0)
    found = np.vstack(samples) if samples else np.zeros((0, starts.shape[1]))
    return found, np.column_stack([x, s])


def maximin_subset(points: np.ndarray, n: int, rng: np.random.Generator) -> np.ndarray:
    """Indices of n points chosen greedily farthest from those already chosen."""
    chosen = [int(rng.integers(0, len(points)))]
    nearest = np.sum((points - points[chosen[0]]) ** 2, axis=1)
    for _ in range(n - 1):
        nxt = int(np.argmax(nearest))
        chosen.append(nxt)
        nearest = np.minimum(nearest, np.sum((points - points[nxt]) ** 2, axis=1))
    return np.sort(np.array(chosen))


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
    nth: int = 1,
    previous: np.ndarray | None = None,
    previous_volume: float = 1.0,
    spread: bool = True,
    anchor: np.ndarray | None = None,
    anchor_share: float = 0.0,
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
        nth: Which implausibility over targets is held to the cutoff (1: the largest).
        previous: The last wave's points (samples of the region before it), which measure
            the share of that region kept and start the chains; None measures the volume on
            the uniform draws.
        previous_volume: The volume of the region the previous points were sampled from.
        spread: Choose a maximin subset of the samples (for a wave's emulators); else a
            random subset (for candidate members).
        anchor: A point known to fit (the point calibration, in the unit cube), or None.
        anchor_share: Share of the Metropolis chains started at the anchor when it is
            within the cutoff.

    Returns:
        The proposal.
    """
    rng = generator(seed, wave)
    if not waves:
        return Proposal(latin_hypercube(n, k, rng), 1.0, 0)

    def score(u: np.ndarray) -> np.ndarray:
        return max_implausibility(waves, bands, u, discrepancy=discrepancy, nth=nth)

    draws = latin_hypercube(SCREENED, k, rng)
    draw_scores = score(draws)
    kept_draws = int(np.sum(draw_scores <= cutoff))
    estimates = [(kept_draws, kept_draws / SCREENED, 1.0 / SCREENED)]
    starts, start_scores = draws, draw_scores
    if previous is not None and len(previous):
        previous_scores = score(previous)
        kept = int(np.sum(previous_scores <= cutoff))
        step = previous_volume / len(previous)
        estimates.append((kept, kept * step, step))
        starts = np.vstack([draws, previous])
        start_scores = np.concatenate([draw_scores, previous_scores])
    anchor_index = None
    if anchor is not None:
        anchor_index = len(starts)
        starts = np.vstack([starts, anchor[None, :]])
        start_scores = np.concatenate([start_scores, score(anchor[None, :])])
    # The estimate with the finer resolution; a bound when neither kept a single point.
    kept, volume, resolution = min(estimates, key=lambda e: e[2])
    bound = kept == 0
    if bound:
        volume = min(e[2] for e in estimates)
    samples = draws[draw_scores <= cutoff]
    wanted = SAMPLE_FACTOR * n
    ends = np.column_stack([starts, start_scores])
    if len(samples) < wanted:
        chained, ends = sample_region(
            score, starts, start_scores, wanted, cutoff, rng, anchor_index, anchor_share
        )
        samples = np.vstack([samples, chained])
    samples = np.unique(samples, axis=0)
    if len(samples) >= n:
        pick = (
            maximin_subset(samples, n, rng)
            if spread
            else np.sort(rng.choice(len(samples), size=n, replace=False))
        )
        return Proposal(samples[pick], volume, 0, bound)
    # Too few within the cutoff: add the least implausible points reached beyond it.
    pool = np.vstack([ends, np.column_stack([starts, start_scores])])
    order = np.argsort(pool[:, -1], kind="stable")
    beyond = np.unique(pool[order[: 4 * n], :-1], axis=0)
    beyond = beyond[np.argsort(score(beyond), kind="stable")][: n - len(samples)]
    return Proposal(np.vstack([samples, beyond]), volume, len(beyond), bound)

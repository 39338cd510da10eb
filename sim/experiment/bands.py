"""Where a model value's interval lies against a literature band, and how sure that is.

A target's mean over replicates can sit inside its band while its 95% interval reaches well
past an edge: with five replicates a value of 0.94 [-1.28, 3.16] against [0.8, 4.0] says
little. So a target is in one of three states:

- ``inside``: the whole interval lies inside the band;
- ``outside``: the whole interval lies outside it;
- ``unresolved``: the interval crosses an edge, so these replicates cannot tell. With the
  spread seen so far, :func:`replicates_to_resolve` says how many replicates would narrow the
  interval until it clears the nearest edge.

A value the runs leave undefined (NaN in every replicate) is ``undefined``, and counts as a
failure like ``outside``.
"""

from __future__ import annotations

import math

from scipy import stats

INSIDE = "inside"
OUTSIDE = "outside"
UNRESOLVED = "unresolved"
UNDEFINED = "undefined"

#: Every state, in the order reports list them.
STATES = (INSIDE, OUTSIDE, UNRESOLVED, UNDEFINED)

#: Most replicates :func:`replicates_to_resolve` looks for; beyond this it says "more".
MAX_REPLICATES = 100_000


def band_state(mean: float, ci_low: float, ci_high: float, low: float, high: float) -> str:
    """The state of a value's interval against the band [low, high].

    Args:
        mean: The value (mean over replicates); NaN when undefined.
        ci_low: Lower end of its interval (NaN with fewer than two replicates).
        ci_high: Upper end of its interval.
        low: Lower edge of the band.
        high: Upper edge of the band.

    Returns:
        ``inside``, ``outside``, ``unresolved`` or ``undefined``. A single replicate (no
        interval) is unresolved: one value cannot say how far the mean may move.
    """
    if not math.isfinite(mean):
        return UNDEFINED
    if not (math.isfinite(ci_low) and math.isfinite(ci_high)):
        return UNRESOLVED
    if low <= ci_low and ci_high <= high:
        return INSIDE
    if ci_high < low or ci_low > high:
        return OUTSIDE
    return UNRESOLVED


def replicates_to_resolve(
    mean: float, sd: float, n: int, low: float, high: float, confidence: float = 0.95
) -> int | None:
    """Replicates at which the interval would clear the band edge nearest the mean.

    Assumes the mean and the replicate spread stay as they are: the answer is the smallest m
    with ``t(1 - alpha/2, m - 1) * sd / sqrt(m) < distance`` from the mean to the nearest
    edge, which is when the interval stops crossing that edge.

    Args:
        mean: The value (mean over replicates).
        sd: Standard deviation of one replicate's value.
        n: Replicates the value is based on (the answer is never below n).
        low: Lower edge of the band.
        high: Upper edge of the band.
        confidence: Coverage of the interval.

    Returns:
        The number of replicates, or None when it cannot be said: fewer than two replicates
        (no spread yet), a mean exactly on an edge (no finite number resolves it), or more
        than :data:`MAX_REPLICATES`.
    """
    if n < 2 or not (math.isfinite(mean) and math.isfinite(sd)):
        return None
    # Inside the band the interval must clear the nearer edge; outside, the edge it crosses.
    distance = min(abs(mean - low), abs(mean - high))
    if distance <= 0:
        return None
    if sd == 0:
        return n

    def resolved(m: int) -> bool:
        return float(stats.t.ppf(0.5 + confidence / 2, m - 1)) * sd / math.sqrt(m) < distance

    if resolved(n):
        return n
    # Double until resolved, then bisect: the half-width falls monotonically with m.
    lo, hi = n, 2 * n
    while not resolved(hi):
        if hi >= MAX_REPLICATES:
            return None
        lo, hi = hi, min(2 * hi, MAX_REPLICATES)
    while hi - lo > 1:
        mid = (lo + hi) // 2
        lo, hi = (lo, mid) if resolved(mid) else (mid, hi)
    return hi

"""Implausibility: how many standard deviations a point's emulated target lies from the data.

For target i at point x (Vernon, Goldstein and Bower 2010, eq. 8; Andrianakis et al. 2015):

    I_i(x) = |z_i - E[f_i(x)]| / sqrt(V_obs,i + V_disc,i + V_em,i(x))

where z_i is the band's centre, V_obs,i the target's own uncertainty (the band read as a 95%
interval: sd = half-width / 2), V_disc,i the model discrepancy (``discrepancy`` x half-width,
squared) and V_em,i(x) the emulator's variance of the model's *expected* value at x.

What is compared with the band is the expected value of the model (the mean over replicate
seeds), not one run: the bands already allow for differences between cohorts and
institutions, so the replicate noise of one simulated institution is not added a second
time. It enters through the emulator (fitted with a white-noise term, so V_em,i is the
uncertainty of the mean given noisy runs) and through the acceptance test of the members
(:mod:`~sim.experiment.calibration.acceptance`).

A point is ruled out when the ``nth`` largest of its I_i exceeds the cutoff under any wave's
emulators (a later wave refines, never re-admits).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import numpy as np

from sim.experiment.calibration.emulator import Emulator


class Band(Protocol):
    """What implausibility needs of a target: its band."""

    @property
    def low(self) -> float:
        """Lower edge."""
        ...

    @property
    def high(self) -> float:
        """Upper edge."""
        ...


def implausibility(
    emulators: Sequence[Emulator],
    bands: Sequence[Band],
    u: np.ndarray,
    *,
    discrepancy: float,
) -> np.ndarray:
    """Each target's implausibility at each point.

    Args:
        emulators: One per target.
        bands: The targets, in the same order.
        u: float64 (n, k) points in the unit cube.
        discrepancy: Model discrepancy's sd as a share of each band's half-width.

    Returns:
        float64 (n, targets) implausibilities.
    """
    out = np.empty((len(u), len(bands)))
    for j, (em, band) in enumerate(zip(emulators, bands, strict=True)):
        half = 0.5 * (band.high - band.low)
        centre = 0.5 * (band.high + band.low)
        mu, var_em = em.predict(u)
        var = (half / 2.0) ** 2 + (discrepancy * half) ** 2 + var_em
        out[:, j] = np.abs(centre - mu) / np.sqrt(var)
    return out


def nth_largest(values: np.ndarray, nth: int) -> np.ndarray:
    """The nth largest entry of each row (1: the largest; capped at the row's length)."""
    nth = min(max(int(nth), 1), values.shape[1])
    return np.sort(values, axis=1)[:, -nth]


def max_implausibility(
    waves: Sequence[Sequence[Emulator]],
    bands: Sequence[Band],
    u: np.ndarray,
    *,
    discrepancy: float,
    nth: int = 1,
) -> np.ndarray:
    """The nth largest implausibility over targets, the largest over waves, per point."""
    worst = np.zeros(len(u))
    for emulators in waves:
        each = implausibility(emulators, bands, u, discrepancy=discrepancy)
        worst = np.maximum(worst, nth_largest(each, nth))
    return worst

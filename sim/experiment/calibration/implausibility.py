"""Implausibility: how many standard deviations a point's emulated target lies from the data.

For target i at point x (Vernon, Goldstein and Bower 2010, eq. 8; Andrianakis et al. 2015):

    I_i(x) = |z_i - E[f_i(x)]| / sqrt(V_obs,i + V_disc,i + V_em,i(x) + V_rep,i / K)

where z_i is the band's centre, V_obs,i the target's own uncertainty (the band read as a 95%
interval: sd = half-width / 2), V_disc,i the model discrepancy (``discrepancy`` x half-width,
squared), V_em,i(x) the emulator's variance at x, and V_rep,i / K the replicate noise of the
mean over the K acceptance seeds. A point is ruled out when its largest I_i exceeds the
cutoff; every wave's emulators must pass (a later wave refines, never re-admits).
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
    replicates: int,
) -> np.ndarray:
    """Each target's implausibility at each point.

    Args:
        emulators: One per target.
        bands: The targets, in the same order.
        u: float64 (n, k) points in the unit cube.
        discrepancy: Model discrepancy's sd as a share of each band's half-width.
        replicates: K, the seeds the accepted value is a mean over.

    Returns:
        float64 (n, targets) implausibilities.
    """
    out = np.empty((len(u), len(bands)))
    for j, (em, band) in enumerate(zip(emulators, bands, strict=True)):
        half = 0.5 * (band.high - band.low)
        centre = 0.5 * (band.high + band.low)
        mu, var_em = em.predict(u)
        var = (half / 2.0) ** 2 + (discrepancy * half) ** 2 + var_em + em.noise_var / replicates
        out[:, j] = np.abs(centre - mu) / np.sqrt(var)
    return out


def max_implausibility(
    waves: Sequence[Sequence[Emulator]],
    bands: Sequence[Band],
    u: np.ndarray,
    *,
    discrepancy: float,
    replicates: int,
) -> np.ndarray:
    """Largest implausibility over targets and over every wave's emulators, per point."""
    worst = np.zeros(len(u))
    for emulators in waves:
        each = implausibility(emulators, bands, u, discrepancy=discrepancy, replicates=replicates)
        worst = np.maximum(worst, each.max(axis=1))
    return worst

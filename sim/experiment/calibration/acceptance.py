"""Which candidates become members: their own runs on the acceptance seeds against the bands.

Every candidate runs on the same K acceptance seeds. Its mean over them estimates the model's
expected value at the candidate with a standard error sqrt(V_rep / K), where V_rep is the
replicate noise of one run, measured directly on the acceptance runs: the within-candidate
variance pooled over every candidate run so far (each candidate gives K - 1 degrees of
freedom; with K = 1 the last wave's emulators' white-noise level stands in). A candidate is
accepted when, for every target, its mean lies inside the band widened by ``tolerance``
standard errors on each side: its runs do not exclude that its expected value lies in the
band. A strict "mean inside every band" rule would reject most candidates whose expected
values are inside: on this model one run's retention ratios (T9, T9b) scatter by 1.5 band
half-widths, so the mean of three runs lands outside a band it truly lies in about half the
time, and 24 targets multiply such chances.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from sim.experiment.calibration.implausibility import Band


def replicate_variance(values: np.ndarray) -> np.ndarray:
    """Within-candidate variance of one run, pooled over candidates, per target.

    Args:
        values: float64 (n, K, targets) each candidate's value on each seed (NaN: undefined).

    Returns:
        float64 (targets,) pooled variances; NaN where no candidate has two finite values.
    """
    finite = np.isfinite(values)
    count = finite.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        means = np.nansum(values, axis=1) / count
        squares = np.where(finite, (values - means[:, None, :]) ** 2, 0.0).sum(axis=1)
        dof = np.clip(count - 1, 0, None).sum(axis=0)
        return np.where(dof > 0, squares.sum(axis=0) / np.maximum(dof, 1), np.nan)


def judge(
    bands: Sequence[Band],
    values: np.ndarray,
    tolerance: float,
    noise_var: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Whether each candidate is accepted, with its mean and the standard error used.

    Args:
        bands: The targets.
        values: float64 (n, K, targets) each candidate's value on each acceptance seed.
        tolerance: Standard errors a mean may lie outside a band.
        noise_var: float64 (targets,) replicate variance of one run, used where the
            acceptance runs cannot measure it (K = 1, or no finite pairs).

    Returns:
        Accepted (bool (n,)), the means over seeds (float64 (n, targets); NaN when a target
        is undefined on every seed, which rejects) and the standard errors (float64
        (targets,)).
    """
    k = values.shape[1]
    measured = replicate_variance(values)
    var = np.where(np.isfinite(measured), measured, noise_var)
    se = np.sqrt(np.nan_to_num(var, nan=0.0) / k)
    with np.errstate(invalid="ignore", divide="ignore"):
        means = np.nansum(values, axis=1) / np.isfinite(values).sum(axis=1)
    low = np.array([b.low for b in bands]) - tolerance * se
    high = np.array([b.high for b in bands]) + tolerance * se
    with np.errstate(invalid="ignore"):
        ok = np.all((means >= low) & (means <= high), axis=1)
    return ok, means, se

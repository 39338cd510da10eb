"""Which candidates become members: their own runs on the acceptance seeds against the bands.

Every candidate runs on the same K acceptance seeds. Its mean over them estimates the model's
expected value at the candidate with a standard error sqrt(V_rep / K), where V_rep is the
replicate noise of one run, measured on the last wave's repeated runs (pairs of independent
seeds: the emulators' white-noise level). Not on the acceptance runs themselves: every
candidate runs on the same K seeds, so their spread within candidates is mostly the
difference between those K seeds, shared by every candidate, and with K = 2 it is about as
noisy as one pair's estimate (on this model, 50 candidates on two shared seeds put the noise
of T7 and T9b at 0.36 and 0.38 band half-widths, where 15 independent pairs measured 0.95 and
1.33). A candidate is
accepted when, for every target, its mean lies inside the band widened by ``tolerance``
standard errors on each side: its runs do not exclude that its expected value lies in the
band. A strict "mean inside every band" rule would reject most candidates whose expected
values are inside: on this model one run's retention ratios (T9, T9b) scatter by 1.5 band
half-widths, so the mean of three runs lands outside a band it truly lies in about half the
time, and 24 targets multiply such chances.

Two seeds of a noisy ratio target (one run's sd 1.6 band half-widths) still leave a standard
error of 1.1 half-widths: the runs alone barely bind it. With ``emulated`` the test also uses
what the last wave's emulator knows at the candidate, which pools hundreds of runs: the
emulator's mean and variance of the expected value there is a Gaussian prior, the K runs
are K noisy observations of that expected value, and the test is applied to the posterior
(precision-weighted mean, posterior standard deviation) instead of the runs' mean and its
standard error. This is exactly the Gaussian process updated with the candidate's own runs,
at that point. Where the runs are precise (most level targets) they dominate; where they are
noisy the emulator does, and the band is held to within ``tolerance`` posterior standard
deviations.
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
    prior: tuple[np.ndarray, np.ndarray] | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Whether each candidate is accepted, with its mean and the standard error used.

    Args:
        bands: The targets.
        values: float64 (n, K, targets) each candidate's value on each acceptance seed.
        tolerance: Standard errors (posterior standard deviations with a prior) a mean may
            lie outside a band.
        noise_var: float64 (targets,) replicate variance of one run measured on pairs of
            independent seeds (the waves' repeated runs); where it is NaN, the spread of the
            acceptance runs stands in. Every candidate runs on the same K seeds, so that
            spread is mostly the difference between those seeds, shared by all candidates:
            with K = 2 it is close to a single pair's estimate however many candidates.
        prior: The emulators' mean and variance of each candidate's expected value (float64
            (n, targets) each), combined with the runs (see the module docstring); None
            judges the runs alone.

    Returns:
        Accepted (bool (n,)), the means over seeds (float64 (n, targets); NaN when a target
        is undefined on every seed, which rejects) and the standard errors of those means
        (float64 (targets,)).
    """
    k = values.shape[1]
    measured = replicate_variance(values)
    var = np.where(np.isfinite(noise_var), noise_var, measured)
    run_var = np.nan_to_num(var, nan=0.0) / k
    se = np.sqrt(run_var)
    with np.errstate(invalid="ignore", divide="ignore"):
        means = np.nansum(values, axis=1) / np.isfinite(values).sum(axis=1)
    centre, spread = means, np.broadcast_to(se, means.shape)
    if prior is not None:
        centre, spread = posterior(means, run_var, *prior)
    low = np.array([b.low for b in bands]) - tolerance * spread
    high = np.array([b.high for b in bands]) + tolerance * spread
    with np.errstate(invalid="ignore"):
        ok = np.all((centre >= low) & (centre <= high), axis=1)
    return ok, means, se


def posterior(
    means: np.ndarray, run_var: np.ndarray, prior_mean: np.ndarray, prior_var: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Posterior mean and sd of each expected value: a Gaussian prior and the runs' mean.

    Args:
        means: float64 (n, targets) the runs' means (NaN stays NaN: undefined rejects).
        run_var: float64 (targets,) variance of a mean over the acceptance seeds.
        prior_mean: float64 (n, targets) the emulators' means.
        prior_var: float64 (n, targets) the emulators' variances of the expected value.

    Returns:
        The precision-weighted mean and the posterior standard deviation, (n, targets) each.
        A zero variance on either side is exact and wins (both zero: the runs).
    """
    r = np.broadcast_to(run_var, means.shape)
    v = np.asarray(prior_var, dtype=float)
    total = r + v
    with np.errstate(invalid="ignore", divide="ignore"):
        weight = np.where(total > 0, r / total, 0.0)  # the prior's weight
        centre = weight * prior_mean + (1.0 - weight) * means
        spread = np.sqrt(np.where(total > 0, r * v / total, 0.0))
    return centre, spread

"""Gaussian-process emulators of the targets: a cheap stand-in for the model in each wave.

One emulator per target, fitted to one wave's runs: scikit-learn's
``GaussianProcessRegressor`` with a constant times an anisotropic RBF kernel (one length scale
per parameter, inputs in the unit cube) plus a white-noise kernel, whose level is the
replicate noise of one run (every run of a wave has its own seed). Outputs are standardised
before fitting. Why scikit-learn: it is already a dependency of half the scientific Python
stack, is well kept, fits 200-300 points in 23 dimensions in seconds (measured on this
project's model, held-out R^2 0.8-1.0 for the level targets), and its fitted length scales
double as a screening of which parameters move which target (Andrianakis et al. 2015 use the
same kernel family). The fit is deterministic (no optimiser restarts), so a resumed
calibration fits the same emulators again.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from concurrent.futures import Executor, Future
from dataclasses import dataclass

import numpy as np
from scipy.linalg import solve_triangular
from scipy.optimize import brentq, minimize
from sklearn.exceptions import ConvergenceWarning
from sklearn.gaussian_process import GaussianProcessRegressor
from sklearn.gaussian_process.kernels import RBF, ConstantKernel, WhiteKernel

#: Length scale (unit-cube widths) under which a parameter counts as moving a target.
ACTIVE_LENGTH_SCALE = 2.0
LENGTH_BOUNDS = (1e-2, 1e3)
#: Most L-BFGS-B steps of an emulator's hyperparameter fit.
FIT_ITERATIONS = 60


@dataclass
class Emulator:
    """One target's emulator: the fitted GP and the scale of its standardised output.

    Attributes:
        gp: The fitted regressor (on standardised output), or None when the target's values
            did not vary (then ``mean`` is the value and the emulator is exact).
        mean: Mean of the training values.
        scale: Standard deviation of the training values (1 when they did not vary).
        noise_var: Replicate noise of one run, in the target's units squared.
        length_scales: One fitted length scale per parameter (inf when ``gp`` is None).
        inflation: Factor on the emulator's variance of the mean, from its leave-one-out
            check (:func:`loo_inflation`; 1 when the check found it honest).
    """

    gp: GaussianProcessRegressor | None
    mean: float
    scale: float
    noise_var: float
    length_scales: np.ndarray
    inflation: float = 1.0

    def predict(self, u: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Emulated mean and its variance (without the replicate noise) at points u.

        Args:
            u: float64 (n, k) points in the unit cube.

        Returns:
            Mean and variance, float64 (n,) each, in the target's units.
        """
        if self.gp is None:
            return np.full(len(u), self.mean), np.zeros(len(u))
        mu, sd = self.gp.predict(u, return_std=True)
        # The predictive sd includes the white-noise kernel; what the mean is uncertain by
        # is the rest (the replicate noise enters the implausibility on its own).
        latent = np.maximum(sd**2 - self.noise_var / self.scale**2, 0.0) * self.inflation
        return self.mean + self.scale * mu, latent * self.scale**2

    def active(self) -> np.ndarray:
        """Which parameters move this target (length scale under ACTIVE_LENGTH_SCALE)."""
        return self.length_scales < ACTIVE_LENGTH_SCALE


def fit_emulator(u: np.ndarray, y: np.ndarray, noise_var: float | None = None) -> Emulator:
    """Fit one target's emulator to runs at points u with values y (NaN runs left out).

    Args:
        u: float64 (n, k) points in the unit cube.
        y: float64 (n,) the target's value in each run.
        noise_var: One run's replicate variance, measured on repeated runs; the white-noise
            level is then fixed to it. None fits it by maximum likelihood, which in 20-odd
            dimensions and a few hundred runs can collapse towards zero (the GP then threads
            short length scales through the noise and is confidently wrong away from the
            runs: measured on this model, a noise sd of 0.001 fitted for a retention ratio
            whose replicate sd is 0.135).

    Returns:
        The emulator.
    """
    keep = np.isfinite(y)
    u, y = u[keep], y[keep]
    k = u.shape[1]
    mean = float(np.mean(y)) if len(y) else 0.0
    scale = float(np.std(y)) if len(y) > 1 else 0.0
    if len(y) < 3 or scale == 0.0:
        return Emulator(None, mean, 1.0, 0.0, np.full(k, np.inf))
    if noise_var is not None and np.isfinite(noise_var):
        level = float(np.clip(noise_var / scale**2, 1e-6, 10.0))
        white = WhiteKernel(level, "fixed")
    else:
        white = WhiteKernel(0.1, (1e-6, 1.0))
    kernel = (
        ConstantKernel(1.0, (1e-3, 1e2))
        * RBF(length_scale=np.full(k, 0.5), length_scale_bounds=LENGTH_BOUNDS)
        + white
    )
    gp = GaussianProcessRegressor(
        kernel=kernel, optimizer=_bounded_lbfgs, n_restarts_optimizer=0, random_state=0
    )
    with warnings.catch_warnings():
        # Inactive parameters run their length scale to the bound: that is the screening.
        warnings.simplefilter("ignore", ConvergenceWarning)
        gp.fit(u, (y - mean) / scale)
    fitted = gp.kernel_
    noise = float(fitted.k2.noise_level) * scale**2
    lengths = np.atleast_1d(np.asarray(fitted.k1.k2.length_scale, dtype=float))
    inflation = loo_inflation(gp, float(fitted.k2.noise_level))
    return Emulator(gp, mean, scale, noise, lengths, inflation)


#: Largest variance inflation the leave-one-out check may apply.
MAX_INFLATION = 100.0


def loo_inflation(gp: GaussianProcessRegressor, noise: float) -> float:
    """How much the fitted GP understates its uncertainty, by leave-one-out validation.

    For each training run i, the GP's prediction with run i left out has a closed form
    (Rasmussen & Williams 2006, eq. 5.12): residual [K^-1 y]_i / [K^-1]_ii and variance
    1 / [K^-1]_ii, of which ``noise`` is replicate noise and the rest the variance of the
    mean. An honest emulator's standardised residuals have mean square 1. In 20-odd
    dimensions a few hundred runs can leave a GP confidently wrong (short length scales
    fitted to noise, interactions it does not see), and such an emulator rules out points
    the model itself would accept: emulator diagnostics of history matching (hmer's
    validation plots, Vernon et al. 2010) exist for this. The factor f >= 1 returned makes
    the mean of residual^2 / (f x mean variance + noise) equal 1; the variance of the mean
    is multiplied by it wherever the emulator is used.

    Args:
        gp: The fitted regressor (standardised output).
        noise: Its white-noise level (standardised units).

    Returns:
        The factor, from 1 to ``MAX_INFLATION``.
    """
    n = len(gp.alpha_)
    l_inv = solve_triangular(gp.L_, np.eye(n), lower=True)
    k_inv_diag = np.sum(l_inv**2, axis=0)
    residual = np.ravel(gp.alpha_) / k_inv_diag
    latent = np.maximum(1.0 / k_inv_diag - noise, 1e-12)
    return _inflation(residual**2, latent, noise)


def holdout_inflation(emulator: Emulator, u: np.ndarray, y: np.ndarray, noise_var: float) -> float:
    """How much an emulator understates its uncertainty at runs it was not fitted on.

    A later wave's runs lie inside the region an earlier wave's emulators left, so they are
    that emulator's held-out validation runs (hmer's validation diagnostics; Vernon et al.
    2010). Leave-one-out residuals of a space-filling first wave cannot show a bias that
    is local: on this model the first wave's emulator of the women's retention ratio
    predicted 1.15 +- 0.06 where the model gives about 0.93 (its 14 repeated pairs put the
    replicate sd at 0.04; in the region the second wave measured 0.11), and, as a later
    wave refines but never re-admits, it alone kept the ensemble at one end of the interval
    that the target allows. The factor returned (as :func:`loo_inflation`'s) makes the mean
    of residual^2 / (f x variance of the mean + noise) over the runs equal 1.

    Args:
        emulator: The earlier wave's emulator.
        u: float64 (n, k) the later runs' points.
        y: float64 (n,) their values (NaN left out).
        noise_var: One run's replicate variance there, in the target's units.

    Returns:
        The factor on the emulator's variance without any inflation, from 1 to
        ``MAX_INFLATION``.
    """
    keep = np.isfinite(y)
    if emulator.gp is None or not keep.any() or not np.isfinite(noise_var):
        return 1.0
    mu, var = emulator.predict(u[keep])
    return _inflation((y[keep] - mu) ** 2, var / emulator.inflation, max(noise_var, 0.0))


def _inflation(residual_sq: np.ndarray, latent: np.ndarray, noise: float) -> float:
    """The f >= 1 with mean(residual_sq / (f x latent + noise)) = 1 (capped)."""
    latent = np.maximum(latent, 1e-12)

    def excess(f: float) -> float:
        return float(np.mean(residual_sq / (f * latent + noise))) - 1.0

    if excess(1.0) <= 0.0:
        return 1.0
    if excess(MAX_INFLATION) > 0.0:
        return MAX_INFLATION
    return float(brentq(excess, 1.0, MAX_INFLATION, xtol=1e-3))


def _bounded_lbfgs(objective, theta0: np.ndarray, bounds: np.ndarray) -> tuple[np.ndarray, float]:
    """scikit-learn's default optimiser (L-BFGS-B) with at most ``FIT_ITERATIONS`` steps.

    Unbounded, one fit in 23 dimensions on 200 runs took 22 s of CPU, most of it creeping
    along flat directions of inactive parameters after the likelihood had settled.
    """
    result = minimize(
        objective,
        theta0,
        method="L-BFGS-B",
        jac=True,
        bounds=bounds,
        options={"maxiter": FIT_ITERATIONS},
    )
    return result.x, float(result.fun)


def fit_emulators(
    u: np.ndarray,
    values: np.ndarray,
    executor: Executor | None = None,
    on_fit: Callable[[], None] | None = None,
    noise_vars: np.ndarray | None = None,
) -> list[Emulator]:
    """One emulator per target (column of values), fitted side by side on the executor.

    The fits are independent and deterministic, so fitting them on the calibration's own
    worker processes (or Dask workers) gives the same emulators as fitting them in turn.

    Args:
        u: float64 (n, k) points in the unit cube.
        values: float64 (n, targets) the runs' values.
        executor: Where the fits run (None: in this process, one after another).
        on_fit: Called as each fit is collected (a progress bar's update).
        noise_vars: float64 (targets,) measured replicate variances (NaN: fit it), or None.
    """
    columns = [np.ascontiguousarray(values[:, j]) for j in range(values.shape[1])]
    noise = [None] * len(columns) if noise_vars is None else [float(v) for v in noise_vars]
    if executor is None:
        futures = [_done(fit_emulator(u, y, v)) for y, v in zip(columns, noise, strict=True)]
    else:
        futures = [
            executor.submit(fit_emulator, u, y, v) for y, v in zip(columns, noise, strict=True)
        ]
    out = []
    for future in futures:
        out.append(future.result())
        if on_fit is not None:
            on_fit()
    return out


def _done(emulator: Emulator) -> Future:
    future: Future = Future()
    future.set_result(emulator)
    return future

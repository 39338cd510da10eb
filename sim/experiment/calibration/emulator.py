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
from scipy.optimize import minimize
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
    """

    gp: GaussianProcessRegressor | None
    mean: float
    scale: float
    noise_var: float
    length_scales: np.ndarray

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
        latent = np.maximum(sd**2 - self.noise_var / self.scale**2, 0.0)
        return self.mean + self.scale * mu, latent * self.scale**2

    def active(self) -> np.ndarray:
        """Which parameters move this target (length scale under ACTIVE_LENGTH_SCALE)."""
        return self.length_scales < ACTIVE_LENGTH_SCALE


def fit_emulator(u: np.ndarray, y: np.ndarray) -> Emulator:
    """Fit one target's emulator to runs at points u with values y (NaN runs left out).

    Args:
        u: float64 (n, k) points in the unit cube.
        y: float64 (n,) the target's value in each run.

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
    kernel = ConstantKernel(1.0, (1e-3, 1e2)) * RBF(
        length_scale=np.full(k, 0.5), length_scale_bounds=LENGTH_BOUNDS
    ) + WhiteKernel(0.1, (1e-6, 1.0))
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
    return Emulator(gp, mean, scale, noise, lengths)


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
) -> list[Emulator]:
    """One emulator per target (column of values), fitted side by side on the executor.

    The fits are independent and deterministic, so fitting them on the calibration's own
    worker processes (or Dask workers) gives the same emulators as fitting them in turn.

    Args:
        u: float64 (n, k) points in the unit cube.
        values: float64 (n, targets) the runs' values.
        executor: Where the fits run (None: in this process, one after another).
        on_fit: Called as each fit is collected (a progress bar's update).
    """
    columns = [np.ascontiguousarray(values[:, j]) for j in range(values.shape[1])]
    if executor is None:
        futures = [_done(fit_emulator(u, y)) for y in columns]
    else:
        futures = [executor.submit(fit_emulator, u, y) for y in columns]
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

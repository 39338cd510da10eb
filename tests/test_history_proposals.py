"""The proposals of later waves and the acceptance test of candidate members, in isolation."""

from dataclasses import dataclass

import numpy as np
import pytest

from sim.experiment.calibration.acceptance import judge, posterior, replicate_variance
from sim.experiment.calibration.proposals import propose, reflect


@dataclass(frozen=True)
class Band:
    low: float
    high: float


class Distance:
    """A stand-in emulator with no uncertainty: the distance from a centre."""

    def __init__(self, centre: np.ndarray):
        self.centre = centre

    def predict(self, u: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return np.linalg.norm(u - self.centre, axis=1), np.zeros(len(u))


def test_a_region_too_small_for_uniform_draws_is_still_sampled():
    k = 10
    centre = np.full(k, 0.3)
    # Band [0, 0.02]: implausibility 3 at distance 0.025 from the centre, a ball of volume
    # about 2.5e-16 of the cube, which 10,000 uniform draws never hit.
    waves = [[Distance(centre)]]
    bands = [Band(0.0, 0.02)]
    proposal = propose(
        waves, bands, 30, k, seed=1, wave=1, cutoff=3.0, discrepancy=0.0, previous=None
    )
    assert proposal.fallback == 0
    distance = np.linalg.norm(proposal.points - centre, axis=1)
    assert np.all(distance <= 0.025 + 1e-12)
    assert len(np.unique(proposal.points, axis=0)) == 30
    # No uniform draw hit it: the volume is reported as below the draws' resolution.
    assert proposal.volume_bound
    assert proposal.volume == 1e-4


def test_the_volume_comes_from_the_finer_of_two_estimates():
    waves = [[Distance(np.full(2, 0.5))]]
    bands = [Band(0.0, 0.2)]  # kept: distance <= 0.1 + 3 * 0.05 = 0.25
    previous = np.array([[0.5, 0.5], [0.6, 0.6], [0.9, 0.9], [0.0, 0.0]])

    def proposal(previous_volume: float):
        return propose(
            waves,
            bands,
            5,
            2,
            seed=1,
            wave=1,
            cutoff=3.0,
            discrepancy=0.0,
            previous=previous,
            previous_volume=previous_volume,
        )

    # Sampled from the whole box, four runs resolve the volume to a quarter: the 10,000
    # uniform draws are finer, and find the disc of radius 0.25.
    coarse = proposal(1.0)
    assert abs(coarse.volume - np.pi * 0.25**2) < 0.01
    # Sampled from a region of volume 1e-6, the runs are finer: half of them are kept.
    fine = proposal(1e-6)
    assert fine.volume == 0.5e-6
    assert not fine.volume_bound
    assert np.all(np.linalg.norm(fine.points - 0.5, axis=1) <= 0.25)


def test_reflection_keeps_points_in_the_cube():
    u = np.array([[-0.2, 1.3, 0.5, 2.4]])
    np.testing.assert_allclose(reflect(u), [[0.2, 0.7, 0.5, 0.4]])


def test_pooled_replicate_variance():
    values = np.array(
        [
            [[1.0, 10.0], [3.0, np.nan]],  # candidate 1: var 2 for the first target
            [[2.0, 10.0], [2.0, 14.0]],  # candidate 2: var 0 and 8
        ]
    )
    np.testing.assert_allclose(replicate_variance(values), [1.0, 8.0])
    assert np.isnan(replicate_variance(values[:, :1]))[0]


def test_acceptance_allows_the_replicate_noise_of_the_mean_and_no_more():
    bands = [Band(0.0, 1.0)]
    # Replicate sd 1 (pairs 1 apart... sd of a pair (a, b) is |a - b| / sqrt(2)).
    spread = np.sqrt(2.0) / 2
    centre = np.array([0.5, 1.0 + 1.5 / np.sqrt(2), 1.0 + 2.5 / np.sqrt(2), np.nan])
    values = np.stack([centre - spread, centre + spread], axis=1)[:, :, None]
    ok, means, se = judge(bands, values, 2.0, np.array([np.nan]))
    np.testing.assert_allclose(se, [1.0 / np.sqrt(2)])
    np.testing.assert_allclose(means[:3, 0], centre[:3])
    # Inside; 1.5 standard errors outside; 2.5 outside; undefined.
    assert ok.tolist() == [True, True, False, False]
    strict, _, _ = judge(bands, values, 0.0, np.array([np.nan]))
    assert strict.tolist() == [True, False, False, False]


def test_the_waves_noise_sizes_the_standard_error_not_the_shared_acceptance_seeds():
    bands = [Band(0.0, 1.0)]
    values = np.array([[[1.3]], [[1.5]]])
    ok, _, se = judge(bands, values, 2.0, np.array([0.04]))
    np.testing.assert_allclose(se, [0.2])
    assert ok.tolist() == [True, False]
    # Two candidates on the same two seeds whose runs differ by the same seed effect: their
    # spread would put the noise at 0.5; the waves' independent pairs measured 0.02.
    shared = np.array([[[0.0], [1.0]], [[0.2], [1.2]]])
    _, _, se = judge(bands, shared, 2.0, np.array([0.02]))
    np.testing.assert_allclose(se, [0.1])


class TwoBalls:
    """Distance to the nearer of two centres: a region of two far-apart balls."""

    def predict(self, u: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        a = np.linalg.norm(u - 0.2, axis=1)
        b = np.linalg.norm(u - 0.8, axis=1)
        return np.minimum(a, b), np.zeros(len(u))


def test_chains_start_at_the_anchor_when_it_is_not_ruled_out():
    k = 8
    waves = [[TwoBalls()]]
    bands = [Band(0.0, 0.02)]  # two balls of radius 0.025, neither found by uniform draws
    common = {"seed": 3, "wave": 1, "cutoff": 3.0, "discrepancy": 0.0}
    anchored = propose(waves, bands, 20, k, **common, anchor=np.full(k, 0.205), anchor_share=1.0)
    assert anchored.fallback == 0
    assert np.all(np.linalg.norm(anchored.points - 0.2, axis=1) <= 0.025 + 1e-12)
    # Chains wander from the anchor through its ball rather than staying on it.
    assert np.linalg.norm(anchored.points - 0.205, axis=1).max() > 0.02
    # An anchor the emulators rule out starts no chain there.
    ruled_out = propose(waves, bands, 20, k, **common, anchor=np.full(k, 0.5), anchor_share=1.0)
    assert not np.any(np.all(np.isclose(ruled_out.points, 0.5), axis=1))


def test_leave_one_out_inflates_an_overconfident_emulator_only():
    from sklearn.gaussian_process import GaussianProcessRegressor
    from sklearn.gaussian_process.kernels import RBF, ConstantKernel, WhiteKernel

    from sim.experiment.calibration.emulator import loo_inflation

    rng = np.random.default_rng(4)
    u = rng.random((80, 2))
    y = np.sin(4 * u[:, 0]) + rng.normal(0.0, 0.3, 80)

    def fitted(noise: float) -> GaussianProcessRegressor:
        kernel = ConstantKernel(1.0) * RBF(0.5) + WhiteKernel(noise)
        return GaussianProcessRegressor(kernel=kernel, optimizer=None).fit(u, y)

    # Told the truth (noise variance 0.09), the GP's leave-one-out residuals fit its
    # variances up to sampling error (the mean's variance is small beside the noise at the
    # runs, so a small excess of the mean square asks a factor of 1-3 of it: measured 1.0-2.6
    # on six seeds).
    assert loo_inflation(fitted(0.09), 0.09) < 4.0
    # Told the runs are nearly exact, it is confidently wrong: the largest factor.
    assert loo_inflation(fitted(1e-3), 1e-3) == 100.0


def test_repeated_runs_measure_the_noise_the_emulator_is_told():
    from sim.experiment.calibration.emulator import fit_emulator
    from sim.experiment.calibration.history import pair_variance

    first = np.array([[1.0, 5.0], [2.0, np.nan]])
    second = np.array([[3.0, 5.0], [2.0, 1.0]])
    np.testing.assert_allclose(pair_variance(first, second), [1.0, 0.0])
    rng = np.random.default_rng(2)
    u = rng.random((60, 3))
    y = u[:, 0] + rng.normal(0.0, 0.1, 60)
    told = fit_emulator(u, y, noise_var=0.01)
    assert told.noise_var == pytest.approx(0.01)


def test_the_posterior_weighs_the_emulator_and_the_runs_by_their_precision():
    means = np.array([[1.0, 1.0, 1.0]])
    run_var = np.array([1.0, 1.0, 0.0])
    prior_mean = np.array([[0.0, 0.0, 0.0]])
    prior_var = np.array([[1.0, 0.0, 5.0]])
    centre, spread = posterior(means, run_var, prior_mean, prior_var)
    # equal precision: halfway, variance halved; an exact emulator wins; exact runs win
    np.testing.assert_allclose(centre, [[0.5, 0.0, 1.0]])
    np.testing.assert_allclose(spread, [[np.sqrt(0.5), 0.0, 0.0]])


def test_an_emulator_prior_binds_a_target_the_runs_alone_cannot():
    bands = [Band(0.0, 1.0)]
    # Two candidates whose runs' mean is 1.5 (0.5 outside) with a standard error of 0.5:
    # the runs alone accept both at a tolerance of 2.
    values = np.array([[[1.0], [2.0]], [[1.0], [2.0]]])
    ok, _, se = judge(bands, values, 2.0, np.array([np.nan]))
    np.testing.assert_allclose(se, [0.5])
    assert ok.tolist() == [True, True]
    # An emulator that pools many runs puts the first candidate's expected value at 0.6
    # and the second's at 1.6, each to within sd 0.05: only the first is accepted.
    prior = (np.array([[0.6], [1.6]]), np.array([[0.0025], [0.0025]]))
    ok, means, _ = judge(bands, values, 2.0, np.array([np.nan]), prior=prior)
    assert ok.tolist() == [True, False]
    np.testing.assert_allclose(means[:, 0], [1.5, 1.5])  # the runs' means are still reported

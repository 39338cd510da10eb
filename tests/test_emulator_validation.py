"""Emulator diagnostics across waves: later runs validate earlier emulators.

Toy: one target reads u0 plus replicate noise everywhere except in a pocket u0 < 0.3, where
the model bends (it reads 0.5 there). A first wave that never ran in the pocket fits a smooth
line through it and is confidently wrong there; runs that land in the pocket show it.
"""

import numpy as np

from sim.experiment.calibration.emulator import fit_emulator, holdout_inflation
from sim.experiment.calibration.history import validate_earlier, validate_prior
from sim.experiment.calibration.implausibility import implausibility
from sim.experiment.calibration.proposals import latin_hypercube, sample_region

NOISE_SD = 0.02


class Band:
    def __init__(self, low: float, high: float):
        self.low, self.high = low, high


def model(u: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    truth = np.where(u[:, 0] < 0.3, 0.5, u[:, 0])
    return truth + rng.normal(0.0, NOISE_SD, len(u))


def first_wave(rng: np.random.Generator):
    u = latin_hypercube(80, 2, rng)
    u = u[u[:, 0] >= 0.35]  # the first wave never ran inside the pocket
    return fit_emulator(u, model(u, rng), NOISE_SD**2)


def test_an_honest_emulator_is_not_widened_by_runs_where_it_is_right():
    rng = np.random.default_rng(1)
    emulator = first_wave(rng)
    u = rng.uniform(0.4, 1.0, size=(60, 2))
    assert holdout_inflation(emulator, u, model(u, rng), NOISE_SD**2) < 1.5


def test_an_emulator_wrong_where_it_never_ran_is_widened_by_runs_there():
    rng = np.random.default_rng(2)
    emulator = first_wave(rng)
    u = np.column_stack([rng.uniform(0.0, 0.3, 40), rng.uniform(0.0, 1.0, 40)])
    y = model(u, rng)
    mu, _ = emulator.predict(u)
    assert np.mean(np.abs(mu - 0.5)) > 0.1  # the first wave is wrong in the pocket
    assert holdout_inflation(emulator, u, y, NOISE_SD**2) > 10.0


def test_widening_an_earlier_wave_readmits_what_it_wrongly_ruled_out():
    rng = np.random.default_rng(3)
    emulator = first_wave(rng)
    band = Band(0.45, 0.55)  # the pocket's value, and u0 near 0.5
    pocket = np.array([[0.1, 0.5], [0.2, 0.2], [0.05, 0.9]])
    before = implausibility([emulator], [band], pocket, discrepancy=0.0)[:, 0]
    assert np.all(before > 3.0)
    # The later wave's runs: points where the earlier emulator allowed (u0 near 0.5) and
    # a few that fell in the pocket, with a repeated pair each for the replicate noise.
    points = np.vstack([rng.uniform(0.4, 0.6, size=(10, 2)), pocket])
    u = np.vstack([points, points[:5]])
    values = model(u, rng)[:, None]
    widened = validate_earlier([[emulator]], u, values, len(points), 5, ["A"])
    assert widened and widened[0].startswith("A (wave 1)")
    after = implausibility([emulator], [band], pocket, discrepancy=0.0)[:, 0]
    assert np.all(after < 3.0)


def test_chains_forget_their_start_and_spread_over_the_region():
    # Region: a thin slab 0.45 <= u0 <= 0.55, every other direction open. All chains start
    # at one corner of it; their samples must spread over the open directions.
    k = 6

    def score(u: np.ndarray) -> np.ndarray:
        return np.abs(u[:, 0] - 0.5) / 0.05 * 3.0

    start = np.array([[0.5] + [0.02] * (k - 1)])
    found, _ = sample_region(
        score, start, score(start), wanted=1000, cutoff=3.0, rng=np.random.default_rng(4)
    )
    assert len(found) >= 1000
    assert np.all(np.abs(found[:, 0] - 0.5) <= 0.05 + 1e-12)
    # Uniform on [0, 1] has a 5-95% span of 0.9; chains stuck near their start would show
    # a span near 0.
    spans = np.percentile(found[:, 1:], 95, axis=0) - np.percentile(found[:, 1:], 5, axis=0)
    assert np.all(spans > 0.6)


def test_the_candidates_runs_widen_a_prior_that_is_wrong_where_they_lie():
    rng = np.random.default_rng(5)
    emulator = first_wave(rng)
    # Candidates in the pocket, each on K = 4 seeds: their means are held-out runs for the
    # prior the acceptance test would use.
    u = np.column_stack([rng.uniform(0.0, 0.3, 20), rng.uniform(0.0, 1.0, 20)])
    runs = np.stack([model(u, rng) for _ in range(4)], axis=1)[:, :, None]
    noise = np.array([NOISE_SD**2])
    widened = validate_prior([emulator], u, runs, noise, [Band(0.45, 0.55)])
    assert widened and emulator.inflation > 10.0
    # Where the prior is right, the same check leaves it alone.
    honest = first_wave(np.random.default_rng(6))
    u = rng.uniform(0.4, 1.0, size=(20, 2))
    runs = np.stack([model(u, rng) for _ in range(4)], axis=1)[:, :, None]
    assert validate_prior([honest], u, runs, noise, [Band(0.45, 0.55)]) == []
    assert honest.inflation < 2.0

"""What a difference hinges on: only correlations that survive a multiple-testing correction."""

import numpy as np

from sim.experiment.ensemble import Ensemble, member_of
from sim.experiment.ensemble_stats import benjamini_hochberg, ensemble_row, hinges


def _synthetic(n: int, driver_slope: float, seed: int, parameters: int = 30):
    """Members (n) with uniform parameters; only the first parameter drives the effect."""
    rng = np.random.default_rng(seed)
    values = rng.uniform(0, 1, size=(n, parameters))
    keys = tuple(f"p.{j:02d}" for j in range(parameters))
    ensemble = Ensemble(keys, values, {}, "")
    reps = np.arange(2 * n)
    truth = np.array([driver_slope * values[member_of(r, n), 0] for r in reps])
    return ensemble, reps, truth + rng.normal(0, 0.3, size=len(reps))


def test_benjamini_hochberg_is_the_step_up_procedure():
    p = np.array([0.01, 0.04, 0.03, 0.5])
    # sorted 0.01, 0.03, 0.04, 0.5 against 0.0125, 0.025, 0.0375, 0.05 (fdr 0.05): only the
    # first passes, and the step-up keeps everything up to the last one that passes.
    assert list(benjamini_hochberg(p, 0.05)) == [True, False, False, False]
    assert list(benjamini_hochberg(np.array([0.001, 0.002, 0.9]), 0.05)) == [True, True, False]
    # the step-up: 0.045 fails at rank 2 (0.025) alone but passes because rank 3 passes
    assert list(benjamini_hochberg(np.array([0.04, 0.045, 0.05]), 0.05)) == [True, True, True]
    assert benjamini_hochberg(np.array([]), 0.05).size == 0


def test_the_parameter_that_drives_the_effect_is_named_and_noise_parameters_are_not():
    named_driver = 0
    named_noise = 0
    for seed in range(20):
        ensemble, reps, diffs = _synthetic(40, driver_slope=2.0, seed=seed)
        row = ensemble_row(diffs, reps, ensemble, direction=1, confidence=0.95, n_comparisons=1)
        listed = [part.split(" (")[0] for part in row["hinges_on"].split("; ") if part]
        named_driver += "p.00" in listed
        named_noise += sum(key != "p.00" for key in listed)
        if listed:
            assert listed[0] == "p.00"
    assert named_driver == 20
    # at a false discovery rate of 5%, 29 noise parameters are named rarely
    assert named_noise <= 3


def test_with_no_driver_nothing_hinges_measurably():
    # Uncorrected, the top three of 30 null correlations over 15 members are always listed
    # (the largest |rho| is typically 0.5); corrected, almost never.
    listed = 0
    for seed in range(40):
        ensemble, reps, diffs = _synthetic(15, driver_slope=0.0, seed=100 + seed)
        means = np.array([diffs[reps // 2 % 15 == m].mean() for m in range(15)])
        listed += bool(hinges(means, np.arange(15), ensemble))
    assert listed <= 4


def test_a_difference_with_no_measurable_driver_says_it_depends_on_the_parameters():
    ensemble, reps, _ = _synthetic(15, driver_slope=0.0, seed=7)
    rng = np.random.default_rng(3)
    # true effects spread widely across members, but by no parameter of the ensemble
    spread = rng.normal(0, 1.0, 15)
    diffs = np.array([0.3 + spread[member_of(r, 15)] for r in reps])
    row = ensemble_row(diffs, reps, ensemble, direction=1, confidence=0.95, n_comparisons=1)
    assert row["hinges_on"] == ""
    assert row["ensemble_verdict"] in ("depends on the parameters", "no detectable difference")

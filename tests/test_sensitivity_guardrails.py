"""Guardrails of sensitivity analyses, each fired on the case that showed it was needed.

Synthetic sweeps (a known function of the unit sample, with and without replicate noise) stand
in for the model, so every check runs in milliseconds: too small a sample, first-order indices
that sum past one or exceed their total index, an outcome that is mostly replicate noise,
indices that have not converged, a parameter the design does not use, second-order indices
when asked, Morris's signed mu, percentile intervals inside the valid range, and
Benjamini-Hochberg on the driver tests.
"""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from SALib.analyze import morris as salib_morris
from SALib.sample import morris as morris_sample
from SALib.sample import sobol as sobol_sample

from sim.experiment.robustness import robustness_tables
from sim.experiment.sensitivity import elementary_effects, sensitivity_analysis
from sim.experiment.sensitivity_checks import index_checks, noise_share, sample_size_warning
from sim.experiment.sweep.spec import from_dict

KEYS = ["a.x1", "a.x2", "a.x3"]


def synthetic_sweep(
    method: str, n: int, f, *, replicates: int = 2, noise: float = 0.0, second_order=False
):
    """A resolved experiment, points and runs of one design whose outcome is f(unit) + noise."""
    problem = {"num_vars": 3, "names": KEYS, "bounds": [[0.0, 1.0]] * 3}
    if method == "saltelli":
        unit = sobol_sample.sample(problem, n, calc_second_order=second_order, seed=3)
    else:
        unit = morris_sample.sample(problem, n, num_levels=4, seed=3)
    points = pd.DataFrame({f"unit:{k}": unit[:, i] for i, k in enumerate(KEYS)})
    points.insert(0, "point", np.arange(len(unit)))
    rng = np.random.default_rng(4)
    rows = []
    for p, u in enumerate(unit):
        for r in range(replicates):
            value = f(u) + noise * rng.standard_normal()
            rows.append(
                {
                    "design": "d",
                    "point": p,
                    "replicate": r,
                    "attrition_10y": value,
                    "burnout_share": 2 * value,
                }
            )
    resolved = {
        "name": "synthetic",
        "designs": [{"name": "d"}],
        "varied": [{"key": k, "role": "uncertainty"} for k in KEYS],
        "outcomes": ["attrition_10y"],
        "sampler": {
            "method": method,
            "n": n,
            "levels": 4,
            "seed": 0,
            "second_order": second_order,
        },
    }
    return resolved, pd.DataFrame(rows), points, unit


def additive(u):
    return 4 * u[0] + 2 * u[1]


def checks_of(result, check):
    return result.checks[result.checks["check"] == check]


def test_small_samples_warn_with_the_minimum_and_recommended_size(tmp_path: Path):
    assert "below the minimum" in sample_size_warning("saltelli", 16, 10)
    assert "below the recommended" in sample_size_warning("saltelli", 128, 10)
    assert sample_size_warning("saltelli", 512, 10) is None
    assert "below the minimum" in sample_size_warning("morris", 3, 10)
    assert sample_size_warning("morris", 10, 10) is None
    assert sample_size_warning("lhs", 8, 10) is None
    # The experiment file says so before anything runs.
    raw = {
        "designs": ["baseline"],
        "uncertainties": {"mentors.skill_mean": "plausible"},
        "sampler": {"method": "saltelli", "n": 16},
    }
    experiment = from_dict(raw, source="x.toml", base=tmp_path)
    (warning,) = experiment.warnings()
    assert warning.startswith("x.toml: sampler.n = 16") and "minimum 64" in warning


def test_sum_of_s1_past_one_s1_above_st_and_negative_s1_are_flagged():
    # The case measured at n = 16: S1 summing to 1.21, an S1 above its ST with disjoint
    # intervals, and a negative S1.
    rows = pd.DataFrame(
        {
            "parameter": ["p", "q", "r", "p", "q", "r"],
            "index": ["S1", "S1", "S1", "ST", "ST", "ST"],
            "value": [0.95, 0.36, -0.10, 1.445, 0.20, 0.30],
            "ci_low": [0.80, 0.30, 0.0, 1.0, 0.10, 0.2],
            "ci_high": [1.0, 0.45, 0.0, 1.0, 0.25, 0.4],
        }
    )
    flagged = {c["check"]: c for c in index_checks(rows) if c["flagged"]}
    assert flagged["sum_S1"]["value"] == pytest.approx(1.21)
    assert flagged["S1_above_ST"]["note"].endswith("q")
    assert flagged["S1_negative"]["note"].endswith("r")
    sound = rows.assign(
        value=[0.5, 0.1, 0.0, 0.6, 0.2, 0.05],
        ci_low=[0.4, 0.0, 0.0, 0.5, 0.1, 0.0],
        ci_high=[0.6, 0.2, 0.1, 0.7, 0.3, 0.1],
    )
    assert not any(c["flagged"] for c in index_checks(sound))


def test_a_noise_dominated_outcome_is_flagged_and_a_clean_one_is_not():
    resolved, runs, points, _ = synthetic_sweep("saltelli", 64, lambda u: 0.05 * u[0], noise=1.0)
    result = sensitivity_analysis(resolved, runs, points)
    noise = checks_of(result, "noise_share").iloc[0]
    assert noise["flagged"] and noise["value"] > 0.5
    assert "replicate noise" in " ".join(result.warnings())
    resolved, runs, points, _ = synthetic_sweep("saltelli", 64, additive, noise=0.01)
    clean = sensitivity_analysis(resolved, runs, points)
    assert not checks_of(clean, "noise_share").iloc[0]["flagged"]
    assert noise_share(np.ones((5, 1))) != noise_share(np.ones((5, 1)))  # NaN: one replicate


def test_convergence_table_has_quarter_half_and_full_sample_and_flags_a_moving_index():
    resolved, runs, points, _ = synthetic_sweep("saltelli", 256, additive)
    result = sensitivity_analysis(resolved, runs, points)
    assert sorted(result.convergence["n"].unique()) == [64, 128, 256]
    assert not checks_of(result, "convergence").iloc[0]["flagged"]  # a smooth function settles
    # A jagged function of one parameter sampled 8 times has not.
    resolved, runs, points, _ = synthetic_sweep(
        "saltelli", 8, lambda u: np.sin(40 * u[0]) + u[1] * u[2] * 8
    )
    small = sensitivity_analysis(resolved, runs, points)
    assert sorted(small.convergence["n"].unique()) == [2, 4, 8]
    assert checks_of(small, "convergence").iloc[0]["flagged"]
    assert checks_of(small, "sample_size").iloc[0]["flagged"]


def test_second_order_indices_are_written_when_asked():
    resolved, runs, points, _ = synthetic_sweep(
        "saltelli", 64, lambda u: u[0] * u[1] * 6 + u[2], second_order=True
    )
    result = sensitivity_analysis(resolved, runs, points)
    pairs = result.second_order
    assert len(pairs) == 3  # three pairs of three parameters, one outcome
    top = pairs.sort_values("value").iloc[-1]
    assert (top["parameter"], top["other"]) == ("a.x1", "a.x2")
    assert (pairs["ci_low"] >= 0).all() and (pairs["ci_high"] <= 1).all()


def test_morris_keeps_the_signed_mu_and_matches_salib():
    resolved, runs, points, unit = synthetic_sweep("morris", 10, lambda u: -3 * u[0] + u[1] ** 2)
    result = sensitivity_analysis(resolved, runs, points)
    table = result.table.set_index(["parameter", "index"])["value"]
    assert table[("a.x1", "mu")] == pytest.approx(-3.0)
    assert table[("a.x1", "mu_star")] == pytest.approx(3.0)
    y = -3 * unit[:, 0] + unit[:, 1] ** 2
    problem = {"num_vars": 3, "names": KEYS, "bounds": [[0.0, 1.0]] * 3}
    si = salib_morris.analyze(problem, unit, y, num_levels=4, seed=0)
    effects = elementary_effects(unit, y)
    np.testing.assert_allclose(np.abs(effects).mean(axis=0), si["mu_star"])
    np.testing.assert_allclose(effects.mean(axis=0), si["mu"])


def test_percentile_intervals_stay_in_each_index_valid_range():
    resolved, runs, points, _ = synthetic_sweep("saltelli", 16, additive, noise=0.5)
    table = sensitivity_analysis(resolved, runs, points).table
    assert (table["ci_low"] >= 0).all() and (table["ci_high"] <= 1).all()
    assert (table["ci_low"] <= table["ci_high"]).all()
    resolved, runs, points, _ = synthetic_sweep("morris", 6, additive, noise=0.5)
    table = sensitivity_analysis(resolved, runs, points).table
    positive = table[table["index"].isin(["mu_star", "sigma"])]
    assert (positive["ci_low"] >= 0).all()


def test_a_parameter_the_design_does_not_use_is_flagged_inactive():
    for method, n in (("morris", 6), ("saltelli", 16)):
        resolved, runs, points, _ = synthetic_sweep(method, n, additive)
        # Replicates differ, as on common random numbers, but x3 still changes nothing.
        runs = runs.assign(attrition_10y=runs["attrition_10y"] + runs["replicate"] * 0.1)
        inactive = checks_of(sensitivity_analysis(resolved, runs, points), "inactive")
        assert inactive.iloc[0]["flagged"], method
        assert inactive.iloc[0]["note"].endswith(": a.x3"), method
        assert inactive.iloc[0]["value"] == 1


def test_driver_tests_are_adjusted_as_one_family():
    rng = np.random.default_rng(7)
    n_points, n_keys = 40, 50
    keys = [f"g.k{i}" for i in range(n_keys)]
    values = rng.random((n_points, n_keys))
    points = pd.DataFrame(values, columns=keys).assign(point=np.arange(n_points))
    rows = []
    for p in range(n_points):
        for r in range(2):
            noise = rng.standard_normal()
            planted = 3 * values[p, 0] - 1.5  # the first parameter decides the verdict
            for design, shift in (("base", 0.0), ("other", noise + planted)):
                rows.append(
                    {
                        "design": design,
                        "point": p,
                        "replicate": r,
                        "attrition_10y": 0.2 - 0.01 * shift,
                        **{k: values[p, i] for i, k in enumerate(keys)},
                    }
                )
    resolved = {
        "designs": [{"name": "base"}, {"name": "other"}],
        "baseline": "base",
        "varied": [{"key": k, "role": "uncertainty"} for k in keys],
        "outcomes": ["attrition_10y"],
    }
    _, drivers = robustness_tables(resolved, pd.DataFrame(rows), points)
    raw = (drivers["spearman_p"] < 0.05) | (drivers["ks_p"] < 0.05)
    assert raw.sum() > 1  # chance alone passes some of 100 unadjusted tests ...
    assert drivers.loc[drivers["stands_out"], "parameter"].tolist() == ["g.k0"]  # ... not BH
    assert (drivers["spearman_q"] >= drivers["spearman_p"]).all()

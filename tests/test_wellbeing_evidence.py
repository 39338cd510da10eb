"""Coaching relief decays instead of compounding; wellbeing targets can fail.

The kernel test is exact: coaching scales the burnout felt in a year by the share of relief
left that year, so a course's effect at any later year is that year's relief and nothing
accumulated. The model tests run two designs on the same replicate seeds (common random
numbers) and check the direction of each mechanism, and that a setting inside the plausible
ranges puts the model outside a target's band (E3, E3b, E4b, E4c, T12).
"""

import numpy as np
import pytest

from sim import kernels
from sim.experiment.targets import load_targets
from sim.kernels import kernel_params
from sim.model import MentorshipModel
from sim.rng import replicate_seeds
from sim.scenario import Scenario
from sim.state import N_TRAITS

N_YEARS = 8
SIZE = {"institution__initial_size": 800}
YEARS = 24
# Base seed 5 (any fixed seed would do): two replicates of each paired design.
SEEDS = replicate_seeds(5, 2)
SINGLE = {
    "program__formal": True,
    "program__policy": "compatibility",
    "program__evaluate_relationships": True,
}
COACHING = {**SINGLE, "program__coaching": "new_faculty"}
TARGETS = {t.id: t for t in load_targets("experiments/targets.toml")}


def _path(relief: np.ndarray, params) -> np.ndarray:
    """Burnout of one person over the years, given each year's share of relief."""
    n = 1
    burnout = np.full(n, 0.6)
    out = []
    for t in range(len(relief)):
        before = relief[t - 1] if t > 0 else 0.0
        new_s, new_b = np.empty(n), np.empty(n)
        kernels.psychosocial(
            np.full(n, 0.5),
            burnout,
            np.full((n, N_TRAITS), 0.5),
            np.full(n, 0.2),
            np.zeros(n, np.int32),
            np.full(n, 0.7),
            np.full(n, 0.5),
            np.full(n, relief[t]),
            np.full(n, before),
            np.zeros(n),
            np.zeros(n),
            np.ones(n, bool),
            params.packed(),
            new_s,
            new_b,
        )
        burnout = new_b
        out.append(burnout[0])
    return np.array(out)


def test_coaching_relief_is_the_year_s_share_and_does_not_compound():
    params = kernel_params(Scenario())
    relief = 0.2 * np.exp2(-np.arange(N_YEARS) / 1.0)
    coached = _path(relief, params)
    untreated = _path(np.zeros(N_YEARS), params)
    # Every year the coached person feels the untreated level times one minus that year's
    # relief: nothing of earlier years' relief is carried in the underlying level.
    np.testing.assert_allclose(coached, untreated * (1.0 - relief), rtol=1e-12)
    gap = untreated - coached
    assert np.all(np.diff(gap) < 0)  # the effect decays every year
    assert gap[-1] < 0.01 * untreated[-1]  # and is all but gone after a half-life a year


def _mean(design: dict, outcome: str, seeds=SEEDS) -> np.ndarray:
    values = []
    for seed in seeds:
        model = MentorshipModel(rng=int(seed), years=YEARS, **{**design, **SIZE})
        model.run()
        values.append(model.outcomes()[outcome])
    return np.array(values)


@pytest.fixture(scope="module")
def single():
    return {name: _mean(SINGLE, name) for name in ("burnout_share_year1", "burnout_share_year4")}


@pytest.mark.slow
def test_coaching_lowers_burnout_on_the_treated_then_fades(single):
    coached = {name: _mean(COACHING, name) for name in single}
    year1 = coached["burnout_share_year1"] / single["burnout_share_year1"]
    year4 = coached["burnout_share_year4"] / single["burnout_share_year4"]
    assert np.all(year1 < 1.0)  # paired by seed: the coached design has less burnout
    assert np.all(1.0 - year4 < 0.5 * (1.0 - year1))  # three years on, less than half is left
    e3 = TARGETS["E3"]
    assert e3.low <= year1.mean() <= e3.high


@pytest.mark.slow
def test_e3_fails_without_coaching_relief(single):
    off = {**COACHING, "career__coaching_burnout_cut": 0.0}
    ratio = _mean(off, "burnout_share_year1") / single["burnout_share_year1"]
    assert ratio.mean() > TARGETS["E3"].high


@pytest.mark.slow
def test_e3b_fails_when_relief_lasts_the_longest_plausible_half_life(single):
    slow = {**COACHING, "wellbeing__coaching_half_life_years": 3.0}
    ratio = _mean(slow, "burnout_share_year4") / single["burnout_share_year4"]
    assert ratio.mean() < TARGETS["E3b"].low


def _baseline(outcome: str, **overrides) -> np.ndarray:
    return _mean(overrides, outcome)


@pytest.mark.slow
def test_early_career_strain_raises_juniors_burnout_and_t12_fails_without_it():
    ratio = _baseline("burnout_ratio_rank")
    off = _baseline("burnout_ratio_rank", wellbeing__early_career_stress=0.0)
    assert np.all(off < ratio)  # paired by seed
    assert off.mean() < TARGETS["T12"].low  # juniors at a fraction of the seniors' rate


@pytest.mark.slow
def test_e4b_fails_when_support_weighs_at_the_top_of_its_plausible_range():
    d = _baseline("mentoring_effect_satisfaction")
    high = _baseline("mentoring_effect_satisfaction", wellbeing__satisfaction_support_weight=0.5)
    assert np.all(high > d)  # paired by seed
    assert high.mean() > TARGETS["E4b"].high


@pytest.mark.slow
def test_e4c_fails_when_support_relieves_burnout_at_the_top_of_its_plausible_range():
    d = _baseline("mentoring_effect_burnout")
    strong = _baseline("mentoring_effect_burnout", wellbeing__support_burnout_weight=0.5)
    assert np.all(strong < d)  # paired by seed: more relief, a larger gap
    assert strong.mean() < TARGETS["E4c"].low

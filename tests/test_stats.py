"""Tests for sim.experiment.stats (paired comparison of designs on common random numbers)."""

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from sim.experiment.stats import (
    TABLE_COLUMNS,
    Interval,
    compare_designs,
    max_relative_half_width,
    needs_more,
    paired_interval,
    prob_best,
    rank_designs,
    ratio_interval,
    unpaired_interval,
    variance_reduction,
    verdict,
    width_ratio,
)

REQUIRED_COLUMNS = [
    "outcome",
    "design",
    "baseline",
    "reference",
    "mean",
    "reference_mean",
    "diff",
    "rel_diff",
    "ci_low",
    "ci_high",
    "verdict",
    "p_best",
]
EXTRA_COLUMNS = ["half_width", "n", "variance_reduction", "width_ratio"]


# --- paired_interval ---------------------------------------------------------------------


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_paired_interval_matches_scipy(seed):
    d = np.random.default_rng(seed).normal(0.3, 2.0, size=25)
    low, high = stats.ttest_1samp(d, 0.0).confidence_interval(0.95)
    got = paired_interval(d)
    assert got.low == pytest.approx(low, rel=1e-10)
    assert got.high == pytest.approx(high, rel=1e-10)
    assert got.mean == pytest.approx(d.mean())
    assert got.n == 25
    assert got.sd == pytest.approx(np.std(d, ddof=1))


def test_paired_interval_bonferroni_matches_scipy_at_adjusted_confidence():
    d = np.random.default_rng(7).normal(1.0, 1.0, size=40)
    low, high = stats.ttest_1samp(d, 0.0).confidence_interval(1 - 0.05 / 3)
    got = paired_interval(d, confidence=0.95, n_comparisons=3)
    assert got.low == pytest.approx(low, rel=1e-10)
    assert got.high == pytest.approx(high, rel=1e-10)
    assert got.half_width > paired_interval(d).half_width


def test_paired_interval_hand_computed():
    got = paired_interval(np.array([1.0, 2.0, 3.0, 4.0, 5.0]))
    # mean 3, sd sqrt(2.5) = 1.581139, half = t(0.975, 4) * sqrt(2.5) / sqrt(5)
    #                                        = 2.776445 * 0.707107 = 1.963243
    assert got.mean == pytest.approx(3.0, abs=1e-12)
    assert got.sd == pytest.approx(1.581139, abs=1e-5)
    assert got.half_width == pytest.approx(1.963243, abs=1e-5)
    assert got.low == pytest.approx(1.036757, abs=1e-5)
    assert got.high == pytest.approx(4.963243, abs=1e-5)
    assert got.n == 5


def test_paired_interval_small_samples_give_nan_bounds():
    one = paired_interval([2.5])
    assert one.mean == 2.5
    assert one.n == 1
    assert math.isnan(one.low) and math.isnan(one.high) and math.isnan(one.half_width)
    empty = paired_interval([])
    assert empty.n == 0
    assert math.isnan(empty.mean) and math.isnan(empty.low)


def test_paired_interval_zero_variance():
    # np.mean([0.7] * 3) is off by one ulp, so a naive np.std would not be exactly 0.
    got = paired_interval([0.7, 0.7, 0.7])
    assert got.half_width == 0.0
    assert got.sd == 0.0
    assert got.low == got.mean == got.high
    assert got.mean == pytest.approx(0.7)


def test_paired_interval_drops_nan_pairs():
    got = paired_interval([1.0, np.nan, 2.0, 3.0, 4.0, np.nan, 5.0])
    expected = paired_interval([1.0, 2.0, 3.0, 4.0, 5.0])
    assert got == expected
    assert got.n == 5


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"confidence": 1.0}, "confidence"),
        ({"confidence": 0.0}, "confidence"),
        ({"n_comparisons": 0}, "n_comparisons"),
    ],
)
def test_paired_interval_rejects_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        paired_interval([1.0, 2.0, 3.0], **kwargs)


@settings(max_examples=200, deadline=None)
@given(
    diffs=st.lists(
        st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False),
        min_size=2,
        max_size=60,
    ),
    confidence=st.floats(min_value=0.5, max_value=0.999),
    n_comparisons=st.integers(min_value=1, max_value=10),
)
def test_paired_interval_contains_mean_property(diffs, confidence, n_comparisons):
    got = paired_interval(np.array(diffs), confidence, n_comparisons)
    assert got.half_width >= 0
    assert got.low <= got.mean <= got.high
    assert got.mean == pytest.approx(np.mean(diffs), rel=1e-9, abs=1e-6)
    assert got.n == len(diffs)


# --- ratio_interval (Fieller) ----------------------------------------------------------


def _not_rejected(x: np.ndarray, y: np.ndarray, ratio: float, t: float) -> bool:
    """Whether a paired t test keeps mean(x) = ratio * mean(y): Fieller's definition."""
    d = x - ratio * y
    return abs(d.mean()) <= t * d.std(ddof=1) / math.sqrt(d.size)


@pytest.mark.parametrize("seed", range(12))
def test_ratio_interval_holds_the_ratios_a_paired_t_test_keeps(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(3, 9))
    y = rng.normal(rng.uniform(0.2, 3.0), 1.0, n)
    x = 50 * y + rng.normal(0, 20, n)  # about 50 per unit of y, noisy
    low, high = ratio_interval(x, y)
    t = stats.t.ppf(0.975, n - 1)
    grid = np.linspace(-2000, 2000, 4001)
    grid = grid[(np.abs(grid - low) > 1e-6) & (np.abs(grid - high) > 1e-6)]
    kept = np.array([_not_rejected(x, y, r, t) for r in grid])
    bounded = paired_interval(y).low > 0 or paired_interval(y).high < 0
    assert math.isfinite(high) == bounded  # bounded exactly when mean(y) may not be 0
    inside = (grid >= low) & (grid <= high)
    if bounded:
        assert np.array_equal(kept, inside)
    else:
        assert kept[inside].all()  # the reported ray, or the whole line
    assert low <= x.mean() / y.mean() <= high


def test_ratio_interval_of_an_exact_ratio_and_of_too_few_pairs():
    y = np.array([1.0, 2.0, 0.5, 1.5])
    assert ratio_interval(100 * y, y) == pytest.approx((100.0, 100.0), rel=1e-12)
    assert all(math.isnan(v) for v in ratio_interval([1.0], [2.0]))
    # A denominator of mean 0 may be anything: no interval at all.
    assert ratio_interval([1.0, 2.0, 3.0], [-1.0, 0.0, 1.0]) == (-math.inf, math.inf)


# --- unpaired_interval, variance_reduction, width_ratio ---------------------------------


@pytest.mark.parametrize(("n_a", "n_b"), [(20, 20), (15, 40)])
def test_unpaired_interval_matches_scipy_welch(n_a, n_b):
    rng = np.random.default_rng(11)
    a = rng.normal(1.0, 1.0, size=n_a)
    b = rng.normal(0.0, 3.0, size=n_b)
    low, high = stats.ttest_ind(a, b, equal_var=False).confidence_interval(0.95)
    got = unpaired_interval(a, b)
    assert got.low == pytest.approx(low, rel=1e-10)
    assert got.high == pytest.approx(high, rel=1e-10)
    assert got.mean == pytest.approx(a.mean() - b.mean())
    assert got.n == n_a + n_b


def test_unpaired_interval_bonferroni_matches_scipy_at_adjusted_confidence():
    rng = np.random.default_rng(12)
    a = rng.normal(size=30)
    b = rng.normal(size=30)
    low, high = stats.ttest_ind(a, b, equal_var=False).confidence_interval(1 - 0.05 / 4)
    got = unpaired_interval(a, b, n_comparisons=4)
    assert got.low == pytest.approx(low, rel=1e-10)
    assert got.high == pytest.approx(high, rel=1e-10)


def test_unpaired_interval_degenerate_cases():
    assert math.isnan(unpaired_interval([1.0], [1.0, 2.0]).low)
    constant = unpaired_interval([2.0, 2.0, 2.0], [1.0, 1.0])
    assert constant.half_width == 0.0
    assert constant.low == constant.high == 1.0


def _correlated(seed, noise, size=500):
    rng = np.random.default_rng(seed)
    common = rng.normal(10.0, 3.0, size=size)
    return common + rng.normal(0.0, noise, size=size), common + rng.normal(0.0, noise, size=size)


def test_variance_reduction_near_one_for_correlated_pairs():
    a, b = _correlated(seed=5, noise=0.1)
    assert variance_reduction(a, b) > 0.95
    assert variance_reduction(a, b) <= 1.0


def test_variance_reduction_near_zero_for_independent_samples():
    rng = np.random.default_rng(6)
    a = rng.normal(size=2000)
    b = rng.normal(size=2000)
    assert abs(variance_reduction(a, b)) < 0.15


def test_variance_reduction_undefined_cases():
    assert math.isnan(variance_reduction([1.0], [2.0]))
    assert math.isnan(variance_reduction([1.0, 1.0, 1.0], [2.0, 2.0, 2.0]))
    with pytest.raises(ValueError, match="length"):
        variance_reduction([1.0, 2.0], [1.0, 2.0, 3.0])


def test_variance_reduction_drops_nan_pairs():
    a = np.array([1.0, 2.0, np.nan, 4.0, 3.0])
    b = np.array([1.5, 2.0, 9.0, np.nan, 3.5])
    assert variance_reduction(a, b) == pytest.approx(
        variance_reduction([1.0, 2.0, 3.0], [1.5, 2.0, 3.5])
    )


def test_pairing_narrows_interval_for_correlated_data():
    a, b = _correlated(seed=8, noise=0.2)
    paired = paired_interval(a - b)
    unpaired = unpaired_interval(a, b)
    assert paired.half_width < unpaired.half_width
    ratio = width_ratio(a, b)
    assert ratio == pytest.approx(paired.half_width / unpaired.half_width)
    assert ratio < 0.2


def test_width_ratio_undefined_when_unpaired_width_is_zero():
    assert math.isnan(width_ratio([1.0, 1.0, 1.0], [2.0, 2.0, 2.0]))
    assert math.isnan(width_ratio([1.0], [2.0]))


# --- verdict ----------------------------------------------------------------------------


def _interval(low, high):
    return Interval((low + high) / 2, low, high, (high - low) / 2, 10, 1.0)


ABOVE = _interval(0.5, 1.5)
BELOW = _interval(-1.5, -0.5)
STRADDLE = _interval(-1.0, 1.0)
TOUCHING = _interval(0.0, 2.0)
NAN = Interval(1.0, math.nan, math.nan, math.nan, 1, math.nan)


@pytest.mark.parametrize(
    ("interval", "direction", "expected"),
    [
        (ABOVE, 1, "better"),
        (BELOW, 1, "worse"),
        (STRADDLE, 1, "no detectable difference"),
        (ABOVE, -1, "worse"),
        (BELOW, -1, "better"),
        (STRADDLE, -1, "no detectable difference"),
        (ABOVE, 0, "higher"),
        (BELOW, 0, "lower"),
        (STRADDLE, 0, "no detectable difference"),
        (TOUCHING, 1, "no detectable difference"),
        (NAN, 1, "undefined"),
        (NAN, 0, "undefined"),
    ],
)
def test_verdict(interval, direction, expected):
    assert verdict(interval, direction) == expected


def test_verdict_rejects_bad_direction():
    with pytest.raises(ValueError, match="direction"):
        verdict(ABOVE, 2)


# --- prob_best --------------------------------------------------------------------------


def _noisy_designs(means, seed=0, n_reps=30, sd=1.0):
    rng = np.random.default_rng(seed)
    return np.array(means, dtype=float)[:, None] + rng.normal(0.0, sd, size=(len(means), n_reps))


def test_prob_best_sums_to_one_and_is_deterministic():
    values = _noisy_designs([0.0, 0.1, 0.2], sd=2.0)
    first = prob_best(values, 1, n_boot=500, seed=3)
    again = prob_best(values, 1, n_boot=500, seed=3)
    assert first.shape == (3,)
    assert first.sum() == pytest.approx(1.0)
    np.testing.assert_array_equal(first, again)
    assert np.all((first >= 0) & (first <= 1))


def test_prob_best_clear_winner():
    values = _noisy_designs([0.0, 0.0, 5.0])
    p = prob_best(values, 1)
    assert p[2] > 0.99
    assert p.sum() == pytest.approx(1.0)


def test_prob_best_lower_is_better():
    values = _noisy_designs([0.0, 5.0, 5.0])
    p = prob_best(values, -1)
    assert p[0] > 0.99


def test_prob_best_direction_zero_prefers_high():
    values = _noisy_designs([0.0, 5.0])
    assert prob_best(values, 0)[1] > 0.99


def test_prob_best_ties_split_evenly():
    row = np.random.default_rng(1).normal(size=20)
    assert prob_best(np.vstack([row, row, row]), 1, n_boot=300).tolist() == pytest.approx(
        [1 / 3, 1 / 3, 1 / 3]
    )
    values = np.vstack([row + 10.0, row + 10.0, row])
    np.testing.assert_allclose(prob_best(values, 1, n_boot=300), [0.5, 0.5, 0.0])


def test_prob_best_keeps_pairing():
    # A tiny constant improvement under huge common noise: only a bootstrap that resamples
    # the same replicates for every design sees that design 1 always wins.
    common = np.random.default_rng(2).normal(0.0, 10.0, size=25)
    values = np.vstack([common, common + 0.01])
    np.testing.assert_array_equal(prob_best(values, 1, n_boot=500), [0.0, 1.0])
    np.testing.assert_array_equal(prob_best(values, -1, n_boot=500), [1.0, 0.0])


def test_prob_best_drops_replicates_with_nan():
    values = _noisy_designs([0.0, 5.0], n_reps=10)
    with_nan = np.hstack([values, [[np.nan], [1.0]]])
    np.testing.assert_array_equal(prob_best(with_nan, 1), prob_best(values, 1))


def test_prob_best_rejects_bad_input():
    with pytest.raises(ValueError, match="two-dimensional"):
        prob_best(np.zeros(5), 1)
    with pytest.raises(ValueError, match="n_boot"):
        prob_best(np.zeros((2, 5)), 1, n_boot=0)


# --- compare_designs --------------------------------------------------------------------


def _runs(n_reps=20, seed=0):
    """Designs A and B identical, C = A + 1 on y and A + 0.5 on z, D unrelated noise."""
    rng = np.random.default_rng(seed)
    common_y = rng.normal(10.0, 2.0, size=n_reps)
    common_z = rng.normal(5.0, 1.0, size=n_reps)
    frames = []
    for design, dy, dz in [("A", 0.0, 0.0), ("B", 0.0, 0.0), ("C", 1.0, 0.5)]:
        frames.append(
            pd.DataFrame(
                {
                    "design": design,
                    "replicate": np.arange(n_reps),
                    "y": common_y + dy,
                    "z": common_z + dz,
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


OUTCOMES = {"y": 1, "z": -1}


def test_compare_designs_columns_and_shape():
    table = compare_designs(_runs(), OUTCOMES, baseline="A")
    assert list(table.columns) == REQUIRED_COLUMNS + EXTRA_COLUMNS
    assert tuple(table.columns) == TABLE_COLUMNS
    assert len(table) == 2 * 3
    assert table["outcome"].tolist() == ["y"] * 3 + ["z"] * 3
    assert (table["baseline"] == "A").all()


def test_compare_designs_identical_designs_have_no_difference():
    table = compare_designs(_runs(), OUTCOMES, baseline="A")
    same = table[table["design"] == "B"]
    assert len(same) == 2
    assert (same["diff"] == 0).all()
    assert (same["ci_low"] == 0).all()
    assert (same["ci_high"] == 0).all()
    assert (same["verdict"] == "no detectable difference").all()
    assert (same["rel_diff"] == 0).all()


def test_compare_designs_baseline_row():
    table = compare_designs(_runs(), OUTCOMES, baseline="A")
    base = table[table["design"] == "A"]
    assert (base["verdict"] == "baseline").all()
    assert (base["ci_low"] == 0).all() and (base["ci_high"] == 0).all()
    assert (base["diff"] == 0).all()
    assert (base["mean"] == base["reference_mean"]).all()
    assert (base["n"] == 20).all()


def test_compare_designs_detects_shift_with_direction():
    runs = _runs()
    table = compare_designs(runs, OUTCOMES, baseline="A").set_index(["outcome", "design"])
    y = table.loc[("y", "C")]
    z = table.loc[("z", "C")]
    assert y["diff"] == pytest.approx(1.0)
    assert y["verdict"] == "better"  # higher is better on y
    assert z["diff"] == pytest.approx(0.5)
    assert z["verdict"] == "worse"  # lower is better on z
    baseline_y = runs.loc[runs["design"] == "A", "y"].mean()
    assert y["reference_mean"] == pytest.approx(baseline_y)
    assert y["rel_diff"] == pytest.approx(1.0 / baseline_y)
    assert y["p_best"] == pytest.approx(1.0)
    assert table.loc[("z", "C"), "p_best"] == pytest.approx(0.0)
    # p_best sums to one within each outcome
    assert table["p_best"].groupby(level="outcome").sum().tolist() == pytest.approx([1.0, 1.0])


def test_compare_designs_takes_each_difference_from_its_reference():
    runs = _runs()
    plain = compare_designs(runs, OUTCOMES, baseline="A").set_index(["outcome", "design"])
    table = compare_designs(runs, OUTCOMES, baseline="A", references={"C": "B"})
    assert (table["baseline"] == "A").all()
    assert dict(zip(table["design"], table["reference"], strict=False)) == {
        "A": "A",
        "B": "A",
        "C": "B",
    }
    indexed = table.set_index(["outcome", "design"])
    y = indexed.loc[("y", "C")]
    # B is A's twin, so C against B is C against A; the reference's mean is B's own.
    assert y["diff"] == pytest.approx(plain.loc[("y", "C"), "diff"])
    assert y["reference_mean"] == runs.loc[runs["design"] == "B", "y"].mean()
    assert y["rel_diff"] == pytest.approx(y["diff"] / y["reference_mean"])
    # The other rows, and the intervals' adjustment (one comparison per design), are unchanged.
    for key in [("y", "B"), ("z", "B"), ("y", "A")]:
        assert indexed.loc[key, "diff"] == plain.loc[key, "diff"]
    assert indexed.loc[("y", "C"), "half_width"] == pytest.approx(
        plain.loc[("y", "C"), "half_width"]
    )


def test_compare_designs_refuses_references_outside_the_comparison():
    with pytest.raises(ValueError, match="reference 'D' of 'C' is not among the designs"):
        compare_designs(_runs(), OUTCOMES, baseline="A", references={"C": "D"})
    with pytest.raises(ValueError, match="cannot be its own reference"):
        compare_designs(_runs(), OUTCOMES, baseline="A", references={"C": "C"})
    with pytest.raises(ValueError, match="the baseline 'A' cannot be compared with 'B'"):
        compare_designs(_runs(), OUTCOMES, baseline="A", references={"A": "B"})


def test_compare_designs_uses_bonferroni_over_non_baseline_designs():
    rng = np.random.default_rng(4)
    runs = _runs()
    runs["y"] += rng.normal(0.0, 0.3, size=len(runs))  # break exact equality
    table = compare_designs(runs, {"y": 1}, baseline="A").set_index("design")
    a = runs.loc[runs["design"] == "A", "y"].to_numpy()
    c = runs.loc[runs["design"] == "C", "y"].to_numpy()
    expected = paired_interval(c - a, 0.95, n_comparisons=2)
    assert table.loc["C", "ci_low"] == pytest.approx(expected.low)
    assert table.loc["C", "ci_high"] == pytest.approx(expected.high)
    assert table.loc["C", "half_width"] == pytest.approx(expected.half_width)
    assert table.loc["C", "variance_reduction"] == pytest.approx(variance_reduction(c, a))
    assert table.loc["C", "width_ratio"] == pytest.approx(width_ratio(c, a, 0.95, 2))


def test_compare_designs_pairs_by_replicate_not_row_order():
    runs = _runs()
    shuffled = runs.sample(frac=1.0, random_state=9)
    shuffled = shuffled.set_index(["design"]).loc[["A", "B", "C"]].reset_index()
    expected = compare_designs(runs, OUTCOMES, baseline="A")
    got = compare_designs(shuffled, OUTCOMES, baseline="A")
    pd.testing.assert_frame_equal(got, expected)


def test_compare_designs_design_order_is_first_appearance():
    runs = _runs()
    order = {"C": 0, "A": 1, "B": 2}
    runs = runs.sort_values("design", key=lambda s: s.map(order), kind="stable")
    table = compare_designs(runs, {"y": 1}, baseline="A")
    assert table["design"].tolist() == ["C", "A", "B"]


def test_compare_designs_unknown_baseline():
    with pytest.raises(ValueError, match="baseline 'X' is not among the designs: A, B, C"):
        compare_designs(_runs(), OUTCOMES, baseline="X")


def test_compare_designs_mismatched_replicates():
    runs = _runs()
    runs = runs[~((runs["design"] == "B") & (runs["replicate"] == 3))]
    with pytest.raises(ValueError, match="design 'B'.*missing \\[3\\]"):
        compare_designs(runs, OUTCOMES, baseline="A")


def test_compare_designs_duplicate_replicate():
    runs = _runs()
    runs = pd.concat([runs, runs[(runs["design"] == "C") & (runs["replicate"] == 0)]])
    with pytest.raises(ValueError, match="design 'C'"):
        compare_designs(runs, OUTCOMES, baseline="A")


def test_compare_designs_missing_outcome_column():
    with pytest.raises(ValueError, match="missing from runs: w"):
        compare_designs(_runs(), {"y": 1, "w": 1}, baseline="A")


def test_compare_designs_bad_direction():
    with pytest.raises(ValueError, match="'y'"):
        compare_designs(_runs(), {"y": 3}, baseline="A")


def test_compare_designs_nan_runs_are_dropped_pairwise():
    runs = _runs()
    runs.loc[(runs["design"] == "C") & (runs["replicate"] == 2), "y"] = np.nan
    table = compare_designs(runs, {"y": 1}, baseline="A").set_index("design")
    assert table.loc["C", "n"] == 19
    assert table.loc["A", "n"] == 20
    assert table.loc["C", "diff"] == pytest.approx(1.0)


def test_compare_designs_zero_reference_mean_gives_nan_rel_diff():
    runs = _runs()
    runs["y"] = np.where(runs["design"] == "C", 1.0, 0.0)
    table = compare_designs(runs, {"y": 1}, baseline="A").set_index("design")
    assert math.isnan(table.loc["C", "rel_diff"])
    assert table.loc["C", "diff"] == 1.0
    assert table.loc["C", "verdict"] == "better"


# --- stopping rule ----------------------------------------------------------------------


def _constructed_table():
    return pd.DataFrame(
        {
            "outcome": ["y", "y", "y", "z", "z", "w", "w"],
            "design": ["A", "B", "C", "A", "B", "A", "B"],
            "baseline": ["A"] * 7,
            "reference_mean": [10.0, 10.0, 10.0, -20.0, -20.0, 0.0, np.nan],
            # baseline rows and rows with a 0 / nan baseline mean must be ignored
            "half_width": [100.0, 1.0, 0.5, 100.0, 3.0, 50.0, 50.0],
        }
    )


def test_max_relative_half_width_on_constructed_table():
    assert max_relative_half_width(_constructed_table()) == pytest.approx(0.15)


def test_needs_more_on_constructed_table():
    table = _constructed_table()
    assert needs_more(table, 0.1)
    assert needs_more(table, 0.149)
    assert not needs_more(table, 0.15)
    assert not needs_more(table, 0.2)
    with pytest.raises(ValueError, match="precision"):
        needs_more(table, 0.0)


def test_stopping_rule_with_undefined_half_width_asks_for_more():
    table = _constructed_table()
    table.loc[1, "half_width"] = np.nan
    assert max_relative_half_width(table) == math.inf
    assert needs_more(table, 10.0)


def test_stopping_rule_without_usable_rows():
    table = _constructed_table()
    table = table[table["design"] == "A"]
    assert math.isnan(max_relative_half_width(table))
    assert not needs_more(table, 0.05)


# --- ranking and summary ----------------------------------------------------------------


def test_rank_designs_orders_by_p_best():
    table = compare_designs(_runs(), OUTCOMES, baseline="A")
    ranked = rank_designs(table)
    y = ranked[ranked["outcome"] == "y"]
    z = ranked[ranked["outcome"] == "z"]
    assert y["design"].tolist()[0] == "C"
    assert y["rank"].tolist()[0] == 1
    assert z["design"].tolist()[-1] == "C"
    # A and B are identical, so they share p_best and rank on z
    assert z["rank"].tolist() == [1, 1, 3]
    assert ranked["outcome"].tolist() == ["y"] * 3 + ["z"] * 3

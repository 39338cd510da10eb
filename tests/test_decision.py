"""Tests for the costs of a design against the baseline and the decision summary's words.

The runs are hand-made with known paired differences, so every cost, ratio and interval has
a value known in advance: the written-out paired t interval for differences, and for ratios
(Fieller's interval) a fixed cost, whose bounds are the cost over the ends of the benefit's
interval, or a ratio that is the same in every replicate.
"""

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats as scipy_stats

from sim.experiment import stats
from sim.experiment.costs import (
    COST_COLUMNS,
    COSTS_LESS,
    MAY_AVOID_NO_DEPARTURES,
    MEASURES,
    NO_DEPARTURES_AVOIDED,
    NO_EXTRA_PROMOTIONS,
    NOT_IN_RUNS,
    cost_table,
)
from sim.experiment.effects import standardized_effect, with_standardized_effects
from sim.outcomes import OUTCOMES
from sim.report.decision.summary import decide, decision_block
from sim.report.documents.terminal import format_decisions
from sim.report.text.outcomes import change, interval, label, level, money, phrase

INF = math.inf

# Departures avoided per replicate by "good": each costs exactly $100k more per departure.
AVOIDED = np.array([1.0, 2.0, 0.5, 1.5, 1.0])
BASE_DEPARTURES = np.array([10.0, 12.0, 9.0, 11.0, 10.5])
BASE_PROMOTIONS = np.array([7.0, 8.0, 6.5, 7.5, 7.0])
TURNOVER = 250.0  # $k per departure


def _design(name, program, departures, promotions):
    departures = np.asarray(departures, dtype=float)
    program = np.asarray(program, dtype=float)
    turnover = departures * TURNOVER
    return pd.DataFrame(
        {
            "design": name,
            "replicate": range(len(departures)),
            "program_cost": program,
            "turnover_cost": turnover,
            "net_cost": program + turnover,
            "departures_per_year": departures,
            "promotions_per_year": np.asarray(promotions, dtype=float),
        }
    )


@pytest.fixture
def runs() -> pd.DataFrame:
    zero = np.zeros(5)
    return pd.concat(
        [
            _design("base", zero, BASE_DEPARTURES, BASE_PROMOTIONS),
            # Avoids AVOIDED departures and adds AVOIDED / 2 promotions at $100k per departure.
            _design(
                "good", 100 * AVOIDED, BASE_DEPARTURES - AVOIDED, BASE_PROMOTIONS + AVOIDED / 2
            ),
            # Costs $50k and causes one more departure and one fewer promotion in each replicate.
            _design("harmful", zero + 50, BASE_DEPARTURES + 1, BASE_PROMOTIONS - 1),
            # Saves $20k a year and avoids a departure: no price is paid.
            _design("cheap", zero - 20, BASE_DEPARTURES - 1, BASE_PROMOTIONS),
        ],
        ignore_index=True,
    )


def _value(costs, design, measure):
    return costs[(costs["design"] == design) & (costs["measure"] == measure)].iloc[0]


# -- costs.csv --------------------------------------------------------------------------------


def test_the_cost_table_has_its_columns_and_a_row_per_design_and_measure(runs):
    costs = cost_table(runs, "base")
    assert tuple(costs.columns) == COST_COLUMNS
    assert list(costs["design"].unique()) == ["good", "harmful", "cheap"]  # no baseline row
    assert list(costs[costs["design"] == "good"]["measure"]) == list(MEASURES)
    assert set(costs["unit"]) == {"$k/year", "people/year", "$k/person"}
    assert (costs["baseline"] == "base").all() and (costs["n"] == 5).all()


def test_a_ratio_that_is_the_same_in_every_replicate_has_that_ratio_and_interval(runs):
    costs = cost_table(runs, "base")
    per_departure = _value(costs, "good", "cost_per_departure_avoided")
    # Cost over departures avoided is $100k in every replicate, so no other ratio fits.
    assert per_departure["value"] == pytest.approx(100.0, rel=1e-12)
    assert per_departure["ci_low"] == pytest.approx(100.0, rel=1e-12)
    assert per_departure["ci_high"] == pytest.approx(100.0, rel=1e-12)
    assert per_departure["unit"] == "$k/person" and per_departure["note"] == ""
    per_promotion = _value(costs, "good", "cost_per_extra_promotion")
    assert per_promotion["value"] == pytest.approx(200.0, rel=1e-12)  # half as many
    assert (per_promotion["ci_low"], per_promotion["ci_high"]) == pytest.approx((200, 200))


def test_differences_carry_the_paired_t_interval_of_the_comparison_table(runs):
    costs = cost_table(runs, "base")
    extra = _value(costs, "good", "extra_program_cost")
    diffs = 100 * AVOIDED
    # Written out: Bonferroni over the 3 designs compared, t with n - 1 degrees of freedom.
    half = scipy_stats.t.ppf(1 - 0.05 / 3 / 2, 4) * np.std(diffs, ddof=1) / math.sqrt(5)
    assert extra["value"] == pytest.approx(diffs.mean())
    assert (extra["ci_low"], extra["ci_high"]) == pytest.approx(
        (diffs.mean() - half, diffs.mean() + half)
    )
    avoided = _value(costs, "good", "departures_avoided")
    assert avoided["value"] == pytest.approx(AVOIDED.mean())
    assert avoided["ci_low"] < AVOIDED.mean() < avoided["ci_high"]
    # The same numbers as comparison.csv (departures are lower-is-better: signs flip).
    table = stats.compare_designs(
        runs, {o: OUTCOMES[o].direction for o in ("program_cost", "departures_per_year")}, "base"
    )
    row = table[(table["design"] == "good") & (table["outcome"] == "departures_per_year")]
    assert avoided["ci_low"] == pytest.approx(-row["ci_high"].iloc[0])
    assert avoided["ci_high"] == pytest.approx(-row["ci_low"].iloc[0])
    saved = _value(costs, "good", "turnover_cost_saved")
    assert saved["value"] == pytest.approx(TURNOVER * AVOIDED.mean())
    net = _value(costs, "good", "extra_net_cost")
    assert net["value"] == pytest.approx(100 * AVOIDED.mean() - TURNOVER * AVOIDED.mean())
    assert _value(costs, "good", "program_cost")["value"] == pytest.approx(100 * AVOIDED.mean())


def test_no_ratio_where_the_design_avoids_no_departures_or_costs_less(runs):
    costs = cost_table(runs, "base")
    harmful = _value(costs, "harmful", "cost_per_departure_avoided")
    assert math.isnan(harmful["value"]) and math.isnan(harmful["ci_low"])
    assert math.isnan(harmful["ci_high"]) and harmful["note"] == NO_DEPARTURES_AVOIDED
    assert _value(costs, "harmful", "departures_avoided")["value"] == -1.0
    assert _value(costs, "harmful", "cost_per_extra_promotion")["note"] == NO_EXTRA_PROMOTIONS
    cheap = _value(costs, "cheap", "cost_per_departure_avoided")
    assert math.isnan(cheap["value"]) and cheap["note"] == COSTS_LESS
    # No extra promotion at all (exactly zero) is no extra promotion either.
    assert _value(costs, "cheap", "cost_per_extra_promotion")["note"] == NO_EXTRA_PROMOTIONS
    finite = costs["value"].dropna()
    assert np.isfinite(finite).all()  # never an infinite ratio as a value


def _fixed_cost_runs(cost: float, avoided: list[float]) -> pd.DataFrame:
    """A baseline and "new", costing ``cost`` and avoiding ``avoided`` departures a replicate."""
    n = len(avoided)
    base = _design("base", [0.0] * n, [20.0] * n, [5.0] * n)
    new = _design("new", [cost] * n, 20.0 - np.asarray(avoided), [5.0] * n)
    return pd.concat([base, new], ignore_index=True)


def _per_departure_words(costs: pd.DataFrame) -> str:
    rows = [_row("burnout_share", "new", 0.0, -0.01, 0.01, "no detectable difference")]
    return decide(pd.DataFrame(rows), costs, "new", "base", ["burnout_share"]).per_departure


def test_a_price_has_no_upper_bound_where_the_departures_avoided_may_be_zero():
    # Two replicates avoiding 1 and 8 departures: both positive, so every bootstrap resample
    # avoided some and gave a narrow price; but with one degree of freedom the interval of
    # the departures avoided spans zero, so the program may avoid none.
    costs = cost_table(_fixed_cost_runs(400.0, [1.0, 8.0]), "base")
    avoided = _value(costs, "new", "departures_avoided")
    assert avoided["ci_low"] < 0 < avoided["ci_high"]
    price = _value(costs, "new", "cost_per_departure_avoided")
    assert price["value"] == pytest.approx(400 / 4.5)
    assert price["ci_high"] == INF and price["note"] == MAY_AVOID_NO_DEPARTURES
    # The least price is the cost over the most departures the interval allows.
    assert price["ci_low"] == pytest.approx(400 / avoided["ci_high"])
    words = _per_departure_words(costs)
    assert words.startswith("$88.9k at the means, but with no upper bound (95% CI from $")
    assert words.endswith(
        "the design may avoid no departures at all (4.50 departures "
        "avoided a year, 95% CI -40.0 to +49.0)"
    )
    text = format_decisions(
        pd.DataFrame([_row("burnout_share", "new", 0.0, -0.01, 0.01, "no detectable difference")]),
        costs,
        ["burnout_share"],
        "base",
    )
    assert "cost per departure avoided: $88.9k at the means, but with no upper bound" in text


def test_a_price_is_bounded_where_the_departures_avoided_exclude_zero():
    costs = cost_table(_fixed_cost_runs(400.0, [4.0, 5.0, 4.5, 5.5]), "base")
    avoided = _value(costs, "new", "departures_avoided")
    assert avoided["ci_low"] > 0
    price = _value(costs, "new", "cost_per_departure_avoided")
    assert price["note"] == ""
    assert price["value"] == pytest.approx(400 / 4.75)
    assert price["ci_low"] < price["value"] < price["ci_high"]
    # A fixed cost over the interval of the departures avoided, end for end (Fieller).
    assert (price["ci_low"], price["ci_high"]) == pytest.approx(
        (400 / avoided["ci_high"], 400 / avoided["ci_low"])
    )
    assert _per_departure_words(costs).startswith(
        f"$84.2k (95% CI {money(400 / avoided['ci_high'])} to "
        f"{money(400 / avoided['ci_low'])}), for 4.75 departures avoided a year"
    )


def test_an_interval_that_cannot_rule_out_no_effect_has_no_upper_bound():
    # Departures avoided 3, -1, -1, 1 (mean 0.5): its interval includes zero.
    base = _design("base", [0] * 4, [10] * 4, [5] * 4)
    new = _design("new", [50] * 4, [7, 11, 11, 9], [5] * 4)
    costs = cost_table(pd.concat([base, new], ignore_index=True), "base")
    row = _value(costs, "new", "cost_per_departure_avoided")
    assert row["value"] == pytest.approx(100.0)
    assert row["ci_high"] == INF
    most = _value(costs, "new", "departures_avoided")["ci_high"]
    assert row["ci_low"] == pytest.approx(50 / most)


@pytest.mark.parametrize("seed", range(40))
def test_a_price_is_bounded_exactly_when_the_departures_avoided_exclude_zero(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(2, 7))
    runs = _fixed_cost_runs(0.0, list(rng.normal(1.0, 1.5, n)))
    runs.loc[runs["design"] == "new", "program_cost"] = rng.normal(100.0, 20.0, n)
    costs = cost_table(runs, "base")
    avoided = _value(costs, "new", "departures_avoided")
    price = _value(costs, "new", "cost_per_departure_avoided")
    if not (avoided["value"] > 0 and price["note"] != COSTS_LESS):
        assert math.isnan(price["value"])  # nothing bought: no price at all
        return
    assert (price["ci_high"] == INF) == (avoided["ci_low"] <= 0)
    assert price["ci_low"] <= price["value"] <= price["ci_high"]


def test_missing_outcomes_and_a_bad_baseline(runs):
    costs = cost_table(runs.drop(columns="promotions_per_year"), "base")
    assert _value(costs, "good", "extra_promotions")["note"] == NOT_IN_RUNS
    assert _value(costs, "good", "cost_per_extra_promotion")["note"] == NOT_IN_RUNS
    assert _value(costs, "good", "cost_per_departure_avoided")["value"] == pytest.approx(100)
    with pytest.raises(ValueError, match="baseline 'nope'"):
        cost_table(runs, "nope")


# -- standardized effects -----------------------------------------------------------------------


def test_standardized_effect_is_the_difference_over_the_pooled_replicate_spread():
    base, design = np.array([1.0, 2.0, 3.0]), np.array([3.0, 4.0, 5.0])
    assert standardized_effect(design, base) == pytest.approx(2.0)  # sd 1 in both
    assert standardized_effect(np.array([5.0, 5.0]), np.array([0.0, 0.0])) == INF
    assert standardized_effect(np.array([0.0, 0.0]), np.array([0.0, 0.0])) == 0.0
    assert math.isnan(standardized_effect(np.array([1.0]), np.array([0.0])))


def test_with_standardized_effects_adds_a_last_column(runs):
    table = stats.compare_designs(runs, {"program_cost": -1, "departures_per_year": -1}, "base")
    out = with_standardized_effects(table, runs)
    assert list(out.columns) == [*table.columns, "std_effect"]
    base_rows = out[out["design"] == "base"]
    assert (base_rows["std_effect"] == 0).all()
    harmful = out[(out["design"] == "harmful") & (out["outcome"] == "departures_per_year")]
    spread = math.sqrt((np.var(BASE_DEPARTURES, ddof=1) * 2) / 2)
    assert harmful["std_effect"].iloc[0] == pytest.approx(1 / spread)


# -- the words ----------------------------------------------------------------------------------


def test_plain_words_give_units_and_intervals():
    assert label("retention_8y") == "retention after 8 years"
    assert label("some_new_outcome") == "some new outcome"
    assert change("retention_8y", 0.031) == "+3.10 points"
    assert interval("retention_8y", 0.012, 0.05) == "95% CI +1.20 to +5.00"
    assert level("retention_8y", 0.627) == "62.7%"
    assert change("program_cost", 83.9) == "+$83.9k a year"
    assert change("net_cost", -1234.0) == "-$1,234k a year"
    assert change("departures_per_year", -0.42) == "-0.42 a year"
    assert change("time_to_promotion", -0.3) == "-0.30 years"
    row = next(
        pd.DataFrame(
            [
                {
                    "outcome": "retention_8y",
                    "diff": 0.031,
                    "ci_low": 0.012,
                    "ci_high": 0.05,
                    "reference_mean": 0.6,
                    "mean": 0.631,
                }
            ]
        ).itertuples(index=False)
    )  # a table row, as the reports pass
    assert phrase(row) == (
        "retention after 8 years +3.10 points (95% CI +1.20 to +5.00; 60.0% to 63.1%)"
    )


def _row(outcome, design, diff, low, high, verdict, effect=0.0, base=0.5):
    return dict(
        outcome=outcome,
        design=design,
        baseline="base",
        mean=base + diff,
        reference_mean=base,
        diff=diff,
        rel_diff=diff / base if base else math.nan,
        ci_low=low,
        ci_high=high,
        verdict=verdict,
        p_best=0.5,
        half_width=(high - low) / 2,
        n=5,
        variance_reduction=0.5,
        width_ratio=0.7,
        std_effect=effect,
    )


@pytest.fixture
def table() -> pd.DataFrame:
    rows = [
        _row("retention_8y", "good", 0.031, 0.012, 0.05, "better", 1.0),
        _row("mentored_share", "good", 0.2, 0.1, 0.3, "better", 3.0),
        _row("development_index", "good", 0.01, 0.005, 0.015, "better", 0.5),
        _row("promoted_assoc_10y", "good", 0.05, 0.01, 0.09, "better", 2.0),
        _row("burnout_share", "good", 0.02, 0.01, 0.03, "worse", 0.8),
        _row("program_cost", "good", 125.0, 100.0, 150.0, "worse", INF, base=0.0),
        _row("attrition_10y", "good", -0.01, -0.03, 0.01, "no detectable difference"),
        _row("promotion_ratio_women", "good", -0.05, -0.09, -0.01, "worse", 0.7, base=0.9),
        _row("promoted_assoc_10y_women", "good", 0.01, -0.02, 0.04, "no detectable difference"),
        _row("promoted_assoc_10y_men", "good", 0.06, 0.03, 0.09, "better"),
        _row("retention_ratio_urm", "good", 0.0, -0.02, 0.02, "no detectable difference", base=0.9),
        _row("median_retention_urm", "good", 0.1, -0.2, 0.4, "no detectable difference", base=10.0),
        _row(
            "median_retention_non_urm",
            "good",
            0.1,
            -0.3,
            0.5,
            "no detectable difference",
            base=11.0,
        ),
    ]
    return pd.DataFrame(rows)


OUTCOMES_SHOWN = [
    "retention_8y",
    "mentored_share",
    "development_index",
    "promoted_assoc_10y",
    "burnout_share",
    "program_cost",
    "attrition_10y",
    "promotion_ratio_women",
]


def test_gains_and_losses_are_ranked_counted_and_leave_costs_out(runs, table):
    costs = cost_table(runs, "base")
    d = decide(table, costs, "good", "base", OUTCOMES_SHOWN, replacement_cost=TURNOVER)
    assert [g.split(" +")[0] for g in d.gains] == [
        "assistant professors with a mentor",
        "promotion to associate within 10 years",
        "retention after 8 years",
    ]  # by standardized effect, not by the table's order
    assert d.more_gains == 1  # development_index: four gains, three shown
    # program_cost is worse with an infinite effect, yet it is a cost line, not a loss.
    assert [loss.split(" ")[0] for loss in d.losses] == ["faculty", "promotion,"]
    assert d.more_losses == 0
    assert d.headline == (
        "Better on assistant professors with a mentor and promotion to "
        "associate within 10 years; worse on faculty burnout and "
        "promotion, women to men (ratio); program cost +$120k a year; net cost (program "
        "plus turnover) -$180k a year."
    )
    assert d.per_departure.startswith(
        "$100k (95% CI $100k to $100k), for 1.20 departures avoided a year"
    )
    assert d.per_departure.endswith("; refilling a position costs $250k")
    assert d.per_promotion.startswith("$200k (95% CI $200k to $200k), for 0.60 extra")
    assert d.worsens == (
        "it worsens faculty burnout and promotion, women to men (ratio); it "
        "also costs $120k a year more to run"
    )
    html_text, md_text = decision_block([d])
    assert md_text.startswith(f"**good** against base: {d.headline}\n")
    assert (
        "- **Largest gains**: the 3 largest of 4, costs aside (all in the differences "
        "table)\n  1. assistant professors with a mentor +20.0 points"
    ) in md_text
    assert '<div class="decision">' in html_text and html_text.count("<ol>") == 2


def test_who_gains_follows_the_equity_ratio_and_the_groups_changes(runs, table):
    d = decide(table, cost_table(runs, "base"), "good", "base", OUTCOMES_SHOWN)
    promotion, retention = d.who_gains
    assert promotion.startswith(
        "promotion: women gain less than men (women +1.00 points; "
        "men +6.00 points; ratio women/men from 0.90 to 0.85, worse)"
    )
    assert retention.startswith("retention: no detectable change for URM or non-URM")
    # Where no ratio is measurable (short runs), it is said once, not per measure.
    short = table.assign(diff=table["diff"].where(~table["outcome"].str.contains("ratio")))
    d = decide(short, cost_table(runs, "base"), "good", "base", OUTCOMES_SHOWN)
    assert d.who_gains == []
    assert "- **Who gains**: not measurable in these runs" in decision_block([d])[1]


def test_a_design_that_avoids_no_departures_says_so(runs):
    rows = [_row("burnout_share", "harmful", 0.02, 0.01, 0.03, "worse", 0.8)]
    d = decide(pd.DataFrame(rows), cost_table(runs, "base"), "harmful", "base", ["burnout_share"])
    assert d.gains == [] and d.per_departure.startswith(
        "no departures avoided (departures +1.00 a year against base"
    )
    assert d.per_promotion.startswith("no extra promotions (promotions -1.00 a year")
    assert "-" not in d.per_departure.split("(")[0] and "inf" not in d.per_departure
    assert d.headline.startswith("No detectable gain; worse on faculty burnout")
    cheap = decide(
        pd.DataFrame(
            [_row("burnout_share", "cheap", 0.0, -0.01, 0.01, "no detectable difference")]
        ),
        cost_table(runs, "base"),
        "cheap",
        "base",
        ["burnout_share"],
    )
    assert cheap.per_departure.startswith("none: 1.00 departures avoided a year (95% CI")
    assert cheap.per_departure.endswith("at a lower program cost")
    assert cheap.headline.startswith("No detectable difference from base")
    assert cheap.worsens == "it worsens nothing detectably"


def test_the_terminal_block_gives_top_gain_top_loss_and_cost_per_departure(runs, table):
    text = format_decisions(table, cost_table(runs, "base"), OUTCOMES_SHOWN, "base")
    lines = text.splitlines()
    assert lines[0].startswith("Decision summary, each design against the design named beside it")
    assert lines[1:] == [
        "  good (against base):",
        "    top gain: assistant professors with a mentor +20.0 points (95% CI +10.0 to "
        "+30.0; 50.0% to 70.0%)",
        "    top loss: faculty burnout +2.00 points (95% CI +1.00 to +3.00; 50.0% to 52.0%)",
        "    cost per departure avoided: $100k (95% CI $100k to $100k), for 1.20 departures "
        "avoided a year (95% CI +0.19 to +2.21)",
    ]  # t(4) at 1 - 0.05 / 6: half-width 1.01

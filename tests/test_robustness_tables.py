"""Robustness of a ranking across a sample of assumptions, on hand-built sweeps.

The runs are written by hand so every figure has a known answer: a design better by a fixed
amount everywhere, one better only above a threshold of the varied parameter, and an outcome
where lower is better.
"""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest

from sim import workflows
from sim.experiment.resume import OverwriteError
from sim.experiment.robustness import (
    COLUMNS,
    DRIVER_COLUMNS,
    adjust_drivers,
    benjamini_hochberg,
    robustness_tables,
    verdict,
)

POINTS, REPS = 10, 4
KEY = "mentors.willing_share"
X = np.linspace(0.0, 1.0, POINTS)  # the varied parameter
NOISE = np.random.default_rng(0).normal(0.0, 1e-4, size=(3, POINTS, REPS))


def sweep(outcomes: dict[str, dict[str, np.ndarray]], reps: int = REPS):
    """(resolved, runs, points) of a sweep whose outcome values are given per design."""
    rows = []
    designs = list(next(iter(outcomes.values())))
    for design in designs:
        for point in range(POINTS):
            for r in range(reps):
                row = {"design": design, "point": point, "replicate": r, KEY: X[point]}
                row.update({o: values[design][point, r] for o, values in outcomes.items()})
                rows.append(row)
    resolved = {
        "designs": [{"name": d} for d in designs],
        "baseline": designs[0],
        "varied": [{"key": KEY, "role": "uncertainty"}],
        "outcomes": list(outcomes),
        "name": "hand_built",
        "sampler": {"method": "lhs"},
        "replicates": reps,
    }
    points = pd.DataFrame({"point": range(POINTS), KEY: X})
    return resolved, pd.DataFrame(rows), points


def grid(values: np.ndarray, noise: np.ndarray, reps: int = REPS) -> np.ndarray:
    """(points, reps): the per-point value repeated over replicates, plus small noise."""
    return np.repeat(values[:, None], reps, axis=1) + noise[:, :reps]


@pytest.fixture(scope="module")
def hand_built():
    """The (resolved, runs, points) of the hand-built sweep."""
    base = 0.5 + 0.1 * X
    shares = {
        "baseline": grid(base, NOISE[0]),
        "good": grid(base + 0.1, NOISE[1]),  # better everywhere
        "mixed": grid(base + (X - 0.45), NOISE[2]),  # better where X > 0.45
    }
    attrition = {
        "baseline": grid(0.06 + 0 * X, NOISE[0]),
        "good": grid(0.05 + 0 * X, NOISE[1]),  # lower is better: better everywhere
        "mixed": grid(0.07 + 0 * X, NOISE[2]),  # worse everywhere
    }
    # faculty_size has no preferred direction: no rows at all.
    size = {d: grid(400 + 0 * X, NOISE[0]) for d in shares}
    return sweep({"mentored_share": shares, "annual_attrition": attrition, "faculty_size": size})


@pytest.fixture(scope="module")
def tables(hand_built):
    return robustness_tables(*hand_built)


def row(table: pd.DataFrame, outcome: str, design: str) -> pd.Series:
    found = table[(table["outcome"] == outcome) & (table["design"] == design)]
    assert len(found) == 1
    return found.iloc[0]


def test_columns_and_rows(tables):
    robustness, drivers = tables
    assert list(robustness.columns) == list(COLUMNS)
    assert list(drivers.columns) == list(DRIVER_COLUMNS)
    # Two directed outcomes x (two designs + the baseline's row); none for faculty_size.
    assert len(robustness) == 6 and "faculty_size" not in set(robustness["outcome"])
    assert len(drivers) == 4  # two outcomes x two designs x one parameter


def test_a_design_better_everywhere(tables):
    good = row(tables[0], "mentored_share", "good")
    assert good["share_better"] == 1.0 and good["share_clearly_better"] == 1.0
    assert good["share_clearly_worse"] == 0.0
    assert good["verdict"] == "better at every point"
    assert good["mean_diff"] == pytest.approx(0.1, abs=1e-3)
    assert good["points"] == POINTS
    # "mixed" beats it where X - 0.45 > 0.1, at X > 0.55: 5/9 to 9/9, 5 of the 10 points.
    assert good["share_first"] == pytest.approx(0.5)
    assert row(tables[0], "mentored_share", "mixed")["share_first"] == pytest.approx(0.5)


def test_a_design_better_above_a_threshold_depends_on_the_assumptions(tables):
    mixed = row(tables[0], "mentored_share", "mixed")
    assert mixed["share_better"] == pytest.approx(float(np.mean(X > 0.45)))  # 5 of 10
    assert mixed["verdict"] == "depends on the assumptions"
    assert mixed["diff_p05"] < 0 < mixed["diff_p95"]
    driver = tables[1].query("outcome == 'mentored_share' and design == 'mixed'").iloc[0]
    assert driver["spearman"] == pytest.approx(1.0)
    assert driver["ks"] == pytest.approx(1.0)  # wins and losses do not overlap in X
    assert driver["spearman"] > driver["spearman_chance"] and driver["stands_out"]


def test_lower_is_better_is_read_the_right_way_round(tables):
    good = row(tables[0], "annual_attrition", "good")
    mixed = row(tables[0], "annual_attrition", "mixed")
    assert good["direction"] == "lower" and good["share_better"] == 1.0
    assert good["mean_diff"] == pytest.approx(-0.01, abs=1e-3)  # in the outcome's own units
    assert mixed["share_better"] == 0.0 and mixed["verdict"] == "worse at every point"
    assert mixed["share_clearly_worse"] == 1.0
    baseline = row(tables[0], "annual_attrition", "baseline")
    assert baseline["verdict"] == "baseline" and math.isnan(baseline["share_better"])
    assert baseline["share_first"] == 0.0
    # A design better or worse everywhere has no split to explain: no KS test.
    assert tables[1].query("outcome == 'annual_attrition'")["ks"].isna().all()


def test_one_replicate_is_never_clearly_better():
    base = grid(0.5 + 0 * X, NOISE[0], reps=1)
    resolved, runs, points = sweep(
        {"mentored_share": {"baseline": base, "good": base + 0.1}}, reps=1
    )
    robustness, _ = robustness_tables(resolved, runs, points)
    good = row(robustness, "mentored_share", "good")
    assert good["share_better"] == 1.0 and good["share_clearly_better"] == 0.0


@pytest.mark.parametrize(
    ("share", "words"),
    [
        (1.0, "better at every point"),
        (0.8, "better at most points"),
        (0.5, "depends on the assumptions"),
        (0.2, "worse at most points"),
        (0.0, "worse at every point"),
    ],
)
def test_verdict_words(share, words):
    assert verdict(share) == words


def test_benjamini_hochberg_by_hand():
    # Sorted 0.01, 0.03, 0.04 of m = 3: 0.01 * 3/1, then min(0.03 * 3/2, 0.04 * 3/3).
    q = benjamini_hochberg(np.array([0.01, 0.04, 0.03, np.nan]))
    np.testing.assert_allclose(q[:3], [0.03, 0.04, 0.04])
    assert math.isnan(q[3])
    assert np.isnan(benjamini_hochberg(np.array([np.nan]))).all()


def test_every_test_of_a_sweep_is_one_family():
    """Twenty drivers at p = 0.04 stand out alone, not as a family of forty tests."""
    drivers = pd.DataFrame(
        {"spearman_p": np.full(20, 0.04), "ks_p": np.full(20, 0.5)},
    )
    adjusted = adjust_drivers(drivers)
    # Forty tests: sorted, 0.04 ranks 20th of 40, q = 0.04 * 40 / 20 = 0.08.
    np.testing.assert_allclose(adjusted["spearman_q"], 0.08)
    assert not adjusted["stands_out"].any()
    one = adjust_drivers(pd.DataFrame({"spearman_p": [0.001], "ks_p": [0.9]}))
    assert bool(one["stands_out"].iloc[0])


def test_the_robustness_command_writes_its_tables_and_report(hand_built, tmp_path):
    """``mentorsim robustness DIR`` on a sweep folder: tables, report, and no silent rewrite."""
    resolved, runs, points = hand_built
    (tmp_path / "experiment.json").write_text(json.dumps(resolved))
    runs.to_parquet(tmp_path / "runs.parquet")
    points.to_parquet(tmp_path / "points.parquet")
    table, drivers = workflows.robustness(tmp_path)
    expected = robustness_tables(resolved, runs, points)
    pd.testing.assert_frame_equal(table, expected[0])
    pd.testing.assert_frame_equal(pd.read_csv(tmp_path / "robustness.csv"), table)
    assert len(pd.read_csv(tmp_path / "robustness_drivers.csv")) == len(drivers)
    report = (tmp_path / "robustness" / "report.md").read_text()
    assert (tmp_path / "robustness" / "report.html").is_file()
    for name in ("good", "mixed", KEY, "depends on the assumptions"):
        assert name in report, name
    # The design whose verdict depends on the assumptions is drawn against its driver.
    figures = {p.name for p in (tmp_path / "robustness").rglob("*.png")}
    assert any("mixed" in name for name in figures), figures
    # The same runs give the same tables, which may be written again; other runs are refused.
    workflows.robustness(tmp_path)
    runs.assign(mentored_share=runs["mentored_share"] * 0.5).to_parquet(tmp_path / "runs.parquet")
    with pytest.raises(OverwriteError, match="robustness"):
        workflows.robustness(tmp_path)
    workflows.robustness(tmp_path, force=True)

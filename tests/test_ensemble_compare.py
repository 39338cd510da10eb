"""Comparisons that carry the ensemble: common random numbers hold, noise splits from evidence."""

import numpy as np
import pandas as pd
import pytest

from sim.experiment.compare import plan, run_comparison
from sim.experiment.ensemble import Ensemble, member_of
from sim.experiment.ensemble_stats import ENSEMBLE_COLUMNS, ensemble_row
from sim.experiment.options import RunOptions
from sim.scenario import Scenario

#: Three members that differ in a parameter that moves many outcomes.
ENSEMBLE = Ensemble(
    ("career.attrition_rate", "mentors.willing_share"),
    np.array([[0.03, 0.2], [0.08, 0.3], [0.05, 0.1]]),
    {},
    "test",
)


def tiny(name: str, **levers) -> Scenario:
    return Scenario().replace(
        **{"institution.initial_size": 150, "years": 12, "name": name, **levers}
    )


def test_a_copy_of_a_design_differs_by_exactly_zero_with_the_ensemble(tmp_path):
    designs = [
        tiny("a"),
        tiny("a_copy"),
        tiny("b", **{"program.formal": True, "program.policy": "compatibility"}),
    ]
    planned = plan(designs, reps=6, outcomes=["mentored_share", "annual_attrition"])
    result = run_comparison(
        planned,
        seed=3,
        options=RunOptions(workers=1, out_dir=tmp_path, progress=False),
        ensemble=ENSEMBLE,
    )
    runs = pd.read_parquet(tmp_path / "runs.parquet")
    a = runs[runs["design"] == "a"].drop(columns="design").reset_index(drop=True)
    copy = runs[runs["design"] == "a_copy"].drop(columns="design").reset_index(drop=True)
    pd.testing.assert_frame_equal(a, copy)
    # Replicates ran different members: members 0 and 1 differ in attrition.
    by_rep = a.set_index("replicate")["annual_attrition"]
    assert by_rep[0] != by_rep[2]
    assert [member_of(r, 3) for r in range(6)] == [0, 0, 1, 1, 2, 2]
    table = pd.read_csv(tmp_path / "comparison.csv")
    assert set(ENSEMBLE_COLUMNS) <= set(table.columns)
    rows = table[(table["design"] == "a_copy") & table["ensemble_ci_low"].notna()]
    assert len(rows) > 10
    assert (rows["diff"] == 0).all()
    assert (rows["ensemble_ci_low"] == 0).all() and (rows["ensemble_ci_high"] == 0).all()
    assert (rows["ensemble_verdict"] == "no detectable difference").all()
    b = result.table[(result.table["design"] == "b") & result.table["ensemble_ci_low"].notna()]
    assert len(b) > 10 and (b["ensemble_members"] == 3).all()
    assert result.table[result.table["design"] == "a"]["ensemble_verdict"].eq("baseline").all()


def test_without_the_ensemble_the_table_keeps_its_columns(tmp_path):
    planned = plan([tiny("a"), tiny("b")], reps=2, outcomes=["mentored_share"])
    result = run_comparison(
        planned, seed=3, options=RunOptions(workers=1, out_dir=tmp_path, progress=False)
    )
    assert not set(ENSEMBLE_COLUMNS) & set(result.table.columns)


def _members(n: int, slope: float, noise: float, seed: int = 0) -> tuple:
    """Paired differences: member m's true effect is slope * (its parameter - 0.5)."""
    rng = np.random.default_rng(seed)
    values = rng.uniform(0, 1, size=(n, 2))
    ensemble = Ensemble(("x.a", "x.b"), values, {}, "")
    reps = np.arange(2 * n)
    effects = np.array([slope * (values[member_of(r, n), 0] - 0.5) for r in reps])
    return ensemble, reps, effects + rng.normal(0, noise, size=len(reps))


def test_a_verdict_that_flips_with_a_parameter_depends_on_it():
    ensemble, reps, diffs = _members(40, slope=2.0, noise=0.01)
    row = ensemble_row(diffs + 0.2, reps, ensemble, direction=1, confidence=0.95, n_comparisons=1)
    assert row["ensemble_verdict"] == "depends on x.a"
    assert row["hinges_on"].startswith("x.a (+")
    assert row["parameter_share"] > 0.95
    assert 0.3 < row["share_members_better"] < 0.9


def test_a_verdict_that_holds_across_members_stays_and_noise_is_told_apart():
    ensemble, reps, diffs = _members(40, slope=0.0, noise=0.5)
    row = ensemble_row(diffs + 1.0, reps, ensemble, direction=1, confidence=0.95, n_comparisons=1)
    assert row["ensemble_verdict"] == "better"
    assert row["noise_share"] > 0.7
    assert row["ensemble_ci_low"] > 0


@pytest.mark.parametrize("direction, expected", [(1, "worse"), (-1, "better"), (0, "lower")])
def test_direction_decides_the_word(direction, expected):
    ensemble, reps, diffs = _members(20, slope=0.0, noise=0.1)
    row = ensemble_row(diffs - 1.0, reps, ensemble, direction, 0.95, 1)
    assert row["ensemble_verdict"] == expected

"""Policies x scenarios: levers crossed into policies, each on the same scenarios and seeds.

Regret and satisficing are checked against a small example computed by hand; the policies'
shared scenarios and seeds against a real sweep.
"""

import tomllib
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from sim.cli import main
from sim.experiment.options import RunOptions
from sim.experiment.policies import policy_tables
from sim.experiment.sweep import ExperimentError, run_sweep
from sim.experiment.sweep.spec import from_dict

RAW = {
    "name": "rdm",
    "designs": ["baseline", "single_mentor"],
    "replicates": 2,
    "years": 6,
    "outcomes": ["mentored_share", "burnout_share"],
    "set": {"institution.initial_size": 60},
    "levers": {"program.protected_hours_per_week": {"values": [0.0, 4.0]}},
    "uncertainties": {"mentors.skill_mean": "plausible"},
    "sampler": {"method": "lhs", "n": 2},
    "policies": {"measure": "max_regret", "thresholds": {"mentored_share": 0.3}},
}


def experiment(tmp_path: Path, **policies):
    raw = {**RAW, "policies": {**RAW["policies"], **policies}}
    return from_dict(raw, source="rdm.toml", base=tmp_path)


def test_levers_are_crossed_into_policies_and_only_uncertainties_are_sampled(tmp_path):
    exp = experiment(tmp_path)
    names = [d.name for d in exp.designs]
    assert names == [
        "baseline[protected_hours_per_week=0]",
        "baseline[protected_hours_per_week=4]",
        "single_mentor[protected_hours_per_week=0]",
        "single_mentor[protected_hours_per_week=4]",
    ]
    assert exp.keys == ["mentors.skill_mean"]  # the levers are not sampled with the scenarios
    assert exp.baseline == names[0]
    assert exp.design(names[3]).scenario.program.protected_hours_per_week == 4.0
    assert exp.policies.design_of[names[3]] == "single_mentor"
    assert exp.resolved()["policies"]["policies"][names[1]] == {
        "program.protected_hours_per_week": 4.0
    }
    raw = {
        **RAW,
        "levers": {"program.protected_hours_per_week": [0.0, 4.0]},
        "policies": {"levers": "lhs", "n": 3},
    }
    lhs = from_dict(raw, source="rdm.toml", base=tmp_path)
    assert len(lhs.designs) == 6  # 2 designs x 3 lever points
    hours = {d.scenario.program.protected_hours_per_week for d in lhs.designs}
    assert len(hours) == 3 and all(0.0 <= h <= 4.0 for h in hours)


@pytest.mark.parametrize(
    ("policies", "message"),
    [
        ({"measure": "max-regret"}, "did you mean 'max_regret'"),
        ({"thresholds": {"attrition_10y": 0.1}}, "not among the experiment's outcomes"),
        ({"levers": "lhs"}, "policies.n is missing"),
        ({"measure": "satisficing", "thresholds": {}}, "needs [policies.thresholds]"),
        ({"colour": 1}, "unknown key 'colour'"),
    ],
)
def test_a_bad_policies_table_is_refused_naming_the_key(tmp_path, policies, message):
    raw = {**RAW, "policies": {**RAW["policies"], **policies}}
    if "thresholds" in policies:
        raw["policies"]["thresholds"] = policies["thresholds"]
    with pytest.raises(ExperimentError, match="rdm.toml: policies") as err:
        from_dict(raw, source="rdm.toml", base=tmp_path)
    assert message in str(err.value)


def test_every_policy_runs_on_the_same_scenarios_and_seeds(tmp_path):
    exp = experiment(tmp_path)
    result = run_sweep(exp, RunOptions(out_dir=tmp_path / "out", workers=1))
    runs = result.table("runs")
    assert runs["design"].nunique() == 4
    key = ["point", "replicate"]
    per_policy = [
        group.sort_values(key)[[*key, "seed", "mentors.skill_mean"]].reset_index(drop=True)
        for _, group in runs.groupby("design")
    ]
    for other in per_policy[1:]:
        pd.testing.assert_frame_equal(per_policy[0], other)
    # Levers are part of each policy, not sampled columns; the policy's scenario carries them.
    assert "program.protected_hours_per_week" not in runs.columns
    written = tomllib.loads(
        (
            tmp_path / "out" / "scenarios" / "single_mentor[protected_hours_per_week=4].toml"
        ).read_text()
    )
    assert written["program"]["protected_hours_per_week"] == 4.0
    # The command ranks them by the measure asked for and writes the tables and report.
    assert main(["policies", str(tmp_path / "out"), "--measure", "mean_regret"]) == 0
    table = pd.read_csv(tmp_path / "out" / "policies.csv")
    assert set(table["policy"]) == set(runs["design"])
    assert (table["mean_regret"] >= 0).all() and (table["rank"] >= 1).all()
    assert (tmp_path / "out" / "policies" / "report.html").exists()
    assert main(["policies", str(tmp_path / "out"), "--measure", "best"]) == 2


def hand_runs() -> tuple[dict, pd.DataFrame, pd.DataFrame]:
    """Three policies in four scenarios, one replicate, values chosen to compute by hand."""
    attrition = {  # lower is better
        "p0": [0.10, 0.20, 0.30, 0.10],
        "p1": [0.15, 0.15, 0.15, 0.15],
        "p2": [0.05, 0.25, 0.40, 0.05],
    }
    mentored = {  # higher is better
        "p0": [0.5, 0.5, 0.5, 0.5],
        "p1": [0.6, 0.4, 0.6, 0.4],
        "p2": [0.9, 0.1, 0.9, 0.1],
    }
    runs = pd.DataFrame(
        [
            {
                "design": p,
                "point": s,
                "replicate": 0,
                "attrition_10y": attrition[p][s],
                "mentored_share": mentored[p][s],
            }
            for p in attrition
            for s in range(4)
        ]
    )
    resolved = {
        "designs": [{"name": p} for p in attrition],
        "outcomes": ["attrition_10y", "mentored_share"],
        "policies": {
            "measure": "max_regret",
            "thresholds": {"attrition_10y": 0.12, "mentored_share": 0.45},
            "design_of": {p: "d" for p in attrition},
        },
    }
    return resolved, runs, pd.DataFrame({"point": range(4)})


def test_regret_and_satisficing_match_the_hand_computed_example():
    resolved, runs, points = hand_runs()
    table, joint = policy_tables(resolved, runs, points)
    attrition = table[table["outcome"] == "attrition_10y"].set_index("policy")
    # Best per scenario: 0.05, 0.15, 0.15, 0.05. Regrets: p0 .05 .05 .15 .05; p1 .10 0 0 .10;
    # p2 0 .10 .25 0.
    np.testing.assert_allclose(attrition["mean_regret"], [0.075, 0.05, 0.0875])
    np.testing.assert_allclose(attrition["max_regret"], [0.15, 0.10, 0.25])
    np.testing.assert_allclose(attrition["satisficing"], [0.5, 0.0, 0.5])  # <= 0.12
    assert attrition["rank"].tolist() == [2, 1, 3]  # by max regret: p1, p0, p2
    np.testing.assert_allclose(
        attrition["worst_decile"],
        np.quantile(
            [[0.10, 0.15, 0.05], [0.20, 0.15, 0.25], [0.30, 0.15, 0.40], [0.10, 0.15, 0.05]],
            0.9,
            axis=0,
        ),
    )
    mentored = table[table["outcome"] == "mentored_share"].set_index("policy")
    np.testing.assert_allclose(mentored["max_regret"], [0.4, 0.3, 0.4])
    np.testing.assert_allclose(mentored["satisficing"], [1.0, 0.5, 0.5])  # >= 0.45
    # Every threshold at once: p0 meets both in scenarios 0 and 3, p2 only in scenario 0.
    np.testing.assert_allclose(joint.set_index("policy")["satisficing_all"], [0.5, 0.0, 0.25])
    assert joint["rank"].tolist() == [1, 3, 2]
    # The user picks another measure: satisficing ranks p0 and p2 first together.
    by_share, _ = policy_tables(resolved, runs, points, measure="satisficing")
    ranks = by_share[by_share["outcome"] == "attrition_10y"]["rank"].tolist()
    assert ranks == [1, 3, 1]
    by_mean, _ = policy_tables(resolved, runs, points, measure="mean")
    assert by_mean[by_mean["outcome"] == "attrition_10y"]["rank"].tolist() == [2, 1, 3]

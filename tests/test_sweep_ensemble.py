"""``sweep --ensemble``: calibrated parameters from the members, the rest from their ranges."""

import numpy as np
import pandas as pd
import pytest

from sim.cli import main
from sim.experiment.ensemble import Ensemble
from sim.experiment.options import RunOptions
from sim.experiment.runner import SerialExecutor
from sim.experiment.sweep.ensemble import with_ensemble
from sim.experiment.sweep.rules import ExperimentError
from sim.experiment.sweep.runner import run_sweep
from sim.experiment.sweep.samplers import draw_points
from sim.experiment.sweep.spec import from_dict
from sim.scenario.shipped import shipped

RAW = {
    "name": "carried",
    "designs": ["baseline", "single_mentor"],
    "replicates": 2,
    "years": 6,
    "outcomes": ["mentored_share"],
    "set": {"institution.initial_size": 80},
    "uncertainties": {"mentors.skill_mean": "plausible", "career.self_growth_rate": "plausible"},
    "sampler": {"method": "lhs", "n": 5, "seed": 3},
}
#: Calibrated: one the file varies, one it does not, and one a design sets (its lever).
ENSEMBLE = Ensemble(
    ("mentors.skill_mean", "career.attrition_rate", "program.mentors_per_mentee"),
    np.array([[0.41, 0.030, 2.0], [0.52, 0.050, 2.0], [0.63, 0.070, 2.0]]),
    file="members.toml",
)


def experiment(tmp_path, **changes):
    return from_dict({**RAW, **changes}, source="carried.toml", base=tmp_path)


def test_points_take_the_calibrated_parameters_from_the_members(tmp_path):
    carried = with_ensemble(experiment(tmp_path), ENSEMBLE)
    points, unit = draw_points(carried)
    member = np.arange(5) % 3
    np.testing.assert_array_equal(points["mentors.skill_mean"], ENSEMBLE.values[member, 0])
    np.testing.assert_array_equal(points["career.attrition_rate"], ENSEMBLE.values[member, 1])
    # The uncalibrated uncertainty is still a Latin hypercube of its plausible range (one
    # point per fifth of it); a design's lever is left alone.
    share = (points["career.self_growth_rate"].to_numpy() - 0.25) / 0.5
    assert sorted(np.floor(share * 5).astype(int)) == [0, 1, 2, 3, 4]
    assert "program.mentors_per_mentee" not in points
    # The unit sample describes the points run: the members' values on their range.
    np.testing.assert_allclose(unit[:, 0], (ENSEMBLE.values[member, 0] - 0.41) / (0.63 - 0.41))
    np.testing.assert_allclose(unit[:, 1], share)
    assert carried.resolved()["ensemble"]["members"] == 3
    assert "ensemble" not in experiment(tmp_path).resolved()


def test_every_design_at_a_point_runs_the_same_member_on_the_same_seeds(tmp_path):
    twin = tmp_path / "twin.toml"
    shipped_baseline = shipped()["baseline"].read_text()
    twin.write_text(shipped_baseline.replace('name = "baseline"', 'name = "twin"'))
    exp = with_ensemble(experiment(tmp_path, designs=["baseline", "twin.toml"]), ENSEMBLE)
    result = run_sweep(exp, RunOptions(out_dir=tmp_path / "out"), executor=SerialExecutor())
    runs = result.table("runs")
    base = runs[runs["design"] == "baseline"].set_index(["point", "replicate"]).sort_index()
    copy = runs[runs["design"] == "twin"].set_index(["point", "replicate"]).sort_index()
    assert len(base) == 10
    member = base.index.get_level_values("point").to_numpy() % 3
    np.testing.assert_array_equal(base["career.attrition_rate"], ENSEMBLE.values[member, 1])
    np.testing.assert_array_equal(base["career.attrition_rate"], copy["career.attrition_rate"])
    # A copy of a design differs from it by exactly zero (common random numbers hold).
    np.testing.assert_array_equal(base["mentored_share"], copy["mentored_share"])
    np.testing.assert_array_equal(base["attrition_10y"].isna(), copy["attrition_10y"].isna())


@pytest.mark.parametrize("method", ["morris", "grid"])
def test_samplers_that_cannot_carry_members_are_refused(tmp_path, method):
    sampler = {"method": method, "n": 2} if method == "morris" else {"method": "grid"}
    with pytest.raises(ExperimentError) as err:
        with_ensemble(experiment(tmp_path, sampler=sampler), ENSEMBLE)
    text = str(err.value)
    assert "\n" not in text
    assert text.startswith(f"carried.toml: sampler.method = {method!r} cannot carry --ensemble")


def test_policies_share_each_scenarios_member_and_seed(tmp_path, capsys):
    """Policies x scenarios (the robustness of policies): scenario p runs member p mod n."""
    twin = tmp_path / "twin.toml"
    shipped_single = shipped()["single_mentor"].read_text()
    twin.write_text(shipped_single.replace('name = "single_mentor"', 'name = "twin"'))
    raw = {
        **RAW,
        "designs": ["single_mentor", "twin.toml"],
        "replicates": 1,
        "sampler": {"method": "lhs", "n": 4, "seed": 3},
        "levers": {"program.protected_hours_per_week": {"values": [0.0, 4.0]}},
        "policies": {"measure": "max_regret"},
    }
    exp = with_ensemble(from_dict(raw, source="carried.toml", base=tmp_path), ENSEMBLE)
    result = run_sweep(exp, RunOptions(out_dir=tmp_path / "out"), executor=SerialExecutor())
    runs = result.table("runs").set_index(["point", "replicate"]).sort_index()
    policies = sorted(runs["design"].unique())
    assert len(policies) == 4
    columns = ["seed", "mentors.skill_mean", "career.attrition_rate", "career.self_growth_rate"]
    first = runs[runs["design"] == policies[0]]
    member = first.index.get_level_values("point").to_numpy() % 3
    np.testing.assert_array_equal(first["career.attrition_rate"], ENSEMBLE.values[member, 1])
    for policy in policies[1:]:
        pd.testing.assert_frame_equal(runs[runs["design"] == policy][columns], first[columns])
    # A copy of a policy differs from it by exactly zero.
    for hours in ("0", "4"):
        own = runs[runs["design"] == f"single_mentor[protected_hours_per_week={hours}]"]
        copy = runs[runs["design"] == f"twin[protected_hours_per_week={hours}]"]
        np.testing.assert_array_equal(own["mentored_share"], copy["mentored_share"])
    # The lever is the policies' (the member's value of a calibrated lever is not used).
    assert "program.protected_hours_per_week" not in runs.columns
    # The analyses of the finished folder say that its scenarios carried the members.
    for command in ("policies", "robustness"):
        assert main([command, str(tmp_path / "out")]) == 0
        shown = capsys.readouterr().out
        assert "scenario p runs member p mod 3 of members.toml" in shown

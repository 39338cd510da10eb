"""``search --ensemble``: every candidate runs the same scenarios, members and seeds."""

import json

import numpy as np
import pandas as pd
import pytest

from sim.cli import main
from sim.experiment.ensemble import Ensemble
from sim.experiment.runner import SerialExecutor
from sim.experiment.search import _outcomes, model_evaluator, scenario_overrides
from sim.experiment.sweep.spec import from_dict
from sim.rng import replicate_seeds

RAW = {
    "name": "searched",
    "designs": ["single_mentor"],
    "replicates": 4,
    "seed": 5,
    "years": 6,
    "outcomes": ["mentored_share", "program_cost"],
    "set": {"institution.initial_size": 60},
    "levers": {"program.protected_hours_per_week": [0.0, 8.0]},
    "search": {
        "objectives": ["mentored_share", "program_cost"],
        "trials": 2,
        "population": 2,
        "confirm_replicates": 1,
    },
}
#: Calibrated: one the file varies as an uncertainty, one it does not, and one the search's
#: lever (left to the candidates).
ENSEMBLE = Ensemble(
    ("mentors.skill_mean", "career.attrition_rate", "program.protected_hours_per_week"),
    np.array([[0.41, 0.030, 1.0], [0.52, 0.050, 2.0], [0.63, 0.070, 3.0]]),
    file="members.toml",
)
ENSEMBLE_TOML = (
    'parameters = ["mentors.skill_mean", "career.attrition_rate"]\n'
    "members = [[0.41, 0.030], [0.52, 0.050], [0.63, 0.070]]\n"
)


def experiment(tmp_path, **changes):
    return from_dict({**RAW, **changes}, source="searched.toml", base=tmp_path)


def test_replicate_r_runs_member_r_mod_n_and_the_uncertainties_from_their_ranges(tmp_path):
    exp = experiment(tmp_path, uncertainties={"career.self_growth_rate": "plausible"})
    seeds = replicate_seeds(exp.seed, exp.replicates)
    found = scenario_overrides(exp, seeds, exp.sampler.seed, ENSEMBLE)
    assert list(found) == seeds
    for r, seed in enumerate(seeds):
        member = ENSEMBLE.member(r % 3)
        assert found[seed]["mentors.skill_mean"] == member["mentors.skill_mean"]
        assert found[seed]["career.attrition_rate"] == member["career.attrition_rate"]
        # The lever is the candidates' to set, not the scenario's.
        assert "program.protected_hours_per_week" not in found[seed]
    # The uncalibrated uncertainty is a Latin hypercube of its plausible range (0.25 to 0.75).
    share = [(found[s]["career.self_growth_rate"] - 0.25) / 0.5 for s in seeds]
    assert sorted(np.floor(np.array(share) * 4).astype(int)) == [0, 1, 2, 3]
    # Without uncertainties or an ensemble every replicate runs the design's own values.
    assert scenario_overrides(experiment(tmp_path), seeds, 0, None) is None


def test_every_candidate_runs_the_same_scenario_on_the_same_seed(tmp_path):
    exp = experiment(tmp_path, replicates=2)
    base = exp.designs[0].scenario
    seeds = replicate_seeds(exp.seed, exp.replicates)
    scenarios = scenario_overrides(exp, seeds, exp.sampler.seed, ENSEMBLE)
    evaluate = model_evaluator(base, SerialExecutor(), scenarios)
    lever = {"program.protected_hours_per_week": 4.0}
    own, copy, other = evaluate([lever, dict(lever), {}], seeds)
    # A copy of a candidate differs from it by exactly zero (common random numbers hold).
    pd.testing.assert_frame_equal(own, copy)
    # Each replicate ran its member's scenario with the candidate's lever on its seed.
    for r, seed in enumerate(seeds):
        ran = _outcomes(base.replace(**{**ENSEMBLE.member(r), **lever}), seed, r)
        assert own.iloc[r].to_dict() == pytest.approx(ran, nan_ok=True)
    # The members matter: the same candidate without them gives other outcomes.
    plain = model_evaluator(base, SerialExecutor())([lever], seeds)[0]
    assert not plain.equals(own)
    assert not other.equals(own)


def test_the_search_command_carries_the_ensemble_and_records_it(tmp_path, capsys):
    path = tmp_path / "s.toml"
    path.write_text(
        'name = "s"\ndesigns = ["single_mentor"]\nreplicates = 1\nyears = 6\n'
        'outcomes = ["mentored_share", "program_cost"]\n'
        '[set]\n"institution.initial_size" = 40\n'
        '[levers]\n"program.protected_hours_per_week" = [0.0, 8.0]\n'
        '[search]\nobjectives = ["mentored_share", "program_cost"]\ntrials = 2\n'
        "population = 2\nconfirm_replicates = 1\n"
    )
    members = tmp_path / "members.toml"
    members.write_text(ENSEMBLE_TOML)
    out = tmp_path / "out"
    args = ["search", str(path), "--out", str(out), "--workers", "1", "--quiet"]
    assert main([*args, "--ensemble", "2", "--ensemble-file", str(members)]) == 0
    record = json.loads((out / "experiment.json").read_text())
    assert record["ensemble"]["members"] == 2
    assert record["ensemble"]["parameters"] == ["mentors.skill_mean", "career.attrition_rate"]
    assert len(pd.read_csv(out / "trials.csv")) == 2


@pytest.mark.parametrize(
    ("given", "message"),
    [
        (["--ensemble", "4"], "--ensemble 4 is not allowed; {file} has 3 members: expected 1 to 3"),
        (["--ensemble", "0"], "argument --ensemble: 0 is not allowed; expected an integer >= 1"),
        (["--ensemble", "two"], "argument --ensemble: 'two' is not an integer"),
    ],
)
def test_bad_ensemble_values_get_one_line_errors(tmp_path, capsys, given, message):
    members = tmp_path / "members.toml"
    members.write_text(ENSEMBLE_TOML)
    path = tmp_path / "s.toml"
    path.write_text(
        'designs = ["single_mentor"]\noutcomes = ["mentored_share", "program_cost"]\n'
        '[levers]\n"program.protected_hours_per_week" = [0.0, 8.0]\n'
        '[search]\nobjectives = ["mentored_share", "program_cost"]\n'
    )
    args = ["search", str(path), "--out", str(tmp_path / "out"), "--ensemble-file", str(members)]
    if "argument" in message:  # argparse: the usage, then the error on one line
        with pytest.raises(SystemExit):
            main([*args, *given])
        line = capsys.readouterr().err.strip().splitlines()[-1]
    else:
        assert main([*args, *given]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1
        line = err
    assert message.format(file=members) in line
    assert not (tmp_path / "out").exists()

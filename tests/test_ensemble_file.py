"""The shipped ensemble: found as package data, fresh against the model, bad files refused."""

import numpy as np
import pytest

from sim import data
from sim.cli import main
from sim.experiment.calibration.parameters import (
    CalibrationError,
    load_history_matching,
    load_parameters,
)
from sim.experiment.calibration.settings import SettingsError
from sim.experiment.ensemble import (
    REGENERATE,
    Ensemble,
    EnsembleError,
    ensemble_toml,
    load_ensemble,
    stale_message,
    staleness,
)


def shipped() -> Ensemble:
    """The shipped ensemble; the tests of it are skipped, saying how to make it, until it ships.

    A shipped file that no longer matches the model fails (the freshness test below); a missing
    one is a calibration not yet accepted (docs/calibration.md says why and what to run).
    """
    try:
        return load_ensemble()
    except data.DataFileError as err:
        pytest.skip(f"{err}; no ensemble is shipped yet: make it with `{REGENERATE}`")


def test_the_shipped_ensemble_still_matches_the_model():
    ensemble = shipped()
    changed = staleness(ensemble)
    assert not changed, stale_message(ensemble, changed)


def test_the_shipped_ensemble_is_package_data_with_its_record():
    ensemble = shipped()
    assert ensemble.file == str(data.ensemble_file())
    assert len(ensemble) == ensemble.meta["history_matching"]["members"]
    for key in ("model_version", "targets_sha256", "calibration_sha256", "fingerprint", "runs"):
        assert key in ensemble.meta, key
    assert ensemble.meta["history_matching"] == load_history_matching().to_dict()


def test_the_ensemble_file_round_trips(tmp_path):
    values = np.array([[0.03, 1.5], [0.05, 2.25]])
    meta = {"model_version": "1", "runs": 4, "history_matching": {"seed": 2, "members": 2}}
    path = tmp_path / "ensemble.toml"
    names = ["career.attrition_rate", "career.productivity_sd"]
    path.write_text(ensemble_toml(names, values, meta, "x"))
    ensemble = load_ensemble(path)
    np.testing.assert_array_equal(ensemble.values, values)
    assert ensemble.member(1) == {"career.attrition_rate": 0.05, "career.productivity_sd": 2.25}
    assert ensemble.meta["history_matching"]["seed"] == 2


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("members = [[1.0]]\n", "parameters = None is not allowed"),
        ('parameters = ["a"]\n', "members is missing or empty"),
        ('parameters = ["a", "b"]\nmembers = [[1.0, 2.0], [1.0]]\n', "members row 2 = [1.0]"),
        ('parameters = ["a"]\nmembers = [["x"]]\n', "expected 1 numbers, one per parameter"),
        ("parameters = [\n", "not valid TOML"),
    ],
)
def test_bad_ensemble_files_get_one_line_errors(tmp_path, text, message):
    path = tmp_path / "ensemble.toml"
    path.write_text(text)
    with pytest.raises(EnsembleError) as err:
        load_ensemble(path)
    assert str(err.value).startswith(str(path))
    assert message in str(err.value)
    assert "\n" not in str(err.value)


def test_asking_for_more_members_than_the_ensemble_has_is_refused():
    ensemble = Ensemble(("career.attrition_rate",), np.array([[0.03], [0.04]]), {}, "e.toml")
    with pytest.raises(EnsembleError, match=r"--ensemble 3 is not allowed; e.toml has 2 members"):
        ensemble.take(3)
    assert len(ensemble.take(1)) == 1


def test_bad_history_matching_table_in_a_calibration_file(tmp_path, capsys):
    path = tmp_path / "calibration.toml"
    path.write_text(
        '[[parameter]]\nkey = "career.attrition_rate"\nlow = 0.02\nhigh = 0.1\n'
        "[history_matching]\ncutof = 3\n"
    )
    with pytest.raises(SettingsError, match=r"\[history_matching\]: unknown key 'cutof'"):
        load_history_matching(path)
    assert main(["calibrate", "--parameters", str(path), "--out", str(tmp_path / "o")]) == 2
    assert "did you mean 'cutoff'" in capsys.readouterr().err
    path.write_text(
        '[[parameter]]\nkey = "career.attrition_rate"\nlow = 0.02\nhigh = 0.1\n[history]\n'
    )
    with pytest.raises(CalibrationError, match="unknown key 'history'"):
        load_parameters(path)


def test_validation_refuses_the_acceptance_seeds(tmp_path, capsys):
    seed = shipped().meta["history_matching"]["seed"]
    assert main(["validate", "--ensemble", "2", "--seed", str(seed), "--out", str(tmp_path)]) == 2
    assert "validation needs fresh seeds" in capsys.readouterr().err


@pytest.mark.slow  # four small commands
def test_a_command_says_when_it_carries_the_ensemble(tmp_path, capsys):
    shipped()
    args = ["--reps", "2", "--years", "7", "--seed", "3", "--workers", "1", "--quiet"]
    args.append("--no-report")  # what is said, not what is written, is checked
    assert main(["run", "baseline", *args, "--out", str(tmp_path / "a")]) == 0
    said = capsys.readouterr().out
    assert "carrying the calibrated ensemble" not in said  # run carries it only when asked
    assert (
        main(
            [
                "run",
                "baseline",
                *args,
                "--ensemble",
                "3",
                "--out",
                str(tmp_path / "b"),
            ]
        )
        == 0
    )
    said = capsys.readouterr().out
    assert "carrying the calibrated ensemble: 3 members of " in said
    assert "--no-ensemble" not in said  # asked for, so nothing to turn off
    assert main(["compare", "baseline", "coaching", *args, "--out", str(tmp_path / "c")]) == 0
    said = capsys.readouterr().out
    assert f"carrying the calibrated ensemble: {len(load_ensemble())} members of " in said
    assert "(by default; --no-ensemble runs the schema's defaults)" in said
    assert (
        main(
            [
                "compare",
                "baseline",
                "coaching",
                *args,
                "--no-ensemble",
                "--out",
                str(tmp_path / "d"),
            ]
        )
        == 0
    )
    assert "carrying the calibrated ensemble" not in capsys.readouterr().out


def test_the_fingerprint_is_one_whole_baseline_run(monkeypatch):
    """A whole run, as users make it: a small, short one missed a change that binds later."""
    from sim.experiment import ensemble as ensemble_module
    from sim.experiment import runner
    from sim.scenario import load

    seen = {}
    simulate = runner.simulate

    def spy(scenario, seed, **options):
        seen.update(scenario=scenario, seed=seed, options=options)
        return simulate(scenario, seed, **options)

    monkeypatch.setattr(runner, "simulate", spy)
    values = {"career.attrition_rate": 0.05}
    first = ensemble_module.fingerprint(values)
    baseline = load(data.scenarios_dir() / "baseline.toml")
    assert seen["scenario"] == baseline.replace(**values)
    assert seen["options"] == {} and seen["seed"] == ensemble_module.FINGERPRINT_SEED
    # Any parameter's value shows in the hash.
    assert ensemble_module.fingerprint({"career.attrition_rate": 0.06}) != first

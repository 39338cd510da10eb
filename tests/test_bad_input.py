"""Bad input found as a new user would: one clear line naming the path, exit 2, no traceback."""

from pathlib import Path

import pytest

from sim.cli import main

ROOT = Path(__file__).resolve().parents[1]
BASELINE = str(ROOT / "scenarios" / "baseline.toml")


def one_line_error(capsys) -> str:
    err = capsys.readouterr().err.strip()
    assert err.startswith("mentorsim: error: ") and "\n" not in err, err
    return err


def test_a_scenario_file_that_is_not_utf8_is_named(tmp_path, capsys):
    path = tmp_path / "latin1.toml"
    path.write_bytes('name = "x"\ndescription = "Programme évalué"\n'.encode("latin-1"))
    assert main(["run", str(path), "--quiet", "--out", str(tmp_path / "out")]) == 2
    err = one_line_error(capsys)
    assert str(path) in err and "not a UTF-8 text file" in err
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    "command",
    [
        ["run", BASELINE],
        ["compare", BASELINE, BASELINE],
        ["validate"],
        ["sweep", "experiments/sweep_example.toml"],
    ],
)
def test_an_output_folder_under_a_file_is_named(tmp_path, capsys, command):
    blocker = tmp_path / "a_file"
    blocker.write_text("not a folder")
    out = blocker / "results"
    assert main([*command, "--out", str(out), "--quiet"]) == 2
    err = one_line_error(capsys)
    assert str(out) in err and "cannot create the output folder" in err


def test_an_output_folder_that_is_a_file_is_named(tmp_path, capsys):
    out = tmp_path / "results"
    out.write_text("")
    assert main(["run", BASELINE, "--out", str(out), "--quiet"]) == 2
    assert "a file of that name exists" in one_line_error(capsys)


def test_an_experiment_file_given_to_run_says_what_it_is(tmp_path, capsys):
    experiment = str(ROOT / "experiments" / "sweep_example.toml")
    assert main(["run", experiment, "--quiet", "--out", str(tmp_path / "out")]) == 2
    err = one_line_error(capsys)
    assert "this is an experiment file" in err and f"mentorsim sweep {experiment}" in err
    assert not (tmp_path / "out").exists()


def test_a_scenario_file_given_to_sweep_says_what_it_is(tmp_path, capsys):
    assert main(["sweep", BASELINE, "--quiet", "--out", str(tmp_path / "out")]) == 2
    err = one_line_error(capsys)
    assert "this is a scenario file" in err and f"mentorsim run {BASELINE}" in err


@pytest.mark.parametrize("command", [["run", BASELINE], ["compare", BASELINE, BASELINE]])
def test_years_within_the_warm_up_name_the_option(tmp_path, capsys, command):
    assert main([*command, "--years", "3", "--quiet", "--out", str(tmp_path / "out")]) == 2
    err = one_line_error(capsys)
    assert err.startswith("mentorsim: error: --years 3: ") and "at least 6" in err
    assert not (tmp_path / "out").exists()


def test_an_experiment_too_short_for_its_outcomes_is_refused_before_it_runs(tmp_path, capsys):
    path = tmp_path / "short.toml"
    path.write_text(
        'designs = ["baseline"]\nyears = 12\noutcomes = ["burnout_share", "attrition_10y"]\n'
    )
    out = tmp_path / "out"
    assert main(["sweep", str(path), "--out", str(out), "--quiet"]) == 2
    err = one_line_error(capsys)
    assert str(path) in err and "attrition_10y (needs years >= 16)" in err
    assert "runs 12 years" in err and "set years = 16 or more" in err
    assert not out.exists()


def test_validate_with_years_too_short_for_a_cohort_target_is_refused(tmp_path, capsys):
    targets = tmp_path / "targets.toml"
    targets.write_text(
        '[T2]\noutcome = "attrition_10y"\nscenario = "baseline"\nlow = 0.30\n'
        'high = 0.46\npopulation = "new faculty"\nsource = "a survey"\n'
    )
    out = tmp_path / "out"
    assert (
        main(["validate", "--targets", str(targets), "--years", "12", "--quiet", "--out", str(out)])
        == 2
    )
    err = one_line_error(capsys)
    assert f"{targets}: [T2]: --years 12: attrition_10y (needs years >= 16)" in err
    assert "give --years 16 or more" in err
    assert not out.exists()


def test_a_design_name_too_long_for_a_file_name_is_refused(tmp_path, capsys, monkeypatch):
    # results/<name>/ is the default folder: a 300-byte name would crash on creating it.
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "long.toml"
    path.write_text(f'name = "{"x" * 300}"\n')
    assert main(["run", str(path), "--quiet"]) == 2
    err = one_line_error(capsys)
    assert str(path) in err and "300 bytes long" in err and "at most 200" in err
    assert not (tmp_path / "results").exists()


def test_an_experiment_name_too_long_for_a_file_name_is_refused(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "long.toml"
    path.write_text(
        f'name = "{"y" * 300}"\ndesigns = ["baseline"]\n'
        '[levers]\n"program.protected_hours_per_week" = [0.0, 4.0]\n'
    )
    assert main(["sweep", str(path), "--quiet"]) == 2
    err = one_line_error(capsys)
    assert str(path) in err and "300 bytes long" in err
    assert not (tmp_path / "results").exists()

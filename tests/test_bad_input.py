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


@pytest.mark.parametrize("command", [["run", BASELINE], ["compare", BASELINE, BASELINE],
                                     ["validate"], ["sweep", "experiments/sweep_example.toml"]])
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
    path.write_text(f'name = "{"y" * 300}"\ndesigns = ["baseline"]\n'
                    '[levers]\n"program.protected_hours_per_week" = [0.0, 4.0]\n')
    assert main(["sweep", str(path), "--quiet"]) == 2
    err = one_line_error(capsys)
    assert str(path) in err and "300 bytes long" in err
    assert not (tmp_path / "results").exists()

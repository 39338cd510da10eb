"""End-to-end tests of the ``mentorsim`` command line on small institutions."""

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from sim.cli import main
from sim.outcomes import OUTCOMES, YEARLY
from sim.scenario import load

ROOT = Path(__file__).resolve().parents[1]


def small_scenario(tmp_path: Path, source: str = "baseline", name: str | None = None) -> Path:
    """A shipped scenario shrunk to 200 people and 14 years, for speed."""
    shrunk = load(ROOT / "scenarios" / f"{source}.toml").replace(
        **{"institution.initial_size": 200, "years": 14, "name": name or source}
    )
    path = tmp_path / f"{name or source}.toml"
    path.write_text(shrunk.to_toml())
    return path


@pytest.mark.slow
def test_run_writes_every_file(cli_run):
    out = cli_run.out
    for name in (
        "runs.parquet",
        "yearly.parquet",
        "retention.parquet",
        "loads.parquet",
        "scenario.toml",
        "manifest.json",
        "report.html",
        "report.md",
    ):
        assert (out / name).exists(), name
    runs = pd.read_parquet(out / "runs.parquet")
    assert list(runs.columns[:3]) == ["design", "replicate", "seed"]
    assert set(OUTCOMES) <= set(runs.columns)
    assert list(runs["replicate"]) == [0, 1, 2]
    assert set(runs["design"]) == {"baseline"}
    yearly = pd.read_parquet(out / "yearly.parquet")
    assert list(yearly.columns[:4]) == ["design", "replicate", "seed", "year"]
    assert set(YEARLY) <= set(yearly.columns)
    assert len(yearly) == 3 * 15
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["base_seed"] == 5
    assert len(manifest["replicate_seeds"]) == 3
    assert "mesa" in manifest["versions"]
    assert list((out / "figures").glob("*.png"))


@pytest.mark.slow
def test_same_seed_same_files_whatever_workers(cli_run, tmp_path):
    """The shared one-worker run, run again on two workers, gives the same bytes."""
    args = list(cli_run.args)
    args[args.index("--workers") + 1] = "2"
    out = tmp_path / "w2"
    assert main([*args, "--no-report", "--out", str(out)]) == 0  # the tables are compared
    for name in ("runs.parquet", "yearly.parquet"):
        assert (cli_run.out / name).read_bytes() == (out / name).read_bytes(), name


def test_bad_scenario_is_refused_before_anything_runs(tmp_path, capsys):
    bad = tmp_path / "bad.toml"
    bad.write_text('[program]\nformal = true\npolcy = "random"\n')
    out = tmp_path / "out"
    assert main(["run", str(bad), "--out", str(out), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "bad.toml" in err and "program.polcy" in err and "did you mean 'policy'" in err
    assert not out.exists()


def test_bad_numbers_on_the_command_line(tmp_path, capsys):
    scenario = small_scenario(tmp_path)
    with pytest.raises(SystemExit) as exit_info:
        main(["run", str(scenario), "--reps", "0"])
    assert exit_info.value.code == 2
    assert "expected an integer >= 1" in capsys.readouterr().err


@pytest.mark.slow
def test_console_script_runs(cli_run, tmp_path):
    """The command in a fresh process gives the same runs as the shared in-process one.

    Without the report: the in-process run writes it and its tests read it; what a fresh
    process could change is the runs and what the command prints.
    """
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "sim.cli",
            *cli_run.args,
            "--no-report",
            "--out",
            str(tmp_path / "o"),
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    assert "mentored_share" in result.stdout
    assert "95% interval" in result.stdout
    for name in ("runs.parquet", "yearly.parquet"):
        assert (tmp_path / "o" / name).read_bytes() == (cli_run.out / name).read_bytes(), name


def test_calibrate_is_an_ordinary_subcommand_with_the_shared_options(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["calibrate", "--help"])
    assert exit_info.value.code == 0
    text = capsys.readouterr().out
    for option in (
        "--workers",
        "--scheduler",
        "--seed",
        "--out",
        "--quiet",
        "--reps",
        "--years",
        "--budget",
        "--parameters",
        "--start",
        "--set",
    ):
        assert option in text, option
    with pytest.raises(SystemExit) as exit_info:
        main(["calibrate", "--budget", "0"])
    assert exit_info.value.code == 2
    assert "expected an integer >= 1" in capsys.readouterr().err


def test_the_benchmark_is_not_a_command(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["bench"])
    assert exit_info.value.code == 2
    assert "invalid choice: 'bench'" in capsys.readouterr().err


def test_version(capsys):
    from importlib import metadata

    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"mentorsim {metadata.version('mentorsim')}"

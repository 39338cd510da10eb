"""Sweeps end to end, and a real sweep process killed mid-way then resumed.

Tables describe themselves, replicates share seeds (common random numbers), and a sweep, a
run and a comparison killed with SIGKILL resume to byte-identical tables.
"""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from sim.cli import main
from sim.experiment.options import RunOptions
from sim.experiment.resume import ResumeError
from sim.experiment.sweep import load_experiment, run_sweep

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]

# 2 designs x 10 points x 2 replicates = 40 runs of a 100-person institution over 8 years:
# enough runs that a kill lands mid-way, small enough for a shared 2-core machine.
TINY = """
name = "tiny"
designs = ["baseline", "single_mentor"]
replicates = 2
seed = 5
years = 8
outcomes = ["mentored_share", "burnout_share", "mentor_burnout_share"]
[set]
"institution.initial_size" = 100
[levers]
"program.protected_hours_per_week" = [0.0, 4.0]
[uncertainties]
"mentors.skill_mean" = "plausible"
[sampler]
method = "lhs"
n = 10
"""
TABLES = ("runs.parquet", "yearly.parquet", "points.parquet")


@pytest.fixture(scope="module")
def experiment_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("exp") / "tiny.toml"
    path.write_text(TINY)
    return path


@pytest.fixture(scope="module")
def reference(experiment_file, tmp_path_factory) -> Path:
    """The uninterrupted sweep, in this process."""
    out = tmp_path_factory.mktemp("reference")
    assert (
        main(["sweep", str(experiment_file), "--out", str(out), "--workers", "1", "--quiet"]) == 0
    )
    return out


def env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


def test_rows_describe_themselves_and_replicates_share_seeds(reference):
    runs = pd.read_parquet(reference / "runs.parquet")
    assert list(runs.columns[:6]) == [
        "design",
        "point",
        "replicate",
        "seed",
        "program.protected_hours_per_week",
        "mentors.skill_mean",
    ]
    assert len(runs) == 40 and not runs.duplicated(["design", "point", "replicate"]).any()
    # Common random numbers: replicate r has one seed at every point and in every design.
    assert (runs.groupby("replicate")["seed"].nunique() == 1).all()
    assert runs["seed"].nunique() == 2
    yearly = pd.read_parquet(reference / "yearly.parquet")
    assert {"design", "point", "replicate", "seed", "year", "mentors.skill_mean"} <= set(yearly)
    assert len(yearly) == 40 * 9  # years 0..8
    resolved = json.loads((reference / "experiment.json").read_text())
    assert resolved["sampler"]["method"] == "lhs" and resolved["points"] == 10
    manifest = json.loads((reference / "manifest.json").read_text())
    assert manifest["command"] == "sweep" and manifest["runs"] == 40
    assert (reference / "report.html").exists()
    # Two designs: the robustness analysis ran after the sweep.
    robustness = pd.read_csv(reference / "robustness.csv")
    assert set(robustness["design"]) == {"baseline", "single_mentor"}
    assert robustness["share_better"].dropna().between(0, 1).all()
    assert (reference / "robustness" / "report.html").exists()


def test_a_sweep_killed_mid_way_resumes_to_identical_tables(experiment_file, reference, tmp_path):
    out = tmp_path / "killed"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "sim.cli",
            "sweep",
            str(experiment_file),
            "--out",
            str(out),
            "--workers",
            "2",
            "--quiet",
        ],
        env=env(),
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    parts = out / "parts" / "runs"
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline and process.poll() is None:
        if parts.exists() and len(list(parts.glob("*.parquet"))) >= 3:
            break
        time.sleep(0.05)
    assert process.poll() is None, "the sweep ended before it could be killed"
    os.killpg(process.pid, signal.SIGKILL)  # the whole process group, workers too
    process.wait()
    # Runs are written a part (two consecutive runs here) at a time.
    done_before = sum(pq.ParquetFile(path).metadata.num_rows for path in parts.glob("*.parquet"))
    assert 6 <= done_before < 40
    assert not (out / "manifest.json").exists()
    assert (
        main(
            [
                "sweep",
                str(experiment_file),
                "--out",
                str(out),
                "--workers",
                "2",
                "--resume",
                "--quiet",
            ]
        )
        == 0
    )
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["runs_per_part"] == 2
    assert manifest["runs_resumed"] == done_before  # what was done was not run again
    for name in TABLES:
        assert (out / name).read_bytes() == (reference / name).read_bytes(), name


def test_resuming_with_a_changed_experiment_is_refused(
    experiment_file, reference, tmp_path, capsys
):
    changed = tmp_path / "tiny.toml"
    changed.write_text(TINY.replace("n = 10", "n = 12"))
    with pytest.raises(ResumeError, match="sampler"):
        run_sweep(load_experiment(changed), RunOptions(out_dir=reference, workers=1, resume=True))
    assert main(["sweep", str(changed), "--out", str(reference), "--resume", "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "cannot resume" in err and "sampler" in err and "--resume" in err
    # Nothing of the reference was touched.
    assert len(pd.read_parquet(reference / "runs.parquet")) == 40


def test_a_finished_sweep_resumes_to_the_same_tables_without_running(
    experiment_file, reference, tmp_path
):
    copy = tmp_path / "copy"
    subprocess.run(["cp", "-r", str(reference), str(copy)], check=True)
    before = {name: (copy / name).read_bytes() for name in TABLES}
    # The same experiment from another place (the folder and the file both moved).
    moved = tmp_path / "elsewhere" / "tiny.toml"
    moved.parent.mkdir()
    moved.write_text(experiment_file.read_text())
    result = run_sweep(load_experiment(moved), RunOptions(out_dir=copy, workers=1, resume=True))
    assert result.runs_before == 40 and result.model_seconds == 0
    assert {name: (copy / name).read_bytes() for name in TABLES} == before


def test_sensitivity_of_a_morris_sweep(tmp_path):
    path = tmp_path / "morris.toml"
    path.write_text(
        TINY.replace(
            'designs = ["baseline", "single_mentor"]', 'designs = ["single_mentor"]'
        ).replace('method = "lhs"\nn = 10', 'method = "morris"\nn = 3')
    )
    out = tmp_path / "out"
    assert main(["sweep", str(path), "--out", str(out), "--workers", "1", "--quiet"]) == 0
    table = pd.read_csv(out / "sensitivity.csv")
    assert list(table.columns[1:9]) == [
        "outcome",
        "parameter",
        "role",
        "method",
        "index",
        "value",
        "ci_low",
        "ci_high",
    ]
    assert set(table["index"]) == {"mu", "mu_star", "sigma"}  # signed mu kept
    assert table["noise"].notna().all()  # two replicates: noise measured beside each index
    assert (out / "sensitivity" / "report.html").exists()
    # The command recomputes the same indices from the folder.
    assert main(["sensitivity", str(out)]) == 0
    assert pd.read_csv(out / "sensitivity.csv").equals(table)


def test_sensitivity_of_a_sweep_without_a_sensitivity_design_is_refused(reference, capsys):
    assert main(["sensitivity", str(reference)]) == 2
    assert "'saltelli' or 'morris'" in capsys.readouterr().err


def test_a_folder_that_is_not_a_sweep_is_named(tmp_path, capsys):
    assert main(["robustness", str(tmp_path)]) == 2
    assert "not a finished sweep" in capsys.readouterr().err


def small_scenario(tmp_path: Path, name: str) -> Path:
    from sim.scenario import load

    scenario = load(ROOT / "scenarios" / f"{name}.toml").replace(
        **{"institution.initial_size": 100, "years": 8}
    )
    path = tmp_path / f"{name}.toml"
    path.write_text(scenario.to_toml())
    return path


def kill_when(process: subprocess.Popen, parts: Path, count: int) -> None:
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline and process.poll() is None:
        if parts.exists() and len(list(parts.glob("*.parquet"))) >= count:
            break
        time.sleep(0.05)
    assert process.poll() is None, "the command ended before it could be killed"
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()


@pytest.mark.parametrize("command", ["run", "compare"])
def test_run_and_compare_killed_mid_way_resume_to_identical_tables(tmp_path, command):
    if command == "run":
        inputs = [str(small_scenario(tmp_path, "single_mentor"))]
    else:
        inputs = [
            str(small_scenario(tmp_path, "baseline")),
            str(small_scenario(tmp_path, "single_mentor")),
        ]
    # The tables are compared; a report takes longer than the runs.
    common = [command, *inputs, "--reps", "40", "--seed", "4", "--quiet", "--no-report"]
    reference, out = tmp_path / "reference", tmp_path / "killed"
    assert main([*common, "--workers", "1", "--out", str(reference)]) == 0
    process = subprocess.Popen(
        [sys.executable, "-m", "sim.cli", *common, "--workers", "2", "--out", str(out)],
        env=env(),
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    kill_when(process, out / "parts" / "runs", 4)
    assert not (out / "runs.parquet").exists()
    assert main([*common, "--workers", "2", "--out", str(out), "--resume"]) == 0
    for name in ("runs.parquet", "yearly.parquet"):
        assert (out / name).read_bytes() == (reference / name).read_bytes(), name
    # Another seed is another experiment: its resume is refused.
    assert (
        main(
            [
                command,
                *inputs,
                "--reps",
                "40",
                "--seed",
                "5",
                "--quiet",
                "--out",
                str(out),
                "--resume",
            ]
        )
        == 2
    )


def test_tables_do_not_depend_on_how_runs_are_cut_into_parts(
    experiment_file, reference, tmp_path, monkeypatch
):
    from sim.experiment.sweep import store

    monkeypatch.setattr(store, "MAX_RUNS_PER_PART", 1)
    out = tmp_path / "one-per-part"
    result = run_sweep(load_experiment(experiment_file), RunOptions(out_dir=out, workers=1))
    assert result.manifest["runs_per_part"] == 1
    assert len(list((out / "parts" / "runs").glob("*.parquet"))) == 40
    for name in TABLES:
        assert (out / name).read_bytes() == (reference / name).read_bytes(), name


def test_runs_per_part_holds_about_a_second_of_work_and_keeps_parts_many():
    from sim.experiment.sweep import store

    # 1,500 people x 30 years is about a fifth of a second: two runs a part.
    assert store.runs_per_part(6000, 1500 * 30) == 2
    # Tiny runs share a part up to the cap; huge runs go one to a part.
    assert store.runs_per_part(6000, 50 * 6) == store.MAX_RUNS_PER_PART
    assert store.runs_per_part(6000, 30000 * 30) == 1
    # A small sweep is still cut into at least MIN_PARTS parts.
    assert store.runs_per_part(40, 100 * 8) == 2
    assert store.runs_per_part(400, 100 * 8) == 13
    assert store.runs_per_part(5, 100 * 8) == 1
    keys = [("d", p, 0) for p in range(10)]
    parts = store.cut_parts(keys, 3)
    assert [len(part) for part in parts] == [3, 3, 3, 1]
    assert [key for part in parts for key in part] == keys


def test_a_serial_sweep_reports_each_part_as_it_finishes(experiment_file, tmp_path):
    """With one worker, a part's runs are reported before the next part runs."""
    from sim.experiment.sweep import store

    out = tmp_path / "serial"
    parts_on_disk: list[int] = []
    result = run_sweep(
        load_experiment(experiment_file),
        RunOptions(out_dir=out, workers=1),
        on_done=lambda key: parts_on_disk.append(len(store.done_parts(out))),
    )
    per_part = result.manifest["runs_per_part"]
    assert len(parts_on_disk) == result.runs_total and result.runs_total > 4 * per_part
    assert parts_on_disk == [i // per_part + 1 for i in range(result.runs_total)]

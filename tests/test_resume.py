"""``--resume`` refusals: one clear line naming the folder, and the command or what changed.

A folder written by one command is refused when another is asked to resume in it (``validate``
included, which cannot resume itself), as is a folder of results that no record names; a
folder of the same command with other inputs is refused naming the inputs in plain words and
the record compared against. Nothing in the folder is touched by a refusal.
"""

import json
import shutil
from pathlib import Path

import pytest

from sim.cli import main
from sim.experiment.resume import RECORD, ResumeError, check_resume
from sim.experiment.sweep import load_experiment
from sim.experiment.sweep.runner import prepare
from sim.scenario import load

ROOT = Path(__file__).resolve().parents[1]


EXPERIMENT = """
designs = ["baseline", "multi_mentor"]
replicates = 2
seed = 1
years = 10
[set]
"institution.initial_size" = 100
[levers]
"program.protected_hours_per_week" = [0.0, 4.0]
[sampler]
method = "lhs"
n = 4
"""


def one_line_error(capsys) -> str:
    err = capsys.readouterr().err.strip()
    assert err.startswith("mentorsim: error: ") and "\n" not in err, err
    return err.removeprefix("mentorsim: error: ")


def small_scenario(tmp_path: Path, name: str) -> Path:
    """A shipped scenario at 100 people over 8 years (runs take a fraction of a second)."""
    scenario = load(ROOT / "scenarios" / f"{name}.toml").replace(
        **{"institution.initial_size": 100, "years": 8}
    )
    path = tmp_path / f"{name}.toml"
    path.write_text(scenario.to_toml())
    return path


def contents(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture
def validated(tmp_path, one_wide_target) -> Path:
    """A folder written by a small ``validate``."""
    targets = tmp_path / "targets.toml"
    targets.write_text(one_wide_target)
    out = tmp_path / "validation"
    assert (
        main(
            [
                "validate",
                "--reps",
                "2",
                "--years",
                "8",
                "--workers",
                "1",
                "--quiet",
                "--targets",
                str(targets),
                "--out",
                str(out),
            ]
        )
        == 0
    )
    return out


@pytest.mark.parametrize("command", ["run", "sweep"])
def test_resuming_another_command_in_a_validate_folder_is_refused(
    validated, tmp_path, capsys, command
):
    before = contents(validated)
    given = (
        str(small_scenario(tmp_path, "coaching"))
        if command == "run"
        else str(ROOT / "experiments" / "sweep_example.toml")
    )
    assert main([command, given, "--out", str(validated), "--resume", "--quiet"]) == 2
    assert one_line_error(capsys) == (
        f"{validated} holds results of `mentorsim validate`, not "
        f"`mentorsim {command}`; use another --out or drop "
        "--resume"
    )
    assert contents(validated) == before  # report, runs and validation.csv as validate left


@pytest.mark.slow
def test_resuming_run_in_a_compare_folder_names_compare(cli_comparison, tmp_path, capsys):
    out = tmp_path / "compare-baseline-single_mentor"
    shutil.copytree(cli_comparison.out, out)  # the shared comparison's folder, on a copy
    design = str(cli_comparison.scenarios[0])
    capsys.readouterr()
    assert main(["run", design, "--out", str(out), "--resume", "--quiet"]) == 2
    assert one_line_error(capsys) == (
        f"{out} holds results of `mentorsim compare`, not "
        "`mentorsim run`; use another --out or drop --resume"
    )


def test_results_without_a_record_are_refused_but_a_log_alone_is_not(tmp_path, capsys):
    # An older mentorsim (or validate before it kept a record) left results and no record.
    out = tmp_path / "older"
    out.mkdir()
    (out / "runs.parquet").write_bytes(b"earlier runs")
    (out / "report.html").write_text("earlier report")
    before = contents(out)
    scenario = str(small_scenario(tmp_path, "baseline"))
    assert main(["run", scenario, "--reps", "1", "--out", str(out), "--resume", "--quiet"]) == 2
    err = one_line_error(capsys)
    assert err.startswith(f"{out} holds results (runs.parquet, report.html) but no {RECORD}")
    assert err.endswith("use another --out or drop --resume")
    assert contents(out) == before
    # A batch system's log written before a first run is no result: --resume starts afresh.
    first = tmp_path / "first"
    first.mkdir()
    (first / "slurm-123.out").write_text("job started")
    assert check_resume(first, {"command": "run", "seed": 0}) is False


@pytest.mark.slow
def test_a_changed_seed_or_scenario_is_named_with_the_record(cli_run, tmp_path, capsys):
    out = tmp_path / "run"
    shutil.copytree(cli_run.out, out)  # the shared run's folder (seed 5), on a copy
    args = list(cli_run.args)
    args[args.index("--seed") + 1] = "6"
    capsys.readouterr()
    assert main([*args, "--out", str(out), "--resume"]) == 2
    err = one_line_error(capsys)
    assert err.startswith(
        f"{out}: cannot resume: the seed changed since the runs recorded in {out / RECORD}; "
    )
    assert "run without --resume to start again" in err


@pytest.mark.slow
def test_an_edited_design_of_a_comparison_is_named(cli_comparison, tmp_path, capsys):
    out = tmp_path / "compare"
    shutil.copytree(cli_comparison.out, out)  # the shared comparison, on a copy
    common = [*cli_comparison.args, "--out", str(out)]
    designs = []
    for shared in cli_comparison.scenarios:  # design files of its own, to edit one
        designs.append(Path(shutil.copy(shared, tmp_path / shared.name)))
        common[common.index(str(shared))] = str(designs[-1])
    edited = load(designs[1]).replace(**{"mentors.hard_cap": 5})
    designs[1].write_text(edited.to_toml())
    capsys.readouterr()
    assert main([*common, "--resume"]) == 2
    earlier = out / "scenarios" / "single_mentor.toml"
    assert one_line_error(capsys).startswith(
        f"{out}: cannot resume: scenario single_mentor's parameters (the earlier ones are in "
        f"{earlier}) changed since the runs recorded in {out / RECORD}; "
    )
    coaching = str(ROOT / "scenarios" / "coaching.toml")
    swapped = [coaching if a == str(designs[1]) else a for a in common]
    assert main([*swapped, "--resume"]) == 2
    assert "the set of designs changed" in one_line_error(capsys)


def test_a_changed_sweep_names_what_changed_not_what_follows_from_it(tmp_path):
    path = tmp_path / "exp.toml"
    path.write_text(EXPERIMENT)
    out = tmp_path / "sweep"
    prepare(load_experiment(path), out)  # the record and the points; nothing runs
    more = tmp_path / "edited" / "exp.toml"  # the same file name: the same experiment name
    more.parent.mkdir()
    more.write_text(EXPERIMENT.replace("replicates = 2", "replicates = 3"))
    with pytest.raises(ResumeError) as err:
        prepare(load_experiment(more), out, resume=True)
    assert str(err.value) == (
        f"{out}: cannot resume: the number of replicates changed since the runs recorded in "
        f"{out / RECORD}; resume with the earlier inputs, run without --resume to start "
        "again, or give another --out"
    )


def test_an_older_sweep_folder_resumes_or_says_its_parts_are_cut_otherwise(tmp_path):
    path = tmp_path / "exp.toml"
    path.write_text(EXPERIMENT)
    experiment = load_experiment(path)
    out = tmp_path / "sweep"
    prepare(experiment, out)
    # Older sweeps wrote no command into their record; their folders still resume.
    record = json.loads((out / RECORD).read_text())
    record.pop("command", None)
    (out / RECORD).write_text(json.dumps(record))
    prepare(experiment, out, resume=True)
    # A version that cut runs into parts of another size cannot be resumed.
    record["runs_per_part"] += 1
    (out / RECORD).write_text(json.dumps(record))
    with pytest.raises(
        ResumeError,
        match=r"cannot resume: how runs are grouped into parts "
        r"\(written by an older version\) changed",
    ):
        prepare(experiment, out, resume=True)

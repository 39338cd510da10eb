"""Safe, talkative commands.

No silent overwrite, no runaway size, clear --out errors, shipped scenarios by name,
consistent ranges.
"""

import os
from pathlib import Path

import pandas as pd
import pytest

from sim.cli import main
from sim.experiment import resume as resuming
from sim.experiment.size import MAX_SECONDS, Estimate, SizeError, check_size, estimate
from sim.experiment.storage import OutputFolderError, check_out_dir
from sim.scenario import ScenarioError, load
from sim.scenario.shipped import locate

ROOT = Path(__file__).resolve().parents[1]


def tiny(tmp_path: Path, name: str = "baseline") -> Path:
    """A shipped scenario at 120 people and 8 years: a run takes well under a second."""
    scenario = load(ROOT / "scenarios" / f"{name}.toml").replace(
        **{"institution.initial_size": 120, "years": 8, "warmup_years": 2}
    )
    path = tmp_path / f"{name}.toml"
    path.write_text(scenario.to_toml())
    return path


def run_args(path: Path, *extra: str) -> list[str]:
    """A one-replicate run that writes its tables only: these tests check safety, not reports."""
    return ["run", str(path), "--reps", "1", "--workers", "1", "--quiet", "--no-report", *extra]


# -- never overwrite finished results silently ---------------------------------------------


def test_a_second_run_into_the_same_out_is_refused_unless_forced(tmp_path, capsys):
    path, out = tiny(tmp_path), tmp_path / "out"
    assert main(run_args(path, "--out", str(out))) == 0
    before = (out / "runs.parquet").read_bytes()
    capsys.readouterr()
    assert main(run_args(path, "--out", str(out), "--seed", "3")) == 2
    err = capsys.readouterr().err
    assert "already holds results" in err and "--force" in err and "--resume" in err
    assert err.count("\n") == 1  # one line
    assert (out / "runs.parquet").read_bytes() == before  # nothing was touched
    assert main(run_args(path, "--out", str(out), "--seed", "3", "--force")) == 0
    assert (out / "runs.parquet").read_bytes() != before
    assert not (out / "report.html").exists() and not (out / "report.md").exists()


def test_no_report_writes_the_tables_only_and_says_so(tmp_path, capsys):
    path, out = tiny(tmp_path), tmp_path / "out"
    assert main(run_args(path, "--out", str(out))) == 0
    assert (out / "runs.parquet").exists() and (out / "manifest.json").exists()
    assert not (out / "report.html").exists() and not (out / "figures").exists()
    said = capsys.readouterr().out
    assert f"results in {out}/ (runs.parquet, yearly.parquet, manifest.json)" in said


def test_compare_without_a_report_writes_its_tables_only_and_says_so(tmp_path, capsys):
    designs = [str(tiny(tmp_path, name)) for name in ("baseline", "single_mentor")]
    out = tmp_path / "out"
    args = ["compare", *designs, "--reps", "2", "--workers", "1", "--quiet", "--no-report"]
    assert main([*args, "--no-ensemble", "--out", str(out)]) == 0
    for name in ("comparison.csv", "costs.csv", "runs.parquet", "yearly.parquet"):
        assert (out / name).exists(), name
    assert not (out / "report.html").exists() and not (out / "figures").exists()
    said = capsys.readouterr().out
    assert f"results in {out}/ (comparison.csv, costs.csv, runs.parquet," in said


def test_a_default_folder_holding_results_gets_a_new_one_beside_it(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    path = tiny(tmp_path)
    assert main(run_args(path)) == 0
    assert main(run_args(path)) == 0
    assert (tmp_path / "results" / "baseline" / "runs.parquet").exists()
    assert (tmp_path / "results" / "baseline-2" / "runs.parquet").exists()
    assert "writing to results/baseline-2" in capsys.readouterr().err


def test_free_folder_skips_every_folder_with_results(tmp_path):
    default = tmp_path / "results" / "x"
    assert resuming.free_folder(default) == default
    for folder in (default, default.with_name("x-2")):
        folder.mkdir(parents=True)
        (folder / "manifest.json").write_text("{}")
    assert resuming.free_folder(default) == default.with_name("x-3")
    assert resuming.free_folder(default, keep=True) == default
    (default.with_name("x-4")).mkdir()  # an empty folder holds nothing to lose
    assert resuming.free_folder(default.with_name("x-4")) == default.with_name("x-4")


def test_an_analysis_is_rewritten_when_the_same_and_kept_when_it_would_change(tmp_path):
    from sim import workflows

    table = pd.DataFrame({"index": ["mu_star"], "value": [0.5]})
    path = tmp_path / "sensitivity.csv"
    table.to_csv(path, index=False)
    workflows.check_analysis({path: table})  # the same analysis again: allowed
    changed = table.assign(value=[0.7])
    with pytest.raises(resuming.OverwriteError, match="--force"):
        workflows.check_analysis({path: changed})
    workflows.check_analysis({path: changed}, force=True)


# -- implausible sizes are refused before anything is allocated -----------------------------


def test_a_billion_replicates_are_refused_at_once_with_an_estimate(tmp_path, capsys):
    out = tmp_path / "big"
    assert main(["run", "baseline", "--reps", "1000000000", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "--reps 1000000000" in err and "1,000,000,000 runs" in err and "--yes" in err
    assert "years" in err  # the time estimate, in years
    assert not out.exists()


def test_a_large_compare_is_refused_by_its_designs_times_replicates(capsys):
    assert main(["compare", "baseline", "single_mentor", "--reps", "150000"]) == 2
    assert "x 2 designs" in capsys.readouterr().err


def test_the_estimate_scales_with_runs_people_and_years():
    small = estimate(10, people=1500, years=30, workers=1)
    assert small.seconds == pytest.approx(10 * (0.05 + 5e-6 * 1500 * 30))
    assert estimate(20, people=1500, years=30, workers=2).seconds == pytest.approx(small.seconds)
    assert estimate(10, people=1500, years=60, workers=1).memory_bytes > small.memory_bytes
    check_size(small, what="--reps 10", confirmed=False)  # an ordinary size passes
    long = Estimate(runs=100, seconds=2 * MAX_SECONDS, memory_bytes=1.0)
    with pytest.raises(SizeError, match="longer than"):
        check_size(long, what="x", confirmed=False)
    check_size(long, what="x", confirmed=True)  # --yes goes on


# -- every unwritable --out is one line, before anything runs -------------------------------


@pytest.mark.parametrize("where", ["/proc/x", "/sys/x"])
def test_virtual_file_systems_are_refused_in_one_line(where, capsys):
    if not Path(where).parent.exists():
        pytest.skip(f"{Path(where).parent} is not mounted here")
    with pytest.raises(OutputFolderError, match="cannot create"):
        check_out_dir(Path(where))
    assert main(["run", "baseline", "--reps", "1", "--out", where]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"mentorsim: error: {where}: cannot create") and err.count("\n") == 1


def test_a_file_in_the_way_or_as_a_parent_is_refused(tmp_path):
    (tmp_path / "file").write_text("x")
    with pytest.raises(OutputFolderError, match="a file of that name exists"):
        check_out_dir(tmp_path / "file")
    with pytest.raises(OutputFolderError, match="is a file, not a folder"):
        check_out_dir(tmp_path / "file" / "sub")


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_folder_is_refused(tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    with pytest.raises(OutputFolderError, match="refuses new files"):
        check_out_dir(locked / "out")


def test_the_probe_leaves_nothing_behind(tmp_path):
    check_out_dir(tmp_path / "a" / "b")
    assert list(tmp_path.iterdir()) == []


# -- shipped scenarios by name, and ranges that say what is allowed -------------------------


def test_a_shipped_scenario_is_found_by_name():
    assert locate("coaching") == ROOT / "scenarios" / "coaching.toml"
    assert locate("my/own.toml") == Path("my/own.toml")  # a path stays a path
    with pytest.raises(ScenarioError, match="did you mean 'coaching'"):
        locate("coachin")


@pytest.mark.parametrize("years", ["0", "1000000000"])
def test_years_out_of_range_name_the_true_range(years, capsys):
    with pytest.raises(SystemExit):
        main(["run", "baseline", "--years", years])
    assert "expected an integer in [1, 500]" in capsys.readouterr().err


def test_a_scenario_file_names_each_key_s_own_range(tmp_path):
    path = tmp_path / "s.toml"
    path.write_text("years = 0\n")
    with pytest.raises(ScenarioError, match=r"years = 0 .* \[1, 500\]"):
        load(path)
    path.write_text("warmup_years = 600\n")
    with pytest.raises(ScenarioError, match=r"\[0, 499\]"):
        load(path)

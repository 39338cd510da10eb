"""End-to-end tests of ``mentorsim compare`` on small institutions."""

from pathlib import Path

import pandas as pd
import pytest

from sim.cli import main
from sim.experiment.compare import ComparisonError, default_out_dir, plan, run_comparison
from sim.experiment.options import RunOptions
from sim.scenario import Scenario, load

ROOT = Path(__file__).resolve().parents[1]


def shrunk(tmp_path: Path, source: str, name: str | None = None) -> Path:
    """A shipped scenario at 200 people and 13 years, written to tmp_path."""
    scenario = load(ROOT / "scenarios" / f"{source}.toml").replace(
        **{"institution.initial_size": 200, "years": 13, "name": name or source}
    )
    path = tmp_path / f"{name or source}.toml"
    path.write_text(scenario.to_toml())
    return path


def compare_args(paths, out, *extra):
    return ["compare", *map(str, paths), "--out", str(out), "--quiet", *extra]


@pytest.mark.slow
def test_compare_writes_files_and_is_the_same_whatever_workers(cli_comparison, tmp_path):
    """The shared one-worker comparison, run again on two workers, gives the same bytes."""
    args = list(cli_comparison.args)
    args[args.index("--workers") + 1] = "2"
    # Only the tables are compared across worker counts (the report is checked on the first).
    assert main([*args, "--no-report", "--out", str(tmp_path / "w2")]) == 0
    outs = [cli_comparison.out, tmp_path / "w2"]
    for name in (
        "runs.parquet",
        "yearly.parquet",
        "retention.parquet",
        "loads.parquet",
        "comparison.csv",
        "costs.csv",
        "manifest.json",
        "report.html",
        "report.md",
        "scenarios/baseline.toml",
        "scenarios/multi_mentor.toml",
    ):
        assert (outs[0] / name).exists(), name
    for name in ("runs.parquet", "yearly.parquet", "comparison.csv", "costs.csv"):
        assert (outs[0] / name).read_bytes() == (outs[1] / name).read_bytes(), name
    table = pd.read_csv(outs[0] / "comparison.csv")
    assert list(table.columns[:12]) == [
        "outcome",
        "design",
        "baseline",
        "reference",
        "mean",
        "reference_mean",
        "diff",
        "rel_diff",
        "ci_low",
        "ci_high",
        "verdict",
        "p_best",
    ]
    runs = pd.read_parquet(outs[0] / "runs.parquet")
    assert sorted(set(runs["design"])) == ["baseline", "multi_mentor", "single_mentor"]
    # Common random numbers: replicate r of every design has the same seed.
    seeds = runs.pivot(index="replicate", columns="design", values="seed")
    assert (seeds.nunique(axis=1) == 1).all()


@pytest.mark.slow
def test_a_design_against_its_own_copy_differs_by_nothing(tmp_path):
    paths = [shrunk(tmp_path, "baseline"), shrunk(tmp_path, "baseline", "baseline_copy")]
    out = tmp_path / "copy"
    assert main(compare_args(paths, out, "--reps", "3", "--workers", "1")) == 0
    runs = pd.read_parquet(out / "runs.parquet")
    a = runs[runs["design"] == "baseline"].drop(columns="design").reset_index(drop=True)
    b = runs[runs["design"] == "baseline_copy"].drop(columns="design").reset_index(drop=True)
    pd.testing.assert_frame_equal(a, b)
    table = pd.read_csv(out / "comparison.csv")
    copy_rows = table[table["design"] == "baseline_copy"]
    defined = copy_rows[copy_rows["verdict"] != "undefined"]
    assert len(defined) > 20
    assert (defined["diff"] == 0).all()
    assert (defined["verdict"] == "no detectable difference").all()


def test_precision_adds_replicates_until_the_cap(tmp_path):
    scenarios = [
        Scenario().replace(
            **{
                "institution.initial_size": 150,
                "years": 12,
                "name": name,
                "program.formal": formal,
                "program.policy": policy,
            }
        )
        for name, formal, policy in (("a", False, "informal"), ("b", True, "compatibility"))
    ]
    planned = plan(scenarios, precision=1e-6, batch=2, max_reps=4, outcomes=["mentored_share"])
    result = run_comparison(
        planned, seed=1, options=RunOptions(workers=1, out_dir=tmp_path, progress=False)
    )
    assert result.reps == 4
    assert "cap of 4 replicates" in result.stopped_by
    runs = pd.read_parquet(tmp_path / "runs.parquet")
    assert sorted(runs["replicate"].unique()) == [0, 1, 2, 3]
    loose = plan(scenarios, precision=0.9, batch=2, max_reps=10, outcomes=["mentored_share"])
    result = run_comparison(
        loose,
        seed=1,
        options=RunOptions(workers=1, out_dir=tmp_path / "loose", progress=False),
    )
    assert result.reps < 10 and "precision 0.9 reached" in result.stopped_by
    assert result.widest <= 0.9


@pytest.mark.parametrize(
    "extra, fragment",
    [
        (
            ["--baseline", "nosuch"],
            "--baseline 'nosuch' is not among the designs: baseline, single_mentor",
        ),
        (["--outcomes", "mentored_shar"], "did you mean 'mentored_share'"),
        (["--precision", "2"], "--precision 2.0 is not allowed"),
        (
            ["--outcomes", "burnout_share,attrition_10y"],
            "--outcomes: attrition_10y (needs years >= 16) cannot be computed: design 'baseline' "
            "runs 13 years",
        ),
        (["--outcomes", "attrition_10y", "--years", "15"], "runs 15 years"),
    ],
)
def test_bad_comparisons_are_refused_before_anything_runs(tmp_path, capsys, extra, fragment):
    paths = [shrunk(tmp_path, "baseline"), shrunk(tmp_path, "single_mentor")]
    out = tmp_path / "out"
    assert main(compare_args(paths, out, *extra)) == 2
    assert fragment in capsys.readouterr().err
    assert not out.exists()


def test_a_failing_scenario_file_stops_the_comparison(tmp_path, capsys):
    good = shrunk(tmp_path, "baseline")
    bad = tmp_path / "bad.toml"
    bad.write_text("[mentors]\nhard_cap = 0\n")
    out = tmp_path / "out"
    assert main(compare_args([good, bad], out)) == 2
    err = capsys.readouterr().err
    assert "bad.toml" in err and "mentors.hard_cap = 0" in err
    assert not out.exists()


def test_repeated_names_are_refused():
    s = Scenario()
    with pytest.raises(ComparisonError, match="repeated: default"):
        plan([s, s], reps=2)


def test_outcomes_the_runs_are_too_short_for_are_refused_or_left_out_of_the_defaults():
    short = [Scenario().replace(name=name, years=12) for name in ("a", "b")]
    with pytest.raises(
        ComparisonError,
        match=r"retention_8y \(needs years >= 14\).*"
        r"run with --years 14 or more",
    ):
        plan(short, reps=2, outcomes=["mentored_share", "retention_8y"])
    # --years replaces the designs' own length, so it is what is checked.
    assert plan(short, reps=2, outcomes=["retention_8y"], years=14).outcomes == ["retention_8y"]
    with pytest.raises(ComparisonError, match="runs 13 years"):
        plan(
            [Scenario().replace(name=n) for n in "ab"], reps=2, outcomes=["retention_8y"], years=13
        )
    defaults = plan(short, reps=2)
    assert "mentored_share" in defaults.outcomes and "attrition_10y" not in defaults.outcomes
    assert defaults.note.startswith("key outcomes left out: ")
    assert "attrition_10y" in defaults.note and "--years 16 or more" in defaults.note
    assert plan(short, reps=2, years=16).note == ""


def test_the_default_folder_keeps_few_names_and_shortens_many():
    # The names the README and the tests use stay as they were.
    assert default_out_dir(["baseline", "single_mentor", "multi_mentor"]) == Path(
        "results/compare-baseline-single_mentor-multi_mentor"
    )
    # 25 designs of 40-odd characters joined would pass the 255 bytes a file name may take.
    names = ["baseline"] + [f"budget_limited_mentoring_variant_number_{k:02d}" for k in range(24)]
    folder = default_out_dir(names)
    assert len(folder.name.encode()) <= 100
    assert folder.name.startswith("compare-baseline-and-24-more-")
    # The same designs find the same folder (a --resume), in any order after the baseline.
    assert default_out_dir([names[0], *reversed(names[1:])]) == folder
    assert default_out_dir(names[:-1]) != folder  # another set, another folder


def test_a_long_baseline_name_is_clipped_in_the_default_folder():
    names = ["é" * 200, "b", "c"]  # 400 bytes of baseline name
    folder = default_out_dir(names)
    assert len(folder.name.encode()) <= 100 and folder.name.startswith("compare-éé")


@pytest.mark.slow
def test_a_design_is_compared_with_the_design_it_changes_unless_baseline_is_given(tmp_path):
    def small(source: str, name: str | None = None, based_on: str | None = None) -> Scenario:
        changes = {"institution.initial_size": 150, "years": 12, "name": name or source}
        if based_on is not None:
            changes["based_on"] = based_on
        return load(ROOT / "scenarios" / f"{source}.toml").replace(**changes)

    # A copy of single_mentor that says it changes single_mentor: the same runs, seed by seed.
    designs = [
        small("baseline"),
        small("single_mentor"),
        small("single_mentor", "copy", "single_mentor"),
    ]
    default = plan(designs, reps=3, outcomes=["mentored_share"])
    assert default.baseline == "baseline" and default.references == {"copy": "single_mentor"}
    out = tmp_path / "default"
    result = run_comparison(
        default, seed=5, options=RunOptions(workers=1, out_dir=out, progress=False)
    )
    table = pd.read_csv(out / "comparison.csv")
    costs = pd.read_csv(out / "costs.csv")
    assert dict(zip(table["design"], table["reference"], strict=True)) == {
        "single_mentor": "baseline",
        "copy": "single_mentor",
    }
    assert (table["baseline"] == "baseline").all()
    assert dict(zip(costs["design"], costs["reference"], strict=True)) == {
        "single_mentor": "baseline",
        "copy": "single_mentor",
    }
    # Common random numbers: the copy against its parent differs by exactly nothing.
    copy = table[(table["design"] == "copy") & (table["verdict"] != "undefined")]
    assert len(copy) > 20
    assert (copy["diff"] == 0).all() and (copy["mean"] == copy["reference_mean"]).all()
    assert (copy["verdict"] == "no detectable difference").all()
    copy_costs = costs[(costs["design"] == "copy") & costs["measure"].str.startswith("extra_")]
    assert (copy_costs["value"] == 0).all()
    # single_mentor itself is compared with the baseline and does differ from it.
    lever = table[(table["design"] == "single_mentor") & (table["outcome"] == "mentored_share")]
    assert float(lever["diff"].iloc[0]) > 0
    manifest = (out / "manifest.json").read_text()
    assert '"copy": "single_mentor"' in manifest and '"single_mentor": "baseline"' in manifest
    assert result.table.loc[result.table["design"] == "copy", "reference"].eq("single_mentor").all()

    # --baseline compares every design with it: the copy then differs from the baseline
    # exactly as single_mentor does.
    asked = plan(designs, reps=3, baseline="baseline", outcomes=["mentored_share"])
    out = tmp_path / "asked"
    run_comparison(asked, seed=5, options=RunOptions(workers=1, out_dir=out, progress=False))
    table = pd.read_csv(out / "comparison.csv")
    assert (table["reference"] == "baseline").all()
    by = table.set_index(["design", "outcome"])["diff"]
    assert by["copy"].equals(by["single_mentor"])

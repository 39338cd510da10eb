"""Difference, ratio and year targets: loading, refusing bad entries, paired scoring, runs.

A difference target is the outcome under one scenario minus that under a reference, replicate
by replicate on the same seeds; a ratio divides instead; ``year = N`` reads the yearly table.
"""

import math

import numpy as np
import pandas as pd
import pytest

from sim.cli import main
from sim.experiment import calibration as cal
from sim.experiment.options import RunOptions
from sim.experiment.runner import SerialExecutor, simulate
from sim.experiment.stats import mean_interval
from sim.experiment.targets import Target, TargetError, check_years, load_targets, scenario_names
from sim.experiment.validate import (
    replicate_values,
    run_validation,
    scenarios_for,
    score_targets,
)
from sim.rng import replicate_seeds

TAIL = 'low = {low}\nhigh = {high}\npopulation = "juniors"\nsource = "A source."\n'


def entry(name: str, low: float = 0.0, high: float = 1.0, **keys: object) -> str:
    """One target table: the given keys, then the band, population and source."""
    lines = [f"[{name}]"] + [f"{k} = {v!r}".replace("'", '"') for k, v in keys.items()]
    return "\n".join(lines) + "\n" + TAIL.format(low=low, high=high) + "\n"


DIFFERENCE = dict(
    kind="difference", outcome="mentored_share", scenario="single_mentor", reference="baseline"
)
RATIO = dict(kind="ratio", outcome="mentored_share", scenario="single_mentor", reference="baseline")
YEAR = dict(outcome="mentored_share", scenario="baseline", year=10)


def write(tmp_path, text: str):
    path = tmp_path / "targets.toml"
    path.write_text(text, encoding="utf-8")
    return path


# -- loading ----------------------------------------------------------------------------------


def test_kinds_load_with_their_scenarios_and_years(tmp_path):
    text = (
        entry("L", outcome="attrition_10y", scenario="baseline")
        + entry("D", -1.0, 1.0, **DIFFERENCE)
        + entry("R", 0.5, 2.0, **RATIO)
        + entry("Y", **YEAR)
        + entry("DY", -1.0, 1.0, **DIFFERENCE, year=6)
    )
    level, diff, ratio, year, diff_year = load_targets(write(tmp_path, text))
    assert (level.kind, level.reference, level.year) == ("level", None, None)
    assert (diff.kind, diff.reference) == ("difference", "baseline")
    assert diff.scenarios == ("single_mentor", "baseline")
    assert diff.measure == "mentored_share: single_mentor minus baseline"
    assert ratio.measure == "mentored_share: single_mentor / baseline" and ratio.unit == "ratio"
    assert year.year == 10 and year.measure == "mentored_share (year 10) in baseline"
    assert diff_year.year == 6 and diff_year.kind == "difference"
    assert scenario_names([level, diff, ratio]) == ["baseline", "single_mentor"]


@pytest.mark.parametrize(
    "keys, fragment",
    [
        (
            dict(DIFFERENCE, kind="diference"),
            "kind = 'diference' is not allowed; expected one of level, difference, ratio; "
            "did you mean 'difference'?",
        ),
        (
            {k: v for k, v in DIFFERENCE.items() if k != "reference"},
            "missing key 'reference' (a difference target compares",
        ),
        ({k: v for k, v in RATIO.items() if k != "reference"}, "missing key 'reference'"),
        (
            dict(outcome="mentored_share", scenario="baseline", reference="single_mentor"),
            "reference = 'single_mentor' is not allowed for a level target",
        ),
        (dict(DIFFERENCE, reference="baseline_x"), "reference = 'baseline_x' is not in"),
        (dict(DIFFERENCE, reference="baselin"), "did you mean 'baseline'"),
        (
            dict(DIFFERENCE, reference="single_mentor"),
            "reference = 'single_mentor' is the target's own scenario",
        ),
        (dict(DIFFERENCE, scenario="single_mentr"), "did you mean 'single_mentor'"),
        (
            dict(outcome="mentored_shar", scenario="baseline"),
            "outcome = 'mentored_shar' is not a known outcome; did you mean 'mentored_share'?",
        ),
        (
            dict(outcome="headcount", scenario="baseline"),
            "outcome = 'headcount' is not a known outcome (it is a yearly metric: add year = N",
        ),
        (
            dict(outcome="headcont", scenario="baseline", year=5),
            "outcome = 'headcont' is not a yearly metric, which a target with year = 5 needs; "
            "did you mean 'headcount'?",
        ),
        (
            dict(outcome="attrition_10y", scenario="baseline", year=5),
            "outcome = 'attrition_10y' is not a yearly metric, which a target with year = 5 needs "
            "(it is a run-level outcome: drop year to use it)",
        ),
        (
            dict(YEAR, year=31),
            "year = 31 is not allowed; expected a whole year from 0 to 30, inside the run of "
            "baseline (30 years)",
        ),
        (dict(YEAR, year=-1), "year = -1 is not allowed"),
        (dict(YEAR, year=2.5), "year = 2.5 is not allowed"),
        (dict(YEAR, year="5"), "year = '5' is not allowed"),
        (
            dict(DIFFERENCE, year=40),
            "inside the run of single_mentor (30 years) and baseline (30 years)",
        ),
    ],
)
def test_bad_entries_are_refused_before_anything_runs(tmp_path, keys, fragment):
    path = write(tmp_path, entry("E1", **keys))
    with pytest.raises(TargetError) as err:
        load_targets(path)
    assert str(path) in str(err.value) and "[E1]" in str(err.value)
    assert fragment in str(err.value)


def test_a_year_past_a_shortened_run_is_refused():
    target = Target("Y", "mentored_share", "baseline", 0, 1, "", "", year=20)
    check_years([target], {"baseline": 30})
    with pytest.raises(
        TargetError,
        match=r"\[Y\]: year = 20 is outside the run: baseline "
        r"simulates 12 years \(--years 12\)",
    ):
        check_years([target], {"baseline": 12}, "--years 12")


def test_validate_refuses_a_year_past_years_before_running(tmp_path, capsys):
    path = write(tmp_path, entry("Y", **YEAR))
    with pytest.raises(TargetError, match="outside the run"):
        run_validation(
            load_targets(path),
            reps=2,
            seed=0,
            options=RunOptions(years=8, workers=1, out_dir=tmp_path / "out"),
        )
    assert not (tmp_path / "out").exists()
    args = ["validate", "--targets", str(path), "--years", "8", "--out", str(tmp_path / "o")]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.startswith(
        f"mentorsim: error: {path}: [Y]: year = 10 is outside the run: "
        "baseline simulates 8 years (--years 8); expected a year from 0 to 8"
    )
    assert not (tmp_path / "o").exists()


# -- scoring on constructed tables ------------------------------------------------------------


def _paired_runs() -> pd.DataFrame:
    """Two scenarios over four replicates, rows shuffled so pairing must follow replicate."""
    runs = pd.DataFrame(
        {
            "design": ["single_mentor"] * 4 + ["baseline"] * 4,
            "replicate": [0, 1, 2, 3, 0, 1, 2, 3],
            "mentored_share": [0.80, 0.70, 0.75, 0.90, 0.50, 0.55, 0.50, 0.60],
        }
    )
    return runs.sample(frac=1.0, random_state=3).reset_index(drop=True)


def test_difference_and_ratio_are_paired_by_replicate():
    runs = _paired_runs()
    diff = Target(
        "D",
        "mentored_share",
        "single_mentor",
        0.1,
        0.4,
        "",
        "",
        kind="difference",
        reference="baseline",
    )
    ratio = Target(
        "R", "mentored_share", "single_mentor", 1.2, 1.6, "", "", kind="ratio", reference="baseline"
    )
    by_hand_diff = np.array([0.80 - 0.50, 0.70 - 0.55, 0.75 - 0.50, 0.90 - 0.60])
    by_hand_ratio = np.array([0.80 / 0.50, 0.70 / 0.55, 0.75 / 0.50, 0.90 / 0.60])
    assert replicate_values(diff, runs).sort_index().to_numpy() == pytest.approx(by_hand_diff)
    assert replicate_values(ratio, runs).sort_index().to_numpy() == pytest.approx(by_hand_ratio)
    table = score_targets([diff, ratio], runs).set_index("target")
    for name, values in (("D", by_hand_diff), ("R", by_hand_ratio)):
        interval = mean_interval(values)
        row = table.loc[name]
        assert (row["value"], row["ci_low"], row["ci_high"]) == pytest.approx(
            (interval.mean, interval.low, interval.high)
        )
        assert row["n"] == 4
    assert table.loc["D", "kind"] == "difference" and table.loc["R", "reference"] == "baseline"


def test_ratio_over_a_zero_reference_is_left_out():
    runs = pd.DataFrame(
        {
            "design": ["a", "a", "a", "b", "b", "b"],
            "replicate": [0, 1, 2] * 2,
            "mentored_share": [0.4, 0.5, 0.6, 0.0, 0.25, 0.3],
        }
    )
    ratio = Target("R", "mentored_share", "a", 0, 5, "", "", kind="ratio", reference="b")
    values = replicate_values(ratio, runs)
    assert math.isnan(values[0]) and list(values[1:]) == pytest.approx([2.0, 2.0])
    assert score_targets([ratio], runs).iloc[0]["n"] == 2


def test_year_targets_read_the_yearly_table():
    yearly = pd.DataFrame(
        {
            "design": ["a"] * 4 + ["b"] * 4,
            "replicate": [0, 0, 1, 1] * 2,
            "year": [1, 2] * 4,
            "headcount": [100, 110, 102, 108, 100, 120, 101, 125],
        }
    )
    level = Target("Y", "headcount", "a", 0, 500, "", "", year=2)
    diff = Target("D", "headcount", "b", -50, 50, "", "", kind="difference", reference="a", year=2)
    assert list(replicate_values(level, pd.DataFrame(), yearly)) == [110, 108]
    assert list(replicate_values(diff, pd.DataFrame(), yearly)) == [10, 17]
    with pytest.raises(ValueError, match="reads year 2 of the yearly table"):
        replicate_values(level, pd.DataFrame())


# -- real runs --------------------------------------------------------------------------------

SMALL = {"institution.initial_size": 200}


def test_validation_runs_each_scenario_once_and_pairs_by_hand(tmp_path):
    text = (
        entry("D", -1.0, 1.0, **DIFFERENCE)
        + entry("R", 0.1, 10.0, **RATIO)
        + entry("Y", **dict(YEAR, year=8))
        + entry("L", outcome="mentored_share", scenario="baseline")
    )
    targets = load_targets(write(tmp_path, text))
    table, runs, yearly = run_validation(
        targets,
        reps=3,
        seed=4,
        options=RunOptions(years=12, workers=1, out_dir=tmp_path / "out"),
        overrides=SMALL,
    )
    # baseline is named by four targets and single_mentor by two: each ran once a replicate.
    assert sorted(runs.groupby("design")["replicate"].apply(list).items()) == [
        ("baseline", [0, 1, 2]),
        ("single_mentor", [0, 1, 2]),
    ]
    wide = runs.pivot(index="replicate", columns="design", values="mentored_share")
    rows = table.set_index("target")
    for name, values in (
        ("D", wide["single_mentor"] - wide["baseline"]),
        ("R", wide["single_mentor"] / wide["baseline"]),
        ("L", wide["baseline"]),
    ):
        interval = mean_interval(values.to_numpy())
        assert (
            rows.loc[name, "value"],
            rows.loc[name, "ci_low"],
            rows.loc[name, "ci_high"],
        ) == pytest.approx((interval.mean, interval.low, interval.high)), name
    at_8 = yearly[(yearly["design"] == "baseline") & (yearly["year"] == 8)]
    assert rows.loc["Y", "value"] == pytest.approx(at_8["mentored_share"].mean())
    written = pd.read_csv(tmp_path / "out" / "validation.csv")
    assert list(written["kind"]) == ["difference", "ratio", "level", "level"]
    assert list(written["reference"].fillna("")) == ["baseline", "baseline", "", ""]
    assert list(written["year"].fillna(-1)) == [-1, -1, 8, -1]
    assert set(written["state"]) <= {"inside", "outside", "unresolved"}


def test_calibration_residuals_use_the_mean_of_the_paired_values():
    diff = Target(
        "D",
        "mentored_share",
        "single_mentor",
        0.0,
        0.4,
        "",
        "",
        kind="difference",
        reference="baseline",
    )
    year = Target("Y", "mentored_share", "baseline", 0.3, 0.7, "", "", year=6)
    param = cal.Parameter("career.attrition_rate", 0.02, 0.10)
    scenarios = scenarios_for([diff, year], overrides=SMALL)
    assert list(scenarios) == ["single_mentor", "baseline"]  # the reference is run too
    seeds = replicate_seeds(5, 2)
    ev = cal.Evaluator([diff, year], [param], scenarios, seeds, 10, SerialExecutor(), budget=None)
    u = np.array([0.5])
    values = ev.values(u)
    changed = {name: s.replace(**{param.key: param.value(0.5)}) for name, s in scenarios.items()}
    by_hand = {
        name: [simulate(s, seed, replicate=r, years=10) for r, seed in enumerate(seeds)]
        for name, s in changed.items()
    }
    shares = {
        name: np.array([t["runs"]["mentored_share"].iloc[0] for t in tables])
        for name, tables in by_hand.items()
    }
    at_6 = [
        t["yearly"].loc[t["yearly"]["year"] == 6, "mentored_share"].iloc[0]
        for t in by_hand["baseline"]
    ]
    assert values["D"] == pytest.approx(np.mean(shares["single_mentor"] - shares["baseline"]))
    assert values["Y"] == pytest.approx(np.mean(at_6))
    residuals = ev.residuals(u, "optimise")
    assert residuals == pytest.approx(cal.residuals([diff, year], values))
    assert residuals[0] == pytest.approx((values["D"] - 0.2) / 0.2)

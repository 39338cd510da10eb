import math

import numpy as np
import pandas as pd
import pytest

from sim.cli import main
from sim.data import targets_file
from sim.experiment.stats import mean_interval
from sim.experiment.targets import TargetError, load_targets
from sim.experiment.validate import score_targets


def write(tmp_path, text):
    path = tmp_path / "targets.toml"
    path.write_text(text)
    return path


def test_shipped_targets_cover_t1_to_t11():
    targets = load_targets()
    ids = {t.id for t in targets}
    assert {f"T{k}" for k in range(1, 12)} <= ids
    for t in targets:
        assert t.low < t.high and t.source and t.population


def test_good_file_loads(tmp_path, one_wide_target):
    (target,) = load_targets(write(tmp_path, one_wide_target))
    assert target.center == 0.5 and target.half_width == 0.5
    assert target.contains(0.3) and not target.contains(1.2)


@pytest.mark.parametrize(
    "change, fragment",
    [
        (("low = 0.0", "low = 1.5"), "band [1.5, 1.0] is not allowed"),
        (("high = 1.0", "high = 0.0"), "band [0.0, 0.0] is not allowed"),
        (("low = 0.0", 'low = "zero"'), "low = 'zero' is not allowed; expected a number"),
        (
            ('outcome = "mentored_share"', 'outcome = "mentored_shares"'),
            "did you mean 'mentored_share'",
        ),
        (('scenario = "baseline"', 'scenario = "baseline_x"'), "did you mean 'baseline'"),
        (('population = "juniors"', 'populaton = "juniors"'), "unknown key 'populaton'"),
        (('source = "A source."\n', ""), "missing key 'source'"),
    ],
)
def test_bad_target_files_are_refused(tmp_path, change, fragment, one_wide_target):
    path = write(tmp_path, one_wide_target.replace(*change))
    with pytest.raises(TargetError) as err:
        load_targets(path)
    assert str(path) in str(err.value) and "[T1]" in str(err.value)
    assert fragment in str(err.value)


def test_score_targets_checks_the_interval_against_the_band():
    (target,) = load_targets(targets_file())[:1]
    runs = pd.DataFrame({"design": ["baseline"] * 3, "mentored_share": [0.5, 0.6, 0.7]})
    table = score_targets([target], runs)
    row = table.iloc[0]
    assert row["value"] == pytest.approx(0.6)
    # The mean is inside T1's band [0.45, 0.70], the interval [0.35, 0.85] is not.
    assert target.contains(0.6) and row["state"] == "unresolved" and not row["ok"]
    assert row["reps_to_resolve"] > 3
    # t interval by hand: sd 0.1, n 3, t(0.975, 2) = 4.302653
    assert row["ci_high"] - row["value"] == pytest.approx(4.302653 * 0.1 / math.sqrt(3), 1e-5)


def test_mean_interval_of_too_few_values():
    mean, low, high = mean_interval(np.array([0.4, np.nan]))[:3]
    assert mean == 0.4 and math.isnan(low) and math.isnan(high)


def test_validate_exit_code_follows_the_bands(tmp_path, capsys, one_wide_target):
    passing = write(tmp_path, one_wide_target)
    args = [
        "validate",
        "--reps",
        "2",
        "--years",
        "12",
        "--workers",
        "1",
        "--quiet",
        "--targets",
        str(passing),
        "--out",
        str(tmp_path / "ok"),
    ]
    assert main(args) == 0
    assert (tmp_path / "ok" / "validation.csv").exists()
    failing = write(tmp_path, one_wide_target.replace("high = 1.0", "high = 0.01"))
    args[args.index(str(passing))] = str(failing)
    args[-1] = str(tmp_path / "bad")
    assert main(args) == 1
    table = pd.read_csv(tmp_path / "bad" / "validation.csv")
    assert list(table.columns) == [
        "target",
        "kind",
        "outcome",
        "year",
        "scenario",
        "reference",
        "value",
        "ci_low",
        "ci_high",
        "n",
        "low",
        "high",
        "state",
        "reps_to_resolve",
        "ok",
        "source",
    ]
    assert not table["ok"].any()
    assert list(table["state"]) == ["outside"]
    assert "OUTSIDE" in capsys.readouterr().out


def test_validate_refuses_a_bad_targets_file(tmp_path, capsys, one_wide_target):
    bad = write(tmp_path, one_wide_target.replace('outcome = "mentored_share"', 'outcome = "nope"'))
    assert main(["validate", "--targets", str(bad), "--out", str(tmp_path / "x")]) == 2
    assert "not a known outcome" in capsys.readouterr().err
    assert not (tmp_path / "x").exists()

"""``mentorsim calibrate`` end to end on a tiny problem: one target, one parameter, small runs."""

import json
import tomllib

import numpy as np
import pandas as pd

from sim.cli import main
from sim.experiment.ensemble import ensemble_toml, load_ensemble

TARGET = (
    '[T2]\noutcome = "attrition_10y"\nscenario = "baseline"\nlow = 0.30\n'
    'high = 0.46\npopulation = "new assistant professors"\n'
    'figure = "38% left within 10 years"\nsource = "AAMC 2008"\n'
)
PARAMETERS = (
    '[[parameter]]\nkey = "career.attrition_rate"\nlow = 0.015\nhigh = 0.12\ntargets = ["T2"]\n'
    '[[parameter]]\nkey = "career.coaching_burnout_cut"\nlow = 0.03\nhigh = 0.4\n'
    "[history_matching]\nwaves = 1\npoints = 12\nmembers = 3\ncandidates = 9\n"
    "acceptance_seeds = 1\nacceptance_tolerance = 0.0\n"
)


def test_calibrate_writes_an_ensemble_whose_members_pass(tmp_path, capsys):
    (tmp_path / "targets.toml").write_text(TARGET)
    (tmp_path / "calibration.toml").write_text(PARAMETERS)
    out = tmp_path / "out"
    args = [
        "calibrate",
        "--targets",
        str(tmp_path / "targets.toml"),
        "--parameters",
        str(tmp_path / "calibration.toml"),
        "--years",
        "16",
        "--set",
        "institution.initial_size=150",
        "--workers",
        "1",
        "--quiet",
        "--out",
        str(out),
    ]
    assert main(args) == 0
    for name in ("ensemble.toml", "members.csv", "waves.csv", "screening.csv", "ensemble.png"):
        assert (out / name).exists(), name
    ensemble = load_ensemble(out / "ensemble.toml")
    members = pd.read_csv(out / "members.csv")
    assert len(ensemble) == len(members) >= 1
    assert ((members["value_T2"] >= 0.30) & (members["value_T2"] <= 0.46)).all()
    np.testing.assert_array_equal(
        ensemble.values, members[["career.attrition_rate", "career.coaching_burnout_cut"]]
    )
    record = tomllib.loads((out / "ensemble.toml").read_text())
    assert record["history_matching"]["points"] == 12
    # The finished runs are not silently redone or overwritten: a second call is refused...
    assert main(args) == 2
    assert "add --resume" in capsys.readouterr().err
    # ... and --resume reads them back to the same ensemble.
    first = json.loads((out / "elapsed.json").read_text())
    assert main([*args, "--resume"]) == 0
    np.testing.assert_array_equal(load_ensemble(out / "ensemble.toml").values, ensemble.values)
    # The minutes recorded count every session's wall time, not the last one's alone.
    second = json.loads((out / "elapsed.json").read_text())
    assert second["sessions"] == first["sessions"] + 1 == 2
    assert second["seconds"] > first["seconds"]
    minutes = tomllib.loads((out / "ensemble.toml").read_text())["minutes"]
    assert minutes == round(second["seconds"] / 60.0, 1)


def test_validate_with_an_ensemble_reports_coverage_per_target(tmp_path, capsys):
    (tmp_path / "targets.toml").write_text(TARGET)
    values = np.array([[0.045], [0.06]])
    meta = {"history_matching": {"seed": 2, "acceptance_seeds": 2}}
    path = tmp_path / "ensemble.toml"
    path.write_text(ensemble_toml(["career.attrition_rate"], values, meta, "test"))
    out = tmp_path / "validation"
    args = ["validate", "--targets", str(tmp_path / "targets.toml"), "--ensemble-file", str(path)]
    status = main([*args, "--ensemble", "--workers", "1", "--quiet", "--out", str(out)])
    table = pd.read_csv(out / "validation.csv")
    assert list(table["members"]) == [2]
    coverage = float(table["coverage"].iloc[0])
    assert coverage in (0.0, 0.5, 1.0)
    assert status == (0 if bool(table["ensemble_ok"].iloc[0]) else 1)
    text = capsys.readouterr().out
    assert "coverage across the ensemble" in text and "T2" in text

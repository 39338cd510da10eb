"""A calibration's tables on disk, from a result written by hand."""

from __future__ import annotations

import json
import tomllib
from types import SimpleNamespace

import pandas as pd
import pytest

from sim.experiment.calibration import (
    CalibrationResult,
    Parameter,
    calibrated_toml,
    write_tables,
)
from sim.experiment.resume import RECORD, ResumeError, check_resume


def result(correlation: bool) -> CalibrationResult:
    parameters = [
        Parameter("career.baseline_stress", 0.4, 0.8, ("T10",)),
        Parameter("career.attrition_rate", 0.01, 0.1, ("T1",)),
    ]
    keys = [p.key for p in parameters]
    jacobian = pd.DataFrame([[0.5, -0.2], [0.1, 0.9]], index=["T1", "T10"], columns=keys)
    return CalibrationResult(
        parameters=parameters,
        targets=[SimpleNamespace(id="T1"), SimpleNamespace(id="T10")],  # type: ignore[list-item]
        start={k: 0.5 for k in keys},
        calibrated={"career.baseline_stress": 0.61234567, "career.attrition_rate": 0.0423456789},
        start_values={"T1": 0.1, "T10": 0.2},
        values={"T1": 0.05, "T10": 0.3},
        loss=0.012345,
        inside=1,
        history=pd.DataFrame({"evaluation": [1, 2], "loss": [0.5, 0.012345]}),
        identifiability=pd.DataFrame({"parameter": keys, "verdict": ["identified", "weak"]}),
        jacobian=jacobian,
        correlation=(
            pd.DataFrame([[1.0, 0.3], [0.3, 1.0]], index=keys, columns=keys)
            if correlation
            else None
        ),
        condition_number=12.0,
        evaluations=2,
        seconds=3.4,
    )


def test_calibrated_values_as_a_scenario_fragment():
    text = calibrated_toml(result(correlation=True))
    assert text.startswith("# Calibrated by `mentorsim calibrate`: loss 0.01235, 1 of 2 targets")
    assert "# 2 evaluations in 3 s." in text
    # Six significant digits, grouped as a scenario file groups them.
    assert tomllib.loads(text) == {
        "career": {"baseline_stress": 0.612346, "attrition_rate": 0.0423457}
    }


@pytest.mark.parametrize("correlation", [True, False])
def test_write_tables(tmp_path, correlation):
    out = tmp_path / "new" / "calibration"
    write_tables(result(correlation), out)
    assert (out / "correlation.csv").exists() == correlation
    for name in ("calibrated.toml", "loss_history.csv", "identifiability.csv", "jacobian.csv"):
        assert (out / name).is_file(), name
    jacobian = pd.read_csv(out / "jacobian.csv", index_col="target")
    assert jacobian.loc["T10", "career.attrition_rate"] == 0.9
    assert len(pd.read_csv(out / "loss_history.csv")) == 2
    record = json.loads((out / RECORD).read_text())
    assert record == {
        "command": "calibrate",
        "parameters": ["career.baseline_stress", "career.attrition_rate"],
        "targets": ["T1", "T10"],
    }
    # The record names the command, so another command's resume there is refused.
    with pytest.raises(ResumeError, match="mentorsim calibrate"):
        check_resume(out, {"command": "run", "seed": 0})

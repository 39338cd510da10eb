"""Tests of ``mentorsim calibrate``: the parameter file loader, the residuals, a tiny run."""

import math
import tomllib

import numpy as np
import pandas as pd
import pytest

from sim.experiment import calibrate as cal
from sim.experiment.targets import Target, load_targets


def _write(tmp_path, text: str):
    path = tmp_path / "calibration.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _entry(key="career.attrition_rate", low=0.02, high=0.1, targets='["T2"]') -> str:
    return f'[[parameter]]\nkey = "{key}"\nlow = {low}\nhigh = {high}\ntargets = {targets}\n'


def test_shipped_parameter_file_loads_and_names_known_targets():
    targets = load_targets()
    params = cal.load_parameters(cal.DEFAULT_PARAMETERS, [t.id for t in targets])
    assert len(params) >= 13
    informed = {t for p in params for t in p.targets}
    assert informed == {t.id for t in targets}


def test_unknown_key_path_suggests_the_nearest(tmp_path):
    path = _write(tmp_path, _entry(key="career.atrition_rate"))
    with pytest.raises(cal.CalibrationError) as err:
        cal.load_parameters(path)
    message = str(err.value)
    assert str(path) in message and "career.atrition_rate" in message
    assert "did you mean 'career.attrition_rate'" in message


@pytest.mark.parametrize(("low", "high", "bad"), [(-0.1, 0.1, "low = -0.1"),
                                                  (0.02, 1.5, "high = 1.5")])
def test_bounds_outside_the_schema_range_are_refused(tmp_path, low, high, bad):
    path = _write(tmp_path, _entry(low=low, high=high))
    with pytest.raises(cal.CalibrationError) as err:
        cal.load_parameters(path)
    message = str(err.value)
    assert str(path) in message and "career.attrition_rate" in message and bad in message
    assert "[0.0, 1.0]" in message


@pytest.mark.parametrize(("low", "high"), [(0.1, 0.1), (0.1, 0.05)])
def test_low_not_below_high_is_refused(tmp_path, low, high):
    path = _write(tmp_path, _entry(low=low, high=high))
    with pytest.raises(cal.CalibrationError, match="expected low < high"):
        cal.load_parameters(path)


def test_other_loader_errors(tmp_path):
    with pytest.raises(cal.CalibrationError, match="cannot read"):
        cal.load_parameters(tmp_path / "missing.toml")
    with pytest.raises(cal.CalibrationError, match="not valid TOML"):
        cal.load_parameters(_write(tmp_path, "[[parameter]\n"))
    with pytest.raises(cal.CalibrationError, match="only real-valued"):
        cal.load_parameters(_write(tmp_path, _entry(key="program.eligible_years", low=1,
                                                    high=5)))
    with pytest.raises(cal.CalibrationError, match="'T99' is not a known target"):
        cal.load_parameters(_write(tmp_path, _entry(targets='["T99"]')), ["T1", "T2"])
    with pytest.raises(cal.CalibrationError, match="more than once"):
        cal.load_parameters(_write(tmp_path, _entry() + _entry()))


def test_main_prints_loader_errors_and_returns_2(tmp_path, capsys):
    path = _write(tmp_path, _entry(low=0.2, high=0.1))
    assert cal.main(["--parameters", str(path), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "error" in err and str(path) in err and "career.attrition_rate" in err
    assert not (tmp_path / "out").exists()


def test_residuals_are_zero_at_the_band_centre_and_one_at_its_edges():
    targets = [Target("A", "burnout_share", "baseline", 0.2, 0.4, "", ""),
               Target("B", "time_to_promotion", "baseline", 5.0, 6.0, "", "")]
    assert np.allclose(cal.residuals(targets, {"A": 0.3, "B": 5.5}), [0.0, 0.0])
    assert np.allclose(cal.residuals(targets, {"A": 0.4, "B": 5.0}), [1.0, -1.0])
    assert np.allclose(cal.residuals(targets, {"A": 0.2, "B": 6.0}), [-1.0, 1.0])
    nan = cal.residuals(targets, {"A": math.nan})
    assert np.allclose(nan, [cal.NAN_RESIDUAL, cal.NAN_RESIDUAL])


def test_parameter_maps_to_and_from_the_unit_interval():
    p = cal.Parameter("career.attrition_rate", 0.02, 0.10)
    assert p.value(0.0) == 0.02 and p.value(1.0) == 0.10
    assert p.unit(p.value(0.25)) == pytest.approx(0.25)
    assert p.value(1.5) == 0.10  # clipped to the bounds


def test_tiny_calibration_runs_and_writes_its_files(tmp_path):
    targets = load_targets()
    params = [cal.Parameter("career.attrition_rate", 0.02, 0.10, ("T2",)),
              cal.Parameter("career.baseline_stress", 0.4, 0.8, ("T10",))]
    out = tmp_path / "cal"
    result = cal.calibrate(targets, params, budget=3, reps=1, seed=3, workers=1,
                           progress=False, years=16,
                           overrides={"institution.initial_size": 150}, out_dir=out)
    assert result.evaluations <= 3
    assert set(result.calibrated) == {p.key for p in params}
    for p in params:
        assert p.low <= result.calibrated[p.key] <= p.high
    for name in ("calibrated.toml", "loss_history.csv", "identifiability.csv",
                 "jacobian.csv", "loss_history.png"):
        assert (out / name).exists(), name
    written = tomllib.loads((out / "calibrated.toml").read_text(encoding="utf-8"))
    assert set(written) == {"career"}
    assert written["career"]["attrition_rate"] == pytest.approx(
        result.calibrated["career.attrition_rate"], rel=1e-5)
    history = pd.read_csv(out / "loss_history.csv")
    assert {"evaluation", "loss", "inside", "career.attrition_rate"} <= set(history.columns)
    assert len(history) == len(result.history) <= 3 + 2 * len(params)
    ident = pd.read_csv(out / "identifiability.csv")
    assert list(ident["parameter"]) == [p.key for p in params]
    assert set(ident["verdict"]) <= {"well identified", "weakly identified"}
    assert "calibrated" in cal.summary_text(result)


def test_start_outside_the_bounds_is_refused():
    params = [cal.Parameter("career.attrition_rate", 0.02, 0.10)]
    with pytest.raises(cal.CalibrationError, match=r"outside its calibration bounds"):
        cal.calibrate(load_targets(), params, budget=1, reps=1, seed=0, workers=1,
                      start={"career.attrition_rate": 0.5}, progress=False)


def test_start_values_are_read_from_a_scenario_layout_file(tmp_path):
    params = [cal.Parameter("career.attrition_rate", 0.02, 0.10),
              cal.Parameter("mentors.willing_share", 0.05, 0.5)]
    path = tmp_path / "start.toml"
    path.write_text("name = 'x'\n[career]\nattrition_rate = 0.05\nbaseline_stress = 0.5\n",
                    encoding="utf-8")
    assert cal.load_start(path, params) == {"career.attrition_rate": 0.05}
    path.write_text("[career]\nattrition_rate = 'high'\n", encoding="utf-8")
    with pytest.raises(cal.CalibrationError, match="career.attrition_rate"):
        cal.load_start(path, params)

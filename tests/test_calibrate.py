"""Tests of ``mentorsim calibrate``: loader, residuals, identifiability, recovering values.

A tiny run checks the files; a synthetic-target run checks that the search finds known
parameter values again.
"""

import math
import tomllib

import numpy as np
import pandas as pd
import pytest

from sim import workflows
from sim.cli import main
from sim.experiment import calibration as cal
from sim.experiment.calibration.identifiability import CLEAR_RISE, identifiability
from sim.experiment.options import RunOptions
from sim.experiment.runner import simulate
from sim.experiment.targets import Target, load_targets
from sim.experiment.validate import scenarios_for
from sim.report.documents.calibration import summary_text
from sim.rng import replicate_seeds


def _write(tmp_path, text: str):
    path = tmp_path / "calibration.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _entry(key="career.attrition_rate", low=0.02, high=0.1, targets='["T2"]') -> str:
    return f'[[parameter]]\nkey = "{key}"\nlow = {low}\nhigh = {high}\ntargets = {targets}\n'


def test_shipped_parameter_file_loads_and_names_known_targets():
    targets = load_targets()
    params = cal.load_parameters(None, [t.id for t in targets])
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


@pytest.mark.parametrize(
    ("low", "high", "bad"), [(-0.1, 0.1, "low = -0.1"), (0.02, 1.5, "high = 1.5")]
)
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
        cal.load_parameters(_write(tmp_path, _entry(key="program.eligible_years", low=1, high=5)))
    with pytest.raises(cal.CalibrationError, match="'T99' is not a known target"):
        cal.load_parameters(_write(tmp_path, _entry(targets='["T99"]')), ["T1", "T2"])
    with pytest.raises(cal.CalibrationError, match="more than once"):
        cal.load_parameters(_write(tmp_path, _entry() + _entry()))


def test_main_prints_loader_errors_and_returns_2(tmp_path, capsys):
    path = _write(tmp_path, _entry(low=0.2, high=0.1))
    assert main(["calibrate", "--parameters", str(path), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "error" in err and str(path) in err and "career.attrition_rate" in err
    assert not (tmp_path / "out").exists()


def test_residuals_are_zero_at_the_band_centre_and_one_at_its_edges():
    targets = [
        Target("A", "burnout_share", "baseline", 0.2, 0.4, "", ""),
        Target("B", "time_to_promotion", "baseline", 5.0, 6.0, "", ""),
    ]
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


def test_progress_note_sets_each_evaluation_against_the_best_in_the_same_terms():
    from sim.experiment.calibration.search import progress_note

    # The objective is the loss plus the margin penalty, so a best objective of 4,120 sat
    # beside a later evaluation's loss of 494 and looked worse than it.
    records = [
        {"loss": 3900.0, "objective": 4120.0, "inside": 15},
        {"loss": 494.0, "objective": 5210.0, "inside": 14},
    ]
    notes = [
        progress_note(r, min(records[: k + 1], key=lambda x: x["objective"]), 21)
        for k, r in enumerate(records)
    ]
    assert notes == [
        "objective 4.12e+03, 15/21 inside; best so far 4.12e+03, 15/21 inside",
        "objective 5.21e+03, 14/21 inside; best so far 4.12e+03, 15/21 inside",
    ]
    assert all("loss" not in note and "494" not in note for note in notes)


@pytest.mark.slow
def test_tiny_calibration_runs_and_writes_its_files(tmp_path):
    targets = load_targets()
    params = [
        cal.Parameter("career.attrition_rate", 0.02, 0.10, ("T2",)),
        cal.Parameter("career.baseline_stress", 0.4, 0.8, ("T10",)),
    ]
    out, result = workflows.calibrate(
        targets,
        params,
        budget=3,
        reps=1,
        seed=3,
        overrides={"institution.initial_size": 150},
        options=RunOptions(workers=1, progress=False, years=16, out_dir=tmp_path / "cal"),
    )
    assert result.evaluations <= 3
    assert set(result.calibrated) == {p.key for p in params}
    for p in params:
        assert p.low <= result.calibrated[p.key] <= p.high
    for name in (
        "calibrated.toml",
        "loss_history.csv",
        "identifiability.csv",
        "jacobian.csv",
        "loss_history.png",
    ):
        assert (out / name).exists(), name
    written = tomllib.loads((out / "calibrated.toml").read_text(encoding="utf-8"))
    assert set(written) == {"career"}
    assert written["career"]["attrition_rate"] == pytest.approx(
        result.calibrated["career.attrition_rate"], rel=1e-5
    )
    history = pd.read_csv(out / "loss_history.csv")
    assert {"evaluation", "loss", "inside", "career.attrition_rate"} <= set(history.columns)
    assert len(history) == len(result.history) <= 3 + 2 * len(params)
    ident = pd.read_csv(out / "identifiability.csv")
    assert list(ident["parameter"]) == [p.key for p in params]
    # The verdict must follow from the profile it reports: well identified exactly when the
    # loss rises clearly on both sides of the optimum.
    rises = np.minimum(ident["loss_minus"], ident["loss_plus"]) - ident["loss_opt"]
    assert list(ident["verdict"] == "well identified") == list(rises > CLEAR_RISE)
    assert "calibrated" in summary_text(result)


class _KnownResiduals:
    """A stand-in evaluator whose residuals are known functions of the normalised point.

    The first target moves steeply with the first parameter (a sharp minimum at u = 0.5);
    nothing moves with the second, so the targets cannot pin it down.
    """

    def __init__(self):
        self.targets = [
            Target("A", "burnout_share", "baseline", 0.2, 0.4, "", ""),
            Target("B", "mentored_share", "baseline", 0.4, 0.6, "", ""),
        ]
        self.parameters = [
            cal.Parameter("career.attrition_rate", 0.0, 0.2),
            cal.Parameter("career.baseline_stress", 0.0, 1.0),
        ]

    def residuals(self, u, phase):
        return np.array([20.0 * (u[0] - 0.5), 0.1])


def test_identifiability_tells_a_pinned_parameter_from_a_free_one():
    report, jacobian, corr, _ = identifiability(_KnownResiduals(), np.array([0.5, 0.5]))
    verdicts = dict(zip(report["parameter"], report["verdict"], strict=True))
    assert verdicts == {
        "career.attrition_rate": "well identified",
        "career.baseline_stress": "weakly identified",
    }
    assert jacobian.loc["A", "career.attrition_rate"] == pytest.approx(20.0)
    assert jacobian.loc[:, "career.baseline_stress"].abs().max() == pytest.approx(0.0)
    assert corr is None  # J^T J is singular: one parameter moves nothing
    weakest = report.set_index("parameter")["weakest_direction"]
    assert abs(weakest["career.baseline_stress"]) == pytest.approx(1.0)


@pytest.mark.slow
def test_calibration_recovers_known_parameter_values():
    """Targets made by the model itself at known values are found again from elsewhere.

    The targets are the model's own mean annual attrition and burnout share at
    attrition_rate 0.05 and baseline_stress 0.6, on the seeds the calibration uses, with
    narrow bands; the search starts at 0.085 and 0.45. Common random numbers make the true
    point reproduce the targets exactly, so the search must land near it.
    """
    truth = {"career.attrition_rate": 0.05, "career.baseline_stress": 0.6}
    small = {"institution.initial_size": 300}
    reps, seed, years = 2, 11, 14
    (scenario,) = scenarios_for(
        [Target("x", "annual_attrition", "baseline", 0, 1, "", "")], overrides={**small, **truth}
    ).values()
    rows = pd.concat(
        [
            simulate(scenario, s, replicate=r, years=years)["runs"]
            for r, s in enumerate(replicate_seeds(seed, reps))
        ]
    )
    targets = []
    for tid, outcome, half_width in (
        ("A", "annual_attrition", 0.002),
        ("B", "burnout_share", 0.01),
    ):
        value = float(rows[outcome].mean())
        targets.append(
            Target(
                tid,
                outcome,
                "baseline",
                value - half_width,
                value + half_width,
                "synthetic",
                "the model at known values",
            )
        )
    params = [
        cal.Parameter("career.attrition_rate", 0.02, 0.10, ("A",)),
        cal.Parameter("career.baseline_stress", 0.3, 0.8, ("B",)),
    ]
    result = cal.calibrate(
        targets,
        params,
        budget=40,
        reps=reps,
        seed=seed,
        options=RunOptions(workers=1, progress=False, years=years),
        overrides=small,
        start={"career.attrition_rate": 0.085, "career.baseline_stress": 0.45},
    )
    assert result.calibrated["career.attrition_rate"] == pytest.approx(0.05, abs=0.005)
    assert result.calibrated["career.baseline_stress"] == pytest.approx(0.6, abs=0.04)
    assert result.inside == 2


def test_start_outside_the_bounds_is_refused():
    params = [cal.Parameter("career.attrition_rate", 0.02, 0.10)]
    with pytest.raises(cal.CalibrationError, match=r"outside its calibration bounds"):
        cal.calibrate(
            load_targets(),
            params,
            budget=1,
            reps=1,
            seed=0,
            options=RunOptions(workers=1, progress=False),
            start={"career.attrition_rate": 0.5},
        )


def test_start_values_are_read_from_a_scenario_layout_file(tmp_path):
    params = [
        cal.Parameter("career.attrition_rate", 0.02, 0.10),
        cal.Parameter("mentors.willing_share", 0.05, 0.5),
    ]
    path = tmp_path / "start.toml"
    path.write_text(
        "name = 'x'\n[career]\nattrition_rate = 0.05\nbaseline_stress = 0.5\n", encoding="utf-8"
    )
    assert cal.load_start(path, params) == {"career.attrition_rate": 0.05}
    path.write_text("[career]\nattrition_rate = 'high'\n", encoding="utf-8")
    with pytest.raises(cal.CalibrationError, match="career.attrition_rate"):
        cal.load_start(path, params)

"""A calibration's result tables on disk: the calibrated values and the evidence behind them."""

from __future__ import annotations

from pathlib import Path

from sim.experiment import resume as resuming
from sim.experiment.calibration.search import CalibrationResult
from sim.scenario import dump_toml

#: Files :func:`write_tables` writes (``correlation.csv`` only when J^T J is invertible).
TABLE_FILES = (
    "calibrated.toml",
    "loss_history.csv",
    "identifiability.csv",
    "jacobian.csv",
    "correlation.csv",
)


def calibrated_toml(result: CalibrationResult) -> str:
    """The calibrated values in scenario-TOML layout ([group] name = value)."""
    nested: dict[str, dict[str, float]] = {}
    for key, value in result.calibrated.items():
        group, name = key.split(".")
        nested.setdefault(group, {})[name] = float(f"{value:.6g}")
    head = (
        f"# Calibrated by `mentorsim calibrate`: loss {result.loss:.4g}, "
        f"{result.inside} of {len(result.targets)} targets inside their band,\n"
        f"# {result.evaluations} evaluations in {result.seconds:.0f} s.\n"
    )
    return head + dump_toml(nested).lstrip("\n")


def write_tables(result: CalibrationResult, out_dir: Path) -> None:
    """Write the result tables into out_dir (created if missing).

    Files: calibrated.toml (usable as a start file or scenario fragment), loss_history.csv,
    identifiability.csv, jacobian.csv, correlation.csv (when J^T J is invertible) and
    experiment.json (the record naming the command, ``sim.experiment.resume``).
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    # Named, so a resume of another command in this folder is refused, not overwriting it.
    resuming.write_record(
        out_dir,
        {
            "command": "calibrate",
            "parameters": [p.key for p in result.parameters],
            "targets": [t.id for t in result.targets],
        },
    )
    (out_dir / "calibrated.toml").write_text(calibrated_toml(result), encoding="utf-8")
    result.history.to_csv(out_dir / "loss_history.csv", index=False)
    result.identifiability.to_csv(out_dir / "identifiability.csv", index=False)
    result.jacobian.to_csv(out_dir / "jacobian.csv", index_label="target")
    if result.correlation is not None:
        result.correlation.to_csv(out_dir / "correlation.csv", index_label="parameter")

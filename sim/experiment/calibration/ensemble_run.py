"""``mentorsim calibrate``: history-match the model to its targets and write the ensemble.

Runs the waves of :mod:`~sim.experiment.calibration.history` on the model's targets and
calibrated parameters, resumably (each run written as it finishes under ``--out``), on local
processes or a Dask cluster, and writes ``ensemble.toml`` (the members, with what made them:
:mod:`sim.experiment.ensemble`), ``waves.csv`` (what each wave ruled out), ``members.csv``
(each member's values and target values on the acceptance seeds) and ``screening.csv`` (which
parameters move which target, from the last wave's emulator length scales).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sim.experiment import resume as resuming
from sim.experiment.calibration.emulator import ACTIVE_LENGTH_SCALE
from sim.experiment.calibration.history import HistoryResult, history_match
from sim.experiment.calibration.model_task import model_problem
from sim.experiment.calibration.parameters import CalibrationError, Parameter
from sim.experiment.calibration.settings import HistoryMatching
from sim.experiment.ensemble import REGENERATE, ensemble_toml, fingerprint, sha256_file
from sim.experiment.options import RunOptions
from sim.experiment.resume import write_json
from sim.experiment.runner import make_executor
from sim.experiment.targets import Target
from sim.experiment.validate import check_run_years, scenarios_for


@dataclass
class EnsembleCalibration:
    """What ``calibrate`` produced: the ensemble's text, its tables and its cost."""

    out_dir: Path
    history: HistoryResult
    members: pd.DataFrame
    screening: pd.DataFrame
    text: str
    seconds: float


def screening_table(
    result: HistoryResult, parameters: Sequence[Parameter], targets: Sequence[Target]
) -> pd.DataFrame:
    """Length scale of each parameter in each target's last-wave emulator (short = moves it).

    Returns:
        One row per parameter: its length scale for each target, and ``constrains`` (the
        targets it is active for, length scale under ``ACTIVE_LENGTH_SCALE``).
    """
    rows = []
    last = result.emulators[-1]
    for i, p in enumerate(parameters):
        row: dict[str, Any] = {"parameter": p.key}
        active = []
        for t, em in zip(targets, last, strict=True):
            row[t.id] = float(em.length_scales[i])
            if em.length_scales[i] < ACTIVE_LENGTH_SCALE:
                active.append(t.id)
        row["constrains"] = " ".join(active)
        rows.append(row)
    return pd.DataFrame(rows)


def midpoints(parameters: Sequence[Parameter]) -> dict[str, float]:
    """Each parameter at the middle of its range (where the model's fingerprint is taken)."""
    return {p.key: 0.5 * (p.low + p.high) for p in parameters}


#: File in a calibration's folder holding the wall seconds of all its sessions so far.
ELAPSED_FILE = "elapsed.json"


def add_elapsed(out_dir: Path, seconds: float) -> float:
    """Add a session's wall seconds to the folder's running total; return the total."""
    path = Path(out_dir) / ELAPSED_FILE
    try:
        record = json.loads(path.read_text())
        before, sessions = float(record["seconds"]), int(record["sessions"])
    except (OSError, ValueError, KeyError, TypeError):
        before, sessions = 0.0, 0  # none yet, or a file cut short by a kill
    write_json(path, {"seconds": before + seconds, "sessions": sessions + 1})
    return before + seconds


def default_out_dir(parameters: Sequence[Parameter]) -> Path:
    """``results/calibration-ensemble-<model fingerprint>/``.

    Keyed by the model's fingerprint, so that after the model changes a calibration starts
    in a fresh folder, and an interrupted one of the same model resumes in its own.
    """
    return Path("results") / f"calibration-ensemble-{fingerprint(midpoints(parameters))[:8]}"


def calibrate_ensemble(
    targets: Sequence[Target],
    parameters: Sequence[Parameter],
    settings: HistoryMatching,
    *,
    targets_file: Path,
    parameters_file: Path,
    model_version: str,
    options: RunOptions,
    overrides: Mapping[str, Any] | None = None,
    say: Callable[[str], None] | None = None,
) -> EnsembleCalibration:
    """History-match the model and write the ensemble and its tables into ``options.out_dir``.

    ``options`` gives the folder (required), ``resume`` (continue a calibration stopped
    part way), ``workers`` or ``scheduler``, ``years`` per run and ``progress``.

    Raises:
        CalibrationError: when ``out_dir`` holds runs of a calibration and ``resume`` is not
            set, or when no candidate passed every target.
        sim.experiment.resume.ResumeError: when resuming a folder of other inputs.
    """
    targets, parameters = list(targets), list(parameters)
    fixed = dict(overrides or {})
    scenarios = scenarios_for(targets, None, fixed or None)
    years, resume = options.years, options.resume
    check_run_years(targets, scenarios, years)
    out_dir = options.required_folder("calibrate_ensemble")
    if (out_dir / "wave-1").exists() and not resume:
        raise CalibrationError(
            f"{out_dir} holds the runs of an earlier calibration; add --resume to continue "
            "it, or give another --out"
        )
    record = {
        "command": "calibrate",
        "method": "history matching",
        "settings": settings.to_dict(),
        "parameters": [[p.key, p.low, p.high] for p in parameters],
        "targets_sha256": sha256_file(targets_file),
        "years": years,
        "set": {k: str(v) for k, v in fixed.items()},
        # A changed model must not reuse the runs of the old one.
        "model_fingerprint": fingerprint(midpoints(parameters)),
    }
    resuming.begin(out_dir, record, resume=resume)
    problem = model_problem(targets, parameters, scenarios, years)
    began = time.perf_counter()
    executor = make_executor(options.workers, options.scheduler)
    try:
        result = history_match(
            problem, settings, out_dir, executor, progress=options.progress, say=say
        )
    finally:
        executor.shutdown(wait=True, cancel_futures=True)
        # Counted even when the session is interrupted, so a resumed calibration reports
        # the wall time of every session, not of the last one alone.
        seconds = add_elapsed(out_dir, time.perf_counter() - began)
    if len(result.members) == 0:
        raise CalibrationError(
            f"no candidate passed every target after {result.runs} runs; see "
            f"{out_dir}/waves.csv, and raise [history_matching] candidates or widen the "
            "parameters' ranges"
        )
    values = np.array(
        [[p.value(x) for p, x in zip(parameters, u, strict=True)] for u in result.members]
    )
    members = pd.DataFrame(values, columns=[p.key for p in parameters])
    members.insert(0, "member", np.arange(1, len(members) + 1))
    for j, t in enumerate(targets):
        members[f"value_{t.id}"] = result.member_values[:, j]
    screening = screening_table(result, parameters, targets)
    meta: dict[str, Any] = {
        "model_version": model_version,
        "targets_sha256": sha256_file(targets_file),
        "calibration_sha256": sha256_file(parameters_file),
        "fingerprint": fingerprint(dict(zip(members.columns[1:], values[0], strict=False))),
        "runs": int(result.runs),
        "minutes": round(seconds / 60.0, 1),
        "history_matching": settings.to_dict(),
    }
    header = (
        "The calibrated ensemble: parameter values the targets (experiments/targets.toml) do\n"
        "not rule out, found by history matching with emulators (docs/calibration.md).\n"
        f"Written by `mentorsim calibrate`; regenerate with `{REGENERATE}` whenever the\n"
        "model, the targets or experiments/calibration.toml change (a test fails until then).\n"
        f"{len(members)} members, {result.runs} runs, {seconds / 60:.1f} minutes.\n"
    )
    names = [p.key for p in parameters]
    text = ensemble_toml(names, values, meta, header)
    (out_dir / "ensemble.toml").write_text(text, encoding="utf-8")
    result.waves.to_csv(out_dir / "waves.csv", index=False)
    members.to_csv(out_dir / "members.csv", index=False)
    screening.to_csv(out_dir / "screening.csv", index=False)
    return EnsembleCalibration(out_dir, result, members, screening, text, seconds)

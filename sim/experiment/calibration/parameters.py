"""Calibration parameter files: which scenario parameters are fitted, within which bounds.

``experiments/calibration.toml`` (installed as package data, see ``sim.data``) holds one
``[[parameter]]`` table per fitted parameter: its key path, search bounds inside the schema's
range, and the targets it mainly informs. A start file in scenario layout (an earlier
``calibrated.toml``) can set where the search begins.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from sim import data
from sim.errors import InputError
from sim.experiment.calibration.settings import TABLE, HistoryMatching, load_settings
from sim.scenario import parameter_fields
from sim.suggest import did_you_mean
from sim.tomlfile import read_toml

ENTRY_KEYS = ("key", "low", "high", "targets")


class CalibrationError(InputError):
    """A calibration parameter file (or start value) that fails validation."""


@dataclass(frozen=True)
class Parameter:
    """One calibrated parameter: its key path, search bounds and the targets it informs."""

    key: str
    low: float
    high: float
    targets: tuple[str, ...] = ()

    def value(self, u: float) -> float:
        """The parameter value at normalised position u in [0, 1]."""
        return self.low + float(np.clip(u, 0.0, 1.0)) * (self.high - self.low)

    def unit(self, value: float) -> float:
        """The normalised position of a parameter value."""
        return (value - self.low) / (self.high - self.low)


def load_parameters(
    path: str | Path | None = None, target_ids: Sequence[str] | None = None
) -> list[Parameter]:
    """Load and validate a calibration parameter file.

    Args:
        path: TOML file with one ``[[parameter]]`` table per parameter (key, low, high,
            targets); default: the shipped ``experiments/calibration.toml``.
        target_ids: Known target ids; when given, each entry's targets must be among them.

    Returns:
        The parameters in file order.

    Raises:
        CalibrationError: naming the file, the key, the bad value and what is allowed.
        sim.data.DataFileError: when the shipped file is asked for and missing.
    """
    path = Path(path) if path is not None else data.calibration_file()
    content = read_toml(path, "parameter file", CalibrationError)
    entries = content.get("parameter")
    extra = [k for k in content if k not in ("parameter", TABLE)]
    if extra or not isinstance(entries, list) or not entries:
        raise CalibrationError(
            f"{path}: expected one or more [[parameter]] tables with keys {', '.join(ENTRY_KEYS)}"
            f" and an optional [{TABLE}] table"
            + (f"; unknown key {extra[0]!r}{_nearest(extra[0])}" if extra else "")
        )
    known = parameter_fields()
    params = [
        _parameter(entry, known, target_ids, where=f"{path}: parameter {n}")
        for n, entry in enumerate(entries, start=1)
    ]
    keys = [p.key for p in params]
    repeated = sorted({k for k in keys if keys.count(k) > 1})
    if repeated:
        raise CalibrationError(f"{path}: {repeated[0]} is listed more than once")
    return params


def _nearest(key: str) -> str:
    return did_you_mean(key, ["parameter", TABLE])


def load_history_matching(path: str | Path | None = None) -> HistoryMatching:
    """The ``[history_matching]`` settings of a calibration file (defaults when absent).

    Raises:
        sim.experiment.calibration.settings.SettingsError: naming the file, key and value.
    """
    path = Path(path) if path is not None else data.calibration_file()
    content = read_toml(path, "parameter file", CalibrationError)
    return load_settings(content.get(TABLE), path)


def _parameter(
    entry: Any, known: dict[str, dataclasses.Field], target_ids: Sequence[str] | None, *, where: str
) -> Parameter:
    """Validate one ``[[parameter]]`` table."""
    if not isinstance(entry, dict):
        raise CalibrationError(f"{where}: expected a table with keys {', '.join(ENTRY_KEYS)}")
    for name in entry:
        if name not in ENTRY_KEYS:
            raise CalibrationError(f"{where}: unknown key {name!r}{did_you_mean(name, ENTRY_KEYS)}")
    for name in ("key", "low", "high"):
        if name not in entry:
            raise CalibrationError(f"{where}: missing key {name!r}")
    key = entry["key"]
    if not isinstance(key, str) or key not in known:
        raise CalibrationError(
            f"{where}: key = {key!r} is not a scenario parameter{did_you_mean(key, known)}"
        )
    f = known[key]
    kind = type(f.default)
    if kind is not float:
        raise CalibrationError(
            f"{where}: {key} is {kind.__name__}-valued; only real-valued "
            "parameters can be calibrated"
        )
    lo, hi = f.metadata.get("lo"), f.metadata.get("hi")
    allowed = f"a number in [{lo}, {hi}] (the schema's range for {key})"
    for name in ("low", "high"):
        value = entry[name]
        if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
            raise CalibrationError(
                f"{where}: {key} {name} = {value!r} is not allowed; expected {allowed}"
            )
        if (lo is not None and value < lo) or (hi is not None and value > hi):
            raise CalibrationError(
                f"{where}: {key} {name} = {value!r} is outside the "
                f"schema's range; expected {allowed}"
            )
    low, high = float(entry["low"]), float(entry["high"])
    if not low < high:
        raise CalibrationError(
            f"{where}: {key} bounds [{low}, {high}] are not allowed; expected low < high"
        )
    targets = entry.get("targets", [])
    if isinstance(targets, str):
        targets = [targets]
    if not isinstance(targets, list) or not all(isinstance(t, str) for t in targets):
        raise CalibrationError(
            f"{where}: {key} targets = {targets!r} is not allowed; "
            'expected a list of target ids like ["T1"]'
        )
    if target_ids is not None:
        for t in targets:
            if t not in target_ids:
                raise CalibrationError(
                    f"{where}: {key} targets: {t!r} is not a known target"
                    f"{did_you_mean(t, target_ids)}"
                )
    return Parameter(key=key, low=low, high=high, targets=tuple(targets))


def load_start(path: str | Path, parameters: Sequence[Parameter]) -> dict[str, float]:
    """Starting values from a TOML file in scenario layout (e.g. an earlier calibrated.toml).

    Args:
        path: The file; keys that are not calibrated parameters are ignored.
        parameters: The calibrated parameters.

    Returns:
        Parameter key -> starting value, for the parameters the file sets.

    Raises:
        CalibrationError: for an unreadable file or a value that is not a number.
    """
    path = Path(path)
    content = read_toml(path, "start file", CalibrationError)
    start = {}
    for p in parameters:
        group, name = p.key.split(".")
        table = content.get(group, {})
        if isinstance(table, dict) and name in table:
            value = table[name]
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise CalibrationError(
                    f"{path}: {p.key} = {value!r} is not allowed; expected a "
                    f"number in [{p.low}, {p.high}]"
                )
            start[p.key] = float(value)
    return start

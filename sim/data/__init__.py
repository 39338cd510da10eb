"""The data files the library reads: shipped scenarios, literature targets, calibration.

The source tree keeps them in its top-level ``scenarios/`` and ``experiments/`` folders; the
build installs those folders as the packages ``sim.data.scenarios`` and
``sim.data.experiments`` (``package-dir`` in ``pyproject.toml``), so the same import finds
them in a source checkout (editable install) and in an installed wheel, wherever the current
folder is. Nothing here depends on where this file sits.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from sim.errors import InputError

SCENARIOS = "sim.data.scenarios"
EXPERIMENTS = "sim.data.experiments"


class DataFileError(InputError):
    """A data file the library ships is missing from the installation."""


def data_dir(package: str) -> Path:
    """The folder of a data package on disk.

    Args:
        package: ``SCENARIOS`` or ``EXPERIMENTS``.

    Returns:
        The folder (a real directory: the data are installed as plain files).

    Raises:
        DataFileError: when the package is not installed or is not a folder on disk.
    """
    try:
        root = resources.files(package)
    except ModuleNotFoundError:
        raise DataFileError(
            f"{package} is not installed: mentorsim's data files are missing; reinstall mentorsim"
        ) from None
    path = Path(str(root))
    if not path.is_dir():
        raise DataFileError(f"{path}: the data folder of {package} is missing; reinstall mentorsim")
    return path


def data_file(package: str, name: str) -> Path:
    """A data file on disk, checked to exist.

    Args:
        package: ``SCENARIOS`` or ``EXPERIMENTS``.
        name: The file name, e.g. ``"targets.toml"``.

    Returns:
        The file's path.

    Raises:
        DataFileError: naming the path where the file should be.
    """
    path = data_dir(package) / name
    if not path.is_file():
        raise DataFileError(
            f"{path}: missing; this file ships with mentorsim (package "
            f"{package}), so the installation is incomplete"
        )
    return path


def scenarios_dir() -> Path:
    """The folder of the shipped scenario files (``scenarios/`` in a source checkout)."""
    return data_dir(SCENARIOS)


def targets_file() -> Path:
    """The literature targets, ``experiments/targets.toml``."""
    return data_file(EXPERIMENTS, "targets.toml")


def calibration_file() -> Path:
    """The calibrated parameters and their bounds, ``experiments/calibration.toml``."""
    return data_file(EXPERIMENTS, "calibration.toml")


def ensemble_file() -> Path:
    """The calibrated ensemble, ``experiments/ensemble.toml`` (``mentorsim calibrate``)."""
    return data_file(EXPERIMENTS, "ensemble.toml")

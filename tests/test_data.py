"""The data files the library reads are package data, found through their packages."""

import tomllib
from pathlib import Path

import pytest

from sim import data
from sim.cli import main

ROOT = Path(__file__).resolve().parents[1]


def test_shipped_files_are_found_through_the_packages():
    assert data.targets_file().name == "targets.toml"
    assert data.calibration_file().name == "calibration.toml"
    names = {p.stem for p in data.scenarios_dir().glob("*.toml")}
    assert {"baseline", "multi_mentor", "research_career"} <= names
    # In a checkout they are the top-level folders themselves, not copies.
    assert data.scenarios_dir().resolve() == (ROOT / "scenarios").resolve()


def test_a_missing_data_file_is_named_with_its_path(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(data, "data_dir", lambda package: tmp_path)
    with pytest.raises(data.DataFileError, match=str(tmp_path / "targets.toml")):
        data.targets_file()
    assert main(["validate", "--out", str(tmp_path / "out"), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert str(tmp_path / "targets.toml") in err and "missing" in err
    assert not (tmp_path / "out").exists()


def test_a_data_package_that_is_not_installed_is_named():
    with pytest.raises(data.DataFileError, match="sim.data.nothing is not installed"):
        data.data_dir("sim.data.nothing")


def _packages_on_disk() -> set[str]:
    return {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "sim").rglob("__init__.py")}


def test_pyproject_lists_every_package():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    assert _packages_on_disk() <= listed, "add the new package to pyproject's packages"
    mapped = config["tool"]["setuptools"]["package-dir"]
    assert mapped == {"sim.data.experiments": "experiments", "sim.data.scenarios": "scenarios"}


def test_license_is_an_spdx_expression():
    # A table (license = {text = ...}) makes setuptools print a deprecation warning on every
    # install; the SPDX string is the current form.
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert config["project"]["license"] == "MIT"

"""A command needing a missing optional dependency stops first, with one line naming it.

The core install is the model and the CLI; the app, clusters and SALib are extras.

A missing module is simulated by ``sys.modules[name] = None``, which makes ``import name``
raise ImportError whether or not the module is installed.
"""

import sys
import tomllib
from pathlib import Path

import pytest

from sim.cli import main
from sim.extras import EXTRAS, MissingExtraError, require

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def block(monkeypatch: pytest.MonkeyPatch, module: str) -> None:
    monkeypatch.setitem(sys.modules, module, None)


def test_every_extra_is_declared_in_pyproject_and_left_out_of_the_core():
    declared = PYPROJECT["project"]["optional-dependencies"]
    core = " ".join(PYPROJECT["project"]["dependencies"]).lower()
    for extra in EXTRAS:
        assert extra in declared, f"pyproject.toml declares no [{extra}] extra"
    (everything,) = declared["all"]
    assert set(everything.removeprefix("mentorsim[").removesuffix("]").split(",")) == set(EXTRAS)
    for package in ("solara", "ipyvuetify", "ipyvue", "dask", "salib"):
        assert package not in core, f"{package} is in the core dependencies"


def test_make_installs_every_extra():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    line = next(line for line in makefile.splitlines() if line.startswith("EXTRAS :="))
    assert set(line.split(":=")[1].strip().split(",")) == {"dev", *EXTRAS}


def test_require_passes_when_installed():
    require("sensitivity", "a test")  # SALib is installed with make's extras


def test_require_names_the_extra_and_the_install_command(monkeypatch):
    block(monkeypatch, "SALib")
    with pytest.raises(MissingExtraError) as err:
        require("sensitivity", "mentorsim sensitivity")
    message = str(err.value)
    assert "\n" not in message
    assert message == (
        "mentorsim sensitivity needs the optional 'sensitivity' dependencies (SALib is not "
        "installed): pip install 'mentorsim[sensitivity]'"
    )


def test_app_without_its_extra_is_one_line(monkeypatch, capsys):
    block(monkeypatch, "solara")
    assert main(["app", "--no-browser"]) == 2
    err = capsys.readouterr().err.strip()
    assert err == (
        "mentorsim: error: mentorsim app needs the optional 'app' dependencies (solara is not "
        "installed): pip install 'mentorsim[app]'"
    )


def test_scheduler_without_the_cluster_extra_is_refused_before_anything_runs(
    monkeypatch, capsys, tmp_path
):
    block(monkeypatch, "distributed")
    out = tmp_path / "out"
    code = main(
        [
            "run",
            str(ROOT / "scenarios" / "baseline.toml"),
            "--reps",
            "1",
            "--scheduler",
            "tcp://127.0.0.1:1",
            "--out",
            str(out),
        ]
    )
    assert code == 2
    assert "pip install 'mentorsim[cluster]'" in capsys.readouterr().err
    assert not out.exists()


def test_a_morris_sweep_without_salib_is_refused_before_anything_runs(
    monkeypatch, capsys, tmp_path
):
    block(monkeypatch, "SALib")
    out = tmp_path / "out"
    experiment = ROOT / "experiments" / "sensitivity_example.toml"
    assert main(["sweep", str(experiment), "--out", str(out), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "sampler.method = 'morris' needs the optional 'sensitivity'" in err
    assert not (out / "runs.parquet").exists()


def test_the_sensitivity_command_without_salib_is_refused(monkeypatch, capsys, tmp_path):
    block(monkeypatch, "SALib")
    assert main(["sensitivity", str(tmp_path)]) == 2
    assert "pip install 'mentorsim[sensitivity]'" in capsys.readouterr().err

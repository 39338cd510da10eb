"""One run options object: built once from the command line, handed down unchanged."""

from __future__ import annotations

import ast
import dataclasses
from pathlib import Path

import pytest

import sim
from sim.cli import build_parser, run_options
from sim.experiment.options import DEFAULT_OPTIONS, RunOptions

SIM = Path(sim.__file__).resolve().parent
RUN_OPTIONS = {f.name for f in dataclasses.fields(RunOptions)}
# Functions that still take several run options one by one: the folder helpers take the three
# a folder needs (where, resume, force).
STILL_LOOSE = {
    "sim/experiment/resume.py:check_overwrite",
    "sim/experiment/resume.py:begin",
    "sim/experiment/resume.py:choose_out_dir",
    "sim/experiment/sweep/runner.py:prepare",
}


def test_folder_defaults_and_requirements():
    assert RunOptions().folder("results/x") == Path("results/x")
    assert RunOptions(out_dir=Path("here")).folder("results/x") == Path("here")
    with pytest.raises(ValueError, match="run_sweep needs RunOptions.out_dir"):
        RunOptions().required_folder("run_sweep")
    assert RunOptions(out_dir=Path("here")).required_folder("run_sweep") == Path("here")


def test_options_are_frozen_and_replace_makes_a_copy():
    options = RunOptions(workers=2)
    changed = options.replace(resume=True)
    assert (options.resume, changed.resume, changed.workers) == (False, True, 2)
    with pytest.raises(dataclasses.FrozenInstanceError):
        options.workers = 3  # type: ignore[misc]
    assert RunOptions() == DEFAULT_OPTIONS


def test_the_command_line_gives_every_option():
    args = build_parser().parse_args(
        ["run", "baseline", "--years", "5", "--workers", "1", "--quiet", "--resume"]
    )
    options = run_options(args, Path("out"))
    assert options == RunOptions(
        years=5, workers=1, scheduler=None, out_dir=Path("out"), progress=False, resume=True
    )
    args = build_parser().parse_args(["compare", "baseline", "single_mentor", "--force"])
    options = run_options(args, None)
    assert (options.force, options.progress, options.resume, options.years) == (
        True,
        True,
        False,
        None,
    )


def test_no_signature_takes_the_run_options_one_by_one():
    """A function taking three or more of them takes a RunOptions instead."""
    loose = set()
    for path in sorted(SIM.rglob("*.py")):
        if path.name == "options.py":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                names = {a.arg for a in node.args.args + node.args.kwonlyargs}
                if len(names & RUN_OPTIONS) >= 3:
                    loose.add(f"{path.relative_to(SIM.parent).as_posix()}:{node.name}")
    assert loose <= STILL_LOOSE, sorted(loose - STILL_LOOSE)

"""Test configuration: reproducible hypothesis profiles, and fixtures several modules share."""

import dataclasses
import json
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

# CI explores the same examples every run, so a failure there is reproducible, never flaky;
# a developer's run explores new ones. With numba's JIT off (make coverage) the kernels run as
# Python, many times slower, so a per-example deadline would measure the machine, not the code.
_CI = bool(os.environ.get("CI"))
_NO_JIT = os.environ.get("NUMBA_DISABLE_JIT", "0") not in ("", "0")
_PROFILES = {
    (True, False): ("ci", {"derandomize": True}),
    (False, True): ("no_jit", {"deadline": None}),
    (True, True): ("ci_no_jit", {"derandomize": True, "deadline": None}),
}
if (_CI, _NO_JIT) in _PROFILES:
    _name, _options = _PROFILES[_CI, _NO_JIT]
    settings.register_profile(_name, **_options)
    settings.load_profile(_name)


# The test files that take longest, longest first (wall seconds of the whole file on two
# shared cores). Only the order in which pytest-xdist hands files out depends on this list, never
# a result: a file missing from it runs after these, a stale entry costs only wall time.
LONGEST_FILES = (
    "test_wheel.py",  # build, install into a fresh environment, cold compile, validate
    "test_sweep_dask.py",  # a Dask cluster of three processes, a worker killed
    "test_app_browser.py",  # the app in Chromium
    "test_sweep.py",  # three commands killed and resumed in subprocesses
    "test_app_browser_room.py",
    "test_cli.py",  # the console script in a subprocess
    "test_orphan_workers.py",
    "test_report.py",
    "test_compare.py",
    "test_levers.py",
    "test_dask.py",
    "test_compare_report.py",
    "test_kernels.py",
    "test_benchmark.py",
    "test_calibrate.py",
)


def _file_rank(item: pytest.Item) -> int:
    """Where ``item``'s file comes in :data:`LONGEST_FILES` (after them all when absent)."""
    name = item.path.name
    return LONGEST_FILES.index(name) if name in LONGEST_FILES else len(LONGEST_FILES)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Order the tests for pytest-xdist; skip JIT-only tests when the JIT is off."""
    if "PYTEST_XDIST_WORKER" in os.environ:
        # ``make test`` gives each worker a whole test file at a time (``--dist loadfile``, in
        # the order of the files' first tests: ``--no-loadscope-reorder``), so a module-scoped
        # fixture (a browser, the app's server, a Dask cluster, a run its tests read) is built
        # once. The longest files go first, then the other files with slow tests, so the run
        # ends on files of short tests spread over both workers, not on one long file. The
        # sort is stable and the same on every worker, as xdist requires.
        items.sort(key=lambda item: (_file_rank(item), "slow" not in item.keywords))
    if not _NO_JIT:
        return
    skip = pytest.mark.skip(reason="reads or records numba's dispatchers; NUMBA_DISABLE_JIT is set")
    for item in items:
        if "needs_jit" in item.keywords:
            item.add_marker(skip)


# Fixtures more than one test module uses (modules do not import each other).

# One level target with a band no run can miss: a targets file for commands that need one.
ONE_WIDE_TARGET = """
[T1]
outcome = "mentored_share"
scenario = "baseline"
low = 0.0
high = 1.0
population = "juniors"
source = "A source."
"""


@pytest.fixture(scope="session")
def one_wide_target() -> str:
    """The text of a targets file with one level target and a band no run can miss."""
    return ONE_WIDE_TARGET


def _small_preset(name: str = "small", **overrides: Any) -> Any:
    """A 300-person version of a shipped design, so a workshop session steps in milliseconds."""
    from sim.app.presets import Preset, scenarios_dir
    from sim.scenario import load

    design = load(scenarios_dir() / f"{'baseline' if name == 'small' else name}.toml")
    design = design.replace(institution__initial_size=300, **overrides)
    return Preset(design.name, design.description, design, None)


@pytest.fixture(scope="session")
def small_preset() -> Callable[..., Any]:
    """Make a workshop preset: ``small_preset(name="small", **overrides)`` (300 people)."""
    return _small_preset


# End-to-end command runs that several slow tests read: each runs once per session, the first
# time a test asks for it. Tests read these folders and never write them; a test that must
# write (a resume refused, say) works on a copy.


@dataclass(frozen=True)
class CommandRun:
    """A finished ``mentorsim`` command: its arguments (without ``--out``) and its folder."""

    args: list[str]
    out: Path
    scenarios: list[Path]


def small_design_file(folder: Path, source: str, name: str | None = None) -> Path:
    """A shipped scenario shrunk to 200 people and 14 years, written to ``folder``."""
    from sim.data import scenarios_dir
    from sim.scenario import load

    shrunk = load(scenarios_dir() / f"{source}.toml").replace(
        **{"institution.initial_size": 200, "years": 14, "name": name or source}
    )
    path = folder / f"{name or source}.toml"
    path.write_text(shrunk.to_toml())
    return path


def built_once(
    tmp_path_factory: pytest.TempPathFactory, name: str, build: Callable[[Path], CommandRun]
) -> CommandRun:
    """``build(folder)`` once per test session, however many pytest-xdist workers ask for it.

    Without xdist the folder is a fresh temporary one. Under xdist every worker names the same
    folder beside its own temporary root: the first to take the file lock builds the run there
    and records it in ``.built``; the others wait on the lock, then read that record.
    """
    if "PYTEST_XDIST_WORKER" not in os.environ:
        return build(tmp_path_factory.mktemp(name))
    from filelock import FileLock

    folder = tmp_path_factory.getbasetemp().parent / name
    with FileLock(str(folder.parent / f"{name}.lock")):
        if (folder / ".built").exists():
            return _described(folder)
        # A worker that failed mid-build left a partial folder: start it again.
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir()
        run = build(folder)
        (folder / ".built").write_text(json.dumps(dataclasses.asdict(run), default=str))
    return run


def _described(folder: Path) -> CommandRun:
    """The :class:`CommandRun` another worker built in ``folder``."""
    found = json.loads((folder / ".built").read_text())
    return CommandRun(found["args"], Path(found["out"]), [Path(p) for p in found["scenarios"]])


def _cli_run(folder: Path) -> CommandRun:
    from sim.cli import main

    scenario = small_design_file(folder, "baseline")
    args = ["run", str(scenario), "--reps", "3", "--seed", "5", "--workers", "1", "--quiet"]
    out = folder / "out"
    assert main([*args, "--out", str(out)]) == 0
    return CommandRun(args, out, [scenario])


def _cli_comparison(folder: Path) -> CommandRun:
    from sim.cli import main

    scenarios = [
        small_design_file(folder, name) for name in ("baseline", "single_mentor", "multi_mentor")
    ]
    args = ["compare", *map(str, scenarios), "--reps", "4", "--seed", "7", "--workers", "1"]
    args.append("--quiet")
    out = folder / "out"
    assert main([*args, "--out", str(out)]) == 0
    return CommandRun(args, out, scenarios)


@pytest.fixture(scope="session")
def cli_run(tmp_path_factory: pytest.TempPathFactory) -> CommandRun:
    """``mentorsim run`` of the baseline: 3 replicates, seed 5, one worker."""
    return built_once(tmp_path_factory, "cli_run", _cli_run)


@pytest.fixture(scope="session")
def cli_comparison(tmp_path_factory: pytest.TempPathFactory) -> CommandRun:
    """``mentorsim compare`` of baseline, single_mentor, multi_mentor: 4 replicates, seed 7."""
    return built_once(tmp_path_factory, "cli_comparison", _cli_comparison)

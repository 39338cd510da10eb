"""Test configuration: reproducible hypothesis profiles, and fixtures several modules share."""

import os
from collections.abc import Callable
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


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip the tests that read or record numba's dispatchers when the JIT is off."""
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

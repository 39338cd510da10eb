"""Whether a command will wait for numba to compile, and the install step that warms the cache.

The cache itself is numba's; these tests replace what it reports (which modules hold current
entries) to check each answer the module gives, and replace the runs ``warm_cache`` makes.
"""

from __future__ import annotations

import os

import pytest

from sim import data
from sim.experiment import compilation, runner


class Broken:
    """A dispatcher whose cache cannot be read."""


def test_an_unreadable_cache_cannot_tell():
    assert compilation._cached(Broken()) is None


def test_nothing_compiles_with_the_jit_off(monkeypatch):
    monkeypatch.setenv("NUMBA_DISABLE_JIT", "1")
    monkeypatch.setattr(compilation, "_dispatchers", lambda: pytest.fail("must not be read"))
    assert compilation.modules_to_compile() == []


@pytest.mark.parametrize(
    ("states", "cold"),
    [
        ({"sim.a": [True, False], "sim.b": [False, False]}, ["sim.b"]),
        ({"sim.b": [False], "sim.a": [False]}, ["sim.a", "sim.b"]),
        ({"sim.a": [True], "sim.b": [True]}, []),
        ({"sim.a": [False], "sim.b": [None]}, []),  # cannot tell: say nothing
    ],
)
def test_a_module_is_cold_when_none_of_its_functions_is_cached(monkeypatch, states, cold):
    monkeypatch.setenv("NUMBA_DISABLE_JIT", "0")
    functions = {m: [(m, i) for i in range(len(s))] for m, s in states.items()}
    monkeypatch.setattr(compilation, "_dispatchers", lambda: functions)
    monkeypatch.setattr(compilation, "_cached", lambda f: states[f[0]][f[1]])
    assert compilation.modules_to_compile() == cold
    assert compilation.worth_announcing(cold) == bool(cold)


def test_a_warm_cache_runs_nothing(monkeypatch, capsys):
    monkeypatch.setattr(compilation, "modules_to_compile", lambda: [])
    monkeypatch.setattr(runner, "simulate", lambda *a, **k: pytest.fail("nothing should run"))
    assert compilation.warm_cache() == []
    assert "numba's cache is warm" in capsys.readouterr().err


def test_a_cold_cache_runs_every_shipped_design_small(monkeypatch, capsys):
    ran = []
    monkeypatch.setattr(compilation, "modules_to_compile", lambda: ["sim.kernels.exits"])
    monkeypatch.setattr(runner, "simulate", lambda scenario, seed: ran.append((scenario, seed)))
    assert compilation.warm_cache() == ["sim.kernels.exits"]
    shipped = sorted(p.stem for p in data.scenarios_dir().glob("*.toml"))
    assert sorted(s.name for s, _ in ran) == shipped
    assert all(s.institution.initial_size == 120 and s.years == 8 for s, _ in ran)
    err = capsys.readouterr().err
    assert "compiling 1 kernel modules" in err and all(f"  {name}" in err for name in shipped)
    ran.clear()
    compilation.warm_cache(progress=False)
    assert len(ran) == len(shipped) and capsys.readouterr().err == ""


def test_cache_dir(monkeypatch, tmp_path):
    monkeypatch.setenv("NUMBA_CACHE_DIR", str(tmp_path))
    assert compilation.cache_dir() == tmp_path
    monkeypatch.delenv("NUMBA_CACHE_DIR")
    monkeypatch.setattr(compilation, "_dispatchers", lambda: {})
    assert compilation.cache_dir() is None
    monkeypatch.undo()
    monkeypatch.delenv("NUMBA_CACHE_DIR", raising=False)
    found = compilation.cache_dir()
    if os.environ.get("NUMBA_DISABLE_JIT", "0") in ("", "0"):
        assert found is not None and found.is_dir()  # beside the sources
    else:
        assert found is None  # no dispatchers to ask

"""Tests for sim.benchmark: every figure is measured and sensible. No wall-clock thresholds."""

import json
import math

import pytest

from sim import benchmark
from sim.kernels import all_kernels


@pytest.fixture(scope="module")
def result() -> dict:
    return benchmark.run_benchmark(quick=True, sizes=(300, 600), years=3)


def test_every_figure_is_finite_and_positive(result):
    for name in benchmark.FIGURES:
        value = result[name]
        assert isinstance(value, float), name
        assert math.isfinite(value) and value > 0.0, (name, value)


def test_figures_are_consistent(result):
    assert result["ratio_vs_mesa"] == pytest.approx(
        result["agent_years_per_second"] / result["mesa_boltzmann_agent_steps_per_second"])
    details = result["details"]
    assert details["sizes"] == [300, 600] and details["years"] == 3 and details["quick"]
    assert details["person_years_large"] > 0
    assert result["agent_years_per_second"] == pytest.approx(
        details["person_years_large"] / result["run_seconds_30000"])
    assert set(details["kernel_seconds"]) == set(benchmark.SPEEDUP_KERNELS)
    for times in details["kernel_seconds"].values():
        assert times["jit"] > 0 and times["py"] > 0


def test_machine_facts(result):
    facts = result["machine"]
    assert facts["cpu_count"] >= 1
    for key in ("python", "numba", "mesa", "numpy"):
        assert isinstance(facts[key], str) and facts[key]


def test_result_is_json_serialisable(result):
    assert json.loads(json.dumps(result))["kernel_speedup"] == result["kernel_speedup"]


def test_speedup_kernels_exist():
    assert set(benchmark.SPEEDUP_KERNELS) <= set(all_kernels())


def test_target_status():
    assert benchmark.target_status("kernel_speedup", 50.0) == "met"
    assert benchmark.target_status("kernel_speedup", 49.9) == "not met"
    assert benchmark.target_status("run_seconds_1500", 0.5) == "not met"
    assert benchmark.target_status("run_seconds_1500", 0.1) == "met"
    assert benchmark.target_status("peak_rss_mb_30000", 1e9) == ""


def test_main_prints_table_and_writes_json(result, monkeypatch, tmp_path, capsys):
    calls = []

    def fake_run(quick=False, progress=None, **kwargs):
        calls.append(quick)
        return result

    monkeypatch.setattr(benchmark, "run_benchmark", fake_run)
    out = tmp_path / "bench.json"
    assert benchmark.main(["--quick", "--json", str(out)]) == 0
    assert calls == [True]
    printed = capsys.readouterr().out
    for name in benchmark.FIGURES:
        assert name in printed
    assert "met" in printed
    assert json.loads(out.read_text())["run_seconds_1500"] == result["run_seconds_1500"]


def test_recording_restores_kernels():
    import sim.kernels
    import sim.matching

    before = {name: getattr(sim.kernels, name) for name in all_kernels()}
    inputs = benchmark.record_kernel_inputs(size=200, years=2, program__formal=True,
                                            program__policy="compatibility")
    assert set(inputs) == set(all_kernels())
    assert {name: getattr(sim.kernels, name) for name in all_kernels()} == before
    assert sim.matching.pair_compatibility is all_kernels()["pair_compatibility"]

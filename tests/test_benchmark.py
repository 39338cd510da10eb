"""Tests of the benchmark harness (``benchmarks/``, beside the package, imported from the repo).

Every figure is measured and sensible, and the kernels are found without a list. No
wall-clock thresholds.
"""

import json
import math

import pytest

from benchmarks import dispatchers, harness, kernels, runs
from benchmarks.cli import main
from sim.kernels import all_kernels


@pytest.fixture(scope="module")
def result() -> dict:
    return harness.run_benchmark(quick=True, sizes=(300, 600), years=3)


@pytest.mark.slow
def test_every_figure_is_finite_and_positive(result):
    for name in harness.FIGURES:
        value = result[name]
        assert isinstance(value, float), name
        assert math.isfinite(value) and value > 0.0, (name, value)
    assert result["kernel_time_share"] < 1.0


@pytest.mark.slow
def test_figures_are_consistent(result):
    assert result["ratio_vs_mesa"] == pytest.approx(
        result["agent_years_per_second"] / result["mesa_boltzmann_agent_steps_per_second"]
    )
    details = result["details"]
    assert details["sizes"] == [300, 600] and details["years"] == 3 and details["quick"]
    assert details["person_years_large"] > 0
    assert result["agent_years_per_second"] == pytest.approx(
        details["person_years_large"] / result["run_seconds_30000"]
    )
    assert set(details["kernel_seconds"]) <= set(all_kernels())
    assert details["kernel_seconds"]
    for times in details["kernel_seconds"].values():
        assert times["jit"] > 0 and times["py"] > 0
    assert sum(details["jitted_calls_in_run"].values()) > 0
    # The reference and the bookkeeping were timed in the same rounds as the large run.
    boltzmann, bookkeeping = details["boltzmann"], details["mesa_bookkeeping"]
    assert boltzmann["steps"] == harness.BOLTZMANN_STEPS * details["large_repeats"]
    assert boltzmann["agent_steps_per_second"] >= boltzmann["mean_agent_steps_per_second"]
    assert bookkeeping["person_years"] == details["person_years_large"]
    assert bookkeeping["removed"] < bookkeeping["created"]
    assert bookkeeping["seconds_one_at_a_time"] > 0
    assert result["ratio_vs_mesa_ceiling"] == pytest.approx(
        1.0 / boltzmann["agent_steps_per_second"] / bookkeeping["seconds_per_person_year"]
    )


@pytest.mark.slow
def test_every_shipped_design_is_timed(result):
    designs = result["design_seconds"]
    assert set(designs) == set(runs.shipped_designs())
    assert all(seconds > 0 for seconds in designs.values())
    slowest = result["slowest_design"]
    assert designs[slowest] == max(designs.values())
    assert result["slowest_design_ratio"] == pytest.approx(designs[slowest] / designs["baseline"])


@pytest.mark.slow
def test_machine_facts_and_json(result):
    facts = result["machine"]
    assert facts["cpu_count"] >= 1
    for key in ("python", "numba", "mesa", "numpy"):
        assert isinstance(facts[key], str) and facts[key]
    assert json.loads(json.dumps(result))["kernel_speedup"] == result["kernel_speedup"]


def test_target_status():
    assert harness.target_status("kernel_speedup", 50.0) == "met"
    assert harness.target_status("kernel_speedup", 49.9) == "not met"
    assert harness.target_status("run_seconds_1500", 0.15) == "not met"
    assert harness.target_status("run_seconds_1500", 0.1) == "met"
    assert harness.target_status("slowest_design_ratio", 2.0) == "met"
    assert harness.target_status("slowest_design_ratio", 2.01) == "not met"
    assert harness.target_status("peak_rss_mb_30000", 1e9) == ""


def _fake_result() -> dict:
    figures = {name: 1.0 for name in harness.FIGURES}
    return {
        **figures,
        "design_seconds": {"baseline": 0.5, "multi_mentor": 1.0},
        "slowest_design": "multi_mentor",
        "machine": {
            "cpu": "cpu",
            "cpu_count": 2,
            "python": "3",
            "numba": "0",
            "mesa": "3",
            "numpy": "2",
        },
        "details": {"sizes": [300, 600], "years": 3, "quick": True},
    }


def _fake_sweep_result() -> dict:
    from benchmarks import sweeps

    return {
        **{name: 1.0 for name in sweeps.FIGURES},
        "sweep_details": {
            "size": 1500,
            "years": 30,
            "throughput_runs": 24,
            "memory_runs": [100, 1000],
            "memory_size": 50,
            "memory_years": 6,
        },
    }


def test_main_prints_table_and_writes_json(monkeypatch, tmp_path, capsys):
    calls = []

    def fake_run(quick=False, progress=None, **kwargs):
        calls.append(quick)
        return _fake_result()

    monkeypatch.setattr("benchmarks.cli.run_benchmark", fake_run)
    monkeypatch.setattr(
        "benchmarks.cli.sweep_benchmark", lambda quick=False, progress=None: _fake_sweep_result()
    )
    out = tmp_path / "bench.json"
    assert main(["--quick", "--json", str(out)]) == 0
    assert calls == [True]
    printed = capsys.readouterr().out
    for name in harness.FIGURES:
        assert name in printed
    assert "multi_mentor" in printed and "slowest" in printed and "met" in printed
    written = json.loads(out.read_text())
    assert written["sweep_speedup_2_workers"] == 1.0 and "sweep_overhead_share" in printed
    assert written["design_seconds"] == {"baseline": 0.5, "multi_mentor": 1.0}
    assert written["slowest_design"] == "multi_mentor"


@pytest.mark.needs_jit
def test_dispatchers_are_found_without_a_list():
    found = {d for _, _, d in dispatchers.sim_dispatchers()}
    assert {id(k) for k in all_kernels().values()} <= {id(d) for d in found}


def _bindings() -> dict:
    return {(m.__name__, name): d for m, name, d in dispatchers.sim_dispatchers()}


@pytest.mark.needs_jit
def test_recording_and_timing_restore_every_dispatcher():
    before = _bindings()
    runs.warm_up()
    inputs = kernels.record_kernel_inputs(
        size=200, years=2, program__formal=True, program__policy="compatibility"
    )
    # Compatibility is computed inside the jitted matching policies, never from Python.
    assert set(inputs) == set(all_kernels()) - {"pair_compatibility"}
    assert _bindings() == before
    share, clock = kernels.kernel_time_share(200, 2)
    assert _bindings() == before
    assert 0.0 < share < 1.0
    assert clock.calls and all(n >= 0 for n in clock.calls.values())
    assert clock.total == pytest.approx(sum(clock.seconds.values()))


@pytest.mark.slow
def test_sweep_figures_are_measured(tmp_path):
    from benchmarks import sweeps

    path = sweeps._experiment(tmp_path, "tiny", 6, 60, 6)
    one = sweeps.throughput(path, tmp_path / "one", 1)
    assert one["rate"] > 0 and 0 < one["model"] < one["wall"]
    assert sweeps.peak_rss_mb(path, tmp_path / "rss") > 10
    table = sweeps.format_sweep_table(
        {
            **{name: 1.0 for name in sweeps.FIGURES},
            "sweep_details": {
                "size": 1,
                "years": 1,
                "throughput_runs": 1,
                "memory_runs": [1, 2],
                "memory_size": 1,
                "memory_years": 1,
            },
        }
    )
    assert all(name in table for name in sweeps.FIGURES) and "not met" in table


def test_sweep_rate_leaves_out_the_start_and_the_drain():
    from benchmarks.sweeps import steady_rate

    # Two workers, parts of 2 runs: each worker's first part ends at 1 s; then a part ends
    # every 0.5 s (four runs a second) until the last part, which finishes alone 2 s later.
    ends = [1.0, 1.0, 1.5, 2.0, 2.5, 3.0, 5.0]
    stamps = [t for t in ends for _ in range(2)]
    assert steady_rate(stamps, per_part=2, workers=2) == pytest.approx(4.0)
    # One worker: only its first part is left out; the drain is its own last part.
    one = [t for t in (1.0, 2.0, 3.0, 4.0) for _ in range(2)]
    assert steady_rate(one, per_part=2, workers=1) == pytest.approx(2.0)


def test_the_examples_script_refuses_to_replace_results_without_force(tmp_path):
    from benchmarks import examples

    (tmp_path / "robust_decision").mkdir()
    (tmp_path / "robust_decision" / "runs.parquet").write_text("kept")
    with pytest.raises(SystemExit, match="--force replaces them"):
        examples.main(["--out", str(tmp_path)])
    assert (tmp_path / "robust_decision" / "runs.parquet").read_text() == "kept"

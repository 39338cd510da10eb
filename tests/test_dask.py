"""Runs on a real Dask scheduler and workers on loopback give the same files as local runs."""

from pathlib import Path

import pytest

from sim.cli import main
from sim.scenario import load

distributed = pytest.importorskip("distributed")

# A local cluster of worker processes takes seconds to start, and every test runs models.
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def scheduler_address():
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
    )
    try:
        yield cluster.scheduler_address
    finally:
        cluster.close()


def small(tmp_path: Path, source: str) -> Path:
    scenario = load(ROOT / "scenarios" / f"{source}.toml").replace(
        **{"institution.initial_size": 200, "years": 12}
    )
    path = tmp_path / f"{source}.toml"
    path.write_text(scenario.to_toml())
    return path


def test_run_on_dask_equals_run_in_process(tmp_path, scheduler_address):
    scenario = small(tmp_path, "single_mentor")
    local, cluster = tmp_path / "local", tmp_path / "dask"
    assert (
        main(
            [
                "run",
                str(scenario),
                "--reps",
                "4",
                "--seed",
                "3",
                "--workers",
                "1",
                "--out",
                str(local),
                "--quiet",
                "--no-report",
            ]
        )
        == 0
    )
    assert (
        main(
            [
                "run",
                str(scenario),
                "--reps",
                "4",
                "--seed",
                "3",
                "--scheduler",
                scheduler_address,
                "--out",
                str(cluster),
                "--quiet",
                "--no-report",
            ]
        )
        == 0
    )
    for name in ("runs.parquet", "yearly.parquet"):
        assert (local / name).read_bytes() == (cluster / name).read_bytes(), name


def test_compare_on_dask_equals_compare_in_process(tmp_path, scheduler_address):
    paths = [str(small(tmp_path, "baseline")), str(small(tmp_path, "multi_mentor"))]
    local, cluster = tmp_path / "local", tmp_path / "dask"
    # The tables are compared; the report is written in this process whatever the scheduler.
    common = ["compare", *paths, "--reps", "3", "--quiet", "--no-report"]
    assert main([*common, "--workers", "1", "--out", str(local)]) == 0
    assert main([*common, "--scheduler", scheduler_address, "--out", str(cluster)]) == 0
    for name in ("runs.parquet", "comparison.csv"):
        assert (local / name).read_bytes() == (cluster / name).read_bytes(), name


def test_calibrate_on_dask_equals_calibrate_in_process(tmp_path, scheduler_address):
    parameters = tmp_path / "calibration.toml"
    parameters.write_text(
        '[[parameter]]\nkey = "career.attrition_rate"\nlow = 0.02\nhigh = 0.1\ntargets = ["T2"]\n'
    )
    # One level target, and the shortest run that computes it (a cohort joining after the
    # 5 warm-up years, followed for 10): a calibration refuses a run too short for a target.
    targets = tmp_path / "targets.toml"
    targets.write_text(
        '[T2]\noutcome = "attrition_10y"\nscenario = "baseline"\nlow = 0.30\n'
        'high = 0.46\npopulation = "new assistant professors"\n'
        'figure = "38% left within 10 years"\nsource = "AAMC 2008"\n'
    )
    common = [
        "calibrate",
        "--point",
        "--parameters",
        str(parameters),
        "--targets",
        str(targets),
        "--budget",
        "2",
        "--reps",
        "1",
        "--years",
        "16",
        "--set",
        "institution.initial_size=150",
        "--quiet",
    ]
    local, cluster = tmp_path / "local", tmp_path / "dask"
    assert main([*common, "--workers", "1", "--out", str(local)]) == 0
    assert main([*common, "--scheduler", scheduler_address, "--out", str(cluster)]) == 0
    for name in ("loss_history.csv", "identifiability.csv"):
        assert (local / name).read_bytes() == (cluster / name).read_bytes(), name

"""A sweep on a real Dask cluster survives a worker killed with SIGKILL mid-sweep.

The cluster is a ``dask scheduler`` and two ``dask worker`` processes on loopback. Every
point x replicate appears exactly once and the tables are byte-identical to a local run.
"""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from sim.cli import main

pytest.importorskip("distributed")
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
DASK = Path(sys.executable).parent / "dask"

# 2 designs x 12 points x 2 replicates = 48 runs of a 100-person institution over 8 years.
EXPERIMENT = """
name = "cluster"
designs = ["baseline", "multi_mentor"]
replicates = 2
seed = 9
years = 8
outcomes = ["mentored_share", "burnout_share"]
[set]
"institution.initial_size" = 100
[uncertainties]
"mentors.skill_mean" = "plausible"
"program.homophily" = "plausible"
[sampler]
method = "lhs"
n = 12
"""


def start(args: list[str], tmp_path: Path, name: str) -> subprocess.Popen:
    log = (tmp_path / f"{name}.log").open("w")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [str(DASK), *args],
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
        cwd=tmp_path,
        start_new_session=True,
    )


def wait_for(condition, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def cluster(tmp_path):
    """A scheduler and two single-threaded workers, each its own process.

    No nanny, so a killed worker stays dead rather than being restarted.
    """
    if not DASK.exists():
        pytest.skip("the dask command is not installed next to this Python")
    info = tmp_path / "scheduler.json"
    processes = [
        start(
            [
                "scheduler",
                "--host",
                "127.0.0.1",
                "--port",
                "0",
                "--no-dashboard",
                "--scheduler-file",
                str(info),
            ],
            tmp_path,
            "scheduler",
        )
    ]
    wait_for(info.exists, 120, "the scheduler")
    address = json.loads(info.read_text())["address"]
    for i in range(2):
        processes.append(
            start(
                [
                    "worker",
                    address,
                    "--nthreads",
                    "1",
                    "--no-nanny",
                    "--host",
                    "127.0.0.1",
                    "--no-dashboard",
                    "--name",
                    f"w{i}",
                    "--local-directory",
                    str(tmp_path / f"w{i}"),
                ],
                tmp_path,
                f"worker{i}",
            )
        )
    from distributed import Client

    with Client(address, timeout=120) as client:
        client.wait_for_workers(2, timeout=180)
    try:
        yield address, processes[1]
    finally:
        for process in reversed(processes):
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def test_a_worker_killed_mid_sweep_loses_nothing(tmp_path, cluster):
    address, worker = cluster
    path = tmp_path / "cluster.toml"
    path.write_text(EXPERIMENT)
    local, remote = tmp_path / "local", tmp_path / "remote"
    # The tables are compared: no report on either side.
    local_args = ["sweep", str(path), "--out", str(local), "--workers", "1", "--quiet"]
    assert main([*local_args, "--no-report"]) == 0
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    sweep = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "sim.cli",
            "sweep",
            str(path),
            "--out",
            str(remote),
            "--scheduler",
            address,
            "--quiet",
            "--no-report",
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    parts = remote / "parts" / "runs"
    wait_for(
        lambda: (
            sweep.poll() is not None or (parts.exists() and len(list(parts.glob("*.parquet"))) >= 2)
        ),
        600,
        "runs to finish",
    )
    assert sweep.poll() is None, "the sweep ended before a worker could be killed"
    os.killpg(worker.pid, signal.SIGKILL)
    output, _ = sweep.communicate(timeout=900)
    assert sweep.returncode == 0, output
    runs = pd.read_parquet(remote / "runs.parquet")
    assert len(runs) == 2 * 12 * 2
    assert not runs.duplicated(["design", "point", "replicate"]).any()
    for name in ("runs.parquet", "yearly.parquet", "points.parquet"):
        assert (remote / name).read_bytes() == (local / name).read_bytes(), name

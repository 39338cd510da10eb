"""A killed command's process-pool workers end with it instead of running on as orphans."""

import os
import signal
import subprocess
import sys
import time

import pytest

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="reads /proc")

PARENT = """
import os, time
from sim.experiment.runner import make_executor
pool = make_executor(2)
# Two long tasks keep both workers busy, as a killed calibration's runs would.
busy = [pool.submit(time.sleep, 600) for _ in range(2)]
print(" ".join(str(p) for p in pool._processes), flush=True)
time.sleep(600)
"""


def alive(pid: int) -> bool:
    """Whether pid is a running process (a zombie waiting to be reaped has ended)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def test_workers_end_when_their_parent_is_killed():
    workers: list[int] = []
    parent = subprocess.Popen(
        [sys.executable, "-c", PARENT], stdout=subprocess.PIPE, text=True, cwd=os.getcwd()
    )
    try:
        workers = [int(p) for p in parent.stdout.readline().split()]
        assert len(workers) == 2
        assert all(alive(p) for p in workers)
        parent.send_signal(signal.SIGKILL)
        parent.wait()
        # Polled, not timed: the workers check for their parent every second, once they have
        # started (spawned, each imports the package first: over a minute on a loaded machine).
        deadline = time.monotonic() + 300
        while any(alive(p) for p in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(alive(p) for p in workers), "the pool's workers outlived their parent"
    finally:
        parent.kill()
        for pid in workers:
            if alive(pid):  # the test failed: end what it started
                os.kill(pid, signal.SIGKILL)

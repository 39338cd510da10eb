"""How a run's executor is chosen and sized, and a pool worker's watch on its parent."""

import os
from concurrent.futures import ProcessPoolExecutor
from types import SimpleNamespace

import pytest

from sim.experiment import runner
from sim.experiment.options import RunOptions
from sim.scenario import Scenario


def test_one_worker_runs_in_process_and_more_get_a_spawned_pool(monkeypatch):
    assert isinstance(runner.make_executor(1), runner.SerialExecutor)
    pool = runner.make_executor(2)
    try:
        assert isinstance(pool, ProcessPoolExecutor)
        assert runner.slots(pool, None) == 2
    finally:
        pool.shutdown()
    # No count given: one per core; a machine that reports none runs in process.
    monkeypatch.setattr(runner.os, "cpu_count", lambda: None)
    assert isinstance(runner.make_executor(None), runner.SerialExecutor)


def test_a_cluster_runs_as_many_tasks_at_once_as_its_workers_have_threads():
    cluster = SimpleNamespace(client=SimpleNamespace(nthreads=lambda: {"a": 2, "b": 3}))
    assert runner.slots(cluster, 1) == 5
    empty = SimpleNamespace(client=SimpleNamespace(nthreads=dict))
    assert runner.slots(empty, 4) == 1  # never zero, even before a worker joins
    assert runner.slots(runner.SerialExecutor(), None) == 1


class _ExitError(Exception):
    """Raised in place of os._exit, so the watch loop ends inside the test."""


def test_a_worker_ends_itself_once_its_parent_is_gone(monkeypatch):
    # The real thing (a killed command's workers) is tests/test_orphan_workers.py; here the
    # watch is taken from its thread and run in the test, its exit raised instead of taken.
    started = []

    class Thread:
        def __init__(self, target, name, daemon):
            assert daemon and name == "end-with-parent"
            self.target = target

        def start(self):
            started.append(self.target)

    def exit_(code: int) -> None:
        raise _ExitError(code)

    monkeypatch.setattr(runner.threading, "Thread", Thread)
    monkeypatch.setattr(runner, "PARENT_POLL_SECONDS", 0.0)
    monkeypatch.setattr(runner.os, "_exit", exit_)
    parent = os.getppid()
    runner.end_with_parent(parent + 1)  # a parent that is not ours: the watch exits with 1
    (watch,) = started
    with pytest.raises(_ExitError, match="1"):
        watch()
    # While the parent is there the watch keeps waiting: here it sees a new parent on its
    # third look, as a worker does once its parent is killed and it is handed to init.
    looks = iter([parent, parent, 1])
    monkeypatch.setattr(runner.os, "getppid", lambda: next(looks))
    runner.end_with_parent(parent)
    with pytest.raises(_ExitError):
        started[-1]()
    assert next(looks, "all seen") == "all seen"


def test_designs_of_one_run_must_have_different_names(tmp_path):
    design = Scenario().replace(
        **{"institution.initial_size": 60, "years": 3, "warmup_years": 1, "name": "a"}
    )
    with pytest.raises(ValueError, match=r"design names must differ, got \['a', 'a'\]"):
        runner.run_designs(
            [design, design], reps=1, seed=0, options=RunOptions(out_dir=tmp_path, workers=1)
        )
    assert not any(tmp_path.iterdir())  # refused before anything was written

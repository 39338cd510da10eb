"""The run engine under ``run``, ``compare`` and ``sweep``: a bounded window, ordered results."""

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from sim.experiment.options import RunOptions
from sim.experiment.runner import WINDOW_PER_SLOT, SerialExecutor, run_tasks


class Counting(ThreadPoolExecutor):
    """A thread pool that records the most tasks it held submitted and unfinished at once."""

    def __init__(self, workers: int):
        super().__init__(max_workers=workers)
        self.lock = threading.Lock()
        self.open = self.most = 0

    def submit(self, fn, /, *args, **kwargs):
        with self.lock:
            self.open += 1
            self.most = max(self.most, self.open)
        future = super().submit(fn, *args, **kwargs)
        future.add_done_callback(self._closed)
        return future

    def _closed(self, _future):
        with self.lock:
            self.open -= 1


def _square(x: int) -> int:
    time.sleep(0.002)
    return x * x


def test_tasks_in_flight_stay_within_the_window_and_every_result_arrives():
    pool = Counting(2)
    drawn = []

    def tasks():
        for x in range(60):
            drawn.append(x)
            yield _square, (x,)

    got = []
    try:
        run_tasks(tasks(), got.append, options=RunOptions(), executor=pool)
    finally:
        pool.shutdown()
    assert sorted(got) == [x * x for x in range(60)]
    assert drawn == list(range(60))
    assert 1 <= pool.most <= WINDOW_PER_SLOT * 2


def test_a_serial_executor_hands_each_result_over_before_the_next_task_is_drawn():
    events = []

    def tasks():
        for x in range(3):
            events.append(f"draw {x}")
            yield _square, (x,)

    run_tasks(tasks(), lambda r: events.append(f"result {r}"), options=RunOptions(workers=1))
    assert events == ["draw 0", "result 0", "draw 1", "result 1", "draw 2", "result 4"]


def test_a_failed_task_stops_the_run_with_its_error():
    def tasks():
        yield _square, (2,)
        yield _square, ("x",)  # str * str: TypeError in the worker
        yield _square, (3,)

    got = []
    with pytest.raises(TypeError):
        run_tasks(tasks(), got.append, options=RunOptions(), executor=SerialExecutor())
    assert got == [4]

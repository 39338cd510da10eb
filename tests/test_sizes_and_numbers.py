"""Durations and memory as the size check says them, and numbers that are not numbers."""

import math

import pandas as pd

from sim.experiment import size
from sim.report.text.numbers import finite_number, format_value


def test_a_duration_is_said_in_the_largest_fitting_unit():
    said = [size.duration(s) for s in (40, 89.4, 90, 5399, 5400, 2 * 86400, 12 * 86400)]
    assert said == ["40 s", "89 s", "2 min", "90 min", "1.5 h", "2 days", "12 days"]
    assert size.duration(3 * 365 * 86400) == "3 years"
    assert size.duration(2_000 * 365 * 86400) == "2,000 years"


def test_memory_that_cannot_be_read_is_none(monkeypatch):
    found = size.machine_memory()
    assert found is None or found > 0

    def unreadable(name: str) -> int:
        raise ValueError(f"unrecognized configuration name {name}")

    monkeypatch.setattr(size.os, "sysconf", unreadable)
    assert size.machine_memory() is None


def test_only_finite_numbers_count_as_numbers():
    assert finite_number(3) and finite_number("2.5") and finite_number(0.0)
    for bad in (None, "n/a", math.nan, math.inf, -math.inf, pd.NA, object()):
        assert not finite_number(bad), bad
    assert format_value(None) == "" and format_value(pd.NA) == ""

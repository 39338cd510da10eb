"""The matching kernels' own sort and search give exactly what NumPy's stable ones give.

``argsort_by_department``, ``search_left`` and ``search_right`` stand in for
``np.argsort(..., kind="mergesort")`` on departments and ``np.searchsorted`` inside the
matching kernels; the pairs a policy forms depend on the exact order, so equal keys must keep
their original order and every boundary index must match, including on empty arrays and for
values outside the range.
"""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from sim.matching.ledger import argsort_by_department, search_left, search_right

# Departments are small non-negative integers with many ties.
departments = hnp.arrays(np.int32, st.integers(0, 300), elements=st.integers(0, 12))


@settings(max_examples=60, deadline=None)
@given(keys=departments)
def test_argsort_by_department_equals_numpy_stable_argsort(keys):
    order = argsort_by_department(keys)
    np.testing.assert_array_equal(order, np.argsort(keys, kind="mergesort"))
    assert order.dtype == np.int64


@settings(max_examples=60, deadline=None)
@given(
    values=hnp.arrays(np.int64, st.integers(0, 200), elements=st.integers(-5, 40)),
    probe=st.integers(-10, 50),
)
def test_searches_equal_numpy_searchsorted(values, probe):
    sorted_values = np.sort(values)
    assert search_left(sorted_values, probe) == np.searchsorted(sorted_values, probe, "left")
    assert search_right(sorted_values, probe) == np.searchsorted(sorted_values, probe, "right")


def test_searches_on_runs_of_equal_values():
    sorted_values = np.array([1, 3, 3, 3, 7], dtype=np.int32)
    assert (search_left(sorted_values, 3), search_right(sorted_values, 3)) == (1, 4)
    assert (search_left(sorted_values, 0), search_right(sorted_values, 9)) == (0, 5)
    empty = np.empty(0, dtype=np.int64)
    assert search_left(empty, 4) == 0 and search_right(empty, 4) == 0

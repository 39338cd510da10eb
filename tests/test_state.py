"""The growable tables: rows added hold the schema's fill values, earlier rows keep theirs."""

import numpy as np

from sim.state import Table


def test_added_rows_hold_fill_values_across_growth():
    schema = {
        "year": (np.int32, (), -1),
        "skills": (np.float64, (3,), 0.5),
        "active": (np.bool_, (), False),
    }
    table = Table(schema, capacity=16)
    first = table.add_rows(10)
    table.year[first] = np.arange(10)
    table.skills[first] = 0.9
    table.active[first] = True
    # Past the capacity: the table grows, earlier rows are copied, new rows are filled.
    second = table.add_rows(30)
    np.testing.assert_array_equal(second, np.arange(10, 40))
    assert table.n == 40 and table.year.shape == (40,) and table.skills.shape == (40, 3)
    np.testing.assert_array_equal(table.year[:10], np.arange(10))
    np.testing.assert_array_equal(table.year[10:], -1)
    np.testing.assert_array_equal(table.skills[:10], 0.9)
    np.testing.assert_array_equal(table.skills[10:], 0.5)
    assert table.active[:10].all() and not table.active[10:].any()
    # Within the capacity too (memory the table allocated but had not used yet).
    table.year[second] = 7
    third = table.add_rows(5)
    np.testing.assert_array_equal(table.year[third], -1)
    np.testing.assert_array_equal(table.skills[third], 0.5)


def test_adding_no_rows_returns_no_rows_and_keeps_the_views():
    table = Table({"year": (np.int32, (), -1)}, capacity=16)
    table.add_rows(3)
    view = table.year
    view[:] = 4
    none = table.add_rows(0)
    assert none.dtype == np.int64 and len(none) == 0 and table.n == 3
    # The same view still writes the table.
    assert table.year is view
    view[0] = 9
    assert table.year[0] == 9

"""Small numba helpers shared by the kernels."""

from __future__ import annotations

from numba import njit


@njit(cache=True)
def clip01(x):
    """Clip a number to [0, 1]."""
    return min(1.0, max(0.0, x))


@njit(cache=True)
def add_at(counts, rows, step):
    """Add ``step`` to ``counts[row]`` for every entry of ``rows``; a repeated row adds again.

    What ``np.add.at(counts, rows, step)`` does, for the integer counts the model keeps (a
    mentor's load, a mentee's failed relationships): ``ufunc.at`` took about 110 ns an element
    on them, this loop about 1.

    Args:
        counts: Integer array, updated in place.
        rows: int64 (k,), indices into ``counts``.
        step: The amount to add per entry (negative to subtract).
    """
    for row in rows:
        counts[row] += step

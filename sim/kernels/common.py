"""Small numba helpers shared by the kernels."""

from __future__ import annotations

from numba import njit


@njit(cache=True)
def clip01(x):
    """Clip a number to [0, 1]."""
    return min(1.0, max(0.0, x))

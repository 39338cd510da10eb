"""Small numba helpers shared by the kernels."""

from __future__ import annotations

import numpy as np
from numba import njit
from numba.extending import overload


@njit(cache=True)
def clip01(x):
    """Clip a number to [0, 1]."""
    return min(1.0, max(0.0, x))


def record_of(params: np.ndarray):
    """The parameters a kernel reads, as one record with a field per parameter.

    Kernels receive ``KernelParams.packed()``, a one-row structured array: numba checks an
    array argument's type from its dtype in about a microsecond, where a named tuple of ~90
    floats took 16 µs on every call, a few percent of a small run. ``p = record_of(params)``
    then reads ``p.name`` as before. In plain Python (a kernel's ``.py_func``) the row is a
    ``numpy.record``, whose fields are attributes too.

    Args:
        params: The packed parameters (one row).

    Returns:
        The row, fields readable as attributes.
    """
    return params.view(np.recarray)[0]


@overload(record_of, jit_options={"cache": True})
def _record_of_jitted(params):
    # Inside numba, indexing a structured array gives a record whose fields are attributes.
    def first_row(params):
        return params[0]

    return first_row

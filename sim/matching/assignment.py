"""Optimal assignment (the linear sum assignment problem), compiled with numba.

The shortest augmenting path algorithm for rectangular assignment of Crouse (2016, "On
implementing 2D rectangular assignment algorithms", IEEE Trans. Aerospace and Electronic
Systems 52(4):1679-1696), as ``scipy.optimize.linear_sum_assignment`` implements it, step for
step, so both give the same assignment on the same matrix, ties included (a test holds them
to it). Having it in numba lets the compatibility and committee policies run a department's
assignment without leaving compiled code.
"""

from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True)
def _augmenting_path(nc, cost, u, v, path, row4col, shortest, i, in_rows, in_cols, remaining):
    """Find the shortest augmenting path from row ``i``; return (sink column, path cost).

    A sink of -1 means the matrix is infeasible (only possible with infinite costs).
    """
    min_val = 0.0
    num_remaining = nc
    for it in range(nc):
        # Filled in reverse so that a constant matrix is solved by the identity.
        remaining[it] = nc - it - 1
    in_rows[:] = False
    in_cols[:] = False
    shortest[:] = np.inf
    sink = -1
    while sink == -1:
        index = -1
        lowest = np.inf
        in_rows[i] = True
        for it in range(num_remaining):
            j = remaining[it]
            r = min_val + cost[i, j] - u[i] - v[j]
            if r < shortest[j]:
                path[j] = i
                shortest[j] = r
            # Among equal costs prefer an unassigned column: it ends the path.
            if shortest[j] < lowest or (shortest[j] == lowest and row4col[j] == -1):
                lowest = shortest[j]
                index = it
        min_val = lowest
        if min_val == np.inf:
            return -1, min_val
        j = remaining[index]
        if row4col[j] == -1:
            sink = j
        else:
            i = row4col[j]
        in_cols[j] = True
        num_remaining -= 1
        remaining[index] = remaining[num_remaining]
    return sink, min_val


@njit(cache=True)
def max_weight_assignment(score, out_rows, out_cols):
    """Assign rows to columns maximising the total score (each used at most once).

    Args:
        score: float64 (nr, nc), finite scores.
        out_rows: int64 (min(nr, nc),), assigned rows in ascending order, written.
        out_cols: int64 (min(nr, nc),), the column of each, written.

    Returns:
        The number of assignments, min(nr, nc); -1 if the problem is infeasible.
    """
    nr, nc = score.shape
    if nr == 0 or nc == 0:
        return 0
    transpose = nc < nr
    if transpose:
        cost = -score.T.copy()
        nr, nc = nc, nr
    else:
        cost = -score
    u = np.zeros(nr)
    v = np.zeros(nc)
    shortest = np.empty(nc)
    path = np.full(nc, -1, np.int64)
    col4row = np.full(nr, -1, np.int64)
    row4col = np.full(nc, -1, np.int64)
    in_rows = np.zeros(nr, np.bool_)
    in_cols = np.zeros(nc, np.bool_)
    remaining = np.empty(nc, np.int64)
    for cur_row in range(nr):
        sink, min_val = _augmenting_path(
            nc, cost, u, v, path, row4col, shortest, cur_row, in_rows, in_cols, remaining
        )
        if sink < 0:
            return -1
        u[cur_row] += min_val
        for i in range(nr):
            if in_rows[i] and i != cur_row:
                u[i] += min_val - shortest[col4row[i]]
        for j in range(nc):
            if in_cols[j]:
                v[j] -= min_val - shortest[j]
        j = sink
        while True:
            i = path[j]
            row4col[j] = i
            col4row[i], j = j, col4row[i]
            if i == cur_row:
                break
    if transpose:
        order = np.argsort(col4row)
        for k in range(nr):
            out_rows[k] = col4row[order[k]]
            out_cols[k] = order[k]
    else:
        for k in range(nr):
            out_rows[k] = k
            out_cols[k] = col4row[k]
    return nr

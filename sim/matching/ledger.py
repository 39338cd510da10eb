"""The bookkeeping every matching policy shares, in arrays numba can work on.

A ``Ledger`` holds a request's free places and open needs while a policy runs, the pairs it
may not form (those that have been together before, and those it forms itself), and the pairs
it forms, in order. Policies only ever pair through ``record_pair`` after ``can_pair``, so no
mentor goes past the places the request gave (never past the hard cap) and no pair is formed
twice. ``department_blocks`` groups mentees and mentors by department: mentoring happens
mostly within a discipline.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from numba import njit

from sim.matching.request import Matches, MatchRequest


class Ledger(NamedTuple):
    """A policy's working state (all arrays; positions index ``mentees`` and ``mentors``).

    Attributes:
        mentees: int64 (m,), people rows of the mentees.
        mentors: int64 (k,), people rows of the mentors.
        free: int64 (k,), places each mentor has left; decremented as pairs form.
        needed: int64 (m,), mentors each mentee still needs; decremented as pairs form.
        held_mentee: int64 (h,), mentee rows of barred pairs, sorted (then by mentor).
        held_mentor: int64 (h,), mentor rows of barred pairs.
        new_mentor: int64 (m, w), mentor rows paired with each mentee by this policy run.
        n_new: int64 (m,), how many of ``new_mentor``'s columns are filled.
        out_mentee: int64 (cap,), mentee position of each pair formed, in order.
        out_mentor: int64 (cap,), mentor position of each pair formed.
        out_compat: float64 (cap,), each pair's compatibility.
        out_kind: int8 (cap,), each pair's relationship kind.
        n_out: int64 (1,), pairs formed so far.
    """

    mentees: np.ndarray
    mentors: np.ndarray
    free: np.ndarray
    needed: np.ndarray
    held_mentee: np.ndarray
    held_mentor: np.ndarray
    new_mentor: np.ndarray
    n_new: np.ndarray
    out_mentee: np.ndarray
    out_mentor: np.ndarray
    out_compat: np.ndarray
    out_kind: np.ndarray
    n_out: np.ndarray


def new_ledger(req: MatchRequest) -> Ledger:
    """A fresh ledger for a request (room for every place any mentee needs)."""
    needed = req.needed.astype(np.int64).copy()
    held_mentee, held_mentor = req.barred_pairs
    width = max(1, int(needed.max(initial=0)))
    cap = max(1, int(needed.sum()))
    return Ledger(
        mentees=req.mentees.astype(np.int64),
        mentors=req.mentors.astype(np.int64),
        free=req.free.astype(np.int64).copy(),
        needed=needed,
        held_mentee=held_mentee,
        held_mentor=held_mentor,
        new_mentor=np.full((len(needed), width), -1, np.int64),
        n_new=np.zeros(len(needed), np.int64),
        out_mentee=np.empty(cap, np.int64),
        out_mentor=np.empty(cap, np.int64),
        out_compat=np.empty(cap),
        out_kind=np.empty(cap, np.int8),
        n_out=np.zeros(1, np.int64),
    )


def matches_of(ledger: Ledger) -> Matches:
    """The pairs a ledger recorded, as people rows, in the order they were formed."""
    n = int(ledger.n_out[0])
    return Matches(
        ledger.mentees[ledger.out_mentee[:n]],
        ledger.mentors[ledger.out_mentor[:n]],
        ledger.out_compat[:n].copy(),
        ledger.out_kind[:n].copy(),
    )


# Plain-loop versions of np.argsort(kind="mergesort") on departments and of np.searchsorted
# for the matching kernels. They return exactly what those do; numba's generic versions took
# a quarter of the first run's compilation (its merge sort on int32, its comparison helpers),
# and a counting sort orders ten thousand mentees by department a dozen times faster.


@njit(cache=True)
def argsort_by_department(departments):
    """``np.argsort(departments, kind="mergesort")`` for small non-negative integers.

    A counting sort: one pass to count each department, one to place the positions.

    Args:
        departments: int (n,), each >= 0.

    Returns:
        int64 (n,): positions by department, in their original order within one.
    """
    n = departments.shape[0]
    top = 0
    for i in range(n):
        top = max(top, departments[i])
    # starts[d]: where department d's positions begin in the result.
    starts = np.zeros(top + 2, np.int64)
    for i in range(n):
        starts[departments[i] + 1] += 1
    for d in range(top + 1):
        starts[d + 1] += starts[d]
    order = np.empty(n, np.int64)
    for i in range(n):
        d = departments[i]
        order[starts[d]] = i
        starts[d] += 1
    return order


@njit(cache=True)
def search_left(sorted_values, value):
    """``np.searchsorted(sorted_values, value, side="left")``: the first index >= value."""
    lo, hi = 0, sorted_values.shape[0]
    while lo < hi:
        mid = (lo + hi) // 2
        if sorted_values[mid] < value:
            lo = mid + 1
        else:
            hi = mid
    return lo


@njit(cache=True)
def search_right(sorted_values, value):
    """``np.searchsorted(sorted_values, value, side="right")``: the first index > value."""
    lo, hi = 0, sorted_values.shape[0]
    while lo < hi:
        mid = (lo + hi) // 2
        if sorted_values[mid] <= value:
            lo = mid + 1
        else:
            hi = mid
    return lo


@njit(cache=True)
def is_barred(ledger, i, mentor_row):
    """Whether mentee position ``i`` may not be paired with ``mentor_row``.

    Barred: the pair has been together (ended or still going), or this run paired them.
    """
    mentee_row = ledger.mentees[i]
    lo = search_left(ledger.held_mentee, mentee_row)
    hi = search_right(ledger.held_mentee, mentee_row)
    for k in range(lo, hi):
        if ledger.held_mentor[k] == mentor_row:
            return True
    for k in range(ledger.n_new[i]):  # noqa: SIM110 - a plain loop is what numba compiles best
        if ledger.new_mentor[i, k] == mentor_row:
            return True
    return False


@njit(cache=True)
def can_pair(ledger, i, j):
    """Whether mentee position ``i`` and mentor position ``j`` can be paired now."""
    return (
        ledger.free[j] > 0 and ledger.needed[i] > 0 and not is_barred(ledger, i, ledger.mentors[j])
    )


@njit(cache=True)
def record_pair(ledger, i, j, compat, kind):
    """Pair mentee position ``i`` with mentor position ``j`` (the caller checked can_pair)."""
    ledger.free[j] -= 1
    ledger.needed[i] -= 1
    ledger.new_mentor[i, ledger.n_new[i]] = ledger.mentors[j]
    ledger.n_new[i] += 1
    k = ledger.n_out[0]
    ledger.out_mentee[k] = i
    ledger.out_mentor[k] = j
    ledger.out_compat[k] = compat
    ledger.out_kind[k] = kind
    ledger.n_out[0] = k + 1


@njit(cache=True)
def department_blocks(mentee_dept, mentor_dept):
    """Group mentee and mentor positions by department.

    Args:
        mentee_dept: int32 (m,), each mentee's department.
        mentor_dept: int32 (k,), each mentor's department.

    Returns:
        ``(mentee_order, mentor_order, bounds)``: positions sorted by department (stably, so
        within a department they keep their order), and int64 (b, 4) rows ``(lo, hi, mlo,
        mhi)``: the slices of the two orders holding one department's mentees and mentors,
        for each department (ascending) that has both.
    """
    mentee_order = argsort_by_department(mentee_dept)
    mentor_order = argsort_by_department(mentor_dept)
    sorted_mentee = mentee_dept[mentee_order]
    sorted_mentor = mentor_dept[mentor_order]
    bounds = np.empty((len(mentee_dept), 4), np.int64)  # structural: lo, hi, mlo, mhi
    n_blocks = 0
    lo = 0
    while lo < len(sorted_mentee):
        d = sorted_mentee[lo]
        hi = lo
        while hi < len(sorted_mentee) and sorted_mentee[hi] == d:
            hi += 1
        mlo = search_left(sorted_mentor, d)
        mhi = search_right(sorted_mentor, d)
        if mhi > mlo:
            # One element at a time: a row assigned from a tuple compiles numba's
            # shape check and its error message, seconds of the first run.
            bounds[n_blocks, 0] = lo
            bounds[n_blocks, 1] = hi
            bounds[n_blocks, 2] = mlo
            bounds[n_blocks, 3] = mhi  # structural: the fourth bound column
            n_blocks += 1
        lo = hi
    return mentee_order, mentor_order, bounds[:n_blocks]

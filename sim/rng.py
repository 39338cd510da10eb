"""Keyed random numbers: every draw is a pure function of its key.

A draw depends on ``(seed, purpose, entity, year, slot)`` and on nothing else: not on how many
draws came before it, not on the program design, not on the worker that runs it. That is what
makes comparisons between designs paired (common random numbers): person 17's traits, and the
chance that person 17 leaves in year 9, are the same numbers under every design.

The generator is a counter-based hash built from SplitMix64's finaliser (Steele, Lea & Flood
2014), applied to the key words in turn. It runs in plain Python/NumPy and inside numba.
"""

from __future__ import annotations

import math
import zlib

import numpy as np
from numba import njit

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_MUL1 = np.uint64(0xBF58476D1CE4E5B9)
_MUL2 = np.uint64(0x94D049BB133111EB)
_S30 = np.uint64(30)
_S27 = np.uint64(27)
_S31 = np.uint64(31)
_S11 = np.uint64(11)
_INV_2_53 = 1.0 / 9007199254740992.0
_BELOW_ONE = 1.0 - _INV_2_53  # the largest double below 1


def purpose_code(name: str) -> int:
    """Return the stable 32-bit code of a purpose name (CRC-32, same on every platform).

    Args:
        name: A short label for what a draw is for, e.g. ``"traits"`` or ``"exit"``.

    Returns:
        The code as a non-negative int.
    """
    return zlib.crc32(name.encode("utf-8"))


@njit(cache=True, inline="always")
def _mix(z):
    z = (z ^ (z >> _S30)) * _MUL1
    z = (z ^ (z >> _S27)) * _MUL2
    return z ^ (z >> _S31)


@njit(cache=True)
def key_prefix(seed, purpose, entity, year):
    """Hash the first four key parts; :func:`key_hash` finishes it with the slot.

    Draws that differ only in their slot (a person's six traits, say) share this prefix, so
    it is computed once for all of them.

    Args:
        seed: Run seed (uint64).
        purpose: Purpose code from :func:`purpose_code`.
        entity: Person or relationship id (>= 0).
        year: Simulated year (>= -1; -1 for draws made before year 1).

    Returns:
        A uint64.
    """
    h = _mix(np.uint64(seed) + _GOLDEN)
    h = _mix(h ^ (np.uint64(purpose) + _GOLDEN))
    h = _mix(h ^ (np.uint64(entity) + _GOLDEN))
    return _mix(h ^ (np.uint64(year + 1) + _GOLDEN))


@njit(cache=True, inline="always")
def _finish(prefix, slot):
    return _mix(prefix ^ (np.uint64(slot) + _GOLDEN))


@njit(cache=True, inline="always")
def _to_uniform(bits):
    # The top 53 bits give the mantissa; half a step is added so the value is never exactly
    # 0, and the one value that would round up to exactly 1 is held just below it (safe for
    # logs and inverse CDFs).
    return min((float(bits >> _S11) + 0.5) * _INV_2_53, _BELOW_ONE)


@njit(cache=True, inline="always")
def _box_muller(prefix, slot):
    u1 = _to_uniform(_finish(prefix, 2 * slot))
    u2 = _to_uniform(_finish(prefix, 2 * slot + 1))
    return math.sqrt(-2.0 * math.log(u1)) * math.cos(2.0 * math.pi * u2)


@njit(cache=True)
def key_hash(seed, purpose, entity, year, slot):
    """Hash a key to 64 random bits.

    Args:
        seed: Run seed (uint64).
        purpose: Purpose code from :func:`purpose_code`.
        entity: Person or relationship id (>= 0).
        year: Simulated year (>= -1; -1 for draws made before year 1).
        slot: Index among several draws sharing the other four key parts.

    Returns:
        A uint64.
    """
    # Written out rather than through key_prefix: the same steps, in one function, so the
    # interpreted version (``.py_func``) works on uint64 values throughout.
    h = _mix(np.uint64(seed) + _GOLDEN)
    h = _mix(h ^ (np.uint64(purpose) + _GOLDEN))
    h = _mix(h ^ (np.uint64(entity) + _GOLDEN))
    h = _mix(h ^ (np.uint64(year + 1) + _GOLDEN))
    return _mix(h ^ (np.uint64(slot) + _GOLDEN))


@njit(cache=True)
def keyed_uniform(seed, purpose, entity, year, slot):
    """Return one uniform draw in the open interval (0, 1) for a key."""
    return _to_uniform(key_hash(seed, purpose, entity, year, slot))


@njit(cache=True)
def keyed_normal(seed, purpose, entity, year, slot):
    """Return one standard normal draw for a key (Box-Muller on slots 2*slot and 2*slot+1)."""
    return _box_muller(key_prefix(seed, purpose, entity, year), slot)


@njit(cache=True)
def fill_uniform(seed, purpose, entities, year, slot, out):
    """Write one uniform draw per entity into ``out``.

    Args:
        seed: Run seed.
        purpose: Purpose code.
        entities: int64 array, shape (n,): the entity ids.
        year: Simulated year.
        slot: Draw index.
        out: float64 array, shape (n,), written in place.
    """
    for i in range(entities.shape[0]):
        out[i] = keyed_uniform(seed, purpose, entities[i], year, slot)


@njit(cache=True)
def fill_normal(seed, purpose, entities, year, n_slots, out):
    """Write ``n_slots`` standard normal draws per entity into ``out``.

    Args:
        seed: Run seed.
        purpose: Purpose code.
        entities: int64 array, shape (n,).
        year: Simulated year.
        n_slots: Number of draws per entity.
        out: float64 array, shape (n, n_slots), written in place.
    """
    for i in range(entities.shape[0]):
        _fill_normal_row(seed, purpose, entities[i], year, out[i])


@njit(cache=True)
def fill_draws(seed, codes, first_column, n_slots, normal, entities, year, out):
    """Write several purposes' draws per entity into the columns of ``out``, in one pass.

    Purpose ``j`` fills columns ``first_column[j]`` onward: ``n_slots[j]`` standard normal
    draws where ``normal[j]`` (as :func:`fill_normal`), else one uniform draw on slot 0 (as
    :func:`fill_uniform`); the numbers are those of the one-purpose fills.

    Args:
        seed: Run seed.
        codes: int64 (q,), purpose codes.
        first_column: int64 (q,), each purpose's first column in ``out``.
        n_slots: int64 (q,), normal draws per entity (1 for a uniform purpose).
        normal: bool (q,), whether a purpose's draws are standard normal.
        entities: int64 (n,), the entity ids.
        year: Simulated year.
        out: float64 (n, c), written in place.
    """
    for i in range(entities.shape[0]):
        entity = entities[i]
        for j in range(codes.shape[0]):
            column = first_column[j]
            if normal[j]:
                _fill_normal_row(seed, codes[j], entity, year, out[i, column : column + n_slots[j]])
            else:
                out[i, column] = keyed_uniform(seed, codes[j], entity, year, 0)


@njit(cache=True)
def fill_where(seed, purpose, entities, year, mask, normal, out):
    """Write one draw (slot 0) for each entity in ``mask``, and a neutral value elsewhere.

    The draw is standard normal where ``normal`` (0.0 elsewhere: no noise), else uniform
    (1.0 elsewhere: never below a chance); the same numbers as :func:`fill_normal` and
    :func:`fill_uniform` give.

    Args:
        seed: Run seed.
        purpose: Purpose code.
        entities: int64 array, shape (n,): the entity ids.
        year: Simulated year.
        mask: bool array, shape (n,): the entities to draw for.
        normal: Whether the draws are standard normal (else uniform).
        out: float64 array, shape (n,), written in place.
    """
    for i in range(entities.shape[0]):
        if not mask[i]:
            out[i] = 0.0 if normal else 1.0
        elif normal:
            out[i] = keyed_normal(seed, purpose, entities[i], year, 0)
        else:
            out[i] = keyed_uniform(seed, purpose, entities[i], year, 0)


@njit(cache=True)
def _fill_normal_row(seed, purpose, entity, year, out):
    # One key prefix for all of an entity's slots (the slot is hashed last).
    prefix = key_prefix(seed, purpose, entity, year)
    for k in range(out.shape[0]):
        out[k] = _box_muller(prefix, k)


class KeyedRandom:
    """Convenience wrapper binding a run seed, for use from Python code.

    Args:
        seed: The run seed, any non-negative integer below 2**64.
    """

    def __init__(self, seed: int):
        if not 0 <= int(seed) < 2**64:
            raise ValueError(f"seed must be in [0, 2**64), got {seed}")
        self.seed = np.uint64(int(seed))
        self._codes: dict[str, int] = {}

    def code(self, purpose: str) -> int:
        """Return (and cache) the code of a purpose name."""
        if purpose not in self._codes:
            self._codes[purpose] = purpose_code(purpose)
        return self._codes[purpose]

    def uniform(self, purpose: str, entities: np.ndarray, year: int, slot: int = 0) -> np.ndarray:
        """Return one uniform draw per entity, shape (n,)."""
        ids = np.ascontiguousarray(entities, dtype=np.int64)
        out = np.empty(ids.shape[0])
        fill_uniform(self.seed, self.code(purpose), ids, year, slot, out)
        return out

    def normal(self, purpose: str, entities: np.ndarray, year: int, n_slots: int = 1) -> np.ndarray:
        """Return ``n_slots`` standard normal draws per entity, shape (n, n_slots)."""
        ids = np.ascontiguousarray(entities, dtype=np.int64)
        out = np.empty((ids.shape[0], n_slots))
        fill_normal(self.seed, self.code(purpose), ids, year, n_slots, out)
        return out

    def draws(
        self,
        entities: np.ndarray,
        year: int,
        *,
        uniform: tuple[str, ...] = (),
        normal: dict[str, int] | None = None,
    ) -> dict[str, np.ndarray]:
        """Several purposes' draws for the same entities at once (one kernel call).

        Args:
            entities: int64 (n,), the entity ids.
            year: Simulated year.
            uniform: Purposes with one uniform draw each (slot 0), as :meth:`uniform`.
            normal: Purpose -> number of standard normal draws each, as :meth:`normal`.

        Returns:
            Purpose -> float64 (n,) for a uniform purpose, (n, slots) for a normal one; the
            same numbers the one-purpose methods give.
        """
        normal = normal or {}
        names = [*uniform, *normal]
        slots = np.array([1] * len(uniform) + list(normal.values()), dtype=np.int64)
        first = np.concatenate([[0], np.cumsum(slots)[:-1]]).astype(np.int64)
        ids = np.ascontiguousarray(entities, dtype=np.int64)
        out = np.empty((ids.shape[0], int(slots.sum())))
        fill_draws(
            self.seed,
            np.array([self.code(name) for name in names], dtype=np.int64),
            first,
            slots,
            np.array([name in normal for name in names]),
            ids,
            year,
            out,
        )
        return {
            name: out[:, start] if name not in normal else out[:, start : start + count]
            for name, start, count in zip(names, first.tolist(), slots.tolist(), strict=True)
        }

    def uniform_where(
        self, purpose: str, entities: np.ndarray, year: int, mask: np.ndarray
    ) -> np.ndarray:
        """One uniform draw per entity in ``mask``, and 1.0 (never drawn) elsewhere.

        Drawing only for the rows in use keeps the cost proportional to the people employed,
        not to everyone ever hired; keyed draws make the values the same either way, and 1.0
        makes every "draw < chance" test false for the rows not drawn.

        Args:
            purpose: What the draws are for.
            entities: int64 (n,), the entity ids (person keys or pair keys).
            year: Simulated year.
            mask: bool (n,), the entities to draw for.

        Returns:
            float64 (n,).
        """
        # The rows in the mask are gathered first and drawn for in one branch-free pass: a
        # pass over every row that skips those outside the mask (``fill_where``) took longer,
        # the skips (most rows ever hired) costing about what a uniform draw does.
        rows = np.flatnonzero(mask)
        out = np.ones(len(entities))
        out[rows] = self.uniform(purpose, np.asarray(entities)[rows], year)
        return out

    def normal_where(
        self, purpose: str, entities: np.ndarray, year: int, mask: np.ndarray
    ) -> np.ndarray:
        """One standard normal draw per entity in ``mask``, and 0.0 elsewhere.

        Args:
            purpose: What the draws are for.
            entities: int64 (n,), the entity ids.
            year: Simulated year.
            mask: bool (n,), the entities to draw for.

        Returns:
            float64 (n,).
        """
        return self._where(purpose, entities, year, mask, normal=True)

    def _where(
        self, purpose: str, entities: np.ndarray, year: int, mask: np.ndarray, *, normal: bool
    ) -> np.ndarray:
        out = np.empty(len(entities))
        fill_where(
            self.seed,
            self.code(purpose),
            np.ascontiguousarray(entities, dtype=np.int64),
            year,
            mask,
            normal,
            out,
        )
        return out


@njit(cache=True)
def pair_key_of(first, second):
    """The draw key of one pair of entity keys; equals ``pair_key`` element by element.

    Args:
        first: int64, the first entity's key.
        second: int64, the second entity's key.

    Returns:
        int64, the pair's key.
    """
    mixed = (np.uint64(first) * _GOLDEN) ^ np.uint64(second)
    mixed = mixed * _MUL1
    return np.int64(mixed & np.uint64(0x7FFFFFFFFFFFFFFF))


def pair_key(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """One draw key per pair of entity keys (e.g. a mentee and a mentor), order-sensitive.

    Args:
        first: int64 (p,), the first entity of each pair.
        second: int64 (p,), the second.

    Returns:
        int64 (p,), keys that differ for different pairs except with negligible chance.
    """
    with np.errstate(over="ignore"):
        mixed = (np.asarray(first, np.uint64) * _GOLDEN) ^ np.asarray(second, np.uint64)
        # An odd multiplier is a bijection modulo 2**64, so distinct pairs stay distinct
        # until the top bit is dropped to fit int64 (a collision chance of 2**-63).
        mixed = mixed * _MUL1
    return (mixed & np.uint64(0x7FFFFFFFFFFFFFFF)).astype(np.int64)


def replicate_seeds(seed: int, n_replicates: int) -> list[int]:
    """Return the 64-bit run seed of each replicate of a base seed.

    Replicate r uses ``SeedSequence(seed).spawn(n)[r]``; spawning is prefix-stable, so
    replicate r has the same seed whether 10 or 1,000 replicates are asked for, whatever the
    worker count or order of completion.

    Args:
        seed: The base seed of an experiment.
        n_replicates: How many replicate seeds to return.

    Returns:
        A list of ints in [0, 2**64).
    """
    children = np.random.SeedSequence(int(seed)).spawn(int(n_replicates))
    return [int(child.generate_state(1, dtype=np.uint64)[0]) for child in children]

"""Per-year snapshots of people and relationships, kept by the app for person stories.

The model keeps only the current state, so after each simulated year the app copies the few
columns a story shows (stage, satisfaction, burnout, path fit, skills, academic portfolio,
relationship quality). At the default 1,500 people this is a few hundred kilobytes a year and
well under a millisecond to take; the model itself is untouched.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

#: People columns copied every year (per-row scalars).
PEOPLE_COLUMNS = (
    "stage",
    "track",
    "active",
    "satisfaction",
    "burnout",
    "path_fit",
    "alignment",
    "load",
    "readiness",
    "portfolio",
)


@dataclass
class Snapshot:
    """One year's copy of what stories show.

    Attributes:
        year: Simulated year (0 = start).
        people: Column name -> array over the people rows existing that year.
        skills: (n_people, n_domains) float32 skills.
        composite: (n_people,) float32 track skill composite.
        quality: (n_relationships,) float32 relationship quality.
        rel_active: (n_relationships,) bool, relationship ongoing.
    """

    year: int
    people: dict[str, np.ndarray]
    skills: np.ndarray
    composite: np.ndarray
    quality: np.ndarray
    rel_active: np.ndarray


def take(model) -> Snapshot:
    """Copy this year's story columns out of a model."""
    p, r = model.people, model.relationships
    skills = p.skills.astype(np.float32)
    weights = model.design.population.track_weights
    composite = (p.skills * weights[p.track]).sum(axis=1).astype(np.float32)
    columns = {}
    for name in PEOPLE_COLUMNS:
        column = getattr(p, name)
        columns[name] = column.astype(np.float32) if column.dtype == np.float64 else column.copy()
    return Snapshot(
        year=int(model.year),
        people=columns,
        skills=skills,
        composite=composite,
        quality=r.quality.astype(np.float32),
        rel_active=r.active.copy(),
    )


class History:
    """Snapshots of one run, year by year."""

    def __init__(self) -> None:
        self.snapshots: list[Snapshot] = []

    def record(self, model) -> None:
        """Append this year's snapshot."""
        self.snapshots.append(take(model))

    def person(self, row: int) -> list[tuple[Snapshot, int]]:
        """Return the snapshots in which a people row existed, with the row."""
        return [(s, row) for s in self.snapshots if row < len(s.people["stage"])]

    def nbytes(self) -> int:
        """Bytes held by all snapshots."""
        total = 0
        for s in self.snapshots:
            total += sum(a.nbytes for a in s.people.values())
            total += s.skills.nbytes + s.composite.nbytes + s.quality.nbytes
            total += s.rel_active.nbytes
        return total

"""A sweep on disk: one part per finished run, compacted in run order, and resume checks.

Each run (design x point x replicate) writes its ``yearly`` part and then its ``runs`` part,
each atomically (a uniquely named temporary file renamed into place), so a run's ``runs`` part
exists only when the run is complete: it is the marker a resume reads. A run killed half-way
leaves at most a temporary file, which nothing reads. Compaction streams the parts, in the
fixed order of designs, points and replicates, through one Parquet writer, a bounded batch of
rows at a time, so the final files do not depend on the workers, the order runs finished in or
how many times the sweep was interrupted, and memory does not grow with the number of runs.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

#: The tables a sweep keeps (per-person retention and load tables would grow with people x
#: runs; ``mentorsim run`` and ``compare`` write those).
TABLES = ("runs", "yearly")

#: Rows gathered before a row group is written while compacting: bounds compaction's memory.
BATCH_ROWS = 20_000

#: What identifies a run: (design, point, replicate).
RunKey = tuple[str, int, int]


def run_stem(design: str, point: int, replicate: int) -> str:
    """File stem of one run's parts."""
    return f"{design}--p{point:07d}--r{replicate:05d}"


def part_path(out_dir: Path, table: str, key: RunKey) -> Path:
    """Path of one run's part of one table."""
    return out_dir / "parts" / table / f"{run_stem(*key)}.parquet"


def write_atomic(table: pa.Table, path: Path) -> None:
    """Write a table as Parquet under a unique temporary name, then rename it into place.

    The temporary name is unique per writer, so two workers writing the same run (a task a
    cluster redid after losing a worker it thought dead) never write into one file.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}-{uuid.uuid4().hex[:8]}.tmp")
    pq.write_table(table, tmp)
    tmp.replace(path)


def write_run(out_dir: Path, key: RunKey, tables: dict[str, pa.Table]) -> None:
    """Write a finished run's parts, the ``runs`` part last (the marker a resume reads)."""
    write_atomic(tables["yearly"], part_path(out_dir, "yearly", key))
    write_atomic(tables["runs"], part_path(out_dir, "runs", key))


def done_runs(out_dir: Path) -> set[RunKey]:
    """The runs whose parts are complete on disk."""
    folder = out_dir / "parts" / "runs"
    found = set()
    if folder.exists():
        for path in folder.glob("*.parquet"):
            design, point, replicate = path.stem.rsplit("--", 2)
            found.add((design, int(point[1:]), int(replicate[1:])))
    return found


def clear(out_dir: Path) -> None:
    """Remove an earlier sweep's parts, tables and analyses (a fresh, not resumed, sweep)."""
    for folder in ("parts", "sensitivity", "robustness"):
        shutil.rmtree(out_dir / folder, ignore_errors=True)
    for name in (*TABLES, "points"):
        (out_dir / f"{name}.parquet").unlink(missing_ok=True)
    for name in ("sensitivity.csv", "robustness.csv", "robustness_drivers.csv",
                 "manifest.json"):
        (out_dir / name).unlink(missing_ok=True)


#: Parts read before they are merged into one contiguous table: each small table read from
#: a part carries tens of kilobytes of schema and buffer objects, so thousands held at once
#: would make compaction's memory grow with the sweep.
MERGE_PARTS = 64


def _batches(out_dir: Path, table: str, keys: Iterable[RunKey]) -> Iterator[pa.Table]:
    """The parts of one table, in order, as tables of about ``BATCH_ROWS`` rows."""
    merged: list[pa.Table] = []
    group: list[pa.Table] = []
    rows = 0

    def merge() -> None:
        if group:
            merged.append(pa.concat_tables(group, promote_options="permissive").combine_chunks())
            group.clear()

    for key in keys:
        part = pq.read_table(part_path(out_dir, table, key))
        group.append(part)
        rows += part.num_rows
        if len(group) >= MERGE_PARTS:
            merge()
        if rows >= BATCH_ROWS:
            merge()
            yield pa.concat_tables(merged, promote_options="permissive")
            merged, rows = [], 0
    merge()
    if merged:
        yield pa.concat_tables(merged, promote_options="permissive")


def compact(out_dir: Path, keys: list[RunKey]) -> dict[str, Path]:
    """Stream every run's parts, in the order given, into one Parquet file per table.

    Args:
        out_dir: The sweep folder.
        keys: Every run, in table order (designs, then points, then replicates).

    Returns:
        The written files by table name.
    """
    written = {}
    for table in TABLES:
        path = out_dir / f"{table}.parquet"
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        writer = None
        try:
            for batch in _batches(out_dir, table, keys):
                if writer is None:
                    writer = pq.ParquetWriter(tmp, batch.schema)
                elif not batch.schema.equals(writer.schema, check_metadata=False):
                    batch = batch.cast(writer.schema)
                writer.write_table(batch, row_group_size=BATCH_ROWS)
        finally:
            if writer is not None:
                writer.close()
        tmp.replace(path)
        written[table] = path
    return written

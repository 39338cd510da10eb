"""A sweep on disk: parts of a few runs each, compacted in run order, and resume checks.

The runs (design x point x replicate, in table order) are cut into consecutive *parts* of
``runs_per_part`` runs, fixed by the experiment alone. A worker runs a whole part and writes its
``yearly`` file and then its ``runs`` file, each atomically (a uniquely named temporary file
renamed into place), so a part's ``runs`` file exists only when all its runs are complete: it is
the marker a resume reads. A part killed half-way leaves at most a temporary file, which nothing
reads, and runs again whole. Compaction streams the parts, in order, through one Parquet writer,
a bounded batch of rows at a time, so the final files do not depend on the workers, the order
parts finished in or how many times the sweep was interrupted, and memory does not grow with the
number of runs.

Why parts and not one file per run: a Parquet file costs a few milliseconds to write and again
to read back whatever its size, which for runs of a fraction of a second was a tenth of the
sweep's time; a part holds about half a second of model time (``PART_PERSON_YEARS``).
"""

from __future__ import annotations

import math
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

#: Model work a part aims at, in people x years (initial size x years of a run): about half
#: a second of model time, so a part's fixed cost of two files is a small share of it, while
#: the last parts, which some workers wait out idle, stay short.
PART_PERSON_YEARS = 100_000

#: At most this many runs in a part, so a part's tables stay small and progress stays live.
MAX_RUNS_PER_PART = 16

#: A sweep is cut into at least this many parts where it has the runs: workers stay busy
#: to the end (with 16, two workers on a 60-run sweep lost a tenth of their time waiting for
#: the last part), and a resume or a lost worker redoes little.
MIN_PARTS = 32


def runs_per_part(runs: int, person_years_per_run: float) -> int:
    """How many consecutive runs share a part: about ``PART_PERSON_YEARS`` of model work.

    Depends on the experiment alone (never on the workers), so the parts, and what a resume
    finds done, are the same on every machine.

    Args:
        runs: Runs in the sweep.
        person_years_per_run: The largest initial size x years of any run.

    Returns:
        An int in [1, ``MAX_RUNS_PER_PART``].
    """
    by_work = int(PART_PERSON_YEARS // max(1.0, person_years_per_run))
    by_count = math.ceil(runs / MIN_PARTS)
    return max(1, min(MAX_RUNS_PER_PART, by_work, by_count))


def cut_parts(keys: list[RunKey], size: int) -> list[list[RunKey]]:
    """The runs in table order, cut into consecutive parts of ``size`` (the last may be short)."""
    return [keys[i : i + size] for i in range(0, len(keys), size)]


def write_atomic(table: pa.Table, path: Path) -> None:
    """Write a table as Parquet under a unique temporary name, then rename it into place.

    The temporary name is unique per writer, so two workers writing the same run (a task a
    cluster redid after losing a worker it thought dead) never write into one file.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}-{uuid.uuid4().hex[:8]}.tmp")
    pq.write_table(table, tmp)
    tmp.replace(path)


def part_path(out_dir: Path, table: str, part: int) -> Path:
    """Path of one part's file of one table."""
    return out_dir / "parts" / table / f"part-{part:07d}.parquet"


def write_part(out_dir: Path, part: int, tables: dict[str, pa.Table]) -> None:
    """Write a finished part's files, the ``runs`` file last (the marker a resume reads)."""
    write_atomic(tables["yearly"], part_path(out_dir, "yearly", part))
    write_atomic(tables["runs"], part_path(out_dir, "runs", part))


def done_parts(out_dir: Path) -> set[int]:
    """The parts whose files are complete on disk."""
    folder = out_dir / "parts" / "runs"
    if not folder.exists():
        return set()
    return {int(path.stem.split("-", 1)[1]) for path in folder.glob("part-*.parquet")}


def clear(out_dir: Path) -> None:
    """Remove an earlier sweep's parts, tables and analyses (a fresh, not resumed, sweep)."""
    for folder in ("parts", "sensitivity", "policies", "robustness"):
        shutil.rmtree(out_dir / folder, ignore_errors=True)
    for name in (*TABLES, "points"):
        (out_dir / f"{name}.parquet").unlink(missing_ok=True)
    for name in (
        "sensitivity.csv",
        "sensitivity_s2.csv",
        "sensitivity_convergence.csv",
        "sensitivity_checks.csv",
        "policies.csv",
        "policies_satisficing.csv",
        "robustness.csv",
        "robustness_drivers.csv",
        "manifest.json",
    ):
        (out_dir / name).unlink(missing_ok=True)


#: Parts read before they are merged into one contiguous table: each small table read from
#: a part carries tens of kilobytes of schema and buffer objects, so thousands held at once
#: would make compaction's memory grow with the sweep.
MERGE_PARTS = 64


def _batches(out_dir: Path, table: str, parts: Iterable[int]) -> Iterator[pa.Table]:
    """The parts of one table, in order, as tables of about ``BATCH_ROWS`` rows."""
    merged: list[pa.Table] = []
    group: list[pa.Table] = []
    rows = 0

    def merge() -> None:
        if group:
            merged.append(pa.concat_tables(group, promote_options="permissive").combine_chunks())
            group.clear()

    for part in parts:
        # One known file: ParquetFile reads it without the dataset discovery that read_table
        # does first, about twice as fast on these small files. One thread: a thread pool's
        # buffers for a part's many columns took more memory than the part itself (a
        # 5,000-run sweep peaked 25 MB higher).
        read = pq.ParquetFile(part_path(out_dir, table, part)).read(use_threads=False)
        group.append(read)
        rows += read.num_rows
        if len(group) >= MERGE_PARTS:
            merge()
        if rows >= BATCH_ROWS:
            merge()
            yield pa.concat_tables(merged, promote_options="permissive")
            merged, rows = [], 0
    merge()
    if merged:
        yield pa.concat_tables(merged, promote_options="permissive")


def compact(out_dir: Path, n_parts: int) -> dict[str, Path]:
    """Stream every part, in order, into one Parquet file per table.

    Args:
        out_dir: The sweep folder.
        n_parts: Parts in the sweep (all on disk).

    Returns:
        The written files by table name.
    """
    written = {}
    for table in TABLES:
        path = out_dir / f"{table}.parquet"
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        writer = None
        try:
            for batch in _batches(out_dir, table, range(n_parts)):
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

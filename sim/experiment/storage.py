"""Results on disk: tidy Parquet tables written part by part, and a manifest.

Each finished replicate is written at once as its own Parquet part under ``parts/``, so an
interrupted experiment loses nothing already done. When all parts are in, they are
concatenated in replicate order into ``runs.parquet`` and friends, which therefore do not
depend on the worker count or the order in which replicates finished.
"""

from __future__ import annotations

import json
import platform
import subprocess
import tempfile
from importlib import metadata
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from sim.errors import InputError

TABLES = ("runs", "yearly", "retention", "loads")


class OutputFolderError(InputError):
    """An output folder that cannot be created or written; nothing was run."""


def check_out_dir(path: Path) -> None:
    """Refuse an output folder that cannot be created or written, leaving nothing behind.

    Permission bits do not tell (``/sys`` and ``/proc`` look writable to root; a read-only
    mount does not show in them), so the nearest existing folder is tried for real: a probe
    folder is made in it and removed at once.

    Raises:
        OutputFolderError: one line naming the folder and why (a file in the way, no
            permission, a read-only or virtual file system).
    """
    path = Path(path)
    if path.exists() and not path.is_dir():
        raise OutputFolderError(
            f"{path}: cannot create the output folder: a file of that name exists"
        )
    parent = path
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    if not parent.is_dir():
        raise OutputFolderError(
            f"{path}: cannot create the output folder: {parent} is a file, not a folder"
        )
    try:
        probe = Path(tempfile.mkdtemp(prefix=".mentorsim-probe-", dir=parent))
        probe.rmdir()
    except OSError as err:
        why = err.strerror or type(err).__name__
        raise OutputFolderError(
            f"{path}: cannot create or write the output folder: {parent} refuses new "
            f"files ({why.lower()}); give an --out on a writable disk"
        ) from None


def write_parquet(frame: pd.DataFrame, path: Path) -> None:
    """Write a DataFrame to Parquet without its index, atomically (write, then rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".parquet.tmp")
    pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), tmp)
    tmp.replace(path)


def part_path(out_dir: Path, table: str, design: str, replicate: int) -> Path:
    """Path of one replicate's part of one table."""
    return out_dir / "parts" / table / f"{design}--{replicate:06d}.parquet"


def write_parts(
    out_dir: Path, design: str, replicate: int, tables: dict[str, pd.DataFrame]
) -> None:
    """Write one finished replicate's tables as parts (the runs part last, as its marker)."""
    for table in TABLES[1:]:
        write_parquet(tables[table], part_path(out_dir, table, design, replicate))
    write_parquet(tables["runs"], part_path(out_dir, "runs", design, replicate))


def done_replicates(out_dir: Path, design: str) -> set[int]:
    """Replicates of a design whose parts are complete on disk."""
    folder = out_dir / "parts" / "runs"
    if not folder.exists():
        return set()
    return {int(p.stem.rsplit("--", 1)[1]) for p in folder.glob(f"{design}--*.parquet")}


def clear_parts(out_dir: Path, design: str) -> None:
    """Delete the parts of one design (a fresh, not resumed, experiment)."""
    for table in TABLES:
        for path in (out_dir / "parts" / table).glob(f"{design}--*.parquet"):
            path.unlink()


def consolidate(out_dir: Path, designs: list[str], replicates: list[int]) -> dict[str, Path]:
    """Concatenate the parts of the given designs and replicates into one file per table.

    Rows come in the order of ``designs``, then replicate, so the files are identical
    whatever the order in which the parts were written.
    """
    written = {}
    for table in TABLES:
        frames = [
            pd.read_parquet(part_path(out_dir, table, d, r)) for d in designs for r in replicates
        ]
        frame = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
        path = out_dir / f"{table}.parquet"
        write_parquet(frame, path)
        written[table] = path
    return written


def versions() -> dict[str, str]:
    """Versions of Python and the packages that shape results."""
    found = {"python": platform.python_version()}
    for name in ("mentorsim", "mesa", "numba", "numpy", "scipy", "pandas", "pyarrow"):
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "not installed"
    return found


def git_revision() -> str:
    """The project's git revision, or "unknown" outside a git checkout."""
    try:
        result = subprocess.run(
            ["git", "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            cwd=Path(__file__).resolve().parent,
            timeout=5,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"
    return result.stdout.strip() if result.returncode == 0 else "unknown"


def build_manifest(
    command: str,
    *,
    seed: int,
    seeds: list[int],
    workers: int | None,
    scheduler: str | None,
    seconds: float,
    wall_seconds: dict[str, float],
    **facts: object,
) -> dict[str, object]:
    """The manifest of an experiment: what ran, on which seeds, with what, how long.

    Args:
        command: The mentorsim command (``run``, ``compare``...).
        seed: The base seed.
        seeds: The replicate seeds used.
        workers: Local worker processes asked for (None: all cores).
        scheduler: The Dask scheduler's address, or None.
        seconds: Wall time of the whole experiment.
        wall_seconds: Wall time of each run, by ``design/replicate``.
        **facts: What else describes this experiment (designs, replicates, years...),
            placed after ``command``.

    Returns:
        The manifest, in a fixed key order, ready for :func:`write_manifest`.
    """
    return {
        "command": command,
        **facts,
        "base_seed": seed,
        "replicate_seeds": list(seeds),
        "workers": workers,
        "scheduler": scheduler,
        "versions": versions(),
        "git_revision": git_revision(),
        "wall_seconds_total": round(seconds, 3),
        "wall_seconds_per_run": {k: round(v, 3) for k, v in sorted(wall_seconds.items())},
    }


def write_manifest(out_dir: Path, manifest: dict) -> Path:
    """Write the manifest as pretty JSON."""
    path = out_dir / "manifest.json"
    path.write_text(json.dumps(manifest, indent=2, sort_keys=True, default=str) + "\n")
    return path

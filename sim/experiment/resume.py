"""Resuming an interrupted experiment: a record of what wrote a folder, checked on resume.

Every experiment command writes ``experiment.json`` into its folder before any run: what a
resume must match (the resolved designs, seeds, sample). ``--resume`` reads it back and refuses
a folder written by a different experiment, naming what changed, rather than mixing the runs
of two experiments in one table.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from sim.errors import InputError

RECORD = "experiment.json"


class ResumeError(InputError):
    """A folder that cannot be resumed with the experiment given; nothing was run."""


def sha256(text: str) -> str:
    """Hex SHA-256 of a text (a resolved scenario, for instance)."""
    return hashlib.sha256(text.encode()).hexdigest()


def write_json(path: Path, payload: dict[str, Any]) -> None:
    """Write JSON atomically (sorted keys, so equal content gives equal bytes)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(payload, indent=2, sort_keys=True, default=str) + "\n")
    tmp.replace(path)


def check_resume(out_dir: Path, record: dict[str, Any], what: str = "experiment") -> bool:
    """Check that a folder to resume was written by the same experiment.

    Args:
        out_dir: The folder.
        record: What the experiment about to run writes to ``experiment.json``.
        what: What the command calls its input, for the message.

    Returns:
        True when the folder holds an earlier run of the same experiment, False when it
        holds none (the experiment then starts from the beginning).

    Raises:
        ResumeError: when the folder was written by a different experiment, naming what
            changed.
    """
    path = Path(out_dir) / RECORD
    if not path.exists():
        return False
    try:
        before = json.loads(path.read_text())
    except (OSError, ValueError):
        raise ResumeError(f"{path}: cannot read the record of the experiment that wrote this "
                          "folder; run without --resume to start again") from None
    now = json.loads(json.dumps(record, sort_keys=True, default=str))
    if before == now:
        return True
    changed = sorted(k for k in set(before) | set(now) if before.get(k) != now.get(k))
    raise ResumeError(f"{out_dir}: cannot resume: this folder was written by a different "
                      f"{what} ({', '.join(changed)} changed); run without --resume to start "
                      "again, give another --out, or restore the earlier file")


def begin(out_dir: Path, record: dict[str, Any], *, resume: bool, what: str = "experiment"
          ) -> bool:
    """Check a resume (when asked) and write the record; True when resuming earlier runs."""
    resuming = resume and check_resume(out_dir, record, what)
    write_json(Path(out_dir) / RECORD, record)
    return resuming

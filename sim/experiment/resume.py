"""Resuming an interrupted experiment: a record of what wrote a folder, checked on resume.

Every command that writes a results folder writes ``experiment.json`` into it before any run:
the command, and what a resume must match (the resolved designs, seeds, sample). ``--resume``
reads it back and refuses a folder written by another command, or by the same command with
other inputs, naming which, rather than mixing the runs of two experiments in one table or
overwriting another command's report.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from sim.errors import InputError
from sim.words import join_words

RECORD = "experiment.json"

#: What a command leaves in its folder. A folder holding any of them but no record was written
#: by an older mentorsim (or by ``validate`` before it kept a record), so what wrote it is
#: unknown. Other files do not count: a batch system may write its log into the folder before
#: the first run, and ``--resume`` on a first submission must work (docs/cluster.md).
RESULT_FILES = (
    "parts",
    "runs.parquet",
    "manifest.json",
    "report.html",
    "report.md",
    "validation.csv",
    "calibrated.toml",
)

#: What each recorded input is, in the words of a message; in the order a message lists them.
#: ``designs`` is described design by design (:func:`design_changes`).
PLAIN_WORDS = {
    "seed": "the seed",
    "baseline": "the baseline",
    "scenario_sha256": "the scenario's parameters",
    "name": "the experiment's name",
    "description": "the experiment's description",
    "replicates": "the number of replicates",
    "years": "the number of years",
    "outcomes": "the outcomes",
    "set": "the fixed parameters ([set])",
    "varied": "the varied parameters ([levers], [uncertainties])",
    "skipped": "the parameters a pattern leaves to the designs",
    "sampler": "the sampler ([sampler])",
    "points": "the sampled points",
    "points_sha256": "the sampled points",
    "runs_per_part": "how runs are grouped into parts (written by an older version)",
}
#: Recorded values computed from the others: named only when nothing they follow from changed.
DERIVED = ("points", "points_sha256", "runs_per_part")


class ResumeError(InputError):
    """A folder that cannot be resumed with the experiment given; nothing was run."""


class OverwriteError(InputError):
    """A folder holding finished results that a command would replace; nothing was run."""


def results_in(out_dir: Path, names: tuple[str, ...] = RESULT_FILES) -> list[str]:
    """The result files and folders (of ``names``) that ``out_dir`` holds."""
    return [name for name in names if (Path(out_dir) / name).exists()]


def check_overwrite(
    out_dir: Path,
    *,
    resume: bool = False,
    force: bool = False,
    names: tuple[str, ...] = RESULT_FILES,
    resumable: bool = True,
) -> None:
    """Refuse to write into a folder holding results, unless resuming them or forced.

    Args:
        out_dir: The output folder.
        resume: The command continues the runs in the folder (``--resume``).
        force: The user asked to replace what the folder holds (``--force``).
        names: The files and folders that count as results.
        resumable: The command has ``--resume`` (the refusal offers it only then).

    Raises:
        OverwriteError: naming the folder, what it holds and the ways on.
    """
    if resume or force:
        return
    found = results_in(out_dir, names)
    if found:
        raise OverwriteError(
            f"{out_dir} already holds results ({', '.join(found)}); give another --out, "
            "--force to replace them"
            + (", or --resume to continue them" if resumable and names == RESULT_FILES else "")
        )


def free_folder(default: Path, *, keep: bool = False) -> Path:
    """A default output folder that holds no results: ``default``, else ``default-2``, ...

    Args:
        default: The command's default folder.
        keep: Use ``default`` whatever it holds (``--resume`` or ``--force`` was given).

    Returns:
        ``default`` when kept or free, else the first of ``default-2``, ``default-3``, ...
        holding no results, so a second command never replaces the first one's results.
    """
    default = Path(default)
    if keep or not results_in(default):
        return default
    k = 2
    while results_in(default.with_name(f"{default.name}-{k}")):
        k += 1
    return default.with_name(f"{default.name}-{k}")


def sha256(text: str) -> str:
    """Hex SHA-256 of a text (a resolved scenario, for instance)."""
    return hashlib.sha256(text.encode()).hexdigest()


def write_json(path: Path, payload: dict[str, Any]) -> None:
    """Write JSON atomically (sorted keys, so equal content gives equal bytes)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(payload, indent=2, sort_keys=True, default=str) + "\n")
    tmp.replace(path)


def write_record(out_dir: Path, record: dict[str, Any]) -> None:
    """Write the record of the command writing ``out_dir`` (it names the command).

    Commands without ``--resume`` write one too, so a resume of another command there is
    refused rather than overwriting their results.
    """
    write_json(Path(out_dir) / RECORD, record)


def check_resume(out_dir: Path, record: dict[str, Any]) -> bool:
    """Check that a folder to resume was written by the same command with the same inputs.

    Args:
        out_dir: The folder.
        record: What the command about to run writes to ``experiment.json``, its
            ``command`` included.

    Returns:
        True when the folder holds an earlier run of the same experiment, False when it
        holds none (the experiment then starts from the beginning).

    Raises:
        ResumeError: when the folder holds results of another command, of the same command
            with other inputs (naming what changed), or of an unknown command.
    """
    path = Path(out_dir) / RECORD
    if not path.exists():
        refuse_unrecorded_results(Path(out_dir))
        return False
    before = read_record(path)
    now = json.loads(json.dumps(record, sort_keys=True, default=str))
    if before == now:
        return True
    if before["command"] != now["command"]:
        raise ResumeError(
            f"{out_dir} holds results of `mentorsim {before['command']}`, not "
            f"`mentorsim {now['command']}`; use another --out or drop --resume"
        )
    words = changes(before, now, Path(out_dir))
    raise ResumeError(
        f"{out_dir}: cannot resume: {join_words(words)} changed "
        f"since the runs recorded in {path}; resume with the earlier inputs, "
        "run without --resume to start again, or give another --out"
    )


def refuse_unrecorded_results(out_dir: Path) -> None:
    """Refuse to resume in a folder that holds results but no record of what wrote them."""
    found = [name for name in RESULT_FILES if (out_dir / name).exists()]
    if found:
        raise ResumeError(
            f"{out_dir} holds results ({', '.join(found)}) but no {RECORD} "
            "naming the command that wrote them (an older mentorsim, or "
            "`mentorsim validate` before it kept one); use another --out or "
            "drop --resume"
        )


def read_record(path: Path) -> dict[str, Any]:
    """The record in ``path``, with its command."""
    try:
        before = json.loads(path.read_text())
    except (OSError, ValueError):
        before = None
    if not isinstance(before, dict):
        raise ResumeError(
            f"{path}: cannot read the record of the command that wrote this "
            "folder; run without --resume to start again"
        )
    # Only `sweep` wrote records without naming itself (`run` and `compare` always did),
    # and its older folders still resume.
    return {"command": "sweep", **before}


def changes(before: dict[str, Any], now: dict[str, Any], out_dir: Path) -> list[str]:
    """What differs between two records of one command, in plain words, each said once.

    An edited scenario is named with the folder's copy of its earlier version, when there is
    one (``run``, ``compare`` and ``sweep`` keep them), so the user can see what changed.
    """
    changed = [k for k in {**now, **before} if before.get(k) != now.get(k)]
    causes = [k for k in changed if k not in DERIVED] or changed
    order = list(PLAIN_WORDS)
    causes.sort(key=lambda k: order.index(k) if k in order else len(order))
    words: list[str] = []
    for key in causes:
        if key == "designs":
            words += design_changes(before.get(key), now.get(key), out_dir)
        elif key == "scenario_sha256":
            words.append(PLAIN_WORDS[key] + earlier_copy(out_dir / "scenario.toml"))
        else:
            words.append(PLAIN_WORDS.get(key, f"`{key}`"))
    return list(dict.fromkeys(words))


def design_changes(before: Any, now: Any, out_dir: Path) -> list[str]:
    """What differs between two records' designs, in plain words.

    A design is recorded as ``name -> scenario hash`` (``compare``, ``validate``) or as a list
    of ``{name, file, scenario_sha256}`` in the experiment's order (``sweep``).
    """
    old, new = _designs_by_name(before), _designs_by_name(now)
    if set(old) != set(new):
        return ["the set of designs"]
    if list(old) != list(new):
        return ["the order of the designs"]
    edited = [name for name in new if old[name]["scenario_sha256"] != new[name]["scenario_sha256"]]
    renamed = [name for name in new if old[name]["file"] != new[name]["file"]]
    words = []
    copies = out_dir / "scenarios"
    if len(edited) == 1:
        words.append(
            f"scenario {edited[0]}'s parameters" + earlier_copy(copies / f"{edited[0]}.toml")
        )
    elif edited:
        words.append(f"the parameters of scenarios {join_words(edited)}" + earlier_copy(copies))
    if renamed:
        words.append(f"the scenario file names of {join_words(renamed)}")
    return words or ["the designs"]


def earlier_copy(path: Path) -> str:
    """`` (the earlier ones are in PATH)`` when that copy exists, else nothing."""
    return f" (the earlier ones are in {path})" if path.exists() else ""


def _designs_by_name(designs: Any) -> dict[str, dict[str, Any]]:
    if isinstance(designs, dict):
        return {name: {"scenario_sha256": sha, "file": None} for name, sha in designs.items()}
    return {
        d.get("name"): {"scenario_sha256": d.get("scenario_sha256"), "file": d.get("file")}
        for d in designs or []
    }


def begin(
    out_dir: Path,
    record: dict[str, Any],
    *,
    resume: bool,
    force: bool = False,
    resumable: bool = True,
) -> bool:
    """Check a resume (when asked) or an overwrite, and write the record.

    Args:
        out_dir: The output folder.
        record: What the command writes to ``experiment.json``.
        resume: Continue the runs an earlier invocation of the same experiment left.
        force: Replace the results the folder holds (without it they are refused).
        resumable: The command can resume (a refusal offers ``--resume`` only then).

    Returns:
        True when resuming earlier runs.

    Raises:
        ResumeError: for a resume of another experiment.
        OverwriteError: when the folder holds results and neither resume nor force is given.
    """
    check_overwrite(out_dir, resume=resume, force=force, resumable=resumable)
    resuming = resume and check_resume(out_dir, record)
    write_record(out_dir, record)
    return resuming


def choose_out_dir(
    given: Path | None,
    default: Path,
    *,
    resume: bool = False,
    force: bool = False,
    resumable: bool = True,
) -> tuple[Path, str]:
    """The folder a command writes, checked before anything runs.

    A folder given (``--out``) that holds results is refused unless resumed or forced; a
    default folder that holds results is left alone and the next free one beside it used.

    Args:
        given: The ``--out`` folder, or None.
        default: The command's default folder.
        resume: ``--resume`` was given.
        force: ``--force`` was given.
        resumable: The command has ``--resume`` (a refusal offers it only then).

    Returns:
        The folder, and a note when a new default folder was chosen ("" otherwise).

    Raises:
        OutputFolderError: when the folder cannot be created or written.
        OverwriteError: when a given folder holds results.
    """
    from sim.experiment.storage import check_out_dir

    if given is not None:
        check_out_dir(given)
        check_overwrite(given, resume=resume, force=force, resumable=resumable)
        return Path(given), ""
    out_dir = free_folder(default, keep=resume or force)
    check_out_dir(out_dir)
    note = (
        f"{default} holds earlier results; writing to {out_dir} (--force replaces them)"
        if out_dir != Path(default)
        else ""
    )
    return out_dir, note

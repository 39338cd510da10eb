"""How an experiment is run, apart from what it runs: one options object for every command.

What an experiment *is* (its designs, replicates, seed, targets, sample) decides its numbers;
how it is *run* (where it writes, on how many workers or which cluster, whether it shows
progress, resumes or replaces a folder, and a shorter horizon for a quick look) does not,
except ``years``. Every run command takes the second as one :class:`RunOptions`, built once
by the command line (or a notebook) and handed down unchanged, rather than as seven keywords
repeated in every signature between the command and the runner.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class RunOptions:
    """How to run an experiment.

    Attributes:
        years: Years per run (default: each scenario's own).
        workers: Local worker processes (default: all cores; 1 runs in this process).
        scheduler: Address of a Dask scheduler to run on instead of local processes.
        out_dir: Output folder (default: the command's own, e.g. ``results/<name>/``).
        progress: Show progress bars and say what is being done.
        resume: Keep the runs an interrupted run of the same experiment finished in
            ``out_dir`` and run only the missing ones.
        force: Replace the results ``out_dir`` holds (refused without it or ``resume``).
    """

    years: int | None = None
    workers: int | None = None
    scheduler: str | None = None
    out_dir: Path | None = None
    progress: bool = True
    resume: bool = False
    force: bool = False

    def folder(self, default: Path | str) -> Path:
        """The output folder: ``out_dir``, or ``default`` when none was given."""
        return Path(self.out_dir) if self.out_dir is not None else Path(default)

    def required_folder(self, what: str) -> Path:
        """The output folder, for a function that has no default of its own.

        Raises:
            ValueError: naming ``what`` when ``out_dir`` is not set.
        """
        if self.out_dir is None:
            raise ValueError(f"{what} needs RunOptions.out_dir, the folder it writes")
        return Path(self.out_dir)

    def replace(self, **changes: Any) -> RunOptions:
        """A copy with some options changed (``options.replace(out_dir=folder)``)."""
        return dataclasses.replace(self, **changes)


#: The options a command runs with when given none (frozen, so one object serves every call).
DEFAULT_OPTIONS = RunOptions()

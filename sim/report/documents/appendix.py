"""The appendix of the run and comparison reports: what it takes to reproduce the results.

It holds the resolved scenarios (every parameter), the manifest (seeds, versions, git
revision) and the wall times, each in a collapsed group so that the page stays short: a reader
opens what they need. Wall times are summarised per design and listed per run in numeric
replicate order (``baseline/2`` before ``baseline/10``).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any, cast

import numpy as np
import pandas as pd

from sim.report.documents.base import Report

#: Manifest key holding each run's wall time, by ``design/replicate``.
WALL_TIMES = "wall_seconds_per_run"


def add_appendix(
    report: Report,
    scenarios: Sequence[tuple[str, str | None]],
    manifest: Mapping[str, object],
    designs: Sequence[str],
) -> None:
    """Add the appendix: resolved scenarios, manifest and wall times, each collapsed.

    Args:
        report: The report to add to.
        scenarios: (design, resolved scenario TOML) pairs; None where the file is missing.
        manifest: The experiment's manifest (``manifest.json``).
        designs: Design order for the wall-time tables.
    """
    report.add_heading("Appendix")
    report.add_paragraph(
        "What it takes to reproduce these results: every parameter of each "
        "design, the seeds and package versions, and how long each run "
        "took. Open a part to read it."
    )
    label = "Resolved scenario" if len(scenarios) == 1 else "Resolved scenarios"
    report.open_collapsed(f"{label}: every parameter, defaults included")
    for design, toml in scenarios:
        if len(scenarios) > 1:
            report.add_heading(design, level=3)
        if toml is None:
            report.add_paragraph(f"scenarios/{design}.toml is missing from the results.")
        else:
            report.add_preformatted(toml)
    report.close_collapsed()

    report.open_collapsed("Manifest: seeds, versions, git revision")
    if manifest:
        rows = [(k, v) for k, v in flatten_manifest(manifest) if not k.startswith(WALL_TIMES)]
        report.add_table(pd.DataFrame(rows, columns=["key", "value"], dtype=str))
    else:
        report.add_paragraph("manifest.json is missing from the results.")
    report.close_collapsed()

    per_run = wall_times(manifest, designs)
    if per_run.empty:
        return
    report.open_collapsed("Wall times per run")
    report.add_paragraph(
        "Seconds per run. The first run in each worker process also loads "
        "(or, on first use, compiles) the numba kernels, so the maximum can "
        "be far above the median."
    )
    report.add_table(wall_time_summary(per_run), digits=3)
    report.add_table(per_run, digits=3)
    report.close_collapsed()


def wall_times(manifest: Mapping[str, object], designs: Sequence[str] = ()) -> pd.DataFrame:
    """Each run's wall time from a manifest, in design order, then numeric replicate order.

    Args:
        manifest: The manifest, with ``wall_seconds_per_run`` as ``{"design/r": seconds}``.
        designs: Design order; designs not listed follow in order of appearance.

    Returns:
        Columns ``design``, ``replicate`` (int) and ``seconds``; empty without wall times.
    """
    # The runner writes the wall times as {"design/r": seconds}.
    times = cast(Mapping[str, Any] | None, manifest.get(WALL_TIMES) if manifest else None)
    rows = []
    for key, seconds in (times or {}).items():
        design, _, replicate = str(key).rpartition("/")
        rows.append((design, int(replicate) if replicate.isdigit() else -1, float(seconds)))
    frame = pd.DataFrame(rows, columns=["design", "replicate", "seconds"])
    order = {d: k for k, d in enumerate(dict.fromkeys([*designs, *frame["design"]]))}
    frame["_order"] = frame["design"].map(order)
    frame = frame.sort_values(["_order", "replicate"], kind="stable")
    return frame.drop(columns="_order").reset_index(drop=True)


def wall_time_summary(per_run: pd.DataFrame) -> pd.DataFrame:
    """Runs, median, maximum and total seconds per design, from :func:`wall_times`."""
    rows = []
    for design, group in per_run.groupby("design", sort=False):
        seconds = group["seconds"].to_numpy(dtype=float)
        rows.append(
            (
                design,
                len(seconds),
                float(np.median(seconds)),
                float(seconds.max()),
                float(seconds.sum()),
            )
        )
    return pd.DataFrame(rows, columns=["design", "runs", "median s", "max s", "total s"])


def flatten_manifest(mapping: Mapping[str, object], prefix: str = "") -> Iterator[tuple[str, str]]:
    """(dotted key, text) pairs of a nested mapping, in insertion order.

    Values are shown with ``str`` rather than rounded like table numbers: a manifest is for
    reproducing a run, so seeds and parameters must appear exactly.
    """
    for key, value in mapping.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            yield from flatten_manifest(value, f"{name}.")
        elif isinstance(value, list | tuple):
            yield name, ", ".join(str(v) for v in value)
        else:
            yield name, str(value)

"""Command line of the benchmark: ``python -m benchmarks [--quick] [--json FILE]``.

Prints the figures with the targets marked met or not met, and writes them to JSON when asked.
Figures are measured, never asserted: no test holds a wall-clock limit.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from benchmarks.harness import format_table, run_benchmark
from benchmarks.sweeps import format_sweep_table, sweep_benchmark


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark, print the table, optionally write JSON.

    Args:
        argv: Arguments (``--json FILE``, ``--quick``); None reads ``sys.argv``.

    Returns:
        The exit status (0).
    """
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks", description="mentorsim's speed and memory figures."
    )
    parser.add_argument("--json", metavar="FILE", help="also write the figures to this JSON file")
    parser.add_argument("--quick", action="store_true", help="fewer repeats (faster, noisier)")
    parser.add_argument(
        "--only",
        choices=("model", "sweeps"),
        default=None,
        help="only the model figures, or only the sweep figures",
    )
    args = parser.parse_args(argv)
    say = lambda message: print(f"... {message}", file=sys.stderr)  # noqa: E731
    result: dict = {}
    if args.only != "sweeps":
        result.update(run_benchmark(quick=args.quick, progress=say))
        print(format_table(result))
    if args.only != "model":
        result.update(sweep_benchmark(quick=args.quick, progress=say))
        print(format_sweep_table(result))
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2) + "\n")
        print(f"wrote {args.json}")
    return 0

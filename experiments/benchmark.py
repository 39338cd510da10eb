"""Measure mentorsim's performance figures and compare them with the project's targets.

Usage: python experiments/benchmark.py [--quick] [--json FILE]

Prints a table of the figures (kernel speed-up, run times, compile times, peak memory,
throughput against Mesa's Boltzmann wealth example) with the targets marked met or not met
(kernel_speedup >= 50, ratio_vs_mesa >= 10, run_seconds_1500 < 0.5), and writes the figures
to JSON when asked. The measuring is in ``sim.benchmark`` (also ``mentorsim bench``).
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sim.benchmark import main  # noqa: E402

if __name__ == "__main__":
    raise SystemExit(main())

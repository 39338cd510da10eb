"""mentorsim's benchmark: speed and memory figures against the project's targets.

Tooling beside the library, not in it: a wheel of ``sim`` carries the model, not the harness
that times it. Run it from the repository root with ``make bench`` or ``python -m benchmarks
[--quick] [--json FILE]``.

- :mod:`~benchmarks.dispatchers`: finding and wrapping the numba dispatchers ``sim`` calls;
- :mod:`~benchmarks.kernels`: kernel speed-up and the share of a run spent in jitted code;
- :mod:`~benchmarks.runs`: whole runs (default and every shipped design), fresh processes,
  Mesa's Boltzmann example, the machine;
- :mod:`~benchmarks.harness`: every figure, the targets and the printed table;
- :mod:`~benchmarks.cli`: the command line (``python -m benchmarks``).
"""

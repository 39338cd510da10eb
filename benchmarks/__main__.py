"""``python -m benchmarks``: run the benchmark (see :mod:`benchmarks.cli`)."""

from benchmarks.cli import main

raise SystemExit(main())

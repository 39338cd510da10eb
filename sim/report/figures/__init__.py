"""The reports' figures: DataFrames in, bare matplotlib ``Figure`` objects out.

- ``common``: the summary table, design colours and order, pipeline, retention and loads;
- ``yearly``: the yearly metrics, a band over the replicates per design;
- ``intervals``: the differences of a paired comparison with their intervals;
- ``sweep``: outcomes against varied parameters, sensitivity and robustness;
- ``ensemble``: the calibrated ensemble against the plausible ranges.

No function here writes a file except where its name says so, and none goes through pyplot.
"""

"""What a reader who decides sees first.

- ``table``: the decision table, one row per design, ordered by the reader's priorities;
- ``summary``: per design, its gains, losses, costs and trade-off in plain words;
- ``tradeoff``: the equity half of a trade-off (who gains and who does not).
"""

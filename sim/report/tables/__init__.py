"""The reports' tables that need more than plain cells.

- ``comparison``: the differences, rankings and per-design blocks of a comparison;
- ``designs``: what each compared design is and which parameters it changes;
- ``sizes``: the size assumption behind each design (how it hires, how big it is);
- ``equity``: equity ratios with their verdicts, the rates and the gaps beside them.
"""

"""How the reports say things: words for outcomes, numbers, narratives and notes.

- ``outcomes``: an outcome's label, a value in its unit, a difference in points or dollars;
- ``numbers``: how every number and table cell is written (fixed precision, Markdown-safe);
- ``narrative``: what a design improved and worsened, from the comparison table alone;
- ``glossary``: every technical word the comparison report uses, in plain words;
- ``settling``: whether the yearly series have settled when the warm-up ends, and why not;
- ``validation``: how a validation result is said, in the terminal and in the report.
"""

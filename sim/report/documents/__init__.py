"""The documents the commands write, each laid out from the tables an experiment wrote.

- ``base``: the :class:`Report` builder that writes the same content as HTML and Markdown;
- ``run``, ``compare``, ``validation``, ``calibration``, ``sweep``, ``discovery``,
  ``search``, ``policies``: the report of each command;
- ``appendix``: the collapsed appendix (scenarios, manifest, wall times);
- ``ensemble``: the comparison report's section across the calibrated ensemble;
- ``terminal``: the plain-text tables and notices the commands print.
"""

"""Reports of experiment results: a self-contained ``report.html`` and a ``report.md``.

``figures`` holds one function per table or figure (DataFrames in, DataFrame or matplotlib
Figure out), ``document`` the :class:`Report` builder that writes HTML and Markdown, and
``run_report`` :func:`write_run_report`, the report of one experiment.

Importing this package selects matplotlib's file-only "Agg" backend.
"""

from sim.report.document import Report, format_value
from sim.report.figures import (
    design_colors,
    design_order,
    load_distribution_figure,
    outcome_distribution_figure,
    pipeline_figure,
    retention_figure,
    summary_table,
    timeseries_figure,
)
from sim.report.run_report import KEY_YEARLY_METRICS, write_run_report

__all__ = [
    "KEY_YEARLY_METRICS",
    "Report",
    "design_colors",
    "design_order",
    "format_value",
    "load_distribution_figure",
    "outcome_distribution_figure",
    "pipeline_figure",
    "retention_figure",
    "summary_table",
    "timeseries_figure",
    "write_run_report",
]

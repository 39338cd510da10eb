"""Reports of experiment results: a self-contained ``report.html`` and a ``report.md``.

``figures`` holds one function per table or figure (DataFrames in, DataFrame or matplotlib
Figure out), ``document`` the :class:`Report` builder that writes HTML and Markdown, and
``run_report`` :func:`write_run_report`, the report of one experiment.

Importing this package selects matplotlib's file-only "Agg" backend.
"""

from sim.report.compare_report import write_compare_report
from sim.report.comparison_figures import interval_figure
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
from sim.report.narrative import describe_design
from sim.report.run_report import KEY_YEARLY_METRICS, write_run_report

__all__ = [
    "KEY_YEARLY_METRICS",
    "Report",
    "design_colors",
    "design_order",
    "describe_design",
    "format_value",
    "interval_figure",
    "load_distribution_figure",
    "outcome_distribution_figure",
    "pipeline_figure",
    "retention_figure",
    "summary_table",
    "timeseries_figure",
    "write_compare_report",
    "write_run_report",
]

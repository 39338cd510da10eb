"""Reports of experiment results: a self-contained ``report.html`` and a ``report.md``.

``figures`` and ``yearly_figures`` hold one function per table or figure (DataFrames in,
DataFrame or matplotlib Figure out), ``equity`` the equity tables, ``appendix`` the
collapsed appendix, ``document`` the :class:`Report` builder that writes HTML and Markdown, and
``run_report`` :func:`write_run_report`, the report of one experiment, ``compare_report`` and
``validation_report`` those of a comparison and of a validation, ``calibration`` the figure and
summary of a calibration, ``terminal`` the plain-text tables, and ``text`` how numbers and table
cells are written.

Figures are bare matplotlib ``Figure`` objects saved with ``savefig``: importing this package
selects no backend and changes no process-wide setting.
"""

from sim.report.compare_report import write_compare_report
from sim.report.comparison_figures import interval_figure
from sim.report.document import Report
from sim.report.figures import (
    design_colors,
    design_order,
    load_distribution_figure,
    outcome_distribution_figure,
    pipeline_figure,
    retention_figure,
    summary_table,
)
from sim.report.narrative import describe_design
from sim.report.run_report import KEY_YEARLY_METRICS, write_run_report
from sim.report.text import format_value, markdown_cell, number, signed
from sim.report.yearly_figures import timeseries_by_design_figure, timeseries_figure

__all__ = [
    "KEY_YEARLY_METRICS",
    "Report",
    "design_colors",
    "design_order",
    "describe_design",
    "format_value",
    "interval_figure",
    "markdown_cell",
    "number",
    "load_distribution_figure",
    "outcome_distribution_figure",
    "pipeline_figure",
    "retention_figure",
    "signed",
    "summary_table",
    "timeseries_by_design_figure",
    "timeseries_figure",
    "write_compare_report",
    "write_run_report",
]

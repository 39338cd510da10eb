"""Reports of experiment results: a self-contained ``report.html`` and a ``report.md``.

The package is grouped by what a reader sees:

- :mod:`sim.report.decision`: the decision table and summary that open a comparison;
- :mod:`sim.report.tables`: tables that need more than plain cells (differences, designs,
  sizes, equity);
- :mod:`sim.report.figures`: figures (DataFrames in, matplotlib ``Figure`` out);
- :mod:`sim.report.text`: words and numbers (outcome labels, number formats, narratives,
  glossary, settling and validation notes);
- :mod:`sim.report.documents`: the documents each command writes, the :class:`Report` builder
  they share, and the terminal's plain-text tables.

Figures are bare matplotlib ``Figure`` objects saved with ``savefig``: importing this package
selects no backend and changes no process-wide setting.
"""

from sim.report.decision.table import DEFAULT_PRIORITIES, check_priority_names
from sim.report.documents.base import Report
from sim.report.documents.calibration import summary_text, write_loss_history_figure
from sim.report.documents.compare import write_compare_report
from sim.report.documents.discovery import write_discovery_report
from sim.report.documents.policies import write_policy_report
from sim.report.documents.run import KEY_YEARLY_METRICS, write_run_report
from sim.report.documents.search import write_search_report
from sim.report.documents.sweep import (
    write_robustness_report,
    write_sensitivity_report,
    write_sweep_report,
)
from sim.report.documents.validation import write_validation_report
from sim.report.figures.common import (
    design_colors,
    design_order,
    load_distribution_figure,
    outcome_distribution_figure,
    pipeline_figure,
    retention_figure,
    summary_table,
)
from sim.report.figures.ensemble import write_ensemble_figure
from sim.report.figures.intervals import interval_figure
from sim.report.figures.yearly import timeseries_by_design_figure, timeseries_figure
from sim.report.text.narrative import describe_design
from sim.report.text.numbers import format_value, markdown_cell, number, signed

__all__ = [
    "DEFAULT_PRIORITIES",
    "KEY_YEARLY_METRICS",
    "check_priority_names",
    "describe_design",
    "design_colors",
    "design_order",
    "format_value",
    "interval_figure",
    "load_distribution_figure",
    "markdown_cell",
    "number",
    "outcome_distribution_figure",
    "pipeline_figure",
    "Report",
    "retention_figure",
    "signed",
    "summary_table",
    "summary_text",
    "timeseries_by_design_figure",
    "timeseries_figure",
    "write_compare_report",
    "write_discovery_report",
    "write_ensemble_figure",
    "write_loss_history_figure",
    "write_policy_report",
    "write_robustness_report",
    "write_run_report",
    "write_search_report",
    "write_sensitivity_report",
    "write_sweep_report",
    "write_validation_report",
]

"""Reports of a sweep: what ran, its sensitivity indices and its design rankings' robustness.

Each writer reads the tables the analyses wrote (``sim.experiment.sweep``,
``sim.experiment.sensitivity``, ``sim.experiment.robustness``) and writes a ``report.html`` and
``report.md`` with figures from :mod:`sim.report.figures.sweep`.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from sim.experiment.sensitivity import SensitivityResult
from sim.outcomes import OUTCOMES
from sim.report.documents.base import Report
from sim.report.documents.run import KEY_YEARLY_METRICS
from sim.report.figures.sweep import (
    difference_scatter_figure,
    outcome_scatter_figure,
    robustness_figure,
    sensitivity_figure,
)
from sim.report.figures.yearly import timeseries_figure
from sim.report.text.numbers import number

#: Most varied parameters drawn against each outcome in the sweep report (levers first).
SCATTER_KEYS = 8

#: Most yearly metrics drawn as envelopes (the sweep's outcomes first, then the key ones).
ENVELOPE_METRICS = 8


def _safe(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "_", text)


def _varied_table(resolved: dict) -> pd.DataFrame:
    rows = []
    for v in resolved["varied"]:
        shown = (
            ", ".join(map(str, v["values"]))
            if v["kind"] == "values"
            else f"[{v['lo']:g}, {v['hi']:g}]"
        )
        rows.append(
            {"parameter": v["key"], "role": v["role"], "given as": v["origin"], "values": shown}
        )
    return pd.DataFrame(rows, columns=["parameter", "role", "given as", "values"])


def write_sweep_report(
    out_dir: Path, resolved: dict, runs: pd.DataFrame, yearly: pd.DataFrame | None = None
) -> tuple[Path, Path]:
    """``report.html`` and ``report.md`` of a sweep.

    What ran, outcome ranges, scatter plots against the varied parameters and, given the
    yearly table, each design's yearly envelope across the sampled points.
    """
    designs = [d["name"] for d in resolved["designs"]]
    report = Report(f"mentorsim sweep: {resolved['name']}")
    if resolved["description"]:
        report.add_paragraph(resolved["description"])
    sampler = resolved["sampler"]
    points = int(runs["point"].max()) + 1 if len(runs) else 0
    report.add_paragraph(
        f"{len(designs)} design(s) x {points} points ({sampler['method']} sampler) x "
        f"{resolved['replicates']} replicate(s) = {len(runs)} runs, base seed "
        f"{resolved['seed']}. Replicate r uses the same seed at every point and in every "
        "design (common random numbers), so differences are paired."
    )
    report.add_heading("What varied")
    if resolved["varied"]:
        report.add_table(_varied_table(resolved))
    else:
        report.add_paragraph("Nothing: every design ran at its own settings.")
    if resolved["skipped"]:
        report.add_paragraph(
            "Left at each design's own value because a design sets them: "
            + ", ".join(resolved["skipped"])
            + "."
        )
    report.add_heading("Outcomes across the sweep")
    means = runs.groupby(["design", "point"], sort=False)[resolved["outcomes"]].mean()
    summary = []
    for outcome in resolved["outcomes"]:
        for design in designs:
            values = means.loc[design, outcome] if design in means.index else pd.Series()
            summary.append(
                {
                    "outcome": outcome,
                    "design": design,
                    "mean": values.mean(),
                    "p5": values.quantile(0.05),
                    "p95": values.quantile(0.95),
                }
            )
    report.add_table(
        pd.DataFrame(summary),
        "Means over replicates at each point; mean and 5th-95th percentiles over the points.",
    )
    keys = [v["key"] for v in resolved["varied"]][:SCATTER_KEYS]
    if keys:
        for outcome in resolved["outcomes"]:
            report.add_figure(
                f"scatter_{_safe(outcome)}",
                outcome_scatter_figure(runs, outcome, keys, designs),
                f"{outcome} (mean over replicates at each point) against the varied parameters.",
            )
    if yearly is not None and len(yearly):
        _add_envelopes(report, resolved, yearly, designs)
    return report.write(out_dir)


def _add_envelopes(
    report: Report, resolved: dict, yearly: pd.DataFrame, designs: list[str]
) -> None:
    """Each design's yearly metrics across the sweep: median point and 95% envelope."""
    wanted = [*resolved["outcomes"], *KEY_YEARLY_METRICS]
    metrics = [m for m in dict.fromkeys(wanted) if m in yearly.columns][:ENVELOPE_METRICS]
    if not metrics:
        return
    per_point = (
        yearly.groupby(["design", "point", "year"], sort=False)[metrics].mean().reset_index()
    )
    report.add_heading("Yearly envelopes")
    report.add_figure(
        "yearly_envelopes",
        timeseries_figure(per_point, metrics, designs=designs),
        "Each design's yearly metrics across the sweep: the line is the mean over the points "
        "of each point's replicate mean, the band the 2.5th to 97.5th percentiles over the "
        "points (the envelope of what the sampled assumptions and levers give).",
    )


def write_sensitivity_report(
    out_dir: Path, resolved: dict, result: SensitivityResult
) -> tuple[Path, Path]:
    """The sensitivity report: checks first, then ranked bars, tables and convergence."""
    table = result.table
    report = Report(f"mentorsim sensitivity: {resolved['name']}")
    method = resolved["sampler"]["method"]
    indices = ("ST", "S1") if method == "saltelli" else ("mu_star",)
    report.add_paragraph(
        "Sobol' first-order (S1) and total (ST) indices from Saltelli's design: the share of "
        "the outcome's variance a parameter explains alone, and with its interactions."
        if method == "saltelli"
        else "Morris's mu*: the mean absolute change in the outcome when a parameter steps across "
        f"{resolved['sampler']['levels']} levels of its range (in the outcome's unit per "
        "unit of the parameter's range); mu: the same change with its sign (mu near zero "
        "with a large mu* means effects of both signs); sigma: how much that change varies, "
        "from interactions and nonlinearity."
    )
    report.add_paragraph(
        "Replicates were averaged first; the bars' intervals are 95% percentile bootstrap "
        "intervals, clipped to each index's valid range. The "
        "grey band behind each bar reaches twice the replicate noise (the spread of the index "
        "computed from each replicate alone, over the square root of the replicates): an index "
        "that ends inside it cannot be told from noise. Orange bars are levers, blue "
        "uncertainties."
    )
    report.add_heading("Checks")
    warnings = result.warnings()
    if warnings:
        report.add_paragraph(
            "Read these before the indices: each names a number not to trust as it stands."
        )
        for warning in warnings:
            report.add_paragraph(f"Warning: {warning}.")
    else:
        report.add_paragraph(
            "Every check passed: sample size, valid ranges, convergence and replicate noise."
        )
    report.add_table(
        result.checks[["design", "outcome", "check", "value", "limit", "flagged"]],
        "Each check with its measured value and limit (sensitivity_checks.csv).",
    )
    for note in result.notes:
        report.add_paragraph(f"Left out: {note}.")
    for design in dict.fromkeys(table["design"]):
        report.add_heading(f"Design {design}")
        for outcome in dict.fromkeys(table.loc[table["design"] == design, "outcome"]):
            rows = table[(table["design"] == design) & (table["outcome"] == outcome)]
            report.add_heading(outcome, level=3)
            for index in indices:
                report.add_figure(
                    f"sens_{_safe(design)}_{_safe(outcome)}_{index}",
                    sensitivity_figure(rows, index),
                    f"{design}, {outcome}: {index}, largest first.",
                )
            shown = rows[rows["index"].isin((*indices, "mu"))].sort_values(
                ["index", "value"], ascending=[True, False]
            )
            report.add_table(
                shown[["parameter", "role", "index", "value", "ci_low", "ci_high", "noise"]].head(
                    30
                )
            )
            _add_convergence(report, result.convergence, design, outcome)
            pairs = result.second_order
            pairs = pairs[(pairs["design"] == design) & (pairs["outcome"] == outcome)]
            if len(pairs):
                report.add_table(
                    pairs.sort_values("value", ascending=False)[
                        ["parameter", "other", "value", "ci_low", "ci_high"]
                    ].head(10),
                    "Largest second-order indices (S2): the share of variance from the pair's "
                    "interaction alone.",
                )
    return report.write(out_dir)


#: Parameters shown in each convergence table (the largest at the full sample).
CONVERGENCE_ROWS = 8


def _add_convergence(report: Report, convergence: pd.DataFrame, design: str, outcome: str) -> None:
    """The indices of the largest parameters at a quarter, half and all of the sample."""
    rows = convergence[(convergence["design"] == design) & (convergence["outcome"] == outcome)]
    if rows["n"].nunique() < 2:
        return
    wide = rows.pivot_table(index=["parameter", "index"], columns="n", values="value")
    wide = wide.sort_values(wide.columns[-1], ascending=False).head(CONVERGENCE_ROWS)
    wide.columns = [f"n = {n}" for n in wide.columns]
    report.add_table(
        wide,
        "Convergence: the indices from the first quarter, half and all of the sample; "
        "converged indices stop moving.",
        index=True,
    )


def write_robustness_report(
    out_dir: Path, resolved: dict, runs: pd.DataFrame, table: pd.DataFrame, drivers: pd.DataFrame
) -> tuple[Path, Path]:
    """The robustness report: where each design beats the baseline, and what it depends on."""
    designs = [d["name"] for d in resolved["designs"]]
    baseline = resolved["baseline"]
    points = int(runs["point"].max()) + 1 if len(runs) else 0
    report = Report(f"mentorsim robustness: {resolved['name']}")
    uncertain = [v["key"] for v in resolved["varied"] if v["role"] == "uncertainty"]
    report.add_paragraph(
        f"Does a design's advantage over {baseline} hold across what we do not know? Every "
        f"design ran at the same {points} points of the uncertainty space ({len(uncertain)} "
        f"assumptions, {resolved['sampler']['method']} sample), {resolved['replicates']} "
        "replicate(s) each on common random numbers, so at each point the designs are "
        "compared pair by pair."
    )
    report.add_heading("Verdicts")
    outcomes = list(dict.fromkeys(table["outcome"]))
    others = [d for d in designs if d != baseline]
    if outcomes:
        report.add_figure(
            "robustness_shares",
            robustness_figure(table, outcomes, designs),
            "Share of the uncertainty space where each design's mean paired "
            f"difference from {baseline} is on the better side (light bar), "
            "where its whole 95% paired interval is (dark bar), and where it "
            "ranks first among all designs (dot).",
        )
    verdicts = table[table["design"] != baseline].pivot(
        index="outcome", columns="design", values="verdict"
    )
    report.add_table(verdicts.reindex(index=outcomes, columns=others), index=True)
    shown = table[
        [
            "outcome",
            "design",
            "share_better",
            "share_clearly_better",
            "share_clearly_worse",
            "share_first",
            "mean_diff",
            "diff_p05",
            "diff_p95",
        ]
    ]
    report.add_table(
        shown,
        "Shares of the points; mean_diff and its 5th-95th percentiles over "
        "the points are design minus baseline, in the outcome's unit.",
    )
    report.add_heading("What the verdicts depend on")
    report.add_paragraph(
        "For each design and outcome, the parameters whose values move the paired difference "
        "most: the Spearman rank correlation with the advantage (positive: larger values "
        "favour the design) and the Kolmogorov-Smirnov distance between the parameter's values "
        "where the design wins and where it loses. 'Stands out' means beyond chance after "
        "Benjamini-Hochberg adjustment of every driver test of the sweep as one family "
        "(false discovery rate 5%: among the drivers listed, about one in twenty at most is "
        "expected to be chance)."
    )
    lines = []
    for outcome in outcomes:
        for design in others:
            rows = drivers[(drivers["outcome"] == outcome) & (drivers["design"] == design)]
            found = rows[rows["stands_out"].astype(bool)]
            found = found.iloc[found["spearman"].abs().fillna(0).argsort()[::-1]]
            if found.empty:
                continue
            lines.append(
                {
                    "outcome": outcome,
                    "design": design,
                    "depends on": "; ".join(
                        f"{r.parameter} ({number(r.spearman, 2)})"
                        for r in found.head(4).itertuples()
                    ),
                }
            )
    if lines:
        report.add_table(pd.DataFrame(lines))
    else:
        report.add_paragraph("No parameter stands out beyond chance for any verdict.")
    mixed = table[table["verdict"] == "depends on the assumptions"]
    for r in mixed.itertuples():
        rows = drivers[(drivers["outcome"] == r.outcome) & (drivers["design"] == r.design)]
        if rows["spearman"].notna().any():
            top = rows.loc[rows["spearman"].abs().idxmax(), "parameter"]
            sign = float(OUTCOMES[r.outcome].direction)
            report.add_figure(
                f"diff_{_safe(r.outcome)}_{_safe(r.design)}",
                difference_scatter_figure(runs, r.outcome, r.design, baseline, top, sign),
                f"{r.outcome}: {r.design}'s paired advantage over {baseline} "
                f"at each point against {top}, its strongest driver.",
            )
    return report.write(out_dir)

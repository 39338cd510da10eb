"""The design-search report: every candidate, the Pareto front and its confirmation."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from matplotlib.figure import Figure

from sim.experiment.search import SearchResult
from sim.report.documents.base import Report


def front_figure(result: SearchResult, objectives: list[str]) -> Figure:
    """The first two objectives: every candidate, the search's front and its confirmation."""
    x, y = objectives[:2]
    fig = Figure(figsize=(5.6, 3.8), layout="constrained")
    ax = fig.subplots()
    trials = result.trials
    feasible = trials["feasible"].astype(bool)
    ax.scatter(
        trials.loc[feasible, x], trials.loc[feasible, y], s=8, color="0.7", label="candidates"
    )
    ax.scatter(
        trials.loc[~feasible, x],
        trials.loc[~feasible, y],
        s=12,
        marker="x",
        color="0.7",
        label="candidates breaking a constraint",
    )
    front = result.front
    if len(front):
        ax.scatter(front[x], front[y], s=22, color="#1f77b4", label="Pareto (search seeds)")
        kept = front[front["confirmed"]]
        ax.errorbar(
            kept[f"{x}_confirmed"],
            kept[f"{y}_confirmed"],
            xerr=kept[f"{x}_half_width"],
            yerr=kept[f"{y}_half_width"],
            fmt="o",
            ms=5,
            color="#d62728",
            label="confirmed (fresh seeds, 95%)",
        )
    ref = result.reference["confirm"]
    ax.scatter([ref[x]], [ref[y]], marker="*", s=120, color="k", label="design as it is")
    ax.set_xlabel(x, fontsize=8)
    ax.set_ylabel(y, fontsize=8)
    ax.tick_params(labelsize=7)
    ax.legend(fontsize=7, frameon=False)
    return fig


def write_search_report(
    out_dir: Path, resolved: dict, result: SearchResult, keys: list[str]
) -> tuple[Path, Path]:
    """``report.html`` and ``report.md`` of a design search."""
    spec = resolved["search"]
    objectives = spec["objectives"]
    report = Report(f"mentorsim search: {resolved['name']}")
    shown = ", ".join(
        f"{k} {next(iter(v))} {next(iter(v.values()))}" for k, v in spec["constraints"].items()
    )
    report.add_paragraph(
        f"NSGA-II searched {len(keys)} lever(s) of {resolved['designs'][0]['name']} over "
        f"{len(result.trials)} candidates ({spec['population']} per generation), each on the "
        f"same {resolved['replicates']} replicate seed(s), for the best trade-offs of "
        f"{', '.join(objectives)}" + (f" subject to {shown}" if shown else "") + ". The "
        f"search's Pareto candidates were then run again on {spec['confirm_replicates']} "
        "fresh seeds; those still feasible and non-dominated are confirmed."
    )
    report.add_figure(
        "search_front",
        front_figure(result, objectives),
        "Candidates (grey; crosses break a constraint), the search's Pareto front (blue) and "
        "the confirmed designs with 95% intervals over the fresh seeds (red); the star is the "
        "design at its own settings.",
    )
    front = result.front
    if len(front):
        columns = [*keys, *[f"{o}_confirmed" for o in objectives], "confirmed"]
        columns += [f"{c}_confirmed" for c in spec["constraints"] if c not in objectives]
        report.add_table(front[columns], "The Pareto candidates, confirmed means on fresh seeds.")
    else:
        report.add_paragraph("No candidate met the constraints.")
    reference = pd.DataFrame([result.reference["confirm"]])
    report.add_table(reference, "The design at its own settings, on the confirmation seeds.")
    return report.write(out_dir)

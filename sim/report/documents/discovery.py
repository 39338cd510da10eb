"""The scenario-discovery report: PRIM's trajectory and chosen box, and CART's leaves."""

from __future__ import annotations

from pathlib import Path

from matplotlib.figure import Figure

from sim.experiment.discovery import Discovery
from sim.report.documents.base import Report


def trajectory_figure(found: Discovery) -> Figure:
    """PRIM's peeling trajectory: coverage against density, coloured by restrictions."""
    fig = Figure(figsize=(5.0, 3.4), layout="constrained")
    ax = fig.subplots()
    t = found.trajectory
    points = ax.scatter(t["coverage"], t["density"], c=t["restricted"], cmap="viridis", s=18)
    chosen = t.iloc[found.chosen]
    ax.scatter([chosen["coverage"]], [chosen["density"]], s=120, facecolors="none", ec="red")
    ax.set_xlabel("coverage (share of all cases in the box)", fontsize=8)
    ax.set_ylabel("density (share of the box that are cases)", fontsize=8)
    ax.set_xlim(0, 1.02)
    ax.set_ylim(0, 1.02)
    ax.tick_params(labelsize=7)
    fig.colorbar(points, ax=ax, label="restricted parameters")
    return fig


def write_discovery_report(out_dir: Path, found: Discovery) -> tuple[Path, Path]:
    """``report.html`` and ``report.md`` of one discovery."""
    report = Report(f"mentorsim discovery: {found.design}, {found.case}")
    chosen = found.trajectory.iloc[found.chosen]
    report.add_paragraph(
        f"Where does {found.design} have {found.case}? {found.cases} of {found.points} "
        "sampled points are such cases (replicates averaged at each point). PRIM peels the "
        "space of varied parameters toward the cases; CART splits it with a tree."
    )
    report.add_heading("PRIM")
    report.add_figure(
        "prim_trajectory",
        trajectory_figure(found),
        "Each dot a box of the peeling trajectory; the red ring is the chosen box: the "
        "densest with at least the asked coverage.",
    )
    report.add_paragraph(
        f"The chosen box (step {found.chosen}) holds {int(chosen['points'])} points "
        f"({chosen['mass']:.0%} of them), covers {chosen['coverage']:.0%} of the cases, and "
        f"{chosen['density']:.0%} of its points are cases (against "
        f"{found.cases / found.points:.0%} overall)."
    )
    if len(found.box):
        report.add_table(
            found.box,
            "Restricted parameters, the box's limits and the sampled range, and the "
            "quasi-p-value of each restriction (small: the restriction concentrates the "
            "cases beyond chance; large: it could be dropped).",
        )
    else:
        report.add_paragraph("No restriction concentrates the cases: they are spread out.")
    report.add_heading("CART")
    report.add_table(
        found.rules.head(8),
        "Leaves of a classification tree of the cases, densest first.",
    )
    return report.write(out_dir)

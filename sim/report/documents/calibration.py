"""What a calibration found, for people: the loss-history figure and a plain-text summary."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from sim.experiment.calibration import CalibrationResult


def loss_history_figure(history: pd.DataFrame) -> Figure:
    """Loss per evaluation (log scale), best objective so far, and targets inside their band.

    Args:
        history: One row per evaluation (``CalibrationResult.history``).

    Returns:
        The figure.
    """
    fig = Figure(figsize=(7.5, 4.0), layout="tight")
    ax = fig.subplots()
    opt = history[history["phase"] == "optimise"]
    ax.semilogy(opt["evaluation"], opt["loss"], ".", color="0.6", label="loss per evaluation")
    ax.semilogy(
        opt["evaluation"],
        opt["objective"].cummin(),
        "-",
        color="C0",
        label="objective (loss + margin penalty), best so far",
    )
    prof = history[history["phase"] != "optimise"]
    if len(prof):
        ax.semilogy(
            prof["evaluation"], prof["loss"], "x", color="C3", ms=4, label="identifiability profile"
        )
    ax.set_xlabel("evaluation")
    ax.set_ylabel("loss = sum of squared band-normalised residuals")
    twin = ax.twinx()
    twin.step(history["evaluation"], history["inside"], where="mid", color="C2", alpha=0.6)
    twin.set_ylabel("targets inside band", color="C2")
    twin.set_ylim(0, None)
    ax.legend(loc="upper right", fontsize=8)
    ax.set_title("Calibration loss history")
    return fig


def write_loss_history_figure(result: CalibrationResult, out_dir: Path) -> Path:
    """Write ``loss_history.png`` into out_dir and return its path."""
    path = Path(out_dir) / "loss_history.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    loss_history_figure(result.history).savefig(path, dpi=120)
    return path


def summary_text(result: CalibrationResult) -> str:
    """Plain-text tables: parameters start -> calibrated; targets start -> calibrated."""
    lines = [f"{'parameter':38s} {'bounds':>15s} {'start':>9s}    {'calibrated':>10s}"]
    for p in result.parameters:
        lines.append(
            f"{p.key:38s} {f'[{p.low:g}, {p.high:g}]':>15s} "
            f"{result.start[p.key]:9.4g} -> {result.calibrated[p.key]:10.4g}"
        )
    # A difference or ratio target names its two scenarios; a level target its outcome.
    width = max([28] + [len(t.measure) for t in result.targets if t.kind != "level"])
    lines += [
        "",
        f"{'target':6s} {'measure':{width}s} {'band':>15s} {'start':>8s}    "
        f"{'calibrated':>10s}  inside",
    ]
    for t in result.targets:
        value = result.values[t.id]
        ok = "yes" if np.isfinite(value) and t.contains(value) else "NO"
        measure = t.measure if t.kind != "level" else t.outcome
        lines.append(
            f"{t.id:6s} {measure:{width}s} {f'[{t.low:g}, {t.high:g}]':>15s} "
            f"{result.start_values[t.id]:8.4g} -> {value:10.4g}  {ok}"
        )
    lines += [
        "",
        f"{result.inside} of {len(result.targets)} targets inside their band; loss "
        f"{result.loss:.4g}; {result.evaluations} evaluations (+ "
        f"{len(result.history) - result.evaluations} for identifiability) in "
        f"{result.seconds:.0f} s",
    ]
    lines += ["", "identifiability (loss at -10% / optimum / +10% of the range):"]
    for row in result.identifiability.itertuples():
        lines.append(
            f"  {row.parameter:38s} {row.loss_minus:8.3g} {row.loss_opt:8.3g} "
            f"{row.loss_plus:8.3g}  moves {row.moves_most:4s} {row.verdict}"
        )
    lines.append(f"  condition number of J^T J: {result.condition_number:.3g}")
    weak = result.identifiability.set_index("parameter")["weakest_direction"]
    top = weak.abs().sort_values(ascending=False).index[:3]
    lines.append("  weakest direction: " + ", ".join(f"{k} {weak[k]:+.2f}" for k in top))
    return "\n".join(lines)

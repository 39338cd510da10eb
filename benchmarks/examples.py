"""The researchers' examples the README reports, rerun and timed: ``python -m benchmarks.examples``.

Runs each shipped example as the README tells a user to, in a fresh process on all cores:

* ``sweep experiments/robust_decision.toml`` (policies x scenarios, regret and satisficing),
  then ``discover`` on it (where the single-mentor program without protected time has
  ten-year attrition above ``--threshold``);
* ``search experiments/search_example.toml`` (the design search), and the same search
  carrying the calibrated ensemble (``--ensemble``);
* with ``--robustness`` (or ``--only robustness``), ``sweep experiments/robustness.toml`` (800
  runs of the default institution: ten minutes or more on a busy two-core machine).

``--only`` picks examples (``--only ensemble`` reruns the search with the ensemble alone, after
the ensemble is regenerated); ``--force`` replaces the folders the chosen examples write.

For each command it prints the wall time, the CPU seconds (user + system, of the command and
of its worker processes) and the CPU seconds over the cores: a lower bound of the command's
wall time on idle cores, which a loaded machine's wall time cannot give. Then it prints the
figures the README quotes, read from the tables each command wrote. Run it with ``nice`` on a
shared machine; a slower wall time does not change any figure (the runs are seeded).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd

REPO = Path(__file__).resolve().parent.parent

#: The policy whose failures ``discover`` explains, and the outcome.
DISCOVER_POLICY = "single_mentor[protected_hours_per_week=0]"
DISCOVER_OUTCOME = "attrition_10y"


def mentorsim() -> str:
    """The ``mentorsim`` command beside this interpreter (the project's environment)."""
    beside = Path(sys.executable).with_name("mentorsim")
    found = str(beside) if beside.exists() else shutil.which("mentorsim")
    if found is None:
        raise SystemExit("benchmarks.examples: no mentorsim command; run `make .venv/.installed`")
    return found


def timed(label: str, args: list[str]) -> str:
    """Run one ``mentorsim`` command, print its times and return what it printed.

    Args:
        label: A short name for the lines printed.
        args: The command's arguments after ``mentorsim``.

    Returns:
        The command's standard output.
    """
    command = [mentorsim(), *args]
    print(f"\n== {label}: mentorsim {' '.join(args)}", flush=True)
    load_before = os.getloadavg()[0]
    used_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    # Progress bars go to the terminal (stderr); the summary lines are kept to print after.
    done = subprocess.run(command, cwd=REPO, stdout=subprocess.PIPE, text=True, check=False)
    wall = time.perf_counter() - start
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (used.ru_utime - used_before.ru_utime) + (used.ru_stime - used_before.ru_stime)
    cores = os.cpu_count() or 1
    print(done.stdout, end="")
    if done.returncode != 0:
        raise SystemExit(f"benchmarks.examples: {label} failed (exit {done.returncode})")
    print(
        f"-- {label}: wall {wall:.0f} s ({wall / 60:.1f} min); CPU {cpu:.0f} s "
        f"(user + system); CPU / {cores} cores {cpu / cores:.0f} s (idle-machine lower bound); "
        f"load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after",
        flush=True,
    )
    return done.stdout


def show_policies(folder: Path) -> None:
    """Print the policies' satisficing shares and, per outcome, their ranking."""
    both = pd.read_csv(folder / "policies_satisficing.csv")
    print("\nshare of scenarios meeting every threshold:")
    print(both[["policy", "satisficing_all"]].to_string(index=False))
    table = pd.read_csv(folder / "policies.csv")
    columns = ["rank", "policy", "mean", "mean_regret", "max_regret", "satisficing"]
    for outcome, rows in table.groupby("outcome", sort=False):
        print(f"\n{outcome} (ranked by the experiment's measure):")
        print(rows.sort_values("rank")[columns].to_string(index=False, float_format="%.4g"))


def show_front(folder: Path) -> None:
    """Print a search's confirmed front: the levers and the confirmed outcomes."""
    front = pd.read_csv(folder / "front.csv")
    keep = [c for c in front.columns if c.startswith("program.") or c.endswith("_confirmed")]
    keep += [c for c in front.columns if c.endswith("_half_width")]
    print(front[["trial", *keep]].to_string(index=False, float_format="%.4g"))


def show_robustness(folder: Path) -> None:
    """Print each design's share of points better than the baseline, per outcome."""
    table = pd.read_csv(folder / "robustness.csv")
    shares = table.pivot(index="design", columns="outcome", values="share_better")
    with pd.option_context("display.width", 250, "display.max_columns", None):
        print("\nshare of points where the design is better than the baseline:")
        print(shares.round(2).to_string())
    drivers = pd.read_csv(folder / "robustness_drivers.csv")
    out = drivers[drivers["stands_out"]]
    tests = 2 * len(drivers)
    print(f"\n{len(out)} drivers stand out (Benjamini-Hochberg q < 0.05 over {tests:,} tests):")
    print(out.groupby("parameter").size().sort_values(ascending=False).to_string())


#: The examples, in the order they run, and the folder each writes under ``--out``.
EXAMPLES = {
    "robust_decision": "robust_decision",
    "search": "search_example",
    "ensemble": "search_example_ensemble",
    "robustness": "robustness",
}

#: What runs without ``--only``: all but the long robustness sweep.
DEFAULT = ("robust_decision", "search", "ensemble")


def main(argv: list[str] | None = None) -> int:
    """Run the examples and print their times and figures."""
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.examples",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--out", type=Path, default=REPO / "results" / "examples", help="where the examples write"
    )
    parser.add_argument("--force", action="store_true", help="replace what --out holds")
    parser.add_argument(
        "--only",
        nargs="+",
        choices=list(EXAMPLES),
        default=list(DEFAULT),
        help="the examples to run (default: all but robustness)",
    )
    parser.add_argument(
        "--threshold", type=float, default=0.52, help="ten-year attrition that discover explains"
    )
    parser.add_argument("--robustness", action="store_true", help="also the robustness sweep")
    args = parser.parse_args(argv)
    chosen = [
        name for name in EXAMPLES if name in args.only or (args.robustness and name == "robustness")
    ]
    out: Path = args.out.resolve()
    folders = {name: out / EXAMPLES[name] for name in chosen}
    held = [folder for folder in folders.values() if folder.exists() and any(folder.iterdir())]
    if held and not args.force:
        raise SystemExit(f"benchmarks.examples: {held[0]} holds results; --force replaces them")
    for folder in held:
        shutil.rmtree(folder)
    out.mkdir(parents=True, exist_ok=True)

    if "robust_decision" in folders:
        decision = folders["robust_decision"]
        timed(
            "robust_decision",
            ["sweep", "experiments/robust_decision.toml", "--out", str(decision)],
        )
        show_policies(decision)
        timed(
            "discover",
            ["discover", str(decision), "--design", DISCOVER_POLICY]
            + ["--outcome", DISCOVER_OUTCOME, "--threshold", str(args.threshold)],
        )
    if "search" in folders:
        search = folders["search"]
        timed("search_example", ["search", "experiments/search_example.toml", "--out", str(search)])
        show_front(search)
    if "ensemble" in folders:
        carried = folders["ensemble"]
        timed(
            "search_example --ensemble",
            ["search", "experiments/search_example.toml", "--ensemble", "--out", str(carried)],
        )
        show_front(carried)
    if "robustness" in folders:
        robustness = folders["robustness"]
        timed("robustness", ["sweep", "experiments/robustness.toml", "--out", str(robustness)])
        show_robustness(robustness)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

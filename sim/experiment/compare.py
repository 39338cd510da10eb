"""``mentorsim compare``: paired comparison of program designs on common random numbers.

Every design runs on the same replicate seeds, so replicate r of every design meets the same
people and the same chance events; differences are taken pair by pair (``sim.experiment.stats``).
With a precision target, replicates are added in batches until every interval's half-width is
at most that share of the baseline mean, or a cap is reached (which is reported). Besides the
run tables it writes ``comparison.csv`` (the paired comparison, with each difference's
standardized effect, ``sim.experiment.effects``) and ``costs.csv`` (what each design costs
against the baseline and what that buys, ``sim.experiment.costs``).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from tqdm import tqdm

from sim.errors import InputError
from sim.experiment import effects, stats, storage
from sim.experiment import resume as resuming
from sim.experiment.costs import cost_table
from sim.experiment.ensemble import Ensemble, ensemble_record, overrides_of
from sim.experiment.ensemble_stats import with_ensemble_columns
from sim.experiment.horizon import NEEDS_DOC, computable, left_out_note, shortfall
from sim.experiment.options import DEFAULT_OPTIONS, RunOptions
from sim.experiment.runner import run_designs
from sim.outcomes import OUTCOMES
from sim.scenario import Scenario
from sim.suggest import did_you_mean
from sim.words import join_words

#: Longest default folder name, in bytes, that joins every design name: five shipped designs
#: take 79. Longer joins are shortened, as file systems refuse names over 255 bytes.
MAX_FOLDER_NAME = 100
#: Bytes of the baseline's name kept in a shortened folder name.
BASELINE_BYTES = 40

#: Outcomes the summary, the stopping rule and the report focus on by default.
KEY_OUTCOMES = (
    "mentored_share",
    "attrition_10y",
    "promoted_assoc_10y",
    "time_to_promotion",
    "development_index",
    "mentee_satisfaction",
    "burnout_share",
    "mentor_burnout_share",
    "relationship_failure_rate",
    "leadership_bench",
    "promotion_ratio_women",
    "promotion_ratio_urm",
    "program_cost",
    "net_cost",
)


class ComparisonError(InputError):
    """A comparison that cannot run as asked (names, baseline, outcomes); nothing was run."""


@dataclass
class ComparePlan:
    """A validated comparison: designs, baseline, outcomes and how many replicates.

    ``note`` names the default key outcomes left out because the runs are too short to
    compute them (empty when none was); ``baseline_reason`` says why the baseline is the
    one every design is compared with (:func:`choose_baseline`) and which designs are
    compared with another: ``references`` maps a design to the design of the comparison it
    changes (its ``based_on``), which it is compared with instead of the baseline unless
    ``--baseline`` was given (:func:`parent_references`).
    """

    scenarios: list[Scenario]
    baseline: str
    outcomes: list[str]
    reps: int | None = None
    precision: float | None = None
    batch: int = 10
    max_reps: int = 200
    note: str = ""
    baseline_reason: str = ""
    references: dict[str, str] = field(default_factory=dict)

    @property
    def names(self) -> list[str]:
        """Design names in the order given."""
        return [s.name for s in self.scenarios]

    def reference_of(self, design: str) -> str:
        """The design ``design`` is compared with: the one it changes, else the baseline."""
        return self.references.get(design, self.baseline)


@dataclass
class ComparisonResult:
    """What a comparison found and wrote.

    ``table`` is ``comparison.csv`` (with the standardized effect of each difference) and
    ``costs`` is ``costs.csv`` (``sim.experiment.costs``).
    """

    out_dir: Path
    table: pd.DataFrame
    reps: int
    stopped_by: str
    widest: float
    costs: pd.DataFrame = field(default_factory=pd.DataFrame)


def plan(
    scenarios: list[Scenario],
    *,
    baseline: str | None = None,
    outcomes: list[str] | None = None,
    reps: int | None = None,
    precision: float | None = None,
    batch: int = 10,
    max_reps: int = 200,
    years: int | None = None,
    load_reference: Callable[[str], Scenario] | None = None,
) -> ComparePlan:
    """Check a comparison before anything runs.

    Without ``outcomes``, the plan focuses on the key outcomes the runs are long enough to
    compute, and its ``note`` names those left out. Without ``baseline``, a design built on
    another design of the comparison is compared with that one (``references``); with it,
    every design is compared with the baseline.

    Args:
        scenarios: The designs.
        baseline: The design every other is compared with (default:
            :func:`choose_baseline`, and each design built on another given design is
            compared with that one).
        outcomes: The outcomes to focus on (default: the key outcomes).
        reps: Fixed replicates per design (or give ``precision``).
        precision: Largest interval half-width, as a share of the baseline mean, at which
            replicates stop being added.
        batch: Replicates added per round with ``precision``.
        max_reps: Cap on replicates with ``precision``.
        years: The run length ``run_comparison`` will be given, if any (it replaces each
            design's own), so that outcomes are checked against the runs that will happen.
        load_reference: Loads a design by name, to add the design the others change when
            it was not given (:func:`choose_baseline`); None never adds one.

    Raises:
        ComparisonError: for fewer than two designs, repeated names, a baseline not among the
            designs, an unknown outcome or one the runs are too short to compute, or
            both/neither of reps and precision.
    """
    names = [s.name for s in scenarios]
    if len(names) < 2:
        raise ComparisonError(f"compare needs at least two designs, got {len(names)}")
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        raise ComparisonError(
            f"design names must differ; repeated: {', '.join(repeated)} "
            "(set a different `name` in each scenario file)"
        )
    references: dict[str, str] = {}
    if baseline is None:
        baseline, scenarios, reason = choose_baseline(scenarios, load_reference)
        names = [s.name for s in scenarios]
        references = parent_references(scenarios, baseline)
    else:
        reason = f"{baseline}, as --baseline asked" + changed_note(scenarios, baseline)
    if baseline not in names:
        raise ComparisonError(
            f"--baseline {baseline!r} is not among the designs: {', '.join(names)}"
        )
    for name in outcomes or ():
        if name not in OUTCOMES:
            raise ComparisonError(
                f"--outcomes: unknown outcome {name!r}"
                f"{did_you_mean(name, OUTCOMES)} "
                f"(known: {', '.join(OUTCOMES)})"
            )
    chosen, note = _within_run_length(outcomes, scenarios, years)
    if (reps is None) == (precision is None):
        raise ComparisonError("give exactly one of --reps N or --precision H")
    if precision is not None and not 0 < precision < 1:
        raise ComparisonError(
            f"--precision {precision} is not allowed; expected a number in "
            "(0, 1), the largest half-width as a share of the baseline mean"
        )
    ordered = [s for s in scenarios if s.name == baseline] + [
        s for s in scenarios if s.name != baseline
    ]
    return ComparePlan(
        ordered, baseline, chosen, reps, precision, batch, max_reps, note, reason, references
    )


#: Columns ``comparison.csv`` adds to the comparison table so that it reads on its own.
DESCRIBING_COLUMNS = (
    "unit",
    "direction",
    "definition",
    "confidence_level",
    "adjustment",
    "interval_method",
)
#: Directions in words.
DIRECTION_WORDS = {1: "higher is better", -1: "lower is better", 0: "neither is better"}


def self_describing(table: pd.DataFrame, baseline: str, confidence: float = 0.95) -> pd.DataFrame:
    """The comparison as ``comparison.csv`` writes it: no baseline rows, and self-describing.

    The baseline against itself says nothing (every difference 0), so its rows are left
    out; each remaining row says its outcome's unit, direction and definition, the
    confidence level, the multiplicity adjustment and how the interval was made.

    Args:
        table: The comparison table (``sim.experiment.stats.compare_designs``).
        baseline: The baseline.
        confidence: The family-wise confidence level of each outcome's intervals.
    """
    rows = table[table["design"] != baseline].copy()
    k = max(1, int(rows["design"].nunique()))
    known = rows["outcome"].map(lambda o: o in OUTCOMES)
    rows["unit"] = rows["outcome"].map(lambda o: OUTCOMES[o].unit if o in OUTCOMES else "")
    rows["direction"] = rows["outcome"].map(
        lambda o: DIRECTION_WORDS[OUTCOMES[o].direction] if o in OUTCOMES else ""
    )
    rows["definition"] = rows["outcome"].map(
        lambda o: OUTCOMES[o].definition if o in OUTCOMES else ""
    )
    rows.loc[~known, ["unit", "direction", "definition"]] = ""
    rows["confidence_level"] = confidence
    rows["adjustment"] = (
        f"Bonferroni over {k} designs (each interval at {1 - (1 - confidence) / k:.4g})"
        if k > 1
        else "none (one design)"
    )
    rows["interval_method"] = "paired t on replicate differences (common random numbers)"
    return rows.reset_index(drop=True)


def choose_baseline(
    scenarios: list[Scenario], load_reference: Callable[[str], Scenario] | None
) -> tuple[str, list[Scenario], str]:
    """The baseline when none was asked for: what the designs change, else the first.

    A design built on another (its ``based_on``) is compared against what it changes:

    1. a given design that every other given design is built on is the baseline;
    2. else, when every design built on another is built on the same one, that one is the
       baseline, added to the comparison when it was not given (and ``load_reference`` can
       load it): ``compare baseline coaching`` compares coaching with single_mentor, the
       program coaching changes, and baseline with it too;
    3. else the first design given is, and the reason says which designs change another.

    Returns:
        The baseline's name, the designs (an added baseline first), and why, in words.
    """
    names = [s.name for s in scenarios]
    for candidate in scenarios:
        others = [s for s in scenarios if s is not candidate]
        if all(s.based_on == candidate.name for s in others):
            changers = join_words([s.name for s in others])
            verb = "changes" if len(others) == 1 else "change"
            return candidate.name, scenarios, f"{candidate.name}, the design {changers} {verb}"
    built = [s for s in scenarios if s.based_on]
    parents = {s.based_on for s in built}
    if len(parents) == 1 and load_reference is not None:
        parent = parents.pop()
        if parent not in names:
            changers = join_words([s.name for s in built])
            verb = "changes" if len(built) == 1 else "change"
            return (
                parent,
                [load_reference(parent), *scenarios],
                f"{parent}, the design {changers} {verb} (added: it was not given; "
                f"--baseline {names[0]} compares against {names[0]} instead)",
            )
    first = names[0]
    return first, scenarios, f"{first}, the first design given" + parents_note(scenarios, first)


def parent_references(scenarios: list[Scenario], baseline: str) -> dict[str, str]:
    """Design -> the design of the comparison it changes, for those compared with it.

    A design built on another given design (its ``based_on``) is compared with that one, so
    its differences say what it adds; the others (and the baseline) are compared with the
    baseline and are not listed.
    """
    names = {s.name for s in scenarios}
    return {
        s.name: s.based_on
        for s in scenarios
        if s.name != baseline and s.based_on in names and s.based_on not in ("", baseline)
    }


def parents_note(scenarios: list[Scenario], baseline: str) -> str:
    """Which designs are compared with the design they change rather than the baseline."""
    by_parent: dict[str, list[str]] = {}
    for design, parent in parent_references(scenarios, baseline).items():
        by_parent.setdefault(parent, []).append(design)
    return "".join(
        f"; {join_words(children)} {'is' if len(children) == 1 else 'are'} compared with "
        f"{parent}, the design {'it changes' if len(children) == 1 else 'they change'}, so "
        f"{'its differences say' if len(children) == 1 else 'their differences say'} what "
        f"{'it adds' if len(children) == 1 else 'each adds'} (with --baseline {baseline}, "
        f"every design is compared with {baseline})"
        for parent, children in by_parent.items()
    )


def changed_note(scenarios: list[Scenario], baseline: str) -> str:
    """Which designs change another given design than the baseline, and what that means."""
    names = {s.name for s in scenarios}
    by_parent: dict[str, list[str]] = {}
    for s in scenarios:
        if s.based_on and s.based_on != baseline and s.based_on in names:
            by_parent.setdefault(s.based_on, []).append(s.name)
    return "".join(
        f"; {join_words(children)} {'changes' if len(children) == 1 else 'change'} {parent}, "
        f"so {'its difference includes' if len(children) == 1 else 'their differences include'}"
        f" {parent}'s own (--baseline {parent} shows what "
        f"{'it adds' if len(children) == 1 else 'each adds'})"
        for parent, children in by_parent.items()
    )


def _within_run_length(
    outcomes: list[str] | None, scenarios: list[Scenario], years: int | None
) -> tuple[list[str], str]:
    """The outcomes to focus on, each one every run can compute.

    Returns:
        The outcomes asked for (refused if a run is too short for one), or when none was
        asked for the key outcomes the runs compute; and a note naming the key outcomes left
        out (empty when none was).
    """
    if not outcomes:
        kept, missing = computable(KEY_OUTCOMES, scenarios, years)
        return kept, left_out_note(missing, "--years") if missing else ""
    missing = shortfall(outcomes, scenarios, years)
    if missing is not None:
        raise ComparisonError(
            f"--outcomes: {missing.describe()}; run with --years "
            f"{missing.enough} or more, or choose outcomes defined in "
            f"{missing.years}-year runs ({NEEDS_DOC})"
        )
    return list(outcomes), ""


def default_out_dir(names: list[str]) -> Path:
    """The default output folder: ``results/compare-<names>/``, shortened for many designs.

    Args:
        names: The design names, the baseline first (as :attr:`ComparePlan.names`).

    Returns:
        ``results/compare-<names joined by "-">`` when that name takes at most
        :data:`MAX_FOLDER_NAME` bytes, else ``results/compare-<baseline>-and-<N>-more-<hash>``,
        where the hash is of the sorted names: the same designs give the same folder, which
        ``--resume`` needs to find it again.
    """
    joined = "compare-" + "-".join(names)
    if len(joined.encode()) <= MAX_FOLDER_NAME:
        return Path("results") / joined
    baseline = _clip(names[0], BASELINE_BYTES)
    return Path("results") / f"compare-{baseline}-and-{len(names) - 1}-more-{_digest(names)}"


def _clip(text: str, max_bytes: int) -> str:
    """The longest start of ``text`` that takes at most ``max_bytes`` bytes in UTF-8."""
    return text.encode()[:max_bytes].decode(errors="ignore")


def _digest(names: list[str]) -> str:
    """Eight hex digits of a hash of the set of names (their order does not matter)."""
    # JSON keeps the names apart whatever characters they hold.
    return resuming.sha256(json.dumps(sorted(names)))[:8]


def run_comparison(
    planned: ComparePlan,
    *,
    seed: int = 0,
    options: RunOptions = DEFAULT_OPTIONS,
    executor=None,
    ensemble: Ensemble | None = None,
) -> ComparisonResult:
    """Run a planned comparison, write its tables and return the comparison.

    Args:
        planned: The validated plan.
        seed: Base seed (replicate r of every design uses the same seed).
        options: How to run (``sim.experiment.options.RunOptions``); the folder defaults to
            :func:`default_out_dir`, the progress bar shows the current widest interval, and
            ``resume`` keeps the replicates an interrupted comparison of the same designs,
            baseline and seed finished and runs only the missing ones.
        executor: Any ``concurrent.futures.Executor`` instead of the local pool.
        ensemble: Calibrated members to carry: replicate r of every design runs member
            ``member_of(r, n)`` on the same seed, and the table gains the columns of
            ``sim.experiment.ensemble_stats`` (noise apart from parameter uncertainty).

    Returns:
        The comparison table, replicate count and why it stopped.
    """
    years = options.years
    scenarios = [s.replace(years=years) if years is not None else s for s in planned.scenarios]
    out_dir = options.folder(default_out_dir(planned.names))
    out_dir.mkdir(parents=True, exist_ok=True)
    record = {
        "command": "compare",
        "baseline": planned.baseline,
        "seed": seed,
        "designs": {s.name: resuming.sha256(s.to_toml()) for s in scenarios},
    }
    if ensemble is not None:
        record["ensemble"] = ensemble_record(ensemble)
    resume = resuming.begin(out_dir, record, resume=options.resume, force=options.force)
    for s in scenarios:
        (out_dir / "scenarios").mkdir(exist_ok=True)
        (out_dir / "scenarios" / f"{s.name}.toml").write_text(s.to_toml())
    directions = {name: OUTCOMES[name].direction for name in OUTCOMES}
    started = time.perf_counter()
    target = planned.reps if planned.reps is not None else min(planned.batch, planned.max_reps)
    done, widest, wall = 0, float("inf"), {}
    bar = tqdm(
        total=target * len(scenarios), unit="run", disable=not options.progress, desc="compare"
    )
    position = {s.name: k for k, s in enumerate(scenarios, start=1)}
    shown = {"description": "compare"}

    def finished(design: str, *_: object) -> None:
        # Designs run one after another and differ in speed, so the bar names the design
        # now running: an ETA that changes with the design then explains itself. The name
        # changes once per design, so it is drawn at once rather than at the next refresh.
        description = f"compare {position[design]}/{len(scenarios)} {design}"
        if shown["description"] != description:
            shown["description"] = description
            bar.set_description(description, refresh=True)
        bar.update(1)

    try:
        while True:
            runset = run_designs(
                scenarios,
                reps=target,
                seed=seed,
                options=options.replace(out_dir=out_dir, resume=resume or done > 0, years=None),
                executor=executor,
                replicates=range(done, target),
                on_done=finished,
                member_overrides=overrides_of(ensemble),
            )
            wall.update(runset.wall_seconds)
            done = target
            runs = runset.table("runs")
            table = stats.compare_designs(
                runs, directions, baseline=planned.baseline, references=planned.references
            )
            focus = table[table["outcome"].isin(planned.outcomes)]
            widest = stats.max_relative_half_width(focus)
            if planned.precision is not None:
                # Only the precision rule reads it; a relative half-width near a baseline
                # mean of 0 is large without meaning much, so it is not shown otherwise.
                bar.set_postfix_str(
                    f"widest interval ±{widest:.1%} (target {planned.precision:.1%})"
                )
            if planned.precision is None:
                stopped_by = "fixed replicates"
                break
            if not stats.needs_more(focus, planned.precision):
                stopped_by = f"precision {planned.precision:g} reached"
                break
            if done >= planned.max_reps:
                stopped_by = (
                    f"cap of {planned.max_reps} replicates reached "
                    f"before precision {planned.precision:g}"
                )
                break
            target = min(done + planned.batch, planned.max_reps)
            bar.total = target * len(scenarios)
            bar.refresh()
    finally:
        bar.close()
    table = effects.with_standardized_effects(table.reset_index(drop=True), runs)
    if ensemble is not None:
        table = with_ensemble_columns(table, runs, ensemble, directions)
    self_describing(table, planned.baseline).to_csv(out_dir / "comparison.csv", index=False)
    costs = cost_table(runs, planned.baseline, references=planned.references)
    costs.to_csv(out_dir / "costs.csv", index=False)
    manifest = storage.build_manifest(
        "compare",
        designs=planned.names,
        baseline=planned.baseline,
        references={
            name: planned.reference_of(name) for name in planned.names if name != planned.baseline
        },
        outcomes=planned.outcomes,
        replicates=done,
        precision=planned.precision,
        stopped_by=stopped_by,
        widest_relative_half_width=widest,
        years={s.name: s.years for s in scenarios},
        seed=seed,
        seeds=runset.seeds,
        workers=options.workers,
        scheduler=options.scheduler,
        seconds=time.perf_counter() - started,
        wall_seconds=wall,
        ensemble=ensemble_record(ensemble) if ensemble is not None else None,
    )
    storage.write_manifest(out_dir, manifest)
    return ComparisonResult(
        out_dir=out_dir, table=table, reps=done, stopped_by=stopped_by, widest=widest, costs=costs
    )

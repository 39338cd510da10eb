"""History matching with emulators: waves that rule out parameter space, then an ensemble.

The method of Vernon, Goldstein and Bower (2010) and Andrianakis et al. (2015), as the R
package hmer implements it (Iskauskas et al. 2024):

1. wave 1 runs a Latin hypercube over the calibrated parameters' plausible ranges, one fresh
   seed per run; a Gaussian-process emulator is fitted per target;
2. each later wave runs points that no earlier wave's emulators rule out (implausibility
   within the cutoff, sampled by :mod:`~sim.experiment.calibration.proposals`) and fits new,
   sharper emulators there, on its own runs and every earlier run inside that region (the
   runs earlier waves' emulators do not rule out), so no run inside the region is wasted;
   the emulators of a wave are fitted side by side on the workers;
3. after the last wave, candidates drawn from the non-implausible region run on the
   acceptance seeds (the same K seeds for every candidate, one task per seed), and a
   candidate is accepted as a member when its runs are consistent with every target's band
   given their replicate noise (:mod:`~sim.experiment.calibration.acceptance`).

The result is the set of parameter values the evidence does not rule out: a parameter no
target constrains keeps (nearly) its whole range across members. The loop is written over a
:class:`Problem` (bands and a picklable task), so a toy model with a known answer tests it.
Every run is written as it finishes (:mod:`~sim.experiment.calibration.pointstore`), so a
killed calibration resumes where it stopped and produces the same ensemble.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, Future
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from tqdm import tqdm

from sim.experiment.calibration.acceptance import judge
from sim.experiment.calibration.emulator import Emulator, fit_emulators, holdout_inflation
from sim.experiment.calibration.implausibility import Band, max_implausibility
from sim.experiment.calibration.pointstore import PointStore
from sim.experiment.calibration.proposals import propose
from sim.experiment.calibration.settings import HistoryMatching
from sim.experiment.runner import completed_in_submission_order
from sim.rng import replicate_seeds

#: A run: the point in the unit cube and its seeds -> each target's mean over the seeds.
Task = Callable[[np.ndarray, tuple[int, ...]], np.ndarray]


@dataclass(frozen=True)
class Problem:
    """What history matching calibrates: bands, parameter names and a task that runs a point.

    Attributes:
        bands: The targets (anything with ``id``, ``low`` and ``high``).
        names: The parameters, one per unit-cube coordinate.
        task: A picklable callable (u, seeds) -> float64 (targets,) values.
        anchor: A point in the unit cube known to fit (the point calibration), where some
            of the sampler's chains start; None when there is none.
    """

    bands: Sequence[Band]
    names: Sequence[str]
    task: Task
    anchor: np.ndarray | None = None


@dataclass
class HistoryResult:
    """What history matching found.

    Attributes:
        members: float64 (m, k) accepted points in the unit cube, in candidate order.
        member_values: float64 (m, targets) each member's mean over the acceptance seeds.
        acceptance_seeds: The seeds members were accepted on.
        standard_errors: float64 (targets,) standard error of a mean over the acceptance
            seeds (the measured replicate noise), which sized the acceptance tolerance.
        waves: One row per wave and acceptance batch (runs, volume, accepted...).
        emulators: Each wave's emulators.
        runs: Model runs made (each point on each of its seeds counts once).
    """

    members: np.ndarray
    member_values: np.ndarray
    acceptance_seeds: tuple[int, ...]
    standard_errors: np.ndarray
    waves: pd.DataFrame
    emulators: list[list[Emulator]] = field(default_factory=list)
    runs: int = 0


def wave_seeds(seed: int, wave: int, n: int) -> list[int]:
    """One fresh seed per run of a wave (a pure function of seed, wave and run index)."""
    children = np.random.SeedSequence([int(seed), int(wave), 1]).spawn(n)
    return [int(c.generate_state(1, dtype=np.uint64)[0]) for c in children]


def acceptance_seeds(settings: HistoryMatching) -> tuple[int, ...]:
    """The seeds every candidate member runs on: the first K of the base seed's replicates."""
    return tuple(replicate_seeds(settings.seed, settings.acceptance_seeds))


def pair_variance(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """One run's replicate variance per target, pooled over pairs of runs of the same point.

    Args:
        first: float64 (pairs, targets) the first run of each pair.
        second: float64 (pairs, targets) the second.

    Returns:
        float64 (targets,) the pooled variance (mean of (a - b)^2 / 2 over finite pairs);
        NaN where no pair is finite.
    """
    half_square = (first - second) ** 2 / 2.0
    finite = np.isfinite(half_square)
    count = finite.sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(count > 0, np.where(finite, half_square, 0.0).sum(axis=0) / count, np.nan)


def inside_all(bands: Sequence[Band], values: np.ndarray) -> np.ndarray:
    """Whether each row of values lies inside every band (NaN is outside)."""
    low = np.array([b.low for b in bands])
    high = np.array([b.high for b in bands])
    with np.errstate(invalid="ignore"):
        return np.all((values >= low) & (values <= high), axis=1)


def training_set(
    run_log: Sequence[tuple[np.ndarray, np.ndarray, int, int]],
    earlier: Sequence[Sequence[Emulator]],
    bands: Sequence[Band],
    cutoff: float,
    discrepancy: float,
    nth: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """The runs a wave's emulators are fitted on, and the replicate noise they are told.

    The last wave's runs, and every earlier wave's runs inside the region the last wave was
    sampled from (within ``cutoff`` under the emulators of the waves before it): the new
    emulators describe that region, and earlier runs inside it are as informative as new
    ones. The replicate variance is pooled over the repeated pairs of every run kept.

    Args:
        run_log: Per wave so far: its runs' points (the points, then the repeated ones),
            their values, its number of points and of repeated points.
        earlier: Emulators of the waves before the last one.
        bands: The targets.
        cutoff: Implausibility cutoff of the waves.
        discrepancy: Model discrepancy (share of each band's half-width).
        nth: Which implausibility over targets is held to the cutoff.

    Returns:
        Points (float64 (n, k)), values (float64 (n, targets)) and the pooled replicate
        variance (float64 (targets,), or None when no run was repeated).
    """
    us, ys, firsts, seconds = [], [], [], []
    for i, (u, y, n_points, repeats) in enumerate(run_log):
        keep = np.ones(len(u), dtype=bool)
        if i < len(run_log) - 1 and earlier:
            keep = max_implausibility(earlier, bands, u, discrepancy=discrepancy, nth=nth) <= cutoff
        us.append(u[keep])
        ys.append(y[keep])
        pairs = np.flatnonzero(keep[:repeats] & keep[n_points : n_points + repeats])
        firsts.append(y[pairs])
        seconds.append(y[n_points + pairs])
    first, second = np.vstack(firsts), np.vstack(seconds)
    noise = pair_variance(first, second) if len(first) else None
    return np.vstack(us), np.vstack(ys), noise


def validate_earlier(
    emulators: Sequence[Sequence[Emulator]],
    u: np.ndarray,
    values: np.ndarray,
    n_points: int,
    repeats: int,
    target_ids: Sequence[str],
) -> list[str]:
    """Check every earlier wave's emulators on a new wave's runs; widen those that fail.

    The new runs were proposed inside the region the earlier emulators left, so they are
    held-out runs for them. An emulator whose errors there exceed its stated uncertainty
    has its variance inflated (:func:`~sim.experiment.calibration.emulator.holdout_inflation`)
    for every later use: the region it rules out shrinks to what it can support, and the
    points it wrongly excluded are proposed again. The replicate noise of the new runs is
    measured on the wave's own repeated pairs (an emulator's noise where its pairs lie).

    Args:
        emulators: Each earlier wave's emulators (changed in place).
        u: float64 (n, k) the new wave's runs' points (points, then repeated points).
        values: float64 (n, targets) their values.
        n_points: The wave's points (the first rows).
        repeats: How many of them ran again.
        target_ids: The targets' names, for the message.

    Returns:
        "T (wave W) xF" for each emulator widened by more than a factor of 2.
    """
    if not emulators:
        return []
    measured = (
        pair_variance(values[:repeats], values[n_points : n_points + repeats])
        if repeats
        else np.full(values.shape[1], np.nan)
    )
    widened = []
    for w, wave in enumerate(emulators):
        noise = np.where(np.isfinite(measured), measured, [em.noise_var for em in wave])
        labels = [f"{t} (wave {w + 1})" for t in target_ids]
        widened += _widen(wave, u, values, noise, labels)
    return widened


def validate_prior(
    emulators: Sequence[Emulator],
    u: np.ndarray,
    values: np.ndarray,
    noise_var: np.ndarray,
    bands: Sequence[Band],
) -> list[str]:
    """Check the last wave's emulators on the candidates' runs before they judge them.

    The acceptance test uses the last wave's emulators as a prior; nothing later validates
    them, and each wave's emulators were found overconfident by the next wave's runs (on
    this model by factors up to about 10 on the noisy ratio targets). The candidates' runs
    are held-out runs for them: a candidate's mean over its K seeds has replicate variance
    V_rep / K (the seeds are shared by all candidates, which leaves that variance as it is
    and only makes the estimate of the factor noisier, towards widening). An emulator that
    understates its errors there is widened before the test, so the runs weigh more.

    Args:
        emulators: The last wave's emulators (changed in place).
        u: float64 (n, k) the candidates tried so far.
        values: float64 (n, K, targets) their runs.
        noise_var: float64 (targets,) one run's replicate variance.
        bands: The targets (for the message).

    Returns:
        "T xF" for each emulator widened by more than a factor of 2.
    """
    k = values.shape[1]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # a target undefined on every seed
        means = np.nanmean(values, axis=1)
    labels = [str(getattr(b, "id", j + 1)) for j, b in enumerate(bands)]
    return _widen(emulators, u, means, noise_var / k, labels)


def _widen(
    emulators: Sequence[Emulator],
    u: np.ndarray,
    values: np.ndarray,
    noise_var: np.ndarray,
    labels: Sequence[str],
) -> list[str]:
    """Widen each target's emulator to what held-out values at u show (in place).

    Args:
        emulators: One per target.
        u: float64 (n, k) the held-out points.
        values: float64 (n, targets) their values.
        noise_var: float64 (targets,) the replicate variance of one value.
        labels: The targets' names, for the message.

    Returns:
        "LABEL xF" for each emulator widened by more than a factor of 2.
    """
    widened = []
    for j, em in enumerate(emulators):
        factor = holdout_inflation(em, u, values[:, j], float(noise_var[j]))
        if factor > em.inflation:
            if factor > 2.0 * em.inflation:
                widened.append(f"{labels[j]} x{factor:.3g}")
            em.inflation = factor
    return widened


def emulated(emulators: Sequence[Emulator], u: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each target's emulated mean and variance of the expected value at points u.

    Returns:
        Means and variances, float64 (n, targets) each.
    """
    predicted = [em.predict(u) for em in emulators]
    return (
        np.column_stack([mu for mu, _ in predicted]),
        np.column_stack([var for _, var in predicted]),
    )


def run_points(
    problem: Problem,
    points: np.ndarray,
    seeds: Sequence[tuple[int, ...]],
    store: PointStore,
    executor: Executor,
    *,
    desc: str,
    progress: bool,
) -> np.ndarray:
    """Each point's values, read from the store or run (and stored as each finishes).

    Returns:
        float64 (n, targets) values, in point order whatever the order of completion.
    """
    values = np.full((len(points), len(problem.bands)), np.nan)
    todo = []
    for i, (u, s) in enumerate(zip(points, seeds, strict=True)):
        stored = store.read(i, u, s)
        if stored is None:
            todo.append(i)
        else:
            values[i] = stored
    with tqdm(
        total=len(points),
        initial=len(points) - len(todo),
        desc=desc,
        unit="point",
        disable=not progress,
    ) as bar:

        def keep(i: int, future: Future) -> None:
            values[i] = future.result()
            store.write(i, points[i], seeds[i], values[i])
            bar.update(1)

        waiting: list[tuple[int, Future]] = []
        for i in todo:
            future = executor.submit(problem.task, points[i], seeds[i])
            if future.done():
                keep(i, future)
            else:
                waiting.append((i, future))
        index = {f: i for i, f in waiting}
        for future in completed_in_submission_order([f for _, f in waiting]):
            keep(index[future], future)
    return values


def history_match(
    problem: Problem,
    settings: HistoryMatching,
    out_dir: Path,
    executor: Executor,
    *,
    progress: bool = True,
    say: Callable[[str], None] | None = None,
) -> HistoryResult:
    """Run the waves and the acceptance batches; return the ensemble.

    Args:
        problem: The bands, parameters and task.
        settings: The ``[history_matching]`` settings.
        out_dir: Folder of the runs (``wave-N/`` and ``accept-N/``); existing runs are reused.
        executor: Runs the tasks.
        progress: Show a progress bar per wave.
        say: Called with a line after each wave (what was ruled out), e.g. ``print``.

    Returns:
        The result; fewer than ``settings.members`` members when the candidates ran out.
    """
    out_dir = Path(out_dir)
    bands, k = list(problem.bands), len(problem.names)
    emulators: list[list[Emulator]] = []
    rows: list[dict] = []
    runs = 0
    previous: np.ndarray | None = None
    volume = 1.0
    run_log: list[tuple[np.ndarray, np.ndarray, int, int]] = []
    for w in range(settings.waves):
        proposal = propose(
            emulators,
            bands,
            settings.points,
            k,
            seed=settings.seed,
            wave=w,
            cutoff=settings.cutoff,
            discrepancy=settings.discrepancy,
            nth=settings.nth_largest,
            previous=previous,
            previous_volume=volume,
            anchor=problem.anchor,
            anchor_share=settings.anchor_share,
        )
        # The first `repeated` points run again on fresh seeds of their own: the pairs
        # measure the replicate noise the emulators are told.
        n_points = len(proposal.points)
        repeats = min(settings.repeated, n_points)
        runs_u = np.vstack([proposal.points, proposal.points[:repeats]])
        seeds = [(s,) for s in wave_seeds(settings.seed, w, n_points + repeats)]
        values = run_points(
            problem,
            runs_u,
            seeds,
            PointStore(out_dir / f"wave-{w + 1}"),
            executor,
            desc=f"wave {w + 1}/{settings.waves}",
            progress=progress,
        )
        runs += len(runs_u)
        run_log.append((runs_u, values, n_points, repeats))
        inflated = validate_earlier(
            emulators,
            runs_u,
            values,
            n_points,
            repeats,
            [str(getattr(b, "id", j + 1)) for j, b in enumerate(bands)],
        )
        if say is not None and inflated:
            say(f"  wave {w + 1}'s runs widened earlier emulators: {', '.join(inflated)}")
        train_u, train_values, noise = training_set(
            run_log, emulators, bands, settings.cutoff, settings.discrepancy, settings.nth_largest
        )
        with tqdm(
            total=len(bands), desc=f"wave {w + 1} emulators", unit="fit", disable=not progress
        ) as bar:
            emulators.append(fit_emulators(train_u, train_values, executor, bar.update, noise))
        values = values[:n_points]
        previous, volume = proposal.points, proposal.volume
        rows.append(
            {
                "stage": f"wave {w + 1}",
                "runs": len(runs_u),
                "non_implausible_volume": proposal.volume,
                "volume_bound": proposal.volume_bound,
                "beyond_cutoff": proposal.fallback,
                "inside_all_bands": int(inside_all(bands, values).sum()),
                "accepted": 0,
                "emulator_runs": len(train_u),
            }
        )
        if say is not None:
            say(_wave_line(rows[-1]))
    seeds_k = acceptance_seeds(settings)
    n_seeds = len(seeds_k)
    noise_var = np.array([em.noise_var for em in emulators[-1]]) if emulators else None
    tried_u: list[np.ndarray] = []
    tried_values: list[np.ndarray] = []
    ok = np.zeros(0, dtype=bool)
    means = np.zeros((0, len(bands)))
    se = np.zeros(len(bands))
    batch = 0
    while int(ok.sum()) < settings.members and len(tried_u) < settings.candidates:
        n = min(settings.members, settings.candidates - len(tried_u))
        proposal = propose(
            emulators,
            bands,
            n,
            k,
            seed=settings.seed,
            wave=settings.waves + batch,
            cutoff=min(settings.cutoff, settings.acceptance_cutoff),
            discrepancy=settings.discrepancy,
            previous=previous,
            previous_volume=volume,
            spread=False,
            anchor=problem.anchor,
            anchor_share=settings.anchor_share,
        )
        # One task per candidate and seed: the spread of a candidate's runs over its seeds
        # is what measures the replicate noise the acceptance test allows for.
        values = run_points(
            problem,
            np.repeat(proposal.points, n_seeds, axis=0),
            [(s,) for _ in range(n) for s in seeds_k],
            PointStore(out_dir / f"accept-{batch + 1}"),
            executor,
            desc=f"acceptance {batch + 1}",
            progress=progress,
        )
        runs += n * n_seeds
        tried_u += list(proposal.points)
        tried_values += list(values.reshape(n, n_seeds, len(bands)))
        if settings.emulated_acceptance and emulators and noise_var is not None:
            widened = validate_prior(
                emulators[-1], np.array(tried_u), np.array(tried_values), noise_var, bands
            )
            if say is not None and widened:
                say(f"  the candidates' runs widened the prior: {', '.join(widened)}")
        before = int(ok.sum())
        ok, means, se = judge(
            bands,
            np.array(tried_values),
            settings.acceptance_tolerance,
            noise_var if noise_var is not None else np.zeros(len(bands)),
            prior=emulated(emulators[-1], np.array(tried_u))
            if settings.emulated_acceptance and emulators
            else None,
        )
        rows.append(
            {
                "stage": f"acceptance {batch + 1}",
                "runs": n * n_seeds,
                "non_implausible_volume": proposal.volume,
                "volume_bound": proposal.volume_bound,
                "beyond_cutoff": proposal.fallback,
                "inside_all_bands": int(inside_all(bands, means[-n:]).sum()),
                "accepted": int(ok.sum()) - before,
                "emulator_runs": 0,
            }
        )
        if say is not None:
            say(_wave_line(rows[-1]))
        batch += 1
    keep = np.flatnonzero(ok)[: settings.members]
    return HistoryResult(
        members=np.array(tried_u).reshape(-1, k)[keep],
        member_values=means[keep].reshape(-1, len(bands)),
        acceptance_seeds=seeds_k,
        standard_errors=se,
        waves=pd.DataFrame(rows),
        emulators=emulators,
        runs=runs,
    )


def _wave_line(row: dict) -> str:
    bound = "< " if row["volume_bound"] else ""
    return (
        f"{row['stage']}: {row['runs']} runs, non-implausible volume "
        f"{bound}{row['non_implausible_volume']:.3g}, {row['inside_all_bands']} inside every band"
        + (f", {row['accepted']} accepted" if row["stage"].startswith("acceptance") else "")
        + (f", emulators fitted on {row['emulator_runs']} runs" if row["emulator_runs"] else "")
        + (f", {row['beyond_cutoff']} points beyond the cutoff" if row["beyond_cutoff"] else "")
    )

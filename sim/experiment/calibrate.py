"""``mentorsim calibrate``: fit the parameters the literature does not give, to all targets at once.

Method. Each target i has a band [low, high]; its residual is

    r_i = (mean over replicates of the outcome - band centre) / band half-width,

so a value inside the band has |r_i| <= 1, and the loss is sum r_i**2 over ALL targets (pattern-
oriented modelling: every pattern at once, not one at a time). The optimiser minimises the loss
plus a margin penalty, 3 * max(0, |r_i| - 0.8) per target, squared: without it, least squares
happily leaves two targets that pull against each other just outside their bands while the
rest sit at their centres; with it, every target is kept inside with room for replicate noise
and rounding, and the loss alone decides where inside. The calibrated parameters
(``experiments/calibration.toml``) are searched in a normalised space u in [0, 1]^k, u = 0 at
each parameter's lower bound and 1 at its upper, by ``scipy.optimize.least_squares`` (trust-
region reflective, box bounds, unit ``x_scale`` = one bound range, relative finite-difference
step ``DIFF_STEP`` = 5% of the range).

Why this optimiser. There are many targets, and each is mainly informed by one parameter
(attrition_rate -> T2, the promotion bar -> T4, ...), so the residual Jacobian is close to
diagonal and Gauss-Newton steps reach the bands in a handful of iterations (k + 1 evaluations
each). Every evaluation runs the same replicate seeds (common random numbers): a person's
traits and chance events are the same numbers at every parameter value, so the loss surface is
a smooth, deterministic function of the parameters apart from genuinely discrete outcomes
(medians in whole years), and finite differences measure the parameters' effect rather than
replicate noise. A step of 5% of the range rises above that remaining discreteness. An ABC or
other sampling approach would need thousands of evaluations to map a 13-dimensional posterior;
at about 3 s per evaluation (two scenarios x 8 replicates on 2 cores) the 30-minute budget
allows a few hundred, enough for least squares and a local identifiability check, not for ABC.

Identifiability. At the optimum each parameter is moved by +-10% of its range (a local profile,
two evaluations each): the loss on both sides says whether the targets pin it down, and the
central differences give the residual Jacobian (which targets each parameter moves) and, when
J^T J is invertible, the parameters' approximate correlation.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import difflib
import math
import sys
import time
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy.optimize import least_squares

from sim.experiment.runner import make_executor, simulate
from sim.experiment.targets import (
    DEFAULT_SCENARIOS,
    DEFAULT_TARGETS,
    PROJECT_ROOT,
    Target,
    TargetError,
    load_targets,
)
from sim.experiment.validate import scenarios_for, score_targets
from sim.rng import replicate_seeds
from sim.scenario import GROUPS, ScenarioError, default, dump_toml, from_dict
from sim.tomlfile import read_toml

DEFAULT_PARAMETERS = PROJECT_ROOT / "experiments" / "calibration.toml"
DEFAULT_OUT = Path("results") / "calibration"
DIFF_STEP = 0.05  # finite-difference step, share of each parameter's range
NAN_RESIDUAL = 10.0  # residual of an outcome the runs leave undefined
PROFILE_STEP = 0.10  # identifiability profile: share of the range moved each side
CLEAR_RISE = 0.5  # loss rise on both sides that counts as "well identified"
MARGIN = 0.8  # share of the half-width beyond which the margin penalty starts
HINGE_WEIGHT = 3.0  # slope of the margin penalty, in residual units
RESTART_GAIN = 0.02  # restart while a run improves the best objective by this share
ENTRY_KEYS = ("key", "low", "high", "targets")


class CalibrationError(ValueError):
    """A calibration parameter file (or start value) that fails validation."""


class _BudgetSpentError(Exception):
    """Raised inside the optimiser when the evaluation budget is used up."""


@dataclass(frozen=True)
class Parameter:
    """One calibrated parameter: its key path, search bounds and the targets it informs."""

    key: str
    low: float
    high: float
    targets: tuple[str, ...] = ()

    def value(self, u: float) -> float:
        """The parameter value at normalised position u in [0, 1]."""
        return self.low + float(np.clip(u, 0.0, 1.0)) * (self.high - self.low)

    def unit(self, value: float) -> float:
        """The normalised position of a parameter value."""
        return (value - self.low) / (self.high - self.low)


def schema_fields() -> dict[str, dataclasses.Field]:
    """Every scenario parameter's field by key path (``group.name``)."""
    return {f"{group}.{f.name}": f for group, cls in GROUPS.items()
            for f in dataclasses.fields(cls)}


def load_parameters(path: str | Path = DEFAULT_PARAMETERS,
                    target_ids: Sequence[str] | None = None) -> list[Parameter]:
    """Load and validate a calibration parameter file.

    Args:
        path: TOML file with one ``[[parameter]]`` table per parameter (key, low, high,
            targets).
        target_ids: Known target ids; when given, each entry's targets must be among them.

    Returns:
        The parameters in file order.

    Raises:
        CalibrationError: naming the file, the key, the bad value and what is allowed.
    """
    path = Path(path)
    data = read_toml(path, "parameter file", CalibrationError)
    entries = data.get("parameter")
    extra = [k for k in data if k != "parameter"]
    if extra or not isinstance(entries, list) or not entries:
        raise CalibrationError(f"{path}: expected one or more [[parameter]] tables with keys "
                               f"{', '.join(ENTRY_KEYS)}")
    known = schema_fields()
    params: list[Parameter] = []
    for n, entry in enumerate(entries, start=1):
        params.append(_parameter(entry, known, target_ids, where=f"{path}: parameter {n}"))
    keys = [p.key for p in params]
    duplicates = sorted({k for k in keys if keys.count(k) > 1})
    if duplicates:
        raise CalibrationError(f"{path}: {duplicates[0]} is listed more than once")
    return params


def _parameter(entry: Any, known: dict[str, dataclasses.Field],
               target_ids: Sequence[str] | None, *, where: str) -> Parameter:
    """Validate one ``[[parameter]]`` table."""
    if not isinstance(entry, dict):
        raise CalibrationError(f"{where}: expected a table with keys {', '.join(ENTRY_KEYS)}")
    for name in entry:
        if name not in ENTRY_KEYS:
            raise CalibrationError(f"{where}: unknown key {name!r}{_near(name, ENTRY_KEYS)}")
    for name in ("key", "low", "high"):
        if name not in entry:
            raise CalibrationError(f"{where}: missing key {name!r}")
    key = entry["key"]
    if not isinstance(key, str) or key not in known:
        raise CalibrationError(f"{where}: key = {key!r} is not a scenario parameter"
                               f"{_near(str(key), list(known))}")
    f = known[key]
    kind = type(f.default)
    if kind is not float:
        raise CalibrationError(f"{where}: {key} is {kind.__name__}-valued; only real-valued "
                               "parameters can be calibrated")
    lo, hi = f.metadata.get("lo"), f.metadata.get("hi")
    allowed = f"a number in [{lo}, {hi}] (the schema's range for {key})"
    for name in ("low", "high"):
        value = entry[name]
        if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
            raise CalibrationError(f"{where}: {key} {name} = {value!r} is not allowed; "
                                   f"expected {allowed}")
        if (lo is not None and value < lo) or (hi is not None and value > hi):
            raise CalibrationError(f"{where}: {key} {name} = {value!r} is outside the "
                                   f"schema's range; expected {allowed}")
    low, high = float(entry["low"]), float(entry["high"])
    if not low < high:
        raise CalibrationError(f"{where}: {key} bounds [{low}, {high}] are not allowed; "
                               "expected low < high")
    targets = entry.get("targets", [])
    if isinstance(targets, str):
        targets = [targets]
    if not isinstance(targets, list) or not all(isinstance(t, str) for t in targets):
        raise CalibrationError(f"{where}: {key} targets = {targets!r} is not allowed; "
                               "expected a list of target ids like [\"T1\"]")
    if target_ids is not None:
        for t in targets:
            if t not in target_ids:
                raise CalibrationError(f"{where}: {key} targets: {t!r} is not a known target"
                                       f"{_near(t, list(target_ids))}")
    return Parameter(key=key, low=low, high=high, targets=tuple(targets))


def _near(word: str, known: Sequence[str]) -> str:
    close = difflib.get_close_matches(word, list(known), n=1, cutoff=0.5)
    return f"; did you mean {close[0]!r}?" if close else ""


def load_start(path: str | Path, parameters: Sequence[Parameter]) -> dict[str, float]:
    """Starting values from a TOML file in scenario layout (e.g. an earlier calibrated.toml).

    Args:
        path: The file; keys that are not calibrated parameters are ignored.
        parameters: The calibrated parameters.

    Returns:
        Parameter key -> starting value, for the parameters the file sets.

    Raises:
        CalibrationError: for an unreadable file or a value that is not a number.
    """
    path = Path(path)
    data = read_toml(path, "start file", CalibrationError)
    start = {}
    for p in parameters:
        group, name = p.key.split(".")
        table = data.get(group, {})
        if isinstance(table, dict) and name in table:
            value = table[name]
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise CalibrationError(f"{path}: {p.key} = {value!r} is not allowed; expected a "
                                       f"number in [{p.low}, {p.high}]")
            start[p.key] = float(value)
    return start


def margin_penalty(r: np.ndarray) -> np.ndarray:
    """Extra residuals that grow steeply once a target passes MARGIN of its half-width.

    Centred residuals alone let least squares trade a target just outside its band for
    others nearer their centres; this hinge makes leaving the band (or its last 20%) costly,
    so the optimum keeps every target inside with room for replicate noise and rounding.
    """
    return HINGE_WEIGHT * np.sign(r) * np.maximum(0.0, np.abs(r) - MARGIN)


def residuals(targets: Sequence[Target], values: Mapping[str, float]) -> np.ndarray:
    """Band-normalised residuals: 0 at each band's centre, +-1 at its edges.

    Args:
        targets: The targets.
        values: Target id -> the model's value (mean over replicates); NaN when undefined.

    Returns:
        One residual per target; an undefined value gets ``NAN_RESIDUAL``.
    """
    out = np.empty(len(targets))
    for i, t in enumerate(targets):
        value = values.get(t.id, math.nan)
        out[i] = ((value - t.center) / t.half_width if np.isfinite(value) else NAN_RESIDUAL)
    return out


def _run_task(scenario_dict: dict, seed: int, replicate: int, years: int | None) -> dict:
    """Worker entry point: one replicate's row of outcomes (picklable in and out)."""
    scenario = from_dict(scenario_dict, source="calibration task")
    return simulate(scenario, seed, replicate=replicate, years=years)["runs"].iloc[0].to_dict()


class _Evaluator:
    """Runs the targets' scenarios at a parameter point on common seeds; records each point."""

    def __init__(self, targets, parameters, scenarios, seeds, years, executor, budget, bar):
        self.targets, self.parameters = targets, parameters
        self.scenarios, self.seeds, self.years = scenarios, seeds, years
        self.executor, self.budget, self.bar = executor, budget, bar
        self.records: list[dict] = []
        self.units: list[np.ndarray] = []
        self._cache: dict[tuple, np.ndarray] = {}

    def values(self, u: np.ndarray) -> dict[str, float]:
        """Target id -> mean outcome at normalised point u."""
        overrides = {p.key: p.value(x) for p, x in zip(self.parameters, u, strict=True)}
        tasks = [(s.replace(**overrides).to_dict(), seed, r, self.years)
                 for s in self.scenarios.values() for r, seed in enumerate(self.seeds)]
        rows = list(self.executor.map(_run_task, *zip(*tasks, strict=True)))
        table = score_targets(self.targets, pd.DataFrame(rows))
        return dict(zip(table["target"], table["value"], strict=True))

    def __call__(self, u: np.ndarray, *, phase: str = "optimise") -> np.ndarray:
        u = np.clip(np.asarray(u, dtype=float), 0.0, 1.0)
        key = tuple(np.round(u, 12))
        if key in self._cache:
            return self._cache[key]
        if phase == "optimise" and self.budget is not None and self.spent >= self.budget:
            raise _BudgetSpentError
        values = self.values(u)
        r = residuals(self.targets, values)
        full = np.concatenate([r, margin_penalty(r)])
        loss = float(np.sum(r ** 2))
        record = {"evaluation": len(self.records) + 1, "phase": phase, "loss": loss,
                  "objective": float(np.sum(full ** 2)),
                  "inside": int(np.sum(np.abs(r) <= 1.0))}
        record.update({p.key: p.value(x) for p, x in zip(self.parameters, u, strict=True)})
        record.update({f"value_{t.id}": values[t.id] for t in self.targets})
        self.records.append(record)
        self.units.append(u)
        self._cache[key] = full
        if self.bar is not None:
            self.bar.update(1)
            best = self.records[self.best()]["objective"]
            self.bar.set_postfix(loss=f"{loss:.3g}", best=f"{best:.3g}", inside=record["inside"])
        return full

    def residuals(self, u: np.ndarray, phase: str) -> np.ndarray:
        """Band-normalised residuals alone (without the margin penalty) at u."""
        return self(u, phase=phase)[: len(self.targets)]

    @property
    def spent(self) -> int:
        return sum(rec["phase"] == "optimise" for rec in self.records)

    def best(self) -> int:
        """Index of the evaluation with the lowest objective."""
        return min(range(len(self.records)), key=lambda i: self.records[i]["objective"])


@dataclass
class CalibrationResult:
    """What a calibration found.

    Attributes:
        parameters: The calibrated parameters.
        targets: The targets.
        start: Parameter key -> starting value.
        calibrated: Parameter key -> calibrated value (the best evaluation).
        start_values: Target id -> model value at the start.
        values: Target id -> model value at the calibrated point.
        loss: Loss (sum of squared residuals) at the calibrated point.
        inside: Targets inside their band at the calibrated point.
        history: One row per evaluation (number, phase, loss, inside, parameters, values).
        identifiability: One row per parameter (local profile, Jacobian, verdict).
        jacobian: Residual Jacobian wrt normalised parameters (targets x parameters).
        correlation: Approximate parameter correlation from (J^T J)^-1, or None.
        condition_number: Condition number of J^T J.
        evaluations: Model evaluations used by the optimiser.
        seconds: Wall time.
        out_dir: Where the files were written, or None.
    """

    parameters: list[Parameter]
    targets: list[Target]
    start: dict[str, float]
    calibrated: dict[str, float]
    start_values: dict[str, float]
    values: dict[str, float]
    loss: float
    inside: int
    history: pd.DataFrame
    identifiability: pd.DataFrame
    jacobian: pd.DataFrame
    correlation: pd.DataFrame | None
    condition_number: float
    evaluations: int
    seconds: float
    out_dir: Path | None = field(default=None)


def calibrate(targets: Sequence[Target], parameters: Sequence[Parameter], *, budget: int,
              reps: int, seed: int, workers: int | None, start: Mapping[str, float] | None = None,
              progress: bool = True, years: int | None = None,
              overrides: Mapping[str, Any] | None = None, out_dir: str | Path | None = None,
              scenarios_dir: Path = DEFAULT_SCENARIOS) -> CalibrationResult:
    """Fit the parameters so every target lands in its band, on common random numbers.

    Args:
        targets: The targets (all enter the loss).
        parameters: The parameters to fit, with their bounds.
        budget: Most model evaluations the optimiser may use; the identifiability profile
            adds two per parameter.
        reps: Replicates per scenario at each evaluation (the same seeds every time).
        seed: Base seed of the replicate seeds.
        workers: Local worker processes (one executor serves the whole calibration).
        start: Parameter key -> starting value (default: the scenario defaults).
        progress: Show a progress bar.
        years: Simulated years per run (default: each scenario's).
        overrides: Fixed parameter overrides applied to every scenario (e.g. a small
            institution for a quick check).
        out_dir: Where to write the result files, or None to write nothing.
        scenarios_dir: Folder of the targets' scenario files.

    Returns:
        The CalibrationResult.

    Raises:
        CalibrationError: when a start value lies outside its parameter's bounds.
    """
    from tqdm import tqdm

    targets, parameters = list(targets), list(parameters)
    fixed = dict(overrides or {})
    base = default().replace(**fixed) if fixed else default()
    start = {p.key: float(_get(base, p.key)) for p in parameters} | dict(start or {})
    for p in parameters:
        if not p.low <= start[p.key] <= p.high:
            raise CalibrationError(f"start value {p.key} = {start[p.key]!r} is outside its "
                                   f"calibration bounds [{p.low}, {p.high}]")
    scenarios = scenarios_for(targets, scenarios_dir, fixed or None)
    seeds = replicate_seeds(seed, reps)
    began = time.perf_counter()
    executor = make_executor(workers)
    total = budget + 2 * len(parameters)
    try:
        with tqdm(total=total, unit="eval", desc="calibrate", disable=not progress) as bar:
            ev = _Evaluator(targets, parameters, scenarios, seeds, years, executor, budget, bar)
            optimise(ev, np.array([p.unit(start[p.key]) for p in parameters]))
            index = ev.best()
            best, spent = ev.records[index], ev.spent
            ident, jac, corr, cond = identifiability(ev, ev.units[index])
            bar.total = len(ev.records)
            bar.refresh()
    finally:
        executor.shutdown(wait=True, cancel_futures=True)
    history = pd.DataFrame(ev.records)
    first = ev.records[0]
    result = CalibrationResult(
        parameters=parameters, targets=targets, start=start,
        calibrated={p.key: float(best[p.key]) for p in parameters},
        start_values={t.id: first[f"value_{t.id}"] for t in targets},
        values={t.id: best[f"value_{t.id}"] for t in targets}, loss=best["loss"],
        inside=best["inside"], history=history, identifiability=ident, jacobian=jac,
        correlation=corr, condition_number=cond, evaluations=spent,
        seconds=time.perf_counter() - began)
    if out_dir is not None:
        write_result(result, Path(out_dir))
    return result


def optimise(ev: _Evaluator, u0: np.ndarray) -> None:
    """Least squares from u0, restarted from the best point while budget and progress remain.

    A noisy or stepped loss can make the trust region shrink and stop the optimiser early;
    a restart from the best point found gives it a fresh region (and a fresh Jacobian).
    """
    best = math.inf
    u = u0
    while ev.budget is None or ev.spent < ev.budget:
        with contextlib.suppress(_BudgetSpentError):
            least_squares(ev, u, method="trf", bounds=(0.0, 1.0), x_scale=1.0,
                          diff_step=DIFF_STEP, max_nfev=ev.budget)
        index = ev.best()
        loss = ev.records[index]["objective"]
        if loss > best * (1.0 - RESTART_GAIN):
            return
        best, u = loss, ev.units[index]


def _get(scenario, key: str) -> Any:
    group, name = key.split(".")
    return getattr(getattr(scenario, group), name)


def identifiability(ev: _Evaluator, u: np.ndarray
                    ) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame | None, float]:
    """Local profile and Jacobian at the optimum u (two evaluations per parameter).

    Returns:
        The per-parameter report, the residual Jacobian (targets x parameters, per unit of
        normalised parameter), the parameter correlation from (J^T J)^-1 (None when J^T J is
        singular) and the condition number of J^T J.
    """
    r0 = ev.residuals(u, "optimise")
    loss0 = float(np.sum(r0 ** 2))
    ids = [t.id for t in ev.targets]
    jac = np.zeros((len(ids), len(ev.parameters)))
    rows = []
    for k, p in enumerate(ev.parameters):
        lo_u, hi_u = max(0.0, u[k] - PROFILE_STEP), min(1.0, u[k] + PROFILE_STEP)
        side = {}
        for name, x in (("minus", lo_u), ("plus", hi_u)):
            point = u.copy()
            point[k] = x
            side[name] = ev.residuals(point, "identifiability")
        loss_m, loss_p = float(np.sum(side["minus"] ** 2)), float(np.sum(side["plus"] ** 2))
        jac[:, k] = (side["plus"] - side["minus"]) / (hi_u - lo_u)
        h_m, h_p = u[k] - lo_u, hi_u - u[k]
        curvature = (2.0 * (loss_p * h_m - loss0 * (h_m + h_p) + loss_m * h_p)
                     / (h_m * h_p * (h_m + h_p))) if h_m > 0 and h_p > 0 else math.nan
        most = int(np.argmax(np.abs(jac[:, k])))
        rise_m, rise_p = loss_m - loss0, loss_p - loss0
        well = h_m > 0 and h_p > 0 and rise_m > CLEAR_RISE and rise_p > CLEAR_RISE
        lower = [side for side, rise in (("-", rise_m), ("+", rise_p)) if rise < 0]
        note = (f"loss falls on the {' and '.join(lower)} side: not a minimum along this axis"
                if lower else "")
        rows.append({"parameter": p.key, "value": p.value(u[k]),
                     "value_minus": p.value(lo_u), "value_plus": p.value(hi_u),
                     "loss_minus": loss_m, "loss_opt": loss0, "loss_plus": loss_p,
                     "curvature": curvature, "moves_most": ids[most],
                     "sensitivity": float(jac[most, k]),
                     "informs": " ".join(p.targets),
                     "verdict": "well identified" if well else "weakly identified",
                     "note": note})
    report = pd.DataFrame(rows)
    jacobian = pd.DataFrame(jac, index=ids, columns=[p.key for p in ev.parameters])
    jtj = jac.T @ jac
    cond = float(np.linalg.cond(jtj))
    corr = None
    if np.isfinite(cond) and cond < 1e12:
        cov = np.linalg.inv(jtj)
        sd = np.sqrt(np.abs(np.diag(cov)))
        corr = pd.DataFrame(cov / np.outer(sd, sd), index=jacobian.columns,
                            columns=jacobian.columns)
        off = corr.abs().to_numpy() - np.eye(len(sd))
        partner = off.argmax(axis=1)
        report["most_correlated_with"] = [jacobian.columns[j] for j in partner]
        report["correlation"] = [float(corr.iloc[i, j]) for i, j in enumerate(partner)]
    report["weakest_direction"] = weakest_direction(jacobian)
    return report, jacobian, corr, cond


def weakest_direction(jacobian: pd.DataFrame) -> np.ndarray:
    """The parameter combination the targets constrain least (unit vector, one per parameter).

    It is the right singular vector of J with the smallest singular value: moving the
    parameters along it changes the residuals least. With more parameters than targets J^T J
    is singular and this direction leaves every residual unchanged to first order.
    """
    _, _, vt = np.linalg.svd(jacobian.to_numpy(), full_matrices=True)
    v = vt[-1]
    return v * np.sign(v[np.argmax(np.abs(v))])


def calibrated_toml(result: CalibrationResult) -> str:
    """The calibrated values in scenario-TOML layout ([group] name = value)."""
    nested: dict[str, dict[str, float]] = {}
    for key, value in result.calibrated.items():
        group, name = key.split(".")
        nested.setdefault(group, {})[name] = float(f"{value:.6g}")
    head = (f"# Calibrated by `mentorsim calibrate`: loss {result.loss:.4g}, "
            f"{result.inside} of {len(result.targets)} targets inside their band,\n"
            f"# {result.evaluations} evaluations in {result.seconds:.0f} s.\n")
    return head + dump_toml(nested).lstrip("\n")


def write_result(result: CalibrationResult, out_dir: Path) -> None:
    """Write the result files into out_dir.

    Files: calibrated.toml, loss_history.csv, identifiability.csv, jacobian.csv,
    correlation.csv (when J^T J is invertible) and loss_history.png.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    result.out_dir = out_dir
    (out_dir / "calibrated.toml").write_text(calibrated_toml(result), encoding="utf-8")
    result.history.to_csv(out_dir / "loss_history.csv", index=False)
    result.identifiability.to_csv(out_dir / "identifiability.csv", index=False)
    result.jacobian.to_csv(out_dir / "jacobian.csv", index_label="target")
    if result.correlation is not None:
        result.correlation.to_csv(out_dir / "correlation.csv", index_label="parameter")
    plot_loss_history(result.history, out_dir / "loss_history.png")


def plot_loss_history(history: pd.DataFrame, path: Path) -> None:
    """Figure: loss per evaluation (log scale), best objective so far, targets inside."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7.5, 4.0))
    opt = history[history["phase"] == "optimise"]
    ax.semilogy(opt["evaluation"], opt["loss"], ".", color="0.6", label="loss per evaluation")
    ax.semilogy(opt["evaluation"], opt["objective"].cummin(), "-", color="C0",
                label="objective (loss + margin penalty), best so far")
    prof = history[history["phase"] != "optimise"]
    if len(prof):
        ax.semilogy(prof["evaluation"], prof["loss"], "x", color="C3", ms=4,
                    label="identifiability profile")
    ax.set_xlabel("evaluation")
    ax.set_ylabel("loss = sum of squared band-normalised residuals")
    twin = ax.twinx()
    twin.step(history["evaluation"], history["inside"], where="mid", color="C2", alpha=0.6)
    twin.set_ylabel("targets inside band", color="C2")
    twin.set_ylim(0, None)
    ax.legend(loc="upper right", fontsize=8)
    ax.set_title("Calibration loss history")
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def summary_text(result: CalibrationResult) -> str:
    """Plain-text tables: parameters start -> calibrated; targets start -> calibrated."""
    lines = [f"{'parameter':38s} {'bounds':>15s} {'start':>9s}    {'calibrated':>10s}"]
    for p in result.parameters:
        lines.append(f"{p.key:38s} {f'[{p.low:g}, {p.high:g}]':>15s} "
                     f"{result.start[p.key]:9.4g} -> {result.calibrated[p.key]:10.4g}")
    lines += ["", f"{'target':6s} {'outcome':28s} {'band':>15s} {'start':>8s}    "
              f"{'calibrated':>10s}  inside"]
    for t in result.targets:
        value = result.values[t.id]
        ok = "yes" if np.isfinite(value) and t.contains(value) else "NO"
        lines.append(f"{t.id:6s} {t.outcome:28s} {f'[{t.low:g}, {t.high:g}]':>15s} "
                     f"{result.start_values[t.id]:8.4g} -> {value:10.4g}  {ok}")
    lines += ["", f"{result.inside} of {len(result.targets)} targets inside their band; loss "
              f"{result.loss:.4g}; {result.evaluations} evaluations (+ "
              f"{len(result.history) - result.evaluations} for identifiability) in "
              f"{result.seconds:.0f} s"]
    lines += ["", "identifiability (loss at -10% / optimum / +10% of the range):"]
    for row in result.identifiability.itertuples():
        lines.append(f"  {row.parameter:38s} {row.loss_minus:8.3g} {row.loss_opt:8.3g} "
                     f"{row.loss_plus:8.3g}  moves {row.moves_most:4s} {row.verdict}")
    lines.append(f"  condition number of J^T J: {result.condition_number:.3g}")
    weak = result.identifiability.set_index("parameter")["weakest_direction"]
    top = weak.abs().sort_values(ascending=False).index[:3]
    lines.append("  weakest direction: " + ", ".join(f"{k} {weak[k]:+.2f}" for k in top))
    return "\n".join(lines)


def _override(text: str) -> tuple[str, Any]:
    key, sep, raw = text.partition("=")
    if not sep:
        raise argparse.ArgumentTypeError(f"{text!r} is not KEY=VALUE")
    try:
        value = tomllib.loads(f"v = {raw}")["v"]
    except tomllib.TOMLDecodeError:
        value = raw
    return key.strip(), value


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} is not allowed; expected an integer >= 1")
    return value


def build_parser() -> argparse.ArgumentParser:
    """The ``mentorsim calibrate`` argument parser."""
    parser = argparse.ArgumentParser(prog="mentorsim calibrate", description=(
        "Fit the calibrated parameters so every literature target lands in its band."))
    parser.add_argument("--budget", type=_positive, default=200,
                        help="most model evaluations for the optimiser (default 200)")
    parser.add_argument("--reps", type=_positive, default=8,
                        help="replicates per scenario per evaluation (default 8)")
    parser.add_argument("--seed", type=int, default=2,
                        help="base seed (default 2; validation uses other seeds)")
    parser.add_argument("--workers", type=_positive, default=None,
                        help="worker processes (default: all cores)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT,
                        help=f"output folder (default {DEFAULT_OUT})")
    parser.add_argument("--targets", type=Path, default=DEFAULT_TARGETS,
                        help="targets file (default experiments/targets.toml)")
    parser.add_argument("--parameters", type=Path, default=DEFAULT_PARAMETERS,
                        help="calibration parameter file (default experiments/calibration.toml)")
    parser.add_argument("--start", type=Path, default=None,
                        help="starting values from a TOML file in scenario layout, e.g. an "
                             "earlier calibrated.toml (default: the scenario defaults)")
    parser.add_argument("--years", type=_positive, default=None,
                        help="simulated years per run (default: the scenario's)")
    parser.add_argument("--set", dest="overrides", type=_override, action="append", default=[],
                        metavar="KEY=VALUE", help="fixed parameter override, repeatable")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """``mentorsim calibrate``: 0 when the calibration ran, 2 for a bad input file."""
    args = build_parser().parse_args(argv)
    try:
        targets = load_targets(args.targets)
        parameters = load_parameters(args.parameters, [t.id for t in targets])
        start = load_start(args.start, parameters) if args.start else None
        result = calibrate(targets, parameters, budget=args.budget, reps=args.reps,
                           seed=args.seed, workers=args.workers, start=start,
                           progress=not args.quiet,
                           years=args.years, overrides=dict(args.overrides), out_dir=args.out)
    except (CalibrationError, TargetError, ScenarioError) as err:
        print(f"mentorsim calibrate: error: {err}", file=sys.stderr)
        return 2
    print(summary_text(result))
    print(f"\nresults in {args.out}/ (calibrated.toml, loss_history.csv, identifiability.csv, "
          "jacobian.csv, loss_history.png)")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

"""The calibrated ensemble: parameter sets the evidence does not rule out, and how runs use it.

``mentorsim calibrate`` writes ``experiments/ensemble.toml`` (installed as package data, found
through ``sim.data``): the calibrated parameters' names, one row of values per member, the
history-matching settings, and what it was made from (the model version, the SHA-256 of the
targets and calibration files, and a fingerprint of the model: a hash of one short run's
outcomes at the first member), so a test can tell when the model has changed since.

TOML rather than Parquet or JSON: the project's other data files are TOML, one member is one
line that a reviewer can read and diff, and the standard library reads it.

Runs carry the ensemble by replicate: replicate r runs member ``member_of(r, n)`` =
(r // 2) mod n, the same member and seed for every design (common random numbers hold), and
each member runs on two seeds, so a difference's spread splits into replicate noise (within a
member) and parameter uncertainty (between members).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from sim import data
from sim.errors import InputError
from sim.rng import replicate_seeds
from sim.tomlfile import read_toml

#: Seeds each member runs on when an experiment carries the ensemble.
SEEDS_PER_MEMBER = 2
#: The fingerprint run: the baseline at the first member, at its own size and years, one seed.
#: A whole-size run, not a small one: a change that binds only in a large institution or a
#: late year (a cap on external hires did) left a 300-person, 12-year run unchanged, and a
#: stale ensemble passed. The full run costs about a tenth of a second once compiled.
FINGERPRINT_SEED = 0
#: What regenerates the shipped ensemble (named in every staleness message).
REGENERATE = "make ensemble"


class EnsembleError(InputError):
    """An ensemble file, or a request of one, that fails validation."""


@dataclass(frozen=True)
class Ensemble:
    """Members: calibrated parameter values the evidence does not rule out.

    Attributes:
        parameters: Scenario key paths, one per column of ``values``.
        values: float64 (members, parameters) each member's values.
        meta: What made it (model version, hashes, fingerprint, settings, cost).
        file: Where it was read from ("" when built in code).
    """

    parameters: tuple[str, ...]
    values: np.ndarray
    meta: dict[str, Any] = field(default_factory=dict)
    file: str = ""

    def __len__(self) -> int:
        return len(self.values)

    def member(self, m: int) -> dict[str, float]:
        """Member m's parameter values by key path (scenario overrides)."""
        return {k: float(v) for k, v in zip(self.parameters, self.values[m], strict=True)}

    def take(self, n: int | None) -> Ensemble:
        """The first n members (all when n is None).

        Raises:
            EnsembleError: when n is larger than the ensemble.
        """
        if n is None:
            return self
        if not 1 <= n <= len(self):
            raise EnsembleError(
                f"--ensemble {n} is not allowed; {self.file or 'the ensemble'} has "
                f"{len(self)} members: expected 1 to {len(self)}"
            )
        return Ensemble(self.parameters, self.values[:n], self.meta, self.file)


def member_of(replicate: int, members: int) -> int:
    """The member replicate r runs: two replicates per member, cycling over the members."""
    return (replicate // SEEDS_PER_MEMBER) % members


def overrides_of(ensemble: Ensemble | None) -> Callable[[int], dict[str, float]] | None:
    """Replicate r -> the overrides of the member it runs (None without an ensemble)."""
    if ensemble is None:
        return None
    return lambda r: ensemble.member(member_of(r, len(ensemble)))


def ensemble_record(ensemble: Ensemble) -> dict[str, Any]:
    """What a results folder records of the ensemble it carried (to refuse a mixed resume)."""
    digest = hashlib.sha256(np.ascontiguousarray(ensemble.values).tobytes()).hexdigest()
    return {
        "file": ensemble.file,
        "members": len(ensemble),
        "parameters": list(ensemble.parameters),
        "values_sha256": digest,
    }


def acceptance_seeds(ensemble: Ensemble) -> list[int]:
    """The seeds the members were accepted on (from the file's [history_matching] table)."""
    settings = ensemble.meta.get("history_matching", {})
    if not isinstance(settings, Mapping) or "seed" not in settings:
        return []
    return replicate_seeds(int(settings["seed"]), int(settings.get("acceptance_seeds", 0)))


def check_fresh_seeds(ensemble: Ensemble, seed: int, reps: int) -> None:
    """Refuse to validate an ensemble on any seed its members were accepted on.

    Raises:
        EnsembleError: naming the seed option and the overlap.
    """
    used = set(acceptance_seeds(ensemble))
    overlap = [r for r, s in enumerate(replicate_seeds(seed, reps)) if s in used]
    if overlap:
        raise EnsembleError(
            f"--seed {seed}: replicate {overlap[0]} would run on a seed the ensemble's members "
            f"were accepted on ({ensemble.file or 'the ensemble'}, [history_matching] seed); "
            "validation needs fresh seeds: give another --seed"
        )


def sha256_file(path: Path) -> str:
    """Hex SHA-256 of a file's bytes."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def fingerprint(ensemble_values: Mapping[str, float]) -> str:
    """A hash of one run's outcomes at the given parameter values.

    The baseline design at the values, at the baseline's own size and years, one fixed seed:
    any change to the model's mechanisms or draws that shows in a run as users make it
    changes some outcome, and so the hash. Outcomes are rounded to 10 significant digits, so
    the last bits of floating point on another machine do not count as a change.
    """
    from sim.experiment.runner import simulate
    from sim.scenario import load

    scenario = load(data.scenarios_dir() / "baseline.toml").replace(**ensemble_values)
    runs = simulate(scenario, FINGERPRINT_SEED)["runs"]
    row = runs.drop(columns=["design", "replicate", "seed"]).iloc[0]
    text = ";".join(f"{k}={_rounded(v)}" for k, v in sorted(row.items()))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _rounded(value: Any) -> str:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return str(value)
    return "nan" if number != number else f"{number:.10g}"


def load_ensemble(path: str | Path | None = None) -> Ensemble:
    """Read and check an ensemble file (default: the shipped ``experiments/ensemble.toml``).

    Raises:
        EnsembleError: for a missing or unreadable file, or members that do not match the
            parameter names (naming the file, the key and what is expected).
        sim.data.DataFileError: when the shipped file is asked for and missing.
    """
    path = Path(path) if path is not None else data.ensemble_file()
    content = read_toml(path, "ensemble file", EnsembleError)
    names = content.get("parameters")
    rows = content.get("members")
    if not isinstance(names, list) or not names or not all(isinstance(n, str) for n in names):
        raise EnsembleError(
            f"{path}: parameters = {names!r} is not allowed; expected a list of keys"
        )
    if not isinstance(rows, list) or not rows:
        raise EnsembleError(f"{path}: members is missing or empty; expected a list of rows")
    for i, row in enumerate(rows, start=1):
        if (
            not isinstance(row, list)
            or len(row) != len(names)
            or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in row)
        ):
            raise EnsembleError(
                f"{path}: members row {i} = {row!r} is not allowed; expected "
                f"{len(names)} numbers, one per parameter"
            )
    meta = {k: v for k, v in content.items() if k not in ("parameters", "members")}
    return Ensemble(tuple(names), np.array(rows, dtype=float), meta, str(path))


def ensemble_toml(
    parameters: Sequence[str], values: np.ndarray, meta: Mapping[str, Any], header: str
) -> str:
    """The ensemble file's text: a header comment, the record, the parameters and members."""
    lines = [f"# {line}" if line else "#" for line in header.splitlines()]
    for key, value in meta.items():
        if not isinstance(value, Mapping):
            lines.append(f"{key} = {_value(value)}")
    lines.append("parameters = [")
    lines += [f'    "{name}",' for name in parameters]
    lines.append("]")
    lines.append("members = [")
    lines += ["    [" + ", ".join(repr(float(v)) for v in row) + "]," for row in values]
    lines.append("]")
    for key, value in meta.items():
        if isinstance(value, Mapping):
            lines += ["", f"[{key}]"] + [f"{k} = {_value(v)}" for k, v in value.items()]
    return "\n".join(lines) + "\n"


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


def staleness(ensemble: Ensemble) -> list[str]:
    """What changed since the ensemble was made (empty when it still matches the model).

    Compares the file's record with the shipped targets and calibration files and with the
    model's fingerprint now (one baseline run, well under a second once compiled).
    """
    changed = []
    meta = ensemble.meta
    if meta.get("targets_sha256") != sha256_file(data.targets_file()):
        changed.append("experiments/targets.toml changed")
    if meta.get("calibration_sha256") != sha256_file(data.calibration_file()):
        changed.append("experiments/calibration.toml changed")
    if set(ensemble.parameters) - set(_parameter_keys()):
        changed.append("the calibrated parameters changed")
    elif meta.get("fingerprint") != fingerprint(ensemble.member(0)):
        changed.append("the model's outcomes at the first member changed")
    return changed


def _parameter_keys() -> list[str]:
    from sim.scenario import parameter_fields

    return list(parameter_fields())


def stale_message(ensemble: Ensemble, changed: Sequence[str]) -> str:
    """One line saying the ensemble no longer matches the model, why, and what to run."""
    return (
        f"{ensemble.file or 'the ensemble'} no longer matches the model ({'; '.join(changed)}); "
        f"regenerate it with `{REGENERATE}` (history matching, about 15 minutes on two cores) "
        "and commit experiments/ensemble.toml"
    )

"""History-matching settings: the ``[history_matching]`` table of the calibration file.

Everything that decides which ensemble a calibration produces is in the file, so that one
command (``mentorsim calibrate``) regenerates the shipped ensemble exactly: the number of
waves and runs per wave, the implausibility cutoff, the model discrepancy, the ensemble's
size, the acceptance seeds and the sampling seed. Each key has a default (the values the
shipped ensemble was made with) and an allowed range; a bad value is refused with the file,
the key, the value and what is allowed.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from sim.errors import InputError
from sim.suggest import did_you_mean

TABLE = "history_matching"


class SettingsError(InputError):
    """A ``[history_matching]`` table that fails validation."""


@dataclass(frozen=True)
class HistoryMatching:
    """How the calibration searches and what it accepts.

    Attributes:
        waves: Waves of emulator-guided runs before the acceptance runs.
        points: Points per wave (one replicate seed each, every run a fresh seed).
        repeated: Points of each wave that also run on a second fresh seed: their pairs
            measure one run's replicate variance per target, and the emulators' white-noise
            level is fixed to it (0 fits it by maximum likelihood instead).
        cutoff: Largest implausibility (over targets) of a point kept for the next wave;
            3 is Pukelsheim's three-sigma rule (Vernon et al. 2010).
        nth_largest: Which of a point's implausibilities (largest first) the waves hold to
            ``cutoff``: 1 asks every target's emulator to keep the point; 2 lets one
            emulator's misjudgement pass (the second-largest, Vernon et al. 2010, for
            early waves of many outputs). Candidate members are always held on every target.
        discrepancy: Model discrepancy's standard deviation, as a share of each target's
            band half-width (an assumption: 0 trusts the model's structure fully; 0.5 says
            the model may miss a target by a quarter of its band for structural reasons).
        acceptance_cutoff: Largest implausibility of a candidate member (stricter than
            ``cutoff``: at 2 a candidate's emulated value is at most a band's half-width from
            its centre, by the target's own uncertainty alone), so that few candidates are
            run on the acceptance seeds only to fail.
        members: Members the ensemble keeps (the first accepted, in candidate order).
        acceptance_seeds: Replicate seeds every candidate member runs on; a member is
            accepted when the mean over these seeds is consistent with every target's band.
        acceptance_tolerance: How far (in standard errors of the mean over the acceptance
            seeds, or posterior standard deviations with ``emulated_acceptance``) a
            candidate's mean may lie outside a band and still be accepted; the standard
            error is the replicate noise measured on the waves' repeated runs. 0 asks the
            mean to lie inside the band; 2 rejects a candidate only when its own runs
            exclude the band at about the 2.5% level, target by target.
        emulated_acceptance: 1 judges a candidate on the posterior of its expected value
            given the last wave's emulator (a prior pooling hundreds of runs) and its own
            runs, which binds the noisy targets that a few seeds cannot; 0 on its runs alone.
        candidates: Most candidates run on the acceptance seeds, in batches of ``members``.
        anchor_share: Share of the sampler's Metropolis chains that start at the point
            calibration (the schema's defaults, ``calibrate --point``: a point known to meet
            nearly every target) when the emulators do not rule it out. In 27 dimensions
            the emulators of a few hundred runs are rough, and chains started there find
            the part of the region where members are; they then wander through the region,
            and every member is still accepted on its own runs. 0 starts every chain at
            a point the proposal found by itself.
        seed: Base seed of the designs, the proposals and the acceptance seeds.
    """

    waves: int = 3
    points: int = 200
    repeated: int = 20
    cutoff: float = 3.0
    nth_largest: int = 1
    acceptance_cutoff: float = 2.0
    discrepancy: float = 0.1
    members: int = 100
    acceptance_seeds: int = 3
    acceptance_tolerance: float = 2.0
    emulated_acceptance: int = 0
    candidates: int = 400
    anchor_share: float = 0.5
    seed: int = 2

    def to_dict(self) -> dict[str, Any]:
        """The settings as a plain dict (for records and the ensemble file)."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


#: Allowed range of each setting, inclusive.
RANGES: dict[str, tuple[float, float]] = {
    "waves": (1, 20),
    "points": (10, 100_000),
    "repeated": (0, 100_000),
    "cutoff": (0.5, 10.0),
    "nth_largest": (1, 3),
    "acceptance_cutoff": (0.5, 10.0),
    "discrepancy": (0.0, 5.0),
    "members": (1, 10_000),
    "acceptance_seeds": (1, 100),
    "acceptance_tolerance": (0.0, 10.0),
    "emulated_acceptance": (0, 1),
    "candidates": (1, 1_000_000),
    "anchor_share": (0.0, 1.0),
    "seed": (0, 2**63 - 1),
}


def load_settings(table: Any, path: Path | str) -> HistoryMatching:
    """Validate a ``[history_matching]`` table (missing keys take their defaults).

    Args:
        table: The parsed table (None when the file has none).
        path: The file, for messages.

    Raises:
        SettingsError: for a table that is not a table, an unknown key, or a value of the
            wrong type or outside its range.
    """
    if table is None:
        return HistoryMatching()
    where = f"{path}: [{TABLE}]"
    if not isinstance(table, dict):
        raise SettingsError(f"{where} must be a table with keys {', '.join(RANGES)}")
    defaults = HistoryMatching()
    values: dict[str, Any] = {}
    for key, value in table.items():
        if key not in RANGES:
            raise SettingsError(f"{where}: unknown key {key!r}{did_you_mean(key, RANGES)}")
        lo, hi = RANGES[key]
        integer = isinstance(getattr(defaults, key), int)
        kind = "a whole number" if integer else "a number"
        ok_type = isinstance(value, int) if integer else isinstance(value, int | float)
        if isinstance(value, bool) or not ok_type or not lo <= value <= hi:
            raise SettingsError(
                f"{where}: {key} = {value!r} is not allowed; expected {kind} from {lo} to {hi}"
            )
        values[key] = int(value) if integer else float(value)
    return HistoryMatching(**values)

"""A sweep that carries the calibrated ensemble (``mentorsim sweep --ensemble [N]``).

Sampling every assumption from its plausible range independently moves the baseline off its
targets at most points: the calibrated parameters are only jointly plausible. With an
ensemble, point p takes the calibrated parameters' values from member p mod N, and every
other varied assumption from its sampled value, so the baseline stays on target at every
point while the uncalibrated assumptions still carry their uncertainty. Every design at a
point runs the same member on the same seeds (common random numbers hold).

A calibrated parameter a design sets, that ``[set]`` fixes, or that the experiment varies as
a lever is left as the experiment says (a design's own settings are its levers); every other
calibrated parameter becomes a varied uncertainty whose values are the members', so the
robustness analysis ranks it among the drivers like any other assumption.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from sim.experiment.ensemble import Ensemble
from sim.experiment.sweep.rules import ExperimentError
from sim.experiment.sweep.space import Varied
from sim.experiment.sweep.spec import Experiment

#: Samplers whose points may take the members' values (the sensitivity designs and grids
#: rely on their own arrangement of points).
SAMPLERS = ("lhs", "sobol")
#: ``Varied.origin`` of a parameter whose values come from the ensemble.
ORIGIN = "ensemble"


def with_ensemble(experiment: Experiment, ensemble: Ensemble) -> Experiment:
    """The experiment whose points take the calibrated parameters from the members.

    Raises:
        ExperimentError: for a sampler other than lhs or sobol.
    """
    method = experiment.sampler.method
    if method not in SAMPLERS:
        raise ExperimentError(
            f"{experiment.source}: sampler.method = {method!r} cannot carry --ensemble; "
            f"expected one of {', '.join(SAMPLERS)} (the members replace sampled values)"
        )
    held = (
        set(experiment.fixed)
        | {k for d in experiment.designs for k in d.sets}
        | {v.key for v in experiment.levers}
    )
    values = ensemble.values
    varied = list(experiment.varied)
    position = {v.key: i for i, v in enumerate(varied)}
    for j, key in enumerate(ensemble.parameters):
        if key in held:
            continue
        carried = Varied(
            key,
            "uncertainty",
            "range",
            lo=float(values[:, j].min()),
            hi=float(values[:, j].max()),
            origin=ORIGIN,
        )
        if key in position:
            varied[position[key]] = carried
        else:
            varied.append(carried)
    return dataclasses.replace(experiment, varied=tuple(varied), ensemble=ensemble)


def member_of_point(point: int, members: int) -> int:
    """The member point p runs: p mod n (each member at every n-th point)."""
    return point % members


def apply_members(experiment: Experiment, rows: list[tuple], unit: np.ndarray) -> None:
    """Replace the carried parameters' sampled values by their members' (in place).

    Args:
        experiment: An experiment from :func:`with_ensemble`.
        rows: One tuple of values per point, in ``experiment.varied`` order.
        unit: float64 (points, varied) the unit sample; the carried columns are set to the
            members' values on the parameter's range, so they describe the points run.
    """
    ensemble = experiment.ensemble
    if ensemble is None:
        return
    column = {k: j for j, k in enumerate(ensemble.parameters)}
    carried = [(i, v, column[v.key]) for i, v in enumerate(experiment.varied) if v.origin == ORIGIN]
    for p in range(len(rows)):
        member = ensemble.values[member_of_point(p, len(ensemble))]
        row = list(rows[p])
        for i, v, j in carried:
            row[i] = float(member[j])
            span = (v.hi or 0.0) - (v.lo or 0.0)
            unit[p, i] = (member[j] - (v.lo or 0.0)) / span if span > 0 else 0.5
        rows[p] = tuple(row)

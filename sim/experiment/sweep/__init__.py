"""Researchers' sweeps: declared experiments, samplers, streamed and resumable runs.

- :mod:`~sim.experiment.sweep.spec`: the experiment file, validated (:func:`load_experiment`);
- :mod:`~sim.experiment.sweep.rules`: what its varied parameters and sampler must satisfy;
- :mod:`~sim.experiment.sweep.space`: varied parameters and their ranges, lists, distributions;
- :mod:`~sim.experiment.sweep.samplers`: grid, Latin hypercube, Sobol', Saltelli, Morris;
- :mod:`~sim.experiment.sweep.runner`: every design x point x replicate (:func:`run_sweep`);
- :mod:`~sim.experiment.sweep.store`: parts on disk, compaction, resume checks;
- :mod:`~sim.experiment.sweep.design`: one design of an experiment;
- :mod:`~sim.experiment.sweep.policies`: levers crossed into policies on shared scenarios;
- :mod:`~sim.experiment.sweep.search_spec`: the ``[search]`` table of a design search;
- :mod:`~sim.experiment.sweep.plan`: runs, time, memory and disk before a sweep runs.
"""

from sim.experiment.sweep.rules import METHODS, SENSITIVITY_METHODS, ExperimentError
from sim.experiment.sweep.runner import SweepResult, run_sweep
from sim.experiment.sweep.samplers import draw_points
from sim.experiment.sweep.spec import Experiment, load_experiment

__all__ = [
    "METHODS",
    "SENSITIVITY_METHODS",
    "Experiment",
    "ExperimentError",
    "SweepResult",
    "draw_points",
    "load_experiment",
    "run_sweep",
]

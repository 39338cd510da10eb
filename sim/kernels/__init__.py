"""The numba core: the yearly arithmetic over everyone, one kernel per concern.

Kernels take NumPy arrays only (their scalar parameters as ``KernelParams.packed()``, one row
of a structured array read with ``record_of``), write into output arrays, and return nothing.
No Mesa object and no random generator enters a kernel: the model draws keyed random numbers
first and passes them in, so a kernel run jitted and the same kernel run interpreted
(``.py_func`` or ``NUMBA_DISABLE_JIT=1``) give the same numbers. Every behavioural number is a
scenario parameter carried by ``KernelParams``.

- :mod:`~sim.kernels.relationships`: compatibility, mentors' time, quality, what a
  relationship gives;
- :mod:`~sim.kernels.development`: skills, path fit, academic output and promotion,
  leadership readiness;
- :mod:`~sim.kernels.wellbeing`: burnout, satisfaction, emotional intelligence, values,
  mentors' satisfaction;
- :mod:`~sim.kernels.exits`: attrition and retirement.
"""

from sim.kernels.common import add_at
from sim.kernels.development import (
    add_academic_output,
    develop_skills,
    leadership_readiness,
    path_fit,
    promotion_probability,
    track_composite,
)
from sim.kernels.exits import exit_probability
from sim.kernels.params import KernelParams, kernel_params
from sim.kernels.relationships import (
    aggregate_mentoring,
    compatibility_of,
    compatibility_with_norms,
    demographic_match,
    failure_sides,
    mentee_factor,
    mentor_factor,
    mentor_time_share,
    pair_compatibility,
    places_within,
    update_relationship_quality,
    values_norm2,
    whole_mentees,
)
from sim.kernels.wellbeing import align_values, mentor_wellbeing, psychosocial


def all_kernels() -> dict:
    """Return every array kernel by name (for the jitted-vs-interpreted test and the benchmark)."""
    return {
        "pair_compatibility": pair_compatibility,
        "mentor_time_share": mentor_time_share,
        "update_relationship_quality": update_relationship_quality,
        "aggregate_mentoring": aggregate_mentoring,
        "develop_skills": develop_skills,
        "psychosocial": psychosocial,
        "mentor_wellbeing": mentor_wellbeing,
        "align_values": align_values,
        "track_composite": track_composite,
        "path_fit": path_fit,
        "add_academic_output": add_academic_output,
        "promotion_probability": promotion_probability,
        "exit_probability": exit_probability,
        "leadership_readiness": leadership_readiness,
    }


__all__ = [
    "KernelParams",
    "add_academic_output",
    "add_at",
    "aggregate_mentoring",
    "align_values",
    "all_kernels",
    "compatibility_of",
    "compatibility_with_norms",
    "demographic_match",
    "develop_skills",
    "exit_probability",
    "failure_sides",
    "kernel_params",
    "leadership_readiness",
    "mentee_factor",
    "mentor_factor",
    "mentor_time_share",
    "pair_compatibility",
    "path_fit",
    "places_within",
    "promotion_probability",
    "psychosocial",
    "track_composite",
    "update_relationship_quality",
    "values_norm2",
    "whole_mentees",
]

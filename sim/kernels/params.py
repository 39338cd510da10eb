"""The scalar parameters the kernels read: one named tuple, filled from the scenario.

Kernels take these parameters as one argument rather than loose scalars, so what a kernel
depends on is read off its body (``kp.name``) and a new parameter is added in one place: a field
here, named as the scenario parameter it carries, is filled by :func:`kernel_params` from
whichever scenario group holds that name. Kernels receive them packed
(:meth:`KernelParams.packed`, one row of a structured array), which numba takes in a
microsecond rather than the 16 µs a ~90-field tuple costs on every call.
"""

from __future__ import annotations

import dataclasses
import functools
from typing import NamedTuple

import numpy as np
from numba.extending import overload

from sim.scenario import GROUPS, Scenario


class KernelParams(NamedTuple):
    """Every scalar parameter the kernels read (each named as its scenario parameter)."""

    # relationships: compatibility, quality, what a relationship gives
    deep_similarity_weight: float
    value_weight: float
    style_gap_scale: float
    gender_match_weight: float
    quality_scale: float
    skill_floor: float
    receptiveness_floor: float
    time_exponent: float
    quality_noise_sd: float
    quality_adjustment: float
    assigned_pair_penalty: float
    failure_threshold: float
    support_per_effect: float
    career_push_scale: float
    associate_sponsorship: float
    reassessment_rate: float
    # mentors' time
    funded_capacity_gain: float
    funded_hours_per_week: float
    protected_hours_per_week: float
    overload_burnout: float
    # wellbeing
    baseline_stress: float
    meaningful_work_effect: float
    fit_reference: float
    burnout_adjustment: float
    burnout_noise_sd: float
    psychosocial_rate: float
    support_burnout_weight: float
    failing_stress: float
    satisfaction_base: float
    satisfaction_fit_weight: float
    satisfaction_alignment_weight: float
    satisfaction_support_weight: float
    satisfaction_burnout_weight: float
    satisfaction_failing_weight: float
    satisfaction_adjustment: float
    emotional_growth: float
    values_clarity: float
    values_pull: float
    mentor_values_pull: float
    burnout_alignment_erosion: float
    mentor_satisfaction_base: float
    mentor_purpose_weight: float
    mentor_overload_weight: float
    mentor_satisfaction_adjustment: float
    # development and promotion
    self_growth_rate: float
    ability_floor: float
    work_ethic_floor: float
    focus_floor: float
    focus_weight: float
    career_function_rate: float
    career_output_effect: float
    minority_tax_time_share: float
    leave_output_loss: float
    service_credit: float
    mentoring_output_drag: float
    output_burnout_drag: float
    path_fit_scale: float
    min_years_assistant: float
    promotion_rate_assistant: float
    min_years_associate: float
    promotion_rate_associate: float
    promotion_bar_assistant: float
    promotion_bar_associate: float
    promotion_bar_width: float
    promotion_hr_women: float
    promotion_hr_urm: float
    sponsorship_credit: float
    # exits
    attrition_rate: float
    early_attrition_ratio: float
    early_attrition_years: float
    promotion_clock_years: float
    passed_over_attrition_ratio: float
    senior_attrition_ratio: float
    trainee_attrition_ratio: float
    leader_attrition_ratio: float
    attrition_ratio_women: float
    attrition_ratio_urm: float
    satisfaction_effect: float
    satisfaction_reference: float
    burnout_effect: float
    burnout_reference: float
    path_fit_effect: float
    path_fit_reference: float
    purpose_retention_effect: float
    retirement_age: float
    retirement_window_years: float
    retirement_hazard: float
    retirement_slope: float
    retirement_certain_age: float
    # leadership
    readiness_leadership_weight: float
    readiness_business_weight: float
    readiness_alignment_weight: float
    readiness_emotional_weight: float
    readiness_seniority_weight: float
    readiness_seniority_years: float

    def packed(self) -> np.ndarray:
        """These parameters as kernels take them: one row of a structured array.

        Kernels read the row with ``kp = record_of(params)``.
        """
        return np.array([tuple(self)], dtype=PARAMS_DTYPE)


#: One float64 field per parameter, in ``KernelParams`` order.
PARAMS_DTYPE = np.dtype([(name, np.float64) for name in KernelParams._fields])


def record_of(params: np.ndarray):
    """The parameters a kernel reads, each field an attribute.

    A kernel's first line is ``kp = record_of(params)``; it then reads ``kp.name`` (``kp``,
    the kernel parameters: ``p`` is the people table everywhere). Kernels receive
    ``KernelParams.packed()``, a one-row structured array: numba checks an array argument's
    type from its dtype in about a microsecond, where a named tuple of ~90 floats took 16 µs
    on every call, a few percent of a small run. The row is unpacked into
    a ``KernelParams`` named tuple once per call, jitted (see ``_record_of_jitted``) and
    interpreted (a kernel's ``.py_func``) alike.

    Args:
        params: The packed parameters (one row).

    Returns:
        The parameters, each field an attribute.
    """
    return KernelParams._make(params[0].tolist())


def _unpack_source() -> str:
    fields = ", ".join(f"row.{name}" for name in KernelParams._fields)
    return f"def unpack(params):\n    row = params[0]\n    return KernelParams({fields})\n"


@overload(record_of)
def _record_of_jitted(params):
    # Jitted, the row's fields are copied into a named tuple once per kernel call: values the
    # compiler keeps in registers. Reading the record's fields in a loop instead loads them
    # from memory on every iteration (a kernel writing an output array might have changed
    # them, as far as the compiler knows): develop_skills took 1.5 times as long.
    namespace = {"KernelParams": KernelParams}
    exec(_unpack_source(), namespace)  # generated from the field names above
    return namespace["unpack"]


def kernel_params(s: Scenario, *, program_running: bool | None = None) -> KernelParams:
    """Collect the scalar parameters the kernels read from a scenario.

    Args:
        s: The scenario.
        program_running: Whether the formal program is running (it protects mentors' time
            only then); by default, whether the scenario has a formal program at all.

    Returns:
        The parameters, each taken from the scenario group that defines its name.
    """
    running = s.program.formal if program_running is None else program_running
    values = {}
    for name in KernelParams._fields:
        values[name] = float(_scenario_value(s, name))
    if not running:
        values["protected_hours_per_week"] = 0.0
    return KernelParams(**values)


def _scenario_value(s: Scenario, name: str):
    return getattr(getattr(s, _owner_group(name)), name)


@functools.cache
def _owner_group(name: str) -> str:
    """The scenario group defining parameter ``name``.

    Cached because the model rebuilds its parameters every year, and scanning every group's
    dataclass fields for each of the ~90 names was a third of a small run's time; the groups
    are fixed classes, so the answer never changes.
    """
    owners = [
        group for group, cls in GROUPS.items() if name in {f.name for f in dataclasses.fields(cls)}
    ]
    if len(owners) != 1:
        raise LookupError(
            f"kernel parameter {name!r} must be defined by exactly one scenario "
            f"group, found {owners}"
        )
    return owners[0]

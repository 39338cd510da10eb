"""The exit kernel: who leaves academic medicine and who retires this year.

Attrition is a proportional hazard: a calibrated base, higher in the first years on the
faculty (Bucklin 2014), higher again for assistant professors past their probationary period
without promotion, lower for senior ranks, modified by satisfaction, burnout and path
fit (whose support from mentoring acts through them), a mentor's sense of purpose, and hazard
ratios for women and URM faculty (Scheuermann 2024). Retirement rises steeply with age.
Shapes: ``n`` people rows.
"""

from __future__ import annotations

import math

from numba import njit

from sim.kernels.params import record_of
from sim.state import ASSISTANT, ASSOCIATE, LEADER, TRAINEE

# Mentoring satisfaction at which a mentor's sense of purpose neither adds nor takes away.
_PURPOSE_REFERENCE = 0.5  # structural: the middle of the [0, 1] scale


@njit(cache=True)
def exit_probability(
    stage,
    faculty_year,
    clock_extension,
    year,
    birth_year,
    woman,
    urm,
    satisfaction,
    burnout,
    path_fit,
    mentor_satisfaction,
    is_mentor,
    hazard_ratio,
    active,
    params,
    out_attrition,
    out_retirement,
):
    """Chances of leaving academic medicine and of retiring this year.

    Args:
        stage: int8 (n,).
        faculty_year: int32 (n,), year joined the faculty (-1 for trainees).
        clock_extension: int32 (n,), years added to each person's promotion clock.
        year: the current year.
        birth_year: float64 (n,).
        woman: bool (n,).
        urm: bool (n,).
        satisfaction: float64 (n,).
        burnout: float64 (n,).
        path_fit: float64 (n,).
        mentor_satisfaction: float64 (n,).
        is_mentor: bool (n,), holds at least one mentee.
        hazard_ratio: float64 (n,), a program's further attrition hazard ratio per person
            (recognition of mentoring; 1 for everyone else).
        active: bool (n,).
        params: KernelParams, packed (``KernelParams.packed``).
        out_attrition: float64 (n,), written.
        out_retirement: float64 (n,), written.
    """
    kp = record_of(params)
    for i in range(stage.shape[0]):
        out_attrition[i] = 0.0
        out_retirement[i] = 0.0
        if not active[i]:
            continue
        mult = 1.0
        if stage[i] == TRAINEE:
            mult = kp.trainee_attrition_ratio
        elif year - faculty_year[i] < kp.early_attrition_years:
            mult = kp.early_attrition_ratio
        elif (
            stage[i] == ASSISTANT
            and year - faculty_year[i] >= kp.promotion_clock_years + clock_extension[i]
        ):
            # Past the probationary period without promotion: up or out.
            mult = kp.passed_over_attrition_ratio
        if stage[i] >= ASSOCIATE:
            mult *= kp.senior_attrition_ratio
        if stage[i] == LEADER:
            mult *= kp.leader_attrition_ratio
        if woman[i]:
            mult *= kp.attrition_ratio_women
        if urm[i]:
            mult *= kp.attrition_ratio_urm
        log_hazard = (
            kp.satisfaction_effect * (kp.satisfaction_reference - satisfaction[i])
            + kp.burnout_effect * (burnout[i] - kp.burnout_reference)
            + kp.path_fit_effect * (kp.path_fit_reference - path_fit[i])
        )
        if is_mentor[i]:
            log_hazard -= kp.purpose_retention_effect * (
                mentor_satisfaction[i] - _PURPOSE_REFERENCE
            )
        out_attrition[i] = 1.0 - math.exp(
            -kp.attrition_rate * mult * hazard_ratio[i] * math.exp(log_hazard)
        )
        age = year - birth_year[i]
        if age >= kp.retirement_certain_age:
            out_retirement[i] = 1.0
        elif age >= kp.retirement_age - kp.retirement_window_years:
            hr = kp.retirement_hazard * math.exp(kp.retirement_slope * (age - kp.retirement_age))
            out_retirement[i] = 1.0 - math.exp(-hr)

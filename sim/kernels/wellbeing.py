"""Kernels of wellbeing: burnout, satisfaction, emotional intelligence, values, mentors' purpose.

Burnout drifts toward a stress level that is higher when work fits the person poorly
(Shanafelt 2009: 53.8% vs 29.9% burnout with little meaningful work); good mentoring lowers
it; failing relationships that nobody ends raise it. Coaching relieves it for a while
(Dyrbye 2019; West 2016 and Panagioti 2017 for individual-directed interventions): the
relief is a share of burnout that fades after the course, a state beside burnout rather than
a subtraction its dynamics would integrate, so a course's effect decays instead of
compounding. Mentors find satisfaction ("a renewed sense of purpose") in good relationships
and burn out when overloaded. Shapes: ``n`` people rows, ``T`` traits.
"""

from __future__ import annotations

from numba import njit

from sim.kernels.common import clip01
from sim.kernels.params import record_of
from sim.state import EMOTIONAL_INTELLIGENCE, RECEPTIVENESS

# Capacity below which a mentor's overload is measured against this floor instead, so that a
# mentor with a near-zero capacity does not divide by (almost) nothing.
_CAPACITY_FLOOR = 0.5  # structural: numerical guard, a fraction of one mentee


@njit(cache=True)
def psychosocial(
    satisfaction,
    burnout,
    traits,
    support,
    failing,
    path_fit,
    alignment,
    coaching_relief,
    coaching_relief_before,
    extra_stress,
    noise,
    active,
    params,
    out_satisfaction,
    out_burnout,
):
    """Advance satisfaction, burnout and emotional intelligence for one year.

    Args:
        satisfaction: float64 (n,), current.
        burnout: float64 (n,), current.
        traits: float64 (n, T); the emotional-intelligence column is updated in place.
        support: float64 (n,), psychosocial support.
        failing: int32 (n,), failing relationships held.
        path_fit: float64 (n,).
        alignment: float64 (n,).
        coaching_relief: float64 (n,), share of burnout relieved by coaching this year (0
            without, below 1).
        coaching_relief_before: float64 (n,), the same share last year: the burnout held is
            what last year's relief left of the underlying level.
        extra_stress: float64 (n,), burnout added this year (mentoring overload, the
            minority tax, early-career strain).
        noise: float64 (n,), standard normal draws for this year.
        active: bool (n,).
        params: KernelParams, packed (``KernelParams.packed``).
        out_satisfaction: float64 (n,), written.
        out_burnout: float64 (n,), written.
    """
    kp = record_of(params)
    for i in range(satisfaction.shape[0]):
        if not active[i]:
            out_satisfaction[i] = satisfaction[i]
            out_burnout[i] = burnout[i]
            continue
        stress = kp.baseline_stress * (
            1.0 - kp.meaningful_work_effect * (path_fit[i] - kp.fit_reference)
        )
        # The underlying level moves with stress and support; coaching scales what is felt
        # this year, so last year's relief is divided out before the year's dynamics.
        underlying = clip01(burnout[i] / (1.0 - coaching_relief_before[i]))
        underlying = clip01(
            underlying
            + kp.burnout_adjustment * (stress - underlying)
            - kp.psychosocial_rate * kp.support_burnout_weight * support[i]
            + kp.failing_stress * failing[i]
            + extra_stress[i]
            + kp.burnout_noise_sd * noise[i]
        )
        b = underlying * (1.0 - coaching_relief[i])
        target = (
            kp.satisfaction_base
            + kp.satisfaction_fit_weight * path_fit[i]
            + kp.satisfaction_alignment_weight * alignment[i]
            + kp.satisfaction_support_weight * kp.psychosocial_rate * support[i]
            - kp.satisfaction_burnout_weight * b
            - kp.satisfaction_failing_weight * failing[i]
        )
        out_satisfaction[i] = clip01(
            satisfaction[i] + kp.satisfaction_adjustment * (target - satisfaction[i])
        )
        out_burnout[i] = b
        ei = traits[i, EMOTIONAL_INTELLIGENCE]
        traits[i, EMOTIONAL_INTELLIGENCE] = ei + kp.emotional_growth * support[i] * traits[
            i, RECEPTIVENESS
        ] * (1.0 - ei)


@njit(cache=True)
def mentor_wellbeing(
    load, effective_capacity, mean_quality, is_mentor, params, mentor_satisfaction, out_extra_stress
):
    """Mentor satisfaction ("a renewed sense of purpose") and burnout from overload.

    Args:
        load: int32 (n,), active mentees.
        effective_capacity: float64 (n,), from mentor_time_share.
        mean_quality: float64 (n,), mean quality of each mentor's relationships.
        is_mentor: bool (n,), holds at least one mentee.
        params: KernelParams, packed (``KernelParams.packed``).
        mentor_satisfaction: float64 (n,), updated in place.
        out_extra_stress: float64 (n,), burnout added this year, written.
    """
    kp = record_of(params)
    # Protected time relieves the stress of overload: halved at the funded hours.
    relief = 1.0 / (1.0 + kp.protected_hours_per_week / kp.funded_hours_per_week)
    for i in range(load.shape[0]):
        out_extra_stress[i] = 0.0
        if not is_mentor[i]:
            continue
        cap = max(effective_capacity[i], _CAPACITY_FLOOR)
        over = max(0.0, load[i] - cap)
        purpose = mean_quality[i] * min(1.0, load[i] / cap)
        target = (
            kp.mentor_satisfaction_base
            + kp.mentor_purpose_weight * purpose
            - kp.mentor_overload_weight * over / cap
        )
        mentor_satisfaction[i] = clip01(
            mentor_satisfaction[i]
            + kp.mentor_satisfaction_adjustment * (target - mentor_satisfaction[i])
        )
        out_extra_stress[i] = kp.overload_burnout * over * relief


@njit(cache=True)
def align_values(alignment, pull, burnout, active, params, out):
    """Move values alignment toward the institution's stated values and the mentors'.

    Clear institutional values raise alignment for everyone; mentors pass theirs on
    (the essay's "dissemination of organizational values"); burnout erodes it.

    Args:
        alignment: float64 (n,), current.
        pull: float64 (n,), mean pull toward mentors' alignment.
        burnout: float64 (n,).
        active: bool (n,).
        params: KernelParams, packed (``KernelParams.packed``).
        out: float64 (n,), written.
    """
    kp = record_of(params)
    for i in range(alignment.shape[0]):
        a = alignment[i]
        if active[i]:
            a += (
                kp.values_pull * kp.values_clarity * (1.0 - a)
                + kp.mentor_values_pull * pull[i]
                - kp.burnout_alignment_erosion * burnout[i] * a
            )
        out[i] = clip01(a)

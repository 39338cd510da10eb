"""Kernels of mentoring relationships: compatibility, mentors' time, quality, what they give.

Relationship quality tracks deep-level compatibility (Eby 2013), mentor skill (Pfund 2014),
mentee receptiveness and the time a mentor can give (DeCastro 2014: time spent matters more
than the number of mentors); assigned pairs commit less than pairs that chose each other
(Ragins & Cotton 1999). A relationship gives psychosocial support, a career push toward the
mentor's expertise and career support (sponsorship, exposure, protection; Kram 1985).
Shapes: ``n`` people rows, ``r`` relationship rows, ``D`` skill domains, ``T`` traits, ``V``
value dimensions, ``c`` candidate pairs.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from sim.kernels.common import clip01
from sim.kernels.params import record_of
from sim.state import (
    EMOTIONAL_INTELLIGENCE,
    FULL,
    INFORMAL,
    MENTEE_SIDE,
    MENTOR_SIDE,
    PROACTIVENESS,
    TEAMWORK,
)

# Added before flooring a capacity, to round it to the nearest whole mentee.
_HALF_MENTEE = 0.5  # structural: rounding to the nearest integer


@njit(cache=True)
def compatibility_of(i, j, values, traits, woman, urm, params):
    """Compatibility of mentee row ``i`` with mentor row ``j``, in [0, 1].

    Deep-level similarity (shared values and interests, weight ``kp.value_weight``; working
    style, the rest) weighs ``kp.deep_similarity_weight``; demographic match (gender, weight
    ``kp.gender_match_weight``; URM status, the rest) the rest. Eby 2013 finds deep similarity
    matters and demographic match does not.

    Args:
        i: The mentee's row.
        j: The mentor's row.
        values: float64 (n, V), values and interests.
        traits: float64 (n, T), traits in [0, 1].
        woman: bool (n,).
        urm: bool (n,).
        params: KernelParams, packed (``KernelParams.packed``).

    Returns:
        The pair's compatibility.
    """
    return compatibility_with_norms(
        i,
        j,
        values_norm2(values, i),
        values_norm2(values, j),
        values,
        traits,
        woman,
        urm,
        record_of(params),
    )


@njit(cache=True, inline="always")
def values_norm2(values, i):
    """Squared length of row ``i``'s values vector (summed in column order)."""
    total = 0.0
    for k in range(values.shape[1]):
        total += values[i, k] * values[i, k]
    return total


@njit(cache=True, inline="always")
def compatibility_with_norms(i, j, ni, nj, values, traits, woman, urm, kp):
    """``compatibility_of(i, j, ...)`` given both rows' ``values_norm2``.

    A search that scores one mentee against many mentors computes each squared length once
    rather than once per pair; the sums are the same, so the result is the same to the bit.
    ``kp`` is ``record_of(params)``, unpacked once by the caller.
    """
    dot = 0.0
    for k in range(values.shape[1]):
        dot += values[i, k] * values[j, k]
    cosine = dot / math.sqrt(ni * nj) if ni > 0.0 and nj > 0.0 else 0.0
    value_sim = (1.0 + cosine) / 2.0
    gaps = (
        abs(traits[i, TEAMWORK] - traits[j, TEAMWORK])
        + abs(traits[i, EMOTIONAL_INTELLIGENCE] - traits[j, EMOTIONAL_INTELLIGENCE])
        + abs(traits[i, PROACTIVENESS] - traits[j, PROACTIVENESS])
    )
    style_gap = gaps / 3.0  # structural: the mean of the three gaps
    style_sim = clip01(1.0 - kp.style_gap_scale * style_gap)
    deep = kp.value_weight * value_sim + (1.0 - kp.value_weight) * style_sim
    return kp.deep_similarity_weight * deep + (1.0 - kp.deep_similarity_weight) * demographic_match(
        woman[i] == woman[j], urm[i] == urm[j], kp
    )


@njit(cache=True, inline="always")
def demographic_match(same_gender, same_urm, kp):
    """Demographic similarity of a pair: gender weighs ``kp.gender_match_weight``, URM the rest.

    ``kp`` is ``record_of(params)``.
    """
    return kp.gender_match_weight * same_gender + (1.0 - kp.gender_match_weight) * same_urm


@njit(cache=True)
def pair_compatibility(mentees, mentors, values, traits, woman, urm, params, out):
    """Compatibility of candidate mentor-mentee pairs (``compatibility_of`` for each).

    Args:
        mentees: int64 (c,), mentee row of each candidate pair.
        mentors: int64 (c,), mentor row of each candidate pair.
        values: float64 (n, V), values and interests.
        traits: float64 (n, T), traits in [0, 1].
        woman: bool (n,).
        urm: bool (n,).
        params: KernelParams, packed (``KernelParams.packed``).
        out: float64 (c,), compatibility in [0, 1], written.
    """
    for c in range(mentees.shape[0]):
        out[c] = compatibility_of(mentees[c], mentors[c], values, traits, woman, urm, params)


@njit(cache=True)
def whole_mentees(capacity):
    """A capacity in whole mentees: the nearest whole number (halves round up).

    A mentor's capacity is a count of mentees (Luckhaupt 2005 counts them), so the drawn,
    fractional capacity is rounded once, here, and every rule reads the result: the fill rule
    (``places_within``), the time each mentee gets and the stress of overload
    (``mentor_time_share``, ``mentor_wellbeing``) and the overload measure
    (``mentor_overload_share``). Filled to these places a mentor is never over capacity; a
    fill rule that rounded up while overload counted the fractional capacity put every mentor
    filled to the brim over it.
    """
    return math.floor(capacity + _HALF_MENTEE)


def places_within(capacity: np.ndarray) -> np.ndarray:
    """float64 (n,): each capacity in whole mentees (``whole_mentees`` over an array)."""
    return np.floor(capacity + _HALF_MENTEE)


@njit(cache=True)
def mentor_time_share(load, capacity, params, out_capacity, out_share):
    """Effective capacity of each mentor and the share of full time each mentee gets.

    Protected time raises capacity (funded mentors hold 8.3 vs 5.1 mentees, Luckhaupt 2005),
    fully at ``kp.funded_hours_per_week``; the effective capacity is counted in whole mentees
    (``whole_mentees``). Past capacity, time per mentee falls in proportion.

    Args:
        load: int32 (n,), active mentees per person.
        capacity: float64 (n,), mentees at full quality without protected time.
        params: KernelParams, packed (``KernelParams.packed``).
        out_capacity: float64 (n,), effective capacity in whole mentees, written.
        out_share: float64 (n,), time share per mentee in [0, 1], written (0 only for a
            mentor with no room at all who was given mentees past the capacity rule).
    """
    kp = record_of(params)
    boost = 1.0 + kp.funded_capacity_gain * min(
        1.0, kp.protected_hours_per_week / kp.funded_hours_per_week
    )
    for i in range(load.shape[0]):
        cap = whole_mentees(capacity[i] * boost)
        out_capacity[i] = cap
        out_share[i] = 1.0 if load[i] <= cap else cap / load[i]


@njit(cache=True)
def mentor_factor(skill, time_share, params):
    """What the mentor brings to a relationship's quality, in (0, 1]: skill and time."""
    kp = record_of(params)
    return (kp.skill_floor + (1.0 - kp.skill_floor) * skill) * time_share**kp.time_exponent


@njit(cache=True)
def mentee_factor(receptiveness, params):
    """What the mentee brings to a relationship's quality, in (0, 1]: receptiveness."""
    kp = record_of(params)
    return kp.receptiveness_floor + (1.0 - kp.receptiveness_floor) * receptiveness


@njit(cache=True)
def failure_sides(mentors, mentees, mentor_skill, time_share, receptiveness, params, out_side):
    """Which side of each failed relationship fell shorter: the mentor's or the mentee's.

    One loop rather than a call of ``mentor_factor`` and ``mentee_factor`` per relationship
    from Python, whose dispatch cost dominated evaluating designs with many failures.

    Args:
        mentors: int64 (f,), mentor rows of the failed relationships.
        mentees: int64 (f,), their mentee rows.
        mentor_skill: float64 (n,), mentoring skill.
        time_share: float64 (n,), each mentor's time per mentee.
        receptiveness: float64 (n,), receptiveness to critique.
        params: KernelParams, packed (``KernelParams.packed``).
        out_side: int8 (f,), written: ``MENTOR_SIDE`` where what the mentor brought is
            strictly less than what the mentee brought, else ``MENTEE_SIDE``.
    """
    for t in range(mentors.shape[0]):
        j = mentors[t]
        by_mentor = mentor_factor(mentor_skill[j], time_share[j], params)
        by_mentee = mentee_factor(receptiveness[mentees[t]], params)
        out_side[t] = MENTOR_SIDE if by_mentor < by_mentee else MENTEE_SIDE


@njit(cache=True)
def update_relationship_quality(
    rows,
    rel_mentor,
    rel_mentee,
    rel_kind,
    rel_started,
    compat,
    mentor_skill,
    receptiveness,
    time_share,
    noise,
    params,
    quality,
    ever_failing,
):
    """Advance the quality of the active relationships by one year.

    Quality moves ``kp.quality_adjustment`` of the way toward a target set by compatibility,
    what the mentor brings (skill and time) and what the mentee brings (receptiveness), lower
    for an assigned pair; in its first year (initiation, Kram 1983) it starts at the target.

    Args:
        rows: int64 (a,), the active relationship rows, ascending.
        rel_mentor: int64 (r,), mentor rows.
        rel_mentee: int64 (r,), mentee rows.
        rel_kind: int8 (r,), relationship kinds (``INFORMAL`` pairs chose each other).
        rel_started: bool (r,), whether a relationship has had its first year; set here.
        compat: float64 (r,), pair compatibility.
        mentor_skill: float64 (n,).
        receptiveness: float64 (n,), effective receptiveness (after mentee training).
        time_share: float64 (n,), per-mentor time share.
        noise: float64 (a,), standard normal draws for this year, one per row of ``rows``.
        params: KernelParams, packed (``KernelParams.packed``).
        quality: float64 (r,), updated in place.
        ever_failing: bool (r,), set where quality falls below ``kp.failure_threshold``.
    """
    kp = record_of(params)
    for t in range(rows.shape[0]):
        k = rows[t]
        m = rel_mentor[k]
        e = rel_mentee[k]
        commitment = 1.0 if rel_kind[k] == INFORMAL else 1.0 - kp.assigned_pair_penalty
        target = clip01(
            kp.quality_scale
            * compat[k]
            * commitment
            * mentor_factor(mentor_skill[m], time_share[m], params)
            * mentee_factor(receptiveness[e], params)
            + kp.quality_noise_sd * noise[t]
        )
        if not rel_started[k]:
            quality[k] = target
            rel_started[k] = True
        else:
            quality[k] = quality[k] + kp.quality_adjustment * (target - quality[k])
        if quality[k] < kp.failure_threshold:
            ever_failing[k] = True


@njit(cache=True)
def aggregate_mentoring(
    rows,
    rel_mentor,
    rel_mentee,
    quality,
    time_share,
    skills,
    stage,
    alignment,
    params,
    out_support,
    out_career,
    out_sponsor,
    out_failing,
    out_assess,
    out_pull,
):
    """Sum what each mentee receives from all their mentors this year.

    Effects combine as independent chances (1 - product of (1 - effect)), so a second mentor
    adds less than the first on the same domain but fully on a domain the first lacks: breadth
    of expertise is what a committee adds, and time with a good mentor is what counts.

    Args:
        rows: int64 (a,), the active relationship rows, ascending.
        rel_mentor: int64 (r,).
        rel_mentee: int64 (r,).
        quality: float64 (r,).
        time_share: float64 (n,), per-mentor time share.
        skills: float64 (n, D).
        stage: int8 (n,).
        alignment: float64 (n,), values alignment.
        params: KernelParams, packed (``KernelParams.packed``).
        out_support: float64 (n,), psychosocial support in [0, 1], written.
        out_career: float64 (n, D), career push per domain in [0, 1], written.
        out_sponsor: float64 (n,), the best career support (sponsorship, exposure,
            protection) from any mentor, in [0, 1], written.
        out_failing: int32 (n,), failing relationships held, written.
        out_assess: float64 (n,), chance of a realistic path assessment, written.
        out_pull: float64 (n,), mean pull toward mentors' values alignment, written.
    """
    kp = record_of(params)
    n = out_support.shape[0]
    nd = skills.shape[1]
    counts = np.zeros(n)
    # Everyone without a mentor receives nothing; a mentee's products of (1 - effect) start
    # at 1 when their first relationship is met, and only mentees are finished at the end
    # (the tables hold everyone ever hired, mostly people without a mentor).
    out_support[:] = 0.0
    out_sponsor[:] = 0.0
    out_failing[:] = 0
    out_assess[:] = 0.0
    out_pull[:] = 0.0
    out_career[:, :] = 0.0
    for t in range(rows.shape[0]):
        k = rows[t]
        m = rel_mentor[k]
        e = rel_mentee[k]
        if counts[e] == 0.0:
            out_support[e] = 1.0
            out_assess[e] = 1.0
            for d in range(nd):
                out_career[e, d] = 1.0
        effect = quality[k] * time_share[m]
        out_support[e] *= 1.0 - kp.support_per_effect * effect
        for d in range(nd):
            # A domain where the mentor is no stronger multiplies by exactly 1: written without
            # a branch, which the processor could not predict (about half the domains).
            gap = max(0.0, skills[m, d] - skills[e, d])
            out_career[e, d] *= 1.0 - min(1.0, effect * gap * kp.career_push_scale)
        standing = 1.0 if stage[m] >= FULL else kp.associate_sponsorship
        out_sponsor[e] = max(out_sponsor[e], effect * standing)
        if quality[k] < kp.failure_threshold:
            out_failing[e] += 1
        out_assess[e] *= 1.0 - kp.reassessment_rate * effect
        out_pull[e] += effect * (alignment[m] - alignment[e])
        counts[e] += 1.0
    for t in range(rows.shape[0]):
        e = rel_mentee[rows[t]]
        if counts[e] == 0.0:
            continue  # finished already (a mentee with several mentors)
        out_support[e] = 1.0 - out_support[e]
        out_assess[e] = 1.0 - out_assess[e]
        out_pull[e] /= counts[e]
        counts[e] = 0.0
        for d in range(nd):
            out_career[e, d] = 1.0 - out_career[e, d]

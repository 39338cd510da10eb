"""Slow, obviously right references for the numba kernels (``sim.kernels``).

Each function here restates one kernel from its docstring and the science it cites, in plain
Python over lists of rows: no numba, no in-place output arrays, no shared helpers with the
kernels beyond the named column constants of ``sim.state``. They return what the kernel writes,
so ``tests/test_kernels_naive.py`` can compare a jitted kernel, called by keyword, with its
reference on random inputs (hypothesis). A kernel that computes a different formula, reads a
parameter under the wrong name or swaps two of its own arguments then disagrees with the
reference, which comparing a kernel with its own ``.py_func`` cannot show.

``kp`` is always a ``sim.kernels.KernelParams`` (the named tuple, not the packed row).

The sections follow the kernel modules. The development and leadership references are kept
apart at the end, one short function per kernel, so that a change to those kernels' science
is mirrored here in one place.
"""

from __future__ import annotations

import math
from collections import defaultdict

from sim.state import (
    ABILITY,
    ASSISTANT,
    ASSOCIATE,
    BUSINESS_LAW,
    EMOTIONAL_INTELLIGENCE,
    FULL,
    INFORMAL,
    LEADER,
    LEADERSHIP,
    MENTEE_SIDE,
    MENTOR_SIDE,
    PROACTIVENESS,
    RECEPTIVENESS,
    TEAMWORK,
    TRAINEE,
    WORK_ETHIC,
)


def clip01(x: float) -> float:
    """``x`` limited to the unit interval."""
    if x < 0.0:
        return 0.0
    if x > 1.0:
        return 1.0
    return x


def lst(a) -> list:
    """A NumPy array as nested Python lists of Python scalars."""
    return a.tolist()


# ----------------------------------------------------------------------------- common


def add_at(counts, rows, step) -> list:
    """``counts`` after adding ``step`` once per occurrence of each row in ``rows``."""
    result = lst(counts)
    rows = lst(rows)
    for row in set(rows):
        result[row] += step * rows.count(row)
    return result


# ----------------------------------------------------------------------------- wellbeing


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
    kp,
) -> tuple[list, list, list]:
    """(satisfaction, burnout, emotional intelligence) after one year.

    Burnout: the level felt is the underlying level times (1 - this year's coaching relief);
    the underlying level is what last year's felt level was before last year's relief, and it
    moves toward a stress level (higher when the track fits poorly, Shanafelt 2009), down with
    support, up with failing relationships, added strain and noise. Satisfaction moves toward
    a target of fit, alignment and support, less burnout and failing relationships. Emotional
    intelligence grows with support, in proportion to receptiveness, toward 1.
    """
    sat_out, burn_out, ei_out = [], [], []
    for i, is_active in enumerate(lst(active)):
        ei = float(traits[i, EMOTIONAL_INTELLIGENCE])
        if not is_active:
            sat_out.append(float(satisfaction[i]))
            burn_out.append(float(burnout[i]))
            ei_out.append(ei)
            continue
        before = clip01(burnout[i] / (1.0 - coaching_relief_before[i]))
        stress = kp.baseline_stress * (
            1.0 - kp.meaningful_work_effect * (path_fit[i] - kp.fit_reference)
        )
        change = (
            kp.burnout_adjustment * (stress - before)
            - kp.psychosocial_rate * kp.support_burnout_weight * support[i]
            + kp.failing_stress * failing[i]
            + extra_stress[i]
            + kp.burnout_noise_sd * noise[i]
        )
        felt = clip01(before + change) * (1.0 - coaching_relief[i])
        target = (
            kp.satisfaction_base
            + kp.satisfaction_fit_weight * path_fit[i]
            + kp.satisfaction_alignment_weight * alignment[i]
            + kp.satisfaction_support_weight * kp.psychosocial_rate * support[i]
            - kp.satisfaction_burnout_weight * felt
            - kp.satisfaction_failing_weight * failing[i]
        )
        sat_out.append(
            clip01(satisfaction[i] + kp.satisfaction_adjustment * (target - satisfaction[i]))
        )
        burn_out.append(felt)
        growth = kp.emotional_growth * support[i] * traits[i, RECEPTIVENESS]
        ei_out.append(ei + growth * (1.0 - ei))
    return sat_out, burn_out, ei_out


def mentor_wellbeing(
    load, effective_capacity, mean_quality, is_mentor, kp, mentor_satisfaction
) -> tuple[list, list]:
    """(mentor satisfaction, burnout added by overload) after one year.

    A mentor's satisfaction moves toward a target raised by purpose (mean relationship quality
    times how full their capacity is) and lowered by overload (mentees beyond capacity, per
    unit of capacity; capacities below half a mentee count as half a mentee). Overload adds
    burnout, halved when protected time reaches the funded hours. Non-mentors are unchanged
    and get no added burnout.
    """
    relief = kp.funded_hours_per_week / (kp.funded_hours_per_week + kp.protected_hours_per_week)
    sat_out, stress_out = [], []
    for i, mentor in enumerate(lst(is_mentor)):
        if not mentor:
            sat_out.append(float(mentor_satisfaction[i]))
            stress_out.append(0.0)
            continue
        cap = effective_capacity[i] if effective_capacity[i] > 0.5 else 0.5
        over = load[i] - cap if load[i] > cap else 0.0
        fullness = load[i] / cap if load[i] < cap else 1.0
        target = (
            kp.mentor_satisfaction_base
            + kp.mentor_purpose_weight * mean_quality[i] * fullness
            - kp.mentor_overload_weight * over / cap
        )
        now = mentor_satisfaction[i]
        sat_out.append(clip01(now + kp.mentor_satisfaction_adjustment * (target - now)))
        stress_out.append(kp.overload_burnout * over * relief)
    return sat_out, stress_out


def align_values(alignment, pull, burnout, active, kp) -> list:
    """Values alignment after one year, clipped to [0, 1].

    Pulled toward the institution's clear values and the mentors' alignment, eroded by
    burnout; inactive people keep theirs.
    """
    out = []
    for i, is_active in enumerate(lst(active)):
        a = float(alignment[i])
        if is_active:
            toward_institution = kp.values_pull * kp.values_clarity * (1.0 - a)
            toward_mentors = kp.mentor_values_pull * pull[i]
            erosion = kp.burnout_alignment_erosion * burnout[i] * a
            a = a + toward_institution + toward_mentors - erosion
        out.append(clip01(a))
    return out


# ----------------------------------------------------------------------------- relationships


def compatibility(i, j, values, traits, woman, urm, kp) -> float:
    """Compatibility of mentee ``i`` with mentor ``j`` (Eby 2013: deep similarity matters).

    Deep similarity mixes value similarity (the cosine of the values vectors mapped from
    [-1, 1] to [0, 1]; 1/2 when either vector is zero) with working-style similarity (one
    minus a scaled mean gap in teamwork, emotional intelligence and proactiveness); the
    demographic part mixes same gender and same URM status.
    """
    vi, vj = lst(values[i]), lst(values[j])
    dot = sum(a * b for a, b in zip(vi, vj, strict=True))
    norm_i = math.sqrt(sum(a * a for a in vi))
    norm_j = math.sqrt(sum(b * b for b in vj))
    cosine = dot / (norm_i * norm_j) if norm_i > 0 and norm_j > 0 else 0.0
    style_traits = (TEAMWORK, EMOTIONAL_INTELLIGENCE, PROACTIVENESS)
    mean_gap = sum(abs(traits[i, t] - traits[j, t]) for t in style_traits) / len(style_traits)
    deep = kp.value_weight * (cosine + 1.0) / 2.0 + (1.0 - kp.value_weight) * clip01(
        1.0 - kp.style_gap_scale * mean_gap
    )
    demographic = kp.gender_match_weight * float(woman[i] == woman[j]) + (
        1.0 - kp.gender_match_weight
    ) * float(urm[i] == urm[j])
    return kp.deep_similarity_weight * deep + (1.0 - kp.deep_similarity_weight) * demographic


def pair_compatibility(mentees, mentors, values, traits, woman, urm, kp) -> list:
    """Compatibility of each candidate pair."""
    return [
        compatibility(i, j, values, traits, woman, urm, kp)
        for i, j in zip(lst(mentees), lst(mentors), strict=True)
    ]


def whole_mentees(capacity: float) -> int:
    """A capacity rounded to the nearest whole mentee, halves up."""
    whole = math.floor(capacity)
    return whole + 1 if capacity - whole >= 0.5 else whole


def mentor_time_share(load, capacity, kp) -> tuple[list, list]:
    """(effective capacity in whole mentees, time share per mentee) of every person.

    Protected time raises capacity by up to ``funded_capacity_gain`` (reached at the funded
    hours; Luckhaupt 2005); past capacity the time is shared in proportion.
    """
    protected = min(kp.protected_hours_per_week, kp.funded_hours_per_week)
    gain = 1.0 + kp.funded_capacity_gain * protected / kp.funded_hours_per_week
    caps, shares = [], []
    for held, base in zip(lst(load), lst(capacity), strict=True):
        cap = whole_mentees(base * gain)
        caps.append(float(cap))
        shares.append(1.0 if held <= cap else cap / held)
    return caps, shares


def mentor_brings(skill: float, time_share: float, kp) -> float:
    """What a mentor brings to a relationship: skill above a floor, times time to a power."""
    return (kp.skill_floor + (1.0 - kp.skill_floor) * skill) * time_share**kp.time_exponent


def mentee_brings(receptiveness: float, kp) -> float:
    """What a mentee brings to a relationship: receptiveness above a floor."""
    return kp.receptiveness_floor + (1.0 - kp.receptiveness_floor) * receptiveness


def failure_sides(mentors, mentees, mentor_skill, time_share, receptiveness, kp) -> list:
    """For each failed pair, the side that brought strictly less (ties: the mentee's)."""
    sides = []
    for j, e in zip(lst(mentors), lst(mentees), strict=True):
        mentor = mentor_brings(mentor_skill[j], time_share[j], kp)
        mentee = mentee_brings(receptiveness[e], kp)
        sides.append(MENTOR_SIDE if mentor < mentee else MENTEE_SIDE)
    return sides


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
    kp,
    quality,
    ever_failing,
) -> tuple[list, list, list]:
    """(quality, started, ever failing) of every relationship row after one year.

    The target is compatibility times commitment (assigned pairs commit less, Ragins & Cotton
    1999) times what each side brings, plus noise, in [0, 1]. A relationship in its first
    year starts at the target; later ones move part of the way toward it.
    """
    q, started, failing = lst(quality), lst(rel_started), lst(ever_failing)
    for t, k in enumerate(lst(rows)):
        m, e = rel_mentor[k], rel_mentee[k]
        chose = rel_kind[k] == INFORMAL
        commitment = 1.0 if chose else 1.0 - kp.assigned_pair_penalty
        target = clip01(
            kp.quality_scale
            * compat[k]
            * commitment
            * mentor_brings(mentor_skill[m], time_share[m], kp)
            * mentee_brings(receptiveness[e], kp)
            + kp.quality_noise_sd * noise[t]
        )
        if started[k]:
            q[k] = q[k] + kp.quality_adjustment * (target - q[k])
        else:
            q[k] = target
            started[k] = True
        if q[k] < kp.failure_threshold:
            failing[k] = True
    return q, started, failing


def aggregate_mentoring(
    rows, rel_mentor, rel_mentee, quality, time_share, skills, stage, alignment, kp
) -> dict[str, list]:
    """What each person receives from all their active relationships this year.

    A relationship's effect is its quality times the mentor's time share. Support, career push
    per domain (only where the mentor's skill exceeds the mentee's) and the chance of a
    realistic assessment combine as independent chances, 1 - prod(1 - each); career support is
    the best effect, counted in full from a full professor or leader and in part from an
    associate; failing relationships are counted; the pull toward the mentors' alignment is
    the mean of effect times the alignment gap. People with no relationship receive zeros.
    """
    n, nd = skills.shape
    by_mentee: dict[int, list[int]] = defaultdict(list)
    for k in lst(rows):
        by_mentee[int(rel_mentee[k])].append(k)
    zeros = [0.0] * n
    out = {
        "support": list(zeros),
        "sponsor": list(zeros),
        "failing": [0] * n,
        "assess": list(zeros),
        "pull": list(zeros),
        "career": [[0.0] * nd for _ in range(n)],
    }
    for e, ks in by_mentee.items():
        effects = [quality[k] * time_share[rel_mentor[k]] for k in ks]
        mentors = [int(rel_mentor[k]) for k in ks]
        out["support"][e] = 1.0 - math.prod(1.0 - kp.support_per_effect * x for x in effects)
        out["assess"][e] = 1.0 - math.prod(1.0 - kp.reassessment_rate * x for x in effects)
        out["sponsor"][e] = max(
            x * (1.0 if stage[m] >= FULL else kp.associate_sponsorship)
            for x, m in zip(effects, mentors, strict=True)
        )
        out["failing"][e] = sum(1 for k in ks if quality[k] < kp.failure_threshold)
        out["pull"][e] = sum(
            x * (alignment[m] - alignment[e]) for x, m in zip(effects, mentors, strict=True)
        ) / len(ks)
        for d in range(nd):
            keep = 1.0
            for x, m in zip(effects, mentors, strict=True):
                gap = skills[m, d] - skills[e, d]
                if gap > 0.0:
                    keep *= 1.0 - min(1.0, x * gap * kp.career_push_scale)
            out["career"][e][d] = 1.0 - keep
    return out


# ----------------------------------------------------------------------------- exits


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
    kp,
) -> tuple[list, list]:
    """(chance of leaving academic medicine, chance of retiring) this year, per person.

    Attrition: 1 - exp(-hazard), the hazard a base rate times ratios for trainees, the first
    faculty years (Bucklin 2014), assistants past their clock, seniors, leaders, women and URM
    faculty (Scheuermann 2024) and the person's program ratio, times exp of the effects of
    satisfaction, burnout, path fit and, for mentors, purpose (against 1/2). Retirement is
    certain past an age, a rising hazard within a window before the retirement age, else 0.
    """
    attrition, retirement = [], []
    for i, is_active in enumerate(lst(active)):
        if not is_active:
            attrition.append(0.0)
            retirement.append(0.0)
            continue
        on_faculty = year - faculty_year[i]
        if stage[i] == TRAINEE:
            ratio = kp.trainee_attrition_ratio
        elif on_faculty < kp.early_attrition_years:
            ratio = kp.early_attrition_ratio
        elif stage[i] == ASSISTANT and on_faculty >= kp.promotion_clock_years + clock_extension[i]:
            ratio = kp.passed_over_attrition_ratio
        else:
            ratio = 1.0
        ratio *= kp.senior_attrition_ratio if stage[i] in (ASSOCIATE, FULL, LEADER) else 1.0
        ratio *= kp.leader_attrition_ratio if stage[i] == LEADER else 1.0
        ratio *= kp.attrition_ratio_women if woman[i] else 1.0
        ratio *= kp.attrition_ratio_urm if urm[i] else 1.0
        effects = (
            kp.satisfaction_effect * (kp.satisfaction_reference - satisfaction[i])
            + kp.burnout_effect * (burnout[i] - kp.burnout_reference)
            + kp.path_fit_effect * (kp.path_fit_reference - path_fit[i])
        )
        if is_mentor[i]:
            effects -= kp.purpose_retention_effect * (mentor_satisfaction[i] - 0.5)
        hazard = kp.attrition_rate * ratio * hazard_ratio[i] * math.exp(effects)
        attrition.append(1.0 - math.exp(-hazard))
        age = year - birth_year[i]
        if age >= kp.retirement_certain_age:
            retirement.append(1.0)
        elif age >= kp.retirement_age - kp.retirement_window_years:
            hazard = kp.retirement_hazard * math.exp(
                kp.retirement_slope * (age - kp.retirement_age)
            )
            retirement.append(1.0 - math.exp(-hazard))
        else:
            retirement.append(0.0)
    return attrition, retirement


# ----------------------------------------------------------------------------- development
# Kept together and short: these kernels' science changes more often than the rest.


def composite(skills_row, weights_row) -> float:
    """A skill composite: the track's domain weights times the skills, summed."""
    return sum(w * s for w, s in zip(weights_row, skills_row, strict=True))


def track_composite(skills, track, track_weights) -> list:
    """Each person's skill composite for their own track."""
    return [composite(lst(skills[i]), lst(track_weights[t])) for i, t in enumerate(lst(track))]


def path_fit(talent, track, track_weights, kp) -> tuple[list, list]:
    """(fit, best track) of every person.

    Fit is 1 less the scaled shortfall of the own track's talent composite behind the best
    track's (clipped to [0, 1]); the best track is the first with the highest composite.
    """
    fits, bests = [], []
    for i, own_track in enumerate(lst(track)):
        scores = [composite(lst(talent[i]), lst(w)) for w in track_weights]
        best = scores.index(max(scores))
        fits.append(clip01(1.0 - kp.path_fit_scale * (scores[best] - scores[own_track])))
        bests.append(best)
    return fits, bests


def develop_skills(skills, talent, traits, track, track_weights, career, active, kp) -> list:
    """Skills after one year.

    Each active person's skill closes a share of the room left below talent: self-directed
    drive (ability and work ethic above floors) plus mentors' career push, times the focus the
    track gives the domain, at most all the room.
    """
    out = lst(skills)
    for i, is_active in enumerate(lst(active)):
        if not is_active:
            continue
        drive = (
            kp.self_growth_rate
            * (kp.ability_floor + traits[i, ABILITY])
            * (kp.work_ethic_floor + traits[i, WORK_ETHIC])
        )
        for d, skill in enumerate(out[i]):
            room = talent[i, d] - skill
            if room > 0.0:
                focus = kp.focus_floor + kp.focus_weight * track_weights[track[i], d]
                share = min(1.0, (drive + kp.career_function_rate * career[i, d]) * focus)
                out[i][d] = skill + share * room
    return out


def add_academic_output(
    portfolio,
    composite_,
    productivity,
    career_support,
    burnout,
    mentoring_hours,
    stage,
    woman,
    urm,
    on_leave,
    active,
    kp,
) -> tuple[list, list]:
    """(portfolio, this year's output) of every person.

    Active assistant and associate professors add the composite times productivity, raised
    by career support, lowered by burnout, unprotected mentoring hours (never below nothing),
    the uncredited minority tax for women and URM faculty and a leave; everyone else adds
    nothing.
    """
    folio, outputs = lst(portfolio), []
    for i, is_active in enumerate(lst(active)):
        if not is_active or stage[i] not in (ASSISTANT, ASSOCIATE):
            outputs.append(0.0)
            continue
        y = composite_[i] * productivity[i]
        y *= 1.0 + kp.career_output_effect * career_support[i]
        y *= 1.0 - kp.output_burnout_drag * burnout[i]
        y *= max(0.0, 1.0 - kp.mentoring_output_drag * mentoring_hours[i])
        if woman[i] or urm[i]:
            y *= 1.0 - kp.minority_tax_time_share * (1.0 - kp.service_credit)
        if on_leave[i]:
            y *= 1.0 - kp.leave_output_loss
        outputs.append(y)
        folio[i] += y
    return folio, outputs


def promotion_probability(stage, stage_year, year, portfolio, woman, urm, sponsored, active, kp):
    """Chance of promotion this year of every person.

    1 - exp(-base rate x logistic((record - bar) / width) x ratios), once the minimum years in
    rank are served; a sponsor's credit scales the record.
    """
    out = []
    for i, is_active in enumerate(lst(active)):
        served = year - stage_year[i]
        if is_active and stage[i] == ASSISTANT and served >= kp.min_years_assistant:
            base, bar = kp.promotion_rate_assistant, kp.promotion_bar_assistant
        elif is_active and stage[i] == ASSOCIATE and served >= kp.min_years_associate:
            base, bar = kp.promotion_rate_associate, kp.promotion_bar_associate
        else:
            out.append(0.0)
            continue
        record = portfolio[i] * ((1.0 + kp.sponsorship_credit) if sponsored[i] else 1.0)
        z = (record - bar) / kp.promotion_bar_width
        meets = 0.0 if z <= -50.0 else 1.0 / (1.0 + math.exp(-z))
        ratio = (kp.promotion_hr_women if woman[i] else 1.0) * (
            kp.promotion_hr_urm if urm[i] else 1.0
        )
        out.append(1.0 - math.exp(-base * meets * ratio))
    return out


def leadership_readiness(skills, alignment, traits, stage, stage_year, year, active, kp) -> list:
    """Leadership readiness of active associate and full professors and leaders (others 0).

    Weighted leadership and business-law skills, alignment, emotional intelligence and
    seniority (years in the current rank over the seniority years, between 0 and 1), clipped
    to [0, 1].
    """
    out = []
    for i, is_active in enumerate(lst(active)):
        if not is_active or stage[i] < ASSOCIATE:
            out.append(0.0)
            continue
        years_in_rank = year - stage_year[i]
        seniority = min(1.0, max(0.0, years_in_rank / kp.readiness_seniority_years))
        out.append(
            clip01(
                kp.readiness_leadership_weight * skills[i, LEADERSHIP]
                + kp.readiness_business_weight * skills[i, BUSINESS_LAW]
                + kp.readiness_alignment_weight * alignment[i]
                + kp.readiness_emotional_weight * traits[i, EMOTIONAL_INTELLIGENCE]
                + kp.readiness_seniority_weight * seniority
            )
        )
    return out

"""Kernels of careers: skills, path fit, academic output and promotion, leadership readiness.

Skills grow toward each person's talent by self-directed effort (ability and work ethic) and
by mentors' career push. Each year's academic output (the track skill composite, lowered by
burnout, raised by mentors' career support: sponsorship, exposure, protection) adds to an
academic portfolio, which a promotion committee judges against a bar: mentoring moves careers
by a small amount that accumulates (Allen 2004; Kammeyer-Mueller & Judge 2008), with no
ceiling reached in a year or two. Hazard ratios for women (Richter 2020) and URM faculty
(Fang 2000). Shapes: ``n`` people rows, ``D`` skill domains, ``T`` traits.
"""

from __future__ import annotations

import math

from numba import njit

from sim.kernels.common import clip01
from sim.kernels.params import record_of
from sim.state import (
    ABILITY,
    ASSISTANT,
    ASSOCIATE,
    BUSINESS_LAW,
    EMOTIONAL_INTELLIGENCE,
    LEADERSHIP,
    WORK_ETHIC,
)

# Below this logistic argument the promotion chance is 0 to double precision; skipping exp()
# there avoids an overflow warning.
_LOGISTIC_FLOOR = -50.0  # structural: numerical guard


@njit(cache=True)
def develop_skills(skills, talent, traits, track, track_weights, career, active, params):
    """Grow every active person's skills for one year.

    Self-directed growth scales with ability and work ethic; mentoring's career function pushes
    skills toward the mentors' expertise. Both close a share of the room left below the
    person's talent, faster in the domains their track values.

    Args:
        skills: float64 (n, D), updated in place.
        talent: float64 (n, D), skill ceilings.
        traits: float64 (n, T).
        track: int8 (n,).
        track_weights: float64 (3, D), domain weights per track.
        career: float64 (n, D), career push from aggregate_mentoring.
        active: bool (n,).
        params: KernelParams, packed (``KernelParams.packed``).
    """
    kp = record_of(params)
    nd = skills.shape[1]
    for i in range(skills.shape[0]):
        if not active[i]:
            continue
        drive = (
            kp.self_growth_rate
            * (kp.ability_floor + traits[i, ABILITY])
            * (kp.work_ethic_floor + traits[i, WORK_ETHIC])
        )
        for d in range(nd):
            room = talent[i, d] - skills[i, d]
            if room <= 0.0:
                continue
            focus = kp.focus_floor + kp.focus_weight * track_weights[track[i], d]
            growth = (drive + kp.career_function_rate * career[i, d]) * focus
            skills[i, d] += min(1.0, growth) * room


@njit(cache=True)
def track_composite(skills, track, track_weights, out):
    """Each person's skill composite for their track.

    Args:
        skills: float64 (n, D).
        track: int8 (n,).
        track_weights: float64 (3, D).
        out: float64 (n,), written.
    """
    for i in range(skills.shape[0]):
        s = 0.0
        for d in range(skills.shape[1]):
            s += track_weights[track[i], d] * skills[i, d]
        out[i] = s


@njit(cache=True)
def path_fit(talent, track, track_weights, params, out_fit, out_best):
    """How well each person's track suits their strengths, and their best track.

    Args:
        talent: float64 (n, D).
        track: int8 (n,).
        track_weights: float64 (3, D).
        params: KernelParams, packed (``KernelParams.packed``); ``path_fit_scale`` is the fit
            lost per unit of talent composite the own track falls short of the best track's.
        out_fit: float64 (n,), 1 when the track is their best, lower as it falls behind.
        out_best: int8 (n,), the track that builds on their strengths, written.
    """
    kp = record_of(params)
    n_tracks = track_weights.shape[0]
    for i in range(talent.shape[0]):
        best = -1.0
        best_t = 0
        own = 0.0
        for t in range(n_tracks):
            a = 0.0
            for d in range(talent.shape[1]):
                a += track_weights[t, d] * talent[i, d]
            if a > best:
                best = a
                best_t = t
            if t == track[i]:
                own = a
        out_fit[i] = clip01(1.0 - kp.path_fit_scale * (best - own))
        out_best[i] = best_t


@njit(cache=True)
def add_academic_output(
    portfolio,
    composite,
    productivity,
    career_support,
    burnout,
    mentoring_hours,
    stage,
    woman,
    urm,
    on_leave,
    active,
    params,
    out_output,
):
    """Add this year's academic output to the portfolio of every active faculty member.

    Output is the track skill composite times the person's productivity (academic output
    varies far more between people than skill does: a lognormal multiplier, mean 1),
    raised by the career support mentors give (``kp.career_output_effect`` at full support),
    lowered by burnout (``kp.output_burnout_drag`` at full burnout) and by the time a mentor
    gives mentees beyond their protected hours (``kp.mentoring_output_drag`` per hour a week):
    mentoring is not free to the mentor. Women and URM faculty lose
    ``kp.minority_tax_time_share`` of their time to the extra service asked of them (the
    minority tax), less the share of it promotion committees credit (``kp.service_credit``);
    a year with a family or medical leave loses ``kp.leave_output_loss`` of it. Assistant and
    associate professors build the portfolio their next promotion is judged on.

    Args:
        portfolio: float64 (n,), output accumulated in the current rank; updated in place.
        composite: float64 (n,), track skill composite.
        productivity: float64 (n,), each person's output multiplier (mean 1).
        career_support: float64 (n,), the best career support from a mentor this year.
        burnout: float64 (n,).
        mentoring_hours: float64 (n,), unprotected hours a week each person gives mentees.
        stage: int8 (n,).
        woman: bool (n,).
        urm: bool (n,).
        on_leave: bool (n,), takes a leave this year.
        active: bool (n,).
        params: KernelParams, packed (``KernelParams.packed``).
        out_output: float64 (n,), this year's output (0 for people not building one), written.
    """
    kp = record_of(params)
    taxed_share = kp.minority_tax_time_share * (1.0 - kp.service_credit)
    for i in range(portfolio.shape[0]):
        out_output[i] = 0.0
        if not active[i] or (stage[i] != ASSISTANT and stage[i] != ASSOCIATE):
            continue
        output = (
            composite[i]
            * productivity[i]
            * (1.0 + kp.career_output_effect * career_support[i])
            * (1.0 - kp.output_burnout_drag * burnout[i])
            * max(0.0, 1.0 - kp.mentoring_output_drag * mentoring_hours[i])
        )
        if woman[i] or urm[i]:
            output *= 1.0 - taxed_share
        if on_leave[i]:
            output *= 1.0 - kp.leave_output_loss
        out_output[i] = output
        portfolio[i] += output


@njit(cache=True)
def promotion_probability(
    stage, stage_year, year, portfolio, woman, urm, sponsored, active, params, out
):
    """Chance of promotion this year (assistant to associate, associate to full).

    A proportional hazard: a base rate once the minimum years in rank are served, times a
    logistic step in the academic portfolio around the rank's bar (committees look for a
    record, and people well short of it are rarely promoted however long they wait), times
    the hazard ratios for women (Richter 2020) and URM faculty (Fang 2000). A sponsor puts the
    record forward: a sponsored person's portfolio counts ``1 + kp.sponsorship_credit`` times
    (Patton 2017).

    Args:
        stage: int8 (n,).
        stage_year: int32 (n,), year the stage began.
        year: the current year.
        portfolio: float64 (n,), academic output accumulated in the current rank.
        woman: bool (n,).
        urm: bool (n,).
        sponsored: bool (n,), has a sponsor now.
        active: bool (n,).
        params: KernelParams, packed (``KernelParams.packed``).
        out: float64 (n,), probability in [0, 1), written.
    """
    kp = record_of(params)
    for i in range(stage.shape[0]):
        out[i] = 0.0
        if not active[i]:
            continue
        years = year - stage_year[i]
        if stage[i] == ASSISTANT and years >= kp.min_years_assistant:
            base = kp.promotion_rate_assistant
            bar = kp.promotion_bar_assistant
        elif stage[i] == ASSOCIATE and years >= kp.min_years_associate:
            base = kp.promotion_rate_associate
            bar = kp.promotion_bar_associate
        else:
            continue
        record = portfolio[i] * (1.0 + kp.sponsorship_credit) if sponsored[i] else portfolio[i]
        z = (record - bar) / kp.promotion_bar_width
        meets = 1.0 / (1.0 + math.exp(-z)) if z > _LOGISTIC_FLOOR else 0.0
        h = base * meets
        if woman[i]:
            h *= kp.promotion_hr_women
        if urm[i]:
            h *= kp.promotion_hr_urm
        out[i] = 1.0 - math.exp(-h)


@njit(cache=True)
def leadership_readiness(skills, alignment, traits, stage, stage_year, year, active, params, out):
    """Leadership readiness of associate and full professors (others 0).

    Leadership and management skill weighs most, then alignment with institutional values,
    business-law-regulation skill, emotional intelligence and seniority. Seniority grows with
    years in the current rank up to ``readiness_seniority_years``: a new full professor is
    not yet a leader-in-waiting, since chairs are appointed after years at the top rank.

    Args:
        skills: float64 (n, D).
        alignment: float64 (n,).
        traits: float64 (n, T).
        stage: int8 (n,).
        stage_year: int32 (n,).
        year: the current year.
        active: bool (n,).
        params: KernelParams, packed (``KernelParams.packed``).
        out: float64 (n,), in [0, 1], written.
    """
    kp = record_of(params)
    for i in range(skills.shape[0]):
        if not active[i] or stage[i] < ASSOCIATE:
            out[i] = 0.0
            continue
        seniority = min(1.0, max(0.0, (year - stage_year[i]) / kp.readiness_seniority_years))
        out[i] = clip01(
            kp.readiness_leadership_weight * skills[i, LEADERSHIP]
            + kp.readiness_business_weight * skills[i, BUSINESS_LAW]
            + kp.readiness_alignment_weight * alignment[i]
            + kp.readiness_emotional_weight * traits[i, EMOTIONAL_INTELLIGENCE]
            + kp.readiness_seniority_weight * seniority
        )

"""The numba core: the yearly arithmetic over everyone, one kernel per concern.

Kernels take NumPy arrays and scalars (or the ``KernelParams`` named tuple) only, write into
output arrays, and return nothing. No Mesa object and no random generator enters a kernel:
the model draws keyed random numbers first and passes them in, so a kernel run jitted and the
same kernel run interpreted (``.py_func`` or ``NUMBA_DISABLE_JIT=1``) give the same numbers.

The mechanisms follow the mentoring literature: relationship quality tracks deep-level
compatibility (Eby 2013), mentor skill (Pfund 2014) and mentee receptiveness; mentoring has
career and psychosocial functions (Kram 1985) with small objective and larger subjective effects
(Allen 2004; Eby 2008); time spent matters more than the number of mentors (DeCastro 2014);
burnout rises when little time goes to meaningful work (Shanafelt 2009) and falls with coaching
(Dyrbye 2019). Shapes: ``n`` people rows, ``r`` relationship rows, ``D`` skill domains,
``T`` traits, ``V`` value dimensions.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np
from numba import njit

from sim.scenario import Scenario
from sim.state import (
    ABILITY,
    ASSISTANT,
    ASSOCIATE,
    BUSINESS_LAW,
    EMOTIONAL_INTELLIGENCE,
    FULL,
    LEADER,
    LEADERSHIP,
    PROACTIVENESS,
    RECEPTIVENESS,
    TEAMWORK,
    TRAINEE,
    WORK_ETHIC,
)


class KernelParams(NamedTuple):
    """Every scalar parameter the kernels read, built once per run by ``kernel_params``.

    Kernels take this one tuple rather than loose scalars, so what a kernel depends on is
    read off its body (``p.name``) and a new parameter is added in one place.
    """

    deep_similarity_weight: float
    career_function_rate: float
    psychosocial_rate: float
    self_growth_rate: float
    coaching_burnout_cut: float
    baseline_stress: float
    meaningful_work_effect: float
    failure_threshold: float
    values_clarity: float
    overload_burnout: float
    reassessment_rate: float
    min_years_assistant: float
    promotion_rate_assistant: float
    min_years_associate: float
    promotion_rate_associate: float
    promotion_bar_assistant: float
    promotion_bar_associate: float
    promotion_bar_width: float
    sponsorship_effect: float
    promotion_hr_women: float
    promotion_hr_urm: float
    attrition_rate: float
    early_attrition_ratio: float
    senior_attrition_ratio: float
    attrition_ratio_women: float
    attrition_ratio_urm: float
    satisfaction_effect: float
    burnout_effect: float
    path_fit_effect: float
    retirement_age: float
    protected_hours_per_week: float
    funded_capacity_gain: float


@njit(cache=True)
def _clip01(x):
    return min(1.0, max(0.0, x))


@njit(cache=True)
def compatibility_of(i, j, values, traits, woman, urm, p):
    """Compatibility of mentee row ``i`` with mentor row ``j``, in [0, 1].

    Deep-level similarity (values and interests, 60%; working style: teamwork, emotional
    intelligence, proactiveness, 40%) weighs ``p.deep_similarity_weight``; demographic match
    (same gender, same URM status) the rest. Eby 2013 finds deep similarity matters and
    demographic match does not, hence the default weight of 0.8.

    Args:
        i: The mentee's row.
        j: The mentor's row.
        values: float64 (n, V), values and interests.
        traits: float64 (n, T), traits in [0, 1].
        woman: bool (n,).
        urm: bool (n,).
        p: KernelParams (``deep_similarity_weight``).

    Returns:
        The pair's compatibility.
    """
    dot = 0.0
    ni = 0.0
    nj = 0.0
    for k in range(values.shape[1]):
        dot += values[i, k] * values[j, k]
        ni += values[i, k] * values[i, k]
        nj += values[j, k] * values[j, k]
    cosine = dot / math.sqrt(ni * nj) if ni > 0.0 and nj > 0.0 else 0.0
    value_sim = 0.5 * (1.0 + cosine)
    style_gap = (abs(traits[i, TEAMWORK] - traits[j, TEAMWORK])
                 + abs(traits[i, EMOTIONAL_INTELLIGENCE] - traits[j, EMOTIONAL_INTELLIGENCE])
                 + abs(traits[i, PROACTIVENESS] - traits[j, PROACTIVENESS])) / 3.0
    style_sim = _clip01(1.0 - 2.0 * style_gap)
    deep = 0.6 * value_sim + 0.4 * style_sim
    demo = 0.5 * (woman[i] == woman[j]) + 0.5 * (urm[i] == urm[j])
    deep_weight = p.deep_similarity_weight
    return deep_weight * deep + (1.0 - deep_weight) * demo


@njit(cache=True)
def pair_compatibility(mentees, mentors, values, traits, woman, urm, p, out):
    """Compatibility of candidate mentor-mentee pairs (``compatibility_of`` for each).

    Args:
        mentees: int64 (c,), mentee row of each candidate pair.
        mentors: int64 (c,), mentor row of each candidate pair.
        values: float64 (n, V), values and interests.
        traits: float64 (n, T), traits in [0, 1].
        woman: bool (n,).
        urm: bool (n,).
        p: KernelParams (``deep_similarity_weight``).
        out: float64 (c,), compatibility in [0, 1], written.
    """
    for c in range(mentees.shape[0]):
        out[c] = compatibility_of(mentees[c], mentors[c], values, traits, woman, urm, p)


@njit(cache=True)
def mentor_time_share(load, capacity, p, out_capacity, out_share):
    """Effective capacity of each mentor and the share of full time each mentee gets.

    Protected time raises capacity (funded mentors hold 8.3 vs 5.1 mentees, Luckhaupt 2005);
    past capacity, time per mentee falls in proportion.

    Args:
        load: int32 (n,), active mentees per person.
        capacity: float64 (n,), mentees at full quality without protected time.
        p: KernelParams (``protected_hours_per_week``, ``funded_capacity_gain``: the
            relative capacity gain at 4 protected hours a week).
        out_capacity: float64 (n,), effective capacity, written.
        out_share: float64 (n,), time share per mentee in (0, 1], written.
    """
    boost = 1.0 + p.funded_capacity_gain * min(1.0, p.protected_hours_per_week / 4.0)
    for i in range(load.shape[0]):
        cap = capacity[i] * boost
        out_capacity[i] = cap
        out_share[i] = 1.0 if load[i] <= cap else cap / load[i]


@njit(cache=True)
def update_relationship_quality(rel_mentor, rel_mentee, rel_active, rel_started, compat,
                                mentor_skill, receptiveness, time_share, noise, p, quality,
                                ever_failing):
    """Advance the quality of every active relationship by one year.

    Quality moves halfway toward a target set by compatibility, the mentor's skill, the
    mentee's receptiveness and the time the mentor can give; in its first year (initiation,
    Kram 1983) it starts at the target.

    Args:
        rel_mentor: int64 (r,), mentor rows.
        rel_mentee: int64 (r,), mentee rows.
        rel_active: bool (r,).
        rel_started: bool (r,), whether a relationship has had its first year; set here.
        compat: float64 (r,), pair compatibility.
        mentor_skill: float64 (n,).
        receptiveness: float64 (n,), effective receptiveness (after mentee training).
        time_share: float64 (n,), per-mentor time share.
        noise: float64 (r,), standard normal draws for this year.
        p: KernelParams (``failure_threshold``: quality below which a relationship fails).
        quality: float64 (r,), updated in place.
        ever_failing: bool (r,), set where quality falls below the threshold.
    """
    for k in range(rel_mentor.shape[0]):
        if not rel_active[k]:
            continue
        m = rel_mentor[k]
        e = rel_mentee[k]
        target = (1.6 * compat[k] * (0.55 + 0.45 * mentor_skill[m])
                  * (0.6 + 0.4 * receptiveness[e]) * math.sqrt(time_share[m])
                  + 0.08 * noise[k])
        target = _clip01(target)
        if not rel_started[k]:
            quality[k] = target
            rel_started[k] = True
        else:
            quality[k] = quality[k] + 0.5 * (target - quality[k])
        if quality[k] < p.failure_threshold:
            ever_failing[k] = True


@njit(cache=True)
def aggregate_mentoring(rel_mentor, rel_mentee, rel_active, quality, time_share, skills, stage,
                        alignment, p, out_support, out_career, out_sponsor, out_failing,
                        out_assess, out_pull):
    """Sum what each mentee receives from all their mentors this year.

    Effects combine as independent chances (1 - product of (1 - effect)), so a second mentor
    adds less than the first on the same domain but fully on a domain the first lacks: breadth
    of expertise is what a committee adds, and time with a good mentor is what counts.

    Args:
        rel_mentor: int64 (r,).
        rel_mentee: int64 (r,).
        rel_active: bool (r,).
        quality: float64 (r,).
        time_share: float64 (n,), per-mentor time share.
        skills: float64 (n, D).
        stage: int8 (n,).
        alignment: float64 (n,), values alignment.
        p: KernelParams (``failure_threshold``; ``reassessment_rate``, the chance one good
            mentor gives a realistic path assessment).
        out_support: float64 (n,), psychosocial support in [0, 1], written.
        out_career: float64 (n, D), career push per domain in [0, 1], written.
        out_sponsor: float64 (n,), best sponsorship in [0, 1], written.
        out_failing: int32 (n,), failing relationships held, written.
        out_assess: float64 (n,), chance of a realistic path assessment, written.
        out_pull: float64 (n,), mean pull toward mentors' values alignment, written.
    """
    n = out_support.shape[0]
    nd = skills.shape[1]
    counts = np.zeros(n)
    for i in range(n):
        out_support[i] = 1.0
        out_sponsor[i] = 0.0
        out_failing[i] = 0
        out_assess[i] = 1.0
        out_pull[i] = 0.0
        for d in range(nd):
            out_career[i, d] = 1.0
    for k in range(rel_mentor.shape[0]):
        if not rel_active[k]:
            continue
        m = rel_mentor[k]
        e = rel_mentee[k]
        effect = quality[k] * time_share[m]
        out_support[e] *= 1.0 - 0.9 * effect
        for d in range(nd):
            gap = skills[m, d] - skills[e, d]
            if gap > 0.0:
                out_career[e, d] *= 1.0 - min(1.0, effect * gap * 2.0)
        seniority = 1.0 if stage[m] >= FULL else 0.6
        out_sponsor[e] = max(out_sponsor[e], effect * seniority)
        if quality[k] < p.failure_threshold:
            out_failing[e] += 1
        out_assess[e] *= 1.0 - p.reassessment_rate * effect
        out_pull[e] += effect * (alignment[m] - alignment[e])
        counts[e] += 1.0
    for i in range(n):
        out_support[i] = 1.0 - out_support[i]
        out_assess[i] = 1.0 - out_assess[i]
        if counts[i] > 0.0:
            out_pull[i] /= counts[i]
        for d in range(nd):
            out_career[i, d] = 1.0 - out_career[i, d]


@njit(cache=True)
def develop_skills(skills, talent, traits, track, track_weights, career, active, p):
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
        p: KernelParams (``self_growth_rate``, yearly self-directed growth at full ability
            and work ethic; ``career_function_rate``, yearly growth from a full career push).
    """
    nd = skills.shape[1]
    self_rate = p.self_growth_rate
    career_rate = p.career_function_rate
    for i in range(skills.shape[0]):
        if not active[i]:
            continue
        drive = self_rate * (0.5 + traits[i, ABILITY]) * (0.5 + traits[i, WORK_ETHIC])
        for d in range(nd):
            room = talent[i, d] - skills[i, d]
            if room <= 0.0:
                continue
            focus = 0.4 + 3.0 * track_weights[track[i], d]
            growth = (drive + career_rate * career[i, d] * 3.0) * focus
            skills[i, d] += min(1.0, growth) * room


@njit(cache=True)
def psychosocial(satisfaction, burnout, traits, support, failing, path_fit, alignment, coached,
                 extra_stress, noise, active, p, out_satisfaction, out_burnout):
    """Advance satisfaction, burnout and emotional intelligence for one year.

    Burnout drifts toward a stress level that is higher when work fits the person poorly
    (Shanafelt 2009: 53.8% vs 29.9% burnout with little meaningful work); good mentoring and
    coaching lower it; failing relationships that nobody ends raise it.

    Args:
        satisfaction: float64 (n,), current.
        burnout: float64 (n,), current.
        traits: float64 (n, T); the emotional-intelligence column is updated in place.
        support: float64 (n,), psychosocial support.
        failing: int32 (n,), failing relationships held.
        path_fit: float64 (n,).
        alignment: float64 (n,).
        coached: bool (n,), coached this year.
        extra_stress: float64 (n,), burnout added by mentoring overload.
        noise: float64 (n,), standard normal draws for this year.
        active: bool (n,).
        p: KernelParams.
        out_satisfaction: float64 (n,), written.
        out_burnout: float64 (n,), written.
    """
    for i in range(satisfaction.shape[0]):
        if not active[i]:
            out_satisfaction[i] = satisfaction[i]
            out_burnout[i] = burnout[i]
            continue
        stress = p.baseline_stress * (1.0 - p.meaningful_work_effect * (path_fit[i] - 0.75))
        b = (burnout[i] + 0.35 * (stress - burnout[i])
             - p.psychosocial_rate * 0.5 * support[i] + 0.06 * failing[i] + extra_stress[i]
             + 0.12 * noise[i])
        if coached[i]:
            b -= p.coaching_burnout_cut
        b = _clip01(b)
        target = (0.25 + 0.3 * path_fit[i] + 0.15 * alignment[i]
                  + 1.5 * p.psychosocial_rate * support[i] - 0.35 * b - 0.08 * failing[i])
        out_satisfaction[i] = _clip01(satisfaction[i] + 0.4 * (target - satisfaction[i]))
        out_burnout[i] = b
        ei = traits[i, EMOTIONAL_INTELLIGENCE]
        traits[i, EMOTIONAL_INTELLIGENCE] = ei + 0.08 * support[i] * traits[i, RECEPTIVENESS] * (
            1.0 - ei)


@njit(cache=True)
def mentor_wellbeing(load, effective_capacity, mean_quality, is_mentor, p, mentor_satisfaction,
                     out_extra_stress):
    """Mentor satisfaction ("a renewed sense of purpose") and burnout from overload.

    Args:
        load: int32 (n,), active mentees.
        effective_capacity: float64 (n,), from mentor_time_share.
        mean_quality: float64 (n,), mean quality of each mentor's relationships.
        is_mentor: bool (n,), holds at least one mentee.
        p: KernelParams (``overload_burnout``, burnout added per mentee above capacity;
            ``protected_hours_per_week``, which relieves the load).
        mentor_satisfaction: float64 (n,), updated in place.
        out_extra_stress: float64 (n,), burnout added this year, written.
    """
    relief = 1.0 / (1.0 + p.protected_hours_per_week / 4.0)
    for i in range(load.shape[0]):
        out_extra_stress[i] = 0.0
        if not is_mentor[i]:
            continue
        cap = max(effective_capacity[i], 0.5)
        over = max(0.0, load[i] - cap)
        purpose = mean_quality[i] * min(1.0, load[i] / cap)
        target = 0.45 + 0.4 * purpose - 0.35 * over / cap
        mentor_satisfaction[i] = _clip01(mentor_satisfaction[i]
                                         + 0.4 * (target - mentor_satisfaction[i]))
        out_extra_stress[i] = p.overload_burnout * over * relief


@njit(cache=True)
def align_values(alignment, pull, burnout, active, p, out):
    """Move values alignment toward the institution's stated values and the mentors'.

    Clear institutional values raise alignment for everyone; mentors pass theirs on
    (the essay's "dissemination of organizational values"); burnout erodes it.

    Args:
        alignment: float64 (n,), current.
        pull: float64 (n,), mean pull toward mentors' alignment.
        burnout: float64 (n,).
        active: bool (n,).
        p: KernelParams (``values_clarity``, how clearly values are stated, in [0, 1]).
        out: float64 (n,), written.
    """
    for i in range(alignment.shape[0]):
        a = alignment[i]
        if active[i]:
            a += 0.10 * p.values_clarity * (1.0 - a) + 0.4 * pull[i] - 0.06 * burnout[i] * a
        out[i] = _clip01(a)


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
def path_fit(talent, track, track_weights, out_fit, out_best):
    """How well each person's track suits their strengths, and their best track.

    Args:
        talent: float64 (n, D).
        track: int8 (n,).
        track_weights: float64 (3, D).
        out_fit: float64 (n,), 1 when the track is their best, lower as it falls behind.
        out_best: int8 (n,), the track that builds on their strengths, written.
    """
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
        out_fit[i] = _clip01(1.0 - 4.0 * (best - own))
        out_best[i] = best_t


@njit(cache=True)
def promotion_probability(stage, stage_year, year, composite, sponsor, woman, urm, active, p,
                          out):
    """Chance of promotion this year (assistant to associate, associate to full).

    A proportional hazard: a base rate once the minimum years in rank are served, times a
    logistic step in the track skill composite around the rank's bar, raised by a mentor's
    sponsorship, times the scenario's hazard ratios for women (Richter 2020) and URM faculty
    (Fang 2000).

    Args:
        stage: int8 (n,).
        stage_year: int32 (n,), year the stage began.
        year: the current year.
        composite: float64 (n,), track skill composite.
        sponsor: float64 (n,), sponsorship from aggregate_mentoring.
        woman: bool (n,).
        urm: bool (n,).
        active: bool (n,).
        p: KernelParams.
        out: float64 (n,), probability in [0, 1), written.
    """
    for i in range(stage.shape[0]):
        out[i] = 0.0
        if not active[i]:
            continue
        years = year - stage_year[i]
        if stage[i] == ASSISTANT and years >= p.min_years_assistant:
            base = p.promotion_rate_assistant
            bar = p.promotion_bar_assistant
        elif stage[i] == ASSOCIATE and years >= p.min_years_associate:
            base = p.promotion_rate_associate
            bar = p.promotion_bar_associate
        else:
            continue
        # The committee expects a skill composite near the bar: a logistic step, so people
        # well below it are rarely promoted however long they wait.
        z = (composite[i] - bar) / p.promotion_bar_width
        meets = 1.0 / (1.0 + math.exp(-z)) if z > -50.0 else 0.0
        h = base * meets * math.exp(p.sponsorship_effect * sponsor[i])
        if woman[i]:
            h *= p.promotion_hr_women
        if urm[i]:
            h *= p.promotion_hr_urm
        out[i] = 1.0 - math.exp(-h)


@njit(cache=True)
def exit_probability(stage, faculty_year, year, birth_year, woman, urm, satisfaction, burnout,
                     path_fit, support, active, p, out_attrition, out_retirement):
    """Chances of leaving academic medicine and of retiring this year.

    Attrition is a proportional hazard: a calibrated base, higher in the first three years
    (Bucklin 2014) and lower for senior ranks, modified by satisfaction, burnout, path fit and
    support, with hazard ratios for women and URM faculty (Scheuermann 2024). Retirement
    rises steeply past the retirement age.

    Args:
        stage: int8 (n,).
        faculty_year: int32 (n,), year joined the faculty (-1 for trainees).
        year: the current year.
        birth_year: float64 (n,).
        woman: bool (n,).
        urm: bool (n,).
        satisfaction: float64 (n,).
        burnout: float64 (n,).
        path_fit: float64 (n,).
        support: float64 (n,).
        active: bool (n,).
        p: KernelParams.
        out_attrition: float64 (n,), written.
        out_retirement: float64 (n,), written.
    """
    for i in range(stage.shape[0]):
        out_attrition[i] = 0.0
        out_retirement[i] = 0.0
        if not active[i]:
            continue
        mult = 1.0
        if stage[i] == TRAINEE:
            mult = 0.5
        elif year - faculty_year[i] < 3:
            mult = p.early_attrition_ratio
        if stage[i] >= ASSOCIATE:
            mult *= p.senior_attrition_ratio
        if stage[i] == LEADER:
            mult *= 0.5
        if woman[i]:
            mult *= p.attrition_ratio_women
        if urm[i]:
            mult *= p.attrition_ratio_urm
        h = p.attrition_rate * mult * math.exp(
            p.satisfaction_effect * (0.6 - satisfaction[i])
            + p.burnout_effect * (burnout[i] - 0.45)
            + p.path_fit_effect * (0.8 - path_fit[i])
            - 0.5 * support[i])
        out_attrition[i] = 1.0 - math.exp(-h)
        age = year - birth_year[i]
        if age >= 80.0:
            out_retirement[i] = 1.0
        elif age >= p.retirement_age - 8.0:
            hr = 0.12 * math.exp(0.3 * (age - p.retirement_age))
            out_retirement[i] = 1.0 - math.exp(-hr)


@njit(cache=True)
def leadership_readiness(skills, alignment, traits, stage, stage_year, year, active, out):
    """Leadership readiness of associate and full professors (others 0).

    Leadership and management skill weighs most, then alignment with institutional values,
    business-law-regulation skill, emotional intelligence and seniority.

    Args:
        skills: float64 (n, D).
        alignment: float64 (n,).
        traits: float64 (n, T).
        stage: int8 (n,).
        stage_year: int32 (n,).
        year: the current year.
        active: bool (n,).
        out: float64 (n,), in [0, 1], written.
    """
    for i in range(skills.shape[0]):
        if not active[i] or stage[i] < ASSOCIATE:
            out[i] = 0.0
            continue
        seniority = 1.0 if stage[i] >= FULL else min(1.0, (year - stage_year[i]) / 10.0)
        out[i] = _clip01(0.40 * skills[i, LEADERSHIP] + 0.15 * skills[i, BUSINESS_LAW]
                         + 0.20 * alignment[i] + 0.15 * traits[i, EMOTIONAL_INTELLIGENCE]
                         + 0.10 * seniority)


def kernel_params(s: Scenario) -> KernelParams:
    """Collect the scalar parameters the kernels read from a scenario.

    Protected time counts only under a formal program (only a program protects time).
    """
    c, p, m = s.career, s.program, s.mentors
    return KernelParams(
        deep_similarity_weight=p.deep_similarity_weight,
        career_function_rate=c.career_function_rate,
        psychosocial_rate=c.psychosocial_rate,
        self_growth_rate=c.self_growth_rate,
        coaching_burnout_cut=c.coaching_burnout_cut,
        baseline_stress=c.baseline_stress,
        meaningful_work_effect=c.meaningful_work_effect,
        failure_threshold=p.failure_threshold,
        values_clarity=s.institution.values_clarity,
        overload_burnout=m.overload_burnout,
        reassessment_rate=c.reassessment_rate,
        min_years_assistant=float(c.min_years_assistant),
        promotion_rate_assistant=c.promotion_rate_assistant,
        min_years_associate=float(c.min_years_associate),
        promotion_rate_associate=c.promotion_rate_associate,
        promotion_bar_assistant=c.promotion_bar_assistant,
        promotion_bar_associate=c.promotion_bar_associate,
        promotion_bar_width=c.promotion_bar_width,
        sponsorship_effect=c.sponsorship_effect,
        promotion_hr_women=c.promotion_hr_women,
        promotion_hr_urm=c.promotion_hr_urm,
        attrition_rate=c.attrition_rate,
        early_attrition_ratio=c.early_attrition_ratio,
        senior_attrition_ratio=c.senior_attrition_ratio,
        attrition_ratio_women=c.attrition_ratio_women,
        attrition_ratio_urm=c.attrition_ratio_urm,
        satisfaction_effect=c.satisfaction_effect,
        burnout_effect=c.burnout_effect,
        path_fit_effect=c.path_fit_effect,
        retirement_age=c.retirement_age,
        protected_hours_per_week=p.protected_hours_per_week if p.formal else 0.0,
        funded_capacity_gain=m.funded_capacity_gain,
    )


def all_kernels() -> dict:
    """Return every kernel by name (for the jitted-vs-interpreted test and the benchmark)."""
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
        "promotion_probability": promotion_probability,
        "exit_probability": exit_probability,
        "leadership_readiness": leadership_readiness,
    }

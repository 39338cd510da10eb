"""Kaplan-Meier survival curves of careers, and their interpolated median."""

from __future__ import annotations

import numpy as np


def kaplan_meier_median(durations: np.ndarray, observed: np.ndarray) -> float:
    """Kaplan-Meier median survival time; extrapolated when follow-up ends above one half.

    The step curve is interpolated linearly between event times where it crosses one half.
    Careers are counted in whole years, so the plain step median jumps a year at a time; the
    interpolated median moves smoothly with the hazards (which calibration needs) and agrees
    with the step median whenever a step lands exactly on one half.

    Where the curve is still above one half when follow-up ends (a run whose careers are
    long against its years: at low attrition, half of the institution's runs), the median
    lies beyond the data. Leaving it undefined would drop exactly those runs from every
    mean and every emulator of a retention ratio, and what remained would describe the
    runs with short careers only. The curve is instead completed with an exponential tail,
    as Brown, Hollander and Korwar (1974) complete a Kaplan-Meier curve, from its value at
    the end of follow-up, with the constant hazard of its second half (careers leave
    faster early on, so the whole curve's mean hazard would shorten the tail). NaN when
    no one left in that second half (no hazard to extend) or no one was followed.

    Args:
        durations: float (k,), years from start to event or censoring.
        observed: bool (k,), True where the event (leaving) happened.

    Returns:
        The time at which the (completed) survival curve reaches 0.5.
    """
    times, survival = kaplan_meier(durations, observed)
    below = np.flatnonzero(survival <= 0.5)
    if len(below) == 0:
        return _extrapolated_median(np.asarray(durations, dtype=float), times, survival)
    k = below[0]
    t_before, s_before = (times[k - 1], survival[k - 1]) if k > 0 else (0.0, 1.0)
    return float(t_before + (s_before - 0.5) / (s_before - survival[k]) * (times[k] - t_before))


def _extrapolated_median(durations: np.ndarray, times: np.ndarray, survival: np.ndarray) -> float:
    """Median of a curve ending above one half, completed with an exponential tail."""
    if len(durations) == 0 or len(times) == 0:
        return float("nan")
    end = float(durations.max())
    s_end = float(survival[-1])
    s_middle = _survival_at(times, survival, end / 2.0)
    if end <= 0.0 or s_middle <= s_end:
        return float("nan")
    hazard = np.log(s_middle / s_end) / (end / 2.0)
    return float(end + np.log(s_end / 0.5) / hazard)


def _survival_at(times: np.ndarray, survival: np.ndarray, t: float) -> float:
    """The Kaplan-Meier step curve's value at time t (1 before the first event)."""
    k = int(np.searchsorted(times, t, side="right"))
    return 1.0 if k == 0 else float(survival[k - 1])


def kaplan_meier(durations: np.ndarray, observed: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Kaplan-Meier survival curve: event times and the survival just after each."""
    durations = np.asarray(durations, dtype=float)
    observed = np.asarray(observed, dtype=bool)
    times = np.unique(durations[observed])
    survival = np.empty(len(times))
    s = 1.0
    for k, time in enumerate(times):
        at_risk = (durations >= time).sum()
        events = ((durations == time) & observed).sum()
        s *= 1.0 - events / at_risk
        survival[k] = s
    return times, survival

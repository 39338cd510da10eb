"""Kaplan-Meier survival curves of careers, and their interpolated median."""

from __future__ import annotations

import numpy as np


def kaplan_meier_median(durations: np.ndarray, observed: np.ndarray) -> float:
    """Kaplan-Meier median survival time, or NaN when survival never falls to one half.

    The step curve is interpolated linearly between event times where it crosses one half.
    Careers are counted in whole years, so the plain step median jumps a year at a time; the
    interpolated median moves smoothly with the hazards (which calibration needs) and agrees
    with the step median whenever a step lands exactly on one half.

    Args:
        durations: float (k,), years from start to event or censoring.
        observed: bool (k,), True where the event (leaving) happened.

    Returns:
        The time at which the interpolated survival curve reaches 0.5.
    """
    times, survival = kaplan_meier(durations, observed)
    below = np.flatnonzero(survival <= 0.5)
    if len(below) == 0:
        return float("nan")
    k = below[0]
    t_before, s_before = (times[k - 1], survival[k - 1]) if k > 0 else (0.0, 1.0)
    return float(t_before + (s_before - 0.5) / (s_before - survival[k]) * (times[k] - t_before))


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

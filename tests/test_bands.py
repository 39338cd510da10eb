"""The three states of a target (inside, outside, not yet resolved) on constructed intervals."""

import math

import pandas as pd
import pytest
from scipy import stats

from sim.cli import EXIT_UNRESOLVED, validation_status
from sim.experiment.bands import (
    INSIDE,
    OUTSIDE,
    UNDEFINED,
    UNRESOLVED,
    band_state,
    replicates_to_resolve,
)
from sim.report.text.validation import state_label, summary_sentences

NAN = math.nan


@pytest.mark.parametrize(
    "mean, low, high, state",
    [
        (0.5, 0.45, 0.55, INSIDE),  # the whole interval inside [0.4, 0.6]
        (0.4, 0.4, 0.6, INSIDE),  # touching the edges is inside
        (0.9, 0.8, 1.0, OUTSIDE),  # the whole interval above
        (0.1, 0.0, 0.2, OUTSIDE),  # the whole interval below
        (0.5, 0.3, 0.7, UNRESOLVED),  # mean inside, interval wider than the band
        (0.58, 0.5, 0.66, UNRESOLVED),  # mean inside, interval crosses the upper edge
        (0.65, 0.55, 0.75, UNRESOLVED),  # mean outside, interval reaches into the band
        (0.5, NAN, NAN, UNRESOLVED),  # one replicate: no interval yet
        (NAN, NAN, NAN, UNDEFINED),
    ],
)
def test_band_state(mean, low, high, state):
    assert band_state(mean, low, high, 0.4, 0.6) == state


def _half_width(sd: float, m: int) -> float:
    return stats.t.ppf(0.975, m - 1) * sd / math.sqrt(m)


@pytest.mark.parametrize(
    "mean, sd, n",
    [
        (0.94, 2.0, 5),  # the T9b: 0.94 [-1.28, 3.16] against [0.8, 4.0]
        (0.58, 0.05, 10),  # inside, near the upper edge
        (0.63, 0.2, 4),  # outside, the interval reaching into the band
    ],
)
def test_replicates_to_resolve_is_the_first_count_that_clears_the_edge(mean, sd, n):
    low, high = (0.8, 4.0) if mean == 0.94 else (0.4, 0.6)
    distance = min(abs(mean - low), abs(mean - high))
    assert _half_width(sd, n) >= distance  # unresolved now
    m = replicates_to_resolve(mean, sd, n, low, high)
    assert m > n
    assert _half_width(sd, m) < distance <= _half_width(sd, m - 1)


def test_replicates_to_resolve_when_it_cannot_be_said():
    assert replicates_to_resolve(0.5, 0.1, 1, 0.4, 0.6) is None  # no spread yet
    assert replicates_to_resolve(0.6, 0.1, 5, 0.4, 0.6) is None  # mean on the edge
    assert replicates_to_resolve(0.5999999, 1.0, 5, 0.4, 0.6) is None  # past the cap
    assert replicates_to_resolve(0.5, 0.0, 5, 0.4, 0.6) == 5


def test_states_are_said_with_the_replicates_that_would_resolve_them():
    table = pd.DataFrame(
        {
            "target": ["A", "B", "C", "D"],
            "value": [0.5, 0.9, 0.58, 0.65],
            "low": [0.4] * 4,
            "high": [0.6] * 4,
            "state": [INSIDE, OUTSIDE, UNRESOLVED, UNRESOLVED],
            "reps_to_resolve": pd.array([None, None, 42, None], dtype="Int64"),
        }
    )
    labels = [state_label(row) for _, row in table.iterrows()]
    assert labels == ["inside", "OUTSIDE", "not resolved: ~42 reps", "not resolved"]
    text = " ".join(summary_sentences(table, reps=10))
    assert text.startswith(
        "1 of 4 targets inside their band, 1 outside, 2 not yet resolved at 10 replicates."
    )
    assert (
        "C: the mean is inside the band but the 95% interval crosses its edge; about 42 "
        "replicates would resolve it"
    ) in text
    assert "D: the mean is outside the band" in text


@pytest.mark.parametrize(
    "states, status",
    [
        ([INSIDE, INSIDE], 0),
        ([INSIDE, OUTSIDE, UNRESOLVED], 1),
        ([INSIDE, UNDEFINED], 1),
        ([INSIDE, UNRESOLVED], EXIT_UNRESOLVED),
    ],
)
def test_exit_status_follows_the_states(states, status):
    assert validation_status(states) == status

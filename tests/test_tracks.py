"""Tracks differ by mechanism: promotion criteria, and attrition by track.

Promotion criteria weigh a clinician-educator's record less; attrition by track is a parameter
(no difference by default).

Paired on common random numbers: the same people on the same seeds, one setting changed.
"""

import numpy as np

from sim.model import MentorshipModel
from sim.state import ASSISTANT, ATTRITION, EDUCATOR, MOVED, SCIENTIST

SEEDS = (51, 52, 53)
SMALL = {"institution__initial_size": 800}


def _promoted_share(model, track) -> float:
    p = model.people
    cohort = np.flatnonzero(
        (p.faculty_stage == ASSISTANT)
        & (p.track == track)
        & (p.faculty_year > model.design.warmup_years)
        & (p.faculty_year <= model.year - 10)
    )
    promoted = (p.associate_year[cohort] >= 0) & (
        p.associate_year[cohort] - p.faculty_year[cohort] < 10
    )
    return float(promoted.mean())


def _run(seed, **overrides):
    model = MentorshipModel(
        scenario="scenarios/baseline.toml", rng=seed, years=25, **SMALL, **overrides
    )
    model.run()
    return model


def test_a_lower_weight_on_educators_records_slows_their_promotion_only():
    for seed in SEEDS:
        equal = _run(seed, career__educator_record_weight=1.0)
        lower = _run(seed, career__educator_record_weight=0.7)
        assert _promoted_share(lower, EDUCATOR) < _promoted_share(equal, EDUCATOR)
    # The other tracks' records count in full either way: their promotion barely moves.
    assert abs(_promoted_share(lower, SCIENTIST) - _promoted_share(equal, SCIENTIST)) < 0.05


def test_educators_leave_more_when_their_attrition_ratio_is_above_one():
    for seed in SEEDS:
        counts = []
        for ratio in (1.0, 1.5):
            p = _run(seed, career__attrition_ratio_educator=ratio).people
            educators = p.track == EDUCATOR
            left = np.isin(p.exit_reason, (ATTRITION, MOVED))
            counts.append(int((educators & left).sum()))
        assert counts[1] > counts[0], counts

"""The year-0 institution starts in a steady state: no dip in the mentored share after warm-up.

The year-0 juniors find their informal mentors before the first year, and those relationships
are back-dated to ages spread over a relationship's natural length. Without that, every
relationship began in the first years and ended together about six years later, and the
mentored share fell from about 0.70 to 0.57 just after the warm-up in every design.
"""

import numpy as np

from sim.model import MentorshipModel

SEEDS = range(41, 47)


def _shares(**overrides) -> np.ndarray:
    series = []
    for seed in SEEDS:
        model = MentorshipModel(scenario="scenarios/baseline.toml", rng=seed, years=14, **overrides)
        model.run()
        series.append(model.yearly()["mentored_share"].to_numpy())
    return np.mean(series, axis=0)


def test_the_mentored_share_at_the_end_of_the_warm_up_is_its_level_after_it():
    model = MentorshipModel(scenario="scenarios/baseline.toml", rng=41, years=1)
    warm = model.design.warmup_years
    share = _shares()
    after = share[warm + 1 : warm + 9]
    # A dip shows as the warm-up's last year standing above the years that follow
    # (0.70 against 0.57 before the initial state was made steady).
    assert abs(share[warm] - after.mean()) < 0.04, share.round(3)
    assert after.max() - after.min() < 0.06, share.round(3)


def test_year_0_juniors_start_with_relationships_of_every_age():
    model = MentorshipModel(scenario="scenarios/baseline.toml", rng=41, years=1)
    r = model.relationships
    live = model.mentoring.active_rows()
    assert len(live) > 0
    ages = -r.start_year[live]
    span = model.design.program.max_relationship_years
    assert ages.min() == 0 and ages.max() == span - 1
    # Spread evenly: no age holds more than twice its even share.
    counts = np.bincount(ages, minlength=span)
    assert counts.max() < 2 * len(live) / span
